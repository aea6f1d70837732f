using System;
using System.Globalization;

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
        private MatchReach(bool anchored, int consumed, int around, bool aroundKnown, string? unbounded)
        {
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

        /// <summary>Characters around a match that decide it: <see cref="Consumed"/> + 2 x <see cref="Around"/>; -1 when unbounded.</summary>
        public long Span => Unbounded != null ? -1 : (long)Consumed + 2L * Around;

        public override string ToString() => Unbounded ?? (Anchored ? "anchored, " : "") + Consumed.ToString(CultureInfo.InvariantCulture) + " + 2 x " + Around.ToString(CultureInfo.InvariantCulture);

        // Past this many characters a bounded part counts as unbounded (no int overflow; far beyond any window).
        private const long Cap = 1 << 30;

        /// <summary>The reach of a .NET pattern run without RegexOptions (CultureInvariant only), as the catalog compiles it.</summary>
        public static MatchReach Of(string pattern)
        {
            if (pattern == null) throw new ArgumentNullException(nameof(pattern));
            var p = new Parser(pattern);
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
            var (consumed, around) = p.Alternation();
            if (p.Why == null && p.Pos < pattern.Length) p.Fail("')' without its '('", p.Pos);
            // An anchored pattern with an alternative of its own at the top reads "\A a | b": b is not anchored.
            if (anchored && p.TopAlternation) p.Fail("'|' at the top of an anchored pattern (only its first alternative is anchored)", 0);
            bool aroundKnown = p.Why == null && around < Cap;
            if (p.Why == null && (consumed >= Cap || around >= Cap))
                p.Fail(p.ConsumedWhy ?? "a bounded length past " + Cap.ToString(CultureInfo.InvariantCulture) + " characters", p.ConsumedAt);
            bool bounded = p.Why == null;
            return new MatchReach(anchored, bounded ? (int)consumed : 0, aroundKnown ? (int)around : 0, aroundKnown, p.Why);
        }

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
            internal (long Consumed, long Around) Alternation()
            {
                long consumed = 0, around = 0;
                while (true)
                {
                    var (c, a) = Sequence();
                    consumed = Math.Max(consumed, c);
                    around = Math.Max(around, a);
                    if (Pos < _p.Length && _p[Pos] == '|')
                    {
                        if (_depth == 0) TopAlternation = true;
                        Pos++;
                        continue;
                    }
                    return (consumed, around);
                }
            }

            private (long Consumed, long Around) Sequence()
            {
                long consumed = 0, around = 0;
                while (Pos < _p.Length && _p[Pos] != '|' && _p[Pos] != ')')
                {
                    int start = Pos;
                    var (c, a) = Atom();
                    if (Why != null) return (0, 0);
                    long times = Quantifier(start, c);
                    consumed = Math.Min(Cap, consumed + Math.Min(Cap, c * times));
                    around = Math.Min(Cap, around + a);
                }
                return (consumed, around);
            }

            // How many times the atom just read may repeat at most (1 without a quantifier).
            private long Quantifier(int atomStart, long consumed)
            {
                if (Pos >= _p.Length) return 1;
                char q = _p[Pos];
                long times;
                if (q == '*' || q == '+')
                {
                    Pos++;
                    times = consumed == 0 ? 0 : Cap;
                    if (consumed > 0) Unbound("'" + q + "' after '" + _p.Substring(atomStart, Pos - 1 - atomStart) + "'", Pos - 1);
                }
                else if (q == '?')
                {
                    Pos++;
                    times = 1;
                }
                else if (q == '{' && TryBraces(out long max))
                {
                    times = max;
                    int brace = _p.LastIndexOf('{', Pos - 1);
                    if (max == Cap && consumed > 0) Unbound("'" + _p.Substring(brace, Pos - brace) + "' after '" + _p.Substring(atomStart, brace - atomStart) + "'", brace);
                }
                else return 1;
                if (Pos < _p.Length && _p[Pos] == '?') Pos++; // lazy: the same characters
                return times;
            }

            // {n}, {n,}, {n,m}; false (and nothing read) when the brace is a literal '{'.
            private bool TryBraces(out long max)
            {
                max = 1;
                int close = _p.IndexOf('}', Pos);
                if (close < 0) return false;
                var body = _p.Substring(Pos + 1, close - Pos - 1);
                var parts = body.Split(',');
                if (parts.Length > 2 || !IsNumber(parts[0]) || (parts.Length == 2 && parts[1].Length > 0 && !IsNumber(parts[1]))) return false;
                if (parts.Length == 1) max = Parse(parts[0]);
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

            private (long Consumed, long Around) Atom()
            {
                char c = _p[Pos];
                switch (c)
                {
                    case '(':
                        return Group();
                    case '[':
                        Class();
                        return (1, 0);
                    case '\\':
                        return Escape();
                    case '^':
                        Fail("'^' inside the pattern", Pos);
                        return (0, 0);
                    case '$':
                        Pos++;
                        return (0, 2); // the end, or a '\n' that ends the text: the character after it and whether one follows
                    case '*':
                    case '+':
                    case '?':
                        Fail("a quantifier with nothing before it", Pos);
                        return (0, 0);
                    default:
                        Pos++;
                        return (1, 0);
                }
            }

            private (long Consumed, long Around) Group()
            {
                int open = Pos;
                Pos++;
                bool look = false;
                if (Pos < _p.Length && _p[Pos] == '?')
                {
                    Pos++;
                    char k = Pos < _p.Length ? _p[Pos] : '\0';
                    if (k == ':' || k == '>') Pos++;
                    else if (k == '=' || k == '!')
                    {
                        Pos++;
                        look = true;
                    }
                    else if (k == '<' && Pos + 1 < _p.Length && (_p[Pos + 1] == '=' || _p[Pos + 1] == '!'))
                    {
                        Pos += 2;
                        look = true;
                    }
                    else if (k == '<' || k == '\'')
                    {
                        char end = k == '<' ? '>' : '\'';
                        int close = _p.IndexOf(end, Pos + 1);
                        if (close < 0)
                        {
                            Fail("a group name without its end", open);
                            return (0, 0);
                        }
                        Pos = close + 1;
                    }
                    else if (k == '(')
                    {
                        Fail("a conditional group '(?('", open);
                        return (0, 0);
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
                            return (0, 0);
                        }
                        if (q < _p.Length && _p[q] == ')')
                        {
                            Pos = q + 1;
                            return (0, 0);
                        }
                        if (q < _p.Length && _p[q] == ':') Pos = q + 1;
                        else
                        {
                            Fail("a group '(?" + opts + "' not read here", open);
                            return (0, 0);
                        }
                    }
                }
                _depth++;
                var (c, a) = Alternation();
                _depth--;
                if (Why != null) return (0, 0);
                if (Pos >= _p.Length || _p[Pos] != ')')
                {
                    Fail("'(' without its ')'", open);
                    return (0, 0);
                }
                Pos++;
                // A lookaround consumes nothing and reads its content's reach beside the match.
                return look ? (0, Math.Min(Cap, c + a)) : (c, a);
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

            private (long Consumed, long Around) Escape()
            {
                int at = Pos;
                if (Pos + 1 >= _p.Length)
                {
                    Fail("'\\' at the end", at);
                    return (0, 0);
                }
                char e = _p[Pos + 1];
                Pos += 2;
                switch (e)
                {
                    case 'b':
                    case 'B':
                    case 'z':
                        return (0, 1);
                    case 'Z':
                        return (0, 2); // as '$' 
                    case 'A':
                    case 'G':
                        Fail("'\\" + e + "' inside the pattern", at);
                        return (0, 0);
                    case 'k':
                        Unbound("a backreference", at);
                        return (Cap, 0);
                    case 'x':
                        Pos += 2;
                        return (1, 0);
                    case 'u':
                        Pos += 4;
                        return (1, 0);
                    case 'c':
                        Pos += 1;
                        return (1, 0);
                    case 'p':
                    case 'P':
                        {
                            int close = _p.IndexOf('}', Pos);
                            if (close < 0)
                            {
                                Fail("'\\" + e + "' without its '}'", at);
                                return (0, 0);
                            }
                            Pos = close + 1;
                            return (1, 0);
                        }
                }
                if (e >= '1' && e <= '9')
                {
                    Unbound("a backreference", at);
                    return (Cap, 0);
                }
                if (e == '0')
                {
                    // \0nn: an octal character.
                    int q = Pos;
                    while (q < _p.Length && q < Pos + 2 && _p[q] >= '0' && _p[q] <= '7') q++;
                    Pos = q;
                }
                return (1, 0);
            }
        }
    }
}
