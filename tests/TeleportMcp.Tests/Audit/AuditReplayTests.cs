using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>
    /// Replaying an audit event's tools/call against roles: T2 deny (lib/services/role.go MCPToolMatcher on the deny
    /// side), T3/T4 grants, I8 empty trait drops; and the disagreements between the event and today's roles.
    /// </summary>
    public class AuditReplayTests
    {
        private const string Yaml = @"
kind: role
version: v8
metadata: {name: access}
spec:
  allow:
    app_labels: {'*': '*'}
    mcp: {tools: ['{{internal.mcp_tools}}']}
---
kind: role
version: v8
metadata: {name: mcp-no-env-dump}
spec:
  deny:
    mcp: {tools: [printEnv, get-env]}
---
kind: role
version: v8
metadata: {name: mcp-developer}
spec:
  allow:
    app_labels: {env: [dev, staging]}
    mcp: {tools: ['read_*']}
---
kind: user
version: v2
metadata: {name: bob}
spec:
  roles: [access, mcp-no-env-dump]
  traits: {mcp_tools: ['*']}
---
kind: user
version: v2
metadata: {name: alice}
spec:
  roles: [access]
  traits: {logins: [alice]}
---
kind: user
version: v2
metadata: {name: carol}
spec:
  roles: [mcp-developer]
  traits: {logins: [carol]}
---
kind: app
version: v3
metadata: {name: everything, labels: {env: dev}}
spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}
";

        private static AuditReplay Replay(string user, string tool, AuditOutcome recorded, string[] eventRoles = null, Dictionary<string, string[]> eventTraits = null,
            string yaml = Yaml, string app = "everything", bool userInExport = true)
        {
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            var ev = new AuditEvent
            {
                Code = recorded == AuditOutcome.Success ? "TMCP003I" : "TMCP003E", Type = "mcp.session.request", Kind = AuditEventKind.Request, Outcome = recorded,
                Success = recorded == AuditOutcome.Success, Error = recorded == AuditOutcome.Denied ? "access to app denied. User does not have permissions. " : recorded == AuditOutcome.Failed ? "HTTP 500 Internal Server Error" : null,
                User = user, App = app, Method = "tools/call", Tool = tool, UserRoles = eventRoles, UserTraits = eventTraits, Time = new DateTime(2025, 9, 30, 11, 15, 39, DateTimeKind.Utc),
                Source = "audit.log", Line = 3,
            };
            return AuditReplayer.Replay(new McpAccessEngine(c.Roles), ev, userInExport ? c.Users.SingleOrDefault(u => u.Name == user) : null, c.Apps.SingleOrDefault(a => a.Name == app));
        }

        [Fact]
        public void DeniedCallIsExplainedByTheDenyingRole()
        {
            var r = Replay("bob", "printEnv", AuditOutcome.Denied);
            Assert.Equal(ReplayVerdict.Consistent, r.Verdict);
            Assert.Equal(ReplayCause.DenyEntry, r.Cause);
            Assert.Equal(AccessDecision.Denied, r.Decision);
            Assert.Contains("mcp-no-env-dump", Assert.Single(r.DeniedBy));
            Assert.Contains("role mcp-no-env-dump denies printEnv", r.Reason);
            Assert.Contains("deny.mcp.tools of role mcp-no-env-dump", r.Fix);
            Assert.Equal("audit.log:3", r.Source);
        }

        [Fact]
        public void DeniedCallExplainedByAnEmptyTrait()
        {
            var r = Replay("alice", "search_files", AuditOutcome.Denied);
            Assert.Equal(ReplayVerdict.Consistent, r.Verdict);
            Assert.Equal(ReplayCause.EmptyTrait, r.Cause);
            Assert.Contains("trait mcp_tools", r.Reason);
            Assert.StartsWith("Set-TeleportMcpTools -User alice -Tools 'search_files' -Append", r.Fix);
        }

        [Fact]
        public void DeniedCallExplainedByNoGrant()
        {
            var r = Replay("carol", "write_file", AuditOutcome.Denied);
            Assert.Equal(ReplayVerdict.Consistent, r.Verdict);
            Assert.Equal(ReplayCause.NotGranted, r.Cause);
            Assert.Equal(AccessDecision.NotGranted, r.Decision);
        }

        [Fact]
        public void DisagreementWithOlderCertificateRolesNamesRolesChanged()
        {
            // carol's certificate then: role access without mcp_tools; the export: mcp-developer, which allows read_*.
            var r = Replay("carol", "read_file", AuditOutcome.Denied, new[] { "access" }, new Dictionary<string, string[]> { ["logins"] = new[] { "carol" } });
            Assert.Equal(ReplayVerdict.Disagreement, r.Verdict);
            Assert.Equal(ReplayCause.RolesChanged, r.Cause);
            Assert.Equal(AccessDecision.Allowed, r.Decision);
            Assert.Equal(AccessDecision.NotGranted, r.DecisionWithEventIdentity);
            Assert.Contains("roles [access] then, [mcp-developer] in the export", r.Reason);
            Assert.Contains("certificate predates the change", r.Reason);
            Assert.Contains("tsh login", r.Fix);
        }

        [Fact]
        public void DisagreementWithOlderCertificateTraitsNamesTraitsChanged()
        {
            var yaml = Yaml.Replace("traits: {logins: [alice]}", "traits: {logins: [alice], mcp_tools: [search_files]}");
            var r = Replay("alice", "search_files", AuditOutcome.Denied, new[] { "access" }, new Dictionary<string, string[]> { ["logins"] = new[] { "alice" } }, yaml);
            Assert.Equal(ReplayVerdict.Disagreement, r.Verdict);
            Assert.Equal(ReplayCause.TraitsChanged, r.Cause);
            Assert.Contains("trait mcp_tools [] then, [search_files] in the export", r.Reason);
        }

        [Fact]
        public void DisagreementWithTheSameIdentityNamesARoleDefinitionChange()
        {
            // The event's identity equals the export's, yet today's roles allow: a role definition changed since.
            var yaml = Yaml.Replace("mcp: {tools: [printEnv, get-env]}", "mcp: {tools: [get-env]}");
            var r = Replay("bob", "printEnv", AuditOutcome.Denied, new[] { "access", "mcp-no-env-dump" }, new Dictionary<string, string[]> { ["mcp_tools"] = new[] { "*" } }, yaml);
            Assert.Equal(ReplayVerdict.Disagreement, r.Verdict);
            Assert.Equal(ReplayCause.RoleDefinitionsChanged, r.Cause);
            Assert.Contains("role.updated", r.Reason);
        }

        [Fact]
        public void DisagreementWithoutCertificateIdentityNamesBothCauses()
        {
            var yaml = Yaml.Replace("mcp: {tools: [printEnv, get-env]}", "mcp: {tools: [get-env]}");
            var r = Replay("bob", "printEnv", AuditOutcome.Denied, yaml: yaml);
            Assert.Equal(ReplayVerdict.Disagreement, r.Verdict);
            Assert.Equal(ReplayCause.RolesTraitsOrCertificate, r.Cause);
            Assert.Null(r.DecisionWithEventIdentity);
            Assert.Contains("certificate was older", r.Reason);
            Assert.Contains("tsh logout", r.Fix);
        }

        [Fact]
        public void AllowedThenDeniedNowIsADisagreementToo()
        {
            var r = Replay("bob", "printEnv", AuditOutcome.Success);
            Assert.Equal(ReplayVerdict.Disagreement, r.Verdict);
            Assert.Equal(ReplayCause.RolesTraitsOrCertificate, r.Cause);
            Assert.Contains("passed Teleport's RBAC", r.Reason);
        }

        [Fact]
        public void AFailureThatPassedRbacIsNotRbac()
        {
            var r = Replay("bob", "echo", AuditOutcome.Failed);
            Assert.Equal(ReplayVerdict.NotRbac, r.Verdict);
            Assert.Contains("HTTP 500", r.Reason);
        }

        [Fact]
        public void UserMissingFromTheExportUsesTheEventIdentity()
        {
            var r = Replay("bob", "printEnv", AuditOutcome.Denied, new[] { "access", "mcp-no-env-dump" }, new Dictionary<string, string[]> { ["mcp_tools"] = new[] { "*" } }, userInExport: false);
            Assert.Equal(ReplayVerdict.Consistent, r.Verdict);
            Assert.Equal(ReplayCause.DenyEntry, r.Cause);
            Assert.Null(r.Decision);
            Assert.Contains(r.Notes, n => n.Contains("not in the export"));
        }

        [Fact]
        public void MissingUserOrAppIsIndeterminate()
        {
            Assert.Equal(ReplayVerdict.Indeterminate, Replay("bob", "printEnv", AuditOutcome.Denied, userInExport: false).Verdict);
            var r = Replay("bob", "printEnv", AuditOutcome.Denied, app: "nowhere");
            Assert.Equal(ReplayVerdict.Indeterminate, r.Verdict);
            Assert.Contains("app nowhere is not in the cluster export", r.Reason);
        }

        [Fact]
        public void TheExampleEventsReplayAsTheScenarioSays()
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "examples");
            var resources = new[] { "roles.yaml", "users.yaml", "app_servers.yaml" }.SelectMany(f => ResourceReader.ReadFile(Path.Combine(dir, "cluster", f))).Select(i => i.Resource).Where(r => r != null).ToList();
            var engine = new McpAccessEngine(resources.OfType<Role>());
            var events = new List<AuditEvent>();
            Engine.Logs.LogFileReader.Scan(Path.Combine(dir, "audit", "events-2025-09-30.log"), new AuditEventReader("x", new AuditEventFilter { FailedOnly = true, Tools = new[] { "*" } }, events.Add));
            var replays = events.Select(e => AuditReplayer.Replay(engine, e, resources.OfType<User>().SingleOrDefault(u => u.Name == e.User),
                resources.OfType<App>().FirstOrDefault(a => a.Name == e.App))).ToDictionary(r => r.User);
            Assert.Equal(ReplayCause.DenyEntry, replays["bob"].Cause);
            Assert.Equal(ReplayVerdict.Disagreement, replays["carol"].Verdict);
            Assert.Equal(ReplayCause.RolesChanged, replays["carol"].Cause);
        }
    }
}
