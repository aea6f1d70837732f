using System;
using System.Linq;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>
    /// Which Go a serving agent's Teleport is built with (Teleport's v18 CHANGELOG.md, index id 55064432293: 18.0.0 "built with
    /// Go 1.24", 18.6.4 "Updated Go to 1.24.12", 18.6.7 "Updated Go to 1.25.7"), and the label expressions that Go 1.24 and
    /// Go 1.25 parse differently, answered as the app's agents parse them.
    /// </summary>
    public class GoReleaseByAgentTests
    {
        [Theory]
        // spec.version, the Go release (null: not known), a piece of the reason when not known
        [InlineData("18.0.0", "Go124", null)]
        [InlineData("v18.6.6", "Go124", null)]
        [InlineData("18.6.7", "Go125", null)]
        [InlineData("18.6.7+build-1", "Go125", null)]
        [InlineData("18.6.7-rc.1", null, "a pre-release of 18.6.7")]
        [InlineData("18.6.6-dev.2", "Go124", null)]
        [InlineData("18.9.0-rc.2", "Go125", null)]
        [InlineData("17.7.14", null, "a release without MCP access")]
        [InlineData("19.0.0", null, "whose Go release is not known yet")]
        [InlineData("nightly", null, "which is not a release")]
        [InlineData("", null, "has no spec.version")]
        public void MapsAnAgentsReleaseToItsGo(string version, string go, string reason)
        {
            var release = TeleportGo.Of(new ServingAgent("h1", version), out var unknown);
            Assert.Equal(go, release?.ToString());
            if (reason == null) Assert.Null(unknown);
            else Assert.Contains(reason, unknown, StringComparison.Ordinal);
        }

        private const string Expression = "labels.env == \"prod\" || func(a ...int, b int) {}";

        private static string Yaml(string agents) =>
            "kind: app\nversion: v3\nmetadata: {name: files, labels: {env: dev}}\nspec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}\n" +
            "---\nkind: role\nversion: v8\nmetadata: {name: r}\nspec: {allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}, deny: {app_labels_expression: '" + Expression.Replace("'", "''") + "'}}\n" +
            "---\nkind: user\nversion: v2\nmetadata: {name: u}\nspec: {roles: [r]}\n" +
            string.Concat(agents.Split(';', System.StringSplitOptions.RemoveEmptyEntries).Select(a => a.Split('=')).Select(a =>
                "---\nkind: app_server\nversion: v3\nmetadata: {name: files}\nspec:\n  hostname: " + a[0] + "\n  host_id: id-" + a[0] + "\n  version: '" + a[1] + "'" +
                "\n  app: {kind: app, version: v3, metadata: {name: files, labels: {env: dev}}, spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}}\n"));

        [Theory]
        // agents (host=version), a piece of the reason (the deny expression fails the check: Error, or Indeterminate)
        // Go 1.24 parses the function literal and predicate refuses it; Go 1.25 refuses the '...' before the last parameter
        [InlineData("h1=18.2.1", "*ast.FuncLit is not supported")]
        [InlineData("h1=18.6.4;h2=18.5.0", "*ast.FuncLit is not supported")]
        [InlineData("h1=18.7.0", "can only use ... with final parameter")]
        [InlineData("h1=18.6.7;h2=18.9.0-rc.2", "can only use ... with final parameter")]
        // not one Go: the text is not known
        [InlineData("h1=18.2.1;h2=18.7.0", "are built with both (h1 18.2.1 (Go 1.24), h2 18.7.0 (Go 1.25))")]
        [InlineData("h1=19.0.0", "h1 runs 19.0.0, whose Go release is not known yet")]
        [InlineData("", "no app_server heartbeat of files is in the input")]
        public void AnswersAsTheServingAgentsGoParses(string agents, string fragment)
        {
            Assert.True(LabelExpression.Get(Expression).DependsOnGoRelease);
            var c = Cluster.FromYaml(Yaml(agents));
            Assert.Empty(c.Problems);
            var session = new McpAccessSession(c.Roles, c.Apps);
            var d = session.Decide(c.Users.Single(), c.Apps.First(a => a.Name == "files"), "read");
            bool known = !fragment.Contains("both") && !fragment.Contains("not known") && !fragment.Contains("no app_server");
            Assert.Equal(known ? AccessDecision.Error : AccessDecision.Indeterminate, d.Decision);
            Assert.Contains(fragment, d.Reason, StringComparison.Ordinal);
            if (!known) Assert.Contains("Go 1.24 and Go 1.25 parse the expression differently", d.Reason, StringComparison.Ordinal);
        }
    }
}
