using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleDesign;
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
            await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-06-18", InitializationTimeout = TimeSpan.FromMinutes(5) });
            var sdkTools = await client.ListToolsAsync();
            Assert.Equal(sdkTools.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal), o.Tools.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(client.ServerInfo.Name, o.ServerName);
            Assert.Equal(client.ServerInfo.Version, o.ServerVersion);

            // The annotations as the SDK reads them, hint by hint (null when absent).
            foreach (var sdk in sdkTools)
            {
                var mine = o.Tools.Single(t => t.Name == sdk.Name);
                var a = sdk.ProtocolTool.Annotations;
                Assert.Equal(a?.ReadOnlyHint, mine.Annotations?.ReadOnlyHint);
                Assert.Equal(a?.DestructiveHint, mine.Annotations?.DestructiveHint);
                Assert.Equal(a?.IdempotentHint, mine.Annotations?.IdempotentHint);
                Assert.Equal(a?.OpenWorldHint, mine.Annotations?.OpenWorldHint);
            }
        }

        [Fact]
        public void A_read_only_role_for_server_everything_grants_exactly_its_read_only_tools()
        {
            var script = ServerScript();
            var app = new App
            {
                Name = "everything", Uri = "mcp+stdio://", HasMcpSpec = true, Transport = McpTransport.Stdio,
                Command = "node", Args = { script, "stdio" }, RunAsHostUser = HostPlatform.Current.CurrentUser.Name,
                LabelMap = { ["env"] = "dev" },
            };
            var o = StdioProbe.Run(StaticChecks.Run(app, new StaticCheckOptions()), new ProbeOptions { TimeoutSec = 60 }, CancellationToken.None);
            Assert.True(o.Stage == ProbeStage.Done, o.Message);
            var readOnly = o.Tools.Where(t => t.Annotations?.ReadOnlyHint == true).Select(t => t.Name).ToList();
            Assert.NotEmpty(readOnly);
            Assert.Contains(o.Tools, t => t.Annotations?.ReadOnlyHint != true);

            var d = RoleDesigner.Design(new RoleDesignRequest
            {
                Name = "mcp-everything-read-only",
                ReadOnly = true,
                Apps = { DesignApp.From(app, o.Tools) },
            });
            Assert.Equal(readOnly, d.Intended["everything"]);
            // 2:M4: a role chosen by annotations names its tools (server-everything 2026.8.31: echo, the seven get-* tools and
            // trigger-long-running-operation), so a tool the server adds later under get- is not granted by a glob.
            Assert.Equal(readOnly, d.Role.Allow.McpTools);
            Assert.Equal(9, readOnly.Count);

            var role = ResourceReader.ReadText(d.Yaml, "everything-read-only.yaml").Select(i => i.Resource).OfType<Role>().Single();
            var engine = new McpAccessEngine(new[] { role });
            var aa = engine.ForApp(engine.Prepare(new User { Name = "alice", Roles = { role.Name } }), app);
            foreach (var t in o.Tools)
                Assert.True((engine.DecideFast(aa, t.Name) == AccessDecision.Allowed) == readOnly.Contains(t.Name), t.Name);
        }
    }
}
