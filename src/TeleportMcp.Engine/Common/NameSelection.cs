using System;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// -Name / -App selection: a name with wildcard characters matches by its pattern; any other name only itself,
    /// exactly (Teleport names are case-sensitive). A name that matches nothing is an error naming what was looked for,
    /// where, and what was there. Each item is returned once, in input order of the names.
    /// </summary>
    public static class NameSelection
    {
        /// <summary>The matcher of a pattern that was refused (and reported) where it was parsed: it matches nothing and is not reported again.</summary>
        public static readonly Func<string, bool> Refused = _ => false;

        /// <summary>The error id of a name whose wildcard pattern does not parse.</summary>
        public const string InvalidPatternCode = "InvalidWildcardPattern";

        /// <summary>
        /// A -Name that is not a valid wildcard pattern ('a*['): what it is and why (the parser's own words), a short
        /// detail, and what to do; the other names are still used.
        /// </summary>
        public static InvalidPattern Refuse(string? name, string parserMessage) => new InvalidPattern(
            "The name '" + name + "' is not a valid wildcard pattern (" + (parserMessage ?? "").TrimEnd('.') + "). Escape '[' and ']' with a backtick, or use a name without them.",
            "The name '" + name + "' is not a valid wildcard pattern.",
            "Escape '[' and ']' with a backtick (`[), or close the bracket; the other names were still processed.");

        /// <param name="items">What can be selected.</param>
        /// <param name="nameOf">An item's name.</param>
        /// <param name="names">The names as written; null selects everything.</param>
        /// <param name="patternOf">The matcher of a name with wildcard characters (PowerShell's wildcard rules); null for a plain name.</param>
        /// <param name="kind">What an item is, for the message ("MCP app").</param>
        /// <param name="where">Where the items came from (ClusterInput.Where).</param>
        /// <param name="code">The error id for a name that matches nothing.</param>
        /// <param name="error">Receives one error per name that matched nothing.</param>
        public static List<T> Select<T>(IReadOnlyList<T> items, Func<T, string?> nameOf, IEnumerable<string>? names, Func<string, Func<string, bool>?> patternOf,
            string kind, string where, string code, Action<TeleportInputException> error)
        {
            if (items == null) throw new ArgumentNullException(nameof(items));
            if (nameOf == null) throw new ArgumentNullException(nameof(nameOf));
            if (patternOf == null) throw new ArgumentNullException(nameof(patternOf));
            if (error == null) throw new ArgumentNullException(nameof(error));
            if (names == null) return items.ToList();
            var selected = new List<T>();
            var taken = new HashSet<int>();
            // Plain names are looked up, not compared with every item: names x items is too slow on a large export.
            Dictionary<string, List<int>>? byName = null;
            string? given = null;
            foreach (var name in names)
            {
                var pattern = patternOf(name);
                if (ReferenceEquals(pattern, Refused)) continue;
                bool any = false;
                if (pattern == null)
                {
                    byName ??= IndexByName(items, nameOf);
                    if (byName.TryGetValue(name ?? "", out var found))
                    {
                        any = true;
                        foreach (var i in found)
                            if (taken.Add(i)) selected.Add(items[i]);
                    }
                }
                else
                {
                    for (int i = 0; i < items.Count; i++)
                    {
                        if (!pattern(nameOf(items[i]) ?? "")) continue;
                        any = true;
                        if (taken.Add(i)) selected.Add(items[i]);
                    }
                }
                if (any) continue;
                // What was there is the same for every unmatched name: listed once.
                given ??= GivenText(kind, items.Select(nameOf).Where(n => !string.IsNullOrEmpty(n)));
                error(new TeleportNotFoundException(code, NotFoundText(kind, name, where, given), name)
                {
                    RecommendedAction = "Check the name (wildcards allowed; a plain name matches exactly, case included).",
                });
            }
            return selected;
        }

        /// <summary>The positions of the items of each name, in item order (names are case-sensitive).</summary>
        private static Dictionary<string, List<int>> IndexByName<T>(IReadOnlyList<T> items, Func<T, string?> nameOf)
        {
            var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (int i = 0; i < items.Count; i++)
            {
                var itemName = nameOf(items[i]) ?? "";
                if (!index.TryGetValue(itemName, out var list)) index[itemName] = list = new List<int>(1);
                list.Add(i);
            }
            return index;
        }

        /// <summary>The error text for a name that is not among the given items: what was looked for, where, and what was there.</summary>
        public static string NotFoundMessage(string kind, string? name, string where, IEnumerable<string?> known) =>
            NotFoundText(kind, name, where, GivenText(kind, known));

        /// <summary>
        /// The same message for names that were not given but listed (tctl get): "... (listed: a, b)" or "(no roles were listed)".
        /// </summary>
        public static string NotFoundInListing(string kind, string? name, string where, IEnumerable<string?> listed)
        {
            var names = (listed ?? Enumerable.Empty<string?>()).Distinct(StringComparer.Ordinal).ToList();
            return NotFoundText(kind, name, where, names.Count == 0 ? "no " + kind + "s were listed" : "listed: " + ListText.Join(", ", names));
        }

        private static string NotFoundText(string kind, string? name, string where, string given) =>
            kind + " " + GoText.Quote(name) + " was not found in " + where + " (" + given + ").";

        private static string GivenText(string kind, IEnumerable<string?> known)
        {
            var names = known.Distinct(StringComparer.Ordinal).ToList();
            return names.Count == 0 ? "no " + kind + "s were given" : "given: " + ListText.Join(", ", names);
        }
    }

    /// <summary>A name that is not a valid wildcard pattern (<see cref="NameSelection.Refuse"/>).</summary>
    public sealed class InvalidPattern
    {
        internal InvalidPattern(string message, string detail, string fix)
        {
            Message = message;
            Detail = detail;
            Fix = fix;
        }

        public string Code => NameSelection.InvalidPatternCode;

        public string Message { get; }

        public string Detail { get; }

        public string Fix { get; }
    }
}
