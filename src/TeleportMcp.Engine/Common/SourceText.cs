using System;

namespace TeleportMcp.Engine.Common
{
    /// <summary>The text of one line of an input, for an error that shows where in the line it is.</summary>
    public static class SourceText
    {
        /// <summary>Line <paramref name="line"/> (1-based) of the text without its line break, secrets masked; null when there is no such line.</summary>
        public static string? LineAt(string? text, int line) => text == null ? null : new Lines(text).Shown(line);

        /// <summary>A line for an error: secrets masked, then cut to <see cref="Limits.ShownLineChars"/> (redacted before the cut, so no secret is half shown).</summary>
        public static string Shown(string line) => Cut(Output.Redactor.Redact(line.TrimEnd('\r')), line.Length, false);

        // A long line's head only is redacted (a line may be hundreds of MiB): more than is shown, so that a secret that
        // starts in the part shown is redacted whole unless it is longer than this.
        internal const int RedactedBeyondShown = 64 * 1024;

        /// <summary>As <see cref="Shown(string)"/> for text[start, start + length), copying and redacting only its head when it is long.</summary>
        public static string Shown(string text, int start, int length)
        {
            int take = Math.Min(Head(length), text.Length - start);
            return take == length ? Shown(text.Substring(start, length)) : Cut(Output.Redactor.Redact(text.Substring(start, take)), length, true);
        }

        /// <summary>As <see cref="Shown(string)"/> for buf[start, start + length), copying and redacting only its head when it is long.</summary>
        public static string Shown(char[] buf, int start, int length)
        {
            int take = Head(length);
            return take == length ? Shown(new string(buf, start, length)) : Cut(Output.Redactor.Redact(new string(buf, start, take)), length, true);
        }

        private static int Head(int length) => (int)Math.Min(length, (long)Limits.Current.ShownLineChars + RedactedBeyondShown);

        private static string Cut(string redacted, int length, bool headOnly)
        {
            var limits = Limits.Current;
            int max = limits.ShownLineChars;
            if (redacted.Length <= max && !headOnly) return redacted;
            int cut = Math.Min(max, redacted.Length);
            if (cut > 0 && char.IsHighSurrogate(redacted[cut - 1])) cut--;
            return redacted.Substring(0, cut) + "... (" + length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters; " + limits.Describe(nameof(Limits.ShownLineChars)) + ")";
        }

        /// <summary>
        /// Lines of one text by number, without splitting the whole text. Errors mostly come in file order, so it walks
        /// forward from the line asked last (and starts over for an earlier one).
        /// </summary>
        public sealed class Lines
        {
            private readonly string _text;
            private int _line = 1;
            private int _start;

            public Lines(string text) => _text = text ?? "";

            /// <summary>Line <paramref name="line"/> (1-based) as it is, without its line break; null when there is no such line.</summary>
            public string? Line(int line)
            {
                if (line <= 0) return null;
                if (line < _line)
                {
                    _line = 1;
                    _start = 0;
                }
                while (_line < line)
                {
                    int nl = _text.IndexOf('\n', _start);
                    if (nl < 0) return null;
                    _start = nl + 1;
                    _line++;
                }
                int end = _text.IndexOf('\n', _start);
                if (end < 0) end = _text.Length;
                if (end > _start && _text[end - 1] == '\r') end--;
                return _text.Substring(_start, end - _start);
            }

            /// <summary>The line for an error (<see cref="SourceText.Shown"/>); null when there is no such line.</summary>
            public string? Shown(int line)
            {
                var text = Line(line);
                return text == null ? null : SourceText.Shown(text);
            }
        }
    }
}
