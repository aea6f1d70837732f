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

        /// <summary>The offset after the first of the literal's rarest element in log text (the last of equals).</summary>
        internal static int RarestAfterFirst(string literal)
        {
            int best = literal.Length > 1 ? 1 : 0, bestRank = int.MaxValue;
            for (int i = 1; i < literal.Length; i++)
            {
                int rank = Frequency.IndexOf(char.ToLowerInvariant(literal[i]));
                rank = rank < 0 ? -1 : Frequency.Length - rank;
                if (rank <= bestRank)
                {
                    bestRank = rank;
                    best = i;
                }
            }
            return best;
        }

        /// <summary>Whether the literal occurs at buf[at] and ends before end (ASCII literals only).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal bool IsAt(byte[] buf, int at, int end)
        {
            var lit = _bytes!;
            if (at + lit.Length > end || buf[at] != lit[0]) return false;
            for (int k = 1; k < lit.Length; k++) if (buf[at + k] != lit[k]) return false;
            return true;
        }

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
        private readonly byte[] _firsts;
        private readonly byte[] _seconds;
        private readonly int[] _offsets;

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
            _firsts = _all.Select(l => (byte)l.Literal[0]).ToArray();
            _offsets = _all.Select(l => LiteralSearch.RarestAfterFirst(l.Literal)).ToArray();
            _seconds = _all.Select((l, i) => (byte)l.Literal[_offsets[i]]).ToArray();
        }

        public int Count => _all.Length;

        public string this[int index] => _all[index].Literal;

        /// <summary>Index of the first occurrence of any literal in buf[start, start+length), or -1.</summary>
        [MethodImpl(LiteralSearch.Hot)]
        public int IndexOf(byte[] buf, int start, int length)
        {
            if (_single != null) return _single.IndexOf(buf, start, length);
            var block = s_pairBlock;
            return block != null && _all.Length == 2 && _all[0].IsAscii && _all[1].IsAscii ? PairIndexOf(block, buf, start, length) : WindowIndexOf(buf, start, length);
        }

        // Two literals in one pass: each vector step tests every position for (first byte, rarest other byte) of
        // either literal, so a stretch holding neither costs one pass, not two. Candidates are verified in position order,
        // which is the order of the matches' starts; the last few bytes, too short for a step, take the window search.
        [MethodImpl(LiteralSearch.Hot)]
        private int PairIndexOf(PairBlock block, byte[] buf, int start, int length)
        {
            LiteralSearch a = _all[0], b = _all[1];
            int end = start + length;
            int pos = start;
            int lastBlock = end - s_blockWidth - (_longest - 1);   // every load of a step stays below end
            while (pos <= lastBlock)
            {
                long found = block(buf, pos, lastBlock, _seconds[0], _offsets[0], _firsts[1], _seconds[1], _offsets[1], _firsts[0]);
                if (found < 0)
                {
                    pos += (lastBlock - pos) / s_blockWidth * s_blockWidth + s_blockWidth;
                    break;
                }
                int at = (int)(found >> 32);
                for (uint lanes = (uint)found; lanes != 0; lanes &= lanes - 1)
                {
                    int p = at;
                    uint rest = lanes & (~lanes + 1);
                    while ((rest >>= 1) != 0) p++;
                    if (a.IsAt(buf, p, end) || b.IsAt(buf, p, end)) return p;
                }
                pos = at + s_blockWidth;
            }
            return pos < end ? WindowIndexOf(buf, pos, end - pos) : -1;
        }

        /// <summary>The portable search: each literal in turn over the same cached window.</summary>
        [MethodImpl(LiteralSearch.Hot)]
        internal int WindowIndexOf(byte[] buf, int start, int length)
        {
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

        /// <summary>Whether two literals are searched in one vector pass (false: the window search).</summary>
        internal static bool UsesPairSearch => s_pairBlock != null;

        /// <summary>(buf, from, lastBlock, second1, distance1, first2, second2, distance2, first1) => for the first step start i in [from, lastBlock], from + k*width, where some position holds a candidate, (i &lt;&lt; 32) | its lanes; -1 if none.</summary>
        private delegate long PairBlock(byte[] buf, int from, int lastBlock, byte second1, int distance1, byte first2, byte second2, int distance2, byte first1);

        private static int s_blockWidth;

        private static readonly PairBlock? s_pairBlock = BindPairBlock("System.Runtime.Intrinsics.Vector256", 32) ?? BindPairBlock("System.Runtime.Intrinsics.Vector128", 16);

        /// <summary>
        /// The vector step, compiled from an expression because netstandard2.0 has no Vector256 to write it in C#
        /// (the JIT treats the calls as intrinsics in the compiled method too); null where the runtime lacks them or
        /// the hardware does not accelerate them.
        /// </summary>
        private static PairBlock? BindPairBlock(string vectorClass, int width)
        {
            try
            {
                var core = typeof(object).Assembly;
                var vs = core.GetType(vectorClass);
                var vOpen = core.GetType(vectorClass + "`1");
                if (vs == null || vOpen == null) return null;
                if (!(vs.GetProperty("IsHardwareAccelerated", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is bool fast) || !fast) return null;
                var v = vOpen.MakeGenericType(typeof(byte));
                var methods = vs.GetMethods(BindingFlags.Public | BindingFlags.Static);
                MethodInfo? Generic(string name, params Type[] args) => methods
                    .Where(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == 1)
                    .Select(m => m.MakeGenericMethod(typeof(byte)))
                    .FirstOrDefault(m => m.GetParameters().Select(p => p.ParameterType).SequenceEqual(args));
                var load = Generic("Create", typeof(byte[]), typeof(int));
                var eq = Generic("Equals", v, v);
                var and = Generic("BitwiseAnd", v, v);
                var or = Generic("BitwiseOr", v, v);
                var bits = Generic("ExtractMostSignificantBits", v);
                var splat = methods.FirstOrDefault(m => m.Name == "Create" && !m.IsGenericMethodDefinition
                    && m.GetParameters().Length == 1 && m.GetParameters()[0].ParameterType == typeof(byte));
                if (load == null || eq == null || and == null || or == null || bits == null || splat == null || bits.ReturnType != typeof(uint)) return null;

                var buf = Expression.Parameter(typeof(byte[]), "buf");
                var from = Expression.Parameter(typeof(int), "from");
                var lastBlock = Expression.Parameter(typeof(int), "lastBlock");
                var f1 = Expression.Parameter(typeof(byte), "first1");
                var l1 = Expression.Parameter(typeof(byte), "second1");
                var d1 = Expression.Parameter(typeof(int), "distance1");
                var f2 = Expression.Parameter(typeof(byte), "first2");
                var l2 = Expression.Parameter(typeof(byte), "second2");
                var d2 = Expression.Parameter(typeof(int), "distance2");
                var lanes = Expression.Variable(typeof(uint), "lanes");
                var i = Expression.Variable(typeof(int), "i");
                var vf1 = Expression.Variable(v, "vf1");
                var vl1 = Expression.Variable(v, "vl1");
                var vf2 = Expression.Variable(v, "vf2");
                var vl2 = Expression.Variable(v, "vl2");
                var head = Expression.Variable(v, "head");
                var done = Expression.Label(typeof(long), "done");
                Expression Load(Expression offset) => Expression.Call(load, buf, offset);
                var hit = Expression.Call(or,
                    Expression.Call(and, Expression.Call(eq, head, vf1), Expression.Call(eq, Load(Expression.Add(i, d1)), vl1)),
                    Expression.Call(and, Expression.Call(eq, head, vf2), Expression.Call(eq, Load(Expression.Add(i, d2)), vl2)));
                var body = Expression.Block(
                    new[] { i, vf1, vl1, vf2, vl2, head, lanes },
                    Expression.Assign(vf1, Expression.Call(splat, f1)),
                    Expression.Assign(vl1, Expression.Call(splat, l1)),
                    Expression.Assign(vf2, Expression.Call(splat, f2)),
                    Expression.Assign(vl2, Expression.Call(splat, l2)),
                    Expression.Assign(i, from),
                    Expression.Loop(
                        Expression.Block(
                            Expression.IfThen(Expression.GreaterThan(i, lastBlock), Expression.Return(done, Expression.Constant(-1L))),
                            Expression.Assign(head, Load(i)),
                            Expression.Assign(lanes, Expression.Call(bits, hit)),
                            Expression.IfThen(Expression.NotEqual(lanes, Expression.Constant(0u)),
                                Expression.Return(done, Expression.Or(Expression.LeftShift(Expression.Convert(i, typeof(long)), Expression.Constant(32)), Expression.Convert(lanes, typeof(long))))),
                            Expression.AddAssign(i, Expression.Constant(width)))),
                    Expression.Label(done, Expression.Constant(-1L)));
                var bound = Expression.Lambda<PairBlock>(body, buf, from, lastBlock, l1, d1, f2, l2, d2, f1).Compile();
                // Proven once on known answers before it is trusted.
                var probe = new byte[3 * width + 8];
                probe[width + 5] = 7;
                probe[width + 7] = 9;
                probe[2 * width + 1] = 3;
                probe[2 * width + 4] = 4;
                s_blockWidth = width;
                return bound(probe, 0, 2 * width, 9, 2, 3, 4, 3, 7) == ((long)width << 32 | 1L << 5)
                    && bound(probe, width, 2 * width, 4, 3, 3, 4, 3, 3) == ((long)(2 * width) << 32 | 1L << 1)
                    && bound(probe, 0, 2 * width, 9, 3, 3, 4, 4, 7) == -1 ? bound : null;
            }
            catch (Exception)
            {
                return null;
            }
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
