using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>A folder where an MCP client writes logs, and which files in it are MCP logs.</summary>
    public sealed class ClientLogFolder
    {
        public string Client { get; internal set; } = "";
        public string Path { get; internal set; } = "";
        /// <summary>File name patterns (* and ?) of the MCP logs in the folder.</summary>
        public string[] Patterns { get; internal set; } = Array.Empty<string>();
        public bool Recurse { get; internal set; }
        /// <summary>Why this folder is a candidate, and how sure that is (mcp-clients.md section 2.1).</summary>
        public string Note { get; internal set; } = "";
        public bool Exists { get; internal set; }
        /// <summary>
        /// For a folder the client never prunes: only the newest this many files are searched (0: every file), and after
        /// the newest one no more than <see cref="NewestBytes"/> bytes.
        /// </summary>
        public int NewestFiles { get; internal set; }
        public long NewestBytes { get; internal set; }
    }

    /// <summary>The files of a client log folder that a search reads, newest first, and what it leaves out.</summary>
    public sealed class ClientLogFiles
    {
        public List<string> Files { get; } = new List<string>();
        /// <summary>Older files left out by the folder's bound.</summary>
        public int Skipped { get; internal set; }
        /// <summary>The last change (UTC) of the newest file left out.</summary>
        public DateTime? SkippedSince { get; internal set; }
        public int Total => Files.Count + Skipped;
    }

    /// <summary>Well-known MCP client log folders per OS (mcp-clients.md section 2.1).</summary>
    public static class ClientLogLocations
    {
        public static List<ClientLogFolder> Candidates(IHostPlatform p)
        {
            var list = new List<ClientLogFolder>();
            var os = p.Os;
            string home = p.HomeDirectory;
            switch (p.Os)
            {
                case OsKind.Windows:
                {
                    string appData = p.GetVariable("APPDATA") ?? OsPath.Combine(os, home, "AppData", "Roaming");
                    string local = p.GetVariable("LOCALAPPDATA") ?? OsPath.Combine(os, home, "AppData", "Local");
                    Add(list, p, "Claude Desktop", OsPath.Combine(os, appData, "Claude", "logs"), new[] { "mcp*.log" }, false, "official");
                    string packages = OsPath.Combine(os, local, "Packages");
                    if (p.DirectoryExists(packages))
                    {
                        foreach (var pkg in p.GetDirectories(packages, "Claude_*"))
                            Add(list, p, "Claude Desktop (MSIX)", OsPath.Combine(os, pkg, "LocalCache", "Roaming", "Claude", "logs"), new[] { "mcp*.log" }, false, "observed (packaged app)");
                    }
                    else
                    {
                        Add(list, p, "Claude Desktop (MSIX)", OsPath.Combine(os, packages, "Claude_*", "LocalCache", "Roaming", "Claude", "logs"), new[] { "mcp*.log" }, false, "observed (packaged app)");
                    }
                    Add(list, p, "Claude Desktop", OsPath.Combine(os, local, "Claude", "Logs"), new[] { "mcp*.log" }, false, "not confirmed (single source)");
                    Add(list, p, "Cursor", OsPath.Combine(os, appData, "Cursor", "logs"), new[] { "*MCP*.log", "*mcp*.log" }, true, "not confirmed on Windows");
                    Add(list, p, "VS Code", OsPath.Combine(os, appData, "Code", "logs"), new[] { "*MCP*.log", "*mcp*.log" }, true, "from VS Code's source: <session>/window<N>/mcpServer.mcp.config.<scope>.<server>.log");
                    break;
                }
                case OsKind.MacOS:
                    Add(list, p, "Claude Desktop", OsPath.Combine(os, home, "Library", "Logs", "Claude"), new[] { "mcp*.log" }, false, "official");
                    Add(list, p, "Claude Code", OsPath.Combine(os, home, "Library", "Caches", "claude-cli-nodejs"), new[] { "*.jsonl" }, true, "observed");
                    Add(list, p, "Cursor", OsPath.Combine(os, home, "Library", "Application Support", "Cursor", "logs"), new[] { "*MCP*.log", "*mcp*.log" }, true, "observed");
                    Add(list, p, "VS Code", OsPath.Combine(os, home, "Library", "Application Support", "Code", "logs"), new[] { "*MCP*.log", "*mcp*.log" }, true, "from VS Code's source: <session>/window<N>/mcpServer.mcp.config.<scope>.<server>.log");
                    break;
                default:
                {
                    string? config = p.GetVariable("XDG_CONFIG_HOME");
                    if (StringChecks.IsNullOrEmpty(config)) config = OsPath.Combine(os, home, ".config");
                    string? cache = p.GetVariable("XDG_CACHE_HOME");
                    if (StringChecks.IsNullOrEmpty(cache)) cache = OsPath.Combine(os, home, ".cache");
                    Add(list, p, "Claude Desktop", OsPath.Combine(os, config, "Claude", "logs"), new[] { "mcp*.log" }, false, "not confirmed (unofficial Linux builds)");
                    Add(list, p, "Claude Code", OsPath.Combine(os, cache, "claude-cli-nodejs"), new[] { "*.jsonl" }, true, "observed");
                    Add(list, p, "Cursor", OsPath.Combine(os, config, "Cursor", "logs"), new[] { "*MCP*.log", "*mcp*.log" }, true, "not confirmed");
                    Add(list, p, "VS Code", OsPath.Combine(os, config, "Code", "logs"), new[] { "*MCP*.log", "*mcp*.log" }, true, "from VS Code's source: <session>/window<N>/mcpServer.mcp.config.<scope>.<server>.log");
                    break;
                }
            }
            ClaudeCodeDebug(list, p);
            // Copilot CLI: process-<epoch ms>-<pid>.log in $COPILOT_HOME/logs, else ~/.copilot/logs (--log-dir's default),
            // pruned at start (github/copilot-cli changelog.md @9532bda: COPILOT_HOME replaces --config-dir; "prune old
            // process log files from ~/.copilot/logs/").
            string? copilotHome = ClientPaths.CopilotHome(p);
            if (copilotHome != null)
                Add(list, p, "Copilot CLI", OsPath.Combine(os, copilotHome, "logs"), new[] { "process-*.log" }, false, "from Copilot CLI's changelog: one file per process, pruned at start");
            return list;
        }

        /// <summary>Files of Claude Code's debug folder searched by default: the newest sessions, not the whole history.</summary>
        public const int ClaudeDebugNewestFiles = 20;
        /// <summary>Bytes of Claude Code's debug folder searched by default after the newest file (1 GiB).</summary>
        public const long ClaudeDebugNewestBytes = 1L << 30;

        // Claude Code writes one <session>.txt per session into ~/.claude/debug (CLAUDE_CONFIG_DIR moves ~/.claude:
        // code.claude.com/docs/en/claude-directory; CLAUDE_CODE_DEBUG_LOGS_DIR moves the debug logs: the CLI reference's
        // --debug-file row) and never prunes it: 44,635 files, 179 GB in four weeks (anthropics/claude-code #28235), single
        // files of 20 GB and more (#16093, #27691). Only the newest sessions are searched; the rest is said.
        private static void ClaudeCodeDebug(List<ClientLogFolder> list, IHostPlatform p)
        {
            var os = p.Os;
            string? dir = p.GetVariable("CLAUDE_CODE_DEBUG_LOGS_DIR");
            string note = "from Claude Code's documentation: <session>.txt per session, never pruned";
            var patterns = new[] { "*.txt" };
            if (StringChecks.IsNullOrEmpty(dir)) dir = OsPath.Combine(os, ClientPaths.ClaudeCodeConfigHome(p), "debug");
            else if (p.DirectoryExists(dir)) note = "CLAUDE_CODE_DEBUG_LOGS_DIR; its file names are not confirmed";
            else
            {
                // Despite its name the variable is the debug log file itself (Claude Code utils/debug.ts getDebugLogPath:
                // getDebugFilePath() ?? process.env.CLAUDE_CODE_DEBUG_LOGS_DIR ?? join(getClaudeConfigHomeDir(), 'debug', `${getSessionId()}.txt`)).
                patterns = new[] { OsPath.FileName(os, dir) };
                dir = OsPath.DirectoryOf(os, dir);
                note = "CLAUDE_CODE_DEBUG_LOGS_DIR, the debug log file Claude Code writes (utils/debug.ts getDebugLogPath)";
            }
            Add(list, p, "Claude Code (debug)", dir, patterns, false, note);
            var folder = list[list.Count - 1];
            folder.NewestFiles = ClaudeDebugNewestFiles;
            folder.NewestBytes = ClaudeDebugNewestBytes;
        }

        private static void Add(List<ClientLogFolder> list, IHostPlatform p, string client, string path, string[] patterns, bool recurse, string note)
        {
            list.Add(new ClientLogFolder
            {
                Client = client,
                Path = path,
                Patterns = patterns,
                Recurse = recurse,
                Note = note,
                Exists = p.DirectoryExists(path),
            });
        }

        private static readonly char[] Wildcards = { '*', '?' };

        // '*' and '?' on a file name, case-insensitive on Windows and macOS as their file systems are.
        private static bool Glob(string name, string pattern)
        {
            bool fold = !System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux);
            int n = 0, p = 0, starP = -1, starN = 0;
            while (n < name.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], name[n], fold))) { n++; p++; continue; }
                if (p < pattern.Length && pattern[p] == '*') { starP = p++; starN = n; continue; }
                if (starP < 0) return false;
                p = starP + 1;
                n = ++starN;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }

        private static bool Same(char a, char b, bool fold) => a == b || (fold && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

        /// <summary>The warning when no client log folder exists here: where it looked, and what to give instead.</summary>
        public static string NoneFoundMessage(IEnumerable<ClientLogFolder> searched) =>
            "No MCP client log folder was found on this machine. Searched: " + string.Join("; ", searched.Select(f => f.Client + ": " + f.Path)) + GiveLogs;

        // What to do instead, the same after either warning.
        private const string GiveLogs = ". Give log files with -Path, or pipe lines in (journalctl -u teleport | Find-TeleportMcpError).";

        /// <summary>
        /// The warning when client log folders exist but none holds an MCP log file: nothing was examined. Names each
        /// folder found with the file names it looks for, then the places not found.
        /// </summary>
        public static string NoFilesMessage(IEnumerable<ClientLogFolder> empty, IEnumerable<ClientLogFolder> searched)
        {
            string missing = string.Join("; ", searched.Where(f => !f.Exists).Select(f => f.Client + ": " + f.Path));
            return "No MCP client log file was found on this machine, so no log was examined. Found without an MCP log file: " +
                   string.Join("; ", empty.Select(f => f.Client + ": " + f.Path + " (" + string.Join(", ", f.Patterns) + ")")) +
                   (missing.Length > 0 ? ". Not found: " + missing : "") + GiveLogs;
        }

        /// <summary>
        /// The log files of an existing folder that a search reads, newest first: all of them, or for a bounded folder the
        /// newest <see cref="ClientLogFolder.NewestFiles"/> within <see cref="ClientLogFolder.NewestBytes"/> (the newest
        /// file always, however large, so a folder with files is never searched with nothing read).
        /// </summary>
        public static ClientLogFiles Files(ClientLogFolder folder)
        {
            var files = new List<FileInfo>();
            // Links are followed once and loops skipped; FIFOs and devices are never opened. A folder we cannot read
            // is reported by the caller as searched-but-empty.
            var walk = FileSystem.FileWalker.Enumerate(folder.Path, folder.Recurse, f =>
            {
                string name = Path.GetFileName(f);
                // A file the client names exactly (a variable's path) is its log whatever its extension.
                foreach (var pattern in folder.Patterns) if (pattern.IndexOfAny(Wildcards) < 0 && Glob(name, pattern)) return true;
                bool gz = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
                if (!(gz || name.EndsWith(".log", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ||
                      name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))) return false;
                foreach (var pattern in folder.Patterns) if (Glob(name, pattern)) return true;
                return false;
            });
            foreach (var f in walk.Files)
            {
                try { files.Add(new FileInfo(f)); }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException) { }
            }
            files.Sort((a, b) => b.LastWriteTimeUtc.CompareTo(a.LastWriteTimeUtc));
            var result = new ClientLogFiles();
            long bytes = 0;
            foreach (var f in files)
            {
                long length = Length(f);
                bool full = folder.NewestFiles > 0 && result.Files.Count >= folder.NewestFiles;
                bool over = folder.NewestBytes > 0 && result.Files.Count > 0 && bytes + length > folder.NewestBytes;
                if (full || over || result.Skipped > 0)
                {
                    if (result.Skipped++ == 0) result.SkippedSince = f.LastWriteTimeUtc;
                    continue;
                }
                result.Files.Add(f.FullName);
                bytes += length;
            }
            return result;
        }

        private static long Length(FileInfo f)
        {
            try { return f.Length; }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return 0; }
        }

        /// <summary>The warning when a bounded folder had older files than it searched: how many, from when, how to read them.</summary>
        public static string SkippedMessage(ClientLogFolder folder, ClientLogFiles files) =>
            folder.Client + " log folder " + folder.Path + ": searched the newest " + files.Files.Count + " of " + files.Total +
            " files; the " + files.Skipped + " older ones (last changed " +
            files.SkippedSince?.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) +
            " and before) were not searched. To search them, give the folder: Find-TeleportMcpError -LiteralPath " +
            ShellWord.PowerShell(folder.Path) + ".";
    }
}
