using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Reflection;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Infrastructure
{
    /// <summary>
    /// Lets a parameter of a module type (Role, User, App, ...) accept the same object after it lost its type:
    /// Import-Clixml, remoting and jobs give Deserialized.TeleportMcp.* property bags, ConvertFrom-Json gives
    /// PSCustomObjects, and scripts write hashtables. Properties are copied by name; anything else is left for the
    /// binder to refuse.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ResourceTransformationAttribute : ArgumentTransformationAttribute
    {
        public ResourceTransformationAttribute(Type targetType)
        {
            TargetType = targetType;
        }

        public Type TargetType { get; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var unwrapped = inputData is PSObject p ? p.BaseObject : inputData;
            if (unwrapped == null || TargetType.IsInstanceOfType(unwrapped) || unwrapped is string) return inputData;
            if (unwrapped is IList list && !(unwrapped is IDictionary))
            {
                var result = new List<object>(list.Count);
                foreach (var item in list) result.Add(Transform(engineIntrinsics, item));
                return result.ToArray();
            }
            try
            {
                return TryConvert(inputData, TargetType) ?? inputData;
            }
            catch (TeleportInputException e)
            {
                // The binder writes this message itself, not through the cmdlet's output rule: the engine made it safe.
                throw new ArgumentTransformationMetadataException(e.Message, e);
            }
        }

        /// <summary>
        /// Builds an instance of type from a PSObject property bag or a dictionary; null when nothing matches. A property
        /// that does not convert is the engine's input error for this one copy (<see cref="ResourceCopies.Unreadable"/>),
        /// raised after the other properties are read so that it names the resource.
        /// </summary>
        public static object TryConvert(object input, Type type)
        {
            var pso = input as PSObject ?? PSObject.AsPSObject(input);
            var dict = pso.BaseObject as IDictionary;
            bool isBag = dict != null || pso.BaseObject is PSCustomObject || IsDeserializedOf(pso, type);
            if (!isBag) return null;

            var instance = Activator.CreateInstance(type);
            int copied = 0;
            (System.Reflection.PropertyInfo Property, object Value, string Reason)? unread = null;
            foreach (var prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!prop.CanWrite) continue;
                object value = null;
                bool found = false;
                if (dict != null)
                {
                    foreach (DictionaryEntry e in dict)
                    {
                        if (string.Equals(e.Key?.ToString(), prop.Name, StringComparison.OrdinalIgnoreCase))
                        {
                            value = e.Value;
                            found = true;
                            break;
                        }
                    }
                }
                else
                {
                    var member = pso.Properties[prop.Name];
                    if (member != null)
                    {
                        value = member.Value;
                        found = true;
                    }
                }
                if (!found || value == null) continue;
                try
                {
                    if (TryConvertValue(value, prop.PropertyType, out var converted)) prop.SetValue(instance, converted);
                    else if (unread == null) unread = (prop, PlainValues.Unwrap(value), null);
                    copied++;
                }
                catch (Exception e) when (e is PSInvalidCastException || e is InvalidCastException || e is ArgumentException || e is FormatException)
                {
                    if (unread == null) unread = (prop, PlainValues.Unwrap(value), e.Message);
                }
            }
            if (unread.HasValue) throw ResourceCopies.Unreadable(instance, unread.Value.Property.Name, unread.Value.Property.PropertyType, unread.Value.Value, unread.Value.Reason);
            return copied == 0 ? null : instance;
        }

        private static bool IsDeserializedOf(PSObject pso, Type type)
        {
            foreach (var name in pso.TypeNames)
                if (name == "Deserialized." + type.FullName) return true;
            return false;
        }

        /// <summary>The value for a property of type target; false for an enum's text that names no value (the engine's rule).</summary>
        private static bool TryConvertValue(object value, Type target, out object converted)
        {
            var raw = value is PSObject p ? p.BaseObject : value;
            converted = null;
            if (target == typeof(AppRewrite) && !(raw is AppRewrite))
            {
                converted = AppRewriteCopy.From(PSInputObject.Of(value));
                return true;
            }
            if (target == typeof(Hashtable) && !(raw is IDictionary))
            {
                // ConvertFrom-Json turns a hashtable into a PSCustomObject.
                var result = new Hashtable();
                foreach (var prop in PSObject.AsPSObject(value).Properties) result[prop.Name] = PlainValues.Unwrap(prop.Value);
                converted = result;
                return true;
            }
            // App.Origin and ClientCheck.Scope were text before they were enums: the earlier spellings, and "" for none, still bind.
            if (raw is string text && (Nullable.GetUnderlyingType(target) ?? target).IsEnum) return ResourceCopies.TryReadText(target, text, out converted);
            converted = raw is IDictionary || target == typeof(Hashtable)
                ? PlainValues.Hashtable(raw as IDictionary)
                : LanguagePrimitives.ConvertTo(PlainValues.Unwrap(value), target, System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }
    }

    /// <summary>PowerShell values (PSObject wrappers, arrays of them) as the plain values the engine reads.</summary>
    internal static class PlainValues
    {
        public static object Unwrap(object value)
        {
            var raw = value is PSObject p ? p.BaseObject : value;
            if (raw is string || !(raw is IEnumerable list) || raw is IDictionary) return raw;
            var items = new List<object>();
            foreach (var item in list) items.Add(item is PSObject pi ? pi.BaseObject : item);
            return items.ToArray();
        }

        /// <summary>-Environment as plain values for the engine rule (EnvironmentValues).</summary>
        public static Dictionary<string, string> Environment(IDictionary source)
        {
            var entries = new List<KeyValuePair<object, object>>();
            if (source != null)
                foreach (DictionaryEntry e in source) entries.Add(new KeyValuePair<object, object>(e.Key, Unwrap(e.Value)));
            return TeleportMcp.Engine.Platform.EnvironmentValues.From(entries);
        }

        public static Hashtable Hashtable(IDictionary source)
        {
            if (source == null) return null;
            var result = new Hashtable();
            foreach (DictionaryEntry e in source)
                if (e.Key != null) result[Unwrap(e.Key)] = Unwrap(e.Value);
            return result;
        }
    }
}
