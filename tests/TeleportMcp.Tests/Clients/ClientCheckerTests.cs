using System;
using System.Globalization;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    public class ClientCheckerTests
    {
        private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-27T20:00:00Z", CultureInfo.InvariantCulture);
        private const string Roaming = @"C:\Users\alice\AppData\Roaming\Claude\claude_desktop_config.json";
        private const string Package = @"C:\Users\alice\AppData\Local\Packages\Claude_pzs8sxrjxfjjc";
        private const string Packaged = Package + @"\LocalCache\Roaming\Claude\claude_desktop_config.json";
        private const string TshExe = @"C:\Program Files\Teleport\tsh.exe";

        private static IReadOnlyList<ClientCheck> Run(FakeEnv env, FakeRunner runner = null, Action<ClientCheckOptions> more = null)
        {
            var o = new ClientCheckOptions { Environment = env, Runner = runner ?? FakeRunner.Active(), Now = Now };
            more?.Invoke(o);
            return ClientChecker.Run(o);
        }

        // A VS Code file holding the text, '@' replaced by a Teleport entry that runs tsh mcp connect files: every check, and
        // its ConfigParse.
        private static (IReadOnlyList<ClientCheck> All, ClientCheck Parse) ReadVsCodeFile(string path, string text)
        {
            text = text.Replace("@", "\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}");
            var env = FakeEnv.Linux().File(path, text).File("/usr/bin/tsh");
            var r = Run(env, more: o => { o.Paths = new[] { path }; o.SkipSession = true; });
            return (r, One(r, ClientChecks.ConfigParse));
        }

        private static ClientCheck One(IReadOnlyList<ClientCheck> r, string check, string entry = null) =>
            // A project's .mcp.json is Copilot CLI's file too (CopilotProjectTests): the rows here are the other clients', but
            // for a .github/mcp.json or the user file, which are Copilot CLI's only.
            Assert.Single(r, x => x.Check == check && (x.Client != ClientNames.CopilotCli || EndsWithPath(x.ConfigPath, ".github", "mcp.json")
                || EndsWithPath(x.ConfigPath, ".copilot", "mcp-config.json")) && (entry == null || x.Entry == entry));

        // Whether the path ends in these folders and file, as a Linux or macOS path or as a Windows one (OsPath's separators).
        private static bool EndsWithPath(string path, params string[] tail) =>
            path != null && new[] { OsKind.Linux, OsKind.Windows }.Any(os =>
                path.EndsWith(OsPath.Separator(os) + OsPath.Combine(os, tail[0], tail.Skip(1).ToArray()), os == OsKind.Windows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));

        private static FakeEnv WindowsWithTsh() =>
            FakeEnv.Windows().File(TshExe).Dir(@"C:\Users\alice\.tsh").File(@"C:\Users\alice\.tsh\teleport.example.com.yaml");

        [Fact]
        public void Msix_app_reading_a_missing_file_makes_the_roaming_entries_ignored()
        {
            var env = WindowsWithTsh().DataFile(Roaming, "claude_desktop_config.json").Dir(Package);
            var r = Run(env);
            var inUse = One(r, ClientChecks.ConfigInUse);
            Assert.Equal(CheckStatus.Fail, inUse.Status);
            Assert.Equal(Roaming, inUse.ConfigPath);
            Assert.Contains(Packaged, inUse.Message, StringComparison.Ordinal);
            Assert.Contains("teleport-mcp-files", inUse.Message, StringComparison.Ordinal);
            Assert.StartsWith("Copy-Item", inUse.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.Command); // the ignored file's entries are not checked
        }

        [Fact]
        public void Msix_app_with_both_files_reads_the_packaged_one()
        {
            var env = WindowsWithTsh().DataFile(Roaming, "claude_desktop_config.json").File(Packaged, "{\"mcpServers\":{}}");
            var r = Run(env);
            Assert.Contains(r, x => x.Check == ClientChecks.ConfigInUse && x.ConfigPath == Roaming && x.Status == CheckStatus.Fail && x.Message.Contains("only here"));
            Assert.Contains(r, x => x.Check == ClientChecks.ConfigInUse && x.ConfigPath == Packaged && x.Status == CheckStatus.Pass);
            Assert.Contains(r, x => x.Check == ClientChecks.TeleportEntries && x.Status == CheckStatus.Warn);
        }

        [Fact]
        public void Without_msix_the_roaming_file_is_used_and_checked()
        {
            var r = Run(WindowsWithTsh().DataFile(Roaming, "claude_desktop_config.json"));
            var inUse = One(r, ClientChecks.ConfigInUse);
            Assert.Equal(CheckStatus.Pass, inUse.Status);
            Assert.Contains("classic install", inUse.Message, StringComparison.Ordinal);
            var cmd = One(r, ClientChecks.Command, "teleport-mcp-files");
            Assert.Equal(CheckStatus.Pass, cmd.Status);
            Assert.Equal("Claude Desktop", cmd.Client);
            Assert.Equal("files", cmd.App);
            Assert.Equal(CheckStatus.Pass, One(r, ClientChecks.TeleportHome).Status);
            Assert.Equal(CheckStatus.Pass, One(r, ClientChecks.EntryName).Status);
            Assert.Equal(CheckStatus.Pass, One(r, ClientChecks.ConfigParse).Status);
        }

        [Fact]
        public void Moved_tsh_is_spawn_ENOENT_with_the_new_location_and_the_fix()
        {
            // troubleshoot-tsh-binary-enoent.mdx: the absolute path written by tsh mcp config no longer exists
            var env = FakeEnv.Windows().DataFile(Roaming, "claude_desktop_config.json").File(@"C:\Users\alice\AppData\Local\Teleport\bin\tsh.exe")
                .Dir(@"C:\Users\alice\.tsh").File(@"C:\Users\alice\.tsh\teleport.example.com.yaml");
            env.Vars["PATH"] += @";C:\Users\alice\AppData\Local\Teleport\bin";
            var cmd = One(Run(env), ClientChecks.Command);
            Assert.Equal(CheckStatus.Fail, cmd.Status);
            Assert.Contains("spawn " + TshExe + " ENOENT", cmd.Message, StringComparison.Ordinal);
            Assert.Contains(@"C:\Users\alice\AppData\Local\Teleport\bin\tsh.exe", cmd.Message, StringComparison.Ordinal);
            Assert.StartsWith("tsh mcp config --client-config=claude files", cmd.Fix, StringComparison.Ordinal);
        }

        [Theory]
        // mcp-clients.md 4.1: a Dock-started app gets a short PATH on macOS
        [InlineData("/Users/alice/.cursor/mcp.json", "mcpServers", "/Users/alice/bin", CheckStatus.Fail)]
        [InlineData("/Users/alice/.cursor/mcp.json", "mcpServers", "/usr/local/bin", CheckStatus.Warn)]
        [InlineData("/Users/alice/Library/Application Support/Claude/claude_desktop_config.json", "mcpServers", "/Users/alice/bin", CheckStatus.Fail)]
        // VS Code reads the login shell's environment at launch (microsoft/vscode #1033): the shell PATH, with the generic warning
        [InlineData("/Users/alice/Library/Application Support/Code/User/mcp.json", "servers", "/Users/alice/bin", CheckStatus.Warn)]
        [InlineData("/Users/alice/src/api/.vscode/mcp.json", "servers", "/Users/alice/bin", CheckStatus.Warn)]
        public void Bare_tsh_in_a_gui_client_on_macOS(string file, string key, string tshDir, CheckStatus expected)
        {
            var env = FakeEnv.MacOS().File(file, "{\"" + key + "\":{\"teleport-mcp-files\":{\"type\":\"stdio\",\"command\":\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}")
                .File(tshDir + "/tsh");
            env.Vars["PATH"] = tshDir + ":/usr/bin:/bin";
            var cmd = One(Run(env, more: o => o.Paths = new[] { file }), ClientChecks.Command);
            Assert.Equal(expected, cmd.Status);
            Assert.Equal(expected == CheckStatus.Fail, cmd.Message.Contains("Dock-started", StringComparison.Ordinal));
        }

        [Theory]
        // mcp-clients.md 4.2: Node's spawn without a shell cannot start a .cmd/.bat; through cmd /c it can. [not confirmed] for newer SDKs: Warn.
        [InlineData(@"C:\tools\tsh.cmd", "\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]", CheckStatus.Warn)]
        [InlineData(@"C:\tools\tsh.bat", "\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]", CheckStatus.Warn)]
        [InlineData(@"C:\tools\tsh.cmd", "\"C:\\\\tools\\\\tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]", CheckStatus.Warn)]
        [InlineData(@"C:\tools\tsh.cmd", "\"cmd\",\"args\":[\"/c\",\"tsh\",\"mcp\",\"connect\",\"files\"]", CheckStatus.Pass)]
        [InlineData(@"C:\tools\tsh.exe", "\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]", CheckStatus.Pass)]
        public void A_batch_tsh_needs_cmd_c(string file, string commandAndArgs, CheckStatus expected)
        {
            var env = FakeEnv.Windows().File(@"C:\src\api\.mcp.json", "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":" + commandAndArgs + "}}}").File(file);
            env.Vars["PATH"] = @"C:\tools;" + env.Vars["PATH"];
            var cmd = One(Run(env, more: o => o.SkipSession = true), ClientChecks.Command);
            Assert.Equal(expected, cmd.Status);
            if (expected == CheckStatus.Warn)
            {
                Assert.Contains("batch file " + file, cmd.Message, StringComparison.Ordinal);
                Assert.Contains("ENOENT", cmd.Message, StringComparison.Ordinal);
                Assert.StartsWith("\"command\": \"cmd\", \"args\": [\"/c\", ", cmd.Fix, StringComparison.Ordinal);
                Assert.Contains("\"mcp\", \"connect\", \"files\"]", cmd.Fix, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Bare_tsh_in_claude_code_uses_the_shell_path_and_missing_tsh_fails()
        {
            var env = FakeEnv.Linux().DataFile("/home/alice/src/api/.mcp.json", "project-mcp.json").File("/home/alice/bin/tsh");
            env.Vars["PATH"] = "/home/alice/bin:/usr/bin";
            Assert.Equal(CheckStatus.Pass, One(Run(env), ClientChecks.Command).Status);
            env.Vars["PATH"] = "/usr/bin";
            var r = Run(env);
            Assert.Equal(CheckStatus.Fail, One(r, ClientChecks.Command).Status);
            Assert.Equal(CheckStatus.Fail, One(r, ClientChecks.Session).Status); // no tsh at all
            Assert.Contains("tsh was not found", One(r, ClientChecks.Session).Message, StringComparison.Ordinal);
        }

        [Theory]
        // tsh status (tool/tsh/common/tsh.go @002ee5fe onStatus) says "Not logged in." / "No active profile."; the same home gives
        // tsh mcp connect no profile, and lib/client/api.go @0003e544 NewClient stops it with this BadParameter (TMCP-LOG-160).
        [InlineData("ERROR: Not logged in.\n\n", "")]
        [InlineData("ERROR: No active profile.\n\n", "{\"profiles\":[{\"profile_url\":\"https://teleport.example.com:443\",\"username\":\"alice\",\"cluster\":\"teleport.example.com\",\"kubernetes_enabled\":false,\"valid_until\":\"2099-01-01T00:00:00Z\"}]}")]
        public void Without_a_profile_the_session_says_what_tsh_mcp_connect_prints(string stderr, string stdout)
        {
            var env = FakeEnv.Linux().DataFile("/home/alice/src/api/.mcp.json", "project-mcp.json").File("/usr/bin/tsh");
            var runner = new FakeRunner { Answer = (f, a, h) => new ProcessResult { ExitCode = 1, Stderr = stderr, Stdout = stdout } };
            var session = One(Run(env, runner), ClientChecks.Session);
            Assert.Equal(CheckStatus.Fail, session.Status);
            Assert.Contains("tsh mcp connect stops with \"No proxy address specified, missed --proxy flag?\"", session.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_warning_tsh_writes_on_stdout_fails_the_session_since_tsh_mcp_connect_writes_it_too()
        {
            // tool/tsh/common/tsh.go @002ee5fe loadClientConfigFromCLIConf: fmt.Printf("WARNING: Failed to load tsh profile ...") on
            // stdout in every command makeClient builds; without the profile's proxy, lib/client/api.go NewClient stops next.
            var env = FakeEnv.Linux().DataFile("/home/alice/src/api/.mcp.json", "project-mcp.json").File("/usr/bin/tsh");
            const string warning = "WARNING: Failed to load tsh profile for \"\": unable to parse mfa mode in user profile: x.";
            var runner = new FakeRunner
            {
                Answer = (f, a, h) => a[0] == "status"
                    ? new ProcessResult { ExitCode = 0, Stdout = FakeRunner.Data("tsh-status-active.json") }
                    : new ProcessResult { ExitCode = 1, Stdout = warning + "\n", Stderr = "ERROR: No proxy address specified, missed --proxy flag?\n\n" },
            };
            var r = Run(env, runner);
            var failed = Assert.Single(r, x => x.Check == ClientChecks.Session && x.Status == CheckStatus.Fail);
            Assert.Contains("'" + warning + "'", failed.Message, StringComparison.Ordinal);
            Assert.Contains("TMCP-LOG-170", failed.Message, StringComparison.Ordinal);
            Assert.Contains("tsh logout", failed.Fix, StringComparison.Ordinal);
            // The listing's own failure is the catalog's TMCP-LOG-160 (an error): tsh mcp connect stops there too.
            Assert.Contains(r, x => x.Check == ClientChecks.App && x.Status == CheckStatus.Fail && x.Message.Contains("No proxy address specified") && x.Message.Contains("(TMCP-LOG-160: "));
        }

        [Fact]
        public void Many_warning_lines_on_tsh_stdout_are_one_session_failure()
        {
            // tool/tsh/common/tsh.go @002ee5fe prints the profile warning once per run; a stdout of many WARNING lines (a wrapper,
            // hostile output) is still one failed run: one finding naming the first line and how many more there were.
            var env = FakeEnv.Linux().DataFile("/home/alice/src/api/.mcp.json", "project-mcp.json").File("/usr/bin/tsh");
            var lines = string.Concat(Enumerable.Range(0, 500).Select(i => "WARNING: Failed to load tsh profile for \"\": broken " + i + "\n"));
            var runner = new FakeRunner
            {
                Answer = (f, a, h) => a[0] == "status"
                    ? new ProcessResult { ExitCode = 0, Stdout = FakeRunner.Data("tsh-status-active.json") }
                    : new ProcessResult { ExitCode = 0, Stdout = lines + "[]\n" },
            };
            var r = Run(env, runner);
            var failed = Assert.Single(r, x => x.Check == ClientChecks.Session && x.Status == CheckStatus.Fail);
            Assert.Contains("broken 0' (and 499 more WARNING lines)", failed.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Not_executable_tsh_is_EACCES()
        {
            var env = FakeEnv.Linux().File("/home/alice/.claude.json", "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/opt/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}").File("/opt/tsh");
            env.NotExecutable.Add("/opt/tsh");
            var cmd = One(Run(env, more: o => o.SkipSession = true), ClientChecks.Command);
            Assert.Equal(CheckStatus.Fail, cmd.Status);
            Assert.Contains("EACCES", cmd.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(false, false, CheckStatus.Fail, "does not exist")]
        [InlineData(true, false, CheckStatus.Fail, "no tsh profile")]
        // Without a profile (api/profile GetCurrentProfileName: NotFound "current-profile is not set", a missing folder too) tsh
        // mcp connect goes on without a proxy, and lib/client/api.go @0003e544 NewClient stops it: what the client log shows.
        [InlineData(false, false, CheckStatus.Fail, "tsh mcp connect stops with \"No proxy address specified, missed --proxy flag?\"")]
        [InlineData(true, false, CheckStatus.Fail, "tsh mcp connect stops with \"No proxy address specified, missed --proxy flag?\"")]
        [InlineData(true, true, CheckStatus.Pass, "holds a tsh profile")]
        public void Teleport_home_must_hold_a_profile(bool dir, bool profile, CheckStatus status, string words)
        {
            var env = WindowsWithTsh().DataFile(Roaming, "claude_desktop_config.json");
            env.Dirs.Remove(@"C:\Users\alice\.tsh");
            env.Files.Remove(@"C:\Users\alice\.tsh\teleport.example.com.yaml");
            if (dir) env.Dir(@"C:\Users\alice\.tsh");
            if (profile) env.Dir(@"C:\Users\alice\.tsh\keys");
            var th = One(Run(env, more: o => o.SkipSession = true), ClientChecks.TeleportHome);
            Assert.Equal(status, th.Status);
            Assert.Contains(words, th.Message, StringComparison.Ordinal);
        }

        /// <summary>A host with tsh and one entry for the app "files" in <paramref name="client"/>'s user file, in that file's shape.</summary>
        private static FakeEnv HostWithEntryOf(string client, string os, string envJson = "{}")
        {
            var env = os == "Windows" ? FakeEnv.Windows() : os == "MacOS" ? FakeEnv.MacOS() : FakeEnv.Linux();
            var c = ClientPaths.Candidates(env).First(x => x.Client == client && x.Scope == ConfigScope.User);
            string entry = "\"teleport-mcp-files\":{" + (c.Shape == ConfigShape.ZedSettings ? "\"source\":\"custom\"," : c.Shape == ConfigShape.VsCodeServers ? "\"type\":\"stdio\"," : "")
                + "\"command\":\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"env\":" + envJson + "}";
            string key = c.Shape == ConfigShape.ZedSettings ? "context_servers" : c.Shape == ConfigShape.VsCodeServers ? "servers" : "mcpServers";
            env.File(c.Path, "{\"" + key + "\":{" + entry + "}}");
            if (os == "Windows") env.Vars["PATH"] = @"C:\Program Files\Teleport;" + env.Vars["PATH"];
            return os == "Windows" ? env.File(TshExe) : env.File("/usr/bin/tsh");
        }

        [Theory]
        // ServerEnvironment: typescript-sdk src/client/stdio.ts @06ba51d0 getDefaultEnvironment (Claude Desktop); microsoft/vscode
        // extHostMcpNode.ts @0334cc07 and zed stdio_transport.rs @11e0c3b9 (the editor's whole environment); the others not confirmed.
        [InlineData(ClientNames.ClaudeDesktop, "Windows", CheckStatus.Warn, "but Claude Desktop passes a server only APPDATA,")]
        [InlineData(ClientNames.ClaudeDesktop, "MacOS", CheckStatus.Warn, "but Claude Desktop passes a server only HOME, LOGNAME, PATH, SHELL, TERM, USER of its own variables, plus the entry's env (the MCP TypeScript SDK's getDefaultEnvironment): tsh will use the default home (.tsh in HOME)")]
        [InlineData(ClientNames.VSCode, "Linux", CheckStatus.Warn, "and VS Code starts a server with its own whole environment, the entry's env set over it (the extension host's environment): tsh uses it only when VS Code itself was started with it")]
        [InlineData(ClientNames.VSCode, "Windows", CheckStatus.Warn, "tsh uses it only when VS Code itself was started with it")]
        [InlineData(ClientNames.Zed, "Linux", CheckStatus.Warn, "tsh uses it only when Zed itself was started with it")]
        [InlineData(ClientNames.Cursor, "Linux", CheckStatus.Indeterminate, "but which variables Cursor passes to a server it starts is not confirmed (closed source, not documented): tsh may use it or the default home (.tsh in HOME)")]
        [InlineData(ClientNames.Cursor, "Windows", CheckStatus.Indeterminate, "tsh may use it or the default home (.tsh in USERPROFILE)")]
        // Claude Code (npm @anthropic-ai/claude-code 2.1.80 cli.js) { ...subprocessEnv(), ...entry env }; on Windows not confirmed.
        [InlineData(ClientNames.ClaudeCode, "Linux", CheckStatus.Warn, "and Claude Code starts a server with its own whole environment, the entry's env set over it (Claude Code's environment): tsh uses it only when Claude Code itself was started with it")]
        [InlineData(ClientNames.ClaudeCode, "Windows", CheckStatus.Indeterminate, "which variables Claude Code passes to a server it starts is not confirmed (its source passes its whole environment, but Windows builds are reported to start servers with fewer variables): tsh may use it or the default home (.tsh in USERPROFILE)")]
        [InlineData(ClientNames.Windsurf, "Windows", CheckStatus.Indeterminate, "which variables Windsurf passes")]
        // Copilot CLI: neither its documentation nor 1.0.70 (app.js g4t, runtime.node) passes TELEPORT_HOME.
        [InlineData(ClientNames.CopilotCli, "Linux", CheckStatus.Warn, "but Copilot CLI passes a server PATH of its own variables, plus the entry's env, and whether it passes HOME,")]
        // On Windows the native list is not read: the MCP SDK's Windows list is not confirmed (helper-354), TELEPORT_HOME still not passed.
        [InlineData(ClientNames.CopilotCli, "Windows", CheckStatus.Warn, "but Copilot CLI passes a server PATH of its own variables, plus the entry's env, and whether it passes APPDATA, HOMEDRIVE,")]
        public void Teleport_home_of_the_shell_is_judged_by_the_clients_rule(string client, string os, CheckStatus status, string words)
        {
            var env = HostWithEntryOf(client, os);
            env.Vars["TELEPORT_HOME"] = os == "Windows" ? @"C:\tsh-work" : "/srv/tsh-work";
            var th = One(Run(env, more: o => o.SkipSession = true), ClientChecks.TeleportHome);
            Assert.Equal(status, th.Status);
            Assert.Contains("your shell sets TELEPORT_HOME=" + env.Vars["TELEPORT_HOME"], th.Message, StringComparison.Ordinal);
            Assert.Contains(words, th.Message, StringComparison.Ordinal);
            Assert.Contains("\"TELEPORT_HOME\"", th.Fix, StringComparison.Ordinal);
        }

        [Theory]
        // What the session is read with for a variable the shell sets and the entry does not: removed when the client does not
        // pass it, this shell's when it does; when the client's rule is not confirmed, the session is not read.
        [InlineData(ClientNames.ClaudeDesktop, "Windows", "TELEPORT_HOME", "removed")]
        [InlineData(ClientNames.ClaudeDesktop, "Windows", "HTTPS_PROXY", "removed")]
        [InlineData(ClientNames.ClaudeDesktop, "MacOS", "HTTPS_PROXY", "removed")]
        [InlineData(ClientNames.ClaudeDesktop, "Windows", "USERPROFILE", "inherited")]
        [InlineData(ClientNames.VSCode, "Linux", "TELEPORT_HOME", "inherited")]
        [InlineData(ClientNames.VSCode, "Linux", "HTTPS_PROXY", "inherited")]
        [InlineData(ClientNames.VSCode, "Windows", "NO_PROXY", "inherited")]
        [InlineData(ClientNames.Zed, "Linux", "TELEPORT_PROXY", "inherited")]
        [InlineData(ClientNames.Zed, "Windows", "HTTP_PROXY", "inherited")]
        [InlineData(ClientNames.Cursor, "Linux", "HTTPS_PROXY", "unconfirmed")]
        [InlineData(ClientNames.Cursor, "Windows", "TELEPORT_HOME", "unconfirmed")]
        [InlineData(ClientNames.ClaudeCode, "Linux", "TELEPORT_PROXY", "inherited")]
        [InlineData(ClientNames.ClaudeCode, "MacOS", "HTTPS_PROXY", "inherited")]
        [InlineData(ClientNames.ClaudeCode, "Windows", "HTTPS_PROXY", "unconfirmed")]
        [InlineData(ClientNames.Windsurf, "Linux", "NO_PROXY", "unconfirmed")]
        [InlineData(ClientNames.Cursor, "Linux", "HOME", "inherited")]
        // Copilot CLI 1.0.70 passes the proxy variables (app.js g4t, names ignoring case); 1.0.102 not measured: the session is not read.
        [InlineData(ClientNames.CopilotCli, "Linux", "HTTPS_PROXY", "unconfirmed")]
        [InlineData(ClientNames.CopilotCli, "Linux", "NO_PROXY", "unconfirmed")]
        [InlineData(ClientNames.CopilotCli, "Windows", "TELEPORT_PROXY", "removed")]
        [InlineData(ClientNames.CopilotCli, "Windows", "HTTP_PROXY", "unconfirmed")]
        public void The_session_is_read_with_the_shell_values_the_client_passes_on(string client, string os, string name, string expected)
        {
            var env = HostWithEntryOf(client, os);
            string value = name.EndsWith("PROXY", StringComparison.Ordinal) ? "http://alice:secret@proxy.example.com:3128" : os == "Windows" ? @"C:\shell-value" : "/shell-value";
            env.Vars[name] = value;
            var runner = FakeRunner.Active();
            var r = Run(env, runner);
            var session = One(r, ClientChecks.Session);
            if (expected == "unconfirmed")
            {
                Assert.Empty(runner.Calls);
                Assert.Equal(CheckStatus.Indeterminate, session.Status);
                Assert.Contains("the tsh session " + client + " gives 'teleport-mcp-files' in ", session.Message, StringComparison.Ordinal);
                // (FakeEnv's names ignore case, so on Linux the lower-case proxy spelling is listed too.)
                Assert.Contains("this shell sets " + name, session.Message, StringComparison.Ordinal);
                Assert.Contains(client == ClientNames.CopilotCli ? ", and Copilot CLI passes a server PATH of its own variables, plus the entry's env, and whether it passes "
                    : ", and which variables " + client + " passes to a server it starts is not confirmed", session.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(value, session.Message, StringComparison.Ordinal); // names only: a proxy address may carry a password
                Assert.Equal(CheckStatus.Indeterminate, One(r, ClientChecks.App).Status);
                // The entry's own value takes the question away.
                var set = HostWithEntryOf(client, os, "{" + JsonText.Quote(name) + ":\"\""
                    + (os != "Windows" && name.EndsWith("PROXY", StringComparison.Ordinal) ? "," + JsonText.Quote(name.ToLowerInvariant()) + ":\"\"" : "") + "}");
                set.Vars[name] = value;
                var again = FakeRunner.Active();
                Run(set, again);
                Assert.NotEmpty(again.Calls);
                return;
            }
            Assert.NotEmpty(runner.Environments);
            Assert.Equal(CheckStatus.Pass, session.Status);
            if (expected == "removed")
                Assert.All(runner.Environments, e => { Assert.True(e.ContainsKey(name)); Assert.Null(e[name]); });
            else
                Assert.All(runner.Environments, e => Assert.False(e.ContainsKey(name)));
            if (expected == "inherited" && name.StartsWith("TELEPORT_", StringComparison.Ordinal))
                Assert.Contains("this shell's " + name, session.Message, StringComparison.Ordinal);
        }

        [Theory]
        // tool/tsh/common/tsh.go: variables tsh reads in place of flags (.Envar) and in setEnvFlags; Claude Desktop does not pass the shell's
        // (typescript-sdk src/client/stdio.ts getDefaultEnvironment).
        [InlineData("TELEPORT_PROXY", "teleport.example.com:443")]
        [InlineData("TELEPORT_USER", "bob")]
        [InlineData("TELEPORT_CLUSTER", "leaf.example.com")]
        [InlineData("TELEPORT_SITE", "leaf.example.com")]
        [InlineData("TELEPORT_IDENTITY_FILE", "/home/alice/bot.pem")]
        [InlineData("TELEPORT_AUTH", "okta")]
        [InlineData("TELEPORT_LOGIN", "root")]
        [InlineData("TELEPORT_KUBE_CLUSTER", "prod")]
        [InlineData("TELEPORT_HEADLESS", "true")]
        public void The_session_is_read_without_the_shells_teleport_variables(string name, string value)
        {
            var env = HostWithEntryOf(ClientNames.ClaudeDesktop, "Windows");
            env.Vars[name] = value;
            var runner = FakeRunner.Active();
            Run(env, runner);
            Assert.NotEmpty(runner.Environments);
            Assert.All(runner.Environments, e => { Assert.True(e.ContainsKey(name)); Assert.Null(e[name]); });
        }

        private static string CursorEntryWith(string name, string value) =>
            "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"env\":{\"" + name + "\":\"" + value + "\"}}}}";

        [Theory]
        // Data values tsh only uses as data are applied whatever chose the file; the others only with -UseEntryEnvironment (TshFlags.Withheld).
        [InlineData("TELEPORT_USER", "bob", false)]
        [InlineData("TELEPORT_CLUSTER", "leaf.example.com", false)]
        [InlineData("TELEPORT_PROXY", "teleport.example.com:443", true)]
        [InlineData("TELEPORT_IDENTITY_FILE", "/home/alice/bot.pem", true)]
        [InlineData("TELEPORT_HOME", "/home/alice/.tsh-work", true)]
        public void The_session_is_read_with_the_teleport_variables_the_entry_sets(string name, string value, bool useEntryEnvironment)
        {
            var env = FakeEnv.Linux().File("/home/alice/.cursor/mcp.json", CursorEntryWith(name, value)).File("/usr/bin/tsh");
            env.Vars[name] = "from-the-shell";
            var runner = FakeRunner.Active();
            var r = Run(env, runner, o => o.UseEntryEnvironment = useEntryEnvironment);
            Assert.NotEmpty(runner.Environments);
            Assert.All(runner.Environments, e => Assert.Equal(value, e[name]));
            Assert.Contains(name + "=" + value, One(r, ClientChecks.Session).Message, StringComparison.Ordinal);
        }

        [Theory]
        // The reviewer's case: a cloned repository's .vscode/mcp.json names a tsh home whose config/config.yaml aliases
        // `status` (tool/tsh/common/tsh.go Run: LoadAllConfigs, then the aliases run) and a proxy of its choosing.
        [InlineData("discovered", "TELEPORT_HOME", "/home/alice/src/api/.tshhome")]
        [InlineData("discovered", "TELEPORT_PROXY", "evil.example.com:443")]
        [InlineData("discovered", "TELEPORT_GLOBAL_TSH_CONFIG", "/home/alice/src/api/tsh.yaml")]
        [InlineData("discovered", "TELEPORT_IDENTITY_FILE", "/home/alice/src/api/id.pem")]
        [InlineData("discovered", "TELEPORT_RELAY", "relay.evil.example.com")]
        [InlineData("discovered", "TELEPORT_TOOLS_CHECK_UPDATE", "true")]
        [InlineData("named", "TELEPORT_HOME", "/home/alice/src/api/.tshhome")]
        [InlineData("named", "TELEPORT_PROXY", "evil.example.com:443")]
        public void Variables_that_choose_what_tsh_runs_or_contacts_are_not_applied_without_UseEntryEnvironment(string how, string name, string value)
        {
            const string file = "/home/alice/src/api/.vscode/mcp.json";
            var env = FakeEnv.Linux().File(file,
                "{\"servers\":{\"teleport-mcp-files\":{\"type\":\"stdio\",\"command\":\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"env\":{\"" + name + "\":\"" + value + "\",\"TELEPORT_USER\":\"bob\"}}}}")
                .File("/usr/bin/tsh");
            var runner = FakeRunner.Active();
            var r = Run(env, runner, o => { o.ProjectDirectory = "/home/alice/src/api"; if (how == "named") o.Paths = new[] { file }; });
            Assert.Empty(runner.Calls); // neither tsh status nor tsh mcp ls
            var session = One(r, ClientChecks.Session);
            Assert.Equal(CheckStatus.Indeterminate, session.Status);
            Assert.Contains(name + "=" + value + " (" + TshFlags.ChoosesWhatRuns[name] + ")", session.Message, StringComparison.Ordinal);
            Assert.Contains("'teleport-mcp-files' in " + file, session.Message, StringComparison.Ordinal);
            Assert.StartsWith("If you trust the file, run the check again with -UseEntryEnvironment", session.Fix, StringComparison.Ordinal);
            var app = One(r, ClientChecks.App);
            Assert.Equal(CheckStatus.Indeterminate, app.Status);
            Assert.Contains(name + " of its env not applied", app.Message, StringComparison.Ordinal);

            var optIn = FakeRunner.Active();
            var withIt = Run(env, optIn, o => { o.ProjectDirectory = "/home/alice/src/api"; o.UseEntryEnvironment = true; if (how == "named") o.Paths = new[] { file }; });
            Assert.Contains(optIn.Calls, c => c.Args == "status --format=json");
            Assert.All(optIn.Environments, e => { Assert.Equal(value, e[name]); Assert.Equal("bob", e["TELEPORT_USER"]); });
            Assert.Equal(CheckStatus.Pass, One(withIt, ClientChecks.Session).Status);
        }

        [Fact]
        public void An_entry_whose_session_is_not_read_still_gets_the_app_check_of_the_given_apps()
        {
            var env = FakeEnv.Linux().File("/home/alice/.cursor/mcp.json", CursorEntryWith("TELEPORT_HOME", "/srv/tsh")).File("/usr/bin/tsh");
            var app = new App { Name = "files", Uri = "mcp+stdio://", Transport = McpTransport.Stdio };
            var runner = FakeRunner.Active();
            var r = Run(env, runner, o => o.Apps = new List<App> { app });
            Assert.Empty(runner.Calls);
            Assert.Equal(CheckStatus.Indeterminate, One(r, ClientChecks.Session).Status);
            Assert.Equal(CheckStatus.Pass, One(r, ClientChecks.App).Status);
        }

        [Fact]
        public void Entries_with_different_teleport_variables_get_their_own_session()
        {
            var env = FakeEnv.Linux().File("/home/alice/.cursor/mcp.json",
                "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"env\":{\"TELEPORT_PROXY\":\"a.example.com\"}},"
                + "\"teleport-mcp-github\":{\"command\":\"tsh\",\"args\":[\"mcp\",\"connect\",\"github\"],\"env\":{\"TELEPORT_PROXY\":\"b.example.com\"}}}}").File("/usr/bin/tsh");
            var runner = FakeRunner.Active();
            var r = Run(env, runner, o => o.UseEntryEnvironment = true);
            Assert.Equal(2, r.Count(x => x.Check == ClientChecks.Session));
            Assert.Equal(new[] { "a.example.com", "b.example.com" },
                runner.Calls.Select((c, i) => (c, i)).Where(x => x.c.Args == "status --format=json").Select(x => runner.Environments[x.i]["TELEPORT_PROXY"]).OrderBy(v => v, StringComparer.Ordinal));
        }

        [Fact]
        public void TshPath_names_the_tsh_that_runs_and_one_not_there_fails_the_session_naming_it()
        {
            var env = WindowsWithTsh().DataFile(Roaming, "claude_desktop_config.json").File(@"C:\Teleport\tsh.exe");
            var runner = FakeRunner.Active();
            Run(env, runner, o => { o.TshPath = @"C:\Teleport\tsh.exe"; o.UseEntryEnvironment = true; });
            Assert.NotEmpty(runner.Calls);
            Assert.All(runner.Calls, c => Assert.Equal(@"C:\Teleport\tsh.exe", c.File));
            Assert.Contains(runner.Calls, c => c.Args == "status --format=json");
            var none = FakeRunner.Active();
            var r = Run(env, none, o => { o.TshPath = @"D:\nope\tsh.exe"; o.UseEntryEnvironment = true; });
            Assert.Empty(none.Calls);
            var session = Assert.Single(r, x => x.Check == ClientChecks.Session);
            Assert.Equal(CheckStatus.Fail, session.Status);
            Assert.StartsWith(@"tsh was not found at D:\nope\tsh.exe", session.Message, StringComparison.Ordinal);
        }

        // Windows: Cursor's own USERPROFILE beside the entry's UserProfile; which one its tsh gets depends on a rule not confirmed
        // for Cursor (TshFlags.Lookup), so neither the profile folder nor the session is judged, and the session check says why.
        [Fact]
        public void An_entry_that_spells_the_home_otherwise_than_the_clients_own_copy_is_indeterminate_for_a_client_whose_rule_is_unknown()
        {
            var env = HostWithCursorEntry("Windows", "{\"UserProfile\":\"D:\\\\bob\"}");
            Assert.False(string.IsNullOrEmpty(env.GetVariable("USERPROFILE")));
            var runner = FakeRunner.Active();
            var r = Run(env, runner);
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.TeleportHome);
            Assert.Empty(runner.Calls);
            var session = Assert.Single(r, x => x.Check == ClientChecks.Session);
            Assert.Equal(CheckStatus.Indeterminate, session.Status);
            Assert.Contains("spells USERPROFILE (UserProfile)", session.Message, StringComparison.Ordinal);
            Assert.Contains("not confirmed for Cursor", session.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(@"D:\bob", session.Message, StringComparison.Ordinal);
        }

        private static FakeEnv HostWithCursorEntry(string os, string envJson)
        {
            var env = os == "Windows" ? FakeEnv.Windows() : os == "MacOS" ? FakeEnv.MacOS() : FakeEnv.Linux();
            string cursor = os == "Windows" ? @"C:\Users\alice\.cursor\mcp.json" : env.HomeDirectory + "/.cursor/mcp.json";
            env.File(cursor, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"env\":" + envJson + "}}}");
            if (os == "Windows") env.Vars["PATH"] = @"C:\Program Files\Teleport;" + env.Vars["PATH"];
            return os == "Windows" ? env.File(TshExe) : env.File("/usr/bin/tsh");
        }

        // Without TELEPORT_HOME, tsh's profile folder is .tsh in the home variable (api/profile/profile.go @00d0ff93 defaultProfilePath:
        // os.UserHomeDir, golang/go os.UserHomeDir: $HOME on Unix and macOS, %USERPROFILE% on Windows); the entry's env overrides the
        // home the client passes on. Folders are "-" none, "home" the home only, "tsh" an empty .tsh, "profile" .tsh with <proxy>.yaml.
        [Theory]
        [InlineData("Linux", "HOME", "/home/bob", "-", CheckStatus.Fail, "HOME /home/bob gives tsh the home /home/bob/.tsh (no TELEPORT_HOME in the entry's env), which does not exist")]
        [InlineData("Linux", "HOME", "/home/bob", "home", CheckStatus.Fail, "which does not exist")]
        [InlineData("Linux", "HOME", "/home/bob", "tsh", CheckStatus.Fail, "which holds no tsh profile")]
        [InlineData("Linux", "HOME", "/home/bob", "profile", CheckStatus.Pass, "HOME /home/bob gives tsh the home /home/bob/.tsh (no TELEPORT_HOME in the entry's env), which holds a tsh profile")]
        [InlineData("MacOS", "HOME", "/Users/bob", "-", CheckStatus.Fail, "does not exist")]
        [InlineData("MacOS", "HOME", "/Users/bob", "profile", CheckStatus.Pass, "holds a tsh profile")]
        [InlineData("Windows", "USERPROFILE", @"D:\bob", "-", CheckStatus.Fail, @"USERPROFILE D:\bob gives tsh the home D:\bob\.tsh")]
        [InlineData("Windows", "USERPROFILE", @"D:\bob", "tsh", CheckStatus.Fail, "holds no tsh profile")]
        [InlineData("Windows", "USERPROFILE", @"D:\bob", "profile", CheckStatus.Pass, "holds a tsh profile")]
        [InlineData("Linux", "HOME", "${HOME}/work", "-", CheckStatus.Indeterminate, "${HOME} is not a form Cursor documents")]
        [InlineData("Linux", "HOME", "work", "-", CheckStatus.Indeterminate, "HOME is the relative path 'work': tsh takes it from the folder Cursor starts it in")]
        [InlineData("Windows", "USERPROFILE", @"bob", "-", CheckStatus.Indeterminate, "relative path")]
        [InlineData("Linux", "HOME", "", "-", CheckStatus.Warn, "HOME is empty in the entry's env")]
        public void The_entrys_home_gives_the_profile_folder_when_it_sets_no_teleport_home(string os, string name, string value, string folders, CheckStatus status, string words)
        {
            var env = HostWithCursorEntry(os, "{" + JsonText.Quote(name) + ":" + JsonText.Quote(value) + "}");
            string tshHome = OsPath.Combine(env.Os, value, ".tsh");
            if (folders == "home") env.Dir(value);
            if (folders == "tsh") env.Dir(tshHome);
            if (folders == "profile") env.File(OsPath.Combine(env.Os, tshHome, "teleport.example.com.yaml"));
            var th = One(Run(env, more: o => o.SkipSession = true), ClientChecks.TeleportHome);
            Assert.Equal(status, th.Status);
            Assert.Contains(words, th.Message, StringComparison.Ordinal);
            if (status == CheckStatus.Fail) Assert.False(string.IsNullOrEmpty(th.Fix));
        }

        [Theory]
        // TELEPORT_HOME decides over the home (FullProfilePath); on Windows HOME, HOMEDRIVE and HOMEPATH are not read at all.
        [InlineData("Linux", "{\"TELEPORT_HOME\":\"/srv/tsh\",\"HOME\":\"/home/bob\"}", "TELEPORT_HOME /srv/tsh does not exist")]
        [InlineData("Windows", "{\"HOME\":\"D:\\\\bob\",\"HOMEDRIVE\":\"D:\",\"HOMEPATH\":\"\\\\bob\"}", null)]
        public void Only_the_home_variable_tsh_reads_chooses_the_profile_folder(string os, string envJson, string words)
        {
            var th = Run(HostWithCursorEntry(os, envJson), more: o => o.SkipSession = true).Where(x => x.Check == ClientChecks.TeleportHome).ToList();
            if (words == null) Assert.Empty(th);
            else Assert.Contains(words, Assert.Single(th).Message, StringComparison.Ordinal);
        }

        [Theory]
        // A home, an HTTP proxy or a tools version the entry sets chooses what tsh reads, runs or contacts: the session is read
        // with it only with -UseEntryEnvironment; a host variable the entry does not set is inherited (not in the runner's set).
        [InlineData("Linux", "HOME", "/home/bob", "tsh home /home/bob/.tsh")]
        [InlineData("Windows", "USERPROFILE", @"D:\bob", @"tsh home D:\bob\.tsh")]
        [InlineData("Linux", "HTTPS_PROXY", "http://proxy.example.com:3128", "default tsh home")]
        [InlineData("Linux", "no_proxy", ".example.com", "default tsh home")]
        [InlineData("Linux", "TELEPORT_TOOLS_VERSION", "17.0.1", "default tsh home")]
        [InlineData("Linux", "TELEPORT_CDN_BASE_URL", "https://cdn.example.com", "default tsh home")]
        public void Host_variables_the_entry_sets_are_applied_only_with_UseEntryEnvironment(string os, string name, string value, string where)
        {
            var env = HostWithCursorEntry(os, "{" + JsonText.Quote(name) + ":" + JsonText.Quote(value) + "}");
            var runner = FakeRunner.Active();
            var session = One(Run(env, runner), ClientChecks.Session);
            Assert.Empty(runner.Calls);
            Assert.Equal(CheckStatus.Indeterminate, session.Status);
            Assert.Contains(name + "=" + value + " (" + TshFlags.ChoosesWhatRuns[name] + ")", session.Message, StringComparison.Ordinal);

            var optIn = FakeRunner.Active();
            var r = Run(env, optIn, o => o.UseEntryEnvironment = true);
            Assert.NotEmpty(optIn.Calls);
            Assert.All(optIn.Environments, e => Assert.Equal(value, e[name]));
            Assert.Contains(where, One(r, ClientChecks.Session).Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("Linux")]
        [InlineData("Windows")]
        public void An_entry_without_a_home_leaves_the_inherited_home_and_proxy_to_tsh(string os)
        {
            // VS Code passes its whole environment on (extHostMcpNode.ts startNodeMpc).
            var env = HostWithEntryOf(ClientNames.VSCode, os, "{\"TELEPORT_USER\":\"bob\"}");
            env.Vars["HTTPS_PROXY"] = "http://proxy.example.com:3128";
            var runner = FakeRunner.Active();
            Run(env, runner);
            Assert.NotEmpty(runner.Environments);
            Assert.All(runner.Environments, e => Assert.DoesNotContain(e.Keys, k => TshFlags.HostVariables(env.Os).Contains(k)));
        }

        [Fact]
        public void An_empty_home_in_the_entry_is_removed_for_tsh_and_keeps_its_own_session()
        {
            // api/profile/profile.go defaultProfilePath: an empty $HOME fails os.UserHomeDir, so tsh falls back to the user database.
            var env = FakeEnv.Linux().File("/home/alice/.cursor/mcp.json",
                "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"env\":{\"HOME\":\"\"}},"
                + "\"teleport-mcp-github\":{\"command\":\"tsh\",\"args\":[\"mcp\",\"connect\",\"github\"]}}}").File("/usr/bin/tsh");
            var runner = FakeRunner.Active();
            var r = Run(env, runner);
            Assert.Equal(2, r.Count(x => x.Check == ClientChecks.Session));
            Assert.Contains(runner.Environments, e => e.ContainsKey("HOME") && e["HOME"] == null);
            Assert.Contains(runner.Environments, e => !e.ContainsKey("HOME"));
            Assert.Contains(r, x => x.Check == ClientChecks.Session && x.Message.Contains("HOME unset", StringComparison.Ordinal));
        }

        [Fact]
        public void Tsh_unalias_only_turns_aliases_off_so_the_entrys_value_is_applied_and_the_shells_is_not()
        {
            // tool/tsh/common/aliases.go @1750e366 getAliasDefinition: TSH_UNALIAS lists aliases not to expand.
            var env = HostWithCursorEntry("Linux", "{\"TSH_UNALIAS\":\"mcp\"}");
            env.Vars["TSH_UNALIAS"] = "status";
            var runner = FakeRunner.Active();
            Assert.Equal(CheckStatus.Pass, One(Run(env, runner), ClientChecks.Session).Status);
            Assert.All(runner.Environments, e => Assert.Equal("mcp", e["TSH_UNALIAS"]));
        }

        [Fact]
        public void Each_teleport_home_gets_its_own_session()
        {
            var env = WindowsWithTsh().DataFile(Roaming, "claude_desktop_config.json").DataFile(@"C:\Users\alice\.cursor\mcp.json", "cursor-mcp.json");
            env.Vars["PATH"] = @"C:\Program Files\Teleport;" + env.Vars["PATH"];
            var runner = FakeRunner.Active();
            var r = Run(env, runner, o => o.UseEntryEnvironment = true);
            Assert.Equal(2, r.Count(x => x.Check == ClientChecks.Session));
            Assert.Contains(runner.Calls, c => c.Args == "status --format=json" && c.Home == @"C:\Users\alice\.tsh");
            Assert.Contains(runner.Calls, c => c.Args == "status --format=json" && c.Home == "<unset>");
            Assert.All(runner.Calls, c => Assert.Equal(TshExe, c.File)); // tsh on PATH, the same file the entries name
        }

        [Fact]
        public void Vs_code_entries_without_type_pass_and_wrong_key_fails()
        {
            var env = FakeEnv.Linux().DataFile("/home/alice/src/api/.vscode/mcp.json", "vscode-mcp.json")
                .DataFile("/home/alice/.config/Code/User/mcp.json", "vscode-wrong-key.json").File("/usr/bin/tsh");
            var r = Run(env, more: o => o.SkipSession = true);
            // VS Code fills in the type from the command (mcpResourceScannerService.ts sanitizeServer).
            Assert.Equal(CheckStatus.Pass, One(r, ClientChecks.StdioType, "teleport-mcp-files").Status);
            Assert.Contains("takes an entry with a \"command\" as stdio", One(r, ClientChecks.StdioType, "teleport-mcp-files").Message, StringComparison.Ordinal);
            Assert.Equal(CheckStatus.Pass, One(r, ClientChecks.StdioType, "teleport-mcp-github").Status);
            var key = One(r, ClientChecks.ServersKey);
            Assert.Equal(CheckStatus.Fail, key.Status);
            Assert.Equal("/home/alice/.config/Code/User/mcp.json", key.ConfigPath);
            Assert.Contains("'servers'", key.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_server_entry_that_is_not_an_object_warns_even_when_it_is_not_a_teleport_entry()
        {
            var env = FakeEnv.Linux().File("/home/alice/.cursor/mcp.json",
                "{\"mcpServers\": {\n  \"x\": 5,\n  \"notes\": [\"a\"],\n  \"teleport-mcp-files\": {\"command\": \"tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}\n}}").File("/usr/bin/tsh");
            var r = Run(env, more: o => { o.SkipSession = true; o.Paths = new[] { "/home/alice/.cursor/mcp.json" }; });
            var shape = r.Where(x => x.Check == ClientChecks.EntryShape).ToList();
            Assert.Equal(2, shape.Count);
            Assert.All(shape, x => Assert.Equal(CheckStatus.Warn, x.Status));
            Assert.Contains("the entry 'x' under mcpServers is not a server object (found '5')", shape[0].Message, StringComparison.Ordinal);
            Assert.Contains("the entry 'notes' under mcpServers is not a server object (found a list)", shape[1].Message, StringComparison.Ordinal);
            // The Teleport entry beside them is checked as usual.
            Assert.Equal(CheckStatus.Pass, One(r, ClientChecks.EntryName, "teleport-mcp-files").Status);
        }

        [Fact]
        public void A_huge_app_name_is_cut_in_messages_and_kept_whole_in_the_App_property()
        {
            // The EntryName row quoted the expected name teleport-mcp-<app> whole: a 5 MB app name made a 5 MB message.
            string app = new string('h', 5_000_000);
            var env = FakeEnv.Linux().File("/home/alice/.cursor/mcp.json",
                "{\"mcpServers\": {\"teleport-mcp-h\": {\"command\": \"tsh\", \"args\": [\"mcp\", \"connect\", \"" + app + "\"]}}}").File("/usr/bin/tsh");
            var r = Run(env, more: o => { o.SkipSession = true; o.Paths = new[] { "/home/alice/.cursor/mcp.json" }; });
            var name = One(r, ClientChecks.EntryName, "teleport-mcp-h");
            Assert.Equal(CheckStatus.Warn, name.Status);
            Assert.Equal(app, name.App);
            Assert.All(r, x => Assert.True((x.Message?.Length ?? 0) <= Limits.Default.OutputMessageChars + 100 && (x.Fix?.Length ?? 0) <= Limits.Default.OutputMessageChars + 100, x.Check));
            Assert.StartsWith("the entry is named 'teleport-mcp-h'; tsh mcp config names it 'teleport-mcp-hhh", name.Message, StringComparison.Ordinal);
            Assert.Contains("characters left out; limit OutputMessageChars = ", name.Message, StringComparison.Ordinal);
            Assert.EndsWith("hhh' (a second run adds a duplicate entry)", name.Message, StringComparison.Ordinal);
            Assert.EndsWith("hhh'.", name.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void Legacy_settings_json_cmd_wrapper_duplicates_and_names()
        {
            var env = FakeEnv.Windows().DataFile(@"C:\src\api\.vscode\settings.json", "vscode-settings.json")
                .DataFile(@"C:\src\api\.vscode\mcp.json", "vscode-mcp.json")
                .DataFile(@"C:\Users\alice\.cursor\mcp.json", "cursor-mcp.json").File(@"C:\tools\tsh.exe");
            env.Vars["PATH"] += @";C:\tools";
            var r = Run(env, more: o => o.SkipSession = true);
            Assert.Equal(2, r.Count(x => x.Check == ClientChecks.DuplicateEntry && x.Client == "VS Code" && x.App == "files"));
            var viaCmd = One(r, ClientChecks.Command, "files-via-cmd");
            Assert.Equal(CheckStatus.Warn, viaCmd.Status); // bare tsh in a GUI client
            Assert.Contains("through cmd /c", viaCmd.Message, StringComparison.Ordinal);
            Assert.Equal(CheckStatus.Warn, One(r, ClientChecks.EntryName, "files-via-cmd").Status);
        }

        [Fact]
        public void Whole_command_line_in_command_claude_code_projects_and_disabled_windsurf()
        {
            var env = FakeEnv.Linux().DataFile("/home/alice/.claude.json", "claude.json").DataFile("/home/alice/.codeium/windsurf/mcp_config.json", "windsurf-mcp_config.json")
                .File("/opt/teleport/bin/tsh").File("/usr/bin/tsh");
            var r = Run(env, more: o => o.SkipSession = true);
            var cl = One(r, ClientChecks.CommandLine, "files");
            Assert.Equal(CheckStatus.Fail, cl.Status);
            Assert.Contains("spawn tsh mcp connect files ENOENT", cl.Message, StringComparison.Ordinal);
            Assert.Contains("\"args\": [\"mcp\", \"connect\", \"files\"]", cl.Fix, StringComparison.Ordinal);
            Assert.Contains(r, x => x.Check == ClientChecks.EntryShape && x.Client == "Windsurf" && x.Status == CheckStatus.Warn && x.Message.Contains("disabled"));
            Assert.Equal(2, r.Count(x => x.Check == ClientChecks.DuplicateEntry && x.Client == "Claude Code"));
        }

        [Fact]
        public void Zed_settings_are_discovered_and_their_entries_checked()
        {
            // mcp-clients.md 1.6; zed-industries/zed crates/paths/src/paths.rs, crates/settings/src/settings_content/project.rs.
            var env = FakeEnv.Linux().DataFile("/home/alice/.config/zed/settings.json", "zed-settings.json").File("/usr/bin/tsh");
            var r = Run(env, more: o => o.SkipSession = true);
            var p = One(r, ClientChecks.ConfigParse);
            Assert.Equal("Zed", p.Client);
            Assert.Equal(ConfigScope.User, p.Scope);
            Assert.Equal(CheckStatus.Pass, p.Status);
            Assert.Contains("5 server entries, 4 running tsh mcp connect (teleport-mcp-files, teleport-mcp-github, teleport-mcp-grafana, teleport-mcp-jira)", p.Message, StringComparison.Ordinal);
            Assert.Contains("Zed reads JSONC", p.Message, StringComparison.Ordinal);
            Assert.Equal(CheckStatus.Pass, One(r, ClientChecks.Command, "teleport-mcp-github").Status); // the nested command
            var off = One(r, ClientChecks.EntryShape, "teleport-mcp-grafana");
            Assert.Equal(CheckStatus.Warn, off.Status);
            Assert.Contains("\"enabled\": false", off.Message, StringComparison.Ordinal);
            Assert.StartsWith("Set \"enabled\": true", off.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.EntryShape && x.Entry == "teleport-mcp-jira"); // "disabled" is not Zed's
            Assert.Contains("TELEPORT_HOME /home/alice/.tsh does not exist", One(r, ClientChecks.TeleportHome, "teleport-mcp-files").Message, StringComparison.Ordinal); // the entry's env
        }

        [Fact]
        public void Zed_settings_holding_mcpServers_say_zed_reads_context_servers()
        {
            var env = FakeEnv.Linux().File("/home/alice/src/api/.zed/settings.json", "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}");
            var k = One(Run(env, more: o => o.SkipSession = true), ClientChecks.ServersKey);
            Assert.Equal(CheckStatus.Fail, k.Status);
            Assert.Equal("Zed reads the key 'context_servers' in this file; the servers under 'mcpServers' are ignored", k.Message);
            Assert.Equal("Rename 'mcpServers' to 'context_servers'.", k.Fix);
        }

        [Theory]
        // zed-industries/zed crates/settings_content/src/settings_content.rs UserSettingsContent for_os, for_profile; the system is the platform seam's.
        [InlineData("Linux", "/home/alice/.config/zed/settings.json", "/usr/bin/tsh", "teleport-mcp-jira", "teleport-mcp-files")]
        [InlineData("Windows", @"C:\Users\alice\AppData\Roaming\Zed\settings.json", @"C:\tools\tsh.exe", "teleport-mcp-files", "teleport-mcp-jira")]
        public void Zed_checks_the_entries_of_its_os_key_skips_another_os_and_says_a_profile_depends_on_the_selection(string os, string path, string tsh, string skipped, string used)
        {
            var env = os == "Linux" ? FakeEnv.Linux() : FakeEnv.Windows();
            string Server(string app) => "{\"command\":\"" + tsh.Replace(@"\", @"\\") + "\",\"args\":[\"mcp\",\"connect\",\"" + app + "\"]}";
            env.File(path, "{\"linux\":{\"context_servers\":{\"teleport-mcp-files\":" + Server("files") + "}},"
                + "\"windows\":{\"context_servers\":{\"teleport-mcp-jira\":" + Server("jira") + "}},"
                + "\"profiles\":{\"demo\":{\"context_servers\":{\"teleport-mcp-grafana\":" + Server("grafana") + "}}}}").File(tsh);
            var r = Run(env, more: o => o.SkipSession = true);
            var skip = One(r, ClientChecks.ConfigInUse, skipped);
            Assert.Equal(CheckStatus.Skipped, skip.Status);
            Assert.Contains("Zed does not start this entry (under \"" + (os == "Linux" ? "windows" : "linux") + "\": Zed uses it only on", skip.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(r, x => x.Entry == skipped && x.Check != ClientChecks.ConfigInUse);
            Assert.Equal(CheckStatus.Pass, One(r, ClientChecks.Command, used).Status);
            Assert.DoesNotContain(r, x => x.Entry == used && x.Check == ClientChecks.ConfigInUse);
            var profile = One(r, ClientChecks.ConfigInUse, "teleport-mcp-grafana");
            Assert.Equal(CheckStatus.Indeterminate, profile.Status);
            Assert.Contains("only while the settings profile 'demo' is selected", profile.Message, StringComparison.Ordinal);
            Assert.Equal(CheckStatus.Pass, One(r, ClientChecks.Command, "teleport-mcp-grafana").Status); // checked as if selected
        }

        // Zed merges its layers by server name (settings_store.rs recompute_values), runs as one release channel and with at
        // most one profile selected: entries that are alternatives never start together, so they are no duplicates.
        [Fact]
        public void Zed_alternatives_of_one_server_are_no_duplicates_but_two_names_for_one_app_are()
        {
            var env = FakeEnv.Linux();
            const string Server = "{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}";
            env.File("/home/alice/.config/zed/settings.json", "{\"context_servers\":{\"teleport-mcp-files\":" + Server + "},"
                + "\"stable\":{\"context_servers\":{\"teleport-mcp-files\":" + Server + "}},"
                + "\"profiles\":{\"a\":{\"context_servers\":{\"teleport-mcp-files\":" + Server + "}},\"b\":{\"context_servers\":{\"files-b\":" + Server + "}}}}").File("/usr/bin/tsh");
            var r = Run(env, more: o => o.SkipSession = true);
            // files-b (profile b) starts beside the top level's or the stable channel's teleport-mcp-files, a second name for the
            // same app; profile a's teleport-mcp-files replaces those two and is an alternative to b: no warning of its own.
            var dups = r.Where(x => x.Check == ClientChecks.DuplicateEntry).ToList();
            Assert.Equal(3, dups.Count);
            Assert.Equal(new[] { "files-b", "teleport-mcp-files" }, dups.Select(d => d.Entry).OrderBy(n => n, StringComparer.Ordinal).Distinct());
            Assert.Equal(2, dups.Count(d => d.Entry == "teleport-mcp-files" && d.Message.StartsWith("2 entries of Zed connect to 'files'; also: files-b in ", StringComparison.Ordinal)));
            Assert.StartsWith("3 entries of Zed connect to 'files'", dups.Single(d => d.Entry == "files-b").Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Broken_json_is_a_failed_parse_with_location()
        {
            var env = FakeEnv.Linux().DataFile("/home/alice/.cursor/mcp.json", "broken-missing-comma.json");
            var p = One(Run(env, more: o => o.SkipSession = true), ClientChecks.ConfigParse);
            Assert.Equal(CheckStatus.Fail, p.Status);
            Assert.Equal("/home/alice/.cursor/mcp.json:5:7", p.Location);
            Assert.Contains("line 5, column 7", p.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Broken_json_is_reported_with_its_position_as_data()
        {
            var env = FakeEnv.Linux().DataFile("/home/alice/.cursor/mcp.json", "broken-missing-comma.json");
            var errors = new List<TeleportMcp.Engine.Common.TeleportInputException>();
            Run(env, more: o => { o.SkipSession = true; o.ParseError = errors.Add; });
            var e = Assert.Single(errors);
            Assert.Equal("ClientConfigParseError", e.Code);
            Assert.Equal("/home/alice/.cursor/mcp.json", e.Target);
            Assert.Equal(5, e.Location.Line);
            Assert.Equal(7, e.Location.Column);
            Assert.Equal("      \"args\": [\"mcp\", \"connect\", \"files\"]", e.LineText);
            Assert.NotNull(e.RecommendedAction);
        }

        [Fact]
        public void No_files_is_a_discovery_warning()
        {
            var r = Run(FakeEnv.Windows(), more: o => o.SkipSession = true);
            var d = One(r, ClientChecks.ConfigDiscovery);
            Assert.Equal(CheckStatus.Warn, d.Status);
            Assert.Contains(Roaming, d.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Live_listing_checks_app_visibility_and_tools()
        {
            var env = FakeEnv.Linux().File("/home/alice/.cursor/mcp.json",
                "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]},"
                + "\"teleport-mcp-github\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"github\"]},"
                + "\"teleport-mcp-secret\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"secret\"]}}}").File("/usr/bin/tsh");
            var runner = FakeRunner.Active();
            var r = Run(env, runner);
            Assert.Equal(CheckStatus.Pass, One(r, ClientChecks.Session).Status);
            Assert.Equal(CheckStatus.Pass, One(r, ClientChecks.App, "teleport-mcp-files").Status);
            Assert.Contains("read_file, list_directory; denied: write_file", One(r, ClientChecks.AppTools, "teleport-mcp-files").Message, StringComparison.Ordinal);
            Assert.Equal(CheckStatus.Fail, One(r, ClientChecks.AppTools, "teleport-mcp-github").Status);
            var hidden = One(r, ClientChecks.App, "teleport-mcp-secret");
            Assert.Equal(CheckStatus.Fail, hidden.Status);
            // lib/client/mcp.go: newer MCPServerDialer.fetchAppLocked NotFound("MCP server %q not found"); @39cecbf5 "no MCP servers found".
            Assert.EndsWith("tsh mcp connect answers \"MCP server \\\"secret\\\" not found\" (older tsh: \"no MCP servers found\")", hidden.Message, StringComparison.Ordinal);
            Assert.Contains(runner.Calls, c => c.Args == "mcp ls --format=json");
        }

        [Fact]
        public void Expired_session_fails_with_tsh_login_and_does_not_list_apps()
        {
            var env = FakeEnv.Linux().DataFile("/home/alice/src/api/.mcp.json", "project-mcp.json").File("/usr/bin/tsh");
            var runner = new FakeRunner
            {
                Answer = (f, a, h) => new ProcessResult { ExitCode = 1, Stdout = FakeRunner.Data("tsh-status-active.json"), Stderr = "\u001b[31mERROR: \u001b[0mActive profile expired.\n\n" },
            };
            var r = Run(env, runner, o => o.Now = DateTimeOffset.Parse("2026-11-28T00:00:00Z", CultureInfo.InvariantCulture));
            var s = One(r, ClientChecks.Session);
            Assert.Equal(CheckStatus.Fail, s.Status);
            Assert.Contains("expired", s.Message, StringComparison.Ordinal);
            Assert.StartsWith("tsh login --proxy=teleport.example.com --user=alice", s.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain(runner.Calls, c => c.Args.StartsWith("mcp", StringComparison.Ordinal));
            Assert.Equal(CheckStatus.Skipped, One(r, ClientChecks.App).Status);
        }

        [Theory]
        // tsh status reads only the profile; tsh mcp ls is the first contact with the proxy. lib/utils/cli.go @0082cf8b
        // formatCertError's unknown-authority text: a known error (TMCP-LOG-192) fails the check with the catalog's fix.
        [InlineData("\u001b[31mERROR: \u001b[0mWARNING:\n\n  The proxy you are connecting to has presented a certificate signed by a\n  unknown authority.\n\n", CheckStatus.Fail, "(TMCP-LOG-192: ", "SSL_CERT_FILE")]
        // Go net.OpError for a proxy that refuses the connection (TMCP-LOG-191).
        [InlineData("ERROR: dial tcp 203.0.113.7:443: connect: connection refused\n\n", CheckStatus.Fail, "(TMCP-LOG-191: ", "tsh ping --proxy=<proxy>")]
        // Anything else stays a warning with the generic next step.
        [InlineData("ERROR: access denied to perform action \"list\" on \"app_server\"\n\n", CheckStatus.Warn, "access denied to perform action", "Run `tsh mcp ls` yourself")]
        public void A_failed_tsh_mcp_ls_is_named_by_the_catalog(string stderr, CheckStatus status, string messageHas, string fixHas)
        {
            var env = FakeEnv.Linux().DataFile("/home/alice/src/api/.mcp.json", "project-mcp.json").File("/usr/bin/tsh");
            var runner = new FakeRunner
            {
                Answer = (f, a, h) => a[0] == "status"
                    ? new ProcessResult { ExitCode = 0, Stdout = FakeRunner.Data("tsh-status-active.json") }
                    : new ProcessResult { ExitCode = 1, Stderr = stderr },
            };
            var r = Run(env, runner);
            var app = r.First(x => x.Check == ClientChecks.App && x.Message.StartsWith("cannot list MCP apps", StringComparison.Ordinal));
            Assert.Equal(status, app.Status);
            Assert.Contains(messageHas, app.Message, StringComparison.Ordinal);
            Assert.Contains(fixHas, app.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void Apps_given_are_used_instead_of_tsh_mcp_ls()
        {
            var env = FakeEnv.Linux().File("/home/alice/.cursor/mcp.json",
                "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]},"
                + "\"teleport-mcp-grafana\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"grafana\"]},"
                + "\"teleport-mcp-nope\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"nope\"]}}}").File("/usr/bin/tsh");
            var apps = new List<App>
            {
                new App { Name = "files", Uri = "mcp+stdio://", HasMcpSpec = true, Transport = McpTransport.Stdio },
                new App { Name = "grafana", Uri = "http://grafana:3000", Transport = McpTransport.None },
            };
            var runner = FakeRunner.Active();
            var r = Run(env, runner, o => o.Apps = apps);
            Assert.Equal(CheckStatus.Pass, One(r, ClientChecks.App, "teleport-mcp-files").Status);
            Assert.Contains("not a MCP server", One(r, ClientChecks.App, "teleport-mcp-grafana").Message, StringComparison.Ordinal);
            Assert.Equal(CheckStatus.Fail, One(r, ClientChecks.App, "teleport-mcp-nope").Status);
            Assert.DoesNotContain(runner.Calls, c => c.Args.StartsWith("mcp", StringComparison.Ordinal));

            var hidden = Run(env, FakeRunner.Active(), o => { o.Apps = apps; o.AppHiddenReason = a => "app_labels env=prod do not match"; });
            Assert.Contains("cannot see it", One(hidden, ClientChecks.App, "teleport-mcp-files").Message, StringComparison.Ordinal);
        }

        // The serving map's rules (ServingMap, as Get-TeleportMcpServing and the diagnosis use them): tsh looks an app up among
        // the App Services' app_server heartbeats (lib/client/mcp.go getAppLocked), so an app nobody serves is "no MCP servers
        // found" (TMCP-LOG-020) although it exists; without hosts or heartbeats in the input, who serves it is not claimed.
        [Theory]
        [InlineData("h1:env: dev", "", CheckStatus.Pass, "served by h1 (app_service.resources[0] labels")]
        [InlineData("h1:env: prod", "", CheckStatus.Fail, "no App Service agent serves it: no running App Service lists it in app_service.apps or selects it with app_service.resources")]
        [InlineData("h1:env: prod|h2:env: [dev, qa]", "", CheckStatus.Pass, "served by h2")]
        [InlineData("", "files@h9", CheckStatus.Pass, "served by h9 (app_server heartbeat (no teleport.yaml of this host was given))")]
        [InlineData("", "other@h9", CheckStatus.Fail, "no App Service agent serves it: the app_servers export has no heartbeat of it")]
        [InlineData("h1:env: dev|h2:env: dev", "files@h1", CheckStatus.Warn, "1 of 2 configured hosts do not heartbeat it: h2")]
        [InlineData("h1:env: dev", "other@h1", CheckStatus.Fail, "no host heartbeats it: h1 should serve it")]
        [InlineData("h1:env: '^($'\n      team: x", "", CheckStatus.Indeterminate, "whether an App Service serves it is not known: whether an agent selects it depends on what the module cannot decide offline")]
        [InlineData("", "", CheckStatus.Pass, "which App Service serves it was not checked (no App Service teleport.yaml or app_servers export given)")]
        public void An_app_no_app_service_serves_fails_the_app_check(string hosts, string heartbeats, CheckStatus status, string words)
        {
            var env = FakeEnv.Linux().File("/usr/bin/tsh").File("/home/alice/.cursor/mcp.json",
                "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}");
            var resources = new List<TeleportResource>();
            void Read(string text, string path) =>
                resources.AddRange(TeleportMcp.Engine.Resources.ResourceReader.ReadText(text, path).Select(i => i.Resource).Where(x => x != null));
            foreach (var h in hosts.Split('|').Where(x => x.Length > 0))
            {
                var name = h.Substring(0, h.IndexOf(':'));
                Read("version: v3\nteleport:\n  nodename: " + name + "\napp_service:\n  enabled: true\n  resources:\n  - labels:\n      " + h.Substring(name.Length + 1) + "\n", name + "/teleport.yaml");
            }
            foreach (var hb in heartbeats.Split('|').Where(x => x.Length > 0))
            {
                var parts = hb.Split('@');
                Read("kind: app_server\nversion: v3\nmetadata:\n  name: " + parts[0] + "\nspec:\n  hostname: " + parts[1] + "\n  host_id: id-" + parts[1]
                    + "\n  app:\n    kind: app\n    version: v3\n    metadata:\n      name: " + parts[0] + "\n    spec:\n      uri: mcp+http://127.0.0.1:9/mcp\n", "app_servers.yaml");
            }
            var files = new App { Name = "files", Uri = "mcp+http://127.0.0.1:9/mcp", Transport = McpTransport.Http, Origin = AppOrigin.App };
            files.LabelMap["env"] = "dev";
            var app = One(Run(env, more: o => { o.SkipSession = true; o.Apps = new[] { files }; o.ClusterResources = resources; }), ClientChecks.App);
            Assert.Equal(status, app.Status);
            Assert.StartsWith("app 'files' exists (", app.Message, StringComparison.Ordinal);
            Assert.Contains(words, app.Message, StringComparison.Ordinal);
            if (status == CheckStatus.Fail)
            {
                Assert.EndsWith("tsh looks the app up among the App Services' app_server heartbeats, and tsh mcp connect answers \"MCP server \\\"files\\\" not found\" (older tsh: \"no MCP servers found\")", app.Message, StringComparison.Ordinal);
                Assert.False(string.IsNullOrEmpty(app.Fix));
            }
            if (status == CheckStatus.Pass) Assert.Null(app.Fix);
        }

        // Every serving host's target host policy refuses the app's address: tsh finds the app (it heartbeats), and each
        // request fails in the App Service's dial (lib/srv/app/common/target_host_dialer.go), not with "no MCP servers found".
        [Fact]
        public void AnAppEveryServingHostsPolicyRefusesFailsWithThePolicy()
        {
            var env = FakeEnv.Linux().File("/usr/bin/tsh").File("/home/alice/.cursor/mcp.json",
                "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}");
            var resources = new List<TeleportResource>();
            void Read(string text, string path) =>
                resources.AddRange(TeleportMcp.Engine.Resources.ResourceReader.ReadText(text, path).Select(i => i.Resource).Where(x => x != null));
            Read("version: v3\nteleport:\n  nodename: h1\napp_service:\n  enabled: true\n  denied_hosts: [\"127.0.0.0/8\"]\n  resources:\n  - labels:\n      env: dev\n", "h1/teleport.yaml");
            Read("kind: app_server\nversion: v3\nmetadata:\n  name: files\nspec:\n  hostname: h1\n  host_id: id-h1\n  app:\n    kind: app\n    version: v3\n    metadata:\n      name: files\n    spec:\n      uri: mcp+http://127.0.0.1:9/mcp\n", "app_servers.yaml");
            var files = new App { Name = "files", Uri = "mcp+http://127.0.0.1:9/mcp", Transport = McpTransport.Http, Origin = AppOrigin.App };
            files.LabelMap["env"] = "dev";
            var app = One(Run(env, more: o => { o.SkipSession = true; o.Apps = new[] { files }; o.ClusterResources = resources; }), ClientChecks.App);
            Assert.Equal(CheckStatus.Fail, app.Status);
            Assert.Contains("127.0.0.1 is inside 127.0.0.0/8 of app_service.denied_hosts", app.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("no MCP servers found", app.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("access,mcp-user", "read_*", CheckStatus.Pass, CheckStatus.Pass)]
        [InlineData("access,mcp-user,mcp-admin", "read_*", CheckStatus.Fail, CheckStatus.Pass)]
        [InlineData("access", "read_*", CheckStatus.Warn, CheckStatus.Pass)]
        [InlineData("access,mcp-user", "read_*,search_*", CheckStatus.Pass, CheckStatus.Fail)]
        [InlineData("access,mcp-user", "", CheckStatus.Pass, CheckStatus.Warn)]
        public void Role_and_trait_changes_not_yet_in_the_certificate(string roles, string mcpTools, CheckStatus roleStatus, CheckStatus traitStatus)
        {
            var env = FakeEnv.Linux().DataFile("/home/alice/src/api/.mcp.json", "project-mcp.json").File("/usr/bin/tsh");
            var user = new User { Name = "alice", Roles = roles.Split(',').ToList() };
            user.SetTrait("logins", new List<string> { "alice" });
            if (mcpTools.Length > 0) user.SetTrait("mcp_tools", mcpTools.Split(',').ToList());
            var r = Run(env, more: o => o.Users = new[] { user });
            Assert.Equal(roleStatus, One(r, ClientChecks.SessionRoles).Status);
            var t = One(r, ClientChecks.SessionTraits);
            Assert.Equal(traitStatus, t.Status);
            if (traitStatus != CheckStatus.Pass) Assert.StartsWith("tsh login --proxy=teleport.example.com --user=alice", t.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void A_windows_tsh_path_checked_on_linux_is_missing_not_a_bare_name()
        {
            var env = FakeEnv.Linux().DataFile("/home/alice/.cursor/mcp.json", "claude_desktop_config.json");
            var cmd = One(Run(env, more: o => o.SkipSession = true), ClientChecks.Command);
            Assert.Equal(CheckStatus.Fail, cmd.Status);
            Assert.StartsWith(TshExe + " does not exist", cmd.Message, StringComparison.Ordinal);
            Assert.StartsWith("tsh mcp config --client-config=cursor files", cmd.Fix, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("/home/alice/.claude.json", "tsh mcp config --client-config=claude-code files")]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "tsh mcp config --client-config=/home/alice/src/api/.vscode/mcp.json files")]
        [InlineData("/home/alice/.config/Code/User/mcp.json", "tsh mcp config --client-config=vscode files")]
        [InlineData("/home/alice/src/api/.cursor/mcp.json", "tsh mcp config --client-config=/home/alice/src/api/.cursor/mcp.json files")]
        [InlineData("/home/alice/.codeium/windsurf/mcp_config.json", "tsh mcp config files")]
        // lib/client/mcp/config/config.go has the claude and vscode formats only: tsh prints a Zed entry, it never writes one.
        [InlineData("/home/alice/.config/zed/settings.json", "tsh mcp config files   (prints the entry: paste its command, args and env under \"context_servers\"")]
        [InlineData("/home/alice/src/api/.zed/settings.json", "tsh mcp config files   (prints the entry: paste")]
        public void The_fix_is_the_tsh_mcp_config_line_of_the_client(string path, string fix)
        {
            var servers = path.Contains("Code") || path.Contains(".vscode") ? "servers" : path.Contains("zed") ? "context_servers" : "mcpServers";
            var env = FakeEnv.Linux().File(path, "{\"" + servers + "\":{\"teleport-mcp-files\":{\"command\":\"/gone/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}");
            Assert.StartsWith(fix, One(Run(env, more: o => o.SkipSession = true), ClientChecks.Command).Fix, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(OsKind.Windows, @"C:\x\claude_desktop_config.json", "Claude Desktop", ConfigShape.McpServers)]
        [InlineData(OsKind.Windows, @"C:\repo\.vscode\mcp.json", "VS Code", ConfigShape.VsCodeServers)]
        [InlineData(OsKind.Windows, @"C:\REPO\.VSCode\MCP.json", "VS Code", ConfigShape.VsCodeServers)]
        [InlineData(OsKind.Windows, @"C:\Users\a\AppData\Roaming\Code\User\settings.json", "VS Code", ConfigShape.VsCodeSettings)]
        [InlineData(OsKind.Windows, @"c:\users\a\appdata\roaming\code\user\mcp.json", "VS Code", ConfigShape.VsCodeServers)]
        [InlineData(OsKind.Windows, @"C:\Users\a\.cursor\mcp.json", "Cursor", ConfigShape.McpServers)]
        [InlineData(OsKind.Windows, @"C:\Users\a\.codeium\windsurf\mcp_config.json", "Windsurf", ConfigShape.McpServers)]
        [InlineData(OsKind.Linux, "/home/a/.claude.json", "Claude Code", ConfigShape.ClaudeCodeUser)]
        [InlineData(OsKind.Linux, "/home/a/.codeium/windsurf/mcp_config.json", "Windsurf", ConfigShape.McpServers)]
        [InlineData(OsKind.Linux, "/home/a/.config/Code/User/mcp.json", "VS Code", ConfigShape.VsCodeServers)]
        [InlineData(OsKind.Linux, "/tmp/anything.json", "Other", ConfigShape.Auto)]
        // https://code.claude.com/docs/en/managed-mcp: managed-mcp.json has "the same format as a project .mcp.json".
        [InlineData(OsKind.Linux, "/etc/claude-code/managed-mcp.json", "Claude Code", ConfigShape.McpServers)]
        [InlineData(OsKind.Windows, @"C:\Program Files\ClaudeCode\Managed-MCP.json", "Claude Code", ConfigShape.McpServers)]
        // zed-industries/zed crates/paths/src/paths.rs: %APPDATA%\Zed, ~/.config/zed (lower case on Linux), <project>/.zed
        [InlineData(OsKind.Windows, @"C:\Users\a\AppData\Roaming\Zed\settings.json", "Zed", ConfigShape.ZedSettings)]
        [InlineData(OsKind.Windows, @"C:\repo\.zed\settings.json", "Zed", ConfigShape.ZedSettings)]
        [InlineData(OsKind.Linux, "/home/a/.config/zed/settings.json", "Zed", ConfigShape.ZedSettings)]
        [InlineData(OsKind.Linux, "/home/a/repo/.zed/settings.json", "Zed", ConfigShape.ZedSettings)]
        [InlineData(OsKind.Linux, "/home/a/.config/Zed/settings.json", "Other", ConfigShape.Auto)]
        [InlineData(OsKind.MacOS, "/Users/a/.config/zed/settings.json", "Zed", ConfigShape.ZedSettings)]
        // microsoft/vscode mcpConfigPathsService.ts: a workspace file of any name, its servers under settings.mcp.
        [InlineData(OsKind.Linux, "/home/a/repo/api.code-workspace", "VS Code", ConfigShape.VsCodeWorkspace)]
        [InlineData(OsKind.Windows, @"C:\repo\API.Code-Workspace", "VS Code", ConfigShape.VsCodeWorkspace)]
        [InlineData(OsKind.Linux, "/home/a/repo/api.code-workspace.json", "Other", ConfigShape.Auto)]
        // Linux: a backslash is part of a name, and a client reads only its own spelling of its folder.
        [InlineData(OsKind.Linux, @"/home/a/repo\.vscode\mcp.json", "Other", ConfigShape.Auto)]
        [InlineData(OsKind.Linux, "/home/a/repo/.VSCode/mcp.json", "Other", ConfigShape.Auto)]
        [InlineData(OsKind.Linux, "/home/a/.config/code/user/mcp.json", "Other", ConfigShape.Auto)]
        // macOS's default file system ignores case, as Windows does.
        [InlineData(OsKind.MacOS, "/Users/a/repo/.VSCode/mcp.json", "VS Code", ConfigShape.VsCodeServers)]
        [InlineData(OsKind.MacOS, @"/Users/a/repo\.vscode\mcp.json", "Other", ConfigShape.Auto)]
        public void Paths_given_by_the_user_are_classified_as_their_os_reads_them(OsKind os, string path, string client, ConfigShape shape)
        {
            var c = ClientChecker.GuessCandidate(os, path);
            Assert.Equal(client, c.Client);
            Assert.Equal(shape, c.Shape);
            Assert.Equal(path, c.Path);
        }

        [Theory]
        [InlineData(OsKind.Linux, "/srv/policy/managed-mcp.json", ConfigScope.Managed)]
        [InlineData(OsKind.Linux, "/srv/policy/.mcp.json", ConfigScope.Project)]
        [InlineData(OsKind.MacOS, "/Library/Application Support/ClaudeCode/managed-mcp.json", ConfigScope.Managed)]
        public void A_named_managed_mcp_json_is_the_administrators_file(OsKind os, string path, ConfigScope scope) =>
            Assert.Equal(scope, ClientChecker.GuessCandidate(os, path).Scope);

        [Fact]
        public void Packaged_claude_desktop_is_recognised_in_any_case_on_windows()
        {
            Assert.Equal(ConfigScope.Packaged, ClientChecker.GuessCandidate(OsKind.Windows, Packaged).Scope);
            Assert.Equal(ConfigScope.Packaged, ClientChecker.GuessCandidate(OsKind.Windows, Packaged.ToUpperInvariant()).Scope);
            Assert.Equal(ConfigScope.User, ClientChecker.GuessCandidate(OsKind.Windows, Roaming).Scope);
        }

        [Fact]
        public void A_windows_path_given_to_the_checker_is_read_with_the_platforms_rules()
        {
            // Through the platform seam: the checker reads the OS from the environment it is given, not from the host.
            const string path = @"C:\Users\alice\src\api\.VSCode\mcp.json";
            var env = WindowsWithTsh().File(path, "{\"servers\":{\"teleport-mcp-files\":{\"command\":\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}");
            var r = Run(env, more: o => { o.Paths = new[] { path }; o.SkipSession = true; });
            Assert.All(r.Where(x => x.ConfigPath == path), x => Assert.Equal("VS Code", x.Client));
            Assert.Contains(r, x => x.ConfigPath == path && x.Entry == "teleport-mcp-files");
        }

        [Fact]
        public void The_same_file_name_on_linux_is_not_taken_for_a_vs_code_file()
        {
            const string path = "/home/alice/src/api/.VSCode/mcp.json";
            var env = FakeEnv.Linux().File(path, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}");
            var r = Run(env, more: o => { o.Paths = new[] { path }; o.SkipSession = true; });
            Assert.All(r.Where(x => x.ConfigPath == path), x => Assert.Equal("Other", x.Client));
        }
            // Strict JSON.parse clients (Claude Desktop, Claude Code) refuse a BOM, a comment or a trailing comma; VS Code reads JSONC.
        [Theory]
        [InlineData("/home/alice/.config/Claude/claude_desktop_config.json", "mcpServers", "//", CheckStatus.Fail, "3:5", "a // comment at line 3, column 5")]
        [InlineData("/home/alice/.config/Claude/claude_desktop_config.json", "mcpServers", ",", CheckStatus.Fail, "3:90", "a trailing comma at line 3, column 90")]
        [InlineData("/home/alice/.config/Claude/claude_desktop_config.json", "mcpServers", "BOM", CheckStatus.Fail, "1:1", "a byte order mark (BOM) at line 1, column 1")]
        [InlineData("/home/alice/src/api/.mcp.json", "mcpServers", "BOM", CheckStatus.Fail, "1:1", "byte order mark")]
        [InlineData("/home/alice/.claude.json", "mcpServers", "BOM", CheckStatus.Fail, "1:1", "byte order mark")]
        [InlineData("/home/alice/.claude.json", "mcpServers", "/*", CheckStatus.Fail, "3:5", "a /* comment */ at line 3, column 5")]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "servers", "//", CheckStatus.Pass, null, "VS Code reads JSONC")]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "servers", ",", CheckStatus.Pass, null, "VS Code reads JSONC")]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "servers", "BOM", CheckStatus.Pass, null, "VS Code reads JSONC")]
        [InlineData("/home/alice/.cursor/mcp.json", "mcpServers", "//", CheckStatus.Indeterminate, "3:5", "whether Cursor accepts it is not confirmed")]
        // Copilot CLI's project files: "Invalid JSON" and none of the servers (measured, @github/copilot-linux-x64 1.0.102 mcpConfigLoadMerged).
        [InlineData("/home/alice/src/api/.github/mcp.json", "mcpServers", "//", CheckStatus.Fail, "3:5", "Copilot CLI parses this file as strict JSON, which refuses a // comment")]
        [InlineData("/home/alice/src/api/.github/mcp.json", "mcpServers", ",", CheckStatus.Fail, "3:90", "Copilot CLI parses this file as strict JSON, which refuses a trailing comma")]
        [InlineData("/home/alice/src/api/.github/mcp.json", "mcpServers", "BOM", CheckStatus.Fail, "1:1", "byte order mark")]
        // Copilot CLI's user file takes them (measured, the same runtime.node), and more (JsonParserTests.Copilot_CLI_user_file_grammar);
        // @github/copilot@0.0.340 to @0.0.411 read it with JSON.parse and refuse it whole (measured, each release's own "mcp" store
        // load(), helper-298, Data/Clients/copilot-cli-before-1.0.62.jsonl): the release decides.
        [InlineData("/home/alice/.copilot/mcp-config.json", "mcpServers", "//", CheckStatus.Indeterminate, "3:5", "Copilot CLI's reader takes a // comment at line 3, column 5, but tsh mcp config cannot update the file until then (it parses it with Go's json.Unmarshal); Copilot CLI 0.0.340 to 0.0.411 read the file with JSON.parse and refuse it whole for a // comment at line 3, column 5 (no MCP server loads); 0.0.414 and later take the file")]
        [InlineData("/home/alice/.copilot/mcp-config.json", "mcpServers", "/*", CheckStatus.Indeterminate, "3:5", "Copilot CLI 0.0.340 to 0.0.411 read the file with JSON.parse and refuse it whole for a /* comment */ at line 3, column 5")]
        [InlineData("/home/alice/.copilot/mcp-config.json", "mcpServers", ",", CheckStatus.Indeterminate, "3:90", "Copilot CLI 0.0.340 to 0.0.411 read the file with JSON.parse and refuse it whole for a trailing comma at line 3, column 90")]
        [InlineData("/home/alice/.copilot/mcp-config.json", "mcpServers", "BOM", CheckStatus.Indeterminate, "1:1", "Copilot CLI 0.0.340 to 0.0.411 read the file with JSON.parse and refuse it whole for a byte order mark (BOM) at line 1, column 1")]
        // Zed parses settings with serde_json_lenient (crates/settings parse_json_with_comments).
        [InlineData("/home/alice/.config/zed/settings.json", "context_servers", "//", CheckStatus.Pass, null, "Zed reads JSONC")]
        [InlineData("/home/alice/src/api/.zed/settings.json", "context_servers", ",", CheckStatus.Pass, null, "Zed reads JSONC")]
        [InlineData("/home/alice/.config/Claude/claude_desktop_config.json", "mcpServers", "", CheckStatus.Pass, null, "1 running tsh mcp connect")]
        public void Json_a_strict_client_refuses_is_a_failed_parse_naming_the_first_place(string path, string servers, string extra, CheckStatus status, string at, string words)
        {
            string entry = "\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]" + (extra == "," ? "," : "") + "}";
            string text = (extra == "BOM" ? "\uFEFF" : "") + "{\n  \"" + servers + "\": {\n" + (extra == "//" ? "    // Teleport\n" : extra == "/*" ? "    /* Teleport */\n" : "") + "    " + entry + "\n  }\n}\n";
            var env = FakeEnv.Linux().File(path, text).File("/usr/bin/tsh");
            var errors = new List<TeleportMcp.Engine.Common.TeleportInputException>();
            var r = Run(env, more: o => { o.Paths = new[] { path }; o.SkipSession = true; o.ParseError = errors.Add; });
            var p = One(r, ClientChecks.ConfigParse);
            Assert.Equal(status, p.Status);
            Assert.Contains(words, p.Message, StringComparison.Ordinal);
            Assert.Equal(at == null ? null : path + ":" + at, p.Location);
            if (status == CheckStatus.Fail)
            {
                Assert.Contains("tsh mcp config cannot update the file", p.Fix, StringComparison.Ordinal);
                Assert.DoesNotContain(r, x => x.Check == ClientChecks.Command); // the client reads none of the file's servers
                var e = Assert.Single(errors);
                Assert.Equal("ClientConfigParseError", e.Code);
                Assert.Equal(path + ":" + at, e.Location.ToString());
            }
            else
            {
                Assert.Empty(errors);
                Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files");
            }
        }
        // VS Code reads its mcp.json files with its own json.ts (parse with allowTrailingComma and allowEmptyContent; any error
        // refuses the file) and then sanitizeServer on each server (microsoft/vscode src/vs/platform/mcp/common/
        // mcpResourceScannerService.ts @20ba3e6c; src/vs/base/common/json.ts @0656d21d). Measured against both on 12,000 texts.
        [Theory]
        [InlineData("{\u00A0\"servers\": {@}}", CheckStatus.Pass, "1 running tsh mcp connect", "white space JSON does not allow")]
        [InlineData("{\uFEFF\"servers\": {@}}", CheckStatus.Pass, "1 running tsh mcp connect", "a byte order mark not at the start")]
        [InlineData("{// servers\u2028\"servers\": {@}}", CheckStatus.Pass, "1 running tsh mcp connect", "a // comment")]
        [InlineData("{// servers\r\"servers\": {@}}", CheckStatus.Pass, "1 running tsh mcp connect", "a // comment")]
        [InlineData("", CheckStatus.Pass, "0 server entries", null)]
        [InlineData("// no servers yet\n", CheckStatus.Pass, "0 server entries", null)]
        [InlineData("{\"servers\": null}", CheckStatus.Pass, "0 server entries", null)]
        [InlineData("{\"servers\": [{\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}]}", CheckStatus.Pass, "1 running tsh mcp connect (0)", null)]
        [InlineData("{\"servers\": {\"teleport-mcp-files\": {\"id\": \"files\", \"config\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}", CheckStatus.Pass, "1 running tsh mcp connect", null)]
        [InlineData("{\"servers\": {\"__proto__\": \"x\", @}}", CheckStatus.Pass, "1 server entry, 1 running tsh mcp connect", "a property named __proto__ (VS Code ignores it)")]
        [InlineData("{\"servers\": {\"note\": \"x\", @}}", CheckStatus.Fail, "the server 'note' under servers is 'x', not an object: VS Code's reader fails on it and reads none of this file's servers", null)]
        [InlineData("{\"servers\": {\"off\": null, @}}", CheckStatus.Fail, "reads none of this file's servers", null)]
        [InlineData("{\u0085\"servers\": {@}}", CheckStatus.Fail, "unexpected", null)]
        [InlineData("{\u2060\"servers\": {@}}", CheckStatus.Fail, "unexpected", null)]
        public void VS_Code_reads_its_mcp_json_as_its_own_reader_does(string text, CheckStatus status, string says, string extension)
        {
            const string path = "/home/alice/.config/Code/User/mcp.json";
            var (r, p) = ReadVsCodeFile(path, text);
            Assert.Equal(status, p.Status);
            Assert.Contains(says, p.Message, StringComparison.Ordinal);
            if (extension != null) Assert.Contains(extension, p.Message, StringComparison.Ordinal);
            // A refused or unmodelled file has no entry checked; a taken one has its Teleport entry checked.
            Assert.Equal(status == CheckStatus.Pass && !says.StartsWith("0", StringComparison.Ordinal), r.Any(x => x.Check == ClientChecks.Command));
        }

        // A "__proto__" object, array or null becomes the prototype of the object around it (json.ts parse assigns
        // currentParent[name] = value); the scanner reads result.servers through the root's prototypes and lists the servers
        // with Object.entries, own properties only (mcpResourceScannerService.ts @5b590f71). Measured per position with that
        // code on json.ts, Node 20. Inside a server, what VS Code does with inherited properties after the scanner is not
        // confirmed: Indeterminate.
        [Theory]
        [InlineData("{\"__proto__\": {\"servers\": {@}}}", CheckStatus.Pass, "1 server entry, 1 running tsh mcp connect", null)]
        [InlineData("{\"__proto__\": {\"__proto__\": {\"servers\": {@}}}}", CheckStatus.Pass, "1 server entry, 1 running tsh mcp connect", null)]
        [InlineData("{\"__proto__\": null, \"servers\": {@}}", CheckStatus.Pass, "1 server entry, 1 running tsh mcp connect", null)]
        [InlineData("{\"__proto__\": [{\"servers\": {}}], \"servers\": {@}}", CheckStatus.Pass, "1 server entry, 1 running tsh mcp connect", null)]
        [InlineData("{\"__proto__\": {\"servers\": {\"x\": {\"command\": \"node\"}}}, \"servers\": {@}}", CheckStatus.Pass, "1 server entry, 1 running tsh mcp connect", null)]
        [InlineData("{\"servers\": null, \"__proto__\": {\"servers\": {@}}}", CheckStatus.Pass, "0 server entries", null)]
        [InlineData("{\"servers\": {\"__proto__\": {@}}}", CheckStatus.Pass, "0 server entries", "VS Code does not list the server \"teleport-mcp-files\" held by the \"__proto__\" property at line 1, column 14")]
        [InlineData("{\"servers\": {\"__proto__\": {@}, \"web\": {\"url\": \"https://example.com/mcp\"}}}", CheckStatus.Pass, "1 server entry, 0 running tsh mcp connect", "so it starts none of them")]
        [InlineData("{\"servers\": {\"__proto__\": [{\"command\": \"/usr/bin/tsh\"}], @}}", CheckStatus.Pass, "1 server entry, 1 running tsh mcp connect", null)]
        [InlineData("{\"servers\": {\"__proto__\": null, \"__proto__\": {@}}}", CheckStatus.Pass, "1 server entry, 0 running tsh mcp connect", null)]
        [InlineData("{\"servers\": {\"teleport-mcp-files\": {\"__proto__\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}", CheckStatus.Indeterminate, "it is in the server 'teleport-mcp-files'", null)]
        [InlineData("{\"servers\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"], \"env\": {\"__proto__\": {\"TELEPORT_PROXY\": \"p:443\"}}}}}", CheckStatus.Indeterminate, "whether VS Code starts that server with the properties it inherits is not confirmed", null)]
        [InlineData("{\"servers\": {@, \"other\": {\"command\": \"node\", \"args\": [{\"__proto__\": []}]}}}", CheckStatus.Indeterminate, "it is in the server 'other'", null)]
        public void VS_Code_mcp_json_prototype_as_VS_Code_reads_it(string text, CheckStatus status, string says, string also)
        {
            const string path = "/home/alice/.config/Code/User/mcp.json";
            var (r, p) = ReadVsCodeFile(path, text);
            Assert.Equal(status, p.Status);
            Assert.Contains(says, p.Message, StringComparison.Ordinal);
            if (also != null) Assert.Contains(also, p.Message, StringComparison.Ordinal);
            Assert.Equal(says.Contains("1 running"), r.Any(x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files"));
        }

        // A .code-workspace's servers are read by the scanner as an mcp.json's (mcpResourceScannerService.ts @20ba3e6c, target
        // WORKSPACE: result.settings?.mcp, then Object.entries(mcp.servers ?? {})): measured with that code on json.ts, Node 20.
        [Theory]
        [InlineData("{\"settings\": {\"mcp\": {\"servers\": {\"__proto__\": {@}}}}}", "0 server entries", "VS Code does not list the server \"teleport-mcp-files\" held by the \"__proto__\" property at line 1, column 35")]
        [InlineData("{\"__proto__\": {\"settings\": {\"mcp\": {\"servers\": {@}}}}}", "1 server entry, 1 running tsh mcp connect", null)]
        [InlineData("{\"settings\": {\"mcp\": {\"__proto__\": {\"servers\": {@}}}}}", "1 server entry, 1 running tsh mcp connect", null)]
        public void VS_Code_workspace_file_prototype_as_the_scanner_reads_it(string text, string says, string also)
        {
            const string path = "/home/alice/src/api.code-workspace";
            var (r, p) = ReadVsCodeFile(path, text);
            Assert.Equal(CheckStatus.Pass, p.Status);
            Assert.Contains(says, p.Message, StringComparison.Ordinal);
            if (also != null) Assert.Contains(also, p.Message, StringComparison.Ordinal);
            Assert.Equal(says.Contains("1 running"), r.Any(x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files"));
        }

        // A settings.json is read as settings (ConfigurationModelParser), whose handling of a prototype is not modelled.
        [Theory]
        [InlineData("/home/alice/.config/Code/User/settings.json", "{\"mcp\": {\"servers\": {\"__proto__\": {@}}}}")]
        public void VS_Code_settings_with_a_prototype_stay_indeterminate(string path, string text)
        {
            var (_, p) = ReadVsCodeFile(path, text);
            Assert.Equal(CheckStatus.Indeterminate, p.Status);
            Assert.Contains("which servers and values VS Code takes from this file is not modelled", p.Message, StringComparison.Ordinal);
        }

        // Text nested deeper than this module's JsonMaxDepth (512) is the module's limit, not the client's refusal: VS Code's json.ts
        // took 1,000 levels (measured: the scanner's code on json.ts, Node 20; 100,000 overflow its stack), as JSON.parse does.
        // The verdict is Indeterminate, never "the client ignores the whole file" (helper-227).
        [Theory]
        [InlineData("/home/alice/.config/Code/User/mcp.json", "servers", 600)]
        [InlineData("/home/alice/.config/Code/User/mcp.json", "servers", 100_000)]
        [InlineData("/home/alice/.claude.json", "mcpServers", 1000)]
        [InlineData("/home/alice/.cursor/mcp.json", "mcpServers", 600)]
        public void Text_deeper_than_the_modules_limit_is_indeterminate_not_a_refusal(string path, string key, int depth)
        {
            string text = "{\"" + key + "\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"], \"x\": "
                + new string('[', depth) + new string(']', depth) + "}}}";
            var env = FakeEnv.Linux().File(path, text).File("/usr/bin/tsh");
            var r = Run(env, more: o => { o.Paths = new[] { path }; o.SkipSession = true; });
            var p = One(r, ClientChecks.ConfigParse);
            Assert.Equal(CheckStatus.Indeterminate, p.Status);
            Assert.Contains("nesting deeper than 512 levels", p.Message, StringComparison.Ordinal);
            Assert.Contains("this module's limit, not the client's", p.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(r, x => x.Status == CheckStatus.Fail);
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.Command);
        }

        // A settings.json's servers: newer releases move the user file's "mcp" with jsonc.ts parse, all or nothing (mcpMigration.ts
        // @ce34ccc3); older ones read it as settings, keeping what json.ts reads around a syntax error (ConfigurationModelParser):
        // which release is not known, so the module does not say none of its servers start.
        [Fact]
        public void VS_Code_settings_json_with_a_syntax_error_is_indeterminate_not_ignored()
        {
            const string path = "/home/alice/.config/Code/User/settings.json";
            var env = FakeEnv.Linux().File(path, "{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}, \"editor.fontSize\": 12 13}").File("/usr/bin/tsh");
            var r = Run(env, more: o => { o.Paths = new[] { path }; o.SkipSession = true; });
            var p = One(r, ClientChecks.ConfigParse);
            Assert.Equal(CheckStatus.Indeterminate, p.Status);
            Assert.Contains("newer ones read the \"mcp\" section of the user settings.json only to move its servers to mcp.json (JSON.parse after removing comments and trailing commas, so a syntax error moves none)", p.Message, StringComparison.Ordinal);
            Assert.Contains("older ones read it as settings, keeping what json.ts reads around the error", p.Message, StringComparison.Ordinal);
            Assert.Equal(path + ":1:134", p.Location); // the "13" after the value
        }

        // A workspace .vscode/mcp.json with a syntax error: 1.99 to 1.101 read it as the standalone "mcp" configuration, whose
        // reader (configurationModels.ts doParseContent) keeps what json.ts reads around the error; 1.102 and later read it with
        // the scanner, which any error stops (mcpResourceScannerService.ts). Before: a ConfigParse Fail, no entry checked.
        [Theory]
        [InlineData("{\"servers\": {@ \"other\": {\"command\": \"npx\"}}}", "1:101")]                      // a missing comma: at "other"
        [InlineData("{\"servers\": {@, \"other\": {\"command\": \"npx}}}", "1:1")]                          // an unclosed string
        [InlineData("{\"servers\": {@}}\ngarbage", "2:1")]                                                    // a trailing garbage line
        [InlineData("{\"servers\": {@, \"other\": {\"comm", "1:1")]                                           // a truncated file
        [InlineData("{\"servers\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\" \"args\": [\"mcp\", \"connect\", \"files\"]}}}", "1:63")]
        [InlineData("{\"servers.teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}, 7}", "1:")]
        public void VS_Code_workspace_mcp_json_with_a_syntax_error_by_release(string text, string at)
        {
            const string path = "/home/alice/src/api/.vscode/mcp.json";
            var (r, p) = ReadVsCodeFile(path, text);
            Assert.Equal(CheckStatus.Indeterminate, p.Status);
            Assert.StartsWith(path + ":" + at, p.Location, StringComparison.Ordinal);
            Assert.Contains("VS Code 1.99 to 1.101 read a workspace's .vscode/mcp.json as settings, whose reader keeps what it reads around a syntax error, here ", p.Message, StringComparison.Ordinal);
            Assert.Contains("1 running tsh mcp connect (teleport-mcp-files)", p.Message, StringComparison.Ordinal);
            Assert.Contains("VS Code 1.102 and later read it with a reader that any syntax error stops, and start none of its servers", p.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.ConfigParse && x.Status == CheckStatus.Fail);
            var use = Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.Message.StartsWith("VS Code 1.99 to 1.101 start this entry (their settings reader keeps it around the syntax error at line ", StringComparison.Ordinal));
            Assert.Equal(CheckStatus.Indeterminate, use.Status);
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files"); // checked as if it starts
        }

        // A .code-workspace's "settings": 1.99 to 1.101 read it as settings, dotted keys merged (WorkspaceConfigurationModelParser,
        // configMcpDiscovery.ts @0404e192); 1.102 and later read "settings.mcp.servers" as plain properties (mcpResourceScannerService.ts
        // @20ba3e6c). Before: a dotted key was a ServersKey Fail, and a nested entry a dotted key replaces had no row.
        [Theory]
        [InlineData("{\"settings\": {\"mcp.servers\": {@}}}", "VS Code 1.99 to 1.101 start this entry of the workspace file (they read its \"settings\" as settings, where a dotted key such as \"mcp.servers\" is the nested setting); 1.102 and later read only", "Write the entry under \"settings\": {\"mcp\": {\"servers\": ...}}")]
        [InlineData("{\"settings\": {\"mcp.servers.teleport-mcp-files\": #}}", "VS Code 1.99 to 1.101 start this entry of the workspace file", "Write the entry under \"settings\": {\"mcp\": {\"servers\": ...}}")]
        [InlineData("{\"settings\": {\"mcp\": {\"servers\": {@}}, \"mcp.servers.teleport-mcp-files\": {\"command\": \"npx\"}}}", "VS Code 1.102 and later start this entry; 1.99 to 1.101 start in its place the server of the same name that a dotted key of \"settings\" sets over it at line 1, column ", "Remove the dotted key that sets \"teleport-mcp-files\" again at line 1, column ")]
        [InlineData("{\"settings\": {\"mcp\": {\"servers\": {@}}, \"mcp.servers\": {\"other\": {\"command\": \"npx\"}}}}", "VS Code 1.102 and later start this entry; 1.99 to 1.101 do not: they read \"settings\" as settings, where a later dotted key", "Write every server under the one nested")]
        public void VS_Code_workspace_file_dotted_servers_by_release(string text, string says, string fix)
        {
            var (r, p) = ReadVsCodeFile("/home/alice/src/api/api.code-workspace", text.Replace("#", "{\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}"));
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.ServersKey && x.Status == CheckStatus.Fail);
            var use = Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.Status == CheckStatus.Indeterminate && x.Message.Contains("1.99 to 1.101", StringComparison.Ordinal));
            Assert.StartsWith(says, use.Message, StringComparison.Ordinal);
            Assert.EndsWith("which release runs here is not known to this check, and the entry is checked as if it starts", use.Message, StringComparison.Ordinal);
            Assert.StartsWith(fix, use.Fix, StringComparison.Ordinal);
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files");
        }

        // A workspace's .vscode/mcp.json that parses: 1.99 to 1.101 read it as the standalone "mcp" configuration
        // (StandaloneConfigurationModelParser.doParseRaw: toValuesTree, dotted keys merged; the same in 1.99.3, 1.100.3, 1.101.1,
        // npm @codingame/monaco-vscode-configuration-service-override 16.1.1, 17.1.3, 18.1.3) and ConfigMcpDiscovery folds a truthy
        // "mcpServers" into "servers" (configMcpDiscovery.ts @0404e192, @9eab112e; npm code-server 4.99.4 = VS Code 1.99.3 and
        // 4.100.3 = 1.100.3, workbench.js); 1.102 and later read "servers" only (mcpResourceScannerService.ts @20ba3e6c).
        // Before: a dotted key was not read at all (no row) and "mcpServers" was a ServersKey Fail.
        [Theory]
        [InlineData("{\"servers.teleport-mcp-files\": #}", "VS Code 1.99 to 1.101 start this entry of the workspace's .vscode/mcp.json (they read the file as settings, where a dotted key such as \"servers.X\" is the nested setting); 1.102 and later read only \"servers\"", "Write the entry under \"servers\" (a nested object, not a dotted key)")]
        [InlineData("{\"servers\": {\"other\": {\"command\": \"npx\"}}, \"mcpServers\": {@}}", "VS Code 1.99 to 1.101 start this entry of the workspace's .vscode/mcp.json (they fold \"mcpServers\" into \"servers\" (and try to write that back to the file)); 1.102 and later read only \"servers\"", "Write the entry under \"servers\" (a nested object, not \"mcpServers\")")]
        [InlineData("{\"servers\": {@}, \"servers.teleport-mcp-files\": {\"command\": \"npx\"}}", "VS Code 1.102 and later start this entry; 1.99 to 1.101 start in its place the server of the same name that a dotted key of the file sets over it at line 1, column ", "Remove the dotted key that sets \"teleport-mcp-files\" again at line 1, column ")]
        [InlineData("{\"servers\": {@}, \"mcpServers\": {\"teleport-mcp-files\": {\"command\": \"npx\"}}}", "VS Code 1.102 and later start this entry; 1.99 to 1.101 start in its place the server of the same name in \"mcpServers\" at line 1, column ", "Remove or rename the server \"teleport-mcp-files\" in \"mcpServers\" at line 1, column ")]
        public void VS_Code_workspace_mcp_json_dotted_keys_and_mcpServers_by_release(string text, string says, string fix)
        {
            var (r, p) = ReadVsCodeFile("/home/alice/src/api/.vscode/mcp.json", text.Replace("#", "{\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}"));
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.ServersKey && x.Status == CheckStatus.Fail);
            var use = Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.Status == CheckStatus.Indeterminate && x.Message.Contains("1.99 to 1.101", StringComparison.Ordinal));
            Assert.StartsWith(says, use.Message, StringComparison.Ordinal);
            Assert.EndsWith("which release runs here is not known to this check, and the entry is checked as if it starts", use.Message, StringComparison.Ordinal);
            Assert.StartsWith(fix, use.Fix, StringComparison.Ordinal);
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files");
        }

        // Nested servers no dotted key or "mcpServers" touches, and a user mcp.json (read from 1.102 only, by the scanner): no row
        // of releases; a user mcp.json's "mcpServers" stays a key VS Code does not read.
        [Theory]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "{\"servers\": {@}, \"servers.other\": {\"command\": \"npx\"}, \"mcpServers\": {\"more\": {\"command\": \"npx\"}}}")]
        [InlineData("/home/alice/.config/Code/User/mcp.json", "{\"servers\": {@}, \"servers.teleport-mcp-files\": {\"command\": \"npx\"}}")]
        public void VS_Code_mcp_json_nested_servers_need_no_release_row(string path, string text)
        {
            var (r, p) = ReadVsCodeFile(path, text);
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.Message.Contains("1.99 to 1.101", StringComparison.Ordinal));
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files");
        }

        [Fact]
        public void VS_Code_user_mcp_json_mcpServers_is_not_read()
        {
            var (r, p) = ReadVsCodeFile("/home/alice/.config/Code/User/mcp.json", "{\"mcpServers\": {@}}");
            Assert.DoesNotContain(r, x => x.Entry == "teleport-mcp-files");
            Assert.Contains(r, x => x.Check == ClientChecks.ServersKey && x.Status == CheckStatus.Fail);
        }

        // A .code-workspace's "settings": {"mcp": {"mcpServers": ...}} is folded by 1.99 to 1.101 too (the same sync, the workspace
        // value of "mcp"); 1.102 and later read only "settings.mcp.servers". Before: not read (no row).
        [Fact]
        public void VS_Code_workspace_file_mcpServers_by_release()
        {
            var (r, p) = ReadVsCodeFile("/home/alice/src/api/api.code-workspace", "{\"settings\": {\"mcp\": {\"mcpServers\": {@}}}}");
            var use = Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.Status == CheckStatus.Indeterminate && x.Message.Contains("1.99 to 1.101", StringComparison.Ordinal));
            Assert.StartsWith("VS Code 1.99 to 1.101 start this entry of the workspace file (they fold \"mcpServers\" into \"servers\"", use.Message, StringComparison.Ordinal);
            Assert.StartsWith("Write the entry under \"settings\": {\"mcp\": {\"servers\": ...}} (a nested object, not \"mcpServers\")", use.Fix, StringComparison.Ordinal);
        }

        // Every release reads a nested entry no dotted key touches: no row of releases.
        [Fact]
        public void VS_Code_workspace_file_nested_servers_need_no_release_row()
        {
            var (r, p) = ReadVsCodeFile("/home/alice/src/api/api.code-workspace", "{\"settings\": {\"mcp\": {\"servers\": {@}}, \"mcp.servers.other\": {\"command\": \"npx\"}}}");
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.Message.Contains("1.99 to 1.101", StringComparison.Ordinal));
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files");
        }

        // A .code-workspace is read by WorkspaceConfigurationModelParser in 1.99 to 1.101, the same reader around errors, its
        // "settings" as settings (a dotted key merged); 1.102 and later by the scanner. Before: a ConfigParse Fail.
        [Theory]
        [InlineData("{\"folders\": [{\"path\": \".\"}] \"settings\": {\"mcp\": {\"servers\": {@}}}}")]
        [InlineData("{\"folders\": [{\"path\": \".\"}], \"settings\": {\"mcp.servers\": {@}}}\n}")]
        public void VS_Code_workspace_file_with_a_syntax_error_by_release(string text)
        {
            var (r, p) = ReadVsCodeFile("/home/alice/src/api/api.code-workspace", text);
            Assert.Equal(CheckStatus.Indeterminate, p.Status);
            Assert.Contains("VS Code 1.99 to 1.101 read a .code-workspace file as settings, whose reader keeps what it reads around a syntax error, here 1 server entry, 1 running tsh mcp connect (teleport-mcp-files)", p.Message, StringComparison.Ordinal);
            var use = Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.Status == CheckStatus.Indeterminate && x.Message.Contains("1.99 to 1.101", StringComparison.Ordinal));
            Assert.StartsWith("VS Code 1.99 to 1.101 start this entry (their settings reader keeps it around the syntax error at line ", use.Message, StringComparison.Ordinal);
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files");
        }

        // What the reading around the error drops (a missing colon skips to the next comma) starts in no release: a Fail naming it.
        [Fact]
        public void VS_Code_workspace_mcp_json_server_dropped_at_a_syntax_error_fails()
        {
            const string path = "/home/alice/src/api/.vscode/mcp.json";
            var env = FakeEnv.Linux().File(path, "{\"servers\": {\"other\": {\"command\": \"npx\"},\n \"teleport-mcp-files\" {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}").File("/usr/bin/tsh");
            var r = Run(env, more: o => { o.Paths = new[] { path }; o.SkipSession = true; });
            var fail = Assert.Single(r, x => x.Check == ClientChecks.ConfigParse && x.Status == CheckStatus.Fail);
            Assert.StartsWith("no VS Code release starts the server \"teleport-mcp-files\" named under \"servers\" at line 2, column 2: 1.99 to 1.101 read no value for it around the syntax error", fail.Message, StringComparison.Ordinal);
            Assert.Equal(path + ":2:2", fail.Location);
            Assert.Contains(r, x => x.Check == ClientChecks.ConfigParse && x.Status == CheckStatus.Indeterminate);
            Assert.DoesNotContain(r, x => x.Entry == "teleport-mcp-files");
        }

        // The settings reading around the error cannot be modelled (a "__proto__" object becomes a prototype there): 1.99 to
        // 1.101 may keep servers of the file, so it is Indeterminate with the reason. Before: a ConfigParse Fail ("the client
        // ignores the whole file").
        [Theory]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "{\"__proto__\": {}, \"servers\": {@ \"other\": {\"command\": \"npx\"}}}", "a workspace's .vscode/mcp.json")]
        [InlineData("/home/alice/src/api/api.code-workspace", "{\"settings\": {\"mcp\": {\"__proto__\": [], \"servers\": {@ \"other\": {\"command\": \"npx\"}}}}}", "a .code-workspace file")]
        public void VS_Code_workspace_file_with_a_syntax_error_read_around_unmodelled_is_indeterminate(string path, string text, string kind)
        {
            var (r, p) = ReadVsCodeFile(path, text);
            Assert.Equal(CheckStatus.Indeterminate, p.Status);
            Assert.Contains("; VS Code 1.102 and later read none of this file for the syntax error, but 1.99 to 1.101 read " + kind + " as settings, keeping what their reader reads around it, and here a property named \"__proto__\" holding ", p.Message, StringComparison.Ordinal);
            Assert.EndsWith("whether they keep servers of this file is not known here; its servers are not checked", p.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(r, x => x.Status == CheckStatus.Fail);
        }

        // A server the reading around the error did read, lost because a later key replaces the map that holds it, gets that
        // reason, not "read no value" (toValuesTree's addToValueTree sets the last key). Before: "read no value for it".
        [Theory]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "{\"servers\": {@},\n \"servers\": {\"other\": {\"command\": \"npx\"}}\n 7}", "\"servers\" at line 1, column 14: 1.99 to 1.101 read it, but the later \"servers\" at line 2, column 2 sets another value over the map that holds it, and 1.102 and later read none of the file")]
        [InlineData("/home/alice/src/api/api.code-workspace", "{\"settings\": {\"mcp\": {\"servers\": {@}},\n \"mcp.servers\": {\"other\": {\"command\": \"npx\"}}} 7}", "at line 1, column 35: 1.99 to 1.101 read it, but the later \"mcp.servers\" at line 2, column 2 sets another value over the map that holds it, and 1.102 and later")]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "{\"servers\": {@},\n \"servers\": {\"other\": {\"command\": \"npx\"}, \"b\" {\"command\": \"npx\"}}}", "servers \"teleport-mcp-files\", \"b\" named under \"servers\" at line 1, column 14: 1.99 to 1.101 read no value for \"b\" around the syntax error (line 2, column 47); they read \"teleport-mcp-files\", but the later \"servers\" at line 2, column 2 sets another value over the map that holds it, and 1.102")]
        public void VS_Code_workspace_server_replaced_by_a_later_key_says_so(string path, string text, string says)
        {
            text = text.Replace("@", "\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}");
            var r = Run(FakeEnv.Linux().File(path, text).File("/usr/bin/tsh"), more: o => { o.Paths = new[] { path }; o.SkipSession = true; });
            var fail = Assert.Single(r, x => x.Check == ClientChecks.ConfigParse && x.Status == CheckStatus.Fail);
            Assert.True(fail.Message.Contains(says, StringComparison.Ordinal), fail.Message);
            Assert.DoesNotContain(r, x => x.Entry == "teleport-mcp-files");
        }

        // A user or profile mcp.json is read only by 1.102 and later (release-notes v1_102.md), with the scanner: still a Fail.
        [Theory]
        [InlineData("/home/alice/.config/Code/User/mcp.json")]
        [InlineData("/home/alice/src/api/.vscode/mcp.json")]
        public void VS_Code_mcp_json_broken_beyond_what_any_release_reads_fails(string path)
        {
            var text = path.Contains("/User/", StringComparison.Ordinal) ? "{\"servers\": {@ \"other\": {\"command\": \"npx\"}}}" : "{\"servers\": {\"teleport-mcp-files\" 1}}";
            var (r, p) = ReadVsCodeFile(path, text);
            Assert.Equal(CheckStatus.Fail, p.Status);
            Assert.DoesNotContain(r, x => x.Entry == "teleport-mcp-files");
        }

        // Which releases start a server of a settings.json: 1.99 to 1.101 read its "mcp" as a setting (configMcpDiscovery.ts
        // @0404e192); 1.102 and later move only the user file's nested "mcp" to the profile's mcp.json, parsed with jsonc.ts
        // (mcpMigration.ts @3ddeb688, jsonc.ts @1fd17c53), and read no folder's .vscode/settings.json. '#' is a second server.
        [Theory]
        [InlineData("/home/alice/src/api/.vscode/settings.json", "{\"mcp\": {\"servers\": {@}}}", "1.102 and later neither start nor move the \"mcp\" section of a workspace settings.json, so they never start it", "/home/alice/src/api/.vscode/mcp.json")]
        [InlineData("/home/alice/src/api/.vscode/settings.json", "{\"mcp.servers\": {@}, // c\n}", "1.102 and later neither start nor move", "/home/alice/src/api/.vscode/mcp.json")]
        [InlineData("/home/alice/.config/Code/User/settings.json", "{\"mcp.servers\": {@}}", "they do not move it: they move only the servers of the nested \"mcp\": {\"servers\": ...}, not a dotted \"mcp.servers\" key", "/home/alice/.config/Code/User/mcp.json")]
        [InlineData("/home/alice/.config/Code/User/settings.json", "{\"mcp\": {\"servers\": {}}, \"mcp.servers.teleport-mcp-files\": #}", "not a dotted \"mcp.servers\" key", "/home/alice/.config/Code/User/mcp.json")]
        [InlineData("/home/alice/.config/Code/User/profiles/1a2b/settings.json", "{\"mcp\": {\"servers\": {@, \"off\": null}}}", "they move none of its servers: the server \"off\" at line 1, column 117 is null, and reading its \"type\" throws", "/home/alice/.config/Code/User/profiles/1a2b/mcp.json")]
        [InlineData("/home/alice/.config/Code/User/settings.json", "{\"mcp\": {\"servers\": {\"npx\": \"npx\", @}}}", "the server \"npx\" at line 1, column 29 is not an object", "/home/alice/.config/Code/User/mcp.json")]
        [InlineData("/home/alice/.config/Code/User/settings.json", "{\"mcp\": {\"servers\": {@}}, // note\r\"editor.fontSize\": 12}", "they parse the file with JSON.parse after removing comments and trailing commas, which fails (", "/home/alice/.config/Code/User/mcp.json")]
        [InlineData("/home/alice/.config/Code/User/settings.json", "{\"mcp\": {\"servers\": {@}}, // note\u2028\"editor.fontSize\": 12}", "which fails (", "/home/alice/.config/Code/User/mcp.json")]
        [InlineData("/home/alice/.config/Code/User/settings.json", "{\"mcp\": {\"servers\": {@}}, \"mcp.servers.teleport-mcp-files\": #}", "they move the server \"teleport-mcp-files\" written at line 1, column 44 (the nested \"mcp\": {\"servers\": ...}), not this one, which a dotted key sets over it", "/home/alice/.config/Code/User/mcp.json")]
        // "mcpServers" beside "servers": read and rewritten by 1.99 to 1.101 (configMcpDiscovery.ts @9eab112e), never moved by 1.102.
        [InlineData("/home/alice/.config/Code/User/settings.json", "{\"mcp\": {\"mcpServers\": {@}}}", "1.102 and later neither start nor move \"mcpServers\"", "/home/alice/.config/Code/User/mcp.json")]
        [InlineData("/home/alice/.config/Code/User/settings.json", "{\"mcp\": {\"servers\": {\"other\": {\"command\": \"npx\"}}}, \"mcp.mcpServers\": {@}}", "they fold it into \"servers\"", "/home/alice/.config/Code/User/mcp.json")]
        [InlineData("/home/alice/src/api/.vscode/settings.json", "{\"mcp\": {\"mcpServers\": {@}}}", "neither start nor move \"mcpServers\"", "/home/alice/src/api/.vscode/mcp.json")]
        // A "servers" entry a same-named "mcpServers" one replaces in 1.99 to 1.101; 1.102 moves the "servers" one.
        [InlineData("/home/alice/.config/Code/User/settings.json", "{\"mcp\": {\"servers\": {@}, \"mcpServers\": {\"teleport-mcp-files\": {\"command\": \"npx\"}}}}", "start not this entry of a user settings.json but the server of the same name in \"mcp\": {\"mcpServers\": ...} at line 1, column 148", "/home/alice/.config/Code/User/mcp.json")]
        // A byte order mark: jsonc.ts's JSON.parse refuses it where the window's decoder keeps it (VSBuffer.toString: dropped through
        // 1.106, npm code-server@4.106.3; kept from 1.108, code-server@4.108.1, microsoft/vscode#272389); then parseMcpConfig's catch
        // only logs, and the notification on a later edit ignores the same error (mcpMigration.ts, index 103802229).
        [InlineData("/home/alice/.config/Code/User/settings.json", "\uFEFF{\"mcp\": {\"servers\": {@}}}", "1.102 to 1.106 drop it when they decode the file and move its servers as if it were absent, while 1.108 and later keep it, which JSON.parse refuses, so they move none of its servers and say so only in VS Code's log (\"MCP migration: Failed to parse MCP config\"), with no notification (1.107 is not confirmed)", "/home/alice/.config/Code/User/mcp.json")]
        // JSON.parse keeps "__proto__" as an own key (a string server: the move throws); VS Code's settings reader drops it.
        [InlineData("/home/alice/.config/Code/User/settings.json", "{\"mcp\": {\"servers\": {@, \"__proto__\": \"x\"}}}", "JSON.parse keeps the key \"__proto__\" of \"servers\" as a server, which is not an object", "/home/alice/.config/Code/User/mcp.json")]
        public void VS_Code_settings_json_servers_by_release(string path, string text, string says, string moveTo)
        {
            var (r, _) = ReadVsCodeFile(path, text.Replace("#", "{\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}"));
            var use = Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Status != CheckStatus.Skipped && x.Message.Contains(says, StringComparison.Ordinal));
            Assert.Equal(CheckStatus.Indeterminate, use.Status);
            Assert.StartsWith("VS Code 1.99 to 1.101 start ", use.Message, StringComparison.Ordinal);
            Assert.True(use.Message.Contains(says, StringComparison.Ordinal), use.Message);
            Assert.EndsWith("which release runs here is not known to this check, and the entry is checked as if it starts", use.Message, StringComparison.Ordinal);
            Assert.Equal("Move the entry to " + moveTo + ", under \"servers\" (the same entry, without the \"mcp\" key around it), and remove it here.", use.Fix);
            Assert.DoesNotContain(r, x => x.Entry == use.Entry && x.Check == ClientChecks.ConfigInUse && x.Status == CheckStatus.Pass);
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == use.Entry); // still checked, as if it starts
        }

        // A folder's settings.json entry that a same-named "mcpServers" entry replaces: 1.99 to 1.101 start the mcpServers one
        // (configMcpDiscovery.ts @9eab112e), 1.102 and later read no folder settings.json: no release starts it (was "1.99 to
        // 1.101 start this entry"). In either spelling of the section.
        [Theory]
        [InlineData("{\"mcp\": {\"servers\": {@}, \"mcpServers\": {\"teleport-mcp-files\": {\"command\": \"npx\"}}}}")]
        [InlineData("{\"mcp.servers\": {@}, \"mcp.mcpServers\": {\"teleport-mcp-files\": {\"command\": \"npx\"}}}")]
        public void VS_Code_folder_settings_json_entry_replaced_by_mcpServers_starts_in_no_release(string text)
        {
            var (r, _) = ReadVsCodeFile("/home/alice/src/api/.vscode/settings.json", text);
            var use = Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.Status == CheckStatus.Fail);
            Assert.StartsWith("No VS Code release starts this entry of a folder's .vscode/settings.json: 1.99 to 1.101 start the server of the same name in \"mcp\": {\"mcpServers\": ...} at line 1, column ", use.Message, StringComparison.Ordinal);
            Assert.EndsWith("1.102 and later neither start nor move the \"mcp\" section of a workspace settings.json", use.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(r, x => x.Entry == use.Entry && x.Check == ClientChecks.ConfigInUse && x.Message.StartsWith("VS Code 1.99 to 1.101 start this entry", StringComparison.Ordinal));
        }

        // A folder's .vscode/settings.json "mcp" and its .vscode/mcp.json are one configuration to 1.99 to 1.101: loadConfiguration
        // parses settings.json, then mcp.json as the standalone "mcp", and consolidate() merges them, settings.json first
        // (workbench/services/configuration/browser/configuration.js, npm @codingame/monaco-vscode-configuration-service-override
        // 16.1.1 = VS Code 1.99.3 and 18.1.3 = 1.101.1); mergeContents merges objects member by member, any other value of the later
        // file replaces the earlier (platform/configuration/common/configurationModels.js, npm @codingame/monaco-vscode-api 18.2.0);
        // ConfigMcpDiscovery.sync starts the merged folder value (configMcpDiscovery.ts @0404e192). 1.102 and later read only the
        // mcp.json (mcpResourceScannerService.ts @20ba3e6c). Before: each file was read alone. '#' is the Teleport server T.
        private const string FolderSettings = "/home/alice/src/api/.vscode/settings.json";
        private const string FolderMcpJson = "/home/alice/src/api/.vscode/mcp.json";
        private const string TshServer = "\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]";

        private static IReadOnlyList<ClientCheck> RunFolderPair(string settings, string mcpJson)
        {
            var env = FakeEnv.Linux().File(FolderSettings, settings.Replace("#", TshServer)).File(FolderMcpJson, mcpJson.Replace("#", TshServer)).File("/usr/bin/tsh");
            return Run(env, more: o => { o.Paths = new[] { FolderSettings, FolderMcpJson }; o.SkipSession = true; });
        }

        private static ClientCheck InUse(IReadOnlyList<ClientCheck> r, string path) =>
            Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.ConfigPath == path && x.Status != CheckStatus.Skipped);

        [Theory]
        // The settings.json's "env" is kept: 1.99 to 1.101 start the mcp.json entry with it.
        [InlineData("{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {#, \"env\": {\"TELEPORT_HOME\": \"/home/alice/.tsh\"}}}}}", "{\"servers\": {\"teleport-mcp-files\": {#}}}", "\"env\"")]
        // Objects on both sides merge member by member: "env.A" of settings.json is added to the mcp.json's "env".
        [InlineData("{\"mcp.servers\": {\"teleport-mcp-files\": {#, \"env\": {\"A\": \"1\"}}}}", "{\"servers\": {\"teleport-mcp-files\": {#, \"env\": {\"B\": \"2\"}}}}", "\"env.A\"")]
        // A file's "mcpServers" with other names does not stop the merge: sync folds it after the merge (configMcpDiscovery.ts
        // @0404e192 { ...value.servers, ...value.mcpServers }), so the settings.json's "env" is kept (helper-320; before: no row).
        [InlineData("{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {#, \"env\": {\"A\": \"1\"}}}, \"mcpServers\": {\"x\": {\"command\": \"npx\"}}}}", "{\"servers\": {\"teleport-mcp-files\": {#}}}", "\"env\"")]
        [InlineData("{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {#, \"env\": {\"A\": \"1\"}}}}}", "{\"servers\": {\"teleport-mcp-files\": {#}}, \"mcpServers\": {\"x\": {\"command\": \"npx\"}}}", "\"env\"")]
        public void VS_Code_folder_mcp_json_entry_merged_with_the_folders_settings_json_by_release(string settings, string mcpJson, string kept)
        {
            var r = RunFolderPair(settings, mcpJson);
            var use = InUse(r, FolderMcpJson);
            Assert.Equal(CheckStatus.Indeterminate, use.Status);
            Assert.StartsWith("VS Code 1.102 and later start this entry as written; 1.99 to 1.101, when the folder is the window's workspace, start it merged with the server of the same name in " + FolderSettings + " (line 1, column ", use.Message, StringComparison.Ordinal);
            Assert.Contains("the mcp.json's values winning, so they add that server's " + kept + ";", use.Message, StringComparison.Ordinal);
            Assert.EndsWith("which release runs here is not known to this check, and the entry is checked as if it starts", use.Message, StringComparison.Ordinal);
            Assert.Equal("Remove the server \"teleport-mcp-files\" from the \"mcp\" section of " + FolderSettings + ", so that every release starts this entry as written.", use.Fix);
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files" && x.ConfigPath == FolderMcpJson);
        }

        [Fact]
        public void VS_Code_folder_settings_json_entry_whose_members_the_mcp_json_replaces_starts_in_no_release()
        {
            var r = RunFolderPair("{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"docs\"]}}}}", "{\"servers\": {\"teleport-mcp-files\": {#}}}");
            var use = InUse(r, FolderSettings);
            Assert.Equal(CheckStatus.Fail, use.Status);
            Assert.Equal("No VS Code release starts this entry as written: 1.99 to 1.101 start in its place the server of the same name in " + FolderMcpJson + " (line 1, column 36) merged with it (they merge a folder's .vscode/settings.json \"mcp\" with its .vscode/mcp.json member by member, the mcp.json's values winning, so its \"args\" replaces this entry's), and 1.102 and later neither start nor move the \"mcp\" section of a workspace settings.json", use.Message);
            Assert.Equal("Remove the server \"teleport-mcp-files\" from the \"mcp\" section of " + FolderSettings + " and keep the one in " + FolderMcpJson + ".", use.Fix);
            // The mcp.json's entry loses nothing to the merge (settings.json has no member it lacks): no row of releases for it.
            Assert.DoesNotContain(r, x => x.ConfigPath == FolderMcpJson && x.Check == ClientChecks.ConfigInUse && x.Message.Contains("1.99 to 1.101", StringComparison.Ordinal));
        }

        // 1.99 to 1.101's sync lays the merged "mcpServers" over the merged "servers", a whole server replaced (configMcpDiscovery.ts
        // @0404e192: value = { ...value, servers: { ...value.servers, ...value.mcpServers } } over the folder value merged from both
        // files): a server of this name in the OTHER file's "mcpServers" takes this entry's place (helper-320; before: no row).
        // settings.json, mcp.json, the file checked, status, the start of its message.
        [Theory]
        [InlineData("{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {#}}}}", "{\"mcpServers\": {\"teleport-mcp-files\": {\"command\": \"npx\"}}}", FolderSettings, CheckStatus.Fail,
            "No VS Code release starts this entry as written: 1.99 to 1.101 start in its place the server of the same name in " + FolderMcpJson + " (\"mcpServers\" at line 1, column ")]
        [InlineData("{\"mcp\": {\"mcpServers\": {\"teleport-mcp-files\": {\"command\": \"npx\"}}}}", "{\"servers\": {\"teleport-mcp-files\": {#}}}", FolderMcpJson, CheckStatus.Indeterminate,
            "VS Code 1.102 and later start this entry as written; 1.99 to 1.101, when the folder is the window's workspace, start in its place the server of the same name in " + FolderSettings + " (\"mcpServers\" at line 1, column ")]
        [InlineData("{\"mcp.mcpServers\": {\"teleport-mcp-files\": {\"command\": \"npx\"}}}", "{\"servers\": {\"teleport-mcp-files\": {#}}}", FolderMcpJson, CheckStatus.Indeterminate,
            "VS Code 1.102 and later start this entry as written; 1.99 to 1.101, when the folder is the window's workspace, start in its place the server of the same name in " + FolderSettings + " (\"mcpServers\" at line 1, column ")]
        public void VS_Code_folder_entry_replaced_by_the_other_files_mcpServers_by_release(string settings, string mcpJson, string path, CheckStatus status, string starts)
        {
            var r = RunFolderPair(settings, mcpJson);
            var use = InUse(r, path);
            Assert.Equal(status, use.Status);
            Assert.StartsWith(starts, use.Message, StringComparison.Ordinal);
            Assert.Contains("then lay \"mcpServers\" over \"servers\", a whole server replaced", use.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void VS_Code_folder_settings_json_entry_the_mcp_json_adds_to_by_release()
        {
            var r = RunFolderPair("{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {#}}}}", "{\"servers\": {\"teleport-mcp-files\": {\"type\": \"stdio\", #}}}");
            var use = InUse(r, FolderSettings);
            Assert.Equal(CheckStatus.Indeterminate, use.Status);
            Assert.StartsWith("VS Code 1.99 to 1.101 start this entry of a folder's .vscode/settings.json (when that folder is the window's workspace) merged with the server of the same name in " + FolderMcpJson + " (line 1, column ", use.Message, StringComparison.Ordinal);
            Assert.Contains("the mcp.json's values winning, which adds its \"type\"); 1.102 and later neither start nor move", use.Message, StringComparison.Ordinal);
        }

        // Guards (the same before and after): the same server in both files, other names, and "mcpServers" (folded after the
        // merge; helper-320 moved its row, where no "mcpServers" server has this name, to the merge rows) keep the rows each file has alone.
        [Theory]
        [InlineData("{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {#}}}}", "{\"servers\": {\"teleport-mcp-files\": {#}}}")]
        [InlineData("{\"mcp\": {\"servers\": {\"other\": {\"command\": \"npx\", \"env\": {\"A\": \"1\"}}}}}", "{\"servers\": {\"teleport-mcp-files\": {#}}}")]
        public void VS_Code_folder_settings_json_and_mcp_json_without_a_merge_row(string settings, string mcpJson)
        {
            var r = RunFolderPair(settings, mcpJson);
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.ConfigInUse && x.Message.Contains("merge", StringComparison.Ordinal));
            Assert.DoesNotContain(r, x => x.ConfigPath == FolderMcpJson && x.Check == ClientChecks.ConfigInUse && x.Message.Contains("1.99 to 1.101", StringComparison.Ordinal));
        }

        // 1.102's move installs each server into the profile's mcp.json, and each install reads that file first: one that the
        // scanner cannot read (a syntax error, a server that is not an object) fails every install, and the move stops with the
        // servers still in settings.json (mcpMigration.ts, index 103802229; mcpResourceScannerService.ts @5b590f71). Before: no row.
        [Theory]
        [InlineData("{\"servers\": {\"x\": {\"command\": \"npx\"} \"y\": {}}}", "which fails (invalid JSON")]
        [InlineData("{\"servers\": {\"x\": null}}", "which fails (the server 'x' under servers is null")]
        public void VS_Code_user_settings_json_move_fails_on_a_broken_profile_mcp_json(string mcpJson, string says)
        {
            const string settings = "/home/alice/.config/Code/User/settings.json";
            var env = FakeEnv.Linux().File(settings, "{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}")
                .File("/home/alice/.config/Code/User/mcp.json", mcpJson).File("/usr/bin/tsh");
            var r = Run(env, more: o => { o.Paths = new[] { settings }; o.SkipSession = true; });
            var use = Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.Status == CheckStatus.Indeterminate);
            Assert.StartsWith("VS Code 1.99 to 1.101 start this entry of a user settings.json; 1.102 and later start only what they move from this file to the profile's mcp.json when they start, and they move none of its servers: each one's install reads /home/alice/.config/Code/User/mcp.json first, " + says, use.Message, StringComparison.Ordinal);
        }

        // A profile mcp.json that reads, or none: the move goes through, no row (VS_Code_user_settings_json_servers_every_release_starts).
        [Theory]
        [InlineData(null)]
        [InlineData("{\"servers\": {\"x\": {\"command\": \"npx\"},}, // c\n}")]
        public void VS_Code_user_settings_json_moves_into_a_readable_profile_mcp_json(string mcpJson)
        {
            const string settings = "/home/alice/.config/Code/User/settings.json";
            var env = FakeEnv.Linux().File(settings, "{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}").File("/usr/bin/tsh");
            if (mcpJson != null) env = env.File("/home/alice/.config/Code/User/mcp.json", mcpJson);
            var r = Run(env, more: o => { o.Paths = new[] { settings }; o.SkipSession = true; });
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files");
        }

        // A UTF-8 byte order mark: VS Code's json.ts takes U+FEFF as white space (base/common/json.ts isWhitespace, byteOrderMark),
        // so every reader of these files, 1.99 to 1.101's settings reader (json.visit) and 1.102's scanner (json.parse), reads the
        // file whole, whichever decoder kept the mark (measured: json.js of VS Code 1.99.3, 1.101.1, 1.102.3 as npm
        // @codingame/monaco-vscode-api 16.1.1, 18.2.0, 19.1.4 ship it, under Node 20: no error, the servers read). No release row.
        [Theory]
        [InlineData("/home/alice/src/api/.vscode/mcp.json", "\uFEFF{\"servers\": {@}}")]
        [InlineData("/home/alice/.config/Code/User/mcp.json", "\uFEFF{\"servers\": {@}}")]
        [InlineData("/home/alice/src/api/api.code-workspace", "\uFEFF{\"folders\": [], \"settings\": {\"mcp\": {\"servers\": {@}}}}")]
        public void VS_Code_byte_order_mark_read_by_every_release(string path, string text)
        {
            var (r, p) = ReadVsCodeFile(path, text);
            Assert.Equal(CheckStatus.Pass, p.Status);
            Assert.Contains("reads JSONC, so a byte order mark (BOM) at line 1, column 1 is allowed", p.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files");
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files");
        }

        // 1.102's move installs each server of the user settings.json into the profile's mcp.json beside it, and an install sets
        // the moved server over one of the same name (mcpMigration.ts, index 103802229; mcpManagementService.ts install, index
        // 32901635838; mcpResourceScannerService.ts @5b590f71 addMcpServers). 1.99 to 1.101 read no user mcp.json. Before: no row.
        [Theory]
        [InlineData("{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"command\": \"npx\"}}}}", CheckStatus.Indeterminate, "VS Code 1.102 and later, when they start with this profile, move the \"mcp\" section of /home/alice/.config/Code/User/settings.json into this file, and the server of the same name written there (line 1, column 44) replaces this entry (the move, mcpMigration.ts, at their next start; an install sets the moved server over one of the same name), unless VS Code first starts in a profile that uses the default profile's settings but has its own mcp.json, which then gets the move while this entry still starts in the default profile; whether every release since 1.102 still moves at start is not established")]
        [InlineData("\uFEFF{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"command\": \"npx\"}}}}", CheckStatus.Indeterminate, "VS Code 1.102 and later, when they start with this profile, move the \"mcp\" section of /home/alice/.config/Code/User/settings.json into this file, and the server of the same name written there (line 1, column 44) replaces this entry if the move reads that file, and whether they move any of its servers is not known: the file starts with a byte order mark")]
        public void VS_Code_user_mcp_json_entry_replaced_by_the_move(string settings, CheckStatus status, string says)
        {
            const string mcpJson = "/home/alice/.config/Code/User/mcp.json";
            var env = FakeEnv.Linux().File("/home/alice/.config/Code/User/settings.json", settings)
                .File(mcpJson, "{\"servers\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}").File("/usr/bin/tsh");
            var r = Run(env, more: o => { o.Paths = new[] { mcpJson }; o.SkipSession = true; });
            var use = Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.Message.Contains("1.102", StringComparison.Ordinal));
            Assert.Equal(status, use.Status);
            Assert.StartsWith(says, use.Message, StringComparison.Ordinal);
            Assert.StartsWith("Remove the server \"teleport-mcp-files\" from the \"mcp\" section of /home/alice/.config/Code/User/settings.json", use.Fix, StringComparison.Ordinal);
        }

        // No row: the moved server is this one (its "type" as the move sets it, members in any order); another name (both files
        // keep theirs); a dotted "mcp.servers" key (not moved); a settings.json the move cannot read (it stops: this entry stays).
        [Theory]
        [InlineData("{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"args\": [\"mcp\", \"connect\", \"files\"], \"command\": \"/usr/bin/tsh\"}}}}")]
        // The same server without "type" on both sides (the move sets "stdio" on the moved one, and mcp.json's default is stdio):
        // a reviewer's finding, session 44 mend; a Fail row before.
        [InlineData("{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}", "{\"servers\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}")]
        [InlineData("{\"mcp\": {\"servers\": {\"other\": {\"command\": \"npx\"}}}}")]
        [InlineData("{\"mcp.servers\": {\"teleport-mcp-files\": {\"command\": \"npx\"}}}")]
        [InlineData("{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"command\": \"npx\"}, \"x\": null}}}")]
        [InlineData("{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"command\": \"npx\"} \"x\": {}}}}")]
        public void VS_Code_user_mcp_json_entry_the_move_keeps(string settings, string mcpJsonText = null)
        {
            const string mcpJson = "/home/alice/.config/Code/User/mcp.json";
            var env = FakeEnv.Linux().File("/home/alice/.config/Code/User/settings.json", settings)
                .File(mcpJson, mcpJsonText ?? "{\"servers\": {\"teleport-mcp-files\": {\"type\": \"stdio\", \"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}").File("/usr/bin/tsh");
            var r = Run(env, more: o => { o.Paths = new[] { mcpJson }; o.SkipSession = true; });
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files" && x.Message.Contains("1.102", StringComparison.Ordinal));
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files");
        }

        // The settings.json side of the same name: the move sets it over the mcp.json server, so every release starts it: no row.
        [Fact]
        public void VS_Code_user_settings_json_entry_moved_over_a_same_named_mcp_json_server()
        {
            const string settings = "/home/alice/.config/Code/User/settings.json";
            var env = FakeEnv.Linux().File(settings, "{\"mcp\": {\"servers\": {\"teleport-mcp-files\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}}")
                .File("/home/alice/.config/Code/User/mcp.json", "{\"servers\": {\"teleport-mcp-files\": {\"command\": \"npx\"}}}").File("/usr/bin/tsh");
            var r = Run(env, more: o => { o.Paths = new[] { settings }; o.SkipSession = true; });
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.ConfigInUse && x.Entry == "teleport-mcp-files");
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files");
        }

        // Every release since 1.99 starts these: 1.102 and later move the nested section whole (comments, trailing commas,
        // a comma before a comment and a "//" inside a string are what jsonc.ts removes or keeps), then start it from mcp.json.
        [Theory]
        [InlineData("{\"mcp\": {\"servers\": {@}}}")]
        [InlineData("// user settings\r\n{\"mcp\": {\"servers\": {@, /* more */}, \"inputs\": [],}, \"x\": \"a // b\", // end\n}")]
        [InlineData("{\"mcp\": {\"servers\": {@, \"other\": [],}, /* c */}, \"y\": 1}")]
        [InlineData("{\"mcp\": {\"servers\": {@}}, \"mcp.servers.other\": {\"command\": \"npx\"}}")]
        public void VS_Code_user_settings_json_servers_every_release_starts(string text)
        {
            var (r, p) = ReadVsCodeFile("/home/alice/.config/Code/User/settings.json", text);
            Assert.Equal(CheckStatus.Pass, p.Status);
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.ConfigInUse);
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files");
        }

        // jsonc.ts stripComments (@1fd17c53) as JavaScript's regexp runs it: '.' stops at CR, U+2028 and U+2029; $ is the end only;
        // a backslash in a string takes no line terminator; \s holds U+FEFF and not U+0085.
        [Theory]
        [InlineData("{\"a\": 1} // x", "{\"a\": 1} ")]
        [InlineData("{\"a\": 1, // x\r\n}", "{\"a\": 1, \r\n}")]
        [InlineData("{\"a\": 1} // x\ry", "{\"a\": 1} // x\ry")]
        [InlineData("{\"a\": \"// x\"}", "{\"a\": \"// x\"}")]
        [InlineData("{\"a\": '/* x */'}", "{\"a\": '/* x */'}")]
        [InlineData("{\"a\": \"x\\\ny /* c */\"}", "{\"a\": \"x\\\ny \"}")]
        [InlineData("[1, /*/ */ 2 /*/]", "[1,  2 /*/]")]
        [InlineData("[1,\ufeff]", "[1\ufeff]")]
        [InlineData("[1,\u0085]", "[1,\u0085]")]
        [InlineData("[1, /***/]", "[1, ]")]
        public void Jsonc_strip_comments_follows_the_regexp(string text, string stripped)
        {
            Assert.Equal(stripped, VsCodeSettingsReleases.StripComments(text));
        }

        // A quote whose string never closes is no match and stays; a quote the failed scan passed as escaped fails the same
        // way (jsonc.ts's regexp, as above). A lone CR ends no line comment, so the comment's quotes are scanned.
        [Theory]
        [InlineData("[1] // \"a\\\r]", "[1] // \"a\\\r]")]
        [InlineData("[1] // \"\\\"\\\"\\\r\"b\" // c\n", "[1] // \"\\\"\\\"\\\r\"b\" \n")]
        [InlineData("[1] // '\\'\\\r'x' /* c */", "[1] // '\\'\\\r'x' ")]
        // The second quote's string runs into the block comment and closes at its first quote: the comment stays.
        [InlineData("[\"a\\\u2028\"] /* \"x\" */ 'y", "[\"a\\\u2028\"] /* \"x\" */ 'y")]
        public void Jsonc_strip_comments_keeps_quotes_that_never_close(string text, string stripped)
        {
            Assert.Equal(stripped, VsCodeSettingsReleases.StripComments(text));
        }

        // Hostile input: a lone-CR line comment of 2 Mi characters of "\"" pairs ending in a backslash before the CR. Each quote
        // in it began a scan to the comment's end that failed (about 10^12 steps: 40,000 characters took 3.3 s); each failed
        // stretch is now read once. The user settings.json around it is still read and its entry judged.
        [Fact]
        public void A_settings_json_comment_of_unclosed_quotes_is_read_in_linear_time()
        {
            const int pairs = 1 << 20;
            string comment = "// \"" + new System.Text.StringBuilder(2 * pairs).Insert(0, "\\\"", pairs) + "\\";
            // Steps are counted, not timed: a scan that reads each character a bounded number of times passes, a quadratic one
            // (about 10^12 steps here) fails.
            var counts = ParseCounter.Start();
            Assert.Equal("[1, " + comment + "\r2]", VsCodeSettingsReleases.StripComments("[1, " + comment + "\r2]"));
            Assert.InRange(counts[ParseCounter.StripCommentsSteps], 1, 4L * comment.Length);
            // Each "//" of a run of slashes before a lone CR began a scan to the CR as well.
            string slashes = "[1, " + new string('/', 2 * pairs) + "\r2]";
            counts = ParseCounter.Start();
            Assert.Equal(slashes, VsCodeSettingsReleases.StripComments(slashes));
            Assert.InRange(counts[ParseCounter.StripCommentsSteps], 1, 4L * slashes.Length);
            var (r, p) = ReadVsCodeFile("/home/alice/.config/Code/User/settings.json", "{\"mcp\": {\"servers\": {@}}, " + comment + "\r\"x\": 1}");
            Assert.Equal(CheckStatus.Pass, p.Status);
            var use = Assert.Single(r, x => x.Check == ClientChecks.ConfigInUse && x.Status == CheckStatus.Indeterminate);
            Assert.Contains("they parse the file with JSON.parse after removing comments and trailing commas, which fails (", use.Message, StringComparison.Ordinal);
            Assert.Contains(r, x => x.Check == ClientChecks.Command && x.Entry == "teleport-mcp-files");
        }

        // 1.102's move is judged on the whole file: it was parsed again for each Teleport entry (30,000 entries of a 2.6 MB file:
        // 30,000 parses). Once a file now; every entry still gets its row.
        [Fact]
        public void A_user_settings_json_of_many_teleport_entries_is_parsed_for_the_move_once()
        {
            const int n = 30_000;
            var b = new System.Text.StringBuilder("{\"mcp\": {\"servers\": {");
            for (int i = 0; i < n; i++)
                b.Append(i == 0 ? "" : ", ").Append("\"teleport-mcp-a").Append(i).Append("\": {\"command\": \"/usr/bin/tsh\", \"args\": [\"mcp\", \"connect\", \"a").Append(i).Append("\"]}");
            b.Append(", \"off\": null}}}");
            var counts = ParseCounter.Start();
            var (r, _) = ReadVsCodeFile("/home/alice/.config/Code/User/settings.json", b.ToString());
            Assert.Equal(n, r.Count(x => x.Check == ClientChecks.ConfigInUse && x.Status == CheckStatus.Indeterminate && x.Message.Contains("the server \"off\" at line 1, column ", StringComparison.Ordinal)));
            Assert.Equal(1, counts[ParseCounter.JsoncParse]);
        }

        // Copilot CLI reads its user file with jsonc-parser and keeps only properties named in double quotes whose values are
        // neither single-quoted nor plus-signed (measured, @github/copilot-linux-x64 1.0.102): the module counts what it keeps.
        [Theory]
        [InlineData("{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"timeout\":0x7530}}}", CheckStatus.Indeterminate, "1:106", "1 running tsh mcp connect", "a hexadecimal number (Copilot CLI reads it as 0)")]
        [InlineData("{mcpServers:{}, \"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}", CheckStatus.Indeterminate, "1:2", "1 running tsh mcp connect", "it ignores 1 property or value written so, the first at line 1, column 2")]
        [InlineData("{\"mcpServers\":{teleport-mcp-files:{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}", CheckStatus.Indeterminate, "1:16", "0 server entries", "a property name without quotes (Copilot CLI ignores the property)")]
        [InlineData("{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",'connect',\"files\"]}}}", CheckStatus.Indeterminate, "1:77", "1 server entry, 0 running tsh mcp connect", "a single-quoted string (Copilot CLI ignores the value)")]
        public void Copilot_CLI_user_file_counts_the_entries_its_reader_keeps(string text, CheckStatus status, string at, string counted, string says)
        {
            const string path = "/home/alice/.copilot/mcp-config.json";
            var env = FakeEnv.Linux().File(path, text).File("/usr/bin/tsh");
            var r = Run(env, more: o => { o.Paths = new[] { path }; o.SkipSession = true; });
            var p = One(r, ClientChecks.ConfigParse);
            Assert.Equal(status, p.Status);
            Assert.Contains(counted, p.Message, StringComparison.Ordinal);
            Assert.Contains(says, p.Message, StringComparison.Ordinal);
            Assert.Equal(at == null ? null : path + ":" + at, p.Location);
        }

        // 1.0.62-1.0.65 read the user file with runtime.node persistenceReadRawJson and JSON.parse: measured (helper-245's 6,220
        // texts, 1.0.62/1.0.65 against 1.0.66), every text 1.0.66 takes that holds one of these they refuse ("mcpServers: Required");
        // comments, trailing commas, missing commas, other white space they take. Of the numbers JSON does not allow (/tmp/h261 num.jsonl,
        // 58 numbers in 17 places): those whose JSON number ends at the exponent's letter they refuse wherever they stand; leading zeros
        // and a bare dot they take, "01e" included.
        [Theory]
        [InlineData("{\"mcpServers\":{}, \"x\":1e}", "1:23", "a number whose exponent has no digits at line 1, column 23")]
        [InlineData("{\"mcpServers\":{},\n \"x\":[2, -0.5E+ ]}", "2:10", "a number whose exponent has no digits at line 2, column 10")]
        [InlineData("{\"x\":{\"y\":0e}, \"mcpServers\":{}}", "1:11", "a number whose exponent has no digits at line 1, column 11")]
        [InlineData("{\"mcpServers\":{}, \"x\":01e, \"y\":007 , \"z\":[-5.], \"w\":01.5E-}", null, null)]
        [InlineData("{\"x\":0x1F,\"mcpServers\":{}}", "1:6", "a hexadecimal number at line 1, column 6")]
        [InlineData("{\"x\":-0x10,\"mcpServers\":{}}", "1:6", "a hexadecimal number at line 1, column 6")]
        [InlineData("{\"mcpServers\":{},\n \"x\":+1}", "2:6", "a number with a plus sign at line 2, column 6")]
        [InlineData("{\"mcpServers\":{}, \"x\":'abc'}", "1:23", "a single-quoted string at line 1, column 23")]
        [InlineData("{\"mcpServers\":{}, 'x':1}", "1:19", "a single-quoted property name at line 1, column 19")]
        [InlineData("{\"mcpServers\":{1:{\"command\":\"user\"}}}", "1:16", "a number as a property name at line 1, column 16")]
        [InlineData("{\"mcpServers\":{u-1:{\"command\":\"user\"}}}", "1:16", "a property name without quotes at line 1, column 16")]
        [InlineData("// c\n{\"mcpServers\":{}, \"x\":1,} /* c */", null, null)]
        [InlineData("{\"mcpServers\":{}, \"x\":5.,\"y\":1e5}", null, null)]
        [InlineData("{\"mcpServers\":{}\u00a0\"x\":1 \"y\":[1 2]}", null, null)]
        public void Copilot_CLI_1_0_62_to_1_0_65_refuse_the_user_file_for_some_extensions(string text, string at, string says)
        {
            const string path = "/home/alice/.copilot/mcp-config.json";
            var env = FakeEnv.Linux().File(path, text).File("/usr/bin/tsh");
            var r = Run(env, more: o => { o.Paths = new[] { path }; o.SkipSession = true; });
            var p = One(r, ClientChecks.ConfigParse);
            if (says == null)
            {
                // 1.0.62 to 1.0.65 take these; 0.0.411 and earlier (JSON.parse) refuse the file for them.
                Assert.DoesNotContain("1.0.62 to 1.0.65 refuse", p.Message, StringComparison.Ordinal);
                Assert.Contains("Copilot CLI 0.0.340 to 0.0.411 read the file with JSON.parse and refuse it whole for ", p.Message, StringComparison.Ordinal);
                return;
            }
            Assert.Equal(CheckStatus.Indeterminate, p.Status);
            // Each group of releases as ReleaseVerdict names it (CopilotCliReleases.UserFileReaders).
            Assert.Contains("; 1.0.62 to 1.0.65 refuse this whole file for " + says + " (\"mcpServers: Required\": no MCP server loads); 1.0.66 and later take the file", p.Message, StringComparison.Ordinal);
            Assert.Contains("starting at " + path + ":" + at, p.Fix, StringComparison.Ordinal);
            Assert.Equal(path + ":" + at, p.Location);
        }

        // A 1.0.62-1.0.65 refusal and an older releases' one: both fixes, the row at the one nearer the top.
        [Theory]
        [InlineData("{\"mcpServers\":{}, \"x\":'abc', $y:1}", "1:23", "1:30")]
        [InlineData("{$y:1, \"mcpServers\":{}, \"x\":'abc'}", "1:2", "1:2")]
        public void Copilot_CLI_user_file_with_both_older_refusals_gets_both_fixes(string text, string at, string dollarAt)
        {
            const string path = "/home/alice/.copilot/mcp-config.json";
            var env = FakeEnv.Linux().File(path, text).File("/usr/bin/tsh");
            var p = One(Run(env, more: o => { o.Paths = new[] { path }; o.SkipSession = true; }), ClientChecks.ConfigParse);
            Assert.Equal(CheckStatus.Indeterminate, p.Status);
            Assert.Contains("; 1.0.62 to 1.0.65 refuse this whole file for ", p.Message, StringComparison.Ordinal);
            Assert.Contains("; 1.0.66 to 1.0.92 refuse this whole file for a '$' in a property name without quotes", p.Message, StringComparison.Ordinal);
            Assert.Contains("so that every release reads the file.", p.Fix, StringComparison.Ordinal);
            Assert.Contains("Remove a '$' in a property name without quotes at " + path + ":" + dollarAt, p.Fix, StringComparison.Ordinal);
            Assert.Equal(path + ":" + at, p.Location);
        }

        // 1.0.62-1.0.65 re-read the kept value with serde_json, "mcpServers" included: measured (helper-268, runtime.node 1.0.62 and
        // 1.0.65 against 1.0.66 and 1.0.102), 127 levels (the file's object counted) taken, 128 refused; a value a later duplicate
        // name replaces does not count. 1.0.66 and later take all of these, so do the module's reader and the row's server count.
        [Theory]
        [InlineData(125, "{\"mcpServers\":{\"u\":{\"command\":\"user\",\"z\":{A}}}}", "1:166")]
        [InlineData(126, "{\"mcpServers\":{\"u\":{\"command\":\"user\"},\n\"v\":{\"command\":\"v\",\"z\":{A}}}}", "2:148")]
        [InlineData(125, "{\"mcpServers\":{\"u\":{\"command\":\"user\",\"z\":{O}}}}", "1:662")]
        [InlineData(124, "{\"mcpServers\":{\"u\":{\"command\":\"user\",\"z\":{A}}}}", null)]
        [InlineData(124, "{\"mcpServers\":{\"u\":{\"command\":\"user\",\"z\":{O}}}}", null)]
        [InlineData(300, "{\"mcpServers\":{\"u\":{\"command\":\"user\",\"z\":{A}},\"u\":{\"command\":\"user\"}}}", null)]
        [InlineData(300, "{\"mcpServers\":{\"u\":{\"command\":\"user\",\"z\":{A}}},\"mcpServers\":{\"u\":{\"command\":\"user\"}}}", null)]
        public void Copilot_CLI_1_0_62_to_1_0_65_refuse_the_user_file_for_mcpServers_nested_128_levels(int levels, string shape, string at)
        {
            const string path = "/home/alice/.copilot/mcp-config.json";
            string deep = new string('[', levels) + new string(']', levels);
            string text = shape.Replace("{A}", deep).Replace("{O}", string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels));
            var env = FakeEnv.Linux().File(path, text).File("/usr/bin/tsh");
            var p = One(Run(env, more: o => { o.Paths = new[] { path }; o.SkipSession = true; }), ClientChecks.ConfigParse);
            Assert.DoesNotContain("0 server entries", p.Message, StringComparison.Ordinal);
            if (at == null)
            {
                Assert.Equal(CheckStatus.Pass, p.Status);
                Assert.DoesNotContain("1.0.62", p.Message, StringComparison.Ordinal);
                return;
            }
            Assert.Equal(CheckStatus.Indeterminate, p.Status);
            Assert.Contains("; 1.0.62 to 1.0.65 refuse this whole file for a value nested deeper than 127 levels at line " + at.Replace(":", ", column ")
                + " (\"Invalid JSON: recursion limit exceeded\": no MCP server loads); 1.0.66 and later take the file", p.Message, StringComparison.Ordinal);
            // What the releases before 1.0.62 do with such a text is not measured: a group says so (CopilotCliReleases.NotModelled).
            Assert.Contains("Copilot CLI 0.0.340 to 1.0.61 " + CopilotCliReleases.NotModelled, p.Message, StringComparison.Ordinal);
            Assert.Equal("Nest the value at " + path + ":" + at + " less deeply (at most 127 levels, the file's object counted), so that every release reads the file.", p.Fix);
            Assert.Equal(path + ":" + at, p.Location);
        }

            // Entries tsh writes or breaks are reported, never dropped from the count (tool/tsh/common/mcp_db.go, mcp_app.go).
        [Theory]
        [InlineData("teleport-databases", "\"/usr/bin/tsh\"", "[\"mcp\",\"db\",\"start\",\"teleport://clusters/c/databases/pg?dbUser=alice&dbName=app\"]", "Databases", CheckStatus.Skipped, "database access (the databases, db_users, db_names of the roles) is not checked further", "1 running tsh mcp db start (teleport-databases)")]
        [InlineData("teleport-mcp-files", "\"/usr/bin/tsh\"", "\"mcp connect files\"", "EntryShape", CheckStatus.Fail, "\"args\" is the string 'mcp connect files'", "0 running tsh mcp connect")]
        [InlineData("files", "\"/usr/bin/tsh\"", "\"mcp connect files\"", "EntryShape", CheckStatus.Fail, "not an array of strings", "0 running tsh mcp connect")]
        [InlineData("files", "\"/usr/bin/tsh\"", "[\"mcp\",\"connect\"]", "EntryShape", CheckStatus.Fail, "`tsh mcp connect` has no app name", "0 running tsh mcp connect")]
        [InlineData("files", "\"/usr/bin/tsh\"", "[\"mcp\",\"connect\",\"--auto-reconnect\"]", "EntryShape", CheckStatus.Fail, "`tsh mcp connect` has no app name", "0 running tsh mcp connect")]
        [InlineData("files", "\"cmd\"", "[\"/c\",\"tsh mcp connect\"]", "EntryShape", CheckStatus.Fail, "`tsh mcp connect` has no app name", "0 running tsh mcp connect")]
        [InlineData("teleport-mcp-files", "\"npx\"", "[\"server\",{}]", "EntryShape", CheckStatus.Fail, "args must hold strings only", "0 running tsh mcp connect")]
        [InlineData("teleport-mcp-files", "\"npx\"", "[\"server\"]", "EntryShape", CheckStatus.Warn, "runs 'npx server', which is not `tsh mcp connect <app>`", "0 running tsh mcp connect")]
        [InlineData("status", "\"/usr/bin/tsh\"", "[\"status\"]", "EntryShape", CheckStatus.Warn, "is not `tsh mcp connect <app>` or `tsh mcp db start <database URI>`", "0 running tsh mcp connect")]
        [InlineData("fs", "\"npx\"", "\"-y server\"", null, CheckStatus.Pass, null, "0 running tsh mcp connect")]
        public void Entries_tsh_writes_or_breaks_are_reported(string name, string command, string args, string check, CheckStatus status, string words, string counted)
        {
            const string path = "/home/alice/.cursor/mcp.json";
            var env = FakeEnv.Linux().File(path, "{\"mcpServers\":{\"" + name + "\":{\"command\":" + command + ",\"args\":" + args + "}}}").File("/usr/bin/tsh");
            var r = Run(env, more: o => o.Paths = new[] { path });
            Assert.Contains(counted, One(r, ClientChecks.ConfigParse).Message, StringComparison.Ordinal);
            if (check == null)
            {
                Assert.DoesNotContain(r, x => x.Entry == name);
                return;
            }
            var c = One(r, check, name);
            Assert.Equal(status, c.Status);
            Assert.Contains(words, c.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_database_entry_is_checked_for_its_command_and_session()
        {
            const string path = "/home/alice/.cursor/mcp.json";
            var env = FakeEnv.Linux().File(path, "{\"mcpServers\":{\"teleport-databases\":{\"command\":\"/gone/tsh\",\"args\":[\"mcp\",\"db\",\"start\",\"teleport://clusters/c/databases/pg\"]}}}").File("/usr/bin/tsh");
            env.Vars["PATH"] += ":/usr/bin";
            var r = Run(env, more: o => o.Paths = new[] { path });
            var cmd = One(r, ClientChecks.Command, "teleport-databases");
            Assert.Equal(CheckStatus.Fail, cmd.Status);
            Assert.Contains("tsh mcp db config --client-config=" + path + " <database>", cmd.Fix, StringComparison.Ordinal);
            Assert.Contains(r, x => x.Check == ClientChecks.Session);
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.App || x.Check == ClientChecks.EntryName || x.Check == ClientChecks.DuplicateEntry);
            Assert.DoesNotContain(r, x => x.Check == ClientChecks.TeleportEntries);
            Assert.Equal(1, ClientDiagnosis.TeleportEntriesExamined(r));
        }

        [Fact]
        public void The_args_string_fix_is_the_array_of_its_words()
        {
            const string path = "/home/alice/.cursor/mcp.json";
            var env = FakeEnv.Linux().File(path, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":\"mcp connect files\"}}}").File("/usr/bin/tsh");
            var c = One(Run(env, more: o => { o.Paths = new[] { path }; o.SkipSession = true; }), ClientChecks.EntryShape);
            Assert.Equal("\"args\": [\"mcp\", \"connect\", \"files\"]", c.Fix);
        }
            // mcp-clients.md 1.4: a project's servers (projects["/a"].mcpServers) load only inside that project, with the user's.
        [Theory]
        [InlineData("{\"projects\":{\"/a\":{\"mcpServers\":{@E@}},\"/b\":{\"mcpServers\":{@E@}}}}", 0)]
        [InlineData("{\"mcpServers\":{@E@},\"projects\":{\"/a\":{\"mcpServers\":{@E@}},\"/b\":{\"mcpServers\":{@E@}}}}", 3)]
        [InlineData("{\"projects\":{\"/a\":{\"mcpServers\":{@E@,@E2@}}}}", 2)]
        [InlineData("{\"mcpServers\":{@E@,@E2@}}", 2)]
        public void Duplicates_are_entries_that_load_together(string text, int warnings)
        {
            const string e = "\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}";
            const string e2 = "\"files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}";
            var env = FakeEnv.Linux().File("/home/alice/.claude.json", text.Replace("@E@", e).Replace("@E2@", e2)).File("/usr/bin/tsh");
            var r = Run(env, more: o => { o.Paths = new[] { "/home/alice/.claude.json" }; o.SkipSession = true; });
            var d = r.Where(x => x.Check == ClientChecks.DuplicateEntry).ToList();
            Assert.Equal(warnings, d.Count);
            if (warnings == 3) Assert.Contains(d, x => x.Message.StartsWith("2 entries", StringComparison.Ordinal) && x.Location != null);
        }
    }
}
