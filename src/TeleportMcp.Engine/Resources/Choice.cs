using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// A user or app named on the command line or bound from a piped object: the object itself, a name to look up among
    /// the given resources, or an object given as it came (a copy that lost its type, an audit event), read when it is used.
    /// </summary>
    public class Choice<T> where T : TeleportResource
    {
        internal Choice(T? resource, string? name, IInputObject? given, TeleportInputException? refusal = null)
        {
            // An object the module wrote earlier is used with the values it was read with (ClusterInput.AsRead), its name too.
            Resource = resource == null ? null : ClusterInput.AsRead(resource);
            Name = resource == null ? name : Resource!.Name;
            Given = given;
            Refusal = refusal;
        }

        public T? Resource { get; }
        public string? Name { get; }

        /// <summary>The object as given when it is neither a name nor a <typeparamref name="T"/>; null otherwise.</summary>
        public IInputObject? Given { get; }

        /// <summary>
        /// Why the object given cannot stand for a <typeparamref name="T"/> (a file or a hashtable where a user name is
        /// expected, a list inside the list): the parameter took it so that it is this item's error, not a binding error
        /// that drops it before any verdict knows it was given. Null for a usable choice. Not a public property: a choice
        /// is never written, and the refusal leaves the module only as an error record (redacted there).
        /// </summary>
        internal TeleportInputException? Refusal { get; }

        public override string? ToString() => Name;
    }

    /// <summary>
    /// What a -User or -App parameter that takes objects or names (Test-TeleportMcpRole, Test-TeleportMcpApp,
    /// Test-TeleportMcpClient, New-TeleportMcpRole) received, one rule for every such parameter: the resource itself, a
    /// copy of one rebuilt (<see cref="ResourceCopies"/>), or anything else by its text (a name, looked up later).
    /// </summary>
    public static class Choice
    {
        public static Choice<T> Of<T>(T resource) where T : TeleportResource => new Choice<T>(resource, resource.Name, null);
        public static Choice<T> Named<T>(string? name) where T : TeleportResource => new Choice<T>(null, name, null);

        /// <summary>
        /// The choice as it is used (<see cref="FromObject{T}"/> for a given object). A TeleportInputException when the
        /// object stands for no <typeparamref name="T"/>, or a property of a copy does not read.
        /// </summary>
        public static Choice<T> Read<T>(Choice<T> choice, Action<string> warning) where T : TeleportResource => Read(choice, warning, true);

        private static Choice<T> Read<T>(Choice<T> choice, Action<string> warning, bool names) where T : TeleportResource
        {
            if (choice?.Refusal != null) throw choice.Refusal;
            if (choice?.Given == null) return choice!;
            return FromObject<T>(choice.Given, warning, names);
        }

        /// <summary>
        /// The module's one rule for an object given where a <typeparamref name="T"/> or its name is expected (every -User,
        /// -App and -Role that takes objects, and New-TeleportMcpRole's piped -App):
        /// <list type="bullet">
        /// <item>a string is a name, a whole number a name as PowerShell writes it (a user called 1001);</item>
        /// <item>a <typeparamref name="T"/>, or a copy of one with a Name (Import-Clixml, ConvertFrom-Json, a hashtable), is
        /// itself; a copy that carries nothing but its Name (@{ Name = 'files' }) names one, to be looked up;</item>
        /// <item>what stands for one without being one: a probe result for its app (its App, else its AppName); for a user,
        /// an object's User property (an audit event, a CSV row, a probe's user; <see cref="PipedUser"/>);</item>
        /// <item>a resource as tctl writes it (kind and metadata: `tctl get app/x --format json | ConvertFrom-Json`) is the
        /// resource the one reader makes of it (<see cref="FromDocument{T}"/>);</item>
        /// <item>anything else is refused (<see cref="NotAnObjectCode{T}"/>; for a user PipedObjectNotUser), naming what it
        /// is: another kind's object or copy (a role's Name is not an app's), a copy without a Name, a file, a Select-String
        /// match, an object without any property of one. Its text ("", a path, "System.Collections.Hashtable") is never
        /// looked up as a name.</item>
        /// </list>
        /// <paramref name="warning"/> receives the reader's warnings about a document.
        /// </summary>
        public static Choice<T> FromObject<T>(IInputObject given, Action<string> warning) where T : TeleportResource => FromObject<T>(given, warning, true);

        /// <param name="names">The parameter also takes names; false for one that takes objects only (<see cref="Objects{T}"/>), whose refusal must not offer names.</param>
        private static Choice<T> FromObject<T>(IInputObject given, Action<string> warning, bool names) where T : TeleportResource
        {
            if (given == null) throw new ArgumentNullException(nameof(given));
            switch (given.Value)
            {
                case null:
                    return Named<T>(null);
                case string name:
                    return Named<T>(name);
                case T resource:
                    return Of(resource);
            }
            var want = InputPolicy.KindOf(typeof(T));
            var kind = InputPolicy.KindOf(given);
            bool isUser = want == InputKind.User;
            if (kind == InputKind.Document) return FromDocument<T>(given, warning, names);
            if (kind != want && kind != InputKind.Unknown)
            {
                if (want == InputKind.App && kind == InputKind.ProbeResult) return ProbedApp<T>(given, names);
                if (isUser) return UserOf<T>(given);
                throw NotAnObject<T>(TypeAndName(given) + ", a " + KindText(kind) + " or a copy of one, not a" + Article(want) + " " + KindText(want), names);
            }
            if (!PipedUser.UserIsOwner(given.Value) && ResourceCopies.From<T>(given) is T copy)
            {
                if (string.IsNullOrEmpty(copy.Name))
                    throw NotAnObject<T>(InputPolicy.Describe(given) + ", a copy of a" + Article(want) + " " + KindText(want) + " without a Name", names);
                if (ResourceCopies.NameOnly<T>(given)) return Named<T>(copy.Name);
                if (ResourceCopies.ShownOnlyNote(copy) is string shownOnly) warning(shownOnly);
                return Of(copy);
            }
            if (isUser) return UserOf<T>(given);
            if (WholeNumber(given.Value) is string number) return Named<T>(number);
            throw NotAnObject<T>(InputPolicy.Describe(given), names);
        }

        /// <summary>
        /// An object that is no user, given where a user is expected: its User property holding a user (a TeleportMcp.User,
        /// or a copy of one; a copy holding only its Name names one) is that user, as the property itself would bind -User by
        /// name; else what <see cref="PipedUser.NameOf(IInputObject)"/> names (or its refusal). One level: the property's own
        /// User is not followed, and a file's User (its owner) is never read.
        /// </summary>
        private static Choice<T> UserOf<T>(IInputObject given) where T : TeleportResource
        {
            var property = PipedUser.UserIsOwner(given.Value) ? null : given.ValueOf("User");
            if (property?.Value is T user && !string.IsNullOrEmpty(user.Name)) return Of(user);
            if (property?.Value != null && !(property.Value is string) && InputPolicy.KindOf(property) is var kind &&
                (kind == InputKind.User || kind == InputKind.Unknown) && ResourceCopies.From<T>(property) is T copy &&
                !string.IsNullOrEmpty(copy.Name))
                return ResourceCopies.NameOnly<T>(property) ? Named<T>(copy.Name) : Of(copy);
            return Named<T>(PipedUser.NameOf(given));
        }

        /// <summary>A probe result given where an app is expected: its App (or a copy of it), else its AppName, looked up.</summary>
        private static Choice<T> ProbedApp<T>(IInputObject probe, bool names) where T : TeleportResource
        {
            var app = probe.ValueOf("App");
            if (app != null)
            {
                if (ResourceCopies.From<T>(app) is T copy && !string.IsNullOrEmpty(copy.Name)) return Of(copy);
            }
            if (probe.ValueOf("AppName")?.Value is string name && name.Length > 0) return Named<T>(name);
            throw NotAnObject<T>(InputPolicy.Describe(probe) + ", a probe result that names no app", names);
        }

        /// <summary>
        /// A resource as tctl writes it, given where a <typeparamref name="T"/> is expected: written back as its JSON and read
        /// by the one resource reader (<see cref="ResourceReader.ReadText(string, string, System.Threading.CancellationToken)"/>,
        /// as Import-TeleportResource and a piped document are read), so tctl's rules apply as they do to a file. tctl get
        /// --format json writes an array of resources (tool/tctl/common/collection.go writeJSON: utils.WriteJSONArray of the
        /// collection's resources; lib/utils/jsontools.go @0dc16ca6); ConvertFrom-Json gives each item, one document each.
        /// The reader's warnings go to <paramref name="warning"/>; its first error refuses the value (with its code and
        /// place); a document of another kind, or one the reader skips, is refused as another kind's object is.
        /// </summary>
        private static Choice<T> FromDocument<T>(IInputObject given, Action<string> warning, bool names) where T : TeleportResource
        {
            if (warning == null) throw new ArgumentNullException(nameof(warning));
            T? read = null;
            ResourceDiagnostic? error = null;
            int errors = 0;
            foreach (var item in ResourceReader.ReadText(PipedObjectJson.Of(given), SourceLocation.Pipeline, System.Threading.CancellationToken.None))
            {
                if (item.Resource is T resource) read ??= resource;
                else if (item.Resource != null) continue;
                else if (item.Diagnostic!.Level == DiagnosticLevel.Error)
                {
                    error ??= item.Diagnostic;
                    errors++;
                }
                else if (item.Diagnostic.Level == DiagnosticLevel.Warning) warning(item.Diagnostic.ToString());
            }
            if (error != null)
                throw new TeleportInputException(error.Code, error.Message + (errors > 1 ? " (and " + (errors - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + " more error(s) in it)" : ""), error.Location)
                {
                    LineText = error.LineText,
                    TargetObject = given.Original,
                    RecommendedAction = (error.RecommendedAction != null ? error.RecommendedAction + " " : "") + "Fix the resource" + InputPolicy.OthersUsed,
                };
            if (read != null) return Of(read);
            var want = InputPolicy.KindOf(typeof(T));
            throw NotAnObject<T>(InputPolicy.Describe(given) + ", a tctl resource that is not a" + Article(want) + " " + KindText(want), names);
        }

        /// <summary>One of the module's objects (or a copy) in an error: its type and Name, made safe; else what <see cref="InputPolicy.Describe"/> says.</summary>
        private static string TypeAndName(IInputObject given) =>
            given.ValueOf("Name")?.Value is string name
                ? "a " + InputPolicy.TypeText(given) + " named '" + Output.OutputText.SafeName(Platform.BoundedCapture.Shorten(name)) + "'"
                : InputPolicy.Describe(given);

        /// <summary>The text of a whole number (PowerShell passes -App 42 as an Int32); null for anything else.</summary>
        internal static string? WholeNumber(object? value) =>
            value is int || value is long || value is short || value is uint || value is ulong || value is ushort || value is byte || value is sbyte
                ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;

        private static string KindText(InputKind kind) => kind switch
        {
            InputKind.ProbeResult => "probe result",
            InputKind.ScopedRoleAssignment => ResourceReader.ScopedRoleAssignmentKind,
            InputKind.Document => "tctl resource",
            _ => kind.ToString().ToLowerInvariant(),
        };

        private static string Article(InputKind kind) => kind == InputKind.App ? "n" : "";

        /// <summary>
        /// The refusal of an object given where a <typeparamref name="T"/> is expected (<see cref="NotAnObjectCode{T}"/>):
        /// what it is, made safe (its property names, never their values); the caller's error targets the object as given.
        /// </summary>
        /// <remarks>
        /// <paramref name="names"/>: the parameter also takes names (and, for -App, probe results); one that takes objects
        /// only (-Role, Test-TeleportMcpClient -App) says so, as its refusal of a name does (<see cref="Objects{T}"/>).
        /// </remarks>
        private static TeleportArgumentException NotAnObject<T>(string what, bool names) where T : TeleportResource
        {
            string type = typeof(T).Name;
            string kind = type.ToLowerInvariant();
            return new TeleportArgumentException(typeof(T) == typeof(User) ? PipedUser.NotAUserCode : NotAnObjectCode<T>(),
                "-" + type + " takes TeleportMcp." + type + " objects (" + (names ? "" : "Import-TeleportResource output, ") + "or a copy of one from Import-Clixml or ConvertFrom-Json)" +
                (names ? ", " + kind + " names" + (typeof(T) == typeof(App) ? " or probe results" : "") : "") + "; got " + what + ".")
            {
                RecommendedAction = (names ? "Give " + kind + " names or the objects Import-TeleportResource writes" : "Pass the objects Import-TeleportResource writes") +
                                    InputPolicy.OthersUsed,
            };
        }

        /// <summary>
        /// The values given on the command line, each read on its own (null when the parameter was not given): a value
        /// that was refused or does not read is reported to <paramref name="unread"/> (the error, with the object given as
        /// its target) and left out; the values beside it are kept. The caller's run notes it, so its verdict cannot pass.
        /// </summary>
        /// <remarks>
        /// In a list of more than one value each error names the value's place (-App[2], <see cref="TeleportInputException.Item"/>),
        /// and a blank value (null, empty, white space only; <see cref="InputPolicy.IsBlank"/>) is that item's error. The command
        /// refuses a list holding only nulls and empty names before (<see cref="NullOrEmpty{T}"/>, PowerShell's own error), so
        /// a blank value that reaches here alone is one piped record's (bound by value), and its error names no place.
        /// </remarks>
        public static List<Choice<T>>? AllFrom<T>(IEnumerable<Choice<T>?>? given, Action<TeleportInputException> unread, Action<string> warning) where T : TeleportResource =>
            Each(given, unread, warning, Source.CommandLine);

        /// <summary>Where the values of a list came from, which decides what a null or empty value among them is (<see cref="Each{T}"/>).</summary>
        private enum Source
        {
            /// <summary>The command line: a null or empty value beside others is that item's error; alone, the command refused it before (<see cref="NullOrEmpty{T}"/>) or reads it by its own rule.</summary>
            CommandLine,
            /// <summary>One piped record bound by value (or by property name where the parameter takes names only): a null or empty value is that record's error, never skipped unseen.</summary>
            Piped,
            /// <summary>A piped object's property bound by property name where that property may be absent in meaning (a null User of an app object): a null or empty value is skipped.</summary>
            Property,
        }

        /// <remarks>
        /// A value of white space only is that item's error from every source (<see cref="InputPolicy.IsBlank"/>). The place of
        /// each value is its index in the list as given, empty values counted, as PowerShell indexes it.
        /// </remarks>
        private static List<Choice<T>>? Each<T>(IEnumerable<Choice<T>?>? given, Action<TeleportInputException> unread, Action<string> warning, Source source) where T : TeleportResource
        {
            if (given == null) return null;
            if (unread == null) throw new ArgumentNullException(nameof(unread));
            var values = given as IReadOnlyList<Choice<T>?> ?? given.ToList();
            var result = new List<Choice<T>>(values.Count);
            for (int i = 0; i < values.Count; i++)
            {
                var c = values[i];
                var at = ItemOf("-" + typeof(T).Name, i, values.Count);
                bool nullOrEmpty = IsNullOrEmpty(c);
                if (nullOrEmpty && source == Source.Property) continue;
                if (IsBlank(c) && (!nullOrEmpty || source == Source.Piped || values.Count > 1))
                {
                    unread(NullItem<T>(c, at, true));
                    continue;
                }
                var read = TryRead(c ?? Named<T>(null), e => unread(Placed(e, at)), warning);
                if (read != null) result.Add(read);
            }
            return result;
        }

        /// <summary>The place of a value in a list given to <paramref name="parameter"/> (-App[2], as PowerShell indexes it); null for a value given alone.</summary>
        internal static string? ItemOf(string parameter, int index, int count) =>
            count > 1 ? parameter + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]" : null;

        private static TeleportInputException Placed(TeleportInputException e, string? at)
        {
            if (at != null) e.Item ??= at;
            return e;
        }

        /// <summary>A blank value (null, empty, white space only; <see cref="IsBlank{T}"/>): that item's error (the same id as any value that stands for no <typeparamref name="T"/>).</summary>
        internal static TeleportInputException NullItem<T>(Choice<T>? value, string? at, bool names) where T : TeleportResource
        {
            var e = NotAnObject<T>(InputPolicy.BlankText(value?.Name), names);
            e.Item = at;
            e.TargetObject = at;
            return e;
        }

        /// <summary>
        /// The id of a value a parameter that takes <typeparamref name="T"/> objects cannot use (InvalidRoleObject,
        /// InvalidAppObject): a name, or an object that is no copy of one.
        /// </summary>
        public static string NotAnObjectCode<T>() where T : TeleportResource => "Invalid" + typeof(T).Name + "Object";

        /// <summary>
        /// The objects of a parameter that takes <typeparamref name="T"/> objects only (-Role, Test-TeleportMcpClient's -App):
        /// each value read on its own; one that was refused, does not read, or is no <typeparamref name="T"/> nor a copy of
        /// one (a name, a file) is that item's error to <paramref name="unread"/>, and the objects beside it are kept.
        /// <paramref name="filesParameter"/> is the running cmdlet's parameter that reads such files (-Path), or null when it has none.
        /// </summary>
        public static List<T> Objects<T>(IEnumerable<Choice<T>?>? given, string parameter, string? filesParameter, Action<TeleportInputException> unread, Action<string> warning) where T : TeleportResource
        {
            if (unread == null) throw new ArgumentNullException(nameof(unread));
            var values = given as IReadOnlyList<Choice<T>?> ?? (given ?? Enumerable.Empty<Choice<T>?>()).ToList();
            var result = new List<T>(values.Count);
            for (int i = 0; i < values.Count; i++)
            {
                var c = values[i];
                var at = ItemOf(parameter, i, values.Count);
                if (c == null || IsNullOrEmpty(c))
                {
                    // Given alone, a null is PowerShell's own validation error (NullOrEmpty); beside others, that item's.
                    if (values.Count > 1) unread(NullItem<T>(c, at, false));
                    continue;
                }
                var read = TryRead(c, e => unread(Placed(e, at)), warning, false);
                if (read == null) continue;
                if (read.Resource != null)
                {
                    result.Add(read.Resource);
                    continue;
                }
                string kind = typeof(T).Name.ToLowerInvariant();
                string name = "'" + Output.OutputText.SafeName(Platform.BoundedCapture.Shorten(read.Name)) + "'";
                string got = c.Given?.Value is object value && !(value is string)
                    ? "a " + InputPolicy.TypeText(c.Given) + (read.Name != null ? " that holds only the name " + name + ", no copy of a " + kind : " that is no copy of a " + kind)
                    : "the name " + name;
                unread(new TeleportArgumentException(NotAnObjectCode<T>(),
                    parameter + " takes TeleportMcp." + typeof(T).Name + " objects (Import-TeleportResource output, or a copy of one from Import-Clixml or ConvertFrom-Json); got " + got + ".")
                {
                    TargetObject = c.Given?.Original ?? read.Name,
                    Item = at,
                    RecommendedAction = (filesParameter != null ? "Give the " + kind + "s' files with " + filesParameter + ", or pass" : "Pass") +
                                        " the objects Import-TeleportResource writes (Import-TeleportResource " + kind + "s.yaml)" + InputPolicy.OthersUsed,
                });
            }
            return result;
        }

        /// <summary>Whether the value was refused by its parameter (<see cref="Choice{T}.Refusal"/>); its error then went to <paramref name="unread"/>.</summary>
        public static bool Refused<T>(Choice<T>? choice, Action<TeleportInputException> unread) where T : TeleportResource
        {
            if (choice?.Refusal == null) return false;
            unread(choice.Refusal);
            return true;
        }

        /// <summary>The choice read (<see cref="Read{T}"/>), or null after its error went to <paramref name="unread"/> with the object given as target.</summary>
        public static Choice<T>? TryRead<T>(Choice<T> choice, Action<TeleportInputException> unread, Action<string> warning) where T : TeleportResource =>
            TryRead(choice, unread, warning, true);

        private static Choice<T>? TryRead<T>(Choice<T> choice, Action<TeleportInputException> unread, Action<string> warning, bool names) where T : TeleportResource
        {
            try
            {
                return Read(choice, warning, names);
            }
            catch (TeleportInputException e)
            {
                if (e.Target == null && choice?.Given != null) e.TargetObject = choice.Given.Original;
                unread(e);
                return null;
            }
        }

        /// <summary>
        /// The names of a -User that takes names only (<see cref="PipedUser"/>): each refused value to <paramref name="unread"/>,
        /// the names beside it kept, in order.
        /// </summary>
        public static List<string> Names<T>(IEnumerable<Choice<T>?>? given, Action<TeleportInputException> unread, Action<string> warning) where T : TeleportResource =>
            NamesOf(AllFrom(given, unread, warning) ?? new List<Choice<T>>());

        private static List<string> NamesOf<T>(List<Choice<T>> read) where T : TeleportResource
        {
            var names = new List<string>(read.Count);
            foreach (var c in read)
                if (c.Name != null) names.Add(c.Name);
            return names;
        }

        /// <summary>
        /// The values bound from a piped object's property (by property name), read: a null or empty value is skipped, not
        /// an error, since the parameter cannot refuse it there; empty when nothing was bound.
        /// </summary>
        /// <remarks>Each value is read on its own: one that was refused or does not read goes to <paramref name="unread"/> and the values beside it are kept.</remarks>
        public static List<Choice<T>> Bound<T>(IEnumerable<Choice<T>?>? bound, Action<TeleportInputException> unread, Action<string> warning) where T : TeleportResource =>
            Each(bound ?? Enumerable.Empty<Choice<T>?>(), unread, warning, Source.Property)!;

        /// <summary>
        /// The values one piped record bound (by value, or by property name to a parameter that takes names only), read:
        /// a blank value (null, empty, white space only) is that record's error, as every refused object is, so a piped
        /// $null or '' is never skipped unseen; the values beside it (a property holding a list) are kept.
        /// </summary>
        public static List<Choice<T>> Piped<T>(IEnumerable<Choice<T>?>? bound, Action<TeleportInputException> unread, Action<string> warning) where T : TeleportResource =>
            Each(bound ?? new Choice<T>?[] { null }, unread, warning, Source.Piped)!;

        /// <summary>The names of one piped record (<see cref="Piped{T}"/>) for a -User that takes names only, in order.</summary>
        public static List<string> PipedNames<T>(IEnumerable<Choice<T>?>? bound, Action<TeleportInputException> unread, Action<string> warning) where T : TeleportResource =>
            NamesOf(Piped(bound, unread, warning));

        /// <summary>
        /// Whether a list given on the command line holds nothing but nulls (or nothing): PowerShell's "argument is null"
        /// refusal of a parameter that reads an empty name by its own rule (Get-/Set-TeleportMcpTools: InvalidUserName).
        /// </summary>
        public static bool OnlyNulls<T>(IEnumerable<Choice<T>?>? given) where T : TeleportResource => given == null || given.All(v => v == null);

        /// <summary>
        /// What a -User that takes names makes of an object (<see cref="PipedUser.NameOf"/>): its name, or a refused choice
        /// carrying why (PipedObjectNotUser), so the command reports that item and goes on with the others.
        /// </summary>
        public static UserChoice? UserName(IInputObject? given, bool nameProperty = false)
        {
            if (given == null || given.Value == null) return null;
            // A tctl user document is a user whose name is known: kept as given and read by the one reader when the
            // command reads its values (FromObject, with the command's warnings); another kind's is refused there.
            if (InputPolicy.KindOf(given) == InputKind.Document) return UserChoice.From(given);
            try
            {
                return new UserChoice(PipedUser.NameOf(given, nameProperty));
            }
            catch (TeleportInputException e)
            {
                e.TargetObject ??= given.Original;
                return UserChoice.Refused(given, e);
            }
        }

        /// <summary>A list inside the list given to a parameter (or a list holding itself): never walked, refused as that item.</summary>
        public static TeleportArgumentException NestedList(string parameter, string code, object? list) =>
            new TeleportArgumentException(code, "A list inside the list given to " + parameter + ItemsText(list) + " is not one value; give the objects or names themselves.")
            {
                TargetObject = list,
                RecommendedAction = "Give " + parameter + " a flat list; the values beside it were still read.",
            };

        /// <summary>The items of a list named in a message, one level deep (a list holding itself is not walked), capped by <see cref="ListText"/>.</summary>
        internal static string ItemsText(object? list)
        {
            if (!(list is IEnumerable items) || list is string || list is IDictionary) return "";
            var shown = new List<string>();
            foreach (var item in items)
            {
                if (shown.Count > Limits.Current.OutputListItems)
                {
                    shown.Add("...");
                    break;
                }
                shown.Add(item == null ? "null" : item is IEnumerable && !(item is string) && !(item is IDictionary) ? "a list"
                    : "'" + Output.OutputText.SafeName(Platform.BoundedCapture.Shorten(item.ToString())) + "'");
            }
            return " (" + ListText.Join(", ", shown) + ")";
        }

        /// <summary>
        /// Whether values given on the command line hold nothing to use (none, or only nulls and empty names): PowerShell's
        /// usual "argument is null or empty" validation, which such a parameter cannot declare because it also binds by
        /// property name. A null beside values that are used (an array from ConvertFrom-Json holding a null) is that item's
        /// error instead (<see cref="AllFrom{T}"/>), so it does not throw away the whole list.
        /// </summary>
        public static bool NullOrEmpty<T>(IEnumerable<Choice<T>?>? given) where T : TeleportResource
        {
            if (given == null) return true;
            foreach (var v in given)
                if (!IsNullOrEmpty(v)) return false;
            return true;
        }

        internal static bool IsNullOrEmpty<T>(Choice<T>? v) where T : TeleportResource =>
            v == null || (v.Resource == null && v.Given == null && v.Refusal == null && string.IsNullOrEmpty(v.Name));

        /// <summary>A value that names nothing: null, empty, or a name of white space only (<see cref="InputPolicy.IsBlank"/>).</summary>
        internal static bool IsBlank<T>(Choice<T>? v) where T : TeleportResource =>
            v == null || (v.Resource == null && v.Given == null && v.Refusal == null && InputPolicy.IsBlank(v.Name));
    }
}

