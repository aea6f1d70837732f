using System;
using System.Linq;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// Scoped roles (api/proto/teleport/scopes/access/v1/role.proto @041cff39: ScopedRoleApp has no MCP field;
    /// lib/srv/app/connections_handler.go @0009d93e: "MCP application access is not supported for scoped identities") and
    /// LLM apps (lib/service/servicecfg/app.go @0adf5ba0: an llm block without a URI gets the LLM endpoint scheme;
    /// lib/appresource/app_test.go @8ed6a8e4: types.NewAppV3 takes spec.llm without a URI; connections_handler.go @0009d93e:
    /// an LLM app is served over HTTP, not by the MCP server).
    /// </summary>
    public class ScopedAndLlmTests
    {
        private const string ScopedRole = @"kind: scoped_role
version: v1
metadata: {name: app-reader}
scope: /staging
spec:
  assignable_scopes: [/staging]
  app:
    labels: [{name: '*', values: ['*']}]
";

        private const string Assignment = @"kind: scoped_role_assignment
version: v1
metadata: {name: 7c1e}
scope: /staging
spec:
  user: alice
  assignments: [{role: app-reader, scope: /staging}]
";

        private const string ClassicRole = @"kind: role
version: v8
metadata: {name: dev}
spec: {allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}
";

        [Theory]
        // document, line of the warning, text it holds
        [InlineData(ScopedRole, 1, "scoped_role \"app-reader\" is not evaluated: scoped roles grant no MCP tools")]
        [InlineData(Assignment, 1, "scoped_role_assignment \"7c1e\" of user \"alice\" is not evaluated")]
        [InlineData("kind: scoped_role_assignment\nversion: v1\nmetadata: {name: b1}\nspec: {bot_name: ci, bot_scope: /ci}\n", 1, "of bot \"ci\" is not evaluated")]
        // A spec of the wrong shape is still reported, not a crash: tctl would refuse it, the module reads nothing from it.
        [InlineData("kind: scoped_role_assignment\nversion: v1\nmetadata: {name: odd}\nspec: 5\n", 1, "scoped_role_assignment \"odd\" is not evaluated")]
        [InlineData("kind: scoped_role_assignment\nversion: v1\nmetadata: {name: odd}\nspec: {user: [a, b]}\n", 1, "scoped_role_assignment \"odd\" is not evaluated")]
        [InlineData("kind: scoped_role\nversion: v1\n", 1, "scoped_role \"\" is not evaluated")]
        public void Scoped_documents_are_reported_and_not_evaluated(string doc, int line, string text)
        {
            var items = ResourceReader.ReadText(doc + "---\n" + ClassicRole, "cluster.yaml").ToList();
            var d = Assert.Single(items.Select(i => i.Diagnostic), x => x != null && x.Level != DiagnosticLevel.Verbose);
            Assert.Equal(DiagnosticLevel.Warning, d!.Level);
            Assert.Equal(ResourceReader.ScopedNotEvaluatedCode, d.Code);
            Assert.Contains(text, d.Message, StringComparison.Ordinal);
            Assert.Contains("\"MCP application access is not supported for scoped identities\"", d.Message, StringComparison.Ordinal);
            Assert.Equal(line, d.Location!.Line);
            // The document after it is still read; every assignment is kept as written (Import-TeleportResource writes it; a
            // decision for its user notes it), a part of another shape left empty; a scoped role is not kept.
            Assert.Equal("dev", Assert.Single(items.Select(i => i.Resource), r => r is Role)!.Name);
            var kept = items.Select(i => i.Resource).OfType<ScopedRoleAssignment>().ToList();
            Assert.Equal(doc.StartsWith("kind: scoped_role_assignment", System.StringComparison.Ordinal) ? 1 : 0, kept.Count);
            Assert.Equal(items.Count(i => i.Resource != null), 1 + kept.Count);
            if (doc == Assignment)
                Assert.Equal(("7c1e", "/staging", "alice", (string)null, "app-reader@/staging"),
                    (kept[0].Name, kept[0].Scope, kept[0].AssignedUser, kept[0].BotName, string.Join(",", kept[0].Assignments)));
            else if (doc.Contains("bot_name", System.StringComparison.Ordinal))
                Assert.Equal(((string)null, "ci", "/ci", 0), (kept[0].AssignedUser, kept[0].BotName, kept[0].BotScope, kept[0].Assignments.Count));
            else if (kept.Count == 1)
                Assert.Equal(((string)null, (string)null, 0), (kept[0].AssignedUser, kept[0].BotName, kept[0].Assignments.Count));
        }

        [Fact]
        public void Other_unread_kinds_stay_verbose()
        {
            var d = Assert.Single(ResourceReader.ReadText("kind: scoped_token\nversion: v1\nmetadata: {name: t}\n", "x.yaml").Select(i => i.Diagnostic));
            Assert.Equal(DiagnosticLevel.Verbose, d!.Level);
            Assert.Equal("SkippedKind", d.Code);
        }

        private static string Config(string apps) =>
            "version: v3\nteleport:\n  nodename: app-1\napp_service:\n  enabled: true\n  apps:\n" + apps;

        [Theory]
        // entry, whether Teleport refuses the start (its text), whether the LlmAppEntry warning is written, transport
        [InlineData("  - name: claude\n    llm: {format: anthropic, provider: anthropic}\n", null, true, McpTransport.None)]
        // servicecfg's order: a cloud first, an MCP command next, the llm block last.
        [InlineData("  - name: claude\n    cloud: Azure\n    llm: {format: anthropic}\n", null, false, McpTransport.None)]
        [InlineData("  - name: claude\n    mcp: {command: /bin/true, run_as_host_user: docs}\n    llm: {format: anthropic}\n", null, false, McpTransport.Stdio)]
        [InlineData("  - name: claude\n    uri: https://api.example.com\n    llm: {format: openai}\n", null, false, McpTransport.None)]
        // Only a block counts: an empty value leaves the entry without a URI.
        [InlineData("  - name: claude\n    llm:\n", "missing application \"claude\" URI", false, McpTransport.None)]
        public void A_teleport_yaml_llm_entry_needs_no_uri_and_is_no_MCP_app(string entry, string refusal, bool warned, McpTransport transport)
        {
            var items = ResourceReader.ReadText(Config(entry), "a/teleport.yaml").ToList();
            var agent = items.Select(i => i.Resource).OfType<AppServiceAgent>().Single();
            Assert.Equal(refusal, agent.StartupError);
            var app = items.Select(i => i.Resource).OfType<App>().Single();
            Assert.Equal(transport, app.Transport);
            var warning = items.Select(i => i.Diagnostic).Where(d => d != null && d.Code == StaticAppRules.LlmEntryCode).ToList();
            Assert.Equal(warned ? 1 : 0, warning.Count);
            if (warned)
            {
                Assert.Equal(DiagnosticLevel.Warning, warning[0]!.Level);
                Assert.Equal(7, warning[0]!.Location!.Line);
                Assert.Contains("not an MCP server", warning[0]!.Message, StringComparison.Ordinal);
                Assert.Contains("does not show it", warning[0]!.Message, StringComparison.Ordinal);
            }
        }

        [Theory]
        [InlineData("kind: app\nversion: v3\nmetadata: {name: claude}\nspec: {llm: {format: anthropic, provider: anthropic}}\n", "not an MCP app: \"claude\" is an LLM app (spec.llm)")]
        [InlineData(null, "not an MCP app: \"claude\" is an LLM app (llm)")]
        [InlineData("kind: app\nversion: v3\nmetadata: {name: claude}\nspec: {uri: 'http://127.0.0.1:8080'}\n", "not an MCP app (URI \"http://127.0.0.1:8080\")")]
        public void Test_TeleportMcpApp_says_an_LLM_app_is_no_MCP_server(string doc, string message)
        {
            var text = doc ?? Config("  - name: claude\n    llm: {format: anthropic, provider: anthropic}\n");
            var items = ResourceReader.ReadText(text, doc == null ? "a/teleport.yaml" : "apps.yaml").ToList();
            Assert.DoesNotContain(items, i => i.Diagnostic != null && i.Diagnostic.Level == DiagnosticLevel.Error);
            var app = items.Select(i => i.Resource).OfType<App>().Single();
            Assert.False(app.IsMcp);
            var r = StaticChecks.Run(app, new StaticCheckOptions());
            var only = Assert.Single(r.Results);
            Assert.Equal(CheckStatus.Skipped, only.Status);
            Assert.StartsWith(message, only.Message, System.StringComparison.Ordinal);
        }
    }
}
