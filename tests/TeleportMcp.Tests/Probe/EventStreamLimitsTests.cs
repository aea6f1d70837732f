using System;
using TeleportMcp.Engine.Probe;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>
    /// What the App Service reads of one answer from an HTTP or SSE upstream, by release: an event-stream line (with its LF)
    /// of at most 64 KiB (lib/utils/mcputils/sse.go @11d47e93, bufio.Scanner's default), 1 MiB (event.go as copied from the
    /// MCP Go SDK, teleport issue #67000) or 10 MiB (event.go readSSEEventLine, PR #67931); an application/json answer of
    /// less than 10 MiB (lib/utils/mcputils/http.go ReplaceHTTPResponse, utils.ReadAtMost). A probe that read more passes
    /// only where every release would.
    /// </summary>
    public class EventStreamLimitsTests
    {
        private const long K = 1024, M = 1024 * 1024;

        [Theory]
        // Every release reads these.
        [InlineData(0, 0, CheckStatus.Pass, CheckStatus.Pass, null)]
        [InlineData(64 * K, 10 * M - 1, CheckStatus.Pass, CheckStatus.Pass, null)]
        // sse.go @11d47e93: bufio.Scanner needs the line and its LF within 64 KiB; later readers take it.
        [InlineData(64 * K + 1, 0, CheckStatus.Pass, CheckStatus.Warn, "sse.go @11d47e93 nextEvent")]
        [InlineData(M, 0, CheckStatus.Warn, CheckStatus.Warn, "line of 1,048,576 bytes (1 MiB) with its line feed")]
        // event.go before PR #67931 (the go-sdk copy): 1 MiB; whether the App Service has PR #67931 is not known.
        [InlineData(M + 1, 0, CheckStatus.Pass, CheckStatus.Indeterminate, "\"event exceeded max line length of 1048576\"")]
        [InlineData(10 * M, 0, CheckStatus.Warn, CheckStatus.Indeterminate, "which release first has it is not known here")]
        // readSSEEventLine: len(line)+len(fragment) > maxSSEEventLineSize is bufio.ErrTooLong on the newest reader too.
        [InlineData(10 * M + 1, 0, CheckStatus.Pass, CheckStatus.Fail, "\"error reading event: bufio.Scanner: token too long\"")]
        [InlineData(10 * M + 1, 0, CheckStatus.Indeterminate, CheckStatus.Fail, "10,485,761 bytes (10 MiB)")]
        // ReadAtMost fails once it has read its limit: a body of exactly 10 MiB is refused.
        [InlineData(0, 10 * M, CheckStatus.Pass, CheckStatus.Fail, "\"the read limit is reached\"")]
        [InlineData(0, 12 * M, CheckStatus.Warn, CheckStatus.Fail, "JSON body of 12,582,912 bytes (12 MiB)")]
        // A failed probe already says why; nothing is added to it.
        [InlineData(10 * M + 1, 10 * M, CheckStatus.Fail, CheckStatus.Fail, null)]
        public void A_probe_passes_only_what_every_release_reads(long longestLine, long largestJsonBody, CheckStatus before, CheckStatus after, string said)
        {
            var o = new ProbeResult { Status = before, Message = "listed 3 tool(s)" };
            EventStreamLimits.Note(o, longestLine, 0, largestJsonBody);
            Assert.Equal(after, o.Status);
            string text = o.Message + " | " + string.Join(" | ", o.Warnings);
            if (said == null)
            {
                Assert.Equal("listed 3 tool(s)", o.Message);
                Assert.Empty(o.Warnings);
                Assert.Null(o.Fix);
                return;
            }
            Assert.Contains(said, text, StringComparison.Ordinal);
            if (after == CheckStatus.Warn) Assert.Equal("listed 3 tool(s)", o.Message);
            else Assert.StartsWith(EventStreamLimits.Fix, o.Fix, System.StringComparison.Ordinal);
        }

        // A last line without LF: a bufio.Scanner fails it once it fills the buffer (so one more than its bytes counts),
        // readSSEEventLine only past its bytes.
        [Theory]
        [InlineData(64 * K - 1, CheckStatus.Pass)]
        [InlineData(64 * K, CheckStatus.Warn)]
        [InlineData(M, CheckStatus.Indeterminate)]
        [InlineData(10 * M, CheckStatus.Indeterminate)]
        [InlineData(10 * M + 1, CheckStatus.Fail)]
        public void A_last_line_without_a_line_feed_is_counted_as_each_reader_counts_it(long unterminated, CheckStatus after)
        {
            var o = new ProbeResult { Status = CheckStatus.Pass, Message = "listed 3 tool(s)" };
            EventStreamLimits.Note(o, 10, unterminated, 0);
            Assert.Equal(after, o.Status);
        }

        [Fact]
        public void A_slow_servers_fix_stays_beside_this_one()
        {
            var o = new ProbeResult { Status = CheckStatus.Indeterminate, Message = "listed 3 tool(s); but the server took 75 s", Fix = "Make the server start its answers within 60 s." };
            EventStreamLimits.Note(o, 2 * M, 0, 0);
            Assert.Equal(CheckStatus.Indeterminate, o.Status);
            Assert.StartsWith("listed 3 tool(s); but the server took 75 s; but the server sent an event-stream line of 2,097,152 bytes (2 MiB)", o.Message, System.StringComparison.Ordinal);
            Assert.Equal("Make the server start its answers within 60 s. " + EventStreamLimits.Fix, o.Fix);
        }
    }
}
