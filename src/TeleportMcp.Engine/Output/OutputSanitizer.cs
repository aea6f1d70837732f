using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;

namespace TeleportMcp.Engine.Output
{
    /// <summary>
    /// Walks an object the module is about to write and passes every string it holds (properties, arrays, lists,
    /// dictionary keys and values, nested module objects) through <see cref="OutputText.Safe"/>, in place.
    /// The value a property had before is kept (in memory only, never written) so that the module's own commands
    /// can still use it (<see cref="RestoredCopy{T}"/>): an app piped to Test-TeleportMcpApp -Launch starts with its real
    /// arguments, a role's app_labels piped back match as in the file.
    /// </summary>
    /// <remarks>
    /// Large outputs write hundreds of thousands of objects, so the shape of each type is worked out once
    /// (<see cref="TypePlan"/>): which properties can hold text (value types and enums cannot and are never read),
    /// typed getters and setters, and whether an object of the type can reach itself (only then is a set of
    /// visited objects kept).
    /// </remarks>
    public static class OutputSanitizer
    {
        private static readonly ConcurrentDictionary<Type, TypePlan> s_plans = new ConcurrentDictionary<Type, TypePlan>();
        private static readonly ConditionalWeakTable<object, Dictionary<string, object>> s_originals = new ConditionalWeakTable<object, Dictionary<string, object>>();
        private const int MaxDepth = 64;

        [ThreadStatic] private static HashSet<object>? t_seen;

        // The stop of the command writing the object (see Cancellable), and the characters passed since it was last looked at.
        [ThreadStatic] private static CancellationToken t_cancel;
        [ThreadStatic] private static long t_sinceCheck;
        private const long CharsBetweenChecks = 64 * 1024;

        /// <summary>
        /// Until the result is disposed, sanitizing on this thread looks at <paramref name="cancel"/> every 64 Ki
        /// characters: an object holding hundreds of thousands of strings stops (an <see cref="OperationCanceledException"/>)
        /// when the pipeline does, instead of being finished first.
        /// </summary>
        public static StopScope StopWith(CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            var scope = new StopScope(t_cancel);
            t_cancel = cancel;
            return scope;
        }

        /// <summary>The scope of <see cref="StopWith"/>: a value, since every object a cmdlet writes opens one.</summary>
        public readonly struct StopScope : IDisposable
        {
            private readonly CancellationToken _previous;
            internal StopScope(CancellationToken previous) => _previous = previous;
            public void Dispose() => t_cancel = _previous;
        }

        [return: NotNullIfNotNull("text")] private static string? Safe(string? text)
        {
            if (text == null) return null;
            t_sinceCheck += text.Length + 16;
            if (t_sinceCheck >= CharsBetweenChecks)
            {
                t_sinceCheck = 0;
                t_cancel.ThrowIfCancellationRequested();
            }
            return OutputText.Safe(text);
        }

        /// <summary>Sanitizes <paramref name="value"/> and returns it (a string is returned sanitized).</summary>
        [return: NotNullIfNotNull("value")] public static object? Sanitize(object? value)
        {
            if (value == null) return null;
            if (value is string s) return Safe(s);
            // An object that made its strings safe itself (a lazily read audit event) is not walked.
            if (value is IOutputSafe safe && safe.IsOutputSafe) return value;
            var plan = PlanOf(value.GetType());
            if (plan.Kind == PlanKind.Skip) return value;
            if (plan.Closed)
            {
                // No object of this shape can reach itself: nothing to remember on the way.
                Walk(value, plan, null, 0);
                return value;
            }
            var seen = t_seen ?? new HashSet<object>(ReferenceComparer.Instance);
            t_seen = null; // a getter that writes output again gets its own set
            try
            {
                Walk(value, plan, seen, 0);
            }
            finally
            {
                seen.Clear();
                t_seen = seen;
            }
            return value;
        }

