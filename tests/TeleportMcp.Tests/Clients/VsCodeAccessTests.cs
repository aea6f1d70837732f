#nullable enable
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
    /// chat.mcp.access "none" leaves VS Code's MCP registry without any server collection, its own files' servers included
    /// (microsoft/vscode src/vs/workbench/contrib/mcp/common/mcpRegistry.ts collections: [] when the value is
    /// McpAccessValue.None; mcp.contribution.ts: enum none / registry / all, default all).
    /// </summary>
    public class VsCodeAccessTests
    {
        private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-27T20:00:00Z", CultureInfo.InvariantCulture);
        private const string User = "/home/alice/.config/Code/User";
        private const string Project = "/home/alice/src/api";
        private const string Servers = "{\"servers\":{\"teleport-mcp-files\":{\"type\":\"stdio\",\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}";

        private static IEnumerable<ClientCheck> InUse(FakeEnv env, string path) =>
            ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, Paths = new[] { path }, ProjectDirectory = Project, SkipSession = true })
                // A settings.json's entry also has its row of which releases start it (ClientCheckerTests.VS_Code_settings_json_servers_by_release).
                .Where(r => r.Check == ClientChecks.ConfigInUse && r.Client == "VS Code" && !(r.Message ?? "").StartsWith("VS Code 1.99 to 1.101 ", StringComparison.Ordinal));

        // file, user settings.json (null: none), the profile's own settings.json (null: none), workspace settings (null: none), status (null: no row), text
        [Theory]
        [InlineData(User + "/mcp.json", null, null, null, null, null)]
        [InlineData(User + "/mcp.json", "{\"chat.mcp.access\": \"all\"}", null, null, null, null)]
        [InlineData(User + "/mcp.json", "{\"chat.mcp.access\": \"none\"}", null, null, CheckStatus.Fail, "VS Code starts no MCP server, this entry included: chat.mcp.access is \"none\" in " + User + "/settings.json")]
        [InlineData(User + "/mcp.json", "{\"chat\": {\"mcp\": {\"access\": \"none\"}}}", null, null, CheckStatus.Fail, "chat.mcp.access is \"none\"")]
        // browser/mcpWorkbenchService.ts: under "registry" a server without a registry entry is disabled by access; @00fa65df
        // never gives one to a server VS Code's own file holds without "gallery", later builds look every server up by name.
        [InlineData(User + "/mcp.json", "{\"chat.mcp.access\": \"registry\"}", null, null, CheckStatus.Indeterminate, "chat.mcp.access is \"registry\" in " + User + "/settings.json: this entry has no \"gallery\" (as written by hand or by tsh mcp config), which VS Code releases that ask the registry only for servers installed from it disable by access, while later releases start it when their registry lists a server of this name")]
        [InlineData(Project + "/.vscode/mcp.json", "{\"chat.mcp.access\": \"registry\"}", null, null, CheckStatus.Indeterminate, "this entry has no \"gallery\"")]
        [InlineData(User + "/settings.json", "{\"chat.mcp.access\": \"registry\", \"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}", null, null, CheckStatus.Indeterminate, "this entry has no \"gallery\"")]
        [InlineData(User + "/settings.json", "{\"chat.mcp.access\": \"registry\", \"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"gallery\": 0, \"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}", null, null, CheckStatus.Indeterminate, "this entry has no \"gallery\"")]
        // An entry VS Code installed from the registry: started if the registry lists its name, which is not asked.
        [InlineData(User + "/settings.json", "{\"chat.mcp.access\": \"registry\", \"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"gallery\": true, \"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}", null, null, CheckStatus.Indeterminate, "which has \"gallery\", only when its registry lists a server of this name")]
        [InlineData(User + "/settings.json", "{\"chat.mcp.access\": \"registry\", \"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"gallery\": \"https://api.mcp.github.com/v0/servers/x\", \"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}", null, null, CheckStatus.Indeterminate, "which has \"gallery\"")]
        // The same server written with dotted keys, which VS Code reads as the nested form (its settings model splits them).
        [InlineData(User + "/settings.json", "{\"chat.mcp.access\": \"registry\", \"mcp.servers\": {\"teleport-mcp-files\": {\"gallery\": true, \"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}", null, null, CheckStatus.Indeterminate, "which has \"gallery\"")]
        [InlineData(User + "/settings.json", "{\"chat.mcp.access\": \"registry\", \"mcp.servers.teleport-mcp-files\": {\"gallery\": true, \"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}", null, null, CheckStatus.Indeterminate, "which has \"gallery\"")]
        [InlineData(User + "/settings.json", "{\"chat.mcp.access\": \"registry\", \"mcp.servers\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}", null, null, CheckStatus.Indeterminate, "this entry has no \"gallery\"")]
        // A profile's file goes by the profile's settings when it has them.
        [InlineData(User + "/profiles/1a2b/mcp.json", "{\"chat.mcp.access\": \"none\"}", "{\"chat.mcp.access\": \"all\"}", null, null, null)]
        [InlineData(User + "/profiles/1a2b/mcp.json", "{\"chat.mcp.access\": \"all\"}", "{\"chat.mcp.access\": \"none\"}", null, CheckStatus.Fail, "in " + User + "/profiles/1a2b/settings.json")]
        // The older mcp.servers of settings.json is read with the same file's setting.
        [InlineData(User + "/settings.json", "{\"chat.mcp.access\": \"none\", \"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}", null, null, CheckStatus.Fail, "chat.mcp.access is \"none\"")]
        // A workspace file: the user's setting, and a workspace value that differs is not decided.
        [InlineData(Project + "/.vscode/mcp.json", "{\"chat.mcp.access\": \"none\"}", null, null, CheckStatus.Fail, "chat.mcp.access is \"none\" in " + User + "/settings.json")]
        [InlineData(Project + "/.vscode/mcp.json", null, null, "{\"chat.mcp.access\": \"none\"}", CheckStatus.Indeterminate, "whether VS Code takes this setting from a workspace's settings is not confirmed")]
        [InlineData(Project + "/.vscode/mcp.json", "{\"chat.mcp.access\": \"none\"}", null, "{\"chat.mcp.access\": \"none\"}", CheckStatus.Fail, "chat.mcp.access is \"none\"")]
        // mcp.contribution.ts registerConfigurationMigrations + workbench/common/configuration.ts ConfigurationMigrationWorkbenchContribution:
        // an old chat.mcp.enabled true/false in a settings file becomes chat.mcp.access "all"/"none" in that file, over what it held.
        [InlineData(User + "/mcp.json", "{\"chat.mcp.enabled\": false}", null, null, CheckStatus.Fail, "chat.mcp.access is \"none\" in " + User + "/settings.json (written there as the older \"chat.mcp.enabled\": false, which VS Code replaces with \"chat.mcp.access\": \"none\")")]
        [InlineData(User + "/mcp.json", "{\"chat\": {\"mcp\": {\"enabled\": false}}}", null, null, CheckStatus.Fail, "older \"chat.mcp.enabled\": false")]
        [InlineData(User + "/mcp.json", "{\"chat.mcp.access\": \"all\", \"chat.mcp.enabled\": false}", null, null, CheckStatus.Fail, "\"chat.mcp.access\": \"none\" over the \"all\" the file also holds)")]
        [InlineData(User + "/mcp.json", "{\"chat.mcp.access\": \"none\", \"chat.mcp.enabled\": true}", null, null, null, null)]
        // migrateFn: a value neither true nor false is only removed; the file's chat.mcp.access (or the default) stays.
        [InlineData(User + "/mcp.json", "{\"chat.mcp.enabled\": \"false\"}", null, null, null, null)]
        [InlineData(User + "/mcp.json", "{\"chat.mcp.access\": \"none\", \"chat.mcp.enabled\": 0}", null, null, CheckStatus.Fail, "chat.mcp.access is \"none\" in " + User + "/settings.json, which")]
        // The migration runs for the workspace's settings too: the same rule as a workspace chat.mcp.access.
        [InlineData(Project + "/.vscode/mcp.json", "{\"chat.mcp.access\": \"none\"}", null, "{\"chat.mcp.enabled\": false}", CheckStatus.Fail, "chat.mcp.access is \"none\"")]
        [InlineData(Project + "/.vscode/mcp.json", null, null, "{\"chat.mcp.enabled\": false}", CheckStatus.Indeterminate, "chat.mcp.access is \"none\" in " + Project + "/.vscode/settings.json (written there as the older")]
        // SettingsFile: a settings file that does not parse, in the one form with its line and column.
        [InlineData(User + "/mcp.json", "{\"chat.mcp.access\": ", null, null, CheckStatus.Indeterminate, User + "/settings.json does not parse at line 1, column 21: invalid JSON: ")]
        public void VS_Code_starts_its_own_servers_only_when_chat_mcp_access_allows(string file, string? user, string? profile, string? workspace, CheckStatus? status, string? says)
        {
            var env = FakeEnv.Linux().File("/usr/bin/tsh").Dir(User);
            if (!file.EndsWith("settings.json", StringComparison.Ordinal)) env.File(file, Servers);
            if (user != null) env.File(User + "/settings.json", user);
            if (profile != null) env.File(User + "/profiles/1a2b/settings.json", profile);
            if (workspace != null) env.File(Project + "/.vscode/settings.json", workspace);
            var row = OneRowOrNone(InUse(env, file), status, says);
            if (row == null) return;
            if (status == CheckStatus.Fail) Assert.Contains("\"chat.mcp.access\": \"all\"", row.Fix, StringComparison.Ordinal);
        }

        // The entry's "gallery" is read where the scanner read the server: an mcp.json's servers through the root's prototype, a
        // workspace file's nested settings.mcp.servers (mcpResourceScannerService.ts @20ba3e6c; measured on json.ts, Node 20).
        [Theory]
        [InlineData(User + "/mcp.json", "{\"__proto__\": {\"servers\": {\"teleport-mcp-files\": {\"gallery\": true, \"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}")]
        [InlineData(Project + "/api.code-workspace", "{\"settings\": {\"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"gallery\": true, \"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}}")]
        public void A_gallery_server_is_found_where_the_scanner_reads_it(string file, string text)
        {
            var env = FakeEnv.Linux().File("/usr/bin/tsh").Dir(User).File(file, text).File(User + "/settings.json", "{\"chat.mcp.access\": \"registry\"}");
            OneRowOrNone(InUse(env, file), CheckStatus.Indeterminate, "which has \"gallery\", only when its registry lists a server of this name");
        }

        /// <summary>No row when <paramref name="status"/> is null; else the one row, with that status and a message that says <paramref name="says"/>.</summary>
        private static ClientCheck? OneRowOrNone(IEnumerable<ClientCheck> found, CheckStatus? status, string? says)
        {
            var rows = found.ToList();
            if (status == null)
            {
                Assert.Empty(rows);
                return null;
            }
            var row = Assert.Single(rows);
            Assert.Equal(status, row.Status);
            Assert.Contains(says!, row.Message, StringComparison.Ordinal);
            return row;
        }

        // A .code-workspace file is read in the multi-root window VS Code opens for it: the workspace layer is the file's own
        // "settings", never a folder's .vscode/settings.json (workbench/services/configuration/browser/configuration.ts
        // @16be4bf8 FolderConfiguration FOLDER_SCOPES; configurationModels.ts getConsolidatedConfigurationModelForResource).
        [Theory]
        // file's settings, user settings.json, the project folder's .vscode/settings.json, status (null: no row), text
        [InlineData("\"chat.mcp.access\": \"none\"", null, null, CheckStatus.Indeterminate, "chat.mcp.access is \"none\" in " + Project + "/api.code-workspace (its \"settings\")")]
        [InlineData("\"chat.mcp.access\": \"none\"", "{\"chat.mcp.access\": \"none\"}", null, CheckStatus.Fail, "chat.mcp.access is \"none\"")]
        [InlineData("\"chat.mcp.enabled\": false", null, null, CheckStatus.Indeterminate, "chat.mcp.access is \"none\" in " + Project + "/api.code-workspace (written there as the older \"chat.mcp.enabled\": false")]
        // A folder's settings do not count in that window, whatever they say.
        [InlineData(null, null, "{\"chat.mcp.access\": \"none\"}", null, null)]
        [InlineData(null, "{\"chat.mcp.access\": \"none\"}", "{\"chat.mcp.access\": \"all\"}", CheckStatus.Fail, "chat.mcp.access is \"none\" in " + User + "/settings.json")]
        // The workspace's "all" is the default's: nothing to decide (the default was compared unquoted before).
        [InlineData("\"chat.mcp.access\": \"all\"", null, "{\"chat.mcp.access\": \"none\"}", null, null)]
        [InlineData("\"chat.mcp.access\": \"registry\"", "{\"chat.mcp.access\": \"registry\"}", null, CheckStatus.Indeterminate, "chat.mcp.access is \"registry\" in " + User + "/settings.json: this entry has no \"gallery\"")]
        public void A_code_workspace_files_own_settings_are_its_workspace_layer(string? access, string? user, string? folder, CheckStatus? status, string? says)
        {
            const string file = Project + "/api.code-workspace";
            var env = FakeEnv.Linux().File("/usr/bin/tsh").Dir(User).File(file, "{\"folders\": [{\"path\": \".\"}], \"settings\": {" + (access != null ? access + ", " : "")
                + "\"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"type\": \"stdio\", \"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}}");
            if (user != null) env.File(User + "/settings.json", user);
            if (folder != null) env.File(Project + "/.vscode/settings.json", folder);
            OneRowOrNone(InUse(env, file), status, says);
        }

        [Theory]
        [InlineData("{\"chat.mcp.enabled\": false}", CheckStatus.Fail)]
        [InlineData("{\"chat.mcp.access\": \"none\"}", CheckStatus.Fail)]
        [InlineData("{\"chat.mcp.access\": \"none\",\r\n \"chat.mcp.enabled\": true}", null)]
        public void On_Windows_the_user_folder_is_under_APPDATA(string settings, CheckStatus? status)
        {
            const string user = @"C:\Users\alice\AppData\Roaming\Code\User";
            var env = FakeEnv.Windows().File(@"C:\Program Files\Teleport\tsh.exe").Dir(user)
                .File(user + @"\mcp.json", Servers.Replace("/usr/bin/tsh", "C:\\\\Program Files\\\\Teleport\\\\tsh.exe", StringComparison.Ordinal))
                .File(user + @"\settings.json", settings);
            var rows = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, Paths = new[] { user + @"\mcp.json" }, ProjectDirectory = @"C:\src\api", SkipSession = true })
                .Where(r => r.Check == ClientChecks.ConfigInUse && r.Client == "VS Code").ToList();
            if (status == null)
            {
                Assert.Empty(rows);
                return;
            }
            var row = Assert.Single(rows);
            Assert.Equal(status, row.Status);
            Assert.Contains(user + @"\settings.json", row.Message, StringComparison.Ordinal);
        }
    }
}
