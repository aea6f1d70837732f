using System.Collections.Generic;

namespace TeleportMcp
{
    /// <summary>Where along the path from the AI client to the MCP server a finding sits, upstream first.</summary>
    public enum DiagnosisArea
    {
        Session = 0,
        Client = 1,
        App = 2,
        Probe = 3,
        Role = 4,
        Log = 5,
    }

    /// <summary>What Invoke-TeleportMcpDiagnosis -Check runs; every one when not chosen.</summary>
    public enum DiagnosisCheck
    {
        /// <summary>MCP client configurations and the tsh session.</summary>
        Client,
        /// <summary>MCP server definitions against this host, and the live probe with -Launch.</summary>
        App,
        /// <summary>Teleport's MCP access decisions and the role lint.</summary>
        Role,
        /// <summary>Known failures in App Service, MCP client and tsh logs (-LogPath).</summary>
        Log,
        /// <summary>Failed MCP events of the audit log (-AuditPath).</summary>
        Audit,
    }

    /// <summary>The report written by -OutFile.</summary>
    public enum DiagnosisReportFormat
    {
        Markdown,
        Html,
    }

    public enum DiagnosisStatus
    {
        Fail = 0,
        Warn = 1,
        Info = 2,
    }

    /// <summary>
    /// One finding of Invoke-TeleportMcpDiagnosis, from any of the checks, most likely root cause first. Type name
    /// TeleportMcp.Diagnosis.
    /// </summary>
    public sealed class Diagnosis
    {
        /// <summary>1 for the most likely root cause (set by the ranker).</summary>
        public int Rank { get; set; }
        public DiagnosisStatus Status { get; set; }

        /// <summary>Session, Client, App, Probe, Role or Log: where along the path from the AI client to the server.</summary>
        public DiagnosisArea Area { get; set; }

        /// <summary>The stable id of the check or known error that produced it (e.g. HostUserExists, TMCP-LOG-...).</summary>
        public string? Check { get; set; }
        public string? App { get; set; }
        public string? User { get; set; }
        public string? Title { get; set; }
        public string? Detail { get; set; }

        /// <summary>The lines that prove it: check messages and log lines (secrets redacted).</summary>
        public List<string> Evidence { get; } = new List<string>();

        /// <summary>The exact next step: a command or cmdlet line where one exists.</summary>
        public string? Fix { get; set; }

        /// <summary>Where the finding comes from (a file:line, a config path, "tsh status", a probe).</summary>
        public string? Source { get; set; }

        /// <summary>
        /// Distinctive words (a host user, a command, a tool name) whose appearance in a log line makes that line
        /// evidence for this finding.
        /// </summary>
        internal List<string> CorrelationTokens { get; } = new List<string>();

        /// <summary>
        /// About input no released Teleport accepts (an unreleased kind): it explains no failure of a released cluster, so it
        /// ranks after the checks that can (DiagnosisRanker).
        /// </summary>
        internal bool AboutUnreleasedInput { get; set; }

        /// <summary>When the log line or audit event was written (UTC when the source gives a zone); null for checks.</summary>
        public System.DateTime? Time { get; set; }

        /// <summary>Teleport's session id, where the source names it (audit events, App Service lines).</summary>
        public string? SessionId { get; set; }

        /// <summary>The kind of log the finding came from (teleport, audit, tsh, claude-desktop, vscode, ...).</summary>
        public string? LogFormat { get; set; }

        /// <summary>The incident (one failed connection, shown as a timeline in the report) this finding belongs to; 0 when none.</summary>
        public int Incident { get; set; }

        public override string ToString() => Rank + ". " + Status + " " + Title;
    }
}
