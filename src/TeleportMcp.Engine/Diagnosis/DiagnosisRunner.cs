using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.FileSystem;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Serving;

namespace TeleportMcp.Engine.Diagnosis
{
    public sealed class DiagnosisOptions
    {
        /// <summary>The parameters of the cmdlet the run is for: a text names only what its user can give (<see cref="CallerParameters"/>).</summary>
        public CallerParameters Caller { get; set; } = CallerParameters.None;

        /// <summary>Resource files or folders of the cluster (an export, teleport.yaml) as given; null when none was given.</summary>
        public IList<string>? ClusterPath { get; set; }

        /// <summary>As <see cref="ClusterPath"/>, taken exactly as written (no wildcards).</summary>
        public IList<string>? LiteralClusterPath { get; set; }

        /// <summary>Log files or folders as given; null when none was given.</summary>
        public IList<string>? LogPath { get; set; }

        /// <summary>As <see cref="LogPath"/>, taken exactly as written.</summary>
        public IList<string>? LiteralLogPath { get; set; }

        /// <summary>Teleport audit logs as given; null when none was given.</summary>
        public IList<string>? AuditPath { get; set; }

        /// <summary>As <see cref="AuditPath"/>, taken exactly as written.</summary>
        public IList<string>? LiteralAuditPath { get; set; }

        /// <summary>Client configuration files instead of this computer's; null = discover them.</summary>
        public IList<string>? ClientConfigPath { get; set; }

        /// <summary>As <see cref="ClientConfigPath"/>, taken exactly as written.</summary>
        public IList<string>? LiteralClientConfigPath { get; set; }

        /// <summary>Expands a path; the default takes file-system paths literally (a host resolves its own wildcards and drives).</summary>
        public FileResolver? ResolveFiles { get; set; }

        /// <summary>
        /// How a name given on the command line (-User, -App) is read: the host's wildcard matcher (PowerShell's), or null
        /// for a plain name (<see cref="NameSelection"/>). Users piped in are always plain names: they are data.
        /// </summary>
        public Func<string, Func<string, bool>?> PatternOf { get; set; } = NameSelection.NoPatterns;

        /// <summary>The users to diagnose (names or wildcards); null = every user of the cluster files.</summary>
        public IList<string>? Users { get; set; }

        /// <summary>
        /// Objects given that could not be used (a piped file or a hashtable where a user name is expected): the run
        /// reports each as its own error, lists it as not examined, and the gate cannot pass.
        /// </summary>
        public List<TeleportInputException> Refused { get; } = new List<TeleportInputException>();

        /// <summary>
        /// -User values (from the command line, or bound from one piped object): each name once, in order; a refused value
        /// goes to <see cref="Refused"/>. Values given, even if every one was refused, select only what they name, never every user.
        /// </summary>
        /// <param name="commandLine">The values were given on the command line: a null or empty one beside others is that item's error (<see cref="Choice.AllFrom{T}"/>).</param>
        public void AddUsers(IEnumerable<Choice<User>?>? given, bool commandLine = false)
        {
            if (given == null && commandLine) return;
            var users = Users == null ? new List<string>() : new List<string>(Users);
            // A blank value is that item's error from the command line (beside others) and from a piped record (a piped
            // $null or '', or an object whose User is null): -User takes names only, so nothing piped binds it by accident.
            var read = commandLine ? Choice.AllFrom<User>(given, Refused.Add, Warning)! : Choice.Piped<User>(given, Refused.Add, Warning);
            foreach (var choice in read)
                if (!string.IsNullOrEmpty(choice.Name) && !users.Contains(choice.Name!)) users.Add(choice.Name!);
            Users = users;
        }

        /// <summary>
        /// The users were to come from the pipeline (the command had input piped to it and no -User of its own): then
        /// no user named (every piped object refused, or nothing piped) selects nobody, never every user, and the
        /// request counts as unmatched, so a gate cannot pass on users nobody asked for.
        /// </summary>
        public bool UsersFromPipeline { get; set; }

        /// <summary>The apps to diagnose (names or wildcards); null = every MCP app of the cluster files.</summary>
        public IList<string>? Apps { get; set; }

        /// <summary>Tool names to decide; null = the probed tools, else a summary per user and app.</summary>
        public IList<string>? Tools { get; set; }

        public bool Launch { get; set; }
        public int TimeoutSec { get; set; } = 30;
        public IDictionary<string, string>? Environment { get; set; }

        public bool SkipClient { get; set; }
        public string? ProjectDirectory { get; set; }
        public string? TshPath { get; set; }

        /// <summary>-UseEntryEnvironment: the client checks run tsh with all of an entry's tsh variables (<see cref="ClientCheckOptions.UseEntryEnvironment"/>).</summary>
        public bool UseEntryEnvironment { get; set; }

        /// <summary>
        /// Runs the app checks somewhere else than this computer (the App Service hosts over remoting, which only the
        /// host can reach); null = check and probe here.
        /// </summary>
        public Func<IList<App>, RemoteAppChecks>? CheckAppsElsewhere { get; set; }

        /// <summary>The client checks' seam (tests replace it); null = this machine.</summary>
        public Action<ClientCheckOptions>? ConfigureClientChecks { get; set; }

        /// <summary>The checks to run (-Check); null = every one. The others are listed as not examined.</summary>
        public ICollection<DiagnosisCheck>? Checks { get; set; }

        /// <summary>Whether -Check chose this check (every check runs when none was chosen).</summary>
        public bool Runs(DiagnosisCheck check) => Checks == null || Checks.Count == 0 || Checks.Contains(check);

