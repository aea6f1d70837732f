using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// HTTP/1.1 straight to an upstream, over connections of one probe only (the App Service opens its own for a new
    /// session): a connection is kept for the next request of the same probe when its answer was read to the end and
    /// nothing came after it, and every connection (idle or in use) is closed with the handler. Everything runs on the
    /// calling thread (connect, TLS handshake, request, status line and headers; the body as the caller reads it):
    /// HttpClient's first request on a new handler costs the probe more than the server's own work between two requests. Used only where no proxy is in the way (HttpProbe.GoesDirect).
    /// Hostile answers end in an HttpRequestException or IOException that says what was wrong: status line and headers are
    /// bounded by Limits.HttpHeaderMaxBytes, a body by its reader (the probe's 16 MiB), a silent server by the caller's deadline.
    /// </summary>
    internal sealed class DirectHttpHandler : HttpMessageHandler
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);
        private readonly RemoteCertificateValidationCallback _validate;
        private readonly object _gate = new object();
        private readonly Stack<Http1Connection> _idle = new Stack<Http1Connection>();
        private readonly HashSet<Http1Connection> _open = new HashSet<Http1Connection>();
        private bool _disposed;
        private EarlyConnection? _early;

        /// <param name="validate">Judges an https upstream's certificate (the probe's TlsObserver).</param>
        public DirectHttpHandler(RemoteCertificateValidationCallback validate) : this(null, validate)
        {
        }

        /// <param name="early">A connect already under way, which the first connection to its host and port completes.</param>
        /// <param name="validate">Judges an https upstream's certificate (the probe's TlsObserver).</param>
        public DirectHttpHandler(EarlyConnection? early, RemoteCertificateValidationCallback validate)
        {
            _early = early;
            _validate = validate;
        }

        /// <summary>Connections open now (idle or in use); a test sees that none is left behind.</summary>
        internal int OpenConnections
        {
            get { lock (_gate) return _open.Count; }
        }

        /// <summary>The connections open now; a test sees each closed after the handler's Dispose.</summary>
        internal Http1Connection[] Connections
        {
            get { lock (_gate) return new List<Http1Connection>(_open).ToArray(); }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return Task.FromResult(Send(request, cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<HttpResponseMessage>(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException || e is IOException || e is OperationCanceledException || e is ObjectDisposedException)
            {
                return Task.FromException<HttpResponseMessage>(e);
            }
        }

        /// <summary>One request on the calling thread; the answer's body is read as the caller reads the content.</summary>
        public HttpResponseMessage Send(HttpRequestMessage request, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            var uri = request.RequestUri ?? throw new InvalidOperationException("a request without a URL");
            // Refused before any connection is taken, as Go's Transport.roundTrip checks the headers before it dials.
            byte[] message = Serialize(request, out int bodyLength);
            bool head = request.Method == HttpMethod.Head;
            while (true)
            {
                var conn = TakeIdle() ?? Open(uri, ct);
                // transport.go persistConn.isReused: the connection served an answer and went idle before this request took it.
                bool reused = conn.Requests > 0;
                long before = conn.BytesWritten;
                bool written = false;
                try
                {
                    using (ct.Register(conn.Abort))
                    {
                        conn.Requests++;
                        conn.Write(message);
                        written = true;
                        return conn.ReadResponse(request, head, this);
                    }
                }
                catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is SocketException || e is HttpRequestException)
                {
                    Drop(conn);
                    ct.ThrowIfCancellationRequested();
                    var failure = !written ? (conn.BytesWritten == before ? SendFailure.NothingWritten : SendFailure.Later)
                        : conn.NothingRead && !(e is HttpRequestException) ? SendFailure.BeforeFirstResponseByte : SendFailure.Later;
                    // A connection the handler's Dispose closed is not replaced.
                    bool retry = !IsDisposed && GoRetryRule.ShouldRetry(reused, failure, request.Method.Method, bodyLength > 0, GoRetryRule.AppServiceRewindsBody,
                        name => request.Headers.Contains(name) || (request.Content?.Headers.Contains(name) ?? false));
                    if (retry) continue;
                    if (e is HttpRequestException) throw;
                    string why = e.InnerException?.Message ?? e.Message;
                    if (!reused || failure == SendFailure.Later) throw new HttpRequestException("the connection to " + uri.Authority + " failed: " + why, e);
                    // Said with the failure (the probe shows the innermost message): why the request was not sent again.
                    why += " (on a connection kept from the answer before; the App Service's Go client does not send this " + request.Method.Method +
                           " again either: net/http transport.go shouldRetryRequest)";
                    throw new HttpRequestException("the connection to " + uri.Authority + " failed: " + why, new IOException(why));
                }
            }
        }

        private bool IsDisposed
        {
            get { lock (_gate) return _disposed; }
        }

        /// <summary>A kept connection on which nothing arrived (nor did the server close it) while it was idle; the others are closed.</summary>
        private Http1Connection? TakeIdle()
        {
            while (true)
            {
                Http1Connection conn;
                lock (_gate)
                {
                    if (_idle.Count == 0) return null;
                    conn = _idle.Pop();
                    if (!_open.Contains(conn)) continue;
                }
                if (conn.StillIdle) return conn;
                Drop(conn);
            }
        }

        private Http1Connection Open(Uri uri, CancellationToken ct)
        {
            if (IsDisposed) throw new ObjectDisposedException(nameof(DirectHttpHandler));
            var pending = Interlocked.Exchange(ref _early, null)?.Take(uri.DnsSafeHost, uri.Port);
            string? error = null;
            SocketException? failure = null;
            var socket = pending != null ? TcpDial.Finish(pending, int.MaxValue, ct, out error, out failure) : null;
            // Go dials when the request comes: a connection opened before the static checks that the server closed (or
            // wrote to) meanwhile is not one Go would hold, so a new connect stands in for it.
            if (socket != null && !StillQuiet(socket))
            {
                socket.Dispose();
                socket = null;
            }
            // The early connect failed (reset, refused while the server restarted): a new connect decides, as for any request.
            if (socket == null) socket = TcpDial.Connect(uri.DnsSafeHost, uri.Port, int.MaxValue, ct, out error, out failure);
            if (socket == null)
                throw new HttpRequestException(error + " (" + uri.Authority + ")", failure ?? new SocketException((int)SocketError.TimedOut));
            Stream stream;
            ArrivalCountingStream? transport = null;
            if (uri.Scheme != Uri.UriSchemeHttps) stream = new NetworkStream(socket, true);
            else
            {
                transport = new ArrivalCountingStream(socket);
                var ssl = new SslStream(transport, false, _validate);
                try
                {
                    using (ct.Register(socket.Dispose))
                        ssl.AuthenticateAsClient(uri.IdnHost.Trim('[', ']'));
                }
                // Any failure of the handshake (also a CryptographicException or Win32Exception from the platform's TLS) closes the socket.
                catch (Exception e) when (!(e is OutOfMemoryException))
                {
                    ssl.Dispose();
                    socket.Dispose();
                    ct.ThrowIfCancellationRequested();
                    throw new HttpRequestException("The SSL connection could not be established, see inner exception.", e);
                }
                stream = ssl;
            }
            var conn = new Http1Connection(socket, stream, transport);
            lock (_gate)
            {
                if (_disposed)
                {
                    conn.Abort();
                    throw new ObjectDisposedException(nameof(DirectHttpHandler));
                }
                _open.Add(conn);
            }
            return conn;
        }

        private static bool StillQuiet(Socket socket)
        {
            try
            {
                return !socket.Poll(0, SelectMode.SelectRead);
            }
            catch (Exception e) when (e is ObjectDisposedException || e is SocketException)
            {
                return false;
            }
        }

        /// <summary>An answer read to its end: its connection serves the next request, unless the server or the handler is done with it.</summary>
        internal void Release(Http1Connection conn, bool reusable)
        {
            // Bytes after the end of an answer belong to no request: a next answer read from them would be the server's
            // (or an attacker's) leftover, so such a connection is closed, as Go and SocketsHttpHandler do. They may come
            // while the connection is idle, so it is looked at again when a request takes it (StillIdle); over TLS they may
            // also sit inside SslStream, out of sight of the socket, so one read is kept pending there until the next
            // request (StartIdle), as Go's persistConn.readLoop reads an idle connection.
            if (reusable && !conn.StartIdle()) reusable = false;
            lock (_gate)
            {
                if (reusable && !_disposed && !conn.Aborted && _open.Contains(conn))
                {
                    _idle.Push(conn);
                    return;
                }
            }
            Drop(conn);
        }

        internal void Drop(Http1Connection conn)
        {
            conn.Abort();
            lock (_gate) _open.Remove(conn);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // Every connection, also one an answer's body or a request still reads from: its read ends at once with an
                // IOException, and a connection handed back later is closed (Release sees _disposed).
                List<Http1Connection> all;
                lock (_gate)
                {
                    _disposed = true;
                    all = new List<Http1Connection>(_open);
                    _open.Clear();
                    _idle.Clear();
                }
                foreach (var c in all) c.Abort();
            }
            base.Dispose(disposing);
        }

        /// <summary>
        /// Refuses a request whose header names are not HTTP tokens or whose values hold a control character other than
        /// HTAB (CR, LF, NUL, DEL and the others; bytes 0x80-0xFF are allowed): net/http transport.go Transport.roundTrip
        /// with httpguts.ValidHeaderFieldName / ValidHeaderFieldValue. The error names the header, never its value.
        /// </summary>
        internal static void CheckHeaders(HttpRequestMessage request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            Check(request.Headers);
            if (request.Content != null) Check(request.Content.Headers);
        }

        private static void Check(System.Net.Http.Headers.HttpHeaders headers)
        {
            foreach (var h in headers)
            {
                if (!HeaderRules.ValidName(h.Key)) throw new InvalidRequestHeaderException(h.Key, false);
                foreach (var v in h.Value)
                    if (!HeaderRules.ValidValue(v)) throw new InvalidRequestHeaderException(h.Key, true);
            }
        }

        /// <summary>Request line, headers (the request's and its content's, as HttpClient writes them) and body, in one buffer.</summary>
        internal static byte[] Serialize(HttpRequestMessage request) => Serialize(request, out _);

        private static byte[] Serialize(HttpRequestMessage request, out int bodyLength)
        {
            CheckHeaders(request);
            var uri = request.RequestUri!; // Send checked it
            byte[]? body = request.Content?.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            bodyLength = body?.Length ?? 0;
            var sb = new StringBuilder(512);
            sb.Append(request.Method.Method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
            bool host = false;
            foreach (var h in request.Headers)
            {
                if (string.Equals(h.Key, "Host", StringComparison.OrdinalIgnoreCase)) host = true;
                // Go's net/http (request.go reqWriteExcludeHeader), which the App Service sends with, never writes these from the
                // request's headers: it frames the body itself. A rewrite header of that name reaches no upstream, so none is sent here.
                if (string.Equals(h.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || string.Equals(h.Key, "Trailer", StringComparison.OrdinalIgnoreCase))
                    continue;
                AppendHeader(sb, h.Key, h.Value, false);
            }
            if (!host)
            {
                string name = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
                sb.Append("Host: ").Append(name);
                if (!uri.IsDefaultPort) sb.Append(':').Append(uri.Port.ToString(CultureInfo.InvariantCulture));
                sb.Append("\r\n");
            }
            if (request.Content != null)
                foreach (var h in request.Content.Headers)
                    if (!string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)) AppendHeader(sb, h.Key, h.Value, true);
            if (body != null || request.Method == HttpMethod.Post || request.Method == HttpMethod.Put)
                sb.Append("Content-Length: ").Append((body?.Length ?? 0).ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            sb.Append("\r\n");
            int headLength = Utf8.GetByteCount(sb.ToString());
            var message = new byte[headLength + (body?.Length ?? 0)];
            Utf8.GetBytes(sb.ToString(), 0, sb.Length, message, 0);
            if (body != null) Buffer.BlockCopy(body, 0, message, headLength, body.Length);
            return message;
        }

        private static void AppendHeader(StringBuilder sb, string name, IEnumerable<string> values, bool content)
        {
            var list = values.ToList();
            // HttpClient joins the values of one header on one line (User-Agent and Server with spaces, others with commas).
            string separator = string.Equals(name, "User-Agent", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "Server", StringComparison.OrdinalIgnoreCase) ? " " : ", ";
            string joined = string.Join(separator, list);
            // net/http header.go writeSubset writes one line per value, and RewriteHeadersAndApplyValueTraits (lib/services/app.go) adds one value per trait value.
            if (list.Count > 1 && !SplitsOneLine(name, joined, content))
            {
                foreach (var v in list) sb.Append(name).Append(": ").Append(v).Append("\r\n");
                return;
            }
            sb.Append(name).Append(": ").Append(joined).Append("\r\n");
        }

        /// <summary>
        /// Whether HttpClient parses one line of this header into several values (a list header: Accept, Cache-Control, ...).
        /// Its values then no longer tell one line from several, and RFC 9110 5.3 makes both the same; any other header's values
        /// were added one by one and each is its own line.
        /// </summary>
        private static bool SplitsOneLine(string name, string joined, bool content)
        {
            using var scratch = new HttpRequestMessage();
            System.Net.Http.Headers.HttpHeaders headers = scratch.Headers;
            if (content)
            {
#pragma warning disable CA2000 // disposed with the message
                scratch.Content = new ByteArrayContent(Array.Empty<byte>());
#pragma warning restore CA2000
                headers = scratch.Content.Headers;
            }
            return headers.TryAddWithoutValidation(name, joined) && headers.TryGetValues(name, out var parsed) && parsed.Count() > 1;
        }
    }

    /// <summary>
    /// A request the App Service's Go client would not send: a header name that is not a token, or a value with a control
    /// character. The message is Go's (net/http transport.go roundTrip), which names the header and leaves the value out.
    /// </summary>
    internal sealed class InvalidRequestHeaderException : HttpRequestException
    {
        public InvalidRequestHeaderException(string name, bool value)
            : base(value ? "net/http: invalid header field value for " + GoText.Quote(name) : "net/http: invalid header field name " + GoText.Quote(name))
        {
            HeaderName = name;
            InValue = value;
        }

        public string HeaderName { get; }

        /// <summary>The value is what is invalid (else the name).</summary>
        public bool InValue { get; }
    }

    /// <summary>
    /// The probe's connect to an upstream given by its IP address, started before the static checks so that the handshake
    /// and the server's accept overlap them; the probe's first connection completes it, otherwise it is closed. A host
    /// name is not looked up here (the probe resolves it as usual), nor is an upstream behind a proxy dialled.
    /// </summary>
    internal sealed class EarlyConnection : IDisposable
    {
        private readonly string _host;
        private readonly int _port;
        private Socket? _socket;

        private EarlyConnection(string host, int port, Socket socket)
        {
            _host = host;
            _port = port;
            _socket = socket;
        }

        public static EarlyConnection? Start(App app)
        {
            var uri = StaticChecks.EndpointOf(app);
            if (uri == null || !IPAddress.TryParse(uri.DnsSafeHost, out var address) || !HttpProbe.GoesDirect(uri)) return null;
            var socket = TcpDial.Start(new IPEndPoint(address, uri.Port), out _, out _);
            return socket == null ? null : new EarlyConnection(uri.DnsSafeHost, uri.Port, socket);
        }

        /// <summary>The connect under way, if it goes to this host and port (once); the caller completes it (TcpDial.Finish).</summary>
        public Socket? Take(string host, int port)
        {
            if (!string.Equals(host, _host, StringComparison.OrdinalIgnoreCase) || port != _port) return null;
            return Interlocked.Exchange(ref _socket, null);
        }

        public void Dispose() => Interlocked.Exchange(ref _socket, null)?.Dispose();
    }

    /// <summary>One connection of a <see cref="DirectHttpHandler"/>: a socket, its stream (TLS or not) and a read buffer.</summary>
    internal sealed class Http1Connection
    {
        private static readonly Encoding Latin1 = Encoding.GetEncoding("iso-8859-1");
        private readonly Socket _socket;
        private readonly Stream _stream;
        private readonly byte[] _buf = new byte[16 * 1024];
        private readonly object _use = new object();
        private int _pos, _len;
        private bool _aborted, _closed;
        private int _busy;              // reads and writes under way on the stream, the idle read included
        private Task<int>? _idleRead;   // the read kept pending while the connection waits for its next request
        private readonly ArrivalCountingStream? _transport; // under TLS: counts the socket turning readable
        private int _arrivalsAtIdle;

        public Http1Connection(Socket socket, Stream stream, ArrivalCountingStream? transport = null)
        {
            _socket = socket;
            _stream = stream;
            _transport = transport;
        }

        public int Requests;

        /// <summary>The failure of a request whose connection ended before the first byte of an answer.</summary>
        internal const string ClosedWithoutAnswer = "the server closed the connection without answering (EOF)";

        /// <summary>Bytes of requests that reached the connection so far (Go's persistConn.nwrite).</summary>
        public long BytesWritten { get; private set; }

        /// <summary>Go's Transport writes through a 4 KiB buffer (transport.go WriteBufferSize default): a request leaves in pieces that size.</summary>
        private const int WriteSlice = 4 * 1024;

        public bool Aborted
        {
            get { lock (_use) return _aborted; }
        }

        /// <summary>Its stream (the TLS stream, if any, and the socket) is closed.</summary>
        internal bool Closed => !_stream.CanRead;

        /// <summary>No byte of the current answer has arrived yet.</summary>
        public bool NothingRead { get; private set; }

        private bool _timed;

        /// <summary>Bounds each blocking read from now on (0: none); a read that times out leaves the connection unusable.</summary>
        public void ReadTimeout(int ms)
        {
            if (Aborted || (ms == 0 && !_timed)) return;
            try
            {
                _socket.ReceiveTimeout = ms;
                _timed = ms != 0;
            }
            catch (Exception e) when (e is ObjectDisposedException || e is SocketException) { }
        }

        public void Write(byte[] message)
        {
            ReadTimeout(0);
            NothingRead = true;
            Enter();
            try
            {
                // Counted piece by piece, so that a failure says whether any byte of the request left (transport.go nothingWrittenError).
                for (int offset = 0; offset < message.Length; offset += WriteSlice)
                {
                    int n = Math.Min(WriteSlice, message.Length - offset);
                    _stream.Write(message, offset, n);
                    BytesWritten += n;
                }
                _stream.Flush();
            }
            finally
            {
                Leave();
            }
        }

        /// <summary>
        /// Closes the connection: the socket at once, so that a read or write blocked on it (on any thread) ends with an
        /// IOException; the stream (TLS state included) as soon as no read or write runs on it, by whichever leaves last.
        /// </summary>
        public void Abort()
        {
            bool close;
            lock (_use)
            {
                if (_aborted) return;
                _aborted = true;
                close = _busy == 0 && !_closed;
                if (close) _closed = true;
            }
            _transport?.MarkClosing();
            try { _socket.Dispose(); } catch (ObjectDisposedException) { }
            if (close) CloseStream();
        }

        private void Enter()
        {
            lock (_use)
            {
                if (_aborted) throw new IOException("the connection was closed (the probe ended it)");
                _busy++;
            }
        }

        private void Leave()
        {
            bool close;
            lock (_use)
            {
                _busy--;
                close = _aborted && _busy == 0 && !_closed;
                if (close) _closed = true;
            }
            if (close) CloseStream();
        }

        private void CloseStream()
        {
            try { _stream.Dispose(); } catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is SocketException) { }
        }

        /// <summary>
        /// The connection goes idle (its answer read to the end); false when bytes are there already or it is closed, so
        /// that it is not used again. Over TLS one read is kept pending on it: bytes buffered inside SslStream complete it
        /// at once, later ones (or the server closing) when they come. On plain http the socket shows both by itself,
        /// and no read is left pending (the next answer is then read without a hop through the thread pool).
        /// </summary>
        public bool StartIdle()
        {
            if (!(_stream is SslStream)) return !Aborted && !HasDataNow();
            if (_pos < _len) return false;
            try
            {
                Enter();
            }
            catch (IOException)
            {
                return false;
            }
            Task<int> read;
            _pos = _len = 0;
            _arrivalsAtIdle = _transport?.Arrivals ?? 0;
            try
            {
                read = _stream.ReadAsync(_buf, 0, _buf.Length);
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is NotSupportedException || e is InvalidOperationException)
            {
                Leave();
                return false;
            }
            // Observed whatever its end (a Dispose faults it), and the stream is closed after it if the connection was.
            read.ContinueWith((t, state) => { _ = t.Exception; ((Http1Connection)state!).Leave(); }, this, CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _idleRead = read;
            return !read.IsCompleted;
        }

        /// <summary>Kept idle and nothing arrived since (no unrequested bytes, the server did not close it).</summary>
        public bool StillIdle
        {
            get
            {
                if (!(_stream is SslStream)) return !Aborted && !HasDataNow();
                // Over TLS the pending read too. Its completion may lag behind the bytes: they are on the socket until the
                // transport has counted them, so the socket is looked at before the count (ArrivalCountingStream).
                var read = _idleRead;
                return read != null && !read.IsCompleted && !Aborted && !HasDataNow()
                    && (_transport == null || _transport.Arrivals == _arrivalsAtIdle);
            }
        }

        /// <summary>Bytes buffered now, reading more only if none is (0: the server closed the connection).</summary>
        public int Fill()
        {
            if (_pos < _len) return _len - _pos;
            // Nothing stale is handed out again after a read that failed.
            _pos = _len = 0;
            var idle = _idleRead;
            if (idle != null)
            {
                // The read pending since the connection went idle holds the start of this answer.
                _idleRead = null;
                try
                {
                    _len = idle.GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is ObjectDisposedException || e is SocketException || e is OperationCanceledException || e is InvalidOperationException)
                {
                    throw new IOException("the connection was closed: " + e.Message, e);
                }
            }
            else
            {
                Enter();
                try
                {
                    _len = _stream.Read(_buf, 0, _buf.Length);
                }
                catch (Exception e) when (e is ObjectDisposedException || e is SocketException)
                {
                    throw new IOException("the connection was closed: " + e.Message, e);
                }
                finally
                {
                    Leave();
                }
            }
            if (_len > 0) NothingRead = false;
            return _len;
        }

        /// <summary>Whether more of the answer can be read without waiting (buffered here, or on the socket).</summary>
        public bool HasDataNow()
        {
            if (_pos < _len) return true;
            try
            {
                return !Aborted && _socket.Poll(0, SelectMode.SelectRead);
            }
            catch (Exception e) when (e is ObjectDisposedException || e is SocketException)
            {
                return true; // closed meanwhile: not for another request
            }
        }

        /// <summary>Copies up to <paramref name="count"/> buffered bytes (after <see cref="Fill"/>).</summary>
        public int Take(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(count, _len - _pos);
            Buffer.BlockCopy(_buf, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }

        /// <summary>The CR LF (or LF) after a chunk's data.</summary>
        public void ExpectLineEnd()
        {
            if (Fill() == 0) throw new IOException("the server closed the connection in the middle of a chunk");
            if (_buf[_pos] == (byte)'\r')
            {
                _pos++;
                if (Fill() == 0) throw new IOException("the server closed the connection in the middle of a chunk");
            }
            if (_buf[_pos] != (byte)'\n') throw new IOException("the server sent more data than its chunk size announced");
            _pos++;
        }

        /// <summary>Skips up to <paramref name="count"/> buffered bytes.</summary>
        public int Skip(long count)
        {
            int n = (int)Math.Min(count, _len - _pos);
            _pos += n;
            return n;
        }

        /// <summary>One line (LF or CR LF), of at most <paramref name="budget"/> bytes counted with what came before; Latin-1 as HTTP/1.1 reads header bytes.</summary>
        public string ReadLine(ref int budget, string what)
        {
            MemoryStream? gathered = null;
            while (true)
            {
                if (Fill() == 0) throw new IOException("the server closed the connection in the middle of " + what);
                int start = _pos, end = Array.IndexOf(_buf, (byte)'\n', _pos, _len - _pos);
                int n = (end < 0 ? _len : end) - start;
                budget -= n + (end < 0 ? 0 : 1);
                if (budget < 0)
                    throw new HttpRequestException("the server sent " + what + " longer than " + Limits.Current.HttpHeaderMaxBytes.ToString(CultureInfo.InvariantCulture) +
                                                   " bytes (" + Limits.Current.Describe(nameof(Limits.HttpHeaderMaxBytes)) + ")");
                if (end < 0)
                {
                    (gathered ??= new MemoryStream()).Write(_buf, start, n);
                    _pos = _len;
                    continue;
                }
                _pos = end + 1;
                string line;
                if (gathered == null) line = Latin1.GetString(_buf, start, n);
                else
                {
                    gathered.Write(_buf, start, n);
                    line = Latin1.GetString(gathered.GetBuffer(), 0, (int)gathered.Length);
                }
                return line.Length > 0 && line[line.Length - 1] == '\r' ? line.Substring(0, line.Length - 1) : line;
            }
        }

        private static string Cut(string s) => s.Length > 100 ? s.Substring(0, 100) + "..." : s;

        /// <summary>The status line and headers of the next final answer (1xx answers are skipped); its body as content.</summary>
        public HttpResponseMessage ReadResponse(HttpRequestMessage request, bool head, DirectHttpHandler owner)
        {
            int budget = Limits.Current.HttpHeaderMaxBytes;
            // The connection ended before the first byte of an answer (Go: errServerClosedIdle, or its read of that byte failed).
            if (Fill() == 0) throw new IOException(ClosedWithoutAnswer);
            while (true)
            {
                string status = ReadLine(ref budget, "the status line and headers");
                if (status.Length < 12 || !status.StartsWith("HTTP/1.", StringComparison.Ordinal) || status[7] < '0' || status[7] > '9' || status[8] != ' ' ||
                    !int.TryParse(status.Substring(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out int code) || code < 100 || (status.Length > 12 && status[12] != ' '))
                    throw new HttpRequestException("the server's answer is not HTTP/1.x: " + GoText.Quote(Cut(status)));
                var response = new HttpResponseMessage((HttpStatusCode)code)
                {
                    Version = status[7] == '0' ? HttpVersion.Version10 : HttpVersion.Version11,
                    RequestMessage = request,
                };
                string reason = status.Length > 13 ? status.Substring(13) : "";
                try
                {
                    if (reason.Length > 0) response.ReasonPhrase = reason;
                }
                catch (FormatException)
                {
                    // A reason phrase with a control character is not kept; the status code says what matters.
                }
                // Header lines first (a folded line continues the one before it, as Go's textproto reads it), then their meaning.
                var headers = new List<KeyValuePair<string, string>>();
                while (true)
                {
                    string line = ReadLine(ref budget, "the status line and headers");
                    if (line.Length == 0) break;
                    if (line[0] == ' ' || line[0] == '\t')
                    {
                        if (headers.Count == 0) throw new HttpRequestException("the server's first header line starts with white space: " + GoText.Quote(Cut(line)));
                        var last = headers[headers.Count - 1];
                        headers[headers.Count - 1] = new KeyValuePair<string, string>(last.Key, (last.Value + " " + line.Trim(' ', '\t')).Trim(' '));
                        continue;
                    }
                    int colon = line.IndexOf(':');
                    if (colon <= 0) throw new HttpRequestException("the server sent a header line without a name: " + GoText.Quote(Cut(line)));
                    string name = line.Substring(0, colon);
                    foreach (char c in name)
                        if (c <= ' ' || c >= 127) throw new HttpRequestException("the server sent a header name that is not an HTTP token: " + GoText.Quote(Cut(name)));
                    headers.Add(new KeyValuePair<string, string>(name, line.Substring(colon + 1).Trim(' ', '\t')));
                }
                // Go's readTransfer (transfer.go) decides the framing and the keep-alive, and refuses what it does not read.
                var framing = Http1Framing.Decide(status[7] - '0', code, head, headers);
                var contentHeaders = new List<KeyValuePair<string, string>>();
                bool lengthKept = false;
                foreach (var h in headers)
                {
                    // transfer.go parseTransferEncoding deletes Transfer-Encoding from the answer's header, fixLength the Content-Length
                    // of a chunked answer (and keeps one of several equal ones).
                    if (string.Equals(h.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
                    if (string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                    {
                        if (framing.Chunked || lengthKept) continue;
                        lengthKept = true;
                    }
                    if (!response.Headers.TryAddWithoutValidation(h.Key, h.Value)) contentHeaders.Add(h);
                }
                if (framing.Chunked) response.Headers.TransferEncodingChunked = true;
                // 1xx answers precede the real one (101 would switch protocols, which this client never asks for).
                if (code < 200 && code != 101)
                {
                    response.Dispose();
                    continue;
                }
                var body = new Http1Body(this, owner, framing.Kind, framing.Length, !framing.Close);
                response.Content = new Http1Content(body);
                foreach (var h in contentHeaders) response.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
                return response;
            }
        }
    }

    /// <summary>The body of one answer, read from its connection as the caller reads; the connection is handed back once it is read to its end.</summary>
    internal sealed class Http1Body : ReadOnlyStream
    {
        /// <summary>What is left unread of an abandoned body and arrived already, read to keep the connection (more: it is closed).</summary>
        private const int DrainMaxBytes = 64 * 1024;
        private const int DrainWaitMs = 100;

        private readonly Http1Connection _conn;
        private readonly DirectHttpHandler _owner;
        private readonly Http1Framing.Kind _framing;
        private readonly bool _keepAlive;
        private readonly object _state = new object();
        private long _left;             // of the Content-Length, or of the current chunk
        private bool _inChunk;          // chunked: inside a chunk's data (else before a chunk-size line)
        private bool _lineEndDue;       // chunked: the CR LF after the last chunk's data is still to be read
        private bool _finished, _released, _reading, _disposed;
        private Exception? _broken;     // what ended the body before its end; read again, it fails again

        public Http1Body(Http1Connection conn, DirectHttpHandler owner, Http1Framing.Kind framing, long length, bool keepAlive)
        {
            _conn = conn;
            _owner = owner;
            _framing = framing;
            _left = length;
            _keepAlive = keepAlive;
            if (framing == Http1Framing.Kind.None || (framing == Http1Framing.Kind.Length && length == 0)) Finish();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            lock (_state)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(Http1Body));
                if (_broken != null) throw new IOException(_broken.Message, _broken);
                if (_finished || count == 0) return 0;
                _reading = true;
            }
            try
            {
                return ReadCore(buffer, offset, count, false);
            }
            catch (Exception e) when (e is IOException || e is HttpRequestException || e is ObjectDisposedException || e is SocketException)
            {
                // Broken framing or a failed read: where the next answer would start is unknown, so the connection is
                // closed here, never read on (by a later read or by Dispose's drain) for another request.
                lock (_state) _broken = e;
                if (Claim()) _owner.Drop(_conn);
                throw;
            }
            finally
            {
                lock (_state) _reading = false;
            }
        }

        /// <summary>Reads (or, with <paramref name="skip"/>, discards) body bytes; 0 at the end of the body.</summary>
        private int ReadCore(byte[]? buffer, int offset, int count, bool skip)
        {
            while (true)
            {
                if (_finished) return 0;
                switch (_framing)
                {
                    case Http1Framing.Kind.UntilClose:
                        if (_conn.Fill() == 0)
                        {
                            Finish();
                            return 0;
                        }
                        return skip ? _conn.Skip(count) : _conn.Take(buffer!, offset, count);
                    case Http1Framing.Kind.Length:
                    {
                        if (_conn.Fill() == 0) throw new IOException("the server closed the connection " + _left.ToString(CultureInfo.InvariantCulture) + " bytes before the end its Content-Length announced");
                        int n = (int)Math.Min(count, _left);
                        n = skip ? _conn.Skip(n) : _conn.Take(buffer!, offset, n);
                        _left -= n;
                        if (_left == 0) Finish();
                        return n;
                    }
                    default: // Chunked
                        if (!_inChunk)
                        {
                            if (_lineEndDue)
                            {
                                _conn.ExpectLineEnd();
                                _lineEndDue = false;
                            }
                            ReadChunkSize();
                            continue;
                        }
                        if (_conn.Fill() == 0) throw new IOException("the server closed the connection in the middle of a chunk");
                        int m = (int)Math.Min(count, _left);
                        m = skip ? _conn.Skip(m) : _conn.Take(buffer!, offset, m);
                        _left -= m;
                        // The chunk's CR LF is read with the next chunk: a server that sends an event's data and its line end
                        // in two writes does not hold the event back until its next write.
                        if (_left == 0)
                        {
                            _lineEndDue = true;
                            _inChunk = false;
                        }
                        return m;
                }
            }
        }

        /// <summary>The next chunk-size line; a last chunk (0) and its trailers end the body.</summary>
        private void ReadChunkSize()
        {
            int budget = Limits.Current.HttpHeaderMaxBytes;
            string line = _conn.ReadLine(ref budget, "a chunk-size line");
            int ext = line.IndexOf(';');
            string hex = (ext >= 0 ? line.Substring(0, ext) : line).Trim(' ', '\t');
            if (hex.Length == 0 || hex.Length > 15 || !long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long size))
                throw new IOException("the server sent an invalid chunk size: " + GoText.Quote(line.Length > 40 ? line.Substring(0, 40) + "..." : line));
            if (size > 0)
            {
                _left = size;
                _inChunk = true;
                return;
            }
            while (_conn.ReadLine(ref budget, "the trailers after the last chunk").Length > 0) { }
            Finish();
        }

        private void Finish()
        {
            _finished = true;
            if (Claim()) _owner.Release(_conn, _keepAlive);
        }

        /// <summary>
        /// Whether this caller hands the connection back (or closes it): once, between the reader that reaches the end and
        /// a Dispose on another thread (a deadline) that aborts it.
        /// </summary>
        private bool Claim()
        {
            lock (_state)
            {
                if (_released) return false;
                _released = true;
                return true;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                bool abort, released;
                lock (_state)
                {
                    if (_disposed)
                    {
                        base.Dispose(disposing);
                        return;
                    }
                    _disposed = true;
                    abort = _reading;
                    released = _released;
                    // A read under way may still reach the end: it must not hand back the connection closed here.
                    if (abort) _released = true;
                }
                // A read blocked on another thread (a deadline, Ctrl+C): closing the socket ends it (Drop also takes it
                // out of the handler's connections, so a Release that came first cannot keep it).
                if (abort) _owner.Drop(_conn);
                else if (!released && !_keepAlive)
                {
                    if (Claim()) _owner.Drop(_conn);
                }
                else if (!released) Drain();
            }
            base.Dispose(disposing);
        }

        /// <summary>
        /// An answer left unread (the probe stops at the response it waited for): what already arrived of its end is read
        /// so the next request can use the connection, as HttpClient drains one; a body that is not all there is not
        /// waited for, its connection is closed.
        /// </summary>
        private void Drain()
        {
            int drained = 0;
            // A server that stops in the middle of the end (a partial chunk line or TLS record) is not waited for, and one
            // that keeps trickling (an event stream's keep-alives) is not followed past the same time in total.
            _conn.ReadTimeout(DrainWaitMs);
            var spent = System.Diagnostics.Stopwatch.StartNew();
            // The time counts only from the first read: a thread paused before it (a loaded machine) must not cost a
            // connection whose end is already there.
            bool first = true;
            try
            {
                while (!_finished && drained < DrainMaxBytes && (first || spent.ElapsedMilliseconds < DrainWaitMs) && _conn.HasDataNow())
                {
                    int n = ReadCore(null, 0, DrainMaxBytes - drained, true);
                    if (first)
                    {
                        first = false;
                        spent.Restart();
                    }
                    if (n == 0 && !_finished) break;
                    drained += n;
                }
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is HttpRequestException || e is SocketException)
            {
            }
            if (!_finished && Claim()) _owner.Drop(_conn);
        }
    }

    /// <summary>The content of an answer: its body as a stream, handed out as is.</summary>
    internal sealed class Http1Content : HttpContent
    {
        private readonly Http1Body _body;

        public Http1Content(Http1Body body)
        {
            _body = body;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            try
            {
                _body.CopyTo(stream);
                return Task.CompletedTask;
            }
            catch (Exception e) when (e is IOException || e is HttpRequestException || e is ObjectDisposedException)
            {
                return Task.FromException(e);
            }
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(_body);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _body.Dispose();
            base.Dispose(disposing);
        }
    }
}
