using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>An in-memory machine: Windows inputs can be tested on Linux.</summary>
    internal sealed class FakeEnv : IClientEnvironment
    {
        private readonly StringComparer _cmp;
        public Dictionary<string, string> Files { get; }
        public HashSet<string> Dirs { get; }
        public HashSet<string> NotExecutable { get; }
        public Dictionary<string, string> Vars { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public FakeEnv(OsKind os, string home, string cwd)
        {
            Os = os;
            _cmp = os == OsKind.Windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            Files = new Dictionary<string, string>(_cmp);
            Dirs = new HashSet<string>(_cmp);
            NotExecutable = new HashSet<string>(_cmp);
            HomeDirectory = home;
            CurrentDirectory = cwd;
        }

        public static FakeEnv Windows()
        {
            var e = new FakeEnv(OsKind.Windows, @"C:\Users\alice", @"C:\src\api");
            e.Vars["APPDATA"] = @"C:\Users\alice\AppData\Roaming";
            e.Vars["LOCALAPPDATA"] = @"C:\Users\alice\AppData\Local";
            e.Vars["USERPROFILE"] = @"C:\Users\alice";
            e.Vars["PATH"] = @"C:\Windows\system32;C:\Windows";
            e.Vars["PATHEXT"] = ".COM;.EXE;.BAT;.CMD";
            return e;
        }

        public static FakeEnv MacOS()
        {
            var e = new FakeEnv(OsKind.MacOS, "/Users/alice", "/Users/alice/src/api");
            e.Vars["PATH"] = "/usr/bin:/bin:/usr/sbin:/sbin";
            return e;
        }

        public static FakeEnv Linux()
        {
            var e = new FakeEnv(OsKind.Linux, "/home/alice", "/home/alice/src/api");
            e.Vars["PATH"] = "/usr/bin:/bin";
            return e;
        }

        public FakeEnv File(string path, string text = "")
        {
            Files[path] = text;
            AddDirs(CommandResolver.DirectoryOf(Os, path));
            return this;
        }

        public FakeEnv DataFile(string path, string dataName) =>
            File(path, System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "Clients", dataName)));

        public FakeEnv Dir(string path) { AddDirs(path); return this; }

        private void AddDirs(string dir)
        {
            while (!string.IsNullOrEmpty(dir) && Dirs.Add(dir))
            {
                var parent = CommandResolver.DirectoryOf(Os, dir);
                if (parent == dir) break;
                dir = parent;
            }
        }

        public OsKind Os { get; }
        public string GetVariable(string name) => Vars.TryGetValue(name, out var v) ? v : null;
        public string HomeDirectory { get; }
        public string CurrentDirectory { get; }
        public bool FileExists(string path) => path != null && Files.ContainsKey(path);
        public bool DirectoryExists(string path) => path != null && Dirs.Contains(path.TrimEnd('\\', '/'));

        public IEnumerable<string> GetDirectories(string path, string pattern) =>
            Dirs.Where(d => _cmp.Equals(CommandResolver.DirectoryOf(Os, d), path) && Like(OsPath.FileName(Os, d), pattern)).ToList();

        public IEnumerable<string> GetFiles(string path, string pattern) =>
            Files.Keys.Where(f => _cmp.Equals(CommandResolver.DirectoryOf(Os, f), path) && Like(OsPath.FileName(Os, f), pattern)).ToList();

        private bool Like(string name, string pattern) =>
            Regex.IsMatch(name, "^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$", Os == OsKind.Windows ? RegexOptions.IgnoreCase : RegexOptions.None);

        public string ReadAllText(string path) => Files.TryGetValue(path, out var t) ? t : throw new FileNotFoundException(path);
        public DateTime? LastWriteTimeUtc(string path) => FileExists(path) ? new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc) : (DateTime?)null;
        public bool IsExecutable(string path) => FileExists(path) && !NotExecutable.Contains(path);
    }

    /// <summary>Answers tsh invocations from a table, and records them.</summary>
    internal sealed class FakeRunner : IProcessRunner
    {
        public List<(string File, string Args, string Home)> Calls { get; } = new List<(string, string, string)>();
        public Func<string, IList<string>, string, ProcessResult> Answer { get; set; }

        public ProcessResult Run(string fileName, IList<string> args, IDictionary<string, string> environment, TimeSpan timeout)
        {
            string home = environment != null && environment.TryGetValue("TELEPORT_HOME", out var h) ? (h ?? "<unset>") : "<inherit>";
            Calls.Add((fileName, string.Join(" ", args), home));
            return Answer?.Invoke(fileName, args, home) ?? new ProcessResult { ExitCode = 1, Stderr = "ERROR: Not logged in.\n\n" };
        }

        public static string Data(string name) => System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "Clients", name));

        /// <summary>An active session (tsh-status-active.json) and the tsh mcp ls listing (tsh-mcp-ls.json).</summary>
        public static FakeRunner Active() => new FakeRunner
        {
            Answer = (f, a, h) => a[0] == "status"
                ? new ProcessResult { ExitCode = 0, Stdout = Data("tsh-status-active.json") }
                : new ProcessResult { ExitCode = 0, Stdout = Data("tsh-mcp-ls.json") },
        };
    }
}
