namespace TeleportMcp.Engine.Common
{
    /// <summary>The text of one line of an input, for an error that shows where in the line it is.</summary>
    public static class SourceText
    {
        /// <summary>Line <paramref name="line"/> (1-based) of the text without its line break, secrets masked; null when there is no such line.</summary>
        public static string? LineAt(string? text, int line)
        {
            if (text == null || line <= 0) return null;
            int start = 0;
            for (int n = 1; n < line; n++)
            {
                int next = text.IndexOf('\n', start);
                if (next < 0) return null;
                start = next + 1;
            }
            int end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            if (end > start && text[end - 1] == '\r') end--;
            return Shown(text.Substring(start, end - start));
        }

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
    }
}
