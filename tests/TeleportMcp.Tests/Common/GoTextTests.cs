using System;
using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    /// <summary>GoText against Go's strconv.Quote and strconv.QuoteRune (expected values printed by Go 1.19).</summary>
    public class GoTextTests
    {
        [Theory]
        [InlineData("", "\"\"")]
        [InlineData("plain", "\"plain\"")]
        [InlineData("a\"b", "\"a\\\"b\"")]
        [InlineData("back\\slash", "\"back\\\\slash\"")]
        [InlineData("tab\tnl\nr\r", "\"tab\\tnl\\nr\\r\"")]
        [InlineData("\u0000\u001f\u007f", "\"\\x00\\x1f\\x7f\"")]
        [InlineData("\u0085nel", "\"\\u0085nel\"")]            // a C1 control never reaches the terminal raw
        [InlineData("zero\u200bwidth", "\"zero\\u200bwidth\"")]
        [InlineData("nbsp\u00a0", "\"nbsp\\u00a0\"")]
        [InlineData("é\U0001F600", "\"é\U0001F600\"")]
        [InlineData("\u2028\u2029", "\"\\u2028\\u2029\"")]
        [InlineData("\ue000pua", "\"\\ue000pua\"")]
        [InlineData("\ufeffbom", "\"\\ufeffbom\"")]
        [InlineData("'single'", "\"'single'\"")]
        public void Quote_is_strconv_Quote(string input, string expected) => Assert.Equal(expected, GoText.Quote(input));

        [Theory]
        [InlineData(13, "'\\r'")]
        [InlineData(10, "'\\n'")]
        [InlineData(39, "'\\''")]
        [InlineData(92, "'\\\\'")]
        [InlineData(34, "'\"'")]
        [InlineData(97, "'a'")]
        [InlineData(233, "'é'")]
        [InlineData(0x85, "'\\u0085'")]
        [InlineData(0x200b, "'\\u200b'")]
        [InlineData(0x7f, "'\\x7f'")]
        [InlineData(0, "'\\x00'")]
        [InlineData(0x1F600, "'\U0001F600'")]
        [InlineData(0xE000, "'\\ue000'")]
        [InlineData(0xA0, "'\\u00a0'")]
        [InlineData(0x10FFFF, "'\\U0010ffff'")]
        [InlineData(32, "' '")]
        [InlineData(0xD800, "'\ufffd'")]   // not a rune: Go prints utf8.RuneError
        public void QuoteRune_is_strconv_QuoteRune(int rune, string expected) => Assert.Equal(expected, GoText.QuoteRune(rune));

        [Fact]
        public void Net_mail_names_a_bad_character_as_Go_quotes_the_rune()
        {
            // net/mail consumeQuotedString: fmt.Errorf("mail: bad character in quoted-string: %q", r).
            Assert.False(TeleportMcp.Engine.Rbac.GoMail.TryParseAddress("\"\r\"@x", out _, out var error));
            Assert.Contains("mail: bad character in quoted-string: '\\r'", error, StringComparison.Ordinal);
            Assert.DoesNotContain("\r", error, StringComparison.Ordinal);
        }
    }
}
