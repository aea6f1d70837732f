using System;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// A role, user or app that arrives as a copy (Export-Clixml, remoting, ConvertFrom-Json, a hashtable): how a text
    /// property reads as the enum it now is, and the error for a property that does not read. That error belongs to the
    /// one copy, so a command reports it for that item and goes on with the items beside it.
    /// </summary>
    public static class ResourceCopies
    {
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
                RecommendedAction = "Fix " + property + " of that " + kind + " (or import it again); the other input was used.",
            };
        }

        /// <summary>A text from the copy, cut to the message limit and with its control characters escaped.</summary>
        private static string? Shown(string? text) => OutputText.Safe(Platform.BoundedCapture.Shorten(text));

        private static string TypeName(Type type) => !type.IsGenericType ? type.Name :
            type.Name.Substring(0, type.Name.IndexOf('`')) + "<" + string.Join(", ", Array.ConvertAll(type.GetGenericArguments(), TypeName)) + ">";
    }
}
