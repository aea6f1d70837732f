using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>Issue 17 items 13 and 15: gzip logs that inflate without bound, end early or fail their checks.</summary>
    public class GzipHostileTests
    {
        private const string ErrorLine = "2025-06-01T10:00:00Z ERROR [APP:SERVICE] Failed to connect. error:[mcp: server exited] app:files\n";

        private static byte[] Gzip(Action<Stream> write)
        {
            var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, true)) write(gz);
            return ms.ToArray();
        }

        private static byte[] Lines(int count) => Gzip(s =>
        {
            var b = Encoding.UTF8.GetBytes(ErrorLine);
            for (int i = 0; i < count; i++) s.Write(b, 0, b.Length);
        });

        private static (LogScanner scanner, Exception error) Scan(byte[] data)
        {
            var scanner = new LogScanner(KnownErrorCatalog.Embedded, "x.log.gz", _ => { });
            try
            {
                LogFileReader.Scan(new MemoryStream(data), scanner);
                return (scanner, null);
            }
            catch (Exception e)
            {
                return (scanner, e);
            }
        }

        [Fact]
        public void ACompleteFileIsReadWithoutError()
        {
            var (s, e) = Scan(Lines(1000));
            Assert.Null(e);
            Assert.Equal(1000, s.LineCount);
        }

        [Fact]
        public void SeveralMembersAreReadWithoutError()
        {
            var data = Lines(300).Concat(Lines(200)).ToArray();
            var (s, e) = Scan(data);
            Assert.Null(e);
            Assert.Equal(500, s.LineCount);
        }

        [Theory]
        [InlineData(0.5)]
        [InlineData(0.9)]
        public void ATruncatedFileIsReportedAfterTheLinesBeforeTheCut(double keep)
        {
            var full = Lines(20000);
            var cut = full.Take((int)(full.Length * keep)).ToArray();
            var (s, e) = Scan(cut);
            var le = Assert.IsType<LogReadException>(e);
            Assert.Contains("truncated", le.Message, StringComparison.Ordinal);
            Assert.True(s.LineCount > 0);
        }

        [Fact]
        public void AFileCutInsideItsTrailerIsTruncated()
        {
            var full = Lines(100);
            var (_, e) = Scan(full.Take(full.Length - 3).ToArray());
            Assert.Contains("truncated", Assert.IsType<LogReadException>(e).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ACrcErrorIsNamedAsSuch()
        {
            var data = Lines(100);
            data[data.Length - 6] ^= 0xFF;
            var (_, e) = Scan(data);
            var le = Assert.IsType<LogReadException>(e);
            Assert.Contains("CRC-32 check failed", le.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("unsupported compression method", le.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ALengthErrorIsNamedAsSuch()
        {
            var data = Lines(100);
            data[data.Length - 1] ^= 0x01;
            var (_, e) = Scan(data);
            Assert.Contains("length check failed", Assert.IsType<LogReadException>(e).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AnotherCompressionMethodIsNamed()
        {
            var data = Lines(10);
            data[2] = 7;
            var (_, e) = Scan(data);
            Assert.Contains("compression method 7", Assert.IsType<LogReadException>(e).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ABombStopsWithAClearErrorAndBoundedWork()
        {
            // ~80 KB of gzip that would inflate to 80 MiB of newlines: past the ratio check it stops.
            var chunk = new byte[1 << 20];
            for (int i = 0; i < chunk.Length; i++) chunk[i] = (byte)'\n';
            var data = Gzip(s => { for (int i = 0; i < 80; i++) s.Write(chunk, 0, chunk.Length); });
            var (scanner, e) = Scan(data);
            var le = Assert.IsType<LogReadException>(e);
            Assert.Contains("times its size", le.Message, StringComparison.Ordinal);
            Assert.InRange(scanner.LineCount, Limits.Default.GzipRatioCheckAfterBytes - (1 << 20), Limits.Default.GzipRatioCheckAfterBytes + (1 << 20));
        }
    }
}
