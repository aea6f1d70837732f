using System;
using System.Net;
using System.Net.Sockets;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>Which computer a deserialized piped line names (its PSComputerName), as the piped-line sources key files.</summary>
    public static class PipedComputer
    {
        /// <summary>
        /// The name of the file a deserialized line read on <paramref name="computer"/> (its PSComputerName; null when it has
        /// none) names <paramref name="path"/>: the path alone for this computer, as a live read of it is named; another
        /// computer's lines are "computer:path", so two computers' copies of one path stay two files.
        /// </summary>
        public static string FileOf(IHostPlatform platform, string? computer, string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            return computer == null || IsThisComputer(platform, computer) ? path : computer + ":" + path;
        }

        /// <summary>
        /// True for this computer's own names, compared ignoring case (DNS names are case-insensitive, RFC 4343; Windows gives
        /// its NetBIOS name in upper case): none, ".", localhost, a loopback address (127.0.0.0/8, ::1; RFC 1122 3.2.1.3), an
        /// address of one of its network interfaces (a link-local one only with the zone of its interface), its machine name,
        /// its host name, on Windows its host name in its primary DNS suffix (<see cref="ComputerNames.DomainName"/>; on
        /// Unix that is the NIS domain, no DNS suffix), and a name the hosts file maps only to its addresses
        /// (<see cref="HostsFile"/>, read passively). Nothing is resolved: a name this computer has only in DNS (another
        /// suffix, an alias) is another computer's.
        /// </summary>
        public static bool IsThisComputer(IHostPlatform platform, string computer)
        {
            if (platform == null) throw new ArgumentNullException(nameof(platform));
            if (computer == null) throw new ArgumentNullException(nameof(computer));
            string name = computer;
            if (name.Length == 0 || name == ".") return true;
            // An absolute DNS name ends with the root's empty label (RFC 1034 3.1): "host.example.com." is "host.example.com".
            if (name[name.Length - 1] == '.') name = name.Substring(0, name.Length - 1);
            if (Same(name, "localhost")) return true;
            if (Address(name, out string? zone) is IPAddress address)
                return IPAddress.IsLoopback(address) || IsOwnAddress(platform.Computer, address, zone);
            var own = platform.Computer;
            if (Same(name, own.MachineName) || (own.HostName != null && Same(name, own.HostName))) return true;
            // Unix's DomainName is getdomainname, the NIS domain: "<host>.<nis domain>" may be another DNS host. There gethostname
            // (the host name above) is already the full name when one is configured.
            if (own.DomainName != null && platform.IsWindows)
            {
                // The host's full DNS name: its host name (on Windows not cut at 15 characters as the NetBIOS name is) in its domain.
                string label = FirstLabel(own.HostName ?? own.MachineName);
                if (name.Length == label.Length + 1 + own.DomainName.Length && name[label.Length] == '.' &&
                    string.Compare(name, 0, label, 0, label.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
                    string.Compare(name, label.Length + 1, own.DomainName, 0, own.DomainName.Length, StringComparison.OrdinalIgnoreCase) == 0)
                    return true;
            }
            // A name the hosts file gives only this computer's addresses, and either an own non-loopback one or on a line with
            // this computer's host name (Debian's "127.0.1.1 host.example.com host"): the resolver answers it from there first
            // (nsswitch "hosts: files dns"; Windows reads its hosts file before DNS), so a command sent to it ran here. A bare
            // alias of a loopback address ("127.0.0.1 prod-db" for ssh -L 5985:prod-db:5985) may reach another computer
            // through a tunnel: not this computer's (<see cref="LoopbackAlias"/> says why).
            return HostsFile.Of(platform).Holds(name);
        }

        /// <summary>
        /// Why a name given in <paramref name="computer"/> that is none of this computer's known names may still be one: the
        /// hosts file could not be read (<see cref="HostsFile.Problem"/>), or on Windows the registry did not say where it is
        /// and the default one was read (<see cref="HostsFile.PlaceNote"/>); null when nothing stands in the way. A name this
        /// computer has only in DNS is not a reason here: nothing is ever looked up (a lookup may wait on the network).
        /// </summary>
        public static string? UnknownBecause(IHostPlatform platform, string computer)
        {
            if (platform == null) throw new ArgumentNullException(nameof(platform));
            if (computer == null || Address(computer.TrimEnd('.'), out _) != null) return null;
            var hosts = HostsFile.Of(platform);
            if (hosts.Problem != null) return "the hosts file " + (hosts.Path ?? "(its place is not known)") + " gave no names: " + hosts.Problem;
            // Windows: the registry's DataBasePath was missing or unusable, so the names read are the default folder's file's.
            return hosts.PlaceNote == null ? null : hosts.PlaceNote + " (" + hosts.Path + "), which may not be the file this computer's resolver reads";
        }

        /// <summary>
        /// For a name the hosts file maps only to loopback addresses, on no line with this computer's host name: that line
        /// (<see cref="HostsFile.LoopbackLine"/>), as such a name may be a tunnel to another computer; null otherwise.
        /// </summary>
        public static string? LoopbackAlias(IHostPlatform platform, string computer)
        {
            if (platform == null) throw new ArgumentNullException(nameof(platform));
            if (computer == null || IsThisComputer(platform, computer)) return null;
            return HostsFile.Of(platform).LoopbackLine(computer);
        }

        private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private static string FirstLabel(string name)
        {
            int dot = name.IndexOf('.');
            return dot > 0 ? name.Substring(0, dot) : name;
        }

        // An IP address as a computer name: IPv6 (in brackets or not, a zone allowed: <zone> is the text after '%', RFC 4007 11)
        // or IPv4 in four decimal parts. The zone is kept as typed, not read by IPAddress: .NET turns a zone name into the index
        // of this host's interface of that name, and an unknown name into 0, as if none were given. The short forms IPAddress
        // also reads ("1234", "127.1") are not taken: a host name may be all digits (RFC 1123 2.1), only not the dotted-decimal form.
        private static IPAddress? Address(string name, out string? zone)
        {
            zone = null;
            string text = name.Length > 2 && name[0] == '[' && name[name.Length - 1] == ']' ? name.Substring(1, name.Length - 2) : name;
            if (text.IndexOf(':') >= 0)
            {
                int percent = text.IndexOf('%');
                if (percent >= 0)
                {
                    zone = text.Substring(percent + 1);
                    if (zone.Length == 0) return null;
                    text = text.Substring(0, percent);
                }
                return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                    ? (v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6) : null;
            }
            var parts = text.Split('.');
            if (parts.Length != 4) return null;
            foreach (var part in parts)
            {
                if (part.Length == 0 || part.Length > 3) return null;
                foreach (char c in part)
                    if (c < '0' || c > '9') return null;
            }
            return IPAddress.TryParse(text, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork ? v4 : null;
        }

        // One of the computer's interface addresses. A link-local address (IPv6 fe80::/10, IPv4 169.254.0.0/16) is unique only
        // on its link (RFC 4291 2.5.6, RFC 4007 6, RFC 3927): fe80::1 on another computer's link is often a router. It is this
        // computer's only when the typed zone names the interface that holds it, by index (its ScopeId) or by the interface's
        // name as the platform gives it; with no zone (IPv4 has no zone form) it is not known to be this computer's. Site-local
        // fec0::/10 is scoped too (RFC 4007 6). Any other address is one address whatever zone is typed.
        internal static bool IsOwnAddress(ComputerNames own, IPAddress address, string? zone)
        {
            var bytes = address.GetAddressBytes();
            foreach (var a in own.Addresses)
            {
                var mine = a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
                if (mine.AddressFamily != address.AddressFamily) continue;
                var other = mine.GetAddressBytes();
                bool equal = other.Length == bytes.Length;
                for (int i = 0; equal && i < bytes.Length; i++) equal = bytes[i] == other[i];
                if (!equal) continue;
                if (mine.AddressFamily == AddressFamily.InterNetwork)
                {
                    if (other[0] != 169 || other[1] != 254) return true;
                }
                else if (!mine.IsIPv6LinkLocal && !mine.IsIPv6SiteLocal) return true;
                else if (zone != null && InZone(own, mine.ScopeId, zone)) return true;
            }
            return false;
        }

        // The typed zone names interface <scopeId>: its index in decimal (RFC 4007 11.2), or its name (ordinal: Linux interface
        // names differ by case).
        private static bool InZone(ComputerNames own, long scopeId, string zone)
        {
            if (scopeId == 0) return false;
            bool digits = true;
            foreach (char c in zone) digits &= c >= '0' && c <= '9';
            if (digits) return long.TryParse(zone, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long index) && index == scopeId;
            return own.Interfaces.TryGetValue(scopeId, out var interfaceName) && string.Equals(interfaceName, zone, StringComparison.Ordinal);
        }
    }
}
