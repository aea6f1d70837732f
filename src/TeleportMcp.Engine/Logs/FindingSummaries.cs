using System;
using System.Collections.Generic;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>
    /// Find-TeleportMcpError -Summary: one row per known error, app, user and tool, with how often it occurred, when
    /// first and last, and in which files. Bounded: past <see cref="MaxRows"/> distinct groups, further findings are
    /// counted under their error alone ("(other apps)"), so memory does not grow with the log.
    /// </summary>
    public sealed class FindingSummaries
    {
        public const int MaxRows = 10000;

        private readonly Dictionary<string, FindingSummary> _rows = new Dictionary<string, FindingSummary>(StringComparer.Ordinal);
        private readonly Dictionary<string, HashSet<string>> _sources = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        public void Add(Finding f)
        {
            if (f == null) throw new ArgumentNullException(nameof(f));
            string key = f.Id + "\u0001" + (f.App ?? "") + "\u0001" + (f.User ?? "") + "\u0001" + (f.Tool ?? "");
            bool overflow = _rows.Count >= MaxRows && !_rows.ContainsKey(key);
            if (overflow) key = f.Id + "\u0002";
            if (!_rows.TryGetValue(key, out var s))
            {
                s = overflow
                    ? new FindingSummary { Id = f.Id, Severity = f.Severity, Title = f.Title, App = "(other apps)", Fix = f.Fix }
                    : new FindingSummary { Id = f.Id, Severity = f.Severity, Title = f.Title, App = f.App, User = f.User, Tool = f.Tool, Fix = f.Fix };
                _rows[key] = s;
                _sources[key] = new HashSet<string>(StringComparer.Ordinal);
            }
            s.Count++;
            if (f.Source != null) _sources[key].Add(f.Source);
            if (f.Time.HasValue)
            {
                if (!s.FirstSeen.HasValue || f.Time.Value < s.FirstSeen.Value) s.FirstSeen = f.Time;
                if (!s.LastSeen.HasValue || f.Time.Value > s.LastSeen.Value) s.LastSeen = f.Time;
            }
        }

        /// <summary>The rows by error id, then app, user and tool (ordinal), each with its sources sorted.</summary>
        public List<FindingSummary> Rows()
        {
            var keys = new List<string>(_rows.Keys);
            keys.Sort(StringComparer.Ordinal);
            var rows = new List<FindingSummary>(keys.Count);
            foreach (var k in keys)
            {
                var sources = new List<string>(_sources[k]);
                sources.Sort(StringComparer.Ordinal);
                var s = _rows[k];
                s.Sources = sources.ToArray();
                rows.Add(s);
            }
            return rows;
        }
    }
}
