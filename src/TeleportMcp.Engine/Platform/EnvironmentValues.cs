using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>-Environment of Test-TeleportMcpApp and Invoke-TeleportMcpDiagnosis: the variables a launched server gets on top of the inherited ones.</summary>
    public static class EnvironmentValues
    {
        /// <summary>The id of an entry whose name no environment can hold (<see cref="NameRules"/>).</summary>
        public const string InvalidNameCode = "InvalidEnvironmentName";

        /// <summary>The id of an entry whose value no environment can hold as given (<see cref="ValueProblem"/>).</summary>
        public const string InvalidValueCode = "InvalidEnvironmentValue";

        /// <summary>
        /// What makes a name no environment variable's name, first match wins. A blank name (null, empty, white space only)
        /// names nothing, by the module's one rule (<see cref="InputPolicy.IsBlank"/>).
        /// </summary>
        private static readonly (Func<string, bool> Breaks, string Why)[] NameRules =
        {
            // POSIX.1-2017 XBD 8.1 ("name=value"; names "shall not contain the character '='") and Windows' "Environment
            // Variables" (learn.microsoft.com/windows/win32/procthread/environment-variables: "cannot include an equal sign").
            (n => n.IndexOf('=') >= 0, "holds '=', which ends an environment variable's name (name=value)"),
            // XBD 8.1 and the Windows environment block: each entry is a NUL-terminated string, so the name would be cut there.
            (n => n.IndexOf('\0') >= 0, "holds NUL, which ends an environment entry"),
            // XBD 8.1: portable names are letters, digits and '_'; no shell can name a variable holding a control character.
            (n => n.Any(ControlCharacters.IsControl), "holds a control character, which no shell can name"),
            // Unicode 15.1 §3.9 D91: ill-formed UTF-16; Linux and macOS pass the environment as UTF-8, where it becomes U+FFFD (another name).
            (ControlCharacters.HasLoneSurrogate, "holds a lone UTF-16 surrogate, which a UTF-8 environment (Linux, macOS) gets as U+FFFD, another name"),
        };

        /// <summary>
        /// Name to value: a list value is a path list (joined with this platform's separator, ':' or ';'); a null value
        /// unsets the variable. The values are plain (unwrapped) objects. An entry no environment can hold is its own
        /// error to <paramref name="refused"/>, naming its key (escaped), and is left out (the inherited variable stays
        /// as it is); the other entries are still used: a blank name, or one <see cref="NameRules"/> refuses; a dictionary
        /// value; a list holding a list, a dictionary or a blank item (an empty element of a path list names the current
        /// directory, POSIX.1-2017 XBD 8.3 PATH); a text holding NUL or a lone surrogate.
        /// </summary>
        public static Dictionary<string, string> From(IEnumerable<KeyValuePair<object?, object?>> entries, Action<TeleportInputException> refused)
        {
            if (refused == null) throw new ArgumentNullException(nameof(refused));
            var env = new Dictionary<string, string>();
            if (entries == null) return env;
            foreach (var e in entries)
            {
                var key = e.Key == null ? null : Convert.ToString(e.Key, CultureInfo.InvariantCulture);
                var why = NameProblem(key);
                if (why != null)
                {
                    refused(Refusal(InvalidNameCode, key, "the name " + why + ".", "Give the variable a name without it"));
                    continue;
                }
                if (e.Value == null)
                {
                    env[key!] = null!; // null unsets the variable (the launcher removes it)
                    continue;
                }
                var value = Value(e.Value, out var problem);
                if (problem != null)
                {
                    refused(Refusal(InvalidValueCode, key, problem, "Give a text, a number, or a list of texts (a path list)"));
                    continue;
                }
                env[key!] = value!;
            }
            return env;
        }

        /// <summary>Why <paramref name="name"/> can be no environment variable's name; null when it can.</summary>
        public static string? NameProblem(string? name)
        {
            if (InputPolicy.IsBlank(name)) return "is " + InputPolicy.BlankText(name) + ", which names no variable";
            foreach (var (breaks, why) in NameRules)
                if (breaks(name!)) return why;
            return null;
        }

        private static string? Value(object value, out string? problem)
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
                            problem = InputPolicy.IsBlank(text)
                                ? at + " is " + InputPolicy.BlankText(text) + ": an empty element of a path list names the current directory."
                                : TextProblem(text!, at);
                            parts.Add(text!);
                        }
                        if (problem != null) return null;
                    }
                    return string.Join(Path.PathSeparator.ToString(), parts);
                default:
                    var t = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                    problem = TextProblem(t, "the value");
                    return t;
            }
        }

        private static string? TextProblem(string text, string what) =>
            text.IndexOf('\0') >= 0 ? what + " holds NUL, which ends an environment entry (the variable would be cut there)."
            : ControlCharacters.HasLoneSurrogate(text) ? what + " holds a lone UTF-16 surrogate, which a UTF-8 environment (Linux, macOS) gets as U+FFFD."
            : null;

        private static TeleportArgumentException Refusal(string code, string? key, string what, string action)
        {
            string at = Place(key);
            // The message starts with the place (TeleportInputException.Item).
            return new TeleportArgumentException(code, what)
            {
                Item = at,
                TargetObject = at,
                RecommendedAction = action + "; the entry was not used (the variable keeps its inherited value)" + InputPolicy.OthersUsed,
            };
        }

        /// <summary>An entry's place in an error: -Environment['name'], the name escaped and shortened (<see cref="InputPolicy.KeyPlace"/>).</summary>
        public static string Place(string? key) => InputPolicy.KeyPlace("-Environment", key);
    }
}
