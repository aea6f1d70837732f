using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Diagnosis;
using Xunit;

namespace TeleportMcp.Tests.Diagnosis
{
    /// <summary>The diagnosis use case without a runspace: the bundled broken scenario (examples/), ranked.</summary>
    public class DiagnosisRunnerTests
    {
        private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples");

        private static (DiagnosisResult, List<TeleportInputException>) Run(Action<DiagnosisOptions> configure = null)
        {
            var errors = new List<TeleportInputException>();
            var options = new DiagnosisOptions
            {
                ClusterFiles = Directory.GetFiles(Path.Combine(Examples, "cluster"), "*.yaml").OrderBy(f => f, StringComparer.Ordinal).ToList(),
                LogFiles = Directory.GetFiles(Path.Combine(Examples, "logs")).OrderBy(f => f, StringComparer.Ordinal).ToList(),
                Users = new[] { "alice", "bob" },
                Apps = new[] { "everything" },
                SkipClient = true,
                Error = errors.Add,
            };
            configure?.Invoke(options);
            return (DiagnosisRunner.Run(options, CancellationToken.None), errors);
        }

        [Fact]
        public void RanksTheServerThatCannotStartFirstWithTheLogLineAsEvidence()
        {
            var (result, errors) = Run();
            Assert.Empty(errors);
            var first = result.Findings[0];
            Assert.Equal(DiagnosisArea.App, first.Area);
            Assert.Contains("unknown user mcp-runner", first.Title, StringComparison.Ordinal);
            Assert.Contains(first.Evidence, e => e.Contains("app-service.log:8:", StringComparison.Ordinal));
            Assert.Equal(Enumerable.Range(1, result.Findings.Count), result.Findings.Select(f => f.Rank));
            var alice = result.Findings.Single(f => f.User == "alice" && f.Check == "NoToolsGranted");
            Assert.StartsWith("Set-TeleportMcpTools -User alice", alice.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void FailOnDecidesWhatFailsAndNothingExaminedNeverPasses()
        {
            var (fail, _) = Run();
            var (warn, _) = Run(o => o.FailOn = DiagnosisStatus.Warn);
            Assert.True(warn.Failing.Count > fail.Failing.Count);
            Assert.All(fail.Failing, f => Assert.Equal(DiagnosisStatus.Fail, f.Status));
            Assert.False(fail.Passed);

            var (nothing, _) = Run(o => { o.ClusterFiles = null; o.LogFiles = null; o.Users = null; o.Apps = null; });
            Assert.Empty(nothing.Findings);
            Assert.False(nothing.Passed);
        }

        [Fact]
        public void ACorruptGzIsALogReadErrorAndTheDiagnosisGoesOn()
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-runner-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var corrupt = Path.Combine(dir, "app-service.log.2.gz");
                File.WriteAllBytes(corrupt, new byte[] { 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff }.Concat(Enumerable.Repeat((byte)0xff, 64)).ToArray());
                var (result, errors) = Run(o => o.LogFiles = new[] { corrupt }.Concat(o.LogFiles).ToList());
                var error = Assert.Single(errors);
                Assert.IsType<TeleportReadException>(error);
                Assert.Equal("LogReadError", error.Code);
                Assert.Equal(corrupt, error.Target);
                Assert.Contains("unknown user mcp-runner", result.Findings[0].Title, StringComparison.Ordinal);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void AUserOrAppThatIsNotThereIsAnErrorNamingWhatAndWhere()
        {
            var (result, errors) = Run(o => { o.Users = new[] { "alice", "nobody" }; o.Apps = new[] { "everything", "nothing" }; });
            Assert.Equal(new[] { "UserNotFound", "AppNotFound" }, errors.Select(e => e.Code));
            Assert.All(errors, e => Assert.IsType<TeleportNotFoundException>(e));
            Assert.Contains("\"nobody\" was not found in", errors[0].Message, StringComparison.Ordinal);
            Assert.Contains("3 files (" + Path.Combine(Examples, "cluster"), errors[0].Message, StringComparison.Ordinal);
            Assert.Equal("nobody", errors[0].Target);
            Assert.Contains(result.Findings, f => f.User == "alice");
        }

        [Fact]
        public void CheckRunsOnlyTheChosenChecksAndAChosenCheckWithoutInputIsNotAPass()
        {
            var (roles, _) = Run(o => o.Checks = new[] { DiagnosisCheck.Role });
            Assert.NotEmpty(roles.Findings);
            Assert.All(roles.Findings, f => Assert.Equal(DiagnosisArea.Role, f.Area));
            Assert.Contains("logs: not selected by -Check", roles.Context.Skipped);
            Assert.Contains("MCP server definitions: not selected by -Check", roles.Context.Skipped);

            var (logs, _) = Run(o => { o.Checks = new[] { DiagnosisCheck.Log }; o.LogFiles = null; });
            Assert.Contains("-Check Log (there is no -LogPath to read)", logs.Context.Unmatched);
            Assert.Equal(GateOutcome.RequestUnmatched, DiagnosisGate.Decide(logs.Findings, logs.Context, DiagnosisStatus.Fail).Outcome);

            // Without -Check every check runs, and a missing -LogPath is only "not examined".
            var (all, _) = Run(o => o.LogFiles = null);
            Assert.DoesNotContain(all.Context.Unmatched, u => u.StartsWith("-Check", StringComparison.Ordinal));
        }

        [Fact]
        public void ProgressNamesEachAppAndIsCalledOnTheCallersThread()
        {
            var seen = new List<(string Status, int Percent, int Thread)>();
            Run(o => o.Progress = (s, p) => seen.Add((s, p, Environment.CurrentManagedThreadId)));
            Assert.Contains(seen, x => x.Status == "Checking MCP server 1 of 1: everything");
            Assert.All(seen, x => Assert.Equal(Environment.CurrentManagedThreadId, x.Thread));
            Assert.Equal(seen.Select(x => x.Percent).OrderBy(p => p), seen.Select(x => x.Percent));
        }
    }
}
