using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// One definition of an app and every copy that carries it: the app resource (tctl get apps) or teleport.yaml entry,
    /// and the app_server heartbeats of the agents that serve it (one per agent, 2:S7), are one test.
    /// </summary>
    public sealed class AppDefinition
    {
        internal AppDefinition(App app) => App = app;

        /// <summary>The copy that is tested: the definition as written (app resource or teleport.yaml entry) when given, else the first heartbeat.</summary>
        public App App { get; internal set; }

        /// <summary>Every copy with this definition, in the order given.</summary>
        public List<App> Copies { get; } = new List<App>();

        /// <summary>The app_server copies: the agents that serve this definition, whose releases the checks read.</summary>
        public IReadOnlyList<App> Servers => Copies.Where(c => c.Origin == AppOrigin.AppServer).ToList();

        /// <summary>The host names (host ids where no name was given) of the agents that serve it, once each.</summary>
        public IReadOnlyList<string> ServedBy => AppDefinitions.Hosts(Copies);

        /// <summary>For an app given with another definition too: the fields in which this one differs from the first; empty otherwise.</summary>
        public List<string> DiffersIn { get; } = new List<string>();

        /// <summary>For an app given with another definition too: where the first definition was read (this one compares with it).</summary>
        public string? ComparedWith { get; internal set; }

        internal List<KeyValuePair<string, string?[]>> Fields { get; set; } = new List<KeyValuePair<string, string?[]>>();
    }

    /// <summary>
    /// The apps given, grouped into definitions: copies of one name whose definition is the same field for field are one
    /// test, with the agents of all of them. Copies that differ (an agent still serving an older definition, a
    /// teleport.yaml entry beside an app resource of the same name) are each tested, and say how they differ.
    /// </summary>
    public static class AppDefinitions
    {
        private const string OriginField = "origin (teleport.yaml entry or app resource)";

        /// <summary>Definitions in the order their first copy was given; a name with several definitions keeps their order.</summary>
        public static List<AppDefinition> Of(IEnumerable<App> apps)
        {
            if (apps == null) throw new ArgumentNullException(nameof(apps));
            var given = apps.Where(a => a != null).Select((app, index) => (app, index)).ToList();
            var indexOf = new Dictionary<App, int>();
            foreach (var (app, index) in given) if (!indexOf.ContainsKey(app)) indexOf[app] = index;
            var definitions = new List<AppDefinition>();
            var written = new Dictionary<DefinitionKey, AppDefinition>();
            var byContent = new Dictionary<DefinitionKey, AppDefinition>();
            // The definitions as written first (resources, teleport.yaml entries), then the heartbeats join the one they carry:
            // an agent copies the definition, so a heartbeat read before its resource still belongs to it.
            foreach (var (app, _) in given.Where(g => g.app.Origin != AppOrigin.AppServer))
            {
                var fields = Fields(app);
                var content = new DefinitionKey(app.Name, fields, withOrigin: false);
                var key = new DefinitionKey(app.Name, fields, withOrigin: true);
                if (written.TryGetValue(key, out var known))
                {
                    known.Copies.Add(app);
                    continue;
                }
                var definition = new AppDefinition(app) { Fields = fields };
                definition.Copies.Add(app);
                written[key] = definition;
                if (!byContent.ContainsKey(content)) byContent[content] = definition;
                definitions.Add(definition);
            }
            foreach (var (app, _) in given.Where(g => g.app.Origin == AppOrigin.AppServer))
            {
                var fields = Fields(app);
                var content = new DefinitionKey(app.Name, fields, withOrigin: false);
                if (!byContent.TryGetValue(content, out var definition))
                {
                    definition = new AppDefinition(app) { Fields = fields };
                    byContent[content] = definition;
                    definitions.Add(definition);
                }
                definition.Copies.Add(app);
            }
            foreach (var d in definitions) d.Copies.Sort((a, b) => indexOf[a].CompareTo(indexOf[b]));
            var ordered = definitions.OrderBy(d => indexOf[d.Copies[0]]).ToList();
            foreach (var sameName in ordered.GroupBy(d => d.App.Name ?? "", StringComparer.Ordinal))
            {
                var first = sameName.First();
                foreach (var other in sameName.Skip(1))
                {
                    other.ComparedWith = first.App.Source ?? SourceLocation.Pipeline;
                    other.DiffersIn.AddRange(Differences(first.Fields, other.Fields));
                }
            }
            return ordered;
        }

        /// <summary>The host names (else host ids) of the app_server copies among <paramref name="copies"/>, once each, in order.</summary>
        public static IReadOnlyList<string> Hosts(IEnumerable<App> copies) =>
            (copies ?? Enumerable.Empty<App>())
                .Where(c => c.Origin == AppOrigin.AppServer)
                .Select(AgentOf)
                .Where(h => h != null)
                .Select(h => h!)
                .Distinct(StringComparer.Ordinal)
                .ToList();

        /// <summary>The agent that published a heartbeat: spec.hostname, else spec.host_id; null when it names neither.</summary>
        public static string? AgentOf(App heartbeat) =>
            !StringChecks.IsNullOrEmpty(heartbeat?.ServerHostName) ? heartbeat!.ServerHostName
            : !StringChecks.IsNullOrEmpty(heartbeat?.ServerHostId) ? heartbeat!.ServerHostId : null;

        /// <summary>
        /// The public properties of <see cref="App"/> that are its definition (compared field by field below), and those
        /// that are not: where it was read, which agent published the copy (and its release and dynamic labels' current
        /// results, which each agent computes), a user's view from tsh mcp ls, and what follows from other properties.
        /// A test proves every property is in one list, so a new property is a decision, not an oversight.
        /// </summary>
        internal static readonly string[] DefinitionProperties =
        {
            nameof(App.Name), nameof(App.Version), nameof(App.Labels), nameof(App.DynamicLabels), nameof(App.Uri), nameof(App.Transport),
            nameof(App.HasMcpSpec), nameof(App.Command), nameof(App.Args), nameof(App.RunAsHostUser), nameof(App.Origin),
            nameof(App.Rewrite), nameof(App.InsecureSkipVerify), nameof(App.TlsMode), nameof(App.TlsServerName), nameof(App.TlsServerSpiffeId),
            nameof(App.TlsAllowedCas), nameof(App.TlsClientCertMode),
        };

        internal static readonly string[] NotDefinitionProperties =
        {
            nameof(App.Source), nameof(App.SourcePath), nameof(App.SourceLine), nameof(App.ServerHostName), nameof(App.ServerHostId),
            nameof(App.ServerVersion), nameof(App.DynamicLabelResults), nameof(App.PermittedTools), nameof(App.DeniedTools),
            nameof(App.Description), nameof(App.IsMcp), nameof(App.CommandLine), nameof(App.PublicAddr),
        };

        /// <summary>
        /// The definition as named fields (the names people read in the resource), each value as its parts (a list's items,
        /// a map's keys and values in key order, null for a value not given), never joined: a value can be megabytes long,
        /// and a joined key copied it several times per app (issue 10). The origin first.
        /// Not compared: what an agent adds to its copy (spec.public_addr when empty: lib/srv/app/watcher.go setAppPublicAddr;
        /// the teleport.dev/origin label of a teleport.yaml entry: lib/service/servicecfg/app.go) and how a header was written.
        /// </summary>
        internal static List<KeyValuePair<string, string?[]>> Fields(App app)
        {
            var f = new List<KeyValuePair<string, string?[]>>();
            void Add(string field, params string?[] parts) => f.Add(new KeyValuePair<string, string?[]>(field, parts));
            Add(OriginField, OriginOf(app));
            Add("version", app.Version);
            Add("metadata.labels", Map(app.LabelMap.Where(kv => kv.Key != Serving.ServingMap.OriginLabel)));
            Add("spec.dynamic_labels", Map(app.DynamicLabelMap));
            // api/types/app.go CheckAndSetDefaults (A2): an empty URI with mcp.command is stored, and heartbeated, as mcp+stdio://.
            Add("spec.uri", string.IsNullOrEmpty(app.Uri) && !string.IsNullOrEmpty(app.Command) ? McpTransportRules.SchemeStdio + "://" : app.Uri);
            Add("transport", app.Transport.ToString());
            Add("spec.mcp", app.HasMcpSpec ? "present" : "absent");
            Add("spec.mcp.command", app.Command);
            Add("spec.mcp.args", app.Args.Select(a => (string?)a).ToArray());
            Add("spec.mcp.run_as_host_user", app.RunAsHostUser);
            // No rewrite block is no header and the default claims.
            Add("spec.rewrite.headers", (app.Rewrite?.Headers ?? new List<RewriteHeader>()).SelectMany(Header).ToArray());
            Add("spec.rewrite.jwt_claims", app.Rewrite?.JwtClaims ?? "");
            Add("spec.insecure_skip_verify", app.InsecureSkipVerify ? "true" : "false");
            Add("spec.tls.mode", app.TlsMode);
            Add("spec.tls.server_name", app.TlsServerName);
            Add("spec.tls.server_spiffe_id", app.TlsServerSpiffeId);
            // No list is not an empty list: the null marks it, where an empty list has no part at all.
            Add("spec.tls.allowed_cas", app.TlsAllowedCas == null ? new string?[] { null } : app.TlsAllowedCas.Select(c => (string?)c).Prepend("").ToArray());
            Add("spec.tls.client_cert_mode", app.TlsClientCertMode);
            return f;
        }

        // A heartbeat says where its app came from in its origin label (config-file for a teleport.yaml entry).
        private static string OriginOf(App app) =>
            app.Origin != AppOrigin.AppServer ? app.Origin.ToString()
            : app.LabelMap.TryGetValue(Serving.ServingMap.OriginLabel, out var origin) && origin == ConfigFileOrigin ? nameof(AppOrigin.TeleportYaml)
            : nameof(AppOrigin.App);

        // api/types/constants.go OriginConfigFile.
        private const string ConfigFileOrigin = "config-file";

        private static IEnumerable<string> Differences(List<KeyValuePair<string, string?[]>> first, List<KeyValuePair<string, string?[]>> other) =>
            first.Zip(other, (a, b) => SameParts(a.Value, b.Value) ? null : a.Key).Where(k => k != null).Select(k => k!);

        private static bool SameParts(string?[] a, string?[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
                if (!string.Equals(a[i], b[i], StringComparison.Ordinal)) return false;
            return true;
        }

        private static string?[] Map(IEnumerable<KeyValuePair<string, string>> map) =>
            map.OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => new string?[] { kv.Key, kv.Value }).ToArray();

        // The real value: two copies that differ only in a credential are two definitions (one of them sends the wrong one).
        // Five parts per header, so no part of one header can be read as part of another.
        private static string?[] Header(RewriteHeader h) => new[] { h.Name, h.RealValue(), h.Name == null ? h.Raw : null, h.ParseError, h.IsMasked ? "masked" : "" };

        /// <summary>
        /// The name and the fields (with or without the origin) as a key compared part by part, so no value is copied into
        /// a joined key; a field's parts are compared with their count, so no value can be read as the end of another.
        /// </summary>
        private sealed class DefinitionKey : IEquatable<DefinitionKey>
        {
            private readonly string? _name;
            private readonly List<KeyValuePair<string, string?[]>> _fields;
            private readonly int _from;
            private readonly int _hash;

            internal DefinitionKey(string? name, List<KeyValuePair<string, string?[]>> fields, bool withOrigin)
            {
                _name = name;
                _fields = fields;
                _from = withOrigin ? 0 : 1;
                int h = Hash(name);
                for (int i = _from; i < fields.Count; i++)
                {
                    h = h * 31 + fields[i].Value.Length;
                    foreach (var part in fields[i].Value) h = h * 31 + Hash(part);
                }
                _hash = h;
            }

            private static int Hash(string? s) => s == null ? 17 : StringComparer.Ordinal.GetHashCode(s);

            public bool Equals(DefinitionKey? other)
            {
                if (other == null || other._hash != _hash || other._from != _from || other._fields.Count != _fields.Count) return false;
                if (!string.Equals(other._name, _name, StringComparison.Ordinal)) return false;
                for (int i = _from; i < _fields.Count; i++)
                    if (!SameParts(_fields[i].Value, other._fields[i].Value)) return false;
                return true;
            }

            public override bool Equals(object? obj) => Equals(obj as DefinitionKey);

            public override int GetHashCode() => _hash;
        }
    }
}
