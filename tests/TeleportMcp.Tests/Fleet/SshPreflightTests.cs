using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using TeleportMcp.Engine.Fleet;
using TeleportMcp.Engine.Platform;
using Xunit;

namespace TeleportMcp.Tests.Fleet
{
    public class SshPreflightTests
    {
        /// <summary>Answers ssh -G with fixed settings (or a failure) and records the arguments of each call.</summary>
        private sealed class SshSettings : IProcessRunner
        {
            private readonly Func<List<string>, ProcessResult> _answer;
            public readonly List<List<string>> Calls = new List<List<string>>();

            public SshSettings(Func<List<string>, ProcessResult> answer) => _answer = answer;

            public ProcessResult Run(string fileName, IList<string> arguments, IDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancel)
            {
                lock (Calls) Calls.Add(arguments.ToList());
                return _answer(arguments.ToList());
            }
        }

        // What OpenSSH 9.2's ssh -G prints for a plain host (the lines the preflight reads, among others it ignores).
        private static string Dump(string host, int port = 22, params string[] more) =>
            string.Join("\n", new[] { "user alice", "hostname " + host, "port " + port, "addressfamily any", "canonicalizehostname false", "proxyusefdpass no", "connecttimeout 30" }.Concat(more)) + "\n";

        private static SshPreflight Make(Func<List<string>, ProcessResult> answer, Func<IPAddress, TcpOutcome> connect, Func<string, IPAddress[]> resolve = null)
        {
            var p = new SshPreflight("/usr/bin/ssh", new SshSettings(answer))
            {
                Connect = (a, port, wait, cancel) => Task.FromResult(connect(a)),
            };
            if (resolve != null) p.Resolve = (name, cancel) => Task.FromResult(resolve(name));
            else p.Resolve = (name, cancel) => Task.FromResult(new[] { IPAddress.Parse(name) });
            return p;
        }

        public static IEnumerable<object[]> ArgumentCases()
        {
            // (host as given, -UserName, -Port, -Options, the arguments) — PowerShell's SSHConnectionInfo.StartSSHProcess order: -l, -p, -o, then the host.
            // ... then -s, the host and the subsystem, as New-PSSession runs ssh (Match sessiontype subsystem sees the same).
            yield return new object[] { "web1", null, 0, null, new[] { "-G", "-s", "--", "web1", "powershell" } };
            yield return new object[] { "web1", "bob", 2222, null, new[] { "-G", "-lbob", "-p2222", "-s", "--", "web1", "powershell" } };
            // A user and port written in the host name win over -UserName and -Port (RemotingUtils.ParseSshHostName).
            yield return new object[] { "alice@web1:2200", "bob", 2222, null, new[] { "-G", "-lalice", "-p2200", "-s", "--", "web1", "powershell" } };
            yield return new object[] { "[::1]:5986", null, 0, null, new[] { "-G", "-p5986", "-s", "--", "::1", "powershell" } };
            yield return new object[] { "web1", null, 0, new Hashtable { ["ConnectTimeout"] = 7 }, new[] { "-G", "-oConnectTimeout=7", "-s", "--", "web1", "powershell" } };
            // PowerShell gives ssh a DOMAIN\user as user@DOMAIN.
            yield return new object[] { "web1", "CORP\\bob", 0, null, new[] { "-G", "-lbob@CORP", "-s", "--", "web1", "powershell" } };
            // A value with spaces or '=' is one argument: ssh reads the option from it as written.
            yield return new object[] { "web1", null, 0, new Hashtable { ["SetEnv"] = "A=b c" }, new[] { "-G", "-oSetEnv=A=b c", "-s", "--", "web1", "powershell" } };
        }

        [Theory]
        [MemberData(nameof(ArgumentCases))]
        public void Asks_ssh_for_the_settings_New_PSSession_would_give_it(string host, string user, int port, Hashtable options, string[] expected)
        {
            var target = SessionTarget.Parse(host, out var error);
            Assert.Null(error);
            Assert.Equal(expected, SshPreflight.SettingsArguments(target, user, port, options));
        }

