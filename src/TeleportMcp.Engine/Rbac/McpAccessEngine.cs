using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Rbac
{
    internal static class Namespaces
    {
        /// <summary>defaults.Namespace: the namespace of every app.</summary>
        public const string Default = "default";

        /// <summary>
        /// Whether a role side's namespaces leave out every app (lib/services/role.go MatchNamespace against "default").
        /// Unset namespaces are ["default"] (api/types/role.go checkAndSetRoleConditionNamespaces); an empty list reaches
        /// the Auth Service unset, as protobuf sends no empty list.
        /// </summary>
        public static bool ExcludeApps([NotNullWhen(true)] List<string>? namespaces) =>
            namespaces != null && namespaces.Count > 0 && !namespaces.Exists(n => n == Default || n == "*");
    }

    /// <summary>One role side (allow or deny) after trait interpolation for one user.</summary>
    internal sealed class PreparedSide
    {
        public bool HasTools;                                  // an mcp block with a tools list (T4)
        public List<TeleportPattern> Tools = new List<TeleportPattern>();
        public List<RoleEntry> ToolRefs = new List<RoleEntry>();
        public List<string> UnknownTools = new List<string>();  // entries whose interpolation cannot be decided offline
        public ResolvedSelector? Labels;                         // null when app_labels is unset
        public string? LabelsWritten;
        public bool LabelsDefaulted;                            // v3 default '*': '*' (L9)
        public LabelExpression? Expression;
        public string? NamespaceExcluded;                       // why the side never applies (its namespaces miss "default")
    }

    internal sealed class PreparedRole
    {
        public required string Name;
        public required Role Definition;
        public PreparedSide Allow = null!; // set right after construction by PrepareSide
        public PreparedSide Deny = null!; // set right after construction by PrepareSide
    }

    /// <summary>A user's roles, interpolated once (per user) for every decision.</summary>
    public sealed class UserAccess
    {
        public string? UserName { get; internal set; }
        public IReadOnlyList<string> MissingRoles => _missing;

        /// <summary>
        /// Why a decision the user's missing roles could change is Indeterminate; null when every role was given. Teleport
        /// loads every role of a user and fails when one is missing (lib/services/role.go FetchRoleList returns GetRole's
        /// NotFound; lib/services/access_checker.go NewAccessChecker), so offline only a deny of a role given decides.
        /// </summary>
        public string? MissingRolesReason => _missing.Count == 0 ? null : _missingReason ??= ExplainMissing();

        // Built once per user (Prepare fills the missing roles), not once per decision; a race builds the same text.
        private string? _missingReason;

        private string ExplainMissing() => UserName + "'s role" + (_missing.Count == 1 ? " " : "s ") + ListText.Join(", ", _missing.Select(GoText.Quote)) + (_missing.Count == 1 ? " is" : " are") +
              " not in the input, and Teleport decides with every role of a user (it refuses the user's certificate when a role does not exist, lib/services/role.go FetchRoleList)" +
              ", so the missing role may allow or deny what the roles given do not deny; give it with the others";
        public IReadOnlyList<DroppedEntry> Dropped => _dropped;
        internal IReadOnlyDictionary<string, List<string>> Traits = null!; // set wherever a UserAccess is built (the user's traits or none)
        internal readonly List<PreparedRole> Roles = new List<PreparedRole>();
        internal readonly List<string> _missing = new List<string>();
        internal readonly List<DroppedEntry> _dropped = new List<DroppedEntry>();
        internal readonly List<string> _versionNotes = new List<string>();
        /// <summary>The scoped roles the user holds (scoped_role_assignment), said on each decision: they grant no MCP tools.</summary>
        public string? ScopedNote { get; internal set; }
        /// <summary>Constructs of recent Teleport releases the user's roles rely on, with the release that added them.</summary>
        public IReadOnlyList<string> VersionNotes => _versionNotes;
        public IEnumerable<string> RoleNames => Roles.Select(r => r.Name);
    }

    /// <summary>A user's label results for one app, computed once; tool decisions only match tool names.</summary>
    public sealed class AppAccess
    {
        public UserAccess User { get; internal set; } = null!; // every AppAccess is built with its user
        public string? AppName { get; internal set; }
        internal AppLabelSet Labels = null!; // set with the user when the AppAccess is built
        internal LabelMatch[] DenyLabels = Array.Empty<LabelMatch>();
        internal LabelMatch[] AllowLabels = Array.Empty<LabelMatch>();
        internal string?[] AllowLabelsWhy = Array.Empty<string?>();
        internal bool ConnectRefused;
        // The roles the deny pass must look at for any tool (the others' deny labels do not select the app and they
        // list no deny tools): with many roles, most are passed over without being touched.
        internal int[] DenyRelevant = Array.Empty<int>();
        // Why no role grants a tool here, but for the tool's name (McpAccessEngine.ExplainNotGranted); built on first need.
        internal NotGrantedExplanation? NotGranted;
        // Role v9 (RoleV9Gate): why an Allowed decision here is Indeterminate, or the note an Allowed decision carries.
        internal string? V9Concern;
        internal string? V9Note;
        // Every App Service serving the app is older than v19 and gets a downgraded copy of a v9 role that selects it: the copy's deny labels refuse the app.
        internal RoleEntry? V9Refusal;
        internal string? V9RefusalReason;
        // The app_server heartbeats of the app (every copy with its name), whose spec.version says which roles each agent decides with.
        internal IReadOnlyList<App> Servers = Array.Empty<App>();
        // The copy of the app the labels are of, when built from one.
        internal App? Copy;
        // The serving agents grouped by labels and release, each group with the label results it decides with (null: this
        // access's own, when one group has this copy's labels); built on the first explained decision.
        internal List<(List<McpAccessEngine.AgentShown> Agents, AppAccess? Access)>? AgentGroups;
        // The agents whose v8 copy of a restricted v9 role refuses the app (older than v19; the role selects the app), for the lint.
        internal IReadOnlyList<ServingAgent> V9RefusingAgents = Array.Empty<ServingAgent>();
    }

    /// <summary>The reason of a NotGranted decision on one app: a whole text, or the text around the tool's quoted name.</summary>
    internal sealed class NotGrantedExplanation
    {
        public NotGrantedExplanation(string? whole, string before, string after)
        {
            Whole = whole;
            Before = before;
            After = after;
        }

        public static NotGrantedExplanation Of(string whole) => new NotGrantedExplanation(whole, "", "");

        public string? Whole { get; }
        public string Before { get; }
        public string After { get; }
    }

    /// <summary>
    /// Teleport's MCP tool decision (RoleSet.checkAccess, lib/services/role.go): deny pass over every role, then
    /// allow per role (T1-T4), with trait interpolation (I-rules) and label matching (L-rules).
    /// </summary>
    public sealed class McpAccessEngine
    {
        // lib/services/role.go NewImplicitRole: grants no MCP tools (T5).
        public const string ImplicitRoleName = "default-implicit-role";

        private readonly Dictionary<string, Role> _roles = new Dictionary<string, Role>(StringComparer.Ordinal);

        // The scoped role and scope pairs of each user named by a scoped_role_assignment, with the assignments' places.
        private readonly Dictionary<string, List<(ScopedRoleAssignment Assignment, string Role, string Scope)>> _scoped =
            new Dictionary<string, List<(ScopedRoleAssignment, string, string)>>(StringComparer.Ordinal);

        /// <param name="roles">The roles to decide with.</param>
        /// <param name="scoped">The scoped_role_assignments of the input: no decision uses them, each decision for their user says so.</param>
        public McpAccessEngine(IEnumerable<Role> roles, IEnumerable<ScopedRoleAssignment>? scoped = null)
        {
            foreach (var r in roles) _roles[r.Name ?? ""] = r;
            foreach (var a in scoped ?? Enumerable.Empty<ScopedRoleAssignment>())
            {
                if (string.IsNullOrEmpty(a.AssignedUser) || !a.Grants.Any()) continue;
                if (!_scoped.TryGetValue(a.AssignedUser!, out var list)) _scoped[a.AssignedUser!] = list = new List<(ScopedRoleAssignment, string, string)>();
                foreach (var pair in a.Grants) list.Add((a, pair.Key, pair.Value));
            }
        }

        // api/proto/teleport/scopes/access/v1/role.proto @041cff39: ScopedRoleApp has no MCP field, and a scoped role no deny side;
        // lib/srv/app/connections_handler.go @0009d93e handleConnection refuses an MCP app to a scope-pinned identity.
        private string? ScopedNote(string? userName)
        {
            if (!_scoped.TryGetValue(userName ?? "", out var held)) return null;
            string Cut(string? text) => GoText.Quote(BoundedCapture.Cut(text ?? "", 80));
            var pairs = held.Select(h => "scoped role " + Cut(h.Role) + " at scope " + Cut(h.Scope) + " (scoped_role_assignment " + Cut(h.Assignment.Name) +
                                         (h.Assignment.Source != null ? ", " + h.Assignment.Source : "") + ")").Distinct(StringComparer.Ordinal).ToList();
            return userName + " holds " + ListText.JoinWhole(", ", pairs) +
                   ": scoped roles grant no MCP tools (their app block selects apps by labels and has no mcp field), and an App Service refuses every MCP app to a login pinned to a scope " +
                   "(\"MCP application access is not supported for scoped identities\"). This decision is that of the classic roles, on a login without a scope.";
        }

        public IReadOnlyDictionary<string, Role> Roles => _roles;

        /// <summary>T6: the access error Teleport returns (format "access to %v denied. User does not have permissions. %v").</summary>
        public static string TeleportDenialText(string kind) => "access to " + kind + " denied. User does not have permissions. ";

        // One string for every refused decision (made once): an explained run writes it on most of its objects.
        // lib/srv/mcp/session.go @6230ac84 makeToolAccessDeniedResponse (C1); lib/srv/mcp/messages.go @fc658dd7 (C2, "Adminstrators" as written).
        private static readonly string RefusedCallNote = "Teleport answers a refused tools/call with JSON-RPC error -32602 "
            + GoText.Quote("RBAC is enforced by your Teleport roles. Contact your Teleport Admin for more details.") + " with the access error "
            + GoText.Quote(TeleportDenialText("app")) + " as its data (older versions: a tool result with the text \"Error: <access error>. RBAC is enforced by your Teleport roles. Contact your Teleport Adminstrators for more details.\"), without forwarding it to the server, and silently drops the tool from tools/list (T6, C1-C3).";

        private const string CacheNote = "On Teleport versions that cache MCP tool decisions (10 minutes per session, removed by PR #67671), a role or trait change can take up to 10 minutes to apply inside a live MCP session (T8).";

        // Roles without any trait template prepare the same for every user: done once per role set and shared
        // (null: the role reads traits or the user's name, so it is prepared per user).
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Role, PreparedRole?> _shared = new System.Collections.Concurrent.ConcurrentDictionary<Role, PreparedRole?>();
        private static readonly IReadOnlyDictionary<string, List<string>> NoTraits = new Dictionary<string, List<string>>();

        public UserAccess Prepare(User user)
        {
            var ua = new UserAccess { UserName = user.Name, Traits = user.TraitMap, ScopedNote = ScopedNote(user.Name) };
            var missing = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in user.Roles)
            {
                if (name == ImplicitRoleName) continue;   // T5
                if (!_roles.TryGetValue(name, out var def))
                {
                    if (missing.Add(name)) ua._missing.Add(name);
                    continue;
                }
                var shared = _shared.GetOrAdd(def, Share);
                if (shared != null)
                {
                    ua.Roles.Add(shared);
                    NoteExpressionVersions(ua, def, "allow", shared.Allow);
                    NoteExpressionVersions(ua, def, "deny", shared.Deny);
                    continue;
                }
                var pr = new PreparedRole { Name = name, Definition = def };
                pr.Allow = PrepareSide(def, def.Allow, "allow", true, ua);
                pr.Deny = PrepareSide(def, def.Deny, "deny", false, ua);
                ua.Roles.Add(pr);
            }
            return ua;
        }

        /// <summary>The role prepared once for every user, or null when any of its entries is a template.</summary>
        private static PreparedRole? Share(Role def)
        {
            foreach (var cond in new[] { def.Allow, def.Deny })
            {
                if (cond == null) continue;
                if (cond.McpTools != null && cond.McpTools.Any(e => e == null || TraitTemplate.LooksLikeTemplate(e))) return null;
                if (cond.AppLabels != null)
                    foreach (var kv in cond.AppLabels.Entries)
                        if (kv.Key == null || TraitTemplate.LooksLikeTemplate(kv.Key) || kv.Value.Any(v => v == null || TraitTemplate.LooksLikeTemplate(v))) return null;
            }
            var probe = new UserAccess { UserName = "", Traits = NoTraits };
            var pr = new PreparedRole { Name = def.Name ?? "", Definition = def };
            pr.Allow = PrepareSide(def, def.Allow, "allow", true, probe);
            pr.Deny = PrepareSide(def, def.Deny, "deny", false, probe);
            // Anything the probe user collected depends on the user after all.
            if (probe._dropped.Count > 0 || pr.Allow.UnknownTools.Count > 0 || pr.Deny.UnknownTools.Count > 0 ||
                probe._versionNotes.Count != ExpressionNotes(def, "allow", pr.Allow).Count() + ExpressionNotes(def, "deny", pr.Deny).Count()) return null;
            return pr;
        }

        private static IEnumerable<string> ExpressionNotes(Role role, string side, PreparedSide ps) =>
            ps.Expression == null ? Enumerable.Empty<string>() : ps.Expression.VersionNotes.Select(n => "role " + role.Name + " " + side + ".app_labels_expression: " + n + ".");

        private static void NoteExpressionVersions(UserAccess ua, Role role, string side, PreparedSide ps)
        {
            foreach (var note in ExpressionNotes(role, side, ps))
                if (!ua._versionNotes.Contains(note)) ua._versionNotes.Add(note);
        }

        private static PreparedSide PrepareSide(Role role, RoleConditions cond, string side, bool allow, UserAccess ua)
        {
            var ps = new PreparedSide();
            cond = cond ?? new RoleConditions();
            // lib/services/role.go checkAccess: a side counts only where MatchNamespace(its namespaces, the app's) holds,
            // and an app is always in "default" (Metadata.Namespace is never read from a file: json "-").
            if (Namespaces.ExcludeApps(cond.Namespaces))
            {
                ps.NamespaceExcluded = "role " + role.Name + "'s " + side + " conditions never apply: its " + side + ".namespaces " + ListText.Join(", ", cond.Namespaces.Select(GoText.Quote)) +
                                       " name neither \"default\" nor \"*\", and every app is in namespace default (lib/services/role.go MatchNamespace); recent Teleport releases refuse to save such a role.";
                return ps;
            }
            string field = side + ".mcp.tools";
            if (cond.McpTools != null)
            {
                ps.HasTools = cond.McpTools.Count > 0;
                foreach (var entry in cond.McpTools)
                {
                    if (entry.Length == 0)
                    {
                        // lib/utils/parse Interpolate keeps only non-empty values, so '' is NotFound and dropped silently.
                        ua._dropped.Add(new DroppedEntry { Role = role.Name, Field = field, Entry = entry, Silent = true, Reason = "an empty entry has no value (\"variable interpolation result is empty\"); Teleport drops it without logging" });
                        continue;
                    }
                    // I1: ApplyTraits runs on allow.mcp.tools and deny.mcp.tools, one entry at a time.
                    var r = TraitTemplate.Apply(entry, ua.Traits, ua.UserName);
                    NoteVersion(ua, role.Name, field, entry, r);
                    r.Message = TraitTemplate.ShownMessage(entry, r.Message, ua.Traits);
                    switch (r.Outcome)
                    {
                        case TemplateOutcome.Ok:
                            foreach (var v in r.Values)
                            {
                                ps.Tools.Add(TeleportPattern.Get(v));
                                ps.ToolRefs.Add(new RoleEntry { Role = role.Name, Field = field, Written = entry, Effective = v });
                            }
                            break;
                        case TemplateOutcome.NotFound:
                            ua._dropped.Add(new DroppedEntry
                            {
                                Role = role.Name, Field = field, Entry = entry, Silent = true, Trait = r.TraitName,
                                Reason = r.TraitName != null && r.Message != null && r.Message.StartsWith("trait not found", StringComparison.Ordinal)
                                    ? ua.UserName + " has no " + r.TraitName + " trait (" + r.Message + "); Teleport drops the entry without logging"
                                    : (r.TraitName != null ? ua.UserName + "'s " + r.TraitName + " trait gives no value" : "the template gives no value") + " (" + r.Message + "); Teleport drops the entry without logging",
                            });
                            break;
                        case TemplateOutcome.Error:
                            ua._dropped.Add(new DroppedEntry
                            {
                                Role = role.Name, Field = field, Entry = entry, Silent = false,
                                Reason = r.Message + "; Teleport drops the entry (DEBUG \"Skipping trait value.\")",
                            });
                            break;
                        case TemplateOutcome.Unknown:
                            ps.UnknownTools.Add(Output.OutputText.Labelled(entry, r.Message));
                            break;
                    }
                }
            }
            // L9 / R3: a v3 role without allow app_labels selects every app. An empty map counts as unset: Labels.Unmarshal
            // (api/types/role.go) leaves a map with no entries nil, so the Auth Service's CheckAndSetDefaults gives it '*': '*'.
            var labels = cond.AppLabels;
            if ((labels == null || labels.Count == 0) && allow && role.Version == "v3")
            {
                labels = LabelSelector.Wildcard();
                ps.LabelsDefaulted = true;
            }
            if (labels != null && labels.Count > 0)
            {
                ps.LabelsWritten = labels.ToString();
                ps.Labels = ResolveSelector(labels, role.Name, side + ".app_labels", ua);
            }
            if (!StringChecks.IsNullOrEmpty(cond.AppLabelsExpression))
            {
                ps.Expression = LabelExpression.Get(cond.AppLabelsExpression);
                NoteExpressionVersions(ua, role, side, ps);
            }
            return ps;
        }

        private static void NoteVersion(UserAccess ua, string? role, string field, string entry, TemplateResult r)
        {
            if (!r.ReadsUserName) return;
            var note = "role " + role + " " + field + " entry " + GoText.Quote(entry) + " uses {{user.metadata.name}}, added in " + TraitTemplate.UserNameSince + ".";
            if (!ua._versionNotes.Contains(note)) ua._versionNotes.Add(note);
        }

        // applyLabelsTraits (lib/services/role.go): a key that fails becomes "", a value that fails becomes "".
        private static ResolvedSelector ResolveSelector(LabelSelector s, string? role, string field, UserAccess ua)
        {
            var rs = new ResolvedSelector();
            var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var e in s.Entries)
            {
                string key = e.Key;
                if (TraitTemplate.LooksLikeTemplate(key))
                {
                    var kr = TraitTemplate.Apply(key, ua.Traits, ua.UserName);
                    NoteVersion(ua, role, field, e.Key, kr);
                    kr.Message = TraitTemplate.ShownMessage(key, kr.Message, ua.Traits);
                    if (kr.Outcome == TemplateOutcome.Ok) key = kr.Values[0];
                    else if (kr.Outcome == TemplateOutcome.Unknown)
                    {
                        rs.Ambiguity = rs.Ambiguity ?? "the label key " + GoText.Quote(e.Key) + " cannot be interpolated offline: " + kr.Message;
                        rs.WildcardUncertain = true;
                        continue;
                    }
                    else
                    {
                        ua._dropped.Add(new DroppedEntry { Role = role, Field = field, Entry = e.Key, Trait = kr.TraitName, Reason = kr.Message + "; Teleport uses an empty key, which matches no app" });
                        key = "";
                    }
                }
                var values = new List<string>();
                foreach (var v in e.Value)
                {
                    var vr = TraitTemplate.Apply(v, ua.Traits, ua.UserName);
                    NoteVersion(ua, role, field, v, vr);
                    vr.Message = TraitTemplate.ShownMessage(v, vr.Message, ua.Traits);
                    if (vr.Outcome == TemplateOutcome.Ok) values.AddRange(vr.Values);
                    else if (vr.Outcome == TemplateOutcome.Unknown)
                    {
                        rs.Ambiguity = rs.Ambiguity ?? "the label value " + GoText.Quote(v) + " cannot be interpolated offline: " + vr.Message;
                        if (key == "*") rs.WildcardUncertain = true;
                    }
                    else
                    {
                        ua._dropped.Add(new DroppedEntry { Role = role, Field = field, Entry = e.Key + ": " + v, Trait = vr.TraitName, Reason = vr.Message + "; Teleport uses an empty value, which matches only an empty label" });
                        values.Add("");
                    }
                }
                var valueSet = new HashSet<string>(values, StringComparer.Ordinal);
                if (seen.TryGetValue(key, out var earlier))
                {
                    // Go keeps one of them at random: that matters only when their values differ.
                    if (earlier.SetEquals(valueSet)) continue;
                    rs.Ambiguity = rs.Ambiguity ?? "two app_labels keys of role " + role + " interpolate to " + GoText.Quote(key) + " with different values; Go keeps one of them at random";
                    if (key == "*") rs.WildcardUncertain = true;
                }
                else seen[key] = valueSet;
                var dedup = new List<TeleportPattern>();
                foreach (var v in values.Distinct(StringComparer.Ordinal)) dedup.Add(TeleportPattern.Get(v));
                rs.Entries.Add(new KeyValuePair<string, List<TeleportPattern>>(key, dedup));
            }
            return rs;
        }

        public AppAccess ForApp(UserAccess ua, App app) =>
            ForApp(ua, AppLabelSet.For(app));

        /// <summary>As <see cref="ForApp(UserAccess, App)"/>, with the app's app_server heartbeats: their releases decide what a v9 role does there.</summary>
        public AppAccess ForApp(UserAccess ua, App app, IReadOnlyList<App>? servers)
        {
            var aa = ForApp(ua, AppLabelSet.For(app), servers);
            aa.Copy = app;
            return aa;
        }

        public AppAccess ForApp(UserAccess ua, AppLabelSet labels, IReadOnlyList<App>? servers = null)
        {
            var n = ua.Roles.Count;
            var aa = new AppAccess { User = ua, AppName = labels.AppName, Labels = labels, DenyLabels = new LabelMatch[n], AllowLabels = new LabelMatch[n], AllowLabelsWhy = new string[n],
                                     Servers = servers ?? Array.Empty<App>() };
            var env = new ExprEnv { Labels = labels, Traits = ua.Traits, UserName = ua.UserName };
            if (ua.Roles.Exists(r => (r.Allow.Expression?.DependsOnGoRelease ?? false) || (r.Deny.Expression?.DependsOnGoRelease ?? false)))
                SetGoOfAgents(env, aa.Servers, labels.AppName ?? "the app");
            for (int i = 0; i < n; i++)
            {
                aa.DenyLabels[i] = Shown(CheckLabels(ua.Roles[i].Deny, false, labels, env), ua.Roles[i].Deny, ua);
                aa.AllowLabels[i] = Shown(CheckLabels(ua.Roles[i].Allow, true, labels, env), ua.Roles[i].Allow, ua);
            }
            bool decided = false;
            for (int i = 0; i < n; i++)
            {
                var al = aa.AllowLabels[i].Outcome;
                var dl = aa.DenyLabels[i].Outcome;
                if (al != MatchOutcome.NoMatch || dl == MatchOutcome.Match || dl == MatchOutcome.Error) decided = true;
            }
            // No role selects the app, none may, and nothing fails or denies on the way: the connect check refuses it.
            aa.ConnectRefused = !decided;
            var relevant = new List<int>();
            for (int i = 0; i < n; i++)
            {
                var deny = ua.Roles[i].Deny;
                if (aa.DenyLabels[i].Outcome != MatchOutcome.NoMatch || (deny.HasTools && deny.Tools.Count > 0) || deny.UnknownTools.Count > 0) relevant.Add(i);
            }
            aa.DenyRelevant = relevant.ToArray();
            RoleV9Gate(aa, env);
            return aa;
        }

        /// <summary>
        /// Role v9 and MCP apps. app_resources rules do not govern MCP apps: lib/appresource/app.go @8ed6a8e4 GovernsApp leaves
        /// out TCP, MCP, cloud, LLM and Identity Center apps (TestGovernsApp: mcp+stdio is not governed), tctl apps
        /// evaluate-request refuses them ("app_resources rules do not govern app %q", tool/tctl/common/app_evaluate_command.go
        /// @909c7680), and the earlier check (lib/srv/app/appresources.go enforceMinimalV9) is for plain HTTP requests, which
        /// an MCP connection never becomes (lib/srv/app/connections_handler.go @0009d93e handleConnection hands it to the MCP
        /// server). So an App Service of v19 or later decides MCP access as v8 did. Older ones get a v8 copy of every v9 role
        /// that is not a pure allow_all, its allow selectors moved to deny and its app_resources (allow and deny) dropped
        /// (lib/auth MaybeDowngradeRoleVersionToV8; downgrade property tests, index id 57052340701): such a role that selects
        /// the app refuses it there. Which release serves the app is not known offline.
        /// </summary>
        private static void RoleV9Gate(AppAccess aa, ExprEnv env)
        {
            var roles = aa.User.Roles;
            string? restricted = null, pure = null, denyRules = null;
            int restrictedIndex = -1;
            bool restrictedSelects = false;
            for (int i = 0; i < roles.Count; i++)
            {
                var def = roles[i].Definition;
                if (denyRules == null && def.Deny != null && def.Deny.HasAppResourceRules) denyRules = roles[i].Name;
                if (def.Version != RoleVersions.V9) continue;
                bool selects = aa.AllowLabels[i].Outcome != MatchOutcome.NoMatch;
                if (AppResourceRules.IsPureAllowAll(def.Allow ?? new RoleConditions(), def.Deny ?? new RoleConditions()))
                {
                    if (selects) pure = pure ?? roles[i].Name;
                }
                else if (restricted == null)
                {
                    var part = SelectsByOnePart(roles[i].Allow, aa.Labels, env);
                    if (selects || part != MatchOutcome.NoMatch)
                    {
                        restricted = roles[i].Name;
                        restrictedIndex = i;
                        restrictedSelects = aa.AllowLabels[i].Outcome == MatchOutcome.Match || part == MatchOutcome.Match;
                    }
                }
            }
            const string NotGoverned = "app_resources rules do not govern MCP apps, so App Services of v19 or later decide access to it as v8 did";
            if (restricted == null)
            {
                if (pure != null)
                    aa.V9Note = "v9 role " + pure + " selects app " + aa.AppName + ": " + NotGoverned + ", and older App Services keep a role with the single app_resources rule `allow_all: true` as it is" +
                                (denyRules != null ? "; role " + denyRules + "'s app_resources under deny do not govern MCP apps either, and older App Services drop them" : "") + ".";
                return;
            }
            // Only a restricted v9 role makes the serving agents' releases matter (most decisions, with v3-v8 roles, stop above).
            var agents = ServingAgents(aa.Servers);
            bool known = agents.Count > 0 && agents.All(a => a.Release != null);
            var newer = known ? agents.Where(a => a.Release! >= MinRoleV9Release).ToList() : new List<ServingAgent>();
            var older = known ? agents.Where(a => a.Release! < MinRoleV9Release).ToList() : new List<ServingAgent>();
            if (known && restrictedSelects) aa.V9RefusingAgents = older;
            string Fix(string role) => "Give role " + role + " `app_resources: [{allow_all: true}]` (older App Services then keep its access)" +
                                       (older.Count > 0 ? ", upgrade " + AgentList(older) + " to v19 or later," : "") + " or let it not select the app";
            string downgraded = "App Services older than v19 get a v8 copy of " + restricted + " whose allow selectors moved to deny, which refuses the app" +
                                (pure != null ? " whatever v9 role " + pure + " holds" : "");
            if (known && older.Count == 0)
                aa.V9Note = "role " + restricted + " is a v9 role without the single app_resources rule `allow_all: true`: " + NotGoverned + ", and every App Service serving " + aa.AppName +
                            " runs v19 or later (" + AgentList(newer) + ", app_server spec.version), so this decision holds; " + downgraded + ".";
            else if (known && newer.Count == 0 && restrictedSelects)
            {
                var role = roles[restrictedIndex];
                aa.V9Refusal = new RoleEntry { Role = restricted, Field = "allow.app_labels/app_labels_expression (moved to deny in the v8 copy)", Written = role.Allow.LabelsWritten ?? role.Allow.Expression?.Text, Effective = role.Allow.Labels?.ToString() };
                aa.V9RefusalReason = "role " + restricted + " is a v9 role that selects app " + aa.AppName + " without the single app_resources rule `allow_all: true`, and every App Service serving it runs a release older than v19 (" +
                                     AgentList(older) + ", app_server spec.version): " + downgraded + ", so " + aa.User.UserName + " cannot reach it at all. " + Fix(restricted) + ".";
            }
            else if (known)
                aa.V9Concern = "role " + restricted + " is a v9 role that may select app " + aa.AppName + " without the single app_resources rule `allow_all: true`: " + NotGoverned +
                               (newer.Count > 0 ? " (" + AgentList(newer) + " keep this decision)" : "") + ", but " + downgraded + " (" + AgentList(older) + ")" +
                               (newer.Count > 0 ? "; Teleport picks an agent for each connection, so a user's connection may reach either" : "; whether the role selects the app is not known offline") + ". " + Fix(restricted);
            else
                aa.V9Concern = "role " + restricted + " is a v9 role that may select app " + aa.AppName + " without the single app_resources rule `allow_all: true`: " + NotGoverned +
                               " (this decision holds there), but " + downgraded + "; which release serves " + aa.AppName + " is not known offline (" + UnknownReleases(agents) + "). " + Fix(restricted);
        }

        /// <summary>
        /// The App Service serving the connection evaluates the roles' label expressions (lib/srv/app/connections_handler.go
        /// @0009d93e authorizeContext, CheckAccess), so where Go 1.24 and Go 1.25 parse an expression differently, the Go its
        /// release is built with decides (<see cref="TeleportGo"/>). Known only when every agent serving the app is built
        /// with the same one; Teleport picks an agent for each connection.
        /// </summary>
        private static void SetGoOfAgents(ExprEnv env, IReadOnlyList<App> servers, string app)
        {
            var agents = ServingAgents(servers);
            if (agents.Count == 0)
            {
                env.GoUnknown = "no app_server heartbeat of " + Output.OutputText.SafeName(app) + " is in the input (tctl get app_servers gives them, with spec.version)";
                return;
            }
            GoRelease? common = null;
            bool mixed = false;
            var unknown = new List<string>();
            var built = new List<string>();
            foreach (var a in agents)
            {
                var go = TeleportGo.Of(a, out var why);
                if (go == null) { unknown.Add(Output.OutputText.SafeName(a.Host) + " " + why); continue; }
                built.Add(Output.OutputText.SafeName(a.Host) + " " + Output.OutputText.SafeName(a.Version) + " (" + TeleportGo.Name(go.Value) + ")");
                if (common == null) common = go;
                else if (common != go) mixed = true;
            }
            if (unknown.Count == 0 && !mixed) { env.Go = common; return; }
            env.GoUnknown = unknown.Count > 0
                ? "which Go builds the App Service is not known: " + ListText.Join(", ", unknown) + " in its app_server heartbeat"
                : "the App Services serving " + Output.OutputText.SafeName(app) + " are built with both (" + ListText.Join(", ", built) + "), and Teleport picks one for each connection";
        }

        // lib/auth MaybeDowngradeRoleVersionToV8 downgrades v9 roles for clients below minSupportedRoleV9Version (v19); the
        // comparison drops a pre-release suffix, so 19.0.0-dev is v19 and 18.2.1-dev.1 is older (lib/auth downgrade property
        // test genPreV19ClientVersion, index id 58342257295; genPreV9ClientVersion "(v19)", index id 57052340701).
        internal static readonly Version MinRoleV9Release = new Version(19, 0, 0);

        /// <summary>The agents serving an app, once each (host and version), from its app_server heartbeats.</summary>
        private static List<ServingAgent> ServingAgents(IReadOnlyList<App> servers) =>
            ServingAgent.Distinct(servers.Where(s => s.Origin == AppOrigin.AppServer), "an agent");

        internal static string AgentList(IEnumerable<ServingAgent> agents) =>
            ListText.Join(", ", agents.Select(a => Output.OutputText.SafeName(a.Host) + " " + Output.OutputText.SafeName(a.Version)));

        private static string UnknownReleases(List<ServingAgent> agents)
        {
            if (agents.Count == 0) return "no app_server heartbeat of it is in the input; tctl get app_servers gives them, with spec.version";
            var bad = agents.Where(a => a.Release == null).ToList();
            return ListText.Join(", ", bad.Select(a => Output.OutputText.SafeName(a.Host) + " " + a.ReleaseProblem)) + " in its app_server heartbeat";
        }

        // MaybeDowngradeRoleVersionToV8 moves app_labels and app_labels_expression to deny separately, so a role that sets
        // both denies, on App Services older than v19, every app either one selects (TestDowngradeV8_ConservativeOverDeny).
        private static MatchOutcome SelectsByOnePart(PreparedSide allow, AppLabelSet app, ExprEnv env)
        {
            if (allow.Labels == null || allow.Expression == null) return MatchOutcome.NoMatch;
            var labelsOnly = new PreparedSide { Labels = allow.Labels, NamespaceExcluded = allow.NamespaceExcluded };
            var expressionOnly = new PreparedSide { Expression = allow.Expression, NamespaceExcluded = allow.NamespaceExcluded };
            var a = CheckLabels(labelsOnly, true, app, env).Outcome;
            var b = CheckLabels(expressionOnly, true, app, env).Outcome;
            return a == MatchOutcome.Match || b == MatchOutcome.Match ? MatchOutcome.Match : a == MatchOutcome.NoMatch && b == MatchOutcome.NoMatch ? MatchOutcome.NoMatch : MatchOutcome.Unknown;
        }

        // CheckLabelsMatch (lib/services/role.go): allow needs every set matcher (L7); deny needs any (L8).
        // On allow the expression is evaluated even when the labels already failed, so its errors still surface.
        /// <summary>
        /// A label match as its message may be shown: the values of secret-named traits a templated selector was filled
        /// from ("no value match: got 'prod' want: '[...]'" quotes them) masked, as every other output shows them.
        /// </summary>
        private static LabelMatch Shown(LabelMatch match, PreparedSide side, UserAccess ua)
        {
            if (match.Message == null) return match;
            if (side.LabelsWritten != null && side.LabelsWritten.IndexOf("{{", StringComparison.Ordinal) >= 0)
                match.Message = TraitTemplate.ShownMessage(side.LabelsWritten, match.Message, ua.Traits) ?? match.Message;
            // An app_labels_expression reads traits by name: an error of it may quote a secret-named trait's value.
            if (side.Expression != null && side.Expression.SecretTraitsRead.Count > 0)
                match.Message = TraitTemplate.MaskValues(match.Message, side.Expression.SecretTraitsRead, ua.Traits);
            return match;
        }

        private static LabelMatch CheckLabels(PreparedSide side, bool allow, AppLabelSet app, ExprEnv env)
        {
            if (side.NamespaceExcluded != null)
                return new LabelMatch { Outcome = MatchOutcome.NoMatch, Message = side.NamespaceExcluded };
            if (side.Labels == null && side.Expression == null)
                return new LabelMatch { Outcome = MatchOutcome.NoMatch, Message = "no label matchers or label expression" };
            var labels = new LabelMatch { Outcome = MatchOutcome.Match };
            if (side.Labels != null)
            {
                labels = LabelMatcher.Match(side.Labels, app);
                if (labels.Outcome == MatchOutcome.Error) return labels;
                if (!allow && labels.Outcome == MatchOutcome.Match) return labels;
            }
            var expr = new LabelMatch { Outcome = MatchOutcome.Match };
            if (side.Expression != null)
            {
                try
                {
                    bool ok = side.Expression.Evaluate(env);
                    expr = new LabelMatch { Outcome = ok ? MatchOutcome.Match : MatchOutcome.NoMatch, Message = "expression " + (ok ? "matched" : "did not match") };
                }
                catch (ExpressionError e)
                {
                    // A deny side returns on a label match before its expression runs: labels that may select the app
                    // leave the error undecided offline.
                    if (!allow && labels.Outcome == MatchOutcome.Unknown)
                        return new LabelMatch { Outcome = MatchOutcome.Unknown, Message = labels.Message + "; if they do not select the app, the deny app_labels_expression fails the check with an error (" + e.Message + ")" };
                    return new LabelMatch { Outcome = MatchOutcome.Error, Message = e.Message };
                }
                catch (ExpressionUnsupported e) { expr = new LabelMatch { Outcome = MatchOutcome.Unknown, Message = "app_labels_expression " + side.Expression.Excerpt + ": " + e.Message }; }
                if (!allow && expr.Outcome == MatchOutcome.Match) return expr;
            }
            bool labelsSet = side.Labels != null, exprSet = side.Expression != null;
            if (allow)
            {
                if (labelsSet && labels.Outcome == MatchOutcome.NoMatch) return labels;
                if (exprSet && expr.Outcome == MatchOutcome.NoMatch) return expr;
                if (labelsSet && labels.Outcome == MatchOutcome.Unknown) return labels;
                if (exprSet && expr.Outcome == MatchOutcome.Unknown) return expr;
                return new LabelMatch { Outcome = MatchOutcome.Match, Message = "matched" };
            }
            if (labelsSet && labels.Outcome == MatchOutcome.Unknown) return labels;
            if (exprSet && expr.Outcome == MatchOutcome.Unknown) return expr;
            return new LabelMatch { Outcome = MatchOutcome.NoMatch, Message = labelsSet ? labels.Message : expr.Message };
        }

        private static MatchResult MatchTools(PreparedSide side, string tool)
        {
            // MCPToolMatcher.Match: no mcp block (or no tools) never matches (T4).
            if (!side.HasTools || side.Tools.Count == 0)
                return side.UnknownTools.Count > 0 ? new MatchResult { Outcome = MatchOutcome.Unknown, Detail = side.UnknownTools[0] } : MatchResult.No;
            var r = TeleportPattern.MatchAny(tool, side.Tools);
            if (r.Outcome == MatchOutcome.NoMatch && side.UnknownTools.Count > 0)
                return new MatchResult { Outcome = MatchOutcome.Unknown, Detail = side.UnknownTools[0] };
            return r;
        }

        /// <summary>Only the decision, without explanation (for bulk use).</summary>
        public AccessDecision DecideFast(AppAccess aa, string tool) => Decide(aa, tool, null);

        public ToolAccess Decide(AppAccess aa, string tool)
        {
            var d = new ToolAccess { User = aa.User.UserName, App = aa.AppName, Tool = tool };
            Decide(aa, tool, d);
            AddAgents(aa, tool, d);
            return d;
        }

        /// <summary>
        /// What each agent serving the app decides (<see cref="ToolAccess.Agents"/>), when its heartbeats are given. Each
        /// App Service checks a call against its own copy of the app, its heartbeat's labels (lib/srv/mcp/session.go
        /// checkAccessToTool), with the roles its release gets (lib/auth MaybeDowngradeRoleVersionToV8: v8 copies of v9 roles
        /// below v19) and the Go it is built with (label expressions, <see cref="TeleportGo"/>): agents with the same labels
        /// and spec.version decide alike, so each such group is decided once.
        /// </summary>
        private void AddAgents(AppAccess aa, string tool, ToolAccess d)
        {
            var groups = aa.AgentGroups ?? (aa.AgentGroups = AgentGroupsOf(aa));
            foreach (var (agents, access) in groups)
            {
                var decided = d;
                if (access != null)
                {
                    decided = new ToolAccess { User = d.User, App = d.App, Tool = tool };
                    Decide(access, tool, decided);
                }
                foreach (var agent in agents)
                    d.Agents.Add(new AgentDecision { Host = agent.Host, Version = agent.Version, Decision = decided.Decision, Reason = decided.Reason, Source = agent.Source });
            }
        }

        /// <summary>
        /// What an AgentDecision shows of its heartbeat, read once per app: the same strings for every decision, so the
        /// output rule answers them by reference instead of reading a new location text each time.
        /// </summary>
        internal sealed class AgentShown
        {
            internal AgentShown(App heartbeat)
            {
                Heartbeat = heartbeat;
                Host = AppDefinitions.AgentOf(heartbeat) ?? "an agent";
                Version = heartbeat.ServerVersion;
                Source = heartbeat.Source;
            }

            internal App Heartbeat { get; }
            internal string Host { get; }
            internal string? Version { get; }
            internal string? Source { get; }
        }

        private List<(List<AgentShown>, AppAccess?)> AgentGroupsOf(AppAccess aa)
        {
            var groups = new List<(List<AgentShown>, AppAccess?)>();
            var byKey = new Dictionary<string, List<AgentShown>>(StringComparer.Ordinal);
            var seen = new HashSet<(string?, string?, string)>();
            foreach (var heartbeat in aa.Servers)
            {
                string key = ClusterInput.LabelText(heartbeat) + "\n" + (heartbeat.ServerVersion ?? "");
                // The same heartbeat given twice counts once. Agents that share a host name (or have none) but not their labels
                // are each listed: with one of them left out, the answer of an agent that refuses the app could be hidden.
                if (heartbeat.Origin != AppOrigin.AppServer || !seen.Add((AppDefinitions.AgentOf(heartbeat), heartbeat.ServerHostId, key))) continue;
                if (!byKey.TryGetValue(key, out var members))
                {
                    byKey[key] = members = new List<AgentShown>();
                    groups.Add((members, null));
                }
                members.Add(new AgentShown(heartbeat));
            }
            // One group with the labels this access was decided with: the decision itself is every agent's.
            if (groups.Count == 1 && aa.Copy != null && ClusterInput.LabelText(aa.Copy) == ClusterInput.LabelText(groups[0].Item1[0].Heartbeat)) return groups;
            for (int i = 0; i < groups.Count; i++)
            {
                var members = groups[i].Item1;
                var access = ForApp(aa.User, members[0].Heartbeat, members.ConvertAll(m => m.Heartbeat));
                access.AgentGroups = new List<(List<AgentShown>, AppAccess?)>();
                groups[i] = (members, DecidesAlike(access, aa) ? null : access);
            }
            return groups;
        }

        // Decide reads nothing of the app but these (the label results with their texts, the connect check and the v9 gate's
        // texts, which name the agents): when they agree, every decision of the group is the access's own, reason included.
        private static bool DecidesAlike(AppAccess a, AppAccess b) =>
            a.ConnectRefused == b.ConnectRefused && a.DenyLabels.SequenceEqual(b.DenyLabels) && a.AllowLabels.SequenceEqual(b.AllowLabels) &&
            a.AllowLabelsWhy.SequenceEqual(b.AllowLabelsWhy, StringComparer.Ordinal) && a.DenyRelevant.SequenceEqual(b.DenyRelevant) &&
            a.V9Concern == b.V9Concern && a.V9Note == b.V9Note && a.V9RefusalReason == b.V9RefusalReason && (a.V9Refusal == null) == (b.V9Refusal == null) ;

        // d is the explained decision to fill in, or null for the decision alone: the bulk path (DecideFast, millions
        // of decisions) then allocates nothing per decision.
        private static AccessDecision Decide(AppAccess aa, string tool, ToolAccess? d)
        {
            var ua = aa.User;
            var roles = ua.Roles;
            // A role not given may deny (so only a deny of a role given decides) and may allow (so nothing is Allowed).
            string? missing = ua.MissingRolesReason;
            string? pending = missing;   // something undecidable that could have changed the outcome

            // The downgraded v8 copy's deny labels select the app on every agent that serves it; no other role can undo a deny.
            if (aa.V9Refusal != null)
            {
                if (d != null)
                {
                    d.DeniedBy.Add(aa.V9Refusal);
                    d.Reason = aa.V9RefusalReason;
                }
                return Finish(d, AccessDecision.AppNotAccessible, ua);
            }

            // T7: the connect check (labels only) runs on every new connection before any tool check; a server it
            // refuses never reaches tools/list or tools/call (lib/srv/app/connections_handler.go). A role not given may select it.
            if (aa.ConnectRefused && missing == null)
            {
                if (d != null) d.Reason = ExplainNoSelect(aa);
                return Finish(d, AccessDecision.AppNotAccessible, ua);
            }

            // T1/T2: deny pass over every role, whatever its labels (the roles that cannot deny are passed over).
            foreach (int i in aa.DenyRelevant)
            {
                var role = roles[i];
                var dl = aa.DenyLabels[i];
                if (dl.Outcome == MatchOutcome.Error) return Fail(d, pending, role.Name, "deny app_labels/app_labels_expression", dl.Message);
                if (dl.Outcome == MatchOutcome.Match)
                {
                    if (d != null)
                    {
                        d.DeniedBy.Add(new RoleEntry { Role = role.Name, Field = role.Deny.Labels != null ? "deny.app_labels" : "deny.app_labels_expression", Written = role.Deny.LabelsWritten ?? role.Deny.Expression?.Text, Effective = role.Deny.Labels?.ToString() });
                        d.Reason = "role " + role.Name + "'s deny labels select app " + aa.AppName + ", so " + ua.UserName + " cannot reach it at all; narrow that deny selector or remove the role from " + ua.UserName + ".";
                    }
                    return Finish(d, AccessDecision.AppNotAccessible, ua);
                }
                if (dl.Outcome == MatchOutcome.Unknown) pending = pending ?? dl.Message;
                var tm = MatchTools(role.Deny, tool);
                switch (tm.Outcome)
                {
                    case MatchOutcome.Error:
                        return Fail(d, pending, role.Name, "deny.mcp.tools", role.Deny, tm.Entry, tm.Detail);
                    case MatchOutcome.Match:
                        if (d != null)
                        {
                            var r = FindRef(role.Deny, tm.Entry);
                            d.DeniedBy.Add(r);
                            d.Reason = "role " + role.Name + " denies " + Output.OutputText.SafeName(tool) + " on every MCP server through deny.mcp.tools entry " + Describe(r) + "; remove that entry or the role from " + ua.UserName + ".";
                        }
                        return Finish(d, AccessDecision.Denied, ua);
                    case MatchOutcome.Unknown:
                        pending = pending ?? tm.Detail;
                        break;
                }
            }

            // T3: allow only when one role both selects the app and matches the tool.
            string? allowPending = null;
            bool anySelects = false;
            for (int i = 0; i < roles.Count; i++)
            {
                var role = roles[i];
                var al = aa.AllowLabels[i];
                if (al.Outcome == MatchOutcome.Error) return Fail(d, pending ?? allowPending, role.Name, "allow app_labels/app_labels_expression", al.Message);
                if (al.Outcome == MatchOutcome.NoMatch) continue;
                var tm = MatchTools(role.Allow, tool);
                if (al.Outcome == MatchOutcome.Unknown)
                {
                    if (tm.Outcome != MatchOutcome.NoMatch) allowPending = allowPending ?? al.Message;
                    continue;
                }
                anySelects = true;
                switch (tm.Outcome)
                {
                    case MatchOutcome.Error:
                        return Fail(d, pending ?? allowPending, role.Name, "allow.mcp.tools", role.Allow, tm.Entry, tm.Detail);
                    case MatchOutcome.Unknown:
                        allowPending = allowPending ?? tm.Detail;
                        continue;
                    case MatchOutcome.Match:
                        if (pending != null || allowPending != null)
                            return Unknown(d, pending ?? allowPending);
                        if (aa.V9Concern != null) return Unknown(d, aa.V9Concern);
                        if (d != null)
                        {
                            var r = FindRef(role.Allow, tm.Entry);
                            d.AllowedBy.Add(r);
                            d.Reason = "role " + role.Name + " selects app " + aa.AppName + " and allows " + Output.OutputText.SafeName(tool) + " through allow.mcp.tools entry " + Describe(r) + "; no role denies it.";
                            d.Notes.Add("MFA and device-trust requirements are assumed satisfied (not visible offline).");
                            if (aa.V9Note != null) d.Notes.Add(aa.V9Note);
                        }
                        return Finish(d, AccessDecision.Allowed, ua);
                }
            }
            if (allowPending != null || missing != null) return Unknown(d, allowPending ?? missing);
            string? reachUnknown = null;
            if (!anySelects)
                for (int i = 0; i < roles.Count && reachUnknown == null; i++)
                    if (aa.AllowLabels[i].Outcome == MatchOutcome.Unknown) reachUnknown = aa.AllowLabels[i].Message;
            if (reachUnknown != null)
            {
                // The tool is refused either way; only whether the server itself is reachable is unknown offline.
                if (d != null) d.Reason = "none of " + ua.UserName + "'s roles that might select app " + aa.AppName + " grants " + Output.OutputText.SafeName(tool) + " (whether the server itself is reachable is unknown offline: " + reachUnknown + "); add an allow.mcp.tools entry for it.";
                return Finish(d, AccessDecision.NotGranted, ua);
            }
            if (d != null) d.Reason = anySelects ? ExplainNotGranted(aa, tool) : ExplainNoSelect(aa);
            return Finish(d, anySelects ? AccessDecision.NotGranted : AccessDecision.AppNotAccessible, ua);
        }

        // A copy: the output boundary rewrites what it writes in place, and the prepared entries are used again.
        private static RoleEntry FindRef(PreparedSide side, string effective)
        {
            foreach (var r in side.ToolRefs)
                if (r.RealEffective == effective) return Copy(r);
            return new RoleEntry { Effective = effective, Written = effective };
        }

        private static RoleEntry Copy(RoleEntry r) => new RoleEntry { Role = r.Role, Field = r.Field, Written = r.Written, Effective = r.RealEffective };

        private static string Describe(RoleEntry r) =>
            GoText.Quote(r.Effective) + (r.Interpolated ? " (written " + GoText.Quote(r.Written) + ")" : "");

        // An entry that is not a valid Go regex. The regexp error quotes the entry, so it is left out when the entry is
        // shown masked (filled from a secret-named trait). The bulk path (no d) builds no text.
        private static AccessDecision Fail(ToolAccess? d, string? pending, string? role, string field, PreparedSide side, string? effective, string? error)
        {
            if (d == null) return Fail(d, pending, role, field, null);
            var entry = FindRef(side, effective ?? "");
            return Fail(d, pending, role, field, entry.Effective + "\" is not a valid Go regex (" + (entry.Effective == entry.RealEffective ? error : "its error quotes the value") + ")", entry);
        }

        private static AccessDecision Fail(ToolAccess? d, string? pending, string? role, string field, string? message, RoleEntry? entry = null)
        {
            if (pending != null)
                return Unknown(d, pending + "; and a later check would fail with an error (" + message + ")");
            if (d != null)
            {
                d.Decision = AccessDecision.Error;
                if (entry != null)
                    d.Reason = "Teleport fails this check with an error: role " + role + "'s " + field + " entry \"" + message + ", and an invalid regex fails every check that reaches it; fix or remove the entry.";
                else
                    d.Reason = "Teleport fails this check with an error from role " + role + "'s " + field + ": " + message + "; fix the role.";
                if (entry != null) d.DeniedBy.Add(entry);
            }
            return AccessDecision.Error;
        }

        private static AccessDecision Unknown(ToolAccess? d, string? why)
        {
            if (d != null)
            {
                d.Decision = AccessDecision.Indeterminate;
                d.Reason = "The module cannot decide this offline: " + why + ".";
            }
            return AccessDecision.Indeterminate;
        }

        private static AccessDecision Finish(ToolAccess? d, AccessDecision decision, UserAccess ua)
        {
            if (d == null) return decision;
            d.Decision = decision;
            if (decision != AccessDecision.Allowed)
            {
                d.Notes.Add(RefusedCallNote);
                d.Notes.Add(CacheNote);
            }
            d.Notes.AddRange(NamespaceNotes(ua));
            d.DroppedEntries.AddRange(ua.Dropped);
            if (decision != AccessDecision.Indeterminate)
                foreach (var m in ua.MissingRoles) d.Notes.Add("role " + m + " of " + ua.UserName + " is not in the input; the deny of a role given decides whatever it holds.");
            d.Notes.AddRange(ua.VersionNotes);
            if (ua.ScopedNote != null) d.Notes.Add(ua.ScopedNote);
            return decision;
        }

        // The sides of the user's roles that never apply, and why (see PrepareSide).
        private static IEnumerable<string> NamespaceNotes(UserAccess ua)
        {
            foreach (var role in ua.Roles)
            {
                if (role.Allow.NamespaceExcluded != null) yield return role.Allow.NamespaceExcluded;
                if (role.Deny.NamespaceExcluded != null) yield return role.Deny.NamespaceExcluded;
            }
        }

        private static string ExplainNoSelect(AppAccess aa)
        {
            var ua = aa.User;
            if (ua.Roles.Count == 0)
                return ua.UserName + " has no roles among those given" + (ua.MissingRoles.Count > 0 ? " (missing: " + ListText.Join(", ", ua.MissingRoles) + ")" : "") + ", so no role can select app " + aa.AppName + ".";
            var why = new List<string>();
            for (int i = 0; i < ua.Roles.Count && why.Count < 3; i++)
                why.Add(Output.OutputText.Labelled(ua.Roles[i].Name, aa.AllowLabels[i].Message));
            return "None of " + ua.UserName + "'s roles selects app " + aa.AppName + " with its allow app_labels or app_labels_expression (" + ListText.Join("; ", why) + "), so the MCP server is refused before any tool check; add a matching app_labels entry to a role that grants tools.";
        }

        private static string ExplainNotGranted(AppAccess aa, string tool)
        {
            // What the roles that select the app allow is the same for every tool: worked out once per user and app
            // (an explained run asks for it on most of its decisions), then only the tool is put in.
            var known = aa.NotGranted;
            if (known == null) aa.NotGranted = known = NotGrantedText(aa);
            return known.Whole ?? known.Before + GoText.Quote(tool) + known.After;
        }

        private static NotGrantedExplanation NotGrantedText(AppAccess aa)
        {
            var ua = aa.User;
            var selecting = new List<PreparedRole>();
            for (int i = 0; i < ua.Roles.Count; i++) if (aa.AllowLabels[i].Outcome == MatchOutcome.Match) selecting.Add(ua.Roles[i]);
            // One pass over the selecting roles' entries: how many distinct ones, the first few to show, and the first
            // that is matched literally although it looks like a regex.
            var distinct = new HashSet<string>(StringComparer.Ordinal);
            var first = new List<string>();
            // Each entry as output shows it (RoleEntry.Effective: one filled from a secret-named trait masked); ToolRefs
            // runs beside Tools.
            string? hint = null;
            foreach (var r in selecting)
                for (int k = 0; k < r.Allow.Tools.Count; k++)
                {
                    var t = r.Allow.Tools[k];
                    if (!distinct.Add(t.Text)) continue;
                    string shownEntry = r.Allow.ToolRefs[k].Effective ?? t.Text;
                    if (first.Count < 6) first.Add(shownEntry);
                    if (hint == null && !t.IsRegex && RoleLinter.LooksLikeRegex(t.Text)) hint = shownEntry;
                }
            if (distinct.Count == 0)
            {
                var selectingNames = new HashSet<string>(selecting.Select(r => r.Name));
                var drop = ua.Dropped.FirstOrDefault(x => x.Role != null && selectingNames.Contains(x.Role) && x.Field == "allow.mcp.tools");
                if (drop != null && drop.Silent && drop.Trait != null)
                {
                    bool missing = !ua.Traits.ContainsKey(drop.Trait);
                    string fix = drop.Trait == "mcp_tools" ? "; set it with `tctl users update " + ShellWord.PowerShell(ua.UserName) + " --set-mcp-tools <tools>` and have them log in again" : "; give " + ua.UserName + " that trait";
                    return NotGrantedExplanation.Of("role " + drop.Role + " grants tools from " + drop.Entry + ", but " + ua.UserName + (missing ? " has no " + drop.Trait + " trait" : "'s " + drop.Trait + " trait has no non-empty value") + fix + "." +
                        DroppedText(ua, selectingNames, drop));
                }
                if (drop != null)
                    return NotGrantedExplanation.Of("role " + drop.Role + "'s allow.mcp.tools entry " + GoText.Quote(drop.Entry) + " is dropped by Teleport (" + drop.Reason + "), so it grants nothing; fix the template." +
                        DroppedText(ua, selectingNames, drop));
                var elsewhere = ua.Roles.Where(r => !selectingNames.Contains(r.Name) && r.Allow.Tools.Count > 0).Select(r => r.Name).ToList();
                if (elsewhere.Count > 0)
                    return NotGrantedExplanation.Of("role " + ListText.Join(", ", elsewhere) + " lists tools but does not select app " + aa.AppName + ", and " + ListText.Join(", ", selectingNames) + " selects it without tools; grants do not combine across roles, so add mcp.tools to a role that selects " + aa.AppName + ".");
                return NotGrantedExplanation.Of("the roles that select app " + aa.AppName + " (" + ListText.Join(", ", selectingNames) + ") have no allow.mcp.tools, and Teleport grants no tools without one; add mcp.tools (e.g. '{{internal.mcp_tools}}') to one of them.");
            }
            var shown = string.Join(", ", first.Take(5).Select(GoText.Quote)) + (distinct.Count > 5 ? ", ... and " + (distinct.Count - 5) + " more" : "");
            return new NotGrantedExplanation(null, "the roles that select app " + aa.AppName + " allow only " + shown + ", and none matches ",
                (hint != null ? " (" + GoText.Quote(hint) + " is matched literally because a regex needs both ^ and $)" : "") + "; add an entry for it." +
                DroppedText(ua, selecting.Select(r => r.Name), null));
        }

        /// <summary>
        /// The allow.mcp.tools entries of the roles that select the app which Teleport dropped for this user (a template
        /// whose trait is missing or empty, an email.local of a value that is not an address: lib/services/role.go
        /// ApplyTraits skips them, I1/I8), told in the NotGranted reason, since they are often why: " N entries ... were
        /// dropped for USER and grant nothing: role R's "E" (why); ...". Empty when none was; <paramref name="told"/>, one
        /// the reason already explains, is counted but not repeated.
        /// </summary>
        private static string DroppedText(UserAccess ua, IEnumerable<string> selectingRoles, DroppedEntry? told)
        {
            var roles = new HashSet<string>(selectingRoles, StringComparer.Ordinal);
            var dropped = ua.Dropped.Where(x => x.Role != null && roles.Contains(x.Role) && x.Field == "allow.mcp.tools").ToList();
            var others = dropped.Where(x => !ReferenceEquals(x, told)).ToList();
            if (others.Count == 0) return "";
            const int Shown = 2;
            var parts = others.Take(Shown).Select(x => "role " + x.Role + "'s " + GoText.Quote(x.Entry) + " (" + x.Reason + ")").ToList();
            string more = others.Count > Shown ? "; and " + (others.Count - Shown) + " more (DroppedEntries)" : "";
            string count = dropped.Count == 1 ? "1 allow.mcp.tools entry of these roles was" : dropped.Count + " allow.mcp.tools entries of these roles were";
            return " " + count + " dropped for " + ua.UserName + " and grant" + (dropped.Count == 1 ? "s" : "") + " nothing" +
                (told != null ? " (besides the one above)" : "") + ": " + string.Join("; ", parts) + more + ".";
        }

        // ---- summary ------------------------------------------------------------------------------------------

        public McpAccessSummary Summarize(AppAccess aa)
        {
            var ua = aa.User;
            var s = new McpAccessSummary { User = ua.UserName, App = aa.AppName };
            s.DroppedEntries.AddRange(ua.Dropped);
            foreach (var m in ua.MissingRoles) s.Notes.Add("role " + m + " of " + ua.UserName + " is not in the input; only a deny of a role given decides without it.");
            s.Notes.AddRange(NamespaceNotes(ua));
            s.Notes.AddRange(ua.VersionNotes);
            if (ua.ScopedNote != null) s.Notes.Add(ua.ScopedNote);
            s.Notes.Add("This is the cluster whose roles were given; whether root-cluster role grants reach leaf clusters is not confirmed (I15).");
            bool unknown = false, error = false;
            string? denyApp = null;
            bool anySelect = false;
            for (int i = 0; i < ua.Roles.Count; i++)
            {
                var r = ua.Roles[i];
                var dl = aa.DenyLabels[i];
                if (dl.Outcome == MatchOutcome.Match) denyApp = denyApp ?? r.Name;
                if (dl.Outcome == MatchOutcome.Unknown) unknown = true;
                if (dl.Outcome == MatchOutcome.Error) error = true;
                s.Deny.AddRange(r.Deny.ToolRefs.Select(Copy));
                if (r.Deny.UnknownTools.Count > 0) unknown = true;
                if (r.Deny.Tools.Any(t => t.Error != null)) error = true;
                var al = aa.AllowLabels[i];
                if (al.Outcome == MatchOutcome.Error) error = true;
                if (al.Outcome == MatchOutcome.Unknown) unknown = true;
                if (al.Outcome != MatchOutcome.Match) continue;
                anySelect = true;
                s.Allow.AddRange(r.Allow.ToolRefs.Select(Copy));
                if (r.Allow.UnknownTools.Count > 0) unknown = true;
            }
            s.AppAccessible = anySelect && denyApp == null && !error && aa.V9Refusal == null;
            if (aa.V9Refusal != null)
            {
                s.Scope = ToolScope.None;
                s.Reason = aa.V9RefusalReason;
            }
            else if (error)
            {
                s.Scope = ToolScope.None;
                s.Reason = "Teleport fails checks for " + ua.UserName + " on " + aa.AppName + " with an error (an invalid regex or label expression); run Test-TeleportMcpRole -Lint.";
            }
            else if (denyApp != null)
            {
                s.Scope = ToolScope.None;
                s.Reason = "role " + denyApp + "'s deny labels select " + aa.AppName + ", so " + ua.UserName + " gets no tools there.";
            }
            else if (ua.MissingRolesReason != null && !s.Deny.Any(e => e.RealEffective == "*"))
            {
                s.Scope = ToolScope.Indeterminate;
                s.Reason = "The module cannot decide this offline: " + ua.MissingRolesReason + ".";
            }
            else if (unknown)
            {
                s.Scope = ToolScope.Indeterminate;
                s.Reason = "part of " + ua.UserName + "'s roles cannot be evaluated offline; see the tool decisions for details.";
            }
            else if (!anySelect)
            {
                s.Scope = ToolScope.None;
                s.Reason = ExplainNoSelect(aa);
            }
            else if (s.Deny.Any(e => e.RealEffective == "*"))
            {
                s.Scope = ToolScope.None;
                var r = s.Deny.First(e => e.RealEffective == "*");
                s.Reason = "role " + r.Role + " denies every tool with deny.mcp.tools " + Describe(r) + ".";
            }
            else if (aa.V9Concern != null && s.Allow.Count > 0)
            {
                s.Scope = ToolScope.Indeterminate;
                s.Reason = "The module cannot decide this offline: " + aa.V9Concern + ".";
            }
            else if (s.Allow.Count == 0)
            {
                s.Scope = ToolScope.None;
                s.Reason = ExplainNotGranted(aa, "any tool");
            }
            else if (s.Allow.Any(e => e.RealEffective == "*") && s.Deny.Count == 0)
            {
                s.Scope = ToolScope.All;
                var r = s.Allow.First(e => e.RealEffective == "*");
                s.Reason = "role " + r.Role + " allows every tool on " + aa.AppName + " through " + Describe(r) + " and no role denies any.";
                if (aa.V9Note != null) s.Notes.Add(aa.V9Note);
            }
            else
            {
                s.Scope = ToolScope.Limited;
                s.Reason = ua.UserName + " gets the tools on " + aa.AppName + " that match " + ListText.Join(", ", s.Allow.Select(e => GoText.Quote(e.Effective)).Distinct()) +
                           (s.Deny.Count > 0 ? " except those matching " + ListText.Join(", ", s.Deny.Select(e => GoText.Quote(e.Effective)).Distinct()) : "") + ".";
                if (aa.V9Note != null) s.Notes.Add(aa.V9Note);
            }
            return s;
        }
    }
}
