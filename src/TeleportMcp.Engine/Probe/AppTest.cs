using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Serving;

namespace TeleportMcp.Engine.Probe
{
    public sealed class AppTestOptions
    {
        /// <summary>Variables of the Teleport process that override this one's (null value: unset).</summary>
        public IDictionary<string, string>? Environment { get; set; }

        /// <summary>Start the server (stdio) or connect to it (http/sse) and run the MCP handshake.</summary>
        public bool Launch { get; set; }

        public int TimeoutSec { get; set; } = 30;

        /// <summary>Whether the static checks may open a TCP connection to a remote server's port.</summary>
        public bool CheckReachable { get; set; } = true;

        /// <summary>Fetch an https upstream's certificate without Launch (Launch always does, when CheckReachable allows).</summary>
        public bool CheckTls { get; set; }

        /// <summary>The parameters of the cmdlet the run is for: a text names only what its user can give (<see cref="CallerParameters"/>).</summary>
        public CallerParameters Caller { get; set; } = CallerParameters.None;

        /// <summary>The user whose traits fill header templates of http/sse apps; null when none.</summary>
        public User? User { get; set; }

        /// <summary>The live probe's stage as it goes (starting, initialize, tools/list, tool count), on the caller's thread.</summary>
        public Action<string>? Progress { get; set; }

        /// <summary>Headers the admin supplies (-Header), replacing rewrite entries of the same name.</summary>
        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>The definition the app is the tested copy of, with its agents (<see cref="AppDefinitions"/>); null: the app alone.</summary>
        public AppDefinition? Definition { get; set; }

        /// <summary>The serving map's row of the app, when a teleport.yaml given sets a target host policy; null otherwise.</summary>
        public AppServing? Serving { get; set; }

        /// <summary>The app_auth_configs read beside the apps (remote MCP clients' JWT sign-in); null or empty when none.</summary>
        public IReadOnlyCollection<AppAuthConfig>? AppAuthConfigs { get; set; }

        /// <summary>The App Service hosts read (teleport.yaml): an app only a host Teleport does not start would serve is not probed. Null: none known.</summary>
        public IEnumerable<AppServiceAgent>? Agents { get; set; }
    }

    public sealed class AppTestOutcome
    {
        public List<AppCheck> Checks { get; } = new List<AppCheck>();

        /// <summary>The live probe; null without Launch or for an app that is not an MCP server.</summary>
        public ProbeResult? Probe { get; set; }

        /// <summary>
        /// What Test-TeleportMcpApp writes: the checks; with a live probe, the probe result alone (it carries the checks),
        /// so that Test-TeleportMcpApp -Launch | Test-TeleportMcpRole binds App and Tool without stray AppCheck objects,
        /// and each failing or warning check is said as a warning, the others as detail.
        /// </summary>
        public void Write(string? app, Action<AppCheck> check, Action<ProbeResult> probe, Action<string> warning, Action<string> verbose)
        {
            if (check == null) throw new ArgumentNullException(nameof(check));
            if (probe == null) throw new ArgumentNullException(nameof(probe));
            if (warning == null) throw new ArgumentNullException(nameof(warning));
            if (verbose == null) throw new ArgumentNullException(nameof(verbose));
            if (Probe == null)
            {
                foreach (var c in Checks) check(c);
                return;
            }
            foreach (var c in Checks)
            {
                if (c.Status == CheckStatus.Fail || c.Status == CheckStatus.Warn) warning(OutputText.Labelled(app, OutputText.Labelled(c.Check, c.Message)));
                else verbose(OutputText.Labelled(app, c.ToString()));
            }
            probe(Probe);
        }

        /// <summary>
        /// Whether any check or the probe examined the app: an app that is not an MCP server gets only a Skipped check
        /// (nothing to check), and a verdict on it would be green about nothing.
        /// </summary>
        public bool Examined => Checks.Any(Examines) || (Probe != null && Probe.Status != CheckStatus.Skipped);

        /// <summary>Whether a check examined something: every status but Skipped (here, and in a remote host's checks, where the probe is one check too).</summary>
        public static bool Examines(AppCheck check) => check != null && check.Status != CheckStatus.Skipped;

        /// <summary>Why nothing was examined (the skipped checks' messages), for the error or report line that names the app; null when something was.</summary>
        public string? NotExaminedReason => Examined ? null : ListText.Join("; ", Checks.Select(c => c.Message).Concat(Probe == null ? Enumerable.Empty<string>() : new[] { Probe.Message ?? "" }).Where(m => m.Length > 0));

        /// <summary>
        /// Indeterminate is not a pass: the probe could not get past authentication, or a check the launch depends on
        /// (a host user getent did not answer for) could not be answered. Nothing examined is not a pass either.
        /// </summary>
        public bool Passed => Examined && Checks.All(c => c.Status != CheckStatus.Fail && !(c.Status == CheckStatus.Indeterminate && c.BlocksSpawn)) &&
                              (Probe == null || (Probe.Status != CheckStatus.Fail && Probe.Status != CheckStatus.Indeterminate));
    }

