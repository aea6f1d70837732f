using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>Test-TeleportMcpApp: checks MCP server definitions and, with -Launch, starts them the way the App Service would.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "TeleportMcpApp", DefaultParameterSetName = InputSet)]
    [OutputType(typeof(AppCheck), typeof(ProbeResult), typeof(bool))]
    public sealed class TestTeleportMcpAppCommand : TeleportMcpCommand
    {
        private const string InputSet = "InputObject";
        private const string PathSet = "Path";
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [AllowNull]
        public PSObject[] InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; }

        [Parameter]
        public SwitchParameter Launch { get; set; }

        [Parameter]
        [ValidateRange(Timeouts.MinSeconds, Timeouts.MaxSeconds)]
        public int TimeoutSec { get; set; } = 30;

        [Parameter]
        public Hashtable Environment { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                foreach (var app in Apps()) TestOne(app);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: StopProcessing cancelled the probe, whose finally blocks ended the server's process tree.
            }
        }

        private IEnumerable<App> Apps()
        {
            if (ParameterSetName == PathSet)
            {
                var files = PathResolver.ResolveFiles(this, Path, false, false, PathResolver.IsResourceFile);
                var apps = new List<App>();
                foreach (var file in files)
                    foreach (var item in ResourceReader.ReadFile(file))
                    {
                        if (item.Resource is App app) apps.Add(app);
                        else if (item.Diagnostic != null && item.Diagnostic.Level == DiagnosticLevel.Error)
                            EmitError(ErrorRecords.FromDiagnostic(item.Diagnostic, null));
                    }
                foreach (var app in apps)
                    if (Selected(app)) yield return app;
                yield break;
            }
            if (InputObject == null) yield break;
            foreach (var obj in InputObject)
            {
                if (obj == null) continue;
                var app = obj.BaseObject as App;
                if (app == null && !(obj.BaseObject is Role) && !(obj.BaseObject is User) && !(obj.BaseObject is string))
                {
                    try
                    {
                        app = ResourceTransformationAttribute.TryConvert(obj, typeof(App)) as App;
                    }
                    catch (ArgumentTransformationMetadataException e)
                    {
                        EmitError(ErrorRecords.Wrap(e, "InvalidAppObject", ErrorCategory.InvalidArgument, obj));
                        continue;
                    }
                }
                if (app == null || string.IsNullOrEmpty(app.Name))
                {
                    WriteVerbose("Skipping an input object that is not a TeleportMcp.App: " + obj);
                    continue;
                }
                if (Selected(app)) yield return app;
            }
        }

        private bool Selected(App app)
        {
            if (Name == null) return true;
            return Name.Any(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase).IsMatch(app.Name ?? ""));
        }

        private void TestOne(App app)
        {
            WriteVerbose("Checking app " + app.Name + (Launch ? " (launching it, timeout " + TimeoutSec + " s)" : ""));
            AppTestOutcome outcome;
            try
            {
                outcome = AppTest.Run(app, new AppTestOptions { Environment = PlainValues.Environment(Environment), Launch = Launch, TimeoutSec = TimeoutSec }, Cancellation);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                EmitError(ErrorRecords.Wrap(e, "ProbeFailed", ErrorCategory.NotSpecified, app));
                return;
            }
            if (Quiet)
            {
                Emit(outcome.Passed);
                return;
            }
            if (outcome.Probe == null)
            {
                EmitAll(outcome.Checks);
                return;
            }
            // With -Launch the probe result (which carries the checks) is the only output, so that
            // Test-TeleportMcpApp -Launch | Test-TeleportMcpRole binds App and Tool without stray AppCheck objects.
            foreach (var c in outcome.Checks)
            {
                if (c.Status == CheckStatus.Fail || c.Status == CheckStatus.Warn) EmitWarning(app.Name + ": " + c.Check + ": " + c.Message);
                else WriteVerbose(app.Name + ": " + c);
            }
            Emit(outcome.Probe);
        }
    }
}