        public static IEnumerable<object[]> RouteCases()
        {
            // (ssh -G output, host name, port, family, why the connection is not a direct one or null)
            yield return new object[] { Dump("10.0.0.5", 2222), "10.0.0.5", 2222, "any", null };
            yield return new object[] { Dump("web1.example.com").Replace("addressfamily any", "addressfamily inet6"), "web1.example.com", 22, "inet6", null };
            yield return new object[] { Dump("web1", 22, "proxyjump bastion"), "web1", 22, "any", "ssh reaches it through ProxyJump bastion" };
            yield return new object[] { Dump("web1", 22, "proxycommand nc %h %p"), "web1", 22, "any", "ssh reaches it through a ProxyCommand" };
            yield return new object[] { Dump("web1", 22, "controlpath ~/.ssh/cm-%r@%h:%p"), "web1", 22, "any", "ssh may use a shared connection (ControlPath)" };
            yield return new object[] { Dump("web1").Replace("canonicalizehostname false", "canonicalizehostname yes"), "web1", 22, "any", "ssh canonicalizes the host name (CanonicalizeHostname yes)" };
            yield return new object[] { Dump("web1", 22, "bindaddress 10.1.1.1"), "web1", 22, "any", "ssh connects from a set source address" };
            yield return new object[] { Dump("web1", 22, "bindinterface eth1"), "web1", 22, "any", "ssh connects from a set source address" };
            // A second attempt a second later (a restarting sshd, a port knock) is not a fast failure.
            yield return new object[] { Dump("web1", 22, "connectionattempts 3"), "web1", 22, "any", "ssh tries 3 times (ConnectionAttempts)" };
            yield return new object[] { Dump("web1", 22, "connectionattempts 1"), "web1", 22, "any", null };
            // "none" is ssh's word for unset.
            yield return new object[] { Dump("web1", 22, "proxycommand none", "proxyjump none", "controlpath none"), "web1", 22, "any", null };
            yield return new object[] { "hostname web1\r\n", "web1", 0, "any", "ssh -G named no host name and port" };
            yield return new object[] { "", null, 0, "any", "ssh -G named no host name and port" };
        }

        [Theory]
        [MemberData(nameof(RouteCases))]
        public void Reads_where_ssh_connects_from_its_settings(string dump, string host, int port, string family, string indirect)
        {
            var route = SshPreflight.ReadRoute(dump);
            Assert.Equal(host, route.HostName);
            Assert.Equal(port, route.Port);
            Assert.Equal(family, route.AddressFamily);
            Assert.Equal(indirect, route.Indirect);
        }

        [Fact]
        public async Task Names_a_port_that_refuses_and_tries_nothing_else()
        {
            var p = Make(_ => new ProcessResult { Stdout = Dump("127.0.0.1", 2222) }, _ => TcpOutcome.Refused);
            Assert.Equal("ssh cannot connect to 127.0.0.1 port 2222: connection refused, so no session was tried",
                await p.UnreachableAsync("127.0.0.1:2222", null, 0, null, CancellationToken.None));
        }

        public static IEnumerable<object[]> AddressCases()
        {
            // (the outcome for each address, the reason or null when New-PSSession should try)
            yield return new object[] { new[] { TcpOutcome.Refused, TcpOutcome.Refused }, "ssh cannot connect to web1 port 22 (10.0.0.1, 10.0.0.2): connection refused, so no session was tried" };
            yield return new object[] { new[] { TcpOutcome.NoRoute, TcpOutcome.NoRoute }, "ssh cannot connect to web1 port 22 (10.0.0.1, 10.0.0.2): no route to host, so no session was tried" };
            yield return new object[] { new[] { TcpOutcome.Refused, TcpOutcome.NoRoute }, "ssh cannot connect to web1 port 22 (10.0.0.1, 10.0.0.2): connection refused or no route, so no session was tried" };
            // ssh goes on to the next address: one that answers is enough.
            yield return new object[] { new[] { TcpOutcome.Refused, TcpOutcome.Connected }, null };
            // No answer in time is nothing definite (ssh waits its ConnectTimeout, and the transport is then safe).
            yield return new object[] { new[] { TcpOutcome.Refused, TcpOutcome.NoAnswer }, null };
        }

