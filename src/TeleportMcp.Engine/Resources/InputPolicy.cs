using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

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
        /// <summary>
        /// A resource as tctl writes it (kind and metadata, as `tctl get role/x --format=json | ConvertFrom-Json` gives):
        /// read by the one resource reader (<see cref="ClusterInput.ReadObject"/>), as a file of that JSON would be.
        /// </summary>
        Document,
        /// <summary>A scoped_role_assignment (TeleportMcp.ScopedRoleAssignment, or a copy): whom it names, for the note on that user's decisions.</summary>
        ScopedRoleAssignment,
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
                if (!n.StartsWith("Deserialized.", StringComparison.Ordinal)) continue;
                foreach (var (kind, type) in Types)
                    if (string.Equals(n, "Deserialized." + type.FullName, StringComparison.Ordinal)) return kind;
            }
            if (!input.IsPropertyBag) return input.Has("Tools") ? InputKind.ProbeResult : InputKind.Unknown;
            // tctl's resource header (kind, version, metadata); no copy of the module's types has a metadata property.
            if (input.Has("kind") && input.Has("metadata")) return InputKind.Document;
            if (input.Has("AllowMcpTools") || input.Has("DenyMcpTools") || input.Has("AllowAppLabels")) return InputKind.Role;
            if (input.Has("Roles") && input.Has("Traits")) return InputKind.User;
            if (input.Has("Assignments") && (input.Has("AssignedUser") || input.Has("BotName"))) return InputKind.ScopedRoleAssignment;
            if (input.Has("Uri") && (input.Has("Transport") || input.Has("IsMcp") || input.Has("Command"))) return InputKind.App;
            if (input.Has("Tools")) return InputKind.ProbeResult;
            return InputKind.Unknown;
        }

        /// <summary>
        /// What an object is, typed or not: one of the module's resources or probe results itself, else as
        /// <see cref="Classify"/> reads a copy.
        /// </summary>
        public static InputKind KindOf(IInputObject input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            if (input.Value != null)
                foreach (var (kind, type) in Types)
                    if (type.IsInstanceOfType(input.Value)) return kind;
            return Classify(input);
        }

        /// <summary>
        /// The one table of the module's types that a loose object can be (each kind's type, and its copy's type name
        /// Deserialized.&lt;type&gt;): <see cref="KindOf(Type)"/>, <see cref="TypeOf"/> and <see cref="ResourceCopies.Of"/> read it.
        /// </summary>
        private static readonly (InputKind Kind, Type Type)[] Types =
        {
            (InputKind.Role, typeof(Role)),
            (InputKind.User, typeof(User)),
            (InputKind.App, typeof(App)),
            (InputKind.ScopedRoleAssignment, typeof(ScopedRoleAssignment)),
            (InputKind.ProbeResult, typeof(ProbeResult)),
        };

        /// <summary>The kind of one of the module's types (Role, User, App, ScopedRoleAssignment, ProbeResult); Unknown for any other.</summary>
        public static InputKind KindOf(Type type)
        {
            foreach (var (kind, t) in Types)
                if (t == type) return kind;
            return InputKind.Unknown;
        }

        /// <summary>The type of a kind (<see cref="KindOf(Type)"/> in reverse); null for Unknown and Document, which have none.</summary>
        public static Type? TypeOf(InputKind kind)
        {
            foreach (var (k, type) in Types)
                if (k == kind) return type;
            return null;
        }

        /// <summary>
        /// What a piped object is, for an error about it: its type and, where present, its kind and metadata.name (part of
        /// tctl's header) or else its property names, made safe for output.
        /// </summary>
        public static string Describe(IInputObject input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            string type = TypeText(input);
            if (input.Value is string text) return "the text '" + Shown(text) + "'";
            if (!input.IsPropertyBag) return "a " + type + (input.Value is IEnumerable ? "" : " '" + Shown(input.Value?.ToString()) + "'");
            var details = new List<string>();
            if (input.ValueOf("kind")?.Value is string kind) details.Add("kind '" + Shown(kind) + "'");
            if (input.ValueOf("metadata")?.ValueOf("name")?.Value is string name) details.Add("name '" + Shown(name) + "'");
            if (details.Count == 0)
            {
                var names = input.Properties().Select(p => p.Key).ToList();
                details.Add(names.Count == 0 ? "no properties" : (input.Value is IDictionary ? "keys " : "properties ") + Common.ListText.Join(", ", names.Select(Shown)));
            }
            return "a " + type + " (" + string.Join(", ", details) + ")";
        }

        /// <summary>
        /// An object's type in a message: its most derived type name (Deserialized.TeleportMcp.Role, System.IO.FileInfo), but
        /// "custom object" for ConvertFrom-Json's and [pscustomobject]'s bag, whose .NET name says nothing to an admin.
        /// </summary>
        public static string TypeText(IInputObject input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            string type = input.TypeNames.FirstOrDefault() ?? input.Value?.GetType().FullName ?? "null";
            return type == "System.Management.Automation.PSCustomObject" ? "custom object" : type;
        }

        /// <summary>
        /// The place of a dictionary entry in an error (-Environment['A=B'], -AppLabels['']): the key escaped (control
        /// characters, line breaks, lone surrogates) and shortened, in single quotes; [null] for a null key.
        /// </summary>
        public static string KeyPlace(string parameter, string? key) =>
            parameter + "[" + (key == null ? "null" : "'" + Shown(key) + "'") + "]";

        // A name, kind or key in quotes: its line breaks and tabs escaped too, so it cannot start a line of its own in the error.
        private static string Shown(string? text) => Output.OutputText.SafeName(Platform.BoundedCapture.Shorten(text)) ?? "";

        /// <summary>The id of a piped object a command cannot use (Test-TeleportMcpRole, Test-TeleportMcpApp, Get-TeleportMcpServing).</summary>
        public const string NotUsedCode = "InvalidPipelineInput";

        /// <summary>
        /// A piped object that is none of what <paramref name="command"/> takes (<paramref name="takes"/>): that item's
        /// error (<see cref="NotUsedCode"/>, an argument error), naming what it got (<see cref="Describe"/>). The caller
        /// targets the object as given, goes on with the others, and answers -Quiet $false.
        /// </summary>
        public static Common.TeleportArgumentException NotUsed(string command, string takes, IInputObject input, string action) =>
            new Common.TeleportArgumentException(NotUsedCode, command + " takes " + takes + "; got " + Describe(input) + ".")
            {
                RecommendedAction = action + OthersPipedUsed + ", and -Quiet answers $false.",
            };

        /// <summary>
        /// The one rule for an item of a list of names (users, apps, tools, roles, patterns): null, empty or white space
        /// only names nothing. No user name can be one (McpToolsPlan.CheckUserName refuses a name that starts or ends with
        /// white space before tctl sees it), and as a pattern it would select nothing the user meant; so among other values
        /// it is that item's error, naming its place, and the good values are still used (<see cref="Choice.AllFrom{T}"/>,
        /// <see cref="Items"/>).
        /// </summary>
        public static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

        /// <summary>What a blank item is, in its error: "null", "an empty name", "a name of white space only".</summary>
        public static string BlankText(string? value) =>
            value == null ? "null" : value.Length == 0 ? "an empty name" : "a name of white space only";

        /// <summary>
        /// How a refused item's RecommendedAction ends where the command goes on with the values beside it (every list but
        /// Set-TeleportMcpTools's, which changes no user while any value is refused; <see cref="HeldBack"/>).
        /// </summary>
        public const string OthersUsed = "; the other values were used.";

        /// <summary>The same for an object refused in a pipeline (<see cref="NotUsed"/>, PipedUser).</summary>
        public const string OthersPipedUsed = "; the other piped objects were still used";

        /// <summary>
        /// A refused item's error for a command that uses none of its input when any item is refused (Set-TeleportMcpTools,
        /// McpToolsUpdate.Run): the "others were used" ending (<see cref="OthersUsed"/>, <see cref="OthersPipedUsed"/>) is
        /// replaced by <paramref name="consequence"/>, so no error says the values beside it were used when none was.
        /// </summary>
        public static Common.TeleportInputException HeldBack(Common.TeleportInputException e, string consequence)
        {
            if (e == null) throw new ArgumentNullException(nameof(e));
            var action = e.RecommendedAction ?? "";
            int at = action.IndexOf(OthersUsed, StringComparison.Ordinal);
            if (at < 0) at = action.IndexOf(OthersPipedUsed, StringComparison.Ordinal);
            e.RecommendedAction = (at < 0 ? action.TrimEnd('.') : action.Substring(0, at)) + "; " + consequence;
            return e;
        }

        /// <summary>The id of a blank item of a list of plain names or patterns (<see cref="Items"/>).</summary>
        public const string BlankItemCode = "BlankListItem";

        /// <summary>
        /// The items of a list of plain names or patterns given to <paramref name="parameter"/> (-App, -Tool, -Name of the
        /// commands that take names only), by the rule of <see cref="IsBlank"/>: each blank item is one error to
        /// <paramref name="unread"/> (<see cref="BlankItemCode"/>, naming its place as PowerShell indexes the list: -App[1])
        /// and left out; the good items are returned in order. Null when the parameter was not given. An empty result
        /// from a list that was given means nothing is left to select by, and the caller must then refuse the call, never
        /// drop the filter (which would select everything). A list holding only nulls and empty strings is refused by
        /// the command before (PowerShell's own "null or empty" error, <see cref="NullOrEmpty"/>).
        /// </summary>
        public static List<string>? Items(string parameter, IReadOnlyList<string?>? values, Action<Common.TeleportInputException> unread) =>
            ObjectItems(parameter, values, v => v, unread);

        /// <summary>
        /// <see cref="Items"/> for a list of objects
        /// (-Session's sessions, the fleet cmdlets): a null item, or one whose name (<paramref name="nameOf"/>) is blank, is
        /// that item's error (<see cref="BlankItemCode"/>, naming its place) and left out; the good items are returned in order.
        /// </summary>
        public static List<T>? ObjectItems<T>(string parameter, IReadOnlyList<T?>? values, Func<T, string?> nameOf, Action<Common.TeleportInputException> unread) where T : class
        {
            if (values == null) return null;
            if (unread == null) throw new ArgumentNullException(nameof(unread));
            if (nameOf == null) throw new ArgumentNullException(nameof(nameOf));
            var result = new List<T>(values.Count);
            for (int i = 0; i < values.Count; i++)
            {
                var v = values[i];
                string? name = v == null ? null : nameOf(v);
                if (!IsBlank(name))
                {
                    result.Add(v!);
                    continue;
                }
                var at = Choice.ItemOf(parameter, i, values.Count);
                unread(new Common.TeleportArgumentException(BlankItemCode, parameter + " got " + BlankText(name) + ", which names nothing.")
                {
                    Item = at,
                    TargetObject = at ?? parameter,
                    RecommendedAction = "Remove the item or give the name it was meant to hold" + (values.Count > 1 ? OthersUsed : "."),
                });
            }
            return result;
        }

        /// <summary>
        /// The same rule for the names one piped record bound (by value, or by property name: Get-TeleportResource -Name):
        /// a blank value is that record's error even alone (<see cref="BlankItemCode"/>; a record that bound no value, or an
        /// empty list, is one such value), so a piped $null or '' is never skipped unseen nor read as "no name given" (which
        /// would select everything). A record's list of more than one value names each blank one's place (-Name[1]).
        /// </summary>
        public static List<string> PipedItems(string parameter, IReadOnlyList<string?>? values, Action<Common.TeleportInputException> unread)
        {
            if (unread == null) throw new ArgumentNullException(nameof(unread));
            var given = values == null || values.Count == 0 ? new string?[] { null } : values;
            var result = new List<string>(given.Count);
            for (int i = 0; i < given.Count; i++)
            {
                var v = given[i];
                if (!IsBlank(v))
                {
                    result.Add(v!);
                    continue;
                }
                var at = Choice.ItemOf(parameter, i, given.Count);
                string got = values != null && values.Count == 0 ? "an empty list" : BlankText(v);
                unread(new Common.TeleportArgumentException(BlankItemCode, parameter + " got " + got + " from a piped object, which names nothing.")
                {
                    Item = at,
                    TargetObject = at ?? parameter,
                    RecommendedAction = "Leave the object out or give the name it was meant to hold" + (given.Count > 1 ? "; the other values of that object were used" : "") + OthersPipedUsed + ".",
                });
            }
            return result;
        }

        /// <summary>Whether a list given holds nothing but nulls and empty strings (or nothing at all): PowerShell's usual "argument is null or empty" refusal of the whole parameter.</summary>
        public static bool NullOrEmpty(IReadOnlyCollection<string?>? values) => values == null || values.All(string.IsNullOrEmpty);

        /// <summary><see cref="NullOrEmpty"/> for a list of objects named by <paramref name="nameOf"/> (a null item has no name).</summary>
        public static bool NullOrEmptyObjects<T>(IReadOnlyCollection<T?>? values, Func<T, string?> nameOf) where T : class =>
            values == null || values.All(v => v == null || string.IsNullOrEmpty(nameOf(v)));

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
