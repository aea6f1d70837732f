using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using TeleportMcp.Engine.Fleet;

namespace TeleportMcp.Infrastructure
{
    /// <summary>
    /// The remoting plumbing of the fleet checks: opens the sessions (New-PSSession, which opens them in parallel),
    /// runs Test-TeleportMcpApp of each host's own module on the apps (Invoke-Command -Session -ThrottleLimit), and
    /// closes what it opened. The remoting cmdlets of the PowerShell that loaded the module run (the SSH transport is
    /// not in the 5.1 reference assemblies) in a private runspace of this run (<see cref="Backstage"/>), invoked
    /// asynchronously: the cmdlet's thread only waits, writes progress and reads the results, so a stop returns at
    /// once while the remote pipelines are stopped and the sessions closed aside (PowerShell's own stop of a remote
    /// pipeline takes hundreds of milliseconds). The sessions it opens live in that runspace only, never in the
    /// caller's Get-PSSession. What the results mean is the engine's (<see cref="FleetSummary"/>). An instance holds
    /// where the checks run: sessions the admin opened, or hosts to open sessions to (and close again).
    /// </summary>
    internal sealed class RemoteHosts
    {
        /// <summary>What the admin asked for and its rules (the engine's <see cref="RemotingRequest"/>).</summary>
        public RemotingRequest Request { get; } = new RemotingRequest();

        public PSSession[] Session { get; set; }
        public string UserName { get; set; }
        public string KeyFilePath { get; set; }
        public PSCredential Credential { get; set; }
        public Hashtable Options { get; set; }

        // What one run collected: each host's run, and the objects the hosts wrote, with their host.
        private List<HostCheckRun> Runs { get; } = new List<HostCheckRun>();
        private List<KeyValuePair<string, PSObject>> Items { get; } = new List<KeyValuePair<string, PSObject>>();

        public bool Requested => Request.Requested;

        private const string MissingMarker = "TeleportMcp.RemoteModuleMissing";
        private const string WarningMarker = "TeleportMcp.RemoteWarning";
        private const string DoneMarker = "TeleportMcp.RemoteDone";

        // Runs on each host: that host's module, or a marker saying where a module would go.
        private const string RemoteScript = @"
param($Apps, $Parameters)
$module = Get-Module -ListAvailable -Name TeleportMcp | Sort-Object Version -Descending | Select-Object -First 1
if (-not $module) {
    [pscustomobject]@{
        PSTypeName = 'TeleportMcp.RemoteModuleMissing'
        ModuleFolder = @($env:PSModulePath -split [IO.Path]::PathSeparator | Where-Object { $_ })[0]
    }
    return
}
Import-Module $module.Path -ErrorAction Stop
# Warnings come back as objects: a warning from a nested pipeline would be shown once by the host and once by the caller.
$Apps | TeleportMcp\Test-TeleportMcpApp @Parameters -WarningAction SilentlyContinue -WarningVariable tmcpWarnings
foreach ($w in $tmcpWarnings) { [pscustomobject]@{ PSTypeName = 'TeleportMcp.RemoteWarning'; Message = $w.Message } }
[pscustomobject]@{ PSTypeName = 'TeleportMcp.RemoteDone' }
";

