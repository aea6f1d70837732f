using System;
using System.Collections.Generic;
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
        /// Kills the process and all its descendants. <paramref name="alsoKill"/> is a snapshot of descendants taken
        /// earlier (killed as well); without Kill(true) on Unix a snapshot is taken now from /proc.
        /// </summary>
        public static void Kill(Process process, IEnumerable<int> alsoKill = null)
        {
            var targets = new List<int>();
            try
            {
                if (!process.HasExited)
                {
                    if (s_killTree != null) s_killTree.Invoke(process, new object[] { true });
                    else if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                    {
                        if (!KillWithTaskkill(process.Id)) process.Kill();
                    }
                    else
                    {
                        if (alsoKill == null) targets.AddRange(Descendants(process.Id));
                        process.Kill();
                    }
                }
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
            if (alsoKill != null) targets.AddRange(alsoKill);
            foreach (var pid in targets)
            {
                try
                {
                    using (var p = Process.GetProcessById(pid))
                        if (!p.HasExited) p.Kill();
                }
                catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is System.ComponentModel.Win32Exception)
                {
                }
            }
        }

        /// <summary>The pids of every descendant of pid (Linux /proc; empty elsewhere).</summary>
        public static List<int> Descendants(int pid)
        {
            var result = new List<int>();
            if (!Directory.Exists("/proc")) return result;
            var children = new Dictionary<int, List<int>>();
            string[] dirs;
            try { dirs = Directory.GetDirectories("/proc"); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return result; }
            foreach (var d in dirs)
            {
                if (!int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var p)) continue;
                int ppid = ParentOf(d);
                if (ppid <= 0) continue;
                if (!children.TryGetValue(ppid, out var list)) children[ppid] = list = new List<int>();
                list.Add(p);
            }
            var queue = new Queue<int>();
            queue.Enqueue(pid);
            while (queue.Count > 0)
            {
                var cur = queue.Dequeue();
                if (!children.TryGetValue(cur, out var kids)) continue;
                foreach (var k in kids)
                {
                    if (result.Contains(k)) continue;
                    result.Add(k);
                    queue.Enqueue(k);
                }
            }
            return result;
        }

        private static int ParentOf(string procDir)
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(procDir, "stat"));
                // pid (comm) state ppid ...: comm may hold spaces and parentheses, so parse after the last ')'.
                int close = stat.LastIndexOf(')');
                var f = stat.Substring(close + 2).Split(' ');
                return int.Parse(f[1], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException || e is ArgumentOutOfRangeException || e is IndexOutOfRangeException)
            {
                return -1;
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
