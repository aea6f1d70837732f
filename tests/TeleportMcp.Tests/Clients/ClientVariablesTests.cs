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
    /// Each client's expansion of ${...} in an entry, applied before the entry is checked: Claude Code ${VAR} and
    /// ${VAR:-default} (code.claude.com/docs/en/mcp; an unset variable stays as written), VS Code ${env:VAR}, ${userHome},
    /// ${workspaceFolder} (mcpRegistry.ts _replaceVariablesInLaunch), Windsurf ${env:VAR} (docs "Config Interpolation"), Cursor
    /// ${env:NAME}, ${userHome}, ${workspaceFolder} and the separators (cursor.com/docs/mcp "Config interpolation");
    /// clients whose expansion is not confirmed leave the check Indeterminate.
    /// </summary>
    public class ClientVariablesTests
    {
        private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-27T20:00:00Z", CultureInfo.InvariantCulture);

        private static FakeEnv Env()
        {
            var env = FakeEnv.Linux().File("/opt/teleport/bin/tsh").File("/usr/bin/tsh").File("/home/alice/bin/tsh").File("/home/alice/src/api/bin/tsh")
                .Dir("/home/alice/.tsh").File("/home/alice/.tsh/teleport.example.com.yaml");
            env.Vars["HOME"] = "/home/alice";
            env.Vars["TSHDIR"] = "/opt/teleport/bin";
            return env;
        }

        private static IReadOnlyList<ClientCheck> Run(FakeEnv env, string path) =>
            ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, Paths = new[] { path }, SkipSession = true });

        private static string Server(string command, string app = "files", string env = null) =>
            "{\"command\":\"" + command + "\",\"args\":[\"mcp\",\"connect\",\"" + app + "\"]" + (env != null ? ",\"env\":{" + env + "}" : "") + "}";

        // path, server map key, command, expected Command status, text the message contains
        [Theory]
        [InlineData("/home/alice/src/api/.mcp.json", "mcpServers", "${TSHDIR}/tsh", CheckStatus.Pass, "which is \"/opt/teleport/bin/tsh\": Claude Code expands ${VAR}")]
        [InlineData("/home/alice/src/api/.mcp.json", "mcpServers", "${HOME}/bin/tsh", CheckStatus.Pass, "tsh exists at /home/alice/bin/tsh")]
        [InlineData("/home/alice/.claude.json", "mcpServers", "${NOPE:-/usr/bin}/tsh", CheckStatus.Pass, "tsh exists at /usr/bin/tsh")]
        [InlineData("/home/alice/src/api/.mcp.json", "mcpServers", "${NOPE}/tsh", CheckStatus.Fail, "${NOPE} is not set in this shell, so it stays as written")]
        [InlineData("/home/alice/src/api/.mcp.json", "mcpServers", "$TSHDIR/tsh", CheckStatus.Fail, "does not exist")]   // only the braced form expands
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "servers", "${userHome}/bin/tsh", CheckStatus.Pass, "tsh exists at /home/alice/bin/tsh")]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "servers", "${env:TSHDIR}/tsh", CheckStatus.Pass, "tsh exists at /opt/teleport/bin/tsh")]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "servers", "${workspaceFolder}/bin/tsh", CheckStatus.Pass, "tsh exists at /home/alice/src/api/bin/tsh")]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "servers", "${env:TSHDIR:ignored}/tsh", CheckStatus.Pass, "tsh exists at /opt/teleport/bin/tsh")]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "servers", "${env:NOPE}/usr/bin/tsh", CheckStatus.Pass, "tsh exists at /usr/bin/tsh")]   // unset is ''
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "servers", "${env:}/usr/bin/tsh", CheckStatus.Indeterminate, "no variable name")]
        [InlineData("/home/alice/.config/Code/User/mcp.json", "servers", "${workspaceFolder}/bin/tsh", CheckStatus.Indeterminate, "the folder VS Code has open")]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "servers", "${input:tsh}/tsh", CheckStatus.Indeterminate, "VS Code asks for ${input:tsh}")]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "servers", "${config:tsh.dir}/tsh", CheckStatus.Indeterminate, "from its own state")]
        [InlineData("/home/alice/.codeium/windsurf/mcp_config.json", "mcpServers", "${env:TSHDIR}/tsh", CheckStatus.Pass, "Windsurf expands ${env:VAR}")]
        [InlineData("/home/alice/.codeium/windsurf/mcp_config.json", "mcpServers", "${env:NOPE}/tsh", CheckStatus.Indeterminate, "is not set is not confirmed")]
        [InlineData("/home/alice/.codeium/windsurf/mcp_config.json", "mcpServers", "${TSHDIR}/tsh", CheckStatus.Indeterminate, "not a form Windsurf documents")]
        // cursor.com/docs/mcp "Config interpolation": ${env:NAME}, ${userHome}, ${workspaceFolder} ("the folder that contains
        // .cursor/mcp.json"), ${workspaceFolderBasename}, ${pathSeparator} and ${/}; an unset variable is not documented.
        [InlineData("/home/alice/src/api/.cursor/mcp.json", "mcpServers", "${env:TSHDIR}/tsh", CheckStatus.Pass, "which is \"/opt/teleport/bin/tsh\": Cursor expands ${env:NAME}")]
        [InlineData("/home/alice/src/api/.cursor/mcp.json", "mcpServers", "${env:NOPE}/tsh", CheckStatus.Indeterminate, "what Cursor does with ${env:NOPE} when the variable is not set is not documented")]
        [InlineData("/home/alice/src/api/.cursor/mcp.json", "mcpServers", "${workspaceFolder}/bin/tsh", CheckStatus.Pass, "tsh exists at /home/alice/src/api/bin/tsh")]
        [InlineData("/home/alice/.cursor/mcp.json", "mcpServers", "${userHome}/bin/tsh", CheckStatus.Pass, "tsh exists at /home/alice/bin/tsh")]
        [InlineData("/home/alice/.cursor/mcp.json", "mcpServers", "${workspaceFolder}/bin/tsh", CheckStatus.Indeterminate, "the project root Cursor has open")]
        [InlineData("/home/alice/.cursor/mcp.json", "mcpServers", "${/}usr${pathSeparator}bin${/}tsh", CheckStatus.Pass, "tsh exists at /usr/bin/tsh")]
        [InlineData("/home/alice/src/api/.cursor/mcp.json", "mcpServers", "${TSHDIR}/tsh", CheckStatus.Indeterminate, "${TSHDIR} is not a form Cursor documents")]
        [InlineData("/home/alice/.config/Claude/claude_desktop_config.json", "mcpServers", "${HOME}/bin/tsh", CheckStatus.Indeterminate, "whether Claude Desktop expands ${HOME} is not confirmed")]
        [InlineData("/home/alice/.config/zed/settings.json", "context_servers", "${HOME}/bin/tsh", CheckStatus.Indeterminate, "whether Zed expands ${HOME} is not confirmed")]
        public void The_command_is_checked_as_the_client_expands_it(string path, string key, string command, CheckStatus status, string contains)
        {
            var env = Env().File(path, "{\"" + key + "\":{\"teleport-mcp-files\":" + Server(command) + "}}");
            var cmd = Assert.Single(Run(env, path), c => c.Check == ClientChecks.Command);
            Assert.Equal(status, cmd.Status);
            Assert.Contains(contains, cmd.Message, StringComparison.Ordinal);
        }

        // path, server map key: ${userHome} with no home folder known here
        [Theory]
        // microsoft/vscode src/vs/workbench/services/configurationResolver/common/variableResolver.ts: no userHome is an error, not ''.
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "servers")]
        // cursor.com/docs/mcp "Config interpolation" names ${userHome}; what Cursor does without a home is not documented.
        [InlineData("/home/alice/.cursor/mcp.json", "mcpServers")]
        public void User_home_is_not_known_without_a_home_folder(string path, string key)
        {
            var env = new FakeEnv(OsKind.Linux, "", "/home/alice/src/api").File("/home/alice/bin/tsh");
            env.File(path, "{\"" + key + "\":{\"teleport-mcp-files\":" + Server("${userHome}/bin/tsh") + "}}");
            var cmd = Assert.Single(Run(env, path), c => c.Check == ClientChecks.Command);
            Assert.Equal(CheckStatus.Indeterminate, cmd.Status);
            Assert.Contains("${userHome} is the home folder", cmd.Message, StringComparison.Ordinal);
            Assert.Contains("which this check does not know (neither HOME nor the user profile folder is set here)", cmd.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("${input:tsh}", "VS Code asks for ${input:tsh}")]
        [InlineData("${config:tsh.path}", "VS Code resolves ${config:tsh.path} from its own state")]
        public void A_command_the_client_fills_in_is_not_known_rather_than_not_Teleport(string command, string why)
        {
            const string path = "/home/alice/src/api/.vscode/mcp.json";
            var env = Env().File(path, "{\"servers\":{\"teleport-mcp-files\":" + Server(command) + "}}");
            var shape = Assert.Single(Run(env, path), c => c.Check == ClientChecks.EntryShape);
            Assert.Equal(CheckStatus.Indeterminate, shape.Status);
            Assert.Contains(why, shape.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_variable_that_names_tsh_itself_is_recognised_as_a_Teleport_entry()
        {
            // Before the expansion the command "${TSH}" is not tsh at all, and the entry was not checked.
            var env = Env();
            env.Vars["TSH"] = "/opt/teleport/bin/tsh";
            const string path = "/home/alice/src/api/.mcp.json";
            env.File(path, "{\"mcpServers\":{\"teleport-mcp-files\":" + Server("${TSH}") + "}}");
            var r = Run(env, path);
            var cmd = Assert.Single(r, c => c.Check == ClientChecks.Command);
            Assert.Equal(CheckStatus.Pass, cmd.Status);
            Assert.Equal("files", cmd.App);
        }

        [Fact]
        public void Teleport_home_is_checked_as_expanded_and_an_unknown_one_is_indeterminate()
        {
            const string claude = "/home/alice/src/api/.mcp.json";
            var env = Env().File(claude, "{\"mcpServers\":{\"teleport-mcp-files\":" + Server("/usr/bin/tsh", env: "\"TELEPORT_HOME\":\"${HOME}/.tsh\"") + "}}");
            var home = Assert.Single(Run(env, claude), c => c.Check == ClientChecks.TeleportHome);
            Assert.Equal(CheckStatus.Pass, home.Status);
            Assert.StartsWith("TELEPORT_HOME /home/alice/.tsh (written as \"${HOME}/.tsh\"", home.Message, StringComparison.Ordinal);

            const string vscode = "/home/alice/src/api/.vscode/mcp.json";
            env = Env().File(vscode, "{\"servers\":{\"teleport-mcp-files\":" + Server("/usr/bin/tsh", env: "\"TELEPORT_HOME\":\"${input:home}\"") + "}}");
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, Paths = new[] { vscode } });
            home = Assert.Single(r, c => c.Check == ClientChecks.TeleportHome);
            Assert.Equal(CheckStatus.Indeterminate, home.Status);
            Assert.Contains("VS Code asks for ${input:home}", home.Message, StringComparison.Ordinal);
            // tsh is not run with a home the client would not use.
            var session = Assert.Single(r, c => c.Check == ClientChecks.Session);
            Assert.Equal(CheckStatus.Indeterminate, session.Status);
            Assert.Contains("TELEPORT_HOME (VS Code asks for ${input:home}", session.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void An_app_name_the_client_asks_for_is_indeterminate()
        {
            const string path = "/home/alice/src/api/.vscode/mcp.json";
            var env = Env().File(path, "{\"servers\":{\"teleport-mcp-files\":" + Server("/usr/bin/tsh", app: "${input:app}") + "}}");
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, Paths = new[] { path }, SkipSession = true, Apps = new List<TeleportMcp.App>() });
            var app = Assert.Single(r, c => c.Check == ClientChecks.App);
            Assert.Equal(CheckStatus.Indeterminate, app.Status);
            Assert.Contains("VS Code asks for ${input:app}", app.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("true", CheckStatus.Indeterminate)]
        [InlineData("false", null)]
        [InlineData("\"true\"", null)]   // a string is not Zed's bool (serde refuses it; not this check's question)
        public void A_zed_server_run_on_the_remote_host_says_the_local_checks_may_not_apply(string remote, CheckStatus? expected)
        {
            // zed-industries/zed crates/settings_content/src/project.rs ContextServerSettingsContent::Stdio remote.
            const string path = "/home/alice/.config/zed/settings.json";
            var env = Env().File(path, "{\"context_servers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"remote\":" + remote + "}}}");
            var r = Run(env, path);
            var shape = r.Where(c => c.Check == ClientChecks.EntryShape).ToList();
            if (expected == null) { Assert.Empty(shape); return; }
            Assert.Equal(expected, Assert.Single(shape).Status);
            Assert.Contains("remote host", shape[0].Message, StringComparison.Ordinal);
            Assert.Equal(CheckStatus.Pass, Assert.Single(r, c => c.Check == ClientChecks.Command).Status);
        }

        [Theory]
        // JavaScript split(':-', 2): the default ends at a second ":-".
        [InlineData("${NOPE:-a:-b}", "a")]
        [InlineData("${HOME:-x}", "/home/alice")]
        [InlineData("${EMPTY:-x}", "")]          // set but empty is set
        [InlineData("pre-${HOME}-${HOME}", "pre-/home/alice-/home/alice")]
        [InlineData("${}", "${}")]
        [InlineData("${A=B:-d}", "d")]   // no environment holds a name with '='
        [InlineData("${:-d}", "d")]
        public void Claude_code_expansion(string written, string expected)
        {
            var env = Env();
            env.Vars["EMPTY"] = "";
            var candidate = new ClientConfigCandidate { Client = ClientNames.ClaudeCode, Scope = ConfigScope.Project, Path = "/home/alice/src/api/.mcp.json", Shape = ConfigShape.McpServers };
            var entry = new McpServerEntry { Name = "x", Command = "/usr/bin/tsh" };
            entry.Args.Add(written);
            var expanded = ClientVariables.For(candidate, env).Apply(entry);
            Assert.Equal(expected, expanded.Args[0]);
            Assert.Same(entry, expanded.Variables.Written);
            Assert.Equal(written, entry.Args[0]);   // the written entry is untouched
        }
    }
}
