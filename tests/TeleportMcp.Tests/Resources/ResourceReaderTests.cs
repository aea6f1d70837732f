using System;
using System.Linq;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    public class ResourceReaderTests
    {
        private static (TeleportResource[] Resources, ResourceDiagnostic[] Diagnostics) Read(string text, string source = "t.yaml")
        {
            var items = ResourceReader.ReadText(text, source).ToList();
            return (items.Where(i => i.Resource != null).Select(i => i.Resource).ToArray(),
                    items.Where(i => i.Diagnostic != null).Select(i => i.Diagnostic).ToArray());
        }

        // api/types/role.go (R1): versions v3..v8 are accepted.
        [Theory]
        [InlineData("v3")]
        [InlineData("v4")]
        [InlineData("v5")]
        [InlineData("v6")]
        [InlineData("v7")]
        [InlineData("v8")]
        public void AcceptsRoleVersionsV3ToV8(string version)
        {
            var (r, d) = Read("kind: role\nversion: " + version + "\nmetadata:\n  name: x\n");
            Assert.Empty(d);
            Assert.Equal(version, ((Role)r.Single()).Version);
        }

        // api/types/role.go (R1): role version %q is not supported
        [Theory]
        [InlineData("v10", "role version \"v10\" is not supported")]
        [InlineData("v2", "role version \"v2\" is not supported")]
        [InlineData("V7", "role version \"V7\" is not supported")]
        public void RefusesOtherRoleVersionsWithTeleportsWords(string version, string message)
        {
            var (r, d) = Read("kind: role\nversion: " + version + "\nmetadata:\n  name: x\n");
            Assert.Empty(r);
            Assert.Equal("UnsupportedRoleVersion", d.Single().Code);
            Assert.Equal(message, d.Single().Message);
            Assert.Equal(2, d.Single().Location.Line);
        }

        [Fact]
        public void MissingRoleVersionIsQuotedEmpty()
        {
            var (_, d) = Read("kind: role\nmetadata:\n  name: x\n");
            Assert.Equal("role version \"\" is not supported", d.Single().Message);
        }

        [Fact]
        public void ReadsRoleMcpFieldsAndKeepsNoBlockApartFromEmptyList()
        {
            var (r, _) = Read(@"kind: role
version: v7
metadata: {name: r}
spec:
  allow:
    app_labels: {env: [dev, prod], team: core}
    app_labels_expression: 'labels[""env""] == ""dev""'
    mcp:
      tools: ['{{internal.mcp_tools}}', 'a*']
  deny:
    mcp:
      tools: []
");
            var role = (Role)r.Single();
            Assert.Equal(new[] { "{{internal.mcp_tools}}", "a*" }, role.Allow.McpTools);
            Assert.Equal(new[] { "dev", "prod" }, role.Allow.AppLabels.Entries[0].Value);
            Assert.Equal(new[] { "core" }, role.Allow.AppLabels.Entries[1].Value);
            Assert.Equal("labels[\"env\"] == \"dev\"", role.Allow.AppLabelsExpression);
            Assert.NotNull(role.Deny.McpTools);
            Assert.Empty(role.Deny.McpTools);
            Assert.Equal(9, role.Allow.McpToolLocations[0].Line);
            Assert.Null(role.Deny.AppLabels);
        }

        [Fact]
        public void RoleWithoutMcpBlockHasNullTools()
        {
            var (r, _) = Read("kind: role\nversion: v7\nmetadata: {name: r}\nspec:\n  allow:\n    app_labels: {'*': '*'}\n");
            var role = (Role)r.Single();
            Assert.Null(role.Allow.McpTools);
            Assert.False(role.Allow.HasMcpBlock);
        }

        [Fact]
        public void ToolsThatAreNotAListAreAnError()
        {
            var (r, d) = Read("kind: role\nversion: v7\nmetadata: {name: r}\nspec:\n  allow:\n    mcp:\n      tools: '*'\n");
            Assert.Empty(r);
            Assert.Equal("InvalidResource", d.Single().Code);
            Assert.Contains("spec.allow.mcp.tools must be a list", d.Single().Message, StringComparison.Ordinal);
            Assert.Equal(7, d.Single().Location.Line);
        }

        [Fact]
        public void ReadsUsersWithTraitsInOrderAndEmptyValues()
        {
            var (r, d) = Read("kind: user\nversion: v2\nmetadata: {name: u}\nspec:\n  roles: [access]\n  traits:\n    mcp_tools: ['']\n    logins: [a, b]\n");
            Assert.Empty(d);
            var u = (User)r.Single();
            Assert.Equal(new[] { "mcp_tools", "logins" }, u.TraitOrder);
            Assert.Equal(new[] { "" }, u.Traits["mcp_tools"]);
        }

        // docs/pages/enroll-resources/mcp-access/reference.mdx (A1) and api/types/app.go (A2)
        [Theory]
        [InlineData("", true, McpTransport.Stdio)]
        [InlineData("", false, McpTransport.None)]
        [InlineData("mcp+stdio://", false, McpTransport.Stdio)]
        [InlineData("mcp+http://host:8080/mcp", false, McpTransport.Http)]
        [InlineData("mcp+https://host/mcp", false, McpTransport.Http)]
        [InlineData("MCP+HTTPS://host/mcp", false, McpTransport.Http)]
        [InlineData("mcp+sse+http://host/sse", false, McpTransport.Sse)]
        [InlineData("mcp+sse+https://host/sse", false, McpTransport.Sse)]
        [InlineData("http://localhost:8080", false, McpTransport.None)]
        [InlineData("tcp://localhost:5432", false, McpTransport.None)]
        [InlineData("mcp+ws://host", false, McpTransport.None)]
        // GetMCPServerTransportType reads the scheme with Go's url.Parse: "mcp+stdio:" has it, a URI that does not parse is no MCP app.
        [InlineData("mcp+stdio:", false, McpTransport.Stdio)]
        [InlineData("mcp+http://[::1/mcp", false, McpTransport.None)]
        [InlineData("mcp+http://host/%zz", false, McpTransport.None)]
        [InlineData("mcp+stdio://%zz", true, McpTransport.None)]
        [InlineData("mcp+http://exa mple.com/mcp", false, McpTransport.None)]
        public void TransportFromUri(string uri, bool hasCommand, McpTransport expected)
        {
            Assert.Equal(expected, McpTransportRules.FromUri(uri, hasCommand));
        }

        [Fact]
        public void UnknownMcpSchemeIsFlagged()
        {
            Assert.True(McpTransportRules.IsUnknownMcpScheme("mcp+ws://host"));
            Assert.False(McpTransportRules.IsUnknownMcpScheme("mcp+https://host"));
            Assert.False(McpTransportRules.IsUnknownMcpScheme("https://host"));
        }

        [Fact]
        public void ReadsAppResourceAndAppServer()
        {
            var (r, d) = Read(@"kind: app
version: v3
metadata:
  name: fs
  labels: {env: dev}
spec:
  mcp:
    command: npx
    args: ['-y', 'pkg']
    run_as_host_user: runner
---
kind: app_server
version: v3
metadata: {name: srv}
spec:
  app:
    kind: app
    version: v3
    metadata: {name: remote}
    spec: {uri: 'mcp+sse+https://x/sse'}
");
            Assert.Empty(d);
            var fs = (App)r[0];
            Assert.Equal(McpTransport.Stdio, fs.Transport);
            Assert.Equal("runner", fs.RunAsHostUser);
            Assert.Equal(new[] { "-y", "pkg" }, fs.Args);
            var remote = (App)r[1];
            Assert.Equal("remote", remote.Name);
            Assert.Equal(AppOrigin.AppServer, remote.Origin);
            Assert.Equal(McpTransport.Sse, remote.Transport);
        }

        [Fact]
        public void ReadsTeleportYamlAppsAndDemoServer()
        {
            var (r, d) = Read(@"version: v3
teleport: {nodename: n}
app_service:
  enabled: true
  mcp_demo_server: true
  apps:
  - name: a
    labels: {env: dev}
    mcp: {command: /bin/srv, args: [x], run_as_host_user: u}
  - name: web
    uri: http://localhost
", "teleport.yaml");
            Assert.DoesNotContain(d, x => x.Level == DiagnosticLevel.Error);
            var apps = r.OfType<App>().ToArray();
            Assert.Equal(new[] { "a", "web", "teleport-mcp-demo" }, apps.Select(a => a.Name));
            // 2:S1: the file also describes the agent that serves them.
            Assert.Equal(new[] { "a", "web", "teleport-mcp-demo" }, r.OfType<AppServiceAgent>().Single().StaticApps);
            Assert.Equal(McpTransport.Stdio, apps[0].Transport);
            Assert.Equal(McpTransport.None, apps[1].Transport);
            Assert.Equal("demo", apps[2].Labels["teleport.internal/resource-type"]);
            Assert.Equal("mcp+stdio://teleport-mcp-demo", apps[2].Uri);
            Assert.Equal(7, apps[0].SourceLine);
        }

        [Fact]
        public void ABrokenDocumentDoesNotStopTheNextOne()
        {
            var (r, d) = Read("kind: role\nversion: v7\nmetadata: {name: a}\n---\nkind: role\nversion: v7\nmetadata: {name: [x}\n---\nkind: role\nversion: v7\nmetadata: {name: c}\n");
            Assert.Equal(new[] { "a", "c" }, r.Select(x => x.Name));
            var e = d.Single();
            Assert.Equal("YamlParseError", e.Code);
            Assert.InRange(e.Location.Line, 7, 8);
            Assert.True(e.Location.Column > 0);
        }

        [Fact]
        public void JsonArrayAndBareObject()
        {
            var (r1, _) = Read("[{\"kind\":\"role\",\"version\":\"v8\",\"metadata\":{\"name\":\"a\"}}, {\"kind\":\"user\",\"version\":\"v2\",\"metadata\":{\"name\":\"u\"},\"spec\":{\"roles\":[\"a\"]}}]", "x.json");
            Assert.Equal(new[] { "role", "user" }, r1.Select(x => x.Kind));
            var (r2, _) = Read("{\"kind\":\"user\",\"version\":\"v2\",\"metadata\":{\"name\":\"u\"},\"spec\":{\"roles\":[\"a\"],\"traits\":null}}", "x.json");
            Assert.Equal("u", r2.Single().Name);
        }

        [Fact]
        public void OtherKindsAreSkippedVerbosely()
        {
            var (r, d) = Read("kind: node\nversion: v2\nmetadata: {name: n}\n");
            Assert.Empty(r);
            Assert.Equal(DiagnosticLevel.Verbose, d.Single().Level);
            Assert.Equal("SkippedKind", d.Single().Code);
        }

        [Fact]
        public void LabelValueMayBeAStringOrAList()
        {
            var (r, _) = Read("kind: role\nversion: v7\nmetadata: {name: r}\nspec:\n  allow:\n    app_labels:\n      env: dev\n      tier: [a, b]\n");
            var sel = ((Role)r.Single()).Allow.AppLabels;
            Assert.Equal(new[] { "dev" }, sel.Entries[0].Value);
            Assert.Equal(new[] { "a", "b" }, sel.Entries[1].Value);
        }
    }
}
