using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>
    /// Invoke-TeleportMcpDiagnosis: one command for "MCP access does not work". Runs every check that applies to what
    /// the admin has (client configs and the tsh session, roles, app definitions, the live probe, logs) and writes
    /// the findings most likely root cause first.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "TeleportMcpDiagnosis", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(Diagnosis), typeof(bool))]
    public sealed class InvokeTeleportMcpDiagnosisCommand : PSCmdlet
    {
        private const int ProgressId = 0x7E1E;
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] ClusterPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] LogPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] User { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] App { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Tool { get; set; }

        [Parameter]
        public SwitchParameter Launch { get; set; }

        [Parameter]
        [ValidateRange(1, 600)]
        public int TimeoutSec { get; set; } = 30;

        [Parameter]
        public Hashtable Environment { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] ClientConfigPath { get; set; }

        [Parameter]
        public SwitchParameter SkipClient { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TshPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        [Parameter]
        [ValidateSet("Warn", "Fail")]
        public string FailOn { get; set; }

        protected override void StopProcessing() => _cancel.Cancel();

        protected override void EndProcessing()
        {
            var collector = DiagnosisBridge.NewCollector();
            try
            {
                var (roles, users, apps) = ReadCluster(collector);
                var selectedUsers = SelectUsers(users);
                var selectedApps = SelectApps(apps);

                Progress("Checking MCP client configurations and the tsh session", 10);
                CheckClients(collector, selectedApps, selectedUsers, apps.Count > 0);

                Progress("Checking MCP server definitions" + (Launch ? " and probing them" : ""), 30);
                var probedTools = CheckApps(collector, selectedApps, selectedUsers.Count == 1 ? selectedUsers[0] : null);

                Progress("Replaying Teleport's MCP access decisions", 60);
                CheckRoles(collector, roles, users, selectedUsers, selectedApps, probedTools);

                Progress("Scanning logs", 80);
                ScanLogs(collector);
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            finally
            {
                WriteProgress(new ProgressRecord(ProgressId, "Invoke-TeleportMcpDiagnosis", "Done") { RecordType = ProgressRecordType.Completed });
            }

            var ranked = DiagnosisBridge.Rank(collector);
            if (OutFile != null)
            {
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
                if (ShouldProcess(path, "Write the diagnosis report"))
                {
                    try
                    {
                        DiagnosisBridge.WriteReport(collector, path);
                        WriteVerbose("Report written to " + path);
                    }
                    catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
                    {
                        WriteError(new ErrorRecord(e, "ReportWriteFailed", ErrorCategory.WriteError, path));
                    }
                }
            }

            string threshold = FailOn ?? "Fail";
            bool failing = ranked.Any(d => d.Status == "Fail" || (threshold == "Warn" && d.Status == "Warn"));
            if (Quiet)
            {
                WriteObject(!failing);
                return;
            }
            foreach (var d in ranked) WriteObject(d);
            if (FailOn != null && failing)
            {
                int n = ranked.Count(d => d.Status == "Fail" || (threshold == "Warn" && d.Status == "Warn"));
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("The MCP diagnosis found " + n + " finding(s) at or above " + threshold + "; the first: " + ranked[0].Title),
                    "DiagnosisFailed", ErrorCategory.InvalidResult, null)
                { ErrorDetails = new ErrorDetails("The MCP diagnosis found " + n + " finding(s) at or above " + threshold + ".") { RecommendedAction = ranked[0].Fix } });
            }
        }

        private void Progress(string status, int percent) =>
            WriteProgress(new ProgressRecord(ProgressId, "Invoke-TeleportMcpDiagnosis", status) { PercentComplete = percent });

        private (List<Role>, List<User>, List<App>) ReadCluster(DiagnosisBridge.Collector collector)
        {
            var roles = new List<Role>();
            var users = new List<User>();
            var apps = new List<App>();
            if (ClusterPath == null)
            {
                DiagnosisBridge.NotExamined(collector, "roles, users and apps: no -ClusterPath (export them with tctl get roles,users,app_servers, or give teleport.yaml)");
                return (roles, users, apps);
            }
            Progress("Reading the cluster export", 0);
            var files = PathResolver.ResolveFiles(this, ClusterPath, false, true, PathResolver.IsResourceFile);
            var problems = new List<ResourceBridge.Item>();
            foreach (var o in ResourceBridge.ReadResources(files, problems))
            {
                switch (o)
                {
                    case Role r: roles.Add(r); break;
                    case User u: users.Add(u); break;
                    case App a: if (!apps.Any(x => x.Name == a.Name)) apps.Add(a); break;
                }
            }
            foreach (var p in problems.Where(p => p.Level == "Error"))
                WriteError(ErrorRecords.InvalidInput(p.Code, p.Message, p.Location, ErrorRecords.CategoryFor(p.Code), "Fix the resource; the diagnosis used the rest."));
            DiagnosisBridge.Examined(collector, files.Count + " resource file(s): " + roles.Count + " role(s), " + users.Count + " user(s), " + apps.Count + " app(s)");
            return (roles, users, apps);
        }

        private List<User> SelectUsers(List<User> users)
        {
            if (User == null) return users;
            var result = new List<User>();
            foreach (var name in User)
            {
                var u = users.LastOrDefault(x => x.Name == name);
                if (u == null) WriteWarning("user " + name + " is not in the cluster export: its role checks are skipped.");
                else result.Add(u);
            }
            return result;
        }

        private List<App> SelectApps(List<App> apps)
        {
            if (App == null) return apps.Where(a => a.IsMcp).ToList();
            var result = new List<App>();
            foreach (var name in App)
            {
                var a = apps.FirstOrDefault(x => x.Name == name);
                if (a == null) WriteWarning("app " + name + " is not in the cluster export or teleport.yaml: its checks are skipped.");
                else result.Add(a);
            }
            return result;
        }

        private void CheckClients(DiagnosisBridge.Collector collector, List<App> apps, List<User> users, bool haveApps)
        {
            if (SkipClient)
            {
                DiagnosisBridge.NotExamined(collector, "MCP client configurations and the tsh session (-SkipClient)");
                return;
            }
            var request = new ClientBridge.Request
            {
                Paths = ClientConfigPath == null ? null : PathResolver.ResolveFiles(this, ClientConfigPath, false, false, f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).ToArray(),
                ProjectDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
                Apps = haveApps ? apps.ToArray() : null,
                Users = users.Count > 0 ? users.ToArray() : null,
                TshPath = TshPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(TshPath),
                TimeoutSec = Math.Min(TimeoutSec, 20),
                // tsh mcp ls contacts the proxy: the diagnosis asks the network for nothing the admin did not ask for.
                ListAppsLive = false,
                Log = WriteVerbose,
            };
            string user = users.Count == 1 ? users[0].Name : null;
            int before = DiagnosisBridge.Count(collector);
            DiagnosisBridge.AddClientChecks(collector, request, user);
            DiagnosisBridge.Examined(collector, (ClientConfigPath == null ? "the MCP client configurations of this computer" : ClientConfigPath.Length + " MCP client configuration file(s)") +
                " and the tsh session: " + (DiagnosisBridge.Count(collector) - before) + " finding(s)");
        }

        /// <summary>Static checks for every selected MCP app, and the live probe with -Launch; returns the probed tool names per app.</summary>
        private Dictionary<string, string[]> CheckApps(DiagnosisBridge.Collector collector, List<App> apps, User user)
        {
            var tools = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (apps.Count == 0)
            {
                DiagnosisBridge.NotExamined(collector, "MCP server definitions: no MCP app in the cluster export or teleport.yaml");
                return tools;
            }
            foreach (var app in apps)
            {
                if (_cancel.IsCancellationRequested) break;
                // Without -Launch the diagnosis stays off the network: no TCP connect to remote MCP servers either.
                // The one selected user's traits fill header templates of http/sse apps (as the App Service would for that user).
                var outcome = ProbeBridge.Run(app, Environment, Launch, TimeoutSec, _cancel.Token, checkReachable: Launch,
                    http: new ProbeBridge.HttpOptions { User = user });
                DiagnosisBridge.AddAppChecks(collector, app, outcome.Checks);
                if (outcome.Probe != null)
                {
                    DiagnosisBridge.AddProbe(collector, outcome.Probe);
                    if (outcome.Probe.Tool != null && outcome.Probe.Tool.Length > 0) tools[app.Name] = outcome.Probe.Tool;
                }
            }
            DiagnosisBridge.Examined(collector, apps.Count + " MCP server definition(s), checked against this host" + (Launch ? ", and launched" : " (not launched: add -Launch to probe them)"));
            return tools;
        }

        private void CheckRoles(DiagnosisBridge.Collector collector, List<Role> roles, List<User> allUsers, List<User> users, List<App> apps, Dictionary<string, string[]> probedTools)
        {
            if (roles.Count == 0 || users.Count == 0 || apps.Count == 0)
            {
                DiagnosisBridge.NotExamined(collector, "role decisions: they need roles, users and MCP apps from -ClusterPath");
                if (roles.Count > 0) DiagnosisBridge.AddLint(collector, RbacBridge.Lint(roles, allUsers));
                return;
            }
            var session = RbacBridge.Open(roles);
            foreach (var u in users)
                foreach (var missing in RbacBridge.Prepare(session, u))
                    WriteWarning("user " + u.Name + " names role " + missing + ", which is not in the cluster export; the decisions ignore it.");
            foreach (var u in users)
            {
                var summaries = new List<KeyValuePair<McpAccessSummary, App>>();
                foreach (var a in apps)
                {
                    string[] tools = Tool ?? (probedTools.TryGetValue(a.Name, out var t) ? t : null);
                    if (tools == null) summaries.Add(new KeyValuePair<McpAccessSummary, App>(RbacBridge.Summarize(session, u, a), a));
                    else DiagnosisBridge.AddDecisions(collector, tools.Select(tool => RbacBridge.Decide(session, u, a, tool)));
                }
                if (summaries.Count > 0) DiagnosisBridge.AddSummaries(collector, u.Name, summaries);
            }
            DiagnosisBridge.AddLint(collector, RbacBridge.Lint(roles, allUsers));
            DiagnosisBridge.Examined(collector, "Teleport's MCP decisions for " + users.Count + " user(s) on " + apps.Count + " MCP server(s)" +
                (Tool != null ? " and " + Tool.Length + " tool(s)" : probedTools.Count > 0 ? " and the probed tools" : ""));
        }

        private void ScanLogs(DiagnosisBridge.Collector collector)
        {
            if (LogPath == null)
            {
                DiagnosisBridge.NotExamined(collector, "logs: no -LogPath (App Service log, MCP client logs, tsh output)");
                return;
            }
            var files = PathResolver.ResolveFiles(this, LogPath, false, true, LogBridge.IsLogFile);
            var problems = new List<LogBridge.CatalogProblem>();
            var catalog = LogBridge.LoadCatalog(new string[0], problems);
            long lines = 0;
            int findings = 0;
            foreach (var file in files)
            {
                if (_cancel.IsCancellationRequested) break;
                try
                {
                    lines += LogBridge.ScanFile(catalog, file, f =>
                    {
                        // With -App or -User, lines that name another app or user are not about this problem.
                        if (App != null && f.App != null && !App.Any(a => a == f.App || "teleport-mcp-" + a == f.App)) return;
                        if (User != null && f.User != null && !User.Contains(f.User)) return;
                        findings++;
                        DiagnosisBridge.AddLogFinding(collector, f);
                    });
                }
                catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
                {
                    WriteError(new ErrorRecord(e, "LogReadError", ErrorCategory.ReadError, file));
                }
            }
            DiagnosisBridge.Examined(collector, files.Count + " log file(s), " + lines + " line(s): " + findings + " known failure(s)");
        }
    }
}
