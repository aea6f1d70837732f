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
        private const string LiteralPathSet = "LiteralPath";
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [AllowNull]
        public PSObject[] InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

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

        private ClusterInput _input;
        private readonly HashSet<string> _matchedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private int _tested;

        protected override void BeginProcessing()
        {
            _input = NewClusterInput("Fix the app definition; the other apps were checked.");
            if (ParameterSetName == InputSet) return;
            bool literal = ParameterSetName == LiteralPathSet;
            _input.ReadFiles(PathResolver.ResolveFiles(this, literal ? LiteralPath : Path, literal, true, PathResolver.IsResourceFile));
        }

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

        protected override void EndProcessing()
        {
            if (Name != null)
                foreach (var n in Name.Where(n => !_matchedNames.Contains(n)))
                    EmitError(ErrorRecords.FromInput(new TeleportNotFoundException("AppNotFound",
                        _input.NotFoundMessage("app", n, _input.Apps.Select(a => a.Name)), n), "Check the name (wildcards are allowed) against the apps given."));
            if (Quiet && _tested == 0) Emit(InputPolicy.QuietAnswer(0, true));
        }

        private IEnumerable<App> Apps()
        {
            if (ParameterSetName != InputSet)
            {
                // The files were read in BeginProcessing: test their apps once, in the first ProcessRecord.
                var fromFiles = _input.Apps.ToList();
                _input.Apps.Clear();
                foreach (var app in fromFiles)
                    if (Selected(app)) yield return app;
                yield break;
            }
            if (InputObject == null) yield break;
            foreach (var obj in InputObject)
            {
                if (obj == null) continue;
                var app = obj.BaseObject as App;
                if (app == null && !(obj.BaseObject is TeleportResource) && !(obj.BaseObject is string))
                {
                    try
                    {
                        app = ResourceTransformationAttribute.TryConvert(obj, typeof(App)) as App;
                    }
                    catch (ArgumentTransformationMetadataException e)
                    {
                        EmitError(ErrorRecords.Create(e, "InvalidAppObject", obj));
                        continue;
                    }
                }
                if (app == null || string.IsNullOrEmpty(app.Name))
                {
                    WriteVerbose("Skipping an input object that is not a TeleportMcp.App: " + obj);
                    continue;
                }
                _input.Add(app, true);
                if (Selected(app)) yield return app;
            }
        }

        private bool Selected(App app)
        {
            if (Name == null) return true;
            bool selected = false;
            foreach (var n in Name)
            {
                if (!WildcardPattern.Get(n, WildcardOptions.IgnoreCase).IsMatch(app.Name ?? "")) continue;
                _matchedNames.Add(n);
                selected = true;
            }
            return selected;
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
                EmitError(ErrorRecords.Create(e, "ProbeFailed", app));
                return;
            }
            _tested++;
            if (Quiet)
            {
                Emit(InputPolicy.QuietAnswer(1, outcome.Passed));
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
