using System;
using System.Collections.Generic;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.FileSystem;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Resources;

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
        // The lines piped in, each file they were read from its own reading (PipedSources), as Find-TeleportMcpError reads them.
        private PipedSources<PipedReading>? _piped;
        private long _pipedLines, _pipedEvents;
        // One index for every file and the piped lines of the query, read one after another: Teleport's file backend
        // starts a new audit file each day, so a session that crosses midnight has its start in the file before.
        private readonly SessionServerIndex _sessions = new SessionServerIndex();
        private readonly List<string> _pipedFiles = new List<string>();
        private long _filesRead;
        // What was read, by kind, from files, lines and piped event objects (before the filter).
        private long _sessionEvents;
        private long _verifyEvents;

        // What was written, and which -User, -App and -Tool values some written event matched (Finish names the others).
        private long _written;
        private readonly bool[] _userHit, _appHit, _toolHit;

        public AuditEventQuery(AuditEventFilter filter, Action<AuditEvent> emit, CancellationToken cancel)
        {
            _filter = filter ?? throw new ArgumentNullException(nameof(filter));
            if (emit == null) throw new ArgumentNullException(nameof(emit));
            _emit = e =>
            {
                Note(e);
                emit(e);
            };
            _cancel = cancel;
            FilesOf = FolderFiles;
            _userHit = new bool[filter.Users?.Count ?? 0];
            _appHit = new bool[filter.Apps?.Count ?? 0];
            _toolHit = new bool[filter.Tools?.Count ?? 0];
        }

        /// <summary>The error id of a filter value (or a whole filter) that no MCP event matched, as Test-TeleportMcpRole names an audit selection that matched nothing.</summary>
        public const string NoEventSelectedCode = "NoAuditEventSelected";

        private void Note(AuditEvent e)
        {
            _written++;
            for (int i = 0; i < _userHit.Length; i++) _userHit[i] |= _filter.UserIs(_filter.Users![i], e.User);
            for (int i = 0; i < _appHit.Length; i++) _appHit[i] |= AuditEventFilter.Is(_filter.Apps![i], e.App);
            for (int i = 0; i < _toolHit.Length; i++) _toolHit[i] |= AuditEventFilter.Is(_filter.Tools![i], e.Tool);
        }

        // A path that is not there is read as a file, and its read error names it.
        private IList<string> FolderFiles(string path) => Folders.FilesOf(path, path, Warning, Error) ?? new[] { path };

        public Action<string> Verbose { get; set; } = _ => { };
        public Action<string> Warning { get; set; } = _ => { };
        public Action<TeleportInputException> Error { get; set; } = _ => { };

        /// <summary>
        /// The audit files a piped file or folder stands for (the host's path rule, which reports a path that gives none);
        /// by default the file itself, or a folder's audit files (a folder without any is <see cref="Folders"/>' NoAuditFiles error).
        /// </summary>
        public Func<string, IList<string>> FilesOf { get; set; }

        /// <summary>Bytes read of a file (its name, bytes done, total bytes or -1).</summary>
        public Action<string, long, long> FileProgress { get; set; } = (_, __, ___) => { };

        /// <summary>A file's reading ended (read, failed or stopped): its progress bar is closed.</summary>
        public Action FileDone { get; set; } = () => { };

        /// <summary>
        /// What a folder given as audit log contributes: its audit files at every level below it (the default audit
        /// log keeps one folder per Auth Service under &lt;data_dir&gt;/log). Get-TeleportMcpAuditEvent -Path, Invoke-TeleportMcpDiagnosis -AuditPath and Tab
        /// completion read the same files.
        /// </summary>
        public static FileSystem.FolderRule Folders { get; } =
            new FileSystem.FolderRule("audit log files (.log, .json, .jsonl, .gz, rotated *.log.N)", readsSubfolders: true, "NoAuditFiles", IsAuditFile);

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

        /// <summary>
        /// Reads audit log files. A path that gave none has been reported by whoever resolved it, once (PathNotFound
        /// for a path or wildcard that names nothing, NoAuditFiles for a folder without audit files, a warning for a
        /// special file): no second error is added here for the same path.
        /// </summary>
        public void ReadFiles(IList<string> files)
        {
            if (files == null) throw new ArgumentNullException(nameof(files));
            foreach (var file in AuditFileOrder.OldestFirst(files))
            {
                Verbose("Reading " + file);
                if (_cancel.IsCancellationRequested) return;
                AuditReadSummary summary;
                try
                {
                    summary = ReadFile(file, Path.GetFileName(file));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e) when (FileSystem.ReadFailure.Is(e))
                {
                    Error(new TeleportReadException("AuditReadError", "cannot read the audit log: " + e.Message, file, e));
                    continue;
                }
                finally
                {
                    FileDone();
                }
                _filesRead++;
                Counted(summary);
                Report(summary);
            }
        }

        /// <summary>Events handed from the scanning thread to the caller's at a time, and how many such batches may wait.</summary>
        internal const int BatchSize = 512;
        internal const int BatchesQueued = 8;

        /// <summary>
        /// One file: read and scanned on a worker thread (the file itself read ahead on another), while this thread,
        /// the caller's, writes the events as they come, in file order. At most <see cref="BatchesQueued"/> batches
        /// wait, so memory stays bounded whatever the file; a stop (the token, or the caller's emit throwing) ends
        /// the worker before this returns. Progress is said here, on the caller's thread.
        /// </summary>
        private AuditReadSummary ReadFile(string file, string name)
        {
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(_cancel))
            using (var batches = new BlockingCollection<AuditEvent[]>(BatchesQueued))
            {
                var token = stop.Token;
                var pending = new List<AuditEvent>(BatchSize);
                long done = 0, total = -1;
                Action handOn = () =>
                {
                    if (pending.Count == 0) return;
                    batches.Add(pending.ToArray(), token);
                    pending.Clear();
                };
                var reader = new AuditEventReader(file, _filter, e =>
                {
                    pending.Add(e);
                    if (pending.Count == BatchSize) handOn();
                }, _sessions, token);
                ExceptionDispatchInfo? failure = null;
                var worker = Task.Factory.StartNew(() =>
                {
                    try
                    {
                        // After each block of the file the events so far go on, so a rare match is not held back.
                        LogFileReader.Scan(file, reader, (d, t) =>
                        {
                            Interlocked.Exchange(ref done, d);
                            Interlocked.Exchange(ref total, t);
                            handOn();
                        }, true, token);
                        handOn();
                    }
                    catch (Exception e)
                    {
                        failure = ExceptionDispatchInfo.Capture(e);
                    }
                    finally
                    {
                        batches.CompleteAdding();
                    }
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                try
                {
                    long shown = -1;
                    while (true)
                    {
                        // Wakes for each batch, at the end, and every 100 ms for the progress; a stop throws at once.
                        bool got = batches.TryTake(out var batch, 100, _cancel);
                        if (got)
                        {
                            foreach (var e in batch) _emit(e);
                        }
                        long now = Interlocked.Read(ref done);
                        if (now != shown)
                        {
                            shown = now;
                            FileProgress(name, now, Interlocked.Read(ref total));
                        }
                        if (!got && batches.IsCompleted) break;
                    }
                }
                finally
                {
                    stop.Cancel();
                    worker.Wait();
                }
                failure?.Throw();
                return reader.Summary;
            }
        }

        /// <summary>An event object from the pipeline: written when the filter takes it.</summary>
        public void Add(AuditEvent e)
        {
            if (e == null) throw new ArgumentNullException(nameof(e));
            if (e.Kind == AuditEventKind.AppAuthConfigVerify) _verifyEvents++;
            else _sessionEvents++;
            if (_filter.Matches(e)) _emit(e);
        }

        /// <summary>
        /// A piped object: an event passes the filter, a file or folder is read (<see cref="FilesOf"/>), a string is audit lines, and an object that lost its type
        /// (ConvertFrom-Json, a hashtable) is written back as its JSON line (<see cref="PipedObjectJson"/>) and read by the
        /// one parser. A TeleportArgumentException (InvalidPipelineInput) when the object is nested too deep.
        /// </summary>
        public void AddPiped(IInputObject input)
        {
            switch (input?.Value)
            {
                case null:
                    return;
                case AuditEvent e:
                    Add(e);
                    return;
                case string text:
                    FeedText(text);
                    return;
            }
            // Get-ChildItem output, or an object with a LiteralPath or PSPath: the files are read, not its properties.
            // Read when the pipeline ends, all together, so they go oldest first (AuditFileOrder) like -Path's.
            var paths = PipedPaths.Of(input);
            if (paths != null)
            {
                foreach (var path in paths) _pipedFiles.AddRange(FilesOf(path));
                return;
            }
            FeedText(PipedObjectJson.Of(input!));
        }

        /// <summary>
        /// With -Path the pipeline carries user names. An audit line cannot be one: a JSON object line (it starts with
        /// '{') is refused with the way to read it, instead of filtering for a user of that name. Null for a name.
        /// </summary>
        public static TeleportArgumentException? RefusedUserName(string name)
        {
            if (name == null || !name.TrimStart().StartsWith("{", StringComparison.Ordinal)) return null;
            return new TeleportArgumentException("AuditLineWithPath", "A piped audit line cannot be read together with -Path: with -Path the pipeline carries user names.")
            {
                RecommendedAction = "Pipe the lines without -Path (Get-Content audit.log | Get-TeleportMcpAuditEvent), or give the files with -Path and the users with -User.",
            };
        }

        /// <summary>One audit line (or several, separated by newlines) from the pipeline, read by the one parser.</summary>
        public void FeedText(string text) => FeedText(text, null, 0);

        /// <summary>
        /// One piped audit line (or several, separated by newlines). <paramref name="file"/>: the file it was read from (null
        /// when not known); <paramref name="lineNumber"/>: its line number there (Get-Content's ReadCount; 0 when not known).
        /// Each file is its own reading: an event cut at one file's end is not continued by another's line, and events are
        /// named by their file and line. Lines of no known file are one reading named "pipeline".
        /// </summary>
        public void FeedText(string text, string? file, long lineNumber) => FeedText(text, file, lineNumber, false);

        /// <summary>As above; <paramref name="newRead"/>: the line is known to start a read of its own (PipedBlocks.Line), whatever its number.</summary>
        public void FeedText(string text, string? file, long lineNumber, bool newRead)
        {
            if (_piped == null)
            {
                var limits = Limits.Current;
                var held = new HeldEventChars(limits.PipedHeldEventChars, "the unfinished events of the piped files, read at once (up to " + PipedMaxOpen +
                                              ") or set aside, reached " + limits.Describe(nameof(Limits.PipedHeldEventChars)));
                _piped = new PipedSources<PipedReading>(
                    source => new PipedReading(this, () => new AuditEventReader(source, _filter, _emit, _sessions, default(CancellationToken)) { Held = held }),
                    Left, SourceLocation.Pipeline, PipedMaxOpen, PipedMaxSuspended, PipedMaxDropped);
                _piped.Dropping = (f, line) => Warning(PipedSourcesText.Dropping(f, line, PipedMaxOpen, PipedMaxSuspended));
                _piped.Forgotten = (f, line) => Warning(PipedSourcesText.Forgotten(f, line, PipedMaxOpen, PipedMaxSuspended, PipedMaxDropped));
            }
            var reader = _piped.For(file, lineNumber, newRead).Reader;
            foreach (var line in TextLines.Of(text)) reader.FeedLine(line);
        }

        // The bounds of the piped files' readings (PipedSources), smaller in tests only.
        internal int PipedMaxOpen { get; set; } = PipedSources<PipedReading>.DefaultMaxOpen;
        internal int PipedMaxSuspended { get; set; } = PipedSources<PipedReading>.DefaultMaxSuspended;
        internal int PipedMaxDropped { get; set; } = PipedSources<PipedReading>.DefaultMaxDropped;

        /// <summary>
        /// A file's reading. Suspended (more files interleaved than are read at once), its reader is kept whole, an unfinished
        /// event included, and goes on with the file's next line: the file is read, and said once, as -Path reads it. The
        /// unfinished events of every reading, open or suspended, are bounded all together (HeldEventChars); past the bound,
        /// or when the suspended file is dropped, its event is set aside (said, not read) and its lines skipped.
        /// </summary>
        private sealed class PipedReading : IPipedSource
        {
            private readonly AuditEventQuery _query;
            private readonly Func<AuditEventReader> _create;
            private AuditEventReader? _reader;

            public PipedReading(AuditEventQuery query, Func<AuditEventReader> create)
            {
                _query = query;
                _create = create;
            }

            public AuditEventReader Reader => _reader ??= _create();

            /// <summary>Suspended, not ended: its reader goes on with the file's next reading, nothing said yet.</summary>
            public bool Suspended { get; private set; }

            /// <summary>Dropped: what it read is carried in its remnant, said when the file's last reading ends.</summary>
            public bool Dropped { get; private set; }

            // What the file's dropped readings read before this one: the file is said once, with all its lines.
            private AuditReadSummary? _earlier;

            /// <summary>What this file's readings read so far, this one and those dropped before it.</summary>
            public AuditReadSummary Read => _earlier == null ? Reader.Summary : Add(_earlier, Reader.Summary);

            public long LineNumber => _reader?.LineNumber ?? 0;

            public void NotGiven(long count) => Reader.NotGiven(count);

            public void End() => Reader.Flush();

            public object? Suspend()
            {
                Suspended = true;
                var reader = Reader;
                reader.Trim();
                return new Carried(reader, _earlier);
            }

            public void Resume(object carried)
            {
                switch (carried)
                {
                    case Carried c:
                        _reader = c.Reader;
                        _earlier = c.Earlier;
                        break;
                    case SkipRemnant r:
                        if (r.Column >= 0) Reader.Skip(r.Column);
                        _earlier = r.Read;
                        break;
                }
            }

            public object? Drop(out bool said)
            {
                var reader = Reader;
                said = reader.HeldChars > 0;
                reader.SetAside("more piped files were interleaved than are read at once (" + _query.PipedMaxOpen +
                                ") or kept set aside (" + _query.PipedMaxSuspended + ")");
                Dropped = true;
                return new SkipRemnant(reader.SkipColumn, Read);
            }

            private static AuditReadSummary Add(AuditReadSummary a, AuditReadSummary b)
            {
                var first = a.Malformed > 0 ? a : b;
                var aside = a.SetAside > 0 ? a : b;
                return new AuditReadSummary
                {
                    Source = a.Source,
                    Lines = a.Lines + b.Lines,
                    McpEvents = a.McpEvents + b.McpEvents,
                    AppAuthConfigVerifyEvents = a.AppAuthConfigVerifyEvents + b.AppAuthConfigVerifyEvents,
                    Matched = a.Matched + b.Matched,
                    OtherEvents = a.OtherEvents + b.OtherEvents,
                    Malformed = a.Malformed + b.Malformed,
                    FirstMalformedLine = first.FirstMalformedLine,
                    FirstMalformedError = first.FirstMalformedError,
                    FirstMalformedColumn = first.FirstMalformedColumn,
                    FirstMalformedLineText = first.FirstMalformedLineText,
                    TruncatedAtLine = b.TruncatedAtLine,
                    SetAside = a.SetAside + b.SetAside,
                    FirstSetAsideLine = aside.FirstSetAsideLine,
                    SetAsideReason = aside.SetAsideReason,
                };
            }

            private sealed class Carried
            {
                public Carried(AuditEventReader reader, AuditReadSummary? earlier)
                {
                    Reader = reader;
                    Earlier = earlier;
                }

                public readonly AuditEventReader Reader;
                public readonly AuditReadSummary? Earlier;
            }

            // A dropped file: what it read (said once, when the file's last reading ends) and, its event set aside, the
            // column up to which its later lines are skipped (-1: none).
            private sealed class SkipRemnant
            {
                public SkipRemnant(int column, AuditReadSummary read)
                {
                    Column = column;
                    Read = read;
                }

                public readonly int Column;
                public readonly AuditReadSummary Read;
            }
        }

        // A piped reading left: suspended, it goes on with its file's next reading; ended, its lines and events are counted
        // and what the file read is said once, as for a file read by path.
        private void Left(PipedReading reading)
        {
            if (reading.Suspended || reading.Dropped) return;
            var s = reading.Read;
            _pipedLines += s.Lines;
            _pipedEvents += s.Events;
            Counted(s);
            Report(s);
        }

        public void Finish()
        {
            if (_pipedFiles.Count > 0)
            {
                var files = _pipedFiles.ToList();
                _pipedFiles.Clear();
                ReadFiles(files);
            }
            if (_piped != null)
            {
                _piped.End();
                foreach (var w in _setAside.Take()) Warning(w);
                if (_pipedEvents == 0) Warning("No MCP audit event (" + EventTypes + ") in the " + _pipedLines + " line(s) from the pipeline.");
            }
            else if (_filesRead > 0 && _sessionEvents + _verifyEvents == 0)
            {
                Warning("No MCP audit event (" + EventTypes + ") in " + _filesRead + " file(s). Read the Auth Service's audit log " +
                        "(<data_dir>/log/<auth server id>/*.log, or the audit_events_uri file:// folder), or the event handler's output.");
            }
            if (_sessionEvents + _verifyEvents > 0) ReportUnmatched(ReadText(_sessionEvents, _verifyEvents));
        }

        /// <summary>The event types this query reads, as its messages name them.</summary>
        public const string EventTypes = "mcp.session.* or app_auth_config.verify.*";

        private void Counted(AuditReadSummary s)
        {
            _sessionEvents += s.McpEvents;
            _verifyEvents += s.AppAuthConfigVerifyEvents;
        }

        /// <summary>What was read, each kind by its own count (a kind not read is not named): "18 MCP session event(s) and 2 app_auth_config verify event(s)".</summary>
        internal static string ReadText(long sessionEvents, long verifyEvents)
        {
            var parts = new List<string>(2);
            if (sessionEvents > 0 || verifyEvents == 0) parts.Add(sessionEvents.ToString(System.Globalization.CultureInfo.InvariantCulture) + " MCP session event(s)");
            if (verifyEvents > 0) parts.Add(verifyEvents.ToString(System.Globalization.CultureInfo.InvariantCulture) + " app_auth_config verify event(s)");
            return string.Join(" and ", parts);
        }

        /// <summary>
        /// A filter that left nothing says what was looked for: a -User, -App or -Tool value no written event matched is an
        /// error naming it (every criterion at once when nothing was written, since any of them may be why); a time window
        /// or -FailedOnly that left nothing, with no name given, is a warning (no failure in the window is an answer).
        /// </summary>
        private void ReportUnmatched(string read)
        {
            string among = " (among " + read + " read)";
            const string action = "Check the names and the time window (names are case-sensitive; * and ? are wildcards); the events the other values matched were written.";
            if (_written == 0)
            {
                var criteria = _filter.Criteria();
                if (criteria.Count == 0) return;
                string text = "No MCP audit event matches " + ListText.Join(", ", criteria) + among + ".";
                if (_userHit.Length + _appHit.Length + _toolHit.Length == 0) Warning(text);
                else Error(new TeleportNotFoundException(NoEventSelectedCode, text, null) { TargetObject = criteria.ToArray(), RecommendedAction = action });
                return;
            }
            var all = _filter.Criteria();
            foreach (var (parameter, values, hits) in new[] { ("-User", _filter.Users, _userHit), ("-App", _filter.Apps, _appHit), ("-Tool", _filter.Tools, _toolHit) })
                for (int i = 0; i < hits.Length; i++)
                {
                    if (hits[i]) continue;
                    // The other parameters' criteria narrowed what this value could match: they are named with it.
                    var with = all.Where(c => !c.StartsWith(parameter + " ", StringComparison.Ordinal)).ToList();
                    Error(new TeleportNotFoundException(NoEventSelectedCode, "No MCP audit event matches " + AuditEventFilter.Criterion(parameter, values![i]) +
                        (with.Count > 0 ? " together with " + ListText.Join(", ", with) : "") + among + ".", values[i]) { RecommendedAction = action });
                }
        }

        /// <summary>The error for an input's lines that are not JSON audit events (<see cref="AuditReadSummary.Malformed"/> &gt; 0): one, at the first of them.</summary>
        public static TeleportInputException MalformedLines(AuditReadSummary s)
        {
            if (s == null) throw new ArgumentNullException(nameof(s));
            return new TeleportInputException("MalformedAuditEvent",
                s.Malformed + " line(s) are not JSON audit events and were skipped; the first, line " + s.FirstMalformedLine + ": " + s.FirstMalformedError,
                new SourceLocation(s.Source, (int)Math.Min(int.MaxValue, s.FirstMalformedLine), s.FirstMalformedColumn))
            {
                LineText = s.FirstMalformedLineText,
                RecommendedAction = "Give the Auth Service's audit log (one JSON event per line) or the event handler's output; the other events were read.",
            };
        }

        /// <summary>One verbose line per input; malformed lines as one error with the first line number; a cut-off end as a warning.</summary>
        private void Report(AuditReadSummary s)
        {
            Verbose(s.Source + ": " + s.Lines + " line(s), " + ReadText(s.McpEvents, s.AppAuthConfigVerifyEvents) + ", " + s.Matched + " matched, " + s.OtherEvents + " other event(s) skipped.");
            if (s.Malformed > 0) Error(MalformedLines(s));
            if (s.TruncatedAtLine > 0)
                Warning(s.Source + ":" + s.TruncatedAtLine + ": the input ends inside this event (a log still being written?); it was skipped.");
            // Said once for all the files when the input ends (SetAsideFiles), each file here.
            if (s.SetAside > 0) Verbose(_setAside.Add(s));
        }

        private readonly SetAsideFiles _setAside = new SetAsideFiles();

        /// <summary>The warning for the events of one reading set aside (<see cref="HeldEventChars"/>): the first one's file and line, how many.</summary>
        internal static string SetAsideText(AuditReadSummary s) =>
            Output.OutputText.SafeName(s.Source) + ":" + s.FirstSetAsideLine + ": this event was not read" + (s.SetAside > 1 ? " (nor " + (s.SetAside - 1) + " more of this file)" : "") +
            ": " + s.SetAsideReason + "; its lines were skipped. Pipe the files one after another, or give them with -Path.";
    }
}
