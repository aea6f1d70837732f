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

        /// <summary>The value go-yaml v2 decodes <paramref name="node"/> to in a field of this type; the nodes read are never changed.</summary>
        public DocNode Decode(DocNode node) => Into(null, node, new HashSet<DocMap>());

        // owned: the maps this decoding made, each in one place only, so a later layer is decoded into them in place (a copy
        // per layer would make many layers of one field quadratic).
        private DocNode Into(DocNode? decoded, DocNode value, HashSet<DocMap> owned)
        {
            switch (_kind)
            {
                case Kind.Struct when value is DocMap map:
                {
                    var result = Own(decoded as DocMap, map.Location, owned);
                    foreach (var kv in map.Entries)
                    {
                        var shape = _fields != null && _fields.TryGetValue(kv.Key, out var s) ? s : s_replaced;
                        DocNode? field = result.Get(kv.Key);
                        foreach (var earlier in map.ReplacedInMerge(kv.Key)) field = shape.Into(field, earlier, owned);
                        field = shape.Into(field, kv.Value, owned);
                        result.Set(kv.Key, field, map.KeyLocation(kv.Key));
                        result.NoteKeyTyped(kv.Key, map.IsKeyTyped(kv.Key));
                    }
                    return result;
                }
                case Kind.Map when value is DocMap map:
                {
                    var result = Own(decoded as DocMap, map.Location, owned);
                    foreach (var kv in map.Entries)
                    {
                        result.Set(kv.Key, kv.Value, map.KeyLocation(kv.Key));
                        result.NoteKeyTyped(kv.Key, map.IsKeyTyped(kv.Key));
                    }
                    return result;
                }
                case Kind.List when value is DocList list:
                {
                    var items = new DocList(list.Location);
                    foreach (var item in list.Items) items.Items.Add(_item!.Into(null, item, owned));
                    return items;
                }
                default:
                    // A null is the zero value; a value of another type than the field's is left for the reader to refuse.
                    return value;
            }
        }

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
}
