using System;
using System.Globalization;
using System.IO;
using System.Threading;
using TeleportMcp.Engine.Platform;
using Xunit;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>The helper programs of the host checks (stat, getent, id) end at the stop: their process is killed and the check throws.</summary>
    public class HostPlatformStopTests
    {
        [Fact]
        public void A_stopped_helper_is_killed_and_the_call_throws_instead_of_answering()
        {
            if (!Directory.Exists("/proc")) return;
            var pidFile = Path.Combine(Path.GetTempPath(), "tmcp-helper-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (var cts = new CancellationTokenSource())
                {
                    Exception thrown = null;
                    string answer = "not returned";
                    // A helper that hangs (an NSS lookup against an LDAP server that does not answer).
                    var run = new Thread(() =>
                    {
                        try { answer = HostPlatform.Run(ProcessRunner.Instance, "/bin/sh", new[] { "-c", "echo $$ > " + pidFile + "; exec sleep 600" }, cts.Token); }
                        catch (Exception e) { thrown = e; }
                    });
                    run.Start();
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    while (!(File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0) && DateTime.UtcNow < deadline) Thread.Sleep(20);
                    int helper = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
                    Assert.True(Alive(helper));
                    cts.Cancel();
                    // A guard against a hang only: what says the stop (not the helper's own 5 s limit) ended the call is the
                    // OperationCanceledException, which a call ended by its limit does not throw.
                    Assert.True(run.Join(TimeSpan.FromSeconds(60)), "the stopped helper call did not return");
                    Assert.IsType<OperationCanceledException>(thrown);
                    Assert.Equal("not returned", answer);
                    deadline = DateTime.UtcNow.AddSeconds(30);
                    while (Alive(helper) && DateTime.UtcNow < deadline) Thread.Sleep(20);
                    Assert.False(Alive(helper), "the helper " + helper + " outlived the stop");
                }
            }
            finally
            {
                File.Delete(pidFile);
            }
        }

        [Fact]
        public void A_helper_that_runs_to_its_end_answers_its_output()
        {
            if (OperatingSystem.IsWindows()) return;
            using (var cts = new CancellationTokenSource())
                Assert.Equal("ok\n", HostPlatform.Run(ProcessRunner.Instance, "/bin/sh", new[] { "-c", "echo ok" }, cts.Token));
            Assert.Null(HostPlatform.Run(ProcessRunner.Instance, "/bin/sh", new[] { "-c", "exit 3" }, CancellationToken.None));
        }

        [Fact]
        public void The_checks_of_a_stopped_platform_start_no_helper_and_throw()
        {
            if (OperatingSystem.IsWindows()) return;
            using (var cts = new CancellationTokenSource())
            {
                var stopped = HostPlatform.Current.StopWith(cts.Token);
                cts.Cancel();
                // A file's mode and owner (statx on Linux, else stat(1)), getent(1) for an account /etc/passwd does not hold.
                Assert.Throws<OperationCanceledException>(() => stopped.GetFileWithParents("/etc/passwd"));
                Assert.Throws<OperationCanceledException>(() => stopped.GetFile("/etc/passwd"));
                Assert.Throws<OperationCanceledException>(() => stopped.LookupUser("tmcp-no-such-user-" + Guid.NewGuid().ToString("N").Substring(0, 8)));
                // The shared platform is not bound to anyone's stop.
                Assert.True(HostPlatform.Current.GetFile("/etc/passwd").Exists);
                Assert.Same(HostPlatform.Current, HostPlatform.Current.StopWith(CancellationToken.None));
                Assert.Same(HostPlatform.Current, stopped.StopWith(CancellationToken.None));
            }
        }

        [Fact]
        public void A_test_platform_is_kept_as_it_is()
        {
            var fake = new FakePlatform(false);
            using (var cts = new CancellationTokenSource())
                Assert.Same(fake, HostPlatform.StopWith(fake, cts.Token));
        }

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
