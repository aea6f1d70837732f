using TeleportMcp.Engine.Probe;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>
    /// lib/srv/mcp/sse.go makeHTTPTransport: ResponseHeaderTimeout = time.Minute. A probe whose server took longer to start an
    /// answer passed only because it waited longer than such an App Service would; the newest transport (makeBasicHTTPTransport)
    /// is not confirmed to keep the limit, so the verdict is Indeterminate, never a pass.
    /// </summary>
    public class AppServiceHeaderTimeoutTests
    {
        [Theory]
        [InlineData(0, CheckStatus.Pass, CheckStatus.Pass)]
        [InlineData(60000, CheckStatus.Pass, CheckStatus.Pass)]
        [InlineData(60001, CheckStatus.Pass, CheckStatus.Indeterminate)]
        [InlineData(75000, CheckStatus.Warn, CheckStatus.Indeterminate)]
        [InlineData(75000, CheckStatus.Fail, CheckStatus.Fail)]
        [InlineData(75000, CheckStatus.Indeterminate, CheckStatus.Indeterminate)]
        public void A_server_slower_than_a_minute_to_answer_is_not_a_pass(long slowestMs, CheckStatus before, CheckStatus after)
        {
            var o = new ProbeResult { Status = before, Message = "listed 3 tool(s)" };
            HttpProbe.NoteSlowHeaders(o, slowestMs);
            Assert.Equal(after, o.Status);
            bool noted = before != after;
            Assert.Equal(noted, o.Message.Contains("lib/srv/mcp/sse.go makeHTTPTransport"));
            Assert.Equal(noted, o.Message.Contains("not confirmed"));
            Assert.Equal(noted, o.Fix != null);
        }
    }
}
