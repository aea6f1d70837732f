using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// A line longer than LogFileReader.MaxLineChars: its head, up to the word the limit falls in, is the line; the rest up
    /// to its '\n' is passed over, so the lines after it keep their numbers and the tail of a split token never starts a line.
    /// </summary>
    public sealed class LongLineCutTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-cut-" + Guid.NewGuid().ToString("N"));

        public LongLineCutTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private sealed class Lines : ILineSink
        {
            public readonly List<string> Fed = new List<string>();
            public void FeedLine(char[] buf, int start, int length) => Fed.Add(new string(buf, start, length));
            public void Flush() { }
        }

        // The reader's UTF-8 path: only lines holding the literal are fed, the others counted; numbers from both.
        private sealed class Filtered : ILiteralLineSink
        {
            private long _line;
            public readonly List<string> Fed = new List<string>();
            public LiteralSet RequiredLiterals { get; } = new LiteralSet("marker");
            public bool CanSkipLines => true;
            public void SkipLines(long count) => _line += count;
            public void FeedLine(char[] buf, int start, int length) => Fed.Add(++_line + ":" + new string(buf, start, length));
            public void Flush() { }
        }

        private string Write(string name, Encoding encoding, params string[] lines)
        {
            string path = Path.Combine(_dir, name);
            File.WriteAllText(path, string.Join("\n", lines) + "\n", encoding);
            return path;
        }

        // A secret split by the limit: the line's text before it fills the limit up to 20 characters before its end.
        private static string SplitLine(string word) => new string('a', LogFileReader.MaxLineChars - 20) + " " + word + new string('b', 200_000) + " marker tail";

        [Theory]
        [InlineData("utf8")]
        [InlineData("utf16le")]
        public void EveryLineIsReadWithTheCutLineCountedOnceAndItsSplitWordGone(string encoding)
        {
            var enc = encoding == "utf8" ? (Encoding)new UTF8Encoding(false) : new UnicodeEncoding(false, true);
            string path = Write("cut-" + encoding + ".log", enc, "first marker", SplitLine("tok_s3cr3tValue"), "third marker");
            var sink = new Lines();
            LogFileReader.Scan(path, sink);
            Assert.Equal(3, sink.Fed.Count);
            Assert.Equal("first marker", sink.Fed[0]);
            Assert.Equal(new string('a', LogFileReader.MaxLineChars - 20) + " ", sink.Fed[1]);
            Assert.Equal("third marker", sink.Fed[2]);
            Assert.DoesNotContain(sink.Fed, l => l.Contains("s3cr3t") || l.Contains("bbb") || l.Contains("tail"));
        }

        [Fact]
        public void TheFilteredUtf8PathNumbersTheLinesAfterACutLineRight()
        {
            string path = Write("cut-filtered.log", new UTF8Encoding(false), "first marker", "{\"no\": 1}", SplitLine("tok_s3cr3tValue"), "fourth marker", "{\"no\": 5}", "sixth marker");
            var sink = new Filtered();
            LogFileReader.Scan(path, sink);
            var fed = sink.Fed.Select(l => l.Length > 40 ? l.Substring(0, 40) : l).ToList();
            Assert.Equal(new[] { "1:first marker", "3:" + new string('a', 38), "4:fourth marker", "6:sixth marker" }, fed);
            Assert.DoesNotContain(sink.Fed, l => l.Contains("s3cr3t") || l.Contains("bbb"));
        }

        [Fact]
        public void ALineOfOneWordIsCutAtTheLimitAndTheNextLineStillReads()
        {
            string path = Write("one-word.log", new UTF8Encoding(false), new string('y', LogFileReader.MaxLineChars + 300_000), "no MCP servers found");
            var sink = new Lines();
            LogFileReader.Scan(path, sink);
            Assert.Equal(2, sink.Fed.Count);
            Assert.Equal(LogFileReader.MaxLineChars, sink.Fed[0].Length);
            Assert.Equal("no MCP servers found", sink.Fed[1]);
        }

        [Theory]
        [InlineData("abc def", 7, 4)]          // after the last space
        [InlineData("key=value", 9, 4)]        // after '='
        [InlineData("abcdef", 6, 6)]           // no delimiter: the limit itself
        public void TheCharCutGoesBeforeTheWordTheLimitFallsIn(string text, int end, int cut) =>
            Assert.Equal(cut, LogFileReader.CutBefore(text.ToCharArray(), 0, end));

        [Theory]
        [InlineData(new byte[] { 0x61, 0x62, 0xC3, 0xA9 }, 3, 2)]             // é split after its lead byte
        [InlineData(new byte[] { 0x61, 0x62, 0xC3, 0xA9 }, 4, 4)]             // é whole
        [InlineData(new byte[] { 0x61, 0xE2, 0x82, 0xAC, 0x62 }, 3, 1)]       // € split after two of three bytes
        [InlineData(new byte[] { 0x61, 0xF0, 0x9F, 0x98, 0x80 }, 4, 1)]       // an emoji split
        [InlineData(new byte[] { 0x61, 0x20, 0xC3, 0xA9, 0x62 }, 3, 2)]       // a space before: cut after it
        public void TheByteCutNeverSplitsACharacter(byte[] bytes, int end, int cut) =>
            Assert.Equal(cut, LogFileReader.CutBefore(bytes, 0, end));
    }
}
