using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;

namespace TeleportMcp
{
    /// <summary>What an App Service's target host policy does to the address of an app it serves.</summary>
    public enum TargetHostDecision
    {
        /// <summary>The host sets neither app_service.allowed_hosts nor denied_hosts, or the app is a stdio server (no dial).</summary>
        NotRestricted,
        /// <summary>The app's address is an IP the policy lets through.</summary>
        Permitted,
        /// <summary>The app's address is an IP the policy refuses: every request fails with "is not permitted by app_service target host policy".</summary>
        Denied,
        /// <summary>The app's host is a name: the answer depends on the addresses it resolves to on the App Service host.</summary>
        DependsOnResolution,
    }
}

namespace TeleportMcp.Engine.Serving
{
    /// <summary>One IP prefix of a target host policy, as netip.Prefix holds it.</summary>
    internal readonly struct IpPrefix
    {
        public IpPrefix(byte[] address, int bits)
        {
            Address = address;
            Bits = bits;
        }

        public byte[] Address { get; }
        public int Bits { get; }

        public bool Contains(byte[] address)
        {
            if (address.Length != Address.Length) return false; // netip.Prefix.Contains: an IPv4 prefix holds no IPv6 address
            int full = Bits / 8, rest = Bits % 8;
            for (int i = 0; i < full; i++)
                if (address[i] != Address[i]) return false;
            if (rest == 0) return true;
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (Address[full] & mask);
        }

        public override string ToString() => TargetHostPolicy.Format(Address) + "/" + Bits.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// app_service.allowed_hosts or denied_hosts of one App Service (lib/srv/app/common/target_host_policy.go): the IP prefixes
    /// the App Service checks every address it dials for an HTTP, SSE or TCP app against, just before it connects.
    /// </summary>
    public sealed class TargetHostPolicy
    {
        private TargetHostPolicy(bool allowList, List<IpPrefix> prefixes)
        {
            AllowList = allowList;
            Prefixes = prefixes;
        }

        /// <summary>allowed_hosts (true) or denied_hosts (false): the name the dial denied audit event records as its policy.</summary>
        public bool AllowList { get; }

        internal List<IpPrefix> Prefixes { get; }

        public string Mode => AllowList ? "allowed_hosts" : "denied_hosts";

        public override string ToString() => "app_service." + Mode + " [" + ListText.Join(", ", Prefixes.Select(p => p.ToString())) + "]";

        /// <summary>
        /// The policy of a teleport.yaml's two lists, or null when neither has an entry. <paramref name="error"/> is
        /// Teleport's reason for not starting (one bad entry refuses its list; both lists are refused together).
        /// </summary>
        public static TargetHostPolicy? Parse(IList<string>? allowed, IList<string>? denied, out string? error, out int errorList, out int errorIndex)
        {
            error = null;
            errorList = -1;
            errorIndex = -1;
            // lib/config/configuration.go applyAppsConfig: one of the two lists only.
            if (allowed != null && allowed.Count > 0 && denied != null && denied.Count > 0)
            {
                error = "app_service.allowed_hosts and app_service.denied_hosts are mutually exclusive";
                errorList = 1;
                return null;
            }
            bool allow = allowed != null && allowed.Count > 0;
            var entries = allow ? allowed! : denied;
            if (entries == null || entries.Count == 0) return null;
            var prefixes = new List<IpPrefix>(entries.Count);
            for (int i = 0; i < entries.Count; i++)
            {
                var reason = ParseEntry(entries[i], out var prefix);
                if (reason != null)
                {
                    error = "parsing app_service." + (allow ? "allowed_hosts" : "denied_hosts") + ": " + reason;
                    errorList = allow ? 0 : 1;
                    errorIndex = i;
                    return null;
                }
                prefixes.Add(prefix);
            }
            return new TargetHostPolicy(allow, prefixes);
        }

        // lib/service/servicecfg/app.go ParseTargetHostPrefixes: each entry trimmed; an address (netip.ParseAddr) without a zone
        // or IPv4-in-IPv6 form is its /32 or /128; otherwise a prefix (netip.ParsePrefix, which takes no zone) that must not
        // be IPv4-in-IPv6 and must be canonical.
        private static string? ParseEntry(string raw, out IpPrefix prefix)
        {
            prefix = default;
            string entry = (raw ?? "").Trim();
            if (entry.Length == 0) return "target host restriction contains an empty entry";
            string quoted = GoText.Quote(entry);
            int slash = entry.IndexOf('/');
            if (slash < 0)
            {
                int zone = entry.IndexOf('%');
                var address = ParseAddress(zone < 0 ? entry : entry.Substring(0, zone));
                // netip.ParseAddr takes a zone only on an IPv6 address, and never an empty one.
                if (address != null && zone >= 0 && (address.Length != 16 || zone == entry.Length - 1)) address = null;
                if (address == null) return "target host restriction " + quoted + " must be an IP address or CIDR range";
                if (zone >= 0) return "target host restriction " + quoted + " must not include an IPv6 zone identifier";
                if (IsMapped(address)) return "target host restriction " + quoted + " must use IPv4 notation (e.g. 192.0.2.10) instead of IPv4-in-IPv6 notation";
                prefix = new IpPrefix(address, address.Length * 8);
                return null;
            }
            var network = ParseAddress(entry.Substring(0, slash));
            if (network == null || !TryBits(entry.Substring(slash + 1), network.Length * 8, out int bits))
                return "target host restriction " + quoted + " must be an IP address or CIDR range";
            if (IsMapped(network))
                return "target host restriction " + quoted + " must use IPv4 CIDR notation (e.g. 169.254.0.0/16) instead of IPv4-in-IPv6 notation (e.g. ::ffff:169.254.0.0/112)";
            var masked = Mask(network, bits);
            var canonical = new IpPrefix(masked, bits);
            if (!masked.SequenceEqual(network))
                return "target host restriction " + quoted + " is not a canonical CIDR range; use " + GoText.Quote(canonical.ToString());
            prefix = canonical;
            return null;
        }

        /// <summary>
        /// What the policy does to an app's URI host (brackets and port already removed). A name is decided where the App
        /// Service resolves it; an IP is decided here as target_host_dialer.go decides it: unmapped, zone dropped, and the
        /// unspecified address never allowed.
        /// </summary>
        public TargetHostDecision Decide(string host, out string detail)
        {
            string bare = host;
            int zone = bare.IndexOf('%');
            if (zone >= 0) bare = bare.Substring(0, zone);
            var address = ParseAddress(bare);
            // netip.ParseAddr takes a zone only on an IPv6 address, and never an empty one: otherwise the dialer resolves it as a name.
            if (address != null && zone >= 0 && (address.Length != 16 || zone == host.Length - 1)) address = null;
            if (address == null)
            {
                detail = "the app's host " + GoText.Quote(host) + " is a name: the App Service dials it only when one of the addresses it resolves to there is " +
                         (AllowList ? "inside " : "outside ") + ToString();
                return TargetHostDecision.DependsOnResolution;
            }
            address = Unmap(address);
            string ip = Format(address);
            if (address.All(b => b == 0))
            {
                // target_host_dialer.go; the earlier design (target_host_policy.go DialContext) checked only the prefixes.
                detail = ip + " is the unspecified address, which the App Service never dials with a target host policy set (it would reach loopback; releases with target_host_dialer.go)";
                return TargetHostDecision.Denied;
            }
            IpPrefix? match = null;
            foreach (var p in Prefixes)
            {
                if (!p.Contains(address)) continue;
                match = p;
                break;
            }
            bool inside = match != null;
            if (AllowList)
            {
                detail = inside ? ip + " is inside " + match + " of app_service.allowed_hosts" : ip + " is outside every prefix of " + ToString();
                return inside ? TargetHostDecision.Permitted : TargetHostDecision.Denied;
            }
            detail = inside ? ip + " is inside " + match + " of app_service.denied_hosts" : ip + " is outside every prefix of " + ToString();
            return inside ? TargetHostDecision.Denied : TargetHostDecision.Permitted;
        }

        private static readonly Regex Ipv4 = new Regex(@"\A(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        // netip.ParseAddr: dotted-decimal IPv4 without leading zeros, or IPv6 (an embedded IPv4 tail allowed); nothing else.
        internal static byte[]? ParseAddress(string text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            if (text.IndexOf(':') < 0)
                return Ipv4.IsMatch(text) && IPAddress.TryParse(text, out var v4) ? v4.GetAddressBytes() : null;
            foreach (char c in text)
                if (!(c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return null;
            int lastColon = text.LastIndexOf(':');
            string tail = text.Substring(lastColon + 1);
            if (tail.IndexOf('.') >= 0 && !Ipv4.IsMatch(tail)) return null;
            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6.GetAddressBytes() : null;
        }

        private static bool TryBits(string text, int max, out int bits)
        {
            bits = -1;
            if (text.Length == 0 || text.Length > 3 || (text.Length > 1 && text[0] == '0')) return false;
            foreach (char c in text)
                if (c < '0' || c > '9') return false;
            bits = int.Parse(text, CultureInfo.InvariantCulture);
            return bits <= max;
        }

        private static bool IsMapped(byte[] a) =>
            a.Length == 16 && a.Take(10).All(b => b == 0) && a[10] == 0xFF && a[11] == 0xFF;

        private static byte[] Unmap(byte[] a) => IsMapped(a) ? a.Skip(12).ToArray() : a;

        private static byte[] Mask(byte[] a, int bits)
        {
            var m = (byte[])a.Clone();
            for (int i = 0; i < m.Length; i++)
            {
                int keep = Math.Max(0, Math.Min(8, bits - i * 8));
                m[i] = (byte)(m[i] & (0xFF << (8 - keep) & 0xFF));
            }
            return m;
        }

        // netip.Addr.String: dotted IPv4; IPv6 in lower-case hex with the longest run of two or more zero groups as "::"
        // (the first of equal runs), dotted only after "::ffff:" (an IPv4-mapped address).
        internal static string Format(byte[] a)
        {
            if (a.Length == 4) return new IPAddress(a).ToString();
            if (IsMapped(a)) return "::ffff:" + new IPAddress(a.Skip(12).ToArray());
            var groups = new int[8];
            for (int i = 0; i < 8; i++) groups[i] = a[2 * i] << 8 | a[2 * i + 1];
            int bestStart = -1, bestLength = 0;
            for (int i = 0; i < 8;)
            {
                if (groups[i] != 0) { i++; continue; }
                int j = i;
                while (j < 8 && groups[j] == 0) j++;
                if (j - i >= 2 && j - i > bestLength) { bestStart = i; bestLength = j - i; }
                i = j;
            }
            var text = new System.Text.StringBuilder();
            for (int i = 0; i < 8; i++)
            {
                if (i == bestStart)
                {
                    text.Append("::");
                    i += bestLength - 1;
                    continue;
                }
                if (text.Length > 0 && text[text.Length - 1] != ':') text.Append(':');
                text.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
            }
            return text.ToString();
        }
    }
}