    /// <summary>Test-TeleportMcpApp's use case: the static checks of one app and, when asked, the live probe.</summary>
    public static class AppTest
    {
        /// <summary>
        /// The checks say where the definition was read and which agents serve it; a definition that differs from another
        /// given for the same name says so first (a Warn: an agent serves another definition than the resource, or a
        /// teleport.yaml entry shares the name), when the app has something to check at all.
        /// </summary>
        private static void Describe(List<AppCheck> checks, App app, AppDefinition? definition)
        {
            var servedBy = AppDefinitions.Hosts(definition?.Copies ?? new List<App> { app }).ToArray();
            string source = app.Source ?? SourceLocation.Pipeline;
            if (definition != null && definition.DiffersIn.Count > 0 && checks.Any(AppTestOutcome.Examines))
                checks.Insert(0, new AppCheck(app.Name, "Definition", CheckStatus.Warn,
                    "the app is given with more than one definition: this one (" + source + (servedBy.Length == 0 ? "" : ", served by " + ListText.Join(", ", servedBy)) +
                    ") differs from the one at " + definition.ComparedWith + " in " + ListText.Join(", ", definition.DiffersIn) + "; each is tested",
                    "Compare tctl get app/" + app.Name + " with tctl get app_servers: an agent that serves an older definition has not seen the change (check its app_service.resources selector and its logs); a teleport.yaml entry and an app resource should not share a name."));
            foreach (var c in checks)
            {
                c.Source = source;
                c.ServedBy = servedBy;
            }
        }

        public static AppTestOutcome Run(App app, AppTestOptions options, CancellationToken ct)
        {
            // An App this module wrote earlier reaches here as the cluster input read it back (ClusterInput.AsRead): checked
            // and launched with the values it was read with, while the caller's object keeps the redacted ones.
            // The helper programs of the checks (stat, getent, id) end at the stop too.
            var platform = HostPlatform.Current.StopWith(ct);
            // An app no App Service serves, since Teleport refuses the teleport.yaml that defines it, is checked offline only: no
            // connection, no TLS handshake, no launch (only what the admin chose and what Teleport would serve is reached).
            var notStarted = options.Agents == null ? null : ServingMap.NotStartedReason(options.Definition?.Copies ?? new List<App> { app }, options.Agents);
            bool launch = options.Launch && notStarted == null;
            bool reach = options.CheckReachable && notStarted == null;
            // The probe's connection is opened first: the upstream accepts it while the static checks run.
            using var early = launch && reach && (app.Transport == McpTransport.Http || app.Transport == McpTransport.Sse)
                ? EarlyConnection.Start(app) : null;
            var report = StaticChecks.Run(app, new StaticCheckOptions
            {
                Platform = platform,
                Environment = options.Environment,
                ConnectTimeoutMs = Math.Min(3000, options.TimeoutSec * 1000),
                CheckReachable = reach,
                // The TLS handshake leaves this machine like the probe does: only with Launch or CheckTls.
                CheckTls = reach && (launch || options.CheckTls),
                ReachableFromProbe = launch,
                UserName = options.User?.Name,
                UserTraits = options.User?.TraitMap,
                SuppliedHeaders = options.Headers,
                Servers = options.Definition?.Servers,
                Caller = options.Caller,
            });
            if (report.IsMcp && options.Serving != null) TargetHostCheck(app, options.Serving, report.Results);
            if (report.IsMcp && notStarted != null)
                report.Results.Add(new AppCheck(app.Name, "AppService", CheckStatus.Fail,
                    notStarted + "; no App Service serves the app" + (options.Launch ? ", so it is not probed" : ""),
                    "Fix what Teleport refuses in that teleport.yaml and restart Teleport; then test the app again.") { BlocksSpawn = true });
            // An MCP app a remote client may reach with a JWT: no release has app_auth_config, and on the master build that had
            // it, which configs select the app is Indeterminate (AppAuthConfigRules).
            if (report.IsMcp && AppAuthConfigRules.SelectionUnknown(options.AppAuthConfigs) is { } selection)
            {
                var (status, text, fix) = AppAuthConfigRules.SelectionVerdict(selection);
                report.Results.Add(new AppCheck(app.Name, AppAuthConfigRules.SelectionCheck, status, text, fix));
            }
            Describe(report.Results, app, options.Definition);
            var outcome = new AppTestOutcome();
            outcome.Checks.AddRange(report.Results);
            foreach (var c in outcome.Checks) c.User = options.User?.Name;
            if (!options.Launch || !report.IsMcp) return outcome;

            var probeOptions = new ProbeOptions { TimeoutSec = options.TimeoutSec, Progress = options.Progress, Platform = platform, Early = early };
            ProbeResult probe;
            if (app.Transport == McpTransport.Stdio)
            {
                probe = StaticChecks.BuiltInServer(app) is string builtIn
                    ? new ProbeResult { App = app, AppName = app.Name, Transport = McpTransport.Stdio, Status = CheckStatus.Skipped, Message = builtIn + " runs inside the App Service; there is nothing to launch" }
                    : StdioProbe.Run(report, probeOptions, ct);
            }
            else
            {
                probe = HttpProbe.Run(report, probeOptions, ct, out var seen);
                int connectMs = Math.Min(3000, options.TimeoutSec * 1000);
                // Through a proxy the handshake is the upstream's, but the connection is the proxy's: the checks connect themselves.
                if (report.Endpoint == null || !HttpProbe.GoesDirect(report.Endpoint)) seen = null;
                string? dialError = null;
                if (report.ReachablePending >= 0 && report.Endpoint != null)
                {
                    // The probe's connection answered the TCP question (an answer, or a TLS handshake even if refused); when it
                    // said nothing either way (not run, timed out before connecting), a connect of its own does.
                    dialError = probe.UpstreamAnswered || seen != null ? null
                        : probe.UpstreamDialError ?? TcpDial.Probe(report.Endpoint.Host, report.Endpoint.Port, connectMs);
                    outcome.Checks[report.ReachablePending] = StaticChecks.ReachableCheck(app, report.Endpoint, dialError);
                }
                if (report.TlsPending >= 0 && report.Endpoint != null && report.UpstreamTls != null)
                    outcome.Checks[report.TlsPending] = TlsCheck(app, report.Endpoint, report.UpstreamTls, seen, dialError, connectMs);
            }
            // Before anything reads the result (the diagnosis, its report, the output): a server may echo what it was sent.
            ProbeSecrets.Mask(probe, ProbeSecrets.Of(report));
            // The Reachable check may have been replaced by the probe's answer: every check names the user.
            foreach (var c in outcome.Checks) c.User = options.User?.Name;
            probe.User = options.User?.Name;
            probe.Checks.AddRange(outcome.Checks);
            outcome.Probe = probe;
            return outcome;
        }

