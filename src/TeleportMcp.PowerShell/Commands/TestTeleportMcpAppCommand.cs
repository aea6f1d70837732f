using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>Test-TeleportMcpApp: checks MCP server definitions and, with -Launch, starts them the way the App Service would.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "TeleportMcpApp", DefaultParameterSetName = InputSet)]
    [OutputType(typeof(AppCheck), typeof(ProbeResult), typeof(bool))]
    public sealed class TestTeleportMcpAppCommand : TeleportMcpCmdlet, IDisposable
    {
        private const string InputSet = "InputObject";
        private const string PathSet = "Path";
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

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
        [ValidateRange(1, 3600)]
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

        protected override void StopProcessing() => _cancel.Cancel();

        public void Dispose() => _cancel.Dispose();

        private IEnumerable<App> Apps()
        {
            if (ParameterSetName == PathSet)
            {
                var files = PathResolver.ResolveFiles(this, Path, false, false,
                    p => p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
                var problems = new List<ResourceBridge.Item>();
                var items = ResourceBridge.ReadResources(files, problems);
                foreach (var p in problems.Where(p => p.Level == "Error"))
                    WriteError(ErrorRecords.InvalidInput(p.Code, p.Message, p.Location, ErrorRecords.CategoryFor(p.Code)));
                foreach (var app in items.OfType<App>())
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
                        WriteError(ErrorRecords.Wrap(e, "InvalidAppObject", ErrorCategory.InvalidArgument, obj));
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

        private List<WildcardPattern> _patterns;

        private bool Selected(App app)
        {
            if (Name == null) return true;
            if (_patterns == null)
            {
                _patterns = new List<WildcardPattern>();
                foreach (var n in Name)
                {
                    var p = WildcardNames.TryCreate(n, out var invalid);
                    if (p != null) _patterns.Add(p);
                    else WriteError(invalid);
                }
            }
            return _patterns.Any(p => p.IsMatch(app.Name ?? ""));
        }

        private void TestOne(App app)
        {
            WriteVerbose("Checking app " + app.Name + (Launch ? " (launching it, timeout " + TimeoutSec + " s)" : ""));
            ProbeBridge.Outcome outcome;
            try
            {
                outcome = ProbeBridge.Run(app, Environment, Launch, TimeoutSec, _cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteError(ErrorRecords.Wrap(e, "ProbeFailed", ErrorCategory.NotSpecified, app));
                return;
            }
            bool ok = outcome.Checks.All(c => c.Status != "Fail") && (outcome.Probe == null || outcome.Probe.Status != "Fail");
            if (Quiet)
            {
                WriteObject(ok);
                return;
            }
            if (outcome.Probe == null)
            {
                WriteObject(outcome.Checks, true);
                return;
            }
            // With -Launch the probe result (which carries the checks) is the only output, so that
            // Test-TeleportMcpApp -Launch | Test-TeleportMcpRole binds App and Tool without stray AppCheck objects.
            foreach (var c in outcome.Checks)
            {
                if (c.Status == "Fail" || c.Status == "Warn") WriteWarning(app.Name + ": " + c.Check + ": " + c.Message);
                else WriteVerbose(app.Name + ": " + c);
            }
            WriteObject(outcome.Probe);
        }
    }
}
