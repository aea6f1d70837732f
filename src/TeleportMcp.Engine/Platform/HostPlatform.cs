using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>A host account as the OS knows it. Uid/Gid are -1 on Windows.</summary>
    public sealed class HostAccount
    {
        public string Name { get; set; } = "";
        public long Uid { get; set; } = -1;
        public long Gid { get; set; } = -1;
        public List<long> Groups { get; set; } = new List<long>();
        public string? Home { get; set; }
        public string? Shell { get; set; }

        /// <summary>Where the account was found: /etc/passwd, getent, or windows.</summary>
        public string? Source { get; set; }
    }

    /// <summary>What the probe needs to know about a file. Mode is the POSIX permission bits (-1 when unknown, e.g. Windows).</summary>
    public sealed class FileFacts
    {
        public bool Exists { get; set; }
        public bool IsDirectory { get; set; }
        public bool IsSocket { get; set; }
        public int Mode { get; set; } = -1;
        public long OwnerUid { get; set; } = -1;
        public long OwnerGid { get; set; } = -1;
    }

    /// <summary>A file's last write time and length from one stat (<see cref="IHostPlatform.Stamp"/>): when either changed, so may its text.</summary>
    public readonly struct FileStamp : IEquatable<FileStamp>
    {
        public FileStamp(DateTime lastWriteUtc, long length)
        {
            LastWriteUtc = lastWriteUtc;
            Length = length;
        }

        public DateTime LastWriteUtc { get; }
        public long Length { get; }

        public bool Equals(FileStamp other) => LastWriteUtc == other.LastWriteUtc && Length == other.Length;
        public override bool Equals(object? obj) => obj is FileStamp other && Equals(other);
        public override int GetHashCode() => LastWriteUtc.GetHashCode() ^ Length.GetHashCode();
        public static bool operator ==(FileStamp left, FileStamp right) => left.Equals(right);
        public static bool operator !=(FileStamp left, FileStamp right) => !left.Equals(right);
    }

    /// <summary>What reading a registry string value gave (<see cref="IHostPlatform.ReadMachineString"/>).</summary>
    public enum RegistryReadStatus
    {
        /// <summary>A REG_SZ or REG_EXPAND_SZ value; its text is <see cref="RegistryString.Text"/>.</summary>
        Read,
        /// <summary>The key or the value does not exist (or the system has no registry).</summary>
        Missing,
        /// <summary>The value exists with another type (<see cref="RegistryString.Type"/>).</summary>
        NotAString,
        /// <summary>The value is longer than the most characters asked for.</summary>
        TooLong,
        /// <summary>The value could not be read (<see cref="RegistryString.Detail"/>: the system's error).</summary>
        Unreadable,
    }

    /// <summary>A registry string value as stored (REG_EXPAND_SZ not expanded), or why there is none.</summary>
    public sealed class RegistryString
    {
        public RegistryString(RegistryReadStatus status, string? text = null, int type = 0, string? detail = null)
        {
            Status = status;
            Text = text;
            Type = type;
            Detail = detail;
        }

        public RegistryReadStatus Status { get; }

        /// <summary>The text without its terminating NULs (Read only).</summary>
        public string? Text { get; }

        /// <summary>The value's registry type (winnt.h: REG_SZ 1, REG_EXPAND_SZ 2, REG_BINARY 3, REG_DWORD 4, REG_MULTI_SZ 7); 0 when not read.</summary>
        public int Type { get; }

        /// <summary>The system's error (Unreadable), or null.</summary>
        public string? Detail { get; }

        public const int RegSz = 1;
        public const int RegExpandSz = 2;
    }

    /// <summary>A helper program (getent) that did not answer within its limit: what it would have said is not known.</summary>
    public sealed class HostHelperTimeoutException : TimeoutException
    {
        public HostHelperTimeoutException(string message) : base(message)
        {
        }
    }

    public enum OsKind
    {
        Windows,
        MacOS,
        Linux,
    }

    /// <summary>
    /// The one seam between the module and the operating system: everything that differs on Windows (environment,
    /// PATHEXT, special folders, file facts, accounts) comes through here, so every rule can be tested with Windows
    /// inputs on Linux and the other way round. The real one is <see cref="HostPlatform.Current"/>.
    /// </summary>
    public interface IHostPlatform
    {
        OsKind Os { get; }
        bool IsWindows { get; }

        /// <summary>The whole environment (case-insensitive keys on Windows).</summary>
        IDictionary<string, string> Environment { get; }

        /// <summary>One environment variable; null when unset.</summary>
        string? GetVariable(string name);

        string HomeDirectory { get; }
        string CurrentDirectory { get; }

        bool FileExists(string? path);
        bool DirectoryExists(string path);

        /// <summary>Type, mode and owner of a file (Linux: statx; elsewhere on Unix it may cost a stat(1) process: prefer FileExists for existence).</summary>
        FileFacts GetFile(string? path);

        /// <summary>Subdirectories of <paramref name="path"/> matching a simple '*' pattern; empty when it does not exist.</summary>
        IEnumerable<string> GetDirectories(string path, string pattern);

        /// <summary>Files of a directory matching a simple '*' pattern; empty when it does not exist.</summary>
        IEnumerable<string> GetFiles(string path, string pattern);

        /// <summary>
        /// The whole text; a byte order mark stays as U+FEFF at its start (MCP client files report it), and
        /// <paramref name="encoding"/> is the encoding it named (UTF-8 without one): a client that reads only UTF-8
        /// refuses a UTF-16 file this decodes (<see cref="Resources.TextFile.Decode"/>).
        /// </summary>
        string ReadAllText(string path, out System.Text.Encoding encoding);

        /// <summary>The first line of a file (for #!), or null when it cannot be read or is a FIFO, device or socket.</summary>
        string? ReadFirstLine(string path);

        /// <summary>At most the first <paramref name="maxBytes"/> bytes of a file, as UTF-8 text (a log's first lines); null when it cannot be read.</summary>
        string? ReadStart(string path, int maxBytes);
        /// <summary>
        /// A file opened to read (the hosts file, <see cref="HostsFile"/>); throws as File.OpenRead does (FileNotFoundException,
        /// UnauthorizedAccessException, IOException; an IOException for a FIFO, device or socket, refused before opening). The caller
        /// bounds what it reads.
        /// </summary>
        System.IO.Stream OpenRead(string path);

        DateTime? LastWriteTimeUtc(string? path);

        /// <summary>
        /// The file's last write time and length from one stat; null when it does not exist. Throws as FileInfo does
        /// (UnauthorizedAccessException, IOException) when it cannot be asked.
        /// </summary>
        FileStamp? Stamp(string path);

        /// <summary>
        /// A string value under HKEY_LOCAL_MACHINE\<paramref name="subKey"/> as stored (a REG_EXPAND_SZ value is not expanded:
        /// the caller expands it with <see cref="GetVariable"/>, so Windows is tested with Windows inputs), at most
        /// <paramref name="maxChars"/> characters; Missing where there is no registry. Never throws.
        /// </summary>
        RegistryString ReadMachineString(string subKey, string valueName, int maxChars);

        HostAccount CurrentUser { get; }
        HostAccount? LookupUser(string name);

        /// <summary>This computer's own names and addresses, as the system holds them (nothing resolved).</summary>
        ComputerNames Computer { get; }
    }

    /// <summary>
    /// The real host. The small helper programs it runs (stat, getent, id) end at once, their process killed, when the
    /// token of <see cref="StopWith"/> is cancelled (Ctrl+C), instead of running to their 5 s limit.
    /// </summary>
    public sealed class HostPlatform : IHostPlatform
    {
        public static readonly HostPlatform Current = new HostPlatform();
        private HostAccount? _current;
        // When a current user that getent did not answer for is looked up again (0: the answer is final).
        private long _currentRetryAt;
        private readonly HostPlatform? _root;
        private readonly CancellationToken _cancel;

        private HostPlatform()
        {
        }

        private HostPlatform(HostPlatform root, CancellationToken cancel)
        {
            _root = root;
            _cancel = cancel;
        }

        /// <summary>The same host, whose helper programs stop (and throw OperationCanceledException) when <paramref name="cancel"/> is cancelled.</summary>
        public HostPlatform StopWith(CancellationToken cancel) => cancel.CanBeCanceled ? new HostPlatform(_root ?? this, cancel) : (_root ?? this);

        /// <summary>The platform bound to <paramref name="cancel"/> when it is the real host; any other platform (a test's) as it is.</summary>
        public static IHostPlatform StopWith(IHostPlatform? platform, CancellationToken cancel) =>
            platform == null ? Current.StopWith(cancel) : platform is HostPlatform real ? real.StopWith(cancel) : platform;

        public OsKind Os { get; } =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OsKind.Windows
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? OsKind.MacOS
            : OsKind.Linux;

        public bool IsWindows => Os == OsKind.Windows;

        public string? GetVariable(string name) => System.Environment.GetEnvironmentVariable(name);

        public string HomeDirectory
        {
            get
            {
                var h = IsWindows ? GetVariable("USERPROFILE") : GetVariable("HOME");
                return StringChecks.IsNullOrEmpty(h) ? System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile) : h;
            }
        }

        public string CurrentDirectory => Directory.GetCurrentDirectory();
        // A path longer than any OS opens (LookPath.MaxPathChars) names nothing: not handed to the runtime, which copies and
        // encodes a megabyte path (a TELEPORT_HOME value) several times only to be refused.
        public bool FileExists(string? path) => !string.IsNullOrEmpty(path) && path!.Length <= LookPath.MaxPathChars && File.Exists(path);
        public bool DirectoryExists(string path) => !string.IsNullOrEmpty(path) && path.Length <= LookPath.MaxPathChars && Directory.Exists(path);

        public IEnumerable<string> GetDirectories(string path, string pattern)
        {
            try { return DirectoryExists(path) ? Directory.GetDirectories(path, pattern) : Array.Empty<string>(); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return Array.Empty<string>(); }
        }

        public IEnumerable<string> GetFiles(string path, string pattern)
        {
            try { return DirectoryExists(path) ? Directory.GetFiles(path, pattern) : Array.Empty<string>(); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return Array.Empty<string>(); }
        }

        public string ReadAllText(string path, out System.Text.Encoding encoding) => TextFile.ReadAllText(path, keepByteOrderMark: true, CancellationToken.None, out _, out encoding);

        public DateTime? LastWriteTimeUtc(string? path) => FileExists(path) ? File.GetLastWriteTimeUtc(path) : (DateTime?)null;

        public FileStamp? Stamp(string path)
        {
            if (path != null && path.Length > LookPath.MaxPathChars) throw new PathTooLongException();
            var info = new FileInfo(path!);
            return info.Exists ? new FileStamp(info.LastWriteTimeUtc, info.Length) : (FileStamp?)null;
        }

        public RegistryString ReadMachineString(string subKey, string valueName, int maxChars)
        {
            if (!IsWindows) return new RegistryString(RegistryReadStatus.Missing);
            try
            {
                return ReadWindowsString(subKey, valueName, maxChars);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return new RegistryString(RegistryReadStatus.Unreadable, detail: OutputSafe(e.Message));
            }
        }

        private static string OutputSafe(string message) => Output.OutputText.SafeMessage(message) ?? "";

        // HKEY_LOCAL_MACHINE is ((HKEY)(ULONG_PTR)((LONG)0x80000002)) in winreg.h: sign-extended on 64-bit.
        private static readonly IntPtr HkeyLocalMachine = new IntPtr(unchecked((int)0x80000002));

        // winreg.h: RRF_RT_ANY 0x0000ffff, RRF_NOEXPAND 0x10000000; winerror.h: ERROR_FILE_NOT_FOUND 2, ERROR_MORE_DATA 234.
        private const int RrfRtAny = 0x0000ffff;
        private const int RrfNoExpand = 0x10000000;

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, ExactSpelling = true)]
        private static extern int RegGetValueW(IntPtr hkey, string subKey, string value, int flags, out int type, byte[]? data, ref int dataBytes);

        // RegGetValueW (advapi32, Windows Vista and later; Windows PowerShell 5.1's hosts have it): the type and size first,
        // then the bytes; a value longer than maxChars is not read.
        private static RegistryString ReadWindowsString(string subKey, string valueName, int maxChars) =>
            ReadRegistryString((byte[]? data, ref int bytes, out int type) =>
                RegGetValueW(HkeyLocalMachine, subKey, valueName, RrfRtAny | RrfNoExpand, out type, data, ref bytes), maxChars);

        /// <summary>One RegGetValueW call on a value: its return code; <paramref name="bytes"/> in: the buffer's size, out: the value's.</summary>
        internal delegate int RegistryGet(byte[]? data, ref int bytes, out int type);

        /// <summary>
        /// A registry string read through <paramref name="get"/>: the size first, then the bytes. A value that grew between
        /// the two calls (ERROR_MORE_DATA, 234, with its new size: RegGetValueW's documented answer to a buffer too small) is
        /// read once more with that size; past maxChars it is TooLong, and a value that grew again is Unreadable, saying so
        /// (review 332: it was reported as longer than 32,767 characters, which it need not be).
        /// </summary>
        internal static RegistryString ReadRegistryString(RegistryGet get, int maxChars)
        {
            int bytes = 0;
            int rc = get(null, ref bytes, out int type);
            if (rc == 2) return new RegistryString(RegistryReadStatus.Missing);
            if (rc != 0 && rc != 234) return new RegistryString(RegistryReadStatus.Unreadable, detail: OutputSafe(new System.ComponentModel.Win32Exception(rc).Message));
            for (int attempt = 0; ; attempt++)
            {
                if (type != RegistryString.RegSz && type != RegistryString.RegExpandSz) return new RegistryString(RegistryReadStatus.NotAString, type: type);
                // The stored size counts the terminating NUL (2 bytes) when there is one.
                if (bytes < 0 || bytes / 2 > (long)maxChars + 1) return new RegistryString(RegistryReadStatus.TooLong, type: type);
                var data = new byte[bytes + 2];
                int size = data.Length;
                rc = get(data, ref size, out type);
                if (rc == 2) return new RegistryString(RegistryReadStatus.Missing);
                if (rc == 234)
                {
                    // The value changed between the calls: size is its new size (winerror.h ERROR_MORE_DATA; RegGetValueW's docs).
                    if (attempt == 0)
                    {
                        bytes = size;
                        continue;
                    }
                    if (size < 0 || size / 2 > (long)maxChars + 1) return new RegistryString(RegistryReadStatus.TooLong, type: type);
                    return new RegistryString(RegistryReadStatus.Unreadable, type: type, detail: "the value changed while it was read (twice, each time longer than the size read just before); read it again later");
                }
                if (rc != 0) return new RegistryString(RegistryReadStatus.Unreadable, detail: OutputSafe(new System.ComponentModel.Win32Exception(rc).Message));
                if (type != RegistryString.RegSz && type != RegistryString.RegExpandSz) return new RegistryString(RegistryReadStatus.NotAString, type: type);
                var text = Encoding.Unicode.GetString(data, 0, Math.Max(0, Math.Min(size, data.Length)) & ~1);
                text = text.TrimEnd('\0');
                if (text.Length > maxChars) return new RegistryString(RegistryReadStatus.TooLong, type: type);
                return new RegistryString(RegistryReadStatus.Read, text, type);
            }
        }

        public IDictionary<string, string> Environment
        {
            get
            {
                var env = new Dictionary<string, string>(IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
                foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
                    env[(string)e.Key] = (string)e.Value;
                return env;
            }
        }

        private ComputerNames? _computer;

        /// <summary>Read once for the process, on first use (the root's, shared by every StopWith copy).</summary>
        public ComputerNames Computer
        {
            get
            {
                var root = _root ?? this;
                return root._computer ??= ComputerNames.Read();
            }
        }

        public HostAccount CurrentUser
        {
            get
            {
                // One answer per process: every instance bound to a token shares the root's.
                var root = _root ?? this;
                if (root._current != null && (root._currentRetryAt == 0 || Stopwatch.GetTimestamp() < root._currentRetryAt)) return root._current;
                var name = System.Environment.UserName;
                if (IsWindows) return root._current = new HostAccount { Name = name, Source = "windows" };
                long uid = ReadProcStatusId("Uid:");
                HostAccount? acct = uid >= 0 ? FindPasswd(e => e.Uid == uid) : null;
                if (acct == null)
                {
                    try { acct = LookupUser(name); }
                    // Kept for a minute only: a later run may get the answer, but every check of this one must not wait 5 s again.
                    catch (HostHelperTimeoutException)
                    {
                        root._currentRetryAt = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
                        return root._current = new HostAccount { Name = name, Uid = uid };
                    }
                }
                root._currentRetryAt = 0;
                return root._current = acct ?? new HostAccount { Name = name, Uid = uid };
            }
        }

        public FileFacts GetFile(string? path)
        {
            var facts = new FileFacts();
            if (StringChecks.IsNullOrEmpty(path) || path.Length > LookPath.MaxPathChars) return facts;
            if (IsWindows)
            {
                facts.IsDirectory = Directory.Exists(path);
                facts.Exists = facts.IsDirectory || File.Exists(path);
                return facts;
            }
            // A stopped check has no answer, with or without a helper program.
            _cancel.ThrowIfCancellationRequested();
            if (Os == OsKind.Linux && LinuxStat.Get(path) is FileFacts answered) return answered;
            return StatProgram(path);
        }

        /// <summary><see cref="GetFile"/> through the stat(1) program (macOS, or where statx does not answer).</summary>
        internal FileFacts StatProgram(string path)
        {
            var facts = new FileFacts();
            // Most PATH candidates do not exist: answer those without starting a process.
            bool isDir = Directory.Exists(path);
            if (!isDir && !File.Exists(path)) return facts;
            // netstandard2.0 has no stat(); stat(1) gives mode, owner and type in one call on Linux (GNU) and macOS (BSD).
            var output = Run("stat", StatArguments(new[] { path }));
            if (output == null)
            {
                facts.IsDirectory = Directory.Exists(path);
                facts.Exists = facts.IsDirectory || File.Exists(path);
                return facts;
            }
            return ParseStat(output.Trim()) ?? facts;
        }

        private string[] StatArguments(IEnumerable<string> paths)
        {
            var args = new List<string>(Os == OsKind.MacOS ? new[] { "-L", "-f", "%Lp %u %g %HT", "--" } : new[] { "-L", "-c", "%a %u %g %F", "--" });
            args.AddRange(paths);
            return args.ToArray();
        }

        /// <summary>One line of stat(1) as <see cref="StatArguments"/> asks for it: mode (octal), uid, gid, file type.</summary>
        private static FileFacts? ParseStat(string line)
        {
            var parts = line.Split(new[] { ' ' }, 4);
            if (parts.Length < 4) return null;
            var facts = new FileFacts { Exists = true };
            facts.Mode = Convert.ToInt32(parts[0], 8);
            facts.OwnerUid = long.Parse(parts[1], CultureInfo.InvariantCulture);
            facts.OwnerGid = long.Parse(parts[2], CultureInfo.InvariantCulture);
            var type = parts[3].ToLowerInvariant();
            facts.IsDirectory = type.Contains("directory");
            facts.IsSocket = type.Contains("socket");
            return facts;
        }

        /// <summary>
        /// <see cref="GetFile"/> for an existing absolute path and every folder above it (what <see cref="HostAccess.Check"/>
        /// asks next). Linux answers each with statx; elsewhere one stat(1) answers all of them instead of one each:
        /// starting the helper cost more than the rest of the static checks (bench/probe.ps1). Only the path itself when
        /// that does not answer each of them.
        /// </summary>
        public Dictionary<string, FileFacts> GetFileWithParents(string path)
        {
            _cancel.ThrowIfCancellationRequested();
            if (Os == OsKind.Linux && !StringChecks.IsNullOrEmpty(path) && LinuxStat.Get(path) is FileFacts answered)
            {
                var result = new Dictionary<string, FileFacts>(StringComparer.Ordinal) { [path] = answered };
                if (answered.Exists && Path.IsPathRooted(path))
                    foreach (var folder in HostAccess.Parents(Os, path))
                        if (LinuxStat.Get(folder) is FileFacts f && f.Exists) result[folder] = f;
                return result;
            }
            return StatProgramWithParents(path);
        }

        /// <summary><see cref="GetFileWithParents"/> with one stat(1) for all of them.</summary>
        internal Dictionary<string, FileFacts> StatProgramWithParents(string path)
        {
            var result = new Dictionary<string, FileFacts>(StringComparer.Ordinal);
            if (!IsWindows && !StringChecks.IsNullOrEmpty(path) && Path.IsPathRooted(path) && path.IndexOf('\n') < 0 && (File.Exists(path) || Directory.Exists(path)))
            {
                var paths = new List<string> { path };
                paths.AddRange(HostAccess.Parents(Os, path).Where(Directory.Exists));
                var output = Run("stat", StatArguments(paths));
                var lines = output?.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries);
                if (lines != null && lines.Length == paths.Count)
                {
                    var parsed = lines.Select(l => ParseStat(l.Trim())).ToList();
                    if (parsed.All(f => f != null))
                    {
                        for (int i = 0; i < paths.Count; i++) result[paths[i]] = parsed[i]!;
                        return result;
                    }
                }
            }
            result[path] = IsWindows ? GetFile(path) : StatProgram(path);
            return result;
        }

        /// <exception cref="HostHelperTimeoutException">getent did not answer within its limit: whether the account exists is not known.</exception>
        public HostAccount? LookupUser(string name) => LookupUser(name, ProcessRunner.Instance);

        internal HostAccount? LookupUser(string name, IProcessRunner runner)
        {
            if (string.IsNullOrEmpty(name)) return null;
            if (IsWindows) return LookupWindowsAccount(name);
            // Go's os/user (user.Lookup, lookup_unix.go / cgo_lookup_unix.go) reads /etc/passwd (pure Go) or calls
            // getpwnam_r (cgo, which also sees LDAP/SSSD): try both (S4). Both look the name up as a name only:
            // "-sfiles" is not an option and "0" is not a uid, so either is an unknown user unless an account has
            // exactly that name.
            if (!IsAccountName(name)) return null;
            var acct = FindPasswd(e => e.Name == name);
            if (acct != null) return acct;
            var line = Run(runner, "getent", new[] { "passwd", "--", name }, _cancel, out bool timedOut);
            // An NSS lookup (LDAP, SSSD) slower than the limit, or a loaded machine: no answer is not "no such account".
            if (timedOut) throw new HostHelperTimeoutException("getent passwd did not answer within " + HelperTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s");
            if (StringChecks.IsNullOrWhiteSpace(line)) return null;
            acct = ParsePasswdLine(line.Split('\n')[0].Trim());
            // getent answers a numeric key by uid; getpwnam does not.
            if (acct == null || acct.Name != name) return null;
            acct.Source = "getent";
            AddGroups(acct);
            return acct;
        }

        /// <summary>
        /// A name getpwnam could hold: not empty, no ':' (the passwd field separator), no control character and no
        /// NUL (which would cut the name). Anything else cannot name an account.
        /// </summary>
        public static bool IsAccountName([NotNullWhen(true)] string? name)
        {
            if (StringChecks.IsNullOrEmpty(name) || name.Length > 256) return false;
            foreach (char c in name)
                if (c == ':' || c < 0x20 || c == 0x7F) return false;
            return true;
        }

        public string? ReadStart(string path, int maxBytes)
        {
            try
            {
                // A FIFO, device or socket is refused before opening (opening a FIFO waits for a writer), as LogFileReader.OpenShared
                // does; shared so that a log the client is writing (or rotating away) still opens.
                if (FileSystem.FileWalker.RefuseSpecial(path) != null) return null;
                using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                {
                    var buf = new byte[maxBytes];
                    int n = 0, got;
                    while (n < buf.Length && (got = fs.Read(buf, n, buf.Length - n)) > 0) n += got;
                    return Encoding.UTF8.GetString(buf, 0, n);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }
        public Stream OpenRead(string path)
        {
            if (path != null && path.Length > LookPath.MaxPathChars) throw new PathTooLongException();
            // A FIFO, device or socket is refused before opening (opening a FIFO waits for a writer, a device may never end),
            // as TextFile.ReadAllText and ReadStart do: an IOException, which the caller reports as a file it could not read.
            var special = FileSystem.FileWalker.RefuseSpecial(path!);
            if (special != null) throw new IOException(special);
            return File.OpenRead(path!);
        }

        public string? ReadFirstLine(string path)
        {
            try
            {
                // The #! line of a program a configuration names: a FIFO (or device, socket) of that name is refused before
                // opening, which would wait for a writer; opened shared, as ReadStart does.
                if (FileSystem.FileWalker.RefuseSpecial(path) != null) return null;
                using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                {
                    var buf = new byte[256];
                    int n = fs.Read(buf, 0, buf.Length);
                    var text = Encoding.UTF8.GetString(buf, 0, n);
                    int nl = text.IndexOf('\n');
                    return (nl >= 0 ? text.Substring(0, nl) : text).TrimEnd('\r');
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>Parses one /etc/passwd line: name:pw:uid:gid:gecos:home:shell.</summary>
        public static HostAccount? ParsePasswdLine(string line)
        {
            var f = line.Split(':');
            if (f.Length < 7) return null;
            if (!long.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var uid)) return null;
            if (!long.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var gid)) return null;
            var acct = new HostAccount { Name = f[0], Uid = uid, Gid = gid, Home = f[5], Shell = f[6], Source = "/etc/passwd" };
            acct.Groups.Add(gid);
            return acct;
        }

        private static HostAccount? FindPasswd(Func<HostAccount, bool> match)
        {
            string[] lines;
            try { lines = File.ReadAllLines("/etc/passwd"); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return null; }
            foreach (var l in lines)
            {
                if (l.StartsWith("#", StringComparison.Ordinal)) continue;
                var acct = ParsePasswdLine(l);
                if (acct != null && match(acct))
                {
                    AddGroups(acct);
                    return acct;
                }
            }
            return null;
        }

        /// <summary>Supplementary groups from /etc/group (member lists), as Teleport passes them (lib/utils/host/hostusers.go).</summary>
        private static void AddGroups(HostAccount acct)
        {
            try
            {
                foreach (var l in File.ReadAllLines("/etc/group"))
                {
                    var f = l.Split(':');
                    if (f.Length < 4 || !long.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var gid)) continue;
                    if (Array.IndexOf(f[3].Split(','), acct.Name) >= 0 && !acct.Groups.Contains(gid)) acct.Groups.Add(gid);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
            }
        }

        private long ReadProcStatusId(string key)
        {
            try
            {
                foreach (var l in File.ReadAllLines("/proc/self/status"))
                    if (l.StartsWith(key, StringComparison.Ordinal))
                    {
                        var f = l.Substring(key.Length).Split(new[] { '\t', ' ' }, StringSplitOptions.RemoveEmptyEntries);
                        // Real, effective, saved, fs: permissions follow the effective id.
                        return long.Parse(f.Length > 1 ? f[1] : f[0], CultureInfo.InvariantCulture);
                    }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException)
            {
            }
            var id = Run("id", new[] { "-u" });
            return id != null && long.TryParse(id.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;
        }

        /// <summary>
        /// Runs a small helper program (stat, getent, id) and returns its stdout, or null when it fails. A stop ends it at
        /// once (the runner kills its process aside) and throws OperationCanceledException: a stopped check has no answer.
        /// </summary>
        // stat, getent and id answer in milliseconds; an NSS lookup over the network (LDAP, SSSD) may take seconds.
        private static readonly TimeSpan HelperTimeout = TimeSpan.FromSeconds(5);

        internal string? Run(string file, string[] args) => Run(ProcessRunner.Instance, file, args, _cancel);

        internal static string? Run(IProcessRunner runner, string file, string[] args, CancellationToken cancel) => Run(runner, file, args, cancel, out _);

        /// <param name="timedOut">The helper ran but did not answer within its limit (its answer is not known).</param>
        internal static string? Run(IProcessRunner runner, string file, string[] args, CancellationToken cancel, out bool timedOut)
        {
            timedOut = false;
            cancel.ThrowIfCancellationRequested();
            ProcessResult r;
            try
            {
                r = runner.Run(file, args, null, HelperTimeout, cancel);
            }
            catch (Exception e) when (e is InvalidOperationException || e is IOException)
            {
                return null;
            }
            cancel.ThrowIfCancellationRequested();
            timedOut = r.StartError == null && r.TimedOut;
            return r.StartError == null && !r.TimedOut && r.ExitCode == 0 ? r.Stdout : null;
        }

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern bool LookupAccountNameW(string? systemName, string accountName, byte[] sid, ref int sidLength,
            char[] domain, ref int domainLength, out int use);

        private static HostAccount? LookupWindowsAccount(string name)
        {
            int sidLen = 256, domLen = 256;
            var sid = new byte[sidLen];
            var dom = new char[domLen];
            if (!LookupAccountNameW(null, name, sid, ref sidLen, dom, ref domLen, out _)) return null;
            // On success domainLength is the domain's length without its terminating NUL.
            var domain = new string(dom, 0, Math.Max(0, Math.Min(domLen, dom.Length)));
            return new HostAccount { Name = domain.Length > 0 ? domain + "\\" + name : name, Source = "windows" };
        }
    }
}
