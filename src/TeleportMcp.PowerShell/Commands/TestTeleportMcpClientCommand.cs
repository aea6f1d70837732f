using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.FileSystem;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;
using TeleportMcp.Parameters;

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
        // ProviderPath: Resolve-Path output (PathInfo) binds here, not as text.
        [Alias("PSPath", "LP", "ProviderPath")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        /// <summary>The project folder whose project-scoped client files are checked (default: the current folder); wildcards must match one folder.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string ProjectPath { get; set; }

        /// <summary>As -ProjectPath, taken exactly as written (project[1]).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string LiteralProjectPath { get; set; }

        // Apps or copies; a value that is neither (a name, a file, a copy that does not read) is that item's error, and -Quiet cannot pass.
        [Parameter]
        [ResourceTransformation(typeof(AppChoice))]
        public AppChoice[] App { get; set; }

        private List<App> _apps;

        /// <summary>
        /// Users to compare with the certificate: TeleportMcp.User objects (Import-TeleportResource), or names looked up in
        /// -ClusterPath. Piped users and names bind by value, an object's User property by property name.
        /// </summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ResourceTransformation(typeof(UserChoice))]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public UserChoice[] User { get; set; }

        /// <summary>
        /// Cluster export files or folders: tctl get users output, in which the user names of -User are looked up, and the App
        /// Service teleport.yaml files and tctl get app_servers output that say which App Service serves each -App.
        /// </summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] ClusterPath { get; set; }

        /// <summary>As -ClusterPath, taken exactly as written (users[1].yaml).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] LiteralClusterPath { get; set; }

        private readonly List<User> _users = new List<User>();
        private readonly List<string> _userNames = new List<string>();
        private bool _usersFromCommandLine;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TshPath { get; set; }

        [Parameter]
        public SwitchParameter SkipSession { get; set; }

        /// <summary>Run tsh with the entries' TELEPORT_HOME, TELEPORT_PROXY and the other variables that choose what tsh runs or contacts.</summary>
        [Parameter]
        public SwitchParameter UseEntryEnvironment { get; set; }

        [Parameter]
        [ValidateRange(Timeouts.MinSeconds, Timeouts.MaxSeconds)]
        public int TimeoutSec { get; set; } = 20;

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        // The paths of -Path / -LiteralPath, each resolved on its own (the engine's rule, PathInputs).
        private PathInputs _paths;
        private bool _inputUnread;

        private bool _pathsFromCommandLine;

        protected override void BeginProcessing()
        {
            _paths = new PathInputs((parameter, path, literal, folders) => PathResolver.ResolveFiles(this, parameter, new[] { path }, literal, folders));
            // Paths on the command line are resolved here: a piped object that fails to bind must not make the check
            // fall back to this computer's own client configurations.
            bool literalSet = ParameterSetName == LiteralPathSet;
            _pathsFromCommandLine = MyInvocation.BoundParameters.ContainsKey(literalSet ? nameof(LiteralPath) : nameof(Path));
            _usersFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(User));
            if (_usersFromCommandLine && Choice.NullOrEmpty<User>(User)) RefuseNullOrEmpty(nameof(User));
            if (_usersFromCommandLine)
                ClientUsers.AddGiven(User, _users, _userNames, e =>
                {
                    _inputUnread = true;
                    EmitError(ErrorRecords.FromInput(e));
                }, EmitWarning);
            // -App takes objects only and has no validation attribute: nothing but nulls or empty names is the parameter's error.
            if (MyInvocation.BoundParameters.ContainsKey(nameof(App)) && Choice.NullOrEmpty<TeleportMcp.App>(App)) RefuseNullOrEmpty(nameof(App));
            _apps = App == null ? null : Choice.Objects<App>(App, "-App", null, e =>
            {
                _inputUnread = true;
                EmitError(ErrorRecords.FromInput(e));
            }, EmitWarning);
            var conflict = PathInputs.TwinConflict("-ProjectPath", "the project folder", ProjectPath, LiteralProjectPath);
            if (conflict != null) Terminate(ErrorRecords.FromInput(conflict));
            if (_pathsFromCommandLine) Resolve(literalSet ? LiteralPath : Path, literalSet);
        }

        protected override void ProcessRecord()
        {
            bool literalSet = ParameterSetName == LiteralPathSet;
            // Measured (Trace-Command ParameterBinding, PowerShell 7.6): every piped object binds -User by value first, and
            // a file, a Resolve-Path result or a Get-Content line also binds -LiteralPath by its PSPath/ProviderPath. An
            // object taken as a file to check is no -User error; what it names as a user (a string) is still a name.
            bool pathBound = !_pathsFromCommandLine && literalSet && LiteralPath != null;
            // A piped string binds one thing: the user it names, never the file it was read from (a Get-Content line).
            if (pathBound && !_usersFromCommandLine && ClientUsers.IsText(User)) pathBound = false;
            if (!_usersFromCommandLine && User != null) AddUsers(User, fileBound: pathBound);
            // -LiteralPath from the pipeline (Get-ChildItem output): one file per record.
            if (pathBound) Resolve(LiteralPath, true);
        }

        /// <summary>What -User bound, as users and names (the engine's one rule, <see cref="ClientUsers"/>).</summary>
        /// <param name="fileBound">The piped object also bound -LiteralPath: its refusal as a user is not an error.</param>
        private void AddUsers(IEnumerable<UserChoice> values, bool fileBound = false)
        {
            foreach (var v in values)
            {
                try
                {
                    ClientUsers.AddBound(v, _users, _userNames, EmitWarning);
                }
                catch (TeleportInputException e) when (fileBound && e.Code == PipedUser.NotAUserCode)
                {
                    // The object was read as the file it is; -LiteralPath reports that file's own errors.
                }
                catch (TeleportInputException e)
                {
                    // A value that names no user, or a user copy or document that does not read: this item's error, the
                    // others go on; -Quiet cannot pass.
                    _inputUnread = true;
                    EmitError(ErrorRecords.FromInput(e, target: e.Target ?? (object)v?.Given?.Original ?? v));
                }
            }
        }

        /// <summary>-LiteralPath as written; -Path literal when it has no wildcard characters, wildcards otherwise; folders give their client configuration files.</summary>
        private void Resolve(string[] paths, bool literalSet) => _paths.Add("-Path", paths, literalSet, McpConfigFile.Folders);

        protected override void EndProcessing()
        {
            // Bare names are looked up in the cluster export; one the check cannot look up is an error, never skipped.
            var cluster = ReadCluster();
            var users = ClientUsers.Resolve(_users, _userNames, cluster, e => EmitError(ErrorRecords.FromInput(e)), out var usersMissing);
            var scope = new ClientCheckScope(_paths) { UsersMissing = usersMissing, InputUnread = _inputUnread };
            string projectDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            string projectGiven = LiteralProjectPath ?? ProjectPath;
            if (projectGiven != null)
            {
                projectDirectory = PathResolver.ResolveOne(this, projectGiven, LiteralProjectPath != null, PathMust.BeFolder, out var refused, "-ProjectPath");
                if (refused != null)
                {
                    // A project folder that is not there: never another folder's project files in its place.
                    EmitError(refused);
                    scope.ProjectRefused();
                }
            }
            // A tsh the admin named by path, as a file-system path; whether it is there is the checker's to say.
            string tsh = ClientDiagnosis.TshToRun(TshPath, p => PathResolver.ResolveOneOrTerminate(this, p, literal: true, PathMust.MayBeNew));
            if (scope.NothingToCheck)
            {
                if (Quiet) Emit(scope.QuietAnswer(null));
                return;
            }
            IReadOnlyList<ClientCheck> results;
            var parseErrors = new List<TeleportInputException>();
            try
            {
                results = ClientChecker.Run(new ClientCheckOptions
                {
                    Paths = _paths.Given ? _paths.Files.ToArray() : null,
                    ProjectDirectory = projectDirectory,
                    Apps = _apps,
                    // App Service teleport.yaml hosts and app_server heartbeats in the export say which apps are served.
                    ClusterResources = cluster?.All,
                    Users = users.Count > 0 ? users : null,
                    TshPath = tsh,
                    SkipSession = SkipSession,
                    Caller = Caller,
                    UseEntryEnvironment = UseEntryEnvironment,
                    TshTimeout = TimeSpan.FromSeconds(TimeoutSec),
                    Log = WriteVerbose,
                    ParseError = parseErrors.Add,
                    Cancel = Cancellation,
                });
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                Terminate(ErrorRecords.Create(e, "ClientCheckFailed", _paths.Given ? (object)_paths.Files.ToArray() : projectDirectory));
                return;
            }

            foreach (var e in parseErrors) EmitError(ErrorRecords.FromInput(e));

            var nothing = scope.NothingExamined(results, ClientDiagnosis.Searched(HostPlatform.Current, projectDirectory));
            if (nothing != null) EmitError(ErrorRecords.FromInput(nothing));
            if (Quiet)
            {
                // about_TeleportMcp: one answer, false when nothing was examined or a path matched nothing.
                Emit(scope.QuietAnswer(results));
                return;
            }
            EmitAll(results);
        }

        /// <summary>
        /// The cluster export of -ClusterPath, read whenever it is given (a file that is not there or does not read is an
        /// error, whether or not a user name needs it); null without -ClusterPath. A path that gave no file or a resource
        /// that did not read keeps -Quiet false.
        /// </summary>
        private ClusterInput ReadCluster()
        {
            if (ClusterPath == null && LiteralClusterPath == null) return null;
            var cluster = NewClusterInput("Fix the resource; the other resources were read.");
            try
            {
                foreach (var (path, literal) in (ClusterPath ?? Array.Empty<string>()).Select(p => (p, false))
                         .Concat((LiteralClusterPath ?? Array.Empty<string>()).Select(p => (p, true))))
                {
                    var files = PathResolver.ResolveClusterPath(this, cluster, "-ClusterPath", path, literal);
                    if (files.Count == 0) _inputUnread = true;
                    cluster.ReadFiles(files);
                }
                _inputUnread |= cluster.Unread.Count > 0;
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            return cluster;
        }
    }
}
