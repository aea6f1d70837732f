#nullable enable
using System;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Common;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// The module's one rule for answers that depend on a client's release (ReleaseVerdict), the Copilot CLI log reader that
    /// knows the release (ClientReleaseFiles), and the rows of Test-TeleportMcpClient that use them.
    /// </summary>
    public class ReleaseVerdictTests
    {
        private const string UserFile = "/home/alice/.copilot/mcp-config.json";
        private const string Logs = "/home/alice/.copilot/logs/";
        private const string Tsh = "\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]";

        // The groups of the "tools" rule (CopilotCliSchema.Rules: measured 0.0.340-0.0.403 refuse, 0.0.406 loads, helper-298).
        private static ReleaseAnswer[] Tools() => new[]
        {
            new ReleaseAnswer(null, "0.0.403", CheckStatus.Fail, "refuse the file"),
            new ReleaseAnswer("0.0.406", null, CheckStatus.Pass, "load it"),
        };

        [Theory]
        // No release read: the groups differ, so Indeterminate naming each group and why the release is not known.
        [InlineData(null, CheckStatus.Indeterminate, "Copilot CLI 0.0.403 and earlier refuse the file; 0.0.406 and later load it; which release runs here is not known to this check (why)")]
        // A release read: its group decides, and the message names it, where it was read, and the other groups.
        [InlineData("0.0.400", CheckStatus.Fail, "Copilot CLI 0.0.400 (per log) is one of 0.0.403 and earlier, which refuse the file (0.0.406 and later load it)")]
        [InlineData("0.0.403", CheckStatus.Fail, "Copilot CLI 0.0.403 (per log) is one of 0.0.403 and earlier")]
        [InlineData("0.0.406", CheckStatus.Pass, "Copilot CLI 0.0.406 (per log) is one of 0.0.406 and later, which load it (0.0.403 and earlier refuse the file)")]
        [InlineData("1.0.102", CheckStatus.Pass, "is one of 0.0.406 and later")]
        // Between two measured bounds (npm serves no 0.0.404/0.0.405): in no group, so not decided.
        [InlineData("0.0.404", CheckStatus.Indeterminate, "which release runs here is not known to this check (Copilot CLI 0.0.404 (per log) is in none of these groups)")]
        public void A_known_release_decides_else_differing_groups_are_indeterminate(string? release, CheckStatus status, string says)
        {
            var known = release == null ? null : new ClientRelease(ClientRelease.Parse(release), release, "per log");
            var (s, message) = ReleaseVerdict.Decide("Copilot CLI", Tools(), known, "why");
            Assert.Equal(status, s);
            Assert.Contains(says, message, StringComparison.Ordinal);
        }

        [Fact]
        public void Groups_that_agree_give_their_status_without_a_release()
        {
            var groups = new[] { new ReleaseAnswer(null, "1.117", CheckStatus.Skipped, "ignore it"), new ReleaseAnswer("1.118", null, CheckStatus.Skipped, "read it, off") };
            var (s, message) = ReleaseVerdict.Decide("VS Code", groups, null, "why");
            Assert.Equal(CheckStatus.Skipped, s);
            Assert.DoesNotContain(ReleaseVerdict.NotKnown, message, StringComparison.Ordinal);
        }

        // @github/copilot@0.0.403 index.js, @1.0.61 app.js, @github/copilot-linux-x64@1.0.102 (embedded bundle): each run logs
        // "<ISO time> [INFO] Starting Copilot CLI: <version>" into <home>/logs/process-<ms>-<pid>.log (rotated parts ".<n>").
        [Theory]
        [InlineData("process-1700000000000-10.log", "2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: 0.0.403\n", "0.0.403")]
        [InlineData("process-1700000000000-10.log", "2026-01-01T00:00:00.000Z [INFO] Node.js version: v24.1.0\r\n2026-01-01T00:00:00.001Z [INFO] Starting Copilot CLI: 1.0.61\r\n", "1.0.61")]
        // A rotated first part holds the line; the current part does not.
        [InlineData("process-1700000000000-10.1.log", "2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: 1.0.102\n", "1.0.102")]
        // A prerelease (npm serves 1.0.89-0) lies between releases: not placed.
        [InlineData("process-1700000000000-10.log", "2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: 1.0.89-0\n", null)]
        // A log level above info writes no such line; another program's words are not the line.
        [InlineData("process-1700000000000-10.log", "2026-01-01T00:00:00.000Z [ERROR] boom\n", null)]
        [InlineData("process-1700000000000-10.log", "Starting Copilot CLI: 1.0.61\n", null)]
        [InlineData("copilot.log", "2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: 1.0.61\n", null)]
        public void Copilot_CLI_release_is_read_from_its_newest_log(string name, string text, string? release)
        {
            // An older run's log names another release: only the newest run counts.
            var env = FakeEnv.Linux().File(Logs + "process-1600000000000-9.log", "2025-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: 0.0.340\n").File(Logs + name, text);
            if (name.EndsWith(".1.log", System.StringComparison.Ordinal)) env.File(Logs + "process-1700000000000-10.log", "2026-01-01T00:00:01.000Z [INFO] later line\n");
            var read = ClientReleaseFiles.CopilotCli(env, "/home/alice/.copilot");
            if (name == "copilot.log") { Assert.Equal("0.0.340", Known(read)); return; }
            Assert.Equal(release, Known(read));
            if (read?.Release != null) Assert.Contains(Logs + name, read.Source, StringComparison.Ordinal);
        }

        private static string? Known(ClientRelease? read) => read?.Release == null ? null : read.Text;

        private const string Ms10 = "process-1700000000000-10.log";

        // Review of session 46 (helper-323). The line is `${new Date().toISOString()} [INFO] Starting Copilot CLI: ${version}`
        // (@github/copilot@1.0.61 app.js); a newest log that names no release the tables place gives its reason.
        [Theory]
        // Unicode digits (.NET \d takes them; int.Parse(NumberStyles.None) then threw): not a release Copilot CLI writes.
        [InlineData("2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: \u0661.\u0660.\u0666\u0661\n", "the newest log, /home/alice/.copilot/logs/" + Ms10 + ", names Copilot CLI's start in a line not of its log writer's form: \"2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: \u0661.\u0660.\u0666\u0661\"")]
        // npm serves 1.0.89-0: between releases, so not placed, and said so (not "no log names its release").
        [InlineData("2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: 1.0.89-0\n", "the newest log, /home/alice/.copilot/logs/" + Ms10 + ", names the prerelease \"1.0.89-0\", which the release tables do not place")]
        // The first line naming the start decides: a later line (another program's words logged by Copilot CLI) plants no release.
        [InlineData("2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: \u0661.0.61\n2026-01-01T00:00:05.000Z [INFO] Starting Copilot CLI: 1.0.61\n", "names Copilot CLI's start in a line not of its log writer's form")]
        [InlineData("2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: 1.0.89-0\n2026-01-01T00:00:05.000Z [INFO] Starting Copilot CLI: 1.0.61\n", "names the prerelease \"1.0.89-0\"")]
        // A log level above info writes no start line.
        [InlineData("2026-01-01T00:00:00.000Z [ERROR] boom\n", "the newest log, /home/alice/.copilot/logs/" + Ms10 + ", has no \"Starting Copilot CLI\" line (a log level above info writes none)")]
        public void Copilot_CLI_newest_log_naming_no_placed_release_says_why(string text, string why)
        {
            var env = FakeEnv.Linux().File(Logs + "process-1600000000000-9.log", "2025-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: 0.0.340\n").File(Logs + Ms10, text);
            var read = ClientReleaseFiles.CopilotCli(env, "/home/alice/.copilot");
            Assert.NotNull(read);
            Assert.Null(read!.Release);
            Assert.Contains(why, read.WhyNotKnown, StringComparison.Ordinal);
            // Through the check: rows come back (no exception), the verdict not known, with the reason.
            var rows = Run(Copilot("teleport-mcp-files", Tsh, null).File(Logs + Ms10, text))
                .Where(x => x.Check == ClientChecks.ConfigInUse && (x.Message ?? "").Contains("whole file", System.StringComparison.Ordinal)).ToList();
            var row = Assert.Single(rows);
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.Contains(ReleaseVerdict.NotKnown + " (the newest log, " + Logs + Ms10, row.Message, StringComparison.Ordinal);
            Assert.Contains(why, row.Message, StringComparison.Ordinal);
        }

        // The first start line counts, later ones do not (an MCP server's output logged later cannot replace it).
        [Fact]
        public void Copilot_CLI_release_is_the_first_start_line_of_the_run()
        {
            var env = FakeEnv.Linux().File(Logs + Ms10, "2026-01-01T00:00:00.000Z [INFO] Session indexing debug: SESSION_INDEXING=false, repository=undefined\n"
                + "2026-01-01T00:00:00.001Z [INFO] Starting Copilot CLI: 0.0.400\n2026-01-01T00:00:09.000Z [INFO] Starting Copilot CLI: 1.0.61\n");
            Assert.Equal("0.0.400", Known(ClientReleaseFiles.CopilotCli(env, "/home/alice/.copilot")));
        }

        // @github/copilot@1.0.61 app.js orders its logs by mtimeMs (keeps 50, deletes those older than 7 days): the newest run is
        // the newest written log; the start time in the name only breaks a tie (a clock set back names a newer run lower).
        [Theory]
        [InlineData(1, "0.0.340")]
        [InlineData(0, "1.0.61")]
        [InlineData(-1, "1.0.61")]
        public void Copilot_CLI_newest_run_is_the_newest_written_log(int olderNameWrittenLaterByMinutes, string release)
        {
            var t = new System.DateTime(2026, 11, 1, 0, 0, 0, System.DateTimeKind.Utc);
            var env = FakeEnv.Linux().File(Logs + "process-1600000000000-9.log", "2025-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: 0.0.340\n")
                .File(Logs + Ms10, "2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: 1.0.61\n");
            env.WriteTimes[Logs + Ms10] = t;
            env.WriteTimes[Logs + "process-1600000000000-9.log"] = t.AddMinutes(olderNameWrittenLaterByMinutes);
            Assert.Equal(release, Known(ClientReleaseFiles.CopilotCli(env, "/home/alice/.copilot")));
        }

        // A FIFO named like a log (opening it for reading waits for a writer): refused before opening, so the reading ends.
        // The wait below guards against a hang (the product's rule: no hang); it measures no time.
        [NotOnWindowsFact("makes a FIFO with mkfifo, which Windows has not")]
        public async System.Threading.Tasks.Task Copilot_CLI_log_that_is_a_FIFO_is_not_opened()
        {
            var home = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "h323-fifo-" + System.Guid.NewGuid().ToString("N"));
            var fifo = System.IO.Path.Combine(home, "logs", Ms10);
            System.IO.Directory.CreateDirectory(System.IO.Path.Combine(home, "logs"));
            try
            {
                using (var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", fifo) { UseShellExecute = false })!)
                    p.WaitForExit();
                var work = System.Threading.Tasks.Task.Run(() => ClientReleaseFiles.CopilotCli(HostPlatform.Current, home));
                bool ended = await System.Threading.Tasks.Task.WhenAny(work, System.Threading.Tasks.Task.Delay(System.TimeSpan.FromSeconds(30))) == work;
                if (!ended) using (new System.IO.FileStream(fifo, System.IO.FileMode.Open, System.IO.FileAccess.Write)) { } // release the blocked reader
                Assert.True(ended, "reading a FIFO named like a Copilot CLI log did not end");
                Assert.Null((await work)?.Release);
            }
            finally
            {
                try { System.IO.Directory.Delete(home, true); } catch (System.IO.IOException) { }
            }
        }

        [Fact]
        public void Copilot_CLI_without_logs_has_no_release()
        {
            Assert.Null(ClientReleaseFiles.CopilotCli(FakeEnv.Linux().Dir("/home/alice/.copilot"), "/home/alice/.copilot"));
            Assert.Null(ClientReleaseFiles.CopilotCli(FakeEnv.Linux(), null));
        }

        private static System.Collections.Generic.List<TeleportMcp.ClientCheck> Run(FakeEnv env, string path = UserFile) =>
            ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Paths = new[] { path }, SkipSession = true }).ToList();

        private static FakeEnv Copilot(string name, string entry, string? release)
        {
            var env = FakeEnv.Linux().File(UserFile, "{\"mcpServers\":{\n\"" + name + "\":{" + entry + "}\n}}").File("/usr/bin/tsh");
            if (release != null) env.File(Logs + "process-1700000000000-10.log", "2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: " + release + "\n");
            return env;
        }

        // CopilotCliSchema.Rules (measured, helper-298): "tools" absent refused to 0.0.403 (loaded from 0.0.406); a name outside
        // [0-9A-Za-z_-] refused to 0.0.417 (from 0.0.420); outside ^[0-9a-zA-Z_.@-]+(/[0-9a-zA-Z_.@-]+)*$ to 1.0.34 (from 1.0.35).
        [Theory]
        // The entry tsh mcp config writes (no "tools"): decided for the release the log names.
        [InlineData("teleport-mcp-files", Tsh, "0.0.400", CheckStatus.Fail, "Copilot CLI 0.0.400 (the release that last ran here, per /home/alice/.copilot/logs/process-1700000000000-10.log) is one of 0.0.403 and earlier, which refuse this whole file, this entry included: tools: Required")]
        [InlineData("teleport-mcp-files", Tsh, "0.0.406", CheckStatus.Pass, "Copilot CLI 0.0.406 (the release that last ran here, per /home/alice/.copilot/logs/process-1700000000000-10.log) is one of 0.0.406 and later, which load the entry (0.0.403 and earlier refuse this whole file")]
        [InlineData("teleport-mcp-files", Tsh, "1.0.102", CheckStatus.Pass, "is one of 0.0.406 and later, which load the entry")]
        [InlineData("teleport-mcp-files", Tsh, null, CheckStatus.Indeterminate, "0.0.406 and later load the entry; which release runs here is not known to this check (no Copilot CLI log here names its release), so the entry is checked as if it loads")]
        // An entry that breaks three older-only rules: every rule named with its bound (review 302, finding 4).
        [InlineData("téléport-files", Tsh, null, CheckStatus.Indeterminate, "Copilot CLI 0.0.403 and earlier refuse this whole file, this entry included: MCP server name must only contain alphanumeric characters, underscores, and hyphens at line 2, column 18, and MCP server name must only contain alphanumeric characters, dots, slashes, @, underscores, and hyphens, and must not start or end with a slash or contain consecutive slashes at line 2, column 18, and tools: Required at line 2, column 18; 0.0.406 to 0.0.417 refuse this whole file, this entry included: MCP server name must only contain alphanumeric characters, underscores, and hyphens at line 2, column 18, and MCP server name must only contain alphanumeric characters, dots, slashes, @, underscores, and hyphens, and must not start or end with a slash or contain consecutive slashes at line 2, column 18; 0.0.420 to 1.0.34 refuse this whole file, this entry included: MCP server name must only contain alphanumeric characters, dots, slashes, @, underscores, and hyphens, and must not start or end with a slash or contain consecutive slashes at line 2, column 18; 1.0.35 and later load the entry; which release runs here is not known")]
        [InlineData("téléport-files", Tsh, "0.0.410", CheckStatus.Fail, "Copilot CLI 0.0.410 (the release that last ran here, per /home/alice/.copilot/logs/process-1700000000000-10.log) is one of 0.0.406 to 0.0.417, which refuse this whole file, this entry included: MCP server name must only contain alphanumeric characters, underscores, and hyphens")]
        [InlineData("téléport-files", Tsh, "1.0.34", CheckStatus.Fail, "is one of 0.0.420 to 1.0.34, which refuse this whole file, this entry included")]
        [InlineData("téléport-files", Tsh, "1.0.35", CheckStatus.Pass, "is one of 1.0.35 and later, which load the entry")]
        public void A_Copilot_CLI_entry_only_older_releases_refuse_is_decided_by_the_release_read(string name, string entry, string? release, CheckStatus status, string says)
        {
            var rows = Run(Copilot(name, entry, release)).Where(x => x.Check == ClientChecks.ConfigInUse && x.Entry == name && (x.Message ?? "").Contains("whole file", System.StringComparison.Ordinal)).ToList();
            var row = Assert.Single(rows);
            Assert.Equal(status, row.Status);
            Assert.True((row.Message ?? "").Contains(says, System.StringComparison.Ordinal), row.Message);
            // One fix that every release takes: each broken rule's.
            Assert.Contains("\"tools\": [\"*\"]", row.Fix, StringComparison.Ordinal);
            if (name != "teleport-mcp-files") Assert.Contains("ASCII letters, digits, '_' and '-' only", row.Fix, StringComparison.Ordinal);
        }

        // The other entries' row for a file only older releases refuse: decided by the release read (no row where it loads the file).
        [Theory]
        [InlineData(null, CheckStatus.Indeterminate)]
        [InlineData("0.0.400", CheckStatus.Fail)]
        [InlineData("0.0.406", null)]
        public void A_Copilot_CLI_entry_beside_one_older_releases_refuse_is_decided_by_the_release_read(string? release, CheckStatus? status)
        {
            var env = FakeEnv.Linux().File(UserFile, "{\"mcpServers\":{\n\"other\":{\"command\":\"node\"},\n\"teleport-mcp-files\":{" + Tsh + ",\"tools\":[\"*\"]}\n}}").File("/usr/bin/tsh");
            if (release != null) env.File(Logs + "process-1700000000000-10.log", "2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: " + release + "\n");
            var rows = Run(env).Where(x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && (x.Message ?? "").Contains("because the entry \"other\"", System.StringComparison.Ordinal)).ToList();
            if (status == null) { Assert.Empty(rows); return; }
            var row = Assert.Single(rows);
            Assert.Equal(status, row.Status);
            Assert.Contains("tools: Required", row.Message, StringComparison.Ordinal);
        }

        // release-notes/v1_118.md @03ec15ea (index id 54105031475): 1.118 first reads a folder's .mcp.json; npm code-server@4.117.0
        // (VS Code 1.117.0) has no workspaceDotMcpDiscovery.ts. VS Code's release is not read: Indeterminate, naming both groups.
        [Fact]
        public void VS_Code_reading_a_folders_mcp_json_names_both_release_groups()
        {
            var env = FakeEnv.Linux().File("/usr/bin/tsh").Dir("/home/alice/.config/Code/User")
                .File("/home/alice/src/api/.mcp.json", "{\"mcpServers\":{\"teleport-mcp-files\":{" + Tsh + "}}}");
            var rows = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), ProjectDirectory = "/home/alice/src/api", SkipSession = true });
            var row = Assert.Single(rows, r => r.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.StartsWith("VS Code 1.117 and earlier ignore a workspace folder's .mcp.json, so they do not start this entry; 1.118 and later read it (VS Code starts this entry: it discovers the .mcp.json of the workspace folder /home/alice/src/api", row.Message, System.StringComparison.Ordinal);
            Assert.Contains("; which release runs here is not known to this check (VS Code records its release only in its SQLite state", row.Message, StringComparison.Ordinal);
        }
    }
}
