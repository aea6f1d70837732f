using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Output;
using Xunit;
using static TeleportMcp.Tests.Audit.AuditEventReaderTests;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>
    /// The byte-level reading of one-line events (AuditLineScanner, deferred AuditEvents) must give what the full JSON
    /// parser gives: the same events, fields, counts and malformed lines, for every filter.
    /// </summary>
    public class AuditFastPathTests
    {
        // Lines the scanner must treat exactly as the parser does: escapes, odd values, duplicates, spacing, nesting, errors.
        public static readonly string[] TrickyLines =
        {
            Ev("TMCP001I", "\"user\":\"b\\u006fb\""),
            Ev("TMCP001I", "\"event\":\"mcp.session.st\\u0061rt\""),
            Ev("TMCP003I", "\"success\":\"true\""),
            Ev("TMCP003I", "\"success\":null"),
            Ev("TMCP003I", "\"success\":true,\"error\":\"\""),
            Ev("TMCP003I", "\"success\":true,\"error\":null"),
            Ev("TMCP003I", "\"error\":\"upstream said no\",\"success\":null"),
            Ev("TMCP003I", "\"code\":null"),
            Ev("TMCP003I", "\"code\":5"),
            Ev("TMCP003I", "\"time\":\"not a time\""),
            Ev("TMCP003I", "\"time\":12345"),
            Ev("TMCP003I", "\"user\":\"alice\",\"user\":\"carol\""),
            Ev("TMCP003I", "\"app_name\":\"files\",\"user\":\"carol\\t\""),
            Ev("TMCP003I", "\"user\":\"dave\u0085\""),
            Ev("TMCP003I", "\"n\":-0.5e+10,\"m\":[1,[2,[3,{}]],[]],\"o\":{\"a\":{\"b\":[true,false,null]}}"),
            "{ \"event\" : \"mcp.session.end\" , \"code\" : \"TMCP002I\" , \"user\" : \"bob\" , \"success\" : true }",
            "{\"event\":\"mcp.session.request\",\"code\":\"TMCP003I\",\"success\":true,\"message\":{\"method\":\"tools/call\",\"params\":{\"name\":\"read_file\"}}}",
            "{\"record\":{\"event\":\"mcp.session.start\",\"code\":\"TMCP001I\",\"user\":\"wrapped\"}}",
            "{\"event\":{\"type\":\"mcp.session.start\"},\"code\":\"TMCP001I\"}",
            "{\"event\":\"mcp.session.future_kind\",\"code\":\"TMCP009I\",\"success\":true}",
            "{\"event\":\"app.session.start\",\"note\":\"mcp.session.start\"}",
            // Not JSON: each must be counted malformed with the parser's message, never read as an event.
            Ev("TMCP001I", "\"user\":\"bob\",").Replace(",}", ",,}"),
            "{\"event\":\"mcp.session.start\",\"code\":\"TMCP001I\",}",
            "{\"event\":\"mcp.session.start\",\"code\":\"TMCP001I\" \"user\":\"x\"}",
            "{\"event\":\"mcp.session.start\",\"user\":\"a\\qb\"}",
            "{\"event\":\"mcp.session.start\",\"user\":\"a\\u12g4\"}",
            "{\"event\":\"mcp.session.start\",\"user\":\"a\u0001b\"}",
            "{\"event\":\"mcp.session.start\",\"n\":01}",
            "{\"event\":\"mcp.session.start\",\"n\":1.}",
            "{\"event\":\"mcp.session.start\",\"n\":-}",
            "{\"event\":\"mcp.session.start\",\"b\":tru}",
            "{\"event\":\"mcp.session.start\",\"m\":[1,2,]}",
            "{\"event\":\"mcp.session.start\",\"m\":{\"a\" 1}}",
            "{\"event\":\"mcp.session.start\",\"m\":[}",
            "{\"event\":\"mcp.session.start\"}}",
            "{\"event\":\"mcp.session.start\",\"m\":" + new string('[', 600) + new string(']', 600) + "}",
            "{\"event\":\"mcp.session.start\",\"m\":" + new string('[', 200) + new string(']', 200) + "}",
        };

        private static string Fields(AuditEvent e) => string.Join("|", new object[]
        {
            e.Line, e.Code, e.Type, e.Kind, e.Outcome, e.Success, e.Time?.ToString("o"), e.User, e.App, e.AppUri, e.SessionId, e.McpSessionId,
            e.Method, e.RequestId, e.Tool, e.Error, e.ClientInfo, e.ServerInfo, e.ProtocolVersion, e.HttpMethod, e.HttpPath, e.ClusterName, e.EventId,
            e.UserRoles == null ? "-" : string.Join(",", e.UserRoles),
            e.UserTraits == null ? "-" : string.Join(";", e.UserTraits.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + "=" + string.Join(",", k.Value))),
        });

        private static (List<string> Events, AuditReadSummary Summary) ReadVia(Encoding enc, string text, AuditEventFilter filter)
        {
            var events = new List<AuditEvent>();
            var reader = new AuditEventReader("x", filter, events.Add);
            LogFileReader.Scan(new MemoryStream(enc.GetPreamble().Concat(enc.GetBytes(text)).ToArray()), reader);
            // What leaves the module: the output rule applied (the deferred events apply it themselves).
            return (events.Select(e => Fields((AuditEvent)OutputSanitizer.Sanitize(e))).ToList(), reader.Summary);
        }

        public static IEnumerable<object[]> FilterCases() => new[]
        {
            new object[] { null, null, null, null, false },
            new object[] { "bob", null, null, null, false },
            new object[] { "c*", null, null, null, false },
            new object[] { null, "files", null, null, false },
            new object[] { null, null, "read_*", null, false },
            new object[] { null, null, null, "2025-05-23T11:11:11Z", false },
            new object[] { null, null, null, null, true },
        };

        [Theory]
        [MemberData(nameof(FilterCases))]
        public void EveryTrickyLineReadsAlikeFromBytesAndFromDecodedText(string user, string app, string tool, string since, bool failedOnly)
        {
            var filter = new AuditEventFilter
            {
                Users = user == null ? null : new[] { user },
                Apps = app == null ? null : new[] { app },
                Tools = tool == null ? null : new[] { tool },
                Since = since == null ? (DateTime?)null : DateTime.Parse(since, CultureInfo.InvariantCulture).ToUniversalTime(),
                FailedOnly = failedOnly,
            };
            foreach (var line in TrickyLines)
            {
                // Each line between two ordinary events, so the reader stays in one-event-per-line mode.
                var text = Ev("TMCP001I", "\"user\":\"carol\"") + "\n" + line + "\n" + Ev("TMCP003E", "\"error\":\"access denied\"") + "\n";
                var bytes = ReadVia(new UTF8Encoding(false), text, filter);
                var chars = ReadVia(new UnicodeEncoding(false, true), text, filter);
                Assert.True(chars.Events.SequenceEqual(bytes.Events), line + "\nchars: " + string.Join("\n", chars.Events) + "\nbytes: " + string.Join("\n", bytes.Events));
                Assert.True(chars.Summary.McpEvents == bytes.Summary.McpEvents, line);
                Assert.True(chars.Summary.AppAuthConfigVerifyEvents == bytes.Summary.AppAuthConfigVerifyEvents, line);
                Assert.True(chars.Summary.OtherEvents == bytes.Summary.OtherEvents, line);
                Assert.True(chars.Summary.Malformed == bytes.Summary.Malformed, line);
                Assert.True(chars.Summary.FirstMalformedError == bytes.Summary.FirstMalformedError, line);
            }
        }

        [Fact]
        public void TheScannerNeverAcceptsWhatTheParserRefuses()
        {
            // Random one-byte changes of valid events: whatever the scanner accepts, the strict parser accepts too,
            // with the same top-level strings.
            var r = new Random(13);
            var scanner = new AuditLineScanner();
            const string alphabet = "{}[]\":,\\ tfn0-1.eE+u\u0001x";
            var seeds = TrickyLines.Take(21).Concat(new[] { Ev("TMCP003I", "\"message\":{\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"a\":[1,2.5,-3e2]}}}") }).ToArray();
            int accepted = 0;
            for (int i = 0; i < 20000; i++)
            {
                var chars = seeds[r.Next(seeds.Length)].ToCharArray();
                int edits = r.Next(1, 3);
                for (int k = 0; k < edits; k++) chars[r.Next(chars.Length)] = alphabet[r.Next(alphabet.Length)];
                var text = new string(chars);
                var bytes = Encoding.UTF8.GetBytes(text);
                if (!scanner.Scan(bytes, 0, bytes.Length)) continue;
                accepted++;
                var node = JsonParser.TryParse(text, out var error) as TeleportMcp.Engine.Documents.DocMap;
                Assert.True(node != null, "the scanner accepted what the parser refuses: " + text + " (" + error?.Message + ")");
                Assert.Equal((node.Get("user") as TeleportMcp.Engine.Documents.DocScalar)?.AsString(), Plain(bytes, scanner.User));
                Assert.Equal((node.Get("code") as TeleportMcp.Engine.Documents.DocScalar)?.AsString(), Plain(bytes, scanner.Code));
            }
            Assert.True(accepted > 1000, accepted + " accepted");
        }

        private static string Plain(byte[] bytes, JsonValueSpan v) => v.Kind switch
        {
            JsonValueKind.PlainString => Encoding.UTF8.GetString(bytes, v.Start, v.Length),
            JsonValueKind.Absent or JsonValueKind.Null => null,
            _ => JsonParser.Parse(Encoding.UTF8.GetString(bytes, v.Start - (v.Kind == JsonValueKind.EscapedString ? 1 : 0), v.Length + (v.Kind == JsonValueKind.EscapedString ? 2 : 0))).AsString(),
        };

        [Fact]
        public void ADeferredEventPassesTheOutputRuleItselfUntilCodeChangesIt()
        {
            var line = Ev("TMCP001I", "\"client_info\":\"claude Authorization: Bearer abcdefghijklmnop\",\"user\":\"ev\\u001bil\"");
            var events = new List<AuditEvent>();
            var reader = new AuditEventReader("x", null, events.Add);
            LogFileReader.Scan(new MemoryStream(Encoding.UTF8.GetBytes(line.Replace("\\u001b", "")  + "\n" + line + "\n")), reader);
            Assert.Equal(2, events.Count);
            var e = events[0];
            Assert.True(((IOutputSafe)e).IsOutputSafe);
            Assert.Same(e, OutputSanitizer.Sanitize(e));
            Assert.DoesNotContain("abcdefghijklmnop", e.ClientInfo, StringComparison.Ordinal);
            Assert.Equal("evil", e.User);
            Assert.Contains("\\x1b", events[1].User, StringComparison.Ordinal);
            Assert.Equal(AuditEventKind.SessionStart, e.Kind);
            e.ClientInfo = "token=abcdefghijklmnopqrstuv";
            Assert.False(((IOutputSafe)e).IsOutputSafe);
            Assert.Equal("2025-05-23T11:11:11.0000000Z", e.Time.Value.ToString("o"));
        }

        [Fact]
        public void TheLiteralSearchFindsWhatAPlainSearchFinds()
        {
            var r = new Random(5);
            foreach (var literal in new[] { "mcp.session.", "\"code\":\"", "x", "ab", "\"success\":false" })
            {
                var search = new LiteralSearch(literal);
                for (int i = 0; i < 2000; i++)
                {
                    var sb = new StringBuilder();
                    int n = r.Next(0, 80);
                    for (int k = 0; k < n; k++) sb.Append(r.Next(6) == 0 ? literal.Substring(0, r.Next(1, literal.Length + 1)) : ((char)r.Next(32, 127)).ToString());
                    var text = sb.ToString();
                    int start = text.Length == 0 ? 0 : r.Next(0, text.Length);
                    int length = r.Next(0, text.Length - start + 1);
                    int expected = text.IndexOf(literal, start, length, StringComparison.Ordinal);
                    var bytes = Encoding.ASCII.GetBytes(text);
                    Assert.Equal(expected, search.IndexOf(bytes, start, length));
                    Assert.Equal(expected, search.PortableIndexOf(bytes, start, length));
                    Assert.Equal(expected, search.IndexOf(text.ToCharArray(), start, length));
                }
            }
            Assert.True(LiteralSearch.UsesRuntimeSpanSearch);
        }
    }
}
