using System;
using System.Text;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>The audit reader's pre-check for "mcp.session." or "app_auth_config.verify.", over window edges.</summary>
    public class LiteralSetTests
    {
        private static readonly LiteralSet Set = new LiteralSet("mcp.session.", "app_auth_config.verify.");

        [Theory]
        [InlineData(0, "mcp.session.")]
        [InlineData(5, "app_auth_config.verify.")]
        [InlineData(32 * 1024 - 3, "mcp.session.")]
        [InlineData(32 * 1024 - 10, "app_auth_config.verify.")]
        [InlineData(64 * 1024 + 1, "app_auth_config.verify.")]
        [InlineData(200_000, "mcp.session.")]
        public void FindsEitherLiteralAnywhere(int at, string literal)
        {
            var bytes = Encoding.ASCII.GetBytes(new string('a', at) + literal + new string('b', 100));
            Assert.Equal(at, Set.IndexOf(bytes, 0, bytes.Length));
            Assert.Equal(at, Set.IndexOf(bytes, 0, at + literal.Length));
            Assert.Equal(-1, Set.IndexOf(bytes, 0, at + literal.Length - 1));
            var chars = Encoding.ASCII.GetString(bytes).ToCharArray();
            Assert.Equal(at, Set.IndexOf(chars, 0, chars.Length));
        }

        [Theory]
        // A longer literal starting at the second window's first byte (so it ends past the first window's searched tail) and a
        // shorter one inside it: the longer one is the first occurrence. Before the fix the shorter one's index was returned.
        [InlineData("bc", "abcdefgh", 0)]
        [InlineData("abcdefgh", "bc", 0)]
        [InlineData("bc", "abcdefgh", 32 * 1024 - 8)]
        public void TheFirstOccurrenceAcrossAWindowEdge(string first, string second, int skew)
        {
            int at = 32 * 1024 + skew;
            var set = new LiteralSet(first, second);
            var bytes = Encoding.ASCII.GetBytes(new string('z', at) + "abcdefgh" + new string('z', 10));
            Assert.Equal(at, set.IndexOf(bytes, 0, bytes.Length));
            Assert.Equal(at, set.IndexOf(Encoding.ASCII.GetString(bytes).ToCharArray(), 0, bytes.Length));
        }

        [Fact]
        public void TheEarlierOfBothWins()
        {
            var text = "x app_auth_config.verify.failure y mcp.session.start";
            var bytes = Encoding.ASCII.GetBytes(text);
            Assert.Equal(2, Set.IndexOf(bytes, 0, bytes.Length));
            Assert.Equal(text.IndexOf("mcp.session.", StringComparison.Ordinal), Set.IndexOf(bytes, 3, bytes.Length - 3));
            Assert.Equal(-1, Set.IndexOf(Encoding.ASCII.GetBytes("app_auth_config.create mcp.session"), 0, 34));
        }
    }
}
