using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// A known error past the start of a line longer than LogFileReader.MaxLineChars is decided in a window by the rule the
    /// line's start uses (LongLineHeadTests): a match stands when what decides it (MatchReach.DecisionAround past its end,
    /// MatchReach.Behind before its start) lies in the window; a value the text outside the window could change is not named,
    /// and the evidence says so. Each row compares the long line with the same text read as a short line. The module's own
    /// reading of .NET regex semantics (LogScannerLongLines.cs, MatchReach.cs), no Teleport source.
    /// </summary>
    public sealed class LongLineDecideTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-decide-" + Guid.NewGuid().ToString("N"));

        public LongLineDecideTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        [Theory]
        // pattern, characters before a match's start it may read, characters from its start that decide every attempt there
        [InlineData("abc", 0, 3)]
        [InlineData("a\\bc", 1, 3)]                          // \b reads the character before it
        [InlineData("(?<=ab)c", 2, 3)]                       // a lookbehind reads back all its body reads
        [InlineData("(?<![\\w-])signal: ", 1, 9)]
        [InlineData("Failed(?=(?:[^\\n]*?\\bmethod=(?<method>[A-Z]+))?)", 1, 6)]   // always true: decides no attempt
        [InlineData("x(?=[^\\n]*?y)", 0, -1)]                // holds once its body matched (DecisionAround 0), but its attempts read without bound
        [InlineData("a[^\\n]*?b", 0, -1)]                    // an attempt may read to the text's end
        [InlineData("a(?![^\\n]*?b)", 0, -1)]                // a negative lookaround without bound decides it
        [InlineData("a(?<![^\\n]*x)", -1, -1)]               // a lookbehind without bound
        [InlineData("(?m)^a", -1, -1)]                       // not read here
        public void WhatAnAttemptReadsAroundItsStartIsKnown(string pattern, int behind, long exact)
        {
            var r = MatchReach.Of(pattern);
            Assert.Equal(behind, r.Behind);
            Assert.Equal(exact, r.ExactReach);
        }

        // Filler of 8-character words (no hint of any redaction rule), as the other LongLine classes write it.
        private static string Filler(long n)
        {
            var sb = new StringBuilder((int)n);
            while (sb.Length + 8 <= n) sb.Append("abcdefg ");
            while (sb.Length < n) sb.Append('z');
            return sb.ToString();
        }

        private static readonly long Long = LogFileReader.MaxLineChars + 3L * LogScanner.LongWindow + 12_345;
        private static readonly long Middle = (LogFileReader.MaxLineChars + Long) / 2 / 8 * 8;

        private (List<Finding> Found, List<TeleportInputException> Undecided) Scan(string content)
        {
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            var undecided = new List<TeleportInputException>();
            catalog.PatternUndecided = undecided.Add;
            catalog.PatternTimedOut = undecided.Add;
            var found = new List<Finding>();
            string path = Path.Combine(_dir, "decide.log");
            File.WriteAllText(path, content, new UTF8Encoding(false));
            LogFileReader.Scan(path, new LogScanner(catalog, path, found.Add));
            return (found, undecided);
        }

        private static string Put(long length, params (string Text, long At)[] texts)
        {
            var line = new StringBuilder(Filler(length));
            foreach (var (text, at) in texts) line.Remove((int)at, text.Length).Insert((int)at, text);
            return line.ToString();
        }

        // The values the line read at once gives its finding: the entry's named groups in the text (a text line: \" read as ").
        private static Dictionary<string, string> Values(KnownError entry, string text)
        {
            var m = entry.Match.Match(text);
            Assert.True(m.Success);
            var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in entry.Match.GetGroupNames())
                if (!char.IsDigit(name[0]) && m.Groups[name].Success && m.Groups[name].Length > 0) d[name] = m.Groups[name].Value.Replace("\\\"", "\"");
            return d;
        }

        private const string Proxy = "Failed to proxy MCP request method:POST path:/mcp status_code:502 error:\"EOF\" ";
        private const string SetUp = "Failed to set up MCP session handler error:\"boom\" ";
        private const string NotFound = "exec: \"npx\": executable file not found in $PATH ";

        [Theory]
        // id, text, where ("middle": a window that does not end the line; "end": the line's last characters, nothing joins
        // it), the values not named (the text outside the window could change them), whether the line's text is withheld.
        // LOG-100/105: their values are read by always-true lookaheads without bound (only the line's end holds all they read).
        [InlineData("TMCP-LOG-100", Proxy, "middle", "error, method, path, status", false)]
        [InlineData("TMCP-LOG-100", Proxy, "end", "", false)]
        [InlineData("TMCP-LOG-105", SetUp, "middle", "error", true)]      // "session" is a redaction hint: the text is withheld
        // LOG-003: exec: "(?<command>[^"\\]+)" consumes without bound, so a match may start before the window: found, nothing named.
        [InlineData("TMCP-LOG-003", NotFound, "middle", "command", false)]
        [InlineData("TMCP-LOG-003", NotFound, "end", "command", false)]
        public void AKnownErrorPastTheLinesStartIsDecidedAsInItsStart(string id, string text, string where, string unsure, bool withheld)
        {
            long at = where == "middle" ? Middle : Long - text.Length;
            string line = Put(Long, (text, at));
            var (longFound, undecided) = Scan("first line\n" + line + "\nlast line\n");
            int from = (int)Math.Max(0, at - 4096);
            var (shortFound, _) = Scan("first line\n" + line.Substring(from, (int)Math.Min(line.Length, at + text.Length + (where == "end" ? 0 : 4096)) - from) + "\nlast line\n");
            var entry = KnownErrorCatalog.Embedded.Entries.Single(e => e.Id == id);
            var values = Values(entry, text);
            var read = Assert.Single(shortFound, f => f.LineNumber == 2 && f.Id == id);
            Assert.Equal(LogScanner.Fill(entry.Cause, values), read.Cause);

            Assert.DoesNotContain(undecided, u => u.Message.Contains(id, StringComparison.Ordinal));
            var f = Assert.Single(longFound, f => f.LineNumber == 2 && f.Id == id);
            var names = unsure.Length == 0 ? Array.Empty<string>() : unsure.Split(", ");
            foreach (var name in names) values.Remove(name);
            Assert.Equal(LogScanner.Fill(entry.Cause, values), f.Cause);
            Assert.Equal(LogScanner.Fill(entry.Fix, values), f.Fix);
            if (withheld)
                Assert.Equal("[line of " + LogScanner.LineLengthText(Long) + "; text withheld]", f.Evidence);
            else if (names.Length > 0)
                Assert.Matches("^\\[line of [^\\]]+, too long to show; the text around character [0-9,]+\\] " + Regex.Escape(LogScanner.UnsureText(names)) + "\n", f.Evidence);
            else
                Assert.DoesNotContain("not named", f.Evidence, StringComparison.Ordinal);
        }

        [Theory]
        // The match begins in one window and its text, which the prefilter finds, lies windows further on: no window holds a
        // whole match, so the entry stays Indeterminate (never guessed from the window that holds its text).
        [InlineData("TMCP-LOG-003", "exec: \"", "\": executable file not found in $PATH")]
        [InlineData("TMCP-LOG-007", "MCP server \"", "\" is missing 'command'")]
        public void AMatchNoWindowHoldsWholeStaysIndeterminate(string id, string start, string rest)
        {
            long first = LogFileReader.MaxLineChars + LogScanner.LongWindow / 2;
            string line = Put(Long, (start, first), (rest, first + 2L * LogScanner.LongWindow));
            var (found, undecided) = Scan("first line\n" + line + "\nlast line\n");
            Assert.DoesNotContain(found, f => f.LineNumber == 2 && f.Id == id);
            var u = Assert.Single(undecided, u => u.Message.Contains(id + " is Indeterminate for the line at", StringComparison.Ordinal));
            Assert.Contains("no bound", u.Message, StringComparison.Ordinal);
        }

        private static List<string> All(IEnumerable<Finding> found) =>
            found.Select(f => f.LineNumber + " " + f.Id + " | " + f.Cause + " | " + f.Fix).OrderBy(s => s, StringComparer.Ordinal).ToList();

        private const string Stamp = "2025-09-30T10:00:00.125Z WARN             ";
        private const string NonMcp = "non-MCP event received, this can indicate a protocol that is currently not supported by Teleport or a malfunction on the MCP server";

        [Fact]
        public void AnUnstampedLineLongerThanARecordHoldsIsARecordOfItsOwnOnBothPaths()
        {
            // FeedLine joins an unstamped line to the open record only while the record's joined text stays within
            // MaxRecordChars (1 Mi characters): a longer line ends the record and is a record of its own. A line past 12 Mi is
            // longer than that, so the long path's "a long unstamped line ends the record" is the short path's rule too.
            string stamped = Stamp + NonMcp + " error:[";
            const string next = "unexpected event type ping] ";
            var (joined, _) = Scan("first line\n" + stamped + "\n" + next + Filler(4096) + "\nlast line\n");
            var (overRecord, _) = Scan("first line\n" + stamped + "\n" + next + Filler((1 << 20) + 1) + "\nlast line\n");
            var (longLine, undecided) = Scan("first line\n" + stamped + "\n" + next + Filler(Long) + "\nlast line\n");
            Assert.Contains(All(joined), e => e.StartsWith("2 TMCP-LOG-110", StringComparison.Ordinal) && e.Contains("ping", StringComparison.Ordinal));
            Assert.Contains(All(overRecord), e => e.StartsWith("2 TMCP-LOG-110", StringComparison.Ordinal));
            Assert.DoesNotContain(All(overRecord), e => e.Contains("ping", StringComparison.Ordinal));
            Assert.Equal(All(overRecord), All(longLine));
            Assert.Empty(undecided);
        }
    }
}
