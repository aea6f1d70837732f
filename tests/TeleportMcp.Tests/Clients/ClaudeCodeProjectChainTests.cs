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
    /// Claude Code reads the .mcp.json of the folder it runs in and of every folder above it, from the root down, a nearer
    /// file's server replacing a farther one's of the same name (src/services/mcp/config.ts getMcpConfigsByScope('project');
    /// getProjectMcpConfigsFromCwd, the current folder only, serves claude mcp add and remove). Approval is by name, in the
    /// settings of the folder it runs in.
    /// </summary>
    public class ClaudeCodeProjectChainTests
    {
        private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-27T20:00:00Z", CultureInfo.InvariantCulture);
        private const string Entry = "{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}";

        [Fact]
        public void Every_folder_above_the_project_has_a_candidate_outermost_first()
        {
            var linux = ClientPaths.Candidates(FakeEnv.Linux()).Where(c => c.Client == ClientNames.ClaudeCode && c.Scope == ConfigScope.Project).ToList();
            Assert.Equal(new[] { "/.mcp.json", "/home/.mcp.json", "/home/alice/.mcp.json", "/home/alice/src/.mcp.json", "/home/alice/src/api/.mcp.json" }, linux.Select(c => c.Path));
            Assert.All(linux.Take(4), c => Assert.Equal("/home/alice/src/api", c.ProjectDirectory));
            Assert.Null(linux.Last().ProjectDirectory);

            var windows = ClientPaths.Candidates(FakeEnv.Windows()).Where(c => c.Client == ClientNames.ClaudeCode && c.Scope == ConfigScope.Project).ToList();
            Assert.Equal(new[] { @"C:\.mcp.json", @"C:\src\.mcp.json", @"C:\src\api\.mcp.json" }, windows.Select(c => c.Path));
            Assert.Empty(ClientPaths.FoldersAbove(OsKind.Linux, "/"));
            Assert.Empty(ClientPaths.FoldersAbove(OsKind.Windows, @"C:\"));
            Assert.Equal(new[] { "/" }, ClientPaths.FoldersAbove(OsKind.Linux, "/srv/"));
        }

        private static IReadOnlyList<ClientCheck> Run(FakeEnv env) =>
            // Copilot CLI reads the project's own .mcp.json too (CopilotProjectTests); these rows are Claude Code's.
            ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, SkipSession = true }).Where(c => c.Client != ClientNames.CopilotCli).ToList();

        [Fact]
        public void A_mcp_json_above_the_project_is_read_and_approved_in_the_projects_settings()
        {
            var env = FakeEnv.Linux().File("/usr/bin/tsh")
                .File("/home/alice/src/.mcp.json", "{\"mcpServers\":{\"teleport-mcp-files\":" + Entry + "}}")
                .File("/home/alice/src/api/.claude/settings.local.json", "{\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}");
            var r = Run(env);
            var approval = Assert.Single(r, c => c.Check == ClientChecks.Approval && c.ConfigPath == "/home/alice/src/.mcp.json");
            Assert.Equal(CheckStatus.Pass, approval.Status);
            Assert.Contains(r, c => c.Check == ClientChecks.Command && c.ConfigPath == "/home/alice/src/.mcp.json" && c.Status == CheckStatus.Pass);
        }

        [Fact]
        public void A_nearer_server_of_the_same_name_replaces_the_farther_one()
        {
            var env = FakeEnv.Linux().File("/usr/bin/tsh")
                .File("/home/alice/.mcp.json", "{\"mcpServers\":{\"teleport-mcp-files\":" + Entry + "}}")
                .File("/home/alice/src/api/.mcp.json", "{\"mcpServers\":{\"teleport-mcp-files\":" + Entry + "}}")
                .File("/home/alice/src/api/.claude/settings.local.json", "{\"enabledMcpjsonServers\":[\"teleport-mcp-files\"]}");
            var r = Run(env);
            var far = Assert.Single(r, c => c.Check == ClientChecks.Approval && c.ConfigPath == "/home/alice/.mcp.json");
            Assert.Equal(CheckStatus.Warn, far.Status);
            Assert.Contains("/home/alice/src/api/.mcp.json is nearer", far.Message, StringComparison.Ordinal);
            var near = Assert.Single(r, c => c.Check == ClientChecks.Approval && c.ConfigPath == "/home/alice/src/api/.mcp.json");
            Assert.Equal(CheckStatus.Pass, near.Status);
        }
    }
}
