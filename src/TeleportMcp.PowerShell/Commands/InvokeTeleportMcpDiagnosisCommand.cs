using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Diagnosis;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>
    /// Invoke-TeleportMcpDiagnosis: one command for "MCP access does not work". Runs every check that applies to what
    /// the admin has (client configs and the tsh session, roles, app definitions, the live probe, logs) and writes
    /// the findings most likely root cause first.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "TeleportMcpDiagnosis", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(Diagnosis), typeof(bool))]
    public sealed class InvokeTeleportMcpDiagnosisCommand : TeleportMcpCommand
    {
        private const int ProgressId = 0x7E1E;

        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] ClusterPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] LogPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] User { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] App { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Tool { get; set; }

        [Parameter]
        public SwitchParameter Launch { get; set; }

        [Parameter]
        [ValidateRange(Timeouts.MinSeconds, Timeouts.MaxSeconds)]
        public int TimeoutSec { get; set; } = 30;

        [Parameter]
        public Hashtable Environment { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] ClientConfigPath { get; set; }

        [Parameter]
        public SwitchParameter SkipClient { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TshPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        [Parameter]
        [ValidateSet("Warn", "Fail")]
        public string FailOn { get; set; }

        protected override void EndProcessing()
        {
            var options = new DiagnosisOptions
            {
                ClusterFiles = ClusterPath == null ? null : PathResolver.ResolveFiles(this, ClusterPath, false, true, PathResolver.IsResourceFile),
                LogFiles = LogPath == null ? null : PathResolver.ResolveFiles(this, LogPath, false, true, LogFiles.IsLogFile),
                Users = User,
                Apps = App,
                Tools = Tool,
                Launch = Launch,
                TimeoutSec = TimeoutSec,
                Environment = Environment == null ? null : PlainValues.Environment(Environment),
                SkipClient = SkipClient,
                ClientConfigFiles = ClientConfigPath == null ? null : PathResolver.ResolveFiles(this, ClientConfigPath, false, false, PathResolver.IsJsonFile),
                ProjectDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
                TshPath = TshPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(TshPath),
                FailOn = FailOn == "Warn" ? DiagnosisStatus.Warn : DiagnosisStatus.Fail,
                Progress = (status, percent) => WriteProgress(new ProgressRecord(ProgressId, "Invoke-TeleportMcpDiagnosis", status) { PercentComplete = percent }),
                Warning = EmitWarning,
                Verbose = WriteVerbose,
                Error = e => EmitError(ErrorRecords.FromInput(e, RecommendedAction(e))),
            };
            DiagnosisResult result;
            try
            {
                result = DiagnosisRunner.Run(options, Cancellation);
            }
            finally
            {
                WriteProgress(new ProgressRecord(ProgressId, "Invoke-TeleportMcpDiagnosis", "Done") { RecordType = ProgressRecordType.Completed });
            }

            if (OutFile != null) WriteReport(result);
            if (Quiet)
            {
                Emit(result.Passed);
                return;
            }
            EmitAll(result.Findings);
            var failing = result.Failing;
            if (FailOn != null && failing.Count > 0)
            {
                string summary = "The MCP diagnosis found " + failing.Count + " finding(s) at or above " + FailOn + ".";
                Terminate(ErrorRecords.Create(new InvalidOperationException(summary.TrimEnd('.') + "; the first: " + failing[0].Title), "DiagnosisFailed", null, failing[0].Fix, ErrorCategory.InvalidResult));
            }
        }

        private static string RecommendedAction(TeleportInputException e)
        {
            switch (e)
            {
                case TeleportNotFoundException _: return "Check the name against the cluster export (-ClusterPath), or leave the filter out.";
                case TeleportReadException _: return "Check that the file can be read; the diagnosis used the other files.";
                default: return "Fix the resource; the diagnosis used the rest.";
            }
        }

        private void WriteReport(DiagnosisResult result)
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
            if (!ShouldProcess(path, "Write the diagnosis report")) return;
            try
            {
                var ext = System.IO.Path.GetExtension(path);
                bool html = string.Equals(ext, ".html", StringComparison.OrdinalIgnoreCase) || string.Equals(ext, ".htm", StringComparison.OrdinalIgnoreCase);
                var text = html ? DiagnosisReport.ToHtml(result.Findings, result.Context) : DiagnosisReport.ToMarkdown(result.Findings, result.Context);
                System.IO.File.WriteAllText(path, text, new System.Text.UTF8Encoding(false));
                WriteVerbose("Report written to " + path);
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                EmitError(ErrorRecords.Create(e, "ReportWriteFailed", path, null, ErrorCategory.WriteError));
            }
        }
    }
}
