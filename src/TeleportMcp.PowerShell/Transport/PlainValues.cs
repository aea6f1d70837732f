using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace TeleportMcp.Transport
{
    /// <summary>PowerShell values (PSObject wrappers, arrays of them) as the plain values the engine reads.</summary>
    internal static class PlainValues
    {
        /// <summary>The object a PowerShell wrapper holds (the value itself when it is not wrapped).</summary>
        public static object Base(object value) => value is PSObject p ? p.BaseObject : value;

        /// <summary>The value without its wrapper; a list (not a string or dictionary) as an array of its items without theirs.</summary>
        public static object Unwrap(object value)
        {
            var raw = Base(value);
            if (raw is string || !(raw is IEnumerable list) || raw is IDictionary) return raw;
            var items = new List<object>();
            foreach (var item in list) items.Add(Base(item));
            return items.ToArray();
        }

        /// <summary>
        /// -Environment as plain values for the engine rule (EnvironmentValues): an entry it refuses is its own error to
        /// <paramref name="refused"/>. <paramref name="forHosts"/> gets the entries the engine used, as it returned them (null
        /// when there is no -Environment): what the App Service hosts get, without the refused ones, ordered when -Environment
        /// was (EnvironmentValues.ForHosts).
        /// </summary>
        public static Dictionary<string, string> Environment(IDictionary source, System.Action<TeleportMcp.Engine.Common.TeleportInputException> refused, out IDictionary forHosts)
        {
            var entries = new List<KeyValuePair<object, object>>();
            if (source != null)
                foreach (DictionaryEntry e in source) entries.Add(new KeyValuePair<object, object>(Base(e.Key), Unwrap(e.Value)));
            bool ordered = source == null || source is System.Collections.Specialized.IOrderedDictionary;
            var values = TeleportMcp.Engine.Platform.EnvironmentValues.From(TeleportMcp.Engine.Platform.HostPlatform.Current, entries, ordered, refused, out var used);
            forHosts = source == null ? null : TeleportMcp.Engine.Platform.EnvironmentValues.ForHosts(used, ordered);
            return values;
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
