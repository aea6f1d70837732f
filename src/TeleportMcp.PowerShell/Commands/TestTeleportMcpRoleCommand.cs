using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.RoleTest;
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

        // Everything is gathered first (pipeline input is mixed) and decided by the engine in EndProcessing.
        private readonly RoleTestOptions _test = new RoleTestOptions();

        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public PSObject InputObject { get; set; }

        [Parameter]
        [ResourceTransformation(typeof(Role))]
        [ValidateNotNull]
        public Role[] Role { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        // By value: piped strings (PipedNames decides user or tool). By property name: an object's User (null is skipped, not a binding error).
        [Parameter(Position = 0, ParameterSetName = UserApp, ValueFromPipelineByPropertyName = true)]
        [Parameter(Position = 0, ParameterSetName = UserAppLabels, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = LintSet, ValueFromPipelineByPropertyName = true)]
        [ResourceTransformation(typeof(User))]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public object[] User { get; set; }

        private bool _usersFromCommandLine;

        [Parameter(Mandatory = true, ParameterSetName = AdHocApp)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; }

        /// <summary>The role names of the ad-hoc user (-UserName); -Roles is the former name.</summary>
        [Parameter(ParameterSetName = AdHocApp)]
        [Alias("Roles")]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
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
            _test.Cluster = NewClusterInput("Fix the resource and run the test again; the other resources were read.");
            _test.ToolsFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Tool));
            _usersFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(User));
            _test.UsersFromCommandLine = _usersFromCommandLine;
            if (_usersFromCommandLine && Choice.NullOrEmpty(User)) RefuseNullOrEmpty(nameof(User));
            if (_test.ToolsFromCommandLine && Tool != null) foreach (var t in Tool.Where(t => t != null)) _test.Tools.Add(t);
            if (Role != null) foreach (var r in Role.Where(r => r != null)) _test.Cluster.Add(r);
            if (Path == null && LiteralPath == null) return;
            var perPath = (Path ?? Array.Empty<string>()).Select(p => (p, false)).Concat((LiteralPath ?? Array.Empty<string>()).Select(p => (p, true)))
                .Select(x => PathResolver.ResolveClusterFiles(this, new[] { x.p }, x.Item2)).ToList();
            string read;
            try
            {
                read = RoleTestInputs.ReadPaths(_test, perPath);
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            WriteVerbose(read);
        }

        protected override void ProcessRecord()
        {
            // -User and -Tool bound from this object's properties (not from the command line) travel with it.
            var usersByName = !_usersFromCommandLine ? User?.Select(Unwrap) : null;
            if (!_usersFromCommandLine) User = null;
            try
            {
                RoleTestInputs.Add(_test, PSInputObject.Of(InputObject), PSInputObject.ToResource, usersByName,
                    _test.ToolsFromCommandLine ? null : Tool, appsChosen: App != null || AppLabels != null);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                EmitError(ErrorRecords.Create(ErrorCategory.InvalidArgument, "InvalidPipelineInput", e.Message, InputObject, e));
            }
        }

        private static object Unwrap(object value) => value is PSObject p ? p.BaseObject : value;

        protected override void EndProcessing()
        {
            // Users bound by property name from piped objects (PipedUsers) stand for -User when it was not given.
            _test.Users = _usersFromCommandLine ? Choice.AllFrom<User>(User.Select(Unwrap)) : null;
            _test.UserName = UserName;
            _test.UserRoles = UserRole;
            _test.Traits = Traits == null ? null : PlainValues.Hashtable(Traits);
            _test.Apps = Choice.AllFrom<App>(App?.Select(Unwrap));
            _test.AppLabels = AppLabels == null ? null : PlainValues.Hashtable(AppLabels);
            _test.Lint = Lint;
            _test.Quiet = Quiet;
            _test.TraceVerbose = StreamPreference.VerboseOn(this);
            _test.TraceDebug = StreamPreference.DebugOn(this);
            _test.Decision = Emit;
            _test.Summary = Emit;
            _test.Replay = Emit;
            _test.LintFinding = Emit;
            _test.Warning = EmitWarning;
            _test.Verbose = WriteVerbose;
            _test.Debug = WriteDebug;
            _test.Error = e => EmitError(ErrorRecords.FromInput(e));
            bool passed;
            try
            {
                passed = RoleTestRunner.Run(_test, Cancellation);
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (!(e is PipelineStoppedException) && !(e is PipelineClosedException))
            {
                Terminate(ErrorRecords.Create(e, "RbacEvaluationFailed", (object)App ?? (object)User ?? UserName));
                return;
            }
            if (Quiet) Emit(passed);
        }
    }
}