        /// <summary>Runs the host checks of the apps on every host; returns each host's run, and the objects the hosts wrote (tagged with Host) in <paramref name="items"/>.</summary>
        public List<HostCheckRun> RunAppChecks(TeleportMcpCommand cmd, IList<App> apps, Hashtable parameters, CancellationToken cancel, out List<PSObject> items)
        {
            var result = this;
            var request = this;
            Runs.Clear();
            Items.Clear();
            var order = new List<string>();
            var labels = new Dictionary<Guid, string>();
            var sessions = new List<PSSession>();
            var progress = new RemoteProgress(cmd);
            var backstage = new Backstage(progress, RemotingPreferences(cmd), cancel);
            try
            {
                if (request.Session != null)
                {
                    var given = request.Session.Where(s => s != null).ToList();
                    var names = FleetSummary.HostLabels(given.Select(s => new KeyValuePair<string, int>(s.ComputerName, PortOf(s))).ToList());
                    order.AddRange(names);
                    for (int i = 0; i < given.Count; i++)
                    {
                        var state = given[i].Runspace?.RunspaceStateInfo.State;
                        if (state != RunspaceState.Opened)
                        {
                            Unreachable(cmd, result, names[i], "its session is " + (state?.ToString() ?? "not open"));
                            continue;
                        }
                        if (labels.ContainsKey(given[i].InstanceId)) continue;
                        labels[given[i].InstanceId] = names[i];
                        sessions.Add(given[i]);
                    }
                }
                else
                {
                    var opened = new List<PSSession>();
                    order.AddRange(Open(cmd, request, result, opened, labels, backstage));
                    sessions.AddRange(opened);
                }
                if (sessions.Count == 1) progress.OnlyHost = labels[sessions[0].InstanceId];
                if (sessions.Count > 0) Invoke(cmd, request, sessions, labels, apps, parameters, result, backstage);
                // The sessions this run opened are closed before the results are written (the admin's stay open).
                progress.Write("Closing the sessions");
                backstage.Close();
            }
            finally
            {
                // Stopped (or failed): whatever still runs is stopped, and the sessions closed, aside.
                backstage.Dispose();
                if (!cancel.IsCancellationRequested) progress.Complete();
            }
            // Hosts in the order the admin gave them; each host's objects in the order it wrote them.
            var runs = result.Runs.OrderBy(r => order.IndexOf(r.Host)).ToList();
            result.Runs.Clear();
            result.Runs.AddRange(runs);
            items = result.Items.OrderBy(i => order.IndexOf(i.Key)).Select(i => i.Value).ToList();
            return result.Runs.ToList();
        }

        private static string[] Open(TeleportMcpCommand cmd, RemoteHosts request, RemoteHosts result, List<PSSession> opened, Dictionary<Guid, string> labels, Backstage backstage)
        {
            bool ssh = request.Request.Ssh;
            var all = request.Request.Hosts();
            // A host New-PSSession would refuse by name is unreachable for that reason; the others are still opened.
            var refused = request.Request.RefusedHosts();
            foreach (var r in refused) Unreachable(cmd, result, r.Key, "New-PSSession cannot open a session to it: " + r.Value);
            var hosts = all.Where(h => !refused.Any(r => r.Key == h)).ToArray();
            if (hosts.Length == 0) return all.ToArray();
            // A name per host: New-PSSession gives the i-th name to the i-th host, so each session is known by its host even when two share an address.
            string tag = "TeleportMcp-" + Guid.NewGuid().ToString("N").Substring(0, 8) + "-";
            var sessionNames = hosts.Select((h, i) => tag + i).ToArray();
            // New-PSSession -HostName opens all its hosts side by side and has no -ThrottleLimit: give it -ThrottleLimit hosts at a time.
            int chunk = request.Request.OpenBatch(hosts.Length);
            for (int start = 0; start < hosts.Length; start += chunk)
                OpenSome(cmd, request, result, opened, labels, hosts.Skip(start).Take(chunk).ToArray(), sessionNames.Skip(start).Take(chunk).ToArray(), ssh, backstage);
            return all.ToArray();
        }

        private static void OpenSome(TeleportMcpCommand cmd, RemoteHosts request, RemoteHosts result, List<PSSession> opened, Dictionary<Guid, string> labels,
            string[] hosts, string[] sessionNames, bool ssh, Backstage backstage)
        {
            var ps = backstage.Create();
            ps.AddCommand("Microsoft.PowerShell.Core\\New-PSSession")
                .AddParameter(ssh ? "HostName" : "ComputerName", hosts)
                .AddParameter("Name", sessionNames);
            if (request.UserName != null) ps.AddParameter("UserName", request.UserName);
            if (request.KeyFilePath != null) ps.AddParameter("KeyFilePath", cmd.SessionState.Path.GetUnresolvedProviderPathFromPSPath(request.KeyFilePath));
            var options = SshOptions(cmd, request, ssh);
            if (options != null) ps.AddParameter("Options", options);
            if (request.Credential != null) ps.AddParameter("Credential", request.Credential);
            if (request.Request.Port != 0) ps.AddParameter("Port", request.Request.Port);
            if (!ssh) ps.AddParameter("ThrottleLimit", request.Request.ThrottleLimit);
            ps.AddParameter("ErrorAction", ActionPreference.Continue);
            string what = "Opening " + (ssh ? "SSH" : "WinRM") + " PowerShell sessions to " + string.Join(", ", hosts);
            cmd.WriteVerbose(what);
            List<ErrorRecord> errors;
            try
            {
                using (var output = backstage.Run(ps, what, TimeSpan.Zero, out _))
                {
                    foreach (var o in output)
                    {
                        if (o?.BaseObject is PSSession s)
                        {
                            int i = Array.IndexOf(sessionNames, s.Name);
                            if (i < 0) continue;
                            opened.Add(s);
                            labels[s.InstanceId] = hosts[i];
                        }
                    }
                }
                errors = ps.Streams.Error.ToList();
            }
            catch (RuntimeException e) when (!(e is PipelineStoppedException))
            {
                // New-PSSession refused its parameters (a key file that does not exist, a bad -Options key): every host is unreachable for the same reason.
                foreach (var h in hosts) Unreachable(cmd, result, h, "New-PSSession failed: " + e.Message);
                backstage.Done(ps);
                return;
            }
            backstage.Done(ps);
            for (int i = 0; i < hosts.Length; i++)
            {
                if (labels.ContainsValue(hosts[i])) continue;
                Unreachable(cmd, result, hosts[i], "no PowerShell session could be opened (" + OpenError(errors, hosts[i], ssh ? RemotingRequest.SshPort : 0, request.Request.Port) + ")");
            }
        }

