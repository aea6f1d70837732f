using System;
using System.Collections.Generic;
using System.IO;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// Teleport's own tables for what tsh mcp connect says and how it reads -H, row by row. Each message is the text
    /// tool/tsh/common/mcp_app.go (index id 57992233809) makeMCPReconnectUserMessageWithAuthDetail builds for the row's
    /// error, for app "sentry" as the test passes it; the row's `contains` strings are checked on it first.
    /// </summary>
    public class TshUserMessageParityTests
    {
        private const string Timeout = "[MCP_CONNECTION_TIMEOUT] The request to MCP server \"sentry\" timed out before a response arrived. Retry once. If it times out again, check the remote MCP server's health and the Teleport Application Service logs; restarting the MCP client will not fix a repeatedly slow upstream.";

        // tool/tsh/common/mcp_app_test.go @0172e726 TestMakeMCPReconnectUserMessage: row name, tsh's message, catalog id.
        public static IEnumerable<object[]> ReconnectRows() => new[]
        {
            new object[] { "upstream login required", "[MCP_AUTH_REQUIRED] MCP server \"sentry\" rejected the request with HTTP 401. Run `tsh mcp login sentry` in a terminal, then retry. Do not use the MCP client's built-in OAuth login for a Teleport endpoint.", "TMCP-LOG-121", new[] { "[MCP_AUTH_REQUIRED]", "tsh mcp login sentry", "HTTP 401" } },
            new object[] { "client OAuth resource mismatch", "[MCP_AUTH_FLOW_MISMATCH] The MCP client tried to authenticate directly through Teleport's local endpoint, but the OAuth server only accepts its public resource URL. Run `tsh mcp login sentry` in a terminal instead, then retry in the MCP client.", "TMCP-LOG-122", new[] { "[MCP_AUTH_FLOW_MISMATCH]", "tsh mcp login sentry", "local endpoint" } },
            new object[] { "connection timeout", Timeout, "TMCP-LOG-129", new[] { "[MCP_CONNECTION_TIMEOUT]", "timed out", "Application Service logs" } },
            new object[] { "upstream gateway timeout", Timeout, "TMCP-LOG-129", new[] { "[MCP_CONNECTION_TIMEOUT]", "timed out", "Application Service logs" } },
            new object[] { "invalid remote session", "[MCP_SESSION_EXPIRED] MCP server \"sentry\" rejected the saved MCP session (HTTP 404). Restart the MCP client to create a new session. If this repeats, the remote server may be losing session state.", "TMCP-LOG-124", new[] { "[MCP_SESSION_EXPIRED]", "HTTP 404", "Restart the MCP client" } },
            new object[] { "upstream internal error", "[MCP_UPSTREAM_ERROR] MCP server \"sentry\" or the Teleport Application Service returned an HTTP 5xx error. Retry once, then check the remote server's health and the Application Service logs.", "TMCP-LOG-128", new[] { "[MCP_UPSTREAM_ERROR]", "HTTP 5xx", "Application Service logs" } },
            new object[] { "attributed app service error", "[MCP_TELEPORT_ERROR] The Teleport Application Service failed to proxy the request to MCP server \"sentry\" (HTTP 500: failed to rewrite headers). This is a Teleport-side failure; check the Teleport Application Service logs for details.", "TMCP-LOG-126", new[] { "[MCP_TELEPORT_ERROR]", "HTTP 500", "failed to rewrite headers", "Application Service logs" } },
            new object[] { "attributed upstream error", "[MCP_UPSTREAM_ERROR] MCP server \"sentry\" returned HTTP 500: database connection lost. Retry once, then check the remote server's health.", "TMCP-LOG-128", new[] { "[MCP_UPSTREAM_ERROR]", "\"sentry\" returned HTTP 500", "database connection lost", "remote server's health" } },
            new object[] { "attributed upstream unreachable", "[MCP_UPSTREAM_UNREACHABLE] The Teleport Application Service could not reach MCP server \"sentry\" (HTTP 502: Bad Gateway). Check the remote server's health and its network connectivity from the Application Service.", "TMCP-LOG-127", new[] { "[MCP_UPSTREAM_UNREACHABLE]", "could not reach", "HTTP 502", "Bad Gateway" } },
            new object[] { "unattributed HTTP 5xx", "[MCP_UPSTREAM_ERROR] MCP server \"sentry\" or the Teleport Application Service returned HTTP 500: Internal Server Error. Retry once, then check the remote server's health and the Application Service logs.", "TMCP-LOG-128", new[] { "[MCP_UPSTREAM_ERROR]", "or the Teleport Application Service", "HTTP 500" } },
            new object[] { "unattributed gateway timeout", Timeout, "TMCP-LOG-129", new[] { "[MCP_CONNECTION_TIMEOUT]", "timed out" } },
            new object[] { "null collection", "[MCP_PROTOCOL_ERROR] MCP server \"sentry\" returned null where the MCP client requires an array. Update tsh to a build containing the empty-tools-array fix and reconnect the MCP client.", "TMCP-LOG-132", new[] { "[MCP_PROTOCOL_ERROR]", "returned null", "empty-tools-array fix" } },
        };

        [Theory]
        [MemberData(nameof(ReconnectRows))]
        public void TshReconnectMessageIsKnownAndNamesItsApp(string row, string message, string id, string[] contains)
        {
            foreach (var want in contains) Assert.True(message.Contains(want, StringComparison.Ordinal), row + ": the message lacks " + want);
            string path = Path.Combine(Path.GetTempPath(), "tmcp-tshrow-" + Guid.NewGuid().ToString("N") + ".txt");
            File.WriteAllText(path, "2026-03-01T10:00:11.000Z " + message + "\n");
            List<Finding> found;
            try { found = LogCorpusTests.Scan(path); }
            finally { File.Delete(path); }
            var f = Assert.Single(found);
            Assert.True(id == f.Id, row + ": " + f.Id);
            Assert.True(f.App == "sentry", row + ": app " + (f.App ?? "(none)"));
        }

        // Without an app name tsh writes `tsh mcp login <server-name>`: a placeholder, never an app.
        [Fact]
        public void A_login_placeholder_is_no_app()
        {
            string path = Path.Combine(Path.GetTempPath(), "tmcp-tshrow-" + Guid.NewGuid().ToString("N") + ".txt");
            File.WriteAllText(path, "[MCP_AUTH_FLOW_MISMATCH] The MCP client tried to authenticate directly through Teleport's local endpoint, but the OAuth server only accepts its public resource URL. Run `tsh mcp login <server-name>` in a terminal instead, then retry in the MCP client.\n");
            List<Finding> found;
            try { found = LogCorpusTests.Scan(path); }
            finally { File.Delete(path); }
            var f = Assert.Single(found);
            Assert.Equal("TMCP-LOG-122", f.Id);
            Assert.True(string.IsNullOrEmpty(f.App), "app " + f.App);
        }

        // tool/tsh/common/mcp_app_test.go @0172e726 Test_parseHTTPHeaders and Test_mcpConfigCommand's header rows:
        // strings.Cut at the first ':', both sides strings.TrimSpace; no ':' is `malformed header %q`.
        [Theory]
        [InlineData("a:b", "a", "b", null)]
        [InlineData("c: d", "c", "d", null)]
        [InlineData("H1: v1", "H1", "v1", null)]
        [InlineData("H2:v2", "H2", "v2", null)]
        [InlineData("a=b", null, null, "malformed header \"a=b\"")]
        [InlineData("H1=v1", null, null, "malformed header \"H1=v1\"")]
        public void TshHeaderArgumentsParseAsTshParsesThem(string raw, string name, string value, string error)
        {
            bool ok = HeaderRules.TryParseClientHeader(raw, out var n, out var v, out var e);
            Assert.Equal(error == null, ok);
            Assert.Equal(name, n);
            Assert.Equal(value, v);
            Assert.Equal(error, e);
        }
    }
}
