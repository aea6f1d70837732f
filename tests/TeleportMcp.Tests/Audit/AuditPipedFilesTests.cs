using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    internal static class PipedSourcesLimits
    {
        public const int MaxOpen = TeleportMcp.Engine.Logs.PipedLogLines.DefaultMaxOpen;
        public const int MaxSuspended = TeleportMcp.Engine.Logs.PipedSources<TeleportMcp.Engine.Logs.LogLines>.DefaultMaxSuspended;
    }

    /// <summary>
    /// Audit lines of several files piped as one stream (Get-Content a.log, b.log | Get-TeleportMcpAuditEvent): each line
    /// comes with its file and number there (Get-Content's PSPath, ReadCount), or with neither. Each row is the stream, one
    /// line per row as "file|number|text" (empty file and 0: not known), and what was read: the events as source:line,
    /// then the warnings and errors, as Finish writes them.
    /// </summary>
    public class AuditPipedFilesTests
    {
        private const string A = "/var/lib/teleport/log/auth/2025-09-30.00:00:00.log";
        private const string B = "/var/lib/teleport/log/auth/2025-10-01.00:00:00.log";

        private static string Event(string sid, int second) =>
            "{\"code\":\"TMCP003E\",\"event\":\"mcp.session.request\",\"sid\":\"" + sid + "\",\"time\":\"2025-09-30T10:00:" + second.ToString("00", CultureInfo.InvariantCulture) +
            "Z\",\"user\":\"bob\",\"app_name\":\"files\",\"success\":false,\"error\":\"access denied\",\"message\":{\"id\":\"2\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"},\"jsonrpc\":\"2.0\"}}";

        // An event a writer spread over lines, its first lines only (the file ends there, or the copy was cut).
        private const string CutOpen = "{\"code\":\"TMCP003E\",";
        private const string CutMore = "  \"event\":\"mcp.session.request\",\"sid\":\"s-cut\",";

        private static List<string> Read(string[] rows)
        {
            var events = new List<AuditEvent>();
            var said = new List<string>();
            var q = new AuditEventQuery(new AuditEventFilter(), events.Add, CancellationToken.None)
            {
                Warning = w => said.Add("warning " + w),
                Error = e => said.Add("error " + e.Location.Path + ":" + e.Location.Line),
            };
            foreach (var row in rows)
            {
                var parts = row.Split(new[] { '|' }, 3);
                q.FeedText(parts[2], parts[0].Length == 0 ? null : parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture));
            }
            q.Finish();
            return events.Select(e => e.Source + ":" + e.Line + " " + e.SessionId).Concat(said).ToList();
        }

        public static IEnumerable<object[]> Rows()
        {
            // Two files one after the other: each event named by its file and its line there.
            yield return new object[] { new[] { A + "|1|" + Event("s1", 1), A + "|2|" + Event("s2", 2), B + "|1|" + Event("s3", 3) },
                new[] { A + ":1 s1", A + ":2 s2", B + ":1 s3" } };
            // The same lines without their files are one stream, as before.
            yield return new object[] { new[] { "|0|" + Event("s1", 1), "|0|" + Event("s2", 2), "|0|" + Event("s3", 3) },
                new[] { "pipeline:1 s1", "pipeline:2 s2", "pipeline:3 s3" } };
            // An event cut at one file's end is that file's cut event; the next file's first line is its own event.
            yield return new object[] { new[] { A + "|1|" + Event("s1", 1), A + "|2|" + CutOpen, A + "|3|" + CutMore, B + "|1|" + Event("s3", 3) },
                new[] { A + ":1 s1", B + ":1 s3", "warning " + A + ":2: the input ends inside this event (a log still being written?); it was skipped." } };
            // Interleaved (lines sorted by time): a cut event waits for its own file's next line, which ends it.
            yield return new object[] { new[] { A + "|1|" + CutOpen, B + "|1|" + Event("s3", 3), A + "|2|" + CutMore, A + "|3|" + Event("s4", 4) },
                new[] { B + ":1 s3", A + ":3 s4", "error " + A + ":1" } };
            // Lines a filter left out keep the file's numbers (Select-Object -Skip, Where-Object).
            yield return new object[] { new[] { A + "|7|" + Event("s1", 1), A + "|12|" + Event("s2", 2) }, new[] { A + ":7 s1", A + ":12 s2" } };
            // A file given twice is read twice.
            yield return new object[] { new[] { A + "|1|" + Event("s1", 1), A + "|1|" + Event("s1", 1) }, new[] { A + ":1 s1", A + ":1 s1" } };
            // A line of no known file among them: the stream of its own.
            yield return new object[] { new[] { A + "|1|" + CutOpen, "|0|" + Event("s2", 2), A + "|2|" + CutMore },
                new[] { "pipeline:1 s2", "warning " + A + ":1: the input ends inside this event (a log still being written?); it was skipped." } };
            // Nothing read as an MCP event in any file: one warning for the lines of them all.
            yield return new object[] { new[] { A + "|1|{\"event\":\"user.login\"}", B + "|1|{\"event\":\"user.login\"}" },
                new[] { "warning No MCP audit event (mcp.session.* or app_auth_config.verify.*) in the 2 line(s) from the pipeline." } };
        }

        // An event of 3,000 characters on one line ('x' padding in a string member).
        private static string Big(string sid) => Event(sid, 2).Replace("\"user\":", "\"pad\":\"" + new string('x', 3000) + "\",\"user\":");

        // One piped line holding one event is bounded as an event over several lines is: past AuditEventMaxChars it is an
        // error at its line, past what the piped files may hold together (PipedHeldEventChars) it is set aside with the
        // warning those events get; the events beside it are read. A line of another event (not MCP) is only counted.
        // Before, a one-line event was read whole whatever its length (a 100 MiB line: 1.6 GB, no warning).
        public static IEnumerable<object[]> OneLineRows()
        {
            const string max = "AuditEventMaxChars", held = "PipedHeldEventChars";
            var tooLong = "error " + A + ":2";
            var setAside = "warning " + A + ":2: this event was not read: the unfinished events of the piped files, read at once (up to 64) or set aside, reached limit PipedHeldEventChars = 1000; its lines were skipped.";
            var read = new[] { A + ":1 s1", A + ":3 s3" };
            foreach (var (limit, said) in new[] { (max, tooLong), (held, setAside) })
            {
                yield return new object[] { limit, Big("s2"), read.Append(said).ToArray() };
                yield return new object[] { limit, "  " + Big("s2") + ",  ", read.Append(said).ToArray() };
                // Fluentd's out_file prefix ("time<TAB>tag<TAB>{...}").
                yield return new object[] { limit, "2025-09-30T10:00:02Z\taudit\t" + Big("s2"), read.Append(said).ToArray() };
                yield return new object[] { limit, Big("s2").Replace("mcp.session.request", "user.login"), read };
            }
            // A trailing ',' is not the event's: counted as a file's line is (ReadLine drops it first). Before, a piped event of
            // exactly AuditEventMaxChars with its ',' was an error, while the same line read from a file was read.
            yield return new object[] { max, Sized(1000) + ",", new[] { A + ":1 s1", A + ":2 s2", A + ":3 s3" } };
            yield return new object[] { max, "  " + Sized(998) + ",", new[] { A + ":1 s1", A + ":2 s2", A + ":3 s3" } };
            yield return new object[] { max, Sized(1001) + ",", read.Append(tooLong).ToArray() };
        }

        // An event of exactly this many characters on one line ('x' padding in a string member).
        private static string Sized(int chars)
        {
            var e = Event("s2", 2);
            return e.Replace("\"user\":", "\"pad\":\"" + new string('x', chars - e.Length - "\"pad\":\"\",".Length) + "\",\"user\":");
        }

        [Theory]
        [MemberData(nameof(OneLineRows))]
        public void OneLineEventPastTheBoundIsSaidNotRead(string limit, string line, string[] expected)
        {
            var limits = limit == "AuditEventMaxChars" ? new Limits { AuditEventMaxChars = 1000 } : new Limits { PipedHeldEventChars = 1000 };
            List<string> said;
            using (Limits.Use(limits))
                said = Read(new[] { A + "|1|" + Event("s1", 1), A + "|2|" + line, A + "|3|" + Event("s3", 3) });
            // The set-aside warning up to its reason (its advice follows).
            var shown = said.Where(l => !l.StartsWith("warning No MCP", StringComparison.Ordinal))
                            .Select(l => l.Contains("this event was not read", StringComparison.Ordinal) ? l.Substring(0, l.IndexOf(" skipped.", StringComparison.Ordinal) + 9) : l);
            Assert.Equal(string.Join("\n", expected), string.Join("\n", shown));
        }

        // More files interleaved than are read at once (PipedSources.DefaultMaxOpen): a file's reading is suspended and
        // resumed line after line, yet each file is said once, as -Path says it: one verbose line, one error for its
        // malformed lines (the first one's number), and every event read.
        [Fact]
        public void EachOfManyInterleavedFilesIsSaidOnce()
        {
            const int files = 70;
            var events = new List<AuditEvent>();
            var verbose = new List<string>();
            var errors = new List<string>();
            var q = new AuditEventQuery(new AuditEventFilter(), events.Add, CancellationToken.None)
            {
                Verbose = verbose.Add,
                Error = e => errors.Add(e.Location!.Path + ":" + e.Location.Line),
            };
            var lines = new[] { "not json", Event("s", 1), "not json either", Event("t", 2) };
            for (int line = 0; line < lines.Length; line++)
                for (int f = 0; f < files; f++)
                    q.FeedText(lines[line], File(f), line + 1);
            q.Finish();
            Assert.Equal(files * 2, events.Count);
            Assert.Equal(Enumerable.Range(0, files).Select(f => File(f) + ":1"), errors.OrderBy(e => int.Parse(e.Substring(16, e.IndexOf('.') - 16), CultureInfo.InvariantCulture)));
            var perFile = verbose.Where(v => v.StartsWith("/var/log/audit/", StringComparison.Ordinal)).ToList();
            Assert.Equal(files, perFile.Count);
            Assert.All(perFile, v => Assert.Contains(": 4 line(s), 2 MCP session event(s), 2 matched", v, StringComparison.Ordinal));
        }

        private sealed class Said
        {
            public readonly List<AuditEvent> Events = new List<AuditEvent>();
            public readonly List<string> Warnings = new List<string>();
            public readonly List<string> Errors = new List<string>();
            public readonly List<string> Verbose = new List<string>();
        }

        // Each file's lines, fed a line of every file in turn (lines of many files sorted by time).
        private static Said Interleaved(int files, Func<int, string[]> linesOf, int maxOpen = PipedSourcesLimits.MaxOpen, int maxSuspended = PipedSourcesLimits.MaxSuspended)
        {
            var said = new Said();
            var q = new AuditEventQuery(new AuditEventFilter(), said.Events.Add, CancellationToken.None)
            {
                PipedMaxOpen = maxOpen,
                PipedMaxSuspended = maxSuspended,
                Verbose = said.Verbose.Add,
                Warning = said.Warnings.Add,
                Error = e => said.Errors.Add(e.Location!.Path + ":" + e.Location.Line + " " + e.Message),
            };
            var all = Enumerable.Range(0, files).Select(linesOf).ToArray();
            int longest = all.Max(l => l.Length);
            for (int line = 0; line < longest; line++)
                for (int f = 0; f < files; f++)
                    if (line < all[f].Length) q.FeedText(all[f][line], File(f), line + 1);
            q.Finish();
            return said;
        }

        private static string File(int f) => "/var/log/audit/f" + f.ToString(CultureInfo.InvariantCulture) + ".log";

        private static string[] Pretty(params string[] events) =>
            events.SelectMany(e => AuditInputShapesTests.Indent(e, "", "  ").Split('\n')).ToArray();

        // Pretty-printed events of more files than are read at once, interleaved line by line: a suspended file's unfinished
        // event goes on with its next line. Before, every event was cut (70 files: 0 of 210 read, 70 errors, 71 warnings).
        [Theory]
        [InlineData(PipedSourcesLimits.MaxOpen + 6)]
        [InlineData(200)]
        public void PrettyPrintedEventsOfManyInterleavedFilesAreRead(int files)
        {
            var said = Interleaved(files, f => Pretty(Event("a" + f, 1), Event("b" + f, 2), Event("c" + f, 3)));
            Assert.Empty(said.Errors);
            Assert.Empty(said.Warnings);
            Assert.Equal(files * 3, said.Events.Count);
            Assert.All(Enumerable.Range(0, files), f => Assert.Equal(new[] { "a", "b", "c" }.Select(p => File(f) + " " + p + f),
                said.Events.Where(e => e.Source == File(f)).Select(e => e.Source + " " + e.SessionId)));
            int lines = Pretty(Event("x", 1)).Length;
            Assert.All(said.Events, e => Assert.Equal("abc".IndexOf(e.SessionId![0], StringComparison.Ordinal) * lines + 1, e.Line));
            Assert.Equal(files, said.Verbose.Count(v => v.StartsWith("/var/log/audit/", StringComparison.Ordinal)));
        }

        // The unfinished events of the piped files, those read at once and those set aside, are bounded all together
        // (Limits.PipedHeldEventChars): past it, the event of the file whose line would pass it is not read, said by a warning
        // naming its file and line, never as cut or malformed, and its lines are skipped; every other event is read. Before,
        // the files read at once (up to 64) were not counted: 10 files, none set aside, each held its event whole (20 read,
        // no warning) and 64 could hold 64 events of up to AuditEventMaxChars (16 Mi) each.
        [Theory]
        [InlineData(10)]
        [InlineData(PipedSourcesLimits.MaxOpen + 6)]
        public void PastTheHeldCharactersAnEventIsSaidNotReadNeverCut(int files)
        {
            Said said;
            using (Limits.Use(new Limits { PipedHeldEventChars = 2000 }))
                said = Interleaved(files, f => Pretty(Event("a" + f, 1), Event("b" + f, 2)));
            Assert.Empty(said.Errors);
            // One warning for all the files (before: one per file, 61 of them in bench/pipedheld.ps1's 4 Mi case), each file
            // on the verbose stream, the warning naming the first three and the counts.
            const string Reason = "the unfinished events of the piped files, read at once (up to 64) or set aside, reached limit PipedHeldEventChars = 2000";
            var each = said.Verbose.Where(v => v.Contains(": this event was not read", StringComparison.Ordinal)).ToList();
            Assert.True(each.Count > 1, string.Join("\n", said.Warnings));
            long notRead = 0;
            foreach (var w in each)
            {
                Assert.Matches(@"^/var/log/audit/f[0-9]+\.log:[0-9]+: this event was not read( \(nor [0-9]+ more of this file\))?: " + System.Text.RegularExpressions.Regex.Escape(Reason) + @"; its lines were skipped\.", w);
                var more = System.Text.RegularExpressions.Regex.Match(w, @"\(nor ([0-9]+) more");
                notRead += 1 + (more.Success ? long.Parse(more.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
            }
            var first = string.Join(", ", each.Take(3).Select(w => w.Substring(0, w.IndexOf(": this", StringComparison.Ordinal))));
            Assert.Equal(new[]
            {
                notRead + " audit event(s) of " + each.Count + " piped files were not read: " + Reason + "; their lines were skipped. The first: " + first +
                (each.Count > 3 ? " and " + (each.Count - 3) + " more file(s)" : "") + " (-Verbose names each file and line). Pipe the files one after another, or give them with -Path.",
            }, said.Warnings);
            Assert.Equal(files * 2, said.Events.Count + notRead);
            Assert.True(said.Events.Count > 0);
            Assert.Equal(said.Events.Count, said.Events.Select(e => e.SessionId).Distinct().Count());
            Assert.Equal(files, said.Verbose.Count(v => v.StartsWith("/var/log/audit/", StringComparison.Ordinal) && !v.Contains(": this event was not read", StringComparison.Ordinal)));
        }

        // What an event set aside held is given back: the files that come after it, one after another, are read whole. A
        // budget that leaked (an event's characters still counted after it ended) would set their events aside too.
        [Fact]
        public void TheHeldCharactersAreGivenBackWhenAnEventEnds()
        {
            var events = new List<AuditEvent>();
            var warnings = new List<string>();
            var q = new AuditEventQuery(new AuditEventFilter(), events.Add, CancellationToken.None) { Warning = warnings.Add };
            var pretty = Pretty(Event("a", 1));
            int size = pretty.Sum(l => l.Length + 1);
            using (Limits.Use(new Limits { PipedHeldEventChars = size * 3 / 2 }))
            {
                // Two files interleaved: the second event would pass the bound and is set aside.
                for (int line = 0; line < pretty.Length; line++)
                    for (int f = 0; f < 2; f++) q.FeedText(pretty[line], File(f), line + 1);
                // Then 50 files one after another, each within the bound alone.
                for (int f = 2; f < 52; f++)
                    for (int line = 0; line < pretty.Length; line++) q.FeedText(pretty[line], File(f), line + 1);
                q.Finish();
            }
            // Which of the two passes the bound depends on their lines' lengths: one of them, at its event's first line.
            Assert.Single(warnings);
            Assert.Matches(@"^/var/log/audit/f[01]\.log:1: this event was not read: ", warnings[0]);
            Assert.Equal(51, events.Count);
        }

        // A dropped file (past the files kept set aside: none here) gives back what its unfinished event held: a later file's
        // event within the bound is read, not set aside because of the dropped one.
        [Fact]
        public void ADroppedFileGivesBackWhatItHeld()
        {
            var events = new List<AuditEvent>();
            var warnings = new List<string>();
            var verbose = new List<string>();
            var q = new AuditEventQuery(new AuditEventFilter(), events.Add, CancellationToken.None) { Warning = warnings.Add, Verbose = verbose.Add, PipedMaxOpen = 1, PipedMaxSuspended = 0 };
            var pretty = Pretty(Event("a", 1));
            int size = pretty.Sum(l => l.Length + 1);
            // f0 holds all but its event's last line when it is dropped: kept counted, f1's event would pass the bound.
            using (Limits.Use(new Limits { PipedHeldEventChars = size * 11 / 10 }))
            {
                int half = pretty.Length - 1;
                for (int line = 0; line < half; line++) q.FeedText(pretty[line], File(0), line + 1);
                // f1 suspends f0, which no file kept set aside takes: dropped, its event set aside.
                for (int f = 1; f < 4; f++)
                    for (int line = 0; line < pretty.Length; line++) q.FeedText(pretty[line], File(f), line + 1);
                for (int line = half; line < pretty.Length; line++) q.FeedText(pretty[line], File(0), line + 1);
                q.Finish();
            }
            Assert.Equal(new[] { File(1), File(2), File(3) }, events.Select(e => e.Source).ToArray());
            Assert.Equal(2, warnings.Count);
            Assert.StartsWith(File(0) + ":" + (pretty.Length - 1) + ": more than 1 files were piped interleaved", warnings[0], StringComparison.Ordinal);
            Assert.StartsWith(File(0) + ":1: this event was not read: more piped files were interleaved than are read at once (1) or kept set aside (0)", warnings[1], StringComparison.Ordinal);
        }

        // Past what is kept set aside (64 read at once, 4,096 suspended; 4 and 8 here), a file's state is dropped: its
        // unfinished event is said as not read (never cut), its later lines skipped up to its next event, said once that
        // this happened.
        [Fact]
        public void PastTheSuspendedFilesAnEventIsSaidNotReadNeverCut()
        {
            int files = 4 + 8 + 20;
            var said = Interleaved(files, f => Pretty(Event("a" + f, 1)), 4, 8);
            Assert.Empty(said.Errors);
            Assert.DoesNotContain(said.Warnings, w => w.Contains("cut", StringComparison.Ordinal) || w.Contains("input ends", StringComparison.Ordinal));
            Assert.Single(said.Warnings, w => w.Contains("files were piped interleaved (4 are read at once and 8 kept set aside)", StringComparison.Ordinal));
            var notRead = said.Verbose.Where(v => v.Contains(": this event was not read: more piped files were interleaved", StringComparison.Ordinal)).ToList();
            Assert.Equal(files, said.Events.Count + notRead.Count);
            Assert.All(notRead, w => Assert.Matches(@"^/var/log/audit/f[0-9]+\.log:1: ", w));
            // One warning for them all, naming the first three (before: one warning per file).
            Assert.Single(said.Warnings, w => w == notRead.Count + " audit event(s) of " + notRead.Count + " piped files were not read: more piped files were interleaved than are read at once (4) " +
                "or kept set aside (8); their lines were skipped. The first: " + string.Join(", ", notRead.Take(3).Select(v => v.Substring(0, v.IndexOf(": this", StringComparison.Ordinal)))) +
                " and " + (notRead.Count - 3) + " more file(s) (-Verbose names each file and line). Pipe the files one after another, or give them with -Path.");
        }

        // Each file is said once, with all its lines, however many files come interleaved: past what is kept set aside (4 read
        // at once, 8 suspended here) a dropped file's lines still come back, and its reading goes on. Before, a dropped file was
        // said when dropped and again when its later lines ended (one-line events: each file said 2-3 times, its counts split).
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void EachFileIsSaidOncePastEveryBound(bool pretty)
        {
            int files = 4 + 8 + 20;
            // A third of the files end after their first event: dropped, they are said at the end.
            var said = Interleaved(files, f => pretty ? Pretty(Event("a" + f, 1), Event("b" + f, 2))
                : (f % 3 == 0 ? new[] { Event("a" + f, 1) } : new[] { Event("a" + f, 1), Event("b" + f, 2), Event("c" + f, 3) }), 4, 8);
            // Its one line "file: N line(s), ..." (an event set aside has a line of its own, "file:line: this event was not read").
            Assert.All(Enumerable.Range(0, files), f => Assert.Single(said.Verbose, v => v.StartsWith(File(f) + ": ", StringComparison.Ordinal)));
            if (!pretty)
            {
                Assert.Empty(said.Warnings);
                Assert.All(Enumerable.Range(0, files), f => Assert.Contains(f % 3 == 0 ? File(f) + ": 1 line(s), 1 MCP session event(s), 1 matched" : File(f) + ": 3 line(s), 3 MCP session event(s), 3 matched",
                    said.Verbose.Single(v => v.StartsWith(File(f) + ": ", StringComparison.Ordinal)), StringComparison.Ordinal));
            }
        }

        [Theory]
        [MemberData(nameof(Rows))]
        public void EachFileIsItsOwnReading(string[] rows, string[] expected)
        {
            Assert.Equal(expected, Read(rows));
        }
    }
}
