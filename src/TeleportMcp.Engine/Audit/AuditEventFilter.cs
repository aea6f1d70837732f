#nullable enable
using System;
using System.Collections.Generic;

namespace TeleportMcp.Engine.Audit
{
    /// <summary>Which events to keep: every set criterion must hold; a list matches when any of its patterns does.</summary>
    public sealed class AuditEventFilter
    {
        /// <summary>User names; '*' and '?' are wildcards, case-sensitive like Teleport user names.</summary>
        public IList<string>? Users { get; set; }
        public IList<string>? Apps { get; set; }
        /// <summary>Tool names (events without a tool never match a tool filter).</summary>
        public IList<string>? Tools { get; set; }
        /// <summary>Inclusive lower bound (UTC); events without a time never match a time filter.</summary>
        public DateTime? Since { get; set; }
        /// <summary>Inclusive upper bound (UTC).</summary>
        public DateTime? Until { get; set; }
        public bool FailedOnly { get; set; }

        public bool Matches(AuditEvent e)
        {
            if (FailedOnly && !e.IsFailure) return false;
            if (Since.HasValue && (!e.Time.HasValue || e.Time.Value < Since.Value)) return false;
            if (Until.HasValue && (!e.Time.HasValue || e.Time.Value > Until.Value)) return false;
            return Any(Users, e.User) && Any(Apps, e.App) && Any(Tools, e.Tool);
        }

        // ---- the literal pre-check of a one-line event, before it is parsed ---------------------------------------

        private string[]?[]? _literals;

        /// <summary>
        /// False when the raw JSON line cannot hold an event this filter keeps, so it need not be parsed: a failure
        /// needs a code ending in E or "success":false; a user, app or tool given without wildcards must appear as
        /// that JSON string. Names with characters Go's encoder may escape are left to the parsed check.
        /// </summary>
        internal bool MayMatch(char[] buf, int start, int length)
        {
            if (FailedOnly && !MayBeFailure(buf, start, length)) return false;
            if (_literals == null) _literals = new[] { Quoted(Users), Quoted(Apps), Quoted(Tools) };
            foreach (var any in _literals)
            {
                if (any == null) continue;
                bool found = false;
                foreach (var q in any)
                    if (IndexOf(buf, start, length, q) >= 0) { found = true; break; }
                if (!found) return false;
            }
            return true;
        }

        private static string[]? Quoted(IList<string>? patterns)
        {
            if (patterns == null || patterns.Count == 0) return null;
            var result = new List<string>();
            foreach (var p in patterns)
            {
                if (p == null || p.Length == 0) return null;
                foreach (char c in p)
                    if (!(char.IsLetterOrDigit(c) && c < 128) && "_.-@:/+= ".IndexOf(c) < 0) return null;   // wildcards and escapable characters
                result.Add("\"" + p + "\"");
            }
            return result.ToArray();
        }

        private const string CodeKey = "\"code\":\"";
        private const string SuccessFalse = "\"success\":false";
        private const string ErrorKey = "\"error\":\"";

        private static bool MayBeFailure(char[] buf, int start, int length)
        {
            int code = IndexOf(buf, start, length, CodeKey);
            if (code < 0) return true;  // no compact "code" field: let the parser decide
            int value = code + CodeKey.Length;
            int end = Array.IndexOf(buf, '"', value, start + length - value);
            if (end > value && buf[end - 1] == 'E') return true;
            return IndexOf(buf, start, length, SuccessFalse) >= 0 || IndexOf(buf, start, length, ErrorKey) >= 0;
        }

        /// <summary>Ordinal search of a literal in a character range (first character found with the vectorised Array.IndexOf).</summary>
        internal static int IndexOf(char[] buf, int start, int length, string literal)
        {
            int last = start + length - literal.Length;
            char first = literal[0];
            int pos = start;
            while (pos <= last)
            {
                int i = Array.IndexOf(buf, first, pos, last - pos + 1);
                if (i < 0) return -1;
                int k = 1;
                while (k < literal.Length && buf[i + k] == literal[k]) k++;
                if (k == literal.Length) return i;
                pos = i + 1;
            }
            return -1;
        }

        private static bool Any(IList<string>? patterns, string? value)
        {
            if (patterns == null || patterns.Count == 0) return true;
            if (value == null) return false;
            foreach (var p in patterns)
                if (p != null && Glob(p, 0, value, 0)) return true;
            return false;
        }

        /// <summary>'*' any run, '?' one character, everything else literal (ordinal). Iterative, so no deep recursion.</summary>
        internal static bool Glob(string p, int pi, string s, int si)
        {
            int starP = -1, starS = 0;
            while (si < s.Length)
            {
                if (pi < p.Length && (p[pi] == '?' || p[pi] == s[si]) && p[pi] != '*')
                {
                    pi++;
                    si++;
                }
                else if (pi < p.Length && p[pi] == '*')
                {
                    starP = pi++;
                    starS = si;
                }
                else if (starP >= 0)
                {
                    pi = starP + 1;
                    si = ++starS;
                }
                else return false;
            }
            while (pi < p.Length && p[pi] == '*') pi++;
            return pi == p.Length;
        }
    }
}