        /// <summary>The admin's SSH options, with a connect timeout unless they set one, so a host that drops packets cannot hold the command.</summary>
        private static Hashtable SshOptions(TeleportMcpCommand cmd, RemoteHosts request, bool ssh)
        {
            if (!ssh) return null;
            // New-PSSession has -Options since PowerShell 7.3; before that only what the admin gave is passed (and refused there by name).
            var newSession = cmd.InvokeCommand.GetCommand("Microsoft.PowerShell.Core\\New-PSSession", CommandTypes.Cmdlet);
            bool supported = newSession != null && newSession.Parameters.ContainsKey("Options");
            if (!supported) return request.Options;
            var options = request.Options == null ? new Hashtable(StringComparer.OrdinalIgnoreCase) : new Hashtable(request.Options, StringComparer.OrdinalIgnoreCase);
            var timeout = request.Request.SshConnectTimeout(options.Keys.Cast<object>().Select(k => k?.ToString()));
            if (timeout != null) options["ConnectTimeout"] = timeout;
            return options;
        }

        private static void Invoke(TeleportMcpCommand cmd, RemoteHosts request, List<PSSession> sessions, Dictionary<Guid, string> labels, IList<App> apps,
            Hashtable parameters, RemoteHosts result, Backstage backstage)
        {
            // Each app as read here (a value redacted for display earlier is put back first); the host rebuilds it from its properties.
            foreach (var app in apps) Engine.Output.OutputSanitizer.Restore(app);
            var runs = new Dictionary<string, HostCheckRun>(StringComparer.Ordinal);
            foreach (var s in sessions) runs[labels[s.InstanceId]] = new HostCheckRun(labels[s.InstanceId], HostCheckStatus.Checked);
            bool timedOut;
            TimeSpan budget;
            var finished = new HashSet<string>(StringComparer.Ordinal);
            cmd.WriteVerbose("Running the host checks of " + apps.Count + " app(s) on " + string.Join(", ", runs.Keys) + " (throttle " + request.Request.ThrottleLimit + ")");
            var ps = backstage.Create();
            {
                ps.AddCommand("Microsoft.PowerShell.Core\\Invoke-Command")
                    .AddParameter("Session", sessions.ToArray())
                    .AddParameter("ScriptBlock", ScriptBlock.Create(RemoteScript))
                    .AddParameter("ArgumentList", new object[] { apps.ToArray(), parameters })
                    .AddParameter("ThrottleLimit", request.Request.ThrottleLimit)
                    .AddParameter("ErrorAction", ActionPreference.Continue);
                budget = request.Request.Budget(sessions.Count, apps.Count);
                // What the hosts sent before the time ran out is kept; the hosts that did not finish are named below.
                using var output = backstage.Run(ps, "Host checks of " + apps.Count + " app(s) on " + sessions.Count + " host(s)", budget, out timedOut);
                foreach (var o in output)
                {
                    if (o == null) continue;
                    string host = HostOf(o.Properties["RunspaceId"]?.Value, o.Properties["PSComputerName"]?.Value as string, sessions, labels);
                    if (host == null) continue;
                    if (Is(o, DoneMarker))
                    {
                        finished.Add(host);
                        continue;
                    }
                    if (Is(o, MissingMarker))
                    {
                        finished.Add(host);
                        var folder = o.Properties["ModuleFolder"]?.Value as string;
                        var local = cmd.MyInvocation.MyCommand.Module;
                        var run = FleetSummary.ModuleMissing(host, folder, local?.ModuleBase, local?.Version?.ToString());
                        runs[host] = run;
                        cmd.EmitError(ErrorRecords.Create(new InvalidOperationException(run.Reason + ". " + run.Fix), "HostModuleMissing", host, run.Fix, ErrorCategory.NotInstalled));
                        continue;
                    }
                    if (Is(o, WarningMarker))
                    {
                        cmd.EmitWarning("host " + host + ": " + Text(o, "Message"));
                        continue;
                    }
                    HostResults.Add(runs[host], PSInputObject.Of(o));
                    // The host's name on every object, next to the PSComputerName remoting already added.
                    o.Properties.Remove("Host");
                    o.Properties.Add(new PSNoteProperty("Host", host));
                    result.Items.Add(new KeyValuePair<string, PSObject>(host, o));
                }
                foreach (var e in ps.Streams.Error)
                {
                    string host = HostOf(Origin(e, "RunspaceID"), Origin(e, "PSComputerName") as string, sessions, labels);
                    if (host != null) finished.Add(host);
                    if (e.Exception is System.Management.Automation.Remoting.PSRemotingTransportException || e.CategoryInfo.Category == ErrorCategory.OpenError)
                    {
                        // The session broke while the checks ran: that host is unreachable, the others go on.
                        if (host != null)
                        {
                            runs[host] = FleetSummary.Unreachable(host, "the session broke: " + e.Exception.Message);
                            cmd.EmitError(UnreachableRecord(runs[host]));
                        }
                        else cmd.EmitError(ErrorRecords.Create(e.Exception, "HostUnreachable", null, category: ErrorCategory.ConnectionError));
                        continue;
                    }
                    string id = (e.FullyQualifiedErrorId ?? "RemoteError").Split(',')[0];
                    string message = (host == null ? "" : "host " + host + ": ") + (e.ErrorDetails?.Message ?? e.Exception.Message);
                    cmd.EmitError(ErrorRecords.Create(new InvalidOperationException(message, e.Exception), id, host, e.ErrorDetails?.RecommendedAction, e.CategoryInfo.Category, message));
                }
                backstage.Done(ps);
            }
            foreach (var s in sessions)
            {
                string host = labels[s.InstanceId];
                if (timedOut && !finished.Contains(host))
                {
                    runs[host] = FleetSummary.Unreachable(host, RemotingRequest.TimedOut(budget));
                    cmd.EmitError(UnreachableRecord(runs[host]));
                }
                if (!result.Runs.Any(r => r.Host == host)) result.Runs.Add(runs[host]);
            }
        }

