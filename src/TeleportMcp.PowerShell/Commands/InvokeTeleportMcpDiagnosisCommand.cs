using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Diagnosis;
using TeleportMcp.Engine.FileSystem;
using TeleportMcp.Engine.Fleet;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;
using TeleportMcp.Parameters;
using TeleportMcp.Transport;

namespace TeleportMcp.Commands
{
    /// <summary>
    /// Invoke-TeleportMcpDiagnosis: one command for "MCP access does not work". Runs every check that applies to what
    /// the admin has (client configs and the tsh session, roles, app definitions, the live probe, logs) and writes
    /// the findings most likely root cause first.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "TeleportMcpDiagnosis", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(Diagnosis), typeof(bool))]
    public sealed class InvokeTeleportMcpDiagnosisCommand : FleetCommand
    {
        private const int ProgressId = 0x7E1E;

        // Each path parameter has a literal twin (-Literal<Name>), taken exactly as written: claude[1].json is that file.
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] ClusterPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] LiteralClusterPath { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] LogPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] LiteralLogPath { get; set; }

        /// <summary>Teleport audit logs (the Auth Service's file audit log, event handler output; .gz too).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] AuditPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] LiteralAuditPath { get; set; }

        // A value that names no user (a file, an app, a hashtable without User) is that item's error (PipedObjectNotUser),
        // not its text and not a binding error: the gate then knows something given was not examined.
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [UserNameTransformation]
        // Not [ValidateNotNullOrEmpty]: a null among names is that item's error (DiagnosisOptions.AddUsers); nulls alone are refused in BeginProcessing.
        [AllowNull]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public UserChoice[] User { get; set; }

        // Not [ValidateNotNullOrEmpty] on -App and -Tool: one blank item is that item's error, the others are still
        // examined, and the verdict cannot pass (ItemsGiven; the refusal goes to the gate as any refused value does).
        [Parameter]
        [AllowNull]
        [AllowEmptyString]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(McpAppNameCompleter))]
        public string[] App { get; set; }

        [Parameter]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(ToolNameCompleter))]
        public string[] Tool { get; set; }

        // Users from the command line and the pipeline ('alice', 'bob' | Invoke-TeleportMcpDiagnosis ...) are gathered for the one diagnosis.
        private readonly DiagnosisOptions _options = new DiagnosisOptions();

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
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] ClientConfigPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] LiteralClientConfigPath { get; set; }

        [Parameter]
        public SwitchParameter SkipClient { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TshPath { get; set; }

        /// <summary>Run tsh with the client entries' TELEPORT_HOME, TELEPORT_PROXY and the other variables that choose what tsh runs or contacts.</summary>
        [Parameter]
        public SwitchParameter UseEntryEnvironment { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; }

        /// <summary>Replace an existing -OutFile that is not this module's own unchanged report.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        // The engine's status: the binder converts 'warn' to Warn; Info is left out of the set (every finding is at least Info).
        [Parameter]
        [ValidateSet(nameof(DiagnosisStatus.Warn), nameof(DiagnosisStatus.Fail))]
        public DiagnosisStatus FailOn { get; set; } = DiagnosisStatus.Fail;

        /// <summary>The checks to run; every one when not given. The others are listed in the report as not examined.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public DiagnosisCheck[] Check { get; set; }

        /// <summary>The report format of -OutFile; by default HTML for .html/.htm and Markdown otherwise.</summary>
        [Parameter]
        public DiagnosisReportFormat Format { get; set; }

        private RemoteHosts _remote;
        // -Environment without the entries refused here, as given: what the App Service hosts get.
        private IDictionary _usedEnvironment;
        private bool _userOnCommandLine;

        protected override void BeginProcessing()
        {
            _userOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(User));
            if (_userOnCommandLine && Choice.NullOrEmpty<TeleportMcp.User>(User)) RefuseNullOrEmpty(nameof(User));
            _remote = RemoteRequest(TimeoutSec, _options.Refused.Add);
        }

        protected override void ProcessRecord()
        {
            if (_userOnCommandLine || MyInvocation.ExpectingInput) _options.AddUsers(User, _userOnCommandLine);
        }

        protected override void EndProcessing()
        {
            var formatRefusal = DiagnosisReport.FormatRefusal(MyInvocation.BoundParameters.ContainsKey(nameof(Format)), OutFile != null);
            if (formatRefusal != null) Terminate(ErrorRecords.FromInput(formatRefusal));
            var checkRefusal = DiagnosisOptions.CheckRefusal(Check, SkipClient);
            if (checkRefusal != null) Terminate(ErrorRecords.FromInput(checkRefusal));
            var skipRefusal = DiagnosisOptions.SkipClientRefusal(SkipClient,
                new[] { nameof(TshPath), nameof(UseEntryEnvironment), nameof(ClientConfigPath), nameof(LiteralClientConfigPath) }
                    .Where(MyInvocation.BoundParameters.ContainsKey).Select(p => "-" + p));
            if (skipRefusal != null) Terminate(ErrorRecords.FromInput(skipRefusal));
            var progress = new ProgressWriter(this, ProgressId, "Invoke-TeleportMcpDiagnosis");
            var options = _options;
            options.ClusterPath = ClusterPath;
            options.LogPath = LogPath;
            options.AuditPath = AuditPath;
            options.ClientConfigPath = ClientConfigPath;
            options.LiteralClusterPath = LiteralClusterPath;
            options.LiteralLogPath = LiteralLogPath;
            options.LiteralAuditPath = LiteralAuditPath;
            options.LiteralClientConfigPath = LiteralClientConfigPath;
            options.ResolveFiles = (parameter, path, literal, folders) => PathResolver.ResolveFiles(this, parameter, new[] { path }, literal, folders);
            options.UsersFromPipeline = MyInvocation.ExpectingInput && !_userOnCommandLine;
            options.Apps = ItemsGiven(nameof(App), App, options.Refused.Add);
            // -User and -App names take PowerShell wildcards; the engine decides what they select.
            options.PatternOf = NamePattern;
            options.Tools = ItemsGiven(nameof(Tool), Tool, options.Refused.Add);
            options.Launch = Launch;
            options.TimeoutSec = TimeoutSec;
            options.Environment = PlainValues.Environment(Environment, options.Refused.Add, out _usedEnvironment);
            options.SkipClient = SkipClient;
            options.Caller = Caller;
            options.ProjectDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            // A tsh path the admin named (not a bare name looked up on PATH) as a file-system path; the runner decides whether it is there.
            options.TshPath = ClientDiagnosis.TshToRun(TshPath, p => PathResolver.ResolveOneOrTerminate(this, p, literal: true, PathMust.MayBeNew));
            options.UseEntryEnvironment = UseEntryEnvironment;
            options.FailOn = FailOn;
            options.Checks = Check;
            options.Progress = (status, percent) => progress.Write(status, percent, force: true);
            // The probe's stages come often: drawn through the 250 ms throttle.
            options.ProbeProgress = (status, percent) => progress.Write(status, percent);
            options.ProgressBytes = progress.Bytes;
            options.Warning = EmitWarning;
            options.Verbose = WriteVerbose;
            options.Debug = WriteDebug;
            options.TraceVerbose = StreamPreference.VerboseOn(this);
            options.TraceDebug = StreamPreference.DebugOn(this);
            options.Error = e => EmitError(ErrorRecords.FromInput(e));
            if (_remote.Requested) options.CheckAppsElsewhere = apps => CheckAppsOnHosts(apps, progress);
            DiagnosisResult result;
            try
            {
                result = DiagnosisRunner.Run(options, Cancellation);
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                progress.Complete();
            }

            if (OutFile != null) WriteReport(result);
            WriteAnswer(result);
        }

        /// <summary>The host checks on each App Service host over remoting; the findings name the hosts where a check fails.</summary>
        private RemoteAppChecks CheckAppsOnHosts(IList<App> apps, ProgressWriter progress)
        {
            var list = apps.ToList();
            var parameters = new HostCheckParameters { TimeoutSec = TimeoutSec, Launch = Launch, Environment = _usedEnvironment };
            progress.Write(HostResults.Checking(list.Count, Launch), 30, force: true);
            var runs = _remote.RunAppChecks(this, list, parameters, Cancellation, out var items);
            // What the runs mean (findings naming the hosts, the tools a host's probe listed, the report's line) is the engine's.
            var result = HostResults.ForDiagnosis(runs, list, items.Select(i => (IInputObject)PSInputObject.Of(i)), Launch);
            WriteVerbose(FleetSummary.Sentence(runs, list));
            return result;
        }

        private void WriteReport(DiagnosisResult result)
        {
            var path = WriteOutFile(OutFile, Force, "Write the diagnosis report",
                p => result.ReportFile(p, MyInvocation.BoundParameters.ContainsKey(nameof(Format)) ? Format : (DiagnosisReportFormat?)null));
            if (path != null) WriteVerbose("Report written to " + path);
        }

        private void WriteAnswer(DiagnosisResult result)
        {
            // A gate that checked nothing must not pass: said whatever the output mode (about_TeleportMcp, "THE -Quiet ANSWER").
            var answer = DiagnosisGate.Answer(result.Gate, result.Findings, MyInvocation.BoundParameters.ContainsKey(nameof(FailOn)), Quiet);
            if (answer.Error != null && !answer.Terminates) EmitError(ErrorRecords.FromInput(answer.Error));
            if (Quiet) Emit(result.Gate.Passed);
            else EmitAll(result.Findings);
            if (answer.Terminates) Terminate(ErrorRecords.FromInput(answer.Error));
        }
    }
}
