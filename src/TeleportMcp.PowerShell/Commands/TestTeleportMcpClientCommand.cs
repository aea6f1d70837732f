using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>Test-TeleportMcpClient: MCP client configuration entries that run tsh mcp connect, and the tsh session.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "TeleportMcpClient", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ClientCheck), typeof(bool))]
    public sealed class TestTeleportMcpClientCommand : TeleportMcpCommand
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>Client configuration files to check instead of the ones of this OS.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ProjectPath { get; set; }

        [Parameter]
        [ResourceTransformation(typeof(App))]
        public App[] App { get; set; }

        [Parameter]
        [ResourceTransformation(typeof(User))]
        public User[] User { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TshPath { get; set; }

        [Parameter]
        public SwitchParameter SkipSession { get; set; }

        [Parameter]
        [ValidateRange(Timeouts.MinSeconds, Timeouts.MaxSeconds)]
        public int TimeoutSec { get; set; } = 20;

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        private readonly List<string> _paths = new List<string>();
        private bool _pathGiven;

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            var paths = literal ? LiteralPath : Path;
            if (paths == null) return;
            _pathGiven = true;
            _paths.AddRange(PathResolver.ResolveFiles(this, paths, literal, false, PathResolver.IsJsonFile));
        }

        protected override void EndProcessing()
        {
            if (_pathGiven && _paths.Count == 0)
            {
                if (Quiet) Emit(InputPolicy.QuietAnswer(0, true));
                return;
            }
            IReadOnlyList<ClientCheck> results;
            try
            {
                results = ClientChecker.Run(new ClientCheckOptions
                {
                    Paths = _pathGiven ? _paths.ToArray() : null,
                    ProjectDirectory = ProjectPath == null ? SessionState.Path.CurrentFileSystemLocation.ProviderPath
                        : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ProjectPath),
                    Apps = App?.Where(a => a != null).ToList(),
                    Users = User?.Where(u => u != null).ToList(),
                    TshPath = TshPath == null ? null : ResolveTsh(TshPath),
                    SkipSession = SkipSession,
                    TshTimeout = TimeSpan.FromSeconds(TimeoutSec),
                    Log = WriteVerbose,
                });
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                Terminate(ErrorRecords.Create(e, "ClientCheckFailed", null));
                return;
            }

            foreach (var r in results.Where(r => r.Check == ClientChecks.ConfigParse && r.Status == CheckStatus.Fail))
                EmitError(ErrorRecords.Create(new TeleportInputException("ClientConfigParseError", (r.Location ?? r.ConfigPath) + ": " + r.Message, null), "ClientConfigParseError", r.ConfigPath, r.Fix));

            if (Quiet)
            {
                Emit(InputPolicy.QuietAnswer(results.Count, results.All(r => r.Status != CheckStatus.Fail)));
                return;
            }
            EmitAll(results);
        }

        private string ResolveTsh(string path)
        {
            // A bare name stays bare (searched on PATH); anything with a directory part is a PowerShell path.
            if (path.IndexOfAny(new[] { '/', '\\' }) < 0) return path;
            return SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        }
    }
}
