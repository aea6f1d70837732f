using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.RoleDesign
{
    /// <summary>
    /// What the objects piped to New-TeleportMcpRole are: bare names (users or apps, decided with
    /// <see cref="PipedNames.SplitUsersAndApps"/> once everything is read), users (typed, copies that lost their type,
    /// or objects whose User property bound -User), and servers to design for (probe results, apps, their copies,
    /// resolved later by <see cref="DesignAppInputs.Resolve"/>).
    /// </summary>
    public sealed class DesignPipeline
    {
        public List<string> Names { get; } = new List<string>();
        public List<string> Users { get; } = new List<string>();
        public List<IInputObject> Apps { get; } = new List<IInputObject>();

        /// <summary>
        /// Values of -User that could not be used (each reported as its error): a preview was asked for even when none is
        /// left, so the role is then not emitted in its place.
        /// </summary>
        public int UsersRefused { get; private set; }

        /// <summary>
        /// What -User received, on the command line or from one piped object, read by the module's one rule for an object
        /// given as a user (<see cref="Choice.FromObject{T}"/>): a bare name joins the piped names (PipedNames decides),
        /// a user or what names one (its User property, a copy, a tctl user document) is a user; anything else (a role, an
        /// app, a file, a bag without User) is that item's error to <paramref name="unread"/>, never its text as a name.
        /// </summary>
        public void AddBoundUsers(IEnumerable<Choice<User>?>? users, Action<TeleportInputException> unread, Action<string> warning) =>
            AddUsers(users, unread, warning, ofObject: false);

        /// <param name="ofObject">The values came from an object that carries users only (its User property): a name among them is a user, not a piped name.</param>
        private void AddUsers(IEnumerable<Choice<User>?>? users, Action<TeleportInputException> unread, Action<string> warning, bool ofObject)
        {
            if (unread == null) throw new ArgumentNullException(nameof(unread));
            foreach (var given in users ?? Enumerable.Empty<Choice<User>?>())
            {
                if (given == null) continue;
                bool bare = !ofObject && given.Resource == null && given.Given == null;
                foreach (var c in Choice.Bound<User>(new[] { given }, e => NoteRefusedUser(e, unread), warning))
                {
                    var name = c.Resource?.Name ?? c.Name;
                    if (string.IsNullOrEmpty(name)) continue;
                    if (bare) Names.Add(name!);
                    else Users.Add(name!);
                }
            }
        }

        /// <summary>-User given on the command line, read as <see cref="AddBoundUsers"/> reads it: the users' names, in order.</summary>
        public List<string> CommandLineUsers(IEnumerable<Choice<User>?> users, Action<TeleportInputException> unread, Action<string> warning) =>
            Choice.Names<User>(users, e => NoteRefusedUser(e, unread), warning);

        private void NoteRefusedUser(TeleportInputException error, Action<TeleportInputException> unread)
        {
            UsersRefused++;
            unread(error);
        }

        /// <summary>One object that bound -App.</summary>
        /// <param name="input">The object.</param>
        /// <param name="usersBoundFromIt">What -User received from the same object (itself, or its User property).</param>
        /// <param name="unread">Receives a -User value that cannot be used.</param>
        /// <param name="warning">Receives the reader's warnings about a tctl document.</param>
        public void Add(IInputObject? input, IEnumerable<Choice<User>?>? usersBoundFromIt, Action<TeleportInputException> unread, Action<string> warning)
        {
            if (input == null) return;
            switch (input.Value)
            {
                // A bare string names a user or an app: decided once every user and app is read.
                case string s:
                    Names.Add(s);
                    return;
                case User u:
                    if (u.Name != null) Users.Add(u.Name);
                    return;
            }
            var kind = InputPolicy.Classify(input);
            // A user, its copy, or tctl's user document (`tctl get users --format json | ConvertFrom-Json`) is a user, read by the one rule.
            if (kind == InputKind.User || (kind == InputKind.Document && input.ValueOf("kind")?.Value is string k && k == "user"))
            {
                AddUsers(new Choice<User>?[] { TeleportMcp.UserChoice.From(input) }, unread, warning, ofObject: true);
                return;
            }
            // An object with a User property that is no app nor probe result carries users only; a file's User is its owner
            // on this computer (PipedUser.UserIsOwner), never a Teleport user.
            if (input.Has("User") && kind == InputKind.Unknown && !PipedUser.UserIsOwner(input.Value) && !IsApp(input))
            {
                AddUsers(usersBoundFromIt, unread, warning, ofObject: true);
                return;
            }
            Apps.Add(input);
        }

        private static bool IsApp(IInputObject input)
        {
            try
            {
                return ResourceCopies.App(input) != null;
            }
            catch (TeleportInputException)
            {
                // An app copy with a property that does not read is still an app: DesignAppInputs.Resolve reports it for that item.
                return true;
            }
        }

        /// <summary>
        /// What New-TeleportMcpRole is asked for once the cluster export is read: the piped names split into users and
        /// apps (<see cref="PipedNames.SplitUsersAndApps"/>), the users whose effect is previewed (-User, piped users and
        /// names, each once), and the servers to design for. A preview without an export to compare with is refused.
        /// </summary>
        /// <param name="cluster">The export of -Path (empty without it).</param>
        /// <param name="usersFromCommandLine">-User as given on the command line; null when it was not.</param>
        /// <param name="appsFromCommandLine">-App was given on the command line.</param>
        /// <param name="exportGiven">-Path was given.</param>
        /// <param name="nameAsInput">A piped name that names an app, as an input object (the module's adapter).</param>
        public DesignPlan Plan(ClusterInput cluster, IEnumerable<string>? usersFromCommandLine, bool appsFromCommandLine, bool exportGiven, Func<string, IInputObject> nameAsInput)
        {
            if (cluster == null) throw new ArgumentNullException(nameof(cluster));
            if (nameAsInput == null) throw new ArgumentNullException(nameof(nameAsInput));
            var plan = new DesignPlan();
            var split = PipedNames.SplitUsersAndApps(Names, cluster.Users.Select(u => u.Name), cluster.Apps.Select(a => a.Name), usersFromCommandLine != null, appsFromCommandLine, "-App");
            plan.Notes.AddRange(split.Notes);
            if (split.Ignored.Count > 0)
                plan.Warnings.Add("The piped names " + ListText.Join(", ", split.Ignored) + " were not used: -User and -App already name the users and the apps.");
            plan.PreviewUsers.AddRange((usersFromCommandLine ?? Enumerable.Empty<string>()).Concat(Users).Concat(split.Users)
                .Where(u => !string.IsNullOrEmpty(u)).Distinct(StringComparer.Ordinal));
            plan.PreviewAsked = plan.PreviewUsers.Count > 0 || UsersRefused > 0;
            if (plan.PreviewAsked && !exportGiven)
                plan.Refusal = new TeleportArgumentException("PreviewNeedsExport",
                    "-User previews the role's effect and needs the cluster's roles and users: add -Path with a cluster export (tctl get roles,users,apps).");
            plan.Apps.AddRange(Apps.Concat(split.Others.Select(nameAsInput)));
            return plan;
        }

        /// <summary>The refusal when no server is left to design for (every -App input was refused, each with its error); null otherwise.</summary>
        public static TeleportArgumentException? NoApp(int serversLeft) => serversLeft > 0 ? null
            : new TeleportArgumentException("NoApp", "No MCP server to write a role for: every -App input was refused (see the errors above).");

        /// <summary>The id of the refusal that ends the command when some -App value was refused (<see cref="NotWritten"/>).</summary>
        public const string NotWrittenCode = "RoleNotWritten";

        private readonly List<string> _refused = new List<string>();

        // The place of each -App value given on the command line in its list (-App[2]), by the input's identity: a value
        // refused only when it is resolved (DesignAppInputs) still names it, as Choice.AllFrom's errors do.
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IInputObject, string> _places = new System.Runtime.CompilerServices.ConditionalWeakTable<IInputObject, string>();

        /// <summary>
        /// -App as given on the command line, in order: each value a server to design for. A value the parameter refused (a
        /// list inside the list), or a null or empty value beside others, is that item's error to <paramref name="refused"/>
        /// (through <see cref="Refuse"/>: the role is then not written); in a list of several values every error about one
        /// of them, now or when it is resolved, starts with its place (-App[2]: ...).
        /// </summary>
        public void AddCommandLineApps(IReadOnlyList<Choice<App>?> apps, Func<Choice<App>, IInputObject> asInput, string? roleName, Action<TeleportInputException> refused)
        {
            if (apps == null) throw new ArgumentNullException(nameof(apps));
            for (int i = 0; i < apps.Count; i++)
            {
                var app = apps[i];
                var at = Choice.ItemOf("-App", i, apps.Count);
                if (Choice.IsNullOrEmpty(app))
                {
                    // Given alone it is the command's NullOrEmpty refusal, before this.
                    if (apps.Count > 1) refused(Refuse(Choice.NullItem(app, at, true), roleName, null, app == null || app.Name == null ? "null" : "''"));
                    continue;
                }
                if (app!.Refusal != null)
                {
                    app.Refusal.Item ??= at;
                    refused(Refuse(app.Refusal, roleName, app.Given));
                    continue;
                }
                var input = asInput(app);
                // The same object given twice keeps its first place (ConditionalWeakTable.Add throws on a key it holds).
                if (at != null && !_places.TryGetValue(input, out _)) _places.Add(input, at);
                Apps.Add(input);
            }
        }

        /// <summary>A piped -App value that is null: its error (through <see cref="Refuse"/>, so the role is not written), never skipped unseen.</summary>
        public TeleportInputException RefuseNull(string? roleName) => Refuse(Choice.NullItem<App>(null, null, true), roleName, null, "null");

        /// <summary>The -App values refused so far, each as "what was given (its error id)", in the order they came.</summary>
        public IReadOnlyList<string> Refused => _refused;

        /// <summary>
        /// Notes a refused -App value and returns its error (the same id and reason), now saying that the role is not
        /// written: a role without a server the admin asked for would silently lack it. The values beside it are still
        /// read, each refusal reported, and <see cref="NotWritten"/> then ends the command.
        /// </summary>
        /// <param name="error">Why the value was refused (InvalidAppObject, InvalidResourceProperty, UnknownAppOrigin, AppNotFound, ProbeIncomplete).</param>
        /// <param name="roleName">-Name.</param>
        /// <param name="given">The value as given, when known (named in the summary); else the error's target names it.</param>
        /// <param name="described">What was given, for the summary, when <paramref name="given"/> cannot say it (a null item).</param>
        public TeleportInputException Refuse(TeleportInputException error, string? roleName, IInputObject? given, string? described = null)
        {
            if (error == null) throw new ArgumentNullException(nameof(error));
            if (given != null && _places.TryGetValue(given, out var at)) error.Item ??= at;
            _refused.Add((described ?? Describe(given, error)) + " (" + error.Code + ")");
            error.RecommendedAction = "Fix or leave out this -App value: " + NothingWritten(roleName) + "." +
                                      (string.IsNullOrEmpty(error.RecommendedAction) ? "" : " " + error.RecommendedAction);
            return error;
        }

        /// <summary>
        /// The refusal that ends New-TeleportMcpRole when some -App value was refused (each reported as its own error):
        /// the role is neither emitted nor written to -OutFile (an existing file is left as it is), so that a role never
        /// silently lacks a server the admin asked for. Null when every value was accepted; <see cref="NoApp"/> when none was.
        /// </summary>
        public TeleportArgumentException? NotWritten(string? roleName, int serversLeft)
        {
            if (_refused.Count == 0 || serversLeft == 0) return null;
            return new TeleportArgumentException(NotWrittenCode,
                "Role " + RoleText(roleName) + " was not written: " + _refused.Count + " of the " + (_refused.Count + serversLeft) +
                " -App values given " + (_refused.Count == 1 ? "was" : "were") + " refused (" + ListText.Join("; ", _refused) +
                "), and a role without " + (_refused.Count == 1 ? "it" : "them") + " would lack servers you asked for. No role object was written and no file was written or changed.")
            {
                TargetObject = roleName,
                RecommendedAction = "Fix or leave out the -App values the errors above name, then run the command again.",
            };
        }

        private static string NothingWritten(string? roleName) =>
            "role " + RoleText(roleName) + " is not written (no role object, no file) while any -App value it was asked to cover is refused";

        private static string RoleText(string? roleName) => "'" + DisplayText.Of(Platform.BoundedCapture.Shorten(roleName ?? "")) + "'";

        /// <summary>What was given, for the summary: a name, a list's items, an object's name or type.</summary>
        internal static string Describe(IInputObject? given, TeleportInputException error)
        {
            object? value = given != null ? given.Value : error.Target;
            switch (value)
            {
                case null:
                    return "null";
                case string s:
                    return Quoted(s);
                case IEnumerable _ when !(value is IDictionary):
                    return "a list inside the list" + Choice.ItemsText(value);
            }
            var name = (given?.ValueOf("Name") ?? given?.ValueOf("AppName"))?.Value as string ?? error.TargetName;
            string kind = given?.TypeNames.FirstOrDefault() ?? value.GetType().FullName ?? value.GetType().Name;
            return name != null ? Quoted(name) : "a " + kind;
        }

        private static string Quoted(string s) => "'" + DisplayText.Of(Platform.BoundedCapture.Shorten(s)) + "'";

        /// <summary>The users of the preview, looked up in the export; each name it lacks is an error naming what was there, and is left out.</summary>
        public static List<User> PreviewUsers(ClusterInput cluster, IEnumerable<string> names, Action<TeleportInputException> error)
        {
            if (cluster == null) throw new ArgumentNullException(nameof(cluster));
            if (error == null) throw new ArgumentNullException(nameof(error));
            var users = new List<User>();
            foreach (var name in names ?? Enumerable.Empty<string>())
            {
                var u = cluster.FindUser(name);
                if (u == null) error(new TeleportNotFoundException("UserNotFound", cluster.NotFoundMessage("user", name, cluster.Users.Select(x => x.Name)), name));
                else users.Add(u);
            }
            return users;
        }

        /// <summary>
        /// The warning when the export already holds a role of the designed name: the preview replaces it, and tctl create
        /// without -f refuses to overwrite an existing resource (tool/tctl/common/resource_command.go, Create: "use -f or --force flag to overwrite"); null otherwise.
        /// </summary>
        public static string? ExistingRole(DesignedRole designed, IEnumerable<Role> clusterRoles)
        {
            if (designed == null) throw new ArgumentNullException(nameof(designed));
            var name = designed.Role.Name;
            if (clusterRoles == null || !clusterRoles.Any(r => r.Name == name)) return null;
            return "role " + DisplayText.Of(name) + " already exists in the export; the preview replaces it, and tctl create (without -f) would refuse to overwrite it.";
        }
    }

    /// <summary>New-TeleportMcpRole's request once everything is read (<see cref="DesignPipeline.Plan"/>).</summary>
    public sealed class DesignPlan
    {
        /// <summary>The users whose effect is previewed, each once; empty = no preview (the role itself is written), unless <see cref="PreviewAsked"/>.</summary>
        public List<string> PreviewUsers { get; } = new List<string>();

        /// <summary>Users were given (some may have been refused, each its error): the preview is the output, never the role in its place.</summary>
        public bool PreviewAsked { get; set; }

        /// <summary>The servers to design for: -App and piped inputs, then the piped names that name apps.</summary>
        public List<IInputObject> Apps { get; } = new List<IInputObject>();

        /// <summary>Why the request cannot be met at all; null when it can.</summary>
        public TeleportArgumentException? Refusal { get; set; }

        public List<string> Notes { get; } = new List<string>();
        public List<string> Warnings { get; } = new List<string>();
    }
}
