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
        // A warning's place and value are cut: keys may be anchors to long texts nested thousands of levels deep, and
        // twenty warnings a document must stay small whatever the document holds.
        private const int MaxKeyChars = 40;
        private const int MaxValueChars = 80;
        private const int PartsKeptAtStart = 4;
        private const int PartsKeptAtEnd = 6;

        /// <summary>
        /// Fields of the read kinds that are Go strings wherever they stand (api/types: AppSpecV3.URI and PublicAddr, the app's
        /// MCP Command and RunAsHostUser, Metadata.Description, AppServerSpecV3.Hostname and HostID).
        /// </summary>
        private static readonly string[] s_textFields = { "uri", "public_addr", "command", "run_as_host_user", "description", "hostname", "host_id" };

        private static bool IsTextField(string key)
        {
            foreach (var f in s_textFields)
                if (DocMap.SameFieldName(key, f)) return true;
            return false;
        }

        /// <summary>The places where Teleport expects text: list items, label values (labels, *_labels), metadata.name, the text fields above, and a rewrite header's name and value.</summary>
        /// <param name="json">The file is JSON, where text is written in double quotes.</param>
        public static void Check(DocMap resource, string kind, bool json, List<ResourceReadItem> items)
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
                        if (IsTyped(s))
                        {
                            Warn(s, path!, kind, json, items);
                            count++;
                        }
                        break;
                    case DocList list when AllScalars(list):
                        // A list of values (tools, label values: often thousands): checked in place, a place made only for a warning.
                        for (int i = 0; i < list.Items.Count && count < MaxPerDocument; i++)
                            if (list.Items[i] is DocScalar item && !item.IsQuoted && !item.IsNull && IsTyped(item))
                            {
                                Warn(item, new Place(path, null, i), kind, json, items);
                                count++;
                            }
                        break;
                    case DocList list:
                        for (int i = list.Items.Count - 1; i >= 0; i--) pending.Push((list.Items[i], new Place(path, null, i), true, false));
                        break;
                    case DocMap map:
                        for (int i = map.Entries.Count - 1; i >= 0; i--)
                        {
                            var kv = map.Entries[i];
                            // Field names as tctl matches them (DocMap.FieldNamesIgnoreCase); a label's own key is data, but a map under it has no text places to confuse.
                            bool isName = path != null && path.Parent == null && path.Key != null && DocMap.SameFieldName(path.Key, "metadata") && DocMap.SameFieldName(kv.Key, "name");
                            bool labels = DocMap.SameFieldName(kv.Key, "labels") || kv.Key.EndsWith("_labels", StringComparison.OrdinalIgnoreCase);
                            // Rewrite.Headers is a list of Header{Name, Value}, both strings.
                            bool header = path != null && path.Key == null && path.Parent?.Key != null && DocMap.SameFieldName(path.Parent.Key, "headers") &&
                                          (DocMap.SameFieldName(kv.Key, "name") || DocMap.SameFieldName(kv.Key, "value"));
                            bool textField = !valuesAreText && (header || IsTextField(kv.Key));
                            pending.Push((kv.Value, new Place(path, kv.Key, 0), valuesAreText || isName || textField, labels));
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

            /// <summary>The path, each key cut to its first characters and a deep path to its first and last parts.</summary>
            public override string ToString()
            {
                var parts = new List<Place>();
                for (var p = this; p != null; p = p.Parent) parts.Add(p);
                parts.Reverse();
                bool cut = parts.Count > PartsKeptAtStart + PartsKeptAtEnd + 1;
                var sb = new System.Text.StringBuilder();
                for (int i = 0; i < parts.Count; i++)
                {
                    if (cut && i == PartsKeptAtStart)
                    {
                        sb.Append(".…");
                        i = parts.Count - PartsKeptAtEnd;
                    }
                    var p = parts[i];
                    if (p.Key == null) AppendIndex(sb, p.Index);
                    else sb.Append(sb.Length == 0 ? "" : ".").Append(CutKey(p.Key));
                }
                return sb.ToString();
            }

            private static void AppendIndex(System.Text.StringBuilder sb, int index) =>
                sb.Append('[').Append(index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']');

            private static string CutKey(string key) => key.Length <= MaxKeyChars ? key : key.Substring(0, MaxKeyChars) + "…";
        }

        private static bool AllScalars(DocList list)
        {
            foreach (var item in list.Items)
                if (!(item is DocScalar)) return false;
            return true;
        }

        /// <summary>A plain value go-yaml v2 reads as a boolean or a number.</summary>
        private static bool IsTyped(DocScalar s) => GoYamlV2Scalar.IsTyped(GoYamlV2Scalar.Kind(s.Value!));

        private static void Warn(DocScalar s, Place path, string kind, bool json, List<ResourceReadItem> items)
        {
            var resolved = GoYamlV2Scalar.Kind(s.Value!);
            bool boolean = resolved == PlainScalarKind.Boolean;
            string value = Platform.BoundedCapture.Cut(s.Value!, MaxValueChars);
            string quoted = json ? GoText.Quote(value) : "'" + value + "'";
            items.Add(ResourceReader.Diag(DiagnosticLevel.Warning, "ValueNotText",
                path.ToString() + ": " + value + " is a " + (boolean ? "boolean" : "number") + " as tctl reads it (" + (json ? "JSON" : "unquoted YAML 1.1") + "), where Teleport expects text: " +
                "tctl create refuses this " + kind + " (cannot unmarshal " + (boolean ? "bool" : "number") + " into a string); TeleportMcp reads it as the text " +
                GoText.Quote(value) + ". Quote it: " + quoted,
                s.Location));
        }
    }
}
