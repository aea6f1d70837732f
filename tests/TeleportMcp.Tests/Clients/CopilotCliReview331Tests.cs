#nullable enable
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// Review 331's findings on Copilot CLI's user file (helper-333): the rows that depend on the release go through
    /// ReleaseVerdict.Decide with the release the newest log names, for the entry as for the file.
    /// </summary>
    public class CopilotCliReview331Tests
    {
        private const string UserFile = "/home/alice/.copilot/mcp-config.json";
        private const string Log = "/home/alice/.copilot/logs/process-1700000000000-10.log";
        private const string Tsh = "\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"tools\":[\"*\"]";
        private const string Known = " (the release that last ran here, per " + Log + ") is one of ";
        private const string NotKnown = "which release runs here is not known to this check (no Copilot CLI log here names its release)";

        private static System.Collections.Generic.List<TeleportMcp.ClientCheck> Run(string text, string? release)
        {
            var env = FakeEnv.Linux().File(UserFile, text).File("/usr/bin/tsh");
            if (release != null) env.File(Log, "2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: " + release + "\n");
            return ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Paths = new[] { UserFile }, SkipSession = true }).ToList();
        }

        private static void Says(TeleportMcp.ClientCheck row, CheckStatus status, string says)
        {
            Assert.True(status == row.Status, row.Status + ": " + row.Message);
            Assert.True((row.Message ?? "").Contains(says, System.StringComparison.Ordinal), row.Message);
        }

        // The Teleport entry follows a // comment ended by a lone CR on its line: 1.0.102 (@github/copilot-linux-x64@1.0.102) ends the
        // comment at the CR and loads it; 1.0.66 to 1.0.92 (JsonParser.OlderCopilotReleases, measured helper-268) run the comment to the
        // line feed, so the entry lies inside it and they do not load it. npm serves no release between 1.0.92 and 1.0.102.
        private const string CrComment = "{\"mcpServers\":{// c\r\"teleport-mcp-files\":{" + Tsh + "},\n\"other\":{\"command\":\"/usr/bin/true\"}}}";

        [Theory]
        [InlineData("1.0.70", CheckStatus.Fail, "Copilot CLI 1.0.70" + Known + "1.0.66 to 1.0.92, which run the comment to the next line feed and do not load it: it lies inside their comment")]
        [InlineData("1.0.102", CheckStatus.Pass, "Copilot CLI 1.0.102" + Known + "1.0.102 and later, which end the comment there and load it")]
        [InlineData(null, CheckStatus.Indeterminate, NotKnown + ", so the entry is checked as 1.0.102 reads it")]
        public void The_entry_read_otherwise_is_decided_by_the_release_read(string? release, CheckStatus status, string says) =>
            Says(Assert.Single(Run(CrComment, release), r => r.Check == ClientChecks.ConfigInUse && r.Entry == "teleport-mcp-files" && (r.Message ?? "").Contains("read this entry otherwise", System.StringComparison.Ordinal)), status, says);

        // The file's row: the group 1.0.66 to 1.0.92 is a Fail when they do not load a Teleport entry of it (not a Warn).
        [Theory]
        [InlineData("1.0.70", CheckStatus.Fail, "Copilot CLI 1.0.70" + Known + "1.0.66 to 1.0.92, which take the file, but read it otherwise: ")]
        [InlineData("1.0.70", CheckStatus.Fail, ", and do not load the Teleport entry \"teleport-mcp-files\"")]
        [InlineData("1.0.102", CheckStatus.Pass, "Copilot CLI 1.0.102" + Known)]
        [InlineData(null, CheckStatus.Indeterminate, "and do not load the Teleport entry \"teleport-mcp-files\"")]
        public void The_file_row_fails_where_the_release_read_drops_a_teleport_entry(string? release, CheckStatus status, string says) =>
            Says(Assert.Single(Run(CrComment, release), r => r.Check == ClientChecks.ConfigParse), status, says);

        // A file the known release refuses whole (CopilotCliReleases.UserFile NotStrictJson, measured helper-298: 0.0.340 to 0.0.411
        // JSON.parse refuses a // comment, 0.0.414 and later take it): the Teleport entry is not loaded either.
        private const string Comment = "{\"mcpServers\":{\n// c\n\"teleport-mcp-files\":{" + Tsh + "}}}";

        [Theory]
        [InlineData("0.0.340", CheckStatus.Fail, "not loaded: the whole file is refused (Copilot CLI 0.0.340" + Known + "0.0.340 to 0.0.411, which read the file with JSON.parse and refuse it whole")]
        [InlineData("0.0.411", CheckStatus.Fail, "not loaded: the whole file is refused (Copilot CLI 0.0.411")]
        [InlineData("0.0.414", null, null)]
        [InlineData(null, null, null)]
        public void A_teleport_entry_of_a_file_the_release_refuses_is_not_loaded(string? release, CheckStatus? status, string? says)
        {
            var rows = Run(Comment, release).Where(r => r.Check == ClientChecks.ConfigInUse && r.Entry == "teleport-mcp-files" && (r.Message ?? "").Contains("the whole file is refused", System.StringComparison.Ordinal)).ToList();
            if (status == null) { Assert.Empty(rows); return; }
            Says(Assert.Single(rows), status.Value, says!);
        }
    }
}