namespace TeleportMcp
{
    /// <summary>
    /// A -User value (Test-TeleportMcpRole, Test-TeleportMcpApp, Test-TeleportMcpClient): a TeleportMcp.User, a user's
    /// name, or an object that names one (a copy that lost its type, an audit event). Type name TeleportMcp.UserChoice.
    /// </summary>
    public sealed class UserChoice : Choice<User>
    {
        public UserChoice(string name) : base(null, name, null)
        {
        }

        public UserChoice(User user) : base(user, user?.Name, null)
        {
        }

        private UserChoice(IInputObject given) : base(null, given.Value?.ToString(), given)
        {
        }

        private UserChoice(IInputObject? given, TeleportInputException refusal) : base(null, null, given, refusal)
        {
        }

        /// <summary>An object the parameter cannot take, kept with the reason so the command reports it as that item's error.</summary>
        public static UserChoice Refused(IInputObject? given, TeleportInputException refusal) =>
            new UserChoice(given, refusal ?? throw new ArgumentNullException(nameof(refusal)));

        /// <summary>What the module received, as a choice: a string is a name, a User itself, anything else kept as given (read when used).</summary>
        public static UserChoice? From(IInputObject? given) => given?.Value switch
        {
            null => null,
            string name => new UserChoice(name),
            User user => new UserChoice(user),
            _ => new UserChoice(given),
        };
    }

