using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>An in-memory machine: Windows inputs can be tested on Linux.</summary>
    internal sealed class FakeEnv : IHostPlatform
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
            _bytes.Remove(path);
            AddDirs(OsPath.DirectoryOf(Os, path));
            return this;
        }

        /// <summary>A file given as its bytes (a Windows tool's UTF-16 output), decoded at each read as the real host decodes it (TextFile.Decode).</summary>
        public FakeEnv Bytes(string path, byte[] data)
        {
            File(path, "");
            _bytes[path] = data;
            return this;
        }

        private readonly Dictionary<string, byte[]> _bytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);

        public FakeEnv DataFile(string path, string dataName) =>
            File(path, System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "Clients", dataName)));

        public FakeEnv Dir(string path) { AddDirs(path); return this; }

        private void AddDirs(string dir)
        {
            while (!string.IsNullOrEmpty(dir) && Dirs.Add(dir))
            {
                var parent = OsPath.DirectoryOf(Os, dir);
                if (parent == dir) break;
                dir = parent;
            }
        }

        public OsKind Os { get; }
        /// <summary>This computer's names (a Windows-like NetBIOS name in upper case by default, no domain, no addresses).</summary>
        public ComputerNames Computer { get; set; } = new ComputerNames("TESTHOST", "testhost", null, null);
        public string GetVariable(string name) => Vars.TryGetValue(name, out var v) ? v : null;
        public string HomeDirectory { get; }
        public string CurrentDirectory { get; }
        public bool FileExists(string path) => path != null && Files.ContainsKey(path);
        public bool DirectoryExists(string path) => path != null && Dirs.Contains(path.TrimEnd('\\', '/'));

        public IEnumerable<string> GetDirectories(string path, string pattern) =>
            Dirs.Where(d => _cmp.Equals(OsPath.DirectoryOf(Os, d), path) && Like(OsPath.FileName(Os, d), pattern)).ToList();

        public IEnumerable<string> GetFiles(string path, string pattern) =>
            Files.Keys.Where(f => _cmp.Equals(OsPath.DirectoryOf(Os, f), path) && Like(OsPath.FileName(Os, f), pattern)).ToList();

        private bool Like(string name, string pattern) =>
            Regex.IsMatch(name, "^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$", Os == OsKind.Windows ? RegexOptions.IgnoreCase : RegexOptions.None);

        /// <summary>Every path <see cref="ReadAllText"/> was asked for, in order.</summary>
        public List<string> Reads { get; } = new List<string>();

        /// <summary>Files that exist but whose read the file system refuses (ReadAllText throws UnauthorizedAccessException).</summary>
        public HashSet<string> Unreadable { get; } = new HashSet<string>(StringComparer.Ordinal);

        public string ReadAllText(string path, out System.Text.Encoding encoding)
        {
            Reads.Add(path);
            if (Unreadable.Contains(path)) throw new UnauthorizedAccessException("Access to the path '" + path + "' is denied.");
            if (_bytes.TryGetValue(path, out var data))
                return TeleportMcp.Engine.Resources.TextFile.Decode(data, data.Length, keepByteOrderMark: true, out _, out encoding);
            encoding = new System.Text.UTF8Encoding(false);
            return Files.TryGetValue(path, out var t) ? t : throw new FileNotFoundException(path);
        }
        /// <summary>Files' modification times; a file not listed was written 2026-11-01.</summary>
        public Dictionary<string, DateTime> WriteTimes { get; } = new Dictionary<string, DateTime>(StringComparer.Ordinal);

        public DateTime? LastWriteTimeUtc(string path) =>
            !FileExists(path) ? (DateTime?)null : WriteTimes.TryGetValue(path, out var t) ? t : new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        public bool IsWindows => Os == OsKind.Windows;
        public IDictionary<string, string> Environment => Vars;

        /// <summary>Unix files are alice's, 0755, or 0644 when listed in <see cref="NotExecutable"/>.</summary>
        public FileFacts GetFile(string path)
        {
            if (DirectoryExists(path)) return new FileFacts { Exists = true, IsDirectory = true, Mode = IsWindows ? -1 : 0x1ED, OwnerUid = 1000, OwnerGid = 1000 };
            if (!FileExists(path)) return new FileFacts();
            return new FileFacts { Exists = true, Mode = IsWindows ? -1 : NotExecutable.Contains(path) ? 0x1A4 : 0x1ED, OwnerUid = 1000, OwnerGid = 1000 };
        }

        /// <summary>Every path <see cref="ReadStart"/> was asked for, in order.</summary>
        public List<string> StartReads { get; } = new List<string>();

        public string ReadStart(string path, int maxBytes)
        {
            StartReads.Add(path);
            return Files.TryGetValue(path, out var t) ? (System.Text.Encoding.UTF8.GetByteCount(t) <= maxBytes ? t : System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(t), 0, maxBytes)) : null;
        }

        public string ReadFirstLine(string path) => Files.TryGetValue(path, out var t) ? t.Split('\n')[0].TrimEnd('\r') : null;
        public FileStamp? Stamp(string path) =>
            Files.TryGetValue(path, out var t) ? new FileStamp(LastWriteTimeUtc(path) ?? default, System.Text.Encoding.UTF8.GetByteCount(t)) : (FileStamp?)null;

        // A Windows host's Tcpip\Parameters\DataBasePath as installed (REG_EXPAND_SZ, its documented default); nothing else.
        public RegistryString ReadMachineString(string subKey, string valueName, int maxChars) =>
            IsWindows && string.Equals(subKey, HostsFile.TcpipParametersKey, StringComparison.OrdinalIgnoreCase) && string.Equals(valueName, HostsFile.DataBasePathValue, StringComparison.OrdinalIgnoreCase)
                ? new RegistryString(RegistryReadStatus.Read, HostsFile.DefaultFolder, RegistryString.RegExpandSz)
                : new RegistryString(RegistryReadStatus.Missing);

        public System.IO.Stream OpenRead(string path) =>
            Files.TryGetValue(path, out var t) ? new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes(t)) : throw new System.IO.FileNotFoundException(path);
        public HostAccount CurrentUser => IsWindows ? new HostAccount { Name = "alice", Source = "windows" } : new HostAccount { Name = "alice", Uid = 1000, Gid = 1000, Groups = { 1000 } };
        public HostAccount LookupUser(string name) => name == "alice" ? CurrentUser : null;
    }
}