        /// <summary>
        /// What the target host policies of the hosts that serve the app do to its address (the serving map's decision,
        /// lib/srv/app/common/target_host_dialer.go). The probe connects from this computer, so it cannot see the refusal.
        /// </summary>
        private static void TargetHostCheck(App app, AppServing row, List<AppCheck> checks)
        {
            var policy = ServingMap.TargetPolicyHosts.Of(row);
            if (policy.Restricted.Count == 0) return;
            string Details(IEnumerable<ServingHost> hosts) => ListText.Join("; ", hosts.Select(h => h.TargetHostDetail));
            var denied = policy.Denied;
            var unknown = policy.Unknown;
            const string Refusal = "\"application target host ... is not permitted by app_service target host policy\"";
            if (row.Status == ServingStatus.TargetHostDenied)
                checks.Add(new AppCheck(app.Name, "TargetHost", CheckStatus.Fail,
                    "every App Service that serves the app refuses its address with its target host policy (" + Details(denied) + "): each request fails with " + Refusal + ", whatever this computer reaches", row.Fix));
            else if (denied.Count > 0)
                checks.Add(new AppCheck(app.Name, "TargetHost", CheckStatus.Warn,
                    "some App Services that serve the app refuse its address with their target host policy (" + Details(denied) + "): Teleport picks an agent at random for each connection, so requests routed there fail with " + Refusal, row.Fix));
            else if (unknown.Count > 0)
                checks.Add(new AppCheck(app.Name, "TargetHost", CheckStatus.Indeterminate,
                    "whether the target host policy lets the App Service dial the app depends on what its host name resolves to there (" + Details(unknown) + ")",
                    "Run 'getent ahosts " + ServingMap.UriHost(app.Uri) + "' on " + ListText.Join(", ", unknown.Select(h => h.Host)) + " and compare the addresses with the policy."));
            else
                checks.Add(new AppCheck(app.Name, "TargetHost", CheckStatus.Pass, "the target host policy of each App Service that serves the app permits its address (" + Details(policy.Restricted) + ")"));
        }

        /// <summary>
        /// The Tls check from the certificate the probe's own handshake saw; without one (no handshake, or one through a proxy),
        /// a handshake of its own on a new connection.
        /// </summary>
        private static AppCheck TlsCheck(App app, Uri endpoint, UpstreamTlsRule rule, SeenCertificate? seen, string? dialError, int connectMs)
        {
            AppCheck? check = null;
            void Add(string name, CheckStatus status, string message, string? fix, bool blocks) =>
                check = new AppCheck(app.Name ?? "", name, status, message, fix) { BlocksSpawn = blocks };
            if (seen != null) HttpAppChecks.TlsVerdict(app, endpoint, rule, seen, null, Add);
            else if (dialError != null) Add("Tls", CheckStatus.Skipped, "not tried: the port does not answer", null, false);
            else
            {
                using var socket = TcpDial.Connect(endpoint.Host, endpoint.Port, connectMs, out var error);
                if (socket == null) Add("Tls", CheckStatus.Skipped, "not tried: the port does not answer (" + error + ")", null, false);
                else HttpAppChecks.Tls(app, endpoint, rule, socket, connectMs, Add);
            }
            return check!; // each path above adds exactly one Tls check
        }

    }
}

namespace TeleportMcp.Engine.Probe
{
    /// <summary>One test of a call: an app, and the user whose traits fill its header templates (null: none).</summary>
    public sealed class AppTestCase
    {
        public AppTestCase(App app, User? user)
        {
            App = app;
            User = user;
        }

        public AppTestCase(AppDefinition definition, User? user)
            : this((definition ?? throw new ArgumentNullException(nameof(definition))).App, user)
        {
            Definition = definition;
        }

        public App App { get; }
        public User? User { get; }

        /// <summary>The definition tested, with every copy that carries it; null for an app tested on its own.</summary>
        public AppDefinition? Definition { get; }
    }

