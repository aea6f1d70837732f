using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// A catalog pattern that runs past its match timeout on a line (KnownErrorCatalog.LineTimedOut): the entry is Indeterminate
    /// for that line only (KnownErrorIndeterminate, with the reason and the line), no later part of the line (a long line's
    /// windows, its end record) runs it again, and the next lines are checked for it, while the scan's budget of such timeouts
    /// (KnownErrorCatalog.LineTimeoutBudget) lasts; after it, a timeout turns its entry off for the rest of the scan
    /// (CatalogPatternTimeout). A timeout is made by the catalog's test hook (TimesOut) on the lines that hold the word
    /// HOSTILE, and counted (each call of the hook is a call of the entry's pattern): the bound is shown by counts, not times.
    /// The module's own rule (LogScanner.cs, LogScannerLongLines.cs), no Teleport source. Texts as LongLineDecideTests'.
    /// </summary>
    public sealed class PatternTimeoutBudgetTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-budget-" + Guid.NewGuid().ToString("N"));

        public PatternTimeoutBudgetTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        // Texts each entry is found in when read as a short line (LongLineDecideTests' rows).
        private static readonly Dictionary<string, string> Texts = new Dictionary<string, string>
        {
            ["TMCP-LOG-100"] = "Failed to proxy MCP request method:POST path:/mcp status_code:502 error:\"EOF\" ",
            ["TMCP-LOG-105"] = "Failed to set up MCP session handler error:\"boom\" ",
            ["TMCP-LOG-003"] = "exec: \"npx\": executable file not found in $PATH ",
        };

        private const string Hostile = "HOSTILE ";

        private static string Filler(long n)
        {
            var sb = new StringBuilder((int)n);
            while (sb.Length + 8 <= n) sb.Append("abcdefg ");
            while (sb.Length < n) sb.Append('z');
            return sb.ToString();
        }

        private static readonly long Long = LogFileReader.MaxLineChars + 3L * LogScanner.LongWindow + 12_345;

        // A long line holding HOSTILE + each entry's text in its start (at 4,096) and/or in every half window past its cut.
        private static string LongLine(IEnumerable<string> ids, bool start, bool windows)
        {
            var line = new StringBuilder(Filler(Long));
            string text = string.Concat(ids.Select(id => Hostile + Texts[id]));
            var places = new List<long>();
            if (start) places.Add(4096);
            if (windows)
                for (long at = LogFileReader.MaxLineChars + 4096; at + text.Length < Long - 4096; at += LogScanner.LongWindow / 2) places.Add(at);
            foreach (long at in places) line.Remove((int)at, text.Length).Insert((int)at, text);
            return line.ToString();
        }

        private sealed class Run
        {
            internal readonly List<Finding> Found = new List<Finding>();
            internal readonly List<TeleportInputException> Undecided = new List<TeleportInputException>();
            internal readonly List<TeleportInputException> TurnedOff = new List<TeleportInputException>();
            // Calls of each entry's pattern on a text holding HOSTILE (each one timed out), and on other texts.
            internal readonly ConcurrentDictionary<string, int> HostileCalls = new ConcurrentDictionary<string, int>();
            internal readonly ConcurrentDictionary<string, int> OtherCalls = new ConcurrentDictionary<string, int>();
            internal ConcurrentDictionary<string, long> Counts = new ConcurrentDictionary<string, long>();
            internal KnownErrorCatalog Catalog = null!;
        }

        private Run Scan(string content, ISet<string> hostileIds)
        {
            var run = new Run();
            run.Catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            run.Catalog.PatternUndecided = run.Undecided.Add;
            run.Catalog.PatternTimedOut = run.TurnedOff.Add;
            run.Catalog.TimesOut = (entry, text, at) =>
            {
                bool hostile = text.IndexOf(Hostile, StringComparison.Ordinal) >= 0;
                (hostile ? run.HostileCalls : run.OtherCalls).AddOrUpdate(entry.Id, 1, (_, n) => n + 1);
                return hostile && hostileIds.Contains(entry.Id);
            };
            string path = Path.Combine(_dir, "budget.log");
            File.WriteAllText(path, content, new UTF8Encoding(false));
            run.Counts = ParseCounter.Start();
            LogFileReader.Scan(path, new LogScanner(run.Catalog, path, run.Found.Add));
            return run;
        }

        private static long Counted(Run run, string what) => run.Counts.TryGetValue(what, out long n) ? n : 0;

        [Theory]
        // ids whose pattern times out on the long line (line 2), where the line holds their text: its start (the first 12 Mi),
        // every window past it, or both. Line 3 is an ordinary short line holding the same texts.
        [InlineData("TMCP-LOG-100", true, true)]                // Exact in a window (its lookaheads always true); review 302 finding 3
        [InlineData("TMCP-LOG-100", false, true)]
        [InlineData("TMCP-LOG-105", true, true)]                // Exact; "session" withholds the line's text
        [InlineData("TMCP-LOG-003", true, true)]                // Existence in a window (no bound on its quoted value)
        [InlineData("TMCP-LOG-003", false, true)]
        [InlineData("TMCP-LOG-100,TMCP-LOG-003", true, true)]    // two entries on one line: one timeout each
        [InlineData("TMCP-LOG-100,TMCP-LOG-105,TMCP-LOG-003", false, true)]
        public void APatternThatTimesOutOnALongLineIsIndeterminateThereOnlyAndRunThereOnce(string ids, bool start, bool windows)
        {
            var hostile = new HashSet<string>(ids.Split(','));
            string line = LongLine(hostile, start, windows);
            string ordinary = string.Concat(hostile.Select(id => Texts[id]));
            var run = Scan("first line\n" + line + "\n" + ordinary + "\n", hostile);

            Assert.Empty(run.TurnedOff);
            Assert.Equal(hostile.Count, Counted(run, ParseCounter.CatalogPatternTimeouts));
            foreach (var id in hostile)
            {
                // One call on the line (it timed out), however many windows hold the text: 1 x windows otherwise.
                Assert.Equal(1, run.HostileCalls.GetValueOrDefault(id));
                var u = Assert.Single(run.Undecided, e => e.Message.Contains(": known error " + id + " is Indeterminate", StringComparison.Ordinal));
                Assert.Equal(KnownErrorCatalog.IndeterminateCode, u.Code);
                Assert.Equal(2, u.Location.Line);
                Assert.Contains(":2 (" + LogScanner.LineLengthText(Long) + ", longer than", u.Message, StringComparison.Ordinal);
                Assert.Contains("its pattern ran longer than 2 s on it, so it was not run on the line again", u.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(run.Found, f => f.LineNumber == 2 && f.Id == id);
                // The next line is checked for it.
                Assert.Single(run.Found, f => f.LineNumber == 3 && f.Id == id);
                Assert.False(run.Catalog.IsTurnedOff(run.Catalog.Entries.ToList().FindIndex(e => e.Id == id)));
            }
        }

        [Theory]
        // Lines in order: "L:id" a long line, "S:id" a short line, holding HOSTILE + the entry's text (its pattern times out
        // there); then one ordinary short line per id. Expected: the lines (1-based) made Indeterminate for an entry ("id@line"),
        // the entries turned off (CatalogPatternTimeout "id@line"), the ids found on the ordinary lines. Budget: 3 a scan.
        [InlineData("S:TMCP-LOG-100", "TMCP-LOG-100@1", "", "TMCP-LOG-100")]
        [InlineData("S:TMCP-LOG-100 S:TMCP-LOG-100 S:TMCP-LOG-100", "TMCP-LOG-100@1 TMCP-LOG-100@2 TMCP-LOG-100@3", "", "TMCP-LOG-100")]
        [InlineData("S:TMCP-LOG-100 S:TMCP-LOG-100 S:TMCP-LOG-100 S:TMCP-LOG-100 S:TMCP-LOG-100 S:TMCP-LOG-100",
                    "TMCP-LOG-100@1 TMCP-LOG-100@2 TMCP-LOG-100@3", "TMCP-LOG-100@4", "")]
        // The budget is the scan's, not the entry's: LOG-003's first timeout, after three of LOG-100, turns LOG-003 off.
        [InlineData("S:TMCP-LOG-100 S:TMCP-LOG-100 S:TMCP-LOG-100 S:TMCP-LOG-003 S:TMCP-LOG-100",
                    "TMCP-LOG-100@1 TMCP-LOG-100@2 TMCP-LOG-100@3", "TMCP-LOG-003@4 TMCP-LOG-100@5", "")]
        [InlineData("S:TMCP-LOG-105 S:TMCP-LOG-003 S:TMCP-LOG-105 S:TMCP-LOG-003",
                    "TMCP-LOG-105@1 TMCP-LOG-003@2 TMCP-LOG-105@3", "TMCP-LOG-003@4", "TMCP-LOG-105")]
        // Long lines take from the same budget, one timeout each however many windows.
        [InlineData("L:TMCP-LOG-100 S:TMCP-LOG-100 S:TMCP-LOG-100 L:TMCP-LOG-100 L:TMCP-LOG-100",
                    "TMCP-LOG-100@1 TMCP-LOG-100@2 TMCP-LOG-100@3", "TMCP-LOG-100@4", "")]
        public void AScanTakesABudgetOfTimeoutsLineByLineThenTurnsTheEntryOff(string lines, string indeterminate, string turnedOff, string foundAfter)
        {
            var items = lines.Split(' ').Select(x => (Long: x[0] == 'L', Id: x.Substring(2))).ToList();
            var hostile = new HashSet<string>(items.Select(x => x.Id));
            var content = new StringBuilder();
            foreach (var (isLong, id) in items)
                content.Append(isLong ? LongLine(new[] { id }, true, true) : Hostile + Texts[id]).Append('\n');
            var ids = hostile.OrderBy(x => x, StringComparer.Ordinal).ToList();
            foreach (var id in ids) content.Append(Texts[id]).Append('\n');
            var run = Scan(content.ToString(), hostile);

            string Said(IEnumerable<TeleportInputException> errors) =>
                string.Join(" ", errors.Select(e => Regex.Match(e.Message, "known error (\\S+) ").Groups[1].Value + "@" + LineOf(e)));
            Assert.Equal(indeterminate, Said(run.Undecided));
            Assert.All(run.Undecided, e => Assert.Equal(KnownErrorCatalog.IndeterminateCode, e.Code));
            Assert.Equal(turnedOff, Said(run.TurnedOff));
            Assert.All(run.TurnedOff, e => Assert.Equal(KnownErrorCatalog.PatternTimeoutCode, e.Code));
            Assert.Equal(foundAfter, string.Join(" ", run.Found.Where(f => f.LineNumber > items.Count && hostile.Contains(f.Id)).Select(f => f.Id).Distinct()));
            // The bound: every timeout is counted, each line at most one per entry, and the scan at most budget + entries.
            long timeouts = Counted(run, ParseCounter.CatalogPatternTimeouts);
            Assert.Equal(indeterminate.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length + turnedOff.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, timeouts);
            Assert.InRange(timeouts, 0, KnownErrorCatalog.LineTimeoutBudget + hostile.Count);
            Assert.Equal(timeouts, hostile.Sum(id => run.HostileCalls.GetValueOrDefault(id)));
            // An entry turned off is not run again: on the ordinary lines only the ones still on run.
            foreach (var id in ids)
                Assert.Equal(turnedOff.Contains(id, StringComparison.Ordinal) ? 0 : 1, run.OtherCalls.GetValueOrDefault(id));
        }

        private static int LineOf(TeleportInputException e)
        {
            // CatalogPatternTimeout names the entry's definition as its location and the line in its message.
            if (e.Code != KnownErrorCatalog.PatternTimeoutCode) return e.Location.Line;
            string m = e.Message;
            int at = m.IndexOf(" s on the record at ", StringComparison.Ordinal) + " s on the record at ".Length;
            int end = m.IndexOf(" after", at, StringComparison.Ordinal);
            string where = m.Substring(at, end - at);
            return int.Parse(where.Substring(where.LastIndexOf(':') + 1), System.Globalization.CultureInfo.InvariantCulture);
        }

        // A real timeout (no hook): an admin pattern that backtracks without end, '^(a+)+$', on a long line whose start is 40
        // 'a's and a '!' (the record of its start times out, LogEngineTests' pattern); the next line 'aaaa' is found. Before, the
        // entry was turned off at the first timeout and the next line was not checked (review 302 finding 3's shape).
        [Fact]
        public void ARealTimeoutOnALongLinesStartLeavesTheNextLineChecked()
        {
            string admin = Path.Combine(_dir, "redos.yaml");
            File.WriteAllText(admin, "entries:\n  - id: MY-001\n    severity: Error\n    title: t\n    prefilter: aaaa\n    match: '^(a+)+$'\n    cause: c\n    fix: f\n");
            var errors = new List<TeleportInputException>();
            var catalog = KnownErrorCatalog.Load(new[] { admin }, errors);
            Assert.Empty(errors);
            var undecided = new List<TeleportInputException>();
            var off = new List<TeleportInputException>();
            catalog.PatternUndecided = undecided.Add;
            catalog.PatternTimedOut = off.Add;
            var line = new StringBuilder(Filler(Long));
            line.Remove(0, 41).Insert(0, new string('a', 40) + "!");
            string path = Path.Combine(_dir, "redos.log");
            File.WriteAllText(path, line + "\naaaa\n", new UTF8Encoding(false));
            var found = new List<Finding>();
            LogFileReader.Scan(path, new LogScanner(catalog, path, found.Add));
            Assert.Empty(off);
            var u = Assert.Single(undecided, e => e.Message.Contains(": known error MY-001 is Indeterminate", StringComparison.Ordinal));
            Assert.Equal(1, u.Location.Line);
            Assert.Contains("ran longer than 2 s", u.Message, StringComparison.Ordinal);
            Assert.Single(found, f => f.Id == "MY-001" && f.LineNumber == 2);
        }
    }
}
