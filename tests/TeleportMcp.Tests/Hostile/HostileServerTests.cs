using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using TeleportMcp.Engine.Diagnosis;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Probe;
using App = TeleportMcp.App;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// An MCP server is input: its serverInfo, capabilities, method names, ids, tools, JSON-RPC error messages, HTTP error
    /// bodies and stderr reach the probe's result, its messages and the diagnosis, and none of their control characters
    /// (ESC of an ANSI sequence, CR and LF of a fake line, a bidi override, a C1 CSI) reaches output raw. A server's own
    /// names are escaped with their line breaks (ControlCharacters.EscapeName): they never start a line of their own.
    /// Servers: tests/servers/fake-server.js hostile and hostileerror (stdio), and a scripted HTTP upstream here.
    /// </summary>
    public sealed class HostileServerTests
    {
        private const string Evil = "\u001b[31mevil\r\nfake line\u202e\u009b2J";
        private const string Escaped = @"\x1B[31mevil\x0D\x0Afake line\u202E\x9B2J";

        private static bool AnyControl(string s) => s.Any(c => c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069'));

        private static ProbeResult Stdio(string mode)
        {
            var app = new App
            {
                Name = "hostile", Uri = "mcp+stdio://", HasMcpSpec = true, Transport = McpTransport.Stdio,
                Command = "node", RunAsHostUser = HostPlatform.Current.CurrentUser.Name,
            };
            app.Args.Add(Path.Combine(HttpProbeTests.RepoRoot(), "tests", "servers", "fake-server.js"));
            app.Args.Add(mode);
            var report = StaticChecks.Run(app, new StaticCheckOptions());
            Assert.Null(report.Blocking);
            return StdioProbe.Run(report, new ProbeOptions { TimeoutSec = 120 }, CancellationToken.None);
        }

        /// <summary>Every text of the object once it passed the output boundary: properties, items, keys and ToString().</summary>
        private static List<string> Texts(object root)
        {
            var texts = new List<string>();
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            void Visit(object o, int depth)
            {
                if (o == null || depth > 8) return;
                if (o is string s) { texts.Add(s); return; }
                var t = o.GetType();
                if (t.IsValueType || !seen.Add(o)) return;
                if (o is IDictionary d)
                {
                    foreach (DictionaryEntry e in d) { Visit(e.Key, depth + 1); Visit(e.Value, depth + 1); }
                    return;
                }
                bool module = t.Namespace != null && t.Namespace.StartsWith("TeleportMcp", StringComparison.Ordinal);
                if (o is IEnumerable items && !module)
                {
                    foreach (var i in items) Visit(i, depth + 1);
                    return;
                }
                if (!module) return;
                texts.Add(o.ToString());
                foreach (var p in t.GetProperties(BindingFlags.Instance | BindingFlags.Public))
                    if (p.GetIndexParameters().Length == 0) Visit(p.GetValue(o), depth + 1);
            }
            Visit(root, 0);
            return texts;
        }

        private static void NoRawControl(object written)
        {
            OutputSanitizer.Sanitize(written);
            foreach (var text in Texts(written))
                Assert.False(HostileCorpus.HasRawControl(text), "a raw control character reaches output: " + text);
        }

        [Fact]
        public void A_stdio_servers_names_tools_and_stderr_are_escaped_on_one_line()
        {
            var o = Stdio("hostile");
            Assert.True(o.Stage == ProbeStage.Done, o.Message);
            var evilTool = o.Tools.Single(t => t.Name == Evil);
            var progress = new List<string>();
            // The messages built from the server's words hold them on one line already.
            Assert.Equal("listed 2 tool(s) from " + Escaped + " " + Escaped + " over protocol 2025-06-18", o.Message);
            Assert.Contains(o.Warnings, w => w == "notification(s) before the initialize response: notifications/" + Escaped + " (a spec violation that strict clients reject)");
            Assert.Contains(o.Warnings, w => w == "a response with an unexpected id " + Escaped);

            NoRawControl(o);
            // The server's own names: not a control character left, line breaks included.
            foreach (var one in new[] { o.ServerName, o.ServerVersion, evilTool.Name, evilTool.Title, evilTool.Description, evilTool.Annotations.Title })
                Assert.Equal(Escaped, one);
            Assert.Contains(Escaped, o.Tool);
            Assert.Contains(Escaped, o.Capabilities);
            Assert.Contains("notifications/" + Escaped, o.Notifications);
            Assert.Contains("notifications/" + Escaped, o.EarlyNotifications);
            Assert.Contains("sampling/" + Escaped, o.ServerRequests);
            foreach (var text in new[] { o.ServerName, o.ServerVersion, o.Message, o.ToString() }.Concat(o.Tool).Concat(o.Capabilities).Concat(o.Notifications).Concat(o.ServerRequests).Concat(o.Warnings))
                Assert.False(AnyControl(text), "a control character in " + text);
            // stderr is kept line by line (the CR LF split it); nothing raw either.
            Assert.Contains(o.StderrTail, l => l.StartsWith(@"\x1B[31mevil", StringComparison.Ordinal));
            // The role designer still reads the names as the server sent them (New-TeleportMcpRole).
            Assert.Equal(Evil, OutputSanitizer.Original(evilTool, nameof(ProbeTool.Name), evilTool.Name));
        }

        [Fact]
        public void A_stdio_servers_error_message_is_quoted_and_its_diagnosis_has_no_raw_control()
        {
            var o = Stdio("hostileerror");
            Assert.Equal(ProbeStage.ToolsList, o.Stage);
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.StartsWith("tools/list failed: JSON-RPC error -32000 \"\\x1b[31mevil\\r\\nfake line", o.Message, StringComparison.Ordinal);
            var d = Assert.Single(DiagnosisRules.FromProbe(o));
            NoRawControl(o);
            NoRawControl(d);
            Assert.False(AnyControl(o.Message), o.Message);
            Assert.False(AnyControl(d.Title), d.Title);
            Assert.All(d.Evidence, e => Assert.False(HostileCorpus.HasRawControl(e), e));
        }

        [Fact]
        public void A_tool_named_with_control_characters_stays_on_its_line_in_role_findings()
        {
            var decisions = new[]
            {
                new ToolAccess { User = "alice", App = "files", Tool = Evil, Decision = AccessDecision.NotGranted, Reason = "no allow entry matched" },
                new ToolAccess { User = "alice", App = "files", Tool = "read_file", Decision = AccessDecision.NotGranted, Reason = "another reason" },
            };
            var f = Assert.Single(DiagnosisRules.FromDecisions(decisions));
            Assert.Equal("alice is not granted 2 tools on files - " + Escaped + ", read_file", f.Title);
            // The log correlation still looks for the name as the server sent it.
            Assert.Contains(Evil, f.CorrelationTokens);
            OutputSanitizer.Sanitize(decisions[0]);
            Assert.Equal(Escaped, decisions[0].Tool);
            Assert.False(AnyControl(Engine.Rbac.AccessTrace.ForDecision(new ToolAccess { User = "alice", App = "files", Tool = Evil, Decision = AccessDecision.Allowed }).Text));
        }

        // A streamable HTTP upstream that says the same things, and one that refuses with them in its body.
        private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

        private static bool AnswerHostile(DirectHttpHandlerTests.ScriptedServer server, Stream s)
        {
            string body;
            lock (server.Heads) body = server.Heads.Last();
            string Ok(string json) => "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nMcp-Session-Id: s1\r\nContent-Length: " + System.Text.Encoding.UTF8.GetByteCount(json) + "\r\n\r\n" + json;
            if (body.Contains("\"method\":\"initialize\""))
                DirectHttpHandlerTests.Write(s, Ok("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}," + Json(Evil) + ":{}},\"serverInfo\":{\"name\":" + Json(Evil) + ",\"version\":" + Json(Evil) + "}}}"));
            else if (body.Contains("\"method\":\"tools/list\""))
                DirectHttpHandlerTests.Write(s, Ok("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"name\":" + Json(Evil) + ",\"description\":" + Json(Evil) + ",\"inputSchema\":{\"type\":\"object\"}}]}}"));
            else DirectHttpHandlerTests.Write(s, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
            return true;
        }

        [Fact]
        public void An_http_servers_names_and_tools_are_escaped_on_one_line()
        {
            DirectHttpHandlerTests.ScriptedServer server = null;
            using (server = new DirectHttpHandlerTests.ScriptedServer((i, head, s) => AnswerHostile(server, s)))
            {
                var o = HttpProbeTests.Probe(HttpProbeTests.ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp"));
                Assert.True(o.Stage == ProbeStage.Done, o.Message);
                Assert.Equal("listed 1 tool(s) from " + Escaped + " " + Escaped + " over protocol 2025-06-18", o.Message);
                NoRawControl(o);
                Assert.Equal(Escaped, o.ServerName);
                Assert.Equal(Escaped, o.Tools.Single().Name);
                Assert.Equal(Escaped, o.Tools.Single().Description);
                Assert.Contains(Escaped, o.Capabilities);
            }
        }

        [Theory]
        [InlineData("text/plain")]
        [InlineData("application/json")]
        public void An_http_refusals_body_is_quoted_on_one_line(string type)
        {
            string body = type == "text/plain" ? Evil : "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":" + Json(Evil) + "}}";
            using var server = new DirectHttpHandlerTests.ScriptedServer((i, head, s) =>
            {
                DirectHttpHandlerTests.Write(s, "HTTP/1.1 500 Internal Server Error\r\nContent-Type: " + type + "\r\nContent-Length: " + System.Text.Encoding.UTF8.GetByteCount(body) + "\r\n\r\n" + body);
                return true;
            });
            var o = HttpProbeTests.Probe(HttpProbeTests.ConfigApp("mcp+http://127.0.0.1:" + server.Port + "/mcp"));
            Assert.Equal(500, o.HttpStatus);
            var d = Assert.Single(DiagnosisRules.FromProbe(o));
            NoRawControl(o);
            NoRawControl(d);
            Assert.False(AnyControl(o.Message), o.Message);
            Assert.False(AnyControl(d.Title), d.Title);
        }
    }
}
