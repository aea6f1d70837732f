using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// Gzip logs as Windows PowerShell 5.1's .NET Framework (and Mono) inflates them: GZipStream ends with the first
    /// member and never reads the file on to its end (dotnet/corefx#27279; .NET reads every member since #30442). Found
    /// by tests/Pester/Framework.Tests.ps1 on Mono, where every .gz log was reported as truncated. Here .NET's GZipStream
    /// is given only the first member, read the way .NET Framework reads it, so the rule is tested on this runtime too.
    /// </summary>
    public class GzipFrameworkTests
    {
        private static byte[] Member(string line, int count)
        {
            var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, true))
            {
                var b = Encoding.UTF8.GetBytes(line);
                for (int i = 0; i < count; i++) gz.Write(b, 0, b.Length);
            }
            return ms.ToArray();
        }

        /// <summary>A test stream over the file's bytes, which it closes with itself (as GZipStream closes what it reads).</summary>
        private abstract class OverFile : ReadOnlyStream
        {
            protected OverFile(Stream file) => File = file;

            protected Stream File { get; }

            protected override void Dispose(bool disposing)
            {
                if (disposing) File.Dispose();
                base.Dispose(disposing);
            }
        }

        /// <summary>
        /// The compressed side as .NET Framework's GZipStream reads it: the first member's bytes reach the inflater, the
        /// runtime reads <paramref name="consumed"/> bytes of the file in all (its buffer may hold part of what follows),
        /// and it never asks for more once the member has ended, so the file's end is never seen.
        /// </summary>
        private sealed class FirstMemberRead : OverFile
        {
            private readonly long _member;
            private readonly long _consumed;
            private long _given;

            public FirstMemberRead(Stream file, long member, long consumed) : base(file)
            {
                _member = member;
                _consumed = consumed;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_given >= _member) return 0;
                int n = File.Read(buffer, offset, (int)Math.Min(count, _member - _given));
                _given += n;
                if (_given == _member)
                {
                    var extra = new byte[_consumed - _member];
                    int read = 0;
                    while (read < extra.Length) read += File.Read(extra, read, extra.Length - read);
                }
                return n;
            }
        }

        /// <summary>The inflater of a runtime that reports corrupt data as a plain IOException (Mono: "Corrupted data ReadInternal").</summary>
        private sealed class CorruptOnRead : OverFile
        {
            public CorruptOnRead(Stream file) : base(file) { }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = File.Read(buffer, offset, count);
                throw new IOException(n > 0 ? "Corrupted data ReadInternal" : "the test file is empty");
            }
        }

        /// <summary>A file whose read fails (a disk or network error).</summary>
        private sealed class FailingFile : ReadOnlyStream
        {
            public override int Read(byte[] buffer, int offset, int count) => throw new IOException("the device is not ready");
        }

        /// <summary>
        /// The file as an inflater that does not check the trailer sees it: its bytes are read (and counted) from the file,
        /// those of <paramref name="seen"/> reach the inflater (the intact member, so this runtime's own check passes).
        /// </summary>
        private sealed class SeenAs : OverFile
        {
            private readonly byte[] _seen;
            private int _pos;

            public SeenAs(Stream file, byte[] seen) : base(file) => _seen = seen;

            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = File.Read(buffer, offset, count);
                Buffer.BlockCopy(_seen, _pos, buffer, offset, n);
                _pos += n;
                return n;
            }
        }

        /// <summary>
        /// The guard as the log reader builds it: the file's bytes counted on their way to the inflater that
        /// <paramref name="inflater"/> puts over them; <paramref name="again"/> is the file read anew (null: it cannot be).
        /// </summary>
        private static GzipGuard Guard(Stream file, Func<Stream, Stream> inflater, Stream again = null)
        {
            GzipGuard.CountingStream compressed = null;
            try
            {
                compressed = new GzipGuard.CountingStream(file);
                var guard = new GzipGuard(inflater(compressed), compressed, again);
                compressed = null; // the guard owns it now
                return guard;
            }
            finally
            {
                compressed?.Dispose();
            }
        }

        private static Stream Inflate(Stream compressed) => new GZipStream(compressed, CompressionMode.Decompress);

        /// <summary>Reads the guard to its end: the bytes inflated, and the error that ended the read early (null: none).</summary>
        private static (long inflated, Exception error) ReadToEnd(GzipGuard guard)
        {
            var buf = new byte[4096];
            long total = 0;
            try
            {
                int n;
                while ((n = guard.Read(buf, 0, buf.Length)) > 0) total += n;
                return (total, null);
            }
            catch (Exception e) when (e is IOException)
            {
                return (total, e);
            }
        }

        /// <summary>A file of two gzip members (as `cat a.gz b.gz` leaves it): the first of 20 lines, then one of <paramref name="otherLines"/>.</summary>
        private static (byte[] first, byte[] file) TwoMembers(int otherLines)
        {
            var first = Member(Line, 20);
            return (first, first.Concat(Member(Other, otherLines)).ToArray());
        }

        /// <param name="rereadable">Whether the guard may read the file again (a file on disk), as the log reader lets it.</param>
        /// <param name="inflaterSees">What reaches the inflater instead of the file's bytes (same length); null for the file.</param>
        private static (long inflated, Exception error) ReadAsFramework(byte[] file, long member, long consumed, bool rereadable = false, byte[] inflaterSees = null)
        {
            using var guard = Guard(new MemoryStream(file),
                compressed => Inflate(new FirstMemberRead(inflaterSees == null ? compressed : new SeenAs(compressed, inflaterSees), member, consumed)),
                rereadable ? new MemoryStream(file) : null);
            return ReadToEnd(guard);
        }

        private const string Line = "2025-06-01T10:00:00Z ERROR [APP:SERVICE] Failed to connect. error:[mcp: server exited] app:files\n";
        private const string Other = "2025-06-01T11:00:00Z INFO [APP:SERVICE] Started app:everything\n";

        [Theory]
        [InlineData(1)]
        [InlineData(3000)]   // more than one 8 KiB buffer of compressed data
        public void A_single_member_file_read_without_reaching_its_end_is_complete(int lines)
        {
            var file = Member(Line, lines);
            var (inflated, error) = ReadAsFramework(file, file.Length, file.Length);
            Assert.Null(error);
            Assert.Equal(Line.Length * (long)lines, inflated);
        }

        [Fact]
        public void A_second_member_the_runtime_did_not_read_is_an_error_after_the_first_is_scanned()
        {
            var (first, file) = TwoMembers(50);
            var (inflated, error) = ReadAsFramework(file, first.Length, first.Length);
            Assert.Equal(Line.Length * 20L, inflated);
            var e = Assert.IsType<LogReadException>(error);
            Assert.Contains("goes on after its first member", e.Message, StringComparison.Ordinal);
            Assert.Contains(inflated + " bytes were scanned", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(5)]      // a small second member, shorter than the first
        [InlineData(500)]    // a larger one
        public void A_second_member_the_runtime_buffered_but_did_not_inflate_is_an_error(int otherLines)
        {
            var (first, file) = TwoMembers(otherLines);
            // The runtime's buffer took the whole file: its last eight bytes are the second member's trailer.
            var (_, error) = ReadAsFramework(file, first.Length, file.Length);
            var e = Assert.IsType<LogReadException>(error);
            Assert.Contains("goes on after its first member", e.Message, StringComparison.Ordinal);
        }

        /// <summary>A one-member file whose trailer (CRC-32 at -8, length at -4) is damaged: byte offset from the end.</summary>
        [Theory]
        [InlineData(8, false)]
        [InlineData(4, false)]
        [InlineData(8, true)]
        [InlineData(4, true)]
        public void A_single_member_file_with_a_damaged_trailer_is_not_called_several_members(int fromEnd, bool rereadable)
        {
            var intact = Member(Line, 20);
            var file = (byte[])intact.Clone();
            file[file.Length - fromEnd] ^= 0x5a;
            // The runtime's buffer took the whole file, it never asked for more, and it did not check the trailer.
            var (inflated, error) = ReadAsFramework(file, file.Length, file.Length, rereadable, inflaterSees: intact);
            Assert.Equal(Line.Length * 20L, inflated);
            var message = Assert.IsType<LogReadException>(error).Message;
            Assert.Contains(fromEnd == 8 ? "CRC-32 " : "length ", message, StringComparison.Ordinal);
            if (rereadable)
            {
                // The file can be read again: the first member's own trailer is nowhere in it, so the file is corrupt.
                Assert.StartsWith("the gzip file is corrupt: its first member's trailer does not match its data", message, StringComparison.Ordinal);
                Assert.DoesNotContain("goes on after", message, StringComparison.Ordinal);
            }
            else
            {
                // Nothing tells the two apart: both are named, neither is stated as fact.
                Assert.DoesNotContain("the gzip file goes on after", message, StringComparison.Ordinal);
                Assert.Contains("either it goes on after its first member", message, StringComparison.Ordinal);
                Assert.Contains("or it has one member whose trailer is damaged", message, StringComparison.Ordinal);
            }
        }

        [Theory]
        [InlineData(5)]
        [InlineData(500)]
        public void A_second_member_in_a_file_that_can_be_read_again_is_named_as_such(int otherLines)
        {
            var (first, file) = TwoMembers(otherLines);
            var (_, error) = ReadAsFramework(file, first.Length, file.Length, rereadable: true);
            Assert.StartsWith("the gzip file goes on after its first member", Assert.IsType<LogReadException>(error).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Data_added_after_the_only_member_is_an_error()
        {
            var first = Member(Line, 20);
            var file = first.Concat(Encoding.ASCII.GetBytes("garbage\n")).ToArray();
            var (_, error) = ReadAsFramework(file, first.Length, first.Length);
            Assert.Contains("goes on after its first member", Assert.IsType<LogReadException>(error).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Corrupt_data_reported_by_the_inflater_as_an_IOException_is_named_as_corrupt()
        {
            using var guard = Guard(new MemoryStream(Member(Line, 20)), compressed => new CorruptOnRead(compressed));
            var e = Assert.Throws<LogReadException>(() => guard.Read(new byte[64], 0, 64));
            Assert.StartsWith("the gzip file is corrupt", e.Message, StringComparison.Ordinal);
            Assert.Equal("Corrupted data ReadInternal", e.InnerException!.Message);
        }

        [Fact]
        public void A_failing_file_read_stays_the_read_error_it_is()
        {
            using var guard = Guard(new FailingFile(), Inflate);
            var e = Assert.Throws<IOException>(() => guard.Read(new byte[64], 0, 64));
            Assert.IsNotType<LogReadException>(e);
            Assert.Equal("the device is not ready", e.Message);
        }

        [Fact]
        public void On_this_runtime_a_file_of_several_members_is_still_read_whole()
        {
            using var guard = Guard(new MemoryStream(TwoMembers(50).file), Inflate);
            var (inflated, error) = ReadToEnd(guard);
            Assert.Null(error);
            Assert.Equal(Line.Length * 20L + Other.Length * 50L, inflated);
        }
    }
}
