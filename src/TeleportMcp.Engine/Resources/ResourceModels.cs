using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp
{
    /// <summary>
    /// What every Teleport resource of the module has: a name, a version, labels and where it was read. The engine
    /// works on the typed maps; the public properties are the shape PowerShell shows, serializes and binds.
    /// </summary>
    public abstract class TeleportResource
    {
        internal abstract string Kind { get; }

        /// <summary>
        /// A copy the engine may change without changing the caller's object (<see cref="Output.OutputSanitizer.RestoredCopy{T}"/>):
        /// its own lists and role conditions; other values shared.
        /// </summary>
        internal virtual TeleportResource CopyForInput() => (TeleportResource)MemberwiseClone();

        public string? Name { get; set; }
        public string? Version { get; set; }

        /// <summary>
        /// For a deserialized copy (ResourceCopies): the properties whose text is as the module showed it (escaped, redacted);
        /// null for any other object. Internal, so it is never written.
        /// </summary>
        internal List<string>? ShownOnly { get; set; }

        /// <summary>metadata.labels (for an app: the static labels; see App.DynamicLabels).</summary>
        internal Dictionary<string, string> LabelMap { get; set; } = new Dictionary<string, string>();

        internal SourceLocation? Location { get; set; }

        /// <summary>Where it was read (file, line, column); a method, so that it is no property of the output.</summary>
        public SourceLocation? GetSourceLocation() => Location;

        /// <summary>metadata.labels: label key to value.</summary>
        public Hashtable Labels
        {
            get => ResourceValues.ToHashtable(LabelMap);
            set => LabelMap = ResourceValues.ToStringMap(value);
        }

        /// <summary>Where it was read, as file:line:column.</summary>
        public string? Source => Location?.ToString();

        public string? SourcePath
        {
            get => Location?.Path;
            set => Location = value == null ? null : new SourceLocation(value, Location?.Line ?? 0, Location?.Column ?? 0);
        }

        public int SourceLine
        {
            get => Location?.Line ?? 0;
            set => Location = new SourceLocation(Location?.Path, value, 0);
        }

        public override string? ToString() => Name;

        /// <summary>
        /// For the module's table views (the Role, User and App columns that list values): each value cut to
        /// Limits.OutputListItemChars with how long it was, joined with <paramref name="separator"/> (null is empty, a
        /// single string one value), so a megabyte value is not joined and formatted whole for a column the line cuts.
        /// </summary>
        public static string ShownValues(string separator, object? values) => ListText.JoinItems(separator, values);
    }

    /// <summary>A Teleport role, reduced to what MCP access uses. Type name TeleportMcp.Role.</summary>
    public sealed class Role : TeleportResource
    {
        internal override string Kind => "role";

        internal Engine.Resources.RoleConditions Allow { get; set; } = new Engine.Resources.RoleConditions();
        internal Engine.Resources.RoleConditions Deny { get; set; } = new Engine.Resources.RoleConditions();

        internal override TeleportResource CopyForInput()
        {
            var copy = (Role)MemberwiseClone();
            copy.Allow = Allow.Copy();
            copy.Deny = Deny.Copy();
            return copy;
        }

        /// <summary>spec.allow.mcp.tools as written; null when the role has no such list.</summary>
        public List<string>? AllowMcpTools
        {
            get => Allow.McpTools;
            set => Allow.SetMcpTools(value);
        }

        public List<string>? DenyMcpTools
        {
            get => Deny.McpTools;
            set => Deny.SetMcpTools(value);
        }

        /// <summary>spec.allow.app_labels: label key to its allowed values (string[]); null when not set.</summary>
        public Hashtable? AllowAppLabels
        {
            get => ResourceValues.ToHashtable(Allow.AppLabels);
            set => Allow.AppLabels = ResourceValues.ToSelector(value);
        }

        public string? AllowAppLabelsExpression
        {
            get => Allow.AppLabelsExpression;
            set => Allow.AppLabelsExpression = value;
        }

        public Hashtable? DenyAppLabels
        {
            get => ResourceValues.ToHashtable(Deny.AppLabels);
            set => Deny.AppLabels = ResourceValues.ToSelector(value);
        }

        public string? DenyAppLabelsExpression
        {
            get => Deny.AppLabelsExpression;
            set => Deny.AppLabelsExpression = value;
        }

        /// <summary>spec.allow.app_resources (role v9): each rule as the fields it sets, comma-separated ("allow_all"); null when not set.</summary>
        public List<string>? AllowAppResources
        {
            get => Allow.AppResources;
            set => Allow.AppResources = value;
        }

        public List<string>? AllowAppResourcesExpressions
        {
            get => Allow.AppResourcesExpressions;
            set => Allow.AppResourcesExpressions = value;
        }

        public List<string>? DenyAppResources
        {
            get => Deny.AppResources;
            set => Deny.AppResources = value;
        }

        public List<string>? DenyAppResourcesExpressions
        {
            get => Deny.AppResourcesExpressions;
            set => Deny.AppResourcesExpressions = value;
        }

        public string? Description { get; set; }
    }

    /// <summary>A Teleport user. Type name TeleportMcp.User.</summary>
    public sealed class User : TeleportResource
    {
        internal const string McpToolsTrait = "mcp_tools";

        internal override string Kind => "user";

        public List<string> Roles { get; set; } = new List<string>();

        /// <summary>spec.traits in file order. Values keep empty strings: interpolation decides what they mean.</summary>
        internal Dictionary<string, List<string>> TraitMap { get; set; } = new Dictionary<string, List<string>>();

        internal List<string> TraitOrder { get; set; } = new List<string>();

        /// <summary>
        /// Every trait: name to values (string[]), as output may show them: every value of a trait whose name is a
        /// secret's (api_token, db_password) masked, the others redacted by the rules (Redactor.RedactNamedValue). The
        /// engine reads the real values (TraitMap), so showing a user never changes what its traits decide.
        /// </summary>
        [AllowNull] public Hashtable Traits
        {
            get
            {
                var h = new Hashtable();
                foreach (var name in TraitOrder) h[Engine.Output.OutputText.Safe(name)] = Engine.Output.Redactor.RedactNamedValues(name, TraitMap[name]);
                return h;
            }
            set
            {
                TraitMap = new Dictionary<string, List<string>>();
                TraitOrder = new List<string>();
                if (value == null) return;
                foreach (DictionaryEntry e in value)
                {
                    var key = e.Key?.ToString();
                    if (key == null) continue;
                    SetTrait(key, ResourceValues.ToStringList(e.Value));
                }
            }
        }

        /// <summary>The mcp_tools trait; null when the user has none.</summary>
        public List<string>? McpTools
        {
            get => TraitMap.TryGetValue(McpToolsTrait, out var tools) ? tools : null;
            set
            {
                if (value == null)
                {
                    TraitMap.Remove(McpToolsTrait);
                    TraitOrder.Remove(McpToolsTrait);
                }
                else SetTrait(McpToolsTrait, value);
            }
        }

        internal void SetTrait(string name, List<string> values)
        {
            if (!TraitMap.ContainsKey(name)) TraitOrder.Add(name);
            TraitMap[name] = values;
        }
    }

    /// <summary>The transport of an MCP app (api/types/app.go); None for an app that is not an MCP server.</summary>
    public enum McpTransport
    {
        None = 0,
        Stdio,
        Http,
        Sse,
    }

    /// <summary>Where an app definition came from.</summary>
    public enum AppOrigin
    {
        /// <summary>An app resource (kind: app, tctl get apps).</summary>
        App = 0,
        /// <summary>An app_server heartbeat: the app as one App Service host serves it.</summary>
        AppServer,
        /// <summary>A static entry in app_service.apps of a teleport.yaml.</summary>
        TeleportYaml,
        /// <summary>app_service.mcp_demo_server: the demo MCP server built into the App Service.</summary>
        McpDemoServer,
    }

    /// <summary>A Teleport application, MCP or not. Type name TeleportMcp.App.</summary>
    public sealed class App : TeleportResource
    {
        internal override string Kind => "app";

        public string Uri { get; set; } = "";

        private McpTransport? _transport;

        /// <summary>
        /// Stdio, Http or Sse; None when the app is not an MCP server. Unless set, it follows from the URI and the
        /// command the way Teleport tells it (a hand-made or deserialized app may carry only those).
        /// </summary>
        public McpTransport Transport
        {
            get => _transport ?? Engine.Resources.McpTransportRules.FromUri(Uri, !string.IsNullOrEmpty(Command));
            set => _transport = value;
        }

        public bool IsMcp => Transport != McpTransport.None;

        /// <summary>spec.dynamic_labels: key to the command that produces it. Offline its result is unknown.</summary>
        internal Dictionary<string, string> DynamicLabelMap { get; set; } = new Dictionary<string, string>();

        /// <summary>Dynamic labels: key to the command that produces the value (unknown offline).</summary>
        public Hashtable DynamicLabels
        {
            get => ResourceValues.ToHashtable(DynamicLabelMap);
            set => DynamicLabelMap = ResourceValues.ToStringMap(value);
        }

        /// <summary>spec.dynamic_labels.*.result when the input carries it (tctl get apps): the value Teleport matches (2:G16).</summary>
        internal Dictionary<string, string> DynamicLabelResultMap { get; set; } = new Dictionary<string, string>();

        /// <summary>Current results of dynamic labels when the input carries them; Teleport matches these values.</summary>
        public Hashtable DynamicLabelResults
        {
            get => ResourceValues.ToHashtable(DynamicLabelResultMap);
            set => DynamicLabelResultMap = ResourceValues.ToStringMap(value);
        }

        public bool HasMcpSpec { get; set; }

        /// <summary>A teleport.yaml entry's cloud ("cloud: AWS"); null when it sets none. Teleport gives it cloud://&lt;cloud&gt; as its URI.</summary>
        internal string? Cloud { get; set; }

        internal SourceLocation? CloudLocation { get; set; }

        /// <summary>
        /// A teleport.yaml entry's first label key Teleport refuses (labels, then commands[].name), in Teleport's words, at
        /// the key; null when every key is one Teleport takes.
        /// </summary>
        internal Engine.Resources.LabelKeyRefusal? LabelKeyRefusal { get; set; }

        /// <summary>
        /// spec.llm (an app resource) or llm (a teleport.yaml entry) is a mapping: an LLM inference endpoint, which the App
        /// Service serves as an HTTP app (lib/srv/app/connections_handler.go @0009d93e handleConnection, serveHTTP IsLLM), not an MCP server.
        /// </summary>
        internal bool HasLlmSpec { get; set; }
        public string? Command { get; set; }
        /// <summary>spec.mcp.args; shown redacted as a list ("--api-key", "X" hides X), the engine starts the real ones.</summary>
        [Engine.Output.ArgumentList] public List<string> Args { get; set; } = new List<string>();
        public string? RunAsHostUser { get; set; }
        public string? Description { get; set; }
        public string? PublicAddr { get; set; }

        /// <summary>Where the definition came from.</summary>
        public AppOrigin Origin { get; set; } = AppOrigin.App;

        /// <summary>For an app_server heartbeat: spec.hostname and spec.host_id of the agent that published it (2:S7).</summary>
        public string? ServerHostName { get; set; }
        public string? ServerHostId { get; set; }

        /// <summary>For an app_server heartbeat: spec.version, the Teleport release of that agent (AppServerV3.GetTeleportVersion).</summary>
        public string? ServerVersion { get; set; }

        /// <summary>From tsh mcp ls --format json: the tools the user may call, and the denied ones (null when absent).</summary>
        public List<string>? PermittedTools { get; set; }
        public List<string>? DeniedTools { get; set; }

        /// <summary>spec.rewrite (teleport.yaml: rewrite): headers, credentials masked wherever printed; null when absent.</summary>
        public AppRewrite? Rewrite { get; set; }

        /// <summary>spec.insecure_skip_verify: the App Service accepts any upstream certificate (lib/srv/mcp/sse.go makeHTTPTransport).</summary>
        public bool InsecureSkipVerify { get; set; }

        /// <summary>
        /// spec.tls.mode of newer releases (null when the app has no tls block): how the App Service verifies the upstream
        /// (lib/services/app.go validateAppTLS, which calls insecure_skip_verify deprecated).
        /// </summary>
        public string? TlsMode { get; set; }

        /// <summary>spec.tls.server_name, server_spiffe_id, allowed_cas and client_cert_mode (null when absent).</summary>
        public string? TlsServerName { get; set; }
        public string? TlsServerSpiffeId { get; set; }
        public List<string>? TlsAllowedCas { get; set; }
        public string? TlsClientCertMode { get; set; }

        /// <summary>The command and its arguments, redacted as a list: for display only.</summary>
        public string? CommandLine => Engine.Output.Redactor.RedactCommandLine(Command, Args);

        /// <summary>An MCP server known only by its labels (Test-TeleportMcpRole -AppLabels).</summary>
        public static App FromLabels(string? name, IDictionary? labels) =>
            new App { Name = name, LabelMap = ResourceValues.ToStringMap(labels), DescribedByLabels = true };

        /// <summary>Made by <see cref="FromLabels"/>: no URI says it is an MCP server, the caller does.</summary>
        internal bool DescribedByLabels { get; private set; }
    }

    /// <summary>rewrite: the headers the App Service sets on every upstream request, and the JWT's claims (2:H2, 2:H7). Type name TeleportMcp.AppRewrite.</summary>
    public sealed class AppRewrite
    {
        public List<RewriteHeader> Headers { get; } = new List<RewriteHeader>();

        /// <summary>jwt_claims as written ("" when absent: roles-and-traits).</summary>
        public string JwtClaims { get; set; } = "";
        public Engine.Common.SourceLocation? JwtClaimsLocation { get; set; }

        public override string ToString() => string.Join("; ", Headers.Select(h => h.Display)) + (JwtClaims.Length > 0 ? " (jwt_claims: " + JwtClaims + ")" : "");
    }

    /// <summary>
    /// One rewrite.headers entry. Type name TeleportMcp.RewriteHeader. Every public property is safe to print: Value is
    /// masked where it holds a credential; the probe reads the real value through RealValue().
    /// </summary>
    public sealed class RewriteHeader
    {
        private string? _value;
        private string? _raw;

        public RewriteHeader(string? name, string? value)
        {
            Name = name;
            _value = value;
        }

        internal static RewriteHeader FromRaw(string raw, Engine.Common.SourceLocation? location) =>
            new RewriteHeader(null, null) { _raw = raw, Form = "string", Location = location };

        public string? Name { get; internal set; }

        /// <summary>The value as written, with a credential masked ("Bearer ***"); templates stay readable.</summary>
        public string? Value => _value == null ? null : Engine.Output.ControlCharacters.Escape(Engine.Output.Redactor.RedactHeaderValue(Name, _value));

        /// <summary>"string" ("Name: value" in teleport.yaml) or "map" ({name, value} in the app resource).</summary>
        public string Form { get; internal set; } = "map";

        /// <summary>Why Teleport would refuse the entry when it loads the app (2:H3), in Teleport's words; null when it parses.</summary>
        public string? ParseError { get; internal set; }
        public Engine.Common.SourceLocation? Location { get; internal set; }

        /// <summary>True when the value came from a printed (masked) copy of the app, so the real value is not known.</summary>
        public bool IsMasked { get; internal set; }

        /// <summary>The value to send: only the probe reads it.</summary>
        public string? RealValue() => _value;

        /// <summary>A teleport.yaml "Name: value" entry as written, when it did not parse into a name and value.</summary>
        internal string? Raw => _raw;

        internal void SetParsed(string name, string value)
        {
            Name = name;
            _value = value;
        }

        /// <summary>An entry rebuilt from its printed form ("Name: value"); a masked value is marked so the probe never sends the mask.</summary>
        public static RewriteHeader FromDisplay(string? display)
        {
            var h = Engine.Resources.HeaderRules.ParseStringForm(display ?? "", null);
            h.IsMasked = (display ?? "").Contains(Engine.Output.Redactor.HeaderMask) || (display ?? "").Contains(Engine.Output.Redactor.Mask);
            return h;
        }

        /// <summary>"Name: value" with any secret in the value masked.</summary>
        /// <remarks>Computed on every read, so the output boundary cannot rewrite it: it is escaped here.</remarks>
        public string Display => Engine.Output.ControlCharacters.Escape(Name == null ? Engine.Output.Redactor.RedactHeader(_raw ?? "", null) : Engine.Output.Redactor.RedactHeader(Name, _value ?? ""));

        public override string ToString() => Display;
    }

    /// <summary>Conversions between the engine's typed maps and the Hashtable/array shapes of the public properties.</summary>
    internal static class ResourceValues
    {
        public static Hashtable ToHashtable(Dictionary<string, string>? d)
        {
            var h = new Hashtable();
            if (d != null) foreach (var kv in d) h[kv.Key] = kv.Value;
            return h;
        }

        public static Hashtable? ToHashtable(Engine.Resources.LabelSelector? s)
        {
            if (s == null) return null;
            var h = new Hashtable();
            foreach (var e in s.Entries) h[e.Key] = e.Value.ToArray();
            return h;
        }

        public static Engine.Resources.LabelSelector? ToSelector(IDictionary? h)
        {
            if (h == null) return null;
            var s = new Engine.Resources.LabelSelector();
            foreach (DictionaryEntry e in h)
            {
                if (e.Key == null) continue;
                s.Add(e.Key.ToString(), ToStringList(e.Value));
            }
            return s;
        }

        public static Dictionary<string, string> ToStringMap(IDictionary? h)
        {
            var d = new Dictionary<string, string>();
            if (h == null) return d;
            foreach (DictionaryEntry e in h)
            {
                if (e.Key == null) continue;
                d[e.Key.ToString()] = e.Value?.ToString() ?? "";
            }
            return d;
        }

        /// <summary>A value that is a string or a list (an array, a deserialized ArrayList), as a list of strings.</summary>
        public static List<string> ToStringList(object? value)
        {
            var list = new List<string>();
            if (value == null) return list;
            if (value is string s)
            {
                list.Add(s);
                return list;
            }
            if (value is IEnumerable e)
            {
                foreach (var item in e) list.Add(item?.ToString() ?? "");
                return list;
            }
            list.Add(value.ToString());
            return list;
        }
    }
}

