using System;
using System.Globalization;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp
{
    /// <summary>How the recorded outcome compares with the replayed decision.</summary>
    public enum ReplayVerdict
    {
        /// <summary>The roles decide today as the event says Teleport decided then; Reason explains it.</summary>
        Consistent,
        /// <summary>The event and today's roles disagree; Cause names the likely reason.</summary>
        Disagreement,
        /// <summary>The request passed RBAC and failed for another reason (the event's error).</summary>
        NotRbac,
        /// <summary>Cannot be replayed offline (missing user or app, or a check the module cannot decide); Reason says why.</summary>
        Indeterminate,
        /// <summary>Not a tools/call: Teleport's per-tool RBAC does not apply to it.</summary>
        NotReplayable,
    }

    public enum ReplayCause
    {
        None,
        /// <summary>A role's deny.mcp.tools entry matches the tool (T2).</summary>
        DenyEntry,
        /// <summary>No role that selects the app lists the tool (T3/T4).</summary>
        NotGranted,
        /// <summary>The granting entry needs a trait that was missing or empty, so Teleport dropped it (I8).</summary>
        EmptyTrait,
        /// <summary>No role selects the app, or a deny label selects it (T7).</summary>
        AppNotAccessible,
        /// <summary>Teleport fails the check with an error (an invalid regex in a role, P6).</summary>
        RoleCheckError,
        /// <summary>The certificate's roles at the time differ from the user's roles in the export.</summary>
        RolesChanged,
        /// <summary>The certificate's traits at the time differ from the user's traits in the export.</summary>
        TraitsChanged,
        /// <summary>With the certificate's own roles and traits, today's role definitions decide otherwise.</summary>
        RoleDefinitionsChanged,
        /// <summary>The event carries no roles or traits: roles, traits or role definitions changed, or the certificate was older.</summary>
        RolesTraitsOrCertificate,
        /// <summary>The request failed for a reason other than RBAC.</summary>
        NotRbac,
        /// <summary>A tools/call audited as a notification: no role was checked, and a server that reads keys ignoring case may have run it.</summary>
        UncheckedCall,
    }

    /// <summary>An audit event's RBAC outcome replayed against a cluster export. Type name TeleportMcp.AuditReplay.</summary>
    public sealed class AuditReplay
    {
        public DateTime? Time { get; set; }
        public string? User { get; set; }
        public string? App { get; set; }
        public string? Tool { get; set; }
        public string? Code { get; set; }
        /// <summary>What the event recorded.</summary>
        public AuditOutcome Recorded { get; set; }
        /// <summary>Today's decision for the user as exported (null when the user is not in the export).</summary>
        public AccessDecision? Decision { get; set; }
        /// <summary>Today's role definitions applied to the roles and traits the certificate carried then (when the event has them).</summary>
        public AccessDecision? DecisionWithEventIdentity { get; set; }
        public ReplayVerdict Verdict { get; set; }
        public ReplayCause Cause { get; set; }
        /// <summary>Why, in sentences an administrator can act on.</summary>
        public string? Reason { get; set; }
        public string? Fix { get; set; }
        /// <summary>The role entries that deny (role field 'entry').</summary>
        public string[]? DeniedBy { get; set; }
        public string[]? AllowedBy { get; set; }
        /// <summary>Entries Teleport dropped during trait interpolation, with why.</summary>
        public string[]? DroppedEntries { get; set; }
        public string[]? Notes { get; set; }
        public string? SessionId { get; set; }
        /// <summary>
        /// The agent whose copy of the app (its heartbeat's labels) the call was replayed with: the one that served the session
        /// when a start or end event names it (server_id), else the first heartbeat given; null for an app without heartbeats.
        /// </summary>
        public string? Agent { get; set; }
        /// <summary>Where the event was read (file:line).</summary>
        public string? Source { get; set; }

        public override string ToString() => User + " " + App + " " + Tool + ": " + Verdict + (Cause != ReplayCause.None ? " (" + Cause + ")" : "");
    }
}

namespace TeleportMcp.Engine.Audit
{
    /// <summary>
    /// Replays Teleport's tools/call decision (lib/services/role.go MCPToolMatcher via lib/srv/mcp/session.go) for the
    /// user, app and tool of an audit event, with today's roles, and compares it with what the event recorded.
    /// </summary>
    public static class AuditReplayer
    {
        private static readonly StringComparer Ord = StringComparer.Ordinal;

