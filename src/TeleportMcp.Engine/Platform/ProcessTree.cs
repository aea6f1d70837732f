using System;
using System.Diagnostics;
using System.Reflection;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>Ends a process and everything it started.</summary>
    public static class ProcessTree
    {
        // Process.Kill(bool entireProcessTree) exists from .NET Core 3.0 (PowerShell 7) but not in netstandard2.0
        // nor .NET Framework (Windows PowerShell 5.1), so it is looked up at run time.
        private static readonly MethodInfo s_killTree =
            typeof(Process).GetMethod("Kill", BindingFlags.Public | BindingFlags.Instance, null, new[] { typeof(bool) }, null);

        public static void Kill(Process process, IPlatform platform = null)
        {
            platform = platform ?? PlatformInfo.Current;
            try
            {
                if (process.HasExited) return;
            }
            catch (InvalidOperationException)
            {
                return;
            }
            try
            {
                if (s_killTree != null)
                {
                    s_killTree.Invoke(process, new object[] { true });
                    return;
                }
                if (platform.IsWindows && KillWithTaskkill(process.Id)) return;
                process.Kill();
            }
            catch (TargetInvocationException)
            {
                TryKillSingle(process);
            }
            catch (InvalidOperationException)
            {
                // exited meanwhile
            }
            catch (System.ComponentModel.Win32Exception)
            {
                TryKillSingle(process);
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
                var psi = new ProcessStartInfo(System.IO.Path.Combine(system, "taskkill.exe"), "/PID " + pid + " /T /F")
                {
                    UseShellExecute = false,
                    CreateNoWindow = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                using (var p = Process.Start(psi))
                {
                    p.WaitForExit(10000);
                    return p.HasExited && p.ExitCode == 0;
                }
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException)
            {
                return false;
            }
        }
    }
}
