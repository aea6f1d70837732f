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
        /// <summary>The probe could not send the credentials Teleport would (a Teleport-issued JWT or ID token) and the server refused it.</summary>
        Authenticate,
    }

    public sealed class ProbeTool
    {
        public string Name { get; set; }
        public string Title { get; set; }
        public string Description { get; set; }
    }

    public sealed class ProbeOutcome
    {
        public string App { get; set; }
        public string Transport { get; set; }
        public ProbeStage Stage { get; set; } = ProbeStage.Spawn;
        public CheckStatus Status { get; set; } = CheckStatus.Fail;
        public string Message { get; set; }

        /// <summary>The next step, when the probe knows one (e.g. rewrite.headers for a 401, the other URI scheme for a transport mismatch).</summary>
        public string Fix { get; set; }
        public string CommandLine { get; set; }

        /// <summary>The headers sent, credentials masked ("Authorization: Bearer ***").</summary>
        public List<string> Headers { get; } = new List<string>();

        /// <summary>True when the server gave a session (Mcp-Session-Id, or the SSE endpoint's sessionId) and the probe sent it back on every later request.</summary>
        public bool SessionKept { get; set; }

        /// <summary>HTTP status of the failing response; 0 when none.</summary>
        public int HttpStatus { get; set; }

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