        /// <summary>Whether -Check named this check: then a check with nothing to read is a request that matched nothing, not a pass.</summary>
        public bool Chose(DiagnosisCheck check) => Checks != null && Checks.Contains(check);

        /// <summary>The not-found line for a check -Check named that had nothing to examine.</summary>
        public static string ChosenWithoutInput(DiagnosisCheck check, string missing) => "-Check " + check + " (" + missing + ")";

        /// <summary>
        /// -Check Client with -SkipClient: the check chosen is the one skipped, so nothing the admin asked for would run;
        /// refused before anything is read. Null when fine.
        /// </summary>
        public static TeleportArgumentException? CheckRefusal(ICollection<DiagnosisCheck>? checks, bool skipClient) =>
            skipClient && checks != null && checks.Contains(DiagnosisCheck.Client)
                ? new TeleportArgumentException("ConflictingCheckParameters", "-Check Client chooses the MCP client checks and -SkipClient skips them: give one of the two.")
                    { RecommendedAction = "Leave out -SkipClient to check the MCP client configurations, or leave Client out of -Check." }
                : null;

        /// <summary>
        /// Client-check parameters given with -SkipClient, which skips those checks: they would do nothing, and the answer
        /// would look as if they had been used. Null when none was given with it.
        /// </summary>
        public static TeleportArgumentException? SkipClientRefusal(bool skipClient, IEnumerable<string>? clientParametersGiven)
        {
            var given = (clientParametersGiven ?? Enumerable.Empty<string>()).ToList();
            if (!skipClient || given.Count == 0) return null;
            return new TeleportArgumentException("ConflictingCheckParameters", ListText.Join(", ", given) + (given.Count == 1 ? " is" : " are") +
                " for the MCP client checks, which -SkipClient skips: give one or the other.")
            {
                TargetObject = given.ToArray(),
                RecommendedAction = "Leave out -SkipClient to check the MCP client configurations, or leave out " + ListText.Join(", ", given) + ".",
            };
        }

        /// <summary>The line the report lists for a check -Check did not choose.</summary>
        public static string NotSelected(string what) => what + ": not selected by -Check";

        /// <summary>The lowest status that counts as failing (-FailOn): Fail, or Warn.</summary>
        public DiagnosisStatus FailOn { get; set; } = DiagnosisStatus.Fail;

        /// <summary>The phase, each app and each stage of its probe, with a percentage; called on the caller's thread, unthrottled (the cmdlet draws at a low rate).</summary>
        public Action<string, int> Progress { get; set; } = (_, __) => { };

        /// <summary>Each stage of an app's probe (starting, initialize, tools/list...); null = <see cref="Progress"/>.</summary>
        public Action<string, int>? ProbeProgress { get; set; }

        /// <summary>Bytes of one log file read (activity, done, length).</summary>
        public Action<string, long, long> ProgressBytes { get; set; } = (_, __, ___) => { };

        public Action<string> Warning { get; set; } = _ => { };
        public Action<string> Verbose { get; set; } = _ => { };
        public Action<string> Debug { get; set; } = _ => { };

        /// <summary>Whether the host shows verbose or debug text: the access traces cost time and are made only then.</summary>
        public bool TraceVerbose { get; set; }
        public bool TraceDebug { get; set; }

        /// <summary>Input that could not be used (a broken document, an unreadable log, a name that is not there).</summary>
        public Action<TeleportInputException> Error { get; set; } = _ => { };
    }

