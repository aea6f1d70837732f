using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Probe;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>The hand-rolled handshake (mcp-clients.md 3.2-3.4) against a scripted peer.</summary>
    public class HandshakeTests
    {
        /// <summary>Answers each request from a script: method -> function of (id, params) returning the lines to send back.</summary>
        private sealed class ScriptedChannel : IProbeChannel
        {
            private readonly Queue<string> _pending = new Queue<string>();
            private readonly Func<DocMap, IEnumerable<string>> _respond;
            public List<string> Sent { get; } = new List<string>();

            public ScriptedChannel(Func<DocMap, IEnumerable<string>> respond, params string[] before)
            {
                _respond = respond;
                foreach (var b in before) _pending.Enqueue(b);
            }

            public void Send(string json, int timeoutMs, CancellationToken ct)
            {
                Sent.Add(json);
                foreach (var line in _respond((DocMap)JsonParser.Parse(json)) ?? Enumerable.Empty<string>()) _pending.Enqueue(line);
            }

            public ChannelEvent Receive(int timeoutMs, CancellationToken ct) =>
                _pending.Count == 0 ? ChannelEvent.Timeout : new ChannelEvent { Message = JsonParser.Parse(_pending.Dequeue()) };

            public void Dispose() { }
        }

        private static string Id(DocMap m) => ((DocScalar)m["id"]).Value;

        private static string InitResult(DocMap m, string version = null) =>
            "{\"jsonrpc\":\"2.0\",\"id\":" + Id(m) + ",\"result\":{\"protocolVersion\":\"" + (version ?? ((DocScalar)m["params"]["protocolVersion"]).Value)
            + "\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"s\",\"version\":\"1\"}}}";

        private static ProbeResult Run(Func<DocMap, IEnumerable<string>> respond)
        {
            using var ch = new ScriptedChannel(respond);
            return Run(ch);
        }

        private static ProbeResult Run(ScriptedChannel ch)
        {
            var o = new ProbeResult();
            try
            {
                // The scripted channel answers (or gives up) at once: the deadline is only a guard, far enough that a
                // loaded machine (the first run also compiles the handshake) never reaches it by itself.
                new McpHandshake(ch, o, Stopwatch.StartNew(), 60000, CancellationToken.None).Run();
            }
            catch (ProbeTimeoutException e)
            {
                o.TimedOut = true;
                o.Message = e.Message;
            }
            return o;
        }

        [Fact]
        public void Sends_initialize_then_initialized_then_tools_list_and_follows_cursors()
        {
            using var ch = new ScriptedChannel(m =>
            {
                var method = ((DocScalar)m["method"]).Value;
                if (method == "initialize") return new[] { InitResult(m) };
                if (method != "tools/list") return null;
                var cursor = (m["params"]["cursor"] as DocScalar)?.Value;
                return new[] { cursor == null
                    ? "{\"jsonrpc\":\"2.0\",\"id\":" + Id(m) + ",\"result\":{\"tools\":[{\"name\":\"a\",\"title\":\"A\"}],\"nextCursor\":\"\"}}"
                    : "{\"jsonrpc\":\"2.0\",\"id\":" + Id(m) + ",\"result\":{\"tools\":[{\"name\":\"b\",\"description\":\"B\"}]}}" };
            });
            var o = Run(ch);
            Assert.Equal(ProbeStage.Done, o.Stage);
            Assert.Equal(CheckStatus.Pass, o.Status);
            // An empty-string cursor is still a cursor (pagination.mdx).
            Assert.Equal(new[] { "a", "b" }, o.Tools.Select(t => t.Name));
            Assert.Equal("A", o.Tools[0].Title);
            Assert.Equal(2, o.ToolPages);
            Assert.Contains("\"method\":\"initialize\"", ch.Sent[0], StringComparison.Ordinal);
            Assert.Contains("\"protocolVersion\":\"2025-06-18\"", ch.Sent[0], StringComparison.Ordinal);
            Assert.Equal("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", ch.Sent[1]);
            Assert.Contains("\"cursor\":\"\"", ch.Sent[3], StringComparison.Ordinal);
        }

        [Theory]
        // tool JSON, readOnly, destructive, idempotent, openWorld (effective, 2:M1 defaults), declared readOnlyHint, title
        [InlineData("{\"name\":\"t\"}", false, true, false, true, null, null)]
        [InlineData("{\"name\":\"t\",\"annotations\":{}}", false, true, false, true, null, null)]
        [InlineData("{\"name\":\"t\",\"annotations\":{\"readOnlyHint\":true}}", true, false, true, true, true, null)]
        [InlineData("{\"name\":\"t\",\"annotations\":{\"readOnlyHint\":true,\"destructiveHint\":true}}", true, false, true, true, true, null)]
        [InlineData("{\"name\":\"t\",\"annotations\":{\"readOnlyHint\":false,\"destructiveHint\":false,\"idempotentHint\":true,\"openWorldHint\":false}}", false, false, true, false, false, null)]
        [InlineData("{\"name\":\"t\",\"annotations\":{\"readOnlyHint\":\"true\",\"destructiveHint\":0}}", false, true, false, true, null, null)]
        [InlineData("{\"name\":\"t\",\"annotations\":{\"title\":\"From annotations\"}}", false, true, false, true, null, "From annotations")]
        [InlineData("{\"name\":\"t\",\"title\":\"Top\",\"annotations\":{\"title\":\"From annotations\"}}", false, true, false, true, null, "Top")]
        public void Tool_annotations_are_kept_as_declared_and_missing_hints_take_the_MCP_default(string tool, bool readOnly, bool destructive, bool idempotent, bool openWorld, bool? declaredReadOnly, string title)
        {
            using var ch = new ScriptedChannel(m =>
            {
                var method = ((DocScalar)m["method"]).Value;
                if (method == "initialize") return new[] { InitResult(m) };
                if (method != "tools/list") return null;
                return new[] { "{\"jsonrpc\":\"2.0\",\"id\":" + Id(m) + ",\"result\":{\"tools\":[" + tool + "]}}" };
            });
            var t = Assert.Single(Run(ch).Tools);
            Assert.Equal(readOnly, t.ReadOnly);
            Assert.Equal(destructive, t.Destructive);
            Assert.Equal(idempotent, t.Idempotent);
            Assert.Equal(openWorld, t.OpenWorld);
            Assert.Equal(declaredReadOnly, t.Annotations?.ReadOnlyHint);
            Assert.Equal(title, t.Title);
        }

        [Theory]
        // lib/srv/mcp/session.go @6230ac84 makeToolsCallResponse decodes the server's tools/list result with Go's json.Unmarshal into
        // mcp-go's ListToolsResult (mark3labs/mcp-go mcp/tools.go @0301576e: ToolAnnotation's hints are *bool, its title a string);
        // a value of another JSON type fails the whole decode and the client gets -32603 "failed to unmarshal tools/list response".
        [InlineData("{\"name\":\"t\",\"annotations\":{\"readOnlyHint\":\"true\"}}", "t: annotations.readOnlyHint is a string")]
        [InlineData("{\"name\":\"t\",\"annotations\":{\"destructiveHint\":0}}", "t: annotations.destructiveHint is a number")]
        [InlineData("{\"name\":\"t\",\"annotations\":{\"title\":{\"en\":\"T\"}}}", "t: annotations.title is an object")]
        [InlineData("{\"name\":\"t\",\"annotations\":[]}", "t: annotations is an array")]
        // null decodes into a pointer or a string as its zero value; JSON booleans are what the hints are.
        [InlineData("{\"name\":\"t\",\"annotations\":{\"readOnlyHint\":null,\"openWorldHint\":false,\"title\":\"T\"}}", null)]
        [InlineData("{\"name\":\"t\",\"annotations\":null}", null)]
        // Tool's other typed fields: strings, the schemas' shape, an object _meta; a tools item that is no object.
        [InlineData("{\"name\":\"t\",\"description\":[\"a\",\"b\"]}", "t: description is an array")]
        [InlineData("{\"name\":\"t\",\"inputSchema\":{\"type\":[\"object\",\"null\"]}}", "t: inputSchema.type is an array")]
        [InlineData("{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\",\"required\":\"a\"}}", "t: inputSchema.required is a string")]
        [InlineData("{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\",\"required\":[\"a\",1]}}", "t: inputSchema.required[1] is a number")]
        [InlineData("{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\",\"properties\":[]}}", "t: inputSchema.properties is an array")]
        [InlineData("{\"name\":\"t\",\"outputSchema\":true}", "t: outputSchema is a boolean")]
        [InlineData("{\"name\":\"t\",\"_meta\":\"x\"}", "t: _meta is a string")]
        [InlineData("\"t\"", "tools[0]: the item is a string")]
        // What Go takes: nulls, unknown keys, schemas of any extra content.
        [InlineData("{\"name\":\"t\",\"description\":null,\"inputSchema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"],\"additionalProperties\":false},\"icons\":[1]}", null)]
        public void Annotations_Teleports_tools_list_filter_cannot_decode_are_a_warning(string tool, string expected)
        {
            using var ch = new ScriptedChannel(m =>
            {
                var method = ((DocScalar)m["method"]).Value;
                if (method == "initialize") return new[] { InitResult(m) };
                if (method != "tools/list") return null;
                return new[] { "{\"jsonrpc\":\"2.0\",\"id\":" + Id(m) + ",\"result\":{\"tools\":[" + tool + ",{\"name\":\"ok\"}]}}" };
            });
            var o = Run(ch);
            Assert.Equal(tool.StartsWith("{", StringComparison.Ordinal) ? 2 : 1, o.Tools.Count);
            var w = o.Warnings.Where(x => x.Contains("failed to unmarshal tools/list response", StringComparison.Ordinal)).ToList();
            if (expected == null)
            {
                Assert.Empty(w);
                Assert.Equal(CheckStatus.Pass, o.Status);
                return;
            }
            Assert.Equal(CheckStatus.Warn, o.Status);
            Assert.Contains(expected, Assert.Single(w), StringComparison.Ordinal);
            Assert.Contains("JSON-RPC -32603", w[0], StringComparison.Ordinal);
        }

        // ListToolsResult's nextCursor is mcp-go's Cursor, a string: a number fails the decode as a tool's field would.
        [Fact]
        public void A_cursor_that_is_no_string_is_the_same_warning()
        {
            using var ch = new ScriptedChannel(m =>
            {
                var method = ((DocScalar)m["method"]).Value;
                if (method == "initialize") return new[] { InitResult(m) };
                if (method != "tools/list") return null;
                bool first = ((DocMap)m["params"])?["cursor"] == null;
                return new[] { "{\"jsonrpc\":\"2.0\",\"id\":" + Id(m) + ",\"result\":{\"tools\":[{\"name\":\"" + (first ? "a" : "b") + "\"}]" + (first ? ",\"nextCursor\":2" : "") + "}}" };
            });
            var o = Run(ch);
            Assert.Equal(2, o.Tools.Count);
            Assert.Equal(CheckStatus.Warn, o.Status);
            Assert.Contains("the result's nextCursor is a number", Assert.Single(o.Warnings, x => x.Contains("failed to unmarshal tools/list response", StringComparison.Ordinal)), StringComparison.Ordinal);
        }

        [Fact]
        public void Notifications_before_the_response_are_recorded_and_pings_answered()
        {
            using var ch = new ScriptedChannel(m =>
            {
                var method = (m["method"] as DocScalar)?.Value;
                if (method == "initialize")
                    return new[] { "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}", "{\"jsonrpc\":\"2.0\",\"id\":\"p1\",\"method\":\"ping\"}", InitResult(m) };
                if (method == "tools/list")
                    return new[] { "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"sampling/createMessage\",\"params\":{}}", "{\"jsonrpc\":\"2.0\",\"id\":" + Id(m) + ",\"result\":{\"tools\":[]}}" };
                return null;
            });
            var o = Run(ch);
            Assert.Equal(ProbeStage.Done, o.Stage);
            Assert.Equal(new[] { "notifications/tools/list_changed" }, o.EarlyNotifications);
            Assert.Equal(new[] { "ping", "sampling/createMessage" }, o.ServerRequests);
            Assert.Contains("{\"jsonrpc\":\"2.0\",\"id\":\"p1\",\"result\":{}}", ch.Sent);
            Assert.Contains("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}", ch.Sent);
            Assert.Equal(CheckStatus.Warn, o.Status);
        }

        [Fact]
        public void Unsupported_version_error_is_retried_once_with_the_newest_supported()
        {
            using var ch = new ScriptedChannel(m =>
            {
                var method = (m["method"] as DocScalar)?.Value;
                if (method == "initialize" && ((DocScalar)m["params"]["protocolVersion"]).Value == "2025-06-18")
                    return new[] { "{\"jsonrpc\":\"2.0\",\"id\":" + Id(m) + ",\"error\":{\"code\":-32602,\"message\":\"Unsupported protocol version\",\"data\":{\"supported\":[\"2024-11-05\",\"2025-03-26\"]}}}" };
                if (method == "initialize") return new[] { InitResult(m) };
                if (method == "tools/list") return new[] { "{\"jsonrpc\":\"2.0\",\"id\":" + Id(m) + ",\"result\":{\"tools\":[]}}" };
                return null;
            });
            var o = Run(ch);
            Assert.Equal(ProbeStage.Done, o.Stage);
            Assert.Equal("2025-03-26", o.ProtocolVersion);
        }

        [Theory]
        [InlineData("1.0.0")]
        [InlineData("2026-99-99")]
        public void Unknown_answered_version_fails_at_initialize(string version)
        {
            var o = Run(m => new[] { InitResult(m, version) });
            Assert.Equal(ProbeStage.Initialize, o.Stage);
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.Contains("\"" + version + "\"", o.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Repeated_cursor_stops_paging()
        {
            var o = Run(m =>
                ((DocScalar)m["method"]).Value == "initialize" ? new[] { InitResult(m) }
                : ((DocScalar)m["method"]).Value == "tools/list" ? new[] { "{\"jsonrpc\":\"2.0\",\"id\":" + Id(m) + ",\"result\":{\"tools\":[{\"name\":\"x\"}],\"nextCursor\":\"c\"}}" }
                : null);
            Assert.Equal(ProbeStage.Done, o.Stage);
            Assert.Equal(2, o.ToolPages);
            Assert.Contains(o.Warnings, w => w.Contains("cursor \"c\" twice"));
        }

        [Fact]
        public void Silence_is_a_timeout_in_the_initialize_stage()
        {
            var o = Run(m => null);
            Assert.True(o.TimedOut);
            Assert.Equal(ProbeStage.Initialize, o.Stage);
        }

        [Fact]
        public void Tools_list_error_fails_in_the_tools_stage()
        {
            var o = Run(m =>
                ((DocScalar)m["method"]).Value == "initialize" ? new[] { InitResult(m) }
                : ((DocScalar)m["method"]).Value == "tools/list" ? new[] { "{\"jsonrpc\":\"2.0\",\"id\":" + Id(m) + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}" }
                : null);
            Assert.Equal(ProbeStage.ToolsList, o.Stage);
            Assert.Equal("tools/list failed: JSON-RPC error -32601 \"Method not found\"", o.Message);
        }

        /// <summary>A server that answers initialize only after a few waits of the handshake (each wait lasts the slice asked for).</summary>
        private sealed class SlowChannel : IProbeChannel
        {
            private readonly Queue<string> _pending = new Queue<string>();
            private int _waitsBeforeInitialize;

            public SlowChannel(int waitsBeforeInitialize) => _waitsBeforeInitialize = waitsBeforeInitialize;

            public void Send(string json, int timeoutMs, CancellationToken ct)
            {
                var m = (DocMap)JsonParser.Parse(json);
                var method = ((DocScalar)m["method"]).Value;
                if (method == "initialize") _pending.Enqueue(InitResult(m));
                else if (method == "tools/list")
                    _pending.Enqueue("{\"jsonrpc\":\"2.0\",\"id\":" + Id(m) + ",\"result\":{\"tools\":[{\"name\":\"a\"},{\"name\":\"b\"}]}}");
            }

            public ChannelEvent Receive(int timeoutMs, CancellationToken ct)
            {
                if (_waitsBeforeInitialize > 0 || _pending.Count == 0)
                {
                    _waitsBeforeInitialize--;
                    Thread.Sleep(timeoutMs);
                    return ChannelEvent.Timeout;
                }
                return new ChannelEvent { Message = JsonParser.Parse(_pending.Dequeue()) };
            }

            public void Dispose() { }
        }

        [Fact]
        public void Progress_names_each_stage_the_waits_and_the_tool_count()
        {
            var seen = new List<string>();
            var o = new ProbeResult();
            using var channel = new SlowChannel(2);
            new McpHandshake(channel, o, Stopwatch.StartNew(), 30000, CancellationToken.None, seen.Add).Run();
            Assert.Equal(ProbeStage.Done, o.Stage);
            Assert.Equal("initialize: sent, waiting for the server", seen[0]);
            // Each wait is one slice, reported with the time waited of the timeout.
            Assert.Equal(2, seen.Count(s => s.StartsWith("initialize: waiting for the answer, ", StringComparison.Ordinal) && s.EndsWith(" s of 30 s", StringComparison.Ordinal)));
            Assert.Contains("initialized: s 1 over protocol 2025-06-18; tools/list", seen);
            Assert.Contains("tools/list: 2 tool(s) after page 1", seen);
            Assert.Equal("listed 2 tool(s)", seen[seen.Count - 1]);
        }

        [Fact]
        public void Without_progress_a_wait_is_one_receive_until_the_deadline()
        {
            var timeouts = new List<int>();
            using var ch = new ScriptedChannel(m => null);
            var o = new ProbeResult();
            // The wait is what is left of the deadline: one far away, so that what was spent before the wait (compiling,
            // a loaded machine) never brings it down to a slice.
            Assert.Throws<ProbeTimeoutException>(() => new McpHandshake(new RecordingChannel(ch, timeouts), o, Stopwatch.StartNew(), 60000, CancellationToken.None).Run());
            Assert.Single(timeouts);
            Assert.True(timeouts[0] > McpHandshake.ProgressSliceMs);
            // With progress, a channel that gives up early (nothing more will come) still ends the wait at once.
            var seen = new List<string>();
            timeouts.Clear();
            Assert.Throws<ProbeTimeoutException>(() => new McpHandshake(new RecordingChannel(ch, timeouts), new ProbeResult(), Stopwatch.StartNew(), 30000, CancellationToken.None, seen.Add).Run());
            Assert.Single(timeouts);
            Assert.Equal(McpHandshake.ProgressSliceMs, timeouts[0]);
        }

        private sealed class RecordingChannel : IProbeChannel
        {
            private readonly IProbeChannel _inner;
            private readonly List<int> _timeouts;
            public RecordingChannel(IProbeChannel inner, List<int> timeouts) { _inner = inner; _timeouts = timeouts; }
            public void Send(string json, int timeoutMs, CancellationToken ct) => _inner.Send(json, timeoutMs, ct);
            public ChannelEvent Receive(int timeoutMs, CancellationToken ct) { _timeouts.Add(timeoutMs); return _inner.Receive(timeoutMs, ct); }
            public void Dispose() { }
        }
    }
}
