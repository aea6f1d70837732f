using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Common;

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
    /// A sink that reads the rest of a line longer than <see cref="LogFileReader.MaxLineChars"/> in pieces, after the line
    /// was fed cut at the limit: the reader never holds the whole line.
    /// </summary>
    public interface ILongLineSink : ILineSink
    {
        /// <summary>
        /// A line longer than the limit, instead of <see cref="ILineSink.FeedLine"/>: <paramref name="buf"/> holds its first
        /// <paramref name="length"/> characters from <paramref name="start"/>; the first <paramref name="cut"/> of them are
        /// the line as a sink that reads no more would take it (cut before the word the limit falls in).
        /// </summary>
        void LongLineStart(char[] buf, int start, int length, int cut);

        /// <summary>The next characters of the long line.</summary>
        void LongLineRest(char[] buf, int start, int length);

        /// <summary>The long line ended (at its '\n' or the end of input).</summary>
        void LongLineEnd();
    }

    /// <summary>
    /// A sink that is told when the line it was just fed (or counted as skipped) was longer than
    /// <see cref="LogFileReader.MaxLineChars"/> and cut there, its rest passed over: what it holds of that line is not all of it.
    /// </summary>
    public interface ICutLineSink : ILineSink
    {
        /// <summary>The last line fed or skipped was cut at the limit.</summary>
        void LineCut();
    }

    /// <summary>
    /// A sink that wants only the lines holding one of a few ASCII literals, so the reader need not decode the others: in
    /// UTF-8 input it finds the literals in the raw bytes and reports the lines in between as a count.
    /// </summary>
    public interface ILiteralLineSink : ILineSink
    {
        /// <summary>The literals (ASCII): every wanted line contains at least one.</summary>
        LiteralSet RequiredLiterals { get; }

        /// <summary>False while the sink needs every line (an object spread over lines); the reader then feeds each one.</summary>
        bool CanSkipLines { get; }

        /// <summary>Lines passed over without the literal.</summary>
        void SkipLines(long count);
    }

    /// <summary>A literal sink that reads a wanted UTF-8 line from its raw bytes, so the reader does not decode it first.</summary>
    public interface IUtf8LineSink : ILiteralLineSink
    {
        /// <summary>One line of UTF-8 without its '\n'; the buffer is reused after the call returns.</summary>
        void FeedUtf8Line(byte[] buf, int start, int length);
    }

    /// <summary>
    /// Streams a log file into an <see cref="ILineSink"/> (the <see cref="LogScanner"/>, the audit event reader): gzip is detected by its magic bytes, the encoding by its
    /// BOM (UTF-8, UTF-16 LE/BE; no BOM means UTF-8, or UTF-16 LE when every other byte is zero). The file is opened
    /// with FileShare.ReadWrite | Delete so a writer (or log rotation) is never locked out. Memory stays bounded: the
    /// line buffer grows only up to <see cref="MaxLineChars"/>; a longer line is cut there (<see cref="CutBefore(char[], int, int)"/>)
    /// and the rest of it, up to its '\n', is passed over: it is still one line, so the line numbers after it stay right,
    /// and the tail of a token the cut split never starts a line of its own, where no redaction rule would know it. Compressed input is bounded too (size and ratio, <see cref="GzipGuard"/>), and a truncated or corrupt
    /// gzip file is reported as such after the lines before the damage were scanned.
    /// </summary>
    public static class LogFileReader
    {
        /// <summary>Longest line kept whole (in characters): 12 Mi, so 10 MB lines are read in one piece.</summary>
        public const int MaxLineChars = 12 * 1024 * 1024;
        private const int ByteBufferSize = 1 << 16;
        private const int InitialCharBuffer = 1 << 18;

        /// <summary>How far back from the limit a cut looks for the start of the word it would split.</summary>
        internal const int CutSearch = 64 * 1024;

        /// <summary>
        /// Where a line longer than the limit ends: before the word the limit falls in (after the last white space, quote,
        /// comma, '=' or ':' within <see cref="CutSearch"/>), so no part of a token is kept without the rest of it.
        /// </summary>
        internal static int CutBefore(char[] chars, int start, int end)
        {
            for (int i = end - 1; i >= start && i >= end - CutSearch; i--)
                if (IsWordEnd(chars[i])) return i + 1;
            return end;
        }

        /// <summary>The same cut in UTF-8 bytes; without a delimiter, never inside a character's bytes.</summary>
        internal static int CutBefore(byte[] bytes, int start, int end)
        {
            for (int i = end - 1; i >= start && i >= end - CutSearch; i--)
                if (bytes[i] < 0x80 && IsWordEnd((char)bytes[i])) return i + 1;
            int p = end;
            while (p > start && (bytes[p - 1] & 0xC0) == 0x80) p--;
            if (p == start || bytes[p - 1] < 0xC0) return end;
            // bytes[p - 1] leads a character: the cut goes before it when its bytes run past the end.
            int lead = p - 1;
            int length = bytes[lead] >= 0xF0 ? 4 : bytes[lead] >= 0xE0 ? 3 : 2;
            return lead + length > end && lead > start ? lead : end;
        }

        private static bool IsWordEnd(char c) => char.IsWhiteSpace(c) || c == '"' || c == '\'' || c == ',' || c == '=' || c == ':';

        /// <summary>Opens a log for reading; a FIFO, device or socket is refused before opening (it would block or never end).</summary>
        public static Stream OpenShared(string path)
        {
            var special = FileSystem.FileWalker.RefuseSpecial(path);
            if (special != null) throw new LogReadException(special);
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, ByteBufferSize, FileOptions.SequentialScan);
        }

        public static void Scan(string path, ILineSink scanner)
        {
            using (var s = OpenShared(path)) Scan(s, scanner);
        }

        /// <summary>
        /// Scans a file; <paramref name="progress"/> gets (bytes of the file read, file length) after each buffer, and
        /// the token is checked there, so a stop takes effect within one 64 KiB buffer (gzip: bytes of the compressed file).
        /// </summary>
        public static void Scan(string path, ILineSink scanner, Action<long, long>? progress, CancellationToken ct) => Scan(path, scanner, progress, false, ct);

        /// <param name="readAhead">Inflate a .gz on a worker thread while the calling thread scans what was inflated
        /// (a plain file is read by the calling thread). Progress then says where the file was when the block being
        /// scanned was inflated.</param>
        public static void Scan(string path, ILineSink scanner, Action<long, long>? progress, bool readAhead, CancellationToken ct)
        {
            using (var s = OpenShared(path)) Scan(s, scanner, progress, readAhead, ct);
        }

        public static void Scan(Stream raw, ILineSink scanner) => Scan(raw, scanner, null, CancellationToken.None);

        public static void Scan(Stream raw, ILineSink scanner, Action<long, long>? progress, CancellationToken ct) => Scan(raw, scanner, progress, false, ct);

        public static void Scan(Stream raw, ILineSink scanner, Action<long, long>? progress, bool readAhead, CancellationToken ct)
        {
            long total = raw.CanSeek ? raw.Length : -1;
            var bytes = new byte[ByteBufferSize];
            int have = Fill(raw, bytes, 0, 10);
            if (have >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
            {
                GzipGuard.CheckHeader(bytes, have);
                var prefix = new byte[have];
                Array.Copy(bytes, prefix, have);
                var compressed = new GzipGuard.CountingStream(new PrefixedStream(prefix, raw));
                using (var inflated = new GzipGuard(new GZipStream(compressed, CompressionMode.Decompress), compressed, raw))
                {
                    have = Fill(inflated, bytes, 0, 4);
                    ScanDecoded(raw, total, inflated, bytes, have, scanner, progress, readAhead, ct);
                }
                return;
            }
            ScanDecoded(raw, total, raw, bytes, have, scanner, progress, readAhead, ct);
        }

        /// <param name="raw">The file as opened (its position is the progress).</param>
        /// <param name="stream">The bytes to scan: raw itself, or what a gzip file inflates to.</param>
        /// <param name="readAhead">Whether an inflating <paramref name="stream"/> is read on a worker thread (<see cref="ReadAheadStream"/>).</param>
        private static void ScanDecoded(Stream raw, long total, Stream stream, byte[] bytes, int have, ILineSink scanner, Action<long, long>? progress, bool readAhead, CancellationToken ct)
        {
            Func<long> position = () => raw.CanSeek ? raw.Position : -1;
            // Only inflation is worth a thread of its own: reading a cached plain file costs less than handing its blocks over.
            if (!readAhead || ReferenceEquals(stream, raw))
            {
                ScanDecoded(position, total, stream, bytes, have, scanner, progress, ct);
                return;
            }
            using (var ahead = new ReadAheadStream(stream, position, ct))
                ScanDecoded(() => ahead.SourcePosition, total, ahead, bytes, have, scanner, progress, ct);
        }

        /// <param name="position">Bytes of the file read so far (the progress).</param>
        /// <param name="stream">The bytes to scan after the first <paramref name="have"/> in <paramref name="bytes"/>.</param>
        private static void ScanDecoded(Func<long> position, long total, Stream stream, byte[] bytes, int have, ILineSink scanner, Action<long, long>? progress, CancellationToken ct)
        {
            int skip;
            have = SniffFill(ref stream, bytes, have, Math.Min(TextSniffBytes, bytes.Length));
            have = SkipLeadingPadding(ref stream, bytes, have, progress == null ? null : (Action)(() => progress(position(), total)), ct, out long padding);
            var encoding = DetectEncoding(bytes, have, out skip);
            RefuseBinary(encoding, bytes, skip, have, padding);
            if (scanner is ILiteralLineSink filtered && encoding is UTF8Encoding)
            {
                ScanUtf8Filtered(stream, bytes, skip, have - skip, filtered, progress == null ? null : (Action)(() => progress(position(), total)), ct);
                return;
            }
            var decoder = encoding.GetDecoder();
            var longSink = scanner as ILongLineSink;

            var chars = new char[InitialCharBuffer];
            int lineStart = 0, filled = 0;
            int bytesStart = skip, bytesCount = have - skip;
            bool eof = false;
            bool passingOver = false; // the rest of a line that was cut
            while (true)
            {
                if (bytesCount == 0 && !eof)
                {
                    ct.ThrowIfCancellationRequested();
                    bytesStart = 0;
                    bytesCount = stream.Read(bytes, 0, bytes.Length);
                    if (bytesCount == 0) eof = true;
                    progress?.Invoke(position(), total);
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
                            // A line longer than the limit: up to the word the limit falls in is the line (what was decoded past
                            // the limit holds no '\n', or the line would have ended).
                            if (!passingOver)
                            {
                                int cut = CutBefore(chars, 0, Math.Min(filled, MaxLineChars));
                                if (longSink != null) longSink.LongLineStart(chars, 0, filled, cut);
                                else
                                {
                                    scanner.FeedLine(chars, 0, cut);
                                    (scanner as ICutLineSink)?.LineCut();
                                }
                            }
                            else longSink?.LongLineRest(chars, 0, filled);
                            filled = 0;
                            passingOver = true;
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
                if (passingOver)
                {
                    int end = Array.IndexOf(chars, '\n', pos, filled - pos);
                    if (end < 0)
                    {
                        longSink?.LongLineRest(chars, pos, filled - pos);
                        filled = 0;
                        if (eof)
                        {
                            longSink?.LongLineEnd();
                            break;
                        }
                        continue;
                    }
                    longSink?.LongLineRest(chars, pos, end - pos);
                    longSink?.LongLineEnd();
                    passingOver = false;
                    lineStart = end + 1;
                    pos = lineStart;
                }
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

        /// <summary>
        /// UTF-8 with a literal filter: lines are split in the raw bytes; only lines holding the literal (or every line
        /// while the sink cannot skip) are decoded and fed; the others are counted. Lines longer than the limit are cut
        /// there, as in the decoding path.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(LiteralSearch.Hot)]
        private static void ScanUtf8Filtered(Stream stream, byte[] first, int firstStart, int firstCount, ILiteralLineSink sink, Action? progress, CancellationToken ct)
        {
            var literal = sink.RequiredLiterals;
            var utf8 = new UTF8Encoding(false, false);
            int maxLineBytes = MaxLineChars;
            var buf = new byte[1 << 22];
            var chars = new char[1 << 16];
            Array.Copy(first, firstStart, buf, 0, firstCount);
            int start = 0, filled = firstCount;
            bool eof = false;
            bool passingOver = false; // the rest of a line that was cut
            while (true)
            {
                if (!eof)
                {
                    if (buf.Length - filled < ByteBufferSize)
                    {
                        if (start > 0)
                        {
                            Array.Copy(buf, start, buf, 0, filled - start);
                            filled -= start;
                            start = 0;
                        }
                        if (buf.Length - filled < ByteBufferSize)
                        {
                            var bigger = new byte[Math.Min(buf.Length * 2, maxLineBytes + 2 * ByteBufferSize)];
                            Array.Copy(buf, bigger, filled);
                            buf = bigger;
                        }
                    }
                    ct.ThrowIfCancellationRequested();
                    int n = buf.Length - filled < ByteBufferSize ? 0 : stream.Read(buf, filled, buf.Length - filled);
                    progress?.Invoke();
                    if (n == 0 && buf.Length - filled >= ByteBufferSize) eof = true;
                    filled += n;
                }
                if (passingOver)
                {
                    int rest = Array.IndexOf(buf, (byte)'\n', start, filled - start);
                    if (rest < 0)
                    {
                        start = filled;
                        if (eof) break;
                        continue;
                    }
                    passingOver = false;
                    start = rest + 1;
                }
                // The complete lines in [start, end): up to the last '\n', or everything at the end of the input.
                int lastNl = LastIndexOf(buf, (byte)'\n', start, filled - start);
                int end = eof ? filled : lastNl + 1;
                if (!eof && lastNl < 0 && filled - start >= maxLineBytes)
                {
                    // A line longer than the limit: up to the word the limit falls in is the line, the rest is passed over.
                    FeedRange(buf, start, CutBefore(buf, start, start + maxLineBytes), literal, sink, utf8, ref chars);
                    (sink as ICutLineSink)?.LineCut();
                    start = filled;
                    passingOver = true;
                    continue;
                }
                if (end > start)
                {
                    start = FeedRange(buf, start, end, literal, sink, utf8, ref chars);
                }
                if (eof) break;
            }
            sink.Flush();
        }

        /// <summary>Feeds or counts the lines in buf[start, end) (the last one may lack its '\n' only at the end of input or when cut).</summary>
        [System.Runtime.CompilerServices.MethodImpl(LiteralSearch.Hot)]
        private static int FeedRange(byte[] buf, int start, int end, LiteralSet literal, ILiteralLineSink sink, UTF8Encoding utf8, ref char[] chars)
        {
            int pos = start;
            while (pos < end)
            {
                if (sink.CanSkipLines)
                {
                    int hit = literal.IndexOf(buf, pos, end - pos);
                    int skipTo = hit < 0 ? end : LastIndexOf(buf, (byte)'\n', pos, hit - pos) + 1;
                    if (hit >= 0 && skipTo == 0) skipTo = pos;
                    if (skipTo > pos)
                    {
                        // Lines without the literal are counted; one that is not a JSON object line is still fed, so
                        // the sink can report it (its line number stays right).
                        long count = 0;
                        int p = pos;
                        while (p < skipTo)
                        {
                            int nl = Array.IndexOf(buf, (byte)'\n', p, skipTo - p);
                            int lineStop = nl < 0 ? skipTo : nl;
                            if (LooksLikeObjectLine(buf, p, lineStop)) count++;
                            else
                            {
                                if (count > 0) sink.SkipLines(count);
                                count = 0;
                                Feed(buf, p, lineStop, sink, utf8, ref chars);
                            }
                            if (nl < 0) break;
                            p = nl + 1;
                        }
                        if (count > 0) sink.SkipLines(count);
                        pos = skipTo;
                        if (pos >= end) break;
                        if (!sink.CanSkipLines) continue;
                    }
                }
                int lineEnd = Array.IndexOf(buf, (byte)'\n', pos, end - pos);
                Feed(buf, pos, lineEnd < 0 ? end : lineEnd, sink, utf8, ref chars);
                pos = lineEnd < 0 ? end : lineEnd + 1;
            }
            return end;
        }

        [System.Runtime.CompilerServices.MethodImpl(LiteralSearch.Hot)]
        private static void Feed(byte[] buf, int start, int stop, ILineSink sink, UTF8Encoding utf8, ref char[] chars)
        {
            if (sink is IUtf8LineSink raw)
            {
                raw.FeedUtf8Line(buf, start, stop - start);
                return;
            }
            int need = utf8.GetMaxCharCount(stop - start);
            if (chars.Length < need) chars = new char[Math.Max(need, chars.Length * 2)];
            int n = utf8.GetChars(buf, start, stop - start, chars, 0);
            sink.FeedLine(chars, 0, n);
        }

        /// <summary>A blank line, or one that starts with '{' and ends with '}' (spaces and '\r' aside).</summary>
        [System.Runtime.CompilerServices.MethodImpl(LiteralSearch.Hot)]
        private static bool LooksLikeObjectLine(byte[] buf, int start, int stop)
        {
            while (start < stop && (buf[start] == ' ' || buf[start] == '\t')) start++;
            while (stop > start && (buf[stop - 1] == ' ' || buf[stop - 1] == '\t' || buf[stop - 1] == '\r')) stop--;
            return start == stop || (buf[start] == '{' && buf[stop - 1] == '}');
        }

        private static int LastIndexOf(byte[] buf, byte value, int start, int length) =>
            length <= 0 ? -1 : Array.LastIndexOf(buf, value, start + length - 1, length);

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

        /// <summary>
        /// Reads the start of a log for the text check. A read that fails there (a corrupt .gz, a second gzip member .NET
        /// Framework does not inflate) fails at the next read instead, so the lines before it are scanned as they always were.
        /// </summary>
        private static int SniffFill(ref Stream stream, byte[] buf, int have, int min)
        {
            while (have < min)
            {
                int n;
                try
                {
                    n = stream.Read(buf, have, buf.Length - have);
                }
                catch (Exception e) when (FileSystem.ReadFailure.Is(e))
                {
                    stream = new FailedStream(System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e));
                    break;
                }
                if (n == 0) break;
                have += n;
            }
            return have;
        }

        private sealed class FailedStream : ReadOnlyStream
        {
            private readonly System.Runtime.ExceptionServices.ExceptionDispatchInfo _failure;

            public FailedStream(System.Runtime.ExceptionServices.ExceptionDispatchInfo failure) => _failure = failure;

            public void Throw() => _failure.Throw();

            public override int Read(byte[] buffer, int offset, int count)
            {
                _failure.Throw();
                return 0;
            }
        }

        /// <summary>Bytes at the start of a log looked at for its encoding and for binary data.</summary>
        internal const int TextSniffBytes = 8000;

        /// <summary>
        /// A run of NUL bytes at least this long is padding, not binary data: the blocks a file system gives a file whose
        /// data never reached the disk (a crash), and the hole logrotate's copytruncate leaves before what the writer
        /// appends at its old offset. Binary formats hold shorter runs among bytes that are no text.
        /// </summary>
        internal const int PaddingRunBytes = 512;

        /// <summary>
        /// Drops the NUL bytes a log starts with (copytruncate's hole, read as zeros however long it is) and refills the
        /// start for the text check; the text after them is line 1, as grep counts it. A log that is only NULs is no log.
        /// </summary>
        private static int SkipLeadingPadding(ref Stream stream, byte[] bytes, int have, Action? progress, CancellationToken ct, out long skipped)
        {
            skipped = 0;
            // Fewer leading NULs are UTF-16BE or UTF-32BE text without a BOM, or binary data; a shorter log was read whole.
            int leadingRun = Math.Min(16, have);
            if (leadingRun == 0) return have;
            for (int i = 0; i < leadingRun; i++)
                if (bytes[i] != 0) return have;
            while (true)
            {
                int first = 0;
                while (first < have && bytes[first] == 0) first++;
                skipped += first;
                if (first < have)
                {
                    Array.Copy(bytes, first, bytes, 0, have - first);
                    return SniffFill(ref stream, bytes, have - first, Math.Min(TextSniffBytes, bytes.Length));
                }
                ct.ThrowIfCancellationRequested();
                have = SniffFill(ref stream, bytes, 0, 1);
                progress?.Invoke();
                // A read that failed after the NULs is that failure, not the end of the file.
                if (have == 0 && stream is FailedStream failed) failed.Throw();
                if (have == 0)
                    throw new LogReadException("it holds only NUL bytes (" + skipped.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                                               "), the blocks of a log whose text never reached the disk; there is nothing to read");
            }
        }

        /// <summary>
        /// A log read as UTF-8 whose first <see cref="TextSniffBytes"/> bytes hold a NUL (git's rule for binary files), or
        /// of which more than a tenth are no text (invalid UTF-8, control characters other than tab, line ends and the
        /// escape of terminal colours), is not a log: read as lines it would pass as a clean one. UTF-16 and UTF-32 hold
        /// NULs and are decoded as such; a few stray bytes of another code page stay a log.
        /// </summary>
        /// <param name="offset">Bytes of the file before <paramref name="bytes"/> (the leading padding skipped), for the position named.</param>
        private static void RefuseBinary(Encoding encoding, byte[] bytes, int start, int end, long offset)
        {
            if (!(encoding is UTF8Encoding)) return;
            int stop = start + Math.Max(0, Math.Min(end, start + TextSniffBytes) - start);
            var utf8 = new UTF8Encoding(false, false);
            int bad = 0, chars = 0;
            int from = start;
            while (from < stop)
            {
                int nul = Array.IndexOf(bytes, (byte)0, from, stop - from);
                int segmentEnd = nul < 0 ? stop : nul;
                // A character cut by the end of the block decodes as one replacement: not counted.
                string text = utf8.GetString(bytes, from, segmentEnd - from);
                for (int i = 0; i < text.Length; i++)
                {
                    char c = text[i];
                    if ((c == '\uFFFD' && (segmentEnd < stop || i < text.Length - 3)) || (c < ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != '\u001b') || c == '\u007f') bad++;
                }
                chars += text.Length;
                if (nul < 0) break;
                int run = nul;
                while (run < stop && bytes[run] == 0) run++;
                // A run that reaches the end of what was looked at may go on past it: the bytes before it are still judged.
                if (run - nul < PaddingRunBytes && run < stop)
                    throw new LogReadException("it is not a text log: byte " + (offset + nul).ToString(System.Globalization.CultureInfo.InvariantCulture) +
                                               " is NUL (binary data, or an encoding other than UTF-8, UTF-16 and UTF-32); nothing of it was read");
                from = run;
            }
            if (bad >= 4 && bad * 10 > chars)
                throw new LogReadException("it is not a text log: " + bad.ToString(System.Globalization.CultureInfo.InvariantCulture) + " of its first " +
                                           chars.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters are not text (binary data, or an encoding other than UTF-8, UTF-16 and UTF-32); nothing of it was read");
        }

        internal static Encoding DetectEncoding(byte[] b, int n, out int bomLength)
        {
            bomLength = 0;
            // UTF-32 first: its little-endian BOM starts with UTF-16's.
            if (n >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
            {
                bomLength = 4;
                return new UTF32Encoding(false, false, false);
            }
            if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)
            {
                bomLength = 4;
                return new UTF32Encoding(true, false, false);
            }
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
            // Without a BOM, ASCII text shows the encoding in its first character's bytes.
            if (n >= 8 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0 && b[4] != 0 && b[5] == 0 && b[6] == 0 && b[7] == 0)
                return new UTF32Encoding(false, false, false);
            if (n >= 8 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] != 0)
                return new UTF32Encoding(true, false, false);
            if (n >= 4 && b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0)
                return new UnicodeEncoding(false, false, false);
            if (n >= 4 && b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0)
                return new UnicodeEncoding(true, false, false);
            return new UTF8Encoding(false, false);
        }

        /// <summary>The bytes already read to sniff the format, then the rest of the stream.</summary>
        private sealed class PrefixedStream : ReadOnlyStream
        {
            private readonly byte[] _prefix;
            private int _pos;
            [SuppressMessage("Usage", "CA2213:Disposable fields should be disposed", Justification = "the file stream belongs to the caller of Scan(Stream)")]
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

        }
    }
}
