using System;
using System.Globalization;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// How much of one answer the App Service reads from an HTTP or SSE upstream, by release, and what a probe whose server
    /// sent more is worth. The probe talks to the server directly and reads more (16 MiB a line): a server it passes may still
    /// lose its answers through Teleport.
    /// </summary>
    internal static class EventStreamLimits
    {
        /// <summary>
        /// lib/utils/mcputils/event.go readSSEEventLine (teleport PR #67931, fixing issue #67000): maxSSEEventLineSize =
        /// teleport.MaxHTTPResponseSize, 10 MiB; a longer line is bufio.ErrTooLong, "error reading event: bufio.Scanner: token too long".
        /// </summary>
        internal const long NewestLineMax = 10L * 1024 * 1024;

        /// <summary>
        /// lib/utils/mcputils/event.go scanEvents as copied from the MCP Go SDK (mcp/event.go): bufio.Scanner with Buffer(nil, 1 MiB),
        /// "event exceeded max line length of 1048576" (teleport issue #67000, go-sdk issue #726).
        /// </summary>
        internal const long SdkLineMax = 1024 * 1024;

        /// <summary>
        /// lib/utils/mcputils/sse.go @11d47e93 nextEvent: bufio.NewScanner with Go's MaxScanTokenSize, 64 KiB. Scan stops at a
        /// longer line and nextEvent returns io.EOF without the scanner's error: the stream just ends.
        /// </summary>
        internal const long FirstLineMax = 64 * 1024;

        /// <summary>
        /// lib/utils/mcputils/http.go ReplaceHTTPResponse reads an application/json answer with utils.ReadAtMost(resp.Body,
        /// teleport.MaxHTTPRequestSize): 10 MiB, and ReadAtMost fails once it has read that many ("the read limit is reached").
        /// </summary>
        internal const long JsonBodyMax = 10L * 1024 * 1024;

        internal const string NewestSource = "lib/utils/mcputils/event.go reads at most 10 MiB a line, teleport PR #67931";

        internal const string Fix = "Make the server's answers smaller: page tools/list (MCP cursor pagination), and return a large tool result as a resource link " +
                                    "or in parts instead of one message. The probe sees only initialize and tools/list: a larger tools/call result meets the same limits " +
                                    "(Find-TeleportMcpError names them in the App Service log: TMCP-LOG-159).";

        /// <summary>
        /// Lowers a passing probe whose server sent an event-stream line of <paramref name="longestLine"/> bytes with its LF, a
        /// last line of <paramref name="unterminatedLine"/> bytes without one, or a JSON answer of <paramref name="largestJsonBody"/>
        /// bytes to what the App Service would make of them.
        /// </summary>
        internal static void Note(ProbeResult o, long longestLine, long unterminatedLine, long largestJsonBody)
        {
            if (o.Status == CheckStatus.Fail) return;
            // A bufio.Scanner needs room for a line's LF, and a last line without one fails it once it fills the buffer, so it
            // counts one more; readSSEEventLine counts the bytes ReadSlice gave, the LF only where there is one.
            long newest = Math.Max(longestLine, unterminatedLine);
            longestLine = Math.Max(longestLine, unterminatedLine == 0 ? 0 : unterminatedLine + 1);
            if (largestJsonBody >= JsonBodyMax)
            {
                Lower(o, CheckStatus.Fail, "but the server answered with a JSON body of " + Bytes(largestJsonBody) + ": the App Service reads at most " + Bytes(JsonBodyMax) +
                      " of an application/json answer (lib/utils/mcputils/http.go ReplaceHTTPResponse, utils.ReadAtMost with teleport.MaxHTTPRequestSize) and fails it " +
                      "with \"the read limit is reached\", so through Teleport the client gets no response");
            }
            else if (newest > NewestLineMax)
            {
                Lower(o, CheckStatus.Fail, "but the server sent an event-stream line of " + Bytes(newest) + " with its line feed, if it had one (an SSE data line carries a whole " +
                      "JSON-RPC message): no release of the App Service reads a line over " + Bytes(NewestLineMax) + " (" + NewestSource + ": \"error reading event: " +
                      "bufio.Scanner: token too long\"; earlier readers stop at 1 MiB or 64 KiB), so through Teleport that answer never reaches the client");
            }
            else if (longestLine > SdkLineMax)
            {
                Lower(o, CheckStatus.Indeterminate, "but the server sent an event-stream line of " + Bytes(longestLine) + " with its line feed: App Service releases " +
                      "whose reader is the MCP Go SDK's copy (lib/utils/mcputils/event.go before teleport PR #67931) fail a line over 1 MiB with \"event exceeded max " +
                      "line length of 1048576\" (teleport issue #67000), and readers before it (lib/utils/mcputils/sse.go, bufio.Scanner) end the stream after 64 KiB; " +
                      "PR #67931 reads up to 10 MiB, and which release first has it is not known here");
            }
            else if (longestLine > FirstLineMax)
            {
                if (o.Status == CheckStatus.Pass) o.Status = CheckStatus.Warn;
                o.Warnings.Add("the server sent an event-stream line of " + Bytes(longestLine) + " with its line feed: App Service releases that read event streams " +
                               "with lib/utils/mcputils/sse.go's bufio.Scanner (Go's default 64 KiB; sse.go @11d47e93 nextEvent) end the stream at a longer line " +
                               "without an error, so through them that answer never reaches the client; later readers take 1 MiB (event.go) and 10 MiB (PR #67931)");
            }
        }

        /// <summary>Fail or Indeterminate over a passing (or already Indeterminate) probe; a fix given before stays first.</summary>
        private static void Lower(ProbeResult o, CheckStatus status, string why)
        {
            o.Status = status;
            o.Message += "; " + why;
            o.Fix = o.Fix == null ? Fix : o.Fix + " " + Fix;
        }

        private static string Bytes(long n) =>
            n.ToString("N0", CultureInfo.InvariantCulture) + " bytes" + (n >= 1024 * 1024 ? " (" + (n / (1024.0 * 1024)).ToString("0.##", CultureInfo.InvariantCulture) + " MiB)"
                : n >= 1024 ? " (" + (n / 1024.0).ToString("0.##", CultureInfo.InvariantCulture) + " KiB)" : "");
    }
}
