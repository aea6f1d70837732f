using TeleportMcp.Engine.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>P-rules: lib/utils/replace.go (MatchString, CompileExpression, GlobToRegexp) and Go regexp/syntax.</summary>
    public class PatternTests
    {
        [Theory]
        // rule, teleport source, entry, input, expected
        [InlineData("P1", "lib/utils/replace.go", "^(get|list).*", "get_file", "NoMatch")]
        [InlineData("P1", "lib/utils/replace.go", "^(get|list).*", "^(get|list).*", "Match")]
        [InlineData("P1", "lib/utils/replace.go", "^(get|list).*$", "list_files", "Match")]
        [InlineData("P2", "lib/utils/replace.go", "slack_*", "slack_", "Match")]
        [InlineData("P2", "lib/utils/replace.go", "slack_*", "slack_post", "Match")]
        [InlineData("P2", "lib/utils/replace.go", "slack_*", "xslack_post", "NoMatch")]
        [InlineData("P2", "lib/utils/replace.go", "*", "anything-at-all", "Match")]
        [InlineData("P2", "lib/utils/replace.go", "*", "", "Match")]
        [InlineData("P2", "lib/utils/replace.go", "get?", "gets", "NoMatch")]
        [InlineData("P2", "lib/utils/replace.go", "get?", "get?", "Match")]
        [InlineData("P2", "lib/utils/replace.go", "a.b", "axb", "NoMatch")]
        [InlineData("P2", "lib/utils/replace.go", "[ab]", "a", "NoMatch")]
        [InlineData("P2", "lib/utils/replace.go", "a*b*c", "aXXbYYc", "Match")]
        [InlineData("P2", "lib/utils/replace.go", "a*b*c", "aXXcYYb", "NoMatch")]
        [InlineData("P2", "lib/utils/replace.go", "*_file", "read\n_file", "NoMatch")]   // (.*) does not cross '\n'
        [InlineData("P3", "lib/utils/replace.go", "^get|list$", "getX", "Match")]
        [InlineData("P3", "lib/utils/replace.go", "^get|list$", "Xlist", "Match")]
        [InlineData("P3", "lib/utils/replace.go", "^get|list$", "list_files", "NoMatch")]
        [InlineData("P4", "lib/utils/replace.go", "Search_*", "search_files", "NoMatch")]
        [InlineData("P4", "lib/utils/replace.go", "^(?i)search_.*$", "SEARCH_files", "Match")]
        [InlineData("P8", "lib/utils/replace.go", "^read_file$", "read_file\n", "NoMatch")]   // RE2 $ is end of text
        [InlineData("P8", "lib/utils/replace.go", "^\\d+$", "\u0661\u0662", "NoMatch")]        // RE2 \d is ASCII only
        [InlineData("P8", "lib/utils/replace.go", "^\\w+$", "caf\u00e9", "NoMatch")]          // RE2 \w is ASCII only
        [InlineData("P8", "lib/utils/replace.go", "^a\\b.*$", "a\u00e9", "Match")]            // ASCII word boundary
        [InlineData("P8", "lib/utils/replace.go", "^[[:alpha:]]+_x$", "ab_x", "Match")]
        [InlineData("P8", "lib/utils/replace.go", "^\\Qa.b\\E$", "a.b", "Match")]
        [InlineData("P8", "lib/utils/replace.go", "^\\Qa.b\\E$", "axb", "NoMatch")]
        [InlineData("P8", "lib/utils/replace.go", "^a{2}$", "aa", "Match")]
        [InlineData("P8", "lib/utils/replace.go", "^a{,2}$", "a{,2}", "Match")]               // not a repeat: literal '{'
        [InlineData("P8", "lib/utils/replace.go", "^(?U)a+$", "aaa", "Match")]
        [InlineData("P8", "lib/utils/replace.go", "^\\x41\\101$", "AA", "Match")]              // hex and octal escapes
        [InlineData("P8", "lib/utils/replace.go", "^a\\z$", "a", "Match")]                       // \z is valid RE2
        public void Matches(string rule, string source, string entry, string input, string expected)
        {
            Assert.False(string.IsNullOrEmpty(rule + source));
            var r = TeleportPattern.Get(entry).Match(input);
            Assert.Equal(expected, r.Outcome.ToString());
        }

        [Theory]
        // P6/P8: constructs RE2 rejects, with Go's exact message (regexp/syntax/parse.go)
        [InlineData("P6", "lib/utils/replace.go", "^(foo$", "error parsing regexp: missing closing ): `^(foo$`")]
        [InlineData("P6", "lib/utils/replace.go", "^foo)$", "error parsing regexp: unexpected ): `^foo)$`")]
        [InlineData("P8", "lib/utils/replace.go", "^(?=a)a$", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`")]
        [InlineData("P8", "lib/utils/replace.go", "^(?!a)b$", "error parsing regexp: invalid or unsupported Perl syntax: `(?!`")]
        [InlineData("P8", "lib/utils/replace.go", "^(?<=a)b$", "error parsing regexp: invalid named capture: `(?<=a)b$`")]
        [InlineData("P8", "lib/utils/replace.go", "^(?>ab)$", "error parsing regexp: invalid or unsupported Perl syntax: `(?>`")]
        [InlineData("P8", "lib/utils/replace.go", "^(a)\\1$", "error parsing regexp: invalid escape sequence: `\\1`")]
        [InlineData("P8", "lib/utils/replace.go", "^a++$", "error parsing regexp: invalid nested repetition operator: `++`")]
        [InlineData("P8", "lib/utils/replace.go", "^a*?+$", "error parsing regexp: invalid nested repetition operator: `*?+`")]
        [InlineData("P8", "lib/utils/replace.go", "^a\\Z$", "error parsing regexp: invalid escape sequence: `\\Z`")]
        [InlineData("P8", "lib/utils/replace.go", "^*$", null)]                                 // ^ is an operand in RE2
        [InlineData("P6", "lib/utils/replace.go", "^[a$", "error parsing regexp: missing closing ]: `[a$`")]
        [InlineData("P6", "lib/utils/replace.go", "^[z-a]$", "error parsing regexp: invalid character class range: `z-a`")]
        [InlineData("P6", "lib/utils/replace.go", "^a{1001}$", "error parsing regexp: invalid repeat count: `{1001}`")]
        [InlineData("P6", "lib/utils/replace.go", "^(a{100}){100}$", "error parsing regexp: invalid repeat count: `{100}`")]
        [InlineData("P6", "lib/utils/replace.go", "^|*$", "error parsing regexp: missing argument to repetition operator: `*`")]
        [InlineData("P6", "lib/utils/replace.go", "^\\C$", "error parsing regexp: invalid escape sequence: `\\C`")]
        [InlineData("P6", "lib/utils/replace.go", "^[[:foo:]]$", "error parsing regexp: invalid character class range: `[:foo:]`")]
        [InlineData("P6", "lib/utils/replace.go", "^(?P=n)$", "error parsing regexp: invalid or unsupported Perl syntax: `(?P`")]
        [InlineData("P6", "lib/utils/replace.go", "^(?i-)a$", "error parsing regexp: invalid or unsupported Perl syntax: `(?i-)`")]
        [InlineData("P6", "lib/utils/replace.go", "^(?P<n>a)(?<m>b)$", null)]
        [InlineData("P6", "lib/utils/replace.go", "^a\\q$", "error parsing regexp: invalid escape sequence: `\\q`")]
        public void ValidatesLikeRe2(string rule, string source, string entry, string expectedError)
        {
            Assert.False(string.IsNullOrEmpty(rule + source));
            var p = TeleportPattern.Get(entry);
            Assert.True(p.IsRegex);
            Assert.Equal(expectedError, p.Error);
            Assert.Equal(expectedError == null ? MatchOutcome.NoMatch : MatchOutcome.Error, p.Match("zzz").Outcome == MatchOutcome.Match ? MatchOutcome.NoMatch : p.Match("zzz").Outcome);
        }

        [Fact]
        public void P5_FirstMatchWinsBeforeALaterInvalidEntry()
        {
            // lib/utils/replace.go SliceMatchesRegex: stops at the first match or the first error (P5).
            var list = new[] { TeleportPattern.Get("search_*"), TeleportPattern.Get("^(bad$") };
            Assert.Equal(MatchOutcome.Match, TeleportPattern.MatchAny("search_files", list).Outcome);
            Assert.Equal(MatchOutcome.Error, TeleportPattern.MatchAny("other", list).Outcome);
        }

        [Fact]
        public void P8_CompiledOncePerText()
        {
            // P8 porting advice: patterns are compiled once and cached by text.
            Assert.Same(TeleportPattern.Get("^cache_me_[0-9]+$"), TeleportPattern.Get("^cache_me_[0-9]+$"));
        }

        [Fact]
        public void P8_CatastrophicBacktrackingIsIndeterminateNotAHang()
        {
            // Go's RE2 is linear time, and so is the module's own automaton: the exact answer, not Unknown.
            var r = TeleportPattern.Get("^(a+)+$").Match(new string('a', 40) + "b");
            Assert.Equal(MatchOutcome.NoMatch, r.Outcome);
        }

        [Fact]
        public void P8_ScriptClassesAreIndeterminateNotGuessed()
        {
            // regexp/syntax: \p{Greek} is a script; .NET has no script classes, so the module refuses to guess.
            var r = TeleportPattern.Get("^\\p{Greek}+$").Match("abc");
            Assert.Equal(MatchOutcome.Unknown, r.Outcome);
        }
    }
}
