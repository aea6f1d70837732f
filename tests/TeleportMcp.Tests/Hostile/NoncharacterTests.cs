using System.Text;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Output;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// Unicode noncharacters reach no output raw: ControlCharacters (the one escaping, behind OutputText.Safe/SafeName/
    /// SafeMessage and OutputSanitizer) writes them \uFFFE, and a plane's last two (a valid surrogate pair) as \U0001FFFE.
    /// Source: the Unicode Standard 15.1 D14 and §23.7 "Noncharacters" (66 code points: U+FDD0..U+FDEF and U+nFFFE/U+nFFFF
    /// of planes 0..16), permanently reserved for a program's internal use; U+FFFE is the byte-swapped BOM. They encode
    /// (unlike a lone surrogate), so they are only escaped for display, never refused. Before (08cffa35) all were written raw.
    /// </summary>
    public class NoncharacterTests
    {
        [Theory]
        [InlineData(@"\uFFFE", @"\uFFFE")]
        [InlineData(@"\uFFFF", @"\uFFFF")]
        [InlineData(@"a\uFDD0b", @"a\uFDD0b")]
        [InlineData(@"\uFDEF", @"\uFDEF")]
        [InlineData(@"\uD83F\uDFFE", @"\U0001FFFE")]                 // U+1FFFE
        [InlineData(@"x\uD83F\uDFFFy", @"x\U0001FFFFy")]             // U+1FFFF
        [InlineData(@"\uDBFF\uDFFF", @"\U0010FFFF")]                 // U+10FFFF, the last code point
        [InlineData(@"\uDBBF\uDFFE", @"\U000FFFFE")]                 // plane 15
        [InlineData(@"\u001B\uFFFE\uD800", @"\x1B\uFFFE\uD800")]     // with a control character and a lone surrogate: one rule
        public void A_noncharacter_is_written_escaped(string given, string shown)
        {
            string text = Regex.Unescape(given);
            Assert.True(ControlCharacters.Contains(text));
            Assert.Equal(shown, ControlCharacters.Escape(text));
            Assert.Equal(shown, OutputText.Safe(text));
            Assert.Equal(shown, OutputText.SafeName(text));
            Assert.Equal(shown, OutputText.SafeMessage(text));
        }

        [Theory]
        [InlineData(@"\uFDCF")]              // just before the block
        [InlineData(@"\uFDF0")]              // just after it
        [InlineData(@"\uFFFD")]              // the replacement character
        [InlineData(@"\uFEFF")]              // BOM / zero-width no-break space
        [InlineData(@"\uD83F\uDFFD")]        // U+1FFFD
        [InlineData(@"\uD83E\uDFFE")]        // U+1FBFE: low half DFFE, but not a plane's end
        [InlineData(@"\uD83D\uDE00")]        // an emoji
        public void Neighbours_are_kept(string given)
        {
            string text = Regex.Unescape(given);
            Assert.False(ControlCharacters.Contains(text));
            Assert.Same(text, ControlCharacters.Escape(text));
        }

        // All 66, counted through the one predicate.
        [Fact]
        public void There_are_66()
        {
            int n = 0;
            for (int cp = 0; cp <= 0x10FFFF; cp++)
            {
                if (cp >= 0xD800 && cp <= 0xDFFF) continue;
                string s = char.ConvertFromUtf32(cp);
                if (ControlCharacters.IsNoncharacter(s, 0)) n++;
            }
            Assert.Equal(66, n);
        }

        // Escaped output is ASCII for these, so any encoder writes what the reader sees.
        [Fact]
        public void The_escape_encodes()
        {
            string shown = ControlCharacters.Escape("\uFFFE" + char.ConvertFromUtf32(0x10FFFF));
            Assert.Equal(shown, Encoding.ASCII.GetString(Encoding.ASCII.GetBytes(shown)));
        }
    }
}
