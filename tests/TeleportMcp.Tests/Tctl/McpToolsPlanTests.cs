using System;
using System.Linq;
using TeleportMcp.Engine.Tctl;
using Xunit;

namespace TeleportMcp.Tests.Tctl
{
    public class McpToolsPlanTests
    {
        [Theory]
        // tool/tctl/common/user_command.go: --set-mcp-tools replaces the trait (U2)
        [InlineData("a,b", "c", McpToolsMode.Set, "c")]
        [InlineData("a,b", "b,c,b", McpToolsMode.Append, "a,b,c")]
        [InlineData("a,b,c", "b,x", McpToolsMode.Remove, "a,c")]
        [InlineData("a,b", "", McpToolsMode.Clear, "")]
        [InlineData("", "a", McpToolsMode.Append, "a")]
        // [""] is what --set-mcp-tools "" stores (U5); it grants nothing (I11) and is not carried over
        [InlineData("|", "a", McpToolsMode.Append, "a")]
        [InlineData("B,a", "b,A", McpToolsMode.Append, "B,a,b,A")] // case-sensitive (P4)
        public void Compute_merges_in_order_without_duplicates(string current, string requested, McpToolsMode mode, string expected)
        {
            var result = McpToolsPlan.Compute(List(current), List(requested), mode);
            Assert.Equal(List(expected), result);
        }

        private static string[] List(string s) =>
            s == "" ? Array.Empty<string>() : s == "|" ? new[] { "" } : s.Split(',');

        [Theory]
        [InlineData("a,b", "b,a", true)] // order does not change what is granted
        [InlineData("", "|", true)] // cleared: [""] stored (U5)
        [InlineData("a", "a,b", false)]
        [InlineData("a,b", "a", false)]
        [InlineData("a", "A", false)]
        public void SameTools_compares_the_granted_set(string intended, string stored, bool expected)
        {
            Assert.Equal(expected, McpToolsPlan.SameTools(List(intended), List(stored)));
        }

        [Theory]
        [InlineData("a,b", McpToolsMode.Set, "ToolEntryHasComma", true)] // U3: tctl splits on commas
        [InlineData("", McpToolsMode.Set, "EmptyToolEntry", true)]
        [InlineData(" a", McpToolsMode.Append, "ToolEntryHasWhitespace", true)] // U3: tctl trims
        [InlineData("^(get|list)_.*", McpToolsMode.Set, "RegexNotAnchored", false)] // P1: no $ => glob
        [InlineData("get_.*$", McpToolsMode.Set, "RegexNotAnchored", false)]
        [InlineData("get_(files|dirs)", McpToolsMode.Set, "LooksLikeRegex", false)]
        [InlineData("^(?=x).*$", McpToolsMode.Set, "InvalidToolRegex", true)] // P8: RE2 has no lookaround
        [InlineData("^(a$", McpToolsMode.Set, "InvalidToolRegex", true)]
        // The rule of CheckUserName/NameProblem (helper-281): tctl (Go) reads a lone surrogate as U+FFFD, so Teleport
        // would store x\uFFFD (Go unicode/utf16 Decode; utf8 encoding of a surrogate is invalid).
        [InlineData(@"x\uD800", McpToolsMode.Set, "ToolEntryHasLoneSurrogate", true)]
        [InlineData(@"\uDC00x", McpToolsMode.Append, "ToolEntryHasLoneSurrogate", true)]
        [InlineData(@"get_\uD83D", McpToolsMode.Set, "ToolEntryHasLoneSurrogate", true)]
        // ControlCharacters.IsControl: the bidi overrides and isolates (Trojan Source, CVE-2021-42574) are control too.
        [InlineData(@"read\u202Eexe", McpToolsMode.Set, "ToolEntryHasControlCharacter", true)]
        [InlineData(@"a\u2066b", McpToolsMode.Set, "ToolEntryHasControlCharacter", true)]
        public void Validate_reports_each_problem(string entry, McpToolsMode mode, string code, bool isError)
        {
            // Attribute strings are stored as UTF-8, which turns a lone surrogate into U+FFFD: rows write \uXXXX verbatim.
            var issues = McpToolsPlan.Validate(new[] { System.Text.RegularExpressions.Regex.Unescape(entry) }, mode);
            var issue = Assert.Single(issues);
            Assert.Equal(code, issue.Code);
            Assert.Equal(isError, issue.IsError);
        }

        [Theory]
        [InlineData("*")]
        [InlineData("slack_*")]
        [InlineData("^(get|list)_.*$")]
        [InlineData("search-files.v2")]
        [InlineData("get_\U0001F600")] // a valid surrogate pair is text like any other
        public void Validate_accepts_good_entries(string entry)
        {
            Assert.Empty(McpToolsPlan.Validate(new[] { entry }, McpToolsMode.Set));
        }