        /// <param name="user">The user as exported, or null when the export lacks it.</param>
        /// <param name="app">The app as exported, or null when the export lacks it.</param>
        /// <param name="servers">The app_server heartbeats of the agents that may have decided the call: their releases decide what a v9 role does there.</param>
        public static AuditReplay Replay(McpAccessEngine engine, AuditEvent ev, User? user, App? app, IReadOnlyList<App>? servers = null) =>
            Replay(engine, ev, user, app, servers, servers);

        /// <param name="auditors">The heartbeats of every agent that may have audited the event, which a release bound on the event
        /// (PR #66989, sanitize.go) must hold for; <paramref name="servers"/> are those whose labels the decision used.</param>
        private static AuditReplay Replay(McpAccessEngine engine, AuditEvent ev, User? user, App? app, IReadOnlyList<App>? servers, IReadOnlyList<App>? auditors)
        {
            var r = new AuditReplay
            {
                Time = ev.Time, User = ev.User, App = ev.App, Tool = ev.Tool, Code = ev.Code, Recorded = ev.Outcome, SessionId = ev.SessionId,
                Source = ev.Source + (ev.Line > 0 ? ":" + ev.Line : ""),
                DeniedBy = Array.Empty<string>(), AllowedBy = Array.Empty<string>(), DroppedEntries = Array.Empty<string>(), Notes = Array.Empty<string>(),
            };
            if (ev.Kind == AuditEventKind.Notification && ev.Method == "tools/call")
                return UncheckedCall(r, engine, ev, user, app, servers, auditors);
            if (ev.Kind != AuditEventKind.Request || ev.Method != "tools/call")
            {
                r.Verdict = ReplayVerdict.NotReplayable;
                r.Reason = "This is " + (ev.Method != null ? "a " + ev.Method + " " : "an ") + ev.Type + " event: Teleport's per-tool RBAC decides tools/call requests only" +
                           (ev.IsFailure && ev.Error != null ? "; it failed with: " + ev.Error : "") + ".";
                if (ev.IsFailure) { r.Cause = ev.Outcome == AuditOutcome.Denied ? ReplayCause.None : ReplayCause.NotRbac; }
                return r;
            }
            if (app == null)
                return Indeterminate(r, "app " + ev.App + " is not in the cluster export, so its labels are unknown; add the app or app_server resources (tctl get apps,app_servers).");
            if (user == null && ev.UserRoles == null)
                return Indeterminate(r, "user " + ev.User + " is not in the cluster export and the event does not carry the certificate's roles; add the user (tctl get users).");

            // A call without a string "name" is still checked, on the name "" (lib/srv/mcp/session.go processClientRequest:
            // methodName, _ := req.Params.GetName(), in every stored version after the prototype).
            string tool = ev.Tool ?? "";
            ToolAccess? now = null, then = null;
            if (user != null) now = Decide(engine, user, app, tool, servers);
            User? eventUser = null;
            if (ev.UserRoles != null)
            {
                eventUser = new User { Name = ev.User, Roles = ev.UserRoles.ToList() };
                if (ev.RealUserTraits != null)
                    foreach (var kv in ev.RealUserTraits) eventUser.SetTrait(kv.Key, kv.Value.ToList());
                else if (user != null)
                    foreach (var name in user.TraitOrder) eventUser.SetTrait(name, user.TraitMap[name].ToList());
                then = Decide(engine, eventUser, app, tool, servers);
            }
            r.Decision = now?.Decision;
            r.DecisionWithEventIdentity = then?.Decision;
            var primary = (now ?? then)!; // the user or the event's roles is there (checked above), so one of them was decided
            if (primary.Decision == AccessDecision.Indeterminate)
                return Indeterminate(r, primary.Reason);

            bool recordedDenied = ev.Outcome == AuditOutcome.Denied;
            bool deniesNow = Denies(primary);
            var notes = new List<string>();
            // PR #66989 tests toolName == "", which a "name":"" call meets as well as a call without a string name.
            bool nameless = StringChecks.IsNullOrEmpty(ev.Tool);
            var withoutRejection = nameless ? AgentsWithoutNamelessRejection(auditors) : null;
            if (nameless && !ev.NamelessRejected) notes.Add(NamelessNote(ev, withoutRejection));
            if (now == null) notes.Add("User " + ev.User + " is not in the export: replayed with the roles and traits the event carries.");
            if (ev.UserRoles != null && ev.UserTraits == null && user != null) notes.Add("The event has user_roles but no user_traits: the export's traits were used with the certificate's roles.");

            if (recordedDenied && deniesNow)
            {
                // Explain with what Teleport saw (the certificate's identity) when the event has it and it denies too.
                var explain = then != null && Denies(then) ? then : primary;
                r.Verdict = ReplayVerdict.Consistent;
                Explain(r, explain, ev);
                if (then != null && now != null && then.Decision != now.Decision)
                    notes.Add("With the user as exported the decision is " + now.Decision + ": " + now.Reason);
            }
            else if (recordedDenied)
            {
                r.Verdict = ReplayVerdict.Disagreement;
                Fill(r, primary);
                Disagree(r, ev, user, now, then, eventUser);
            }
            else if (ev.NoRbacDecision)
            {
                // The event holds no decision of the roles (the check failed, or may have): only today's can be told.
                Fill(r, primary);
                r.Verdict = ev.RbacDecisionUnknown ? ReplayVerdict.Indeterminate : ReplayVerdict.NotRbac;
                r.Cause = ReplayCause.NotRbac;
                // An agent with PR #66989 refuses every such call before the roles: what they decide for the name "" plays no part.
                r.Reason = ev.NamelessRejected ? ev.OutcomeReason + " Roles do not change this: such an agent refuses every call that names no tool."
                         : ev.OutcomeReason + " Today's roles " + (deniesNow ? "refuse" : "allow") + " it: " + primary.Reason;
                if (ev.NamelessRejected)
                    r.Fix = NamelessFix;
                if (withoutRejection != null && ev.NamelessRejected)
                    notes.Add("The heartbeats given do not describe the agent that audited this event: the error is PR #66989's rejection, which no agent serving " + ev.App +
                              " has now (" + McpAccessEngine.AgentList(withoutRejection) + ", app_server spec.version); an agent was upgraded and then rolled back since, or served the app without a heartbeat here.");
                else if (withoutRejection != null && !ev.RbacDecisionUnknown)
                    notes.Add("So this error is not PR #66989's rejection of a nameless call: no agent serving " + ev.App + " has that PR; the access check itself failed.");
            }
            else if (deniesNow)
            {
                // The call passed RBAC then; today's roles refuse it.
                r.Verdict = ReplayVerdict.Disagreement;
                Explain(r, primary, ev);
                string why = then != null && !Denies(then)
                    ? "with the roles and traits " + ev.User + "'s certificate carried then, today's role definitions still allow it, so " + ev.User + "'s roles or traits changed since (the event has roles " + List(ev.UserRoles) + ")"
                    : then != null ? "today's role definitions deny even the identity the certificate carried then, so a role definition changed since"
                    : "roles, traits or role definitions changed since, or the certificate in use then was older and carried broader roles";
                r.Cause = then != null && !Denies(then) ? (SameRoles(ev.UserRoles, user) ? ReplayCause.TraitsChanged : ReplayCause.RolesChanged)
                        : then != null ? ReplayCause.RoleDefinitionsChanged : ReplayCause.RolesTraitsOrCertificate;
                r.Reason = "The event shows the call passed Teleport's RBAC" + (ev.IsFailure ? " (it failed later: " + ev.Error + ")" : "") + ", but today's roles refuse it: " + primary.Reason + " Likely cause: " + why + ".";
            }
            else
            {
                Fill(r, primary);
                if (ev.IsFailure)
                {
                    r.Verdict = ReplayVerdict.NotRbac;
                    r.Cause = ReplayCause.NotRbac;
                    r.Reason = "Teleport's RBAC allows the call (" + primary.Reason + ") It failed for another reason: " + (ev.Error ?? ev.Code) + ".";
                }
                else
                {
                    r.Verdict = ReplayVerdict.Consistent;
                    r.Reason = "Allowed then and now: " + primary.Reason;
                }
            }
            r.Notes = r.Notes.Concat(notes).ToArray();
            return r;
        }

