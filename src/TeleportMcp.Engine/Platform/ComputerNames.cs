using System;
using System.Collections.Generic;
using System.Net;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>
    /// The names and addresses this computer goes by, as the operating system holds them (no name is resolved: a DNS or
    /// NetBIOS lookup could wait on a network that is not there). <see cref="IHostPlatform.Computer"/>.
    /// </summary>
    public sealed class ComputerNames
    {
        public ComputerNames(string machineName, string? hostName, string? domainName, IReadOnlyList<IPAddress>? addresses,
            IReadOnlyDictionary<long, string>? interfaces = null)
        {
            MachineName = machineName ?? throw new ArgumentNullException(nameof(machineName));
            HostName = string.IsNullOrEmpty(hostName) ? null : hostName;
            // Unix getdomainname (the NIS domain) says "(none)" when none is set (Linux uname(2)).
            DomainName = string.IsNullOrEmpty(domainName) || domainName == "(none)" ? null : domainName!.Trim('.');
            if (DomainName?.Length == 0) DomainName = null;
            Addresses = addresses ?? Array.Empty<IPAddress>();
            Interfaces = interfaces ?? new Dictionary<long, string>();
        }

        /// <summary>Environment.MachineName: on Windows the NetBIOS name (upper case, at most 15 characters), on Unix the host name up to its first dot.</summary>
        public string MachineName { get; }

        /// <summary>IPGlobalProperties.HostName: on Windows the DNS host name (not cut at 15), on Unix gethostname (which may be a full name); null when not known.</summary>
        public string? HostName { get; }

        /// <summary>
        /// IPGlobalProperties.DomainName: on Windows the primary DNS suffix, on Unix getdomainname (the NIS domain, not a DNS
        /// suffix: no DNS name is made of it); null when none is set.
        /// </summary>
        public string? DomainName { get; }

        /// <summary>The unicast addresses of this computer's network interfaces (loopback ones too).</summary>
        public IReadOnlyList<IPAddress> Addresses { get; }

        /// <summary>
        /// This computer's network interfaces by their IPv6 index (an IPv6 link-local address's ScopeId, RFC 4007 6), with the
        /// name the system gives each (Linux "eth1", Windows "Ethernet"): a zone in a typed address may be either (RFC 4007 11).
        /// </summary>
        public IReadOnlyDictionary<long, string> Interfaces { get; }

        /// <summary>The real host's, read once (HostPlatform.Computer).</summary>
        internal static ComputerNames Read()
        {
            string? host = null, domain = null;
            var addresses = new List<IPAddress>();
            var interfaces = new Dictionary<long, string>();
            try
            {
                var global = System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties();
                host = global.HostName;
                domain = global.DomainName;
            }
            catch (Exception e) when (e is System.Net.NetworkInformation.NetworkInformationException || e is PlatformNotSupportedException || e is InvalidOperationException)
            {
            }
            try
            {
                foreach (var nic in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
                {
                    var properties = nic.GetIPProperties();
                    foreach (var unicast in properties.UnicastAddresses)
                        addresses.Add(unicast.Address);
                    if (nic.Supports(System.Net.NetworkInformation.NetworkInterfaceComponent.IPv6))
                    {
                        try
                        {
                            interfaces[properties.GetIPv6Properties().Index] = nic.Name;
                        }
                        catch (System.Net.NetworkInformation.NetworkInformationException)
                        {
                        }
                    }
                }
            }
            catch (Exception e) when (e is System.Net.NetworkInformation.NetworkInformationException || e is PlatformNotSupportedException || e is InvalidOperationException || e is System.IO.IOException || e is UnauthorizedAccessException)
            {
            }
            return new ComputerNames(Environment.MachineName, host, domain, addresses, interfaces);
        }
    }
}
