using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>
    /// Test-TeleportMcpRole: Teleport's MCP tool decision for users, MCP servers and tools, with the reason; a summary
    /// per user and server without -Tool; lint findings with -Lint. Pipeline input is mixed (roles, users, apps, tool
    /// names or objects with a Tool/Name property), so everything is gathered first and decided in EndProcessing.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "TeleportMcpRole", DefaultParameterSetName = UserApp)]
    [OutputType(typeof(ToolAccess), typeof(McpAccessSummary), typeof(RoleLintFinding), typeof(bool))]
    [OutputType(typeof(AuditReplay))]
    public sealed class TestTeleportMcpRoleCommand : TeleportMcpCommand
    {
        private const string UserApp = "User";
        private const string UserAppLabels = "UserAppLabels";
        private const string AdHocApp = "UserName";
        private const string LintSet = "Lint";

        // The one cluster-input service reads the files and says where a name was looked for; the lists are its own.
        private ClusterInput _input = new ClusterInput();
        private List<Role> _roles => _input.Roles;
        private List<User> _users => _input.Users;
        private List<App> _apps => _input.Apps;
        private readonly List<string> _tools = new List<string>();
        // Probe results (Test-TeleportMcpApp -Launch) carry their own app: each one's tools are checked on that app.
        private readonly List<KeyValuePair<App, List<string>>> _probed = new List<KeyValuePair<App, List<string>>>();
        // Audit events (Get-TeleportMcpAuditEvent) are replayed with their own user, app and tool.
        private readonly List<AuditEvent> _auditEvents = new List<AuditEvent>();
        private bool _toolsFromCommandLine;
        private bool _failed;

        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public PSObject InputObject { get; set; }

        [Parameter]
        [ResourceTransformation(typeof(Role))]
        [ValidateNotNull]
        public Role[] Role { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        [Parameter(Position = 0, ParameterSetName = UserApp)]
        [Parameter(Position = 0, ParameterSetName = UserAppLabels)]
        [Parameter(ParameterSetName = LintSet)]
        [ResourceTransformation(typeof(User))]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public object[] User { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AdHocApp)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; }

        /// <summary>The role names of the ad-hoc user (-UserName); -Roles is the former name.</summary>
        [Parameter(ParameterSetName = AdHocApp)]
        [Alias("Roles")]
        [AllowEmptyCollection]
        public string[] UserRole { get; set; }

        [Parameter(ParameterSetName = AdHocApp)]
        public Hashtable Traits { get; set; }

        [Parameter(Position = 1, ParameterSetName = UserApp)]
        [Parameter(Position = 1, ParameterSetName = AdHocApp)]
        [ResourceTransformation(typeof(App))]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(McpAppNameCompleter))]
        public object[] App { get; set; }

        // The ad-hoc user takes -App or -AppLabels in one set: with two sets the binder cannot choose while probes are piped in.
        [Parameter(Mandatory = true, ParameterSetName = UserAppLabels)]
        [Parameter(ParameterSetName = AdHocApp)]
        public Hashtable AppLabels { get; set; }

        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = UserApp)]
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = UserAppLabels)]
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = AdHocApp)]
        [Alias("Name", "ToolName", "Tools")]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(ToolNameCompleter))]
        public string[] Tool { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LintSet)]
        public SwitchParameter Lint { get; set; }

        protected override void BeginProcessing()
        {
            _input = NewClusterInput("Fix the resource and run the test again; the other resources were read.");
            _toolsFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Tool));
            if (_toolsFromCommandLine && Tool != null) _tools.AddRange(Tool.Where(t => t != null));
            if (Role != null) foreach (var r in Role) AddRole(r);
            if (Path != null || LiteralPath != null)
            {
                var files = new List<string>();
                foreach (var (p, literal) in (Path ?? Array.Empty<string>()).Select(p => (p, false)).Concat((LiteralPath ?? Array.Empty<string>()).Select(p => (p, true))))
                {
                    var found = PathResolver.ResolveFiles(this, new[] { p }, literal, false, PathResolver.IsResourceFile);
                    // An unmatched path was reported by the resolver; -Quiet must not pass on what it did not read.
                    if (found.Count == 0) _failed = true;
                    files.AddRange(found);
                }
                int r0 = _roles.Count, u0 = _users.Count, a0 = _apps.Count;
                foreach (var file in files)
                {
                    // Read here, not by ClusterInput.ReadFiles: each role passes AddRole's name and version checks.
                    _input.NoteFile(file);
                    foreach (var item in ResourceReader.ReadFile(file))
                    {
                        if (item.Resource != null) Add(item.Resource);
                        else if (item.Diagnostic.Level == DiagnosticLevel.Error)
                            EmitError(ErrorRecords.FromDiagnostic(item.Diagnostic, "Fix the resource and run the test again; the other resources were read."));
                        else if (item.Diagnostic.Level == DiagnosticLevel.Warning) EmitWarning(item.Diagnostic.ToString());
                    }
                }
                WriteVerbose("Read " + files.Count + " file(s) from -Path/-LiteralPath (" + string.Join(", ", files) + "): " + (_roles.Count - r0) + " role(s), " +
                             (_users.Count - u0) + " user(s), " + (_apps.Count - a0) + " app(s).");
            }
        }

        protected override void ProcessRecord()
        {
            if (InputObject == null) return;
            try
            {
                var baseObj = InputObject.BaseObject;
                if (baseObj is string s)
                {
                    // A bare string on the pipeline is a tool name.
                    if (!_toolsFromCommandLine) _tools.Add(s);
                    return;
                }
                if (baseObj is AuditEvent auditEvent)
                {
                    _auditEvents.Add(auditEvent);
                    return;
                }
                if (Add(InputObject))
                {
                    _input.NoteFromPipeline();
                    return;
                }
                // Anything else: a probe result or any object with a Tool/Name/ToolName/Tools property.
                if (_toolsFromCommandLine) return;
                var tools = InputObject.Properties["Tools"]?.Value;
                if (tools != null && !(tools is string))
                {
                    var names = new List<string>();
                    foreach (var item in LanguagePrimitives.GetEnumerable(tools) ?? new object[] { tools })
                    {
                        var pso = PSObject.AsPSObject(item);
                        var name = pso.BaseObject is string str ? str : pso.Properties["Name"]?.Value?.ToString() ?? pso.Properties["name"]?.Value?.ToString();
                        if (!string.IsNullOrEmpty(name)) names.Add(name);
                    }
                    var probedApp = ToApp(InputObject.Properties["App"]?.Value);
                    if (probedApp != null && App == null && AppLabels == null) _probed.Add(new KeyValuePair<App, List<string>>(probedApp, names));
                    else _tools.AddRange(names);
                    return;
                }
                if (Tool != null) _tools.AddRange(Tool.Where(t => !string.IsNullOrEmpty(t)));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                EmitError(new ErrorRecord(e, "InvalidPipelineInput", ErrorCategory.InvalidArgument, InputObject));
            }
        }

        /// <summary>Collects a Role, User or App (also deserialized or hashtable forms); false for anything else.</summary>
        private bool Add(object input)
        {
            var pso = input as PSObject ?? PSObject.AsPSObject(input);
            switch (pso.BaseObject)
            {
                case Role r: AddRole(r); return true;
                case User u: _users.Add(u); return true;
                case App a: _apps.Add(a); return true;
                case AppServiceAgent _: return true; // part of a cluster stream (teleport.yaml); access decisions do not use it
            }
            var kind = GuessKind(pso);
            if (kind == null) return false;
            var converted = ResourceTransformationAttribute.TryConvert(input, kind);
            switch (converted)
            {
                case Role r: AddRole(r); return true;
                case User u: _users.Add(u); return true;
                case App a: _apps.Add(a); return true;
            }
            return false;
        }

        private static App ToApp(object value)
        {
            if (value == null) return null;
            var pso = PSObject.AsPSObject(value);
            if (pso.BaseObject is App a) return a;
            return ResourceTransformationAttribute.TryConvert(value, typeof(App)) as App;
        }

        private static Type GuessKind(PSObject pso)
        {
            foreach (var n in pso.TypeNames)
            {
                if (n == "Deserialized.TeleportMcp.Role") return typeof(Role);
                if (n == "Deserialized.TeleportMcp.User") return typeof(User);
                if (n == "Deserialized.TeleportMcp.App") return typeof(App);
            }
            if (!(pso.BaseObject is PSCustomObject)) return null;
            bool Has(string p) => pso.Properties[p] != null;
            if (Has("AllowMcpTools") || Has("DenyMcpTools") || Has("AllowAppLabels")) return typeof(Role);
            if (Has("Roles") && Has("Traits")) return typeof(User);
            if (Has("Uri") && (Has("Transport") || Has("IsMcp"))) return typeof(App);
            return null;
        }

        private void AddRole(Role r)
        {
            if (r == null) return;
            if (string.IsNullOrEmpty(r.Name))
            {
                EmitError(ErrorRecords.InvalidInput("InvalidRole", "a role without a name was given", r.Source, ErrorCategory.InvalidData, "Give every role a metadata.name."));
                return;
            }
            if (!RoleVersions.IsSupported(r.Version))
            {
                EmitError(ErrorRecords.InvalidInput("UnsupportedRoleVersion", "role " + Quote(r.Name) + ": " + RoleVersions.NotSupportedMessage(r.Version),
                    r.Source, ErrorCategory.InvalidData, "Use a role version from v3 to v8 (Teleport refuses any other); the role was left out."));
                return;
            }
            int existing = _roles.FindIndex(x => x.Name == r.Name);
            if (existing >= 0)
            {
                EmitWarning("role " + Quote(r.Name) + " was given twice; the later definition (" + (r.Source ?? "pipeline") + ") is used.");
                _roles[existing] = r;
            }
            else _roles.Add(r);
        }

        private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        protected override void EndProcessing()
        {
            try
            {
                Run();
            }
            catch (Exception e) when (!(e is PipelineStoppedException) && !(e is PipelineClosedException))
            {
                Terminate(new ErrorRecord(e, "RbacEvaluationFailed", ErrorCategory.NotSpecified, null));
            }
        }

        private void Run()
        {
            if (Lint)
            {
                RunLint();
                return;
            }
            if (_auditEvents.Count > 0)
            {
                ReplayAuditEvents();
                return;
            }
            var users = ResolveUsers();
            var apps = _probed.Count > 0 && App == null && AppLabels == null ? _probed.Select(p => p.Key).ToList() : ResolveApps();
            if (users == null || apps == null)
            {
                if (Quiet) Emit(false);
                return;
            }
            if (_roles.Count == 0) EmitWarning("No roles were given (pipe Import-TeleportResource output, or use -Role or -Path): every user gets no access.");

            foreach (var role in _roles)
                foreach (var bad in McpAccessSession.InvalidPatterns(role))
                    EmitError(ErrorRecords.InvalidInput("InvalidRoleRegex", "role " + Quote(role.Name) + " " + bad + ": Teleport fails every access check that reaches this entry",
                        role.Source, ErrorCategory.InvalidData, "Fix the regular expression (Go RE2 syntax) or remove the entry; see Test-TeleportMcpRole -Lint."));

            _verbose = StreamPreference.VerboseOn(this);
            _debug = StreamPreference.DebugOn(this);
            WriteVerbose("Given: " + _roles.Count + " role(s) (" + string.Join(", ", _roles.Select(r => r.Name)) + "), " + users.Count + " user(s) to test, " +
                         apps.Count + " app(s) to test" + (_tools.Count > 0 ? ", " + _tools.Distinct().Count() + " tool(s)" : "") + ".");
            var session = new McpAccessSession(_roles);
            foreach (var u in users)
            {
                var missing = session.Prepare(u);
                foreach (var m in missing)
                    EmitWarning("user " + Quote(u.Name) + " names role " + Quote(m) + ", which was not given; the decisions ignore it.");
                if (_verbose || _debug) Trace(session.TraceUser(u));
            }

            var tools = _tools.Where(t => t != null).Distinct(StringComparer.Ordinal).ToList();
            bool all = true;
            if (_probed.Count > 0 && App == null && AppLabels == null)
            {
                foreach (var u in users)
                    foreach (var probe in _probed)
                        Evaluate(session, u, probe.Key, probe.Value.Distinct(StringComparer.Ordinal).ToList(), ref all);
            }
            else
            {
                foreach (var u in users)
                    foreach (var a in apps)
                        Evaluate(session, u, a, tools, ref all);
            }
            if (Quiet) Emit(all && !_failed);
        }

        private bool _verbose;
        private bool _debug;

        private void Trace(IEnumerable<TraceLine> lines)
        {
            foreach (var l in lines)
            {
                if (l.Level == TraceLevel.Debug) WriteDebug(l.Text);
                else WriteVerbose(l.Text);
            }
        }

        private void Evaluate(McpAccessSession session, User u, App a, List<string> tools, ref bool all)
        {
            // With -Quiet nothing is written, so the loops look at Ctrl+C themselves.
            if (Cancellation.IsCancellationRequested) throw new PipelineStoppedException();
            if (_verbose || _debug) Trace(session.TraceApp(u, a));
            if (tools.Count == 0)
            {
                var s = session.Summarize(u, a);
                if (Quiet) all &= s.Scope == ToolScope.All || s.Scope == ToolScope.Limited;
                else Emit(s);
                return;
            }
            foreach (var t in tools)
            {
                if (Cancellation.IsCancellationRequested) throw new PipelineStoppedException();
                if (Quiet)
                {
                    all &= session.IsAllowed(u, a, t);
                    continue;
                }
                var decision = session.Decide(u, a, t);
                if (_verbose) WriteVerbose(AccessTrace.ForDecision(decision).Text);
                Emit(decision);
            }
        }

        /// <summary>Each event's tools/call decision replayed with today's roles: why it was denied, or why today disagrees.</summary>
        private void ReplayAuditEvents()
        {
            if (_roles.Count == 0) WriteWarning("No roles were given (use -Path with the cluster export, or pipe Import-TeleportResource output): every replay finds no grant.");
            var engine = new McpAccessEngine(_roles);
            var users = new List<User>(_users);
            if (User != null) users.AddRange(User.Select(u => (u as PSObject)?.BaseObject ?? u).OfType<User>());
            var userNames = User?.Select(u => ((u as PSObject)?.BaseObject ?? u) is User x ? x.Name : u?.ToString()).ToList();
            var appNames = App?.Select(a => ((a as PSObject)?.BaseObject ?? a) is App x ? x.Name : a?.ToString()).ToList();
            var apps = new List<App>(_apps);
            if (App != null) apps.AddRange(App.Select(a => (a as PSObject)?.BaseObject ?? a).OfType<App>());
            bool all = true;
            int replayed = 0;
            foreach (var ev in _auditEvents)
            {
                if (userNames != null && !userNames.Contains(ev.User)) continue;
                if (appNames != null && !appNames.Contains(ev.App)) continue;
                if (_toolsFromCommandLine && !_tools.Contains(ev.Tool)) continue;
                var user = users.LastOrDefault(u => u.Name == ev.User);
                var app = apps.Where(a => a.Name == ev.App).OrderByDescending(a => a.IsMcp).FirstOrDefault();
                var replay = Engine.Audit.AuditReplayer.Replay(engine, ev, user, app);
                replayed++;
                if (Quiet) all &= replay.Verdict == ReplayVerdict.Consistent || replay.Verdict == ReplayVerdict.NotRbac;
                else Emit(replay);
            }
            if (replayed == 0)
            {
                Fail("NoAuditEventSelected", "None of the " + _auditEvents.Count + " audit event(s) names the users, apps or tools given.", ErrorCategory.ObjectNotFound);
                all = false;
            }
            if (Quiet) Emit(all && !_failed);
        }

        private void RunLint()
        {
            if (_roles.Count == 0)
            {
                EmitError(new ErrorRecord(new ArgumentException("-Lint needs roles: pipe Import-TeleportResource output, or use -Role or -Path."),
                    "NoRolesToLint", ErrorCategory.InvalidArgument, null));
                if (Quiet) Emit(false);
                return;
            }
            var users = new List<User>(_users);
            if (User != null) users.AddRange(User.OfType<User>());
            var findings = RoleLinter.Lint(_roles, users);
            if (Quiet)
            {
                Emit(!findings.Any(f => f.Severity == Severity.Error || f.Severity == Severity.Warning));
                return;
            }
            EmitAll(findings);
        }

        private List<User> ResolveUsers()
        {
            var result = new List<User>();
            if (UserName != null)
            {
                if (User != null)
                {
                    Fail("ConflictingUserParameters", "Use either -User or -UserName with -UserRole and -Traits, not both.", ErrorCategory.InvalidArgument);
                    return null;
                }
                result.Add(new User { Name = UserName, Roles = (UserRole ?? Array.Empty<string>()).ToList(), Traits = PlainValues.Hashtable(Traits) });
                return result;
            }
            if (UserRole != null || Traits != null)
            {
                Fail("MissingUserName", "-UserRole and -Traits describe an ad-hoc user: add -UserName.", ErrorCategory.InvalidArgument);
                return null;
            }
            if (User == null)
            {
                if (_users.Count == 0)
                {
                    Fail("NoUser", "No user to test: use -User (a TeleportMcp.User or a name of a piped user), or -UserName with -UserRole and -Traits.", ErrorCategory.InvalidArgument);
                    return null;
                }
                return _users.GroupBy(u => u.Name).Select(g => g.Last()).ToList();
            }
            foreach (var item in User)
            {
                var raw = item is PSObject p ? p.BaseObject : item;
                if (raw is User u) { result.Add(u); continue; }
                var name = raw?.ToString();
                var found = _users.LastOrDefault(x => x.Name == name);
                if (found == null)
                {
                    EmitError(new ErrorRecord(new ArgumentException(_input.NotFoundMessage("user", name, _users.Select(x => x.Name))),
                        "UserNotFound", ErrorCategory.ObjectNotFound, name) { ErrorDetails = new ErrorDetails(_input.NotFoundMessage("user", name, _users.Select(x => x.Name))) { RecommendedAction = "Pipe the users (Import-TeleportResource users.yaml), or describe the user with -UserName, -UserRole and -Traits." } });
                    _failed = true;
                    continue;
                }
                result.Add(found);
            }
            return result.Count == 0 ? null : result;
        }

        private List<App> ResolveApps()
        {
            if (AppLabels != null)
            {
                if (App != null)
                {
                    Fail("ConflictingAppParameters", "Use either -App or -AppLabels, not both.", ErrorCategory.InvalidArgument);
                    return null;
                }
                return new List<App> { TeleportMcp.App.FromLabels("(AppLabels)", PlainValues.Hashtable(AppLabels)) };
            }
            if (App == null)
            {
                var mcp = _apps.Where(a => a.IsMcp).GroupBy(a => a.Name).Select(g => g.First()).ToList();
                if (mcp.Count == 0)
                {
                    Fail("NoApp", "No MCP server to test: use -App (a TeleportMcp.App or the name of a piped app), or -AppLabels.", ErrorCategory.InvalidArgument);
                    return null;
                }
                return mcp;
            }
            var result = new List<App>();
            foreach (var item in App)
            {
                var raw = item is PSObject p ? p.BaseObject : item;
                if (raw is App a) { result.Add(a); continue; }
                var name = raw?.ToString();
                var matches = _apps.Where(x => x.Name == name).ToList();
                if (matches.Count == 0)
                {
                    EmitError(new ErrorRecord(new ArgumentException(_input.NotFoundMessage("app", name, _apps.Select(x => x.Name))),
                        "AppNotFound", ErrorCategory.ObjectNotFound, name) { ErrorDetails = new ErrorDetails(_input.NotFoundMessage("app", name, _apps.Select(x => x.Name))) { RecommendedAction = "Pipe the apps too (Import-TeleportResource apps.yaml, teleport.yaml or tctl get app_servers output), or give -AppLabels." } });
                    _failed = true;
                    continue;
                }
                if (matches.Count > 1 && matches.Select(m => LabelText(m)).Distinct().Count() > 1)
                    EmitWarning("app " + Quote(name) + " was given " + matches.Count + " times with different labels; the first (" + (matches[0].Source ?? "pipeline") + ") is used.");
                result.Add(matches[0]);
            }
            return result.Count == 0 ? null : result;
        }

        private static string LabelText(App a) =>
            a.Labels == null ? "" : string.Join(";", a.Labels.Keys.Cast<object>().Select(k => k + "=" + a.Labels[k]).OrderBy(x => x, StringComparer.Ordinal));

        private void Fail(string id, string message, ErrorCategory category)
        {
            _failed = true;
            EmitError(new ErrorRecord(new ArgumentException(message), id, category, null));
        }
    }
}
