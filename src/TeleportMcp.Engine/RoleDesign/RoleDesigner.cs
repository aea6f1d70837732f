using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.RoleDesign
{
    /// <summary>
    /// Designs a least-privilege MCP role from the servers' real tools: which tools (annotations decide read-only and
    /// destructive, 2:M1/M4), the shortest exact allow.mcp.tools entries, app_labels selecting exactly those servers,
    /// the YAML, and the proof: the YAML read back and evaluated with the RBAC engine grants exactly the intended tools.
    /// </summary>
    public static class RoleDesigner
    {
        // api/types/role.go: V8 is the current role version (R1).
        public const string DefaultVersion = Resources.RoleVersions.Default;

        // Label keys under this prefix are for Teleport's own components, not for RBAC (first sheet §6, demo server).
        private const string InternalLabelPrefix = "teleport.internal/";

        public static DesignedRole Design(RoleDesignRequest req)
        {
            var nameProblem = RoleNames.Problem(req.Name);
            if (nameProblem != null) throw new RoleDesignException("InvalidRoleName", nameProblem, "Choose a name such as mcp-everything-read-only.");
            if (!RoleVersions.IsDesignable(req.Version))
                throw new RoleDesignException("UnsupportedRoleVersion", RoleVersions.IsSupported(req.Version)
                    ? "role version " + GoText.Quote(req.Version) + " is not supported by this command: a v9 role denies HTTP apps unless its app_resources allow them, and no Teleport release that accepts v9 is known"
                    : RoleVersions.NotSupportedMessage(req.Version), "Use a role version from v3 to v8; v8 is Teleport's current one.");
            if (req.Apps.Count == 0) throw new RoleDesignException("NoApp", "no MCP server to write a role for", "Pipe Test-TeleportMcpApp -Launch results, or give -App.");
            var dup = req.Apps.GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (dup != null) throw new RoleDesignException("DuplicateApp", "app " + DisplayText.Of(dup.Key) + " was given twice", "Give each MCP server once.");
            bool probed = req.Apps[0].ToolsKnown;
            if (req.Apps.Any(a => a.ToolsKnown != probed))
                throw new RoleDesignException("MixedToolSources", "some servers were probed and others were not (" + ListText.Join(", ", req.Apps.Where(a => !a.ToolsKnown).Select(a => DisplayText.Of(a.Name))) + "); one role cannot be checked against both",
                    "Probe every server (Test-TeleportMcpApp -Launch), or make a separate role for the ones that cannot be probed.");

            var tools = CheckPatterns(req.Tools, "-Tool");
            var exclude = CheckPatterns(req.Exclude, "-Exclude") ?? new List<TeleportPattern>();
            var result = new DesignedRole();
            result.Apps.AddRange(req.Apps);

            List<DesignedEntry> entries;
            if (probed) entries = DesignFromProbes(req, tools, exclude, result);
            else entries = DesignFromNames(req, tools, exclude, result);
            result.Entries.AddRange(entries);

            var selector = req.AppLabels != null ? CheckSelector(req.AppLabels) : DeriveSelector(req.Apps);
            var role = new Role
            {
                Name = req.Name,
                Version = req.Version,
                Description = Describe(req),
            };
            role.Allow = new RoleConditions { AppLabels = selector, McpTools = entries.Select(e => e.Text).ToList(), HasMcpBlock = true };
            result.Yaml = RoleYamlWriter.Write(role, Header(req, result), entries);
            result.Role = ReadBack(result.Yaml, role);
            Prove(req, result);
            return result;
        }

        private static List<TeleportPattern>? CheckPatterns(List<string>? entries, string parameter)
        {
            if (entries == null) return null;
            var list = new List<TeleportPattern>();
            foreach (var e in entries.Where(x => x != null).Distinct(StringComparer.Ordinal))
            {
                // The one rule for a blank item (InputPolicy.IsBlank); a role is written whole or not at all, so it ends the design.
                if (InputPolicy.IsBlank(e)) throw new RoleDesignException("EmptyPattern", parameter + " has an empty entry" + (e.Length > 0 ? " (white space only)" : ""), "Remove the empty entry.");
                if (ToolEntryPlanner.HasTemplateBraces(e))
                    throw new RoleDesignException("TemplateNotSupported", parameter + " entry " + DisplayText.Of(e) + " is a trait template; a designed role lists the tools themselves",
                        "Give tool names or patterns; for per-user grants use the mcp_tools trait (Set-TeleportMcpTools).");
                var p = TeleportPattern.Get(e);
                if (p.Error != null)
                    throw new RoleDesignException("InvalidPattern", parameter + " entry " + DisplayText.Of(e) + " is not a valid Go regex: " + p.Error, "Fix the regular expression (Go RE2 syntax; a regex needs both ^ and $).");
                if (p.Unsupported != null)
                    throw new RoleDesignException("UnsupportedPattern", parameter + " entry " + DisplayText.Of(e) + " cannot be evaluated offline: " + p.Unsupported, "Use a glob or a simpler regular expression.");
                list.Add(p);
            }
            return list;
        }

        private static List<DesignedEntry> DesignFromProbes(RoleDesignRequest req, List<TeleportPattern>? tools, List<TeleportPattern> exclude, DesignedRole result)
        {
            var servers = new List<PlannedServer>();
            var grantedDestructive = new SortedSet<string>(StringComparer.Ordinal);
            var toolHit = new HashSet<string>(StringComparer.Ordinal);
            var excludeHit = new HashSet<string>(StringComparer.Ordinal);
            foreach (var app in req.Apps)
            {
                var real = new List<string>();
                var byName = new Dictionary<string, ProbeTool>(StringComparer.Ordinal);
                foreach (var t in app.Tools!) // probed: every app has its tool list
                {
                    if (StringChecks.IsNullOrEmpty(t?.Name)) continue;
                    if (byName.ContainsKey(t.Name))
                    {
                        result.Warnings.Add(DisplayText.Of(app.Name) + " lists tool " + DisplayText.Of(t.Name) + " twice; the first listing's annotations are used");
                        continue;
                    }
                    byName[t.Name] = t;
                    real.Add(t.Name);
                }
                var intended = new HashSet<string>(StringComparer.Ordinal);
                foreach (var name in real)
                {
                    var t = byName[name];
                    var v = new ToolVerdict { App = app.Name, Tool = name, Grant = ToolGrant.Granted };
                    var picked = tools == null ? null : tools.FirstOrDefault(p => p.Match(name).Outcome == MatchOutcome.Match);
                    if (picked != null) toolHit.Add(picked.Text);
                    var excluded = exclude.FirstOrDefault(p => p.Match(name).Outcome == MatchOutcome.Match);
                    if (excluded != null) excludeHit.Add(excluded.Text);
                    if (tools != null && picked == null)
                    {
                        v.Grant = ToolGrant.NotRequested;
                        v.Reason = "not requested (no -Tool entry matches it)";
                    }
                    else if (excluded != null)
                    {
                        v.Grant = ToolGrant.Excluded;
                        v.Reason = "excluded by -Exclude " + DisplayText.Of(excluded.Text);
                    }
                    else if (req.ReadOnly && !t.ReadOnly)
                    {
                        v.Grant = ToolGrant.NotReadOnly;
                        v.Reason = "not read-only (" + (t.Annotations?.ReadOnlyHint == false ? "readOnlyHint false" : "no readOnlyHint; the MCP default is false") + ")";
                    }
                    else if (req.ExcludeDestructive && t.Destructive)
                    {
                        v.Grant = ToolGrant.Destructive;
                        v.Reason = "may be destructive (" + (t.Annotations?.DestructiveHint == true ? "destructiveHint true" : "no destructiveHint; the MCP default is true") + ")";
                    }
                    else
                    {
                        intended.Add(name);
                        if (t.Destructive) grantedDestructive.Add(name);
                        v.Reason = req.ReadOnly ? "read-only (readOnlyHint true)" : req.ExcludeDestructive ? (t.ReadOnly ? "read-only (readOnlyHint true)" : "not destructive (destructiveHint false)") : tools != null ? "requested by -Tool " + DisplayText.Of(picked!.Text) : "every tool was asked for"; // tools given: this tool was picked (NotRequested otherwise)
                    }
                    result.Verdicts.Add(v);
                }
                servers.Add(new PlannedServer { App = app.Name, Real = real, Intended = intended });
                result.Intended[app.Name] = real.Where(intended.Contains).ToList();
            }
            string listed = ListText.Join("; ", req.Apps.Select(a => Output.OutputText.Labelled(DisplayText.Of(a.Name), Shorten(a.Tools.Where(t => !string.IsNullOrEmpty(t?.Name)).Select(t => t.Name)))));
            if (tools != null)
                foreach (var p in tools.Where(p => !toolHit.Contains(p.Text)))
                    result.Problems.Add(new DesignProblem("ToolNotFound", "-Tool " + DisplayText.Of(p.Text) + " matches none of the tools the server lists (" + listed + ")",
                        "Check the spelling against the probe's Tools; matching is case-sensitive and a regex needs both ^ and $.", p.Text));
            foreach (var p in exclude.Where(p => !excludeHit.Contains(p.Text)))
                result.Problems.Add(new DesignProblem("ExcludeNotFound", "-Exclude " + DisplayText.Of(p.Text) + " matches none of the tools the server lists (" + listed + ")",
                    "Check the spelling against the probe's Tools; matching is case-sensitive and a regex needs both ^ and $.", p.Text));

            // The same name on two servers: one role's list grants it on both, so both must want it.
            foreach (var s in servers)
                foreach (var other in servers.Where(o => o != s))
                    foreach (var name in s.Intended.Where(n => other.Real.Contains(n) && !other.Intended.Contains(n)))
                    {
                        var why = result.Verdicts.First(v => v.App == other.App && v.Tool == name).Reason;
                        throw new RoleDesignException("ToolConflict", "tool " + DisplayText.Of(name) + " is to be granted on " + DisplayText.Of(s.App) + " but withheld on " + DisplayText.Of(other.App) + " (" + why + "); one role's mcp.tools applies to every server it selects",
                            "Make one role per server (New-TeleportMcpRole once per app).");
                    }
            if (servers.All(s => s.Intended.Count == 0))
                throw new RoleDesignException("NothingToGrant", "no tool is left to grant: " + ListText.Join("; ", result.Verdicts.GroupBy(v => v.Reason).Select(g => g.Key + ": " + Shorten(g.Select(v => v.Tool)))),
                    "Loosen -Tool, -Exclude, -ReadOnly or -ExcludeDestructive; a role with an empty mcp.tools list grants nothing (T4).");
            if (tools == null && !req.ReadOnly && !req.ExcludeDestructive)
            {
                var destructive = grantedDestructive.ToList();
                if (destructive.Count > 0)
                    result.Warnings.Add("the role grants every tool, " + destructive.Count + " of them may be destructive by their annotations (" + Shorten(destructive) + "); -ReadOnly or -ExcludeDestructive withholds them");
            }
            // 2:M4: annotations speak only for the tools listed now, so a role chosen by them names those tools; a pattern
            // would also grant a tool the server adds later, whatever its annotations.
            bool literal = req.Literal || req.ReadOnly || req.ExcludeDestructive;
            if (!literal && servers.Sum(x => x.Real.Count) > ToolEntryPlanner.MaxToolsForPatterns)
                result.Warnings.Add("the servers list more than " + ToolEntryPlanner.MaxToolsForPatterns + " tools in all; every granted tool is written as its own entry (no glob search)");
            return ToolEntryPlanner.Plan(servers, literal);
        }

        private static List<DesignedEntry> DesignFromNames(RoleDesignRequest req, List<TeleportPattern>? tools, List<TeleportPattern> exclude, DesignedRole result)
        {
            if (req.ReadOnly || req.ExcludeDestructive)
                throw new RoleDesignException("AnnotationsUnknown", (req.ReadOnly ? "-ReadOnly" : "-ExcludeDestructive") + " needs the tools' annotations, and " + ListText.Join(", ", req.Apps.Select(a => DisplayText.Of(a.Name))) + " was not probed",
                    "Probe the server first: Test-TeleportMcpApp -Launch | New-TeleportMcpRole ...");
            if (tools == null || tools.Count == 0)
                throw new RoleDesignException("NoToolList", "the tools of " + ListText.Join(", ", req.Apps.Select(a => DisplayText.Of(a.Name))) + " are unknown: the server was not probed and no -Tool was given",
                    "Probe the server (Test-TeleportMcpApp -Launch) or name the tools with -Tool.");
            var entries = new List<DesignedEntry>();
            var intended = new List<string>();
            foreach (var p in tools)
            {
                var excluded = exclude.FirstOrDefault(x => x.Match(p.Text).Outcome == MatchOutcome.Match);
                if (excluded != null)
                {
                    foreach (var a in req.Apps) result.Verdicts.Add(new ToolVerdict { App = a.Name, Tool = p.Text, Grant = ToolGrant.Excluded, Reason = "excluded by -Exclude " + DisplayText.Of(excluded.Text) });
                    continue;
                }
                // Without the server's list a pattern cannot be narrowed; it is written as given and only names are proven.
                bool isName = !p.IsRegex && p.Text.IndexOf('*') < 0;
                var entry = new DesignedEntry { Text = p.Text, Kind = isName ? EntryKind.Literal : EntryKind.AsGiven };
                foreach (var a in req.Apps)
                {
                    entry.Covers.Add(new KeyValuePair<string, List<string>>(a.Name, isName ? new List<string> { p.Text } : new List<string>()));
                    result.Verdicts.Add(new ToolVerdict { App = a.Name, Tool = p.Text, Grant = ToolGrant.Granted, Entry = p.Text, Reason = isName ? "named with -Tool" : "pattern given with -Tool; the server's real tools are unknown" });
                }
                if (isName) intended.Add(p.Text);
                entries.Add(entry);
            }
            if (entries.Count == 0)
                throw new RoleDesignException("NothingToGrant", "every -Tool entry is excluded by -Exclude", "Remove the -Exclude entries that cover what you want to grant.");
            foreach (var a in req.Apps) result.Intended[a.Name] = intended;
            result.Warnings.Add("the tools of " + ListText.Join(", ", req.Apps.Select(a => DisplayText.Of(a.Name))) + " were not probed: the role lists the -Tool entries as given, and nothing shows they exist on the server");
            return entries;
        }

        private static LabelSelector CheckSelector(LabelSelector s)
        {
            if (s.Count == 0) throw new RoleDesignException("EmptyAppLabels", "-AppLabels is empty, and an empty selector matches no app (L2)", "Give at least one label, e.g. @{ env = 'dev' }.");
            // Each entry's rules are AppLabelInput's (selector use), which names every bad entry before the designer runs.
            return s;
        }

        private static LabelSelector DeriveSelector(List<DesignApp> apps)
        {
            var bare = apps.Where(a => a.Labels == null || a.Labels.Count == 0).Select(a => DisplayText.Of(a.Name)).ToList();
            if (bare.Count > 0)
                throw new RoleDesignException("AppHasNoLabels", "app " + ListText.Join(", ", bare) + " has no labels; only '*': '*' selects it, and that selects every app",
                    "Label the app in teleport.yaml (labels: {mcp: name}) or give -AppLabels.");
            var dynamicKeys = new HashSet<string>(apps.SelectMany(a => a.DynamicLabelKeys ?? new List<string>()), StringComparer.Ordinal);
            var keys = apps[0].Labels.Keys.Where(k => apps.All(a => a.Labels.ContainsKey(k)) && !dynamicKeys.Contains(k) && !k.StartsWith(InternalLabelPrefix, StringComparison.Ordinal))
                .OrderBy(k => k, StringComparer.Ordinal).ToList();
            if (keys.Count == 0)
                throw new RoleDesignException("AppsShareNoLabel", "apps " + ListText.Join(", ", apps.Select(a => DisplayText.Of(a.Name))) + " share no static label key, so no app_labels selector picks exactly them",
                    "Give -AppLabels, or make one role per app.");
            var s = new LabelSelector();
            foreach (var k in keys)
                s.Add(k, apps.Select(a => ToolEntryPlanner.LiteralEntry(a.Labels[k], out _)).Distinct(StringComparer.Ordinal));
            return s;
        }

        private static string Describe(RoleDesignRequest req)
        {
            var what = req.ReadOnly ? "Read-only MCP tools" : req.ExcludeDestructive ? "Non-destructive MCP tools" : "Chosen MCP tools";
            return what + " on " + string.Join(", ", req.Apps.Select(a => a.Name)) + " (New-TeleportMcpRole)";
        }

        private static List<string> Header(RoleDesignRequest req, DesignedRole result)
        {
            var h = new List<string> { "Written by New-TeleportMcpRole. Create it with: tctl create <this file>  (tctl create -f replaces an existing role of the same name)." };
            if (req.Apps[0].ToolsKnown)
            {
                h.Add("Tools come from each server's tools/list. Read-only and destructive are derived from server hints (MCP tool");
                h.Add("annotations; a missing hint counts as its default: not read-only, destructive). Teleport matches tool names only.");
                foreach (var a in req.Apps)
                {
                    var withheld = result.Verdicts.Where(v => v.App == a.Name && v.Grant != ToolGrant.Granted).ToList();
                    h.Add(Output.OutputText.Labelled(DisplayText.Of(a.Name), "grants " + result.Intended[a.Name].Count + " of " + (result.Intended[a.Name].Count + withheld.Count) + " tools" +
                          (withheld.Count == 0 ? "" : "; withheld: " + ListText.Join(", ", withheld.Select(v => DisplayText.Of(v.Tool) + " (" + Short(v.Grant) + ")")))));
                }
            }
            return h;
        }

        private static string Short(ToolGrant g)
        {
            switch (g)
            {
                case ToolGrant.NotReadOnly: return "not read-only";
                case ToolGrant.Destructive: return "destructive";
                case ToolGrant.Excluded: return "excluded";
                case ToolGrant.NotRequested: return "not requested";
                default: return "granted";
            }
        }

        private static string Shorten(IEnumerable<string?> names)
        {
            var list = names.ToList();
            return string.Join(", ", list.Take(12).Select(DisplayText.Of)) + (list.Count > 12 ? ", ... (" + list.Count + " in all)" : "");
        }

        /// <summary>Reads the YAML back with the module's reader: what tctl would get, not what was meant.</summary>
        private static Role ReadBack(string yaml, Role meant)
        {
            Role? read = null;
            foreach (var item in ResourceReader.ReadText(yaml, "(generated role)"))
            {
                if (item.Diagnostic != null && item.Diagnostic.Level == DiagnosticLevel.Error)
                    throw new RoleDesignException("ProofFailed", "the generated YAML does not read back: " + item.Diagnostic, "This is a defect of the module; please report it with the input.");
                if (item.Resource is Role r) read = r;
            }
            if (read == null) throw new RoleDesignException("ProofFailed", "the generated YAML holds no role", "This is a defect of the module; please report it with the input.");
            bool same = read.Name == meant.Name && read.Version == meant.Version && (read.Description ?? "") == (meant.Description ?? "")
                && read.Allow.McpTools != null && read.Allow.McpTools.SequenceEqual(meant.Allow.McpTools, StringComparer.Ordinal)
                && read.Allow.AppLabels != null && meant.Allow.AppLabels != null && read.Allow.AppLabels.ToString() == meant.Allow.AppLabels.ToString()
                && read.Allow.AppLabels.Entries.Count == meant.Allow.AppLabels.Entries.Count
                && read.Allow.AppLabels.Entries.Zip(meant.Allow.AppLabels.Entries, (x, y) => x.Key == y.Key && x.Value.SequenceEqual(y.Value, StringComparer.Ordinal)).All(b => b);
            if (!same) throw new RoleDesignException("ProofFailed", "the generated YAML reads back differently from the role that was designed", "This is a defect of the module; please report it with the input.");
            return read;
        }

        /// <summary>
        /// The guarantee: a user holding only the new role gets, on each server, exactly the intended tools (Teleport's
        /// decision, McpAccessEngine), and no other known app is selected.
        /// </summary>
        private static void Prove(RoleDesignRequest req, DesignedRole result)
        {
            var engine = new McpAccessEngine(new[] { result.Role });
            var ua = engine.Prepare(new User { Name = "(role proof)", Roles = new List<string> { result.Role.Name! } }); // the designed role has its validated name
            foreach (var app in req.Apps)
            {
                var aa = engine.ForApp(ua, AppLabelSet.ForMcpServer(app.Name, app.Labels, app.DynamicLabelKeys));
                var names = app.ToolsKnown ? app.Tools.Where(t => !string.IsNullOrEmpty(t?.Name)).Select(t => t.Name).OfType<string>().Distinct(StringComparer.Ordinal).ToList() : result.Intended[app.Name];
                var intended = new HashSet<string>(result.Intended[app.Name], StringComparer.Ordinal);
                var wrong = new List<string>();
                foreach (var n in names)
                {
                    var decision = engine.DecideFast(aa, n);
                    bool granted = decision == AccessDecision.Allowed;
                    if (decision == AccessDecision.Error || decision == AccessDecision.Indeterminate || granted != intended.Contains(n))
                    {
                        var d = engine.Decide(aa, n);
                        wrong.Add(DisplayText.Of(n) + (d.Decision == AccessDecision.Error || d.Decision == AccessDecision.Indeterminate ? " (" + d.Decision + ": " : granted ? " would be granted (" : " would not be granted (") + d.Reason + ")");
                        if (wrong.Count >= 5) break;
                    }
                }
                var covering = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var e in result.Entries)
                    foreach (var c in e.Covers.Where(c => c.Key == app.Name))
                        foreach (var t in c.Value)
                            if (!covering.ContainsKey(t)) covering[t] = e.Text;
                foreach (var v in result.Verdicts.Where(v => v.App == app.Name && v.Grant == ToolGrant.Granted))
                    if (covering.TryGetValue(v.Tool, out var entry)) v.Entry = entry;
                if (wrong.Count > 0)
                    throw new RoleDesignException("ProofFailed", Output.OutputText.Labelled("the generated role does not grant exactly the intended tools on " + DisplayText.Of(app.Name), ListText.Join("; ", wrong.Take(5))),
                        req.AppLabels != null ? "Check that -AppLabels selects the app (its labels: " + LabelText(app.Labels) + ")." : "This is a defect of the module; please report it with the input.");
                if (names.Count == 0)
                    result.Warnings.Add("the role is not proven on " + DisplayText.Of(app.Name) + ": the server was not probed and -Tool gave only patterns, so there is no tool name to check it with");
                else
                    result.ProofNotes.Add("proof on " + DisplayText.Of(app.Name) + ": a user holding only role " + result.Role.Name + " gets exactly " + intended.Count + " of the " + names.Count + " tools (Teleport's decision per tool)");
            }
            var targets = new HashSet<string>(req.Apps.Select(a => a.Name), StringComparer.Ordinal);
            var others = req.KnownApps.Where(a => a.Transport != McpTransport.None && (a.Name == null || !targets.Contains(a.Name))).GroupBy(a => a.Name, StringComparer.Ordinal).Select(g => g.First()).ToList();
            var selected = others.Where(o => engine.Summarize(engine.ForApp(ua, o)).AppAccessible).Select(o => o.Name).ToList();
            if (selected.Count > 0)
            {
                var message = "app_labels " + result.Role.Allow.AppLabels + " also selects " + ListText.Join(", ", selected.Select(DisplayText.Of)) + ", so the role would grant the same tool names there";
                if (req.AppLabels == null)
                    throw new RoleDesignException("LabelsNotExact", message, "Give -AppLabels with a label only the intended servers carry, or add such a label to them.");
                result.Warnings.Add(message + " (as -AppLabels asked)");
            }
            if (others.Count == 0)
                result.Warnings.Add("no other MCP apps were given (-Path with a cluster export): app_labels " + result.Role.Allow.AppLabels + " was not checked against the cluster's other servers; any server carrying these labels gets the same tool names");
            else result.ProofNotes.Add("app_labels " + result.Role.Allow.AppLabels + " selects none of the " + others.Count + " other MCP app(s) given");
        }

        private static string LabelText(Dictionary<string, string> labels) =>
            labels == null || labels.Count == 0 ? "none" : ListText.Join(", ", labels.Select(kv => DisplayText.Of(kv.Key) + "=" + DisplayText.Of(kv.Value)));
    }
}
