using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Diagnosis;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Fleet
{
    /// <summary>
    /// What the hosts' Test-TeleportMcpApp wrote (deserialized AppCheck and ProbeResult objects) as the host's checks,
    /// and the tool lists a finished probe found; and the diagnosis's view of a fleet run.
    /// </summary>
    public static class HostResults
    {
        public const string AppCheckType = "TeleportMcp.AppCheck";
        public const string ProbeResultType = "TeleportMcp.ProbeResult";

        /// <summary>Whether the object is of the module type (or its copy that came over remoting).</summary>
        public static bool Is(IInputObject o, string type) =>
            o != null && o.TypeNames.Any(t => t == type || t == "Deserialized." + type);

        /// <summary>An AppCheck, or a probe result with its checks, as checks of the host; anything else adds nothing. A host that was not checked keeps none.</summary>
        public static void Add(HostCheckRun run, IInputObject o)
        {
            if (run == null) throw new ArgumentNullException(nameof(run));
            if (o == null || run.Status != HostCheckStatus.Checked) return;
            if (Is(o, AppCheckType))
            {
                run.Checks.Add(CheckFrom(o));
                return;
            }
            if (!Is(o, ProbeResultType)) return;
            var checks = o.ValueOf("Checks");
            if (checks != null && !(checks.Value is string))
                foreach (var c in checks.Items())
                    if (Is(c, AppCheckType)) run.Checks.Add(CheckFrom(c));
            run.Checks.Add(FleetSummary.FromProbe(Text(o, "AppName") ?? "", Text(o, "Stage") ?? "", StatusOf(o), Text(o, "Message") ?? "", Text(o, "Fix")!));
        }

        /// <summary>A status as the host wrote it (its name, any case); one this module does not know is Indeterminate, never a pass.</summary>
        public static CheckStatus StatusOf(IInputObject o)
        {
            var text = Text(o, "Status");
            return text != null && Enum.TryParse(text, true, out CheckStatus s) && Enum.IsDefined(typeof(CheckStatus), s) ? s : CheckStatus.Indeterminate;
        }

        /// <summary>The diagnosis's progress words while the App Service hosts check (or, with -Launch, launch) its apps.</summary>
        public static string Checking(int apps, bool launch) =>
            (launch ? "Launching " : "Checking ") + apps.ToString(System.Globalization.CultureInfo.InvariantCulture) + " MCP server(s) on the App Service hosts";

        /// <summary>
        /// The remote checks as the diagnosis takes them: findings that name the hosts, the tool list of each app from the
        /// first host whose probe listed tools (they feed the role decisions as a local probe's would), what was examined
        /// by this computer's rule (<see cref="AppOnHosts"/>: the hosts where a check that is not Skipped ran, the apps
        /// examined on some host, the apps only Skipped everywhere and why, each app a host reached sent no check of), and
        /// the report's line.
        /// </summary>
        public static RemoteAppChecks ForDiagnosis(IReadOnlyList<HostCheckRun> runs, IList<App> apps, IEnumerable<IInputObject?> items, bool launched)
        {
            if (runs == null) throw new ArgumentNullException(nameof(runs));
            var result = new RemoteAppChecks();
            result.Findings.AddRange(FleetSummary.ToDiagnosis(runs, apps));
            foreach (var item in items ?? Enumerable.Empty<IInputObject?>())
            {
                if (item == null || !(item.ValueOf("AppName")?.Value is string name) || result.Tools.ContainsKey(name)) continue;
                var tools = item.ValueOf("Tool");
                if (tools == null || tools.Value is string) continue;
                var names = tools.Items().Select(x => x.Value?.ToString()).Where(x => !string.IsNullOrEmpty(x)).Select(x => x!).ToArray();
                if (names.Length > 0) result.Tools[name] = names;
            }
            var appList = (apps ?? Array.Empty<App>()).ToList();
            int examinedApps = 0;
            foreach (var app in AppOnHosts.Of(runs, appList.Select(a => a.Name)))
            {
                if (app.Examined) examinedApps++;
                else if (app.PassedOver) result.PassedOver[app.App] = app.NotExaminedReason ?? "";
                foreach (var r in app.NotCheckedOn) result.Note("app " + app.App + " on host " + r.Host + " (no check of it came back" + (FleetSummary.Verdicts(r) is string v ? ": " + v : "") + ")", r.Host);
            }
            // A host asked for that could not run the checks examined none of the apps it may serve: as Test-TeleportMcpApp's
            // -Quiet (HostCheckRun.Serves), the answer cannot pass on the other hosts alone.
            foreach (var r in runs.Where(r => r.Status != HostCheckStatus.Checked))
                result.Note("host " + r.Host + " (" + (r.Status == HostCheckStatus.ModuleMissing ? "no " + FleetSummary.ModuleName + " module there" : "could not be checked") + ")", r.Host);
            result.Examined = AppOnHosts.HostsThatExamined(runs).Count;
            result.Summary = result.Examined > 0 ? FleetSummary.InputLine(runs, examinedApps, launched)
                : runs.Any(r => r.Status == HostCheckStatus.Checked) ? "no App Service host examined an app (" + FleetSummary.Sentence(runs, appList) + ")"
                : "no App Service host could run the host checks (" + ListText.Join("; ", runs.Select(r => r.Reason)) + ")";
            return result;
        }

        private static AppCheck CheckFrom(IInputObject o) => new AppCheck(Text(o, "App") ?? "", Text(o, "Check") ?? "", StatusOf(o), Text(o, "Message") ?? "", Text(o, "Fix"));

        private static string? Text(IInputObject o, string name) => o.ValueOf(name)?.Value?.ToString();
    }
}