        private static bool Is(PSObject o, string type) => HostResults.Is(PSInputObject.Of(o), type);

        private static string Text(PSObject o, string name)
        {
            var v = o.Properties[name]?.Value;
            return v == null ? null : (v is PSObject p ? p.BaseObject : v).ToString();
        }

        private static string HostOf(object runspaceId, string computer, List<PSSession> sessions, Dictionary<Guid, string> labels)
        {
            if (runspaceId is PSObject p) runspaceId = p.BaseObject;
            if (runspaceId is Guid g && labels.TryGetValue(g, out var byId)) return byId;
            var same = sessions.Where(s => string.Equals(s.ComputerName, computer, StringComparison.OrdinalIgnoreCase)).ToList();
            return same.Count == 1 ? labels[same[0].InstanceId] : null;
        }

        private static object Origin(object record, string property)
        {
            // RemotingErrorRecord / RemotingWarningRecord carry OriginInfo (computer and runspace of the host that wrote them).
            var info = PSObject.AsPSObject(record).Properties["OriginInfo"]?.Value;
            return info == null ? null : PSObject.AsPSObject(info).Properties[property]?.Value;
        }

        private static int PortOf(PSSession s)
        {
            var info = s.Runspace?.ConnectionInfo;
            if (info == null) return 0;
            var v = PSObject.AsPSObject(info).Properties["Port"]?.Value;
            return v is int i ? i : 0;
        }

