using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Documents
{
    /// <summary>
    /// A parsed YAML or JSON value with its location. YAML and JSON inputs map to the same tree, so the resource
    /// readers are written once.
    /// </summary>
    public abstract class DocNode
    {
        protected DocNode(SourceLocation location) { Location = location; }

        public SourceLocation Location { get; internal set; }

        public DocNode? this[string key] => (this as DocMap)?.Get(key);

        /// <summary>The scalar text, or null for null, missing, maps and lists.</summary>
        public virtual string? AsString() => null;
    }

    public sealed class DocScalar : DocNode
    {
        public DocScalar(string? value, bool isNull, bool isQuoted, SourceLocation location) : base(location)
        {
            Value = value;
            IsNull = isNull;
            IsQuoted = isQuoted;
        }

        public string? Value { get; }
        [MemberNotNullWhen(false, nameof(Value))]
        public bool IsNull { get; }
        public bool IsQuoted { get; }

        /// <summary>A YAML merge key ('&lt;&lt;'), which is resolved while reading and never stored.</summary>
        internal bool IsMergeKey { get; set; }

        public override string? AsString() => IsNull ? null : Value;

        public bool? AsBool()
        {
            if (IsNull) return null;
            switch ((Value ?? "").ToLowerInvariant())
            {
                case "true": case "yes": case "on": case "y": return true;
                case "false": case "no": case "off": case "n": return false;
                default: return null;
            }
        }

        public long? AsInt64() =>
            long.TryParse(Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null;

        public override string ToString() => Value ?? "";
    }

    public sealed class DocList : DocNode
    {
        public DocList(SourceLocation location) : base(location) { }

        public List<DocNode> Items { get; } = new List<DocNode>();

        public override string ToString() => "[" + Items.Count + " items]";
    }

    public sealed class DocMap : DocNode
    {
        private readonly Dictionary<string, int> _index = new Dictionary<string, int>(StringComparer.Ordinal);

        public DocMap(SourceLocation location) : base(location) { }

        public List<KeyValuePair<string, DocNode>> Entries { get; } = new List<KeyValuePair<string, DocNode>>();

        // Where each key was written, parallel to Entries (null for a map built in code).
        private List<SourceLocation?>? _keyLocations;

        /// <summary>Adds or replaces (the later key wins).</summary>
        public void Set(string key, DocNode value) => Set(key, value, null);

        internal void Set(string key, DocNode value, SourceLocation? keyLocation)
        {
            if (_index.TryGetValue(key, out var i))
            {
                Entries[i] = new KeyValuePair<string, DocNode>(key, value);
                return;
            }
            if (keyLocation != null && _keyLocations == null)
            {
                _keyLocations = new List<SourceLocation?>(Entries.Count + 4);
                for (int n = 0; n < Entries.Count; n++) _keyLocations.Add(null);
            }
            _index[key] = Entries.Count;
            Entries.Add(new KeyValuePair<string, DocNode>(key, value));
            _keyLocations?.Add(keyLocation);
        }

        // Earlier values of keys a JSON object wrote more than once, in the file's order (jsoniter decodes each in turn).
        private List<KeyValuePair<string, DocNode>>? _shadowed;

        /// <summary>Replaces the value of a key written again, keeping the earlier value aside (<see cref="TakeShadowed"/>).</summary>
        internal void SetAgain(string key, DocNode value)
        {
            if (!_index.TryGetValue(key, out var i))
            {
                Set(key, value, null);
                return;
            }
            (_shadowed = _shadowed ?? new List<KeyValuePair<string, DocNode>>()).Add(Entries[i]);
            Entries[i] = new KeyValuePair<string, DocNode>(key, value);
        }

        internal IReadOnlyList<KeyValuePair<string, DocNode>>? Shadowed => _shadowed;

        // Values a YAML merge ('<<') and a key of the same mapping wrote in turn, each replaced by the next, in the order
        // written: go-yaml v2 decodes each in turn into the same Go value, so a struct or map field merges them. An entry is a
        // value, or a merged mapping whose own earlier values of the key come there (kept by reference: merges nested a
        // thousand deep would otherwise copy each level's list into the next).
        private Dictionary<string, List<object>>? _replacedInMerge;

        /// <summary>A merged mapping's own earlier values of the key, read where it was merged.</summary>
        private sealed class MergedLayers
        {
            public MergedLayers(DocMap source) => Source = source;

            public DocMap Source { get; }
        }

        /// <summary>
        /// Keeps the value a merge or a key after a merge is about to replace, then the earlier values that
        /// <paramref name="mergedFrom"/> (the mapping being merged) kept for the key.
        /// </summary>
        internal void NoteReplacedInMerge(string key, DocMap? mergedFrom = null)
        {
            bool present = _index.TryGetValue(key, out var i);
            bool layered = mergedFrom?._replacedInMerge != null && mergedFrom._replacedInMerge.ContainsKey(key);
            if (!present && !layered) return;
            _replacedInMerge = _replacedInMerge ?? new Dictionary<string, List<object>>(StringComparer.Ordinal);
            if (!_replacedInMerge.TryGetValue(key, out var earlier)) _replacedInMerge[key] = earlier = new List<object>(1);
            if (present) earlier.Add(Entries[i].Value);
            if (layered) earlier.Add(new MergedLayers(mergedFrom!));
        }

        /// <summary>The earlier values of a key that merges and keys wrote in turn, oldest first (none when none).</summary>
        internal IEnumerable<DocNode> ReplacedInMerge(string key)
        {
            if (_replacedInMerge == null || !_replacedInMerge.TryGetValue(key, out var top)) yield break;
            // Read without recursion: merges may nest as deep as the reader allows.
            var open = new Stack<List<object>.Enumerator>();
            open.Push(top.GetEnumerator());
            while (open.Count > 0)
            {
                var e = open.Pop();
                if (!e.MoveNext()) continue;
                var item = e.Current;
                open.Push(e);
                if (item is MergedLayers layers)
                {
                    if (layers.Source._replacedInMerge != null && layers.Source._replacedInMerge.TryGetValue(key, out var inner))
                        open.Push(inner.GetEnumerator());
                }
                else yield return (DocNode)item;
            }
        }

        /// <summary>Whether a merge or a key after a merge replaced an earlier value of the key.</summary>
        internal bool HasReplacedInMerge(string key) => _replacedInMerge != null && _replacedInMerge.ContainsKey(key);

        /// <summary>The earlier values of keys written more than once, in the order written; null when there are none.</summary>
        internal List<KeyValuePair<string, DocNode>>? TakeShadowed()
        {
            var shadowed = _shadowed;
            _shadowed = null;
            return shadowed;
        }

        /// <summary>
        /// The prototype a "__proto__" property of a VS Code file gave this object (JsonParser.ParseVsCodeKeepingPrototypes): a map, a list or a
        /// null scalar, whose properties VS Code reads through but does not list; null when it keeps Object.prototype.
        /// </summary>
        internal DocNode? Prototype { get; set; }

        /// <summary>Where the "__proto__" property that set <see cref="Prototype"/> was written.</summary>
        internal SourceLocation? PrototypeAt { get; set; }

        /// <summary>Where the key was written; null when the map was built in code or the key is not there.</summary>
        internal SourceLocation? KeyLocation(string key) => _keyLocations != null && _index.TryGetValue(key, out var i) ? _keyLocations[i] : null;

        /// <summary>
        /// The value of a key; in a map of a resource (<see cref="FieldNamesIgnoreCase"/>) a key written in other case when
        /// none is written exactly.
        /// </summary>
        public DocNode? Get(string key)
        {
            if (_index.TryGetValue(key, out var i)) return Entries[i].Value;
            return FieldNamesIgnoreCase ? GetIgnoringCase(key) : null;
        }

        /// <summary>
        /// Its keys are a Go struct's field names to Teleport: tctl decodes a resource with jsoniter (lib/utils/json.go
        /// FastUnmarshal, ConfigFastest), which matches a field name ignoring case (its hash of strings.ToLower), so
        /// <c>Spec:</c> is <c>spec</c>. Maps whose keys are data (labels, traits) are only ever enumerated.
        /// </summary>
        internal bool FieldNamesIgnoreCase { get; set; }

        /// <summary>The value of the field: the key written exactly, else the last key that is the name in other case.</summary>
        internal DocNode? GetField(string name) => _index.TryGetValue(name, out var i) ? Entries[i].Value : GetIgnoringCase(name);

        private DocNode? GetIgnoringCase(string name)
        {
            // The later key wins, as jsoniter decodes each in turn into the same field.
            for (int i = Entries.Count - 1; i >= 0; i--)
                if (SameFieldName(Entries[i].Key, name)) return Entries[i].Value;
            return null;
        }

        /// <summary>Whether a key names the field as Go's strings.ToLower would compare them (per character, simple case mapping).</summary>
        internal static bool SameFieldName(string key, string name)
        {
            if (key.Length != name.Length) return false;
            for (int i = 0; i < key.Length; i++)
                if (key[i] != name[i] && char.ToLowerInvariant(key[i]) != char.ToLowerInvariant(name[i])) return false;
            return true;
        }

        /// <summary>Marks every map of a resource document (<see cref="FieldNamesIgnoreCase"/>), once each, without recursion.</summary>
        /// <returns>The maps with keys go-yaml v2 reads as a boolean, a number or null (<see cref="HasTypedKeys"/>).</returns>
        /// <param name="root">The document.</param>
        /// <param name="jsonOrder">The file is JSON: keys in other case are decoded in the file's order, not sorted.</param>
        /// <param name="merged">Each group of keys merged into one field (<see cref="CaseVariantMerge"/>).</param>
        internal static List<DocMap>? MarkResourceFields(DocMap root, bool jsonOrder, out List<MergedFieldKeys>? merged)
        {
            merged = null;
            List<DocMap>? typed = null;
            var pending = new Stack<(DocNode Node, bool Data)>();
            HashSet<DocList>? lists = null;
            pending.Push((root, false));
            while (pending.Count > 0)
            {
                var (node, data) = pending.Pop();
                switch (node)
                {
                    case DocMap map when !map.FieldNamesIgnoreCase:
                        map.FieldNamesIgnoreCase = true;
                        if (!data) CaseVariantMerge.Fold(map, jsonOrder, ref merged);
                        if (map.HasTypedKeys) (typed = typed ?? new List<DocMap>()).Add(map);
                        foreach (var kv in map.Entries)
                            if (!(kv.Value is DocScalar)) pending.Push((kv.Value, !data && kv.Value is DocMap && CaseVariantMerge.IsDataMapField(kv.Key)));
                        break;
                    case DocList list:
                        // An alias may put one list in many places: each is walked once.
                        lists = lists ?? new HashSet<DocList>();
                        if (!lists.Add(list)) break;
                        foreach (var item in list.Items) if (!(item is DocScalar)) pending.Push((item, false));
                        break;
                }
            }
            return typed;
        }

        public bool ContainsKey(string key) => _index.ContainsKey(key);

        internal int IndexOfKey(string key) => _index.TryGetValue(key, out var i) ? i : -1;

        internal void ReplaceAt(int index, DocNode value) => Entries[index] = new KeyValuePair<string, DocNode>(Entries[index].Key, value);

        /// <summary>Gives entries new values and drops others, the rest keeping their keys, places and order.</summary>
        internal void Regroup(IDictionary<int, DocNode> values, ICollection<int> drop)
        {
            var typed = _typedKeys;
            var (entries, locations) = TakeEntries();
            for (int i = 0; i < entries.Count; i++)
            {
                if (drop.Contains(i)) continue;
                var key = entries[i].Key;
                Set(key, values.TryGetValue(i, out var v) ? v : entries[i].Value, locations?[i]);
                NoteKeyTyped(key, typed != null && typed.Contains(key));
            }
        }

        // Keys written plain that go-yaml v2 reads as a boolean, a number or null (rare: kept only when there is one).
        private HashSet<string>? _typedKeys;

        /// <summary>Notes whether the key, as last written, is a plain scalar go-yaml v2 reads as a boolean, a number or null.</summary>
        internal void NoteKeyTyped(string key, bool typed)
        {
            if (typed) (_typedKeys = _typedKeys ?? new HashSet<string>(StringComparer.Ordinal)).Add(key);
            else _typedKeys?.Remove(key);
        }

        internal bool IsKeyTyped(string key) => _typedKeys != null && _typedKeys.Contains(key);

        internal bool HasTypedKeys => _typedKeys != null && _typedKeys.Count > 0;

        /// <summary>The keys written plain that go-yaml v2 reads as a boolean, a number or null, in the map's order.</summary>
        internal List<string> TypedKeys() => Entries.Where(e => IsKeyTyped(e.Key)).Select(e => e.Key).ToList();

        /// <summary>
        /// Gives keys new names. Where two keys come to the same name the later one's value is kept, at the earlier one's
        /// place; returns those names.
        /// </summary>
        internal List<string> RenameKeys(IDictionary<string, string> names)
        {
            var (entries, locations) = TakeEntries();
            var collided = new List<string>();
            for (int i = 0; i < entries.Count; i++)
            {
                var key = names.TryGetValue(entries[i].Key, out var renamed) ? renamed : entries[i].Key;
                if (_index.ContainsKey(key)) collided.Add(key);
                Set(key, entries[i].Value, locations?[i]);
            }
            return collided;
        }

        // Empties the map for a rebuild through Set, returning what it held.
        private (List<KeyValuePair<string, DocNode>> Entries, List<SourceLocation?>? Locations) TakeEntries()
        {
            var entries = new List<KeyValuePair<string, DocNode>>(Entries);
            var locations = _keyLocations;
            Entries.Clear();
            _index.Clear();
            _keyLocations = null;
            _typedKeys = null;
            return (entries, locations);
        }

        public override string ToString() => "{" + Entries.Count + " keys}";
    }
}
