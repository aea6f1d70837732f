using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Tctl
{
    /// <summary>What a finished (or ended) child process left behind.</summary>
    public sealed class ProcessResult
    {
        public int ExitCode { get; set; }
        public string Stdout { get; set; } = "";
        public string Stderr { get; set; } = "";
        public bool TimedOut { get; set; }
        public TimeSpan Elapsed { get; set; }
        public int ProcessId { get; set; }
    }

    /// <summary>Starts a program with an argument list and no shell. A seam for tests.</summary>
    public interface IProcessLauncher
    {
        ProcessResult Run(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancel);
    }

    public sealed class ProcessLauncher : IProcessLauncher
    {
        private readonly IPlatform _platform;

        public ProcessLauncher(IPlatform platform = null) { _platform = platform ?? PlatformInfo.Current; }

        public ProcessResult Run(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancel)
        {
            var psi = new ProcessStartInfo(fileName, CommandLine.Join(arguments))
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            var watch = Stopwatch.StartNew();
            using (var p = new Process { StartInfo = psi })
            {
                p.Start();
                // tctl may prompt (MFA, confirmation); with stdin closed it fails instead of waiting forever.
                try { p.StandardInput.Close(); } catch (System.IO.IOException) { }
                Task<string> stdout = p.StandardOutput.ReadToEndAsync();
                Task<string> stderr = p.StandardError.ReadToEndAsync();
                bool exited;
                using (cancel.Register(() => ProcessTree.Kill(p, _platform)))
                {
                    exited = p.WaitForExit(timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Min(int.MaxValue, Math.Max(1, timeout.TotalMilliseconds)));
                    if (!exited) ProcessTree.Kill(p, _platform);
                    p.WaitForExit(5000);
                }
                // A grandchild that escaped the kill could keep the pipes open: never wait on it for long.
                Task.WaitAll(new Task[] { stdout, stderr }, exited ? 10000 : 2000);
                return new ProcessResult
                {
                    ExitCode = p.HasExited ? p.ExitCode : -1,
                    Stdout = stdout.IsCompleted && !stdout.IsFaulted ? stdout.Result : "",
                    Stderr = stderr.IsCompleted && !stderr.IsFaulted ? stderr.Result : "",
                    TimedOut = !exited || cancel.IsCancellationRequested,
                    Elapsed = watch.Elapsed,
                    ProcessId = p.Id,
                };
            }
        }
    }
}
