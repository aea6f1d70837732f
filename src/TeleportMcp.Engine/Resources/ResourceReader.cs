using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;

namespace TeleportMcp.Engine.Resources
{
    public enum DiagnosticLevel
    {
        Verbose,
        Warning,
        Error,
    }

    /// <summary>Something to tell the user about while reading: a skipped document, a doubtful value, an error.</summary>
    public sealed class ResourceDiagnostic
    {
        public ResourceDiagnostic(DiagnosticLevel level, string code, string message, SourceLocation location)
        {
            Level = level;
            Code = code;
            Message = message;
            Location = location;
        }

        public DiagnosticLevel Level { get; }
        public string Code { get; }
        public string Message { get; }
        public SourceLocation Location { get; }

        /// <summary>The text of the line the location points at, when the reader had it.</summary>
        public string LineText { get; internal set; }

        public override string ToString() => Location == null ? Message : Location + ": " + Message;
    }

    /// <summary>One result of reading, in input order: a resource or a diagnostic.</summary>
    public sealed class ResourceReadItem
    {
        private ResourceReadItem(TeleportResource resource, ResourceDiagnostic diagnostic)
        {
            Resource = resource;
            Diagnostic = diagnostic;
        }

        public TeleportResource Resource { get; }
        public ResourceDiagnostic Diagnostic { get; }

        public static ResourceReadItem Of(TeleportResource r) => new ResourceReadItem(r, null);
        public static ResourceReadItem Of(ResourceDiagnostic d) => new ResourceReadItem(null, d);
    }

