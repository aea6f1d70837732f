using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TeleportMcp.Engine.Fleet
{
    /// <summary>
    /// Where the host checks run, as the admin asked (-Session, -HostName, -ComputerName and their options), and the rules
    /// of that request: which parameters go together, which hosts are opened, how long a run may take. The sessions and
    /// credentials themselves stay with the module; this holds what was given.
    /// </summary>
    public sealed class RemotingRequest
    {
        /// <summary>Starting pwsh on a host and importing the module there, on top of each app's own time limit.</summary>
        public const int HostStartupSec = 60;

        /// <summary>The SSH port New-PSSession -HostName uses without -Port or a ":port".</summary>
        public const int SshPort = 22;

        /// <summary>
        /// The admin's remoting preference variables, carried into the private runspace of a run so they hold as they would
        /// for New-PSSession typed at the prompt. $PSDefaultParameterValues is not carried: a default such as *:ErrorAction
        /// would change how the run itself handles a host's failure.
        /// </summary>
        public static IReadOnlyList<string> PreferenceVariables { get; } = new[] { "PSSessionOption", "PSSessionConfigurationName", "PSSessionApplicationName" };

        public bool Session { get; set; }

        /// <summary>-HostName (SSH): the hosts as written; null when not given.</summary>
        public IList<string?>? HostName { get; set; }

        /// <summary>-ComputerName (WinRM): the hosts as written; null when not given.</summary>
        public IList<string?>? ComputerName { get; set; }

        public bool UserName { get; set; }
        public bool KeyFilePath { get; set; }
        public bool Credential { get; set; }

        /// <summary>-Port; 0 when not given.</summary>
        public int Port { get; set; }

        public bool Options { get; set; }
        public int ThrottleLimit { get; set; } = 32;

        /// <summary>The time one app's checks (with -Launch, its probe) may take on a host, in seconds.</summary>
        public int TimeoutSec { get; set; } = 30;

        public bool Requested => Session || HostName != null || ComputerName != null;

        public bool Ssh => HostName != null;

        /// <summary>The combinations New-PSSession itself refuses or ignores, said before any connection is tried; null when fine.</summary>
        public string? Conflict()
        {
            int ways = (Session ? 1 : 0) + (HostName != null ? 1 : 0) + (ComputerName != null ? 1 : 0);
            if (ways > 1) return "Give only one of -Session, -HostName (SSH) and -ComputerName (WinRM).";
            if (Session && (UserName || KeyFilePath || Credential || Port != 0 || Options))
                return "-UserName, -KeyFilePath, -Credential, -Port and -Options open sessions for -HostName or -ComputerName; a -Session is already open.";
            // Without a host they would do nothing, and the checks would run on this computer as if they were not given.
            if (ways == 0 && (UserName || KeyFilePath || Credential || Port != 0 || Options))
                return "-UserName, -KeyFilePath, -Credential, -Port and -Options open sessions for -HostName or -ComputerName; neither was given, so the checks would run on this computer without them.";
            if (HostName != null && Credential) return "-Credential is for WinRM (-ComputerName); over SSH (-HostName) give -UserName and -KeyFilePath.";
            if (ComputerName != null && (KeyFilePath || Options)) return "-KeyFilePath and -Options are SSH options (-HostName); over WinRM (-ComputerName) give -Credential.";
            if (ComputerName != null && UserName) return "-UserName is for SSH (-HostName); over WinRM (-ComputerName) give -Credential.";
            return null;
        }

        /// <summary>
        /// <see cref="Conflict"/> as the error that stops the command before any connection, naming the remoting
        /// parameters that were given (its target); null when they go together.
        /// </summary>
        public Common.TeleportArgumentException? Refusal()
        {
            var conflict = Conflict();
            if (conflict == null) return null;
            var given = new List<string>();
            if (Session) given.Add("-Session");
            if (HostName != null) given.Add("-HostName");
            if (ComputerName != null) given.Add("-ComputerName");
            if (UserName) given.Add("-UserName");
            if (KeyFilePath) given.Add("-KeyFilePath");
            if (Credential) given.Add("-Credential");
            if (Port != 0) given.Add("-Port");
            if (Options) given.Add("-Options");
            return new Common.TeleportArgumentException("ConflictingRemotingParameters", conflict) { TargetObject = given.ToArray() };
        }

        /// <summary>The hosts to open sessions to, in the order given: blank names left out, a name given twice (ignoring case) opened once.</summary>
        public List<string> Hosts() =>
            (HostName ?? ComputerName ?? Array.Empty<string?>()).Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>
        /// Hosts New-PSSession would refuse by name (SSH only: "DOMAIN\user@host", a bad port), each with the reason; they are
        /// reported as unreachable and the others are still opened (New-PSSession stops at the first for all of them).
        /// </summary>
        public List<KeyValuePair<string, string>> RefusedHosts()
        {
            var refused = new List<KeyValuePair<string, string>>();
            if (!Ssh) return refused;
            foreach (var h in Hosts())
                if (SessionTarget.Parse(h, out var error) == null) refused.Add(new KeyValuePair<string, string>(h, error ?? "not a host name"));
            return refused;
        }

        /// <summary>The -HostName hosts whose connection <see cref="SshPreflight"/> checks first: those <see cref="RefusedHosts"/> does not refuse; none over WinRM.</summary>
        public List<string> PreflightHosts() => Ssh ? HostsNotRefused() : new List<string>();

        private List<string> HostsNotRefused()
        {
            var refused = new HashSet<string>(RefusedHosts().Select(r => r.Key), StringComparer.Ordinal);
            return Hosts().Where(h => !refused.Contains(h)).ToList();
        }

        /// <summary>How many hosts one New-PSSession call opens: -HostName opens all its hosts side by side and has no -ThrottleLimit.</summary>
        public int OpenBatch(int hosts) => Ssh ? Math.Max(1, ThrottleLimit) : Math.Max(1, hosts);

        /// <summary>
        /// The New-PSSession calls that open the hosts: the hosts of <see cref="Hosts"/> that <see cref="RefusedHosts"/> does
        /// not refuse, in order, <see cref="OpenBatch"/> at a time. Each host has a session name of its own
        /// (<paramref name="tag"/> and its index; New-PSSession gives the i-th name to the i-th host), so each session is
        /// known by its host even when two share an address.
        /// </summary>
        /// <param name="tag">The run's prefix of the names; null for a new one ("TeleportMcp-" and 8 hex digits).</param>
        /// <param name="unreachable">Hosts already known to be unreachable (<see cref="SshPreflight"/>); they are not opened.</param>
        public List<SessionBatch> OpenBatches(string? tag = null, IEnumerable<string>? unreachable = null)
        {
            tag = tag ?? "TeleportMcp-" + Guid.NewGuid().ToString("N").Substring(0, 8) + "-";
            var hosts = HostsNotRefused();
            if (unreachable != null)
            {
                var skip = new HashSet<string>(unreachable, StringComparer.Ordinal);
                hosts.RemoveAll(skip.Contains);
            }
            var batches = new List<SessionBatch>();
            if (hosts.Count == 0) return batches;
            int chunk = OpenBatch(hosts.Count);
            for (int start = 0; start < hosts.Count; start += chunk)
            {
                var some = hosts.Skip(start).Take(chunk).ToList();
                var names = some.Select((h, i) => tag + (start + i).ToString(CultureInfo.InvariantCulture)).ToList();
                batches.Add(new SessionBatch(some, names, "Opening " + (Ssh ? "SSH" : "WinRM") + " PowerShell sessions to " + string.Join(", ", some)));
            }
            return batches;
        }

        /// <summary>What the run says it does while the hosts run the checks (verbose), and the label of its progress bar.</summary>
        public string Running(int apps, IEnumerable<string?> hosts) =>
            "Running the host checks of " + apps.ToString(CultureInfo.InvariantCulture) + " app(s) on " + string.Join(", ", hosts) + " (throttle " + ThrottleLimit.ToString(CultureInfo.InvariantCulture) + ")";

        /// <summary>The progress bar's words while <paramref name="hosts"/> hosts run the checks of <paramref name="apps"/> apps.</summary>
        public static string ChecksUnderWay(int apps, int hosts) =>
            "Host checks of " + apps.ToString(CultureInfo.InvariantCulture) + " app(s) on " + hosts.ToString(CultureInfo.InvariantCulture) + " host(s)";

        /// <summary>The progress bar's words while a remoting step runs: what it is, and for how long it has run so far.</summary>
        public static string Elapsed(string what, TimeSpan elapsed) => what + " (" + ((int)elapsed.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s)";

        /// <summary>How long the checks of <paramref name="apps"/> apps may take on <paramref name="hosts"/> hosts: -ThrottleLimit hosts at a time, each its start-up plus every app's time limit.</summary>
        public TimeSpan Budget(int hosts, int apps)
        {
            int throttle = Math.Max(1, ThrottleLimit);
            int rounds = (Math.Max(0, hosts) + throttle - 1) / throttle;
            return TimeSpan.FromSeconds((double)rounds * (HostStartupSec + Math.Max(0, apps) * (double)TimeoutSec));
        }

        /// <summary>Why a host that did not finish within <paramref name="budget"/> counts as not checked.</summary>
        public static string TimedOut(TimeSpan budget) =>
            "it did not finish the checks within " + ((int)budget.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s (" + HostStartupSec + " s to start, plus -TimeoutSec for each app)";

        /// <summary>
        /// The ConnectTimeout (seconds, as ssh reads it) to add to the admin's SSH options so a host that drops packets cannot
        /// hold the command; null when the admin set one (any case) or over WinRM.
        /// </summary>
        public string? SshConnectTimeout(IEnumerable<string>? optionNames)
        {
            if (!Ssh) return null;
            if (optionNames != null && optionNames.Any(n => string.Equals(n, "ConnectTimeout", StringComparison.OrdinalIgnoreCase))) return null;
            return Math.Min(Math.Max(TimeoutSec, 5), 60).ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// The -Options to give New-PSSession: over SSH, the admin's options (any case) with <see cref="SshConnectTimeout"/>
        /// added; where New-PSSession has no -Options (before PowerShell 7.3) only what the admin gave (refused there by name);
        /// over WinRM none.
        /// </summary>
        public IDictionary? SshOptions(IDictionary? given, bool newSessionTakesOptions)
        {
            if (!Ssh) return null;
            if (!newSessionTakesOptions) return given;
            var options = given == null ? new Hashtable(StringComparer.OrdinalIgnoreCase) : new Hashtable(given, StringComparer.OrdinalIgnoreCase);
            var timeout = SshConnectTimeout(options.Keys.Cast<object>().Select(k => k?.ToString()!));
            if (timeout != null) options["ConnectTimeout"] = timeout;
            return options;
        }

        /// <summary>
        /// Why no session to <paramref name="host"/> opened: the message of the failure whose connection is that host's
        /// (<see cref="SessionTarget.IsConnection"/>: computer and port, the transport's default port when none was written),
        /// else every message New-PSSession gave.
        /// </summary>
        public string NotOpened(string host, IEnumerable<SessionFailure> failures)
        {
            var list = (failures ?? Enumerable.Empty<SessionFailure>()).Where(f => f != null).ToList();
            var target = SessionTarget.Parse(host, out _);
            int defaultPort = Ssh ? SshPort : 0;
            foreach (var f in list)
            {
                if (!f.Connection) continue;
                bool match = target != null ? target.IsConnection(f.Computer, f.Port, Port, defaultPort) : string.Equals(f.Computer, host, StringComparison.OrdinalIgnoreCase);
                if (match) return "no PowerShell session could be opened (" + f.Message + ")";
            }
            var all = list.Select(f => f.Message).Distinct().ToList();
            return "no PowerShell session could be opened (" + (all.Count == 0 ? "New-PSSession gave no reason" : string.Join("; ", all)) + ")";
        }

        /// <summary>Why a host the admin named in <see cref="RefusedHosts"/> is not checked.</summary>
        public static string Refused(string reason) => "New-PSSession cannot open a session to it: " + reason;

        /// <summary>Why every host of one New-PSSession call is not checked when New-PSSession refused its parameters (a key file that does not exist, a bad -Options key).</summary>
        public static string OpenFailed(string message) => "New-PSSession failed: " + message;

        /// <summary>Why no host is checked when the runspace the remoting commands run in could not be opened on this computer.</summary>
        public static string RunspaceFailed(string reason) => "the runspace for the remote checks could not be opened on this computer: " + reason;

        /// <summary>Why a session the admin gave is not used: its state (Broken, Closed, ...), or none.</summary>
        public static string SessionNotOpen(string? state) => "its session is " + (state ?? "not open");
    }

    /// <summary>One New-PSSession call of <see cref="RemotingRequest.OpenBatches"/>: its hosts, their session names (same order) and what it says it does.</summary>
    public sealed class SessionBatch
    {
        internal SessionBatch(IReadOnlyList<string> hosts, IReadOnlyList<string> names, string opening)
        {
            Hosts = hosts;
            SessionNames = names;
            Opening = opening;
        }

        public IReadOnlyList<string> Hosts { get; }

        public IReadOnlyList<string> SessionNames { get; }

        /// <summary>"Opening SSH PowerShell sessions to web1, web2".</summary>
        public string Opening { get; }
    }

    /// <summary>One error of New-PSSession: the computer and port of the connection that failed, when it names one, and its message.</summary>
    public sealed class SessionFailure
    {
        public SessionFailure(string message)
        {
            Message = message;
        }

        public SessionFailure(string? computer, int port, string message)
        {
            Connection = true;
            Computer = computer;
            Port = port;
            Message = message;
        }

        /// <summary>Whether the error names the connection that failed (its target is the runspace).</summary>
        public bool Connection { get; }

        public string? Computer { get; }

        /// <summary>The port; 0 when unknown.</summary>
        public int Port { get; }

        public string Message { get; }
    }
}
