using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>How the probe keeps a server and everything it starts together, so that all of it can be ended.</summary>
    public enum ProcessGroupStrategy
    {
        /// <summary>Unix: started through the system's setsid(1) in a session and process group of its own; ended with kill(-pgid).</summary>
        Session,
        /// <summary>Windows: assigned to a Job object with kill-on-close; ended with TerminateJobObject, and by the system when the host dies.</summary>
        JobObject,
        /// <summary>No grouping available: the process tree is ended (what the server started and still has as children).</summary>
        TreeKill,
    }

    /// <summary>
    /// A server started in a group of its own (a Unix session, a Windows Job object), so that everything it starts
    /// ends with it, on every exit path: the probe's own end, a timeout, a stopped pipeline and the host's termination
    /// (Unix: ProcessExit, SIGTERM, SIGHUP; Windows: the job's kill-on-close when the host's handle closes).
    /// On Unix, processes that leave the group (a double-forked daemon) carry a marker in their environment and are
    /// found (Linux /proc), named and ended as well.
    /// </summary>
    public sealed class ProcessGroup
    {
        /// <summary>Environment variable that marks the probe's server and everything it starts.</summary>
        public const string MarkerVariable = "TELEPORT_MCP_PROBE";

        private const int SIGKILL = 9;
        private static readonly object s_lock = new object();
        private static readonly Dictionary<int, string> s_live = new Dictionary<int, string>();
        private static bool s_hooked;
        private static readonly List<object> s_signalRegistrations = new List<object>();

        private WindowsJob? _job;

        private ProcessGroup(string? marker, bool ownSession, ProcessGroupStrategy strategy)
        {
            Marker = marker;
            OwnSession = ownSession;
            Strategy = strategy;
        }

        public string? Marker { get; }

        /// <summary>The grouping chosen for this server (<see cref="Choose"/>).</summary>
        public ProcessGroupStrategy Strategy { get; private set; }

        /// <summary>Why the grouping fell back to ending the tree, when it did (shown nowhere by default; for tests and -Debug).</summary>
        public string? FallbackReason { get; private set; }

        /// <summary>
        /// The grouping for a system: Windows has Job objects; a Unix system with setsid(1) in /usr/bin or /bin (Linux
        /// util-linux) gets a session. macOS has no setsid(1), and .NET's Process.Start returns only after the child
        /// exec'd, when setpgid() on it is refused (EACCES): a group there would need posix_spawn with
        /// POSIX_SPAWN_SETPGROUP and our own pipes, so the tree is ended instead.
        /// </summary>
        public static ProcessGroupStrategy Choose(OsKind os, bool systemSetsid)
        {
            if (os == OsKind.Windows) return ProcessGroupStrategy.JobObject;
            return systemSetsid ? ProcessGroupStrategy.Session : ProcessGroupStrategy.TreeKill;
        }

        /// <summary>Whether the server runs in its own session (setsid), so kill(-pgid) reaches all it starts.</summary>
        [MemberNotNullWhen(true, nameof(Marker))] // only a group with a marker gets its own session (Prepare)
        public bool OwnSession { get; }

        public int LeaderPid { get; private set; }

        /// <summary>
        /// Rewrites <paramref name="file"/>/<paramref name="args"/> to start through setsid(1) (an exec wrapper, no shell)
        /// where the system has it, and marks the environment.
        /// </summary>
        public static ProcessGroup Prepare(ref string file, List<string> args, IDictionary<string, string> environment, IHostPlatform platform)
        {
            // The system's setsid(1) only, never one from PATH: the admin chose the server, not a wrapper.
            string? setsid = platform.IsWindows ? null : SystemProgram("setsid");
            var strategy = Choose(platform.Os, setsid != null);
            // A job holds every descendant (no marker needed to find them).
            if (strategy == ProcessGroupStrategy.JobObject) return new ProcessGroup(null, false, strategy);
            string marker = Guid.NewGuid().ToString("N");
            environment[MarkerVariable] = marker;
            if (strategy == ProcessGroupStrategy.TreeKill) return new ProcessGroup(marker, false, strategy);
            // The started process is never a group leader, so setsid(1) calls setsid() and execs: same pid, new session.
            args.InsertRange(0, new[] { "--", file });
            file = setsid!; // Choose picks a new session only when setsid was found
            return new ProcessGroup(marker, true, strategy);
        }

        private static string? SystemProgram(string name)
        {
            foreach (var dir in new[] { "/usr/bin/", "/bin/" })
                if (File.Exists(dir + name)) return dir + name;
            return null;
        }

        /// <summary>Records the started server so that the host's termination ends its group too.</summary>
        public void Started(Process process)
        {
            LeaderPid = process.Id;
            if (Strategy == ProcessGroupStrategy.JobObject)
            {
                _job = WindowsJob.Start(process, out var error);
                if (_job == null)
                {
                    Strategy = ProcessGroupStrategy.TreeKill;
                    FallbackReason = error;
                }
                return;
            }
            if (Marker == null) return;
            lock (s_lock)
            {
                s_live[LeaderPid] = Marker;
                if (!s_hooked) Hook();
            }
        }

        /// <summary>
        /// Ends the group, then every process still carrying the marker (they left the group); returns those as
        /// "name (pid)".
        /// </summary>
        public List<string> End(Process process)
        {
            bool leaderRunning;
            try { leaderRunning = !process.HasExited; }
            catch (InvalidOperationException) { leaderRunning = false; }
            if (OwnSession && LeaderPid > 0 && ProcFs.Available) return EndSession(leaderRunning);
            // Name the members outside the group before anything is killed: ending the tree also ends a detached
            // child still parented to the server, and a killed process no longer shows its marker, so a scan made
            // only afterwards would miss it depending on which signal landed first.
            var outside = new Dictionary<int, string>();
            if (OwnSession && LeaderPid > 0)
                foreach (var pid in FindMarked(Marker))
                    if (GroupOf(pid) is int pgid && pgid != LeaderPid) outside[pid] = NameOf(pid);
            // The group id is the leader's pid, which may be reused once the whole group is gone: signal the group
            // only while the leader or a marked member still belongs to it.
            if (OwnSession && LeaderPid > 0 && (leaderRunning || StillOurs(LeaderPid, Marker))) KillGroup(LeaderPid);
            if (_job != null)
            {
                _job.Terminate();
                _job.Dispose();
                _job = null;
            }
            lock (s_lock) s_live.Remove(LeaderPid);
            ProcessTree.Kill(process);
            var escaped = new List<string>();
            if (Marker == null) return escaped;
            foreach (var pid in FindMarked(Marker))
            {
                string name = NameOf(pid);
                if (!TryKill(pid)) outside.Remove(pid);   // still running (another user's, say): not named as ended
                else if (!outside.ContainsKey(pid)) outside[pid] = name;
            }
            return Names(outside);
        }

        /// <summary>
        /// <see cref="End"/> for a server in a session of its own on Linux, with one walk of /proc in the usual case:
        /// the server's tree read from its children files, the group killed, the members of the tree outside the group
        /// killed, then one scan for the marked ones the tree no longer holds (double-forked daemons).
        /// </summary>
        private List<string> EndSession(bool leaderRunning)
        {
            var ended = new Dictionary<int, string>();
            List<ProcEntry> outside;
            bool ours;
            if (leaderRunning)
            {
                // Not reaped, so its pid (the group id) and its children files are still the server's. The tree is
                // read before anything is killed: a killed process no longer shows its name, and its children move
                // to another parent.
                ours = true;
                outside = ProcFs.Descendants(LeaderPid).FindAll(p => p.GroupId != LeaderPid && p.State != 'Z');
            }
            else if (GroupIsEmpty(LeaderPid))
            {
                // Nothing left in the group: the scan below finds and names every marked process.
                ours = false;
                outside = new List<ProcEntry>();
            }
            else
            {
                // The leader is gone and its pid may be reused: the group is the server's only while a marked member
                // is in it.
                var marked = MarkedEntries(Marker);
                ours = marked.Exists(p => p.GroupId == LeaderPid);
                outside = marked.FindAll(p => p.GroupId != LeaderPid);
            }
            if (ours) KillGroup(LeaderPid);
            lock (s_lock) s_live.Remove(LeaderPid);
            foreach (var p in outside)
                if (TryKill(p.Pid)) ended[p.Pid] = p.Name;
            EndMarkedOutside(ended);
            return Names(ended);
        }

        /// <summary>How many scans for marked processes follow one another at most while each still finds one to end.</summary>
        internal const int MaxMarkerScans = 8;

        /// <summary>
        /// Ends every process still carrying the marker outside the server's group and adds it to
        /// <paramref name="ended"/>; scans again while a scan ended one (it may have started another meanwhile).
        /// Members of the group are left to the group kill (they are dying), as are the ones already ended.
        /// </summary>
        private void EndMarkedOutside(Dictionary<int, string> ended)
        {
            for (int scan = 0; scan < MaxMarkerScans; scan++)
            {
                bool endedOne = false;
                foreach (var p in MarkedEntries(Marker))
                {
                    if (ended.ContainsKey(p.Pid) || p.GroupId == LeaderPid || p.State == 'Z') continue;
                    // Still running when the kill fails (another user's, say): not named as ended.
                    if (!TryKill(p.Pid)) continue;
                    ended[p.Pid] = p.Name;
                    endedOne = true;
                }
                if (!endedOne) break;
            }
        }

        /// <summary>The processes whose environment holds the marker, as /proc/&lt;pid&gt;/stat shows them.</summary>
        private static List<ProcEntry> MarkedEntries(string? marker)
        {
            var result = new List<ProcEntry>();
            if (marker == null) return result;
            foreach (var pid in FindMarked(marker))
                if (ProcFs.Stat(pid) is ProcEntry e) result.Add(e);
            return result;
        }

        private const int ESRCH = 3;

        /// <summary>Whether no process is in group <paramref name="pgid"/> (kill(-pgid, 0) fails with ESRCH).</summary>
        private static bool GroupIsEmpty(int pgid)
        {
            try { return kill(-pgid, 0) != 0 && Marshal.GetLastWin32Error() == ESRCH; }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException) { return false; }
        }

        private static List<string> Names(Dictionary<int, string> ended)
        {
            var names = new List<string>();
            foreach (var member in ended) names.Add(member.Value + " (pid " + member.Key.ToString(CultureInfo.InvariantCulture) + ")");
            return names;
        }

        private static int? GroupOf(int pid)
        {
            try
            {
                var stat = File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat");
                var f = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                return int.Parse(f[2], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException || e is ArgumentOutOfRangeException || e is IndexOutOfRangeException)
            {
                return null;
            }
        }

        /// <summary>Whether a process carrying the marker is in process group <paramref name="pgid"/> (Linux /proc).</summary>
        private static bool StillOurs(int pgid, string marker)
        {
            foreach (var pid in FindMarked(marker))
                if (GroupOf(pid) == pgid) return true;
            return false;
        }

        private static void KillGroup(int pgid)
        {
            try { _ = kill(-pgid, SIGKILL); }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException) { }
        }

        private static bool TryKill(int pid)
        {
            try { return kill(pid, SIGKILL) == 0; }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException) { return false; }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);

        private static void EndAllLive()
        {
            KeyValuePair<int, string>[] live;
            lock (s_lock)
            {
                live = new KeyValuePair<int, string>[s_live.Count];
                ((ICollection<KeyValuePair<int, string>>)s_live).CopyTo(live, 0);
                s_live.Clear();
            }
            foreach (var g in live) if (StillOurs(g.Key, g.Value)) KillGroup(g.Key);
            foreach (var g in live)
                foreach (var pid in FindMarked(g.Value)) TryKill(pid);
        }

        // ProcessExit runs on a normal exit and on SIGTERM; SIGHUP (the terminal closed) is hooked where the runtime
        // offers PosixSignalRegistration (.NET 6+), looked up at run time because netstandard2.0 does not have it.
        private static void Hook()
        {
            s_hooked = true;
            AppDomain.CurrentDomain.ProcessExit += (s, e) => EndAllLive();
            try
            {
                var reg = Type.GetType("System.Runtime.InteropServices.PosixSignalRegistration, System.Runtime.InteropServices", false);
                var sig = Type.GetType("System.Runtime.InteropServices.PosixSignal, System.Runtime.InteropServices", false);
                var ctx = Type.GetType("System.Runtime.InteropServices.PosixSignalContext, System.Runtime.InteropServices", false);
                if (reg == null || sig == null || ctx == null) return;
                var create = reg.GetMethod("Create", new[] { sig, typeof(Action<>).MakeGenericType(ctx) });
                if (create == null) return;
                var handler = Delegate.CreateDelegate(typeof(Action<>).MakeGenericType(ctx), typeof(ProcessGroup).GetMethod(nameof(OnSignal), BindingFlags.NonPublic | BindingFlags.Static));
                foreach (var name in new[] { "SIGHUP", "SIGTERM", "SIGQUIT" })
                    s_signalRegistrations.Add(create.Invoke(null, new[] { Enum.Parse(sig, name), handler }));
            }
            catch (Exception e) when (e is TargetInvocationException || e is ArgumentException || e is PlatformNotSupportedException || e is AmbiguousMatchException)
            {
            }
        }

        private static void OnSignal(object _) => EndAllLive();   // every signal registered ends the live groups

        /// <summary>Pids (Linux /proc) whose environment holds the marker, other than our own process.</summary>
        public static List<int> FindMarked(string marker)
        {
            var result = new List<int>();
            if (!Directory.Exists("/proc")) return result;
            var needle = Encoding.ASCII.GetBytes(MarkerVariable + "=" + marker);
            foreach (var pid in ProcFs.Pids())
                if (ProcFs.EnvironHas(pid, needle)) result.Add(pid);
            return result;
        }

        private static string NameOf(int pid)
        {
            try { return File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/comm").Trim(); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return "?"; }
        }
    }
}
