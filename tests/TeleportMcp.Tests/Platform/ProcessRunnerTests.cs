using System;
using System.Globalization;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Common;
using Xunit;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>The one run-to-completion runner (tctl and tsh) against real child processes (Unix shells; Pester covers Windows through the stand-ins).</summary>
    public class ProcessRunnerTests
    {
        [NotOnWindowsFact("runs /bin/sh")]
        public void Environment_overrides_set_and_remove_variables_and_stdin_is_closed()
        {
            const string removed = "TELEPORTMCP_RUNNER_TEST_REMOVED";
            System.Environment.SetEnvironmentVariable(removed, "inherited");
            try
            {
                // cat ends at once only because stdin is closed; otherwise the run would time out.
                var r = ProcessRunner.Instance.Run("/bin/sh", new[] { "-c", "printf '%s|%s|' \"$TELEPORTMCP_RUNNER_TEST_SET\" \"${" + removed + "-unset}\"; cat" },
                    new Dictionary<string, string> { ["TELEPORTMCP_RUNNER_TEST_SET"] = "grüß \"dich\"", [removed] = null },
                    TimeSpan.FromSeconds(30), CancellationToken.None);
                Assert.False(r.TimedOut);
                Assert.Null(r.StartError);
                Assert.Equal(0, r.ExitCode);
                Assert.Equal("grüß \"dich\"|unset|", r.Stdout);
            }
            finally
            {
                System.Environment.SetEnvironmentVariable(removed, null);
            }
        }

        [Fact]
        public void A_program_that_cannot_start_gives_StartError()
        {
            var r = ProcessRunner.Instance.Run(Path.Combine(Path.GetTempPath(), "no-such-program-" + Guid.NewGuid().ToString("N")), Array.Empty<string>(), null,
                TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.NotNull(r.StartError);
            Assert.Equal(-1, r.ExitCode);
        }

        [NotOnWindowsFact("the child's pid is looked up in /proc", Needs = "/proc")]
        public void Timeout_ends_the_whole_tree()
        {
            // The shell prints its background child's pid, then waits for it: the child must not survive the timeout.
            // The pid must be out before the timeout, or there is nothing to check: a loaded machine (CI runs the tests in
            // parallel on 2 cores, other jobs beside them) may take longer than any fixed time to start the shell, so a run
            // that ended before the pid came is done again with a longer timeout. Every run must time out, whatever its limit.
            ProcessResult r = null;
            foreach (var seconds in new[] { 5, 30, 120 })
            {
                r = ProcessRunner.Instance.Run("/bin/sh", new[] { "-c", "sleep 600 & echo $!; wait" }, null,
                    TimeSpan.FromSeconds(seconds), CancellationToken.None);
                Assert.True(r.TimedOut);
                Assert.NotEqual(0, r.ExitCode);
                if (!string.IsNullOrWhiteSpace(r.Stdout)) break;
            }
            Assert.False(string.IsNullOrWhiteSpace(r.Stdout), "the shell printed no pid within two minutes");
            int grandchild = int.Parse(r.Stdout.Trim(), CultureInfo.InvariantCulture);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Alive(grandchild) && DateTime.UtcNow < deadline) Thread.Sleep(50);
            Assert.False(Alive(grandchild), "the background sleep " + grandchild + " outlived the timeout");
        }

        [NotOnWindowsFact("runs /bin/sleep")]
        public void Cancel_ends_the_run()
        {
            using (var cts = new CancellationTokenSource(300))
            {
                var r = ProcessRunner.Instance.Run("/bin/sleep", new[] { "600" }, null, TimeSpan.FromMinutes(5), cts.Token);
                Assert.True(r.TimedOut);
                Assert.NotEqual(0, r.ExitCode);
            }
        }

        [NotOnWindowsFact("the grandchild's pid is looked up in /proc", Needs = "/proc")]
        public void Cancel_returns_without_ending_the_tree_itself_and_the_tree_is_ended_aside()
        {
            // The grandchild's pid is written to a file (the run returns without its output once cancelled).
            var pidFile = Path.Combine(Path.GetTempPath(), "tmcp-cancel-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (var cts = new CancellationTokenSource())
                {
                    ProcessResult r = null;
                    var run = new Thread(() => r = ProcessRunner.Instance.Run("/bin/sh", new[] { "-c", "sleep 600 & echo $! > " + pidFile + "; wait" }, null, TimeSpan.FromMinutes(5), cts.Token));
                    run.Start();
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    while (!(File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0) && DateTime.UtcNow < deadline) Thread.Sleep(20);
                    int grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
                    // Cancel only wakes the waiting run: no /proc walk on the cancelling thread.
                    cts.Cancel();
                    Assert.True(run.Join(TimeSpan.FromSeconds(30)), "the cancelled run did not return");
                    Assert.NotNull(r);
                    Assert.True(r.TimedOut);
                    Assert.Equal(-1, r.ExitCode);
                    deadline = DateTime.UtcNow.AddSeconds(30);
                    while (Alive(grandchild) && DateTime.UtcNow < deadline) Thread.Sleep(20);
                    Assert.False(Alive(grandchild), "the background sleep " + grandchild + " outlived the cancel");
                }
            }
            finally
            {
                File.Delete(pidFile);
            }
        }

        [NotOnWindowsFact("runs /bin/sh")]
        public void Output_that_ends_after_the_exit_is_waited_for_within_the_timeout()
        {
            // The shell exits at once; a background child it leaves holds the pipes and writes 12 s later, longer than the
            // fixed 10 s of old (which then reported the output as empty). The caller's timeout is what bounds the wait.
            var r = ProcessRunner.Instance.Run("/bin/sh", new[] { "-c", "(sleep 12; echo late) & echo early" }, null, TimeSpan.FromMinutes(5), CancellationToken.None);
            Assert.False(r.TimedOut);
            Assert.False(r.OutputIncomplete);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal("early\nlate\n", r.Stdout);
        }

        [NotOnWindowsFact("the child's pid is looked up in /proc", Needs = "/proc")]
        public void Output_held_open_past_the_timeout_is_reported_incomplete_not_empty()
        {
            var pidFile = Path.Combine(Path.GetTempPath(), "tmcp-held-" + Guid.NewGuid().ToString("N"));
            try
            {
                // The shell must exit before the timeout for the case to arise: a loaded machine may start it later than any
                // fixed time, so a run that timed out before the exit is done again with a longer timeout.
                ProcessResult r = null;
                foreach (var seconds in new[] { 3, 30, 120 })
                {
                    r = ProcessRunner.Instance.Run("/bin/sh", new[] { "-c", "sleep 600 & echo $! > " + pidFile + "; echo early; exit 3" }, null,
                        TimeSpan.FromSeconds(seconds), CancellationToken.None);
                    Assert.True(r.TimedOut, "the run ended within its timeout though a background sleep held its output");
                    KillFrom(pidFile);
                    if (r.ExitCode != -1) break;
                    Assert.False(r.OutputIncomplete);
                }
                Assert.True(r.OutputIncomplete);
                Assert.Equal(3, r.ExitCode);
                Assert.Equal("", r.Stdout);
            }
            finally
            {
                KillFrom(pidFile);
                File.Delete(pidFile);
            }
        }

        [NotOnWindowsFact("the child's pid is looked up in /proc", Needs = "/proc")]
        public void A_cancel_while_the_output_is_awaited_returns_at_once()
        {
            var pidFile = Path.Combine(Path.GetTempPath(), "tmcp-held-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (var cts = new CancellationTokenSource())
                {
                    ProcessResult r = null;
                    // The shell exits at once; its background sleep holds the output for ten minutes, the run's timeout.
                    var run = new Thread(() => r = ProcessRunner.Instance.Run("/bin/sh", new[] { "-c", "sleep 600 & echo $! > " + pidFile + ".tmp; mv " + pidFile + ".tmp " + pidFile }, null, TimeSpan.FromMinutes(10), cts.Token));
                    run.Start();
                    var deadline = DateTime.UtcNow.AddSeconds(120);
                    while (!File.Exists(pidFile) && DateTime.UtcNow < deadline) Thread.Sleep(20);
                    Assert.True(File.Exists(pidFile), "the shell did not start");
                    Thread.Sleep(500);
                    cts.Cancel();
                    // The output is owed for ten minutes: a run that waited for it (not for the cancel) would not return within the guard.
                    Assert.True(run.Join(TimeSpan.FromSeconds(60)), "the cancelled run did not return");
                    Assert.True(r.TimedOut);
                    Assert.False(r.OutputIncomplete);
                    Assert.Equal(-1, r.ExitCode);
                }
            }
            finally
            {
                KillFrom(pidFile);
                File.Delete(pidFile);
            }
        }

        private static void KillFrom(string pidFile)
        {
            if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid)) return;
            try { using (var p = System.Diagnostics.Process.GetProcessById(pid)) p.Kill(); }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is System.ComponentModel.Win32Exception) { }
        }

        /// <summary>Running and not a zombie (an orphan may wait for a reaper that a container lacks).</summary>
        private static bool Alive(int pid)
        {
            try
            {
                var stat = File.ReadAllText("/proc/" + pid + "/stat");
                return stat[stat.LastIndexOf(')') + 2] != 'Z';
            }
            catch (IOException)
            {
                return false;
            }
        }
    }
}