        /// <summary>
        /// Replays with the copy of the app the deciding agent holds. Each agent checks a call against its own heartbeat's labels
        /// (lib/srv/mcp/session.go checkAccessToTool), so the session's agent decides (server_id, <see cref="SessionAgents"/>);
        /// when it is not known and the heartbeats' labels decide the call otherwise, the replay is Indeterminate.
        /// </summary>
        /// <param name="copies">Every copy of the event's app given (resources, teleport.yaml entries, heartbeats).</param>
        public static AuditReplay Replay(McpAccessEngine engine, AuditEvent ev, User? user, IReadOnlyList<App> copies, SessionAgents agents)
        {
            if (copies == null) throw new ArgumentNullException(nameof(copies));
            if (agents == null) throw new ArgumentNullException(nameof(agents));
            var served = copies.Where(a => a.Origin == AppOrigin.AppServer && a.IsMcp).ToList();
            // The agents whose releases decide a v9 role (McpAccessEngine.RoleV9Gate): the session's own agent when known, else
            // every agent serving the app, as Test-TeleportMcpRole takes them.
            var heartbeats = new ServingHeartbeats(copies).Of(ev.App);
            // Without heartbeats, the MCP definition is the one a decision used (an app name may also be a web app's).
            if (served.Count == 0) return Replay(engine, ev, user, copies.OrderByDescending(a => a.IsMcp).FirstOrDefault(), heartbeats);
            var agent = agents.Of(ev);
            var mine = agent == null ? null : served.FirstOrDefault(a => string.Equals(a.ServerHostId, agent, StringComparison.Ordinal));
            if (mine != null)
            {
                var r = Replay(engine, ev, user, mine, new[] { mine });
                r.Agent = AppDefinitions.AgentOf(mine);
                r.Notes = r.Notes!.Concat(new[] { "Replayed with the labels of the heartbeat of " + r.Agent + ", the agent that served session " + ev.SessionId + " (server_id " + agent + ")." }).ToArray();
                return r;
            }
            // A replay through one heartbeat's labels is what the agents carrying those labels decide, each by its own release.
            var byLabels = served.ToLookup(ClusterInput.LabelText, StringComparer.Ordinal);
            IReadOnlyList<App> Carrying(App o) => byLabels[ClusterInput.LabelText(o)].ToList();
            var first = served[0];
            // Any agent serving the app may have audited the event, whatever labels it carries.
            var replay = Replay(engine, ev, user, first, Carrying(first), served);
            replay.Agent = AppDefinitions.AgentOf(first);
            string unknownAgent = agent == null
                ? "the event does not name the agent that served it, and no start or end event of session " + (ev.SessionId ?? "(none)") + " was read before it or given (they carry server_id)"
                : "agent " + agent + ", which served the session (server_id), has no heartbeat among the app_servers given (tctl get app_servers)";
            string own = ClusterInput.LabelText(first);
            var others = served.GroupBy(ClusterInput.LabelText, StringComparer.Ordinal).Where(g => g.Key != own).Select(g => g.First())
                .Select(o => (App: o, Replay: Replay(engine, ev, user, o, Carrying(o), served))).ToList();
            if (others.Count == 0)
            {
                if (agent != null) replay.Notes = replay.Notes!.Concat(new[] { "Replayed with the heartbeat of " + replay.Agent + ": " + unknownAgent + "; every heartbeat given carries the same labels." }).ToArray();
                return replay;
            }
            string Outcome(AuditReplay x) => x.Decision?.ToString() ?? x.DecisionWithEventIdentity?.ToString() ?? x.Verdict.ToString();
            if (others.All(o => o.Replay.Verdict == replay.Verdict && Outcome(o.Replay) == Outcome(replay)))
            {
                replay.Notes = replay.Notes!.Concat(new[] { "The heartbeats of " + ev.App + " carry different labels, and each decides this call the same (" + Outcome(replay) + "): replayed with " + replay.Agent + "'s." }).ToArray();
                return replay;
            }
            var undecided = new AuditReplay
            {
                Time = replay.Time, User = replay.User, App = replay.App, Tool = replay.Tool, Code = replay.Code, Recorded = replay.Recorded, SessionId = replay.SessionId, Source = replay.Source,
                DeniedBy = Array.Empty<string>(), AllowedBy = Array.Empty<string>(), DroppedEntries = Array.Empty<string>(), Notes = Array.Empty<string>(),
                Fix = "Read the audit log file that holds the session's start event too (its server_id names the agent), or pipe that event in; give every agent's heartbeat (tctl get app_servers).",
            };
            string Through(App a, AuditReplay x) => "through " + (AppDefinitions.AgentOf(a) ?? "an agent") + " (" + (a.Source ?? SourceLocation.Pipeline) + ") " + Outcome(x);
            return Indeterminate(undecided, "The agents that serve app " + ev.App + " carry different labels and decide this call otherwise: " +
                ListText.Join("; ", new[] { Through(first, replay) }.Concat(others.Select(o => Through(o.App, o.Replay)))) + ". Each agent decides with its own labels, and " + unknownAgent + ".");
        }

