namespace TeleportMcp.Engine.Common
{
    /// <summary>The text of one line of an input, for an error that shows where in the line it is.</summary>
    public static class SourceText
    {
        /// <summary>Line <paramref name="line"/> (1-based) of the text without its line break, secrets masked; null when there is no such line.</summary>
        public static string? LineAt(string? text, int line) => text == null ? null : new Lines(text).Shown(line);

        /// <summary>A line for an error: secrets masked, then cut to <see cref="Limits.ShownLineChars"/> (redacted before the cut, so no secret is half shown).</summary>
        public static string Shown(string line)
        {
            var redacted = Output.Redactor.Redact(line.TrimEnd('\r'));
            var limits = Limits.Current;
            int max = limits.ShownLineChars;
            if (redacted.Length <= max) return redacted;
            int cut = max;
            if (cut > 0 && char.IsHighSurrogate(redacted[cut - 1])) cut--;
            return redacted.Substring(0, cut) + "... (" + line.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters; " + limits.Describe(nameof(Limits.ShownLineChars)) + ")";
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
