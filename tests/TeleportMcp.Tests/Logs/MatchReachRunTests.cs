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
    /// MatchReach.UnsureIn(text, index, prefix): a path whose only unbounded parts are loops over one character class is sure
    /// when, read from the match's start, each loop meets a character outside its class inside the prefix (a loop, greedy or
    /// lazy, consumes only members, so every run it tries ends by that character; see MatchReach.RunsEndIn). Rules: the
    /// module's own reading of .NET regex semantics, checked here against .NET itself (each sure row's values are the same
    /// after every continuation tried; each witness continuation changes an unsure row's value). No Teleport source.
    /// </summary>
    public sealed class MatchReachRunTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-runs-" + Guid.NewGuid().ToString("N"));

        public MatchReachRunTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        // Continuations of the prefix that a sure value must not depend on: members of the rows' classes and their terminators.
        private static readonly string[] Continuations = { "", "\"", ";", "x", "zzzz\"", "npx\": tail", "abcDEF", "12345;", "\n", "k=v;", "'" };

        [Theory]
        // pattern, options, the prefix (the text examined), the groups unsure there, a continuation that changes one (null: none
        // is claimed; the row is unsure only to be safe).
        [InlineData("exec: \"(?<command>[^\"\\\\]+)\"", RegexOptions.None, "exec: \"npx\" rest", "", null)]            // greedy, its terminator seen
        [InlineData("exec: \"(?<command>[^\"\\\\]+)\\\\?\"", RegexOptions.None, "exec: \"npx\\\" rest", "", null)]    // LOG-003's form: an optional \ before it
        [InlineData("a(?<v>[^\"]+)", RegexOptions.None, "abc", "v", "zzzz\"")]                                          // greedy, no terminator in the prefix
        [InlineData("a(?<v>[^\"]*?)\"", RegexOptions.None, "a12\"zz", "", null)]                                          // lazy
        [InlineData("a(?<v>[^\"]*?)", RegexOptions.None, "a12", "v", null)]                                               // lazy: takes none whatever follows, but its run meets no end: unsure to be safe
        [InlineData("(?<v>\\w+)\\d", RegexOptions.None, "ab12 ", "", null)]                                               // overlapping classes: the space ends every run
        [InlineData("(?<v>\\w+)\\d", RegexOptions.None, "ab12", "v", "12345;")]                                           // ... none in the prefix
        [InlineData("(?<k>[^=]+)=(?<v>[^;]+);", RegexOptions.None, "k=v;", "", null)]                                     // two loops, each ended
        [InlineData("(?<k>[^=]+)=(?<v>[^;]+)", RegexOptions.None, "k=vv", "k, v", "12345;")]                              // the second runs to the cut: the whole path is unsure
        [InlineData("((?<o>a(?<v>[^;]+);))b", RegexOptions.None, "ax;b", "", null)]                                        // nested plain groups
        [InlineData("(?:(?<v>[^;]+);)+", RegexOptions.None, "x;y;", "v", "12345;")]                                       // a quantified group around the loop
        [InlineData("(?:(?<v>[^;]+);|z)", RegexOptions.None, "x;", "v", null)]                                             // an alternative around the loop
        [InlineData("(?:x|y)(?<v>[^;]+);", RegexOptions.None, "xab;", "", null)]                                          // a bounded alternation before it
        [InlineData("(?>(?<v>[^;]+));", RegexOptions.None, "ab;", "v", null)]                                              // an atomic group around it
        [InlineData("(?<q>[\"'])(?<v>[^\"']+)\\k<q>", RegexOptions.None, "\"ab\" ", "q, v", null)]                         // a backreference
        [InlineData("(?<v>[^;]+);(?![^\\n]*z)", RegexOptions.None, "ab; cd", "v", "zzzz\"")]                             // a lookahead without bound after it
        [InlineData("(?<=x)(?<v>[^;]+);", RegexOptions.None, "xab;", "", null)]                                            // a bounded lookbehind
        [InlineData("(?<v>[^;]+);(?!..)", RegexOptions.None, "ab;c", "v", "x")]                                            // a bounded lookahead past the prefix
        [InlineData("(?<v>[^;]+);(?=.)", RegexOptions.None, "ab;c", "", null)]                                             // ... one within it
        [InlineData("x(?=(?<v>[^;]+);)", RegexOptions.None, "xab;", "v", null)]                                            // a loop in a lookahead
        [InlineData("(?<v>.+)", RegexOptions.None, "ab\ncd", "", null)]                                                    // '.' ends at \n
        [InlineData("(?<v>[\\s\\S]+)", RegexOptions.None, "ab\ncd", "v", "x")]                                             // a class of every character never ends
        [InlineData("a(?<v>b+)c", RegexOptions.None, "abbbc", "", null)]                                                   // a literal's loop
        [InlineData("(?<v>\\d{2,})x", RegexOptions.None, "123x", "", null)]                                                // {n,}
        [InlineData("\\A(?<v>[^;]+);", RegexOptions.None, "ab;", "", null)]                                               // anchored
        [InlineData("(?<v>[a-z]+)", RegexOptions.None, "abcDEF", "", null)]                                                // D is outside [a-z] ...
        [InlineData("(?<v>[a-z]+)", RegexOptions.IgnoreCase, "abcDEF", "v", "abcDEF")]                                   // ... but a member under IgnoreCase
        [InlineData("(?i)(?<v>[a-z]+)", RegexOptions.None, "abcDEF", "v", "abcDEF")]                                     // inline (?i)
        [InlineData("(?<v>[^a]+)A", RegexOptions.IgnoreCase, "bcAzz", "v", null)]                                          // both cases read: A is a member of [^a] in one
        [InlineData("(?<v>[^;]+);", RegexOptions.Multiline, "ab;", "v", null)]                                             // an option not read here
        public void AValueIsSureWhenEachLoopMetItsEndInThePrefix(string pattern, RegexOptions options, string prefix, string unsure, string witness)
        {
            var reach = MatchReach.Of(pattern, options | RegexOptions.CultureInvariant);
            var re = new Regex(pattern, options | RegexOptions.CultureInvariant);
            var m = re.Match(prefix);
            Assert.True(m.Success);
            var got = reach.UnsureIn(prefix, m.Index, prefix.Length).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(unsure.Length == 0 ? Array.Empty<string>() : unsure.Split(", "), got);
            var names = re.GetGroupNames().Where(n => !char.IsDigit(n[0])).ToArray();
            if (unsure.Length == 0)
            {
                // Sure: every text that goes on from the prefix has this match, with these values (.NET itself says so).
                foreach (var c in Continuations)
                {
                    var w = re.Match(prefix + c);
                    Assert.True(w.Success);
                    Assert.Equal(m.Index, w.Index);
                    foreach (var n in names) Assert.Equal(m.Groups[n].Value, w.Groups[n].Value);
                }
            }
            else if (witness != null)
            {
                var w = re.Match(prefix + witness);
                Assert.True(!w.Success || w.Index != m.Index || names.Any(n => m.Groups[n].Value != w.Groups[n].Value), "the witness changes nothing");
            }
        }

        [Fact]
        public void WithoutTheTextTheLoopsLeaveThePathUnsure() =>
            Assert.Equal(new[] { "command" }, MatchReach.Of("exec: \"(?<command>[^\"\\\\]+)\"").UnsureIn(0, 1000).ToArray());

        // Filler of 8-character words (no hint of any redaction rule), as the LongLine classes write it.
        private static string Filler(long n)
        {
            var sb = new StringBuilder((int)n);
            while (sb.Length + 8 <= n) sb.Append("abcdefg ");
            while (sb.Length < n) sb.Append('z');
            return sb.ToString();
        }

        private static readonly long Long = LogFileReader.MaxLineChars + 3L * LogScanner.LongWindow + 12_345;

        private (List<Finding> Found, List<TeleportInputException> Undecided) Scan(string content)
        {
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            var undecided = new List<TeleportInputException>();
            catalog.PatternUndecided = undecided.Add;
            catalog.PatternTimedOut = undecided.Add;
            var found = new List<Finding>();
            string path = Path.Combine(_dir, "runs.log");
            File.WriteAllText(path, content, new UTF8Encoding(false));
            LogFileReader.Scan(path, new LogScanner(catalog, path, found.Add));
            return (found, undecided);
        }

        [Theory]
        // TMCP-LOG-003 (exec: \\?"(?<command>[^"\\]+)\\?": executable file not found in \$PATH) in a long line's start, its
        // closing quote before the cut: the command is named as the same text read as a short line names it. "session" and
        // "token" are redaction hints (redaction.catalog.yaml): such a start stays withheld, its value too.
        [InlineData("exec: \"npx\": executable file not found in $PATH ", 8, false)]
        [InlineData("exec: \"/opt/mcp/bin/server-x\": executable file not found in $PATH ", 4096, false)]
        [InlineData("exec: \\\"uvx\\\": executable file not found in $PATH ", 8, false)]                     // a JSON-escaped quote in a text line
        [InlineData("session exec: \"npx\": executable file not found in $PATH ", 8, true)]
        public void LongLineStartNamesTheCommandWhenItsQuoteIsBeforeTheCut(string text, long at, bool withheld)
        {
            var line = new StringBuilder(Filler(Long));
            line.Remove((int)at, text.Length).Insert((int)at, text);
            var (longFound, undecided) = Scan("first line\n" + line + "\nlast line\n");
            var (shortFound, _) = Scan("first line\n" + line.ToString(0, (int)at + text.Length + 4096) + "\nlast line\n");
            var read = Assert.Single(shortFound, f => f.LineNumber == 2 && f.Id == "TMCP-LOG-003");
            Assert.DoesNotContain(undecided, u => u.Message.Contains("TMCP-LOG-003", StringComparison.Ordinal));
            var f = Assert.Single(longFound, f => f.LineNumber == 2 && f.Id == "TMCP-LOG-003");
            if (withheld)
            {
                Assert.Equal(LogScanner.LongHeadMarker + "\n[" + LogScanner.WithheldReason + "]", f.Evidence);
                Assert.DoesNotContain("npx", f.Cause + f.Fix, StringComparison.Ordinal);
                return;
            }
            Assert.Equal(read.Cause, f.Cause);
            Assert.Equal(read.Fix, f.Fix);
            Assert.Equal(read.Command, f.Command);
            Assert.DoesNotContain("<command>", f.Cause, StringComparison.Ordinal);
            Assert.DoesNotContain("not named", f.Evidence, StringComparison.Ordinal);
        }

        [Fact]
        public void LongLineStartKeepsTheCommandUnnamedWhenItsRunReachesTheCut()
        {
            // The quote the value ends at is past the cut (the match is found by the windows): nothing of the start names it.
            long at = LogFileReader.MaxLineChars - 7;
            var line = new StringBuilder(Filler(Long));
            line.Remove((int)at, 7).Insert((int)at, "exec: \"");
            var structural = KnownErrorCatalog.Embedded.Entries.Single(e => e.Id == "TMCP-LOG-003").Reach!;
            string start = line.ToString(0, LogFileReader.MaxLineChars);
            Assert.Equal(new[] { "command" }, structural.UnsureIn(start, at, start.Length).ToArray());
        }
    }
}
