using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// The Go type of a teleport.yaml field, as far as it changes what a YAML merge ('&lt;&lt;') gives. Teleport decodes the
    /// file with go-yaml v2 straight into its structs (lib/config/fileconf.go ReadConfig, yaml.UnmarshalStrict), and go-yaml
    /// v2 decodes a merged mapping and the keys around it in turn into the same Go value (decode.go mappingStruct, merge):
    /// a struct keeps the fields a later mapping does not name, a map keeps its other keys, while a string, a number or a
    /// list is replaced, and a null sets the zero value. Resources read by tctl go through a generic map instead, where a
    /// later value always replaces the whole earlier one.
    /// </summary>
    internal sealed class ConfigFieldShape
    {
        private enum Kind
        {
            Replaced,
            Struct,
            Map,
            List,
        }

        private readonly Kind _kind;
        private readonly Dictionary<string, ConfigFieldShape>? _fields;
        private readonly ConfigFieldShape? _item;

        private ConfigFieldShape(Kind kind, Dictionary<string, ConfigFieldShape>? fields = null, ConfigFieldShape? item = null)
        {
            _kind = kind;
            _fields = fields;
            _item = item;
        }

        /// <summary>A string, bool or number (or a list of them): the later value replaces the earlier.</summary>
        private static readonly ConfigFieldShape s_replaced = new ConfigFieldShape(Kind.Replaced);

        /// <summary>A Go map: a later mapping adds its keys to the map already decoded, each key's value replaced.</summary>
        private static readonly ConfigFieldShape s_map = new ConfigFieldShape(Kind.Map);

        /// <summary>A Go struct (or a pointer to one); a field not named here is <see cref="s_replaced"/>.</summary>
        private static ConfigFieldShape Struct(params KeyValuePair<string, ConfigFieldShape>[] fields) =>
            new ConfigFieldShape(Kind.Struct, fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));

        /// <summary>A Go slice: a new slice each time, each item decoded on its own.</summary>
        private static ConfigFieldShape ListOf(ConfigFieldShape item) => new ConfigFieldShape(Kind.List, item: item);

        private static KeyValuePair<string, ConfigFieldShape> Field(string name, ConfigFieldShape shape) => new KeyValuePair<string, ConfigFieldShape>(name, shape);

        /// <summary>
        /// FileConfig's fields that the module reads (lib/config/fileconf.go): Global (teleport), Apps (app_service) with
        /// Service inline, []*App and []ResourceMatcher; App's labels map, commands ([]CommandLabel), *Rewrite, *AppAWS,
        /// *CORS and *MCP.
        /// </summary>
        public static readonly ConfigFieldShape FileConfig = Struct(
            Field("teleport", Struct()),
            Field("app_service", Struct(
                Field("apps", ListOf(Struct(
                    Field("labels", s_map),
                    Field("commands", ListOf(Struct())),
                    Field("rewrite", Struct()),
                    Field("aws", Struct()),
                    Field("cors", Struct()),
                    Field("mcp", Struct())))),
                Field("resources", ListOf(Struct(Field("labels", s_map)))))));

        /// <summary>
        /// The value go-yaml v2 decodes <paramref name="node"/> to in a field of this type; the nodes read are never changed.
        /// What go-yaml's strict reading refuses on the way (a map key that two layers set, an earlier layer of another type)
        /// is added to <paramref name="refused"/>: Teleport does not start with such a file.
        /// </summary>
        public DocNode Decode(DocNode node, List<ConfigDecodeRefusal> refused) => Into(null, node, new HashSet<DocMap>(), refused, "");

        private bool Accepts(DocNode value) =>
            value is DocScalar scalar && scalar.IsNull ||
            (_kind == Kind.Struct || _kind == Kind.Map ? value is DocMap : _kind == Kind.List ? value is DocList : !(value is DocMap));

        // owned: the maps this decoding made, each in one place only, so a later layer is decoded into them in place (a copy
        // per layer would make many layers of one field quadratic).
        private DocNode Into(DocNode? decoded, DocNode value, HashSet<DocMap> owned, List<ConfigDecodeRefusal> refused, string path)
        {
            switch (_kind)
            {
                case Kind.Struct when value is DocMap map:
                {
                    var result = Own(decoded as DocMap, map.Location, owned);
                    foreach (var kv in map.Entries)
                    {
                        var shape = _fields != null && _fields.TryGetValue(kv.Key, out var s) ? s : s_replaced;
                        string fieldPath = path.Length == 0 ? kv.Key : path + "." + kv.Key;
                        DocNode? field = result.Get(kv.Key);
                        foreach (var earlier in map.ReplacedInMerge(kv.Key))
                        {
                            // The reader judges the value that stays; an earlier layer of another type is refused by go-yaml too.
                            if (!shape.Accepts(earlier))
                                refused.Add(new ConfigDecodeRefusal("InvalidResource", fieldPath + ": a merged layer gives " + ResourceReader.Describe(earlier) + " where Teleport reads " + shape.Expected() +
                                                                   " (line " + earlier.Location.Line + "); go-yaml v2 cannot decode it into that field", earlier.Location));
                            field = shape.Into(field, earlier, owned, refused, fieldPath);
                        }
                        field = shape.Into(field, kv.Value, owned, refused, fieldPath);
                        result.Set(kv.Key, field, map.KeyLocation(kv.Key));
                        result.NoteKeyTyped(kv.Key, map.IsKeyTyped(kv.Key));
                    }
                    return result;
                }
                case Kind.Map when value is DocMap map:
                {
                    var earlierMap = decoded as DocMap;
                    var result = Own(earlierMap, map.Location, owned);
                    foreach (var kv in map.Entries)
                    {
                        // decode.go setMapIndex: in strict mode a key already in the map is "already set in map", whether a
                        // merge or a key of the mapping set it first (go-yaml issue #410), so Teleport refuses the file.
                        var again = map.KeyLocation(kv.Key) ?? kv.Value.Location;
                        SourceLocation? first = null;
                        if (result.ContainsKey(kv.Key)) first = result.KeyLocation(kv.Key) ?? result.Get(kv.Key)!.Location;
                        else if (map.HasReplacedInMerge(kv.Key)) first = map.ReplacedInMerge(kv.Key).First().Location;
                        if (first != null)
                            refused.Add(new ConfigDecodeRefusal(ResourceReader.DuplicateConfigKeyCode, path + ": key " + GoText.Quote(Platform.BoundedCapture.Cut(kv.Key, 80)) + " already set in map (line " + again.Line +
                                                               ", first set at line " + first.Line + ", where a YAML merge '<<' and another key both set it)", again));
                        result.Set(kv.Key, kv.Value, map.KeyLocation(kv.Key));
                        result.NoteKeyTyped(kv.Key, map.IsKeyTyped(kv.Key));
                    }
                    return result;
                }
                case Kind.List when value is DocList list:
                {
                    var items = new DocList(list.Location);
                    for (int i = 0; i < list.Items.Count; i++)
                        items.Items.Add(_item!.Into(null, list.Items[i], owned, refused, path + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]"));
                    return items;
                }
                default:
                    // A null is the zero value; a value of another type than the field's is left for the reader to refuse.
                    return value;
            }
        }

        private string Expected() => _kind == Kind.List ? "a list" : _kind == Kind.Replaced ? "a single value" : "a mapping";

        /// <summary>The map to decode into: <paramref name="decoded"/> itself when this decoding made it, else a new copy of it.</summary>
        private static DocMap Own(DocMap? decoded, SourceLocation location, HashSet<DocMap> owned)
        {
            if (decoded != null && owned.Contains(decoded))
            {
                decoded.Location = location;
                return decoded;
            }
            var copy = new DocMap(location);
            owned.Add(copy);
            if (decoded == null) return copy;
            foreach (var kv in decoded.Entries)
            {
                copy.Set(kv.Key, kv.Value, decoded.KeyLocation(kv.Key));
                copy.NoteKeyTyped(kv.Key, decoded.IsKeyTyped(kv.Key));
            }
            return copy;
        }
    }

    /// <summary>What go-yaml v2's strict reading of teleport.yaml refuses while merged layers are decoded, and where.</summary>
    internal sealed class ConfigDecodeRefusal
    {
        public ConfigDecodeRefusal(string code, string text, SourceLocation location)
        {
            Code = code;
            Text = text;
            Location = location;
        }

        /// <summary>The error id: DuplicateConfigKey for a key set twice, InvalidResource for a value of another type.</summary>
        public string Code { get; }

        public string Text { get; }

        public SourceLocation Location { get; }
    }
}
