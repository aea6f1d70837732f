using System.Linq;
using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    /// <summary>One rule for the lines of a piped string (Find-TeleportMcpError, Get-TeleportMcpAuditEvent).</summary>
    public class TextLinesTests
    {
        [Theory]
        [InlineData("", new[] { "" })]
        [InlineData(null, new[] { "" })]
        [InlineData("a", new[] { "a" })]
        [InlineData("a\n", new[] { "a" })]
        [InlineData("a\nb", new[] { "a", "b" })]
        [InlineData("a\r\nb\r\n", new[] { "a\r", "b\r" })]
        [InlineData("\n", new[] { "" })]
        [InlineData("a\n\n", new[] { "a", "" })]
        [InlineData("\nb", new[] { "", "b" })]
        public void Splits_at_line_breaks_without_a_last_empty_line(string text, string[] expected) =>
            Assert.Equal(expected, TextLines.Of(text).ToArray());
    }
}
