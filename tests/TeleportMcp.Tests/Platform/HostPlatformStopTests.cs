using System;
using System.Globalization;
using System.IO;
using System.Threading;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Common;
using Xunit;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>The helper programs of the host checks (stat, getent, id) end at the stop: their process is killed and the check throws.</summary>
    public class HostPlatformStopTests
    {
        [NotOnWindowsFact("a helper's pid is looked up in /proc", Needs = "/proc")]
        public void A_stopped_helper_is_killed_and_the_call_throws_instead_of_answering()
        {
            var pidFile = Path.Combine(Path.GetTempPath(), "tmcp-helper-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (var cts = new CancellationTokenSource())
                {
                    Exception thrown = null;
                    string answer = "not returned";
                    // A helper that hangs (an NSS lookup against an LDAP server that does not answer). The real runner, with
                    // the helper's own limit (5 s) moved out of the way: on a loaded machine that limit could otherwise end
                    // the helper before the test has seen it and stopped it, and only the stop is tested here.
                    var runner = new LongerLimit(ProcessRunner.Instance, TimeSpan.FromMinutes(10));
                    var run = new Thread(() =>
                    {
                        try { answer = HostPlatform.Run(runner, "/bin/sh", new[] { "-c", "echo $$ > " + pidFile + ".tmp; mv " + pidFile + ".tmp " + pidFile + "; exec sleep 600" }, cts.Token); }
                        catch (Exception e) { thrown = e; }
                    });
                    run.Start();
                    // The pid file is renamed into place whole: its presence means the pid is in it.
                    var deadline = DateTime.UtcNow.AddSeconds(120);
                    while (!File.Exists(pidFile) && run.IsAlive && DateTime.UtcNow < deadline) Thread.Sleep(20);
                    Assert.True(File.Exists(pidFile), "the helper did not start: " + thrown);
                    int helper = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
                    Assert.True(Alive(helper));
                    cts.Cancel();
                    // The limit is ten minutes away: a call that waited for it (not for the stop) would not return within the guard.
                    Assert.True(run.Join(TimeSpan.FromSeconds(60)), "the stopped helper call did not return");
                    Assert.IsType<OperationCanceledException>(thrown);
                    Assert.Equal("not returned", answer);
                    Assert.Equal(1, runner.Calls);
                    deadline = DateTime.UtcNow.AddSeconds(60);
                    while (Alive(helper) && DateTime.UtcNow < deadline) Thread.Sleep(20);
                    Assert.False(Alive(helper), "the helper " + helper + " outlived the stop");
                }
            }
            finally
            {
                File.Delete(pidFile);
                File.Delete(pidFile + ".tmp");
            }
        }

        /// <summary>The real runner with a longer limit than the one asked for.</summary>
        private sealed class LongerLimit : IProcessRunner
        {
            private readonly IProcessRunner _inner;
            private readonly TimeSpan _limit;
            private int _calls;

            public LongerLimit(IProcessRunner inner, TimeSpan limit)
            {
                _inner = inner;
                _limit = limit;
            }

            public int Calls => Volatile.Read(ref _calls);

            public ProcessResult Run(string fileName, System.Collections.Generic.IList<string> arguments, System.Collections.Generic.IDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancel)
            {
                Interlocked.Increment(ref _calls);
                Assert.True(timeout < _limit, "the helper's own limit is not shorter than the test's");
                return _inner.Run(fileName, arguments, environment, _limit, cancel);
            }
        }

        [NotOnWindowsFact("runs /bin/sh")]
        public void A_helper_that_runs_to_its_end_answers_its_output()
        {
            using (var cts = new CancellationTokenSource())
                Assert.Equal("ok\n", HostPlatform.Run(ProcessRunner.Instance, "/bin/sh", new[] { "-c", "echo ok" }, cts.Token));
            Assert.Null(HostPlatform.Run(ProcessRunner.Instance, "/bin/sh", new[] { "-c", "exit 3" }, CancellationToken.None));
        }

        // getent that ran out of its limit has no answer (an NSS lookup over the network, a loaded machine): the lookup
        // says so instead of "no such account"; getent that answered "not found" (exit 2) is an unknown user.
        [NotOnWindowsTheory("getent is the Unix helper; Windows looks users up without it")]
        [InlineData(true, 0, true)]
        [InlineData(false, 2, false)]
        public void A_getent_that_did_not_answer_is_not_an_unknown_user(bool timedOut, int exitCode, bool throws)
        {
            var runner = new Answering(new ProcessResult { TimedOut = timedOut, ExitCode = timedOut ? -1 : exitCode });
            string name = "tmcp-no-such-user-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            if (throws)
                Assert.Equal("getent passwd did not answer within 5 s", Assert.Throws<HostHelperTimeoutException>(() => HostPlatform.Current.LookupUser(name, runner)).Message);
            else
                Assert.Null(HostPlatform.Current.LookupUser(name, runner));
            Assert.Equal(new[] { "getent passwd -- " + name }, runner.Calls);
        }

        private sealed class Answering : IProcessRunner
        {
            private readonly ProcessResult _result;
            public Answering(ProcessResult result) { _result = result; }
            public System.Collections.Generic.List<string> Calls { get; } = new System.Collections.Generic.List<string>();

            public ProcessResult Run(string fileName, System.Collections.Generic.IList<string> arguments, System.Collections.Generic.IDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancel)
            {
                Calls.Add(fileName + " " + string.Join(" ", arguments));
                return _result;
            }
        }

        [NotOnWindowsFact("the Unix helpers (getent, stat) are what a stopped platform must not start")]
        public void The_checks_of_a_stopped_platform_start_no_helper_and_throw()
        {
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
