using System;
using System.Collections.Generic;

namespace TeleportMcp
{
    /// <summary>The MCP audit event types (2:A1; lib/events/api.go, lib/events/codes.go).</summary>
    public enum AuditEventKind
    {
        /// <summary>mcp.session.start, TMCP001I.</summary>
        SessionStart,
        /// <summary>mcp.session.end, TMCP002I/E.</summary>
        SessionEnd,
        /// <summary>mcp.session.request, TMCP003I/E.</summary>
        Request,
        /// <summary>mcp.session.notification, TMCP004I/E.</summary>
        Notification,
        /// <summary>mcp.session.listen_sse_stream, TMCP005I/E.</summary>
        ListenSseStream,
        /// <summary>mcp.session.invalid_http_request, TMCP006E.</summary>
        InvalidHttpRequest,
        /// <summary>An mcp.session.* type this module does not know (a newer Teleport).</summary>
        Other,
    }

    /// <summary>What the event says happened.</summary>
    public enum AuditOutcome
    {
        Success,
        /// <summary>A request refused by Teleport's RBAC (TMCP003E/TMCP004E whose error says denied; 2:A6).</summary>
        Denied,
        /// <summary>Any other failure code (…E) or success=false.</summary>
        Failed,
    }

    /// <summary>One MCP audit event of Teleport. Type name TeleportMcp.AuditEvent.</summary>
    public sealed class AuditEvent
    {
        /// <summary>The event time (UTC).</summary>
        public DateTime? Time { get; set; }
        /// <summary>TMCP001I … TMCP006E.</summary>
        public string Code { get; set; }
        /// <summary>The event type, e.g. mcp.session.request.</summary>
        public string Type { get; set; }
        public AuditEventKind Kind { get; set; }
        public AuditOutcome Outcome { get; set; }
        public string User { get; set; }
        /// <summary>The app name (app_name).</summary>
        public string App { get; set; }
        public string AppUri { get; set; }
        /// <summary>Teleport's session id (sid): one per stdio/SSE connection, one per tsh app session for HTTP (2:H12).</summary>
        public string SessionId { get; set; }
        /// <summary>The MCP server's Mcp-Session-Id (session start of HTTP apps).</summary>
        public string McpSessionId { get; set; }
        /// <summary>The JSON-RPC method (message.method) of a request or notification.</summary>
        public string Method { get; set; }
        /// <summary>The JSON-RPC id of a request.</summary>
        public string RequestId { get; set; }
        /// <summary>The tool of a tools/call (message.params.name).</summary>
        public string Tool { get; set; }
        /// <summary>The event's success field (false when the event has none and its code ends in E).</summary>
        public bool Success { get; set; }
        /// <summary>The event's error text, secrets redacted.</summary>
        public string Error { get; set; }
        /// <summary>name/version of the MCP client (session start).</summary>
        public string ClientInfo { get; set; }
        /// <summary>name/version of the MCP server (session start).</summary>
        public string ServerInfo { get; set; }
        public string ProtocolVersion { get; set; }
        /// <summary>HTTP method and path of an invalid HTTP request (TMCP006E).</summary>
        public string HttpMethod { get; set; }
        public string HttpPath { get; set; }
        /// <summary>The roles of the user's certificate when the event was written (user_roles), when the event has them.</summary>
        public string[] UserRoles { get; set; }
        /// <summary>The traits of the user's certificate when the event was written (user_traits), when the event has them.</summary>
        public Dictionary<string, string[]> UserTraits { get; set; }
        public string ClusterName { get; set; }
        /// <summary>The event id (uid).</summary>
        public string EventId { get; set; }
        /// <summary>The file the event was read from, or "pipeline".</summary>
        public string Source { get; set; }
        /// <summary>1-based line of the event's first line in Source.</summary>
        public long Line { get; set; }

        public bool IsFailure => Outcome != AuditOutcome.Success;

        public override string ToString() =>
            Code + " " + Type + " " + User + "@" + App + (Method != null ? " " + Method : "") + (Tool != null ? " " + Tool : "") +
            (Error != null ? ": " + Error : "");
    }

    /// <summary>What one read of audit input held, for the one summary message (malformed lines are not reported one by one).</summary>
    public sealed class AuditReadSummary
    {
        public string Source { get; set; }
        public long Lines { get; set; }
        /// <summary>MCP events read (before the filter).</summary>
        public long McpEvents { get; set; }
        /// <summary>MCP events that passed the filter.</summary>
        public long Matched { get; set; }
        /// <summary>Well-formed events of other types (skipped).</summary>
        public long OtherEvents { get; set; }
        /// <summary>Lines or objects that are not valid JSON.</summary>
        public long Malformed { get; set; }
        public long FirstMalformedLine { get; set; }
        public string FirstMalformedError { get; set; }
        /// <summary>The line where an event starts that the input ends inside of (a log still being written), or 0.</summary>
        public long TruncatedAtLine { get; set; }
    }
}