    /// <summary>
    /// Test-TeleportMcpApp over a whole call: which apps the names select, which users fill header templates, the
    /// apps tested (each for each user), the errors for names that matched nothing or input without apps, and the one
    /// -Quiet answer.
    /// Users: -User on the command line names the users (objects, or names looked up among the users read from the
    /// files and the pipeline); without it, the users piped in (objects, an object's User/UserName property, and the
    /// bare names that <see cref="PipedNames"/> takes as users) are the users. Bare names that are not users name apps.
    /// </summary>
    public sealed class AppTestRun
    {
        private readonly List<User> _pipedUsers = new List<User>();
        private readonly List<string> _pipedUserNames = new List<string>();
        private readonly List<string> _pipedNames = new List<string>();
        private bool _appsPiped;
        private ClusterInput? _cluster;
        private readonly List<string> _seen = new List<string>();
        private readonly HashSet<string> _namesMatched = new HashSet<string>(StringComparer.Ordinal);
        // Each name asked for (-Name, or a piped app name) and the apps it chose: a name whose apps all had nothing to check examined nothing.
        private readonly Dictionary<string, HashSet<string>> _chosenBy = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        // Apps tested that had nothing to check (not MCP servers), with why; and those a check examined.
        private readonly Dictionary<string, string> _passedOver = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly HashSet<string> _examinedApps = new HashSet<string>(StringComparer.Ordinal);
        private int _examined;
        private readonly Dictionary<string, AppTestOptions> _options = new Dictionary<string, AppTestOptions>(StringComparer.Ordinal);
        private List<KeyValuePair<string, string>>? _headers;
        private int _tested;
        private bool _allPassed = true;
        private bool _inputGiven;
        private bool _missing;
        private bool _pathUnmatched;

        /// <summary>
        /// Something given was not read (a piped copy whose properties do not read, reported as that item's error): the
        /// -Quiet answer is false, as for a path that matched nothing, since not everything asked for was examined.
        /// </summary>
        public void NoteUnread() => _pathUnmatched = true;

        /// <summary>A value given that could not be used (refused, or a copy that does not read): reported as that item's error, and the answer is false.</summary>
        public void NoteUnread(TeleportInputException error)
        {
            _pathUnmatched = true;
            Error(error);
        }

        /// <summary>
        /// The apps and users read from the files and the pipeline: the one cluster-input service, with its reader
        /// warnings, its duplicate rule and its not-found wording. The module gives one that reports through the cmdlet;
        /// without it, one reporting through <see cref="Warning"/>, <see cref="Verbose"/> and <see cref="Error"/>.
        /// </summary>
        public ClusterInput Cluster
        {
            get => _cluster ??= new ClusterInput
            {
                Warning = text => Warning(text),
                Verbose = text => Verbose(text),
                Error = d => Error(new TeleportInputException(d.Code, d.Message, d.Location) { LineText = d.LineText, RecommendedAction = d.RecommendedAction }),
                Cancel = Cancel,
            };
            set => _cluster = value ?? throw new ArgumentNullException(nameof(value));
        }

        /// <summary>
        /// -Name: each name as written with its matcher (<see cref="NameSelection"/>'s rule): a wildcard's or an escaped
        /// name's matcher, null for a plain name (matched exactly, case included), <see cref="NameSelection.Refused"/> for a
        /// pattern refused (and reported) where it was parsed. Null = every app.
        /// </summary>
        public IList<KeyValuePair<string, Func<string, bool>?>>? Names { get; set; }

        /// <summary>
        /// How a -User name given on the command line is read (<see cref="NameSelection"/>): the host's wildcard matcher,
        /// or null for a plain name. User names that came with piped objects are data, always plain.
        /// </summary>
        public Func<string, Func<string, bool>?> UserPatternOf { get; set; } = NameSelection.NoPatterns;

        /// <summary>-User as given on the command line: users, and names (or wildcards) looked up among the users read.</summary>
        public List<User> GivenUsers { get; } = new List<User>();
        public List<string> GivenUserNames { get; } = new List<string>();

        /// <summary>-User given as one user (object) on the command line.</summary>
        public User? User
        {
            get => GivenUsers.FirstOrDefault();
            set
            {
                GivenUsers.Clear();
                if (value != null) GivenUsers.Add(value);
            }
        }

        /// <summary>-User given as one name on the command line.</summary>
        public string? UserName
        {
            get => GivenUserNames.FirstOrDefault();
            set
            {
                GivenUserNames.Clear();
                if (value != null) GivenUserNames.Add(value);
            }
        }

        private bool UsersGiven => GivenUsers.Count > 0 || GivenUserNames.Count > 0;

        /// <summary>-Header as written ("Name: value").</summary>
        public IList<string>? Headers { get; set; }

        public IDictionary<string, string>? Environment { get; set; }
        public bool Launch { get; set; }
        public int TimeoutSec { get; set; } = 30;
        /// <summary>The parameters of the cmdlet the run is for: a text names only what its user can give (<see cref="CallerParameters"/>).</summary>
        public CallerParameters Caller { get; set; } = CallerParameters.None;

        public bool CheckTls { get; set; }

        public Action<string> Verbose { get; set; } = _ => { };
        public Action<string> Warning { get; set; } = _ => { };
        public Action<TeleportInputException> Error { get; set; } = _ => { };

        /// <summary>-Launch: the probe's stages of the app being probed (its name, the stage).</summary>
        public Action<string?, string> StageProgress { get; set; } = (_, __) => { };

        /// <summary>Stops reading a resource file (Ctrl+C) within one step, even inside one huge document.</summary>
        public CancellationToken Cancel { get; set; }

        private string? _probing;

