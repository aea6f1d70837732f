using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Documents
{
    /// <summary>Keys of one mapping that name the same field in other case, and where the later one is.</summary>
    public sealed class MergedFieldKeys
    {
        /// <summary>How many groups inside the merged mappings <see cref="Nested"/> keeps.</summary>
        internal const int NestedKept = 5;

        internal MergedFieldKeys(IReadOnlyList<string> keys, SourceLocation? location, IReadOnlyList<IReadOnlyList<string>> nested, int nestedCount)
        {
            Keys = keys;
            Location = location;
            Nested = nested;
            NestedCount = nestedCount;
        }

        /// <summary>In the order tctl decodes them: the later one's lists and values are kept.</summary>
        public IReadOnlyList<string> Keys { get; }
        public SourceLocation? Location { get; }

        /// <summary>The first groups of keys in other case that met inside the merged mappings, each in decoding order.</summary>
        public IReadOnlyList<IReadOnlyList<string>> Nested { get; }

        /// <summary>How many such groups there were in all.</summary>
        public int NestedCount { get; }
    }

    /// <summary>
    /// Keys of a resource's mapping that differ only in case are one struct field to tctl, which decodes each in turn into
    /// it (jsoniter ConfigFastest, lib/utils/json.go FastUnmarshal; encoding/json for the header): mappings merge field by
    /// field, lists item by item, null leaves a struct held by value as it was, a scalar is replaced (see Combine). The turn is JSON's order: a YAML file
    /// reaches the decoder through sigs.k8s.io/yaml, whose json.Marshal sorts a mapping's keys by bytes; a JSON file keeps
    /// its own order. The keys of labels and traits are data: only the same key replaces its value.
    /// </summary>
    internal static class CaseVariantMerge
    {
        /// <summary>
        /// Whether the field's value is a map whose keys are data, not field names: labels of any kind, a user's traits,
        /// and an access request condition's annotations (api/types RoleConditions.Request.Annotations, wrappers.Traits).
        /// </summary>
        internal static bool IsDataMapField(string key)
        {
            if (key.Length == 6 && DocMap.SameFieldName(key, "traits")) return true;
            if (key.Length == 11 && DocMap.SameFieldName(key, "annotations")) return true;
            const string labels = "labels";
            if (key.Length < labels.Length) return false;
            for (int i = 0, at = key.Length - labels.Length; i < labels.Length; i++)
                if (char.ToLowerInvariant(key[at + i]) != labels[i]) return false;
            return true;
        }

        /// <summary>
        /// Whether the field holds a struct by value (gogoproto nullable=false: RoleV6/AppV3/AppServerV3 spec and metadata,
        /// RoleSpecV6 allow, deny and options), which a null leaves as it was (jsoniter readObjectStart). Other mapping
        /// fields are pointers (role and app mcp, rewrite, an app_server's app) or maps, which null sets to nil
        /// (reflect_optional.go OptionalDecoder, reflect_map.go).
        /// </summary>
        internal static bool IsValueStructField(string key)
        {
            switch (FieldName(key))
            {
                case "spec": case "metadata": case "allow": case "deny": case "options": return true;
                default: return false;
            }
        }

        /// <summary>
        /// The text encoding/json leaves in a string field of the header (tctl's UnknownResource.UnmarshalJSON picks the
        /// reader by it): each key naming the field in any case is decoded in turn, and a null leaves the string as it was
        /// (jsoniter, which reads the body, empties it instead). Null when no key names it with a text.
        /// </summary>
        internal static string? HeaderText(DocMap map, string field, bool jsonOrder)
        {
            DocNode? only = null;
            int count = 0;
            foreach (var kv in map.Entries)
                if (DocMap.SameFieldName(kv.Key, field))
                {
                    // encoding/json cannot put a list or a mapping into a string: tctl refuses the document.
                    if (!(kv.Value is DocScalar)) return null;
                    only = kv.Value;
                    count++;
                }
            if (count <= 1 && map.Shadowed == null) return only is DocScalar one && !one.IsNull ? one.AsString() : null;
            string? text = null;
            foreach (var kv in InJsonOrder(map, jsonOrder))
            {
                if (!DocMap.SameFieldName(kv.Key, field)) continue;
                if (!(kv.Value is DocScalar scalar)) return null;
                if (!scalar.IsNull) text = scalar.AsString();
            }
            return text;
        }

        /// <summary>
        /// Whether the value is a bool or a number, which a null after it leaves as it was: jsoniter's bool and number
        /// codecs skip a null (reflect_native.go, "if !iter.ReadNil()"), while its string codec reads it as "". The value
        /// says the field's type, since a bool or a number does not decode into a text field. (A pointer to a bool, such as
        /// a role option's BoolOption, is set to nil instead; the module reads no such field.)
        /// </summary>
        private static bool IsBoolOrNumber(DocNode node) =>
            node is DocScalar s && !s.IsNull && !s.IsQuoted && GoYamlV2Scalar.IsTyped(GoYamlV2Scalar.Kind(s.Value));

        /// <summary>Merges each group of keys of the map that name one field into its first key's place; notes each group.</summary>
        internal static void Fold(DocMap map, bool jsonOrder, ref List<MergedFieldKeys>? merged)
        {
            var groups = FindGroups(map);
            // A key a JSON object wrote more than once is decoded each time too: its earlier values join its group.
            var shadowed = map.TakeShadowed();
            Dictionary<string, List<DocNode>>? earlier = null;
            if (shadowed != null)
            {
                earlier = new Dictionary<string, List<DocNode>>(StringComparer.Ordinal);
                foreach (var kv in shadowed)
                {
                    if (!earlier.TryGetValue(kv.Key, out var values)) earlier[kv.Key] = values = new List<DocNode>();
                    values.Add(kv.Value);
                }
                var grouped = new HashSet<int>();
                if (groups != null) foreach (var g in groups) grouped.UnionWith(g);
                foreach (var key in earlier.Keys)
                {
                    int at = map.IndexOfKey(key);
                    if (!grouped.Contains(at)) (groups = groups ?? new List<List<int>>()).Add(new List<int> { at });
                }
            }
            if (groups == null) return;
            var combined = new Dictionary<int, DocNode>();
            var drop = new HashSet<int>();
            foreach (var group in groups)
            {
                // Each value the field is given, with the key it was written under, in the order tctl decodes them.
                var written = new List<KeyValuePair<string, DocNode>>();
                foreach (var i in group)
                {
                    var entry = map.Entries[i];
                    if (earlier != null && earlier.TryGetValue(entry.Key, out var before))
                        foreach (var value in before) written.Add(new KeyValuePair<string, DocNode>(entry.Key, value));
                    written.Add(entry);
                }
                if (jsonOrder) written = InFileOrder(written);
                else written.Sort((a, b) => CompareUtf8(a.Key, b.Key));
                var nested = new NestedGroups();
                combined[group[0]] = Combine(map.Entries[group[0]].Key, written.ConvertAll(w => w.Value), jsonOrder, nested);
                for (int i = 1; i < group.Count; i++) drop.Add(group[i]);
                var last = written[written.Count - 1];
                (merged = merged ?? new List<MergedFieldKeys>()).Add(new MergedFieldKeys(written.ConvertAll(w => w.Key), map.KeyLocation(last.Key) ?? last.Value.Location, nested.Kept, nested.Count));
            }
            map.Regroup(combined, drop);
        }

        // Groups of entry indexes (in the map's order) whose keys are one field name; null when there is none.
        private static List<List<int>>? FindGroups(DocMap map)
        {
            var entries = map.Entries;
            List<List<int>>? groups = null;
            if (entries.Count <= 16)
            {
                bool[]? taken = null;
                for (int i = 0; i < entries.Count; i++)
                {
                    if (taken != null && taken[i]) continue;
                    List<int>? group = null;
                    for (int j = i + 1; j < entries.Count; j++)
                    {
                        if (!DocMap.SameFieldName(entries[i].Key, entries[j].Key)) continue;
                        (group = group ?? new List<int> { i }).Add(j);
                        (taken = taken ?? new bool[entries.Count])[j] = true;
                    }
                    if (group != null) (groups = groups ?? new List<List<int>>()).Add(group);
                }
                return groups;
            }
            var byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (int i = 0; i < entries.Count; i++)
            {
                var name = FieldName(entries[i].Key);
                if (byName.TryGetValue(name, out var group))
                {
                    if (group.Count == 1) (groups = groups ?? new List<List<int>>()).Add(group);
                    group.Add(i);
                }
                else byName[name] = new List<int> { i };
            }
            return groups;
        }

        // What SameFieldName compares: each character's invariant lower case.
        private static string FieldName(string key)
        {
            foreach (char c in key)
                if (char.ToLowerInvariant(c) != c)
                {
                    var chars = key.ToCharArray();
                    for (int i = 0; i < chars.Length; i++) chars[i] = char.ToLowerInvariant(chars[i]);
                    return new string(chars);
                }
            return key;
        }

        /// <summary>
        /// The value the field <paramref name="key"/> has after each of <paramref name="decoded"/> is decoded into it in turn,
        /// as jsoniter decodes into a struct field that already holds a value: a mapping merges into a struct field by field
        /// and into a map (labels, traits) key by key, the map's values replaced; a list is decoded into the earlier one
        /// item by item (reflect_slice.go grows the slice in place, so an item that is a mapping merges into the earlier
        /// item and the length is the later list's); null leaves a struct held by value (readObjectStart), a bool and a
        /// number (<see cref="IsBoolOrNumber"/>) as they were and empties anything else (a pointer, a map, a list, a text);
        /// any other value replaces what was there.
        /// </summary>
        private static DocNode Combine(string key, IReadOnlyList<DocNode> decoded, bool jsonOrder, NestedGroups nested)
        {
            // The field is one entry of a struct that each value is decoded into in turn.
            var holder = new DocMap(decoded[0].Location);
            // Each step decodes one source map's entries, from Next on, into a map this merge made. A merge inside it stops
            // the step and goes on top of it, as a recursive decoder would, but as a loop; so a map this merge made is
            // complete whenever a later entry reaches it.
            var steps = new Stack<Step>();
            var fields = new Dictionary<DocMap, Dictionary<string, int>?> { [holder] = new Dictionary<string, int>(StringComparer.Ordinal) };
            // The backing array of each list this merge made: its capacity, and the items beyond the list's length.
            var backings = new Dictionary<DocList, List<DocNode?>>();
            // The keys each source (a JSON object) writes more than once, found once per source.
            var repeated = new Dictionary<DocMap, HashSet<string>?>();
            for (int i = decoded.Count - 1; i >= 0; i--)
            {
                var source = new DocMap(decoded[i].Location);
                source.Set(key, decoded[i]);
                steps.Push(new Step(holder, source, jsonOrder));
            }
            while (steps.Count > 0)
            {
                var step = steps.Pop();
                var target = step.Target;
                var byField = fields[target];
                bool data = byField == null;
                for (int i = step.Next; i < step.Entries.Count; i++)
                {
                    var kv = step.Entries[i];
                    int at;
                    if (byField == null) at = target.IndexOfKey(kv.Key);
                    else if (!byField.TryGetValue(FieldName(kv.Key), out at)) at = -1;
                    if (at < 0)
                    {
                        if (byField != null) byField[FieldName(kv.Key)] = target.Entries.Count;
                        target.Set(kv.Key, kv.Value, step.Source.KeyLocation(kv.Key));
                        target.NoteKeyTyped(kv.Key, step.Source.IsKeyTyped(kv.Key));
                        continue;
                    }
                    if (!data)
                    {
                        bool again = WrittenAgain(step.Source, kv.Key, repeated);
                        if (again || !string.Equals(target.Entries[at].Key, kv.Key, StringComparison.Ordinal)) nested.Note(target, at, target.Entries[at].Key, kv.Key, again);
                    }
                    var existing = target.Entries[at].Value;
                    bool childData = IsDataMapField(kv.Key);
                    if (data)
                    {
                        target.ReplaceAt(at, kv.Value);
                        continue;
                    }
                    if (existing is DocMap && IsValueStructField(kv.Key) && kv.Value is DocScalar scalar && scalar.IsNull) continue;
                    if (IsBoolOrNumber(existing) && kv.Value is DocScalar laterScalar && laterScalar.IsNull) continue;
                    if (existing is DocList earlierList && kv.Value is DocList laterList)
                    {
                        var items = new DocList(laterList.Location);
                        target.ReplaceAt(at, items);
                        steps.Push(step.From(i + 1));
                        // reflect_slice.go: an empty list is a new slice; otherwise the slice grows one item at a time
                        // (reflect2 UnsafeGrow), reusing its backing array up to its capacity, so an item a shorter list in
                        // between left beyond its length is decoded into again.
                        // The earlier list leaves the field here, so its backing array is taken over, not copied (as Go reuses it).
                        if (backings.TryGetValue(earlierList, out var next)) backings.Remove(earlierList);
                        else next = FreshBacking(earlierList);
                        if (laterList.Items.Count == 0) next = new List<DocNode?>();
                        for (int n = 0; n < laterList.Items.Count; n++)
                        {
                            if (n + 1 > next.Count)
                            {
                                // A new array holds the items so far; the rest are zero.
                                var grown = new List<DocNode?>(next.Take(n));
                                for (int cap = GrownCapacity(next.Count, n + 1); grown.Count < cap;) grown.Add(null);
                                next = grown;
                            }
                            if (next[n] is DocMap earlierItem && laterList.Items[n] is DocMap laterItem)
                            {
                                var both = new DocMap(laterItem.Location);
                                fields[both] = new Dictionary<string, int>(StringComparer.Ordinal);
                                next[n] = both;
                                steps.Push(new Step(both, laterItem, jsonOrder));
                                steps.Push(new Step(both, earlierItem, jsonOrder));
                            }
                            else next[n] = laterList.Items[n];
                            items.Items.Add(next[n]!);
                        }
                        backings[items] = next;
                        break;
                    }
                    if (!(existing is DocMap existingMap) || !(kv.Value is DocMap laterMap))
                    {
                        target.ReplaceAt(at, kv.Value);
                        continue;
                    }
                    steps.Push(step.From(i + 1));
                    if (fields.ContainsKey(existingMap))
                    {
                        // Made by this merge and complete: it takes the later entries itself, so keys in other case from
                        // three sources are one group.
                        steps.Push(new Step(existingMap, laterMap, jsonOrder));
                        break;
                    }
                    var merged = new DocMap(laterMap.Location);
                    fields[merged] = childData ? null : new Dictionary<string, int>(StringComparer.Ordinal);
                    target.ReplaceAt(at, merged);
                    // The later map's entries go in after the earlier one's: pushed first, popped last.
                    steps.Push(new Step(merged, laterMap, jsonOrder));
                    steps.Push(new Step(merged, existingMap, jsonOrder));
                    break;
                }
            }
            return holder.Entries[0].Value;
        }

        /// <summary>Whether <paramref name="source"/> (a JSON object) writes <paramref name="key"/> more than once.</summary>
        private static bool WrittenAgain(DocMap source, string key, Dictionary<DocMap, HashSet<string>?> repeated)
        {
            if (source.Shadowed == null) return false;
            if (!repeated.TryGetValue(source, out var keys))
            {
                keys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var kv in source.Shadowed) keys.Add(kv.Key);
                repeated[source] = keys;
            }
            return keys!.Contains(key);
        }

        /// <summary>The backing array of a list decoded into an empty field: its items, then zero up to its capacity.</summary>
        private static List<DocNode?> FreshBacking(DocList list)
        {
            int cap = 0;
            for (int length = 1; length <= list.Items.Count; length++)
                if (length > cap) cap = GrownCapacity(cap, length);
            var backing = new List<DocNode?>(list.Items);
            while (backing.Count < cap) backing.Add(null);
            return backing;
        }

        /// <summary>The capacity reflect2's UnsafeGrow gives a slice of capacity <paramref name="cap"/> that must hold <paramref name="length"/> items (unsafe_slice.go, calcNewCap).</summary>
        private static int GrownCapacity(int cap, int length)
        {
            if (cap == 0) return length;
            while (cap < length) cap = cap < 1024 ? cap + cap : cap + cap / 4;
            return cap;
        }

        private sealed class Step
        {
            internal Step(DocMap target, DocMap source, bool jsonOrder) : this(target, source, InJsonOrder(source, jsonOrder), 0) { }

            private Step(DocMap target, DocMap source, IReadOnlyList<KeyValuePair<string, DocNode>> entries, int next)
            {
                Target = target;
                Source = source;
                Entries = entries;
                Next = next;
            }

            internal DocMap Target { get; }
            internal DocMap Source { get; }
            internal IReadOnlyList<KeyValuePair<string, DocNode>> Entries { get; }
            internal int Next { get; }

            internal Step From(int next) => new Step(Target, Source, Entries, next);
        }

        // Groups of keys in other case that meet inside the mappings of one merge: all are counted, the first few kept.
        private sealed class NestedGroups
        {
            private readonly Dictionary<(DocMap Target, int At), HashSet<string>> _seen = new Dictionary<(DocMap, int), HashSet<string>>();
            private readonly Dictionary<(DocMap Target, int At), List<string>> _kept = new Dictionary<(DocMap, int), List<string>>();

            internal List<IReadOnlyList<string>> Kept { get; } = new List<IReadOnlyList<string>>();
            internal int Count => _seen.Count;

            /// <param name="again">The later key is the same key written again (a JSON object's): it is named each time.</param>
            internal void Note(DocMap target, int at, string first, string later, bool again = false)
            {
                if (!_seen.TryGetValue((target, at), out var spellings))
                {
                    _seen[(target, at)] = spellings = new HashSet<string>(StringComparer.Ordinal) { first };
                    if (Kept.Count < MergedFieldKeys.NestedKept)
                    {
                        var keys = new List<string> { first };
                        _kept[(target, at)] = keys;
                        Kept.Add(keys);
                    }
                }
                if ((spellings.Add(later) || again) && _kept.TryGetValue((target, at), out var kept)) kept.Add(later);
            }
        }

        private static IReadOnlyList<KeyValuePair<string, DocNode>> InJsonOrder(DocMap map, bool jsonOrder)
        {
            // A map is read as a source only once complete, so it is never changed while it is read.
            if (jsonOrder)
            {
                if (map.Shadowed == null) return map.Entries;
                // Keys written more than once are decoded each time, in the file's order.
                return InFileOrder(map.Entries.Concat(map.Shadowed));
            }
            var sorted = map.Entries.ToArray();
            Array.Sort(sorted, (a, b) => CompareUtf8(a.Key, b.Key));
            return sorted;
        }

        // A JSON object's entries as written: by where each value stands (stable, so equal places keep their order).
        private static List<KeyValuePair<string, DocNode>> InFileOrder(IEnumerable<KeyValuePair<string, DocNode>> entries) =>
            entries.OrderBy(kv => kv.Value.Location.Line).ThenBy(kv => kv.Value.Location.Column).ToList();

        /// <summary>Go's string order (bytes of UTF-8), which is the order of code points.</summary>
        internal static int CompareUtf8(string a, string b)
        {
            int n = Math.Min(a.Length, b.Length);
            for (int i = 0; i < n; i++)
            {
                char x = a[i], y = b[i];
                if (x == y) continue;
                // A surrogate (U+D800-DFFF) stands for a code point above U+FFFF: it sorts after every other UTF-16 unit.
                bool xs = char.IsSurrogate(x), ys = char.IsSurrogate(y);
                if (xs != ys) return xs ? 1 : -1;
                return x < y ? -1 : 1;
            }
            return a.Length.CompareTo(b.Length);
        }
    }
}
