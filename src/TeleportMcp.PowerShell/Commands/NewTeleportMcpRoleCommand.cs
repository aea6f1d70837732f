using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.FileSystem;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleDesign;
using TeleportMcp.Infrastructure;
using TeleportMcp.Parameters;
using TeleportMcp.Transport;

namespace TeleportMcp.Commands
{
    /// <summary>
    /// New-TeleportMcpRole: the least-privilege role for the tools an admin means, from what the servers really list.
    /// Servers (probe results, apps or names) are gathered from the pipeline; the role is designed, proven with the RBAC
    /// engine and written in EndProcessing.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "TeleportMcpRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(Role), typeof(string), typeof(RoleEffect))]
    public sealed class NewTeleportMcpRoleCommand : TeleportMcpCommand
    {
        // What the pipeline and -App gave (names, users, servers), sorted by the engine.
        private readonly DesignPipeline _piped = new DesignPipeline();

        [Parameter(Mandatory = true, Position = 0)]
        [AllowEmptyString]
        public string Name { get; set; }

        // Not [ValidateNotNull]: a null beside other values (an array from ConvertFrom-Json) would refuse them all; it is
        // that item's error (DesignPipeline.AddCommandLineApps), and a piped null is refused as one.
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [AllowNull]
        [ResourceTransformation(typeof(AppChoice))]
        [ArgumentCompleter(typeof(McpAppNameCompleter))]
        public AppChoice[] App { get; set; }

        [Parameter]
        [ValidateNotNull]
        public string[] Tool { get; set; }

        [Parameter]
        public SwitchParameter ReadOnly { get; set; }

        [Parameter]
        public SwitchParameter ExcludeDestructive { get; set; }

        [Parameter]
        [ValidateNotNull]
        public string[] Exclude { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Hashtable AppLabels { get; set; }

        [Parameter]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(RoleVersionCompleter))]
        public string Version { get; set; } = RoleDesigner.DefaultVersion;

        [Parameter]
        public SwitchParameter Literal { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter AsYaml { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        /// <summary>As -Path, taken exactly as written (no wildcards).</summary>
        [Parameter]
        [Alias("PSPath", "LP", "ProviderPath")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        // Users, names, or objects that name a user, by the module's one rule (Choice.FromObject), never by their text. With
        // -App on the command line every piped object binds it (by value); without, only what the engine takes as users is read.
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ResourceTransformation(typeof(UserChoice))]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public UserChoice[] User { get; set; }

        private bool _appsFromCommandLine;
        private bool _usersFromCommandLine;
        private List<string> _commandLineUsers;

        protected override void BeginProcessing()
        {
            _appsFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(App));
            _usersFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(User));
            if (_usersFromCommandLine && Choice.NullOrEmpty<TeleportMcp.User>(User)) RefuseNullOrEmpty(nameof(User));
            if (_usersFromCommandLine) _commandLineUsers = _piped.CommandLineUsers(User, UserUnread, EmitWarning);
            if (_appsFromCommandLine && Choice.NullOrEmpty<TeleportMcp.App>(App)) RefuseNullOrEmpty(nameof(App));
            // A value -App refused (a list inside the list, a null beside others) is that item's error; the others are still read, and no role is written.
            if (_appsFromCommandLine) _piped.AddCommandLineApps(App, PSInputObject.Of<TeleportMcp.App>, Name, e => EmitError(ErrorRecords.FromInput(e)));
        }

        protected override void ProcessRecord()
        {
            // What -User received from this pipeline object (itself by value, or its User property).
            var pipedUsers = !_usersFromCommandLine && User != null ? User : Array.Empty<UserChoice>();
            if (!_usersFromCommandLine) User = null;
            // -App on the command line: the piped object bound only -User.
            if (_appsFromCommandLine)
            {
                _piped.AddBoundUsers(pipedUsers, UserUnread, EmitWarning);
                return;
            }
            if (App == null || App.All(a => a == null))
            {
                EmitError(ErrorRecords.FromInput(_piped.RefuseNull(Name)));
                return;
            }
            foreach (var a in App)
            {
                if (Choice.Refused<TeleportMcp.App>(a, e => Unread(e, a))) continue;
                try
                {
                    _piped.Add(a == null ? null : PSInputObject.Of<TeleportMcp.App>(a), pipedUsers, UserUnread, EmitWarning);
                }
                catch (TeleportInputException e)
                {
                    // A copy that does not read (ResourceCopies): this item's error, the others are still read.
                    var given = a == null ? null : PSInputObject.Of<TeleportMcp.App>(a);
                    EmitError(ErrorRecords.FromInput(_piped.Refuse(e, Name, given), target: e.Target ?? (given == null ? null : PSInputObject.Source(given))));
                }
            }
        }

