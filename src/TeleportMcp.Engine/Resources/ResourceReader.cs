using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
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
        public ResourceDiagnostic(DiagnosticLevel level, string code, string message, SourceLocation? location)
        {
            Level = level;
            Code = code;
            Message = message;
            Location = location;
        }

        public DiagnosticLevel Level { get; }
        public string Code { get; }
        public string Message { get; }
        public SourceLocation? Location { get; }

        /// <summary>The text of the line the location points at, when the reader had it.</summary>
        public string? LineText { get; internal set; }

        /// <summary>What to do about it, when the rule that found it knows better than the command.</summary>
        public string? RecommendedAction { get; internal set; }

        public override string ToString() => Location == null ? Message : Location + ": " + Message;
    }

    /// <summary>One result of reading, in input order: a resource or a diagnostic.</summary>
    public sealed class ResourceReadItem
    {
        private ResourceReadItem(TeleportResource? resource, ResourceDiagnostic? diagnostic)
        {
            Resource = resource;
            Diagnostic = diagnostic;
        }

        public TeleportResource? Resource { get; }
        public ResourceDiagnostic? Diagnostic { get; }

        public static ResourceReadItem Of(TeleportResource r) => new ResourceReadItem(r, null);
        public static ResourceReadItem Of(ResourceDiagnostic d) => new ResourceReadItem(null, d);
    }

    /// <summary>
    /// Turns Teleport's own files into resources: role/user/app/app_server/app_auth_config documents in multi-document YAML,
    /// tctl get --format=json output (an array, or a bare object as older tctl printed), tsh mcp ls --format json
    /// output, and teleport.yaml (app_service.apps and mcp_demo_server).
    /// </summary>
    public static class ResourceReader
    {
        /// <summary>Import-TeleportResource -Kind: whether the resource is of one of the kinds named (Role, User, App, AppServiceAgent, AppAuthConfig; any case); null keeps all.</summary>
        public static bool IsOfKind(TeleportResource resource, IEnumerable<string>? kinds) =>
            kinds == null || kinds.Any(k => string.Equals(k, resource?.GetType().Name, StringComparison.OrdinalIgnoreCase));

        /// <summary>The files a folder contributes to a command that reads Teleport resources (tctl get writes YAML or JSON).</summary>
        public static bool IsResourceFile(string path)
        {
            var ext = System.IO.Path.GetExtension(path);
            return string.Equals(ext, ".yaml", StringComparison.OrdinalIgnoreCase) || string.Equals(ext, ".yml", StringComparison.OrdinalIgnoreCase) ||
                   string.Equals(ext, ".json", StringComparison.OrdinalIgnoreCase);
        }

        public static IEnumerable<ResourceReadItem> ReadFile(string path) => ReadFileCore(path, CancellationToken.None);

        /// <summary>
        /// The whole file, read and mapped on a worker that stops at the token within one step, so Ctrl+C is answered at
        /// once even inside one huge document (<see cref="Cancellable"/>).
        /// </summary>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static IReadOnlyList<ResourceReadItem> ReadFile(string path, CancellationToken ct) =>
            Cancellable.Run(() => ReadFileCore(path, ct).ToList(), ct);

        public static IEnumerable<ResourceReadItem> ReadText(string? text, string? source) => ReadTextCore(text, source, CancellationToken.None);

        /// <summary>As <see cref="ReadFile(string, CancellationToken)"/>, for text from the pipeline or a program.</summary>
        public static IReadOnlyList<ResourceReadItem> ReadText(string? text, string? source, CancellationToken ct) =>
            Cancellable.Run(() => ReadTextCore(text, source, ct).ToList(), ct);

        private static IEnumerable<ResourceReadItem> ReadFileCore(string path, CancellationToken ct)
        {
            string text;
            InvalidUtf8? invalid;
            System.Text.Encoding encoding;
            try
            {
                text = TextFile.ReadAllText(path, keepByteOrderMark: false, ct, out invalid, out encoding);
            }
            catch (Exception e) when (FileSystem.ReadFailure.Is(e))
            {
                return new[] { ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Error, "FileReadError", "cannot read the file: " + e.Message, new SourceLocation(path, 0, 0))) };
            }
            // go-yaml (readerc.go yaml_parser_determine_encoding) knows UTF-8 and UTF-16 only: a UTF-32 file is read as
            // UTF-16 or UTF-8 and its zero bytes are control characters it refuses; Go's encoding/json refuses the BOM.
            if (encoding is System.Text.UTF32Encoding)
                return new[] { ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Error, UnsupportedEncodingCode,
                    "the file is UTF-32 (it starts with a UTF-32 byte order mark), which Teleport's YAML and JSON readers do not decode (go-yaml: control characters are not allowed): nothing in it was read",
                    new SourceLocation(path, 1, 1)) { RecommendedAction = "Save the file as UTF-8 (an editor's encoding setting, or iconv -f UTF-32 -t UTF-8)." }) };
            if (invalid == null) return NotEmpty(ReadTextCore(text, path, ct), path);
            var at = new SourceLocation(path, invalid.Line, invalid.Column);
            // Go's encoding/json reads a byte that is not UTF-8 as U+FFFD; go-yaml refuses the stream (its reader's
            // "invalid leading UTF-8 octet" and kin), so tctl create and the Teleport service refuse such a YAML file.
            if (LooksLikeJson(text))
                return new[] { ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Warning, "InvalidUtf8", invalid + " is not UTF-8; it is read as U+FFFD (\uFFFD), as Teleport's JSON decoding reads it", at)) }
                    .Concat(ReadTextCore(text, path, ct));
            return WithLineText(new[] { ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Error, "InvalidUtf8",
                invalid + " is not UTF-8, and Teleport's YAML reader refuses such a file (go-yaml: invalid UTF-8 octet): nothing in it was read",
                at) { RecommendedAction = "Save the file as UTF-8 (an editor's encoding setting, or iconv -f LATIN1 -t UTF-8), or fix the character at that place." }) }, text, ct);
        }

        // A file that gives nothing at all says so: a -Path that named it would otherwise pass over it in silence.
        private static IEnumerable<ResourceReadItem> NotEmpty(IEnumerable<ResourceReadItem> items, string path)
        {
            bool any = false;
            foreach (var item in items)
            {
                any = true;
                yield return item;
            }
            if (!any)
                yield return ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Warning, "EmptyFile", "the file holds no document (it is empty, or only comments and blank lines)", new SourceLocation(path, 0, 0)));
        }

        private static bool LooksLikeJson(string? text)
        {
            char first = FirstSignificant(text);
            return first == '[' || first == '{';
        }

        // The first character after a byte order mark and white space, '\0' when there is none: looked at in place, since
        // a resource file can be many megabytes and trimming would copy it.
        private static char FirstSignificant(string? text)
        {
            if (text == null) return '\0';
            foreach (char c in text)
                if (c != '\uFEFF' && c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
            return '\0';
        }

        private static IEnumerable<ResourceReadItem> ReadTextCore(string? text, string? source, CancellationToken ct)
        {
            source = source ?? SourceLocation.Pipeline;
            var items = LooksLikeJson(text)
                ? ReadJson(text ?? "", source, ct)
                : ReadYaml(text ?? "", source, ct);
            return WithLineText(UnreleasedKinds.OncePerInput(items), text, ct);
        }

        /// <summary>Gives each error the text of its line, so the error can show where in the line it is.</summary>
        private static IEnumerable<ResourceReadItem> WithLineText(IEnumerable<ResourceReadItem> items, string? text, CancellationToken ct)
        {
            var lines = new SourceText.Lines(text ?? "");
            foreach (var item in items)
            {
                ct.ThrowIfCancellationRequested();
                var d = item.Diagnostic;
                if (d != null && d.Level == DiagnosticLevel.Error && d.Location != null && d.Location.Line > 0 && text != null)
                {
                    var line = lines.Shown(d.Location.Line);
                    if (line != null) d.LineText = line;
                }
                yield return item;
            }
        }

        private static IEnumerable<ResourceReadItem> ReadJson(string text, string source, CancellationToken ct)
        {
            // A text starting with '{' is a stream of objects to tctl create (k8s.io/apimachinery pkg/util/yaml decoder.go
            // hasJSONPrefix, then encoding/json Decoder): each is read, and those before a syntax error are kept. A text
            // starting with '[' is one array, as tctl get --format=json writes it (tctl create would read it as YAML and
            // refuse the list: api/types UnknownResource.UnmarshalJSON), each element read.
            if (FirstSignificant(text) == '[')
            {
                DocNode root;
                try
                {
                    root = JsonParser.Parse(text, source, ct);
                }
                catch (TeleportInputException e)
                {
                    return new[] { ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Error, e.Code, e.Detail, e.Location)) };
                }
                return MapTopLevel(root, true, ct);
            }
            return ReadJsonStream(text, source, ct);
        }

        private static IEnumerable<ResourceReadItem> ReadJsonStream(string text, string source, CancellationToken ct)
        {
            using (var values = JsonParser.ParseStream(text, source, ct).GetEnumerator())
            {
                while (true)
                {
                    TeleportInputException? error = null;
                    try
                    {
                        if (!values.MoveNext()) yield break;
                    }
                    catch (TeleportInputException e)
                    {
                        error = e;
                    }
                    if (error != null)
                    {
                        yield return ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Error, error.Code, error.Detail, error.Location));
                        yield break;
                    }
                    foreach (var item in MapTopLevel(values.Current, true, ct)) yield return item;
                }
            }
        }

        private static IEnumerable<ResourceReadItem> ReadYaml(string text, string source, CancellationToken ct)
        {
            foreach (var doc in YamlDocumentReader.Read(text, source, ct))
            {
                if (doc.Error != null)
                {
                    yield return ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Error, doc.Error.Code, doc.Error.Detail, doc.Error.Location));
                    continue;
                }
                if (doc.DuplicateKeys.Count > 0 && IsTeleportConfig(doc.Root))
                {
                    // lib/config/fileconf.go ReadConfig: yaml.v2 UnmarshalStrict refuses a key set twice, so Teleport does not start with the file.
                    yield return ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Error, DuplicateConfigKeyCode,
                        ListText.Join(", ", doc.DuplicateKeys.Select(d => "key " + GoText.Quote(Platform.BoundedCapture.Cut(d.Key, 80)) + " set twice (line " + d.Again.Line + ", first at line " + d.First.Line + ")")) +
                        ": Teleport reads its configuration strictly and refuses to start with it (\"failed parsing the config file\"), so none of its apps is served. The configuration was not read.",
                        doc.DuplicateKeys[0].Again) { RecommendedAction = "Write each key once in teleport.yaml and restart Teleport." });
                    continue;
                }
                // tool/tctl/common/resource_command.go reads resources through k8s' YAMLOrJSONDecoder, whose sigs.k8s.io/yaml
                // (go-yaml v2, not strict) keeps the later value of a key set twice: so does the reader, and says so.
                foreach (var d in doc.DuplicateKeys)
                    yield return ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Warning, "DuplicateYamlKey", d.OneGoKey
                        ? "key " + GoText.Quote(Platform.BoundedCapture.Cut(d.Key, 80)) + " is written twice in one mapping (first at line " + d.First.Line + "); Teleport keeps the later value " +
                          "(tctl reads resources without refusing a key set twice), and so does TeleportMcp: write the key once, so nobody reads the earlier one as the rule"
                        : "key " + GoText.Quote(Platform.BoundedCapture.Cut(d.Key, 80)) + " is written twice in one mapping (first at line " + d.First.Line + "), once quoted and once plain, which YAML 1.1 " +
                          "reads as a boolean, number or null: they are two keys to go-yaml that tctl then names alike, keeping either value in no fixed order; TeleportMcp keeps the later one. Write the key once.",
                        d.Again));
                if (doc.Root == null) continue;
                foreach (var item in MapTopLevel(doc.Root, false, ct)) yield return item;
            }
        }

        /// <summary>The error id of a teleport.yaml that sets a key twice (Teleport does not start with it).</summary>
        public const string DuplicateConfigKeyCode = "DuplicateConfigKey";

        /// <summary>A resource file in an encoding Teleport does not read (UTF-32).</summary>
        public const string UnsupportedEncodingCode = "UnsupportedEncoding";

        private static bool IsTeleportConfig(DocNode? root) => root is DocMap map && map.GetField("kind") == null && TeleportConfigReader.LooksLikeConfig(map);

        private static IEnumerable<ResourceReadItem> MapTopLevel(DocNode root, bool json, CancellationToken ct)
        {
            if (root is DocList list)
            {
                foreach (var element in list.Items)
                {
                    ct.ThrowIfCancellationRequested();
                    foreach (var item in MapDocument(element, json)) yield return item;
                }
                yield break;
            }
            foreach (var item in MapDocument(root, json)) yield return item;
        }

        private static IEnumerable<ResourceReadItem> MapDocument(DocNode node, bool json)
        {
            var items = new List<ResourceReadItem>();
            var map = node as DocMap;
            if (map == null)
            {
                if (node is DocScalar s && s.IsNull) return items;
                items.Add(Diag(DiagnosticLevel.Error, "InvalidResource", "a resource must be a mapping with a 'kind' key, found " + Describe(node), node.Location));
                return items;
            }
            // tctl reads the header with encoding/json, which matches field names ignoring case (UnknownResource.UnmarshalJSON).
            List<DocMap>? typedKeys = null;
            List<MergedFieldKeys>? merged = null;
            string? kind = null, headerVersion = null;
            if (map.GetField("kind") != null)
            {
                kind = CaseVariantMerge.HeaderText(map, "kind", json);
                if (kind == "role") headerVersion = CaseVariantMerge.HeaderText(map, "version", json);
                typedKeys = DocMap.MarkResourceFields(map, json, out merged);
            }
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
            bool read = kind == "role" || kind == "user" || kind == "app" || kind == "app_server";
            // Only for the kinds read: another kind's data maps are not known here, so its groups could be labels.
            if (merged != null && read)
                foreach (var m in merged)
                    items.Add(Diag(DiagnosticLevel.Warning, CaseVariantKeysCode,
                        (m.Keys.All(k => k == m.Keys[0])
                            ? "the key " + GoText.Quote(Platform.BoundedCapture.Cut(m.Keys[0], 80)) + " is written " + m.Keys.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " times in one mapping, and tctl decodes each: "
                            : "the keys " + MergedKeysText(m.Keys) + " are one field to tctl, which matches field names in any case: ") +
                        "it decodes them in turn (" + (json ? "the file's order" : "sorted, as YAML reaches it as JSON") + "), so their mappings merge, a later list is decoded item by item into the earlier one, and a later value is kept; " +
                        "TeleportMcp reads them so." + NestedMergesText(m) + " Write the field once.", m.Location));
            // The kinds read are in every release: the known-error catalog is parsed (some 30 ms) only for another kind.
            if (!read && UnreleasedKinds.Of(kind) is { } unreleased) items.Add(UnreleasedKinds.Warning(unreleased, kind, map.Location));
            try
            {
                if (read && typedKeys != null) TctlKeyNames.Apply(typedKeys, kind, items);
                if (read) TextValueCheck.Check(map, kind, json, items);
                switch (kind)
                {
                    case "role":
                        items.Add(ResourceReadItem.Of(RoleReader.Read(map, headerVersion)));
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
                        def.Origin = AppOrigin.AppServer;
                        var serverSpec = map["spec"] as DocMap;
                        def.ServerHostName = ReadString(serverSpec, "hostname", "spec.hostname");
                        def.ServerHostId = ReadString(serverSpec, "host_id", "spec.host_id");
                        def.ServerVersion = ReadString(serverSpec, "version", "spec.version");
                        items.Add(ResourceReadItem.Of(def));
                        break;
                    }
                    case "app_auth_config":
                    {
                        var config = AppAuthConfigReader.Read(map, json, items);
                        if (config != null) items.Add(ResourceReadItem.Of(config));
                        break;
                    }
                    case ScopedRoleKind:
                    case ScopedRoleAssignmentKind:
                        items.Add(Diag(DiagnosticLevel.Warning, ScopedNotEvaluatedCode, ScopedNotEvaluated(kind, map), map.Location));
                        if (kind == ScopedRoleAssignmentKind) items.Add(ResourceReadItem.Of(ReadAssignment(map)));
                        break;
                    default:
                        items.Add(Diag(DiagnosticLevel.Verbose, "SkippedKind", "skipped kind " + GoText.Quote(kind) + NameSuffix(map) + ": only role, user, app, app_server and app_auth_config are read", map.Location));
                        break;
                }
            }
            catch (TeleportInputException e)
            {
                items.Add(Diag(DiagnosticLevel.Error, e.Code, e.Detail, e.Location));
            }
            return items;
        }

        // lib/scopes/access (index id 56707049423): KindScopedRole, KindScopedRoleAssignment.
        public const string ScopedRoleKind = "scoped_role";
        public const string ScopedRoleAssignmentKind = "scoped_role_assignment";

        /// <summary>A scoped role or assignment: read, reported, and left out of every decision.</summary>
        public const string ScopedNotEvaluatedCode = "ScopedAccessNotEvaluated";

        // api/proto/teleport/scopes/access/v1/role.proto @041cff39: ScopedRoleApp has labels, label_expression,
        // client_idle_timeout, disconnect_expired_cert and lock, no MCP field, and a scoped role has no deny side.
        // lib/srv/app/connections_handler.go @0009d93e handleConnection: an MCP app refuses a scoped identity
        // ("MCP application access is not supported for scoped identities") before the MCP server sees it.
        private static string ScopedNotEvaluated(string kind, DocMap map)
        {
            string name = map["metadata"]?["name"]?.AsString() ?? "";
            var spec = map["spec"] as DocMap;
            string? user = spec?["user"]?.AsString(), bot = spec?["bot_name"]?.AsString();
            string holder = !string.IsNullOrEmpty(user) ? " of user " + GoText.Quote(user) : !string.IsNullOrEmpty(bot) ? " of bot " + GoText.Quote(bot) : "";
            string why = "scoped roles grant no MCP tools (their app block selects apps by labels and has no mcp field), and an App Service refuses MCP apps to a login pinned to a scope " +
                         "(\"MCP application access is not supported for scoped identities\")";
            return kind == ScopedRoleKind
                ? "scoped_role " + GoText.Quote(name) + " is not evaluated: " + why + ". MCP decisions here come from classic roles, on a login without a scope."
                : "scoped_role_assignment " + GoText.Quote(name) + holder + " is not evaluated: " + why + ". MCP decisions here come from the classic roles" +
                  (holder.Length > 0 ? " of that " + (user != null && user.Length > 0 ? "user" : "bot") : "") + ", on a login without a scope.";
        }

        // api/proto/teleport/scopes/access/v1/assignment.proto @093d75af: scope, spec.user or spec.bot_name and spec.bot_scope,
        // spec.assignments[{role, scope}].
        /// <summary>
        /// The assignment as written, for Import-TeleportResource and the note on its user's decisions. A part of another
        /// shape is left out (empty), as the warning already says nothing of it is evaluated.
        /// </summary>
        private static ScopedRoleAssignment ReadAssignment(DocMap map)
        {
            var spec = map["spec"] as DocMap;
            var assignment = new ScopedRoleAssignment
            {
                Name = map["metadata"]?["name"]?.AsString(), Version = map["version"]?.AsString(), Scope = map["scope"]?.AsString(),
                AssignedUser = NonEmpty(spec?["user"]?.AsString()), BotName = NonEmpty(spec?["bot_name"]?.AsString()), BotScope = NonEmpty(spec?["bot_scope"]?.AsString()),
                Location = map.Location,
            };
            if (spec?["assignments"] is DocList list)
                foreach (var entry in list.Items)
                {
                    string? role = entry["role"]?.AsString(), scope = entry["scope"]?.AsString();
                    if (!string.IsNullOrEmpty(role)) assignment.Assignments.Add(new ScopedRoleGrant { Role = role, Scope = scope ?? "" });
                }
            return assignment;
        }

        private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

        private static string NameSuffix(DocMap map)
        {
            var name = map["metadata"]?["name"]?.AsString();
            return name == null ? "" : " (" + name + ")";
        }

        private static string MergedKeysText(IReadOnlyList<string> keys) =>
            ListText.Join(", ", keys.Select(k => GoText.Quote(Platform.BoundedCapture.Cut(k, 80))));

        private static string NestedMergesText(MergedFieldKeys merged)
        {
            if (merged.NestedCount == 0) return "";
            var text = " Inside them the keys " + string.Join("; ", merged.Nested.Select(MergedKeysText)) + " merge the same way";
            int more = merged.NestedCount - merged.Nested.Count;
            return text + (more > 0 ? " (and " + more.ToString(System.Globalization.CultureInfo.InvariantCulture) + " more such " + (more == 1 ? "group" : "groups") + ")." : ".");
        }

        /// <summary>Keys of one mapping that differ only in case, merged as tctl merges them (<see cref="CaseVariantMerge"/>).</summary>
        public const string CaseVariantKeysCode = "CaseVariantKeys";

        internal static ResourceReadItem Diag(DiagnosticLevel level, string code, string message, SourceLocation? loc) =>
            ResourceReadItem.Of(new ResourceDiagnostic(level, code, message, loc));

        /// <summary>metadata.name, which every resource must have: its absence is an error at the metadata (or the document).</summary>
        internal static string ReadName(DocMap map, string kind, out DocMap? metadata)
        {
            metadata = map["metadata"] as DocMap;
            string? name = ReadString(metadata, "name", "metadata.name");
            if (string.IsNullOrEmpty(name)) throw Invalid(metadata ?? (DocNode)map, kind + " has no metadata.name");
            return name!; // IsNullOrEmpty is not annotated on netstandard2.0
        }

        /// <summary>
        /// The version and name of a resource Teleport has one version of: another version is read as that one, with a
        /// warning at the version (code <paramref name="code"/>); <paramref name="noneExpected"/> takes a missing version silently.
        /// </summary>
        internal static string ReadVersionAndName(DocMap map, string kind, string teleportVersion, bool noneExpected, string code, List<ResourceReadItem> diagnostics,
            out string name, out DocMap? metadata)
        {
            string version = ReadString(map, "version", "version") ?? "";
            name = ReadName(map, kind, out metadata);
            if (version != teleportVersion && !(noneExpected && version.Length == 0))
                diagnostics.Add(Diag(DiagnosticLevel.Warning, code,
                    kind + " " + GoText.Quote(name) + " has version " + GoText.Quote(version) + "; Teleport's " + kind + " resource is " + teleportVersion +
                    ", read it as " + teleportVersion, (map["version"] ?? map).Location));
            return version;
        }

        internal static TeleportInputException Invalid(DocNode? at, string message) =>
            new TeleportInputException("InvalidResource", message, at?.Location);

        internal static string Describe(DocNode? node)
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

        internal static string? ReadString(DocMap? map, string key, string path)
        {
            var n = map?.Get(key);
            if (n == null) return null;
            if (n is DocScalar s) return s.AsString();
            throw new TeleportInputException("InvalidResource", path + " must be a string, found " + Describe(n), n.Location);
        }

        /// <summary>A list of strings; null when the key is absent or null.</summary>
        internal static List<string>? ReadStringList(DocMap? map, string key, string path, List<SourceLocation>? locations = null)
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
        internal static Dictionary<string, string> ReadStringMap(DocMap? map, string key, string path)
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

        /// <summary>A resource's metadata.labels: <see cref="ReadStringMap"/>, then Teleport's key rule (<see cref="LabelKeys.Check"/>).</summary>
        internal static Dictionary<string, string> ReadMetadataLabels(DocMap? metadata)
        {
            var labels = ReadStringMap(metadata, "labels", "metadata.labels");
            LabelKeys.Check(metadata?.Get("labels") as DocMap);
            return labels;
        }

        /// <summary>A label selector: key to a string or a list of strings (Teleport's utils.Strings).</summary>
        internal static LabelSelector? ReadSelector(DocMap? map, string key, string path)
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
                        sel.Add(kv.Key, new List<string> { s.IsNull ? "" : s.Value }, new List<SourceLocation> { s.Location });
                        break;
                    case DocList l:
                    {
                        var values = new List<string>();
                        var locations = new List<SourceLocation>();
                        foreach (var item in l.Items)
                        {
                            if (!(item is DocScalar si))
                                throw new TeleportInputException("InvalidResource", path + "." + kv.Key + " values must be strings, found " + Describe(item), item.Location);
                            values.Add(si.IsNull ? "" : si.Value);
                            locations.Add(si.Location);
                        }
                        sel.Add(kv.Key, values, locations);
                        break;
                    }
                    default:
                        throw new TeleportInputException("InvalidResource", path + "." + kv.Key + " must be a string or a list of strings, found " + Describe(kv.Value), kv.Value.Location);
                }
            }
            return sel;
        }
    }

    /// <summary>Where a UTF-8 file first holds a byte that is not UTF-8: line and column (1-based, in characters), and the byte.</summary>
    public sealed class InvalidUtf8
    {
        private InvalidUtf8(int line, int column, byte value)
        {
            Line = line;
            Column = column;
            Value = value;
        }

        public int Line { get; }
        public int Column { get; }
        public byte Value { get; }

        /// <param name="end">Where the file's bytes end in <paramref name="data"/> (the buffer may be longer).</param>
        internal static InvalidUtf8 At(byte[] data, int start, int offset, int end)
        {
            offset = Math.Min(offset, end);
            int line = 1, lineStart = start;
            for (int i = start; i < offset; i++)
                if (data[i] == (byte)'\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            int column = Encoding.UTF8.GetCharCount(data, lineStart, offset - lineStart) + 1;
            return new InvalidUtf8(line, column, offset < end ? data[offset] : (byte)0);
        }

        /// <summary>The offset of the first byte of data[start, end) that starts no well-formed UTF-8 sequence (RFC 3629: no overlong form, no surrogate, nothing above U+10FFFF); end when there is none.</summary>
        internal static int FirstOffset(byte[] data, int start, int end)
        {
            int i = start;
            while (i < end)
            {
                byte b = data[i];
                if (b < 0x80)
                {
                    i++;
                    continue;
                }
                int n; byte lo = 0x80, hi = 0xBF;
                if (b >= 0xC2 && b <= 0xDF) n = 1;
                else if (b >= 0xE0 && b <= 0xEF)
                {
                    n = 2;
                    if (b == 0xE0) lo = 0xA0;
                    else if (b == 0xED) hi = 0x9F;
                }
                else if (b >= 0xF0 && b <= 0xF4)
                {
                    n = 3;
                    if (b == 0xF0) lo = 0x90;
                    else if (b == 0xF4) hi = 0x8F;
                }
                else return i;
                if (i + n >= end) return i; // the sequence runs past the end
                if (data[i + 1] < lo || data[i + 1] > hi) return i;
                for (int k = 2; k <= n; k++)
                    if (data[i + k] < 0x80 || data[i + k] > 0xBF) return i;
                i += n + 1;
            }
            return end;
        }

        /// <summary>"byte 0xFF": the place is the diagnostic's location.</summary>
        public override string ToString() => "byte 0x" + Value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads text files the way Windows and Linux tools write them: UTF-8 with or without BOM, UTF-16 with BOM.</summary>
    public static class TextFile
    {
        /// <summary>
        /// The whole text. A FIFO, device or socket is refused before it is opened (it would block or never end),
        /// and so is a file beyond <see cref="Limits.FileMaxBytes"/>; both as IOException with the reason.
        /// </summary>
        public static string ReadAllText(string path) => ReadAllText(path, CancellationToken.None);

        /// <summary>As <see cref="ReadAllText(string)"/>, looking at the token between buffers.</summary>
        public static string ReadAllText(string path, CancellationToken ct) => ReadAllText(path, keepByteOrderMark: false, ct);

        /// <summary>
        /// As above; with <paramref name="keepByteOrderMark"/> a byte order mark stays in the text as U+FEFF, for a
        /// reader that must report it (a client that reads the file with JSON.parse refuses it).
        /// </summary>
        public static string ReadAllText(string path, bool keepByteOrderMark, CancellationToken ct) => ReadAllText(path, keepByteOrderMark, ct, out _);

        /// <summary>
        /// As above; <paramref name="invalidUtf8"/> is where a UTF-8 file first holds a byte sequence that is not UTF-8
        /// (null when none): the text has U+FFFD there, as StreamReader gives, and the caller decides what Teleport would
        /// do with such a file.
        /// </summary>
        public static string ReadAllText(string path, bool keepByteOrderMark, CancellationToken ct, out InvalidUtf8? invalidUtf8) =>
            ReadAllText(path, keepByteOrderMark, ct, out invalidUtf8, out _);

        /// <summary>As above; <paramref name="encoding"/> is the encoding the byte order mark named (UTF-8 without one).</summary>
        public static string ReadAllText(string path, bool keepByteOrderMark, CancellationToken ct, out InvalidUtf8? invalidUtf8, out Encoding encoding)
        {
            invalidUtf8 = null;
            var special = FileSystem.FileWalker.RefuseSpecial(path);
            if (special != null) throw new IOException(special);
            using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                var data = ReadBytes(fs, Limits.Current, ct, out int length);
                return Decode(data, length, keepByteOrderMark, out invalidUtf8, out encoding);
            }
        }

        /// <summary>
        /// The text of a file's first <paramref name="length"/> bytes, as <see cref="ReadAllText(string, bool, CancellationToken, out InvalidUtf8?, out Encoding)"/>
        /// decodes them: the byte order mark names the encoding (UTF-8 without one). For a platform that holds files in memory.
        /// </summary>
        public static string Decode(byte[] data, int length, bool keepByteOrderMark, out InvalidUtf8? invalidUtf8, out Encoding encoding)
        {
            invalidUtf8 = null;
            int skip = ByteOrderMark(data, length, out encoding);
            bool bom = skip == 3 || skip == 2 || skip == 4 && data[0] == 0xFF;
            string prefix = keepByteOrderMark && bom ? "\uFEFF" : "";
            if (ReferenceEquals(encoding, s_utf8))
            {
                // One strict decode; only a file that fails it is decoded again, leniently.
                try
                {
                    return prefix + s_strictUtf8.GetString(data, skip, length - skip);
                }
                catch (DecoderFallbackException)
                {
                    invalidUtf8 = InvalidUtf8.At(data, skip, InvalidUtf8.FirstOffset(data, skip, length), length);
                }
            }
            // One decode of the bytes read, as StreamReader with byte order mark detection decodes them.
            return prefix + encoding.GetString(data, skip, length - skip);
        }

        /// <summary>Whether an encoding <see cref="Decode"/> gives is UTF-8 (a file without a byte order mark, or with UTF-8's); null, for text given as a string, is.</summary>
        public static bool IsUtf8(Encoding? encoding) => encoding == null || encoding is UTF8Encoding;

        private static readonly Encoding s_strictUtf8 = new UTF8Encoding(false, true);

        private const int ReadStep = 1 << 20;
        private const int ArrayMaxLength = 0x7FFFFFC7;

        /// <summary>
        /// The file's bytes in one array sized from the file's length (a file that grows while it is read is still
        /// bounded), read in steps that look at the token between them.
        /// </summary>
        private static byte[] ReadBytes(FileStream fs, Limits limits, CancellationToken ct, out int length)
        {
            ct.ThrowIfCancellationRequested();
            long max = Math.Min(limits.FileMaxBytes, ArrayMaxLength - 1);
            long known = 0;
            if (fs.CanSeek) known = fs.Length;
            // One byte beyond the known length: a file that grew shows itself by filling it.
            var data = new byte[(int)Math.Min(known > 0 ? known + 1 : 81920, max + 1)];
            length = 0;
            while (true)
            {
                if (length == data.Length)
                {
                    if (length > max) throw TooLarge(limits);
                    Array.Resize(ref data, (int)Math.Min((long)data.Length * 2, max + 1));
                }
                int n = fs.Read(data, length, Math.Min(data.Length - length, ReadStep));
                if (n <= 0) return data;
                length += n;
                ct.ThrowIfCancellationRequested();
                if (length > max) throw TooLarge(limits);
            }
        }

        private static IOException TooLarge(Limits limits) =>
            new IOException("the file is larger than " + (limits.FileMaxBytes / (1024.0 * 1024)).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) +
                            " MiB, more than any Teleport resource or configuration file (" + limits.Describe(nameof(Limits.FileMaxBytes)) + "): not read");

        private static readonly Encoding s_utf8 = new UTF8Encoding(false);

        /// <summary>
        /// The byte order mark's length and the encoding it names, UTF-8 without one: StreamReader's detection
        /// (detectEncodingFromByteOrderMarks), UTF-32 LE only when FF FE is followed by two zero bytes.
        /// </summary>
        private static int ByteOrderMark(byte[] b, int length, out Encoding encoding)
        {
            encoding = s_utf8;
            if (length < 2) return 0;
            if (b[0] == 0xFE && b[1] == 0xFF)
            {
                encoding = Encoding.BigEndianUnicode;
                return 2;
            }
            if (b[0] == 0xFF && b[1] == 0xFE)
            {
                if (length >= 4 && b[2] == 0 && b[3] == 0)
                {
                    encoding = Encoding.UTF32;
                    return 4;
                }
                encoding = Encoding.Unicode;
                return 2;
            }
            if (length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) return 3;
            if (length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)
            {
                encoding = new UTF32Encoding(bigEndian: true, byteOrderMark: false);
                return 4;
            }
            return 0;
        }
    }
}
