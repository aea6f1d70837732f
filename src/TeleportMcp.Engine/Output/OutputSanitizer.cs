#nullable enable
using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace TeleportMcp.Engine.Output
{
    /// <summary>
    /// Walks an object the module is about to write and passes every string it holds (properties, arrays, lists,
    /// dictionary keys and values, nested module objects) through <see cref="OutputText.Safe"/>, in place.
    /// The value a property had before is kept (in memory only, never written) so that the module's own commands
    /// can still use it: an app piped to Test-TeleportMcpApp -Launch starts with its real arguments.
    /// </summary>
    public static class OutputSanitizer
    {
        private static readonly ConcurrentDictionary<Type, PropertyAccess[]> s_properties = new ConcurrentDictionary<Type, PropertyAccess[]>();
        private static readonly ConditionalWeakTable<object, Dictionary<string, object>> s_originals = new ConditionalWeakTable<object, Dictionary<string, object>>();

        /// <summary>Sanitizes <paramref name="value"/> and returns it (a string is returned sanitized).</summary>
        public static object? Sanitize(object value)
        {
            if (value == null) return null;
            if (value is string s) return OutputText.Safe(s);
            if (value is IOutputSafe safe && safe.IsOutputSafe) return value;
            Walk(value, new HashSet<object>(ReferenceComparer.Instance), 0);
            return value;
        }

        /// <summary>
        /// The value <paramref name="property"/> of <paramref name="owner"/> had before it was sanitized, or the
        /// current value when sanitizing did not change it.
        /// </summary>
        public static T? Original<T>(object owner, string property, T current)
        {
            if (owner != null && s_originals.TryGetValue(owner, out var d))
            {
                lock (d)
                {
                    if (d.TryGetValue(property, out var v) && (v == null || v is T)) return (T?)v;
                }
            }
            return current;
        }

        /// <summary>
        /// Puts back the values an object had before it was sanitized, for the module's own use of an object it wrote
        /// earlier (an App piped to Test-TeleportMcpApp -Launch starts with its real arguments). Writing the object
        /// again sanitizes it again.
        /// </summary>
        public static void Restore(object owner)
        {
            if (owner == null || !s_originals.TryGetValue(owner, out var d)) return;
            List<KeyValuePair<string, object>> saved;
            lock (d) saved = d.ToList();
            var props = s_properties.GetOrAdd(owner.GetType(), Describe);
            foreach (var kv in saved)
            {
                var p = props.FirstOrDefault(x => x.Name == kv.Key);
                if (p?.Set == null) continue;
                object value = kv.Value is string[] a ? a.Clone() : kv.Value is List<string> l ? new List<string>(l) : kv.Value;
                try { p.Set(owner, value); }
                catch (Exception) { }
            }
        }

        private const int MaxDepth = 64;

        private static void Walk(object value, HashSet<object> seen, int depth)
        {
            if (value == null || value is string || depth > MaxDepth) return;
            var type = value.GetType();
            if (type.IsPrimitive || type.IsEnum || value is DateTime || value is DateTimeOffset || value is TimeSpan || value is decimal || value is Guid) return;
            if (type.IsValueType) return;
            if (value is IOutputSafe done && done.IsOutputSafe) return;
            if (!seen.Add(value)) return;
            switch (value)
            {
                case string[] strings:
                    for (int i = 0; i < strings.Length; i++) strings[i] = OutputText.Safe(strings[i]);
                    return;
                case IDictionary dict:
                    SanitizeDictionary(dict, seen, depth);
                    return;
                case IList list when !list.IsReadOnly || list is Array:
                    for (int i = 0; i < list.Count; i++)
                    {
                        var item = list[i];
                        if (item is string s)
                        {
                            string safe = OutputText.Safe(s);
                            if (!ReferenceEquals(safe, s)) list[i] = safe;
                        }
                        else Walk(item, seen, depth + 1);
                    }
                    return;
                case IEnumerable _ when !IsModuleType(type):
                    return;
            }
            if (!IsModuleType(type)) return;
            foreach (var p in s_properties.GetOrAdd(type, Describe))
            {
                object current;
                try { current = p.Get(value); }
                catch (Exception) { continue; }
                if (current == null) continue;
                if (current is string text)
                {
                    string safe = OutputText.Safe(text);
                    if (ReferenceEquals(safe, text) || safe == text || p.Set == null) continue;
                    Remember(value, p.Name, text);
                    p.Set(value, safe);
                }
                else if (current is IList<string> strings)
                {
                    if (strings.Any(x => x != null && !ReferenceEquals(OutputText.Safe(x), x)))
                    {
                        Remember(value, p.Name, strings is string[] array ? array.Clone() : new List<string>(strings));
                        Walk(strings, seen, depth + 1);
                    }
                }
                else
                {
                    Walk(current, seen, depth + 1);
                    // A dictionary property may be a copy made by its getter (labels kept in a map): write it back.
                    if (current is IDictionary && p.Set != null)
                    {
                        try { p.Set(value, current); }
                        catch (Exception) { }
                    }
                }
            }
        }

        private static void SanitizeDictionary(IDictionary dict, HashSet<object> seen, int depth)
        {
            if (dict.IsReadOnly) return;
            var entries = new List<DictionaryEntry>();
            foreach (DictionaryEntry e in dict) entries.Add(e);
            foreach (var e in entries)
            {
                object key = e.Key is string k ? OutputText.Safe(k) : e.Key;
                object val = e.Value is string v ? OutputText.Safe(v) : e.Value;
                if (!(e.Value is string)) Walk(e.Value, seen, depth + 1);
                if (!Equals(key, e.Key))
                {
                    dict.Remove(e.Key);
                    dict[key] = val;
                }
                else if (!ReferenceEquals(val, e.Value)) dict[key] = val;
            }
        }

        private static void Remember(object owner, string property, object original)
        {
            var d = s_originals.GetOrCreateValue(owner);
            lock (d)
            {
                if (!d.ContainsKey(property)) d[property] = original;
            }
        }

        private static bool IsModuleType(Type t) => t.Namespace != null && (t.Namespace == "TeleportMcp" || t.Namespace.StartsWith("TeleportMcp.", StringComparison.Ordinal));

        private sealed class PropertyAccess
        {
            public PropertyAccess(string name, Func<object, object> get)
            {
                Name = name;
                Get = get;
            }

            public readonly string Name;
            public readonly Func<object, object> Get;
            public Action<object, object>? Set;
        }

        private static PropertyAccess[] Describe(Type type)
        {
            var list = new List<PropertyAccess>();
            foreach (var p in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
            {
                if (p.GetIndexParameters().Length > 0 || p.GetGetMethod() == null) continue;
                var access = new PropertyAccess(p.Name, CompileGetter(type, p));
                var setter = p.GetSetMethod(nonPublic: true);
                if (setter != null) access.Set = (o, v) => setter.Invoke(o, new[] { v });
                else if (p.PropertyType == typeof(string) || p.PropertyType == typeof(object))
                {
                    var field = FindBackingField(type, p.Name);
                    if (field != null) access.Set = field.SetValue;
                }
                list.Add(access);
            }
            return list.ToArray();
        }

        /// <summary>A compiled getter (large outputs have millions of properties); reflection when compiling is not possible.</summary>
        private static Func<object, object> CompileGetter(Type type, PropertyInfo p)
        {
            try
            {
                var o = System.Linq.Expressions.Expression.Parameter(typeof(object), "o");
                var body = System.Linq.Expressions.Expression.Convert(
                    System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Convert(o, type), p), typeof(object));
                return System.Linq.Expressions.Expression.Lambda<Func<object, object>>(body, o).Compile();
            }
            catch (Exception)
            {
                return p.GetValue;
            }
        }

        private static FieldInfo? FindBackingField(Type type, string property)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                var f = t.GetField("<" + property + ">k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic);
                if (f != null) return f;
            }
            return null;
        }

        private sealed class ReferenceComparer : IEqualityComparer<object>
        {
            public static readonly ReferenceComparer Instance = new ReferenceComparer();
            public new bool Equals(object x, object y) => ReferenceEquals(x, y);
            public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
