using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// The same handshake over Streamable HTTP (POST, Accept: application/json, text/event-stream; Mcp-Session-Id) or the
    /// legacy SSE transport (GET, an "endpoint" event, then POSTs whose answers arrive on the event stream).
    /// </summary>
    public static class HttpProbe
    {
        public static ProbeResult Run(StaticCheckReport report, ProbeOptions options, CancellationToken ct)
        {
            var app = report.App;
            bool sse = app.Transport == McpTransport.Sse;
            var o = new ProbeResult { App = app, AppName = app.Name, Transport = app.Transport, RunAs = "(not applicable: the server runs elsewhere)" };
            var clock = Stopwatch.StartNew();
            if (report.Endpoint == null)
            {
                o.Message = "not probed: " + (report.Blocking?.Message ?? "no valid URL");
                return o;
            }
            o.CommandLine = report.Endpoint.AbsoluteUri;
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            using (var http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan })
            {
                cts.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSec));
                HttpChannel channel = null;
                try
                {
                    o.Stage = ProbeStage.Initialize;
                    channel = sse ? (HttpChannel)new SseChannel(http, report.Endpoint, cts.Token) : new StreamableChannel(http, report.Endpoint);
                    new McpHandshake(channel, o, clock, options.TimeoutSec * 1000L, cts.Token).Run();
                }
                catch (ProbeTimeoutException e)
                {
                    o.TimedOut = true;
                    o.Status = CheckStatus.Fail;
                    o.Message = "timed out after " + options.TimeoutSec + " s in stage " + o.Stage + ": " + e.Message;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    o.TimedOut = true;
                    o.Status = CheckStatus.Fail;
                    o.Message = "timed out after " + options.TimeoutSec + " s in stage " + o.Stage;
                }
                catch (ProbeChannelException e)
                {
                    o.Status = CheckStatus.Fail;
                    o.Message = e.Message;
                }
                finally
                {
                    channel?.Dispose();
                    o.ElapsedMs = clock.ElapsedMilliseconds;
                }
            }
            return o;
        }

        private abstract class HttpChannel : IProbeChannel
        {
            protected readonly BlockingCollection<ChannelEvent> Events = new BlockingCollection<ChannelEvent>();
            protected readonly HttpClient Http;

            protected HttpChannel(HttpClient http)
            {
                Http = http;
            }

            public abstract void Send(string json, int timeoutMs, CancellationToken ct);

            public ChannelEvent Receive(int timeoutMs, CancellationToken ct)
            {
                try
                {
                    if (Events.TryTake(out var ev, timeoutMs, ct)) return ev;
                }
                catch (InvalidOperationException)
                {
                }
                return ChannelEvent.Timeout;
            }

            protected void Post(ChannelEvent ev)
            {
                try { Events.Add(ev); }
                catch (Exception e) when (e is ObjectDisposedException || e is InvalidOperationException) { }
            }

            protected void PostJson(string data)
            {
                var node = JsonParser.TryParse(data, out var err);
                if (node != null) Post(new ChannelEvent { Message = node });
                else Post(new ChannelEvent { Closed = true, CloseReason = "the server sent a message that is not JSON: " + Shorten(data) });
            }

            /// <summary>Reads text/event-stream events; stops when onEvent returns false or the stream ends.</summary>
            protected static void ReadEvents(Stream stream, Func<string, string, bool> onEvent, CancellationToken ct)
            {
                using (var reader = new StreamReader(stream, new UTF8Encoding(false)))
                {
                    string evName = null;
                    var data = new StringBuilder();
                    string line;
                    while (!ct.IsCancellationRequested && (line = reader.ReadLine()) != null)
                    {
                        if (line.Length == 0)
                        {
                            if (data.Length > 0 && !onEvent(evName ?? "message", data.ToString())) return;
                            evName = null;
                            data.Clear();
                            continue;
                        }
                        if (line.StartsWith(":", StringComparison.Ordinal)) continue;
                        int colon = line.IndexOf(':');
                        string field = colon < 0 ? line : line.Substring(0, colon);
                        string value = colon < 0 ? "" : line.Substring(colon + 1).TrimStart(' ');
                        if (field == "event") evName = value;
                        else if (field == "data") data.Append(data.Length > 0 ? "\n" : "").Append(value);
                    }
                }
            }

            protected static string Shorten(string s) => s.Length > 200 ? s.Substring(0, 200) + "..." : s;

            protected static string Describe(HttpResponseMessage r)
            {
                string body = "";
                try { body = r.Content.ReadAsStringAsync().Result; }
                catch (Exception e) when (e is AggregateException || e is HttpRequestException) { }
                return "HTTP " + (int)r.StatusCode + " " + r.ReasonPhrase + (body.Length > 0 ? ": " + Shorten(body.Trim()) : "");
            }

            public virtual void Dispose() => Events.Dispose();
        }

        private sealed class StreamableChannel : HttpChannel
        {
            private readonly Uri _endpoint;
            private string _session;
            private string _version;

            public StreamableChannel(HttpClient http, Uri endpoint) : base(http)
            {
                _endpoint = endpoint;
            }

            public override void Send(string json, int timeoutMs, CancellationToken ct)
            {
                var req = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new StringContent(json, new UTF8Encoding(false), "application/json") };
                req.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
                if (_session != null) req.Headers.TryAddWithoutValidation("Mcp-Session-Id", _session);
                if (_version != null) req.Headers.TryAddWithoutValidation("MCP-Protocol-Version", _version);
                HttpResponseMessage resp;
                try
                {
                    resp = Http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, ct).GetAwaiter().GetResult();
                }
                catch (HttpRequestException e)
                {
                    throw new ProbeChannelException("POST " + _endpoint + " failed: " + (e.InnerException?.Message ?? e.Message), e);
                }
                using (resp)
                {
                    if (resp.Headers.TryGetValues("Mcp-Session-Id", out var ids))
                        foreach (var id in ids) _session = id;
                    if (!resp.IsSuccessStatusCode) throw new ProbeChannelException("POST " + _endpoint + ": " + Describe(resp));
                    if ((int)resp.StatusCode == 202 || resp.Content == null) return;
                    var type = resp.Content.Headers.ContentType?.MediaType ?? "";
                    if (type == "text/event-stream")
                    {
                        var stream = resp.Content.ReadAsStreamAsync().GetAwaiter().GetResult();
                        // The stream for one request ends with its response: stop reading there.
                        ReadEvents(stream, (ev, data) =>
                        {
                            PostJson(data);
                            var node = JsonParser.TryParse(data, out _) as DocMap;
                            return !(node != null && node["method"] == null && node["id"] != null);
                        }, ct);
                    }
                    else
                    {
                        var body = resp.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                        if (body.Trim().Length > 0) PostJson(body);
                    }
                }
                if (_version == null && json.Contains("\"method\":\"notifications/initialized\"")) _version = McpHandshake.RequestedVersion;
            }

            public override void Dispose()
            {
                if (_session != null)
                {
                    // End the session (best effort); a server may answer 405.
                    try
                    {
                        var req = new HttpRequestMessage(HttpMethod.Delete, _endpoint);
                        req.Headers.TryAddWithoutValidation("Mcp-Session-Id", _session);
                        using (var cts = new CancellationTokenSource(2000))
                            Http.SendAsync(req, cts.Token).GetAwaiter().GetResult().Dispose();
                    }
                    catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException)
                    {
                    }
                }
                base.Dispose();
            }
        }

        private sealed class SseChannel : HttpChannel
        {
            private readonly CancellationTokenSource _stop;
            private readonly Thread _reader;
            private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();
            private Uri _postUri;
            private string _error;
            private HttpResponseMessage _stream;
            private Stream _body;

            public SseChannel(HttpClient http, Uri endpoint, CancellationToken ct) : base(http)
            {
                _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var req = new HttpRequestMessage(HttpMethod.Get, endpoint);
                req.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
                try
                {
                    _stream = Http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, _stop.Token).GetAwaiter().GetResult();
                }
                catch (HttpRequestException e)
                {
                    throw new ProbeChannelException("GET " + endpoint + " failed: " + (e.InnerException?.Message ?? e.Message), e);
                }
                if (!_stream.IsSuccessStatusCode) throw new ProbeChannelException("GET " + endpoint + ": " + Describe(_stream));
                var body = _body = _stream.Content.ReadAsStreamAsync().GetAwaiter().GetResult();
                _reader = new Thread(() =>
                {
                    try
                    {
                        ReadEvents(body, (ev, data) =>
                        {
                            if (ev == "endpoint")
                            {
                                _postUri = new Uri(endpoint, data.Trim());
                                _ready.Set();
                            }
                            else PostJson(data);
                            return true;
                        }, _stop.Token);
                    }
                    catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is HttpRequestException || e is UriFormatException)
                    {
                        _error = e.Message;
                    }
                    if (_postUri == null) _error = _error ?? "the SSE stream ended without an endpoint event";
                    _ready.Set();
                    Post(new ChannelEvent { Closed = true, CloseReason = "the SSE stream ended" + (_error != null ? ": " + _error : "") });
                }) { IsBackground = true, Name = "mcp-probe-sse" };
                _reader.Start();
            }

            public override void Send(string json, int timeoutMs, CancellationToken ct)
            {
                if (!_ready.Wait(timeoutMs, ct)) throw new ProbeTimeoutException("no endpoint event on the SSE stream");
                if (_postUri == null) throw new ProbeChannelException(_error);
                var req = new HttpRequestMessage(HttpMethod.Post, _postUri) { Content = new StringContent(json, new UTF8Encoding(false), "application/json") };
                try
                {
                    using (var resp = Http.SendAsync(req, ct).GetAwaiter().GetResult())
                        if (!resp.IsSuccessStatusCode) throw new ProbeChannelException("POST " + _postUri + ": " + Describe(resp));
                }
                catch (HttpRequestException e)
                {
                    throw new ProbeChannelException("POST " + _postUri + " failed: " + (e.InnerException?.Message ?? e.Message), e);
                }
            }

            public override void Dispose()
            {
                _stop.Cancel();
                // A blocked ReadLine ends only when the stream goes away; the reader thread is a background thread.
                try { _body?.Dispose(); } catch (Exception e) when (e is IOException || e is ObjectDisposedException) { }
                _stream?.Dispose();
                _reader?.Join(500);
                _stop.Dispose();
                base.Dispose();
            }
        }
    }
}
