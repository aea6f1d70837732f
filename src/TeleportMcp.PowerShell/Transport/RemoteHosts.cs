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
using TeleportMcp.Engine.Platform;
using TeleportMcp.Commands;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Transport
{
    /// <summary>
    /// The remoting plumbing of the fleet checks: opens the sessions (New-PSSession, which opens them in parallel),
    /// runs Test-TeleportMcpApp of each host's own module on the apps (Invoke-Command -Session -ThrottleLimit), and
    /// closes what it opened. The remoting cmdlets of the PowerShell that loaded the module run (the SSH transport is
    /// not in the 5.1 reference assemblies) in a private runspace of this run (<see cref="Backstage"/>), invoked
    /// asynchronously: the cmdlet's thread only waits, writes progress and reads the results, so a stop returns at
    /// once while the remote pipelines are stopped and the sessions closed aside (PowerShell's own stop of a remote
    /// pipeline takes hundreds of milliseconds). The sessions it opens live in that runspace only, never in the
    /// caller's Get-PSSession. What the hosts sent means what it does by the engine's rules (<see cref="FleetRun"/>, <see cref="FleetSummary"/>). An instance holds
    /// where the checks run: sessions the admin opened, or hosts to open sessions to (and close again).
    /// </summary>
    internal sealed class RemoteHosts
    {
        /// <summary>What the admin asked for and its rules (the engine's <see cref="RemotingRequest"/>).</summary>
        public RemotingRequest Request { get; } = new RemotingRequest();

        public PSSession[] Session { get; set; }
        public string UserName { get; set; }
        /// <summary>The SSH key as a file-system path (FleetCommand resolved -KeyFilePath).</summary>
        public string KeyFilePath { get; set; }
        public PSCredential Credential { get; set; }
        public Hashtable Options { get; set; }

        public bool Requested => Request.Requested;

        /// <summary>Runs the host checks of the apps on every host; returns each host's run, and the objects the hosts wrote (tagged with Host) in <paramref name="items"/>.</summary>
        public List<HostCheckRun> RunAppChecks(TeleportMcpCommand cmd, IList<App> apps, HostCheckParameters parameters, CancellationToken cancel, out List<PSObject> items)
        {
            var sessions = new List<PSSession>();
            var progress = new RemoteProgress(cmd);
            var backstage = new Backstage(progress, RemotingPreferences(cmd), cancel);
            var given = Session?.Where(s => s != null).ToList();
            // Hosts in the order the admin gave them: the sessions' labels, or the hosts to open.
            var order = given != null ? FleetSummary.HostLabels(given.Select(s => new KeyValuePair<string, int>(s.ComputerName, PortOf(s))).ToList()) : Request.Hosts();
            var local = cmd.MyInvocation.MyCommand.Module;
            var run = new FleetRun(order, local?.ModuleBase, local?.Version?.ToString())
            {
                Error = e => cmd.EmitError(ErrorRecords.FromInput(e)),
                Warning = cmd.EmitWarning,
            };
            try
            {
                if (given != null)
                {
                    for (int i = 0; i < given.Count; i++)
                        if (run.GivenSession(given[i].InstanceId, given[i].ComputerName, order[i], given[i].Runspace?.RunspaceStateInfo.State.ToString())) sessions.Add(given[i]);
                }
                else Open(cmd, run, sessions, backstage, progress, cancel);
                if (sessions.Count == 1) progress.OnlyHost = run.HostOf(sessions[0].InstanceId, null);
                if (sessions.Count > 0) Invoke(cmd, run, sessions, apps, parameters, backstage);
                // The sessions this run opened are closed before the results are written (the admin's stay open).
                progress.Write("Closing the sessions");
                backstage.Close();
            }
            catch (InvalidOperationException e) when (backstage.OpenFailure != null)
            {
                // No host could be reached from here: each is an error naming it (HostUnreachable), and none passes.
                run.NotStarted(backstage.OpenFailure);
                cmd.WriteDebug(e.ToString());
            }
            finally
            {
                // Stopped (or failed): whatever still runs is stopped, and the sessions closed, aside.
                backstage.Dispose();
                if (!cancel.IsCancellationRequested) progress.Complete();
            }
            items = run.Results().Select(PSInputObject.Source).ToList();
            return run.Runs();
        }

        private void Open(TeleportMcpCommand cmd, FleetRun run, List<PSSession> opened, Backstage backstage, RemoteProgress progress, CancellationToken cancel)
        {
            // A host New-PSSession would refuse by name is unreachable for that reason; the others are still opened.
            foreach (var r in Request.RefusedHosts()) run.Unreachable(r.Key, RemotingRequest.Refused(r.Value));
            var unreachable = Preflight(cmd, run, progress, cancel);
            foreach (var batch in Request.OpenBatches(unreachable: unreachable)) OpenSome(cmd, run, opened, batch, backstage);
        }

        /// <summary>
        /// The -HostName hosts ssh cannot connect to (<see cref="SshPreflight"/>), each named unreachable; New-PSSession
        /// never starts ssh for them. The ssh is the one New-PSSession would start: PowerShell's lookup of the application.
        /// </summary>
        private List<string> Preflight(TeleportMcpCommand cmd, FleetRun run, RemoteProgress progress, CancellationToken cancel)
        {
            var hosts = Request.PreflightHosts();
            var found = new List<string>();
            if (hosts.Count == 0) return found;
            // Windows PowerShell's New-PSSession has no -HostName: it refuses every host alike, and no ssh starts.
            var newSession = cmd.InvokeCommand.GetCommand("Microsoft.PowerShell.Core\\New-PSSession", CommandTypes.Cmdlet);
            if (newSession == null || !newSession.Parameters.ContainsKey("HostName")) return found;
            var ssh = cmd.InvokeCommand.GetCommand(SshPreflight.Program(HostPlatform.Current), CommandTypes.Application) as ApplicationInfo;
            // Without ssh New-PSSession fails before any process starts, and says so.
            if (ssh == null) return found;
            // The options New-PSSession will give ssh (OpenSome): -Options exists since PowerShell 7.3.
            var options = Request.SshOptions(Options, newSession.Parameters.ContainsKey("Options"));
            string what = SshPreflight.Checking(hosts);
            progress.Write(what);
            cmd.WriteVerbose(what);
            List<KeyValuePair<string, string>> unreachable;
            try
            {
                unreachable = new SshPreflight(ssh.Path).Unreachable(hosts, UserName, Request.Port, options, Request.OpenBatch(hosts.Count), cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            foreach (var r in unreachable)
            {
                run.Unreachable(r.Key, r.Value);
                found.Add(r.Key);
            }
            return found;
        }

        private void OpenSome(TeleportMcpCommand cmd, FleetRun run, List<PSSession> opened, SessionBatch batch, Backstage backstage)
        {
            var hosts = batch.Hosts.ToArray();
            var sessionNames = batch.SessionNames.ToArray();
            bool ssh = Request.Ssh;
            var ps = backstage.Create();
            ps.AddCommand("Microsoft.PowerShell.Core\\New-PSSession")
                .AddParameter(ssh ? "HostName" : "ComputerName", hosts)
                .AddParameter("Name", sessionNames);
            if (UserName != null) ps.AddParameter("UserName", UserName);
            if (KeyFilePath != null) ps.AddParameter("KeyFilePath", KeyFilePath);
            // New-PSSession has -Options since PowerShell 7.3.
            var newSession = ssh ? cmd.InvokeCommand.GetCommand("Microsoft.PowerShell.Core\\New-PSSession", CommandTypes.Cmdlet) : null;
            var options = Request.SshOptions(Options, newSession != null && newSession.Parameters.ContainsKey("Options"));
            if (options != null) ps.AddParameter("Options", options);
            if (Credential != null) ps.AddParameter("Credential", Credential);
            if (Request.Port != 0) ps.AddParameter("Port", Request.Port);
            if (!ssh) ps.AddParameter("ThrottleLimit", Request.ThrottleLimit);
            ps.AddParameter("ErrorAction", ActionPreference.Continue);
            string what = batch.Opening;
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
                            run.AddSession(s.InstanceId, s.ComputerName, hosts[i]);
                        }
                    }
                }
                errors = ps.Streams.Error.ToList();
            }
            catch (RuntimeException e) when (!(e is PipelineStoppedException))
            {
                foreach (var h in hosts) run.Unreachable(h, RemotingRequest.OpenFailed(e.Message));
                backstage.Done(ps);
                return;
            }
            backstage.Done(ps);
            run.NotOpened(hosts, Request, errors.Select(Failure).ToList());
        }

        /// <summary>A New-PSSession error as the engine reads it: the computer and port of the runspace that failed (its target), and the message.</summary>
        private static SessionFailure Failure(ErrorRecord e)
        {
            var info = e.TargetObject == null ? null : PSObject.AsPSObject(e.TargetObject).Properties["ConnectionInfo"]?.Value;
            if (info == null) return new SessionFailure(e.Exception.Message);
            var pi = PSObject.AsPSObject(info);
            return new SessionFailure(pi.Properties["ComputerName"]?.Value as string, pi.Properties["Port"]?.Value is int port ? port : 0, e.Exception.Message);
        }

        private void Invoke(TeleportMcpCommand cmd, FleetRun run, List<PSSession> sessions, IList<App> apps, HostCheckParameters parameters, Backstage backstage)
        {
            // Each app as the cluster input read it (a value redacted for display earlier is put back there, ClusterInput.AsRead);
            // the host rebuilds it from its properties.
            cmd.WriteVerbose(Request.Running(apps.Count, sessions.Select(s => run.HostOf(s.InstanceId, null))));
            var ps = backstage.Create();
            ps.AddCommand("Microsoft.PowerShell.Core\\Invoke-Command")
                .AddParameter("Session", sessions.ToArray())
                .AddParameter("ScriptBlock", ScriptBlock.Create(FleetRun.RemoteScript))
                .AddParameter("ArgumentList", new object[] { apps.ToArray(), parameters.ToHashtable() })
                .AddParameter("ThrottleLimit", Request.ThrottleLimit)
                .AddParameter("ErrorAction", ActionPreference.Continue);
            var budget = Request.Budget(sessions.Count, apps.Count);
            bool timedOut;
            // What the hosts sent before the time ran out is kept; the hosts that did not finish are named below.
            using (var output = backstage.Run(ps, RemotingRequest.ChecksUnderWay(apps.Count, sessions.Count), budget, out timedOut))
            {
                foreach (var o in output)
                {
                    if (o == null) continue;
                    string host = run.HostOf(AsGuid(o.Properties["RunspaceId"]?.Value), o.Properties["PSComputerName"]?.Value as string);
                    if (host == null || !run.Output(host, PSInputObject.Of(o))) continue;
                    // The host's name on every object, next to the PSComputerName remoting already added.
                    o.Properties.Remove("Host");
                    o.Properties.Add(new PSNoteProperty("Host", host));
                }
                foreach (var e in ps.Streams.Error)
                {
                    run.Failed(new HostError
                    {
                        Host = run.HostOf(AsGuid(Origin(e, "RunspaceID")), Origin(e, "PSComputerName") as string),
                        ErrorId = e.FullyQualifiedErrorId,
                        ExceptionMessage = e.Exception.Message,
                        ExceptionTypes = HostError.TypeChain(e.Exception.GetType()),
                        Category = e.CategoryInfo.Category.ToString(),
                        DetailMessage = e.ErrorDetails?.Message,
                        RecommendedAction = e.ErrorDetails?.RecommendedAction,
                        Exception = e.Exception,
                    });
                }
            }
            backstage.Done(ps);
            if (timedOut) run.TimedOut(budget);
        }

        private static Guid? AsGuid(object value) => PlainValues.Base(value) is Guid g ? g : (Guid?)null;

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

        /// <summary>
        /// The private runspace of one run, where New-PSSession, Invoke-Command and Remove-PSSession run asynchronously.
        /// The cmdlet's thread waits on them (writing progress) and returns at once when stopped; what still runs is then
        /// stopped, the sessions of the runspace removed and the runspace closed on a worker thread.
        /// </summary>
        private static List<SessionStateVariableEntry> RemotingPreferences(PSCmdlet cmd)
        {
            var list = new List<SessionStateVariableEntry>();
            foreach (var name in RemotingRequest.PreferenceVariables)
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

            /// <summary>Why the runspace did not open; null while it has not failed.</summary>
            public string OpenFailure { get; private set; }

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
                    {
                        OpenFailure = info.Reason?.Message ?? info.State.ToString();
                        throw new InvalidOperationException("The runspace for the remote checks could not be opened: " + OpenFailure, info.Reason);
                    }
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
                    _progress.Write(RemotingRequest.Elapsed(what, clock.Elapsed));
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

        /// <summary>Progress of the remote run at a low rate, and the hosts' own progress records under it (the engine's <see cref="HostProgress"/>).</summary>
        private sealed class RemoteProgress
        {
            private readonly TeleportMcpCommand _cmd;
            // The run's own record, through the module's one throttle; the hosts' records are forwarded as they come.
            private readonly ProgressWriter _own;
            private readonly HostProgress _hosts = new HostProgress();

            public RemoteProgress(TeleportMcpCommand cmd)
            {
                _cmd = cmd;
                _own = new ProgressWriter(cmd, HostProgress.RunId, HostProgress.RunActivity);
            }

            /// <summary>The host label when the checks run on one host only; null otherwise.</summary>
            public string OnlyHost
            {
                get => _hosts.OnlyHost;
                set => _hosts.OnlyHost = value;
            }

            public void Write(string status) => _own.Write(status);

            public void Forward(PSDataCollection<ProgressRecord> records)
            {
                if (records == null || records.Count == 0) return;
                foreach (var r in records.ReadAll())
                {
                    if (r == null) continue;
                    var shown = _hosts.Forward(Origin(r, "PSComputerName") as string, Origin(r, "RunspaceID")?.ToString(), r.ActivityId, r.Activity, r.StatusDescription);
                    _cmd.WriteProgress(new ProgressRecord(shown.Id, shown.Activity, shown.Status)
                    {
                        ParentActivityId = shown.ParentId,
                        PercentComplete = r.PercentComplete,
                        SecondsRemaining = r.SecondsRemaining,
                        CurrentOperation = r.CurrentOperation,
                        RecordType = r.RecordType,
                    });
                }
            }

            public void Complete()
            {
                foreach (var id in _hosts.Finish()) _cmd.WriteProgress(new ProgressRecord(id, "checks", "Done") { ParentActivityId = HostProgress.RunId, RecordType = ProgressRecordType.Completed });
                _own.Complete();
            }
        }
    }
}
