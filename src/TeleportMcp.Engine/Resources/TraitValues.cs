using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// Traits given on the command line (-Traits): Teleport's traits are a map of names to lists of strings
    /// (api/types/trait wrappers.Traits, map[string][]string), so a value is a string or a list of strings. A number or a
    /// boolean is taken as the text a YAML file would give it; anything else (a hashtable, a nested list, a file object)
    /// has no text Teleport could hold, and is refused rather than turned into its type name.
    /// </summary>
    public static class TraitValues
    {
        /// <summary>The traits as names and values, in the order given; null, with <paramref name="error"/> naming the first trait that cannot be text.</summary>
        public static List<KeyValuePair<string, List<string>>>? From(IDictionary? traits, out TeleportArgumentException? error)
        {
            error = null;
            var result = new List<KeyValuePair<string, List<string>>>();
            if (traits == null) return result;
            foreach (DictionaryEntry e in traits)
            {
                string? name = e.Key as string ?? (IsScalar(e.Key) ? Text(e.Key) : null);
                if (InputPolicy.IsBlank(name))
                {
                    // An empty or white-space-only name names no trait (InputPolicy.IsBlank); was described as "a list" (a string is IEnumerable).
                    error = Refuse(e.Key == null ? "a trait without a name" : name != null ? "a trait name of " + (name.Length == 0 ? "nothing (an empty name)" : "white space only")
                        : "the trait name " + Describe(e.Key), "a trait's name is text");
                    return null;
                }
                var values = new List<string>();
                if (e.Value == null) { }
                else if (e.Value is string || IsScalar(e.Value)) values.Add(Text(e.Value));
                else if (e.Value is IEnumerable list && !(e.Value is IDictionary))
                {
                    foreach (var item in list)
                    {
                        if (item is string || IsScalar(item)) values.Add(Text(item!));
                        else
                        {
                            error = Refuse("the trait " + name + " holds " + (item == null ? "a null item" : Describe(item)) + " in its list", "each item of a trait's list is a string");
                            return null;
                        }
                    }
                }
                else
                {
                    error = Refuse("the trait " + name + " holds " + Describe(e.Value), "a trait's value is a string or a list of strings");
                    return null;
                }
                result.Add(new KeyValuePair<string, List<string>>(name!, values));
            }
            return result;
        }

        private static TeleportArgumentException Refuse(string what, string rule) =>
            new TeleportArgumentException("InvalidTraitValue", "-Traits: " + what + "; " + rule + " (numbers and $true/$false are taken as their text), as Teleport's traits are lists of strings.")
            {
                RecommendedAction = "Give each trait a string or an array of strings: -Traits @{ mcp_tools = 'read_*', 'search_*' }.",
            };

        private static string Describe(object value) => value is IEnumerable && !(value is IDictionary) ? "a list" : "a value of type " + value.GetType().Name;

        private static bool IsScalar(object? value) => value is bool || value is char || value is sbyte || value is byte || value is short || value is ushort ||
                                                         value is int || value is uint || value is long || value is ulong || value is float || value is double || value is decimal;

        private static string Text(object value) => value switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}
