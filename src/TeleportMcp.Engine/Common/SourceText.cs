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
            return Output.Redactor.Redact(text.Substring(start, end - start));
        }
    }
}
