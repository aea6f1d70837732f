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
        /// address of one of its network interfaces, its machine name, its host name, and its host name in its own DNS domain
        /// (<see cref="ComputerNames.DomainName"/>). Nothing is resolved: a name this computer has only in DNS (another
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
            if (Address(name) is IPAddress address) return IPAddress.IsLoopback(address) || IsOwnAddress(platform.Computer, address);
            var own = platform.Computer;
            if (Same(name, own.MachineName) || (own.HostName != null && Same(name, own.HostName))) return true;
            if (own.DomainName == null) return false;
            // The host's full DNS name: its host name (on Windows not cut at 15 characters as the NetBIOS name is) in its domain.
            string label = FirstLabel(own.HostName ?? own.MachineName);
            return name.Length == label.Length + 1 + own.DomainName.Length && name[label.Length] == '.' &&
                   string.Compare(name, 0, label, 0, label.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
                   string.Compare(name, label.Length + 1, own.DomainName, 0, own.DomainName.Length, StringComparison.OrdinalIgnoreCase) == 0;
        }

        private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private static string FirstLabel(string name)
        {
            int dot = name.IndexOf('.');
            return dot > 0 ? name.Substring(0, dot) : name;
        }

        // An IP address as a computer name: IPv6 (in brackets or not, a zone allowed) or IPv4 in four decimal parts. The short
        // forms IPAddress also reads ("1234", "127.1") are not taken: a host name may be all digits (RFC 1123 2.1), only not
        // the dotted-decimal form.
        private static IPAddress? Address(string name)
        {
            string text = name.Length > 2 && name[0] == '[' && name[name.Length - 1] == ']' ? name.Substring(1, name.Length - 2) : name;
            if (text.IndexOf(':') >= 0)
                return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                    ? (v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6) : null;
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

        // One of the computer's interface addresses, the IPv6 zone (which interface) aside: fe80::1 and fe80::1%2 are one address.
        private static bool IsOwnAddress(ComputerNames own, IPAddress address)
        {
            var bytes = address.GetAddressBytes();
            foreach (var a in own.Addresses)
            {
                var mine = a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
                if (mine.AddressFamily != address.AddressFamily) continue;
                var other = mine.GetAddressBytes();
                bool equal = other.Length == bytes.Length;
                for (int i = 0; equal && i < bytes.Length; i++) equal = bytes[i] == other[i];
                if (equal) return true;
            }
            return false;
        }
    }
}