        private static ToolAccess Decide(McpAccessEngine engine, User user, App app, string tool, IReadOnlyList<App>? servers)
        {
            var ua = engine.Prepare(user);
            return engine.Decide(engine.ForApp(ua, app, servers), tool);
        }

        private static bool Denies(ToolAccess d) =>
            d.Decision == AccessDecision.Denied || d.Decision == AccessDecision.NotGranted || d.Decision == AccessDecision.AppNotAccessible || d.Decision == AccessDecision.Error;

        private static AuditReplay Indeterminate(AuditReplay r, string? why)
        {
            r.Verdict = ReplayVerdict.Indeterminate;
            r.Reason = why;
            return r;
        }

        private static void Fill(AuditReplay r, ToolAccess d)
        {
            r.DeniedBy = d.DeniedBy.Select(x => x.ToString()).ToArray();
            r.AllowedBy = d.AllowedBy.Select(x => x.ToString()).ToArray();
            r.DroppedEntries = d.DroppedEntries.Select(x => x.ToString()).ToArray();
            r.Notes = d.Notes.ToArray();
        }

        /// <summary>Why a denial happens: the denying entry, the trait that emptied the grant, or the missing grant.</summary>
        private static void Explain(AuditReplay r, ToolAccess d, AuditEvent ev)
        {
            Fill(r, d);
            string? user = ev.User, tool = ev.Tool, app = ev.App;
            switch (d.Decision)
            {
                case AccessDecision.Denied:
                    r.Cause = ReplayCause.DenyEntry;
                    var by = d.DeniedBy.FirstOrDefault();
                    r.Reason = d.Reason;
                    r.Fix = by == null ? null
                        : "If " + user + " should call " + tool + ", remove '" + by.Written + "' from deny.mcp.tools of role " + by.Role +
                          " (a deny entry applies on every MCP server of every user with the role), or take the role from " + user + ".";
                    break;
                case AccessDecision.NotGranted:
                    var trait = d.DroppedEntries.FirstOrDefault(x => x.Silent && x.Trait != null && x.Field != null && x.Field.StartsWith("allow", StringComparison.Ordinal));
                    if (trait != null)
                    {
                        r.Cause = ReplayCause.EmptyTrait;
                        r.Reason = "Role " + trait.Role + "'s " + trait.Field + " entry '" + trait.Entry + "' would grant it, but trait " + trait.Trait +
                                   " of " + user + " was missing or empty, so Teleport dropped the entry without a log line (I8); " + d.Reason;
                        r.Fix = trait.Trait?.EndsWith("mcp_tools", StringComparison.Ordinal) == true
                            ? "Set-TeleportMcpTools -User " + ShellWord.PowerShell(user) + " -Tools " + ShellWord.PowerShellString(tool) + " -Append -WhatIf   # then without -WhatIf; " + user + " must run tsh login again"
                            : "Give " + user + " the " + trait.Trait + " trait (tctl users update, or the SSO connector's claims), then " + user + " runs tsh login again.";
                    }
                    else
                    {
                        r.Cause = ReplayCause.NotGranted;
                        r.Reason = d.Reason;
                        r.Fix = "Add " + tool + " to allow.mcp.tools of a role of " + user + " whose allow.app_labels select " + app + " (a role grants only the tools it lists itself).";
                    }
                    break;
                case AccessDecision.AppNotAccessible:
                    r.Cause = ReplayCause.AppNotAccessible;
                    r.Reason = d.Reason;
                    r.Fix = "Give " + user + " a role whose allow.app_labels select " + app + ", and check that no deny.app_labels of the user's roles select it.";
                    break;
                case AccessDecision.Error:
                    r.Cause = ReplayCause.RoleCheckError;
                    r.Reason = d.Reason;
                    r.Fix = "Fix the role entry named in the reason (Test-TeleportMcpRole -Lint shows it).";
                    break;
            }
            if (StringChecks.IsNullOrEmpty(ev.Tool) && d.Decision != AccessDecision.Error)
                r.Fix = NamelessFix;
        }

