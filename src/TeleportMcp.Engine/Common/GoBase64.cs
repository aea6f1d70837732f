using System.Collections.Generic;
using System.Text;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// Go's base64.RawURLEncoding.DecodeString (encoding/base64 decodeQuantum, not strict): the URL alphabet without
    /// padding, \r and \n skipped anywhere, a single character left over at the end refused; the error is Go's
    /// CorruptInputError, a byte offset into the UTF-8 text.
    /// </summary>
    public static class GoBase64
    {
        /// <summary>The decoded bytes, or null with Go's error text ("illegal base64 data at input byte N").</summary>
        public static byte[]? RawUrlDecode(string text, out string? error) => Decode(text, std: false, out error);

        /// <summary>
        /// Go's base64.StdEncoding.DecodeString: the standard alphabet with '=' padding required (decodeQuantum: a missing
        /// or misplaced '=', or text after the padding, is a CorruptInputError), \r and \n skipped anywhere.
        /// </summary>
        public static byte[]? StdDecode(string text, out string? error) => Decode(text, std: true, out error);

        private static byte[]? Decode(string text, bool std, out string? error)
        {
            var src = Encoding.UTF8.GetBytes(text ?? "");
            var dst = new List<byte>(src.Length * 3 / 4);
            int si = 0;
            var q = new int[4];
            while (true)
            {
                int j = 0;
                for (; j < 4; j++)
                {
                    if (si == src.Length)
                    {
                        if (j == 0)
                        {
                            error = null;
                            return dst.ToArray();
                        }
                        if (j == 1 || std)
                        {
                            error = Corrupt(si - j);
                            return null;
                        }
                        break;
                    }
                    byte c = src[si++];
                    int v = std ? StdValue(c) : Value(c);
                    if (v >= 0)
                    {
                        q[j] = v;
                        continue;
                    }
                    if (c == '\n' || c == '\r')
                    {
                        j--;
                        continue;
                    }
                    // No padding character in the raw encoding: '=' is as foreign as any other byte.
                    if (!std || c != '=' || j < 2)
                    {
                        error = Corrupt(si - 1);
                        return null;
                    }
                    if (j == 2)
                    {
                        // "==" is expected, the first '=' is already read.
                        while (si < src.Length && (src[si] == '\n' || src[si] == '\r')) si++;
                        if (si == src.Length)
                        {
                            error = Corrupt(src.Length);
                            return null;
                        }
                        if (src[si] != '=')
                        {
                            error = Corrupt(si - 1);
                            return null;
                        }
                        si++;
                    }
                    while (si < src.Length && (src[si] == '\n' || src[si] == '\r')) si++;
                    if (si < src.Length)
                    {
                        error = Corrupt(si);
                        return null;
                    }
                    break;
                }
                int val = q[0] << 18 | q[1] << 12 | (j > 2 ? q[2] << 6 : 0) | (j > 3 ? q[3] : 0);
                dst.Add((byte)(val >> 16));
                if (j > 2) dst.Add((byte)(val >> 8));
                if (j > 3) dst.Add((byte)val);
                if (j < 4)
                {
                    error = null;
                    return dst.ToArray();
                }
            }
        }

        private static string Corrupt(int offset) => "illegal base64 data at input byte " + offset.ToString(System.Globalization.CultureInfo.InvariantCulture);

        private static int Value(byte c) =>
            c >= 'A' && c <= 'Z' ? c - 'A' :
            c >= 'a' && c <= 'z' ? c - 'a' + 26 :
            c >= '0' && c <= '9' ? c - '0' + 52 :
            c == '-' ? 62 : c == '_' ? 63 : -1;

        private static int StdValue(byte c) => c == '+' ? 62 : c == '/' ? 63 : c == '-' || c == '_' ? -1 : Value(c);
    }
}