        private static string OpenError(List<ErrorRecord> errors, string host, int defaultPort, int port)
        {
            // The error's target is the runspace that failed: match it by computer and port (the engine's reading of
            // "user@host:port"); else every message.
            var target = SessionTarget.Parse(host, out _);
            foreach (var e in errors)
            {
                var info = e.TargetObject == null ? null : PSObject.AsPSObject(e.TargetObject).Properties["ConnectionInfo"]?.Value;
                if (info == null) continue;
                var pi = PSObject.AsPSObject(info);
                string computer = pi.Properties["ComputerName"]?.Value as string;
                int ePort = pi.Properties["Port"]?.Value is int ip ? ip : 0;
                if (target != null ? target.IsConnection(computer, ePort, port, defaultPort) : string.Equals(computer, host, StringComparison.OrdinalIgnoreCase)) return e.Exception.Message;
            }
            var all = errors.Select(e => e.Exception.Message).Distinct().ToList();
            return all.Count == 0 ? "New-PSSession gave no reason" : string.Join("; ", all);
        }

        private static void Unreachable(TeleportMcpCommand cmd, RemoteHosts result, string host, string why)
        {
            var run = FleetSummary.Unreachable(host, why);
            result.Runs.Add(run);
            cmd.EmitError(UnreachableRecord(run));
        }

        private static ErrorRecord UnreachableRecord(HostCheckRun run) =>
            ErrorRecords.Create(new InvalidOperationException(run.Reason), "HostUnreachable", run.Host, run.Fix, ErrorCategory.ConnectionError, run.Reason);


        /// <summary>
        /// The private runspace of one run, where New-PSSession, Invoke-Command and Remove-PSSession run asynchronously.
        /// The cmdlet's thread waits on them (writing progress) and returns at once when stopped; what still runs is then
        /// stopped, the sessions of the runspace removed and the runspace closed on a worker thread.
        /// </summary>
        // The admin's remoting preference variables ($PSSessionOption and the endpoint names) hold in the private runspace as
        // they would for New-PSSession typed at the prompt. $PSDefaultParameterValues is not carried: a default such as
        // *:ErrorAction would change how the run itself handles a host's failure.
        private static List<SessionStateVariableEntry> RemotingPreferences(PSCmdlet cmd)
        {
            var list = new List<SessionStateVariableEntry>();
            foreach (var name in new[] { "PSSessionOption", "PSSessionConfigurationName", "PSSessionApplicationName" })
            {
                var value = cmd.SessionState.PSVariable.GetValue(name);
                if (value != null) list.Add(new SessionStateVariableEntry(name, value, "the caller's " + name));
            }
            return list;
        }

        private sealed class Backstage : IDisposable
        {
            private readonly CancellationToken _cancel;
            private readonly RemoteProgress _progress;
            private Runspace _runspace;
            private PowerShell _running;
            private bool _closed;

            private readonly List<SessionStateVariableEntry> _preferences;

            public Backstage(RemoteProgress progress, List<SessionStateVariableEntry> preferences, CancellationToken cancel)
            {
                _cancel = cancel;
                _progress = progress;
                _preferences = preferences;
            }

            public PowerShell Create()
            {
                if (_runspace == null) Open();
                var ps = PowerShell.Create();
                ps.Runspace = _runspace;
                return ps;
            }

            private void Open()
            {
                // A host of its own: without one, PowerShell drops the hosts' progress records instead of streaming them.
                var state = InitialSessionState.CreateDefault2();
                foreach (var v in _preferences) state.Variables.Add(v);
                _runspace = RunspaceFactory.CreateRunspace(new StreamsOnlyHost(), state);
                using (var ready = new ManualResetEventSlim(false))
                {
                    _runspace.StateChanged += (s, e) =>
                    {
                        var state = e.RunspaceStateInfo.State;
                        if (state == RunspaceState.Opened || state == RunspaceState.Broken || state == RunspaceState.Closed) ready.Set();
                    };
                    _runspace.OpenAsync();
                    _progress.Write("Starting the remoting runspace");
                    WaitHandle.WaitAny(new[] { ready.WaitHandle, _cancel.WaitHandle });
                    if (_cancel.IsCancellationRequested) throw new PipelineStoppedException();
                    var info = _runspace.RunspaceStateInfo;
                    if (info.State != RunspaceState.Opened)
                        throw new InvalidOperationException("The runspace for the remote checks could not be opened: " + (info.Reason?.Message ?? info.State.ToString()), info.Reason);
                }
            }