    /// <summary>
    /// A -Role value (Test-TeleportMcpRole): a TeleportMcp.Role, or an object given as it came (a copy that lost its type,
    /// read when it is used; anything else is that item's error, InvalidRoleObject). Type name TeleportMcp.RoleChoice.
    /// </summary>
    public sealed class RoleChoice : Choice<Role>
    {
        public RoleChoice(Role role) : base(role, role?.Name, null)
        {
        }

        private RoleChoice(IInputObject given) : base(null, given.Value?.ToString(), given)
        {
        }

        private RoleChoice(IInputObject? given, TeleportInputException refusal) : base(null, null, given, refusal)
        {
        }

        /// <summary>What the module received, as a choice: a Role itself, anything else kept as given (read when used).</summary>
        public static RoleChoice? From(IInputObject? given) => given?.Value switch
        {
            null => null,
            Role role => new RoleChoice(role),
            _ => new RoleChoice(given),
        };

        /// <summary>An object the parameter cannot take, kept with the reason so the command reports it as that item's error.</summary>
        public static RoleChoice Refused(IInputObject? given, TeleportInputException refusal) =>
            new RoleChoice(given, refusal ?? throw new ArgumentNullException(nameof(refusal)));
    }

    /// <summary>
    /// An -App value (Test-TeleportMcpRole, New-TeleportMcpRole): a TeleportMcp.App, an app's name, or an object that
    /// stands for one (a copy that lost its type, a probe result). Type name TeleportMcp.AppChoice.
    /// </summary>
    public sealed class AppChoice : Choice<App>
    {
        /// <summary>The id of a value an -App parameter cannot take (a list inside the list).</summary>
        public const string NotAnAppCode = "InvalidAppObject"; // Choice.NotAnObjectCode<App>()

        public AppChoice(string name) : base(null, name, null)
        {
        }

        public AppChoice(App app) : base(app, app?.Name, null)
        {
        }

        private AppChoice(IInputObject given) : base(null, given.Value?.ToString(), given)
        {
        }

        private AppChoice(IInputObject? given, TeleportInputException refusal) : base(null, null, given, refusal)
        {
        }

        /// <summary>An object the parameter cannot take, kept with the reason so the command reports it as that item's error.</summary>
        public static AppChoice Refused(IInputObject? given, TeleportInputException refusal) =>
            new AppChoice(given, refusal ?? throw new ArgumentNullException(nameof(refusal)));

        /// <summary>What the module received, as a choice: a string is a name, an App itself, anything else kept as given (read when used).</summary>
        public static AppChoice? From(IInputObject? given) => given?.Value switch
        {
            null => null,
            string name => new AppChoice(name),
            App app => new AppChoice(app),
            _ => new AppChoice(given),
        };
    }
}
