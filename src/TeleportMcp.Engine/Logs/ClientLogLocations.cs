using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>What the client-log search needs to know about the machine; the one seam tests replace.</summary>
    public interface ILogPlatform
    {
        /// <summary>"Windows", "MacOS" or "Linux".</summary>
        string OS { get; }
        char Separator { get; }
        string HomeDirectory { get; }
        string GetEnvironmentVariable(string name);
        bool DirectoryExists(string path);
        /// <summary>Sub-directories of <paramref name="path"/> whose name matches the pattern (* and ?).</summary>
        IEnumerable<string> EnumerateDirectories(string path, string pattern);
    }

    /// <summary>The machine this runs on.</summary>
    public sealed class CurrentLogPlatform : ILogPlatform
    {
        public string OS =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "Windows" :
            RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "MacOS" : "Linux";

        public char Separator => Path.DirectorySeparatorChar;

        public string HomeDirectory => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        public string GetEnvironmentVariable(string name) => Environment.GetEnvironmentVariable(name);

        public bool DirectoryExists(string path) => Directory.Exists(path);

        public IEnumerable<string> EnumerateDirectories(string path, string pattern)
        {
            try
            {
                return Directory.GetDirectories(path, pattern);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return new string[0];
            }
        }
    }

    /// <summary>A folder where an MCP client writes logs, and which files in it are MCP logs.</summary>
    public sealed class ClientLogFolder
    {
        public string Client { get; internal set; }
        public string Path { get; internal set; }
        /// <summary>File name patterns (* and ?) of the MCP logs in the folder.</summary>
        public string[] Patterns { get; internal set; }
        public bool Recurse { get; internal set; }
        /// <summary>Why this folder is a candidate, and how sure that is (mcp-clients.md section 2.1).</summary>
        public string Note { get; internal set; }
        public bool Exists { get; internal set; }
    }

    /// <summary>Well-known MCP client log folders per OS (mcp-clients.md section 2.1).</summary>
    public static class ClientLogLocations
    {
        public static List<ClientLogFolder> Candidates(ILogPlatform p)
        {
            var list = new List<ClientLogFolder>();
            char s = p.Separator;
            string home = p.HomeDirectory;
            switch (p.OS)
            {
                case "Windows":
                {
                    string appData = p.GetEnvironmentVariable("APPDATA") ?? Join(s, home, "AppData", "Roaming");
                    string local = p.GetEnvironmentVariable("LOCALAPPDATA") ?? Join(s, home, "AppData", "Local");
                    Add(list, p, "Claude Desktop", Join(s, appData, "Claude", "logs"), new[] { "mcp*.log" }, false, "official");
                    string packages = Join(s, local, "Packages");
                    if (p.DirectoryExists(packages))
                    {
                        foreach (var pkg in p.EnumerateDirectories(packages, "Claude_*"))
                            Add(list, p, "Claude Desktop (MSIX)", Join(s, pkg, "LocalCache", "Roaming", "Claude", "logs"), new[] { "mcp*.log" }, false, "observed (packaged app)");
                    }
                    else
                    {
                        Add(list, p, "Claude Desktop (MSIX)", Join(s, packages, "Claude_*", "LocalCache", "Roaming", "Claude", "logs"), new[] { "mcp*.log" }, false, "observed (packaged app)");
                    }
                    Add(list, p, "Claude Desktop", Join(s, local, "Claude", "Logs"), new[] { "mcp*.log" }, false, "not confirmed (single source)");
                    Add(list, p, "Cursor", Join(s, appData, "Cursor", "logs"), new[] { "*MCP*.log", "*mcp*.log" }, true, "not confirmed on Windows");
                    Add(list, p, "VS Code", Join(s, appData, "Code", "logs"), new[] { "*MCP*.log", "*mcp*.log" }, true, "not confirmed (output channel files)");
                    break;
                }
                case "MacOS":
                    Add(list, p, "Claude Desktop", Join(s, home, "Library", "Logs", "Claude"), new[] { "mcp*.log" }, false, "official");
                    Add(list, p, "Claude Code", Join(s, home, "Library", "Caches", "claude-cli-nodejs"), new[] { "*.jsonl" }, true, "observed");
                    Add(list, p, "Cursor", Join(s, home, "Library", "Application Support", "Cursor", "logs"), new[] { "*MCP*.log", "*mcp*.log" }, true, "observed");
                    Add(list, p, "VS Code", Join(s, home, "Library", "Application Support", "Code", "logs"), new[] { "*MCP*.log", "*mcp*.log" }, true, "not confirmed (output channel files)");
                    break;
                default:
                {
                    string config = p.GetEnvironmentVariable("XDG_CONFIG_HOME");
                    if (string.IsNullOrEmpty(config)) config = Join(s, home, ".config");
                    string cache = p.GetEnvironmentVariable("XDG_CACHE_HOME");
                    if (string.IsNullOrEmpty(cache)) cache = Join(s, home, ".cache");
                    Add(list, p, "Claude Desktop", Join(s, config, "Claude", "logs"), new[] { "mcp*.log" }, false, "not confirmed (unofficial Linux builds)");
                    Add(list, p, "Claude Code", Join(s, cache, "claude-cli-nodejs"), new[] { "*.jsonl" }, true, "observed");
                    Add(list, p, "Cursor", Join(s, config, "Cursor", "logs"), new[] { "*MCP*.log", "*mcp*.log" }, true, "not confirmed");
                    Add(list, p, "VS Code", Join(s, config, "Code", "logs"), new[] { "*MCP*.log", "*mcp*.log" }, true, "not confirmed (output channel files)");
                    break;
                }
            }
            return list;
        }

        private static void Add(List<ClientLogFolder> list, ILogPlatform p, string client, string path, string[] patterns, bool recurse, string note)
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

        internal static string Join(char sep, params string[] parts)
        {
            var result = parts[0] ?? "";
            for (int i = 1; i < parts.Length; i++)
            {
                if (result.Length > 0 && result[result.Length - 1] != sep && result[result.Length - 1] != '/' && result[result.Length - 1] != '\\') result += sep;
                result += parts[i];
            }
            return result;
        }

        /// <summary>The log files in an existing folder, newest first.</summary>
        public static List<string> Files(ClientLogFolder folder)
        {
            var files = new List<FileInfo>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var option = folder.Recurse ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
            foreach (var pattern in folder.Patterns)
            {
                try
                {
                    foreach (var f in new DirectoryInfo(folder.Path).EnumerateFiles(pattern, option))
                    {
                        bool gz = f.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
                        if (seen.Add(f.FullName) && (gz || f.Name.EndsWith(".log", StringComparison.OrdinalIgnoreCase) || f.Name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)))
                            files.Add(f);
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // a folder we cannot read is reported by the caller as searched-but-empty
                }
            }
            files.Sort((a, b) => b.LastWriteTimeUtc.CompareTo(a.LastWriteTimeUtc));
            return files.ConvertAll(f => f.FullName);
        }
    }
}
