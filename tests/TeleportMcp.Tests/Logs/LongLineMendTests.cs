using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// Two rules of the long-line path (the module's own, LogScannerLongLines.cs; reviewer's findings on session 44):
    /// where the windows start is found in steps linear in the line however many ANSI codes precede the cut, and a withheld
    /// long line's start names no value its own text gave (a catalog entry's (?&lt;tool&gt;) group included).
    /// </summary>
    public sealed class LongLineMendTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-mend-" + Guid.NewGuid().ToString("N"));

        public LongLineMendTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        [Theory]
        // ESC[m codes (3 characters each, all removed) then overlap-1 plain characters before the cut: each pass of a
        // recounting loop moved back one code and recounted the whole span (quadratic). 2,000 codes and ~1 Mi codes.
        [InlineData(2_000, 4096)]
        [InlineData(350_000, 4096)]
        [InlineData(350_000, 64)]
        public void WhereTheWindowsStartIsFoundInStepsLinearInTheLine(int codes, int overlap)
        {
            var sb = new StringBuilder(codes * 3 + overlap + 8);
            sb.Append("head ");
            for (int i = 0; i < codes; i++) sb.Append("\u001b[m");
            sb.Append('a', overlap - 1);
            char[] buf = sb.ToString().ToCharArray();
            var counts = ParseCounter.Start();
            int from = LogScanner.WindowsFrom(buf, 0, buf.Length, overlap, out long keptBefore);
            Assert.Equal(EscapeSequences.Kept(buf, 0, from), keptBefore);
            // All the codes are removed and overlap-1 characters are kept: the start is before "head " (5 characters kept there).
            Assert.Equal(4, from);
            Assert.Equal(overlap, EscapeSequences.Kept(buf, from, buf.Length - from));
            Assert.InRange(counts[ParseCounter.WindowsFromSteps], 1, 4L * buf.Length);
        }

        [Theory]
        // TMCP-LOG-006 is decided in a window only where a match is found (its [^\n]*? has no bound). Copies of its text before
        // the one "field=mcp.tools" that ends exactly where the first window ends: each copy's match runs to that end, which the
        // window cannot decide (\b reads the next character). Trying every copy was (copies x span) regex work in one window
        // (reviewer's finding, helper-303); the window now stops at the first such match and the next one decides it.
        [InlineData(500)]
        [InlineData(2_000)]
        public void AMatchAWindowCannotDecideEndsTheSearchInThatWindow(int copies)
        {
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            string path = Path.Combine(_dir, "undecided.log");
            const string Copy = "Skipping trait value. ";
            const string Field = "field=mcp.tools";
            long windowEnd = LogFileReader.MaxLineChars + LogScanner.LongWindow;
            long length = windowEnd + 200_000;
            var line = new StringBuilder((int)length + 8);
            while (line.Length + 8 <= length) line.Append("abcdefg ");
            int fieldAt = (int)windowEnd - Field.Length;
            line.Remove(fieldAt, Field.Length + 1).Insert(fieldAt, Field + " ");
            int copiesAt = fieldAt - copies * Copy.Length;
            line.Remove(copiesAt, copies * Copy.Length).Insert(copiesAt, string.Concat(Enumerable.Repeat(Copy, copies)));
            File.WriteAllText(path, "first line\n" + line + "\nlast line\n", new UTF8Encoding(false));
            var undecided = new List<TeleportInputException>();
            catalog.PatternUndecided = undecided.Add;
            catalog.PatternTimedOut = undecided.Add;
            var found = new List<Finding>();
            var counts = ParseCounter.Start();
            LogFileReader.Scan(path, new LogScanner(catalog, path, found.Add));
            // The line read at once holds a match (the copies, then the field): the later window finds it.
            Assert.Single(found, f => f.LineNumber == 2 && f.Id == "TMCP-LOG-006");
            Assert.DoesNotContain(undecided, u => u.Message.Contains("TMCP-LOG-006", StringComparison.Ordinal));
            // A few calls per window and entry, not one per copy.
            Assert.InRange(counts[ParseCounter.LongLineMatchCalls], 1, 100);
        }

        [Fact]
        public void AWithheldLongLinesStartNamesNoToolItsOwnTextGave()
        {
            string admin = Path.Combine(_dir, "admin.yaml");
            File.WriteAllText(admin,
                "entries:\n" +
                "  - id: ACME-777\n    severity: Error\n    title: Acme tool failed\n    sources: [any]\n    prefilter: acme-tool-fail\n" +
                "    match: 'acme-tool-fail tool=(?<tool>[A-Za-z0-9]{1,40}) '\n    cause: 'tool {tool} failed'\n    fix: 'restart {tool}'\n");
            var errors = new List<TeleportInputException>();
            var catalog = KnownErrorCatalog.Load(new[] { admin }, errors);
            Assert.Empty(errors);
            var found = new List<Finding>();
            string path = Path.Combine(_dir, "long.log");
            var line = new StringBuilder((int)LogFileReader.MaxLineChars + 70_000);
            line.Append("acme-tool-fail tool=Hunter2SecretXYZ password=opensesame ");
            while (line.Length + 8 <= LogFileReader.MaxLineChars + 65_536) line.Append("abcdefg ");
            File.WriteAllText(path, "first line\n" + line + "\nlast line\n", new UTF8Encoding(false));
            var scanner = new LogScanner(catalog, path, found.Add);
            LogFileReader.Scan(path, scanner);
            var f = Assert.Single(found, x => x.LineNumber == 2 && x.Id == "ACME-777");
            Assert.Equal(LogScanner.LongHeadMarker + "\n[" + LogScanner.WithheldReason + "]", f.Evidence);
            foreach (var shown in new[] { f.Cause, f.Fix, f.Evidence, f.App, f.Command, f.User, f.HostUser })
                Assert.DoesNotContain("Hunter2", shown ?? "", StringComparison.Ordinal);
            Assert.Contains("<tool>", f.Cause, StringComparison.Ordinal);
        }
    }
}
