using System.Collections.Generic;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// Entries added or widened in session 46 (TMCP-LOG-153, 218, 266..271) on near-miss records of about 1 MiB: a fragment
    /// of the text repeated, or an opening quote that never closes. Each pattern must answer (no match) within the catalog's
    /// 2 s match timeout (KnownErrorCatalog.MatchTimeout; a RegexMatchTimeoutException fails the row), as a linear scan does.
    /// </summary>
    public class Session46CatalogHostileTests
    {
        private const int Size = 1 << 20;

        public static IEnumerable<object[]> Rows()
        {
            // id, head, repeated unit, tail
            yield return new object[] { "TMCP-LOG-218", "ERROR: ", "authorization failed: !", "" };
            yield return new object[] { "TMCP-LOG-218", "ERROR: authorization failed: ", "a", "!" };
            yield return new object[] { "TMCP-LOG-153", "ERROR: ", "OAuth login applies only to HTTP MCP servers; \"files\" uses ", "" };
            yield return new object[] { "TMCP-LOG-153", "ERROR: OAuth login applies only to HTTP MCP servers; \"", "a", "" };
            yield return new object[] { "TMCP-LOG-153", "", "MCP server \"aaaa", "" };
            yield return new object[] { "TMCP-LOG-266", "ERROR: ", "this provider requires a pre-registered client (not yet supported): ", "" };
            yield return new object[] { "TMCP-LOG-267", "", "Error: missing tool name. RBAC is enforced by your Teleport roles. ", "" };
            yield return new object[] { "TMCP-LOG-268", "ERROR: ", "OAuth token endpoint must be ", "" };
            yield return new object[] { "TMCP-LOG-269", "", "The client metadata sent by tsh is invalid for the MCP server's ", "" };
            yield return new object[] { "TMCP-LOG-270", "", "authorization response came from issuer \"" + new string('a', 200), "" };
            yield return new object[] { "TMCP-LOG-270", "", "OAuth authorization server metadata identifies issuer \"x\", but protected resource metadata advertised ", "" };
            // Mended in session 46 (helper-321): 218's code shape, 268's bare "endpoint", 270's RFC 8414 text, 271 (RFC 9728).
            yield return new object[] { "TMCP-LOG-218", "ERROR: authorization failed: ", "a_", "" };
            yield return new object[] { "TMCP-LOG-218", "ERROR: ", "authorization failed: a_b!", "" };
            yield return new object[] { "TMCP-LOG-268", "ERROR: ", "OAuth endpoint ", "" };
            yield return new object[] { "TMCP-LOG-270", "", "OAuth authorization server metadata identifies issuer \"x\", expected ", "" };
            yield return new object[] { "TMCP-LOG-271", "", "OAuth protected resource metadata identifies resource \"x\", expected ", "" };
            yield return new object[] { "TMCP-LOG-271", "", "OAuth protected resource metadata identifies resource \"" + new string('a', 200), "" };
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
