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
    /// Pattern-timeout caps count per piped source for the whole command (the module's own rule, "no input may hang past a
    /// timeout", docs/teleport-facts.md sessions 46/47; KnownErrorCatalog.LineTimeoutCap 3, ScanTimeoutCap 8): a file whose
    /// lines come in several readings (set aside when more files are interleaved than are read at once, then resumed; or given
    /// again) goes on with the count its earlier reading left, so it costs at most 8 timeouts in all, not 8 a reading. Before
    /// (session 47, helper-334: "not carried through Suspend/Resume"), each reading started at 0. A new reading of a file that
    /// inherits something off says so once at its first line. Timeouts come from the catalog's test hook (TimesOut) on
    /// lines holding HOSTILE, counted, not timed. The rows use no new API (they run on the start sha: fail-before).
    /// </summary>
    public sealed class PipedTimeoutCountTests
    {
        private const string Hostile = "HOSTILE ";
        // LOG-100's text read as a short line (LineTimeoutCapTests' Ordinary).
        private const string Ordinary = "Failed to proxy MCP request method:POST path:/mcp status_code:502 error:\"EOF\" ";

        [Theory]
        // Lines in the order piped, "file:kind" (H: every entry's prefilter text after HOSTILE, so every pattern times out;
        // O: LOG-100's ordinary line; "-": a line of no known file); "|" before a file gives it again from line 1. maxOpen /
        // maxSuspended: files read at once / kept set aside (PipedSources). Expected: timeouts in all, the stop errors
        // ("file@line"), LOG-100 found ("file:line", sorted), the notes of a new reading that inherits ("file@line").
        // Set aside and resumed (1 file read at once): a's count goes on, so its 3rd line takes the 7th and 8th and stops it;
        // before, the resumed reading started at 0 (12 timeouts, a:5's LOG-100 found after 4 hostile lines).
        [InlineData("a:H a:H b:O a:H a:H a:O", 1, 4096, 8, "a@3", "b:1", "")]
        // Switching back and forth: before, 3 fresh timeouts at each return (9), and a:4 found.
        [InlineData("a:H b:O a:H b:O a:H b:O a:O", 1, 4096, 8, "a@3", "b:1 b:2 b:3", "")]
        // Set aside and not remembered (none kept): its later lines are a new reading, which inherits the count and says so.
        [InlineData("a:H a:H a:H b:O a:O", 1, 0, 8, "a@3", "b:1", "a@4")]
        // Given again after its patterns stopped: the new reading runs none and says so; before, a:1's LOG-100 was found again.
        [InlineData("a:H a:H a:H a:O |a:O", 64, 4096, 8, "a@3", "", "a@1")]
        // Given again after 3 entries were turned off (6 timeouts): the new reading takes the 7th and 8th on its first line.
        [InlineData("a:H a:H a:O |a:H a:O", 64, 4096, 8, "a@1", "a:3", "a@1")]
        // Guards (pass before): another file has its own count; lines of no known file are one reading; below the caps nothing is said.
        [InlineData("a:H a:H a:H b:O", 1, 4096, 8, "a@3", "b:1", "")]
        [InlineData("-:H -:H -:H -:O", 64, 4096, 8, "pipeline@3", "", "")]
        [InlineData("a:H b:O a:O |a:O", 1, 4096, 3, "", "a:1 a:2 b:1", "")]
        public void APipedFileTakesItsTimeoutsOncePerCommand(string lines, int maxOpen, int maxSuspended, int timeouts, string stops, string foundAt, string notes)
        {
            var off = new List<TeleportInputException>();
            var found = new List<Finding>();
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            catalog.PatternUndecided = _ => { };
            catalog.PatternTimedOut = off.Add;
            catalog.TimesOut = (entry, text, at) => text.IndexOf(Hostile, StringComparison.Ordinal) >= 0;
            string all = Hostile + string.Join(" ", catalog.Entries.Where(e => e.Prefilters.Length > 0).Select(e => e.Prefilters[0])) + " ";
            var piped = new PipedLogLines(catalog, found.Add, maxOpen, maxSuspended);
            var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
            var counts = ParseCounter.Start();
            foreach (var token in lines.Split(' '))
            {
                bool again = token.StartsWith("|", StringComparison.Ordinal);
                var parts = token.TrimStart('|').Split(':');
                string file = parts[0] == "-" ? null : parts[0];
                string key = file ?? "-";
                long n = again || !numbers.TryGetValue(key, out long last) ? 1 : last + 1;
                numbers[key] = n;
                piped.Feed(parts[1] == "H" ? all : Ordinary, file, file == null ? 0 : n);
            }
            piped.Flush();

            Assert.Equal(timeouts, counts.TryGetValue(ParseCounter.CatalogPatternTimeouts, out long t) ? t : 0);
            var stop = off.Where(e => e.Message.Contains("no known-error pattern is run on the rest of ", StringComparison.Ordinal));
            Assert.Equal(stops, string.Join(" ", stop.Select(e => e.Location.Path + "@" + e.Location.Line)));
            Assert.Equal(foundAt, string.Join(" ", found.Where(f => f.Id == "TMCP-LOG-100").Select(f => f.Source + ":" + f.LineNumber).OrderBy(x => x, StringComparer.Ordinal)));
            var said = off.Where(e => e.Message.Contains("a new reading of ", StringComparison.Ordinal)).ToList();
            Assert.Equal(notes, string.Join(" ", said.Select(e => e.Location.Path + "@" + e.Location.Line)));
            Assert.All(off, e => Assert.Equal(KnownErrorCatalog.PatternTimeoutCode, e.Code));
            foreach (var e in said)
                Assert.Contains(e.Message.Contains("no known-error pattern is run on this reading either", StringComparison.Ordinal)
                    ? ": its lines were not checked for known errors" : " turned off for it: its lines were not checked for them", e.Message, StringComparison.Ordinal);
        }
    }
}
