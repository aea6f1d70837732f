using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// Rebuilds a role, user or app from a copy that lost its type (Import-Clixml, remoting and jobs give
    /// Deserialized.TeleportMcp.*, ConvertFrom-Json a PSCustomObject, scripts a hashtable): its public properties are
    /// copied by name. A property whose value cannot be one of its type (Args=@{a=1}, an Origin no release wrote) refuses
    /// the whole object with <see cref="InvalidCode"/>, so the cmdlet reports that one object and goes on with the rest.
    /// </summary>
    public static class ResourceCopy
    {
        /// <summary>The error id of a piped object that cannot be rebuilt.</summary>
        public const string InvalidCode = "InvalidPipelineInput";

        /// <summary>The role, user or app of <paramref name="kind"/> the object is (typed, or rebuilt); null when it is none.</summary>
        public static TeleportResource? Of(IInputObject input, InputKind kind)
        {
            var type = kind == InputKind.Role ? typeof(Role) : kind == InputKind.User ? typeof(User) : kind == InputKind.App ? typeof(App) : null;
            return type == null ? null : From(input, type) as TeleportResource;
        }

        /// <summary>The App the object is (typed, or rebuilt); null when it is none.</summary>
        public static App? App(IInputObject input) => From(input, typeof(App)) as App;

        /// <summary>The User the object is (typed, or rebuilt); null when it is none.</summary>
        public static User? User(IInputObject input) => From(input, typeof(User)) as User;

        /// <summary>
        /// An instance of <paramref name="type"/> (a class with a public parameterless constructor) from the object: the
        /// object itself when it is one; its properties copied when it is a property bag or a deserialized one; null when
        /// it is neither or no property matched. A TeleportArgumentException (<see cref="InvalidCode"/>) when a value does not fit.
        /// </summary>
        public static object? From(IInputObject input, Type type)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            if (type == null) throw new ArgumentNullException(nameof(type));
            if (type.IsInstanceOfType(input.Value)) return input.Value;
            if (!input.IsPropertyBag && !input.TypeNames.Any(n => n == "Deserialized." + type.FullName)) return null;
            var instance = Activator.CreateInstance(type);
            int copied = 0;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetSetMethod() == null || property.GetIndexParameters().Length > 0) continue;
                var value = input.ValueOf(property.Name);
                if (value?.Value == null) continue;
                try
                {
                    property.SetValue(instance, Value(value, property.PropertyType));
                }
                catch (Exception e) when (e is InvalidCastException || e is FormatException || e is OverflowException || e is ArgumentException || e is TargetInvocationException)
                {
                    var reason = (e is TargetInvocationException && e.InnerException != null ? e.InnerException : e).Message;
                    throw new TeleportArgumentException(InvalidCode,
                        "The piped " + Describe(input, type) + " cannot be used: its " + property.Name + " cannot be " + TypeText(property.PropertyType) + " (" + reason + ")")
                    {
                        RecommendedAction = "Correct " + property.Name + " of that object (or pipe the " + type.Name + " as Import-TeleportResource wrote it); the other piped objects were still used.",
                    };
                }
                copied++;
            }
            return copied == 0 ? null : instance;
        }

        /// <summary>One property value as <paramref name="target"/>.</summary>
        public static object? Value(IInputObject value, Type target)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            if (target == null) throw new ArgumentNullException(nameof(target));
            var raw = value.Value;
            if (raw == null) return null;
            target = Nullable.GetUnderlyingType(target) ?? target;
            if (target.IsInstanceOfType(raw)) return raw;
            if (target == typeof(AppRewrite)) return AppRewriteCopy.From(value);
            if (target == typeof(Hashtable)) return Table(value);
            if (target.IsEnum) return EnumValue(raw, target);
            if (target == typeof(string)) return Scalar(value) ?? throw new InvalidCastException("it is " + TypeOf(value));
            if (target == typeof(List<string>)) return TextList(value);
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
                // An older copy may carry "" for "no transport": the enum's default.
                if (text.Trim().Length == 0) return Activator.CreateInstance(target);
                if (EnumSpellings.Reads(target))
                {
                    if (EnumSpellings.TryRead(target, text, out var read)) return read!;
                }
                else
                {
                    var name = Enum.GetNames(target).FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
                    if (name != null) return Enum.Parse(target, name);
                    if (long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)) return EnumNumber(number, target);
                }
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

        private static string TypeText(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(string)) return "text";
            if (type == typeof(List<string>)) return "a list of text";
            if (type == typeof(Hashtable)) return "a table";
            if (type == typeof(bool)) return "True or False";
            if (type == typeof(int)) return "a whole number";
            return "a " + type.Name;
        }

        private static string TypeOf(IInputObject value) =>
            value.Value is IDictionary ? "a table" : "a " + (value.TypeNames.FirstOrDefault() ?? value.Value?.GetType().FullName ?? "null");

        private static string Describe(IInputObject input, Type type)
        {
            var name = input.ValueOf("Name")?.Value as string;
            return type.FullName + " copy" + (string.IsNullOrEmpty(name) ? "" : " " + DisplayTextOf(name!));
        }

        private static string DisplayTextOf(string name) => RoleDesign.DisplayText.Of(name);
    }
}
