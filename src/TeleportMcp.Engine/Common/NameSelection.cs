using System;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// The one rule for a parameter that names existing resources (-Name, -App, -User): a name with wildcard characters
    /// matches by its pattern; any other name only itself, exactly (Teleport names are case-sensitive), after
    /// PowerShell's escapes are taken off ('fs`[1`]' is the name fs[1]). A name that matches nothing is an error
    /// naming what was looked for, where, and what was there. Each item is selected once, in input order of the names.
    /// The matcher of a pattern comes from the host (PowerShell's WildcardPattern); the decision is made here.
    /// </summary>
    public static class NameSelection
    {
        /// <summary>The matcher of a pattern that was refused (and reported) where it was parsed: it matches nothing and is not reported again.</summary>
        public static readonly Func<string, bool> Refused = _ => false;

        /// <summary>Plain names only: no name is a pattern (a host without wildcards, or a caller that wants exact names).</summary>
        public static readonly Func<string, Func<string, bool>?> NoPatterns = _ => null;

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
        /// <param name="patternOf">The matcher of a name with wildcard characters or escapes (PowerShell's wildcard rules); null for a plain name.</param>
        /// <param name="kind">What an item is, for the message ("MCP app").</param>
        /// <param name="where">Where the items came from (ClusterInput.Where).</param>
        /// <param name="code">The error id for a name that matches nothing.</param>
        /// <param name="error">Receives one error per name that matched nothing.</param>
        public static List<T> Select<T>(IReadOnlyList<T> items, Func<T, string?> nameOf, IEnumerable<string>? names, Func<string, Func<string, bool>?> patternOf,
            string kind, string where, string code, Action<TeleportInputException> error)
        {
            if (items == null) throw new ArgumentNullException(nameof(items));
            if (error == null) throw new ArgumentNullException(nameof(error));
            if (names == null) return items.ToList();
            var selector = new NameSelector<T>(items, nameOf, patternOf, kind, where, code);
            var selected = new List<T>();
            foreach (var name in names) selector.Select(name, selected, error);
            return selected;
        }

        /// <summary>The positions of the items of each name, in item order (names are case-sensitive).</summary>
        internal static Dictionary<string, List<int>> IndexByName<T>(IReadOnlyList<T> items, Func<T, string?> nameOf)
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

        internal static string NotFoundText(string kind, string? name, string where, string given) =>
            kind + " " + GoText.Quote(name) + " was not found in " + where + " (" + given + ").";

        internal static string GivenText(string kind, IEnumerable<string?> known)
        {
            var names = known.Distinct(StringComparer.Ordinal).ToList();
            return names.Count == 0 ? "no " + kind + "s were given" : "given: " + ListText.Join(", ", names);
        }
    }

    /// <summary>
    /// <see cref="NameSelection"/> over one set of items, name by name: for a caller whose names come between objects
    /// (-App values that are apps or names), or that needs each name's outcome. Each item is selected once over the
    /// selector's life; each name's matcher is asked for once (a refused pattern is reported once, where it was parsed).
    /// </summary>
    public sealed class NameSelector<T>
    {
        private readonly IReadOnlyList<T> _items;
        private readonly Func<T, string?> _nameOf;
        private readonly Func<string, Func<string, bool>?> _patternOf;
        private readonly string _kind;
        private readonly string _where;
        private readonly string _code;
        private readonly HashSet<int> _taken = new HashSet<int>();
        private readonly Dictionary<string, Func<string, bool>?> _patterns = new Dictionary<string, Func<string, bool>?>(StringComparer.Ordinal);
        // Plain names are looked up, not compared with every item: names x items is too slow on a large export.
        private Dictionary<string, List<int>>? _byName;
        private string? _given;

        public NameSelector(IReadOnlyList<T> items, Func<T, string?> nameOf, Func<string, Func<string, bool>?>? patternOf, string kind, string where, string code)
        {
            _items = items ?? throw new ArgumentNullException(nameof(items));
            _nameOf = nameOf ?? throw new ArgumentNullException(nameof(nameOf));
            _patternOf = patternOf ?? NameSelection.NoPatterns;
            _kind = kind;
            _where = where;
            _code = code;
        }

        /// <summary>Appended to the message of a name that matched nothing (" Its checks were skipped.").</summary>
        public string? NotFoundSuffix { get; set; }

        /// <summary>The recommended action of a name that matched nothing; by default, to check the name.</summary>
        public string RecommendedAction { get; set; } = "Check the name (wildcards allowed; a plain name matches exactly, case included).";

        /// <summary>The matcher of a name as written (null for a plain name, <see cref="NameSelection.Refused"/> for a refused pattern).</summary>
        public Func<string, bool>? PatternOf(string? name)
        {
            var key = name ?? "";
            if (!_patterns.TryGetValue(key, out var pattern)) _patterns[key] = pattern = _patternOf(key);
            return pattern;
        }

        /// <summary>Whether the name as written is a plain name (matched exactly, not through a matcher).</summary>
        public bool IsPlain(string? name) => PatternOf(name) == null;

        /// <summary>
        /// Adds the items the name selects (those not selected before) to <paramref name="selected"/>. Returns whether the
        /// name selected anything: false after one error to <paramref name="error"/> when it matched nothing, and false
        /// without an error for a refused pattern (already reported), so a verdict cannot pass on it. <paramref name="matched"/>,
        /// when given, receives every item the name matches, those selected before included (what this name asked for).
        /// </summary>
        public bool Select(string? name, List<T> selected, Action<TeleportInputException> error, List<T>? matched = null)
        {
            if (selected == null) throw new ArgumentNullException(nameof(selected));
            if (error == null) throw new ArgumentNullException(nameof(error));
            var pattern = PatternOf(name);
            if (ReferenceEquals(pattern, NameSelection.Refused)) return false;
            bool any = false;
            if (pattern == null)
            {
                _byName ??= NameSelection.IndexByName(_items, _nameOf);
                if (_byName.TryGetValue(name ?? "", out var found))
                {
                    any = true;
                    foreach (var i in found)
                    {
                        matched?.Add(_items[i]);
                        if (_taken.Add(i)) selected.Add(_items[i]);
                    }
                }
            }
            else
            {
                for (int i = 0; i < _items.Count; i++)
                {
                    if (!pattern(_nameOf(_items[i]) ?? "")) continue;
                    any = true;
                    matched?.Add(_items[i]);
                    if (_taken.Add(i)) selected.Add(_items[i]);
                }
            }
            if (any) return true;
            // What was there is the same for every unmatched name: listed once.
            _given ??= NameSelection.GivenText(_kind, _items.Select(_nameOf).Where(n => !string.IsNullOrEmpty(n)));
            error(new TeleportNotFoundException(_code, NameSelection.NotFoundText(_kind, name, _where, _given) + (NotFoundSuffix ?? ""), name)
            {
                RecommendedAction = RecommendedAction,
            });
            return false;
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
