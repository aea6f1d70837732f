using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Probe;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>
    /// The SSE line reader of the HTTP probe: lines end as the App Service's reader ends them (LF, one CR before it dropped;
    /// a lone CR does not end a line), lines may span reads, a line is bounded.
    /// </summary>
    public class BoundedLineReaderTests
    {
        /// <summary>A stream that hands out at most <c>chunk</c> bytes per read, so lines and CR LF pairs fall across reads.</summary>
        private sealed class ChunkedStream : MemoryStream
        {
            private readonly int _chunk;
            public ChunkedStream(byte[] data, int chunk) : base(data) => _chunk = chunk;
            public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, System.Math.Min(count, _chunk));
        }

        private static List<string> Lines(string text, int chunk, int max = 1 << 20)
        {
            var r = new HttpProbe.BoundedLineReader(new ChunkedStream(Encoding.UTF8.GetBytes(text), chunk), max);
            var lines = new List<string>();
            string line;
            while ((line = r.ReadLine()) != null) lines.Add(line);
            return lines;
        }

        // lib/utils/mcputils/event.go scanEvents reads lines with bufio.Scanner's ScanLines: split at LF, one CR before it
        // dropped, a last line without LF handed on (its CR dropped too). A lone CR, which the WHATWG EventSource rules end a
        // line with, stays in the line. Rows show CR as \r.
        [Theory]
        [InlineData("event: message\ndata: {}\n\n", "event: message|data: {}|")]
        [InlineData("a\r\nb\rc\n", "a|b\\rc")]
        [InlineData("a\r\n\r\nb", "a||b")]
        [InlineData("\r\r\n\n", "\\r|")]
        [InlineData("event: endpoint\rdata: /m\r\r", "event: endpoint\\rdata: /m\\r")]
        [InlineData("last\r", "last")]
        [InlineData("a\n\r", "a|")]
        [InlineData("no newline at the end", "no newline at the end")]
        [InlineData("", "")]
        [InlineData("data: é€😀\n", "data: é€😀")]
        public void SplitsLinesAsTheAppServiceDoes(string text, string expected)
        {
            foreach (var chunk in new[] { 1, 2, 3, 8192 })
                Assert.Equal(expected, string.Join("|", Lines(text, chunk)).Replace("\r", "\\r"));
        }

        [Fact]
        public void ReadsALineLongerThanItsBuffer()
        {
            var big = new string('x', 20000);
            Assert.Equal(new[] { big, "end" }, Lines(big + "\r\nend\n", 5000));
        }

        // The App Service's readers refuse a line by its bytes with the LF: bufio.Scanner needs room for both, and
        // readSSEEventLine counts the fragment ReadSlice returns, LF included. A last line without LF is kept apart (its
        // bytes alone), since the two readers count it differently (EventStreamLimits).
        [Theory]
        [InlineData("", 0, 0)]
        [InlineData("\n", 1, 0)]
        [InlineData("ab\r\ncd\n", 4, 0)]
        [InlineData("a\nbcdef", 2, 5)]
        [InlineData("data: é\n\n", 9, 0)]
        public void MeasuresTheLongestLineWithItsLineFeed(string text, long longest, long unterminated)
        {
            foreach (var chunk in new[] { 1, 2, 8192 })
            {
                var told = new List<(long Bytes, bool Terminated)>();
                var r = new HttpProbe.BoundedLineReader(new ChunkedStream(Encoding.UTF8.GetBytes(text), chunk), 1 << 20, (b, t) => told.Add((b, t)));
                while (r.ReadLine() != null) { }
                Assert.Equal(longest, r.LongestLine);
                Assert.Equal(unterminated, r.UnterminatedLine);
                // Told as each longer line arrives: the last it was told of each kind is the longest.
                Assert.Equal(longest, told.Where(x => x.Terminated).Select(x => x.Bytes).DefaultIfEmpty(0).Last());
                Assert.Equal(unterminated, told.Where(x => !x.Terminated).Select(x => x.Bytes).DefaultIfEmpty(0).Last());
            }
        }

        [Theory]
        [InlineData(10, "0123456789\n", false)]
        [InlineData(10, "01234567890\n", true)]
        [InlineData(10, "0123456789", false)]
        [InlineData(10, "01234567890", true)]
        public void RefusesALineOverItsLimit(int max, string text, bool refused)
        {
            foreach (var chunk in new[] { 1, 4, 8192 })
            {
                if (refused) Assert.Throws<ProbeChannelException>(() => Lines(text, chunk, max));
                else Assert.Equal(text.TrimEnd('\n'), Lines(text, chunk, max)[0]);
            }
        }
    }
}
