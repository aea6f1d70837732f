using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Resources;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// A lone UTF-16 surrogate in a name or key reaches no message raw (helper-281): the one escaping for output
    /// (ControlCharacters, behind OutputText.Safe/SafeName/SafeMessage and OutputSanitizer) writes it \uD800, as it
    /// writes a control character \x1B; a valid pair (an emoji) is kept. Source: the Unicode Standard 15.1 §3.9 D91
    /// (UTF-16: a lone surrogate is ill-formed) and .NET's UTF8Encoding, which writes it as U+FFFD (or throws when
    /// asked to), so a raw one shows the reader a different text than the input held.
    /// </summary>
    public class LoneSurrogateTests
    {
        // The rows are written with \u escapes (decoded by Regex.Unescape): a lone surrogate in InlineData would not
        // survive xUnit's serialisation of the row.
        [Theory]
        [InlineData(@"\uD800", @"\uD800")]                            // a high one alone
        [InlineData(@"\uDC00", @"\uDC00")]                            // a low one alone
        [InlineData(@"a\uD800b", @"a\uD800b")]
        [InlineData(@"role-\uDBFF", @"role-\uDBFF")]                  // at the end
        [InlineData(@"\uDFFFrole", @"\uDFFFrole")]                    // at the start
        [InlineData(@"\uDC00\uD800", @"\uDC00\uD800")]                // low then high: a pair reversed is two lone ones
        [InlineData(@"\uD800\uD800\uDC00", @"\uD800" + "\U00010000")] // a lone high before a valid pair: only the lone one
        [InlineData(@"\uD83D\uDE00\uDE00", "\U0001F600" + @"\uDE00")] // a valid pair then a lone low
        [InlineData(@"\u001B\uD800", @"\x1B\uD800")]                  // with a control character: both escaped, one rule
        public void A_lone_surrogate_is_written_escaped(string given, string shown)
        {
            string text = Regex.Unescape(given);
            Assert.True(ControlCharacters.Contains(text));
            Assert.Equal(shown, ControlCharacters.Escape(text));
            Assert.Equal(shown, OutputText.Safe(text));
            Assert.Equal(shown, OutputText.SafeName(text));
            Assert.Equal(shown, OutputText.SafeMessage(text));
            AssertEncodable(OutputText.Safe(text));
        }

        [Theory]
        [InlineData("\U0001F600")]                     // an emoji: one valid pair
        [InlineData("team-\U0001F680-\U0001F600x")]     // two pairs in a name
        [InlineData("\U0010FFFD")]                     // the last character of plane 16: DBFF DFFD (U+10FFFF is a noncharacter, NoncharacterTests)
        [InlineData("caf\u00E9 \u4E2D\u6587")]         // letters outside ASCII, no surrogate
        public void A_valid_pair_and_other_letters_are_kept(string text)
        {
            Assert.False(ControlCharacters.Contains(text));
            Assert.Same(text, ControlCharacters.Escape(text));
            Assert.Equal(text, OutputText.Safe(text));
            Assert.Equal(text, OutputText.SafeName(text));
        }

        [Fact]
        public void A_piped_object_whose_key_holds_a_lone_surrogate_is_described_escaped()
        {
            // InputPolicy.Describe (a refused piped object's keys, PipedObjectNotUser / InvalidPipelineInput) quotes them through SafeName.
            string described = InputPolicy.Describe(new DictionaryInput(new System.Collections.Hashtable { ["colour\uD800"] = "red" }));
            Assert.Contains(@"colour\uD800", described, StringComparison.Ordinal);
            Assert.DoesNotContain("\uD800", described.Replace(@"\uD800", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        [Fact]
        public void An_exception_sanitized_for_output_holds_no_lone_surrogate()
        {
            var e = new TeleportArgumentException("InvalidResourceName", "The name 'dev\uD800' is not valid.") { TargetObject = "dev\uD800" };
            OutputSanitizer.SanitizeException(e);
            Assert.Equal(@"The name 'dev\uD800' is not valid.", e.Message);
            AssertEncodable(e.Message);
        }

        [Theory]
        [InlineData(@"dev\uD800")]
        [InlineData(@"\uDC00dev")]
        public void A_name_with_a_lone_surrogate_is_not_sent_to_tctl(string given)
        {
            // The command line is encoded: tctl would get U+FFFD in its place and answer for another name.
            string name = Regex.Unescape(given);
            Assert.Contains("lone UTF-16 surrogate", TeleportMcp.Engine.Tctl.TctlResourceQuery.NameProblem(name), StringComparison.Ordinal);
            var user = TeleportMcp.Engine.Tctl.McpToolsPlan.CheckUserName(name);
            Assert.Contains("lone UTF-16 surrogate", user, StringComparison.Ordinal);
            Assert.Contains(given, user, StringComparison.Ordinal);   // escaped in the text already
            // A valid pair is a name like any other.
            Assert.Null(TeleportMcp.Engine.Tctl.TctlResourceQuery.NameProblem("dev\U0001F600"));
            Assert.Null(TeleportMcp.Engine.Tctl.McpToolsPlan.CheckUserName("dev\U0001F600"));
        }

        private static void AssertEncodable(string text) =>
            // A strict encoder throws on a lone surrogate; the escaped text encodes and reads back the same.
            Assert.Equal(text, new UTF8Encoding(false, true).GetString(new UTF8Encoding(false, true).GetBytes(text)));
    }
}
