using System;
using System.Linq;
using TeleportMcp.Engine.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>The -Verbose/-Debug story follows RoleSet.checkAccess (lib/services/role.go): deny of every role, allow of the roles whose app_labels select the app.</summary>
    public class AccessTraceTests
    {
        private const string Yaml = @"
kind: role
version: v8
metadata: {name: dev}
spec:
  allow:
    app_labels: {env: dev}
    mcp: {tools: ['{{internal.mcp_tools}}', read_file]}
---
kind: role
version: v8
metadata: {name: prod-only}
spec:
  allow:
    app_labels: {env: prod}
    mcp: {tools: ['*']}
  deny:
    mcp: {tools: [dump_env]}
---
kind: user
version: v2
metadata: {name: alice}
spec: {roles: [dev, prod-only, gone], traits: {mcp_tools: [search_files]}}
---
kind: app
version: v3
metadata: {name: files, labels: {env: dev}}
spec: {uri: 'mcp+stdio://', mcp: {command: node, run_as_host_user: nobody}}
";

        [Fact]
        public void Tells_roles_considered_and_why_and_the_rule_that_decided()
        {
            var c = Cluster.FromYaml(Yaml);
            var engine = new McpAccessEngine(c.Roles);
            var ua = engine.Prepare(c.Users.Single());
            var user = AccessTrace.ForUser(ua);
            Assert.Contains(user, l => l.Level == TraceLevel.Verbose && l.Text == "user alice - roles dev, prod-only; not in the input, so only a deny of the roles given decides: gone");
            Assert.Contains(user, l => l.Level == TraceLevel.Debug && l.Text.StartsWith("role dev allow.mcp.tools for alice - \"{{internal.mcp_tools}}\" -> \"search_files\"", StringComparison.Ordinal));

            // The role not given leaves every decision but a deny of a role given undecided (lib/services/role.go FetchRoleList).
            Assert.Equal("alice, files, search_files - Indeterminate (not decidable offline)", AccessTrace.ForDecision(engine.Decide(engine.ForApp(ua, c.Apps.Single()), "search_files")).Text);
            var alice = c.Users.Single();
            ua = engine.Prepare(new User { Name = alice.Name, Version = alice.Version, Roles = alice.Roles.Where(r => r != "gone").ToList(), TraitMap = alice.TraitMap, TraitOrder = alice.TraitOrder });
            var aa = engine.ForApp(ua, c.Apps.Single());
            var app = AccessTrace.ForApp(aa);
            var story = Assert.Single(app, l => l.Level == TraceLevel.Verbose).Text;
            Assert.StartsWith("alice on files - allow rules counted from dev; not counted: prod-only (", story, StringComparison.Ordinal);
            Assert.Contains(app, l => l.Level == TraceLevel.Debug && l.Text.StartsWith("role prod-only on files - allow.app_labels NoMatch", StringComparison.Ordinal));

            Assert.Equal("alice, files, dump_env - Denied (denied by prod-only deny.mcp.tools \"dump_env\")", AccessTrace.ForDecision(engine.Decide(aa, "dump_env")).Text);
            Assert.Equal("alice, files, write_file - NotGranted (no allow entry matched)", AccessTrace.ForDecision(engine.Decide(aa, "write_file")).Text);
            Assert.StartsWith("alice, files, search_files - Allowed (allowed by dev allow.mcp.tools", AccessTrace.ForDecision(engine.Decide(aa, "search_files")).Text, StringComparison.Ordinal);
        }
    }
}
