using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Completion
{
    public enum CompletionKind
    {
        User,
        /// <summary>Every app.</summary>
        App,
        /// <summary>Apps with an MCP transport.</summary>
        McpApp,
        Tool,
        Role,
    }

    /// <summary>One completion: the text to insert (quoted when needed) and the name as shown in the list.</summary>
    public sealed class CompletionCandidate
    {
        public CompletionCandidate(string text, string listItem, string tooltip)
        {
            Text = text;
            ListItem = listItem;
            Tooltip = tooltip;
        }

        public string Text { get; }
        public string ListItem { get; }
        public string Tooltip { get; }
    }

    /// <summary>
    /// Names for Tab completion, read from the files the same command line names (-Path, -ClusterPath). Bounded so
    /// Tab stays quick on a large export: at most <see cref="MaxFiles"/> files of at most <see cref="MaxFileBytes"/>.
    /// Nothing here starts a process or touches the network.
    /// </summary>
    public static class ClusterCompletion
    {
        public const int MaxFiles = 200;
        public const long MaxFileBytes = 16L * 1024 * 1024;
        public const int MaxCandidates = 500;

        /// <summary>Resource files under the given files and folders, by the cluster input's folder rule, in a stable order.</summary>
        public static List<string> ExpandFiles(IEnumerable<string> paths) => Files(paths, ClusterInput.Folders);

        /// <summary>
        /// The files the cmdlet would read for these paths (the input's folder rule; links once, loops never followed),
        /// at most <see cref="MaxFiles"/>. A FIFO, device or socket is left out: Tab must never wait on a read.
        /// </summary>
        public static List<string> Files(IEnumerable<string> paths, FileSystem.FolderRule folders)
        {
            var files = new List<string>();
            foreach (var p in paths ?? Enumerable.Empty<string>())
            {
                if (files.Count >= MaxFiles) break;
                try
                {
                    if (Directory.Exists(p)) files.AddRange(folders.Walk(p).Files.Take(MaxFiles - files.Count));
                    else if (File.Exists(p) && FileSystem.FileWalker.RefuseSpecial(p) == null) files.Add(p);
                }
                catch (Exception e) when (FileSystem.ReadFailure.Is(e))
                {
                }
            }
            return files;
        }

        /// <summary>The distinct names of one kind in the files; unreadable or broken files give what they can.</summary>
        public static List<string> Names(IEnumerable<string> files, CompletionKind kind)
        {
            var names = new List<string>();
            foreach (var f in files ?? Enumerable.Empty<string>())
            {
                try
                {
                    if (new FileInfo(f).Length > MaxFileBytes) continue;
                    foreach (var item in ResourceReader.ReadFile(f))
                        if (item.Resource != null) names.AddRange(NamesOf(item.Resource, kind));
                }
                catch (Exception e) when (FileSystem.ReadFailure.Is(e))
                {
                }
            }
            return names.Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
        }

        private static IEnumerable<string> NamesOf(TeleportResource r, CompletionKind kind)
        {
            switch (kind)
            {
                case CompletionKind.User: return r is User u ? new[] { u.Name ?? "" } : Enumerable.Empty<string>();
                case CompletionKind.Role: return r is Role role ? new[] { role.Name ?? "" } : Enumerable.Empty<string>();
                case CompletionKind.App: return r is App a ? new[] { a.Name ?? "" } : Enumerable.Empty<string>();
                case CompletionKind.McpApp: return r is App m && m.IsMcp ? new[] { m.Name ?? "" } : Enumerable.Empty<string>();
                case CompletionKind.Tool: return ToolNames(r);
                default: return Enumerable.Empty<string>();
            }
        }

        /// <summary>Tool names written out somewhere: literal mcp.tools entries, mcp_tools trait values, tsh mcp ls tools.</summary>
        private static IEnumerable<string> ToolNames(TeleportResource r)
        {
            IEnumerable<string> raw = Enumerable.Empty<string>();
            if (r is Role role) raw = (role.AllowMcpTools ?? new List<string>()).Concat(role.DenyMcpTools ?? new List<string>());
            else if (r is User u) raw = u.McpTools ?? new List<string>();
            else if (r is App a) raw = (a.PermittedTools ?? new List<string>()).Concat(a.DeniedTools ?? new List<string>());
            // A glob, a ^regex$ or a {{template}} is not a tool name (lib/utils/replace.go, P1/P2).
            return raw.Where(IsLiteralToolName);
        }

        public static bool IsLiteralToolName(string s) =>
            !string.IsNullOrEmpty(s) && s.IndexOf('*') < 0 && !(s.StartsWith("^", StringComparison.Ordinal) && s.EndsWith("$", StringComparison.Ordinal)) && s.IndexOf("{{", StringComparison.Ordinal) < 0;

        /// <summary>What a name of the kind is, in a candidate's tooltip ("MCP app web").</summary>
        public static string Noun(CompletionKind kind)
        {
            switch (kind)
            {
                case CompletionKind.User: return "user";
                case CompletionKind.App: return "app";
                case CompletionKind.McpApp: return "MCP app";
                case CompletionKind.Tool: return "MCP tool";
                case CompletionKind.Role: return "role";
                default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind of name to complete");
            }
        }

        /// <summary>
        /// The candidates for the word typed so far: the names of the kind (named by its <see cref="CompletionKind"/> name)
        /// in the files and folders given, from the cluster's resources, or with <paramref name="audit"/> from the MCP
        /// events of audit logs (<see cref="AuditCompletion"/>).
        /// </summary>
        public static List<CompletionCandidate> Complete(IEnumerable<string> paths, string kindName, bool audit, string wordToComplete)
        {
            var kind = (CompletionKind)Enum.Parse(typeof(CompletionKind), kindName);
            var names = audit ? AuditCompletion.Names(paths, kind) : Names(ExpandFiles(paths), kind);
            return Complete(names, wordToComplete, Noun(kind));
        }

        /// <summary>Names starting with the word typed so far (case-insensitive; quotes around the word are ignored).</summary>
        public static List<CompletionCandidate> Complete(IEnumerable<string> names, string wordToComplete, string what)
        {
            string word = Unquote(wordToComplete ?? "");
            return (names ?? Enumerable.Empty<string>())
                .Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Take(MaxCandidates)
                .Select(n => new CompletionCandidate(QuoteIfNeeded(n), n, what + " " + n))
                .ToList();
        }

        /// <summary>Values that lists of fixed words complete from (status names, check ids), filtered the same way.</summary>
        public static List<CompletionCandidate> CompleteWords(IEnumerable<string> words, string wordToComplete, string what) =>
            Complete(words, wordToComplete, what);

        /// <summary>-Version of New-TeleportMcpRole: the role versions Teleport accepts, newest first.</summary>
        public static List<CompletionCandidate> RoleVersions(string wordToComplete) =>
            CompleteWords(Resources.RoleVersions.All.Reverse(), wordToComplete, "role version");

        private static string Unquote(string s)
        {
            if (s.Length > 0 && (s[0] == '\'' || s[0] == '"')) s = s.Substring(1);
            if (s.Length > 0 && (s[s.Length - 1] == '\'' || s[s.Length - 1] == '"')) s = s.Substring(0, s.Length - 1);
            return s;
        }

        /// <summary>A name as PowerShell must see it: bare when safe, else single-quoted with ' doubled.</summary>
        public static string QuoteIfNeeded(string name)
        {
            bool safe = name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '@' || c == ':' || c == '/') &&
                        name[0] != '-' && name[0] != '@';
            return safe ? name : "'" + name.Replace("'", "''") + "'";
        }
    }
}
