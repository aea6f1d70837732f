#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// Copilot's portable MCP file (docs.github.com copilot-cli "Adding MCP servers"; microsoft/vscode
    /// src/vs/platform/environment/common/copilotHome.ts), VS Code's nested and dotted settings (microsoft/vscode
    /// src/vs/platform/configuration/common/configuration.ts toValuesTree, addToValueTree) and discovered entries as
    /// VS Code starts them (nativeMcpDiscoveryAdapters.ts @cf89be79 claudeConfigToServerDefinition).
    /// </summary>
    public class CopilotConfigTests
    {
        private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-27T20:00:00Z", CultureInfo.InvariantCulture);
        private const string CopilotFile = "/home/alice/.copilot/mcp-config.json";
        private const string CursorGlobal = "/home/alice/.cursor/mcp.json";
        private const string UserSettings = "/home/alice/.config/Code/User/settings.json";

        private static FakeEnv Env() => FakeEnv.Linux().File("/usr/bin/tsh").Dir("/home/alice/.config/Code/User");

        private static IReadOnlyList<ClientCheck> Run(FakeEnv env, string path) =>
            ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, Paths = new[] { path }, SkipSession = true });

        private static string Servers(string extra) =>
            "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]" + extra + "}}}";

        // ---- where the file is ------------------------------------------------------------------------------------

        [Theory]
        // copilotHome.ts getCopilotHomePath: COPILOT_HOME || join(home, '.copilot'); Windows home is %USERPROFILE%.
        [InlineData("windows", null, @"C:\Users\alice\.copilot\mcp-config.json")]
        [InlineData("windows", @"D:\copilot", @"D:\copilot\mcp-config.json")]
        // nativeMcpDiscoveryHelperService.ts uriFromEnvVariable: an empty variable is none.
        [InlineData("windows", "", @"C:\Users\alice\.copilot\mcp-config.json")]
        [InlineData("linux", null, "/home/alice/.copilot/mcp-config.json")]
        [InlineData("linux", "/srv/copilot", "/srv/copilot/mcp-config.json")]
        [InlineData("macos", null, "/Users/alice/.copilot/mcp-config.json")]
        public void Copilot_user_file_on_every_system(string os, string? copilotHome, string path)
        {
            var env = os == "windows" ? FakeEnv.Windows() : os == "macos" ? FakeEnv.MacOS() : FakeEnv.Linux();
            if (copilotHome != null) env.Vars["COPILOT_HOME"] = copilotHome;
            var found = Assert.Single(ClientPaths.Candidates(env), c => c.Client == ClientNames.CopilotCli && c.Scope == ConfigScope.User);
            Assert.Equal(path, found.Path);
            Assert.Equal(ConfigScope.User, found.Scope);
            Assert.Equal(ConfigShape.McpServers, found.Shape);
        }

        [Theory]
        [InlineData(@"C:\Users\alice\.copilot\mcp-config.json", "Copilot CLI")]
        [InlineData("/home/alice/.copilot/mcp-config.json", "Copilot CLI")]
        // The name alone is used by many tools: outside a .copilot folder it is not taken for Copilot's.
        [InlineData("/home/alice/project/mcp-config.json", "Other")]
        public void A_named_file_is_recognised_as_Copilots_in_its_folder(string path, string client)
        {
            var os = path.StartsWith("C:", StringComparison.Ordinal) ? OsKind.Windows : OsKind.Linux;
            Assert.Equal(client, ClientChecker.GuessCandidate(os, path).Client);
        }

        // ---- the entry's keys for Copilot CLI ----------------------------------------------------------------------

        [Theory]
        // docs.github.com copilot-cli "Adding MCP servers": type local or stdio for a command, http or sse for a url; tools "*" = every tool.
        [InlineData(",\"type\":\"local\",\"tools\":[\"*\"]", CheckStatus.Pass, CheckStatus.Pass)]
        [InlineData(",\"type\":\"stdio\",\"tools\":[\"*\"]", CheckStatus.Pass, CheckStatus.Pass)]
        [InlineData(",\"type\":\"http\",\"url\":\"https://x.example.com/mcp\",\"tools\":[\"*\"]", CheckStatus.Fail, CheckStatus.Pass)]
        [InlineData(",\"type\":\"sse\",\"url\":\"https://x.example.com/mcp\",\"tools\":[\"*\"]", CheckStatus.Fail, CheckStatus.Pass)]
        // An http or sse entry without a url, or a type it does not know, Copilot CLI does not load at all (CopilotCliSchema):
        // no type or tools verdict, a Fail on ConfigInUse instead.
        [InlineData(",\"type\":\"http\",\"tools\":[\"*\"]", null, null)]
        [InlineData(",\"type\":\"sse\",\"tools\":[\"*\"]", null, null)]
        [InlineData(",\"type\":\"process\",\"tools\":[]", null, null)]
        // As tsh mcp config writes it: neither key. No "type": local, a "url" beside the command not read (measured on every
        // release from 1.0.49 to 1.0.102; CopilotCliSchema.NoTypeMeasured); an empty "type" is dropped ("type: Invalid literal
        // value"); no "tools": every tool (github/copilot-cli changelog.md @9532bdac 0.0.404 "default to all tools when tools
        // parameter not specified").
        [InlineData("", CheckStatus.Pass, CheckStatus.Pass)]
        [InlineData(",\"url\":\"https://x.example.com/mcp\"", CheckStatus.Pass, CheckStatus.Pass)]
        [InlineData(",\"url\":\"not a url\",\"tools\":[\"*\"]", CheckStatus.Pass, CheckStatus.Pass)]
        [InlineData(",\"type\":\"\",\"url\":\"https://x.example.com/mcp\"", null, null)]
        [InlineData(",\"type\":\"local\"", CheckStatus.Pass, CheckStatus.Pass)]
        [InlineData(",\"type\":\"local\",\"tools\":[\"search\"]", CheckStatus.Pass, CheckStatus.Pass)]
        public void Copilot_entries_need_a_local_type_and_a_tools_list(string extra, CheckStatus? type, CheckStatus? tools)
        {
            var env = Env().File(CopilotFile, Servers(extra));
            var rows = Run(env, CopilotFile);
            Assert.All(rows.Where(r => r.Check != ClientChecks.VsCodeDiscovery && r.Check != ClientChecks.TeleportEntries), r => Assert.Equal("Copilot CLI", r.Client));
            if (type == null)
            {
                Assert.Equal(CheckStatus.Fail, Assert.Single(rows, r => r.Check == ClientChecks.ConfigInUse).Status);
                Assert.Contains(rows, r => r.Check == ClientChecks.TeleportEntries && (r.Message ?? "").Contains("not configured"));
                Assert.DoesNotContain(rows, r => r.Check == ClientChecks.StdioType || r.Check == ClientChecks.ToolFilter);
                return;
            }
            Assert.Equal(type, Assert.Single(rows, r => r.Check == ClientChecks.StdioType).Status);
            Assert.Equal(tools, Assert.Single(rows, r => r.Check == ClientChecks.ToolFilter).Status);
        }

        [Theory]
        // Copilot CLI's documentation: "The PATH variable is automatically inherited ... All other environment variables must be configured here."
        [InlineData("PATH", OsKind.Linux, true)]
        [InlineData("Path", OsKind.Windows, true)]
        [InlineData("TELEPORT_HOME", OsKind.Windows, false)]
        [InlineData("TELEPORT_PROXY", OsKind.Linux, false)]
        // @github/copilot-linux-x64@1.0.70: runtime.node mcpClientConnectStdio adds HOME, LOGNAME, PATH, SHELL, TERM, USER (measured, Linux,
        // names as spelled); 1.0.102 not measured, so not confirmed for every release.
        [InlineData("HOME", OsKind.Linux, null)]
        [InlineData("USER", OsKind.MacOS, null)]
        [InlineData("home", OsKind.Linux, false)]
        // 1.0.70 app.js g4t: HTTP_PROXY, HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE, NODE_EXTRA_CA_CERTS, PYTHONUNBUFFERED, names ignoring case.
        [InlineData("https_proxy", OsKind.Linux, null)]
        [InlineData("NODE_EXTRA_CA_CERTS", OsKind.Linux, null)]
        [InlineData("HTTPS_PROXY", OsKind.Windows, null)]
        // The Windows build's native list is not read: the MCP SDK's (as its Linux list is) is not confirmed either.
        [InlineData("USERPROFILE", OsKind.Windows, null)]
        public void Copilot_CLI_passes_PATH_and_the_variables_1_0_70_passes_are_not_confirmed(string name, OsKind os, bool? passes)
        {
            Assert.Equal(passes, ServerEnvironment.For(ClientNames.CopilotCli).Passes(name, os));
        }

        // ---- VS Code's discovery of Copilot's file -----------------------------------------------------------------

        [Theory]
        // nativeMcpDiscoveryAdapters.test.ts: "does not watch the Copilot user MCP configuration by default".
        [InlineData(null, CheckStatus.Skipped)]
        // nativeMcpDiscoveryAbstract.ts _isDiscoveryEnabled: a boolean turns every source on, the Copilot adapter's included.
        [InlineData("{\"chat.mcp.discovery.enabled\": true}", CheckStatus.Pass)]
        [InlineData("{\"chat.mcp.discovery.enabled\": false}", CheckStatus.Skipped)]
        // Only the four known sources set: none is Copilot's.
        [InlineData("{\"chat.mcp.discovery.enabled\": {\"claude-desktop\": true}}", CheckStatus.Skipped)]
        // A key true that this check does not know may be Copilot's: the key is in no stored source.
        [InlineData("{\"chat.mcp.discovery.enabled\": {\"copilot\": true}}", CheckStatus.Indeterminate)]
        public void VS_Code_discovers_Copilots_file_only_when_the_setting_turns_it_on(string? settings, CheckStatus status)
        {
            var env = Env().File(CopilotFile, Servers(",\"type\":\"local\",\"tools\":[\"*\"]"));
            if (settings != null) env.File(UserSettings, settings);
            var row = Assert.Single(Run(env, CopilotFile), r => r.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(status, row.Status);
            Assert.Equal("VS Code", row.Client);
        }

        [Fact]
        public void COPILOT_HOME_moves_the_file_VS_Code_discovers()
        {
            // nativeMcpDiscoveryAdapters.test.ts "watches the configured Copilot home instead of the default".
            var env = Env().File("/srv/copilot/mcp-config.json", Servers(",\"type\":\"local\",\"tools\":[\"*\"]")).File(UserSettings, "{\"chat.mcp.discovery.enabled\": true}");
            env.Vars["COPILOT_HOME"] = "/srv/copilot";
            Assert.Equal(CheckStatus.Pass, Assert.Single(Run(env, "/srv/copilot/mcp-config.json"), r => r.Check == ClientChecks.VsCodeDiscovery).Status);
            Assert.DoesNotContain(Run(env.File(CopilotFile, Servers("")), CopilotFile), r => r.Check == ClientChecks.VsCodeDiscovery);
        }

        // ---- VS Code's nested and dotted settings ------------------------------------------------------------------

        [Theory]
        // configuration.ts addToValueTree: a dotted key and the nested form are one setting.
        [InlineData("{\"chat.mcp.discovery.enabled\": true}", "true")]
        [InlineData("{\"chat\": {\"mcp\": {\"discovery\": {\"enabled\": true}}}}", "true")]
        [InlineData("{\"chat.mcp\": {\"discovery\": {\"enabled\": true}}}", "true")]
        // A dotted key below the setting builds the object member by member.
        [InlineData("{\"chat.mcp.discovery.enabled.cursor-global\": true}", "{cursor-global=true}")]
        // Keys inside a nested object are not split.
        [InlineData("{\"chat.mcp\": {\"discovery.enabled\": true}}", null)]
        // A later key replaces what an earlier one set at the same place: a whole object replaces, a dotted key changes one member.
        [InlineData("{\"chat.mcp.discovery.enabled\": true, \"chat\": {\"mcp\": {\"discovery\": {\"enabled\": false}}}}", "false")]
        [InlineData("{\"chat\": {\"mcp\": {\"discovery\": {\"enabled\": false}}}, \"chat.mcp.discovery.enabled\": true}", "true")]
        [InlineData("{\"chat\": {\"mcp\": {\"other\": 1}}, \"chat.mcp.discovery.enabled\": true}", "true")]
        [InlineData("{\"chat.mcp.discovery.enabled\": true, \"chat\": {\"mcp\": {\"other\": 1}}}", null)]
        // "Ignoring chat.mcp.discovery.enabled as chat.mcp is ...": a path through a value that is not an object.
        [InlineData("{\"chat.mcp\": 5, \"chat.mcp.discovery.enabled\": true}", null)]
        [InlineData("{\"chat.mcp\": null, \"chat.mcp.discovery.enabled\": true}", null)]
        public void Settings_merge_dotted_and_nested_keys_as_VS_Code_does(string json, string? expected)
        {
            var root = (DocMap)JsonParser.ParseLenient(json, "settings.json", new List<JsonExtension>(), System.Threading.CancellationToken.None);
            Assert.Equal(expected, Text(VsCodeSettingsTree.Value(root, "chat.mcp.discovery.enabled")));
        }

        private static string? Text(DocNode? n) =>
            n == null ? null : n is DocScalar s ? s.Value : n is DocMap m ? "{" + string.Join(",", m.Entries.Select(e => e.Key + "=" + Text(e.Value))) + "}" : "list";

        [Theory]
        [InlineData("{\"chat\": {\"mcp\": {\"discovery\": {\"enabled\": {\"cursor-global\": true}}}}}", CheckStatus.Pass)]
        [InlineData("{\"chat.mcp.discovery.enabled.cursor-global\": true}", CheckStatus.Pass)]
        [InlineData("{\"chat.mcp.discovery.enabled\": {\"cursor-global\": true}, \"chat\": {\"mcp\": {\"discovery\": {\"enabled\": false}}}}", CheckStatus.Skipped)]
        public void Discovery_reads_the_nested_setting_form(string settings, CheckStatus status)
        {
            var env = Env().File(CursorGlobal, Servers("")).File(UserSettings, settings);
            Assert.Equal(status, Assert.Single(Run(env, CursorGlobal), r => r.Check == ClientChecks.VsCodeDiscovery).Status);
        }

        private const string Tsh = "{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"APP\"]}";

        [Theory]
        // settings.json before VS Code 1.102: "mcp": {"servers": ...}, nested or dotted, merged as one setting.
        [InlineData("{\"mcp\": {\"servers\": {\"teleport-mcp-a\": A}}}", "teleport-mcp-a", "")]
        [InlineData("{\"mcp.servers\": {\"teleport-mcp-a\": A}}", "teleport-mcp-a", "")]
        [InlineData("{\"mcp.servers.teleport-mcp-a\": A}", "teleport-mcp-a", "")]
        // The later key wins whole: the earlier one's server is not started.
        [InlineData("{\"mcp\": {\"servers\": {\"teleport-mcp-a\": A}}, \"mcp.servers\": {\"teleport-mcp-b\": B}}", "teleport-mcp-b", "teleport-mcp-a")]
        [InlineData("{\"mcp.servers\": {\"teleport-mcp-b\": B}, \"mcp\": {\"servers\": {\"teleport-mcp-a\": A}}}", "teleport-mcp-a", "teleport-mcp-b")]
        // A dotted key for one server adds it to the nested map written before it.
        [InlineData("{\"mcp\": {\"servers\": {\"teleport-mcp-a\": A}}, \"mcp.servers.teleport-mcp-b\": B}", "teleport-mcp-a,teleport-mcp-b", "")]
        // "Ignoring mcp.servers as mcp is 5".
        [InlineData("{\"mcp\": 5, \"mcp.servers\": {\"teleport-mcp-b\": B}}", "", "teleport-mcp-b")]
        public void Legacy_settings_servers_follow_VS_Codes_merge(string json, string used, string notUsed)
        {
            json = json.Replace("A", Tsh.Replace("APP", "a")).Replace("B", Tsh.Replace("APP", "b"));
            var file = McpConfigReader.ReadText(new ClientConfigCandidate { Client = ClientNames.VSCode, Scope = ConfigScope.Legacy, Path = UserSettings, Shape = ConfigShape.VsCodeSettings }, json, OsKind.Linux);
            Assert.Null(file.Error);
            Assert.Equal(used, string.Join(",", file.Entries.Where(e => e.Use == EntryUse.Used).Select(e => e.Name)));
            Assert.Equal(notUsed, string.Join(",", file.Entries.Where(e => e.Use == EntryUse.NotUsed).Select(e => e.Name)));
            Assert.All(file.Entries.Where(e => e.Use == EntryUse.NotUsed), e => Assert.Contains("VS Code", e.UseNote, StringComparison.Ordinal));
        }

        // ---- discovered entries as VS Code starts them -------------------------------------------------------------

        [Theory]
        // claudeConfigToServerDefinition: a url makes an HTTP server, whose command is not run.
        [InlineData(",\"url\":\"https://example.com/mcp\"", CheckStatus.Fail, "connects to that address as an HTTP server")]
        // Any other entry is stdio: no type is needed.
        [InlineData("", CheckStatus.Pass, "no \"type\" is needed")]
        [InlineData(",\"type\":\"stdio\"", CheckStatus.Pass, "VS Code asks once whether to trust the server")]
        // The stored adapter ignores type; newer ones read it, and what they do with http without a url is not stored.
        [InlineData(",\"type\":\"http\"", CheckStatus.Indeterminate, "is not in the stored source")]
        // mcpRegistry.ts resolves variables only for definitions with variableReplacement, which discovered ones lack.
        [InlineData(",\"env\":{\"TELEPORT_HOME\":\"${userHome}/.tsh\"}", CheckStatus.Indeterminate, "holds ${...}")]
        // envFile: undefined for a discovered server.
        [InlineData(",\"envFile\":\"/home/alice/.cursor/tsh.env\"", CheckStatus.Warn, "does not load the entry's envFile")]
        public void Discovered_entries_are_checked_as_VS_Code_starts_them(string extra, CheckStatus status, string contains)
        {
            var env = Env().File(CursorGlobal, Servers(extra)).File("/home/alice/.cursor/tsh.env", "TELEPORT_HOME=/home/alice/.tsh\n")
                .File(UserSettings, "{\"chat.mcp.discovery.enabled\": {\"cursor-global\": true}}");
            var row = Assert.Single(Run(env, CursorGlobal), r => r.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(status, row.Status);
            Assert.Contains(contains, row.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Windows_discovery_of_Copilots_file_under_USERPROFILE()
        {
            const string file = @"C:\Users\alice\.copilot\mcp-config.json";
            var env = FakeEnv.Windows().File(@"C:\tsh\tsh.exe").Dir(@"C:\Users\alice\AppData\Roaming\Code\User")
                .File(file, "{\"mcpServers\":{\"teleport-mcp-files\":{\"type\":\"local\",\"tools\":[\"*\"],\"command\":\"C:\\\\tsh\\\\tsh.exe\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}")
                .File(@"C:\Users\alice\AppData\Roaming\Code\User\settings.json", "{\"chat\": {\"mcp.discovery.enabled\": true}}");
            // "chat": {"mcp.discovery.enabled": ...}: keys inside a nested object are not split, so VS Code does not see the setting.
            var rows = Run(env, file);
            Assert.Equal(CheckStatus.Skipped, Assert.Single(rows, r => r.Check == ClientChecks.VsCodeDiscovery).Status);
            Assert.Equal(CheckStatus.Pass, Assert.Single(rows, r => r.Check == ClientChecks.StdioType).Status);
        }
    }
}
