using System;
using System.Text;

namespace TeleportMcp.Engine.Output
{
    /// <summary>
    /// Text placed in a Markdown report: redacted, control characters escaped, and nothing in it can become HTML,
    /// a link, an image or formatting when the report is rendered.
    /// </summary>
    public static class MarkdownText
    {
        private const string Special = "\\`*_[]()#!|~";

        /// <summary>For running text: every Markdown and HTML special character is escaped; line breaks become spaces
        /// unless <paramref name="keepLines"/>.</summary>
        public static string Inline(string? text, bool keepLines = false)
        {
            if (text == null || text.Length == 0) return text ?? "";
            text = OutputText.Safe(text);
            var sb = new StringBuilder(text.Length + 16);
            foreach (char c in text)
            {
                switch (c)
                {
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '&': sb.Append("&amp;"); break;
                    case '"': sb.Append("&quot;"); break;
                    case '\r': break;
                    case '\n': sb.Append(keepLines ? "  \n" : " "); break;
                    default:
                        if (Special.IndexOf(c) >= 0) sb.Append('\\');
                        sb.Append(c);
                        break;
                }
            }
            return sb.ToString();
        }

        /// <summary>A fenced code block whose fence no line of the text can close.</summary>
        public static string CodeBlock(string? text, string language)
        {
            text = OutputText.Safe(text ?? "");
            int longest = 0, run = 0;
            foreach (char c in text)
            {
                run = c == '`' || c == '~' ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }
            string fence = new string('`', Math.Max(3, longest + 1));
            return fence + language + "\n" + text.TrimEnd('\n') + "\n" + fence;
        }
    }
}
