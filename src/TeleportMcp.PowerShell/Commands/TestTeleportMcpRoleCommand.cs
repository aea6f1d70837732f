using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>
    /// Test-TeleportMcpRole: Teleport's MCP tool decision for users, MCP servers and tools, with the reason; a summary
    /// per user and server without -Tool; lint findings with -Lint. Pipeline input is mixed (roles, users, apps, tool
    /// names, probe results), so everything is gathered first and decided in EndProcessing.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "TeleportMcpRole", DefaultParameterSetName = UserApp)]
    [OutputType(typeof(ToolAccess), typeof(McpAccessSummary), typeof(RoleLintFinding), typeof(bool))]
    public sealed class TestTeleportMcpRoleCommand : TeleportMcpCommand
    {
        private const string UserApp = "User";
        private const string UserAppLabels = "UserAppLabels";
        private const string AdHocApp = "UserName";
        private const string AdHocAppLabels = "UserNameAppLabels";
        private const string LintSet = "Lint";

        private ClusterInput _input;
        private readonly List<string> _tools = new List<string>();
        // Probe results (Test-TeleportMcpApp -Launch) carry their own app: each one's tools are checked on that app.
        private readonly List<KeyValuePair<App, List<string>>> _probed = new List<KeyValuePair<App, List<string>>>();
        private bool _toolsFromCommandLine;
        private bool _failed;

        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public PSObject InputObject { get; set; }

        /// <summary>Role objects (TeleportMcp.Role, or their deserialized or hashtable forms).</summary>
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
        public object[] User { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AdHocApp)]
        [Parameter(Mandatory = true, ParameterSetName = AdHocAppLabels)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; }

        /// <summary>The role names of the ad-hoc user (-UserName); -Roles is the former name.</summary>
        [Parameter(ParameterSetName = AdHocApp)]
        [Parameter(ParameterSetName = AdHocAppLabels)]
        [Alias("Roles")]
        [AllowEmptyCollection]
        public string[] UserRole { get; set; }

        [Parameter(ParameterSetName = AdHocApp)]
        [Parameter(ParameterSetName = AdHocAppLabels)]
        public Hashtable Traits { get; set; }

        [Parameter(Position = 1, ParameterSetName = UserApp)]
        [Parameter(Position = 1, ParameterSetName = AdHocApp)]
        [ResourceTransformation(typeof(App))]
        [ValidateNotNullOrEmpty]
        public object[] App { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = UserAppLabels)]
        [Parameter(Mandatory = true, ParameterSetName = AdHocAppLabels)]
        public Hashtable AppLabels { get; set; }

        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = UserApp)]
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = UserAppLabels)]
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = AdHocApp)]
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = AdHocAppLabels)]
        [Alias("Name", "ToolName", "Tools")]
        [AllowEmptyCollection]
        public string[] Tool { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LintSet)]
        public SwitchParameter Lint { get; set; }

        private bool AppsGiven => App != null || AppLabels != null;

        protected override void BeginProcessing()
        {
            _input = NewClusterInput("Fix the resource and run the test again; the other resources were read.");
            _toolsFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Tool));
            if (_toolsFromCommandLine && Tool != null) _tools.AddRange(Tool.Where(t => t != null));
            if (Role != null) foreach (var r in Role) AddResource(r, true);
            var files = new List<string>();
            if (Path != null) files.AddRange(PathResolver.ResolveFiles(this, Path, false, true, PathResolver.IsResourceFile));
            if (LiteralPath != null) files.AddRange(PathResolver.ResolveFiles(this, LiteralPath, true, true, PathResolver.IsResourceFile));
            _input.ReadFiles(files);
        }

        protected override void ProcessRecord()
        {
            if (InputObject == null) return;
            try
            {
                if (InputObject.BaseObject is string s)
                {
                    // A bare string on the pipeline is a tool name.
                    if (!_toolsFromCommandLine) _tools.Add(s);
                    return;
                }
                switch (Classify(InputObject))
                {
                    case InputKind.Role:
                    case InputKind.User:
                    case InputKind.App:
                        AddResource(InputObject.BaseObject as TeleportResource ?? Convert(InputObject), true);
                        return;
                    case InputKind.ProbeResult:
                        if (!_toolsFromCommandLine) AddProbed(InputObject);
                        return;
                }
                // Any other object with a Tool/Name/ToolName property bound -Tool by property name.
                if (!_toolsFromCommandLine && Tool != null) _tools.AddRange(Tool.Where(t => !string.IsNullOrEmpty(t)));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                EmitError(ErrorRecords.Create(e, "InvalidPipelineInput", InputObject));
            }
        }

        private static InputKind Classify(PSObject pso)
        {
            switch (pso.BaseObject)
            {
                case Role _: return InputKind.Role;
                case User _: return InputKind.User;
                case App _: return InputKind.App;
                case ProbeResult _: return InputKind.ProbeResult;
            }
            bool bag = pso.BaseObject is PSCustomObject || pso.BaseObject is IDictionary;
            var dict = pso.BaseObject as IDictionary;
            return InputPolicy.Classify(pso.TypeNames, p => dict != null ? dict.Contains(p) : pso.Properties[p] != null, bag);
        }

        private static TeleportResource Convert(PSObject pso)
        {
            var kind = Classify(pso);
            var type = kind == InputKind.Role ? typeof(Role) : kind == InputKind.User ? typeof(User) : typeof(App);
            return ResourceTransformationAttribute.TryConvert(pso, type) as TeleportResource;
        }

        private void AddProbed(PSObject probe)
        {
            var names = new List<string>();
            var tools = probe.Properties["Tools"]?.Value;
            foreach (var item in LanguagePrimitives.GetEnumerable(tools) ?? new object[] { tools })
            {
                if (item == null) continue;
                var pso = PSObject.AsPSObject(item);
                var name = pso.BaseObject is string str ? str : pso.Properties["Name"]?.Value?.ToString();
                if (!string.IsNullOrEmpty(name)) names.Add(name);
            }
            var appValue = probe.Properties["App"]?.Value;
            var app = appValue == null ? null
                : PSObject.AsPSObject(appValue).BaseObject as App ?? ResourceTransformationAttribute.TryConvert(appValue, typeof(App)) as App;
            if (app != null && !AppsGiven) _probed.Add(new KeyValuePair<App, List<string>>(app, names));
            else _tools.AddRange(names);
        }

        private void AddResource(TeleportResource r, bool fromPipeline)
        {
            if (r == null) return;
            if (r is Role role)
            {
                if (string.IsNullOrEmpty(role.Name))
                {
                    EmitError(ErrorRecords.InvalidInput("InvalidRole", "a role without a name was given", null, "Give every role a metadata.name."));
                    return;
                }
                if (!RoleVersions.IsSupported(role.Version))
                {
                    EmitError(ErrorRecords.InvalidInput("UnsupportedRoleVersion", "role " + GoText.Quote(role.Name) + ": " + RoleVersions.NotSupportedMessage(role.Version),
                        role.GetSourceLocation(), "Use a role version from v3 to v8 (Teleport refuses any other); the role was left out."));
                    return;
                }
            }
            _input.Add(r, fromPipeline);
        }

        protected override void EndProcessing()
        {
            try
            {
                Run();
            }
            catch (Exception e) when (!(e is PipelineStoppedException) && !(e is PipelineClosedException))
            {
                Terminate(ErrorRecords.Create(e, "RbacEvaluationFailed", null));
            }
        }

        private void Run()
        {
            if (Lint)
            {
                RunLint();
                return;
            }
            var users = ResolveUsers();
            var apps = _probed.Count > 0 && !AppsGiven ? _probed.Select(p => p.Key).ToList() : ResolveApps();
            if (users.Count == 0 || apps.Count == 0)
            {
                if (Quiet) Emit(false);
                return;
            }
            if (_input.Roles.Count == 0) EmitWarning("No roles were given (pipe Import-TeleportResource output, or use -Role or -Path): every user gets no access.");

            foreach (var role in _input.Roles)
                foreach (var bad in McpAccessSession.InvalidPatterns(role))
                    EmitError(ErrorRecords.InvalidInput("InvalidRoleRegex", "role " + GoText.Quote(role.Name) + " " + bad + ": Teleport fails every access check that reaches this entry",
                        role.GetSourceLocation(), "Fix the regular expression (Go RE2 syntax) or remove the entry; see Test-TeleportMcpRole -Lint."));

            var session = new McpAccessSession(_input.Roles);
            foreach (var u in users)
                foreach (var m in session.Prepare(u))
                    EmitWarning("user " + GoText.Quote(u.Name) + " names role " + GoText.Quote(m) + ", which was not given; the decisions ignore it.");

            var tools = _tools.Where(t => t != null).Distinct(StringComparer.Ordinal).ToList();
            bool all = true;
            int examined = 0;
            if (_probed.Count > 0 && !AppsGiven)
            {
                foreach (var u in users)
                    foreach (var probe in _probed)
                        examined += Evaluate(session, u, probe.Key, probe.Value.Distinct(StringComparer.Ordinal).ToList(), ref all);
            }
            else
            {
                foreach (var u in users)
                    foreach (var a in apps)
                        examined += Evaluate(session, u, a, tools, ref all);
            }
            if (Quiet) Emit(InputPolicy.QuietAnswer(examined, all && !_failed));
        }

        private int Evaluate(McpAccessSession session, User u, App a, List<string> tools, ref bool all)
        {
            if (tools.Count == 0)
            {
                var s = session.Summarize(u, a);
                if (Quiet) all &= s.Scope == ToolScope.All || s.Scope == ToolScope.Limited;
                else Emit(s);
                return 1;
            }
            foreach (var t in tools)
            {
                if (Quiet) all &= session.IsAllowed(u, a, t);
                else Emit(session.Decide(u, a, t));
            }
            return tools.Count;
        }

        private void RunLint()
        {
            if (_input.Roles.Count == 0)
            {
                EmitError(ErrorRecords.Create(new ArgumentException("-Lint needs roles: pipe Import-TeleportResource output, or use -Role or -Path."), "NoRolesToLint", null));
                if (Quiet) Emit(false);
                return;
            }
            var users = new List<User>(_input.Users);
            if (User != null) users.AddRange(User.Select(u => PSObject.AsPSObject(u).BaseObject).OfType<User>());
            var findings = RoleLinter.Lint(_input.Roles, users);
            if (Quiet)
            {
                Emit(InputPolicy.QuietAnswer(_input.Roles.Count, !findings.Any(f => f.Severity == Severity.Error || f.Severity == Severity.Warning)));
                return;
            }
            EmitAll(findings);
        }

        private List<User> ResolveUsers()
        {
            var result = new List<User>();
            if (UserName != null)
            {
                result.Add(new User { Name = UserName, Roles = (UserRole ?? new string[0]).ToList(), Traits = PlainValues.Hashtable(Traits) });
                return result;
            }
            if (User == null)
            {
                if (_input.Users.Count == 0)
                    Fail(new ArgumentException("No user to test: use -User (a TeleportMcp.User or a name of a piped user), or -UserName with -UserRole and -Traits."), "NoUser", null);
                return new List<User>(_input.Users);
            }
            foreach (var item in User)
            {
                var raw = PSObject.AsPSObject(item).BaseObject;
                if (raw is User u)
                {
                    result.Add(u);
                    continue;
                }
                var name = raw?.ToString();
                var found = _input.FindUser(name);
                if (found != null) result.Add(found);
                else Fail(new TeleportNotFoundException("UserNotFound", _input.NotFoundMessage("user", name, _input.Users.Select(x => x.Name)), name), "UserNotFound",
                    "Pipe the users (Import-TeleportResource users.yaml), or describe the user with -UserName, -UserRole and -Traits.");
            }
            return result;
        }

        private List<App> ResolveApps()
        {
            if (AppLabels != null) return new List<App> { TeleportMcp.App.FromLabels("(AppLabels)", PlainValues.Hashtable(AppLabels)) };
            if (App == null)
            {
                var mcp = _input.DistinctApps().Where(a => a.IsMcp).ToList();
                if (mcp.Count == 0)
                    Fail(new ArgumentException("No MCP server to test: use -App (a TeleportMcp.App or the name of a piped app), or -AppLabels."), "NoApp", null);
                return mcp;
            }
            var result = new List<App>();
            foreach (var item in App)
            {
                var raw = PSObject.AsPSObject(item).BaseObject;
                if (raw is App a)
                {
                    result.Add(a);
                    continue;
                }
                var name = raw?.ToString();
                var found = _input.FindApp(name);
                if (found != null) result.Add(found);
                else Fail(new TeleportNotFoundException("AppNotFound", _input.NotFoundMessage("app", name, _input.Apps.Select(x => x.Name)), name), "AppNotFound",
                    "Pipe the apps too (Import-TeleportResource apps.yaml, teleport.yaml or tctl get app_servers output), or give -AppLabels.");
            }
            return result;
        }

        private void Fail(Exception e, string errorId, string recommendedAction)
        {
            _failed = true;
            EmitError(ErrorRecords.Create(e, errorId, null, recommendedAction));
        }
    }
}
