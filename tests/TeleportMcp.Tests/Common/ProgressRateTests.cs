#nullable enable
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    /// <summary>When a progress record is drawn: the first always, then one per interval unless forced; a completion only after a drawing.</summary>
    public class ProgressRateTests
    {
        public static IEnumerable<object[]> Cases()
        {
            // (steps: "t" asks at time t, "t!" forces at time t, "done" asks for the completion; the answers)
            yield return new object[] { "0", "yes" };
            yield return new object[] { "1000", "yes" };
            yield return new object[] { "0 100 249 250", "yes no no yes" };
            yield return new object[] { "0 100! 200 350", "yes yes no yes" };
            yield return new object[] { "0 0! 0!", "yes yes yes" };
            // A completion needs a bar that was drawn, once; what follows the completion keeps the interval.
            yield return new object[] { "done", "no" };
            yield return new object[] { "0 done done", "yes yes no" };
            yield return new object[] { "0 done 100 300 done", "yes yes no yes yes" };
            // A refused record draws nothing, so it needs no completion.
            yield return new object[] { "0 done 10 done", "yes yes no no" };
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Draws_at_most_once_per_interval_unless_forced(string steps, string expected)
        {
            long now = 0;
            var rate = new ProgressRate(() => now);
            var answers = new List<string>();
            foreach (var step in steps.Split(' '))
            {
                if (step == "done")
                {
                    answers.Add(rate.TakeCompletion() ? "yes" : "no");
                    continue;
                }
                bool force = step.EndsWith("!", System.StringComparison.Ordinal);
                now = long.Parse(step.TrimEnd('!'), System.Globalization.CultureInfo.InvariantCulture);
                answers.Add(rate.Take(force) ? "yes" : "no");
            }
            Assert.Equal(expected, string.Join(" ", answers));
        }

        [Theory]
        [InlineData(0, "no")]
        [InlineData(249, "no")]
        [InlineData(250, "yes")]
        public void Due_says_whether_a_record_would_be_drawn_without_drawing_it(long later, string expected)
        {
            long now = 5000;
            var rate = new ProgressRate(() => now);
            Assert.True(rate.Due);
            rate.Take();
            now += later;
            Assert.Equal(expected, rate.Due ? "yes" : "no");
            Assert.Equal(expected, rate.Due ? "yes" : "no");
        }

        [Theory]
        [InlineData(-5, -1)]
        [InlineData(-1, -1)]
        [InlineData(0, 0)]
        [InlineData(57, 57)]
        [InlineData(100, 100)]
        [InlineData(250, 100)]
        public void Percent_is_unknown_or_0_to_100(int given, int expected) => Assert.Equal(expected, ProgressRate.Percent(given));

        [Theory]
        [InlineData(null, " ")]
        [InlineData("", " ")]
        [InlineData("reading", "reading")]
        public void Status_is_never_empty(string? given, string expected) => Assert.Equal(expected, ProgressRate.Status(given));
    }
}
