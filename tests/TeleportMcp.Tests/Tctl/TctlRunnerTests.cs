using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Tctl;
using TeleportMcp.Tests.Common;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Tctl
{
    internal sealed class FakeLauncher : IProcessRunner
    {
        public readonly List<(string File, List<string> Args)> Calls = new List<(string, List<string>)>();
        public Func<List<string>, ProcessResult> Respond = _ => new ProcessResult();

        public ProcessResult Run(string fileName, IList<string> arguments, IDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancel)
        {
            var args = arguments.ToList();
            Calls.Add((fileName, args));
            return Respond(args);
        }
    }

    public class TctlRunnerTests
    {
        private static readonly FakePlatform Linux = new FakePlatform(false, new[] { "/usr/local/bin/tctl" },
            new Dictionary<string, string> { ["PATH"] = "/usr/bin:/usr/local/bin" });

        private static (TctlRunner, FakeLauncher) Make(TctlOptions options = null)
        {
            var launcher = new FakeLauncher();
            return (new TctlRunner(options ?? new TctlOptions(), Linux, launcher), launcher);
        }

        [Fact]
        public void Connection_flags_pass_through_before_the_command()
        {
            var (runner, launcher) = Make(new TctlOptions { AuthServer = "proxy.example.com:443", IdentityFile = "/id file", ConfigFile = "/etc/teleport.yaml" });
            runner.Run("get", "users/alice", "--format=json");
            var call = Assert.Single(launcher.Calls);
            Assert.Equal("/usr/local/bin/tctl", call.File);
            Assert.Equal(new[] { "--auth-server=proxy.example.com:443", "--identity=/id file", "--config=/etc/teleport.yaml", "get", "users/alice", "--format=json" }, call.Args);
        }

        [Fact]
        public void Missing_tctl_is_TctlNotFound()
        {
            var runner = new TctlRunner(new TctlOptions { TctlPath = "/nowhere/tctl" }, Linux, new FakeLauncher());
            var e = Assert.Throws<TctlException>(() => runner.Run("version"));
            Assert.Equal(TctlErrorKind.TctlNotFound, e.Kind);
        }

        [Fact]
        public void Windows_batch_file_is_refused()
        {
            var win = new FakePlatform(true, new[] { @"C:\bin\tctl.cmd" }, new Dictionary<string, string> { ["PATH"] = @"C:\bin" });
            var runner = new TctlRunner(new TctlOptions(), win, new FakeLauncher());
            var e = Assert.Throws<TctlException>(() => runner.Run("version"));
            Assert.Equal(TctlErrorKind.TctlNotFound, e.Kind);
            Assert.Contains("cmd.exe", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        // lib/utils/cli.go FatalError: "ERROR: " (red outside Windows) + message, exit 1
        [InlineData("\u001b[31mERROR: \u001b[0muser \"bob\" is not found\n", TctlErrorKind.NotFound, "user \"bob\" is not found")]
        [InlineData("ERROR: access denied to perform action \"update\" on \"user\"\n", TctlErrorKind.AccessDenied, "access denied to perform action \"update\" on \"user\"")]
        [InlineData("ERROR: your credentials have expired, please login using `tsh login`\n", TctlErrorKind.NotLoggedIn, "your credentials have expired, please login using `tsh login`")]
        [InlineData("ERROR: tctl requires a tsh profile on Windows. Try logging in with tsh first.\r\n", TctlErrorKind.NotLoggedIn, "tctl requires a tsh profile on Windows. Try logging in with tsh first.")]
        [InlineData("ERROR: tctl must be either used on the auth server or provided with the identity file via --identity flag\n", TctlErrorKind.NotLoggedIn, null)]
        [InlineData("usage: tctl users update <account> [<flags>]\n\nUpdate user account.\nERROR: expected argument for flag '--set-mcp-tools'\n", TctlErrorKind.Failed, "expected argument for flag '--set-mcp-tools'")]
        [InlineData("ERROR: Nothing to update. Please provide at least one --set flag.\n", TctlErrorKind.Failed, "Nothing to update. Please provide at least one --set flag.")]
        [InlineData("", TctlErrorKind.Failed, "(no error text)")]
        public void Non_zero_exit_is_classified(string stderr, TctlErrorKind kind, string message)
        {
            var (runner, launcher) = Make();
            launcher.Respond = _ => new ProcessResult { ExitCode = 1, Stderr = stderr };
            var e = Assert.Throws<TctlException>(() => runner.Run("get", "users/bob", "--format=json"));
            Assert.Equal(kind, e.Kind);
            Assert.Equal(stderr, e.Stderr);
            if (message != null) Assert.EndsWith(message, e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(false, -1, "tctl did not finish within 2 s and was ended: ")]
        // Exited, but a process it started kept the output open past the timeout: what it printed is not known.
        [InlineData(true, 0, "tctl exited with code 0, but its output did not end within 2 s (a process it started may hold it open); the output was not used: ")]
        public void Timeout_is_its_own_kind(bool outputIncomplete, int exitCode, string message)
        {
            var (runner, launcher) = Make(new TctlOptions { Timeout = TimeSpan.FromSeconds(2) });
            launcher.Respond = _ => new ProcessResult { TimedOut = true, OutputIncomplete = outputIncomplete, ExitCode = exitCode };
            var e = Assert.Throws<TctlException>(() => runner.Run("get", "users/a", "--format=json"));
            Assert.Equal(TctlErrorKind.Timeout, e.Kind);
            Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        }

        private const string AliceArray = "[\n  {\"kind\": \"user\", \"version\": \"v2\", \"metadata\": {\"name\": \"alice\"},\n   \"spec\": {\"roles\": [\"access\"], \"traits\": {\"mcp_tools\": [\"a\", \"\", \"b\"]}}}\n]\n";
        private const string AliceBare = "{\"kind\": \"user\", \"version\": \"v2\", \"metadata\": {\"name\": \"alice\"}, \"spec\": {\"roles\": [\"access\"], \"traits\": {\"mcp_tools\": [\"a\", \"\", \"b\"]}}}";

        [Theory]
        [InlineData(AliceArray)] // resource_command.go @dfba4c36: a JSON array (U7)
        [InlineData(AliceBare)] // older tctl: a bare object (U7)
        public void GetUser_reads_array_or_bare_object(string stdout)
        {
            var (runner, launcher) = Make();
            launcher.Respond = _ => new ProcessResult { Stdout = stdout };
            var user = new TctlClient(runner).GetUser("alice");
            Assert.Equal(new[] { "access" }, user.Roles);
            Assert.Equal(new[] { "a", "", "b" }, TctlClient.McpTools(user));
            Assert.Equal(new[] { "get", "users/alice", "--format=json" }, launcher.Calls[0].Args);
        }

        [Theory]
        [InlineData("not json at all {")]
        [InlineData("[]")]
        [InlineData("[{\"kind\": \"user\", \"version\": \"v2\", \"metadata\": {\"name\": \"someone-else\"}, \"spec\": {}}]")]
        public void GetUser_with_unexpected_output_is_InvalidOutput(string stdout)
        {
            var (runner, launcher) = Make();
            launcher.Respond = _ => new ProcessResult { Stdout = stdout };
            var e = Assert.Throws<TctlException>(() => new TctlClient(runner).GetUser("alice"));
            Assert.Equal(TctlErrorKind.InvalidOutput, e.Kind);
        }

        [Fact]
        public void SetMcpTools_sends_one_update()
        {
            var (runner, launcher) = Make();
            launcher.Respond = _ => new ProcessResult { Stdout = "User alice has been updated:\n\tNew MCP tools: a,b\n" };
            var output = new TctlClient(runner).SetMcpTools("alice", new[] { "a", "b" });
            Assert.StartsWith("User alice has been updated:", output, StringComparison.Ordinal);
            Assert.Equal(new[] { "users", "update", "alice", "--set-mcp-tools=a", "--set-mcp-tools=b" }, Assert.Single(launcher.Calls).Args);
        }

        [NotOnWindowsFact("uses /bin/sleep; Pester covers Windows with the stand-in")]
        public void Real_process_is_killed_at_the_timeout()
        {
            var launcher = new ProcessRunner();
            var result = launcher.Run("/bin/sleep", new[] { "600" }, null, TimeSpan.FromMilliseconds(300), CancellationToken.None);
            Assert.True(result.TimedOut);
            Assert.NotEqual(0, result.ExitCode);
            // Killed, then reaped: waited for (a loaded machine may take seconds to reap it), not timed. sleep 600 is gone
            // within the guard only because it was killed.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Running(result.ProcessId) && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Assert.False(Running(result.ProcessId), "the timed-out sleep " + result.ProcessId + " is still running");
        }

        private static bool Running(int pid)
        {
            try
            {
                using var p = System.Diagnostics.Process.GetProcessById(pid);
                return !p.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }
}
