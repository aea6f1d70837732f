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
            foreach (var name in names)
            {
                var pattern = patternOf(name);
                if (ReferenceEquals(pattern, Refused)) continue;
                bool any = false;
                for (int i = 0; i < items.Count; i++)
                {
                    var itemName = nameOf(items[i]) ?? "";
                    if (!(pattern != null ? pattern(itemName) : string.Equals(itemName, name, StringComparison.Ordinal))) continue;
                    any = true;
                    if (taken.Add(i)) selected.Add(items[i]);
                }
                if (any) continue;
                error(new TeleportNotFoundException(code, NotFoundMessage(kind, name, where, items.Select(nameOf).Where(n => !string.IsNullOrEmpty(n))), name)
                {
                    RecommendedAction = "Check the name (wildcards allowed; a plain name matches exactly, case included).",
                });
            }
            return selected;
        }

        /// <summary>The error text for a name that is not among the given items: what was looked for, where, and what was there.</summary>
        public static string NotFoundMessage(string kind, string? name, string where, IEnumerable<string?> known)
        {
            var names = known.Distinct(StringComparer.Ordinal).ToList();
            return kind + " " + GoText.Quote(name) + " was not found in " + where + " (" + (names.Count == 0 ? "no " + kind + "s were given" : "given: " + ListText.Join(", ", names)) + ").";
        }
    }
}
