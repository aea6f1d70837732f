using System.Collections.Generic;
using TeleportMcp.Engine.Common;

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

        /// <summary>spec.dynamic_labels.*.result when the resource carries it (tctl get output): the value Teleport matches.</summary>
        public Dictionary<string, string> DynamicLabelResults { get; set; } = new Dictionary<string, string>();

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
    }
}
