using System.Collections.Generic;

namespace TeleportMcp.Engine.Common
{
    /// <summary>A Content-Type value as Go's mime.ParseMediaType reads it (mime/mediatype.go, Go 1.19).</summary>
    internal static class GoMime
    {
        /// <summary>The lowercased media type, or null with Go's error in <paramref name="error"/>; the parameters are checked, not kept.</summary>
        public static string? MediaType(string? value, out string? error)
        {
            string v = value ?? "";
            int semi = v.IndexOf(';');
            string type = (semi < 0 ? v : v.Substring(0, semi)).ToLowerInvariant().Trim();
            error = CheckType(type) ?? CheckParameters(semi < 0 ? "" : v.Substring(semi));
            return error == null ? type : null;
        }

        // checkMediaTypeDisposition
        private static string? CheckType(string s)
        {
            int end = TokenEnd(s, 0);
            if (end == 0) return "mime: no media type";
            if (end == s.Length) return null;
            if (s[end] != '/') return "mime: expected slash after first token";
            int subEnd = TokenEnd(s, end + 1);
            if (subEnd == end + 1) return "mime: expected token after slash";
            return subEnd == s.Length ? null : "mime: unexpected content after media subtype";
        }

        // ParseMediaType's loop over consumeMediaParam: a trailing ';' is ignored; the same name twice (a name's '*' parts
        // kept apart, as RFC 2231 continuations) is refused unless its values are equal.
        private static string? CheckParameters(string v)
        {
            var seen = new Dictionary<string, string>(System.StringComparer.Ordinal);
            int i = 0;
            while (true)
            {
                i = SkipSpace(v, i);
                if (i == v.Length) return null;
                if (!Parameter(v, i, out var key, out var value, out int next))
                    return v.Substring(i).Trim() == ";" ? null : "mime: invalid media parameter";
                int star = key.IndexOf('*');
                string slot = (star < 0 ? "" : key.Substring(0, star) + "*") + "\u0000" + key;
                if (seen.TryGetValue(slot, out var before) && before != value) return "mime: duplicate parameter name";
                seen[slot] = value;
                i = next;
            }
        }

        // consumeMediaParam: ";" name "=" value, white space around each part.
        private static bool Parameter(string v, int i, out string key, out string value, out int next)
        {
            key = value = "";
            next = i;
            i = SkipSpace(v, i);
            if (i == v.Length || v[i] != ';') return false;
            i = SkipSpace(v, i + 1);
            int end = TokenEnd(v, i);
            if (end == i) return false;
            key = v.Substring(i, end - i).ToLowerInvariant();
            i = SkipSpace(v, end);
            if (i == v.Length || v[i] != '=') return false;
            i = SkipSpace(v, i + 1);
            if (!Value(v, i, out value, out int after)) return false;
            next = after;
            return true;
        }

        // consumeValue: a token, or a quoted string ending at its closing '"' (a CR or LF, or no closing quote, fails it;
        // '\' escapes only a tspecial). An empty token fails; an empty quoted string does not.
        private static bool Value(string v, int i, out string value, out int next)
        {
            value = "";
            next = i;
            if (i == v.Length) return false;
            if (v[i] != '"')
            {
                int end = TokenEnd(v, i);
                value = v.Substring(i, end - i);
                next = end;
                return end > i;
            }
            var sb = new System.Text.StringBuilder();
            for (int j = i + 1; j < v.Length; j++)
            {
                char c = v[j];
                if (c == '"')
                {
                    value = sb.ToString();
                    next = j + 1;
                    return true;
                }
                if (c == '\\' && j + 1 < v.Length && TSpecials.IndexOf(v[j + 1]) >= 0)
                {
                    sb.Append(v[++j]);
                    continue;
                }
                if (c == '\r' || c == '\n') return false;
                sb.Append(c);
            }
            return false;
        }

        private const string TSpecials = "()<>@,;:\\\"/[]?=";

        // mime/grammar.go isTokenChar: an ASCII character above space and below DEL, not a tspecial.
        private static int TokenEnd(string s, int from)
        {
            int i = from;
            while (i < s.Length && s[i] > ' ' && s[i] < 0x7f && TSpecials.IndexOf(s[i]) < 0) i++;
            return i;
        }

        private static int SkipSpace(string s, int i)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            return i;
        }
    }
}
