using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Probe;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>
    /// The HTTP probe's event-stream records, read as the App Service reads them: lib/utils/mcputils/event.go scanEvents
    /// (copied from the MCP go-sdk's mcp/event.go), under lib/utils/mcputils/sse.go SSEResponseReader. Where the WHATWG
    /// EventSource rules differ, a row says what they would give instead.
    /// </summary>
    public class ServerSentEventsTests
    {
        /// <summary>The records as "name=data" joined by "|", then "!" and the error if the stream failed; CR and LF shown as \r and \n; <paramref name="max"/> bounds the data.</summary>
        private static string Records(string text, int max = 1 << 20, int stopAfter = int.MaxValue)
        {
            var got = new List<string>();
            var reader = new HttpProbe.BoundedLineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), 1 << 20);
            try
            {
                HttpProbe.ServerSentEvents.Read(reader, max, (name, data) =>
                {
                    got.Add(name + "=" + data);
                    return got.Count < stopAfter;
                }, CancellationToken.None);
            }
            catch (MalformedSseLineException e)
            {
                got.Add("!" + e.Message);
            }
            catch (ProbeChannelException e)
            {
                got.Add("!" + e.Message);
            }
            return string.Join("|", got).Replace("\r", "\\r").Replace("\n", "\\n");
        }

        // event_test.go TestScanEvents, the rows Teleport copied from the go-sdk.
        [Theory]
        [InlineData("event: message\nid: 1\ndata: hello\n\n", "message=hello")]
        [InlineData("data: line 1\ndata: line 2\n\n", "=line 1\\nline 2")]
        [InlineData("data: first\n\nevent: second\ndata: second\n\n", "=first|second=second")]
        [InlineData("data: hello", "=hello")]
        [InlineData("invalid line\n\n", "!malformed line in SSE stream: \"invalid line\"")]
        public void Reads_the_rows_teleport_tests_its_reader_with(string text, string expected) => Assert.Equal(expected, Records(text));

        // scanEvents: bytes.Cut(line, ":") not found is "malformed line in SSE stream: %q", which ends the stream; records
        // dispatched before it were handed on. WHATWG: the whole line is a field name with an empty value (a bare "data"
        // appends an empty line to the data, anything else is ignored), and the stream goes on.
        [Theory]
        [InlineData("data\n\n", "!malformed line in SSE stream: \"data\"")]
        [InlineData("event: message\ndata: {}\nping\n\n", "!malformed line in SSE stream: \"ping\"")]
        [InlineData("event: endpoint\ndata: /m\n\nkeepalive\n\nevent: message\ndata: {}\n\n", "endpoint=/m|!malformed line in SSE stream: \"keepalive\"")]
        [InlineData("event\n", "!malformed line in SSE stream: \"event\"")]
        [InlineData("data: a\ndata\ndata: b\n\n", "!malformed line in SSE stream: \"data\"")]
        [InlineData("bell\a\n", "!malformed line in SSE stream: \"bell\\a\"")]
        public void A_line_without_a_colon_fails_the_stream(string text, string expected) => Assert.Equal(expected, Records(text));

        // scanEvents: a line starting with ":" has the field "" and is skipped, as are fields other than event, id, data, retry.
        [Theory]
        [InlineData(": ping\n\n", "")]
        [InlineData(":\n\n", "")]
        [InlineData("foo: bar\n\n", "")]
        [InlineData("data : x\n\n", "")]
        [InlineData("Data: x\n\n", "")]
        public void Comments_and_other_fields_are_skipped(string text, string expected) => Assert.Equal(expected, Records(text));

        // scanEvents: each value is strings.TrimSpace(after the colon); WHATWG drops only one space after the colon.
        [Theory]
        [InlineData("data:  x \t\n\n", "=x")]
        [InlineData("event:message\ndata:{}\n\n", "message={}")]
        [InlineData("event:  message  \ndata: {}\n\n", "message={}")]
        [InlineData("data: a: b\n\n", "=a: b")]
        public void Values_are_trimmed_of_space_on_both_sides(string text, string expected) => Assert.Equal(expected, Records(text));

        // scanEvents keeps the name as sent: an event without an event line is named "" (WHATWG: "message"), and names are
        // compared as they are (sse.go ReadMessage wants exactly "message").
        [Theory]
        [InlineData("data: {}\n\n", "={}")]
        [InlineData("event: Message\ndata: x\n\n", "Message=x")]
        [InlineData("event: endpoint\ndata: /m\n\nevent: message\ndata: {}\n\ndata: {}\n\n", "endpoint=/m|message={}|={}")]
        public void Events_keep_their_name_as_sent(string text, string expected) => Assert.Equal(expected, Records(text));

        // scanEvents' Event.Empty: a record is handed on when event, id, retry or data has a value (WHATWG: only with data;
        // a "data:" line with nothing after it makes an event with empty data there, and none here).
        [Theory]
        [InlineData("id: 7\n\n", "=")]
        [InlineData("retry: 10\n\n", "=")]
        [InlineData("data:\n\n", "")]
        [InlineData("event: \n\n", "")]
        [InlineData("\n\n\n", "")]
        public void A_record_that_sets_nothing_is_no_event(string text, string expected) => Assert.Equal(expected, Records(text));

        // scanEvents flushes the data run at any line with a colon that is not a data line (a comment too); a later data
        // line starts the data over (WHATWG joins all data lines of the event: "a\nb").
        [Theory]
        [InlineData("data: a\nid: 1\ndata: b\n\n", "=b")]
        [InlineData("data: a\n: c\ndata: b\n\n", "=b")]
        [InlineData("data: a\nfoo: bar\ndata: b\n\n", "=b")]
        [InlineData("data: a\nid: 1\n\n", "=a")]
        [InlineData("data:\ndata: x\n\n", "=\\nx")]
        [InlineData("data: a\ndata:\n\n", "=a\\n")]
        public void Data_lines_join_only_while_they_follow_one_another(string text, string expected) => Assert.Equal(expected, Records(text));

        // bufio.ScanLines under scanEvents: LF ends a line, one CR before it is dropped; a lone CR stays in the line
        // (WHATWG: CR alone ends a line too), so a CR-only stream is one line whose event value keeps the CRs inside it.
        [Theory]
        [InlineData("event: message\r\ndata: {}\r\n\r\n", "message={}")]
        [InlineData("event: endpoint\rdata: /m\r\r\n\n", "endpoint\\rdata: /m=")]
        [InlineData("data: x\r\r\n\r\n", "=x")]
        public void Lines_end_at_lf_as_the_app_service_splits_them(string text, string expected) => Assert.Equal(expected, Records(text));

        [Fact]
        public void Reading_stops_when_the_caller_has_its_event()
        {
            Assert.Equal("=a", Records("data: a\n\ndata: b\n\nnot read\n", stopAfter: 1));
        }

        [Fact]
        public void An_event_larger_than_the_limit_fails_and_the_data_kept_stays_bounded()
        {
            Assert.Equal("!the server sent an event larger than 0 MiB", Records("data: 0123456789\ndata: 0123456789\n\n", max: 15));
            Assert.Equal("=0123456789\\n0123", Records("data: 0123456789\ndata: 0123\n\n", max: 15));
        }
    }
}