        private const string NamelessFix = "The MCP client sent tools/call without a non-empty string params.name (Teleport reads only the key \"name\"): fix the client's request; a role that grants the tool it meant does not help.";

        // gravitational/teleport PR #66989 (merged to master, the v19 line, 2026-05-26) rejects a tools/call without a string
        // "name" before the roles are read, audited as TMCP003E 'invalid request: "name" parameter missing'
        // (AuditEventReader.NamelessRejection, lib/srv/mcp/session.go @2e72a89b). Its v18 backport #67174 was
        // closed; #68500 carries it, opened 2026-07-09, after 18.10.0 was out (winget-pkgs #399660, 2026-07-08), so no release
        // through 18.10.0 holds it; which later 18.10.x does is not stored (issues corpus: #66989, #67174, #68500).
        private static readonly Version LastReleaseWithoutNamelessRejection = new Version(18, 10, 0);

        /// <summary>The serving agents when every one runs a release without PR #66989 (through 18.10.0); null otherwise or with none given.</summary>
        private static List<ServingAgent>? AgentsWithoutNamelessRejection(IReadOnlyList<App>? servers)
        {
            var agents = ServingAgent.Distinct((servers ?? Array.Empty<App>()).Where(s => s.Origin == AppOrigin.AppServer), "an agent");
            return agents.Count > 0 && agents.All(a => a.Release != null && a.Release <= LastReleaseWithoutNamelessRejection) ? agents : null;
        }

