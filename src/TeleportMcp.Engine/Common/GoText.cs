using System;
using System.Collections.Generic;
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

        /// <summary>
        /// <see cref="Quote"/> of the concatenated <paramref name="parts"/> as a message in pieces, for
        /// <see cref="ListText.Message(MessageText)"/>: a value longer than <see cref="Limits.OutputMessageChars"/> is not
        /// copied whole (its escaped form is read from it when the cut takes its head and tail); a shorter one is quoted
        /// at once. Each part is escaped alone, which is the escape of the whole unless a surrogate pair straddles a joint.
        /// </summary>
        public static MessageText QuoteText(params string?[] parts)
        {
            long length = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                string p = parts[i] ?? "";
                length += p.Length;
                if (i > 0 && p.Length > 0 && char.IsLowSurrogate(p[0]) && (parts[i - 1] ?? "") is string prev && prev.Length > 0 && char.IsHighSurrogate(prev[prev.Length - 1]))
                    return Quote(string.Concat(parts));
            }
            if (length <= Limits.Current.OutputMessageChars) return Quote(string.Concat(parts));
            var pieces = new List<object?>(parts.Length + 2) { "\"" };
            foreach (var p in parts) pieces.Add(string.IsNullOrEmpty(p) ? null : NeedsEscape(p!) ? new EscapedText(p!) : (object)p!);
            pieces.Add("\"");
            return MessageText.Of(pieces.ToArray());
        }

        /// <summary>
        /// <see cref="Quote"/> of <paramref name="s"/> from <paramref name="start"/> to <paramref name="end"/>:
        /// as a message in pieces (as QuoteText of parts): a long part is escaped from <paramref name="s"/> where it lies, never copied out of it first (a rune is read
        /// only up to <paramref name="end"/>, as Quote of that substring would).
        /// </summary>
        public static MessageText QuoteText(string s, int start, int end)
        {
            if (end - start <= Limits.Current.OutputMessageChars) return Quote(s.Substring(start, end - start));
            return MessageText.Of("\"", new EscapedText(s, start, end), "\"");
        }

        /// <summary>
        /// <paramref name="s"/> from <paramref name="start"/> to <paramref name="end"/> as it is (no quotes, no escapes: Go's
        /// backquoted fragment of a regexp error), as a message in pieces: a long range is read from <paramref name="s"/>
        /// where it lies, never copied out of it first.
        /// </summary>
        public static MessageText RawText(string s, int start, int end)
        {
            if (end - start <= Limits.Current.OutputMessageChars) return s.Substring(start, end - start);
            return MessageText.Of(new EscapedText(s, start, end, raw: true));
        }

        private static bool NeedsEscape(string s)
        {
            foreach (char c in s) if (!IsPlain(c)) return true;
            return false;
        }

        // A character %q writes as it is without looking further: printable ASCII other than the quote and the backslash.
        private static bool IsPlain(char c) => c >= ' ' && c < 0x7f && c != '"' && c != '\\';

        /// <summary>
        /// The escaped form of a string inside Go's double quotes (<see cref="Quote"/> without the quotes), read from the
        /// string on demand: its length, a window of it, or the whole of it in chunks, never the whole at once unless asked.
        /// </summary>
        internal sealed class EscapedText
        {
            private readonly string _s;
            private readonly int _start, _end;
            // The range as it is, nothing escaped (GoText.RawText).
            private readonly bool _raw;

            internal EscapedText(string s) : this(s, 0, s.Length) { }

            // The escape of s from start to end (or, raw, the range itself).
            internal EscapedText(string s, int start, int end, bool raw = false)
            {
                _s = s;
                _start = start;
                _end = end;
                _raw = raw;
                if (raw)
                {
                    Length = end - start;
                    return;
                }
                long length = 0;
                var scratch = new StringBuilder(16);
                for (int i = start; i < end; i++) length += Step(s, end, ref i, scratch);
                Length = length;
            }

            internal long Length { get; }

            // The escape of the rune at i (i moves past a surrogate pair): its length; its text is in scratch unless the character is plain.
            private static int Step(string s, int end, ref int i, StringBuilder scratch)
            {
                char c = s[i];
                if (IsPlain(c)) return 1;
                scratch.Clear();
                if (c == '"') scratch.Append("\\\"");
                else if (i + 1 < end && char.IsSurrogatePair(c, s[i + 1])) AppendRune(scratch, char.ConvertToUtf32(c, s[++i]), '"');
                else AppendRune(scratch, char.IsSurrogate(c) ? 0xFFFD : c, '"');
                return scratch.Length;
            }

            /// <summary>The escaped text from <paramref name="from"/> to <paramref name="to"/> (clamped).</summary>
            internal string Window(long from, long to)
            {
                from = System.Math.Max(0, from);
                to = System.Math.Min(Length, to);
                if (to <= from) return "";
                if (_raw) return _s.Substring(_start + (int)from, (int)(to - from));
                var sb = new StringBuilder((int)(to - from));
                var scratch = new StringBuilder(16);
                long at = 0;
                for (int i = _start; i < _end && at < to; i++)
                {
                    char c = _s[i];
                    int n = Step(_s, _end, ref i, scratch);
                    if (at + n > from)
                    {
                        if (n == 1 && IsPlain(c)) sb.Append(c);
                        else
                        {
                            int a = (int)System.Math.Max(0, from - at), b = (int)System.Math.Min(n, to - at);
                            sb.Append(scratch.ToString(a, b - a));
                        }
                    }
                    at += n;
                }
                return sb.ToString();
            }

            /// <summary>
            /// Whether <paramref name="test"/> holds for some window of the escaped text: windows of about
            /// <paramref name="size"/> characters in order, in one reused buffer, each starting with the last
            /// <paramref name="overlap"/> characters of the one before (so a word across two windows lies whole in one).
            /// </summary>
            internal bool AnyWindow(int size, int overlap, Func<char[], int, bool> test)
            {
                var buffer = new char[size + overlap + 16];
                int used = 0;
                var scratch = new StringBuilder(16);
                for (int i = _start; i < _end; i++)
                {
                    char c = _s[i];
                    int n = _raw ? 1 : Step(_s, _end, ref i, scratch);
                    if (n == 1 && (_raw || IsPlain(c))) buffer[used++] = c;
                    else { scratch.CopyTo(0, buffer, used, n); used += n; }
                    if (used >= size + overlap)
                    {
                        if (test(buffer, used)) return true;
                        Array.Copy(buffer, used - overlap, buffer, 0, overlap);
                        used = overlap;
                    }
                }
                return used > 0 && test(buffer, used);
            }

            public override string ToString()
            {
                // Nothing to escape: the text itself, copied out of the string once at most.
                if (Length == _end - _start) return _start == 0 && _end == _s.Length ? _s : _s.Substring(_start, _end - _start);
                var sb = new StringBuilder((int)Length);
                var scratch = new StringBuilder(16);
                for (int i = _start; i < _end; i++)
                {
                    char c = _s[i];
                    int n = Step(_s, _end, ref i, scratch);
                    if (n == 1 && IsPlain(c)) sb.Append(c);
                    else sb.Append(scratch);
                }
                return sb.ToString();
            }
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
