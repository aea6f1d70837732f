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
