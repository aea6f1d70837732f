using System;
using System.Diagnostics.CodeAnalysis;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Platform
{
    public enum CommandKind
    {
        Executable,
        /// <summary>A Windows .cmd/.bat shim (npm's npx.cmd): started only through cmd.exe.</summary>
        Batch,
        /// <summary>A .ps1 script: Windows cannot start it directly at all.</summary>
        PowerShellScript,
    }

    public sealed class CommandResolution
    {
        public string? Command { get; set; }
        public string? Path { get; set; }
        public CommandKind Kind { get; set; }
        public List<string> Tried { get; } = new List<string>();

        /// <summary>Go's exec error text when the command is not found (Go os/exec LookPath), else null.</summary>
        public string? Error { get; set; }

        /// <summary>A file that exists but is not executable (Unix mode bits), found during the search.</summary>
        public string? NotExecutable { get; set; }

        [MemberNotNullWhen(true, nameof(Path))]
        public bool Found => Path != null;
    }

    /// <summary>
    /// Resolves a command the way Go's os/exec does in the Teleport process (S3: no shell; a bare name is searched on the
    /// PATH of the Teleport process). Pure: the file system and the OS come through IHostPlatform.
    /// </summary>
    public static class LookPath
    {
        public const string DefaultPathExt = ".COM;.EXE;.BAT;.CMD";

        public static string? GetVariable(IDictionary<string, string> env, string name, bool windows)
        {
            if (env == null) return null;
            if (env.TryGetValue(name, out var v)) return v;
            if (windows)
                foreach (var kv in env)
                    if (string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) return kv.Value;
            return null;
        }

        /// <summary>
        /// The longest path any supported OS opens, in UTF-16 units: Windows' extended-length paths (32,767 characters,
        /// Microsoft "Maximum Path Length Limitation"); Linux refuses a path of PATH_MAX (4,096) bytes or more and macOS
        /// one of MAXPATHLEN (1,024) with ENAMETOOLONG, and a UTF-8 path has at least as many bytes as UTF-16 units.
        /// </summary>
        internal const int MaxPathChars = 32767;

        public static CommandResolution Resolve(string command, IDictionary<string, string> env, IHostPlatform platform)
        {
            bool win = platform.IsWindows;
            var r = new CommandResolution { Command = command };
            if (string.IsNullOrEmpty(command))
            {
                r.Error = "exec: no command";
                return r;
            }
            var pathValue = GetVariable(env, "PATH", win) ?? "";
            var exts = win ? PathExtensions(GetVariable(env, "PATHEXT", true)) : new List<string>();

            // A path longer than any OS opens names no file: each probe would fail (Go's exec.LookPath then tries the next
            // PATH folder), so none is made, and no joined copy of a megabyte command per PATH folder and extension.
            bool openable = command.Length <= MaxPathChars;
            if (HasSeparator(command, win))
            {
                var hit = openable ? Probe(command, exts, platform, r) : null;
                if (hit != null) r.Path = hit;
                // Go: exec.Command keeps a path with a separator as is; the start fails with the OS error.
                else if (r.NotExecutable != null) r.Error = "fork/exec " + command + ": permission denied";
                else r.Error = win ? "exec: \"" + command + "\": file does not exist" : "fork/exec " + command + ": no such file or directory";
            }
            else
            {
                foreach (var dir in openable ? pathValue.Split(win ? ';' : ':') : Array.Empty<string>())
                {
                    // Go (lib os/exec, unix): an empty PATH element means the current directory.
                    var d = dir.Length == 0 ? "." : (win ? dir.Trim('"') : dir);
                    var hit = Probe(Join(d, command, win), exts, platform, r);
                    if (hit != null)
                    {
                        r.Path = hit;
                        break;
                    }
                }
                if (r.Path == null)
                    r.Error = "exec: \"" + command + "\": executable file not found in " + (win ? "%PATH%" : "$PATH");
            }
            if (r.Path != null) r.Kind = KindOf(r.Path, win);
            return r;
        }

        /// <summary>
        /// The file a client's spawn would start for <paramref name="command"/>: the program found, else a file that
        /// exists but lacks an execute bit (the caller reports that); null when nothing fits.
        /// <paramref name="pathDirectories"/> replaces PATH (a GUI app's PATH).
        /// </summary>
        public static string? FindFile(string command, IHostPlatform platform, IEnumerable<string>? pathDirectories = null)
        {
            if (string.IsNullOrWhiteSpace(command)) return null;
            bool win = platform.IsWindows;
            // A Windows-style path checked on another OS is a path that is missing, not a name to search PATH for.
            if (!HasSeparator(command, win) && OsPath.LooksLikePath(platform.Os, command)) return null;
            var env = platform.Environment;
            if (pathDirectories != null)
            {
                var copy = new Dictionary<string, string>(win ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
                foreach (var kv in env)
                    if (!string.Equals(kv.Key, "PATH", win ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)) copy[kv.Key] = kv.Value;
                copy["PATH"] = string.Join(win ? ";" : ":", pathDirectories);
                env = copy;
            }
            var r = Resolve(command, env, platform);
            return r.Path ?? r.NotExecutable;
        }

        /// <summary>True when the current user may execute the file (Windows: any existing file).</summary>
        public static bool IsExecutable(IHostPlatform platform, string path) =>
            platform.FileExists(path) && (platform.IsWindows || CanAccess(platform.GetFile(path), platform.CurrentUser, 'x'));

        public static CommandKind KindOf(string path, bool windows)
        {
            if (!windows) return CommandKind.Executable;
            var ext = Extension(path, true).ToLowerInvariant();
            if (ext == ".cmd" || ext == ".bat") return CommandKind.Batch;
            if (ext == ".ps1") return CommandKind.PowerShellScript;
            return CommandKind.Executable;
        }

        public static List<string> PathExtensions(string? pathExt)
        {
            var list = (pathExt == null || pathExt.Length == 0 ? DefaultPathExt : pathExt)
                .Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(e => e.Trim())
                .Where(e => e.Length > 0)
                .Select(e => (e.StartsWith(".", StringComparison.Ordinal) ? e : "." + e).ToLowerInvariant()) // Go lower-cases PATHEXT (os/exec lp_windows.go)
                .ToList();
            return list;
        }

        public static bool HasSeparator(string command, bool windows) =>
            command.IndexOf('/') >= 0 || (windows && (command.IndexOf('\\') >= 0 || command.IndexOf(':') >= 0));

        public static string Join(string dir, string name, bool windows)
        {
            char sep = windows ? '\\' : '/';
            if (dir.EndsWith("/", StringComparison.Ordinal) || (windows && dir.EndsWith("\\", StringComparison.Ordinal))) return dir + name;
            return dir + sep + name;
        }

        /// <summary>The file name part of a path, with either separator on Windows.</summary>
        public static string FileName(string path, bool windows)
        {
            int i = windows ? path.LastIndexOfAny(new[] { '/', '\\' }) : path.LastIndexOf('/');
            return i < 0 ? path : path.Substring(i + 1);
        }

        public static string Extension(string path, bool windows)
        {
            var name = FileName(path, windows);
            int dot = name.LastIndexOf('.');
            return dot <= 0 ? "" : name.Substring(dot);
        }

        private static string? Probe(string candidate, List<string> exts, IHostPlatform platform, CommandResolution r)
        {
            bool win = platform.IsWindows;
            if (win)
            {
                // Go (os/exec, windows): a name that already has an extension is tried as is first, then each PATHEXT entry appended.
                if (Extension(candidate, true).Length > 0 && IsFile(candidate, platform, r)) return candidate;
                foreach (var e in exts)
                    if (IsFile(candidate + e, platform, r)) return candidate + e;
                return null;
            }
            if (!IsFile(candidate, platform, r)) return null;
            var f = platform.GetFile(candidate);
            // Go's findExecutable (unix) requires some execute bit; otherwise the search goes on.
            if (f.Mode >= 0 && (f.Mode & 0x49) == 0)
            {
                r.NotExecutable = r.NotExecutable ?? candidate;
                return null;
            }
            return candidate;
        }

        private static bool IsFile(string path, IHostPlatform platform, CommandResolution r)
        {
            r.Tried.Add(path);
            var f = platform.GetFile(path);
            return f.Exists && !f.IsDirectory;
        }

        /// <summary>Which of r, w, x bits apply to this account for this file (POSIX rules: owner, then group, then other; root bypasses r/w).</summary>
        public static bool CanAccess(FileFacts file, HostAccount user, char what)
        {
            if (file.Mode < 0 || user == null || user.Uid < 0) return true; // unknown: do not claim a failure
            int bit = what == 'r' ? 4 : what == 'w' ? 2 : 1;
            if (user.Uid == 0) return what != 'x' || file.IsDirectory || (file.Mode & 0x49) != 0;
            if (file.OwnerUid == user.Uid) return ((file.Mode >> 6) & bit) != 0;
            if (user.Gid == file.OwnerGid || user.Groups.Contains(file.OwnerGid)) return ((file.Mode >> 3) & bit) != 0;
            return (file.Mode & bit) != 0;
        }

        /// <summary>Splits a #! line into interpreter and its optional single argument (Linux passes the rest as one argument).</summary>
        public static bool TryParseShebang([NotNullWhen(true)] string? firstLine, [NotNullWhen(true)] out string? interpreter, out string? argument)
        {
            interpreter = argument = null;
            if (firstLine == null || !firstLine.StartsWith("#!", StringComparison.Ordinal)) return false;
            var rest = firstLine.Substring(2).Trim();
            if (rest.Length == 0) return false;
            int sp = rest.IndexOfAny(new[] { ' ', '\t' });
            interpreter = sp < 0 ? rest : rest.Substring(0, sp);
            argument = sp < 0 ? null : rest.Substring(sp + 1).Trim();
            if (argument != null && argument.Length == 0) argument = null;
            return true;
        }
    }
}
