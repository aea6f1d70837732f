using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// Whether Claude Code starts a Teleport server of a project's .mcp.json. Claude Code (restored source):
    /// src/services/mcp/utils.ts getProjectMcpServerStatus (disabledMcpjsonServers first, then enabledMcpjsonServers or
    /// enableAllProjectMcpServers, else pending), src/utils/settings/settings.ts settingsMergeCustomizer (user, project,
    /// local; lists joined, a later true/false wins), src/migrations/migrateEnableAllProjectMcpServersToSettings.ts (the
    /// keys in ~/.claude.json's project entry), src/services/mcp/normalization.ts normalizeNameForMCP,
    /// src/services/mcp/config.ts isMcpServerDisabled (/mcp). The managed layer (restored source @fb1320d1,
    /// DroxKiwi/claude-code-leak-packaged): src/utils/settings/constants.ts SETTING_SOURCES (policySettings merges last),
    /// settings.ts loadManagedFileSettings (managed-settings.json, then managed-settings.d/*.json sorted, hidden ones
    /// left out, merged with the same customizer; a file that does not parse is skipped).
    /// </summary>
    public class ClaudeCodeApprovalTests
    {
        private const string Project = "/home/alice/src/api";
        private const string User = "/home/alice/.claude/settings.json";
        private const string Shared = Project + "/.claude/settings.json";
        private const string Local = Project + "/.claude/settings.local.json";
        private const string ClaudeJson = "/home/alice/.claude.json";
        private const string Managed = "/etc/claude-code/managed-settings.json";
        private const string DropIns = "/etc/claude-code/managed-settings.d";
        private const string AdminDecides = "(managed settings: the administrator decides";

        private static string McpJson(string name = "teleport-mcp-files") =>
            "{\"mcpServers\":{\"" + name + "\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}";

        private static List<ClientCheck> Approvals(FakeEnv env) =>
            ClientChecker.Run(new ClientCheckOptions { Environment = env, SkipSession = true }).Where(x => x.Check == ClientChecks.Approval && x.Client == ClientNames.ClaudeCode).ToList();

        /// <summary>Files as "path=text|path=text"; the .mcp.json defines the server <paramref name="name"/>.</summary>
        private static FakeEnv Env(string files, string name = "teleport-mcp-files")
        {
            var env = FakeEnv.Linux().File(Project + "/.mcp.json", McpJson(name)).File("/usr/bin/tsh");
            foreach (var f in (files ?? "").Split('|').Where(x => x.Length > 0))
            {
                int eq = f.IndexOf('=');
                env.File(f.Substring(0, eq), f.Substring(eq + 1));
            }
            return env;
        }

        [Theory]
        // Nothing recorded: Claude Code asks at start ("New MCP server found in .mcp.json"); -p approves. Not a failure.
        [InlineData("", CheckStatus.Indeterminate, "no Claude Code settings file records a choice", "add \"enabledMcpjsonServers\": [\"teleport-mcp-files\"] to " + Local)]
        [InlineData(Shared + "={\"permissions\":{}}", CheckStatus.Indeterminate, "no setting read approves or rejects 'teleport-mcp-files' (" + Shared + ")", "Approve it when Claude Code asks")]
        // Approved: the name in enabledMcpjsonServers of any layer, or enableAllProjectMcpServers true in the last layer that sets it.
        [InlineData(Local + "={\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}", CheckStatus.Pass, "'teleport-mcp-files' is in enabledMcpjsonServers in " + Local, null)]
        [InlineData(User + "={\"enableAllProjectMcpServers\":true}", CheckStatus.Pass, "enableAllProjectMcpServers is true in " + User, null)]
        [InlineData(User + "={\"enableAllProjectMcpServers\":true}|" + Local + "={\"enableAllProjectMcpServers\":false}", CheckStatus.Indeterminate, "no setting read approves or rejects", null)]
        // Rejected: disabledMcpjsonServers in any layer wins over the other two keys.
        [InlineData(Shared + "={\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}|" + Local + "={\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}", CheckStatus.Fail,
            "Claude Code will not start this project server: 'teleport-mcp-files' is in disabledMcpjsonServers in " + Local, "(or run `claude mcp reset-project-choices` there and approve it when asked)")]
        [InlineData(User + "={\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}|" + Local + "={\"enableAllProjectMcpServers\":true}", CheckStatus.Fail,
            "is in disabledMcpjsonServers in " + User, "Remove 'teleport-mcp-files' from disabledMcpjsonServers in " + User + ", then start Claude Code again in " + Project)]
        // The keys older builds kept in ~/.claude.json's project entry, moved to the local settings at start.
        [InlineData(ClaudeJson + "={\"projects\":{\"/home/alice/src/api/\":{\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}}}", CheckStatus.Fail,
            "is in disabledMcpjsonServers in " + ClaudeJson + " projects[\"/home/alice/src/api/\"]", "reset-project-choices")]
        [InlineData(ClaudeJson + "={\"projects\":{\"/home/alice/src/api\":{\"enableAllProjectMcpServers\":true}}}", CheckStatus.Pass, "enableAllProjectMcpServers is true in " + ClaudeJson, null)]
        [InlineData(ClaudeJson + "={\"projects\":{\"/home/alice/src/api\":{\"enableAllProjectMcpServers\":true}}}|" + Local + "={\"enableAllProjectMcpServers\":false}", CheckStatus.Indeterminate, "no setting read approves or rejects", null)]
        [InlineData(ClaudeJson + "={\"projects\":{\"/home/alice/src/other\":{\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}}}", CheckStatus.Indeterminate, "no Claude Code settings file records a choice", null)]
        // A file Claude Code's schema refuses is ignored whole; one a strict reader may refuse decides nothing for sure.
        [InlineData(Local + "={\"enabledMcpjsonServers\":\"teleport-mcp-files\"}", CheckStatus.Indeterminate, "Claude Code ignores " + Local + " (enabledMcpjsonServers is not a list of names)", null)]
        // null is no absent key: the schema's optional() refuses it (Claude Code's settings types: z.boolean().optional(), z.array(z.string()).optional()).
        [InlineData(Local + "={\"enableAllProjectMcpServers\":null}|" + Shared + "={\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}", CheckStatus.Pass, "is in enabledMcpjsonServers in " + Shared, null)]
        [InlineData(Local + "={\"enableAllProjectMcpServers\":null,\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}", CheckStatus.Indeterminate, "Claude Code ignores " + Local + " (enableAllProjectMcpServers is not true or false)", null)]
        [InlineData(Local + "={\"disabledMcpjsonServers\":null,\"enableAllProjectMcpServers\":true}", CheckStatus.Indeterminate, "Claude Code ignores " + Local + " (disabledMcpjsonServers is not a list of names)", null)]
        [InlineData(Shared + "={\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]|" + Local + "={}", CheckStatus.Indeterminate, "Claude Code ignores " + Shared + " (does not parse at line 1, column ", null)]
        [InlineData(Local + "={\n// approved\n\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}", CheckStatus.Indeterminate, "it depends on " + Local + ", which holds a comment", "Write " + Local + " as plain JSON.")]
        [InlineData(Local + "={\n// note\n\"enabledMcpjsonServers\":[\"x\"]}|" + Shared + "={\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}", CheckStatus.Pass, "is in enabledMcpjsonServers in " + Shared, null)]
        // Managed settings merge last: a managed true/false wins over every other layer, lists join (disabled still wins).
        [InlineData(Managed + "={\"enableAllProjectMcpServers\":true}", CheckStatus.Pass, "enableAllProjectMcpServers is true in " + Managed, null)]
        [InlineData(Managed + "={\"enableAllProjectMcpServers\":true}|" + Local + "={\"enableAllProjectMcpServers\":false}", CheckStatus.Pass, "enableAllProjectMcpServers is true in " + Managed, null)]
        [InlineData(Local + "={\"enableAllProjectMcpServers\":true}|" + Managed + "={\"enableAllProjectMcpServers\":false}", CheckStatus.Indeterminate,
            "enableAllProjectMcpServers is false in " + Managed + ", which overrides the true in " + Local + " " + AdminDecides, "add \"enabledMcpjsonServers\": [\"teleport-mcp-files\"] to " + Local)]
        [InlineData(Local + "={\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}|" + Managed + "={\"enableAllProjectMcpServers\":false}", CheckStatus.Pass, "is in enabledMcpjsonServers in " + Local, null)]
        [InlineData(Local + "={\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}|" + Managed + "={\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}", CheckStatus.Fail,
            "is in disabledMcpjsonServers in " + Managed + " " + AdminDecides, "The administrator decides: ask them to remove 'teleport-mcp-files' from disabledMcpjsonServers in " + Managed + "; your own settings cannot approve it.")]
        [InlineData(User + "={\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}|" + Managed + "={\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}", CheckStatus.Fail,
            "is in disabledMcpjsonServers in " + User + ", " + Managed + " " + AdminDecides, "from disabledMcpjsonServers in " + Managed + ", and remove it from disabledMcpjsonServers in " + User + ";")]
        [InlineData(Local + "={\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}|" + Managed + "={\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}", CheckStatus.Fail,
            "is in disabledMcpjsonServers in " + Local + " (the answer", "reset-project-choices")]
        // Drop-ins: merged in name order on top of managed-settings.json (a later true/false wins, lists join); hidden files are skipped.
        [InlineData(DropIns + "/50-mcp.json={\"enableAllProjectMcpServers\":true}", CheckStatus.Pass, "enableAllProjectMcpServers is true in " + DropIns + "/50-mcp.json", null)]
        [InlineData(Managed + "={\"enableAllProjectMcpServers\":true}|" + DropIns + "/20-off.json={\"enableAllProjectMcpServers\":false}|" + Local + "={\"enableAllProjectMcpServers\":true}", CheckStatus.Indeterminate,
            "enableAllProjectMcpServers is false in " + DropIns + "/20-off.json, which overrides the true in " + Local + ", " + Managed, null)]
        [InlineData(DropIns + "/20-off.json={\"enableAllProjectMcpServers\":false}|" + DropIns + "/10-on.json={\"enableAllProjectMcpServers\":true}", CheckStatus.Indeterminate,
            "enableAllProjectMcpServers is false in " + DropIns + "/20-off.json, which overrides the true in " + DropIns + "/10-on.json", null)]
        [InlineData(Managed + "={\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}|" + DropIns + "/10-deny.json={\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}", CheckStatus.Fail,
            "is in disabledMcpjsonServers in " + DropIns + "/10-deny.json " + AdminDecides, "in " + DropIns + "/10-deny.json; your own settings")]
        [InlineData(DropIns + "/.10-deny.json={\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}|" + DropIns + "/10-deny.json.bak={\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}|" + Local + "={\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}",
            CheckStatus.Pass, "is in enabledMcpjsonServers in " + Local, null)]
        // A managed file that cannot be used: Claude Code skips it, and a claude.ai login exits without a policy; a sure rejection still decides.
        [InlineData(Managed + "={\"disabledMcpjsonServers\":[|" + Local + "={\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}", CheckStatus.Indeterminate,
            "the administrator's " + Managed + " (does not parse at line 1, column ", "Ask the administrator to fix " + Managed + ".")]
        [InlineData(DropIns + "/10.json=[]", CheckStatus.Indeterminate, "the administrator's " + DropIns + "/10.json (holds no JSON object) cannot be used", "Ask the administrator to fix " + DropIns + "/10.json.")]
        [InlineData(Managed + "={\"disabledMcpjsonServers\":[|" + Local + "={\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}", CheckStatus.Fail,
            "is in disabledMcpjsonServers in " + Local + " (the answer", "reset-project-choices")]
        // A managed value of the wrong type is dropped; older builds refuse the whole file, newer ones keep the rest of it.
        [InlineData(Managed + "={\"enabledMcpjsonServers\":\"teleport-mcp-files\",\"enableAllProjectMcpServers\":true}", CheckStatus.Indeterminate,
            "it depends on " + Managed + ", which has a value Claude Code drops (enabledMcpjsonServers is not a list of names)", "Ask the administrator to fix " + Managed + " (enabledMcpjsonServers is not a list of names).")]
        [InlineData(Managed + "={\"enableAllProjectMcpServers\":\"yes\",\"enabledMcpjsonServers\":[\"x\"]}|" + Local + "={\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}", CheckStatus.Pass, "is in enabledMcpjsonServers in " + Local, null)]
        [InlineData(Managed + "={\n// policy\n\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}|" + Local + "={\"enableAllProjectMcpServers\":true}", CheckStatus.Indeterminate,
            "it depends on " + Managed + ", which holds a comment", "Ask the administrator to write " + Managed + " as plain JSON.")]
        public void A_project_server_starts_only_once_approved(string files, CheckStatus status, string words, string fix)
        {
            var a = Assert.Single(Approvals(Env(files)));
            Assert.Equal("teleport-mcp-files", a.Entry);
            Assert.Equal(Project + "/.mcp.json", a.ConfigPath);
            Assert.True(status == a.Status, a.Status + ": " + a.Message);
            Assert.Contains(words, a.Message, StringComparison.Ordinal);
            if (fix != null) Assert.Contains(fix, a.Fix, StringComparison.Ordinal);
            if (status == CheckStatus.Pass) Assert.Null(a.Fix);
        }

        [Fact]
        public void The_managed_files_follow_the_policy_folder_variable_and_are_read_once_per_run()
        {
            // TELEPORTMCP_CLAUDE_CODE_POLICY_DIR (ClientPaths.ClaudeCodePolicyFolder): the folder of the Policy check, read through the same ClaudeCodeFiles.
            var env = Env("/stage/managed-settings.json={\"enableAllProjectMcpServers\":true}|/stage/managed-settings.d/10-deny.json={\"deniedMcpServers\":[]}|"
                + Managed + "={\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}");
            env.Vars[ClientPaths.ClaudeCodePolicyFolderVariable] = "/stage";
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, SkipSession = true });
            var a = Assert.Single(r, x => x.Check == ClientChecks.Approval && x.Client == ClientNames.ClaudeCode);
            Assert.Equal(CheckStatus.Pass, a.Status);
            Assert.Contains("enableAllProjectMcpServers is true in /stage/managed-settings.json", a.Message, StringComparison.Ordinal);
            Assert.Contains(r, x => x.Check == ClientChecks.Policy && x.Message.Contains("/stage/managed-settings.d/10-deny.json"));
            Assert.Equal(1, env.Reads.Count(p => p == "/stage/managed-settings.json"));
            Assert.Equal(1, env.Reads.Count(p => p == "/stage/managed-settings.d/10-deny.json"));
            Assert.DoesNotContain(Managed, env.Reads);
        }

        [Fact]
        public void Windows_reads_the_legacy_managed_file_only_as_a_maybe()
        {
            // https://code.claude.com/docs/en/settings: C:\ProgramData\ClaudeCode\managed-settings.json is no longer read as of v2.1.75.
            var env = FakeEnv.Windows().File(@"C:\src\api\.mcp.json", McpJson()).File(@"C:\Program Files\Teleport\tsh.exe")
                .File(@"C:\ProgramData\ClaudeCode\managed-settings.json", "{\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}")
                .File(@"C:\src\api\.claude\settings.local.json", "{\"enableAllProjectMcpServers\":true}");
            var a = Assert.Single(Approvals(env), x => x.ConfigPath == @"C:\src\api\.mcp.json");
            Assert.Equal(CheckStatus.Indeterminate, a.Status);
            Assert.Contains(@"it depends on C:\ProgramData\ClaudeCode\managed-settings.json, which is the legacy path that Claude Code reads only before v2.1.75", a.Message, StringComparison.Ordinal);
            Assert.Contains(@"Ask the administrator to move C:\ProgramData\ClaudeCode\managed-settings.json to C:\Program Files\ClaudeCode\managed-settings.json.", a.Fix, StringComparison.Ordinal);
        }

        [Theory]
        // normalizeNameForMCP: characters outside [a-zA-Z0-9_-] compare as '_'.
        [InlineData("acme.files", "[\"acme_files\"]", CheckStatus.Fail)]
        [InlineData("acme files", "[\"acme.files\"]", CheckStatus.Fail)]
        [InlineData("acme-files", "[\"acme_files\"]", CheckStatus.Indeterminate)]
        public void Names_are_compared_as_claude_code_normalizes_them(string name, string disabled, CheckStatus status)
        {
            var a = Assert.Single(Approvals(Env(Local + "={\"disabledMcpjsonServers\":" + disabled + "}", name)));
            Assert.Equal(status, a.Status);
        }

        [Fact]
        public void The_user_settings_follow_CLAUDE_CONFIG_DIR()
        {
            var env = Env("/cfg/claude/settings.json={\"enableAllProjectMcpServers\":true}|" + User + "={\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}");
            env.Vars["CLAUDE_CONFIG_DIR"] = "/cfg/claude";
            var a = Assert.Single(Approvals(env));
            Assert.Equal(CheckStatus.Pass, a.Status);
            Assert.Contains("enableAllProjectMcpServers is true in /cfg/claude/settings.json", a.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Windows_project_keys_use_forward_slashes_and_any_case()
        {
            var env = FakeEnv.Windows().File(@"C:\src\api\.mcp.json", McpJson()).File(@"C:\Program Files\Teleport\tsh.exe")
                .File(@"C:\Users\alice\.claude.json", "{\"projects\":{\"c:/SRC/api\":{\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}}}");
            var a = Assert.Single(Approvals(env), x => x.ConfigPath == @"C:\src\api\.mcp.json");
            Assert.Equal(CheckStatus.Fail, a.Status);
            Assert.Contains(@"C:\Users\alice\.claude.json projects[""c:/SRC/api""]", a.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_server_switched_off_with_mcp_is_reported_for_its_project_in_every_scope()
        {
            // ~/.claude.json: a user-scope and a local-scope Teleport entry; /mcp switched teleport-mcp-files off in src/api.
            var env = Env(ClaudeJson + "={\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}},"
                + "\"projects\":{\"/home/alice/src/api\":{\"disabledMcpServers\":[\"teleport-mcp-files\"],\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]},"
                + "\"/home/alice/src/web\":{\"mcpServers\":{\"teleport-mcp-web\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"web\"]}},\"disabledMcpServers\":[\"teleport-mcp-web\"]}}}");
            var r = Approvals(env);
            var user = Assert.Single(r, x => x.ConfigPath == ClaudeJson && x.Entry == "teleport-mcp-files");
            Assert.Equal(CheckStatus.Warn, user.Status);
            Assert.Contains("switched off in /home/alice/src/api", user.Message, StringComparison.Ordinal);
            Assert.Contains("/mcp", user.Fix, StringComparison.Ordinal);
            var local = Assert.Single(r, x => x.Entry == "teleport-mcp-web");
            Assert.Contains("switched off in /home/alice/src/web", local.Message, StringComparison.Ordinal);
            var project = r.Where(x => x.ConfigPath == Project + "/.mcp.json").ToList();
            Assert.Equal(new[] { CheckStatus.Warn, CheckStatus.Pass }, project.Select(x => x.Status));
        }

        [Fact]
        public void A_managed_mcp_json_server_is_discovered_and_needs_no_project_approval()
        {
            // https://code.claude.com/docs/en/managed-mcp: the administrator's file, same format as .mcp.json, read from /etc/claude-code on Linux.
            var env = FakeEnv.Linux().File("/etc/claude-code/managed-mcp.json", McpJson()).File("/usr/bin/tsh");
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, SkipSession = true });
            var parse = Assert.Single(r, x => x.Check == ClientChecks.ConfigParse);
            Assert.Equal(ConfigScope.Managed, parse.Scope);
            Assert.Equal("Claude Code", parse.Client);
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files" && x.Status == CheckStatus.Pass);
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.Approval);
        }

        [Fact]
        public void Other_clients_get_no_approval_check() =>
            Assert.Empty(Approvals(FakeEnv.Linux().File("/home/alice/.cursor/mcp.json", McpJson()).File("/usr/bin/tsh")
                .File(Local, "{\"disabledMcpjsonServers\":[\"teleport-mcp-files\"]}")));
    }
}
