using System;
using System.Globalization;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace TeleportMcp.Engine.Diagnosis
{
    /// <summary>How findings are linked into incidents.</summary>
    public sealed class IncidentOptions
    {
        /// <summary>
        /// How long after the first finding of a failed connection its other findings may appear. The App Service
        /// writes its errors shortly after the client connects (seed); a denied tool call follows its request at once.
        /// </summary>
        public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>How far the clocks of the client's machine, the App Service host and the Auth Service may differ.</summary>
        public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(10);
    }

    public enum IncidentLink
    {
        /// <summary>The finding the incident is built around.</summary>
        FirstCause,
        /// <summary>Same Teleport session id.</summary>
        SessionId,
        /// <summary>Same app and user (where the source names them) within the window: by time only.</summary>
        TimeOnly,
    }

    /// <summary>One line of an incident's timeline.</summary>
    public sealed class IncidentEntry
    {
        public DateTime Time { get; set; }
        /// <summary>Seconds from the first cause (negative: written earlier, or by a clock that runs behind).</summary>
        public double Offset { get; set; }
        public string? LogFormat { get; set; }
        /// <summary>Which side wrote it: Teleport audit log, App Service log, tsh, or the MCP client.</summary>
        public string? Side { get; set; }
        public string? Check { get; set; }
        public string? Title { get; set; }
        public DiagnosisStatus Status { get; set; }
        public string? Source { get; set; }
        public string? App { get; set; }
        public string? User { get; set; }
        public string? SessionId { get; set; }
        public IncidentLink Link { get; set; }
        /// <summary>How it is linked, in words (the session id, or "time only: +1.8 s, same app and user").</summary>
        public string? LinkDetail { get; set; }
        public TeleportMcp.Diagnosis Item { get; set; } = null!; // IncidentBuilder sets it on every entry
    }

    /// <summary>The findings of one failed connection, first cause first.</summary>
    public sealed class Incident
    {
        public int Number { get; set; }
        public string? App { get; set; }
        public string? User { get; set; }
        public string? SessionId { get; set; }
        public DateTime Start { get; set; }
        public DateTime End { get; set; }
        public IncidentEntry FirstCause { get; set; } = null!; // IncidentBuilder sets it on every incident
        /// <summary>The first cause, then the other findings in time order.</summary>
        public List<IncidentEntry> Entries { get; } = new List<IncidentEntry>();
        /// <summary>True when at least one finding is linked by time only (no shared session id).</summary>
        public bool HasTimeOnlyLinks => Entries.Any(e => e.Link == IncidentLink.TimeOnly);
        /// <summary>The kinds of log the incident spans.</summary>
        public IEnumerable<string?> Sides => Entries.Select(e => e.Side).Distinct();

        public string Headline =>
            (User ?? "a user") + " on " + (App ?? "an MCP server") + ", " + Start.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) + ": " + FirstCause.Title;
    }

    /// <summary>
    /// Groups timed findings (logs, tsh output, audit events) that belong to one failed connection: the same session id
    /// where both sides name it; otherwise the same app and user within a short window, tolerating clock skew. A group
    /// with findings from one finding only is no incident.
    /// </summary>
    public static class IncidentBuilder
    {
        private static readonly Regex SessionInText = new Regex(
            @"(?:session_id|\bsid)\\?""?\s*[:=]\s*\\?""?(?<sid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})",
            RegexOptions.CultureInvariant);

        private sealed class Group
        {
            public readonly List<TeleportMcp.Diagnosis> Items = new List<TeleportMcp.Diagnosis>();
            public readonly HashSet<string> Sessions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            public DateTime Start;
            public string? App;
            public string? User;
        }

        public static List<Incident> Build(IEnumerable<TeleportMcp.Diagnosis> items, IncidentOptions? options = null)
        {
            options = options ?? new IncidentOptions();
            var timed = items.Where(i => i.Time.HasValue && (i.App != null || i.User != null || SessionOf(i) != null)) // from here on every item has a time (Time! below)
                             .OrderBy(i => i.Time!.Value).ToList();
            var groups = new List<Group>();
            var bySession = new Dictionary<string, Group>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in timed)
            {
                var sid = SessionOf(item);
                Group? g = null;
                if (sid != null) bySession.TryGetValue(sid, out g);
                if (g == null) g = groups.LastOrDefault(x => Fits(x, item, options));
                if (g == null)
                {
                    g = new Group { Start = item.Time!.Value };
                    groups.Add(g);
                }
                g.Items.Add(item);
                g.App = g.App ?? item.App;
                g.User = g.User ?? item.User;
                if (sid != null)
                {
                    g.Sessions.Add(sid);
                    bySession[sid] = g;
                }
            }
            var incidents = new List<Incident>();
            foreach (var g in groups.Where(x => x.Items.Count >= 2))
            {
                var incident = ToIncident(g);
                incident.Number = incidents.Count + 1;
                foreach (var e in incident.Entries) e.Item.Incident = incident.Number;
                incidents.Add(incident);
            }
            return incidents;
        }

        /// <summary>Same app and user where both name them (an unnamed side fits), within the window around the group's start.</summary>
        private static bool Fits(Group g, TeleportMcp.Diagnosis item, IncidentOptions o)
        {
            if (!Same(g.App, item.App) || !Same(g.User, item.User)) return false;
            // At least one of app and user must actually agree: "some log line at the same time" is no link.
            bool named = (g.App != null && item.App != null) || (g.User != null && item.User != null);
            if (!named) return false;
            var t = item.Time!.Value;
            return t >= g.Start - o.ClockSkew && t <= g.Start + o.Window + o.ClockSkew;
        }

        private static bool Same(string? a, string? b) => a == null || b == null || string.Equals(a, b, StringComparison.Ordinal);

        internal static string? SessionOf(TeleportMcp.Diagnosis item)
        {
            if (!string.IsNullOrEmpty(item.SessionId)) return item.SessionId;
            foreach (var e in item.Evidence)
            {
                var m = SessionInText.Match(e ?? "");
                if (m.Success) return m.Groups["sid"].Value;
            }
            return null;
        }

        private static Incident ToIncident(Group g)
        {
            // The first cause: the earliest failure written by Teleport (audit log, App Service), where the failure
            // happens; client-side lines are mostly its symptoms. Then tsh, then the client; warnings after failures.
            // A catch-all finding ("An MCP request failed", "The App Service failed to handle a connection") yields to a
            // specific one of the same failure, whichever log holds it.
            var cause = g.Items.OrderBy(i => i.Status).ThenBy(i => IsGeneric(i.Check)).ThenBy(i => SideRank(i.LogFormat)).ThenBy(i => i.Time!.Value).First();
            var causeSid = SessionOf(cause);
            var incident = new Incident
            {
                App = g.App,
                User = g.User,
                SessionId = g.Sessions.FirstOrDefault(),
                Start = g.Items.Min(i => i.Time!.Value),
                End = g.Items.Max(i => i.Time!.Value),
            };
            var linkedSessions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (causeSid != null) linkedSessions.Add(causeSid);
            IncidentEntry Entry(TeleportMcp.Diagnosis i)
            {
                var sid = SessionOf(i);
                var e = new IncidentEntry
                {
                    Time = i.Time!.Value,
                    Offset = (i.Time!.Value - cause.Time!.Value).TotalSeconds,
                    LogFormat = i.LogFormat,
                    Side = SideOf(i.LogFormat),
                    Check = i.Check,
                    Title = i.Title,
                    Status = i.Status,
                    Source = i.Source,
                    App = i.App,
                    User = i.User,
                    SessionId = sid,
                    Item = i,
                };
                if (ReferenceEquals(i, cause))
                {
                    e.Link = IncidentLink.FirstCause;
                    e.LinkDetail = "first cause";
                }
                else if (sid != null && g.Sessions.Contains(sid) && g.Items.Any(o => !ReferenceEquals(o, i) && string.Equals(SessionOf(o), sid, StringComparison.OrdinalIgnoreCase)))
                {
                    e.Link = IncidentLink.SessionId;
                    e.LinkDetail = "same session " + sid;
                }
                else
                {
                    e.Link = IncidentLink.TimeOnly;
                    var same = new List<string>();
                    if (i.App != null && g.App != null) same.Add("app");
                    if (i.User != null && g.User != null) same.Add("user");
                    e.LinkDetail = "time only: " + FormatOffset(e.Offset) + " from the first cause, same " + string.Join(" and ", same);
                }
                return e;
            }
            incident.FirstCause = Entry(cause);
            incident.Entries.Add(incident.FirstCause);
            foreach (var i in g.Items.Where(x => !ReferenceEquals(x, cause)).OrderBy(x => x.Time!.Value))
                incident.Entries.Add(Entry(i));
            return incident;
        }

        internal static string FormatOffset(double seconds) =>
            (seconds >= 0 ? "+" : "-") + Math.Abs(seconds).ToString(Math.Abs(seconds) < 10 ? "0.0" : "0", System.Globalization.CultureInfo.InvariantCulture) + " s";

        private static HashSet<string>? s_generic;

        /// <summary>Catch-all ids, from the catalogs' data (entries marked generic).</summary>
        internal static bool IsGeneric(string? check)
        {
            if (check == null) return false;
            var set = s_generic;
            if (set == null)
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                foreach (var a in Audit.AuditFindings.Entries) if (a.Generic) set.Add(a.Id);
                foreach (var k in Logs.KnownErrorCatalog.Embedded.Entries) if (k.Generic) set.Add(k.Id);
                s_generic = set;
            }
            return set.Contains(check);
        }

        private static int SideRank(string? format)
        {
            switch (format)
            {
                case "audit": return 0;
                case "teleport": return 1;
                case "tsh": return 2;
                default: return 3;
            }
        }

        public static string SideOf(string? format)
        {
            switch (format)
            {
                case "audit": return "Teleport audit log";
                case "teleport": return "App Service log";
                case "tsh": return "tsh";
                case null: return "log";
                default: return "MCP client (" + format + ")";
            }
        }
    }
}
