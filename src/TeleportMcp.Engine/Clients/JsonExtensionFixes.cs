using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>
    /// What to do about each kind of non-standard JSON the readers record (<see cref="Json.JsonExtension.What"/>, the byte order
    /// mark included), as data: the fix of a file names what was found in it (a comment is removed, a hexadecimal number
    /// written in decimal, a single-quoted string written in double quotes), never one kind's words for another. A kind this
    /// table does not hold gets words naming it ("make the text JSON allows of ...").
    /// </summary>
    internal static class JsonExtensionFixes
    {
        // The kinds as Json/JsonParser.cs records them (its Extension and Record calls, and ClientChecker.NonStandardJson's BOM),
        // matched by their start (the words in brackets after a kind vary): the first row that matches decides.
        private static readonly (string Kind, string Fix)[] s_rows =
        {
            ("a byte order mark", "remove the byte order mark"),
            ("a // comment ended by a lone carriage return", "end each // comment with a line feed, not a lone carriage return"),
            ("a // comment", "remove the comments"),
            ("a /* comment */", "remove the comments"),
            ("a trailing comma", "remove the trailing commas"),
            ("a missing comma", "add the missing commas between values"),
            ("white space JSON does not allow", "replace the white space JSON does not allow with spaces"),
            ("a control character in a string", "write the control characters in strings as escapes (\\n, \\t, \\u0001)"),
            ("a single-quoted string", "write the single-quoted strings in double quotes"),
            ("a single-quoted property name", "write the single-quoted property names in double quotes"),
            ("a property name without quotes", "put the property names in double quotes"),
            ("a number as a property name", "put the property names in double quotes"),
            ("a '$' in a property name without quotes", "put the property names in double quotes"),
            ("true, false or null as a property name", "put the property names in double quotes"),
            ("a hexadecimal number", "write the hexadecimal numbers in decimal"),
            ("a number with a plus sign", "remove the plus signs before numbers"),
            ("a number whose exponent has no digits", "give each exponent its digits"),
            ("a property named __proto__", "rename the property \"__proto__\""),
            // Json/JsonParser.cs ReadCopilotNumber: leading zeros ("007", "01.5") and a bare dot ("5.") that Copilot CLI's scanner takes.
            ("a number JSON does not allow", "write the numbers as JSON allows them (no leading zeros; a digit after each decimal point)"),
        };

        /// <summary>The fix for one kind (lower case, no full stop).</summary>
        public static string For(string what)
        {
            foreach (var (kind, fix) in s_rows)
                if (what.StartsWith(kind, StringComparison.Ordinal)) return fix;
            int cut = what.IndexOf(" (", StringComparison.Ordinal);
            return "make " + (cut > 0 ? what.Substring(0, cut) : what) + " text JSON allows";
        }

        /// <summary>
        /// "Remove the comments; write the hexadecimal numbers in decimal, starting at &lt;place&gt;": each fix once, in the
        /// order its kind is first found, the first letter upper case.
        /// </summary>
        public static string Sentence(IEnumerable<string> whats, string startingAt)
        {
            var fixes = whats.Select(For).Distinct(StringComparer.Ordinal).ToList();
            string text = ListText.Join("; ", fixes) + ", starting at " + startingAt;
            return char.ToUpperInvariant(text[0]) + text.Substring(1);
        }
    }
}
