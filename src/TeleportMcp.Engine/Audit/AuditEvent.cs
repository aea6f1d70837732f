using System;
using System.Collections.Generic;
using System.Threading;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp
{
    /// <summary>The MCP audit event types (2:A1; lib/events/api.go, lib/events/codes.go) and the app_auth_config token check.</summary>
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
        /// <summary>
        /// app_auth_config.verify.success TAAC004I / .failure TAAC004E: the Auth Service checked the JWT a remote MCP client
        /// presented through an app_auth_config (lib/auth/appauthconfig/appauthconfigv1/events.go; web/.../audit/types.ts).
        /// </summary>
        AppAuthConfigVerify,
    }

    /// <summary>What the event says happened.</summary>
    public enum AuditOutcome
    {
        Success,
        /// <summary>A tools/call refused by Teleport's RBAC (TMCP003E whose error is the access checker's; 2:A6).</summary>
        Denied,
        /// <summary>Any other failure code (…E) or success=false.</summary>
        Failed,
    }

    /// <summary>One MCP audit event of Teleport. Type name TeleportMcp.AuditEvent.</summary>
    public sealed class AuditEvent : IOutputSafe
    {
        private DateTime? _time;
        private string? _code;
        private string? _type;
        private AuditEventKind _kind;
        private AuditOutcome _outcome;
        private string? _user;
        private string? _app;
        private string? _appUri;
        private string? _sessionId;
        private string? _mcpSessionId;
        private string? _serverId;
        private string? _method;
        private string? _requestId;
        private string? _tool;
        private bool _success;
        private string? _error;
        private string? _clientInfo;
        private string? _serverInfo;
        private string? _protocolVersion;
        private string? _egressAuthType;
        private string? _ingressAuthType;
        private string? _outcomeReason;
        private string? _httpMethod;
        private string? _httpPath;
        private string[]? _userRoles;
        private Dictionary<string, string[]>? _userTraits;
        private Dictionary<string, string[]>? _shownTraits;
        private string? _clusterName;
        private string? _appAuthConfig;
        private string? _eventId;
        private string? _source;
        private long _line;

        // A successful event read from a one-line event keeps its line (UTF-8) until a field other than Kind,
        // Outcome, Success, Source and Line is read: most events are counted or filtered, never looked at.
        private byte[]? _raw;
        private bool _outputSafe;

        public AuditEvent()
        {
        }

        /// <summary>A successful event whose other fields are read from <paramref name="utf8Json"/> on first use.</summary>
        internal AuditEvent(byte[] utf8Json, AuditEventKind kind, string source, long line)
        {
            _raw = utf8Json;
            _kind = kind;
            _outcome = AuditOutcome.Success;
            _success = true;
            _source = source;
            _line = line;
            _outputSafe = true;
        }

        bool IOutputSafe.IsOutputSafe => _outputSafe;

        private void Touch()
        {
            Load();
            _outputSafe = false;
        }

        private void Load()
        {
            var raw = Volatile.Read(ref _raw);
            if (raw == null) return;
            lock (raw)
            {
                if (_raw == null) return;
                var full = AuditEventReader.ParseDeferred(raw, _source, _line);
                if (full != null) CopyFrom(full);
                Volatile.Write(ref _raw, null);
            }
        }

        /// <summary>The fields of the fully parsed event, passed through the output rule now (the boundary skips this object).</summary>
        private void CopyFrom(AuditEvent full)
        {
            _code = OutputText.Safe(full.Code);
            _type = OutputText.Safe(full.Type);
            _user = OutputText.Safe(full.User);
            _app = OutputText.Safe(full.App);
            _appUri = OutputText.Safe(full.AppUri);
            _sessionId = OutputText.Safe(full.SessionId);
            _mcpSessionId = OutputText.Safe(full.McpSessionId);
            _serverId = OutputText.Safe(full.ServerId);
            _method = OutputText.Safe(full.Method);
            _requestId = OutputText.Safe(full.RequestId);
            _tool = OutputText.Safe(full.Tool);
            _error = OutputText.Safe(full.Error);
            // What the MCP client and server said of themselves in their handshake: kept on one line.
            _clientInfo = OutputText.SafeName(full.ClientInfo);
            _serverInfo = OutputText.SafeName(full.ServerInfo);
            _protocolVersion = OutputText.SafeName(full.ProtocolVersion);
            _egressAuthType = OutputText.SafeName(full.EgressAuthType);
            _ingressAuthType = OutputText.SafeName(full.IngressAuthType);
            _httpMethod = OutputText.Safe(full.HttpMethod);
            _httpPath = OutputText.Safe(full.HttpPath);
            _clusterName = OutputText.Safe(full.ClusterName);
            _appAuthConfig = OutputText.Safe(full.AppAuthConfig);
            _eventId = OutputText.Safe(full.EventId);
            _time = full.Time;
            if (full._userRoles != null)
            {
                var roles = new string[full._userRoles.Length];
                for (int i = 0; i < roles.Length; i++) roles[i] = OutputText.Safe(full._userRoles[i]);
                _userRoles = roles;
            }
            _userTraits = full._userTraits;
        }

        /// <summary>
        /// The traits as output shows them: every value of a trait whose name is a secret's masked, the others redacted
        /// by the rules (Redactor.RedactNamedValue), names and values through the output rule. Made once, on first read.
        /// </summary>
        private static Dictionary<string, string[]>? Shown(Dictionary<string, string[]>? real)
        {
            if (real == null) return null;
            var traits = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var kv in real) traits[OutputText.Safe(kv.Key)] = Redactor.RedactNamedValues(kv.Key, kv.Value);
            return traits;
        }

        /// <summary>The event time (UTC).</summary>
        public DateTime? Time { get { Load(); return _time; } set { Touch(); _time = value; } }
        /// <summary>TMCP001I … TMCP006E, TAAC004I/E.</summary>
        public string? Code { get { Load(); return _code; } set { Touch(); _code = value; } }
        /// <summary>The event type, e.g. mcp.session.request, app_auth_config.verify.failure.</summary>
        public string? Type { get { Load(); return _type; } set { Touch(); _type = value; } }
        public AuditEventKind Kind { get => _kind; set { Touch(); _kind = value; } }
        public AuditOutcome Outcome { get => _outcome; set { Touch(); _outcome = value; } }
        public string? User { get { Load(); return _user; } set { Touch(); _user = value; } }
        /// <summary>The app name (app_name).</summary>
        public string? App { get { Load(); return _app; } set { Touch(); _app = value; } }
        public string? AppUri { get { Load(); return _appUri; } set { Touch(); _appUri = value; } }

        /// <summary>
        /// The transport the app_uri's scheme names (api/types/app.go GetMCPServerTransportType, from the URI audit.go
        /// makeAppMetadata writes); None without an app_uri or for a scheme no MCP transport has.
        /// </summary>
        internal McpTransport Transport => AppUri is { } uri ? McpTransportRules.FromUri(uri, false) : McpTransport.None;
        /// <summary>Teleport's session id (sid): one per stdio/SSE connection, one per tsh app session for HTTP (2:H12).</summary>
        public string? SessionId { get { Load(); return _sessionId; } set { Touch(); _sessionId = value; } }
        /// <summary>The MCP server's Mcp-Session-Id (session start of HTTP apps).</summary>
        public string? McpSessionId { get { Load(); return _mcpSessionId; } set { Touch(); _mcpSessionId = value; } }
        /// <summary>
        /// The host id of the App Service agent that served the session (an app_server's spec.host_id): the event's server_id,
        /// or else that of its session's start or end event read before it from the same file. Teleport writes server_id on
        /// the start and end events (lib/srv/mcp/audit.go makeServerMetadata); a request's agent is its session's.
        /// </summary>
        public string? ServerId { get { Load(); return _serverId ?? _sessionServerId; } set { Touch(); _serverId = value; } }

        // The agent of the event's session, from its start or end event (AuditEventReader), when the event names none itself.
        private string? _sessionServerId;

        /// <param name="shownServerId">Already passed through the output rule (the reader does it once per session).</param>
        internal void SetSessionServer(string? shownServerId) => _sessionServerId = shownServerId;
        /// <summary>The JSON-RPC method (message.method) of a request or notification.</summary>
        public string? Method { get { Load(); return _method; } set { Touch(); _method = value; } }
        /// <summary>The JSON-RPC id of a request.</summary>
        public string? RequestId { get { Load(); return _requestId; } set { Touch(); _requestId = value; } }
        /// <summary>The tool of a tools/call (message.params.name).</summary>
        public string? Tool { get { Load(); return _tool; } set { Touch(); _tool = value; } }
        /// <summary>The event's success field (false when the event has none and its code ends in E).</summary>
        public bool Success { get => _success; set { Touch(); _success = value; } }
        /// <summary>The event's error text, secrets redacted.</summary>
        public string? Error { get { Load(); return _error; } set { Touch(); _error = value; } }
        /// <summary>name/version of the MCP client (session start).</summary>
        [SingleLineText] public string? ClientInfo { get { Load(); return _clientInfo; } set { Touch(); _clientInfo = value; } }
        /// <summary>name/version of the MCP server (session start).</summary>
        [SingleLineText] public string? ServerInfo { get { Load(); return _serverInfo; } set { Touch(); _serverInfo = value; } }
        [SingleLineText] public string? ProtocolVersion { get { Load(); return _protocolVersion; } set { Touch(); _protocolVersion = value; } }
        /// <summary>
        /// How the App Service authenticated to the MCP server (session start, egress_auth_type; lib/srv/mcp/audit.go
        /// guessEgressAuthType): app-id-token, app-jwt, app-defined (a rewrite sets Authorization), user-defined (the
        /// client sent Authorization), unknown.
        /// </summary>
        [SingleLineText] public string? EgressAuthType { get { Load(); return _egressAuthType; } set { Touch(); _egressAuthType = value; } }
        /// <summary>How the client authenticated to Teleport (session start, ingress_auth_type), as the event holds it: its values are not read in Teleport's source.</summary>
        [SingleLineText] public string? IngressAuthType { get { Load(); return _ingressAuthType; } set { Touch(); _ingressAuthType = value; } }
        /// <summary>HTTP method and path of an invalid HTTP request (TMCP006E).</summary>
        public string? HttpMethod { get { Load(); return _httpMethod; } set { Touch(); _httpMethod = value; } }
        public string? HttpPath { get { Load(); return _httpPath; } set { Touch(); _httpPath = value; } }
        /// <summary>The roles of the user's certificate when the event was written (user_roles), when the event has them.</summary>
        public string[]? UserRoles { get { Load(); return _userRoles; } set { Touch(); _userRoles = value; } }
        /// <summary>
        /// The traits of the user's certificate when the event was written (user_traits), when the event has them: values of
        /// a secret's name masked (api_token), others redacted. The replay reads the real ones (<see cref="RealUserTraits"/>).
        /// </summary>
        public Dictionary<string, string[]>? UserTraits
        {
            get
            {
                Load();
                return _shownTraits ?? (_shownTraits = Shown(_userTraits));
            }
            set
            {
                Touch();
                _userTraits = value;
                _shownTraits = null;
            }
        }

        /// <summary>The traits as the event holds them, for the replay's decision; never output.</summary>
        internal Dictionary<string, string[]>? RealUserTraits { get { Load(); return _userTraits; } }
        public string? ClusterName { get { Load(); return _clusterName; } set { Touch(); _clusterName = value; } }
        /// <summary>
        /// The app_auth_config whose JWT check the event records (app_auth_config, AppAuthConfigVerify events only). Their
        /// user is the caller of CreateAppSessionWithJWT, which must be the Proxy Service (authz.ClientUserMetadata), not
        /// the user the token names: the event does not hold that one.
        /// </summary>
        public string? AppAuthConfig { get { Load(); return _appAuthConfig; } set { Touch(); _appAuthConfig = value; } }
        /// <summary>The event id (uid).</summary>
        public string? EventId { get { Load(); return _eventId; } set { Touch(); _eventId = value; } }
        /// <summary>The file the event was read from, or "pipeline".</summary>
        public string? Source { get => _source; set { Touch(); _source = value; } }
        /// <summary>1-based line of the event's first line in Source.</summary>
        public long Line { get => _line; set { Touch(); _line = value; } }

        /// <summary>
        /// For a Failed tools/call that is not the upstream's HTTP status: that Teleport's access check itself failed, or that
        /// the error cannot tell that from the connection to the MCP server failing; null otherwise (always for a deferred event, a success).
        /// </summary>
        public string? OutcomeReason { get => _outcomeReason; set { Touch(); _outcomeReason = value; } }

        /// <summary>True when the event records no decision of the roles: the access check failed, or may have (<see cref="OutcomeReason"/>).</summary>
        internal bool NoRbacDecision { get; set; }

        /// <summary>True when the error may also be the upstream's, which would mean the roles allowed the call.</summary>
        internal bool RbacDecisionUnknown { get; set; }

        /// <summary>True when the error is PR #66989's rejection of a call that names no tool (AuditEventReader.NamelessRejection).</summary>
        internal bool NamelessRejected { get; set; }

        public bool IsFailure => Outcome != AuditOutcome.Success;

        public override string ToString() =>
            Code + " " + Type + " " + User + "@" + App + (Method != null ? " " + Method : "") + (Tool != null ? " " + Tool : "") +
            (Error != null ? ": " + Error : "");
    }

    /// <summary>What one read of audit input held, for the one summary message (malformed lines are not reported one by one).</summary>
    public sealed class AuditReadSummary
    {
        public string? Source { get; set; }
        public long Lines { get; set; }
        /// <summary>MCP session events (mcp.session.*) read, before the filter.</summary>
        public long McpEvents { get; set; }
        /// <summary>app_auth_config verify events (TAAC004I/E) read, before the filter.</summary>
        public long AppAuthConfigVerifyEvents { get; set; }
        /// <summary>Events of either kind read (before the filter).</summary>
        public long Events => McpEvents + AppAuthConfigVerifyEvents;
        /// <summary>Events of either kind that passed the filter.</summary>
        public long Matched { get; set; }
        /// <summary>Well-formed events of other types (skipped).</summary>
        public long OtherEvents { get; set; }
        /// <summary>Lines or objects that are not valid JSON.</summary>
        public long Malformed { get; set; }
        public long FirstMalformedLine { get; set; }
        public string? FirstMalformedError { get; set; }

        /// <summary>1-based column of the first malformed line where the parser stopped; 0 when unknown (an event cut off).</summary>
        public int FirstMalformedColumn { get; set; }

        /// <summary>The first malformed line's text (its start, secrets masked), when known.</summary>
        public string? FirstMalformedLineText { get; set; }
        /// <summary>The line where an event starts that the input ends inside of (a log still being written), or 0.</summary>
        public long TruncatedAtLine { get; set; }
        /// <summary>Events set aside unread (piped files interleaved past a bound), the first one's line, and why.</summary>
        public long SetAside { get; set; }
        public long FirstSetAsideLine { get; set; }
        public string? SetAsideReason { get; set; }
    }
}
