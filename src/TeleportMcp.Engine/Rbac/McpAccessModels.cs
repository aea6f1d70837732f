using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp
{
    /// <summary>Teleport's answer for one user, MCP server and tool.</summary>
    public enum AccessDecision
    {
        Allowed,
        /// <summary>A deny.mcp.tools entry matched the tool (T2b).</summary>
        Denied,
        /// <summary>The user can reach the app, but no role that selects it grants the tool (T3/T4).</summary>
        NotGranted,
        /// <summary>No role selects the app with allow labels, or a role's deny labels select it (connect check, T7).</summary>
        AppNotAccessible,
        /// <summary>Teleport fails the check with an error (invalid regex, bad label expression: P6).</summary>
        Error,
        /// <summary>The module cannot decide offline; Reason says why.</summary>
        Indeterminate,
    }

    /// <summary>Which tools a user gets on one MCP server.</summary>
    public enum ToolScope
    {
        /// <summary>Every tool: an allow '*' and no deny entry.</summary>
        All,
        /// <summary>No tool at all.</summary>
        None,
        /// <summary>Only tools that match the allow entries and none of the deny entries.</summary>
        Limited,
        /// <summary>Cannot be decided offline.</summary>
        Indeterminate,
    }

    /// <summary>How serious a finding is (role lint, known log errors).</summary>
    public enum Severity
    {
        Error,
        Warning,
        Information,
    }

    /// <summary>A role entry that decided: the role, the field, the entry as written and after trait interpolation. Type name TeleportMcp.RoleEntry.</summary>
    public sealed class RoleEntry
    {
        public string? Role { get; set; }
        /// <summary>allow.mcp.tools, deny.mcp.tools, allow.app_labels, deny.app_labels_expression, ...</summary>
        public string? Field { get; set; }
        public string? Written { get; set; }

        private string? _effective;

        /// <summary>
        /// The entry after trait interpolation, as output shows it: masked when the entry is a template that reads a trait
        /// whose name is a secret's ({{external.api_token}}: Redactor.IsSecretName), like the trait's own values. The
        /// engine decides with <see cref="RealEffective"/>.
        /// </summary>
        public string? Effective
        {
            get => Shown(_effective, Written);
            set => _effective = value;
        }

        /// <summary>The entry after interpolation as Teleport matches it: never written out.</summary>
        internal string? RealEffective => _effective;

        /// <summary>Whether interpolation changed the entry (a template), whatever output shows of it.</summary>
        internal bool Interpolated => _effective != null && _effective != Written;

        /// <summary>A value a template of a role filled in, as output may show it (the one rule for every expanded entry).</summary>
        internal static string? Shown(string? effective, string? written) =>
            effective != null && effective != written && Engine.Rbac.TraitTemplate.ReadsSecretTrait(written) ? Engine.Output.Redactor.Mask : effective;

        public override string ToString() =>
            Role + " " + Field + " " + Engine.Common.GoText.Quote(Written) + (Interpolated ? " -> " + Engine.Common.GoText.Quote(Effective) : "");
    }

    /// <summary>A role entry Teleport drops during trait interpolation, and why. Type name TeleportMcp.DroppedEntry.</summary>
    public sealed class DroppedEntry
    {
        public string? Role { get; set; }
        public string? Field { get; set; }
        public string? Entry { get; set; }
        public string? Reason { get; set; }
        /// <summary>True when Teleport drops it without any log line (missing or empty trait, I8).</summary>
        public bool Silent { get; set; }
        /// <summary>The trait read, when the cause is a missing or empty trait.</summary>
        public string? Trait { get; set; }

        public override string ToString() => Engine.Output.OutputText.Labelled(Role + " " + Field + " " + Engine.Common.GoText.Quote(Entry), Reason);
    }

    /// <summary>
    /// What one App Service serving the app decides for the call: each agent checks calls with its own heartbeat's labels
    /// and with the roles its release gets (lib/srv/mcp/session.go checkAccessToTool; lib/auth MaybeDowngradeRoleVersionToV8
    /// below v19). Type name TeleportMcp.AgentDecision.
    /// </summary>
    public sealed class AgentDecision
    {
        /// <summary>The agent's spec.hostname (else its host_id) in its app_server heartbeat.</summary>
        public string? Host { get; set; }
        /// <summary>The heartbeat's spec.version: the agent's release.</summary>
        public string? Version { get; set; }
        public AccessDecision Decision { get; set; }
        public string? Reason { get; set; }
        /// <summary>Where the heartbeat was read.</summary>
        public string? Source { get; set; }

        /// <summary>"host version: Decision": the text the ToolAccess view lists, which a copy at remoting's depth keeps.</summary>
        public override string ToString() => Engine.Output.OutputText.SafeName(Host) + (string.IsNullOrEmpty(Version) ? "" : " " + Engine.Output.OutputText.SafeName(Version)) + ": " + Decision;
    }

    /// <summary>Teleport's decision for one user, MCP server and tool. Type name TeleportMcp.ToolAccess.</summary>
    public sealed class ToolAccess
    {
        public string? User { get; set; }
        public string? App { get; set; }
        /// <summary>The tool name, as a server listed it (a probe's tools) or as given.</summary>
        [Engine.Output.SingleLineText] public string? Tool { get; set; }
        public bool Allowed => Decision == AccessDecision.Allowed;
        public AccessDecision Decision { get; set; }
        /// <summary>One sentence an administrator can act on.</summary>
        public string? Reason { get; set; }
        public List<RoleEntry> AllowedBy { get; } = new List<RoleEntry>();
        public List<RoleEntry> DeniedBy { get; } = new List<RoleEntry>();
        public List<DroppedEntry> DroppedEntries { get; } = new List<DroppedEntry>();
        /// <summary>Extra facts (assumptions, roles not given, ...).</summary>
        public List<string> Notes { get; } = new List<string>();
        /// <summary>
        /// With the app's app_server heartbeats given: what each agent serving it decides, with its own labels and release
        /// (Teleport picks an agent for each connection). Empty without heartbeats. Decision is the module's answer for the app.
        /// </summary>
        public List<AgentDecision> Agents { get; } = new List<AgentDecision>();

        public override string ToString() => User + " " + App + " " + Tool + ": " + Decision;
    }

    /// <summary>What a user may do on one MCP server, without naming tools. Type name TeleportMcp.McpAccessSummary.</summary>
    public sealed class McpAccessSummary
    {
        public string? User { get; set; }
        public string? App { get; set; }
        /// <summary>Whether the connect check passes (a role selects the app and no role's deny labels do).</summary>
        public bool AppAccessible { get; set; }
        public ToolScope Scope { get; set; }
        /// <summary>
        /// Effective allow.mcp.tools entries (after interpolation) of the roles that select the app, as output shows them
        /// (RoleEntry.Effective: an entry filled from a secret-named trait masked).
        /// </summary>
        public string?[] AllowedTools => Allow.Select(e => e.Effective).Distinct().ToArray();
        /// <summary>Effective deny.mcp.tools entries of all the user's roles (they apply on every MCP server), shown as AllowedTools.</summary>
        public string?[] DeniedTools => Deny.Select(e => e.Effective).Distinct().ToArray();
        public List<RoleEntry> Allow { get; } = new List<RoleEntry>();
        public List<RoleEntry> Deny { get; } = new List<RoleEntry>();
        public List<DroppedEntry> DroppedEntries { get; } = new List<DroppedEntry>();
        public string? Reason { get; set; }
        public List<string> Notes { get; } = new List<string>();

        public override string ToString() => User + " " + App + ": " + Scope;
    }

    /// <summary>A lint finding about a role. Type name TeleportMcp.RoleLintFinding.</summary>
    public sealed class RoleLintFinding
    {
        /// <summary>Stable id, TMCP001...</summary>
        public string? Id { get; set; }
        public Severity Severity { get; set; }
        public string? Role { get; set; }
        public string? Field { get; set; }
        public string? Entry { get; set; }
        public string? Message { get; set; }
        public string? Fix { get; set; }
        /// <summary>file:line:column of the entry (or of the role when the entry has no own position).</summary>
        public string? Source => Location?.ToString();

        /// <summary>Line of the offending entry (1-based; 0 when not read from a file).</summary>
        public int Line => Location?.Line ?? 0;

        /// <summary>Column of the offending entry (1-based; 0 when not known).</summary>
        public int Column => Location?.Column ?? 0;

        internal Engine.Common.SourceLocation? Location { get; set; }

        public override string ToString() => Id + " " + Role + ": " + Message;
    }
}