namespace TeleportMcp.Engine.Resources
{
    /// <summary>A label selector as written: each key maps to one or more values (YAML allows a string or a list).</summary>
    public sealed class LabelSelector
    {
        public List<KeyValuePair<string, List<string>>> Entries { get; } = new List<KeyValuePair<string, List<string>>>();

        public void Add(string key, IEnumerable<string> values) =>
            Entries.Add(new KeyValuePair<string, List<string>>(key, new List<string>(values)));

        /// <summary>Where each value was written, parallel to <see cref="Entries"/> (empty for a selector built in code).</summary>
        internal List<List<SourceLocation>> ValueLocations { get; } = new List<List<SourceLocation>>();

        internal void Add(string key, List<string> values, List<SourceLocation> locations)
        {
            while (ValueLocations.Count < Entries.Count) ValueLocations.Add(new List<SourceLocation>());
            Add(key, values);
            ValueLocations.Add(locations);
        }

        /// <summary>Where value <paramref name="value"/> of entry <paramref name="entry"/> was written; null when not known.</summary>
        internal SourceLocation? LocationOf(int entry, int value) =>
            entry < ValueLocations.Count && value < ValueLocations[entry].Count ? ValueLocations[entry][value] : null;

        public int Count => Entries.Count;

        public static LabelSelector Wildcard()
        {
            var s = new LabelSelector();
            s.Add("*", new[] { "*" });
            return s;
        }

