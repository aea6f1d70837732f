using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>What a transport hands the handshake: one JSON-RPC message, the end of the stream, or nothing before the deadline.</summary>
    internal sealed class ChannelEvent
    {
        public DocNode? Message;
        public bool Closed;
        public string? CloseReason;
        /// <summary>What to change, when the reason for the end says it.</summary>
        public string? CloseFix;
        public static readonly ChannelEvent Timeout = new ChannelEvent();
    }

    internal interface IProbeChannel : IDisposable
    {
        /// <summary>Sends one JSON-RPC message. Throws ProbeChannelException when the peer is gone.</summary>
        void Send(string json, int timeoutMs, CancellationToken ct);
        ChannelEvent Receive(int timeoutMs, CancellationToken ct);
    }

    internal sealed class ProbeChannelException : Exception
    {
        public ProbeChannelException(string? message, Exception? inner = null, string? fix = null) : base(message, inner)
        {
            Fix = fix;
        }

        /// <summary>What to change, when the failure itself says it.</summary>
        public string? Fix { get; }
    }

    internal sealed class ProbeTimeoutException : Exception
    {
        public ProbeTimeoutException(string message) : base(message) { }
    }

    /// <summary>
    /// initialize, notifications/initialized, tools/list with pagination (mcp-clients.md 3.2-3.4), written by hand so the
    /// probe controls the exact bytes and can name the stage that broke (see README, design notes).
    /// </summary>
    internal sealed class McpHandshake
    {
        public const string RequestedVersion = "2025-06-18";
        public static readonly string[] KnownVersions = { "2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25" };
        public const int MaxPages = 50;
        /// <summary>Entries kept per list of the outcome; a server that floods requests or notifications cannot grow it.</summary>
        public const int MaxListed = 100;
        /// <summary>How long one wait for the server lasts before the stage is reported again (the cmdlet throttles what it draws).</summary>
        public const int ProgressSliceMs = 250;

        private readonly IProbeChannel _channel;
        private readonly ProbeResult _o;
        private readonly Stopwatch _clock;
        private readonly long _deadlineMs;
        private readonly CancellationToken _ct;
        private readonly Action<string>? _progress;
        private int _nextId = 1;
        private bool _initialized;

        public McpHandshake(IProbeChannel channel, ProbeResult outcome, Stopwatch clock, long deadlineMs, CancellationToken ct, Action<string>? progress = null)
        {
            _channel = channel;
            _o = outcome;
            _clock = clock;
            _deadlineMs = deadlineMs;
            _ct = ct;
            _progress = progress;
        }

        /// <summary>Tells the caller (on its own thread) which stage the handshake is in.</summary>
        private void Report(string status) => _progress?.Invoke(status);

        private string Seconds(long ms) => (ms / 1000).ToString(CultureInfo.InvariantCulture) + " s of " + (_deadlineMs / 1000).ToString(CultureInfo.InvariantCulture) + " s";

        private int Remaining => (int)Math.Max(0, _deadlineMs - _clock.ElapsedMilliseconds);

        /// <summary>Runs the handshake; failures are recorded in the outcome, never thrown (except cancellation).</summary>
        public void Run()
        {
            _o.Stage = ProbeStage.Initialize;
            _o.RequestedProtocolVersion = RequestedVersion;
            Report("initialize: sent, waiting for the server");
            var result = Request("initialize", InitializeParams(RequestedVersion), out var error);
            if (error != null)
            {
                var supported = SupportedFrom(error);
                if (ErrorCode(error) == -32602 && supported != null)
                {
                    _o.Warnings.Add("the server refused protocol version " + RequestedVersion + " and listed " + ListText.Join(", ", supported) + "; retried with " + supported[0]);
                    _o.RequestedProtocolVersion = supported[0];
                    result = Request("initialize", InitializeParams(supported[0]), out error);
                }
                if (error != null)
                {
                    Fail("initialize failed: " + DescribeError(error));
                    return;
                }
            }
            _o.StartupMs = _clock.ElapsedMilliseconds;
            var version = (result!["protocolVersion"] as DocScalar)?.AsString(); // Request returns the result when there is no error
            _o.ProtocolVersion = version;
            var info = result["serverInfo"] as DocMap;
            _o.ServerName = (info?["name"] as DocScalar)?.AsString();
            _o.ServerVersion = (info?["version"] as DocScalar)?.AsString();
            var caps = result["capabilities"] as DocMap;
            if (caps != null) _o.Capabilities.AddRange(caps.Entries.Select(e => e.Key));
            if (version == null || Array.IndexOf(KnownVersions, version) < 0)
            {
                Fail("the server answered initialize with protocol version " + (version == null ? "(none)" : GoQuote(version)) + ", which no MCP client knows (sent " + _o.RequestedProtocolVersion + "; known: " + string.Join(", ", KnownVersions) + "); clients disconnect here");
                return;
            }
            if (info == null || caps == null) _o.Warnings.Add("the initialize result lacks " + (info == null ? "serverInfo" : "capabilities") + ", which the spec requires");
            if (_o.EarlyNotifications.Count > 0)
                _o.Warnings.Add("notification(s) before the initialize response: " + ListText.Join(", ", _o.EarlyNotifications.Select(n => OutputText.SafeName(n))) + " (a spec violation that strict clients reject)");

            Notify("notifications/initialized");
            _initialized = true;

            _o.Stage = ProbeStage.ToolsList;
            Report("initialized: " + ServerText() + " over protocol " + version + "; tools/list");
            if (caps == null || caps.Get("tools") == null)
                _o.Warnings.Add("the server does not declare the tools capability; tools/list was tried anyway");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var undecodableTools = new List<string>();
            string? cursor = null;
            while (true)
            {
                if (_o.ToolPages >= MaxPages)
                {
                    _o.Warnings.Add("stopped after " + MaxPages + " tools/list pages");
                    break;
                }
                var page = Request("tools/list", cursor == null ? "{}" : "{\"cursor\":" + JsonText.Quote(cursor) + "}", out error);
                if (error != null)
                {
                    Fail("tools/list failed" + (cursor != null ? " on page " + (_o.ToolPages + 1) : "") + ": " + DescribeError(error));
                    return;
                }
                _o.ToolPages++;
                if (page!["tools"] is DocList list) // Request returns the result when there is no error
                    for (int i = 0; i < list.Items.Count; i++)
                    {
                        var t = list.Items[i] as DocMap;
                        if (t != null) _o.Tools.Add(ToolFrom(t));
                        var undecodable = TeleportUndecodable(list.Items[i]);
                        if (undecodable != null)
                            Note(undecodableTools, (t == null ? "tools[" + i + "]" : OutputText.SafeName((t["name"] as DocScalar)?.AsString() ?? "(no name)")) + ": " + undecodable);
                    }
                else _o.Warnings.Add("a tools/list result without a tools array");
                var undecodableCursor = StringField(page, "nextCursor", "");
                if (undecodableCursor != null) Note(undecodableTools, "the result's " + undecodableCursor);
                Report("tools/list: " + _o.Tools.Count + " tool(s) after page " + _o.ToolPages);
                var next = page["nextCursor"] as DocScalar;
                if (next == null || next.IsNull) break;
                cursor = next.Value;
                if (!seen.Add(cursor))
                {
                    _o.Warnings.Add("tools/list returned the cursor " + GoQuote(cursor) + " twice; stopped paging");
                    break;
                }
            }
            if (undecodableTools.Count > 0)
                _o.Warnings.Add("through Teleport this tools/list fails on App Service releases that decode it into mcp-go's types before they filter the tools " +
                    "(lib/srv/mcp/session.go makeToolsCallResponse): " + ListText.Join("; ", undecodableTools) + " (mcp-go's Tool: name and description strings, " +
                    "inputSchema and outputSchema objects with a string type, object properties and $defs and a list of strings required, an object _meta, " +
                    "annotations with boolean hints and a string title); the client gets JSON-RPC -32603 \"failed to unmarshal tools/list response\" and no tools");
            _o.Stage = ProbeStage.Done;
            Report("listed " + _o.Tools.Count + " tool(s)");
            _o.Status = _o.Warnings.Count > 0 || _o.NonJsonLines > 0 ? CheckStatus.Warn : CheckStatus.Pass;
            _o.Message = "listed " + _o.Tools.Count + " tool(s) from " + ServerText() + " over protocol " + version;
        }

        // The server's name and version as it sent them are its own text: in a message they stay on their line.
        private string ServerText() =>
            (_o.ServerName == null ? "the server" : OutputText.SafeName(_o.ServerName)) + (_o.ServerVersion != null ? " " + OutputText.SafeName(_o.ServerVersion) : "");

        private static ProbeTool ToolFrom(DocMap t)
        {
            var annotations = t["annotations"] as DocMap;
            var declared = annotations == null ? null : new ToolAnnotations
            {
                Title = (annotations["title"] as DocScalar)?.AsString(),
                ReadOnlyHint = Hint(annotations, "readOnlyHint"),
                DestructiveHint = Hint(annotations, "destructiveHint"),
                IdempotentHint = Hint(annotations, "idempotentHint"),
                OpenWorldHint = Hint(annotations, "openWorldHint"),
            };
            return new ProbeTool
            {
                Name = (t["name"] as DocScalar)?.AsString(),
                // 2:M2 display name precedence: title, then annotations.title, then name.
                Title = (t["title"] as DocScalar)?.AsString() ?? declared?.Title,
                Description = (t["description"] as DocScalar)?.AsString(),
                Annotations = declared,
            };
        }

        /// <summary>
        /// What of a tools/list item Go's json.Unmarshal refuses when Teleport decodes the result, or null. Go decodes null
        /// into any field as its zero value, and a field it does not know not at all.
        /// </summary>
        // lib/srv/mcp/session.go @6230ac84 makeToolsCallResponse: json.Unmarshal(resp.Result, &mcp.ListToolsResult), error ->
        // mcp.NewJSONRPCError(INTERNAL_ERROR, "failed to unmarshal tools/list response"); mark3labs/mcp-go mcp/tools.go @0301576e
        // Tool (no UnmarshalJSON of its own): _meta *Meta, Name and Description string, InputSchema and OutputSchema
        // ToolArgumentsSchema ($defs and properties map[string]any, type string, required []string), Annotations ToolAnnotation
        // (title string, the four hints *bool).
        internal static string? TeleportUndecodable(DocNode item)
        {
            if (item is DocScalar n && n.IsNull) return null;
            if (!(item is DocMap tool)) return "the item is " + JsonKind(item);
            return StringField(tool, "name", "") ?? StringField(tool, "description", "") ?? Schema(tool, "inputSchema") ?? Schema(tool, "outputSchema")
                   ?? ObjectField(tool, "_meta", "") ?? Annotations(tool);
        }

        private static string? Schema(DocMap tool, string key)
        {
            var v = tool[key];
            if (v == null || IsNull(v)) return null;
            if (!(v is DocMap schema)) return key + " is " + JsonKind(v);
            string at = key + ".";
            if (StringField(schema, "type", at) is string type) return type;
            if (ObjectField(schema, "properties", at) is string properties) return properties;
            if (ObjectField(schema, "$defs", at) is string defs) return defs;
            var required = schema["required"];
            if (required == null || IsNull(required)) return null;
            if (!(required is DocList items)) return at + "required is " + JsonKind(required);
            for (int i = 0; i < items.Items.Count; i++)
                if (!IsNull(items.Items[i]) && JsonKind(items.Items[i]) != "a string") return at + "required[" + i + "] is " + JsonKind(items.Items[i]);
            return null;
        }

        private static string? Annotations(DocMap tool)
        {
            var a = tool["annotations"];
            if (a == null || IsNull(a)) return null;
            if (!(a is DocMap annotations)) return "annotations is " + JsonKind(a);
            foreach (var key in new[] { "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint" })
            {
                var v = annotations[key];
                if (v != null && !IsNull(v) && JsonKind(v) != "a boolean") return "annotations." + key + " is " + JsonKind(v);
            }
            return StringField(annotations, "title", "annotations.");
        }

        private static string? StringField(DocMap map, string key, string at)
        {
            var v = map[key];
            return v == null || IsNull(v) || JsonKind(v) == "a string" ? null : at + key + " is " + JsonKind(v);
        }

        private static string? ObjectField(DocMap map, string key, string at)
        {
            var v = map[key];
            return v == null || IsNull(v) || v is DocMap ? null : at + key + " is " + JsonKind(v);
        }

        private static bool IsNull(DocNode node) => node is DocScalar s && s.IsNull;

        private static string JsonKind(DocNode node)
        {
            switch (node)
            {
                case DocMap _: return "an object";
                case DocList _: return "an array";
                case DocScalar s when s.IsNull: return "null";
                case DocScalar s when s.IsQuoted: return "a string";
                case DocScalar s when s.Value == "true" || s.Value == "false": return "a boolean";
                default: return "a number";
            }
        }

        // A hint is a JSON boolean; anything else (a string "true", a number) is not a declared hint, so the MCP default applies.
        private static bool? Hint(DocMap annotations, string key)
        {
            var s = annotations[key] as DocScalar;
            if (s == null || s.IsNull || s.IsQuoted) return null;
            switch (s.Value)
            {
                case "true": return true;
                case "false": return false;
                default: return null;
            }
        }

        private void Fail(string message)
        {
            _o.Status = CheckStatus.Fail;
            _o.Message = message;
        }

        /// <summary>The initialize request's params: the probe names itself teleport-mcp-probe.</summary>
        internal static string InitializeParams(string version) =>
            "{\"protocolVersion\":" + JsonText.Quote(version) + ",\"capabilities\":{},\"clientInfo\":{\"name\":\"teleport-mcp-probe\",\"version\":\"1.0.0\"}}";

        private void Notify(string method) =>
            _channel.Send("{\"jsonrpc\":\"2.0\",\"method\":" + JsonText.Quote(method) + "}", Remaining, _ct);

        private DocMap? Request(string method, string paramsJson, out DocMap? error)
        {
            int id = _nextId++;
            string idText = id.ToString(CultureInfo.InvariantCulture);
            _channel.Send("{\"jsonrpc\":\"2.0\",\"id\":" + idText + ",\"method\":" + JsonText.Quote(method) + ",\"params\":" + paramsJson + "}", Remaining, _ct);
            while (true)
            {
                _ct.ThrowIfCancellationRequested();
                if (Remaining <= 0) throw new ProbeTimeoutException("no " + method + " response within the timeout");
                // The wait is cut in slices so the caller hears how long it has waited (and the deadline still holds).
                long waitStart = _clock.ElapsedMilliseconds;
                int slice = _progress == null ? Remaining : Math.Min(Remaining, ProgressSliceMs);
                var ev = _channel.Receive(slice, _ct);
                if (ev == ChannelEvent.Timeout)
                {
                    // A channel that gives up before the slice is over has nothing more to give: the old answer, at once.
                    bool sliceOver = _clock.ElapsedMilliseconds - waitStart >= slice / 2;
                    if (Remaining <= 0 || _progress == null || !sliceOver) throw new ProbeTimeoutException("no " + method + " response within the timeout");
                    Report(method + ": waiting for the answer, " + Seconds(_clock.ElapsedMilliseconds) + (method == "tools/list" && _o.Tools.Count > 0 ? ", " + _o.Tools.Count + " tool(s) so far" : ""));
                    continue;
                }
                if (ev.Closed) throw new ProbeChannelException(ev.CloseReason ?? "the server closed the connection", fix: ev.CloseFix);
                var messages = ev.Message is DocList batch ? batch.Items : new List<DocNode> { ev.Message! }; // an event that is neither a timeout nor the end carries a message
                if (ev.Message is DocList) Note(_o.Warnings, "the server sent a JSON-RPC batch (an array), which only protocol 2025-03-26 allowed");
                DocMap? answer = null;
                foreach (var m in messages.OfType<DocMap>())
                {
                    var methodName = (m["method"] as DocScalar)?.AsString();
                    var mid = m["id"] as DocScalar;
                    if (methodName != null && mid != null && !mid.IsNull)
                    {
                        Note(_o.ServerRequests, methodName);
                        var reply = methodName == "ping"
                            ? "{\"jsonrpc\":\"2.0\",\"id\":" + RawId(mid) + ",\"result\":{}}"
                            : "{\"jsonrpc\":\"2.0\",\"id\":" + RawId(mid) + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}";
                        _channel.Send(reply, Remaining, _ct);
                    }
                    else if (methodName != null)
                    {
                        Note(_o.Notifications, methodName);
                        if (!_initialized && _o.StartupMs < 0) Note(_o.EarlyNotifications, methodName);
                    }
                    else if (mid != null && mid.Value == idText)
                    {
                        answer = m;
                    }
                    else Note(_o.Warnings, "a response with an unexpected id " + (mid == null ? "(none)" : OutputText.SafeName(mid.Value)));
                }
                if (answer == null) continue;
                error = answer["error"] as DocMap;
                var result = answer["result"] as DocMap;
                if (error == null && result == null)
                {
                    error = null;
                    throw new ProbeChannelException("the " + method + " response has neither result nor error");
                }
                return result;
            }
        }

        private static void Note(List<string> list, string value)
        {
            if (list.Count < MaxListed) list.Add(value);
            else if (list.Count == MaxListed) list.Add("(more not listed)");
        }

        private static string? RawId(DocScalar id) => id.IsQuoted && id.Value != null ? JsonText.Quote(id.Value) : id.Value;

        private static long ErrorCode(DocMap error) => (error["code"] as DocScalar)?.AsInt64() ?? 0;

        private static List<string>? SupportedFrom(DocMap error)
        {
            if (!((error["data"] as DocMap)?["supported"] is DocList l)) return null;
            var versions = l.Items.OfType<DocScalar>().Select(s => s.Value).OfType<string>().Where(v => Array.IndexOf(KnownVersions, v) >= 0)
                .OrderByDescending(v => v, StringComparer.Ordinal).ToList();
            return versions.Count == 0 ? null : versions;
        }

        private static string DescribeError(DocMap error)
        {
            var sb = new StringBuilder();
            sb.Append("JSON-RPC error ").Append(ErrorCode(error).ToString(CultureInfo.InvariantCulture));
            var msg = (error["message"] as DocScalar)?.AsString();
            if (msg != null) sb.Append(' ').Append(GoQuote(msg));
            return sb.ToString();
        }

        internal static string GoQuote(string s) => Common.GoText.Quote(s);
    }
}
