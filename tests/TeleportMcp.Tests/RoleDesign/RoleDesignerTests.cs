using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleDesign;
using Xunit;

namespace TeleportMcp.Tests.RoleDesign
{
    /// <summary>
    /// New-TeleportMcpRole's engine: MCP annotation defaults (2:M1), the shortest exact allow.mcp.tools entries under
    /// Teleport's matcher (P1-P5, lib/utils/replace.go), app_labels (L2, L6), names and versions Teleport accepts (R1,
    /// api/types/system_role.go), and the proof through the RBAC engine.
    /// </summary>
    public class RoleDesignerTests
    {
        // "name:hints" where hints is r/w (readOnlyHint true/false), d/n (destructiveHint true/false), or '-' for no annotations.
        internal static List<ProbeTool> Tools(string spec) => spec.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).Select(s =>
        {
            var i = s.LastIndexOf(':');
            var name = i < 0 ? s : s.Substring(0, i);
            var hints = i < 0 ? "-" : s.Substring(i + 1);
            if (hints == "-") return new ProbeTool { Name = name };
            return new ProbeTool
            {
                Name = name,
                Annotations = new ToolAnnotations
                {
                    ReadOnlyHint = hints.Contains('r') ? true : hints.Contains('w') ? false : (bool?)null,
                    DestructiveHint = hints.Contains('d') ? true : hints.Contains('n') ? false : (bool?)null,
                },
            };
        }).ToList();

