using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using App = TeleportMcp.App;
using TeleportMcp.Tests.Common;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// Issue 17 items 7 and 10: stdio servers (node scripts written at test time) that flood the probe without reading,
    /// or leave children and double-forked daemons behind.
    /// </summary>
    public sealed class ProbeHostileTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-hostile-" + Guid.NewGuid().ToString("N"));

        public ProbeHostileTests() { Directory.CreateDirectory(_dir); }

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private string Script(string name, string js)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, js);
            return path;
        }

        private static ProbeResult Probe(string script, int timeoutSec, params string[] args)
        {
            var app = new App
            {
                Name = "hostile", Uri = "mcp+stdio://", HasMcpSpec = true, Transport = McpTransport.Stdio,
                Command = "node", RunAsHostUser = HostPlatform.Current.CurrentUser.Name,
            };
            app.Args.Add(script);
            foreach (var a in args) app.Args.Add(a);
            var report = StaticChecks.Run(app, new StaticCheckOptions());
            Assert.Null(report.Blocking);
            var run = Task.Run(() => StdioProbe.Run(report, new ProbeOptions { TimeoutSec = timeoutSec }, CancellationToken.None));
            // Not a speed assertion: a probe that never ends is the bug.
            Assert.True(run.Wait(TimeSpan.FromSeconds(timeoutSec * 2 + 60)), "the probe did not end");
            return run.Result;
        }

        private const string PingFlood = @"
let i = 0;
function flood() {
  while (process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: 'p' + (i++), method: 'ping' }) + '\n')) {}
  process.stdout.once('drain', flood);
}
flood();
setInterval(() => {}, 1000);
";

        [Fact]
        public void APingFloodThatNeverReadsEndsAtTheTimeoutWithBoundedLists()
        {
            // The count below needs one request, so node must start and flood before the deadline: a loaded machine may take
            // longer than any fixed time for that, so a run that saw no request is done again with a longer deadline. Every
            // run must end at its deadline, bounded, whatever that deadline is.
            var script = Script("flood.js", PingFlood);
            ProbeResult o = null;
            foreach (var seconds in new[] { 5, 30, 120 })
            {
                o = Probe(script, seconds);
                Assert.True(o.TimedOut, o.Message);
                Assert.InRange(o.ServerRequests.Count, 0, McpHandshake.MaxListed + 1);
                Assert.InRange(o.Warnings.Count, 0, McpHandshake.MaxListed + 5);
                if (o.ServerRequests.Count > 0) break;
            }
            Assert.Equal(CheckStatus.Fail, o.Status);
            Assert.InRange(o.ServerRequests.Count, 1, McpHandshake.MaxListed + 1);
        }

        // Closes stdout, says so in a file (with the time just before the close), and exits (code 7, last words on stderr)
        // only once the test creates the release file.
        private const string ClosesStdoutThenExits = @"
