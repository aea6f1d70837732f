using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Serving;
using TeleportMcp.Infrastructure;
using TeleportMcp.Parameters;
using TeleportMcp.Transport;

namespace TeleportMcp.Commands
{
    /// <summary>Get-TeleportMcpServing: which App Service hosts serve each MCP app, and the apps nobody serves.</summary>
    [Cmdlet(VerbsCommon.Get, "TeleportMcpServing", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AppServing))]
    public sealed class GetTeleportMcpServingCommand : TeleportMcpCommand
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string InputSet = "InputObject";

        // The cluster-input service every resource-reading cmdlet uses; its All list keeps each app_server copy, which
        // the serving map needs (one heartbeat per agent).
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

        [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
        public PSObject InputObject { get; set; }

        [Parameter]
        [Alias("Name")]
        [SupportsWildcards]
        // Not [ValidateNotNullOrEmpty]: one blank name is that item's error, the others still select (ItemsGiven).
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string[] App { get; set; }

        private List<string> _apps;

        /// <summary>Accepted so existing scripts run: folders are always read at every level (ClusterInput.Folders).</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        public SwitchParameter Recurse { get; set; }

        protected override void BeginProcessing()
        {
            _apps = ItemsGiven(nameof(App), App, e => EmitError(ErrorRecords.FromInput(e)));
            _input = NewClusterInput("Fix the resource; the other documents were read.");
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputSet)
            {
                AddInput(InputObject);
                return;
            }
            bool literal = ParameterSetName == LiteralPathSet;
            ReadPaths(literal ? LiteralPath : Path, literal);
        }

        private void ReadPaths(IEnumerable<string> paths, bool literal)
        {
            try
            {
                // Each path on its own: one that gave no file is named where a name is then not found.
                foreach (var path in paths)
                    _input.ReadFiles(PathResolver.ResolveClusterPath(this, _input, "-Path", path, literal));
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private void AddInput(PSObject input)
        {
            if (input == null) return;
            var piped = PSInputObject.Of(input);
            // Get-ChildItem or Resolve-Path output, or an object with a LiteralPath or PSPath: read as -LiteralPath reads them.
            var paths = TeleportMcp.Engine.FileSystem.PipedPaths.Of(piped);
            if (paths != null)
            {
                ReadPaths(paths, true);
                return;
            }
            _input.NoteFromPipeline();
            try
            {
                var resource = ServingInputs.Resource(piped);
                if (resource != null) _input.Add(resource, fromPipeline: true);
            }
            catch (TeleportInputException e)
            {
                // The piped object, or the app a copy that does not read names; the other objects go on.
                EmitError(ErrorRecords.FromInput(e, target: e.Target ?? input));
            }
        }

        protected override void EndProcessing()
        {
            var resources = _input.All;
            var rows = ServingMap.Build(resources);
            WriteVerbose(ServingMap.ReadSummary(resources));
            // Every -App value was refused: the apps nobody named are not listed in their place.
            if (_apps?.Count == 0) return;
            EmitAll(ServingSelection.Select(rows, _apps, NamePattern, _input.Where, e => EmitError(ErrorRecords.FromInput(e))));
        }
    }
}
