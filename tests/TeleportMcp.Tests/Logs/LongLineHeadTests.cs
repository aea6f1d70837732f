using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// A known error in the start of a line longer than LogFileReader.MaxLineChars (the start is read as a record cut there):
    /// the finding stands whenever what decides the match lies before the cut, which MatchReach derives from the pattern's
    /// structure (an always-true lookaround such as (?=(?:...)?) only captures); a value the rest of the line could change is
    /// not named. Rules: the module's own reading of .NET regex semantics (lookarounds and (?>...) are atomic; a positive
    /// lookaround holds once its body matched), no Teleport source.
    /// </summary>
    public sealed class LongLineHeadTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-head-" + Guid.NewGuid().ToString("N"));

        public LongLineHeadTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        [Theory]
        [InlineData("Failed(?=(?:[^\\n]*?\\bmethod=(?<method>[A-Z]+))?)", 0)]  // always true: decides nothing, whatever it reads
        [InlineData("a(?=b*)", 0)]                      // always true (b* matches empty)
        [InlineData("a(?=[^\\n]*?b)", 0)]               // holds once its body matched: what that consumed lies in the prefix
        [InlineData("a(?=[^\\n]*?b\\b)", -1)]           // ... unless its body asserts, from an unbounded place
        [InlineData("a(?=[^\\n]{0,9}?b\\b)", 11)]       // ... from a bounded place: its consumption plus the assertion
        [InlineData("a(?![^\\n]*?b)", -1)]              // a negative lookaround reads all it may read
        [InlineData("a(?!b)", 1)]
        [InlineData("a\\b", 1)]
        [InlineData("x$", 2)]
        [InlineData("a[^\\n]*?\\bfield\\b", 2)]         // unbounded consumption: what it consumed is in the prefix
        [InlineData("(?>[^\\n]*x|y)z", -1)]             // an atomic group's choice depends on all its body reads
        [InlineData("(?>[^\\n]{0,9}?x)", 10)]
        [InlineData("(?=(?:[^\\n]*?(?<x>a))?)b\\k<x>", -1)]  // a backreference to what an always-true lookaround captured
        [InlineData("(?m)^a", -1)]                      // not read here
        public void WhatDecidesAMatchIsKnownApartFromWhatOnlyCaptures(string pattern, int decide) =>
            Assert.Equal(decide, MatchReach.Of(pattern).DecisionAround);

        [Theory]
        // pattern, match index, prefix length, the groups whose value could differ had the text gone on
        [InlineData("x(?=(?:[^\\n]*?m=(?<m>[A-Z]{1,5}))?)", 0, 1000, "m")]         // its lookaround has no bound
        [InlineData("x(?=(?:[^\\n]{0,20}?m=(?<m>[A-Z]{1,5}))?)", 0, 1000, "")]     // bounded, and the prefix holds it
        [InlineData("x(?=(?:[^\\n]{0,20}?m=(?<m>[A-Z]{1,5}))?)", 990, 1000, "m")]  // bounded, but reaches past the prefix
        [InlineData("(?<v>\\w{1,50})", 0, 50, "")]
        [InlineData("(?<v>\\w{1,50})", 0, 49, "v")]                                // a greedy capture may go on
        [InlineData("exec: \"(?<command>[^\"\\\\]+)\"", 0, 1000, "command")]      // the match's own path has no bound
        [InlineData("(?<a>x)(?=(?:[^\\n]*?(?<b>y))?)", 0, 1000, "b")]              // only the unbounded lookaround's group
        public void AValueIsNamedOnlyWhenThePrefixHeldAllThatChoseIt(string pattern, int index, int prefix, string unsure) =>
            Assert.Equal(unsure.Length == 0 ? Array.Empty<string>() : unsure.Split(','), MatchReach.Of(pattern).UnsureIn(index, prefix).OrderBy(n => n, StringComparer.Ordinal).ToArray());

        // Filler of 8-character words (no hint of any redaction rule), as LongLineWindowTests writes it.
        private static string Filler(long n)
        {
            var sb = new StringBuilder((int)n);
            while (sb.Length + 8 <= n) sb.Append("abcdefg ");
            while (sb.Length < n) sb.Append('z');
            return sb.ToString();
        }

        private static readonly long Long = LogFileReader.MaxLineChars + 3L * LogScanner.LongWindow + 12_345;

        private (List<Finding> Found, List<TeleportInputException> Undecided) ScanLine(params (string Text, long At)[] texts)
        {
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            var undecided = new List<TeleportInputException>();
            catalog.PatternUndecided = undecided.Add;
            catalog.PatternTimedOut = undecided.Add;
            var found = new List<Finding>();
            string path = Path.Combine(_dir, "long.log");
            var scanner = new LogScanner(catalog, path, found.Add);
            var line = new StringBuilder(Filler(Long));
            foreach (var (text, at) in texts) line.Remove((int)at, text.Length).Insert((int)at, text);
            File.WriteAllText(path, "first line\n" + line + "\nlast line\n", new UTF8Encoding(false));
            LogFileReader.Scan(path, scanner);
            Assert.Equal(3, scanner.LineCount);
            return (found, undecided);
        }

        private const long Start = 8;
        private static readonly long Middle = (LogFileReader.MaxLineChars + Long) / 2 / 8 * 8;

        [Theory]
        // Session 43 made these Indeterminate (their optional lookaheads have no bound); the literal decides them. The
        // values the lookaheads capture could lie past the cut (a first "method=" there), so none is named.
        // The fields as a text record writes them (lib/utils/log/handle_state.go quotes an error value): a quote ends the error.
        // "session" is a redaction hint (redaction.catalog.yaml), so LOG-105's whole start is withheld (helper-278's rule).
        [InlineData("TMCP-LOG-100", "Failed to proxy MCP request method:POST path:/mcp status_code:502 error:\"EOF\" ", "error, method, path, status", false)]
        [InlineData("TMCP-LOG-105", "Failed to set up MCP session handler error:\"boom\" ", "error", true)]
        public void AnOptionalValueInTheLinesStartDoesNotMakeItsErrorIndeterminate(string id, string text, string unsure, bool withheld)
        {
            var (found, undecided) = ScanLine((text, Start));
            Assert.DoesNotContain(undecided, u => u.Message.Contains(id, StringComparison.Ordinal));
            var f = Assert.Single(found, f => f.LineNumber == 2);
            Assert.Equal(id, f.Id);
            if (withheld)
                Assert.Equal(LogScanner.LongHeadMarker + "\n[" + LogScanner.WithheldReason + "]", f.Evidence);
            else
                Assert.StartsWith("[line longer than 12 Mi characters, too long to show; its start] [not named, the line's rest could change them: " + unsure + "]\n", f.Evidence, StringComparison.Ordinal);
            foreach (var name in unsure.Split(", ")) Assert.Contains("<" + name + ">", f.Cause + f.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain("POST", f.Cause, StringComparison.Ordinal);
            Assert.DoesNotContain("boom", f.Cause, StringComparison.Ordinal);
        }

        [Fact]
        public void ABoundedValueCutByTheLinesStartIsTakenWholeFromTheLinesRest()
        {
            // invalid request body[^\]"\n]{0,200}: greedy; the start ends after the text's last space, the value goes on.
            const string text = "invalid request body: xyz ";
            var (found, undecided) = ScanLine((text, LogFileReader.MaxLineChars - text.Length));
            Assert.Empty(undecided);
            var f = Assert.Single(found, f => f.LineNumber == 2);
            Assert.Equal("TMCP-LOG-103", f.Id);
            Assert.Contains("invalid request body: xyz abcdefg abcdefg", f.Cause, StringComparison.Ordinal);
        }

        [Theory]
        // Catalog patterns bounded by what Teleport writes (the bound's source is cited beside the pattern): found past 12 Mi.
        [InlineData("TMCP-LOG-106", "unexpected status code: 405. Ensure the server URL is reachable, and is serving an MCP SSE server on the specified path.", "HTTP 405")]
        public void ABoundedCatalogPatternIsFoundPastTheLinesStart(string id, string text, string cause)
        {
            Assert.Null(KnownErrorCatalog.Embedded.Entries.Single(e => e.Id == id).Reach!.Unbounded);
            var (found, undecided) = ScanLine((text, Middle));
            Assert.Empty(undecided);
            var f = Assert.Single(found, f => f.LineNumber == 2);
            Assert.Equal(id, f.Id);
            Assert.Contains(cause, f.Cause, StringComparison.Ordinal);
        }

        [Fact]
        public void AMatchWhoseDecisionCouldChangePastTheCutStaysIndeterminate()
        {
            // exec: "(?<command>[^"\\]+)": the value runs into the rest: no match in the start, none decided there.
            var (found, undecided) = ScanLine(("exec: \"", LogFileReader.MaxLineChars - 7), ("\": executable file not found in $PATH", Middle));
            Assert.DoesNotContain(found, f => f.LineNumber == 2);
            var u = Assert.Single(undecided);
            Assert.Contains("TMCP-LOG-003 is Indeterminate for the line at", u.Message, StringComparison.Ordinal);
        }
    }
}
