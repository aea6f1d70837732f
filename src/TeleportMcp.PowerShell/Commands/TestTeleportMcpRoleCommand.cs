using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.RoleTest;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;
using TeleportMcp.Parameters;
using TeleportMcp.Transport;

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
        // By user (-User, or the users given) with -App or no app, or with -AppLabels; an ad-hoc user (-UserName) with no
        // app, -App or -AppLabels; -Lint. -App and -AppLabels share no set, so the binder refuses the pair.
        private const string UserApp = "User";
        private const string UserAppLabels = "UserAppLabels";
        private const string AdHoc = "UserName";
        private const string AdHocApp = "UserNameApp";
        private const string AdHocAppLabels = "UserNameAppLabels";
        private const string LintSet = "Lint";

        // The two *Piped sets exist for PowerShell's binder (CmdletParameterBinderController.GetMissingMandatoryParameters):
        // with input piped and the default set out of the running, a single remaining set that lacks a mandatory parameter
        // is prompted for (piped -UserName alone asked for -AppLabels; piped -AppLabels without a user asked for -UserName),
        // and several are ambiguous. A set whose only missing mandatory parameter is the piped InputObject is chosen
        // instead and the others are dropped; UserAppLabels and UserName, which do not take InputObject, stay the forms
        // without pipeline input. Which users and apps are tested never depends on the set's name.
        private const string UserAppLabelsPiped = "UserAppLabelsPiped";
        private const string AdHocPiped = "UserNamePiped";

        // Everything is gathered first (pipeline input is mixed) and decided by the engine in EndProcessing.
        private readonly RoleTestOptions _test = new RoleTestOptions();

        [Parameter(ValueFromPipeline = true, ParameterSetName = UserApp)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = UserAppLabelsPiped, Mandatory = true)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = AdHocPiped, Mandatory = true)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = AdHocApp)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = AdHocAppLabels)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = LintSet)]
        [AllowNull]
        public PSObject InputObject { get; set; }

        // Roles or copies; a value that is neither (a name, a file, a copy that does not read) is that item's error, and -Quiet cannot pass.
        [Parameter]
        [ResourceTransformation(typeof(RoleChoice))]
        public RoleChoice[] Role { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter]
        [Alias("PSPath", "LP", "ProviderPath")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        // By value: piped strings (PipedNames decides user or tool). By property name: an object's User (null is skipped, not a binding error).
        [Parameter(Position = 0, ParameterSetName = UserApp, ValueFromPipelineByPropertyName = true)]
        [Parameter(Position = 0, ParameterSetName = UserAppLabels, ValueFromPipelineByPropertyName = true)]
        [Parameter(Position = 0, ParameterSetName = UserAppLabelsPiped, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = LintSet, ValueFromPipelineByPropertyName = true)]
        [ResourceTransformation(typeof(UserChoice))]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public UserChoice[] User { get; set; }

        private bool _usersFromCommandLine;

        // Optional in UserNamePiped (see above): -UserRole or -Traits without it is the engine's MissingUserName.
        [Parameter(Mandatory = true, ParameterSetName = AdHoc)]
        [Parameter(ParameterSetName = AdHocPiped)]
        [Parameter(Mandatory = true, ParameterSetName = AdHocApp)]
        [Parameter(Mandatory = true, ParameterSetName = AdHocAppLabels)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; }

        /// <summary>The role names of the ad-hoc user (-UserName); -Roles is the former name.</summary>
        [Parameter(ParameterSetName = AdHoc)]
        [Parameter(ParameterSetName = AdHocPiped)]
        [Parameter(ParameterSetName = AdHocApp)]
        [Parameter(ParameterSetName = AdHocAppLabels)]
        [Alias("Roles")]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        public string[] UserRole { get; set; }

        [Parameter(ParameterSetName = AdHoc)]
        [Parameter(ParameterSetName = AdHocPiped)]
        [Parameter(ParameterSetName = AdHocApp)]
        [Parameter(ParameterSetName = AdHocAppLabels)]
        public Hashtable Traits { get; set; }

        [Parameter(Position = 1, ParameterSetName = UserApp)]
        [Parameter(Position = 1, ParameterSetName = AdHocApp, Mandatory = true)]
        [ResourceTransformation(typeof(AppChoice))]
        [AllowNull]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(McpAppNameCompleter))]
        public AppChoice[] App { get; set; }

        // Optional in UserAppLabelsPiped (see above).
        [Parameter(Mandatory = true, ParameterSetName = UserAppLabels)]
        [Parameter(ParameterSetName = UserAppLabelsPiped)]
        [Parameter(Mandatory = true, ParameterSetName = AdHocAppLabels)]
        public Hashtable AppLabels { get; set; }

        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = UserApp)]
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = UserAppLabels)]
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = UserAppLabelsPiped)]
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = AdHoc)]
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = AdHocPiped)]
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = AdHocApp)]
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = AdHocAppLabels)]
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
            _test.Error = e => EmitError(ErrorRecords.FromInput(e));
            // -User and -App names take PowerShell wildcards; the engine decides what they select.
            _test.PatternOf = NamePattern;
            _test.ToolsFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Tool));
            _usersFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(User));
            _test.UsersFromCommandLine = _usersFromCommandLine;
            if (_usersFromCommandLine && Choice.NullOrEmpty<User>(User)) RefuseNullOrEmpty(nameof(User));
            // Not [ValidateNotNullOrEmpty]: it sees a choice, not the "" inside it, and a null beside other values (an array
            // from ConvertFrom-Json) would refuse them all; such a value is that item's error (Choice.AllFrom, Choice.Objects).
            if (MyInvocation.BoundParameters.ContainsKey(nameof(App)) && Choice.NullOrEmpty<TeleportMcp.App>(App)) RefuseNullOrEmpty(nameof(App));
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Role)) && Choice.NullOrEmpty<Role>(Role)) RefuseNullOrEmpty(nameof(Role));
            // An MCP tool name is never blank: -Tool "" (or $null) alone would be decided as a tool nobody can call. Among
            // other names a blank one is that item's error (InputPolicy.Items), the others are decided and -Quiet is false.
            // An empty list stays allowed (a summary per user and server, as without -Tool); a piped object's empty Tool
            // property binds nothing.
            if (_test.ToolsFromCommandLine && (Tool == null || (Tool.Length > 0 && InputPolicy.NullOrEmpty(Tool)))) RefuseNullOrEmpty(nameof(Tool));
            if (_test.ToolsFromCommandLine) _test.GiveTools(Tool);
            foreach (var r in Choice.Objects<Role>(Role, "-Role", "-Path", _test.NoteUnread, EmitWarning)) _test.Cluster.Add(r);
            if (Path == null && LiteralPath == null) return;
            var perPath = (Path ?? Array.Empty<string>()).Select(p => (p, false)).Concat((LiteralPath ?? Array.Empty<string>()).Select(p => (p, true)))
                .Select(x => PathResolver.ResolveClusterPath(this, _test.Cluster, "-Path", x.p, x.Item2)).ToList();
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
            var usersByName = !_usersFromCommandLine ? User : null;
            if (!_usersFromCommandLine) User = null;
            try
            {
                RoleTestInputs.Add(_test, PSInputObject.Of(InputObject), usersByName,
                    _test.ToolsFromCommandLine ? null : Tool, appsChosen: App != null || AppLabels != null);
            }
            catch (TeleportInputException e)
            {
                // A copy that does not read (an App whose Origin names nothing): this item's error, the others go on; -Quiet cannot pass.
                if (e.Target == null) e.TargetObject = InputObject;
                _test.NoteUnread(e);
            }
        }

        protected override void EndProcessing()
        {
            // Users bound by property name from piped objects (PipedUsers) stand for -User when it was not given. Each value
            // on its own: one that cannot be used is its error (the engine notes it), the others are tested.
            _test.GiveChoices(User, _usersFromCommandLine, App);
            _test.UserName = UserName;
            // The ad-hoc user's roles by the one rule for a list of names (InputPolicy.Items): a blank item is its error
            // (BlankListItem, -UserRole[1]) and the roles beside it are used; @() is a user without roles; only nulls and
            // empty names are PowerShell's usual refusal. Was: a $null item reached the engine (RbacEvaluationFailed
            // "Value cannot be null"), and '' or ' ' was taken as a role that grants nothing.
            // (-UserRole $null binds no array at all: given, it is that refusal too, never "no -UserRole".)
            if (MyInvocation.BoundParameters.ContainsKey(nameof(UserRole)) && (UserRole == null || (UserRole.Length > 0 && InputPolicy.NullOrEmpty(UserRole))))
                RefuseNullOrEmpty(nameof(UserRole));
            _test.UserRoles = UserRole == null || UserRole.Length == 0 ? UserRole : InputPolicy.Items("-" + nameof(UserRole), UserRole, _test.NoteUnread);
            _test.Traits = Traits == null ? null : PlainValues.Hashtable(Traits);
            // Each -AppLabels entry on its own: one Teleport could not hold is its error naming the key; the app has the others.
            _test.AppLabels = AppLabels == null ? null : AppLabelInput.Table(PlainValues.Hashtable(AppLabels), AppLabelsUse.AppLabels, _test.NoteUnread, Caller);
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
