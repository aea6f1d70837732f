using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp
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

    /// <summary>One static check of one MCP app. Type name TeleportMcp.AppCheck.</summary>
    public sealed class AppCheck
    {
        public AppCheck(string? app, string check, CheckStatus status, string message, string? fix = null)
        {
            App = app;
            Check = check;
            Status = status;
            Message = message;
            Fix = fix;
        }

        /// <summary>The app name.</summary>
        public string? App { get; }

        /// <summary>The user whose traits filled the header templates (Test-TeleportMcpApp -User, or users piped in); null when none.</summary>
        public string? User { get; set; }

        public string Check { get; }
        public CheckStatus Status { get; }
        public string Message { get; }
        public string? Fix { get; }

        /// <summary>Where the app definition checked was read (file:line:column, or pipeline): the first copy when several carry it.</summary>
        public string? Source { get; set; }

        /// <summary>The App Service hosts whose app_server heartbeats carry the definition checked (tctl get app_servers); empty when none was given.</summary>
        public string[] ServedBy { get; set; } = Array.Empty<string>();

        /// <summary>For a Fail that Teleport would hit before starting the process: the error text Teleport would log.</summary>
        internal bool BlocksSpawn { get; set; }

        public override string ToString() => Status + " " + TeleportMcp.Engine.Output.OutputText.Labelled(Check, Message);
    }

    /// <summary>
    /// A tool's annotations exactly as the server declared them; null means the hint was absent (or not a JSON boolean).
    /// Type name TeleportMcp.ToolAnnotations. Fields and defaults: MCP schema ToolAnnotations (2:M1).
    /// </summary>
    public sealed class ToolAnnotations
    {
        [Engine.Output.SingleLineText] public string? Title { get; set; }
        public bool? ReadOnlyHint { get; set; }
        public bool? DestructiveHint { get; set; }
        public bool? IdempotentHint { get; set; }
        public bool? OpenWorldHint { get; set; }

        public override string ToString()
        {
            string? H(string n, bool? v) => v == null ? null : n + "=" + (v.Value ? "true" : "false");
            return string.Join(" ", new[] { H("readOnly", ReadOnlyHint), H("destructive", DestructiveHint), H("idempotent", IdempotentHint), H("openWorld", OpenWorldHint) }
                .Where(x => x != null));
        }
    }

    /// <summary>A tool the server listed (tools/list), with its annotations. Type name TeleportMcp.ProbeTool.</summary>
    public sealed class ProbeTool
    {
        [Engine.Output.SingleLineText] public string? Name { get; set; }

        /// <summary>title, else annotations.title (2:M2).</summary>
        [Engine.Output.SingleLineText] public string? Title { get; set; }

        /// <summary>As the server wrote it; shown on one line (a line break is \x0A), since only the server says where it ends.</summary>
        [Engine.Output.SingleLineText] public string? Description { get; set; }

        /// <summary>As declared; null when the tool has no annotations object.</summary>
        public ToolAnnotations? Annotations { get; set; }

        // The effective hints: a missing hint takes its MCP default (2:M1; also the "Default:" lines of ToolAnnotations in
        // @modelcontextprotocol/sdk dist/cjs/spec.types.d.ts, tests/npm): readOnlyHint false, destructiveHint true,
        // idempotentHint false, openWorldHint true. destructiveHint and idempotentHint mean something only when the
        // tool is not read-only.
        public bool ReadOnly => Annotations?.ReadOnlyHint ?? false;
        public bool Destructive => !ReadOnly && (Annotations?.DestructiveHint ?? true);
        public bool Idempotent => ReadOnly || (Annotations?.IdempotentHint ?? false);
        public bool OpenWorld => Annotations?.OpenWorldHint ?? true;

        public override string? ToString() => Name;
    }

    /// <summary>
    /// The live probe of one MCP app. Type name TeleportMcp.ProbeResult. App and Tool bind by property name to
    /// Test-TeleportMcpRole, so the server's real tools can be checked against a user's roles.
    /// </summary>
    public sealed class ProbeResult
    {
        /// <summary>HTTP and SSE: the upstream answered at least one request (so a TCP connect to it succeeded).</summary>
        internal bool UpstreamAnswered { get; set; }

        /// <summary>HTTP and SSE: why the probe's connect to the upstream failed, in Go's words where they differ; null if it did not.</summary>
        internal string? UpstreamDialError { get; set; }

        /// <summary>The probed app (its ToString() is the name), with its labels for the role check.</summary>
        public App? App { get; set; }
        public string? AppName { get; set; }

        /// <summary>The user whose traits filled the header templates; null when none (binds to Test-TeleportMcpRole -User by property name).</summary>
        public string? User { get; set; }

        public Hashtable? AppLabels => App?.Labels;
        public McpTransport Transport { get; set; }
        public ProbeStage Stage { get; set; } = ProbeStage.Spawn;
        public CheckStatus Status { get; set; } = CheckStatus.Fail;
        public string? Message { get; set; }

        /// <summary>The next step, when the probe knows one (e.g. rewrite.headers for a 401, the other URI scheme for a transport mismatch).</summary>
        public string? Fix { get; set; }
        public string? CommandLine { get; set; }

        /// <summary>The headers sent, credentials masked ("Authorization: Bearer ***").</summary>
        public List<string> Headers { get; } = new List<string>();

        /// <summary>True when the server gave a session (Mcp-Session-Id, or the SSE endpoint's sessionId) and the probe sent it back on every later request.</summary>
        public bool SessionKept { get; set; }

        /// <summary>HTTP status of the failing response; 0 when none.</summary>
        public int HttpStatus { get; set; }

        /// <summary>Who the server ran as, and how (e.g. "nobody via runuser", "root (current user: ...)").</summary>
        public string? RunAs { get; set; }
        internal string? RequestedProtocolVersion { get; set; }
        [Engine.Output.SingleLineText] public string? ProtocolVersion { get; set; }

        // What the server says of itself and the names it sends: never a line of their own in the output.
        [Engine.Output.SingleLineText] public string? ServerName { get; set; }
        [Engine.Output.SingleLineText] public string? ServerVersion { get; set; }
        [Engine.Output.SingleLineText] public List<string> Capabilities { get; } = new List<string>();

        /// <summary>The tool names (binds to Test-TeleportMcpRole -Tool).</summary>
        public string[] Tool => Tools.Select(t => t.Name).OfType<string>().ToArray();
        public List<ProbeTool> Tools { get; } = new List<ProbeTool>();
        public int ToolCount => Tools.Count;
        internal int ToolPages { get; set; }

        /// <summary>Milliseconds from spawn (or first request for http/sse) to the initialize response; -1 when none came.</summary>
        public long StartupMs { get; set; } = -1;
        public long ElapsedMs { get; set; }
        public bool TimedOut { get; set; }
        public bool HasExited { get; set; }

        /// <summary>The exit code when the process ended by itself before the probe ended it; null otherwise.</summary>
        public int? ExitCode { get; set; }
        public List<string> StderrTail { get; } = new List<string>();

        /// <summary>Bytes of stderr lines longer than the probe keeps (Limits.ProbeStderrLineBytes) that were cut off and not kept; 0 when none.</summary>
        public long StderrDroppedBytes { get; set; }
        public string? FirstNonJsonLine { get; set; }
        public int NonJsonLines { get; set; }

        /// <summary>Notifications that arrived before the initialize response (a spec violation some clients reject).</summary>
        [Engine.Output.SingleLineText] public List<string> EarlyNotifications { get; } = new List<string>();
        [Engine.Output.SingleLineText] public List<string> Notifications { get; } = new List<string>();
        [Engine.Output.SingleLineText] public List<string> ServerRequests { get; } = new List<string>();
        public List<string> Warnings { get; } = new List<string>();

        /// <summary>The static checks of the same app (also written as AppCheck objects unless -Launch is given).</summary>
        public List<AppCheck> Checks { get; } = new List<AppCheck>();

        public override string ToString() => Engine.Output.OutputText.Labelled(AppName, Stage + " " + Status);
    }
}
