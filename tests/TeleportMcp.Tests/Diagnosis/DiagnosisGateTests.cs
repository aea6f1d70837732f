using System;
using TeleportMcp.Engine.Diagnosis;
using Xunit;

namespace TeleportMcp.Tests.Diagnosis
{
    public class DiagnosisGateTests
    {
        private static TeleportMcp.Diagnosis Item(DiagnosisStatus s) => new TeleportMcp.Diagnosis { Status = s, Title = "t", Area = DiagnosisArea.Role };

        [Fact]
        public void Nothing_examined_never_passes()
        {
            var ctx = new DiagnosisContext();
            ctx.Skipped.Add("logs: no -LogPath");
            var d = DiagnosisGate.Decide(Array.Empty<TeleportMcp.Diagnosis>(), ctx, DiagnosisStatus.Fail);
            Assert.Equal(GateOutcome.NothingExamined, d.Outcome);
            Assert.False(d.Passed);
            Assert.Contains("logs: no -LogPath", d.Reason);
        }

        [Fact]
        public void An_unmatched_request_never_passes_even_with_other_input()
        {
            var ctx = new DiagnosisContext { ExaminedCount = 5 };
            ctx.Unmatched.Add("-ClusterPath ./nomatch*");
            var d = DiagnosisGate.Decide(Array.Empty<TeleportMcp.Diagnosis>(), ctx, DiagnosisStatus.Warn);
            Assert.Equal(GateOutcome.RequestUnmatched, d.Outcome);
            Assert.Contains("-ClusterPath ./nomatch*", d.Reason);
        }

        [Theory]
        [InlineData(DiagnosisStatus.Warn, DiagnosisStatus.Fail, true)]
        [InlineData(DiagnosisStatus.Warn, DiagnosisStatus.Warn, false)]
        [InlineData(DiagnosisStatus.Fail, DiagnosisStatus.Fail, false)]
        [InlineData(DiagnosisStatus.Info, DiagnosisStatus.Warn, true)]
        public void Threshold(DiagnosisStatus finding, DiagnosisStatus threshold, bool passes)
        {
            var ctx = new DiagnosisContext { ExaminedCount = 1 };
            Assert.Equal(passes, DiagnosisGate.Decide(new[] { Item(finding) }, ctx, threshold).Passed);
        }

        [Fact]
        public void The_report_lists_what_was_not_found()
        {
            var ctx = new DiagnosisContext { ExaminedCount = 2 };
            ctx.Inputs.Add("2 resource file(s)");
            ctx.Unmatched.Add("user carol");
            var md = DiagnosisReport.ToMarkdown(Array.Empty<TeleportMcp.Diagnosis>(), ctx);
            Assert.Contains("- not found: user carol", md);
            Assert.Contains("Not a pass: user carol matched nothing", md);
        }
    }
}