const fs = require('fs');
const [closed, release] = process.argv.slice(2);
const before = Date.now();
fs.closeSync(1);
fs.writeFileSync(closed + '.tmp', String(before));
fs.renameSync(closed + '.tmp', closed);
const wait = setInterval(() => {
  if (!fs.existsSync(release)) return;
  clearInterval(wait);
  process.stderr.write('dying words\n');
  process.exit(7);
}, 20);
";

        // A server whose stdout closed is normally gone, but a loaded machine may take seconds to reap it: its exit code and
        // its last stderr lines are waited for (within the deadline, up to StdioProbe's ExitWaitMaxMs), not taken as "still
        // running" after a fixed 2 s. The exit is held 3 s (past that old wait) by the test itself, not by a clock of the server.
        // A loaded machine may stretch that hold past the probe's wait, or keep node from starting before the deadline: such
        // a run tells nothing, and is done again. What every run asserts holds whatever the load: a probe that reports the
        // server still running has waited, since the stdout closed, at least the wait it owes.
        [NotOnWindowsFact("a node script that closes fd 1")]
        public void AServerThatExitsAfterClosingStdoutIsReportedWithItsExitCodeAndStderr()
        {
            var script = Script("closes-stdout.js", ClosesStdoutThenExits);
            foreach (var (attempt, timeoutSec) in new[] { (1, 120), (2, 300), (3, 600) })
            {
                var closed = Path.Combine(_dir, "stdout-closed-" + attempt);
                var release = Path.Combine(_dir, "release-" + attempt);
                ProbeResult o = null;
                Exception failure = null;
                long startedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), endedAt = 0;
                var run = new Thread(() =>
                {
                    try { o = Probe(script, timeoutSec, closed, release); }
                    catch (Exception e) { failure = e; }
                    endedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                }) { IsBackground = true };
                run.Start();
                var deadline = DateTime.UtcNow.AddSeconds(timeoutSec * 2 + 60);
                while (!File.Exists(closed) && run.IsAlive && DateTime.UtcNow < deadline) Thread.Sleep(20);
                if (!File.Exists(closed))
                {
                    Assert.True(run.Join(TimeSpan.FromSeconds(300)), "the probe did not end");
                    Assert.Null(failure);
                    // node did not get as far as closing its stdout before the deadline: undecided.
                    Assert.True(o.TimedOut, "the server did not close its stdout, and the probe did not time out: " + o.Message);
                    continue;
                }
                long closedAt = long.Parse(File.ReadAllText(closed), System.Globalization.CultureInfo.InvariantCulture);
                Thread.Sleep(3000);
                File.WriteAllText(release, "go");
                Assert.True(run.Join(TimeSpan.FromSeconds(timeoutSec * 2 + 60)), "the probe did not end");
                Assert.Null(failure);
                Assert.Equal(CheckStatus.Fail, o.Status);
                Assert.False(o.TimedOut, o.Message);
                if (o.HasExited)
                {
                    Assert.Equal(7, o.ExitCode);
                    Assert.Contains("dying words", o.StderrTail);
                    Assert.StartsWith("the server exited with code 7 in stage Initialize", o.Message, StringComparison.Ordinal);
                    return;
                }
                // Reported still running: only once the wait it owes is over (StdioProbe's ExitWaitMinMs and ExitWaitMaxMs, as
                // written here so that a shorter wait fails). The time left is counted from before the probe's clock started
                // to after its end, so the bound is never more than the wait the probe computed.
                Assert.StartsWith("the server closed stdout (process still running)", o.Message, StringComparison.Ordinal);
                long owed = Math.Min(15000, Math.Max(2000, timeoutSec * 1000L - (endedAt - startedAt)));
                Assert.True(endedAt - closedAt >= owed,
                    "the probe reported the server still running " + (endedAt - closedAt) + " ms after its stdout closed; it owes a wait of " + owed + " ms");
                // The server outlived that wait (the machine delayed its release or its exit): undecided.
            }
        }

        private static bool Alive(int pid)
        {
            var stat = "/proc/" + pid + "/stat";
            if (!File.Exists(stat)) return false;
            try
            {
                var text = File.ReadAllText(stat);
                return text.Substring(text.LastIndexOf(')') + 2, 1) != "Z";
            }
            catch (IOException) { return false; }
        }

        // The server starts a child in its group and a detached (setsid) daemon; except in "hang" mode also a daemon by
        // double fork (an intermediate process starts it in a session of its own and ends, so it leaves the server's
        // tree). It writes their pids, then hangs, answers the handshake, or exits (leaving its child in the group, or
        // after its child ended, leaving the group empty).
        private const string Spawner = @"
