using System;
using System.Management.Automation;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Infrastructure
{
    /// <summary>
    /// PowerShell's reading of a name given to a [SupportsWildcards] name parameter, for the engine's NameSelection rule,
    /// which decides what the names select.
    /// </summary>
    internal static class NamePatterns
    {
        /// <summary>
        /// A pattern's matcher (case-insensitive, as PowerShell's wildcards are); NameSelection.Refused for a malformed one
        /// (<paramref name="parse"/> reported it and returned null); for a plain name written with escapes ('fs`[1`]' is
        /// fs[1], as WildcardPattern.Escape writes it) a matcher of the unescaped name, exactly; null for a plain name,
        /// which the engine looks up exactly.
        /// </summary>
        internal static Func<string, bool> Of(string name, Func<string, WildcardPattern> parse)
        {
            if (parse == null) throw new ArgumentNullException(nameof(parse));
            name = name ?? "";
            if (WildcardPattern.ContainsWildcardCharacters(name)) return parse(name) is WildcardPattern w ? w.IsMatch : NameSelection.Refused;
            var literal = WildcardPattern.Unescape(name);
            if (string.Equals(literal, name, StringComparison.Ordinal)) return null;
            return n => string.Equals(n, literal, StringComparison.Ordinal);
        }
    }
}
