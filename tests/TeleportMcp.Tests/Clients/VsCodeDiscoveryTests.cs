using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// VS Code starts another client's servers too when chat.mcp.discovery.enabled turns that client's source on
    /// (microsoft/vscode src/vs/workbench/contrib/mcp/common/discovery/nativeMcpDiscoveryAbstract.ts _isDiscoveryEnabled,
    /// the default of src/vs/workbench/contrib/chat/browser/chat.contribution.ts, the layer merge of
    /// src/vs/platform/configuration/common/configurationModels.ts mergeContents).
    /// </summary>
    public class VsCodeDiscoveryTests
    {
        private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-27T20:00:00Z", CultureInfo.InvariantCulture);
        private const string Claude = "/home/alice/.config/Claude/claude_desktop_config.json";
        private const string CursorGlobal = "/home/alice/.cursor/mcp.json";
        private const string CursorProject = "/home/alice/src/web/.cursor/mcp.json";
        private const string Windsurf = "/home/alice/.codeium/windsurf/mcp_config.json";
        private const string UserSettings = "/home/alice/.config/Code/User/settings.json";
        private const string WorkspaceSettings = "/home/alice/src/api/.vscode/settings.json";
        private const string Entry = "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}";

        private static FakeEnv Env() => FakeEnv.Linux().File("/usr/bin/tsh").Dir("/home/alice/.config/Code/User");

        private static IReadOnlyList<ClientCheck> Run(FakeEnv env, string path) =>
            ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, Paths = new[] { path }, SkipSession = true });

        private static string Setting(string value) => "{\"chat.mcp.discovery.enabled\": " + value + "}";

        // file, user settings.json (null: none), workspace .vscode/settings.json (null: none), status, text the message contains
        [Theory]
        // chat.contribution.ts: default = every source false from 1.104 (microsoft/vscode#260209); true in 1.103 and earlier
        // (npm code-server@4.103.2), so the row names both groups (VsCodeLoadGapsTests.Discovery_default_by_release).
        [InlineData(Claude, null, null, CheckStatus.Indeterminate, "no settings file sets chat.mcp.discovery.enabled for \"claude-desktop\", and VS Code's default (from 1.104) turns every source off")]
        // _isDiscoveryEnabled: fsDiscovery?.[discoverySource] === true.
        [InlineData(Claude, "{\"claude-desktop\": true}", null, CheckStatus.Pass, "sets \"claude-desktop\" to true in " + UserSettings)]
        // _isDiscoveryEnabled: typeof fsDiscovery === 'boolean' returns it ("old commands").
        [InlineData(Claude, "true", null, CheckStatus.Pass, "chat.mcp.discovery.enabled is true, which turns every source on, in " + UserSettings)]
        [InlineData(Claude, "false", null, CheckStatus.Skipped, "chat.mcp.discovery.enabled is false, which turns every source off, in " + UserSettings)]
        // _isDiscoveryEnabled: another source's key leaves this one undefined, not true.
        // (1.103 and earlier turn a source off only for false: Indeterminate, both groups named.)
        [InlineData(Claude, "{\"cursor-global\": true}", null, CheckStatus.Indeterminate, "no settings file sets chat.mcp.discovery.enabled for \"claude-desktop\"")]
        // mergeContents: an object replaces a boolean of an earlier layer whole.
        [InlineData(Claude, "true", "{\"cursor-global\": true}", CheckStatus.Indeterminate, "in " + WorkspaceSettings + " is an object without \"claude-desktop\"")]
        // mergeContents: two objects merge key by key.
        [InlineData(Claude, "{\"claude-desktop\": true}", "{\"windsurf\": true}", CheckStatus.Pass, "sets \"claude-desktop\" to true in " + UserSettings)]
        // mergeContents: the workspace layer comes after the user layer.
        [InlineData(Claude, "{\"claude-desktop\": true}", "{\"claude-desktop\": false}", CheckStatus.Skipped, "sets \"claude-desktop\" to false in " + WorkspaceSettings)]
        [InlineData(Claude, "false", "true", CheckStatus.Pass, "is true, which turns every source on, in " + WorkspaceSettings)]
        // Review 361: 1.103 and earlier merge two objects too (the user's object replaced their default true, the workspace's merges
        // into it), so the user's false stays and both groups agree; a replace would leave "claude-desktop" on there.
        [InlineData(Claude, "{\"claude-desktop\": false}", "{\"cursor-global\": true}", CheckStatus.Skipped, "sets \"claude-desktop\" to false in " + UserSettings)]
        [InlineData(Claude, "{\"claude-desktop\": true}", "false", CheckStatus.Skipped, "is false, which turns every source off, in " + WorkspaceSettings)]
        // _isDiscoveryEnabled compares with === true: the string "true" is not.
        [InlineData(Claude, "{\"claude-desktop\": \"true\"}", null, CheckStatus.Indeterminate, "to \"true\" (VS Code turns a source on only for true)")]
        // _isDiscoveryEnabled: neither a boolean nor an object with true; a long value is shown cut, as every value of a file.
        [InlineData(Claude, "\"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789\"", null, CheckStatus.Indeterminate, "\"01234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789... (220 characters; limit OutputListItemChars = 200)\", neither true")]
        [InlineData(Claude, "\"yes\"", null, CheckStatus.Indeterminate, "is \"yes\", neither true, false nor an object, which turns every source off")]
        // nativeMcpDiscoveryAdapters.ts CursorDesktopMpcDiscoveryAdapter: ~/.cursor/mcp.json, source cursor-global.
        [InlineData(CursorGlobal, "{\"cursor-global\": true}", null, CheckStatus.Pass, "it discovers this file (source \"cursor-global\")")]
        [InlineData(CursorGlobal, "{\"cursor-workspace\": true}", null, CheckStatus.Indeterminate, "for \"cursor-global\"")]
        // nativeMcpDiscoveryAdapters.ts WindsurfDesktopMpcDiscoveryAdapter: ~/.codeium/windsurf/mcp_config.json.
        [InlineData(Windsurf, "{\"windsurf\": true}", null, CheckStatus.Pass, "it discovers this file (source \"windsurf\")")]
        public void Discovery_follows_the_setting_through_the_settings_layers(string file, string user, string workspace, CheckStatus status, string contains)
        {
            var env = Env().File(file, Entry);
            if (user != null) env.File(UserSettings, Setting(user));
            if (workspace != null) env.File(WorkspaceSettings, Setting(workspace));
            var row = Assert.Single(Run(env, file), c => c.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(status, row.Status);
            Assert.Equal("VS Code", row.Client);
            Assert.Equal("teleport-mcp-files", row.Entry);
            Assert.Contains(contains, row.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_workspace_folders_cursor_file_is_decided_by_that_folders_settings()
        {
            // workspaceMcpDiscoveryAdapter.ts: joinPath(folder.uri, '.cursor', 'mcp.json') for each workspace folder.
            var env = Env().File(CursorProject, Entry).File("/home/alice/src/web/.vscode/settings.json", Setting("{\"cursor-workspace\": true}"));
            var row = Assert.Single(Run(env, CursorProject), c => c.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(CheckStatus.Pass, row.Status);
            Assert.Contains("the Cursor file of the workspace folder /home/alice/src/web (source \"cursor-workspace\") when it opens /home/alice/src/web", row.Message, StringComparison.Ordinal);
            Assert.Contains("in /home/alice/src/web/.vscode/settings.json", row.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_settings_file_that_does_not_parse_leaves_both_release_groups_unknown()
        {
            // Review 361: both readings stop at the file (Decide with Newer or Older, DecideAccess): one Indeterminate answer, no
            // release groups, since the older one is not a guess either.
            var env = Env().File(Claude, Entry).File(UserSettings, "{\"chat.mcp.discovery.enabled\": {\"claude-desktop\": true");
            var row = Assert.Single(Run(env, Claude), c => c.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.Contains("; VS Code reads what it can of it", row.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("1.100 to 1.103", row.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Settings_are_read_as_jsonc()
        {
            // configurationModels.ts parses settings.json with comments and trailing commas.
            var env = Env().File(Claude, Entry).File(UserSettings, "// mine\n{\n  \"chat.mcp.discovery.enabled\": {\"claude-desktop\": true,},\n}\n");
            Assert.Equal(CheckStatus.Pass, Assert.Single(Run(env, Claude), c => c.Check == ClientChecks.VsCodeDiscovery).Status);
        }

        [Fact]
        public void Profiles_that_disagree_make_it_depend_on_the_profile()
        {
            // userDataProfile.ts: each profile's settings.json is in User/profiles/<id>/.
            var env = Env().File(Claude, Entry).File(UserSettings, Setting("{\"claude-desktop\": true}"))
                .File("/home/alice/.config/Code/User/profiles/-4f1a/settings.json", Setting("false"));
            var row = Assert.Single(Run(env, Claude), c => c.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.Contains("depends on which VS Code and settings profile runs", row.Message, StringComparison.Ordinal);
            Assert.Contains("VS Code (profile folder -4f1a): chat.mcp.discovery.enabled is false", row.Message, StringComparison.Ordinal);
            Assert.Equal("To decide it whichever VS Code and profile runs, set \"chat.mcp.discovery.enabled\": { \"claude-desktop\": true } (or false) in " + WorkspaceSettings + ", which VS Code reads after every user settings file.", row.Fix);
        }

        [Fact]
        public void A_discovered_file_with_comments_is_refused_by_VS_Codes_JSON_parse()
        {
            // nativeMcpDiscoveryAdapters.ts claudeConfigToServerDefinition: JSON.parse(contents.toString()), nothing on a throw.
            var env = Env().File(CursorGlobal, "// servers\n" + Entry).File(UserSettings, Setting("{\"cursor-global\": true}"));
            var row = Assert.Single(Run(env, CursorGlobal), c => c.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(CheckStatus.Warn, row.Status);
            Assert.Contains("reads it with JSON.parse, which refuses its", row.Message, StringComparison.Ordinal);
        }

        [Theory]
        // Another path than the adapters build (a copy, the packaged Claude Desktop's): VS Code does not read it.
        [InlineData("/home/alice/backup/claude_desktop_config.json", true)]
        // No VS Code user folder on this system: nothing to say about VS Code.
        [InlineData(Claude, false)]
        public void No_row_where_VS_Code_reads_no_such_file(string file, bool vsCode)
        {
            var env = FakeEnv.Linux().File("/usr/bin/tsh").File(file, Entry);
            if (vsCode) env.Dir("/home/alice/.config/Code/User");
            Assert.DoesNotContain(Run(env, file), c => c.Check == ClientChecks.VsCodeDiscovery);
        }

        [Fact]
        public void Windows_claude_desktop_file_is_the_one_under_APPDATA()
        {
            // ClaudeDesktopMpcDiscoveryAdapter.getFilePath: winAppData\Claude\claude_desktop_config.json.
            const string roaming = @"C:\Users\alice\AppData\Roaming\Claude\claude_desktop_config.json";
            var env = FakeEnv.Windows().File(@"C:\tsh\tsh.exe").Dir(@"C:\Users\alice\AppData\Roaming\Code\User")
                .File(roaming, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"C:\\\\tsh\\\\tsh.exe\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}")
                .File(@"C:\Users\alice\AppData\Roaming\Code\User\settings.json", Setting("{\"claude-desktop\": true}"));
            var row = Assert.Single(Run(env, roaming), c => c.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(CheckStatus.Pass, row.Status);
        }

        [Fact]
        public void The_roaming_file_the_packaged_Claude_Desktop_ignores_is_still_the_one_VS_Code_discovers()
        {
            // ClaudeDesktopMpcDiscoveryAdapter.getFilePath is %APPDATA%\Claude whichever Claude Desktop is installed (anthropics/claude-code #26073: the MSIX app reads LocalCache\Roaming).
            const string roaming = @"C:\Users\alice\AppData\Roaming\Claude\claude_desktop_config.json";
            var env = FakeEnv.Windows().File(@"C:\tsh\tsh.exe").Dir(@"C:\Users\alice\AppData\Local\Packages\Claude_pzs8sxrjxfjjc")
                .File(roaming, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"C:\\\\tsh\\\\tsh.exe\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}")
                .File(@"C:\Users\alice\AppData\Roaming\Code\User\settings.json", Setting("{\"claude-desktop\": true}"));
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, SkipSession = true });
            Assert.Equal(CheckStatus.Fail, Assert.Single(r, c => c.Check == ClientChecks.ConfigInUse && c.ConfigPath == roaming).Status);
            var row = Assert.Single(r, c => c.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(roaming, row.ConfigPath);
            Assert.Equal(CheckStatus.Pass, row.Status);
            Assert.StartsWith("VS Code starts this entry: it discovers this file (source \"claude-desktop\")", row.Message, StringComparison.Ordinal);
        }
    }
}