        private static string NamelessNote(AuditEvent ev, List<ServingAgent>? withoutRejection)
        {
            const string Read = "The request's params carry no non-empty string \"name\" (a \"Name\" or non-string name is not read): ";
            if (withoutRejection != null)
                return Read + "every agent serving " + ev.App + " (" + McpAccessEngine.AgentList(withoutRejection) + ", app_server spec.version) runs 18.10.0 or earlier, " +
                       "which checked the tool name \"\" against the roles: PR #66989, which rejects such a call first, reached v18 only through #68500, opened after 18.10.0 was out. " +
                       "(spec.version is the release an agent runs now.)";
            return Read + "agents through 18.10.0 checked the tool name \"\"; agents with Teleport PR #66989 (master, the v19 line, from 2026-05-26; on v18 through #68500, " +
                   "in a release after 18.10.0 not confirmed) reject the call before the roles are read, audited as TMCP003E 'invalid request: \"name\" parameter missing'.";
        }

        /// <summary>
        /// A tools/call Teleport audited as a notification (no key spelled "id"): no role was checked. Agents whose mcputils
        /// decodes case-sensitively (BaseJSONRPCMessage.UnmarshalJSON, jsoniter CaseSensitive) and that predate
        /// lib/srv/mcp/sanitize.go forward a streamable-HTTP body as received, so an "ID" key reaches the server, and one that
        /// matches keys ignoring case (Go encoding/json) runs the call (sanitize.go @2e72a89b, case 4). Stdio and SSE agents
        /// write the decoded notification again (stdio.go/sse.go serverRequestWriter.WriteMessage), without an id.
        /// </summary>
        // lib/utils/mcputils reads JSON-RPC keys case-sensitively from 18.6.6 (PR #63364, backport of #63325: "Teleport now enforces
        // canonical lowercase JSON-RPC fields", v18 CHANGELOG index id 55064432293); before, Go's encoding/json matched "ID" to "id"
        // (mcputils @0152bf38, index id 2830816172).
        private static readonly Version CaseSensitiveDecoding = new Version(18, 6, 6);