        /// <summary>
        /// Makes every text an exception chain can show safe, in place: each exception's fields of text (the message,
        /// a file name, a target name held in a private field and shown by a computed property), its Data, and the
        /// properties of the module's own exceptions (a location's path, the line text), for it and its inner
        /// exceptions. The exception keeps its type, so a caller can still tell an IOException from the rest.
        /// </summary>
        public static void SanitizeException(Exception? exception)
        {
            var pending = new Stack<(Exception Error, int Depth)>();
            var seen = new HashSet<object>(ReferenceComparer.Instance);
            if (exception != null) pending.Push((exception, 0));
            while (pending.Count > 0)
            {
                var (e, depth) = pending.Pop();
                if (depth >= SafeExceptions.MaxDepth || !seen.Add(e)) continue;
                for (var t = e.GetType(); t != null && t != typeof(object); t = t.BaseType)
                {
                    foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        if (f.FieldType != typeof(string) && f.FieldType != typeof(object) && f.FieldType != typeof(string[])) continue;
                        try
                        {
                            var value = f.GetValue(e);
                            if (value is string s)
                            {
                                string safe = OutputText.Safe(s);
                                if (!ReferenceEquals(safe, s) && safe != s) f.SetValue(e, safe);
                            }
                            else if (value is string[] strings)
                            {
                                for (int i = 0; i < strings.Length; i++) strings[i] = OutputText.Safe(strings[i]);
                            }
                        }
                        catch (Exception x) when (x is FieldAccessException || x is ArgumentException || x is TargetException)
                        {
                            // A field the runtime will not let be set (none of the exceptions the module sees): the next one.
                        }
                    }
                }
                try { Sanitize(e.Data); }
                catch (Exception x) when (x is NotSupportedException || x is InvalidOperationException) { }
                if (IsModuleType(e.GetType())) Sanitize(e);
                if (e is AggregateException all)
                    foreach (var inner in all.InnerExceptions) pending.Push((inner, depth + 1));
                else if (e.InnerException != null) pending.Push((e.InnerException, depth + 1));
            }
        }

        /// <summary>
        /// The value <paramref name="property"/> of <paramref name="owner"/> had before it was sanitized, or the
        /// current value when sanitizing did not change it.
        /// </summary>
        public static T? Original<T>(object? owner, string property, T current)
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
        /// The module's own object, written earlier and given back as input (Import-TeleportResource | Test-TeleportMcpRole),
        /// with the values it had before it was made safe for display: a copy made by <paramref name="copy"/> when
        /// sanitizing changed some, else the object itself. The caller's object keeps its safe values, and the engine
        /// reads the real ones, so a text is escaped once, when it is written out again, not escaped text escaped twice.
        /// </summary>
        public static T RestoredCopy<T>(T owner, Func<T, T> copy) where T : class
        {
            if (owner == null) throw new ArgumentNullException(nameof(owner));
            if (copy == null) throw new ArgumentNullException(nameof(copy));
            if (!s_originals.TryGetValue(owner, out var d)) return owner;
            List<KeyValuePair<string, object>> saved;
            lock (d) saved = d.ToList();
            if (saved.Count == 0) return owner;
            var target = copy(owner);
            var plan = PlanOf(owner.GetType());
            foreach (var kv in saved)
            {
                var p = plan.Properties.FirstOrDefault(x => x.Name == kv.Key);
                if (p?.Set == null) continue;
                if (kv.Value is SavedEntries entries)
                {
                    entries.RestoreInto(target, p, owner);
                    continue;
                }
                // A list the copy owns is refilled in place (a role's per-entry source locations stay with it); one it
                // shares with the caller's object is replaced, never changed.
                if (kv.Value is List<string> original && p.Get(target) is List<string> own && !ReferenceEquals(own, p.Get(owner)) && own.Count == original.Count)
                {
                    for (int i = 0; i < own.Count; i++) own[i] = original[i];
                    continue;
                }
                p.Set(target, kv.Value is string[] a ? a.Clone() : kv.Value is List<string> l ? new List<string>(l) : kv.Value);
            }
            return target;
        }

        private static void Walk(object value, TypePlan plan, HashSet<object>? seen, int depth)
        {
            if (depth > MaxDepth) return;
            if (value is IOutputSafe done && done.IsOutputSafe) return;
            if (seen != null && !seen.Add(value)) return;
            switch (plan.Kind)
            {
                case PlanKind.StringArray:
                    var strings = (string[])value;
                    for (int i = 0; i < strings.Length; i++) strings[i] = Safe(strings[i]);
                    return;
                case PlanKind.Dictionary:
                    SanitizeDictionary((IDictionary)value, seen, depth);
                    return;
                case PlanKind.List:
                    var list = (IList)value;
                    if (list.IsReadOnly && !(list is Array))
                    {
                        // A read-only list of the module's own is still an object with properties.
                        if (plan.Properties.Length > 0) WalkProperties(value, plan, seen, depth);
                        return;
                    }
                    var itemPlan = plan.LastItemPlan;
                    for (int i = 0; i < list.Count; i++)
                    {
                        var item = list[i];
                        if (item == null) continue;
                        if (item is string s)
                        {
                            string safe = Safe(s);
                            if (!ReferenceEquals(safe, s)) list[i] = safe;
                            continue;
                        }
                        // The items of a list are mostly of one type: its plan is kept on the list's plan.
                        var type = item.GetType();
                        if (itemPlan == null || itemPlan.Type != type) plan.LastItemPlan = itemPlan = PlanOf(type);
                        if (itemPlan.Kind != PlanKind.Skip) Walk(item, itemPlan, seen, depth + 1);
                    }
                    return;
                case PlanKind.Module:
                    WalkProperties(value, plan, seen, depth);
                    return;
            }
        }

