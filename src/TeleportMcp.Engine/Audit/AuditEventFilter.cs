using System;
using System.Collections.Generic;
using System.Globalization;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Audit
{
    /// <summary>Which events to keep: every set criterion must hold; a list matches when any of its patterns does.</summary>
    public sealed class AuditEventFilter
    {
        /// <summary>User names; '*' and '?' are wildcards, case-sensitive like Teleport user names.</summary>
        public IList<string>? Users { get; set; }

        /// <summary>The <see cref="Users"/> are names, matched as written ('*' and '?' are characters): names piped in, not patterns typed.</summary>
        public bool UsersAreNames { get; set; }
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
            return MatchesTime(e.Time) && MatchesUser(e.User) && Any(Apps, e.App) && Any(Tools, e.Tool);
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

        internal bool MatchesUser(string? user) => UsersAreNames ? Users == null || Users.Count == 0 || (user != null && Users.Contains(user)) : Any(Users, user);

        /// <summary>-Since later than -Until: no event can match, so the request is refused before anything is read; null when fine.</summary>
        public TeleportArgumentException? Refusal()
        {
            if (!Since.HasValue || !Until.HasValue || Since.Value <= Until.Value) return null;
            return new TeleportArgumentException("InvalidTimeRange", "-Since (" + Time(Since.Value) + ") is later than -Until (" + Time(Until.Value) + "): no event can match.")
            {
                TargetObject = new[] { Since.Value, Until.Value },
                RecommendedAction = "Give -Since a time at or before -Until (a time without a zone is local time).",
            };
        }

        /// <summary>Whether the event's user is this one value of <see cref="Users"/> (a name as written, or a pattern).</summary>
        internal bool UserIs(string value, string? user) => UsersAreNames ? user != null && string.Equals(value, user, StringComparison.Ordinal) : user != null && Glob(value, 0, user, 0);

        /// <summary>Whether a value is this one pattern (-App, -Tool values).</summary>
        internal static bool Is(string pattern, string? value) => value != null && Glob(pattern, 0, value, 0);

        /// <summary>The criteria set, as written on the command line ("-User 'alice'", "-Since 2030-01-01T00:00:00Z", "-FailedOnly").</summary>
        internal List<string> Criteria()
        {
            var c = new List<string>();
            foreach (var (parameter, values) in new[] { ("-User", Users), ("-App", Apps), ("-Tool", Tools) })
                if (values != null)
                    foreach (var v in values) c.Add(Criterion(parameter, v));
            if (Since.HasValue) c.Add("-Since " + Time(Since.Value));
            if (Until.HasValue) c.Add("-Until " + Time(Until.Value));
            if (FailedOnly) c.Add("-FailedOnly");
            return c;
        }

        internal static string Criterion(string parameter, string? value) => parameter + " " + GoText.Quote(value);

        private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        internal bool MatchesApp(string? app) => Any(Apps, app);

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
