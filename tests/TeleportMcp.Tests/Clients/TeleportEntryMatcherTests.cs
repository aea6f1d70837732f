using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>mcp-clients.md 1.0: command file name tsh/tsh.exe, args `mcp connect APP`, cmd /c stripped.</summary>
    public class TeleportEntryMatcherTests
    {
        [Theory]
        // tool/tsh/common/mcp_app.go addMCPServersToConfig: args ["mcp","connect",name] (+ --auto-reconnect / -H)
        [InlineData(@"C:\Program Files\Teleport\tsh.exe", "mcp|connect|files", "files", @"C:\Program Files\Teleport\tsh.exe", false, false)]
        [InlineData("/usr/local/bin/tsh", "mcp|connect|files|--no-auto-reconnect", "files", "/usr/local/bin/tsh", false, false)]
        [InlineData("tsh", "mcp|connect|-H|X-Team: a|web", "web", "tsh", false, false)]
        [InlineData("TSH.EXE", "--proxy=t.example.com|mcp|connect|files", "files", "TSH.EXE", false, false)]
        [InlineData("cmd", "/c|tsh|mcp|connect|files", "files", "tsh", true, false)]
        [InlineData("cmd.exe", "/C|C:\\tsh\\tsh.exe mcp connect files", "files", @"C:\tsh\tsh.exe", true, false)]
        // anthropics/claude-code #6028: the whole command line in "command"
        [InlineData("tsh mcp connect files", "", "files", "tsh", false, true)]
        [InlineData(@"C:\Program Files\Teleport\tsh.exe mcp connect files", "", "files", @"C:\Program Files\Teleport\tsh.exe", false, true)]
        [InlineData("\"C:\\Program Files\\Teleport\\tsh.exe\" mcp connect files", "", "files", @"C:\Program Files\Teleport\tsh.exe", false, true)]
        public void Recognises_teleport_entries(string command, string args, string app, string tsh, bool wrapped, bool whole)
        {
            var e = new McpServerEntry { Name = "x", Command = command, Args = args.Length == 0 ? new System.Collections.Generic.List<string>() : args.Split('|').ToList() };
            var m = TeleportEntryMatcher.Match(e);
            Assert.NotNull(m);
            Assert.Equal(app, m.App);
            Assert.Equal(tsh, m.Tsh);
            Assert.Equal(wrapped, m.WrappedInCmd);
            Assert.Equal(whole, m.WholeCommandLineInCommand);
        }

        [Theory]
        // tool/tsh/common/tsh.go Run: kingpin Interspersed(true), global flags with values before, between and after the subcommands
        [InlineData("mcp|connect|--proxy|teleport.example.com:443|files", "files")]
        [InlineData("mcp|connect|--proxy=teleport.example.com:443|files", "files")]
        [InlineData("--user|alice|mcp|connect|files", "files")]
        [InlineData("--user|mcp|mcp|connect|files", "files")]
        [InlineData("mcp|--user|alice|connect|files", "files")]
        [InlineData("-l|root|mcp|connect|files", "files")]
        [InlineData("-lroot|mcp|connect|files", "files")]
        [InlineData("mcp|connect|-i|/home/alice/id.pem|--proxy|t.example.com|files", "files")]
        [InlineData("mcp|connect|-di|/home/alice/id.pem|files", "files")]
        [InlineData("mcp|connect|--auth|github|--ttl|60|--mfa-mode|otp|files", "files")]
        [InlineData("mcp|connect|-J|jump.example.com|-k|no|files", "files")]
        // boolean flags take no value, also in kingpin's --no-NAME form
        [InlineData("mcp|connect|--insecure|files", "files")]
        [InlineData("mcp|connect|-d|files", "files")]
        [InlineData("mcp|connect|--no-auto-reconnect|files|--debug", "files")]
        [InlineData("--headless|mcp|connect|files", "files")]
        // tool/tsh/common/mcp_app.go newMCPConnectCommand: --header/-H takes a value, the first positional is the name
        [InlineData("mcp|connect|--header|X-Team: a|web", "web")]
        [InlineData("mcp|connect|--header=X-Team: a|web", "web")]
        [InlineData("mcp|connect|-HX-Team:a|web", "web")]
        [InlineData("mcp|connect|--|-odd-name", "-odd-name")]
        public void Flag_values_are_not_the_app_name(string args, string app) =>
            Assert.Equal(app, TeleportEntryMatcher.AppOf(args.Split('|')));

        [Theory]
        [InlineData("mcp|connect|--proxy|t.example.com")]
        [InlineData("mcp|connect|-i")]
        [InlineData("mcp|--proxy|t.example.com|ls|connect")]
        public void No_app_name_when_only_flag_values_follow(string args) =>
            Assert.Null(TeleportEntryMatcher.AppOf(args.Split('|')));

        [Theory]
        [InlineData("Linux", "", "TELEPORT_PROXY", null)]
        [InlineData("Linux", "TELEPORT_PROXY=a.example.com", "TELEPORT_PROXY", "a.example.com")]
        [InlineData("Linux", "TELEPORT_PROXY=", "TELEPORT_PROXY", null)]
        [InlineData("Linux", "TELEPORT_HOME=/h", "TELEPORT_HOME", "/h")]
        [InlineData("Linux", "TELEPORT_HOME=/h", "TELEPORT_USER", null)]
        [InlineData("Linux", "TSH_UNALIAS=mcp", "TSH_UNALIAS", "mcp")]
        // Host variables tsh reads (TshFlags.HostVariables): the entry's value, removed when empty, else inherited (absent).
        [InlineData("Linux", "HOME=/home/bob", "HOME", "/home/bob")]
        [InlineData("Linux", "HOME=", "HOME", null)]
        [InlineData("Linux", "", "HOME", "<absent>")]
        [InlineData("MacOS", "HOME=/Users/bob", "HOME", "/Users/bob")]
        [InlineData("Linux", "HTTPS_PROXY=http://p:3128", "HTTPS_PROXY", "http://p:3128")]
        [InlineData("Linux", "https_proxy=http://p:3128", "https_proxy", "http://p:3128")]
        [InlineData("Linux", "NO_PROXY=.example.com", "NO_PROXY", ".example.com")]
        [InlineData("Linux", "ALL_PROXY=socks5://p", "ALL_PROXY", "<absent>")]
        [InlineData("Linux", "USERPROFILE=/home/bob", "USERPROFILE", "<absent>")]
        // Windows: %USERPROFILE% is the home (golang/go os.UserHomeDir); HOME, HOMEDRIVE and HOMEPATH are not read; names ignore case.
        [InlineData("Windows", @"USERPROFILE=D:\bob", "USERPROFILE", @"D:\bob")]
        [InlineData("Windows", @"UserProfile=D:\bob", "USERPROFILE", @"D:\bob")]
        [InlineData("Windows", @"HOME=D:\bob", "HOME", "<absent>")]
        [InlineData("Windows", @"HOMEDRIVE=D:;HOMEPATH=\bob", "HOMEDRIVE", "<absent>")]
        [InlineData("Windows", @"HOMEDRIVE=D:;HOMEPATH=\bob", "HOMEPATH", "<absent>")]
        [InlineData("Windows", "https_proxy=http://p:3128", "HTTPS_PROXY", "http://p:3128")]
        [InlineData("Windows", "https_proxy=http://p:3128", "https_proxy", "<absent>")]
        public void The_client_environment_holds_the_entrys_tsh_values_removes_the_rest_and_inherits_the_hosts(string os, string entryEnv, string name, string expected)
        {
            var given = entryEnv.Length == 0 ? new System.Collections.Generic.Dictionary<string, string>()
                : entryEnv.Split(';').ToDictionary(v => v.Split('=')[0], v => v.Substring(v.IndexOf('=') + 1));
            // When the shell sets none of them, what a client passes on makes no difference: the same for every client.
            foreach (var client in AllClients)
            {
                var env = TshFlags.ClientEnvironment(given, System.Enum.Parse<OsKind>(os), ServerEnvironment.For(client), NoShell);
                Assert.All(TshFlags.EnvironmentVariables, v => Assert.True(env.ContainsKey(v)));
                Assert.Equal(expected, env.TryGetValue(name, out var v) ? v : "<absent>");
                Assert.Empty(TshFlags.Unconfirmed(env, System.Enum.Parse<OsKind>(os), ServerEnvironment.For(client), NoShell));
            }
        }

        private static string NoShell(string name) => null;

        private static readonly string[] AllClients =
            { ClientNames.ClaudeDesktop, ClientNames.Cursor, ClientNames.VSCode, ClientNames.ClaudeCode, ClientNames.Windsurf, ClientNames.Zed, ClientNames.Other, null };

        [Theory]
        // A variable tsh reads that the shell sets and the entry does not: "removed" (null) when the client does not pass it,
        // "inherited" (absent) when it does, "unconfirmed" (absent, and listed) when the client's rule is not known.
        // typescript-sdk src/client/stdio.ts @06ba51d0 DEFAULT_INHERITED_ENV_VARS (Claude Desktop, mcp-clients.md 4.6).
        [InlineData(ClientNames.ClaudeDesktop, "Linux", "TELEPORT_HOME", "removed")]
        [InlineData(ClientNames.ClaudeDesktop, "Linux", "TELEPORT_PROXY", "removed")]
        [InlineData(ClientNames.ClaudeDesktop, "Linux", "HTTPS_PROXY", "removed")]
        [InlineData(ClientNames.ClaudeDesktop, "Linux", "no_proxy", "removed")]
        [InlineData(ClientNames.ClaudeDesktop, "Linux", "HOME", "inherited")]
        [InlineData(ClientNames.ClaudeDesktop, "MacOS", "HTTP_PROXY", "removed")]
        [InlineData(ClientNames.ClaudeDesktop, "Windows", "TELEPORT_HOME", "removed")]
        [InlineData(ClientNames.ClaudeDesktop, "Windows", "HTTPS_PROXY", "removed")]
        [InlineData(ClientNames.ClaudeDesktop, "Windows", "NO_PROXY", "removed")]
        [InlineData(ClientNames.ClaudeDesktop, "Windows", "USERPROFILE", "inherited")]
        // microsoft/vscode extHostMcpNode.ts @0334cc07 startNodeMpc: { ...process.env } and the entry's env over it.
        [InlineData(ClientNames.VSCode, "Linux", "TELEPORT_HOME", "inherited")]
        [InlineData(ClientNames.VSCode, "Linux", "HTTPS_PROXY", "inherited")]
        [InlineData(ClientNames.VSCode, "Windows", "TELEPORT_PROXY", "inherited")]
        [InlineData(ClientNames.VSCode, "Windows", "NO_PROXY", "inherited")]
        // zed-industries/zed stdio_transport.rs @11e0c3b9: the Command inherits Zed's environment, .envs(entry env).
        [InlineData(ClientNames.Zed, "Linux", "TELEPORT_HOME", "inherited")]
        [InlineData(ClientNames.Zed, "Windows", "HTTP_PROXY", "inherited")]
        // Closed source, not confirmed: neither assumed.
        [InlineData(ClientNames.Cursor, "Linux", "TELEPORT_HOME", "unconfirmed")]
        [InlineData(ClientNames.Cursor, "Windows", "HTTPS_PROXY", "unconfirmed")]
        // Claude Code (npm @anthropic-ai/claude-code 2.1.80 cli.js): { ...subprocessEnv(), ...entry env }, process.env whole;
        // on Windows builds were reported to pass fewer (anthropics/claude-code #36565, #90074): not confirmed there.
        [InlineData(ClientNames.ClaudeCode, "Linux", "HTTPS_PROXY", "inherited")]
        [InlineData(ClientNames.ClaudeCode, "MacOS", "TELEPORT_HOME", "inherited")]
        [InlineData(ClientNames.ClaudeCode, "Windows", "TELEPORT_HOME", "unconfirmed")]
        [InlineData(ClientNames.Windsurf, "Linux", "NO_PROXY", "unconfirmed")]
        [InlineData(ClientNames.Windsurf, "Windows", "TELEPORT_USER", "unconfirmed")]
        [InlineData(ClientNames.Other, "Linux", "http_proxy", "unconfirmed")]
        // Copilot CLI: PATH by its documentation; what 1.0.70 passes beside it (app.js g4t, runtime.node mcpClientConnectStdio, read and
        // measured) is not confirmed for 1.0.102; the TELEPORT_* variables neither release passes.
        [InlineData(ClientNames.CopilotCli, "Linux", "TELEPORT_HOME", "removed")]
        [InlineData(ClientNames.CopilotCli, "Windows", "TELEPORT_PROXY", "removed")]
        [InlineData(ClientNames.CopilotCli, "Linux", "HTTPS_PROXY", "unconfirmed")]
        [InlineData(ClientNames.CopilotCli, "Linux", "no_proxy", "unconfirmed")]
        [InlineData(ClientNames.CopilotCli, "Windows", "HTTP_PROXY", "unconfirmed")]
        [InlineData(ClientNames.CopilotCli, "Linux", "HOME", "inherited")]
        // Without the home variable tsh asks the user database for the same folder, so it is inherited, not unconfirmed.
        [InlineData(ClientNames.Cursor, "Linux", "HOME", "inherited")]
        [InlineData(ClientNames.ClaudeCode, "Windows", "USERPROFILE", "inherited")]
        public void The_shells_values_reach_tsh_as_the_client_passes_them_on(string client, string os, string name, string expected)
        {
            var kind = System.Enum.Parse<OsKind>(os);
            var rule = ServerEnvironment.For(client);
            string Shell(string n) => string.Equals(n, name, kind == OsKind.Windows ? System.StringComparison.OrdinalIgnoreCase : System.StringComparison.Ordinal) ? "from-the-shell" : null;
            var env = TshFlags.ClientEnvironment(new System.Collections.Generic.Dictionary<string, string>(), kind, rule, Shell);
            var unconfirmed = TshFlags.Unconfirmed(env, kind, rule, Shell);
            switch (expected)
            {
                case "removed":
                    Assert.True(env.ContainsKey(name));
                    Assert.Null(env[name]);
                    Assert.False(rule.Passes(name, kind));
                    break;
                case "inherited":
                    Assert.False(env.ContainsKey(name));
                    Assert.Empty(unconfirmed);
                    break;
                default:
                    Assert.False(env.ContainsKey(name));
                    Assert.Equal(new[] { name }, unconfirmed);
                    Assert.Null(rule.Passes(name, kind));
                    break;
            }
            // The entry's own value wins over whatever the client passes on.
            var set = TshFlags.ClientEnvironment(new System.Collections.Generic.Dictionary<string, string> { { name, "from-the-entry" } }, kind, rule, Shell);
            Assert.Equal("from-the-entry", set[name]);
            Assert.Empty(TshFlags.Unconfirmed(set, kind, rule, Shell));
        }

        // Windows names ignore case, but a client's env object keeps spellings apart: nodejs/node lib/child_process.js @00a2fc71
        // normalizeSpawnArguments sorts the keys (code units) and keeps the first of each upper-cased name; Claude Desktop spreads
        // the SDK's allowlist (spelled as listed) under the entry (typescript-sdk stdio.ts @06ba51d0); VS Code copies its whole
        // environment (spelling not seen here); Zed (Rust) replaces its own copy in any spelling, but the order of two of the entry's
        // is its map's. Other clients' rule between spellings is not confirmed: unknown, never a guess.
        // (client, os, the shell's USERPROFILE or none, the entry's env, what tsh gets: a value, <unset>, <inherited> or <unknown>)
        [Theory]
        [InlineData(ClientNames.ClaudeDesktop, "Windows", @"C:\Users\a", @"UserProfile=D:\bob", @"C:\Users\a")]
        [InlineData(ClientNames.ClaudeDesktop, "Windows", @"C:\Users\a", @"USERPROFILE=D:\bob", @"D:\bob")]
        [InlineData(ClientNames.ClaudeDesktop, "Windows", null, @"UserProfile=D:\bob", @"D:\bob")]
        [InlineData(ClientNames.ClaudeDesktop, "Windows", null, @"UserProfile=D:\y;USERPROFILE=D:\x", @"D:\x")]
        [InlineData(ClientNames.VSCode, "Windows", null, @"userprofile=D:\y;UserProfile=D:\x", @"D:\x")]
        [InlineData(ClientNames.VSCode, "Windows", @"C:\Users\a", @"USERPROFILE=D:\bob", @"D:\bob")]
        [InlineData(ClientNames.VSCode, "Windows", @"C:\Users\a", @"UserProfile=D:\bob", "<unknown>")]
        [InlineData(ClientNames.Zed, "Windows", null, @"UserProfile=D:\y;USERPROFILE=D:\x", "<unknown>")]
        [InlineData(ClientNames.Zed, "Windows", @"C:\Users\a", @"USERPROFILE=D:\bob", @"D:\bob")]
        // Rust std CommandEnv::capture (Zed): the entry's one spelling replaces Zed's own in any spelling.
        [InlineData(ClientNames.Zed, "Windows", @"C:\Users\a", @"UserProfile=D:\bob", @"D:\bob")]
        [InlineData(ClientNames.Cursor, "Windows", null, @"UserProfile=D:\bob", @"D:\bob")]
        [InlineData(ClientNames.Cursor, "Windows", @"C:\Users\a", @"UserProfile=D:\bob", "<unknown>")]
        [InlineData(ClientNames.Windsurf, "Windows", null, @"UserProfile=D:\y;USERPROFILE=D:\x", "<unknown>")]
        // Claude Code: Node (npm build) or Bun (native build, whose node:child_process filter some versions left out): not confirmed.
        [InlineData(ClientNames.ClaudeCode, "Windows", null, @"UserProfile=D:\y;USERPROFILE=D:\x", "<unknown>")]
        [InlineData(ClientNames.ClaudeCode, "Windows", @"C:\Users\a", @"USERPROFILE=D:\bob", @"D:\bob")]
        [InlineData(ClientNames.ClaudeCode, "Windows", @"C:\Users\a", @"UserProfile=D:\bob", "<unknown>")]
        // Linux: names are exact, so another spelling is another variable, and both are kept.
        [InlineData(ClientNames.VSCode, "Linux", null, "home=/x", "<inherited>")]
        [InlineData(ClientNames.ClaudeCode, "Linux", "/home/a", "home=/y;HOME=/x", "/x")]
        [InlineData(ClientNames.Zed, "MacOS", "/Users/a", "HOME=/x;Home=/y", "/x")]
        public void Windows_spellings_of_one_variable_reach_tsh_by_the_clients_rule(string client, string os, string shellValue, string entryEnv, string expected)
        {
            var kind = System.Enum.Parse<OsKind>(os);
            var rule = ServerEnvironment.For(client);
            string home = TshFlags.HomeVariable(kind);
            string Shell(string n) => shellValue != null && string.Equals(n, home, System.StringComparison.OrdinalIgnoreCase) ? shellValue : null;
            var given = entryEnv.Split(';').ToDictionary(v => v.Split('=')[0], v => v.Substring(v.IndexOf('=') + 1));
            var ambiguous = new System.Collections.Generic.List<string>();
            var env = TshFlags.ClientEnvironment(given, kind, rule, Shell, ambiguous);
            switch (expected)
            {
                case "<unknown>":
                    Assert.Equal(new[] { home }, ambiguous);
                    Assert.False(env.ContainsKey(home));
                    Assert.True(TshFlags.Lookup(given, home, kind, rule, Shell).Unsure);
                    break;
                case "<inherited>":
                    Assert.Empty(ambiguous);
                    Assert.False(env.ContainsKey(home));
                    break;
                default:
                    Assert.Empty(ambiguous);
                    Assert.Equal(expected, env[home]);
                    break;
            }
        }

        // tsh's own variables in any spelling on Windows: os.Getenv there ignores case.
        [Fact]
        public void A_tsh_variable_spelled_in_lower_case_on_Windows_is_still_the_one_tsh_reads()
        {
            var env = TshFlags.ClientEnvironment(new System.Collections.Generic.Dictionary<string, string> { { "teleport_home", @"D:\t" } }, OsKind.Windows,
                ServerEnvironment.For(ClientNames.VSCode), _ => null);
            Assert.Equal(@"D:\t", env["TELEPORT_HOME"]);
            var linux = TshFlags.ClientEnvironment(new System.Collections.Generic.Dictionary<string, string> { { "teleport_home", "/t" } }, OsKind.Linux,
                ServerEnvironment.For(ClientNames.VSCode), _ => null);
            Assert.Null(linux["TELEPORT_HOME"]);
        }

        [Theory]
        [InlineData(ClientNames.ClaudeDesktop, "Linux", "Claude Desktop passes a server only HOME, LOGNAME, PATH, SHELL, TERM, USER of its own variables, plus the entry's env")]
        [InlineData(ClientNames.ClaudeDesktop, "Windows", "Claude Desktop passes a server only APPDATA, HOMEDRIVE, HOMEPATH, LOCALAPPDATA, PATH, PROCESSOR_ARCHITECTURE, SYSTEMDRIVE, SYSTEMROOT, TEMP, USERNAME, USERPROFILE, PROGRAMFILES")]
        [InlineData(ClientNames.VSCode, "Windows", "VS Code starts a server with its own whole environment, the entry's env set over it")]
        [InlineData(ClientNames.Zed, "Linux", "Zed starts a server with its own whole environment")]
        [InlineData(ClientNames.ClaudeCode, "Linux", "Claude Code starts a server with its own whole environment, the entry's env set over it (Claude Code's environment)")]
        [InlineData(ClientNames.ClaudeCode, "Windows", "which variables Claude Code passes to a server it starts is not confirmed (its source passes its whole environment, but Windows builds are reported")]
        [InlineData(ClientNames.CopilotCli, "Linux", "Copilot CLI passes a server PATH of its own variables, plus the entry's env, and whether it passes HOME, LOGNAME, SHELL, TERM, USER, HTTP_PROXY, HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE, NODE_EXTRA_CA_CERTS, PYTHONUNBUFFERED is not confirmed for every release; no other")]
        [InlineData(ClientNames.CopilotCli, "Windows", "whether it passes APPDATA, HOMEDRIVE, HOMEPATH, LOCALAPPDATA, PROCESSOR_ARCHITECTURE, SYSTEMDRIVE, SYSTEMROOT, TEMP, USERNAME, USERPROFILE, PROGRAMFILES, HTTP_PROXY,")]
        // Review 361: 1.0.70's native list was measured on Linux only; the Windows message must not say 1.0.70 passes the SDK's Windows list.
        [InlineData(ClientNames.CopilotCli, "Windows", "the others named are the MCP SDK's Windows list, taken as possible since the Linux build passes the SDK's Linux list, but the Windows build's list is not read; 1.0.102 not measured)")]
        [InlineData(ClientNames.CopilotCli, "Linux", "release 1.0.70 also passes the others named (the proxy and certificate ones in any letter case), 1.0.102 not measured)")]
        [InlineData(ClientNames.Cursor, "Linux", "which variables Cursor passes to a server it starts is not confirmed")]
        [InlineData(null, "Linux", "which variables Other passes to a server it starts is not confirmed (the client is not known to this check)")]
        public void Each_client_rule_names_the_client_and_the_rule(string client, string os, string words) =>
            Assert.Contains(words, ServerEnvironment.For(client).Describe(System.Enum.Parse<OsKind>(os)), System.StringComparison.Ordinal);

        // Each variable tsh reads (TshFlags.EnvironmentVariables), and whether a client file may choose it (TshFlags.ChoosesWhatRuns).
        public static readonly TheoryData<string, bool> Classification = new TheoryData<string, bool>
        {
            // tool/tsh/common/tsh.go Run: setEnvFlags, then client.LoadAllConfigs($TELEPORT_HOME/config/config.yaml, TELEPORT_GLOBAL_TSH_CONFIG) and its aliases;
            // lib/autoupdate/tools CheckAndUpdateLocal re-executes $TELEPORT_HOME/bin.
            { "TELEPORT_HOME", true },
            { "TELEPORT_GLOBAL_TSH_CONFIG", true },
            // --identity: a file of keys and certificates.
            { "TELEPORT_IDENTITY_FILE", true },
            // --proxy, --relay: hosts tsh contacts.
            { "TELEPORT_PROXY", true },
            { "TELEPORT_RELAY", true },
            // --check-update: ask the proxy for a client tools version, download and run it (RFD 0144).
            { "TELEPORT_TOOLS_CHECK_UPDATE", true },
            // lib/autoupdate/tools updater.go CheckLocal: a version other than tsh's is downloaded and re-executed; utils.go
            // teleportPackageURLs downloads it from TELEPORT_CDN_BASE_URL.
            { "TELEPORT_TOOLS_VERSION", true },
            { "TELEPORT_CDN_BASE_URL", true },
            // tool/tsh/common/aliases.go getAliasDefinition: only names aliases not to expand, so it never makes tsh run more.
            { "TSH_UNALIAS", false },
            // Names and modes tsh uses as data.
            { "TELEPORT_LOGIN", false },
            { "TELEPORT_USER", false },
            { "TELEPORT_AUTH", false },
            { "TELEPORT_ADD_KEYS_TO_AGENT", false },
            { "TELEPORT_USE_LOCAL_SSH_AGENT", false },
            { "TELEPORT_LOGIN_BIND_ADDR", false },
            // lib/client/redirect.go OpenURLInBrowser: the value is only compared with "none"; the opener is fixed.
            { "TELEPORT_LOGIN_BROWSER", false },
            { "TELEPORT_MFA_MODE", false },
            { "TELEPORT_HEADLESS", false },
            { "TELEPORT_BROWSER_AUTH", false },
            { "TELEPORT_MLOCK_MODE", false },
            { "TELEPORT_PIV_SLOT", false },
            { "TELEPORT_CLUSTER", false },
            { "TELEPORT_SITE", false },
            { "TELEPORT_KUBE_CLUSTER", false },
        };

        [Theory]
        [MemberData(nameof(Classification))]
        public void Each_tsh_variable_is_data_or_chooses_what_tsh_runs_or_contacts(string name, bool chooses)
        {
            Assert.Contains(name, TshFlags.EnvironmentVariables);
            Assert.Equal(chooses, TshFlags.ChoosesWhatRuns.ContainsKey(name));
            var env = TshFlags.ClientEnvironment(new System.Collections.Generic.Dictionary<string, string> { { name, "x" } }, OsKind.Linux, ServerEnvironment.For(ClientNames.Cursor), NoShell);
            Assert.Equal(chooses ? new[] { name } : System.Array.Empty<string>(), TshFlags.Withheld(env, useEntryEnvironment: false));
            Assert.Empty(TshFlags.Withheld(env, useEntryEnvironment: true));
        }

        // The host variables tsh reads: each chooses the profile folder (api/profile/profile.go defaultProfilePath) or the way
        // to the proxy (api/utils/proxy GetProxyAddress, useProxy), so a client file sets it only with -UseEntryEnvironment.
        [Theory]
        [InlineData("Linux", "HOME")]
        [InlineData("MacOS", "HOME")]
        [InlineData("Windows", "USERPROFILE")]
        [InlineData("Linux", "HTTPS_PROXY")]
        [InlineData("Linux", "https_proxy")]
        [InlineData("Linux", "HTTP_PROXY")]
        [InlineData("Linux", "http_proxy")]
        [InlineData("Linux", "NO_PROXY")]
        [InlineData("Linux", "no_proxy")]
        [InlineData("Windows", "HTTPS_PROXY")]
        [InlineData("Windows", "NO_PROXY")]
        public void Each_host_variable_tsh_reads_chooses_what_it_reads_or_contacts(string os, string name)
        {
            var kind = System.Enum.Parse<OsKind>(os);
            Assert.Contains(name, TshFlags.HostVariables(kind));
            Assert.True(TshFlags.ChoosesWhatRuns.ContainsKey(name));
            var env = TshFlags.ClientEnvironment(new System.Collections.Generic.Dictionary<string, string> { { name, "x" } }, kind, ServerEnvironment.For(ClientNames.Cursor), NoShell);
            Assert.Equal(new[] { name }, TshFlags.Withheld(env, useEntryEnvironment: false));
            Assert.Empty(TshFlags.Withheld(env, useEntryEnvironment: true));
        }

        [Fact]
        public void Every_tsh_variable_is_classified() =>
            Assert.Equal(TshFlags.EnvironmentVariables.OrderBy(v => v, System.StringComparer.Ordinal),
                Classification.Select(row => (string)row[0]).OrderBy(v => v, System.StringComparer.Ordinal));

        [Theory]
        [InlineData("npx", "-y|@modelcontextprotocol/server-filesystem")]
        [InlineData("tsh", "apps|ls")]
        [InlineData("tsh", "mcp|ls")]
        [InlineData("tshx", "mcp|connect|files")]
        [InlineData("cmd", "/c|npx|server")]
        public void Ignores_other_entries(string command, string args) =>
            Assert.Null(TeleportEntryMatcher.Match(new McpServerEntry { Command = command, Args = args.Split('|').ToList() }));
    }
}
