using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Text;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>Starting a program without a shell and ending its whole process tree (netstandard2.0 has neither ArgumentList nor Kill(true)).</summary>
    public static class ProcessLauncher
    {
        /// <summary>
        /// One command-line string that .NET splits back into exactly these arguments (the MSVCRT rules, which .NET also
        /// applies on Unix when it turns ProcessStartInfo.Arguments into argv).
        /// </summary>
        public static string JoinArguments(IEnumerable<string> args, bool _ = false)
        {
            var sb = new StringBuilder();
            foreach (var a in args)
            {
                if (sb.Length > 0) sb.Append(' ');
                AppendQuoted(sb, a ?? "");
            }
            return sb.ToString();
        }

        public static void AppendQuoted(StringBuilder sb, string arg)
        {
            if (arg.Length > 0 && arg.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                sb.Append(arg);
                return;
            }
            sb.Append('"');
            int backslashes = 0;
            foreach (char c in arg)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }
                if (c == '"')
                {
                    sb.Append('\\', backslashes * 2 + 1);
                    sb.Append('"');
                }
                else
                {
                    sb.Append('\\', backslashes);
                    sb.Append(c);
                }
                backslashes = 0;
            }
            sb.Append('\\', backslashes * 2);
            sb.Append('"');
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

        private static readonly MethodInfo KillTree = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });

        /// <summary>Kills the process and all its descendants; alsoKill is a snapshot of them taken earlier (else one is taken now).</summary>
        public static void KillTreeNow(Process process, IEnumerable<int> alsoKill)
        {
            var targets = new List<int>();
            try
            {
                if (!process.HasExited)
                {
                    // Kill(true) (.NET Core 3.0+, so PowerShell 7) walks the tree itself; elsewhere we walk /proc first.
                    if (KillTree != null) KillTree.Invoke(process, new object[] { true });
                    else if (System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows))
                        HostPlatform.Run("taskkill", new[] { "/PID", process.Id.ToString(CultureInfo.InvariantCulture), "/T", "/F" });
                    else
                    {
                        if (alsoKill == null) targets.AddRange(Descendants(process.Id));
                        process.Kill();
                    }
                }
            }
            catch (Exception e) when (e is InvalidOperationException || e is System.ComponentModel.Win32Exception || e is TargetInvocationException)
            {
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
    }
}
