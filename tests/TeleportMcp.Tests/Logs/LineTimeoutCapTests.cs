using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// The bound on time lost to pattern timeouts (the module's own rule, "no input may hang past a timeout",
    /// docs/teleport-facts.md sessions 46/47; KnownErrorCatalog.LineTimeoutCap, ScanTimeoutCap): a line costs at most 3
    /// timeouts, after which the entries it would still run are Indeterminate for it (one KnownErrorIndeterminate error naming
    /// how many and which), never silently passed; a scan costs at most 8, after which no pattern runs (CatalogPatternTimeout,
    /// once). Timeouts come from the catalog's test hook (TimesOut) on texts holding HOSTILE, counted, not timed. The numbers
    /// 3 and 8 are written out (the rows read no new API, so they run on the start sha too: fail-before).
    /// </summary>
    public sealed class LineTimeoutCapTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-cap-" + Guid.NewGuid().ToString("N"));

        public LineTimeoutCapTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private const string Hostile = "HOSTILE ";
        private const int LineCap = 3;
        private const int ScanCap = 8;
        // LOG-100's text read as a short line (PatternTimeoutBudgetTests' Texts).
        private const string Ordinary = "Failed to proxy MCP request method:POST path:/mcp status_code:502 error:\"EOF\" ";

        // Every catalog entry's first prefilter text, joined: a line holding it hits (nearly) every entry.
        private static string AllTexts(KnownErrorCatalog c) =>
            Hostile + string.Join(" ", c.Entries.Where(e => e.Prefilters.Length > 0).Select(e => e.Prefilters[0])) + " ";

        private static string Filler(long n)
        {
            var sb = new StringBuilder((int)n);
            while (sb.Length + 8 <= n) sb.Append("abcdefg ");
            while (sb.Length < n) sb.Append('z');
            return sb.ToString();
        }

        private static readonly long Long = LogFileReader.MaxLineChars + 3L * LogScanner.LongWindow + 12_345;

        // A long line with the text at 4,096 (start) and/or every half window past its cut.
        private static string LongLine(string text, bool start, bool windows)
        {
            var line = new StringBuilder(Filler(Long));
            var places = new List<long>();
            if (start) places.Add(4096);
            if (windows)
                for (long at = LogFileReader.MaxLineChars + 4096; at + text.Length < Long - 4096; at += LogScanner.LongWindow / 2) places.Add(at);
            foreach (long at in places) line.Remove((int)at, text.Length).Insert((int)at, text);
            return line.ToString();
        }

        [Theory]
        // Lines (S: a short line holding every entry's text, L: a long line holding it in its start and every window, W: only in
        // the windows past its cut), each after HOSTILE; then LOG-100's ordinary line. hostile: "all" (every entry's pattern times
        // out on a HOSTILE text) or the ids that do. Expected: timeouts in the scan, the lines with an Indeterminate error for
        // entries not run, the line where the scan stopped running patterns (0: none), LOG-100 found on the ordinary line.
        [InlineData("S", "all", 3, "1", 0, true)]                     // one line: 3 timeouts, not ~270
        [InlineData("L", "all", 3, "1", 0, true)]                     // a long line: its start, windows and end share the 3
        [InlineData("W", "all", 3, "1", 0, true)]                     // the cap reached in the windows past the cut
        [InlineData("S S", "all", 6, "1 2", 0, true)]                 // each line its own 3 (the 2nd line's turn 3 entries off)
        [InlineData("S S S", "all", 8, "1 2", 3, false)]              // the 8th timeout stops the scan's patterns
        [InlineData("L S S S", "all", 8, "1 2", 3, false)]
        [InlineData("S S S S S S", "all", 8, "1 2", 3, false)]        // however many lines follow
        // Below the cap every entry runs (a short line only: on a 12 Mi start the real patterns of the other entries may
        // pass 2 s under load, seen here at load 40, which the count would take for the hook's).
        [InlineData("S", "TMCP-LOG-100,TMCP-LOG-003", 2, "", 0, true)]
        public void ALineCostsAtMostThreeTimeoutsAndAScanEightAndNoEntryPassesSilently(string lines, string hostile, int timeouts, string notRunLines, int stopLine, bool foundAfter)
        {
            var undecided = new List<TeleportInputException>();
            var off = new List<TeleportInputException>();
            var found = new List<Finding>();
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            catalog.PatternUndecided = undecided.Add;
            catalog.PatternTimedOut = off.Add;
            var ids = hostile == "all" ? null : new HashSet<string>(hostile.Split(','));
            var hostileCalls = new ConcurrentDictionary<string, int>();
            var log = new ConcurrentQueue<string>();
            catalog.TimesOut = (entry, text, at) =>
            {
                if (text.IndexOf(Hostile, StringComparison.Ordinal) < 0) return false;
                hostileCalls.AddOrUpdate(entry.Id, 1, (_, n) => n + 1);
                if (ids != null && ids.Contains(entry.Id)) log.Enqueue(entry.Id + " len=" + text.Length + " at=" + at + "\n" + Environment.StackTrace);
                return ids == null || ids.Contains(entry.Id);
            };
            string all = AllTexts(catalog);
            var shapes = lines.Split(' ');
            var content = new StringBuilder();
            foreach (var s in shapes)
                content.Append(s == "S" ? all : LongLine(all, s == "L", true)).Append('\n');
            content.Append(Ordinary).Append('\n');
            string path = Path.Combine(_dir, "cap.log");
            File.WriteAllText(path, content.ToString(), new UTF8Encoding(false));
            var counts = ParseCounter.Start();
            LogFileReader.Scan(path, new LogScanner(catalog, path, found.Add));

            long taken = counts.TryGetValue(ParseCounter.CatalogPatternTimeouts, out long t) ? t : 0;
            Assert.True(timeouts == taken, taken + " timeouts:\n" + string.Join("\n", log));
            Assert.InRange(taken, 0, Math.Min(ScanCap, LineCap * shapes.Length));
            // Errors naming entries not run on a line ("known errors A, B (n entries whose prefilter text occurs in it)").
            var notRun = undecided.Where(e => e.Message.Contains(" whose prefilter text occurs in it) ", StringComparison.Ordinal)).ToList();
            Assert.Equal(notRunLines, string.Join(" ", notRun.Select(e => e.Location.Line)));
            Assert.All(notRun, e => Assert.Equal(KnownErrorCatalog.IndeterminateCode, e.Code));
            Assert.All(notRun, e => Assert.Contains("ran longer than 2 s on it, the most one line may cost (3 pattern timeouts a line)", e.Message, StringComparison.Ordinal));
            var stop = off.Where(e => e.Message.Contains("no known-error pattern is run on the rest of " + path, StringComparison.Ordinal)).ToList();
            if (stopLine == 0) Assert.Empty(stop);
            else Assert.Equal(stopLine, Assert.Single(stop).Location.Line);
            Assert.Equal(foundAfter, found.Any(f => f.Id == "TMCP-LOG-100" && f.LineNumber == shapes.Length + 1));

            // No entry passes silently on a hostile line: every entry whose text the line holds is found there, named by an
            // error for that line (Indeterminate alone or in a not-run list), turned off with its line named, or not run because
            // an earlier line turned it off or the scan stopped.
            var named = new Dictionary<int, HashSet<string>>();
            void Name(int line, string id)
            {
                if (!named.TryGetValue(line, out var set)) named[line] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(id);
            }
            foreach (var e in undecided)
            {
                var m = Regex.Match(e.Message, @"known errors? ([A-Za-z0-9._, -]+?) (\(|is )");
                Assert.True(m.Success, e.Message);
                foreach (var id in m.Groups[1].Value.Split(", ")) Name(e.Location.Line, id);
            }
            var offAt = new Dictionary<string, int>();
            foreach (var e in off)
            {
                var m = Regex.Match(e.Message, @"known error (\S+) ran longer than 2 s on the record at .*:(\d+) after");
                Assert.True(m.Success, e.Message);
                offAt[m.Groups[1].Value] = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            for (int line = 1; line <= shapes.Length; line++)
            {
                if (stopLine > 0 && line >= stopLine) break; // the stop error names its line and every line after it
                foreach (var entry in catalog.Entries)
                {
                    if (entry.Match == null || !entry.Prefilters.Any(p => all.Contains(p, StringComparison.Ordinal))) continue;
                    if (offAt.TryGetValue(entry.Id, out int at) && at <= line) continue;
                    bool said = found.Any(f => f.LineNumber == line && f.Id == entry.Id) || (named.TryGetValue(line, out var set) && set.Contains(entry.Id));
                    // Below the cap an entry whose pattern ran and did not match is decided: not said.
                    bool ran = hostileCalls.ContainsKey(entry.Id) && (ids == null || !ids.Contains(entry.Id));
                    Assert.True(said || ran, entry.Id + " passed silently on line " + line);
                }
            }
        }

        // The caps are per input (review 332, session 47): a hostile file that stops its own pattern matching (8 timeouts) or
        // turns an entry off (the 4th) leaves the next files of the same command (one catalog, LogFiles.Scan as
        // Find-TeleportMcpError and the diagnosis read -LogPath) checked in full; the stop error names its file and line. Files
        // in order: "H" five short lines holding every entry's text after HOSTILE (every pattern times out there), "O" LOG-100's
        // ordinary line. Expected: the files (1-based) where LOG-100 is found on their ordinary line, the files whose stop
        // error is said (with the line), timeouts in all. The module's own rule ("no input may hang past a timeout").
        [Theory]
        [InlineData("H O", "2", "1@3", 8)]          // before: the stop was the catalog's, so file 2's LOG-100 was not found
        [InlineData("H H O", "3", "1@3 2@3", 16)]   // each hostile file its own 8
        [InlineData("O H O", "1 3", "2@3", 8)]
        public void AHostileFileStopsOnlyItsOwnPatternMatching(string files, string foundIn, string stops, int timeouts)
        {
            var undecided = new List<TeleportInputException>();
            var off = new List<TeleportInputException>();
            var found = new List<Finding>();
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            catalog.PatternUndecided = undecided.Add;
            catalog.PatternTimedOut = off.Add;
            catalog.TimesOut = (entry, text, at) => text.IndexOf(Hostile, StringComparison.Ordinal) >= 0;
            string all = AllTexts(catalog);
            var paths = new List<string>();
            var shapes = files.Split(' ');
            for (int i = 0; i < shapes.Length; i++)
            {
                string path = Path.Combine(_dir, "f" + (i + 1) + ".log");
                File.WriteAllText(path, shapes[i] == "H" ? string.Concat(Enumerable.Repeat(all + "\n", 5)) + Ordinary + "\n" : Ordinary + "\n", new UTF8Encoding(false));
                paths.Add(path);
            }
            var counts = ParseCounter.Start();
            LogFiles.Scan(catalog, paths, found.Add, f => Assert.Fail(f.Error.Message), System.Threading.CancellationToken.None);

            Assert.Equal(timeouts, counts.TryGetValue(ParseCounter.CatalogPatternTimeouts, out long t) ? t : 0);
            var inFiles = found.Where(f => f.Id == "TMCP-LOG-100").Select(f => paths.IndexOf(f.Source!) + 1).Distinct().OrderBy(i => i);
            Assert.Equal(foundIn, string.Join(" ", inFiles));
            var stop = off.Where(e => e.Message.Contains("no known-error pattern is run on the rest of ", StringComparison.Ordinal)).ToList();
            Assert.Equal(stops, string.Join(" ", stop.Select(e => (paths.IndexOf(e.Location.Path) + 1) + "@" + e.Location.Line)));
            foreach (var e in stop)
            {
                string n = e.Location.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.Contains("so in " + e.Location.Path + " the entries not yet run on line " + n + " and every line after line " + n + " were not checked", e.Message, StringComparison.Ordinal);
            }
        }

        // A match that times out leaves its text in the pattern's runner (.NET 10, measured; session 46: a 12 Mi line start,
        // 24 MB, kept after the scan): at the end of the input the scan drops it (KnownErrorCatalog.ReleaseTexts). A real
        // timeout (2 s): the admin pattern '^(a+)+$' on a line starting with 40 'a's and a '!' (PatternTimeoutBudgetTests').
        // Read through reflection: the Regex's cached runner (_runner, .NET 7+) and its runmatch's text.
        [Theory]
        [InlineData(13 << 20)]   // a long line: its 12 Mi start timed out (kept before: 12 Mi)
        [InlineData(2 << 20)]    // a 2 Mi line read whole (kept before: 2 Mi)
        public void APatternLetsGoOfTheTextItTimedOutOnWhenTheInputEnds(int length)
        {
            string admin = Path.Combine(_dir, "keep.yaml");
            File.WriteAllText(admin, "entries:\n  - id: MY-KEEP\n    severity: Error\n    title: t\n    prefilter: aaaa\n    match: '^(a+)+$'\n    cause: c\n    fix: f\n");
            var errors = new List<TeleportInputException>();
            var catalog = KnownErrorCatalog.Load(new[] { admin }, errors);
            Assert.Empty(errors);
            var undecided = new List<TeleportInputException>();
            catalog.PatternUndecided = undecided.Add;
            var line = new StringBuilder(Filler(length));
            line.Remove(0, 41).Insert(0, new string('a', 40) + "!");
            string path = Path.Combine(_dir, "keep.log");
            File.WriteAllText(path, line + "\n", new UTF8Encoding(false));
            LogFileReader.Scan(path, new LogScanner(catalog, path, _ => { }));
            // It did time out (else nothing was kept to drop).
            Assert.Single(undecided, e => e.Message.Contains("MY-KEEP", StringComparison.Ordinal) && e.Message.Contains("ran longer than 2 s", StringComparison.Ordinal));
            Assert.Equal(0, KeptText(catalog.Entries.Single(e => e.Id == "MY-KEEP").Match));
        }

        private static int KeptText(Regex regex)
        {
            var runner = typeof(Regex).GetField("_runner", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(regex);
            Assert.NotNull(runner);
            var type = typeof(RegexRunner);
            var runtext = (string)type.GetField("runtext", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(runner);
            var match = (Match)type.GetField("runmatch", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(runner);
            var text = match == null ? null : (string)typeof(Capture).GetProperty("Text", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(match);
            return Math.Max(runtext?.Length ?? 0, text?.Length ?? 0);
        }
    }
}