    /// <summary>What app checks run elsewhere found: findings, the probed tool names per app, and what was examined.</summary>
    public sealed class RemoteAppChecks
    {
        public List<TeleportMcp.Diagnosis> Findings { get; } = new List<TeleportMcp.Diagnosis>();
        public Dictionary<string, string[]> Tools { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

        /// <summary>Hosts (or places) where a check that is not Skipped ran; 0 = nothing was examined.</summary>
        public int Examined { get; set; }

        /// <summary>Apps (by name) the hosts tested but examined nowhere (only Skipped checks: not an MCP server), and why: as a local web app's outcome.</summary>
        public Dictionary<string, string> PassedOver { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// Each app a host that ran the checks sent no check of ("app x on host b (...)"), and each host asked for that could
        /// not run them ("host b (...)"): not examined there, so the answer cannot pass.
        /// </summary>
        public List<string> NotChecked { get; } = new List<string>();

        /// <summary>The host (as the admin named it, <see cref="HostCheckRun.Host"/>) each entry of <see cref="NotChecked"/> is about: the gate's target, the entry its label.</summary>
        public Dictionary<string, string> HostOf { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Adds <paramref name="text"/> to <see cref="NotChecked"/>, about <paramref name="host"/>.</summary>
        public void Note(string text, string host)
        {
            NotChecked.Add(text);
            if (!string.IsNullOrEmpty(host)) HostOf[text] = host;
        }

        /// <summary>One line for the report: what ran where, or why nothing could run.</summary>
        public string? Summary { get; set; }
    }

    public sealed class DiagnosisResult
    {
        /// <summary>Most likely root cause first.</summary>
        public List<TeleportMcp.Diagnosis> Findings { get; } = new List<TeleportMcp.Diagnosis>();
        public DiagnosisContext Context { get; } = new DiagnosisContext();

        /// <summary>The -Quiet / -FailOn answer (<see cref="DiagnosisGate"/>).</summary>
        public GateDecision Gate { get; internal set; } = null!; // the runner decides it before it returns the result

        /// <summary>The findings at or above the -FailOn threshold.</summary>
        public List<TeleportMcp.Diagnosis> Failing { get; } = new List<TeleportMcp.Diagnosis>();

        /// <summary>True only when something was examined, every name and path matched, and nothing reached the threshold.</summary>
        public bool Passed => Gate.Passed;

        /// <summary>The report for a file in the format asked (-Format), else HTML for .html/.htm and Markdown otherwise.</summary>
        public string Report(string path, DiagnosisReportFormat? format = null) => DiagnosisReport.Render(Findings, Context, DiagnosisReport.FormatFor(path, format));

        /// <summary>What -OutFile holds: the <see cref="Report"/>, stamped as the module's own output (<see cref="Output.OutFiles"/>) so the next run may replace it while nobody changed it.</summary>
        public string ReportFile(string path, DiagnosisReportFormat? format = null) => Output.OutFiles.Stamped(Report(path, format), Output.OutFiles.CommentStyle.Markup);
    }

    /// <summary>
    /// Invoke-TeleportMcpDiagnosis as one use case: selects users and apps, runs every check that applies to what was
    /// given (client configurations and the tsh session, app definitions and the probe, role decisions and lint, logs,
    /// audit events), links log lines as evidence, builds the incident timelines, ranks the findings and answers the
    /// -Quiet / -FailOn gate.
    /// </summary>
    public sealed class DiagnosisRunner
    {
        private readonly DiagnosisOptions _options;
        private readonly CancellationToken _cancel;
        private readonly DiagnosisContext _context;
        private readonly List<TeleportMcp.Diagnosis> _items = new List<TeleportMcp.Diagnosis>();

        private DiagnosisRunner(DiagnosisOptions options, DiagnosisContext context, CancellationToken cancel)
        {
            _options = options;
            _context = context;
            _cancel = cancel;
        }

        /// <summary>Runs the diagnosis; cancellation ends it with <see cref="OperationCanceledException"/>.</summary>
        public static DiagnosisResult Run(DiagnosisOptions options, CancellationToken cancel)
        {
            var result = new DiagnosisResult();
            new DiagnosisRunner(options, result.Context, cancel).Run(result);
            return result;
        }

        private void Run(DiagnosisResult result)
        {
            foreach (var refused in _options.Refused)
            {
                _options.Error(refused);
                _context.Note(_context.Refused, refused.Message, refused.Target);
            }
            var cluster = ReadCluster();
            _appAuthConfigs = cluster.AppAuthConfigs;
            var users = Select(_options.UsersFromPipeline && (_options.Users == null || _options.Users.Count == 0) ? NoPipedUser() : _options.Users, cluster.Users, "user", cluster,
                _options.UsersFromPipeline ? NameSelection.NoPatterns : _options.PatternOf, out _userNames);
            // Nothing piped and no -User: the log lines are not narrowed by user (the gate already cannot pass).
            if (_options.Users == null) _userNames = null;
            var apps = Select(_options.Apps, cluster.DistinctApps().Where(a => a.IsMcp || _options.Apps != null).ToList(), "app", cluster, _options.PatternOf, out _appNames, _appsByName);

            Progress("Checking MCP client configurations and the tsh session", 10);
            CheckClients(cluster, apps, users);

            Progress("Checking MCP server definitions" + (_options.Launch ? " and probing them" : ""), 30);
            var probedTools = CheckApps(apps, cluster, users.Count == 1 ? users[0] : null);
            CheckServing(cluster);

            Progress("Replaying Teleport's MCP access decisions", 60);
            CheckRoles(cluster, users, apps, probedTools);

            Progress("Scanning logs", 80);
            ScanLogs();

            Progress("Reading audit events", 90);
            ScanAudit();

            // Incidents first: the ranker folds log findings into the checks they prove.
            _context.Incidents.AddRange(IncidentBuilder.Build(_items));
            result.Findings.AddRange(DiagnosisRanker.Rank(_items));
            result.Failing.AddRange(result.Findings.Where(f => f.Status <= _options.FailOn));
            result.Gate = DiagnosisGate.Decide(result.Findings, _context, _options.FailOn);
            foreach (var line in _context.Inputs) _options.Verbose("Examined: " + line);
            foreach (var line in _context.Unmatched) _options.Verbose("Not examined (not found): " + line);
            foreach (var line in _context.Skipped) _options.Verbose("Not examined: " + line);
        }

        private void Progress(string status, int percent)
        {
            _cancel.ThrowIfCancellationRequested();
            _options.Progress(status, percent);
        }

        /// <summary>
        /// Resolves each path on its own (those of -Path, then those of its -Literal twin), so a path or wildcard that
        /// matched nothing is named in the report with the parameter it was given to.
        /// </summary>
        private List<string> Resolve(string parameter, IList<string>? paths, IList<string>? literalPaths, FolderRule folders)
        {
            var inputs = new PathInputs(_options.ResolveFiles ?? LiteralFiles);
            inputs.Add(parameter, paths, false, folders);
            inputs.Add(parameter, literalPaths, true, folders);
            for (int i = 0; i < inputs.Unmatched.Count; i++) _context.Note(_context.Unmatched, inputs.Unmatched[i], inputs.UnmatchedPaths[i]);
            return inputs.Files;
        }

        private static bool Given(IList<string>? paths, IList<string>? literalPaths) => paths != null || literalPaths != null;

        private static int Count(IList<string>? paths, IList<string>? literalPaths) => (paths?.Count ?? 0) + (literalPaths?.Count ?? 0);

        /// <summary>
        /// A file as it is, a folder's files through the engine's walk; a path that is not there, or a folder that gives no
        /// file by the input's rule (its <see cref="FolderRule.EmptyId"/>), is an error naming it, as the cmdlets' resolver does.
        /// </summary>
        private IList<string> LiteralFiles(string parameter, string path, bool literal, FolderRule folders)
        {
            var files = folders.FilesOf(path, path, _options.Warning, _options.Error);
            if (files != null) return files;
            _options.Error(new TeleportNotFoundException("PathNotFound", "Cannot find path '" + path + "' because it does not exist.", path));
            return Array.Empty<string>();
        }

        private ClusterInput ReadCluster()
        {
            var cluster = new ClusterInput
            {
                Warning = _options.Warning,
                Verbose = _options.Verbose,
                Error = d => _options.Error(new TeleportInputException(d.Code, d.Message, d.Location)
                    { LineText = d.LineText, RecommendedAction = d.RecommendedAction ?? "Fix the resource; the diagnosis used the rest." }),
                Cancel = _cancel,
            };
            if (!Given(_options.ClusterPath, _options.LiteralClusterPath))
            {
                _context.Skipped.Add("roles, users and apps: no -ClusterPath (export them with tctl get roles,users,app_servers, or give teleport.yaml)");
                return cluster;
            }
            Progress("Reading the cluster export", 0);
            int unmatchedBefore = _context.Unmatched.Count;
            var files = Resolve("-ClusterPath", _options.ClusterPath, _options.LiteralClusterPath, ClusterInput.Folders);
            // A path that gave no file (reported by the resolver) is where a -User or -App name is then not found.
            foreach (var given in _context.Unmatched.Skip(unmatchedBefore)) cluster.NoteUnmatched(given);
            cluster.ReadFiles(files);
            for (int i = 0; i < cluster.Unread.Count; i++) _context.Note(_context.Unread, cluster.Unread[i], cluster.UnreadFiles[i]);
            var apps = cluster.DistinctApps();
            int resources = cluster.Roles.Count + cluster.Users.Count + apps.Count;
            _options.Verbose("Read " + files.Count + " cluster file(s): " + cluster.Roles.Count + " role(s) (" + ListText.Join(", ", cluster.Roles.Select(r => r.Name)) + "), " +
                             cluster.Users.Count + " user(s) (" + ListText.Join(", ", cluster.Users.Select(x => x.Name)) + "), " +
                             apps.Count + " app(s) (" + ListText.Join(", ", apps.Select(x => x.Name)) + ").");
            foreach (var f in files) _options.Debug("cluster file: " + f);
            if (resources == 0)
                _context.Skipped.Add("roles, users and apps: " + (files.Count == 0 ? "-ClusterPath named no readable file" : files.Count + " file(s) held no role, user or app"));
            else
                _context.Inputs.Add(files.Count + " resource file(s) read: " + cluster.Roles.Count + " role(s), " + cluster.Users.Count + " user(s), " + apps.Count + " app(s)");
            // Reading resources examines nothing by itself: only the checks that run on them count (CheckApps, CheckServing, CheckRoles).
            return cluster;
        }

        private IList<string> NoPipedUser()
        {
            _context.Unmatched.Add("user (the piped input named none)");
            return Array.Empty<string>();
        }

        // The names the serving map and the log and audit lines are narrowed to (-App, -User): those of the resources
        // selected, and the plain names as given (a line may name an app the cluster files do not hold); null = no narrowing.
        private HashSet<string>? _appNames;
        // The app_auth_configs read: a failed verify event's finding names the config's setting (AppAuthConfigLinks).
        private IReadOnlyCollection<AppAuthConfig> _appAuthConfigs = Array.Empty<AppAuthConfig>();
        private HashSet<string>? _userNames;

        // Each -App name and the apps it selected: a name whose apps were all passed over by the checks (web apps) examined nothing.
        private readonly Dictionary<string, List<App>> _appsByName = new Dictionary<string, List<App>>(StringComparer.Ordinal);

        /// <summary>
        /// The named resources, or all of them (<see cref="NameSelection"/>: a wildcard selects by its pattern); a name or
        /// pattern that selects nothing is an error naming what and where, and the gate cannot pass.
        /// </summary>
        private List<T> Select<T>(IList<string>? names, List<T> all, string kind, ClusterInput cluster, Func<string, Func<string, bool>?> patternOf,
            out HashSet<string>? narrowTo, Dictionary<string, List<App>>? byName = null) where T : TeleportResource
        {
            narrowTo = null;
            if (names == null) return all;
            narrowTo = new HashSet<string>(StringComparer.Ordinal);
            var selector = new NameSelector<T>(all, x => x.Name, patternOf, kind, cluster.Where, kind == "user" ? "UserNotFound" : "AppNotFound")
            {
                NotFoundSuffix = " Its checks were skipped.",
                RecommendedAction = "Check the name (wildcards allowed; a plain name matches exactly, case included), or add the file that defines it to -ClusterPath.",
            };
            var result = new List<T>();
            foreach (var name in names)
            {
                if (selector.IsPlain(name)) narrowTo.Add(name);
                var matched = new List<T>();
                if (!selector.Select(name, result, _options.Error, matched)) _context.Note(_context.Unmatched, kind + " " + name, name);
                if (byName != null) byName[name] = matched.OfType<App>().ToList();
            }
            foreach (var r in result) narrowTo.Add(r.Name ?? "");
            return result;
        }

        private void CheckClients(ClusterInput cluster, List<App> apps, List<User> users)
        {
            bool haveApps = cluster.Apps.Count > 0;
            if (_options.SkipClient || !_options.Runs(DiagnosisCheck.Client))
            {
                _context.Skipped.Add(_options.SkipClient ? "MCP client configurations and the tsh session (-SkipClient)" : DiagnosisOptions.NotSelected("MCP client configurations and the tsh session"));
                // -Check Client with -SkipClient: the check chosen did not run (the cmdlet refuses the pair first, CheckRefusal).
                if (_options.SkipClient) ChosenWithoutInput(DiagnosisCheck.Client, "-SkipClient skipped it");
                return;
            }
            var clientOptions = new ClientCheckOptions
            {
                Paths = !Given(_options.ClientConfigPath, _options.LiteralClientConfigPath) ? null
                    : Resolve("-ClientConfigPath", _options.ClientConfigPath, _options.LiteralClientConfigPath, McpConfigFile.Folders).ToArray(),
                PathParameter = "-ClientConfigPath",
                Caller = _options.Caller,
                ProjectDirectory = _options.ProjectDirectory,
                Apps = haveApps ? apps : null,
                ClusterResources = cluster.All,
                Users = users.Count > 0 ? users : null,
                TshPath = _options.TshPath,
                UseEntryEnvironment = _options.UseEntryEnvironment,
                TshTimeout = TimeSpan.FromSeconds(Math.Min(_options.TimeoutSec, 20)),
                // tsh mcp ls contacts the proxy: the diagnosis asks the network for nothing the admin did not ask for.
                ListAppsLive = false,
                Log = _options.Verbose,
                // A file that does not parse is an error naming it (file, line, column), as Test-TeleportMcpClient writes it.
                ParseError = _options.Error,
                Cancel = _cancel,
            };
            _options.ConfigureClientChecks?.Invoke(clientOptions);
            string? user = users.Count == 1 ? users[0].Name : null;
            int before = _items.Count;
            var results = ClientChecker.Run(clientOptions);
            // A file that does not parse was read but not checked: it counts as not examined, never as a checked client.
            var unusable = ClientDiagnosis.ConfigFilesUnusable(results);
            // Test-TeleportMcpClient's rule: a file that holds no Teleport entry checked nothing Teleport's clients run.
            int examined = ClientDiagnosis.Examined(results);
            _context.ExaminedCount += examined;
            foreach (var r in unusable) _context.Note(_context.Unread, "MCP client configuration " + r.ConfigPath + " (" + ClientDiagnosis.ParseErrorCode + ")", r.ConfigPath);
            _items.AddRange(ClientDiagnosis.ToDiagnosisItems(results, user));
            string what = !Given(_options.ClientConfigPath, _options.LiteralClientConfigPath) ? "the MCP client configurations of this computer"
                : Count(_options.ClientConfigPath, _options.LiteralClientConfigPath) + " MCP client configuration file(s)";
            if (examined == 0 && unusable.Count == 0)
            {
                int read = ClientDiagnosis.ConfigFilesExamined(results);
                _context.Skipped.Add("MCP client configurations: " + (read > 0 ? read + " file(s) read hold no entry that runs tsh mcp connect" : "no MCP client configuration file was found"));
                // Chosen and nothing to check: a request that matched nothing. Paths given that gave no file were named as unmatched already.
                if (clientOptions.Paths == null || clientOptions.Paths.Count > 0)
                    ChosenWithoutInput(DiagnosisCheck.Client, read > 0 ? "no Teleport entry in the MCP client configurations read" : "no MCP client configuration was found");
                return;
            }
            _context.Inputs.Add(what + (unusable.Count > 0 ? " (" + unusable.Count + " did not parse)" : "") +
                                " and the tsh session: " + (_items.Count - before) + " finding(s)");
        }

        /// <summary>Static checks for every selected MCP app, and the live probe with Launch; returns the probed tool names per app.</summary>
        private Dictionary<string, string[]> CheckApps(List<App> apps, ClusterInput cluster, User? user)
        {
            var tools = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (!_options.Runs(DiagnosisCheck.App))
            {
                _context.Skipped.Add(DiagnosisOptions.NotSelected("MCP server definitions" + (_options.Launch ? " and the probe" : "")));
                return tools;
            }
            if (apps.Count == 0)
            {
                _context.Skipped.Add("MCP server definitions: no MCP app in the cluster export or teleport.yaml");
                ChosenWithoutInput(DiagnosisCheck.App, "there is no MCP app to check");
                return tools;
            }
            if (_options.CheckAppsElsewhere != null) return CheckAppsElsewhere(apps);
            int index = 0, examined = 0;
            var passedOver = new List<KeyValuePair<App, string>>();
            var examinedNames = new HashSet<string>(StringComparer.Ordinal);
            // Each definition of the apps chosen once, with every agent that serves it (the app resource and the app_servers
            // carry one definition); an agent serving another definition is its own test.
            var chosen = new HashSet<string>(apps.Select(a => a.Name ?? ""), StringComparer.Ordinal);
            var definitions = AppDefinitions.Of(cluster.Apps.Where(a => chosen.Contains(a.Name ?? "")));
            foreach (var definition in definitions)
            {
                var app = definition.App;
                _cancel.ThrowIfCancellationRequested();
                string what = (_options.Launch ? "Launching" : "Checking") + " MCP server " + (++index) + " of " + definitions.Count + ": " + app.Name;
                int percent = 30 + 30 * (index - 1) / definitions.Count;
                _options.Progress(what, percent);
                // Without Launch the diagnosis stays off the network: no TCP connect to remote MCP servers either.
                // The one selected user's traits fill header templates of http/sse apps (as the App Service would for that user).
                var outcome = AppTest.Run(app, new AppTestOptions
                {
                    Environment = _options.Environment, Launch = _options.Launch, TimeoutSec = _options.TimeoutSec, CheckReachable = _options.Launch, User = user, Definition = definition,
                    Agents = cluster.All.OfType<AppServiceAgent>(),
                    Caller = _options.Caller,
                    // No AppAuthConfigs: their verdict is one finding for the run (AppAuthConfigSelection below), not one per app.
                    // The probe's stages, on this thread (the probe calls back where it waits).
                    Progress = stage => (_options.ProbeProgress ?? _options.Progress)(Output.OutputText.Labelled(what, stage), percent),
                }, _cancel);
                _items.AddRange(DiagnosisRules.FromAppChecks(app, outcome.Checks));
                if (outcome.Examined)
                {
                    examined++;
                    examinedNames.Add(app.Name ?? "");
                }
                // A web app named with -App: its checks had nothing to check, so it is not examined (not a pass).
                else passedOver.Add(new KeyValuePair<App, string>(app, outcome.NotExaminedReason ?? ""));
                if (outcome.Probe == null) continue;
                _items.AddRange(DiagnosisRules.FromProbe(outcome.Probe));
                if (outcome.Probe.Tool.Length > 0) tools[app.Name ?? ""] = outcome.Probe.Tool;
            }
            // One line for the run, not one per app: the selection is unknown alike for every MCP app examined.
            if (examined > 0 && DiagnosisRules.AppAuthConfigSelection(cluster.AppAuthConfigs, examinedNames) is { } selection) _items.Add(selection);
            // A name with another definition that was examined is not passed over.
            passedOver.RemoveAll(kv => examinedNames.Contains(kv.Key.Name ?? ""));
            NoteAppsExamined(examined, passedOver, examined + " MCP server definition(s), checked against this host" + (_options.Launch ? ", and launched" : " (not launched: add -Launch to probe them)"),
                NoMcpServer);
            return tools;
        }

        private const string NoMcpServer = "no app selected is an MCP server";

        /// <summary>
        /// What the app checks examined, on this host or on the App Service hosts, by one rule (AppTestOutcome.Examined):
        /// an app whose checks were all Skipped (a web app named with -App) is listed as not examined with why, an -App name
        /// that chose only such apps found no MCP server, and only what was examined counts; a chosen -Check App that
        /// examined nothing matched nothing.
        /// </summary>
        private void NoteAppsExamined(int examined, List<KeyValuePair<App, string>> passedOver, string inputLine, string nothingExamined)
        {
            foreach (var kv in passedOver) _context.Skipped.Add(Output.OutputText.Labelled("app " + kv.Key.Name, kv.Value));
            // By name: the copy checked (the definition as written) need not be the copy a name chose (the heartbeat).
            var over = new HashSet<string>(passedOver.Select(kv => kv.Key.Name ?? ""), StringComparer.Ordinal);
            foreach (var named in _appsByName.Where(kv => kv.Value.Count > 0 && kv.Value.All(a => over.Contains(a.Name ?? ""))))
                _context.Note(_context.Unmatched, "MCP app " + named.Key + " (" + Output.OutputText.Labelled(ListText.Join(", ", named.Value.Select(a => a.Name).Distinct()), "not an MCP server, nothing to check") + ")", named.Key);
            _context.ExaminedCount += examined;
            if (examined > 0) _context.Inputs.Add(inputLine);
            else ChosenWithoutInput(DiagnosisCheck.App, nothingExamined);
        }

        /// <summary>Who serves each MCP app (teleport.yaml of the App Service hosts, app_servers): apps served by nobody, missing heartbeats, discovered apps without an MCP URI.</summary>
        private void CheckServing(ClusterInput cluster)
        {
            // Who serves an app is part of the server definitions (-Check App).
            if (!_options.Runs(DiagnosisCheck.App))
            {
                _context.Skipped.Add(DiagnosisOptions.NotSelected("serving map"));
                return;
            }
            var findings = ServingFindings.From(cluster.All, _appNames, out int rows);
            if (findings == null)
            {
                _context.Skipped.Add("serving map: no App Service teleport.yaml and no 'tctl get app_servers' export in -ClusterPath");
                return;
            }
            _items.AddRange(findings);
            if (rows == 0)
            {
                _context.Skipped.Add("serving map: no MCP app among the apps the App Service configurations and app_servers serve");
                return;
            }
            _context.ExaminedCount += rows;
            _context.Inputs.Add("serving map of " + rows + " MCP app(s): " + findings.Count + " finding(s)");
        }

        /// <summary>
        /// The app checks on the App Service hosts (-HostName, -Session), taken as this host's are (NoteAppsExamined): an
        /// app only Skipped on every host is not examined, and only hosts where a check that is not Skipped ran count. An
        /// app a host reached sent no check of was not examined there (the host's error said why), so the answer cannot
        /// pass, as Test-TeleportMcpApp's (HostCheckRun.Serves).
        /// </summary>
        private Dictionary<string, string[]> CheckAppsElsewhere(List<App> apps)
        {
            var remote = _options.CheckAppsElsewhere!(apps); // called only when set (CheckApps)
            _items.AddRange(remote.Findings);
            // Each entry's target is the bare host name, its label the message's (review 329 point 5, as the other gate entries).
            foreach (var line in remote.NotChecked) _context.Note(_context.Unread, line, remote.HostOf.TryGetValue(line, out var host) ? host : null);
            var passedOver = apps.Where(a => remote.PassedOver.ContainsKey(a.Name ?? ""))
                .Select(a => new KeyValuePair<App, string>(a, remote.PassedOver[a.Name ?? ""])).ToList();
            // Why nothing was examined there, unless each app's own line says it (only Skipped checks: not an MCP server).
            if (remote.Examined == 0 && passedOver.Count < apps.Count) _context.Skipped.Add("MCP server definitions: " + remote.Summary);
            NoteAppsExamined(remote.Examined, passedOver, remote.Summary ?? "",
                passedOver.Count == apps.Count ? NoMcpServer : "no App Service host examined an app");
            return remote.Tools;
        }

        private void CheckRoles(ClusterInput cluster, List<User> users, List<App> apps, Dictionary<string, string[]> probedTools)
        {
            var roles = cluster.Roles;
            // A web app named with -App has no MCP tools to decide on (api/types/app.go IsAppMCP): it is no MCP server here either.
            apps = apps.Where(a => a.IsMcp).ToList();
            if (!_options.Runs(DiagnosisCheck.Role))
            {
                _context.Skipped.Add(DiagnosisOptions.NotSelected("role decisions and the role lint"));
                return;
            }
            if (roles.Count == 0 || users.Count == 0 || apps.Count == 0)
            {
                _context.Skipped.Add("role decisions: they need roles, users and MCP apps from -ClusterPath");
                ChosenWithoutInput(DiagnosisCheck.Role, "there are no roles, users and MCP apps to decide on");
                if (roles.Count > 0) Lint(roles, cluster.Users, cluster.Apps);
                return;
            }
            // -Tool given and every item refused (Test-TeleportMcpRole's NoToolLeft rule): nothing is decided, so nothing counts as examined.
            if (_options.Tools is { Count: 0 })
            {
                _context.Skipped.Add("role decisions: no tool was decided, every -Tool item was refused (the errors above)");
                Lint(roles, cluster.Users, cluster.Apps);
                return;
            }
            bool trace = _options.TraceVerbose || _options.TraceDebug;
            var session = new McpAccessSession(roles, cluster.Apps, cluster.ScopedAssignments);
            session.Prepare(users, (u, prepared) =>
            {
                foreach (var missing in prepared.MissingRoles)
                {
                    _options.Warning("user " + u.Name + " names role " + missing + ", which is not in the cluster export; Teleport decides with every role of a user, so each decision no role given denies is Indeterminate.");
                    // The decisions need it (lib/services/role.go FetchRoleList loads every role of the user): input asked for and not
                    // found. A document that did not read may hold it: that is already the gate's answer (InputUnreadable).
                    if (cluster.Unread.Count == 0) _context.Note(_context.Unmatched, "role " + missing + " that user " + u.Name + " names (not in the cluster export)", missing);
                }
                if (trace) Trace(AccessTrace.ForUser(prepared));
            }, _cancel);
            foreach (var u in users)
            {
                _cancel.ThrowIfCancellationRequested();
                var summaries = new List<KeyValuePair<McpAccessSummary, App>>();
                foreach (var a in apps)
                {
                    if (trace) Trace(session.TraceApp(u, a));
                    var tools = _options.Tools ?? (probedTools.TryGetValue(a.Name ?? "", out var t) ? t : null);
                    if (tools == null)
                    {
                        summaries.Add(new KeyValuePair<McpAccessSummary, App>(session.Summarize(u, a), a));
                        continue;
                    }
                    var decisions = tools.Select(tool => session.Decide(u, a, tool)).ToList();
                    if (_options.TraceVerbose) foreach (var d in decisions) _options.Verbose(AccessTrace.ForDecision(d).Text);
                    _items.AddRange(DiagnosisRules.FromDecisions(decisions));
                }
                if (summaries.Count > 0) _items.AddRange(DiagnosisRules.FromSummaries(u.Name, summaries));
            }
            _context.ExaminedCount += users.Count * apps.Count;
            _context.Inputs.Add("Teleport's MCP decisions for " + users.Count + " user(s) on " + apps.Count + " MCP server(s)" +
                                (_options.Tools != null ? " and " + _options.Tools.Count + " tool(s)" : probedTools.Count > 0 ? " and the probed tools" : ""));
            Lint(roles, cluster.Users, cluster.Apps);
        }

        /// <summary>The role lint: a check of its own on the roles read, counted as examined.</summary>
        private void Lint(List<Role> roles, List<User> users, List<App> apps)
        {
            var findings = DiagnosisRules.FromLint(RoleLinter.Lint(roles, users, apps)).ToList();
            _items.AddRange(findings);
            _context.ExaminedCount += roles.Count;
            _context.Inputs.Add("role lint of " + roles.Count + " role(s): " + findings.Count + " finding(s)");
        }

        /// <summary>A check -Check named that has nothing to examine: a request that matched nothing (the gate answers false).</summary>
        private void ChosenWithoutInput(DiagnosisCheck check, string missing)
        {
            if (_options.Chose(check)) _context.Unmatched.Add(DiagnosisOptions.ChosenWithoutInput(check, missing));
        }

        private void Trace(IEnumerable<TraceLine> lines)
        {
            foreach (var l in lines)
            {
                if (l.Level == TraceLevel.Debug) _options.Debug(l.Text);
                else _options.Verbose(l.Text);
            }
        }

        private void ScanLogs()
        {
            if (!_options.Runs(DiagnosisCheck.Log))
            {
                _context.Skipped.Add(DiagnosisOptions.NotSelected("logs"));
                return;
            }
            if (!Given(_options.LogPath, _options.LiteralLogPath))
            {
                _context.Skipped.Add("logs: no -LogPath (App Service log, MCP client logs, tsh output)");
                ChosenWithoutInput(DiagnosisCheck.Log, "there is no -LogPath to read");
                return;
            }
            var files = Resolve("-LogPath", _options.LogPath, _options.LiteralLogPath, LogFiles.Folders);
            var (lines, findings, withLines, empty, blank) = ScanFiles(files, "Scanning logs: ", "log file");
            if (files.Count == 0) _context.Skipped.Add("logs: -LogPath named no log file");
            else if (withLines > 0) _context.Inputs.Add(withLines + " log file(s), " + lines + " line(s): " + findings + " known failure(s)");
            // Only empty files: chosen and nothing to read (a path that gave no file, or a file not read, is named already).
            // A file counted as empty that had lines (blank, control or format characters, ANSI codes only) was read: say so.
            if (withLines == 0 && empty > 0) ChosenWithoutInput(DiagnosisCheck.Log, blank > 0 ? "no log line with text was read" : "no log line was read");
            _context.ExaminedCount += withLines;
        }

        /// <summary>Failed MCP audit events: the only server-side record of a denied tool call (2:A6).</summary>
        private void ScanAudit()
        {
            if (!_options.Runs(DiagnosisCheck.Audit))
            {
                _context.Skipped.Add(DiagnosisOptions.NotSelected("audit events"));
                return;
            }
            if (!Given(_options.AuditPath, _options.LiteralAuditPath))
            {
                _context.Skipped.Add("audit events: no -AuditPath (the Auth Service's audit log holds the only record of a denied tool call)");
                ChosenWithoutInput(DiagnosisCheck.Audit, "there is no -AuditPath to read");
                return;
            }
            var files = Resolve("-AuditPath", _options.AuditPath, _options.LiteralAuditPath, Audit.AuditEventQuery.Folders);
            var (lines, findings, withLines, empty, _) = ScanFiles(files, "Reading audit events: ", "audit log", audit: true);
            if (files.Count == 0) _context.Skipped.Add("audit events: -AuditPath named no file");
            else if (withLines > 0) _context.Inputs.Add(withLines + " audit log file(s), " + lines + " line(s): " + findings + " failed MCP event(s) or known failure(s)");
            if (withLines == 0 && empty > 0) ChosenWithoutInput(DiagnosisCheck.Audit, "no MCP audit event was read");
            _context.ExaminedCount += withLines;
        }

        /// <summary>
        /// Log files and audit logs go through the same scan: known log failures and failed MCP audit events, merged per
        /// failure (bounded). A file that held no line examined nothing: it is listed as not examined, and only the files
        /// with lines count (WithLines); Empty counts the files read that held none, Blank those of them that had lines (without text). An audit log examined something only when
        /// it held MCP events; its lines that are not JSON events are Get-TeleportMcpAuditEvent's MalformedAuditEvent error
        /// and leave the file not fully read (a text log given as -AuditPath, an event with a trailing comma).
        /// </summary>
        private (long Lines, int Findings, int WithLines, int Empty, int Blank) ScanFiles(List<string> files, string activity, string what, bool audit = false)
        {
            int withLines = 0, empty = 0, blank = 0;
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            // A known error whose pattern timed out was not looked for in the rest of the lines: not all was examined.
            catalog.PatternTimedOut = e =>
            {
                _context.Note(_context.Unread, e.Code + ": " + e.Message, e.Location?.Path);
                _options.Error(e);
            };
            // A known error left Indeterminate on a line too long to read whole: that line was not fully examined.
            catalog.PatternUndecided = catalog.PatternTimedOut;
            int findings = 0;
            var merged = new LogDiagnoses();
            AuditReadSummary? read = null;
            // An audit file's known errors (an app.session.target.dial.denied event, TMCP-LOG-156) are evidence read from it.
            long fileFindings = 0;
            long lines = LogFiles.Scan(catalog, files, f =>
            {
                fileFindings++;
                // With Apps or Users, lines that name another app or user are not about this problem.
                if (_appNames != null && f.App != null && !_appNames.Any(a => ClientEntryName.Names(f.App, a))) return;
                if (_userNames != null && f.User != null && !_userNames.Contains(f.User)) return;
                findings++;
                AppAuthConfigLinks.Link(f, _appAuthConfigs);
                var item = merged.Add(f);
                if (item != null) _items.Add(item);
            }, failure =>
            {
                // A file whose read failed gets no fileDone: its findings are not the next file's.
                fileFindings = 0;
                var error = failure.ToInputException();
                _context.Note(_context.Unread, error.Target + " (" + error.Code + ")", error.Target);
                _options.Error(error);
            }, _cancel, fileDone: (file, count, text) =>
            {
                long found = fileFindings;
                fileFindings = 0;
                if (audit && read != null)
                {
                    if (read.Malformed > 0)
                    {
                        var error = Audit.AuditEventQuery.MalformedLines(read);
                        _context.Note(_context.Unread, Output.OutputText.Labelled(what + " " + file, read.Malformed + " line(s) not audit events (" + error.Code + ")"), file);
                        _options.Error(error);
                    }
                    if (read.TruncatedAtLine > 0)
                        _options.Warning(file + ":" + read.TruncatedAtLine + ": the input ends inside this event (a log still being written?); it was skipped.");
                    if (read.Events == 0 && found == 0 && count > 0)
                    {
                        empty++;
                        _context.Skipped.Add(Output.OutputText.Labelled(what + " " + file, "no MCP audit event (" + Audit.AuditEventQuery.EventTypes + ") in " + count + " line(s)"));
                        return;
                    }
                }
                // Blank lines (or NUL padding) only are nothing examined, as an empty file: no -Quiet pass on them.
                if (count > 0 && (text || found > 0)) withLines++;
                else
                {
                    empty++;
                    if (count > 0) blank++;
                    _context.Skipped.Add(Output.OutputText.Labelled(what + " " + file, count == 0 ? "no line in it" : "no text in its " + count + " line(s)"));
                }
            },
                progress: (file, done, length) => _options.ProgressBytes(activity + Path.GetFileName(file), done, length),
                auditDone: (file, summary) => read = summary);
            _cancel.ThrowIfCancellationRequested();
            return (lines, findings, withLines, empty, blank);
        }
    }
}
