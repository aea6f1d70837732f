using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using TeleportMcp.Engine.Output;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// Issue 17 item 3, over every output type found by reflection: each secret kind of the corpus and each control
    /// sequence, planted in each property (and each private text field behind a computed property) of each public
    /// type of the module (namespace TeleportMcp, and every module type reachable from one), never comes out of any
    /// public property or ToString() once the object passed the output boundary. A new property or type is a new case.
    /// </summary>
    public class OutputTypeRedactionTests
    {
        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

        public static IEnumerable<object[]> Members()
        {
            foreach (var type in OutputTypes())
                foreach (var member in PlantableMembers(type))
                    yield return new object[] { type.FullName, member.Name };
        }

        [Fact]
        public void The_cases_cover_the_types_the_module_writes()
        {
            var names = OutputTypes().Select(t => t.FullName).ToList();
            foreach (var expected in new[] { "TeleportMcp.ToolAccess", "TeleportMcp.RoleEntry", "TeleportMcp.Finding", "TeleportMcp.Diagnosis", "TeleportMcp.ProbeResult",
                                             "TeleportMcp.AuditEvent", "TeleportMcp.App", "TeleportMcp.RewriteHeader", "TeleportMcp.McpAccessSummary", "TeleportMcp.AppServing" })
                Assert.Contains(expected, names);
            Assert.True(Members().Count() > 150, "only " + Members().Count() + " members found");
        }

        [Theory]
        [MemberData(nameof(Members))]
        public void Every_secret_kind_in_this_member_is_redacted_and_every_control_character_escaped(string typeName, string memberName)
        {
            var type = OutputTypes().Single(t => t.FullName == typeName);
            var member = PlantableMembers(type).Single(m => m.Name == memberName);
            foreach (var secret in HostileCorpus.Secrets)
            {
                var obj = Create(type);
                Assert.True(Plant(obj, member, secret.Text, 0), "cannot plant into " + typeName + "." + memberName);
                if (member is PropertyInfo)
                {
                    // The planted secret is visible before the boundary, so the case can fail; a property that shows its
                    // value masked by construction (a user's traits) must keep the real one behind it.
                    string before = string.Join("\n", Texts(obj));
                    string stored = string.Join("\n", Texts(obj, privateFields: true));
                    Assert.True(secret.Values.Any(v => before.Contains(v) || stored.Contains(v)), typeName + "." + memberName + " did not take the planted " + secret.Kind);
                }
                OutputSanitizer.Sanitize(obj);
                string after = string.Join("\n", Texts(obj));
                foreach (var v in secret.Values)
                {
                    Assert.False(after.Contains(v), typeName + "." + memberName + " leaks " + secret.Kind + ": " + after);
                    Assert.False(after.Contains(v.Substring(0, v.Length / 2 + 1)), typeName + "." + memberName + " leaks half of " + secret.Kind);
                }
            }
            foreach (var seq in HostileCorpus.ControlSequences)
            {
                var obj = Create(type);
                Assert.True(Plant(obj, member, "name " + seq, 0));
                OutputSanitizer.Sanitize(obj);
                foreach (var text in Texts(obj))
                    Assert.False(HostileCorpus.HasRawControl(text), typeName + "." + memberName + " shows a raw control character: " + text);
            }
        }

        // ---- the types, their members, and planting ------------------------------------------------------

        private static IEnumerable<Type> OutputTypes()
        {
            var asm = typeof(OutputSanitizer).Assembly;
            var found = new List<Type>();
            var queue = new Queue<Type>(asm.GetExportedTypes().Where(t => t.Namespace == "TeleportMcp" && t.IsClass && !t.IsAbstract && !typeof(Exception).IsAssignableFrom(t)));
            while (queue.Count > 0)
            {
                var t = queue.Dequeue();
                if (found.Contains(t)) continue;
                found.Add(t);
                foreach (var p in t.GetProperties(BindingFlags.Instance | BindingFlags.Public))
                {
                    var inner = ElementType(p.PropertyType) ?? p.PropertyType;
                    if (IsModuleClass(inner) && !found.Contains(inner)) queue.Enqueue(inner);
                }
            }
            return found.OrderBy(t => t.FullName);
        }

        private static bool IsModuleClass(Type t) => t.IsClass && !t.IsAbstract && t != typeof(string) && t.Namespace != null &&
                                                       (t.Namespace == "TeleportMcp" || t.Namespace.StartsWith("TeleportMcp.", StringComparison.Ordinal));

        private static Type ElementType(Type t)
        {
            if (t.IsArray) return t.GetElementType();
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>)) return t.GetGenericArguments()[0];
            return null;
        }

        /// <summary>Public properties that can hold text, and the private text fields that are not a property's backing field.</summary>
        private static IEnumerable<MemberInfo> PlantableMembers(Type type)
        {
            foreach (var p in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
            {
                if (p.GetIndexParameters().Length > 0 || p.PropertyType.IsValueType) continue;
                if (CanHoldText(p.PropertyType) && (Writable(type, p) || IsStoredCollection(type, p))) yield return p;
            }
            for (var t = type; t != null && t != typeof(object); t = t.BaseType)
                foreach (var f in t.GetFields(Instance | BindingFlags.DeclaredOnly))
                    if (!f.IsPublic && !f.Name.Contains("k__BackingField") && !f.IsInitOnly && CanHoldText(f.FieldType)) yield return f;
        }

        private static bool CanHoldText(Type t) =>
            t == typeof(string) || t == typeof(object) || t == typeof(string[]) || typeof(IList<string>).IsAssignableFrom(t) || typeof(IDictionary).IsAssignableFrom(t) ||
            IsModuleClass(t) || (ElementType(t) != null && IsModuleClass(ElementType(t)));

        private static bool Writable(Type type, PropertyInfo p) => p != null && p.GetSetMethod(true) != null || BackingField(type, p.Name) != null;

        /// <summary>A get-only list or map the object keeps (filled in place); a computed one (a new array per call) derives from other members.</summary>
        private static bool IsStoredCollection(Type type, PropertyInfo p)
        {
            if (p.PropertyType.IsArray || !(typeof(IList).IsAssignableFrom(p.PropertyType) || typeof(IDictionary).IsAssignableFrom(p.PropertyType))) return false;
            var o = Create(type);
            var first = SafeGet(p, o);
            return first != null && ReferenceEquals(first, SafeGet(p, o));
        }

        private static FieldInfo BackingField(Type type, string name)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                var f = t.GetField("<" + name + ">k__BackingField", Instance);
                if (f != null) return f;
            }
            return null;
        }

        private static object Create(Type type)
        {
            var ctor = type.GetConstructor(Instance, null, Type.EmptyTypes, null);
            if (ctor != null) return ctor.Invoke(null);
            var best = type.GetConstructors(Instance).OrderByDescending(c => c.GetParameters().Length).First();
            return best.Invoke(best.GetParameters().Select(p => p.ParameterType == typeof(string) ? "plain" : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray());
        }

        private static bool Plant(object obj, MemberInfo member, string text, int depth)
        {
            Type type = member is PropertyInfo pi ? pi.PropertyType : ((FieldInfo)member).FieldType;
            object current = member is PropertyInfo p0 ? SafeGet(p0, obj) : ((FieldInfo)member).GetValue(obj);
            object value = Value(type, current, text, depth);
            if (value == null) return false;
            // Filled in place; a map is written back too (a getter may return a copy of the labels it keeps).
            if (ReferenceEquals(value, current) && !(value is IDictionary && Writable(obj.GetType(), member as PropertyInfo))) return true;
            if (member is FieldInfo f)
            {
                f.SetValue(obj, value);
                return true;
            }
            var p = (PropertyInfo)member;
            var setter = p.GetSetMethod(true);
            if (setter != null) setter.Invoke(obj, new[] { value });
            else
            {
                var field = BackingField(obj.GetType(), p.Name);
                if (field == null) return false;
                field.SetValue(obj, value);
            }
            return true;
        }

        /// <summary>A value of <paramref name="type"/> holding <paramref name="text"/>; the current collection itself when it was filled in place.</summary>
        private static object Value(Type type, object current, string text, int depth)
        {
            if (type == typeof(string) || type == typeof(object)) return text;
            if (type == typeof(string[])) return new[] { "plain", text };
            if (current is IList<string> strings && !strings.IsReadOnly && !(current is Array))
            {
                strings.Add(text);
                return current;
            }
            if (typeof(IList<string>).IsAssignableFrom(type) && type.IsAssignableFrom(typeof(List<string>))) return new List<string> { "plain", text };
            if (typeof(IDictionary).IsAssignableFrom(type))
            {
                var dict = current as IDictionary ?? (IDictionary)Activator.CreateInstance(type.IsInterface ? typeof(Hashtable) : type);
                var args = type.IsGenericType ? type.GetGenericArguments() : new[] { typeof(object), typeof(object) };
                object v = Value(args[1], null, text, depth + 1);
                if (v == null) return null;
                if (args[0] == typeof(string) || args[0] == typeof(object)) dict[text] = v;
                dict["plain"] = v;
                return dict;
            }
            if (depth > 2) return null;
            var element = ElementType(type);
            if (element != null && IsModuleClass(element))
            {
                var item = Filled(element, text, depth + 1);
                if (type.IsArray)
                {
                    var array = Array.CreateInstance(element, 1);
                    array.SetValue(item, 0);
                    return array;
                }
                var list = (IList)(current ?? Activator.CreateInstance(type));
                list.Add(item);
                return list;
            }
            if (IsModuleClass(type)) return Filled(type, text, depth + 1);
            return null;
        }

        private static object Filled(Type type, string text, int depth)
        {
            var obj = Create(type);
            foreach (var m in PlantableMembers(type)) Plant(obj, m, text, depth);
            return obj;
        }

        private static object SafeGet(PropertyInfo p, object obj)
        {
            try { return p.GetValue(obj); }
            catch (TargetInvocationException) { return null; }
        }

        /// <summary>
        /// Every text a user can see of the object: public properties (also computed ones), items, keys and ToString(); with
        /// <paramref name="privateFields"/> also what the object keeps in its non-public fields (never shown).
        /// </summary>
        private static List<string> Texts(object root, bool privateFields = false)
        {
            var texts = new List<string>();
            var seen = new HashSet<object>(new ReferenceComparer());
            void Visit(object o, int depth)
            {
                if (o == null || depth > 6) return;
                if (o is string s) { texts.Add(s); return; }
                var t = o.GetType();
                if (t.IsValueType) return;
                if (!seen.Add(o)) return;
                if (o is IDictionary d)
                {
                    foreach (DictionaryEntry e in d) { Visit(e.Key, depth + 1); Visit(e.Value, depth + 1); }
                    return;
                }
                if (o is IEnumerable items && !IsModuleClass(t))
                {
                    foreach (var i in items) Visit(i, depth + 1);
                    return;
                }
                if (!IsModuleClass(t)) return;
                try { texts.Add(o.ToString()); } catch (Exception) { }
                foreach (var p in t.GetProperties(BindingFlags.Instance | BindingFlags.Public))
                    if (p.GetIndexParameters().Length == 0) Visit(SafeGet(p, o), depth + 1);
                if (privateFields)
                    for (var ft = t; ft != null && ft != typeof(object); ft = ft.BaseType)
                        foreach (var f in ft.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                            Visit(f.GetValue(o), depth + 1);
            }
            Visit(root, 0);
            return texts;
        }

        private sealed class ReferenceComparer : IEqualityComparer<object>
        {
            public new bool Equals(object x, object y) => ReferenceEquals(x, y);
            public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