        // A -User value that names no user: its error; the preview goes on with the others.
        private void UserUnread(TeleportInputException e) => EmitError(ErrorRecords.FromInput(e));

        // A refused -App value: its error, which says the role is not written.
        private void Unread(TeleportInputException e, AppChoice given) => EmitError(ErrorRecords.FromInput(_piped.Refuse(e, Name, given.Given)));

        protected override void EndProcessing()
        {
            // The one cluster-input service: duplicates, reader warnings and names not found follow its rules; Ctrl+C stops
            // it inside one huge document.
            var cluster = NewClusterInput("Fix the resource; the other resources were read.");
            try
            {
                // Each path on its own: one that gave no file is named where an -App name is then not found.
                foreach (var path in Path ?? Array.Empty<string>()) cluster.ReadFiles(PathResolver.ResolveClusterPath(this, cluster, "-Path", path, false));
                foreach (var path in LiteralPath ?? Array.Empty<string>()) cluster.ReadFiles(PathResolver.ResolveClusterPath(this, cluster, "-Path", path, true));
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            // Each -AppLabels entry on its own: every one Teleport could not hold is named; then no role is made, since a
            // selector without an entry would select other apps than meant.
            var refusedLabels = new List<TeleportInputException>();
            var appLabels = AppLabels == null ? null : AppLabelInput.Table(PlainValues.Hashtable(AppLabels), AppLabelsUse.Selector, refusedLabels.Add, Caller);
            for (int i = 0; i < refusedLabels.Count; i++)
            {
                if (i < refusedLabels.Count - 1) EmitError(ErrorRecords.FromInput(refusedLabels[i]));
                else Terminate(ErrorRecords.FromInput(refusedLabels[i]));
            }
            var outcome = RoleDesignRun.Run(new RoleDesignOptions
            {
                Name = Name,
                Version = Version,
                Tools = Tool,
                ReadOnly = ReadOnly,
                ExcludeDestructive = ExcludeDestructive,
                Exclude = Exclude ?? Array.Empty<string>(),
                Literal = Literal,
                AppLabels = appLabels,
                UsersFromCommandLine = _commandLineUsers,
                AppsFromCommandLine = _appsFromCommandLine,
                ExportGiven = Path != null || LiteralPath != null,
            }, _piped, cluster, PSInputObject.Of);
            foreach (var note in outcome.Notes) WriteVerbose(note);
            foreach (var warning in outcome.Warnings) EmitWarning(warning);
            foreach (var refused in outcome.RefusedApps) EmitError(ErrorRecords.FromInput(refused.Error, target: refused.Error.Target ?? PSInputObject.Source(refused.Item)));
            foreach (var e in outcome.UsersNotFound) EmitError(ErrorRecords.FromInput(e));
            if (outcome.Refusal != null) Terminate(ErrorRecords.FromInput(outcome.Refusal));
            if (outcome.DesignError != null)
            {
                Terminate(ErrorRecords.FromRoleDesign(outcome.DesignError, Name));
                return;
            }
            var designed = outcome.Designed;

            foreach (var p in designed.Problems)
                EmitError(ErrorRecords.Create(ErrorCategory.ObjectNotFound, p.Code, p.Message, p.Target, recommendedAction: p.Fix, detail: p.Message));
            foreach (var w in designed.Warnings) EmitWarning(w);
            foreach (var line in designed.Details()) WriteVerbose(line);

            if (OutFile != null) Write(designed);

            if (outcome.PreviewAsked)
            {
                var preview = outcome.Preview();
                foreach (var e in preview.UsersNotFound) EmitError(ErrorRecords.FromInput(e));
                if (preview.ExistingRole != null) EmitWarning(preview.ExistingRole);
                if (preview.Partial != null) EmitWarning(preview.Partial);
                foreach (var effect in preview.Effects) Emit(effect);
                return;
            }
            if (AsYaml) Emit(designed.Yaml);
            else Emit(designed.Role);
        }

        private void Write(DesignedRole designed)
        {
            var path = WriteOutFile(OutFile, Force, "Write role " + designed.Role.Name + " (YAML for tctl create)", _ => designed.FileText);
            if (path == null) return;
            designed.Role.SourcePath = path;
            WriteVerbose(DesignedRole.WrittenNote(path));
        }
    }
}