        public override string ToString()
        {
            var parts = new List<string>();
            foreach (var e in Entries) parts.Add(e.Key + ": " + (e.Value.Count == 1 ? e.Value[0] : "[" + string.Join(", ", e.Value) + "]"));
            return "{" + string.Join(", ", parts) + "}";
        }
    }

    /// <summary>One side (allow or deny) of a role, limited to what MCP access uses.</summary>
    public sealed class RoleConditions
    {
        /// <summary>app_labels as written; null when the key is absent.</summary>
        public LabelSelector? AppLabels { get; set; }

        /// <summary>app_labels_expression; null when absent.</summary>
        public string? AppLabelsExpression { get; set; }

        /// <summary>Where app_labels_expression was written; null when not read from a file.</summary>
        internal SourceLocation? AppLabelsExpressionLocation { get; set; }

        /// <summary>mcp.tools as written; null when the role has no mcp block or no tools key.</summary>
        public List<string>? McpTools { get; set; }

        /// <summary>Where each mcp.tools entry was written, parallel to McpTools.</summary>
        public List<SourceLocation> McpToolLocations { get; set; } = new List<SourceLocation>();

        /// <summary>Where mcp.tools entry <paramref name="index"/> was written; null when not known.</summary>
        internal SourceLocation? McpToolLocation(int index) => McpToolLocations != null && index < McpToolLocations.Count ? McpToolLocations[index] : null;

