using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Fleet;
using Xunit;

namespace TeleportMcp.Tests.Fleet
{
    public class FleetSummaryTests
    {
        private static readonly App Runner = new App { Name = "github", Uri = "mcp+stdio://", Command = "npx", RunAsHostUser = "mcp-runner" };

        private static HostCheckRun Host(string name, params (string Check, CheckStatus Status)[] checks)
        {
            var run = new HostCheckRun(name, HostCheckStatus.Checked);
            foreach (var (check, status) in checks) run.Checks.Add(new AppCheck("github", check, status, check + " says " + status, "fix " + check));
            return run;
        }

        private static HostCheckRun Good(string name) => Host(name, ("RunAsHostUser", CheckStatus.Pass), ("CommandPath", CheckStatus.Pass));

        public static IEnumerable<object[]> Sentences()
        {
            yield return new object[] { new[] { Good("app-1"), Host("app-2", ("RunAsHostUser", CheckStatus.Fail)), Good("app-3") },
                "2 of 3 hosts serve everything; host app-2 lacks the account mcp-runner" };
            yield return new object[] { new[] { Good("app-1"), Good("app-2") }, "all 2 hosts serve everything" };
            yield return new object[] { new[] { Good("app-1") }, "the 1 host serves everything" };
            yield return new object[] { new[] { Host("a", ("CommandPath", CheckStatus.Fail), ("RunAsHostUser", CheckStatus.Fail)), Good("b") },
                "1 of 2 hosts serve everything; host a cannot find the command npx and lacks the account mcp-runner" };
            // A probe that could not finish is not a pass; its stage is part of the check name.
            yield return new object[] { new[] { Host("a", ("ProbeInitialize", CheckStatus.Indeterminate)), Good("b") },
                "1 of 2 hosts serve everything; host a fails the live probe of github (ProbeInitialize says Indeterminate)" };
            // Warnings do not make a host fail.
            yield return new object[] { new[] { Host("a", ("HostPaths", CheckStatus.Warn)), Good("b") }, "all 2 hosts serve everything" };
            // Unlisted checks keep their id.
            yield return new object[] { new[] { Host("a", ("Interpreter", CheckStatus.Fail), ("Frobnicate", CheckStatus.Fail)) },
                "0 of 1 hosts serve everything; host a lacks the interpreter of npx and fails the Frobnicate check of github" };
            yield return new object[] { new[] { Good("a"), FleetSummary.Unreachable("b", "refused"), FleetSummary.ModuleMissing("c", "/home/x/Modules", "/opt/TeleportMcp", "0.1.0") },
                "1 of 3 hosts serve everything; host b could not be reached (not checked); host c has no TeleportMcp module (not checked)" };
            // A host that checked nothing does not serve everything.
            yield return new object[] { new[] { new HostCheckRun("a", HostCheckStatus.Checked) }, "0 of 1 hosts serve everything; host a checked no app" };
            // Only Skipped checks (a web app: nothing to check) examined nothing there, which is no pass (AppTestOutcome.Examined's rule).
            yield return new object[] { new[] { Host("a", ("McpApp", CheckStatus.Skipped)), Good("b") },
                "1 of 2 hosts serve everything; host a examined nothing (no MCP server among the apps: github - McpApp says Skipped)" };
            // A host that sent no check of the app (its error said why) did not check it.
            yield return new object[] { new[] { Good("a"), new HostCheckRun("b", HostCheckStatus.Checked) { Checks = { new AppCheck("other", "CommandPath", CheckStatus.Pass, "ok") } } },
                "1 of 2 hosts serve everything; host b did not check github" };
            // The host's own verdict on its run (left to this computer's gate, FleetRun.Failed) says why it checked no app, or not this one.
            yield return new object[] { new[] { new HostCheckRun("a", HostCheckStatus.Checked) { Verdicts = { "No MCP app was tested: no input was given." } } },
                "0 of 1 hosts serve everything; host a checked no app (No MCP app was tested: no input was given)" };
            yield return new object[] { new[] { Good("a"), new HostCheckRun("b", HostCheckStatus.Checked) { Checks = { new AppCheck("other", "CommandPath", CheckStatus.Pass, "ok") }, Verdicts = { "app \"github\" not found", "x" } } },
                "1 of 2 hosts serve everything; host b did not check github (app \"github\" not found; x)" };
            // A host that examined only a web app already says why: its verdict is not said twice.
            yield return new object[] { new[] { new HostCheckRun("a", HostCheckStatus.Checked) { Checks = { new AppCheck("github", "McpApp", CheckStatus.Skipped, "not an MCP app") }, Verdicts = { "No MCP app was tested" } } },
                "0 of 1 hosts serve everything; host a examined nothing (no MCP server among the apps: github - not an MCP app)" };
        }

        [Theory]
        [MemberData(nameof(Sentences))]
        public void SaysHowManyHostsServeEverything(HostCheckRun[] runs, string expected)
        {
            Assert.Equal(expected, FleetSummary.Sentence(runs, new[] { Runner }));
        }