        private static DesignApp App(string name, string tools, string labels = "mcp=" + "x") => new DesignApp
        {
            Name = name,
            Labels = labels.Split(';').Where(p => p.Length > 0).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]),
            Tools = tools == null ? null : Tools(tools),
        };

        private static RoleDesignRequest Request(params DesignApp[] apps) => new RoleDesignRequest { Name = "mcp-test", Apps = apps.ToList() };

        private static IEnumerable<string> Granted(DesignedRole d, string app) => d.Intended[app];

        [Theory]
        // case, tools ("name:hints"), switches (r = -ReadOnly, d = -ExcludeDestructive, l = -Literal), -Tool, -Exclude, expected entries, expected granted (space-separated)
        [InlineData("read-only by annotation; unannotated is not read-only (2:M1)", "read_file:r, list_dir:r, write_file:w, mystery", "r", "", "", "read_file list_dir", "read_file list_dir")]
        [InlineData("tempting glob read_file* would take read_file_and_delete", "read_file:r, read_file_and_delete:wd", "r", "", "", "read_file", "read_file")]
        [InlineData("regex when the glob read_* would take a withheld tool", "read_file:r, read_dir:r, read_file_and_delete:wd", "", "", "read_file_and_delete", "^read_(file|dir)$", "read_file read_dir")]
        [InlineData("glob when every tool under the prefix is wanted", "get-a:r, get-b:r, get-c:r, set-a:w", "", "", "set-a", "get-*", "get-a get-b get-c")]
        // 2:M4: annotations speak for the tools listed now; a pattern would also grant a later tool, whatever its hints.
        [InlineData("-ReadOnly: names only, even where a glob is exact", "get-a:r, get-b:r, get-c:r, set-a:w", "r", "", "", "get-a get-b get-c", "get-a get-b get-c")]
        [InlineData("-ReadOnly with every tool read-only: names, never '*'", "a:r, b:r", "r", "", "", "a b", "a b")]
        [InlineData("-ExcludeDestructive: names only", "get-a:r, get-b:wn, drop:wd", "d", "", "", "get-a get-b", "get-a get-b")]
        [InlineData("-Literal: names only", "get-a:r, get-b:r, get-c:r, set-a:w", "rl", "", "", "get-a get-b get-c", "get-a get-b get-c")]
        [InlineData("destructive default true without a hint; read-only tools are never destructive", "a_x:r, b_y:wn, c_z:wd, d_w", "d", "", "", "a_x b_y", "a_x b_y")]
        [InlineData("readOnlyHint true wins over destructiveHint true", "look:rd, drop:wd", "d", "", "", "look", "look")]
        [InlineData("-Exclude takes precedence", "get-a:r, get-b:r, get-env:r", "", "", "get-env", "^get-(a|b)$", "get-a get-b")]
        [InlineData("-Tool selects with Teleport patterns", "slack_post, slack_read, mail_send", "", "slack_*", "", "slack_*", "slack_post slack_read")]
        [InlineData("camelCase boundary", "getUser:r, getTeam:r, getaway:w", "", "", "getaway", "^get(User|Team)$", "getUser getTeam")]
        [InlineData("suffix glob", "list_files:r, search_files:r, list_users:w", "", "", "list_users", "*_files", "list_files search_files")]
        [InlineData("no glob when it would take a withheld tool", "list_files:r, search_files:r, delete_files:w, list_users:w", "", "", "delete_files|list_users", "list_files search_files", "list_files search_files")]
        [InlineData("every tool wanted: '*'", "a:r, b_c:r, d", "", "", "", "*", "a b_c d")]
        [InlineData("every tool wanted, -Literal: names", "a:r, b_c:r, d", "l", "", "", "a b_c d", "a b_c d")]
        [InlineData("a name with * is written as an exact regex", "a*b:r, aXb:w", "r", "", "", "^a\\*b$", "a*b")]
        [InlineData("a name shaped like a regex is quoted", "^x$:r, x:w", "r", "", "", "^\\^x\\$$", "^x$")]
        [InlineData("a name with template braces is quoted", "{{x}}:r, y:w", "r", "", "", "^\\{\\{x\\}\\}$", "{{x}}")]
        [InlineData("a quote in a name survives YAML", "it's:r, y:w", "r", "", "", "it's", "it's")]
        public void Chooses_the_shortest_exact_entries(string @case, string tools, string switches, string tool, string exclude, string entries, string granted)
        {
            var req = Request(App("srv", tools));
            req.ReadOnly = switches.Contains('r');
            req.ExcludeDestructive = switches.Contains('d');
            req.Literal = switches.Contains('l');
            if (tool.Length > 0) req.Tools = tool.Split('|').ToList();
            if (exclude.Length > 0) req.Exclude = exclude.Split('|').ToList();
            var d = RoleDesigner.Design(req);
            Assert.True(entries.Split(' ').SequenceEqual(d.Role.Allow.McpTools), @case + ": got " + string.Join(" ", d.Role.Allow.McpTools));
            Assert.Equal(granted.Split(' '), Granted(d, "srv"));
            AssertProof(d, "srv", tools);
        }

        /// <summary>Independent of the designer: the YAML, read back and run through the RBAC engine, grants exactly the intended tools.</summary>
        internal static void AssertProof(DesignedRole d, string app, string tools)
        {
            var read = ResourceReader.ReadText(d.Yaml, "t.yaml").ToList();
            Assert.DoesNotContain(read, i => i.Diagnostic != null && i.Diagnostic.Level == DiagnosticLevel.Error);
            var role = Assert.Single(read.Select(i => i.Resource).OfType<Role>());
            Assert.Equal("role", role.Kind);
            Assert.True(RoleVersions.IsSupported(role.Version));
            Assert.Null(RoleNames.Problem(role.Name));
            Assert.NotEmpty(role.Allow.McpTools);
            Assert.NotEmpty(role.Allow.AppLabels.Entries);
            var engine = new McpAccessEngine(new[] { role });
            var ua = engine.Prepare(new User { Name = "u", Roles = { role.Name } });
            var target = d.Apps.Single(a => a.Name == app);
            var aa = engine.ForApp(ua, new AppLabelSet(app, target.Labels));
            foreach (var t in Tools(tools))
                Assert.True((engine.DecideFast(aa, t.Name) == AccessDecision.Allowed) == d.Intended[app].Contains(t.Name), t.Name);
        }

        // 2:M1: a tool without destructiveHint that is not read-only may be destructive; granting every tool says so.
        [Theory]
        [InlineData("", "the role grants every tool, 2 of them may be destructive by their annotations (drop, mystery); -ReadOnly or -ExcludeDestructive withholds them")]
        [InlineData("d", null)]
        [InlineData("t", null)]
        public void Granting_every_tool_warns_of_the_destructive_ones(string switches, string warning)
        {
            var req = Request(App("srv", "look:r, add:wn, drop:wd, mystery"));
            req.ExcludeDestructive = switches.Contains('d');
            if (switches.Contains('t')) req.Tools = new List<string> { "drop", "look" };
            var d = RoleDesigner.Design(req);
            var found = d.Warnings.FirstOrDefault(w => w.Contains("may be destructive"));
            Assert.Equal(warning, found);
        }

        // A role designed from patterns alone (no probe) has no tool name to prove it with: it says so instead of a proof.
        [Theory]
        [InlineData("*")]
        [InlineData("^.*$")]
        public void A_role_of_patterns_alone_is_not_called_proven(string pattern)
        {
            var req = Request(App("srv", null));
            req.Tools = new List<string> { pattern };
            var d = RoleDesigner.Design(req);
            Assert.DoesNotContain(d.ProofNotes, n => n.StartsWith("proof on", StringComparison.Ordinal));
            Assert.Contains("the role is not proven on srv: the server was not probed and -Tool gave only patterns, so there is no tool name to check it with", d.Warnings);
        }

        [Fact]
        public void Every_entry_has_a_comment_line_naming_what_it_covers()
        {
            var req = Request(App("srv", "get-a:r, get-b:r, echo:r, set:w"));
            req.Exclude = new List<string> { "set" };
            var d = RoleDesigner.Design(req);
            var lines = d.Yaml.Split('\n');
            int i = Array.FindIndex(lines, l => l.Trim() == "- 'get-*'");
            Assert.Equal("      # glob, covers get-a, get-b", lines[i - 1]);
            int j = Array.FindIndex(lines, l => l.Trim() == "- 'echo'");
            Assert.Equal("      # echo", lines[j - 1]);
            Assert.Contains("# srv - grants 3 of 4 tools; withheld: set (excluded)", d.Yaml, StringComparison.Ordinal);
        }

        private static RoleDesignRequest ReadOnly(RoleDesignRequest r) { r.ReadOnly = true; return r; }

        [Fact]
        public void Several_servers_share_one_list_and_a_selector_with_their_common_label()
        {
            var d = RoleDesigner.Design(ReadOnly(Request(App("a", "read_file:r, write_file:w", "env=dev;team=x"), App("b", "read_file:r, list:r", "env=staging;team=x"))));
            Assert.Equal(new[] { "read_file", "list" }, d.Role.Allow.McpTools);
            Assert.Equal("{env: [dev, staging], team: x}", d.Role.Allow.AppLabels.ToString());
            AssertProof(d, "a", "read_file:r, write_file:w");
            AssertProof(d, "b", "read_file:r, list:r");
        }

        [Fact]
        public void A_glob_must_be_exact_on_every_server()
        {
            // get-* is exact on a, but b also lists get-secret, which is withheld there.
            var d = RoleDesigner.Design(ReadOnly(Request(App("a", "get-x:r, get-y:r"), App("b", "get-secret:w, get-x:r"))));
            Assert.DoesNotContain("get-*", d.Role.Allow.McpTools);
            AssertProof(d, "b", "get-secret:w, get-x:r");
        }

        [Fact]
        public void A_name_granted_on_one_server_and_withheld_on_another_cannot_be_one_role()
        {
            var e = Assert.Throws<RoleDesignException>(() => RoleDesigner.Design(ReadOnly(Request(App("a", "sync:r"), App("b", "sync:w")))));
            Assert.Equal("ToolConflict", e.Code);
        }

        [Theory]
        [InlineData("", "InvalidRoleName")]
        [InlineData("Admin", "InvalidRoleName")]            // api/types/system_role.go, lib/services/role.go ValidateRoleName
        [InlineData("Trusted_cluster", "InvalidRoleName")]
        [InlineData("default-implicit-role", "InvalidRoleName")]
        [InlineData("a b", "InvalidRoleName")]
        [InlineData("x\ny", "InvalidRoleName")]
        [InlineData("-lead", "InvalidRoleName")]
        public void Refuses_names_Teleport_or_a_command_line_would_not_take(string name, string code)
        {
            var r = Request(App("srv", "a:r"));
            r.Name = name;
            Assert.Equal(code, Assert.Throws<RoleDesignException>(() => RoleDesigner.Design(r)).Code);
        }

        [Theory]
        [InlineData("v2")]
        [InlineData("v9")]
        [InlineData("8")]
        [InlineData("")]
        public void Refuses_role_versions_Teleport_does_not_know(string version)
        {
            var r = Request(App("srv", "a:r"));
            r.Version = version;
            var e = Assert.Throws<RoleDesignException>(() => RoleDesigner.Design(r));
            Assert.Equal("UnsupportedRoleVersion", e.Code);
            Assert.Contains("is not supported", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("v3")]
        [InlineData("v7")]
        [InlineData("v8")]
        public void Writes_every_supported_version(string version)
        {
            var r = Request(App("srv", "a:r"));
            r.Version = version;
            Assert.Contains("version: '" + version + "'", RoleDesigner.Design(r).Yaml, StringComparison.Ordinal);
        }

        [Fact]
        public void Never_writes_an_empty_tools_list()
        {
            var e = Assert.Throws<RoleDesignException>(() => RoleDesigner.Design(ReadOnly(Request(App("srv", "write:w, unknown")))));
            Assert.Equal("NothingToGrant", e.Code);
            Assert.Contains("not read-only", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("", "AppHasNoLabels")]
        public void Refuses_an_app_no_selector_can_pick_alone(string labels, string code)
        {
            Assert.Equal(code, Assert.Throws<RoleDesignException>(() => RoleDesigner.Design(Request(App("srv", "a:r", labels)))).Code);
        }

        [Fact]
        public void Refuses_apps_without_a_common_label()
        {
            var e = Assert.Throws<RoleDesignException>(() => RoleDesigner.Design(Request(App("a", "x:r", "env=dev"), App("b", "x:r", "team=y"))));
            Assert.Equal("AppsShareNoLabel", e.Code);
        }

        [Fact]
        public void Dynamic_and_internal_label_keys_are_not_used()
        {
            var app = App("srv", "a:r", "env=dev;teleport.internal/resource-type=demo;ver=1");
            app.DynamicLabelKeys.Add("ver");
            var d = RoleDesigner.Design(Request(app));
            Assert.Equal("{env: dev}", d.Role.Allow.AppLabels.ToString());
        }

        [Fact]
        public void Derived_labels_that_select_another_known_app_are_refused()
        {
            var r = Request(App("srv", "a:r", "env=dev"));
            r.KnownApps.Add(new App { Name = "other", Transport = McpTransport.Stdio, LabelMap = { ["env"] = "dev" } });
            Assert.Equal("LabelsNotExact", Assert.Throws<RoleDesignException>(() => RoleDesigner.Design(r)).Code);
            r.KnownApps[0].LabelMap["env"] = "prod";
            var d = RoleDesigner.Design(r);
            Assert.DoesNotContain(d.Warnings, w => w.Contains("was not checked"));
        }

        [Fact]
        public void A_label_value_with_a_star_is_matched_exactly()
        {
            var d = RoleDesigner.Design(Request(App("srv", "a:r", "tier=a*")));
            Assert.Equal("^a\\*$", d.Role.Allow.AppLabels.Entries[0].Value[0]);
        }

        // The per-entry -AppLabels rules ('*' key, empty value, templates, regex) are AppLabelInput's: AppLabelInputTests.

        [Fact]
        public void AppLabels_that_miss_the_app_fail_the_proof()
        {
            var r = Request(App("srv", "a:r", "env=dev"));
            r.AppLabels = new LabelSelector();
            r.AppLabels.Add("env", new[] { "prod" });
            Assert.Equal("ProofFailed", Assert.Throws<RoleDesignException>(() => RoleDesigner.Design(r)).Code);
        }

        [Fact]
        public void Unmatched_Tool_and_Exclude_entries_are_reported_and_the_rest_is_used()
        {
            var r = Request(App("srv", "echo:r, sum:r"));
            r.Tools = new List<string> { "echo", "ecco" };
            r.Exclude = new List<string> { "nothing*" };
            var d = RoleDesigner.Design(r);
            Assert.Equal(new[] { "echo" }, d.Role.Allow.McpTools);
            Assert.Contains(d.Problems, p => p.Code == "ToolNotFound" && p.Message.Contains("ecco"));
            Assert.Contains(d.Problems, p => p.Code == "ExcludeNotFound" && p.Message.Contains("nothing*"));
        }

        [Theory]
        [InlineData("^(unclosed$", "InvalidPattern")]
        [InlineData("{{internal.mcp_tools}}", "TemplateNotSupported")]
        [InlineData("", "EmptyPattern")]
        // A blank entry names no tool (InputPolicy.IsBlank); it was written into the role as ' ' (helper-259).
        [InlineData(" ", "EmptyPattern")]
        [InlineData("\t", "EmptyPattern")]
        public void Bad_Tool_patterns_are_errors(string tool, string code)
        {
            var r = Request(App("srv", "echo:r"));
            r.Tools = new List<string> { tool };
            Assert.Equal(code, Assert.Throws<RoleDesignException>(() => RoleDesigner.Design(r)).Code);
        }

        [Fact]
        public void Without_a_probe_names_are_written_and_annotations_are_not_guessed()
        {
            var r = Request(App("srv", null));
            r.Tools = new List<string> { "echo", "get-*" };
            var d = RoleDesigner.Design(r);
            Assert.Equal(new[] { "echo", "get-*" }, d.Role.Allow.McpTools);
            Assert.Contains(d.Warnings, w => w.Contains("not probed"));
            r.ReadOnly = true;
            Assert.Equal("AnnotationsUnknown", Assert.Throws<RoleDesignException>(() => RoleDesigner.Design(r)).Code);
            r.ReadOnly = false;
            r.Tools = null;
            Assert.Equal("NoToolList", Assert.Throws<RoleDesignException>(() => RoleDesigner.Design(r)).Code);
        }

        [Fact]
        public void Control_characters_in_names_never_reach_the_yaml_raw()
        {
            var d = RoleDesigner.Design(ReadOnly(Request(App("srv", "bad\u001b[31mname:r, ok:r, w:w"))));
            Assert.True(!d.Yaml.Contains("\u001b"), d.Yaml.Replace("\u001b", "<ESC>"));
            Assert.Contains("bad\u001b[31mname", d.Role.Allow.McpTools);
        }

        [Fact]
        public void A_server_with_thousands_of_tools_gets_literal_names_quickly()
        {
            var tools = string.Join(", ", Enumerable.Range(0, 2100).Select(i => "t" + (i % 7) + "_" + i + (i % 3 == 0 ? ":r" : ":w")));
            var req = Request(App("big", tools));
            req.Exclude = Enumerable.Range(0, 2100).Where(i => i % 3 != 0).Select(i => "t" + (i % 7) + "_" + i).ToList();
            var d = RoleDesigner.Design(req);
            Assert.Equal(700, d.Role.Allow.McpTools.Count);
            Assert.Contains(d.Warnings, w => w.Contains("no glob search"));
            AssertProof(d, "big", tools);
        }

        [Fact]
        public void Many_tools_under_one_prefix_with_a_withheld_one_are_not_folded_into_one_long_regex()
        {
            var tools = string.Join(", ", Enumerable.Range(0, 40).Select(i => "get_" + i + ":r")) + ", get_secret:w";
            var d = RoleDesigner.Design(ReadOnly(Request(App("srv", tools))));
            Assert.DoesNotContain(d.Role.Allow.McpTools, e => e.StartsWith("^get_(", StringComparison.Ordinal));
            AssertProof(d, "srv", tools);
        }

        [Fact]
        public void Preview_shows_gained_and_still_denied_tools()
        {
            var d = RoleDesigner.Design(ReadOnly(Request(App("everything", "echo:r, get-env:r, write:w", "env=dev"))));
            var roles = ResourceReader.ReadText(@"
kind: role
version: v8
metadata: {name: no-env}
spec: {deny: {mcp: {tools: [get-env]}}}
---
kind: role
version: v8
metadata: {name: echo-only}
spec: {allow: {app_labels: {env: dev}, mcp: {tools: [echo]}}}
", "r.yaml").Select(i => i.Resource).OfType<Role>().ToList();
            var users = new[] { new User { Name = "alice", Roles = { "no-env", "echo-only" } } };
            var e = Assert.Single(RoleEffectPreview.Preview(d, roles, users));
            Assert.Equal(Array.Empty<string>(), e.Gained);
            Assert.Equal(new[] { "echo" }, e.AlreadyAllowed);
            Assert.Equal(new[] { "get-env" }, e.StillDenied);
            Assert.Contains(e.DeniedBy, x => x.Contains("no-env"));
        }

        // A cluster role of v9 without the single allow_all rule is decided by the serving agents' releases, as in
        // Test-TeleportMcpRole (McpAccessEngine.RoleV9Gate: lib/auth MaybeDowngradeRoleVersionToV8, downgrade property tests
        // index id 57052340701; lib/appresource/app.go @8ed6a8e4 GovernsApp). Without heartbeats, what it does stays undecided.
        [Theory]
        // agents' releases (none: no heartbeat), gained, already allowed, still denied, undecided count
        [InlineData("19.1.0,19.0.0", "get-env", "echo", "", 0)]
        [InlineData("18.4.2", "", "", "echo,get-env", 0)]
        [InlineData("", "", "", "", 2)]
        [InlineData("19.1.0,18.4.2", "", "", "", 2)]
        public void Preview_decides_a_v9_cluster_role_with_the_serving_agents_releases(string releases, string gained, string already, string denied, int undecided)
        {
            var d = RoleDesigner.Design(ReadOnly(Request(App("everything", "echo:r, get-env:r, write:w", "env=dev"))));
            var read = ResourceReader.ReadText("kind: role\nversion: v9\nmetadata: {name: web-v9}\nspec: {allow: {app_labels: {env: dev}, mcp: {tools: [echo]}}}\n" +
                string.Concat(releases.Split(',', StringSplitOptions.RemoveEmptyEntries).Select((v, i) =>
                    "---\nkind: app_server\nversion: v3\nmetadata: {name: everything}\nspec:\n  hostname: agent-" + i + "\n  version: " + v + "\n" +
                    "  app:\n    kind: app\n    version: v3\n    metadata: {name: everything, labels: {env: dev}}\n    spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}\n")),
                "cluster.yaml").Select(i => i.Resource).ToList();
            var users = new[] { new User { Name = "alice", Roles = { "web-v9" } } };
            var e = Assert.Single(RoleEffectPreview.Preview(d, read.OfType<Role>(), users, read.OfType<App>()));
            string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Split(gained), e.Gained);
            Assert.Equal(Split(already), e.AlreadyAllowed);
            Assert.Equal(Split(denied), e.StillDenied);
            Assert.Equal(undecided, e.Undecided!.Length);
            if (denied.Length > 0) Assert.Contains(e.DeniedBy!, x => x.Contains("web-v9", StringComparison.Ordinal));
        }
    }
}
