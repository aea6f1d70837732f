using System.Collections;
using System.Linq;

namespace TeleportMcp
{
    /// <summary>A Teleport role, reduced to what MCP access uses. Type name TeleportMcp.Role.</summary>
    public sealed class Role
    {
        public string Name { get; set; }
        public string Version { get; set; }

        /// <summary>spec.allow.mcp.tools as written; null when the role has no such list.</summary>
        public string[] AllowMcpTools { get; set; }
        public string[] DenyMcpTools { get; set; }

        /// <summary>spec.allow.app_labels: label key to its allowed values (string[]); null when not set.</summary>
        public Hashtable AllowAppLabels { get; set; }
        public string AllowAppLabelsExpression { get; set; }
        public Hashtable DenyAppLabels { get; set; }
        public string DenyAppLabelsExpression { get; set; }
        public Hashtable Labels { get; set; }
        public string Description { get; set; }

        /// <summary>Where it was read, as file:line:column.</summary>
        public string Source { get; set; }
        public string SourcePath { get; set; }
        public int SourceLine { get; set; }

        public override string ToString() => Name;
    }

    /// <summary>A Teleport user. Type name TeleportMcp.User.</summary>
    public sealed class User
    {
        public string Name { get; set; }
        public string[] Roles { get; set; }

        /// <summary>Every trait: name to values (string[]).</summary>
        public Hashtable Traits { get; set; }

        /// <summary>The mcp_tools trait; null when the user has none.</summary>
        public string[] McpTools { get; set; }

        public string Source { get; set; }
        public string SourcePath { get; set; }
        public int SourceLine { get; set; }

        public override string ToString() => Name;
    }

    /// <summary>A Teleport application, MCP or not. Type name TeleportMcp.App.</summary>
    public sealed class App
    {
        public string Name { get; set; }
        public string Uri { get; set; }

        /// <summary>stdio, http or sse; empty when the app is not an MCP server.</summary>
        public string Transport { get; set; }
        public bool IsMcp { get; set; }
        public Hashtable Labels { get; set; }

        /// <summary>Dynamic labels: key to the command that produces the value (unknown offline).</summary>
        public Hashtable DynamicLabels { get; set; }
        public bool HasMcpSpec { get; set; }
        public string Command { get; set; }
        public string[] Args { get; set; }
        public string RunAsHostUser { get; set; }
        public string Description { get; set; }

        /// <summary>app, app_server, teleport.yaml or mcp_demo_server.</summary>
        public string Origin { get; set; }

        /// <summary>From tsh mcp ls --format json: the tools the user may call, and the denied ones.</summary>
        public string[] PermittedTools { get; set; }
        public string[] DeniedTools { get; set; }

        /// <summary>rewrite.headers as "Name: value", credentials masked ("Authorization: Bearer ***"); null when absent.</summary>
        public string[] RewriteHeaders { get; set; }

        /// <summary>rewrite.jwt_claims as written; null when there is no rewrite.</summary>
        public string JwtClaims { get; set; }

        // The engine's rewrite with the real header values (only the probe reads them); typed object so that no engine
        // type is part of this class.
        internal object RewriteDefinition;

        /// <summary>insecure_skip_verify: the App Service accepts any certificate from the upstream server.</summary>
        public bool InsecureSkipVerify { get; set; }

        public string Source { get; set; }
        public string SourcePath { get; set; }
        public int SourceLine { get; set; }

        public string CommandLine => Command == null ? null : string.Join(" ", new[] { Command }.Concat(Args ?? new string[0]));

        public override string ToString() => Name;
    }
}
