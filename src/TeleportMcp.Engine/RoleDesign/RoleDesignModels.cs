using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.RoleDesign
{
    /// <summary>One MCP server the role is for: its labels and, when it was probed, the tools it really lists.</summary>
    public sealed class DesignApp
    {
        public string Name { get; set; } = "";
        public Dictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();
        public List<string> DynamicLabelKeys { get; set; } = new List<string>();

        /// <summary>The server's tools/list; null when the server was not probed (only -Tool names are known then).</summary>
        public List<ProbeTool>? Tools { get; set; }

        [MemberNotNullWhen(true, nameof(Tools))]
        public bool ToolsKnown => Tools != null;

        /// <summary>The server as an App describes it: its static labels, the keys of its dynamic labels, and the tools if known.</summary>
        public static DesignApp From(App app, List<ProbeTool>? tools) => new DesignApp
        {
            Name = app.Name ?? "",
            Labels = new Dictionary<string, string>(app.LabelMap ?? new Dictionary<string, string>()),
            DynamicLabelKeys = (app.DynamicLabelMap ?? new Dictionary<string, string>()).Keys.ToList(),
            Tools = tools,
        };
    }

    public sealed class RoleDesignRequest
    {
        public string? Name { get; set; }
        public string? Version { get; set; } = RoleDesigner.DefaultVersion;
        public List<DesignApp> Apps { get; set; } = new List<DesignApp>();

        /// <summary>-Tool: names or Teleport patterns selecting the tools to grant; null means every tool.</summary>
        public List<string>? Tools { get; set; }
        public bool ReadOnly { get; set; }
        public bool ExcludeDestructive { get; set; }
        public List<string> Exclude { get; set; } = new List<string>();

        /// <summary>-AppLabels; null means: derive the selector from the apps' own labels.</summary>
        public LabelSelector? AppLabels { get; set; }

        /// <summary>-AppLabels from a hashtable (a value may be a string or a list).</summary>
        public void SetAppLabels(System.Collections.IDictionary labels) => AppLabels = labels == null ? null : ResourceValues.ToSelector(labels);

        /// <summary>Only literal names (regex-quoted where a name would otherwise be read as a pattern), no globs.</summary>
        public bool Literal { get; set; }

        /// <summary>Every app known besides the targets (a cluster export), to check that app_labels selects no other.</summary>
        public List<App> KnownApps { get; set; } = new List<App>();
    }

    /// <summary>Why a tool is, or is not, in the role.</summary>
    public enum ToolGrant
    {
        Granted,
        /// <summary>-Tool was given and matches none of its entries.</summary>
        NotRequested,
        /// <summary>An -Exclude entry matches it.</summary>
        Excluded,
        /// <summary>-ReadOnly, and readOnlyHint is not true (absent means false).</summary>
        NotReadOnly,
        /// <summary>-ExcludeDestructive, and the tool may be destructive (destructiveHint absent means true).</summary>
        Destructive,
    }

    public sealed class ToolVerdict
    {
        public string App { get; set; } = "";
        public string Tool { get; set; } = "";
        public ToolGrant Grant { get; set; }
        public string? Reason { get; set; }

        /// <summary>The role entry that grants it (Granted only).</summary>
        public string? Entry { get; set; }
    }

    public enum EntryKind
    {
        Literal,
        Glob,
        Regex,
        /// <summary>A -Tool entry written into a role for a server that was not probed.</summary>
        AsGiven,
    }

    /// <summary>One allow.mcp.tools entry and the tools it covers on each server.</summary>
    public sealed class DesignedEntry
    {
        public string Text { get; set; } = "";
        public EntryKind Kind { get; set; }
        public List<KeyValuePair<string, List<string>>> Covers { get; } = new List<KeyValuePair<string, List<string>>>();
    }

    /// <summary>Something wrong with part of the input; the role is still made from the rest.</summary>
    public sealed class DesignProblem
    {
        public DesignProblem(string code, string message, string fix, string target)
        {
            Code = code;
            Message = message;
            Fix = fix;
            Target = target;
        }

        public string Code { get; }
        public string Message { get; }
        public string Fix { get; }

        /// <summary>The -Tool or -Exclude entry that matched nothing (the error's target).</summary>
        public string Target { get; }
    }

    /// <summary>A role that makes no YAML at all: the input cannot give a role Teleport accepts and that grants exactly the intended tools.</summary>
    public sealed class RoleDesignException : Exception
    {
        public RoleDesignException(string code, string message, string fix) : base(message)
        {
            Code = code;
            Fix = fix;
        }

        public string Code { get; }
        public string Fix { get; }
    }

    public sealed class DesignedRole
    {
        /// <summary>The role as read back from Yaml by the module's own reader (what the proof evaluated).</summary>
        public Role Role { get; set; } = null!; // RoleDesigner sets it on every result
        public string? Yaml { get; set; }

        /// <summary>What -OutFile holds: the YAML, stamped as the module's own output (<see cref="Output.OutFiles"/>) so a later run may replace it while nobody changed it.</summary>
        public string FileText => Output.OutFiles.Stamped(Yaml ?? "", Output.OutFiles.CommentStyle.Hash);
        public List<DesignedEntry> Entries { get; } = new List<DesignedEntry>();
        public List<ToolVerdict> Verdicts { get; } = new List<ToolVerdict>();
        public List<DesignApp> Apps { get; } = new List<DesignApp>();

        /// <summary>Per app, the tool names the role is meant to grant (and, by the proof, does grant).</summary>
        public Dictionary<string, List<string>> Intended { get; } = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        public List<DesignProblem> Problems { get; } = new List<DesignProblem>();
        public List<string> Warnings { get; } = new List<string>();

        /// <summary>What the proof checked, in words (for -Verbose).</summary>
        public List<string> ProofNotes { get; } = new List<string>();

        /// <summary>The story for -Verbose: what each entry covers, each tool granted or withheld and why, what the proof checked.</summary>
        public IEnumerable<string> Details()
        {
            foreach (var e in Entries)
                yield return "entry " + DisplayText.Of(e.Text) + " (" + e.Kind + ") covers " + string.Join("; ", e.Covers.Select(c => Output.OutputText.Labelled(DisplayText.Of(c.Key),
                    c.Value.Count == 0 ? (e.Kind == EntryKind.AsGiven ? "(unknown: not probed)" : "(none)") : string.Join(", ", c.Value.Select(DisplayText.Of)))));
            foreach (var v in Verdicts)
                yield return Output.OutputText.Labelled((v.Grant == ToolGrant.Granted ? "granted " : "withheld ") + DisplayText.Of(v.App) + "/" + DisplayText.Of(v.Tool), v.Reason +
                             (v.Entry != null ? " [entry " + DisplayText.Of(v.Entry) + "]" : ""));
            foreach (var n in ProofNotes) yield return n;
        }

        /// <summary>The -Verbose line after -OutFile: where the role is and the tctl command that creates it (the path quoted for PowerShell when needed).</summary>
        public static string WrittenNote(string path) =>
            "Role written to " + path + ". Create it with: tctl create " + ShellWord.PowerShell(path) + " (tctl create -f replaces an existing role of that name).";
    }
}
