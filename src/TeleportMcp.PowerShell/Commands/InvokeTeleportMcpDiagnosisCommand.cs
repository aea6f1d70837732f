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

        /// <summary>Teleport audit logs (the Auth Service's file audit log, event handler output; .gz too).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] AuditPath { get; set; }

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string[] User { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(McpAppNameCompleter))]
        public string[] App { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ToolNameCompleter))]
        public string[] Tool { get; set; }

        // Users from the pipeline ('alice', 'bob' | Invoke-TeleportMcpDiagnosis ...) are gathered for the one diagnosis.
        private readonly List<string> _pipedUsers = new List<string>();
        private ProgressWriter _progressWriter;

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

        protected override void ProcessRecord()
        {
            if (User != null) _pipedUsers.AddRange(User.Where(u => !_pipedUsers.Contains(u)));
        }

        protected override void EndProcessing()
        {
            if (_pipedUsers.Count > 0) User = _pipedUsers.ToArray();
            _progressWriter = new ProgressWriter(this, ProgressId, "Invoke-TeleportMcpDiagnosis");
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

                Progress("Reading audit events", 90);
                ScanAudit();
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

            // Incidents first: the ranker folds log findings into the checks they prove.
            _context.Incidents.AddRange(IncidentBuilder.Build(_items));
            var ranked = DiagnosisRanker.Rank(_items);
            foreach (var line in _context.Inputs) WriteVerbose("Examined: " + line);
            foreach (var line in _context.Unmatched) WriteVerbose("Not examined (not found): " + line);
            foreach (var line in _context.Skipped) WriteVerbose("Not examined: " + line);
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
            var gate = DiagnosisGate.Decide(ranked, _context, threshold == "Warn" ? DiagnosisStatus.Warn : DiagnosisStatus.Fail);
            // A gate that checked nothing must not pass: say so whatever the output mode (about_TeleportMcp, "THE -Quiet ANSWER").
            if (gate.Outcome == GateOutcome.NothingExamined || gate.Outcome == GateOutcome.RequestUnmatched)
            {
                var record = new ErrorRecord(new InvalidOperationException(gate.Reason), gate.Outcome == GateOutcome.NothingExamined ? "NothingExamined" : "InputNotMatched",
                    ErrorCategory.ObjectNotFound, null);
                record.ErrorDetails = new ErrorDetails(gate.Reason) { RecommendedAction = "Check the names and paths given; the report lists what was examined and what was not." };
                if (FailOn != null && !Quiet)
                {
                    EmitAll(ranked);
                    Terminate(record);
                }
                EmitError(record);
            }
            if (Quiet)
            {
                Emit(gate.Passed);
                return;
            }
            EmitAll(ranked);
            if (FailOn != null && gate.Outcome == GateOutcome.Findings)
            {
                Terminate(new ErrorRecord(new InvalidOperationException(gate.Reason + " The first: " + ranked[0].Title),
                    "DiagnosisFailed", ErrorCategory.InvalidResult, null)
                { ErrorDetails = new ErrorDetails(gate.Reason) { RecommendedAction = ranked[0].Fix } });
            }
        }

        private void Progress(string status, int percent)
        {
            if (Cancellation.IsCancellationRequested) throw new PipelineStoppedException();
            _progressWriter.Write(status, percent, force: true);
        }

        /// <summary>Resolves each path on its own, so a path or wildcard that matched nothing is named in the report.</summary>
        private List<string> Resolve(string parameter, string[] paths, Func<string, bool> filter, bool recurse = true)
        {
            var files = new List<string>();
            foreach (var p in paths)
            {
                var found = PathResolver.ResolveFiles(this, new[] { p }, false, recurse, filter);
                if (found.Count == 0) _context.Unmatched.Add(parameter + " " + p);
                files.AddRange(found);
            }
            return files;
        }

        private void NotFound(string kind, string name, IEnumerable<string> known, string errorId)
        {
            var names = known.Distinct().ToList();
            string where = ClusterPath == null ? "no -ClusterPath was given" : "the cluster export has " + (names.Count == 0 ? "none" : string.Join(", ", names.Take(20)) + (names.Count > 20 ? ", ..." : ""));
            string message = kind + " " + name + " was not found (" + where + "): its checks were skipped.";
            _context.Unmatched.Add(kind + " " + name);
            EmitError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.ObjectNotFound, name)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Check the name, or add the file that defines it to -ClusterPath." },
            });
        }

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
            var files = Resolve("-ClusterPath", ClusterPath, PathResolver.IsResourceFile);
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
            int resources = roles.Count + users.Count + apps.Count;
            WriteVerbose("Read " + files.Count + " cluster file(s): " + roles.Count + " role(s) (" + string.Join(", ", roles.Select(r => r.Name)) + "), " +
                         users.Count + " user(s) (" + string.Join(", ", users.Select(x => x.Name)) + "), " + apps.Count + " app(s) (" + string.Join(", ", apps.Select(x => x.Name)) + ").");
            foreach (var f in files) WriteDebug("cluster file: " + f);
            if (resources == 0)
                _context.Skipped.Add("roles, users and apps: " + (files.Count == 0 ? "-ClusterPath named no readable file" : files.Count + " file(s) held no role, user or app"));
            else _context.Inputs.Add(files.Count + " resource file(s): " + roles.Count + " role(s), " + users.Count + " user(s), " + apps.Count + " app(s)");
            _context.ExaminedCount += resources;
            return (roles, users, apps);
        }

        private List<User> SelectUsers(List<User> users)
        {
            if (User == null) return users;
            var result = new List<User>();
            foreach (var name in User)
            {
                var u = users.LastOrDefault(x => x.Name == name);
                if (u == null) NotFound("user", name, users.Select(x => x.Name), "UserNotFound");
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
                if (a == null) NotFound("app", name, apps.Select(x => x.Name), "AppNotFound");
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
                Paths = ClientConfigPath == null ? null : Resolve("-ClientConfigPath", ClientConfigPath, f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase), recurse: false).ToArray(),
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
            var results = ClientChecker.Run(request);
            _context.ExaminedCount += ClientDiagnosis.ConfigFilesExamined(results);
            _items.AddRange(ClientDiagnosis.ToDiagnosisItems(results, user));
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
            int index = 0;
            foreach (var app in apps)
            {
                if (Cancellation.IsCancellationRequested) throw new PipelineStoppedException();
                _progressWriter.Write((Launch ? "Launching" : "Checking") + " MCP server " + (++index) + " of " + apps.Count + ": " + app.Name, 30 + 30 * (index - 1) / apps.Count, force: true);
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
            bool verbose = StreamPreference.VerboseOn(this), debug = StreamPreference.DebugOn(this);
            void Trace(IEnumerable<TraceLine> lines)
            {
                foreach (var l in lines)
                {
                    if (l.Level == TraceLevel.Debug) WriteDebug(l.Text);
                    else WriteVerbose(l.Text);
                }
            }
            var session = new McpAccessSession(roles);
            foreach (var u in users)
            {
                foreach (var missing in session.Prepare(u))
                    EmitWarning("user " + u.Name + " names role " + missing + ", which is not in the cluster export; the decisions ignore it.");
                if (verbose || debug) Trace(session.TraceUser(u));
            }
            foreach (var u in users)
            {
                if (Cancellation.IsCancellationRequested) throw new PipelineStoppedException();
                var summaries = new List<KeyValuePair<McpAccessSummary, App>>();
                foreach (var a in apps)
                {
                    if (verbose || debug) Trace(session.TraceApp(u, a));
                    string[] tools = Tool ?? (probedTools.TryGetValue(a.Name, out var t) ? t : null);
                    if (tools == null) summaries.Add(new KeyValuePair<McpAccessSummary, App>(session.Summarize(u, a), a));
                    else
                    {
                        var decisions = tools.Select(tool => session.Decide(u, a, tool)).ToList();
                        if (verbose) foreach (var d in decisions) WriteVerbose(AccessTrace.ForDecision(d).Text);
                        _items.AddRange(DiagnosisRules.FromDecisions(decisions));
                    }
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
            var files = Resolve("-LogPath", LogPath, LogFiles.IsLogFile);
            var (lines, findings) = ScanFiles(files, "Scanning logs: ");
            if (files.Count == 0) _context.Skipped.Add("logs: -LogPath named no log file");
            else _context.Inputs.Add(files.Count + " log file(s), " + lines + " line(s): " + findings + " known failure(s)");
            _context.ExaminedCount += files.Count;
        }

        /// <summary>Failed MCP audit events: the only server-side record of a denied tool call (2:A6).</summary>
        private void ScanAudit()
        {
            if (AuditPath == null)
            {
                _context.Skipped.Add("audit events: no -AuditPath (the Auth Service's audit log holds the only record of a denied tool call)");
                return;
            }
            var files = Resolve("-AuditPath", AuditPath, LogFiles.IsLogFile);
            var (lines, findings) = ScanFiles(files, "Reading audit events: ");
            if (files.Count == 0) _context.Skipped.Add("audit events: -AuditPath named no file");
            else _context.Inputs.Add(files.Count + " audit log file(s), " + lines + " line(s): " + findings + " failed MCP event(s) or known failure(s)");
            _context.ExaminedCount += files.Count;
        }

        /// <summary>Log files and audit logs go through the same scan: known log failures and failed MCP audit events.</summary>
        private (long Lines, int Findings) ScanFiles(List<string> files, string activity)
        {
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            int findings = 0;
            var merged = new LogDiagnoses();
            long lines = LogFiles.Scan(catalog, files, f =>
            {
                // With -App or -User, lines that name another app or user are not about this problem.
                if (App != null && f.App != null && !App.Any(a => ClientEntryName.Names(f.App, a))) return;
                if (User != null && f.User != null && !User.Contains(f.User)) return;
                findings++;
                var item = merged.Add(f);
                if (item != null) _items.Add(item);
            }, failure => EmitError(ErrorRecords.InvalidInput("LogReadError", failure.Message, failure.Path, ErrorCategory.ReadError)), Cancellation,
                progress: (file, done, length) => _progressWriter.Bytes(activity + System.IO.Path.GetFileName(file), done, length));
            return (lines, findings);
        }
    }
}
