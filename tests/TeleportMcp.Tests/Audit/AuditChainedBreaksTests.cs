using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>
    /// An event cut where a value must come (after "name":) followed by one that is itself broken or cut: each break is
    /// reported at its own line, and every good event after them is read, in one pass.
    /// </summary>
    public class AuditChainedBreaksTests
    {
        // teleport-mcp-2.md's example (keys sorted, as the legacy EventFields path wrote them): "event" after app_name, code, ei
        // and error, before every nested value. lib/events/filelog.go writes struct events in field order, Metadata first
        // ("ei", "event", ...): "event" comes even earlier (helper-218's review).
        private static string Event(string user) =>
            "{\"app_name\":\"everything\",\"code\":\"TMCP003E\",\"ei\":0,\"error\":\"access denied\",\"event\":\"mcp.session.request\"," +
            "\"message\":{\"id\":\"int64:3\",\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"arguments\":{},\"name\":\"printEnv\"}}," +
            "\"success\":false,\"time\":\"2025-09-30T10:02:03.456Z\",\"uid\":\"id-" + user + "\",\"user\":\"" + user + "\",\"user_roles\":[\"mcp-user\"]}";

        private static string Pretty(string compact) => AuditInputShapesTests.Indent(compact, "", "  ");

        private static string CutAfter(string text, string member) => text.Substring(0, text.IndexOf(member, StringComparison.Ordinal) + member.Length);

        private sealed class Result
        {
            public List<string> Users = new List<string>();
            public List<(long Line, int Column, string Error)> Breaks = new List<(long, int, string)>();
            public AuditReadSummary Summary = new AuditReadSummary();
        }

        private static Result Read(string text)
        {
            var r = new Result();
            var reader = new AuditEventReader("audit.json", new AuditEventFilter(), e => r.Users.Add(e.User));
            reader.MalformedSeen = (line, column, error) => r.Breaks.Add((line, column, error));
            LogFileReader.Scan(new MemoryStream(Encoding.UTF8.GetBytes(text)), reader);
            r.Summary = reader.Summary;
            return r;
        }

        private static int Lines(string text) => text.Count(c => c == '\n') + 1;

        private const string Cut = "the event is cut off";

        /// <summary>"line:column:" of the character at <paramref name="index"/> of <paramref name="text"/>.</summary>
        private static string At(string text, int index)
        {
            int lineStart = text.LastIndexOf('\n', index - 1) + 1;
            return (text.Take(index).Count(ch => ch == '\n') + 1).ToString(CultureInfo.InvariantCulture) + ":" + (index - lineStart + 1).ToString(CultureInfo.InvariantCulture) + ":";
        }

        /// <summary>Where <paramref name="needle"/> starts in <paramref name="text"/>, after <paramref name="from"/>.</summary>
        private static string At(string text, string needle, int from) => At(text, text.IndexOf(needle, from, StringComparison.Ordinal));

        // text, users read, breaks as "line:column:piece of the error" (column 0: the break is not at a place in the line), truncated line
        public static IEnumerable<object[]> CutThenBroken()
        {
            string a = CutAfter(Pretty(Event("a")), "\"message\":") + "\n";
            int b0 = Lines(a);
            // b: the comma after "user" left out, so b breaks at the next member's quote.
            string bBroken = Pretty(Event("b")).Replace("\"b\",", "\"b\"");
            string bCut = CutAfter(Pretty(Event("b")), "\"message\":");
            // b's line ends inside its uid (after its "event").
            string bInString = CutAfter(Pretty(Event("b")), "\"uid\": \"id");
            string bDeep = Pretty(Event("b")).Replace("\"name\": \"printEnv\"", "\"name\": }");
            string c = Pretty(Event("c"));
            // In the file log's struct order (AuditCutFuzzTests.StructOrder), pretty-printed.
            string s = CutAfter(Pretty(AuditCutFuzzTests.StructOrder("a", "{\"method\":\"tools/list\"}")), "\"message\":") + "\n";
            int s0 = Lines(s);
            string sFull = Pretty(AuditCutFuzzTests.StructOrder("b", "{\"method\":\"tools/list\"}"));
            string sHead(string upTo) => CutAfter(sFull, upTo);
            string sc = Pretty(AuditCutFuzzTests.StructOrder("c", "{\"method\":\"tools/list\"}"));
            string tshA = "[\n    " + CutAfter(AuditInputShapesTests.Indent(Event("a"), "    ", "    "), "\"message\":") + "\n    ";
            string tsh = tshA + AuditInputShapesTests.Indent(Event("b"), "    ", "    ").Replace("\"b\",", "\"b\"") + ",\n    " + AuditInputShapesTests.Indent(Event("c"), "    ", "    ") + "\n]\n";
            return new[]
            {
                // A cut event, then one with a comma left out: before, one break (b's), and a's cut was not said.
                new object[] { a + bBroken + "\n" + c + "\n", new[] { "c" }, new[] { "1:0:" + Cut, At(a + bBroken, "\"user_roles\"", a.Length) + "',' or '}' was expected" }, 0 },
                // A cut event, then another cut the same way, then a good one: before, the good one was read as a value of
                // the second and lost with the first (one break; the input's end said "truncated" at line 1).
                new object[] { a + bCut + "\n" + c + "\n", new[] { "c" }, new[] { "1:0:" + Cut, b0 + ":0:" + Cut }, 0 },
                // ... then a one-line event: still each cut at its own line.
                new object[] { a + bCut + "\n" + Event("c") + "\n", new[] { "c" }, new[] { "1:0:" + Cut, b0 + ":0:" + Cut }, 0 },
                // A cut event, then one whose line ends inside a string: the string's break is reported where it ends.
                new object[] { a + bInString + "\n" + c + "\n", new[] { "c" }, new[] { "1:0:" + Cut, At(a + bInString, a.Length + bInString.Length) + "the line ends inside a string" }, 0 },
                // A cut event, then one that breaks deep inside its message: reported there.
                new object[] { a + bDeep + "\n" + c + "\n", new[] { "c" }, new[] { "1:0:" + Cut, At(a + bDeep, "}", (a + bDeep).IndexOf("\"name\": }", StringComparison.Ordinal)) + "a value was expected" }, 0 },
                // A cut event, then one the input ends inside: the first is cut, the second still being written.
                new object[] { a + bInString, Array.Empty<string>(), new[] { "1:0:" + Cut }, b0 },
                new object[] { a + bCut + "\n", Array.Empty<string>(), new[] { "1:0:" + Cut }, b0 },
                // One-line events (filelog.go), the first cut after "message":, the second cut too and not closing on its line.
                new object[] { CutAfter(Event("a"), "\"message\":") + "\n" + CutAfter(Event("b"), "\"user\":\"b\"") + "\n" + Event("c") + "\n", new[] { "c" }, new[] { "1:0:" + Cut, "2:0:" + Cut }, 0 },
                // tsh play's array: the first element cut after "message":, the second with a comma left out.
                new object[] { tsh, new[] { "c" }, new[] { "2:0:" + Cut, At(tsh, "\"user_roles\"", tshA.Length) + "',' or '}' was expected" }, 0 },
                // Teleport's own order (Metadata first: "ei", then "event"): the second event cut before its type was written is
                // the next event too, not a value of the first. Before, both were one break at line 1.
                new object[] { s + sHead("{") + "\n" + sc + "\n", new[] { "c" }, new[] { "1:0:" + Cut, s0 + ":0:" + Cut }, 0 },
                new object[] { s + sHead("\"ei\"") + "\n" + sc + "\n", new[] { "c" }, new[] { "1:0:" + Cut, s0 + ":0:" + Cut }, 0 },
                new object[] { s + sHead("\"ei\": 0,") + "\n" + sc + "\n", new[] { "c" }, new[] { "1:0:" + Cut, s0 + ":0:" + Cut }, 0 },
                new object[] { s + sHead("\"event\": \"mcp.session.request\",") + "\n" + sc + "\n", new[] { "c" }, new[] { "1:0:" + Cut, s0 + ":0:" + Cut }, 0 },
                new object[] { s + sHead("\"event\": \"mcp.se") + "\n" + sc + "\n", new[] { "c" },
                    new[] { "1:0:" + Cut, At(s + sHead("\"event\": \"mcp.se"), s.Length + sHead("\"event\": \"mcp.se").Length) + "the line ends inside a string" }, 0 },
                // ... and at the input's end: the first is cut, the second still being written.
                new object[] { s + sHead("\"ei\": 0,") + "\n", Array.Empty<string>(), new[] { "1:0:" + Cut }, s0 },
                // An unindented value a hand nested holds other names: it stays the first event's value (one break).
                new object[] { s + "{\n\"id\": 1,\n" + sc + "\n", new[] { "c" }, new[] { "1:0:" + Cut }, 0 },
            };
        }

        [Theory]
        [MemberData(nameof(CutThenBroken))]
        public void EachBreakIsReportedAtItsOwnLine(string text, string[] users, string[] breaks, int truncated)
        {
            var r = Read(text);
            Assert.Equal(users, r.Users.ToArray());
            Assert.Equal(breaks.Length, r.Breaks.Count);
            for (int k = 0; k < breaks.Length; k++)
            {
                var parts = breaks[k].Split(new[] { ':' }, 3);
                Assert.Equal(long.Parse(parts[0], CultureInfo.InvariantCulture), r.Breaks[k].Line);
                Assert.Equal(int.Parse(parts[1], CultureInfo.InvariantCulture), r.Breaks[k].Column);
                Assert.Contains(parts[2], r.Breaks[k].Error, StringComparison.Ordinal);
            }
            Assert.Equal(breaks.Length, r.Summary.Malformed);
            Assert.Equal((long)truncated, r.Summary.TruncatedAtLine);
        }

        /// <summary>Thousands of events each cut after "message":, one after another, then a good one.</summary>
        private static string Chain(int n, out int[] starts, bool pretty = true)
        {
            var sb = new StringBuilder();
            starts = new int[n];
            int line = 1;
            string cut = CutAfter(pretty ? Pretty(Event("x")) : Event("x"), "\"message\":");
            for (int k = 0; k < n; k++)
            {
                starts[k] = line;
                sb.Append(cut).Append('\n');
                line += Lines(cut);
            }
            sb.Append(Pretty(Event("last"))).Append('\n');
            return sb.ToString();
        }

        [Fact]
        public void AChainOfThousandsOfCutEventsIsReadInOnePass()
        {
            // Before: the events nested one in another until JsonMaxDepth, and the chain was one or two breaks.
            string text = Chain(4000, out var starts);
            var r = Read(text);
            Assert.Equal(new[] { "last" }, r.Users.ToArray());
            Assert.Equal(starts.Select(l => (long)l), r.Breaks.Select(b => b.Line));
            Assert.All(r.Breaks, b => Assert.Contains(Cut, b.Error, StringComparison.Ordinal));

            // One a line: the event whose '{' passes JsonMaxDepth holds its marker on that line, so it is the one read on.
            string oneLine = Chain(2000, out var lineStarts, false);
            r = Read(oneLine);
            Assert.Equal(new[] { "last" }, r.Users.ToArray());
            Assert.Equal(lineStarts.Select(l => (long)l), r.Breaks.Select(b => b.Line));

            // Linear: twice the chain costs about twice the allocation (a re-scan of what was kept grows as its square).
            long Allocated(string t)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                Read(t);
                return GC.GetAllocatedBytesForCurrentThread() - before;
            }
            string twice = Chain(8000, out _);
            Allocated(text);
            long one = Allocated(text), two = Allocated(twice);
            Assert.True(two < one * 5 / 2, one.ToString("N0", CultureInfo.InvariantCulture) + " then " + two.ToString("N0", CultureInfo.InvariantCulture) + " bytes");
            Assert.True(one < 40L * text.Length, one.ToString("N0", CultureInfo.InvariantCulture) + " bytes for " + text.Length.ToString("N0", CultureInfo.InvariantCulture) + " characters");
        }
            /// <summary>
        /// Random runs of good, cut and broken events, one a line and spread over lines (Web UI, JSON.stringify), each cut or
        /// break after the event's type. Expected: no exception, every good event read once and in
        /// order, and each cut or broken event reported once, at its line: a cut where it starts (or where its line ends
        /// inside a string), a broken one where it breaks. (A successor broken before its "event" member is not told from a
        /// nested value: there the two stay one break, as before.)
        /// </summary>
        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        public void RandomRunsOfCutBrokenAndGoodEvents(int seed)
        {
            var random = new Random(seed);
            var text = new StringBuilder();
            var users = new List<string>();
            var breaks = new List<(long Line, int Column, string Error)>();
            int line = 1;
            for (int k = 0; k < 3000; k++)
            {
                string user = "u" + k.ToString(CultureInfo.InvariantCulture);
                string compact = Event(user);
                bool pretty = random.Next(3) > 0;
                string[] lines = Pretty(compact).Split('\n');
                int ev = Array.FindIndex(lines, x => x.Contains("\"event\"", StringComparison.Ordinal));
                string piece;
                int kind = k == 2999 ? 0 : random.Next(3);
                if (kind == 0)
                {
                    piece = pretty ? Pretty(compact) : compact;
                    users.Add(user);
                }
                else if (kind == 1 && pretty)
                {
                    // Cut inside a line after "event" (not the closing brace), at its end or inside it.
                    int l = ev + 1 + random.Next(lines.Length - ev - 2);
                    int indent = lines[l].Length - lines[l].TrimStart().Length;
                    int cut = random.Next(2) == 0 ? lines[l].Length : indent + 1 + random.Next(lines[l].Length - indent - 1);
                    piece = string.Join("\n", lines.Take(l)) + "\n" + lines[l].Substring(0, cut);
                    // Where the line ends: its trailing spaces are not counted (even inside the string).
                    if (EndsInString(piece)) breaks.Add((line + l, lines[l].Substring(0, cut).TrimEnd().Length + 1, "the line ends inside a string"));
                    else breaks.Add((line, 0, Cut));
                }
                else if (kind == 1)
                {
                    int from = compact.IndexOf("\"message\"", StringComparison.Ordinal);
                    piece = compact.Substring(0, from + random.Next(compact.Length - from - 1));
                    breaks.Add((line, -1, ""));
                }
                else if (pretty)
                {
                    var broken = (string[])lines.Clone();
                    if (random.Next(2) == 0)
                    {
                        // A comma left out at the end of line L (the event's line or later): the next line breaks at its first character.
                        var withComma = Enumerable.Range(ev, lines.Length - ev).Where(i => lines[i].EndsWith(",", StringComparison.Ordinal)).ToArray();
                        int l = withComma[random.Next(withComma.Length)];
                        broken[l] = lines[l].Substring(0, lines[l].Length - 1);
                        breaks.Add((line + l + 1, lines[l + 1].Length - lines[l + 1].TrimStart().Length + 1, "was expected"));
                    }
                    else
                    {
                        // A string value (after the event's line) replaced by '}'.
                        var withString = Enumerable.Range(ev + 1, lines.Length - ev - 1).Where(i => lines[i].Contains("\": \"", StringComparison.Ordinal)).ToArray();
                        int l = withString[random.Next(withString.Length)];
                        int at = lines[l].IndexOf("\": \"", StringComparison.Ordinal) + 3;
                        int close = lines[l].IndexOf('"', at + 1);
                        broken[l] = lines[l].Substring(0, at) + "}" + lines[l].Substring(close + 1);
                        breaks.Add((line + l, at + 1, "a value was expected"));
                    }
                    piece = string.Join("\n", broken);
                }
                else
                {
                    piece = compact.Replace("\"user\":", "\"user\" ");
                    breaks.Add((line, -1, ""));
                }
                text.Append(piece).Append('\n');
                line += Lines(piece);
                if (random.Next(8) == 0)
                {
                    text.Append('\n');
                    line++;
                }
            }
            var r = Read(text.ToString());
            Assert.Equal(users, r.Users);
            Assert.Equal(breaks.Select(b => b.Line), r.Breaks.Select(b => b.Line));
            for (int k = 0; k < breaks.Count; k++)
            {
                if (breaks[k].Column < 0) continue; // one a line: the full parser's own place and words
                Assert.Equal(breaks[k].Column, r.Breaks[k].Column);
                Assert.Contains(breaks[k].Error, r.Breaks[k].Error, StringComparison.Ordinal);
            }
            Assert.Equal(0, r.Summary.TruncatedAtLine);
        }

        private static bool EndsInString(string text)
        {
            bool inString = false;
            foreach (char c in text.Substring(text.LastIndexOf('\n') + 1))
                if (c == '"') inString = !inString;
            return inString;
        }
    }
}