        [Theory]
        [InlineData(79)] // the pair would sit at 79-80: the cut at 80 would keep only its high half
        [InlineData(78)]
        [InlineData(80)]
        public void A_long_entry_is_shown_cut_without_splitting_a_surrogate_pair(int before)
        {
            string entry = new string('a', before) + "\U0001F600" + new string('b', McpToolsPlan.MaxEntryChars);
            var issue = Assert.Single(McpToolsPlan.Validate(new[] { entry }, McpToolsMode.Set));
            Assert.Equal("ToolEntryTooLong", issue.Code);
            Assert.DoesNotContain("\\uD83D", issue.Message, StringComparison.Ordinal); // no false lone surrogate shown
            Assert.False(TeleportMcp.Engine.Output.ControlCharacters.HasLoneSurrogate(issue.Message));
            Assert.Contains("…", issue.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Remove_accepts_any_non_empty_text()
        {
            Assert.Empty(McpToolsPlan.Validate(new[] { "a,b", " x" }, McpToolsMode.Remove));
        }

        [Fact]
        public void UpdateArguments_repeat_the_flag_with_equals()
        {
            Assert.Equal(new[] { "users", "update", "alice", "--set-mcp-tools=-x", "--set-mcp-tools=^a$" },
                McpToolsPlan.UpdateArguments("alice", new[] { "-x", "^a$" }));
        }

        [Fact]
        public void UpdateArguments_clear_sends_one_empty_value()
        {
            // U5: --set-mcp-tools "" stores [""], which grants nothing
            Assert.Equal(new[] { "users", "update", "bob", "--set-mcp-tools=" }, McpToolsPlan.UpdateArguments("bob", Array.Empty<string>()));
        }

        [Theory]
        [InlineData("alice", true)]
        [InlineData("alice@example.com", true)]
        [InlineData("-rf", false)]
        [InlineData("a,b", false)]
        [InlineData("a/b", false)]
        [InlineData("", false)]
        public void CheckUserName(string name, bool ok)
        {
            Assert.Equal(ok, McpToolsPlan.CheckUserName(name) == null);
        }

        // -User takes no wildcards; Teleport allows any non-empty user name (api/types/user.go UserV2.CheckAndSetDefaults ->
        // Metadata.CheckAndSetDefaults checks only Name != ""), so a backtick-escaped wildcard names a user literally.
        [Theory]
        [InlineData("alice", "alice", false)]
        [InlineData("a`b", "a`b", false)]          // no wildcard: taken as given, backtick and all (as before)
        [InlineData("a*", "a*", true)]
        [InlineData("al?ce", "al?ce", true)]
        [InlineData("[ab]lice", "[ab]lice", true)]
        [InlineData("alice]", "alice]", true)]
        [InlineData("a`*", "a*", false)]
        [InlineData("x`[1`]", "x[1]", false)]
        [InlineData("a``*", "a``*", true)]       // the backtick is escaped, the * is not
        [InlineData("a`*b*", "a`*b*", true)]
        public void LiteralUserName(string given, string name, bool refused)
        {
            Assert.Equal(name, McpToolsPlan.LiteralUserName(given, out var problem));
            Assert.Equal(refused, problem != null);
            if (refused) Assert.Contains("takes no wildcards", problem, System.StringComparison.Ordinal);
        }
    }

    public class Re2ValidatorTests
    {
        [Theory]
        [InlineData("^get_.*$", null)]
        [InlineData("^(?i)get$", null)] // P4: inline flags are RE2
        [InlineData("^(?P<v>a)$", null)]
        [InlineData("^[(?=]$", null)] // inside a class the text is literal
        [InlineData("^(?=a)$", "(?=")]
        [InlineData("^(?!a)$", "(?!")]
        [InlineData("^(?<=a)b$", "(?<=")]
        [InlineData("^(?>a)$", "(?>")]
        [InlineData("^(a)\\1$", "\\1")]
        [InlineData("^a*+$", "*+")]
        [InlineData("^a\\Z$", "\\Z")]
        [InlineData("^(a$", "error parsing regexp")]
        public void Check(string pattern, string expectedFragment)
        {
            var error = TeleportMcp.Engine.Rbac.GoRegex.Compile(pattern).Error;
            if (expectedFragment == null) Assert.Null(error);
            else
            {
                Assert.NotNull(error);
                Assert.StartsWith("error parsing regexp: ", error, StringComparison.Ordinal);
                Assert.Contains(expectedFragment, error, StringComparison.Ordinal);
            }
        }
    }
}
