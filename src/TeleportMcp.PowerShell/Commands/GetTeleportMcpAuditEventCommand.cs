using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Infrastructure;

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
        private ProgressWriter _progress;

        /// <summary>Audit log files or folders (the Auth Service's &lt;data_dir&gt;/log); wildcards allowed; .gz read as is.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        /// <summary>Audit lines (Get-Content, the event handler's output) or event objects (ConvertFrom-Json).</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
        [AllowNull]
        [AllowEmptyString]
        public PSObject InputObject { get; set; }

        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        public SwitchParameter Recurse { get; set; }

        // With -Path the pipeline carries user names (by value, or an object's User property); without it, audit lines.
        [Parameter(ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = InputSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AuditUserCompleter))]
        public string[] User { get; set; }

        private bool _usersFromCommandLine;
        private readonly List<string> _pipedUsers = new List<string>();

        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AuditAppCompleter))]
        public string[] App { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
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

        protected override void BeginProcessing()
        {
            _usersFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(User));
            // -Path: the files are read once every piped user is known (EndProcessing).
            if (ParameterSetName != PathSet) _query = NewQuery(User);
        }

        private AuditEventQuery NewQuery(string[] users)
        {
            var filter = new AuditEventFilter
            {
                Users = users,
                Apps = App,
                Tools = Tool,
                Since = MyInvocation.BoundParameters.ContainsKey(nameof(Since)) ? Since.ToUniversalTime() : (DateTime?)null,
                Until = MyInvocation.BoundParameters.ContainsKey(nameof(Until)) ? Until.ToUniversalTime() : (DateTime?)null,
                FailedOnly = FailedOnly,
            };
            return new AuditEventQuery(filter, e => Emit(e), Cancellation)
            {
                Verbose = WriteVerbose,
                Warning = EmitWarning,
                Error = e => EmitError(ErrorRecords.FromInput(e)),
                FileProgress = (file, done, total) => (_progress = _progress ?? new ProgressWriter(this, 0x7E21, "Get-TeleportMcpAuditEvent")).Bytes(file, done, total),
                FileDone = () => _progress?.Complete(),
            };
        }


        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case InputSet:
                    FeedPipeline(InputObject);
                    break;
                case LiteralPathSet:
                    _query.ReadFiles(PathResolver.ResolveFiles(this, LiteralPath, true, Recurse, AuditEventQuery.IsAuditFile), LiteralPath);
                    break;
                default:
                    if (!_usersFromCommandLine && User != null) AddPipedUsers(User);
                    break;
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == PathSet)
            {
                // Piped names are names, not patterns: a user called a[1] matches only that user.
                var users = _usersFromCommandLine ? User : _pipedUsers.Count > 0 ? _pipedUsers.Select(WildcardPattern.Escape).ToArray() : null;
                _query = NewQuery(users);
                _query.ReadFiles(PathResolver.ResolveFiles(this, Path, false, Recurse, AuditEventQuery.IsAuditFile), Path);
            }
            _query.Finish();
        }

        /// <summary>
        /// Strings piped with -Path are user names. An audit line cannot be one: a JSON object line (it starts with '{')
        /// piped with -Path is refused with the way to read it, instead of filtering for a user of that name.
        /// </summary>
        private void AddPipedUsers(IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                if (string.IsNullOrEmpty(name)) continue;
                if (name.TrimStart().StartsWith("{", StringComparison.Ordinal))
                {
                    EmitError(ErrorRecords.Create(new ArgumentException("A piped audit line cannot be read together with -Path: with -Path the pipeline carries user names."),
                        "AuditLineWithPath", name, "Pipe the lines without -Path (Get-Content audit.log | Get-TeleportMcpAuditEvent), or give the files with -Path and the users with -User.",
                        ErrorCategory.InvalidArgument));
                    continue;
                }
                if (!_pipedUsers.Contains(name)) _pipedUsers.Add(name);
            }
            User = null;
        }

        private void FeedPipeline(PSObject input)
        {
            switch (input?.BaseObject)
            {
                case null:
                    return;
                case FileSystemInfo fsi:
                    // Get-ChildItem output binds here (a PSObject takes anything by value): read the file, not its properties.
                    _query.ReadFiles(PathResolver.ResolveFiles(this, new[] { fsi.FullName }, true, Recurse, AuditEventQuery.IsAuditFile), new[] { fsi.FullName });
                    return;
                case AuditEvent ev:
                    _query.Add(ev);
                    return;
                case string text:
                    _query.FeedText(text);
                    return;
            }
            // An object from ConvertFrom-Json (or a hashtable): written back as one JSON line, read by the one parser.
            var sb = new StringBuilder();
            try
            {
                AppendJson(sb, input, 0);
            }
            catch (InvalidDataException e)
            {
                EmitError(ErrorRecords.Create(e, "InvalidPipelineInput", input, category: ErrorCategory.InvalidArgument));
                return;
            }
            _query.FeedText(sb.ToString());
        }

        private const int MaxDepth = 64;

        private static void AppendJson(StringBuilder sb, object value, int depth)
        {
            if (depth > MaxDepth) throw new InvalidDataException("the object is nested deeper than " + MaxDepth + " levels");
            var pso = value as PSObject;
            var raw = pso != null ? pso.BaseObject : value;
            switch (raw)
            {
                case null:
                    sb.Append("null");
                    return;
                case string s:
                    JsonText.AppendQuoted(sb, s);
                    return;
                case bool b:
                    sb.Append(b ? "true" : "false");
                    return;
                case DateTime dt:
                    // ConvertFrom-Json turns "time" into a DateTime: write it back as the UTC instant it was.
                    JsonText.AppendQuoted(sb, (dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime()).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                    return;
                case DateTimeOffset dto:
                    JsonText.AppendQuoted(sb, dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                    return;
                case int _:
                case long _:
                case double _:
                case decimal _:
                case float _:
                case short _:
                case byte _:
                case System.Numerics.BigInteger _:
                    sb.Append(Convert.ToString(raw, CultureInfo.InvariantCulture));
                    return;
                case IDictionary dict:
                    sb.Append('{');
                    bool firstEntry = true;
                    foreach (DictionaryEntry kv in dict)
                    {
                        if (!firstEntry) sb.Append(',');
                        firstEntry = false;
                        JsonText.AppendQuoted(sb, kv.Key?.ToString() ?? "");
                        sb.Append(':');
                        AppendJson(sb, kv.Value, depth + 1);
                    }
                    sb.Append('}');
                    return;
                case PSCustomObject _:
                    sb.Append('{');
                    bool firstProp = true;
                    foreach (var p in pso.Properties)
                    {
                        if (!firstProp) sb.Append(',');
                        firstProp = false;
                        JsonText.AppendQuoted(sb, p.Name);
                        sb.Append(':');
                        AppendJson(sb, p.Value, depth + 1);
                    }
                    sb.Append('}');
                    return;
                case IEnumerable list:
                    sb.Append('[');
                    bool firstItem = true;
                    foreach (var item in list)
                    {
                        if (!firstItem) sb.Append(',');
                        firstItem = false;
                        AppendJson(sb, item, depth + 1);
                    }
                    sb.Append(']');
                    return;
                default:
                    JsonText.AppendQuoted(sb, raw.ToString());
                    return;
            }
        }
    }
}
