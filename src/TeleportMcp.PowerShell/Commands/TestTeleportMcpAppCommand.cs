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

        /// <summary>Files or folders taken exactly as written (no wildcards).</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
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

        /// <summary>The user whose traits fill {{external.x}} header templates: a TeleportMcp.User, or the name of a user in -Path or the pipeline.</summary>
        [Parameter]
        [ValidateNotNull]
        public object User { get; set; }

        /// <summary>Headers to send instead of rewrite entries of the same name ("Name: value"), e.g. a token Teleport would mint.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Header { get; set; }

        /// <summary>Fetch an https upstream's certificate without -Launch (a TLS handshake with it).</summary>
        [Parameter]
        public SwitchParameter CheckTls { get; set; }

        private readonly List<User> _users = new List<User>();
        private readonly List<App> _pending = new List<App>();
        private AppTestOptions _options;

        // -Quiet answers once for the whole call (about_TeleportMcp): false when nothing was tested or a name matched nothing.
        private int _tested;
        private bool _allPassed = true;
        private bool _inputGiven;
        private ProgressWriter _progress;
        private readonly HashSet<string> _namesMatched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _seen = new List<string>();

        protected override void ProcessRecord()
        {
            try
            {
                // With -User given by name, the user may arrive later in the pipeline or the files: test the apps at the end.
                foreach (var app in Apps())
                {
                    if (User is string || (User is PSObject p && p.BaseObject is string)) _pending.Add(app);
                    else TestOne(app);
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: StopProcessing cancelled the probe, whose finally blocks ended the server's process tree.
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                foreach (var app in _pending) TestOne(app);
            }
            catch (OperationCanceledException)
            {
            }
            _progress?.Complete();
            bool unmatched = false;
            if (Name != null)
            {
                foreach (var n in Name.Where(n => !_namesMatched.Contains(n)))
                {
                    unmatched = true;
                    string among = _seen.Count == 0 ? "no app was read" : "the apps read are " + string.Join(", ", _seen.Distinct().Take(20));
                    string message = "No MCP app matches -Name '" + n + "' (" + among + ").";
                    EmitError(new ErrorRecord(new ItemNotFoundException(message), "AppNotFound", ErrorCategory.ObjectNotFound, n)
                    {
                        ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Check the name (wildcards allowed), or give the file that defines the app." },
                    });
                }
            }
            if (_tested == 0 && !unmatched)
            {
                string message = _inputGiven
                    ? "No MCP app was tested: the input held no app definition (teleport.yaml app_service.apps, an app resource, or tctl get apps output)."
                    : "No MCP app was tested: no input was given.";
                EmitError(new ErrorRecord(new InvalidOperationException(message), "NothingExamined", ErrorCategory.ObjectNotFound, null)
                {
                    ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Give -Path teleport.yaml, or pipe Import-TeleportResource output." },
                });
            }
            if (Quiet) Emit(_allPassed && _tested > 0 && !unmatched);
        }

        private AppTestOptions Options()
        {
            if (_options != null) return _options;
            _options = new AppTestOptions { Environment = PlainValues.Environment(Environment), Launch = Launch, TimeoutSec = TimeoutSec, CheckTls = CheckTls };
            foreach (var raw in Header ?? Array.Empty<string>())
            {
                if (HeaderRules.TryParseClientHeader(raw, out var name, out var value, out var error))
                    _options.Headers.Add(new KeyValuePair<string, string>(name, value));
                else
                    EmitError(ErrorRecords.InvalidInput("InvalidHeader", "-Header: " + error, null, ErrorCategory.InvalidArgument, "Write each header as 'Name: value'."));
            }
            if (User != null)
            {
                var rawUser = User is PSObject p ? p.BaseObject : User;
                if (rawUser is User u) _options.User = u;
                else
                {
                    string name = rawUser.ToString();
                    _options.User = _users.LastOrDefault(x => x.Name == name);
                    if (_options.User == null)
                        EmitError(ErrorRecords.InvalidInput("UserNotFound", "user " + name + " was not found among the users read (" +
                            (_users.Count == 0 ? "none" : string.Join(", ", _users.Select(x => x.Name).Distinct())) + "); header templates are checked without a user", null, ErrorCategory.ObjectNotFound,
                            "Add the cluster export holding the user to -Path, pipe it in, or pass a TeleportMcp.User."));
                }
            }
            return _options;
        }

        private IEnumerable<App> Apps()
        {
            if (ParameterSetName == PathSet || ParameterSetName == LiteralPathSet)
            {
                _inputGiven = true;
                bool literal = ParameterSetName == LiteralPathSet;
                foreach (var app in ReadFiles(PathResolver.ResolveFiles(this, literal ? LiteralPath : Path, literal, true, PathResolver.IsResourceFile))) yield return app;
                yield break;
            }
            if (InputObject == null) yield break;
            foreach (var obj in InputObject)
            {
                if (obj == null) continue;
                _inputGiven = true;
                if (obj.BaseObject is User piped)
                {
                    _users.Add(piped);
                    continue;
                }
                // Get-Item teleport.yaml | Test-TeleportMcpApp: a file is read, not mistaken for an app.
                if (obj.BaseObject is System.IO.FileSystemInfo fsi)
                {
                    foreach (var fileApp in ReadFiles(PathResolver.ResolveFiles(this, new[] { fsi.FullName }, true, false, PathResolver.IsResourceFile))) yield return fileApp;
                    continue;
                }
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

        private List<KeyValuePair<string, WildcardPattern>> _patterns;

        private IEnumerable<App> ReadFiles(List<string> files)
        {
            var apps = new List<App>();
            foreach (var file in files)
            {
                int before = apps.Count;
                foreach (var item in ResourceReader.ReadFile(file))
                {
                    if (item.Resource is App app) apps.Add(app);
                    else if (item.Resource is User u) _users.Add(u);
                    else if (item.Diagnostic != null && item.Diagnostic.Level == DiagnosticLevel.Error)
                        EmitError(ErrorRecords.FromDiagnostic(item.Diagnostic, null));
                }
                WriteVerbose("Read " + file + ": " + (apps.Count - before) + " app(s)");
            }
            if (files.Count > 0 && apps.Count == 0 && Name == null)
            {
                string message = "No app definition in " + string.Join(", ", files) + " (teleport.yaml app_service.apps, kind: app, or tctl get apps output).";
                EmitError(new ErrorRecord(new InvalidOperationException(message), "NoAppInInput", ErrorCategory.ObjectNotFound, files[0]) { ErrorDetails = new ErrorDetails(message) });
            }
            foreach (var app in apps)
                if (Selected(app)) yield return app;
        }

        private bool Selected(App app)
        {
            _seen.Add(app.Name ?? "");
            if (Name == null) return true;
            if (_patterns == null)
            {
                _patterns = new List<KeyValuePair<string, WildcardPattern>>();
                foreach (var n in Name)
                {
                    var p = WildcardOrError(n);
                    if (p != null) _patterns.Add(new KeyValuePair<string, WildcardPattern>(n, p));
                    else _namesMatched.Add(n); // already reported as InvalidWildcardPattern
                }
            }
            bool any = false;
            foreach (var kv in _patterns)
                if (kv.Value.IsMatch(app.Name ?? ""))
                {
                    _namesMatched.Add(kv.Key);
                    any = true;
                }
            return any;
        }

        private void TestOne(App app)
        {
            WriteVerbose("Checking app " + app.Name + (Launch ? " (launching it, timeout " + TimeoutSec + " s)" : ""));
            if (Launch)
            {
                if (_progress == null) _progress = new ProgressWriter(this, 0x7E20, "Test-TeleportMcpApp -Launch");
                _progress.Write("Launching " + app.Name + ": initialize, tools/list (timeout " + TimeoutSec + " s)", -1, force: true);
            }
            AppTestOutcome outcome;
            try
            {
                outcome = AppTest.Run(app, Options(), Cancellation);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                EmitError(ErrorRecords.Wrap(e, "ProbeFailed", ErrorCategory.NotSpecified, app));
                _tested++;
                _allPassed = false;
                return;
            }
            _tested++;
            _allPassed &= outcome.Passed;
            if (Quiet) return;
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
