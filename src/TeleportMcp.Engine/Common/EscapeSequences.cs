using System;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// Where a terminal escape sequence ends, for every reader of logs and tool output (log lines, tctl's and tsh's output):
    /// ECMA-48 5.4 and 8.3 control sequences (CSI: parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, a final byte
    /// 0x40-0x7E) and control strings (OSC, DCS, SOS, PM, APC: up to ST, or BEL as xterm takes it for OSC), ECMA-35 13.2
    /// escape sequences (ESC, intermediates 0x20-0x2F, a final 0x30-0x7E), each in its 7-bit form (ESC '[', ESC ']', ESC 'P',
    /// ESC 'X', ESC '^', ESC '_'; ST is ESC '\') and its 8-bit form (U+009B, U+009D, U+0090, U+0098, U+009E, U+009F; ST
    /// U+009C). The rule is one state machine (<see cref="InText"/>) read one character at a time, so a text read in pieces
    /// (a long line's windows) loses exactly what the same text read at once loses. Nothing of a sequence is text: a
    /// sequence a character outside its form breaks (an ESC before 'é', "ESC [ 3 1" before a tab) ends before that character,
    /// which is read afresh; one the text's end cuts (a line, or the part of a line the reader keeps) ends there. A line feed
    /// ends a control string too (ECMA-48 lets one hold it): a string a program left open in its output hides no later line.
    /// Teleport (lib/utils/log/slog_text_handler.go formatLevel, "\u001B[%dm%s\u001B[0m"), tctl and tsh (lib/utils/cli.go
    /// FatalError, a red "ERROR: ") write SGR codes only, which this rule removes as the narrower ones did; the one narrower
    /// rule left, <see cref="RemoveColour"/>, is for the values a fix quotes.
    /// </summary>
    internal static class EscapeSequences
    {
        internal const char Esc = '\u001b';

        /// <summary>Where a reader is: in text, or inside a sequence (which form, how far).</summary>
        internal enum State : byte
        {
            Text,
            Escape,
            ControlParameters,
            ControlIntermediates,
            EscapeIntermediates,
            ControlString,
            ControlStringEscape,
        }

        /// <summary>ESC, or an 8-bit introducer (CSI, OSC, DCS, SOS, PM, APC): a character that starts a sequence of more than itself.</summary>
        internal static bool IsIntroducer(char c) => c == Esc || c == '\u009b' || IsStringIntroducer8(c);

        private static bool IsStringIntroducer8(char c) => c == '\u009d' || c == '\u0090' || c == '\u0098' || c == '\u009e' || c == '\u009f';

        // The 8-bit introducers searched after ESC (a vectorized Array.IndexOf each): a C1 character is rare in a log line.
        private static readonly char[] Introducers8 = { '\u009b', '\u009d', '\u0090', '\u0098', '\u009e', '\u009f' };

        /// <summary>The first introducer in buf[start, start+count), or -1 (one search; a loop over a text uses <see cref="Finder"/>).</summary>
        internal static int IndexOfIntroducer(char[] buf, int start, int count)
        {
            int first = Array.IndexOf(buf, Esc, start, count);
            int stop = first < 0 ? start + count : first;
            foreach (char c in Introducers8)
            {
                if (stop == start) break;
                int at = Array.IndexOf(buf, c, start, stop - start);
                if (at >= 0) stop = first = at;
            }
            return first;
        }

        /// <summary>
        /// The introducers of one text in order: where each kind occurs next is kept until passed, so a loop over a text
        /// searches each character once per kind, however many sequences it holds (a search from each sequence to the text's
        /// end for a kind that is not there would be quadratic in a line of 8-bit codes).
        /// </summary>
        internal struct Finder
        {
            private readonly char[] _buf;
            private readonly int _end;
            private readonly int[] _next;

            internal Finder(char[] buf, int end)
            {
                _buf = buf;
                _end = end;
                _next = new int[1 + Introducers8.Length];
                for (int k = 0; k < _next.Length; k++) _next[k] = -1;
            }

            /// <summary>The first introducer at or after <paramref name="from"/>, or -1.</summary>
            internal int Next(int from)
            {
                int first = _end;
                for (int k = 0; k < _next.Length; k++)
                {
                    int n = _next[k];
                    if (n < from && n != _end)
                    {
                        n = from >= _end ? -1 : Array.IndexOf(_buf, k == 0 ? Esc : Introducers8[k - 1], from, _end - from);
                        _next[k] = n = n < 0 ? _end : n;
                    }
                    if (n < first) first = n;
                }
                return first < _end ? first : -1;
            }
        }

        /// <summary>Whether buf[start, start+count) holds an introducer.</summary>
        internal static bool Any(char[] buf, int start, int count) => IndexOfIntroducer(buf, start, count) >= 0;

        /// <summary>Whether the string holds an introducer.</summary>
        internal static bool Any(string s)
        {
            if (s.IndexOf(Esc) >= 0) return true;
            foreach (char c in Introducers8)
                if (s.IndexOf(c) >= 0) return true;
            return false;
        }

        /// <summary>
        /// Reads <paramref name="c"/> in <paramref name="state"/>: true when it is text, false when it belongs to a sequence
        /// (the state then says how far the sequence is; back to Text after its last character).
        /// </summary>
        internal static bool InText(ref State state, char c)
        {
            switch (state)
            {
                case State.Text:
                    if (c == Esc) state = State.Escape;
                    else if (c == '\u009b') state = State.ControlParameters;
                    else if (IsStringIntroducer8(c)) state = State.ControlString;
                    else return true;
                    return false;
                case State.Escape:
                    if (c == '[') state = State.ControlParameters;
                    else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') state = State.ControlString;
                    else if (c >= '\u0020' && c <= '\u002f') state = State.EscapeIntermediates;
                    else if (c >= '\u0030' && c <= '\u007e') state = State.Text;
                    else return Broken(ref state, c);
                    return false;
                case State.ControlParameters:
                    if (c >= '\u0030' && c <= '\u003f') return false;
                    if (c >= '\u0020' && c <= '\u002f') state = State.ControlIntermediates;
                    else if (c >= '\u0040' && c <= '\u007e') state = State.Text;
                    else return Broken(ref state, c);
                    return false;
                case State.ControlIntermediates:
                    if (c >= '\u0020' && c <= '\u002f') return false;
                    if (c >= '\u0040' && c <= '\u007e') state = State.Text;
                    else return Broken(ref state, c);
                    return false;
                case State.EscapeIntermediates:
                    if (c >= '\u0020' && c <= '\u002f') return false;
                    if (c >= '\u0030' && c <= '\u007e') state = State.Text;
                    else return Broken(ref state, c);
                    return false;
                case State.ControlString:
                    if (c == '\u0007' || c == '\u009c') state = State.Text;
                    else if (c == Esc) state = State.ControlStringEscape;
                    else if (c == '\n') return Broken(ref state, c);
                    return false;
                default: // ControlStringEscape
                    if (c == '\\') state = State.Text;
                    else if (c == '\n') return Broken(ref state, c);
                    else if (c != Esc) state = State.ControlString;
                    return false;
            }
        }

        // A character outside the sequence's form ends it before that character, which is read afresh (it may start another).
        private static bool Broken(ref State state, char c)
        {
            state = State.Text;
            return InText(ref state, c);
        }

        /// <summary>
        /// The index after the sequence (or run of sequences, when a character that breaks one starts the next) that the
        /// introducer at <paramref name="at"/> starts: its first character of text, or <paramref name="end"/> when the end cuts it.
        /// </summary>
        internal static int SequenceEnd(char[] buf, int at, int end)
        {
            var state = State.Text;
            int i = at;
            while (i < end)
            {
                if (InText(ref state, buf[i])) return i;
                i++;
                if (state == State.Text) return i;
            }
            return end;
        }

        /// <summary>
        /// Copies text[from, from+length) to <paramref name="plain"/> without its escape sequences; returns the characters
        /// written (at most length).
        /// </summary>
        internal static int Remove(char[] text, int from, int length, char[] plain)
        {
            int end = from + length, n = 0, i = from;
            var finder = new Finder(text, end);
            while (i < end)
            {
                int at = finder.Next(i);
                int stop = at < 0 ? end : at;
                Array.Copy(text, i, plain, n, stop - i);
                n += stop - i;
                if (at < 0) break;
                i = SequenceEnd(text, at, end);
            }
            return n;
        }

        /// <summary>The string without its escape sequences (the same string when it holds none).</summary>
        internal static string Remove(string s)
        {
            if (s == null || !Any(s)) return s ?? "";
            var text = s.ToCharArray();
            var plain = new char[text.Length];
            return new string(plain, 0, Remove(text, 0, text.Length, plain));
        }

        /// <summary>
        /// The string without its SGR-like codes only (ESC '[', digits and ';', a letter): what Teleport itself writes
        /// (lib/utils/log/slog_text_handler.go formatLevel). A value a fix quotes is taken from this form, so a command or user
        /// name that holds another sequence is quoted as it is named, not as a terminal would show it.
        /// </summary>
        internal static string RemoveColour(string s)
        {
            if (s == null || s.IndexOf(Esc) < 0) return s ?? "";
            var sb = new System.Text.StringBuilder(s.Length);
            int i = 0;
            while (i < s.Length)
            {
                int esc = s.IndexOf(Esc, i);
                if (esc < 0) { sb.Append(s, i, s.Length - i); break; }
                sb.Append(s, i, esc - i);
                int j = esc + 1;
                if (j < s.Length && s[j] == '[')
                {
                    j++;
                    while (j < s.Length && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';')) j++;
                    if (j < s.Length && ((s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= 'a' && s[j] <= 'z')))
                    {
                        i = j + 1;
                        continue;
                    }
                }
                sb.Append(Esc);
                i = esc + 1;
            }
            return sb.ToString();
        }

        /// <summary>
        /// Where in buf[start, start+count) the text (what <see cref="Remove(char[], int, int, char[])"/> keeps) holds
        /// <paramref name="kept"/> characters before: the index of its character number <paramref name="kept"/> (0-based),
        /// never inside a sequence; <paramref name="kept"/> &lt;= 0: start; past the text: start+count.
        /// </summary>
        internal static int IndexOfKept(char[] buf, int start, int count, long kept)
        {
            if (kept <= 0) return start;
            int end = start + count, i = start;
            long seen = 0;
            var finder = new Finder(buf, end);
            while (i < end)
            {
                int at = finder.Next(i);
                int stop = at < 0 ? end : at;
                if (seen + (stop - i) > kept) return i + (int)(kept - seen);
                seen += stop - i;
                if (at < 0) return end;
                i = SequenceEnd(buf, at, end);
            }
            return end;
        }

        /// <summary>The characters <see cref="Remove(char[], int, int, char[])"/> keeps of buf[start, start+count).</summary>
        internal static long Kept(char[] buf, int start, int count)
        {
            int end = start + count, i = start;
            long kept = 0;
            var finder = new Finder(buf, end);
            while (i < end)
            {
                int at = finder.Next(i);
                int stop = at < 0 ? end : at;
                kept += stop - i;
                if (at < 0) break;
                i = SequenceEnd(buf, at, end);
            }
            return kept;
        }
    }
}
