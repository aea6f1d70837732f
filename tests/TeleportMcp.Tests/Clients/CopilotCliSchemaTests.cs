using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// The entries Copilot CLI does not load for its schema (CopilotCliSchema). The data file holds what the loaders of
    /// @github/copilot-linux-x64's runtime.node did with 392 files (mcpConfigLoadMerged of 1.0.102 on the user file and on a
    /// project's .mcp.json, whose workspaceErrors give the message; mcpConfigLoadPersisted of 1.0.78), each with a server
    /// "ok" beside the one tested.
    /// </summary>
    public class CopilotCliSchemaTests
    {
        private const string UserFile = "/home/alice/.copilot/mcp-config.json";
        private const string ProjectFile = "/home/alice/src/api/.github/mcp.json";

        private sealed class Measured
        {
            public string Case = "";
            public string Text = "";
            public bool Loads;
            public bool? ProjectLoads;
            public string Message;
            public string Refused78;
        }

        private static List<Measured> Cases()
        {
            var list = new List<Measured>();
            foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "Clients", "copilot-cli-entry-schema.jsonl")))
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                list.Add(new Measured
                {
                    Case = r.GetProperty("case").GetString(),
                    Text = r.GetProperty("text").GetString(),
                    Loads = r.GetProperty("loads").GetBoolean(),
                    ProjectLoads = r.TryGetProperty("projectLoads", out var p) ? p.GetBoolean() : (bool?)null,
                    Message = r.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null,
                    Refused78 = r.GetProperty("refused78").ValueKind == JsonValueKind.String ? r.GetProperty("refused78").GetString() : null,
                });
            }
            return list;
        }

        private static (McpServerEntry Entry, CopilotCliDrop Drop) Tested(string path, string text)
        {
            var f = McpConfigReader.ReadText(ClientChecker.GuessCandidate(OsKind.Linux, path), text, OsKind.Linux);
            Assert.Null(f.Error);
            var e = Assert.Single(f.Entries, x => x.Name != "ok");
            bool project = path == ProjectFile;
            Assert.Null(Of78(CopilotCliSchema.Check(f.Entries.Single(x => x.Name == "ok"), project)));
            return (e, Of78(CopilotCliSchema.Check(e, project)));
        }

        // The data file was measured on 1.0.78 to 1.0.102: a rule only releases before 1.0.78 apply (the oldest's "tools", names) is not in it.
        private static CopilotCliDrop Of78(CopilotCliDrop drop) =>
            drop != null && drop.Rule.UpTo != null && Version.Parse(drop.Rule.UpTo) < Version.Parse(CopilotCliSchema.UserWholeFileUpTo) ? null : drop;

        // 1.0.78 names the entry in its message: "mcpServers.t.env.A: Expected string", "mcpServers.a}b: MCP server name ...".
        // Every check of the user file holding the text, tsh beside it and a session running.
        private static IReadOnlyList<ClientCheck> CheckUserFile(string text) =>
            ClientChecker.Run(new ClientCheckOptions { Environment = FakeEnv.Linux().File(UserFile, text).File("/usr/bin/tsh"), Runner = FakeRunner.Active(), Paths = new[] { UserFile }, SkipSession = true });

        private static string Without78Prefix(string message, string name)
        {
            foreach (var prefix in new[] { "mcpServers." + name + ".", "mcpServers." + name + ": " })
                if (message.StartsWith(prefix, StringComparison.Ordinal)) return message.Substring(prefix.Length);
            return message;
        }

        [Fact]
        public void Every_measured_entry_is_dropped_or_loaded_as_the_CLI_did_with_its_message()
        {
            var cases = Cases();
            Assert.Equal(438, cases.Count);
            var wrong = new List<string>();
            foreach (var c in cases)
            {
                var (entry, drop) = Tested(UserFile, c.Text);
                if ((drop == null || !drop.NewestDrops) != c.Loads) wrong.Add(c.Case + ": user file " + (c.Loads ? "loaded by the CLI, dropped here: " + drop.Message : "dropped by the CLI, loaded here"));
                if (drop != null && c.Message != null && drop.Message != c.Message) wrong.Add(c.Case + ": '" + drop.Message + "', the CLI says '" + c.Message + "'");
                // 1.0.78 refuses the whole file for the same rules, with the same texts, except "disabled" (AllReleases false).
                if (drop != null && drop.NewestDrops && drop.AllReleases != (c.Refused78 != null)) wrong.Add(c.Case + ": AllReleases " + drop.AllReleases + ", 1.0.78 " + (c.Refused78 ?? "loads it"));
                if (drop != null && c.Refused78 != null && Without78Prefix(c.Refused78, entry.Name) != drop.WholeFile?.Message) wrong.Add(c.Case + ": 1.0.78 says '" + c.Refused78 + "'");
                if ((drop == null || !drop.NewestDrops) && c.Refused78 != null) wrong.Add(c.Case + ": 1.0.78 refuses the file: " + c.Refused78);
                if (c.ProjectLoads is bool projectLoads)
                {
                    var (_, projectDrop) = Tested(ProjectFile, c.Text);
                    if ((projectDrop == null || !projectDrop.NewestDrops) != projectLoads) wrong.Add(c.Case + ": project file " + (projectLoads ? "loaded by the CLI, dropped here" : "dropped by the CLI, loaded here"));
                }
            }
            Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        }

        private const string Tsh = "\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]";

        // The entry with "tools", which every release from 0.0.340 loads (0.0.403 and earlier refuse the user file for an entry without it).
        private const string TshTools = Tsh + ",\"tools\":[\"*\"]";

        // What a release that refuses the whole file (1.0.78 and earlier) does with an entry: the drop it refuses the file for, or null.
        private static CopilotCliDrop RefusedBy(CopilotCliDrop drop, string release)
        {
            var older = drop == null ? null : drop.Rule.UpTo != null ? drop : drop.OlderOnly;
            return older != null && Version.Parse(older.Rule.UpTo!) >= Version.Parse(release) ? older : drop != null && drop.AllReleases ? drop.WholeFile : null;
        }

        // The same 438 files and 43 more (isDefaultServer and "streamable-http" with other faults) given to the user-file loader
        // (mcpConfigLoadPersisted) of 1.0.71, 1.0.73 and 1.0.75, which refuse the whole file for a broken entry (zod's issues, one a line): "isDefaultServer"
        // that is not a boolean is refused up to 1.0.71 (1.0.73 ignores it), "type": "streamable-http" up to 1.0.73 (1.0.75 reads it
        // as http); npm serves no 1.0.72 or 1.0.74. Each release's refusal and its message follow from the drop.
        [Theory]
        [InlineData("1.0.71", "r71")]
        [InlineData("1.0.73", "r73")]
        [InlineData("1.0.75", "r75")]
        public void Every_measured_file_is_refused_by_the_older_releases_as_they_did(string release, string key)
        {
            var wrong = new List<string>();
            int refused = 0;
            foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "Clients", "copilot-cli-older-rules.jsonl")))
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                string name = r.GetProperty("case").GetString(), measured = r.GetProperty(key).GetString();
                var f = McpConfigReader.ReadText(ClientChecker.GuessCandidate(OsKind.Linux, UserFile), r.GetProperty("text").GetString(), OsKind.Linux);
                Assert.Null(f.Error);
                // The release refuses the file for its first entry it does not take, with that entry's message (zod's first issue).
                var (entry, says) = f.Entries.Select(e => (e, RefusedBy(CopilotCliSchema.Check(e), release))).FirstOrDefault(x => x.Item2 != null);
                if (measured != null) refused++;
                if ((says == null) != (measured == null)) wrong.Add(name + ": " + (measured ?? "loaded") + " by " + release + ", here " + (says?.Message ?? "loaded"));
                else if (says != null && Without78Prefix(measured!, entry.Name) is var rest && rest != says.Message && !rest.StartsWith(says.Message + "\n", StringComparison.Ordinal)) wrong.Add(name + ": '" + says.Message + "', " + release + " says '" + measured + "'");
            }
            Assert.True(wrong.Count == 0, string.Join("\n", wrong));
            Assert.Equal(release == "1.0.71" ? 311 : release == "1.0.73" ? 297 : 288, refused);
        }

        // One row a rule: a Teleport entry Copilot CLI does not load is a Fail on ConfigInUse naming the CLI's message, at
        // the field (§ marks the column), and no other check of it passes. Disabled not a boolean: 1.0.78 loads it.
        [Theory]
        [InlineData("", "{" + Tsh + "}", "MCP server name cannot be empty", CheckStatus.Fail)]
        [InlineData("\u3000", "{" + Tsh + "}", "MCP server name cannot be only whitespace", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files\u0007", "{" + Tsh + "}", "must not contain control characters or '}'", CheckStatus.Fail)]
        [InlineData("teleport-mcp-{files}", "{" + Tsh + "}", "must not contain control characters or '}'", CheckStatus.Fail)]
        [InlineData("teleport/mcp//files", "{" + Tsh + "}", "must not start or end with a slash or contain consecutive slashes", CheckStatus.Fail)]
        [InlineData("/teleport-mcp-files", "{" + Tsh + "}", "must not start or end with a slash", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{\"type\":\"http\"," + Tsh + "}", "url: Required", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{\"type\":\"streamable-http\"," + Tsh + "}", "url: Required", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{\"type\":\"http\",\"url\":\"http://x/\",\"headers\":{\"A\":§1}," + Tsh + "}", "headers.A: Expected string", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"tools\":§\"*\"}", "tools: Expected array", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"tools\":[\"a\",§null]}", "tools: Expected string", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"filterMapping\":§\"hiddenCharacters\"}", "filterMapping: Invalid enum value", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"filterMapping\":§[]}", "filterMapping: Invalid input", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"timeout\":§0}", "timeout: Number must be greater than 0", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"timeout\":§-30000}", "timeout: Number must be greater than 0", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"timeout\":§0x7530}", "timeout: Number must be greater than 0", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"timeout\":§1.5}", "timeout: Expected integer", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"timeout\":§1e20}", "timeout: Expected integer", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"timeout\":§\"30000\"}", "timeout: Expected integer", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"type\":§\"LOCAL\"}", "type: Invalid literal value", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"type\":§null}", "type: Expected string", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"cwd\":§1}", "cwd: Expected string", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"env\":§[]}", "env: Expected object", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"env\":{\"TELEPORT_HOME\":\"/home/alice/.tsh\",\"DEBUG\":§1}}", "env.DEBUG: Expected string", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"disabled\":§\"false\"}", "disabled: Expected boolean", CheckStatus.Indeterminate)]
        // Only older releases refuse these, the whole file (measured: the data file copilot-cli-older-rules.jsonl); newer ones load the entry.
        // In the user file the entry (no "tools") breaks the 0.0.403 rule too, which the row now also names (was: only the rule
        // applied longest, "1.0.71 and earlier refuse ..."), so the rows match the words both files give.
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"isDefaultServer\":§1}", "refuse this whole file, this entry included: isDefaultServer: Expected boolean at line 2", CheckStatus.Indeterminate)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"isDefaultServer\":§null}", "1.0.73 and later load the entry", CheckStatus.Indeterminate)]
        [InlineData("teleport-mcp-files", "{\"type\":§\"streamable-http\",\"url\":\"http://x/\"," + Tsh + "}", "refuse this whole file, this entry included: type: Invalid literal value", CheckStatus.Indeterminate)]
        // Every release drops these: 1.0.71 refuses the file for "isDefaultServer", 1.0.75 and later for "env" (measured).
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"isDefaultServer\":1,\"env\":{\"A\":§1}}", "env.A: Expected string", CheckStatus.Fail)]
        // 1.0.81 and later drop it for "disabled", 1.0.71 and earlier refuse the file for "isDefaultServer", 1.0.73 to 1.0.80 load it.
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"isDefaultServer\":\"no\",\"disabled\":§1}", "isDefaultServer: Expected boolean at line 2, column 99; 1.0.73 to 1.0.80 load the entry; 1.0.81 ", CheckStatus.Indeterminate)]
        // 1.0.80 and earlier do not read "disabled" but refuse the file for the next rule broken (measured): every release drops
        // the entry (a project file: 1.0.81 to 1.0.88 refuse it for "disabled").
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"disabled\":§\"false\",\"cwd\":1}", "disabled: Expected boolean", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"disabled\":§1,\"type\":\"LOCAL\"}", "and earlier refuse the whole file", CheckStatus.Fail)]
        // A "type" that is not a string is refused before every other rule (measured, 1.0.102 and 1.0.78; an unknown string "type" is
        // refused before "url" in an entry with only a "url": the data rows "h227 ...").
        [InlineData("teleport-mcp-files", "{" + Tsh + ",\"timeout\":0,\"type\":§null}", "type: Expected string", CheckStatus.Fail)]
        [InlineData("teleport-mcp-files", "{\"tools\":1,\"type\":§[\"local\"]," + Tsh + "}", "type: Expected string", CheckStatus.Fail)]
        public void A_Teleport_entry_the_CLI_drops_is_not_configured(string name, string entry, string says, CheckStatus status)
        {
            foreach (var path in new[] { UserFile, ProjectFile })
            {
                string line2 = "\"" + name.Replace("\u0007", "\\u0007") + "\":" + entry;
                int mark = line2.IndexOf('§');
                string text = "{\"mcpServers\":{\n" + line2.Replace("§", "") + "\n}}";
                if (path == ProjectFile && entry.Contains("0x")) continue; // strict JSON there
                var env = FakeEnv.Linux().File(path, text).File("/usr/bin/tsh").Dir("/home/alice/src/api/.git");
                var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Paths = new[] { path }, SkipSession = true });
                var row = Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == name && x.Message.Contains(says));
                Assert.Equal(status, row.Status);
                Assert.Equal(path + ":2:" + (mark < 0 ? line2.IndexOf(':', name.Length + 2) + 2 : mark + 1).ToString(CultureInfo.InvariantCulture), row.Location);
                // Only older releases refuse the file for the entry: the newest load it.
                Assert.Contains(says.Contains("this entry included", StringComparison.Ordinal) || says.Contains("later load the entry", StringComparison.Ordinal) ? "and earlier refuse the whole file for \"teleport-mcp-files\"" : "Copilot CLI does not load 1 of them",
                    Assert.Single(r, x => x.Check == ClientChecks.ConfigParse).Message, StringComparison.Ordinal);
                if (status == CheckStatus.Fail)
                    Assert.DoesNotContain(r, x => x.Entry == name && x.Status == CheckStatus.Pass);
                else
                    Assert.Contains(r, x => x.Entry == name && x.Check == ClientChecks.Command); // 1.0.78 loads it: checked on
            }
        }

        [Theory]
        [InlineData(",\"timeout\":30000")]
        [InlineData(",\"timeout\":3e4")]
        [InlineData(",\"timeout\":9.2e18")]
        [InlineData(",\"env\":{},\"tools\":[],\"cwd\":\"\",\"disabled\":false,\"filterMapping\":{\"x\":\"markdown\"}")]
        [InlineData(",\"type\":\"stdio\",\"url\":1,\"headers\":1")]
        public void An_entry_the_CLI_loads_is_not_reported(string more)
        {
            string text = "{\"mcpServers\":{\"teleport-mcp-files\":{" + (more.Contains("\"tools\"", StringComparison.Ordinal) ? Tsh : TshTools) + more + "}}}";
            var r = CheckUserFile(text);
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.ConfigInUse && x.Message.Contains("Copilot CLI"));
            Assert.DoesNotContain("does not load", Assert.Single(r, x => x.Check == ClientChecks.ConfigParse).Message, StringComparison.Ordinal);
        }

        // 1.0.79 and later skip a broken entry of the user file and load the rest; 1.0.78 refuses the whole file, the Teleport entry beside it included.
        [Fact]
        public void A_Teleport_entry_beside_a_dropped_one_is_indeterminate()
        {
            string text = "{\"mcpServers\":{\n\"teleport-mcp-files\":{" + TshTools + "},\n\"other\":{\"command\":\"npx\",\"env\":{\"PORT\":8080}}\n}}";
            var r = CheckUserFile(text);
            var row = Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files");
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.Contains("1.0.78 and earlier refuse this whole file", row.Message, StringComparison.Ordinal);
            Assert.Contains("1.0.79 and later skip only that entry", row.Message, StringComparison.Ordinal);
            Assert.Contains("\"env.PORT: Expected string\" at line 3, column 40", row.Message, StringComparison.Ordinal);
            Assert.Equal(UserFile + ":3:40", row.Location);
            Assert.Contains(r, x => x.Entry == "teleport-mcp-files" && x.Check == ClientChecks.Command); // 1.0.92 and later load it
        }

        // The other entry's "disabled": 1 is all 1.0.81 and later see; 1.0.78 skips that rule and refuses the whole file for its env.
        [Fact]
        public void A_Teleport_entry_beside_one_the_old_release_refuses_for_a_later_rule_is_indeterminate()
        {
            string text = "{\"mcpServers\":{\n\"teleport-mcp-files\":{" + TshTools + "},\n\"other\":{\"command\":\"npx\",\"disabled\":1,\"env\":{\"PORT\":8080}}\n}}";
            var r = CheckUserFile(text);
            var row = Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files");
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.Contains("1.0.78 and earlier refuse this whole file", row.Message, StringComparison.Ordinal);
            Assert.Contains("1.0.79 and later skip only that entry", row.Message, StringComparison.Ordinal);
            Assert.Contains("\"env.PORT: Expected string\" at line 3, column 53", row.Message, StringComparison.Ordinal);
            Assert.Equal(UserFile + ":3:53", row.Location);
        }

        // Releases 1.0.66 (the first with this loader) to 1.0.92 refuse the whole user file for three things 1.0.102 takes (measured
        // on 6,199 texts with 1.0.92 and 1.0.78, on each of these with every release): the module reads as 1.0.102 does, and says
        // the verdict depends on the release.
        [Theory]
        [InlineData("{$x:1,\n\"mcpServers\":{\"teleport-mcp-files\":{" + Tsh + "}}}", "a '$' in a property name without quotes", "1:2")]
        [InlineData("{null:1,\n\"mcpServers\":{\"teleport-mcp-files\":{" + Tsh + "}}}", "true, false or null as a property name", "1:2")]
        [InlineData("{// c\r\"mcpServers\":{\"teleport-mcp-files\":{" + Tsh + "}}}", "a // comment ended by a lone carriage return", "1:6")]
        public void A_user_file_older_releases_refuse_is_indeterminate(string text, string what, string at)
        {
            var r = CheckUserFile(text);
            var parse = Assert.Single(r, x => x.Check == ClientChecks.ConfigParse);
            Assert.Equal(CheckStatus.Indeterminate, parse.Status);
            Assert.Contains(what + " (Copilot CLI 1.0.66 to 1.0.92 refuse the file for it", parse.Message, StringComparison.Ordinal);
            Assert.Contains("; 1.0.102 and later take the file", parse.Message, StringComparison.Ordinal);
            Assert.Equal(UserFile + ":" + at, parse.Location);
            Assert.Contains(r, x => x.Entry == "teleport-mcp-files" && x.Check == ClientChecks.Command); // 1.0.102 loads it
        }
    
        // Bisected on every release the npm registry serves (runtime.node loaders): a project file's broken entry is skipped
        // from 1.0.89 (1.0.88 refuses the whole file), and "disabled" is checked from 1.0.81; so 1.0.81 to 1.0.88 refuse a
        // project file for an entry whose only fault is "disabled", and no release refuses a user file for it.
        [Theory]
        [InlineData(ProjectFile, "\"env\":{\"PORT\":8080}", CheckStatus.Indeterminate, "1.0.88 and earlier refuse this whole file", "1.0.89 and later skip only that entry")]
        [InlineData(ProjectFile, "\"disabled\":1", CheckStatus.Indeterminate, "1.0.81 to 1.0.88 refuse this whole file", "\"disabled: Expected boolean\" at line 3")]
        [InlineData(UserFile, "\"disabled\":1", null, null, null)]
        [InlineData(UserFile, "\"env\":{\"PORT\":8080}", CheckStatus.Indeterminate, "1.0.78 and earlier refuse this whole file", "1.0.79 and later skip only that entry")]
        // Only older releases refuse these (measured, copilot-cli-older-rules.jsonl): the whole file, user or project; newer ones load both entries.
        [InlineData(UserFile, "\"isDefaultServer\":\"yes\"", CheckStatus.Indeterminate, "1.0.71 and earlier refuse this whole file", "1.0.73 and later load that entry")]
        [InlineData(ProjectFile, "\"isDefaultServer\":0", CheckStatus.Indeterminate, "\"isDefaultServer: Expected boolean\" at line 3", "1.0.73 and later load that entry")]
        [InlineData(ProjectFile, "\"type\":\"streamable-http\",\"url\":\"http://x/\"", CheckStatus.Indeterminate, "1.0.73 and earlier refuse this whole file", "1.0.75 and later load that entry")]
        [InlineData(UserFile, "\"isDefaultServer\":true,\"type\":\"http\",\"url\":\"http://x/\"", null, null, null)]
        public void A_Teleport_entry_beside_a_dropped_one_by_release_and_file(string path, string fault, CheckStatus? status, string says, string also)
        {
            string text = "{\"mcpServers\":{\n\"teleport-mcp-files\":{" + TshTools + "},\n\"other\":{\"command\":\"npx\",\"tools\":[]," + fault + "}\n}}";
            var env = FakeEnv.Linux().File(path, text).File("/usr/bin/tsh").Dir("/home/alice/src/api/.git");
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Paths = new[] { path }, SkipSession = true });
            var rows = r.Where(x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.Message.Contains("whole file")).ToList();
            if (status == null)
            {
                Assert.Empty(rows);
                return;
            }
            var row = Assert.Single(rows);
            Assert.Equal(status, row.Status);
            Assert.Contains(says, row.Message, StringComparison.Ordinal);
            Assert.Contains(also, row.Message, StringComparison.Ordinal);
        }

        // A // comment ended by a lone CR: 1.0.102 reads on after the CR, 1.0.92 and earlier (every release from 1.0.66 measured)
        // run the comment to the next line feed. Text 1.0.102 refuses there but the older releases swallow is taken by them
        // (measured with 1.0.92 and 1.0.102 on each row): the release decides, so the file is not a Fail.
        [Theory]
        // 1.0.62 to 1.0.65 run the comment to the line feed too and take these (measured, helper-261 cr.jsonl, helper-268 cr2-cr4,
        // and /tmp/h283 corpus cr_* with 1.0.62-1.0.65's own loader).
        [InlineData("{\"mcpServers\":{@} // c\rgarbage\n}", CheckStatus.Indeterminate, null)]
        [InlineData("{\"mcpServers\":{@}} // c\r}\n", CheckStatus.Indeterminate, null)]
        [InlineData("{\"mcpServers\":{@}} // c\r}", CheckStatus.Indeterminate, null)]
        [InlineData("{\"mcpServers\":{@}}\n// c\r{}\n", CheckStatus.Indeterminate, null)]
        [InlineData("{\"mcpServers\":{@} // a\r// b\rgarbage\n}", CheckStatus.Indeterminate, null)]
        // What 1.0.62 to 1.0.65 refuse in the reading after the line feed (1.0.66 takes it): only 1.0.66 to 1.0.92 take the file.
        [InlineData("{\"mcpServers\":{@} // c\rgarbage\n,\"x\":'y'}", CheckStatus.Indeterminate, "a single-quoted string at line 2, column 6")]
        [InlineData("{\"mcpServers\":{@} // c\rgarbage\n,\"x\":1e}", CheckStatus.Indeterminate, "a number whose exponent has no digits at line 2, column 6")]
        [InlineData("{\"mcpServers\":{@,\"d\":{\"command\":\"x\",\"y\":%DEEP%}} // c\rgarbage\n}", CheckStatus.Indeterminate, "a value nested deeper than 127 levels at line 1,")]
        // Refused by both readings (after the line feed, what else the older releases refuse, a CRLF): releases before 1.0.62
        // read them otherwise, see A_user_file_releases_before_1_0_62_read_otherwise_is_indeterminate.
        public void A_user_file_only_older_releases_take_is_indeterminate(string text, CheckStatus status, string earliestRefuses)
        {
            // %DEEP%: a server property 125 arrays deep, 128 levels with the file's object: past serde_json's limit that 1.0.62-1.0.65
            // apply to "mcpServers" (helper-268 d2.jsonl).
            text = text.Replace("%DEEP%", new string('[', 125) + new string(']', 125));
            text = text.Replace("@", "\"teleport-mcp-files\":{" + Tsh + "}");
            var env = FakeEnv.Linux().File(UserFile, text).File("/usr/bin/tsh").File(ProjectFile, "{\"mcpServers\":{\"teleport-mcp-api\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"api\"]}}}")
                .Dir("/home/alice/src/api/.git");
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Paths = new[] { UserFile, ProjectFile }, SkipSession = true, ProjectDirectory = "/home/alice/src/api" });
            var parse = Assert.Single(r, x => x.Check == ClientChecks.ConfigParse && x.ConfigPath == UserFile);
            Assert.Equal(status, parse.Status);
            // A project entry: Copilot CLI loads no server at all when it refuses the user file.
            var project = Assert.Single(r, x => x.Check == ClientChecks.Approval && x.Entry == "teleport-mcp-api" && x.Message.Contains(UserFile));
            Assert.Equal(status, project.Status);
            if (status == CheckStatus.Indeterminate)
            {
                // Each group of releases as ReleaseVerdict names it (CopilotCliStarts.UserFileRefusal).
                Assert.Contains("; 1.0.102 and later refuse " + UserFile, parse.Message, StringComparison.Ordinal);
                const string takenBy = "; 1.0.66 to 1.0.92 take it: their // comment runs past the lone carriage return";
                Assert.Contains(takenBy, parse.Message, StringComparison.Ordinal);
                Assert.Contains("lone carriage return at " + UserFile + ":", parse.Message, StringComparison.Ordinal);
                // Releases before 1.0.62 (CopilotCliReleases.UserFile, helper-283's table): not 1.0.102's refusal (session 44 mend).
                Assert.Contains("Copilot CLI 0.0.340 to 0.0.411 read it with JSON.parse and refuse it (", parse.Message, StringComparison.Ordinal);
                Assert.Contains("; 0.0.414 to 1.0.61 read it error-tolerantly (jsonc-parser)", parse.Message, StringComparison.Ordinal);
                Assert.Contains("; 0.0.414 to 1.0.61 read it error-tolerantly (jsonc-parser) and load the servers of what they recover when those are valid (measured: a truncated file, trailing text, NaN, hex or a single-quoted string as a root property taken; a single-quoted server value refused) (they end the // comment at the lone carriage return, as 1.0.102 does)", parse.Message, StringComparison.Ordinal);
                Assert.Contains(takenBy, project.Message, StringComparison.Ordinal);
                if (earliestRefuses == null)
                    Assert.Contains("; 1.0.62 to 1.0.65 take it: their // comment runs past the lone carriage return", parse.Message, StringComparison.Ordinal);
                else
                    Assert.Contains("; 1.0.62 to 1.0.65 read the comment so too, and refuse the file for " + earliestRefuses, parse.Message, StringComparison.Ordinal);
            }
            else
                Assert.Contains("Copilot CLI refuses it too", parse.Message, StringComparison.Ordinal);
        }

        // Copilot CLI's readers before 1.0.62 (CopilotCliReleases.UserFile; docs/teleport-facts.md session 44, helper-283's table):
        // @github/copilot@0.0.340 to @0.0.411 read the user file with JSON.parse, @0.0.414 to @1.0.61 with jsonc-parser
        // without its error list (error-tolerant), @1.0.46 and later re-read it with serde_json. Each row's text measured with
        // each release's own "mcp" store load() (helper-283's harness /tmp/h283/h.mjs, run by helper-285 on /tmp/h285/rows.jsonl,
        // with and without "tools"): @0.0.340, @0.0.399 and @0.0.411 refuse the first seven (JSON.parse), @0.0.414, @1.0.44 and
        // @1.0.61 load the Teleport entry, @1.0.62 refuses; the last (valid to JavaScript) @0.0.411 to @1.0.44 load it
        // (@0.0.340 and @0.0.399 too when the entry has "tools"), @1.0.61 and @1.0.62 refuse. Not a Fail: the release decides.
        [Theory]
        [InlineData("{\"mcpServers\":{@}", "unexpected end of input", false)]
        [InlineData("{\"mcpServers\":{@}} x", "after the JSON value", false)]
        [InlineData("{\"mcpServers\":{@},\"x\":NaN}", "a value was expected", false)]
        [InlineData("# c\n{\"mcpServers\":{@}}", "", false)]
        [InlineData("{\"mcpServers\":{@} // c\rx\ngarbage}", "", false)]
        [InlineData("{$a:1,\"mcpServers\":{@} // c\rgarbage\n}", "", false)]
        [InlineData("{\"mcpServers\":{@} // c\r\ngarbage\n}", "", false)]
        [InlineData("{\"mcpServers\":{@},\"x\":\"\\ud83d\"}", "lone surrogate", true)]
        public void A_user_file_releases_before_1_0_62_read_otherwise_is_indeterminate(string text, string detail, bool validToJavaScript)
        {
            text = text.Replace("@", "\"teleport-mcp-files\":{" + Tsh + "}");
            var env = FakeEnv.Linux().File(UserFile, text).File("/usr/bin/tsh").File(ProjectFile, "{\"mcpServers\":{\"teleport-mcp-api\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"api\"]}}}")
                .Dir("/home/alice/src/api/.git");
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Paths = new[] { UserFile, ProjectFile }, SkipSession = true, ProjectDirectory = "/home/alice/src/api" });
            var parse = Assert.Single(r, x => x.Check == ClientChecks.ConfigParse && x.ConfigPath == UserFile);
            var project = Assert.Single(r, x => x.Check == ClientChecks.Approval && x.Entry == "teleport-mcp-api" && x.Message.Contains(UserFile));
            string[] says = validToJavaScript
                ? new[] { "Copilot CLI 0.0.340 to 1.0.45 read it with JavaScript only", "; 1.0.46 and later re-read it with serde_json and refuse it" }
                : new[] { "Copilot CLI 0.0.340 to 0.0.411 read it with JSON.parse and refuse it", "; 0.0.414 to 1.0.61 read it error-tolerantly (jsonc-parser)", "; 1.0.62 and later refuse it" };
            foreach (var row in new[] { parse, project })
            {
                Assert.Equal(CheckStatus.Indeterminate, row.Status);
                Assert.Contains("depends on its release", row.Message, StringComparison.Ordinal);
                Assert.Contains(detail, row.Message, StringComparison.Ordinal);
                foreach (var s in says) Assert.Contains(s, row.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("refuses it too", row.Message, StringComparison.Ordinal);
            }
        }

        // A lone-CR comment in a file both grammars take (measured with every release 1.0.66-1.0.92 and 1.0.102, /tmp/h231 t4
        // cr_valid_prop and cr_valid_env): the older releases do not read what lies between the CR and the next line feed, so
        // they keep fewer servers, or read an entry without a value 1.0.102 skips it for. Not a refusal; the release decides.
        [Theory]
        [InlineData("{\"mcpServers\":{@, // c\r\"u\":{\"command\":\"y\"},\n\"ok\":{\"command\":\"z\"}}}", "so they do not load the server \"u\")")]
        [InlineData("{\"mcpServers\":{\"teleport-mcp-files\":{" + Tsh + " // c\r,\"env\":{\"A\":1}\n}}}", "so they read the server \"teleport-mcp-files\" without that text)")]
        [InlineData("{\"mcpServers\":{@, // c\r\"u\":{\"command\":\"y\"},\n\"ok\":{\"command\":\"z\"}}, // d\r\"x\":1,\n\"y\":2}", "so they do not load the server \"u\")")]
        [InlineData("{\"mcpServers\":{@}, // c\r\"x\":1,\n\"y\":2}", "so they read the same MCP servers)")]
        public void A_lone_CR_comment_both_readings_take_names_what_older_releases_read(string text, string says)
        {
            text = text.Replace("@", "\"teleport-mcp-files\":{" + Tsh + "}");
            var r = CheckUserFile(text);
            var parse = Assert.Single(r, x => x.Check == ClientChecks.ConfigParse);
            Assert.Equal(CheckStatus.Indeterminate, parse.Status);
            Assert.Contains("a // comment ended by a lone carriage return (Copilot CLI 1.0.66 to 1.0.92 take the file too, but their comment runs past the carriage return to the next line feed, " + says, parse.Message, StringComparison.Ordinal);
            Assert.Contains("1.0.102 ends the comment there", parse.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("refuse the file", parse.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("mcpServers: Required", parse.Message, StringComparison.Ordinal);
            Assert.Equal(UserFile + ":1:", parse.Location!.Substring(0, UserFile.Length + 3));
        }

        // The Teleport entry's own rows in such a file (measured, /tmp/h231 t4 cr_valid_env and cr_valid_prop with 1.0.66-1.0.92 and
        // 1.0.102): where the two readings give the entry another verdict, one Indeterminate row names both; the same verdict keeps
        // 1.0.102's rows. null: no such row.
        [Theory]
        // 1.0.102 skips the entry for the env after the CR; the older releases load it without.
        [InlineData("{\"mcpServers\":{\"teleport-mcp-files\":{" + Tsh + " // c\r,\"env\":{\"A\":1}\n}}}", "Copilot CLI 1.0.66 to 1.0.92 run the comment to the next line feed and load it without the text after the carriage return; 1.0.102 and later end the comment there and do not load it (\"env.A: Expected string\" at line 1, column 113)", false)]
        // 1.0.102 loads the entry after the CR; it lies inside the older releases' comment.
        [InlineData("{\"mcpServers\":{\"ok\":{\"command\":\"z\"}, // c\r\"teleport-mcp-files\":{" + Tsh + "},\n\"x\":{\"command\":\"y\"}}}", "Copilot CLI 1.0.66 to 1.0.92 run the comment to the next line feed and do not load it: it lies inside their comment; 1.0.102 and later end the comment there and load it", true)]
        // Both take the file, but the older reading puts the entry under "x" (its comment covers the '}' that ends "x" for 1.0.102),
        // not in its comment (measured, /tmp/h261 cr.jsonl item4_moved: 1.0.66-1.0.92 load no server, 1.0.102 loads it).
        [InlineData("{\"mcpServers\":{},\"x\":{// c\r},\"mcpServers\":{\n\"teleport-mcp-files\":{" + Tsh + "}}}", "Copilot CLI 1.0.66 to 1.0.92 run the comment to the next line feed and do not load it: their comment covers text before it, so in their reading it is not a server under \"mcpServers\"; 1.0.102 and later end the comment there and load it", true)]
        // Both load it, with other tools.
        [InlineData("{\"mcpServers\":{\"teleport-mcp-files\":{" + Tsh + " // c\r,\"tools\":[\"a\"]\n}}}", "Copilot CLI 1.0.66 to 1.0.92 run the comment to the next line feed and load it without the text after the carriage return; 1.0.102 and later end the comment there and load it", true)]
        // Both drop it (1.0.102 for cwd, the older releases for env): 1.0.102's Fail stands.
        [InlineData("{\"mcpServers\":{\"teleport-mcp-files\":{" + Tsh + ",\"env\":{\"A\":1} // c\r,\"cwd\":1\n}}}", null, false)]
        // The entry lies before the CR, read alike.
        [InlineData("{\"mcpServers\":{\"teleport-mcp-files\":{" + Tsh + "}, // c\r\"u\":{\"command\":\"y\"},\n\"ok\":{\"command\":\"z\"}}}", null, true)]
        public void A_lone_CR_comment_both_readings_take_the_Teleport_entry_by_both(string text, string says, bool checkedOn)
        {
            var r = CheckUserFile(text);
            var rows = r.Where(x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.Message.Contains("read this entry otherwise")).ToList();
            if (says == null)
                Assert.Empty(rows);
            else
            {
                var row = Assert.Single(rows);
                Assert.Equal(CheckStatus.Indeterminate, row.Status);
                Assert.True(row.Message.Contains(says, StringComparison.Ordinal), row.Message);
                Assert.StartsWith(UserFile + ":1:", row.Location, StringComparison.Ordinal);
                Assert.DoesNotContain(r, x => x.Entry == "teleport-mcp-files" && x.Check == ClientChecks.ConfigInUse && x.Status == CheckStatus.Fail);
            }
            Assert.Equal(checkedOn, r.Any(x => x.Entry == "teleport-mcp-files" && x.Check == ClientChecks.Command));
            if (says == null && !checkedOn)
                Assert.Contains(r, x => x.Entry == "teleport-mcp-files" && x.Check == ClientChecks.ConfigInUse && x.Status == CheckStatus.Fail);
        }

        // Many Teleport entries after the CR, inside the older releases' comment: each gets its row, and the older reading's
        // comments are found once for the file (each entry re-parsed the whole file: entries x file size).
        [Fact]
        public void A_lone_CR_comment_over_many_entries_is_read_for_the_older_comments_once()
        {
            const int n = 300;
            var b = new System.Text.StringBuilder("{\"mcpServers\":{\"ok\":{\"command\":\"z\"}, // c\r");
            for (int i = 0; i < n; i++) b.Append("\"teleport-mcp-a").Append(i).Append("\":{").Append(Tsh).Append("},");
            b.Append("\n\"x\":{\"command\":\"y\"}}}");
            var counts = TeleportMcp.Engine.Json.ParseCounter.Start();
            var r = CheckUserFile(b.ToString());
            Assert.Equal(n, r.Count(x => x.Check == ClientChecks.ConfigInUse && x.Message.Contains("do not load it: it lies inside their comment", StringComparison.Ordinal)));
            Assert.Equal(1, counts[TeleportMcp.Engine.Json.ParseCounter.OlderCopilotComments]);
        }

        // A Teleport entry only the older reading holds (measured, /tmp/h261 cr.jsonl: 1.0.66-1.0.92 load it, 1.0.102 holds it under
        // "x"; with "disabled":1 1.0.81 and later drop it; with "cwd":1 every release drops it). null: no such row.
        [Theory]
        [InlineData("{\"mcpServers\":{// c\r},\"x\":{\n\"teleport-mcp-files\":{" + Tsh + "}}}", "Copilot CLI 1.0.66 to 1.0.92 run the comment to the next line feed and load it; 1.0.102 and later end the comment there and do not hold it as a server under \"mcpServers\";")]
        [InlineData("{\"mcpServers\":{// c\r},\"x\":{\n\"teleport-mcp-files\":{" + Tsh + ",\"disabled\":1}}}", "run the comment to the next line feed and read it, and some of them do not load it (\"disabled: Expected boolean")]
        [InlineData("{\"mcpServers\":{// c\r},\"x\":{\n\"teleport-mcp-files\":{" + Tsh + ",\"cwd\":1}}}", null)]
        public void A_lone_CR_comment_server_only_the_older_reading_holds_gets_a_row(string text, string says)
        {
            var r = CheckUserFile(text);
            var rows = r.Where(x => x.Entry == "teleport-mcp-files").ToList();
            if (says == null)
            {
                Assert.Empty(rows);
                return;
            }
            var row = Assert.Single(rows);
            Assert.Equal(ClientChecks.ConfigInUse, row.Check);
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.True(row.Message.Contains(says, StringComparison.Ordinal), row.Message);
            // Session 48 (helper-336): the row goes through ReleaseVerdict.Decide (its unknown-release words, then "not checked further").
            Assert.Contains("which release runs here is not known to this check (no Copilot CLI log here names its release), and the entry is not checked further", row.Message, StringComparison.Ordinal);
            Assert.Equal(UserFile + ":1:20", row.Location);
        }

        // Releases before 1.0.62 on their own reader (helper-298; each release's own "mcp" store load(), helper-283's harness
        // /tmp/h283/h.mjs): Data/Clients/copilot-cli-before-1.0.62.jsonl holds 54 user files, each with the releases that refused it
        // of @github/copilot@0.0.340, 0.0.351, 0.0.399, 0.0.403, 0.0.406, 0.0.410, 0.0.411, 0.0.414, 0.0.417, 0.0.420, 0.0.423, 1.0.20,
        // 1.0.30, 1.0.34, 1.0.35, 1.0.45, 1.0.47, 1.0.61 and 1.0.62. Every file the module parses is refused by exactly the releases
        // its model says: JSON.parse's (CopilotCliReleases NotStrictJson) and the entry rules only older releases apply (an entry
        // without "tools" to 0.0.403, a name outside [0-9A-Za-z_-] to 0.0.417, outside [0-9A-Za-z_.@-] with inner '/' to 1.0.34).
        private static readonly string[] Before1062 =
            { "0.0.340", "0.0.351", "0.0.399", "0.0.403", "0.0.406", "0.0.410", "0.0.411", "0.0.414", "0.0.417", "0.0.420", "0.0.423", "1.0.20", "1.0.30", "1.0.34", "1.0.35", "1.0.45", "1.0.47", "1.0.61", "1.0.62" };

        [Fact]
        public void Every_measured_file_before_1_0_62_is_refused_by_the_releases_that_refused_it()
        {
            var wrong = new List<string>();
            int parsed = 0, refusals = 0;
            foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "Clients", "copilot-cli-before-1.0.62.jsonl")))
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                string name = r.GetProperty("case").GetString();
                var refused = r.GetProperty("refusedBy").EnumerateArray().Select(x => x.GetString()).ToHashSet();
                var f = McpConfigReader.ReadText(ClientChecker.GuessCandidate(OsKind.Linux, UserFile), r.GetProperty("text").GetString(), OsKind.Linux);
                if (f.Error != null) continue; // text the module refuses: CopilotCliReleases.UserFile, not this model
                parsed++;
                bool jsonc = f.ByteOrderMark || f.Extensions.Count > 0;
                // What 0.0.414 to 1.0.61's error-tolerant reader recovers of a property the module ignores (single quotes) is not modelled
                // (CopilotCliReleases NotJson, MayTake); 1.0.62 to 1.0.65 refuse the file for it (JsonParser.EarliestLoaderRefuses).
                bool ignored = f.Extensions.Any(x => x.What.Contains(TeleportMcp.Engine.Json.JsonParser.Ignored, StringComparison.Ordinal));
                bool earliest = f.Extensions.Any(x => TeleportMcp.Engine.Json.JsonParser.EarliestLoaderRefuses(x.What));
                foreach (var release in Before1062)
                {
                    var v = Version.Parse(release);
                    if (ignored && v >= new Version(0, 0, 414) && v <= new Version(1, 0, 61)) continue;
                    var entry = f.Entries.Select(e => RefusedBy(CopilotCliSchema.Check(e), release)).FirstOrDefault(d => d != null);
                    bool here = (jsonc && CopilotCliReleases.Refuses(CopilotCliUserRefusal.NotStrictJson, v)) || entry != null || (earliest && v >= new Version(1, 0, 62));
                    if (refused.Contains(release)) refusals++;
                    if (here != refused.Contains(release)) wrong.Add(name + ": " + release + (refused.Contains(release) ? " refused it, here taken" : " took it, here refused" + (entry != null ? " for " + entry.Message : "")));
                }
            }
            Assert.True(wrong.Count == 0, string.Join("\n", wrong));
            Assert.Equal(54, parsed);
            Assert.True(refusals > 300, refusals.ToString(CultureInfo.InvariantCulture));
        }

        // The rows of those rules: the user file's entry is Indeterminate, naming the releases that refuse the whole file and the first
        // that loads it; a project file (which those releases do not read, or read without the rule) gets no such row.
        [Theory]
        [InlineData("teleport-mcp-files", Tsh, "Copilot CLI 0.0.403 and earlier refuse this whole file, this entry included: tools: Required at line 2, column 22; 0.0.406 and later load the entry", "Add \"tools\": [\"*\"]")]
        [InlineData("teleport-mcp-my.files", TshTools, "Copilot CLI 0.0.417 and earlier refuse this whole file, this entry included: MCP server name must only contain alphanumeric characters, underscores, and hyphens at line 2, column 25; 0.0.420 and later load the entry", "ASCII letters, digits, '_' and '-'")]
        // Several older-only rules broken: each named with its bound (review 302 finding 4; was "0.0.417 and earlier refuse ..." naming the name rule only).
        [InlineData("teleport-mcp-my.files", Tsh, "Copilot CLI 0.0.403 and earlier refuse this whole file, this entry included: MCP server name must only contain alphanumeric characters, underscores, and hyphens at line 2, column 25, and tools: Required at line 2, column 25; 0.0.406 to 0.0.417 refuse this whole file, this entry included: MCP server name must only contain alphanumeric characters, underscores, and hyphens at line 2, column 25; 0.0.420 and later load the entry", "ASCII letters")]
        [InlineData("teleport mcp:files", TshTools, "Copilot CLI 0.0.417 and earlier refuse this whole file, this entry included: MCP server name must only contain alphanumeric characters, underscores, and hyphens at line 2, column 22, and MCP server name must only contain alphanumeric characters, dots, slashes, @, underscores, and hyphens, and must not start or end with a slash or contain consecutive slashes at line 2, column 22; 0.0.420 to 1.0.34 refuse this whole file, this entry included: MCP server name must only contain alphanumeric characters, dots, slashes, @, underscores, and hyphens, and must not start or end with a slash or contain consecutive slashes at line 2, column 22; 1.0.35 and later load the entry", "single inner '/'")]
        [InlineData("téléport-files", Tsh, "Copilot CLI 0.0.403 and earlier refuse this whole file", "single inner '/'")]
        [InlineData("teleport-mcp/files", TshTools, "Copilot CLI 0.0.417 and earlier refuse this whole file", "ASCII letters")]
        public void A_user_file_entry_only_releases_before_1_0_35_refuse_is_indeterminate(string name, string entry, string says, string fix)
        {
            string text = "{\"mcpServers\":{\n\"" + name + "\":{" + entry + "}\n}}";
            foreach (var path in new[] { UserFile, ProjectFile })
            {
                var env = FakeEnv.Linux().File(path, text).File("/usr/bin/tsh").Dir("/home/alice/src/api/.git");
                var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Paths = new[] { path }, SkipSession = true });
                var rows = r.Where(x => x.Check == ClientChecks.ConfigInUse && x.Entry == name && x.Message.Contains("refuse this whole file", StringComparison.Ordinal)).ToList();
                Assert.Contains(r, x => x.Entry == name && x.Check == ClientChecks.Command); // the newest load it: checked on
                if (path == ProjectFile)
                {
                    Assert.Empty(rows);
                    continue;
                }
                var row = Assert.Single(rows);
                Assert.Equal(CheckStatus.Indeterminate, row.Status);
                Assert.True(row.Message.Contains(says, StringComparison.Ordinal), row.Message);
                Assert.Contains("which release runs here is not known to this check", row.Message, StringComparison.Ordinal);
                Assert.Contains(fix, row.Fix, StringComparison.Ordinal);
                Assert.StartsWith(UserFile + ":2:", row.Location, StringComparison.Ordinal);
            }
        }
    }
}
