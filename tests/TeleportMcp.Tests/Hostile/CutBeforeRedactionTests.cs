using System;
using System.Threading;
using System.Threading.Tasks;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Probe;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// Texts cut for a message are redacted before the cut: a secret the cut splits leaves a piece shorter than its
    /// rule's minimum (gh[pousr]_ needs 20 characters after it), which no later redaction would recognise.
    /// </summary>
    public class CutBeforeRedactionTests
    {
        private const string Token = "ghp_PLANTEDgithubToken0123456789ab";

        [Theory]
        [InlineData(200, 190)]   // the cut falls inside the token
        [InlineData(200, 180)]
        [InlineData(50, 40)]
        public void Cut_redacts_a_token_the_cut_would_split(int max, int tokenStart)
        {
            string text = new string('a', tokenStart) + " " + Token + " " + new string('b', 300);
            string cut = BoundedCapture.Cut(text, max);
            Assert.DoesNotContain("ghp_PLANT", cut, StringComparison.Ordinal);
            Assert.EndsWith("...", cut, StringComparison.Ordinal);
        }

        [Fact]
        public void Cut_leaves_a_short_text_alone()
        {
            Assert.Equal("short " + Token, BoundedCapture.Cut("short " + Token, 200));
        }

        [Theory]
        [InlineData("short " + Token, 200, "short <redacted>")]                 // redacted though not cut
        [InlineData("0123456789 " + Token, 15, "0123456789 <red...")]           // the cut falls inside the mask, never the token
        [InlineData("0123456789", 10, "0123456789")]
        [InlineData("0123456789a", 10, "0123456789...")]
        public void RedactAndCut_redacts_whatever_the_length_then_cuts(string text, int max, string expected)
        {
            Assert.Equal(expected, BoundedCapture.RedactAndCut(text, max));
        }

        [Theory]
        [InlineData(0)]      // the token crosses the head's end
        [InlineData(1)]      // ... and the tail's start
        public void Shorten_redacts_a_token_the_cut_would_split(int where)
        {
            int max = Limits.Current.ChildMessageChars, head = max * 2 / 3, tail = max - head;
            string text = where == 0
                ? new string('a', head - 10) + " " + Token + " " + new string('b', max)
                : new string('a', max) + " " + Token + " " + new string('b', tail - 20);
            string cut = BoundedCapture.Shorten(text);
            Assert.DoesNotContain("PLANTED", cut, StringComparison.Ordinal);
            Assert.DoesNotContain("0123456789ab", cut, StringComparison.Ordinal);
            Assert.Contains("characters left out", cut, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_wait_in_slices_answers_the_cancel_at_once()
        {
            using var cts = new CancellationTokenSource();
            int calls = 0;
            // The first slice cancels: the wait ends at the next look, not after its 10-minute limit.
            var run = Task.Run(() => StdioProbe.WaitInSlices(ms =>
            {
                if (Interlocked.Increment(ref calls) == 1) cts.Cancel();
                return false;
            }, 600000, cts.Token));
            Assert.Same(run, await Task.WhenAny(run, Task.Delay(120000)));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            Assert.Equal(1, calls);
        }

        [Theory]
        [InlineData(true, true)]
        [InlineData(false, false)]
        public void A_wait_in_slices_answers_what_the_wait_answers(bool answer, bool expected)
        {
            Assert.Equal(expected, StdioProbe.WaitInSlices(ms => { Thread.Sleep(Math.Min(ms, 10)); return answer; }, 250, CancellationToken.None));
        }
    }
}
