using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// The same handshake over Streamable HTTP (POST, Accept: application/json, text/event-stream; Mcp-Session-Id) or the
    /// legacy SSE transport (GET, an "endpoint" event, then POSTs whose answers arrive on the event stream).
    /// </summary>
    /// <summary>An HTTP answer the probe could not use: method, URL, status and (shortened) body.</summary>
    internal sealed class ProbeHttpException : Exception
    {
        public ProbeHttpException(string method, Uri url, int status, string? reason, string body, string? contentType)
            : base(method + " " + url + ": HTTP " + status + " " + reason + (string.IsNullOrEmpty(body) ? "" : ": " + body))
        {
            Method = method;
            Url = url;
            Status = status;
            Reason = reason;
            Body = body;
            ContentType = contentType;
        }

        public string Method { get; }
        public Uri Url { get; }
        public int Status { get; }
        public string? Reason { get; }
        public string Body { get; }
        public string? ContentType { get; }
    }

    /// <summary>An event-stream line without a colon: the App Service's reader fails the stream with this text (lib/utils/mcputils/event.go scanEvents).</summary>
    internal sealed class MalformedSseLineException : Exception
    {
        public MalformedSseLineException(string line)
            : base("malformed line in SSE stream: " + GoText.Quote(Platform.BoundedCapture.RedactAndCut(line, HttpProbe.QuotedChars)))
        {
        }
    }

    /// <summary>
    /// The same handshake over Streamable HTTP (POST, Accept: application/json, text/event-stream; Mcp-Session-Id) or the
    /// legacy SSE transport (GET, an "endpoint" event, then POSTs whose answers arrive on the event stream), sent the way
    /// the App Service sends it: the app's rewrite headers (2:H5), its insecure_skip_verify (2:H9), the session id kept (2:H12).
    /// </summary>
    public static class HttpProbe
    {
        /// <summary>How many characters of a server's answer (a refusal's body, a line that is not JSON) a message quotes.</summary>
        internal const int QuotedChars = 200;

        public static ProbeResult Run(StaticCheckReport report, ProbeOptions options, CancellationToken ct) => Run(report, options, ct, out _);

        /// <summary>The probe, and the upstream's certificate as its first TLS handshake saw it (null without one).</summary>
        internal static ProbeResult Run(StaticCheckReport report, ProbeOptions options, CancellationToken ct, out SeenCertificate? seen)
        {
            seen = null;
            var app = report.App;
            bool sse = app.Transport == McpTransport.Sse;
            var o = new ProbeResult { App = app, AppName = app.Name, Transport = app.Transport, RunAs = "(not applicable: the server runs elsewhere)" };
            var clock = Stopwatch.StartNew();
            if (report.Endpoint == null || report.Blocking != null)
            {
                o.Message = "not probed: " + (report.Blocking?.Message ?? "no valid URL");
                return o;
            }
            o.CommandLine = report.Endpoint.AbsoluteUri;
            var plan = report.Headers ?? HeaderPlan.Build(app, null, null, null);
            foreach (var h in plan.Send) o.Headers.Add(h.Display);
            // The App Service skips verification for insecure_skip_verify and for tls.mode insecure (UpstreamTls).
            var tls = new TlsObserver(app.InsecureSkipVerify || report.UpstreamTls?.Verification == UpstreamVerification.Insecure);
            bool direct = GoesDirect(report.Endpoint);
            try
            {
                return Probe(report, options, tls, clock, o, sse, plan, direct, ct);
            }
            finally
            {
                // A Host header makes HttpClient check the certificate against that name, while the App Service (Go) checks
                // the URL's host: the Tls check then handshakes on its own, as Teleport would. The direct client checks the URL's host.
                seen = !direct && plan.Send.Any(h => string.Equals(h.Name, "Host", StringComparison.OrdinalIgnoreCase)) ? null : tls.Seen;
            }
        }

        private static ProbeResult Probe(StaticCheckReport report, ProbeOptions options, TlsObserver tls, Stopwatch clock, ProbeResult o, bool sse, HeaderPlan plan, bool direct, CancellationToken ct)
        {
            var app = report.App;
            var endpoint = report.Endpoint!; // Run probes only an app whose URL parsed
            // The client outlives this method while the session's DELETE is under way (see StreamableChannel.Dispose).
#pragma warning disable CA2000 // disposed in the finally below, or once the session's closing DELETE has completed
            // Straight to the upstream, the probe's own HTTP/1.1 client (DirectHttpHandler); through a proxy, HttpClient's.
            var http = direct ? new ProbeHttpClient(tls.DirectHandler(endpoint.Host, options.Early)) : new ProbeHttpClient(tls.Handler());
#pragma warning restore CA2000
            var closing = new List<Task>();
            try
            {
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                cts.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSec));
                HttpChannel? channel = null;
                try
                {
                    o.Stage = ProbeStage.Initialize;
                    options.Progress?.Invoke("connecting to " + endpoint.Scheme + "://" + endpoint.Authority + (sse ? " (SSE)" : ""));
                    channel = sse ? (HttpChannel)new SseChannel(http, endpoint, plan.Send, cts.Token) : new StreamableChannel(http, endpoint, plan.Send, cts.Token);
                    new McpHandshake(channel, o, clock, options.TimeoutSec * 1000L, cts.Token, options.Progress).Run();
                    o.SessionKept = channel.SessionKept;
                    NoteSlowHeaders(o, channel.SlowestHeadersMs);
                    EventStreamLimits.Note(o, channel.LongestEventLine, channel.UnterminatedEventLine, channel.LargestJsonBody);
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
                catch (ProbeHttpException e)
                {
                    o.UpstreamAnswered = true;
                    channel?.Dispose();
                    if (channel?.Closing != null) closing.Add(channel.Closing);
                    channel = null;
                    Explain(e, report, plan, http, o, Math.Min(5000, Math.Max(1000, options.TimeoutSec * 1000 - (int)clock.ElapsedMilliseconds)), cts.Token);
                }
                catch (ProbeChannelException e)
                {
                    o.UpstreamDialError = DialError(e);
                    o.Status = CheckStatus.Fail;
                    o.Message = e.Message;
                    o.Fix = e.Fix;
                    ExplainNetwork(e, report, plan, tls, o, direct && channel?.Answered != true);
                }
                finally
                {
                    if (channel != null && channel.Answered) o.UpstreamAnswered = true;
                    channel?.Dispose();
                    if (channel?.Closing != null) closing.Add(channel.Closing);
                    o.ElapsedMs = clock.ElapsedMilliseconds;
                }
            }
            }
            finally
            {
                if (closing.Count == 0) http.Dispose();
                else Task.WhenAll(closing).ContinueWith(_ => http.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            if (!direct)
            {
                // Through a proxy, an answer or a refused connect is the proxy's: the Reachable check connects to the upstream itself.
                o.UpstreamAnswered = false;
                o.UpstreamDialError = null;
            }
            o.Message = Redactor.Redact(o.Message);
            o.CommandLine = Redactor.Redact(o.CommandLine);
            var unreproducible = plan.Unreproducible.ToList();
            if (unreproducible.Count > 0 && (o.Status == CheckStatus.Pass || o.Status == CheckStatus.Warn))
            {
                o.Status = CheckStatus.Warn;
                o.Warnings.Add("sent without " + ListText.Join(", ", unreproducible.Select(d => d.Entry?.Name + " (" + WhyUnsent(d) + ")")) + " and the server answered anyway: it may not check that header");
            }
            return o;
        }

        /// <summary>
        /// How long the App Service waits for an upstream's response headers: lib/srv/mcp/sse.go makeHTTPTransport sets
        /// ResponseHeaderTimeout = time.Minute (2:H9); the newest transport, lib/srv/mcp makeBasicHTTPTransport, is known only
        /// from its test (lib/srv/mcp/transport_test.go: an *http.Transport), not whether it keeps that limit.
        /// </summary>
        internal const long AppServiceHeaderTimeoutMs = 60 * 1000;

        /// <summary>A probe that got its answers only because it waited longer than the App Service would is not a pass.</summary>
        internal static void NoteSlowHeaders(ProbeResult o, long slowestHeadersMs)
        {
            if (slowestHeadersMs <= AppServiceHeaderTimeoutMs || (o.Status != CheckStatus.Pass && o.Status != CheckStatus.Warn)) return;
            o.Status = CheckStatus.Indeterminate;
            o.Message += "; but the server took " + (slowestHeadersMs / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture) +
                         " s to start an answer: App Service releases whose HTTP transport waits at most 1 minute for response headers (lib/srv/mcp/sse.go makeHTTPTransport) " +
                         "fail that request with a timeout; whether the newest transport (makeBasicHTTPTransport) keeps that limit is not confirmed";
            o.Fix = "Make the server start its answers (headers, or the event stream) within 60 s; a tool call that works only with a longer wait may time out through Teleport.";
        }

        private static string WhyUnsent(HeaderDecision d)
        {
            switch (d.Fate)
            {
                case HeaderFate.NeedsTeleportToken: return "needs a Teleport-issued token";
                case HeaderFate.DependsOnUser: return "its value depends on the user's traits; give -User";
                case HeaderFate.ValueUnavailable: return d.Entry.IsMasked ? "its value is masked in this copy of the app" : "the user's trait it reads is masked in this copy of the user";
                default: return "its value is not known here";
            }
        }

        /// <summary>Names what an HTTP failure means for the App Service and tsh, and proves a transport mismatch by trying the other transport.</summary>
        private static void Explain(ProbeHttpException e, StaticCheckReport report, HeaderPlan plan, HttpClient http, ProbeResult o, int otherTimeoutMs, CancellationToken ct)
        {
            var app = report.App;
            bool sse = app.Transport == McpTransport.Sse;
            o.Status = CheckStatus.Fail;
            o.HttpStatus = e.Status;
            o.Message = e.Message;
            var unreproducible = plan.Unreproducible.ToList();
            if (e.Status == 401 || e.Status == 403)
            {
                if (unreproducible.Count > 0)
                {
                    // The server may well accept what the App Service sends; the probe cannot send it.
                    o.Stage = ProbeStage.Authenticate;
                    o.Status = CheckStatus.Indeterminate;
                    o.Message = "could not authenticate as Teleport would: " + ListText.Join("; ", unreproducible.Select(d => "header " + d.Entry.Display + " " + d.Reason)) +
                                ". Sent without it, the server answered HTTP " + e.Status + "; this says nothing about the server being broken";
                    o.Fix = "Supply the value with " + report.Caller.Give(OfferedParameter.Header) + " " + ShellWord.PowerShellString(unreproducible[0].Entry.Name + ": <value>") + " (e.g. a token the server accepts) to probe past authentication, or test through Teleport with tsh mcp connect.";
                    return;
                }
                // A template header Teleport skips for this user (missing trait, jwt_claims) is the cause, not the server.
                var dropped = plan.Decisions.Where(d => d.Fate == HeaderFate.Dropped && d.Fix != null).ToList();
                if (dropped.Count > 0)
                {
                    o.Message = e.Message + ": the App Service would send no " + ListText.Join(", ", dropped.Select(d => d.Entry?.Name)) + " header: " +
                                ListText.Join("; ", dropped.Select(d => d.Entry?.Display + ": " + d.Reason)) +
                                (e.Status == 401 ? "; through Teleport, tsh shows [MCP_AUTH_REQUIRED] ... rejected the request with HTTP 401" : "");
                    o.Fix = dropped[0].Fix;
                    return;
                }
                o.Message = e.Message + ": the server refused the credentials the App Service would send" +
                            (plan.Send.Count == 0 ? " (none: the app has no rewrite.headers)" : " (" + ListText.Join(", ", plan.Send.Select(h => h.Display)) + ")") +
                            (e.Status == 401 ? "; through Teleport, tsh shows [MCP_AUTH_REQUIRED] ... rejected the request with HTTP 401" : "");
                o.Fix = "Add the header the server needs to the app's rewrite.headers (app resource: {name: Authorization, value: \"Bearer {{external.api_token}}\"}; teleport.yaml: \"Authorization: Bearer {{external.api_token}}\"), with the secret in a user trait; test a value with " + report.Caller.Give(OfferedParameter.Header) + " first.";
                return;
            }
            if (sse && e.Method == "POST" && e.Status >= 200 && e.Status < 300)
            {
                o.Message = e.Message + ": the App Service accepts only 200 or 202 for a message POST and fails the request with \"SSE request returned " + e.Status + " " + e.Reason +
                            "\" (lib/utils/mcputils/sse.go SSERequestWriter.WriteMessage)";
                o.Fix = "Make the server answer POSTs to its message endpoint with 202 Accepted (or 200 OK), as MCP SSE servers do.";
                return;
            }
            if (!sse && e.Status >= 200 && e.Status < 300)
            {
                o.Message = e.Message + ": the server answered a JSON-RPC request (stage " + o.Stage + ") without its response; for a request it must answer with " +
                            "Content-Type application/json holding the response, or text/event-stream carrying it (MCP streamable HTTP transport), so a client through Teleport gets no response either";
                o.Fix = "Make the server answer each POSTed request with its JSON-RPC response (application/json, or an event stream that carries it); 202 Accepted without a body is for notifications and responses only.";
                return;
            }
            if (e.Status >= 500)
            {
                o.Message = e.Message + ": the server itself failed; the App Service passes the answer on with X-Teleport-Mcp-Error-Origin: upstream and tsh shows [MCP_UPSTREAM_ERROR] (2:H14, 2:C9)";
                o.Fix = "Check the MCP server's own logs and health; Teleport is not involved in this failure.";
                return;
            }
            // 2:H20: any 4xx other than 401 on the initialize POST is what mcp-go calls a legacy SSE server; an SSE GET answered
            // with something other than an event stream is the reverse. Try the other transport to prove it.
            if (o.Stage == ProbeStage.Initialize && e.Status >= 400 || sse && e.Method == "GET" && e.Status >= 200 && e.Status < 300)
            {
                bool otherWorks = sse ? TryStreamable(http, report.Endpoint!, plan.Send, otherTimeoutMs, ct) : TrySse(http, report.Endpoint!, plan.Send, otherTimeoutMs, ct); // an HTTP probe runs only for an app whose URL parsed
                string rest = (app.Uri ?? "").Substring((app.Uri ?? "").IndexOf("://", StringComparison.Ordinal) + 3);
                string tlsPart = report.Endpoint!.Scheme == "https" ? "https" : "http"; // see above: the URL parsed
                string said = McpTransportRules.SchemeOf(app.Uri ?? "");
                if (otherWorks)
                {
                    o.Message = sse
                        ? "Transport mismatch: the URI says " + said + ", the server speaks streamable HTTP; use mcp+" + tlsPart + "://" + rest + " (the SSE GET got " + Platform.BoundedCapture.Cut(e.Message, QuotedChars) + "; a streamable initialize POST to the same URL succeeded)"
                        : "Transport mismatch: the URI says " + said + ", the server speaks SSE; use mcp+sse+" + tlsPart + "://" + rest + " (the initialize POST got HTTP " + e.Status + "; an SSE GET to the same URL returned an endpoint event). tsh shows [MCP_TRANSPORT_MISMATCH]";
                    o.Fix = "Change the app's URI to " + (sse ? "mcp+" : "mcp+sse+") + tlsPart + "://" + rest + " (tctl edit app/" + ShellWord.PowerShell(app.Name) + ", or teleport.yaml app_service.apps[].uri).";
                    return;
                }
                if (!sse)
                    o.Message = e.Message + ": the server refused the initialize POST, and an SSE GET to the same URL found no SSE server either; mcp-go (tsh) reports any 4xx here as [MCP_TRANSPORT_MISMATCH] (2:H20), but the path or the server is the likelier cause";
                else
                    o.Message = e.Message + ": the SSE GET got no event stream, and a streamable POST to the same URL failed too";
                o.Fix = "Check the URI's path against the server's documentation (streamable servers often listen on /mcp, SSE servers on /sse).";
            }
        }

        private static readonly System.Reflection.PropertyInfo? DefaultProxyProperty =
            typeof(HttpClient).GetProperty("DefaultProxy", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static);

        /// <summary>Whether the probe's requests to <paramref name="uri"/> go straight to it, not through the default proxy (HttpClient.DefaultProxy on .NET, WebRequest.DefaultWebProxy elsewhere).</summary>
        internal static bool GoesDirect(Uri uri)
        {
            var proxy = DefaultProxyProperty?.GetValue(null) as System.Net.IWebProxy ?? System.Net.WebRequest.DefaultWebProxy;
            if (proxy == null || proxy.IsBypassed(uri)) return true;
            var via = proxy.GetProxy(uri);
            return via == null || via == uri;
        }

        /// <summary>The connect failure inside a request's failure (refused, no route, unknown host), as the Reachable check words it; else null.</summary>
        private static string? DialError(ProbeChannelException e)
        {
            for (var inner = e.InnerException; inner != null; inner = inner.InnerException)
            {
                if (!(inner is System.Net.Sockets.SocketException se)) continue;
                switch (se.SocketErrorCode)
                {
                    case System.Net.Sockets.SocketError.ConnectionRefused: return "connect: connection refused";
                    case System.Net.Sockets.SocketError.HostNotFound:
                    case System.Net.Sockets.SocketError.HostUnreachable:
                    case System.Net.Sockets.SocketError.NetworkUnreachable:
                    case System.Net.Sockets.SocketError.TryAgain:
                    case System.Net.Sockets.SocketError.NoData:
                    case System.Net.Sockets.SocketError.TimedOut:
                    case System.Net.Sockets.SocketError.AddressNotAvailable:
                        return se.Message;
                    default: return null;
                }
            }
            return null;
        }

        /// <param name="askTls">Straight to the upstream, which has not answered HTTP yet: an EOF may be a TLS port's.</param>
        private static void ExplainNetwork(ProbeChannelException e, StaticCheckReport report, HeaderPlan plan, TlsObserver tls, ProbeResult o, bool askTls)
        {
            Exception? cause = e;
            while (cause != null && !(cause is InvalidRequestHeaderException)) cause = cause.InnerException;
            if (cause is InvalidRequestHeaderException invalid)
            {
                var from = plan.Send.FirstOrDefault(h => string.Equals(h.Name, invalid.HeaderName, StringComparison.OrdinalIgnoreCase));
                o.Message = e.Message + ": the request was not sent; the App Service's Go client refuses it the same way (net/http transport.go roundTrip), " +
                            "so through Teleport every request fails: for streamable HTTP the App Service answers HTTP 500 with X-Teleport-Mcp-Error-Origin: app-service (2:H14)";
                string what = invalid.InValue ? "Remove the control character (anything below 0x20 except tab, or 0x7F) from the value of header " : "Rename header ";
                o.Fix = what + GoText.Quote(invalid.HeaderName) + (from == null ? ", which the server itself set (its Mcp-Session-Id is sent back as it came)"
                    : from.Supplied ? " given with " + report.Caller.Give(OfferedParameter.Header)
                    : from.Origin == "rewrite (trait template)" ? ": it comes from the app's rewrite.headers template, so the user trait it reads holds the character; fix the trait (tctl edit user, or the IdP's attribute)"
                    : " in the app's rewrite.headers") + ".";
                return;
            }
            if (tls.Problem != null && report.UpstreamTls?.Verification == UpstreamVerification.Custom)
            {
                // lib/srv/app/upstreamtls/upstreamtls.go: allowed CAs, another server name or a SPIFFE ID decide; not reproduced here.
                o.Status = CheckStatus.Indeterminate;
                o.Message = e.Message.Split(new[] { " failed:" }, StringSplitOptions.None)[0] + " failed: the upstream's certificate does not verify on this host: " + tls.Problem +
                            "; " + report.UpstreamTls.Reason;
                o.Fix = "Check the app's tls settings against the upstream's certificate, or run the probe on the App Service host with its trust store.";
                return;
            }
            if (tls.Problem != null)
            {
                o.Message = e.Message.Split(new[] { " failed:" }, StringSplitOptions.None)[0] + " failed: the upstream's certificate does not verify: " + tls.Problem +
                            "; the App Service refuses it the same way (x509 error, tsh [MCP_TELEPORT_ERROR])";
                o.Fix = "Give the server a certificate from a CA the App Service host trusts; for a test server only, set insecure_skip_verify: true on the app.";
                return;
            }
            if (e.Message.Contains(Http1Connection.ClosedWithoutAnswer))
            {
                // Go's Transport error wraps io.EOF (transport.go transportReadFromServerError), which makeProxyErrorHandler maps to 502.
                o.Message = e.Message + "; through Teleport the App Service answers 502 with X-Teleport-Mcp-Error-Origin: upstream-unreachable and tsh shows [MCP_UPSTREAM_UNREACHABLE] (2:H14, 2:C8)";
                o.Fix = "Check the server's logs for why it dropped the request without an answer (a crash, or an idle timeout of the server or a proxy in front of it).";
                // A TLS server drops a plain-http request without a word (node, OpenSSL): a handshake of its own tells.
                var endpoint = report.Endpoint!; // probed: the URL parsed
                if (askTls && endpoint.Scheme == "http" && SpeaksTls(endpoint, 3000))
                {
                    string uri = report.App.Uri ?? "";
                    string https = uri.StartsWith("mcp+sse+http://", StringComparison.OrdinalIgnoreCase) ? "mcp+sse+https://" + uri.Substring(15)
                        : uri.StartsWith("mcp+http://", StringComparison.OrdinalIgnoreCase) ? "mcp+https://" + uri.Substring(11) : uri;
                    o.Message += "; " + endpoint.Host + ":" + endpoint.Port + " completes a TLS handshake, so it serves https, and the App Service's plain-http request gets the same EOF";
                    o.Fix = "Change the app's URI to " + https + " (tctl edit app/" + ShellWord.PowerShell(report.App.Name) + ", or teleport.yaml app_service.apps[].uri).";
                }
                return;
            }
            if (e.Message.Contains("refused") || e.Message.Contains("No connection could be made") || e.Message.Contains("No such host") || e.Message.Contains("Name or service not known"))
            {
                o.Message = e.Message + "; through Teleport the App Service answers 502 with X-Teleport-Mcp-Error-Origin: upstream-unreachable and tsh shows [MCP_UPSTREAM_UNREACHABLE] (2:H14, 2:C8)";
                o.Fix = "Start the server, or fix the host and port in the app's URI; check the network path from the App Service host.";
            }
        }

        /// <summary>Whether a TLS handshake with the endpoint's host and port completes (any certificate) within the time given.</summary>
        internal static bool SpeaksTls(Uri endpoint, int timeoutMs)
        {
            var socket = TcpDial.Connect(endpoint.DnsSafeHost, endpoint.Port, timeoutMs, out _);
            if (socket == null) return false;
            try
            {
                using (var stream = new System.Net.Sockets.NetworkStream(socket, true))
                using (var deadline = new CancellationTokenSource(timeoutMs))
                using (deadline.Token.Register(() => socket.Dispose()))
#pragma warning disable CA5359 // nothing is sent on this connection: it only asks whether the port speaks TLS
                using (var ssl = new System.Net.Security.SslStream(stream, false, (sender, c, chain, errors) => true))
#pragma warning restore CA5359
                {
                    ssl.AuthenticateAsClient(endpoint.IdnHost.Trim('[', ']'), null, System.Security.Authentication.SslProtocols.None, false);
                    return true;
                }
            }
            catch (Exception e) when (e is IOException || e is System.Net.Sockets.SocketException || e is ObjectDisposedException || e is System.Security.Authentication.AuthenticationException)
            {
                return false;
            }
        }

        private static bool TrySse(HttpClient http, Uri endpoint, IEnumerable<PlannedHeader> headers, int timeoutMs, CancellationToken ct)
        {
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                cts.CancelAfter(timeoutMs);
                using var req = new HttpRequestMessage(HttpMethod.Get, endpoint);
                req.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
                HttpChannel.AddHeaders(req, headers);
                try
                {
                    using (var resp = HttpChannel.SendRequest(http, req, HttpCompletionOption.ResponseHeadersRead, cts.Token))
                    {
                        if (!resp.IsSuccessStatusCode || resp.Content.Headers.ContentType?.MediaType != "text/event-stream") return false;
                        bool found = false;
                        using (var stream = resp.Content.ReadAsStreamAsync().GetAwaiter().GetResult())
                        using (cts.Token.Register(() => { try { stream.Dispose(); } catch (Exception) { /* a cancel callback must not throw into Cancel's caller */ } }))
                            HttpChannel.ReadEvents(stream, (ev, data) => { found = ev == "endpoint"; return false; }, cts.Token);
                        return found;
                    }
                }
                catch (Exception x) when (x is HttpRequestException || x is OperationCanceledException || x is IOException || x is ObjectDisposedException || x is ProbeChannelException || x is MalformedSseLineException)
                {
                    return false;
                }
            }
        }

        private static bool TryStreamable(HttpClient http, Uri endpoint, IEnumerable<PlannedHeader> headers, int timeoutMs, CancellationToken ct)
        {
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                cts.CancelAfter(timeoutMs);
                using var req = new HttpRequestMessage(HttpMethod.Post, endpoint)
                {
                    Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":" + McpHandshake.InitializeParams(McpHandshake.RequestedVersion) + "}",
                    new UTF8Encoding(false), "application/json"),
                };
                req.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
                HttpChannel.AddHeaders(req, headers);
                try
                {
                    using (var resp = HttpChannel.SendRequest(http, req, HttpCompletionOption.ResponseHeadersRead, cts.Token))
                    {
                        string? session = resp.Headers.TryGetValues("Mcp-Session-Id", out var ids) ? ids.FirstOrDefault() : null;
                        bool ok = false;
                        if (resp.IsSuccessStatusCode)
                        {
                            var type = resp.Content.Headers.ContentType?.MediaType ?? "";
                            using (var stream = resp.Content.ReadAsStreamAsync().GetAwaiter().GetResult())
                            using (cts.Token.Register(() => { try { stream.Dispose(); } catch (Exception) { /* a cancel callback must not throw into Cancel's caller */ } }))
                            {
                                if (type == "text/event-stream")
                                    HttpChannel.ReadEvents(stream, (ev, data) => { ok = data.Contains("\"protocolVersion\""); return !ok; }, cts.Token);
                                else
                                    ok = HttpChannel.ReadBody(resp.Content, HttpChannel.MaxMessageBytes, cts.Token).Contains("\"protocolVersion\"");
                            }
                        }
                        if (session != null)
                        {
                            using var del = new HttpRequestMessage(HttpMethod.Delete, endpoint);
                            del.Headers.TryAddWithoutValidation("Mcp-Session-Id", session);
                            HttpChannel.AddHeaders(del, headers);
                            try { HttpChannel.SendRequest(http, del, HttpCompletionOption.ResponseContentRead, cts.Token).Dispose(); }
                            catch (Exception x) when (x is HttpRequestException || x is OperationCanceledException) { }
                        }
                        return ok;
                    }
                }
                catch (Exception x) when (x is HttpRequestException || x is OperationCanceledException || x is IOException || x is ObjectDisposedException || x is ProbeChannelException || x is MalformedSseLineException)
                {
                    return false;
                }
            }
        }

        /// <summary>The probe's HttpClient, which knows the probe's own client under it (null through a proxy).</summary>
        private sealed class ProbeHttpClient : HttpClient
        {
            public ProbeHttpClient(DirectHttpHandler direct) : base(direct)
            {
                Direct = direct;
                Timeout = System.Threading.Timeout.InfiniteTimeSpan;
            }

            public ProbeHttpClient(HttpClientHandler handler) : base(handler)
            {
                Timeout = System.Threading.Timeout.InfiniteTimeSpan;
            }

            public DirectHttpHandler? Direct { get; }
        }

        /// <summary>Accepts what Go's crypto/tls would accept, or anything with insecure_skip_verify; remembers why a certificate failed.</summary>
        private sealed class TlsObserver
        {
            private readonly bool _insecure;
            private SeenCertificate? _seen;
            public string? Problem;

            public TlsObserver(bool insecure)
            {
                _insecure = insecure;
            }

            /// <summary>The certificate of the first handshake, as the Tls check judges it (AppTest).</summary>
            public SeenCertificate? Seen => Volatile.Read(ref _seen);

            public HttpClientHandler Handler()
            {
                var h = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
                h.ServerCertificateCustomValidationCallback = (msg, cert, chain, errors) => Judge(msg.RequestUri.Host, cert, chain, errors);
                return h;
            }

            /// <summary>The probe's own client for a connection straight to <paramref name="host"/>, whose name the certificate must carry.</summary>
            public DirectHttpHandler DirectHandler(string host, EarlyConnection? early) =>
                new DirectHttpHandler(early, (sender, cert, chain, errors) =>
                    Judge(host, cert as System.Security.Cryptography.X509Certificates.X509Certificate2 ?? (cert == null ? null : new System.Security.Cryptography.X509Certificates.X509Certificate2(cert)), chain, errors));

            private bool Judge(string host, System.Security.Cryptography.X509Certificates.X509Certificate2? cert, System.Security.Cryptography.X509Certificates.X509Chain? chain, System.Net.Security.SslPolicyErrors errors)
            {
                if (cert != null && Volatile.Read(ref _seen) == null)
                {
                    var flags = System.Security.Cryptography.X509Certificates.X509ChainStatusFlags.NoError;
                    if (chain != null) foreach (var st in chain.ChainStatus) flags |= st.Status;
                    Interlocked.CompareExchange(ref _seen, new SeenCertificate(new System.Security.Cryptography.X509Certificates.X509Certificate2(cert), errors, flags), null);
                }
                if (errors == System.Net.Security.SslPolicyErrors.None || _insecure) return true;
                var parts = new List<string>();
                if ((errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) != 0) parts.Add("it is not valid for " + host);
                if ((errors & System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                {
                    if (cert != null && cert.Subject == cert.Issuer) parts.Add("it is self-signed (x509: certificate signed by unknown authority)");
                    else if (cert != null && cert.NotAfter < DateTime.Now) parts.Add("it expired on " + cert.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                    else parts.Add("its chain does not verify (" + string.Join(", ", (chain?.ChainStatus ?? Array.Empty<System.Security.Cryptography.X509Certificates.X509ChainStatus>()).Select(c => c.Status.ToString())) + ")");
                }
                if ((errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable) != 0) parts.Add("the server sent no certificate");
                Problem = string.Join("; ", parts);
                return false;
            }
        }

        private abstract class HttpChannel : IProbeChannel
        {
            /// <summary>Longest SSE line, event or JSON body read; more is a broken server, not a reason to grow memory.</summary>
            public const int MaxMessageBytes = 16 * 1024 * 1024;

            // Bounded: a server that floods messages waits (and the probe's deadline ends it) instead of filling memory.
            protected readonly BlockingCollection<ChannelEvent> Events = new BlockingCollection<ChannelEvent>(1000);
            protected readonly HttpClient Http;
            protected readonly CancellationToken Deadline;
            protected readonly List<PlannedHeader> Headers;

            protected HttpChannel(HttpClient http, IEnumerable<PlannedHeader> headers, CancellationToken deadline)
            {
                Http = http;
                Headers = headers.ToList();
                Deadline = deadline;
            }

            public bool SessionKept { get; protected set; }

            /// <summary>The longest wait for a response's headers (status line) of this session, in ms.</summary>
            public long SlowestHeadersMs { get; private set; }

            /// <summary><see cref="SendRequest"/>, noting how long the headers took.</summary>
            protected HttpResponseMessage Timed(HttpRequestMessage request, HttpCompletionOption option, CancellationToken ct)
            {
                long start = Stopwatch.GetTimestamp();
                var resp = SendRequest(Http, request, option, ct);
                SlowestHeadersMs = Math.Max(SlowestHeadersMs, (Stopwatch.GetTimestamp() - start) * 1000 / Stopwatch.Frequency);
                return resp;
            }

            private long _longestEventLine, _unterminatedEventLine, _largestJsonBody;

            /// <summary>The most bytes an event-stream line of this session took with its LF (<see cref="EventStreamLimits"/>).</summary>
            public long LongestEventLine => Interlocked.Read(ref _longestEventLine);

            /// <summary>The most bytes a last line of an event stream of this session had without an LF.</summary>
            public long UnterminatedEventLine => Interlocked.Read(ref _unterminatedEventLine);

            /// <summary>The largest application/json answer of this session, in bytes.</summary>
            public long LargestJsonBody => Interlocked.Read(ref _largestJsonBody);

            // The SSE channel's reader thread measures while the handshake reads.
            protected void MeasureLine(long bytes, bool terminated)
            {
                if (terminated) Raise(ref _longestEventLine, bytes);
                else Raise(ref _unterminatedEventLine, bytes);
            }

            protected void MeasureJsonBody(long bytes) => Raise(ref _largestJsonBody, bytes);

            private static void Raise(ref long field, long value)
            {
                long seen;
                while (value > (seen = Interlocked.Read(ref field)) && Interlocked.CompareExchange(ref field, value, seen) != seen) { }
            }

            /// <summary>The upstream answered a request (any status): the connection to it worked.</summary>
            public bool Answered { get; protected set; }

            // HttpClient.Send (.NET 5 and later) runs the exchange on the calling thread. SendAsync, waited for here,
            // hands each completion to the thread pool, which on a busy machine costs milliseconds per request.
            // netstandard2.0 does not declare Send, so it is found at run time; Windows PowerShell has no such method.
            private static readonly Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>? SyncSend = FindSyncSend();

            private static Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>? FindSyncSend()
            {
                var method = typeof(HttpClient).GetMethod("Send", new[] { typeof(HttpRequestMessage), typeof(HttpCompletionOption), typeof(CancellationToken) });
                return method == null || method.ReturnType != typeof(HttpResponseMessage) ? null
                    : (Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>)Delegate.CreateDelegate(
                        typeof(Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>), method);
            }

            /// <summary>One request, on this thread where the runtime allows it; the same exceptions as the awaited SendAsync.</summary>
            public static HttpResponseMessage SendRequest(HttpClient http, HttpRequestMessage request, HttpCompletionOption option, CancellationToken ct)
            {
                // The probe's own client answers on this thread and hands the body out as it is read, whatever the option.
                if (http is ProbeHttpClient p && p.Direct != null) return p.Direct.Send(request, ct);
                // Through a proxy too, what Go's client would refuse is not sent (HttpClient lets other control characters through).
                DirectHttpHandler.CheckHeaders(request);
                if (SyncSend != null)
                {
                    try
                    {
                        return SyncSend(http, request, option, ct);
                    }
                    catch (NotSupportedException)
                    {
                        // A handler without a synchronous path refuses before sending anything: send it the other way.
                    }
                }
                return http.SendAsync(request, option, ct).GetAwaiter().GetResult();
            }

            /// <summary>The app's headers, as the App Service sets them: a rewrite entry replaces any header of the same name (2:H5).</summary>
            public static void AddHeaders(HttpRequestMessage req, IEnumerable<PlannedHeader> headers)
            {
                foreach (var group in headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
                {
                    // HttpClient keeps Content-Type and the other content headers apart, and refuses them among the request's.
                    System.Net.Http.Headers.HttpHeaders target = req.Headers;
                    if (IsContentHeader(group.Key))
                    {
                        if (req.Content == null) continue;
                        target = req.Content.Headers;
                    }
                    target.Remove(group.Key);
                    foreach (var h in group) target.TryAddWithoutValidation(h.Name, h.Value);
                }
            }

            private static bool IsContentHeader(string name)
            {
                using var scratch = new HttpRequestMessage();
                return !scratch.Headers.TryAddWithoutValidation(name, "x");
            }

            protected static ProbeHttpException Refused(string method, Uri url, HttpResponseMessage r)
            {
                // The start of the body, within a short wait: a refusal whose body never ends is still a refusal.
                string body = "";
                using (var cts = new CancellationTokenSource(2000))
                {
                    try { body = ReadBody(r.Content, RefusalBodyBytes, cts.Token, cut: true); }
                    catch (Exception e) when (e is AggregateException || e is HttpRequestException || e is IOException || e is OperationCanceledException || e is ProbeChannelException) { }
                }
                body = System.Text.RegularExpressions.Regex.Replace(body.Trim(), @"\s+", " ");
                return new ProbeHttpException(method, url, (int)r.StatusCode, r.ReasonPhrase, Platform.BoundedCapture.RedactAndCut(body, QuotedChars), r.Content?.Headers.ContentType?.MediaType);
            }

            protected static ProbeChannelException Failed(string method, Uri url, HttpRequestException e)
            {
                var inner = e.InnerException;
                while (inner?.InnerException != null && !(inner is System.Net.Sockets.SocketException)) inner = inner.InnerException;
                return new ProbeChannelException(method + " " + url + " failed: " + (inner?.Message ?? e.Message), e);
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
                try
                {
                    while (!Deadline.IsCancellationRequested && !Events.TryAdd(ev, 200)) { }
                }
                catch (Exception e) when (e is ObjectDisposedException || e is InvalidOperationException) { }
            }

            /// <summary>Hands one message to the handshake; returns it parsed (null when it is not JSON).</summary>
            protected DocNode? PostJson(string data)
            {
                var node = JsonParser.TryParse(data, out var err);
                if (node != null) Post(new ChannelEvent { Message = node });
                else Post(new ChannelEvent { Closed = true, CloseReason = "the server sent a message that is not JSON: " + Platform.BoundedCapture.Cut(data, QuotedChars) });
                return node;
            }

            /// <summary>
            /// Reads text/event-stream records as the App Service reads them (<see cref="ServerSentEvents"/>); stops when onEvent
            /// returns false or the stream ends. A line without a colon throws <see cref="MalformedSseLineException"/>.
            /// </summary>
            public static void ReadEvents(Stream stream, Func<string, string, bool> onEvent, CancellationToken ct, Action<long, bool>? longestLine = null)
            {
                // A read blocked on a silent server ends when the deadline closes the stream.
                using (ct.Register(() => { try { stream.Dispose(); } catch (Exception e) when (e is IOException || e is ObjectDisposedException) { } }))
                {
                    try
                    {
                        ServerSentEvents.Read(new BoundedLineReader(stream, MaxMessageBytes, longestLine), MaxMessageBytes, onEvent, ct);
                    }
                    catch (Exception e) when ((e is IOException || e is ObjectDisposedException || e is HttpRequestException) && ct.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(ct);
                    }
                    catch (Exception e) when (e is IOException || e is HttpRequestException)
                    {
                        throw new ProbeChannelException("reading the event stream failed: " + (e.InnerException?.Message ?? e.Message), e);
                    }
                }
                ct.ThrowIfCancellationRequested();
            }

            /// <summary>Why a line without a colon breaks an event stream through Teleport.</summary>
            protected const string MalformedWhy = "a line without a colon fails the App Service's reader, lib/utils/mcputils/event.go scanEvents, " +
                                                  "where the WHATWG EventSource rules read it as a field with an empty value (a bare \"data\" as an empty data line)";

            protected const string MalformedFix = "Make the server write each line of its event stream as \"field: value\" (\"data:\" for an empty data line) or as a comment (\": ...\"); " +
                                                  "through Teleport a line without a colon ends the stream.";

            /// <summary>The fix for a response in an event not named "message"; <paramref name="sse"/>: the legacy SSE transport, whose spec names the event.</summary>
            protected static string DroppedFix(bool sse) =>
                "Send every JSON-RPC message " + (sse ? "" : "in the answer's event stream ") + "as an \"event: message\" event, as the MCP SDKs do" +
                (sse ? " (MCP 2024-11-05 HTTP with SSE: server messages are sent as SSE message events)" : "") +
                "; the App Service does not take an event without an event line for \"message\".";

            /// <summary>The start of the finding for a JSON-RPC response in an event the App Service does not hand on.</summary>
            protected static string DroppedResponse(string ev, string data) =>
                "the server sent a JSON-RPC response in an event " + (ev.Length == 0 ? "without an event line" : "named " + GoText.Quote(ev)) +
                " (data " + GoText.Quote(Platform.BoundedCapture.RedactAndCut(data, QuotedChars)) + ")" +
                (ev.Length == 0 ? ", which the WHATWG EventSource rules name \"message\"" : "") +
                ": the App Service hands on only events named exactly \"message\"";

            /// <summary>Whether a body or event holds a JSON-RPC response (or a batch with one).</summary>
            protected static bool HoldsResponse(string body)
            {
                var node = JsonParser.TryParse(body, out _);
                bool IsResponse(DocNode? n) => n is DocMap m && m["id"] != null && m["method"] == null && (m["result"] != null || m["error"] != null);
                return IsResponse(node) || node is DocList list && list.Items.Any(IsResponse);
            }

            /// <summary>How much of a refusal's body is read for its message (which shows 200 characters of it).</summary>
            private const int RefusalBodyBytes = 64 * 1024;

            /// <summary>The body as text, at most <paramref name="max"/> bytes (more: an error, or with <paramref name="cut"/> the first bytes), ended by the deadline.</summary>
            internal static string ReadBody(HttpContent content, int max, CancellationToken ct, bool cut = false, Action<long>? length = null)
            {
                var stream = content.ReadAsStreamAsync().GetAwaiter().GetResult();
                using (ct.Register(() => { try { stream.Dispose(); } catch (Exception e) when (e is IOException || e is ObjectDisposedException) { } }))
                {
                    var ms = new MemoryStream();
                    var buf = new byte[65536];
                    int n;
                    try
                    {
                        while ((n = stream.Read(buf, 0, buf.Length)) > 0)
                        {
                            if (ms.Length + n > max && cut)
                            {
                                ms.Write(buf, 0, (int)(max - ms.Length));
                                break;
                            }
                            if (ms.Length + n > max) throw new ProbeChannelException("the server sent a body larger than " + max / (1024 * 1024) + " MiB");
                            ms.Write(buf, 0, n);
                        }
                    }
                    catch (Exception e) when ((e is IOException || e is ObjectDisposedException || e is HttpRequestException) && ct.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(ct);
                    }
                    catch (Exception e) when (e is IOException || e is HttpRequestException)
                    {
                        throw new ProbeChannelException("reading the response failed: " + (e.InnerException?.Message ?? e.Message), e);
                    }
                    length?.Invoke(ms.Length);
                    return new UTF8Encoding(false).GetString(ms.GetBuffer(), 0, (int)ms.Length);
                }
            }

            protected static string Describe(HttpResponseMessage r)
            {
                string body = "";
                using (var cts = new CancellationTokenSource(2000))
                {
                    try { body = ReadBody(r.Content, 64 * 1024, cts.Token); }
                    catch (Exception e) when (e is AggregateException || e is HttpRequestException || e is IOException || e is OperationCanceledException || e is ProbeChannelException) { }
                }
                return "HTTP " + (int)r.StatusCode + " " + r.ReasonPhrase + (body.Length > 0 ? ": " + Platform.BoundedCapture.Cut(body.Trim(), QuotedChars) : "");
            }

            /// <summary>The end of the session under way after Dispose (its answer is not waited for), or null.</summary>
            public Task? Closing { get; protected set; }

            public virtual void Dispose() => Events.Dispose();
        }

        private sealed class StreamableChannel : HttpChannel
        {
            private readonly Uri _endpoint;
            private string? _session;
            private string? _version;

            public StreamableChannel(HttpClient http, Uri endpoint, IEnumerable<PlannedHeader> headers, CancellationToken deadline) : base(http, headers, deadline)
            {
                _endpoint = endpoint;
            }

            public override void Send(string json, int timeoutMs, CancellationToken ct)
            {
                using var req = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new StringContent(json, new UTF8Encoding(false), "application/json") };
                req.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
                AddHeaders(req, Headers);
                if (_session != null)
                {
                    req.Headers.TryAddWithoutValidation("Mcp-Session-Id", _session);
                    SessionKept = true;
                }
                if (_version != null) req.Headers.TryAddWithoutValidation("MCP-Protocol-Version", _version);
                HttpResponseMessage resp;
                try
                {
                    resp = Timed(req, HttpCompletionOption.ResponseHeadersRead, ct);
                    Answered = true;
                }
                catch (HttpRequestException e)
                {
                    throw Failed("POST", _endpoint, e);
                }
                using (resp)
                {
                    if (resp.Headers.TryGetValues("Mcp-Session-Id", out var ids))
                        foreach (var id in ids) _session = id;
                    if (!resp.IsSuccessStatusCode) throw Refused("POST", _endpoint, resp);
                    // MCP streamable HTTP transport: a POSTed request MUST be answered with application/json or text/event-stream
                    // carrying its response; 202 without a body is for notifications and responses only.
                    bool request = IsRequest(json);
                    if ((int)resp.StatusCode == 202 || resp.Content == null)
                    {
                        if (request) throw NoResponse(resp, "");
                        return;
                    }
                    var refused = AnswerTypeRefusal(resp);
                    var type = resp.Content.Headers.ContentType?.MediaType ?? "";
                    if (string.Equals(type, "text/event-stream", StringComparison.OrdinalIgnoreCase))
                    {
                        if (refused != null) throw TypeRefused(refused, request);
                        var stream = resp.Content.ReadAsStreamAsync().GetAwaiter().GetResult();
                        // The stream for one request ends with its response: stop reading there.
                        try
                        {
                            ReadEvents(stream, (ev, data) =>
                            {
                                // lib/utils/mcputils/http.go httpSSEResponseReplacer reads the answer with SSEResponseReader.ReadMessage:
                                // only events named "message" reach the client (an event without data is skipped).
                                if (ev != "message")
                                {
                                    if (data.Length > 0 && HoldsResponse(data))
                                        throw new ProbeChannelException(DroppedResponse(ev, data) + " and drops this one (WARN \"non-MCP event received, ...\"; releases before PR #63805 " +
                                                                        "cut the answer off there instead: lib/utils/mcputils/http.go httpSSEResponseReplacer), so through Teleport the client never gets the response", fix: DroppedFix(false));
                                    return true;
                                }
                                if (data.Length == 0) return true;
                                var node = PostJson(data) as DocMap;
                                return !(node != null && node["method"] == null && node["id"] != null);
                            }, ct, MeasureLine);
                        }
                        catch (MalformedSseLineException e)
                        {
                            // httpSSEResponseReplacer.Read returns the reader's error, which ends the body the client is sent.
                            throw new ProbeChannelException("POST " + _endpoint + ": " + e.Message + " in the answer's event stream (" + MalformedWhy + "): the App Service stops reading there " +
                                                            "and cuts the answer off (lib/utils/mcputils/http.go httpSSEResponseReplacer), so the client through Teleport gets no complete response", e, MalformedFix);
                        }
                    }
                    else
                    {
                        var body = ReadBody(resp.Content, MaxMessageBytes, ct, length: MeasureJsonBody);
                        // lib/utils/mcputils/http.go ReplaceHTTPResponse reads a 200 JSON body as a JSON-RPC response.
                        if (request && !HoldsResponse(body)) throw NoResponse(resp, body);
                        // A JSON-RPC answer the probe's client reads whatever its type, but the App Service does not.
                        if (refused != null) throw TypeRefused(refused, request);
                        if (body.Trim().Length > 0) PostJson(body);
                    }
                }
                if (_version == null && json.Contains("\"method\":\"notifications/initialized\"")) _version = McpHandshake.RequestedVersion;
            }

            /// <summary>
            /// Why the App Service would not hand on this answer, or null: it rewrites a 200 answer with a body
            /// (ContentLength != 0) as application/json or text/event-stream only, by Go's mime.ParseMediaType of its
            /// Content-Type; any other type is "unsupported response type %s", a type Go cannot parse its mime error.
            /// </summary>
            /// <summary>
            /// A header's value as the server wrote it. HttpHeaders.TryGetValues gives a value it could parse re-written
            /// ("application /json" comes back "application/json"); .NET 6 and later keep the text in NonValidated (found at run
            /// time: netstandard2.0 does not declare it). .NET Framework has none: its parsed value is used.
            /// </summary>
            internal static string? RawHeader(System.Net.Http.Headers.HttpHeaders headers, string name)
            {
                if (NonValidated != null && NonValidatedTryGet != null)
                {
                    var args = new object?[] { name, null };
                    if ((bool)NonValidatedTryGet.Invoke(NonValidated.GetValue(headers), args)!) return args[1]?.ToString();
                    return null;
                }
                return headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
            }

            private static readonly System.Reflection.PropertyInfo? NonValidated = typeof(System.Net.Http.Headers.HttpHeaders).GetProperty("NonValidated");
            private static readonly System.Reflection.MethodInfo? NonValidatedTryGet =
                NonValidated?.PropertyType.GetMethods().FirstOrDefault(m => m.Name == "TryGetValues" && m.GetParameters().Length == 2 && m.GetParameters()[0].ParameterType == typeof(string));

            private ProbeChannelException TypeRefused(string refused, bool request) =>
                new ProbeChannelException("POST " + _endpoint + ": the server answered 200 " + refused + ", so through Teleport the client gets no answer " +
                                          "to this " + (request ? "request" : "message") + " (lib/utils/mcputils/http.go ReplaceHTTPResponse)",
                                          fix: "Answer with Content-Type application/json (one JSON-RPC message) or text/event-stream, as the MCP streamable HTTP transport requires.");

            internal static string? AnswerTypeRefusal(HttpResponseMessage resp)
            {
                if ((int)resp.StatusCode != 200 || resp.Content?.Headers.ContentLength == 0) return null;
                string? written = resp.Content == null ? null : RawHeader(resp.Content.Headers, "Content-Type");
                var type = GoMime.MediaType(written, out var error);
                string shown = written == null ? "without a Content-Type" : "with Content-Type " + GoText.Quote(Platform.BoundedCapture.Cut(written, QuotedChars));
                if (error != null) return shown + ", which the App Service cannot read (\"" + error + "\")";
                return type == "application/json" || type == "text/event-stream" ? null
                    : shown + ": the App Service hands on only application/json and text/event-stream answers (\"unsupported response type " + type + "\")";
            }

            private static bool IsRequest(string json) =>
                JsonParser.TryParse(json, out _) is DocMap m && m["method"] != null && m["id"] != null;

            private ProbeHttpException NoResponse(HttpResponseMessage r, string body) =>
                new ProbeHttpException("POST", _endpoint, (int)r.StatusCode, r.ReasonPhrase,
                    Platform.BoundedCapture.RedactAndCut(System.Text.RegularExpressions.Regex.Replace(body.Trim(), @"\s+", " "), QuotedChars),
                    r.Content?.Headers.ContentType?.MediaType);

            public override void Dispose()
            {
                if (_session != null && Closing == null)
                {
                    // End the session (best effort; a server may answer 405) without waiting for the answer: the probe's
                    // result is known, and one more round trip would only delay it. Bounded to 2 s.
#pragma warning disable CA2000 // both are disposed by the continuation once the DELETE has completed
                    var req = new HttpRequestMessage(HttpMethod.Delete, _endpoint);
                    AddHeaders(req, Headers);
                    req.Headers.TryAddWithoutValidation("Mcp-Session-Id", _session);
                    var cts = new CancellationTokenSource(2000);
#pragma warning restore CA2000
                    // Sent from the thread pool: even the writing of the request is off the caller's path.
                    // Headers only: the answer's body is not read (a body that never ends cannot keep the task running).
                    Closing = Task.Run(() =>
                    {
                        // A session id Go's client would refuse is not sent back through a proxy either (the probe's own client refuses it itself).
                        DirectHttpHandler.CheckHeaders(req);
                        return Http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, cts.Token);
                    }).ContinueWith(t =>
                    {
                        if (t.Status == TaskStatus.RanToCompletion) t.Result.Dispose();
                        else _ = t.Exception;   // observed: a refused or cancelled DELETE changes nothing
                        cts.Dispose();
                        req.Dispose();
                    }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
                base.Dispose();
            }
        }

        private sealed class SseChannel : HttpChannel
        {
            private readonly CancellationTokenSource _stop;
            private readonly Thread _reader;
            private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();
            private Uri? _postUri;
            private string? _error;
            private string? _errorFix;
            /// <summary>Why the session through Teleport would end (or never get its answer) after the endpoint event; null: no such finding.</summary>
            private string? _ended;
            private HttpResponseMessage _stream;
            private Stream _body;

            public SseChannel(HttpClient http, Uri endpoint, IEnumerable<PlannedHeader> headers, CancellationToken ct) : base(http, headers, ct)
            {
                _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                using var req = new HttpRequestMessage(HttpMethod.Get, endpoint);
                req.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
                AddHeaders(req, Headers);
                try
                {
                    _stream = Timed(req, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                    Answered = true;
                }
                catch (HttpRequestException e)
                {
                    _stop.Dispose();
                    throw Failed("GET", endpoint, e);
                }
                if (!_stream.IsSuccessStatusCode || _stream.Content.Headers.ContentType?.MediaType != "text/event-stream")
                {
                    // lib/srv/mcp/sse.go (2:H18): "unexpected status code: %d. Ensure the server URL is reachable, and is serving an MCP SSE server on the specified path."
                    var refused = Refused("GET", endpoint, _stream);
                    _stream.Dispose();
                    _stop.Dispose();
                    throw refused;
                }
                var body = _body = _stream.Content.ReadAsStreamAsync().GetAwaiter().GetResult();
                _reader = new Thread(() =>
                {
                    try
                    {
                        ReadEvents(body, (ev, data) =>
                        {
                            if (_postUri == null)
                            {
                                // lib/utils/mcputils/sse.go ReadEndpoint: the first event must be the endpoint, else the session fails.
                                if (ev != "endpoint")
                                {
                                    _error = "reading SSE server endpoint: expecting endpoint event, got " + ev + FirstEvent(ev, data);
                                    _errorFix = "Make the server send its endpoint event (event: endpoint, data: the message URL) as the stream's first event; comment lines (\": ...\") before it are fine.";
                                    return false;
                                }
                                _postUri = new Uri(endpoint, data.Trim());
                                SessionKept = _postUri.Query.IndexOf("session", StringComparison.OrdinalIgnoreCase) >= 0;
                                _ready.Set();
                            }
                            // lib/utils/mcputils/sse.go ReadMessage: any other event (one without an event line too, or a second
                            // endpoint) is a parse error, which lib/srv/mcp/sse.go drops (LogAndIgnoreParseError).
                            else if (ev == "message")
                            {
                                if (data.Length > 0) PostJson(data);
                            }
                            else if (data.Length > 0 && HoldsResponse(data))
                            {
                                _ended = DroppedResponse(ev, data) + " and drops this one as a parse error (DEBUG \"Ignore parse error\", error \"unexpected event type " + ev +
                                         "\": lib/utils/mcputils/sse.go ReadMessage), so through Teleport the client never gets the response and times out";
                                _errorFix = DroppedFix(true);
                                return false;
                            }
                            return true;
                        }, _stop.Token, MeasureLine);
                    }
                    catch (MalformedSseLineException e)
                    {
                        if (_postUri == null) _error = "reading SSE server endpoint: reading SSE server message: " + e.Message + " (" + MalformedWhy + "; the App Service fails the session the same way)";
                        // lib/utils/mcputils/reader.go startProcess: a read error other than a parse error ends the session.
                        else _ended = "reading next message: reading SSE server message: " + e.Message + " (" + MalformedWhy + "): the App Service logs ERROR \"Failed to process line\" " +
                                      "and ends the session, so the client through Teleport loses the server";
                        _errorFix = MalformedFix;
                    }
                    catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is HttpRequestException || e is UriFormatException || e is ProbeChannelException || e is OperationCanceledException)
                    {
                        _error = e.Message;
                    }
                    if (_postUri == null) _error = _error ?? "the SSE stream ended without an endpoint event";
                    _ready.Set();
                    Post(new ChannelEvent { Closed = true, CloseReason = _ended ?? "the SSE stream ended" + (_error != null ? ": " + _error : ""), CloseFix = _errorFix });
                }) { IsBackground = true, Name = "mcp-probe-sse" };
                _reader.Start();
            }

            public override void Send(string json, int timeoutMs, CancellationToken ct)
            {
                if (!_ready.Wait(timeoutMs, ct)) throw new ProbeTimeoutException("no endpoint event on the SSE stream");
                if (_postUri == null) throw new ProbeChannelException(_error, fix: _errorFix);
                using var req = new HttpRequestMessage(HttpMethod.Post, _postUri) { Content = new StringContent(json, new UTF8Encoding(false), "application/json") };
                AddHeaders(req, Headers);
                try
                {
                    // lib/utils/mcputils/sse.go SSERequestWriter.WriteMessage: anything but 200 or 202 is "SSE request returned %s".
                    using (var resp = Timed(req, HttpCompletionOption.ResponseContentRead, ct))
                        if (resp.StatusCode != System.Net.HttpStatusCode.OK && resp.StatusCode != System.Net.HttpStatusCode.Accepted) throw Refused("POST", _postUri, resp);
                }
                catch (HttpRequestException e)
                {
                    throw Failed("POST", _postUri, e);
                }
            }

            private static string FirstEvent(string ev, string data) =>
                " (the stream's first event " + (ev.Length == 0 ? "has no event line" : "is " + GoText.Quote(ev)) +
                (data.Length == 0 ? " and no data" : ", data " + GoText.Quote(Platform.BoundedCapture.RedactAndCut(data, QuotedChars))) +
                "; the App Service fails the session the same way)";

            public override void Dispose()
            {
                _stop.Cancel();
                // A blocked ReadLine ends only when the stream goes away; the reader thread is a background thread.
                try { _body?.Dispose(); } catch (Exception e) when (e is IOException || e is ObjectDisposedException) { }
                _stream?.Dispose();
                bool readerEnded = _reader == null || _reader.Join(500);
                _stop.Dispose();
                // A reader thread still running may yet Set it.
                if (readerEnded) _ready.Dispose();
                base.Dispose();
            }
        }

        /// <summary>
        /// text/event-stream records as the App Service reads them: lib/utils/mcputils/event.go scanEvents, under the
        /// SSEResponseReader of lib/utils/mcputils/sse.go that reads both an SSE upstream's stream and a streamable HTTP answer.
        /// Where the WHATWG EventSource rules differ, the App Service's reading is what reaches the client, so it is followed.
        /// </summary>
        internal static class ServerSentEvents
        {
            /// <summary>
            /// Hands on each record that sets a field (event, id, retry or data with a value: scanEvents' Event.Empty), named as
            /// sent ("" without an event line: no "message" in its place), until onEvent returns false or the lines end.
            /// </summary>
            public static void Read(BoundedLineReader reader, int maxData, Func<string, string, bool> onEvent, CancellationToken ct)
            {
                string name = "", id = "", retry = "";
                var data = new StringBuilder();
                // scanEvents' dataBuf != nil: the data lines so far follow one another. Any other line with a colon (a
                // comment too) ends the run, and a later data line starts the event's data over.
                bool inData = false;
                while (!ct.IsCancellationRequested)
                {
                    var line = reader.ReadLine();
                    if (line == null)
                    {
                        // scanEvents hands on a record the stream ends in without its blank line.
                        Dispatch();
                        return;
                    }
                    if (line.Length == 0)
                    {
                        if (!Dispatch()) return;
                        continue;
                    }
                    int colon = line.IndexOf(':');
                    // The WHATWG rules read the whole line as a field name with an empty value; scanEvents fails the stream.
                    if (colon < 0) throw new MalformedSseLineException(line);
                    string? field = Field(line, colon);
                    if (field != "data") inData = false;
                    if (field == null) continue;
                    // scanEvents trims each value with strings.TrimSpace (not just the one space after the colon).
                    string value = line.Substring(colon + 1).Trim();
                    switch (field)
                    {
                        case "event": name = value; break;
                        case "id": id = value; break;
                        case "retry": retry = value; break;
                        default:
                            if (inData) data.Append('\n');
                            else data.Clear();
                            if (data.Length + value.Length > maxData) throw new ProbeChannelException("the server sent an event larger than " + maxData / (1024 * 1024) + " MiB");
                            data.Append(value);
                            inData = true;
                            break;
                    }
                }

                bool Dispatch()
                {
                    bool empty = name.Length == 0 && id.Length == 0 && retry.Length == 0 && data.Length == 0;
                    bool go = empty || onEvent(name, data.ToString());
                    name = id = retry = "";
                    data.Clear();
                    inData = false;
                    return go;
                }
            }

            /// <summary>The field a line sets, of the four scanEvents reads; null for any other, a comment's ("") too.</summary>
            private static string? Field(string line, int colon)
            {
                foreach (var f in Fields)
                    if (colon == f.Length && string.CompareOrdinal(line, 0, f, 0, colon) == 0) return f;
                return null;
            }

            private static readonly string[] Fields = { "data", "event", "id", "retry" };
        }

        /// <summary>
        /// UTF-8 lines of at most a given number of bytes, split as the App Service splits an event stream: at LF only, one
        /// CR before it dropped (bufio.ScanLines under lib/utils/mcputils/event.go scanEvents); a lone CR stays in the line.
        /// </summary>
        internal sealed class BoundedLineReader
        {
            private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);
            private readonly Stream _s;
            private readonly int _max;
            private readonly byte[] _buf = new byte[8192];
            private int _pos, _len;

            private readonly Action<long, bool>? _longer;

            /// <param name="longer">Told each new <see cref="LongestLine"/> (true) and <see cref="UnterminatedLine"/> (false) as the line is read, before it is handed on.</param>
            public BoundedLineReader(Stream s, int max, Action<long, bool>? longer = null)
            {
                _s = s;
                _max = max;
                _longer = longer;
            }

            /// <summary>The most bytes a line read so far took with its LF: the App Service's readers fail a line by that measure (<see cref="EventStreamLimits"/>).</summary>
            public long LongestLine { get; private set; }

            /// <summary>The bytes of a last line the stream ended without an LF; 0 when none.</summary>
            public long UnterminatedLine { get; private set; }

            public string? ReadLine()
            {
                // A line within the buffer is decoded from it; only a line that spans reads is gathered.
                MemoryStream? line = null;
                while (true)
                {
                    if (_pos == _len)
                    {
                        _len = _s.Read(_buf, 0, _buf.Length);
                        _pos = 0;
                        // bufio.ScanLines hands on a last line without LF too, its CR dropped as well.
                        if (_len == 0)
                        {
                            if (line == null || line.Length == 0) return null;
                            UnterminatedLine = line.Length;
                            _longer?.Invoke(UnterminatedLine, false);
                            return Text(line);
                        }
                    }
                    int start = _pos, end = Array.IndexOf(_buf, (byte)'\n', start, _len - start);
                    if (end < 0) end = _len;
                    int n = end - start;
                    if ((line?.Length ?? 0) + n > _max)
                        throw new ProbeChannelException("the server sent an event-stream line longer than " + _max / (1024 * 1024) + " MiB, more than the App Service reads in one line on any release (" +
                                                        EventStreamLimits.NewestSource + ")", fix: EventStreamLimits.Fix);
                    if (end < _len)
                    {
                        _pos = end + 1;
                        Measure((line?.Length ?? 0) + n);
                        if (line == null) return Utf8.GetString(_buf, start, n > 0 && _buf[end - 1] == (byte)'\r' ? n - 1 : n);
                        line.Write(_buf, start, n);
                        return Text(line);
                    }
                    (line ??= new MemoryStream()).Write(_buf, start, n);
                    _pos = _len;
                }
            }

            private void Measure(long bytesBeforeLf)
            {
                if (bytesBeforeLf + 1 <= LongestLine) return;
                LongestLine = bytesBeforeLf + 1;
                _longer?.Invoke(LongestLine, true);
            }

            private static string Text(MemoryStream m)
            {
                int n = (int)m.Length;
                var bytes = m.GetBuffer();
                return Utf8.GetString(bytes, 0, n > 0 && bytes[n - 1] == (byte)'\r' ? n - 1 : n);
            }
        }
    }
}
