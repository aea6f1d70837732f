using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Serving;
using Xunit;

namespace TeleportMcp.Tests.Serving
{
    public class ServingFindingsTests
    {
        private static List<TeleportResource> Read(params (string Path, string Text)[] files)
        {
            var list = new List<TeleportResource>();
            foreach (var (path, text) in files)
                list.AddRange(ResourceReader.ReadText(text, path).Where(i => i.Resource != null).Select(i => i.Resource));
            return list;
        }

        private const string Host1 = "version: v3\nteleport:\n  nodename: app-1\napp_service:\n  enabled: true\n  resources:\n  - labels:\n      env: dev\n";
        private const string Host2 = "version: v3\nteleport:\n  nodename: app-2\napp_service:\n  enabled: true\n  resources:\n  - labels:\n      env: dev\n";

        private static string App(string name, string uri, string labels) =>
            "kind: app\nversion: v3\nmetadata:\n  name: " + name + "\n  labels:\n" + labels + "spec:\n  uri: " + uri + "\n";

        private static string AppServer(string name, string host) =>
            "kind: app_server\nversion: v3\nmetadata:\n  name: " + name + "\nspec:\n  hostname: " + host +
            "\n  app:\n    kind: app\n    version: v3\n    metadata:\n      name: " + name + "\n    spec:\n      uri: mcp+http://127.0.0.1:9/mcp\n";

        [Fact]
        public void NothingToSayWithoutAgentsOrHeartbeats()
        {
            Assert.Null(ServingFindings.From(Read(("apps.yaml", App("notes", "mcp+http://x/mcp", "    env: dev\n"))), null, out _));
        }

        // 2:S8 served by nobody is a Fail; 2:S7 a host that should serve it but does not heartbeat it is a Warn while another does; 2:S10 discovered without MCP URI is a Fail.
        [Fact]
        public void ReportsTheServingProblems()
        {
            var resources = Read(
                ("hosts/app-1/teleport.yaml", Host1),
                ("hosts/app-2/teleport.yaml", Host2),
                ("apps.yaml", App("notes", "mcp+http://x/mcp", "    env: dev\n") + "---\n" + App("orphan", "mcp+http://y/mcp", "    env: prod\n") + "---\n" +
                              App("k8s-mcp", "http://svc.ns:8080/mcp", "    teleport.dev/origin: discovery-kubernetes\n")),
                ("app_servers.yaml", AppServer("notes", "app-1")));
            var items = ServingFindings.From(resources, null, out int rows);
            Assert.Equal(3, rows);
            var byApp = items.ToDictionary(i => i.App);
            Assert.Equal(DiagnosisStatus.Warn, byApp["notes"].Status);
            Assert.Equal("ServingNoHeartbeat", byApp["notes"].Check);
            Assert.Contains("1 of 2 configured hosts do not heartbeat it: app-2", byApp["notes"].Title, StringComparison.Ordinal);
            Assert.Equal(DiagnosisStatus.Fail, byApp["orphan"].Status);
            Assert.Equal("ServingNotServed", byApp["orphan"].Check);
            Assert.Contains("closest selector: host app-1 app_service.resources[0] labels {env: dev}", byApp["orphan"].Evidence[1], StringComparison.Ordinal);
            Assert.Equal(DiagnosisStatus.Fail, byApp["k8s-mcp"].Status);
            Assert.Equal("ServingRegisteredWithoutMcp", byApp["k8s-mcp"].Check);
            Assert.NotNull(byApp["k8s-mcp"].Fix);
        }

        [Fact]
        public void NoHeartbeatFromAnyHostIsAFailAndAppsLimitTheFindings()
        {
            var resources = Read(("hosts/app-1/teleport.yaml", Host1), ("apps.yaml", App("notes", "mcp+http://x/mcp", "    env: dev\n") + "---\n" + App("orphan", "mcp+http://y/mcp", "    env: prod\n")),
                ("app_servers.yaml", AppServer("other", "app-1")));
            var only = ServingFindings.From(resources, new[] { "notes" }, out int rows);
            Assert.Equal(1, rows);
            var f = Assert.Single(only);
            Assert.Equal(DiagnosisStatus.Fail, f.Status);
            Assert.Equal("ServingNoHeartbeat", f.Check);
        }

        [Fact]
        public void AServedAppIsNoFinding()
        {
            var resources = Read(("hosts/app-1/teleport.yaml", Host1), ("apps.yaml", App("notes", "mcp+http://x/mcp", "    env: dev\n")), ("app_servers.yaml", AppServer("notes", "app-1")));
            Assert.Empty(ServingFindings.From(resources, null, out int rows));
            Assert.Equal(1, rows);
        }
    }
}
