using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Logs;

namespace TeleportMcp.Engine.Audit
{
    /// <summary>Which events to keep: every set criterion must hold; a list matches when any of its patterns does.</summary>
    public sealed class AuditEventFilter
    {
        /// <summary>User names; '*' and '?' are wildcards, case-sensitive like Teleport user names.</summary>
        public IList<string> Users { get; set; }
        public IList<string> Apps { get; set; }
        /// <summary>Tool names (events without a tool never match a tool filter).</summary>
        public IList<string> Tools { get; set; }
        /// <summary>Inclusive lower bound (UTC); events without a time never match a time filter.</summary>
        public DateTime? Since { get; set; }
        /// <summary>Inclusive upper bound (UTC).</summary>
        public DateTime? Until { get; set; }
        public bool FailedOnly { get; set; }

        public bool Matches(AuditEvent e)
        {
            if (FailedOnly && !e.IsFailure) return false;
            return MatchesTime(e.Time) && Any(Users, e.User) && Any(Apps, e.App) && Any(Tools, e.Tool);
        }

        internal bool HasUserFilter => Users != null && Users.Count > 0;
        internal bool HasAppFilter => Apps != null && Apps.Count > 0;
        internal bool HasToolFilter => Tools != null && Tools.Count > 0;

        /// <summary>Events without a time never match a time filter.</summary>
        internal bool MatchesTime(DateTime? time)
        {
            if (Since.HasValue && (!time.HasValue || time.Value < Since.Value)) return false;
            if (Until.HasValue && (!time.HasValue || time.Value > Until.Value)) return false;
            return true;
        }

        internal bool MatchesUser(string user) => Any(Users, user);

        internal bool MatchesApp(string app) => Any(Apps, app);

        // ---- the literal pre-check of a one-line event, before it is parsed ---------------------------------------

        private LiteralSearch[][] _literals;

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
                    if (q.Contains(buf, start, length)) { found = true; break; }
                if (!found) return false;
            }
            return true;
        }

        private static LiteralSearch[] Quoted(IList<string> patterns)
        {
            if (patterns == null || patterns.Count == 0) return null;
            var result = new List<LiteralSearch>();
            foreach (var p in patterns)
            {
                if (p == null || p.Length == 0) return null;
                foreach (char c in p)
                    if (!(char.IsLetterOrDigit(c) && c < 128) && "_.-@:/+= ".IndexOf(c) < 0) return null;   // wildcards and escapable characters
                result.Add(new LiteralSearch("\"" + p + "\""));
            }
            return result.ToArray();
        }

        private static readonly LiteralSearch CodeKey = new LiteralSearch("\"code\":\"");
        private static readonly LiteralSearch SuccessFalse = new LiteralSearch("\"success\":false");
        private static readonly LiteralSearch ErrorKey = new LiteralSearch("\"error\":\"");

        private static bool MayBeFailure(char[] buf, int start, int length)
        {
            int code = CodeKey.IndexOf(buf, start, length);
            if (code < 0) return true;  // no compact "code" field: let the parser decide
            int value = code + CodeKey.Length;
            int end = Array.IndexOf(buf, '"', value, start + length - value);
            if (end > value && buf[end - 1] == 'E') return true;
            return SuccessFalse.Contains(buf, start, length) || ErrorKey.Contains(buf, start, length);
        }

        private static bool Any(IList<string> patterns, string value)
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
