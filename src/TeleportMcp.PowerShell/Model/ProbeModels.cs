using System.Collections;

namespace TeleportMcp
{
    /// <summary>One static check of one MCP app. Type name TeleportMcp.AppCheck.</summary>
    public sealed class AppCheck
    {
        /// <summary>The app name.</summary>
        public string App { get; set; }
        public string Check { get; set; }

        /// <summary>Pass, Warn, Fail or Skipped.</summary>
        public string Status { get; set; }
        public string Message { get; set; }
        public string Fix { get; set; }

        public override string ToString() => Status + " " + Check + ": " + Message;
    }

    /// <summary>A tool the server listed. Type name TeleportMcp.ProbeTool.</summary>
    public sealed class ProbeTool
    {
        public string Name { get; set; }
        public string Title { get; set; }
        public string Description { get; set; }

        public override string ToString() => Name;
    }

    /// <summary>
    /// The live probe of one MCP app. Type name TeleportMcp.ProbeResult. App and Tool bind by property name to
    /// Test-TeleportMcpRole, so the server's real tools can be checked against a user's roles.
    /// </summary>
    public sealed class ProbeResult
    {
        /// <summary>The probed app (its ToString() is the name), with its labels for the role check.</summary>
        public App App { get; set; }
        public string AppName { get; set; }
        public Hashtable AppLabels { get; set; }
        public string Transport { get; set; }

        /// <summary>Spawn, Initialize, ToolsList, Done, or Authenticate (the probe could not send the token Teleport would).</summary>
        public string Stage { get; set; }

        /// <summary>Pass, Warn, Fail, or Indeterminate (the probe could not authenticate as Teleport would; not a server fault).</summary>
        public string Status { get; set; }
        public string Message { get; set; }

        /// <summary>The next step, when the probe knows one.</summary>
        public string Fix { get; set; }

        /// <summary>http/sse: the HTTP status of the failing answer (0 when none).</summary>
        public int HttpStatus { get; set; }

        /// <summary>http/sse: the headers sent, credentials masked ("Authorization: Bearer ***").</summary>
        public string[] Headers { get; set; }

        /// <summary>http/sse: the server gave a session id and the probe sent it back on later requests.</summary>
        public bool SessionKept { get; set; }
        public string CommandLine { get; set; }
        public string RunAs { get; set; }
        public string ProtocolVersion { get; set; }
        public string ServerName { get; set; }
        public string ServerVersion { get; set; }
        public string[] Capabilities { get; set; }

        /// <summary>The tool names (binds to Test-TeleportMcpRole -Tool).</summary>
        public string[] Tool { get; set; }
        public ProbeTool[] Tools { get; set; }
        public int ToolCount { get; set; }
        public long StartupMs { get; set; }
        public long ElapsedMs { get; set; }
        public bool TimedOut { get; set; }
        public bool HasExited { get; set; }

        /// <summary>The exit code when the process ended by itself before the probe ended it (see HasExited).</summary>
        public int ExitCode { get; set; }
        public string[] StderrTail { get; set; }
        public string FirstNonJsonLine { get; set; }
        public int NonJsonLines { get; set; }
        public string[] EarlyNotifications { get; set; }
        public string[] Notifications { get; set; }
        public string[] ServerRequests { get; set; }
        public string[] Warnings { get; set; }

        /// <summary>The static checks of the same app (also written as AppCheck objects unless -Launch is given).</summary>
        public AppCheck[] Checks { get; set; }

        public override string ToString() => AppName + ": " + Stage + " " + Status;
    }
}
