using System;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>A known failure found in a log record.</summary>
    public sealed class LogFinding
    {
        public string Id { get; set; }
        public string Severity { get; set; }
        public string Title { get; set; }
        public string Cause { get; set; }
        public string Fix { get; set; }
        public string Doc { get; set; }
        /// <summary>The file, or "pipeline".</summary>
        public string Source { get; set; }
        /// <summary>The source family of the line (teleport, tsh, claude-desktop, ...).</summary>
        public string Format { get; set; }
        public long LineNumber { get; set; }
        public DateTime? Time { get; set; }
        public string App { get; set; }
        public string User { get; set; }
        /// <summary>The host user of a stdio app (run_as_host_user), when the log names it.</summary>
        public string HostUser { get; set; }
        public string Command { get; set; }
        /// <summary>The line(s), secrets redacted.</summary>
        public string Evidence { get; set; }
    }
}
