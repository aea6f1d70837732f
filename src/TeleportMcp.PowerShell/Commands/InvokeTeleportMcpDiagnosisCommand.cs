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

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string[] User { get; set; }

        // Users from the pipeline ('alice', 'bob' | Invoke-TeleportMcpDiagnosis ...) are gathered for the one diagnosis.
        private readonly List<string> _pipedUsers = new List<string>();

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(McpAppNameCompleter))]
        public string[] App { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ToolNameCompleter))]
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

        private ProgressWriter _progressWriter;

        protected override void ProcessRecord()
        {
            if (User != null) _pipedUsers.AddRange(User.Where(u => !_pipedUsers.Contains(u)));
        }

        protected override void EndProcessing()
        {
            if (_pipedUsers.Count > 0) User = _pipedUsers.ToArray();
            var collector = DiagnosisBridge.NewCollector();
            _progressWriter = new ProgressWriter(this, ProgressId, "Invoke-TeleportMcpDiagnosis");
            try
            {
                var (roles, users, apps) = ReadCluster(collector);
                var selectedUsers = SelectUsers(collector, users);
                var selectedApps = SelectApps(collector, apps);

                Progress("Checking MCP client configurations and the tsh session", 10);
                CheckClients(collector, selectedApps, selectedUsers, apps.Count > 0);

                Progress("Checking MCP server definitions" + (Launch ? " and probing them" : ""), 30);
                var probedTools = CheckApps(collector, selectedApps);

                Progress("Replaying Teleport's MCP access decisions", 60);
                CheckRoles(collector, roles, users, selectedUsers, selectedApps, probedTools);

                Progress("Scanning logs", 80);
                ScanLogs(collector);
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                _progressWriter.Complete();
            }

            var ranked = DiagnosisBridge.Rank(collector);
            foreach (var line in DiagnosisBridge.Coverage(collector)) WriteVerbose(line);
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
            var gate = DiagnosisBridge.Gate(collector, threshold == "Warn");
            bool examinedNothing = gate.Outcome == "NothingExamined" || gate.Outcome == "RequestUnmatched";
            // A gate that checked nothing must not pass: say so whatever the output mode (about_TeleportMcp, "-Quiet").
            if (examinedNothing)
            {
                var record = new ErrorRecord(new InvalidOperationException(gate.Reason), gate.Outcome == "NothingExamined" ? "NothingExamined" : "InputNotMatched",
                    gate.Outcome == "NothingExamined" ? ErrorCategory.ObjectNotFound : ErrorCategory.ObjectNotFound, null);
                record.ErrorDetails = new ErrorDetails(gate.Reason) { RecommendedAction = "Check the names and paths given; the report lists what was examined and what was not." };
                if (FailOn != null && !Quiet)
                {
                    foreach (var d in ranked) WriteObject(d);
                    ThrowTerminatingError(record);
                }
                WriteError(record);
            }
            if (Quiet)
            {
                WriteObject(gate.Passed);
                return;
            }
            foreach (var d in ranked) WriteObject(d);
            if (FailOn != null && gate.Outcome == "Findings")
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(gate.Reason + " The first: " + ranked[0].Title),
                    "DiagnosisFailed", ErrorCategory.InvalidResult, null)
                { ErrorDetails = new ErrorDetails(gate.Reason) { RecommendedAction = ranked[0].Fix } });
            }
        }

        private void Progress(string status, int percent)
        {
            if (_cancel.IsCancellationRequested) throw new PipelineStoppedException();
            _progressWriter.Write(status, percent, force: true);
        }

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
            var files = Resolve(collector, "-ClusterPath", ClusterPath, PathResolver.IsResourceFile);
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
            int resources = roles.Count + users.Count + apps.Count;
            WriteVerbose("Read " + files.Count + " cluster file(s): " + roles.Count + " role(s) (" + string.Join(", ", roles.Select(r => r.Name)) + "), " +
                         users.Count + " user(s) (" + string.Join(", ", users.Select(x => x.Name)) + "), " + apps.Count + " app(s) (" + string.Join(", ", apps.Select(x => x.Name)) + ").");
            foreach (var f in files) WriteDebug("cluster file: " + f);
            if (resources == 0)
                DiagnosisBridge.NotExamined(collector, "roles, users and apps: " + (files.Count == 0 ? "-ClusterPath named no readable file" : files.Count + " file(s) held no role, user or app"));
            else DiagnosisBridge.Examined(collector, files.Count + " resource file(s): " + roles.Count + " role(s), " + users.Count + " user(s), " + apps.Count + " app(s)");
            DiagnosisBridge.CountExamined(collector, resources);
            return (roles, users, apps);
        }

        /// <summary>Resolves each path on its own, so a path or wildcard that matched nothing is named in the report.</summary>
        private List<string> Resolve(DiagnosisBridge.Collector collector, string parameter, string[] paths, Func<string, bool> filter, bool recurse = true)
        {
            var files = new List<string>();
            foreach (var p in paths)
            {
                var found = PathResolver.ResolveFiles(this, new[] { p }, false, recurse, filter);
                if (found.Count == 0) DiagnosisBridge.Unmatched(collector, parameter + " " + p);
                files.AddRange(found);
            }
            return files;
        }

        private List<User> SelectUsers(DiagnosisBridge.Collector collector, List<User> users)
        {
            if (User == null) return users;
            var result = new List<User>();
            foreach (var name in User)
            {
                var u = users.LastOrDefault(x => x.Name == name);
                if (u == null) NotFound(collector, "user", name, users.Select(x => x.Name), "UserNotFound");
                else result.Add(u);
            }
            return result;
        }

        private List<App> SelectApps(DiagnosisBridge.Collector collector, List<App> apps)
        {
            if (App == null) return apps.Where(a => a.IsMcp).ToList();
            var result = new List<App>();
            foreach (var name in App)
            {
                var a = apps.FirstOrDefault(x => x.Name == name);
                if (a == null) NotFound(collector, "app", name, apps.Select(x => x.Name), "AppNotFound");
                else result.Add(a);
            }
            return result;
        }

        private void NotFound(DiagnosisBridge.Collector collector, string kind, string name, IEnumerable<string> known, string errorId)
        {
            var names = known.Distinct().ToList();
            string where = ClusterPath == null ? "no -ClusterPath was given" : "the cluster export has " + (names.Count == 0 ? "none" : string.Join(", ", names.Take(20)) + (names.Count > 20 ? ", ..." : ""));
            string message = kind + " " + name + " was not found (" + where + "): its checks were skipped.";
            DiagnosisBridge.Unmatched(collector, kind + " " + name);
            WriteError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.ObjectNotFound, name)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Check the name, or add the file that defines it to -ClusterPath." },
            });
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
                Paths = ClientConfigPath == null ? null : Resolve(collector, "-ClientConfigPath", ClientConfigPath, f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase), recurse: false).ToArray(),
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
        private Dictionary<string, string[]> CheckApps(DiagnosisBridge.Collector collector, List<App> apps)
        {
            var tools = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (apps.Count == 0)
            {
                DiagnosisBridge.NotExamined(collector, "MCP server definitions: no MCP app in the cluster export or teleport.yaml");
                return tools;
            }
            int index = 0;
            foreach (var app in apps)
            {
                if (_cancel.IsCancellationRequested) throw new PipelineStoppedException();
                _progressWriter.Write((Launch ? "Launching" : "Checking") + " MCP server " + (++index) + " of " + apps.Count + ": " + app.Name, 30 + 30 * (index - 1) / apps.Count, force: true);
                // Without -Launch the diagnosis stays off the network: no TCP connect to remote MCP servers either.
                var outcome = ProbeBridge.Run(app, Environment, Launch, TimeoutSec, _cancel.Token, checkReachable: Launch);
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
            bool verbose = StreamPreference.VerboseOn(this), debug = StreamPreference.DebugOn(this);
            void Trace(bool isDebug, string line)
            {
                if (isDebug) WriteDebug(line);
                else WriteVerbose(line);
            }
            var session = RbacBridge.Open(roles);
            foreach (var u in users)
            {
                foreach (var missing in RbacBridge.Prepare(session, u))
                    WriteWarning("user " + u.Name + " names role " + missing + ", which is not in the cluster export; the decisions ignore it.");
                if (verbose || debug) RbacBridge.TraceUser(session, u, Trace);
            }
            foreach (var u in users)
            {
                if (_cancel.IsCancellationRequested) throw new PipelineStoppedException();
                var summaries = new List<KeyValuePair<McpAccessSummary, App>>();
                foreach (var a in apps)
                {
                    if (verbose || debug) RbacBridge.TraceApp(session, u, a, Trace);
                    string[] tools = Tool ?? (probedTools.TryGetValue(a.Name, out var t) ? t : null);
                    if (tools == null) summaries.Add(new KeyValuePair<McpAccessSummary, App>(RbacBridge.Summarize(session, u, a), a));
                    else DiagnosisBridge.AddDecisions(collector, tools.Select(tool => RbacBridge.Decide(session, u, a, tool, verbose ? (Action<string>)WriteVerbose : null)).ToList());
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
            var files = Resolve(collector, "-LogPath", LogPath, LogBridge.IsLogFile);
            var problems = new List<LogBridge.CatalogProblem>();
            var catalog = LogBridge.LoadCatalog(new string[0], problems);
            long lines = 0;
            int findings = 0;
            foreach (var file in files)
            {
                if (_cancel.IsCancellationRequested) throw new PipelineStoppedException();
                try
                {
                    var name = System.IO.Path.GetFileName(file);
                    lines += LogBridge.ScanFile(catalog, file, f =>
                    {
                        // With -App or -User, lines that name another app or user are not about this problem.
                        if (App != null && f.App != null && !App.Any(a => a == f.App || "teleport-mcp-" + a == f.App)) return;
                        if (User != null && f.User != null && !User.Contains(f.User)) return;
                        findings++;
                        DiagnosisBridge.AddLogFinding(collector, f);
                    }, _cancel.Token, (done, total) => _progressWriter.Bytes("Scanning logs: " + name, done, total));
                }
                catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
                {
                    WriteError(new ErrorRecord(e, "LogReadError", ErrorCategory.ReadError, file));
                }
            }
            if (files.Count == 0) DiagnosisBridge.NotExamined(collector, "logs: -LogPath named no log file");
            else DiagnosisBridge.Examined(collector, files.Count + " log file(s), " + lines + " line(s): " + findings + " known failure(s)");
            DiagnosisBridge.CountExamined(collector, files.Count);
        }
    }
}
