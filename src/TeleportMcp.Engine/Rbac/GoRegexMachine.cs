using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TeleportMcp.Engine.Rbac
{
    /// <summary>The parsed form of an RE2 expression, built by <see cref="GoRegexTranslator"/>.</summary>
    internal abstract class RNode { }

    internal enum AssertKind : byte { BeginText = 1, EndText = 2, BeginLine = 4, EndLine = 8, WordBoundary = 16, NoWordBoundary = 32 }

    /// <summary>A set of code points: sorted ranges plus Unicode general categories, possibly negated.</summary>
    internal sealed class RSet : RNode
    {
        public static readonly RSet None = new RSet(Array.Empty<int>(), null, false);

        public RSet(int[] ranges, List<KeyValuePair<string, bool>>? categories, bool negated)
        {
            Ranges = ranges;
            Categories = categories;
            Negated = negated;
        }

        public int[] Ranges { get; }
        public List<KeyValuePair<string, bool>>? Categories { get; }
        public bool Negated { get; }

        public static RSet Single(int cp) => new RSet(new[] { cp, cp }, null, false);

        public bool Matches(int cp)
        {
            bool hit = InRanges(cp);
            if (!hit && Categories != null)
                foreach (var c in Categories)
                    if (InCategory(c.Key, cp) != c.Value) { hit = true; break; }
            return hit != Negated;
        }

        private bool InRanges(int cp)
        {
            int lo = 0, hi = Ranges.Length / 2 - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (cp < Ranges[2 * mid]) hi = mid - 1;
                else if (cp > Ranges[2 * mid + 1]) lo = mid + 1;
                else return true;
            }
            return false;
        }

        // Go's unicode tables by category name; "C" is Cc|Cf|Co|Cs in Go (unassigned code points are not in it).
        private static bool InCategory(string name, int cp)
        {
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return name == "C" || name == "Cs";
            var cat = cp <= 0xFFFF ? CharUnicodeInfo.GetUnicodeCategory((char)cp) : CharUnicodeInfo.GetUnicodeCategory(char.ConvertFromUtf32(cp), 0);
            string code = Code(cat);
            if (name.Length == 1) return code[0] == name[0] && code != "Cn";
            return code == name;
        }

        private static string Code(UnicodeCategory c)
        {
            switch (c)
            {
                case UnicodeCategory.UppercaseLetter: return "Lu";
                case UnicodeCategory.LowercaseLetter: return "Ll";
                case UnicodeCategory.TitlecaseLetter: return "Lt";
                case UnicodeCategory.ModifierLetter: return "Lm";
                case UnicodeCategory.OtherLetter: return "Lo";
                case UnicodeCategory.NonSpacingMark: return "Mn";
                case UnicodeCategory.SpacingCombiningMark: return "Mc";
                case UnicodeCategory.EnclosingMark: return "Me";
                case UnicodeCategory.DecimalDigitNumber: return "Nd";
                case UnicodeCategory.LetterNumber: return "Nl";
                case UnicodeCategory.OtherNumber: return "No";
                case UnicodeCategory.SpaceSeparator: return "Zs";
                case UnicodeCategory.LineSeparator: return "Zl";
                case UnicodeCategory.ParagraphSeparator: return "Zp";
                case UnicodeCategory.Control: return "Cc";
                case UnicodeCategory.Format: return "Cf";
                case UnicodeCategory.Surrogate: return "Cs";
                case UnicodeCategory.PrivateUse: return "Co";
                case UnicodeCategory.ConnectorPunctuation: return "Pc";
                case UnicodeCategory.DashPunctuation: return "Pd";
                case UnicodeCategory.OpenPunctuation: return "Ps";
                case UnicodeCategory.ClosePunctuation: return "Pe";
                case UnicodeCategory.InitialQuotePunctuation: return "Pi";
                case UnicodeCategory.FinalQuotePunctuation: return "Pf";
                case UnicodeCategory.OtherPunctuation: return "Po";
                case UnicodeCategory.MathSymbol: return "Sm";
                case UnicodeCategory.CurrencySymbol: return "Sc";
                case UnicodeCategory.ModifierSymbol: return "Sk";
                case UnicodeCategory.OtherSymbol: return "So";
                default: return "Cn";
            }
        }
    }

    internal sealed class RAssert : RNode
    {
        public RAssert(AssertKind kind) { Kind = kind; }
        public AssertKind Kind { get; }
    }

    internal sealed class RConcat : RNode
    {
        public RConcat(List<RNode> items) { Items = items; }
        public List<RNode> Items { get; }
    }

    internal sealed class RAlt : RNode
    {
        public RAlt(List<RNode> items) { Items = items; }
        public List<RNode> Items { get; }
    }

    internal sealed class RRepeat : RNode
    {
        public RRepeat(RNode sub, int min, int max, bool lazy) { Sub = sub; Min = min; Max = max; Lazy = lazy; }
        public RNode Sub { get; }
        public int Min { get; }
        /// <summary>-1: no upper bound.</summary>
        public int Max { get; }
        public bool Lazy { get; }
    }

    internal sealed class RCapture : RNode
    {
        public RCapture(int index, RNode sub) { Index = index; Sub = sub; }
        public int Index { get; }
        public RNode Sub { get; }
    }

    /// <summary>
    /// Runs an RE2 expression in time linear in the input, as Go's regexp does (no backtracking): a Thompson NFA
    /// (regexp/syntax compile.go shapes, including x{n,m} as n copies then nested optionals) executed as a lazily
    /// built DFA for yes/no questions and as a Pike VM where submatches are needed (ReplaceAllString).
    /// </summary>
    internal sealed class GoRegexMachine
    {
        /// <summary>Instructions beyond this are refused (Go refuses programs over its own size limit as well).</summary>
        public const int MaxInstructions = 500000;
        private const int MaxDfaStates = 4000;

        private enum Op : byte { Char, Split, Jmp, Assert, Save, Match }

        private struct Inst
        {
            public Op Op;
            public int X, Y;
            public RSet Set;
            public AssertKind Kind;
        }

        private readonly List<Inst> _build = new List<Inst>();
        private readonly Inst[] _prog;
        private readonly int _captureSlots;
        private readonly int _assertMask;
        private readonly bool _anchoredStart;
        private readonly object _dfaLock = new object();
        private readonly int[] _contextIndex;
        private readonly int _contextCount;

        public GoRegexMachine(RNode root, int captureCount)
        {
            _captureSlots = 2 * (captureCount + 1);
            Emit(new RCapture(0, root));
            Add(new Inst { Op = Op.Match });
            _prog = _build.ToArray();
            _build.Clear();
            _build.TrimExcess();
            foreach (var i in _prog) if (i.Op == Op.Assert) _assertMask |= (int)i.Kind;
            // Contexts that differ only in assertions the program never tests share one DFA column.
            _contextIndex = new int[64];
            var seen = new Dictionary<int, int>();
            for (int f = 0; f < 64; f++)
            {
                int m = f & _assertMask;
                if (!seen.TryGetValue(m, out int idx)) seen[m] = idx = seen.Count;
                _contextIndex[f] = idx;
            }
            _contextCount = seen.Count;
            _anchoredStart = StartsWithBeginText(root);
        }

        private static bool StartsWithBeginText(RNode n)
        {
            while (true)
            {
                switch (n)
                {
                    case RAssert a: return a.Kind == AssertKind.BeginText;
                    case RCapture c: n = c.Sub; continue;
                    case RConcat cc when cc.Items.Count > 0: n = cc.Items[0]; continue;
                    case RAlt alt:
                        foreach (var i in alt.Items) if (!StartsWithBeginText(i)) return false;
                        return alt.Items.Count > 0;
                    default: return false;
                }
            }
        }

        // ---- compile ------------------------------------------------------------------------------------------

        private int Add(Inst i)
        {
            if (_build.Count >= MaxInstructions) throw new GoRegexUnsupported("the expression is too large to evaluate offline (more than " + MaxInstructions + " instructions once repetitions are expanded)");
            _build.Add(i);
            return _build.Count - 1;
        }

        private void Set(int at, int x, int y)
        {
            var i = _build[at];
            i.X = x;
            i.Y = y;
            _build[at] = i;
        }

        private void Emit(RNode n)
        {
            switch (n)
            {
                case RSet s:
                    Add(new Inst { Op = Op.Char, Set = s });
                    break;
                case RAssert a:
                    Add(new Inst { Op = Op.Assert, Kind = a.Kind });
                    break;
                case RConcat c:
                    foreach (var i in c.Items) Emit(i);
                    break;
                case RCapture cap:
                    Add(new Inst { Op = Op.Save, X = 2 * cap.Index });
                    Emit(cap.Sub);
                    Add(new Inst { Op = Op.Save, X = 2 * cap.Index + 1 });
                    break;
                case RAlt alt:
                    {
                        var jumps = new List<int>();
                        for (int k = 0; k < alt.Items.Count - 1; k++)
                        {
                            int sp = Add(new Inst { Op = Op.Split });
                            Emit(alt.Items[k]);
                            jumps.Add(Add(new Inst { Op = Op.Jmp }));
                            Set(sp, sp + 1, _build.Count);
                        }
                        if (alt.Items.Count > 0) Emit(alt.Items[alt.Items.Count - 1]);
                        foreach (var j in jumps) Set(j, _build.Count, 0);
                        break;
                    }
                case RRepeat r:
                    EmitRepeat(r);
                    break;
            }
        }

        private void EmitRepeat(RRepeat r)
        {
            // simplify.go: x{n,} is n-1 copies of x then x+; x{n,m} is n copies then (x(x)?)? nested m-n deep.
            if (r.Max == -1)
            {
                if (r.Min == 0) { Star(r.Sub, r.Lazy); return; }
                for (int k = 0; k < r.Min - 1; k++) Emit(r.Sub);
                int start = _build.Count;
                Emit(r.Sub);
                int sp = Add(new Inst { Op = Op.Split });
                if (r.Lazy) Set(sp, sp + 1, start); else Set(sp, start, sp + 1);
                return;
            }
            for (int k = 0; k < r.Min; k++) Emit(r.Sub);
            var splits = new List<int>();
            for (int k = r.Min; k < r.Max; k++)
            {
                splits.Add(Add(new Inst { Op = Op.Split }));
                Emit(r.Sub);
            }
            int end = _build.Count;
            foreach (var sp in splits)
                if (r.Lazy) Set(sp, end, sp + 1); else Set(sp, sp + 1, end);
        }

        private void Star(RNode sub, bool lazy)
        {
            int sp = Add(new Inst { Op = Op.Split });
            Emit(sub);
            Add(new Inst { Op = Op.Jmp, X = sp });
            int end = _build.Count;
            if (lazy) Set(sp, end, sp + 1); else Set(sp, sp + 1, end);
        }

        // ---- input as code points -------------------------------------------------------------------------------

        /// <summary>Code points of the input (invalid UTF-16 becomes U+FFFD, as Go decodes invalid UTF-8) and where each starts.</summary>
        private static void Decode(string s, out int[] cps, out int[] offsets)
        {
            var c = new List<int>(s.Length);
            var o = new List<int>(s.Length + 1);
            for (int i = 0; i < s.Length;)
            {
                o.Add(i);
                char ch = s[i];
                if (char.IsHighSurrogate(ch) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    c.Add(char.ConvertToUtf32(ch, s[i + 1]));
                    i += 2;
                }
                else
                {
                    c.Add(char.IsSurrogate(ch) ? 0xFFFD : ch);
                    i++;
                }
            }
            o.Add(s.Length);
            cps = c.ToArray();
            offsets = o.ToArray();
        }

        private static bool IsWord(int cp) => cp == '_' || (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');

        /// <summary>Which empty-width assertions hold between <paramref name="prev"/> and <paramref name="next"/> (-1: text edge).</summary>
        private int Context(int prev, int next)
        {
            if (_assertMask == 0) return 0;
            int f = 0;
            if (prev < 0) f |= (int)AssertKind.BeginText | (int)AssertKind.BeginLine;
            else if (prev == '\n') f |= (int)AssertKind.BeginLine;
            if (next < 0) f |= (int)AssertKind.EndText | (int)AssertKind.EndLine;
            else if (next == '\n') f |= (int)AssertKind.EndLine;
            bool wb = (prev >= 0 && IsWord(prev)) != (next >= 0 && IsWord(next));
            f |= wb ? (int)AssertKind.WordBoundary : (int)AssertKind.NoWordBoundary;
            return f & _assertMask;
        }

        // ---- yes/no: lazy DFA over NFA state sets ---------------------------------------------------------------

        private sealed class DState
        {
            public DState(int[] kernel, int contexts)
            {
                Kernel = kernel;
                Ascii = new DState[contexts][];
                Matches = new sbyte[contexts];
            }

            public readonly int[] Kernel;         // NFA pcs to take the closure of
            public Dictionary<int, DState>? Next;  // beyond ASCII, by context and code point
            public readonly DState[][] Ascii;     // per context, per ASCII character
            public readonly sbyte[] Matches;      // per context: 0 unknown, 1 no, 2 yes
        }

        private Dictionary<string, DState> _states = new Dictionary<string, DState>(StringComparer.Ordinal);
        private DState? _start;
        private int[]? _mark;
        private int _markGen;
        private readonly Stack<int> _work = new Stack<int>();
        private static readonly DState Dead = new DState(Array.Empty<int>(), 0);

        /// <summary>Go's MatchString: is there a match anywhere in the input.</summary>
        public bool IsMatch(string input)
        {
            // Only \A and \z tested (every Teleport pattern is ^...$): the context is known from the position alone.
            bool simple = (_assertMask & ~((int)AssertKind.BeginText | (int)AssertKind.EndText)) == 0;
            int n = input.Length;
            lock (_dfaLock)
            {
                if (_states.Count > MaxDfaStates) { _states = new Dictionary<string, DState>(StringComparer.Ordinal); _start = null; }
                var state = _start ?? (_start = Intern(new[] { 0 }));
                int prev = -1;
                int i = 0;
                while (true)
                {
                    int cp = -1, width = 0;
                    if (i < n)
                    {
                        char ch = input[i];
                        if (ch < 0xD800) { cp = ch; width = 1; }
                        else if (char.IsHighSurrogate(ch) && i + 1 < n && char.IsLowSurrogate(input[i + 1])) { cp = char.ConvertToUtf32(ch, input[i + 1]); width = 2; }
                        else { cp = char.IsSurrogate(ch) ? 0xFFFD : ch; width = 1; }
                    }
                    int f = simple ? ((i == 0 ? (int)AssertKind.BeginText : 0) | (cp < 0 ? (int)AssertKind.EndText : 0)) & _assertMask : Context(prev, cp);
                    int col = _contextIndex[f];
                    sbyte m = state.Matches[col];
                    if (m == 0) state.Matches[col] = m = (sbyte)(ClosureHasMatch(state.Kernel, f) ? 2 : 1);
                    if (m == 2) return true;
                    if (cp < 0) return false;
                    DState? next = null;
                    if (cp < 128)
                    {
                        var row = state.Ascii[col];
                        if (row != null) next = row[cp];
                    }
                    state = next ?? Step(state, f, col, cp);
                    if (state == Dead) return false;
                    prev = cp;
                    i += width;
                }
            }
        }

        private DState Step(DState s, int f, int col, int cp)
        {
            DState? next;
            if (cp < 128)
            {
                var row = s.Ascii[col] ?? (s.Ascii[col] = new DState[128]);
                next = row[cp];
                if (next != null) return next;
                next = Compute(s, f, cp);
                row[cp] = next;
                return next;
            }
            int key = (col << 21) | cp;
            if (s.Next == null) s.Next = new Dictionary<int, DState>();
            else if (s.Next.TryGetValue(key, out next)) return next;
            next = Compute(s, f, cp);
            if (s.Next.Count < 4096) s.Next[key] = next;
            return next;
        }

        private DState Compute(DState s, int f, int cp)
        {
            var closure = Closure(s.Kernel, f);
            var kernel = new List<int>();
            foreach (int pc in closure)
                if (_prog[pc].Op == Op.Char && _prog[pc].Set.Matches(cp)) kernel.Add(pc + 1);
            // Unanchored search: a match may also start after this character (not when the expression needs \A).
            if (!_anchoredStart) kernel.Add(0);
            if (kernel.Count == 0) return Dead;
            kernel.Sort();
            // A long input over a pathological expression could otherwise create one state per character.
            if (_states.Count > MaxDfaStates) { _states = new Dictionary<string, DState>(StringComparer.Ordinal); _start = null; }
            return Intern(kernel.ToArray());
        }

        private DState Intern(int[] kernel)
        {
            var sb = new StringBuilder(kernel.Length * 4);
            int last = -1;
            var dedup = new List<int>(kernel.Length);
            foreach (var k in kernel)
            {
                if (k == last) continue;
                last = k;
                dedup.Add(k);
                sb.Append(k).Append(',');
            }
            string key = sb.ToString();
            if (_states.TryGetValue(key, out var st)) return st;
            st = new DState(dedup.ToArray(), _contextCount);
            _states[key] = st;
            return st;
        }

        private bool ClosureHasMatch(int[] kernel, int f)
        {
            foreach (int pc in Closure(kernel, f)) if (_prog[pc].Op == Op.Match) return true;
            return false;
        }

        /// <summary>The Char and Match instructions reachable from the kernel without consuming input.</summary>
        private List<int> Closure(int[] kernel, int f)
        {
            if (_mark == null) _mark = new int[_prog.Length];
            if (++_markGen == int.MaxValue) { Array.Clear(_mark, 0, _mark.Length); _markGen = 1; }
            var result = new List<int>();
            for (int k = kernel.Length - 1; k >= 0; k--) _work.Push(kernel[k]);
            while (_work.Count > 0)
            {
                int pc = _work.Pop();
                if (_mark[pc] == _markGen) continue;
                _mark[pc] = _markGen;
                var inst = _prog[pc];
                switch (inst.Op)
                {
                    case Op.Char:
                    case Op.Match:
                        result.Add(pc);
                        break;
                    case Op.Jmp:
                        _work.Push(inst.X);
                        break;
                    case Op.Split:
                        _work.Push(inst.Y);
                        _work.Push(inst.X);
                        break;
                    case Op.Save:
                        _work.Push(pc + 1);
                        break;
                    case Op.Assert:
                        if ((f & (int)inst.Kind) != 0) _work.Push(pc + 1);
                        break;
                }
            }
            return result;
        }

        // ---- submatches: Pike VM, leftmost-first like Go's backtrack-free engines -------------------------------

        private struct Thread
        {
            public int Pc;
            public int[] Caps;
        }

        /// <summary>The leftmost-first match at or after <paramref name="from"/> (code point index), as code point offsets per slot, or null.</summary>
        private int[]? Find(int[] cps, int from)
        {
            var clist = new List<Thread>();
            var nlist = new List<Thread>();
            var onList = new int[_prog.Length];
            int gen = 0;
            int[]? best = null;
            for (int i = from; ; i++)
            {
                int prev = i > 0 ? cps[i - 1] : -1;
                int cur = i < cps.Length ? cps[i] : -1;
                int f = Context(prev, cur);
                gen++;
                // Threads carried over keep their priority; a new start is the lowest and only while nothing matched.
                var carried = clist;
                clist = new List<Thread>();
                foreach (var t in carried) AddThread(clist, onList, gen, t.Pc, t.Caps, f, i);
                if (best == null && (!_anchoredStart || i == 0))
                {
                    var caps = new int[_captureSlots];
                    for (int k = 0; k < caps.Length; k++) caps[k] = -1;
                    AddThread(clist, onList, gen, 0, caps, f, i);
                }
                if (clist.Count == 0 && (best != null || _anchoredStart)) break;
                nlist.Clear();
                foreach (var t in clist)
                {
                    var inst = _prog[t.Pc];
                    if (inst.Op == Op.Match)
                    {
                        best = t.Caps;
                        break;   // lower-priority threads cannot win any more
                    }
                    if (cur >= 0 && inst.Set.Matches(cur)) nlist.Add(new Thread { Pc = t.Pc + 1, Caps = t.Caps });
                }
                if (cur < 0) break;
                var swap = clist;
                clist = nlist;
                nlist = swap;
            }
            return best;
        }

        private void AddThread(List<Thread> list, int[] onList, int gen, int pc0, int[] caps0, int f, int pos)
        {
            var stack = new Stack<Thread>();
            stack.Push(new Thread { Pc = pc0, Caps = caps0 });
            while (stack.Count > 0)
            {
                var t = stack.Pop();
                if (onList[t.Pc] == gen) continue;
                onList[t.Pc] = gen;
                var inst = _prog[t.Pc];
                switch (inst.Op)
                {
                    case Op.Char:
                    case Op.Match:
                        list.Add(t);
                        break;
                    case Op.Jmp:
                        stack.Push(new Thread { Pc = inst.X, Caps = t.Caps });
                        break;
                    case Op.Split:
                        stack.Push(new Thread { Pc = inst.Y, Caps = t.Caps });
                        stack.Push(new Thread { Pc = inst.X, Caps = t.Caps });
                        break;
                    case Op.Save:
                        {
                            var c = (int[])t.Caps.Clone();
                            if (inst.X < c.Length) c[inst.X] = pos;
                            stack.Push(new Thread { Pc = t.Pc + 1, Caps = c });
                            break;
                        }
                    case Op.Assert:
                        if ((f & (int)inst.Kind) != 0) stack.Push(new Thread { Pc = t.Pc + 1, Caps = t.Caps });
                        break;
                }
            }
        }

        /// <summary>regexp.go replaceAll: successive non-overlapping matches; an empty match right after a match is not replaced.</summary>
        public string ReplaceAll(string input, Func<int[], string> replacement)
        {
            Decode(input, out var cps, out var offsets);
            var sb = new StringBuilder();
            int lastMatchEnd = 0;   // code point index
            int searchPos = 0;
            while (searchPos <= cps.Length)
            {
                var m = Find(cps, searchPos);
                if (m == null) break;
                int a0 = m[0], a1 = m[1];
                sb.Append(input, offsets[lastMatchEnd], offsets[a0] - offsets[lastMatchEnd]);
                if (a1 > lastMatchEnd || a0 == 0)
                {
                    var utf16 = new int[m.Length];
                    for (int k = 0; k < m.Length; k++) utf16[k] = m[k] < 0 ? -1 : offsets[m[k]];
                    sb.Append(replacement(utf16));
                }
                lastMatchEnd = a1;
                searchPos = searchPos + 1 > a1 ? searchPos + 1 : a1;
            }
            if (lastMatchEnd < cps.Length) sb.Append(input, offsets[lastMatchEnd], input.Length - offsets[lastMatchEnd]);
            return sb.ToString();
        }
    }
}
