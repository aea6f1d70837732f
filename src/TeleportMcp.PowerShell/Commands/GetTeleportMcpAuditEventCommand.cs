using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;
using TeleportMcp.Parameters;
using TeleportMcp.Transport;

namespace TeleportMcp.Commands
{
    /// <summary>
    /// Get-TeleportMcpAuditEvent: the MCP events of Teleport's audit log (file audit log, event handler output,
    /// exports; .gz too), or of lines and ConvertFrom-Json objects from the pipeline, as TeleportMcp.AuditEvent.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TeleportMcpAuditEvent", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AuditEvent))]
    public sealed class GetTeleportMcpAuditEventCommand : TeleportMcpCommand
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string InputSet = "InputObject";

        private AuditEventQuery _query;
        private readonly List<string> _literalFiles = new List<string>();
        private ProgressWriter _progress;

        /// <summary>Audit log files or folders (the Auth Service's &lt;data_dir&gt;/log); wildcards allowed; .gz read as is.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        // ProviderPath: Resolve-Path output (PathInfo) binds here, not as text.
        [Alias("PSPath", "LP", "ProviderPath")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        /// <summary>Audit lines (Get-Content, the event handler's output) or event objects (ConvertFrom-Json).</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
        [AllowNull]
        [AllowEmptyString]
        public PSObject InputObject { get; set; }

        /// <summary>Accepted so existing scripts run: folders are always read at every level (AuditEventQuery.Folders).</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        public SwitchParameter Recurse { get; set; }

        // With -Path the pipeline carries user names (by value, or an object's User property); without it, audit lines.
        [Parameter(ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = InputSet)]
        [UserNameTransformation]
        // Not [ValidateNotNullOrEmpty]: a null among names is that item's error (Choice.Names, Choice.PipedNames); nulls alone are refused in BeginProcessing.
        [AllowNull]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AuditUserCompleter))]
        public UserChoice[] User { get; set; }

        private bool _usersFromCommandLine;
        // -User on the command line as names (patterns); a value that names no user is its own error (PipedObjectNotUser).
        private string[] _userNames;
        private readonly PipedUserNames _pipedUsers = new PipedUserNames();

        [Parameter]
        // Not [ValidateNotNullOrEmpty]: one blank pattern is that item's error, the others still select (ItemsGiven).
        [AllowNull]
        [AllowEmptyString]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AuditAppCompleter))]
        public string[] App { get; set; }

        [Parameter]
        // Not [ValidateNotNullOrEmpty]: one blank pattern is that item's error, the others still select (ItemsGiven).
        [AllowNull]
        [AllowEmptyString]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AuditToolCompleter))]
        public string[] Tool { get; set; }

        /// <summary>Events at or after this time (a time without zone is local time).</summary>
        [Parameter]
        public DateTime Since { get; set; }

        [Parameter]
        public DateTime Until { get; set; }

        /// <summary>Only failed requests: denied calls and the …E codes.</summary>
        [Parameter]
        public SwitchParameter FailedOnly { get; set; }

        private DateTime? SinceUtc => MyInvocation.BoundParameters.ContainsKey(nameof(Since)) ? Since.ToUniversalTime() : (DateTime?)null;
        private DateTime? UntilUtc => MyInvocation.BoundParameters.ContainsKey(nameof(Until)) ? Until.ToUniversalTime() : (DateTime?)null;

        protected override void BeginProcessing()
        {
            var range = new AuditEventFilter { Since = SinceUtc, Until = UntilUtc }.Refusal();
            // A piped line whose read cannot be told (deserialized, counted from 0), or a read of a file named as another but for case: said.
            _blocks.Warning = EmitWarning;
            if (range != null) Terminate(ErrorRecords.FromInput(range));
            _usersFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(User));
            if (_usersFromCommandLine && Choice.NullOrEmpty<TeleportMcp.User>(User)) RefuseNullOrEmpty(nameof(User));
            if (_usersFromCommandLine) _userNames = Choice.Names<TeleportMcp.User>(User, e => EmitError(ErrorRecords.FromInput(e)), EmitWarning).ToArray();
            _apps = ItemsGiven(nameof(App), App, e => EmitError(ErrorRecords.FromInput(e)));
            _tools = ItemsGiven(nameof(Tool), Tool, e => EmitError(ErrorRecords.FromInput(e)));
            // -Path: the files are read once every piped user is known (EndProcessing).
            if (ParameterSetName != PathSet) _query = NewQuery(_userNames, null);
        }

        private List<string> _apps;
        private List<string> _tools;

        // Every -User (or -App, -Tool) value was refused: the events nobody selected are not listed in their place.
        private bool NoUserLeft => (_usersFromCommandLine && _userNames.Length == 0) || _apps?.Count == 0 || _tools?.Count == 0;

        private AuditEventQuery NewQuery(string[] users, PipedUserNames piped)
        {
            var filter = new AuditEventFilter
            {
                Users = users,
                Apps = _apps,
                Tools = _tools,
                Since = SinceUtc,
                Until = UntilUtc,
                FailedOnly = FailedOnly,
            };
            piped?.SelectIn(filter);
            return new AuditEventQuery(filter, e => Emit(e), Cancellation)
            {
                Verbose = WriteVerbose,
                Warning = EmitWarning,
                Error = e => EmitError(ErrorRecords.FromInput(e)),
                FileProgress = (file, done, total) => (_progress = _progress ?? new ProgressWriter(this, 0x7E21, "Get-TeleportMcpAuditEvent")).Bytes(file, done, total),
                FileDone = () => _progress?.Complete(),
                FilesOf = path => PathResolver.ResolveFiles(this, "-Path", new[] { path }, true, AuditEventQuery.Folders),
            };
        }


        protected override void ProcessRecord()
        {
            if (NoUserLeft) return;
            switch (ParameterSetName)
            {
                case InputSet:
                    FeedPipeline(InputObject);
                    break;
                case LiteralPathSet:
                    // Get-Content -ReadCount's blocks bind here by their PSPath: they are lines, not the file again.
                    if (FeedLines(PipedLine.Current(this))) break;
                    // Read when the pipeline ends, so piped files go oldest first too (AuditFileOrder).
                    _literalFiles.AddRange(PathResolver.ResolveFiles(this, "-Path", LiteralPath, true, AuditEventQuery.Folders));
                    break;
                default:
                    if (!_usersFromCommandLine && MyInvocation.ExpectingInput) AddPipedUsers(User);
                    break;
            }
        }

        protected override void EndProcessing()
        {
            if (NoUserLeft) return;
            if (ParameterSetName == PathSet && !_usersFromCommandLine && _pipedUsers.NoneLeft) return;
            if (ParameterSetName == LiteralPathSet) _query.ReadFiles(_literalFiles);
            if (ParameterSetName == PathSet)
            {
                // -User on the command line takes patterns; piped names are names (the engine's rule, PipedUserNames).
                _query = NewQuery(_usersFromCommandLine ? _userNames : null, _usersFromCommandLine ? null : _pipedUsers);
                _query.ReadFiles(PathResolver.ResolveFiles(this, "-Path", Path, false, AuditEventQuery.Folders));
            }
            _query.Finish();
        }

        /// <summary>Strings piped with -Path are user names (an audit line is refused: AuditEventQuery.RefusedUserName).</summary>
        private void AddPipedUsers(IEnumerable<UserChoice> values)
        {
            foreach (var name in Choice.PipedNames<TeleportMcp.User>(values, e => { _pipedUsers.NoteRefused(); EmitError(ErrorRecords.FromInput(e)); }, EmitWarning))
                _pipedUsers.Add(name, e => EmitError(ErrorRecords.FromInput(e, target: name)));
            User = null;
        }

        private void FeedPipeline(PSObject input)
        {
            try
            {
                if (FeedLines(input)) return;
                // A line Get-Content wrote names its file and line (PipedLine.Source): each file is its own reading.
                if (input?.BaseObject is string text)
                {
                    var (file, line, newRead) = PipedLine.Source(input, text, _blocks);
                    _query.FeedText(text, file, line, newRead);
                    return;
                }
                _query.AddPiped(PSInputObject.Of(input));
            }
            catch (TeleportInputException e)
            {
                EmitError(ErrorRecords.FromInput(e, target: input));
            }
        }

        // The block just read of piped Get-Content lines, to number a -Tail's last block, and the files read from a count of 0 (PipedBlocks).
        private readonly TeleportMcp.Engine.Logs.PipedBlocks _blocks = new TeleportMcp.Engine.Logs.PipedBlocks();

        // A block of Get-Content lines or a Select-String match, as its lines (PipedLine.Lines); false for any other object.
        private bool FeedLines(PSObject current)
        {
            var lines = PipedLine.Lines(current, _blocks);
            if (lines == null) return false;
            foreach (var (text, file, line, newRead) in lines) _query.FeedText(text, file, line, newRead);
            return true;
        }
    }
}
