using System;
using System.Globalization;
using System.Text;
using TeleportMcp.Engine.Output;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>
    /// The one way a value (from a log, a resource, a config file) is written into a command a person may copy and run:
    /// as exactly one word of that shell, whatever it holds. A value that needs no quoting is written as it is, so an
    /// ordinary fix reads naturally; a value with a control character never appears raw.
    /// </summary>
    /// <remarks>
    /// A quoted value may sit inside a word ("app/'x y'", "--user='x y'"): both shells join the adjacent parts into one word.
    /// </remarks>
    public static class ShellWord
    {
        /// <summary>
        /// One word of a POSIX sh command (the Linux App Service host): 'a'\''b' single quotes, nothing inside them is
        /// special. A value with a control character becomes $'...' (POSIX.1-2024 XCU 2.2.4, bash, zsh, ksh): line
        /// breaks as \n \r \t, other controls as their UTF-8 bytes in three-digit octal, the quote as \047 and the
        /// backslash as \\. Its body holds no single quote, so a shell without $'...' (dash 0.5.12) reads "$"
        /// and an inert single-quoted text, never a command.
        /// </summary>
        public static string Posix(string? value)
        {
            string v = value ?? "";
            if (v.Length == 0) return "''";
            bool plain = true, control = false;
            foreach (char c in v)
            {
                if (ControlCharacters.IsControl(c)) control = true;
                else if (!IsPosixPlain(c)) plain = false;
            }
            if (control) return PosixDollarQuoted(v);
            if (plain) return v;
            return "'" + v.Replace("'", "'\\''") + "'";
        }

        /// <summary>
        /// One word of a PowerShell command (tsh, tctl and the module's cmdlets, run where the module runs): single quotes,
        /// with every quote character PowerShell reads as one (' and U+2018..U+201B) doubled (language spec 2.3.5.2). A
        /// value PowerShell would read as a number in argument mode (0x10, 07, 1kb) is quoted, so it stays text. A value
        /// with a control character becomes a double-quoted string with $([char]0x..) for each control and ` before
        /// ` $ " and the typographic double quotes.
        /// </summary>
        public static string PowerShell(string? value)
        {
            string v = value ?? "";
            bool plain = v.Length > 0 && IsPowerShellPlainStart(v);
            for (int i = 0; plain && i < v.Length; i++) plain = IsPowerShellPlain(v[i]);
            return plain ? v : PowerShellString(v);
        }

        /// <summary>
        /// A name given to a module cmdlet's parameter that takes wildcards (-User, -App, -Tool, -Name): one PowerShell
        /// word that matches only that name, its wildcard characters escaped with a backtick as
        /// System.Management.Automation.WildcardPattern.Escape does (* ? [ ] and the backtick itself).
        /// </summary>
        public static string PowerShellName(string? value)
        {
            string v = value ?? "";
            if (v.IndexOfAny(WildcardCharacters) < 0) return PowerShell(v);
            var sb = new StringBuilder(v.Length + 4);
            foreach (char c in v)
            {
                if (Array.IndexOf(WildcardCharacters, c) >= 0) sb.Append('`');
                sb.Append(c);
            }
            return PowerShell(sb.ToString());
        }

        // PowerShell src/System.Management.Automation/engine/regex.cs WildcardPattern: the characters Escape prefixes.
        private static readonly char[] WildcardCharacters = { '*', '?', '[', ']', '`' };

        /// <summary>
        /// A PowerShell string literal, quoted whatever it holds: for a value in expression position
        /// ($env:TELEPORT_HOME = ...), where even a plain path would be read as a command or an operator.
        /// </summary>
        public static string PowerShellString(string? value)
        {
            string v = value ?? "";
            foreach (char c in v)
                if (ControlCharacters.IsControl(c)) return PowerShellExpandable(v);
            var sb = new StringBuilder(v.Length + 2).Append('\'');
            foreach (char c in v)
            {
                sb.Append(c);
                if (IsPowerShellSingleQuote(c)) sb.Append(c);
            }
            return sb.Append('\'').ToString();
        }

        /// <summary>
        /// <see cref="PowerShellString"/> in pieces: a value without control characters or quotes is not copied (it can be
        /// megabytes long, and a message that quotes it is cut, ListText.Message(MessageText)).
        /// </summary>
        public static Common.MessageText PowerShellStringPieces(string? value)
        {
            string v = value ?? "";
            foreach (char c in v)
                if (ControlCharacters.IsControl(c) || IsPowerShellSingleQuote(c)) return PowerShellString(v);
            return Common.MessageText.Of("'", v, "'");
        }

        // Python's shlex.quote set: none of these is special to sh in any position of a word.
        private static bool IsPosixPlain(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "_@%+=:,./-".IndexOf(c) >= 0;

        // After the first character ('@' starts a splat or an array only there).
        private static bool IsPowerShellPlain(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "_.:/\\=+@-".IndexOf(c) >= 0;

        // A word starting with a digit, '.', '+' or '-' may be a number or a parameter name in argument mode.
        private static bool IsPowerShellPlainStart(string v)
        {
            char c = v[0];
            if (c == '.') return v.Length == 1 || !(v[1] >= '0' && v[1] <= '9');
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '/' || c == '\\';
        }

        // PowerShell src/System.Management.Automation/engine/parser/CharTraits.cs SpecialChars, CharExtensions.IsSingleQuote.
        private static bool IsPowerShellSingleQuote(char c) => c == '\'' || (c >= '\u2018' && c <= '\u201B');

        // CharTraits.cs CharExtensions.IsDoubleQuote: " and U+201C..U+201E.
        private static bool IsPowerShellDoubleQuote(char c) => c == '"' || (c >= '\u201C' && c <= '\u201E');

        private static string PosixDollarQuoted(string v)
        {
            var sb = new StringBuilder(v.Length + 8).Append("$'");
            var bytes = new byte[4];
            for (int i = 0; i < v.Length; i++)
            {
                char c = v[i];
                if (c == '\n') sb.Append("\\n");
                else if (c == '\r') sb.Append("\\r");
                else if (c == '\t') sb.Append("\\t");
                else if (c == '\\') sb.Append("\\\\");
                else if (c == '\'') sb.Append("\\047");
                else if (ControlCharacters.IsControl(c))
                {
                    int n = Encoding.UTF8.GetBytes(v, i, 1, bytes, 0);
                    for (int b = 0; b < n; b++) sb.Append('\\').Append(System.Convert.ToString(bytes[b], 8).PadLeft(3, '0'));
                }
                else sb.Append(c);
            }
            return sb.Append('\'').ToString();
        }

        private static string PowerShellExpandable(string v)
        {
            var sb = new StringBuilder(v.Length + 16).Append('"');
            foreach (char c in v)
            {
                if (ControlCharacters.IsControl(c)) sb.Append("$([char]0x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)).Append(')');
                else
                {
                    if (c == '`' || c == '$' || IsPowerShellDoubleQuote(c)) sb.Append('`');
                    sb.Append(c);
                }
            }
            return sb.Append('"').ToString();
        }
    }
}