    /// <summary>
    /// Turns Teleport's own files into resources: role/user/app/app_server documents in multi-document YAML,
    /// tctl get --format=json output (an array, or a bare object as older tctl printed), tsh mcp ls --format json
    /// output, and teleport.yaml (app_service.apps and mcp_demo_server).
    /// </summary>
    public static class ResourceReader
    {
        public static IEnumerable<ResourceReadItem> ReadFile(string path)
        {
            string text;
            try
            {
                text = TextFile.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return new[] { ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Error, "FileReadError", "cannot read the file: " + e.Message, new SourceLocation(path, 0, 0))) };
            }
            return ReadText(text, path);
        }

        public static IEnumerable<ResourceReadItem> ReadText(string text, string source)
        {
            source = source ?? SourceLocation.Pipeline;
            string trimmed = (text ?? "").TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            var items = trimmed.StartsWith("[", StringComparison.Ordinal) || trimmed.StartsWith("{", StringComparison.Ordinal)
                ? ReadJson(text, source)
                : ReadYaml(text, source);
            return WithLineText(items, text);
        }

        /// <summary>Gives each error the text of its line, so the error can show where in the line it is.</summary>
        private static IEnumerable<ResourceReadItem> WithLineText(IEnumerable<ResourceReadItem> items, string text)
        {
            string[] lines = null;
            foreach (var item in items)
            {
                var d = item.Diagnostic;
                if (d != null && d.Level == DiagnosticLevel.Error && d.Location != null && d.Location.Line > 0 && text != null)
                {
                    lines = lines ?? text.Split('\n');
                    if (d.Location.Line <= lines.Length) d.LineText = Output.Redactor.Redact(lines[d.Location.Line - 1].TrimEnd('\r'));
                }
                yield return item;
            }
        }

        private static IEnumerable<ResourceReadItem> ReadJson(string text, string source)
        {
            DocNode root;
            try
            {
                root = JsonParser.Parse(text, source);
            }
            catch (TeleportInputException e)
            {
                return new[] { ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Error, e.Code, e.Detail, e.Location)) };
            }
            return MapTopLevel(root);
        }

        private static IEnumerable<ResourceReadItem> ReadYaml(string text, string source)
        {
            foreach (var doc in YamlDocumentReader.Read(text, source))
            {
                if (doc.Error != null)
                {
                    yield return ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Error, doc.Error.Code, doc.Error.Detail, doc.Error.Location));
                    continue;
                }
                if (doc.Root == null) continue;
                foreach (var item in MapTopLevel(doc.Root)) yield return item;
            }
        }

        private static IEnumerable<ResourceReadItem> MapTopLevel(DocNode root)
        {
            if (root is DocList list)
            {
                foreach (var element in list.Items)
                    foreach (var item in MapDocument(element)) yield return item;
                yield break;
            }
            foreach (var item in MapDocument(root)) yield return item;
        }

        private static IEnumerable<ResourceReadItem> MapDocument(DocNode node)
        {
            var items = new List<ResourceReadItem>();
            var map = node as DocMap;
            if (map == null)
            {
                if (node is DocScalar s && s.IsNull) return items;
                items.Add(Diag(DiagnosticLevel.Error, "InvalidResource", "a resource must be a mapping with a 'kind' key, found " + Describe(node), node.Location));
                return items;
            }
            string kind = map["kind"]?.AsString();
            if (kind == null)
            {
                if (TeleportConfigReader.LooksLikeConfig(map))
                {
                    TeleportConfigReader.ReadApps(map, items);
                    return items;
                }
                items.Add(Diag(DiagnosticLevel.Verbose, "UnknownDocument", "skipped a document that has no 'kind' and is not a teleport.yaml configuration", map.Location));
                return items;
            }
            try
            {
                switch (kind)
                {
                    case "role":
                        items.Add(ResourceReadItem.Of(RoleReader.Read(map)));
                        break;
                    case "user":
                        items.Add(ResourceReadItem.Of(UserReader.Read(map, items)));
                        break;
                    case "app":
                        items.Add(ResourceReadItem.Of(AppReader.ReadAppResource(map, items)));
                        break;
                    case "app_server":
                    {
                        var app = map["spec"]?["app"] as DocMap;
                        if (app == null) throw Invalid(map, "app_server has no spec.app");
                        var def = AppReader.ReadAppResource(app, items);
                        def.Origin = "app_server";
                        var serverSpec = map["spec"] as DocMap;
                        def.ServerHostName = ReadString(serverSpec, "hostname", "spec.hostname");
                        def.ServerHostId = ReadString(serverSpec, "host_id", "spec.host_id");
                        items.Add(ResourceReadItem.Of(def));
                        break;
                    }
                    default:
                        items.Add(Diag(DiagnosticLevel.Verbose, "SkippedKind", "skipped kind " + GoText.Quote(kind) + NameSuffix(map) + ": only role, user, app and app_server are read", map.Location));
                        break;
                }
            }
            catch (TeleportInputException e)
            {
                items.Add(Diag(DiagnosticLevel.Error, e.Code, e.Detail, e.Location));
            }
            return items;
        }

        private static string NameSuffix(DocMap map)
        {
            var name = map["metadata"]?["name"]?.AsString();
            return name == null ? "" : " (" + name + ")";
        }

        internal static ResourceReadItem Diag(DiagnosticLevel level, string code, string message, SourceLocation loc) =>
            ResourceReadItem.Of(new ResourceDiagnostic(level, code, message, loc));

        internal static TeleportInputException Invalid(DocNode at, string message) =>
            new TeleportInputException("InvalidResource", message, at?.Location);

        internal static string Describe(DocNode node)
        {
            switch (node)
            {
                case null: return "nothing";
                case DocMap _: return "a mapping";
                case DocList _: return "a list";
                case DocScalar s when s.IsNull: return "null";
                case DocScalar s: return "the value " + GoText.Quote(s.Value);
                default: return node.GetType().Name;
            }
        }

        // ---- shared field readers -------------------------------------------------------------------------

        internal static string ReadString(DocMap map, string key, string path)
        {
            var n = map?.Get(key);
            if (n == null) return null;
            if (n is DocScalar s) return s.AsString();
            throw new TeleportInputException("InvalidResource", path + " must be a string, found " + Describe(n), n.Location);
        }

        /// <summary>A list of strings; null when the key is absent or null.</summary>
        internal static List<string> ReadStringList(DocMap map, string key, string path, List<SourceLocation> locations = null)
        {
            var n = map?.Get(key);
            if (n == null || (n is DocScalar ns && ns.IsNull)) return null;
            if (n is DocList list)
            {
                var result = new List<string>(list.Items.Count);
                foreach (var item in list.Items)
                {
                    if (!(item is DocScalar s))
                        throw new TeleportInputException("InvalidResource", path + " entries must be strings, found " + Describe(item), item.Location);
                    result.Add(s.IsNull ? "" : s.Value);
                    locations?.Add(item.Location);
                }
                return result;
            }
            throw new TeleportInputException("InvalidResource", path + " must be a list of strings, found " + Describe(n), n.Location);
        }

        /// <summary>A map of string to string (metadata.labels, teleport.yaml labels).</summary>
        internal static Dictionary<string, string> ReadStringMap(DocMap map, string key, string path)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            var n = map?.Get(key);
            if (n == null || (n is DocScalar ns && ns.IsNull)) return result;
            if (!(n is DocMap m)) throw new TeleportInputException("InvalidResource", path + " must be a mapping, found " + Describe(n), n.Location);
            foreach (var kv in m.Entries)
            {
                if (!(kv.Value is DocScalar s))
                    throw new TeleportInputException("InvalidResource", path + "." + kv.Key + " must be a string, found " + Describe(kv.Value), kv.Value.Location);
                result[kv.Key] = s.IsNull ? "" : s.Value;
            }
            return result;
        }

        /// <summary>A label selector: key to a string or a list of strings (Teleport's utils.Strings).</summary>
        internal static LabelSelector ReadSelector(DocMap map, string key, string path)
        {
            var n = map?.Get(key);
            if (n == null || (n is DocScalar ns && ns.IsNull)) return null;
            if (!(n is DocMap m)) throw new TeleportInputException("InvalidResource", path + " must be a mapping of label to value(s), found " + Describe(n), n.Location);
            var sel = new LabelSelector();
            foreach (var kv in m.Entries)
            {
                switch (kv.Value)
                {
                    case DocScalar s:
                        sel.Add(kv.Key, new[] { s.IsNull ? "" : s.Value });
                        break;
                    case DocList l:
                    {
                        var values = new List<string>();
                        foreach (var item in l.Items)
                        {
                            if (!(item is DocScalar si))
                                throw new TeleportInputException("InvalidResource", path + "." + kv.Key + " values must be strings, found " + Describe(item), item.Location);
                            values.Add(si.IsNull ? "" : si.Value);
                        }
                        sel.Add(kv.Key, values);
                        break;
                    }
                    default:
                        throw new TeleportInputException("InvalidResource", path + "." + kv.Key + " must be a string or a list of strings, found " + Describe(kv.Value), kv.Value.Location);
                }
            }
            return sel;
        }
    }

    /// <summary>Reads text files the way Windows and Linux tools write them: UTF-8 with or without BOM, UTF-16 with BOM.</summary>
    public static class TextFile
    {
        /// <summary>
        /// The whole text. A FIFO, device or socket is refused before it is opened (it would block or never end),
        /// and so is a file beyond <see cref="Limits.FileMaxBytes"/>; both as IOException with the reason.
        /// </summary>
        public static string ReadAllText(string path)
        {
            var special = FileSystem.FileWalker.RefuseSpecial(path);
            if (special != null) throw new IOException(special);
            using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                var ms = new MemoryStream();
                var buf = new byte[81920];
                var limits = Limits.Current;
                int n;
                while ((n = fs.Read(buf, 0, buf.Length)) > 0)
                {
                    if (ms.Length + n > limits.FileMaxBytes)
                        throw new IOException("the file is larger than " + (limits.FileMaxBytes / (1024.0 * 1024)).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) +
                                              " MiB, more than any Teleport resource or configuration file (" + limits.Describe(nameof(Limits.FileMaxBytes)) + "): not read");
                    ms.Write(buf, 0, n);
                }
                ms.Position = 0;
                using (var reader = new StreamReader(ms, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true))
                    return reader.ReadToEnd();
            }
        }
    }
}
