using System;
using System.Management.Automation;
using System.Text;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>Import-TeleportResource: Teleport roles, users, apps, app_auth_configs and scoped_role_assignments from YAML, tctl JSON and teleport.yaml.</summary>
    [Cmdlet(VerbsData.Import, "TeleportResource", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(Role), typeof(User), typeof(App), typeof(AppServiceAgent), typeof(AppAuthConfig), typeof(ScopedRoleAssignment))]
    public sealed class ImportTeleportResourceCommand : TeleportMcpCommand
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string TextSet = "InputObject";

        private readonly StringBuilder _text = new StringBuilder();
        private bool _sawText;

        // The cluster-input service every resource-reading cmdlet uses: its folder rule, reader messages and duplicate rule.
        private ClusterInput _input;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        // ProviderPath: Resolve-Path output (PathInfo) binds here, not as text.
        [Alias("PSPath", "LP", "ProviderPath")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = TextSet, ValueFromPipeline = true)]
        [AllowEmptyString]
        [AllowNull]
        public string InputObject { get; set; }

        /// <summary>Accepted so existing scripts run: folders are always read at every level (ClusterInput.Folders).</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        public SwitchParameter Recurse { get; set; }

        [Parameter]
        [ValidateSet("Role", "User", "App", "AppServiceAgent", "AppAuthConfig", "ScopedRoleAssignment", IgnoreCase = true)]
        public string[] Kind { get; set; }

        protected override void BeginProcessing()
        {
            _input = NewClusterInput(null);
            _input.Error = d => EmitDiagnostic(d, "Fix the resource at " + d.Location + " and import it again; the other documents were read.");
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == TextSet)
            {
                // Native commands and Get-Content send one line per object: gather them, parse once at the end.
                _sawText = true;
                if (InputObject != null) _text.Append(InputObject).Append('\n');
                return;
            }
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (var file in PathResolver.ResolveClusterFiles(this, "-Path", literal ? LiteralPath : Path, literal))
            {
                WriteVerbose("Reading " + file);
                Stoppable(() => _input.ReadFiles(new[] { file }));
            }
        }

        protected override void EndProcessing()
        {
            if (_sawText) Stoppable(() => _input.ReadText(_text.ToString(), "pipeline"));
            // Written once everything is read: a role or user given twice is written once, its later definition (the duplicate rule).
            foreach (var resource in _input.Kept())
                if (ResourceReader.IsOfKind(resource, Kind)) Emit(resource);
        }

        private void Stoppable(Action read)
        {
            try
            {
                read();
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
