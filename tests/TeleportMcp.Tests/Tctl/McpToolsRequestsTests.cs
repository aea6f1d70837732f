using System.Linq;
using TeleportMcp.Engine.Tctl;
using Xunit;

namespace TeleportMcp.Tests.Tctl
{
    /// <summary>Set-TeleportMcpTools gathers the pipeline into one request per user (case-sensitive), users in first-seen order.</summary>
    public class McpToolsRequestsTests
    {
        [Fact]
        public void One_request_per_user_in_first_seen_order()
        {
            var r = new McpToolsRequests();
            r.Add(new[] { "bob", "alice" }, new[] { "read_file" });
            r.Add(new[] { "Bob" }, null);
            r.Add(new[] { "alice" }, new[] { "write_file", "read_file" });
            r.Add(new string[] { null }, new[] { "x" });
            var got = r.InOrder().ToList();
            Assert.Equal(new[] { "bob", "alice", "Bob", "" }, got.Select(kv => kv.Key));
            Assert.Equal(new[] { "read_file", "write_file", "read_file" }, got[1].Value);
            Assert.Empty(got[2].Value);
        }
    }
}
