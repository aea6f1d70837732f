using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.RoleTest
{
    /// <summary>A probe result's tools, checked on the app that was probed.</summary>
    public sealed class ProbedTools
    {
        public ProbedTools(App app, IEnumerable<string> tools)
        {
            App = app;
            Tools = tools.Distinct(StringComparer.Ordinal).ToList();
        }

        public App App { get; }
        public List<string> Tools { get; }
    }

    public sealed class RoleTestOptions
    {
        /// <summary>The roles, users and apps given (files, -Role, the pipeline), with the one duplicate rule.</summary>
        public ClusterInput Cluster { get; set; } = new ClusterInput();

        /// <summary>
        /// How a name given on the command line (-User, -App) is read: the host's wildcard matcher (PowerShell's), or null
        /// for a plain name (<see cref="NameSelection"/>). Names that came with piped objects are always plain: they are data.
        /// </summary>
        public Func<string, Func<string, bool>?> PatternOf { get; set; } = NameSelection.NoPatterns;

        /// <summary>-User: users or names (or wildcards) of given users; null = every given user.</summary>
        public IList<Choice<User>>? Users { get; set; }

        /// <summary>-UserName: an ad-hoc user with <see cref="UserRoles"/> and <see cref="Traits"/> (plain values); null when not given.</summary>
        public string? UserName { get; set; }
        public IList<string>? UserRoles { get; set; }
        public Hashtable? Traits { get; set; }

        /// <summary>-App: apps or names (or wildcards) of given apps; null = every given MCP app.</summary>
        public IList<Choice<App>>? Apps { get; set; }

        /// <summary>-AppLabels: an app known only by its labels; null when not given.</summary>
        public IDictionary? AppLabels { get; set; }

        /// <summary>Tool names from the command line or the pipeline; empty = a summary per user and app.</summary>
        public IList<string> Tools { get; set; } = new List<string>();

        /// <summary>True when -Tool was given: pipeline tools and audit events of other tools are left out.</summary>
        public bool ToolsFromCommandLine { get; set; }

        /// <summary>
        /// -Tool as given on the command line, read by the one rule for a list of names (<see cref="InputPolicy.Items"/>):
        /// each blank item is its error (<see cref="NoteUnread"/>). When items were given and none is left, nothing is
        /// decided: a summary per user and app (what -Tool @() asks for) would answer a question nobody asked, and with
        /// nothing examined -Quiet is $false.
        /// </summary>
        public void GiveTools(IReadOnlyList<string?> tools)
        {
            if (tools == null) throw new ArgumentNullException(nameof(tools));
            ToolsFromCommandLine = true;
            var left = InputPolicy.Items("-Tool", tools, NoteUnread)!;
            foreach (var t in left) Tools.Add(t);
            NoToolLeft = tools.Count > 0 && left.Count == 0;
        }

        /// <summary>-Tool was given items and every one was refused (<see cref="GiveTools"/>): nothing is decided.</summary>
        public bool NoToolLeft { get; private set; }

        /// <summary>True when -User was given: piped names are then tools, and users bound from piped objects are not used.</summary>
        public bool UsersFromCommandLine { get; set; }

        /// <summary>Users bound from piped objects' User property: they stand for -User when it was not given.</summary>
        public IList<Choice<User>> PipedUsers { get; set; } = new List<Choice<User>>();

        /// <summary>Bare strings from the pipeline: users or tools by the <see cref="PipedNames"/> rule.</summary>
        public IList<string> PipedNames { get; set; } = new List<string>();

        /// <summary>Probe results from the pipeline: their tools on their own app.</summary>
        public IList<ProbedTools> Probed { get; set; } = new List<ProbedTools>();

        /// <summary>Audit events from the pipeline: each tools/call replayed with today's roles.</summary>
        public IList<AuditEvent> AuditEvents { get; set; } = new List<AuditEvent>();

        public bool Lint { get; set; }

        /// <summary>-Quiet: nothing is written, only the one answer is computed (and cheaper decisions are used).</summary>
        public bool Quiet { get; set; }

        /// <summary>Something asked for was not read (a path that matched nothing): -Quiet cannot pass.</summary>
        public bool InputMissing { get; set; }

        /// <summary>A value given that could not be used (refused, or a copy that does not read): that item's error, and -Quiet cannot pass.</summary>
        public void NoteUnread(TeleportInputException error)
        {
            InputMissing = true;
            Error(error);
        }

        /// <summary>-User and -App as given on the command line, each value read on its own (<see cref="NoteUnread"/> for one that cannot be used).</summary>
        public void GiveChoices(IEnumerable<Choice<User>?>? users, bool usersGiven, IEnumerable<Choice<App>?>? apps)
        {
            Users = usersGiven ? Choice.AllFrom<User>(users, NoteUnread, Warning) : null;
            Apps = Choice.AllFrom<App>(apps, NoteUnread, Warning);
        }

        public bool TraceVerbose { get; set; }
        public bool TraceDebug { get; set; }

        public Action<ToolAccess> Decision { get; set; } = _ => { };
        public Action<McpAccessSummary> Summary { get; set; } = _ => { };
        public Action<AuditReplay> Replay { get; set; } = _ => { };
        public Action<RoleLintFinding> LintFinding { get; set; } = _ => { };
        public Action<string> Warning { get; set; } = _ => { };
        public Action<string> Verbose { get; set; } = _ => { };
        public Action<string> Debug { get; set; } = _ => { };
        public Action<TeleportInputException> Error { get; set; } = _ => { };
    }

    /// <summary>
    /// Test-TeleportMcpRole as one use case: Teleport's MCP tool decisions for the chosen users, apps and tools (or a
    /// summary per user and app), probe results on their own app, audit events replayed, or lint findings. Returns
    /// the -Quiet answer.
    /// </summary>
    public sealed class RoleTestRunner
    {
        private readonly RoleTestOptions _o;
        private readonly CancellationToken _cancel;
        private bool _failed;
        private bool _all = true;
        private int _examined;

        private RoleTestRunner(RoleTestOptions options, CancellationToken cancel)
        {
            _o = options;
            _cancel = cancel;
            _failed = options.InputMissing;
        }

        public static bool Run(RoleTestOptions options, CancellationToken cancel) => new RoleTestRunner(options, cancel).Run();

        private List<Role> Roles => _o.Cluster.Roles;

        private bool Run()
        {
            SplitPipedNames();
            if (_o.Lint) RunLint();
            else if (_o.NoToolLeft) _o.Verbose("No tool was decided: every -Tool item was refused (the errors above).");
            else if (_o.AuditEvents.Count > 0) ReplayAuditEvents();
            else Decide();
            // A document that did not read may hold the deny rule that decides: the decisions on the rest are not a pass.
            return InputPolicy.QuietAnswer(_examined, _all && !_failed && _o.Cluster.Unread.Count == 0);
        }

        private void SplitPipedNames()
        {
            if (_o.Users == null && !_o.UsersFromCommandLine && _o.PipedUsers.Count > 0) _o.Users = _o.PipedUsers.ToList();
            if (_o.Lint)
            {
                // The lint reads roles (and the users given as objects): a piped name is neither, so it is said, never dropped silently.
                var names = _o.PipedNames.Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).ToList();
                if (names.Count > 0) _o.Warning("The piped names " + ListText.Join(", ", names) + " were not used: -Lint checks the roles given, not users or tools named.");
                return;
            }
            var split = Resources.PipedNames.Split(_o.PipedNames, _o.Cluster.Users.Select(u => u.Name), _o.UsersFromCommandLine || _o.UserName != null, _o.ToolsFromCommandLine);
            foreach (var note in split.Notes) _o.Verbose(note);
            if (split.Ignored.Count > 0)
                _o.Warning("The piped names " + ListText.Join(", ", split.Ignored) + " were not used: -User and -Tool already name the users and the tools.");
            foreach (var t in split.Others) _o.Tools.Add(t);
            if (split.Users.Count > 0)
                _o.Users = (_o.Users ?? Enumerable.Empty<Choice<User>>()).Concat(split.Users.Select(Choice.Named<User>)).ToList();
        }

        private bool UseProbes => _o.Probed.Count > 0 && _o.Apps == null && _o.AppLabels == null;

        private void Decide()
        {
            var users = ResolveUsers();
            var apps = UseProbes ? _o.Probed.Select(p => p.App).ToList() : ResolveApps();
            if (users == null || apps == null) return;
            if (Roles.Count == 0) _o.Warning("No roles were given (pipe Import-TeleportResource output, or use -Role or -Path): every user gets no access.");

            Cancellable.ForEach(Roles, McpAccessSession.InvalidPatterns, (role, invalid) =>
            {
                foreach (var bad in invalid)
                    _o.Error(new TeleportInputException("InvalidRoleRegex", ListText.Message("role " + GoText.Quote(role.Name) + " " + bad + ": Teleport fails every access check that reaches this entry"),
                        role.GetSourceLocation()) { RecommendedAction = "Fix the regular expression (Go RE2 syntax) or remove the entry; see Test-TeleportMcpRole -Lint." });
            }, _cancel);

            var tools = _o.Tools.Where(t => t != null).Distinct(StringComparer.Ordinal).ToList();
            _o.Verbose("Given: " + Roles.Count + " role(s) (" + ListText.Join(", ", Roles.Select(r => r.Name)) + "), " + users.Count + " user(s) to test, " +
                       apps.Count + " app(s) to test" + (tools.Count > 0 ? ", " + tools.Count + " tool(s)" : "") + ".");
            var session = new McpAccessSession(Roles, _o.Cluster.Apps, _o.Cluster.ScopedAssignments);
            session.Prepare(users, (u, prepared) =>
            {
                foreach (var m in prepared.MissingRoles)
                    _o.Warning("user " + GoText.Quote(u.Name) + " names role " + GoText.Quote(m) + ", which was not given; Teleport decides with every role of a user, so each decision no role given denies is Indeterminate.");
                if (Tracing) Trace(AccessTrace.ForUser(prepared));
            }, _cancel);

            if (UseProbes)
            {
                foreach (var u in users)
                    foreach (var probe in _o.Probed)
                        Evaluate(session, u, probe.App, probe.Tools);
                return;
            }
            foreach (var u in users)
                foreach (var a in apps)
                    Evaluate(session, u, a, tools);
        }

        private bool Tracing => _o.TraceVerbose || _o.TraceDebug;

        private void Trace(IEnumerable<TraceLine> lines)
        {
            foreach (var l in lines)
            {
                if (l.Level == TraceLevel.Debug) _o.Debug(l.Text);
                else _o.Verbose(l.Text);
            }
        }

        private void Evaluate(McpAccessSession session, User u, App a, List<string> tools)
        {
            _cancel.ThrowIfCancellationRequested();
            if (Tracing) Trace(session.TraceApp(u, a));
            CompareAgents(session, u, a);
            if (tools.Count == 0)
            {
                var s = session.Summarize(u, a);
                _examined++;
                if (_o.Quiet) _all &= s.Scope == ToolScope.All || s.Scope == ToolScope.Limited;
                else _o.Summary(s);
                return;
            }
            var access = session.Access(u, a);
            foreach (var t in tools)
            {
                _cancel.ThrowIfCancellationRequested();
                _examined++;
                if (_o.Quiet)
                {
                    _all &= session.IsAllowed(access, t);
                    continue;
                }
                var decision = session.Decide(access, t);
                if (_o.TraceVerbose) _o.Verbose(AccessTrace.ForDecision(decision).Text);
                _o.Decision(decision);
            }
        }

        // The other label sets of each heartbeat decided with (ClusterInput.OtherServedLabelSets), looked up once per app.
        private readonly Dictionary<App, List<App>> _otherLabelSets = new Dictionary<App, List<App>>();

        /// <summary>
        /// An app whose heartbeats carry different labels (dynamic labels each agent computes, or an agent that serves an older
        /// definition): each agent checks calls against its own copy (lib/srv/mcp/session.go checkAccessToTool), and the proxy
        /// picks an agent per connection (2:S11). When the user's access differs between them, a warning names the agents and
        /// what the user gets through each, and the -Quiet answer is false: the user's calls fail on some connections.
        /// </summary>
        private void CompareAgents(McpAccessSession session, User u, App a)
        {
            if (a.Origin != AppOrigin.AppServer) return;
            if (!_otherLabelSets.TryGetValue(a, out var others)) _otherLabelSets[a] = others = _o.Cluster.OtherServedLabelSets(a);
            if (others.Count == 0) return;
            string Access(McpAccessSummary s) => !s.AppAccessible ? "no access to the app" : s.Scope switch
            {
                ToolScope.All => "every tool",
                ToolScope.None => "no tool",
                ToolScope.Indeterminate => "an answer this check cannot give offline",
                _ => "the tools of " + ListText.Join(", ", s.AllowedTools.Select(t => GoText.Quote(t))) + (s.DeniedTools.Length > 0 ? " but " + ListText.Join(", ", s.DeniedTools.Select(t => GoText.Quote(t))) : ""),
            };
            string Agent(App heartbeat) => AppDefinitions.AgentOf(heartbeat) ?? "an agent";
            string mine = Access(session.Summarize(u, a));
            var differing = others.Select(o => (App: o, Access: Access(session.SummarizeCopy(u, o)))).Where(x => x.Access != mine).ToList();
            if (differing.Count == 0) return;
            _all = false;
            _o.Warning("user " + GoText.Quote(u.Name) + ": the agents that serve app " + GoText.Quote(a.Name) + " carry different labels, and the user's access differs: through " +
                       Agent(a) + " " + mine + "; " +
                       ListText.Join("; ", differing.Select(x => "through " + Agent(x.App) + " (" + (x.App.Source ?? Common.SourceLocation.Pipeline) + ") " + x.Access)) +
                       ". Teleport picks an agent for each connection, so the user's calls fail on some connections; the decisions written are " + Agent(a) + "'s.");
        }

        /// <summary>Each event's tools/call decision replayed with today's roles: why it was denied, or why today disagrees.</summary>
        private void ReplayAuditEvents()
        {
            if (Roles.Count == 0) _o.Warning("No roles were given (use -Path with the cluster export, or pipe Import-TeleportResource output): every replay finds no grant.");
            var engine = new McpAccessEngine(Roles, _o.Cluster.ScopedAssignments);
            var users = new List<User>(_o.Cluster.Users);
            if (_o.Users != null) users.AddRange(_o.Users.Select(c => c.Resource).OfType<User>());
            var apps = new List<App>(_o.Cluster.Apps);
            if (_o.Apps != null) apps.AddRange(_o.Apps.Select(c => c.Resource).OfType<App>());
            var userNames = _o.Users?.Select(c => c.Name).ToList();
            var appNames = _o.Apps?.Select(c => c.Name).ToList();
            var agents = new SessionAgents(_o.AuditEvents);
            var userFilter = NameFilter(userNames, UserPatterns);
            var appFilter = NameFilter(appNames, _o.PatternOf);
            foreach (var ev in _o.AuditEvents)
            {
                _cancel.ThrowIfCancellationRequested();
                if (userFilter != null && !userFilter(ev.User)) continue;
                if (appFilter != null && !appFilter(ev.App)) continue;
                if (_o.ToolsFromCommandLine && (ev.Tool == null || !_o.Tools.Contains(ev.Tool))) continue;
                var user = users.LastOrDefault(u => u.Name == ev.User);
                var replay = AuditReplayer.Replay(engine, ev, user, apps.Where(a => a.Name == ev.App).ToList(), agents);
                _examined++;
                if (_o.Quiet) _all &= replay.Verdict == ReplayVerdict.Consistent || replay.Verdict == ReplayVerdict.NotRbac;
                else _o.Replay(replay);
            }
            if (_examined == 0)
                Fail(new TeleportNotFoundException("NoAuditEventSelected", "None of the " + _o.AuditEvents.Count + " audit event(s) names the users, apps or tools given.", null)
                    { TargetObject = AuditSelection(userNames, appNames) });
        }

        /// <summary>-User names are patterns only when they came from the command line (piped users are data).</summary>
        private Func<string, Func<string, bool>?> UserPatterns => _o.UsersFromCommandLine ? _o.PatternOf : NameSelection.NoPatterns;

        /// <summary>Whether an event's user or app is one the names select (a plain name exactly, a wildcard by its pattern); null = every one.</summary>
        private static Func<string?, bool>? NameFilter(List<string?>? names, Func<string, Func<string, bool>?> patternOf)
        {
            if (names == null) return null;
            var plain = new HashSet<string>(StringComparer.Ordinal);
            var patterns = new List<Func<string, bool>>();
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                var pattern = patternOf(name ?? "");
                if (pattern == null) plain.Add(name ?? "");
                else patterns.Add(pattern);
            }
            return n => plain.Contains(n ?? "") || patterns.Any(p => p(n ?? ""));
        }

        /// <summary>What the audit events were selected by ("user alice", "app db", "tool query"): the error's target when none matched.</summary>
        private string[] AuditSelection(List<string?>? userNames, List<string?>? appNames) =>
            (userNames ?? new List<string?>()).Select(n => "user " + n)
                .Concat((appNames ?? new List<string?>()).Select(n => "app " + n))
                .Concat(_o.ToolsFromCommandLine ? _o.Tools.Select(t => "tool " + t) : Enumerable.Empty<string>())
                .ToArray();

        private void RunLint()
        {
            if (Roles.Count == 0)
            {
                Fail(new TeleportArgumentException("NoRolesToLint", "-Lint needs roles: pipe Import-TeleportResource output, or use -Role or -Path."));
                return;
            }
            // -User narrows the users whose traits the templates are checked against; a name that matches none is an error, as in a decision.
            var users = _o.Users == null ? new List<User>(_o.Cluster.Users) : SelectUsers(_o.Users);
            var findings = RoleLinter.Lint(Roles, users, _o.Cluster.Apps);
            _examined += Roles.Count;
            _all = !findings.Any(f => f.Severity == Severity.Error || f.Severity == Severity.Warning);
            if (!_o.Quiet) foreach (var f in findings) _o.LintFinding(f);
        }

        private List<User>? ResolveUsers()
        {
            if (_o.UserName != null)
            {
                if (_o.Users != null)
                {
                    Fail(new TeleportArgumentException("ConflictingUserParameters", "Use either -User or -UserName with -UserRole and -Traits, not both."));
                    return null;
                }
                var traits = TraitValues.From(_o.Traits, out var refused);
                if (traits == null)
                {
                    Fail(refused!);
                    return null;
                }
                var user = new User { Name = _o.UserName, Roles = (_o.UserRoles ?? Array.Empty<string>()).ToList() };
                foreach (var trait in traits) user.SetTrait(trait.Key, trait.Value);
                return new List<User> { user };
            }
            if (_o.UserRoles != null || _o.Traits != null)
            {
                Fail(new TeleportArgumentException("MissingUserName", "-UserRole and -Traits describe an ad-hoc user: add -UserName."));
                return null;
            }
            var given = _o.Cluster.Users;
            if (_o.Users == null)
            {
                if (given.Count > 0) return given.ToList();
                Fail(new TeleportArgumentException("NoUser", "No user to test: use -User (a TeleportMcp.User or a name of a piped user), or -UserName with -UserRole and -Traits."));
                return null;
            }
            var result = SelectUsers(_o.Users);
            return result.Count == 0 ? null : result;
        }

        /// <summary>The users given as objects, and those the names and wildcards select; a name that selects none fails (UserNotFound).</summary>
        private List<User> SelectUsers(IEnumerable<Choice<User>> choices)
        {
            // The cluster input keeps one user per name (the later definition, with a warning): each name selects among those.
            var selector = new NameSelector<User>(_o.Cluster.Users, u => u.Name, UserPatterns, "user", _o.Cluster.Where, "UserNotFound")
            {
                RecommendedAction = "Pipe the users (Import-TeleportResource users.yaml), or describe the user with -UserName, -UserRole and -Traits.",
            };
            var result = new List<User>();
            foreach (var choice in choices)
            {
                if (choice.Resource != null) result.Add(choice.Resource);
                else if (!selector.Select(choice.Name, result, Fail)) _failed = true;
            }
            return result.Distinct().ToList();
        }

        private List<App>? ResolveApps()
        {
            if (_o.AppLabels != null)
            {
                if (_o.Apps != null)
                {
                    Fail(new TeleportArgumentException("ConflictingAppParameters", "Use either -App or -AppLabels, not both."));
                    return null;
                }
                return new List<App> { App.FromLabels("(AppLabels)", _o.AppLabels) };
            }
            if (_o.Apps == null)
            {
                var mcp = _o.Cluster.DistinctApps().Where(a => a.IsMcp).ToList();
                if (mcp.Count > 0) return mcp;
                Fail(new TeleportArgumentException("NoApp", "No MCP server to test: use -App (a TeleportMcp.App or the name of a piped app), or -AppLabels."));
                return null;
            }
            // Each name selects among the apps by name (one per name); the copy used is the cluster input's (FindApp warns
            // when copies of one app disagree on labels).
            var selector = new NameSelector<App>(_o.Cluster.DistinctApps(), a => a.Name, _o.PatternOf, "app", _o.Cluster.Where, "AppNotFound")
            {
                RecommendedAction = "Pipe the apps too (Import-TeleportResource apps.yaml, teleport.yaml or tctl get app_servers output), or give -AppLabels.",
            };
            var result = new List<App>();
            var named = new List<App>();
            // What each -App value chose (name or pattern, and its apps): a value that chose only web apps examined nothing.
            var asked = new List<KeyValuePair<string, List<App>>>();
            foreach (var choice in _o.Apps)
            {
                if (choice.Resource != null)
                {
                    result.Add(choice.Resource);
                    asked.Add(new KeyValuePair<string, List<App>>(choice.Resource.Name ?? "", new List<App> { choice.Resource }));
                    continue;
                }
                int before = named.Count;
                var matched = new List<App>();
                if (!selector.Select(choice.Name, named, Fail, matched)) _failed = true;
                for (int i = before; i < named.Count; i++) result.Add(_o.Cluster.FindApp(named[i].Name) ?? named[i]);
                if (matched.Count > 0) asked.Add(new KeyValuePair<string, List<App>>(choice.Name ?? "", matched));
            }
            result = result.Distinct().ToList();
            result = LeaveOutWebApps(result, asked);
            return result.Count == 0 ? null : result;
        }

        /// <summary>
        /// An app with a URI that is not an MCP one is a web app: api/types/app.go IsAppMCP needs an mcp+ scheme, and
        /// lib/srv/app/connections_handler.go @0009d93e handleConnection sends only IsMCP() apps to the MCP server, the one
        /// place mcp.tools is checked; tsh mcp connect refuses the others (app is not a MCP server). No tool decision applies
        /// to it, so none is written: a -App value that chose only web apps is the error NothingExamined (Test-TeleportMcpApp's
        /// rule) and -Quiet answers $false; beside MCP apps the same value chose, each is only said (verbose).
        /// </summary>
        private List<App> LeaveOutWebApps(List<App> apps, List<KeyValuePair<string, List<App>>> asked)
        {
            if (!apps.Any(IsWebApp)) return apps;
            foreach (var kv in asked)
            {
                var web = kv.Value.Where(IsWebApp).Distinct().ToList();
                if (web.Count == 0) continue;
                if (web.Count < kv.Value.Distinct().Count())
                {
                    foreach (var a in web) _o.Verbose("Not examined: " + Output.OutputText.Labelled("app " + a.Name, NotMcpText(a)));
                    continue;
                }
                Fail(new TeleportNotFoundException("NothingExamined", ListText.Message("Nothing was examined for " + GoText.Quote(kv.Key) + ": " +
                    ListText.Join("; ", web.Select(a => Output.OutputText.Labelled(a.Name, NotMcpText(a)))) +
                    "; Teleport checks mcp.tools only on MCP apps, so no tool decision applies")!, kv.Key)
                {
                    TargetObject = web.Select(a => a.Name ?? "").ToArray(),
                    RecommendedAction = "Name an MCP app (a URI with mcp+stdio://, mcp+http(s):// or mcp+sse+http(s)://); a web app has no MCP tools to decide on.",
                });
            }
            return apps.Where(a => !IsWebApp(a)).ToList();
        }

        private static bool IsWebApp(App a) => !a.IsMcp && !string.IsNullOrEmpty(a.Uri);

        // api/types/app.go (fork @77295d71) IsAppMCP: an mcp+ scheme Teleport does not know makes an ordinary web app (as StaticChecks says).
        private static string NotMcpText(App a) => McpTransportRules.IsUnknownMcpScheme(a.Uri ?? "")
            ? "not an MCP app (URI " + GoText.Quote(a.Uri ?? "") + " has the scheme " + GoText.Quote(McpTransportRules.SchemeOf(a.Uri ?? "")) + ", which Teleport does not know as MCP)"
            : "not an MCP app (URI " + GoText.Quote(a.Uri ?? "") + ")";

        private void Fail(TeleportInputException e)
        {
            _failed = true;
            _o.Error(e);
        }
    }
}
