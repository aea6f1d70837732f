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
