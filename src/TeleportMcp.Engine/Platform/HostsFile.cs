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
    /// name resolved (no DNS). <see cref="Of"/> reads it once per platform.
    /// </summary>
    public sealed class HostsFile
    {
        /// <summary>The most bytes read; a larger file gives no names (a name past the cut could also map elsewhere) and <see cref="Problem"/> says so.</summary>
        public const int MaxBytes = 16 * 1024 * 1024;

        /// <summary>The most names of this computer kept; past it none are used and <see cref="Problem"/> says so.</summary>
        public const int MaxNames = 256 * 1024;

        private static readonly ConditionalWeakTable<IHostPlatform, HostsFile> Read = new ConditionalWeakTable<IHostPlatform, HostsFile>();

        private readonly HashSet<string> _names;

        private readonly Dictionary<string, string> _loopback;

        private HostsFile(string? path, HashSet<string> names, string? problem, Dictionary<string, string>? loopback = null)
        {
            Path = path;
            _names = names;
            Problem = problem;
            _loopback = loopback ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The file read (null when its place is not known).</summary>
        public string? Path { get; }

        /// <summary>Why the file gave no names although it may hold some (unreadable, too large); null when it was read or does not exist.</summary>
        public string? Problem { get; }

        /// <summary>The names of this computer found, in no order (compared ignoring case, without a final dot).</summary>
        public IReadOnlyCollection<string> Names => _names;

        /// <summary>Whether the hosts file names this computer <paramref name="name"/> (ignoring case and an absolute name's final dot).</summary>
        public bool Holds(string name) => name != null && _names.Count > 0 && _names.Contains(Bare(name));

        /// <summary>
        /// For a name the file maps only to loopback addresses, on no line with this computer's host name (not one of
        /// <see cref="Names"/>): its first such line, "line N: text" (control characters escaped); null otherwise.
        /// </summary>
        public string? LoopbackLine(string name) => name != null && _loopback.Count > 0 && _loopback.TryGetValue(Bare(name), out var line) ? line : null;

        /// <summary><paramref name="platform"/>'s hosts file, read on first use and kept for that platform object (the real host's: once a process).</summary>
        public static HostsFile Of(IHostPlatform platform)
        {
            if (platform == null) throw new ArgumentNullException(nameof(platform));
            return Read.GetValue(platform, p => Load(p));
        }

        /// <summary>
        /// Where the operating system's resolver reads its hosts file: /etc/hosts on Linux and macOS (glibc _PATH_HOSTS,
        /// hosts(5); macOS links it to /private/etc/hosts), %SystemRoot%\System32\drivers\etc\hosts on Windows (the default
        /// DataBasePath of Tcpip\Parameters; the registry value itself is not read). Null on Windows without SystemRoot.
        /// </summary>
        public static string? PathOf(IHostPlatform platform)
        {
            if (!platform.IsWindows) return "/etc/hosts";
            var root = platform.GetVariable("SystemRoot");
            if (string.IsNullOrEmpty(root)) return null;
            return root!.TrimEnd('\\', '/') + @"\System32\drivers\etc\hosts";
        }

        /// <summary>Reads <paramref name="platform"/>'s hosts file (uncached; <see cref="Of"/> keeps it).</summary>
        public static HostsFile Load(IHostPlatform platform)
        {
            if (platform == null) throw new ArgumentNullException(nameof(platform));
            var path = PathOf(platform);
            if (path == null) return new HostsFile(null, new HashSet<string>(), "SystemRoot is not set, so the hosts file's place is not known");
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
                    return new HostsFile(path, new HashSet<string>(), problem);
                if (own.Count + loopback.Count > MaxNames)
                    return new HostsFile(path, new HashSet<string>(), "it maps more than " + MaxNames + " names to this computer's addresses (a block list?); none of them are used");
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
                    if (problem != null) return new HostsFile(path, new HashSet<string>(), problem);
                    own.ExceptWith(elsewhere);
                    foreach (var n in elsewhere) loopback.Remove(n);
                }
            }
            catch (FileNotFoundException)
            {
                return new HostsFile(path, new HashSet<string>(), null);
            }
            catch (DirectoryNotFoundException)
            {
                return new HostsFile(path, new HashSet<string>(), null);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is System.Security.SecurityException || e is NotSupportedException || e is ArgumentException)
            {
                return new HostsFile(path, new HashSet<string>(), "it could not be read (" + Output.OutputText.SafeMessage(e.Message) + ")");
            }
            return new HostsFile(path, own, null, loopback);
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