        private static void WalkChild(object value, HashSet<object>? seen, int depth)
        {
            var plan = PlanOf(value.GetType());
            if (plan.Kind != PlanKind.Skip) Walk(value, plan, seen, depth);
        }

        private static void WalkProperties(object value, TypePlan plan, HashSet<object>? seen, int depth)
        {
            foreach (var p in plan.Properties)
            {
                object? current;
                try { current = p.Get(value); }
                catch (Exception) { continue; }
                if (current == null) continue;
                if (current is string text)
                {
                    string safe = p.SingleLine ? SafeLine(text) : p.Message ? SafeMessage(text) : Safe(text);
                    if (ReferenceEquals(safe, text) || p.Set == null || safe == text) continue;
                    Remember(value, p.Name, text);
                    p.Set(value, safe);
                }
                else if (current is IList<string> strings)
                {
                    if (p.Arguments)
                    {
                        if (!strings.IsReadOnly || strings is string[]) SanitizeArguments(value, p.Name, strings);
                    }
                    else if (p.SingleLine)
                    {
                        if (!strings.IsReadOnly || strings is string[]) SanitizeLines(value, p.Name, strings);
                    }
                    else if (p.Message && (!strings.IsReadOnly || strings is string[]))
                    {
                        ReplaceTexts(value, p.Name, strings, i => SafeMessage(strings[i]));
                    }
                    else if (AnyChanges(strings))
                    {
                        Remember(value, p.Name, strings is string[] array ? array.Clone() : new List<string>(strings));
                        WalkChild(strings, seen, depth + 1);
                    }
                }
                else if (current is IDictionary dict && p.Set != null)
                {
                    // A dictionary property may be a copy made by its getter (labels kept in a map): written back when the
                    // rule changed it. A getter that made its copy safe itself (a user's traits, masked by name) is left
                    // alone, so the values the engine keeps behind it stay real.
                    if (depth + 1 > MaxDepth || (seen != null && !seen.Add(dict))) continue;
                    // The entries as they were (a role's app_labels key or value, an app's label), kept before the shown ones are
                    // written over them: a piped object then decides as the file did (RestoredCopy).
                    var before = EntriesChange(dict) ? SavedEntries.Of(dict) : null;
                    if (!SanitizeDictionary(dict, seen, depth + 1)) continue;
                    if (before != null) Remember(value, p.Name, before);
                    p.Set(value, current);
                }
                else
                {
                    // The plan of the value's type, kept on the property (a ToolAccess's lists are of one type each).
                    var type = current.GetType();
                    var childPlan = p.LastPlan;
                    if (childPlan == null || childPlan.Type != type) p.LastPlan = childPlan = PlanOf(type);
                    if (childPlan.Kind != PlanKind.Skip) Walk(current, childPlan, seen, depth + 1);
                }
            }
        }

        // An argument list is redacted as a list ("--api-key", "X": X is the option's secret), then each item made safe.
        private static void SanitizeArguments(object owner, string property, IList<string> strings)
        {
            var redacted = Redactor.RedactArguments(strings);
            ReplaceTexts(owner, property, strings, i => Safe(redacted[i]));
        }

        // Names and single lines from outside (a server's method names): each made safe, line breaks escaped too.
        private static void SanitizeLines(object owner, string property, IList<string> strings) =>
            ReplaceTexts(owner, property, strings, i => SafeLine(strings[i]));

        // Writes the shown form of each item (null items stay) back into the list, the original remembered, when any differs.
        private static void ReplaceTexts(object owner, string property, IList<string> strings, Func<int, string> shown)
        {
            string[]? safe = null;
            for (int i = 0; i < strings.Count; i++)
            {
                var s = strings[i];
                if (s == null) continue;
                var line = shown(i);
                if (ReferenceEquals(line, s) || line == s) continue;
                (safe ?? (safe = new string[strings.Count]))[i] = line;
            }
            if (safe == null) return;
            Remember(owner, property, strings is string[] array ? array.Clone() : new List<string>(strings));
            for (int i = 0; i < safe.Length; i++)
                if (safe[i] != null) strings[i] = safe[i];
        }

