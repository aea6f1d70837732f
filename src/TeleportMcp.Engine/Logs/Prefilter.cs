using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>
    /// One pass over a line for all literal fragments at once. Each fragment is anchored on its rarest pair of
    /// adjacent characters; a 64K-bit table of anchor pairs says where a fragment can start, and only there are the
    /// fragments compared (ordinal). On typical log text this costs about one table lookup per character, instead of
    /// one IndexOf per fragment per line.
    /// </summary>
    internal sealed class Prefilter
    {
        private readonly ulong[] _bits = new ulong[1024];
        private readonly Anchor[][] _anchors = new Anchor[65536][];
        private readonly int _count;
        private readonly int _minLength;

        private struct Anchor
        {
            public string Fragment;
            public int Offset;
            public int Index;
        }

        /// <param name="fragments">Literal fragments (at least 2 characters); the index in this list is reported on a hit.</param>
        public Prefilter(IReadOnlyList<string> fragments)
        {
            var lists = new Dictionary<int, List<Anchor>>();
            _minLength = int.MaxValue;
            for (int i = 0; i < fragments.Count; i++)
            {
                string f = fragments[i];
                if (f == null || f.Length < 2) throw new ArgumentException("A prefilter fragment needs at least 2 characters.");
                _minLength = Math.Min(_minLength, f.Length);
                int best = 0, bestScore = int.MaxValue;
                for (int k = 0; k + 1 < f.Length; k++)
                {
                    int score = Commonness(f[k]) + Commonness(f[k + 1]);
                    if (score < bestScore) { bestScore = score; best = k; }
                }
                int h = Hash(f[best], f[best + 1]);
                _bits[h >> 6] |= 1UL << (h & 63);
                if (!lists.TryGetValue(h, out var l)) lists[h] = l = new List<Anchor>();
                l.Add(new Anchor { Fragment = f, Offset = best, Index = i });
            }
            foreach (var kv in lists) _anchors[kv.Key] = kv.Value.ToArray();
            _count = lists.Count;
            if (_minLength == int.MaxValue) _minLength = 2;
        }

        public bool IsEmpty => _count == 0;

        private static int Hash(char a, char b) => (a & 0xFF) | ((b & 0xFF) << 8);

        // Rough frequency of a character in log text; the anchor pair is the one with the lowest sum.
        private static int Commonness(char c)
        {
            if (c == ' ') return 100;
            if (c >= 'a' && c <= 'z') return "etaoinsrhldcumfpgwybvkxjqz".IndexOf(c) < 10 ? 60 : 35;
            if (c >= '0' && c <= '9') return 40;
            if (c >= 'A' && c <= 'Z') return 15;
            if (c == '.' || c == ':' || c == '/' || c == '-' || c == '_' || c == '"' || c == '=' || c == ',') return 50;
            return 10;
        }

        /// <summary>Calls <paramref name="onHit"/> with the index of every fragment found in buf[start, start+length).</summary>
        [MethodImpl(Hot.Optimize)]
        public void Scan(char[] buf, int start, int length, Action<int> onHit)
        {
            if (length < _minLength) return;
            int end = start + length - 1;
            var bits = _bits;
            for (int i = start; i < end; i++)
            {
                int h = (buf[i] & 0xFF) | ((buf[i + 1] & 0xFF) << 8);
                if ((bits[h >> 6] & (1UL << (h & 63))) == 0) continue;
                var candidates = _anchors[h];
                for (int c = 0; c < candidates.Length; c++)
                {
                    var a = candidates[c];
                    int s = i - a.Offset;
                    string f = a.Fragment;
                    if (s < start || s + f.Length > start + length) continue;
                    int j = 0;
                    while (j < f.Length && buf[s + j] == f[j]) j++;
                    if (j == f.Length) onHit(a.Index);
                }
            }
        }
    }
}
