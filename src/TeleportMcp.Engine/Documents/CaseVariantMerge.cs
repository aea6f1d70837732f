using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Documents
{
    /// <summary>Keys of one mapping that name the same field in other case, and where the later one is.</summary>
    public sealed class MergedFieldKeys
    {
        internal MergedFieldKeys(IReadOnlyList<string> keys, SourceLocation? location)
        {
            Keys = keys;
            Location = location;
        }

        /// <summary>In the order tctl decodes them: the later one's lists and values are kept.</summary>
        public IReadOnlyList<string> Keys { get; }
        public SourceLocation? Location { get; }
    }

    /// <summary>
    /// Keys of a resource's mapping that differ only in case are one struct field to tctl, which decodes each in turn into
    /// it (jsoniter ConfigFastest, lib/utils/json.go FastUnmarshal; encoding/json for the header): mappings merge field by
    /// field, any other value (a list, a scalar) is replaced by the later one. The turn is JSON's order: a YAML file
    /// reaches the decoder through sigs.k8s.io/yaml, whose json.Marshal sorts a mapping's keys by bytes; a JSON file keeps
    /// its own order. The keys of labels and traits are data: only the same key replaces its value.
    /// </summary>
    internal static class CaseVariantMerge
    {
        /// <summary>Whether the field's value is a map whose keys are data (labels of any kind, traits), not field names.</summary>
        internal static bool IsDataMapField(string key)
        {
            if (key.Length == 6 && DocMap.SameFieldName(key, "traits")) return true;
            const string labels = "labels";
            if (key.Length < labels.Length) return false;
            for (int i = 0, at = key.Length - labels.Length; i < labels.Length; i++)
                if (char.ToLowerInvariant(key[at + i]) != labels[i]) return false;
            return true;
        }

        /// <summary>Merges each group of keys of the map that name one field into its first key's place; notes each group.</summary>
        internal static void Fold(DocMap map, bool jsonOrder, ref List<MergedFieldKeys>? merged)
        {
            var groups = FindGroups(map);
            if (groups == null) return;
            var values = new Dictionary<int, DocNode>();
            var drop = new HashSet<int>();
            foreach (var group in groups)
            {
                var ordered = new List<int>(group);
                if (!jsonOrder) ordered.Sort((a, b) => CompareUtf8(map.Entries[a].Key, map.Entries[b].Key));
                DocNode value = map.Entries[ordered[0]].Value;
                for (int i = 1; i < ordered.Count; i++)
                    value = Combine(value, map.Entries[ordered[i]].Value, IsDataMapField(map.Entries[ordered[i]].Key), jsonOrder);
                values[group[0]] = value;
                for (int i = 1; i < group.Count; i++) drop.Add(group[i]);
                var names = new List<string>(ordered.Count);
                foreach (var i in ordered) names.Add(map.Entries[i].Key);
                (merged = merged ?? new List<MergedFieldKeys>()).Add(new MergedFieldKeys(names, map.KeyLocation(map.Entries[ordered[ordered.Count - 1]].Key) ?? map.Entries[ordered[ordered.Count - 1]].Value.Location));
            }
            map.Regroup(values, drop);
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

        /// <summary>The value the field has after <paramref name="later"/> is decoded into it: maps merge, anything else is replaced.</summary>
        private static DocNode Combine(DocNode earlier, DocNode later, bool laterIsData, bool jsonOrder)
        {
            if (!(earlier is DocMap first) || !(later is DocMap second)) return later;
            var result = new DocMap(second.Location);
            // Each step applies one source map's entries to a new target; a deep merge is a loop, not recursion.
            var steps = new Stack<(DocMap Target, DocMap Source, bool Data)>();
            var fields = new Dictionary<DocMap, Dictionary<string, int>>();
            steps.Push((result, second, laterIsData));
            steps.Push((result, first, laterIsData));
            while (steps.Count > 0)
            {
                var (target, source, data) = steps.Pop();
                Dictionary<string, int>? byField = null;
                if (!data && !fields.TryGetValue(target, out byField)) fields[target] = byField = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var kv in InJsonOrder(source, jsonOrder))
                {
                    int at;
                    if (byField == null) at = target.IndexOfKey(kv.Key);
                    else if (!byField.TryGetValue(FieldName(kv.Key), out at)) at = -1;
                    if (at < 0)
                    {
                        if (byField != null) byField[FieldName(kv.Key)] = target.Entries.Count;
                        target.Set(kv.Key, kv.Value, source.KeyLocation(kv.Key));
                        target.NoteKeyTyped(kv.Key, source.IsKeyTyped(kv.Key));
                        continue;
                    }
                    var existing = target.Entries[at].Value;
                    if (!data && existing is DocMap existingMap && kv.Value is DocMap laterMap)
                    {
                        var both = new DocMap(laterMap.Location);
                        target.ReplaceAt(at, both);
                        bool childData = IsDataMapField(kv.Key);
                        // The later map's entries go in after the earlier one's: pushed first, popped last.
                        steps.Push((both, laterMap, childData));
                        steps.Push((both, existingMap, childData));
                    }
                    else target.ReplaceAt(at, kv.Value);
                }
            }
            return result;
        }

        private static IEnumerable<KeyValuePair<string, DocNode>> InJsonOrder(DocMap map, bool jsonOrder)
        {
            // Targets are always new maps, so a source is never changed while it is read.
            if (jsonOrder) return map.Entries;
            var sorted = map.Entries.ToArray();
            Array.Sort(sorted, (a, b) => CompareUtf8(a.Key, b.Key));
            return sorted;
        }

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
