using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Text;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>What a finished (or failed to start, or timed out) program left behind.</summary>
    public sealed class ProcessResult
    {
        public int ExitCode { get; set; }
        public string Stdout { get; set; } = "";
        public string Stderr { get; set; } = "";
        public bool TimedOut { get; set; }
        /// <summary>Why the program could not be started (not found, not executable); null when it ran.</summary>
        public string StartError { get; set; }
    }

    /// <summary>Runs a program; tests replace it.</summary>
    public interface IProcessRunner
    {
        ProcessResult Run(string fileName, IList<string> args, IDictionary<string, string> environment, TimeSpan timeout);
    }

    /// <summary>
    /// Starts a program without a shell, stdin closed, stdout/stderr captured, killed on timeout.
    /// NOTE for the lead: the tctl capability may bring its own runner; this one is deliberately small so the two can
    /// be unified into one.
    /// </summary>
    public sealed class ProcessRunner : IProcessRunner
    {
        public static readonly ProcessRunner Instance = new ProcessRunner();

        public ProcessResult Run(string fileName, IList<string> args, IDictionary<string, string> environment, TimeSpan timeout)
        {
            var psi = new ProcessStartInfo
            {
                FileName = fileName,
                Arguments = string.Join(" ", args.Select(QuoteArgument)),
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
                StandardOutputEncoding = new UTF8Encoding(false),
                StandardErrorEncoding = new UTF8Encoding(false),
            };
            if (environment != null)
                foreach (var kv in environment)
                {
                    if (kv.Value == null) psi.Environment.Remove(kv.Key);
                    else psi.Environment[kv.Key] = kv.Value;
                }

            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            using (var p = new Process { StartInfo = psi })
            {
                p.OutputDataReceived += (s, e) => { if (e.Data != null) lock (stdout) stdout.Append(e.Data).Append('\n'); };
                p.ErrorDataReceived += (s, e) => { if (e.Data != null) lock (stderr) stderr.Append(e.Data).Append('\n'); };
                try
                {
                    p.Start();
                }
                catch (Win32Exception e)
                {
                    return new ProcessResult { ExitCode = -1, StartError = e.Message };
                }
                p.StandardInput.Close(); // tsh must never wait for a prompt answer
                p.BeginOutputReadLine();
                p.BeginErrorReadLine();
                bool exited = p.WaitForExit((int)Math.Min(int.MaxValue, Math.Max(1, timeout.TotalMilliseconds)));
                if (!exited)
                {
                    try { p.Kill(); } catch (InvalidOperationException) { } catch (Win32Exception) { }
                    p.WaitForExit(5000);
                    return new ProcessResult { ExitCode = -1, TimedOut = true, Stdout = Snapshot(stdout), Stderr = Snapshot(stderr) };
                }
                p.WaitForExit(); // flushes the async readers
                return new ProcessResult { ExitCode = p.ExitCode, Stdout = Snapshot(stdout), Stderr = Snapshot(stderr) };
            }
        }

        private static string Snapshot(StringBuilder sb) { lock (sb) return sb.ToString(); }

        /// <summary>Quotes one argument so that CommandLineToArgvW (and .NET on Unix) gives it back unchanged.</summary>
        public static string QuoteArgument(string arg) => Platform.CommandLine.Quote(arg);
    }
}
