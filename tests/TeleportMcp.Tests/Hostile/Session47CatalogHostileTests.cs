using System.Collections.Generic;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// Entries added in session 47 (TMCP-LOG-272..274, the tsh mcp login texts of the newest stored mcp_login.go, index id
    /// 68630900344, and its mcp_oauth companion, index id 68425910795) on near-miss records of about 1 MiB: a fragment of the
    /// text repeated, or the text cut one word short. Each pattern must answer (no match) within the catalog's 2 s match
    /// timeout (KnownErrorCatalog.MatchTimeout; a RegexMatchTimeoutException fails the row), as a linear scan does.
    /// </summary>
    public class Session47CatalogHostileTests
    {
        private const int Size = 1 << 20;

        public static IEnumerable<object[]> Rows()
        {
            // id, head, repeated unit, tail
            yield return new object[] { "TMCP-LOG-272", "ERROR: ", "OAuth authorization server metadata changed during client ", "" };
            yield return new object[] { "TMCP-LOG-272", "", "OAuth authorization server metadata changed during ", "registration" };
            yield return new object[] { "TMCP-LOG-273", "ERROR: ", "waiting for another tsh process to finish refreshing or ", "" };
            yield return new object[] { "TMCP-LOG-273", "", "waiting for the MCP OAuth token refresh ", "" };
            yield return new object[] { "TMCP-LOG-273", "", "waiting to store MCP OAuth ", "credential" };
            yield return new object[] { "TMCP-LOG-274", "ERROR: ", "refusing to follow a redirect for an OAuth POST", "" };
            yield return new object[] { "TMCP-LOG-274", "ERROR: refusing to follow a redirect for an OAuth ", "P", " request" };
            yield return new object[] { "TMCP-LOG-274", "", "refusing to follow a redirect for an OAuth post request ", "" };
            // The url.Error prefix: a quote that never closes, and a long query before a near-miss text.
            yield return new object[] { "TMCP-LOG-274", "", "Post \"https://" + new string('a', 600), "" };
            yield return new object[] { "TMCP-LOG-274", "ERROR: Post \"https://auth.example.com/token?", "a=b&", "\": refusing to follow a redirect for an OAuth post request" };
        }

        /// <summary>
        /// TMCP-LOG-273's optional wrapped error (a new line and tabs, or \n\t written out in a JSON string) after 1 MiB of tabs with
        /// no text: the entry still matches, inside the timeout, and takes no error from it.
        /// </summary>
        [Theory]
        [InlineData("\n", "\t")]
        [InlineData("\\n", "\\t")]
        public void TheLockEntrysWrappedErrorAfterAMebibyteOfTabsIsDecidedWithinTheTimeout(string newline, string tab)
        {
            var entry = KnownErrorCatalog.Embedded.Entries.Single(e => e.Id == "TMCP-LOG-273");
            var sb = new StringBuilder("ERROR: waiting for the MCP OAuth token refresh lock").Append(newline);
            while (sb.Length < Size) sb.Append(tab);
            var m = entry.Match!.Match(sb.ToString());
            Assert.True(m.Success);
            Assert.False(m.Groups["error"].Success);
        }

        [Theory]
        [MemberData(nameof(Rows))]
        public void ANearMissRecordIsAnsweredWithinTheTimeout(string id, string head, string unit, string tail)
        {
            var entry = KnownErrorCatalog.Embedded.Entries.Single(e => e.Id == id);
            var sb = new StringBuilder(Size + head.Length + unit.Length + tail.Length);
            sb.Append(head);
            while (sb.Length < Size) sb.Append(unit);
            sb.Append(tail);
            Assert.DoesNotMatch(entry.Match!, sb.ToString());
        }
    }
}
