namespace TeleportMcp
{
    /// <summary>A role entry that decided: the role, the field, the entry as written and after trait interpolation. Type name TeleportMcp.RoleEntry.</summary>
    public sealed class RoleEntry
    {
        public string Role { get; set; }
        public string Field { get; set; }
        public string Written { get; set; }
        public string Effective { get; set; }

        public override string ToString() =>
            Role + " " + Field + " '" + Effective + "'" + (Written != null && Written != Effective ? " (written '" + Written + "')" : "");
    }

    /// <summary>A role entry Teleport drops during trait interpolation, and why. Type name TeleportMcp.DroppedEntry.</summary>
    public sealed class DroppedEntry
    {
        public string Role { get; set; }
        public string Field { get; set; }
        public string Entry { get; set; }
        public string Reason { get; set; }

        /// <summary>True when Teleport drops it without logging anything (missing or empty trait).</summary>
        public bool Silent { get; set; }

        /// <summary>The trait read, when a missing or empty trait is the cause.</summary>
        public string Trait { get; set; }

        public override string ToString() => Role + " " + Field + " '" + Entry + "': " + Reason;
    }

    /// <summary>Teleport's decision for one user, MCP server and tool. Type name TeleportMcp.ToolAccess.</summary>
    public sealed class ToolAccess
    {
        public string User { get; set; }
        public string App { get; set; }
        public string Tool { get; set; }
        public bool Allowed { get; set; }

        /// <summary>Allowed, Denied, NotGranted, AppNotAccessible, Error or Indeterminate.</summary>
        public string Decision { get; set; }

        /// <summary>One sentence an administrator can act on.</summary>
        public string Reason { get; set; }
        public RoleEntry[] AllowedBy { get; set; }
        public RoleEntry[] DeniedBy { get; set; }
        public DroppedEntry[] DroppedEntries { get; set; }
        public string[] Notes { get; set; }

        public override string ToString() => User + " " + App + " " + Tool + ": " + Decision;
    }

    /// <summary>What a user may do on one MCP server, without naming tools. Type name TeleportMcp.McpAccessSummary.</summary>
    public sealed class McpAccessSummary
    {
        public string User { get; set; }
        public string App { get; set; }

        /// <summary>Whether the connect check passes (a role selects the app and no role's deny labels do).</summary>
        public bool AppAccessible { get; set; }

        /// <summary>All, None, Limited or Indeterminate.</summary>
        public string Scope { get; set; }

        /// <summary>Effective allow.mcp.tools entries (after interpolation) of the roles that select the app.</summary>
        public string[] AllowedTools { get; set; }

        /// <summary>Effective deny.mcp.tools entries of all the user's roles (they apply on every MCP server).</summary>
        public string[] DeniedTools { get; set; }
        public RoleEntry[] Allow { get; set; }
        public RoleEntry[] Deny { get; set; }
        public DroppedEntry[] DroppedEntries { get; set; }
        public string Reason { get; set; }
        public string[] Notes { get; set; }

        public override string ToString() => User + " " + App + ": " + Scope;
    }

    /// <summary>A lint finding about a role. Type name TeleportMcp.RoleLintFinding.</summary>
    public sealed class RoleLintFinding
    {
        /// <summary>Stable id, TMCP001...</summary>
        public string Id { get; set; }

        /// <summary>Error, Warning or Information.</summary>
        public string Severity { get; set; }
        public string Role { get; set; }
        public string Field { get; set; }
        public string Entry { get; set; }
        public string Message { get; set; }
        public string Fix { get; set; }
        public string Source { get; set; }

        public override string ToString() => Id + " " + Role + ": " + Message;
    }
}
