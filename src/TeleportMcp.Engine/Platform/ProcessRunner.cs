using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>What a finished (or failed to start, or ended) program left behind.</summary>
    public sealed class ProcessResult
    {
        public int ExitCode { get; set; }
        public string Stdout { get; set; } = "";
        public string Stderr { get; set; } = "";
        public bool TimedOut { get; set; }
        public TimeSpan Elapsed { get; set; }
        public int ProcessId { get; set; }

        /// <summary>Why the program could not be started (not found, not executable); null when it ran.</summary>
        public string? StartError { get; set; }

        /// <summary>The start failed because the argument list (or one argument) is longer than the OS accepts.</summary>
        public bool ArgumentListTooLong { get; set; }

        /// <summary>The program printed more than the runner keeps: only the head and the tail are in Stdout/Stderr.</summary>
        public bool StdoutTruncated { get; set; }
        public bool StderrTruncated { get; set; }
        public long StdoutChars { get; set; }

        /// <summary>
        /// The program exited, but its output did not end within the timeout (a process it started may hold the pipes):
        /// what it printed is not known, so <see cref="TimedOut"/> is set too, and a stream whose end was not read is empty.
        /// </summary>
        public bool OutputIncomplete { get; set; }
    }

    /// <summary>Runs a program to completion; tests replace it.</summary>
    public interface IProcessRunner
    {
        /// <param name="environment">Overrides of the inherited environment; a null value removes the variable.</param>
        ProcessResult Run(string fileName, IList<string> arguments, IDictionary<string, string?>? environment, TimeSpan timeout, CancellationToken cancel);
    }

    /// <summary>
    /// Runs tctl and tsh: no shell, arguments through <see cref="CommandLine"/>, stdin closed (a prompt fails instead of
    /// waiting forever), UTF-8 output, and at the timeout or on cancel the whole process tree is ended.
    /// </summary>
    public sealed class ProcessRunner : IProcessRunner
    {
        public static readonly ProcessRunner Instance = new ProcessRunner();

        /// <summary>The caps on captured output (Child* of <see cref="Common.Limits"/>); null: <see cref="Common.Limits.Current"/> when the child starts.</summary>
        public Common.Limits? Limits { get; set; }

        // E2BIG (Unix) and ERROR_FILENAME_EXCED_RANGE (206, Windows: command line over 32,767 characters).
        private const int E2Big = 7, WindowsCommandLineTooLong = 206;

        /// <summary>How every child starts (this runner and the probe's stdio servers): no shell, one quoting, all three streams redirected, UTF-8 output.</summary>
        public static ProcessStartInfo StartInfo(string fileName, IList<string> arguments)
        {
            var utf8 = new UTF8Encoding(false);
            return new ProcessStartInfo(fileName, CommandLine.Join(arguments))
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = utf8,
                StandardErrorEncoding = utf8,
            };
        }

        public ProcessResult Run(string fileName, IList<string> arguments, IDictionary<string, string?>? environment, TimeSpan timeout, CancellationToken cancel)
        {
            var psi = StartInfo(fileName, arguments);
            if (environment != null)
                foreach (var kv in environment)
                {
                    if (kv.Value == null) psi.Environment.Remove(kv.Key);
                    else psi.Environment[kv.Key] = kv.Value;
                }

            var watch = Stopwatch.StartNew();
            Process? p = new Process { StartInfo = psi };
            try
            {
                try
                {
                    p.Start();
                }
                catch (Win32Exception e)
                {
                    bool tooLong = e.NativeErrorCode == E2Big || e.NativeErrorCode == WindowsCommandLineTooLong ||
                                   e.Message.IndexOf("Argument list too long", StringComparison.OrdinalIgnoreCase) >= 0;
                    return new ProcessResult { ExitCode = -1, StartError = e.Message, ArgumentListTooLong = tooLong, Elapsed = watch.Elapsed };
                }
                try { p.StandardInput.Close(); } catch (IOException) { }
                var limits = Limits ?? Common.Limits.Current;
                var stdout = BoundedCapture.ReadAsync(p.StandardOutput, limits.ChildStdoutHeadChars, limits.ChildStdoutTailChars,
                    limits.Describe(nameof(Common.Limits.ChildStdoutHeadChars)) + ", " + limits.Describe(nameof(Common.Limits.ChildStdoutTailChars)));
                var stderr = BoundedCapture.ReadAsync(p.StandardError, limits.ChildStderrHeadChars, limits.ChildStderrTailChars,
                    limits.Describe(nameof(Common.Limits.ChildStderrHeadChars)) + ", " + limits.Describe(nameof(Common.Limits.ChildStderrTailChars)));
                int timeoutMs = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Min(int.MaxValue, Math.Max(1, timeout.TotalMilliseconds));
                // The cancel only wakes this wait: ending the tree walks every process of the system (Kill(true) on
                // Unix reads /proc), which must not delay Ctrl+C, so a stopped run ends the tree aside and returns at once.
                bool exited = WaitForExitOrCancel(p, timeoutMs, cancel);
                if (!exited && cancel.IsCancellationRequested)
                {
                    int pid = p.Id;
                    EndAside(p, stdout, stderr);
                    p = null;
                    return new ProcessResult { ExitCode = -1, TimedOut = true, Elapsed = watch.Elapsed, ProcessId = pid };
                }
                if (!exited) ProcessTree.Kill(p);
                p.WaitForExit(5000);
                // After an exit, the rest of the output within what is left of the caller's timeout (at least the short wait
                // of old): a loaded machine may take seconds to drain the pipes, and a fixed wait then reported output
                // missing. A grandchild that escaped the kill could keep the pipes open: after a kill, never long.
                int outputMs = !exited ? 2000 : timeoutMs < 0 ? -1 : (int)Math.Max(2000, timeoutMs - watch.ElapsedMilliseconds);
                bool complete = WaitForOutput(outputMs, cancel, stdout, stderr);
                bool incomplete = exited && !complete && !cancel.IsCancellationRequested;
                bool ended = !exited || cancel.IsCancellationRequested || incomplete;
                return new ProcessResult
                {
                    OutputIncomplete = incomplete,
                    ExitCode = !exited || cancel.IsCancellationRequested || !p.HasExited ? -1 : p.ExitCode,
                    Stdout = Completed(stdout)?.ToString() ?? "",
                    Stderr = Completed(stderr)?.ToString() ?? "",
                    StdoutTruncated = Completed(stdout)?.Truncated ?? false,
                    StderrTruncated = Completed(stderr)?.Truncated ?? false,
                    StdoutChars = Completed(stdout)?.TotalChars ?? 0,
                    TimedOut = ended,
                    Elapsed = watch.Elapsed,
                    ProcessId = p.Id,
                };
            }
            finally
            {
                p?.Dispose();
            }
        }

        /// <summary>Whether both readers ended within <paramref name="timeoutMs"/>; a cancel ends the wait at once (Ctrl+C is not held).</summary>
        private static bool WaitForOutput(int timeoutMs, CancellationToken cancel, params Task[] readers)
        {
            try
            {
                return Task.WaitAll(readers, timeoutMs, cancel);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (AggregateException)
            {
                // A reader failed: it has ended, and its text is taken as missing (Completed).
                return true;
            }
        }

        /// <summary>Waits for the exit, the timeout or the cancel, whichever comes first; true when the program exited.</summary>
        private static bool WaitForExitOrCancel(Process p, int timeoutMs, CancellationToken cancel)
        {
            if (!cancel.CanBeCanceled) return p.WaitForExit(timeoutMs);
            using (var exit = new ManualResetEventSlim(false))
            {
                EventHandler onExit = (s, e) => exit.Set();
                p.Exited += onExit;
                try
                {
                    // Raised from now on; an exit before this line is seen by HasExited.
                    p.EnableRaisingEvents = true;
                    if (p.HasExited) return true;
                    exit.Wait(timeoutMs, cancel);
                }
                catch (OperationCanceledException)
                {
                }
                finally
                {
                    p.Exited -= onExit;
                }
                return exit.IsSet || p.WaitForExit(0);
            }
        }

        /// <summary>Ends the tree of a run that was stopped, off the stopping thread; the process is disposed when it is gone.</summary>
        public static void EndAside(Process p, params Task[] readers)
        {
            // If PowerShell exits before the task has run, the tree is ended at the exit instead (as ProcessGroup does for probes).
            EventHandler atExit = (s, e) => EndNow(p);
            AppDomain.CurrentDomain.ProcessExit += atExit;
            Task.Run(() =>
            {
                try
                {
                    ProcessTree.Kill(p);
                    p.WaitForExit(5000);
                    Task.WaitAll(readers, 2000);
                }
                catch (Exception e) when (e is InvalidOperationException || e is AggregateException || e is Win32Exception)
                {
                    // Already gone, or its output failed: nothing is left to end.
                }
                finally
                {
                    AppDomain.CurrentDomain.ProcessExit -= atExit;
                    p.Dispose();
                }
            }, CancellationToken.None);
        }

        private static void EndNow(Process p)
        {
            try { ProcessTree.Kill(p); }
            catch (Exception e) when (e is InvalidOperationException || e is ObjectDisposedException || e is Win32Exception)
            {
                // Already gone, or disposed once the aside task ended it.
            }
        }

        private static BoundedCapture? Completed(Task<BoundedCapture> t) => t.IsCompleted && !t.IsFaulted && !t.IsCanceled ? t.Result : null;
    }
}
