using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>
    /// The HTTP probe's own HTTP/1.1 client (DirectHttpHandler) against a scripted loopback upstream: the framings an
    /// upstream may use (Content-Length, chunked, until close, none for 202/204), event streams read as they arrive, one
    /// connection per probe kept across its requests, and hostile answers (huge headers, endless or bad chunks, silence)
    /// that end in a clear failure within the deadline, with no socket left open. The real servers are in HttpProbeTests.
    /// </summary>
    public class DirectHttpHandlerTests
    {
        /// <summary>
        /// A loopback upstream: each request (head, and its Content-Length body) is answered by <c>answer</c>, which
        /// writes to the connection and returns whether to keep it. Counts connections and those the client closed.
        /// </summary>
        internal sealed class ScriptedServer : IDisposable
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
            private readonly Thread _accept;
            private readonly Func<int, string, Stream, bool> _answer;
            private readonly List<TcpClient> _clients = new List<TcpClient>();
            private readonly HashSet<TcpClient> _done = new HashSet<TcpClient>();
            private readonly X509Certificate2 _tls;
            private int _connections, _closedByClient, _requests;

            /// <param name="tls">A certificate: the upstream speaks https with it (the client must accept it).</param>
            public ScriptedServer(Func<int, string, Stream, bool> answer, X509Certificate2 tls = null)
            {
                _answer = answer;
                _tls = tls;
                _listener.Start();
                Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
                _accept = new Thread(Accept) { IsBackground = true };
                _accept.Start();
            }

            public int Port { get; }
            public Uri Url => new Uri((_tls == null ? "http" : "https") + "://127.0.0.1:" + Port + "/mcp");
            public int Connections => Volatile.Read(ref _connections);
            public int ClosedByClient => Volatile.Read(ref _closedByClient);

            /// <summary>Connections whose serving ended: the server has closed them (its FIN is sent).</summary>
            public int Finished
            {
                get { lock (_clients) return _done.Count; }
            }
            public List<string> Heads { get; } = new List<string>();

            /// <summary>What went wrong inside the server (other than the client going away), if anything.</summary>
            public Exception Failure { get; private set; }

            private void Accept()
            {
                while (true)
                {
                    TcpClient client;
                    try { client = _listener.AcceptTcpClient(); }
                    catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is InvalidOperationException) { return; }
                    Interlocked.Increment(ref _connections);
                    lock (_clients) _clients.Add(client);
                    new Thread(() => Serve(client)) { IsBackground = true }.Start();
                }
            }

            private void Serve(TcpClient client)
            {
                var pending = new List<byte>();
                var buf = new byte[8192];
                SslStream ssl = null;
                try
                {
                    // Inside the try: Dispose may close the connection before this thread starts.
                    Stream stream = client.GetStream();
                    if (_tls != null)
                    {
                        ssl = new SslStream(stream, false);
                        ssl.AuthenticateAsServer(_tls);
                        stream = ssl;
                    }
                    while (true)
                    {
                        int end;
                        while ((end = IndexOf(pending, "\r\n\r\n")) < 0)
                        {
                            int n = stream.Read(buf, 0, buf.Length);
                            if (n == 0)
                            {
                                Interlocked.Increment(ref _closedByClient);
                                return;
                            }
                            pending.AddRange(buf.Take(n));
                        }
                        string head = Encoding.UTF8.GetString(pending.Take(end).ToArray());
                        pending.RemoveRange(0, end + 4);
                        var length = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                        while (pending.Count < length)
                        {
                            int n = stream.Read(buf, 0, buf.Length);
                            if (n == 0) return;
                            pending.AddRange(buf.Take(n));
                        }
                        string body = Encoding.UTF8.GetString(pending.Take(length).ToArray());
                        pending.RemoveRange(0, length);
                        lock (Heads) Heads.Add(head + "\r\n\r\n" + body);
                        if (!_answer(Interlocked.Increment(ref _requests) - 1, head, stream)) break;
                    }
                }
                catch (Exception e) when (e is IOException || e is System.Security.Authentication.AuthenticationException)
                {
                    // A write failed: the client closed the connection while the answer went on.
                    Interlocked.Increment(ref _closedByClient);
                }
                catch (Exception e) when (!(e is IOException))
                {
                    // Never on this background thread (an exception would end the test host): the test sees it instead.
                    Failure ??= e;
                }
                finally
                {
                    lock (_clients) _done.Add(client);
                    ssl?.Dispose();
                    client.Dispose();
                }
            }

            private static int IndexOf(List<byte> data, string what)
            {
                var w = Encoding.ASCII.GetBytes(what);
                for (int i = 0; i + w.Length <= data.Count; i++)
                {
                    int j = 0;
                    while (j < w.Length && data[i + j] == w[j]) j++;
                    if (j == w.Length) return i;
                }
                return -1;
            }

            /// <summary>
            /// Waits until the client closed every connection it opened: seen by a read or write of the server, or, for a
            /// connection whose answer is still under way (a server that sleeps), by the end of its stream. The wait only
            /// guards against a hang (a loaded machine may take seconds to run the closing threads); it times nothing.
            /// </summary>
            public bool AllClosedByClient(int ms = 60000)
            {
                var sw = Stopwatch.StartNew();
                while (true)
                {
                    bool all;
                    lock (_clients)
                        all = _clients.All(c => _done.Contains(c) || PeerClosed(c.Client));
                    if (all) return true;
                    if (sw.ElapsedMilliseconds > ms) return false;
                    Thread.Sleep(20);
                }
            }

            private static bool PeerClosed(Socket s)
            {
                try { return s.Poll(0, SelectMode.SelectRead) && s.Available == 0; }
                catch (ObjectDisposedException) { return true; }
            }

            public void Dispose()
            {
                _listener.Stop();
                lock (_clients) foreach (var c in _clients) c.Dispose();
                _accept.Join(5000);
                _listener.Dispose();
            }
        }

        internal static void Write(Stream s, string text)
        {
            var b = Encoding.UTF8.GetBytes(text);
            s.Write(b, 0, b.Length);
            s.Flush();
        }

        private static DirectHttpHandler Handler() => new DirectHttpHandler((sender, cert, chain, errors) => errors == System.Net.Security.SslPolicyErrors.None);

        /// <summary>One request (a POST of <paramref name="json"/>, or <paramref name="method"/> without a body).</summary>
        private static HttpResponseMessage Send(DirectHttpHandler h, Uri url, string json = "{}", HttpMethod method = null, Action<HttpRequestMessage> setup = null, CancellationToken ct = default)
        {
            using var req = new HttpRequestMessage(method ?? HttpMethod.Post, url);
            if (method == null) req.Content = new StringContent(json, new UTF8Encoding(false), "application/json");
            setup?.Invoke(req);
            return h.Send(req, ct);
        }

        private static Stream BodyStream(HttpResponseMessage r) => r.Content.ReadAsStreamAsync().GetAwaiter().GetResult();

        private static string Body(HttpResponseMessage r)
        {
            using var s = BodyStream(r);
            using var reader = new StreamReader(s);
            return reader.ReadToEnd();
        }

        [Fact]
        public void Request_is_written_as_httpclient_writes_it()
        {
            using var server = new ScriptedServer((i, head, s) => { Write(s, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"); return true; });
            using var h = Handler();
            using (var r = Send(h, new Uri("http://127.0.0.1:" + server.Port + "/mcp?x=1"), json: "{\"a\":\"\u00e9\"}", setup: req =>
            {
                req.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
                req.Headers.TryAddWithoutValidation("X-Api-Key", "k1");
            }))
                Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            var sent = server.Heads.Single();
            Assert.StartsWith("POST /mcp?x=1 HTTP/1.1\r\n", sent, StringComparison.Ordinal);
            Assert.Contains("\r\nHost: 127.0.0.1:" + server.Port + "\r\n", sent, StringComparison.Ordinal);
            Assert.Contains("\r\nAccept: application/json, text/event-stream\r\n", sent, StringComparison.Ordinal);
            Assert.Contains("\r\nX-Api-Key: k1\r\n", sent, StringComparison.Ordinal);
            Assert.Contains("\r\nContent-Type: application/json; charset=utf-8\r\n", sent, StringComparison.Ordinal);
            Assert.Contains("\r\nContent-Length: 10\r\n", sent, StringComparison.Ordinal); // UTF-8 bytes
            Assert.EndsWith("\r\n\r\n{\"a\":\"\u00e9\"}", sent, StringComparison.Ordinal);
        }

        // net/http header.go writeSubset: one line per value (RewriteHeadersAndApplyValueTraits adds one per trait value). A list
        // header HttpClient splits itself (Accept, Content-Language) stays on one line: RFC 9110 5.3 makes both the same.
        [Theory]
        [InlineData("X-Team", "red|blue", "X-Team: red|X-Team: blue")]
        [InlineData("Authorization", "Bearer good|Bearer other", "Authorization: Bearer good|Authorization: Bearer other")]
        [InlineData("X-One", "a, b", "X-One: a, b")]
        [InlineData("X-Team", "red", "X-Team: red")]
        [InlineData("Accept", "application/json, text/event-stream", "Accept: application/json, text/event-stream")]
        [InlineData("Content-Language", "en|de", "Content-Language: en, de")]
        public void Each_added_value_is_its_own_header_line_as_go_writes_it(string name, string values, string lines)
        {
            using var server = new ScriptedServer((i, head, s) => { Write(s, "HTTP/1.1 204 No Content\r\n\r\n"); return true; });
            using var h = Handler();
            using (Send(h, server.Url, setup: req =>
            {
                foreach (var v in values.Split('|'))
                    if (!req.Headers.TryAddWithoutValidation(name, v)) req.Content.Headers.TryAddWithoutValidation(name, v);
            })) { }
            var sent = Assert.Single(server.Heads);
            var written = sent.Split("\r\n").Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(lines, string.Join("|", written));
        }

        [Fact]
        public void A_header_value_with_a_line_break_is_refused_not_sent()
        {
            using var server = new ScriptedServer((i, head, s) => { Write(s, "HTTP/1.1 204 No Content\r\n\r\n"); return true; });
            using var h = Handler();
            var e = Assert.ThrowsAny<HttpRequestException>(() => Send(h, server.Url, setup: req => req.Headers.TryAddWithoutValidation("X-Evil", "a\r\nX-Injected: 1")));
            // net/http transport.go roundTrip: refused before dialing, the header named, its value left out.
            Assert.Equal("net/http: invalid header field value for \"X-Evil\"", e.Message);
            Assert.Empty(server.Heads);
            Assert.Equal(0, server.Connections);
        }

        // Go's net/http request.go reqWriteExcludeHeader: Transfer-Encoding and Trailer from the request's headers are never
        // written (the body is framed by the client), so a rewrite header of that name does not reach Teleport's upstream either.
        [Theory]
        [InlineData("Transfer-Encoding", "gzip")]
        [InlineData("transfer-encoding", "chunked")]
        [InlineData("Trailer", "X-Checksum")]
        public void Framing_headers_from_the_request_are_not_sent_as_go_does(string name, string value)
        {
            using var server = new ScriptedServer((i, head, s) => { Write(s, "HTTP/1.1 204 No Content\r\n\r\n"); return true; });
            using var h = Handler();
            Send(h, server.Url, setup: req => req.Headers.TryAddWithoutValidation(name, value));
            var sent = Assert.Single(server.Heads);
            Assert.DoesNotContain(name + ":", sent, System.StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Content-Length:", sent, System.StringComparison.OrdinalIgnoreCase);
        }

        // Content-Length, chunked (with an extension and trailers), 202/204 without a body: each answer read to its end
        // leaves the connection for the next request; the probe's session uses one connection.
        [Fact]
        public void Framings_are_read_and_one_connection_serves_the_session()
        {
            using var server = new ScriptedServer((i, head, s) =>
            {
                switch (i)
                {
                    case 0: Write(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nMcp-Session-Id: abc\r\nContent-Length: 7\r\n\r\n{\"a\":1}"); break;
                    case 1: Write(s, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"); break;
                    case 2: Write(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/event-stream\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n"); break;
                    default: Write(s, "HTTP/1.1 204 No Content\r\n\r\n"); break;
                }
                return true;
            });
            using var h = Handler();
            using (var r = Send(h, server.Url))
            {
                Assert.Equal("abc", r.Headers.GetValues("Mcp-Session-Id").Single());
                Assert.Equal("application/json", r.Content.Headers.ContentType.MediaType);
                Assert.Equal("{\"a\":1}", Body(r));
            }
            using (var r = Send(h, server.Url)) Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            using (var r = Send(h, server.Url)) Assert.Equal("hello, world", Body(r));
            using (var r = Send(h, server.Url, method: HttpMethod.Delete)) Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
            Assert.Equal(1, server.Connections);
            Assert.Null(server.Failure);
            Assert.Equal(4, server.Heads.Count);
            Assert.StartsWith("DELETE /mcp HTTP/1.1", server.Heads[3], StringComparison.Ordinal);
            Assert.DoesNotContain("Content-Length", server.Heads[3], StringComparison.Ordinal);
            Assert.Equal(1, h.OpenConnections);
            h.Dispose();
            Assert.Equal(0, h.OpenConnections);
            Assert.True(server.AllClosedByClient(), "a connection was left open");
        }

        // An event stream is handed out as it arrives: the first event is read while the server still holds the second.
        [Fact]
        public void Event_stream_is_read_as_it_arrives_and_an_unread_end_is_drained()
        {
            using var second = new ManualResetEventSlim();
            bool heldInTime = false;
            using var server = new ScriptedServer((i, head, s) =>
            {
                if (i == 0)
                {
                    Write(s, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
                    Write(s, "12\r\nevent: a\ndata: 1\n\n\r\n");
                    // Only a guard against a hang: a client that waits for the whole body never reads the first event before it.
                    heldInTime = second.Wait(60000);
                    Write(s, "12\r\nevent: b\ndata: 2\n\n\r\n0\r\n\r\n");
                }
                else Write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                return true;
            });
            using var h = Handler();
            using (var r = Send(h, server.Url))
            {
                var reader = new HttpProbe.BoundedLineReader(BodyStream(r), 1 << 20);
                Assert.Equal("event: a", reader.ReadLine());
                Assert.Equal("data: 1", reader.ReadLine());
                Assert.Equal("", reader.ReadLine());
                second.Set();
                Assert.Equal("event: b", reader.ReadLine());
                // Stops before the terminating chunk, as the probe stops at the response it waited for.
                Thread.Sleep(100);
            }
            using (var r = Send(h, server.Url)) Assert.Equal("ok", Body(r));
            Assert.True(heldInTime, "the first event was read only once the server sent the second");
            Assert.Equal(1, server.Connections);
        }

        [Fact]
        public void Connection_close_and_a_body_until_close_take_a_new_connection_for_the_next_request()
        {
            using var server = new ScriptedServer((i, head, s) =>
            {
                if (i == 0)
                {
                    Write(s, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\none");
                    return false;
                }
                Write(s, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\ntwo until close");
                return false;
            });
            using var h = Handler();
            using (var r = Send(h, server.Url)) Assert.Equal("one", Body(r));
            using (var r = Send(h, server.Url)) Assert.Equal("two until close", Body(r));
            Assert.Equal(2, server.Connections);
            Assert.Equal(0, h.OpenConnections);
        }

        // A kept connection the server closed while it was idle is not used again (Go's persistConn.readLoop sees the close
        // and drops it from the idle pool): the next request takes a new one, nothing is sent twice.
        [Fact]
        public void A_kept_connection_closed_by_the_server_is_replaced()
        {
            using var server = new ScriptedServer((i, head, s) =>
            {
                Write(s, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + i);
                return false; // closes without saying so
            });
            using var h = Handler();
            using (var r = Send(h, server.Url)) Assert.Equal("0", Body(r));
            // Until the server has closed the first connection (not a fixed pause: its thread may run late under load).
            Assert.True(Eventually(() => server.Finished == 1), "the server did not close the first connection");
            using (var r = Send(h, server.Url)) Assert.Equal("1", Body(r));
            Assert.Equal(2, server.Connections);
            Assert.Equal(2, server.Heads.Count);
        }

        // A chunk's data is handed out when it arrives, not held until the CR LF after it (which a server may send with its next write).
        [Fact]
        public void A_chunk_is_read_before_its_line_end_arrives()
        {
            using var clientRead = new ManualResetEventSlim();
            bool readInTime = false;
            using var server = new ScriptedServer((i, head, s) =>
            {
                Write(s, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n12\r\ndata: {\"id\":1}\n\n\n\n");
                // Only a guard against a hang: a client that holds the chunk until its line end never reads before it.
                readInTime = clientRead.Wait(60000);
                Write(s, "\r\n0\r\n\r\n");
                return true;
            });
            using var h = Handler();
            using (var r = Send(h, server.Url))
            using (var stream = BodyStream(r))
            {
                var buf = new byte[64];
                int n = stream.Read(buf, 0, buf.Length);
                clientRead.Set();
                Assert.Equal("data: {\"id\":1}\n\n\n\n", Encoding.UTF8.GetString(buf, 0, n));
                Assert.Equal(0, stream.Read(buf, 0, buf.Length));
            }
            Assert.True(readInTime, "the chunk was held until its line end arrived");
            Assert.Equal(1, h.OpenConnections); // read to its end: kept
        }

        // Bytes after the end of an answer belong to no request: the connection is closed, never read for the next answer
        // (as Go and SocketsHttpHandler do), so a second request reaches the server.
        [Theory]
        [InlineData("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfake!", "")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfake!", "ok")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok and more than announced", "ok")]
        public void Bytes_after_an_answer_close_its_connection(string first, string firstBody)
        {
            using var server = new ScriptedServer((i, head, s) =>
            {
                Write(s, i == 0 ? first : "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal");
                return true;
            });
            using var h = Handler();
            using (var r = Send(h, server.Url))
            {
                Assert.Equal(firstBody, Body(r));
                // The leftover is on the socket by now (one write of the server).
                Thread.Sleep(100);
            }
            using (var r = Send(h, server.Url))
            {
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                Assert.Equal("real", Body(r));
            }
            Assert.Equal(2, server.Heads.Count);
            Assert.Equal(2, server.Connections);
        }

        // The connection opened before the static checks stands in for the one Go dials when the request comes: one the
        // server closed meanwhile (its idle timeout) is replaced by a new connect before anything is sent on it.
        [Fact]
        public void An_early_connection_closed_by_the_server_before_the_request_is_replaced()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var firstClosed = new ManualResetEventSlim();
            var heads = new List<string>();
            var serve = new Thread(() =>
            {
                try
                {
                    using (var first = listener.AcceptTcpClient()) { }
                    firstClosed.Set();
                    using var c = listener.AcceptTcpClient();
                    var s = c.GetStream();
                    var buf = new byte[4096];
                    int n = 0;
                    while (!Encoding.ASCII.GetString(buf, 0, n).Contains("\r\n\r\n{}", StringComparison.Ordinal)) n += s.Read(buf, n, buf.Length - n);
                    lock (heads) heads.Add(Encoding.ASCII.GetString(buf, 0, n));
                    Write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                }
                catch (Exception e) when (e is SocketException || e is IOException || e is ObjectDisposedException || e is InvalidOperationException)
                {
                }
            }) { IsBackground = true };
            serve.Start();
            try
            {
                var early = EarlyConnection.Start(HttpProbeTests.ConfigApp("mcp+http://127.0.0.1:" + port + "/mcp"));
                Assert.NotNull(early);
                Assert.True(firstClosed.Wait(60000));
                Thread.Sleep(100); // the server's FIN is on the client's socket
                using var h = new DirectHttpHandler(early, (sender, cert, chain, errors) => errors == System.Net.Security.SslPolicyErrors.None);
                using (var r = Send(h, new Uri("http://127.0.0.1:" + port + "/mcp"))) Assert.Equal("ok", Body(r));
                Assert.True(serve.Join(60000));
                Assert.Single(heads);
            }
            finally
            {
                listener.Stop();
            }
        }

        // A request the server took on the early connection and dropped without an answer is not sent again: Go never
        // sends again on a fresh connection (transport.go shouldRetryRequest: "There's no reason the server should've hung up on us").
        [Fact]
        public void A_request_dropped_on_the_early_connection_is_not_sent_again()
        {
            using var server = new ScriptedServer((i, head, s) =>
            {
                if (i == 0) return false; // closes without answering
                Write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                return true;
            });
            var early = EarlyConnection.Start(HttpProbeTests.ConfigApp(server.Url.ToString().Replace("http://", "mcp+http://", StringComparison.Ordinal)));
            Assert.NotNull(early);
            using var h = new DirectHttpHandler(early, (sender, cert, chain, errors) => errors == System.Net.Security.SslPolicyErrors.None);
            var e = Assert.Throws<HttpRequestException>(() => Send(h, server.Url));
            Assert.Contains("without answering", e.Message, StringComparison.Ordinal);
            Assert.Equal(1, server.Connections);
            Assert.Single(server.Heads);
        }

        // The early connect failed (nothing listened yet, or a reset): the first request dials again instead of failing.
        [Fact]
        public void A_failed_early_connect_is_dialled_again()
        {
            // Bound but not listening: a connect is refused, and the port stays this test's until it listens (a port
            // given back and taken again could meanwhile go to another test on this machine).
            using var listener = HttpProbeTests.RefusingSocket();
            int port = HttpProbeTests.PortOf(listener);
            var early = EarlyConnection.Start(HttpProbeTests.ConfigApp("mcp+http://127.0.0.1:" + port + "/mcp"));
            Assert.NotNull(early);
            listener.Listen();
            try
            {
                var serve = new Thread(() =>
                {
                    try
                    {
                        using var c = listener.Accept();
                        using var s = new NetworkStream(c);
                        var buf = new byte[4096];
                        int n = 0;
                        while (!Encoding.ASCII.GetString(buf, 0, n).Contains("\r\n\r\n{}", StringComparison.Ordinal)) n += s.Read(buf, n, buf.Length - n);
                        Write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                    }
                    catch (Exception e) when (e is SocketException || e is IOException || e is ObjectDisposedException || e is InvalidOperationException)
                    {
                    }
                }) { IsBackground = true };
                serve.Start();
                using var h = new DirectHttpHandler(early, (sender, cert, chain, errors) => errors == System.Net.Security.SslPolicyErrors.None);
                using (var r = Send(h, new Uri("http://127.0.0.1:" + port + "/mcp"))) Assert.Equal("ok", Body(r));
                serve.Join(60000);
            }
            finally
            {
                listener.Close();
            }
        }

        [Theory]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n", "invalid chunk size")]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\nhello\r\n", "invalid chunk size")]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n", "invalid chunk size")]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n", "more data than its chunk size")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "before the end its Content-Length announced")]
        public void A_broken_body_is_a_clear_error(string answer, string expected)
        {
            using var server = new ScriptedServer((i, head, s) => { Write(s, answer); return false; });
            using var h = Handler();
            using var r = Send(h, server.Url);
            var e = Assert.Throws<IOException>(() => Body(r));
            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("SSH-2.0-OpenSSH_9.6\r\n", "not HTTP/1.x")]
        [InlineData("HTTP/1.1 2000 OK\r\n\r\n", "not HTTP/1.x")]
        [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "header line without a name")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", "http: message cannot contain multiple Content-Length headers; got [\"5\" \"6\"]")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length \"-1\"")]
        public void A_malformed_head_is_a_clear_error(string answer, string expected)
        {
            using var server = new ScriptedServer((i, head, s) => { Write(s, answer); return false; });
            using var h = Handler();
            var e = Assert.Throws<HttpRequestException>(() => Send(h, server.Url));
            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
            Assert.Equal(0, h.OpenConnections);
        }

        // Headers that never end: refused at the limit, which the error names, not read until memory runs out.
        [Fact]
        public void Endless_headers_stop_at_the_limit()
        {
            using var server = new ScriptedServer((i, head, s) =>
            {
                Write(s, "HTTP/1.1 200 OK\r\n");
                var line = Encoding.ASCII.GetBytes("X-Filler: " + new string('f', 1000) + "\r\n");
                for (int k = 0; k < 100000; k++) s.Write(line, 0, line.Length);
                return false;
            });
            using var h = Handler();
            var e = Assert.Throws<HttpRequestException>(() => Send(h, server.Url));
            Assert.Contains(Limits.Current.Describe(nameof(Limits.HttpHeaderMaxBytes)), e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_silent_server_ends_with_the_deadline()
        {
            using var silence = new Silence();
            using var server = new ScriptedServer((i, head, s) => silence.Hold());
            using var h = Handler();
            using var cts = new CancellationTokenSource(300);
            Assert.ThrowsAny<OperationCanceledException>(() => Send(h, server.Url, ct: cts.Token));
            // Ended by the token while the server still held its answer, not by the server giving up.
            Assert.False(silence.GaveUp, "the send ended only when the server gave up");
            Assert.Equal(0, h.OpenConnections);
        }

        /// <summary>
        /// A server that holds a request without answering until the test is done (or, as a guard against a hang, two
        /// minutes): a client that ended while it still held ended by itself, without a time measured.
        /// </summary>
        internal sealed class Silence : IDisposable
        {
            // Not an event to dispose: a server thread may still wait on it after the test.
            private readonly System.Threading.Tasks.TaskCompletionSource<bool> _release = new System.Threading.Tasks.TaskCompletionSource<bool>(System.Threading.Tasks.TaskCreationOptions.RunContinuationsAsynchronously);
            private int _gaveUp;

            /// <summary>The server stopped on its own (after two minutes), not because the test was done.</summary>
            public bool GaveUp => Volatile.Read(ref _gaveUp) != 0;

            /// <summary>Holds the connection; then closes it (false: not kept).</summary>
            public bool Hold()
            {
                if (!_release.Task.Wait(120000)) Interlocked.Exchange(ref _gaveUp, 1);
                return false;
            }

            /// <summary>For a server that keeps writing: whether to go on (the test is not done, two minutes have not passed).</summary>
            public bool GoOn(Stopwatch since)
            {
                if (_release.Task.IsCompleted) return false;
                if (since.ElapsedMilliseconds < 120000) return true;
                Interlocked.Exchange(ref _gaveUp, 1);
                return false;
            }

            public void Dispose() => _release.TrySetResult(true);
        }

        [Fact]
        public void Refused_port_names_the_socket_error()
        {
            using var refusing = HttpProbeTests.RefusingSocket();
            int port = HttpProbeTests.PortOf(refusing);
            using var h = Handler();
            var e = Assert.Throws<HttpRequestException>(() => Send(h, new Uri("http://127.0.0.1:" + port + "/mcp")));
            Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(e.InnerException).SocketErrorCode);
        }

        // --- the probe over hostile upstreams: a Fail that says what was wrong, within the deadline, no socket left ---

        // The deadline is a guard: these answers end the probe by what they hold, long before it on any machine.
        private static ProbeResult Probe(ScriptedServer server, int timeoutSec = 60) =>
            HttpProbeTests.Probe(HttpProbeTests.ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp"), new StaticCheckOptions { CheckReachable = false }, timeoutSec);

        private const string SseHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

        [Fact]
        public void Probe_endless_chunks_without_a_line_end_fail_at_the_line_limit()
        {
            using var server = new ScriptedServer((i, head, s) =>
            {
                Write(s, SseHead);
                var chunk = Encoding.ASCII.GetBytes("10000\r\n" + new string('a', 0x10000) + "\r\n");
                for (int k = 0; k < 1000; k++) s.Write(chunk, 0, chunk.Length);
                return false;
            });
            var sw = Stopwatch.StartNew();
            var o = Probe(server, 120);
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Contains("longer than 16 MiB", o.Message, StringComparison.Ordinal);
            Assert.True(server.AllClosedByClient(), "a connection was left open");
        }

        [Fact]
        public void Probe_endless_events_end_with_the_deadline()
        {
            using var stream = new Silence();
            using var server = new ScriptedServer((i, head, s) =>
            {
                Write(s, SseHead);
                var chunk = Encoding.ASCII.GetBytes("f\r\n: keep-alive\n\n\r\n");
                var sw = Stopwatch.StartNew();
                // Until the client goes away (the write fails) or the test ends; two minutes guard against a hang.
                while (stream.GoOn(sw))
                {
                    s.Write(chunk, 0, chunk.Length);
                    Thread.Sleep(5);
                }
                return false;
            });
            var o = Probe(server, 1);
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.True(o.TimedOut, o.Message);
            // The probe ended at its deadline while the events still came (the stream has no end of its own before two minutes).
            Assert.False(stream.GaveUp, "the probe ended only when the server stopped");
            Assert.True(server.AllClosedByClient(), "a connection was left open");
        }

        [Fact]
        public void Probe_bad_chunk_size_is_a_clear_fail()
        {
            using var server = new ScriptedServer((i, head, s) => { Write(s, SseHead + "xyz\r\n"); Thread.Sleep(1000); return false; });
            var o = Probe(server);
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Contains("invalid chunk size", o.Message, StringComparison.Ordinal);
            Assert.True(server.AllClosedByClient(), "a connection was left open");
        }

        [Fact]
        public void Probe_refusal_with_an_endless_body_is_still_the_refusal()
        {
            using var body = new Silence();
            using var server = new ScriptedServer((i, head, s) =>
            {
                Write(s, "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
                var chunk = Encoding.ASCII.GetBytes("400\r\n" + new string('n', 0x400) + "\r\n");
                var sw = Stopwatch.StartNew();
                while (body.GoOn(sw)) s.Write(chunk, 0, chunk.Length);
                return false;
            });
            // A deadline far away: the refusal is answered from the start of its body, not when the deadline ends the read.
            var o = Probe(server, 600);
            Assert.Equal(401, o.HttpStatus);
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.False(o.TimedOut, o.Message);
            Assert.False(body.GaveUp, "the refusal's body held the probe until the server stopped");
        }

        // -Launch connects before the static checks; the probe's requests go over that one connection.
        [Fact]
        public void Launch_sends_over_the_connection_opened_before_the_static_checks()
        {
            using var server = new ScriptedServer((i, head, s) => { Write(s, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nboom"); return true; });
            var outcome = AppTest.Run(HttpProbeTests.ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp"), new AppTestOptions { Launch = true, TimeoutSec = 120 }, CancellationToken.None);
            Assert.Equal(500, outcome.Probe.HttpStatus);
            Assert.Equal(1, server.Connections);
            Assert.True(server.AllClosedByClient(), "a connection was left open");
        }

        // When the static checks stop the probe (a teleport.yaml header the App Service cannot parse), the connection
        // opened before them is closed unused.
        [Fact]
        public void Launch_closes_the_early_connection_when_the_probe_does_not_run()
        {
            using var server = new ScriptedServer((i, head, s) => { Write(s, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nboom"); return true; });
            var app = HttpProbeTests.ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp", "    rewrite:\n      headers:\n      - \"no colon here\"\n");
            var outcome = AppTest.Run(app, new AppTestOptions { Launch = true, TimeoutSec = 120 }, CancellationToken.None);
            Assert.Contains(outcome.Checks, c => c.Check == "Headers" && c.Status == CheckStatus.Fail);
            Assert.Empty(server.Heads);
            Assert.True(server.AllClosedByClient(), "a connection was left open");
        }

        [Fact]
        public void Probe_cancelled_like_ctrl_c_stops_at_once()
        {
            using var silence = new Silence();
            using var server = new ScriptedServer((i, head, s) => silence.Hold());
            var report = StaticChecks.Run(HttpProbeTests.ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp"), new StaticCheckOptions { CheckReachable = false });
            using var cts = new CancellationTokenSource(300);
            try
            {
                HttpProbe.Run(report, new ProbeOptions { TimeoutSec = 600 }, cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
            // Stopped by its token while the server still held the request (the deadline is ten minutes away).
            Assert.False(silence.GaveUp, "the probe did not stop with its token");
            Assert.True(server.AllClosedByClient(), "a connection was left open");
        }
    

        // --- closing: the handler's Dispose ends every connection it opened, also one a reader or a request still holds ---

        internal static X509Certificate2 LoopbackCert()
        {
            using var rsa = RSA.Create(2048);
            var req = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            req.CertificateExtensions.Add(san.Build());
            using var c = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
            return X509CertificateLoader.LoadPkcs12(c.Export(X509ContentType.Pfx), null);
        }

        /// <summary>A handler that trusts exactly <paramref name="cert"/> (null: plain http only).</summary>
        private static DirectHttpHandler Handler(X509Certificate2 cert) => cert == null ? Handler() :
            new DirectHttpHandler((sender, c, chain, errors) => c != null && c.GetCertHashString() == cert.GetCertHashString());

        // A read blocked on a silent server (waiting for the head of an answer, or for the next event of a stream) ends
        // promptly with an IOException or HttpRequestException when the handler is disposed; the connection's TLS stream
        // and socket are closed once that read has left them.
        [Theory]
        [InlineData(false, "head")]
        [InlineData(false, "body")]
        [InlineData(true, "head")]
        [InlineData(true, "body")]
        public void Dispose_ends_a_read_under_way_and_closes_its_connection(bool tls, string waitingFor)
        {
            using var cert = tls ? LoopbackCert() : null;
            using var release = new ManualResetEventSlim();
            using var server = new ScriptedServer((i, head, s) =>
            {
                if (waitingFor == "body") Write(s, SseHead + "12\r\nevent: a\ndata: 1\n\n\r\n");
                release.Wait(30000);
                return false;
            }, cert);
            using var h = Handler(cert);
            HttpResponseMessage r = null;
            Stream body = null;
            Exception failure = null;
            Http1Connection[] conns = null;
            using var started = new ManualResetEventSlim();
            var reader = new Thread(() =>
            {
                try
                {
                    if (waitingFor == "head")
                    {
                        started.Set();
                        r = Send(h, server.Url);
                        return;
                    }
                    r = Send(h, server.Url);
                    body = BodyStream(r);
                    var buf = new byte[64];
                    Assert.True(body.Read(buf, 0, buf.Length) > 0);
                    conns = h.Connections;
                    started.Set();
                    while (body.Read(buf, 0, buf.Length) > 0) { }
                }
                catch (Exception e)
                {
                    failure = e;
                }
            }) { IsBackground = true };
            reader.Start();
            Assert.True(started.Wait(60000));
            // Until the request is on the wire; then the read blocks (or, should the reader thread run late, starts on a
            // closed connection: the same clean failure).
            Assert.True(Eventually(() => { lock (server.Heads) return server.Heads.Count > 0; }), "the request never reached the server");
            Thread.Sleep(200);
            conns ??= h.Connections;
            Assert.Single(conns);
            h.Dispose();
            bool ended = reader.Join(60000);
            release.Set();
            Assert.True(ended, "a read under way outlived the handler's Dispose");
            Assert.True(failure is IOException || failure is HttpRequestException, "not a clean failure: " + failure);
            if (waitingFor == "head") Assert.Null(r);
            Assert.True(Eventually(() => conns[0].Closed), "the connection's stream was left open");
            Assert.Equal(0, h.OpenConnections);
            Assert.True(server.AllClosedByClient(), "a connection was left open");
            body?.Dispose();
            r?.Dispose();
        }

        // The handler's Dispose closes an idle connection's TLS stream too (not only its socket); an answer whose body
        // is read after the handler is gone hands back a connection that is closed, not kept.
        [Fact]
        public void Dispose_closes_the_tls_stream_of_every_connection_and_keeps_none_given_back_later()
        {
            using var cert = LoopbackCert();
            using var server = new ScriptedServer((i, head, s) => { Write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"); return true; }, cert);
            using var h = Handler(cert);
            using (var r = Send(h, server.Url)) Assert.Equal("ok", Body(r));
            var idle = h.Connections.Single();
            using var h2 = Handler(cert);
            var later = Send(h2, server.Url);
            var inUse = h2.Connections.Single();
            h.Dispose();
            h2.Dispose();
            // The idle connection's pending read (kept to see unrequested bytes) ends first, then its stream is closed.
            Assert.True(Eventually(() => idle.Closed), "the idle connection's TLS stream was left open");
            Assert.True(inUse.Closed, "the connection of an answer not yet read was left open");
            // Its bytes had arrived before the Dispose: still readable, and the connection is not kept.
            Assert.Equal("ok", Body(later));
            later.Dispose();
            Assert.Equal(0, h2.OpenConnections);
            Assert.True(server.AllClosedByClient(), "a connection was left open");
        }

        /// <summary>Waits for <paramref name="condition"/>; the limit only guards against a hang, it times nothing.</summary>
        private static bool Eventually(Func<bool> condition, int ms = 60000)
        {
            var sw = Stopwatch.StartNew();
            while (!condition())
            {
                if (sw.ElapsedMilliseconds > ms) return false;
                Thread.Sleep(10);
            }
            return true;
        }

        // --- reuse: bytes the server sends after an answer, before the next request, are never taken as the next answer ---

        // Over TLS the decrypted rest sits inside SslStream, out of sight of the socket; and an unrequested answer can
        // arrive while the connection is idle, after the first answer was read to its end. Either way the next request
        // goes on a new connection and gets its own answer.
        [Theory]
        [InlineData(false, "same write", "HTTP/1.1 204 No Content\r\n\r\n", "")]
        [InlineData(true, "same write", "HTTP/1.1 204 No Content\r\n\r\n", "")]
        [InlineData(true, "same write", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "ok")]
        [InlineData(true, "next write", "HTTP/1.1 204 No Content\r\n\r\n", "")]
        [InlineData(true, "next write", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "ok")]
        [InlineData(false, "while idle", "HTTP/1.1 204 No Content\r\n\r\n", "")]
        [InlineData(true, "while idle", "HTTP/1.1 204 No Content\r\n\r\n", "")]
        [InlineData(true, "while idle", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "ok")]
        public void An_unrequested_answer_is_never_the_next_requests_answer(bool tls, string when, string first, string firstBody)
        {
            const string fake = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfake!";
            using var cert = tls ? LoopbackCert() : null;
            using var fakeSent = new ManualResetEventSlim();
            using var server = new ScriptedServer((i, head, s) =>
            {
                if (i > 0) Write(s, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal");
                else if (when == "same write") Write(s, first + fake);
                else
                {
                    Write(s, first);
                    if (when == "while idle") Thread.Sleep(200);
                    Write(s, fake);
                }
                fakeSent.Set();
                return true;
            }, cert);
            using var h = Handler(cert);
            using (var r = Send(h, server.Url)) Assert.Equal(firstBody, Body(r));
            // The unrequested answer reached the client before the next request: waited for until the handler has seen it
            // (the socket shows it, or the read kept pending over TLS has completed), not for a fixed time, which a
            // loaded machine may outlast before the bytes or the read's completion come. A handler that never looks
            // sends on the connection after the wait's limit and takes the fake answer.
            Assert.True(fakeSent.Wait(60000));
            Assert.True(Eventually(() => h.Connections.All(c => !c.StillIdle)), "the handler never saw the unrequested answer");
            using (var r = Send(h, server.Url))
            {
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                Assert.Equal("real", Body(r));
            }
            Assert.Equal(2, server.Heads.Count);
            Assert.Equal(2, server.Connections);
            Assert.Null(server.Failure);
        }

        // A kept TLS connection serves the next requests when nothing came after its answer (the check above must not
        // cost the reuse), also for an answer without a body and one read to its end.
        [Fact]
        public void A_tls_connection_is_kept_across_the_session()
        {
            using var cert = LoopbackCert();
            using var server = new ScriptedServer((i, head, s) =>
            {
                Write(s, i % 2 == 0 ? "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n" : "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
                return true;
            }, cert);
            using var h = Handler(cert);
            for (int k = 0; k < 6; k++)
            {
                using var r = Send(h, server.Url);
                Assert.Equal(k % 2 == 0 ? "" : "ok", Body(r));
                if (k == 2) Thread.Sleep(200); // idle a while: still the same connection
            }
            Assert.Equal(1, server.Connections);
            Assert.Equal(6, server.Heads.Count);
            h.Dispose();
            Assert.True(server.AllClosedByClient(), "a connection was left open");
        }

        // --- a body that broke off (bad chunk framing): its connection is closed, never read on for the next answer ---

        [Theory]
        [InlineData("zz\r\n0\r\n\r\n", "invalid chunk size")]
        [InlineData("2\r\nokX\r\n0\r\n\r\n", "more data than its chunk size")]
        public void A_body_that_broke_off_closes_its_connection(string chunks, string expected)
        {
            using var server = new ScriptedServer((i, head, s) =>
            {
                Write(s, i == 0 ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks : "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal");
                return true;
            });
            using var h = Handler();
            using (var r = Send(h, server.Url))
            {
                var e = Assert.Throws<IOException>(() => Body(r));
                Assert.Contains(expected, e.Message, StringComparison.Ordinal);
            }
            using (var r = Send(h, server.Url)) Assert.Equal("real", Body(r));
            Assert.Equal(2, server.Connections);
        }
    }
}
