using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>-Environment of Test-TeleportMcpApp and Invoke-TeleportMcpDiagnosis: the variables a launched server gets on top of the inherited ones.</summary>
    public static class EnvironmentValues
    {
        /// <summary>
        /// The id of an entry whose name cannot be set (empty, '=', NUL) or that the module refuses because it cannot be
        /// shown or typed reliably (<see cref="NameRules"/>).
        /// </summary>
        public const string InvalidNameCode = "InvalidEnvironmentName";

        /// <summary>The id of an entry whose value cannot be set as given, or that the module refuses (<see cref="Value"/>).</summary>
        public const string InvalidValueCode = "InvalidEnvironmentValue";

        /// <summary>
        /// The id of an entry naming the same variable as an entry used before it (<see cref="From(IHostPlatform, IEnumerable{KeyValuePair{object?, object?}}, Action{TeleportInputException}, out List{KeyValuePair{object?, object?}})"/>):
        /// on Windows names that differ only in case (PATH, Path), everywhere keys that are the same text (1 and '1').
        /// </summary>
        public const string DuplicateNameCode = "DuplicateEnvironmentName";

        /// <summary>
        /// Why a name is refused, first match wins, after the empty name (<see cref="NameProblem"/>). The first two rows are
        /// facts of every environment; the others are the module's policy: an environment can hold such a name (on POSIX
        /// execve passes it intact, <c>env $'A\x1bB=1' ' =2' env</c> shows both; PowerShell's <c>${env:...}</c> names any
        /// of them), but it cannot be shown or typed reliably, so the module asks for another name.
        /// </summary>
        private static readonly (Func<string, bool> Breaks, string Why)[] NameRules =
        {
            // POSIX.1-2017 setenv() ("[EINVAL] ... a string containing an '=' character"), XBD 8.1 ("name=value"; names "shall
            // not contain the character '='") and Windows' "Environment Variables" (learn.microsoft.com/windows/win32/procthread/
            // environment-variables: "cannot include an equal sign").
            (n => n.IndexOf('=') >= 0, "holds '=', which ends an environment variable's name (name=value), so it cannot be set"),
            // XBD 8.1 and the Windows environment block: each entry is a NUL-terminated string, so the name would be cut there.
            (n => n.IndexOf('\0') >= 0, "holds NUL, which ends an environment entry, so it cannot be set"),
            // Policy: a name of white space only can be set, but where it is shown it looks like no name.
            (n => n.All(char.IsWhiteSpace), "is white space only: an environment can hold it, but the module refuses it (shown, it cannot be told from no name)"),
            // Policy (XBD 8.1: portable names are letters, digits and '_'): a terminal does not show a control character as
            // itself and a shell command line does not carry it reliably.
            (n => n.Any(ControlCharacters.IsControl), "holds a control character: an environment can hold it, but the module refuses it (it cannot be shown or typed reliably)"),
            // Policy, Unicode 15.1 §3.9 D91 (ill-formed UTF-16): Windows' UTF-16 environment block passes it to the child as it
            // is; Linux and macOS pass the environment as UTF-8, where it becomes U+FFFD (another name).
            (ControlCharacters.HasLoneSurrogate, "holds a lone UTF-16 surrogate: Windows passes it as is, Linux and macOS get U+FFFD (another name); the module refuses it"),
        };

        /// <summary>
        /// Name to value: a list value is a path list (joined with this platform's separator, ':' or ';'); a null value
        /// unsets the variable. The entries hold plain (unwrapped) objects. A refused entry is its own error to
        /// <paramref name="refused"/>, naming its key (escaped), and is left out (the inherited variable stays as it is);
        /// the other entries are still used: an empty name, or one <see cref="NameRules"/> refuses; a dictionary value;
        /// a list holding a list, a dictionary, a null or empty item (an empty element of a path list names the current
        /// directory, POSIX.1-2017 XBD 8.3 PATH) or an item holding the path-list separator (it would become two
        /// elements); a text holding NUL or a lone surrogate. <paramref name="used"/> gets the entries used, as given (their
        /// original keys and values, in order): what App Service hosts get, each reading them by its own platform's rule.
        /// </summary>
        public static Dictionary<string, string> From(IEnumerable<KeyValuePair<object?, object?>> entries, Action<TeleportInputException> refused,
            out List<KeyValuePair<object?, object?>> used) => From(HostPlatform.Current, entries, refused, out used);

        /// <summary>
        /// As above, by <paramref name="platform"/>'s rules: the path-list separator (';' on Windows, ':' elsewhere) and
        /// which names are one variable. On Windows names are not case-sensitive: the environment block a child gets holds
        /// one PATH whatever its case (Windows "Environment Variables", learn.microsoft.com/windows/win32/procthread/
        /// environment-variables; .NET's ProcessStartInfo.Environment is a Dictionary with StringComparer.OrdinalIgnoreCase
        /// on Windows and Ordinal elsewhere, dotnet/runtime src/libraries/System.Diagnostics.Process/src/System/Diagnostics/
        /// ProcessStartInfo.cs, where a later PATH/Path entry silently replaced the earlier value). So an entry naming the
        /// variable of an entry used before it (Windows: the same name but for case; everywhere: the same text, keys 1 and
        /// '1') is refused with both keys named (<see cref="DuplicateNameCode"/>) and the earlier one stays used. On Linux
        /// and macOS PATH and Path are two variables (POSIX.1-2017 XBD 8.1: names are case-sensitive strings).
        /// The dictionary returned compares names as the platform does.
        /// </summary>
        public static Dictionary<string, string> From(IHostPlatform platform, IEnumerable<KeyValuePair<object?, object?>> entries, Action<TeleportInputException> refused,
            out List<KeyValuePair<object?, object?>> used) => From(platform, entries, true, refused, out used);

        /// <summary>
        /// As above, <paramref name="ordered"/> saying whether the entries' order is the order they were given (a list, an
        /// [ordered] dictionary: IOrderedDictionary). When it is not (a Hashtable: enumerated in hash-bucket order, and .NET
        /// randomizes string hash codes in each process, learn.microsoft.com/dotnet/api/system.string.gethashcode remarks),
        /// "the earlier entry" is not known, so every entry of a group naming one variable is refused and none is used.
        /// Keys whose texts are equal (1 and '1') are named with their types.
        /// </summary>
        public static Dictionary<string, string> From(IHostPlatform platform, IEnumerable<KeyValuePair<object?, object?>> entries, bool ordered,
            Action<TeleportInputException> refused, out List<KeyValuePair<object?, object?>> used)
        {
            if (platform == null) throw new ArgumentNullException(nameof(platform));
            if (refused == null) throw new ArgumentNullException(nameof(refused));
            var names = platform.IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var env = new Dictionary<string, string>(names);
            // The key of the entry that set each variable, as given.
            var setBy = new Dictionary<string, object>(names);
            char separator = platform.IsWindows ? ';' : ':';
            used = new List<KeyValuePair<object?, object?>>();
            if (entries == null) return env;
            var list = entries as IList<KeyValuePair<object?, object?>> ?? entries.ToList();
            // Unordered: the keys (as given) of each variable named by more than one entry with a valid name.
            var groups = new Dictionary<string, List<object>>(names);
            if (!ordered)
                foreach (var e in list)
                {
                    var k = e.Key == null ? null : Convert.ToString(e.Key, CultureInfo.InvariantCulture);
                    if (NameProblem(k) != null) continue;
                    if (!groups.TryGetValue(k!, out var g)) groups[k!] = g = new List<object>();
                    g.Add(e.Key!);
                }
            foreach (var e in list)
            {
                var key = e.Key == null ? null : Convert.ToString(e.Key, CultureInfo.InvariantCulture);
                var why = NameProblem(key);
                if (why != null)
                {
                    refused(Refusal(InvalidNameCode, key, "the name " + why + ".", "Give the variable a name without it"));
                    continue;
                }
                if (!ordered && groups[key!].Count > 1)
                {
                    var group = groups[key!];
                    var others = new List<string>();
                    bool sameText = false;
                    foreach (var other in group)
                        if (!ReferenceEquals(other, e.Key))
                        {
                            others.Add(Place(other, group));
                            sameText |= string.Equals(Convert.ToString(other, CultureInfo.InvariantCulture), key, StringComparison.Ordinal);
                        }
                    string why2 = sameText ? "keys of other types with the same text" : "on Windows environment variable names are not case-sensitive";
                    refused(Refusal(DuplicateNameCode, key, "this entry and " + string.Join(", ", others) + " name one variable (" + why2 + "), and " +
                        "-Environment is not an ordered dictionary: its entries come in hash order, which .NET randomizes in each process, so which " +
                        "was given first is not known, and none of them is used.",
                        "Give each variable once, with the value meant, or pass an [ordered] dictionary (the first entry is then used)",
                        "these entries were not used (the variable keeps its inherited value)", Place(e.Key!, group)));
                    continue;
                }
                if (setBy.TryGetValue(key!, out var earlier))
                {
                    var pair = new List<object> { earlier, e.Key! };
                    string same = string.Equals(Convert.ToString(earlier, CultureInfo.InvariantCulture), key, StringComparison.Ordinal)
                        ? "is the same text as the name of an entry given before it, " + Place(earlier, pair) + " (keys of other types), so both name one variable"
                        : "differs from the name of an entry given before it, " + Place(earlier, pair) + ", only in case, and on Windows environment variable names are not case-sensitive: both name one variable";
                    refused(Refusal(DuplicateNameCode, key, "the name " + same + "; the earlier entry is used, this one is not.",
                        "Give each variable once, with the value meant", "this entry was not used (the variable gets the earlier entry's value)", Place(e.Key!, pair)));
                    continue;
                }
                if (e.Value == null)
                {
                    env[key!] = null!; // null unsets the variable (the launcher removes it)
                    setBy[key!] = e.Key!;
                    used.Add(e);
                    continue;
                }
                var value = Value(e.Value, separator, out var problem);
                if (problem != null)
                {
                    refused(Refusal(InvalidValueCode, key, problem, "Give a text, a number, or a list of texts (a path list, one directory an item)"));
                    continue;
                }
                env[key!] = value!;
                setBy[key!] = e.Key!;
                used.Add(e);
            }
            return env;
        }

        /// <summary>
        /// The entries used (<see cref="From(IHostPlatform, IEnumerable{KeyValuePair{object?, object?}}, bool, Action{TeleportInputException}, out List{KeyValuePair{object?, object?}})"/>'s
        /// <c>used</c>) as each App Service host's Test-TeleportMcpApp gets them: that host runs From again with its own
        /// platform's names, so entries that name two variables here may name one there (PATH and Path from a Linux or macOS
        /// caller to a Windows host). Given an ordered dictionary, they travel ordered (an OrderedDictionary, in the order
        /// used), so the host keeps the first of such entries as the caller's own rule would; a Hashtable would arrive in hash
        /// order and the host would refuse all of them. Given an unordered one, they travel as a Hashtable: the host, like the
        /// caller, then knows no order and refuses every entry of such a group. PowerShell's deserializer rebuilds an
        /// OrderedDictionary as one since PowerShell/PowerShell pull request 15545 (serialization.cs, merged June 2021; measured
        /// with PSSerializer on pwsh 7.6); before it, and in Windows PowerShell 5.1, as a Hashtable, so such a host refuses such
        /// a group either way.
        /// </summary>
        public static System.Collections.IDictionary ForHosts(IEnumerable<KeyValuePair<object?, object?>> used, bool ordered)
        {
            if (used == null) throw new ArgumentNullException(nameof(used));
            System.Collections.IDictionary result = ordered ? new System.Collections.Specialized.OrderedDictionary() : (System.Collections.IDictionary)new System.Collections.Hashtable();
            foreach (var e in used)
                if (e.Key != null) result[e.Key] = e.Value;
            return result;
        }

        /// <summary>Why <paramref name="name"/> is refused as an environment variable's name; null when it is not.</summary>
        public static string? NameProblem(string? name)
        {
            // POSIX.1-2017 setenv() ("[EINVAL] The envname argument points to an empty string ..."): an empty name cannot be set.
            if (string.IsNullOrEmpty(name)) return "is " + InputPolicy.BlankText(name) + ", which names no variable";
            foreach (var (breaks, why) in NameRules)
                if (breaks(name!)) return why;
            return null;
        }

        private static string? Value(object value, char separator, out string? problem)
        {
            problem = null;
            switch (value)
            {
                case string s:
                    problem = TextProblem(s, "the value");
                    return s;
                case IDictionary d:
                    problem = "the value is a " + d.GetType().FullName + ", which no environment variable holds.";
                    return null;
                case IEnumerable list:
                    var items = list.Cast<object?>().ToList();
                    var parts = new List<string>(items.Count);
                    for (int i = 0; i < items.Count; i++)
                    {
                        string at = "item " + i.ToString(CultureInfo.InvariantCulture) + " of the path list";
                        var item = items[i];
                        if (item is IEnumerable && !(item is string))
                            problem = at + " is a " + item.GetType().FullName + ", which a path list cannot hold.";
                        else
                        {
                            var text = item == null ? null : Convert.ToString(item, CultureInfo.InvariantCulture);
                            // A null or empty item is an empty element, the current directory (XBD 8.3); white space is a name (a
                            // directory ' '); an item holding the separator would become two elements.
                            problem = string.IsNullOrEmpty(text)
                                ? at + " is " + InputPolicy.BlankText(text) + ": an empty element of a path list names the current directory."
                                : text!.IndexOf(separator) >= 0
                                ? at + " holds '" + separator + "', this platform's path-list separator, so it would become two elements."
                                : TextProblem(text!, at);
                            parts.Add(text!);
                        }
                        if (problem != null) return null;
                    }
                    return string.Join(separator.ToString(), parts);
                default:
                    var t = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                    problem = TextProblem(t, "the value");
                    return t;
            }
        }

        private static string? TextProblem(string text, string what) =>
            text.IndexOf('\0') >= 0 ? what + " holds NUL, which ends an environment entry (the variable would be cut there)."
            : ControlCharacters.HasLoneSurrogate(text) ? what + " holds a lone UTF-16 surrogate: Windows passes it as is, Linux and macOS get U+FFFD; the module refuses it."
            : null;

        private static TeleportArgumentException Refusal(string code, string? key, string what, string action,
            string consequence = "the entry was not used (the variable keeps its inherited value)", string? place = null)
        {
            string at = place ?? Place(key);
            // The message starts with the place (TeleportInputException.Item).
            return new TeleportArgumentException(code, what)
            {
                Item = at,
                TargetObject = at,
                RecommendedAction = action + "; " + consequence + InputPolicy.OthersUsed,
            };
        }

        /// <summary>An entry's place in an error: -Environment['name'], the name escaped and shortened (<see cref="InputPolicy.KeyPlace"/>).</summary>
        public static string Place(string? key) => InputPolicy.KeyPlace("-Environment", key);

        // A key's place among keys naming one variable: with its type (-Environment[1 (Int32)], -Environment['1' (String)])
        // when another key of the group has the same text, so the two places differ; else as Place.
        private static string Place(object key, List<object> group)
        {
            var text = Convert.ToString(key, CultureInfo.InvariantCulture);
            bool sameText = false;
            foreach (var other in group)
                sameText |= !ReferenceEquals(other, key) && string.Equals(Convert.ToString(other, CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
            if (!sameText) return Place(text);
            var place = Place(text);
            var inner = key is string ? place.Substring(0, place.Length - 1) : "-Environment[" + place.Substring("-Environment['".Length, place.Length - "-Environment['".Length - 2);
            return inner + " (" + key.GetType().Name + ")]";
        }
    }
}
