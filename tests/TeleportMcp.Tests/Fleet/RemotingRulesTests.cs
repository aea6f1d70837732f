using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Fleet;
using TeleportMcp.Tests.Resources;
using Xunit;

namespace TeleportMcp.Tests.Fleet
{
    /// <summary>The rules of a remote run: -HostName targets, which parameters go together, which hosts, how long.</summary>
    public class RemotingRulesTests
    {
        // PowerShell reads -HostName as the authority of "ssh://..." (RemotingUtils.cs, ParseSshHostName).
        [Theory]
        [InlineData("host", "host", null, 0)]
        [InlineData("alice@host", "host", "alice", 0)]
        [InlineData("alice@host:2222", "host", "alice", 2222)]
        [InlineData("Host.Example.COM", "Host.Example.COM", null, 0)]
        [InlineData("HOST@Host.example.com", "Host.example.com", "HOST", 0)]
        [InlineData("10.0.0.1:22", "10.0.0.1", null, 22)]
        [InlineData("[::1]:5986", "[::1]", null, 5986)]
        [InlineData("[::1]", "[::1]", null, 0)]
        [InlineData("user@[fe80::1]:22", "[fe80::1]", "user", 22)]
        [InlineData("host:", "host", null, 0)]
        public void Reads_a_target_as_PowerShell_does(string text, string host, string user, int port)
        {
            var t = SessionTarget.Parse(text, out var error);
            Assert.Null(error);
            Assert.NotNull(t);
            Assert.Equal(host, t.Host);
            Assert.Equal(user, t.User);
            Assert.Equal(port, t.Port);
        }

        [Theory]
        [InlineData("host:99999", "Invalid port")]
        [InlineData("host:abc", "Invalid port")]
        [InlineData("DOMAIN\\user@host", "cannot read it")]
        [InlineData("::1", "cannot read it")]
        [InlineData("bad host", "cannot read it")]
        [InlineData("a@b@host", "cannot read it")]
        [InlineData("", "empty")]
        [InlineData("   ", "empty")]
        [InlineData(null, "empty")]
        public void Refuses_what_New_PSSession_refuses(string text, string reason)
        {
            Assert.Null(SessionTarget.Parse(text, out var error));
            Assert.Contains(reason, error, StringComparison.Ordinal);
        }

        // A failed session's connection (its computer and port) is matched to the host the admin named.
        [Theory]
        [InlineData("alice@host:2222", "host", 2222, 0, 22, true)]
        [InlineData("alice@host:2222", "host", 22, 0, 22, false)]
        [InlineData("HOST", "host", 22, 0, 22, true)]
        [InlineData("host", "host", 2200, 2200, 22, true)]
        [InlineData("host", "host", 22, 2200, 22, false)]
        [InlineData("host", "other", 22, 0, 22, false)]
        [InlineData("host", "host", 0, 0, 22, true)]
        [InlineData("[::1]:5986", "::1", 5986, 0, 22, true)]
        [InlineData("[::1]:5986", "[::1]", 5986, 0, 22, true)]
        [InlineData("[::1]:5986", "::1", 22, 0, 22, false)]
        [InlineData("winhost", "winhost", 5985, 0, 0, true)]
        public void Matches_a_failed_connection_to_its_host(string target, string computer, int port, int givenPort, int defaultPort, bool expected)
        {
            var t = SessionTarget.Parse(target, out _);
            Assert.Equal(expected, t.IsConnection(computer, port, givenPort, defaultPort));
        }

        public static IEnumerable<object[]> Conflicts()
        {
            // (what was given, the start of the refusal; null = fine)
            yield return new object[] { new RemotingRequest { HostName = new[] { "a" } }, null };
            yield return new object[] { new RemotingRequest { HostName = new[] { "a" }, UserName = true, KeyFilePath = true, Port = 2222, Options = true }, null };
            yield return new object[] { new RemotingRequest { ComputerName = new[] { "a" }, Credential = true, Port = 5986 }, null };
            yield return new object[] { new RemotingRequest { Session = true }, null };
            yield return new object[] { new RemotingRequest(), null };
            yield return new object[] { new RemotingRequest { HostName = new[] { "a" }, ComputerName = new[] { "b" } }, "Give only one of" };
            yield return new object[] { new RemotingRequest { Session = true, HostName = new[] { "a" } }, "Give only one of" };
            yield return new object[] { new RemotingRequest { Session = true, UserName = true }, "-UserName, -KeyFilePath, -Credential, -Port and -Options open sessions" };
            yield return new object[] { new RemotingRequest { Session = true, Port = 22 }, "-UserName, -KeyFilePath, -Credential, -Port and -Options open sessions" };
            yield return new object[] { new RemotingRequest { HostName = new[] { "a" }, Credential = true }, "-Credential is for WinRM" };
            yield return new object[] { new RemotingRequest { ComputerName = new[] { "a" }, KeyFilePath = true }, "-KeyFilePath and -Options are SSH options" };
            yield return new object[] { new RemotingRequest { ComputerName = new[] { "a" }, Options = true }, "-KeyFilePath and -Options are SSH options" };
            yield return new object[] { new RemotingRequest { ComputerName = new[] { "a" }, UserName = true }, "-UserName is for SSH" };
            // Session options without a host to open: nothing to use them for.
            yield return new object[] { new RemotingRequest { UserName = true, Port = 22 }, "-UserName, -KeyFilePath, -Credential, -Port and -Options open sessions for -HostName or -ComputerName; neither was given" };
            yield return new object[] { new RemotingRequest { Credential = true }, "-UserName, -KeyFilePath, -Credential, -Port and -Options open sessions for -HostName or -ComputerName; neither was given" };
            yield return new object[] { new RemotingRequest { KeyFilePath = true }, "-UserName, -KeyFilePath, -Credential, -Port and -Options open sessions for -HostName or -ComputerName; neither was given" };
        }

