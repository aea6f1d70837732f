using System;
using System.Text;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>The audit reader's pre-check for "mcp.session." or "app_auth_config.verify.", over window edges.</summary>
    public class LiteralSetTests
    {
        private static readonly LiteralSet Set = new LiteralSet("mcp.session.", "app_auth_config.verify.");

        [Theory]
        [InlineData(0, "mcp.session.")]
        [InlineData(5, "app_auth_config.verify.")]
        [InlineData(32 * 1024 - 3, "mcp.session.")]
        [InlineData(32 * 1024 - 10, "app_auth_config.verify.")]
        [InlineData(64 * 1024 + 1, "app_auth_config.verify.")]
        [InlineData(200_000, "mcp.session.")]
        public void FindsEitherLiteralAnywhere(int at, string literal)
        {
            var bytes = Encoding.ASCII.GetBytes(new string('a', at) + literal + new string('b', 100));
            Assert.Equal(at, Set.IndexOf(bytes, 0, bytes.Length));
            Assert.Equal(at, Set.IndexOf(bytes, 0, at + literal.Length));
            Assert.Equal(-1, Set.IndexOf(bytes, 0, at + literal.Length - 1));
            var chars = Encoding.ASCII.GetString(bytes).ToCharArray();
            Assert.Equal(at, Set.IndexOf(chars, 0, chars.Length));
        }

        [Theory]
        // A longer literal starting at the second window's first byte (so it ends past the first window's searched tail) and a
        // shorter one inside it: the longer one is the first occurrence. Before the fix the shorter one's index was returned.
        [InlineData("bc", "abcdefgh", 0)]
        [InlineData("abcdefgh", "bc", 0)]
        [InlineData("bc", "abcdefgh", 32 * 1024 - 8)]
        public void TheFirstOccurrenceAcrossAWindowEdge(string first, string second, int skew)
        {
            int at = 32 * 1024 + skew;
            var set = new LiteralSet(first, second);
            var bytes = Encoding.ASCII.GetBytes(new string('z', at) + "abcdefgh" + new string('z', 10));
            Assert.Equal(at, set.IndexOf(bytes, 0, bytes.Length));
            Assert.Equal(at, set.IndexOf(Encoding.ASCII.GetString(bytes).ToCharArray(), 0, bytes.Length));
        }

        [Fact]
        public void TheEarlierOfBothWins()
        {
            var text = "x app_auth_config.verify.failure y mcp.session.start";
            var bytes = Encoding.ASCII.GetBytes(text);
            Assert.Equal(2, Set.IndexOf(bytes, 0, bytes.Length));
            Assert.Equal(text.IndexOf("mcp.session.", StringComparison.Ordinal), Set.IndexOf(bytes, 3, bytes.Length - 3));
            Assert.Equal(-1, Set.IndexOf(Encoding.ASCII.GetBytes("app_auth_config.create mcp.session"), 0, 34));
        }

        private static int Naive(byte[] buf, int start, int length)
        {
            string[] literals = { "mcp.session.", "app_auth_config.verify." };
            for (int p = start; p < start + length; p++)
            {
                foreach (var lit in literals)
                {
                    if (p + lit.Length > start + length) continue;
                    int k = 0;
                    while (k < lit.Length && buf[p + k] == lit[k]) k++;
                    if (k == lit.Length) return p;
                }
            }
            return -1;
        }

        private static byte[] Build(int size, string filler, params (int At, string Text)[] parts)
        {
            var fill = Encoding.UTF8.GetBytes(filler);
            var buf = new byte[size];
            for (int i = 0; i < size; i++) buf[i] = fill[i % fill.Length];
            foreach (var (at, text) in parts) Encoding.UTF8.GetBytes(text).CopyTo(buf, at);
            return buf;
        }

        // Every (start, length) near the ends: the one-pass search, the portable window search and a naive scan agree.
        private static void AgreesEverywhere(byte[] buf, int edge)
        {
            for (int start = Math.Max(0, edge - 70); start <= Math.Min(buf.Length, edge + 70); start++)
            {
                foreach (int end in new[] { buf.Length, buf.Length - 1, buf.Length - 33, edge + 1, edge + 12, edge + 23, edge + 40, edge + 64, edge + 100 })
                {
                    if (end < start || end > buf.Length) continue;
                    int want = Naive(buf, start, end - start);
                    Assert.Equal(want, Set.IndexOf(buf, start, end - start));
                    Assert.Equal(want, Set.WindowIndexOf(buf, start, end - start));
                }
            }
        }

        public static TheoryData<string, int, string, string, int, string> Cases => new TheoryData<string, int, string, string, int, string>
        {
            // filler, first at, first text, note, second at, second text
            { "x", 32 * 1024 - 6, "mcp.session.", "straddles the first window", -1, "" },
            { "x", 32 * 1024 - 11, "app_auth_config.verify.", "straddles the first window", -1, "" },
            { "x", 64 * 1024 - 1, "app_auth_config.verify.", "starts on the last byte of a window", -1, "" },
            { "x", 100_000 - 12, "mcp.session.", "ends at the buffer end", -1, "" },
            { "x", 100_000 - 23, "app_auth_config.verify.", "ends at the buffer end", -1, "" },
            { "x", 40, "{\"event\":\"app_auth_config.verify.failure\",\"x\":\"mcp.session.start\"}", "both on one line", -1, "" },
            { "x", 40, "mcp.session", "both on one line, the first cut", 52, "app_auth_config.verify." },
            { "x", 40, "mcp.mcp.session.", "overlapping candidate, same first byte", -1, "" },
            { "x", 40, "app_app_auth_config.verify.", "overlapping candidate", -1, "" },
            { "m..........a......................", 40, "mcp.session.", "a candidate in every step", -1, "" },
            { "m\u00e9\u00e9\u00e9\u00e9\u00e9.", 40, "mcp.session.", "non-ASCII bytes between candidate ends", -1, "" },
            { "\u00e2\u0080\u00a6\u2026", 41, "\u00e9mcp.session.\u00e9", "non-ASCII bytes around the literal", 90, "\u2026app_auth_config.verify.\u2026" },
            { "app_auth_config.verify", 10_000, "mcp.session.", "many near misses", -1, "" },
            { "x", 0, "mcp.session.", "at the buffer start", 12, "app_auth_config.verify." },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void OnePassAgreesWithTheWindowSearchAndANaiveScan(string filler, int at, string text, string note, int secondAt, string second)
        {
            Assert.NotNull(note);
            int size = at + 200 > 100_000 ? 100_000 : Math.Max(at + 300, 1000);
            var parts = secondAt < 0 ? new[] { (at, text) } : new[] { (at, text), (secondAt, second) };
            var buf = Build(size, filler, parts);
            AgreesEverywhere(buf, at);
            AgreesEverywhere(buf, at + Encoding.UTF8.GetByteCount(text));
            if (secondAt >= 0) AgreesEverywhere(buf, secondAt);
            AgreesEverywhere(buf, buf.Length);
        }

        [Fact]
        public void EveryOffsetAndLengthOfASmallBuffer()
        {
            var buf = Build(160, "\u00e9m.a", (37, "mcp.session."), (70, "app_auth_config.verify."), (120, "mcp.session."));
            for (int start = 0; start <= buf.Length; start++)
            {
                for (int end = start; end <= buf.Length; end++)
                {
                    int want = Naive(buf, start, end - start);
                    Assert.Equal(want, Set.IndexOf(buf, start, end - start));
                    Assert.Equal(want, Set.WindowIndexOf(buf, start, end - start));
                }
            }
        }

        [Fact]
        public void TheRuntimeVectorsAreUsed()
        {
            // The tests run on .NET, whose Vector256/Vector128 are present; Windows PowerShell 5.1 takes WindowIndexOf.
            Assert.True(LiteralSet.UsesPairSearch);
        }
    }
}
