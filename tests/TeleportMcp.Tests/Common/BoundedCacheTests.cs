using System.Linq;
using System.Threading.Tasks;
using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    public class BoundedCacheTests
    {
        [Theory]
        [InlineData(1, 1, 1)]
        [InlineData(3, 3, 3)]
        [InlineData(3, 4, 1)]   // the fourth text clears the three before it
        [InlineData(3, 7, 1)]
        [InlineData(3, 8, 2)]
        [InlineData(1000, 2500, 500)]
        public void HoldsAtMostItsCapacityAndClearsWhenFull(int capacity, int added, int held)
        {
            var cache = new BoundedCache<string>(capacity);
            for (int i = 0; i < added; i++) cache.Add("t" + i, "v" + i);
            Assert.Equal(held, cache.Count);
            Assert.True(cache.TryGetValue("t" + (added - 1), out var last));
            Assert.Equal("v" + (added - 1), last);
            Assert.Equal(held == added, cache.TryGetValue("t0", out _));
        }

        [Fact]
        public void ATextAlreadyHeldKeepsItsAnswerAndIsCountedOnce()
        {
            var cache = new BoundedCache<string>(2);
            cache.Add("a", null);
            cache.Add("a", "other");
            cache.Add("b", "x");
            Assert.Equal(2, cache.Count);
            Assert.True(cache.TryGetValue("a", out var a));
            Assert.Null(a);
            Assert.False(cache.TryGetValue("c", out _));
        }

        [Fact]
        public void SeveralThreadsNeverGrowItPastItsCapacityByMoreThanTheirNumber()
        {
            const int capacity = 500, threads = 4;
            var cache = new BoundedCache<int>(capacity);
            int most = 0;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                for (int i = 0; i < 20000; i++)
                {
                    cache.Add(t + ":" + i, i);
                    if ((i & 255) == 0)
                    {
                        int now = cache.Count;
                        lock (cache) most = System.Math.Max(most, now);
                    }
                }
            });
            Assert.InRange(cache.Count, 1, capacity + threads);
            Assert.InRange(most, 1, capacity + threads);
        }

        [Fact]
        public void ACapacityBelowOneIsRefused() => Assert.Throws<System.ArgumentOutOfRangeException>(() => new BoundedCache<int>(0));
    }
}
