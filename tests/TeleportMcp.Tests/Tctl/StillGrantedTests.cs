using System;
using System.Linq;
using TeleportMcp.Engine.Tctl;
using Xunit;

namespace TeleportMcp.Tests.Tctl
{
    /// <summary>-Remove of a name an entry still grants: lib/utils/replace.go MatchString (P1 regex only with ^...$, P2 glob '*').</summary>
    public class StillGrantedTests
    {
        [Theory]
        [InlineData("*,read_file", "dump_env", "*")]
        [InlineData("read_*,x", "read_file", "read_*")]
        [InlineData("^read_.*$", "read_file", "^read_.*$")]
        [InlineData("read_file", "read_file", null)]       // the entry itself is removed: nothing left grants it
        [InlineData("read_*", "write_file", null)]
        [InlineData("^read.*", "read_file", null)]          // not anchored at both ends: a literal name (P1)
        public void Names_the_entry_that_still_grants(string after, string removed, string entry)
        {
            var left = McpToolsPlan.Compute(after.Split(','), new[] { removed }, McpToolsMode.Remove);
            var g = McpToolsPlan.StillGranted("alice", left, new[] { removed });
            if (entry == null)
            {
                Assert.Empty(g);
                return;
            }
            var one = Assert.Single(g);
            Assert.Equal(entry, one.Entry);
            Assert.Equal(removed, one.Tool);
            Assert.StartsWith("Set-TeleportMcpTools -User 'alice' -Remove -Tools '" + entry.Replace("'", "''") + "'; Set-TeleportMcpTools -User 'alice' -Append -Tools ", one.Command, System.StringComparison.Ordinal);
            Assert.Contains(one.Command, one.Message, StringComparison.Ordinal);
            Assert.Contains("does not revoke it", one.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Quotes_user_names_for_PowerShell()
        {
            var g = McpToolsPlan.StillGranted("o'brien", new[] { "*" }, new[] { "x" }).Single();
            Assert.StartsWith("Set-TeleportMcpTools -User 'o''brien' -Remove -Tools '*'", g.Command, System.StringComparison.Ordinal);
        }
    }
}
