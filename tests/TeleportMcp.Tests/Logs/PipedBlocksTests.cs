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

        // Lines Get-Content wrote one at a time (-ReadCount 1), each row as "file:ReadCount" ("-" when it has none), and the
        // line numbers. UTF-7 -Tail counts from 0 (measured, pwsh 7.6: a 7-line file, -Tail 5 gives 0..4, piped twice 0..4 0..4).
        [Theory]
        // A forward read, or -Tail over UTF-8: each line's count is its number.
        [InlineData("a:1 a:2 a:3", "1 2 3")]
        [InlineData("a:1 a:2 a:1 a:2", "1 2 1 2")]
        // UTF-7 -Tail: counted from 0.
        [InlineData("a:0 a:1 a:2 a:3 a:4", "1 2 3 4 5")]
        // The same file twice through UTF-7 -Tail: the second read is numbered as the first (before: 0, then 1 2 3 4).
        [InlineData("a:0 a:1 a:2 a:3 a:4 a:0 a:1 a:2 a:3 a:4", "1 2 3 4 5 1 2 3 4 5")]
        [InlineData("a:0 a:0", "1 1")]
        // A filter left lines out: the counts after them stay one lower than their lines.
        [InlineData("a:0 a:3 a:4", "1 4 5")]
        // Read from 0, then from 1 (a count not above the last): a new read counted from 1.
        [InlineData("a:0 a:1 a:2 a:1 a:2", "1 2 3 1 2")]
        // Two files through UTF-7 -Tail, interleaved: each file its own.
        [InlineData("a:0 b:0 a:1 b:1 c:1", "1 1 2 2 1")]
        // No count (a copy that lost it): not known.
        [InlineData("a:- a:-", "0 0")]
        public void NumbersEachLine(string lines, string numbers)
        {
            var b = new PipedBlocks();
            var got = lines.Split(' ').Select(x => x.Split(':')).Select(p => b.Line(p[0], p[1] == "-" ? (long?)null : long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(numbers, string.Join(" ", got));
        }

        // Past the files it remembers as read from 0, the one seen longest ago is forgotten: its next count is read as its line.
        [Fact]
        public void RemembersABoundedNumberOfFilesReadFromZero()
        {
            var b = new PipedBlocks(2);
            Assert.Equal(new long[] { 1, 1, 1, 2, 3 }, new[] { b.Line("a", 0), b.Line("b", 0), b.Line("c", 0), b.Line("a", 2), b.Line("c", 2) });
        }
    }
}
