namespace TeleportMcp.Engine.Logs
{
    /// <summary>
    /// The ERROR REPORT block of a trace error in Teleport's text logs. lib/utils/log/handle_state.go appendAttr writes a
    /// trace.Error value as "[" + DebugReport() + "]" (any level; a plain error is written "[%v]" and quoted, a JSON log
    /// writes err.Error()), and gravitational/trace renders DebugReport through html/template (trace.go reportTemplate;
    /// TestDebugReportMatchesDebugReportHTML keeps later builds byte-identical), so every line of the block after
    /// "ERROR REPORT:" carries html/template's text escapes: exec: &amp;#34;npx&amp;#34;: executable file not found.
    /// </summary>
    internal static class DebugReportText
    {
        /// <summary>The first line of the block (reportTemplateText starts with a line break, so it is never on the stamped line).</summary>
        public const string Header = "ERROR REPORT:";

        public static bool IsHeader(char[] buf, int start, int length)
        {
            if (length != Header.Length) return false;
            for (int i = 0; i < length; i++)
                if (buf[start + i] != Header[i]) return false;
            return true;
        }

        /// <summary>
        /// Undoes html/template's htmlReplacementTable (html/template/html.go): &amp;#34; &amp;#39; &amp;#43; &amp;lt; &amp;gt;
        /// &amp;amp; become " ' + &lt; &gt; &amp; again, in one pass left to right (the exact inverse, since the escaper
        /// turned a written "&amp;lt;" into "&amp;amp;lt;"). Nothing else is read as an entity, so no control character
        /// can come out of it (the table's NUL stays U+FFFD). Returns the decoded length in <paramref name="scratch"/>,
        /// or -1 when the line holds no '&amp;' and can be used as it is.
        /// </summary>
        public static int Unescape(char[] buf, int start, int length, ref char[] scratch)
        {
            int end = start + length;
            int amp = System.Array.IndexOf(buf, '&', start, length);
            if (amp < 0) return -1;
            if (scratch.Length < length) scratch = new char[System.Math.Max(length, scratch.Length * 2)];
            int n = amp - start;
            System.Array.Copy(buf, start, scratch, 0, n);
            for (int i = amp; i < end; i++)
            {
                char c = buf[i];
                if (c == '&')
                {
                    int used = Entity(buf, i, end, out char decoded);
                    if (used > 0)
                    {
                        scratch[n++] = decoded;
                        i += used - 1;
                        continue;
                    }
                }
                scratch[n++] = c;
            }
            return n;
        }

        private static int Entity(char[] b, int i, int end, out char decoded)
        {
            decoded = '\0';
            if (Is(b, i, end, "&#34;")) { decoded = '"'; return 5; }
            if (Is(b, i, end, "&#39;")) { decoded = '\''; return 5; }
            if (Is(b, i, end, "&#43;")) { decoded = '+'; return 5; }
            if (Is(b, i, end, "&lt;")) { decoded = '<'; return 4; }
            if (Is(b, i, end, "&gt;")) { decoded = '>'; return 4; }
            if (Is(b, i, end, "&amp;")) { decoded = '&'; return 5; }
            return 0;
        }

        private static bool Is(char[] b, int i, int end, string entity)
        {
            if (end - i < entity.Length) return false;
            for (int k = 1; k < entity.Length; k++)
                if (b[i + k] != entity[k]) return false;
            return true;
        }
    }
}
