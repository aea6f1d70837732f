using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>
    /// The layouts that Teleport's tools and an admin's hands give audit events, and broken input among good events:
    /// each break is reported at its line and column, and the events before and after it are read.
    /// </summary>
    public class AuditInputShapesTests
    {
        private static readonly string Bob = "{\"code\":\"TMCP003E\",\"event\":\"mcp.session.request\",\"time\":\"2025-09-30T10:02:03.456Z\",\"user\":\"bob\",\"user_roles\":[\"mcp-user\"]," +
                                             "\"success\":false,\"error\":\"access denied\",\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"id\":\"int64:3\",\"params\":{\"name\":\"printEnv\",\"arguments\":{}}}}";
        private static readonly string Carol = Bob.Replace("\"bob\"", "\"carol\"");
        private static readonly string Dave = Bob.Replace("\"bob\"", "\"dave\"");

        private static (List<AuditEvent> Events, AuditReadSummary Summary) Read(string text)
        {
            var events = new List<AuditEvent>();
            var reader = new AuditEventReader("audit.json", new AuditEventFilter(), events.Add);
            LogFileReader.Scan(new MemoryStream(Encoding.UTF8.GetBytes(text)), reader);
            return (events, reader.Summary);
        }

        /// <summary>
        /// Go's json.MarshalIndent(v, prefix, indent) layout of compact JSON, which JSON.stringify(v, null, n) shares with an
        /// empty prefix: one member a line, "name": value, the prefix before every line but the first, {} and [] when empty.
        /// </summary>
        internal static string Indent(string compact, string prefix, string indent)
        {
            var sb = new StringBuilder();
            int depth = 0;
            bool inString = false, escape = false;
            for (int i = 0; i < compact.Length; i++)
            {
                char c = compact[i];
                if (inString)
                {
                    sb.Append(c);
                    if (escape) escape = false;
                    else if (c == '\\') escape = true;
                    else if (c == '"') inString = false;
                    continue;
                }
                switch (c)
                {
                    case '"':
                        inString = true;
                        sb.Append(c);
                        break;
                    case '{':
                    case '[':
                        sb.Append(c);
                        if (compact[i + 1] == (c == '{' ? '}' : ']')) { sb.Append(compact[++i]); break; }
                        depth++;
                        NewLine(sb, prefix, indent, depth);
                        break;
                    case '}':
                    case ']':
                        depth--;
                        NewLine(sb, prefix, indent, depth);
                        sb.Append(c);
                        break;
                    case ',':
                        sb.Append(c);
                        NewLine(sb, prefix, indent, depth);
                        break;
                    case ':':
                        sb.Append(": ");
                        break;
                    default:
                        sb.Append(c);
                        break;
                }
            }
            return sb.ToString();
        }

        private static void NewLine(StringBuilder sb, string prefix, string indent, int depth)
        {
            sb.Append('\n').Append(prefix);
            for (int k = 0; k < depth; k++) sb.Append(indent);
        }

        // tool/tsh/common/play.go @03899fc5 jsonSessionExporter: "[", each event as "    " + MarshalIndent(evt, "    ", "    "), ",\n" between, "]".
        private static string TshPlay(params string[] events) => "[\n" + string.Join(",\n", events.Select(e => "    " + Indent(e, "    ", "    "))) + "\n]\n";

        public static IEnumerable<object[]> Layouts() => new[]
        {
            // lib/events/filelog.go: one FastMarshal'd object a line (2:A11); the event handler writes the same.
            new object[] { "file audit log", Bob + "\n" + Carol + "\n" },
            // web/packages/teleport/src/Audit/EventDialog/EventDialog.tsx: JSON.stringify(event.raw, null, 2), copied one after another.
            new object[] { "Web UI event dialog", Indent(Bob, "", "  ") + "\n" + Indent(Carol, "", "  ") + "\n" },
            new object[] { "tsh play --format json", TshPlay(Bob, Carol) },
            // tool/tctl/common/sessions_command.go (index id 9900182833) serializeSessions: utils.FastMarshalIndent(events, "", "  "), an array.
            new object[] { "tctl sessions ls --format json", Indent("[" + Bob + "," + Carol + "]", "", "  ") + "\n" },
            // By hand: members after the opening brace, a nested object on a line of its own, indented deeper than its event.
            new object[] { "hand-formatted", "{ \"code\": \"TMCP003E\", \"event\": \"mcp.session.request\", \"user\": \"bob\",\n  \"success\": false, \"error\": \"access denied\",\n  \"message\":\n  { \"method\": \"tools/call\",\n    \"params\": { \"name\": \"printEnv\" } }\n}\n" + Carol + "\n" },
            // By hand, nothing indented: a nested object opens at the event's own column where its value must come.
            new object[] { "hand-formatted, unindented", "{\n\"code\": \"TMCP003E\",\n\"event\": \"mcp.session.request\",\n\"user\": \"bob\",\n\"success\": false,\n\"error\": \"access denied\",\n\"message\":\n{\n\"method\": \"tools/call\",\n\"params\":\n{\n\"name\": \"printEnv\"\n}\n}\n}\n" + Carol + "\n" },
            // Unindented, a nested value at the event's column followed by more members, and objects in an array at that
            // column: the event goes on after each (',' then a name or another value), so they are its values.
            new object[] { "hand-formatted, unindented, members after a nested value", "{\n\"code\": \"TMCP003E\",\n\"event\": \"mcp.session.request\",\n\"user\": \"bob\",\n\"message\":\n{\n\"method\": \"tools/call\",\n\"params\": {\"name\": \"printEnv\"}\n},\n\"list\": [\n{\n\"a\": 1\n},\n{\n\"b\": 2\n}\n],\n\"success\": false,\n\"error\": \"access denied\"\n}\n" + Pretty(Carol) + "\n" },
            new object[] { "hand-formatted, nested object at its event's column + 1", "{\"code\": \"TMCP003E\", \"event\": \"mcp.session.request\", \"user\": \"bob\", \"error\": \"access denied\", \"message\":\n {\"method\": \"tools/call\", \"params\":\n {\"name\": \"printEnv\"}}}\n" + Carol + "\n" },
        };

        [Theory]
        [MemberData(nameof(Layouts))]
        public void ReadsEveryLayoutThatEventsComeIn(string layout, string text)
        {
            var (events, summary) = Read(text);
            Assert.True(summary.Malformed == 0, layout + ": " + summary.FirstMalformedError);
            Assert.Equal(new[] { "bob", "carol" }, events.Select(e => e.User).ToArray());
            Assert.Equal("printEnv", events[0].Tool);
            Assert.Equal(AuditOutcome.Denied, events[0].Outcome);
        }

        private static string Pretty(string e) => Indent(e, "", "  ");

        private static string CutAfterMessage(string text) => text.Substring(0, text.IndexOf("\"message\":", StringComparison.Ordinal) + 10);

        private static string WithoutLastLine(string text) => text.Substring(0, text.LastIndexOf('\n'));

        // text, users read, first malformed line, its column (0: not a place in the line), a piece of its error
        public static IEnumerable<object[]> Broken() => new[]
        {
            // A member's comma left out (line 6, after "user": "bob"): reported at the next member's quote; the rest of bob is skipped up to its closing brace.
            new object[] { Pretty(Bob).Replace("\"bob\",", "\"bob\"") + "\n" + Pretty(Carol) + "\n", new[] { "carol" }, 6, 3, "unexpected '\"', ',' or '}' was expected" },
            // A raw line break inside a string (the JSON must write \n): reported where the line ends.
            new object[] { Pretty(Bob).Replace("access denied", "access\ndenied") + "\n" + Pretty(Carol) + "\n", new[] { "carol" }, 10, 19, "the line ends inside a string" },
            // tsh play's array with its first element's closing brace lost: the next element starts at its column, so it was cut off.
            new object[] { "[\n" + WithoutLastLine("    " + Indent(Bob, "    ", "    ")) + "\n    " + Indent(Carol, "    ", "    ") + ",\n    " + Indent(Dave, "    ", "    ") + "\n]\n",
                           new[] { "carol", "dave" }, 2, 0, "the event is cut off" },
            // A one-line event cut after its "code": (filelog.go writes each at the line's start): the next line is read.
            new object[] { "{\"event\":\"mcp.session.request\",\"code\":\n" + Carol + "\n", new[] { "carol" }, 1, 0, "the event is cut off" },
            // One event a line, the first cut inside a string, the next at the line's start: the line that ends inside a string
            // is reported where it ends (the exact message, not only "cut off"), and the next event is read.
            new object[] { Bob.Substring(0, Bob.IndexOf("access denied", StringComparison.Ordinal) + 6) + "\n" + Carol + "\n", new[] { "carol" }, 1, Bob.IndexOf("access denied", StringComparison.Ordinal) + 7, "the line ends inside a string" },
            // Cut where a value must come, the next event (one a line) at the line's start: still the next event, not a nested value.
            new object[] { "{\"event\":\"mcp.session.request\",\"message\":\n" + Carol + ",\n" + Dave + "\n", new[] { "carol", "dave" }, 1, 0, "the event is cut off" },
            // An event cut right after "message": and the next one spread over lines, its '{' at the cut one's column where a
            // value must come: read as the value until it closes, then the cut event cannot go on (the next line starts an
            // object, ']' comes, or the input ends), so it was cut before that object, which is the next event.
            new object[] { CutAfterMessage(Pretty(Bob)) + "\n" + Pretty(Carol) + "\n" + Pretty(Dave) + "\n", new[] { "carol", "dave" }, 1, 0, "the event is cut off" },
            new object[] { CutAfterMessage(Pretty(Bob)) + "\n" + Pretty(Carol) + "\n", new[] { "carol" }, 1, 0, "the event is cut off" },
            new object[] { "[\n    " + CutAfterMessage(Indent(Bob, "    ", "    ")) + "\n    " + Indent(Carol, "    ", "    ") + ",\n    " + Indent(Dave, "    ", "    ") + "\n]\n", new[] { "carol", "dave" }, 2, 0, "the event is cut off" },
            new object[] { "[\n    " + CutAfterMessage(Indent(Bob, "    ", "    ")) + "\n    " + Indent(Carol, "    ", "    ") + "\n]\n", new[] { "carol" }, 2, 0, "the event is cut off" },
            new object[] { "{\"event\":\"mcp.session.request\",\"message\":\n" + Pretty(Carol) + "\n" + Dave + "\n", new[] { "carol", "dave" }, 1, 0, "the event is cut off" },
            new object[] { CutAfterMessage(Indent(Bob, "", "")) + "\n" + Indent(Carol, "", "") + "\n" + Indent(Dave, "", "") + "\n", new[] { "carol", "dave" }, 1, 0, "the event is cut off" },
            // A member where a value belongs, deep inside a pretty event: reported where it stands.
            new object[] { Pretty(Bob).Replace("\"name\": \"printEnv\"", "\"name\": }") + "\n" + Pretty(Carol) + "\n", new[] { "carol" }, 16, 15, "unexpected '}', a value was expected" },
            // Nesting 100,000 deep on one line of a pretty event: refused at JsonMaxDepth (no stack is used), the next event read.
            new object[] { "{\n  \"event\": \"mcp.session.request\",\n  \"x\": " + new string('[', 100_000) + "\n}\n" + Pretty(Carol) + "\n", new[] { "carol" }, 3, 520, "limit JsonMaxDepth = 512" },
        };

        [Theory]
        [MemberData(nameof(Broken))]
        public void ABrokenEventIsReportedWhereItBreaksAndTheEventsAroundItAreRead(string text, string[] users, int line, int column, string error)
        {
            var (events, summary) = Read(text);
            Assert.Equal(users, events.Select(e => e.User).ToArray());
            Assert.Equal(1, summary.Malformed);
            Assert.Contains(error, summary.FirstMalformedError, StringComparison.Ordinal);
            Assert.Equal((long)line, summary.FirstMalformedLine);
            Assert.Equal(column, summary.FirstMalformedColumn);
            Assert.Equal(0, summary.TruncatedAtLine);
        }

        [Fact]
        public void AfterAValueAtTheEventsColumnACharacterTheEventCannotTakeEndsItOnlyWhenTheValueIsAnEvent()
        {
            // Cut after "message":, the next pretty event, then a stray line: the cut is reported, the next event read, and
            // the stray character reported where it stands between events.
            var (events, summary) = Read(CutAfterMessage(Pretty(Bob)) + "\n" + Pretty(Carol) + "\nx\n" + Pretty(Dave) + "\n");
            Assert.Equal(new[] { "carol", "dave" }, events.Select(e => e.User).ToArray());
            Assert.Equal(2, summary.Malformed);
            Assert.Equal(1, summary.FirstMalformedLine);
            Assert.Contains("the event is cut off", summary.FirstMalformedError, StringComparison.Ordinal);

            // Unindented by hand, a comma left out after a nested value: the value is no event, so the break is reported
            // where it stands (line 8, column 1), as before, and the next event is read.
            (events, summary) = Read("{\n\"event\": \"mcp.session.request\",\n\"user\": \"bob\",\n\"message\":\n{\n\"method\": \"tools/call\"\n}\n\"error\": \"access denied\"\n}\n" + Carol + "\n");
            Assert.Equal(new[] { "carol" }, events.Select(e => e.User).ToArray());
            Assert.Equal(1, summary.Malformed);
            Assert.Equal(8, summary.FirstMalformedLine);
            Assert.Equal(1, summary.FirstMalformedColumn);
            Assert.Contains("',' or '}' was expected", summary.FirstMalformedError, StringComparison.Ordinal);
        }

        [Fact]
        public void AnEventTheInputEndsInsideIsTruncatedNotMalformed()
        {
            // A live events.log or a copy cut short: the last event's line ends inside a string.
            var text = Pretty(Bob) + "\n" + Pretty(Carol).Substring(0, 80);
            var (events, summary) = Read(text);
            Assert.Equal(new[] { "bob" }, events.Select(e => e.User).ToArray());
            Assert.Equal(0, summary.Malformed);
            Assert.Equal(Pretty(Bob).Count(c => c == '\n') + 2, summary.TruncatedAtLine);
        }

        [Fact]
        public void AnEventNeverClosedStopsAtAuditEventMaxCharsAndTheNextEventIsRead()
        {
            // 100,000 members (about 2 MB) of an object that never closes, then an event at the column of a new one.
            var open = "{\n  \"event\": \"mcp.session.request\",\n" + string.Concat(Enumerable.Repeat("  \"pad\": \"xxxxxxxx\",\n", 100_000));
            using (Limits.Use(new Limits { AuditEventMaxChars = 10_000 }))
            {
                var (events, summary) = Read(open + Carol + "\n");
                Assert.Equal(new[] { "carol" }, events.Select(e => e.User).ToArray());
                Assert.Equal(1, summary.Malformed);
                Assert.Equal(1, summary.FirstMalformedLine);
                Assert.Contains("limit AuditEventMaxChars = 10000", summary.FirstMalformedError, StringComparison.Ordinal);
            }
        }

        // A file's one-line event past AuditEventMaxChars (-Path) is an error at its line, shown cut, never decoded or parsed
        // whole; the events beside it are read. Before, it was read whole (3 events, no error).
        [Theory]
        [InlineData("")]
        [InlineData("\u00e9")]
        public void OneLineEventPastAuditEventMaxCharsIsAnErrorAtItsLine(string pad)
        {
            var big = "{\"event\":\"mcp.session.request\",\"user\":\"eve\",\"pad\":\"" + string.Concat(Enumerable.Repeat("xxxxxxx" + pad, 3000)) + "\"}";
            using (Limits.Use(new Limits { AuditEventMaxChars = 10_000, ShownLineChars = 100 }))
            {
                var (events, summary) = Read(Carol + "\n" + big + "\n" + Carol + "\n");
                Assert.Equal(new[] { "carol", "carol" }, events.Select(e => e.User).ToArray());
                Assert.Equal(1, summary.Malformed);
                Assert.Equal(2, summary.FirstMalformedLine);
                Assert.Equal(1, summary.FirstMalformedColumn);
                Assert.Contains("limit AuditEventMaxChars = 10000", summary.FirstMalformedError, StringComparison.Ordinal);
                Assert.StartsWith(big.Substring(0, 100) + "... (" + big.Length + " characters; ", summary.FirstMalformedLineText, StringComparison.Ordinal);
            }
        }
    }
}
