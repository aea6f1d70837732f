using System.Collections.Generic;

namespace TeleportMcp.Engine.Diagnosis
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

    public enum DiagnosisStatus
    {
        Fail = 0,
        Warn = 1,
        Info = 2,
    }

    /// <summary>One finding of the diagnosis, from any of the checks, in neutral form so it can be ranked and reported.</summary>
    public sealed class DiagnosisItem
    {
        public DiagnosisArea Area { get; set; }
        public DiagnosisStatus Status { get; set; }

        /// <summary>The stable id of the check or known error that produced it (e.g. HostUserExists, TMCP-LOG-...).</summary>
        public string Check { get; set; }
        public string App { get; set; }
        public string User { get; set; }
        public string Title { get; set; }
        public string Detail { get; set; }

        /// <summary>The exact next step: a command or cmdlet line where one exists.</summary>
        public string Fix { get; set; }

        /// <summary>Where the finding comes from (a file:line, a config path, "tsh status", a probe).</summary>
        public string Source { get; set; }

        public List<string> Evidence { get; } = new List<string>();

        /// <summary>
        /// Distinctive words (a host user, a command, a tool name) whose appearance in a log line makes that line
        /// evidence for this finding.
        /// </summary>
        public List<string> CorrelationTokens { get; } = new List<string>();

        /// <summary>Set by the ranker: 1 for the most likely root cause.</summary>
        public int Rank { get; set; }

        /// <summary>When the log line or audit event was written (UTC when the source gives a zone); null for checks.</summary>
        public System.DateTime? Time { get; set; }

        /// <summary>Teleport's session id, where the source names it (audit events, App Service lines).</summary>
        public string SessionId { get; set; }

        /// <summary>The kind of log the finding came from (teleport, audit, tsh, claude-desktop, vscode, ...).</summary>
        public string LogFormat { get; set; }

        /// <summary>Set by <see cref="IncidentBuilder"/>: the incident this finding belongs to, 0 when none.</summary>
        public int Incident { get; set; }
    }
}
