using System;
using System.Globalization;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>
    /// The audit reader against the event shapes of docs/pages/reference/audit-events/mcp-sessions.mdx @a05c40ee
    /// (generated from lib/events/codes.go and events.proto), the file audit log layout (lib/events/filelog.go, 2:A11)
    /// and the inputs admins have (event handler output, exports).
    /// </summary>
    public class AuditEventReaderTests
    {
        private const string Sid = "6593cf87-9839-4f18-abf8-c54873aaeb4e";

        internal static (List<AuditEvent> Events, AuditReadSummary Summary) Read(string text, AuditEventFilter filter = null, string source = "audit.log")
        {
            var events = new List<AuditEvent>();
            var reader = new AuditEventReader(source, filter, events.Add);
            LogFileReader.Scan(new MemoryStream(Encoding.UTF8.GetBytes(text)), reader);
            return (events, reader.Summary);
        }

        // code, event, extra JSON, expected kind, outcome, method, tool, error
        public static IEnumerable<object[]> EveryTypeAndCode() => new[]
        {
            new object[] { "TMCP001I", "mcp.session.start", "\"client_info\":\"claude-ai/0.1.0\",\"server_info\":\"mcp-servers/everything/1.0.0\",\"protocol_version\":\"2025-06-18\",\"mcp_session_id\":\"abc\"", AuditEventKind.SessionStart, AuditOutcome.Success, null, null, null },
            new object[] { "TMCP002I", "mcp.session.end", "\"success\":true", AuditEventKind.SessionEnd, AuditOutcome.Success, null, null, null },
            // The docs' TMCP002E example says success=true with an error: the E code decides.
            new object[] { "TMCP002E", "mcp.session.end", "\"success\":true,\"error\":\"HTTP 405 Method Not Allowed\"", AuditEventKind.SessionEnd, AuditOutcome.Failed, null, null, "HTTP 405 Method Not Allowed" },
            new object[] { "TMCP003I", "mcp.session.request", "\"success\":true,\"message\":{\"id\":0,\"method\":\"initialize\",\"params\":{\"clientInfo\":{\"name\":\"claude-ai\",\"version\":\"0.1.0\"},\"protocolVersion\":\"2024-11-05\"},\"jsonrpc\":\"2.0\"}", AuditEventKind.Request, AuditOutcome.Success, "initialize", null, null },
            new object[] { "TMCP003I", "mcp.session.request", "\"success\":true,\"message\":{\"id\":\"5\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}},\"jsonrpc\":\"2.0\"}", AuditEventKind.Request, AuditOutcome.Success, "tools/call", "echo", null },
            new object[] { "TMCP003E", "mcp.session.request", "\"success\":false,\"error\":\"access denied\",\"message\":{\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"write_file\",\"arguments\":{\"path\":\"/etc/passwd\"}},\"jsonrpc\":\"2.0\"}", AuditEventKind.Request, AuditOutcome.Denied, "tools/call", "write_file", "access denied" },
            // 2:A6 (T6): a denied call records the checker's error (lib/services/role.go checkAccess: "access to %v denied. User does not have permissions. %v", nothing after it for an app), over stdio/SSE and streamable HTTP alike.
            new object[] { "TMCP003E", "mcp.session.request", "\"success\":false,\"error\":\"access to app denied. User does not have permissions. \",\"message\":{\"id\":\"4\",\"method\":\"tools/call\",\"params\":{\"name\":\"printEnv\"},\"jsonrpc\":\"2.0\"}", AuditEventKind.Request, AuditOutcome.Denied, "tools/call", "printEnv", "access to app denied. User does not have permissions. " },
            // lib/srv/mcp/session.go makeToolAccessDeniedResponse: the JSON-RPC error (-32602) the client gets for a denied call; the audit records the checker's error instead, but this text is a denial wherever it is found.
            new object[] { "TMCP003E", "mcp.session.request", "\"success\":false,\"error\":\"RBAC is enforced by your Teleport roles. Contact your Teleport Admin for more details.\",\"message\":{\"id\":\"7\",\"method\":\"tools/call\",\"params\":{\"name\":\"printEnv\"},\"jsonrpc\":\"2.0\"}", AuditEventKind.Request, AuditOutcome.Denied, "tools/call", "printEnv", "RBAC is enforced by your Teleport roles. Contact your Teleport Admin for more details." },
            // 2:H20: a transport failure on initialize is a failed request, not a denial.
            new object[] { "TMCP003E", "mcp.session.request", "\"success\":false,\"error\":\"HTTP 404 Not Found\",\"message\":{\"id\":\"0\",\"method\":\"initialize\",\"jsonrpc\":\"2.0\"}", AuditEventKind.Request, AuditOutcome.Failed, "initialize", null, "HTTP 404 Not Found" },
            new object[] { "TMCP004I", "mcp.session.notification", "\"success\":true,\"message\":{\"method\":\"notifications/initialized\",\"jsonrpc\":\"2.0\"}", AuditEventKind.Notification, AuditOutcome.Success, "notifications/initialized", null, null },
            new object[] { "TMCP004E", "mcp.session.notification", "\"success\":false,\"message\":{\"method\":\"notifications/initialized\",\"jsonrpc\":\"2.0\"},\"error\":\"HTTP 401 Unauthorized\"", AuditEventKind.Notification, AuditOutcome.Failed, "notifications/initialized", null, "HTTP 401 Unauthorized" },
            new object[] { "TMCP005I", "mcp.session.listen_sse_stream", "\"success\":true", AuditEventKind.ListenSseStream, AuditOutcome.Success, null, null, null },
            new object[] { "TMCP005E", "mcp.session.listen_sse_stream", "\"success\":false,\"error\":\"HTTP 405 Method Not Allowed\"", AuditEventKind.ListenSseStream, AuditOutcome.Failed, null, null, "HTTP 405 Method Not Allowed" },
            // invalid_http_request has no Status: no success field at all.
            new object[] { "TMCP006E", "mcp.session.invalid_http_request", "\"method\":\"OPTIONS\",\"path\":\"/\"", AuditEventKind.InvalidHttpRequest, AuditOutcome.Failed, null, null, null },
        };

        [Theory]
        [MemberData(nameof(EveryTypeAndCode))]
        public void ReadsEveryEventTypeAndCode(string code, string type, string extra, AuditEventKind kind, AuditOutcome outcome, string method, string tool, string error)
        {
            var line = "{\"code\":\"" + code + "\",\"ei\":0,\"event\":\"" + type + "\",\"namespace\":\"default\",\"server_id\":\"a0518380-0d53-4188-ac8b-8ddd8103e45b\",\"sid\":\"" + Sid +
                       "\",\"time\":\"2025-05-23T11:11:11.555Z\",\"uid\":\"80400ed9-644e-4a6e-ab99-b264b34d0f55\",\"user\":\"ai-user\",\"app_name\":\"mcp-everything\"," + extra + "}";
            var (events, summary) = Read(line + "\n");
            var e = Assert.Single(events);
            Assert.Equal(code, e.Code);
            Assert.Equal(type, e.Type);
            Assert.Equal(kind, e.Kind);
            Assert.Equal(outcome, e.Outcome);
            Assert.Equal(method, e.Method);
            Assert.Equal(tool, e.Tool);
            Assert.Equal(error, e.Error);
            Assert.Equal(outcome != AuditOutcome.Success, e.IsFailure);
            Assert.Equal("ai-user", e.User);
            Assert.Equal("mcp-everything", e.App);
            Assert.Equal(Sid, e.SessionId);
            // lib/srv/mcp/audit.go makeServerMetadata: the agent's host id, read wherever the event carries it (start and end; the docs' example has it on a request).
            Assert.Equal("a0518380-0d53-4188-ac8b-8ddd8103e45b", e.ServerId);
            Assert.Equal(new DateTime(2025, 5, 23, 11, 11, 11, 555, DateTimeKind.Utc), e.Time);
            Assert.Equal(DateTimeKind.Utc, e.Time.Value.Kind);
            Assert.Equal("audit.log", e.Source);
            Assert.Equal(1, e.Line);
            Assert.Equal(0, summary.Malformed);
            if (kind == AuditEventKind.SessionStart)
            {
                Assert.Equal("claude-ai/0.1.0", e.ClientInfo);
                Assert.Equal("mcp-servers/everything/1.0.0", e.ServerInfo);
                Assert.Equal("abc", e.McpSessionId);
            }
            if (kind == AuditEventKind.InvalidHttpRequest)
            {
                Assert.Equal("OPTIONS", e.HttpMethod);
                Assert.Equal("/", e.HttpPath);
                Assert.Null(e.Method);
            }
        }

        // lib/srv/mcp/audit.go makeServerMetadata: server_id (the agent's host id) is written on a session's start and end
        // events; a request of the session is served by the same agent, so it names that agent too, whatever the filter
        // leaves out (the start event is read, not emitted), on the fast path (successful lines) and the full parser's.
        [Theory]
        [InlineData(false, null)]
        [InlineData(true, null)]
        [InlineData(false, "*")]
        public void A_request_names_the_agent_of_its_session(bool failedOnly, string tools)
        {
            string Line(string code, string type, string sid, string server, string extra) =>
                "{\"code\":\"" + code + "\",\"event\":\"" + type + "\",\"sid\":\"" + sid + "\"," + (server == null ? "" : "\"server_id\":\"" + server + "\",") +
                "\"time\":\"2025-05-23T11:11:11Z\",\"user\":\"bob\",\"app_name\":\"everything\"," + extra + "}";
            const string call = "\"message\":{\"id\":\"2\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"},\"jsonrpc\":\"2.0\"}";
            string text = string.Join("\n",
                Line("TMCP001I", "mcp.session.start", "s-1", "agent-1", "\"success\":true"),
                Line("TMCP003I", "mcp.session.request", "s-1", null, "\"success\":true," + call),
                Line("TMCP003E", "mcp.session.request", "s-1", null, "\"success\":false,\"error\":\"access denied\"," + call),
                Line("TMCP003E", "mcp.session.request", "s-2", null, "\"success\":false,\"error\":\"access denied\"," + call),
                Line("TMCP003E", "mcp.session.request", "s-1", "agent-9", "\"success\":false,\"error\":\"access denied\"," + call)) + "\n";
            var (events, _) = Read(text, new AuditEventFilter { FailedOnly = failedOnly, Tools = tools == null ? null : new[] { tools } });
            var requests = events.Where(e => e.Kind == AuditEventKind.Request).ToList();
            Assert.Equal(failedOnly ? new[] { "agent-1", null, "agent-9" } : new[] { "agent-1", "agent-1", null, "agent-9" }, requests.Select(e => e.ServerId).ToArray());
            Assert.Equal(tools == null && !failedOnly, events.Any(e => e.Kind == AuditEventKind.SessionStart));
        }

        [Fact]
        public void The_agents_of_sessions_are_kept_in_bounded_memory()
        {
            var sb = new StringBuilder();
            const int sessions = (1 << 16) + 10;
            for (int i = 0; i < sessions; i++)
                sb.Append("{\"code\":\"TMCP001I\",\"event\":\"mcp.session.start\",\"sid\":\"s-").Append(i).Append("\",\"server_id\":\"agent-").Append(i % 3).Append("\",\"success\":true}\n");
            foreach (int i in new[] { 0, 9, 10, sessions - 1 })
                sb.Append("{\"code\":\"TMCP003I\",\"event\":\"mcp.session.request\",\"sid\":\"s-").Append(i).Append("\",\"success\":true}\n");
            var (events, _) = Read(sb.ToString(), new AuditEventFilter());
            // The oldest sessions were forgotten first: their requests name no agent rather than a wrong one.
            Assert.Equal(new[] { null, null, "agent-" + (10 % 3), "agent-" + ((sessions - 1) % 3) }, events.Where(e => e.Kind == AuditEventKind.Request).Select(e => e.ServerId).ToArray());
        }

        [Fact]
        public void RequestIdAsNumberOrString()
        {
            // message.id is a proto string (msg.ID.String()), the docs example shows a number (2:A3).
            var (events, _) = Read(Ev("TMCP003I", "\"message\":{\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"a\"}}") + "\n" +
                                   Ev("TMCP003I", "\"message\":{\"id\":\"8\",\"method\":\"tools/call\",\"params\":{\"name\":\"b\"}}") + "\n");
            Assert.Equal(new[] { "7", "8" }, events.Select(e => e.RequestId));
        }

        /// <summary>
        /// message.id as Teleport writes it: lib/srv/mcp/audit.go sets MCPJSONRPCMessage.ID to msg.ID.String(), and mcp-go's
        /// RequestId.String() (mark3labs/mcp-go mcp/types.go, the type of lib/utils/mcputils JSONRPCRequest.ID) tags the
        /// value with its Go type; web/packages/teleport/src/Audit/EventList/EventList.test.tsx has "id": "int64:0". The id
        /// shown is the one the client sent.
        /// </summary>
        [Theory]
        [InlineData("\"int64:2\"", "2")]
        [InlineData("\"int64:0\"", "0")]
        [InlineData("\"string:4f1c-req\"", "4f1c-req")]
        [InlineData("\"string:int64:3\"", "int64:3")]
        [InlineData("\"float64:1.5\"", "1.5")]
        [InlineData("\"unknown:true\"", "true")]
        [InlineData("2", "2")]
        [InlineData("\"7\"", "7")]
        public void TheJsonRpcIdIsTheClientsNotMcpGosTaggedText(string id, string expected)
        {
            var line = "{\"ei\":3,\"event\":\"mcp.session.request\",\"uid\":\"0f6a51e1-0d9b-4b5b-8f59-4d2e1f3c2a10\",\"code\":\"TMCP003I\",\"time\":\"2025-09-30T10:02:03.456Z\"," +
                       "\"user\":\"bob\",\"sid\":\"" + Sid + "\",\"app_name\":\"everything\",\"success\":true," +
                       "\"message\":{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}}}";
            var e = Assert.Single(Read(line + "\n").Events);
            Assert.Equal(expected, e.RequestId);
            Assert.Equal("echo", e.Tool);
        }

        [Fact]
        public void NonMcpEventsAreSkippedWithoutParsing()
        {
            var text = "{\"code\":\"T1000I\",\"event\":\"user.login\",\"user\":\"alice\",\"time\":\"2025-05-23T11:00:00Z\"}\n" +
                       "{\"event\":\"app.session.start\", broken json but no marker\n".Replace("\n", "}\n") +
                       Ev("TMCP001I", "") + "\n";
            var (events, summary) = Read(text);
            Assert.Single(events);
            Assert.Equal(2, summary.OtherEvents);
            Assert.Equal(0, summary.Malformed);
            Assert.Equal(1, summary.McpEvents);
        }

        [Fact]
        public void UnknownFieldsAndWrappersAreFine()
        {
            var line = "{\"code\":\"TMCP003E\",\"event\":\"mcp.session.request\",\"time\":\"2025-05-23T11:11:11Z\",\"user\":\"bob\",\"app_name\":\"x\",\"success\":false," +
                       "\"error\":\"access denied\",\"future_field\":{\"nested\":[1,2,{\"deep\":null}]},\"user_kind\":1,\"scope_pin\":{\"scope\":\"/a\"}," +
                       "\"message\":{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":{\"k\":[true,false,1.5e3]}},\"extra\":1}}";
            var (events, summary) = Read(line + "\n" + "{\"record\":" + line + ",\"tag\":\"teleport\"}\n");
            Assert.Equal(2, events.Count);
            Assert.All(events, e => Assert.Equal("t", e.Tool));
            Assert.Equal(0, summary.Malformed);
        }

        [Fact]
        public void TruncatedLastLineIsReportedNotMalformed()
        {
            var full = Ev("TMCP001I", "");
            var cut = Ev("TMCP003E", "\"error\":\"access denied\"").Substring(0, 60);
            var (events, summary) = Read(full + "\n" + full + "\n" + cut);
            Assert.Equal(2, events.Count);
            Assert.Equal(3, summary.TruncatedAtLine);
            Assert.Equal(0, summary.Malformed);
        }

        [Fact]
        public void CutLineInTheMiddleIsMalformedAndTheNextEventIsRead()
        {
            var full = Ev("TMCP001I", "");
            var (events, summary) = Read(full + "\n" + full.Substring(0, 50) + "\n" + full + "\n");
            Assert.Equal(2, events.Count);
            Assert.Equal(1, summary.Malformed);
            Assert.Equal(2, summary.FirstMalformedLine);
            Assert.Equal(0, summary.TruncatedAtLine);
        }

        [Theory]
        [InlineData("{\"event\":\"mcp.session.start\",\"code\":")]  // a compact line cut (lib/events/filelog.go writes one object a line)
        [InlineData("{ \"event\": \"mcp.session.start\", ")]           // the same with spaces after the brace
        [InlineData("{bad")]                                             // junk after a brace: no layout spreads an object so
        [InlineData("\t{\t\"event\"")]                                 // indented, tab after the brace
        public void ALineCutAfterItsBraceDoesNotSwallowTheNextEvent(string cut)
        {
            var full = Ev("TMCP001I", "");
            var (events, summary) = Read(full + "\n" + cut + "\n" + full + "\n" + full + "\n");
            Assert.Equal(3, events.Count);
            Assert.Equal((1L, 2L, 0L), (summary.Malformed, summary.FirstMalformedLine, summary.TruncatedAtLine));
        }

        [Fact]
        public void AnObjectWhoseFirstLineIsItsBraceAloneIsStillReadAcrossLines()
        {
            // web/packages/teleport/src/Audit/EventDialog/EventDialog.tsx shows JSON.stringify(raw, null, 2): "{" alone, then the fields.
            var full = Ev("TMCP001I", "");
            var pretty = "{  \n" + full.Substring(1, full.Length - 2).Replace(",\"", ",\n  \"") + "\n}";
            var (events, summary) = Read(pretty + "\n" + full + "\n");
            Assert.Equal(2, events.Count);
            Assert.Equal(0, summary.Malformed);
        }

        [Fact]
        public void MalformedLinesAreCountedOnceWithTheFirstLine()
        {
            var good = Ev("TMCP001I", "");
            var text = good + "\nnot json at all\n{\"event\":\"mcp.session.start\",\"code\":}\n" + good + "\n{\"event\":\"mcp.session.end\" \"x\":1}\n";
            var (events, summary) = Read(text);
            Assert.Equal(2, events.Count);
            Assert.Equal(3, summary.Malformed);
            Assert.Equal(2, summary.FirstMalformedLine);
            Assert.Equal(5, summary.Lines);
        }

        [Fact]
        public void ReadsGzip()
        {
            var path = Path.Combine(Path.GetTempPath(), "tmcp-audit-" + Guid.NewGuid().ToString("N") + ".log.gz");
            try
            {
                using (var f = File.Create(path))
                using (var gz = new GZipStream(f, CompressionLevel.Fastest))
                using (var w = new StreamWriter(gz, new UTF8Encoding(false)))
                {
                    for (int i = 0; i < 1000; i++)
                        w.Write(i % 10 == 0 ? Ev("TMCP003E", "\"error\":\"access denied\",\"message\":{\"method\":\"tools/call\",\"params\":{\"name\":\"t" + i + "\"}}") + "\n"
                                            : "{\"event\":\"session.data\",\"code\":\"T2006I\",\"tx\":" + i + "}\n");
                }
                var events = new List<AuditEvent>();
                var reader = new AuditEventReader(path, new AuditEventFilter { FailedOnly = true }, events.Add);
                LogFileReader.Scan(path, reader);
                Assert.Equal(100, events.Count);
                Assert.Equal(1000, reader.Summary.Lines);
                Assert.Equal(900, reader.Summary.OtherEvents);
                Assert.Equal(path, events[0].Source);
                Assert.Equal(11, events[1].Line);
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void ReadsArraysPrettyPrintedObjectsAndFluentdPrefix()
        {
            var pretty = "[\n  {\n    \"code\": \"TMCP003E\",\n    \"event\": \"mcp.session.request\",\n    \"user\": \"bob\",\n    \"success\": false,\n    \"error\": \"access denied\",\n" +
                         "    \"message\": {\n      \"method\": \"tools/call\",\n      \"params\": { \"name\": \"printEnv\" }\n    }\n  },\n  {\n    \"event\": \"user.login\"\n  },\n" +
                         "  {\"code\":\"TMCP001I\",\"event\":\"mcp.session.start\",\"user\":\"x\"}\n]\n";
            var (events, summary) = Read(pretty);
            Assert.Equal(2, events.Count);
            Assert.Equal("printEnv", events[0].Tool);
            Assert.Equal(2, events[0].Line);
            Assert.Equal(AuditOutcome.Denied, events[0].Outcome);
            Assert.Equal(0, summary.Malformed);

            var oneLineArray = "[" + Ev("TMCP001I", "") + "," + Ev("TMCP002I", "") + "]";
            Assert.Equal(2, Read(oneLineArray).Events.Count);

            var fluentd = "2025-05-23T11:11:11+00:00\tteleport.audit\t" + Ev("TMCP005E", "\"error\":\"HTTP 405 Method Not Allowed\"") + "\n";
            var f = Assert.Single(Read(fluentd).Events);
            Assert.Equal(AuditEventKind.ListenSseStream, f.Kind);
        }

        /// <summary>
        /// lib/srv/mcp/session.go processClientRequestNoAudit checks access on tools/call only, and processClientNotification
        /// emits every notification with no error of Teleport's; an upstream's answer is audited as "HTTP " + its status line,
        /// reason phrase included (http.go convertHTTPResponseErrorForAudit; Go net/http keeps the server's phrase). Only a
        /// tools/call with the access checker's error is Teleport's denial.
        /// </summary>
        [Theory]
        [InlineData("TMCP003E", "mcp.session.request", "tools/call", "access to app denied. User does not have permissions. ", AuditOutcome.Denied)]
        [InlineData("TMCP003E", "mcp.session.request", "tools/call", "HTTP 403 Access Denied", AuditOutcome.Failed)]
        [InlineData("TMCP003E", "mcp.session.request", "tools/call", "HTTP 401 Unauthorized", AuditOutcome.Failed)]
        [InlineData("TMCP003E", "mcp.session.request", "initialize", "HTTP 403 Access Denied", AuditOutcome.Failed)]
        [InlineData("TMCP003E", "mcp.session.request", "resources/read", "access denied", AuditOutcome.Failed)]
        [InlineData("TMCP004E", "mcp.session.notification", "notifications/initialized", "HTTP 403 Access Denied", AuditOutcome.Failed)]
        [InlineData("TMCP004E", "mcp.session.notification", "notifications/initialized", "access denied", AuditOutcome.Failed)]
        public void OnlyAToolCallWithTheAccessCheckersErrorIsTeleportsDenial(string code, string type, string method, string error, AuditOutcome outcome)
        {
            var line = "{\"ei\":0,\"event\":\"" + type + "\",\"code\":\"" + code + "\",\"time\":\"2025-09-30T10:02:03.456Z\",\"user\":\"bob\",\"sid\":\"" + Sid + "\"," +
                       "\"app_name\":\"everything-http\",\"success\":false,\"error\":\"" + error + "\",\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"" +
                       (type == "mcp.session.request" ? ",\"id\":\"3\",\"params\":{\"name\":\"read_file\"}" : "") + "}}";
            var e = Assert.Single(Read(line + "\n", new AuditEventFilter()).Events);
            Assert.Equal(outcome, e.Outcome);
            Assert.Equal(method, e.Method);
            Assert.Null(e.OutcomeReason);
        }

        /// <summary>
        /// The session start's auth types (events.proto MCPSessionStart egress_auth_type / ingress_auth_type, 2:A3):
        /// lib/srv/mcp/audit.go sets EgressAuthType from guessEgressAuthType; ingress_auth_type is read as written. A
        /// successful start read from a file is deferred and parsed on first use, one built from a parsed object is not:
        /// both give the same fields.
        /// </summary>
        [Theory]
        // audit.go egressAuthTypeAppIDToken ({{internal.id_token}} in a rewrite header), with an ingress type as written.
        [InlineData("\"egress_auth_type\":\"app-id-token\",\"ingress_auth_type\":\"jwt\"", "app-id-token", "jwt")]
        // audit.go egressAuthTypeUserDefined: the client sent Authorization; no ingress_auth_type (omitempty).
        [InlineData("\"egress_auth_type\":\"user-defined\"", "user-defined", null)]
        // An older release writes neither.
        [InlineData("\"mcp_session_id\":\"abc\"", null, null)]
        public void ReadsTheSessionStartsAuthTypes(string extra, string egress, string ingress)
        {
            var line = "{\"code\":\"TMCP001I\",\"ei\":0,\"event\":\"mcp.session.start\",\"sid\":\"" + Sid + "\",\"time\":\"2025-05-23T11:11:11.111Z\",\"user\":\"ai-user\",\"app_name\":\"mcp-everything\"," + extra + "}";
            var deferred = Assert.Single(Read(line + "\n").Events);
            var parsed = AuditEventReader.FromJson(TeleportMcp.Engine.Json.JsonParser.Parse(line, "audit.log"), "audit.log", 1);
            foreach (var e in new[] { deferred, parsed })
            {
                Assert.Equal(AuditEventKind.SessionStart, e.Kind);
                Assert.Equal(egress, e.EgressAuthType);
                Assert.Equal(ingress, e.IngressAuthType);
                Assert.Null(e.OutcomeReason);
            }
        }

        /// <summary>
        /// A tools/call error that is neither the checker's refusal nor an upstream status. lib/srv/mcp/session.go
        /// checkAccessToTool returns trace.NewAggregate(authErr, err): when the check itself fails (GetAuthPreference, the
        /// FnCache), authErr is nil and the audited error is that error's own text (gravitational/trace aggregate.Error of one
        /// error). stdio and SSE apps audit a tools/call failure only for the check (session.go onClientRequest ->
        /// emitRequestEvent(authErr)); a streamable HTTP app also audits the upstream's transport error as its bare Go text
        /// (http.go convertHTTPResponseErrorForAudit: trace.Wrap(err)), so there the text cannot tell the two apart. The
        /// app_uri (audit.go makeAppMetadata) names the transport (api/types/app.go GetMCPServerTransportType).
        /// </summary>
        [Theory]
        // stdio: only the access check audits a tools/call failure, so this is the check failing, not the roles.
        [InlineData("mcp+stdio://", "context canceled", AuditOutcome.Failed, true, "TMCP-AUDIT-012")]
        // SSE: the client side is stdio through the same sessionHandler.onClientRequest (session.go, sse.go).
        [InlineData("mcp+sse+https://mcp.example.com/sse", "context canceled", AuditOutcome.Failed, true, "TMCP-AUDIT-012")]
        // streamable HTTP: the same text could be the upstream round trip's error (http.go handleMCPMessage).
        [InlineData("mcp+https://mcp.example.com/mcp", "context canceled", AuditOutcome.Failed, true, "TMCP-AUDIT-013")]
        [InlineData("mcp+http://10.0.8.20:3000/mcp", "dial tcp 10.0.8.20:3000: connect: permission denied", AuditOutcome.Failed, true, "TMCP-AUDIT-013")]
        // crypto/tls alert.go: alert 49 reads "access denied"; a transport error of the upstream, not the checker's text.
        [InlineData("mcp+https://mcp.example.com/mcp", "remote error: tls: access denied", AuditOutcome.Failed, true, "TMCP-AUDIT-013")]
        // No app_uri: the transport is unknown, so is the side.
        [InlineData(null, "remote error: tls: access denied", AuditOutcome.Failed, true, "TMCP-AUDIT-013")]
        // api/types/app.go GetMCPServerTransportType: a scheme it does not know is no transport; the side is unknown as without app_uri.
        [InlineData("https://files.example.com/", "context canceled", AuditOutcome.Failed, true, "TMCP-AUDIT-013")]
        // lib/services/role.go checkAccess: the checker's refusal is Denied on every transport.
        [InlineData("mcp+https://mcp.example.com/mcp", "access to app denied. User does not have permissions. ", AuditOutcome.Denied, false, "TMCP-AUDIT-001")]
        [InlineData("mcp+stdio://", "access to app denied. User does not have permissions. ", AuditOutcome.Denied, false, "TMCP-AUDIT-001")]
        // http.go convertHTTPResponseErrorForAudit: "HTTP " + status line is the upstream's answer: the call was forwarded.
        [InlineData("mcp+https://mcp.example.com/mcp", "HTTP 502 Bad Gateway", AuditOutcome.Failed, false, "TMCP-AUDIT-005")]
        public void AToolCallRefusedByAFailingAccessCheckIsFailedAndItsSideIsKnownOnStdioAndSseOnly(string appUri, string error, AuditOutcome outcome, bool reason, string id)
        {
            var line = "{\"ei\":0,\"event\":\"mcp.session.request\",\"code\":\"TMCP003E\",\"time\":\"2025-09-30T10:02:03.456Z\",\"user\":\"bob\",\"sid\":\"" + Sid + "\"," +
                       "\"app_name\":\"files\"," + (appUri != null ? "\"app_uri\":\"" + appUri + "\"," : "") + "\"success\":false,\"error\":\"" + error + "\"," +
                       "\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"id\":\"int64:3\",\"params\":{\"name\":\"read_file\"}}}";
            var e = Assert.Single(Read(line + "\n").Events);
            Assert.Equal(outcome, e.Outcome);
            Assert.True(e.IsFailure);
            Assert.Equal(reason, e.OutcomeReason != null);
            // The call surely failed; which side failed is certain on stdio/SSE only, and the reason says which it is.
            if (id == "TMCP-AUDIT-013") Assert.Contains("does not tell which", e.OutcomeReason, StringComparison.Ordinal);
            if (id == "TMCP-AUDIT-013") Assert.StartsWith(appUri == null ? "Without the event's app_uri" : appUri.StartsWith("mcp+", StringComparison.Ordinal) ? "On a streamable HTTP app" : "With an app_uri whose scheme names no MCP transport", e.OutcomeReason, StringComparison.Ordinal);
            if (id == "TMCP-AUDIT-012") Assert.Contains("access check failed with an error", e.OutcomeReason, StringComparison.Ordinal);
            // audit-failures.catalog.yaml: the failed check and the undecidable side each have their own finding.
            Assert.Equal(id, AuditFindings.ToFinding(e).Id);
            // Every row is a call that did not run: an Error, as TMCP-AUDIT-005 reported a streamable HTTP transport error before 013.
            Assert.Equal(Severity.Error, AuditFindings.ToFinding(e).Severity);
        }

        /// <summary>
        /// PR #66989's rejection of a tools/call that names no tool has its own audited text on every transport:
        /// lib/srv/mcp/session.go @2e72a89b processClientRequest -> makeInvalidRequestResponse(req, errInvalidRequestMissingName)
        /// (-32600, data trace.BadParameterError `"name" parameter missing`); onClientRequest (stdio, SSE) and http.go
        /// handleMCPMessage (streamable HTTP) audit toError(resp): the data error's text, through mark3labs/mcp-go
        /// JSONRPCErrorDetails.AsError (mcp/errors.go @04b3c3b1: ErrInvalidRequest "invalid request", "%w: %s"). Neither the
        /// roles' refusal nor an upstream failure, so its side is known on streamable HTTP too. The same agents audit a
        /// denial as "invalid params: " + the checker's text (toError of makeToolAccessDeniedResponse), still a denial.
        /// </summary>
        [Theory]
        [InlineData("mcp+stdio://", "invalid request: \\\"name\\\" parameter missing", AuditOutcome.Failed, true, "TMCP-AUDIT-042")]
        [InlineData("mcp+sse+https://mcp.example.com/sse", "invalid request: \\\"name\\\" parameter missing", AuditOutcome.Failed, true, "TMCP-AUDIT-042")]
        [InlineData("mcp+https://mcp.example.com/mcp", "invalid request: \\\"name\\\" parameter missing", AuditOutcome.Failed, true, "TMCP-AUDIT-042")]
        [InlineData(null, "invalid request: \\\"name\\\" parameter missing", AuditOutcome.Failed, true, "TMCP-AUDIT-042")]
        // The data error's own text without mcp-go's sentinel: no mcp-go with AsError writes it (v0.41.0 to v0.58.0 and
        // v1.0.0-beta.1 all wrap -32600 as "invalid request: %s"), so it is not the rejection (helper-314, session 46).
        [InlineData("mcp+https://mcp.example.com/mcp", "\\\"name\\\" parameter missing", AuditOutcome.Failed, false, "TMCP-AUDIT-013")]
        [InlineData("mcp+stdio://", "\\\"name\\\" parameter missing", AuditOutcome.Failed, false, "TMCP-AUDIT-012")]
        // Not the rejection: another key, more text after it.
        [InlineData("mcp+https://mcp.example.com/mcp", "invalid request: \\\"Name\\\" parameter missing", AuditOutcome.Failed, false, "TMCP-AUDIT-013")]
        [InlineData("mcp+stdio://", "invalid request: \\\"name\\\" parameter missing, retry", AuditOutcome.Failed, false, "TMCP-AUDIT-012")]
        // The denial of the same agents: "invalid params: " before the checker's text.
        [InlineData("mcp+https://mcp.example.com/mcp", "invalid params: access to app denied. User does not have permissions. ", AuditOutcome.Denied, false, "TMCP-AUDIT-001")]
        public void PR_66989s_rejection_of_a_nameless_call_is_known_on_every_transport(string appUri, string error, AuditOutcome outcome, bool rejected, string id)
        {
            var line = "{\"ei\":0,\"event\":\"mcp.session.request\",\"code\":\"TMCP003E\",\"time\":\"2026-07-20T09:15:00.042Z\",\"user\":\"bob\",\"sid\":\"" + Sid + "\"," +
                       "\"app_name\":\"files\"," + (appUri != null ? "\"app_uri\":\"" + appUri + "\"," : "") + "\"success\":false,\"error\":\"" + error + "\"," +
                       "\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"id\":\"int64:4\",\"params\":{\"arguments\":{}}}}";
            var e = Assert.Single(Read(line + "\n").Events);
            Assert.Equal(outcome, e.Outcome);
            Assert.Equal(rejected, e.NamelessRejected);
            if (rejected)
            {
                Assert.True(e.NoRbacDecision);
                Assert.False(e.RbacDecisionUnknown);
                Assert.Equal(AuditEventReader.NamelessRejectionReason, e.OutcomeReason);
            }
            Assert.Equal(id, AuditFindings.ToFinding(e).Id);
            Assert.Equal(Severity.Error, AuditFindings.ToFinding(e).Severity);
        }

        /// <summary>The transport is read from the app_uri, so a finding follows the URI the event has now.</summary>
        [Fact]
        public void TheTransportFollowsTheAppUri()
        {
            var line = "{\"ei\":0,\"event\":\"mcp.session.request\",\"code\":\"TMCP003E\",\"user\":\"bob\",\"sid\":\"" + Sid + "\",\"app_name\":\"files\"," +
                       "\"app_uri\":\"mcp+stdio://\",\"success\":false,\"error\":\"context canceled\",\"message\":{\"method\":\"tools/call\",\"params\":{\"name\":\"read_file\"}}}";
            var e = Assert.Single(Read(line + "\n").Events);
            // audit-failures.catalog.yaml: TMCP-AUDIT-012 is for stdio and SSE apps, 013 for streamable HTTP and no app_uri.
            Assert.Equal("TMCP-AUDIT-012", AuditFindings.ToFinding(e).Id);
            Assert.Equal("TMCP-AUDIT-012", AuditFindings.ToFinding(e).Id);
            e.AppUri = "mcp+https://mcp.example.com/mcp";
            Assert.Equal("TMCP-AUDIT-013", AuditFindings.ToFinding(e).Id);
            e.AppUri = null;
            Assert.Equal("TMCP-AUDIT-013", AuditFindings.ToFinding(e).Id);
            e.AppUri = "mcp+sse+https://mcp.example.com/sse";
            Assert.Equal("TMCP-AUDIT-012", AuditFindings.ToFinding(e).Id);
        }

        /// <summary>
        /// A tools/call denied over streamable HTTP, as lib/srv/mcp/http.go handleRequestAuthError records it: the auth
        /// error of processClientRequestNoAudit (session.go, the checker's error wrapped) goes to emitRequestEvent, and
        /// audit.go writes code TMCP003E, success false and error = err.Error() (lib/services/role.go checkAccess text),
        /// with the JSON-RPC id as a string (msg.ID.String()). An upstream HTTP failure (convertHTTPResponseErrorForAudit,
        /// "HTTP 403 Forbidden") is a failed request, not a denial.
        /// </summary>
        [Theory]
        [InlineData("access to app denied. User does not have permissions. ", AuditOutcome.Denied)]
        // Releases whose sessionCtx.checkAccessToTool refused the tool itself: trace.AccessDenied("access to MCP tool %q is denied").
        [InlineData("access to MCP tool \\\"printEnv\\\" is denied", AuditOutcome.Denied)]
        [InlineData("access to MCP tool \\\"say \\\\\\\"hi\\\\\\\"\\\" is denied", AuditOutcome.Denied)]
        [InlineData("HTTP 403 Forbidden", AuditOutcome.Failed)]
        [InlineData("HTTP 401 Unauthorized", AuditOutcome.Failed)]
        public void AToolCallDeniedOverStreamableHttpIsADenial(string error, AuditOutcome outcome)
        {
            var line = "{\"ei\":0,\"event\":\"mcp.session.request\",\"uid\":\"0f6a51e1-0d9b-4b5b-8f59-4d2e1f3c2a10\",\"code\":\"TMCP003E\",\"time\":\"2025-09-30T10:02:03.456Z\"," +
                       "\"cluster_name\":\"teleport.example.com\",\"user\":\"bob\",\"user_kind\":1,\"user_roles\":[\"mcp-user\"],\"sid\":\"" + Sid + "\",\"private_key_policy\":\"none\"," +
                       "\"app_uri\":\"mcp+http://127.0.0.1:8080/mcp\",\"app_name\":\"everything-http\",\"success\":false,\"error\":\"" + error + "\"," +
                       "\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"id\":\"3\",\"params\":{\"name\":\"printEnv\",\"arguments\":{}}}," +
                       "\"headers\":{\"Authorization\":[\"<REDACTED>\"],\"Mcp-Session-Id\":[\"3c9f\"]}}";
            foreach (var filter in new[] { new AuditEventFilter(), new AuditEventFilter { FailedOnly = true }, new AuditEventFilter { Tools = new[] { "printEnv" } } })
            {
                var e = Assert.Single(Read(line + "\n", filter).Events);
                Assert.Equal(outcome, e.Outcome);
                Assert.Equal(AuditEventKind.Request, e.Kind);
                Assert.Equal("printEnv", e.Tool);
                Assert.Equal("3", e.RequestId);
                Assert.Equal(System.Text.Json.JsonSerializer.Deserialize<string>("\"" + error + "\""), e.Error);
                Assert.False(e.Success);
            }
        }

        /// <summary>
        /// A role's mcp.tools entry that is no valid Go regexp: lib/srv/mcp/session.go checkAccessToTool returns
        /// trace.NewAggregate(authErr, err), its errors joined with ", ", whose text holds Go's "error parsing regexp: ..."
        /// (lib/utils/replace.go MatchString), and processClientRequest emits TMCP003E without forwarding the call. The
        /// call is refused by the access check, so the reader calls it Denied (and the replay agrees: today's decision is
        /// Error); it is TMCP-AUDIT-011, not the denial 001 nor the catch-all 005 ("check the remote MCP server's health"). A trace
        /// message before it puts a newline and tab there, which the event's Error holds as \x0a\x09: no \b in the pattern.
        /// </summary>
        [Theory]
        [InlineData("tools/call", "error parsing regexp: missing closing ): `^(get|list.*$`", AuditOutcome.Denied, "TMCP-AUDIT-011")]
        [InlineData("tools/call", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`", AuditOutcome.Denied, "TMCP-AUDIT-011")]
        [InlineData("tools/call", "checking access to tool\\n\\terror parsing regexp: invalid escape sequence: `\\\\q`", AuditOutcome.Denied, "TMCP-AUDIT-011")]
        [InlineData("tools/call", "access to app denied. User does not have permissions. , error parsing regexp: missing closing ): `^(get|list.*$`", AuditOutcome.Denied, "TMCP-AUDIT-011")]
        [InlineData("tools/call", "error parsing regexp: missing closing ): `^(denied_.*$`", AuditOutcome.Denied, "TMCP-AUDIT-011")]
        [InlineData("tools/call", "access to app denied. User does not have permissions. ", AuditOutcome.Denied, "TMCP-AUDIT-001")]
        [InlineData("tools/call", "HTTP 500 Internal Server Error", AuditOutcome.Failed, "TMCP-AUDIT-005")]
        [InlineData("resources/read", "error parsing regexp: missing closing ): `^(get|list.*$`", AuditOutcome.Failed, "TMCP-AUDIT-005")]
        public void AToolCallThatAnInvalidRoleRegexFailedIsItsOwnFinding(string method, string error, AuditOutcome outcome, string id)
        {
            var line = "{\"ei\":0,\"event\":\"mcp.session.request\",\"code\":\"TMCP003E\",\"time\":\"2025-09-30T10:02:03.456Z\",\"user\":\"bob\",\"sid\":\"" + Sid + "\"," +
                       "\"app_name\":\"everything\",\"success\":false,\"error\":\"" + error + "\"," +
                       "\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"id\":\"3\",\"params\":{\"name\":\"list_files\"}}}";
            var e = Assert.Single(Read(line + "\n", new AuditEventFilter()).Events);
            Assert.Equal(outcome, e.Outcome);
            var f = AuditFindings.ToFinding(e);
            Assert.Equal(id, f.Id);
            if (id != "TMCP-AUDIT-011") return;
            Assert.Contains("mcp.tools entry of one of the user's roles is not a valid Go regular expression (" + e.Error + ")", f.Cause, StringComparison.Ordinal);
            Assert.Contains("did not reach the MCP server", f.Cause, StringComparison.Ordinal);
            Assert.DoesNotContain("health", f.Fix, StringComparison.Ordinal);
            Assert.Contains("`tctl get roles | Import-TeleportResource | Test-TeleportMcpRole -Lint`", f.Fix, StringComparison.Ordinal);
            Assert.Contains("-User bob -App everything -Tool list_files", f.Fix, StringComparison.Ordinal);
        }

        /// <summary>
        /// The Web UI has no export file (web/packages/teleport/src/Audit/Audit.tsx and EventList/EventList.tsx: a
        /// table with a Details button; teleport issue #20010, a CSV export, was closed unbuilt). What an admin can
        /// take from it is the Details dialog's text: EventDialog.tsx shows JSON.stringify(event.raw, null, 2), raw
        /// being the event's JSON from the web API (services/audit/makeEvent.ts) — pretty-printed with two spaces,
        /// and several copied one after the other. Written here exactly as JSON.stringify(…, null, 2) lays it out.
        /// </summary>
        [Fact]
        public void EventsCopiedFromTheWebUiDetailsDialogAreRead()
        {
            static string Stringify2(string code, string error, string tool, string id) =>
                "{\n" +
                "  \"app_name\": \"everything\",\n" +
                "  \"app_uri\": \"mcp+stdio://\",\n" +
                "  \"cluster_name\": \"teleport.example.com\",\n" +
                "  \"code\": \"" + code + "\",\n" +
                "  \"ei\": 0,\n" +
                (error != null ? "  \"error\": \"" + error + "\",\n" : "") +
                "  \"event\": \"mcp.session.request\",\n" +
                "  \"message\": {\n" +
                "    \"id\": \"" + id + "\",\n" +
                "    \"jsonrpc\": \"2.0\",\n" +
                "    \"method\": \"tools/call\",\n" +
                "    \"params\": {\n" +
                "      \"arguments\": {},\n" +
                "      \"name\": \"" + tool + "\"\n" +
                "    }\n" +
                "  },\n" +
                "  \"sid\": \"" + Sid + "\",\n" +
                "  \"success\": " + (error == null ? "true" : "false") + ",\n" +
                "  \"time\": \"2025-09-30T10:02:03.456Z\",\n" +
                "  \"uid\": \"80400ed9-644e-4a6e-ab99-b264b34d0f55\",\n" +
                "  \"user\": \"bob\",\n" +
                "  \"user_roles\": [\n" +
                "    \"mcp-user\"\n" +
                "  ]\n" +
                "}";
            var denied = Stringify2("TMCP003E", "access to app denied. User does not have permissions. ", "printEnv", "4");
            var allowed = Stringify2("TMCP003I", null, "echo", "5");
            var text = denied + "\n" + allowed + "\n\n" + denied + "\n";
            var (events, summary) = Read(text);
            Assert.Equal(3, events.Count);
            Assert.Equal(new long[] { 1, 27, 53 }, events.Select(e => e.Line));
            Assert.Equal(new[] { AuditOutcome.Denied, AuditOutcome.Success, AuditOutcome.Denied }, events.Select(e => e.Outcome));
            Assert.Equal("printEnv", events[0].Tool);
            Assert.Equal(new[] { "mcp-user" }, events[0].UserRoles);
            Assert.Equal(0, summary.Malformed);
            Assert.Equal(0, summary.TruncatedAtLine);

            // Only the failures, and a copy cut short at the end (the dialog's text not selected to its end).
            var failed = Read(text + denied.Substring(0, 200), new AuditEventFilter { FailedOnly = true });
            Assert.Equal(2, failed.Events.Count);
            Assert.Equal(79, failed.Summary.TruncatedAtLine);
            Assert.Equal(0, failed.Summary.Malformed);
        }

        [Fact]
        public void ControlCharactersAreEscapedAndSecretsRedacted()
        {
            var (events, _) = Read(Ev("TMCP003E", "\"user\":\"ev\\u001b[31mil\",\"error\":\"upstream said Authorization: Bearer abcdefghijklmnop\"") + "\n");
            var e = Assert.Single(events);
            Assert.DoesNotContain('\u001b', e.User);
            Assert.Contains("\\x1b", e.User, StringComparison.Ordinal);
            Assert.DoesNotContain("abcdefghijklmnop", e.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void CertificateRolesAndTraitsAreRead()
        {
            var (events, _) = Read(Ev("TMCP003E", "\"user_roles\":[\"access\",\"dev\"],\"user_traits\":{\"logins\":[\"bob\"],\"mcp_tools\":[]}") + "\n");
            var e = Assert.Single(events);
            Assert.Equal(new[] { "access", "dev" }, e.UserRoles);
            Assert.Empty(e.UserTraits["mcp_tools"]);
            Assert.Equal(new[] { "bob" }, e.UserTraits["logins"]);
        }

        [Theory]
        [InlineData("bob", null, null, null, null, false, 3)]
        [InlineData("b*", null, null, null, null, false, 3)]
        [InlineData("alice", null, null, null, null, false, 1)]
        [InlineData(null, "other", null, null, null, false, 1)]
        [InlineData(null, null, "print?nv", null, null, false, 1)]
        [InlineData(null, null, null, "2025-05-23T11:00:01Z", null, false, 3)]
        [InlineData(null, null, null, null, "2025-05-23T11:00:01Z", false, 2)]
        [InlineData(null, null, null, null, null, true, 2)]
        public void Filters(string user, string app, string tool, string since, string until, bool failedOnly, int expected)
        {
            var text = Ev("TMCP001I", "\"user\":\"bob\",\"time\":\"2025-05-23T11:00:00Z\"") + "\n" +
                       Ev("TMCP003E", "\"user\":\"bob\",\"time\":\"2025-05-23T11:00:01Z\",\"error\":\"access denied\",\"message\":{\"method\":\"tools/call\",\"params\":{\"name\":\"printEnv\"}}") + "\n" +
                       Ev("TMCP002I", "\"user\":\"bob\",\"time\":\"2025-05-23T11:00:02Z\"") + "\n" +
                       Ev("TMCP005E", "\"user\":\"alice\",\"app_name\":\"other\",\"time\":\"2025-05-23T11:00:03Z\"") + "\n";
            var filter = new AuditEventFilter
            {
                Users = user == null ? null : new[] { user },
                Apps = app == null ? null : new[] { app },
                Tools = tool == null ? null : new[] { tool },
                Since = since == null ? (DateTime?)null : DateTime.Parse(since, CultureInfo.InvariantCulture).ToUniversalTime(),
                Until = until == null ? (DateTime?)null : DateTime.Parse(until, CultureInfo.InvariantCulture).ToUniversalTime(),
                FailedOnly = failedOnly,
            };
            Assert.Equal(expected, Read(text, filter).Events.Count);
        }

        [Theory]
        [InlineData("*", "", true)]
        [InlineData("a*b*c", "aXXbYc", true)]
        [InlineData("a*b*c", "aXXbY", false)]
        [InlineData("?", "", false)]
        [InlineData("read_*", "read_file", true)]
        [InlineData("Bob", "bob", false)]
        public void GlobIsOrdinalWithStarAndQuestionMark(string pattern, string value, bool match) =>
            Assert.Equal(match, AuditEventFilter.Glob(pattern, 0, value, 0));

        [Fact]
        public void ThePreCheckFindsTheMarkerAnywhereAndOnlyThere()
        {
            foreach (var text in new[] { "mcp.session.", "x mcp.session.start", "..........mcp.session.", "mcp.sessionmcp.session.x" })
                Assert.True(AuditEventReader.Contains(text.ToCharArray(), 0, text.Length), text);
            foreach (var text in new[] { "", "mcp.session", "mcp_session.", "mcp.sessions", "MCP.SESSION." })
                Assert.False(AuditEventReader.Contains(text.ToCharArray(), 0, text.Length), text);
        }

        [Fact]
        public void TheExampleAuditLogFitsTheScenario()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "examples", "audit", "events-2025-09-30.log");
            var events = new List<AuditEvent>();
            var reader = new AuditEventReader(path, null, events.Add);
            LogFileReader.Scan(path, reader);
            Assert.Equal(0, reader.Summary.Malformed);
            var bob = Assert.Single(events, e => e.User == "bob" && e.Tool == "printEnv");
            Assert.Equal(AuditOutcome.Denied, bob.Outcome);
            Assert.DoesNotContain(events, e => e.User == "alice" && e.IsFailure);
            Assert.Equal(new[] { "TAAC004E", "TAAC004I", "TMCP001I", "TMCP002E", "TMCP002I", "TMCP003E", "TMCP003I", "TMCP004E", "TMCP004I", "TMCP005E", "TMCP006E" },
                events.Select(e => e.Code).Distinct().OrderBy(c => c, StringComparer.Ordinal));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void TheByteLevelPathAgreesWithTheDecodingPath(bool pretty)
        {
            // UTF-8 input goes through LogFileReader's literal filter (raw bytes); UTF-16 input is decoded line by line.
            var sb = new StringBuilder();
            var r = new Random(7);
            if (pretty) sb.Append("[\n");
            for (int i = 0; i < 3000; i++)
            {
                string line = r.Next(10) switch
                {
                    0 => Ev("TMCP003E", "\"error\":\"access denied\",\"message\":{\"method\":\"tools/call\",\"params\":{\"name\":\"t" + i + "\"}}"),
                    1 => Ev("TMCP001I", "\"client_info\":\"c/" + i + "\""),
                    2 => "",
                    3 => i % 500 == 0 && !pretty ? "garbage " + i : "{\"event\":\"user.login\",\"n\":" + i + "}",
                    4 => "{\"event\":\"session.data\",\"data\":\"" + new string('x', r.Next(0, 70000)) + "\"}",
                    _ => "{\"event\":\"cert.create\",\"note\":\"caf\u00e9 \u2603\",\"i\":" + i + "}",
                };
                sb.Append(line).Append(pretty && line.Length > 0 ? ",\n" : "\n");
            }
            if (pretty) sb.Append("{}\n]\n");
            else sb.Append(Ev("TMCP002E", "\"error\":\"x\"").Substring(0, 70));
            var text = sb.ToString();
            AuditReadSummary Run(Encoding enc, List<AuditEvent> into)
            {
                var reader = new AuditEventReader("x", null, into.Add);
                var bytes = enc.GetPreamble().Concat(enc.GetBytes(text)).ToArray();
                LogFileReader.Scan(new MemoryStream(bytes), reader);
                return reader.Summary;
            }
            var viaBytes = new List<AuditEvent>();
            var viaChars = new List<AuditEvent>();
            var a = Run(new UTF8Encoding(false), viaBytes);
            var b = Run(new UnicodeEncoding(false, true), viaChars);
            Assert.True(viaBytes.Count > 500);
            Assert.Equal(viaChars.Select(e => e.Line + e.Code + e.Tool + e.ClientInfo), viaBytes.Select(e => e.Line + e.Code + e.Tool + e.ClientInfo));
            Assert.Equal(b.Lines, a.Lines);
            Assert.Equal(b.McpEvents, a.McpEvents);
            Assert.Equal(b.AppAuthConfigVerifyEvents, a.AppAuthConfigVerifyEvents);
            Assert.Equal(b.Malformed, a.Malformed);
            Assert.Equal(b.FirstMalformedLine, a.FirstMalformedLine);
            Assert.Equal(b.TruncatedAtLine, a.TruncatedAtLine);
        }

        // The reader's line buffers (a decoded UTF-8 line; a decoded line encoded back to UTF-8 for its one scan) grow to the
        // longest accepted line. After one long line (1 Mi characters, under AuditEventMaxChars) the next normal line gives
        // them back down to what a line of 64 Ki characters needs: counted after each line, both paths (a piped string, a
        // file's UTF-8 line decoded because it does not end with '}'). Before: 3 MiB (encoded) / 2 MiB (decoded) held to the end.
        [Theory]
        [InlineData("piped string")]
        [InlineData("utf-8 line decoded")]
        public void A_long_lines_buffer_is_given_back_by_the_next_normal_line(string path)
        {
            var events = new List<AuditEvent>();
            var reader = new AuditEventReader("audit.log", new AuditEventFilter { FailedOnly = true }, events.Add);
            var utf8 = new UTF8Encoding(false);
            long kept = utf8.GetMaxByteCount(64 * 1024) + 2L * utf8.GetMaxCharCount(64 * 1024);
            string huge = Ev("TMCP003E", "\"error\":\"huge\",\"pad\":\"" + new string('x', 1 << 20) + "\"");
            string normal = Ev("TMCP003E", "\"error\":\"small\"");
            // A trailing ',' (an array's element) sends a file's UTF-8 line to the decoded path.
            string suffix = path == "piped string" ? "" : ",";
            void Feed(string line)
            {
                if (path == "piped string") reader.FeedLine(line + suffix);
                else
                {
                    var bytes = utf8.GetBytes(line + suffix);
                    reader.FeedUtf8Line(bytes, 0, bytes.Length);
                }
            }
            Feed(normal);
            Assert.True(reader.LineBufferBytes <= kept, "before the long line: " + reader.LineBufferBytes);
            Feed(huge);
            long afterHuge = reader.LineBufferBytes;
            Assert.True(afterHuge > 1 << 20, "the long line's buffer: " + afterHuge);
            var after = new List<long>();
            for (int i = 0; i < 3; i++)
            {
                Feed(normal);
                after.Add(reader.LineBufferBytes);
            }
            reader.Flush();
            Assert.All(after, b => Assert.True(b <= kept, "after the long line: " + string.Join(", ", after) + " (kept " + kept + ")"));
            // What was read is the same: the five failed events, the long one among them.
            Assert.Equal(5, events.Count);
            Assert.Equal(5, reader.Summary.Lines);
            Assert.Equal(new[] { "small", "huge", "small", "small", "small" }, events.Select(e => e.Error));
        }

        internal static string Ev(string code, string extra)
        {
            string type = code.StartsWith("TMCP001", StringComparison.Ordinal) ? "mcp.session.start" : code.StartsWith("TMCP002", StringComparison.Ordinal) ? "mcp.session.end" : code.StartsWith("TMCP003", StringComparison.Ordinal) ? "mcp.session.request"
                : code.StartsWith("TMCP004", StringComparison.Ordinal) ? "mcp.session.notification" : code.StartsWith("TMCP005", StringComparison.Ordinal) ? "mcp.session.listen_sse_stream" : "mcp.session.invalid_http_request";
            var fields = new Dictionary<string, string>
            {
                ["code"] = "\"" + code + "\"", ["event"] = "\"" + type + "\"", ["time"] = "\"2025-05-23T11:11:11Z\"", ["user"] = "\"bob\"", ["app_name"] = "\"everything\"",
                ["sid"] = "\"" + Sid + "\"", ["success"] = code.EndsWith("E", StringComparison.Ordinal) ? "false" : "true",
            };
            // Later keys in extra replace the defaults (the JSON parser keeps the last duplicate).
            return "{" + string.Join(",", fields.Select(kv => "\"" + kv.Key + "\":" + kv.Value)) + (extra.Length > 0 ? "," + extra : "") + "}";
        }
    }
}