        [Fact]
        public void FindingNamesTheFailingHostAndSaysOnlySomeFail()
        {
            var runs = new[] { Good("app-1"), Host("app-2", ("RunAsHostUser", CheckStatus.Fail)), Good("app-3") };
            var f = Assert.Single(FleetSummary.ToDiagnosis(runs, new[] { Runner }));
            Assert.Equal(DiagnosisStatus.Fail, f.Status);
            Assert.Equal("RunAsHostUser", f.Check);
            Assert.Equal("github", f.App);
            Assert.Equal("host app-2 - github - RunAsHostUser says Fail", f.Title);
            Assert.StartsWith("2 of 3 hosts serve everything; host app-2 lacks the account mcp-runner. Only this host fails:", f.Detail, System.StringComparison.Ordinal);
            Assert.Contains("some connections only", f.Detail, StringComparison.Ordinal);
            Assert.Equal("fix RunAsHostUser (on app-2)", f.Fix);
            Assert.Equal(new[] { "host app-2 - RunAsHostUser - RunAsHostUser says Fail" }, f.Evidence);
            Assert.Contains("mcp-runner", f.CorrelationTokens);
        }

        // A host named like a secret's key ('vault-token', 'aws-secrets') is a label, 'host name - text' (OutputText.Labelled),
        // never 'host name: text', which the key-value-secret rule reads as the key and its value (the app's name masked).
        [Theory]
        [InlineData("vault-token")]
        [InlineData("aws-secrets")]
        [InlineData("db-password")]
        public void A_host_named_like_a_secret_key_leaves_the_finding_readable(string host)
        {
            var runs = new[] { Good("app-1"), Host(host, ("RunAsHostUser", CheckStatus.Fail)) };
            var f = Assert.Single(FleetSummary.ToDiagnosis(runs, new[] { Runner }));
            Assert.Equal("host " + host + " - github - RunAsHostUser says Fail", Engine.Output.OutputText.Safe(f.Title));
            Assert.Equal(new[] { "host " + host + " - RunAsHostUser - RunAsHostUser says Fail" }, f.Evidence.Select(e => Engine.Output.OutputText.Safe(e)));
        }

        [Fact]
        public void SameFailureOnEveryHostIsOneFindingWithoutTheSomeConnectionsNote()
        {
            var runs = new[] { Host("a", ("CommandPath", CheckStatus.Fail)), Host("b", ("CommandPath", CheckStatus.Fail)) };
            var f = Assert.Single(FleetSummary.ToDiagnosis(runs, new[] { Runner }));
            Assert.Equal("hosts a, b - github - CommandPath says Fail", f.Title);
            Assert.Equal(2, f.Evidence.Count);
            Assert.DoesNotContain("Only", f.Detail, StringComparison.Ordinal);
        }

        [Fact]
        public void HostsNotCheckedAreFindingsWithTheirFix()
        {
            var missing = FleetSummary.ModuleMissing("root@app-9:2222", "/root/.local/share/powershell/Modules", "/opt/m/TeleportMcp", "0.1.0");
            var items = FleetSummary.ToDiagnosis(new[] { Good("a"), missing, FleetSummary.Unreachable("b", "no PowerShell session could be opened (refused)") }, new[] { Runner });
            Assert.Equal(new[] { "HostModuleMissing", "HostUnreachable" }, items.Select(i => i.Check).ToArray());
            Assert.Equal("host root@app-9:2222 has no TeleportMcp module (Get-Module -ListAvailable TeleportMcp found none in its $env:PSModulePath), so the host checks cannot run there", items[0].Title);
            Assert.Contains("Install-PSResource -Name TeleportMcp", items[0].Fix, StringComparison.Ordinal);
            Assert.Contains("$s = New-PSSession -HostName 'root@app-9:2222'; Copy-Item -Recurse -Path '/opt/m/TeleportMcp' -Destination '/root/.local/share/powershell/Modules/TeleportMcp/0.1.0' -ToSession $s; Remove-PSSession $s.", items[0].Fix, StringComparison.Ordinal);
            Assert.Equal("host b could not be checked: no PowerShell session could be opened (refused)", items[1].Title);
            Assert.Equal(DiagnosisStatus.Warn, items[1].Status);
        }

        [Fact]
        public void ModuleMissingWithoutARemoteFolderOffersOnlyTheInstall()
        {
            var run = FleetSummary.ModuleMissing("h", null, "/opt/m", null);
            Assert.Contains("Install-PSResource -Name TeleportMcp", run.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain("Copy-Item", run.Fix, StringComparison.Ordinal);
            Assert.False(run.Passed);
        }

        [Theory]
        [InlineData(new[] { "a", "b" }, new[] { 22, 22 }, new[] { "a", "b" })]
        [InlineData(new[] { "127.0.0.1", "127.0.0.1", "127.0.0.2" }, new[] { 2201, 2202, 2203 }, new[] { "127.0.0.1:2201", "127.0.0.1:2202", "127.0.0.2" })]
        [InlineData(new[] { "h", "H" }, new[] { 22, 22 }, new[] { "h:22", "H:22#2" })]
        public void HostLabelsTellSessionsApart(string[] names, int[] ports, string[] expected)
        {
            var labels = FleetSummary.HostLabels(names.Zip(ports, (n, p) => new KeyValuePair<string, int>(n, p)).ToList());
            Assert.Equal(expected, labels.ToArray());
        }

        [Fact]
        public void InputLineCountsCheckedHosts()
        {
            var line = FleetSummary.InputLine(new[] { Good("a"), FleetSummary.Unreachable("b", "x") }, 2, false);
            Assert.Equal("2 MCP server definition(s), checked on 1 of 2 App Service host(s) over PowerShell remoting (a, b) (not launched: add -Launch to probe them)", line);
        }
    }
}
