using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using App = TeleportMcp.App;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// No input may grow memory without bound: a stdio server that writes stderr without a newline cost the probe a string
    /// as long as the flood (StreamReader.ReadLine), gigabytes within seconds. Every child stream is read in chunks, a line
    /// keeps a bounded number of bytes, and what was dropped is counted and said.
    /// </summary>
    public sealed class StderrFloodTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-stderr-" + Guid.NewGuid().ToString("N"));

        public StderrFloodTests() { Directory.CreateDirectory(_dir); }

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        /// <summary>A stream that hands out at most <c>chunk</c> bytes per read, so lines and characters fall across reads.</summary>
        private sealed class ChunkedStream : MemoryStream
        {
            private readonly int _chunk;
            public ChunkedStream(byte[] data, int chunk) : base(data) => _chunk = chunk;
            public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _chunk));
        }

        /// <summary>An endless stream of one byte without a newline, ending after <c>length</c> bytes; nothing is held in memory.</summary>
        private sealed class FloodStream : Stream
        {
            private readonly long _length;
            private long _position;
            public FloodStream(long length) => _length = length;
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => _position; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = (int)Math.Min(count, _length - _position);
                for (int i = 0; i < n; i++) buffer[offset + i] = (byte)'y';
                _position += n;
                return n;
            }
        }

        private static (List<string> Lines, List<long> Dropped, long Total) Lines(Stream s, int max)
        {
            var lines = new List<string>();
            var dropped = new List<long>();
            long total = BoundedCapture.ReadLines(s, max, (l, d) => { lines.Add(l); dropped.Add(d); });
            return (lines, dropped, total);
        }

        // Input, the line limit in bytes, the lines as "text/dropped" joined by '|'.
        [Theory]
        [InlineData("a\nb\n", 10, "a/0|b/0")]
        [InlineData("a\nb", 10, "a/0|b/0")]
        [InlineData("\n\n", 10, "/0|/0")]
        [InlineData("", 10, "")]
        [InlineData("a\r\n", 10, "a\r/0")]
        [InlineData("0123456789\n", 10, "0123456789/0")]
        [InlineData("0123456789A\n", 10, "0123456789/1")]
        [InlineData("0123456789ABCDE", 10, "0123456789/5")]
        [InlineData("0123456789ABC\nxy\n", 10, "0123456789/3|xy/0")]
        // A character the cut splits is dropped whole: é is 2 bytes, € 3, 😀 4 (UTF-8).
        [InlineData("123456789é\n", 10, "123456789/2")]
        [InlineData("12345678€\n", 10, "12345678/3")]
        [InlineData("1234567😀\n", 10, "1234567/4")]
        [InlineData("12345678é\n", 10, "12345678é/0")]
        [InlineData("abc", 0, "/3")]
        public void Lines_are_cut_to_their_limit_and_the_rest_is_counted(string input, int max, string expected)
        {
            var bytes = Encoding.UTF8.GetBytes(input);
            foreach (var chunk in new[] { 1, 2, 3, 8192 })
            {
                using var stream = new ChunkedStream(bytes, chunk);
                var (lines, dropped, total) = Lines(stream, max);
                Assert.Equal(expected, string.Join("|", lines.Zip(dropped, (l, d) => l + "/" + d)));
                Assert.Equal(bytes.Length, total);
            }
        }

        [Fact]
        public void A_flood_without_a_newline_keeps_only_the_line_limit()
        {
            const long flood = 64L << 20;
            using var stream = new FloodStream(flood);
            var (lines, dropped, total) = Lines(stream, 100);
            Assert.Equal(flood, total);
            Assert.Equal(new[] { new string('y', 100) }, lines);
            Assert.Equal(new[] { flood - 100 }, dropped);
        }

        [Fact]
        public void The_stderr_log_keeps_a_bounded_tail_and_says_what_it_dropped()
        {
            var limits = new Limits { ProbeStderrLineBytes = 50 };
            var log = new StderrLog(limits);
            var text = new StringBuilder();
            for (int i = 0; i < 100; i++) text.Append("line ").Append(i).Append('\n');
            text.Append("Error: EACCES opening /data\n");
            text.Append(new string('z', 1_000_000)).Append('\n');
            text.Append("progress 1%\rprogress 2%\r\n");
            text.Append("last words without a newline");
            using (var stream = new ChunkedStream(Encoding.UTF8.GetBytes(text.ToString()), 4096)) log.Read(stream);

            var tail = log.Tail();
            Assert.Equal(StdioProbe.StderrTailLines, tail.Count);
            Assert.Equal("last words without a newline", tail[tail.Count - 1]);
            Assert.Equal(new[] { "progress 1%", "progress 2%" }, tail.Skip(tail.Count - 3).Take(2));
            var cut = tail[tail.Count - 4];
            Assert.Equal(new string('z', 50) + "... (999950 more bytes dropped; limit ProbeStderrLineBytes = 50)", cut);
            Assert.All(tail, l => Assert.True(l.Length <= 50 + 80, "kept " + l.Length));
            // The cause printed before the flood is still found.
            Assert.Equal("Error: EACCES opening /data", log.Telling);
            Assert.Equal(105, log.LineCount);
            Assert.Equal(999_950, log.DroppedBytes);
            Assert.Equal("stderr: 999950 bytes dropped: 1 line(s) longer than the probe keeps were cut (limit ProbeStderrLineBytes = 50)", log.DroppedNote);
        }

        [Fact]
        public void A_stderr_log_with_nothing_cut_says_nothing()
        {
            var log = new StderrLog(new Limits());
            using (var stream = new MemoryStream(Encoding.UTF8.GetBytes("one\ntwo\n"))) log.Read(stream);
            Assert.Null(log.DroppedNote);
            Assert.Equal(0, log.DroppedBytes);
            Assert.Equal(new[] { "one", "two" }, log.Tail());
        }

        private string Script(string name, string js)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, js);
            return path;
        }

        private static ProbeResult Probe(string script, int timeoutSec, Limits limits)
        {
            var app = new App
            {
                Name = "flood", Uri = "mcp+stdio://", HasMcpSpec = true, Transport = McpTransport.Stdio,
                Command = "node", RunAsHostUser = HostPlatform.Current.CurrentUser.Name,
            };
            app.Args.Add(script);
            var report = StaticChecks.Run(app, new StaticCheckOptions());
            Assert.Null(report.Blocking);
            var run = Task.Run(() =>
            {
                using (Limits.Use(limits)) return StdioProbe.Run(report, new ProbeOptions { TimeoutSec = timeoutSec }, CancellationToken.None);
            });
            // Not a speed assertion: a probe that never ends is the bug.
            Assert.True(run.Wait(TimeSpan.FromSeconds(timeoutSec * 2 + 60)), "the probe did not end");
            return run.Result;
        }

        // 4 MiB on stderr without a newline, then exit 1 (the write is flushed first: a pipe write blocks until it is read).
        private const string FloodThenExit = @"
