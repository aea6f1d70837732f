using System.Collections.Generic;

namespace TeleportMcp.Engine.Rbac
{
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

    /// <summary>An entry that decided: the role, the entry as written, and after interpolation.</summary>
    public sealed class EntryRef
    {
        public string Role;
        /// <summary>allow.mcp.tools, deny.mcp.tools, allow.app_labels, deny.app_labels_expression, ...</summary>
        public string Field;
        public string Written;
        public string Effective;

        public override string ToString() =>
            Role + " " + Field + " " + Common.GoText.Quote(Written) + (Effective != null && Effective != Written ? " -> " + Common.GoText.Quote(Effective) : "");
    }

    /// <summary>A role entry that Teleport drops during trait interpolation, and why.</summary>
    public sealed class DroppedEntry
    {
        public string Role;
        public string Field;
        public string Entry;
        public string Reason;
        /// <summary>True when Teleport drops it without any log line (missing or empty trait, I8).</summary>
        public bool Silent;
        /// <summary>The trait read, when the cause is a missing or empty trait.</summary>
        public string Trait;

        public override string ToString() => Role + " " + Field + " " + Common.GoText.Quote(Entry) + ": " + Reason;
    }

    public sealed class ToolDecision
    {
        public string User;
        public string App;
        public string Tool;
        public AccessDecision Decision;
        public bool Allowed => Decision == AccessDecision.Allowed;
        public string Reason;
        public List<EntryRef> AllowedBy = new List<EntryRef>();
        public List<EntryRef> DeniedBy = new List<EntryRef>();
        public List<DroppedEntry> Dropped = new List<DroppedEntry>();
        /// <summary>Extra facts (assumptions, roles not given, ...).</summary>
        public List<string> Notes = new List<string>();
    }

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

    public sealed class AccessSummary
    {
        public string User;
        public string App;
        public bool AppAccessible;
        public ToolScope Scope;
        public List<EntryRef> Allow = new List<EntryRef>();
        public List<EntryRef> Deny = new List<EntryRef>();
        public List<DroppedEntry> Dropped = new List<DroppedEntry>();
        public string Reason;
        public List<string> Notes = new List<string>();
    }

    public enum LintSeverity { Error, Warning, Information }

    public sealed class LintFinding
    {
        public string Id;
        public LintSeverity Severity;
        public string Role;
        public string Field;
        public string Entry;
        public string Message;
        public string Fix;
        public string Location;
    }
}
