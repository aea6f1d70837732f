using TeleportMcp.Engine.Probe;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>
    /// When the stdio probe writes to the server's stdin on its own thread: only while the write cannot block whatever
    /// the server does (a pipe that no one reads blocks a writer once full; the flood tests of ProbeHostileTests reach
    /// the other path).
    /// </summary>
    public class StdioWriteTests
    {
        [Theory]
        [InlineData(true, 0L, 250, true)]                       // initialize into a fresh pipe
        [InlineData(true, 250L, 60, true)]
        [InlineData(true, 4000L, 96, true)]                     // exactly the least a pipe holds
        [InlineData(true, 4000L, 97, false)]                    // one byte past it
        [InlineData(true, 0L, 5000, false)]                     // one message larger than a page
        [InlineData(true, 1_000_000L, 10, false)]               // a long exchange (answers to a ping flood)
        [InlineData(false, 0L, 10, false)]                      // macOS, Windows: the bound is not known
        [InlineData(true, -1L, 10, false)]
        [InlineData(true, 0L, -1, false)]
        public void A_write_is_made_in_place_only_while_it_fits_in_the_least_a_pipe_holds(bool linux, long written, int bytes, bool inPlace) =>
            Assert.Equal(inPlace, StdioProbe.WriteCannotBlock(linux, written, bytes));
    }
}
