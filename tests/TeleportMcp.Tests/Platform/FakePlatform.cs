using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>An in-memory host: files with modes and owners, accounts, environment. Windows or Unix by flag.</summary>
    internal sealed class FakePlatform : IHostPlatform
    {
        private readonly Dictionary<string, FileFacts> _files;
        private readonly Dictionary<string, string> _firstLines;
        public Dictionary<string, HostAccount> Accounts { get; } = new Dictionary<string, HostAccount>();

        public FakePlatform(bool windows)
        {
            IsWindows = windows;
            var cmp = windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            _files = new Dictionary<string, FileFacts>(cmp);
            _firstLines = new Dictionary<string, string>(cmp);
            Environment = new Dictionary<string, string>(cmp);
            CurrentUser = windows ? new HostAccount { Name = "admin", Source = "windows" } : new HostAccount { Name = "root", Uid = 0, Gid = 0, Groups = { 0 } };
            // A Windows host's Tcpip\Parameters\DataBasePath as installed (REG_EXPAND_SZ, its documented default).
            if (windows) Registry[DataBasePathKey] = new RegistryString(RegistryReadStatus.Read, HostsFile.DefaultFolder, RegistryString.RegExpandSz);
        }

        /// <summary>The registry key and value name of the hosts file's folder, as <see cref="Registry"/> keys them.</summary>
        public const string DataBasePathKey = HostsFile.TcpipParametersKey + @"\" + HostsFile.DataBasePathValue;

        /// <summary>HKLM values ReadMachineString gives, keyed "subkey\value" (ignoring case, as the registry compares names); others are Missing.</summary>
        public Dictionary<string, RegistryString> Registry { get; } = new Dictionary<string, RegistryString>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The number of ReadMachineString calls.</summary>
        public int RegistryReads { get; private set; }

        public RegistryString ReadMachineString(string subKey, string valueName, int maxChars)
        {
            RegistryReads++;
            if (!Registry.TryGetValue(subKey + @"\" + valueName, out var v)) return new RegistryString(RegistryReadStatus.Missing);
            return v.Status == RegistryReadStatus.Read && v.Text.Length > maxChars ? new RegistryString(RegistryReadStatus.TooLong, type: v.Type) : v;
        }

        /// <summary>Files' last write times for Stamp (a file of <see cref="Contents"/> not listed: 2026-11-01), and what Stamp throws for a path.</summary>
        public Dictionary<string, DateTime> WriteTimes { get; } = new Dictionary<string, DateTime>();
        public Dictionary<string, Exception> StampFailures { get; } = new Dictionary<string, Exception>();

        /// <summary>The number of Stamp calls.</summary>
        public int Stamps { get; private set; }

        public FileStamp? Stamp(string path)
        {
            Stamps++;
            if (StampFailures.TryGetValue(path, out var e)) throw e;
            return Contents.TryGetValue(path, out var bytes)
                ? new FileStamp(WriteTimes.TryGetValue(path, out var t) ? t : new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), bytes.Length)
                : (FileStamp?)null;
        }

        public OsKind Os => IsWindows ? OsKind.Windows : OsKind.Linux;
        /// <summary>Executable files (0755) and directories at the given paths, and these environment variables.</summary>
        public FakePlatform(bool windows, IEnumerable<string> files, IDictionary<string, string> env, IEnumerable<string> dirs = null)
            : this(windows)
        {
            foreach (var f in files) File(f);
            foreach (var d in dirs ?? Array.Empty<string>()) Dir(d);
            foreach (var kv in env) Environment[kv.Key] = kv.Value;
        }

        public bool IsWindows { get; }
        public HostAccount CurrentUser { get; set; }
        /// <summary>This computer's names (a Windows-like NetBIOS name in upper case by default, no domain, no addresses).</summary>
        public ComputerNames Computer { get; set; } = new ComputerNames("TESTHOST", "testhost", null, null);
        public IDictionary<string, string> Environment { get; }

        public FakePlatform File(string path, int mode = 0x1ED /* 0755 */, long owner = 0, long group = 0, string firstLine = null, bool socket = false)
        {
            _files[path] = new FileFacts { Exists = true, Mode = IsWindows ? -1 : mode, OwnerUid = owner, OwnerGid = group, IsSocket = socket };
            if (firstLine != null) _firstLines[path] = firstLine;
            return this;
        }

        public FakePlatform Dir(string path, int mode = 0x1ED, long owner = 0, long group = 0)
        {
            _files[path] = new FileFacts { Exists = true, IsDirectory = true, Mode = IsWindows ? -1 : mode, OwnerUid = owner, OwnerGid = group };
            return this;
        }

        public FakePlatform User(string name, long uid, long gid, params long[] groups)
        {
            var a = new HostAccount { Name = name, Uid = IsWindows ? -1 : uid, Gid = IsWindows ? -1 : gid, Source = IsWindows ? "windows" : "/etc/passwd" };
            a.Groups.Add(gid);
            a.Groups.AddRange(groups);
            Accounts[name] = a;
            return this;
        }

        public string GetVariable(string name) => LookPath.GetVariable(Environment, name, IsWindows);
        public string HomeDirectory => IsWindows ? @"C:\Users\admin" : "/root";
        public string CurrentDirectory => IsWindows ? @"C:\" : "/";
        public bool FileExists(string path) => path != null && GetFile(path).Exists && !GetFile(path).IsDirectory;
        public bool DirectoryExists(string path) => path != null && GetFile(path).IsDirectory;

        public IEnumerable<string> GetDirectories(string path, string pattern) => Children(path, pattern, true);
        public IEnumerable<string> GetFiles(string path, string pattern) => Children(path, pattern, false);

        private IEnumerable<string> Children(string path, string pattern, bool dirs)
        {
            var os = IsWindows ? OsKind.Windows : OsKind.Linux;
            var like = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$", IsWindows ? RegexOptions.IgnoreCase : RegexOptions.None);
            // A Windows drive or share root is listed as "C:\" (as Directory.GetFiles is given it); its entries' directory part is "C:".
            if (IsWindows && path.Length > 1) path = path.TrimEnd('\\', '/');
            return _files.Where(kv => kv.Value.IsDirectory == dirs && string.Equals(OsPath.DirectoryOf(os, kv.Key), path, IsWindows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
                                      && like.IsMatch(OsPath.FileName(os, kv.Key))).Select(kv => kv.Key).ToList();
        }

        public string ReadAllText(string path, out System.Text.Encoding encoding)
        {
            encoding = new System.Text.UTF8Encoding(false);
            return FileExists(path) ? ReadFirstLine(path) : throw new System.IO.FileNotFoundException(path);
        }
        public DateTime? LastWriteTimeUtc(string path) => FileExists(path) ? new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc) : (DateTime?)null;

        public FileFacts GetFile(string path) => _files.TryGetValue(path, out var f) ? f : new FileFacts();
        /// <summary>Thrown by LookupUser for a name <see cref="Accounts"/> does not hold (a lookup that got no answer).</summary>
        public Exception LookupFailure { get; set; }

        public HostAccount LookupUser(string name) => Accounts.TryGetValue(name, out var a) ? a : LookupFailure != null ? throw LookupFailure : null;
        public string ReadStart(string path, int maxBytes) => ReadFirstLine(path);
        public string ReadFirstLine(string path) => _firstLines.TryGetValue(path, out var l) ? l : (_files.ContainsKey(path) ? "" : null);

        /// <summary>Whole files OpenRead gives (their bytes), or the exception it throws for a path (an unreadable file).</summary>
        public Dictionary<string, byte[]> Contents { get; } = new Dictionary<string, byte[]>();
        public Dictionary<string, Exception> OpenFailures { get; } = new Dictionary<string, Exception>();

        /// <summary>The number of OpenRead calls (a file read once is opened only by its first reader).</summary>
        public int Opened { get; private set; }

        public System.IO.Stream OpenRead(string path)
        {
            Opened++;
            if (OpenFailures.TryGetValue(path, out var e)) throw e;
            return Contents.TryGetValue(path, out var bytes) ? new System.IO.MemoryStream(bytes, false) : throw new System.IO.FileNotFoundException(path);
        }
    }
}
