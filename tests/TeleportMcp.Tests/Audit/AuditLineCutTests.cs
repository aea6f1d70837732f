using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>
    /// An audit event on a line longer than the reader reads of one line (<see cref="LogFileReader.MaxLineChars"/>, 12 Mi
    /// characters) is said as too long, not as a line that "ends inside a string (the event is cut off ...)": the file
    /// is not damaged, the reader stopped. Teleport's own file log trims a line over MaxScanTokenSize (by default
    /// bufio.MaxScanTokenSize, 64 KiB: gravitational/teleport lib/events/filelog.go EmitAuditEvent, trimSizeAndMarshal;
    /// lib/service/service.go sets none), but the stdout:// output does not trim (lib/events/emitter.go
    /// WriterEmitter.EmitAuditEvent), and an export or a forwarder may write one. Session 48, helper-340's fresh-eyes test
    /// (before: every row with an MCP event said "the line ends inside a string").
    /// </summary>
    public class AuditLineCutTests
    {
        private static string Ev(string tool, string pad) =>
            "{\"code\":\"TMCP003E\",\"event\":\"mcp.session.request\",\"time\":\"2025-09-30T10:00:00Z\",\"user\":\"bob\",\"app_name\":\"a\",\"success\":false,\"error\":\"access denied\"," +
            "\"message\":{\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{\"content\":\"" + pad + "\"}}}}";

        private static string Other(string pad) => "{\"code\":\"T1000I\",\"event\":\"user.login\",\"user\":\"bob\",\"pad\":\"" + pad + "\"}";

        // encoding, long line's kind (mcp: a TMCP003E event with a 13 Mi argument; other: a user.login of 13 Mi), how it is
        // read (file: LogFileReader into the reader; findings: Find-TeleportMcpError's audit-and-log tee).
        public static IEnumerable<object[]> Rows() => new[]
        {
            new object[] { "utf-8", "mcp", "file" },       // the byte-filtered path (ScanUtf8Filtered)
            new object[] { "utf-16le", "mcp", "file" },    // the decoding path (a BOM'd UTF-16 export)
            new object[] { "utf-8", "mcp", "findings" },   // Find-TeleportMcpError: the tee's LongLineStart
            new object[] { "utf-8", "other", "file" },     // a long non-MCP event is another event, not a break
            new object[] { "utf-16le", "other", "file" },
        };

        [Theory]
        [MemberData(nameof(Rows))]
        public void An_event_on_a_line_longer_than_the_reader_reads_is_said_as_too_long(string encoding, string kind, string via)
        {
            var pad = new string('A', LogFileReader.MaxLineChars + (1 << 20));
            var text = (kind == "mcp" ? Ev("big", pad) : Other(pad)) + "\n" + Ev("small", "x") + "\n";
            var enc = encoding == "utf-8" ? (Encoding)new UTF8Encoding(false) : new UnicodeEncoding(false, true);
            var bytes = enc.GetPreamble().Concat(enc.GetBytes(text)).ToArray();
            var events = new List<string>();
            AuditReadSummary summary;
            if (via == "file")
            {
                var reader = new AuditEventReader("audit.log", new AuditEventFilter { FailedOnly = true }, e => events.Add(e.Line + ":" + e.Tool));
                LogFileReader.Scan(new MemoryStream(bytes), reader);
                summary = reader.Summary;
            }
            else
            {
                var scanner = new LogScanner(KnownErrorCatalog.Embedded, "audit.log", _ => { });
                var tee = AuditFindings.WithLogScanner(scanner, "audit.log", f => events.Add(f.LineNumber + ":" + f.Tool), out summary);
                LogFileReader.Scan(new MemoryStream(bytes), tee);
            }
            Assert.Equal(new[] { "2:small" }, events);
            Assert.Equal(2, summary.Lines);
            if (kind == "mcp")
            {
                Assert.Equal(1, summary.Malformed);
                Assert.Equal(1, summary.FirstMalformedLine);
                Assert.Equal(AuditEventReader.LineTooLongMessage, summary.FirstMalformedError);
                Assert.Contains("longer than the 12582912 characters", summary.FirstMalformedError, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(summary.Malformed == 0, summary.FirstMalformedError);
                Assert.Equal(1, summary.OtherEvents);
            }
        }

        // A pretty-printed event (one JSON member a line, as reviewer-346's /tmp/r346/multi.json: "{" on line 1, a 13,000,000
        // character string on line 4) whose later line is cut: the error is at the event's first line and names the cut
        // line by its number (session 48, reviewer-346: before, it said "the line is longer" of line 1, which is "{").
        // Guard: the same event with its long string on line 1 still says "the line is longer".
        [Theory]
        [InlineData("utf-8", true)]
        [InlineData("utf-16le", true)]
        [InlineData("utf-8", false)]
        public void A_later_line_of_a_pretty_printed_event_that_is_cut_is_named_by_its_number(string encoding, bool pretty)
        {
            var big = new string('x', 13_000_000);
            string text = pretty
                ? "{\n  \"ei\": 0,\n  \"event\": \"mcp.session.start\",\n  \"big\": \"" + big + "\",\n  \"code\": \"TMCP001I\"\n}\n"
                : "{\"ei\": 0, \"event\": \"mcp.session.start\", \"big\": \"" + big + "\", \"code\": \"TMCP001I\"}\n";
            text += "{\n  \"ei\": 1,\n  \"event\": \"mcp.session.start\",\n  \"code\": \"TMCP001I\",\n  \"time\": \"2025-01-01T00:00:00Z\"\n}\n";
            var enc = encoding == "utf-8" ? (Encoding)new UTF8Encoding(false) : new UnicodeEncoding(false, true);
            var bytes = enc.GetPreamble().Concat(enc.GetBytes(text)).ToArray();
            var events = new List<long>();
            var reader = new AuditEventReader("multi.json", new AuditEventFilter(), e => events.Add(e.Line));
            LogFileReader.Scan(new MemoryStream(bytes), reader);
            var summary = reader.Summary;
            Assert.Equal(1, summary.Malformed);
            Assert.Equal(1, summary.FirstMalformedLine);
            long next = pretty ? 7 : 2;
            Assert.Equal(new[] { next }, events);
            if (pretty)
            {
                Assert.Equal(AuditEventReader.LaterLineTooLongMessage(4, 1), summary.FirstMalformedError);
                Assert.StartsWith("line 4 of the event that starts at line 1 is longer than the 12582912 characters read of one line", summary.FirstMalformedError, System.StringComparison.Ordinal);
            }
            else Assert.Equal(AuditEventReader.LineTooLongMessage, summary.FirstMalformedError);
        }
    }
}
