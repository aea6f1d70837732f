using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Tctl;
using TeleportMcp.Tests.Clients;
using TeleportMcp.Tests.Common;
using TeleportMcp.Tests.Platform;
using TeleportMcp.Tests.Tctl;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>Issue 17 items 1, 2, 6, 14 and 16: what reaches a child process, and what comes back from one.</summary>
    public class ChildProcessBoundaryTests
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

        private const string RepoEntry =
            "{\"servers\":{\"teleport-mcp-files\":{\"type\":\"stdio\",\"command\":\"/home/alice/src/api/tools/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}";

        private static IReadOnlyList<ClientCheck> Check(FakeEnv env, FakeRunner runner, string tshPath = null) =>
            ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = runner, Now = Now, TshPath = tshPath });

        // ---- item 1: a program named in a discovered file is never run ----------------------------------------

        [Fact]
        public void A_tsh_named_in_a_repository_config_is_checked_but_never_run()
        {
            var env = FakeEnv.Linux().File("/home/alice/src/api/.vscode/mcp.json", RepoEntry).File("/home/alice/src/api/tools/tsh").File("/usr/bin/tsh");
            var runner = FakeRunner.Active();
            var r = Check(env, runner);
            Assert.NotEmpty(runner.Calls);
            Assert.All(runner.Calls, c => Assert.Equal("/usr/bin/tsh", c.File));
            var cmd = r.Single(x => x.Check == ClientChecks.Command);
            Assert.Contains("never run", cmd.Message, StringComparison.Ordinal);
            Assert.Contains("not the same file", cmd.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Without_tsh_on_path_nothing_is_run_even_when_a_config_names_one()
        {
            var env = FakeEnv.Linux().File("/home/alice/src/api/.vscode/mcp.json", RepoEntry).File("/home/alice/src/api/tools/tsh");
            var runner = FakeRunner.Active();
            var r = Check(env, runner);
            Assert.Empty(runner.Calls);
            var session = r.First(x => x.Check == ClientChecks.Session);
            Assert.Equal(CheckStatus.Fail, session.Status);
            Assert.Contains("-TshPath", session.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void The_admin_may_choose_the_named_tsh_explicitly()
        {
            var env = FakeEnv.Linux().File("/home/alice/src/api/.vscode/mcp.json", RepoEntry).File("/home/alice/src/api/tools/tsh");
            var runner = FakeRunner.Active();
            Check(env, runner, "/home/alice/src/api/tools/tsh");
            Assert.NotEmpty(runner.Calls);
            Assert.All(runner.Calls, c => Assert.Equal("/home/alice/src/api/tools/tsh", c.File));
        }

        [Fact]
        public void The_same_file_as_the_tsh_on_path_says_so()
        {
            string entry = RepoEntry.Replace("/home/alice/src/api/tools/tsh", "/usr/bin/tsh");
            var env = FakeEnv.Linux().File("/home/alice/src/api/.vscode/mcp.json", entry).File("/usr/bin/tsh");
            var r = Check(env, FakeRunner.Active());
            Assert.Contains("same file as the tsh this check runs", r.Single(x => x.Check == ClientChecks.Command).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_tsh_found_through_a_relative_path_entry_is_refused_like_go_errdot()
        {
            // Go 1.19+ os/exec LookPath: a result relative to the current directory is exec.ErrDot.
            var env = FakeEnv.Linux().File("./tsh");
            env.Vars["PATH"] = ".:/usr/bin";
            var runner = FakeRunner.Active();
            var r = Check(env, runner);
            Assert.Empty(runner.Calls);
            Assert.Contains("ErrDot", r.First(x => x.Check == ClientChecks.Session).Message, StringComparison.Ordinal);
        }

        // ---- item 2: names are never options; account lookups follow os/user ----------------------------------

        [NotOnWindowsTheory("getent is the Unix helper; Windows looks users up without it")]
        [InlineData("-sfiles")]     // getent passwd -sfiles: an option, whose first line is root
        [InlineData("--service=files")]
        [InlineData("0")]           // getent answers a uid; user.Lookup("0") is "unknown user 0"
        [InlineData("root\nadmin")]
        [InlineData("ro:ot")]
        [InlineData("")]
        public void A_run_as_host_user_that_is_no_account_name_is_an_unknown_user(string name)
        {
            Assert.Null(HostPlatform.Current.LookupUser(name));
        }

        [NotOnWindowsFact("getent is the Unix helper; root is a Unix account")]
        public void Real_accounts_are_still_found()
        {
            var root = HostPlatform.Current.LookupUser("root");
            Assert.NotNull(root);
            Assert.Equal(0, root.Uid);
        }

        [Theory]
        [InlineData("-alice", "starts with '-'")]
        // kingpin v2 parser.go: an argument "@FILE" is replaced by the lines of FILE.
        [InlineData("@alice", "starts with '@'")]
        [InlineData("al\u001bice", "control character")]
        [InlineData("al\u0000ice", "control character")]
        [InlineData("al\nice", "control character")]
        public void User_names_that_would_become_options_or_inject_are_refused(string user, string why) =>
            Assert.Contains(why, McpToolsPlan.CheckUserName(user), StringComparison.Ordinal);

        // Every option value the module gives a child is attached to its flag (ChildArguments), so none can become a flag.
        [Theory]
        [InlineData("--insecure")]
        [InlineData("-d")]
        [InlineData("--auth-server=evil:443")]
        [InlineData("-")]
        public void Tctl_connection_values_starting_with_a_dash_stay_values(string value)
        {
            var runner = new TctlRunner(new TctlOptions { AuthServer = value, IdentityFile = value, ConfigFile = value });
            Assert.Equal(new[] { "--auth-server=" + value, "--identity=" + value, "--config=" + value, "get", "users/alice" }, runner.BuildArguments(new[] { "get", "users/alice" }));
        }

        [Theory]
        [InlineData("-oProxyCommand=touch /tmp/x", 0, null, "-l-oProxyCommand=touch /tmp/x")]
        [InlineData(null, 0, "-F", "-o-F=/etc/passwd")]
        public void Ssh_option_values_starting_with_a_dash_stay_values(string user, int port, string optionKey, string expected)
        {
            var options = optionKey == null ? null : new System.Collections.Hashtable { [optionKey] = "/etc/passwd" };
            var args = TeleportMcp.Engine.Fleet.SshPreflight.SettingsArguments(TeleportMcp.Engine.Fleet.SessionTarget.Parse("web1", out _), user, port, options);
            Assert.Contains(expected, args);
            Assert.Equal(new[] { "-s", "--", "web1", "powershell" }, args.Skip(args.Count - 4));
        }

        [Fact]
        public void A_getopt_option_has_no_empty_attached_value() =>
            Assert.Throws<ArgumentException>(() => ChildArguments.Getopt('l', ""));

        [Fact]
        public void A_tool_entry_starting_with_a_dash_stays_a_value()
        {
            var args = McpToolsPlan.UpdateArguments("alice", new[] { "-rf", "--help" });
            Assert.Equal(new[] { "users", "update", "alice", "--set-mcp-tools=-rf", "--set-mcp-tools=--help" }, args);
        }

        // ---- item 6: lost update ----------------------------------------------------------------------------

        [Fact]
        public void A_list_changed_since_the_merge_started_stops_the_write_naming_both_lists()
        {
            Assert.Null(McpToolsPlan.CheckUnchanged("alice", new[] { "a" }, new[] { "a" }));
            Assert.Null(McpToolsPlan.CheckUnchanged("alice", new[] { "a", "" }, new[] { "a" }));
            var message = McpToolsPlan.CheckUnchanged("alice", new[] { "a" }, new[] { "a", "theirs" });
            Assert.Contains("[a]", message, StringComparison.Ordinal);
            Assert.Contains("[a, theirs]", message, StringComparison.Ordinal);
            Assert.Contains("Nothing was written", message, StringComparison.Ordinal);
        }

        // ---- item 16: tool entries --------------------------------------------------------------------------

        [Theory]
        [InlineData("read\u0000file", "ToolEntryHasControlCharacter")]
        [InlineData("read\u001b]0;x\u0007", "ToolEntryHasControlCharacter")]
        [InlineData("read\nfile", "ToolEntryHasControlCharacter")]
        [InlineData("read\u009bfile", "ToolEntryHasControlCharacter")]
        public void Control_characters_in_tool_entries_are_refused_before_tctl_runs(string entry, string code)
        {
            foreach (var mode in new[] { McpToolsMode.Set, McpToolsMode.Append })
            {
                var issue = Assert.Single(McpToolsPlan.Validate(new[] { entry }, mode));
                Assert.True(issue.IsError);
                Assert.Equal(code, issue.Code);
                Assert.False(HostileCorpus.HasRawControl(issue.Message));
            }
        }

        [Fact]
        public void Oversized_entries_and_command_lines_are_refused_before_tctl_runs()
        {
            var issue = Assert.Single(McpToolsPlan.Validate(new[] { new string('a', McpToolsPlan.MaxEntryChars + 1) }, McpToolsMode.Set));
            Assert.Equal("ToolEntryTooLong", issue.Code);
            Assert.True(issue.Message.Length < 400);
            Assert.Empty(McpToolsPlan.Validate(new[] { new string('a', McpToolsPlan.MaxEntryChars) }, McpToolsMode.Set));

            var many = Enumerable.Range(0, 2000).Select(i => "tool_" + i + new string('x', 900)).ToList();
            var args = McpToolsPlan.UpdateArguments("alice", many);
            Assert.NotNull(McpToolsPlan.CheckCommandLength(args, windows: false));
            Assert.NotNull(McpToolsPlan.CheckCommandLength(McpToolsPlan.UpdateArguments("alice", many.Take(40).ToList()), windows: true));
            Assert.Null(McpToolsPlan.CheckCommandLength(McpToolsPlan.UpdateArguments("alice", new[] { "a", "b" }), windows: true));
        }

        [NotOnWindowsFact("/usr/bin/true stands in for tctl and E2BIG is exec's")]
        public void An_argument_list_the_os_refuses_is_not_reported_as_tctl_not_found()
        {
            // /usr/bin/true stands in for tctl; 3 MB of arguments exceed ARG_MAX, so exec fails with E2BIG.
            var runner = new TctlRunner(new TctlOptions { TctlPath = "/usr/bin/true" });
            var huge = Enumerable.Range(0, 3000).Select(i => "--set-mcp-tools=" + new string('t', 1000)).ToArray();
            var e = Assert.Throws<TctlException>(() => runner.Run(huge));
            Assert.Equal(TctlErrorKind.ArgumentListTooLong, e.Kind);
            Assert.True(e.Message.Length < 3000);
        }

        // ---- item 14: captured output is bounded ---------------------------------------------------------------

        [Fact]
        public void Bounded_capture_keeps_head_and_tail()
        {
            var c = new BoundedCapture(10, 5);
            var text = ("HEAD-" + new string('j', 1000) + "-TAIL").ToCharArray();
            c.Append(text, text.Length);
            Assert.True(c.Truncated);
            Assert.Equal(text.Length, c.TotalChars);
            string s = c.ToString();
            Assert.StartsWith("HEAD-jjjjj", s, StringComparison.Ordinal);
            Assert.EndsWith("-TAIL", s, StringComparison.Ordinal);
            Assert.Contains("characters left out", s, StringComparison.Ordinal);
            Assert.True(s.Length < 80);
        }

        [NotOnWindowsFact("prints with a POSIX program")]
        public void A_program_printing_without_end_costs_bounded_memory()
        {
            var runner = new ProcessRunner { Limits = new Limits { ChildStdoutHeadChars = 1 << 20, ChildStdoutTailChars = 4096 } };
            // The program must have printed past the limits before its timeout, and its output must have been read once it
            // was killed: a loaded machine may start it late or read late, so a run that kept all it printed (nothing cut)
            // is done again with a longer timeout. Every run is bounded.
            ProcessResult r = null;
            foreach (var seconds in new[] { 2, 10, 30 })
            {
                r = runner.Run("/usr/bin/yes", new[] { "junk" }, null, TimeSpan.FromSeconds(seconds), CancellationToken.None);
                Assert.True(r.TimedOut);
                Assert.True(r.Stdout.Length < (1 << 20) + 4096 + 200, "kept " + r.Stdout.Length);
                if (r.StdoutTruncated) break;
            }
            Assert.True(r.StdoutTruncated);
            Assert.True(r.StdoutChars > r.Stdout.Length);
            Assert.True(r.Stdout.Length < (1 << 20) + 4096 + 200, "kept " + r.Stdout.Length);
        }

        [Fact]
        public void Tctl_junk_on_stderr_becomes_a_short_error_message()
        {
            var platform = new FakePlatform(false, new[] { "/usr/local/bin/tctl" }, new Dictionary<string, string> { ["PATH"] = "/usr/local/bin" });
            var launcher = new FakeLauncher { Respond = _ => new ProcessResult { ExitCode = 1, Stderr = new string('Z', 5_000_000) + "\nERROR: " + new string('q', 100_000) } };
            var e = Assert.Throws<TctlException>(() => new TctlRunner(new TctlOptions(), platform, launcher).Run("get", "users/alice", "--format=json"));
            Assert.True(e.Message.Length < 3000, "message of " + e.Message.Length);
            Assert.Contains("characters left out", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Tctl_stdout_past_the_bound_is_invalid_output_not_a_truncated_parse()
        {
            var platform = new FakePlatform(false, new[] { "/usr/local/bin/tctl" }, new Dictionary<string, string> { ["PATH"] = "/usr/local/bin" });
            var launcher = new FakeLauncher { Respond = _ => new ProcessResult { ExitCode = 0, Stdout = "[", StdoutTruncated = true, StdoutChars = 100_000_000 } };
            var e = Assert.Throws<TctlException>(() => new TctlRunner(new TctlOptions(), platform, launcher).Run("get", "roles", "--format=json"));
            Assert.Equal(TctlErrorKind.InvalidOutput, e.Kind);
            Assert.Contains("100000000", e.Message, StringComparison.Ordinal);
        }
    }
}
