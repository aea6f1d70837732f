using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>Test-TeleportMcpClient: MCP client configuration entries that run tsh mcp connect, and the tsh session.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "TeleportMcpClient")]
    [OutputType(typeof(ClientCheck), typeof(bool))]
    public sealed class TestTeleportMcpClientCommand : TeleportMcpCommand
    {
        /// <summary>Client configuration files to check instead of the ones of this OS.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

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
            if (Path == null) return;
            _pathGiven = true;
            foreach (var p in Path)
            {
                // Literal when it exists as typed (names like [x].json), wildcards otherwise.
                var files = PathResolver.ResolveFiles(this, new[] { p }, literal: !WildcardPattern.ContainsWildcardCharacters(p), recurse: false,
                    directoryFilter: f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
                _paths.AddRange(files);
            }
        }

        protected override void EndProcessing()
        {
            if (_pathGiven && _paths.Count == 0) 
            {
                if (Quiet) Emit(false);
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
                Terminate(new ErrorRecord(e, "ClientCheckFailed", ErrorCategory.NotSpecified, null));
                return;
            }

            foreach (var r in results.Where(r => r.Check == ClientChecks.ConfigParse && r.Status == CheckStatus.Fail))
                EmitError(ErrorRecords.InvalidInput("ClientConfigParseError", r.Message, r.Location ?? r.ConfigPath, ErrorCategory.ParserError, r.Fix));

            if (Quiet)
            {
                Emit(results.All(r => r.Status != CheckStatus.Fail));
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
