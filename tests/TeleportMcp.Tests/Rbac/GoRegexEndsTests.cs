using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>
    /// The first/last-character refusal in front of the regex automaton (many roles, one tool name) never changes an
    /// answer: for patterns of every shape and generated inputs, it refuses only inputs the automaton refuses too.
    /// </summary>
    public class GoRegexEndsTests
    {
        private static readonly string[] Patterns =
        {
            "^(a+)+7$", "^(\\w+\\s?)+$", "^get_[0-9]+$", "^(list|get)_[0-9]+$", "^a?$", "^(a|)b*$", "^$", "^.*$", "^x.*y$",
            "^(?:a|b\\n)c$", "^[^a]+$", "^\\d*$", "^(ab|c)?d?$", "^\\bword\\b$", "^a$|^b$", "^a|b$", "^a(?m)$", "^(?i)abc$",
            "^(?s).$", "^[[:alpha:]]+_[[:digit:]]{2,3}$", "^(a*)*$", "^\\pL+$", "^(?:)$", "^.{0,3}z$", "^é+$", "^[a-c]{0}x$",
        };

        private static IEnumerable<string> Inputs()
        {
            var rnd = new Random(11);
            const string alphabet = "ab7xyzc_d\n é1W";
            yield return "";
            for (int i = 0; i < 400; i++)
            {
                var sb = new StringBuilder();
                int n = rnd.Next(0, 7);
                for (int k = 0; k < n; k++) sb.Append(alphabet[rnd.Next(alphabet.Length)]);
                yield return sb.ToString();
            }
            foreach (var s in new[] { "a", "b", "7", "aaaa7", "get_12", "list_3", "word", "abc", "ABC", "x\ny", "ééé", "z", "xyz", "d", "ab", "cd" }) yield return s;
        }

        [Fact]
        public void The_refusal_never_refuses_a_match()
        {
            int refused = 0, checkedPatterns = 0;
            foreach (var p in Patterns)
            {
                var r = GoRegex.Compile(p);
                Assert.True(r.IsValid, p + ": " + r.Error);
                if (r.Unsupported != null || r.Ends == null) continue;
                checkedPatterns++;
                foreach (var input in Inputs())
                {
                    if (r.Ends.MayMatch(input)) continue;
                    refused++;
                    Assert.False(r.Machine.IsMatch(input), p + " matches " + Engine.Common.GoText.Quote(input) + " but the refusal said it cannot");
                }
            }
            Assert.True(checkedPatterns > 15, checkedPatterns + " patterns had ends");
            Assert.True(refused > 1000, refused + " refusals");
        }

        [Fact]
        public void A_tool_entry_answers_as_the_automaton_does()
        {
            foreach (var p in Patterns)
            {
                var r = GoRegex.Compile(p);
                if (r.Unsupported != null || r.UsesFoldCase) continue;
                var entry = TeleportPattern.Get(p);
                foreach (var input in Inputs())
                    Assert.True((entry.Match(input).Outcome == MatchOutcome.Match) == r.Machine.IsMatch(input), p + " on " + Engine.Common.GoText.Quote(input));
            }
        }

        [Theory]
        [InlineData("^a|b$")]     // not anchored at both ends as a whole
        [InlineData("^a(?m)$")]   // $ is end of line
        [InlineData("^(?i)abc$")] // case folding is left to the automaton
        public void Patterns_not_anchored_as_a_whole_get_no_refusal(string pattern) => Assert.Null(GoRegex.Compile(pattern).Ends);

        [Fact]
        public void Nested_quantifiers_refuse_a_tool_name_by_its_last_character()
        {
            var r = GoRegex.Compile("^(a+)+7$");
            Assert.NotNull(r.Ends);
            Assert.False(r.Ends.MayMatch(new string('a', 40) + "!"));
            Assert.True(r.Ends.MayMatch(new string('a', 40) + "7"));
            Assert.True(r.IsMatch(new string('a', 40) + "7"));
        }
    }
}
