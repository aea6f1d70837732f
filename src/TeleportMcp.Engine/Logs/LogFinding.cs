using System;

namespace TeleportMcp
{
    /// <summary>A known MCP failure found in a log record. Type name TeleportMcp.Finding.</summary>
    public sealed class Finding
    {
        /// <summary>Stable catalog id, e.g. TMCP-LOG-002.</summary>
        public string? Id { get; set; }
        public Severity Severity { get; set; }
        public string? Title { get; set; }
        public string? Cause { get; set; }
        /// <summary>The next step, with the app, user and command from the log filled in.</summary>
        public string? Fix { get; set; }
        /// <summary>The file the line is in, or "pipeline".</summary>
        public string? Source { get; set; }
        /// <summary>1-based line of the record's first (stamped) line.</summary>
        public long LineNumber { get; set; }
        /// <summary>The time the line carries (UTC when the log gives a zone); null when it carries none.</summary>
        public DateTime? Time { get; set; }
        public string? App { get; set; }
        public string? User { get; set; }
        /// <summary>The host user of a stdio app (run_as_host_user), when the log names it.</summary>
        public string? HostUser { get; set; }
        public string? Command { get; set; }
        /// <summary>The tool of a denied or failed tools/call, when the source names it (audit events).</summary>
        public string? Tool { get; set; }
        /// <summary>Teleport's session id, when the source names it (audit events).</summary>
        public string? SessionId { get; set; }
        /// <summary>The line, plus the error lines of its ERROR REPORT or the stderr lines after it; secrets redacted.</summary>
        public string? Evidence { get; set; }
        /// <summary>The kind of log the line came from: teleport, tsh, claude-desktop, vscode, cursor, claude-code or plain.</summary>
        public string? LogFormat { get; set; }
        /// <summary>Documentation link for the failure.</summary>
        public string? HelpUri { get; set; }

        /// <summary>The app_auth_config an app_auth_config verify event names; null for other findings.</summary>
        public string? AppAuthConfig { get; set; }

        /// <summary>The config's setting the failure is about (the audit catalog's config_field); null when none.</summary>
        public string? AppAuthConfigField { get; set; }

        public override string ToString() => Id + " " + Title;
    }

    /// <summary>Findings of one id, app, user and tool, counted. Type name TeleportMcp.FindingSummary.</summary>
    public sealed class FindingSummary
    {
        public string? Id { get; set; }
        public Severity Severity { get; set; }
        public string? Title { get; set; }
        public string? App { get; set; }
        public string? User { get; set; }
        public string? Tool { get; set; }
        public int Count { get; set; }
        public DateTime? FirstSeen { get; set; }
        public DateTime? LastSeen { get; set; }
        public string? Fix { get; set; }
        /// <summary>The files (or "pipeline") the findings came from.</summary>
        public string[]? Sources { get; set; }

        public override string ToString() => Id + " x" + Count;
    }
}