        /// <summary>namespaces as written; Teleport defaults both sides to ["default"] (api/types/role.go).</summary>
        public List<string>? Namespaces { get; set; }

        public bool HasMcpBlock { get; set; }

        /// <summary>
        /// app_resources (role v9): each rule as the fields it sets, comma-separated in file order ("allow_all" for the
        /// allow-everything rule, "" for a blank rule); null when the key is absent.
        /// </summary>
        public List<string>? AppResources { get; set; }

        /// <summary>app_resources_expressions (role v9) as written; null when absent.</summary>
        public List<string>? AppResourcesExpressions { get; set; }

        /// <summary>Where app_resources was written; null when not read from a file.</summary>
        internal SourceLocation? AppResourcesLocation { get; set; }

        internal bool HasAppResourceRules => (AppResources != null && AppResources.Count > 0) || (AppResourcesExpressions != null && AppResourcesExpressions.Count > 0);

        /// <summary>A copy with its own lists (the selector and locations are not changed in place, so they are shared).</summary>
        internal RoleConditions Copy()
        {
            var copy = (RoleConditions)MemberwiseClone();
            copy.McpTools = McpTools == null ? null : new List<string>(McpTools);
            copy.McpToolLocations = McpToolLocations == null ? new List<SourceLocation>() : new List<SourceLocation>(McpToolLocations);
            copy.Namespaces = Namespaces == null ? null : new List<string>(Namespaces);
            copy.AppResources = AppResources == null ? null : new List<string>(AppResources);
            copy.AppResourcesExpressions = AppResourcesExpressions == null ? null : new List<string>(AppResourcesExpressions);
            return copy;
        }

        /// <summary>A list set from outside the reader: no per-entry locations.</summary>
        internal void SetMcpTools(List<string>? tools)
        {
            McpTools = tools;
            HasMcpBlock = tools != null;
            McpToolLocations = new List<SourceLocation>();
        }
    }
}
