using System.Collections.Generic;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>How far the live probe got: the stage it was in when it stopped, or Done.</summary>
    public enum ProbeStage
    {
        Spawn,
        Initialize,
        ToolsList,
        Done,
    }

    public sealed class ProbeOutcome
    {
        public string App { get; set; }
        public string Transport { get; set; }
        public ProbeStage Stage { get; set; } = ProbeStage.Spawn;
        public CheckStatus Status { get; set; } = CheckStatus.Fail;
        public string Message { get; set; }
        public string CommandLine { get; set; }

        /// <summary>Who the server ran as, and how (e.g. "nobody via runuser", "root (current user: ...)").</summary>
        public string RunAs { get; set; }
        public string RequestedProtocolVersion { get; set; }
        public string ProtocolVersion { get; set; }
        public string ServerName { get; set; }
        public string ServerVersion { get; set; }
        public List<string> Capabilities { get; } = new List<string>();
        public List<ProbeTool> Tools { get; } = new List<ProbeTool>();
        public int ToolPages { get; set; }

        /// <summary>Milliseconds from spawn (or first request for http/sse) to the initialize response; -1 when none came.</summary>
        public long StartupMs { get; set; } = -1;
        public long ElapsedMs { get; set; }
        public bool TimedOut { get; set; }
        public bool HasExited { get; set; }
        public int? ExitCode { get; set; }
        public List<string> StderrTail { get; } = new List<string>();
        public string FirstNonJsonLine { get; set; }
        public int NonJsonLines { get; set; }

        /// <summary>Notifications that arrived before the initialize response (a spec violation some clients reject).</summary>
        public List<string> EarlyNotifications { get; } = new List<string>();
        public List<string> Notifications { get; } = new List<string>();
        public List<string> ServerRequests { get; } = new List<string>();
        public List<string> Warnings { get; } = new List<string>();
    }
}
