using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>
    /// The probe against the real @modelcontextprotocol/server-everything (tests/npm, installed by tests/setup/20-npm.ps1),
    /// cross-checked with the official C# SDK as an independent client.
    /// </summary>
    public class ServerEverythingTests
    {
        private static string ServerScript()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "TeleportMcp.sln"))) dir = dir.Parent;
            Assert.True(dir != null, "repository root not found above " + AppContext.BaseDirectory);
            var script = Path.Combine(dir.FullName, "tests", "npm", "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
            Assert.True(File.Exists(script), script + " is missing: run tests/setup/20-npm.ps1 (npm ci in tests/npm) first.");
            return script;
        }

        [Fact]
        public async Task Probe_and_the_official_SDK_list_the_same_tools()
        {
            var script = ServerScript();
            var me = HostPlatform.Current.CurrentUser.Name;
            var app = new App
            {
                Name = "everything", Uri = "mcp+stdio://", HasMcpSpec = true, Transport = McpTransport.Stdio,
                Command = "node", Args = { script, "stdio" }, RunAsHostUser = me,
            };
            var report = StaticChecks.Run(app, new StaticCheckOptions());
            Assert.Null(report.Blocking);
            var o = StdioProbe.Run(report, new ProbeOptions { TimeoutSec = 60 }, CancellationToken.None);
            Assert.True(o.Stage == ProbeStage.Done, o.Message);
            Assert.Equal("2025-06-18", o.ProtocolVersion);
            Assert.Contains("tools", o.Capabilities);
            Assert.Contains(o.Tools, t => t.Name == "echo");

            var transport = new StdioClientTransport(new StdioClientTransportOptions { Command = "node", Arguments = new[] { script, "stdio" } });
            await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-06-18" });
            var sdkTools = await client.ListToolsAsync();
            Assert.Equal(sdkTools.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal), o.Tools.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(client.ServerInfo.Name, o.ServerName);
            Assert.Equal(client.ServerInfo.Version, o.ServerVersion);
        }
    }
}
