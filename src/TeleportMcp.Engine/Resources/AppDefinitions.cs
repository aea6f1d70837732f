using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
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

        internal List<KeyValuePair<string, string>> Fields { get; set; } = new List<KeyValuePair<string, string>>();
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
            var written = new Dictionary<string, AppDefinition>(StringComparer.Ordinal);
            var byContent = new Dictionary<string, AppDefinition>(StringComparer.Ordinal);
            // The definitions as written first (resources, teleport.yaml entries), then the heartbeats join the one they carry:
            // an agent copies the definition, so a heartbeat read before its resource still belongs to it.
            foreach (var (app, _) in given.Where(g => g.app.Origin != AppOrigin.AppServer))
            {
                var fields = Fields(app);
                string content = Key(app.Name, fields.Skip(1));
                string key = content + Key(null, fields.Take(1));
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
                string content = Key(app.Name, fields.Skip(1));
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
        /// The definition as named fields (the names people read in the resource), each value as text; the origin first.
        /// Not compared: what an agent adds to its copy (spec.public_addr when empty: lib/srv/app/watcher.go setAppPublicAddr;
        /// the teleport.dev/origin label of a teleport.yaml entry: lib/service/servicecfg/app.go) and how a header was written.
        /// </summary>
        internal static List<KeyValuePair<string, string>> Fields(App app)
        {
            var f = new List<KeyValuePair<string, string>>();
            void Add(string field, string? value) => f.Add(new KeyValuePair<string, string>(field, value ?? "\0null"));
            Add(OriginField, OriginOf(app));
            Add("version", app.Version);
            Add("metadata.labels", Map(app.LabelMap.Where(kv => kv.Key != Serving.ServingMap.OriginLabel)));
            Add("spec.dynamic_labels", Map(app.DynamicLabelMap));
            // api/types/app.go CheckAndSetDefaults (A2): an empty URI with mcp.command is stored, and heartbeated, as mcp+stdio://.
            Add("spec.uri", string.IsNullOrEmpty(app.Uri) && !string.IsNullOrEmpty(app.Command) ? McpTransportRules.SchemeStdio + "://" : app.Uri);
            Add("transport", app.Transport.ToString());
            Add("spec.mcp", app.HasMcpSpec ? "present" : "absent");
            Add("spec.mcp.command", app.Command);
            Add("spec.mcp.args", List(app.Args));
            Add("spec.mcp.run_as_host_user", app.RunAsHostUser);
            // No rewrite block is no header and the default claims.
            Add("spec.rewrite.headers", List((app.Rewrite?.Headers ?? new List<RewriteHeader>()).Select(Header)));
            Add("spec.rewrite.jwt_claims", app.Rewrite?.JwtClaims ?? "");
            Add("spec.insecure_skip_verify", app.InsecureSkipVerify ? "true" : "false");
            Add("spec.tls.mode", app.TlsMode);
            Add("spec.tls.server_name", app.TlsServerName);
            Add("spec.tls.server_spiffe_id", app.TlsServerSpiffeId);
            Add("spec.tls.allowed_cas", app.TlsAllowedCas == null ? null : List(app.TlsAllowedCas));
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

        private static string Key(string? name, IEnumerable<KeyValuePair<string, string>> fields)
        {
            var b = new StringBuilder();
            if (name != null) Part(b, name);
            foreach (var kv in fields) Part(b, kv.Value);
            return b.ToString();
        }

        private static IEnumerable<string> Differences(List<KeyValuePair<string, string>> first, List<KeyValuePair<string, string>> other) =>
            first.Zip(other, (a, b) => string.Equals(a.Value, b.Value, StringComparison.Ordinal) ? null : a.Key).Where(k => k != null).Select(k => k!);

        // Each part with its length first, so no value can be read as the end of another.
        private static void Part(StringBuilder b, string value) =>
            b.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');

        private static string List(IEnumerable<string?> values)
        {
            var b = new StringBuilder();
            foreach (var v in values) Part(b, v ?? "\0null");
            return b.ToString();
        }

        private static string Map(IEnumerable<KeyValuePair<string, string>> map) =>
            List(map.OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => new[] { kv.Key, kv.Value }));

        // The real value: two copies that differ only in a credential are two definitions (one of them sends the wrong one).
        private static string Header(RewriteHeader h) => List(new[] { h.Name, h.RealValue(), h.Name == null ? h.Raw : null, h.ParseError, h.IsMasked ? "masked" : "" });
    }
}
