using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Fleet;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;
using TeleportMcp.Parameters;
using TeleportMcp.Transport;

namespace TeleportMcp.Commands
{
    /// <summary>Test-TeleportMcpApp: checks MCP server definitions and, with -Launch, starts them the way the App Service would.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "TeleportMcpApp", DefaultParameterSetName = InputSet)]
    [OutputType(typeof(AppCheck), typeof(ProbeResult), typeof(bool))]
    public sealed class TestTeleportMcpAppCommand : FleetCommand
    {
        private const string InputSet = "InputObject";
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        // Apps, files, users and names (users or apps, decided by PipedNames); with -Path or -LiteralPath, users and names.
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = PathSet)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = LiteralPathSet)]
        [AllowNull]
        public PSObject[] InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        /// <summary>Files or folders taken exactly as written (no wildcards).</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP", "ProviderPath")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        [Parameter]
        [SupportsWildcards]
        // Not [ValidateNotNullOrEmpty]: one blank name is that item's error, the others are still tested (ItemsGiven).
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string[] Name { get; set; }

        [Parameter]
        public SwitchParameter Launch { get; set; }

        [Parameter]
        [ValidateRange(Timeouts.MinSeconds, Timeouts.MaxSeconds)]
        public int TimeoutSec { get; set; } = 30;

        // IDictionary, not Hashtable: an [ordered] dictionary keeps its order (a Hashtable parameter would copy it into hash
        // order), which decides which of two entries naming one variable is used (EnvironmentValues.From).
        [Parameter]
        public IDictionary Environment { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <summary>
        /// The users whose traits fill {{external.x}} header templates (each app is tested for each): TeleportMcp.User
        /// objects, or names of users in -Path or the pipeline. By property name: an object's User (null is skipped).
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ResourceTransformation(typeof(UserChoice))]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public UserChoice[] User { get; set; }

        private bool _usersFromCommandLine;

        /// <summary>
        /// Headers to send instead of rewrite entries of the same name ("Name: value", or a hashtable of name to value), e.g. a
        /// token Teleport would mint. Each item on its own (HeaderRules.SuppliedHeaders): a blank or malformed one is its error.
        /// </summary>
        [Parameter]
        public object[] Header { get; set; }

        // -Header's good items as "Name: value", for the local run and each App Service host alike.
        private List<string> _headers;

        /// <summary>Fetch an https upstream's certificate without -Launch (a TLS handshake with it).</summary>
        [Parameter]
        public SwitchParameter CheckTls { get; set; }


        private RemoteHosts _remote;
        // -Environment without the entries refused here, as given: what the App Service hosts get.
        private IDictionary _usedEnvironment;
        private readonly List<App> _pending = new List<App>();
        private AppTestRun _run;
        private ProgressWriter _progress;

        protected override void BeginProcessing()
        {
            var refusedNames = new List<TeleportInputException>();
            _remote = RemoteRequest(TimeoutSec, refusedNames.Add);
            _usersFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(User));
            // -User takes pipeline input by property name, so it cannot carry [ValidateNotNullOrEmpty] (a null User property
            // is skipped); on the command line a null or empty -User stays the usual validation error.
            if (_usersFromCommandLine && Choice.NullOrEmpty<User>(User)) RefuseNullOrEmpty(nameof(User));
            RefuseRemoteUsers(_usersFromCommandLine);
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Header)))
            {
                var given = Header?.Select(h => h is PSObject o ? o.BaseObject : h).ToList() ?? new List<object>();
                // Only nulls and empty texts: PowerShell's usual refusal of the whole parameter, as before.
                if (given.All(h => h == null || h is string t && t.Length == 0)) RefuseNullOrEmpty(nameof(Header));
                _headers = HeaderRules.SuppliedHeaders(given, refusedNames.Add, EmitWarning).Select(HeaderRules.ClientText).ToList();
            }
            var names = ItemsGiven(nameof(Name), Name, refusedNames.Add);
            var environment = PlainValues.Environment(Environment, refusedNames.Add, out _usedEnvironment);
            _run = new AppTestRun
            {
                // The one cluster-input service: reader warnings, duplicates and names not found as every cmdlet says them.
                Cluster = NewClusterInput("Fix the resource; the other resources were read."),
                // -Name takes PowerShell wildcards (a refused pattern is reported here); the engine decides what they select.
                Names = names?.Select(n => new KeyValuePair<string, Func<string, bool>>(n, NamePattern(n))).ToList(),
                UserPatternOf = NamePattern,
                Headers = _headers,
                Environment = environment,
                Launch = Launch,
                TimeoutSec = TimeoutSec,
                CheckTls = CheckTls,
                Caller = Caller,
                Verbose = WriteVerbose,
                Warning = EmitWarning,
                Error = e => EmitError(ErrorRecords.FromInput(e)),
                // The probe's stages (starting, initialize, tools/list, tool count), drawn at most every 250 ms.
                StageProgress = (app, stage) => _progress?.Write(AppTestRun.Stage(app, stage)),
                Cancel = Cancellation,
            };
            foreach (var e in refusedNames) _run.NoteUnread(e);
            // Each value on its own: one that cannot be used is its error (the engine notes it), the others are tested.
            if (_usersFromCommandLine) AppTestInputs.GiveUsers(_run, User);
        }

        private void RefuseRemoteUsers(bool users)
        {
            var refusal = AppTestRun.NotRemoted(_remote.Requested, users);
            if (refusal != null) Terminate(ErrorRecords.FromInput(refusal));
        }

        protected override void ProcessRecord()
        {
            // What -User received from this pipeline object's User property (by property name); the engine knows whose it is.
            var piped = InputObject != null && InputObject.Length == 1 ? InputObject[0]?.BaseObject : null;
            // A User property that cannot be used is this item's error (the engine notes it); the others go on.
            bool userBound = !_usersFromCommandLine && AppTestInputs.AddBoundUsers(_run, User, piped);
            if (!_usersFromCommandLine) User = null;
            try
            {
                Gather(userBound);
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                // Ctrl+C while a piped file was read.
                throw new PipelineStoppedException();
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (ParameterSetName == PathSet || ParameterSetName == LiteralPathSet)
                {
                    bool literal = ParameterSetName == LiteralPathSet;
                    // Each path on its own: one that matched nothing (reported by the resolver) keeps -Quiet false.
                    _run.ReadPaths((literal ? LiteralPath : Path).Select(p => (IList<string>)PathResolver.ResolveClusterPath(this, _run.Cluster, "-Path", p, literal)).ToList());
                }
                RefuseRemoteUsers(_run.HasUsers);
                // Every app for every user, once everything is read (a user or a name may come last).
                var cases = _run.Cases();
                if (_remote.Requested)
                {
                    _pending.AddRange(cases.Select(c => c.App).Distinct());
                    TestOnHosts();
                }
                else foreach (var c in cases) TestOne(c);
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                // Ctrl+C: StopProcessing cancelled the probe, whose finally blocks ended the server's process tree.
            }
            _progress?.Complete();
            bool passed = _run.Finish();
            if (Quiet) Emit(passed);
        }

        /// <summary>The host checks of every app on each App Service host, through PowerShell remoting; results tagged with the host.</summary>
        private void TestOnHosts()
        {
            if (_pending.Count == 0) return;
            var parameters = new HostCheckParameters { TimeoutSec = TimeoutSec, Launch = Launch, CheckTls = CheckTls, Environment = _usedEnvironment, Header = _headers };
            if (Launch)
            {
                _progress = _progress ?? new ProgressWriter(this, 0x7E20, "Test-TeleportMcpApp -Launch");
                _progress.Write(AppTestRun.LaunchingOnHosts(_pending.Count, TimeoutSec), -1, force: true);
            }
            var runs = _remote.RunAppChecks(this, _pending, parameters, Cancellation, out var items);
            string sentence = _run.RecordElsewhere(runs, _pending, out bool allPassed);
            if (allPassed) WriteVerbose(sentence);
            else EmitWarning(sentence);
            if (Quiet) return;
            EmitAll(items);
        }

        /// <summary>What each object of this pipeline record is, decided by the engine (<see cref="AppTestInputs"/>).</summary>
        private void Gather(bool userBound)
        {
            if (InputObject == null) return;
            foreach (var obj in InputObject)
            {
                try
                {
                    AppTestInputs.Add(_run, PSInputObject.Of(obj), userBound,
                        path => PathResolver.ResolveClusterFiles(this, "-Path", new[] { path }, true));
                }
                catch (TeleportInputException e)
                {
                    // A copy that does not read (an App whose Origin names nothing): this item's error, the others go on.
                    if (e.Target == null) e.TargetObject = obj;
                    _run.NoteUnread(e);
                }
            }
        }

        private void TestOne(AppTestCase testCase)
        {
            var app = testCase.App;
            if (Launch)
            {
                if (_progress == null) _progress = new ProgressWriter(this, 0x7E20, "Test-TeleportMcpApp -Launch");
                _progress.Write(AppTestRun.Launching(app.Name, TimeoutSec), -1, force: true);
            }
            AppTestOutcome outcome;
            try
            {
                outcome = _run.Test(testCase, Cancellation);
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw;
            }
            // Any other cancellation is this app's failure (the engine counts it), and the next app is tested.
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                EmitError(ErrorRecords.Create(e, "ProbeFailed", app));
                return;
            }
            if (Quiet) return;
            outcome.Write(app.Name, Emit, Emit, EmitWarning, WriteVerbose);
        }
    }
}