        /// <summary>A user given by name may arrive later (pipeline, files): apps are then tested at the end.</summary>
        public bool WaitForUser => GivenUserNames.Count > 0;

        public void NoteInput() => _inputGiven = true;

        /// <summary>
        /// A user piped in (an object, or a property bag of one): with -User on the command line one of the users its
        /// names are looked up in; without, a user the apps are tested for.
        /// </summary>
        public void AddUser(User user)
        {
            _inputGiven = true;
            Cluster.Add(user, fromPipeline: true);
            if (!UsersGiven) _pipedUsers.Add(user);
        }

        /// <summary>An app_auth_config piped in: kept with those the files hold, for the apps' AppAuthConfig check.</summary>
        public void AddAppAuthConfig(AppAuthConfig config)
        {
            _inputGiven = true;
            Cluster.Add(config, fromPipeline: true);
        }

        /// <summary>A user name piped in as an object's User or UserName property: looked up among the users read.</summary>
        public void AddUserName(string name)
        {
            _inputGiven = true;
            if (string.IsNullOrEmpty(name) || UsersGiven) return;
            _pipedUserNames.Add(name);
        }

        /// <summary>A bare string piped in: a user's name or an app's, decided once everything is read (<see cref="PipedNames"/>).</summary>
        public void AddName(string name)
        {
            _inputGiven = true;
            if (string.IsNullOrEmpty(name)) return;
            _pipedNames.Add(name);
        }

        /// <summary>An app piped in; tested by <see cref="Cases"/>.</summary>
        public void AddApp(App app)
        {
            _inputGiven = true;
            _appsPiped = true;
            Cluster.Add(app, fromPipeline: true);
        }

        /// <summary>
        /// A resource piped as tctl writes it (<see cref="InputKind.Document"/>), read by <see cref="ClusterInput.ReadObject"/>:
        /// its apps are piped apps and its users piped users, as if their module objects had been piped; what the reader
        /// refuses is that object's error.
        /// </summary>
        public void AddDocument(IInputObject input)
        {
            _inputGiven = true;
            int before = Cluster.All.Count;
            Cluster.ReadObject(input);
            foreach (var resource in Cluster.All.Skip(before).ToList())
            {
                if (resource is App) _appsPiped = true;
                else if (resource is User user && !UsersGiven) _pipedUsers.Add(user);
            }
        }

        /// <summary>The resource files one path (a file, a folder, a wildcard, a piped file) stands for; see <see cref="ReadPaths"/>.</summary>
        public void AddFiles(IList<string> files) => ReadPaths(new[] { files });

        /// <summary>
        /// Reads the files each -Path/-LiteralPath value resolved to (each value resolved on its own). A value that
        /// matched no file (the path helper has reported it) makes the -Quiet answer false: the run did not read what it
        /// was given. The apps are kept for <see cref="Cases"/>; the users are where names are looked up.
        /// </summary>
        public void ReadPaths(IEnumerable<IList<string>> filesPerPath)
        {
            if (filesPerPath == null) throw new ArgumentNullException(nameof(filesPerPath));
            _inputGiven = true;
            var files = new List<string>();
            foreach (var found in filesPerPath)
            {
                if (found == null || found.Count == 0) _pathUnmatched = true;
                else files.AddRange(found);
            }
            int appsBefore = Cluster.Apps.Count;
            foreach (var file in files)
            {
                int before = Cluster.Apps.Count;
                Cluster.ReadFiles(new[] { file });
                Verbose("Read " + file + ": " + (Cluster.Apps.Count - before) + " app(s)");
            }
            if (files.Count > 0 && Cluster.Apps.Count == appsBefore && Names == null)
                Error(new TeleportNotFoundException(NoAppInInputCode,
                    "No app definition in " + ListText.Join(", ", files) + " (teleport.yaml app_service.apps, kind: app, or tctl get apps output).", files[0]));
        }

        /// <summary>Whether -Name selects the app (every app without -Name).</summary>
        public bool Selected(App app)
        {
            _inputGiven = true;
            _seen.Add(app.Name ?? "");
            if (Names == null) return true;
            bool any = false;
            foreach (var kv in Names)
            {
                if (ReferenceEquals(kv.Value, NameSelection.Refused)) continue;
                if (kv.Value == null ? string.Equals(kv.Key, app.Name ?? "", StringComparison.Ordinal) : kv.Value(app.Name ?? ""))
                {
                    _namesMatched.Add(kv.Key);
                    Chose(kv.Key, app.Name);
                    any = true;
                }
            }
            return any;
        }

