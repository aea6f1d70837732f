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
            Assert.Contains("logs: no -LogPath", d.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void An_unmatched_request_never_passes_even_with_other_input()
        {
            var ctx = new DiagnosisContext { ExaminedCount = 5 };
            ctx.Unmatched.Add("-ClusterPath ./nomatch*");
            var d = DiagnosisGate.Decide(Array.Empty<TeleportMcp.Diagnosis>(), ctx, DiagnosisStatus.Warn);
            Assert.Equal(GateOutcome.RequestUnmatched, d.Outcome);
            Assert.Contains("-ClusterPath ./nomatch*", d.Reason, StringComparison.Ordinal);
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
            Assert.Contains("- not found: user carol", md, StringComparison.Ordinal);
            Assert.Contains("Not a pass: user carol matched nothing", md, StringComparison.Ordinal);
        }

        // (examined, unmatched, finding status, -FailOn given, -Quiet, error id or null, terminates)
        [Theory]
        [InlineData(0, false, null, false, false, "NothingExamined", false)]
        [InlineData(0, false, null, true, false, "NothingExamined", true)]
        [InlineData(0, false, null, true, true, "NothingExamined", false)]
        [InlineData(2, true, null, false, false, "InputNotMatched", false)]
        [InlineData(2, true, null, true, false, "InputNotMatched", true)]
        [InlineData(2, true, DiagnosisStatus.Fail, true, false, "InputNotMatched", true)]
        [InlineData(2, false, DiagnosisStatus.Fail, true, false, "DiagnosisFailed", true)]
        [InlineData(2, false, DiagnosisStatus.Fail, true, true, null, false)]
        [InlineData(2, false, DiagnosisStatus.Fail, false, false, null, false)]
        [InlineData(2, false, DiagnosisStatus.Info, true, false, null, false)]
        [InlineData(2, false, null, true, false, null, false)]
        public void The_answer_is_an_error_when_nothing_was_checked_or_FailOn_is_reached(int examined, bool unmatched, DiagnosisStatus? finding, bool failOn, bool quiet,
            string errorId, bool terminates)
        {
            var ctx = new DiagnosisContext { ExaminedCount = examined };
            if (unmatched) ctx.Unmatched.Add("user carol");
            var items = finding == null ? Array.Empty<TeleportMcp.Diagnosis>() : new[] { new TeleportMcp.Diagnosis { Status = finding.Value, Title = "first title", Fix = "the fix", Area = DiagnosisArea.Role } };
            var gate = DiagnosisGate.Decide(items, ctx, DiagnosisStatus.Fail);
            var answer = DiagnosisGate.Answer(gate, items, failOn, quiet);
            Assert.Equal(errorId, answer.Error?.Code);
            Assert.Equal(terminates, answer.Terminates);
            if (errorId == "DiagnosisFailed")
            {
                Assert.Equal(gate.Reason + " The first: first title", answer.Error.Message);
                Assert.Equal("the fix", answer.Error.RecommendedAction);
            }
            else if (errorId != null)
            {
                Assert.Equal(gate.Reason, answer.Error.Message);
                Assert.IsType<TeleportMcp.Engine.Common.TeleportNotFoundException>(answer.Error);
            }
        }

        [Theory]
        [InlineData(true, false, "FormatWithoutOutFile")]
        [InlineData(true, true, null)]
        [InlineData(false, false, null)]
        [InlineData(false, true, null)]
        public void Format_needs_a_report_to_format(bool format, bool outFile, string code)
        {
            Assert.Equal(code, DiagnosisReport.FormatRefusal(format, outFile)?.Code);
        }
    }
}
