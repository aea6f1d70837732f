using System;
using System.Collections.Generic;
using System.Text;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>
    /// Builds ProcessStartInfo.Arguments from an argument list. netstandard2.0 has no ArgumentList, so the list goes
    /// through one string that the child splits again. Both splitters in play follow the same rules:
    /// Windows (CommandLineToArgvW, the MSVCRT startup code, and Go's os.Args on Windows) and .NET on Unix
    /// (Process.Unix ParseArgumentsIntoList, which feeds execve):
    ///   - arguments are separated by spaces or tabs outside double quotes;
    ///   - 2n backslashes before a quote give n backslashes and the quote toggles quoting;
    ///   - 2n+1 backslashes before a quote give n backslashes and a literal quote;
    ///   - backslashes not followed by a quote are literal.
    /// No shell is involved, so $, ;, |, &amp;, backticks and newlines need no escaping; only the rules above matter.
    /// </summary>
    public static class CommandLine
    {
        /// <summary>Joins arguments into one command-line string that splits back into exactly these arguments.</summary>
        public static string Join(IEnumerable<string> arguments)
        {
            if (arguments == null) throw new ArgumentNullException(nameof(arguments));
            var sb = new StringBuilder();
            foreach (var a in arguments)
            {
                if (sb.Length > 0) sb.Append(' ');
                AppendQuoted(sb, a);
            }
            return sb.ToString();
        }

        /// <summary>One argument, quoted only when it must be.</summary>
        public static string Quote(string argument)
        {
            var sb = new StringBuilder();
            AppendQuoted(sb, argument);
            return sb.ToString();
        }

        public static void AppendQuoted(StringBuilder sb, string argument)
        {
            if (argument == null) throw new ArgumentNullException(nameof(argument), "a command-line argument cannot be null");
            if (argument.Length > 0 && !NeedsQuotes(argument))
            {
                sb.Append(argument);
                return;
            }
            sb.Append('"');
            int backslashes = 0;
            foreach (char c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }
                if (c == '"')
                {
                    // Double the run so it stays literal, and one more to make this quote literal.
                    sb.Append('\\', backslashes * 2 + 1);
                }
                else if (backslashes > 0)
                {
                    sb.Append('\\', backslashes);
                }
                backslashes = 0;
                sb.Append(c);
            }
            // Backslashes before the closing quote must be doubled, or they would escape it.
            sb.Append('\\', backslashes * 2);
            sb.Append('"');
        }

        private static bool NeedsQuotes(string s)
        {
            foreach (char c in s)
            {
                // Space and tab separate arguments; quotes need escaping. Newlines and vertical tabs are not
                // separators for either splitter, but quoting them too keeps the string readable and safe for any
                // program that uses isspace().
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '"') return true;
            }
            return false;
        }

        /// <summary>
        /// Splits a command line by the rules above (the arguments part; not the Windows program-name rule).
        /// The reference the tests compare Join against; also used to log what would run.
        /// </summary>
        public static List<string> Split(string commandLine)
        {
            var result = new List<string>();
            int i = 0;
            string s = commandLine ?? "";
            while (true)
            {
                while (i < s.Length && (s[i] == ' ' || s[i] == '\t')) i++;
                if (i >= s.Length) break;
                var current = new StringBuilder();
                bool inQuotes = false;
                while (i < s.Length)
                {
                    int backslashes = 0;
                    while (i < s.Length && s[i] == '\\') { backslashes++; i++; }
                    if (backslashes > 0)
                    {
                        if (i < s.Length && s[i] == '"')
                        {
                            current.Append('\\', backslashes / 2);
                            if (backslashes % 2 == 1) { current.Append('"'); i++; }
                        }
                        else current.Append('\\', backslashes);
                        continue;
                    }
                    char c = s[i];
                    if (c == '"')
                    {
                        // "" inside quotes is a literal quote (MSVCRT 2008+ and .NET agree); Join never writes it.
                        if (inQuotes && i + 1 < s.Length && s[i + 1] == '"') { current.Append('"'); i += 2; continue; }
                        inQuotes = !inQuotes;
                        i++;
                        continue;
                    }
                    if ((c == ' ' || c == '\t') && !inQuotes) break;
                    current.Append(c);
                    i++;
                }
                result.Add(current.ToString());
            }
            return result;
        }
    }
}
