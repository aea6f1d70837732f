using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;

namespace TeleportMcp.Engine.Audit
{
    /// <summary>
    /// Get-TeleportMcpAuditEvent as one use case: the MCP events of audit log files, or of lines and events from the
    /// pipeline, through the filter; one verbose line per input, malformed lines as one error, a cut-off end as a
    /// warning, and a warning when no MCP event was found at all.
    /// </summary>
    public sealed class AuditEventQuery
    {
        private readonly AuditEventFilter _filter;
        private readonly Action<AuditEvent> _emit;
        private readonly CancellationToken _cancel;
        private AuditEventReader? _pipelineReader;
        private long _filesRead;
        private long _mcpEvents;

        public AuditEventQuery(AuditEventFilter filter, Action<AuditEvent> emit, CancellationToken cancel)
        {
            _filter = filter;
            _emit = emit;
            _cancel = cancel;
        }

        public Action<string> Verbose { get; set; } = _ => { };
        public Action<string> Warning { get; set; } = _ => { };
        public Action<TeleportInputException> Error { get; set; } = _ => { };

        /// <summary>Bytes read of a file (its name, bytes done, total bytes or -1).</summary>
        public Action<string, long, long> FileProgress { get; set; } = (_, __, ___) => { };

        /// <summary>A file's reading ended (read, failed or stopped): its progress bar is closed.</summary>
        public Action FileDone { get; set; } = () => { };

        /// <summary>
        /// The files a folder contributes. events.log is a symlink to the current day's file (2:A11), so within a
        /// folder it would be read twice: it is left out there (give it by name to read it alone).
        /// </summary>
        public static bool IsAuditFile(string path)
        {
            string name = Path.GetFileName(path).ToLowerInvariant();
            if (name == "events.log")
            {
                try
                {
                    if ((File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0) return false;
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            return name.EndsWith(".log", StringComparison.Ordinal) || name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal) ||
                   name.EndsWith(".gz", StringComparison.Ordinal) || name.Contains(".log.");
        }

        /// <summary>Reads audit log files; <paramref name="asked"/> is what the admin gave, named when no file was found.</summary>
        public void ReadFiles(IList<string> files, IList<string> asked)
        {
            if (files.Count == 0)
            {
                Error(new TeleportNotFoundException("NoAuditFiles", "No audit log file (*.log, *.json, *.jsonl, *.gz) in " + string.Join(", ", asked) + ".", string.Join(", ", asked)));
                return;
            }
            foreach (var file in files)
            {
                Verbose("Reading " + file);
                if (_cancel.IsCancellationRequested) return;
                var reader = new AuditEventReader(file, _filter, _emit, _cancel);
                string name = Path.GetFileName(file);
                try
                {
                    // Bytes read of the file, and a stop within one 64 KiB buffer even inside one very long line.
                    LogFileReader.Scan(file, reader, (done, total) => FileProgress(name, done, total), _cancel);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
                {
                    Error(new TeleportReadException("AuditReadError", "cannot read the audit log: " + e.Message, file, e));
                    continue;
                }
                finally
                {
                    FileDone();
                }
                _filesRead++;
                _mcpEvents += reader.Summary.McpEvents;
                Report(reader.Summary);
            }
        }

        /// <summary>An event object from the pipeline: written when the filter takes it.</summary>
        public void Add(AuditEvent e)
        {
            if (_filter.Matches(e)) _emit(e);
        }

        /// <summary>One audit line (or several, separated by newlines) from the pipeline, read by the one parser.</summary>
        public void FeedText(string text)
        {
            if (_pipelineReader == null) _pipelineReader = new AuditEventReader(null, _filter, _emit);
            if (text.IndexOf('\n') < 0) _pipelineReader.FeedLine(text);
            else foreach (var line in text.Split('\n')) _pipelineReader.FeedLine(line);
        }

        public void Finish()
        {
            if (_pipelineReader != null)
            {
                _pipelineReader.Flush();
                var s = _pipelineReader.Summary;
                Report(s);
                _mcpEvents += s.McpEvents;
                if (s.McpEvents == 0) Warning("No MCP audit event (mcp.session.*) in the " + s.Lines + " line(s) from the pipeline.");
            }
            else if (_filesRead > 0 && _mcpEvents == 0)
            {
                Warning("No MCP audit event (mcp.session.*) in " + _filesRead + " file(s). Read the Auth Service's audit log " +
                        "(<data_dir>/log/<auth server id>/*.log, or the audit_events_uri file:// folder), or the event handler's output.");
            }
        }

        /// <summary>One verbose line per input; malformed lines as one error with the first line number; a cut-off end as a warning.</summary>
        private void Report(AuditReadSummary s)
        {
            Verbose(s.Source + ": " + s.Lines + " line(s), " + s.McpEvents + " MCP event(s), " + s.Matched + " matched, " + s.OtherEvents + " other event(s) skipped.");
            if (s.Malformed > 0)
                Error(new TeleportInputException("MalformedAuditEvent",
                    s.Malformed + " line(s) are not JSON audit events and were skipped; the first, line " + s.FirstMalformedLine + ": " + s.FirstMalformedError,
                    new SourceLocation(s.Source, (int)Math.Min(int.MaxValue, s.FirstMalformedLine), 0))
                {
                    RecommendedAction = "Give the Auth Service's audit log (one JSON event per line) or the event handler's output; the other events were read.",
                });
            if (s.TruncatedAtLine > 0)
                Warning(s.Source + ":" + s.TruncatedAtLine + ": the input ends inside this event (a log still being written?); it was skipped.");
        }
    }
}
