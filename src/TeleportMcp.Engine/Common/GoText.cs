using System.Globalization;
using System.Text;

namespace TeleportMcp.Engine.Common
{
    /// <summary>Go's formatting of values in messages, so texts we reproduce match Teleport's byte for byte.</summary>
    public static class GoText
    {
        /// <summary>Go's %q of a string (strconv.Quote): double quotes, escapes for control and special characters.</summary>
        public static string Quote(string? s)
        {
            s = s ?? "";
            var sb = new StringBuilder(s.Length + 2).Append('"');
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\a': sb.Append("\\a"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\v': sb.Append("\\v"); break;
                    default:
                        if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }
    }
}
