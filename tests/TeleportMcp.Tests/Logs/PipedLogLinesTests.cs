using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// Lines of several files piped as one stream (Get-Content a.log, b.log): each line comes with the file Get-Content read
    /// it from and its number there (PSPath, ReadCount), or with neither. Each row is the stream, one line per '\n' as
    /// "file|number|text" (empty file and 0: not known), and the findings as id@source:line|app, in order.
    /// </summary>
    public class PipedLogLinesTests
    {
        private const string A = "/home/a/.config/Code/logs/20260302T100000/window1/mcpServer.mcp.config.usrlocal.teleport-mcp-demo.log";
        private const string B = "/home/a/.config/Code/logs/20260302T100000/window1/mcpServer.mcp.config.usrlocal.teleport-mcp-files.log";
        private const string Start = "2026-03-02 10:00:00.100 [info] Starting server teleport-mcp-demo";
        private const string Wait05 = "2026-03-02 10:00:05.150 [info] Waiting for server to respond to `initialize` request...";
        private const string Wait10 = "2026-03-02 10:00:10.150 [info] Waiting for server to respond to `initialize` request...";
        private const string Tools = "2026-03-02 10:00:06.000 [info] Discovered 4 tools";
        private const string Relogin = "ERROR: cannot relogin in non-interactive session";
        private const string Cause = "\tssh: cert has expired";

        private static List<Finding> Feed(string stream)
        {
            var found = new List<Finding>();
            var piped = new PipedLogLines(KnownErrorCatalog.Embedded, found.Add);
            foreach (var row in stream.Split('\n'))
            {
                var parts = row.Split(new[] { '|' }, 3);
                // "5*": line 5, known to start a read of its own (PipedBlocks.Line: another Get-Content command's line).
                bool newRead = parts[1].EndsWith("*", StringComparison.Ordinal);
                piped.Feed(parts[2], parts[0].Length == 0 ? null : parts[0], long.Parse(parts[1].TrimEnd('*'), System.Globalization.CultureInfo.InvariantCulture), newRead);
            }
            piped.Flush();
            return found;
        }

        private static string Key(Finding f) => f.Id + "@" + f.Source + ":" + f.LineNumber + "|" + f.App;

        private static string Lines(params string[] rows) => string.Join("\n", rows);

        [Theory]
        // Two VS Code server logs interleaved: the other server's reply does not close this one's wait (TMCP-LOG-263).
        [InlineData(new[] { A + "|1|" + Start, A + "|2|" + Wait05, B + "|1|" + Tools, A + "|3|" + Wait10 }, "TMCP-LOG-263@" + A + ":2|demo")]
        // The same lines without their files are one stream, as before: the reply closes the wait, the next wait opens another.
        [InlineData(new[] { "|0|" + Start, "|0|" + Wait05, "|0|" + Tools, "|0|" + Wait10 }, "TMCP-LOG-263@pipeline:4|")]
        // A tsh record at the end of one file is not continued by the next file's first line.
        [InlineData(new[] { "/tmp/a.log|1|" + Relogin, "/tmp/b.log|1|" + Cause }, "TMCP-LOG-190@/tmp/a.log:1|")]
        [InlineData(new[] { "|0|" + Relogin, "|0|" + Cause }, "TMCP-LOG-190@pipeline:1|")]
        // Lines a filter left out keep the file's numbers (Get-Content | Select-Object -Skip 40).
        [InlineData(new[] { A + "|41|" + Start, A + "|42|" + Wait05, A + "|43|" + Wait10 }, "TMCP-LOG-263@" + A + ":42|demo")]
        [InlineData(new[] { A + "|1|" + Start, A + "|9|" + Wait05 }, "TMCP-LOG-263@" + A + ":9|demo")]
        // A file given twice (Get-Content a.log, a.log) is read twice: the second reading's start does not close the first's wait.
        [InlineData(new[] { A + "|1|" + Start, A + "|2|" + Wait05, A + "|1|" + Start, A + "|2|" + Wait05 },
            "TMCP-LOG-263@" + A + ":2|demo;TMCP-LOG-263@" + A + ":2|demo")]
        // A line of another read of the file (a second Get-Content command, filtered: Select-Object -Skip 4) starts its own
        // reading, though its number is past the last: the first read's wait ends with its read (before: one wait, at 2).
        [InlineData(new[] { A + "|1|" + Start, A + "|2|" + Wait05, A + "|5*|" + Wait10 }, "TMCP-LOG-263@" + A + ":2|demo;TMCP-LOG-263@" + A + ":5|demo")]
        [InlineData(new[] { A + "|1|" + Start, A + "|2|" + Wait05, A + "|5|" + Wait10 }, "TMCP-LOG-263@" + A + ":2|demo")]
        // A line without a number (a deserialized line that lost ReadCount) goes on from the file's last one.
        [InlineData(new[] { A + "|0|" + Start, A + "|0|" + Wait05 }, "TMCP-LOG-263@" + A + ":2|demo")]
        // Named and unnamed lines in one stream: each kind its own input.
        [InlineData(new[] { "|0|" + Relogin, "/tmp/b.log|1|" + Cause, "|0|" + Cause }, "TMCP-LOG-190@pipeline:1|")]
        public void EachFileIsItsOwnInput(string[] rows, string expected)
        {
            var found = Feed(Lines(rows));
            Assert.Equal(expected.Length == 0 ? new List<string>() : expected.Split(';').ToList(), found.Select(Key).ToList());
        }

        [Fact]
        public void CauseStaysWithItsFile()
        {
            var alone = Assert.Single(Feed(Lines("/tmp/a.log|1|" + Relogin, "/tmp/b.log|1|" + Cause)));
            Assert.Contains("failed with '<error>'", alone.Cause, StringComparison.Ordinal);
            var joined = Assert.Single(Feed(Lines("|0|" + Relogin, "|0|" + Cause)));
            Assert.Contains("failed with 'ssh: cert has expired'", joined.Cause, StringComparison.Ordinal);
            Assert.Equal(SourceLocation.Pipeline, joined.Source);
        }

        // At most so many files are read at once: one more suspends the file fed longest ago. Its record ends there, but its
        // wait is kept for its later lines, which continue it (one finding, counted on) or answer it (none), numbered as the file.
        [Theory]
        [InlineData(1, Wait10, "TMCP-LOG-263@" + A + ":2|demo", "2 time(s)")]
        [InlineData(2, Wait10, "TMCP-LOG-263@" + A + ":2|demo", "2 time(s)")]
        [InlineData(1, Tools, "", null)]
        [InlineData(2, Tools, "", null)]
        // The suspended file read again from its start: the first reading's wait ends there, the second has its own.
        [InlineData(1, "1|" + Start, "TMCP-LOG-263@" + A + ":2|demo", "1 time(s)")]
        public void ReadsAtMostSoManyFilesAtOnce(int maxOpen, string next, string expected, string count)
        {
            var found = new List<Finding>();
            var piped = new PipedLogLines(KnownErrorCatalog.Embedded, found.Add, maxOpen);
            piped.Feed(Start, A, 1);
            piped.Feed(Wait05, A, 2);
            piped.Feed(Tools, B, 1);
            if (next.StartsWith("1|", StringComparison.Ordinal))
            {
                piped.Feed(next.Substring(2), A, 1);
                piped.Feed(Wait05, A, 2);
                expected += ";" + expected;
            }
            else piped.Feed(next, A, 3);
            piped.Flush();
            Assert.Equal(expected.Length == 0 ? new List<string>() : expected.Split(';').ToList(), found.Select(Key).ToList());
            Assert.All(found, f => Assert.Contains(count, f.Cause, StringComparison.Ordinal));
            Assert.Equal(next.StartsWith("1|", StringComparison.Ordinal) ? 5 : 4, piped.LineCount);
        }

        // More files interleaved than are read at once (the lines of 70 VS Code logs sorted by time): each wait is one finding,
        // at its first line in its file, counting every wait line of it.
        [Theory]
        [InlineData(70, 3)]
        [InlineData(PipedLogLines.DefaultMaxOpen + 1, 4)]
        [InlineData(200, 2)]
        // More than are read at once and kept set aside (4 + 8 here; 64 + 4,096 by default): before, past them a wait was
        // reported again at its file's next line.
        [InlineData(40, 2, 4, 8)]
        [InlineData(40, 3, 4, 8)]
        public void EachWaitOnceWhenMoreFilesComeInterleavedThanAreReadAtOnce(int files, int waits, int maxOpen = PipedLogLines.DefaultMaxOpen, int maxSuspended = 4096)
        {
            var found = new List<Finding>();
            var piped = new PipedLogLines(KnownErrorCatalog.Embedded, found.Add, maxOpen, maxSuspended);
            string Name(int i) => "/logs/window1/mcpServer.mcp.config.usrlocal.teleport-mcp-app" + i + ".log";
            for (int i = 0; i < files; i++) piped.Feed(Start, Name(i), 1);
            for (int w = 0; w < waits; w++)
                for (int i = 0; i < files; i++) piped.Feed(Wait05, Name(i), 2 + w);
            piped.Flush();
            Assert.Equal(Enumerable.Range(0, files).Select(i => "TMCP-LOG-263@" + Name(i) + ":2|app" + i).OrderBy(k => k, StringComparer.Ordinal),
                found.Select(Key).OrderBy(k => k, StringComparer.Ordinal));
            // Past what is kept set aside, a wait is reported when its file is dropped, with what it counted by then.
            if (files <= maxOpen + maxSuspended) Assert.All(found, f => Assert.Contains(waits + " time(s)", f.Cause, StringComparison.Ordinal));
            Assert.Equal(files * (1 + waits), piped.LineCount);
        }

        // Suspended files are remembered up to a bound too: past it, the one suspended longest ago is dropped: its wait is
        // reported then (said once), and its later lines of the same wait are that finding's, not a second one. Before, the
        // wait was reported again at its next line (A:1 and A:2).
        [Theory]
        // A later record of the same wait goes on with it (no second finding); read whole, the file logs it twice: the finding
        // written says once, and cannot be taken back, so a warning at the file's last record of it says so (before: nothing).
        [InlineData(Wait10, "TMCP-LOG-263@" + A + ":1|demo;TMCP-LOG-263@" + B + ":1|files;TMCP-LOG-263@/tmp/d.log:1|", A + ":2: the wait (TMCP-LOG-263) reported at line 1 with 1 record(s) when this file was set aside")]
        // A later line that answers it: read whole, the file has no wait finding; the one written when the file was dropped
        // cannot be taken back, so a warning at that line names it as not holding (before: nothing said).
        [InlineData(Tools, "TMCP-LOG-263@" + A + ":1|demo;TMCP-LOG-263@" + B + ":1|files;TMCP-LOG-263@/tmp/d.log:1|", A + ":2: this record ends the wait (TMCP-LOG-263) reported at line 1 when this file was set aside")]
        // Another error after it is its own finding, at its line, and ends the wait as well.
        [InlineData(Relogin, "TMCP-LOG-263@" + A + ":1|demo;TMCP-LOG-190@" + A + ":2|demo;TMCP-LOG-263@" + B + ":1|files;TMCP-LOG-263@/tmp/d.log:1|", A + ":2: this record ends the wait (TMCP-LOG-263) reported at line 1 when this file was set aside")]
        public void SuspendedFilesPastTheirBoundAreReportedOnce(string next, string expected, string withdrawn)
        {
            var found = new List<Finding>();
            var warnings = new List<string>();
            var piped = new PipedLogLines(KnownErrorCatalog.Embedded, found.Add, 1, 1) { Warning = warnings.Add };
            piped.Feed(Wait05, A, 1);
            piped.Feed(Wait05, B, 1);
            piped.Feed(Tools, "/tmp/c.log", 1);
            Assert.Equal(new[] { "TMCP-LOG-263@" + A + ":1|demo" }, found.Select(Key).ToArray());
            piped.Feed(next, A, 2);
            piped.Feed(Wait10, "/tmp/d.log", 1);
            piped.Flush();
            Assert.Equal(expected.Split(';').OrderBy(k => k, StringComparer.Ordinal), found.Select(Key).OrderBy(k => k, StringComparer.Ordinal));
            Assert.StartsWith(A + ":1: more than 2 files were piped interleaved (", warnings[0], StringComparison.Ordinal);
            Assert.Equal(withdrawn.Length == 0 ? Array.Empty<string>() : new[] { withdrawn }, warnings.Skip(1).Select(w => w.Substring(0, w.IndexOf(" (more", StringComparison.Ordinal))));
            Assert.Equal(5, piped.LineCount);
        }

        // Waits that their files' later lines answer: read whole, no file has a finding. Past what is kept set aside (4 + 8
        // here), a dropped file's wait is written when it is dropped; each such finding is then named, at the line that
        // answers it, by a warning that it does not hold: what is written less what is withdrawn is the whole read's.
        [Theory]
        [InlineData(40, 4, 8)]
        [InlineData(40, 1, 0)]
        public void EachWaitReportedWhenDroppedAndThenAnsweredIsWithdrawn(int files, int maxOpen, int maxSuspended)
        {
            var found = new List<Finding>();
            var warnings = new List<string>();
            var piped = new PipedLogLines(KnownErrorCatalog.Embedded, found.Add, maxOpen, maxSuspended) { Warning = warnings.Add };
            string Name(int i) => "/logs/window1/mcpServer.mcp.config.usrlocal.teleport-mcp-app" + i + ".log";
            var lines = new[] { Start, Wait05, Wait10, Tools };
            for (int l = 0; l < lines.Length; l++)
                for (int i = 0; i < files; i++) piped.Feed(lines[l], Name(i), l + 1);
            piped.Flush();
            Assert.NotEmpty(found);
            var withdrawn = warnings.Where(w => w.Contains(": this record ends the wait", StringComparison.Ordinal)).ToList();
            Assert.Equal(found.Select(f => f.Source + ":4: this record ends the wait (" + f.Id + ") reported at line " + f.LineNumber + " ").OrderBy(k => k, StringComparer.Ordinal),
                withdrawn.Select(w => w.Substring(0, w.IndexOf("when", StringComparison.Ordinal))).OrderBy(k => k, StringComparer.Ordinal));
            var whole = new List<Finding>();
            var one = new PipedLogLines(KnownErrorCatalog.Embedded, whole.Add);
            foreach (var line in lines) one.Feed(line, Name(0), 0);
            one.Flush();
            Assert.Empty(whole);
        }

        // A dropped wait that goes on is counted through every later suspension and drop of its file: the warning at the file's
        // end gives the whole count and the last record's line (before: the count stayed the one written at the drop).
        [Fact]
        public void ADroppedWaitThatGoesOnIsCountedToItsEnd()
        {
            var found = new List<Finding>();
            var warnings = new List<string>();
            var piped = new PipedLogLines(KnownErrorCatalog.Embedded, found.Add, 1, 0) { Warning = warnings.Add };
            piped.Feed(Wait05, A, 1);
            piped.Feed(Wait05, A, 2);
            piped.Feed(Tools, B, 1);
            for (int line = 3; line <= 6; line++)
            {
                piped.Feed(Wait10, A, line);
                piped.Feed(Tools, "/tmp/c" + line + ".log", 1);
            }
            piped.Flush();
            Assert.Equal(new[] { "TMCP-LOG-263@" + A + ":1|demo" }, found.Select(Key).ToArray());
            Assert.Equal(new[] { A + ":6: the wait (TMCP-LOG-263) reported at line 1 with 2 record(s) when this file was set aside (more than 1 files were piped interleaved) went on to this line: " +
                "read whole, the file logs it 6 times, not 2. Pipe the files one after another, or give them with -Path." }, warnings.Skip(1).ToArray());
        }

        // Past every bound (the dropped files too), the one dropped longest ago is forgotten: its later lines are a new
        // reading, and that is said once, naming it.
        [Fact]
        public void DroppedFilesPastTheirBoundAreForgottenAndThatIsSaidOnce()
        {
            var found = new List<Finding>();
            var warnings = new List<string>();
            var piped = new PipedLogLines(KnownErrorCatalog.Embedded, found.Add, 1, 0, 1) { Warning = warnings.Add };
            piped.Feed(Wait05, A, 1);
            piped.Feed(Wait05, B, 1);
            piped.Feed(Wait05, "/tmp/c.log", 1);
            piped.Feed(Wait05, "/tmp/d.log", 1);
            piped.Feed(Wait10, A, 2);
            piped.Flush();
            Assert.Equal(new[] { "TMCP-LOG-263@" + A + ":1|demo", "TMCP-LOG-263@" + B + ":1|files", "TMCP-LOG-263@/tmp/c.log:1|", "TMCP-LOG-263@/tmp/d.log:1|", "TMCP-LOG-263@" + A + ":2|demo" },
                found.Select(Key).ToArray());
            Assert.Equal(2, warnings.Count);
            Assert.StartsWith(A + ":1: more than 1 files were piped interleaved", warnings[0], StringComparison.Ordinal);
            Assert.StartsWith(A + ":1: more than 2 files were piped interleaved: this file's lines after line 1", warnings[1], StringComparison.Ordinal);
        }

        // A suspended wait is reported as the same wait read without a suspension: its cause, count, times and evidence (the
        // last wait record kept as shown, redacted and windowed, not whole).
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        public void ASuspendedWaitIsReportedAsIfNeverSuspended(int waitsAfter)
        {
            List<Finding> Read(int maxOpen)
            {
                var found = new List<Finding>();
                var piped = new PipedLogLines(KnownErrorCatalog.Embedded, found.Add, maxOpen);
                piped.Feed(Start, A, 1);
                piped.Feed(Wait05, A, 2);
                piped.Feed(Wait10, A, 3);
                piped.Feed(Tools, B, 1);
                for (int i = 0; i < waitsAfter; i++) piped.Feed(Wait10.Replace("10:00:10", "10:00:1" + (5 + i)), A, 4 + i);
                piped.Flush();
                return found;
            }
            string Text(Finding f) => Key(f) + "\n" + f.Cause + "\n" + f.Fix + "\n" + f.Evidence + "\n" + f.Time;
            var whole = Read(PipedLogLines.DefaultMaxOpen);
            Assert.Single(whole);
            Assert.Equal(whole.Select(Text), Read(1).Select(Text));
        }

        [Fact]
        public void CountsEveryLine()
        {
            var piped = new PipedLogLines(KnownErrorCatalog.Embedded, _ => { });
            piped.Feed("x", A, 1);
            piped.Feed("y\nz", null, 0);
            piped.Feed("x", A, 1);
            piped.Feed("x", B, 5);
            piped.Flush();
            Assert.Equal(5, piped.LineCount);
        }


        // Each file read at once has its own audit reader (a failed MCP event among the lines is a finding), whose unfinished
        // event may grow to AuditEventMaxChars (16 Mi): 64 files, 64 such events. They share Limits.PipedHeldEventChars, as
        // Get-TeleportMcpAuditEvent's piped files do: past it, the event of the file whose line would pass it is not read,
        // said by a warning naming its file and line; every other event is a finding. Before: 10 files past a 2000-character
        // bound, 20 findings and no warning (nothing bounded but each event's own 16 Mi).
        [Theory]
        [InlineData(10)]
        [InlineData(PipedLogLines.DefaultMaxOpen)]
        public void AuditEventsOfFilesReadAtOnceShareOneBound(int files)
        {
            static string File(int f) => "/var/log/teleport/f" + f.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".log";
            static string Event(string sid) =>
                "{\"code\":\"TMCP003E\",\"event\":\"mcp.session.request\",\"sid\":\"" + sid + "\",\"time\":\"2025-09-30T10:00:01Z\",\"user\":\"bob\"," +
                "\"app_name\":\"files\",\"success\":false,\"error\":\"access denied\",\"message\":{\"id\":\"2\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"},\"jsonrpc\":\"2.0\"}}";
            (List<Finding> Found, List<string> Warnings, List<string> Verbose) Read(int bound)
            {
                var found = new List<Finding>();
                var warnings = new List<string>();
                var verbose = new List<string>();
                using (Limits.Use(new Limits { PipedHeldEventChars = bound }))
                {
                    var piped = new PipedLogLines(KnownErrorCatalog.Embedded, found.Add) { Warning = warnings.Add, Verbose = verbose.Add };
                    var all = Enumerable.Range(0, files).Select(f => new[] { Event("a" + f), Event("b" + f) }
                        .SelectMany(e => Audit.AuditInputShapesTests.Indent(e, "", "  ").Split('\n')).ToArray()).ToArray();
                    for (int line = 0; line < all[0].Length; line++)
                        for (int f = 0; f < files; f++) piped.Feed(all[f][line], File(f), line + 1);
                    piped.Flush();
                }
                return (found, warnings, verbose);
            }
            var whole = Read(16 * 1024 * 1024);
            Assert.Empty(whole.Warnings);
            Assert.Empty(whole.Verbose);
            Assert.Equal(files * 2, whole.Found.Count);
            var bounded = Read(2000);
            const string Reason = "the unfinished audit events of the piped files read at once (up to 64) reached limit PipedHeldEventChars = 2000";
            Assert.True(bounded.Verbose.Count > 1, "found " + bounded.Found.Count + " " + string.Join("; ", bounded.Found.Select(f => f.Id + "@" + f.LineNumber)));
            long notRead = 0;
            foreach (var w in bounded.Verbose)
            {
                var m = System.Text.RegularExpressions.Regex.Match(w, @"^/var/log/teleport/f[0-9]+\.log:[0-9]+: this event was not read( \(nor ([0-9]+) more of this file\))?: " +
                    System.Text.RegularExpressions.Regex.Escape(Reason) + @"; its lines were skipped\.");
                Assert.True(m.Success, w);
                notRead += 1 + (m.Groups[2].Success ? long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
            }
            // One warning for all the files (before: one per file), naming the first three.
            int n = bounded.Verbose.Count;
            Assert.Equal(new[]
            {
                notRead + " audit event(s) of " + n + " piped files were not read: " + Reason + "; their lines were skipped. The first: " +
                string.Join(", ", bounded.Verbose.Take(3).Select(w => w.Substring(0, w.IndexOf(": this", StringComparison.Ordinal)))) +
                (n > 3 ? " and " + (n - 3) + " more file(s)" : "") + " (-Verbose names each file and line). Pipe the files one after another, or give them with -Path.",
            }, bounded.Warnings);
            Assert.NotEmpty(bounded.Found);
            Assert.Equal(files * 2, bounded.Found.Count + notRead);
        }

        // Every file name in the texts said about interleaved piped files is escaped (one rule, OutputText.SafeName): a name
        // with a line feed or ESC (legal on Linux) never starts a line nor moves the cursor. Before, each printed it raw.
        [Theory]
        [InlineData("dropping")]
        [InlineData("withdrawn")]
        [InlineData("wenton")]
        [InlineData("forgotten")]
        public void TheFileNameInEachTextIsEscaped(string text)
        {
            const string name = "/tmp/a\nfake: \u001b[2Jb.log";
            string said = text switch
            {
                "dropping" => PipedSourcesText.Dropping(name, 7, 64, 4096),
                "withdrawn" => PipedSourcesText.Withdrawn(name, "w1", 3, 7, 64, 4096),
                "wenton" => PipedSourcesText.WentOn(name, "w1", 3, 2, 1, 7, 64, 4096),
                _ => PipedSourcesText.Forgotten(name, 7, 64, 4096, 4096),
            };
            Assert.StartsWith("/tmp/a\\x0Afake: \\x1B[2Jb.log:7: ", said, StringComparison.Ordinal);
            Assert.DoesNotContain(said, c => c < 0x20);
        }

        // A piped line is matched whole (PowerShell holds it): its record's head buffer grows to it. The next record that fits
        // in 64 Ki characters gives it back, so a reading that once met a line of 1 Mi (or hundreds of Mi) characters does
        // not hold that for the rest of the pipeline. Counted after each line; what the normal lines find is unchanged.
        [Fact]
        public void A_long_records_head_buffer_is_given_back_by_the_next_record()
        {
            var found = new List<Finding>();
            var scanner = new LogScanner(KnownErrorCatalog.Embedded, A, found.Add);
            scanner.FeedLine(Start);
            Assert.True(scanner.HeadBufferChars <= 64 * 1024);
            scanner.FeedLine("2026-03-02 10:00:01.000 [info] " + new string('x', 1 << 20));
            Assert.True(scanner.HeadBufferChars >= 1 << 20, "the long record's head: " + scanner.HeadBufferChars);
            var after = new List<int>();
            foreach (var line in new[] { Wait05, Tools, Wait10 })
            {
                scanner.FeedLine(line);
                after.Add(scanner.HeadBufferChars);
            }
            scanner.Flush();
            Assert.All(after, n => Assert.True(n <= 64 * 1024, "after the long record: " + string.Join(", ", after)));
            var plain = new List<Finding>();
            var without = new LogScanner(KnownErrorCatalog.Embedded, A, plain.Add);
            foreach (var line in new[] { Start, "2026-03-02 10:00:01.000 [info] x", Wait05, Tools, Wait10 }) without.FeedLine(line);
            without.Flush();
            Assert.Equal(plain.Select(Key), found.Select(Key));
        }
    }
}