        private static AuditReplay UncheckedCall(AuditReplay r, McpAccessEngine engine, AuditEvent ev, User? user, App? app, IReadOnlyList<App>? servers, IReadOnlyList<App>? auditors)
        {
            var transport = ev.Transport;
            string tool = StringChecks.IsNullOrEmpty(ev.Tool) ? "the nameless tool \"\"" : ev.Tool;
            if (transport == McpTransport.Stdio || transport == McpTransport.Sse)
            {
                r.Verdict = ReplayVerdict.NotReplayable;
                r.Reason = "Teleport audited this tools/call as a notification (the message has no \"id\" key), so no role was checked; a " + McpTransportRules.ToText(transport) +
                           " agent writes the decoded notification to the server again, without an id, and a server answers no notification: it was not a call the roles could refuse.";
                return r;
            }
            var copies = (auditors ?? Array.Empty<App>()).Where(s => s.Origin == AppOrigin.AppServer).ToList();
            var agents = ServingAgent.Distinct(copies, "an agent");
            // An agent too old to serve a remote MCP server did not audit this event: its heartbeat does not describe the agent that did.
            bool remote = transport == McpTransport.Http || copies.Any(s => s.Transport == McpTransport.Http || s.Transport == McpTransport.Sse);
            var cannotServe = remote ? agents.Where(a => a.Release != null && a.Release < Probe.HttpAppChecks.FirstReleaseWithRemoteTransports).ToList() : new List<ServingAgent>();
            // Only the agents that can serve the transport may have audited it; the others are left out of the verdict.
            var able = agents.Where(a => !cannotServe.Contains(a)).ToList();
            string? cannotServeNote = null;
            if (cannotServe.Count > 0)
                cannotServeNote = McpAccessEngine.AgentList(cannotServe) + " (app_server spec.version) cannot serve a remote MCP server (18.3.0 or later, PR #61051), so " +
                                  (able.Count == 0 ? "the agent that audited this event is not among the heartbeats given: its release is not known." : "it did not audit this event and is left out.");
            if (able.Count > 0 && able.All(a => a.Release != null && a.Release < CaseSensitiveDecoding))
            {
                r.Verdict = ReplayVerdict.NotReplayable;
                if (cannotServeNote != null) r.Notes = new[] { cannotServeNote };
                r.Reason = "Teleport audited this tools/call as a notification (the message has no \"id\" key), so no role was checked. Every agent able to serve " + ev.App + " (" +
                           McpAccessEngine.AgentList(able) + ", app_server spec.version) runs a release before 18.6.6, which reads a message's keys ignoring case (Go's encoding/json): " +
                           "an \"ID\" key (or another case of \"id\") would have made it a request, checked against the roles. So the body had no id in any case, the server got none " +
                           "either, and a server answers no notification: it was not a call the roles could refuse. (spec.version is the release an agent runs now: this holds unless one was rolled back from 18.6.6 or later since the event.)";
                return r;
            }
            r.Verdict = ReplayVerdict.Indeterminate;
            r.Cause = ReplayCause.UncheckedCall;
            r.Reason = "Teleport audited this tools/call of " + tool + " as a notification (no key spelled \"id\"), so no role was checked. An agent that reads keys case-sensitively but predates " +
                       "lib/srv/mcp/sanitize.go forwards a streamable-HTTP body unchanged: had it carried \"ID\" (or another case of \"id\"), a server that matches keys ignoring case " +
                       "(Go's encoding/json: mark3labs mcp-go, modelcontextprotocol go-sdk before v1.3.1) would have run it as a call the roles never checked. The event does not keep the body's keys, so whether that happened is not known.";
            r.Fix = "Upgrade the Teleport agent serving " + ev.App + " to a release with lib/srv/mcp/sanitize.go (PR #67262, which drops case variants of id, method, params and name before forwarding; " +
                    "on v18 the backport #68500, which no release through 18.10.0 holds; its first release, 18.10.1 or later, is not confirmed), and the MCP server's SDK (go-sdk v1.3.1 or later); look in the server's log for a call of " + tool + " at this time.";
            var notes = new List<string>();
            if (app != null && user != null && ev.Tool != null)
            {
                var now = Decide(engine, user, app, ev.Tool, servers);
                r.Decision = now.Decision;
                if (Denies(now)) notes.Add("Today's roles refuse " + ev.Tool + " to " + ev.User + ": " + now.Reason + " So a server that ran it served a call Teleport would have refused.");
            }
            if (cannotServeNote != null) notes.Add(cannotServeNote);
            if (transport == McpTransport.None) notes.Add("The event has no app_uri: the transport is not known; only a streamable-HTTP agent forwards the body unchanged.");
            r.Notes = notes.ToArray();
            return r;
        }

