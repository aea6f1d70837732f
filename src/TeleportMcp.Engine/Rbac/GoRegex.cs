using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TeleportMcp.Engine.Rbac
{
    /// <summary>A Go (RE2) regular expression, validated as Go's regexp/syntax parser would and run by a linear-time
    /// automaton of its own (<see cref="GoRegexMachine"/>), so no pattern can make a decision backtrack.</summary>
    public sealed class GoRegex
    {
        /// <summary>The pattern as written.</summary>
        public string Pattern { get; internal set; } = "";

        // Go's error code and where its quoted fragment lies in the pattern (regexp/syntax parse.go: Error{Code, Expr}, Expr a
        // substring of the pattern or empty); null code when RE2 accepts the pattern.
        private string? _errorCode;
        private int _errorStart, _errorEnd;
        private string? _error;

        internal void SetError(string code, int start, int end)
        {
            _errorCode = code;
            _errorStart = start;
            _errorEnd = end;
        }

        /// <summary>
        /// Go's compile error (<c>error parsing regexp: ...</c>) as a message in pieces, its fragment read from the pattern
        /// where it lies (a pattern can be megabytes long, and the fragment can be all of it); null when RE2 accepts the
        /// pattern. Cut with <see cref="Common.ListText.Message(Common.MessageText)"/>.
        /// </summary>
        public Common.MessageText? ErrorText => _errorCode == null ? null
            : Common.MessageText.Of("error parsing regexp: ", _errorCode, ": `", Common.GoText.RawText(Pattern, _errorStart, _errorEnd), "`");

        /// <summary>Go's compile error (<c>error parsing regexp: ...</c>), or null when RE2 accepts the pattern; joined once, when first asked.</summary>
        public string? Error => _errorCode == null ? null : _error ??= ErrorText!.ToString();

        /// <summary>Why a valid RE2 pattern cannot be evaluated exactly offline (null when it can).</summary>
        public string? Unsupported { get; internal set; }

        internal GoRegexMachine Machine { get; set; } = null!; // set for every pattern RE2 accepts; matching is only asked of those
        internal bool UsesFoldCase { get; set; }
        /// <summary>What a whole-input match starts and ends with (null when not known): a cheap refusal before the automaton.</summary>
        internal GoRegexEnds? Ends { get; set; }
        internal Dictionary<string, int> GroupNames { get; } = new Dictionary<string, int>(StringComparer.Ordinal);
        internal int CaptureCount { get; set; }

        public bool IsValid => _errorCode == null;

        private static readonly Common.BoundedCache<GoRegex> Cache = new Common.BoundedCache<GoRegex>(100000);

        /// <summary>Parses (once per text) as Go's regexp.Compile does, with the Perl flags (OneLine, PerlX, UnicodeGroups, ClassNL).</summary>
        public static GoRegex Compile(string pattern)
        {
            if (Cache.TryGetValue(pattern, out var cached)) return cached;
            var r = new GoRegexTranslator(pattern).Translate();
            Cache.Add(pattern, r);
            return r;
        }

        /// <summary>Whether the result for this input can be trusted (case folding beyond ASCII follows Go's own tables, not reproduced).</summary>
        internal string? CheckInput(string input)
        {
            if (!UsesFoldCase) return null;
            foreach (var ch in input)
            {
                if (ch > 0x7F)
                    return "case-insensitive matching of the non-ASCII input " + Common.GoText.Quote(input) + " may differ between Go's simple folding and .NET";
            }
            return null;
        }

        /// <summary>Unanchored search (Go's MatchString). Call only when IsValid and Unsupported is null.</summary>
        internal bool IsMatch(string input) => (Ends == null || Ends.MayMatch(input)) && Machine.IsMatch(input);

        /// <summary>Go's Regexp.ReplaceAllString with $1 / ${name} expansion.</summary>
        internal string ReplaceAll(string input, string template)
        {
            return Machine.ReplaceAll(input, caps => Expand(template, caps, input));
        }

        private string Expand(string template, int[] caps, string input)
        {
            // regexp.go expand()/extract(): $name or ${name}; name is the longest run of Unicode letters, digits and '_'; $$ is '$'.
            var sb = new StringBuilder();
            int i = 0;
            while (i < template.Length)
            {
                int d = template.IndexOf('$', i);
                if (d < 0) { sb.Append(template, i, template.Length - i); break; }
                sb.Append(template, i, d - i);
                i = d + 1;
                if (i < template.Length && template[i] == '$') { sb.Append('$'); i++; continue; }
                string? name = null;
                if (i < template.Length && template[i] == '{')
                {
                    int j = NameEnd(template, i + 1);
                    if (j > i + 1 && j < template.Length && template[j] == '}') { name = template.Substring(i + 1, j - i - 1); i = j + 1; }
                }
                else
                {
                    int j = NameEnd(template, i);
                    if (j > i) { name = template.Substring(i, j - i); i = j; }
                }
                if (name == null) { sb.Append('$'); continue; }   // malformed: Go copies the '$' literally
                int group = -1;
                int num = GroupNumber(name);
                if (num >= 0)
                {
                    if (num <= CaptureCount) group = num;
                }
                else if (GroupNames.TryGetValue(name, out var idx)) group = idx;
                if (group >= 0 && caps[2 * group] >= 0 && caps[2 * group + 1] >= 0)
                    sb.Append(input, caps[2 * group], caps[2 * group + 1] - caps[2 * group]);
            }
            return sb.ToString();
        }

        /// <summary>Where a name that starts at <paramref name="start"/> ends: Go's unicode.IsLetter, unicode.IsDigit (Nd) or '_', by code point.</summary>
        internal static int NameEnd(string text, int start)
        {
            int j = start;
            while (j < text.Length)
            {
                if (text[j] == '_') { j++; continue; }
                switch (CharUnicodeInfo.GetUnicodeCategory(text, j))
                {
                    case UnicodeCategory.UppercaseLetter:
                    case UnicodeCategory.LowercaseLetter:
                    case UnicodeCategory.TitlecaseLetter:
                    case UnicodeCategory.ModifierLetter:
                    case UnicodeCategory.OtherLetter:
                    case UnicodeCategory.DecimalDigitNumber:
                        j += char.IsSurrogatePair(text, j) ? 2 : 1;
                        continue;
                }
                break;
            }
            return j;
        }

        /// <summary>
        /// regexp.go extract(): a name is a group number only when it is ASCII digits without a leading zero, read while
        /// the number stays under 1e8; else -1 (a group name, which may be unknown and then expands to nothing).
        /// </summary>
        internal static int GroupNumber(string name)
        {
            int num = 0;
            foreach (char c in name)
            {
                if (c < '0' || c > '9' || num >= 100000000) return -1;
                num = num * 10 + (c - '0');
            }
            return name.Length > 1 && name[0] == '0' ? -1 : num;
        }
    }

    /// <summary>Go's syntax.Error: a code and the fragment of the pattern it quotes, kept as a range (never copied out).</summary>
    internal sealed class GoRegexException : Exception
    {
        public GoRegexException(string code, int start, int end) : base(code)
        {
            Code = code;
            Start = start;
            End = end;
        }

        public string Code { get; }
        public int Start { get; }
        public int End { get; }
    }

    internal sealed class GoRegexUnsupported : Exception
    {
        public GoRegexUnsupported(string why) : base(why) { }
    }

    /// <summary>
    /// Walks the pattern as Go's regexp/syntax parse() does (same error codes and fragments) and builds its tree
    /// (ASCII \d\w\s\b as in Go, explicit classes) for <see cref="GoRegexMachine"/>.
    /// </summary>
    internal sealed class GoRegexTranslator
    {
        private const string ErrMissingParen = "missing closing )";
        private const string ErrUnexpectedParen = "unexpected )";
        private const string ErrMissingBracket = "missing closing ]";
        private const string ErrMissingRepeatArgument = "missing argument to repetition operator";
        private const string ErrInvalidRepeatOp = "invalid nested repetition operator";
        private const string ErrInvalidRepeatSize = "invalid repeat count";
        private const string ErrInvalidCharRange = "invalid character class range";
        private const string ErrInvalidEscape = "invalid escape sequence";
        private const string ErrInvalidPerlOp = "invalid or unsupported Perl syntax";
        private const string ErrInvalidNamedCapture = "invalid named capture";
        private const string ErrTrailingBackslash = "trailing backslash at end of expression";
        private const string ErrNestingDepth = "expression nests too deeply";

        [Flags]
        private enum F { None = 0, FoldCase = 1, OneLine = 2, DotNL = 4, NonGreedy = 8 }

        private sealed class Item
        {
            public RNode Node = null!; // null only on pseudo markers (left paren, bar), which are never read as operands
            public bool Pseudo;         // left paren or vertical bar marker
            public bool IsBar;
            public bool IsLeftParen;
            public F SavedFlags;        // flags to restore at ')'
            public int Cap;             // capture index (0: non-capturing)
            public string? Name;
            public int Weight = 1;      // nested {n} product for repeatIsValid
        }

        private readonly string _s;
        private readonly GoRegex _result;
        private readonly List<Item> _stack = new List<Item>();
        private F _flags = F.OneLine;
        private int _numCap;
        private bool _foldUsed;

        public GoRegexTranslator(string pattern)
        {
            _s = pattern;
            _result = new GoRegex { Pattern = pattern };
        }

        public GoRegex Translate()
        {
            try
            {
                var root = Parse();
                _result.UsesFoldCase = _foldUsed;
                _result.CaptureCount = _numCap;
                _result.Machine = new GoRegexMachine(root, _numCap);
                // Case folding is left to the automaton (its sets are folded there).
                if (!_foldUsed) _result.Ends = GoRegexEnds.For(root);
            }
            catch (GoRegexException e)
            {
                _result.SetError(e.Code, e.Start, e.End);
            }
            catch (GoRegexUnsupported e)
            {
                _result.Unsupported = e.Message;
            }
            return _result;
        }

        private void Push(RNode node, int weight = 1) => _stack.Add(new Item { Node = node, Weight = weight });

        private static readonly RSet AnyChar = new RSet(new[] { 0, 0x10FFFF }, null, false);
        private static readonly RSet AnyCharNotNL = new RSet(new[] { 0, '\n' - 1, '\n' + 1, 0x10FFFF }, null, false);

        private RNode Parse()
        {
            string s = _s;
            int t = 0;
            int lastRepeatPos = -1;
            while (t < s.Length)
            {
                int repeatPos = -1;
                char c = s[t];
                switch (c)
                {
                    case '(':
                        if (t + 1 < s.Length && s[t + 1] == '?')
                        {
                            t = ParsePerlFlags(t);
                            break;
                        }
                        _numCap++;
                        if (_stack.Count > 1000) throw new GoRegexException(ErrNestingDepth, 0, s.Length);
                        _stack.Add(new Item { Pseudo = true, IsLeftParen = true, SavedFlags = _flags, Cap = _numCap });
                        t++;
                        break;
                    case '|':
                        Concat();
                        if (!SwapVerticalBar()) _stack.Add(new Item { Pseudo = true, IsBar = true });
                        t++;
                        break;
                    case ')':
                        ParseRightParen();
                        t++;
                        break;
                    case '^':
                        Push(new RAssert((_flags & F.OneLine) != 0 ? AssertKind.BeginText : AssertKind.BeginLine));
                        t++;
                        break;
                    case '$':
                        Push(new RAssert((_flags & F.OneLine) != 0 ? AssertKind.EndText : AssertKind.EndLine));
                        t++;
                        break;
                    case '.':
                        Push((_flags & F.DotNL) != 0 ? AnyChar : AnyCharNotNL);
                        t++;
                        break;
                    case '[':
                        t = ParseClass(t);
                        break;
                    case '*':
                    case '+':
                    case '?':
                        {
                            int before = t;
                            int after = t + 1;
                            after = Repeat(c.ToString(), 0, 0, false, before, after, lastRepeatPos);
                            repeatPos = before;
                            t = after;
                            break;
                        }
                    case '{':
                        {
                            int before = t;
                            if (!ParseRepeat(t, out int min, out int max, out int after))
                            {
                                Push(RSet.Single('{'));
                                t++;
                                break;
                            }
                            if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max))
                                throw new GoRegexException(ErrInvalidRepeatSize, before, after);
                            after = Repeat(null, min, max, true, before, after, lastRepeatPos);
                            repeatPos = before;
                            t = after;
                            break;
                        }
                    case '\\':
                        t = ParseBackslash(t);
                        break;
                    default:
                        {
                            int cp = NextRune(t, out int next);
                            Push(Literal(cp));
                            t = next;
                            break;
                        }
                }
                lastRepeatPos = repeatPos;
            }
            Concat();
            if (SwapVerticalBar()) _stack.RemoveAt(_stack.Count - 1);
            Alternate();
            if (_stack.Count != 1) throw new GoRegexException(ErrMissingParen, 0, s.Length);
            return _stack[0].Node;
        }

        // ---- repetition ------------------------------------------------------------------------------------

        private int Repeat(string? op, int min, int max, bool counted, int before, int after, int lastRepeatPos)
        {
            bool lazy = false;
            if (after < _s.Length && _s[after] == '?')
            {
                after++;
                lazy = true;
            }
            if (lastRepeatPos >= 0)
                throw new GoRegexException(ErrInvalidRepeatOp, lastRepeatPos, after);
            int n = _stack.Count;
            if (n == 0 || _stack[n - 1].Pseudo)
                throw new GoRegexException(ErrMissingRepeatArgument, before, after);
            var sub = _stack[n - 1];
            if ((_flags & F.NonGreedy) != 0) lazy = !lazy;
            int weight = sub.Weight;
            if (!counted)
            {
                min = op == "+" ? 1 : 0;
                max = op == "?" ? 1 : -1;
            }
            else
            {
                // parse.go repeatIsValid: nested counted repeats may not exceed 1000 copies.
                int m = max < 0 ? min : max;
                if (m == 0) weight = 1;
                else
                {
                    if ((min >= 2 || max >= 2) && (long)m * sub.Weight > 1000)
                        throw new GoRegexException(ErrInvalidRepeatSize, before, after);
                    weight = m * sub.Weight;
                }
            }
            _stack[n - 1] = new Item { Node = new RRepeat(sub.Node, min, max, lazy), Weight = weight };
            return after;
        }

        private bool ParseRepeat(int t, out int min, out int max, out int rest)
        {
            min = max = 0;
            rest = t;
            string s = _s;
            if (t >= s.Length || s[t] != '{') return false;
            t++;
            if (!ParseInt(ref t, out min)) return false;
            if (t >= s.Length) return false;
            if (s[t] != ',') max = min;
            else
            {
                t++;
                if (t >= s.Length) return false;
                if (s[t] == '}') max = -1;
                else if (!ParseInt(ref t, out max)) return false;
                else if (max < 0) min = -1;
            }
            if (t >= s.Length || s[t] != '}') return false;
            rest = t + 1;
            return true;
        }

        private bool ParseInt(ref int t, out int n)
        {
            n = 0;
            string s = _s;
            if (t >= s.Length || s[t] < '0' || s[t] > '9') return false;
            if (t + 1 < s.Length && s[t] == '0' && s[t + 1] >= '0' && s[t + 1] <= '9') return false;
            int start = t;
            while (t < s.Length && s[t] >= '0' && s[t] <= '9') t++;
            for (int i = start; i < t; i++)
            {
                if (n >= 100000000) { n = -1; break; }
                n = n * 10 + (s[i] - '0');
            }
            return true;
        }

        // ---- groups and alternation -------------------------------------------------------------------------

        private int ParsePerlFlags(int start)
        {
            string s = _s;
            int len = s.Length - start;
            bool startsWithP = len > 4 && s[start + 2] == 'P' && s[start + 3] == '<';
            bool startsWithName = len > 3 && s[start + 2] == '<';
            if (startsWithP || startsWithName)
            {
                int exprStart = startsWithName ? 3 : 4;
                int end = s.IndexOf('>', start);
                if (end < 0) throw new GoRegexException(ErrInvalidNamedCapture, start, s.Length);
                string name = s.Substring(start + exprStart, end - start - exprStart);
                if (name.Length == 0) throw new GoRegexException(ErrInvalidNamedCapture, start, end + 1);
                foreach (var ch in name)
                    if (!(ch == '_' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
                        throw new GoRegexException(ErrInvalidNamedCapture, start, end + 1);
                _numCap++;
                _stack.Add(new Item { Pseudo = true, IsLeftParen = true, SavedFlags = _flags, Cap = _numCap, Name = name });
                if (!_result.GroupNames.ContainsKey(name)) _result.GroupNames[name] = _numCap;
                return end + 1;
            }
            int t = start + 2;
            F flags = _flags;
            int sign = 1;
            bool sawFlag = false;
            while (t < s.Length)
            {
                char c = s[t];
                t++;
                switch (c)
                {
                    case 'i': flags = sign > 0 ? flags | F.FoldCase : flags & ~F.FoldCase; sawFlag = true; continue;
                    case 'm': flags = sign > 0 ? flags & ~F.OneLine : flags | F.OneLine; sawFlag = true; continue;
                    case 's': flags = sign > 0 ? flags | F.DotNL : flags & ~F.DotNL; sawFlag = true; continue;
                    case 'U': flags = sign > 0 ? flags | F.NonGreedy : flags & ~F.NonGreedy; sawFlag = true; continue;
                    case '-':
                        if (sign < 0) goto Bad;
                        sign = -1;
                        sawFlag = false;
                        continue;
                    case ':':
                    case ')':
                        if (sign < 0 && !sawFlag) goto Bad;
                        if (c == ':') _stack.Add(new Item { Pseudo = true, IsLeftParen = true, SavedFlags = _flags, Cap = 0 });
                        _flags = flags;
                        return t;
                    default:
                        goto Bad;
                }
            }
        Bad:
            if (t > s.Length) t = s.Length;
            throw new GoRegexException(ErrInvalidPerlOp, start, t);
        }

        private void ParseRightParen()
        {
            Concat();
            if (SwapVerticalBar()) _stack.RemoveAt(_stack.Count - 1);
            Alternate();
            int n = _stack.Count;
            if (n < 2) throw new GoRegexException(ErrUnexpectedParen, 0, _s.Length);
            var re1 = _stack[n - 1];
            var re2 = _stack[n - 2];
            _stack.RemoveRange(n - 2, 2);
            if (!re2.IsLeftParen) throw new GoRegexException(ErrUnexpectedParen, 0, _s.Length);
            _flags = re2.SavedFlags;
            var node = re2.Cap == 0 ? re1.Node : new RCapture(re2.Cap, re1.Node);
            _stack.Add(new Item { Node = node, Weight = re1.Weight });
        }

        private void Concat()
        {
            int i = _stack.Count;
            while (i > 0 && !_stack[i - 1].Pseudo) i--;
            var items = new List<RNode>();
            int weight = 1;
            for (int j = i; j < _stack.Count; j++)
            {
                items.Add(_stack[j].Node);
                weight = Math.Max(weight, _stack[j].Weight);
            }
            _stack.RemoveRange(i, _stack.Count - i);
            _stack.Add(new Item { Node = items.Count == 1 ? items[0] : new RConcat(items), Weight = weight });
        }

        private bool SwapVerticalBar()
        {
            int n = _stack.Count;
            if (n >= 2 && _stack[n - 2].IsBar)
            {
                var re1 = _stack[n - 1];
                _stack[n - 1] = _stack[n - 2];
                _stack[n - 2] = re1;
                return true;
            }
            return false;
        }

        // Collapses "x | y | bar" above the topmost '(' into one alternation item.
        private void Alternate()
        {
            int i = _stack.Count;
            while (i > 0 && !_stack[i - 1].IsLeftParen) i--;
            var parts = new List<RNode>();
            int weight = 1;
            for (int j = i; j < _stack.Count; j++)
            {
                if (_stack[j].IsBar) continue;
                parts.Add(_stack[j].Node);
                weight = Math.Max(weight, _stack[j].Weight);
            }
            // Sub-expressions were pushed as: alt1, bar(, alt2 swapped below bar)... order kept by walking the stack.
            _stack.RemoveRange(i, _stack.Count - i);
            _stack.Add(new Item { Node = parts.Count == 1 ? parts[0] : new RAlt(parts), Weight = weight });
        }

        // ---- escapes -------------------------------------------------------------------------------------------

        private int ParseBackslash(int t)
        {
            string s = _s;
            if (t + 1 < s.Length)
            {
                switch (s[t + 1])
                {
                    case 'A': Push(new RAssert(AssertKind.BeginText)); return t + 2;
                    case 'b': Push(new RAssert(AssertKind.WordBoundary)); return t + 2;
                    case 'B': Push(new RAssert(AssertKind.NoWordBoundary)); return t + 2;
                    case 'C': throw new GoRegexException(ErrInvalidEscape, t, t + 2);
                    case 'Q':
                        {
                            int e = s.IndexOf(@"\E", t + 2, StringComparison.Ordinal);
                            string lit = e < 0 ? s.Substring(t + 2) : s.Substring(t + 2, e - t - 2);
                            int i = 0;
                            while (i < lit.Length)
                            {
                                int cp = CharExtensions.ConvertToUtf32OrSelfImpl(lit, i, out int width);
                                Push(Literal(cp));
                                i += width;
                            }
                            return e < 0 ? s.Length : e + 2;
                        }
                    case 'z': Push(new RAssert(AssertKind.EndText)); return t + 2;
                }
            }
            if (t + 1 < s.Length && (s[t + 1] == 'p' || s[t + 1] == 'P'))
            {
                var cls = new ClassBuilder();
                int rest = ParseUnicodeClass(t, cls);
                Push(cls.Emit());
                return rest;
            }
            if (t + 1 < s.Length && IsPerlClass(s[t + 1]))
            {
                var cls = new ClassBuilder();
                AddPerlClass(s[t + 1], cls);
                Push(cls.Emit());
                return t + 2;
            }
            int c = ParseEscape(t, out int next);
            Push(Literal(c));
            return next;
        }

        private int ParseEscape(int t, out int next)
        {
            string s = _s;
            int p = t + 1;
            if (p >= s.Length) throw new GoRegexException(ErrTrailingBackslash, 0, 0);
            int c = NextRune(p, out p);
            switch (c)
            {
                case '1': case '2': case '3': case '4': case '5': case '6': case '7':
                    if (p >= s.Length || s[p] < '0' || s[p] > '7') break;
                    goto case '0';
                case '0':
                    {
                        int r = c - '0';
                        for (int i = 1; i < 3; i++)
                        {
                            if (p >= s.Length || s[p] < '0' || s[p] > '7') break;
                            r = r * 8 + (s[p] - '0');
                            p++;
                        }
                        next = p;
                        return r;
                    }
                case 'x':
                    {
                        if (p >= s.Length) break;
                        int c2 = NextRune(p, out p);
                        if (c2 == '{')
                        {
                            int nhex = 0, r = 0;
                            while (true)
                            {
                                if (p >= s.Length) goto Invalid;
                                int c3 = NextRune(p, out p);
                                if (c3 == '}') break;
                                int v = Unhex(c3);
                                if (v < 0) goto Invalid;
                                r = r * 16 + v;
                                if (r > 0x10FFFF) goto Invalid;
                                nhex++;
                            }
                            if (nhex == 0) goto Invalid;
                            next = p;
                            return r;
                        }
                        int x = Unhex(c2);
                        if (p >= s.Length) goto Invalid;
                        int y = Unhex(NextRune(p, out p));
                        if (x < 0 || y < 0) goto Invalid;
                        next = p;
                        return x * 16 + y;
                    }
                case 'a': next = p; return 7;
                case 'f': next = p; return 12;
                case 'n': next = p; return 10;
                case 'r': next = p; return 13;
                case 't': next = p; return 9;
                case 'v': next = p; return 11;
                default:
                    if (c < 0x80 && !IsAlnum(c))
                    {
                        next = p;
                        return c;
                    }
                    break;
            }
        Invalid:
            throw new GoRegexException(ErrInvalidEscape, t, Math.Min(p, s.Length));
        }

        private static bool IsAlnum(int c) => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

        private static int Unhex(int c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        private int NextRune(int t, out int next)
        {
            int cp = CharExtensions.ConvertToUtf32OrSelfImpl(_s, t, out int width);
            next = t + width;
            return cp;
        }

        // ---- literals and classes --------------------------------------------------------------------------

        internal RNode Literal(int cp)
        {
            bool fold = (_flags & F.FoldCase) != 0 && HasCase(cp);
            if (!fold) return RSet.Single(cp);
            _foldUsed = true;
            // unicode.SimpleFold orbits; beyond ASCII the input is refused by CheckInput, so the .NET case pair is enough.
            var set = new List<int> { cp, cp };
            void Add(int c) { set.Add(c); set.Add(c); }
            if (cp < 0x80) foreach (var c in FoldAscii(new[] { cp, cp })) set.Add(c);
            else if (cp <= 0xFFFF)
            {
                Add(char.ToUpperInvariant((char)cp));
                Add(char.ToLowerInvariant((char)cp));
                if (cp == 0x212A) { Add('k'); Add('K'); }
                if (cp == 0x017F) { Add('s'); Add('S'); }
            }
            return new RSet(ClassBuilder.Clean(set).ToArray(), null, false);
        }

        private static bool HasCase(int cp) => cp < 0x80 ? ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) : true;

        private static bool IsPerlClass(char c) => c == 'd' || c == 'D' || c == 's' || c == 'S' || c == 'w' || c == 'W';

        private static readonly int[] Digit = { '0', '9' };
        private static readonly int[] Space = { '\t', '\n', '\f', '\f', '\r', '\r', ' ', ' ' };
        private static readonly int[] Word = { '0', '9', 'A', 'Z', '_', '_', 'a', 'z' };

        private void AddPerlClass(char c, ClassBuilder cls)
        {
            // perl_groups.go: \d \s \w are ASCII-only in Go.
            int[] ranges = char.ToLowerInvariant(c) == 'd' ? Digit : char.ToLowerInvariant(c) == 's' ? Space : Word;
            AddGroup(cls, ranges, char.IsUpper(c));
        }

        private void AddGroup(ClassBuilder cls, int[] ranges, bool negated)
        {
            if ((_flags & F.FoldCase) != 0) ranges = FoldAscii(ranges);
            if (negated) cls.AddNegated(ranges);
            else for (int i = 0; i < ranges.Length; i += 2) cls.AddRange(ranges[i], ranges[i + 1]);
        }

        // Case folding of ASCII ranges the way appendFoldedRange does (plus Kelvin sign and long s, which Go folds).
        private static int[] FoldAscii(int[] ranges)
        {
            var set = new List<int>();
            for (int i = 0; i < ranges.Length; i += 2)
            {
                set.Add(ranges[i]);
                set.Add(ranges[i + 1]);
                for (int c = ranges[i]; c <= ranges[i + 1]; c++)
                {
                    if (c >= 'a' && c <= 'z') { set.Add(c - 32); set.Add(c - 32); }
                    if (c >= 'A' && c <= 'Z') { set.Add(c + 32); set.Add(c + 32); }
                    if (c == 'k' || c == 'K') { set.Add(0x212A); set.Add(0x212A); }
                    if (c == 's' || c == 'S') { set.Add(0x017F); set.Add(0x017F); }
                }
            }
            return ClassBuilder.Clean(set).ToArray();
        }

        private static readonly Dictionary<string, int[]> Posix = new Dictionary<string, int[]>(StringComparer.Ordinal)
        {
            ["[:alnum:]"] = new int[] { '0', '9', 'A', 'Z', 'a', 'z' },
            ["[:alpha:]"] = new int[] { 'A', 'Z', 'a', 'z' },
            ["[:ascii:]"] = new[] { 0, 0x7F },
            ["[:blank:]"] = new int[] { '\t', '\t', ' ', ' ' },
            ["[:cntrl:]"] = new[] { 0, 0x1F, 0x7F, 0x7F },
            ["[:digit:]"] = new int[] { '0', '9' },
            ["[:graph:]"] = new int[] { '!', '~' },
            ["[:lower:]"] = new int[] { 'a', 'z' },
            ["[:print:]"] = new int[] { ' ', '~' },
            ["[:punct:]"] = new int[] { '!', '/', ':', '@', '[', '`', '{', '~' },
            ["[:space:]"] = new int[] { '\t', '\r', ' ', ' ' },
            ["[:upper:]"] = new int[] { 'A', 'Z' },
            ["[:word:]"] = new int[] { '0', '9', 'A', 'Z', 'a', 'z', '_', '_' },
            ["[:xdigit:]"] = new int[] { '0', '9', 'A', 'F', 'a', 'f' },
        };

        // .NET supports the Unicode general categories under the same names.
        private static readonly HashSet<string> Categories = new HashSet<string>(StringComparer.Ordinal)
        {
            "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe",
            "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Cs", "Co",
        };

        private int ParseUnicodeClass(int t, ClassBuilder cls)
        {
            string s = _s;
            bool negate = s[t + 1] == 'P';
            int p = t + 2;
            if (p >= s.Length) throw new GoRegexException(ErrInvalidCharRange, t, s.Length);
            string seq, name;
            int rest;
            int c = NextRune(p, out int afterC);
            if (c != '{')
            {
                seq = s.Substring(t, afterC - t);
                name = seq.Substring(2);
                rest = afterC;
            }
            else
            {
                int end = s.IndexOf('}', t);
                if (end < 0) throw new GoRegexException(ErrInvalidCharRange, t, s.Length);
                seq = s.Substring(t, end + 1 - t);
                name = s.Substring(t + 3, end - t - 3);
                rest = end + 1;
            }
            if (name.Length > 0 && name[0] == '^')
            {
                negate = !negate;
                name = name.Substring(1);
            }
            string canon = CanonicalName(name);
            if (canon == "Any")
            {
                if (negate) cls.MarkEmptyPossible(); else cls.AddRange(0, 0x10FFFF);
                return rest;
            }
            if (canon == "Ascii")
            {
                if (negate) cls.AddNegated(new[] { 0, 0x7F }); else cls.AddRange(0, 0x7F);
                return rest;
            }
            if (canon == "Lc") canon = "LC";
            if (Categories.Contains(canon))
            {
                if ((_flags & F.FoldCase) != 0) _foldUsed = true;
                cls.AddCategory(canon, negate);
                return rest;
            }
            // Scripts (Greek, Han, ...), LC and aliases: .NET has no script tables, and which names exist depends on
            // the Go version's Unicode tables, so this cannot be decided offline.
            throw new GoRegexUnsupported("the Unicode class " + seq + " is not evaluated offline (.NET has no Unicode script classes)");
        }

        private static string CanonicalName(string name)
        {
            var sb = new StringBuilder();
            bool first = true;
            foreach (char ch in name)
            {
                char c = ch;
                if (c == '_' || c == '-' || c == ' ') continue;
                if (first) { c = c >= 'a' && c <= 'z' ? (char)(c - 32) : c; first = false; }
                else if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
                sb.Append(c);
            }
            return sb.ToString();
        }

        private int ParseClass(int start)
        {
            string s = _s;
            int t = start + 1;
            var cls = new ClassBuilder();
            if (t < s.Length && s[t] == '^')
            {
                cls.Negated = true;
                t++;
            }
            bool first = true;
            while (t >= s.Length || s[t] != ']' || first)
            {
                first = false;
                if (t + 2 < s.Length && s[t] == '[' && s[t + 1] == ':')
                {
                    int i = s.IndexOf(":]", t + 2, StringComparison.Ordinal);
                    if (i >= 0)
                    {
                        string name = s.Substring(t, i + 2 - t);
                        bool neg = name.StartsWith("[:^", StringComparison.Ordinal);
                        string key = neg ? "[:" + name.Substring(3) : name;
                        if (!Posix.TryGetValue(key, out var ranges)) throw new GoRegexException(ErrInvalidCharRange, t, i + 2);
                        AddGroup(cls, ranges, neg);
                        t = i + 2;
                        continue;
                    }
                }
                if (t + 1 < s.Length && s[t] == '\\' && (s[t + 1] == 'p' || s[t + 1] == 'P'))
                {
                    t = ParseUnicodeClass(t, cls);
                    continue;
                }
                if (t + 1 < s.Length && s[t] == '\\' && IsPerlClass(s[t + 1]))
                {
                    AddPerlClass(s[t + 1], cls);
                    t += 2;
                    continue;
                }
                int rng = t;
                int lo = ParseClassChar(ref t, start);
                int hi = lo;
                if (t + 1 < s.Length && s[t] == '-' && s[t + 1] != ']')
                {
                    t++;
                    hi = ParseClassChar(ref t, start);
                    if (hi < lo) throw new GoRegexException(ErrInvalidCharRange, rng, t);
                }
                if ((_flags & F.FoldCase) != 0)
                {
                    if (hi > 0x7F || lo > 0x7F) { _foldUsed = true; cls.FoldNonAscii = true; }
                    var folded = FoldAscii(new[] { lo, Math.Min(hi, 0x7F) });
                    if (lo <= 0x7F) for (int i = 0; i < folded.Length; i += 2) cls.AddRange(folded[i], folded[i + 1]);
                    if (hi > 0x7F) cls.AddRange(Math.Max(lo, 0x80), hi);
                }
                else cls.AddRange(lo, hi);
            }
            t++;
            Push(cls.Emit());
            return t;
        }

        private int ParseClassChar(ref int t, int classStart)
        {
            if (t >= _s.Length) throw new GoRegexException(ErrMissingBracket, classStart, _s.Length);
            if (_s[t] == '\\')
            {
                int c = ParseEscape(t, out int next);
                t = next;
                return c;
            }
            return NextRune(t, out t);
        }

        /// <summary>A character class as rune ranges plus Unicode general categories.</summary>
        internal sealed class ClassBuilder
        {
            private readonly List<int> _ranges = new List<int>();
            private readonly List<KeyValuePair<string, bool>> _categories = new List<KeyValuePair<string, bool>>();
            public bool Negated;
            public bool FoldNonAscii;
            private bool _emptyNegation;

            public void AddRange(int lo, int hi)
            {
                _ranges.Add(lo);
                _ranges.Add(hi);
            }

            public void AddNegated(int[] ranges)
            {
                int nextLo = 0;
                for (int i = 0; i < ranges.Length; i += 2)
                {
                    if (nextLo <= ranges[i] - 1) AddRange(nextLo, ranges[i] - 1);
                    nextLo = ranges[i + 1] + 1;
                }
                if (nextLo <= 0x10FFFF) AddRange(nextLo, 0x10FFFF);
            }

            public void AddCategory(string name, bool negated) => _categories.Add(new KeyValuePair<string, bool>(name, negated));

            public void MarkEmptyPossible() => _emptyNegation = true;

            public static List<int> Clean(List<int> r)
            {
                var pairs = new List<KeyValuePair<int, int>>();
                for (int i = 0; i < r.Count; i += 2) pairs.Add(new KeyValuePair<int, int>(r[i], r[i + 1]));
                pairs.Sort((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : b.Value.CompareTo(a.Value));
                var o = new List<int>();
                foreach (var p in pairs)
                {
                    if (o.Count > 0 && p.Key <= o[o.Count - 1] + 1)
                    {
                        if (p.Value > o[o.Count - 1]) o[o.Count - 1] = p.Value;
                        continue;
                    }
                    o.Add(p.Key);
                    o.Add(p.Value);
                }
                return o;
            }

            public RSet Emit()
            {
                var ranges = Clean(_ranges);
                if (FoldNonAscii) throw new GoRegexUnsupported("case-insensitive character classes beyond ASCII are not evaluated offline");
                if (_emptyNegation && !Negated && ranges.Count == 0 && _categories.Count == 0) return RSet.None;
                return new RSet(ranges.ToArray(), _categories.Count == 0 ? null : new List<KeyValuePair<string, bool>>(_categories), Negated);
            }
        }
    }

    internal static class CharExtensions
    {
        public static int ConvertToUtf32OrSelfImpl(string s, int i, out int width)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                width = 2;
                return char.ConvertToUtf32(s[i], s[i + 1]);
            }
            width = 1;
            return s[i];
        }
    }
}