        [return: NotNullIfNotNull("text")] private static string? SafeLine(string? text) => ControlCharacters.EscapeName(Safe(text));

        [return: NotNullIfNotNull("text")] private static string? SafeMessage(string? text) => Common.ListText.CutSafe(Safe(text));

        /// <summary>
        /// The properties that are messages the module wrote about the input (a reason, message, fix, detail, note or warning
        /// quotes a role, app or tool name, a label value, a log line): cut to Limits.OutputMessageChars like every message
        /// that leaves the module (<see cref="OutputText.SafeMessage"/>). Every other property keeps its whole value.
        /// </summary>
        internal static readonly HashSet<string> MessageProperties = new HashSet<string>(StringComparer.Ordinal)
        {
            "Message", "Reason", "Fix", "Detail", "Summary", "Note", "Notes", "Warnings",
        };

        private static bool AnyChanges(IList<string> strings)
        {
            for (int i = 0; i < strings.Count; i++)
            {
                var s = strings[i];
                if (s != null && !ReferenceEquals(Safe(s), s)) return true;
            }
            return false;
        }

        // Whether the rule changes a text key or value of the dictionary, or an item of a value that is a list of texts.
        private static bool EntriesChange(IDictionary dict)
        {
            foreach (DictionaryEntry e in dict)
            {
                if (e.Key is string k && !ReferenceEquals(Safe(k), k)) return true;
                if (e.Value is string v && !ReferenceEquals(Safe(v), v)) return true;
                if (e.Value is IList<string> texts && AnyChanges(texts)) return true;
            }
            return false;
        }

        /// <summary>
        /// A dictionary property's entries before the rule changed them (a list of texts copied, anything else as it was):
        /// a dictionary property is often a copy its getter makes (a role's app_labels), so its original is kept as entries and
        /// written back through the property's setter.
        /// </summary>
        private sealed class SavedEntries
        {
            private readonly List<KeyValuePair<object, object?>> _entries;

            private SavedEntries(List<KeyValuePair<object, object?>> entries) => _entries = entries;

            public static SavedEntries Of(IDictionary dict)
            {
                var entries = new List<KeyValuePair<object, object?>>(dict.Count);
                foreach (DictionaryEntry e in dict) entries.Add(new KeyValuePair<object, object?>(e.Key, Detached(e.Value)));
                return new SavedEntries(entries);
            }

            private static object? Detached(object? value) => value is string[] a ? a.Clone() : value is List<string> l ? new List<string>(l) : value;

            /// <summary>
            /// Writes the entries into <paramref name="target"/>'s property: into the dictionary its getter gives, or, when that one
            /// is shared with <paramref name="sharedWith"/> (the caller's object of a copy), into a new one of its type.
            /// </summary>
            public void RestoreInto(object target, PropertyAccess p, object? sharedWith)
            {
                if (!(p.Get(target) is IDictionary dict)) return;
                if (sharedWith != null && ReferenceEquals(dict, p.Get(sharedWith)))
                {
                    // Only a type with a constructor of no arguments is made anew; Hashtable and Dictionary<,> (all the module's) have one.
                    if (dict.GetType().GetConstructor(Type.EmptyTypes) == null) return;
                    dict = (IDictionary)Activator.CreateInstance(dict.GetType())!;
                }
                else if (dict.IsReadOnly) return;
                dict.Clear();
                foreach (var kv in _entries) dict[kv.Key] = Detached(kv.Value);
                p.Set!(target, dict);
            }
        }

        /// <summary>Makes the dictionary's keys and values safe in place; false when the rule changed nothing in it.</summary>
        private static bool SanitizeDictionary(IDictionary dict, HashSet<object>? seen, int depth)
        {
            if (dict.IsReadOnly || dict.Count == 0) return false;
            bool changed = false;
            var entries = new List<DictionaryEntry>(dict.Count);
            foreach (DictionaryEntry e in dict) entries.Add(e);
            foreach (var e in entries)
            {
                object key = e.Key is string k ? Safe(k) : e.Key;
                object? val = e.Value is string v ? Safe(v) : e.Value;
                if (e.Value != null && !(e.Value is string))
                {
                    // A list of texts is looked at first; anything else may have changed inside.
                    changed |= !(e.Value is IList<string> texts) || AnyChanges(texts);
                    WalkChild(e.Value, seen, depth + 1);
                }
                if (!Equals(key, e.Key))
                {
                    dict.Remove(e.Key);
                    dict[key] = val;
                    changed = true;
                }
                else if (!ReferenceEquals(val, e.Value))
                {
                    dict[key] = val;
                    changed |= !Equals(val, e.Value);
                }
            }
            return changed;
        }

