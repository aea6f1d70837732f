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

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNull]
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
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        // By value: piped strings (PipedNames decides user or app) and users. By property name: an object's User (null is skipped, not a binding error).
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string[] User { get; set; }

        private bool _appsFromCommandLine;
        private bool _usersFromCommandLine;

        protected override void BeginProcessing()
        {
            _appsFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(App));
            _usersFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(User));
            if (_usersFromCommandLine && Choice.NullOrEmpty(User)) RefuseNullOrEmpty(nameof(User));
            // A value -App refused (a list inside the list) is that item's error; the others are still read, and no role is written.
            if (_appsFromCommandLine) foreach (var a in App) if (a != null && !Choice.Refused<TeleportMcp.App>(a, e => Unread(e, a))) _piped.Apps.Add(PSInputObject.Of<TeleportMcp.App>(a));
        }

        protected override void ProcessRecord()
        {
            // What -User received from this pipeline object (a string or a user by value, an object's User property).
            var pipedUsers = !_usersFromCommandLine && User != null ? User : Array.Empty<string>();
            if (!_usersFromCommandLine) User = null;
            // -App on the command line: the piped object bound only -User.
            if (_appsFromCommandLine)
            {
                _piped.AddBoundUsers(pipedUsers);
                return;
            }
            foreach (var a in App)
            {
                if (Choice.Refused<TeleportMcp.App>(a, e => Unread(e, a))) continue;
                try
                {
                    _piped.Add(a == null ? null : PSInputObject.Of<TeleportMcp.App>(a), pipedUsers);
                }
                catch (TeleportInputException e)
                {
                    // A copy that does not read (ResourceCopies): this item's error, the others are still read.
                    var given = a == null ? null : PSInputObject.Of<TeleportMcp.App>(a);
                    EmitError(ErrorRecords.FromInput(_piped.Refuse(e, Name, given), target: e.Target ?? (given == null ? null : PSInputObject.Source(given))));
                }
            }
        }

        // A refused -App value: its error, which says the role is not written.
        private void Unread(TeleportInputException e, AppChoice given) => EmitError(ErrorRecords.FromInput(_piped.Refuse(e, Name, given.Given)));

        protected override void EndProcessing()
        {
            // The one cluster-input service: duplicates, reader warnings and names not found follow its rules; Ctrl+C stops
            // it inside one huge document.
            var cluster = NewClusterInput("Fix the resource; the other resources were read.");
            try
            {
                if (Path != null) cluster.ReadFiles(PathResolver.ResolveClusterFiles(this, Path, false));
                if (LiteralPath != null) cluster.ReadFiles(PathResolver.ResolveClusterFiles(this, LiteralPath, true));
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            var roles = cluster.Roles;
            var knownApps = cluster.Apps;
            var plan = _piped.Plan(cluster, _usersFromCommandLine ? User : null, _appsFromCommandLine, Path != null || LiteralPath != null, PSInputObject.Of);
            foreach (var note in plan.Notes) WriteVerbose(note);
            foreach (var warning in plan.Warnings) EmitWarning(warning);
            if (plan.Refusal != null) Terminate(ErrorRecords.FromInput(plan.Refusal));

            var request = new RoleDesignRequest
            {
                Name = Name,
                Version = Version,
                Tools = Tool?.ToList(),
                ReadOnly = ReadOnly,
                ExcludeDestructive = ExcludeDestructive,
                Exclude = (Exclude ?? Array.Empty<string>()).ToList(),
                Literal = Literal,
                KnownApps = knownApps,
            };
            if (AppLabels != null) request.SetAppLabels(PlainValues.Hashtable(AppLabels));
            foreach (var item in plan.Apps)
            {
                var target = ToDesignApp(item, cluster);
                if (target != null) request.Apps.Add(target);
            }
            var noApp = DesignPipeline.NoApp(request.Apps.Count);
            if (noApp != null) Terminate(ErrorRecords.FromInput(noApp));
            // A role is written (or emitted, or previewed) only when every -App value was accepted: the preview's users are
            // still looked up (each missing one is its own error), then the command ends without designing.
            var notWritten = _piped.NotWritten(Name, request.Apps.Count);
            if (notWritten != null)
            {
                if (plan.PreviewUsers.Count > 0) DesignPipeline.PreviewUsers(cluster, plan.PreviewUsers, e => EmitError(ErrorRecords.FromInput(e)));
                Terminate(ErrorRecords.FromInput(notWritten));
            }

            DesignedRole designed;
            try
            {
                designed = RoleDesigner.Design(request);
            }
            catch (RoleDesignException e)
            {
                Terminate(ErrorRecords.FromRoleDesign(e, Name));
                return;
            }

            foreach (var p in designed.Problems)
                EmitError(ErrorRecords.Create(ErrorCategory.ObjectNotFound, p.Code, p.Message, p.Target, recommendedAction: p.Fix, detail: p.Message));
            foreach (var w in designed.Warnings) EmitWarning(w);
            foreach (var line in designed.Details()) WriteVerbose(line);

            if (OutFile != null) Write(designed);

            if (plan.PreviewUsers.Count > 0)
            {
                var previewUsers = DesignPipeline.PreviewUsers(cluster, plan.PreviewUsers, e => EmitError(ErrorRecords.FromInput(e)));
                var exists = DesignPipeline.ExistingRole(designed, roles);
                if (exists != null) EmitWarning(exists);
                foreach (var effect in RoleEffectPreview.Preview(designed, roles, previewUsers)) Emit(effect);
                return;
            }
            if (AsYaml) Emit(designed.Yaml);
            else Emit(designed.Role);
        }

        private void Write(DesignedRole designed)
        {
            var path = PathResolver.ResolveOne(this, OutFile, literal: true, PathMust.MayBeNew, out var refused);
            if (refused != null)
            {
                EmitError(refused);
                return;
            }
            if (!ShouldProcess(path, "Write role " + designed.Role.Name + " (YAML for tctl create)")) return;
            // Nothing is lost: an existing file is replaced only with -Force or when it is this module's own, unchanged (the engine's rule).
            // Checked after the confirmation, which may wait: a file written meanwhile is seen.
            var refusal = OutFiles.Refusal(path, Force);
            if (refusal != null)
            {
                EmitError(ErrorRecords.FromInput(refusal));
                return;
            }
            try
            {
                File.WriteAllText(path, designed.FileText, new UTF8Encoding(false));
                designed.Role.SourcePath = path;
                WriteVerbose(DesignedRole.WrittenNote(path));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                EmitError(ErrorRecords.Create(ErrorCategory.WriteError, "OutFileWriteFailed", e.Message, path, e));
            }
        }

        /// <summary>The server an -App input stands for (the engine's rule); null after its error.</summary>
        private DesignApp ToDesignApp(IInputObject item, ClusterInput cluster)
        {
            var input = DesignAppInputs.Resolve(item, cluster);
            if (input.Error != null) EmitError(ErrorRecords.FromInput(_piped.Refuse(input.Error, Name, item), target: input.Error.Target ?? PSInputObject.Source(item)));
            return input.App;
        }
    }
}
