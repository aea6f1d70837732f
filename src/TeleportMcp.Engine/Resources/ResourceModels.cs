using System.Collections.Generic;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;

namespace TeleportMcp.Engine.Resources
{
    public abstract class TeleportResource
    {
        public abstract string Kind { get; }
        public string Name { get; set; }
        public string Version { get; set; }
        public SourceLocation Source { get; set; }

        /// <summary>metadata.labels (for an app: the static labels; see AppDefinition.DynamicLabels).</summary>
        public Dictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();
    }

    /// <summary>A label selector as written: each key maps to one or more values (YAML allows a string or a list).</summary>
    public sealed class LabelSelector
    {
        public List<KeyValuePair<string, List<string>>> Entries { get; } = new List<KeyValuePair<string, List<string>>>();

        public void Add(string key, IEnumerable<string> values) =>
            Entries.Add(new KeyValuePair<string, List<string>>(key, new List<string>(values)));

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
        public LabelSelector AppLabels { get; set; }

        /// <summary>app_labels_expression; null when absent.</summary>
        public string AppLabelsExpression { get; set; }

        /// <summary>mcp.tools as written; null when the role has no mcp block or no tools key.</summary>
        public List<string> McpTools { get; set; }

        /// <summary>Where each mcp.tools entry was written, parallel to McpTools.</summary>
        public List<SourceLocation> McpToolLocations { get; set; } = new List<SourceLocation>();

        /// <summary>namespaces as written; Teleport defaults both sides to ["default"] (api/types/role.go).</summary>
        public List<string> Namespaces { get; set; }

        public bool HasMcpBlock { get; set; }
    }

    public sealed class RoleDefinition : TeleportResource
    {
        public override string Kind => "role";
        public RoleConditions Allow { get; set; } = new RoleConditions();
        public RoleConditions Deny { get; set; } = new RoleConditions();
        public string Description { get; set; }
    }

    public sealed class UserDefinition : TeleportResource
    {
        public override string Kind => "user";
        public List<string> Roles { get; set; } = new List<string>();

        /// <summary>spec.traits in file order. Values keep empty strings: interpolation decides what they mean.</summary>
        public Dictionary<string, List<string>> Traits { get; set; } = new Dictionary<string, List<string>>();

        public List<string> TraitOrder { get; set; } = new List<string>();
    }

    public enum McpTransport
    {
        None = 0,
        Stdio,
        Http,
        Sse,
    }

    public sealed class AppDefinition : TeleportResource
    {
        public override string Kind => "app";
        public string Uri { get; set; }
        public string Description { get; set; }
        public string PublicAddr { get; set; }

        /// <summary>spec.dynamic_labels: key to the command that produces it. Offline its result is unknown.</summary>
        public Dictionary<string, string> DynamicLabels { get; set; } = new Dictionary<string, string>();

        public bool HasMcpSpec { get; set; }
        public string Command { get; set; }
        public List<string> Args { get; set; } = new List<string>();
        public string RunAsHostUser { get; set; }
        public McpTransport Transport { get; set; }

        /// <summary>Where the definition came from: "app", "app_server", "teleport.yaml" or "mcp_demo_server".</summary>
        public string Origin { get; set; } = "app";

        /// <summary>From tsh mcp ls --format json: permissions.mcp.tools.allowed/denied (null when absent).</summary>
        public List<string> PermittedTools { get; set; }
        public List<string> DeniedTools { get; set; }

        /// <summary>spec.rewrite (teleport.yaml: rewrite); null when absent.</summary>
        public AppRewrite Rewrite { get; set; }

        /// <summary>spec.insecure_skip_verify: the App Service accepts any upstream certificate (lib/srv/mcp/sse.go makeHTTPTransport).</summary>
        public bool InsecureSkipVerify { get; set; }
    }

    /// <summary>rewrite: the headers the App Service sets on every upstream request, and the JWT's claims (2:H2, 2:H7).</summary>
    public sealed class AppRewrite
    {
        public List<RewriteHeader> Headers { get; } = new List<RewriteHeader>();

        /// <summary>jwt_claims as written ("" when absent: roles-and-traits).</summary>
        public string JwtClaims { get; set; } = "";
        public SourceLocation JwtClaimsLocation { get; set; }
    }

    /// <summary>
    /// One rewrite.headers entry. Every public property is safe to print: Value is masked where it holds a credential;
    /// the probe reads the real value through RealValue().
    /// </summary>
    public sealed class RewriteHeader
    {
        private string _value;
        private string _raw;

        public RewriteHeader(string name, string value)
        {
            Name = name;
            _value = value;
        }

        internal static RewriteHeader FromRaw(string raw, SourceLocation location) =>
            new RewriteHeader(null, null) { _raw = raw, Form = "string", Location = location };

        public string Name { get; internal set; }

        /// <summary>The value as written, with a credential masked ("Bearer ***"); templates stay readable.</summary>
        public string Value => _value == null ? null : Redactor.RedactHeaderValue(Name, _value);

        /// <summary>"string" ("Name: value" in teleport.yaml) or "map" ({name, value} in the app resource).</summary>
        public string Form { get; internal set; } = "map";

        /// <summary>Why Teleport would refuse the entry when it loads the app (2:H3), in Teleport's words; null when it parses.</summary>
        public string ParseError { get; internal set; }
        public SourceLocation Location { get; internal set; }

        /// <summary>The value to send: only the probe reads it.</summary>
        public string RealValue() => _value;

        internal void SetParsed(string name, string value)
        {
            Name = name;
            _value = value;
        }

        internal string RawText => _raw;

        /// <summary>True when the value came from a printed (masked) copy of the app, so the real value is not known.</summary>
        public bool IsMasked { get; internal set; }

        /// <summary>
        /// An entry rebuilt from its printed form ("Name: value" as Display shows it, e.g. from a deserialized object);
        /// a masked value is marked so that the probe never sends the mask as a credential.
        /// </summary>
        public static RewriteHeader FromDisplay(string display)
        {
            var h = HeaderRules.ParseStringForm(display ?? "", null);
            h.IsMasked = (display ?? "").Contains(Redactor.HeaderMask);
            return h;
        }

        /// <summary>"Name: value" with any secret in the value masked.</summary>
        public string Display => Name == null ? Redactor.RedactHeader(_raw ?? "", null) : Redactor.RedactHeader(Name, _value ?? "");

        public override string ToString() => Display;
    }
}
