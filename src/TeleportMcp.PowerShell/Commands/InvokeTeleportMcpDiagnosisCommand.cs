using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Diagnosis;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
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
    public sealed class InvokeTeleportMcpDiagnosisCommand : TeleportMcpCommand
    {
        private const int ProgressId = 0x7E1E;
        private readonly List<TeleportMcp.Diagnosis> _items = new List<TeleportMcp.Diagnosis>();
        private readonly DiagnosisContext _context = new DiagnosisContext();

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
        [ValidateRange(Timeouts.MinSeconds, Timeouts.MaxSeconds)]
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

        protected override void EndProcessing()
        {
            try
            {
                var (roles, users, apps) = ReadCluster();
                var selectedUsers = SelectUsers(users);
                var selectedApps = SelectApps(apps);

                Progress("Checking MCP client configurations and the tsh session", 10);
                CheckClients(selectedApps, selectedUsers, apps.Count > 0);

                Progress("Checking MCP server definitions" + (Launch ? " and probing them" : ""), 30);
                var probedTools = CheckApps(selectedApps, selectedUsers.Count == 1 ? selectedUsers[0] : null);

                Progress("Replaying Teleport's MCP access decisions", 60);
                CheckRoles(roles, users, selectedUsers, selectedApps, probedTools);

                Progress("Scanning logs", 80);
                ScanLogs();
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            finally
            {
                WriteProgress(new ProgressRecord(ProgressId, "Invoke-TeleportMcpDiagnosis", "Done") { RecordType = ProgressRecordType.Completed });
            }

            var ranked = DiagnosisRanker.Rank(_items);
            if (OutFile != null)
            {
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
                if (ShouldProcess(path, "Write the diagnosis report"))
                {
                    try
                    {
                        var ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
                        var text = ext == ".html" || ext == ".htm" ? DiagnosisReport.ToHtml(ranked, _context) : DiagnosisReport.ToMarkdown(ranked, _context);
                        System.IO.File.WriteAllText(path, text, new System.Text.UTF8Encoding(false));
                        WriteVerbose("Report written to " + path);
                    }
                    catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
                    {
                        EmitError(new ErrorRecord(e, "ReportWriteFailed", ErrorCategory.WriteError, path));
                    }
                }
            }

            string threshold = FailOn ?? "Fail";
            bool AtOrAbove(TeleportMcp.Diagnosis d) => d.Status == DiagnosisStatus.Fail || (threshold == "Warn" && d.Status == DiagnosisStatus.Warn);
            bool failing = ranked.Any(AtOrAbove);
            if (Quiet)
            {
                Emit(!failing);
                return;
            }
            EmitAll(ranked);
            if (FailOn != null && failing)
            {
                int n = ranked.Count(AtOrAbove);
                Terminate(new ErrorRecord(new InvalidOperationException("The MCP diagnosis found " + n + " finding(s) at or above " + threshold + "; the first: " + ranked[0].Title),
                    "DiagnosisFailed", ErrorCategory.InvalidResult, null)
                { ErrorDetails = new ErrorDetails("The MCP diagnosis found " + n + " finding(s) at or above " + threshold + ".") { RecommendedAction = ranked[0].Fix } });
            }
        }

        private void Progress(string status, int percent) =>
            WriteProgress(new ProgressRecord(ProgressId, "Invoke-TeleportMcpDiagnosis", status) { PercentComplete = percent });

        private (List<Role>, List<User>, List<App>) ReadCluster()
        {
            var roles = new List<Role>();
            var users = new List<User>();
            var apps = new List<App>();
            if (ClusterPath == null)
            {
                _context.Skipped.Add("roles, users and apps: no -ClusterPath (export them with tctl get roles,users,app_servers, or give teleport.yaml)");
                return (roles, users, apps);
            }
            Progress("Reading the cluster export", 0);
            var files = PathResolver.ResolveFiles(this, ClusterPath, false, true, PathResolver.IsResourceFile);
            foreach (var file in files)
                foreach (var item in ResourceReader.ReadFile(file))
                {
                    switch (item.Resource)
                    {
                        case Role r: roles.Add(r); break;
                        case User u: users.Add(u); break;
                        case App a: if (!apps.Any(x => x.Name == a.Name)) apps.Add(a); break;
                        case null:
                            if (item.Diagnostic.Level == DiagnosticLevel.Error)
                                EmitError(ErrorRecords.FromDiagnostic(item.Diagnostic, "Fix the resource; the diagnosis used the rest."));
                            break;
                    }
                }
            _context.Inputs.Add(files.Count + " resource file(s): " + roles.Count + " role(s), " + users.Count + " user(s), " + apps.Count + " app(s)");
            return (roles, users, apps);
        }

        private List<User> SelectUsers(List<User> users)
        {
            if (User == null) return users;
            var result = new List<User>();
            foreach (var name in User)
            {
                var u = users.LastOrDefault(x => x.Name == name);
                if (u == null) EmitWarning("user " + name + " is not in the cluster export: its role checks are skipped.");
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
                if (a == null) EmitWarning("app " + name + " is not in the cluster export or teleport.yaml: its checks are skipped.");
                else result.Add(a);
            }
            return result;
        }

        private void CheckClients(List<App> apps, List<User> users, bool haveApps)
        {
            if (SkipClient)
            {
                _context.Skipped.Add("MCP client configurations and the tsh session (-SkipClient)");
                return;
            }
            var request = new ClientCheckOptions
            {
                Paths = ClientConfigPath == null ? null : PathResolver.ResolveFiles(this, ClientConfigPath, false, false, f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).ToArray(),
                ProjectDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
                Apps = haveApps ? apps : null,
                Users = users.Count > 0 ? users : null,
                TshPath = TshPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(TshPath),
                TshTimeout = TimeSpan.FromSeconds(Math.Min(TimeoutSec, 20)),
                // tsh mcp ls contacts the proxy: the diagnosis asks the network for nothing the admin did not ask for.
                ListAppsLive = false,
                Log = WriteVerbose,
            };
            string user = users.Count == 1 ? users[0].Name : null;
            int before = _items.Count;
            _items.AddRange(ClientDiagnosis.ToDiagnosisItems(ClientChecker.Run(request), user));
            _context.Inputs.Add((ClientConfigPath == null ? "the MCP client configurations of this computer" : ClientConfigPath.Length + " MCP client configuration file(s)") +
                " and the tsh session: " + (_items.Count - before) + " finding(s)");
        }

        /// <summary>Static checks for every selected MCP app, and the live probe with -Launch; returns the probed tool names per app.</summary>
        private Dictionary<string, string[]> CheckApps(List<App> apps, User user)
        {
            var tools = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (apps.Count == 0)
            {
                _context.Skipped.Add("MCP server definitions: no MCP app in the cluster export or teleport.yaml");
                return tools;
            }
            foreach (var app in apps)
            {
                if (Cancellation.IsCancellationRequested) break;
                // Without -Launch the diagnosis stays off the network: no TCP connect to remote MCP servers either.
                // The one selected user's traits fill header templates of http/sse apps (as the App Service would for that user).
                var outcome = AppTest.Run(app, new AppTestOptions { Environment = PlainValues.Environment(Environment), Launch = Launch, TimeoutSec = TimeoutSec, CheckReachable = Launch, User = user }, Cancellation);
                _items.AddRange(DiagnosisRules.FromAppChecks(app, outcome.Checks));
                if (outcome.Probe != null)
                {
                    _items.AddRange(DiagnosisRules.FromProbe(outcome.Probe));
                    if (outcome.Probe.Tool.Length > 0) tools[app.Name] = outcome.Probe.Tool;
                }
            }
            _context.Inputs.Add(apps.Count + " MCP server definition(s), checked against this host" + (Launch ? ", and launched" : " (not launched: add -Launch to probe them)"));
            return tools;
        }

        private void CheckRoles(List<Role> roles, List<User> allUsers, List<User> users, List<App> apps, Dictionary<string, string[]> probedTools)
        {
            if (roles.Count == 0 || users.Count == 0 || apps.Count == 0)
            {
                _context.Skipped.Add("role decisions: they need roles, users and MCP apps from -ClusterPath");
                if (roles.Count > 0) _items.AddRange(DiagnosisRules.FromLint(RoleLinter.Lint(roles, allUsers)));
                return;
            }
            var session = new McpAccessSession(roles);
            foreach (var u in users)
                foreach (var missing in session.Prepare(u))
                    EmitWarning("user " + u.Name + " names role " + missing + ", which is not in the cluster export; the decisions ignore it.");
            foreach (var u in users)
            {
                var summaries = new List<KeyValuePair<McpAccessSummary, App>>();
                foreach (var a in apps)
                {
                    string[] tools = Tool ?? (probedTools.TryGetValue(a.Name, out var t) ? t : null);
                    if (tools == null) summaries.Add(new KeyValuePair<McpAccessSummary, App>(session.Summarize(u, a), a));
                    else _items.AddRange(DiagnosisRules.FromDecisions(tools.Select(tool => session.Decide(u, a, tool)).ToList()));
                }
                if (summaries.Count > 0) _items.AddRange(DiagnosisRules.FromSummaries(u.Name, summaries));
            }
            _items.AddRange(DiagnosisRules.FromLint(RoleLinter.Lint(roles, allUsers)));
            _context.Inputs.Add("Teleport's MCP decisions for " + users.Count + " user(s) on " + apps.Count + " MCP server(s)" +
                (Tool != null ? " and " + Tool.Length + " tool(s)" : probedTools.Count > 0 ? " and the probed tools" : ""));
        }

        private void ScanLogs()
        {
            if (LogPath == null)
            {
                _context.Skipped.Add("logs: no -LogPath (App Service log, MCP client logs, tsh output)");
                return;
            }
            var files = PathResolver.ResolveFiles(this, LogPath, false, true, LogFiles.IsLogFile);
            var catalog = KnownErrorCatalog.Load(new string[0], new List<TeleportInputException>());
            int findings = 0;
            long lines = LogFiles.Scan(catalog, files, f =>
            {
                // With -App or -User, lines that name another app or user are not about this problem.
                if (App != null && f.App != null && !App.Any(a => ClientEntryName.Names(f.App, a))) return;
                if (User != null && f.User != null && !User.Contains(f.User)) return;
                findings++;
                _items.Add(DiagnosisRules.FromLogFinding(f));
            }, failure => EmitError(ErrorRecords.InvalidInput("LogReadError", failure.Message, failure.Path, ErrorCategory.ReadError)), Cancellation);
            _context.Inputs.Add(files.Count + " log file(s), " + lines + " line(s): " + findings + " known failure(s)");
        }
    }
}
