using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Fleet
{
    /// <summary>What a TCP connection attempt to one address found.</summary>
    public enum TcpOutcome
    {
        /// <summary>Something accepted the connection.</summary>
        Connected,
        /// <summary>The address answered that nothing listens on the port.</summary>
        Refused,
        /// <summary>There is no route to the address (network or host unreachable).</summary>
        NoRoute,
        /// <summary>No answer within the time allowed, or an error that says nothing definite.</summary>
        NoAnswer,
    }

    /// <summary>Where ssh connects for one host, as <c>ssh -G</c> prints its settings.</summary>
    public sealed class SshRoute
    {
        /// <summary>The host name or address ssh connects to (its HostName setting, %-tokens expanded).</summary>
        public string? HostName { get; set; }

        public int Port { get; set; }

        /// <summary>inet, inet6 or any.</summary>
        public string AddressFamily { get; set; } = "any";

        /// <summary>The ProxyJump setting as ssh -G prints it (the first hop first); null when there is none.</summary>
        public string? Jump { get; set; }

        /// <summary>
        /// Why ssh's connection is not a plain TCP connection to <see cref="HostName"/> and <see cref="Port"/> (a proxy, a
        /// shared master connection, host name canonicalization, a source address); null when it is one.
        /// </summary>
        public string? Indirect { get; set; }
    }

    /// <summary>
    /// Finds, before New-PSSession starts ssh, the hosts that ssh cannot even connect to. PowerShell's SSH transport can end
    /// the whole process when ssh exits before the first message is written to it: its error thread disposes a stdin writer
    /// still holding the failed write, and the IOException (broken pipe) is unhandled (PowerShell
    /// src/System.Management.Automation/engine/remoting/fanin/OutOfProcTransportManager.cs,
    /// SSHClientSessionTransportManager.HandleSSHError). ssh exits that fast when its settings are refused, the name does
    /// not resolve, or the port refuses. So each host's settings are read with ssh's own reading of them (<c>ssh -G</c>,
    /// the admin's ssh and configuration, the same user, port and options New-PSSession passes), and where ssh would connect
    /// directly, that address and port are tried once; through ProxyJump, each hop is read as the ssh that ProxyJump starts for
    /// it reads it (a shared connection to any hop leaves the host to New-PSSession), and the first hop is tried the same way.
    /// Only a definite answer (refused, no such name, no route) keeps New-PSSession from trying; a ProxyCommand, a live
    /// shared connection or no answer in time leaves the host to New-PSSession.
    /// </summary>
    public sealed class SshPreflight
    {
        /// <summary>How long one connection attempt waits: a slower answer is no risk to the transport.</summary>
        public static readonly TimeSpan ConnectWait = TimeSpan.FromSeconds(5);

        private static readonly TimeSpan s_settingsWait = TimeSpan.FromSeconds(15);

        /// <summary>How long the goodbye to a port that accepted may take in all.</summary>
        private static readonly TimeSpan s_goodbyeWait = TimeSpan.FromSeconds(3);

        private readonly string _ssh;
        private readonly IProcessRunner _runner;

        public SshPreflight(string sshPath, IProcessRunner? runner = null)
        {
            _ssh = sshPath ?? throw new ArgumentNullException(nameof(sshPath));
            _runner = runner ?? ProcessRunner.Instance;
        }

        /// <summary>Resolves a host name to its addresses; tests replace it. A SocketException says why it did not resolve.</summary>
        public Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; set; } = (name, cancel) => Dns.GetHostAddressesAsync(name);

        /// <summary>Tries one TCP connection; tests replace it.</summary>
        public Func<IPAddress, int, TimeSpan, CancellationToken, Task<TcpOutcome>> Connect { get; set; } = TryConnect;

        /// <summary>The subsystem New-PSSession -HostName asks sshd for when -Subsystem is not given.</summary>
        public const string Subsystem = "powershell";

        /// <summary>The program New-PSSession -HostName starts, looked up on PATH as PowerShell looks it up (SSHConnectionInfo.StartSSHProcess).</summary>
        public static string Program(IHostPlatform platform) => (platform ?? HostPlatform.Current).IsWindows ? "ssh.exe" : "ssh";

        /// <summary>
        /// The arguments of <c>ssh -G</c> for <paramref name="target"/>: what New-PSSession gives ssh (PowerShell's
        /// SSHConnectionInfo.StartSSHProcess: -l, a DOMAIN\user given as user@DOMAIN, -p, -o key=value, then -s with the host and
        /// the subsystem, so Match sessiontype and Match command see what they will see), with "--" before the host so it is
        /// never read as an option, and the host without an IPv6 address's brackets. Each value is attached to its option
        /// (<see cref="ChildArguments.Getopt"/>: "-lbob"), which ssh's getopt reads as PowerShell's "-l bob".
        /// </summary>
        public static List<string> SettingsArguments(SessionTarget target, string? userName, int port, IDictionary? options)
        {
            if (target == null) throw new ArgumentNullException(nameof(target));
            var args = new List<string> { "-G" };
            string? user = target.User ?? (string.IsNullOrEmpty(userName) ? null : userName);
            if (user != null)
            {
                var parts = user.Split('\\');
                if (parts.Length == 2) user = parts[1] + "@" + parts[0];
                if (user.Length > 0) args.Add(ChildArguments.Getopt('l', user));
            }
            int p = target.Port != 0 ? target.Port : port;
            if (p != 0) args.Add(ChildArguments.Getopt('p', p.ToString(CultureInfo.InvariantCulture)));
            if (options != null)
                foreach (DictionaryEntry o in options)
                    args.Add(ChildArguments.Getopt('o', Convert.ToString(o.Key, CultureInfo.InvariantCulture) + "=" + Convert.ToString(o.Value, CultureInfo.InvariantCulture)));
            args.Add("-s");
            args.Add("--");
            args.Add(target.Host.TrimStart('[').TrimEnd(']'));
            args.Add(Subsystem);
            return args;
        }

        /// <summary>
        /// The route in <c>ssh -G</c>'s output (one "keyword value" per line, keywords in lower case).
        /// <paramref name="controlSocketExists"/> says whether a ControlPath (as -G prints it, tokens expanded) is there: with
        /// no socket ssh connects directly (and may become the master); null takes any ControlPath for a shared connection.
        /// </summary>
        public static SshRoute ReadRoute(string settings, Func<string, bool>? controlSocketExists = null)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var raw in (settings ?? "").Split('\n'))
            {
                var line = raw.TrimEnd('\r');
                int space = line.IndexOf(' ');
                if (space <= 0) continue;
                var key = line.Substring(0, space);
                if (!values.ContainsKey(key)) values[key] = line.Substring(space + 1).Trim();
            }
            string? Value(string key) => values.TryGetValue(key, out var v) && v.Length > 0 && !string.Equals(v, "none", StringComparison.OrdinalIgnoreCase) ? v : null;

            var route = new SshRoute
            {
                HostName = Value("hostname"),
                AddressFamily = Value("addressfamily") ?? "any",
            };
            route.Port = int.TryParse(Value("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0 && port <= 65535 ? port : 0;
            string? canonicalize = Value("canonicalizehostname");
            // ssh.c: a master connection is tried first and replaces the rest; a proxy replaces ssh's own connect;
            // canonicalization and a source address change what it connects to or from.
            if (Value("controlpath") is string control && SharedConnection(control, controlSocketExists)) route.Indirect = "ssh may use a shared connection (ControlPath)";
            else if (Value("proxyjump") is string jump)
            {
                route.Jump = jump;
                route.Indirect = "ssh reaches it through ProxyJump " + jump;
            }
            else if (Value("proxycommand") != null) route.Indirect = "ssh reaches it through a ProxyCommand";
            else if (canonicalize != null && !string.Equals(canonicalize, "false", StringComparison.OrdinalIgnoreCase) && !string.Equals(canonicalize, "no", StringComparison.OrdinalIgnoreCase))
                route.Indirect = "ssh canonicalizes the host name (CanonicalizeHostname " + canonicalize + ")";
            else if (Value("bindaddress") != null || Value("bindinterface") != null) route.Indirect = "ssh connects from a set source address";
            // sshconnect.c ssh_connect_direct: after a failed attempt ssh sleeps a second and tries again.
            else if (int.TryParse(Value("connectionattempts"), NumberStyles.None, CultureInfo.InvariantCulture, out var attempts) && attempts > 1)
                route.Indirect = "ssh tries " + attempts.ToString(CultureInfo.InvariantCulture) + " times (ConnectionAttempts)";
            else if (route.HostName == null || route.Port == 0) route.Indirect = "ssh -G named no host name and port";
            return route;
        }

        // mux.c muxclient: without a socket at ControlPath ssh connects itself. A path still holding a token or '~' (an ssh
        // older than -G's expansion of it), or one relative to ssh's own directory, cannot be looked up from here.
        private static bool SharedConnection(string controlPath, Func<string, bool>? exists) =>
            exists == null || controlPath.IndexOf('%') >= 0 || !System.IO.Path.IsPathRooted(controlPath) || exists(controlPath);

        /// <summary>
        /// Why ssh cannot connect to <paramref name="host"/> (a -HostName value New-PSSession accepts), so that no session
        /// should be tried; null when it may connect, or when that cannot be known before ssh tries.
        /// </summary>
        public async Task<string?> UnreachableAsync(string host, string? userName, int port, IDictionary? options, CancellationToken cancel)
        {
            var target = SessionTarget.Parse(host, out _);
            if (target == null) return null;
            var args = SettingsArguments(target, userName, port, options);
            // How ssh reaches the host when it goes through jump hosts ("ssh reaches it through ProxyJump bastion, and ").
            string said = "ssh ";
            string settingsOf = "it";
            string? hopName = null;
            bool passedJump = false;
            var spent = System.Diagnostics.Stopwatch.StartNew();
            for (int hop = 0; hop <= MaxJumps && spent.Elapsed < s_chainWait; hop++)
            {
                var settings = await RunAsync(args, cancel).ConfigureAwait(false);
                if (settings.StartError != null || settings.TimedOut) return null;
                if (settings.ExitCode != 0)
                {
                    var complaint = FirstLine(settings.Stderr);
                    // An ssh older than -G (OpenSSH 6.8) prints its usage; canonicalization may resolve the name in -G and fail
                    // for the moment only: nothing definite is known then.
                    if (complaint == null || settings.Stderr.IndexOf("usage:", StringComparison.OrdinalIgnoreCase) >= 0 ||
                        settings.Stderr.IndexOf("Temporary failure", StringComparison.OrdinalIgnoreCase) >= 0) return null;
                    return said + "stops on its settings for " + settingsOf + " (" + complaint + "), so no session was tried";
                }
                var route = ReadRoute(settings.Stdout, ControlSocketExists);
                if (route.Jump != null)
                {
                    // ssh.c: ProxyJump "A,B" becomes the command "ssh [-l user] [-p port] -J A -W '[%h]:%p' B": the ssh for the last
                    // hop reads that hop's settings (a shared connection to it included), and so on down to the first hop, which
                    // has no -J and its own configuration. ssh -G -v states the command; each hop is read the same way.
                    if (route.HostName == null || route.Port == 0) return null;
                    var verbose = new List<string>(args);
                    verbose.Insert(1, "-v");
                    var stated = await RunAsync(verbose, cancel).ConfigureAwait(false);
                    if (stated.StartError != null || stated.TimedOut || stated.ExitCode != 0) return null;
                    var command = ProxyJumpCommand.Find(stated.Stderr);
                    if (command == null) return null;
                    // A hop reached with our -J has that as its ProxyJump; one whose own settings name a ProxyJump is said so.
                    if (!passedJump) said += (hop == 0 ? "reaches it through ProxyJump " : "reaches " + settingsOf + " through ProxyJump ") + route.Jump + ", and ";
                    args = command.SettingsArguments(route.HostName, route.Port);
                    passedJump = command.Jump != null;
                    settingsOf = hopName = command.Host;
                    continue;
                }
                if (route.Indirect != null) return null;
                return await DirectAsync(route, hopName, said, cancel).ConfigureAwait(false);
            }
            return null;
        }

        /// <summary>One ssh -G; a stop is a stop, not an answer (the runner ends ssh when stopped and says it timed out).</summary>
        private async Task<ProcessResult> RunAsync(List<string> args, CancellationToken cancel)
        {
            var result = await Task.Run(() => _runner.Run(_ssh, args, null, s_settingsWait, cancel), cancel).ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();
            return result;
        }

        /// <summary>How many jump hosts, each reached through the next, are followed before nothing is claimed.</summary>
        private const int MaxJumps = 8;

        /// <summary>How long reading the settings of a host and its jump hosts may take in all before nothing is claimed.</summary>
        private static readonly TimeSpan s_chainWait = TimeSpan.FromSeconds(30);

        /// <summary>Whether a ControlPath names a socket there now; tests replace it.</summary>
        public Func<string, bool> ControlSocketExists { get; set; } = System.IO.File.Exists;

        /// <summary>Tries the addresses of a host ssh connects to itself; why none can be reached, or null.</summary>
        private async Task<string?> DirectAsync(SshRoute route, string? hopName, string said, CancellationToken cancel)
        {
            IPAddress[] addresses;
            try
            {
                addresses = await WithWait(Resolve(route.HostName!, cancel), ConnectWait, cancel).ConfigureAwait(false) ?? Array.Empty<IPAddress>();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.HostNotFound || e.SocketErrorCode == SocketError.NoData)
            {
                return said + "cannot resolve the host name " + route.HostName + " (" + e.Message + "), so no session was tried";
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !cancel.IsCancellationRequested)
            {
                return null;
            }
            var family = string.Equals(route.AddressFamily, "inet", StringComparison.OrdinalIgnoreCase) ? System.Net.Sockets.AddressFamily.InterNetwork
                : string.Equals(route.AddressFamily, "inet6", StringComparison.OrdinalIgnoreCase) ? System.Net.Sockets.AddressFamily.InterNetworkV6
                : System.Net.Sockets.AddressFamily.Unspecified;
            var tried = addresses.Where(a => family == System.Net.Sockets.AddressFamily.Unspecified || a.AddressFamily == family).ToList();
            if (tried.Count == 0) return null;

            // ssh tries each address in turn (sshconnect.c, ssh_connect_direct); it fails fast only when every one does.
            var outcomes = new List<TcpOutcome>();
            foreach (var address in tried)
            {
                var outcome = await Connect(address, route.Port, ConnectWait, cancel).ConfigureAwait(false);
                if (outcome == TcpOutcome.Connected || outcome == TcpOutcome.NoAnswer) return null;
                outcomes.Add(outcome);
            }
            string what = outcomes.All(o => o == TcpOutcome.Refused) ? "connection refused" : outcomes.All(o => o == TcpOutcome.NoRoute) ? "no route to host" : "connection refused or no route";
            string where = route.HostName + " port " + route.Port.ToString(CultureInfo.InvariantCulture);
            if (tried.Count > 1 || !string.Equals(tried[0].ToString(), route.HostName, StringComparison.OrdinalIgnoreCase))
                where += " (" + string.Join(", ", tried.Select(a => a.ToString())) + ")";
            // A jump host is named as the ProxyJump names it, then where its settings send ssh.
            if (hopName != null && !string.Equals(hopName, route.HostName, StringComparison.OrdinalIgnoreCase)) where = hopName + " (" + where + ")";
            return said + "cannot connect to " + where + ": " + what + ", so no session was tried";
        }

        /// <summary>What the run says (progress, verbose) while the hosts are checked.</summary>
        public static string Checking(IList<string> hosts)
        {
            hosts = hosts ?? Array.Empty<string>();
            // A progress line stays one line: past five hosts the first three are named and the rest counted.
            var named = hosts.Count <= 5 ? string.Join(", ", hosts) : string.Join(", ", hosts.Take(3)) + " and " + (hosts.Count - 3).ToString(CultureInfo.InvariantCulture) + " more hosts";
            return "Checking that ssh can connect to " + named;
        }

        /// <summary>
        /// <see cref="UnreachableAsync"/> for every host, <paramref name="parallel"/> at a time: each host that cannot be reached
        /// with the reason, in the order given.
        /// </summary>
        public List<KeyValuePair<string, string>> Unreachable(IList<string> hosts, string? userName, int port, IDictionary? options, int parallel, CancellationToken cancel)
        {
            if (hosts == null || hosts.Count == 0) return new List<KeyValuePair<string, string>>();
            var reasons = new string?[hosts.Count];
            int next = -1;
            // parallel workers, each taking the next host until none is left.
            async Task Work()
            {
                for (int i = Interlocked.Increment(ref next); i < hosts.Count; i = Interlocked.Increment(ref next))
                {
                    cancel.ThrowIfCancellationRequested();
                    try
                    {
                        reasons[i] = await UnreachableAsync(hosts[i], userName, port, options, cancel).ConfigureAwait(false);
                    }
                    catch (Exception) when (!cancel.IsCancellationRequested)
                    {
                        // A check that fails says nothing about the host: New-PSSession tries it.
                        reasons[i] = null;
                    }
                }
            }
            var workers = Enumerable.Range(0, Math.Min(Math.Max(1, parallel), hosts.Count)).Select(_ => Task.Run(Work, CancellationToken.None)).ToArray();
            try
            {
                Task.WaitAll(workers, cancel);
            }
            catch (AggregateException e) when (cancel.IsCancellationRequested)
            {
                throw new OperationCanceledException(e.Message, e, cancel);
            }
            // A stop that came as the last check ended is still a stop.
            cancel.ThrowIfCancellationRequested();
            var found = new List<KeyValuePair<string, string>>();
            for (int i = 0; i < hosts.Count; i++)
                if (reasons[i] != null) found.Add(new KeyValuePair<string, string>(hosts[i], reasons[i]!));
            return found;
        }

        /// <summary>One TCP connection to <paramref name="address"/>, closed at once; what it found.</summary>
        public static async Task<TcpOutcome> TryConnect(IPAddress address, int port, TimeSpan wait, CancellationToken cancel)
        {
            using (var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
            {
                var connect = socket.ConnectAsync(address, port);
                try
                {
                    await WithWait(connect, wait, cancel).ConfigureAwait(false);
                    if (!connect.IsCompleted || connect.IsFaulted || connect.IsCanceled) return TcpOutcome.NoAnswer;
                    await LeaveAsSshClient(socket, cancel).ConfigureAwait(false);
                    return TcpOutcome.Connected;
                }
                catch (SocketException e)
                {
                    switch (e.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                            return TcpOutcome.Refused;
                        case SocketError.NetworkUnreachable:
                        case SocketError.HostUnreachable:
                            return TcpOutcome.NoRoute;
                        default:
                            return TcpOutcome.NoAnswer;
                    }
                }
                finally
                {
                    // A connect still under way ends with the socket.
                    Observe(connect);
                }
            }
        }

        /// <summary>
        /// Ends a connection to sshd the way a client that gives up after the version exchange does: its version line read,
        /// ours sent, our side shut and what it sent next read to its end. Closing at once (or with its data unread, which
        /// resets the connection) is logged as "Did not receive identification string" or "Connection reset", lines that
        /// fail2ban's aggressive sshd filter counts against this computer; this is logged as "Connection closed ... [preauth]".
        /// Best effort: whatever fails here, the port did accept.
        /// </summary>
        private static async Task LeaveAsSshClient(Socket socket, CancellationToken cancel)
        {
            var buffer = new byte[4096];
            // One deadline for the whole goodbye: a server that trickles bytes (a tarpit) cannot hold it.
            using (var goodbye = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                goodbye.CancelAfter(s_goodbyeWait);
                try
                {
                    // RFC 4253 4.2: the server may send other lines before its "SSH-" version line; the line ends with LF.
                    var seen = new System.Text.StringBuilder();
                    while (seen.Length < 8 * 1024)
                    {
                        var read = await WithWait(Receive(socket, buffer), s_goodbyeWait, goodbye.Token).ConfigureAwait(false);
                        if (read == null || read.Value <= 0) break;
                        seen.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read.Value));
                        var text = seen.ToString();
                        int version = text.IndexOf("SSH-", StringComparison.Ordinal);
                        if (version >= 0 && text.IndexOf('\n', version) >= 0) break;
                    }
                    var ours = System.Text.Encoding.ASCII.GetBytes("SSH-2.0-TeleportMcp_preflight\r\n");
                    await WithWait(socket.SendAsync(new ArraySegment<byte>(ours), SocketFlags.None), s_goodbyeWait, goodbye.Token).ConfigureAwait(false);
                    socket.Shutdown(SocketShutdown.Send);
                    for (int total = 0; total < 256 * 1024;)
                    {
                        var read = await WithWait(Receive(socket, buffer), s_goodbyeWait, goodbye.Token).ConfigureAwait(false);
                        if (read == null || read.Value <= 0) break;
                        total += read.Value;
                    }
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    // The goodbye's time is up: the port did accept, which is all that was asked.
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }

        private static async Task<int?> Receive(Socket socket, byte[] buffer) =>
            await socket.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None).ConfigureAwait(false);

        /// <summary>Awaits <paramref name="task"/> for at most <paramref name="wait"/>; the default value when it did not finish.</summary>
        private static async Task<T?> WithWait<T>(Task<T> task, TimeSpan wait, CancellationToken cancel)
        {
            await WithWait((Task)task, wait, cancel).ConfigureAwait(false);
            return task.IsCompleted ? await task.ConfigureAwait(false) : default;
        }

        private static async Task WithWait(Task task, TimeSpan wait, CancellationToken cancel)
        {
            using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                var delay = Task.Delay(wait, timer.Token);
                var first = await Task.WhenAny(task, delay).ConfigureAwait(false);
                if (first == task)
                {
                    timer.Cancel();
                    await task.ConfigureAwait(false);
                    return;
                }
                Observe(task);
                cancel.ThrowIfCancellationRequested();
            }
        }

        /// <summary>An abandoned task's failure is observed here, not by the finalizer.</summary>
        private static void Observe(Task task) =>
            _ = task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        /// <summary>ssh's first line of complaint, redacted before it is cut.</summary>
        private static string? FirstLine(string? text)
        {
            foreach (var line in (text ?? "").Split('\n'))
            {
                var t = line.Trim();
                if (t.Length > 0) return BoundedCapture.Cut(t, 300);
            }
            return null;
        }
    }
}
