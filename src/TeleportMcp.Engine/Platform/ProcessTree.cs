using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>Ends a process and everything it started (used by the run-to-completion runner and by the probe's stdio servers).</summary>
    public static class ProcessTree
    {
        // Process.Kill(bool entireProcessTree) exists from .NET Core 3.0 (PowerShell 7) but not in netstandard2.0
        // nor .NET Framework (Windows PowerShell 5.1), so it is looked up at run time.
        private static readonly MethodInfo s_killTree =
            typeof(Process).GetMethod("Kill", BindingFlags.Public | BindingFlags.Instance, null, new[] { typeof(bool) }, null);

        /// <summary>
        /// Kills the process and all its descendants: Kill(true) where the runtime has it (every PowerShell 7, so every
        /// Unix host), taskkill /T on Windows PowerShell 5.1. Descendants that left the tree (a double-forked daemon)
        /// are ProcessGroup's business: it ends the server's session and finds the rest by their environment marker.
        /// </summary>
        public static void Kill(Process process)
        {
            try
            {
                if (process.HasExited) return;
                if (s_killTree != null) s_killTree.Invoke(process, new object[] { true });
                else if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || !KillWithTaskkill(process.Id)) process.Kill();
            }
            catch (TargetInvocationException)
            {
                TryKillSingle(process);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                TryKillSingle(process);
            }
            catch (InvalidOperationException)
            {
                // exited meanwhile, or never started
            }
        }

        private static void TryKillSingle(Process process)
        {
            try { if (!process.HasExited) process.Kill(); }
            catch (InvalidOperationException) { }
            catch (System.ComponentModel.Win32Exception) { }
        }

        private static bool KillWithTaskkill(int pid)
        {
            try
            {
                var system = Environment.GetFolderPath(Environment.SpecialFolder.System);
                var psi = new ProcessStartInfo(Path.Combine(system, "taskkill.exe"), CommandLine.Join(new[] { "/PID", pid.ToString(CultureInfo.InvariantCulture), "/T", "/F" }))
                {
                    UseShellExecute = false,
                    CreateNoWindow = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                using (var p = Process.Start(psi))
                {
                    // Read (and not kept), so that a long report for a large tree cannot fill the pipe and hold taskkill.
                    var drained = new[] { BoundedCapture.ReadAsync(p.StandardOutput, 0, 0), BoundedCapture.ReadAsync(p.StandardError, 0, 0) };
                    p.WaitForExit(10000);
                    System.Threading.Tasks.Task.WaitAll(drained, 2000);
                    return p.HasExited && p.ExitCode == 0;
                }
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException || e is AggregateException)
            {
                return false;
            }
        }
    }
}
