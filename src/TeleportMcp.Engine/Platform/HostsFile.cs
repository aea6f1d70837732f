using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>
    /// The names the hosts file gives this computer: names whose every hosts-file address is a loopback address or one of this
    /// computer's own (<see cref="ComputerNames.Addresses"/>), and that either map to an own non-loopback address or share a
    /// line with this computer's own host name (Debian's "127.0.1.1 host.example host"). A name mapped only to loopback
    /// otherwise ("127.0.0.1 prod-db", as for ssh -L 5985:prod-db:5985) may be a tunnel to another computer: it is not this
    /// computer's, and <see cref="LoopbackLine"/> names its line. Read passively through the platform seam, bounded, never a
    /// name resolved (no DNS). <see cref="Of"/> reads it once per platform and again when it changed.
    /// </summary>
    public sealed class HostsFile
    {
        /// <summary>The most bytes read; a larger file gives no names (a name past the cut could also map elsewhere) and <see cref="Problem"/> says so.</summary>
        public const int MaxBytes = 16 * 1024 * 1024;

        /// <summary>The most names of this computer kept; past it none are used and <see cref="Problem"/> says so.</summary>
        public const int MaxNames = 256 * 1024;

        private static readonly ConditionalWeakTable<IHostPlatform, Kept> Read = new ConditionalWeakTable<IHostPlatform, Kept>();

        private readonly HashSet<string> _names;

        private readonly Dictionary<string, string> _loopback;

        private HostsFile(string? path, HashSet<string> names, string? problem, Dictionary<string, string>? loopback = null, string? place = null)
        {
            Path = path;
            PlaceNote = place;
            _names = names;
            Problem = problem;
            _loopback = loopback ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The file read (null when its place is not known).</summary>
        public string? Path { get; }

        /// <summary>Why the file gave no names although it may hold some (unreadable, too large); null when it was read or does not exist.</summary>
        public string? Problem { get; }

        /// <summary>
        /// Why the file read is not where the system says (Windows: the registry's DataBasePath was missing or unusable and the
        /// default folder was used); null otherwise. The names found are the default file's.
        /// </summary>
        public string? PlaceNote { get; }

        /// <summary>The names of this computer found, in no order (compared ignoring case, without a final dot).</summary>
        public IReadOnlyCollection<string> Names => _names;

        /// <summary>Whether the hosts file names this computer <paramref name="name"/> (ignoring case and an absolute name's final dot).</summary>
        public bool Holds(string name) => name != null && _names.Count > 0 && _names.Contains(Bare(name));

        /// <summary>
        /// For a name the file maps only to loopback addresses, on no line with this computer's host name (not one of
        /// <see cref="Names"/>): its first such line, "line N: text" (control characters escaped); null otherwise.
        /// </summary>
        public string? LoopbackLine(string name) => name != null && _loopback.Count > 0 && _loopback.TryGetValue(Bare(name), out var line) ? line : null;

        /// <summary>
        /// <paramref name="platform"/>'s hosts file, kept for that platform object (the real host's: for the process) and read
        /// again only when the file's last write time or length changed: one stat a call (<see cref="IHostPlatform.Stamp"/>),
        /// no read otherwise, unless <see cref="Renew"/> asked for one (once a command). Its place is found once a platform object
        /// (<see cref="PathOf(IHostPlatform, out string)"/>).
        /// </summary>
        public static HostsFile Of(IHostPlatform platform)
        {
            if (platform == null) throw new ArgumentNullException(nameof(platform));
            var kept = Read.GetValue(platform, p => new Kept(p));
            lock (kept)
            {
                if (kept.Path == null) return kept.File ??= new HostsFile(null, new HashSet<string>(), kept.PlaceProblem);
                FileStamp? stamp;
                bool stamped;
                try
                {
                    stamp = platform.Stamp(kept.Path);
                    stamped = true;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is System.Security.SecurityException || e is NotSupportedException || e is ArgumentException)
                {
                    // Not known whether it changed: read it again (the read then says why it could not).
                    stamp = null;
                    stamped = false;
                }
                if (kept.File == null || kept.Renew || !stamped || !kept.Stamped || kept.Stamp != stamp)
                {
                    kept.Renew = false;
                    kept.File = Load(platform, kept.Path, kept.PlaceNote);
                    kept.Stamp = stamp;
                    kept.Stamped = stamped;
                }
                return kept.File;
            }
        }

        // One platform's hosts file: its place (found once) and the last reading with the stamp taken before it.
        private sealed class Kept
        {
            public Kept(IHostPlatform platform)
            {
                Path = PathOf(platform, out var note);
                if (Path == null) PlaceProblem = note;
                else PlaceNote = note;
            }

            public string? Path { get; }
            public string? PlaceNote { get; }
            public string? PlaceProblem { get; }
            public HostsFile? File { get; set; }
            public FileStamp? Stamp { get; set; }
            public bool Stamped { get; set; }
            // Read again at the next Of whatever the stamp says (Renew: once a command).
            public bool Renew { get; set; }
        }

        /// <summary>
        /// The next <see cref="Of"/> for <paramref name="platform"/> reads its hosts file again, whatever its stamp says: called
        /// once a command (PipedBlocks, at its first computer name), so an edit that kept the file's last write time and length
        /// (same length, within the file system's time resolution), which the stamp cannot see, is read by the next command.
        /// Reads nothing itself; nothing when the file was never read.
        /// </summary>
        public static void Renew(IHostPlatform platform)
        {
            if (platform == null) throw new ArgumentNullException(nameof(platform));
            if (!Read.TryGetValue(platform, out var kept)) return;
            lock (kept) kept.Renew = true;
        }

        /// <summary>The registry key whose <see cref="DataBasePathValue"/> names the folder of Windows' hosts file.</summary>
        public const string TcpipParametersKey = @"SYSTEM\CurrentControlSet\Services\Tcpip\Parameters";

        /// <summary>
        /// The value naming that folder: "DatabasePath", REG_EXPAND_SZ, default %SystemRoot%\System32\drivers\etc ("Specifies
        /// the path to the standard Internet database files, such as Hosts.sam, ... The Windows Sockets interface uses this
        /// entry": Microsoft's TCP/IP registry reference, learn.microsoft.com/previous-versions/windows/it-pro/windows-2000-server/cc962455).
        /// Registry value names compare ignoring case.
        /// </summary>
        public const string DataBasePathValue = "DataBasePath";

        /// <summary>The documented default of <see cref="DataBasePathValue"/>, used when the value is missing or unusable.</summary>
        public const string DefaultFolder = @"%SystemRoot%\System32\drivers\etc";

        /// <summary>The most characters of the registry value and of the folder it expands to (Windows' longest path, 32,767).</summary>
        public const int MaxFolderChars = LookPath.MaxPathChars;

        /// <summary>The hosts file's path (<see cref="PathOf(IHostPlatform, out string)"/> without its note).</summary>
        public static string? PathOf(IHostPlatform platform) => PathOf(platform, out _);

        /// <summary>
        /// Where the operating system's resolver reads its hosts file: /etc/hosts on Linux and macOS (glibc _PATH_HOSTS,
        /// hosts(5); macOS links it to /private/etc/hosts); on Windows "hosts" in the folder the registry value
        /// HKLM\<see cref="TcpipParametersKey"/>\<see cref="DataBasePathValue"/> names, %variables% expanded from the
        /// environment. When that value is missing, not a string, empty, too long, unreadable, names a variable that is not
        /// set, or is not a full path, the default folder (<see cref="DefaultFolder"/>) is used and <paramref name="note"/>
        /// says why. Null when not even the default can be placed (no SystemRoot); <paramref name="note"/> then says why.
        /// </summary>
        public static string? PathOf(IHostPlatform platform, out string? note)
        {
            if (platform == null) throw new ArgumentNullException(nameof(platform));
            note = null;
            if (!platform.IsWindows) return "/etc/hosts";
            string where = @"the registry value HKLM\" + TcpipParametersKey + @"\" + DataBasePathValue;
            var value = platform.ReadMachineString(TcpipParametersKey, DataBasePathValue, MaxFolderChars);
            string? why = null;
            string? folder = null;
            switch (value.Status)
            {
                case RegistryReadStatus.Read:
                    if (string.IsNullOrEmpty(value.Text)) why = "is empty";
                    else if (!(Expand(platform, value.Text!, out var unset) is string expanded)) why = "names the environment variable " + Output.OutputText.SafeName(unset) + ", which is not set";
                    else if (expanded.Length > MaxFolderChars) why = "expands to more than " + MaxFolderChars + " characters";
                    else if (!IsFullWindowsPath(expanded)) why = "expands to '" + Output.OutputText.SafeName(Cut(expanded)) + "', not a full path";
                    else
                    {
                        folder = expanded;
                        // A REG_SZ value holding %NAME%: RegGetValue expands only REG_EXPAND_SZ (RRF_NOEXPAND's docs, learn.microsoft.com
                        // winreg RegGetValueW), and whether Windows' own hosts reader expands a REG_SZ one is not public; ReactOS
                        // (reactos/reactos base/services/dnsrslvr/hostsfile.c OpenHostsFile) and c-ares (ares_gethostbyaddr.c, as in node's deps) read the value with
                        // RegQueryValueEx and expand it whatever its type. Read as expanded here, said, never assumed.
                        if (value.Type == RegistryString.RegSz && !string.Equals(expanded, value.Text, StringComparison.Ordinal))
                            note = where + " is a REG_SZ value, not REG_EXPAND_SZ, and names environment variables: they were expanded here, " +
                                   "as ReactOS's and c-ares' readers of it do, but whether Windows' own resolver expands them in a REG_SZ value is not confirmed, " +
                                   "so the hosts file was looked for in '" + Output.OutputText.SafeName(Cut(Separators(expanded.TrimEnd('\\', '/')))) + "'";
                    }
                    break;
                case RegistryReadStatus.Missing:
                    why = "is not set";
                    break;
                case RegistryReadStatus.NotAString:
                    why = "is not a string (registry type " + value.Type + ")";
                    break;
                case RegistryReadStatus.TooLong:
                    why = "is longer than " + MaxFolderChars + " characters";
                    break;
                default:
                    why = "could not be read (" + (value.Detail ?? "no reason given") + ")";
                    break;
            }
            if (folder == null)
            {
                folder = Expand(platform, DefaultFolder, out _);
                if (folder == null)
                {
                    note = "SystemRoot is not set, so the hosts file's place is not known (" + where + " " + why + ")";
                    return null;
                }
                note = where + " " + why + ", so the hosts file was looked for in the default folder " + DefaultFolder;
            }
            return Separators(folder.TrimEnd('\\', '/')) + @"\hosts";
        }

        // Runs of '\' past a UNC path's leading pair as one ("%SystemRoot%\System32" with SystemRoot "D:\WINNT\"), as Win32
        // path normalization reads them.
        private static string Separators(string path)
        {
            var result = new StringBuilder(path.Length);
            for (int i = 0; i < path.Length; i++)
                if (!(i > 1 && path[i] == '\\' && path[i - 1] == '\\')) result.Append(path[i]);
            return result.ToString();
        }

        // %NAME% replaced by the variable's value (GetVariable: names compare ignoring case on Windows), as
        // ExpandEnvironmentStrings expands a REG_EXPAND_SZ value; "%%" and a '%' without a closing one stay. Null, with the
        // name, when a named variable is not set: ExpandEnvironmentStrings would leave "%NAME%" in the path, a folder that
        // does not exist.
        internal static string? Expand(IHostPlatform platform, string text, out string? unset)
        {
            unset = null;
            var result = new StringBuilder(text.Length);
            int i = 0;
            while (i < text.Length)
            {
                int open = text.IndexOf('%', i);
                int close = open < 0 ? -1 : text.IndexOf('%', open + 1);
                if (close < 0)
                {
                    result.Append(text, i, text.Length - i);
                    break;
                }
                result.Append(text, i, open - i);
                var name = text.Substring(open + 1, close - open - 1);
                if (name.Length == 0)
                {
                    result.Append('%');
                    i = open + 1;
                    continue;
                }
                var value = platform.GetVariable(name);
                if (value == null)
                {
                    unset = name;
                    return null;
                }
                result.Append(value);
                if (result.Length > MaxFolderChars) return result.ToString();
                i = close + 1;
            }
            return result.ToString();
        }

        // A drive's root ("C:\...") or a UNC path ("\\server\share..."); no control characters.
        private static bool IsFullWindowsPath(string path)
        {
            foreach (char c in path)
                if (c < ' ') return false;
            if (path.Length >= 3 && ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z')) && path[1] == ':' && (path[2] == '\\' || path[2] == '/')) return true;
            return path.Length > 2 && path[0] == '\\' && path[1] == '\\';
        }

        private static string Cut(string text) => text.Length > 200 ? text.Substring(0, 200) + "..." : text;

        /// <summary>Reads <paramref name="platform"/>'s hosts file (uncached; <see cref="Of"/> keeps it).</summary>
        public static HostsFile Load(IHostPlatform platform)
        {
            if (platform == null) throw new ArgumentNullException(nameof(platform));
            var path = PathOf(platform, out var note);
            if (path == null) return new HostsFile(null, new HashSet<string>(), note, place: null);
            return Load(platform, path, note);
        }

        private static HostsFile Load(IHostPlatform platform, string path, string? place)
        {
            var own = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var loopback = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var elsewhere = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var computer = platform.Computer;
            try
            {
                // Two passes: the names on lines of this computer's addresses, then those of them that a line of another address
                // also names (a name with any address that is not this computer's is not provably this computer's). A loopback
                // line counts only with this computer's host name on it (Debian's "127.0.1.1 host.example host", "127.0.0.1
                // localhost host"): a bare loopback alias ("127.0.0.1 prod-db") is how a name is sent through an ssh -L tunnel
                // to another computer, so a command sent to it may not have run here.
                if (!Scan(platform, path, (address, names, number, text) =>
                    {
                        if (!IsThisComputers(computer, address)) return true;
                        if (!IsLoopback(address) || SharesHostName(computer, names))
                            foreach (var n in names) own.Add(n);
                        else
                            foreach (var n in names)
                                if (!loopback.ContainsKey(n)) loopback[n] = "line " + number + ": " + Line(text);
                        return own.Count + loopback.Count <= MaxNames;
                    }, out var problem))
                    return new HostsFile(path, new HashSet<string>(), problem, place: place);
                if (own.Count + loopback.Count > MaxNames)
                    return new HostsFile(path, new HashSet<string>(), place: place, problem: "it maps more than " + MaxNames + " names to this computer's addresses (a block list?); none of them are used");
                foreach (var n in own) loopback.Remove(n);
                if (own.Count > 0 || loopback.Count > 0)
                {
                    Scan(platform, path, (address, names, number, text) =>
                    {
                        if (IsThisComputers(computer, address)) return true;
                        foreach (var n in names)
                            if (own.Contains(n) || loopback.ContainsKey(n)) elsewhere.Add(n);
                        return true;
                    }, out problem);
                    if (problem != null) return new HostsFile(path, new HashSet<string>(), problem, place: place);
                    own.ExceptWith(elsewhere);
                    foreach (var n in elsewhere) loopback.Remove(n);
                }
            }
            catch (FileNotFoundException)
            {
                return new HostsFile(path, new HashSet<string>(), null, place: place);
            }
            catch (DirectoryNotFoundException)
            {
                return new HostsFile(path, new HashSet<string>(), null, place: place);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is System.Security.SecurityException || e is NotSupportedException || e is ArgumentException)
            {
                return new HostsFile(path, new HashSet<string>(), place: place, problem: "it could not be read (" + Output.OutputText.SafeMessage(e.Message) + ")");
            }
            return new HostsFile(path, own, null, loopback, place);
        }

        // Each line's address and names, as glibc's nss_files reads a hosts line (nss/nss_files/files-hosts.c LINE_PARSER("#",
        // ...) over files-parse.c: the line ends at its first '#'; fields are separated by isspace characters; the first field
        // is the address (inet_pton, else the line is ignored), the second the canonical name, the rest aliases; a line with
        // an address and no name is ignored). Windows' hosts file has the same form ("the IP address ... in the first column
        // followed by the corresponding host name ... comments ... following the machine name denoted by a '#' symbol", the
        // file Windows installs). False with <paramref name="problem"/> when the file is larger than MaxBytes.
        private static bool Scan(IHostPlatform platform, string path, Func<IPAddress, List<string>, long, string, bool> line, out string? problem)
        {
            problem = null;
            using (var stream = platform.OpenRead(path))
            using (var reader = new StreamReader(new Bounded(stream, MaxBytes), new UTF8Encoding(false, false), false))
            {
                string? text;
                var names = new List<string>();
                long number = 0;
                while ((text = reader.ReadLine()) != null)
                {
                    number++;
                    int hash = text.IndexOf('#');
                    if (hash >= 0) text = text.Substring(0, hash);
                    var fields = text.Split(Space, StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length < 2 || !(Address(fields[0]) is IPAddress address)) continue;
                    names.Clear();
                    for (int i = 1; i < fields.Length; i++)
                        if (Bare(fields[i]) is string n && n.Length > 0) names.Add(n);
                    if (!line(address, names, number, text)) break;
                }
                if (((Bounded)((StreamReader)reader).BaseStream).Over)
                {
                    problem = "it is larger than " + (MaxBytes / (1024 * 1024)) + " MiB, the most read";
                    return false;
                }
            }
            return true;
        }

        // isspace in the C locale: space, \t, \n, \v, \f, \r (a CRLF line's \r is white space, as on Windows).
        private static readonly char[] Space = { ' ', '\t', '\n', '\v', '\f', '\r' };

        // A name without an absolute name's final dot (RFC 1034 3.1), as PipedComputer compares a typed name.
        private static string Bare(string name) => name.Length > 1 && name[name.Length - 1] == '.' ? name.Substring(0, name.Length - 1) : name;

        // inet_pton's forms: IPv4 dotted-decimal, four parts, no leading zero (glibc inet_pton4 refuses "01"), each at most
        // 255; IPv6 text without a zone (inet_pton6 has no '%'). Anything else ignores the line, as glibc does.
        internal static IPAddress? Address(string text)
        {
            if (text.IndexOf(':') >= 0)
            {
                if (text.IndexOf('%') >= 0 || text.IndexOf('[') >= 0) return null;
                return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
            }
            var parts = text.Split('.');
            if (parts.Length != 4) return null;
            foreach (var part in parts)
            {
                if (part.Length == 0 || part.Length > 3 || (part.Length > 1 && part[0] == '0')) return null;
                foreach (char c in part)
                    if (c < '0' || c > '9') return null;
                if (int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255) return null;
            }
            return IPAddress.TryParse(text, out var v4) ? v4 : null;
        }

        // A hosts line names this computer when its address is a loopback address (127.0.0.0/8, ::1: RFC 1122 3.2.1.3 (g),
        // RFC 4291 2.5.3; IPv4-mapped too, as glibc maps ::ffff:a.b.c.d) or one of its interfaces' addresses. Not a link-local
        // one (a hosts line has no zone: unique only on its link, RFC 4291 2.5.6), not 0.0.0.0 or :: (RFC 1122 3.2.1.3 (a):
        // "this host" only as a source address; block lists map names to it to reach nothing).
        private static bool IsThisComputers(ComputerNames own, IPAddress address)
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            if (IPAddress.IsLoopback(address)) return true;
            return Logs.PipedComputer.IsOwnAddress(own, address, null);
        }

        private static bool IsLoopback(IPAddress address) =>
            IPAddress.IsLoopback(address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

        // The line names this computer's own host name (gethostname / the DNS host name) or machine name, ignoring case.
        private static bool SharesHostName(ComputerNames own, List<string> names)
        {
            foreach (var n in names)
                if (string.Equals(n, own.MachineName, StringComparison.OrdinalIgnoreCase) ||
                    (own.HostName != null && string.Equals(n, Bare(own.HostName), StringComparison.OrdinalIgnoreCase)))
                    return true;
            return false;
        }

        // A hosts line as a warning shows it: before its '#', white space collapsed, at most 200 characters, control characters escaped.
        private static string Line(string text)
        {
            var fields = text.Split(Space, StringSplitOptions.RemoveEmptyEntries);
            var joined = string.Join(" ", fields);
            if (joined.Length > 200) joined = joined.Substring(0, 200) + "...";
            return "'" + (Output.OutputText.SafeName(joined) ?? "") + "'";
        }

        // The first MaxBytes bytes of a stream; Over is set when it holds more.
        private sealed class Bounded : Common.ReadOnlyStream
        {
            private readonly Stream _inner;
            private long _left;

            public Bounded(Stream inner, long max)
            {
                _inner = inner;
                _left = max;
            }

            public bool Over { get; private set; }

            protected override void Dispose(bool disposing)
            {
                if (disposing) _inner.Dispose();
                base.Dispose(disposing);
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_left <= 0)
                {
                    // One byte past the bound tells a file of exactly MaxBytes from a larger one.
                    if (!Over && _inner.Read(new byte[1], 0, 1) > 0) Over = true;
                    return 0;
                }
                int n = _inner.Read(buffer, offset, (int)Math.Min(count, _left));
                _left -= n;
                return n;
            }
        }
    }
}
