using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Common;

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

        /// <summary>The user whose traits fill header templates of http/sse apps; null when none.</summary>
        public User? User { get; set; }

        /// <summary>The live probe's stage as it goes (starting, initialize, tools/list, tool count), on the caller's thread.</summary>
        public Action<string>? Progress { get; set; }

        /// <summary>Headers the admin supplies (-Header), replacing rewrite entries of the same name.</summary>
        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();
    }

    public sealed class AppTestOutcome
    {
        public List<AppCheck> Checks { get; } = new List<AppCheck>();

        /// <summary>The live probe; null without Launch or for an app that is not an MCP server.</summary>
        public ProbeResult? Probe { get; set; }

        /// <summary>Indeterminate is not a pass: the probe could not get past authentication.</summary>
        public bool Passed => Checks.All(c => c.Status != CheckStatus.Fail) && (Probe == null || (Probe.Status != CheckStatus.Fail && Probe.Status != CheckStatus.Indeterminate));
    }

    /// <summary>Test-TeleportMcpApp's use case: the static checks of one app and, when asked, the live probe.</summary>
    public static class AppTest
    {
        public static AppTestOutcome Run(App app, AppTestOptions options, CancellationToken ct)
        {
            // An App this module wrote earlier had its secrets redacted for display; it is checked and launched with
            // the values it was read with.
            Output.OutputSanitizer.Restore(app);
            var report = StaticChecks.Run(app, new StaticCheckOptions
            {
                Environment = options.Environment,
                ConnectTimeoutMs = Math.Min(3000, options.TimeoutSec * 1000),
                CheckReachable = options.CheckReachable,
                // The TLS handshake leaves this machine like the probe does: only with Launch or CheckTls.
                CheckTls = options.CheckReachable && (options.Launch || options.CheckTls),
                ReachableFromProbe = options.Launch,
                UserName = options.User?.Name,
                UserTraits = options.User?.TraitMap,
                SuppliedHeaders = options.Headers,
            });
            var outcome = new AppTestOutcome();
            outcome.Checks.AddRange(report.Results);
            if (!options.Launch || !report.IsMcp) return outcome;

            var probeOptions = new ProbeOptions { TimeoutSec = options.TimeoutSec, Progress = options.Progress };
            ProbeResult probe;
            if (app.Transport == McpTransport.Stdio)
            {
                probe = IsDemoServer(app)
                    ? new ProbeResult { App = app, AppName = app.Name, Transport = McpTransport.Stdio, Status = CheckStatus.Skipped, Message = "the demo server runs inside the App Service; there is nothing to launch" }
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
            probe.Checks.AddRange(outcome.Checks);
            outcome.Probe = probe;
            return outcome;
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

        private static bool IsDemoServer(App app) =>
            app.Origin == "mcp_demo_server" || (app.Name == StaticChecks.DemoServerName && !app.HasMcpSpec);
    }
}

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// Test-TeleportMcpApp over a whole call: which apps the names select, which user fills header templates, the
    /// apps tested, the errors for names that matched nothing or input without apps, and the one -Quiet answer.
    /// </summary>
    public sealed class AppTestRun
    {
        private readonly List<User> _users = new List<User>();
        private readonly List<string> _seen = new List<string>();
        private readonly HashSet<string> _namesMatched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private AppTestOptions? _options;
        private int _tested;
        private bool _allPassed = true;
        private bool _inputGiven;

        /// <summary>-Name: each name as written with its matcher (a wildcard); null = every app. A name whose pattern was refused has no matcher.</summary>
        public IList<KeyValuePair<string, Func<string, bool>?>>? Names { get; set; }

        /// <summary>-User: the user whose traits fill header templates; <see cref="UserName"/> when given by name.</summary>
        public User? User { get; set; }
        public string? UserName { get; set; }

        /// <summary>-Header as written ("Name: value").</summary>
        public IList<string>? Headers { get; set; }

        public IDictionary<string, string>? Environment { get; set; }
        public bool Launch { get; set; }
        public int TimeoutSec { get; set; } = 30;
        public bool CheckTls { get; set; }

        public Action<string> Verbose { get; set; } = _ => { };
        public Action<TeleportInputException> Error { get; set; } = _ => { };

        /// <summary>-Launch: the probe's stages of the app being probed (its name, the stage).</summary>
        public Action<string?, string> StageProgress { get; set; } = (_, __) => { };

        /// <summary>Stops reading a resource file (Ctrl+C) within one step, even inside one huge document.</summary>
        public CancellationToken Cancel { get; set; }

        private string? _probing;

        /// <summary>A user given by name may arrive later (pipeline, files): apps are then tested at the end.</summary>
        public bool WaitForUser => User == null && UserName != null;

        public void NoteInput() => _inputGiven = true;

        public void AddUser(User user)
        {
            _inputGiven = true;
            _users.Add(user);
        }

        /// <summary>The apps of resource files that the names select; their users are kept for header templates.</summary>
        public List<App> ReadFiles(IList<string> files)
        {
            _inputGiven = true;
            var apps = new List<App>();
            foreach (var file in files)
            {
                int before = apps.Count;
                foreach (var item in Resources.ResourceReader.ReadFile(file, Cancel))
                {
                    if (item.Resource is App app) apps.Add(app);
                    else if (item.Resource is User u) _users.Add(u);
                    else if (item.Diagnostic != null && item.Diagnostic.Level == Resources.DiagnosticLevel.Error)
                        Error(new TeleportInputException(item.Diagnostic.Code, item.Diagnostic.Message, item.Diagnostic.Location)
                            { LineText = item.Diagnostic.LineText, RecommendedAction = item.Diagnostic.RecommendedAction });
                }
                Verbose("Read " + file + ": " + (apps.Count - before) + " app(s)");
            }
            if (files.Count > 0 && apps.Count == 0 && Names == null)
                Error(new TeleportNotFoundException("NoAppInInput",
                    "No app definition in " + ListText.Join(", ", files) + " (teleport.yaml app_service.apps, kind: app, or tctl get apps output).", files[0]));
            return apps.Where(Selected).ToList();
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
                // A refused pattern was reported where it was parsed: it is not reported again as matching nothing.
                if (kv.Value == null) _namesMatched.Add(kv.Key);
                else if (kv.Value(app.Name ?? ""))
                {
                    _namesMatched.Add(kv.Key);
                    any = true;
                }
            }
            return any;
        }

        public AppTestOutcome Test(App app, CancellationToken cancel)
        {
            Verbose("Checking app " + app.Name + (Launch ? " (launching it, timeout " + TimeoutSec + " s)" : ""));
            AppTestOutcome outcome;
            _probing = app.Name;
            try
            {
                outcome = AppTest.Run(app, Options(), cancel);
            }
            catch
            {
                _tested++;
                _allPassed = false;
                throw;
            }
            _tested++;
            _allPassed &= outcome.Passed;
            return outcome;
        }

        /// <summary>
        /// Apps tested on other hosts (PowerShell remoting): each host that ran the checks tested every app; a host
        /// that could not run them makes the answer false.
        /// </summary>
        public void RecordElsewhere(int apps, int hostsChecked, bool allPassed)
        {
            _pendingElsewhere += apps;
            _tested += apps * hostsChecked;
            _allPassed &= allPassed;
        }

        private int _pendingElsewhere;

        /// <summary>Names that matched nothing and a call that tested nothing are errors; returns the -Quiet answer.</summary>
        public bool Finish()
        {
            bool unmatched = false;
            if (Names != null)
            {
                foreach (var n in Names.Select(kv => kv.Key).Where(n => !_namesMatched.Contains(n)))
                {
                    unmatched = true;
                    string among = _seen.Count == 0 ? "no app was read" : "the apps read are " + ListText.Join(", ", _seen.Distinct());
                    Error(new TeleportNotFoundException("AppNotFound", "No MCP app matches -Name '" + n + "' (" + among + ").", n)
                        { RecommendedAction = "Check the name (wildcards allowed), or give the file that defines the app." });
                }
            }
            if (_tested == 0 && !unmatched)
                Error(new TeleportNotFoundException("NothingExamined", _pendingElsewhere > 0
                    ? "No MCP app was tested: none of the App Service hosts could run the host checks (the errors above name each host and why)."
                    : _inputGiven
                    ? "No MCP app was tested: the input held no app definition (teleport.yaml app_service.apps, an app resource, or tctl get apps output)."
                    : "No MCP app was tested: no input was given.", null)
                    { RecommendedAction = "Give -Path teleport.yaml, or pipe Import-TeleportResource output." });
            return Resources.InputPolicy.QuietAnswer(_tested, _allPassed && !unmatched);
        }

        private AppTestOptions Options()
        {
            if (_options != null) return _options;
            _options = new AppTestOptions { Environment = Environment, Launch = Launch, TimeoutSec = TimeoutSec, CheckTls = CheckTls, User = User };
            _options.Progress = stage => StageProgress(_probing, stage);
            foreach (var raw in Headers ?? (IList<string>)Array.Empty<string>())
            {
                if (Resources.HeaderRules.TryParseClientHeader(raw, out var name, out var value, out var error))
                    _options.Headers.Add(new KeyValuePair<string, string>(name, value));
                else
                    Error(new TeleportArgumentException("InvalidHeader", "-Header: " + error) { RecommendedAction = "Write each header as 'Name: value'." });
            }
            if (User == null && UserName != null)
            {
                _options.User = _users.LastOrDefault(x => x.Name == UserName);
                if (_options.User == null)
                    Error(new TeleportNotFoundException("UserNotFound", "user " + UserName + " was not found among the users read (" +
                        (_users.Count == 0 ? "none" : ListText.Join(", ", _users.Select(x => x.Name).Distinct())) + "); header templates are checked without a user", UserName)
                        { RecommendedAction = "Add the cluster export holding the user to -Path, pipe it in, or pass a TeleportMcp.User." });
            }
            return _options;
        }
    }
}
