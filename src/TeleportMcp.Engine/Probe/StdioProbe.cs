using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Probe
{
    public sealed class ProbeOptions
    {
        public int TimeoutSec { get; set; } = 30;
        public IHostPlatform Platform { get; set; } = HostPlatform.Current;

        /// <summary>Locates helper programs such as runuser; replaced in tests.</summary>
        public Func<string, string?>? FindProgram { get; set; }

        /// <summary>The probe's stage as it goes (starting, initialize, tools/list and the tool count), on the caller's thread.</summary>
        public Action<string>? Progress { get; set; }

        /// <summary>An HTTP probe's connect, started before the static checks (AppTest); null: none.</summary>
        internal EarlyConnection? Early { get; set; }
    }

    /// <summary>Starts a stdio MCP server the way the App Service does (lib/srv/mcp/stdio.go, S3/S4) and runs the handshake.</summary>
    public static class StdioProbe
    {
        public const int StderrTailLines = 20;
        private const int MaxLineBytes = 16 * 1024 * 1024;

        /// <summary>
        /// The least a Linux pipe holds: one page, 4096 bytes or more (pipe(7): a pipe created past the user's
        /// pipe-user-pages-soft limit gets one page; the default is 16 pages).
        /// </summary>
        internal const int MinPipeCapacity = 4096;

        private static readonly bool s_linux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

        /// <summary>
        /// Whether writing <paramref name="bytes"/> more to the server's stdin pipe cannot block, whatever the server
        /// does: on Linux, while everything ever written fits in the least a pipe holds (what is unread is never more
        /// than what was written). Elsewhere the bound is not known, so every write may block.
        /// </summary>
        internal static bool WriteCannotBlock(bool linux, long writtenSoFar, int bytes) =>
            linux && bytes >= 0 && writtenSoFar >= 0 && writtenSoFar + bytes <= MinPipeCapacity;

        public static ProbeResult Run(StaticCheckReport report, ProbeOptions options, CancellationToken ct)
        {
            var app = report.App;
            var o = new ProbeResult { App = app, AppName = app.Name, Transport = McpTransport.Stdio };
            var clock = Stopwatch.StartNew();
            var blocking = report.Blocking;
            if (blocking != null)
            {
                // Teleport fails before starting the process (S1, S3, S4): nothing to launch.
                o.Stage = ProbeStage.Spawn;
                o.Message = "not started: " + blocking.Message;
                return o;
            }
            var platform = options.Platform ?? HostPlatform.Current;
            var res = report.Resolution;
            var file = res!.Path; // Blocking is set unless the command was resolved
            if (file == null)
            {
                o.Stage = ProbeStage.Spawn;
                o.Message = "not started: the command " + app.Command + " was not found";
                return o;
            }
            var args = new List<string>(app.Args);
            o.CommandLine = Redactor.RedactCommandLine(file, args);

            // S4: Teleport runs the child as run_as_host_user (uid/gid switch, environment unchanged). From root we can do the same
            // with runuser -m; otherwise we run as ourselves and say so.
            var me = platform.CurrentUser;
            var target = report.HostUser;
            // A helper found through a relative PATH entry ('.') would be a program of the current folder: never (Go's exec.ErrDot).
            var find = options.FindProgram ?? (p => LookPath.Resolve(p, platform.Environment, platform).Path is string found && OsPath.IsRooted(platform.Os, found) ? found : null);
            if (platform.IsWindows || target == null || target.Uid < 0)
                o.RunAs = me.Name + " (current user; " + (platform.IsWindows ? "no host-user switch on Windows" : "host user unknown") + ")";
            else if (target.Uid == me.Uid)
                o.RunAs = me.Name + " (same uid as run_as_host_user)";
            else if (me.Uid == 0 && find("runuser") is string runuser)
            {
                args.InsertRange(0, new[] { "-m", ChildArguments.Getopt('u', target.Name), "--", file });
                file = runuser;
                o.RunAs = target.Name + " via runuser -m (as Teleport: uid/gid switched, environment kept)";
            }
            else if (me.Uid == 0 && find("sudo") is string sudo)
            {
                args.InsertRange(0, new[] { "-n", "-E", ChildArguments.Getopt('u', target.Name), "--", file });
                file = sudo;
                o.RunAs = target.Name + " via sudo -E";
            }
            else
            {
                o.RunAs = me.Name + " (current user: cannot switch to " + target.Name + " without root; permissions may differ)";
                o.Warnings.Add("ran as " + me.Name + ", not as run_as_host_user " + target.Name);
            }

            var environment = new Dictionary<string, string>(report.Environment);
            var group = ProcessGroup.Prepare(ref file, args, environment, platform);
            var psi = ProcessRunner.StartInfo(file, args);
            psi.Environment.Clear();
            foreach (var kv in environment) psi.Environment[kv.Key] = kv.Value;

            options.Progress?.Invoke("starting " + Path.GetFileName(res.Path) + " as " + o.RunAs);
            Process process;
            try
            {
                process = Process.Start(psi);
                if (process == null) throw new InvalidOperationException("no process");
                group.Started(process);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException || e is IOException)
            {
                o.Stage = ProbeStage.Spawn;
                o.Message = "fork/exec " + res.Path + ": " + e.Message;
                o.ElapsedMs = clock.ElapsedMilliseconds;
                return o;
            }

            StdioChannel? owned = new StdioChannel(process, o, group, clock, options.TimeoutSec * 1000L, Limits.Current);
            var channel = owned;
            bool endedAside = false;
            try
            {
                try
                {
                    new McpHandshake(channel, o, clock, options.TimeoutSec * 1000L, ct, options.Progress).Run();
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl+C: ending the group (a walk of /proc) and joining the readers happen aside, so the stop is not held.
                    endedAside = true;
                    channel.ShutdownAside();
                    owned = null;
                    throw;
                }
                catch (ProbeTimeoutException e)
                {
                    o.TimedOut = true;
                    o.Status = CheckStatus.Fail;
                    o.Message = "timed out after " + options.TimeoutSec + " s in stage " + o.Stage + ": " + e.Message
                                + (o.NonJsonLines > 0 ? "; stdout carried " + o.NonJsonLines + " non-JSON line(s)" : "")
                                + (channel.TellingStderr != null ? "; stderr: " + channel.TellingStderr : o.StderrTail.Count > 0 || channel.StderrLineCount > 0 ? "; the server wrote to stderr" : "");
                }
                catch (ProbeChannelException e)
                {
                    o.Status = CheckStatus.Fail;
                    o.Message = e.Message;
                }
                finally
                {
                    if (!endedAside)
                    {
                        channel.Shutdown(o, ct);
                        o.ElapsedMs = clock.ElapsedMilliseconds;
                    }
                }
                if (o.NonJsonLines > 0)
                    o.Warnings.Add("stdout carried " + o.NonJsonLines + " line(s) that are not JSON-RPC, first: " + GoText.Quote(o.FirstNonJsonLine)
                        + "; the App Service logs and skips them (lib/srv/mcp/stdio.go), a client that starts the server itself fails on them");
                if (o.Status == CheckStatus.Fail && o.HasExited && !o.TimedOut && o.Message != null && !o.Message.Contains("exit"))
                    o.Message += " (exit code " + o.ExitCode + ")";
            }
            finally
            {
                owned?.Dispose();
            }
            return o;
        }

        /// <summary>
        /// Waits up to <paramref name="limitMs"/> in short slices, so that Ctrl+C (the probe's token) is answered at
        /// once rather than after the wait; cancelled, it throws and the probe's end takes over.
        /// </summary>
        internal static bool WaitInSlices(Func<int, bool> wait, int limitMs, CancellationToken ct)
        {
            var spent = Stopwatch.StartNew();
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                long left = limitMs - spent.ElapsedMilliseconds;
                if (left <= 0) return wait(0);
                if (wait((int)Math.Min(100, left))) return true;
            }
        }

        private sealed class StdioChannel : IProbeChannel
        {
            private readonly Process _p;
            private readonly ProbeResult _o;
            private readonly ProcessGroup _group;
            // Bounded: when the handshake falls behind, the reader stops reading and the server blocks on its stdout.
            private readonly BlockingCollection<ChannelEvent> _events = new BlockingCollection<ChannelEvent>(1000);
            private volatile bool _stopping;
            private System.Threading.Tasks.Task? _pendingWrite;
            private long _written;
            private readonly StderrLog _stderr;
            private readonly Thread _outThread;
            private readonly Thread _errThread;
            private readonly Stream _stdin;
            private readonly Stopwatch _clock;
            private readonly long _deadlineMs;
            public long StderrLineCount => _stderr.LineCount;

            // Once stdout has closed, how long to wait for the exit and the rest of stderr: the process is normally gone
            // already, but a loaded machine may take seconds to reap it and to run the stderr reader, and a fixed short
            // wait then reported a server that had exited as still running, without its exit code or its last words.
            // Within the probe's deadline, at least the short wait of old, at most long enough that a server which
            // closed stdout and lives on is not waited for until a far deadline.
            internal const int ExitWaitMinMs = 2000, ExitWaitMaxMs = 15000;

            /// <summary>The most telling stderr line so far (an error, errno or traceback line), or null.</summary>
            public string? TellingStderr => _stderr.Telling;

            public StdioChannel(Process p, ProbeResult o, ProcessGroup group, Stopwatch clock, long deadlineMs, Limits limits)
            {
                _stderr = new StderrLog(limits);
                _p = p;
                _o = o;
                _group = group;
                _clock = clock;
                _deadlineMs = deadlineMs;
                _stdin = p.StandardInput.BaseStream;
                _outThread = new Thread(ReadStdout) { IsBackground = true, Name = "mcp-probe-stdout" };
                _errThread = new Thread(ReadStderr) { IsBackground = true, Name = "mcp-probe-stderr" };
                _outThread.Start();
                _errThread.Start();
            }

            public void Send(string json, int timeoutMs, CancellationToken ct)
            {
                // UTF-8 without BOM, one line per message (mcp-clients.md 3.1); bytes, so no console encoding applies.
                var bytes = Encoding.UTF8.GetBytes(json + "\n");
                // A server that stops reading its stdin fills the pipe and blocks a plain write for ever; the write
                // runs aside so the wait is bounded by the probe's deadline whatever the server does.
                if (_pendingWrite != null && !_pendingWrite.IsCompleted)
                    throw new ProbeTimeoutException("the server stopped reading its stdin (an earlier message is still unwritten)");
                if (WriteCannotBlock(s_linux, _written, bytes.Length))
                {
                    // Written here: no pool thread to wait for (the handshake's few messages are far below the bound).
                    try
                    {
                        _stdin.Write(bytes, 0, bytes.Length);
                        _stdin.Flush();
                    }
                    catch (Exception e) when (e is IOException || e is ObjectDisposedException)
                    {
                        throw new ProbeChannelException(ExitReason("could not write to the server's stdin", ct), e);
                    }
                    _written += bytes.Length;
                    return;
                }
                _written += bytes.Length;
                // Not cancelled midway: a half-written message would corrupt the stream; the wait below is what ends early.
                var write = System.Threading.Tasks.Task.Run(() =>
                {
                    _stdin.Write(bytes, 0, bytes.Length);
                    _stdin.Flush();
                }, CancellationToken.None);
                _pendingWrite = write;
                bool done;
                try
                {
                    done = write.Wait(Math.Max(0, timeoutMs), ct);
                }
                catch (AggregateException e) when (e.InnerException is IOException || e.InnerException is ObjectDisposedException)
                {
                    throw new ProbeChannelException(ExitReason("could not write to the server's stdin", ct), e.InnerException);
                }
                if (!done) throw new ProbeTimeoutException("the server stopped reading its stdin (a " + bytes.Length + "-byte message could not be written)");
            }

            public ChannelEvent Receive(int timeoutMs, CancellationToken ct)
            {
                try
                {
                    if (_events.TryTake(out var ev, timeoutMs, ct))
                    {
                        if (ev.Closed) ev.CloseReason = ExitReason("the server closed stdout", ct);
                        return ev;
                    }
                }
                catch (InvalidOperationException)
                {
                }
                return ChannelEvent.Timeout;
            }

            private string ExitReason(string what, CancellationToken ct)
            {
                bool exited = WaitInSlices(ms => _p.WaitForExit(ms), ExitWaitMs(), ct);
                if (!exited) return what + " (process still running)";
                WaitInSlices(ms => _errThread.Join(ms), ExitWaitMs(), ct);
                CopyStderr();
                _o.HasExited = true;
                _o.ExitCode = _p.ExitCode;
                var sb = new StringBuilder();
                sb.Append("the server exited with code ").Append(_p.ExitCode).Append(" in stage ").Append(_o.Stage);
                string? telling = _stderr.Telling;
                // The cause may have scrolled out of the tail: the tracker saw every line.
                if (telling == null && _o.StderrTail.Count > 0) telling = StderrSelection.MostTelling(_o.StderrTail);
                if (telling != null) sb.Append("; stderr: ").Append(telling);
                return sb.ToString();
            }

            private int ExitWaitMs() =>
                (int)Math.Min(ExitWaitMaxMs, Math.Max(ExitWaitMinMs, _deadlineMs - _clock.ElapsedMilliseconds));

            private void CopyStderr()
            {
                _o.StderrTail.Clear();
                _o.StderrTail.AddRange(_stderr.Tail());
                _o.StderrDroppedBytes = _stderr.DroppedBytes;
            }

            private void ReadStdout()
            {
                try
                {
                    BoundedCapture.ReadLines(_p.StandardOutput.BaseStream, MaxLineBytes, Emit);
                }
                catch (Exception e) when (e is IOException || e is ObjectDisposedException)
                {
                }
                Post(new ChannelEvent { Closed = true });
            }

            private void Emit(string line, long droppedBytes)
            {
                if (droppedBytes > 0)
                {
                    NonJson("(a line longer than " + MaxLineBytes + " bytes)");
                    return;
                }
                var text = line.TrimEnd('\r');
                if (text.Trim().Length == 0) return;
                var t = text.TrimStart();
                if (t.Length > 0 && (t[0] == '{' || t[0] == '['))
                {
                    var node = JsonParser.TryParse(text, out _);
                    if (node != null)
                    {
                        Post(new ChannelEvent { Message = node });
                        return;
                    }
                }
                NonJson(text);
            }

            private void Post(ChannelEvent ev)
            {
                try
                {
                    while (!_stopping && !_events.TryAdd(ev, 200)) { }
                }
                catch (Exception e) when (e is ObjectDisposedException || e is InvalidOperationException) { }
            }

            private void NonJson(string text)
            {
                // Teleport logs and skips such lines (lib/srv/mcp/stdio.go: OnParseError LogAndIgnoreParseError); direct clients fail.
                lock (_o)
                {
                    _o.NonJsonLines++;
                    if (_o.FirstNonJsonLine == null) _o.FirstNonJsonLine = text.Length > 200 ? text.Substring(0, 200) + "..." : text;
                }
            }

            private void ReadStderr() => _stderr.Read(_p.StandardError.BaseStream);

            /// <summary>
            /// Close stdin and end the whole tree at once (no orphans). Teleport sends SIGINT and SIGKILL 10 s later (S6);
            /// a probe has nothing to wait for, so it does not spend that time.
            /// </summary>
            public void Shutdown(ProbeResult o, CancellationToken ct = default)
            {
                _stopping = true;
                // Closing stdin under a write the server never reads could wait on it: end the process first then.
                var escaped = new List<string>();
                if (_pendingWrite != null && !_pendingWrite.IsCompleted) escaped.AddRange(_group.End(_p));
                try { _stdin.Close(); }
                catch (Exception e) when (e is IOException || e is ObjectDisposedException) { }
                escaped.AddRange(_group.End(_p));
                if (escaped.Count > 0)
                    o.Warnings.Add("the server left " + escaped.Count + " process(es) running outside its process group, ended by the probe: " + ListText.Join(", ", escaped.Distinct()));
                // In slices: a Ctrl+C that comes meanwhile is answered at once (the group is ended already).
                WaitInSlices(ms => _p.WaitForExit(ms), 5000, ct);
                WaitInSlices(ms => _outThread.Join(ms), 1000, ct);
                // The last stderr lines, within the wait an exit gets (a loaded machine may take seconds to run the reader);
                // a tail still being read is said to be one, not shown as the whole.
                bool read = WaitInSlices(ms => _errThread.Join(ms), ExitWaitMs(), ct);
                CopyStderr();
                if (!read) o.Warnings.Add("the server's stderr was still being read when the probe ended: its last lines may be missing from the stderr tail");
                if (_stderr.DroppedNote is string dropped) o.Warnings.Add(dropped);
            }

            /// <summary>Ends everything off the calling thread (a stopped pipeline) and disposes the channel when done.</summary>
            public void ShutdownAside()
            {
                System.Threading.Tasks.Task.Run(() =>
                {
                    try { Shutdown(_o); }
                    catch (Exception e) when (e is InvalidOperationException || e is IOException || e is ObjectDisposedException) { }
                    finally { Dispose(); }
                }, CancellationToken.None);
            }

            public void Dispose()
            {
                _events.Dispose();
                _p.Dispose();
            }
        }
    }
}