        [Theory]
        [MemberData(nameof(Conflicts))]
        public void Refuses_parameters_that_do_not_go_together(RemotingRequest request, string refusal)
        {
            var conflict = request.Conflict();
            if (refusal == null) Assert.Null(conflict);
            else Assert.StartsWith(refusal, conflict, StringComparison.Ordinal);
        }

        [Fact]
        public void Opens_each_host_once_in_the_order_given()
        {
            var r = new RemotingRequest { HostName = new[] { "b", " ", null, "a", "B", "alice@a", "" } };
            Assert.Equal(new[] { "b", "a", "alice@a" }, r.Hosts());
            Assert.True(r.Requested);
            Assert.True(r.Ssh);
            Assert.Empty(new RemotingRequest().Hosts());
        }

        [Fact]
        public void Names_the_ssh_hosts_New_PSSession_would_refuse_and_keeps_the_others()
        {
            var r = new RemotingRequest { HostName = new[] { "good", "DOMAIN\\user@host", "host:70000", "[::1]:5986" } };
            var refused = r.RefusedHosts();
            Assert.Equal(new[] { "DOMAIN\\user@host", "host:70000" }, refused.Select(x => x.Key));
            Assert.All(refused, x => Assert.False(string.IsNullOrEmpty(x.Value)));
            // WinRM names are New-PSSession -ComputerName's to judge.
            Assert.Empty(new RemotingRequest { ComputerName = new[] { "DOMAIN\\user@host" } }.RefusedHosts());
        }

        [Theory]
        [InlineData(true, 32, 100, 32)]
        [InlineData(true, 4, 100, 4)]
        [InlineData(false, 4, 100, 100)]
        [InlineData(false, 4, 0, 1)]
        public void Opens_ssh_hosts_throttle_limit_at_a_time(bool ssh, int throttle, int hosts, int batch)
        {
            var r = ssh ? new RemotingRequest { HostName = new[] { "a" }, ThrottleLimit = throttle } : new RemotingRequest { ComputerName = new[] { "a" }, ThrottleLimit = throttle };
            Assert.Equal(batch, r.OpenBatch(hosts));
        }

        public static IEnumerable<object[]> OpenCases()
        {
            // (ssh, hosts given, throttle, the New-PSSession calls as "host=name,host=name")
            yield return new object[] { true, new[] { "a", "b", "c" }, 32, new[] { "a=T-0,b=T-1,c=T-2" } };
            yield return new object[] { true, new[] { "a", "b", "c" }, 2, new[] { "a=T-0,b=T-1", "c=T-2" } };
            yield return new object[] { true, new[] { "a", "b", "c", "d" }, 1, new[] { "a=T-0", "b=T-1", "c=T-2", "d=T-3" } };
            // WinRM opens every host in one call (its own -ThrottleLimit spreads them).
            yield return new object[] { false, new[] { "a", "b", "c" }, 2, new[] { "a=T-0,b=T-1,c=T-2" } };
            // A name given twice is opened once; a host New-PSSession would refuse by name is left out, and the names stay in step.
            yield return new object[] { true, new[] { "a", "A", "DOMAIN\\user@host", "b", "host:70000", "c" }, 2, new[] { "a=T-0,b=T-1", "c=T-2" } };
            yield return new object[] { true, new[] { "DOMAIN\\user@host" }, 2, Array.Empty<string>() };
            yield return new object[] { false, new[] { " ", "" }, 2, Array.Empty<string>() };
        }

