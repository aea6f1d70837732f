using System;
using System.Collections.Generic;
using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>
    /// How much of a line a known error's pattern (catalog data) can read for one match, derived from the pattern: the
    /// characters a match consumes at most (<see cref="Consumed"/>) and those its lookarounds, \b, $ and \z may look at
    /// outside the match on either side (<see cref="Around"/>). A match then depends only on the
    /// <see cref="Consumed"/> + 2 x <see cref="Around"/> characters around it, so it is found in a window of the line
    /// that holds them, and a match found in a window is the line's when they lie inside the window (or past its edge
    /// only where the window's edge is the line's). A pattern that can consume without bound (*, +, {n,}, a
    /// backreference) has no reach: <see cref="Unbounded"/> says where.
    /// </summary>
    public sealed class MatchReach
    {
        private MatchReach(bool anchored, int consumed, int around, bool aroundKnown, string? unbounded, long decide, long pathConsumed, long pathAround, (string Name, long Reach)[] names, long behind, Seg[]? runs)
        {
            _runs = runs;
            _behind = behind;
            _decide = decide;
            _pathConsumed = pathConsumed;
            _pathAround = pathAround;
            _names = names;
            Anchored = anchored;
            Consumed = consumed;
            Around = around;
            AroundKnown = aroundKnown;
            Unbounded = unbounded;
        }

        /// <summary>The pattern starts with \A (or ^): it matches only at the start of the text.</summary>
        public bool Anchored { get; }

        /// <summary>Characters a match consumes at most (when <see cref="Unbounded"/> is null).</summary>
        public int Consumed { get; }

        /// <summary>Characters the pattern may look at outside its match, on each side (when <see cref="AroundKnown"/>).</summary>
        public int Around { get; }

        /// <summary>
        /// <see cref="Around"/> holds even when what a match consumes has no bound (a*, a backreference): a match found in
        /// a prefix of a text whose end lies more than <see cref="Around"/> past the match is a match in the whole text.
        /// False when the pattern has a construct not read here, or a lookaround without bound.
        /// </summary>
        public bool AroundKnown { get; }

        /// <summary>Null when the reach is bounded; else why not (the construct and its place in the pattern).</summary>
        public string? Unbounded { get; }

        private readonly long _decide;
        private readonly long _pathConsumed;
        private readonly long _pathAround;
        // Each named group's place: Reach -1 on the match's own path, else the reach of the always-true lookaround it lies in.
        private readonly (string Name, long Reach)[] _names;

        /// <summary>
        /// Characters past a match's end that decide whether the pattern matches at all; -1 when not known. A match found in
        /// a prefix of a text (a long line's start) is a match of the whole text when its end plus this lies in the prefix:
        /// what the match consumed is the same there, and only an assertion (\b, $, \z), a negative lookaround, an atomic
        /// group's choice, or a positive lookaround whose own body asserts could read the part not seen. A positive lookaround
        /// that always succeeds (its body may match empty: (?=(?:...)?)) decides nothing, whatever it reads; it only captures.
        /// </summary>
        public int DecisionAround => _decide < Cap ? (int)_decide : -1;

        /// <summary>Whether a match ending at <paramref name="matchEnd"/> in a prefix of <paramref name="prefixLength"/> characters is a match of every text that goes on from that prefix.</summary>
        public bool DecidedIn(long matchEnd, long prefixLength) => _decide < Cap && matchEnd + _decide <= prefixLength;

        /// <summary>
        /// The named groups whose value in a match at <paramref name="matchIndex"/> of a prefix of <paramref name="prefixLength"/>
        /// characters could differ in a text that goes on from it: every attempt the engine made up to that match, and every
        /// always-true lookaround it ran on the match's path, must have read only the prefix. A group on the match's path is sure
        /// when the path's bounded reach from the match's start ends in the prefix; a group in an always-true lookaround when
        /// that lookaround's bounded reach does too. Otherwise its value is not known (never guessed from the prefix).
        /// </summary>
        public IReadOnlyCollection<string> UnsureIn(long matchIndex, long prefixLength) => UnsureIn(null, matchIndex, prefixLength);

        /// <summary>
        /// As <see cref="UnsureIn(long, long)"/>, reading the prefix itself (<paramref name="text"/>, at least
        /// <paramref name="prefixLength"/> characters): a path whose only unbounded parts are loops over one character class
        /// (<c>[^"\]+</c>, <c>\w*?</c>, <c>.+</c>; greedy or lazy, whatever follows) is sure when, read from the match's start,
        /// each loop meets a character outside its class inside the prefix (see <see cref="RunsEndIn"/>).
        /// </summary>
        public IReadOnlyCollection<string> UnsureIn(string? text, long matchIndex, long prefixLength)
        {
            var unsure = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            bool path = _pathConsumed < Cap && _pathAround < Cap && matchIndex + _pathConsumed + _pathAround <= prefixLength;
            if (!path && text != null && RunsEndIn(text, matchIndex, prefixLength)) path = true;
            foreach (var (name, reach) in _names)
            {
                bool sure = path && (reach < 0 || (reach < Cap && matchIndex + _pathConsumed + Math.Max(_pathAround, reach) <= prefixLength));
                if (!sure) unsure.Add(name);
            }
            return unsure;
        }

        private readonly long _behind;

        // The match's path as bounded parts, each but the last followed by a loop over one character class (its members); null
        // when the path is not one sequence of them (an alternative, a quantified group or an atomic group around such a loop).
        private readonly Seg[]? _runs;

        /// <summary>
        /// Whether every attempt the engine makes at any place up to <paramref name="matchIndex"/> reads only the first
        /// <paramref name="prefixLength"/> characters of <paramref name="text"/>, when the path's unbounded parts are loops over
        /// one character class. A loop, greedy or lazy, consumes only members of its class, so one starting at or before p ends
        /// at or before the first non-member at or after p (N): every run length it tries, and what follows each, is read by N.
        /// From the match's start, a bounded part (consuming C, looking M further) takes a loop's start to at most pos + C,
        /// and the loop's end to N; an attempt starting earlier, or taking another way through a bounded part, starts every
        /// part no later. So when each N lies in the prefix and the last part's C + M from the last N does too, every attempt
        /// reads the prefix alone and goes as in any text that goes on from it: the match, its path and its values are the
        /// text's. A loop whose non-member is not in the prefix leaves the path unsure (never guessed).
        /// </summary>
        internal bool RunsEndIn(string text, long matchIndex, long prefixLength)
        {
            if (_runs == null || matchIndex < 0) return false;
            long end = Math.Min(prefixLength, text.Length);
            long pos = matchIndex;
            foreach (var seg in _runs)
            {
                if (seg.C >= Cap || seg.M >= Cap || pos + seg.C + seg.M > end) return false;
                if (seg.Members == null) return true;
                long n = pos + seg.C;
                while (n < end && seg.Members[text[(int)n]]) n++;
                if (n >= end) return false;
                pos = n;
            }
            return false;
        }

        /// <summary>
        /// Characters before a match's start the pattern may read (a lookbehind's reach, the character a \b or \B looks at);
        /// -1 when not known (a lookbehind without bound, syntax not read here). A match found in a part of a text that starts
        /// this many characters or more before it read nothing of what precedes the part.
        /// </summary>
        public int Behind => _behind < Cap ? (int)_behind : -1;

        /// <summary>
        /// Characters from a match's start within which every attempt at that start is decided, its path chosen and its
        /// success known: what the path consumes at most plus the larger of what it looks at (the always-true lookarounds left
        /// out) and <see cref="DecisionAround"/>; -1 when that has no bound. An attempt at a place at least <see cref="Behind"/>
        /// into a part of the text, and this many characters before its end, goes exactly as in the whole text (a failure
        /// too), so a match found there is the text's, with the same values but those of <see cref="UnsureIn"/>.
        /// </summary>
        public long ExactReach => _pathConsumed < Cap && _pathAround < Cap && _decide < Cap ? _pathConsumed + Math.Max(_pathAround, _decide) : -1;

        /// <summary>The pattern's named groups.</summary>
        public IEnumerable<string> Names
        {
            get
            {
                foreach (var (name, _) in _names) yield return name;
            }
        }

        /// <summary>Characters around a match that decide it: <see cref="Consumed"/> + 2 x <see cref="Around"/>; -1 when unbounded.</summary>
        public long Span => Unbounded != null ? -1 : (long)Consumed + 2L * Around;

        public override string ToString() => Unbounded ?? (Anchored ? "anchored, " : "") + Consumed.ToString(CultureInfo.InvariantCulture) + " + 2 x " + Around.ToString(CultureInfo.InvariantCulture);

        // Past this many characters a bounded part counts as unbounded (no int overflow; far beyond any window).
        private const long Cap = 1 << 30;

        /// <summary>The reach of a .NET pattern run without RegexOptions (CultureInvariant only), as the catalog compiles it.</summary>
        public static MatchReach Of(string pattern) => Of(pattern, RegexOptions.CultureInvariant);

        /// <summary>
        /// The reach of a .NET pattern run with <paramref name="options"/>: IgnoreCase (which changes what a class holds) is
        /// read by taking a class's members under both cases; Compiled and CultureInvariant change nothing read here; any
        /// other option (Multiline, Singleline, IgnorePatternWhitespace, ExplicitCapture, RightToLeft, ECMAScript) is not read,
        /// so the reach is unknown (<see cref="Unbounded"/> says so).
        /// </summary>
        public static MatchReach Of(string pattern, RegexOptions options)
        {
            if (pattern == null) throw new ArgumentNullException(nameof(pattern));
            var p = new Parser(pattern) { Caseless = (options & RegexOptions.IgnoreCase) != 0 || InlineCaseless.IsMatch(pattern) };
            var other = options & ~(RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
            if (other != RegexOptions.None) p.Fail("RegexOptions." + other.ToString().Replace(", ", " | ") + " (not read here)", 0);
            bool anchored = false;
            if (pattern.StartsWith(@"\A", StringComparison.Ordinal))
            {
                anchored = true;
                p.Pos = 2;
            }
            else if (pattern.StartsWith("^", StringComparison.Ordinal))
            {
                anchored = true;
                p.Pos = 1;
            }
            var all = p.Alternation();
            long consumed = all.C, around = all.A;
            if (p.Why == null && p.Pos < pattern.Length) p.Fail("')' without its '('", p.Pos);
            // An anchored pattern with an alternative of its own at the top reads "\A a | b": b is not anchored.
            if (anchored && p.TopAlternation) p.Fail("'|' at the top of an anchored pattern (only its first alternative is anchored)", 0);
            // Read whole: what decides a match, and where its groups lie, is known even when the reach has no bound.
            bool parsed = p.Why == null && !(p.Backreference && p.AlwaysTrue);
            long behind = p.Why == null ? p.Behind : Cap;
            bool aroundKnown = p.Why == null && around < Cap;
            if (p.Why == null && (consumed >= Cap || around >= Cap))
                p.Fail(p.ConsumedWhy ?? "a bounded length past " + Cap.ToString(CultureInfo.InvariantCulture) + " characters", p.ConsumedAt);
            bool bounded = p.Why == null;
            return new MatchReach(anchored, bounded ? (int)consumed : 0, aroundKnown ? (int)around : 0, aroundKnown, p.Why,
                parsed ? all.D : Cap, parsed ? all.C : Cap, parsed ? all.M : Cap, p.Names.ToArray(), behind,
                parsed && !p.Backreference && all.L != null ? all.L : null);
        }

        // An inline option that may turn IgnoreCase on anywhere ((?i), (?mi-s:...)): every class is then read under both cases.
        private static readonly Regex InlineCaseless = new Regex(@"\(\?[A-Za-z]*i", RegexOptions.CultureInvariant);

        // A bounded part of the match's path (consuming C at most, looking M further) and the class of the loop after it (null: the last part).
        internal readonly struct Seg
        {
            internal Seg(long c, long m, BitArray? members)
            {
                C = c;
                M = m;
                Members = members;
            }

            internal readonly long C;
            internal readonly long M;
            internal readonly BitArray? Members;
        }

        private static readonly ConcurrentDictionary<string, BitArray> ClassCache = new ConcurrentDictionary<string, BitArray>(StringComparer.Ordinal);
        private static readonly Lazy<string> AllChars = new Lazy<string>(() =>
        {
            var c = new char[0x10000];
            for (int i = 0; i < c.Length; i++) c[i] = (char)i;
            return new string(c);
        });

        // The characters one class-like atom of a pattern ([...], '.', \d, \p{..}, a literal) matches, as .NET itself reads it
        // (caseless: under IgnoreCase too, the union: a superset, so a character outside it is outside the class either way).
        private static BitArray Members(string atom, bool caseless) => ClassCache.GetOrAdd((caseless ? "i" : "-") + atom, _ =>
        {
            var bits = new BitArray(0x10000);
            foreach (var options in caseless ? new[] { RegexOptions.None, RegexOptions.IgnoreCase } : new[] { RegexOptions.None })
            {
                var re = new Regex("(?:" + atom + ")+", options | RegexOptions.CultureInvariant);
                for (var m = re.Match(AllChars.Value); m.Success; m = m.NextMatch())
                    for (int i = m.Index; i < m.Index + m.Length; i++) bits[i] = true;
            }
            return bits;
        });

        // What one part of a pattern reads. C: characters it consumes at most. A: characters it may look at outside what it
        // consumes, on each side. D: characters past a match's end that decide whether the match holds (see DecisionAround).
        // M: as A, but an always-true lookaround adds nothing (it fixes no part of the match's path). Empty: it can match
        // the empty text without asserting anything, so a lookaround of it always succeeds.
        private readonly struct R
        {
            internal R(long c, long a, long d, long m, bool empty, Seg[]? l = null)
            {
                C = c;
                A = a;
                D = d;
                M = m;
                Empty = empty;
                L = l;
            }

            // The path as bounded parts and loops over one class (see Seg); null: one bounded part (C, M), no such loop.
            internal readonly Seg[]? L;

            internal readonly long C;
            internal readonly long A;
            internal readonly long D;
            internal readonly long M;
            internal readonly bool Empty;

            internal static readonly R Nothing = new R(0, 0, 0, 0, true);
            internal static readonly R One = new R(1, 0, 0, 0, false);

            internal static R Assert(long around) => new R(0, around, around, around, false);
        }

        private static long Add(long a, long b) => Math.Min(Cap, a + b);

        private sealed class Parser
        {
            private readonly string _p;
            internal int Pos;
            internal string? Why;
            // The first construct that consumes without bound: the reach is unbounded, but what it looks at around a match is still read.
            internal string? ConsumedWhy;
            internal int ConsumedAt;
            internal bool TopAlternation;
            private int _depth;
            // Named groups in the order read: Reach -1 on the match's path, else the reach of the always-true lookaround around them.
            internal readonly List<(string Name, long Reach)> Names = new List<(string, long)>();
            // A backreference after an always-true lookaround may read what that lookaround captured: the match's path then
            // depends on it, so what decides the match is not known.
            internal bool Backreference;
            internal bool AlwaysTrue;
            // Characters before a match's start any part may read: each part starts at or after the match's start, so the
            // largest a part reads back from where it stands bounds it (a lookbehind: all its body reads; \b, \B: one).
            internal long Behind;
            // IgnoreCase may apply somewhere: a class's members are read under both cases.
            internal bool Caseless;
            // The atom just read matches one character of this class text ([...], '.', \d, a literal); null: not such an atom.
            private string? _single;

            internal Parser(string pattern) => _p = pattern;

            internal void Fail(string what, int at)
            {
                if (Why == null) Why = what + " at character " + (at + 1).ToString(CultureInfo.InvariantCulture) + " of the pattern";
            }

            // Consumes without bound: parsing goes on, so what the pattern looks at outside a match is still known.
            private void Unbound(string what, int at)
            {
                if (ConsumedWhy != null) return;
                ConsumedWhy = what;
                ConsumedAt = at;
            }

            // alternation := sequence ('|' sequence)*
            internal R Alternation()
            {
                long c = 0, a = 0, d = 0, m = 0;
                bool empty = false;
                int count = 0;
                Seg[]? l = null;
                while (true)
                {
                    var s = Sequence();
                    // One alternative keeps its loops; of several, the path is not one sequence (left bounded or unbounded).
                    l = count++ == 0 ? s.L : null;
                    c = Math.Max(c, s.C);
                    a = Math.Max(a, s.A);
                    d = Math.Max(d, s.D);
                    m = Math.Max(m, s.M);
                    empty |= s.Empty;
                    if (Pos < _p.Length && _p[Pos] == '|')
                    {
                        if (_depth == 0) TopAlternation = true;
                        Pos++;
                        continue;
                    }
                    return new R(c, a, d, m, empty, l);
                }
            }

            // What each part looks at is added (a sum: never less than where it looks from the match's start or end).
            private R Sequence()
            {
                long c = 0, a = 0, d = 0, m = 0;
                bool empty = true;
                // The path so far: done parts each followed by a loop, then the open bounded part (lc, lm).
                var segs = new List<Seg>();
                long lc = 0, lm = 0;
                while (Pos < _p.Length && _p[Pos] != '|' && _p[Pos] != ')')
                {
                    int start = Pos;
                    _single = null;
                    var x = Atom();
                    if (Why != null) return R.Nothing;
                    string? single = _single;
                    int afterAtom = Pos;
                    long times = Quantifier(start, x.C, out bool optional);
                    bool quantified = Pos != afterAtom;
                    c = Add(c, Math.Min(Cap, x.C * times));
                    a = Add(a, x.A);
                    d = Add(d, x.D);
                    m = Add(m, x.M);
                    empty &= x.Empty || optional;
                    if (single != null && times >= Cap)
                    {
                        // A loop over one class (*, +, {n,}; greedy or lazy): it ends at the first character outside the class.
                        segs.Add(new Seg(lc, lm, Members(single, Caseless)));
                        lc = lm = 0;
                    }
                    else if (x.L != null && !quantified)
                    {
                        // A group whose path has such loops, taken once: its parts join the sequence's.
                        for (int k = 0; k < x.L.Length - 1; k++)
                        {
                            segs.Add(new Seg(Add(lc, x.L[k].C), Add(lm, x.L[k].M), x.L[k].Members));
                            lc = lm = 0;
                        }
                        lc = Add(lc, x.L[x.L.Length - 1].C);
                        lm = Add(lm, x.L[x.L.Length - 1].M);
                    }
                    else
                    {
                        // Bounded, or a loop this rule does not read (then Cap: unsure as before).
                        lc = Add(lc, Math.Min(Cap, x.C * times));
                        lm = Add(lm, x.M);
                    }
                }
                Seg[]? l = null;
                if (segs.Count > 0)
                {
                    segs.Add(new Seg(lc, lm, null));
                    l = segs.ToArray();
                }
                return new R(c, a, d, m, empty, l);
            }

            // How many times the atom just read may repeat at most (1 without a quantifier); optional: it may occur 0 times.
            private long Quantifier(int atomStart, long consumed, out bool optional)
            {
                optional = false;
                if (Pos >= _p.Length) return 1;
                char q = _p[Pos];
                long times;
                if (q == '*' || q == '+')
                {
                    Pos++;
                    optional = q == '*';
                    times = consumed == 0 ? 0 : Cap;
                    if (consumed > 0) Unbound("'" + q + "' after '" + _p.Substring(atomStart, Pos - 1 - atomStart) + "'", Pos - 1);
                }
                else if (q == '?')
                {
                    Pos++;
                    optional = true;
                    times = 1;
                }
                else if (q == '{' && TryBraces(out long min, out long max))
                {
                    times = max;
                    optional = min == 0;
                    int brace = _p.LastIndexOf('{', Pos - 1);
                    if (max == Cap && consumed > 0) Unbound("'" + _p.Substring(brace, Pos - brace) + "' after '" + _p.Substring(atomStart, brace - atomStart) + "'", brace);
                }
                else return 1;
                if (Pos < _p.Length && _p[Pos] == '?') Pos++; // lazy: the same characters
                return times;
            }

            // {n}, {n,}, {n,m}; false (and nothing read) when the brace is a literal '{'.
            private bool TryBraces(out long min, out long max)
            {
                min = max = 1;
                int close = _p.IndexOf('}', Pos);
                if (close < 0) return false;
                var body = _p.Substring(Pos + 1, close - Pos - 1);
                var parts = body.Split(',');
                if (parts.Length > 2 || !IsNumber(parts[0]) || (parts.Length == 2 && parts[1].Length > 0 && !IsNumber(parts[1]))) return false;
                min = Parse(parts[0]);
                if (parts.Length == 1) max = min;
                else max = parts[1].Length == 0 ? Cap : Parse(parts[1]);
                Pos = close + 1;
                return true;
            }

            private static bool IsNumber(string s)
            {
                if (s.Length == 0) return false;
                foreach (char c in s) if (c < '0' || c > '9') return false;
                return true;
            }

            private static long Parse(string s) => s.Length > 9 ? Cap : Math.Min(Cap, long.Parse(s, CultureInfo.InvariantCulture));

            private R Atom()
            {
                char c = _p[Pos];
                switch (c)
                {
                    case '(':
                        {
                            var g = Group();
                            _single = null; // a group is not one class, whatever its last atom was
                            return g;
                        }
                    case '[':
                        {
                            int open = Pos;
                            Class();
                            if (Why == null) _single = _p.Substring(open, Pos - open);
                            return R.One;
                        }
                    case '\\':
                        {
                            int open = Pos;
                            var e = Escape();
                            // One character of a class or a literal (\d, \p{L}, \x41, \"); not an assertion or a backreference.
                            if (Why == null && e.C == 1 && e.A == 0) _single = _p.Substring(open, Pos - open);
                            return e;
                        }
                    case '^':
                        Fail("'^' inside the pattern", Pos);
                        return R.Nothing;
                    case '$':
                        Pos++;
                        return R.Assert(2); // the end, or a '\n' that ends the text: the character after it and whether one follows
                    case '*':
                    case '+':
                    case '?':
                        Fail("a quantifier with nothing before it", Pos);
                        return R.Nothing;
                    default:
                        // '.' (not Singleline: inline s is refused) or a literal character.
                        _single = _p.Substring(Pos, 1);
                        Pos++;
                        return R.One;
                }
            }

            private R Group()
            {
                int open = Pos;
                Pos++;
                bool look = false, negative = false, atomic = false, back = false;
                if (Pos < _p.Length && _p[Pos] == '?')
                {
                    Pos++;
                    char k = Pos < _p.Length ? _p[Pos] : '\0';
                    if (k == ':' || k == '>')
                    {
                        atomic = k == '>';
                        Pos++;
                    }
                    else if (k == '=' || k == '!')
                    {
                        negative = k == '!';
                        Pos++;
                        look = true;
                    }
                    else if (k == '<' && Pos + 1 < _p.Length && (_p[Pos + 1] == '=' || _p[Pos + 1] == '!'))
                    {
                        negative = _p[Pos + 1] == '!';
                        Pos += 2;
                        look = true;
                        back = true;
                    }
                    else if (k == '<' || k == '\'')
                    {
                        char end = k == '<' ? '>' : '\'';
                        int close = _p.IndexOf(end, Pos + 1);
                        if (close < 0)
                        {
                            Fail("a group name without its end", open);
                            return R.Nothing;
                        }
                        // (?<name>...), or (?<name-other>...) (balancing): the value goes to name; (?<-other>) captures none.
                        string name = _p.Substring(Pos + 1, close - Pos - 1);
                        int dash = name.IndexOf('-');
                        if (dash >= 0) name = name.Substring(0, dash);
                        if (name.Length > 0 && !char.IsDigit(name[0])) Names.Add((name, -1));
                        Pos = close + 1;
                    }
                    else if (k == '(')
                    {
                        Fail("a conditional group '(?('", open);
                        return R.Nothing;
                    }
                    else
                    {
                        // Inline options: (?i) changes no length; (?i:...) is a group. RegexOptions read elsewhere are refused.
                        int q = Pos;
                        while (q < _p.Length && (char.IsLetter(_p[q]) || _p[q] == '-')) q++;
                        string opts = _p.Substring(Pos, q - Pos);
                        if (opts.IndexOf('x') >= 0 || opts.IndexOf('m') >= 0 || opts.IndexOf('s') >= 0)
                        {
                            // x changes what is literal, m and s what '^', '$' and '.' read: not read here.
                            Fail("the inline option '(?" + opts + "'", open);
                            return R.Nothing;
                        }
                        if (q < _p.Length && _p[q] == ')')
                        {
                            Pos = q + 1;
                            return R.Nothing;
                        }
                        if (q < _p.Length && _p[q] == ':') Pos = q + 1;
                        else
                        {
                            Fail("a group '(?" + opts + "' not read here", open);
                            return R.Nothing;
                        }
                    }
                }
                int firstName = Names.Count;
                _depth++;
                var x = Alternation();
                _depth--;
                if (Why != null) return R.Nothing;
                if (Pos >= _p.Length || _p[Pos] != ')')
                {
                    Fail("'(' without its ')'", open);
                    return R.Nothing;
                }
                Pos++;
                long reach = Add(x.C, x.A);
                if (back) Behind = Math.Max(Behind, reach);
                if (atomic)
                {
                    // Once its body matched, the first way it found is kept: which way that is depends on all its body read.
                    return new R(x.C, x.A, Math.Max(x.D, reach), x.M, x.Empty);
                }
                if (!look) return x;
                // A lookaround consumes nothing and reads its content's reach beside the match.
                if (negative) return new R(0, reach, reach, reach, false);
                if (x.Empty)
                {
                    // Always true: it decides nothing and fixes no part of the path; the groups in it are as sure as its reach.
                    AlwaysTrue = true;
                    for (int n = firstName; n < Names.Count; n++) Names[n] = (Names[n].Name, Math.Max(Names[n].Reach, reach));
                    return new R(0, reach, 0, 0, true);
                }
                // A positive lookaround holds once its body matched: what that consumed lies before the match's end,
                // so only its body's own assertions, from at most its consumption on, decide it.
                return new R(0, reach, x.D == 0 ? 0 : Add(x.C, x.D), reach, false);
            }

            private void Class()
            {
                int open = Pos;
                Pos++;
                if (Pos < _p.Length && _p[Pos] == '^') Pos++;
                if (Pos < _p.Length && _p[Pos] == ']') Pos++; // a ']' first is literal
                while (Pos < _p.Length && _p[Pos] != ']')
                {
                    if (_p[Pos] == '\\') Pos += 2;
                    else if (_p[Pos] == '[' && Pos > open + 1 && _p[Pos - 1] == '-')
                    {
                        // Subtraction [a-z-[aeiou]]: one character still.
                        Class();
                        continue;
                    }
                    else Pos++;
                }
                if (Pos >= _p.Length) Fail("'[' without its ']'", open);
                else Pos++;
            }

            private R Escape()
            {
                int at = Pos;
                if (Pos + 1 >= _p.Length)
                {
                    Fail("'\\' at the end", at);
                    return R.Nothing;
                }
                char e = _p[Pos + 1];
                Pos += 2;
                switch (e)
                {
                    case 'b':
                    case 'B':
                        Behind = Math.Max(Behind, 1);
                        return R.Assert(1);
                    case 'z':
                        return R.Assert(1);
                    case 'Z':
                        return R.Assert(2); // as '$'
                    case 'A':
                    case 'G':
                        Fail("'\\" + e + "' inside the pattern", at);
                        return R.Nothing;
                    case 'k':
                        Unbound("a backreference", at);
                        Backreference = true;
                        return new R(Cap, 0, 0, 0, false);
                    case 'x':
                        Pos += 2;
                        return R.One;
                    case 'u':
                        Pos += 4;
                        return R.One;
                    case 'c':
                        Pos += 1;
                        return R.One;
                    case 'p':
                    case 'P':
                        {
                            int close = _p.IndexOf('}', Pos);
                            if (close < 0)
                            {
                                Fail("'\\" + e + "' without its '}'", at);
                                return R.Nothing;
                            }
                            Pos = close + 1;
                            return R.One;
                        }
                }
                if (e >= '1' && e <= '9')
                {
                    Unbound("a backreference", at);
                    Backreference = true;
                    return new R(Cap, 0, 0, 0, false);
                }
                if (e == '0')
                {
                    // \0nn: an octal character.
                    int q = Pos;
                    while (q < _p.Length && q < Pos + 2 && _p[q] >= '0' && _p[q] <= '7') q++;
                    Pos = q;
                }
                return R.One;
            }
        }
    }
}