            /// <summary>
            /// Runs the pipeline to its end and returns its output; a stop throws PipelineStoppedException at once (Dispose
            /// ends the pipeline aside). Past <paramref name="limit"/> (zero: none) the pipeline is stopped and what it wrote is kept.
            /// </summary>
            public PSDataCollection<PSObject> Run(PowerShell ps, string what, TimeSpan limit, out bool timedOut)
            {
                timedOut = false;
                _running = ps;
                var input = new PSDataCollection<PSObject>();
                input.Complete();
                var output = new PSDataCollection<PSObject>();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var async = ps.BeginInvoke(input, output);
                var wake = new[] { async.AsyncWaitHandle, _cancel.WaitHandle };
                bool stopping = false;
                while (!async.IsCompleted)
                {
                    WaitHandle.WaitAny(wake, 100);
                    if (_cancel.IsCancellationRequested) throw new PipelineStoppedException();
                    _progress.Forward(ps.Streams.Progress);
                    _progress.Write(what + " (" + (int)clock.Elapsed.TotalSeconds + " s)");
                    if (!stopping && limit > TimeSpan.Zero && clock.Elapsed >= limit)
                    {
                        stopping = true;
                        timedOut = true;
                        ps.BeginStop(null, null);
                    }
                }
                _progress.Forward(ps.Streams.Progress);
                try
                {
                    ps.EndInvoke(async);
                }
                catch (PipelineStoppedException) when (timedOut && !_cancel.IsCancellationRequested)
                {
                    // What the hosts sent before the time ran out is in the output.
                }
                finally
                {
                    input.Dispose();
                }
                return output;
            }

            /// <summary>The pipeline finished and was read.</summary>
            public void Done(PowerShell ps)
            {
                if (ReferenceEquals(_running, ps)) _running = null;
                ps.Dispose();
            }

            /// <summary>Closes the sessions this run opened (the runspace holds only those).</summary>
            public void Close()
            {
                if (_runspace == null) return;
                var ps = Create();
                ps.AddCommand("Microsoft.PowerShell.Core\\Get-PSSession").AddCommand("Microsoft.PowerShell.Core\\Remove-PSSession").AddParameter("ErrorAction", ActionPreference.SilentlyContinue);
                try
                {
                    Run(ps, "Closing the sessions", TimeSpan.Zero, out _).Dispose();
                }
                catch (RuntimeException e) when (!(e is PipelineStoppedException))
                {
                    // A session that will not close cleanly is still closed by the runspace's end.
                }
                Done(ps);
                _closed = true;
            }

            public void Dispose()
            {
                var runspace = _runspace;
                var running = _running;
                _runspace = null;
                _running = null;
                if (runspace == null) return;
                if (_closed && running == null)
                {
                    runspace.Dispose();
                    return;
                }
                // Stopped or failed midway: the remote pipelines are stopped and the sessions closed on a worker thread, so
                // the stop does not wait for PowerShell's own stop of a remote pipeline.
                System.Threading.Tasks.Task.Run(() => EndAside(runspace, running));
            }

            private static void EndAside(Runspace runspace, PowerShell running)
            {
                try
                {
                    if (running != null)
                    {
                        try { running.Stop(); }
                        catch (Exception) { }
                        running.Dispose();
                    }
                    if (runspace.RunspaceStateInfo.State != RunspaceState.Opened) return;
                    using (var ps = PowerShell.Create())
                    {
                        ps.Runspace = runspace;
                        ps.AddCommand("Microsoft.PowerShell.Core\\Get-PSSession").AddCommand("Microsoft.PowerShell.Core\\Remove-PSSession").AddParameter("ErrorAction", ActionPreference.SilentlyContinue);
                        ps.Invoke();
                    }
                }
                catch (Exception)
                {
                    // Nothing is waiting for this worker: the runspace's end below closes what is left.
                }
                finally
                {
                    try { runspace.Dispose(); }
                    catch (Exception) { }
                }
            }
        }

        /// <summary>
        /// The host of the private runspace: it displays nothing (the records reach the pipeline's streams, which the
        /// cmdlet forwards through its own output rules) and prompts for nothing.
        /// </summary>
        private sealed class StreamsOnlyHost : System.Management.Automation.Host.PSHost
        {
            private readonly Guid _id = Guid.NewGuid();
            private readonly SilentUI _ui = new SilentUI();

