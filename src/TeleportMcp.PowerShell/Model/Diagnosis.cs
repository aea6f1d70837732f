namespace TeleportMcp
{
    /// <summary>One finding of Invoke-TeleportMcpDiagnosis, most likely root cause first. Type name TeleportMcp.Diagnosis.</summary>
    public sealed class Diagnosis
    {
        /// <summary>1 for the most likely root cause.</summary>
        public int Rank { get; set; }

        /// <summary>Fail, Warn or Info.</summary>
        public string Status { get; set; }

        /// <summary>Session, Client, App, Probe, Role or Log: where along the path from the AI client to the server.</summary>
        public string Area { get; set; }

        /// <summary>The stable id of the check or known error behind it.</summary>
        public string Check { get; set; }
        public string App { get; set; }
        public string User { get; set; }
        public string Title { get; set; }
        public string Detail { get; set; }

        /// <summary>The lines that prove it: check messages and log lines (secrets redacted).</summary>
        public string[] Evidence { get; set; }

        /// <summary>The exact next step: a command or cmdlet line where one exists.</summary>
        public string Fix { get; set; }
        public string Source { get; set; }

        /// <summary>The incident (one failed connection, see the report's timelines) this finding belongs to; 0 when none.</summary>
        public int Incident { get; set; }

        public override string ToString() => Rank + ". " + Status + " " + Title;
    }
}