        /// <summary>The event says denied, today's roles allow: name what most likely changed.</summary>
        private static void Disagree(AuditReplay r, AuditEvent ev, User? user, ToolAccess? now, ToolAccess? then, User? eventUser)
        {
            string? u = ev.User;
            string? allowNow = (now ?? then)?.Reason;
            const string Login = ". Roles and traits reach Teleport only through a new certificate: ";
            if (then != null && Denies(then) && user != null)
            {
                var parts = new List<string>();
                bool rolesDiffer = !SameRoles(ev.UserRoles, user);
                if (rolesDiffer) parts.Add("roles " + List(ev.UserRoles) + " then, " + List(user.Roles) + " in the export");
                var traitDiff = TraitDifferences(eventUser!, user); // then was decided for eventUser
                if (traitDiff.Count > 0) parts.Add(ListText.Join("; ", traitDiff));
                r.Cause = rolesDiffer ? ReplayCause.RolesChanged : ReplayCause.TraitsChanged;
                var thenWhy = new AuditReplay();
                Explain(thenWhy, then, ev);
                r.Reason = "The event recorded a denial, but today " + u + " may call " + (StringChecks.IsNullOrEmpty(ev.Tool) ? "the nameless tool \"\"" : ev.Tool) + ": " + allowNow +
                           " The certificate " + u + " used then differs from the user in the export (" + (parts.Count > 0 ? ListText.Join("; ", parts) : "see the traits") + "), and with it the call is denied: " + thenWhy.Reason +
                           " So either " + u + " was changed after the event, or " + u + "'s certificate predates the change and still carries the old " + (rolesDiffer ? "roles" : "traits") + ".";
                r.Fix = "Have " + u + " run tsh logout, then tsh login, restart the MCP client and retry" + Login + "a certificate issued before the change keeps the old ones until it expires.";
                return;
            }
            if (then != null)
            {
                r.Cause = ReplayCause.RoleDefinitionsChanged;
                r.Reason = "The event recorded a denial, but today's role definitions allow the call even for the roles and traits " + u + "'s certificate carried then (" +
                           List(ev.UserRoles) + "): " + (then.Reason ?? allowNow) + " A role definition was most likely changed after the event (look for role.created/role.updated events after it)." +
                           " On Teleport versions that cache tool decisions for 10 minutes per MCP session (T8), a change can also lag behind inside a live session.";
                r.Fix = "Nothing to fix if the role change was intended: retry the call (restart the MCP client if the session is older than the change).";
                return;
            }
            r.Cause = ReplayCause.RolesTraitsOrCertificate;
            r.Reason = "The event recorded a denial, but today's roles allow the call: " + allowNow +
                       " The event does not carry the roles and traits of " + u + "'s certificate, so the cause cannot be told apart: " + u +
                       "'s roles or traits, or a role definition, changed after the event, or " + u + "'s certificate was older than a change and still carried the old roles and traits.";
            r.Fix = "Have " + u + " run tsh logout, then tsh login, restart the MCP client and retry" + Login +
                    "compare with the role.updated and user.update audit events around " + (ev.Time.HasValue ? ev.Time.Value.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "the event") + ".";
        }

        private static bool SameRoles(string[]? eventRoles, User? user)
        {
            if (eventRoles == null || user == null) return true;
            var a = new HashSet<string>(eventRoles.Where(x => x != McpAccessEngine.ImplicitRoleName), Ord);
            var b = new HashSet<string>(user.Roles.Where(x => x != McpAccessEngine.ImplicitRoleName), Ord);
            return a.SetEquals(b);
        }

        private static List<string> TraitDifferences(User then, User now)
        {
            var result = new List<string>();
            if (then == null || now == null) return result;
            foreach (var key in then.TraitMap.Keys.Union(now.TraitMap.Keys, Ord).OrderBy(k => k, Ord))
            {
                then.TraitMap.TryGetValue(key, out var a);
                now.TraitMap.TryGetValue(key, out var b);
                a = a ?? new List<string>();
                b = b ?? new List<string>();
                if (a.SequenceEqual(b, Ord)) continue;
                result.Add("trait " + key + " " + List(Output.Redactor.RedactNamedValues(key, a)) + " then, " + List(Output.Redactor.RedactNamedValues(key, b)) + " in the export");
            }
            return result;
        }

        private static string List(IEnumerable<string>? items) => "[" + ListText.Join(", ", items ?? Array.Empty<string>()) + "]";
    }

    /// <summary>
    /// The agent that served each session, from the events that say it: Teleport writes server_id (the agent's host_id) on a
    /// session's start and end events (lib/srv/mcp/audit.go makeServerMetadata); the reader gives a request its session's.
    /// </summary>
    public sealed class SessionAgents
    {
        private readonly SessionServerIndex _bySession = new SessionServerIndex();

        public SessionAgents(IEnumerable<AuditEvent> events)
        {
            foreach (var ev in events ?? Enumerable.Empty<AuditEvent>())
            {
                // Kind is known without parsing a deferred event: only start and end events are read further.
                if (ev.Kind == AuditEventKind.SessionStart || ev.Kind == AuditEventKind.SessionEnd) _bySession.Note(ev.SessionId, ev.ServerId);
            }
        }

        /// <summary>The host id of the agent that served <paramref name="ev"/>'s session; null when no event read or given says.</summary>
        public string? Of(AuditEvent ev)
        {
            if (ev == null) return null;
            return !StringChecks.IsNullOrEmpty(ev.ServerId) ? ev.ServerId : _bySession.Of(ev.SessionId);
        }
    }
}
