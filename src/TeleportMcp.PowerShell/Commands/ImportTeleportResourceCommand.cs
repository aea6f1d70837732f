using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>Import-TeleportResource: Teleport roles, users and apps from YAML, tctl JSON and teleport.yaml.</summary>
    [Cmdlet(VerbsData.Import, "TeleportResource", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(Role), typeof(User), typeof(App), typeof(AppServiceAgent))]
    public sealed class ImportTeleportResourceCommand : TeleportMcpCommand
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string TextSet = "InputObject";

        private readonly StringBuilder _text = new StringBuilder();
        private bool _sawText;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = TextSet, ValueFromPipeline = true)]
        [AllowEmptyString]
        [AllowNull]
        public string InputObject { get; set; }

        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        public SwitchParameter Recurse { get; set; }

        [Parameter]
        [ValidateSet("Role", "User", "App", "AppServiceAgent", IgnoreCase = true)]
        public string[] Kind { get; set; }

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
            var files = PathResolver.ResolveFiles(this, literal ? LiteralPath : Path, literal, Recurse, ResourceReader.IsResourceFile);
            foreach (var file in files)
            {
                WriteVerbose("Reading " + file);
                EmitResources(Stoppable(() => ResourceReader.ReadFile(file, Cancellation)));
            }
        }

        protected override void EndProcessing()
        {
            if (_sawText) EmitResources(Stoppable(() => ResourceReader.ReadText(_text.ToString(), "pipeline", Cancellation)));
        }

        private IReadOnlyList<ResourceReadItem> Stoppable(Func<IReadOnlyList<ResourceReadItem>> read)
        {
            try
            {
                return read();
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private void EmitResources(IEnumerable<ResourceReadItem> items)
        {
            foreach (var item in items)
            {
                if (item.Resource != null)
                {
                    if (ResourceReader.IsOfKind(item.Resource, Kind)) Emit(item.Resource);
                    continue;
                }
                EmitDiagnostic(item.Diagnostic, "Fix the resource at " + item.Diagnostic.Location + " and import it again; the other documents were read.");
            }
        }
    }
}
