using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>
    /// Role v9 and app_resources (RFD 0303; Teleport master PR #68736, aimed at v19.0.0). Reader rows follow
    /// api/types/appresources_test.go TestAppResourcesRequireV9 (index id 58274517508, @07f66a7c); decision rows follow
    /// lib/appresource/app_test.go @8ed6a8e4 TestGovernsApp (app_resources do not govern MCP apps) and lib/auth's downgrade
    /// property tests (index id 57052340701: older App Services get a v8 copy of a v9 role that is not a pure allow_all).
    /// </summary>
    public class RoleV9Tests
    {
        private const string Apps = @"
kind: app
version: v3
metadata: {name: files, labels: {env: dev}}
spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}
---
kind: app
version: v3
metadata: {name: remote, labels: {env: dev}}
spec: {uri: 'mcp+http://localhost:8080/mcp'}
---
kind: app
version: v3
metadata: {name: prod-db, labels: {env: prod}}
spec: {uri: 'mcp+stdio://', mcp: {command: db, run_as_host_user: mcp}}
";

        private static string Role(string name, string version, string spec) =>
            "---\nkind: role\nversion: " + version + "\nmetadata: {name: " + name + "}\nspec: " + spec + "\n";

        // TestAppResourcesRequireV9: CheckAndSetDefaults refuses app_resources below v9 and accepts any v9 rule content.
        [Theory]
        // version, spec, null when read (else a fragment of the error), the allow rules as read
        [InlineData("v9", "{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}]}}", null, "allow_all")]
        [InlineData("v9", "{allow: {app_labels: {env: dev}}}", null, null)]
        [InlineData("v9", "{allow: {app_resources: [{}]}}", null, "")]
        [InlineData("v9", "{allow: {app_resources: [{allow_all: false}]}}", null, "")]
        [InlineData("v9", "{allow: {app_resources: [{allow_all: true, paths: []}]}}", null, "allow_all")]
        [InlineData("v9", "{allow: {app_resources: [{allow_all: true, paths: [/admin]}]}}", null, "allow_all,paths")]
        [InlineData("v9", "{allow: {app_resources: [{allow_all: true}, {methods: [GET]}]}}", null, "allow_all|methods")]
        [InlineData("v9", "{allow: {app_resources_expressions: ['true']}}", null, null)]
        [InlineData("v9", "{deny: {app_resources: [{allow_all: true}]}}", null, null)]
        [InlineData("v8", "{allow: {app_resources: [{allow_all: true}]}}", "spec.allow.app_resources and spec.allow.app_resources_expressions need role version \"v9\", not \"v8\"", null)]
        [InlineData("v8", "{deny: {app_resources: [{allow_all: true}]}}", "spec.deny.app_resources and spec.deny.app_resources_expressions need role version \"v9\"", null)]
        [InlineData("v8", "{allow: {app_resources_expressions: ['true']}}", "need role version \"v9\", not \"v8\"", null)]
        [InlineData("v3", "{deny: {app_resources_expressions: ['true']}}", "need role version \"v9\", not \"v3\"", null)]
        [InlineData("v10", "{allow: {app_resources: [{allow_all: true}]}}", "role version \"v10\" is not supported", null)]
        [InlineData("v9", "{allow: {app_resources: {allow_all: true}}}", "spec.allow.app_resources must be a list of rules, found a mapping", null)]
        [InlineData("v9", "{allow: {app_resources: [allow_all]}}", "spec.allow.app_resources[0] must be a mapping", null)]
        [InlineData("v9", "{allow: {app_resources: [{allow_all: yes please}]}}", "spec.allow.app_resources[0].allow_all must be true or false", null)]
        public void ReadsRoleV9(string version, string spec, string error, string rules)
        {
            var c = Cluster.FromYaml(Role("r", version, spec));
            if (error != null)
            {
                Assert.Empty(c.Roles);
                var p = Assert.Single(c.Problems);
                Assert.Contains(error, p.Message, StringComparison.Ordinal);
                Assert.True(p.Location.Line >= 2);
                return;
            }
            Assert.Empty(c.Problems);
            var role = Assert.Single(c.Roles);
            Assert.Equal(version, role.Version);
            Assert.Equal(rules, role.AllowAppResources == null ? null : string.Join("|", role.AllowAppResources));
        }

        [Fact]
        public void BadV9RoleDoesNotStopTheNextDocument()
        {
            var c = Cluster.FromYaml(Role("bad", "v8", "{allow: {app_resources: [{allow_all: true}]}}") + Role("good", "v9", "{allow: {app_resources: [{allow_all: true}]}}"));
            Assert.Equal("good", Assert.Single(c.Roles).Name);
            var p = Assert.Single(c.Problems);
            Assert.Equal(5, p.Location.Line);
            Assert.Equal("test.yaml", p.Location.Path);
        }

        [Theory]
        // roles (name|version|spec;...), user roles, app, tool, expected decision, reason fragment
        // A v9 role with the pure allow_all rule: neither generation of App Service changes the decision
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}], mcp: {tools: ['*']}}}", "a", "files", "read", "Allowed", "")]
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}], mcp: {tools: ['*']}}}", "a", "remote", "read", "Allowed", "")]
        // v19 does not drop the v8 role for an MCP app (not governed); older App Services keep the pure role's copy
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}]}};b|v8|{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "a, b", "files", "read", "Allowed", "")]
        // A v9 role without the rule: v19 decides as v8 did (MCP apps are not governed), older App Services refuse the app
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "a", "files", "read", "Indeterminate", "app_resources rules do not govern MCP apps, so App Services of v19 or later decide access to it as v8 did (this decision holds there)")]
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{}], mcp: {tools: ['*']}}}", "a", "remote", "read", "Indeterminate", "App Services older than v19 get a v8 copy of a whose allow selectors moved to deny")]
        // v19 does not drop the v8 role for an MCP app; the v9 role's copy still refuses the app on older App Services
        [InlineData("a|v9|{allow: {app_labels: {env: dev}}};b|v8|{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "a, b", "files", "read", "Indeterminate", "which release serves files is not known offline")]
        // AppResourcesAllowAll: several rules, or a rule with another field, are not allow_all
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}, {allow_all: true}], mcp: {tools: ['*']}}}", "a", "files", "read", "Indeterminate", "role a is a v9 role")]
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true, paths: [/x]}], mcp: {tools: ['*']}}}", "a", "files", "read", "Indeterminate", "role a is a v9 role")]
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}], app_resources_expressions: ['true'], mcp: {tools: ['*']}}}", "a", "files", "read", "Indeterminate", "role a is a v9 role")]
        // Rules under deny in another role: they do not govern MCP apps on v19, and older App Services drop them (the downgrade
        // sets Deny.AppResources to nil); role o selects another app, so its copy's deny selectors miss this one
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}], mcp: {tools: ['*']}}};o|v9|{allow: {app_labels: {env: prod}, app_resources: [{allow_all: true}]}, deny: {app_resources: [{}]}}", "a, o", "files", "read", "Allowed", "role a selects app files")]
        // ... but the same role refuses the app it selects on older App Services
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}], mcp: {tools: ['*']}}};o|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}]}, deny: {app_resources: [{}]}}", "a, o", "files", "read", "Indeterminate", "role o is a v9 role")]
        // A pure allow_all role beside a restricted one: v19 decides as v8; the restricted role's v8 copy refuses the app on older App Services
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}], mcp: {tools: ['*']}}};r|v9|{allow: {app_labels: {env: dev}, app_resources: [{}]}}", "a, r", "files", "read", "Indeterminate", "whatever v9 role a holds")]
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}], mcp: {tools: ['*']}}};r|v9|{allow: {app_labels: {env: dev}, app_resources: [{}]}}", "a, r", "files", "read", "Indeterminate", "older than v19 get a v8 copy of r")]
        // "no role matches the app": a v9 role that selects another app changes nothing here
        [InlineData("p|v9|{allow: {app_labels: {env: prod}, mcp: {tools: ['*']}}};b|v8|{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "p, b", "files", "read", "Allowed", "")]
        // TestDowngradeV8_ConservativeOverDeny: labels and expression go to deny separately on older App Services
        [InlineData("w|v9|{allow: {app_labels: {'*': '*'}, app_labels_expression: 'labels[\"env\"] == \"prod\"'}};b|v8|{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "w, b", "files", "read", "Indeterminate", "role w is a v9 role")]
        [InlineData("w|v9|{allow: {app_labels: {'*': '*'}, app_labels_expression: 'labels[\"env\"] == \"prod\"', app_resources: [{allow_all: true}]}};b|v8|{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "w, b", "files", "read", "Allowed", "")]
        // a pure role that selects the app by its labels alone does not select it: no note claims it does
        [InlineData("w|v9|{allow: {app_labels: {'*': '*'}, app_labels_expression: 'labels[\"env\"] == \"prod\"', app_resources: [{allow_all: true}]}};b|v8|{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "w, b", "files", "read", "Allowed", "role b selects app files")]
        // Deny decisions stand: default-deny only refuses more
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}, deny: {mcp: {tools: [write]}}}", "a", "files", "write", "Denied", "deny.mcp.tools")]
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}, deny: {app_labels: {env: dev}}};b|v8|{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "a, b", "files", "read", "AppNotAccessible", "deny labels select app files")]
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}], mcp: {tools: [read]}}}", "a", "files", "write", "NotGranted", "")]
        // A v9 role without an mcp block grants no tool, as v8 (19.x reference, app-resources: "Role v9 does not affect ... MCP ... applications")
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}]}}", "a", "files", "read", "NotGranted", "")]
        [InlineData("a|v9|{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}]}};b|v8|{allow: {app_labels: {env: dev}, mcp: {tools: [write]}}}", "a, b", "files", "read", "NotGranted", "")]
        [InlineData("a|v8|{allow: {app_labels: {env: dev}}}", "a", "files", "read", "NotGranted", "")]
        public void DecidesWithRoleV9(string roles, string userRoles, string app, string tool, string expected, string reason)
        {
            var yaml = Apps + string.Concat(roles.Split(';').Select(r => r.Split(new[] { '|' }, 3)).Select(p => Role(p[0], p[1], p[2]))) +
                       "---\nkind: user\nversion: v2\nmetadata: {name: u}\nspec: {roles: [" + userRoles + "]}\n";
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            var d = c.Decide("u", app, tool);
            Assert.Equal(expected, d.Decision.ToString());
            Assert.Contains(reason, d.Reason, StringComparison.Ordinal);
            if (expected == "NotGranted") Assert.NotEqual(ToolScope.Indeterminate, c.Summarize("u", app).Scope);
            if (expected == "Allowed" && !roles.Contains("env: dev}, app_resources: [{allow_all")) Assert.DoesNotContain(d.Notes, n => n.Contains("app_resources rules do not govern MCP apps"));
            if (expected == "Allowed" && roles.Contains("deny: {app_resources")) Assert.Contains(d.Notes, n => n.Contains("role o's app_resources under deny do not govern MCP apps either, and older App Services drop them"));
        }

        private static string Heartbeat(string host, string version, string env = "dev") =>
            "---\nkind: app_server\nversion: v3\nmetadata: {name: files}\nspec:\n  hostname: " + host + "\n  host_id: id-" + host +
            (version == null ? "" : "\n  version: '" + version + "'") +
            "\n  app: {kind: app, version: v3, metadata: {name: files, labels: {env: " + env + "}}, spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}}\n";

        // lib/auth MaybeDowngradeRoleVersionToV8 below minSupportedRoleV9Version (v19), pre-release suffix dropped (lib/auth
        // downgrade property test genPreV19ClientVersion, index id 58342257295); app_resources do not govern MCP apps on v19+
        // (lib/appresource/app.go @8ed6a8e4 GovernsApp). The agents are the app's app_server heartbeats (spec.version).
        [Theory]
        // agents (host=version, a missing version as host=), restricted role spec, expected decision, reason or note fragment
        [InlineData("h1=19.0.0", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Allowed", "every App Service serving files runs v19 or later (h1 19.0.0, app_server spec.version), so this decision holds")]
        [InlineData("h1=19.0.0-dev;h2=19.1.3", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Allowed", "(h1 19.0.0-dev, h2 19.1.3, app_server spec.version)")]
        [InlineData("h1=18.2.1", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "AppNotAccessible", "every App Service serving it runs a release older than v19 (h1 18.2.1, app_server spec.version): App Services older than v19 get a v8 copy of r whose allow selectors moved to deny")]
        [InlineData("h1=18.9.0-dev.1;h2=17.4.0", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "AppNotAccessible", "upgrade h1 18.9.0-dev.1, h2 17.4.0 to v19 or later")]
        [InlineData("h1=18.2.1", "{allow: {app_labels: {'*': '*'}, app_labels_expression: 'labels[\"env\"] == \"prod\"', mcp: {tools: ['*']}}}", "AppNotAccessible", "role r is a v9 role that selects app files")]
        [InlineData("h1=19.0.0;h2=18.2.1", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Indeterminate", "(h1 19.0.0 keep this decision), but App Services older than v19 get a v8 copy of r whose allow selectors moved to deny, which refuses the app (h2 18.2.1); Teleport picks an agent for each connection")]
        [InlineData("h1=", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Indeterminate", "which release serves files is not known offline (h1 has no spec.version in its app_server heartbeat)")]
        [InlineData("h1=19.0.0;h2=nightly", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Indeterminate", "h2 has spec.version \"nightly\", which is not a release")]
        [InlineData("", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Indeterminate", "no app_server heartbeat of it is in the input")]
        // a pure allow_all role is kept by every agent: no heartbeat changes its decision
        [InlineData("h1=18.2.1", "{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}], mcp: {tools: ['*']}}}", "Allowed", "older App Services keep a role with the single app_resources rule")]
        // a v9 role that does not select the app is not downgraded into a deny of it
        [InlineData("h1=18.2.1", "{allow: {app_labels: {env: prod}, mcp: {tools: ['*']}}};b|v8|{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Allowed", "")]
        public void DecidesFromTheServingAgentsReleases(string agents, string spec, string expected, string fragment)
        {
            var parts = spec.Split(';');
            var yaml = (agents.Length == 0 ? Apps : "") + Role("r", "v9", parts[0]) + string.Concat(parts.Skip(1).Select(r => r.Split(new[] { '|' }, 3)).Select(p => Role(p[0], p[1], p[2]))) +
                       string.Concat(agents.Split(';', System.StringSplitOptions.RemoveEmptyEntries).Select(a => a.Split('=')).Select(a => Heartbeat(a[0], a[1].Length == 0 ? null! : a[1]))) +
                       "---\nkind: user\nversion: v2\nmetadata: {name: u}\nspec: {roles: [" + string.Join(", ", new[] { "r" }.Concat(parts.Skip(1).Select(r => r.Split('|')[0]))) + "]}\n";
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            var session = new McpAccessSession(c.Roles, c.Apps);
            var user = c.Users.Single();
            var app = c.Apps.First(a => a.Name == "files");
            var d = session.Decide(user, app, "read");
            Assert.Equal(expected, d.Decision.ToString());
            Assert.Equal(d.Decision == AccessDecision.Allowed, session.IsAllowed(user, app, "read"));
            Assert.Contains(fragment, d.Decision == AccessDecision.Allowed ? string.Join(" | ", d.Notes) : d.Reason, StringComparison.Ordinal);
            var s = session.Summarize(user, app);
            Assert.Equal(expected == "AppNotAccessible" ? ToolScope.None : expected == "Allowed" ? ToolScope.All : ToolScope.Indeterminate, s.Scope);
            if (expected != "Indeterminate") Assert.Equal(expected == "Allowed", s.AppAccessible);
            if (expected == "AppNotAccessible")
            {
                Assert.Equal("r", Assert.Single(d.DeniedBy).Role);
                Assert.Contains("give role r `app_resources: [{allow_all: true}]`", d.Reason, System.StringComparison.OrdinalIgnoreCase);
            }
        }

        // Each App Service checks a call with its own heartbeat's labels (lib/srv/mcp/session.go checkAccessToTool) and the roles
        // its release gets (lib/auth MaybeDowngradeRoleVersionToV8 below v19, downgrade property tests index id 57052340701):
        // ToolAccess.Agents gives each agent's answer; Decision stays the module's answer for the app.
        [Theory]
        // heartbeats (host=version@env; none: the app resource only), role r's version and spec, decision, each agent's (host:decision, in order), a fragment of the last agent's reason
        [InlineData("", "v9", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Indeterminate", "", "")]
        [InlineData("h1=19.0.0@dev", "v9", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Allowed", "h1:Allowed", "")]
        [InlineData("h1=19.0.0@dev;h2=18.2.1@dev", "v9", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Indeterminate", "h1:Allowed,h2:AppNotAccessible",
            "every App Service serving it runs a release older than v19 (h2 18.2.1, app_server spec.version)")]
        [InlineData("h1=18.2.1@dev;h2=19.0.0@dev;h3=18.2.1@dev", "v9", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Indeterminate", "h1:AppNotAccessible,h3:AppNotAccessible,h2:Allowed", "")]
        // labels each agent computes differently: the decision is the first heartbeat's, each agent answers with its own
        [InlineData("h1=18.0.0@dev;h2=18.0.0@prod", "v8", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Allowed", "h1:Allowed,h2:AppNotAccessible", "None of u's roles selects app files")]
        [InlineData("h1=18.0.0@prod;h2=18.0.0@dev", "v8", "{allow: {app_labels: {env: dev}, mcp: {tools: [read]}}}", "AppNotAccessible", "h1:AppNotAccessible,h2:Allowed", "")]
        // the same agent heartbeating twice counts once; an agent without spec.version is Indeterminate for a restricted v9 role only
        [InlineData("h1=19.0.0@dev;h1=19.0.0@dev", "v9", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Allowed", "h1:Allowed", "")]
        // heartbeats of one host name with other labels are each listed: the one that refuses the app is not hidden
        [InlineData("h1=18.0.0@dev;h1=18.0.0@prod", "v8", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Allowed", "h1:Allowed,h1:AppNotAccessible", "None of u's roles selects app files")]
        [InlineData("h1=19.0.0@dev;h2=@dev", "v9", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Indeterminate", "h1:Allowed,h2:Indeterminate", "h2 has no spec.version")]
        [InlineData("h1=19.0.0@dev;h2=@dev", "v8", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}", "Allowed", "h1:Allowed,h2:Allowed", "")]
        public void DecidesForEachServingAgent(string heartbeats, string version, string spec, string expected, string agents, string lastReason)
        {
            var yaml = (heartbeats.Length == 0 ? Apps : "") + Role("r", version, spec) +
                       string.Concat(heartbeats.Split(';', System.StringSplitOptions.RemoveEmptyEntries).Select(h => h.Split('=', '@')).Select(h => Heartbeat(h[0], h[1].Length == 0 ? null! : h[1], h[2]))) +
                       "---\nkind: user\nversion: v2\nmetadata: {name: u}\nspec: {roles: [r]}\n";
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            var session = new McpAccessSession(c.Roles, c.Apps);
            var app = c.Apps.First(a => a.Name == "files");
            var d = session.Decide(c.Users.Single(), app, "read");
            Assert.Equal(expected, d.Decision.ToString());
            Assert.Equal(agents, string.Join(",", d.Agents.Select(a => a.Host + ":" + a.Decision)));
            if (d.Agents.Count == 0) return;
            Assert.Contains(lastReason, d.Agents[d.Agents.Count - 1].Reason ?? string.Join(" ", d.Notes), StringComparison.Ordinal);
            Assert.All(d.Agents, a => Assert.False(string.IsNullOrEmpty(a.Source)));
            Assert.All(d.Agents, a => Assert.Equal(heartbeats.Contains(a.Host + "=@", System.StringComparison.Ordinal) ? null : a.Version, c.Apps.First(h => h.ServerHostName == a.Host).ServerVersion));
        }

        [Fact]
        public void AllowAllNoteAndSummary()
        {
            var c = Cluster.FromYaml(Apps + Role("a", "v9", "{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}], mcp: {tools: ['*']}}}") +
                                     Role("n", "v9", "{allow: {app_labels: {env: prod}, mcp: {tools: ['*']}}}") +
                                     "---\nkind: user\nversion: v2\nmetadata: {name: u}\nspec: {roles: [a, n]}\n");
            Assert.Contains(c.Decide("u", "files", "x").Notes, n => n.Contains("v9 role a selects app files: app_resources rules do not govern MCP apps"));
            Assert.Equal(ToolScope.All, c.Summarize("u", "files").Scope);
            var prod = c.Summarize("u", "prod-db");
            Assert.Equal(ToolScope.Indeterminate, prod.Scope);
            Assert.Contains("role n is a v9 role", prod.Reason, StringComparison.Ordinal);
        }

        [Theory]
        // id, spec; PR #68736: only the single allow_all rule is accepted; tctl (lib/tctl test, index id 56850292370) refuses other fields
        [InlineData("TMCP015", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}")]
        [InlineData("TMCP015", "{allow: {app_labels_expression: 'labels.env == \"dev\"', app_resources: [{}], mcp: {tools: ['*']}}}")]
        [InlineData("TMCP016", "{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}], mcp: {tools: ['*']}}, deny: {app_resources: [{allow_all: true}]}}")]
        [InlineData("TMCP016", "{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true, paths: [/admin]}], mcp: {tools: ['*']}}}")]
        [InlineData("TMCP016", "{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}, {allow_all: true}], mcp: {tools: ['*']}}}")]
        [InlineData("TMCP016", "{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}], app_resources_expressions: ['true'], mcp: {tools: ['*']}}}")]
        public void LintsRoleV9(string id, string spec)
        {
            var c = Cluster.FromYaml(Role("r", "v9", spec));
            Assert.Empty(c.Problems);
            var f = Assert.Single(RoleLinter.Lint(c.Roles, c.Users), x => x.Id == id);
            Assert.Contains("PR #68736", f.Message, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(f.Fix));
            Assert.Equal(spec.Contains("app_resources") ? 5 : 2, f.Location!.Line);
        }

        // The lint takes the decisions' gate (McpAccessEngine.RoleV9Gate: lib/auth MaybeDowngradeRoleVersionToV8 below v19,
        // downgrade property tests index id 57052340701) on the heartbeats given: TMCP015 names the agents older than v19 that
        // refuse an MCP app the role selects, and nothing more when none does or no heartbeat is given.
        [Theory]
        // heartbeats (host=version;...), role's app_labels, text in TMCP015 (null: no agent named)
        [InlineData("a1=18.4.2;a2=19.0.0", "{env: dev}", "these App Services run a release older than v19 and refuse an MCP app the role selects: a1 18.4.2 (app files).")]
        [InlineData("a1=18.4.2;a2=18.0.0-dev.1", "{env: dev}", "refuse an MCP app the role selects: a1 18.4.2, a2 18.0.0-dev.1 (app files).")]
        [InlineData("a1=19.1.0;a2=19.0.0-dev", "{env: dev}", null)]
        [InlineData("a1=18.4.2", "{env: prod}", null)]
        [InlineData("a1=", "{env: dev}", null)]
        [InlineData("", "{env: dev}", null)]
        // Agents with other labels (host=version=env): each is decided with its own heartbeat's labels and release.
        [InlineData("a1=18.4.2=prod;a2=18.0.0=dev", "{env: dev}", "refuse an MCP app the role selects: a2 18.0.0 (app files).")]
        [InlineData("a1=18.4.2=dev;a2=19.0.0=prod;a3=18.1.0=prod", "{env: dev}", "refuse an MCP app the role selects: a1 18.4.2 (app files).")]
        public void LintNamesTheAgentsThatRefuseARestrictedV9Role(string agents, string labels, string text)
        {
            var yaml = Role("r", "v9", "{allow: {app_labels: " + labels + ", mcp: {tools: ['*']}}}") +
                       string.Concat(agents.Split(';', System.StringSplitOptions.RemoveEmptyEntries).Select(a => a.Split('=')).Select(a => Heartbeat(a[0], a[1].Length == 0 ? null! : a[1], a.Length > 2 ? a[2] : "dev")));
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            var f = Assert.Single(RoleLinter.Lint(c.Roles, c.Users, c.Apps), x => x.Id == "TMCP015");
            if (text == null) Assert.DoesNotContain("older than v19 and refuse", f.Message, StringComparison.Ordinal);
            else Assert.Contains(text, f.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void PureAllowAllRoleLintsClean()
        {
            var c = Cluster.FromYaml(Role("r", "v9", "{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}], mcp: {tools: ['*']}}}"));
            Assert.DoesNotContain(RoleLinter.Lint(c.Roles, c.Users), f => f.Id == "TMCP015" || f.Id == "TMCP016");
        }

        [Fact]
        public void PipedRolesCarryAppResources()
        {
            var errors = new List<ResourceDiagnostic>();
            var cluster = new ClusterInput { Error = errors.Add };
            cluster.Add(new Role { Name = "old", Version = "v8", AllowAppResources = new List<string> { "allow_all" } }, fromPipeline: true);
            cluster.Add(new Role { Name = "new", Version = "v9", AllowAppResources = new List<string> { "allow_all" } }, fromPipeline: true);
            Assert.Equal("new", Assert.Single(cluster.Roles).Name);
            var e = Assert.Single(errors);
            Assert.Equal("InvalidRole", e.Code);
            Assert.Contains("need role version \"v9\", not \"v8\"", e.Message, StringComparison.Ordinal);
        }
    }
}
