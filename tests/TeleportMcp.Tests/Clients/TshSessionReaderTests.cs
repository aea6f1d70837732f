using System;
using System.Globalization;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// `tsh status --format=json`, following tool/tsh/common/tsh.go @002ee5fe: onStatus (errors and exit codes),
    /// serializeProfiles/profileInfo (JSON shape), and lib/utils/cli.go UserMessageFromError (red "ERROR: " off Windows).
    /// </summary>
    public class TshSessionReaderTests
    {
        private static readonly DateTimeOffset Before = DateTimeOffset.Parse("2026-11-27T20:00:00Z", CultureInfo.InvariantCulture);
        private static readonly DateTimeOffset After = DateTimeOffset.Parse("2026-11-28T00:00:00Z", CultureInfo.InvariantCulture);

        [Fact]
        public void Active_profile_is_read_with_roles_and_certificate_traits()
        {
            var s = TshSessionReader.Parse(new ProcessResult { ExitCode = 0, Stdout = FakeRunner.Data("tsh-status-active.json") }, Before);
            Assert.Equal(TshSessionState.Active, s.State);
            Assert.Equal("alice", s.Active.Username);
            Assert.Equal("teleport.example.com", s.Active.Cluster);
            Assert.Equal(new[] { "access", "mcp-user" }, s.Active.Roles);
            Assert.Equal(new[] { "read_*" }, s.Active.Traits["mcp_tools"]);
            Assert.Equal(DateTimeOffset.Parse("2026-11-27T22:14:05Z", CultureInfo.InvariantCulture), s.Active.ValidUntil);
            Assert.Equal("teleport.example.com", s.Active.ProxyHost); // :443 is the default port
        }

        [Fact]
        public void Expired_is_decided_by_valid_until_even_when_the_exit_code_is_0()
        {
            // The JSON has no expired flag: onStatus compares ValidUntil with now.
            var s = TshSessionReader.Parse(new ProcessResult { ExitCode = 0, Stdout = FakeRunner.Data("tsh-status-active.json") }, After);
            Assert.Equal(TshSessionState.Expired, s.State);
        }

        [Theory]
        [InlineData("ERROR: Active profile expired.\n\n", TshSessionState.Expired, "Active profile expired.")]
        [InlineData("\u001b[31mERROR: \u001b[0mActive profile expired.\n\n", TshSessionState.Expired, "Active profile expired.")]
        public void Expired_with_json_on_stdout_and_error_on_stderr(string stderr, TshSessionState state, string message)
        {
            var s = TshSessionReader.Parse(new ProcessResult { ExitCode = 1, Stdout = FakeRunner.Data("tsh-status-active.json"), Stderr = stderr }, After);
            Assert.Equal(state, s.State);
            Assert.Equal(message, s.Message);
            Assert.Equal("alice", s.Active.Username);
        }

        [Theory]
        // onStatus: trace.NotFound("Not logged in.") -> nothing on stdout, exit 1
        [InlineData("", "ERROR: Not logged in.\n\n", TshSessionState.NotLoggedIn)]
        [InlineData("", "\u001b[31mERROR: \u001b[0mNot logged in.\n\n", TshSessionState.NotLoggedIn)]
        // profiles but no active one: JSON without "active", then "No active profile."
        [InlineData("{\n  \"profiles\": [ { \"profile_url\": \"https://other.example.com:3080\", \"username\": \"bob\", \"cluster\": \"other\", \"kubernetes_enabled\": false, \"valid_until\": \"2026-11-27T23:00:00Z\" } ]\n}", "ERROR: No active profile.\n\n", TshSessionState.NoActiveProfile)]
        [InlineData("", "ERROR: connection refused\n\n", TshSessionState.Error)]
        public void Not_logged_in_and_other_failures(string stdout, string stderr, TshSessionState state)
        {
            var s = TshSessionReader.Parse(new ProcessResult { ExitCode = 1, Stdout = stdout, Stderr = stderr }, Before);
            Assert.Equal(state, s.State);
            Assert.Null(s.Active);
        }

        [Fact]
        public void Missing_tsh_and_timeout()
        {
            Assert.Equal(TshSessionState.TshMissing, TshSessionReader.Parse(new ProcessResult { ExitCode = -1, StartError = "No such file or directory" }, Before).State);
            Assert.Equal(TshSessionState.TimedOut, TshSessionReader.Parse(new ProcessResult { ExitCode = -1, TimedOut = true }, Before).State);
            Assert.Equal(TshSessionState.TshMissing, TshSessionReader.Read(new FakeRunner(), null, null, Before, TimeSpan.FromSeconds(1)).State);
        }

        [Fact]
        public void Mcp_ls_json_gives_apps_with_permissions()
        {
            // tool/tsh/common/mcp_app.go mcpServerWithDetails: allowed always present (null = none), denied omitempty
            var l = TshSessionReader.ParseMcpList(FakeRunner.Data("tsh-mcp-ls.json"), "tsh mcp ls");
            Assert.True(l.Succeeded);
            Assert.Equal(2, l.Apps.Count);
            Assert.Equal(new[] { "read_file", "list_directory" }, l.Apps[0].PermittedTools);
            Assert.Equal(new[] { "write_file" }, l.Apps[0].DeniedTools);
            Assert.Empty(l.Apps[1].PermittedTools);
        }

        [Theory]
        // tool/tsh/common/tsh.go @002ee5fe loadClientConfigFromCLIConf: fmt.Printf("WARNING: Failed to load tsh profile for %q: %v\n")
        // on stdout ahead of the JSON, when TELEPORT_PROXY lets tsh go on.
        [InlineData(0, "WARNING: Failed to load tsh profile for \"teleport.example.com\": unable to parse mfa mode in user profile: x.\n[]\n", "", true, 1, null)]
        // without a proxy address it stops next (lib/client/api.go @0003e544 NewClient); the warning stays the listing's.
        [InlineData(1, "WARNING: Failed to load tsh profile for \"\": unable to parse mfa mode in user profile: x.\n", "\u001b[31mERROR: \u001b[0mNo proxy address specified, missed --proxy flag?\n\n", false, 1, "tsh mcp ls failed (exit code 1): No proxy address specified, missed --proxy flag?")]
        // mcp_app.go mcpListCommand.print: no apps is slices.Collect's nil slice, printed as null.
        [InlineData(0, "null\n", "", true, 0, null)]
        // a JSON value that holds the word is the output itself, not a warning.
        [InlineData(0, "[{\"kind\":\"app\",\"sub_kind\":\"mcp\",\"version\":\"v3\",\"metadata\":{\"name\":\"WARNING: x\"},\"spec\":{\"uri\":\"mcp+stdio://\",\"mcp\":{\"command\":\"npx\"}}}]", "", true, 0, null)]
        public void Mcp_ls_takes_the_warnings_tsh_writes_on_stdout_before_its_output(int exit, string stdout, string stderr, bool succeeded, int warnings, string message)
        {
            var runner = new FakeRunner { Answer = (f, a, h) => new ProcessResult { ExitCode = exit, Stdout = stdout, Stderr = stderr } };
            var l = TshSessionReader.ListMcpApps(runner, "tsh", null, TimeSpan.FromSeconds(5));
            Assert.Equal(succeeded, l.Succeeded);
            Assert.Equal(warnings, l.StdoutWarnings.Count);
            if (warnings > 0) Assert.StartsWith("WARNING: Failed to load tsh profile for \"", l.StdoutWarnings[0], StringComparison.Ordinal);
            Assert.Equal(message, l.Message);
        }

        [Theory]
        // lib/utils/cli.go @0082cf8b FatalError writes the whole user message after "ERROR: "; gravitational/trace
        // TraceErr.UserMessage puts a wrapped cause a tab below (lib/client/api.go @0003e544 RetryWithRelogin's message).
        [InlineData("\u001b[31mERROR: \u001b[0mcannot relogin in non-interactive session\n\tdial tcp 203.0.113.7:443: connect: connection refused\n\n", "cannot relogin in non-interactive session dial tcp 203.0.113.7:443: connect: connection refused", "TMCP-LOG-191")]
        // lib/utils/cli.go @0082cf8b formatCertError: x509.UnknownAuthorityError's fixed text, over several lines.
        [InlineData("ERROR: WARNING:\n\n  The proxy you are connecting to has presented a certificate signed by a\n  unknown authority. This is most likely due to either being presented\n\n", "WARNING: The proxy you are connecting to has presented a certificate signed by a unknown authority. This is most likely due to either being presented", "TMCP-LOG-192")]
        // Go net.DNSError inside net.OpError for a proxy name that does not resolve.
        [InlineData("ERROR: dial tcp: lookup teleport.example.com: no such host\n\n", "dial tcp: lookup teleport.example.com: no such host", "TMCP-LOG-191")]
        // A failure the catalog does not know: tsh's message, no known error.
        [InlineData("ERROR: access denied to perform action \"list\" on \"app_server\"\n\n", "access denied to perform action \"list\" on \"app_server\"", null)]
        public void Mcp_ls_failure_keeps_the_whole_tsh_message_and_names_the_known_error(string stderr, string message, string id)
        {
            var runner = new FakeRunner { Answer = (f, a, h) => new ProcessResult { ExitCode = 1, Stderr = stderr } };
            var l = TshSessionReader.ListMcpApps(runner, "tsh", null, TimeSpan.FromSeconds(5));
            Assert.False(l.Succeeded);
            Assert.Equal("tsh mcp ls failed (exit code 1): " + message, l.Message);
            Assert.Equal(id, l.KnownError?.Id);
        }

        [Theory]
        [InlineData("a", "a")]
        [InlineData("a b", "\"a b\"")]
        [InlineData("", "\"\"")]
        [InlineData("x\"y", "\"x\\\"y\"")]
        [InlineData("C:\\dir\\", "C:\\dir\\")]
        [InlineData("C:\\my dir\\", "\"C:\\my dir\\\\\"")]
        public void Arguments_are_quoted_for_CommandLineToArgvW(string arg, string quoted) =>
            Assert.Equal(quoted, CommandLine.Quote(arg));
    }
}
