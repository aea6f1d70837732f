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
        [Parameter(Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        /// <summary>Files taken as written (claude[1].json); Get-ChildItem output binds here through PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ProjectPath { get; set; }

        [Parameter]
        [ResourceTransformation(typeof(App))]
        public App[] App { get; set; }

        /// <summary>Users to compare with the certificate; piped TeleportMcp.User objects (Import-TeleportResource) and an object's User property bind too.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ResourceTransformation(typeof(User))]
        public User[] User { get; set; }

        private readonly List<User> _users = new List<User>();

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
        private bool _unmatched;

        private bool _pathsFromCommandLine;

        protected override void BeginProcessing()
        {
            // Paths on the command line are resolved here: a piped object that fails to bind must not make the check
            // fall back to this computer's own client configurations.
            bool literalSet = ParameterSetName == LiteralPathSet;
            _pathsFromCommandLine = MyInvocation.BoundParameters.ContainsKey(literalSet ? nameof(LiteralPath) : nameof(Path));
            if (_pathsFromCommandLine) Resolve(literalSet ? LiteralPath : Path, literalSet);
        }

        protected override void ProcessRecord()
        {
            if (User != null) _users.AddRange(User.Where(u => u != null && !_users.Contains(u)));
            bool literalSet = ParameterSetName == LiteralPathSet;
            // -LiteralPath from the pipeline (Get-ChildItem output): one file per record.
            if (!_pathsFromCommandLine && literalSet && LiteralPath != null) Resolve(LiteralPath, true);
        }

        private void Resolve(string[] paths, bool literalSet)
        {
            if (paths == null) return;
            _pathGiven = true;
            foreach (var p in paths)
            {
                // -LiteralPath as written; -Path literal when it has no wildcard characters, wildcards otherwise.
                var files = PathResolver.ResolveFiles(this, new[] { p }, literal: literalSet || !WildcardPattern.ContainsWildcardCharacters(p), recurse: false,
                    directoryFilter: PathResolver.IsJsonFile);
                if (files.Count == 0) _unmatched = true;
                _paths.AddRange(files);
            }
        }

        protected override void EndProcessing()
        {
            if (_pathGiven && _paths.Count == 0)
            {
                if (Quiet) Emit(InputPolicy.QuietAnswer(0, true));
                return;
            }
            IReadOnlyList<ClientCheck> results;
            var parseErrors = new List<TeleportInputException>();
            try
            {
                results = ClientChecker.Run(new ClientCheckOptions
                {
                    Paths = _pathGiven ? _paths.ToArray() : null,
                    ProjectDirectory = ProjectPath == null ? SessionState.Path.CurrentFileSystemLocation.ProviderPath
                        : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ProjectPath),
                    Apps = App?.Where(a => a != null).ToList(),
                    Users = _users.Count > 0 ? _users : null,
                    TshPath = TshPath == null ? null : ResolveTsh(TshPath),
                    SkipSession = SkipSession,
                    TshTimeout = TimeSpan.FromSeconds(TimeoutSec),
                    Log = WriteVerbose,
                    ParseError = parseErrors.Add,
                    Cancel = Cancellation,
                });
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                Terminate(ErrorRecords.Create(e, "ClientCheckFailed", null));
                return;
            }

            foreach (var e in parseErrors) EmitError(ErrorRecords.FromInput(e));

            int filesExamined = ClientDiagnosis.ConfigFilesExamined(results);
            if (filesExamined == 0 && !_pathGiven)
            {
                const string message = "No MCP client configuration file was found on this computer, so no entry was checked.";
                EmitError(ErrorRecords.Create(new System.IO.FileNotFoundException(message), "NothingExamined", null,
                    "Name the file with -Path, or run tsh mcp config --client-config=claude APP first."));
            }
            if (Quiet)
            {
                // about_TeleportMcp: one answer, false when nothing was examined or a path matched nothing.
                Emit(InputPolicy.QuietAnswer(filesExamined, !_unmatched && results.All(r => r.Status != CheckStatus.Fail)));
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
