using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// Messages that quote a huge value of the input: the same cut text as before, built without a whole copy of the
    /// value per message (issue 10: memory a small multiple of the input).
    /// </summary>
    public class HugeValueTests
    {
        public static IEnumerable<object[]> Pieces()
        {
            string big = new string('v', 300);
            // Plain pieces: the cut is taken from the pieces.
            yield return new object[] { "plain value", new[] { "the entry is named '", big, "'; rename it" } };
            yield return new object[] { "value first", new[] { big, " ends the message" } };
            yield return new object[] { "value last", new[] { "starts with ", big } };
            yield return new object[] { "two values", new[] { "a '", big, "' and '", big, "'" } };
            yield return new object[] { "empty and null pieces", new[] { "", big, null, "x", "" } };
            // A redaction hint inside a piece, across a joint ("tok" | "en="), or a character outside ASCII: the rules run on the joined text.
            yield return new object[] { "hint in a piece", new[] { "x ", big, " token=", big, " end" } };
            yield return new object[] { "hint across a joint", new[] { big + " tok", "en=" + big, " end" } };
            yield return new object[] { "hint across three pieces", new[] { big + " t", "o", "ken=" + big } };
            yield return new object[] { "secret straddling the cut", new[] { new string('a', 50), " password=", new string('s', 400) } };
            yield return new object[] { "not ASCII", new[] { "caf\u00e9 ", big } };
            // A surrogate pair where the head or the tail is cut.
            foreach (int at in new[] { 20, 30, 40, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70 })
            {
                yield return new object[] { "surrogate at " + at.ToString(CultureInfo.InvariantCulture), new[] { new string('a', at), "\U0001F600", new string('b', 300 - at) } };
                yield return new object[] { "surrogate at end-" + at.ToString(CultureInfo.InvariantCulture), new[] { new string('a', 300 - at), "\U0001F600", new string('b', at) } };
            }
            // At, just over and under the limit.
            yield return new object[] { "at the limit", new[] { new string('a', 60), new string('b', 40) } };
            yield return new object[] { "one over", new[] { new string('a', 60), new string('b', 41) } };
            yield return new object[] { "short", new[] { "a", "b" } };
        }

        [Theory]
        [MemberData(nameof(Pieces))]
        public void A_message_in_pieces_is_cut_exactly_as_the_joined_text(string name, string[] pieces)
        {
            using (Limits.Use(new Limits { OutputMessageChars = 100 }))
            {
                string joined = string.Concat(pieces);
                Assert.True(ListText.Message(joined) == ListText.Message(MessageText.Of(pieces)), name);
                // Every split of the joined text in two and in three pieces.
                for (int i = 0; i <= joined.Length; i += 7)
                {
                    Assert.Equal(ListText.Message(joined), ListText.Message(MessageText.Of(joined.Substring(0, i), joined.Substring(i))));
                    int j = Math.Min(joined.Length, i + 13);
                    Assert.Equal(ListText.Message(joined), ListText.Message(MessageText.Of(joined.Substring(0, i), joined.Substring(i, j - i), joined.Substring(j))));
                }
            }
        }

        [Fact]
        public void A_secret_across_a_joint_is_redacted_before_the_cut()
        {
            using (Limits.Use(new Limits { OutputMessageChars = 100 }))
            {
                var cut = ListText.Message(MessageText.Of(new string('a', 40), " pass", "word=", "hunter2hunter2", new string('z', 200)));
                Assert.DoesNotContain("hunter", cut, StringComparison.Ordinal);
                Assert.Contains("<redacted>", cut, StringComparison.Ordinal);
            }
        }

        [Theory]
        [InlineData("", "a")]
        [InlineData("(", "a (b")]
        [InlineData("(", "a ", "(b")]
        [InlineData("ab", "xa", "by")]
        [InlineData("abc", "xa", "b", "cy")]
        public void Contains_finds_text_across_joints(string value, params string[] pieces) =>
            Assert.True(MessageText.Of(pieces).Contains(value));

        [Theory]
        [InlineData("ac", "xa", "b", "cy")]
        [InlineData("(", "a", "b")]
        public void Contains_finds_only_what_the_joined_text_holds(string value, params string[] pieces) =>
            Assert.False(MessageText.Of(pieces).Contains(value));

        private const int HugeChars = 4_000_000;

        public static IEnumerable<object[]> HugeClientFiles()
        {
            string v = new string('h', HugeChars);
            yield return new object[] { "app name", "{\"mcpServers\": {\"teleport-mcp-h\": {\"command\": \"tsh\", \"args\": [\"mcp\", \"connect\", \"" + v + "\"]}}}" };
            yield return new object[] { "TELEPORT_HOME", "{\"mcpServers\": {\"teleport-mcp-h\": {\"command\": \"tsh\", \"args\": [\"mcp\", \"connect\", \"h\"], \"env\": {\"TELEPORT_HOME\": \"/home/" + v + "\"}}}}" };
            yield return new object[] { "relative TELEPORT_HOME", "{\"mcpServers\": {\"teleport-mcp-h\": {\"command\": \"tsh\", \"args\": [\"mcp\", \"connect\", \"h\"], \"env\": {\"TELEPORT_HOME\": \"" + v + "\"}}}}" };
        }

        [Theory]
        [MemberData(nameof(HugeClientFiles))]
        public void A_client_entry_with_a_huge_value_allocates_a_small_multiple_of_it(string name, string file)
        {
            var env = FakeEnv.Linux().File("/home/alice/.cursor/mcp.json", file).File("/usr/bin/tsh");
            var o = new ClientCheckOptions { Environment = env, Runner = TeleportMcp.Tests.Clients.FakeRunner.Active(), SkipSession = true, Paths = new[] { "/home/alice/.cursor/mcp.json" } };
            ClientChecker.Run(o); // once, so first-call costs (the catalogs) are not counted
            long before = GC.GetAllocatedBytesForCurrentThread();
            var r = ClientChecker.Run(o);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.All(r, x => Assert.True((x.Message?.Length ?? 0) <= Limits.Default.OutputMessageChars && (x.Fix?.Length ?? 0) <= Limits.Default.OutputMessageChars, x.Check));
            Assert.Contains(r, x => (x.Message ?? "").Contains("characters left out", StringComparison.Ordinal));
            // The file as text is 2 bytes a character; reading and parsing it hold it about twice. Before, every message and
            // fix that quoted the value copied it (7 copies and more).
            long input = 2L * file.Length;
            Assert.True(allocated < 3 * input, name + ": " + allocated.ToString("N0", CultureInfo.InvariantCulture) + " bytes for " + input.ToString("N0", CultureInfo.InvariantCulture));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_command_longer_than_any_path_is_not_found_without_a_copy_per_PATH_folder(bool windows)
        {
            string name = new string('c', 4_000_000);
            var p = new FakePlatform(windows: windows).File(windows ? @"C:\bin\tool.exe" : "/usr/bin/tool");
            p.Environment["PATH"] = windows ? @"C:\a;C:\b;C:\c;C:\d;C:\e;C:\f;C:\bin" : "/a:/b:/c:/d:/e:/f:/usr/bin";
            if (windows) p.Environment["PATHEXT"] = ".COM;.EXE;.BAT;.CMD";
            LookPath.Resolve("tool", p.Environment, p);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var r = LookPath.Resolve(name, p.Environment, p);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.False(r.Found);
            Assert.Equal("exec: \"" + name + "\": executable file not found in " + (windows ? "%PATH%" : "$PATH"), r.Error);
            // The error quotes the name (one copy); before, every PATH folder (and extension) joined it again.
            Assert.True(allocated < 3L * 2 * name.Length, allocated.ToString("N0", CultureInfo.InvariantCulture));
            // A long name that a path can hold is still looked up.
            string longName = new string('t', 300);
            var q = new FakePlatform(windows: false).File("/usr/bin/" + longName);
            q.Environment["PATH"] = "/a:/usr/bin";
            Assert.Equal("/usr/bin/" + longName, LookPath.Resolve(longName, q.Environment, q).Path);
        }

        [Fact]
        public void The_host_answers_a_path_longer_than_any_OS_path_without_copying_it()
        {
            string path = "/home/" + new string('d', 4_000_000);
            var host = HostPlatform.Current;
            host.DirectoryExists("/tmp");
            long before = GC.GetAllocatedBytesForCurrentThread();
            bool any = host.DirectoryExists(path) || host.FileExists(path) || host.GetFile(path).Exists || host.GetFiles(path, "*.yaml").Any();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.False(any);
            // Before, the runtime copied and encoded the 8 MB path for each question.
            Assert.True(allocated < 1024 * 1024, allocated.ToString("N0", CultureInfo.InvariantCulture));
        }
    }
}
