using System.Collections.Generic;

namespace TeleportMcp.Engine.Common
{
    /// <summary>The lines of one piped string (Get-Content -Raw, a here-string, a native command's output line).</summary>
    public static class TextLines
    {
        /// <summary>The text split at '\n'; the empty line after a final line break is not a line. A text without a break is one line, even when empty.</summary>
        public static IEnumerable<string> Of(string? text)
        {
            text ??= "";
            int start = 0;
            while (true)
            {
                int nl = text.IndexOf('\n', start);
                if (nl < 0)
                {
                    if (start == 0 || start < text.Length) yield return text.Substring(start);
                    yield break;
                }
                yield return text.Substring(start, nl - start);
                start = nl + 1;
            }
        }
    }
}