        /// <summary>
        /// Everything gathered, as the tests to run: each selected app for each user (with no user when none was
        /// given). Piped names are split into users and apps here; a name or user that matched nothing is an error.
        /// </summary>
        public List<AppTestCase> Cases()
        {
            var split = PipedNames.SplitUsersAndApps(_pipedNames, Cluster.Users.Select(u => u.Name), Cluster.Apps.Select(a => a.Name), UsersGiven, Names != null, "-Name");
            foreach (var note in split.Notes) Verbose(note);
            if (split.Ignored.Count > 0)
                Warning("The piped names " + ListText.Join(", ", split.Ignored) + " were not used: -User and -Name already name the users and the apps.");

            var apps = Cluster.Apps.Where(Selected).ToList();
            if (split.Others.Count > 0)
            {
                // Piped app names choose among the apps read, exactly as written.
                var appNames = new HashSet<string>(apps.Select(a => a.Name ?? ""), StringComparer.Ordinal);
                var wanted = new HashSet<string>(split.Others, StringComparer.Ordinal);
                foreach (var name in split.Others.Where(appNames.Contains)) Chose(name, name);
                foreach (var name in split.Others.Where(n => !appNames.Contains(n)))
                {
                    _missing = true;
                    Error(new TeleportNotFoundException(AppNotFoundCode, Cluster.NotFoundMessage("app", name, Cluster.Apps.Select(a => a.Name)), name)
                        { RecommendedAction = "Pipe the name of an app the files or the pipeline hold, or a user's name known there; add the file that defines it with -Path." });
                }
                apps = apps.Where(a => wanted.Contains(a.Name ?? "")).ToList();
            }

            var users = new List<User>();
            if (UsersGiven)
            {
                users.AddRange(GivenUsers);
                // The cluster input keeps one user per name (the later definition): each name or wildcard selects among those.
                var selector = new NameSelector<User>(Cluster.Users, u => u.Name, UserPatternOf, "user", Cluster.Where, UserNotFoundCode)
                {
                    NotFoundSuffix = UserNotTested,
                    RecommendedAction = UserNotFoundAction,
                };
                foreach (var name in GivenUserNames)
                    if (!selector.Select(name, users, Error)) _missing = true;
            }
            else
            {
                // Users that arrive with apps in one pipeline are a cluster export (Import-TeleportResource dir |
                // Test-TeleportMcpApp): they are where names are looked up, not each a run of every app.
                if (_appsPiped && _pipedUsers.Count > 0)
                    Verbose("The " + _pipedUsers.Count + " user(s) piped in with the apps are the users names are looked up in; "
                        + "name one with -User (or pipe only users) to test the apps for it.");
                else users.AddRange(_pipedUsers);
                foreach (var name in _pipedUserNames.Concat(split.Users)) AddKnown(users, name);
            }
            users = users.GroupBy(u => u.Name ?? "", StringComparer.Ordinal).Select(g => g.Last()).ToList();
            if (users.Count == 0 && (UsersGiven || _pipedUserNames.Count > 0) && apps.Count > 0)
                Verbose("No user found: the header templates are checked without a user.");
            if (users.Count > 0)
                Verbose("Testing " + apps.Count + " app(s) for each of the users " + ListText.Join(", ", users.Select(u => u.Name)) + ".");
            var cases = new List<AppTestCase>();
            // The app resource and each agent's app_server carry one definition: it is tested once, with all its agents.
            foreach (var definition in AppDefinitions.Of(apps))
            {
                if (users.Count == 0) cases.Add(new AppTestCase(definition, null));
                else foreach (var u in users) cases.Add(new AppTestCase(definition, u));
            }
            return cases;
        }

        /// <summary>The users of the case list that came from the pipeline or -User, for a check that cannot take users (remote hosts).</summary>
        public bool HasUsers => UsersGiven || _pipedUsers.Count > 0 || _pipedUserNames.Count > 0;

        private void AddKnown(List<User> users, string name)
        {
            // The cluster input's duplicate rule decided which definition of a name is the user (the later one, with a warning).
            var known = Cluster.FindUser(name);
            if (known != null)
            {
                users.Add(known);
                return;
            }
            _missing = true;
            Error(new TeleportNotFoundException(UserNotFoundCode, Cluster.NotFoundMessage("user", name, Cluster.Users.Select(x => x.Name)) + UserNotTested, name)
                { RecommendedAction = UserNotFoundAction });
        }

        /// <summary>The id of the error that says the call tested nothing, or that the names given chose only apps with nothing to check: the run's own verdict.</summary>
        public const string NothingExaminedCode = "NothingExamined";

        /// <summary>The id of the error that says an app name given (-Name, piped) matched no app read.</summary>
        public const string AppNotFoundCode = "AppNotFound";

        /// <summary>The id of the error that says a user name given matched no user read.</summary>
        public const string UserNotFoundCode = "UserNotFound";

        /// <summary>The id of the error that says the files read held no app definition.</summary>
        public const string NoAppInInputCode = "NoAppInInput";

        /// <summary>
        /// The ids of the errors that are this run's verdict on what it examined (nothing, or the names given matched nothing
        /// read), not a failure of something it read or ran. Run on an App Service host, they are that host's verdict, which
        /// this computer's gate gives once for the whole run (<see cref="Fleet.FleetRun.Failed"/>).
        /// </summary>
        public static IReadOnlyCollection<string> VerdictCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
        {
            NothingExaminedCode, AppNotFoundCode, UserNotFoundCode, NoAppInInputCode,
        };

        private const string UserNotTested = " The apps are not tested for this user.";
        private const string UserNotFoundAction = "Add the cluster export holding the user to -Path, pipe it in, or pass a TeleportMcp.User.";

        private List<AppServing>? _serving;
        private int _servingBuiltFrom = -1;

        // The serving map of what was read, built again only when more was read; only where a target host policy is set.
        private AppServing? ServingRow(App app)
        {
            var all = Cluster.All;
            if (!all.OfType<AppServiceAgent>().Any(a => a.TargetPolicy != null)) return null;
            if (_serving == null || _servingBuiltFrom != all.Count)
            {
                _serving = ServingMap.Build(all);
                _servingBuiltFrom = all.Count;
            }
            return _serving.FirstOrDefault(r => string.Equals(r.App, app.Name, StringComparison.Ordinal));
        }

