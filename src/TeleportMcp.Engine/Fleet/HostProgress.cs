using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TeleportMcp.Engine.Fleet
{
    /// <summary>One of a host's own progress records, as the run shows it under its own bar.</summary>
    public sealed class ForwardedProgress
    {
        internal ForwardedProgress(int id, string activity, string status)
        {
            Id = id;
            Activity = activity;
            Status = status;
        }

        /// <summary>The record's id here: one per host, runspace and activity of that host.</summary>
        public int Id { get; }

        /// <summary>The run's bar (<see cref="HostProgress.RunId"/>), under which every host's record is shown.</summary>
        public int ParentId => HostProgress.RunId;

        /// <summary>"host web1 - activity" (the host left out when unknown; "checks" for a record without an activity).</summary>
        public string Activity { get; }

        public string Status { get; }
    }

    /// <summary>
    /// The progress of a run of host checks: the run's own bar, and each host's own records under it, their activities
    /// kept apart (two hosts both on "initialize" are two bars). Remoting hands the hosts' records over without their
    /// origin when only one host runs: then it is that one.
    /// </summary>
    public sealed class HostProgress
    {
        /// <summary>The run's own bar.</summary>
        public const int RunId = 0x7E22;

        public const string RunActivity = "Host checks on the App Service hosts";

        private readonly Dictionary<string, int> _ids = new Dictionary<string, int>(StringComparer.Ordinal);

        /// <summary>The host label when the checks run on one host only; null otherwise.</summary>
        public string? OnlyHost { get; set; }

        /// <summary>
        /// A host's record: <paramref name="host"/> and <paramref name="runspace"/> as remoting gave them (null when it
        /// did not), the host's own activity id, activity and status.
        /// </summary>
        public ForwardedProgress Forward(string? host, string? runspace, int activityId, string? activity, string? status)
        {
            host = host ?? OnlyHost;
            var key = host + "|" + runspace + "|" + activityId.ToString(CultureInfo.InvariantCulture);
            if (!_ids.TryGetValue(key, out int id)) _ids[key] = id = RunId + 1 + _ids.Count;
            return new ForwardedProgress(id, Output.OutputText.Labelled(string.IsNullOrEmpty(host) ? null : "host " + host, string.IsNullOrEmpty(activity) ? "checks" : activity),
                Common.ProgressRate.Status(status));
        }

        /// <summary>The ids of the hosts' bars shown so far, to complete at the end of the run; the run then starts afresh.</summary>
        public IReadOnlyList<int> Finish()
        {
            var ids = _ids.Values.ToList();
            _ids.Clear();
            return ids;
        }
    }
}
