using System;
using System.Linq;
using TeleportMcp.Engine.Diagnosis;
using Xunit;

namespace TeleportMcp.Tests.Diagnosis
{
    public class DiagnosisRankerTests
    {
        private static TeleportMcp.Diagnosis Item(DiagnosisArea area, DiagnosisStatus status, string title, string app = null, params string[] tokens)
        {
            var i = new TeleportMcp.Diagnosis { Area = area, Status = status, Title = title, Check = title, App = app };
            i.CorrelationTokens.AddRange(tokens);
            return i;
        }

        [Fact]
        public void FailuresComeBeforeWarningsAndUpstreamBeforeDownstream()
        {
            var ranked = DiagnosisRanker.Rank(new[]
            {
                Item(DiagnosisArea.Role, DiagnosisStatus.Warn, "role warn"),
                Item(DiagnosisArea.Role, DiagnosisStatus.Fail, "role fail"),
                Item(DiagnosisArea.App, DiagnosisStatus.Fail, "app fail"),
                Item(DiagnosisArea.Session, DiagnosisStatus.Fail, "session fail"),
                Item(DiagnosisArea.Log, DiagnosisStatus.Fail, "log only"),
                Item(DiagnosisArea.Client, DiagnosisStatus.Info, "client info"),
            });
            Assert.Equal(new[] { "session fail", "app fail", "role fail", "log only", "role warn", "client info" }, ranked.Select(r => r.Title));
            Assert.Equal(Enumerable.Range(1, 6), ranked.Select(r => r.Rank));
        }

        // An app_auth_config Fail is about documents no release accepts (PR #69528): it explains no failure of a released
        // cluster, so a Probe or Role Fail of the same run comes first; other App Fails keep their place, logs stay last.
        [Fact]
        public void AFindingAboutUnreleasedInputFollowsTheChecksThatExplainAFailure()
        {
            var unreleased = Item(DiagnosisArea.App, DiagnosisStatus.Fail, "app_auth_config");
            unreleased.AboutUnreleasedInput = true;
            var ranked = DiagnosisRanker.Rank(new[]
            {
                unreleased,
                Item(DiagnosisArea.Log, DiagnosisStatus.Fail, "log only"),
                Item(DiagnosisArea.Role, DiagnosisStatus.Fail, "role fail"),
                Item(DiagnosisArea.Probe, DiagnosisStatus.Fail, "probe fail"),
                Item(DiagnosisArea.App, DiagnosisStatus.Fail, "app fail"),
                Item(DiagnosisArea.Role, DiagnosisStatus.Warn, "role warn"),
            });
            Assert.Equal(new[] { "app fail", "probe fail", "role fail", "app_auth_config", "log only", "role warn" }, ranked.Select(r => r.Title));
        }

        [Fact]
        public void LogLinesBecomeEvidenceOfTheFindingTheyProve()
        {
            var hostUser = Item(DiagnosisArea.App, DiagnosisStatus.Fail, "host user mcp-runner does not exist", "everything", "mcp-runner");
            var otherApp = Item(DiagnosisArea.App, DiagnosisStatus.Fail, "command missing", "files", "mcp-server-filesystem");
            var log = Item(DiagnosisArea.Log, DiagnosisStatus.Fail, "unknown host user", "everything");
            log.Evidence.Add("app.log:12: WARN [APP:SERVICE] Failed to handle client connection. error:[user: unknown user mcp-runner]");
            var unrelated = Item(DiagnosisArea.Log, DiagnosisStatus.Warn, "lost connection");
            unrelated.Evidence.Add("tsh.log:3: Lost server connection, resetting...");

            var ranked = DiagnosisRanker.Rank(new[] { otherApp, hostUser, log, unrelated });
            Assert.Equal(new[] { "host user mcp-runner does not exist", "command missing", "lost connection" }, ranked.Select(r => r.Title));
            Assert.Single(ranked[0].Evidence);
            Assert.Empty(ranked[1].Evidence);
        }

        [Fact]
        public void ALogLineOfAnotherAppProvesNothing()
        {
            var check = Item(DiagnosisArea.App, DiagnosisStatus.Fail, "host user", "a", "runner");
            var log = Item(DiagnosisArea.Log, DiagnosisStatus.Fail, "unknown user", "b");
            log.Evidence.Add("user: unknown user runner");
            Assert.Equal(2, DiagnosisRanker.Rank(new[] { check, log }).Count);
        }

        [Theory]
        [InlineData("user: unknown user docs", "docs", true)]
        [InlineData("user: unknown user docsearch", "docs", false)]
        [InlineData("exec: \"npx\": executable file not found in $PATH", "npx", true)]
        [InlineData("tool printEnv denied", "printEnv", true)]
        [InlineData("tool printEnvironment denied", "printEnv", false)]
        public void TokensMatchWholeWordsOnly(string text, string token, bool expected)
        {
            Assert.Equal(expected, DiagnosisRanker.ContainsWord(text, token));
        }

        [Fact]
        public void ReportsPutTheSummaryFirstAndEscapeHtml()
        {
            var i = Item(DiagnosisArea.App, DiagnosisStatus.Fail, "Host user <mcp-runner> missing", "everything");
            i.Evidence.Add("line & more");
            i.Fix = "sudo useradd --system mcp-runner";
            var ranked = DiagnosisRanker.Rank(new[] { i });
            var ctx = new DiagnosisContext();
            ctx.Inputs.Add("examples/teleport.yaml");
            var md = DiagnosisReport.ToMarkdown(ranked, ctx);
            Assert.True(md.IndexOf("## Summary", System.StringComparison.Ordinal) < md.IndexOf("## Findings", System.StringComparison.Ordinal));
            // Markdown renders raw HTML: the name is written as an entity, never as a tag.
            Assert.Contains("Most likely root cause: Host user &lt;mcp-runner&gt; missing", md, StringComparison.Ordinal);
            Assert.DoesNotContain("<mcp-runner>", md, StringComparison.Ordinal);
            Assert.Contains("sudo useradd --system mcp-runner", md, StringComparison.Ordinal);
            var html = DiagnosisReport.ToHtml(ranked, ctx);
            Assert.Contains("Host user &lt;mcp-runner&gt; missing", html, StringComparison.Ordinal);
            Assert.Contains("line &amp; more", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<mcp-runner>", html, StringComparison.Ordinal);
        }
    }
}
