#nullable enable
using System;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// Every Copilot CLI answer that depends on the release goes through ReleaseVerdict.Decide with the release the newest log
    /// names (ClientReleaseFiles.CopilotCli): the JSON readers of the user file (CopilotCliReleases.UserFile, JsonParser's
    /// 1.0.62-1.0.65 and 1.0.66-1.0.92 rows), the user file the module refuses but some releases take, and a rule only newer
    /// releases apply ("disabled" from 1.0.81). A release at each bound and just past it, one between two measured ranges, a
    /// prerelease (not placed), and none.
    /// </summary>
    public class CopilotCliReleaseRoutingTests
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

        private const string Comment = "{\"mcpServers\":{\n// c\n\"teleport-mcp-files\":{" + Tsh + "}}}";
        private const string SingleQuoted = "{\"x\":'a',\"mcpServers\":{\n\"teleport-mcp-files\":{" + Tsh + "}}}";
        private const string Dollar = "{a$b:1,\"mcpServers\":{\n\"teleport-mcp-files\":{" + Tsh + "}}}";

        // CopilotCliReleases.UserFile NotStrictJson (measured, helper-298): @github/copilot@0.0.340 to @0.0.411 refuse a file with a
        // comment (JSON.parse), @0.0.414 and later take it. JsonParser.EarliestLoaderRefuses (measured, helper-245/261): 1.0.62 to 1.0.65
        // refuse a single-quoted string, 1.0.66 takes it; CopilotCliReleases NotJson: 0.0.414 to 1.0.61 read it error-tolerantly (MayTake).
        // JsonParser.OlderReleasesRefuse (measured, every release 1.0.66 to 1.0.92): a '$' in an unquoted name refused; 1.0.102 takes it;
        // 1.0.93 to 1.0.101 not measured.
        [Theory]
        [InlineData(Comment, null, CheckStatus.Indeterminate, "Copilot CLI 0.0.340 to 0.0.411 read the file with JSON.parse and refuse it whole for a // comment at line 2, column 1 (no MCP server loads); 0.0.414 and later take the file; " + NotKnown)]
        [InlineData(Comment, "0.0.340", CheckStatus.Fail, "Copilot CLI 0.0.340" + Known + "0.0.340 to 0.0.411, which read the file with JSON.parse and refuse it whole for a // comment")]
        [InlineData(Comment, "0.0.411", CheckStatus.Fail, "Copilot CLI 0.0.411" + Known + "0.0.340 to 0.0.411, which read the file with JSON.parse")]
        [InlineData(Comment, "0.0.412", CheckStatus.Indeterminate, "(Copilot CLI 0.0.412 (the release that last ran here, per " + Log + ") is in none of these groups)")]
        [InlineData(Comment, "0.0.414", CheckStatus.Pass, "Copilot CLI 0.0.414" + Known + "0.0.414 and later, which take the file (0.0.340 to 0.0.411 read the file with JSON.parse")]
        [InlineData(Comment, "1.0.102", CheckStatus.Pass, "Copilot CLI 1.0.102" + Known + "0.0.414 and later, which take the file")]
        // A prerelease lies between releases: not placed, so not known (ClientReleaseFiles.CopilotCli gives its own reason).
        [InlineData(Comment, "1.0.89-0", CheckStatus.Indeterminate, "0.0.414 and later take the file; " + ReleaseVerdict.NotKnown + " (the newest log, " + Log + ", names the prerelease \"1.0.89-0\", which the release tables do not place)")]
        [InlineData(SingleQuoted, null, CheckStatus.Indeterminate, "1.0.62 to 1.0.65 refuse this whole file for a single-quoted string at line 1, column 6 (\"mcpServers: Required\": no MCP server loads); 1.0.66 and later take the file and ignore the values written so; " + NotKnown)]
        [InlineData(SingleQuoted, "1.0.61", CheckStatus.Indeterminate, "Copilot CLI 1.0.61" + Known + "0.0.414 to 1.0.61, which read it error-tolerantly (jsonc-parser)")]
        [InlineData(SingleQuoted, "1.0.62", CheckStatus.Fail, "Copilot CLI 1.0.62" + Known + "1.0.62 to 1.0.65, which refuse this whole file for a single-quoted string at line 1, column 6")]
        [InlineData(SingleQuoted, "1.0.65", CheckStatus.Fail, "Copilot CLI 1.0.65" + Known + "1.0.62 to 1.0.65, which refuse")]
        [InlineData(SingleQuoted, "1.0.66", CheckStatus.Warn, "Copilot CLI 1.0.66" + Known + "1.0.66 and later, which take the file and ignore the values written so")]
        [InlineData(Dollar, null, CheckStatus.Indeterminate, "1.0.66 to 1.0.92 refuse this whole file for a '$' in a property name without quotes at line 1, column 2")]
        [InlineData(Dollar, "1.0.66", CheckStatus.Fail, "Copilot CLI 1.0.66" + Known + "1.0.66 to 1.0.92, which refuse this whole file for a '$' in a property name without quotes")]
        [InlineData(Dollar, "1.0.92", CheckStatus.Fail, "Copilot CLI 1.0.92" + Known + "1.0.66 to 1.0.92")]
        [InlineData(Dollar, "1.0.93", CheckStatus.Indeterminate, "(Copilot CLI 1.0.93 (the release that last ran here, per " + Log + ") is in none of these groups)")]
        [InlineData(Dollar, "1.0.102", CheckStatus.Warn, "Copilot CLI 1.0.102" + Known + "1.0.102 and later, which take the file and ignore the values written so")]
        public void The_user_files_readers_are_decided_by_the_release_read(string text, string? release, CheckStatus status, string says) =>
            Says(Assert.Single(Run(text, release), r => r.Check == ClientChecks.ConfigParse), status, says);

        // A root value nested 130 levels: the module (as 1.0.102, serde_json's limit) refuses the file. CopilotCliReleases.UserFile
        // SerdeOnly (measured, helper-298): 0.0.340 to 1.0.45 take it, 1.0.46 and later re-read it with serde_json and refuse it;
        // JsonParser.DeepTakenBy (measured, /tmp/h261 depth.jsonl): 1.0.66 to 1.0.80 take it, 1.0.62-1.0.65 and 1.0.81 and later refuse it.
        private static readonly string Deep = "{\"mcpServers\":{},\"x\":" + new string('[', 130) + new string(']', 130) + "}";

        [Theory]
        [InlineData(null, CheckStatus.Indeterminate, "0.0.340 to 1.0.45 read it with JavaScript only")]
        [InlineData("1.0.45", CheckStatus.Pass, "Copilot CLI 1.0.45" + Known + "0.0.340 to 1.0.45, which read it with JavaScript only")]
        [InlineData("1.0.46", CheckStatus.Fail, "Copilot CLI 1.0.46" + Known + "1.0.46 to 1.0.61, which re-read it with serde_json and refuse it")]
        [InlineData("1.0.65", CheckStatus.Fail, "Copilot CLI 1.0.65" + Known + "1.0.62 to 1.0.65, which refuse " + UserFile + " (\"Invalid JSON: recursion limit exceeded\"")]
        [InlineData("1.0.80", CheckStatus.Pass, "Copilot CLI 1.0.80" + Known + "1.0.66 to 1.0.80, which take it (they read values as deep as 512 levels)")]
        [InlineData("1.0.81", CheckStatus.Fail, "Copilot CLI 1.0.81" + Known + "1.0.81 and later, which refuse " + UserFile)]
        public void A_user_file_only_some_releases_take_is_decided_by_the_release_read(string? release, CheckStatus status, string says)
        {
            // The module refuses the file, so the refusal is said on its ConfigParse row: Fail where the release refuses it; not
            // checked (Indeterminate) where it takes what the module does not read.
            var parse = Assert.Single(Run(Deep, release), r => r.Check == ClientChecks.ConfigParse);
            Says(parse, status == CheckStatus.Fail ? CheckStatus.Fail : CheckStatus.Indeterminate, says);
        }

        // A server value nested 130 levels (the file's object counted), no extension: JsonParser.EarliestLoaderTooDeep (measured,
        // helper-268, runtime.node 1.0.62 and 1.0.65 against 1.0.66 and 1.0.102: 128 levels refused, "recursion limit exceeded";
        // 1.0.66 and later take it). What 0.0.340 to 1.0.61 do with such a text is not measured: one group says so.
        private static readonly string DeepServer = "{\"mcpServers\":{\"teleport-mcp-files\":{" + Tsh + ",\"x\":" + new string('[', 130) + new string(']', 130) + "}}}";

        [Theory]
        [InlineData(null, CheckStatus.Indeterminate, "Copilot CLI 0.0.340 to 1.0.61 " + CopilotCliReleases.NotModelled + "; 1.0.62 to 1.0.65 refuse this whole file for a value nested deeper than 127 levels")]
        [InlineData("1.0.50", CheckStatus.Indeterminate, "Copilot CLI 1.0.50" + Known + "0.0.340 to 1.0.61, which " + CopilotCliReleases.NotModelled)]
        [InlineData("1.0.62", CheckStatus.Fail, "Copilot CLI 1.0.62" + Known + "1.0.62 to 1.0.65, which refuse this whole file for a value nested deeper than 127 levels")]
        [InlineData("1.0.66", CheckStatus.Pass, "Copilot CLI 1.0.66" + Known + "1.0.66 and later, which take the file")]
        public void A_value_too_deep_only_for_1_0_62_to_1_0_65_is_decided_by_the_release_read(string? release, CheckStatus status, string says) =>
            Says(Assert.Single(Run(DeepServer, release), r => r.Check == ClientChecks.ConfigParse), status, says);

        // CopilotCliSchema.Rules "disabled" (measured, helper-298's entry corpus): 1.0.81 and later do not load an entry whose
        // "disabled" is not a boolean, 1.0.80 and earlier load it (the user file: 1.0.79 and later skip the entry only).
        [Theory]
        [InlineData(null, CheckStatus.Indeterminate, "Copilot CLI 1.0.80 and earlier load the entry; 1.0.81 and later do not load the entry: disabled: Expected boolean at line 2, column ")]
        [InlineData("1.0.80", CheckStatus.Pass, "Copilot CLI 1.0.80" + Known + "1.0.80 and earlier, which load the entry")]
        // @github/copilot@0.0.403 index.js: the server schema is a zod object (ZodObject.create, unknown keys stripped, not
        // .strict()) of tools, type, isDefaultServer, filterMapping, timeout (+ command, args, env): "disabled" is not read.
        [InlineData("0.0.403", CheckStatus.Pass, "Copilot CLI 0.0.403" + Known + "1.0.80 and earlier, which load the entry")]
        [InlineData("1.0.81", CheckStatus.Fail, "Copilot CLI 1.0.81" + Known + "1.0.81 and later, which do not load the entry: disabled: Expected boolean")]
        [InlineData("1.0.102", CheckStatus.Fail, "is one of 1.0.81 and later")]
        public void A_rule_only_newer_releases_apply_is_decided_by_the_release_read(string? release, CheckStatus status, string says)
        {
            var rows = Run("{\"mcpServers\":{\n\"teleport-mcp-files\":{" + Tsh + ",\"disabled\":\"no\"}}}", release);
            var row = Assert.Single(rows, r => r.Check == ClientChecks.ConfigInUse && (r.Message ?? "").Contains("disabled: Expected boolean", System.StringComparison.Ordinal));
            Says(row, status, says);
            Assert.Contains("\"disabled\"", row.Fix, StringComparison.Ordinal);
        }
    }
}
