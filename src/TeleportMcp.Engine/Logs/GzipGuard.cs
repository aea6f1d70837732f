using System;
using System.Globalization;
using System.IO;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>A log that cannot be read further (decompression bomb, truncated or corrupt gzip), with why.</summary>
    public sealed class LogReadException : IOException
    {
        public LogReadException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>
    /// The decompressed side of a gzip log: limits what a small file may inflate to, checks the gzip trailer (RFC 1952
    /// CRC-32 and ISIZE) itself so a truncated file is reported instead of ending silently, and names a corrupt file's
    /// problem instead of the runtime's "unsupported compression method".
    /// </summary>
    internal sealed class GzipGuard : ReadOnlyStream
    {
        // The size and ratio bounds: Gzip* of Common.Limits.
        private readonly Common.Limits _limits = Common.Limits.Current;
        /// <summary>Output kept to check the last member of a multi-member file.</summary>
        private const int TailKept = 8 << 20;

        private readonly Stream _inflated;
        private readonly CountingStream _compressed;
        private uint _crc = 0xFFFFFFFF;
        private long _total;
        private readonly byte[] _tail;
        private int _tailPos;
        private bool _tailWrapped;
        private bool _done;

        private readonly Stream? _rawForDiagnosis;

        /// <param name="rawForDiagnosis">The whole compressed file when it can be read again (seekable), to name a corruption.</param>
        public GzipGuard(Stream inflated, CountingStream compressed, Stream? rawForDiagnosis)
        {
            _inflated = inflated;
            _compressed = compressed;
            _rawForDiagnosis = rawForDiagnosis != null && rawForDiagnosis.CanSeek ? rawForDiagnosis : null;
            _tail = new byte[TailKept];
        }

        /// <summary>RFC 1952 member header: only method 8 (deflate) exists; reserved flag bits must be zero.</summary>
        public static void CheckHeader(byte[] b, int n)
        {
            if (n < 10) throw new LogReadException("the gzip file is truncated: it ends inside its 10-byte header");
            if (b[2] != 8) throw new LogReadException("the gzip file uses compression method " + b[2] + ", which is not deflate (8), the only method gzip defines");
            if ((b[3] & 0xE0) != 0) throw new LogReadException("the gzip header is invalid: reserved flag bits are set");
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_done) return 0;
            int n;
            try
            {
                n = _inflated.Read(buffer, offset, count);
            }
            // Mono's inflater reports corrupt data as a plain IOException; one that the file itself raised stays as it is.
            catch (Exception e) when (e is InvalidDataException || (e is IOException && !(e is LogReadException) && !_compressed.ReadFailed))
            {
                throw new LogReadException(DescribeCorruption(), e);
            }
            if (n == 0)
            {
                _done = true;
                VerifyEnd();
                return 0;
            }
            Account(buffer, offset, n);
            return n;
        }

        private void Account(byte[] buffer, int offset, int n)
        {
            _crc = Crc32.Update(_crc, buffer, offset, n);
            _total += n;
            int copied = 0;
            while (copied < n)
            {
                int chunk = Math.Min(n - copied, _tail.Length - _tailPos);
                Buffer.BlockCopy(buffer, offset + copied, _tail, _tailPos, chunk);
                copied += chunk;
                _tailPos += chunk;
                if (_tailPos == _tail.Length) { _tailPos = 0; _tailWrapped = true; }
            }
            if (_total > _limits.GzipMaxDecompressedBytes)
                throw new LogReadException("the gzip file inflates beyond " + Mb(_limits.GzipMaxDecompressedBytes) + " (from " + Mb(_compressed.Count) + " compressed; " +
                                           _limits.Describe(nameof(Common.Limits.GzipMaxDecompressedBytes)) + "): it is not read further (the lines before were scanned)");
            if (_total > _limits.GzipRatioCheckAfterBytes && _total > (long)_limits.GzipMaxCompressionRatio * Math.Max(1, _compressed.Count))
                throw new LogReadException("the gzip file inflates more than " + _limits.GzipMaxCompressionRatio + " times its size (" + Mb(_total) + " from " + Mb(_compressed.Count) + "; " +
                                           _limits.Describe(nameof(Common.Limits.GzipMaxCompressionRatio)) + ", checked after " + _limits.Describe(nameof(Common.Limits.GzipRatioCheckAfterBytes)) +
                                           "), like a decompression bomb: it is not read further (the lines before were scanned)");
        }

        private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MiB";

        // The runtime ends a member cut short without an error; the trailer is the only proof the data is complete.
        private void VerifyEnd()
        {
            // .NET Framework (Windows PowerShell 5.1) and Mono end the stream with the first gzip member and do not read
            // the file on to its end; .NET reads every member (dotnet/corefx#27279, #30442). Whatever follows that first
            // member was not inflated, so it must not pass as read.
            bool firstMemberOnly = !_compressed.AtEnd && _compressed.Count >= 18;
            if (firstMemberOnly && _compressed.Read(new byte[1], 0, 1) > 0) throw NotFirstMemberOnly();
            var t = _compressed.LastEight;
            if (_compressed.Count < 18 || !_compressed.AtEnd)
                throw new LogReadException("the gzip file is truncated: the compressed data ends before its trailer (" + _total + " bytes inflated were scanned)");
            uint crc = ReadUInt32(t, 0), size = ReadUInt32(t, 4);
            uint whole = ~_crc;
            if (crc == whole && size == (uint)_total) return;
            // The runtime read the whole file but inflated one member, whose trailer is not the file's last eight bytes: they
            // are a later member's trailer, or the only member's trailer is damaged. (A second member with the very same text
            // ends with the same trailer, and cannot be told apart here.)
            if (firstMemberOnly) throw FirstMemberTrailerNotLast(crc, size, whole);
            // Several members (cat a.gz b.gz): the runtime has checked every member but the last one it ended on.
            if (size < (uint)_total || _total > uint.MaxValue)
            {
                if (size <= TailCount && crc == TailCrc((int)size)) return;
                if (size > TailCount) return;   // a last member too large to re-check here; earlier members were checked
            }
            throw new LogReadException("the gzip file is truncated: the data ends without its gzip trailer (CRC-32 and length do not match the " + _total + " bytes inflated, which were scanned)");
        }

        private LogReadException NotFirstMemberOnly() =>
            new LogReadException("the gzip file goes on after its first member (several members, as `cat a.gz b.gz` makes them, or data added after it): " +
                                 "this runtime (.NET Framework, as in Windows PowerShell 5.1) inflates only the first member, whose " + _total +
                                 " bytes were scanned; decompress the file and scan the result, or scan it from PowerShell 7");

        /// <summary>
        /// Which of the two it is, when the file can be read again: the first member's own trailer (its CRC-32 and length)
        /// found before the end means more follows; not found, the first member is corrupt.
        /// </summary>
        private LogReadException FirstMemberTrailerNotLast(uint crc, uint size, uint whole)
        {
            bool? goesOn = null;
            try { goesOn = _rawForDiagnosis == null ? (bool?)null : HasTrailerBeforeEnd(_rawForDiagnosis, whole, (uint)_total); }
            catch (Exception e) when (FileSystem.ReadFailure.Is(e)) { goesOn = null; }
            if (goesOn == true) return NotFirstMemberOnly();
            string last = "its last eight bytes say CRC-32 " + Hex(crc) + " and length " + size + ", the data gives CRC-32 " + Hex(whole) + " and length " + (uint)_total;
            if (goesOn == false)
                return new LogReadException("the gzip file is corrupt: its first member's trailer does not match its data (" + last + "; the " + _total + " bytes inflated were scanned)");
            return new LogReadException("the gzip file does not end with its first member's trailer (" + last + "): either it goes on after its first member " +
                                        "(several members, as `cat a.gz b.gz` makes them), or it has one member whose trailer is damaged; this runtime " +
                                        "(.NET Framework, as in Windows PowerShell 5.1) inflates only the first member, whose " + _total +
                                        " bytes were scanned; check the file with gzip -t, or scan it from PowerShell 7");
        }

        /// <summary>Whether the eight bytes of a trailer (CRC-32, then length, little-endian) occur with data after them.</summary>
        private static bool HasTrailerBeforeEnd(Stream raw, uint crc, uint size)
        {
            ulong trailer = crc | (ulong)size << 32, window = 0;
            long length = raw.Length, pos = 0;
            raw.Seek(0, SeekOrigin.Begin);
            var buf = new byte[1 << 16];
            int n;
            while ((n = raw.Read(buf, 0, buf.Length)) > 0)
            {
                for (int i = 0; i < n; i++, pos++)
                {
                    // The last eight bytes read, the first of them lowest, as the trailer is written.
                    window = window >> 8 | (ulong)buf[i] << 56;
                    if (pos >= 7 && window == trailer && pos + 1 < length) return true;
                }
            }
            return false;
        }

        private static string Hex(uint v) => v.ToString("x8", CultureInfo.InvariantCulture);

        private long TailCount => _tailWrapped ? _tail.Length : _tailPos;

        private uint TailCrc(int size)
        {
            uint c = 0xFFFFFFFF;
            int start = _tailPos - size;
            if (start >= 0) c = Crc32.Update(c, _tail, start, size);
            else
            {
                c = Crc32.Update(c, _tail, _tail.Length + start, -start);
                c = Crc32.Update(c, _tail, 0, _tailPos);
            }
            return ~c;
        }

        private string DescribeCorruption()
        {
            // The runtime reports every zlib data error, the trailer checks included, as "unsupported compression
            // method" and drops the member's last output; inflate the data again without checks to say which it is.
            string? why = null;
            try { why = _rawForDiagnosis == null ? null : RecheckSingleMember(_rawForDiagnosis); }
            catch (Exception e) when (FileSystem.ReadFailure.Is(e)) { why = null; }
            return "the gzip file is corrupt: " + (why ?? "invalid compressed data near byte " + _compressed.Count) + " (the " + _total + " bytes inflated before were scanned)";
        }

        private static string? RecheckSingleMember(Stream raw)
        {
            raw.Seek(0, SeekOrigin.Begin);
            var h = new byte[10];
            if (raw.Read(h, 0, 10) != 10) return null;
            int flags = h[3];
            if ((flags & 4) != 0) { int lo = raw.ReadByte(), hi = raw.ReadByte(); raw.Seek(lo | hi << 8, SeekOrigin.Current); }
            if ((flags & 8) != 0) while (raw.ReadByte() > 0) { }
            if ((flags & 16) != 0) while (raw.ReadByte() > 0) { }
            if ((flags & 2) != 0) raw.Seek(2, SeekOrigin.Current);
            uint c = 0xFFFFFFFF;
            long total = 0;
            var buf = new byte[1 << 16];
            using (var inflate = new System.IO.Compression.DeflateStream(raw, System.IO.Compression.CompressionMode.Decompress, true))
            {
                int n;
                try
                {
                    while ((n = inflate.Read(buf, 0, buf.Length)) > 0)
                    {
                        c = Crc32.Update(c, buf, 0, n);
                        total += n;
                        if (total > Common.Limits.Current.GzipMaxDecompressedBytes) return null;
                    }
                }
                catch (Exception e) when (e is InvalidDataException || e is IOException)
                {
                    return "invalid deflate data after " + total + " inflated bytes";
                }
            }
            raw.Seek(-8, SeekOrigin.End);
            var t = new byte[8];
            if (raw.Read(t, 0, 8) != 8) return null;
            uint crc = ReadUInt32(t, 0), size = ReadUInt32(t, 4), computed = ~c;
            if (size == (uint)total && crc != computed)
                return "CRC-32 check failed (the trailer says " + crc.ToString("x8", CultureInfo.InvariantCulture) + ", the data gives " + computed.ToString("x8", CultureInfo.InvariantCulture) + ")";
            if (size != (uint)total && crc == computed)
                return "length check failed (the trailer says " + size + " bytes, the data has " + total + ")";
            if (size != (uint)total)
                return "CRC-32 and length checks failed (the trailer does not describe the " + total + " bytes of data)";
            return null;
        }

        private static uint ReadUInt32(byte[] b, int i) => (uint)(b[i] | b[i + 1] << 8 | b[i + 2] << 16 | b[i + 3] << 24);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inflated.Dispose();
                _compressed.Dispose();
            }
            base.Dispose(disposing);
        }


        /// <summary>The compressed input: how much was read, whether it ended, and its last eight bytes.</summary>
        internal sealed class CountingStream : ReadOnlyStream
        {
            private readonly Stream _inner;
            private readonly byte[] _last = new byte[8];
            private int _lastPos;

            public CountingStream(Stream inner) { _inner = inner; }

            public long Count { get; private set; }
            public bool AtEnd { get; private set; }

            /// <summary>Reading the file itself failed (as opposed to inflating what was read).</summary>
            public bool ReadFailed { get; private set; }

            public byte[] LastEight
            {
                get
                {
                    var r = new byte[8];
                    for (int i = 0; i < 8; i++) r[i] = _last[(_lastPos + i) % 8];
                    return r;
                }
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int n;
                try
                {
                    n = _inner.Read(buffer, offset, count);
                }
                catch (IOException)
                {
                    ReadFailed = true;
                    throw;
                }
                if (n == 0) { AtEnd = true; return 0; }
                Count += n;
                int from = Math.Max(offset, offset + n - 8);
                for (int i = from; i < offset + n; i++)
                {
                    _last[_lastPos] = buffer[i];
                    _lastPos = (_lastPos + 1) % 8;
                }
                return n;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) _inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }

    /// <summary>CRC-32 (IEEE 802.3, reflected 0xEDB88320), as gzip's trailer uses; slicing-by-4 for speed.</summary>
    internal static class Crc32
    {
        private static readonly uint[] T = Build();

        private static uint[] Build()
        {
            var t = new uint[4 * 256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                t[i] = c;
            }
            for (int i = 0; i < 256; i++)
                for (int s = 1; s < 4; s++)
                    t[s * 256 + i] = (t[(s - 1) * 256 + i] >> 8) ^ t[t[(s - 1) * 256 + i] & 0xFF];
            return t;
        }

        public static uint Update(uint crc, byte[] b, int offset, int count)
        {
            int i = offset, end = offset + count;
            while (end - i >= 4)
            {
                crc ^= (uint)(b[i] | b[i + 1] << 8 | b[i + 2] << 16 | b[i + 3] << 24);
                crc = T[3 * 256 + (crc & 0xFF)] ^ T[2 * 256 + ((crc >> 8) & 0xFF)] ^ T[256 + ((crc >> 16) & 0xFF)] ^ T[crc >> 24];
                i += 4;
            }
            while (i < end) crc = T[(crc ^ b[i++]) & 0xFF] ^ (crc >> 8);
            return crc;
        }
    }
}
