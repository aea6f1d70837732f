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
    /// Whether Claude Code's administrator policy lets it load a Teleport entry. Claude Code has no public source; the rules
    /// are Anthropic's pages: https://code.claude.com/docs/en/managed-mcp ("Control MCP server access for your
    /// organization": managed-mcp.json, managedMcpServers, allowlists and denylists, "How a server is evaluated"),
    /// https://code.claude.com/docs/en/managed-settings (the files per OS, managed-settings.d, invalid managed entries) and
    /// https://code.claude.com/docs/en/settings (strictPluginOnlyCustomization, the legacy Windows path).
    /// </summary>
    public class ClaudeCodePolicyTests
    {
        private const string Home = "/home/alice";
        private const string Project = "/home/alice/src/api";
        private const string ClaudeJson = Home + "/.claude.json";
        private const string Dir = "/etc/claude-code";
        private const string M = Dir + "/managed-mcp.json";
        private const string S = Dir + "/managed-settings.json";
        private const string D = Dir + "/managed-settings.d";
        private const string U = Home + "/.claude/settings.json";
        private const string P = Project + "/.claude/settings.json";
        private const string L = Project + "/.claude/settings.local.json";
        private const string Tsh = "[\"/usr/bin/tsh\", \"mcp\", \"connect\", \"files\"]";

        private static string Servers(string name = "teleport-mcp-files", string extra = "") =>
            "{\"mcpServers\":{\"" + name + "\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]" + extra + "}}}";

        /// <summary>Files as "path=text|path=text" on a Linux host whose ~/.claude.json holds the user-scope Teleport entry.</summary>
        private static FakeEnv Env(string files, string entryFile = ClaudeJson)
        {
            var env = FakeEnv.Linux().File("/usr/bin/tsh");
            if (entryFile != null) env.File(entryFile, Servers());
            foreach (var f in (files ?? "").Split('|').Where(x => x.Length > 0))
            {
                int eq = f.IndexOf('=');
                env.File(f.Substring(0, eq), f.Substring(eq + 1));
            }
            return env;
        }

        private static List<ClientCheck> Policies(IHostPlatform env) =>
            ClientChecker.Run(new ClientCheckOptions { Environment = env, SkipSession = true }).Where(x => x.Check == ClientChecks.Policy).ToList();

        private static ClientCheck PolicyOf(IHostPlatform env, string file) => Assert.Single(Policies(env), x => x.ConfigPath == file);

        private static void Expect(ClientCheck p, CheckStatus status, string words, string fix)
        {
            Assert.True(status == p.Status, p.Status + ": " + p.Message);
            Assert.True(p.Message.Contains(words, System.StringComparison.Ordinal), p.Message);
            if (fix != null) Assert.True(p.Fix != null && p.Fix.Contains(fix, System.StringComparison.Ordinal), p.Fix);
            if (status == CheckStatus.Pass) Assert.Null(p.Fix);
        }

        [Theory]
        // No policy: nothing keeps it out; what was not read is said.
        [InlineData("", CheckStatus.Pass, "no managed-mcp.json in /etc/claude-code; no managed settings file in /etc/claude-code; no deniedMcpServers; allowedMcpServers is not set", null)]
        // "Exclusive control with managed-mcp.json": only the file's servers (and managedMcpServers) load.
        [InlineData(M + "={\"mcpServers\":{\"github\":{\"type\":\"http\",\"url\":\"https://api.githubcopilot.com/mcp/\"}}}", CheckStatus.Fail,
            "Claude Code does not load this entry: " + M + " is deployed and has exclusive control: Claude Code loads only its servers (github) and managedMcpServers",
            "Ask the administrator to add the entry to " + M + " (\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]})")]
        // "Disable MCP entirely": an empty server map.
        [InlineData(M + "={\"mcpServers\":{}}", CheckStatus.Fail, M + " is deployed with an empty mcpServers, which disables MCP", "Ask the administrator to add the entry to " + M)]
        // The app itself comes through the managed file: this entry is dead, the app is not.
        [InlineData(M + "=" + "{\"mcpServers\":{\"files-managed\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}", CheckStatus.Warn,
            "its entry 'files-managed' connects to the same app 'files', and Claude Code loads that one", "Remove this entry")]
        // "Validate the configuration": a file Claude Code cannot parse is "failed to parse"; what users' servers do then is not stated.
        [InlineData(M + "={\"mcpServers\": {", CheckStatus.Indeterminate, M + " is deployed but Claude Code cannot parse it (", "Fix " + M + " at " + M + ":1:")]
        [InlineData(M + "={\n// managed\n\"mcpServers\":{}}", CheckStatus.Indeterminate, "comment at " + M + ":2:1", "(strict JSON: no comment, trailing comma or byte order mark)")]
        // strictPluginOnlyCustomization (settings#strictpluginonlycustomization): true, or a list naming mcp; managed only.
        [InlineData(S + "={\"strictPluginOnlyCustomization\":true}", CheckStatus.Fail, "strictPluginOnlyCustomization in " + S + " locks the 'mcp' surface", "take 'mcp' out of strictPluginOnlyCustomization in " + S)]
        [InlineData(S + "={\"strictPluginOnlyCustomization\":[\"skills\",\"mcp\"]}", CheckStatus.Fail, "locks the 'mcp' surface", null)]
        [InlineData(S + "={\"strictPluginOnlyCustomization\":[\"skills\",\"hooks\"]}", CheckStatus.Pass, "managed settings read: " + S, null)]
        [InlineData(S + "={\"strictPluginOnlyCustomization\":\"mcp\"}", CheckStatus.Pass, "no deniedMcpServers", null)]
        [InlineData(U + "={\"strictPluginOnlyCustomization\":true}", CheckStatus.Pass, "allowedMcpServers is not set", null)]
        // managed-settings.d (managed-settings "Split a file-based policy"): lists combine, a later single value replaces; hidden and non-.json files are not read.
        [InlineData(S + "={\"strictPluginOnlyCustomization\":[\"skills\"]}|" + D + "/10-mcp.json={\"strictPluginOnlyCustomization\":[\"mcp\"]}", CheckStatus.Fail,
            "strictPluginOnlyCustomization in " + D + "/10-mcp.json locks", null)]
        [InlineData(S + "={\"strictPluginOnlyCustomization\":true}|" + D + "/10-open.json={\"strictPluginOnlyCustomization\":false}", CheckStatus.Pass, "managed settings read: " + S + ", " + D + "/10-open.json", null)]
        [InlineData(D + "/20-deny.json={\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}|" + D + "/.10-off.json={\"allowedMcpServers\":[]}|" + D + "/30.txt={\"allowedMcpServers\":[]}",
            CheckStatus.Fail, "of deniedMcpServers in " + D + "/20-deny.json", null)]
        // The denylist: every scope merges, and nothing overrides a match ("How a server is evaluated", step 2).
        [InlineData(S + "={\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", CheckStatus.Fail,
            "it matches {\"serverName\": \"teleport-mcp-files\"} of deniedMcpServers in " + S + ", and nothing overrides a denylist match", "Ask the administrator to remove {\"serverName\": \"teleport-mcp-files\"} from deniedMcpServers in " + S)]
        [InlineData(U + "={\"deniedMcpServers\":[{\"serverCommand\":[\"/usr/bin/tsh\",\"mcp\",\"connect\",\"files\"]}]}", CheckStatus.Fail,
            "it matches {\"serverCommand\": " + Tsh + "} of deniedMcpServers in " + U, "Remove {\"serverCommand\": " + Tsh + "} from deniedMcpServers in " + U)]
        [InlineData(S + "={\"allowedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}|" + L + "={\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", CheckStatus.Fail, "of deniedMcpServers in " + L, null)]
        // Commands match exactly, every argument in order; a serverUrl entry matches remote servers only; serverName never expands.
        [InlineData(U + "={\"deniedMcpServers\":[{\"serverCommand\":[\"/usr/bin/tsh\",\"mcp\",\"connect\"]},{\"serverCommand\":[\"tsh\",\"mcp\",\"connect\",\"files\"]}]}", CheckStatus.Pass,
            "no deniedMcpServers entry matches it (" + U + ")", null)]
        [InlineData(S + "={\"deniedMcpServers\":[{\"serverUrl\":\"*\"},{\"serverName\":\"teleport-mcp-*\"}]}", CheckStatus.Pass, "no deniedMcpServers entry matches it", null)]
        // serverCommand values expand ${VAR} on both sides, from environments this check does not see.
        [InlineData(U + "={\"deniedMcpServers\":[{\"serverCommand\":[\"${TSH_DIR}/tsh\",\"mcp\",\"connect\",\"files\"]}]}", CheckStatus.Indeterminate,
            "it may match {\"serverCommand\": [\"${TSH_DIR}/tsh\", \"mcp\", \"connect\", \"files\"]} of deniedMcpServers in " + U + ": both sides expand ${VAR}", null)]
        // The allowlist ("How a server is evaluated", step 3): a stdio server matches serverCommand entries, or serverName ones when there is no serverCommand entry.
        [InlineData(S + "={\"allowedMcpServers\":[]}", CheckStatus.Fail, "allowedMcpServers is an empty list in " + S + ", which allows no server but the organization's own", null)]
        [InlineData(S + "={\"allowedMcpServers\":[{\"serverCommand\":[\"/usr/bin/tsh\",\"mcp\",\"connect\",\"files\"]}]}", CheckStatus.Pass, "it matches {\"serverCommand\": " + Tsh + "} of allowedMcpServers in " + S, null)]
        [InlineData(S + "={\"allowedMcpServers\":[{\"serverCommand\":[\"tsh\",\"mcp\",\"connect\",\"files\"]}]}", CheckStatus.Fail,
            "its command " + Tsh + " matches no serverCommand entry of allowedMcpServers (" + S + ")",
            "Add {\"serverCommand\": " + Tsh + "} to allowedMcpServers in " + U + " (without allowManagedMcpServersOnly the allowlists of every scope merge), or ask the administrator to add {\"serverCommand\": " + Tsh + "} to allowedMcpServers in " + S)]
        [InlineData(S + "={\"allowedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"},{\"serverCommand\":[\"npx\",\"-y\",\"approved-package\"]}]}", CheckStatus.Fail, "and its name does not count", "{\"serverCommand\": " + Tsh + "}")]
        [InlineData(S + "={\"allowedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", CheckStatus.Pass, "it matches {\"serverName\": \"teleport-mcp-files\"} of allowedMcpServers in " + S, null)]
        [InlineData(S + "={\"allowedMcpServers\":[{\"serverName\":\"github\"}]}", CheckStatus.Fail,
            "its name 'teleport-mcp-files' matches no serverName entry of allowedMcpServers (" + S + ")", "Add {\"serverName\": \"teleport-mcp-files\"} to allowedMcpServers in " + U)]
        [InlineData(S + "={\"allowedMcpServers\":[{\"serverUrl\":\"https://*.example.com/*\"}]}", CheckStatus.Fail, "holds only serverUrl entries, which match remote servers", null)]
        [InlineData(S + "={\"allowedMcpServers\":[{\"serverCommand\":[\"${TSH}\",\"mcp\",\"connect\",\"files\"]}]}", CheckStatus.Indeterminate, "it may match {\"serverCommand\": [\"${TSH}\"", null)]
        // Without allowManagedMcpServersOnly the allowlists of every scope merge (a soft allowlist); with it, only the managed one counts.
        [InlineData(S + "={\"allowedMcpServers\":[{\"serverName\":\"github\"}]}|" + U + "={\"allowedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", CheckStatus.Pass, "of allowedMcpServers in " + U, null)]
        [InlineData(S + "={\"allowManagedMcpServersOnly\":true,\"allowedMcpServers\":[{\"serverName\":\"github\"}]}|" + U + "={\"allowedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", CheckStatus.Fail,
            "matches no serverName entry of allowedMcpServers (" + S + ")", "Ask the administrator to add {\"serverName\": \"teleport-mcp-files\"} to allowedMcpServers in " + S + ".")]
        [InlineData(U + "={\"allowManagedMcpServersOnly\":true,\"allowedMcpServers\":[{\"serverName\":\"github\"}]}|" + P + "={\"allowedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", CheckStatus.Pass, "of allowedMcpServers in " + P, null)]
        // Keys that fail closed (managed-settings "Find entries Claude Code dropped"): an invalid lock is true, an invalid allowlist is empty.
        [InlineData(S + "={\"allowManagedMcpServersOnly\":\"yes\",\"allowedMcpServers\":[{\"serverName\":\"github\"}]}|" + U + "={\"allowedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", CheckStatus.Fail,
            "matches no serverName entry of allowedMcpServers (" + S + ")", null)]
        [InlineData(S + "={\"allowedMcpServers\":{\"serverName\":\"teleport-mcp-files\"}}", CheckStatus.Fail,
            "allowedMcpServers in " + S + " is not a list of entries, and Claude Code enforces an invalid managed allowlist as an empty one", "Ask the administrator to fix allowedMcpServers in " + S)]
        [InlineData(S + "={\"allowedMcpServers\":[{\"serverName\":\"teleport mcp\"},{\"serverName\":\"teleport-mcp-files\",\"serverUrl\":\"https://x\"}]}", CheckStatus.Fail,
            "allowedMcpServers is an empty list in " + S, null)]
        [InlineData(S + "={\"allowedMcpServers\":[{\"serverName\":\"teleport mcp\"},{\"serverName\":\"github\"}]}", CheckStatus.Fail, "(Claude Code skips the invalid allowedMcpServers entries at line 1, column 23 of " + S + ")", null)]
        [InlineData(S + "={\"deniedMcpServers\":{\"serverName\":\"teleport-mcp-files\"}}", CheckStatus.Pass, "no deniedMcpServers", null)]
        // null is no absent key (the settings schema's optional() refuses it): as invalid as any other value.
        [InlineData(S + "={\"allowedMcpServers\":null}", CheckStatus.Fail,
            "allowedMcpServers in " + S + " is not a list of entries, and Claude Code enforces an invalid managed allowlist as an empty one", "Ask the administrator to fix allowedMcpServers in " + S)]
        [InlineData(S + "={\"allowManagedMcpServersOnly\":null,\"allowedMcpServers\":[{\"serverName\":\"github\"}]}|" + U + "={\"allowedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", CheckStatus.Fail,
            "matches no serverName entry of allowedMcpServers (" + S + ")", null)]
        [InlineData(U + "={\"deniedMcpServers\":null}", CheckStatus.Pass, "Claude Code ignores " + U + " (deniedMcpServers is not a list)", null)]
        // A user, project or local file whose key has the wrong type is refused whole.
        [InlineData(U + "={\"deniedMcpServers\":{\"serverName\":\"teleport-mcp-files\"}}", CheckStatus.Pass, "Claude Code ignores " + U + " (deniedMcpServers is not a list)", null)]
        [InlineData(U + "={\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]", CheckStatus.Pass, "Claude Code ignores " + U + " (does not parse at line 1, column ", null)]
        // managedMcpServers (managed only, v2.1.259 or later) takes the place of an entry of the same name.
        [InlineData(S + "={\"managedMcpServers\":{\"teleport-mcp-files\":{\"type\":\"http\",\"url\":\"https://mcp.example.com/mcp\"}}}", CheckStatus.Indeterminate,
            "managedMcpServers in " + S + " provides a server named 'teleport-mcp-files': Claude Code v2.1.259 and later load it instead of this entry", "Give this entry another name")]
        [InlineData(U + "={\"managedMcpServers\":{\"teleport-mcp-files\":{\"type\":\"http\",\"url\":\"https://mcp.example.com/mcp\"}}}", CheckStatus.Pass, "no managed settings file", null)]
        // A file a strict JSON reader may refuse decides nothing for sure; a managed file that does not parse can end claude.ai sessions.
        [InlineData(S + "={\n// deny\n\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", CheckStatus.Indeterminate,
            "depends on " + S + " (it holds a comment, a trailing comma or a byte order mark, which Claude Code's JSON reader may refuse, ignoring the file): with it, it matches {\"serverName\": \"teleport-mcp-files\"} of deniedMcpServers in " + S + ", and nothing overrides a denylist match; without it, nothing read blocks it", null)]
        [InlineData(S + "={\"deniedMcpServers\": [", CheckStatus.Indeterminate,
            S + " cannot be used (does not parse at line 1, column ", "Fix " + S)]
        public void A_user_entry_loads_only_as_the_policy_allows(string files, CheckStatus status, string words, string fix) =>
            Expect(PolicyOf(Env(files), ClaudeJson), status, words, fix);

        [Theory]
        // "How allowlists and denylists apply to the managed set": denylists of every scope apply; the allowlist skips a managed server without ${VAR} from v2.1.259.
        [InlineData("", "", CheckStatus.Pass, "it is a managed-mcp.json server", null)]
        [InlineData("", S + "={\"strictPluginOnlyCustomization\":true}", CheckStatus.Pass, "it is a managed-mcp.json server", null)]
        [InlineData("", S + "={\"allowedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", CheckStatus.Pass, "it matches {\"serverName\": \"teleport-mcp-files\"}", null)]
        [InlineData("", S + "={\"allowedMcpServers\":[{\"serverName\":\"github\"}]}", CheckStatus.Indeterminate,
            "as a managed-mcp.json server without ${VAR}, Claude Code v2.1.259 and later load it without an allowlist entry, but earlier builds check every managed server", "claude --version")]
        [InlineData("", S + "={\"allowedMcpServers\":{}}", CheckStatus.Indeterminate, "earlier builds check every managed server", null)]
        [InlineData(",\"env\":{\"TELEPORT_HOME\":\"${HOME}/.tsh\"}", S + "={\"allowedMcpServers\":[{\"serverName\":\"github\"}]}", CheckStatus.Fail,
            "its name 'teleport-mcp-files' matches no serverName entry of allowedMcpServers (" + S + ")", "or ask the administrator to add")]
        [InlineData("", U + "={\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", CheckStatus.Fail, "of deniedMcpServers in " + U, "Remove {\"serverName\": \"teleport-mcp-files\"} from deniedMcpServers in " + U)]
        public void A_managed_mcp_json_entry_meets_the_denylist_and_maybe_the_allowlist(string extra, string files, CheckStatus status, string words, string fix)
        {
            var env = Env(files, entryFile: null).File(M, Servers(extra: extra));
            var p = PolicyOf(env, M);
            Assert.Equal(ConfigScope.Managed, p.Scope);
            Expect(p, status, words, fix);
        }

        [Fact]
        public void A_project_entry_meets_the_lists_of_its_own_project()
        {
            var env = Env(L + "={\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", entryFile: Project + "/.mcp.json");
            Expect(PolicyOf(env, Project + "/.mcp.json"), CheckStatus.Fail, "of deniedMcpServers in " + L, null);
            // The same local settings in another project do not reach it.
            env = Env("/home/alice/src/web/.claude/settings.local.json={\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", entryFile: Project + "/.mcp.json");
            Expect(PolicyOf(env, Project + "/.mcp.json"), CheckStatus.Pass, "no deniedMcpServers", null);
        }

        [Fact]
        public void Windows_reads_program_files_and_the_legacy_programdata_file_only_as_a_maybe()
        {
            const string entry = @"C:\Users\alice\.claude.json";
            FakeEnv Win() => FakeEnv.Windows().File(@"C:\Program Files\Teleport\tsh.exe")
                .File(entry, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"C:\\\\Program Files\\\\Teleport\\\\tsh.exe\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}");
            // https://code.claude.com/docs/en/managed-mcp "Deploy managed-mcp.json": C:\Program Files\ClaudeCode\managed-mcp.json.
            var p = PolicyOf(Win().File(@"C:\Program Files\ClaudeCode\managed-mcp.json", "{\"mcpServers\":{}}"), entry);
            Expect(p, CheckStatus.Fail, @"C:\Program Files\ClaudeCode\managed-mcp.json is deployed with an empty mcpServers", null);
            const string deny = "{\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}";
            p = PolicyOf(Win().File(@"C:\Program Files\ClaudeCode\managed-settings.json", deny), entry);
            Expect(p, CheckStatus.Fail, @"of deniedMcpServers in C:\Program Files\ClaudeCode\managed-settings.json", null);
            // https://code.claude.com/docs/en/settings: C:\ProgramData\ClaudeCode\managed-settings.json "is no longer supported as of v2.1.75".
            p = PolicyOf(Win().File(@"C:\ProgramData\ClaudeCode\managed-settings.json", deny), entry);
            Expect(p, CheckStatus.Indeterminate, @"depends on C:\ProgramData\ClaudeCode\managed-settings.json (the legacy path that Claude Code reads only before v2.1.75)", null);
            p = PolicyOf(Win().File(@"C:\ProgramData\ClaudeCode\managed-settings.json", deny).File(@"C:\Program Files\ClaudeCode\managed-settings.json", "{}"), entry);
            Expect(p, CheckStatus.Pass, @"managed settings read: C:\Program Files\ClaudeCode\managed-settings.json", null);
        }

        [Fact]
        public void MacOS_reads_library_application_support()
        {
            const string entry = "/Users/alice/.claude.json";
            var env = FakeEnv.MacOS().File("/usr/local/bin/tsh").File(entry, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/local/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}")
                .File("/Library/Application Support/ClaudeCode/managed-settings.d/50-mcp.json", "{\"strictPluginOnlyCustomization\":[\"mcp\"]}");
            Expect(PolicyOf(env, entry), CheckStatus.Fail, "strictPluginOnlyCustomization in /Library/Application Support/ClaudeCode/managed-settings.d/50-mcp.json locks the 'mcp' surface", null);
        }

        [Fact]
        public void The_policy_folder_variable_replaces_the_system_folder()
        {
            var env = Env(M + "={\"mcpServers\":{}}|/srv/policy/managed-settings.json={\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}");
            env.Vars[ClientPaths.ClaudeCodePolicyFolderVariable] = "/srv/policy";
            var p = PolicyOf(env, ClaudeJson);
            Expect(p, CheckStatus.Fail, "of deniedMcpServers in /srv/policy/managed-settings.json", null);
            Assert.DoesNotContain(M, p.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(ClientChecker.Run(new ClientCheckOptions { Environment = env, SkipSession = true }), x => x.ConfigPath == M);
        }

        [Fact]
        public void A_named_managed_mcp_json_elsewhere_is_judged_as_if_deployed()
        {
            var env = Env(S + "={\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", entryFile: null).File("/srv/staged/managed-mcp.json", Servers());
            var p = Assert.Single(ClientChecker.Run(new ClientCheckOptions { Environment = env, SkipSession = true, Paths = new[] { "/srv/staged/managed-mcp.json" } }), x => x.Check == ClientChecks.Policy);
            Expect(p, CheckStatus.Fail, "Claude Code reads managed-mcp.json only at " + M + ", and this file is judged as if it were there", null);
        }

        [Fact]
        public void A_user_entry_named_with_path_still_meets_the_deployed_managed_mcp_json()
        {
            var env = Env(M + "={\"mcpServers\":{}}");
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, SkipSession = true, Paths = new[] { ClaudeJson } });
            Expect(Assert.Single(r, x => x.Check == ClientChecks.Policy), CheckStatus.Fail, "is deployed with an empty mcpServers", null);
            Assert.DoesNotContain(r, x => x.ConfigPath == M);
        }

        [Theory]
        // https://code.claude.com/docs/en/managed-settings "How Claude Code combines managed sources": server-managed settings
        // and MDM or registry policies rank above the managed files; a verdict that rests on those files says it did not read them.
        [InlineData(S + "={\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", true)]
        [InlineData(U + "={\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}", false)]
        [InlineData(M + "={\"mcpServers\":{}}", false)]
        [InlineData("", true)]
        public void A_verdict_resting_on_managed_settings_files_names_the_sources_not_read(string files, bool named) =>
            Assert.Equal(named, PolicyOf(Env(files), ClaudeJson).Message.EndsWith("server-managed settings, MDM and registry policies (which rank above the managed files) and --settings are not read", System.StringComparison.Ordinal));

        [Fact]
        public void Arguments_are_redacted_in_messages_and_fixes()
        {
            var env = FakeEnv.Linux().File("/usr/bin/tsh")
                .File(ClaudeJson, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\",\"--api-key\",\"ARGSECRET1\"]}}}")
                .File(S, "{\"allowedMcpServers\":[{\"serverCommand\":[\"/usr/bin/tsh\"]}]}");
            var p = PolicyOf(env, ClaudeJson);
            Assert.Equal(CheckStatus.Fail, p.Status);
            Assert.DoesNotContain("ARGSECRET1", p.Message + p.Fix, StringComparison.Ordinal);
            Assert.Contains("\"--api-key\"", p.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Other_clients_get_no_policy_check() =>
            Assert.Empty(Policies(FakeEnv.Linux().File("/usr/bin/tsh").File(Home + "/.cursor/mcp.json", Servers()).File(M, "{\"mcpServers\":{}}")
                .File(S, "{\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}")));

        [Fact]
        public void The_diagnosis_shows_a_policy_block_as_a_client_finding()
        {
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = Env(S + "={\"deniedMcpServers\":[{\"serverName\":\"teleport-mcp-files\"}]}"), SkipSession = true });
            var item = Assert.Single(ClientDiagnosis.ToDiagnosisItems(r), d => d.Check == "ClientPolicy");
            Assert.Equal(DiagnosisStatus.Fail, item.Status);
            Assert.Equal(DiagnosisArea.Client, item.Area);
            Assert.Equal("files", item.App);
            Assert.Equal("Claude Code entry teleport-mcp-files - Claude Code's administrator policy keeps it from loading", item.Title);
            Assert.StartsWith("Claude Code does not load this entry: it matches {\"serverName\": \"teleport-mcp-files\"} of deniedMcpServers in " + S, item.Detail, System.StringComparison.Ordinal);
            Assert.Contains("Ask the administrator to remove", item.Fix, StringComparison.Ordinal);
            Assert.Equal(ClaudeJson + ":1:37", item.Source);
        }
    }
}