        private static void Remember(object owner, string property, object original)
        {
            var d = s_originals.GetOrCreateValue(owner);
            lock (d)
            {
                if (!d.ContainsKey(property)) d[property] = original;
            }
        }

        // ---- the shape of a type, worked out once ----------------------------------------------------------

        internal enum PlanKind
        {
            /// <summary>Holds no text the walk can change: value types, strings read elsewhere, foreign objects, read-only sequences.</summary>
            Skip,
            StringArray,
            Dictionary,
            List,
            /// <summary>A type of the module: its public properties are walked.</summary>
            Module,
        }

        internal sealed class PropertyAccess
        {
            public required string Name;
            public required Type Type;
            public required Func<object, object?> Get;
            public required Action<object, object?>? Set;
            /// <summary>An argument list (<see cref="ArgumentListAttribute"/>): redacted as a list.</summary>
            public bool Arguments;
            /// <summary>A name or one line from outside (<see cref="SingleLineTextAttribute"/>): its line breaks escaped too.</summary>
            public bool SingleLine;
            /// <summary>A message (<see cref="MessageProperties"/>): cut to Limits.OutputMessageChars.</summary>
            public bool Message;
            /// <summary>The plan of the type this property last held (a hint: checked against the value's type before use).</summary>
            public TypePlan? LastPlan;
        }

        internal sealed class TypePlan
        {
            public required Type Type;
            public PlanKind Kind;
            public PropertyAccess[] Properties = Array.Empty<PropertyAccess>();
            /// <summary>True when no object of this type can reach itself, so the walk keeps no set of visited objects.</summary>
            public bool Closed;
            /// <summary>For a list: the plan of the type its items last had (a hint, checked before use).</summary>
            public TypePlan? LastItemPlan;
        }

        private static TypePlan s_last = new TypePlan { Type = typeof(void) };

        internal static TypePlan PlanOf(Type type)
        {
            var last = s_last;
            if (last.Type == type) return last;
            var plan = s_plans.GetOrAdd(type, t => Describe(t, new HashSet<Type>()));
            s_last = plan;
            return plan;
        }