const { spawn } = require('child_process');
const fs = require('fs');
const [out, mode] = [process.argv[2], process.argv[3]];
const child = spawn('sleep', ['300'], { stdio: 'ignore' });
const daemon = spawn('sleep', ['301'], { stdio: 'ignore', detached: true });
daemon.unref();
const ids = [child.pid, daemon.pid];
// Written whole (renamed into place), so that a reader never sees a half-written file.
function write(file, text) { fs.writeFileSync(file + '.tmp', text); fs.renameSync(file + '.tmp', file); }
function started() {
  write(out, ids.join(' '));
  // Go on only once every process has surely exec'd: the probe must name the daemons as 'sleep'.
  setTimeout(mode === 'exit' ? () => process.exit(3)
    : mode === 'exit-alone' ? () => { child.on('exit', () => process.exit(3)); child.kill('SIGKILL'); }
    : serve, 300);
}
if (mode === 'hang') started();
else {
  const orphan = out + '.orphan';
  const code = ""const c = require('child_process').spawn('sleep', ['302'], { stdio: 'ignore', detached: true }); c.unref();"" +
    ""require('fs').writeFileSync(process.argv[1] + '.tmp', String(c.pid)); require('fs').renameSync(process.argv[1] + '.tmp', process.argv[1]);"";
  spawn(process.execPath, ['-e', code, orphan], { stdio: 'ignore', detached: true }).unref();
  const poll = setInterval(() => {
    if (!fs.existsSync(orphan)) return;
    clearInterval(poll);
    ids.push(Number(fs.readFileSync(orphan, 'utf8')));
    started();
  }, 20);
}
function serve() {
  let buf = '';
  process.stdin.on('data', d => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const m = JSON.parse(buf.slice(0, nl)); buf = buf.slice(nl + 1);
      if (mode !== 'answer' || m.id === undefined) continue;
      const result = m.method === 'initialize'
        ? { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 's', version: '1' } }
        : { tools: [{ name: 't', inputSchema: { type: 'object' } }] };
      process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result }) + '\n');
    }
  });
}
";

        [NotOnWindowsTheory("Linux: /proc tells which processes are left", Needs = "/proc")]
        [InlineData("hang")]
        [InlineData("answer")]
        // The server ends first: its group is the probe's only while a marked member is in it; an empty group is
        // not signalled, and the daemons are still found, ended and named.
        [InlineData("exit")]
        [InlineData("exit-alone")]
        public void ChildrenAndEscapedDaemonsEndWithTheProbeAndAreNamed(string mode)
        {
            var script = Script("spawner.js", Spawner);
            string pids = null;
            ProbeResult o = null;
            // The deadline counts from the start of node: "hang" needs node to start and spawn its processes before it,
            // which a loaded machine may take longer than any fixed time for, so a run that ended before the pids were
            // written is done again with a longer deadline; the other modes are not about the deadline at all (a "did not
            // hang" guard).
            foreach (var seconds in mode == "hang" ? new[] { 10, 30, 120 } : new[] { 120 })
            {
                pids = Path.Combine(_dir, "pids-" + mode + "-" + seconds);
                o = Probe(script, seconds, pids, mode);
                if (mode == "answer") Assert.True(o.Stage == ProbeStage.Done, o.Message);
                else if (mode == "hang") Assert.True(o.TimedOut, o.Message);
                else Assert.True(o.Status == CheckStatus.Fail && !o.TimedOut, o.Message);
                if (File.Exists(pids)) break;
            }
            Assert.True(File.Exists(pids), "the server did not start its processes before the deadline: " + o.Message);
            var ids = File.ReadAllText(pids).Split(' ').Select(int.Parse).ToArray();
            Assert.Equal(mode == "hang" ? 2 : 3, ids.Length);
            // Killed processes are reaped by whoever inherits them: waited for, not timed.
            for (int i = 0; i < 600 && ids.Any(Alive); i++) Thread.Sleep(100);
            Assert.False(Alive(ids[0]), "the server's child survived");
            Assert.False(Alive(ids[1]), "the detached daemon survived");
            Assert.Contains(o.Warnings, w => w.Contains("outside its process group") && w.Contains("sleep (pid " + ids[1] + ")"));
            if (ids.Length > 2)
            {
                Assert.False(Alive(ids[2]), "the double-forked daemon survived");
                Assert.Contains(o.Warnings, w => w.Contains("outside its process group") && w.Contains("sleep (pid " + ids[2] + ")"));
            }
            // The child in the server's group is ended with the group, not named.
            Assert.DoesNotContain(o.Warnings, w => w.Contains("(pid " + ids[0] + ")"));
        }
    }
}