        public AppTestOutcome Test(App app, CancellationToken cancel) => Test(app, User, cancel);

        public AppTestOutcome Test(App app, User? user, CancellationToken cancel) => Test(new AppTestCase(app, user), cancel);

        /// <summary>Tests one app (one definition, with the agents that serve it) for one user.</summary>
        public AppTestOutcome Test(AppTestCase testCase, CancellationToken cancel)
        {
            if (testCase == null) throw new ArgumentNullException(nameof(testCase));
            var app = testCase.App;
            var user = testCase.User;
            Verbose("Checking app " + app.Name + (user != null ? " for user " + user.Name : "") + (Launch ? " (launching it, timeout " + TimeoutSec + " s)" : ""));
            AppTestOutcome outcome;
            _probing = app.Name;
            try
            {
                var options = Options(user);
                options.Definition = testCase.Definition;
                options.Serving = ServingRow(app);
                outcome = AppTest.Run(app, options, cancel);
            }
            catch (OperationCanceledException e) when (!cancel.IsCancellationRequested)
            {
                // Only the caller's token is Ctrl+C. A cancellation from anywhere else (a library's own timer) is this
                // app's failure: counted, said, and the next app is tested.
                _tested++;
                _examined++;
                _allPassed = false;
                throw new TeleportInputException("ProbeFailed", "app " + GoText.Quote(app.Name) + ": the test was cancelled by something other than Ctrl+C: " + e.Message, null, e)
                    { RecommendedAction = "Run the test again; if it recurs, run it with -Verbose and report the message." };
            }
            catch
            {
                _tested++;
                _examined++;
                _allPassed = false;
                throw;
            }
            _tested++;
            if (outcome.Examined)
            {
                _examined++;
                _examinedApps.Add(app.Name ?? "");
                _allPassed &= outcome.Passed;
            }
            // Not an MCP server (only Skipped checks): nothing to check, so not a pass, and not a failure of the apps beside it.
            else _passedOver[app.Name ?? ""] = outcome.NotExaminedReason ?? "";
            return outcome;
        }

        /// <summary>
        /// Apps tested on other hosts (PowerShell remoting), by the rule of this computer's tests: an app is examined on a
        /// host only when a check that is not Skipped ran on it there (<see cref="Fleet.AppOnHosts"/>); a web app's
        /// Skipped check examined nothing (the NothingExamined rule of <see cref="Finish"/>); a host that could not run the
        /// checks, examined nothing, or sent no check of an app (<see cref="HostCheckRun.Serves"/>) makes the answer false.
        /// Returns the one sentence about them ("2 of 3 hosts serve everything; ...") and whether every host passed (the
        /// sentence is then detail, otherwise a warning).
        /// </summary>
        public string RecordElsewhere(IReadOnlyList<HostCheckRun> runs, IList<App> apps, out bool allPassed)
        {
            if (runs == null) throw new ArgumentNullException(nameof(runs));
            if (apps == null) throw new ArgumentNullException(nameof(apps));
            var names = apps.Select(a => a.Name ?? "").Distinct(StringComparer.Ordinal).ToList();
            allPassed = runs.Count > 0 && runs.All(r => r.Serves(names));
            _pendingElsewhere += names.Count;
            foreach (var app in Fleet.AppOnHosts.Of(runs, names))
            {
                _tested += app.Tested.Count;
                _examined += app.ExaminedOn.Count;
                if (app.Examined) _examinedApps.Add(app.App);
                // Not an MCP server on any host (only Skipped checks): not a pass, and said as this computer's test says it.
                else if (app.PassedOver) _passedOver[app.App] = app.NotExaminedReason ?? "";
            }
            _allPassed &= allPassed;
            string sentence = Fleet.FleetSummary.Sentence(runs, apps);
            _elsewhere.Add(sentence);
            return sentence;
        }

        /// <summary>The progress bar's words when an app is launched here: the app, what its probe does, and within what time.</summary>
        public static string Launching(string? app, int timeoutSec) =>
            "Launching " + app + ": initialize, tools/list (timeout " + timeoutSec.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s)";

