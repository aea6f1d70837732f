using System;

namespace TeleportMcp.Engine.Fleet
{
    /// <summary>
    /// A -HostName value as New-PSSession reads it: "host", "user@host", "user@host:port", "[::1]:5986". PowerShell
    /// parses it as the authority of an "ssh://" URI (PowerShell src/System.Management.Automation/engine/remoting/common/
    /// RemotingUtils.cs, ParseSshHostName): what that refuses (a bad port, "DOMAIN\user@host", a bare "::1") New-PSSession
    /// refuses too.
    /// </summary>
    public sealed class SessionTarget
    {
        private SessionTarget(string host, string? user, int port)
        {
            Host = host;
            User = user;
            Port = port;
        }

        /// <summary>The computer as the session's connection names it: a DNS name as written, an IPv6 address in brackets.</summary>
        public string Host { get; }

        /// <summary>The user before the '@'; null when none.</summary>
        public string? User { get; }

        /// <summary>The port after the ':'; 0 when none was written.</summary>
        public int Port { get; }

        /// <summary>The target of <paramref name="text"/>; null when PowerShell would refuse it, with the reason in <paramref name="error"/>.</summary>
        public static SessionTarget? Parse(string? text, out string? error)
        {
            error = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                error = "the host name is empty";
                return null;
            }
            Uri uri;
            try
            {
                uri = new Uri("ssh://" + text);
            }
            catch (UriFormatException e)
            {
                error = "PowerShell cannot read it as [user@]host[:port] (" + e.Message + ")";
                return null;
            }
            string host = uri.Host;
            if (uri.HostNameType == UriHostNameType.Dns)
            {
                // Uri lowercases a DNS name; the session keeps the case the admin wrote.
                int from = text!.LastIndexOf('@') + 1;
                int at = text.IndexOf(host, from, StringComparison.OrdinalIgnoreCase);
                if (at >= 0) host = text.Substring(at, host.Length);
            }
            else if (uri.HostNameType != UriHostNameType.IPv4 && uri.HostNameType != UriHostNameType.IPv6)
            {
                error = "'" + host + "' is not a host name or an IP address";
                return null;
            }
            string? user = uri.UserInfo.Length == 0 ? null : Uri.UnescapeDataString(uri.UserInfo);
            return new SessionTarget(host, user, uri.Port < 0 ? 0 : uri.Port);
        }

        /// <summary>
        /// Whether a session that failed to open (its computer and port) is this target's: same computer (ignoring case and
        /// an IPv6 address's brackets), and the same port when both are known. <paramref name="givenPort"/> is -Port (0: none),
        /// <paramref name="defaultPort"/> the transport's (22 for SSH).
        /// </summary>
        public bool IsConnection(string? computer, int port, int givenPort, int defaultPort)
        {
            if (!string.Equals(Bare(computer), Bare(Host), StringComparison.OrdinalIgnoreCase)) return false;
            int wanted = Port != 0 ? Port : givenPort != 0 ? givenPort : defaultPort;
            return wanted == 0 || port == 0 || port == wanted;
        }

        private static string Bare(string? host) =>
            host != null && host.Length > 1 && host[0] == '[' && host[host.Length - 1] == ']' ? host.Substring(1, host.Length - 2) : host ?? "";

        public override string ToString() => (User == null ? "" : User + "@") + Host + (Port == 0 ? "" : ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
