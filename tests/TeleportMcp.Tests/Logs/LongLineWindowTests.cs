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
    /// A known error on a line longer than LogFileReader.MaxLineChars: found in windows of the line whose overlap is the
    /// longest bounded reach of the catalog's unanchored patterns; Indeterminate (with the reason) for a pattern whose reach
    /// has no bound; the line's text shown only when no redaction rule can apply anywhere in it.
    /// </summary>
    public sealed class LongLineWindowTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-window-" + Guid.NewGuid().ToString("N"));

        public LongLineWindowTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        [Theory]
        [InlineData("abc", false, 3, 0)]
        [InlineData("a{2,5}b?", false, 6, 0)]
        [InlineData("(?i)token", false, 5, 0)]
        [InlineData("(?<v>[^\"]{1,200})\\b", false, 200, 1)]
        [InlineData("(?<![\\w-])signal: ", false, 8, 1)]
        [InlineData("x(?=[\\]\"]|\\z)", false, 1, 2)]   // a lookaround: its alternatives' larger consumption plus their larger look
        [InlineData("[a-z-[aeiou]]\\x1b\\[\\u00e9", false, 4, 0)]
        [InlineData("(?:ab|c){3}", false, 6, 0)]
        [InlineData("\\Aabc[^\\n]{0,400}?x", true, 404, 0)]
        [InlineData("a(?>(?:\\((?<open>)|\\)(?<-open>)){0,2})", false, 3, 0)]
        public void ABoundedPatternReadsWhatItConsumesPlusItsLookaroundsOnEachSide(string pattern, bool anchored, int consumed, int around)
        {
            var r = MatchReach.Of(pattern);
            Assert.Null(r.Unbounded);
            Assert.Equal(anchored, r.Anchored);
            Assert.Equal(consumed, r.Consumed);
            Assert.Equal(around, r.Around);
        }

        [Theory]
        [InlineData("a+b", "'+' after 'a'")]
        [InlineData("x(?:a|bc)*", "'*' after '(?:a|bc)'")]
        [InlineData("(a)\\1", "a backreference")]
        [InlineData("\\Aa|b", "'|' at the top of an anchored pattern")]
        [InlineData("a{3,}", "'{3,}' after 'a'")]
        [InlineData("(?m)^a", "inline option")]
        [InlineData("a^b", "'^' inside")]
        [InlineData("[^\"\\\\]+x", "'+' after '[^\"\\\\]'")]
        [InlineData("x(?=a*)", "'*' after 'a'")]
        public void APatternThatCanReadWithoutBoundSaysWhere(string pattern, string why) =>
            Assert.Contains(why, MatchReach.Of(pattern).Unbounded, StringComparison.Ordinal);

        [Theory]
        [InlineData("TMCP-LOG-212", false, null)]    // a literal: bounded
        [InlineData("TMCP-LOG-122", false, null)]    // the app after "Run `tsh mcp login" is read within a bounded reach, so a tag past 12 Mi is found, not Indeterminate
        [InlineData("TMCP-LOG-005", false, null)]
        [InlineData("TMCP-LOG-003", false, "'+'")]   // exec: "(?<command>[^"\\]+)"
        [InlineData("TMCP-LOG-001", true, "'*'")]    // \A ... [\s\S]*? exit status
        public void TheCatalogsPatternsHaveTheReachTheirTextGives(string id, bool anchored, string unbounded)
        {
            var r = KnownErrorCatalog.Embedded.Entries.Single(e => e.Id == id).Reach!;
            Assert.Equal(anchored, r.Anchored);
            if (unbounded == null) Assert.Null(r.Unbounded);
            else Assert.Contains(unbounded, r.Unbounded, StringComparison.Ordinal);
        }

        private const string Ssh = "no SSH auth methods loaded, are you logged in?";
        private const string Denied = "Access denied to application.";
        private const string NotFound = "exec: \"npx\": executable file not found in $PATH";

        // Filler of 8-character words: the reader's cut (before the word the limit falls in) is the limit itself. No hint.
        private static string Filler(long n)
        {
            var sb = new StringBuilder((int)n);
            while (sb.Length + 8 <= n) sb.Append("abcdefg ");
            while (sb.Length < n) sb.Append('z');
            return sb.ToString();
        }

        // Where a text is put: "start", "cut" (across the cut), "to-cut" (ending at it), "edge" (across the first windows' shared end), "middle", "end".
        private static long At(string where, long length, int textLength) => where switch
        {
            "start" => 8,
            "cut" => LogFileReader.MaxLineChars - textLength / 2,
            "to-cut" => LogFileReader.MaxLineChars - textLength,
            "edge" => LogFileReader.MaxLineChars + LogScanner.LongWindow - textLength / 2,
            "middle" => (LogFileReader.MaxLineChars + length) / 2 / 8 * 8,
            _ => length - textLength,
        };

        private (List<Finding> Found, List<TeleportInputException> Undecided) ScanLine(long length, params (string Text, string Where)[] texts) =>
            ScanLine("first line", length, texts);

        private (List<Finding> Found, List<TeleportInputException> Undecided) ScanLine(string first, long length, params (string Text, string Where)[] texts)
        {
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            var undecided = new List<TeleportInputException>();
            catalog.PatternUndecided = undecided.Add;
            var found = new List<Finding>();
            string path = Path.Combine(_dir, "long.log");
            var scanner = new LogScanner(catalog, path, found.Add);
            var line = new StringBuilder(Filler(length));
            foreach (var (text, where) in texts)
            {
                long at = At(where, length, text.Length);
                line.Remove((int)at, text.Length).Insert((int)at, text);
            }
            File.WriteAllText(path, first + "\n" + line + "\nlast line " + Ssh + "\n", new UTF8Encoding(false));
            LogFileReader.Scan(path, scanner);
            Assert.Equal(3, scanner.LineCount);
            return (found, undecided);
        }

        private static readonly long Long = LogFileReader.MaxLineChars + 3L * LogScanner.LongWindow + 12_345;

        [Theory]
        [InlineData("start")]
        [InlineData("cut")]
        [InlineData("edge")]
        [InlineData("middle")]
        [InlineData("end")]
        public void AKnownErrorAnywhereOnALongLineIsFoundOnceAndTheFindingSaysTheLineWasTooLong(string where)
        {
            var (found, undecided) = ScanLine(Long, (Denied, where));
            Assert.Empty(undecided);
            var onLine = Assert.Single(found, f => f.LineNumber == 2);
            Assert.Equal("TMCP-LOG-005", onLine.Id);
            Assert.Contains(Denied, onLine.Evidence, StringComparison.Ordinal);
            Assert.StartsWith("[line ", onLine.Evidence, StringComparison.Ordinal);
            Assert.Contains("too long to show", onLine.Evidence, StringComparison.Ordinal);
            Assert.True(onLine.Evidence.Length < 3000, "evidence is a window");
            Assert.Single(found, f => f.LineNumber == 3 && f.Id == "TMCP-LOG-212");
        }

        [Theory]
        [InlineData("middle", "password=hunter2sEcret", Denied)]
        [InlineData("start", "password=hunter2sEcret", Denied)]
        [InlineData("end", "Authorization: Bearer hunter2sEcretTokenValue", Denied)]
        [InlineData("end", "hunter2", Ssh)]     // "auth" in the error's own text is a hint: nothing proves the line free of secrets
        public void ALongLineThatMayHoldASecretHasItsTextWithheld(string where, string secret, string error)
        {
            var (found, _) = ScanLine(Long, (error, "edge"), (secret, where));
            var onLine = Assert.Single(found, f => f.LineNumber == 2);
            Assert.Equal("[line of " + LogScanner.LineLengthText(Long) + "; text withheld]", onLine.Evidence);
            Assert.DoesNotContain("hunter2", onLine.Evidence + onLine.Cause + onLine.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain("abcdefg", onLine.Evidence, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("middle")]
        [InlineData("end")]
        public void AnUnboundedPatternsWholeMatchPastTheStartIsFoundNamingNoValue(string where)
        {
            // Session 45: a window decides a match it holds whole with what decides it (as the line's start does); the match
            // may begin before the window, so its value is not named (LongLineDecideTests compares it with the line read at once).
            var (found, undecided) = ScanLine(Long, (NotFound, where));
            Assert.Empty(undecided);
            var f = Assert.Single(found, f => f.Id == "TMCP-LOG-003");
            Assert.Equal(2, f.LineNumber);
            Assert.Contains("<command>", f.Cause, StringComparison.Ordinal);
            Assert.DoesNotContain("npx", f.Cause, StringComparison.Ordinal);
            Assert.Contains(LogScanner.UnsureText(new[] { "command" }), f.Evidence, StringComparison.Ordinal);
        }

        private const string BadCert = "The certificate presented by the proxy is invalid: x509: certificate has expired";

        [Theory]
        // The line's start, read as a record of its first 12 Mi, ends at the cut (after the last space or quote before the
        // limit): a pattern that looks past its match there ('$' in a lookahead) read "end of text" where the line goes on.
        [InlineData(BadCert, "TMCP-LOG-194", false, false)]            // the line goes on past "has ": no window holds a match
        [InlineData(BadCert + "\"", "TMCP-LOG-194", true, false)]     // the '"' its lookahead wants ends the line's start: found in a window
        public void AMatchAtTheLongLinesCutThatLooksPastItIsDecidedByTheLinesRest(string text, string id, bool found, bool indeterminate)
        {
            var (all, undecided) = ScanLine(Long, (text, "to-cut"));
            Assert.Equal(found, all.Exists(f => f.LineNumber == 2 && f.Id == id));
            Assert.Equal(indeterminate, undecided.Exists(u => u.Message.Contains(id + " is Indeterminate", StringComparison.Ordinal)));
        }

        [Theory]
        // The prefilter text lies in the line's start, before the windows' first overlap; the match runs past the cut.
        [InlineData("TMCP-LOG-007", "MCP server \"", "\" is missing 'command'")]   // the app value crosses the cut
        public void AnUnboundedPatternWhoseMatchRunsPastTheCutIsNotMissedSilently(string id, string start, string rest)
        {
            var (found, undecided) = ScanLine(Long, (start, "start"), (rest, "middle"));
            Assert.DoesNotContain(found, f => f.LineNumber == 2);
            var u = Assert.Single(undecided, u => u.Message.Contains(id + " is Indeterminate for the line at", StringComparison.Ordinal));
            Assert.Contains("no bound", u.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ABoundedCaptureAtAWindowsEndIsTakenWholeFromTheNextWindow()
        {
            // invalid request body[^\]"\n]{0,200}: greedy; a window ending inside it must not take it cut.
            string value = "invalid request body: " + new string('v', 160) + "END";
            var (found, undecided) = ScanLine(Long, (value, "edge"));
            Assert.Empty(undecided);
            var onLine = Assert.Single(found, f => f.LineNumber == 2);
            Assert.Equal("TMCP-LOG-103", onLine.Id);
            Assert.Contains(value, onLine.Cause, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("middle")]
        [InlineData("edge")]
        public void AColouredKnownErrorPastTheStartIsNotMissedSilently(string where)
        {
            // Records are matched with ANSI codes removed; a window that holds one does not decide what it hides.
            var (found, undecided) = ScanLine(Long, ("Access denied to \u001b[1mapplication\u001b[0m.", where));
            Assert.True(found.Exists(f => f.LineNumber == 2 && f.Id == "TMCP-LOG-005")
                || undecided.Exists(u => u.Message.Contains("TMCP-LOG-005 is Indeterminate", StringComparison.Ordinal) && u.Message.Contains("ANSI", StringComparison.Ordinal)));
        }

        [Fact]
        public void TheRecordBeforeALongLineIsNotItsStart()
        {
            // The line before ends when the long line starts: its finding is its own, and the long line's same error is found too.
            var (found, _) = ScanLine("first line " + Denied, Long, (Denied, "middle"));
            var first = Assert.Single(found, f => f.LineNumber == 1);
            Assert.Equal("TMCP-LOG-005", first.Id);
            Assert.DoesNotContain("too long to show", first.Evidence, StringComparison.Ordinal);
            Assert.Single(found, f => f.LineNumber == 2 && f.Id == "TMCP-LOG-005");
        }

        [Theory]
        [InlineData("x$", true, 2)]                    // '$' reads the character after it and whether one follows
        [InlineData("x\\Z", true, 2)]
        [InlineData("a[^\\n]*?\\bfield\\b", true, 2)]  // consumes without bound; each \b adds one (a sum: never less)
        [InlineData("(a)\\1(?=b)", true, 1)]
        [InlineData("a(?=b*)", false, 0)]              // a lookahead without bound
        [InlineData("(?(a)b|c)", false, 0)]            // a conditional: not read here
        [InlineData("a(?s).", false, 0)]
        public void WhatAPatternLooksAtPastItsMatchIsKnownEvenWhenItConsumesWithoutBound(string pattern, bool known, int around)
        {
            var r = MatchReach.Of(pattern);
            Assert.Equal(known, r.AroundKnown);
            Assert.Equal(around, r.Around);
        }

        [Fact]
        public void ALongLineWithoutAKnownErrorGivesNothing()
        {
            var (found, undecided) = ScanLine(Long);
            Assert.Empty(undecided);
            Assert.Equal(new long[] { 3 }, found.Select(f => f.LineNumber));
        }

        [Theory]
        [InlineData(5L << 20, "5 Mi characters")]
        [InlineData((64L << 20) + (1L << 19), "64.5 Mi characters")]
        [InlineData(900_000L, "900,000 characters")]
        public void TheLineLengthReadsInMi(long chars, string text) => Assert.Equal(text, LogScanner.LineLengthText(chars));
    }
}
