using System;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>T- and R-rules: lib/services/role.go checkAccess, api/types/role.go; plus the decision around them.</summary>
    public class DecisionTests
    {
        private const string App = @"
kind: app
version: v3
metadata: {name: files, labels: {env: dev, team: ai}}
spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}
---
kind: app
version: v3
metadata: {name: prod-db, labels: {env: prod}}
spec: {uri: 'mcp+stdio://', mcp: {command: db, run_as_host_user: mcp}}
---
kind: app
version: v3
metadata: {name: kinded, labels: {'teleport.internal/app-sub-kind': other}}
spec: {uri: 'mcp+stdio://', mcp: {command: db, run_as_host_user: mcp}}
";

        private static string User(string roles, string traits = "{}") =>
            "---\nkind: user\nversion: v2\nmetadata: {name: u}\nspec: {roles: [" + roles + "], traits: " + traits + "}\n";

        private static string Role(string name, string spec, string version = "v8") =>
            "---\nkind: role\nversion: " + version + "\nmetadata: {name: " + name + "}\nspec: " + spec + "\n";

        [Theory]
        // rule, source, roles yaml, user roles, traits, app, tool, expected decision, reason fragment
        [InlineData("T1", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {mcp: {tools: [write_file]}}}", "a, d", "{}", "files", "write_file", "Denied", "denies write_file on every MCP server")]
        [InlineData("T2", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {app_labels: {env: prod}, mcp: {tools: [write_file]}}}", "a, d", "{}", "files", "write_file", "Denied", "deny.mcp.tools")]
        [InlineData("T2", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {app_labels: {env: prod}}}", "a, d", "{}", "prod-db", "read", "AppNotAccessible", "deny labels select app prod-db")]
        [InlineData("T2", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {app_labels: {env: prod}}}", "a, d", "{}", "files", "read", "Allowed", "")]
        [InlineData("T3", "lib/services/role.go", "a|{allow: {app_labels: {env: dev}}};b|{allow: {app_labels: {env: prod}, mcp: {tools: ['*']}}}", "a, b", "{}", "files", "read", "NotGranted", "grants do not combine")]
        [InlineData("T3", "lib/services/role.go", "a|{allow: {app_labels: {env: dev}, mcp: {tools: [read_*]}}}", "a", "{}", "files", "read_file", "Allowed", "allows read_file")]
        [InlineData("T3", "lib/services/role.go", "a|{allow: {app_labels: {env: dev}, mcp: {tools: [read_*]}}}", "a", "{}", "prod-db", "read_file", "AppNotAccessible", "None of u's roles selects app prod-db")]
        [InlineData("T4", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}}}", "a", "{}", "files", "read", "NotGranted", "have no allow.mcp.tools")]
        [InlineData("T7", "lib/srv/app/connections_handler.go", "a|{allow: {app_labels: {env: prod}, mcp: {tools: ['*']}}};d|{deny: {mcp: {tools: [read]}}}", "a, d", "{}", "files", "read", "AppNotAccessible", "refused before any tool check")]
        [InlineData("T7", "lib/srv/app/connections_handler.go", "a|{allow: {app_labels: {env: prod}, mcp: {tools: ['*']}}}", "a", "{}", "files", "read", "AppNotAccessible", "refused before any tool check")]
        [InlineData("T4", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: []}}}", "a", "{}", "files", "read", "NotGranted", "")]
        [InlineData("T5", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}}}", "default-implicit-role", "{}", "files", "read", "AppNotAccessible", "has no roles")]
        [InlineData("T10", "docs rbac.mdx (RFD 0209 draft ignored)", "a|{allow: {app_labels: {'*': '*'}, mcp: {}}}", "a", "{}", "files", "read", "NotGranted", "")]
        [InlineData("P6", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};bad|{deny: {app_labels: {nope: nope}, mcp: {tools: ['^(x$']}}}", "a, bad", "{}", "files", "read", "Error", "not a valid Go regex")]
        [InlineData("P6", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['^(x$']}}}", "a", "{}", "files", "read", "Error", "error parsing regexp: missing closing )")]
        [InlineData("I8", "lib/services/role.go", "access|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{internal.mcp_tools}}']}}}", "access", "{logins: [u]}", "files", "search_files", "NotGranted", "role access grants tools from {{internal.mcp_tools}}, but u has no mcp_tools trait")]
        [InlineData("I8", "lib/services/role.go", "access|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{internal.mcp_tools}}']}}}", "access", "{mcp_tools: ['']}", "files", "search_files", "NotGranted", "trait has no non-empty value")]
        [InlineData("I12", "lib/services/role.go", "access|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{internal.mcp_tools}}']}}}", "access", "{mcp_tools: ['*']}", "files", "anything", "Allowed", "(written \"{{internal.mcp_tools}}\")")]
        [InlineData("I12", "lib/services/role.go", "access|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{internal.mcp_tools}}']}}}", "access", "{mcp_tools: ['^(x$']}", "files", "anything", "Error", "")]
        [InlineData("I13", "lib/services/role.go", "d|{deny: {mcp: {tools: ['{{external.nope}}']}}};a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}}", "d, a", "{}", "files", "x", "Allowed", "")]
        [InlineData("L7", "lib/services/role.go", "a|{allow: {app_labels: {env: dev}, app_labels_expression: 'labels[\"team\"] == \"db\"', mcp: {tools: ['*']}}}", "a", "{}", "files", "x", "AppNotAccessible", "expression did not match")]
        [InlineData("L7", "lib/services/role.go", "a|{allow: {app_labels: {env: prod}, app_labels_expression: 'labels[\"team\"] == 1', mcp: {tools: ['*']}}}", "a", "{}", "files", "x", "Error", "expected type string")]
        [InlineData("L7", "lib/services/role.go", "a|{allow: {app_labels: {env: prod}, app_labels_expression: 'nosuch()', mcp: {tools: ['*']}}}", "a", "{}", "files", "x", "Error", "unsupported function")]
        [InlineData("L8", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {app_labels: {env: prod}, app_labels_expression: 'labels[\"team\"] == \"ai\"'}}", "a, d", "{}", "files", "x", "AppNotAccessible", "")]
        [InlineData("L9", "lib/services/role.go", "old|{allow: {mcp: {tools: ['*']}}}|v3", "old", "{}", "prod-db", "x", "Allowed", "")]
        // L9: an empty app_labels map reaches the Auth Service unset (api/types/role.go Labels.Unmarshal), so v3 defaults it and v8 selects nothing
        [InlineData("L9", "api/types/role.go", "old|{allow: {app_labels: {}, mcp: {tools: ['*']}}}|v3", "old", "{}", "prod-db", "x", "Allowed", "")]
        [InlineData("R1", "api/types/role.go", "a|{allow: {app_labels: {}, mcp: {tools: ['*']}}}|v8", "a", "{}", "prod-db", "x", "AppNotAccessible", "")]
        [InlineData("R1", "api/types/role.go", "old|{allow: {mcp: {tools: ['*']}}}|v7", "old", "{}", "prod-db", "x", "AppNotAccessible", "")]
        // A3b: every MCP server carries teleport.internal/app-sub-kind: mcp, which the preset mcp-user role selects by
        // (docs configure-user-rbac.mdx @4e2b459a; lib/srv/mcp/session_test.go Test_sessionHandler "admin"); a label the
        // definition writes itself is kept.
        [InlineData("A3b", "docs configure-user-rbac.mdx", "mcp-user|{allow: {app_labels: {'teleport.internal/app-sub-kind': mcp}, mcp: {tools: ['*']}}}", "mcp-user", "{}", "files", "write_file", "Allowed", "")]
        [InlineData("A3b", "docs configure-user-rbac.mdx", "mcp-user|{allow: {app_labels: {'teleport.internal/app-sub-kind': mcp}, mcp: {tools: ['*']}}};d|{deny: {app_labels: {'teleport.internal/app-sub-kind': mcp}, mcp: {tools: [write_*]}}}", "mcp-user, d", "{}", "prod-db", "write_file", "AppNotAccessible", "deny labels select app prod-db")]
        [InlineData("A3b", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, app_labels_expression: 'labels[\"teleport.internal/app-sub-kind\"] == \"mcp\"', mcp: {tools: ['*']}}}", "a", "{}", "files", "x", "Allowed", "")]
        [InlineData("A3b", "lib/services/role.go", "a|{allow: {app_labels: {'teleport.internal/app-sub-kind': web}, mcp: {tools: ['*']}}}", "a", "{}", "files", "x", "AppNotAccessible", "")]
        [InlineData("A3b", "api/types/app.go", "a|{allow: {app_labels: {'teleport.internal/app-sub-kind': mcp}, mcp: {tools: ['*']}}}", "a", "{}", "kinded", "x", "AppNotAccessible", "")]
        [InlineData("R2", "api/types/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: [x]}}}|v7", "a", "{}", "files", "x", "Allowed", "")]
        [InlineData("R3", "api/types/role.go", "old|{allow: {}}|v3", "old", "{}", "files", "x", "NotGranted", "")]
        [InlineData("I1", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{external.team}}_*']}}}", "a", "{team: [db, ai]}", "files", "ai_query", "Allowed", "written \"{{external.team}}_*\"")]
        [InlineData("L5", "lib/services/role.go", "a|{allow: {app_labels: {team: '{{external.team}}'}, mcp: {tools: ['*']}}}", "a", "{team: [ai]}", "files", "x", "Allowed", "")]
        [InlineData("L5", "lib/services/role.go", "a|{allow: {app_labels: {team: '{{external.team}}'}, mcp: {tools: ['*']}}}", "a", "{}", "files", "x", "AppNotAccessible", "")]
        [InlineData("P1", "lib/utils/replace.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['^get_.*']}}}", "a", "{}", "files", "get_file", "NotGranted", "is matched literally because a regex needs both ^ and $")]
        // I1 (lib/utils/parse Interpolate): an empty entry is dropped, so it grants no tool named ""
        [InlineData("I1", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['']}}}", "a", "{}", "files", "", "NotGranted", "")]
        // L5 (lib/services/role.go applyLabelsTraits): two keys that interpolate to one key keep one at random, which decides nothing when their values agree
        [InlineData("L5", "lib/services/role.go", "a|{allow: {app_labels: {env: dev, '{{external.k}}': dev}, mcp: {tools: ['*']}}}", "a", "{k: [env]}", "files", "x", "Allowed", "")]
        [InlineData("L5", "lib/services/role.go", "a|{allow: {app_labels: {env: dev, '{{external.k}}': prod}, mcp: {tools: ['*']}}}", "a", "{k: [env]}", "files", "x", "Indeterminate", "different values")]
        // T1/T3 namespaces (lib/services/role.go checkAccess MatchNamespace; api/types/role.go checkAndSetRoleConditionNamespaces): every app is in "default"
        [InlineData("T3", "lib/services/role.go", "a|{allow: {namespaces: [namespace-c], app_labels: {'*': '*'}, mcp: {tools: ['*']}}}", "a", "{}", "files", "x", "AppNotAccessible", "")]
        [InlineData("T3", "lib/services/role.go", "a|{allow: {namespaces: ['*'], app_labels: {'*': '*'}, mcp: {tools: ['*']}}}", "a", "{}", "files", "x", "Allowed", "")]
        [InlineData("T3", "lib/services/role.go", "a|{allow: {namespaces: [other, default], app_labels: {'*': '*'}, mcp: {tools: ['*']}}}", "a", "{}", "files", "x", "Allowed", "")]
        [InlineData("T3", "lib/services/role.go", "a|{allow: {namespaces: [], app_labels: {'*': '*'}, mcp: {tools: ['*']}}}", "a", "{}", "files", "x", "Allowed", "")]
        [InlineData("T1", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {namespaces: [other], mcp: {tools: ['*']}}}", "a, d", "{}", "files", "x", "Allowed", "")]
        [InlineData("T1", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {namespaces: ['*'], mcp: {tools: ['*']}}}", "a, d", "{}", "files", "x", "Denied", "")]
        [InlineData("T1", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {namespaces: [other], app_labels_expression: 'nosuch()'}}", "a, d", "{}", "files", "x", "Allowed", "")]
        // M1 (lib/services/role.go FetchRoleList returns GetRole's NotFound, lib/services/access_checker.go NewAccessChecker fails): a role the
        // user names that is not in the input may allow or deny, so only a deny of a role given decides; anything else is Indeterminate.
        [InlineData("M1", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}}", "a, ghost", "{}", "files", "x", "Indeterminate", "u's role \"ghost\" is not in the input")]
        [InlineData("M1", "lib/services/role.go", "a|{allow: {app_labels: {env: prod}, mcp: {tools: ['*']}}}", "a, ghost", "{}", "files", "x", "Indeterminate", "FetchRoleList")]
        [InlineData("M1", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}}}", "a, ghost", "{}", "files", "x", "Indeterminate", "may allow or deny")]
        [InlineData("M1", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}}", "ghost", "{}", "files", "x", "Indeterminate", "u's role \"ghost\" is not in the input")]
        [InlineData("M1", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {mcp: {tools: [x]}}}", "a, d, ghost", "{}", "files", "x", "Denied", "denies x on every MCP server")]
        [InlineData("M1", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {app_labels: {env: dev}}}", "ghost, a, d", "{}", "files", "x", "AppNotAccessible", "deny labels select app files")]
        [InlineData("M1", "lib/services/role.go", "a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['^(x$']}}}", "a, ghost", "{}", "files", "x", "Indeterminate", "a later check would fail with an error")]
        public void Decides(string rule, string source, string roles, string userRoles, string traits, string app, string tool, string expected, string reasonPart)
        {
            Assert.False(string.IsNullOrEmpty(rule + source));
            var yaml = App + User(userRoles, traits);
            foreach (var r in roles.Split(';'))
            {
                var parts = r.Split('|');
                yaml += Role(parts[0], parts[1], parts.Length > 2 ? parts[2] : "v8");
            }
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            var d = c.Decide("u", app, tool);
            Assert.Equal(expected, d.Decision.ToString());
            Assert.Contains(reasonPart, d.Reason, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(d.Reason));
        }

        [Fact]
        public void A_side_whose_namespaces_exclude_every_app_is_named_in_the_notes()
        {
            var c = Cluster.FromYaml(App + User("a, d") + Role("a", "{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}}") + Role("d", "{deny: {namespaces: [other], mcp: {tools: ['*']}}}"));
            var d = c.Decide("u", "files", "x");
            Assert.Equal(AccessDecision.Allowed, d.Decision);
            Assert.Contains(d.Notes, n => n.StartsWith("role d's deny conditions never apply: its deny.namespaces \"other\" name neither \"default\" nor \"*\"", StringComparison.Ordinal));
            // The reason names the namespaces, not missing labels; a bad regex of a side that never applies is no error.
            var c2 = Cluster.FromYaml(App + User("a") + Role("a", "{allow: {namespaces: [other], app_labels: {'*': '*'}, mcp: {tools: ['^(x$']}}}"));
            Assert.Empty(c2.Problems);
            var d2 = c2.Decide("u", "files", "x");
            Assert.Equal(AccessDecision.AppNotAccessible, d2.Decision);
            Assert.Contains("allow conditions never apply", d2.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain("no label matchers", d2.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void T3_AllowedByAndDroppedEntriesAreReported()
        {
            // lib/services/role.go ApplyTraits + checkAccess
            var c = Cluster.FromYaml(App + User("a", "{mcp_tools: [read_*]}") +
                Role("a", "{allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{internal.mcp_tools}}', '{{external.missing}}', '{{internal.bogus}}']}}}"));
            var d = c.Decide("u", "files", "read_file");
            Assert.Equal(AccessDecision.Allowed, d.Decision);
            Assert.Equal("{{internal.mcp_tools}}", d.AllowedBy.Single().Written);
            Assert.Equal("read_*", d.AllowedBy.Single().Effective);
            Assert.Equal(2, d.DroppedEntries.Count);
            Assert.True(d.DroppedEntries.Single(x => x.Entry == "{{external.missing}}").Silent);          // I8
            Assert.False(d.DroppedEntries.Single(x => x.Entry == "{{internal.bogus}}").Silent);           // I5/I9
        }

        [Theory]
        // 2:G5 (lib/services/role.go applyValueTraitsSlice): an entry Teleport cannot parse drops only itself, with Teleport's reason.
        [InlineData("{{123}}", "expected type []string")]
        [InlineData("{{regexp.replace(regexp.match(\"a\"), \"c\", \"x\")}}", "unsupported function: regexp.match")]
        [InlineData("{{internal.foo[\"bar\"]}}", "cannot take index")]
        [InlineData("{{regexp.replace(external.team, external.team, \"x\")}}", "parsing second argument to (regexp.replace)")]
        [InlineData("{{email.local(external.team, external.team)}}", "accepts 1 argument, given 2")]
        public void G5_BadDenyEntryIsDroppedNotIndeterminate(string deny, string reason)
        {
            var c = Cluster.FromYaml(App + User("a", "{team: [ai]}") +
                Role("a", "{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}, deny: {mcp: {tools: [" + System.Text.Json.JsonSerializer.Serialize(deny) + "]}}}"));
            var d = c.Decide("u", "files", "anything");
            Assert.Equal(AccessDecision.Allowed, d.Decision);
            var dropped = Assert.Single(d.DroppedEntries);
            Assert.Equal("deny.mcp.tools", dropped.Field);
            Assert.Equal(deny, dropped.Entry);
            Assert.False(dropped.Silent);
            Assert.Contains(reason, dropped.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void G4_BooleanFunctionAsLabelValueBecomesAnEmptyValue()
        {
            // lib/services/role.go applyLabelsTraits: a value that fails to interpolate becomes "", which matches only an empty label.
            var c = Cluster.FromYaml(App + User("a") +
                Role("a", "{allow: {app_labels: {env: '{{regexp.replace(regexp.match(\"a\"), \"c\", \"x\")}}'}, mcp: {tools: ['*']}}}"));
            var d = c.Decide("u", "files", "x");
            Assert.Equal(AccessDecision.AppNotAccessible, d.Decision);
            var dropped = Assert.Single(d.DroppedEntries);
            Assert.Equal("allow.app_labels", dropped.Field);
            Assert.Contains("unsupported function: regexp.match", dropped.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void G14_UserNameTemplateNamesTheRelease()
        {
            var c = Cluster.FromYaml(App + User("a") + Role("a", "{allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{user.metadata.name}}_*']}}}"));
            var d = c.Decide("u", "files", "u_read");
            Assert.Equal(AccessDecision.Allowed, d.Decision);
            Assert.Contains(d.Notes, n => n.Contains("#64888"));
        }

        [Fact]
        public void T6_DenialTextIsTeleports()
        {
            // lib/services/role.go: "access to %v denied. User does not have permissions. %v"
            Assert.Equal("access to app denied. User does not have permissions. ", McpAccessEngine.TeleportDenialText("app"));
            var c = Cluster.FromYaml(App + User("a") + Role("a", "{allow: {app_labels: {'*': '*'}}}"));
            Assert.Contains(c.Decide("u", "files", "x").Notes, n => n.Contains("access to app denied. User does not have permissions. "));
        }

        [Fact]
        public void C1_TheRefusalNoteNamesTheJsonRpcErrorTheClientGets()
        {
            // lib/srv/mcp/session.go @6230ac84 makeToolAccessDeniedResponse: mcp.NewJSONRPCError(id, INVALID_PARAMS, "RBAC is enforced
            // by your Teleport roles. Contact your Teleport Admin for more details.", authErr): the access error is the error's data.
            var c = Cluster.FromYaml(App + User("a") + Role("a", "{allow: {app_labels: {'*': '*'}}}"));
            var note = Assert.Single(c.Decide("u", "files", "x").Notes, n => n.StartsWith("Teleport answers a refused tools/call", StringComparison.Ordinal));
            Assert.Contains("JSON-RPC error -32602 \"RBAC is enforced by your Teleport roles. Contact your Teleport Admin for more details.\" with the access error \"access to app denied. User does not have permissions. \" as its data", note, StringComparison.Ordinal);
        }

        [Fact]
        public void T8_CacheLagIsMentionedForRefusals()
        {
            // lib/srv/mcp/session.go accessCache (10 minutes) before PR #67671
            var c = Cluster.FromYaml(App + User("a") + Role("a", "{allow: {app_labels: {'*': '*'}}}"));
            Assert.Contains(c.Decide("u", "files", "x").Notes, n => n.Contains("10 minutes"));
        }

        [Theory]
        // T9: tsh mcp ls summary (EnumerationResult.ToEntities): wildcard deny -> none, wildcard allow -> all
        [InlineData("a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}}", "All")]
        [InlineData("a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {mcp: {tools: ['*']}}}", "None")]
        [InlineData("a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {mcp: {tools: [x]}}}", "Limited")]
        [InlineData("a|{allow: {app_labels: {'*': '*'}, mcp: {tools: [read_*]}}}", "Limited")]
        [InlineData("a|{allow: {app_labels: {'*': '*'}}}", "None")]
        public void T9_Summary(string roles, string scope)
        {
            var yaml = App + User(string.Join(", ", roles.Split(';').Select(r => r.Split('|')[0])));
            foreach (var r in roles.Split(';')) yaml += Role(r.Split('|')[0], r.Split('|')[1]);
            var s = Cluster.FromYaml(yaml).Summarize("u", "files");
            Assert.Equal(scope, s.Scope.ToString());
            Assert.Contains(s.Notes, n => n.Contains("I15"));
        }

        [Fact]
        public void I14_MissingTraitReasonSaysToLogInAgain()
        {
            // lib/services/access_checker.go AccessInfoFromLocalTLSIdentity: traits come from the certificate
            var c = Cluster.FromYaml(App + User("access") + Role("access", "{allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{internal.mcp_tools}}']}}}", "v7"));
            Assert.Contains("log in again", c.Decide("u", "files", "x").Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void R1_UnsupportedRoleVersionIsRefused()
        {
            // api/types/role.go: role version %q is not supported
            var c = Cluster.FromYaml(Role("x", "{}", "v10"));
            Assert.Contains(c.Problems, p => p.Code == "UnsupportedRoleVersion" && p.Message == "role version \"v10\" is not supported");
        }

        [Fact]
        public void P7_LintExplainsThatTeleportSavesBrokenRegexes()
        {
            var c = Cluster.FromYaml(Role("d", "{deny: {mcp: {tools: ['^(x$']}}}") + User("d"));
            var f = RoleLinter.Lint(c.Roles, c.Users).Single(x => x.Id == "TMCP003");
            Assert.Contains("saves it anyway (P7)", f.Message, StringComparison.Ordinal);
            Assert.Contains("held by u", f.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// M1 on every path of the decision: the fast decision (-Quiet) is never Allowed, the summary is Indeterminate unless a
        /// role given denies, and a deny that decides notes the role that was not given. (roles, user roles, scope of the summary)
        /// </summary>
        [Theory]
        [InlineData("a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}}", "a, ghost", "Indeterminate")]
        [InlineData("a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}}", "a", "All")]
        [InlineData("a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {mcp: {tools: ['*']}}}", "a, d, ghost", "None")]
        [InlineData("a|{allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}};d|{deny: {app_labels: {env: dev}}}", "a, d, ghost", "None")]
        public void A_role_not_given_leaves_nothing_allowed_and_a_given_deny_still_decides(string roles, string userRoles, string scope)
        {
            var yaml = App + User(userRoles);
            foreach (var r in roles.Split(';')) yaml += Role(r.Split('|')[0], r.Split('|')[1]);
            var c = Cluster.FromYaml(yaml);
            var engine = new McpAccessEngine(c.Roles);
            var aa = engine.ForApp(engine.Prepare(c.Users.Single()), c.Apps.First(a => a.Name == "files"));
            var d = engine.Decide(aa, "x");
            Assert.Equal(d.Decision, engine.DecideFast(aa, "x"));
            var s = engine.Summarize(aa);
            Assert.Equal(scope, s.Scope.ToString());
            if (!userRoles.Contains("ghost")) return;
            Assert.NotEqual(AccessDecision.Allowed, d.Decision);
            if (scope == "Indeterminate") Assert.Equal("The module cannot decide this offline: u's role \"ghost\" is not in the input, and Teleport decides with every role of a user (it refuses the user's certificate when a role does not exist, lib/services/role.go FetchRoleList), so the missing role may allow or deny what the roles given do not deny; give it with the others.", s.Reason);
            else Assert.Contains(d.Notes, n => n == "role ghost of u is not in the input; the deny of a role given decides whatever it holds.");
        }

        [Fact]
        public void ExampleCluster_AliceSeesNoToolsBobAllButTheDeniedOnes()
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "examples");
            var c = new Cluster();
            foreach (var f in Directory.GetFiles(Path.Combine(dir, "cluster")))
                foreach (var item in TeleportMcp.Engine.Resources.ResourceReader.ReadFile(f))
                {
                    if (item.Resource is TeleportMcp.Role r) c.Roles.Add(r);
                    if (item.Resource is TeleportMcp.User u) c.Users.Add(u);
                    if (item.Resource is TeleportMcp.App a) c.Apps.Add(a);
                }
            var alice = c.Decide("alice", "everything", "search_files");
            Assert.Equal(AccessDecision.NotGranted, alice.Decision);
            Assert.StartsWith("role access grants tools from {{internal.mcp_tools}}, but alice has no mcp_tools trait", alice.Reason, StringComparison.Ordinal);
            Assert.Equal(AccessDecision.Allowed, c.Decide("bob", "everything", "search_files").Decision);
            Assert.Equal(AccessDecision.Denied, c.Decide("bob", "everything", "printEnv").Decision);
            Assert.Equal(AccessDecision.NotGranted, c.Decide("carol", "everything", "get_file").Decision);
        }
    }
}
