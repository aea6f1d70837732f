using System;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>
    /// The catalog's reading of what a tsh run wrote on stderr, for checks that run tsh themselves: the same entries
    /// Find-TeleportMcpError applies to a log holding that output, so a failed `tsh mcp ls` is named and fixed as it would be
    /// in the MCP client's log.
    /// </summary>
    public static class TshOutputFindings
    {
        /// <summary>The first finding in <paramref name="output"/> (its records in order, each with its own supersedes), or null.</summary>
        public static Finding? First(string? output, string source)
        {
            if (string.IsNullOrWhiteSpace(output)) return null;
            Finding? first = null;
            var scanner = new LogScanner(KnownErrorCatalog.Embedded, source, f => first ??= f);
            foreach (var line in output!.Split('\n')) scanner.FeedLine(line);
            scanner.Flush();
            return first;
        }
    }
}
