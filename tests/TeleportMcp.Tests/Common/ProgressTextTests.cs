using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    public class ProgressTextTests
    {
        [Theory]
        [InlineData(512L, 2048L, "a.log: 0.5 KB of 2.0 KB", 25)]
        [InlineData(13107200L, 209715200L, "a.log: 12.5 MB of 200.0 MB", 6)]
        [InlineData(2048L, 0L, "a.log: 2.0 KB read", -1)]
        [InlineData(-1L, -1L, "a.log: ? read", -1)]
        public void Bytes_of_a_total(long done, long total, string expected, int expectedPercent)
        {
            Assert.Equal(expected, ProgressText.Bytes("a.log", done, total, out int percent));
            Assert.Equal(expectedPercent, percent);
        }

        [Theory]
        [InlineData(1, 1, "/var/log/a.log", "a.log")]
        [InlineData(2, 5, "/var/log/b.log", "file 2 of 5, b.log")]
        public void Which_file_of_how_many(int index, int count, string path, string expected) =>
            Assert.Equal(expected, ProgressText.File(index, count, path));
    }
}
