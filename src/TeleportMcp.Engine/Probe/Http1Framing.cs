using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// How the App Service's Go client reads the body of an upstream's answer, and whether it keeps the connection:
    /// net/http/transfer.go readTransfer for a response (parseTransferEncoding, fixLength, shouldClose).
    /// </summary>
    internal static class Http1Framing
    {
        public enum Kind { None, Length, Chunked, UntilClose }

        /// <summary>What readTransfer decided for one answer.</summary>
        public sealed class Decision
        {
            public Decision(Kind kind, long length, bool close, bool chunkedSeen)
            {
                Kind = kind;
                Length = length;
                Close = close;
                Chunked = chunkedSeen;
            }

            public Kind Kind { get; }

            /// <summary>The Content-Length the body is read by (Kind.Length), else 0.</summary>
            public long Length { get; }

            /// <summary>The connection is closed after this answer (Go's Response.Close).</summary>
            public bool Close { get; }

            /// <summary>Transfer-Encoding: chunked was honoured: the answer's Content-Length was dropped (fixLength).</summary>
            public bool Chunked { get; }
        }

        /// <summary>
        /// The framing of an answer with status <paramref name="code"/> to a request (HEAD or not), from its header lines in the
        /// order they came; an answer Go refuses is an <see cref="HttpRequestException"/> with Go's words.
        /// </summary>
        /// <param name="minor">The x of HTTP/1.x in the status line.</param>
        public static Decision Decide(int minor, int code, bool head, IReadOnlyList<KeyValuePair<string, string>> headers)
        {
            if (headers == null) throw new ArgumentNullException(nameof(headers));
            bool http11 = minor >= 1;
            var te = Values(headers, "Transfer-Encoding");
            var cl = Values(headers, "Content-Length");
            var connection = Values(headers, "Connection");

            // transfer.go parseTransferEncoding: "Issue 12785; ignore Transfer-Encoding on HTTP/1.0 requests" (and answers);
            // from HTTP/1.1 on exactly one field, and only "chunked".
            bool chunked = false;
            if (te.Count > 0 && http11)
            {
                if (te.Count != 1) throw Refused("too many transfer encodings: " + QuoteList(te));
                if (!string.Equals(te[0], "chunked", StringComparison.OrdinalIgnoreCase)) throw Refused("unsupported transfer encoding: " + GoText.Quote(te[0]));
                chunked = true;
            }

            // transfer.go fixLength: several Content-Length fields must be the same text; the value must parse, whatever else the answer says.
            long n = -1;
            if (cl.Count > 1 && cl.Any(v => !string.Equals(v, cl[0], StringComparison.Ordinal)))
                throw Refused("http: message cannot contain multiple Content-Length headers; got " + QuoteList(cl));
            if (cl.Count > 0)
            {
                if (cl[0].Length == 0) throw Refused("invalid empty Content-Length " + GoText.Quote(cl[0]));
                // strconv.ParseUint(cl, 10, 63): digits only, at most 2^63-1.
                if (!long.TryParse(cl[0], NumberStyles.None, CultureInfo.InvariantCulture, out n)) throw Refused("bad Content-Length " + GoText.Quote(cl[0]));
            }

            // transfer.go shouldClose: HTTP/1.0 closes unless it says keep-alive; HTTP/1.1 only when it says close.
            bool hasClose = HasToken(connection, "close");
            bool close = http11 ? hasClose : hasClose || !HasToken(connection, "keep-alive");

            bool bodyAllowed = !(code >= 100 && code <= 199) && code != 204 && code != 304;
            if (head || !bodyAllowed) return new Decision(Kind.None, 0, close || code == 101, chunked);
            if (chunked) return new Decision(Kind.Chunked, 0, close, true);
            if (n > 0) return new Decision(Kind.Length, n, close, false);
            if (n == 0) return new Decision(Kind.None, 0, close, false);
            // readTransfer: no Content-Length and not chunked: the body ends when the server closes the connection.
            return new Decision(Kind.UntilClose, 0, true, false);
        }

        /// <summary>The values of every field named <paramref name="name"/> (Go's canonical key: case does not matter).</summary>
        private static List<string> Values(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
        {
            var values = new List<string>();
            foreach (var h in headers)
                if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) values.Add(h.Value);
            return values;
        }

        /// <summary>httpguts.HeaderValuesContainsToken: a comma-separated token in any field, white space around it ignored.</summary>
        private static bool HasToken(List<string> values, string token)
        {
            foreach (var v in values)
                foreach (var part in v.Split(','))
                    if (string.Equals(part.Trim(' ', '\t'), token, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        /// <summary>Go's %q of a []string: ["a" "b"].</summary>
        private static string QuoteList(List<string> values) => "[" + string.Join(" ", values.Select(GoText.Quote)) + "]";

        private static HttpRequestException Refused(string goError) =>
            new HttpRequestException("the server's answer is one Go's net/http refuses (transfer.go readTransfer): " + goError);
    }
}
