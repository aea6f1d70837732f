using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using Xunit;
using static TeleportMcp.Tests.Probe.DirectHttpHandlerTests;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>
    /// Three rules of Go's net/http that the probe's own client (DirectHttpHandler) follows because the App Service sends
    /// with it: how an answer is framed and whether its connection is kept (transfer.go readTransfer), when a failed request
    /// goes again on a new connection (transport.go shouldRetryRequest, request.go isReplayable), and which request headers
    /// are refused before anything is sent (transport.go roundTrip with httpguts.ValidHeaderFieldName/Value).
    /// </summary>
    public class GoTransportRulesTests
    {
        private static DirectHttpHandler Handler() => new DirectHttpHandler((sender, cert, chain, errors) => errors == System.Net.Security.SslPolicyErrors.None);

        private static HttpResponseMessage Send(DirectHttpHandler h, Uri url, HttpMethod method, string body = null, string header = null)
        {
            using var req = new HttpRequestMessage(method, url);
            if (body != null) req.Content = new StringContent(body, new UTF8Encoding(false), "application/json");
            if (header != null) req.Headers.TryAddWithoutValidation(header.Split(':')[0], header.Substring(header.IndexOf(':') + 1).Trim());
            return h.Send(req, CancellationToken.None);
        }

        private static string Body(HttpResponseMessage r)
        {
            using var reader = new StreamReader(r.Content.ReadAsStreamAsync().GetAwaiter().GetResult());
            return reader.ReadToEnd();
        }

        private static List<KeyValuePair<string, string>> Lines(string headers) =>
            headers.Length == 0 ? new List<KeyValuePair<string, string>>()
                : headers.Split('|').Select(l => new KeyValuePair<string, string>(l.Substring(0, l.IndexOf(':')), l.Substring(l.IndexOf(':') + 1).Trim(' ', '\t'))).ToList();

        // --- transfer.go readTransfer: parseTransferEncoding, fixLength, shouldClose ---

        [Theory]
        // parseTransferEncoding: "Issue 12785; ignore Transfer-Encoding on HTTP/1.0 requests": the Content-Length frames the body,
        // and HTTP/1.0 keeps the connection only with Connection: keep-alive (shouldClose).
        [InlineData(0, 200, false, "Transfer-Encoding: chunked|Content-Length: 5", "Length", 5, true)]
        [InlineData(0, 200, false, "Transfer-Encoding: chunked|Content-Length: 5|Connection: keep-alive", "Length", 5, false)]
        [InlineData(0, 200, false, "Transfer-Encoding: gzip|Content-Length: 2|Connection: Keep-Alive", "Length", 2, false)]
        [InlineData(0, 200, false, "Transfer-Encoding: chunked|Transfer-Encoding: gzip|Content-Length: 2", "Length", 2, true)]
        // ... and without a Content-Length, an HTTP/1.0 body ends when the server closes, keep-alive or not.
        [InlineData(0, 200, false, "Transfer-Encoding: chunked|Connection: keep-alive", "UntilClose", 0, true)]
        [InlineData(0, 200, false, "", "UntilClose", 0, true)]
        [InlineData(0, 200, false, "Content-Length: 0|Connection: keep-alive", "None", 0, false)]
        [InlineData(0, 204, false, "Transfer-Encoding: chunked", "None", 0, true)]
        // HTTP/1.1: chunked wins over a Content-Length, which fixLength deletes; the connection stays unless it says close.
        [InlineData(1, 200, false, "Transfer-Encoding: chunked|Content-Length: 3", "Chunked", 0, false)]
        [InlineData(1, 200, false, "Transfer-Encoding: CHUNKED", "Chunked", 0, false)]
        [InlineData(1, 200, false, "Transfer-Encoding: chunked|Connection: keep-alive, close", "Chunked", 0, true)]
        [InlineData(1, 200, false, "Content-Length: 7|Connection: Close", "Length", 7, true)]
        [InlineData(1, 200, false, "Content-Length: 7|Content-Length: 7", "Length", 7, false)]
        [InlineData(1, 200, false, "Content-Length: 007", "Length", 7, false)]
        [InlineData(1, 200, false, "Content-Type: text/plain", "UntilClose", 0, true)]
        [InlineData(1, 200, true, "Content-Length: 100", "None", 0, false)]
        [InlineData(1, 304, false, "Transfer-Encoding: chunked", "None", 0, false)]
        [InlineData(1, 101, false, "Connection: Upgrade", "None", 0, true)]
        public void Framing_and_keep_alive_are_read_as_go_reads_them(int minor, int code, bool head, string headers, string kind, long length, bool close)
        {
            var d = Http1Framing.Decide(minor, code, head, Lines(headers));
            Assert.Equal(kind, d.Kind.ToString());
            Assert.Equal(length, d.Length);
            Assert.Equal(close, d.Close);
        }

        [Theory]
        // parseTransferEncoding (from HTTP/1.1 on): one field, and only "chunked".
        [InlineData(1, "Transfer-Encoding: gzip, chunked", "unsupported transfer encoding: \"gzip, chunked\"")]
        [InlineData(1, "Transfer-Encoding: identity", "unsupported transfer encoding: \"identity\"")]
        [InlineData(1, "Transfer-Encoding: chunked|Transfer-Encoding: chunked", "too many transfer encodings: [\"chunked\" \"chunked\"]")]
        // fixLength: Content-Length is checked whatever else the answer says, also when HTTP/1.0 ignores the Transfer-Encoding.
        [InlineData(1, "Content-Length: 5|Content-Length: 05", "http: message cannot contain multiple Content-Length headers; got [\"5\" \"05\"]")]
        [InlineData(1, "Transfer-Encoding: chunked|Content-Length: x", "bad Content-Length \"x\"")]
        [InlineData(0, "Transfer-Encoding: chunked|Content-Length: +5", "bad Content-Length \"+5\"")]
        [InlineData(1, "Content-Length: ", "invalid empty Content-Length \"\"")]
        [InlineData(1, "Content-Length: 9223372036854775808", "bad Content-Length \"9223372036854775808\"")]
        public void Answers_go_refuses_are_refused_with_gos_words(int minor, string headers, string goError)
        {
            var e = Assert.Throws<HttpRequestException>(() => Http1Framing.Decide(minor, 200, false, Lines(headers)));
            Assert.EndsWith(goError, e.Message, StringComparison.Ordinal);
        }

        // Over the wire: the HTTP/1.0 answer with Transfer-Encoding is read by its Content-Length (or to the close), not as
        // chunks, and its connection serves the next request only with keep-alive.
        [Theory]
        [InlineData("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello", true, "hello", 2)]
        [InlineData("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhello", true, "hello", 1)]
        [InlineData("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n5\r\nhello\r\n0\r\n\r\n", false, "5\r\nhello\r\n0\r\n\r\n", 2)]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\none\r\n0\r\n\r\n", true, "one", 1)]
        public void Answers_are_framed_and_kept_as_go_does_over_the_wire(string first, bool serverKeeps, string firstBody, int connections)
        {
            using var server = new ScriptedServer((i, head, s) =>
            {
                if (i > 0)
                {
                    Write(s, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");
                    return true;
                }
                Write(s, first);
                return serverKeeps;
            });
            using var h = Handler();
            using (var r = Send(h, server.Url, HttpMethod.Get))
            {
                Assert.Equal(firstBody, Body(r));
                Assert.False(r.Headers.Contains("Transfer-Encoding") && r.Version == HttpVersion.Version10);
            }
            using (var r = Send(h, server.Url, HttpMethod.Get)) Assert.Equal("next", Body(r));
            Assert.Equal(connections, server.Connections);
            Assert.Equal(2, server.Heads.Count);
            Assert.Null(server.Failure);
        }

        [Fact]
        public void An_unsupported_transfer_encoding_fails_the_request_and_closes_its_connection()
        {
            using var server = new ScriptedServer((i, head, s) => { Write(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxyz"); return true; });
            using var h = Handler();
            var e = Assert.Throws<HttpRequestException>(() => Send(h, server.Url, HttpMethod.Get));
            Assert.Contains("unsupported transfer encoding: \"gzip\"", e.Message, StringComparison.Ordinal);
            Assert.Equal(0, h.OpenConnections);
            Assert.Single(server.Heads);
        }

        // --- transport.go shouldRetryRequest, request.go isReplayable / outgoingLength ---

        [Theory]
        // "This was a fresh connection. There's no reason the server should've hung up on us."
        [InlineData(false, "NothingWritten", "GET", false, false, null, false)]
        [InlineData(false, "BeforeFirstResponseByte", "GET", false, false, null, false)]
        // nothingWrittenError: "safe to retry, if there's no body or we can "rewind" the body with GetBody" - whatever the method.
        [InlineData(true, "NothingWritten", "POST", false, false, null, true)]
        [InlineData(true, "NothingWritten", "POST", true, false, null, false)]
        [InlineData(true, "NothingWritten", "POST", true, true, null, true)]
        [InlineData(true, "NothingWritten", "DELETE", false, false, null, true)]
        // Written, no answer byte: only a replayable request (idempotent method or Idempotency-Key, and no body it cannot rewind).
        [InlineData(true, "BeforeFirstResponseByte", "GET", false, false, null, true)]
        [InlineData(true, "BeforeFirstResponseByte", "HEAD", false, false, null, true)]
        [InlineData(true, "BeforeFirstResponseByte", "OPTIONS", false, false, null, true)]
        [InlineData(true, "BeforeFirstResponseByte", "TRACE", false, false, null, true)]
        [InlineData(true, "BeforeFirstResponseByte", "", false, false, null, true)]
        [InlineData(true, "BeforeFirstResponseByte", "get", false, false, null, false)]
        [InlineData(true, "BeforeFirstResponseByte", "GET", true, false, null, false)]
        [InlineData(true, "BeforeFirstResponseByte", "GET", true, true, null, true)]
        [InlineData(true, "BeforeFirstResponseByte", "POST", true, false, null, false)]
        [InlineData(true, "BeforeFirstResponseByte", "POST", true, false, "Idempotency-Key", false)]
        [InlineData(true, "BeforeFirstResponseByte", "POST", true, true, "Idempotency-Key", true)]
        [InlineData(true, "BeforeFirstResponseByte", "POST", false, false, "Idempotency-Key", true)]
        [InlineData(true, "BeforeFirstResponseByte", "DELETE", false, false, "X-Idempotency-Key", true)]
        [InlineData(true, "BeforeFirstResponseByte", "DELETE", false, false, null, false)]
        [InlineData(true, "BeforeFirstResponseByte", "PUT", false, false, "Idempotency-Token", false)]
        // Part of the request written, or part of the answer read: "return false // conservatively".
        [InlineData(true, "Later", "GET", false, false, null, false)]
        [InlineData(true, "Later", "POST", false, true, "Idempotency-Key", false)]
        public void A_failed_request_goes_again_only_where_go_sends_it_again(bool reused, string failure, string method, bool hasBody, bool rewindable, string header, bool expected)
        {
            var kind = (SendFailure)Enum.Parse(typeof(SendFailure), failure);
            Assert.Equal(expected, GoRetryRule.ShouldRetry(reused, kind, method, hasBody, rewindable, n => header != null && string.Equals(n, header, StringComparison.OrdinalIgnoreCase)));
        }

        [Fact]
        public void The_app_service_never_rewinds_a_body()
        {
            // httputil.ReverseProxy forwards a clone of the request the App Service's http.Server read: no GetBody.
            Assert.False(GoRetryRule.AppServiceRewindsBody);
        }

        // A kept connection the server drops after it took the next request (the race of an idle timeout with that
        // request): only what Go would send again goes on a new connection; the rest fails and says why.
        [Theory]
        [InlineData("GET", null, null, true)]
        [InlineData("POST", "{}", null, false)]
        [InlineData("POST", "{}", "Idempotency-Key: k1", false)]
        [InlineData("POST", "", "Idempotency-Key: k1", true)]
        [InlineData("DELETE", null, null, false)]
        [InlineData("DELETE", null, "X-Idempotency-Key: k2", true)]
        public void A_kept_connection_dropped_with_the_request_on_it_is_replaced_only_where_go_would(string method, string body, string header, bool sentAgain)
        {
            using var server = new ScriptedServer((i, head, s) =>
            {
                if (i == 1) return false; // the second request on the kept connection: closed without an answer
                Write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                return true;
            });
            using var h = Handler();
            using (var r = Send(h, server.Url, HttpMethod.Get)) Assert.Equal("ok", Body(r));
            var m = new HttpMethod(method);
            if (sentAgain)
            {
                using (var r = Send(h, server.Url, m, body, header)) Assert.Equal("ok", Body(r));
                Assert.Equal(2, server.Connections);
                Assert.Equal(3, server.Heads.Count);
            }
            else
            {
                var e = Assert.Throws<HttpRequestException>(() => Send(h, server.Url, m, body, header));
                Assert.Contains("without answering", e.Message, StringComparison.Ordinal);
                Assert.Contains("does not send this " + method + " again", e.Message, StringComparison.Ordinal);
                Assert.Equal(1, server.Connections);
                Assert.Equal(2, server.Heads.Count);
            }
            Assert.Null(server.Failure);
        }

        // On a connection of its own (the first request), Go sends nothing again, even a GET.
        [Fact]
        public void A_request_dropped_on_a_fresh_connection_is_not_sent_again()
        {
            using var server = new ScriptedServer((i, head, s) =>
            {
                if (i == 0) return false;
                Write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                return true;
            });
            using var h = Handler();
            var e = Assert.Throws<HttpRequestException>(() => Send(h, server.Url, HttpMethod.Get));
            Assert.Contains("without answering", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("shouldRetryRequest", e.Message, StringComparison.Ordinal);
            Assert.Equal(1, server.Connections);
            Assert.Single(server.Heads);
        }

        // The probe's own session against a server that drops its kept connection with the next POST on it: the probe
        // reports the failure the App Service would meet (no second initialized notification reaches the server).
        [Fact]
        public void Probe_against_a_server_that_drops_a_kept_connection_reports_the_honest_failure()
        {
            using var server = new ScriptedServer((i, head, s) =>
            {
                if (i == 1) return false;
                const string init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
                Write(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + init.Length + "\r\n\r\n" + init);
                return true;
            });
            var o = HttpProbeTests.Probe(HttpProbeTests.ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp"), new StaticCheckOptions { CheckReachable = false }, 10);
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Contains("without answering", o.Message, StringComparison.Ordinal);
            Assert.Contains("does not send this POST again", o.Message, StringComparison.Ordinal);
            Assert.Contains("upstream-unreachable", o.Message, StringComparison.Ordinal);
            Assert.Equal(2, server.Heads.Count);
            Assert.Equal(1, server.Connections);
            Assert.True(server.AllClosedByClient(), "a connection was left open");
        }

        // --- transport.go roundTrip: httpguts.ValidHeaderFieldName / ValidHeaderFieldValue, checked before dialing ---

        [Theory]
        [InlineData("X-Key", "a\u0001b", true)]
        [InlineData("X-Key", "a\u001fb", true)]
        [InlineData("X-Key", "a\u007fb", true)]   // DEL is a CTL
        [InlineData("X-Key", "a\rb", true)]
        [InlineData("X-Key", "a\nb", true)]
        [InlineData("X-Key", "a\0b", true)]
        [InlineData("X-Key", "a\u001bb", true)]   // ESC
        [InlineData("X-Key", "a\tb", false)]      // HTAB is LWS
        [InlineData("X-Key", "a b ", false)]
        [InlineData("X-Key", "caf\u00e9", false)]  // obs-text: bytes 0x80-0xFF pass
        [InlineData("X-Key", "a\u0085b", false)]  // U+0085 is C2 85 in UTF-8: no byte below 0x20 or 0x7F
        [InlineData("X-Key", "", false)]
        public void Header_values_are_checked_byte_by_byte_as_httpguts_does(string name, string value, bool refused)
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:1/mcp");
            req.Headers.TryAddWithoutValidation(name, value);
            if (!refused)
            {
                DirectHttpHandler.CheckHeaders(req);
                return;
            }
            var e = Assert.Throws<InvalidRequestHeaderException>(() => DirectHttpHandler.CheckHeaders(req));
            Assert.Equal("net/http: invalid header field value for \"X-Key\"", e.Message);
            Assert.True(e.InValue);
        }

        [Theory]
        [InlineData("X Key", "net/http: invalid header field name \"X Key\"")]
        [InlineData("X-K\u00e9y", "net/http: invalid header field name \"X-K\u00e9y\"")]
        [InlineData("X(Key)", "net/http: invalid header field name \"X(Key)\"")]
        public void Header_names_that_are_not_tokens_are_refused(string name, string expected)
        {
            Assert.False(HeaderRules.ValidName(name));
            var e = new InvalidRequestHeaderException(name, false);
            Assert.Equal(expected, e.Message);
        }

        // Refused before any connection: nothing reaches the server, and the secret value is not in the error.
        [Fact]
        public void A_request_with_a_control_character_in_a_header_is_refused_before_sending()
        {
            using var server = new ScriptedServer((i, head, s) => { Write(s, "HTTP/1.1 204 No Content\r\n\r\n"); return true; });
            using var h = Handler();
            var e = Assert.Throws<InvalidRequestHeaderException>(() => Send(h, server.Url, HttpMethod.Post, "{}", "Authorization: Bearer s3cr3t\u0007tail"));
            Assert.Equal("net/http: invalid header field value for \"Authorization\"", e.Message);
            Assert.DoesNotContain("s3cr3t", e.Message, StringComparison.Ordinal);
            Assert.Equal(0, server.Connections);
            Assert.Empty(server.Heads);
        }

        // A rewrite header whose template expands to a user trait with a control character: the probe says what Teleport
        // would do with it (the request never leaves the App Service), names the header, never shows the value.
        [Fact]
        public void Probe_with_a_header_go_refuses_is_that_apps_failure_naming_the_header()
        {
            using var server = new ScriptedServer((i, head, s) => { Write(s, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"); return true; });
            var app = HttpProbeTests.ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp", "    rewrite:\n      headers:\n      - \"X-Upstream-Token: {{external.upstream_token}}\"\n");
            var options = new StaticCheckOptions
            {
                CheckReachable = false,
                UserName = "alice",
                UserTraits = new Dictionary<string, List<string>> { ["upstream_token"] = new List<string> { "s3cr3t\u0001tail" } },
            };
            var o = HttpProbeTests.Probe(app, options, 10);
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Contains("net/http: invalid header field value for \"X-Upstream-Token\"", o.Message, StringComparison.Ordinal);
            Assert.Contains("app-service", o.Message, StringComparison.Ordinal);
            Assert.Contains("X-Upstream-Token", o.Fix, StringComparison.Ordinal);
            Assert.Contains("trait", o.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t", o.Message + o.Fix, StringComparison.Ordinal);
            Assert.Empty(server.Heads);
        }

        // The server's own session id with a control character: sent back, it would be refused the same way.
        [Fact]
        public void Probe_refuses_to_send_back_a_session_id_go_would_refuse()
        {
            using var server = new ScriptedServer((i, head, s) =>
            {
                const string init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
                Write(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nMcp-Session-Id: abc\u0001def\r\nContent-Length: " + init.Length + "\r\n\r\n" + init);
                return true;
            });
            var o = HttpProbeTests.Probe(HttpProbeTests.ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp"), new StaticCheckOptions { CheckReachable = false }, 10);
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Contains("net/http: invalid header field value for \"Mcp-Session-Id\"", o.Message, StringComparison.Ordinal);
            Assert.Contains("server itself set", o.Fix, StringComparison.Ordinal);
            Assert.Single(server.Heads);
        }
    }
}
