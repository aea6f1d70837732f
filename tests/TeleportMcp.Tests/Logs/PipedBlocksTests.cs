using System;
using System.Linq;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Tests.Common;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// The first line's number of each block Get-Content writes with -ReadCount: each row is the blocks as "file:ReadCount:length"
    /// and their first numbers. The counts are those measured (pwsh 7.6, a file of 7 lines, -Tail 5).
    /// </summary>
    public class PipedBlocksTests
    {
        [Theory]
        // A forward read, or -Tail over UTF-8 (a backward seek): each block's count is its last line's.
        [InlineData("a:2:2 a:4:2 a:5:1", "1 3 5")]
        [InlineData("a:3:3 a:5:2", "1 4")]
        // -Tail over UTF-7 (forward scan): the last, shorter block carries the count of the block before it.
        [InlineData("a:2:2 a:4:2 a:4:1", "1 3 5")]
        [InlineData("a:3:3 a:3:2", "1 4")]
        [InlineData("a:5:5", "1")]
        // The file read again: its first block's count is its length, whatever came before.
        [InlineData("a:2:2 a:2:2", "1 1")]
        [InlineData("a:2:2 a:4:2 a:5:1 a:2:2", "1 3 5 1")]
        // Another file with the same count is its own.
        [InlineData("a:2:2 b:2:1", "1 2")]
        // No count (a copy that lost it): not known.
        [InlineData("a:0:2 a:0:1", "0 0")]
        public void NumbersEachBlock(string blocks, string firsts)
        {
            var b = new PipedBlocks();
            var got = blocks.Split(' ').Select(x => x.Split(':')).Select(p => b.First(p[0], long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture), null, out _));
            Assert.Equal(firsts, string.Join(" ", got));
        }

        // Lines Get-Content wrote one at a time (-ReadCount 1), each row as "file:ReadCount" ("-" when it has none), and the
        // line numbers. UTF-7 -Tail counts from 0 (measured, pwsh 7.6: a 7-line file, -Tail 5 gives 0..4, piped twice 0..4 0..4).
        [Theory]
        // A forward read, or -Tail over UTF-8: each line's count is its number.
        [InlineData("a:1 a:2 a:3", "1 2 3")]
        [InlineData("a:1 a:2 a:1 a:2", "1 2 1 2")]
        // UTF-7 -Tail: counted from 0.
        [InlineData("a:0 a:1 a:2 a:3 a:4", "1 2 3 4 5")]
        // The same file twice through UTF-7 -Tail: the second read is numbered as the first (before: 0, then 1 2 3 4).
        [InlineData("a:0 a:1 a:2 a:3 a:4 a:0 a:1 a:2 a:3 a:4", "1 2 3 4 5 1 2 3 4 5")]
        [InlineData("a:0 a:0", "1 1")]
        // A filter left lines out: the counts after them stay one lower than their lines.
        [InlineData("a:0 a:3 a:4", "1 4 5")]
        // Read from 0, then from 1 (a count not above the last): a new read counted from 1.
        [InlineData("a:0 a:1 a:2 a:1 a:2", "1 2 3 1 2")]
        // Two files through UTF-7 -Tail, interleaved: each file its own.
        [InlineData("a:0 b:0 a:1 b:1 c:1", "1 1 2 2 1")]
        // No count (a copy that lost it): not known.
        [InlineData("a:- a:-", "0 0")]
        public void NumbersEachLine(string lines, string numbers)
        {
            var b = new PipedBlocks();
            var got = lines.Split(' ').Select(x => x.Split(':')).Select(p => b.Line(p[0], p[1] == "-" ? (long?)null : long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), null, out _));
            Assert.Equal(numbers, string.Join(" ", got));
        }

        // Lines with the read they came from ("file:ReadCount:read", "-" when not known), and their numbers, "*" where the
        // line starts a read of its own. One Get-Content command gives every line of a file the same PSPath string, another
        // command another (ContentCommandBase.WriteContentObject; measured, pwsh 7.6).
        [Theory]
        // A one-line UTF-7 -Tail (count 0) then a whole read: two reads (before: 1 2 3 4, one read).
        [InlineData("a:0:x a:1:y a:2:y a:3:y", "1 1* 2 3")]
        // A UTF-7 -Tail of three lines: one read.
        [InlineData("a:0:x a:1:x a:2:x", "1 2 3")]
        // The reads not known (a deserialized copy): by the counts, as before.
        [InlineData("a:0:- a:1:- a:2:-", "1 2 3")]
        [InlineData("a:0:x a:1:- a:2:-", "1 2 3")]
        // A filtered read after another: its own read, numbered as the file (before: continued the first).
        [InlineData("a:1:x a:2:x a:5:y a:6:y", "1 2 5* 6")]
        // One command given the file twice (Get-Content a, a): one string, the counts tell the reads.
        [InlineData("a:1:x a:2:x a:1:x a:2:x", "1 2 1 2")]
        // Interleaved files: each its own.
        [InlineData("a:0:x b:1:z a:1:y b:2:z", "1 1 1* 2")]
        public void NumbersEachLineByItsRead(string lines, string numbers)
        {
            var b = new PipedBlocks();
            var reads = new System.Collections.Generic.Dictionary<string, object>();
            var got = lines.Split(' ').Select(x => x.Split(':')).Select(p =>
            {
                object read = p[2] == "-" ? null : reads.TryGetValue(p[2], out var r) ? r : reads[p[2]] = new object();
                long line = b.Line(p[0], long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), read, out bool newRead);
                return line + (newRead ? "*" : "");
            });
            Assert.Equal(numbers, string.Join(" ", got));
        }

        // Blocks with their read: a block of another read never follows the block before it (UTF-7 -Tail's last block).
        [Theory]
        [InlineData("a:2:2:x a:4:2:x a:4:1:x", "1 3 5")]
        [InlineData("a:2:2:x a:4:2:x a:4:1:y", "1 3 4*")]
        [InlineData("a:2:2:x a:2:2:y", "1 1*")]
        public void NumbersEachBlockByItsRead(string blocks, string firsts)
        {
            var b = new PipedBlocks();
            var reads = new System.Collections.Generic.Dictionary<string, object>();
            var got = blocks.Split(' ').Select(x => x.Split(':')).Select(p =>
            {
                object read = reads.TryGetValue(p[3], out var r) ? r : reads[p[3]] = new object();
                long first = b.First(p[0], long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture), read, out bool newRead);
                return first + (newRead ? "*" : "");
            });
            Assert.Equal(firsts, string.Join(" ", got));
        }

        // Deserialized lines ("file:ReadCount:runspace", "-" when none): the PSPath string is no longer the read, but remoting and
        // jobs add RunspaceId (another runspace is another command). Where neither tells and both readings stand (a count
        // of 1 after a lone 0, a count past a gap), the line is numbered as going on and a warning says it once a file ("!").
        [Theory]
        // Two Invoke-Command -ComputerName (two runspaces): UTF-7 -Tail 1, then a whole read: two reads (before: 1 2 3, one read).
        [InlineData("a:0:r a:1:s a:2:s", "1 1* 2")]
        // One PSSession used twice, or Import-Clixml (no runspace): not known, numbered as going on, said once.
        [InlineData("a:0:r a:1:r a:2:r", "1 2! 3")]
        [InlineData("a:0:- a:1:- a:2:- a:3:-", "1 2! 3 4")]
        // A count past a gap after a read from 0 (a filter either way): said.
        [InlineData("a:0:- a:3:- a:4:-", "1 4! 5")]
        // A count not above the last is a new read anyway; reads counted from 1 are numbered alike either way: nothing said.
        [InlineData("a:0:- a:0:- a:1:- a:2:-", "1 1 2! 3")]
        [InlineData("a:1:- a:2:- a:1:- a:5:-", "1 2 1 5")]
        // Each file said once, each its own.
        [InlineData("a:0:- b:0:- a:1:- b:1:- a:0:- a:1:-", "1 1 2! 2! 1 2")]
        public void TellsDeserializedReadsApartWhereTheySay(string lines, string numbers)
        {
            var b = new PipedBlocks();
            var said = new System.Collections.Generic.List<string>();
            b.Warning = said.Add;
            var runspaces = new System.Collections.Generic.Dictionary<string, object>();
            var got = lines.Split(' ').Select(x => x.Split(':')).Select(p =>
            {
                object command = p[2] == "-" ? null : runspaces.TryGetValue(p[2], out var r) ? r : runspaces[p[2]] = System.Guid.NewGuid();
                int before = said.Count;
                long line = b.Line(p[0], long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), new PipedRead(null, command, false), out bool newRead);
                return line + (newRead ? "*" : "") + (said.Count > before ? "!" : "");
            }).ToList();
            Assert.Equal(numbers, string.Join(" ", got));
            Assert.All(said, w => Assert.Contains("may go on that read", w, StringComparison.Ordinal));
        }

        // A live line (the object Get-Content wrote: "L<n>", read n) and a deserialized copy (a job's or remoting's lines:
        // "J<n>", runspace n; Import-Clixml's: "X", no runspace) are never of one read (session 45, helper-295): a local job's
        // lines of a file and Get-Content of the same file in one pipeline are the one file (named by its path,
        // PipedComputer.FileOf) read twice, each read numbered from its own lines, as two live Get-Content commands are.
        // "-": nothing known of the read (neither kind).
        [Theory]
        // A filtered live read, then a job's filtered read going past it: two reads (before: "1 2 3 6 7", one read).
        [InlineData("a:1:L1 a:2:L1 a:3:L1 a:6:J1 a:7:J1", "1 2 3 6* 7")]
        // The other way round, and Import-Clixml's lines before a live read (before: "1 2 3 5 6", "1 2 4").
        [InlineData("a:1:J1 a:2:J1 a:3:J1 a:5:L1 a:6:L1", "1 2 3 5* 6")]
        [InlineData("a:1:X a:2:X a:4:L1", "1 2 4*")]
        // A job's read from line 1 after a live one: said to be a read of its own (before: "1 2 1 2", told by the count alone).
        [InlineData("a:1:L1 a:2:L1 a:1:J1 a:2:J1", "1 2 1* 2")]
        // Interleaved (sorted), each line of the other read starts one, as for two live reads or two jobs.
        [InlineData("a:1:L1 a:1:J1 a:2:L1 a:2:J1", "1 1* 2* 2*")]
        [InlineData("a:1:L1 a:1:L2 a:2:L1 a:2:L2", "1 1* 2* 2*")]
        // One read going on, a line of neither kind between: one read.
        [InlineData("a:1:L1 a:3:L1", "1 3")]
        [InlineData("a:1:L1 a:2:- a:3:L1", "1 2 3")]
        [InlineData("a:1:X a:2:- a:3:X", "1 2 3")]
        // Another file's lines are another file's: b's job lines start no read of a.
        [InlineData("a:1:L1 b:2:J1 a:2:L1", "1 2 2")]
        public void ALiveReadAndADeserializedCopyAreTwoReads(string lines, string numbers)
        {
            var b = new PipedBlocks();
            var known = new System.Collections.Generic.Dictionary<string, object>();
            var got = lines.Split(' ').Select(x => x.Split(':')).Select(p =>
            {
                object who = p[2] == "-" || p[2] == "X" ? null : known.TryGetValue(p[2], out var r) ? r : known[p[2]] = p[2][0] == 'L' ? (object)new string('p', 1) : System.Guid.NewGuid();
                var read = p[2][0] == 'L' ? new PipedRead(who, null, true) : p[2] == "-" ? new PipedRead(null, null, false) : new PipedRead(null, who, false, deserialized: true);
                long line = b.Line(p[0], long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), read, out bool newRead);
                return line + (newRead ? "*" : "");
            }).ToList();
            Assert.Equal(numbers, string.Join(" ", got));
        }

        // Session 46 (helper-311): a live line numbered right after deserialized copies of the same file (or the other way
        // round) may be one read split between Import-Clixml and the objects Get-Content wrote ($l[0..2] | Export-Clixml, then
        // Import-Clixml; $l[3..9]) or two reads whose counts meet (Get-Content -Tail 3 | Export-Clixml, then Get-Content |
        // Select-Object -Skip 3: -Tail 3 numbers its lines 1, 2, 3 as -TotalCount 3 does, measured pwsh 7.6.9). The lines
        // cannot tell, so they stay two reads and that is said once for the file, naming the line. Encoding as above; the
        // result is the numbers, then "|" and the lines said (file:line). Before (beb9ad78): the same numbers, nothing said.
        [Theory]
        [InlineData("a:1:X a:2:X a:3:X a:4:L1 a:5:L1", "1 2 3 4* 5|a:4")]
        [InlineData("a:1:L1 a:2:L1 a:3:X a:4:X", "1 2 3* 4|a:3")]
        [InlineData("a:1:J1 a:2:J1 a:3:L1", "1 2 3*|a:3")]
        // Once a file, at the first meeting.
        [InlineData("a:1:X a:2:L1 a:3:X", "1 2* 3*|a:2")]
        [InlineData("a:1:X a:2:L1 b:1:X b:2:L1", "1 2* 1 2*|a:2 b:2")]
        // Not numbered as the next line: a gap, a read from the start again, another file: nothing said.
        [InlineData("a:1:X a:2:X a:4:L1", "1 2 4*|")]
        [InlineData("a:1:X a:2:X a:1:L1 a:2:L1", "1 2 1* 2|")]
        [InlineData("a:1:X a:2:X b:3:L1", "1 2 3|")]
        // Two live reads or two jobs meeting: their reads are known apart, nothing to say (as before).
        [InlineData("a:1:L1 a:2:L1 a:3:L2", "1 2 3*|")]
        [InlineData("a:1:J1 a:2:J2", "1 2*|")]
        public void ASplitBetweenACopyAndALiveReadIsSaid(string lines, string expected)
        {
            var b = new PipedBlocks();
            var said = new System.Collections.Generic.List<string>();
            b.Warning = said.Add;
            var known = new System.Collections.Generic.Dictionary<string, object>();
            var got = lines.Split(' ').Select(x => x.Split(':')).Select(p =>
            {
                object who = p[2] == "-" || p[2] == "X" ? null : known.TryGetValue(p[2], out var r) ? r : known[p[2]] = p[2][0] == 'L' ? (object)new string('p', 1) : System.Guid.NewGuid();
                var read = p[2][0] == 'L' ? new PipedRead(who, null, true) : p[2] == "-" ? new PipedRead(null, null, false) : new PipedRead(null, who, false, deserialized: true);
                long line = b.Line(p[0], long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), read, out bool newRead);
                return line + (newRead ? "*" : "");
            }).ToList();
            Assert.Equal(expected, string.Join(" ", got) + "|" + string.Join(" ", said.Select(w => w.Substring(0, w.IndexOf(": ", System.StringComparison.Ordinal)))));
            Assert.All(said, w => Assert.Contains("nothing on the lines tells which", w, StringComparison.Ordinal));
        }

        // Blocks alike (Get-Content -ReadCount 3: an Import-Clixml block of lines 1-3, then a live block of 4-6), and the text.
        [Fact]
        public void ASplitBetweenACopysBlockAndALiveBlockIsSaid()
        {
            var b = new PipedBlocks();
            var said = new System.Collections.Generic.List<string>();
            b.Warning = said.Add;
            Assert.Equal(1, b.First("/l/a.log", 3, 3, new PipedRead(null, null, false, deserialized: true), out _));
            Assert.Equal(4, b.First("/l/a.log", 6, 3, new PipedRead(new object(), null, true), out bool second));
            Assert.True(second);
            Assert.Equal(new[]
            {
                "/l/a.log:4: this line is the object Get-Content wrote and follows line 3 of the file, a deserialized copy. They may be one " +
                "Get-Content read split in two or two reads whose line numbers meet: nothing on the lines tells which (Get-Content -Tail N " +
                "numbers its lines 1 to N, as a read from the start does), so they are read as two, and a record spanning lines 3 and 4 is " +
                "not joined. Pipe the file's lines one way (all deserialized or all as Get-Content writes them), or give the file with -Path.",
            }, said);
        }

        // Blocks (Get-Content -ReadCount 3) alike: a job's block after a live read's is a read of its own (before: "1 4").
        [Fact]
        public void ALiveBlockAndADeserializedBlockAreTwoReads()
        {
            var b = new PipedBlocks();
            Assert.Equal(1, b.First("a", 3, 3, new PipedRead(new object(), null, true), out bool first));
            Assert.False(first);
            Assert.Equal(4, b.First("a", 6, 3, new PipedRead(null, System.Guid.NewGuid(), false, deserialized: true), out bool second));
            Assert.True(second);
        }

        // A live line's read (its PSPath string) is known: a read from 0 going on is not said.
        [Fact]
        public void ALiveReadFromZeroIsNotSaid()
        {
            var b = new PipedBlocks();
            var said = new System.Collections.Generic.List<string>();
            b.Warning = said.Add;
            var read = new object();
            Assert.Equal(new long[] { 1, 2, 3 }, new[] { 0L, 1, 2 }.Select(c => b.Line("a", c, new PipedRead(read, null, true), out _)));
            Assert.Empty(said);
        }

        // PowerShell gives the lines of case.log the PSPath of Case.log when one Get-Content reads both (ContentPathsCache
        // compares paths OrdinalIgnoreCase; ContentCommandBase.cs @00536fbc, PowerShell/PowerShell; measured by helper-270,
        // pwsh 7.6.9): the lines cannot say which file they are. When one read counts the file from its start again and
        // the file system holds a path that differs only in case, a warning names both; otherwise nothing is said.
        // Get-Content Case.log, case.log (one PSPath string, the count restarts): said, naming both. Needs a file system that keeps
        // both names (Windows and macOS fold case by default): run on Linux only, and the two files asserted, not assumed.
        [NotOnWindowsTheory("a file system that folds case cannot hold Case.log and case.log", LinuxOnly = true)]
        [InlineData("Case.log case.log", "1 2 1! 2", true)]
        public void AReadRestartedNamesTheFilesThatDifferOnlyInCase(string files, string numbers, bool said) =>
            AReadRestarted(files, numbers, said);

        // Get-Content Case.log, Case.log with no other file: nothing said (on every file system).
        [Theory]
        [InlineData("Case.log", "1 2 1 2", false)]
        public void AReadRestartedOfOneFileSaysNothingOfCase(string files, string numbers, bool said) =>
            AReadRestarted(files, numbers, said);

        private static void AReadRestarted(string files, string numbers, bool said)
        {
            var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tmcp-case-" + System.Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(dir);
            try
            {
                foreach (var f in files.Split(' ')) System.IO.File.WriteAllText(System.IO.Path.Combine(dir, f), "x\ny\n");
                // A file system that folds case cannot hold both: the row fails there rather than passing without a check.
                Assert.Equal(files.Split(' ').Length, System.IO.Directory.GetFiles(dir).Length);
                var path = System.IO.Path.Combine(dir, "Case.log");
                var b = new PipedBlocks();
                var warnings = new System.Collections.Generic.List<string>();
                b.Warning = warnings.Add;
                var read = new object();
                var got = new[] { 1L, 2, 1, 2 }.Select(c =>
                {
                    int before = warnings.Count;
                    long line = b.Line(path, c, new PipedRead(read, null, true), out bool newRead);
                    return line + (newRead ? "*" : "") + (warnings.Count > before ? "!" : "");
                }).ToList();
                Assert.Equal(numbers, string.Join(" ", got));
                if (!said)
                {
                    Assert.Empty(warnings);
                    return;
                }
                var w = Assert.Single(warnings);
                Assert.StartsWith(path + ":1: one Get-Content command read this file's lines from its start again, and " + System.IO.Path.Combine(dir, "case.log") + " differs", w, System.StringComparison.Ordinal);
            }
            finally
            {
                System.IO.Directory.Delete(dir, true);
            }
        }

        // A file system that folds case (Windows; macOS by default) lists one entry for a name in any case, and PowerShell
        // keeps a path's case as typed (PowerShell/PowerShell#13190): Get-Content c:\logs\app.log, c:\logs\app.log names
        // its lines c:\logs\app.log while the disk says C:\Logs\app.log. Only a directory holding two entries that match
        // ignoring case is a second file (reviewer of session 44; the walk of helper-280 warned of the disk's case).
        [Theory]
        // Windows, typed in other case than the disk's, one file: no other file.
        [InlineData(true, @"C:\Logs\app.log", @"c:\logs\app.log", "")]
        [InlineData(true, @"C:\Logs\app.log", @"C:\LOGS\APP.LOG", "")]
        [InlineData(true, @"\\srv\Share\Logs\app.log", @"\\srv\Share\logs\App.log", "")]
        // Linux, two real files differing in case: the other one, named in the typed case where a directory held one match.
        [InlineData(false, "/var/Logs/app.log /var/Logs/App.log", "/var/Logs/app.log", "/var/Logs/App.log")]
        // Linux, two directories differing in case, each with the file: the file in the other directory.
        [InlineData(false, "/x/Logs/a.log /x/logs/a.log", "/x/logs/a.log", "/x/Logs/a.log")]
        // Linux, the typed file alone: none.
        [InlineData(false, "/x/Logs/a.log", "/x/Logs/a.log", "")]
        public void CaseVariantsAreOtherFilesOnly(bool windows, string disk, string typed, string others)
        {
            var fs = Disk(windows, disk.Split(' '));
            Assert.Equal(others, string.Join(" ", PipedBlocksText.CaseVariants(fs, typed)));
        }

        // Through the blocks: Get-Content c:\logs\app.log, c:\logs\app.log on Windows says nothing; Get-Content app.log,
        // App.log on a file system holding both warns, naming both.
        [Theory]
        [InlineData(true, @"C:\Logs\app.log", @"c:\logs\app.log", "")]
        [InlineData(false, "/var/Logs/app.log /var/Logs/App.log", "/var/Logs/app.log", "/var/Logs/app.log:1: one Get-Content command read this file's lines from its start again, and /var/Logs/App.log differs")]
        public void ARestartWarnsOnlyOfARealSecondFile(bool windows, string disk, string typed, string warning)
        {
            var fs = Disk(windows, disk.Split(' '));
            var b = new PipedBlocks { CaseVariants = p => PipedBlocksText.CaseVariants(fs, p) };
            var said = new System.Collections.Generic.List<string>();
            b.Warning = said.Add;
            var read = new object();
            foreach (var c in new[] { 1L, 2, 1, 2 }) b.Line(typed, c, new PipedRead(read, null, true), out _);
            if (warning.Length == 0) Assert.Empty(said);
            else Assert.StartsWith(warning, Assert.Single(said), System.StringComparison.Ordinal);
        }

        // The walk keeps at most 9 paths in all (the file and 8 others), not 9 a directory: 4 directories A..a/B..b hold
        // 4 files each that match ignoring case (16 paths); 8 others are named.
        [Fact]
        public void CaseVariantsAreAtMostEight()
        {
            var files = new System.Collections.Generic.List<string>();
            foreach (var d in new[] { "/x/AB", "/x/Ab", "/x/aB", "/x/ab" })
                foreach (var f in new[] { "CD", "Cd", "cD", "cd" }) files.Add(d + "/" + f);
            var got = PipedBlocksText.CaseVariants(Disk(false, files.ToArray()), "/x/ab/cd");
            Assert.Equal(8, got.Count);
            Assert.DoesNotContain("/x/ab/cd", got);
        }

        private static Platform.FakePlatform Disk(bool windows, string[] files)
        {
            var fs = new Platform.FakePlatform(windows);
            var os = windows ? TeleportMcp.Engine.Platform.OsKind.Windows : TeleportMcp.Engine.Platform.OsKind.Linux;
            foreach (var f in files)
            {
                fs.File(f);
                for (var d = TeleportMcp.Engine.Platform.OsPath.DirectoryOf(os, f); !string.IsNullOrEmpty(d) && d != TeleportMcp.Engine.Platform.OsPath.DirectoryOf(os, d); d = TeleportMcp.Engine.Platform.OsPath.DirectoryOf(os, d))
                    fs.Dir(d);
            }
            return fs;
        }

        // The same restart of a deserialized copy, or of a line not on this machine's file system, looks at no file system.
        [Fact]
        public void OnlyALiveFileSystemReadLooksForCaseVariants()
        {
            var b = new PipedBlocks();
            int looked = 0;
            b.CaseVariants = p => { looked++; return new[] { p.ToLowerInvariant() }; };
            b.Warning = _ => { };
            var read = new object();
            foreach (var c in new[] { 1L, 2, 1 }) b.Line("/x/A.log", c, new PipedRead(read, null, false), out _);
            foreach (var c in new[] { 1L, 2, 1 }) b.Line("/x/B.log", c, new PipedRead(null, null, true), out _);
            Assert.Equal(0, looked);
            foreach (var c in new[] { 1L, 2, 1, 2, 1 }) b.Line("/x/C.log", c, new PipedRead(read, null, true), out _);
            Assert.Equal(1, looked);
        }

        // Blocks (-ReadCount): a read's block starting at or before its last line counts the file again (Get-Content f, f
        // -ReadCount 2), and only then is the file system asked; UTF-7 -Tail's last block (the count of the block before it)
        // follows that block and is no restart.
        [Fact]
        public void ABlockRestartingItsReadLooksForCaseVariantsOnlyThen()
        {
            var b = new PipedBlocks();
            var looked = new System.Collections.Generic.List<string>();
            b.CaseVariants = p => { looked.Add(p); return new[] { "/x/a.log" }; };
            var said = new System.Collections.Generic.List<string>();
            b.Warning = said.Add;
            var read = new object();
            var firsts = new[] { (2L, 2), (4L, 2), (4L, 1) }.Select(x => b.First("/x/A.log", x.Item1, x.Item2, new PipedRead(read, null, true), out _)).ToList();
            Assert.Equal(new long[] { 1, 3, 5 }, firsts);
            Assert.Empty(looked);
            Assert.Equal(1, b.First("/x/A.log", 2, 2, new PipedRead(read, null, true), out _));
            Assert.Equal(new[] { "/x/A.log" }, looked);
            Assert.StartsWith("/x/A.log:1: one Get-Content command read this file's lines from its start again, and /x/a.log differs", Assert.Single(said), System.StringComparison.Ordinal);
        }

        // Past the files it remembers as read from 0, the one seen longest ago is forgotten: its next count is read as its line.
        [Fact]
        public void RemembersABoundedNumberOfFilesReadFromZero()
        {
            var b = new PipedBlocks(2);
            Assert.Equal(new long[] { 1, 1, 1, 2, 3 }, new[] { b.Line("a", 0, null, out _), b.Line("b", 0, null, out _), b.Line("c", 0, null, out _), b.Line("a", 2, null, out _), b.Line("c", 2, null, out _) });
        }
    }
}
