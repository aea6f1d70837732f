using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
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

        private AuditEventFilter _filter;
        private AuditEventReader _pipelineReader;
        private long _filesRead;
        private long _mcpEvents;

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

        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] User { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] App { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
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
            _filter = new AuditEventFilter
            {
                Users = User,
                Apps = App,
                Tools = Tool,
                Since = MyInvocation.BoundParameters.ContainsKey(nameof(Since)) ? Since.ToUniversalTime() : (DateTime?)null,
                Until = MyInvocation.BoundParameters.ContainsKey(nameof(Until)) ? Until.ToUniversalTime() : (DateTime?)null,
                FailedOnly = FailedOnly,
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
                    ReadFiles(PathResolver.ResolveFiles(this, LiteralPath, true, Recurse, IsAuditFile), LiteralPath);
                    break;
                default:
                    ReadFiles(PathResolver.ResolveFiles(this, Path, false, Recurse, IsAuditFile), Path);
                    break;
            }
        }

        protected override void EndProcessing()
        {
            if (_pipelineReader != null)
            {
                var reader = _pipelineReader;
                reader.Flush();
                Report(reader.Summary);
                _mcpEvents += reader.Summary.McpEvents;
                if (reader.Summary.McpEvents == 0)
                    EmitWarning("No MCP audit event (mcp.session.*) in the " + reader.Summary.Lines + " line(s) from the pipeline.");
            }
            else if (_filesRead > 0 && _mcpEvents == 0)
            {
                EmitWarning("No MCP audit event (mcp.session.*) in " + _filesRead + " file(s). Read the Auth Service's audit log " +
                             "(<data_dir>/log/<auth server id>/*.log, or the audit_events_uri file:// folder), or the event handler's output.");
            }
        }

        private void ReadFiles(List<string> files, string[] asked)
        {
            if (files.Count == 0)
            {
                EmitError(new ErrorRecord(new FileNotFoundException("No audit log file (*.log, *.json, *.jsonl, *.gz) in " + string.Join(", ", asked) + "."),
                    "NoAuditFiles", ErrorCategory.ObjectNotFound, asked));
                return;
            }
            foreach (var file in files)
            {
                WriteVerbose("Reading " + file);
                if (Cancellation.IsCancellationRequested) return;
                var reader = new AuditEventReader(file, _filter, e => Emit(e), Cancellation);
                try
                {
                    LogFileReader.Scan(file, reader);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
                {
                    EmitError(ErrorRecords.InvalidInput("AuditReadError", "cannot read the audit log: " + e.Message, file, ErrorCategory.ReadError));
                    continue;
                }
                _filesRead++;
                _mcpEvents += reader.Summary.McpEvents;
                Report(reader.Summary);
            }
        }

        /// <summary>One verbose line per input; malformed lines as one error with the first line number; a cut-off end as a warning.</summary>
        private void Report(AuditReadSummary s)
        {
            WriteVerbose(s.Source + ": " + s.Lines + " line(s), " + s.McpEvents + " MCP event(s), " + s.Matched + " matched, " + s.OtherEvents + " other event(s) skipped.");
            if (s.Malformed > 0)
            {
                EmitError(ErrorRecords.InvalidInput("MalformedAuditEvent",
                    s.Malformed + " line(s) are not JSON audit events and were skipped; the first, line " + s.FirstMalformedLine + ": " + s.FirstMalformedError,
                    s.Source + ":" + s.FirstMalformedLine, ErrorCategory.ParserError,
                    "Give the Auth Service's audit log (one JSON event per line) or the event handler's output; the other events were read."));
            }
            if (s.TruncatedAtLine > 0)
                EmitWarning(s.Source + ":" + s.TruncatedAtLine + ": the input ends inside this event (a log still being written?); it was skipped.");
        }

        private void FeedPipeline(PSObject input)
        {
            var value = input?.BaseObject;
            if (value == null) return;
            if (value is FileSystemInfo fsi)
            {
                // Get-ChildItem output binds here (a PSObject takes anything by value): read the file, not its properties.
                ReadFiles(PathResolver.ResolveFiles(this, new[] { fsi.FullName }, true, Recurse, IsAuditFile), new[] { fsi.FullName });
                return;
            }
            if (value is AuditEvent ev)
            {
                if ((_filter).Matches(ev)) Emit(ev);
                return;
            }
            if (_pipelineReader == null)
                _pipelineReader = new AuditEventReader(null, _filter, e => Emit(e));
            var reader = _pipelineReader;
            if (value is string text)
            {
                if (text.IndexOf('\n') < 0) reader.FeedLine(text);
                else foreach (var line in text.Split('\n')) reader.FeedLine(line);
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
                EmitError(new ErrorRecord(e, "InvalidPipelineInput", ErrorCategory.InvalidArgument, input));
                return;
            }
            reader.FeedLine(sb.ToString());
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

        /// <summary>
        /// The files a folder contributes. events.log is a symlink to the current day's file (2:A11), so within a
        /// folder it would be read twice: it is left out there (give it by name to read it alone).
        /// </summary>
        private static bool IsAuditFile(string path)
        {
            string name = System.IO.Path.GetFileName(path).ToLowerInvariant();
            if (name == "events.log")
            {
                try
                {
                    if ((File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0) return false;
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            return name.EndsWith(".log", StringComparison.Ordinal) || name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".gz", StringComparison.Ordinal) || name.Contains(".log.");
        }
    }
}
