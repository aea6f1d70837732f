using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TeleportMcp.Engine.Fleet
{
    /// <summary>
    /// One host of an ssh ProxyJump setting, read as OpenSSH reads it (readconf.c parse_jump: "[user@]host[:port]" or
    /// "ssh://[user@]host[:port]", comma-separated, the first host being the one ssh connects to first).
    /// </summary>
    public sealed class JumpHop
    {
        public JumpHop(string? user, string host, int port)
        {
            User = user;
            Host = host ?? throw new ArgumentNullException(nameof(host));
            Port = port;
        }

        /// <summary>The user the hop names; null when it names none (ssh then uses the hop's own User setting).</summary>
        public string? User { get; }

        /// <summary>The host without an IPv6 address's brackets.</summary>
        public string Host { get; }

        /// <summary>The port the hop names; 0 when none (the hop's own Port setting).</summary>
        public int Port { get; }

        /// <summary>
        /// Every hop of <paramref name="jump"/> (a ProxyJump value as <c>ssh -G</c> prints it), first hop first; null when one
        /// of them cannot be read the way ssh reads it, or when ssh would expand something in it first (a '%' token).
        /// </summary>
        public static List<JumpHop>? ParseAll(string? jump)
        {
            if (string.IsNullOrWhiteSpace(jump) || jump!.IndexOf('%') >= 0) return null;
            var hops = new List<JumpHop>();
            foreach (var part in jump.Trim().Split(','))
            {
                var hop = Parse(part);
                if (hop == null) return null;
                hops.Add(hop);
            }
            return hops;
        }

        /// <summary>
        /// Whether the shell that runs ProxyJump's command (sshconnect.c, "exec ssh ... host" through /bin/sh) passes every
        /// part of <paramref name="jump"/> to that ssh as written: letters, digits and - . _ @ : [ ] , / = + only. A '$', a
        /// space, a quote and the like would be read by the shell first, so what ssh then gets is not known here.
        /// </summary>
        public static bool ShellReadsAsWritten(string? jump) =>
            !string.IsNullOrEmpty(jump) && jump!.All(c => char.IsLetterOrDigit(c) || "-._@:[],/=+".IndexOf(c) >= 0);

        private static JumpHop? Parse(string text)
        {
            string? user = null;
            string rest = text;
            // misc.c parse_uri: an ssh:// URI's user ends at the first '@' and may carry ";params" that ssh ignores;
            // misc.c parse_user_host_port: otherwise the user ends at the last '@'.
            const string scheme = "ssh://";
            bool uri = rest.StartsWith(scheme, StringComparison.Ordinal);
            if (uri) rest = rest.Substring(scheme.Length);
            int at = uri ? rest.IndexOf('@') : rest.LastIndexOf('@');
            if (at >= 0)
            {
                user = rest.Substring(0, at);
                if (uri && user.IndexOf(';') >= 0) user = user.Substring(0, user.IndexOf(';'));
                if (user.Length == 0) return null;
                rest = rest.Substring(at + 1);
            }
            // misc.c hpdelim2: "[address]" or a name that ends at ':' (or, in a URI, '/').
            string host;
            string? portText = null;
            if (rest.StartsWith("[", StringComparison.Ordinal))
            {
                int close = rest.IndexOf(']');
                if (close < 0) return null;
                host = rest.Substring(1, close - 1);
                rest = rest.Substring(close + 1);
                if (rest.Length > 0 && rest[0] != ':' && rest[0] != '/') return null;
                if (rest.Length > 0) portText = rest.Substring(1);
            }
            else
            {
                int delimiter = rest.IndexOfAny(new[] { ':', '/' });
                // misc.c hpdelim: outside a URI a '/' ends no host, ssh refuses it.
                if (delimiter >= 0 && rest[delimiter] == '/' && !uri) return null;
                host = delimiter < 0 ? rest : rest.Substring(0, delimiter);
                if (delimiter >= 0) portText = rest.Substring(delimiter + 1);
            }
            // An ssh:// URI may end in "/" (an empty path); any other path is refused (misc.c parse_ssh_uri).
            if (uri && portText != null && portText.EndsWith("/", StringComparison.Ordinal)) portText = portText.Substring(0, portText.Length - 1);
            if (host.Length == 0) return null;
            int port = 0;
            if (!string.IsNullOrEmpty(portText) &&
                (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port <= 0 || port > 65535)) return null;
            return new JumpHop(user, host, port);
        }
    }
}