        [Theory]
        [MemberData(nameof(OpenCases))]
        public void Opens_the_hosts_not_refused_in_order_each_with_a_session_name_of_its_own(bool ssh, string[] hosts, int throttle, string[] expected)
        {
            var r = ssh ? new RemotingRequest { HostName = hosts, ThrottleLimit = throttle } : new RemotingRequest { ComputerName = hosts, ThrottleLimit = throttle };
            var batches = r.OpenBatches("T-");
            Assert.Equal(expected, batches.Select(b => string.Join(",", b.Hosts.Zip(b.SessionNames, (h, n) => h + "=" + n))).ToArray());
            Assert.All(batches, b => Assert.Equal("Opening " + (ssh ? "SSH" : "WinRM") + " PowerShell sessions to " + string.Join(", ", b.Hosts), b.Opening));
        }

        [Fact]
        public void Names_the_sessions_of_each_run_apart()
        {
            var r = new RemotingRequest { HostName = new[] { "a", "b" } };
            var first = r.OpenBatches().Single().SessionNames;
            var second = r.OpenBatches().Single().SessionNames;
            Assert.All(first.Concat(second), n => Assert.Matches("^TeleportMcp-[0-9a-f]{8}-[01]$", n));
            Assert.NotEqual(first[0], second[0]);
        }

        [Theory]
        [InlineData(2, new[] { "web1", "web2" }, 8, "Running the host checks of 2 app(s) on web1, web2 (throttle 8)")]
        [InlineData(1, new[] { "web1" }, 32, "Running the host checks of 1 app(s) on web1 (throttle 32)")]
        public void Says_what_runs_where(int apps, string[] hosts, int throttle, string expected) =>
            Assert.Equal(expected, new RemotingRequest { ThrottleLimit = throttle }.Running(apps, hosts));

        [Theory]
        [InlineData(3, 2, 0.4, "Host checks of 3 app(s) on 2 host(s) (0 s)")]
        [InlineData(1, 1, 61.9, "Host checks of 1 app(s) on 1 host(s) (61 s)")]
        public void Shows_the_time_a_step_has_run_in_whole_seconds(int apps, int hosts, double seconds, string expected) =>
            Assert.Equal(expected, RemotingRequest.Elapsed(RemotingRequest.ChecksUnderWay(apps, hosts), TimeSpan.FromSeconds(seconds)));

        // Each round of -ThrottleLimit hosts gets the start-up (60 s) plus -TimeoutSec for each app.
        [Theory]
        [InlineData(1, 32, 1, 30, 90)]
        [InlineData(32, 32, 2, 30, 120)]
        [InlineData(33, 32, 2, 30, 240)]
        [InlineData(3, 1, 1, 10, 210)]
        [InlineData(0, 32, 5, 30, 0)]
        public void Gives_a_run_its_start_up_and_every_apps_time(int hosts, int throttle, int apps, int timeoutSec, int seconds)
        {
            var r = new RemotingRequest { HostName = new[] { "a" }, ThrottleLimit = throttle, TimeoutSec = timeoutSec };
            Assert.Equal(TimeSpan.FromSeconds(seconds), r.Budget(hosts, apps));
            Assert.Contains(seconds + " s", RemotingRequest.TimedOut(TimeSpan.FromSeconds(seconds)), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(30, null, "30")]
        [InlineData(1, null, "5")]
        [InlineData(600, null, "60")]
        [InlineData(30, "ConnectTimeout", null)]
        [InlineData(30, "connecttimeout", null)]
        [InlineData(30, "Port", "30")]
        public void Adds_a_connect_timeout_unless_the_admin_set_one(int timeoutSec, string optionName, string expected)
        {
            var r = new RemotingRequest { HostName = new[] { "a" }, TimeoutSec = timeoutSec };
            Assert.Equal(expected, r.SshConnectTimeout(optionName == null ? null : new[] { optionName }));
            Assert.Null(new RemotingRequest { ComputerName = new[] { "a" }, TimeoutSec = timeoutSec }.SshConnectTimeout(null));
        }
    }

    /// <summary>What the hosts wrote back (deserialized objects) as each host's checks, and as the diagnosis's input.</summary>
    public class HostResultsTests
    {
        private static DictionaryInput Remote(string type, params (string Key, object Value)[] entries)
        {
            var d = new Hashtable();
            foreach (var (k, v) in entries) d[k] = v;
            return new DictionaryInput(d, "Deserialized.TeleportMcp." + type, "Deserialized.System.Object");
        }

        private static DictionaryInput Check(string check, string status) =>
            Remote("AppCheck", ("App", "github"), ("Check", check), ("Status", status), ("Message", check + " " + status), ("Fix", "fix " + check));

