using System.Globalization;
using System.Text;

namespace TeleportMcp.Engine.Common
{
    /// <summary>Go's formatting of values in messages, so texts we reproduce match Teleport's byte for byte.</summary>
    public static class GoText
    {
        /// <summary>Go's %q of a string (strconv.Quote): double quotes, escapes for control, special and non-printable characters.</summary>
        public static string Quote(string? s)
        {
            s = s ?? "";
            int plain = 0;
            while (plain < s.Length && s[plain] >= ' ' && s[plain] < 0x7f && s[plain] != '"' && s[plain] != '\\') plain++;
            if (plain == s.Length) return "\"" + s + "\"";   // printable ASCII, the common case, needs no escape
            var sb = new StringBuilder(s.Length + 8).Append('"').Append(s, 0, plain);
            for (int i = plain; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '"') { sb.Append("\\\""); continue; }
                if (char.IsSurrogatePair(s, i))
                {
                    AppendRune(sb, char.ConvertToUtf32(c, s[i + 1]), '"');
                    i++;
                    continue;
                }
                // A lone surrogate is invalid UTF-16; Go would print U+FFFD for the invalid UTF-8 it becomes.
                AppendRune(sb, char.IsSurrogate(c) ? 0xFFFD : c, '"');
            }
            return sb.Append('"').ToString();
        }

        /// <summary>Go's %q of a rune (strconv.QuoteRune): single quotes, the same escapes as <see cref="Quote"/>.</summary>
        public static string QuoteRune(int r)
        {
            if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;   // utf8.RuneError, as Go prints an invalid rune
            var sb = new StringBuilder(8).Append('\'');
            AppendRune(sb, r, '\'');
            return sb.Append('\'').ToString();
        }

        // strconv.appendEscapedRune: the quote and backslash escaped, printable runes as they are, the rest as \a..\v, \xNN, \uNNNN or \UNNNNNNNN.
        private static void AppendRune(StringBuilder sb, int r, char quote)
        {
            if (r == quote || r == '\\') { sb.Append('\\').Append((char)r); return; }
            if (IsPrint(r))
            {
                if (r < 0x10000) sb.Append((char)r);
                else sb.Append(char.ConvertFromUtf32(r));
                return;
            }
            switch (r)
            {
                case '\a': sb.Append("\\a"); return;
                case '\b': sb.Append("\\b"); return;
                case '\f': sb.Append("\\f"); return;
                case '\n': sb.Append("\\n"); return;
                case '\r': sb.Append("\\r"); return;
                case '\t': sb.Append("\\t"); return;
                case '\v': sb.Append("\\v"); return;
            }
            if (r < ' ' || r == 0x7f) sb.Append("\\x").Append(r.ToString("x2", CultureInfo.InvariantCulture));
            else if (r < 0x10000) sb.Append("\\u").Append(r.ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append("\\U").Append(r.ToString("x8", CultureInfo.InvariantCulture));
        }

        /// <summary>Go's %#U of a rune (fmt fmtUnicode): U+ and at least four upper-case hex digits, then the rune quoted when printable.</summary>
        public static string UnicodeU(int r)
        {
            var text = "U+" + r.ToString("X4", CultureInfo.InvariantCulture);
            return IsPrint(r) ? text + " '" + char.ConvertFromUtf32(r) + "'" : text;
        }

        /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
        private static bool IsPrint(int r)
        {
            if (r >= ' ' && r < 0x7f) return true;
            var category = r < 0x10000 ? CharUnicodeInfo.GetUnicodeCategory((char)r) : CharUnicodeInfo.GetUnicodeCategory(char.ConvertFromUtf32(r), 0);
            switch (category)
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.OtherNotAssigned:
                case UnicodeCategory.SpaceSeparator:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return false;
                default:
                    return true;
            }
        }
    }
}
