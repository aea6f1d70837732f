using System;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>Where a request on a connection failed, in the terms Go's Transport retries by.</summary>
    internal enum SendFailure
    {
        /// <summary>Not one byte of the request reached the connection (transport.go nothingWrittenError).</summary>
        NothingWritten,

        /// <summary>
        /// The request was written, and the connection failed or was closed before the first byte of an answer
        /// (transport.go transportReadFromServerError, errServerClosedIdle).
        /// </summary>
        BeforeFirstResponseByte,

        /// <summary>Anything later: part of the request written, or part of the answer read.</summary>
        Later,
    }

    /// <summary>
    /// When the App Service's Go client sends a failed request again on a new connection: net/http/transport.go
    /// persistConn.shouldRetryRequest with request.go isReplayable and outgoingLength.
    /// </summary>
    internal static class GoRetryRule
    {
        /// <summary>request.go isReplayable: the methods Go takes as idempotent.</summary>
        public static readonly IReadOnlyList<string> IdempotentMethods = new[] { "GET", "HEAD", "OPTIONS", "TRACE" };

        /// <summary>request.go isReplayable: "The Idempotency-Key, while non-standard, is widely used to mean a POST or other request is idempotent."</summary>
        public static readonly IReadOnlyList<string> IdempotencyHeaders = new[] { "Idempotency-Key", "X-Idempotency-Key" };

        /// <summary>
        /// The App Service forwards the request its own http.Server read (lib/httplib/reverseproxy/reverse_proxy.go wraps
        /// httputil.ReverseProxy, whose outgoing request is a clone of it): a server's request has no GetBody, so a body is never rewound.
        /// </summary>
        public const bool AppServiceRewindsBody = false;

        /// <param name="reused">The connection had served an answer before (transport.go persistConn.isReused: set when it went idle).</param>
        /// <param name="failure">Where the request failed.</param>
        /// <param name="method">The request's method (Go compares it as written).</param>
        /// <param name="hasBody">The request has a body of one byte or more (outgoingLength() != 0: ReverseProxy drops an empty one).</param>
        /// <param name="rewindable">The body can be read again (Request.GetBody is set).</param>
        /// <param name="hasHeader">Whether the request carries a header of that name.</param>
        public static bool ShouldRetry(bool reused, SendFailure failure, string method, bool hasBody, bool rewindable, Func<string, bool> hasHeader)
        {
            // "This was a fresh connection. There's no reason the server should've hung up on us."
            if (!reused) return false;
            // "We never wrote anything, so it's safe to retry, if there's no body or we can "rewind" the body with GetBody."
            if (failure == SendFailure.NothingWritten) return !hasBody || rewindable;
            if (!IsReplayable(method, hasBody, rewindable, hasHeader)) return false;
            return failure == SendFailure.BeforeFirstResponseByte;
        }

        /// <summary>request.go isReplayable.</summary>
        public static bool IsReplayable(string method, bool hasBody, bool rewindable, Func<string, bool> hasHeader)
        {
            if (hasHeader == null) throw new ArgumentNullException(nameof(hasHeader));
            if (hasBody && !rewindable) return false;
            if (IdempotentMethods.Contains(string.IsNullOrEmpty(method) ? "GET" : method, StringComparer.Ordinal)) return true;
            return IdempotencyHeaders.Any(hasHeader);
        }
    }
}