        /// <summary>The progress bar's words when the apps are launched on the App Service hosts.</summary>
        public static string LaunchingOnHosts(int apps, int timeoutSec) =>
            "Launching " + apps.ToString(System.Globalization.CultureInfo.InvariantCulture) + " app(s) on the App Service hosts (timeout " +
            timeoutSec.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s)";

        /// <summary>The progress bar's words for a stage of an app's probe (starting, initialize, tools/list, the tool count).</summary>
        public static string Stage(string? app, string stage) => OutputText.Labelled(app, stage);

        /// <summary>-User with remote hosts: the host checks run there without a user's traits, so the call is refused; null when fine.</summary>
        public static TeleportArgumentException? NotRemoted(bool remote, bool users) => remote && users
            ? new TeleportArgumentException("ParameterNotRemoted", "-User is not sent to remote hosts: the host checks run there without a user's traits. Test the header templates of http apps on this computer (without -Session, -HostName or -ComputerName).")
            : null;

        private int _pendingElsewhere;

        /// <summary>What <see cref="RecordElsewhere"/> said of the hosts, for the verdict when no host tested an app.</summary>
        private readonly List<string> _elsewhere = new List<string>();

        /// <summary>Names that matched nothing and a call that tested nothing are errors; returns the -Quiet answer.</summary>
        public bool Finish()
        {
            bool unmatched = false;
            if (Names != null)
            {
                // A refused pattern was reported where it was parsed: not again as matching nothing, but nothing was tested for it.
                unmatched |= Names.Any(kv => ReferenceEquals(kv.Value, NameSelection.Refused));
                foreach (var n in Names.Where(kv => !ReferenceEquals(kv.Value, NameSelection.Refused)).Select(kv => kv.Key).Where(n => !_namesMatched.Contains(n)))
                {
                    unmatched = true;
                    // The one rule for a name not found: what was looked for, and where (the files and the pipeline read).
                    Error(new TeleportNotFoundException(AppNotFoundCode, Cluster.NotFoundMessage("app", n, _seen), n)
                        { RecommendedAction = "Check the name (wildcards allowed), or give the file that defines the app." });
                }
            }
            unmatched |= _missing;
            if (_tested == 0 && !unmatched)
                Error(new TeleportNotFoundException(NothingExaminedCode, _pendingElsewhere > 0
                    // The hosts' own verdicts were left to this one: it names each host and what it did not check.
                    ? "No MCP app was tested on the App Service hosts: " + ListText.Join("; ", _elsewhere) + "."
                    : _inputGiven
                    ? "No MCP app was tested: the input held no app definition (teleport.yaml app_service.apps, an app resource, or tctl get apps output)."
                    : "No MCP app was tested: no input was given.", null)
                    {
                        RecommendedAction = _pendingElsewhere > 0
                            ? "Make each host named able to run the checks (reachable over PowerShell remoting, the TeleportMcp module installed there), then run the check again."
                            : "Give -Path teleport.yaml, or pipe Import-TeleportResource output.",
                    });
            bool chosenNotExamined = NotExamined();
            // A document that did not read may hold the app that fails: what was read passing is not a pass.
            bool unread = _cluster != null && _cluster.Unread.Count > 0;
            return Resources.InputPolicy.QuietAnswer(_examined, _allPassed && !unmatched && !_pathUnmatched && !unread && !chosenNotExamined);
        }

        private void Chose(string name, string? app)
        {
            if (!_chosenBy.TryGetValue(name, out var apps)) _chosenBy[name] = apps = new HashSet<string>(StringComparer.Ordinal);
            apps.Add(app ?? "");
        }

        /// <summary>
        /// Apps tested that had nothing to check (web apps: api/types/app.go IsAppMCP needs an mcp+ scheme): when nothing
        /// else was examined, or a name asked for chose only such apps, the error NothingExamined names them and why, and
        /// the answer is false. Beside examined apps of a file or pipeline that asked for no name, each is only said (verbose).
        /// </summary>
        private bool NotExamined()
        {
            if (_passedOver.Count == 0) return false;
            var chosen = _chosenBy.Where(kv => kv.Value.All(_passedOver.ContainsKey) && !kv.Value.Any(_examinedApps.Contains)).Select(kv => kv.Key).ToList();
            var apps = (_examined == 0 ? _passedOver.Keys : chosen.SelectMany(n => _chosenBy[n]).Distinct(StringComparer.Ordinal)).ToList();
            if (apps.Count == 0)
            {
                foreach (var kv in _passedOver) Verbose("Not examined: " + OutputText.Labelled("app " + kv.Key, kv.Value));
                return false;
            }
            var what = ListText.Join("; ", apps.Select(a => OutputText.Labelled(a, _passedOver[a])));
            Error(new TeleportNotFoundException(NothingExaminedCode,
                (_examined == 0 ? "No MCP app was tested, so nothing was examined: " : "Nothing was examined for " + ListText.Join(", ", chosen.Select(n => GoText.Quote(n))) + ": ") + what + ".", null)
            {
                TargetObject = apps.ToArray(),
                RecommendedAction = "Name an MCP app (a URI with mcp+stdio://, mcp+http(s):// or mcp+sse+http(s)://); a web app has no MCP server to check.",
            });
            return true;
        }

        private AppTestOptions Options(User? user)
        {
            string key = user?.Name ?? "";
            if (_options.TryGetValue(key, out var cached) && ReferenceEquals(cached.User, user)) return cached;
            var options = new AppTestOptions { Environment = Environment, Launch = Launch, TimeoutSec = TimeoutSec, CheckTls = CheckTls, User = user, AppAuthConfigs = Cluster.AppAuthConfigs, Agents = Cluster.All.OfType<AppServiceAgent>(), Caller = Caller };
            options.Progress = stage => StageProgress(_probing, stage);
            options.Headers.AddRange(SuppliedHeaders());
            _options[key] = options;
            return options;
        }

        /// <summary>-Header parsed once; a malformed one is one error.</summary>
        private List<KeyValuePair<string, string>> SuppliedHeaders()
        {
            if (_headers != null) return _headers;
            _headers = new List<KeyValuePair<string, string>>();
            foreach (var raw in Headers ?? (IList<string>)Array.Empty<string>())
            {
                if (Resources.HeaderRules.TryParseClientHeader(raw, out var name, out var value, out var error))
                    _headers.Add(new KeyValuePair<string, string>(name, value));
                else
                    Error(new TeleportArgumentException("InvalidHeader", "-Header: " + error) { RecommendedAction = "Write each header as 'Name: value'." });
            }
            return _headers;
        }
    }
}