            public override string Name => "TeleportMcp remote checks";
            public override Version Version => new Version(1, 0);
            public override Guid InstanceId => _id;
            public override System.Management.Automation.Host.PSHostUserInterface UI => _ui;
            public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
            public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
            public override void SetShouldExit(int exitCode) { }
            public override void EnterNestedPrompt() => throw new NotSupportedException();
            public override void ExitNestedPrompt() => throw new NotSupportedException();
            public override void NotifyBeginApplication() { }
            public override void NotifyEndApplication() { }
        }

        private sealed class SilentUI : System.Management.Automation.Host.PSHostUserInterface
        {
            private const string NoPrompt = "The remote host checks run without a user interface: give the credentials as parameters.";

            public override System.Management.Automation.Host.PSHostRawUserInterface RawUI => null;
            public override string ReadLine() => throw new NotSupportedException(NoPrompt);
            public override System.Security.SecureString ReadLineAsSecureString() => throw new NotSupportedException(NoPrompt);
            public override void Write(string value) { }
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
            public override void WriteLine(string value) { }
            public override void WriteErrorLine(string value) { }
            public override void WriteDebugLine(string message) { }
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override void WriteVerboseLine(string message) { }
            public override void WriteWarningLine(string message) { }

            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<System.Management.Automation.Host.FieldDescription> descriptions) =>
                throw new NotSupportedException(NoPrompt);

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException(NoPrompt);

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
                PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException(NoPrompt);

            public override int PromptForChoice(string caption, string message, Collection<System.Management.Automation.Host.ChoiceDescription> choices, int defaultChoice) =>
                throw new NotSupportedException(NoPrompt);
        }

        /// <summary>Progress of the remote run at a low rate, and the hosts' own progress records under it (each host's activities apart).</summary>
        private sealed class RemoteProgress
        {
            private const int Id = 0x7E22;
            private const long IntervalMs = 250;
            private const string Activity = "Host checks on the App Service hosts";
            private readonly TeleportMcpCommand _cmd;
            private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
            private readonly Dictionary<string, int> _forwarded = new Dictionary<string, int>(StringComparer.Ordinal);
            private long _last = -IntervalMs;
            private bool _written;

            public RemoteProgress(TeleportMcpCommand cmd)
            {
                _cmd = cmd;
            }

            /// <summary>The host label when the checks run on one host only; null otherwise.</summary>
            public string OnlyHost { get; set; }

            public void Write(string status)
            {
                long now = _clock.ElapsedMilliseconds;
                if (now - _last < IntervalMs) return;
                _last = now;
                _written = true;
                _cmd.WriteProgress(new ProgressRecord(Id, Activity, string.IsNullOrEmpty(status) ? " " : status));
            }

            public void Forward(PSDataCollection<ProgressRecord> records)
            {
                if (records == null || records.Count == 0) return;
                foreach (var r in records.ReadAll())
                {
                    if (r == null) continue;
                    // Remoting hands the hosts' records over without their origin: with one host, it is that one.
                    var host = Origin(r, "PSComputerName") as string ?? OnlyHost;
                    var key = host + "|" + Origin(r, "RunspaceID") + "|" + r.ActivityId.ToString(CultureInfo.InvariantCulture);
                    if (!_forwarded.TryGetValue(key, out int id)) _forwarded[key] = id = Id + 1 + _forwarded.Count;
                    _cmd.WriteProgress(new ProgressRecord(id, (string.IsNullOrEmpty(host) ? "" : "host " + host + ": ") + (string.IsNullOrEmpty(r.Activity) ? "checks" : r.Activity),
                        string.IsNullOrEmpty(r.StatusDescription) ? " " : r.StatusDescription)
                    {
                        ParentActivityId = Id,
                        PercentComplete = r.PercentComplete,
                        SecondsRemaining = r.SecondsRemaining,
                        CurrentOperation = r.CurrentOperation,
                        RecordType = r.RecordType,
                    });
                    _written = true;
                }
            }

            public void Complete()
            {
                if (!_written) return;
                foreach (var id in _forwarded.Values) _cmd.WriteProgress(new ProgressRecord(id, "checks", "Done") { ParentActivityId = Id, RecordType = ProgressRecordType.Completed });
                _cmd.WriteProgress(new ProgressRecord(Id, Activity, "Done") { RecordType = ProgressRecordType.Completed });
                _written = false;
            }
        }
    }
}
