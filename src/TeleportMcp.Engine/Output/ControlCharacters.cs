using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Output
{
    /// <summary>
    /// Marks a property holding a name or one line that came from outside the module (an MCP server's name and version,
    /// a tool's name, a method name): the output boundary escapes its line breaks and tabs too
    /// (<see cref="ControlCharacters.EscapeName"/>), so a server cannot start a line of its own in the output.
    /// </summary>
    [System.AttributeUsage(System.AttributeTargets.Property, Inherited = true)]
    public sealed class SingleLineTextAttribute : System.Attribute
    {
    }

    /// <summary>
    /// Makes text safe for a terminal and a report: control characters (ESC of OSC/CSI sequences, clear-screen,
    /// backspace, bell, C1 controls, a lone carriage return that would overwrite the line) are written as visible
    /// escapes (\x1B, \u009B); tab and line feed stay. A lone UTF-16 surrogate (a high one not followed by a low one, a low
    /// one not preceded by a high one) is written \uD800 too: no encoder can write it (UTF-8 makes it U+FFFD or throws), so
    /// the text a reader saw would differ from the input; a valid pair (an emoji) stays as it is. A noncharacter (U+FDD0 to
    /// U+FDEF, and the last two code points of every plane, U+FFFE/U+FFFF to U+10FFFE/U+10FFFF; Unicode 15.1 §23.7 and
    /// D14) is escaped too (\uFFFE, a plane's pair as \U0001FFFE): it is no control character and encodes, but it is
    /// reserved for a program's internal use and not meant to be interchanged; terminals draw it as a box or nothing, and
    /// U+FFFE is a byte-swapped BOM.
    /// </summary>
    public static class ControlCharacters
    {
        public static bool Contains([NotNullWhen(true)] string? text)
        {
            if (text == null) return false;
            for (int i = 0; i < text.Length; i++)
                if (IsUnsafe(text, i)) return true;
            return false;
        }

        [return: NotNullIfNotNull("text")]
        public static string? Escape(string? text)
        {
            if (!Contains(text)) return text;
            var sb = new StringBuilder(text.Length + 16);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (!IsUnsafe(text, i)) { sb.Append(c); continue; }
                if (char.IsHighSurrogate(c) && !IsLoneSurrogate(text, i))
                {
                    // A supplementary noncharacter (a valid pair): the code point as one escape.
                    sb.Append("\\U").Append(char.ConvertToUtf32(c, text[i + 1]).ToString("X8", CultureInfo.InvariantCulture));
                    i++;
                    continue;
                }
                if (c < 0x100) sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                else sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }

        /// <summary>For a single name in a message: line breaks and tabs are escaped too (\x0A), so the name stays on its line.</summary>
        [return: NotNullIfNotNull("text")]
        public static string? EscapeName(string? text)
        {
            if (StringChecks.IsNullOrEmpty(text)) return text;
            return Escape(text).Replace("\r\n", @"\x0D\x0A").Replace("\n", @"\x0A").Replace("\t", @"\x09");
        }

        /// <summary>
        /// A control character, tab and line breaks included: C0, DEL, C1, and the bidirectional overrides and isolates,
        /// which reorder what the reader sees (Trojan Source).
        /// </summary>
        public static bool IsControl(char c) =>
            c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');

        /// <summary>A UTF-16 surrogate at <paramref name="i"/> that is not half of a valid pair: no encoder can write it.</summary>
        public static bool IsLoneSurrogate(string text, int i)
        {
            if (text == null) throw new System.ArgumentNullException(nameof(text));
            char c = text[i];
            if (char.IsHighSurrogate(c)) return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
            if (char.IsLowSurrogate(c)) return i == 0 || !char.IsHighSurrogate(text[i - 1]);
            return false;
        }

        /// <summary>Whether the text holds a lone surrogate (<see cref="IsLoneSurrogate"/>): it cannot reach another program as given.</summary>
        public static bool HasLoneSurrogate(string? text)
        {
            if (text == null) return false;
            for (int i = 0; i < text.Length; i++)
                if (IsLoneSurrogate(text, i)) return true;
            return false;
        }

        /// <summary>
        /// A noncharacter at <paramref name="i"/> (Unicode 15.1 D14, §23.7: U+FDD0..U+FDEF and U+nFFFE/U+nFFFF of every
        /// plane, 66 in all): a BMP one is the char itself, a supplementary one starts at its high surrogate (a valid pair).
        /// </summary>
        public static bool IsNoncharacter(string text, int i)
        {
            if (text == null) throw new System.ArgumentNullException(nameof(text));
            char c = text[i];
            if (c >= '\uFDD0' && c <= '\uFDEF') return true;
            if (c == '\uFFFE' || c == '\uFFFF') return true;
            // U+nFFFE/U+nFFFF (n = 1..16): the low surrogate is DFFE or DFFF and the high one ends in 3F (D83F, D87F, ... DBFF).
            return char.IsHighSurrogate(c) && (c & 0x3F) == 0x3F && i + 1 < text.Length && (text[i + 1] == '\uDFFE' || text[i + 1] == '\uDFFF');
        }

        private static bool IsUnsafe(string text, int i)
        {
            char c = text[i];
            if (c == '\t' || c == '\n') return false;
            if (c == '\r') return i + 1 >= text.Length || text[i + 1] != '\n';
            return IsLoneSurrogate(text, i) || IsControl(c) || IsNoncharacter(text, i);
        }
    }
}