        private static TypePlan Describe(Type type, HashSet<Type> inProgress)
        {
            if (s_plans.TryGetValue(type, out var known)) return known;
            var plan = new TypePlan { Type = type, Kind = KindOf(type) };
            switch (plan.Kind)
            {
                case PlanKind.Skip:
                case PlanKind.StringArray:
                    plan.Closed = true;
                    return plan;
                case PlanKind.Dictionary:
                    plan.Closed = ElementsClosed(type, inProgress);
                    return plan;
                case PlanKind.List when !IsModuleType(type):
                    plan.Closed = ElementsClosed(type, inProgress);
                    return plan;
            }
            inProgress.Add(type);
            var list = new List<PropertyAccess>();
            bool closed = true;
            foreach (var p in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
            {
                if (p.GetIndexParameters().Length > 0 || p.GetGetMethod() == null) continue;
                // A value type (bool, enum, number, date, a nullable of one) never holds text.
                if (p.PropertyType.IsValueType) continue;
                var access = new PropertyAccess { Name = p.Name, Type = p.PropertyType, Get = Getter(type, p), Set = Setter(type, p), Arguments = p.IsDefined(typeof(ArgumentListAttribute), true), SingleLine = p.IsDefined(typeof(SingleLineTextAttribute), true), Message = MessageProperties.Contains(p.Name) };
                list.Add(access);
                if (closed && !DeclaredClosed(p.PropertyType, inProgress)) closed = false;
            }
            inProgress.Remove(type);
            plan.Properties = list.ToArray();
            plan.Closed = closed && (plan.Kind == PlanKind.Module || ElementsClosed(type, inProgress));
            return plan;
        }

        private static PlanKind KindOf(Type type)
        {
            if (type.IsValueType || type == typeof(string)) return PlanKind.Skip;
            if (type == typeof(string[])) return PlanKind.StringArray;
            if (typeof(IDictionary).IsAssignableFrom(type)) return PlanKind.Dictionary;
            if (typeof(IList).IsAssignableFrom(type)) return PlanKind.List;
            if (IsModuleType(type)) return PlanKind.Module;
            return PlanKind.Skip;
        }

        /// <summary>
        /// Whether every object a property of this declared type can hold is of a shape that cannot reach back: a
        /// string, a sealed module type that is itself closed, or a list, array or dictionary of those.
        /// </summary>
        private static bool DeclaredClosed(Type declared, HashSet<Type> inProgress)
        {
            if (declared.IsValueType || declared == typeof(string) || declared == typeof(string[])) return true;
            if (declared.IsArray) return declared.GetArrayRank() == 1 && DeclaredClosed(declared.GetElementType(), inProgress);
            if (declared.IsGenericType)
            {
                var def = declared.GetGenericTypeDefinition();
                if (def == typeof(List<>) || def == typeof(Dictionary<,>))
                    return declared.GetGenericArguments().All(a => DeclaredClosed(a, inProgress));
                return false;
            }
            if (!declared.IsSealed || !IsModuleType(declared) || inProgress.Contains(declared)) return false;
            var plan = s_plans.GetOrAdd(declared, t => Describe(t, inProgress));
            return plan.Closed;
        }

        private static bool ElementsClosed(Type type, HashSet<Type> inProgress)
        {
            if (type.IsArray) return DeclaredClosed(type, inProgress);
            if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(List<>) || type.GetGenericTypeDefinition() == typeof(Dictionary<,>)))
                return DeclaredClosed(type, inProgress);
            return false;
        }

        private static bool IsModuleType(Type t) => t.Namespace != null && (t.Namespace == "TeleportMcp" || t.Namespace.StartsWith("TeleportMcp.", StringComparison.Ordinal));

        /// <summary>
        /// A typed delegate over the property's getter (large outputs have millions of properties); reflection when the
        /// getter cannot be bound. Bound with <see cref="Delegate.CreateDelegate(Type, MethodInfo)"/> through one generic
        /// method over reference types, which the runtime compiles once for all of them: a first output costs no code
        /// generation per property (compiled expression trees were about a sixth of a first cmdlet call, bench/import.ps1).
        /// </summary>
        private static Func<object, object?> Getter(Type type, PropertyInfo p)
        {
            var getter = p.GetGetMethod();
            if (getter != null && !getter.IsStatic && !p.PropertyType.IsValueType)
            {
                try
                {
                    return (Func<object, object?>)BindGetter.MakeGenericMethod(type, p.PropertyType).Invoke(null, new object[] { getter })!;
                }
                catch (Exception)
                {
                    // fall through to reflection
                }
            }
            return p.GetValue;
        }

        private static readonly MethodInfo BindGetter = typeof(OutputSanitizer).GetMethod(nameof(BoundGetter), BindingFlags.Static | BindingFlags.NonPublic)!;
        private static readonly MethodInfo BindSetter = typeof(OutputSanitizer).GetMethod(nameof(BoundSetter), BindingFlags.Static | BindingFlags.NonPublic)!;

        private static Func<object, object?> BoundGetter<TOwner, TValue>(MethodInfo getter) where TOwner : class where TValue : class
        {
            var get = (Func<TOwner, TValue>)Delegate.CreateDelegate(typeof(Func<TOwner, TValue>), getter);
            return o => get((TOwner)o);
        }

        private static Action<object, object?> BoundSetter<TOwner, TValue>(MethodInfo setter) where TOwner : class where TValue : class
        {
            var set = (Action<TOwner, TValue>)Delegate.CreateDelegate(typeof(Action<TOwner, TValue>), setter);
            return (o, v) => set((TOwner)o, (TValue)v!);
        }

        /// <summary>The property's setter (also a non-public one), or the backing field of a get-only string/object property; null when there is none.</summary>
        private static Action<object, object?>? Setter(Type type, PropertyInfo p)
        {
            var setter = p.GetSetMethod(nonPublic: true);
            if (setter != null && !setter.IsStatic)
            {
                try
                {
                    return (Action<object, object?>)BindSetter.MakeGenericMethod(type, p.PropertyType).Invoke(null, new object[] { setter })!;
                }
                catch (Exception)
                {
                    return (o, v) => setter.Invoke(o, new[] { v });
                }
            }
            if (p.PropertyType == typeof(string) || p.PropertyType == typeof(object))
            {
                var field = FindBackingField(type, p.Name);
                if (field != null) return field.SetValue;
            }
            return null;
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
