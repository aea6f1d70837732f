using System;
using System.Collections.Generic;

namespace TeleportMcp.Engine.Rbac
{
    public enum MatchOutcome
    {
        NoMatch = 0,
        Match = 1,
        /// <summary>Teleport fails the whole check (P6).</summary>
        Error = 2,
        /// <summary>The module cannot decide offline.</summary>
        Unknown = 3,
    }

    public struct MatchResult
    {
        public MatchOutcome Outcome { get; set; }
        /// <summary>Go's error text (Error) or why it cannot be decided (Unknown).</summary>
        public string Detail { get; set; }
        /// <summary>The entry that decided (Match/Error/Unknown), as given to the matcher.</summary>
        public string Entry { get; set; }

        public static readonly MatchResult No = new MatchResult { Outcome = MatchOutcome.NoMatch };
    }

    /// <summary>
    /// One mcp.tools entry or label value as Teleport's utils.MatchString sees it (lib/utils/replace.go).
    /// Compiled once per text and cached.
    /// </summary>
    public sealed class TeleportPattern
    {
        private static readonly Common.BoundedCache<TeleportPattern> Cache = new Common.BoundedCache<TeleportPattern>(200000);

        public string Text { get; }

        /// <summary>P1: a regex only when it starts with ^ and ends with $.</summary>
        public bool IsRegex { get; }

        /// <summary>Go's compile error (P6), or null.</summary>
        public string? Error => _regex?.Error;

        /// <summary><see cref="Error"/> as a message in pieces (<see cref="GoRegex.ErrorText"/>), or null.</summary>
        public Common.MessageText? ErrorText => _regex?.ErrorText;

        /// <summary>Why the regex cannot be evaluated exactly offline, or null.</summary>
        public string? Unsupported => _regex?.Unsupported;

        public bool IsWildcardAll => !IsRegex && Text == "*";

        private readonly GoRegex? _regex;
        private readonly string[]? _segments;   // glob: literal parts between '*' (null when no '*')
        // The ASCII characters a whole-input match can start and end with (GoRegexEnds), kept here so that refusing
        // a tool name touches nothing else: bit c of _first/_last, for c < 128.
        private readonly bool _asciiEnds;
        private readonly ulong _first0, _first1, _last0, _last1;

        private TeleportPattern(string text)
        {
            Text = text;
            // lib/utils/replace.go CompileExpression: regex only with both anchors (P1).
            IsRegex = text.Length > 0 && text[0] == '^' && text[text.Length - 1] == '$';
            if (IsRegex)
            {
                _regex = GoRegex.Compile(text);
                if (_regex.Ends != null)
                {
                    _asciiEnds = true;
                    for (int c = 0; c < 128; c++)
                    {
                        if (_regex.Ends.MayStartWith(c)) { if (c < 64) _first0 |= 1UL << c; else _first1 |= 1UL << (c - 64); }
                        if (_regex.Ends.MayEndWith(c)) { if (c < 64) _last0 |= 1UL << c; else _last1 |= 1UL << (c - 64); }
                    }
                }
            }
            else if (text.IndexOf('*') >= 0) _segments = text.Split('*');
        }

        public static TeleportPattern Get(string text)
        {
            if (Cache.TryGetValue(text, out var p)) return p;
            p = new TeleportPattern(text);
            Cache.Add(text, p);
            return p;
        }

        public MatchResult Match(string input)
        {
            if (_asciiEnds && input.Length > 0)
            {
                char a = input[0], z = input[input.Length - 1];
                if (a < 128 && z < 128 && (!Has(_first0, _first1, a) || !Has(_last0, _last1, z))) return MatchResult.No;
            }
            if (_regex == null)
                return GlobMatch(input) ? new MatchResult { Outcome = MatchOutcome.Match, Entry = Text } : MatchResult.No;
            if (_regex.Error != null) return new MatchResult { Outcome = MatchOutcome.Error, Detail = _regex.Error, Entry = Text };
            if (_regex.Unsupported != null) return new MatchResult { Outcome = MatchOutcome.Unknown, Detail = "regex " + Common.GoText.Quote(Text) + ": " + _regex.Unsupported, Entry = Text };
            var why = _regex.CheckInput(input);
            if (why != null) return new MatchResult { Outcome = MatchOutcome.Unknown, Detail = "regex " + Common.GoText.Quote(Text) + ": " + why, Entry = Text };
            bool hit = _regex.IsMatch(input);
            return hit ? new MatchResult { Outcome = MatchOutcome.Match, Entry = Text } : MatchResult.No;
        }

        private static bool Has(ulong lo, ulong hi, char c) => c < 64 ? (lo & (1UL << c)) != 0 : (hi & (1UL << (c - 64))) != 0;

        // P2: GlobToRegexp quotes everything and turns each '*' into (.*); Go's '.' does not match '\n'.
        private bool GlobMatch(string input)
        {
            if (_segments == null) return string.Equals(input, Text, StringComparison.Ordinal);
            var segs = _segments;
            string first = segs[0], last = segs[segs.Length - 1];
            if (input.Length < first.Length + last.Length) return false;
            if (!input.StartsWith(first, StringComparison.Ordinal) || !input.EndsWith(last, StringComparison.Ordinal)) return false;
            if (input.IndexOf('\n') >= 0) return NewlineAwareMatch(input, segs, 0, 0);
            int pos = first.Length;
            int end = input.Length - last.Length;
            for (int i = 1; i < segs.Length - 1; i++)
            {
                if (segs[i].Length == 0) continue;
                int at = input.IndexOf(segs[i], pos, end - pos, StringComparison.Ordinal);
                if (at < 0) return false;
                pos = at + segs[i].Length;
            }
            return true;
        }

        // Rare path: a '*' may not cover a '\n'. Plain backtracking over segment positions.
        private static bool NewlineAwareMatch(string input, string[] segs, int segIndex, int pos)
        {
            if (segIndex == 0)
                return NewlineAwareMatch(input, segs, 1, segs[0].Length);
            if (segIndex == segs.Length)
                return pos == input.Length;
            string seg = segs[segIndex];
            for (int at = pos; at <= input.Length - seg.Length; at++)
            {
                if (at > pos && input[at - 1] == '\n') break;   // the star before this segment would have to cover '\n'
                if (string.CompareOrdinal(input, at, seg, 0, seg.Length) != 0) continue;
                if (segIndex == segs.Length - 1 && at + seg.Length != input.Length) continue;
                if (NewlineAwareMatch(input, segs, segIndex + 1, at + seg.Length)) return true;
            }
            return false;
        }

        /// <summary>utils.SliceMatchesRegex: in order, stop at the first match or the first error (P5).</summary>
        public static MatchResult MatchAny(string input, IReadOnlyList<TeleportPattern> patterns)
        {
            MatchResult unknown = MatchResult.No;
            for (int i = 0; i < patterns.Count; i++)
            {
                var r = patterns[i].Match(input);
                switch (r.Outcome)
                {
                    case MatchOutcome.Match:
                        return r;
                    case MatchOutcome.Error:
                        // An earlier undecidable entry might have matched first and hidden this error.
                        if (unknown.Outcome == MatchOutcome.Unknown)
                            return new MatchResult { Outcome = MatchOutcome.Unknown, Entry = unknown.Entry, Detail = unknown.Detail + "; a later entry " + Common.GoText.Quote(r.Entry) + " is an invalid regex" };
                        return r;
                    case MatchOutcome.Unknown:
                        if (unknown.Outcome != MatchOutcome.Unknown) unknown = r;
                        break;
                }
            }
            return unknown;
        }
    }
}
