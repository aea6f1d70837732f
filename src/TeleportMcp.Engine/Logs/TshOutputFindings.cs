using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>
    /// The catalog's reading of what a tsh run wrote on stderr, for checks that run tsh themselves: the same entries
    /// Find-TeleportMcpError applies to a log holding that output, so a failed `tsh mcp ls` is named and fixed as it would be
    /// in the MCP client's log.
    /// </summary>
    public static class TshOutputFindings
    {
        /// <summary>
        /// Tests only: the <see cref="KnownErrorCatalog.TimesOut"/> hook given to each call's catalog (per async flow, so a
        /// test running beside it does not see it).
        /// </summary>
        internal static readonly System.Threading.AsyncLocal<Func<KnownError, string, int, bool>?> TimesOutForTests =
            new System.Threading.AsyncLocal<Func<KnownError, string, int, bool>?>();

        /// <summary>The first finding in <paramref name="output"/> (its records in order, each with its own supersedes), or null.</summary>
        public static Finding? First(string? output, string source) => First(output, source, out _);

        /// <summary>
        /// As above; <paramref name="undecided"/>: the catalog's errors on the output (a pattern that timed out on a line,
        /// KnownErrorIndeterminate, or was turned off, CatalogPatternTimeout), which leave the answer incomplete: null when
        /// there were none. The caller says them (review 332: they were dropped).
        /// </summary>
        public static Finding? First(string? output, string source, out IReadOnlyList<TeleportInputException>? undecided)
        {
            undecided = null;
            if (string.IsNullOrWhiteSpace(output)) return null;
            Finding? first = null;
            List<TeleportInputException>? said = null;
            // A catalog of its own per call, as DiagnosisRunner's scans have (its entries and compiled patterns are the
            // embedded catalog's, shared): the pattern-timeout budget and the entries a timeout turns off are this call's,
            // not the process's (KnownErrorCatalog.Embedded is never scanned with).
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            catalog.TimesOut = TimesOutForTests.Value;
            catalog.PatternTimedOut = e => (said ??= new List<TeleportInputException>()).Add(e);
            catalog.PatternUndecided = catalog.PatternTimedOut;
            var scanner = new LogScanner(catalog, source, f => first ??= f);
            foreach (var line in output!.Split('\n')) scanner.FeedLine(line);
            scanner.Flush();
            undecided = said;
            return first;
        }
    }
}
