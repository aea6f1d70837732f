#nullable enable
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// Session 48 (helper-336), Copilot CLI's user file read for the release its newest log names: a server that release does
    /// not load has no row but the one saying so (no green StdioType beside a whole-file Fail); the rows of an entry follow the
    /// reading of that release where the module models it (1.0.66 to 1.0.92's // comment run to the line feed), and are
    /// Indeterminate naming the release where it does not (0.0.414 to 1.0.61's error-tolerant reading); a file's fix names what
    /// was found in it (a hexadecimal number is no comment).
    /// </summary>
    public class CopilotCliNotLoadedRowsTests
    {
        private const string UserFile = "/home/alice/.copilot/mcp-config.json";
        private const string Log = "/home/alice/.copilot/logs/process-1700000000000-10.log";
        private const string Tsh = "\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"tools\":[\"*\"]";
        private const string Entry = "teleport-mcp-files";

        private static System.Collections.Generic.List<TeleportMcp.ClientCheck> Run(string text, string? release)
        {
            var env = FakeEnv.Linux().File(UserFile, text).File("/usr/bin/tsh");
            if (release != null) env.File(Log, "2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: " + release + "\n");
            return ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Paths = new[] { UserFile }, SkipSession = true }).ToList();
        }

        private static string Dump(System.Collections.Generic.IEnumerable<TeleportMcp.ClientCheck> rows) => string.Join("\n", rows.Select(r => r.ToString()));

        // CopilotCliReleases.UserFile NotStrictJson (measured, helper-298): 0.0.340 to 0.0.411 refuse a file with a // comment (JSON.parse).
        private const string Comment = "{\"mcpServers\":{\n// c\n\"" + Entry + "\":{" + Tsh + "}}}";
        // CopilotCliSchema.Rules "tools" (measured, helper-298): 0.0.403 and earlier refuse the whole file for an entry without "tools".
        private const string NoTools = "{\"mcpServers\":{\"" + Entry + "\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}";
        private const string OtherNoTools = "{\"mcpServers\":{\"" + Entry + "\":{" + Tsh + "},\"other\":{\"command\":\"/usr/bin/true\"}}}";
        // CopilotCliSchema.Rules "disabled" (measured, helper-231): 1.0.81 and later do not load an entry whose "disabled" is not a boolean, 1.0.80 loads it.
        private const string DisabledOne = "{\"mcpServers\":{\"" + Entry + "\":{" + Tsh + ",\"disabled\":1}}}";
        // JsonParser.OlderCopilotReleases (measured, helper-268): 1.0.66 to 1.0.92 run a // comment past a lone CR to the line feed,
        // so the entry after it lies inside their comment; 1.0.102 (@github/copilot-linux-x64@1.0.102) ends the comment at the CR.
        private const string CrComment = "{\"mcpServers\":{// c\r\"" + Entry + "\":{" + Tsh + "},\n\"other\":{\"command\":\"/usr/bin/true\",\"tools\":[\"*\"]}}}";

        /// <summary>The release the log names does not load the Teleport entry: its ConfigInUse Fail ends its rows.</summary>
        [Theory]
        [InlineData(Comment, "0.0.340", "not loaded: the whole file is refused (Copilot CLI 0.0.340")]
        [InlineData(Comment, "0.0.411", "not loaded: the whole file is refused (Copilot CLI 0.0.411")]
        [InlineData(NoTools, "0.0.400", "Copilot CLI 0.0.400 (the release that last ran here, per " + Log + ") is one of 0.0.403 and earlier, which refuse this whole file, this entry included: tools: Required")]
        [InlineData(OtherNoTools, "0.0.400", "refuse this whole file, this entry included, because the entry \"other\" breaks its schema")]
        [InlineData(DisabledOne, "1.0.85", "Copilot CLI 1.0.85 (the release that last ran here, per " + Log + ") is one of 1.0.81 and later, which do not load the entry: disabled: Expected boolean")]
        [InlineData(CrComment, "1.0.70", "Copilot CLI 1.0.70 (the release that last ran here, per " + Log + ") is one of 1.0.66 to 1.0.92, which run the comment to the next line feed and do not load it")]
        public void A_server_the_release_does_not_load_has_no_other_row(string text, string release, string says)
        {
            var rows = Run(text, release).Where(r => r.Entry == Entry).ToList();
            var fail = Assert.Single(rows, r => r.Check == ClientChecks.ConfigInUse && r.Status == CheckStatus.Fail);
            Assert.True((fail.Message ?? "").Contains(says, System.StringComparison.Ordinal), fail.Message);
            Assert.True((fail.Message ?? "").EndsWith(ClientChecker.NotCheckedFurther, System.StringComparison.Ordinal), fail.Message);
            Assert.True(rows.All(r => r.Check == ClientChecks.ConfigInUse), Dump(rows));
            Assert.DoesNotContain(rows, r => r.Status == CheckStatus.Pass);
        }

        /// <summary>The release the log names loads the entry: its rows stand (the same files, the releases on the other side of each bound).</summary>
        [Theory]
        [InlineData(Comment, "0.0.414")]
        [InlineData(NoTools, "0.0.406")]
        [InlineData(OtherNoTools, "0.0.406")]
        [InlineData(DisabledOne, "1.0.80")]
        [InlineData(CrComment, "1.0.102")]
        public void A_server_the_release_loads_keeps_its_rows(string text, string release)
        {
            var rows = Run(text, release).Where(r => r.Entry == Entry).ToList();
            Assert.Contains(rows, r => r.Check == ClientChecks.StdioType && r.Status == CheckStatus.Pass);
            Assert.Contains(rows, r => r.Check == ClientChecks.ToolFilter);
            Assert.DoesNotContain(rows, r => r.Check == ClientChecks.ConfigInUse && r.Status == CheckStatus.Fail);
        }

        // The entry read otherwise by 1.0.66 to 1.0.92 (JsonParser.OlderCopilotReleases, measured helper-268): their comment runs past the
        // lone CR to the line feed, over the second "tools", so they read ["*"]; 1.0.102 ends the comment at the CR and reads ["read_file"]
        // (the later of two same-named properties, JsonParser's Copilot reading).
        private const string ToolsAfterCr = "{\"mcpServers\":{\"" + Entry + "\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"tools\":[\"*\"] // c\r,\"tools\":[\"read_file\"]\n}}}";
        // The Teleport entry only 1.0.66 to 1.0.92 hold: 1.0.102 reads the "command" after the lone CR, /usr/bin/true.
        private const string CommandAfterCr = "{\"mcpServers\":{\"" + Entry + "\":{" + Tsh + " // c\r,\"command\":\"/usr/bin/true\"\n}}}";

        /// <summary>The rows that follow describe the reading of the release the log names.</summary>
        [Theory]
        [InlineData(ToolsAfterCr, "1.0.70", ClientChecks.ToolFilter, CheckStatus.Pass, "\"tools\" holds \"*\"")]
        [InlineData(ToolsAfterCr, "1.0.70", ClientChecks.ConfigInUse, CheckStatus.Pass, ", so the entry is checked as 1.0.70 reads it")]
        [InlineData(ToolsAfterCr, "1.0.102", ClientChecks.ToolFilter, CheckStatus.Pass, "\"tools\" lets Copilot call only read_file")]
        [InlineData(ToolsAfterCr, null, ClientChecks.ToolFilter, CheckStatus.Pass, "\"tools\" lets Copilot call only read_file")]
        [InlineData(CommandAfterCr, "1.0.70", ClientChecks.ConfigInUse, CheckStatus.Pass, "which run the comment to the next line feed and load it (1.0.102 and later end the comment there and read the server of this name otherwise, where it does not run tsh mcp connect), so the entry is checked as 1.0.70 reads it")]
        [InlineData(CommandAfterCr, "1.0.70", ClientChecks.StdioType, CheckStatus.Pass, "no \"type\", as tsh mcp config writes the entry")]
        [InlineData(CommandAfterCr, "1.0.70", ClientChecks.ToolFilter, CheckStatus.Pass, "\"tools\" holds \"*\"")]
        [InlineData(CommandAfterCr, "1.0.102", ClientChecks.ConfigInUse, CheckStatus.Fail, "which end the comment there and read the server of this name otherwise, where it does not run tsh mcp connect")]
        [InlineData(CommandAfterCr, null, ClientChecks.ConfigInUse, CheckStatus.Indeterminate, "which release runs here is not known to this check (no Copilot CLI log here names its release), and the entry is not checked further")]
        public void The_rows_follow_the_reading_of_the_release_read(string text, string? release, string check, CheckStatus status, string says)
        {
            var rows = Run(text, release).Where(r => r.Entry == Entry && r.Check == check).ToList();
            Assert.True(rows.Any(r => r.Status == status && (r.Message ?? "").Contains(says, System.StringComparison.Ordinal)), Dump(rows));
        }

        /// <summary>The entry only 1.0.66 to 1.0.92 hold as a Teleport entry: no row of it under 1.0.102 or an unknown release.</summary>
        [Theory]
        [InlineData(CommandAfterCr, "1.0.102")]
        [InlineData(CommandAfterCr, null)]
        public void The_entry_only_older_releases_hold_has_no_rows_otherwise(string text, string? release)
        {
            var rows = Run(text, release).Where(r => r.Entry == Entry && r.Check != ClientChecks.ConfigInUse && r.Check != ClientChecks.EntryShape).ToList();
            Assert.True(rows.Count == 0, Dump(rows));
        }

        // CopilotCliReleases.UserFile NotJson (helper-283/285): 0.0.414 to 1.0.61 read a file that is not JSONC error-tolerantly
        // (jsonc-parser), which the module does not model; 1.0.66 and later ignore a single-quoted value (JsonParser, measured 1.0.102).
        private const string SingleQuoted = "{\"x\":'a',\"mcpServers\":{\n\"" + Entry + "\":{" + Tsh + "}}}";

        /// <summary>The release the log names reads the file in a way not modelled: the entry's rows say so, naming it.</summary>
        [Theory]
        [InlineData(SingleQuoted, "1.0.61", ClientChecks.StdioType, CheckStatus.Indeterminate, "(Pass as 1.0.102 reads it; Copilot CLI 1.0.61 (the release that last ran here, per " + Log + ") is one of 0.0.414 to 1.0.61, which read it error-tolerantly (jsonc-parser)")]
        [InlineData(SingleQuoted, "0.0.414", ClientChecks.ToolFilter, CheckStatus.Indeterminate, "this row describes the entry as 1.0.102 reads the file, not as 0.0.414 does")]
        [InlineData(SingleQuoted, "1.0.66", ClientChecks.StdioType, CheckStatus.Pass, "no \"type\", as tsh mcp config writes the entry")]
        [InlineData(SingleQuoted, null, ClientChecks.StdioType, CheckStatus.Pass, "no \"type\", as tsh mcp config writes the entry")]
        public void Rows_of_a_reading_not_modelled_name_the_release(string text, string? release, string check, CheckStatus status, string says)
        {
            var rows = Run(text, release).Where(r => r.Entry == Entry && r.Check == check).ToList();
            var row = Assert.Single(rows);
            Assert.True(row.Status == status && (row.Message ?? "").Contains(says, System.StringComparison.Ordinal), Dump(rows));
        }

        /// <summary>The file's fix names what was found (JsonExtensionFixes), one row a kind; source: the kinds JsonParser records.</summary>
        [Theory]
        [InlineData("{\"mcpServers\":{\"" + Entry + "\":{" + Tsh + ",\"timeout\":0x1F}}}", "Write the hexadecimal numbers in decimal, starting at", "comments")]
        [InlineData("{\"mcpServers\":{\n// c\n\"" + Entry + "\":{" + Tsh + "}}}", "Remove the comments, starting at", "hexadecimal")]
        [InlineData("{\"mcpServers\":{\"" + Entry + "\":{" + Tsh + "},}}", "Remove the trailing commas, starting at", "comments")]
        [InlineData("{\"mcpServers\":{\"" + Entry + "\":{" + Tsh + ",\"cwd\":'/tmp'}}}", "Write the single-quoted strings in double quotes, starting at", "comments")]
        [InlineData("{\"mcpServers\":{\"" + Entry + "\":{" + Tsh + ",\"timeout\":+5}}}", "Remove the plus signs before numbers, starting at", "comments")]
        [InlineData("{\"mcpServers\":{\"" + Entry + "\":{" + Tsh + ",timeout:5}}}", "Put the property names in double quotes, starting at", "comments")]
        [InlineData("{\"mcpServers\":{\n// c\n\"" + Entry + "\":{" + Tsh + ",\"timeout\":0x1F}}}", "Remove the comments; write the hexadecimal numbers in decimal, starting at", "Remove the trailing")]
        public void The_fix_names_what_was_found(string text, string fix, string notSaid)
        {
            var row = Assert.Single(Run(text, null), r => r.Check == ClientChecks.ConfigParse);
            Assert.True((row.Fix ?? "").Contains(fix, System.StringComparison.Ordinal), row.Fix);
            Assert.False((row.Fix ?? "").Contains(notSaid, System.StringComparison.Ordinal), row.Fix);
        }

        /// <summary>
        /// Each fix once (session 48, helper-344): the fix of the strict readers (every kind found, from the first place)
        /// already holds that of 1.0.62-1.0.65's refusal (hexadecimal, an exponent without digits) and of the values 1.0.102
        /// ignores (single-quoted, plus-signed, unquoted names), which were said again before it. Kinds: JsonParser's records.
        /// </summary>
        [Theory]
        [InlineData("{\"mcpServers\":{\"" + Entry + "\":{" + Tsh + ",\"timeout\":0x1F}}}", "hexadecimal numbers in decimal")]
        [InlineData("{\"mcpServers\":{\n// c\n\"" + Entry + "\":{" + Tsh + ",\"timeout\":0x1F}}}", "hexadecimal numbers in decimal")]
        [InlineData("{\"mcpServers\":{\"" + Entry + "\":{" + Tsh + ",\"timeout\":1e}}}", "each exponent its digits")]
        [InlineData("{\"mcpServers\":{\"" + Entry + "\":{" + Tsh + ",\"cwd\":'/tmp'}}}", "single-quoted strings in double quotes")]
        [InlineData("{\"mcpServers\":{\"" + Entry + "\":{" + Tsh + ",\"timeout\":+5}}}", "plus signs before numbers")]
        [InlineData("{\"mcpServers\":{\"" + Entry + "\":{" + Tsh + ",timeout:5,\"cwd\":'/tmp'}}}", "property names in double quotes")]
        public void Each_fix_is_said_once(string text, string fix)
        {
            foreach (var row in Run(text, null).Where(r => r.Fix != null && r.Fix.Contains(fix, System.StringComparison.Ordinal)))
            {
                int at = row.Fix!.IndexOf(fix, System.StringComparison.Ordinal);
                Assert.True(row.Fix.IndexOf(fix, at + fix.Length, System.StringComparison.Ordinal) < 0, row.Check + ": " + row.Fix);
                Assert.True(row.Fix.IndexOf("so that every release reads the file.", System.StringComparison.Ordinal) ==
                    row.Fix.LastIndexOf("so that every release reads the file.", System.StringComparison.Ordinal), row.Check + ": " + row.Fix);
            }
            Assert.Contains(Run(text, null), r => r.Fix != null && r.Fix.Contains(fix, System.StringComparison.Ordinal));
        }
    }
}
