using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// The roles, users and apps a command works on, from files and from the pipeline, with the one rule for
    /// duplicates and for names that are not there. Every cmdlet that reads Teleport resources goes through it.
    /// </summary>
    public sealed class ClusterInput
    {
        /// <summary>
        /// The one folder rule for cluster input: a folder contributes its resource files at every level below it
        /// (an export kept as roles/, users/, apps/, or one teleport.yaml per host folder). Every cmdlet that reads
        /// roles, users or apps from files (Import-TeleportResource, Get-TeleportMcpServing, Test-TeleportMcpRole,
        /// New-TeleportMcpRole, Test-TeleportMcpApp, Test-TeleportMcpClient -ClusterPath, Invoke-TeleportMcpDiagnosis,
        /// and the Tab completers) resolves folders with it, so a pipeline from Import-TeleportResource and a -Path
        /// of the same folder see the same resources. The -Recurse switch the first two kept is accepted and changes nothing.
        /// </summary>
        /// <remarks>tctl get writes YAML or JSON; teleport.yaml is YAML.</remarks>
        public static FileSystem.FolderRule Folders { get; } =
            new FileSystem.FolderRule("resource files (.yaml, .yml, .json)", readsSubfolders: true, "NoResourceFiles", ResourceReader.IsResourceFile);

        private readonly List<string> _files = new List<string>();

        // Where each role and user name stands in Roles and Users: a large export is read in linear time.
        private readonly Dictionary<string, int> _roleAt = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _userAt = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _appAuthConfigAt = new Dictionary<string, int>(StringComparer.Ordinal);
        // How many times each role or user name given more than once was given (kind and name).
        private readonly Dictionary<string, int> _copies = new Dictionary<string, int>(StringComparer.Ordinal);
        private const int MaxCopyWarnings = 10;
        private bool _fromPipeline;

        public List<Role> Roles { get; } = new List<Role>();
        public List<User> Users { get; } = new List<User>();

        /// <summary>The app_auth_configs Teleport accepts, once each by name (the later definition of a name given twice).</summary>
        public List<AppAuthConfig> AppAuthConfigs { get; } = new List<AppAuthConfig>();

        /// <summary>Every app given, in order, duplicates included (an app served by several agents is listed once per agent).</summary>
        public List<App> Apps { get; } = new List<App>();

        /// <summary>
        /// The scoped_role_assignments, in order (also in <see cref="All"/>, so Import-TeleportResource writes them): no decision
        /// uses them (scoped roles grant no MCP tools), but each decision for a user one names says which scoped roles the user holds.
        /// </summary>
        public List<ScopedRoleAssignment> ScopedAssignments { get; } = new List<ScopedRoleAssignment>();

        /// <summary>Every resource given, in order, App Service agents included (the serving map needs them all).</summary>
        public List<TeleportResource> All { get; } = new List<TeleportResource>();

        /// <summary>Receives what a person should see: a reader's warning, a duplicate.</summary>
        public Action<string> Warning { get; set; } = _ => { };

        /// <summary>Receives the reader's errors (a broken document, an unreadable file); the rest is still read.</summary>
        public Action<ResourceDiagnostic> Error { get; set; } = _ => { };

        /// <summary>Receives the reader's notes (a skipped document of another kind).</summary>
        public Action<string> Verbose { get; set; } = _ => { };

        public IReadOnlyList<string> Files => _files;

        private readonly List<string> _unread = new List<string>();

        /// <summary>
        /// What was given but not taken, one entry per error reported (a broken document or file, a role Teleport refuses),
        /// as its place and id ("roles.yaml:4:9 (YamlParseError)"): the rest was read, but a verdict built without it is not
        /// a pass, since the part left out may hold the deny rule or the role that decides.
        /// </summary>
        public IReadOnlyList<string> Unread => _unread;

        private readonly List<string?> _unreadFiles = new List<string?>();

        /// <summary>The file of each <see cref="Unread"/> entry (null when the reader gave no place), at the same index.</summary>
        public IReadOnlyList<string?> UnreadFiles => _unreadFiles;

        /// <summary>Stops reading (Ctrl+C) within one step of the reader, even inside one huge document.</summary>
        public System.Threading.CancellationToken Cancel { get; set; }

        /// <summary>Notes that resources also came from the pipeline (a cmdlet that keeps its own lists), for <see cref="Where"/>.</summary>
        public void NoteFromPipeline() => _fromPipeline = true;

        public int Count => Roles.Count + Users.Count + Apps.Count;

        private readonly List<string> _unmatched = new List<string>();

        /// <summary>
        /// Notes a path the admin gave that gave no resource file (an empty folder, a wildcard that matched nothing; the
        /// path resolver has reported it), as written with its parameter ("-Path ./export"), for <see cref="Where"/>.
        /// </summary>
        public void NoteUnmatched(string given)
        {
            if (!string.IsNullOrEmpty(given)) _unmatched.Add(given);
        }

        /// <summary>Reads resource files; a file or document that cannot be read is reported and the others are read.</summary>
        public void ReadFiles(IEnumerable<string> files)
        {
            foreach (var file in files)
            {
                _files.Add(file);
                foreach (var item in ResourceReader.ReadFile(file, Cancel)) Take(item);
            }
        }

        public void ReadText(string text, string source)
        {
            _fromPipeline = true;
            foreach (var item in ResourceReader.ReadText(text, source, Cancel)) Take(item);
        }

        /// <summary>
        /// A resource piped as tctl writes it (<see cref="InputKind.Document"/>: `tctl get role/x --format=json | ConvertFrom-Json`),
        /// written back as its JSON (<see cref="PipedObjectJson"/>) and read as a file of it would be: the reader's rules,
        /// warnings and errors alike. A TeleportArgumentException (InvalidPipelineInput) when it is nested too deep to write.
        /// </summary>
        public void ReadObject(IInputObject input) => ReadText(PipedObjectJson.Of(input ?? throw new ArgumentNullException(nameof(input))), SourceLocation.Pipeline);

        private void Take(ResourceReadItem item)
        {
            if (item.Resource != null)
            {
                Add(item.Resource);
                return;
            }
            var d = item.Diagnostic!; // a read item holds a resource or a diagnostic
            switch (d.Level)
            {
                case DiagnosticLevel.Error: Refuse(d); break;
                case DiagnosticLevel.Warning: Warning(d.ToString()); break;
                default: Verbose(d.ToString()); break;
            }
        }

        private void Refuse(ResourceDiagnostic d)
        {
            _unread.Add((d.Location != null ? d.Location + " " : "") + "(" + d.Code + ")");
            _unreadFiles.Add(d.Location?.Path);
            Error(d);
        }

        /// <summary>
        /// Adds a resource. A role or user given twice: the later definition wins (an export read after another is
        /// the newer one), with a warning. An app given twice is normal (one app_server per agent): lookups use the
        /// first, and warn when a copy's labels differ.
        /// </summary>
        public void Add(TeleportResource resource, bool fromPipeline = false)
        {
            _fromPipeline |= fromPipeline;
            if (fromPipeline) resource = AsRead(resource);
            if (ResourceCopies.ShownOnlyNote(resource) is string shownOnly) Warning(shownOnly);
            All.Add(resource);
            switch (resource)
            {
                case Role role:
                    // A role object from the pipeline did not pass the reader: Teleport's name and version rules apply here.
                    if (string.IsNullOrEmpty(role.Name))
                        Refuse(new ResourceDiagnostic(DiagnosticLevel.Error, "InvalidRole", "a role without a name was given", role.GetSourceLocation()) { RecommendedAction = "Give every role a metadata.name." });
                    else if (!RoleVersions.IsSupported(role.Version))
                        Refuse(new ResourceDiagnostic(DiagnosticLevel.Error, "UnsupportedRoleVersion", Output.OutputText.Labelled("role " + GoText.Quote(role.Name), RoleVersions.NotSupportedMessage(role.Version)),
                            role.GetSourceLocation()) { RecommendedAction = "Use a role version from v3 to v9 (Teleport refuses any other); the role was left out." });
                    else if (role.Version != RoleVersions.V9 && ((role.Allow?.HasAppResourceRules ?? false) || (role.Deny?.HasAppResourceRules ?? false)))
                        Refuse(new ResourceDiagnostic(DiagnosticLevel.Error, "InvalidRole", Output.OutputText.Labelled("role " + GoText.Quote(role.Name),
                            AppResourceRules.NeedsV9Message((role.Allow?.HasAppResourceRules ?? false) ? "spec.allow" : "spec.deny", role.Version ?? "")), role.GetSourceLocation())
                            { RecommendedAction = "Make the role v9 or remove its app_resources; the role was left out." });
                    else ReplaceOrAdd(Roles, _roleAt, role, "role");
                    break;
                case User user:
                    ReplaceOrAdd(Users, _userAt, user, "user");
                    break;
                case App app:
                    Apps.Add(app);
                    break;
                case AppAuthConfig config:
                    ReplaceOrAdd(AppAuthConfigs, _appAuthConfigAt, config, "app_auth_config");
                    break;
                case ScopedRoleAssignment scoped:
                    ScopedAssignments.Add(scoped);
                    break;
            }
        }

        /// <summary>
        /// The one rule for a resource object the module wrote earlier and is given back (piped, or bound to -App/-User):
        /// its texts were escaped and redacted for display (a label value with a control character, a secret argument), so
        /// the engine works on a copy with the values it was read with, and the caller's object keeps the shown ones. Every
        /// kind alike, so a piped role, user or app decides as the file it came from.
        /// </summary>
        public static T AsRead<T>(T resource) where T : TeleportResource =>
            Output.OutputSanitizer.RestoredCopy(resource ?? throw new ArgumentNullException(nameof(resource)), r => (T)r.CopyForInput());

        private void ReplaceOrAdd<T>(List<T> list, Dictionary<string, int> at, T item, string kind) where T : TeleportResource
        {
            string key = item.Name ?? "";
            if (!at.TryGetValue(key, out int existing))
            {
                at[key] = list.Count;
                list.Add(item);
                return;
            }
            string copyKey = kind + "\n" + key;
            int copies = (_copies.TryGetValue(copyKey, out int seen) ? seen : 1) + 1;
            _copies[copyKey] = copies;
            if (copies <= MaxCopyWarnings)
                Warning(kind + " " + GoText.Quote(item.Name) + " was given " + (copies == 2 ? "twice" : copies + " times") + "; the " + (copies == 2 ? "later" : "latest") + " definition (" +
                        (item.Source ?? SourceLocation.Pipeline) + ") is used" + (copies == MaxCopyWarnings ? "; further copies of it are used the same way without a warning each." : "."));
            list[existing] = item;
        }

        /// <summary>
        /// What a listing writes: every resource in the order given, a role or user given twice once (the later
        /// definition, where it stood), every app and App Service agent (an app served by several agents is listed
        /// once per agent); a role that was refused is left out. An app_auth_config given twice is written once, as a role is.
        /// </summary>
        public List<TeleportResource> Kept()
        {
            var kept = new HashSet<TeleportResource>(Roles.Cast<TeleportResource>().Concat(Users).Concat(AppAuthConfigs));
            return All.Where(r => (!(r is Role) && !(r is User) && !(r is AppAuthConfig)) || kept.Contains(r)).ToList();
        }

        /// <summary>The apps once each: for each name, in the order first given, the copy access is decided with (<see cref="FindApp"/>).</summary>
        public List<App> DistinctApps() => Apps.GroupBy(a => a.Name, StringComparer.Ordinal).Select(g => Deciding(g.ToList())).ToList();

        public User? FindUser(string? name) => Users.FirstOrDefault(u => u.Name == name);

        /// <summary>
        /// The copy of the app its access is decided with: the agent checks every tool call against the app it serves, and
        /// tsh mcp ls lists the app_servers (2:S7), so a heartbeat (with its dynamic labels' results) is taken before the
        /// resource or teleport.yaml entry; without heartbeats, the first copy. Copies that decide with other labels are
        /// worth a warning: access then differs by agent, or by which copy is right.
        /// </summary>
        public App? FindApp(string? name)
        {
            // lib/srv/mcp/session.go checkAccessToTool: Checker.CheckAccess(s.App, ...), the session's app on that agent.
            var matches = Apps.Where(a => a.Name == name).ToList();
            if (matches.Count == 0) return null;
            var used = Deciding(matches);
            var served = matches.Where(a => a.Origin == AppOrigin.AppServer).ToList();
            var deciding = served.Count > 0 ? served : matches;
            if (deciding.Select(LabelText).Distinct(StringComparer.Ordinal).Count() > 1)
                Warning(served.Count > 0
                    ? "app " + GoText.Quote(name) + " is served by " + served.Count + " App Service heartbeats with different labels, and each agent decides access with its own: " +
                      "access may differ by agent; the heartbeat of " + (AppDefinitions.AgentOf(used) ?? "an agent") + " (" + (used.Source ?? SourceLocation.Pipeline) + ") is used."
                    : "app " + GoText.Quote(name) + " was given " + matches.Count + " times with different labels; the first (" + (used.Source ?? SourceLocation.Pipeline) + ") is used.");
            return used;
        }

        private static App Deciding(List<App> copies) => copies.FirstOrDefault(a => a.Origin == AppOrigin.AppServer) ?? copies[0];

        /// <summary>
        /// The other heartbeats of <paramref name="app"/>'s name whose labels (static, and dynamic labels' results) differ from
        /// its own, one per label set: agents that may decide a user's access otherwise (<see cref="FindApp"/>).
        /// </summary>
        public List<App> OtherServedLabelSets(App app)
        {
            if (app == null) throw new ArgumentNullException(nameof(app));
            string own = LabelText(app);
            return Apps.Where(a => a.Name == app.Name && a.Origin == AppOrigin.AppServer && !ReferenceEquals(a, app))
                .GroupBy(LabelText, StringComparer.Ordinal).Where(g => g.Key != own).Select(g => g.First()).ToList();
        }

        /// <summary>
        /// Where the resources came from, for a message about a name that is not there: the files read and the pipeline;
        /// when neither gave anything, the paths given that read no file ("-Path ./export, which gave no resource
        /// file"); "no input" only when nothing at all was given.
        /// </summary>
        public string Where
        {
            get
            {
                var parts = new List<string>();
                if (_files.Count == 1) parts.Add(_files[0]);
                else if (_files.Count > 1) parts.Add(_files.Count + " files (" + _files[0] + ", ...)");
                if (_fromPipeline) parts.Add("the pipeline");
                if (parts.Count == 0 && _unmatched.Count > 0)
                    parts.Add(ListText.Join(", ", _unmatched) + ", which gave no resource file");
                return parts.Count == 0 ? "no input" : string.Join(" and ", parts);
            }
        }

        /// <summary>The error text for a name that is not among the given resources: what was looked for, and where.</summary>
        public string NotFoundMessage(string kind, string? name, IEnumerable<string?> known) => NameSelection.NotFoundMessage(kind, name, Where, known);

        // The labels Teleport matches: static ones and the dynamic labels' current results (2:G16).
        /// <summary>An app copy's labels as one text (static labels, then dynamic labels' results): copies with the same text decide access alike.</summary>
        internal static string LabelText(App a) =>
            string.Join(";", a.LabelMap.Select(kv => kv.Key + "=" + kv.Value).OrderBy(x => x, StringComparer.Ordinal)) + "|" +
            string.Join(";", a.DynamicLabelResultMap.Select(kv => kv.Key + "=" + kv.Value).OrderBy(x => x, StringComparer.Ordinal));
    }
}
