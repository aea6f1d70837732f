using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// Values Teleport takes as text but a resource file gives as a boolean or a number. tctl reads a resource through
    /// k8s' YAMLOrJSONDecoder (tool/tctl/common/resource_command.go): sigs.k8s.io/yaml turns the YAML into JSON with
    /// go-yaml v2's types and no knowledge of the resource's fields, so an unquoted <c>yes</c>, <c>on</c> or <c>1</c> reaches
    /// Teleport's JSON decoding as true or 1, which a string field refuses: tctl create fails for the whole resource. The
    /// module reads the text as written and warns, with the value's place.
    /// </summary>
    internal static class TextValueCheck
    {
        private const int MaxPerDocument = 20;

        /// <summary>The places where Teleport expects text: list items, label values (labels, *_labels) and metadata.name.</summary>
        public static void Check(DocMap resource, string kind, List<ResourceReadItem> items)
        {
            int count = 0;
            // A walk with its own stack, and each place's path made only for a warning: a document may nest thousands of
            // levels (the reader allows 10,000), and a path written at every level would grow with the square of the depth.
            var pending = new Stack<(DocNode Node, Place? Path, bool Text, bool ValuesAreText)>();
            pending.Push((resource, null, false, false));
            while (pending.Count > 0 && count < MaxPerDocument)
            {
                var (node, path, text, valuesAreText) = pending.Pop();
                switch (node)
                {
                    case DocScalar s when text && !s.IsQuoted && !s.IsNull:
                        if (Warn(s, path!, kind, items)) count++;
                        break;
                    case DocList list:
                        for (int i = list.Items.Count - 1; i >= 0; i--) pending.Push((list.Items[i], new Place(path, null, i), true, false));
                        break;
                    case DocMap map:
                        for (int i = map.Entries.Count - 1; i >= 0; i--)
                        {
                            var kv = map.Entries[i];
                            bool isName = path != null && path.Parent == null && path.Key == "metadata" && kv.Key == "name";
                            bool labels = kv.Key == "labels" || kv.Key.EndsWith("_labels", StringComparison.Ordinal);
                            pending.Push((kv.Value, new Place(path, kv.Key, 0), valuesAreText || isName, labels));
                        }
                        break;
                }
            }
        }

        /// <summary>A place in the document: its parent, and a key or a list index.</summary>
        private sealed class Place
        {
            public Place(Place? parent, string? key, int index)
            {
                Parent = parent;
                Key = key;
                Index = index;
            }

            public Place? Parent { get; }
            public string? Key { get; }
            public int Index { get; }

            public override string ToString()
            {
                var parts = new List<Place>();
                for (var p = this; p != null; p = p.Parent) parts.Add(p);
                var sb = new System.Text.StringBuilder();
                for (int i = parts.Count - 1; i >= 0; i--)
                {
                    var p = parts[i];
                    if (p.Key == null) sb.Append('[').Append(p.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']');
                    else sb.Append(sb.Length == 0 ? "" : ".").Append(p.Key);
                }
                return sb.ToString();
            }
        }

        private static bool Warn(DocScalar s, Place path, string kind, List<ResourceReadItem> items)
        {
            var resolved = GoYamlV2Scalar.Kind(s.Value!);
            if (!GoYamlV2Scalar.IsTyped(resolved)) return false;
            bool boolean = resolved == PlainScalarKind.Boolean;
            items.Add(ResourceReader.Diag(DiagnosticLevel.Warning, "ValueNotText",
                path.ToString() + ": " + s.Value + " is a " + (boolean ? "boolean" : "number") + " as tctl reads it (unquoted YAML 1.1, or JSON), where Teleport expects text: " +
                "tctl create refuses this " + kind + " (cannot unmarshal " + (boolean ? "bool" : "number") + " into a string); TeleportMcp reads it as the text " +
                GoText.Quote(s.Value!) + ". Quote it: '" + s.Value + "'",
                s.Location));
            return true;
        }
    }
}
