using System;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Tests.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// Issue 17 item 17: expressions a backtracking engine needs exponential time for. Go's RE2 answers them in linear
    /// time (regexp/syntax, no backtracking), so the module must give the exact answer, never Unknown.
    /// </summary>
    public class RegexHostileTests
    {
        private static readonly string A40B = new string('a', 40) + "b";

        [Theory]
        [InlineData("^(a+)+$", "A40B", false)]
        [InlineData("^(a|a)*$", "A40B", false)]
        [InlineData("^(a|aa)*$", "A40B", false)]
        [InlineData("^(a*)*b$", "A40B", true)]
        [InlineData("^(a*)*c$", "A40B", false)]
        [InlineData("^(.*a){20}$", "A40B", false)]
        [InlineData("^(.*a){20}b$", "A40B", true)]
        [InlineData("^(a?){40}a{40}$", "A40", true)]
        [InlineData("^(a?){41}a{41}$", "A40", false)]
        [InlineData("^(\\w+\\s?)+$", "W5000!", false)]
        [InlineData("^([a-z]+)*[0-9]$", "L100000", false)]
        [InlineData("^(x+x+)+y$", "X5000", false)]
        [InlineData("^(?:a|b|ab)*c$", "AB20000", false)]
        public void CatastrophicPatternsGetTheExactAnswer(string pattern, string input, bool expected)
        {
            string text = Input(input);
            var r = TeleportPattern.Get(pattern).Match(text);
            Assert.Equal(expected ? MatchOutcome.Match : MatchOutcome.NoMatch, r.Outcome);
        }

        private static string Input(string spec)
        {
            switch (spec)
            {
                case "A40B": return A40B;
                case "A40": return new string('a', 40);
                case "W5000!": return string.Concat(Enumerable.Repeat("ab ", 5000)) + "!";
                case "L100000": return new string('q', 100000);
                case "X5000": return new string('x', 5000);
                case "AB20000": return string.Concat(Enumerable.Repeat("ab", 10000));
                default: return spec;
            }
        }

        [Fact]
        public void ReplaceOnACatastrophicPatternIsExact()
        {
            // parse.RegexpReplace: values the pattern does not match are dropped, the others are replaced.
            var outList = TemplateFunctions.RegexpReplace(new System.Collections.Generic.List<string> { A40B, new string('a', 3000) }, "^(a+)+$", "[$1]");
            Assert.Equal(new[] { "[" + new string('a', 3000) + "]" }, outList);
        }

        [Theory]
        // regexp.go replaceAll: leftmost-first, empty matches next to a match are not replaced, lazy and greedy honoured.
        [InlineData("a*", "baaac", "-", "-b-c-")]
        [InlineData("a*?", "baaac", "-", "-b-a-a-a-c-")]
        [InlineData("(a+)(b+)?", "aabbxab", "<$2$1>", "<bbaa>x<ba>")]
        [InlineData("(a|ab)(c|bcd)(d*)", "abcd", "$1|$2|$3", "a|bcd|")]
        [InlineData("x*", "\U0001F600y", "-", "-\U0001F600-y-")]
        [InlineData("^", "abc", "X", "Xabc")]
        [InlineData("$", "abc", "X", "abcX")]
        [InlineData("\\b", "ab cd", "|", "|ab| |cd|")]
        public void ReplaceAllFollowsGo(string pattern, string input, string replacement, string expected)
        {
            Assert.Equal(expected, GoRegex.Compile(pattern).ReplaceAll(input, replacement));
        }

        [Fact]
        public void ADecisionOverManyCatastrophicEntriesIsExact()
        {
            // Four tools against roles whose tool lists are nested quantifiers: Allowed or NotGranted, never Indeterminate.
            var sb = new StringBuilder();
            for (int i = 0; i < 50; i++)
                sb.Append("---\nkind: role\nversion: v8\nmetadata: {name: r" + i + "}\nspec: {allow: {app_labels: {'*': '*'}, mcp: {tools: ['^(a+)+" + i + "$', '^(\\w+\\s?)+$']}}}\n");
            sb.Append("---\nkind: user\nversion: v2\nmetadata: {name: u}\nspec: {roles: [" + string.Join(",", Enumerable.Range(0, 50).Select(i => "r" + i)) + "]}\n");
            sb.Append("---\nkind: app\nversion: v3\nmetadata: {name: files, labels: {env: dev}}\nspec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}\n");
            var c = Cluster.FromYaml(sb.ToString());
            Assert.Empty(c.Problems);
            Assert.Equal(AccessDecision.NotGranted, c.Decide("u", "files", A40B + "!").Decision);
            Assert.Equal(AccessDecision.NotGranted, c.Decide("u", "files", new string('a', 5000) + "!").Decision);
            Assert.Equal(AccessDecision.Allowed, c.Decide("u", "files", new string('a', 40) + "7").Decision);
            Assert.Equal(AccessDecision.Allowed, c.Decide("u", "files", "read file").Decision);
        }
    }
}
