using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>A log file that could not be read (missing, locked, denied, a corrupt .gz); the other files were read.</summary>
    public sealed class LogReadFailure
    {
        public LogReadFailure(string path, Exception error)
        {
            Path = path;
            Error = error;
        }

        public string Path { get; }
        public Exception Error { get; }
        public string Message => "cannot read the log: " + Error.Message;

        public TeleportInputException ToInputException() => new TeleportReadException("LogReadError", Message, Path, Error);
    }

    /// <summary>The one loop that scans log files, with one rule for files that cannot be read.</summary>
    public static class LogFiles
    {
        /// <summary>
        /// What a folder given as logs contributes: its log files at every level below it (a support bundle keeps one
        /// folder per host or service). Find-TeleportMcpError -Path and Invoke-TeleportMcpDiagnosis -LogPath read the same files.
        /// </summary>
        public static FileSystem.FolderRule Folders { get; } =
            new FileSystem.FolderRule("log files (.log, .jsonl, .json, .txt, .gz, rotated *.log.N)", readsSubfolders: true, "NoLogFiles", IsLogFile);

        /// <summary>The files a folder contributes to a log scan.</summary>
        public static bool IsLogFile(string path)
        {
            string name = System.IO.Path.GetFileName(path).ToLowerInvariant();
            return name.EndsWith(".log", StringComparison.Ordinal) || name.EndsWith(".jsonl", StringComparison.Ordinal) ||
                   name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".txt", StringComparison.Ordinal) ||
                   name.EndsWith(".gz", StringComparison.Ordinal) || name.Contains(".log.");
        }

        /// <summary>
        /// Scans the files in order. A file that cannot be read (<see cref="FileSystem.ReadFailure.Is"/>) is reported to
        /// <paramref name="failed"/> (LogReadError) and the scan goes on with the next one; any other exception is a fault,
        /// not the file's, and passes to the caller: the one rule of Find-TeleportMcpError and Invoke-TeleportMcpDiagnosis; findings go to <paramref name="emit"/> as they are found, each file read to
        /// <paramref name="fileDone"/> with its line count and whether a line held anything but white space (after
        /// <paramref name="auditDone"/>, with what its lines held as audit events). Returns the lines read.
        /// <paramref name="progress"/> gets (file, bytes read, file length) after each 64 KiB buffer; a cancelled token
        /// stops the scan within one buffer with an OperationCanceledException.
        /// </summary>
        public static long Scan(KnownErrorCatalog catalog, IEnumerable<string> files, Action<Finding> emit, Action<LogReadFailure> failed,
            CancellationToken cancel, Action<string, long, bool>? fileDone = null, Action<string, long, long>? progress = null, Action<string, AuditReadSummary>? auditDone = null)
        {
            long total = 0;
            foreach (var file in files)
            {
                if (cancel.IsCancellationRequested) break;
                var scan = new LogLines(catalog, file, emit);
                try
                {
                    LogFileReader.Scan(file, scan.Sink,
                        progress == null ? null : (Action<long, long>)((done, length) => progress(file, done, length)), cancel);
                }
                catch (Exception e) when (FileSystem.ReadFailure.Is(e))
                {
                    failed(new LogReadFailure(file, e));
                    continue;
                }
                total += scan.LineCount;
                auditDone?.Invoke(file, scan.AuditSummary);
                fileDone?.Invoke(file, scan.LineCount, scan.HasText);
            }
            return total;
        }

        /// <summary>
        /// The client log folders of this computer searched as one scan (Find-TeleportMcpError without -Path): each
        /// existing folder's MCP logs through <paramref name="scanFiles"/>, a line per folder for <paramref name="verbose"/>,
        /// and the warning naming every place searched when none exists (<see cref="ClientLogLocations.NoneFoundMessage"/>)
        /// or when the folders that exist hold no MCP log file (<see cref="ClientLogLocations.NoFilesMessage"/>).
        /// Returns the folders that exist.
        /// </summary>
        public static int ScanClientFolders(IHostPlatform platform, Action<List<string>> scanFiles, Action<string> verbose, Action<string> warning)
        {
            if (scanFiles == null) throw new ArgumentNullException(nameof(scanFiles));
            if (verbose == null) throw new ArgumentNullException(nameof(verbose));
            if (warning == null) throw new ArgumentNullException(nameof(warning));
            var folders = ClientLogLocations.Candidates(platform);
            int existing = 0, read = 0;
            var empty = new List<ClientLogFolder>();
            foreach (var f in folders)
            {
                if (!f.Exists)
                {
                    verbose("Not found: " + f.Client + " log folder " + f.Path + " (" + f.Note + ")");
                    continue;
                }
                existing++;
                var files = ClientLogLocations.Files(f);
                verbose("Searching " + f.Client + " log folder " + f.Path + " (" + f.Note + "): " + files.Files.Count + " MCP log file(s)");
                // Results that leave files out say so where a script sees it, not only in the verbose stream.
                if (files.Skipped > 0) warning(ClientLogLocations.SkippedMessage(f, files));
                if (files.Files.Count == 0)
                {
                    empty.Add(f);
                    continue;
                }
                read += files.Files.Count;
                scanFiles(files.Files);
            }
            // A folder that exists but holds no MCP log (a client installed, never run with logging) gave nothing to read:
            // no findings from it is not a clean result, so it is said as loudly as no folder at all.
            if (existing == 0) warning(ClientLogLocations.NoneFoundMessage(folders));
            else if (read == 0) warning(ClientLogLocations.NoFilesMessage(empty, folders));
            return existing;
        }
    }

    /// <summary>
    /// One source of lines (a file, or the lines piped in) through the one scan: known failures of the catalog, and failed
    /// MCP audit events among them (an audit log among the logs), each a finding as it is found.
    /// </summary>
    public sealed class LogLines : IPipedSource
    {
        private readonly LogScanner _scanner;

        public LogLines(KnownErrorCatalog catalog, string source, Action<Finding> emit)
            : this(catalog, source, emit, null)
        {
        }

        /// <summary>As above; <paramref name="held"/>: the budget the unfinished audit events of this and other readings share (piped files), or null.</summary>
        internal LogLines(KnownErrorCatalog catalog, string source, Action<Finding> emit, Audit.HeldEventChars? held)
            : this(catalog, source, emit, held, null)
        {
        }

        /// <summary>
        /// As above; <paramref name="timeouts"/>: the pattern timeouts an earlier reading of the same piped source took in
        /// this command (PipedLogLines), or null. A reading that does not go on from a suspended one (<see cref="GoesOn"/>)
        /// and inherits an entry turned off or a stopped input says so at its first line (KnownErrorCatalog.StillOff).
        /// </summary>
        internal LogLines(KnownErrorCatalog catalog, string source, Action<Finding> emit, Audit.HeldEventChars? held, KnownErrorCatalog.InputTimeouts? timeouts)
        {
            _catalog = catalog;
            _source = source;
            _stillOff = timeouts != null && KnownErrorCatalog.AnyOff(timeouts);
            _scanner = new LogScanner(catalog, source, emit, timeouts);
            Sink = Audit.AuditFindings.WithLogScanner(_scanner, source, emit, out _audit, out _auditReader);
            _auditReader.Held = held;
        }

        private readonly AuditReadSummary _audit;
        private readonly Audit.AuditEventReader _auditReader;
        private readonly KnownErrorCatalog _catalog;
        private readonly string _source;
        // A new reading of a source whose earlier reading in this command turned entries off: said at its first line.
        private bool _stillOff;

        /// <summary>The pattern timeouts this source took (counted per source for a command: PipedLogLines).</summary>
        internal KnownErrorCatalog.InputTimeouts Timeouts => _scanner.Timeouts;

        /// <summary>What the lines held as audit events: MCP events, other events, lines that are not events.</summary>
        public AuditReadSummary AuditSummary => _audit;

        /// <summary>Where a reader feeds the lines (<see cref="LogFileReader"/>).</summary>
        public ILineSink Sink { get; }

        /// <summary>Lines seen so far.</summary>
        public long LineCount => _scanner.LineCount;

        /// <summary>Whether a line held anything to examine: text (<see cref="LogScanner.HasText"/>) or an MCP audit event.</summary>
        public bool HasText => _scanner.HasText || _audit.Events > 0;

        /// <summary>A wait reported when the file was dropped ended at a later line (LogScanner.Withdrawn): its id, its line, that line.</summary>
        internal Action<string?, long, long>? Withdrawn
        {
            set => _scanner.Withdrawn = value;
        }

        /// <summary>A wait reported when the file was dropped went on to the file's end (LogScanner.WentOn): its id, line, count, the records after it, the last one's line.</summary>
        internal Action<string?, long, int, int, long>? WentOn
        {
            set => _scanner.WentOn = value;
        }

        /// <summary>One piped string: a multi-line one (Get-Content -Raw, a here-string) one line at a time.</summary>
        public void FeedText(string? text)
        {
            if (_stillOff)
            {
                _stillOff = false;
                _catalog.StillOff(_scanner.Timeouts, _source, _scanner.LineNumber + 1);
            }
            foreach (var line in TextLines.Of(text))
            {
                var buf = line.ToCharArray();
                Sink.FeedLine(buf, 0, buf.Length);
            }
        }

        /// <summary>The end of the lines: a record still open is matched.</summary>
        public void Flush() => Sink.Flush();

        void IPipedSource.End() => Flush();

        object? IPipedSource.Suspend()
        {
            _auditReader.Flush();
            return _scanner.Suspend();
        }

        void IPipedSource.Resume(object carried) => _scanner.Resume((LogScanner.Carried)carried);

        /// <summary>This reading goes on from a suspended one of the file (PipedSources.Continued): what that reading's timeouts turned off was said for the lines after it.</summary>
        internal void GoesOn() => _stillOff = false;

        /// <summary>The source's name (a file, or "pipeline").</summary>
        internal string Source => _source;

        object? IPipedSource.Drop(out bool said)
        {
            var remnant = _scanner.Drop();
            said = remnant != null;
            return remnant;
        }

        /// <summary>The source's number of the last line seen (lines not given counted).</summary>
        public long LineNumber => _scanner.LineNumber;

        /// <summary>The source's lines before the next one that were not given (a filtered Get-Content): findings keep the source's line numbers.</summary>
        public void NotGiven(long count)
        {
            _scanner.NotGiven(count);
            _auditReader.NotGiven(count);
        }
    }

    /// <summary>
    /// Lines piped in from several sources in one stream (Get-Content a.log, b.log; Get-ChildItem | Get-Content): each
    /// source file is its own input, as if read by path (<see cref="PipedSources{T}"/>), so a record, a relayed chunk or a
    /// pending wait of one file never joins or closes another's, and its findings name that file and its line. A line
    /// whose source is not known is read with the other such lines as one stream named "pipeline", as before.
    /// </summary>
    public sealed class PipedLogLines
    {
        /// <summary>Files read at once, at most: a file past them suspends the one fed longest ago (its wait kept for its later lines).</summary>
        public const int DefaultMaxOpen = PipedSources<LogLines>.DefaultMaxOpen;

        private readonly PipedSources<LogLines> _sources;
        private long _leftLines;
        // Each piped source's pattern timeouts once a reading of it that took one has left (ordinal, as PipedSources keys files).
        private readonly Dictionary<string, KnownErrorCatalog.InputTimeouts> _timeouts = new Dictionary<string, KnownErrorCatalog.InputTimeouts>(StringComparer.Ordinal);

        public PipedLogLines(KnownErrorCatalog catalog, Action<Finding> emit, int maxOpen = DefaultMaxOpen)
            : this(catalog, emit, maxOpen, PipedSources<LogLines>.DefaultMaxSuspended)
        {
        }

        internal PipedLogLines(KnownErrorCatalog catalog, Action<Finding> emit, int maxOpen, int maxSuspended, int maxDropped = PipedSources<LogLines>.DefaultMaxDropped)
        {
            if (catalog == null) throw new ArgumentNullException(nameof(catalog));
            if (emit == null) throw new ArgumentNullException(nameof(emit));
            // Each reading read at once holds an audit reader, whose unfinished event may reach AuditEventMaxChars (16 Mi): one
            // budget for all of them, as Get-TeleportMcpAuditEvent's piped files (suspended readings hold none: Suspend ends it).
            var limits = Common.Limits.Current;
            var held = new Audit.HeldEventChars(limits.PipedHeldEventChars, "the unfinished audit events of the piped files read at once (up to " + maxOpen +
                                                ") reached " + limits.Describe(nameof(Common.Limits.PipedHeldEventChars)));
            // Pattern timeouts count per source for the command (the caps: KnownErrorCatalog.ScanTimeoutCap), across its readings:
            // a file suspended and resumed (more files interleaved than are read at once), or given again, goes on with the
            // count its earlier reading left (helper-338; before, each reading started at 0, so one hostile file cost 16 s a reading).
            _sources = new PipedSources<LogLines>(source => new LogLines(catalog, source, emit, held, _timeouts.TryGetValue(source, out var taken) ? taken : null)
                {
                    Withdrawn = (id, reported, line) => Warning?.Invoke(PipedSourcesText.Withdrawn(source, id, reported, line, maxOpen, maxSuspended)),
                    WentOn = (id, reported, count, more, line) => Warning?.Invoke(PipedSourcesText.WentOn(source, id, reported, count, more, line, maxOpen, maxSuspended)),
                }, l =>
                {
                    _leftLines += l.LineCount;
                    // Kept only for a source that took a timeout: each costs 2 s, so the sources kept are bounded by the time spent.
                    if (System.Threading.Volatile.Read(ref l.Timeouts.Taken) > 0) _timeouts[l.Source] = l.Timeouts;
                    // A failed MCP event set aside is a finding not looked for: said, never silent.
                    // Said once for all the files at the end (SetAsideFiles), each file on the verbose stream.
                    if (l.AuditSummary.SetAside > 0)
                    {
                        var text = _setAside.Add(l.AuditSummary);
                        Verbose?.Invoke(text);
                    }
                },
                Common.SourceLocation.Pipeline, maxOpen, maxSuspended, maxDropped);
            _sources.Continued = l => l.GoesOn();
            _sources.Dropping = (file, line) => Warning?.Invoke(PipedSourcesText.Dropping(file, line, maxOpen, maxSuspended));
            _sources.Forgotten = (file, line) => Warning?.Invoke(PipedSourcesText.Forgotten(file, line, maxOpen, maxSuspended, maxDropped));
        }

        /// <summary>
        /// Said once each: the first wait reported before its file's later lines were read, the first file forgotten (past
        /// every bound); and for each such wait a later line of its file ended, that its finding does not hold.
        /// </summary>
        public Action<string>? Warning { get; set; }

        /// <summary>Each piped file whose audit events were set aside, its own line (the warning names the first few).</summary>
        public Action<string>? Verbose { get; set; }

        private readonly Audit.SetAsideFiles _setAside = new Audit.SetAsideFiles();

        /// <summary>Lines read from every source.</summary>
        public long LineCount
        {
            get
            {
                long n = _leftLines;
                foreach (var l in _sources.Readings) n += l.LineCount;
                return n;
            }
        }

        /// <summary>
        /// One piped string. <paramref name="file"/>: the file it was read from (null when not known);
        /// <paramref name="lineNumber"/>: its line number there (Get-Content's ReadCount; 0 when not known). A line
        /// numbered at or before the last one given of that file starts a new reading of it (the file given twice).
        /// </summary>
        public void Feed(string? text, string? file, long lineNumber) => Feed(text, file, lineNumber, false);

        /// <summary>As above; <paramref name="newRead"/>: the line is known to start a read of its own (PipedBlocks.Line), whatever its number.</summary>
        public void Feed(string? text, string? file, long lineNumber, bool newRead) => _sources.For(file, lineNumber, newRead).FeedText(text);

        /// <summary>The end of the lines: each source's open record and state is matched, in the order the sources came.</summary>
        public void Flush()
        {
            _sources.End();
            foreach (var w in _setAside.Take()) Warning?.Invoke(w);
        }
    }
}
