using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>A process as Linux /proc/&lt;pid&gt;/stat shows it (proc(5)): its parent, process group, name and state.</summary>
    public sealed class ProcEntry
    {
        public ProcEntry(int pid, int parentPid, int groupId, string name, char state)
        {
            Pid = pid;
            ParentPid = parentPid;
            GroupId = groupId;
            Name = name;
            State = state;
        }

        public int Pid { get; }
        public int ParentPid { get; }
        public int GroupId { get; }

        /// <summary>The command name (comm, at most 15 bytes), as /proc/&lt;pid&gt;/comm also gives it.</summary>
        public string Name { get; }

        /// <summary>R, S, D, Z (a zombie: ended, not yet reaped), T...</summary>
        public char State { get; }
    }

    /// <summary>Reads Linux /proc: processes, their children and their environment markers.</summary>
    public static class ProcFs
    {
        /// <summary>How many processes a tree walk follows at most (a fork bomb must not grow the probe's memory without bound).</summary>
        public const int MaxTree = 4096;

        public static bool Available => Directory.Exists("/proc/self");

        /// <summary>The entry of /proc/&lt;pid&gt;/stat, or null when the process is gone (or /proc cannot be read).</summary>
        public static ProcEntry? Stat(int pid)
        {
            try { return ParseStat(File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat")); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return null; }
        }

        /// <summary>
        /// "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so it runs from the first '(' to the
        /// last ')'. Null when the text is not such a line.
        /// </summary>
        public static ProcEntry? ParseStat(string text)
        {
            int open = text.IndexOf('(');
            int close = text.LastIndexOf(')');
            if (open <= 0 || close < open || close + 2 > text.Length) return null;
            if (!int.TryParse(text.Substring(0, open).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return null;
            var f = text.Substring(close + 2).Split(' ');
            if (f.Length < 3 || f[0].Length != 1) return null;
            if (!int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid)) return null;
            if (!int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pgrp)) return null;
            return new ProcEntry(pid, ppid, pgrp, text.Substring(open + 1, close - open - 1), f[0][0]);
        }

        /// <summary>
        /// The pids a process started (every thread's /proc/&lt;pid&gt;/task/&lt;tid&gt;/children: a child belongs to the
        /// thread that forked it); empty when the process is gone; null when the kernel has no such files
        /// (CONFIG_PROC_CHILDREN), so that the caller walks /proc instead.
        /// </summary>
        public static List<int>? Children(int pid)
        {
            var result = new List<int>();
            string[] tasks;
            try { tasks = Directory.GetDirectories("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/task"); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return result; }
            bool anyFile = false;
            foreach (var task in tasks)
            {
                string text;
                try { text = File.ReadAllText(Path.Combine(task, "children")); }
                catch (FileNotFoundException) { continue; }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { anyFile = true; continue; }   // a thread that ended meanwhile
                anyFile = true;
                result.AddRange(ParseChildren(text));
            }
            return anyFile || tasks.Length == 0 ? result : null;
        }

        /// <summary>The pids of a children file: numbers separated by spaces.</summary>
        public static List<int> ParseChildren(string text)
        {
            var result = new List<int>();
            foreach (var part in text.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries))
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) result.Add(pid);
            return result;
        }

        /// <summary>Every pid in /proc other than this process's own.</summary>
        public static List<int> Pids()
        {
            var result = new List<int>();
            int self = CurrentPid;
            string[] dirs;
            try { dirs = Directory.GetDirectories("/proc"); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return result; }
            foreach (var d in dirs)
                if (int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != self) result.Add(pid);
            return result;
        }

        private static int s_self;

        private static int CurrentPid
        {
            get
            {
                if (s_self == 0)
                    using (var me = Process.GetCurrentProcess()) s_self = me.Id;
                return s_self;
            }
        }

        /// <summary>
        /// The processes below <paramref name="pid"/> (children, their children...), read from the children files; when
        /// the kernel has none, from one walk of every /proc/&lt;pid&gt;/stat. At most <see cref="MaxTree"/>.
        /// </summary>
        public static List<ProcEntry> Descendants(int pid)
        {
            var result = new List<ProcEntry>();
            var seen = new HashSet<int> { pid };
            var queue = new Queue<int>();
            queue.Enqueue(pid);
            while (queue.Count > 0 && result.Count < MaxTree)
            {
                int parent = queue.Dequeue();
                var children = Children(parent);
                if (children == null) return DescendantsFromWalk(pid);
                foreach (var child in children)
                {
                    if (!seen.Add(child)) continue;
                    // Gone meanwhile, or its pid already someone else's: not ours.
                    var entry = Stat(child);
                    if (entry == null || entry.ParentPid != parent) continue;
                    result.Add(entry);
                    queue.Enqueue(child);
                    if (result.Count >= MaxTree) break;
                }
            }
            return result;
        }

        private static List<ProcEntry> DescendantsFromWalk(int pid)
        {
            var all = new List<ProcEntry>();
            foreach (var p in Pids())
                if (Stat(p) is ProcEntry e) all.Add(e);
            return DescendantsOf(pid, all);
        }

        /// <summary>The processes of <paramref name="all"/> below <paramref name="pid"/> by their parent pids, at most <see cref="MaxTree"/>.</summary>
        public static List<ProcEntry> DescendantsOf(int pid, IEnumerable<ProcEntry> all)
        {
            var byParent = new Dictionary<int, List<ProcEntry>>();
            foreach (var e in all)
            {
                if (!byParent.TryGetValue(e.ParentPid, out var list)) byParent[e.ParentPid] = list = new List<ProcEntry>();
                list.Add(e);
            }
            var result = new List<ProcEntry>();
            var seen = new HashSet<int> { pid };
            var queue = new Queue<int>();
            queue.Enqueue(pid);
            while (queue.Count > 0 && result.Count < MaxTree)
            {
                if (!byParent.TryGetValue(queue.Dequeue(), out var children)) continue;
                foreach (var c in children)
                {
                    if (!seen.Add(c.Pid)) continue;
                    result.Add(c);
                    queue.Enqueue(c.Pid);
                    if (result.Count >= MaxTree) break;
                }
            }
            return result;
        }

        /// <summary>Whether a process's environment (/proc/&lt;pid&gt;/environ) holds the entry NAME=value exactly.</summary>
        public static bool EnvironHas(int pid, byte[] entry)
        {
            byte[] env;
            try { env = File.ReadAllBytes("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/environ"); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return false; }
            return HasEntry(env, entry);
        }

        /// <summary>Whether NUL-separated NAME=value entries hold <paramref name="entry"/> as a whole entry.</summary>
        public static bool HasEntry(byte[] environ, byte[] entry)
        {
            for (int i = 0; i + entry.Length <= environ.Length; i++)
            {
                if (i > 0 && environ[i - 1] != 0) continue;   // whole NAME=value entries only
                int k = 0;
                while (k < entry.Length && environ[i + k] == entry[k]) k++;
                if (k == entry.Length && (i + k == environ.Length || environ[i + k] == 0)) return true;
            }
            return false;
        }
    }
}
