using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Rbac
{
    /// <summary>Static checks of roles for MCP access. Ids are stable: TMCP001...</summary>
    public static class RoleLinter
    {
        public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>
        {
            ["TMCP001"] = "role selects apps but grants no MCP tools",
            ["TMCP002"] = "entry looks like a regex but is matched literally",
            ["TMCP003"] = "invalid regular expression",
            ["TMCP004"] = "'?' or '[' in a glob is literal",
            ["TMCP005"] = "deny.mcp.tools contains '*'",
            ["TMCP006"] = "tools granted without any app label selector",
            ["TMCP007"] = "template that Teleport drops",
            ["TMCP008"] = "trait referenced that no given user has",
            ["TMCP009"] = "v3 role without app_labels selects every app",
            ["TMCP010"] = "regex not evaluated offline",
            ["TMCP011"] = "invalid app_labels_expression",
            ["TMCP012"] = "wildcard label key with a non-wildcard value",
            ["TMCP013"] = "construct of a recent Teleport release",
            ["TMCP014"] = "namespaces that exclude every app",
            ["TMCP015"] = "v9 role without the allow_all app_resources rule",
            ["TMCP016"] = "app_resources that Teleport does not accept yet",
        };

        private static readonly char[] RegexHints = { '|', '(', ')', '+', '\\', '{', '}' };

        /// <summary>Heuristic: the author probably meant a regex (P1).</summary>
        public static bool LooksLikeRegex(string entry)
        {
            if (entry.Length == 0 || TraitTemplate.LooksLikeTemplate(entry)) return false;
            bool start = entry[0] == '^', end = entry[entry.Length - 1] == '$';
            if (start && end) return false;
            if (start || end) return true;
            return entry.Contains(".*") || entry.Contains(".+") || entry.IndexOfAny(RegexHints) >= 0;
        }

        /// <param name="apps">The apps of the input: with app_server heartbeats, a v9 role's finding names the agents that would refuse the MCP apps it selects.</param>
        public static List<RoleLintFinding> Lint(IEnumerable<Role> roles, IEnumerable<User>? users = null, IEnumerable<App>? apps = null)
        {
            var userList = users?.ToList() ?? new List<User>();
            var served = (apps ?? Enumerable.Empty<App>()).Where(a => a.Origin == AppOrigin.AppServer).ToList();
            var findings = new List<RoleLintFinding>();
            foreach (var role in roles)
            {
                var holders = userList.Where(u => role.Name != null && u.Roles.Contains(role.Name)).Select(u => u.Name).ToList();
                string who = holders.Count > 0 ? " (held by " + ListText.Join(", ", holders) + ")" : "";
                // Each finding points at its own entry (line and column) when the reader knew it, else at the role.
                // A message that quotes a huge entry is cut here from its pieces (GoText.QuoteText), as its output would cut it.
                void Add(string id, Severity sev, string field, string? entry, MessageText message, MessageText? fix, SourceLocation? at) =>
                    findings.Add(new RoleLintFinding { Id = id, Severity = sev, Role = role.Name, Field = field, Entry = entry, Message = ListText.Message(message), Fix = ListText.Message(fix), Location = at ?? role.Location });

                var allow = role.Allow ?? new RoleConditions();
                var deny = role.Deny ?? new RoleConditions();
                bool v3Default = role.Version == "v3" && (allow.AppLabels == null || allow.AppLabels.Count == 0); // empty reaches the Auth Service unset (McpAccessEngine)
                bool selects = (allow.AppLabels != null && allow.AppLabels.Count > 0) || !string.IsNullOrEmpty(allow.AppLabelsExpression) || v3Default;
                bool grants = allow.McpTools != null && allow.McpTools.Count > 0;

                if (selects && !grants && !v3Default)
                    Add("TMCP001", Severity.Information, "allow.mcp.tools", null,
                        "role " + role.Name + " selects apps with app_labels but has no allow.mcp.tools, so it grants no tool on the MCP servers it selects (T4); grants do not combine with other roles (T3)." +
                        // goteleport.com/docs/ver/19.x/reference/access-controls/app-resources: "Role v9 does not affect TCP, MCP, ... applications".
                        (role.Version == RoleVersions.V9 ? " Role v9 does not change this: Teleport 19's reference says role v9 does not affect MCP applications." : ""),
                        "If holders should use MCP tools on these apps, add mcp: {tools: ['{{internal.mcp_tools}}']} (or explicit tool names) under spec.allow.", null);
                if (grants && !selects)
                    Add("TMCP006", Severity.Warning, "allow.app_labels", null,
                        "role " + role.Name + " lists allow.mcp.tools but has no app_labels or app_labels_expression, so it selects no app and its tools are granted nowhere (L2/L7, T3).",
                        "Add app_labels that select the MCP servers (e.g. 'teleport.internal/app-sub-kind': 'mcp' for every MCP server, as the preset mcp-user role does, or labels of your own such as env: dev) to this role.", null);
                if (v3Default)
                    Add("TMCP009", Severity.Warning, "allow.app_labels", null,
                        "role " + role.Name + " is version v3 " + (allow.AppLabels == null ? "without allow.app_labels" : "with an empty allow.app_labels map, which the Auth Service receives as unset") + ", so Teleport gives it '*': '*' and it selects every app, MCP servers included (L9/R3).",
                        "Set explicit allow.app_labels, or move the role to version v7/v8.", null);

                if (role.Version == RoleVersions.V9) LintV9(role, allow, deny, selects, who, served, Add);

                foreach (var (side, cond) in new[] { ("allow", allow), ("deny", deny) })
                {
                    if (Namespaces.ExcludeApps(cond.Namespaces))
                        Add("TMCP014", Severity.Error, side + ".namespaces", ListText.Join(", ", cond.Namespaces),
                            "the " + side + ".namespaces of role " + role.Name + " name neither \"default\" nor \"*\": every app is in namespace default, so Teleport passes the role's " + side +
                            " conditions over for every app (lib/services/role.go MatchNamespace)" + (side == "allow" ? ", and it grants nothing" : ", and its denials never apply") + who +
                            "; recent Teleport releases refuse to save such a role (api/types/role.go checkAndSetRoleConditionNamespaces).",
                            "Remove namespaces from the role, or set it to [default].", null);
                    string field = side + ".mcp.tools";
                    if (cond.McpTools != null)
                        for (int i = 0; i < cond.McpTools.Count; i++)
                            LintEntry(role, side, field, cond.McpTools[i], who, userList, Add, cond.McpToolLocation(i));
                    if (cond.AppLabels != null)
                        for (int i = 0; i < cond.AppLabels.Entries.Count; i++)
                        {
                            var kv = cond.AppLabels.Entries[i];
                            if (kv.Key == "*" && !(kv.Value.Count == 1 && kv.Value[0] == "*"))
                                Add("TMCP012", Severity.Error, side + ".app_labels", "*: " + ListText.Join(",", kv.Value),
                                    "selector *:" + ListText.Join(",", kv.Value) + " is not supported: Teleport refuses to save it (L6).",
                                    "Use '*': '*' to select everything, or name a real label key.", cond.AppLabels.LocationOf(i, 0));
                            for (int j = 0; j < kv.Value.Count; j++)
                                LintEntry(role, side, side + ".app_labels." + kv.Key, kv.Value[j], who, userList, Add, cond.AppLabels.LocationOf(i, j), labelValue: true);
                        }
                    if (!StringChecks.IsNullOrEmpty(cond.AppLabelsExpression))
                    {
                        var ex = LabelExpression.Get(cond.AppLabelsExpression);
                        if (ex.Error != null)
                            Add("TMCP011", Severity.Error, side + ".app_labels_expression", cond.AppLabelsExpression,
                                "the " + side + " app_labels_expression does not parse (" + ex.Error + "); every access check that evaluates it fails" + who + " (L11, 2:G15).",
                                "Fix the expression (2:G9-2:G12): variables labels[\"key\"] or labels.key, user.spec.traits[\"name\"], user.metadata.name; functions set, contains, contains_any, contains_all, labels_matching, regexp.match, regexp.replace, email.local, strings.upper/lower; operators !, ==, !=, &&, ||; // comments. A line may not end right after an operand (Go inserts a semicolon there): end it with && or || instead.", cond.AppLabelsExpressionLocation);
                        else if (ex.Unsupported != null)
                            Add("TMCP010", Severity.Information, side + ".app_labels_expression", cond.AppLabelsExpression,
                                "the " + side + " app_labels_expression uses something this module does not evaluate (" + ex.Unsupported + "); decisions that depend on it are Indeterminate.",
                                "Check these decisions on the cluster (tsh mcp ls as the user).", cond.AppLabelsExpressionLocation);
                        else
                            foreach (var note in ex.VersionNotes)
                                Add("TMCP013", Severity.Information, side + ".app_labels_expression", cond.AppLabelsExpression,
                                    "the " + side + " app_labels_expression relies on a recent construct: " + note + " (2:G13/2:G14).",
                                    "Make sure every Auth and Proxy Service runs that release or newer, or rewrite the expression without it.", cond.AppLabelsExpressionLocation);
                    }
                }
            }
            return findings;
        }

        // Role v9 (RFD 0303, PR #68736; Teleport 19: goteleport.com/docs/ver/19.x/reference/access-controls/app-resources): api/types/appresources.go @817d99e6 enforces only
        // the single allow_all rule; the write path accepts only it (PR #68736), and tctl refuses any other rule field
        // ("app_resources rule has unknown field %q", lib/tctl test @56850292370).
        private static void LintV9(Role role, RoleConditions allow, RoleConditions deny, bool selects, string who, List<App> served,
            Action<string, Severity, string, string?, MessageText, MessageText?, SourceLocation?> add)
        {
            const string Release = " (Teleport 19, PR #68736)";
            var rules = allow.AppResources ?? new List<string>();
            if (deny.HasAppResourceRules)
                add("TMCP016", Severity.Error, "deny.app_resources", null,
                    "role " + role.Name + " sets app_resources or app_resources_expressions under deny, which Teleport does not accept yet" + Release + "; an App Service of v19 or later that meets such a role denies every plain HTTP request to the apps a v9 role grants" + who + " (app_resources rules do not govern MCP apps).",
                    "Remove deny.app_resources and deny.app_resources_expressions; restrict with deny.app_labels or deny.mcp.tools instead.", deny.AppResourcesLocation);
            for (int i = 0; i < rules.Count; i++)
                if (rules[i] != AppResourceRules.AllowAll)
                    add("TMCP016", Severity.Error, "allow.app_resources", rules[i],
                        "rule " + i + " of role " + role.Name + "'s allow.app_resources " + (rules[i].Length == 0 ? "is blank" : "sets " + rules[i]) + ": only the single rule `allow_all: true` is accepted so far" + Release +
                        (rules[i].Length == 0 ? "" : ", and tctl refuses other fields (\"app_resources rule has unknown field\")") + "; agents treat any other rule as denying every request.",
                        "Use app_resources: [{allow_all: true}].", allow.AppResourcesLocation);
            if (rules.Count > 1 && rules.TrueForAll(r => r == AppResourceRules.AllowAll))
                add("TMCP016", Severity.Error, "allow.app_resources", null,
                    "role " + role.Name + " lists " + rules.Count + " app_resources rules: only a single `allow_all: true` rule is accepted so far" + Release + ", and an agent treats several rules as denying every request.",
                    "Keep one rule: app_resources: [{allow_all: true}].", allow.AppResourcesLocation);
            if (allow.AppResourcesExpressions != null && allow.AppResourcesExpressions.Count > 0)
                add("TMCP016", Severity.Error, "allow.app_resources_expressions", allow.AppResourcesExpressions[0],
                    "role " + role.Name + " sets allow.app_resources_expressions, which the released agents cannot evaluate" + Release + ": the newest agent denies every request to the apps the role grants.",
                    "Remove app_resources_expressions and use app_resources: [{allow_all: true}].", allow.AppResourcesLocation);
            if (selects && !AppResourceRules.IsPureAllowAll(allow, deny))
                add("TMCP015", Severity.Warning, "allow.app_resources", null,
                    "role " + role.Name + " is version v9 and selects apps without the single app_resources rule `allow_all: true`" + Release + ": App Services of v19 or later deny every plain HTTP request to those apps and drop the v8-or-older roles granting them, " +
                    "and older App Services get a v8 copy whose allow selectors moved to deny, which refuses the apps" + who + ". app_resources rules do not govern MCP apps, so App Services of v19 or later decide MCP access to them as for v8. Tool decisions read the release of each App Service serving an app from its app_server heartbeat (spec.version): all v19 or later keep the v8 decision, all older refuse the app, and a mix, a missing heartbeat or an unreadable version leaves an allowing decision Indeterminate." + RefusingAgents(role, served),
                    "If holders should reach these apps as before, add app_resources: [{allow_all: true}] under spec.allow, or run every App Service that serves them at v19 or later (MCP apps only).", allow.AppResourcesLocation);
        }

        /// <summary>
        /// The App Services among the heartbeats given that refuse an MCP app the role selects, by the decisions' own rule
        /// (McpAccessEngine.RoleV9Gate, for a holder without traits); empty when no heartbeat was given or none refuses.
        /// </summary>
        private static string RefusingAgents(Role role, List<App> served)
        {
            if (served.Count == 0 || string.IsNullOrEmpty(role.Name)) return "";
            var engine = new McpAccessEngine(new[] { role });
            var holder = engine.Prepare(new User { Name = "(lint)", Roles = new List<string> { role.Name! } });
            var refusing = new List<string>();
            // Each agent decides with the labels of its own heartbeat and by its own release: one heartbeat at a time.
            foreach (var app in served.Where(a => a.IsMcp).GroupBy(a => a.Name ?? "", StringComparer.Ordinal))
            {
                var agents = ServingAgent.Distinct(app.SelectMany(hb => engine.ForApp(holder, hb, new[] { hb }).V9RefusingAgents));
                if (agents.Count > 0) refusing.Add(McpAccessEngine.AgentList(agents) + " (app " + Output.OutputText.SafeName(app.Key) + ")");
            }
            return refusing.Count == 0 ? "" : " Of the app_server heartbeats given, these App Services run a release older than v19 and refuse an MCP app the role selects: " + ListText.Join("; ", refusing) + ".";
        }

        private static void LintEntry(Role role, string side, string field, string entry, string who, List<User> users,
            Action<string, Severity, string, string?, MessageText, MessageText?, SourceLocation?> lintAdd, SourceLocation? at, bool labelValue = false)
        {
            void add(string id, Severity sev, string f, string e, MessageText message, MessageText fix) => lintAdd(id, sev, f, e, message, fix, at);
            bool isTemplate = TraitTemplate.LooksLikeTemplate(entry);
            if (isTemplate)
            {
                var problem = TraitTemplate.ParseProblem(entry);
                if (problem != null)
                {
                    add("TMCP007", Severity.Warning, field, entry,
                        "Teleport cannot interpolate " + GoText.QuoteText(entry) + " (" + problem + ") and drops it" + (labelValue ? " (it becomes an empty value)" : "") + " for every user, keeping the other entries (I4/I9, 2:G2/2:G4/2:G5).",
                        "Write exactly one {{...}} expression with literal text around it: {{internal.<trait>}}, {{external.<trait>}} or {{external[\"<trait>\"]}}, a string literal, {{user.metadata.name}}, optionally wrapped in email.local(...) or regexp.replace(..., \"<regex>\", \"<replacement>\") with literal pattern and replacement.");
                    return;
                }
                var unsupported = TraitTemplate.UnsupportedReason(entry);
                if (unsupported != null)
                {
                    add("TMCP010", Severity.Information, field, entry,
                        GoText.QuoteText(entry) + " is not evaluated offline (" + unsupported + "); decisions that depend on it are Indeterminate.",
                        "Check on the cluster, or simplify the template.");
                    return;
                }
                if (TraitTemplate.ReadsUserName(entry))
                    add("TMCP013", Severity.Information, field, entry,
                        GoText.QuoteText(entry) + " uses {{user.metadata.name}}, added in " + TraitTemplate.UserNameSince + " (2:G14).",
                        "Make sure every Auth and Proxy Service runs that release or newer.");
                foreach (var v in TraitTemplate.ReferencedTraits(entry))
                {
                    if (v.Key == "internal" && !TraitTemplate.InternalTraits.Contains(v.Value))
                    {
                        add("TMCP007", Severity.Warning, field, entry,
                            "internal." + v.Value + " is not one of Teleport's internal traits, so " + GoText.QuoteText(entry) + " is dropped for every user (I5).",
                            "Use {{external." + v.Value + "}} for a custom trait, or one of: " + string.Join(", ", TraitTemplate.InternalTraits) + ".");
                        continue;
                    }
                    if (users.Count > 0 && !users.Any(u => u.TraitMap.TryGetValue(v.Value, out var vals) && vals.Any(x => x.Length > 0)))
                        add("TMCP008", Severity.Warning, field, entry,
                            "no given user has a non-empty " + v.Value + " trait, so " + GoText.QuoteText(entry) + " is silently dropped for all of them (I8)" + who + ".",
                            v.Value == "mcp_tools" ? "Set the trait, e.g. tctl users update <user> --set-mcp-tools \"search_files,read_*\"." : "Give the users the " + v.Value + " trait (spec.traits or the identity provider).");
                }
                return;
            }
            var p = TeleportPattern.Get(entry);
            if (p.IsRegex)
            {
                if (p.ErrorText is { } error)
                {
                    string breaks = side == "deny" && !labelValue
                        ? "every MCP tool check of every user holding role " + role.Name + who + " fails, on every MCP server, because the deny pass runs first (P6)"
                        : "every check that reaches this entry fails for users holding role " + role.Name + who + " (P5/P6)";
                    add("TMCP003", Severity.Error, field, entry,
                        GoText.QuoteText(entry) + " is not a valid Go regex (" + error + "); Teleport saves it anyway (P7) and " + breaks + ".",
                        "Fix the regex to RE2 syntax (no lookarounds, backreferences, atomic groups or possessive quantifiers), or write a glob without ^...$.");
                }
                else if (p.Unsupported != null)
                    add("TMCP010", Severity.Information, field, entry,
                        GoText.QuoteText(entry) + " is valid RE2, but " + p.Unsupported + "; decisions that depend on it are Indeterminate.",
                        "Check on the cluster, or simplify the regex.");
                return;
            }
            if (LooksLikeRegex(entry))
                add("TMCP002", Severity.Warning, field, entry,
                    GoText.QuoteText(entry) + " looks like a regular expression, but Teleport treats an entry as a regex only when it starts with ^ and ends with $; this one is matched literally (only * is a wildcard) (P1/P2).",
                    "Write " + GoText.QuoteText(entry.StartsWith("^", StringComparison.Ordinal) ? "" : "^", entry, entry.EndsWith("$", StringComparison.Ordinal) ? "" : "$") + " for a regex, or a glob such as \"get_*\".");
            else if (entry.IndexOf('?') >= 0 || entry.IndexOf('[') >= 0)
                add("TMCP004", Severity.Warning, field, entry,
                    GoText.QuoteText(entry) + " uses ? or [ as if it were a shell glob, but in Teleport only * is a wildcard, so they match themselves (P2).",
                    "Use * instead, or a ^...$ regex.");
            if (!labelValue && side == "deny" && entry == "*")
                add("TMCP005", Severity.Warning, field, entry,
                    "deny.mcp.tools '*' in role " + role.Name + " blocks every tool on every MCP server for everyone holding it" + who + ", whatever the role's labels (T2).",
                    "Deny specific tools, or remove the role from users who need MCP tools.");
        }
    }
}
