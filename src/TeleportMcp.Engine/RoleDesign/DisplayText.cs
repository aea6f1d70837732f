using System.Globalization;
using System.Text;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.RoleDesign
{
    /// <summary>Tool and app names from a server, made safe for a terminal line, a YAML comment and a message.</summary>
    public static class DisplayText
    {
        public static bool IsPlain(string s)
        {
            if (string.IsNullOrEmpty(s) || s.Trim() != s) return false;
            for (int i = 0; i < s.Length; i++) if (NeedsEscape(s, i)) return false;
            return true;
        }

        /// <summary>The name as is when plain, else Go-quoted with every control, format or unpaired surrogate character escaped.</summary>
        public static string Of(string? s)
        {
            s = s ?? "";
            if (IsPlain(s) && s.IndexOf('"') < 0) return s;
            var q = GoText.Quote(s);
            var sb = new StringBuilder(q.Length);
            for (int i = 0; i < q.Length; i++)
            {
                if (NeedsEscape(q, i)) sb.Append("\\u").Append(((int)q[i]).ToString("x4", CultureInfo.InvariantCulture));
                else sb.Append(q[i]);
            }
            return sb.ToString();
        }

        /// <summary>True for a character that must not reach a terminal or a YAML file raw.</summary>
        public static bool NeedsEscape(string s, int i)
        {
            char c = s[i];
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
            if (char.IsHighSurrogate(c)) return i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]);
            if (char.IsLowSurrogate(c)) return i == 0 || !char.IsHighSurrogate(s[i - 1]);
            var cat = CharUnicodeInfo.GetUnicodeCategory(c);
            return cat == UnicodeCategory.Format || cat == UnicodeCategory.LineSeparator || cat == UnicodeCategory.ParagraphSeparator
                || cat == UnicodeCategory.OtherNotAssigned || cat == UnicodeCategory.PrivateUse;
        }
    }
}