        [Theory]
        [MemberData(nameof(AddressCases))]
        public async Task Is_sure_only_when_every_address_fails_at_once(TcpOutcome[] outcomes, string expected)
        {
            var addresses = new[] { IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2") };
            var p = Make(_ => new ProcessResult { Stdout = Dump("web1") }, a => outcomes[Array.IndexOf(addresses, a)], _ => addresses);
            Assert.Equal(expected, await p.UnreachableAsync("web1", null, 0, null, CancellationToken.None));
        }

        [Fact]
        public async Task Tries_only_the_addresses_of_ssh_s_address_family()
        {
            var tried = new List<IPAddress>();
            var p = Make(_ => new ProcessResult { Stdout = Dump("web1").Replace("addressfamily any", "addressfamily inet6") },
                a => { tried.Add(a); return TcpOutcome.Refused; },
                _ => new[] { IPAddress.Parse("10.0.0.1"), IPAddress.Parse("fd00::1") });
            Assert.Equal("ssh cannot connect to web1 port 22 (fd00::1): connection refused, so no session was tried", await p.UnreachableAsync("web1", null, 0, null, CancellationToken.None));
            Assert.Equal(new[] { IPAddress.Parse("fd00::1") }, tried);
            // No address of that family: nothing is known.
            var v4 = Make(_ => new ProcessResult { Stdout = Dump("web1").Replace("addressfamily any", "addressfamily inet6") }, _ => TcpOutcome.Refused, _ => new[] { IPAddress.Parse("10.0.0.1") });
            Assert.Null(await v4.UnreachableAsync("web1", null, 0, null, CancellationToken.None));
        }

        [Theory]
        [InlineData(SocketError.HostNotFound, true, false)]
        [InlineData(SocketError.NoData, true, false)]
        [InlineData(SocketError.TryAgain, false, false)]
        [InlineData(SocketError.HostNotFound, true, true)]
        [InlineData(SocketError.TryAgain, false, true)]
        public async Task Names_a_host_name_that_does_not_resolve(SocketError error, bool sure, bool fromTask)
        {
            var p = Make(_ => new ProcessResult { Stdout = Dump("nohost.example") }, _ => TcpOutcome.Connected);
            // The lookup fails as it starts, or later in its task (as Dns.GetHostAddressesAsync does).
            if (fromTask) p.Resolve = async (name, cancel) => { await Task.Yield(); throw new SocketException((int)error); };
            else p.Resolve = (name, cancel) => throw new SocketException((int)error);
            var reason = await p.UnreachableAsync("nohost", null, 0, null, CancellationToken.None);
            if (sure) Assert.StartsWith("ssh cannot resolve the host name nohost.example (", reason, StringComparison.Ordinal);
            else Assert.Null(reason);
        }

        [Theory]
        [InlineData("proxycommand nc %h %p")]
        [InlineData("controlpath /run/user/0/cm-web1")]
        [InlineData("controlpath /tmp/cm-%C")]
        // A relative path is relative to ssh's directory, which is not known here.
        [InlineData("controlpath cm-web1")]
        public async Task Leaves_a_host_behind_a_proxy_or_a_live_master_to_New_PSSession_without_connecting(string setting)
        {
            bool connected = false;
            var p = Make(_ => new ProcessResult { Stdout = Dump("10.0.0.1", 22, setting) }, _ => { connected = true; return TcpOutcome.Refused; });
            // The first socket is there (a master may answer); the second path still holds a token ssh expands.
            p.ControlSocketExists = path => path == "/run/user/0/cm-web1";
            Assert.Null(await p.UnreachableAsync("web1", null, 0, null, CancellationToken.None));
            Assert.False(connected);
        }

        [Fact]
        public async Task Connects_itself_where_no_master_socket_is_there_as_ssh_does()
        {
            var checkedPaths = new List<string>();
            var p = Make(_ => new ProcessResult { Stdout = Dump("10.0.0.1", 22, "controlpath /root/.ssh/cm-alice@10.0.0.1:22") }, _ => TcpOutcome.Refused);
            p.ControlSocketExists = path => { checkedPaths.Add(path); return false; };
            Assert.Equal("ssh cannot connect to 10.0.0.1 port 22: connection refused, so no session was tried", await p.UnreachableAsync("web1", null, 0, null, CancellationToken.None));
            Assert.Equal(new[] { "/root/.ssh/cm-alice@10.0.0.1:22" }, checkedPaths);
        }

        private const string Said = "debug1: Setting implicit ProxyCommand from ProxyJump: ";

        public static IEnumerable<object[]> CommandCases()
        {
            // (ssh -G -v's standard error, the command as "user|port|jump|config|host", or null when nothing is claimed)
            // ssh.c: the user and port of the last hop, the others as -J; a URL-decoded user keeps its ','.
            yield return new object[] { "OpenSSH_9.2p1\n" + Said + "ssh -l a,b -p 2222 -v -W '[%h]:%p' B\n", "a,b|2222|||B" };
            yield return new object[] { Said + "/usr/bin/ssh -J u@jump1:2222,ssh://v@j2:2200/ -vvv -W '[%h]:%p' j3\r\n", "||u@jump1:2222,ssh://v@j2:2200/||j3" };
            yield return new object[] { Said + "ssh -F /etc/ssh/jump_config -v -W '[%h]:%p' A", "|||/etc/ssh/jump_config|A" };
            // The user's shell runs the command: an unquoted '[' is a glob, '$' a variable.
            yield return new object[] { Said + "ssh -J [::1]:2206 -v -W '[%h]:%p' A", null };
            yield return new object[] { Said + "ssh -l $USER -v -W '[%h]:%p' A", null };
            yield return new object[] { Said + "ssh -v -W '[%h]:%p' $JB", null };
            // A word ssh does not write here, a port that is no number, or no command at all.
            yield return new object[] { Said + "ssh -x -v -W '[%h]:%p' A", null };
            yield return new object[] { Said + "ssh -p 22x -v -W '[%h]:%p' A", null };
            yield return new object[] { "debug1: Reading configuration data /etc/ssh/ssh_config\n", null };
            yield return new object[] { Said + "ssh", null };
        }

        [Theory]
        [MemberData(nameof(CommandCases))]
        public void Reads_the_command_ssh_makes_of_ProxyJump(string stderr, string expected)
        {
            var c = ProxyJumpCommand.Find(stderr);
            Assert.Equal(expected, c == null ? null : c.User + "|" + c.Port + "|" + c.Jump + "|" + c.ConfigFile + "|" + c.Host);
        }

        [Fact]
        public void Asks_ssh_for_a_hop_s_settings_as_the_ssh_ProxyJump_starts_for_it()
        {
            Assert.Equal(new[] { "-G", "-lu", "-p2222", "-Ja,b", "-W[10.0.0.1]:22", "--", "bastion" },
                ProxyJumpCommand.Find(Said + "ssh -l u -p 2222 -J a,b -v -W '[%h]:%p' bastion")!.SettingsArguments("10.0.0.1", 22));
            Assert.Equal(new[] { "-G", "-W[fd00::1]:2200", "--", "bastion" },
                ProxyJumpCommand.Find(Said + "ssh -v -W '[%h]:%p' bastion")!.SettingsArguments("fd00::1", 2200));
        }

        [Theory]
        [InlineData("bastion", true)]
        [InlineData("u@j1:22,ssh://v@j2:22/", true)]
        // sshconnect.c runs the ProxyJump command through the user's shell: what it makes of these is not what ssh -G printed.
        [InlineData("[::1]:22", false)]
        [InlineData("$JB:2202", false)]
        [InlineData("a b", false)]
        [InlineData("ssh://u;x=y@a", false)]
        [InlineData("`id`", false)]
        public void Knows_which_words_the_shell_passes_on_as_written(string word, bool asWritten) =>
            Assert.Equal(asWritten, ProxyJumpCommand.ShellReadsAsWritten(word));

        // ssh -G's answer by the host asked about (the argument after "--"): the target, then the hops. A -J on the command
        // line wins over the host's own ProxyJump, as in ssh; with -v, ssh states the command it makes of the ProxyJump (ssh.c:
        // the last hop's user and port, the others as -J).
        private static Func<List<string>, ProcessResult> ByHost(Dictionary<string, string> dumps) =>
            args =>
            {
                var host = args[args.IndexOf("--") + 1];
                if (!dumps.TryGetValue(host, out var dump)) return new ProcessResult { ExitCode = 255, Stderr = "no dump for " + host };
                var j = args.FirstOrDefault(a => a.StartsWith("-J", StringComparison.Ordinal));
                if (j != null) dump = string.Join("\n", dump.Split('\n').Where(l => !l.StartsWith("proxyjump ", StringComparison.Ordinal))) + "proxyjump " + j.Substring(2) + "\n";
                var jump = dump.Split('\n').FirstOrDefault(l => l.StartsWith("proxyjump ", StringComparison.Ordinal))?.Substring("proxyjump ".Length);
                if (!args.Contains("-v") || jump == null) return new ProcessResult { Stdout = dump };
                int comma = jump.LastIndexOf(',');
                string last = jump.Substring(comma + 1), others = comma < 0 ? null : jump.Substring(0, comma);
                if (last.StartsWith("ssh://", StringComparison.Ordinal)) last = last.Substring(6).TrimEnd('/');
                int at = last.LastIndexOf('@');
                string user = at < 0 ? null : last.Substring(0, at), hostPort = last.Substring(at + 1);
                int colon = hostPort.LastIndexOf(':');
                string hop = colon < 0 ? hostPort : hostPort.Substring(0, colon), port = colon < 0 ? null : hostPort.Substring(colon + 1);
                var command = "ssh" + (user != null ? " -l " + user : "") + (port != null ? " -p " + port : "") + (others != null ? " -J " + others : "") + " -v -W '[%h]:%p' " + hop;
                return new ProcessResult { Stdout = dump, Stderr = "OpenSSH_9.2p1\n" + Said + command + "\n" };
            };

        public static IEnumerable<object[]> ThroughJumpCases()
        {
            // (ssh -G answers by host, addresses that refuse, the reason or null)
            yield return new object[]
            {
                new Dictionary<string, string> { ["web1"] = Dump("10.0.0.1", 22, "proxyjump u@bastion:2222"), ["bastion"] = Dump("10.9.9.9", 2222) },
                new[] { "10.9.9.9" },
                "ssh reaches it through ProxyJump u@bastion:2222, and cannot connect to bastion (10.9.9.9 port 2222): connection refused, so no session was tried",
            };
            // The first hop answers: what lies behind it is for New-PSSession to find (the target is never connected to from here).
            yield return new object[]
            {
                new Dictionary<string, string> { ["web1"] = Dump("10.0.0.1", 22, "proxyjump bastion"), ["bastion"] = Dump("10.9.9.9") },
                new[] { "10.0.0.1" },
                null,
            };
            // A chain: ssh starts an ssh for the last hop with -J for the others, which connects to the first listed host.
            yield return new object[]
            {
                new Dictionary<string, string> { ["web1"] = Dump("10.0.0.1", 22, "proxyjump outer,inner"), ["outer"] = Dump("10.9.9.1"), ["inner"] = Dump("10.9.9.2") },
                new[] { "10.9.9.1" },
                "ssh reaches it through ProxyJump outer,inner, and cannot connect to outer (10.9.9.1 port 22): connection refused, so no session was tried",
            };
            // ... and that ssh first tries a master connection to the last hop: a live one is used, whatever the first hop does.
            yield return new object[]
            {
                new Dictionary<string, string> { ["web1"] = Dump("10.0.0.1", 22, "proxyjump outer,inner"), ["outer"] = Dump("10.9.9.1"), ["inner"] = Dump("10.9.9.2", 22, "controlpath /run/cm-inner") },
                new[] { "10.9.9.1" },
                null,
            };
            // The shell that runs ProxyJump's command reads '$JB' first: nothing is known of the hop ssh then gets.
            yield return new object[]
            {
                new Dictionary<string, string> { ["web1"] = Dump("10.0.0.1", 22, "proxyjump $JB:2202") },
                new[] { "10.0.0.1" },
                null,
            };
            // The hop's own settings send it through another jump host.
            yield return new object[]
            {
                new Dictionary<string, string> { ["web1"] = Dump("10.0.0.1", 22, "proxyjump bastion"), ["bastion"] = Dump("10.9.9.9", 22, "proxyjump gate"), ["gate"] = Dump("10.8.8.8") },
                new[] { "10.8.8.8" },
                "ssh reaches it through ProxyJump bastion, and reaches bastion through ProxyJump gate, and cannot connect to gate (10.8.8.8 port 22): connection refused, so no session was tried",
            };
            // The hop's settings that ssh refuses, and a hop behind a ProxyCommand, which is never run.
            yield return new object[]
            {
                new Dictionary<string, string> { ["web1"] = Dump("10.0.0.1", 22, "proxyjump bastion") },
                new[] { "10.0.0.1" },
                "ssh reaches it through ProxyJump bastion, and stops on its settings for bastion (no dump for bastion), so no session was tried",
            };
            yield return new object[]
            {
                new Dictionary<string, string> { ["web1"] = Dump("10.0.0.1", 22, "proxyjump bastion"), ["bastion"] = Dump("10.9.9.9", 22, "proxycommand nc %h %p") },
                new[] { "10.9.9.9" },
                null,
            };
            // Hosts that jump through each other for ever: a few hops are followed, then nothing is claimed.
            yield return new object[]
            {
                new Dictionary<string, string> { ["web1"] = Dump("10.0.0.1", 22, "proxyjump a"), ["a"] = Dump("10.9.9.1", 22, "proxyjump b"), ["b"] = Dump("10.9.9.2", 22, "proxyjump a") },
                new[] { "10.9.9.1", "10.9.9.2" },
                null,
            };
            // A ProxyJump that cannot be read as ssh reads it.
            yield return new object[]
            {
                new Dictionary<string, string> { ["web1"] = Dump("10.0.0.1", 22, "proxyjump jump-%h") },
                new[] { "10.0.0.1" },
                null,
            };
        }

        [Theory]
        [MemberData(nameof(ThroughJumpCases))]
        public async Task Checks_the_first_jump_host_ssh_connects_to(Dictionary<string, string> dumps, string[] refusing, string expected)
        {
            var connected = new List<string>();
            var settings = new SshSettings(ByHost(dumps));
            var p = new SshPreflight("/usr/bin/ssh", settings)
            {
                Resolve = (name, cancel) => Task.FromResult(new[] { IPAddress.Parse(name) }),
                Connect = (a, port, wait, cancel) => { lock (connected) connected.Add(a.ToString()); return Task.FromResult(refusing.Contains(a.ToString()) ? TcpOutcome.Refused : TcpOutcome.Connected); },
                ControlSocketExists = path => path == "/run/cm-inner",
            };
            Assert.Equal(expected, await p.UnreachableAsync("web1", null, 0, null, CancellationToken.None));
            Assert.DoesNotContain("10.0.0.1", connected);
            // Each hop is read twice (its settings, then with -v the command ProxyJump makes), for at most nine hosts.
            Assert.True(settings.Calls.Count <= 18, settings.Calls.Count + " calls");
        }

        [Fact]
        public async Task Gives_each_hop_the_arguments_of_the_ssh_ProxyJump_starts_for_it()
        {
            var settings = new SshSettings(ByHost(new Dictionary<string, string>
            {
                ["web1"] = Dump("10.0.0.1", 2200, "proxyjump ssh://u@outer:2222,v@inner"),
                ["outer"] = Dump("10.9.9.1", 2222),
                ["inner"] = Dump("10.9.9.2", 22),
            }));
            var p = new SshPreflight("/usr/bin/ssh", settings)
            {
                Resolve = (name, cancel) => Task.FromResult(new[] { IPAddress.Parse(name) }),
                Connect = (a, port, wait, cancel) => Task.FromResult(TcpOutcome.Refused),
            };
            Assert.Equal("ssh reaches it through ProxyJump ssh://u@outer:2222,v@inner, and cannot connect to outer (10.9.9.1 port 2222): connection refused, so no session was tried",
                await p.UnreachableAsync("web1", "alice", 0, new Hashtable { ["ConnectTimeout"] = 3 }, CancellationToken.None));
            // The target's settings, then with -v for the command; the last hop with the others as -J and -W to the target's host
            // and port (and again with -v); then the first hop, -W to the last.
            Assert.Equal(new[] { "-G", "-v", "-lalice", "-oConnectTimeout=3", "-s", "--", "web1", "powershell" }, settings.Calls[1]);
            Assert.Equal(new[] { "-G", "-lv", "-Jssh://u@outer:2222", "-W[10.0.0.1]:2200", "--", "inner" }, settings.Calls[2]);
            Assert.Equal(new[] { "-G", "-lu", "-p2222", "-W[10.9.9.2]:22", "--", "outer" }, settings.Calls[4]);
        }

        [Fact]
        public async Task Takes_the_hop_s_user_as_ssh_took_it_not_from_the_printed_ProxyJump()
        {
            // ProxyJump ssh://a%2Cb@bastion prints as "a,b@bastion": one hop with the user "a,b", not a hop "a" (readconf.c).
            var settings = new SshSettings(args =>
            {
                var host = args[args.IndexOf("--") + 1];
                if (host == "web1")
                    return args.Contains("-v")
                        ? new ProcessResult { Stdout = Dump("10.0.0.1", 22, "proxyjump a,b@bastion"), Stderr = Said + "ssh -l a,b -v -W '[%h]:%p' bastion\n" }
                        : new ProcessResult { Stdout = Dump("10.0.0.1", 22, "proxyjump a,b@bastion") };
                return host == "bastion" ? new ProcessResult { Stdout = Dump("10.9.9.9") } : new ProcessResult { ExitCode = 255, Stderr = "asked about " + host };
            });
            var p = new SshPreflight("/usr/bin/ssh", settings)
            {
                Resolve = (name, cancel) => Task.FromResult(new[] { IPAddress.Parse(name) }),
                Connect = (a, port, wait, cancel) => Task.FromResult(TcpOutcome.Refused),
            };
            Assert.Equal("ssh reaches it through ProxyJump a,b@bastion, and cannot connect to bastion (10.9.9.9 port 22): connection refused, so no session was tried",
                await p.UnreachableAsync("web1", null, 0, null, CancellationToken.None));
            Assert.Equal(new[] { "-G", "-la,b", "-W[10.0.0.1]:22", "--", "bastion" }, settings.Calls[2]);
        }

        [Fact]
        public async Task Names_a_jump_host_that_does_not_resolve()
        {
            var p = Make(ByHost(new Dictionary<string, string> { ["web1"] = Dump("10.0.0.1", 22, "proxyjump bastion.example"), ["bastion.example"] = Dump("bastion.example") }), _ => TcpOutcome.Connected);
            p.Resolve = (name, cancel) => throw new SocketException((int)SocketError.HostNotFound);
            Assert.StartsWith("ssh reaches it through ProxyJump bastion.example, and cannot resolve the host name bastion.example (",
                await p.UnreachableAsync("web1", null, 0, null, CancellationToken.None), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Names_settings_ssh_refuses_as_ssh_says_them()
        {
            var p = Make(_ => new ProcessResult { ExitCode = 255, Stderr = "command-line: line 0: Bad configuration option: bogus\n" }, _ => TcpOutcome.Connected);
            Assert.Equal("ssh stops on its settings for it (command-line: line 0: Bad configuration option: bogus), so no session was tried",
                await p.UnreachableAsync("web1", null, 0, new Hashtable { ["Bogus"] = "1" }, CancellationToken.None));
        }

        [Theory]
        [InlineData(255, "unknown option -- G\nusage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] ...\n", null, false)]
        [InlineData(255, "", null, false)]
        // CanonicalizeHostname may resolve the name in -G itself: a name server that does not answer now says nothing.
        [InlineData(255, "ssh: Could not resolve host \"web1\": Temporary failure in name resolution\n", null, false)]
        [InlineData(0, "", "could not start", false)]
        [InlineData(0, "", null, true)]
        public async Task Knows_nothing_when_ssh_cannot_print_its_settings(int exit, string stderr, string startError, bool timedOut)
        {
            var p = Make(_ => new ProcessResult { ExitCode = exit, Stderr = stderr, StartError = startError, TimedOut = timedOut }, _ => TcpOutcome.Refused);
            Assert.Null(await p.UnreachableAsync("web1", null, 0, null, CancellationToken.None));
        }

        [Fact]
        public void Checks_every_host_and_names_the_unreachable_in_the_order_given()
        {
            var settings = new SshSettings(args => new ProcessResult { Stdout = Dump(args[args.Count - 2]) });
            var p = new SshPreflight("/usr/bin/ssh", settings)
            {
                Resolve = (name, cancel) => Task.FromResult(new[] { IPAddress.Parse(name) }),
                Connect = (a, port, wait, cancel) => Task.FromResult(a.ToString().EndsWith(".9", StringComparison.Ordinal) ? TcpOutcome.Connected : TcpOutcome.Refused),
            };
            var hosts = Enumerable.Range(1, 9).Select(i => "10.0.0." + i).ToList();
            var found = p.Unreachable(hosts, "bob", 0, null, 3, CancellationToken.None);
            Assert.Equal(hosts.Take(8), found.Select(f => f.Key));
            Assert.Equal(9, settings.Calls.Count);
            Assert.All(settings.Calls, c => Assert.Equal(new[] { "-G", "-lbob", "-s", "--" }, c.Take(4)));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void A_stop_during_the_checks_is_a_stop_even_when_every_check_has_ended(int hosts)
        {
            // The runner ends ssh when stopped and reports a time-out (ProcessRunner): that is no answer, and the stop holds.
            using var stop = new CancellationTokenSource();
            var p = new SshPreflight("/usr/bin/ssh", new SshSettings(_ => { stop.Cancel(); return new ProcessResult { TimedOut = true }; }))
            {
                Resolve = (name, cancel) => Task.FromResult(new[] { IPAddress.Parse(name) }),
                Connect = (a, port, wait, cancel) => Task.FromResult(TcpOutcome.Refused),
            };
            Assert.ThrowsAny<OperationCanceledException>(() => p.Unreachable(Enumerable.Range(1, hosts).Select(i => "10.0.0." + i).ToList(), null, 0, null, hosts, stop.Token));
        }

        [Theory]
        [InlineData(1, "Checking that ssh can connect to h1")]
        [InlineData(5, "Checking that ssh can connect to h1, h2, h3, h4, h5")]
        [InlineData(200, "Checking that ssh can connect to h1, h2, h3 and 197 more hosts")]
        public void Says_what_it_checks_in_one_line(int hosts, string expected) =>
            Assert.Equal(expected, SshPreflight.Checking(Enumerable.Range(1, hosts).Select(i => "h" + i).ToList()));

        [Theory]
        [InlineData(false, "ssh")]
        [InlineData(true, "ssh.exe")]
        public void Looks_up_the_ssh_New_PSSession_starts(bool windows, string expected) =>
            Assert.Equal(expected, SshPreflight.Program(new TeleportMcp.Tests.Platform.FakePlatform(windows)));

        [Fact]
        public async Task A_port_that_trickles_bytes_cannot_hold_the_goodbye()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var done = new CancellationTokenSource();
            var server = Task.Run(async () =>
            {
                using var peer = await listener.AcceptSocketAsync();
                try
                {
                    // An endlessh-style tarpit: a line every 200 ms, never a version line.
                    while (!done.IsCancellationRequested)
                    {
                        peer.Send(System.Text.Encoding.ASCII.GetBytes("x\r\n"));
                        await Task.Delay(200);
                    }
                }
                catch (SocketException)
                {
                }
            });
            var connect = SshPreflight.TryConnect(IPAddress.Loopback, port, TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.Same(connect, await Task.WhenAny(connect, Task.Delay(TimeSpan.FromSeconds(30))));
            Assert.Equal(TcpOutcome.Connected, await connect);
            done.Cancel();
            await server;
        }

        [Fact]
        public async Task Leaves_sshd_as_a_client_that_gave_up_after_the_version_exchange_not_with_a_reset()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var server = Task.Run(async () =>
            {
                using var peer = await listener.AcceptSocketAsync();
                peer.Send(System.Text.Encoding.ASCII.GetBytes("a banner line first\r\nSSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"));
                var got = new List<byte>();
                var buffer = new byte[256];
                bool kexSent = false;
                while (true)
                {
                    int n = peer.Receive(buffer);
                    if (n == 0) break;
                    got.AddRange(buffer.Take(n));
                    // sshd sends its KEXINIT once it has the client's version: the client must read it before it closes.
                    if (!kexSent && got.Contains((byte)'\n')) { peer.Send(new byte[2000]); kexSent = true; }
                }
                return System.Text.Encoding.ASCII.GetString(got.ToArray());
            });
            Assert.Equal(TcpOutcome.Connected, await SshPreflight.TryConnect(IPAddress.Loopback, port, TimeSpan.FromSeconds(5), CancellationToken.None));
            // The server read a version line and then the end of the stream (a reset would have thrown in Receive).
            Assert.Equal("SSH-2.0-TeleportMcp_preflight\r\n", await server);
        }

        [Fact]
        public async Task Connects_for_real_to_a_listening_port_and_is_refused_by_a_closed_one()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int open = ((IPEndPoint)listener.LocalEndpoint).Port;
            try
            {
                // A service that closes at once (not sshd): the connection counts, whatever the goodbye does.
                var closing = Task.Run(async () => { using var peer = await listener.AcceptSocketAsync(); });
                Assert.Equal(TcpOutcome.Connected, await SshPreflight.TryConnect(IPAddress.Loopback, open, TimeSpan.FromSeconds(5), CancellationToken.None));
                await closing;
            }
            finally
            {
                listener.Stop();
            }
            // A socket bound and never listening refuses (the port cannot be taken by another test meanwhile).
            using var held = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            held.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int closed = ((IPEndPoint)held.LocalEndPoint).Port;
            Assert.Equal(TcpOutcome.Refused, await SshPreflight.TryConnect(IPAddress.Loopback, closed, TimeSpan.FromSeconds(5), CancellationToken.None));
        }
    }
}
