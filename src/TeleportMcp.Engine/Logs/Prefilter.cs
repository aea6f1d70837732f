using System;
using System.Collections.Generic;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>
    /// One pass over a line for all literal fragments at once (Wu-Manber): a window as long as the shortest fragment
    /// slides over the line; a table indexed by the window's last two characters says how far it can jump without
    /// skipping a possible match. Only where the jump is zero are the fragments with that character pair compared
    /// (ordinal). On log text the window moves several characters per step, so a line costs a fraction of one
    /// IndexOf per fragment.
    /// </summary>
    internal sealed class Prefilter
    {
        private const int TableSize = 1 << 16;
        private readonly byte[] _shift = new byte[TableSize];
        private readonly Candidate[][] _candidates = new Candidate[TableSize][];
        private readonly int _m;

        private struct Candidate
        {
            public string Fragment;
            public int Index;
        }

        /// <param name="fragments">Literal fragments (at least 2 characters); the index in this list is reported on a hit.</param>
        public Prefilter(IReadOnlyList<string> fragments)
        {
            _m = int.MaxValue;
            foreach (var f in fragments)
            {
                if (f == null || f.Length < 2) throw new ArgumentException("A prefilter fragment needs at least 2 characters.");
                _m = Math.Min(_m, f.Length);
            }
            if (_m == int.MaxValue) _m = 2;
            _m = Math.Min(_m, 255);
            byte max = (byte)(_m - 1);
            for (int i = 0; i < TableSize; i++) _shift[i] = max;
            var lists = new Dictionary<int, List<Candidate>>();
            for (int i = 0; i < fragments.Count; i++)
            {
                string f = fragments[i];
                // Pairs of the first m characters: a pair ending at j may end the window m-1-j characters later.
                for (int j = 1; j < _m; j++)
                {
                    int h = Hash(f[j - 1], f[j]);
                    int s = _m - 1 - j;
                    if (s < _shift[h]) _shift[h] = (byte)s;
                }
                int last = Hash(f[_m - 2], f[_m - 1]);
                if (!lists.TryGetValue(last, out var l)) lists[last] = l = new List<Candidate>();
                l.Add(new Candidate { Fragment = f, Index = i });
            }
            foreach (var kv in lists) _candidates[kv.Key] = kv.Value.ToArray();
        }

        private static int Hash(char a, char b) => (a & 0xFF) | ((b & 0xFF) << 8);

        /// <summary>Calls <paramref name="onHit"/> with the index of every fragment found in buf[start, start+length).</summary>
        public void Scan(char[] buf, int start, int length, Action<int> onHit)
        {
            int m = _m;
            if (length < m) return;
            int end = start + length;
            var shift = _shift;
            // pos: index of the window's last character
            int pos = start + m - 1;
            while (pos < end)
            {
                int h = (buf[pos - 1] & 0xFF) | ((buf[pos] & 0xFF) << 8);
                int s = shift[h];
                if (s != 0)
                {
                    pos += s;
                    continue;
                }
                int from = pos - m + 1;
                var candidates = _candidates[h];
                if (candidates != null)
                {
                    for (int c = 0; c < candidates.Length; c++)
                    {
                        string f = candidates[c].Fragment;
                        if (from + f.Length > end) continue;
                        int j = 0;
                        while (j < f.Length && buf[from + j] == f[j]) j++;
                        if (j == f.Length) onHit(candidates[c].Index);
                    }
                }
                pos++;
            }
        }
    }
}
