using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// Map keys as tctl names them. tctl reads a resource through k8s' YAMLOrJSONDecoder (tool/tctl/common/resource_command.go),
    /// whose sigs.k8s.io/yaml (yaml.go convertToJSONableObject) turns each key go-yaml v2 read as a boolean or a number into
    /// text: a label or trait written <c>on:</c> is named "true" in Teleport, <c>0x10:</c> "16". A null or uint64 key is
    /// refused, and tctl create with it.
    /// </summary>
    internal static class TctlKeyNames
    {
        public const string RenamedCode = "KeyNotText";
        public const string RefusedCode = "UnsupportedYamlKey";

        /// <summary>Renames the keys of the maps given (each with keys go-yaml v2 reads as typed), a warning for each.</summary>
        /// <exception cref="TeleportInputException">A key tctl refuses: the resource is not read.</exception>
        public static void Apply(IEnumerable<DocMap> maps, string kind, List<ResourceReadItem> items)
        {
            foreach (var map in maps)
            {
                var names = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var key in map.TypedKeys())
                {
                    var location = map.KeyLocation(key) ?? map.Get(key)?.Location;
                    var name = GoYamlV2Scalar.KeyText(key, out var refused);
                    if (name == null)
                        throw new TeleportInputException(RefusedCode,
                            "the key " + (key.Length == 0 ? "(empty)" : Platform.BoundedCapture.Cut(key, 80)) + " is " + (refused == "<nil>" ? "null" : "an integer above 9223372036854775807") +
                            " as tctl reads it (unquoted YAML 1.1): tctl refuses this " + kind + " (\"unsupported map key of type: " + refused + "\")", location)
                        { RecommendedAction = "Quote the key, or write another." };
                    if (name == key) continue;
                    names[key] = name;
                    items.Add(ResourceReader.Diag(DiagnosticLevel.Warning, RenamedCode,
                        "the key " + Platform.BoundedCapture.Cut(key, 80) + " is " + (name == "true" || name == "false" ? "a boolean" : "a number") +
                        " as tctl reads it (unquoted YAML 1.1): Teleport names it " + GoText.Quote(name) + ", and so does TeleportMcp. Quote it ('" +
                        Platform.BoundedCapture.Cut(key, 80) + "') to name it " + GoText.Quote(Platform.BoundedCapture.Cut(key, 80)) + ".", location));
                }
                if (names.Count == 0) continue;
                // What each key is in go-yaml's map (null for text), in the map's order.
                var entryGoKeys = map.Entries.ConvertAll(kv => map.IsKeyTyped(kv.Key) ? GoYamlV2Scalar.GoMapKey(kv.Key) : null);
                // Go's map takes the later key too where equal keys differ (-0.0 and 0.0: runtime mapassign needkeyupdate).
                var lastName = new Dictionary<string, string>(StringComparer.Ordinal);
                for (int i = 0; i < map.Entries.Count; i++)
                    if (entryGoKeys[i] is string goKey) lastName[goKey] = names.TryGetValue(map.Entries[i].Key, out var n) ? n : map.Entries[i].Key;
                for (int i = 0; i < map.Entries.Count; i++)
                    if (entryGoKeys[i] is string goKey) names[map.Entries[i].Key] = lastName[goKey];
                // Keys that were one entry of go-yaml's map keep the later value in tctl too; keys that were two entries
                // come to one name in convertToJSONableObject's walk of that map, in no fixed order.
                var goKeys = new Dictionary<string, List<string?>>(StringComparer.Ordinal);
                for (int i = 0; i < map.Entries.Count; i++)
                {
                    var name = names.TryGetValue(map.Entries[i].Key, out var renamed) ? renamed : map.Entries[i].Key;
                    if (!goKeys.TryGetValue(name, out var same)) goKeys[name] = same = new List<string?>();
                    same.Add(entryGoKeys[i]);
                }
                foreach (var name in map.RenameKeys(names))
                {
                    var same = goKeys[name];
                    bool oneGoKey = same[0] != null && same.TrueForAll(k => k == same[0]);
                    items.Add(ResourceReader.Diag(DiagnosticLevel.Warning, RenamedCode, oneGoKey
                        ? "two keys of one mapping are the same " + (same[0]!.StartsWith("bool ", StringComparison.Ordinal) ? "boolean" : "number") + " as tctl reads them, named " + GoText.Quote(name) +
                          ": tctl keeps the later value, and so does TeleportMcp. Write the key once."
                        : "two keys of one mapping are both " + GoText.Quote(name) + " as tctl reads them: TeleportMcp keeps the later value, and tctl may keep either " +
                          "(a key written as text and one read as a boolean or number, or two different numbers, come to the same name in no fixed order)", map.KeyLocation(name) ?? map.Location));
                }
            }
        }
    }
}
