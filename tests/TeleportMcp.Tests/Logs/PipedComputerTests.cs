using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    // A deserialized line's PSComputerName: this computer's names keep the bare path (a local Start-Job says "localhost"),
    // another computer's lines are computer:path (session 44, helper-290's mend of a reviewer's finding). Session 45
    // (helper-295): this computer's names come through the platform seam (IHostPlatform.Computer), so a Windows host's
    // NetBIOS name, DNS host name, primary DNS suffix and addresses are given here as Windows gives them
    // (Environment.MachineName: the NetBIOS name, upper case, at most 15 characters; IPGlobalProperties.HostName/DomainName:
    // the DNS host name and primary DNS suffix, dotnet/runtime System.Net.NetworkInformation), and nothing is resolved.
    public class PipedComputerTests
    {
        // A domain-joined Windows host: NetBIOS WIN-7Q2K4LM, DNS win-7q2k4lm.corp.example.com, one LAN address, loopback.
        private static FakePlatform Windows() => new FakePlatform(true)
        {
            Computer = new ComputerNames("WIN-7Q2K4LM", "win-7q2k4lm", "corp.example.com",
                new[] { IPAddress.Parse("10.0.0.5"), IPAddress.Parse("fe80::5%3"), IPAddress.Parse("169.254.7.5"), IPAddress.Loopback, IPAddress.IPv6Loopback },
                new Dictionary<long, string> { [1] = "Loopback Pseudo-Interface 1", [3] = "Ethernet" }),
        };

        [Theory]
        // No name, ".", localhost (any case, absolute with the root's dot: RFC 1034 3.1).
        [InlineData("", true)]
        [InlineData(".", true)]
        [InlineData("localhost", true)]
        [InlineData("LOCALHOST", true)]
        [InlineData("localhost.", true)]
        [InlineData("localhost.example.com", false)]
        // Loopback: all of 127.0.0.0/8 and ::1 (RFC 1122 3.2.1.3 (g); RFC 4291 2.5.3), in brackets, IPv4-mapped.
        [InlineData("127.0.0.1", true)]
        [InlineData("127.0.0.2", true)]
        [InlineData("::1", true)]
        [InlineData("[::1]", true)]
        [InlineData("::ffff:127.0.0.1", true)]
        // The NetBIOS name as Windows gives it and in other case (PSComputerName is the name as typed).
        [InlineData("WIN-7Q2K4LM", true)]
        [InlineData("win-7q2k4lm", true)]
        // Its full DNS name (host name in its primary DNS suffix), any case, absolute.
        [InlineData("win-7q2k4lm.corp.example.com", true)]
        [InlineData("WIN-7Q2K4LM.CORP.EXAMPLE.COM", true)]
        [InlineData("win-7q2k4lm.corp.example.com.", true)]
        // Its name in another domain, a part of its domain, its domain alone, another host of its domain: other computers.
        [InlineData("win-7q2k4lm.other.example.com", false)]
        [InlineData("win-7q2k4lm.corp", false)]
        [InlineData("corp.example.com", false)]
        [InlineData("web1.corp.example.com", false)]
        [InlineData("web1", false)]
        // Its interface addresses; another address; short forms IPAddress also reads are names (RFC 1123 2.1).
        [InlineData("10.0.0.5", true)]
        [InlineData("10.0.0.6", false)]
        // A link-local address is unique only on its link (RFC 4291 2.5.6, RFC 4007 6, RFC 3927): its own only with the zone
        // of the interface holding it (fe80::5 on zone 3), by index or by the name Windows gives it (RFC 4007 11); with no
        // zone, another zone, an empty zone or an unknown name it may be another computer on another link. IPv4 has no zone.
        [InlineData("fe80::5", false)]
        [InlineData("[fe80::5%7]", false)]
        [InlineData("fe80::5%3", true)]
        [InlineData("[fe80::5%3]", true)]
        [InlineData("fe80::5%Ethernet", true)]
        [InlineData("fe80::5%Ethernet 2", false)]
        [InlineData("fe80::5%1", false)]
        [InlineData("fe80::5%", false)]
        [InlineData("fe80::5%03", true)]
        [InlineData("169.254.7.5", false)]
        [InlineData("167772165", false)]
        [InlineData("10.5", false)]
        public void A_Windows_hosts_names_are_told_from_others(string computer, bool thisComputer) =>
            Assert.Equal(thisComputer, PipedComputer.IsThisComputer(Windows(), computer));

        [Theory]
        // A NetBIOS name is cut at 15 characters: the full DNS name is the DNS host name's, not the NetBIOS name's.
        [InlineData("VERYLONGCOMPUTE", true)]
        [InlineData("verylongcomputername01", true)]
        [InlineData("verylongcomputername01.corp.example.com", true)]
        [InlineData("verylongcompute.corp.example.com", false)]
        public void A_long_Windows_names_full_name_is_its_DNS_host_name(string computer, bool thisComputer) =>
            Assert.Equal(thisComputer, PipedComputer.IsThisComputer(
                new FakePlatform(true) { Computer = new ComputerNames("VERYLONGCOMPUTE", "verylongcomputername01", "corp.example.com", null) }, computer));

        [Theory]
        // Linux: gethostname may be the full name (Environment.MachineName is cut at its first dot); getdomainname, the NIS
        // domain, says "(none)" when none is set: not a domain. Without a domain, a full name not the host name is not known.
        [InlineData("vm", "vm.example.net", "(none)", "vm.example.net", true)]
        [InlineData("vm", "vm.example.net", "(none)", "VM", true)]
        [InlineData("vm", "vm.example.net", "(none)", "vm.other.net", false)]
        [InlineData("vm", "vm", "(none)", "vm.(none)", false)]
        [InlineData("vm", "vm", "", "vm.example.net", false)]
        // getdomainname is the NIS domain, no DNS suffix (dotnet/corefx HostInformationPal.Unix.cs): "<host>.<nis domain>" may
        // be another DNS host, so it is not this computer's name; gethostname gives the full name where one is configured.
        [InlineData("vm", "vm", "example.net", "vm.example.net", false)]
        [InlineData("vm", "vm.example.net", "nis.example", "vm.nis.example", false)]
        [InlineData("vm", "vm.example.net", "nis.example", "vm.example.net", true)]
        public void A_Linux_hosts_names_are_told_from_others(string machine, string host, string domain, string computer, bool thisComputer) =>
            Assert.Equal(thisComputer, PipedComputer.IsThisComputer(new FakePlatform(false) { Computer = new ComputerNames(machine, host, domain, null) }, computer));

        [Theory]
        // The same names on Windows: DomainName is the primary DNS suffix there, so the host name in it is this computer.
        [InlineData("VM", "vm", "example.net", "vm.example.net", true)]
        [InlineData("VM", "vm", "example.net", "vm.other.net", false)]
        public void A_Windows_hosts_DNS_suffix_makes_its_full_name(string machine, string host, string domain, string computer, bool thisComputer) =>
            Assert.Equal(thisComputer, PipedComputer.IsThisComputer(new FakePlatform(true) { Computer = new ComputerNames(machine, host, domain, null) }, computer));

        // A Linux host as .NET 10 reads it here (NetworkInterface: lo index 1, eth0 index 4 holding fe80::fc:ff:fe00:1%4 and
        // the unique local fd00::2, RFC 4193: not scoped). A zone is an interface name or index (RFC 4007 11); Linux
        // interface names are compared as the system gives them, case and all.
        private static FakePlatform Linux() => new FakePlatform(false)
        {
            Computer = new ComputerNames("vm", "vm", null,
                new[] { IPAddress.Parse("fe80::fc:ff:fe00:1%4"), IPAddress.Parse("fd00::2"), IPAddress.Loopback },
                new Dictionary<long, string> { [1] = "lo", [4] = "eth0" }),
        };

        [Theory]
        [InlineData("fe80::fc:ff:fe00:1%eth0", true)]
        [InlineData("[fe80::fc:ff:fe00:1%eth0]", true)]
        [InlineData("fe80::fc:ff:fe00:1%4", true)]
        [InlineData("fe80::fc:ff:fe00:1", false)]
        [InlineData("fe80::fc:ff:fe00:1%eth1", false)]
        [InlineData("fe80::fc:ff:fe00:1%lo", false)]
        [InlineData("fe80::fc:ff:fe00:1%ETH0", false)]
        [InlineData("fe80::fc:ff:fe00:1%25eth0", false)]
        [InlineData("fd00::2", true)]
        [InlineData("fd00::2%eth1", true)]
        public void A_Linux_hosts_link_local_address_needs_its_zone(string computer, bool thisComputer) =>
            Assert.Equal(thisComputer, PipedComputer.IsThisComputer(Linux(), computer));

        [Theory]
        [InlineData(null, "/var/log/a.log")]
        [InlineData("localhost", "/var/log/a.log")]
        [InlineData("win-7q2k4lm.corp.example.com", "/var/log/a.log")]
        [InlineData("web1", "web1:/var/log/a.log")]
        [InlineData("web1.corp.example.com", "web1.corp.example.com:/var/log/a.log")]
        public void A_deserialized_lines_file_is_named_by_its_computer(string computer, string file) =>
            Assert.Equal(file, PipedComputer.FileOf(Windows(), computer, "/var/log/a.log"));

        [Fact]
        public void This_computers_own_names_in_any_case_are_this_computer()
        {
            var host = HostPlatform.Current;
            Assert.True(PipedComputer.IsThisComputer(host, Environment.MachineName.ToUpperInvariant()));
            Assert.True(PipedComputer.IsThisComputer(host, Environment.MachineName.ToLowerInvariant()));
            if (host.Computer.HostName != null) Assert.True(PipedComputer.IsThisComputer(host, host.Computer.HostName.ToUpperInvariant()));
            if (host.IsWindows && host.Computer.DomainName != null)
                Assert.True(PipedComputer.IsThisComputer(host, host.Computer.HostName.Split('.')[0] + "." + host.Computer.DomainName));
            // Its addresses as .NET writes them (a link-local IPv6 one with its zone index); IPv4 link-local has no zone form.
            foreach (var a in host.Computer.Addresses.Where(a => !IPAddress.IsLoopback(a) && !a.ToString().StartsWith("169.254.", StringComparison.Ordinal)).Take(4))
                Assert.True(PipedComputer.IsThisComputer(host, a.ToString()));
        }
    }
}
