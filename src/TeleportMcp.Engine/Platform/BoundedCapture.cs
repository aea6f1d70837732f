using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>
    /// Reads a child's output keeping at most a head and a tail: a program that prints 100 MB of junk costs a bounded
    /// amount of memory, and what is shown still has the beginning and the end (where tctl prints its ERROR line).
    /// </summary>
    public sealed class BoundedCapture
    {
        private readonly int _headLimit;
        private readonly char[] _tail;
        private readonly StringBuilder _head = new StringBuilder();
        private long _tailCount;
        private readonly string? _limit;

        /// <param name="limit">How the marker names the limits that cut the text ("limit ChildStderrHeadChars = 16384, ...").</param>
        public BoundedCapture(int headLimit, int tailLimit, string? limit = null)
        {
            _limit = limit;
            _headLimit = Math.Max(0, headLimit);
            _tail = new char[Math.Max(0, tailLimit)];
        }

        /// <summary>Every character read, kept or not.</summary>
        public long TotalChars { get; private set; }

        public bool Truncated => _tailCount > _tail.Length;

        public void Append(char[] buffer, int count)
        {
            TotalChars += count;
            int i = 0;
            if (_head.Length < _headLimit)
            {
                int take = Math.Min(count, _headLimit - _head.Length);
                _head.Append(buffer, 0, take);
                i = take;
            }
            if (_tail.Length == 0) { _tailCount += count - i; return; }
            for (; i < count; i++)
            {
                _tail[_tailCount % _tail.Length] = buffer[i];
                _tailCount++;
            }
        }

        /// <summary>The text, with a marker naming how much was left out between head and tail.</summary>
        public override string ToString()
        {
            if (_tailCount == 0) return _head.ToString();
            var sb = new StringBuilder(_head.Length + _tail.Length + 80);
            sb.Append(_head);
            long kept = Math.Min(_tailCount, _tail.Length);
            if (Truncated)
                sb.Append("\n… (").Append((_tailCount - kept).ToString(System.Globalization.CultureInfo.InvariantCulture))
                  .Append(" characters left out").Append(_limit == null ? "" : "; " + _limit).Append(") …\n");
            long start = _tailCount - kept;
            for (long k = start; k < _tailCount; k++) sb.Append(_tail[k % _tail.Length]);
            return sb.ToString();
        }

        public static Task<BoundedCapture> ReadAsync(TextReader reader, int headLimit, int tailLimit, string? limit = null) => Task.Run(() =>
        {
            var capture = new BoundedCapture(headLimit, tailLimit, limit);
            var buffer = new char[8192];
            int n;
            while ((n = reader.Read(buffer, 0, buffer.Length)) > 0) capture.Append(buffer, n);
            return capture;
        });

        /// <summary>
        /// Reads a child's output to its end as lines, in fixed-size chunks: each line (ended by LF, which is not part of it)
        /// keeps at most <paramref name="maxLineBytes"/> bytes, cut at a UTF-8 character boundary, and the rest of the line
        /// is counted and dropped, so a program that writes without a newline costs a bounded amount of memory.
        /// <paramref name="line"/> gets each line's text (a CR before the LF stays) and the bytes dropped from it.
        /// </summary>
        /// <returns>Every byte read, kept or not.</returns>
        public static long ReadLines(Stream stream, int maxLineBytes, Action<string, long> line)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            if (line == null) throw new ArgumentNullException(nameof(line));
            int max = Math.Max(0, maxLineBytes);
            var buffer = new byte[8192];
            var kept = new MemoryStream();
            long dropped = 0, total = 0;
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += n;
                int start = 0;
                for (int i = 0; i < n; i++)
                {
                    if (buffer[i] != (byte)'\n') continue;
                    Keep(buffer, start, i - start);
                    Emit();
                    start = i + 1;
                }
                Keep(buffer, start, n - start);
            }
            if (kept.Length > 0 || dropped > 0) Emit();
            return total;

            void Keep(byte[] from, int offset, int count)
            {
                int take = (int)Math.Min(count, max - kept.Length);
                kept.Write(from, offset, take);
                dropped += count - take;
            }

            void Emit()
            {
                var bytes = kept.GetBuffer();
                int length = (int)kept.Length;
                if (dropped > 0)
                {
                    // A character the cut split goes with the dropped part: its lead byte and what follows it are not kept.
                    int lead = length - 1;
                    while (lead >= 0 && length - lead <= 3 && (bytes[lead] & 0xC0) == 0x80) lead--;
                    if (lead >= 0 && bytes[lead] >= 0xC0)
                    {
                        int size = bytes[lead] >= 0xF0 ? 4 : bytes[lead] >= 0xE0 ? 3 : 2;
                        if (lead + size > length)
                        {
                            dropped += length - lead;
                            length = lead;
                        }
                    }
                }
                line(Utf8.GetString(bytes, 0, length), dropped);
                kept.SetLength(0);
                dropped = 0;
            }
        }

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        /// <summary>
        /// A text cut to its first <paramref name="max"/> characters and "...", redacted before the cut (see <see cref="Shorten(string, Common.Limits)"/>);
        /// a text short enough is returned as it is, for the message it goes into is redacted whole.
        /// </summary>
        public static string Cut(string text, int max) => text.Length <= max ? text : RedactAndCut(text, max);

        /// <summary>A text redacted, whatever its length, and then cut as <see cref="Cut"/> cuts: for a text kept apart from any message (redacted once, before the cut).</summary>
        public static string RedactAndCut(string text, int max)
        {
            text = Output.Redactor.Redact(text);
            return text.Length <= max ? text : text.Substring(0, max) + "...";
        }

        /// <summary>A text cut to its first and last characters around a marker, for messages (at most <see cref="Common.Limits.ChildMessageChars"/>).</summary>
        [return: NotNullIfNotNull("text")]
        public static string? Shorten(string? text) => Shorten(text, Common.Limits.Current);

        [return: NotNullIfNotNull("text")]
        public static string? Shorten(string? text, Common.Limits limits)
        {
            int max = limits.ChildMessageChars;
            if (text == null || text.Length <= max) return text;
            // Redacted before the cut: a secret the cut splits would leave a piece shorter than its rule knows.
            text = Output.Redactor.Redact(text);
            if (text.Length <= max) return text;
            int head = max * 2 / 3, tail = max - head;
            return text.Substring(0, head) + " … (" + (text.Length - max).ToString(System.Globalization.CultureInfo.InvariantCulture) +
                   " characters left out; " + limits.Describe(nameof(Common.Limits.ChildMessageChars)) + ") … " + text.Substring(text.Length - tail);
        }
    }
}
