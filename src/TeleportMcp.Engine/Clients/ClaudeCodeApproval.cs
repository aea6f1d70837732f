using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>What Claude Code does with a server it has configured: start it, or leave it off.</summary>
    public sealed class ApprovalFinding
    {
        public ApprovalFinding(CheckStatus status, string message, string? fix)
        {
            Status = status;
            Message = message;
            Fix = fix;
        }

        public CheckStatus Status { get; }
        public string Message { get; }
        public string? Fix { get; }
    }

    /// <summary>
    /// Whether Claude Code starts a server of a project's <c>.mcp.json</c>, and whether <c>/mcp</c> switched a server off
    /// in a project, read from the files Claude Code keeps those choices in. One instance per check run: each file is
    /// read once.
    /// </summary>
    public sealed class ClaudeCodeApproval
    {
        // Claude Code (restored source) src/services/mcp/utils.ts getProjectMcpServerStatus: these three settings keys.
        internal const string EnableAllKey = "enableAllProjectMcpServers";
        internal const string EnabledKey = "enabledMcpjsonServers";
        internal const string DisabledKey = "disabledMcpjsonServers";
        // src/services/mcp/config.ts isMcpServerDisabled: the project's entry in ~/.claude.json, written by /mcp.
        internal const string SwitchedOffKey = "disabledMcpServers";

        private readonly IHostPlatform _env;
        private readonly ClaudeCodeFiles _files;

        public ClaudeCodeApproval(IHostPlatform env, System.Threading.CancellationToken ct)
            : this(new ClaudeCodeFiles(env, ct))
        {
        }

        internal ClaudeCodeApproval(ClaudeCodeFiles files)
        {
            _files = files ?? throw new ArgumentNullException(nameof(files));
            _env = files.Env;
        }

        /// <summary>A file the check run has read already (~/.claude.json): its parse is used instead of a second read.</summary>
        public void Know(McpConfigFile file) => _files.Know(file);

        private string ClaudeJson => _files.ClaudeJson;

        /// <summary>
        /// The settings layers that decide a project server, lowest first. Claude Code merges user, project and local
        /// settings in that order (src/utils/settings/settings.ts loadSettingsFromDisk, settingsMergeCustomizer: lists are
        /// joined, a later true/false wins); the user folder is $CLAUDE_CONFIG_DIR or ~/.claude (envUtils.ts
        /// getClaudeConfigHomeDir). Older builds kept the three keys in ~/.claude.json's project entry; at start Claude
        /// Code moves them into the local settings, joining the lists and keeping a local enableAllProjectMcpServers
        /// (src/migrations/migrateEnableAllProjectMcpServersToSettings.ts), so that entry sits just below the local file.
        /// </summary>
        private List<Layer> Layers(string projectDir)
        {
            var layers = new List<Layer>
            {
                SettingsLayer(_files.UserSettings, local: false),
                SettingsLayer(_files.ProjectSettings(projectDir), local: false),
            };
            var entry = ProjectEntry(projectDir, out var key);
            if (entry != null)
                layers.Add(Slice(entry.Value.Map, ClaudeJson + " projects[" + JsonText.Quote(key) + "]", entry.Value.Uncertain, local: true));
            layers.Add(SettingsLayer(_files.LocalSettings(projectDir), local: true));
            return layers;
        }

        /// <summary>
        /// Whether Claude Code starts the server <paramref name="name"/> of the project file <paramref name="mcpJsonPath"/>
        /// (getProjectMcpServerStatus): a name in disabledMcpjsonServers is rejected before anything else; a name in
        /// enabledMcpjsonServers, or enableAllProjectMcpServers true, approves it; otherwise it is pending, and Claude Code
        /// asks at start ("New MCP server found in .mcp.json") when it runs interactively.
        /// </summary>
        public ApprovalFinding ProjectServer(string mcpJsonPath, string name)
        {
            if (mcpJsonPath == null) throw new ArgumentNullException(nameof(mcpJsonPath));
            var projectDir = OsPath.DirectoryOf(_env.Os, mcpJsonPath);
            var layers = Layers(projectDir);
            var usable = layers.Where(l => l.Exists && l.Broken == null).ToList();
            var all = Decide(usable, name);
            var certain = Decide(usable.Where(l => !l.Uncertain).ToList(), name);
            var ignored = layers.Where(l => l.Broken != null).Select(l => l.Label + " (" + l.Broken + ")").ToList();
            string ignoredNote = ignored.Count == 0 ? "" : "; Claude Code ignores " + ListText.Join(", ", ignored);
            if (all.State != certain.State)
            {
                var uncertain = usable.Where(l => l.Uncertain).Select(l => l.Label).ToList();
                return new ApprovalFinding(CheckStatus.Indeterminate,
                    "whether Claude Code starts this project server is not known: it depends on " + ListText.Join(", ", uncertain) +
                    ", which holds a comment, a trailing comma or a byte order mark that Claude Code's JSON reader may refuse (it then ignores the whole file)" + ignoredNote,
                    "Write " + ListText.Join(", ", uncertain) + " as plain JSON.");
            }
            switch (all.State)
            {
                case State.Rejected:
                    return new ApprovalFinding(CheckStatus.Fail,
                        "Claude Code will not start this project server: '" + name + "' is in " + DisabledKey + " in " + ListText.Join(", ", all.By) +
                        " (the answer 'Continue without using this MCP server' when Claude Code asked, or a setting), and that list wins over " + EnabledKey + " and " + EnableAllKey + ignoredNote,
                        "Remove '" + name + "' from " + DisabledKey + " in " + ListText.Join(", ", all.By) + ", then start Claude Code again in " + projectDir +
                        (all.ByLocalOnly ? " (or run `claude mcp reset-project-choices` there and approve it when asked)" : ""));
                case State.Approved:
                    return new ApprovalFinding(CheckStatus.Pass, "Claude Code starts this project server: " + all.Reason + ignoredNote, null);
                default:
                    string none = usable.Count == 0 ? "no Claude Code settings file records a choice (none of " + ListText.Join(", ", layers.Where(l => l.Path != null).Select(l => l.Path)) + " exists" + (ignored.Count > 0 ? " or can be used" : "") + ")"
                        : "no setting read approves or rejects '" + name + "' (" + ListText.Join(", ", usable.Select(l => l.Label)) + ")";
                    return new ApprovalFinding(CheckStatus.Indeterminate,
                        "not known whether Claude Code starts this project server: " + none + ". Run interactively in " + projectDir +
                        ", Claude Code asks ('New MCP server found in .mcp.json') and starts it only if approved; run with -p it starts it without asking. Managed settings are not read by this check" + ignoredNote,
                        "Approve it when Claude Code asks, or add \"" + EnabledKey + "\": [" + JsonText.Quote(name) + "] to " + _files.LocalSettings(projectDir) + ".");
            }
        }

        /// <summary>
        /// A server switched off with /mcp in the project <paramref name="projectDir"/> (~/.claude.json
        /// projects[&lt;project&gt;].disabledMcpServers, any scope; src/services/mcp/config.ts isMcpServerDisabled,
        /// exact name), or null when it is not.
        /// </summary>
        public ApprovalFinding? SwitchedOff(string projectDir, string name)
        {
            var entry = ProjectEntry(projectDir, out var key);
            if (entry == null || !(entry.Value.Map[SwitchedOffKey] is DocList list)) return null;
            if (!list.Items.Any(i => i is DocScalar s && s.IsQuoted && s.Value == name)) return null;
            return new ApprovalFinding(CheckStatus.Warn,
                "the server is switched off in " + key + ": '" + name + "' is in " + SwitchedOffKey + " of that project in " + ClaudeJson + " (set with /mcp), so Claude Code does not start it there",
                "Enable it again with /mcp in Claude Code (or remove '" + name + "' from projects[" + JsonText.Quote(key) + "]." + SwitchedOffKey + " in " + ClaudeJson + ").");
        }

        /// <summary>
        /// The project key of an entry in ~/.claude.json's projects: Claude Code keys a project by its absolute path
        /// with forward slashes (src/utils/config.ts getProjectPathForConfig, normalizePathForConfigKey).
        /// </summary>
        public static string? ProjectKeyOf(string? serversKey)
        {
            const string prefix = "projects[\"";
            if (serversKey == null || !serversKey.StartsWith(prefix, StringComparison.Ordinal)) return null;
            int end = serversKey.LastIndexOf("\"]", StringComparison.Ordinal);
            return end > prefix.Length ? serversKey.Substring(prefix.Length, end - prefix.Length) : null;
        }

        private (DocMap Map, bool Uncertain)? ProjectEntry(string projectDir, out string key)
        {
            key = projectDir;
            var file = _files.Read(ClaudeJson);
            if (file?.Root == null || !(file.Root["projects"] is DocMap projects)) return null;
            var want = Normalize(projectDir);
            var cmp = _env.Os == OsKind.Linux ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            foreach (var p in projects.Entries)
            {
                if (p.Value is DocMap m && string.Equals(Normalize(p.Key), want, cmp))
                {
                    key = p.Key;
                    return (m, file.Uncertain);
                }
            }
            return null;
        }

        private string Normalize(string path)
        {
            var p = _env.Os == OsKind.Windows ? path.Replace('\\', '/') : path;
            return p.Length > 1 ? p.TrimEnd('/') : p;
        }

        private Layer SettingsLayer(string path, bool local)
        {
            var file = _files.Read(path);
            if (file == null) return new Layer { Path = path, Label = path, Local = local };
            if (file.Error != null) return new Layer { Path = path, Label = path, Local = local, Exists = true, Broken = file.Error };
            return Slice(file.Root!, path, file.Uncertain, local); // a file read without error has its root
        }

        /// <summary>The three keys of one layer; a value of the wrong type makes Claude Code's schema refuse the whole file.</summary>
        private static Layer Slice(DocMap map, string label, bool uncertain, bool local)
        {
            var layer = new Layer { Path = label, Label = label, Local = local, Exists = true, Uncertain = uncertain };
            var all = map[EnableAllKey];
            if (all is DocScalar b && !b.IsQuoted && (b.Value == "true" || b.Value == "false")) layer.EnableAll = b.Value == "true";
            else if (all != null && !(all is DocScalar n && n.IsNull)) layer.Broken = EnableAllKey + " is not true or false";
            layer.Enabled = Names(map, EnabledKey, layer);
            layer.Disabled = Names(map, DisabledKey, layer);
            return layer;
        }

        private static List<string> Names(DocMap map, string key, Layer layer)
        {
            var names = new List<string>();
            var node = map[key];
            if (node == null || node is DocScalar n && n.IsNull) return names;
            if (node is DocList list && list.Items.All(i => i is DocScalar s && s.IsQuoted))
            {
                names.AddRange(list.Items.Select(i => ((DocScalar)i).Value ?? ""));
                return names;
            }
            layer.Broken = layer.Broken ?? key + " is not a list of names";
            return names;
        }

        // src/services/mcp/normalization.ts normalizeNameForMCP: the lists are compared with names made API-safe.
        private static readonly Regex NotApiSafe = new Regex("[^a-zA-Z0-9_-]", RegexOptions.CultureInvariant);

        internal static string NormalizeName(string name) => NotApiSafe.Replace(name ?? "", "_");

        private static Outcome Decide(List<Layer> layers, string name)
        {
            var n = NormalizeName(name);
            var rejecting = layers.Where(l => l.Disabled.Any(x => NormalizeName(x) == n)).ToList();
            if (rejecting.Count > 0)
                return new Outcome { State = State.Rejected, By = rejecting.Select(l => l.Label).ToList(), ByLocalOnly = rejecting.All(l => l.Local) };
            var enabling = layers.Where(l => l.Enabled.Any(x => NormalizeName(x) == n)).ToList();
            if (enabling.Count > 0)
                return new Outcome { State = State.Approved, Reason = "'" + name + "' is in " + EnabledKey + " in " + ListText.Join(", ", enabling.Select(l => l.Label)) };
            var all = layers.LastOrDefault(l => l.EnableAll != null);
            if (all?.EnableAll == true)
                return new Outcome { State = State.Approved, Reason = EnableAllKey + " is true in " + all.Label };
            return new Outcome { State = State.Pending };
        }

        private enum State { Pending, Approved, Rejected }

        private sealed class Outcome
        {
            public State State;
            public List<string> By = new List<string>();
            public bool ByLocalOnly;
            public string? Reason;
        }

        private sealed class Layer
        {
            public string? Path;
            public string Label = "";
            public bool Exists;
            public bool Local;
            /// <summary>JSON a strict reader may refuse (comment, trailing comma, byte order mark).</summary>
            public bool Uncertain;
            /// <summary>Why Claude Code ignores the whole file; null when it reads it.</summary>
            public string? Broken;
            public bool? EnableAll;
            public List<string> Enabled = new List<string>();
            public List<string> Disabled = new List<string>();
        }
    }
}
