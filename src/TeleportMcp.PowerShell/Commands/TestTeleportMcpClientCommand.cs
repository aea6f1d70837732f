using System;
using System.Collections;
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

        /// <summary>
        /// Users to compare with the certificate: TeleportMcp.User objects (Import-TeleportResource), or names looked up in
        /// -ClusterPath. Piped users and names bind by value, an object's User property by property name.
        /// </summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ResourceTransformation(typeof(User))]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public object[] User { get; set; }

        /// <summary>Cluster export files or folders (tctl get users output) in which the user names of -User are looked up.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] ClusterPath { get; set; }

        private readonly List<User> _users = new List<User>();
        private readonly List<string> _userNames = new List<string>();
        private bool _usersFromCommandLine;

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
            _usersFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(User));
            // -User takes pipeline input, so it cannot carry [ValidateNotNullOrEmpty] (a null User property is skipped);
            // on the command line a null or empty -User stays the usual validation error.
            if (_usersFromCommandLine && (User == null || User.Length == 0 || User.Any(u => u == null || (u is string n && n.Length == 0))))
                Terminate(ErrorRecords.Create(new ParameterBindingException("Cannot validate argument on parameter 'User'. The argument is null or empty. Provide an argument that is not null or empty, and then try the command again."),
                    "ParameterArgumentValidationError", null, category: ErrorCategory.InvalidData));
            if (_usersFromCommandLine) AddUsers(User);
            if (_pathsFromCommandLine) Resolve(literalSet ? LiteralPath : Path, literalSet);
        }

        protected override void ProcessRecord()
        {
            if (!_usersFromCommandLine && User != null) AddUsers(User);
            bool literalSet = ParameterSetName == LiteralPathSet;
            // -LiteralPath from the pipeline (Get-ChildItem output): one file per record.
            if (!_pathsFromCommandLine && literalSet && LiteralPath != null) Resolve(LiteralPath, true);
        }

        /// <summary>
        /// Users as objects and bare names. Any other piped object bound -User by value before its User property could
        /// bind by name: that property is taken instead (an object without one names no user, nor does a file: its User is its owner).
        /// </summary>
        private void AddUsers(IEnumerable values, bool nested = false)
        {
            foreach (var v in values)
            {
                var raw = v is PSObject p ? p.BaseObject : v;
                // A user inside an object's User property that lost its type (Import-Clixml, ConvertFrom-Json).
                if (nested && !(raw is User) && !(raw is string) && raw != null) raw = ResourceTransformationAttribute.TryConvert(v, typeof(User)) ?? raw;
                if (raw is User user) _users.Add(user);
                else if (raw is string name) { if (name.Length > 0) _userNames.Add(name); }
                // A file's User is its owner on Unix (PowerShell's extended property), not a Teleport user.
                else if (!nested && raw != null && !(raw is IDictionary) && !(raw is System.IO.FileSystemInfo) && PSObject.AsPSObject(v).Properties["User"]?.Value is object property)
                {
                    var inner = property is PSObject ip ? ip.BaseObject : property;
                    AddUsers(inner is IEnumerable list && !(inner is string) && !(inner is IDictionary) ? list : new[] { property }, nested: true);
                }
            }
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
            // Bare names are looked up in the cluster export; one the check cannot look up is an error, never skipped.
            var users = ClientUsers.Resolve(_users, _userNames, ReadCluster(), e => EmitError(ErrorRecords.FromInput(e)), out bool usersMissing);
            if (usersMissing) _unmatched = true;
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
                    Users = users.Count > 0 ? users : null,
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

        /// <summary>The cluster export of -ClusterPath (only read when a user was given by name); null without -ClusterPath.</summary>
        private ClusterInput ReadCluster()
        {
            if (ClusterPath == null || _userNames.Count == 0) return null;
            var cluster = NewClusterInput("Fix the resource; the other resources were read.");
            try
            {
                cluster.ReadFiles(PathResolver.ResolveFiles(this, ClusterPath, false, true, ResourceReader.IsResourceFile));
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            return cluster;
        }

        private string ResolveTsh(string path)
        {
            // A bare name stays bare (searched on PATH); anything with a directory part is a PowerShell path.
            if (path.IndexOfAny(new[] { '/', '\\' }) < 0) return path;
            return SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        }
    }
}