const chunk = Buffer.alloc(64 * 1024, 'y');
let left = 64;
function more() {
  while (left > 0) { left--; if (!process.stderr.write(chunk)) { process.stderr.once('drain', more); return; } }
  process.stderr.write('', () => process.exit(1));
}
more();
";

        [Fact]
        public void A_server_that_floods_stderr_without_a_newline_is_reported_with_a_bounded_tail()
        {
            var o = Probe(Script("flood-exit.js", FloodThenExit), 60, new Limits { ProbeStderrLineBytes = 64 });
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.True(o.HasExited, o.Message);
            Assert.Equal(1, o.ExitCode);
            var line = Assert.Single(o.StderrTail);
            Assert.Equal(new string('y', 64) + "... (" + ((4L << 20) - 64) + " more bytes dropped; limit ProbeStderrLineBytes = 64)", line);
            Assert.Equal((4L << 20) - 64, o.StderrDroppedBytes);
            Assert.Contains("stderr: " + ((4L << 20) - 64) + " bytes dropped: 1 line(s) longer than the probe keeps were cut (limit ProbeStderrLineBytes = 64)", o.Warnings);
        }

        // The reviewer's server: stderr written without end and without a newline, stdout never answered.
        private const string FloodForever = @"
const chunk = Buffer.alloc(64 * 1024, 'y');
function more() { while (process.stderr.write(chunk)) {} process.stderr.once('drain', more); }
more();
";

        [Fact]
        public void A_server_that_floods_stderr_for_ever_ends_at_the_timeout_holding_a_bounded_tail()
        {
            var o = Probe(Script("flood-forever.js", FloodForever), 2, new Limits { ProbeStderrLineBytes = 64 });
            Assert.True(o.TimedOut, o.Message);
            Assert.InRange(o.StderrTail.Count, 0, 1);
            Assert.All(o.StderrTail, l => Assert.True(l.Length < 64 + 100, "kept " + l.Length));
            // How much node wrote before the end depends on the machine; what it wrote past the line limit is all counted.
            if (o.StderrTail.Count == 1)
            {
                Assert.True(o.StderrDroppedBytes > 0);
                Assert.Contains(o.Warnings, w => w.StartsWith("stderr: " + o.StderrDroppedBytes + " bytes dropped", StringComparison.Ordinal));
            }
        }
    }
}
