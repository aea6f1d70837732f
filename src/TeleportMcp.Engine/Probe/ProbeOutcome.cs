using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp
{
    /// <summary>
    /// A tool's annotations exactly as the server declared them; null means the hint was absent (or not a JSON boolean).
    /// Type name TeleportMcp.ToolAnnotations. Fields and defaults: MCP schema ToolAnnotations (2:M1).
    /// </summary>
    public sealed class ToolAnnotations
    {
        public string Title { get; set; }
        public bool? ReadOnlyHint { get; set; }
        public bool? DestructiveHint { get; set; }
        public bool? IdempotentHint { get; set; }
        public bool? OpenWorldHint { get; set; }

        public override string ToString()
        {
            string H(string n, bool? v) => v == null ? null : n + "=" + (v.Value ? "true" : "false");
            return string.Join(" ", new[] { H("readOnly", ReadOnlyHint), H("destructive", DestructiveHint), H("idempotent", IdempotentHint), H("openWorld", OpenWorldHint) }
                .Where(x => x != null));
        }
    }

    /// <summary>A tool the server listed (tools/list), with its annotations. Type name TeleportMcp.ProbeTool.</summary>
    public sealed class ProbeTool
    {
        public string Name { get; set; }

        /// <summary>title, else annotations.title (2:M2).</summary>
        public string Title { get; set; }
        public string Description { get; set; }

        /// <summary>As declared; null when the tool has no annotations object.</summary>
        public ToolAnnotations Annotations { get; set; }

        // The effective hints: a missing hint takes its MCP default (2:M1; also the "Default:" lines of ToolAnnotations in
        // @modelcontextprotocol/sdk dist/cjs/spec.types.d.ts, tests/npm): readOnlyHint false, destructiveHint true,
        // idempotentHint false, openWorldHint true. destructiveHint and idempotentHint mean something only when the
        // tool is not read-only.
        public bool ReadOnly => Annotations?.ReadOnlyHint ?? false;
        public bool Destructive => !ReadOnly && (Annotations?.DestructiveHint ?? true);
        public bool Idempotent => ReadOnly || (Annotations?.IdempotentHint ?? false);
        public bool OpenWorld => Annotations?.OpenWorldHint ?? true;

        public override string ToString() => Name;
    }
}


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
