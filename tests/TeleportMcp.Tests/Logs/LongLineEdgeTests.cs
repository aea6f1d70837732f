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
    /// Where a line longer than LogFileReader.MaxLineChars is cut (its start at 12 Mi characters, its rest into windows),
    /// the long-line path gives the finding the line read at once gives (the same entry, the same values in its cause and
    /// fix), or none of its text: an escape sequence a window's edge cuts (JSON's \" \\ \u00e9 \n written out, an ANSI
    /// code, a CRLF) hides no match and changes no value; a secret the 12 Mi cut splits shows no part of itself.
    /// The module's own rules (LogScannerLongLines.cs, redaction.catalog.yaml), not a Teleport source.
    /// </summary>
    public sealed class LongLineEdgeTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-edge-" + Guid.NewGuid().ToString("N"));

        public LongLineEdgeTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        // Filler of 8-character words without a redaction hint: the reader's cut is the limit itself.
        private static StringBuilder Filler(int n)
        {
            var sb = new StringBuilder(n + 8);
            while (sb.Length + 8 <= n) sb.Append("abcdefg ");
            while (sb.Length < n) sb.Append('z');
            return sb;
        }

        private static int Overlap()
        {
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            return new LogScanner(catalog, "x.log", _ => { }).LongOverlap;
        }

        private (List<Finding> Found, List<TeleportInputException> Undecided) Scan(string content)
        {
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            var undecided = new List<TeleportInputException>();
            catalog.PatternUndecided = undecided.Add;
            var found = new List<Finding>();
            string path = Path.Combine(_dir, "cut.log");
            File.WriteAllText(path, content, new UTF8Encoding(false));
            var scanner = new LogScanner(catalog, path, found.Add);
            LogFileReader.Scan(path, scanner);
            return (found, undecided);
        }

        private static List<string> Shown(IEnumerable<Finding> found) =>
            found.Where(f => f.LineNumber == 2).Select(f => f.Id + " | " + f.Cause + " | " + f.Fix).OrderBy(s => s, StringComparer.Ordinal).ToList();

        /// <summary>
        /// The same text on a long line and on a line read at once (the same 4 Ki characters on each side, the same line end):
        /// the findings of line 2 say the same, and the long line leaves nothing Indeterminate.
        /// </summary>
        private void SameAsReadAtOnce(string text, long at, int lineLength, string lineEnd = "\n")
        {
            var line = Filler(lineLength);
            line.Remove((int)at, text.Length).Insert((int)at, text);
            string whole = line.ToString();
            var (longFound, undecided) = Scan("first line\n" + whole + lineEnd + "last line\n");
            int from = Math.Max(0, (int)at - 4096);
            int to = Math.Min(whole.Length, (int)at + text.Length + 4096);
            var (shortFound, _) = Scan("first line\n" + whole.Substring(from, to - from) + lineEnd + "last line\n");
            // An entry whose pattern has no bound is Indeterminate on a long line (session 43), never guessed; every other
            // finding of the line read at once is the long line's, with the same values.
            Assert.All(undecided, u => Assert.Contains("no bound", u.Message, StringComparison.Ordinal));
            var indeterminate = undecided.Select(u => System.Text.RegularExpressions.Regex.Match(u.Message, @"known error (\S+) is Indeterminate").Groups[1].Value).ToList();
            var expected = Shown(shortFound.Where(f => !indeterminate.Contains(f.Id!)));
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Shown(longFound));
            Assert.All(longFound.Where(f => f.LineNumber == 2), f => Assert.StartsWith("[line ", f.Evidence, StringComparison.Ordinal));
        }

        // Texts holding escape sequences inside what a pattern captures (JSON-escaped quotes and backslashes as Teleport's
        // text log writes them with strconv.Quote, a \u escape and a written-out \n, ANSI colour codes), and the sequence.
        private static readonly (string Name, string Text, string Sequence)[] Escaped =
        {
            ("quote", "failed to load mcp configuration file at \\\"C:\\\\Users\\\\me\\\\mcp.json\\\": parsing config", "\\\""),          // TMCP-LOG-198
            ("backslash", "failed to load mcp configuration file at \\\"C:\\\\Users\\\\me\\\\mcp.json\\\": parsing config", "\\\\"),     // TMCP-LOG-198
            ("u-escape", "The certificate presented by the proxy is invalid: x509: caf\\u00e9 \\\\ expired\\nabc", "\\u00e9"),          // TMCP-LOG-194
            ("n-escape", "The certificate presented by the proxy is invalid: x509: caf\\u00e9 \\\\ expired\\nabc", "\\n"),              // TMCP-LOG-194
            ("ansi-bold", "Access denied to \u001b[1mapplication\u001b[0m. ", "\u001b[1m"),                                              // TMCP-LOG-005
            ("ansi-reset", "Access denied to \u001b[1mapplication\u001b[0m. ", "\u001b[0m"),
            ("ansi-in-value", "invalid request body: ab\u001b[31mcd\u001b[0m ef ", "\u001b[31m"),                                         // TMCP-LOG-103
            // 8-bit forms (ECMA-48 5.3: U+009B CSI, U+009D OSC ... U+009C ST) and a 7-bit OSC hyperlink end where 7-bit codes do.
            ("c1-csi", "Access denied to \u009b1mapplication\u009b0m. ", "\u009b1m"),                                                 // TMCP-LOG-005
            ("c1-osc", "Access denied to \u009d0;t\u009capplication. ", "\u009d0;t\u009c"),
            ("osc-st", "Access denied to \u001b]8;;x\u001b\\application\u001b]8;;\u001b\\. ", "\u001b]8;;x\u001b\\"),
        };

        public static IEnumerable<object[]> EscapeCuts()
        {
            foreach (var (name, text, sequence) in Escaped)
                foreach (var edge in new[] { "window-end", "window-start" })
                    for (int k = 0; k <= sequence.Length; k++)
                        yield return new object[] { name, edge, k };
        }

        [Theory]
        [MemberData(nameof(EscapeCuts))]
        public void AnEscapeSequenceCutByAWindowsEdgeGivesTheFindingOfTheLineReadAtOnce(string name, string edge, int k)
        {
            var (_, text, sequence) = Escaped.Single(e => e.Name == name);
            // The first window of the rest ends at the cut plus LongWindow; the second starts the overlap before that.
            long end = LogFileReader.MaxLineChars + LogScanner.LongWindow;
            long boundary = edge == "window-end" ? end : end - Overlap();
            long at = boundary - text.IndexOf(sequence, StringComparison.Ordinal) - k;   // the edge falls before the sequence's k-th character
            SameAsReadAtOnce(text, at, LogFileReader.MaxLineChars + LogScanner.LongWindow + 65_536);
        }

        [Theory]
        // The line's end: FeedLine drops a final '\r' before it removes ANSI codes, so "\x1b[0m\r" loses both and "\r\x1b[0m"
        // keeps the '\r' (TMCP-LOG-103 captures it).
        [InlineData("invalid request body: xyz\u001b[0m", "\r\n")]
        [InlineData("invalid request body: xyz\r\u001b[0m", "\n")]
        [InlineData("invalid request body: xyz", "\r\n")]
        public void TheLongLinesEndReadsAsTheLineReadAtOnce(string text, string lineEnd)
        {
            int length = LogFileReader.MaxLineChars + LogScanner.LongWindow + 65_536;
            SameAsReadAtOnce(text, length - text.Length, length, lineEnd);
        }

        [Fact]
        public void ACrlfSplitAcrossTwoReadsIsOneLineEnd()
        {
            // The reader decodes 64 KiB at a time: the '\r' ends one read and the '\n' starts the next.
            const string text = "invalid request body: xyz";
            int length = 65_536 * 209 - "first line\n".Length - 1;
            SameAsReadAtOnce(text, length - text.Length, length, "\r\n");
        }

        // A secret whose start lies before the 12 Mi cut and whose rest lies past it, next to a known error in the line's
        // start: the start's evidence is redacted without the rest, where no rule recognises the part before the cut.
        public static IEnumerable<object[]> SplitSecrets()
        {
            // A JWT with no delimiter for more than the reader's look-back: the cut falls inside its first part.
            foreach (int before in new[] { LogFileReader.CutSearch + 1, LogFileReader.CutSearch + 700, LogFileReader.CutSearch + 40_000 })
                yield return new object[] { "jwt", before };
            // A URL password holding ':' (a word end for the cut): the cut falls after the ':' inside it.
            foreach (int before in new[] { 1, 9, 600 })
                yield return new object[] { "url-password", before };
        }

        private const string Denied = "Access denied to application.";

        [Theory]
        [MemberData(nameof(SplitSecrets))]
        public void ASecretTheCutSplitsShowsNoPartOfItself(string kind, int before)
        {
            int limit = LogFileReader.MaxLineChars;
            string secretPart, secret;
            if (kind == "jwt")
            {
                // eyJ + [A-Za-z0-9_-] for `before` characters up to the limit, then on past it, then ".<payload>.<signature>".
                secretPart = "eyJ" + new string('Q', before - 3);
                secret = secretPart + new string('Q', 5000) + ".eyJpYXlsb2FkIn0.c2lnbmF0dXJl";
            }
            else
            {
                // https://u:<part>:<rest>@host — the cut goes after the last ':' before the limit, `before` characters before it.
                secretPart = "S3cr3tPrefixPart";
                secret = secretPart + ":" + new string('R', before - 1) + "RestOfTheSecret@host.example";
                secretPart += ":";
            }
            string text = Denied + " " + (kind == "jwt" ? "" : "https://u:") + secret + " ";
            int secretAt = text.IndexOf(secret, StringComparison.Ordinal);
            // The secret's part before the cut ends at the limit (jwt) or `before` characters before it (after its ':').
            long at = kind == "jwt" ? limit - before - secretAt : limit - before - secretPart.Length - secretAt + 1;
            var line = Filler(limit + LogScanner.LongWindow + 65_536);
            line.Remove((int)at, text.Length).Insert((int)at, text);
            var (found, undecided) = Scan("first line\n" + line + "\nlast line\n");
            var onLine = Assert.Single(found, f => f.LineNumber == 2);
            Assert.Equal("TMCP-LOG-005", onLine.Id);
            Assert.StartsWith(LogScanner.LongHeadMarker, onLine.Evidence, StringComparison.Ordinal);
            // No part of the secret: not its start, not its part before the cut, not the characters of its rest.
            string all = string.Join("\n", found.Select(f => f.Evidence + "\n" + f.Cause + "\n" + f.Fix)) +
                         string.Join("\n", undecided.Select(u => u.Message));
            Assert.DoesNotContain(kind == "jwt" ? "eyJQQ" : "S3cr3t", all, StringComparison.Ordinal);
            Assert.DoesNotContain(kind == "jwt" ? "QQQQQQQQ" : "RestOfTheSecret", all, StringComparison.Ordinal);
        }

        // A sequence that starts before the 12 Mi cut and ends after it (its characters hold no word end, so the reader's cut
        // falls inside it): an OSC string (7-bit, 8-bit), a CSI with a long parameter string, and an OSC string the line's
        // end cuts. Nothing of it is text of the line's start (its evidence, its values), and the known error it splits is
        // found by the windows, which read it whole (ECMA-48 5.4, 8.3.89; Common/EscapeSequences.cs).
        [Theory]
        [InlineData("\u001b]0;", 'T', "\u0007", false)]
        [InlineData("\u009d0;", 'T', "\u009c", false)]
        [InlineData("\u001b[", ';', "m", false)]
        [InlineData("\u001b]0;", 'T', "", true)]
        public void ASequenceTheCutSplitsIsNoTextAndHidesNoKnownError(string open, char body, string close, bool toLineEnd)
        {
            int limit = LogFileReader.MaxLineChars;
            int length = limit + LogScanner.LongWindow + 65_536;
            var line = Filler(length);
            const string before = "Access denied to ";
            // The sequence's body runs from 100 Ki characters before the limit (more than the reader looks back for a word end)
            // to 100 Ki after it, or to the line's end; the known error goes on after it.
            int seqAt = limit - 100 * 1024;
            int seqLength = toLineEnd ? length - seqAt : 200 * 1024;
            string seq = open + new string(body, seqLength - open.Length - close.Length) + close;
            string text = toLineEnd ? before + seq : before + seq + "application. ";
            int at = seqAt - before.Length;
            line.Remove(at, text.Length).Insert(at, text);
            var (found, undecided) = Scan("first line\n" + line + "\nlast line\n");
            string all = string.Join("\n", found.Select(f => f.Evidence + "\n" + f.Cause + "\n" + f.Fix)) +
                         string.Join("\n", undecided.Select(u => u.Message));
            Assert.DoesNotContain(new string(body, 8), all, StringComparison.Ordinal);
            if (open.Length > 2) Assert.DoesNotContain(open.Substring(1), all, StringComparison.Ordinal);
            if (toLineEnd) Assert.DoesNotContain(found, f => f.LineNumber == 2);
            else
            {
                var onLine = Assert.Single(found, f => f.LineNumber == 2);
                Assert.Equal("TMCP-LOG-005", onLine.Id);
                Assert.Contains("Access denied to application.", onLine.Evidence, StringComparison.Ordinal);
                Assert.DoesNotContain(undecided, u => u.Message.Contains("escape", StringComparison.OrdinalIgnoreCase));
            }
        }

        [Fact]
        public void TheStartsEvidenceIsShownWhenNoRedactionRuleCanApplyToTheLine()
        {
            var line = Filler(LogFileReader.MaxLineChars + LogScanner.LongWindow + 65_536);
            line.Remove(8, Denied.Length).Insert(8, Denied);
            var (found, _) = Scan("first line\n" + line + "\nlast line\n");
            var onLine = Assert.Single(found, f => f.LineNumber == 2);
            Assert.StartsWith(LogScanner.LongHeadMarker + "\nabcdefg " + Denied, onLine.Evidence, StringComparison.Ordinal);
        }

        private static List<string> All(IEnumerable<Finding> found) =>
            found.Select(f => f.LineNumber + " " + f.Id + " | " + f.Cause + " | " + f.Fix).OrderBy(s => s, StringComparer.Ordinal).ToList();

        private const string Stamp = "2025-09-30T10:00:00.125Z WARN             ";
        private const string NonMcp = "non-MCP event received, this can indicate a protocol that is currently not supported by Teleport or a malfunction on the MCP server";

        [Theory]
        // A Teleport text line that opens a multi-line value ("error:[") takes the unstamped lines after it into its record
        // (LogScanner.FeedLine): a match may run from the long line's end into them, or lie in them, and is the line's.
        [InlineData(NonMcp + " error:[", "unexpected event type ping]", null)]                 // TMCP-LOG-110: bounded, its event is on the next line
        [InlineData("something failed error:[", Denied + "]", null)]                            // TMCP-LOG-005 wholly in the joined line
        [InlineData(NonMcp + " error:\"[unexpected event type ping]\"", "unexpected event type pong", null)] // a hit and no "[" at its end: the record ends with the line
        // No bound (session 45): a match the record of the line's end holds whole is found, its value not named (it may begin
        // earlier in the line); one that begins before that record and runs into the joined lines is Indeterminate.
        [InlineData("something failed error:[", "exec: \"npx\": executable file not found in $PATH]", "not-named TMCP-LOG-003")]
        [InlineData("something failed exec: \"", "\": executable file not found in $PATH", "indeterminate TMCP-LOG-003")]
        public void AMatchRunningIntoTheLinesAfterALongLineIsTheLineReadAtOnces(string end, string next, string mode)
        {
            // The second row's value runs 20,000 characters to the line's end: more than the record of its end holds.
            if (mode != null && mode.StartsWith("indeterminate", StringComparison.Ordinal)) end += new string('n', 20_000);
            string indeterminate = mode?.Split(' ')[1];
            int length = LogFileReader.MaxLineChars + LogScanner.LongWindow + 65_536;
            var body = Filler(length - Stamp.Length - end.Length).ToString();
            string line = Stamp + body + end;
            string shortLine = Stamp + body.Substring(body.Length - 4096) + end;
            var (longFound, undecided) = Scan("first line\n" + line + "\n" + next + "\nlast line\n");
            var (shortFound, _) = Scan("first line\n" + shortLine + "\n" + next + "\nlast line\n");
            var expected = All(shortFound);
            Assert.NotEmpty(expected);
            if (indeterminate == null)
            {
                Assert.Equal(expected, All(longFound));
                // Only an entry without a bound is left Indeterminate, and none that the line read at once finds.
                Assert.All(undecided, u => Assert.Contains("no bound", u.Message, StringComparison.Ordinal));
                Assert.All(undecided, u => Assert.DoesNotContain(expected, e => u.Message.Contains("known error " + e.Split(' ')[1] + " ", StringComparison.Ordinal)));
                return;
            }
            Assert.Contains(expected, e => e.StartsWith("2 " + indeterminate, StringComparison.Ordinal));
            Assert.Equal(expected.Where(e => !e.Contains(indeterminate, StringComparison.Ordinal)), All(longFound).Where(e => !e.Contains(indeterminate, StringComparison.Ordinal)));
            if (mode.StartsWith("not-named", StringComparison.Ordinal))
            {
                Assert.Empty(undecided);
                var f = Assert.Single(longFound, f => f.Id == indeterminate);
                Assert.Equal(2, f.LineNumber);
                Assert.Contains("<command>", f.Cause, StringComparison.Ordinal);
                Assert.DoesNotContain("npx", f.Cause + f.Fix, StringComparison.Ordinal);
                Assert.Contains(LogScanner.UnsureText(new[] { "command" }), f.Evidence, StringComparison.Ordinal);
                return;
            }
            Assert.DoesNotContain(longFound, f => f.Id == indeterminate);
            var u = Assert.Single(undecided);
            Assert.Contains(indeterminate + " is Indeterminate for the line at", u.Message, StringComparison.Ordinal);
            Assert.Contains("lines joined to it", u.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AJsonLongLineWithAKnownErrorTakesNoLineAfterIt()
        {
            // A JSON line whose text holds a prefilter hit ends its record at once: the unstamped line after it is its own record.
            int length = LogFileReader.MaxLineChars + LogScanner.LongWindow + 65_536;
            const string head = "{\"level\":\"warn\",\"msg\":\"";
            string tail = Denied + "\"}";
            string body = Filler(length - head.Length - tail.Length).ToString();
            const string next = "exec: \"npx\": executable file not found in $PATH";
            var (longFound, undecided) = Scan("first line\n" + head + body + tail + "\n" + next + "\nlast line\n");
            var (shortFound, _) = Scan("first line\n" + head + body.Substring(body.Length - 4096) + tail + "\n" + next + "\nlast line\n");
            Assert.Equal(All(shortFound), All(longFound));
            Assert.Contains(All(longFound), e => e.StartsWith("3 TMCP-LOG-003", StringComparison.Ordinal));
            Assert.Empty(undecided);
        }
    }
}
