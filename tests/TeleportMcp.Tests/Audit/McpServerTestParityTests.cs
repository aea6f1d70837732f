using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>
    /// Rows of Teleport's own lib/srv/mcp tests, each given to the module as what Teleport produces there (the audit event it
    /// emits, the app it reads) and checked for the same answer. Each row names the Teleport test file, its commit (or index
    /// id where the index gave no commit) and the case. The RBAC rows of the same files are in Data/Rbac/upstream-parity.json.
    /// </summary>
    public class McpServerTestParityTests
    {
        private const string Sid = "6593cf87-9839-4f18-abf8-c54873aaeb4e";

        private static AuditEvent Event(string code, string type, string appUri, string extra)
        {
            var line = "{\"ei\":0,\"event\":\"" + type + "\",\"code\":\"" + code + "\",\"time\":\"2026-07-20T09:15:00.042Z\",\"user\":\"ai\",\"sid\":\"" + Sid + "\"," +
                       "\"app_name\":\"test-http\",\"app_uri\":\"" + appUri + "\"," + extra + "}";
            return Assert.Single(AuditEventReaderTests.Read(line + "\n").Events);
        }

        /// <summary>
        /// The tools/call events Teleport emits in its tests, as the module reads them: which tool the event names (Teleport
        /// decides on params["name"] only, a string under the key spelled so: mcputils JSONRPCParams.GetName), the outcome, and
        /// whether it is PR #66989's rejection. Error texts as audited: toError(resp) puts the data error's text in the message,
        /// then mark3labs/mcp-go AsError prefixes "invalid params: " (-32602) or "invalid request: " (-32600) (lib/srv/mcp/session.go
        /// @2e72a89b toError; mcp/errors.go at v0.41.0 to v0.58.0); the checker's text is lib/services/role.go checkAccess's.
        /// </summary>
        [Theory]
        // http_test.go (index id 55285772519; session.go @2e72a89b8729c491667caa5b758a8298278ecfe0) Test_Server_HandleSession_reject_req_missing_name:
        // "canonical lower-case name param": denied_tool is refused by the role (INVALID_PARAMS, "User does not have permissions").
        [InlineData("reject_req_missing_name: canonical name, denied", "TMCP003E", "false", "{\"name\":\"denied_tool\"}",
            "invalid params: access to app denied. User does not have permissions. ", "denied_tool", AuditOutcome.Denied, false)]
        // "non-canonical capitalized Name param is rejected": sanitize.go drops "Name" before the audit, so params are empty.
        [InlineData("reject_req_missing_name: only Name (pruned before the audit)", "TMCP003E", "false", "{}",
            "invalid request: \\\"name\\\" parameter missing", null, AuditOutcome.Failed, true)]
        // The same call audited by an agent that keeps the key (the rejection's text is the same: GetName misses "Name").
        [InlineData("reject_req_missing_name: only Name (kept)", "TMCP003E", "false", "{\"Name\":\"denied_tool\"}",
            "invalid request: \\\"name\\\" parameter missing", null, AuditOutcome.Failed, true)]
        // "empty name param is rejected".
        [InlineData("reject_req_missing_name: empty name", "TMCP003E", "false", "{\"name\":\"\"}",
            "invalid request: \\\"name\\\" parameter missing", "", AuditOutcome.Failed, true)]
        // raw-1: Name/NaMe/NAME = allowed_tool beside name = denied_tool: refused, the event keeps only "name".
        [InlineData("reject_req_missing_name: raw-1 (event keeps name only)", "TMCP003E", "false", "{\"name\":\"denied_tool\"}",
            "invalid params: access to app denied. User does not have permissions. ", "denied_tool", AuditOutcome.Denied, false)]
        // raw-1 as an agent before sanitize.go would audit it, every key kept: the tool is still the one under "name".
        [InlineData("reject_req_missing_name: raw-1 (every key kept)", "TMCP003E", "false", "{\"Name\":\"allowed_tool\",\"NaMe\":\"allowed_tool\",\"name\":\"denied_tool\",\"NAME\":\"allowed_tool\"}",
            "invalid params: access to app denied. User does not have permissions. ", "denied_tool", AuditOutcome.Denied, false)]
        // raw-2: name = allowed_tool beside Name/NaMe/NAME = denied_tool: runs on the server.
        [InlineData("reject_req_missing_name: raw-2 (event keeps name only)", "TMCP003I", "true", "{\"name\":\"allowed_tool\"}",
            null, "allowed_tool", AuditOutcome.Success, false)]
        [InlineData("reject_req_missing_name: raw-2 (every key kept)", "TMCP003I", "true", "{\"Name\":\"denied_tool\",\"NaMe\":\"denied_tool\",\"name\":\"allowed_tool\",\"NAME\":\"denied_tool\"}",
            null, "allowed_tool", AuditOutcome.Success, false)]
        // session_test.go @017843f1 Test_sessionHandler readonly: "deny "write_file" tool while allowed tool "search_files" /
        // "read_file" is passed with a non-canonical name param" (the event's params: only "name").
        [InlineData("Test_sessionHandler: deny write_file while search_files is passed as Name", "TMCP003E", "false", "{\"name\":\"write_file\"}",
            "invalid params: access to app denied. User does not have permissions. ", "write_file", AuditOutcome.Denied, false)]
        [InlineData("Test_sessionHandler: deny write_file while read_file is passed as NaMe/NAME (keys kept)", "TMCP003E", "false", "{\"Name\":\"read_file\",\"name\":\"write_file\",\"NaMe\":\"read_file\",\"NAME\":\"read_file\"}",
            "invalid params: access to app denied. User does not have permissions. ", "write_file", AuditOutcome.Denied, false)]
        // A name that is no string names no tool (GetName's type assertion fails), whatever the checker said.
        [InlineData("GetName: a number under name", "TMCP003E", "false", "{\"name\":7}",
            "invalid request: \\\"name\\\" parameter missing", null, AuditOutcome.Failed, true)]
        public void Tool_calls_of_teleports_tests_read_as_teleport_emits_them(string row, string code, string success, string paramsJson, string error,
            string tool, AuditOutcome outcome, bool rejected)
        {
            var extra = "\"success\":" + success + "," + (error != null ? "\"error\":\"" + error + "\"," : "") +
                        "\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"id\":\"int64:4\",\"params\":" + paramsJson + "}";
            var e = Event(code, "mcp.session.request", "mcp+https://mcp.example.com/mcp", extra);
            Assert.True(tool == e.Tool, row + ": tool " + (e.Tool ?? "(none)"));
            Assert.True(outcome == e.Outcome, row + ": outcome " + e.Outcome);
            Assert.True(rejected == e.NamelessRejected, row + ": rejection " + e.NamelessRejected);
        }

        /// <summary>
        /// http_test.go (index id 55285772519) Test_Server_HandleSession_remove_non_canonical_ID: a body whose id key is "ID" or
        /// "iD" is no request (mcputils reads keys case-sensitively), so Teleport handles and audits it as a notification
        /// (mcp.session.notification) and forwards it without an id; "id" is a request, checked and audited as one.
        /// </summary>
        [Theory]
        [InlineData("ID", "TMCP004I", "mcp.session.notification", AuditEventKind.Notification)]
        [InlineData("iD", "TMCP004I", "mcp.session.notification", AuditEventKind.Notification)]
        [InlineData("id", "TMCP003I", "mcp.session.request", AuditEventKind.Request)]
        public void A_call_without_an_id_key_is_a_notification(string idKey, string code, string type, AuditEventKind kind)
        {
            // The audited message keeps only the canonical keys (sanitize.go); a notification has no id.
            var id = idKey == "id" ? "\"id\":\"int64:100\"," : "";
            var e = Event(code, type, "mcp+https://mcp.example.com/mcp", "\"success\":true,\"message\":{\"jsonrpc\":\"2.0\"," + id + "\"method\":\"tools/call\",\"params\":{\"name\":\"test_tool\"}}");
            Assert.Equal(kind, e.Kind);
            Assert.Equal("tools/call", e.Method);
            Assert.Equal("test_tool", e.Tool);
            Assert.Equal(AuditOutcome.Success, e.Outcome);
        }

        /// <summary>
        /// http_test.go (index id 56680410740, the newer copy) Test_Server_HandleSession_request_sanitization, the rows its older
        /// copy (reject_req_missing_name) lacks: a capitalized message key ("Params", "Method", "ID") is not the canonical one,
        /// so Teleport reads the request without it (mcputils keys are case-sensitive) and sanitize.go prunes it before
        /// forwarding and auditing. Each row as the pruned event and as an agent that kept every key would write it.
        /// </summary>
        [Theory]
        // "Params" only: no params, so no name: the call is refused as nameless (requireToolNameMissingResponse).
        [InlineData("Params capitalized (pruned)", "TMCP003E", "false", "{\"jsonrpc\":\"2.0\",\"id\":\"int64:8\",\"method\":\"tools/call\"}",
            "invalid request: \\\"name\\\" parameter missing", "tools/call", null, AuditOutcome.Failed, true)]
        [InlineData("Params capitalized (kept)", "TMCP003E", "false", "{\"jsonrpc\":\"2.0\",\"id\":\"int64:8\",\"method\":\"tools/call\",\"Params\":{\"name\":\"denied_tool\"}}",
            "invalid request: \\\"name\\\" parameter missing", "tools/call", null, AuditOutcome.Failed, true)]
        // "Method": "tools/call" beside "method": "ping": the request is a ping, forwarded and answered {}; no tool is called.
        [InlineData("Method capitalized (pruned)", "TMCP003I", "true", "{\"jsonrpc\":\"2.0\",\"id\":\"int64:9\",\"method\":\"ping\",\"params\":{\"name\":\"denied_tool\"}}",
            null, "ping", null, AuditOutcome.Success, false)]
        [InlineData("Method capitalized (kept)", "TMCP003I", "true", "{\"jsonrpc\":\"2.0\",\"id\":\"int64:9\",\"method\":\"ping\",\"Method\":\"tools/call\",\"params\":{\"name\":\"denied_tool\"}}",
            null, "ping", null, AuditOutcome.Success, false)]
        // Every field doubled: ID/id, Method/method, Params/params and Name/NaMe/name/NAME: the canonical ones decide, allowed_tool runs.
        [InlineData("multiple non-canonical fields (pruned)", "TMCP003I", "true", "{\"jsonrpc\":\"2.0\",\"id\":\"int64:9\",\"method\":\"tools/call\",\"params\":{\"name\":\"allowed_tool\"}}",
            null, "tools/call", "allowed_tool", AuditOutcome.Success, false)]
        [InlineData("multiple non-canonical fields (kept)", "TMCP003I", "true", "{\"jsonrpc\":\"2.0\",\"ID\":100,\"id\":\"int64:9\",\"Method\":\"ping\",\"method\":\"tools/call\",\"Params\":{\"a\":\"b\"},\"params\":{\"Name\":\"denied_tool\",\"NaMe\":\"denied_tool\",\"name\":\"allowed_tool\",\"NAME\":\"denied_tool\"}}",
            null, "tools/call", "allowed_tool", AuditOutcome.Success, false)]
        public void Request_sanitization_rows_read_as_teleport_emits_them(string row, string code, string success, string message, string error,
            string method, string tool, AuditOutcome outcome, bool rejected)
        {
            var extra = "\"success\":" + success + "," + (error != null ? "\"error\":\"" + error + "\"," : "") + "\"message\":" + message;
            var e = Event(code, "mcp.session.request", "mcp+https://mcp.example.com/mcp", extra);
            Assert.True(AuditEventKind.Request == e.Kind, row + ": kind " + e.Kind);
            Assert.True(method == e.Method, row + ": method " + e.Method);
            Assert.True(tool == e.Tool, row + ": tool " + (e.Tool ?? "(none)"));
            Assert.True(outcome == e.Outcome, row + ": outcome " + e.Outcome);
            Assert.True(rejected == e.NamelessRejected, row + ": rejection " + e.NamelessRejected);
        }

        private static App ReadApp(string headersYaml)
        {
            var text = "kind: app\nversion: v3\nmetadata: {name: test-http}\nspec:\n  uri: mcp+https://example.com/mcp\n" +
                       (headersYaml == null ? "" : "  rewrite:\n    headers:\n" + headersYaml);
            return ResourceReader.ReadText(text, "app.yaml").Select(i => i.Resource).OfType<App>().Single();
        }

        /// <summary>
        /// auth_test.go @13cf040d837683a0130f0953bb8c93cdd42fa643 Test_rewriteAuthDetails: which Teleport-minted tokens an app's
        /// rewrite headers take (auth.go newRewriteAuthDetails: each value through ApplyValueTraits with jwt and id_token
        /// only; an ID token is minted only when one takes it). The module's header plan (no user given) must need the same
        /// tokens; "auth header" rows: an Authorization entry the App Service sets (rewriteAuthHeader).
        /// </summary>
        [Theory]
        [InlineData("nil", null, "", false)]
        [InlineData("auth header", "    - {name: Authorization, value: Bearer abcdef}\n", "", true)]
        [InlineData("auth header with external traits", "    - {name: Authorization, value: 'Bearer {{external.abcdef}}'}\n", "", true)]
        [InlineData("jwt", "    - {name: X-API-Key, value: '{{internal.jwt}}'}\n", "jwt", false)]
        [InlineData("id token", "    - {name: Authorization, value: 'Bearer {{internal.id_token}}'}\n", "id_token", true)]
        [InlineData("multiple ", "    - {name: foo, value: bar}\n    - {name: Authorization, value: 'Bearer {{internal.id_token}}'}\n    - {name: X-API-Key, value: '{{internal.jwt}}'}\n", "id_token,jwt", true)]
        // Not Teleport's rows: the same rule (ApplyValueTraits with the two token traits) on other spellings.
        [InlineData("external namespace reads the token trait too", "    - {name: X-API-Key, value: '{{external.jwt}}'}\n", "jwt", false)]
        [InlineData("lower-case authorization", "    - {name: authorization, value: 'Bearer {{internal.jwt}}'}\n", "jwt", true)]
        public void Rewrite_auth_details_of_teleports_test(string row, string headersYaml, string tokens, bool authorizationRewritten)
        {
            var plan = HeaderPlan.Build(ReadApp(headersYaml), null, null, null);
            var got = string.Join(",", plan.Decisions.Where(d => d.Fate == HeaderFate.NeedsTeleportToken).Select(d => d.Token).Distinct().OrderBy(t => t, StringComparer.Ordinal));
            Assert.True(tokens == got, row + ": tokens " + got);
            bool auth = plan.Decisions.Any(d => d.Fate != HeaderFate.Dropped && string.Equals(d.Entry.Name, "Authorization", StringComparison.OrdinalIgnoreCase));
            Assert.True(authorizationRewritten == auth, row + ": Authorization rewritten " + auth);
        }
    }
}