        public static IEnumerable<object[]> Objects()
        {
            yield return new object[] { Check("CommandPath", "Fail"), new[] { "CommandPath:Fail" } };
            yield return new object[] { Check("CommandPath", "pass"), new[] { "CommandPath:Pass" } };
            // A status this module does not know is never a pass.
            yield return new object[] { Check("CommandPath", "Green"), new[] { "CommandPath:Indeterminate" } };
            yield return new object[] { Check("CommandPath", "42"), new[] { "CommandPath:Indeterminate" } };
            yield return new object[] { Check("CommandPath", null), new[] { "CommandPath:Indeterminate" } };
            yield return new object[] { Remote("ProbeResult", ("AppName", "github"), ("Stage", "Initialize"), ("Status", "Indeterminate"), ("Message", "timed out"),
                ("Checks", new ArrayList { Check("RunAsHostUser", "Pass"), "not a check" })), new[] { "RunAsHostUser:Pass", "ProbeInitialize:Indeterminate" } };
            yield return new object[] { Remote("ProbeResult", ("AppName", "github"), ("Stage", "ToolsList"), ("Status", "Pass")), new[] { "ProbeToolsList:Pass" } };
            yield return new object[] { Remote("RemoteWarning", ("Message", "x")), Array.Empty<string>() };
            yield return new object[] { new DictionaryInput(new Hashtable { ["Check"] = "CommandPath", ["Status"] = "Fail" }), Array.Empty<string>() };
        }

        [Theory]
        [MemberData(nameof(Objects))]
        public void Reads_what_a_host_wrote_as_its_checks(DictionaryInput written, string[] checks)
        {
            var run = new HostCheckRun("app-1", HostCheckStatus.Checked);
            HostResults.Add(run, written);
            Assert.Equal(checks, run.Checks.Select(c => c.Check + ":" + c.Status));
        }

        [Fact]
        public void A_host_that_was_not_checked_keeps_no_checks()
        {
            var run = FleetSummary.Unreachable("app-1", "the session broke");
            HostResults.Add(run, Check("CommandPath", "Pass"));
            Assert.Empty(run.Checks);
            Assert.False(run.Passed);
        }

        private static readonly App Github = new App { Name = "github", Uri = "mcp+stdio://", Command = "npx", RunAsHostUser = "mcp-runner" };

        [Fact]
        public void Gives_the_diagnosis_the_findings_the_tools_and_the_report_line()
        {
            var good = new HostCheckRun("app-1", HostCheckStatus.Checked);
            good.Checks.Add(new AppCheck("github", "CommandPath", CheckStatus.Pass, "ok"));
            var bad = new HostCheckRun("app-2", HostCheckStatus.Checked);
            bad.Checks.Add(new AppCheck("github", "RunAsHostUser", CheckStatus.Fail, "no such user", "useradd mcp-runner"));
            var items = new[]
            {
                Remote("ProbeResult", ("AppName", "github"), ("Tool", new ArrayList { "read_file", "", "write_file" })),
                // The first host's list wins; a list of nothing adds nothing.
                Remote("ProbeResult", ("AppName", "github"), ("Tool", new ArrayList { "other" })),
                Remote("ProbeResult", ("AppName", "empty"), ("Tool", new ArrayList())),
                Remote("ProbeResult", ("AppName", "text"), ("Tool", "read_file")),
                null,
            };
            var result = HostResults.ForDiagnosis(new[] { good, bad }, new[] { Github }, items, launched: true);
            Assert.Equal(2, result.Examined);
            Assert.Equal(new[] { "github" }, result.Tools.Keys);
            Assert.Equal(new[] { "read_file", "write_file" }, result.Tools["github"]);
            var finding = Assert.Single(result.Findings);
            Assert.Equal("RunAsHostUser", finding.Check);
            Assert.StartsWith("host app-2 - github - no such user", finding.Title, StringComparison.Ordinal);
            Assert.Equal("1 MCP server definition(s), checked on 2 of 2 App Service host(s) over PowerShell remoting (app-1, app-2), and launched there", result.Summary);
        }

        [Fact]
        public void Says_why_no_host_ran_the_checks()
        {
            var runs = new[] { FleetSummary.Unreachable("a", "refused"), FleetSummary.ModuleMissing("b", "/m", null, null) };
            var result = HostResults.ForDiagnosis(runs, new[] { Github }, Array.Empty<DictionaryInput>(), launched: false);
            Assert.Equal(0, result.Examined);
            Assert.StartsWith("no App Service host could run the host checks (host a could not be checked: refused; host b has no TeleportMcp module", result.Summary, StringComparison.Ordinal);
            Assert.Equal(2, result.Findings.Count);
        }
    }
}
