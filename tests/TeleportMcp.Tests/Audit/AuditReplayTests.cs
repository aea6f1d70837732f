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
            Assert.Contains("mcp-no-env-dump", Assert.Single(r.DeniedBy), StringComparison.Ordinal);
            Assert.Contains("role mcp-no-env-dump denies printEnv", r.Reason, StringComparison.Ordinal);
            Assert.Contains("deny.mcp.tools of role mcp-no-env-dump", r.Fix, StringComparison.Ordinal);
            Assert.Equal("audit.log:3", r.Source);
        }

        [Fact]
        public void A_call_an_invalid_role_regex_refused_replays_as_that_error()
        {
            // 2:P6 / P7: a broken regex is saved and fails every check that reaches it; checkAccessToTool refuses the call.
            var yaml = Yaml.Replace("mcp: {tools: [printEnv, get-env]}", "mcp: {tools: ['^(get|list.*$']}");
            var c = Cluster.FromYaml(yaml);
            var line = "{\"event\":\"mcp.session.request\",\"code\":\"TMCP003E\",\"user\":\"bob\",\"app_name\":\"everything\",\"success\":false," +
                       "\"error\":\"error parsing regexp: missing closing ): `^(get|list.*$`\",\"message\":{\"method\":\"tools/call\",\"id\":\"1\",\"params\":{\"name\":\"echo\"}}}";
            var ev = AuditEventReader.FromJson(TeleportMcp.Engine.Json.JsonParser.Parse(line, "audit.log"), "audit.log", 1);
            Assert.Equal(AuditOutcome.Denied, ev.Outcome);
            var r = AuditReplayer.Replay(new McpAccessEngine(c.Roles), ev, c.Users.Single(u => u.Name == "bob"), c.Apps.Single());
            Assert.Equal(ReplayVerdict.Consistent, r.Verdict);
            Assert.Equal(ReplayCause.RoleCheckError, r.Cause);
            Assert.Equal(AccessDecision.Error, r.Decision);
            Assert.DoesNotContain("passed Teleport's RBAC", r.Reason, StringComparison.Ordinal);
        }

        /// <summary>
        /// A tools/call refused because Teleport's access check itself failed (lib/srv/mcp/session.go checkAccessToTool:
        /// trace.NewAggregate(nil, err), the error's own text) holds no decision of the roles: the replay says what today's
        /// roles decide and never that the call "passed Teleport's RBAC". On a stdio app the side is known (NotRbac); on a
        /// streamable HTTP app the same text may be the upstream's transport error (http.go), so the verdict is Indeterminate.
        /// </summary>
        [Theory]
        [InlineData("bob", "printEnv", "mcp+stdio://", ReplayVerdict.NotRbac, "refuse")]
        [InlineData("carol", "read_file", "mcp+stdio://", ReplayVerdict.NotRbac, "allow")]
        [InlineData("bob", "printEnv", "mcp+https://mcp.example.com/mcp", ReplayVerdict.Indeterminate, "refuse")]
        [InlineData("carol", "read_file", "mcp+https://mcp.example.com/mcp", ReplayVerdict.Indeterminate, "allow")]
        public void A_call_a_failing_access_check_refused_replays_without_a_recorded_decision(string user, string tool, string appUri, ReplayVerdict verdict, string today)
        {
            var c = Cluster.FromYaml(Yaml);
            var line = "{\"event\":\"mcp.session.request\",\"code\":\"TMCP003E\",\"user\":\"" + user + "\",\"app_name\":\"everything\",\"app_uri\":\"" + appUri + "\"," +
                       "\"success\":false,\"error\":\"context canceled\",\"message\":{\"method\":\"tools/call\",\"id\":\"1\",\"params\":{\"name\":\"" + tool + "\"}}}";
            var ev = AuditEventReader.FromJson(TeleportMcp.Engine.Json.JsonParser.Parse(line, "audit.log"), "audit.log", 1);
            var r = AuditReplayer.Replay(new McpAccessEngine(c.Roles), ev, c.Users.Single(u => u.Name == user), c.Apps.Single());
            Assert.Equal(verdict, r.Verdict);
            Assert.Equal(ReplayCause.NotRbac, r.Cause);
            Assert.StartsWith(ev.OutcomeReason, r.Reason, StringComparison.Ordinal);
            Assert.Contains("Today's roles " + today + " it: ", r.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain("passed Teleport's RBAC", r.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void DeniedCallExplainedByAnEmptyTrait()
        {
            var r = Replay("alice", "search_files", AuditOutcome.Denied);
            Assert.Equal(ReplayVerdict.Consistent, r.Verdict);
            Assert.Equal(ReplayCause.EmptyTrait, r.Cause);
            Assert.Contains("trait mcp_tools", r.Reason, StringComparison.Ordinal);
            Assert.StartsWith("Set-TeleportMcpTools -User alice -Tools 'search_files' -Append", r.Fix, StringComparison.Ordinal);
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
            Assert.Contains("roles [access] then, [mcp-developer] in the export", r.Reason, StringComparison.Ordinal);
            Assert.Contains("certificate predates the change", r.Reason, StringComparison.Ordinal);
            Assert.Contains("tsh login", r.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void DisagreementWithOlderCertificateTraitsNamesTraitsChanged()
        {
            var yaml = Yaml.Replace("traits: {logins: [alice]}", "traits: {logins: [alice], mcp_tools: [search_files]}");
            var r = Replay("alice", "search_files", AuditOutcome.Denied, new[] { "access" }, new Dictionary<string, string[]> { ["logins"] = new[] { "alice" } }, yaml);
            Assert.Equal(ReplayVerdict.Disagreement, r.Verdict);
            Assert.Equal(ReplayCause.TraitsChanged, r.Cause);
            Assert.Contains("trait mcp_tools [] then, [search_files] in the export", r.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void DisagreementWithTheSameIdentityNamesARoleDefinitionChange()
        {
            // The event's identity equals the export's, yet today's roles allow: a role definition changed since.
            var yaml = Yaml.Replace("mcp: {tools: [printEnv, get-env]}", "mcp: {tools: [get-env]}");
            var r = Replay("bob", "printEnv", AuditOutcome.Denied, new[] { "access", "mcp-no-env-dump" }, new Dictionary<string, string[]> { ["mcp_tools"] = new[] { "*" } }, yaml);
            Assert.Equal(ReplayVerdict.Disagreement, r.Verdict);
            Assert.Equal(ReplayCause.RoleDefinitionsChanged, r.Cause);
            Assert.Contains("role.updated", r.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void DisagreementWithoutCertificateIdentityNamesBothCauses()
        {
            var yaml = Yaml.Replace("mcp: {tools: [printEnv, get-env]}", "mcp: {tools: [get-env]}");
            var r = Replay("bob", "printEnv", AuditOutcome.Denied, yaml: yaml);
            Assert.Equal(ReplayVerdict.Disagreement, r.Verdict);
            Assert.Equal(ReplayCause.RolesTraitsOrCertificate, r.Cause);
            Assert.Null(r.DecisionWithEventIdentity);
            Assert.Contains("certificate was older", r.Reason, StringComparison.Ordinal);
            Assert.Contains("tsh logout", r.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void AllowedThenDeniedNowIsADisagreementToo()
        {
            var r = Replay("bob", "printEnv", AuditOutcome.Success);
            Assert.Equal(ReplayVerdict.Disagreement, r.Verdict);
            Assert.Equal(ReplayCause.RolesTraitsOrCertificate, r.Cause);
            Assert.Contains("passed Teleport's RBAC", r.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void AFailureThatPassedRbacIsNotRbac()
        {
            var r = Replay("bob", "echo", AuditOutcome.Failed);
            Assert.Equal(ReplayVerdict.NotRbac, r.Verdict);
            Assert.Contains("HTTP 500", r.Reason, StringComparison.Ordinal);
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
            Assert.Contains("app nowhere is not in the cluster export", r.Reason, StringComparison.Ordinal);
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

        // lib/srv/mcp/session.go checkAccessToTool: each agent checks a call against the app it serves (its heartbeat, dynamic
        // labels' results included); lib/srv/mcp/audit.go makeServerMetadata: server_id (the agent's host_id) is on start and
        // end events only. Two agents serve "everything": agent-a's heartbeat says env=dev (carol's mcp-developer selects it),
        // agent-b's env=prod (no role of carol's selects it). A resource copy with env=prod is read first.
        private static string Heartbeat(string host, string env) =>
            "kind: app_server\nversion: v3\nmetadata:\n  name: everything\nspec:\n  hostname: " + host + "\n  host_id: id-" + host + "\n" +
            "  app:\n    kind: app\n    version: v3\n    metadata:\n      name: everything\n      labels: {env: " + env + "}\n" +
            "    spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}\n";

        private static AuditReplay ReplayWithAgents(string[] agents, AuditOutcome recorded, string session, params (AuditEventKind Kind, string Session, string Server)[] others)
        {
            string yaml = Yaml.Replace("metadata: {name: everything, labels: {env: dev}}", "metadata: {name: everything, labels: {env: prod}}") +
                          string.Concat(agents.Select(a => "---\n" + Heartbeat(a.Split('=')[0], a.Split('=')[1])));
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            var ev = new AuditEvent
            {
                Code = recorded == AuditOutcome.Success ? "TMCP003I" : "TMCP003E", Type = "mcp.session.request", Kind = AuditEventKind.Request, Outcome = recorded,
                Success = recorded == AuditOutcome.Success, Error = recorded == AuditOutcome.Denied ? "access to app denied. User does not have permissions. " : null,
                User = "carol", App = "everything", Method = "tools/call", Tool = "read_file", SessionId = session, Source = "audit.log", Line = 7,
            };
            var given = others.Select((o, i) => new AuditEvent { Kind = o.Kind, Type = "mcp.session.x", SessionId = o.Session, ServerId = o.Server, App = "everything", Source = "audit.log", Line = i + 1 })
                .Concat(new[] { ev }).ToList();
            return AuditReplayer.Replay(new McpAccessEngine(c.Roles), ev, c.Users.Single(u => u.Name == "carol"), c.Apps.Where(a => a.Name == "everything").ToList(), new SessionAgents(given));
        }

        [Theory]
        // The session's start (or end) event names the agent: its heartbeat's labels decide.
        [InlineData(new[] { "agent-a=dev", "agent-b=prod" }, AuditOutcome.Success, "id-agent-a", AuditEventKind.SessionStart, ReplayVerdict.Consistent, "agent-a")]
        [InlineData(new[] { "agent-a=dev", "agent-b=prod" }, AuditOutcome.Denied, "id-agent-b", AuditEventKind.SessionStart, ReplayVerdict.Consistent, "agent-b")]
        [InlineData(new[] { "agent-a=dev", "agent-b=prod" }, AuditOutcome.Denied, "id-agent-a", AuditEventKind.SessionEnd, ReplayVerdict.Disagreement, "agent-a")]
        // No event names the agent (or the one named has no heartbeat given), and the heartbeats decide otherwise: not decidable.
        [InlineData(new[] { "agent-a=dev", "agent-b=prod" }, AuditOutcome.Denied, null, AuditEventKind.SessionStart, ReplayVerdict.Indeterminate, null)]
        [InlineData(new[] { "agent-a=dev", "agent-b=prod" }, AuditOutcome.Denied, "id-agent-c", AuditEventKind.SessionStart, ReplayVerdict.Indeterminate, null)]
        // The heartbeats carry the same labels (or the same decision): the first heartbeat decides, not the resource read first.
        [InlineData(new[] { "agent-a=dev", "agent-b=dev" }, AuditOutcome.Success, null, AuditEventKind.SessionStart, ReplayVerdict.Consistent, "agent-a")]
        [InlineData(new[] { "agent-a=dev", "agent-b=staging" }, AuditOutcome.Success, null, AuditEventKind.SessionStart, ReplayVerdict.Consistent, "agent-a")]
        public void The_agent_that_served_the_session_decides_with_its_heartbeat(string[] agents, AuditOutcome recorded, string server, AuditEventKind named, ReplayVerdict verdict, string agent)
        {
            var r = server == null
                ? ReplayWithAgents(agents, recorded, "s1")
                : ReplayWithAgents(agents, recorded, "s1", (named, "s1", server), (AuditEventKind.SessionStart, "s2", "id-agent-b"));
            Assert.Equal(verdict, r.Verdict);
            Assert.Equal(agent, r.Agent);
            if (verdict == ReplayVerdict.Indeterminate)
            {
                Assert.Null(r.Decision);
                Assert.Contains("through agent-a (", r.Reason, StringComparison.Ordinal);
                Assert.Contains(") Allowed; through agent-b (", r.Reason, StringComparison.Ordinal);
                Assert.Contains(") AppNotAccessible", r.Reason, StringComparison.Ordinal);
                Assert.Contains(server == null ? "no start or end event of session s1 was read before it or given" : "agent id-agent-c, which served the session (server_id), has no heartbeat", r.Reason, StringComparison.Ordinal);
                Assert.Contains("the session's start event too (its server_id names the agent)", r.Fix, StringComparison.Ordinal);
            }
            else if (server != null) Assert.Contains("the agent that served session s1 (server_id " + server + ")", Assert.Single(r.Notes, n => n.Contains("server_id")), StringComparison.Ordinal);
        }

        [Fact]
        public void A_request_event_that_carries_server_id_names_its_agent_itself()
        {
            var start = new AuditEvent { Kind = AuditEventKind.SessionStart, SessionId = "s1", ServerId = "id-agent-a" };
            var request = new AuditEvent { Kind = AuditEventKind.Request, SessionId = "s1", ServerId = "id-agent-b", Source = "audit.log", Line = 9 };
            var agents = new SessionAgents(new[] { start, request });
            Assert.Equal("id-agent-b", agents.Of(request));
            Assert.Equal("id-agent-a", agents.Of(new AuditEvent { Kind = AuditEventKind.Request, SessionId = "s1" }));
            Assert.Null(agents.Of(new AuditEvent { Kind = AuditEventKind.Request, SessionId = "s2" }));
        }

        // A v9 role without the single allow_all rule is decided as v8 by App Services of v19 or later and refused by older
        // ones, which get a v8 copy with its allow selectors moved to deny (lib/auth MaybeDowngradeRoleVersionToV8, downgrade
        // property tests index id 57052340701; lib/appresource/app.go @8ed6a8e4 GovernsApp: MCP apps are not governed). The
        // replay takes the same gate as Test-TeleportMcpRole: the session's agent when an event names it, else every agent.
        [Theory]
        // agents (host=version), server_id named by a start event (null: none), recorded outcome, verdict, decision, text
        [InlineData("agent-a=19.1.0,agent-b=19.0.0-dev", null, AuditOutcome.Success, ReplayVerdict.Consistent, AccessDecision.Allowed, "runs v19 or later (agent-a 19.1.0, agent-b 19.0.0-dev")]
        [InlineData("agent-a=18.4.2,agent-b=18.0.0", null, AuditOutcome.Denied, ReplayVerdict.Consistent, AccessDecision.AppNotAccessible, "runs a release older than v19 (agent-a 18.4.2, agent-b 18.0.0")]
        [InlineData("agent-a=19.1.0,agent-b=18.4.2", "id-agent-b", AuditOutcome.Denied, ReplayVerdict.Consistent, AccessDecision.AppNotAccessible, "runs a release older than v19 (agent-b 18.4.2")]
        [InlineData("agent-a=19.1.0,agent-b=18.4.2", "id-agent-a", AuditOutcome.Success, ReplayVerdict.Consistent, AccessDecision.Allowed, "runs v19 or later (agent-a 19.1.0")]
        [InlineData("agent-a=19.1.0,agent-b=18.4.2", null, AuditOutcome.Success, ReplayVerdict.Indeterminate, AccessDecision.Indeterminate, "App Services older than v19 get a v8 copy")]
        // Agents with other labels (host=version=env), no server_id: each replay through one agent's labels takes that agent's
        // release, not every agent's (agent-a refuses by its v8 copy, agent-b's labels are not selected: both deny).
        [InlineData("agent-a=18.4.2=dev,agent-b=19.1.0=prod", null, AuditOutcome.Denied, ReplayVerdict.Consistent, AccessDecision.AppNotAccessible, "runs a release older than v19 (agent-a 18.4.2,")]
        public void A_v9_role_is_replayed_with_the_serving_agents_releases(string agents, string server, AuditOutcome recorded, ReplayVerdict verdict, AccessDecision? decision, string text)
        {
            string yaml = "kind: role\nversion: v9\nmetadata: {name: dev-v9}\nspec: {allow: {app_labels: {env: dev}, mcp: {tools: ['read_*']}}}\n---\n" +
                          "kind: user\nversion: v2\nmetadata: {name: dana}\nspec: {roles: [dev-v9]}\n" +
                          string.Concat(agents.Split(',').Select(a => a.Split('=')).Select(a =>
                              "---\nkind: app_server\nversion: v3\nmetadata: {name: everything}\nspec:\n  hostname: " + a[0] + "\n  host_id: id-" + a[0] + "\n  version: " + a[1] + "\n" +
                              "  app:\n    kind: app\n    version: v3\n    metadata: {name: everything, labels: {env: " + (a.Length > 2 ? a[2] : "dev") + "}}\n    spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}\n"));
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            var ev = new AuditEvent
            {
                Code = recorded == AuditOutcome.Success ? "TMCP003I" : "TMCP003E", Type = "mcp.session.request", Kind = AuditEventKind.Request, Outcome = recorded,
                Success = recorded == AuditOutcome.Success, Error = recorded == AuditOutcome.Denied ? "access to app denied. User does not have permissions. " : null,
                User = "dana", App = "everything", Method = "tools/call", Tool = "read_file", SessionId = "s1", Source = "audit.log", Line = 2,
            };
            var given = new List<AuditEvent>();
            if (server != null) given.Add(new AuditEvent { Kind = AuditEventKind.SessionStart, Type = "mcp.session.start", SessionId = "s1", ServerId = server, App = "everything", Source = "audit.log", Line = 1 });
            given.Add(ev);
            var r = AuditReplayer.Replay(new McpAccessEngine(c.Roles), ev, c.Users.Single(), c.Apps, new SessionAgents(given));
            Assert.Equal(verdict, r.Verdict);
            Assert.Equal(decision, r.Decision);
            Assert.Contains(text, r.Reason + " | " + string.Join(" | ", r.Notes), StringComparison.Ordinal);
        }

        /// <summary>
        /// A nameless tools/call refused with an error that is not the checker's: on stdio it holds no decision of the
        /// roles, and the reason names both refusals it can be (PR #66989's missing name, or a failed check). PR #66989 tests
        /// toolName == "", so "name":"" is such a call too.
        /// </summary>
        [Theory]
        [InlineData("{\"Name\":\"read_file\"}")]
        [InlineData("{\"name\":\"\"}")]
        public void A_nameless_call_refused_with_an_error_names_the_missing_name(string paramsJson)
        {
            var c = Cluster.FromYaml(Yaml);
            var line = "{\"event\":\"mcp.session.request\",\"code\":\"TMCP003E\",\"user\":\"carol\",\"app_name\":\"everything\",\"app_uri\":\"mcp+stdio://\"," +
                       "\"success\":false,\"error\":\"bad request\",\"message\":{\"method\":\"tools/call\",\"id\":\"int64:1\",\"params\":" + paramsJson + "}}";
            var ev = AuditEventReader.FromJson(TeleportMcp.Engine.Json.JsonParser.Parse(line, "audit.log"), "audit.log", 1);
            Assert.True(string.IsNullOrEmpty(ev.Tool));
            Assert.Contains("the request named no tool", ev.OutcomeReason, StringComparison.Ordinal);
            var r = AuditReplayer.Replay(new McpAccessEngine(c.Roles), ev, c.Users.Single(u => u.Name == "carol"), c.Apps.Single());
            Assert.Equal(ReplayVerdict.NotRbac, r.Verdict);
            Assert.StartsWith(ev.OutcomeReason, r.Reason, StringComparison.Ordinal);
        }

        /// <summary>
        /// A nameless tools/call against the serving agents' releases: PR #66989 (reject before the roles) reached v18 only
        /// through #68500, opened 2026-07-09 after 18.10.0 was out, so agents through 18.10.0 checked the name "" against the
        /// roles and their error on stdio is the access check's; later or unknown releases leave both open.
        /// </summary>
        [Theory]
        [InlineData("a=18.10.0", true)]
        [InlineData("a=18.9.2,b=v18.1.0", true)]
        [InlineData("a=18.10.0-rc.1", true)]
        [InlineData("a=18.10.1", false)]
        [InlineData("a=18.9.2,b=18.11.0", false)]
        [InlineData("a=19.0.0-prealpha.1", false)]
        [InlineData("a=18.9.2,b=", false)]
        [InlineData("a=nightly", false)]
        [InlineData("", false)]
        public void A_nameless_call_is_placed_by_the_agents_releases(string agents, bool withoutRejection)
        {
            string yaml = Yaml + (agents.Length == 0 ? "" : string.Concat(agents.Split(',').Select(a => a.Split('=')).Select(a =>
                "---\nkind: app_server\nversion: v3\nmetadata: {name: everything}\nspec:\n  hostname: " + a[0] + "\n  host_id: id-" + a[0] + "\n" +
                (a[1].Length == 0 ? "" : "  version: '" + a[1] + "'\n") +
                "  app:\n    kind: app\n    version: v3\n    metadata: {name: everything, labels: {env: dev}}\n    spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}\n")));
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            var served = c.Apps.Where(a => a.Origin == AppOrigin.AppServer).ToList();
            var app = served.Count > 0 ? served[0] : c.Apps.Single();
            foreach (var (code, error) in new[] { ("TMCP003E", "access to app denied. User does not have permissions. "), ("TMCP003E", "bad request") })
            {
                var line = "{\"event\":\"mcp.session.request\",\"code\":\"" + code + "\",\"user\":\"carol\",\"app_name\":\"everything\",\"app_uri\":\"mcp+stdio://\"," +
                           "\"success\":false,\"error\":\"" + error + "\",\"message\":{\"method\":\"tools/call\",\"id\":\"int64:1\",\"params\":{\"Name\":\"read_file\"}}}";
                var ev = AuditEventReader.FromJson(TeleportMcp.Engine.Json.JsonParser.Parse(line, "audit.log"), "audit.log", 1);
                var r = AuditReplayer.Replay(new McpAccessEngine(c.Roles), ev, c.Users.Single(u => u.Name == "carol"), app, served);
                var nameless = Assert.Single(r.Notes, x => x.StartsWith("The request's params carry no non-empty string \"name\"", StringComparison.Ordinal));
                if (withoutRejection)
                {
                    Assert.Contains("runs 18.10.0 or earlier, which checked the tool name \"\" against the roles", nameless, StringComparison.Ordinal);
                    Assert.Contains("(" + string.Join(", ", agents.Split(',').Select(a => a.Split('=')).Select(a => a[0] + " " + a[1])) + ", app_server spec.version)", nameless, StringComparison.Ordinal);
                }
                else Assert.Contains("agents through 18.10.0 checked the tool name \"\"; agents with Teleport PR #66989", nameless, StringComparison.Ordinal);
                // Refused with an error that is not the checker's: with no agent holding PR #66989, it is the failed check's.
                bool notRejection = r.Notes.Any(x => x.Contains("is not PR #66989's rejection", StringComparison.Ordinal));
                Assert.Equal(withoutRejection && error == "bad request", notRejection);
                Assert.Equal(error == "bad request" ? ReplayVerdict.NotRbac : ReplayVerdict.Consistent, r.Verdict);
            }
        }

        /// <summary>
        /// A call refused with PR #66989's own audited text ('invalid request: "name" parameter missing', lib/srv/mcp/session.go
        /// @2e72a89b) was refused before the roles on any transport: NotRbac, whatever the roles decide for the name "", and
        /// the fix is the client's request. Heartbeats that all show a release without the PR (through 18.10.0) do not describe
        /// the agent that wrote it, and the replay says so instead of calling the error the failed check's.
        /// </summary>
        [Theory]
        [InlineData("mcp+stdio://", "", false)]
        [InlineData("mcp+https://mcp.example.com/mcp", "", false)]
        [InlineData("mcp+stdio://", "18.11.0", false)]
        [InlineData("mcp+stdio://", "18.10.0", true)]
        public void A_call_refused_by_PR_66989_is_not_a_decision_of_the_roles(string uri, string version, bool heartbeatsContradict)
        {
            string yaml = Yaml + (version.Length == 0 ? "" :
                "---\nkind: app_server\nversion: v3\nmetadata: {name: everything}\nspec:\n  hostname: a\n  host_id: id-a\n  version: '" + version + "'\n" +
                "  app:\n    kind: app\n    version: v3\n    metadata: {name: everything, labels: {env: dev}}\n    spec: {uri: '" + uri + "', mcp: {command: npx, run_as_host_user: mcp}}\n");
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            var served = c.Apps.Where(a => a.Origin == AppOrigin.AppServer).ToList();
            var app = served.Count > 0 ? served[0] : c.Apps.Single();
            var line = "{\"event\":\"mcp.session.request\",\"code\":\"TMCP003E\",\"user\":\"carol\",\"app_name\":\"everything\",\"app_uri\":\"" + uri + "\"," +
                       "\"success\":false,\"error\":\"invalid request: \\\"name\\\" parameter missing\",\"message\":{\"method\":\"tools/call\",\"id\":\"int64:1\",\"params\":{\"arguments\":{}}}}";
            var ev = AuditEventReader.FromJson(TeleportMcp.Engine.Json.JsonParser.Parse(line, "audit.log"), "audit.log", 1);
            var r = AuditReplayer.Replay(new McpAccessEngine(c.Roles), ev, c.Users.Single(u => u.Name == "carol"), app, served);
            Assert.Equal(ReplayVerdict.NotRbac, r.Verdict);
            Assert.Equal(ReplayCause.NotRbac, r.Cause);
            Assert.Equal(AuditEventReader.NamelessRejectionReason + " Roles do not change this: such an agent refuses every call that names no tool.", r.Reason);
            Assert.StartsWith("The MCP client sent tools/call without a non-empty string params.name", r.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain(r.Notes, x => x.StartsWith("The request's params carry no non-empty string \"name\"", StringComparison.Ordinal));
            Assert.DoesNotContain(r.Notes, x => x.Contains("is not PR #66989's rejection", StringComparison.Ordinal));
            Assert.Equal(heartbeatsContradict, r.Notes.Any(x => x.StartsWith("The heartbeats given do not describe the agent that audited this event", StringComparison.Ordinal)));
        }

        /// <summary>
        /// Without the session's server_id, a heartbeat's labels stand for the agents that carry them, but any agent serving the
        /// app may have audited the call: a release bound on the nameless call holds only when it holds for every one of them.
        /// agent-a (env=dev) and agent-b (env=staging) decide carol's call alike (mcp-developer selects both).
        /// </summary>
        [Theory]
        [InlineData("18.9.2", "18.11.0", null, false)]
        [InlineData("18.9.2", "", null, false)]
        [InlineData("18.9.2", "18.10.0", null, true)]
        [InlineData("18.9.2", "18.11.0", "id-agent-a", true)]
        [InlineData("18.11.0", "18.9.2", "id-agent-b", true)]
        public void A_nameless_call_is_placed_by_every_agent_that_may_have_served_it(string a, string b, string server, bool withoutRejection)
        {
            string Agent(string host, string env, string version) =>
                "---\nkind: app_server\nversion: v3\nmetadata: {name: everything}\nspec:\n  hostname: " + host + "\n  host_id: id-" + host + "\n" +
                (version.Length == 0 ? "" : "  version: '" + version + "'\n") +
                "  app:\n    kind: app\n    version: v3\n    metadata: {name: everything, labels: {env: " + env + "}}\n    spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}\n";
            var c = Cluster.FromYaml(Yaml + Agent("agent-a", "dev", a) + Agent("agent-b", "staging", b));
            Assert.Empty(c.Problems);
            var line = "{\"event\":\"mcp.session.request\",\"code\":\"TMCP003E\",\"user\":\"carol\",\"app_name\":\"everything\",\"app_uri\":\"mcp+stdio://\",\"sid\":\"s1\"," +
                       "\"success\":false,\"error\":\"bad request\",\"message\":{\"method\":\"tools/call\",\"id\":\"int64:1\",\"params\":{\"Name\":\"read_file\"}}}";
            var ev = AuditEventReader.FromJson(TeleportMcp.Engine.Json.JsonParser.Parse(line, "audit.log"), "audit.log", 2);
            var given = new List<AuditEvent>();
            if (server != null) given.Add(new AuditEvent { Kind = AuditEventKind.SessionStart, Type = "mcp.session.start", SessionId = "s1", ServerId = server, App = "everything", Source = "audit.log", Line = 1 });
            given.Add(ev);
            var r = AuditReplayer.Replay(new McpAccessEngine(c.Roles), ev, c.Users.Single(u => u.Name == "carol"), c.Apps.Where(x => x.Name == "everything").ToList(), new SessionAgents(given));
            Assert.Equal(ReplayVerdict.NotRbac, r.Verdict);
            var nameless = Assert.Single(r.Notes, x => x.StartsWith("The request's params carry no non-empty string \"name\"", StringComparison.Ordinal));
            Assert.Equal(withoutRejection, nameless.Contains("runs 18.10.0 or earlier", StringComparison.Ordinal));
            Assert.Equal(withoutRejection, r.Notes.Any(x => x.Contains("is not PR #66989's rejection", StringComparison.Ordinal)));
            if (withoutRejection && server == null) Assert.Contains("(agent-a 18.9.2, agent-b 18.10.0, app_server spec.version)", nameless, StringComparison.Ordinal);
        }

        /// <summary>
        /// Which tool Teleport decided on: params["name"] as a JSON string, the key spelled exactly so (mcputils
        /// JSONRPCParams.GetName); with none, the name "" (session.go processClientRequest: methodName, _ := GetName()).
        /// Newer agents drop "Name"/"NAME" before auditing (sanitize.go @2e72a89b); session_test.go @017843f1
        /// Test_sessionHandler "deny %q tool while allowed tool %q is passed with a non-canonical name param".
        /// </summary>
        [Theory]
        [InlineData("carol", "{\"name\":\"write_file\",\"Name\":\"read_file\",\"NAME\":\"read_file\"}", "TMCP003E", "write_file", ReplayVerdict.Consistent, AccessDecision.NotGranted)]
        [InlineData("carol", "{\"Name\":\"read_file\"}", "TMCP003E", null, ReplayVerdict.Consistent, AccessDecision.NotGranted)]
        [InlineData("carol", "{\"name\":\"\"}", "TMCP003E", "", ReplayVerdict.Consistent, AccessDecision.NotGranted)]
        [InlineData("carol", null, "TMCP003E", null, ReplayVerdict.Consistent, AccessDecision.NotGranted)]
        [InlineData("carol", "{\"name\":5}", "TMCP003E", null, ReplayVerdict.Consistent, AccessDecision.NotGranted)]
        [InlineData("carol", "{\"name\":[\"read_file\"]}", "TMCP003E", null, ReplayVerdict.Consistent, AccessDecision.NotGranted)]
        [InlineData("bob", "{\"Name\":\"printEnv\"}", "TMCP003I", null, ReplayVerdict.Consistent, AccessDecision.Allowed)]
        [InlineData("dave", "{\"name\":5}", "TMCP003E", null, ReplayVerdict.Consistent, AccessDecision.NotGranted)]
        [InlineData("dave", "{\"name\":\"5\"}", "TMCP003I", "5", ReplayVerdict.Consistent, AccessDecision.Allowed)]
        [InlineData("carol", "{\"name\":null}", "TMCP003E", null, ReplayVerdict.Consistent, AccessDecision.NotGranted)]
        [InlineData("carol", "{\"n\\u0061me\":\"read_file\"}", "TMCP003I", "read_file", ReplayVerdict.Consistent, AccessDecision.Allowed)]
        [InlineData("carol", "{\"name\":\"write_file\",\"name\":\"read_file\"}", "TMCP003I", "read_file", ReplayVerdict.Consistent, AccessDecision.Allowed)]
        [InlineData("carol", "{\"arguments\":{\"name\":\"read_file\"}}", "TMCP003E", null, ReplayVerdict.Consistent, AccessDecision.NotGranted)]
        public void A_call_is_replayed_with_the_name_Teleport_read(string user, string paramsJson, string code, string tool, ReplayVerdict verdict, AccessDecision decision)
        {
            var yaml = Yaml + @"---
kind: role
version: v8
metadata: {name: numbered}
spec:
  allow:
    app_labels: {env: dev}
    mcp: {tools: ['^[0-9]+$']}
---
kind: user
version: v2
metadata: {name: dave}
spec:
  roles: [numbered]
";
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            bool ok = code.EndsWith("I", StringComparison.Ordinal);
            var line = "{\"event\":\"mcp.session.request\",\"code\":\"" + code + "\",\"user\":\"" + user + "\",\"app_name\":\"everything\",\"app_uri\":\"mcp+stdio://\"," +
                       "\"success\":" + (ok ? "true" : "false,\"error\":\"access to app denied. User does not have permissions. \"") +
                       ",\"message\":{\"method\":\"tools/call\",\"id\":\"int64:1\"" + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}}";
            var ev = AuditEventReader.FromJson(TeleportMcp.Engine.Json.JsonParser.Parse(line, "audit.log"), "audit.log", 1);
            Assert.Equal(tool, ev.Tool);
            var r = AuditReplayer.Replay(new McpAccessEngine(c.Roles), ev, c.Users.Single(u => u.Name == user), c.Apps.Single());
            Assert.Equal(verdict, r.Verdict);
            Assert.Equal(decision, r.Decision);
            // "name":"" is refused by PR #66989 as a missing name is (toolName == ""), so it gets the same note and fix.
            if (string.IsNullOrEmpty(tool))
            {
                Assert.Contains(r.Notes, n => n.Contains("checked the tool name \"\"", StringComparison.Ordinal));
                if (!ok) Assert.Contains("without a non-empty string params.name", r.Fix, StringComparison.Ordinal);
            }
            else Assert.DoesNotContain(r.Notes, n => n.Contains("checked the tool name \"\"", StringComparison.Ordinal));
        }

        /// <summary>
        /// Agents before 18.6.6 read JSON-RPC keys with Go's encoding/json, ignoring case (case-sensitive reading came with PR
        /// #63364, v18 CHANGELOG 18.6.6): an "ID" key made the message a request, checked. So a notification they audited had
        /// no id in any case and the server got none: not a call. From 18.6.6 the possible bypass stays (sanitize.go's v18
        /// release is not known); an agent without a readable release leaves it open too.
        /// </summary>
        [Theory]
        [InlineData("a=18.6.5", ReplayVerdict.NotReplayable, "Every agent able to serve everything (a 18.6.5, app_server spec.version) runs a release before 18.6.6")]
        [InlineData("a=18.3.1-dev.1,b=v18.3.0", ReplayVerdict.NotReplayable, "(a 18.3.1-dev.1, b v18.3.0, app_server spec.version)")]
        [InlineData("a=18.2.1", ReplayVerdict.Indeterminate, "no release through 18.10.0 holds; its first release, 18.10.1 or later")]
        [InlineData("a=18.6.5,b=v18.1.0", ReplayVerdict.NotReplayable, "Every agent able to serve everything (a 18.6.5, app_server spec.version)")]
        [InlineData("a=18.7.0,b=18.1.0", ReplayVerdict.Indeterminate, "no release through 18.10.0 holds; its first release, 18.10.1 or later")]
        [InlineData("a=18.6.6", ReplayVerdict.Indeterminate, "no release through 18.10.0 holds; its first release, 18.10.1 or later")]
        [InlineData("a=18.6.5,b=18.7.0", ReplayVerdict.Indeterminate, "no release through 18.10.0 holds; its first release, 18.10.1 or later")]
        [InlineData("a=19.1.0", ReplayVerdict.Indeterminate, "no release through 18.10.0 holds; its first release, 18.10.1 or later")]
        [InlineData("a=18.6.5,b=", ReplayVerdict.Indeterminate, "no release through 18.10.0 holds; its first release, 18.10.1 or later")]
        [InlineData("a=nightly", ReplayVerdict.Indeterminate, "no release through 18.10.0 holds; its first release, 18.10.1 or later")]
        public void A_notification_from_agents_that_read_keys_ignoring_case_is_not_a_call(string agents, ReplayVerdict verdict, string text)
        {
            string yaml = "kind: role\nversion: v8\nmetadata: {name: dev}\nspec: {allow: {app_labels: {env: dev}, mcp: {tools: ['read_*']}}}\n---\n" +
                          "kind: user\nversion: v2\nmetadata: {name: dana}\nspec: {roles: [dev]}\n" +
                          string.Concat(agents.Split(',').Select(a => a.Split('=')).Select(a =>
                              "---\nkind: app_server\nversion: v3\nmetadata: {name: everything}\nspec:\n  hostname: " + a[0] + "\n  host_id: id-" + a[0] + "\n" +
                              (a[1].Length == 0 ? "" : "  version: '" + a[1] + "'\n") +
                              "  app:\n    kind: app\n    version: v3\n    metadata: {name: everything, labels: {env: dev}}\n    spec: {uri: 'mcp+http://localhost:3000/mcp'}\n"));
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            var line = "{\"event\":\"mcp.session.notification\",\"code\":\"TMCP004I\",\"user\":\"dana\",\"app_name\":\"everything\",\"app_uri\":\"mcp+http://localhost:3000/mcp\"" +
                       ",\"success\":true,\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"write_file\"}}}";
            var ev = AuditEventReader.FromJson(TeleportMcp.Engine.Json.JsonParser.Parse(line, "audit.log"), "audit.log", 1);
            var served = c.Apps.Where(a => a.Origin == AppOrigin.AppServer).ToList();
            Assert.Equal(agents.Split(',').Length, served.Count);
            var r = AuditReplayer.Replay(new McpAccessEngine(c.Roles), ev, c.Users.Single(), served[0], served);
            Assert.Equal(verdict, r.Verdict);
            Assert.Contains(text, verdict == ReplayVerdict.Indeterminate ? r.Fix : r.Reason, StringComparison.Ordinal);
            Assert.Equal(verdict == ReplayVerdict.Indeterminate ? ReplayCause.UncheckedCall : ReplayCause.None, r.Cause);
            if (verdict == ReplayVerdict.NotReplayable) Assert.Null(r.Fix);
            // An agent below 18.3.0 serves no mcp+http app: the event came from an agent whose heartbeat was not given.
            var tooOld = agents.Split(',').Select(a => ServingAgent.ParseRelease(a.Split('=')[1])).Any(v => v != null && v < new Version(18, 3, 0));
            Assert.Equal(tooOld, (r.Notes ?? Array.Empty<string>()).Any(n => n.Contains("cannot serve a remote MCP server (18.3.0 or later, PR #61051)", StringComparison.Ordinal)));
            // Only when no given agent can serve it is the auditing agent missing from the heartbeats.
            var allTooOld = agents.Split(',').Select(a => ServingAgent.ParseRelease(a.Split('=')[1])).All(v => v != null && v < new Version(18, 3, 0));
            Assert.Equal(allTooOld, (r.Notes ?? Array.Empty<string>()).Any(n => n.Contains("not among the heartbeats given", StringComparison.Ordinal)));
        }

        /// <summary>
        /// A tools/call Teleport audited as a notification (no key spelled "id") was not checked. On streamable HTTP an agent
        /// that reads keys case-sensitively (mcputils BaseJSONRPCMessage.UnmarshalJSON, jsoniter CaseSensitive) but predates
        /// sanitize.go forwarded the body unchanged, so an "ID" key let a case-insensitive server run it (sanitize.go @2e72a89b,
        /// case 4): Indeterminate, naming the possible bypass and the upgrade. Stdio and SSE agents write the notification
        /// again without an id: not a call.
        /// </summary>
        [Theory]
        [InlineData("carol", "mcp+http://localhost:3000/mcp", "write_file", ReplayVerdict.Indeterminate, ReplayCause.UncheckedCall, AccessDecision.NotGranted, "Today's roles refuse write_file to carol")]
        [InlineData("bob", "mcp+http://localhost:3000/mcp", "printEnv", ReplayVerdict.Indeterminate, ReplayCause.UncheckedCall, AccessDecision.Denied, "Today's roles refuse printEnv to bob")]
        [InlineData("carol", "mcp+http://localhost:3000/mcp", "read_file", ReplayVerdict.Indeterminate, ReplayCause.UncheckedCall, AccessDecision.Allowed, null)]
        [InlineData("carol", null, "write_file", ReplayVerdict.Indeterminate, ReplayCause.UncheckedCall, AccessDecision.NotGranted, "the transport is not known")]
        [InlineData("carol", "mcp+stdio://", "write_file", ReplayVerdict.NotReplayable, ReplayCause.None, null, "without an id")]
        [InlineData("carol", "mcp+sse+http://localhost:3000/sse", "write_file", ReplayVerdict.NotReplayable, ReplayCause.None, null, "without an id")]
        public void A_tools_call_audited_as_a_notification_is_flagged(string user, string appUri, string tool, ReplayVerdict verdict, ReplayCause cause, AccessDecision? decision, string text)
        {
            var c = Cluster.FromYaml(Yaml);
            var line = "{\"event\":\"mcp.session.notification\",\"code\":\"TMCP004I\",\"user\":\"" + user + "\",\"app_name\":\"everything\"" +
                       (appUri == null ? "" : ",\"app_uri\":\"" + appUri + "\"") + ",\"success\":true,\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\"}}}";
            var ev = AuditEventReader.FromJson(TeleportMcp.Engine.Json.JsonParser.Parse(line, "audit.log"), "audit.log", 1);
            Assert.Equal(AuditEventKind.Notification, ev.Kind);
            var r = AuditReplayer.Replay(new McpAccessEngine(c.Roles), ev, c.Users.Single(u => u.Name == user), c.Apps.Single());
            Assert.Equal(verdict, r.Verdict);
            Assert.Equal(cause, r.Cause);
            Assert.Equal(decision, r.Decision);
            if (text != null) Assert.Contains(text, r.Reason + " | " + string.Join(" | ", r.Notes), StringComparison.Ordinal);
            if (verdict == ReplayVerdict.Indeterminate)
            {
                Assert.Contains("sanitize.go", r.Reason, StringComparison.Ordinal);
                Assert.StartsWith("Upgrade the Teleport agent serving everything", r.Fix, StringComparison.Ordinal);
                if (text == null) Assert.Empty(r.Notes);
            }
            else Assert.Null(r.Fix);
        }
    }
}
