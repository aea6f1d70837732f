using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Fleet
{
    /// <summary>
    /// One app's checks across the App Service hosts' runs, by the rule of this computer's tests
    /// (<see cref="Probe.AppTestOutcome.Examined"/>): the app is examined on a host only when a check that is not Skipped
    /// ran on it there; a host that sent only Skipped checks of it (a web app: nothing to check) tested it but examined
    /// nothing; a host reached that sent no check of it did not check it. Test-TeleportMcpApp and
    /// Invoke-TeleportMcpDiagnosis read the hosts' runs through this one rule.
    /// </summary>
    public sealed class AppOnHosts
    {
        private AppOnHosts(string app) => App = app;

        /// <summary>The app's name, as the checks name it.</summary>
        public string App { get; }

        /// <summary>The hosts reached that sent checks of the app, Skipped ones included.</summary>
        public List<HostCheckRun> Tested { get; } = new List<HostCheckRun>();

        /// <summary>The hosts where a check that is not Skipped ran on the app.</summary>
        public List<HostCheckRun> ExaminedOn { get; } = new List<HostCheckRun>();

        /// <summary>The hosts reached that sent no check of the app (the host's error said why).</summary>
        public List<HostCheckRun> NotCheckedOn { get; } = new List<HostCheckRun>();

        /// <summary>Whether any host examined the app.</summary>
        public bool Examined => ExaminedOn.Count > 0;

        /// <summary>Tested but examined on no host: only Skipped checks came back (not an MCP server).</summary>
        public bool PassedOver => !Examined && Tested.Count > 0;

        /// <summary>
        /// Why nothing was examined (the Skipped checks' messages of the first host that sent them, as
        /// <see cref="Probe.AppTestOutcome.NotExaminedReason"/> says it here); null when the app was examined or not tested.
        /// </summary>
        public string? NotExaminedReason => PassedOver
            ? ListText.Join("; ", Tested[0].Checks.Where(c => string.Equals(c.App, App, StringComparison.Ordinal)).Select(c => c.Message).Where(m => !string.IsNullOrEmpty(m)).Distinct())
            : null;

        /// <summary>Each app (by name, once) and what the hosts that ran the checks did with it; hosts not reached are left out (they are their own findings).</summary>
        public static List<AppOnHosts> Of(IReadOnlyList<HostCheckRun> runs, IEnumerable<string?> apps)
        {
            if (runs == null) throw new ArgumentNullException(nameof(runs));
            var checkedRuns = runs.Where(r => r.Status == HostCheckStatus.Checked).ToList();
            var result = new List<AppOnHosts>();
            foreach (var name in (apps ?? Enumerable.Empty<string?>()).Select(a => a ?? "").Distinct(StringComparer.Ordinal))
            {
                var one = new AppOnHosts(name);
                foreach (var r in checkedRuns)
                {
                    if (!r.Checked(name)) one.NotCheckedOn.Add(r);
                    else
                    {
                        one.Tested.Add(r);
                        if (r.Examined(name)) one.ExaminedOn.Add(r);
                    }
                }
                result.Add(one);
            }
            return result;
        }

        /// <summary>The hosts reached where a check that is not Skipped ran on any of the apps: those count as examined.</summary>
        public static List<HostCheckRun> HostsThatExamined(IReadOnlyList<HostCheckRun> runs) =>
            (runs ?? Array.Empty<HostCheckRun>()).Where(r => r.Status == HostCheckStatus.Checked && r.Checks.Any(Probe.AppTestOutcome.Examines)).ToList();
    }
}
