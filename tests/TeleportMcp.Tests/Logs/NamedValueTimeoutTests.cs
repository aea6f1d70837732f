using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// A known error's values are matched again on the record with only colour codes removed (a command that holds an OSC
    /// string is quoted as named). That second match runs through the catalog, so its timeouts count in the input's budget
    /// (KnownErrorCatalog.ScanTimeoutCap): a file of such lines cannot cost a timeout per line. Timeouts come from the test
    /// hook (TimesOut) on texts that still hold ESC, which only the second match sees; counted, not timed.
    /// </summary>
    public sealed class NamedValueTimeoutTests
    {
        // Go os/exec: exec: %q: executable file not found in $PATH (TMCP-LOG-003), the command holding an OSC title string.
        private const string Line = "2025-09-30T10:00:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[exec: \"x\u001b]0;t\u0007\": executable file not found in $PATH] app/connections_handler.go:301";

        [Theory]
        [InlineData(1)]
        [InlineData(40)]
        public void TheSecondMatchOfAValueTakesItsTimeoutsFromTheInputsBudget(int lines)
        {
            var off = new List<TeleportInputException>();
            var found = new List<Finding>();
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            catalog.PatternUndecided = _ => { };
            catalog.PatternTimedOut = off.Add;
            catalog.TimesOut = (entry, text, at) => text.IndexOf('\u001b') >= 0;
            var piped = new PipedLogLines(catalog, found.Add, 64, 4096);
            var counts = ParseCounter.Start();
            for (int n = 1; n <= lines; n++) piped.Feed(Line, "a", n);
            piped.Flush();

            long timeouts = counts.TryGetValue(ParseCounter.CatalogPatternTimeouts, out long t) ? t : 0;
            Assert.InRange(timeouts, 1, KnownErrorCatalog.ScanTimeoutCap);
            // The finding stands on the plain record's match; its values are the plain record's.
            var first = found.Where(f => f.Id == "TMCP-LOG-003").OrderBy(f => f.LineNumber).First();
            Assert.Equal(1, first.LineNumber);
            Assert.Equal("x", first.Command);
        }
    }
}
