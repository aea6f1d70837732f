using System;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>Receives the lines of a file, one at a time, then one Flush at the end.</summary>
    public interface ILineSink
    {
        /// <summary>One line without its '\n'; the buffer is reused after the call returns.</summary>
        void FeedLine(char[] buf, int start, int length);

        void Flush();
    }

    /// <summary>
    /// Streams a log file into an <see cref="ILineSink"/> (the <see cref="LogScanner"/>, the audit event reader): gzip is detected by its magic bytes, the encoding by its
    /// BOM (UTF-8, UTF-16 LE/BE; no BOM means UTF-8, or UTF-16 LE when every other byte is zero). The file is opened
    /// with FileShare.ReadWrite | Delete so a writer (or log rotation) is never locked out. Memory stays bounded: the
    /// line buffer grows only up to <see cref="MaxLineChars"/>; a longer line is cut there and the rest read as further
    /// lines.
    /// </summary>
    public static class LogFileReader
    {
        /// <summary>Longest line kept whole (in characters): 12 Mi, so 10 MB lines are read in one piece.</summary>
        public const int MaxLineChars = 12 * 1024 * 1024;
        private const int ByteBufferSize = 1 << 16;
        private const int InitialCharBuffer = 1 << 18;

        public static Stream OpenShared(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, ByteBufferSize, FileOptions.SequentialScan);

        public static void Scan(string path, ILineSink scanner)
        {
            using (var s = OpenShared(path)) Scan(s, scanner);
        }

        public static void Scan(Stream raw, ILineSink scanner)
        {
            var bytes = new byte[ByteBufferSize];
            int have = Fill(raw, bytes, 0, 4);
            Stream stream = raw;
            if (have >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
            {
                var prefix = new byte[have];
                Array.Copy(bytes, prefix, have);
                stream = new GZipStream(new PrefixedStream(prefix, raw), CompressionMode.Decompress);
                have = Fill(stream, bytes, 0, 4);
            }
            int skip;
            var encoding = DetectEncoding(bytes, have, out skip);
            var decoder = encoding.GetDecoder();

            var chars = new char[InitialCharBuffer];
            int lineStart = 0, filled = 0;
            int bytesStart = skip, bytesCount = have - skip;
            bool eof = false;
            while (true)
            {
                if (bytesCount == 0 && !eof)
                {
                    bytesStart = 0;
                    bytesCount = stream.Read(bytes, 0, bytes.Length);
                    if (bytesCount == 0) eof = true;
                }
                // Room for the decoded bytes: compact, then grow up to the line limit.
                int need = encoding.GetMaxCharCount(Math.Max(bytesCount, 1));
                if (chars.Length - filled < need)
                {
                    if (lineStart > 0)
                    {
                        Array.Copy(chars, lineStart, chars, 0, filled - lineStart);
                        filled -= lineStart;
                        lineStart = 0;
                    }
                    if (chars.Length - filled < need)
                    {
                        if (chars.Length < MaxLineChars + need)
                        {
                            var bigger = new char[Math.Min(Math.Max(chars.Length * 2, filled + need), MaxLineChars + need + 1)];
                            Array.Copy(chars, bigger, filled);
                            chars = bigger;
                        }
                        else
                        {
                            // A line longer than the limit: hand over what we have as one line.
                            scanner.FeedLine(chars, 0, filled);
                            filled = 0;
                        }
                    }
                }
                int decodedFrom = filled;
                if (bytesCount > 0 || eof)
                {
                    filled += decoder.GetChars(bytes, bytesStart, bytesCount, chars, filled, eof);
                    bytesCount = 0;
                }
                // Lines in the newly decoded part.
                int pos = decodedFrom;
                while (pos < filled)
                {
                    int nl = Array.IndexOf(chars, '\n', pos, filled - pos);
                    if (nl < 0) break;
                    scanner.FeedLine(chars, lineStart, nl - lineStart);
                    lineStart = nl + 1;
                    pos = lineStart;
                }
                if (lineStart == filled)
                {
                    lineStart = 0;
                    filled = 0;
                }
                if (eof)
                {
                    if (filled > lineStart) scanner.FeedLine(chars, lineStart, filled - lineStart);
                    break;
                }
            }
            scanner.Flush();
        }

        private static int Fill(Stream s, byte[] buf, int offset, int min)
        {
            int total = offset;
            while (total < min)
            {
                int n = s.Read(buf, total, buf.Length - total);
                if (n == 0) break;
                total += n;
            }
            return total;
        }

        internal static Encoding DetectEncoding(byte[] b, int n, out int bomLength)
        {
            bomLength = 0;
            if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
            {
                bomLength = 3;
                return new UTF8Encoding(false, false);
            }
            if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
            {
                bomLength = 2;
                return new UnicodeEncoding(false, false, false);
            }
            if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
            {
                bomLength = 2;
                return new UnicodeEncoding(true, false, false);
            }
            if (n >= 4 && b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0)
                return new UnicodeEncoding(false, false, false);
            return new UTF8Encoding(false, false);
        }

        /// <summary>The bytes already read to sniff the format, then the rest of the stream.</summary>
        private sealed class PrefixedStream : Stream
        {
            private readonly byte[] _prefix;
            private int _pos;
            private readonly Stream _inner;

            public PrefixedStream(byte[] prefix, Stream inner)
            {
                _prefix = prefix;
                _inner = inner;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_pos < _prefix.Length)
                {
                    int n = Math.Min(count, _prefix.Length - _pos);
                    Array.Copy(_prefix, _pos, buffer, offset, n);
                    _pos += n;
                    return n;
                }
                return _inner.Read(buffer, offset, count);
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
