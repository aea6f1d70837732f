using System.Linq;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// The first line's number of each block Get-Content writes with -ReadCount: each row is the blocks as "file:ReadCount:length"
    /// and their first numbers. The counts are those measured (pwsh 7.6, a file of 7 lines, -Tail 5).
    /// </summary>
    public class PipedBlocksTests
    {
        [Theory]
        // A forward read, or -Tail over UTF-8 (a backward seek): each block's count is its last line's.
        [InlineData("a:2:2 a:4:2 a:5:1", "1 3 5")]
        [InlineData("a:3:3 a:5:2", "1 4")]
        // -Tail over UTF-7 (forward scan): the last, shorter block carries the count of the block before it.
        [InlineData("a:2:2 a:4:2 a:4:1", "1 3 5")]
        [InlineData("a:3:3 a:3:2", "1 4")]
        [InlineData("a:5:5", "1")]
        // The file read again: its first block's count is its length, whatever came before.
        [InlineData("a:2:2 a:2:2", "1 1")]
        [InlineData("a:2:2 a:4:2 a:5:1 a:2:2", "1 3 5 1")]
        // Another file with the same count is its own.
        [InlineData("a:2:2 b:2:1", "1 2")]
        // No count (a copy that lost it): not known.
        [InlineData("a:0:2 a:0:1", "0 0")]
        public void NumbersEachBlock(string blocks, string firsts)
        {
            var b = new PipedBlocks();
            var got = blocks.Split(' ').Select(x => x.Split(':')).Select(p => b.First(p[0], long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(firsts, string.Join(" ", got));
        }
    }
}
