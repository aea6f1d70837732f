using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// A role, user or app that arrives as a copy (Export-Clixml, remoting, ConvertFrom-Json, a hashtable): how a text
    /// property reads as the enum it now is, and the error for a property that does not read. That error belongs to the
    /// one copy, so a command reports it for that item and goes on with the items beside it. The copy itself is here too
    /// (public properties copied by name, each value read as its property's type), so the module's binding and the
    /// engine's input rules rebuild a copy the same way.
    /// </summary>
    public static class ResourceCopies
    {
        private const string DeserializedPrefix = "Deserialized.TeleportMcp.";

        /// <summary>The id of a copied property that cannot be converted (not an enum's text).</summary>
        public const string UnreadablePropertyCode = "InvalidResourceProperty";

        /// <summary>
        /// Text copied into an enum property: "" is the enum's default (an older copy wrote "" for none), otherwise an
        /// enum name or an earlier spelling (<see cref="EnumSpellings"/>). False for any other text.
        /// </summary>
        public static bool TryReadText(Type propertyType, string text, out object? value)
        {
            var enumType = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
            value = null;
            if (!enumType.IsEnum || text == null) return false;
            if (text.Length == 0)
            {
                value = Activator.CreateInstance(enumType);
                return true;
            }
            if (EnumSpellings.Reads(enumType)) return EnumSpellings.TryRead(enumType, text, out value);
            // An enum without earlier spellings: its names, in any case (never a number, which names no value).
            var trimmed = text.Trim();
            foreach (var name in Enum.GetNames(enumType))
            {
                if (!string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase)) continue;
                value = Enum.Parse(enumType, name);
                return true;
            }
            return false;
        }

        /// <summary>
        /// The error for the copied <paramref name="property"/> of <paramref name="resource"/> (the copy as far as it was
        /// read, so its name is known) whose value <paramref name="value"/> does not convert: an enum's text is its type's own id (UnknownAppOrigin,
        /// UnknownConfigScope) with what is accepted; anything else is <see cref="UnreadablePropertyCode"/> with the reason.
        /// Texts from the copy are made safe here: a parameter binder may write this message itself.
        /// </summary>
        public static TeleportInputException Unreadable(object resource, string property, Type propertyType, object? value, string? reason = null)
        {
            var read = resource as TeleportResource;
            string kind = read?.Kind ?? resource?.GetType().Name ?? "object";
            string? name = read?.Name;
            var target = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
            string which = kind + (string.IsNullOrEmpty(name) ? " without a name" : " \"" + Shown(name) + "\"");
            string shown = value is string s ? "'" + Shown(s) + "'" : Shown(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)) ?? "null";
            bool isEnumText = target.IsEnum && value is string;
            string code = isEnumText ? EnumSpellings.UnknownCode(target) : UnreadablePropertyCode;
            string message = isEnumText
                ? which + ": " + property + " " + shown + " is not one of " + EnumSpellings.Accepted(target) + "."
                : which + ": the value " + shown + " of " + property + " cannot be converted to " + TypeName(target) +
                  (string.IsNullOrEmpty(reason) ? "." : ": " + Shown(reason));
            return new TeleportInputException(code, message, null)
            {
                TargetName = string.IsNullOrEmpty(name) ? null : name,
                RecommendedAction = "Fix " + property + " of that " + kind + " (or import it again); the other input was still read.",
            };
        }

        /// <summary>A text from the copy, cut to the message limit and with its control characters escaped.</summary>
        private static string? Shown(string? text) => OutputText.Safe(Platform.BoundedCapture.Shorten(text));

        private static string TypeName(Type type) => !type.IsGenericType ? type.Name :
            type.Name.Substring(0, type.Name.IndexOf('`')) + "<" + string.Join(", ", Array.ConvertAll(type.GetGenericArguments(), TypeName)) + ">";

        /// <summary>The role, user, app or scoped_role_assignment of <paramref name="kind"/> the object is (typed, or rebuilt); null when it is none.</summary>
        public static TeleportResource? Of(IInputObject input, InputKind kind)
        {
            var type = InputPolicy.TypeOf(kind);
            return type == null || !typeof(TeleportResource).IsAssignableFrom(type) ? null : From(input, type) as TeleportResource;
        }

        /// <summary>The App the object is (typed, or rebuilt); null when it is none.</summary>
        public static App? App(IInputObject input) => From<App>(input);

        /// <summary>The User the object is (typed, or rebuilt); null when it is none.</summary>
        public static User? User(IInputObject input) => From<User>(input);

        /// <summary>The <typeparamref name="T"/> the object is (typed, or rebuilt, <see cref="From(IInputObject, Type)"/>); null when it is none.</summary>
        public static T? From<T>(IInputObject input) where T : TeleportResource => (T?)From(input, typeof(T));

        /// <summary>
        /// An instance of <paramref name="type"/> (a class with a public parameterless constructor) from the object: the
        /// object itself when it is one; its properties copied when it is a property bag or a deserialized one; null when
        /// it is neither or no property matched. The copy's own error (<see cref="Unreadable"/>) when a value does not fit.
        /// </summary>
        private static object? From(IInputObject input, Type type)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            if (type == null) throw new ArgumentNullException(nameof(type));
            if (type.IsInstanceOfType(input.Value)) return input.Value;
            // A copy of another of the module's types (an App Service agent, a probe result) is not this one, although its
            // properties (Name, Labels) would fill one: its most derived type name says what it was.
            var copyOf = input.TypeNames.FirstOrDefault(n => n.StartsWith(DeserializedPrefix, StringComparison.Ordinal));
            if (copyOf != null && copyOf != "Deserialized." + type.FullName) return null;
            if (!input.IsPropertyBag && copyOf == null) return null;
            var instance = Activator.CreateInstance(type);
            int copied = 0;
            // Every property is read before a refusal, so that it names the resource even when Name comes last.
            (PropertyInfo Property, object? Value, string? Reason)? unread = null;
            foreach (var property in Settable(type))
            {
                var value = input.ValueOf(property.Name);
                if (value?.Value == null) continue;
                copied++;
                try
                {
                    property.SetValue(instance, Value(value, property.PropertyType));
                }
                catch (Exception e) when (e is InvalidCastException || e is FormatException || e is OverflowException || e is ArgumentException || e is TargetInvocationException)
                {
                    var unreadText = value.Value is string text && (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType).IsEnum;
                    var reason = unreadText ? null : (e is TargetInvocationException && e.InnerException != null ? e.InnerException : e).Message;
                    if (unread == null) unread = (property, Plain(value), reason);
                }
            }
            if (unread.HasValue) throw Unreadable(instance, unread.Value.Property.Name, unread.Value.Property.PropertyType, unread.Value.Value, unread.Value.Reason);
            if (copied == 0) return null;
            if (copyOf != null && instance is TeleportResource resource) resource.ShownOnly = ShownProperties(resource);
            return instance;
        }

        /// <summary>
        /// What to tell about a copy of a resource the module wrote that came back deserialized (Import-Clixml, remoting, a job):
        /// the copy carries each text as it was shown, and the values it was read with stayed in the session that wrote it, so
        /// a text shown escaped or redacted is used as shown. Null when no text of the copy looks so.
        /// </summary>
        public static string? ShownOnlyNote(TeleportResource resource)
        {
            if (resource?.ShownOnly == null || resource.ShownOnly.Count == 0) return null;
            return resource.Kind + " " + GoText.Quote(OutputText.Safe(resource.Name)) + " is a deserialized copy (Import-Clixml, remoting, a job): its " + ListText.Join(", ", resource.ShownOnly) +
                   " hold text as the module showed it (a control character written as \\x1B, a secret as " + Redactor.Mask + "), and the value it was read with is not in the copy, so it is used as shown;" +
                   " for the real values, read its file again in this session (Import-TeleportResource, or the file parameter of the command that takes it).";
        }

        // The properties of a deserialized copy whose text holds what the output writes for a value it changed: an escape
        // (ControlCharacters.Escape: \xHH, \uHHHH, \UHHHHHHHH) or the mask of a secret.
        private static List<string> ShownProperties(TeleportResource resource)
        {
            var shown = new List<string>();
            foreach (var p in Settable(resource.GetType()))
            {
                if (p.PropertyType.IsValueType) continue;
                if (Texts(p.GetValue(resource)).Any(LooksShown)) shown.Add(p.Name);
            }
            return shown;
        }

        private static IEnumerable<string> Texts(object? value)
        {
            switch (value)
            {
                case null: yield break;
                case string s:
                    yield return s;
                    yield break;
                case IDictionary d:
                    foreach (DictionaryEntry e in d)
                    {
                        if (e.Key is string k) yield return k;
                        foreach (var t in Texts(e.Value)) yield return t;
                    }
                    yield break;
                case IEnumerable items:
                    foreach (var item in items)
                        if (item is string t) yield return t;
                    yield break;
            }
        }

        private static readonly System.Text.RegularExpressions.Regex s_escape =
            new System.Text.RegularExpressions.Regex(@"\\(x[0-9A-F]{2}|u[0-9A-F]{4}|U[0-9A-F]{8})", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        private static bool LooksShown(string text) => text.IndexOf(Redactor.Mask, StringComparison.Ordinal) >= 0 || s_escape.IsMatch(text);

        /// <summary>
        /// Whether Name is the only property of <typeparamref name="T"/> the object carries (@{ Name = 'files' }): it names
        /// one, and holds nothing a copy would use (an app's labels, a user's roles).
        /// </summary>
        public static bool NameOnly<T>(IInputObject input) where T : TeleportResource
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            return Settable(typeof(T)).Where(p => input.ValueOf(p.Name)?.Value != null).Select(p => p.Name).SequenceEqual(new[] { nameof(TeleportResource.Name) });
        }

        /// <summary>The public properties a copy fills, by name.</summary>
        private static IEnumerable<PropertyInfo> Settable(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetSetMethod() != null && p.GetIndexParameters().Length == 0);

        /// <summary>One property value as <paramref name="target"/>.</summary>
        public static object? Value(IInputObject value, Type target)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            if (target == null) throw new ArgumentNullException(nameof(target));
            var raw = value.Value;
            if (raw == null) return null;
            target = Nullable.GetUnderlyingType(target) ?? target;
            // A table is always rebuilt, even when it already is a Hashtable: a deserialized one (Import-Clixml, remoting)
            // holds its lists wrapped, and a wrapped list read as text is its items joined by spaces ("dev staging").
            if (target == typeof(Hashtable)) return Table(value);
            if (target.IsInstanceOfType(raw)) return raw;
            if (target == typeof(AppRewrite)) return AppRewriteCopy.From(value);
            if (target.IsEnum) return EnumValue(raw, target);
            if (target == typeof(string)) return Scalar(value) ?? throw new InvalidCastException("it is " + TypeOf(value));
            if (target == typeof(List<string>)) return TextList(value);
            if (target == typeof(List<ScopedRoleGrant>)) return Grants(value);
            if (target == typeof(bool)) return Boolean(raw);
            if (target == typeof(int)) return WholeNumber(raw);
            throw new InvalidCastException("it is " + TypeOf(value));
        }

        /// <summary>A dictionary or a property bag (ConvertFrom-Json turns a hashtable into a PSCustomObject) as a Hashtable of plain values.</summary>
        private static Hashtable Table(IInputObject value)
        {
            if (!(value.Value is IDictionary) && !value.IsPropertyBag) throw new InvalidCastException("it is " + TypeOf(value) + ", not a table");
            var table = new Hashtable();
            foreach (var p in value.Properties()) table[p.Key] = Plain(p.Value);
            return table;
        }

        private static object? Plain(IInputObject? value)
        {
            var raw = value?.Value;
            if (raw == null || raw is string || raw is IDictionary || !(raw is IEnumerable)) return raw;
            return value!.Items().Select(i => i.Value).ToArray();
        }

        /// <summary>An enum from its value (a deserialized enum is its number), its name in any case, or an earlier spelling (<see cref="EnumSpellings"/>).</summary>
        private static object EnumValue(object raw, Type target)
        {
            if (raw is string text)
            {
                if (TryReadText(target, text, out var read)) return read!;
                throw new ArgumentException("'" + text + "' is not one of " + EnumSpellings.Accepted(target));
            }
            if (raw is int || raw is long || raw is short || raw is byte || raw is uint || raw is ushort || raw is sbyte)
                return EnumNumber(Convert.ToInt64(raw, CultureInfo.InvariantCulture), target);
            throw new InvalidCastException("a " + raw.GetType().Name + " names no " + target.Name);
        }

        private static object EnumNumber(long number, Type target)
        {
            var value = Enum.ToObject(target, number);
            if (!Enum.IsDefined(target, value)) throw new ArgumentException(number.ToString(CultureInfo.InvariantCulture) + " is not one of " + EnumSpellings.Accepted(target));
            return value;
        }

        /// <summary>Text from text, a number, a boolean or an enum; null for a table, a list or a property bag.</summary>
        private static string? Scalar(IInputObject value)
        {
            var raw = value.Value;
            if (raw is string s) return s;
            if (raw == null || value.IsPropertyBag || raw is IEnumerable) return null;
            if (raw is IFormattable f) return f.ToString(null, CultureInfo.InvariantCulture);
            return raw is IConvertible c ? c.ToString(CultureInfo.InvariantCulture) : raw.ToString();
        }

        private static List<string> TextList(IInputObject value)
        {
            var raw = value.Value;
            if (raw is IDictionary || value.IsPropertyBag) throw new InvalidCastException("it is " + TypeOf(value) + ", not a list");
            var list = new List<string>();
            foreach (var item in raw is string ? new[] { value } : value.Items())
                list.Add(Scalar(item) ?? throw new InvalidCastException("an item is " + TypeOf(item)));
            return list;
        }

        // A copied ScopedRoleAssignment's Assignments: each item a role and scope (a copy of a ScopedRoleGrant, a table, a property bag).
        private static List<ScopedRoleGrant> Grants(IInputObject value)
        {
            if (value.Value is string || value.Value is IDictionary || value.IsPropertyBag) throw new InvalidCastException("it is " + TypeOf(value) + ", not a list");
            var list = new List<ScopedRoleGrant>();
            foreach (var item in value.Items())
            {
                if (item.Value is ScopedRoleGrant grant)
                {
                    list.Add(grant);
                    continue;
                }
                if (!(item.Value is IDictionary) && !item.IsPropertyBag) throw new InvalidCastException("an item is " + TypeOf(item) + ", not a role and scope");
                var role = item.ValueOf("Role");
                var scope = item.ValueOf("Scope");
                list.Add(new ScopedRoleGrant
                {
                    Role = role?.Value == null ? null : Scalar(role) ?? throw new InvalidCastException("a Role is " + TypeOf(role)),
                    Scope = scope?.Value == null ? null : Scalar(scope) ?? throw new InvalidCastException("a Scope is " + TypeOf(scope)),
                });
            }
            return list;
        }

        private static bool Boolean(object raw)
        {
            switch (raw)
            {
                case string s when bool.TryParse(s.Trim(), out var b): return b;
                case string s: throw new FormatException("'" + s + "' is neither True nor False");
                case int _:
                case long _:
                case short _:
                case byte _:
                    return Convert.ToInt64(raw, CultureInfo.InvariantCulture) != 0;
            }
            throw new InvalidCastException("a " + raw.GetType().Name + " is neither True nor False");
        }

        private static int WholeNumber(object raw)
        {
            switch (raw)
            {
                case string s: return int.Parse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                case double d when Math.Floor(d) == d: return checked((int)d);
                case long _:
                case short _:
                case byte _:
                case uint _:
                case ushort _:
                case ulong _:
                    return Convert.ToInt32(raw, CultureInfo.InvariantCulture);
            }
            throw new InvalidCastException("a " + raw.GetType().Name + " is not a whole number");
        }

        private static string TypeOf(IInputObject value) =>
            value.Value is IDictionary ? "a table" : "a " + (value.TypeNames.FirstOrDefault() ?? value.Value?.GetType().FullName ?? "null");
    }
}
