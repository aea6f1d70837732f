using System;
using System.Collections;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>What a pipeline object is, to a cmdlet that takes roles, users, apps and probe results together.</summary>
    public enum InputKind
    {
        Unknown,
        Role,
        User,
        App,
        /// <summary>A live probe's result (or any object with a list of tools): its tools, on its own app.</summary>
        ProbeResult,
    }

    /// <summary>The module's input rules, decided once: what a loose object is, and what -Quiet answers.</summary>
    public static class InputPolicy
    {
        /// <summary>
        /// Classifies an object that lost its type (Import-Clixml, remoting, jobs: Deserialized.TeleportMcp.*;
        /// ConvertFrom-Json and hashtables: by its properties). A typed object needs no rule.
        /// </summary>
        public static InputKind Classify(IInputObject input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            foreach (var n in input.TypeNames)
            {
                switch (n)
                {
                    case "Deserialized.TeleportMcp.Role": return InputKind.Role;
                    case "Deserialized.TeleportMcp.User": return InputKind.User;
                    case "Deserialized.TeleportMcp.App": return InputKind.App;
                    case "Deserialized.TeleportMcp.ProbeResult": return InputKind.ProbeResult;
                }
            }
            if (!input.IsPropertyBag) return input.Has("Tools") ? InputKind.ProbeResult : InputKind.Unknown;
            if (input.Has("AllowMcpTools") || input.Has("DenyMcpTools") || input.Has("AllowAppLabels")) return InputKind.Role;
            if (input.Has("Roles") && input.Has("Traits")) return InputKind.User;
            if (input.Has("Uri") && (input.Has("Transport") || input.Has("IsMcp") || input.Has("Command"))) return InputKind.App;
            if (input.Has("Tools")) return InputKind.ProbeResult;
            return InputKind.Unknown;
        }

        /// <summary>
        /// -Quiet's answer: true only when something was examined and nothing failed. A check of nothing is never a
        /// pass (an unmatched name, an empty folder, a filter that left nothing).
        /// </summary>
        public static bool QuietAnswer(int examined, bool nothingFailed) => examined > 0 && nothingFailed;

        /// <summary>
        /// A dictionary's entry for a property name: keys are matched ignoring case, as PowerShell matches property names
        /// (a hashtable written in a script, a dictionary from any other source alike); the first such key wins.
        /// </summary>
        public static bool Entry(IDictionary dictionary, string name, out object? value)
        {
            if (dictionary == null) throw new ArgumentNullException(nameof(dictionary));
            foreach (DictionaryEntry e in dictionary)
            {
                if (string.Equals(e.Key?.ToString(), name, StringComparison.OrdinalIgnoreCase))
                {
                    value = e.Value;
                    return true;
                }
            }
            value = null;
            return false;
        }
    }
}
