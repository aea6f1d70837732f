using System;
using System.Linq;
using System.Reflection;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>
    /// The one ordinal literal search of the log and audit readers, over raw UTF-8 bytes or decoded characters.
    /// Bytes: on .NET (PowerShell 7) the runtime's own span search, MemoryExtensions.IndexOf, which tests the
    /// literal's first and last byte in the same vector step. The engine targets netstandard2.0 without System.Memory
    /// (so Windows PowerShell 5.1 needs no extra assemblies), so the call is bound once at run time.
    /// Elsewhere, and for characters: the literal's rarest element in log text (a fixed frequency ranking, not the
    /// input) is found with the vectorised Array.IndexOf, then the literal is compared around it.
    /// </summary>
    public sealed class LiteralSearch
    {
        // Most frequent first: JSON punctuation, then English letter order, digits; anything absent counts as rarest.
        private const string Frequency = "\" e:,tasoinr_lcdm.hu0p1f2-g3w4y5b6v7k8x9jqz/{}[]";

        /// <summary>MethodImplOptions.AggressiveOptimization (.NET Core 3.0+; ignored elsewhere): hot loops start fully optimised, not as tier-0 code.</summary>
        internal const MethodImplOptions Hot = (MethodImplOptions)512;

        private readonly byte[]? _bytes;
        private readonly char[] _chars;
        private readonly int _anchor;

        public LiteralSearch(string literal)
        {
            if (string.IsNullOrEmpty(literal)) throw new ArgumentException("An empty literal matches everywhere.", nameof(literal));
            Literal = literal;
            _chars = literal.ToCharArray();
            _bytes = new byte[literal.Length];
            bool ascii = true;
            for (int i = 0; i < literal.Length; i++)
            {
                if (literal[i] > 0x7f) ascii = false;
                _bytes[i] = (byte)literal[i];
            }
            if (!ascii) _bytes = null;
            int best = 0, bestRank = int.MaxValue;
            for (int i = 0; i < literal.Length; i++)
            {
                int rank = Frequency.IndexOf(char.ToLowerInvariant(literal[i]));
                rank = rank < 0 ? -1 : Frequency.Length - rank;   // rarer is smaller
                if (rank < bestRank)
                {
                    bestRank = rank;
                    best = i;
                }
            }
            _anchor = best;
        }

        public string Literal { get; }

        public int Length => _chars.Length;

        /// <summary>The literal as bytes (ASCII only; null otherwise).</summary>
        public bool IsAscii => _bytes != null;

        /// <summary>Index of the first occurrence in buf[start, start+length), or -1.</summary>
        [MethodImpl(Hot)]
        public int IndexOf(byte[] buf, int start, int length)
        {
            var lit = _bytes ?? throw new InvalidOperationException("The literal '" + Literal + "' is not ASCII; search decoded text.");
            if (length < lit.Length) return -1;
            var span = s_spanIndexOf;
            if (span != null)
            {
                int at = span(buf, start, length, lit);
                return at < 0 ? -1 : start + at;
            }
            return AnchoredIndexOf(buf, start, length, lit);
        }

        // One search for bytes and characters: for value types the JIT compiles each instantiation on its own, so the
        // element comparison is as direct as a hand-written byte or char loop.
        [MethodImpl(Hot)]
        private int AnchoredIndexOf<T>(T[] buf, int start, int length, T[] lit) where T : struct, IEquatable<T>
        {
            int m = lit.Length, a = _anchor;
            int stop = start + length - m;          // last possible start of a match
            if (stop < start) return -1;
            T head = lit[a];
            int pos = start + a;
            int last = stop + a;                    // last possible anchor position
            while (pos <= last)
            {
                int i = Array.IndexOf(buf, head, pos, last - pos + 1);
                if (i < 0) return -1;
                int from = i - a, k = 0;
                while (k < m && buf[from + k].Equals(lit[k])) k++;
                if (k == m) return from;
                pos = i + 1;
            }
            return -1;
        }

        /// <summary>Index of the first occurrence in buf[start, start+length), or -1.</summary>
        [MethodImpl(Hot)]
        public int IndexOf(char[] buf, int start, int length) => AnchoredIndexOf(buf, start, length, _chars);

        public bool Contains(char[] buf, int start, int length) => IndexOf(buf, start, length) >= 0;

        /// <summary>For tests: the portable search, whatever the runtime offers.</summary>
        internal int PortableIndexOf(byte[] buf, int start, int length) => AnchoredIndexOf(buf, start, length, _bytes!); // tests call it with ASCII literals, which have their bytes

        /// <summary>Whether the runtime's span search is in use.</summary>
        internal static bool UsesRuntimeSpanSearch => s_spanIndexOf != null;

        private delegate int SpanIndexOf(byte[] buf, int start, int length, byte[] literal);

        private static readonly SpanIndexOf? s_spanIndexOf = BindSpanIndexOf();

        /// <summary>
        /// (buf, start, length, literal) => new ReadOnlySpan&lt;byte&gt;(buf, start, length).IndexOf(new ReadOnlySpan&lt;byte&gt;(literal)),
        /// compiled from an expression because netstandard2.0 has no span types to write it in C#; null where the runtime lacks them.
        /// </summary>
        private static SpanIndexOf? BindSpanIndexOf()
        {
            try
            {
                var core = typeof(object).Assembly;
                var rosOpen = core.GetType("System.ReadOnlySpan`1");
                var extensions = core.GetType("System.MemoryExtensions");
                if (rosOpen == null || extensions == null) return null;
                var ros = rosOpen.MakeGenericType(typeof(byte));
                var slice = ros.GetConstructor(new[] { typeof(byte[]), typeof(int), typeof(int) });
                var whole = ros.GetConstructor(new[] { typeof(byte[]) });
                var indexOf = extensions.GetMethods(BindingFlags.Public | BindingFlags.Static)
                    .Where(m => m.Name == "IndexOf" && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == 1)
                    .Select(m => m.MakeGenericMethod(typeof(byte)))
                    .FirstOrDefault(m =>
                    {
                        var p = m.GetParameters();
                        return p.Length == 2 && p[0].ParameterType == ros && p[1].ParameterType == ros;
                    });
                if (slice == null || whole == null || indexOf == null) return null;
                var buffer = Expression.Parameter(typeof(byte[]), "buf");
                var from = Expression.Parameter(typeof(int), "start");
                var count = Expression.Parameter(typeof(int), "length");
                var literal = Expression.Parameter(typeof(byte[]), "literal");
                var call = Expression.Call(indexOf, Expression.New(slice, buffer, from, count), Expression.New(whole, literal));
                var bound = Expression.Lambda<SpanIndexOf>(call, buffer, from, count, literal).Compile();
                // Proven once on a known answer before it is trusted.
                var probe = new byte[] { 1, 2, 3, 1, 2, 4, 1, 2, 4 };
                return bound(probe, 1, 8, new byte[] { 1, 2, 4 }) == 2 && bound(probe, 0, 5, new byte[] { 2, 4 }) == -1 ? bound : null;
            }
            catch (Exception)
            {
                return null;
            }
        }

        public bool Contains(byte[] buf, int start, int length) => IndexOf(buf, start, length) >= 0;
    }
    /// <summary>
    /// Any of a few ASCII literals (a sink that wants lines of more than one kind). One literal is the plain
    /// <see cref="LiteralSearch"/>. With more, bytes are searched a window at a time, each literal in turn over the same
    /// window while it is in the processor's cache, so a stretch holding none costs one vectorised pass per literal
    /// over cached data, not a pass over the whole buffer per literal.
    /// </summary>
    public sealed class LiteralSet
    {
        private const int Window = 32 * 1024;
        private readonly LiteralSearch[] _all;
        private readonly LiteralSearch? _single;
        private readonly int _longest;

        public LiteralSet(params string[] literals)
        {
            if (literals == null || literals.Length == 0) throw new ArgumentException("No literal.", nameof(literals));
            _all = new LiteralSearch[literals.Length];
            for (int i = 0; i < literals.Length; i++)
            {
                _all[i] = new LiteralSearch(literals[i]);
                _longest = Math.Max(_longest, literals[i].Length);
            }
            if (_all.Length == 1) _single = _all[0];
        }

        public int Count => _all.Length;

        public string this[int index] => _all[index].Literal;

        /// <summary>Index of the first occurrence of any literal in buf[start, start+length), or -1.</summary>
        [MethodImpl(LiteralSearch.Hot)]
        public int IndexOf(byte[] buf, int start, int length)
        {
            if (_single != null) return _single.IndexOf(buf, start, length);
            int end = start + length;
            for (int w = start; w < end; w += Window)
            {
                // A match that starts in this window may end up to longest-1 bytes past it.
                int stop = (int)Math.Min(end, (long)w + Window + _longest - 1);
                int best = -1;
                foreach (var lit in _all)
                {
                    int limit = best < 0 ? stop : Math.Min(stop, best + lit.Length - 1);
                    int at = lit.IndexOf(buf, w, limit - w);
                    if (at >= 0 && (best < 0 || at < best)) best = at;
                }
                // A match starting past the window was found only because the window's tail is searched too; a literal
                // that starts earlier there but ends past `stop` was not looked for, so the next window decides.
                if (best >= 0 && best < w + Window) return best;
            }
            return -1;
        }

        /// <summary>Index of the first occurrence of any literal in buf[start, start+length), or -1.</summary>
        public int IndexOf(char[] buf, int start, int length)
        {
            int best = -1;
            foreach (var lit in _all)
            {
                int at = lit.IndexOf(buf, start, best < 0 ? length : Math.Min(length, best - start + lit.Length - 1));
                if (at >= 0 && (best < 0 || at < best)) best = at;
            }
            return best;
        }

        public bool Contains(byte[] buf, int start, int length) => IndexOf(buf, start, length) >= 0;

        public bool Contains(char[] buf, int start, int length)
        {
            foreach (var lit in _all) if (lit.Contains(buf, start, length)) return true;
            return false;
        }

        public bool Contains(string text)
        {
            foreach (var lit in _all) if (text.IndexOf(lit.Literal, StringComparison.Ordinal) >= 0) return true;
            return false;
        }
    }
}
