using System;
using System.Globalization;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>
    /// server-everything (tests/npm) in streamableHttp and sse modes, on loopback, behind tests/servers/mcp-http-fixture.mjs
    /// (header check, fixed status, TLS). Each test starts its own fixture on ports the OS picks and ends it.
    /// </summary>
    public class HttpProbeTests
    {
        private const string Key = "s3cret-key-0123456789";

        internal static string RepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "TeleportMcp.sln"))) dir = dir.Parent;
            Assert.True(dir != null, "repository root not found above " + AppContext.BaseDirectory);
            return dir.FullName;
        }

        /// <summary>One fixture process; Dispose ends it and checks that it is gone.</summary>
        internal sealed class Fixture : IDisposable
        {
            private readonly Process _p;
            public int Port { get; }

            public Fixture(string mode, params string[] extra)
            {
                var root = RepoRoot();
                var server = Path.Combine(root, "tests", "npm", "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
                Assert.True(File.Exists(server), server + " is missing: run tests/setup/20-npm.ps1 (npm ci in tests/npm) first.");
                var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
                psi.ArgumentList.Add(Path.Combine(root, "tests", "servers", "mcp-http-fixture.mjs"));
                foreach (var a in new[] { "--server", server, "--mode", mode }.Concat(extra)) psi.ArgumentList.Add(a);
                _p = Process.Start(psi);
                _p.ErrorDataReceived += (s, e) => { };
                _p.BeginErrorReadLine();
                var read = System.Threading.Tasks.Task.Run(() =>
                {
                    string line;
                    while ((line = _p.StandardOutput.ReadLine()) != null)
                        if (line.StartsWith("FIXTURE-PORT=", StringComparison.Ordinal)) return int.Parse(line.Substring(13), CultureInfo.InvariantCulture);
                    return 0;
                });
                // A guard against a fixture that never starts: node and server-everything may take many seconds to load on a busy machine.
                if (!read.Wait(120000) || read.Result == 0)
                {
                    Dispose();
                    throw new InvalidOperationException("the fixture did not start (mode " + mode + ")");
                }
                Port = read.Result;
                // Keep draining stdout (server-everything logs there) so the fixture never blocks on a full pipe.
                System.Threading.Tasks.Task.Run(() => { try { while (_p.StandardOutput.ReadLine() != null) { } } catch (Exception) { } });
            }

            public void Dispose()
            {
                ProcessTree.Kill(_p);
                Assert.True(_p.WaitForExit(10000), "the fixture process is still running");
                _p.Dispose();
            }
        }

        /// <summary>
        /// A loopback TCP socket bound to a port the OS picks, not listening: a connect to it is refused, and the port
        /// stays taken while the socket is open (a port freed and named later could meanwhile go to another test run on
        /// this machine, and then be answered).
        /// </summary>
        internal static Socket RefusingSocket()
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return s;
        }

        internal static int PortOf(Socket s) => ((IPEndPoint)s.LocalEndPoint).Port;

        /// <summary>An app read from teleport.yaml text, so the reader is part of every case.</summary>
        internal static App ConfigApp(string uri, string rewrite = null, bool insecure = false)
        {
            var yaml = "app_service:\n  enabled: true\n  apps:\n  - name: remote\n    uri: \"" + uri + "\"\n" +
                       (insecure ? "    insecure_skip_verify: true\n" : "") + (rewrite ?? "");
            return ResourceReader.ReadText(yaml, "teleport.yaml").Select(i => i.Resource).OfType<App>().Single();
        }

        internal static ProbeResult Probe(App app, StaticCheckOptions options = null, int timeoutSec = 120)
        {
            var report = StaticChecks.Run(app, options ?? new StaticCheckOptions());
            return HttpProbe.Run(report, new ProbeOptions { TimeoutSec = timeoutSec }, CancellationToken.None);
        }

        private static string Rewrite(string header) => "    rewrite:\n      headers:\n      - \"" + header + "\"\n";

        [Fact]
        public void Streamable_header_required_and_present_passes_and_keeps_the_session()
        {
            using var f = new Fixture("streamableHttp", "--require-header", "X-Api-Key: " + Key);
            var o = Probe(ConfigApp("mcp+http://127.0.0.1:" + f.Port + "/mcp", Rewrite("X-Api-Key: " + Key)));
            Assert.True(o.Stage == ProbeStage.Done, o.Message);
            Assert.Equal(CheckStatus.Pass, o.Status);
            Assert.Contains(o.Tools, t => t.Name == "echo");
            Assert.True(o.SessionKept);
            Assert.Equal(new[] { "X-Api-Key: ***" }, o.Headers);
            Assert.DoesNotContain(Key, o.Message + string.Join("", o.Headers) + string.Join("", o.Warnings), StringComparison.Ordinal);
        }

        [Fact]
        public void Streamable_header_required_and_absent_fails_401_and_names_rewrite_headers()
        {
            using var f = new Fixture("streamableHttp", "--require-header", "X-Api-Key: " + Key);
            var o = Probe(ConfigApp("mcp+http://127.0.0.1:" + f.Port + "/mcp"));
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Equal(ProbeStage.Initialize, o.Stage);
            Assert.Equal(401, o.HttpStatus);
            Assert.Contains("rewrite.headers", o.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain("Transport mismatch", o.Message, StringComparison.Ordinal);
        }

        // The final redaction of the message keeps the parenthesis that closes the list of headers sent.
        [Fact]
        public void Refused_credentials_are_listed_masked_with_their_closing_parenthesis()
        {
            using var f = new Fixture("streamableHttp", "--require-header", "X-Api-Key: " + Key);
            var o = Probe(ConfigApp("mcp+http://127.0.0.1:" + f.Port + "/mcp", Rewrite("X-Api-Key: wrong-" + Key)));
            Assert.Equal(401, o.HttpStatus);
            Assert.Contains("the server refused the credentials the App Service would send (X-Api-Key: ***); through Teleport", o.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, o.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Jwt_template_is_not_reproducible_and_not_a_server_fault()
        {
            using var f = new Fixture("streamableHttp", "--require-header", "Authorization: Bearer " + Key);
            var app = ConfigApp("mcp+http://127.0.0.1:" + f.Port + "/mcp", Rewrite("Authorization: Bearer {{internal.jwt}}"));
            var o = Probe(app);
            Assert.Equal(CheckStatus.Indeterminate, o.Status);
            Assert.Equal(ProbeStage.Authenticate, o.Stage);
            Assert.Contains("could not authenticate as Teleport would", o.Message, StringComparison.Ordinal);
            Assert.Contains("-Header", o.Fix, StringComparison.Ordinal);

            // The admin supplies the token: the probe gets past authentication, and the value stays masked.
            var supplied = Probe(app, new StaticCheckOptions { SuppliedHeaders = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("Authorization", "Bearer " + Key) } });
            Assert.True(supplied.Status == CheckStatus.Pass, supplied.Message);
            Assert.Equal(new[] { "Authorization: Bearer ***" }, supplied.Headers);
        }

        [Fact]
        public void Trait_template_header_is_filled_from_the_user()
        {
            using var f = new Fixture("streamableHttp", "--require-header", "X-Api-Key: " + Key);
            var app = ConfigApp("mcp+http://127.0.0.1:" + f.Port + "/mcp", Rewrite("X-Api-Key: {{external.api_key}}"));
            var traits = new Dictionary<string, List<string>> { ["api_key"] = new List<string> { Key } };
            var o = Probe(app, new StaticCheckOptions { UserName = "alice", UserTraits = traits });
            Assert.True(o.Status == CheckStatus.Pass, o.Message);

            // Another user without the trait: Teleport skips the header (2:H5), the server refuses; the finding names the
            // skipped header and the trait, not a missing rewrite.headers entry.
            var none = Probe(app, new StaticCheckOptions { UserName = "bob", UserTraits = new Dictionary<string, List<string>>() });
            Assert.Equal(401, none.HttpStatus);
            Assert.Equal(CheckStatus.Fail, none.Status);
            Assert.Contains("would send no X-Api-Key header", none.Message, StringComparison.Ordinal);
            Assert.Contains("api_key", none.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain("Add the header", none.Fix, StringComparison.Ordinal);

            // No user given: the probe cannot know the value, so a 401 says nothing about the server.
            var nobody = Probe(app);
            Assert.Equal(CheckStatus.Indeterminate, nobody.Status);
            Assert.Equal(ProbeStage.Authenticate, nobody.Stage);
            Assert.Contains("-User", nobody.Message, StringComparison.Ordinal);
            Assert.Contains("-Header 'X-Api-Key: <value>'", nobody.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void Server_that_answers_without_a_trait_header_is_a_warning_naming_why_it_was_not_sent()
        {
            using var f = new Fixture("streamableHttp");
            var o = Probe(ConfigApp("mcp+http://127.0.0.1:" + f.Port + "/mcp", Rewrite("X-Api-Key: {{external.api_key}}")));
            Assert.Equal(CheckStatus.Warn, o.Status);
            var w = Assert.Single(o.Warnings, x => x.StartsWith("sent without X-Api-Key", StringComparison.Ordinal));
            Assert.Contains("give -User", w, StringComparison.Ordinal);
            Assert.DoesNotContain("Teleport-issued", w, StringComparison.Ordinal);
        }

        // lib/services/app.go RewriteHeadersAndApplyValueTraits adds each trait value, and Go writes each on its own line;
        // a later entry of the same name replaces the earlier one.
        [Theory]
        [InlineData("      - \"Authorization: Bearer {{external.api_token}}\"\n", "Authorization: Bearer good|Authorization: Bearer other")]
        [InlineData("      - \"X-A: one\"\n      - \"x-a: two\"\n", "x-a: two")]
        [InlineData("      - \"X-A: one\"\n      - \"X-A: {{external.missing}}\"\n", "X-A: one")]
        public void Rewrite_headers_reach_the_server_as_the_app_service_sends_them(string entries, string expected)
        {
            using var server = new DirectHttpHandlerTests.ScriptedServer((i, head, s) => { DirectHttpHandlerTests.Write(s, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"); return true; });
            var traits = new Dictionary<string, List<string>> { ["api_token"] = new List<string> { "good", "other" } };
            var o = Probe(ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp", "    rewrite:\n      headers:\n" + entries), new StaticCheckOptions { UserName = "carl", UserTraits = traits });
            Assert.Equal(500, o.HttpStatus);
            var names = expected.Split('|').Select(l => l.Substring(0, l.IndexOf(':'))).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var sent = server.Heads.First().Split("\r\n").Where(l => names.Any(n => l.StartsWith(n + ":", StringComparison.OrdinalIgnoreCase)));
            Assert.Equal(expected, string.Join("|", sent));
        }

        [Fact]
        public void Streamable_uri_on_an_sse_server_is_a_named_transport_mismatch()
        {
            using var f = new Fixture("sse");
            var o = Probe(ConfigApp("mcp+http://127.0.0.1:" + f.Port + "/sse"));
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.StartsWith("Transport mismatch: the URI says mcp+http, the server speaks SSE; use mcp+sse+http://127.0.0.1:" + f.Port + "/sse", o.Message, StringComparison.Ordinal);
            Assert.Contains("mcp+sse+http://127.0.0.1:" + f.Port + "/sse", o.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void Sse_uri_on_a_streamable_server_is_a_named_transport_mismatch()
        {
            using var f = new Fixture("streamableHttp");
            var o = Probe(ConfigApp("mcp+sse+http://127.0.0.1:" + f.Port + "/mcp"));
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.StartsWith("Transport mismatch: the URI says mcp+sse+http, the server speaks streamable HTTP; use mcp+http://127.0.0.1:" + f.Port + "/mcp", o.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Sse_server_with_its_header_passes()
        {
            using var f = new Fixture("sse", "--require-header", "X-Api-Key: " + Key);
            var o = Probe(ConfigApp("mcp+sse+http://127.0.0.1:" + f.Port + "/sse", Rewrite("X-Api-Key: " + Key)));
            Assert.True(o.Stage == ProbeStage.Done, o.Message);
            Assert.True(o.SessionKept);
            Assert.Contains(o.Tools, t => t.Name == "echo");
        }

        // lib/utils/mcputils/sse.go SSERequestWriter.WriteMessage: a message POST answered other than 200 or 202 fails the
        // request ("SSE request returned %s"), even when the server goes on to answer on the stream.
        [Theory]
        [InlineData(null, CheckStatus.Pass, null)]
        [InlineData("200", CheckStatus.Pass, null)]
        [InlineData("204", CheckStatus.Fail, "\"SSE request returned 204 No Content\"")]
        [InlineData("201", CheckStatus.Fail, "\"SSE request returned 201 Created\"")]
        public void Sse_message_post_must_be_answered_200_or_202(string postStatus, CheckStatus expected, string message)
        {
            using var f = postStatus == null ? new Fixture("sse") : new Fixture("sse", "--post-status", postStatus);
            var o = Probe(ConfigApp("mcp+sse+http://127.0.0.1:" + f.Port + "/sse"), timeoutSec: 60);
            Assert.True(expected == o.Status, o.Message);
            Assert.False(o.TimedOut, o.Message);
            if (message == null) return;
            Assert.Equal(int.Parse(postStatus, CultureInfo.InvariantCulture), o.HttpStatus);
            Assert.Contains(message, o.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Transport mismatch", o.Message, StringComparison.Ordinal);
            Assert.Contains("202 Accepted", o.Fix, StringComparison.Ordinal);
        }

        // lib/utils/mcputils/sse.go ReadEndpoint over scanEvents: the first record that sets event, id, retry or data must be
        // the endpoint event; comment lines and records that set nothing are skipped.
        [Theory]
        [InlineData(": ping\n\n", null)]
        [InlineData(": ping\n", null)]
        [InlineData("data:\n\n", null)]
        [InlineData("event: \n\n", null)]
        [InlineData("retry: 3000\n\n", "expecting endpoint event, got  (the stream's first event has no event line and no data;")]
        [InlineData("id: 7\n\n", "expecting endpoint event, got  (the stream's first event has no event line and no data;")]
        [InlineData("event: message\ndata: {}\n\n", "expecting endpoint event, got message (the stream's first event is \"message\", data \"{}\";")]
        [InlineData("data: hello\n\n", "expecting endpoint event, got  (the stream's first event has no event line, data \"hello\";")]
        public void Sse_stream_must_start_with_the_endpoint_event(string prefix, string message)
        {
            using var f = new Fixture("sse", "--sse-prefix", System.Text.Json.JsonSerializer.Serialize(prefix));
            var o = Probe(ConfigApp("mcp+sse+http://127.0.0.1:" + f.Port + "/sse"), timeoutSec: 60);
            Assert.False(o.TimedOut, o.Message);
            if (message == null)
            {
                Assert.True(o.Status == CheckStatus.Pass, o.Message);
                return;
            }
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Equal(ProbeStage.Initialize, o.Stage);
            Assert.StartsWith("reading SSE server endpoint: " + message, o.Message, StringComparison.Ordinal);
            Assert.Contains("endpoint event", o.Fix, StringComparison.Ordinal);
        }

        // The App Service reads an event-stream line of at most 64 KiB, 1 MiB or 10 MiB with its LF, by release
        // (EventStreamLimits); the probe reads more and says what a line it read means through Teleport. The fixture starts each
        // event stream with a comment line of the given bytes, which every reader must read whole before it can skip it.
        [Theory]
        [InlineData("streamableHttp", 65536, CheckStatus.Pass, null)]
        [InlineData("streamableHttp", 65537, CheckStatus.Warn, "event-stream line of 65,537 bytes (64 KiB)")]
        [InlineData("sse", 65537, CheckStatus.Warn, "event-stream line of 65,537 bytes (64 KiB)")]
        [InlineData("streamableHttp", 1048577, CheckStatus.Indeterminate, "event-stream line of 1,048,577 bytes (1 MiB) with its line feed: App Service releases")]
        [InlineData("sse", 10485761, CheckStatus.Fail, "event-stream line of 10,485,761 bytes (10 MiB) with its line feed, if it had one (an SSE data line carries a whole JSON-RPC message): no release")]
        public void Event_stream_lines_longer_than_the_app_service_reads_are_named(string mode, int padLine, CheckStatus expected, string said)
        {
            using var f = new Fixture(mode, "--sse-pad-line", padLine.ToString(CultureInfo.InvariantCulture));
            var o = Probe(ConfigApp((mode == "sse" ? "mcp+sse+http://127.0.0.1:" + f.Port + "/sse" : "mcp+http://127.0.0.1:" + f.Port + "/mcp")), timeoutSec: 60);
            Assert.False(o.TimedOut, o.Message);
            Assert.True(expected == o.Status, o.Status + ": " + o.Message);
            Assert.Equal(ProbeStage.Done, o.Stage);
            if (said == null) Assert.Empty(o.Warnings);
            else Assert.Contains(said, o.Message + " | " + string.Join(" | ", o.Warnings), StringComparison.Ordinal);
        }

        // lib/utils/mcputils/event.go scanEvents: a line without a colon ("malformed line in SSE stream: %q") fails the stream,
        // where the WHATWG EventSource rules read it as a field with an empty value. Before the endpoint event it fails
        // lib/utils/mcputils/sse.go ReadEndpoint; after it, ReadMessage, which ends the session (lib/utils/mcputils/reader.go).
        [Theory]
        [InlineData("--sse-prefix", "data\n\n", "reading SSE server endpoint: reading SSE server message: malformed line in SSE stream: \"data\" (a line without a colon")]
        [InlineData("--sse-prefix", ": ok\nkeepalive\n\n", "reading SSE server endpoint: reading SSE server message: malformed line in SSE stream: \"keepalive\" (a line without a colon")]
        [InlineData("--sse-message-event", "ping\nevent: message\n", "reading next message: reading SSE server message: malformed line in SSE stream: \"ping\" (a line without a colon")]
        [InlineData("--sse-message-event", "event: message\ndata\n", "reading next message: reading SSE server message: malformed line in SSE stream: \"data\" (a line without a colon")]
        public void Sse_line_without_a_colon_fails_as_the_app_service_fails_it(string option, string text, string message)
        {
            using var f = new Fixture("sse", option, System.Text.Json.JsonSerializer.Serialize(text));
            var o = Probe(ConfigApp("mcp+sse+http://127.0.0.1:" + f.Port + "/sse"), timeoutSec: 60);
            Assert.False(o.TimedOut, o.Message);
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Equal(ProbeStage.Initialize, o.Stage);
            Assert.StartsWith(message, o.Message, StringComparison.Ordinal);
            Assert.Contains("\"field: value\"", o.Fix, StringComparison.Ordinal);
        }

        // lib/utils/mcputils/sse.go ReadMessage hands on only events named exactly "message"; lib/srv/mcp/sse.go drops the
        // rest (LogAndIgnoreParseError), an event without an event line too, which the WHATWG rules name "message". A response
        // sent so never reaches the client: the probe says so at once. The same stream with "event: message" passes.
        [Theory]
        [InlineData("event: message\n", null)]
        [InlineData("", "the server sent a JSON-RPC response in an event without an event line (data \"{\\\"result\\\":")]
        [InlineData("event: notify\n", "the server sent a JSON-RPC response in an event named \"notify\" (data \"{\\\"result\\\":")]
        public void Sse_response_in_an_event_not_named_message_never_reaches_the_client(string eventLine, string message)
        {
            using var f = new Fixture("sse", "--sse-message-event", System.Text.Json.JsonSerializer.Serialize(eventLine));
            var o = Probe(ConfigApp("mcp+sse+http://127.0.0.1:" + f.Port + "/sse"), timeoutSec: 60);
            Assert.False(o.TimedOut, o.Message);
            if (message == null)
            {
                Assert.True(o.Status == CheckStatus.Pass, o.Message);
                return;
            }
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Equal(ProbeStage.Initialize, o.Stage);
            Assert.StartsWith(message, o.Message, StringComparison.Ordinal);
            Assert.Contains("(DEBUG \"Ignore parse error\", error \"unexpected event type " + eventLine.Replace("event: ", "").Trim() + "\"", o.Message, StringComparison.Ordinal);
            Assert.Contains("the client never gets the response", o.Message, StringComparison.Ordinal);
            Assert.Contains("\"event: message\"", o.Fix, StringComparison.Ordinal);
        }

        // lib/utils/mcputils/http.go httpSSEResponseReplacer reads a streamable answer's event stream with the same reader: an
        // event not named "message" is dropped (or, before PR #63805, cuts the answer off), a line without a colon cuts it off.
        [Theory]
        [InlineData("event: message\n", null, null)]
        [InlineData("", "the server sent a JSON-RPC response in an event without an event line (data \"{\\\"result\\\":", "\"event: message\"")]
        [InlineData("event: message\nretry\n", "POST http://127.0.0.1:{port}/mcp: malformed line in SSE stream: \"retry\" in the answer's event stream (a line without a colon", "\"field: value\"")]
        public void Streamable_event_stream_answers_are_read_as_the_app_service_reads_them(string eventLine, string message, string fix)
        {
            using var f = new Fixture("streamableHttp", "--sse-message-event", System.Text.Json.JsonSerializer.Serialize(eventLine));
            var o = Probe(ConfigApp("mcp+http://127.0.0.1:" + f.Port + "/mcp"), timeoutSec: 60);
            Assert.False(o.TimedOut, o.Message);
            if (message == null)
            {
                Assert.True(o.Status == CheckStatus.Pass, o.Message);
                return;
            }
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Equal(ProbeStage.Initialize, o.Stage);
            Assert.StartsWith(message.Replace("{port}", f.Port.ToString(CultureInfo.InvariantCulture)), o.Message, StringComparison.Ordinal);
            Assert.Contains(fix, o.Fix, StringComparison.Ordinal);
        }

        // MCP streamable HTTP transport: a POSTed request is answered with application/json or text/event-stream carrying its
        // response. An answer without one fails at once, naming the status and the body (redacted, cut), not after the timeout.
        [Theory]
        [InlineData("202 Accepted", null, "", "HTTP 202 Accepted: the server answered")]
        [InlineData("200 OK", "application/json", "{}", "HTTP 200 OK: {}: the server answered")]
        [InlineData("200 OK", null, "", "HTTP 200 OK: the server answered")]
        [InlineData("200 OK", "text/html", "<html>hello</html>", "HTTP 200 OK: <html>hello</html>: the server answered")]
        [InlineData("200 OK", "application/json", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n", "notifications/message\"}: the server answered")]
        [InlineData("200 OK", "application/json", "{\"token\":\"" + Token + "\"}", "HTTP 200 OK: {\"token\":\"<redacted>\"}: the server answered")]
        public void Request_answered_without_a_jsonrpc_response_fails_at_once(string statusLine, string type, string body, string message)
        {
            string answer = "HTTP/1.1 " + statusLine + "\r\n" + (type == null ? "" : "Content-Type: " + type + "\r\n") +
                            "Content-Length: " + System.Text.Encoding.UTF8.GetByteCount(body) + "\r\n\r\n" + body;
            using var server = new DirectHttpHandlerTests.ScriptedServer((i, head, s) => { DirectHttpHandlerTests.Write(s, answer); return true; });
            var o = Probe(ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp"), timeoutSec: 60);
            Assert.False(o.TimedOut, o.Message);
            Assert.True(o.ElapsedMs < 30000, o.ElapsedMs + " ms");
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Equal(ProbeStage.Initialize, o.Stage);
            Assert.Equal(int.Parse(statusLine.Substring(0, 3), CultureInfo.InvariantCulture), o.HttpStatus);
            Assert.Contains(message, o.Message, StringComparison.Ordinal);
            Assert.Contains("(stage Initialize) without its response", o.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("ghp_", o.Message, StringComparison.Ordinal);
            Assert.Contains("202 Accepted without a body is for notifications", o.Fix, StringComparison.Ordinal);
        }

        // A plain-http request to a TLS port ends in EOF (node and OpenSSL servers answer nothing): a handshake of the probe's
        // own proves the port serves https and names the URI to use; a plain server that drops the request is not called TLS.
        [Theory]
        [InlineData(true, "mcp+http", "completes a TLS handshake, so it serves https", "Change the app's URI to mcp+https://127.0.0.1:")]
        [InlineData(true, "mcp+sse+http", "completes a TLS handshake, so it serves https", "Change the app's URI to mcp+sse+https://127.0.0.1:")]
        [InlineData(false, "mcp+http", null, "Check the server's logs")]
        public void Eof_from_a_tls_port_names_the_https_uri(bool tls, string scheme, string message, string fix)
        {
            using var rsa = RSA.Create(2048);
            var req = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var created = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
            using var cert = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
            using var server = new DirectHttpHandlerTests.ScriptedServer((i, head, s) => false, tls ? cert : null);
            var o = Probe(ConfigApp(scheme + "://127.0.0.1:" + server.Port + "/mcp"), timeoutSec: 60);
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Contains("(EOF)", o.Message, StringComparison.Ordinal);
            if (message == null) Assert.DoesNotContain("TLS", o.Message, StringComparison.Ordinal);
            else Assert.Contains(message, o.Message, StringComparison.Ordinal);
            Assert.StartsWith(fix, o.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void Self_signed_tls_fails_without_insecure_skip_verify_and_passes_with_it()
        {
            var dir = Directory.CreateTempSubdirectory("tmcp-tls-");
            try
            {
                using (var rsa = RSA.Create(2048))
                {
                    var req = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    var san = new SubjectAlternativeNameBuilder();
                    san.AddDnsName("localhost");
                    san.AddIpAddress(IPAddress.Loopback);
                    req.CertificateExtensions.Add(san.Build());
                    using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
                    File.WriteAllText(Path.Combine(dir.FullName, "cert.pem"), cert.ExportCertificatePem());
                    File.WriteAllText(Path.Combine(dir.FullName, "key.pem"), rsa.ExportPkcs8PrivateKeyPem());
                }
                using var f = new Fixture("streamableHttp", "--tls-cert", Path.Combine(dir.FullName, "cert.pem"), "--tls-key", Path.Combine(dir.FullName, "key.pem"));
                string uri = "mcp+https://127.0.0.1:" + f.Port + "/mcp";

                var strict = ConfigApp(uri);
                // The handshake's limit as a guard only: node's TLS answer may come late on a loaded machine.
                var report = StaticChecks.Run(strict, new StaticCheckOptions { CheckTls = true, ConnectTimeoutMs = 60000 });
                var tls = report.Results.Single(r => r.Check == "Tls");
                Assert.Equal(CheckStatus.Fail, tls.Status);
                Assert.Contains("self-signed", tls.Message, StringComparison.Ordinal);
                var o = HttpProbe.Run(report, new ProbeOptions { TimeoutSec = 120 }, CancellationToken.None);
                Assert.Equal(CheckStatus.Fail, o.Status);
                Assert.Contains("self-signed", o.Message, StringComparison.Ordinal);
                Assert.Contains("insecure_skip_verify", o.Fix, StringComparison.Ordinal);

                // Without -Launch/-CheckTls the static checks do not touch the upstream's TLS.
                Assert.Equal(CheckStatus.Skipped, StaticChecks.Run(strict, new StaticCheckOptions()).Results.Single(r => r.Check == "Tls").Status);

                var lax = ConfigApp(uri, insecure: true);
                var laxReport = StaticChecks.Run(lax, new StaticCheckOptions { CheckTls = true, ConnectTimeoutMs = 60000 });
                Assert.Equal(CheckStatus.Pass, laxReport.Results.Single(r => r.Check == "Tls").Status);
                var ok = HttpProbe.Run(laxReport, new ProbeOptions { TimeoutSec = 120 }, CancellationToken.None);
                Assert.True(ok.Status == CheckStatus.Pass, ok.Message);
            }
            finally
            {
                dir.Delete(true);
            }
        }

        // With -Launch the probe's own connection answers Reachable: the upstream sees one connection, not a bare TCP
        // connect first, and the check stays where the static checks put it.
        [Fact]
        public void Launch_answers_reachable_with_the_probes_connection()
        {
            using var server = new CannedAnswerServer(null);
            int port = server.Port;
            var app = ConfigApp("mcp+http://127.0.0.1:" + port + "/mcp");
            var launched = AppTest.Run(app, new AppTestOptions { Launch = true, TimeoutSec = 120 }, CancellationToken.None);
            Assert.Equal(500, launched.Probe.HttpStatus);
            var reachable = launched.Checks.Single(c => c.Check == "Reachable");
            Assert.Equal(CheckStatus.Pass, reachable.Status);
            Assert.Equal("TCP connect to 127.0.0.1:" + port + " succeeded from this host", reachable.Message);
            Assert.Equal(1, server.Connections);
            var staticOnly = AppTest.Run(app, new AppTestOptions { Launch = false }, CancellationToken.None);
            Assert.Equal(staticOnly.Checks.Select(c => c.Check), launched.Checks.Select(c => c.Check));
        }

        // With -Launch on an https app, the probe's own connection and TLS handshake answer Reachable and Tls: the upstream sees
        // one connection and one handshake, and the certificate is judged as the static check judges it (self-signed: Fail;
        // with insecure_skip_verify: Pass).
        [Theory]
        [InlineData(false, CheckStatus.Fail)]
        [InlineData(true, CheckStatus.Pass)]
        public void Launch_answers_tls_with_the_probes_handshake(bool insecure, CheckStatus expected)
        {
            using var rsa = RSA.Create(2048);
            var req = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            req.CertificateExtensions.Add(san.Build());
            using var created = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
            using var cert = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
            using var server = new CannedAnswerServer(cert);
            int port = server.Port;
            var app = ConfigApp("mcp+https://127.0.0.1:" + port + "/mcp", insecure: insecure);
            var launched = AppTest.Run(app, new AppTestOptions { Launch = true, TimeoutSec = 120 }, CancellationToken.None);
            var tls = launched.Checks.Single(c => c.Check == "Tls");
            Assert.Equal(expected, tls.Status);
            Assert.Contains("certificate of 127.0.0.1:" + port, tls.Message, StringComparison.Ordinal);
            if (!insecure) Assert.Contains("self-signed", tls.Message, StringComparison.Ordinal);
            Assert.Equal(CheckStatus.Pass, launched.Checks.Single(c => c.Check == "Reachable").Status);
            if (insecure) Assert.Equal(500, launched.Probe.HttpStatus);
            else Assert.Contains("self-signed", launched.Probe.Message, StringComparison.Ordinal);
            Assert.Equal(1, server.Connections);

            // A Host header changes the request's Host only: the certificate's name is judged against the URL's host, as the
            // App Service (Go) judges it, by the probe's own handshake (a direct connection: DirectHttpHandler).
            var hosted = new AppTestOptions { Launch = true, TimeoutSec = 120 };
            hosted.Headers.Add(new KeyValuePair<string, string>("Host", "elsewhere.example"));
            var withHost = AppTest.Run(app, hosted, CancellationToken.None);
            var hostTls = withHost.Checks.Single(c => c.Check == "Tls");
            Assert.Equal(expected, hostTls.Status);
            Assert.Contains("certificate of 127.0.0.1:" + port, hostTls.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("elsewhere.example", hostTls.Message, StringComparison.Ordinal);
            // One connection for each probe: the second probe's handshake answers Tls and Reachable too.
            Assert.Equal(2, server.Connections);

            // -CheckTls without -Launch: a handshake of its own, judged the same way.
            var checkOnly = AppTest.Run(app, new AppTestOptions { CheckTls = true }, CancellationToken.None);
            Assert.Equal(expected, checkOnly.Checks.Single(c => c.Check == "Tls").Status);
            Assert.Equal(launched.Checks.Select(c => c.Check), checkOnly.Checks.Select(c => c.Check));
        }

        [Fact]
        public void Launch_on_an_unreachable_port_fails_reachable_in_gos_words()
        {
            using var refusing = RefusingSocket();
            int port = PortOf(refusing);
            var launched = AppTest.Run(ConfigApp("mcp+http://127.0.0.1:" + port + "/mcp"), new AppTestOptions { Launch = true, TimeoutSec = 120 }, CancellationToken.None);
            var reachable = launched.Checks.Single(c => c.Check == "Reachable");
            Assert.Equal(CheckStatus.Fail, reachable.Status);
            Assert.Equal("dial tcp 127.0.0.1:" + port + ": connect: connection refused", reachable.Message);
            Assert.Equal(CheckStatus.Fail, launched.Probe.Status);
        }

        [Fact]
        public void Unreachable_port_fails_and_names_the_teleport_consequence()
        {
            using var refusing = RefusingSocket();
            int port = PortOf(refusing);
            var o = Probe(ConfigApp("mcp+http://127.0.0.1:" + port + "/mcp"), new StaticCheckOptions { CheckReachable = true });
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Contains("refused", o.Message, StringComparison.Ordinal);
            Assert.Contains("[MCP_UPSTREAM_UNREACHABLE]", o.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Server_returning_500_is_an_upstream_error()
        {
            using var f = new Fixture("streamableHttp", "--status", "500");
            var o = Probe(ConfigApp("mcp+http://127.0.0.1:" + f.Port + "/mcp"));
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Equal(500, o.HttpStatus);
            Assert.Contains("[MCP_UPSTREAM_ERROR]", o.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Transport mismatch", o.Message, StringComparison.Ordinal);
        }
        private const string Token = "ghp_PLANTEDgithubToken0123456789ab";

        // The refusal's body in the message: white space folded, redacted (short or long), and cut to 200 characters
        // after the redaction, so a secret the cut would split is never shown in part.
        [Theory]
        [InlineData("denied:\r\n\t" + Token + "  ", "denied: <redacted>")]
        [InlineData("a", "a")]
        [InlineData(" start\r\n" + A180 + "\n\n " + Token + "\t" + B300, "start " + A180 + " <redacted> bb...")]
        [InlineData(A180 + "0123456789012345678" + "\n", A180 + "0123456789012345678")]
        [InlineData(A180 + "01234567890123456789" + "x", A180 + "01234567890123456789...")]
        public void A_refusals_body_is_quoted_redacted_then_cut(string body, string quoted)
        {
            using var server = new CannedAnswerServer(null, body);
            var o = Probe(ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp"));
            Assert.Equal(500, o.HttpStatus);
            Assert.StartsWith("POST http://127.0.0.1:" + server.Port + "/mcp: HTTP 500 Internal Server Error: " + quoted + ": the server itself failed;", o.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("ghp_", o.Message, StringComparison.Ordinal);
        }

        // lib/utils/mcputils/http.go ReplaceHTTPResponse: a 200 answer with a body is handed on only as application/json or
        // text/event-stream (mime.ParseMediaType: lowercased, parameters dropped); another type is "unsupported response type
        // %s", a type Go cannot parse its mime error. The probe's own client would read the JSON whatever its type.
        [Theory]
        [InlineData("text/plain", "with Content-Type \"text/plain\": the App Service hands on only application/json and text/event-stream answers (\"unsupported response type text/plain\")")]
        [InlineData("application/json-rpc", "(\"unsupported response type application/json-rpc\")")]
        [InlineData(null, "without a Content-Type, which the App Service cannot read (\"mime: no media type\")")]
        [InlineData("application/", "with Content-Type \"application/\", which the App Service cannot read (\"mime: expected token after slash\")")]
        // The value as the server wrote it, not as .NET re-writes a value it can parse ("application/json").
        [InlineData("application /json", "with Content-Type \"application /json\", which the App Service cannot read (\"mime: expected slash after first token\")")]
        [InlineData("application/json; charset", "with Content-Type \"application/json; charset\", which the App Service cannot read (\"mime: invalid media parameter\")")]
        public void A_json_answer_of_another_type_never_reaches_the_client(string contentType, string message)
        {
            using var server = new CannedAnswerServer(null, Initialized, "200 OK", contentType);
            var o = Probe(ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp"));
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Equal(ProbeStage.Initialize, o.Stage);
            Assert.StartsWith("POST http://127.0.0.1:" + server.Port + "/mcp: the server answered 200 ", o.Message, StringComparison.Ordinal);
            Assert.Contains(message, o.Message, StringComparison.Ordinal);
            Assert.EndsWith("so through Teleport the client gets no answer to this request (lib/utils/mcputils/http.go ReplaceHTTPResponse)", o.Message, StringComparison.Ordinal);
            Assert.Contains("application/json", o.Fix, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("Application/JSON; charset=utf-8")]
        [InlineData("text/event-stream")]
        public void A_json_answer_of_a_type_go_reads_as_json_is_read(string contentType)
        {
            using var server = new CannedAnswerServer(null, Initialized, "200 OK", contentType);
            // The stub answers every request with the initialize result: the probe goes past the type and later waits for
            // its tools/list answer, so a short timeout ends it.
            var o = Probe(ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp"), timeoutSec: 3);
            Assert.DoesNotContain("the server answered 200 with", o.Message, StringComparison.Ordinal);
        }

        private const string Initialized = "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"serverInfo\":{\"name\":\"stub\",\"version\":\"1\"}}}";

        private const string A180 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        private const string B300 = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

        /// <summary>
        /// An upstream on loopback that counts its connections, reads one request head (over TLS when given a certificate)
        /// and answers with one canned status, type and body (500 unless told): what the probe's own connection tells
        /// Reachable and Tls, and how it reads one answer, without an MCP server.
        /// </summary>
        private sealed class CannedAnswerServer : IDisposable
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
            private readonly Thread _serve;
            private readonly X509Certificate2 _cert;
            private readonly byte[] _body;
            private readonly string _status, _type;
            private int _connections;

            /// <param name="contentType">null: no Content-Type line.</param>
            public CannedAnswerServer(X509Certificate2 cert, string body = "boom", string status = "500 Internal Server Error", string contentType = "text/plain")
            {
                _cert = cert;
                _body = System.Text.Encoding.UTF8.GetBytes(body);
                _status = status;
                _type = contentType;
                _listener.Start();
                Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
                _serve = new Thread(Serve) { IsBackground = true };
                _serve.Start();
            }

            public int Port { get; }
            public int Connections => Volatile.Read(ref _connections);

            private void Serve()
            {
                while (true)
                {
                    TcpClient client;
                    try { client = _listener.AcceptTcpClient(); }
                    catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is InvalidOperationException) { return; }
                    Interlocked.Increment(ref _connections);
                    using (client)
                    {
                        try
                        {
                            Stream stream = client.GetStream();
                            if (_cert != null)
                            {
                                var ssl = new System.Net.Security.SslStream(stream);
                                ssl.AuthenticateAsServer(_cert);
                                stream = ssl;
                            }
                            using (stream)
                            {
                                var buf = new byte[65536];
                                var seen = new System.Text.StringBuilder();
                                while (!seen.ToString().Contains("\r\n\r\n"))
                                {
                                    int n = stream.Read(buf, 0, buf.Length);
                                    if (n == 0) break;
                                    seen.Append(System.Text.Encoding.ASCII.GetString(buf, 0, n));
                                }
                                var head = System.Text.Encoding.ASCII.GetBytes("HTTP/1.1 " + _status + "\r\n" + (_type == null ? "" : "Content-Type: " + _type + "\r\n") +
                                                                               "Content-Length: " + _body.Length + "\r\nConnection: close\r\n\r\n");
                                stream.Write(head, 0, head.Length);
                                stream.Write(_body, 0, _body.Length);
                            }
                        }
                        catch (Exception e) when (e is IOException || e is System.Security.Authentication.AuthenticationException) { }
                    }
                }
            }

            public void Dispose()
            {
                _listener.Stop();
                _serve.Join(5000);
                _listener.Dispose();
            }
        }
    }
}
