using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TeleportMcp.Engine.Documents;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>
    /// A VS Code settings object read as VS Code reads it, so that a dotted key ("chat.mcp.discovery.enabled") and the
    /// nested form ({"chat": {"mcp": ...}}) give the same setting. microsoft/vscode src/vs/platform/configuration/common/
    /// configuration.ts toValuesTree and addToValueTree: each top-level key, in the order written, is split at its dots and
    /// set into one tree, a later key replacing the value an earlier one set at the same place (an object set whole
    /// replaces, a dotted key changes one member of it); a key whose path passes through a value that is not an object
    /// (null, a string, a number) is ignored ("Ignoring ... as ... is ..."). Keys inside a nested object are not split.
    /// getConfigurationValue then walks the setting's path.
    /// </summary>
    internal sealed class VsCodeSettingsTree
    {
        private readonly DocMap _root;
        // The maps this tree made or copied: only these are changed by a later dotted key, never the file's own.
        private readonly HashSet<DocMap> _owned = new HashSet<DocMap>();

        /// <summary>What VS Code ignores, in the order met: "the key 'a.b' (line 3): 'a' is 5".</summary>
        public List<string> Ignored { get; } = new List<string>();

        public VsCodeSettingsTree(DocMap settings)
        {
            _root = Own(new DocMap(settings.Location));
            foreach (var kv in settings.Entries) Add(kv.Key, kv.Value);
        }

        private DocMap Own(DocMap m)
        {
            _owned.Add(m);
            return m;
        }

        private void Add(string key, DocNode value)
        {
            var segments = key.Split('.');
            var curr = _root;
            for (int i = 0; i < segments.Length - 1; i++)
            {
                var s = segments[i];
                var obj = curr.Get(s);
                DocMap next;
                if (obj == null) next = Own(new DocMap(value.Location));
                else if (obj is DocMap m) next = _owned.Contains(m) ? m : Copy(m);
                // typeof [] is 'object': the member is set on the array, whose items read as members "0", "1", ...
                else if (obj is DocList list) next = Copy(list);
                else
                {
                    Ignored.Add("the key '" + key + "' (line " + value.Location.Line + "): '" + string.Join(".", segments.Take(i + 1)) + "' is " + Describe(obj));
                    return;
                }
                if (!ReferenceEquals(next, obj)) curr.Set(s, next);
                curr = next;
            }
            curr.Set(segments[segments.Length - 1], value);
        }

        private DocMap Copy(DocMap m)
        {
            var copy = Own(new DocMap(m.Location));
            foreach (var kv in m.Entries) copy.Set(kv.Key, kv.Value);
            return copy;
        }

        private DocMap Copy(DocList list)
        {
            var copy = Own(new DocMap(list.Location));
            for (int i = 0; i < list.Items.Count; i++) copy.Set(i.ToString(CultureInfo.InvariantCulture), list.Items[i]);
            return copy;
        }

        /// <summary>The setting at the dotted <paramref name="path"/>, as getConfigurationValue finds it; null when there is none.</summary>
        public DocNode? Get(string path)
        {
            DocNode? curr = _root;
            foreach (var s in path.Split('.'))
            {
                if (!(curr is DocMap m)) return null;
                curr = m.Get(s);
            }
            return curr;
        }

        /// <summary>One setting of a settings object (<see cref="Get"/>).</summary>
        public static DocNode? Value(DocMap settings, string path) => new VsCodeSettingsTree(settings).Get(path);

        private static string Describe(DocNode n) =>
            n is DocScalar s ? (s.IsNull ? "null" : s.IsQuoted ? "the string '" + s.Value + "'" : s.Value ?? "") : n is DocList ? "a list" : "an object";
    }
}
