using System;
using System.Collections.Generic;
using System.Text;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Platform;
using System.Text.RegularExpressions;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>
    /// Turns lines into findings, one line at a time, in constant memory. Lines are grouped into records: a stamped
    /// line (any known format) plus the unstamped lines after it (ERROR REPORT blocks, server stderr in Claude
    /// Desktop logs). A record is matched against the catalog only when the combined prefilter saw one of the
    /// catalog's fragments in it; then the regexes run on the whole record.
    /// </summary>
    public sealed partial class LogScanner : ILongLineSink
    {
        /// <summary>Unstamped lines kept with one record; later ones become records of their own.</summary>
        public const int MaxContinuationLines = 500;
        private const int MaxRecordChars = 1 << 20;
        private const int ContextWindow = 200;
        // A finding that names its app is the context only of the generic WARN written right after it, by the same call
        // (the corpus has at most two lines and a few milliseconds between them); an unrelated WARN further on or later
        // would take another app's name.
        private const int FindingContextWindow = 3;
        private static readonly TimeSpan FindingContextTime = TimeSpan.FromMilliseconds(500);
        // A failure one call chain logs twice (an entry's repeats) has its two lines written back to back by one goroutine;
        // other sessions' lines may fall between them, a few, not a screenful.
        private const int RepeatWindow = 50;

        // Lines that carry the app, command and user of a stdio session (lib/srv/mcp/stdio.go S2; Claude Desktop 2026).
        private const string ToolCallFragment = "\"method\":\"tools/call\"";
        private static readonly string[] ContextFragments = { "Preparing command to execute", "Using MCP server command:", "Started handling stdio to SSE session", ToolCallFragment };
        private static readonly Regex ToolCall = new Regex("\"method\":\"tools/call\",\"params\":\\{\"name\":\"(?<tool>[^\"\\\\]+)\"[^\\n]*?\"id\":(?<id>\\d+)", RegexOptions.CultureInvariant);
        private static readonly Regex ResponseId = new Regex("\"id\":(?<id>\\d+)", RegexOptions.CultureInvariant);
        private static readonly Regex ClaudeCommand = new Regex(@"Using MCP server command: (?<c>\S+)", RegexOptions.CultureInvariant);
        // {name} in prose, {sh:name} and {ps:name} in a word of a POSIX sh or a PowerShell command (the catalog's header).
        internal static readonly Regex Placeholder = new Regex(@"\{(?:(?<shell>sh|ps|psname):)?(?<n>[A-Za-z_][A-Za-z0-9_]*)(?:\|(?<or>[^{}|]{1,200}))?\}", RegexOptions.CultureInvariant);

        private readonly KnownErrorCatalog _catalog;
        // This input's pattern timeouts: the caps count per input, not per catalog (KnownErrorCatalog.InputTimeouts).
        private readonly KnownErrorCatalog.InputTimeouts _timeouts;

        /// <summary>The pattern timeouts this input took (shared by every reading of one piped source, PipedLogLines).</summary>
        internal KnownErrorCatalog.InputTimeouts Timeouts => _timeouts;
        private readonly Prefilter _prefilter;
        private readonly string _source;
        private readonly string? _pathServer;
        // Cursor's log: a server's stderr chunk shares its prefix with Cursor's own lines (LogLineFormat.RelayedStderr).
        private readonly bool _cursor;
        private readonly Action<Finding> _emit;
        private readonly bool[] _hit;
        private readonly List<int> _hits = new List<int>();
        private readonly Action<int> _onHit;
        // Ids some entry lists under repeats, and the latest such finding, held until the record that repeats it (or not).
        private readonly HashSet<string> _repeated = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private Finding? _held;
        private string? _heldError;
        // The open state of a pending entry (KnownError.Pending): its finding, the values its texts are filled with, how
        // many records kept it open and the latest of them; _pendingSeen: the record being completed matched it.
        private Finding? _pending;
        private KnownError? _pendingEntry;
        private Dictionary<string, string?>? _pendingValues;
        private int _pendingCount;
        private string? _pendingLast;
        // The latest record as shown, when a suspended reading carried it (Carried): the record itself is not kept.
        private string? _pendingLastShown;
        private DateTime? _pendingLastTime;
        private bool _pendingSeen;

        // The open record.
        private char[] _head = new char[1024];

        // The head kept between records: Teleport's own lines stop at 64 KiB.
        private const int KeptHeadChars = 64 * 1024;

        /// <summary>Characters the record head's buffer holds now (tests: given back after a long record).</summary>
        internal int HeadBufferChars => _head.Length;
        private int _headLength;
        private LineKind _headKind;
        private long _headLine;
        private bool _open;
        private readonly StringBuilder _cont = new StringBuilder();
        private int _contLines;
        private bool _contFull;
        // Inside a trace error's ERROR REPORT block of a Teleport text record: its lines are read unescaped.
        private bool _inReport;
        // A record read from a line the client relayed from its server's stderr: that line's stamp and server name.
        private readonly char[] _headStamp = new char[40];
        private int _headStampLength;
        private string? _headServer;
        // The client entry the server name stands for (Cursor's label names one only in some shapes, LogLineFormat.CursorEntry).
        private string? _headEntry;
        private bool _headRelayed;
        // The open record is a VS Code line that answers none of its requests (LogLineFormat.AnswersNothing): it leaves a wait open.
        private bool _headUnread;
        private char[] _unescaped = new char[256];

        // Sticky context from the latest "Preparing command to execute" line.
        private string? _ctxApp, _ctxUser, _ctxCommand, _ctxHead;
        private string? _lastToolCall;
        private long _lastToolCallLine;
        private readonly int _toolCallIndex;
        private LineKind _ctxKind;
        private bool _ctxParsed;
        private long _ctxLine = -1; // -1: no context
        private int _ctxWindow = ContextWindow;
        private DateTime? _ctxTime;

        public LogScanner(KnownErrorCatalog catalog, string source, Action<Finding> emit)
            : this(catalog, source, emit, null)
        {
        }

        /// <summary>
        /// As above; <paramref name="timeouts"/>: the pattern timeouts this source already took in an earlier reading of it
        /// (a piped file read in several goes, PipedLogLines), so the caps count per source for the command; null: a new input.
        /// </summary>
        internal LogScanner(KnownErrorCatalog catalog, string source, Action<Finding> emit, KnownErrorCatalog.InputTimeouts? timeouts)
        {
            _catalog = catalog;
            _timeouts = timeouts ?? catalog.NewInput();
            _source = source ?? Common.SourceLocation.Pipeline;
            _pathServer = LogLineFormat.ServerFromPath(source);
            _cursor = LogLineFormat.IsCursorLog(source);
            _emit = emit;
            // Fragment -> owner: an entry index, or entry count + context index.
            var fragments = new List<string>();
            var owners = new List<int>();
            for (int i = 0; i < catalog.Entries.Count; i++)
            {
                foreach (var f in catalog.Entries[i].Prefilters)
                {
                    fragments.Add(f);
                    owners.Add(i);
                }
            }
            for (int k = 0; k < ContextFragments.Length; k++)
            {
                fragments.Add(ContextFragments[k]);
                owners.Add(catalog.Entries.Count + k);
            }
            foreach (var e in catalog.Entries)
                foreach (var r in e.Repeats) _repeated.Add(r);
            _prefilter = new Prefilter(fragments);
            _hit = new bool[catalog.Entries.Count + ContextFragments.Length];
            _toolCallIndex = _hit.Length - 1;
            var owner = owners.ToArray();
            _onHit = fragment =>
            {
                int i = owner[fragment];
                if (_hit[i]) return;
                _hit[i] = true;
                _hits.Add(i);
            };
        }

        /// <summary>Lines seen so far.</summary>
        public long LineCount { get; private set; }

        /// <summary>
        /// Whether a line seen so far holds a character that can be read (<see cref="AnyText"/>): NUL padding, blank lines,
        /// lines of spaces, of byte order marks, zero-width or control characters, or of ANSI colour codes only hold nothing
        /// to examine: a file of such lines was read but examined nothing, as an empty file.
        /// </summary>
        public bool HasText { get; private set; }

        /// <summary>
        /// Whether [start, start+length) holds a character that is not white space, not a control character (NUL, SUB 0x1A,
        /// ESC, C1), not of Unicode category Format (U+FEFF byte order mark, U+200B zero-width space, U+200E marks, …), and not
        /// part of an escape sequence, 7-bit or 8-bit (<see cref="EscapeSequences"/>: "\u009b31m" is no text, as "ESC [31m").
        /// </summary>
        internal static bool AnyText(char[] buf, int start, int length)
        {
            int end = start + length;
            for (int i = start; i < end; i++)
            {
                char c = buf[i];
                if (EscapeSequences.IsIntroducer(c))
                {
                    i = EscapeSequences.SequenceEnd(buf, i, end) - 1;
                    continue;
                }
                if (char.IsWhiteSpace(c) || char.IsControl(c) ||
                    char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format) continue;
                return true;
            }
            return false;
        }

        // Lines of the source that were not given (a filtered Get-Content): the next line's number is LineCount + 1 + this.
        private long _notGiven;

        /// <summary>The source's lines before the next one that were not given: line numbers stay the source's.</summary>
        public void NotGiven(long count) => _notGiven += Math.Max(0, count);

        /// <summary>The source's number of the last line seen (lines not given counted).</summary>
        public long LineNumber => LineCount + _notGiven;

        private Finding NewFinding(KnownError entry, string family, long line) => new Finding
        {
            Id = entry.Id,
            Severity = entry.Severity,
            Title = entry.Title,
            HelpUri = entry.Doc,
            Source = _source,
            LogFormat = family,
            LineNumber = line,
        };

        // Client logs name the client's server entry (teleport-mcp-APP); Teleport logs name the app.
        private static string? AppNamed(string family, string? app) =>
            family == LogSources.Teleport || family == LogSources.Tsh || family == LogSources.Plain ? app : LogLineFormat.AppFromServer(app);

        /// <summary>Findings emitted so far.</summary>
        public long FindingCount { get; private set; }

        public void FeedLine(string line)
        {
            if (line == null) return;
            var buf = line.ToCharArray();
            FeedLine(buf, 0, buf.Length);
        }

        /// <summary>One line, without its line break (a trailing '\r' is dropped here).</summary>
        public void FeedLine(char[] buf, int start, int length)
        {
            LineCount++;
            if (length > 0 && buf[start + length - 1] == '\r') length--;
            // The padding a crash or copytruncate left before the line (LogFileReader.PaddingRunBytes) is not part of it.
            while (length > 0 && buf[start] == '\0')
            {
                start++;
                length--;
            }
            if (!HasText && length > 0) HasText = AnyText(buf, start, length);
            // The empty line a relayed chunk's own line break leaves in Cursor's log is not the server's: a cause a tab deeper
            // in the next chunk still joins its error.
            if (length == 0 && _cursor && _open && _headRelayed) return;
            var kind = LogLineFormat.Classify(buf, start, length, out int body);
            int end = start + length;
            int stamp = body, relayText = 0, server = 0, serverLength = 0;
            bool relayed = (kind == LineKind.EditorOutput || kind == LineKind.ClaudeCodeDebug) &&
                           LogLineFormat.RelayedStderr(kind, buf, body, end, _cursor, out relayText, out server, out serverLength);
            // Cursor's "<label>: " (its other lines of a server name none): the label stands for an entry only in some shapes.
            bool labeled = relayed && _cursor && kind == LineKind.EditorOutput && serverLength >= 0;
            if (relayed)
            {
                // A line of the server's stderr that the client relays is read as the server wrote it: tsh's ERROR: line (or
                // its log line) heads a tsh record, and a plain line joins the relayed record of the same server before it,
                // so tsh's causes a tab deeper are read with their error.
                var inner = LogLineFormat.Classify(buf, relayText, end - relayText, out int innerBody);
                if (inner == LineKind.Continuation)
                {
                    innerBody = relayText;
                    if (DebugReportText.IsHeader(buf, relayText, end - relayText)) inner = LineKind.TshError;
                }
                bool joins = _open && !_contFull && _headRelayed && IsHeadServer(buf, server, serverLength);
                // Cursor's own lines share the relayed chunk's "<label>: " prefix: only a text tsh writes (its line, or a
                // cause a tab deeper under it) is the server's; any other is Cursor's line, read whole as before.
                if (kind == LineKind.EditorOutput && serverLength >= 0 && inner == LineKind.Continuation &&
                    !(joins && relayText < end && buf[relayText] == '\t'))
                    relayed = false;
                else
                {
                    body = innerBody;
                    if (inner != LineKind.Continuation) kind = inner;
                    else if (joins) kind = inner;
                    // else a record of its own, of the relaying client, read from the relayed text
                }
            }
            bool attach = kind == LineKind.Continuation && _open && !_contFull && _headKind != LineKind.Continuation;
            if (attach)
            {
                if (_contLines >= MaxContinuationLines || _cont.Length + length > MaxRecordChars)
                {
                    _contFull = true;
                    attach = false;
                }
            }
            if (attach)
            {
                char[] text = buf;
                int from = body, len = length - (body - start);
                if (_inReport)
                {
                    // Matched, prefiltered and shown as the error reads (exec: "npx": ...), not as html/template wrote it.
                    int m = DebugReportText.Unescape(buf, body, len, ref _unescaped);
                    if (m >= 0)
                    {
                        text = _unescaped;
                        from = 0;
                        len = m;
                    }
                }
                else if (_contLines == 0 && (_headKind == LineKind.TeleportText || _headKind == LineKind.TeleportTextNoTime) &&
                         DebugReportText.IsHeader(buf, body, len))
                {
                    _inReport = true;
                }
                _cont.Append('\n').Append(text, from, len);
                _contLines++;
                ScanText(text, from, len);
                return;
            }
            Complete();
            // A new record.
            int n = length - (body - start);
            // tsh's fatal error with debug logging on (lib/utils/cli.go FatalError -> trace.DebugReport) is a bare ERROR REPORT
            // block on tsh's stderr: its header heads a tsh record, so the Original Error and User Message lines below it
            // are read with it. The same header inside an open record (a Teleport text line's error:[) attached above.
            if (kind == LineKind.Continuation && DebugReportText.IsHeader(buf, body, n)) kind = LineKind.TshError;
            if (_head.Length < n) _head = new char[Math.Max(n, _head.Length * 2)];
            // A long record's head (a piped line is whole: hundreds of Mi characters) is given back by the next record that
            // fits in KeptHeadChars, not held for the rest of the reading.
            else if (_head.Length > KeptHeadChars && n <= KeptHeadChars) _head = new char[KeptHeadChars];
            Array.Copy(buf, body, _head, 0, n);
            _headLength = n;
            _headKind = kind;
            _headStampLength = 0;
            _headServer = _headEntry = null;
            _headRelayed = relayed;
            // Read only while a state is open: a message line of VS Code's can be as long as the message, and nothing else asks.
            _headUnread = _pending != null && !relayed && kind == LineKind.EditorOutput && LogLineFormat.AnswersNothing(buf, body, end);
            if (relayed)
            {
                // The relaying line's stamp and server name, which the relayed text does not carry.
                int st = stamp;
                while (st < end && st - stamp < _headStamp.Length && buf[st] != '[' && !(buf[st] == ' ' && st + 1 < end && buf[st + 1] == '[')) st++;
                if (st > stamp && st - stamp < _headStamp.Length && char.IsDigit(buf[stamp]))
                {
                    Array.Copy(buf, stamp, _headStamp, 0, st - stamp);
                    _headStampLength = st - stamp;
                }
                if (serverLength >= 0)
                {
                    _headServer = new string(buf, server, serverLength);
                    _headEntry = labeled ? LogLineFormat.CursorEntry(_headServer) : _headServer;
                }
            }
            _headLine = LineCount + _notGiven;
            _open = true;
            ScanText(buf, body, n);
            // A JSON line, or a Teleport text line that opens no multi-line value ("error:[" + ERROR REPORT), has no
            // continuation: report it now, so a live pipeline (journalctl -f) shows it without waiting for the next line.
            if (_hits.Count > 0 && n > 0 && (kind == LineKind.Json ||
                ((kind == LineKind.TeleportText || kind == LineKind.TeleportTextNoTime) && _head[n - 1] != '[')))
                Complete();
        }

        // The prefilter over a line's text as written and, when it holds an escape sequence, as Evaluate matches it (the
        // sequences removed): a known error's text a code splits ("denied to \x1b[1mapplication") is found as in a window of a long line.
        private void ScanText(char[] text, int from, int length)
        {
            _prefilter.Scan(text, from, length, _onHit);
            if (!EscapeSequences.Any(text, from, length)) return;
            // Removed into a kept buffer (up to 64 Ki characters; a longer line's copy is not kept), without a string or a regex.
            var plain = length <= KeptPlainChars ? (_plain.Length >= length ? _plain : _plain = new char[Math.Min(KeptPlainChars, Math.Max(length, _plain.Length * 2))]) : new char[length];
            int n = EscapeSequences.Remove(text, from, length, plain);
            _prefilter.Scan(plain, 0, n, _onHit);
        }

        private const int KeptPlainChars = 64 * 1024;
        private char[] _plain = new char[256];

        // A relayed line joins a record relayed before it by a line of the same kind: one that names no server (VS Code
        // writes one file per server) a record whose line named none, a named one (Claude Code's debug file holds every
        // server) only a record of the same name, an empty name included.
        private bool IsHeadServer(char[] buf, int server, int length)
        {
            if (length < 0) return _headServer == null;
            if (_headServer == null || _headServer.Length != length) return false;
            for (int i = 0; i < length; i++)
                if (_headServer[i] != buf[server + i]) return false;
            return true;
        }

        /// <summary>Completes the open record (end of input, or a pause in pipeline input).</summary>
        public void Flush()
        {
            Complete();
            ReleaseHeld();
            ReportPending();
            // The catalog's patterns let go of the long texts they last ran on (KnownErrorCatalog.ReleaseTexts).
            _catalog.ReleaseTexts();
        }

        /// <summary>A pending state taken out of a suspended reading (<see cref="Suspend"/>), for the file's next reading.</summary>
        internal sealed class Carried
        {
            internal Carried(Finding finding, KnownError entry, Dictionary<string, string?> values, int count, string? lastShown, DateTime? lastTime)
            {
                Finding = finding;
                Entry = entry;
                Values = values;
                Count = count;
                LastShown = lastShown;
                LastTime = lastTime;
            }

            /// <summary>
            /// The remnant of a wait already reported (<see cref="Drop"/>) at <paramref name="line"/> with
            /// <paramref name="reportedCount"/> records: its later lines are not a second finding, but are counted
            /// (<paramref name="more"/>, the last at <paramref name="moreLine"/>), for <see cref="WentOn"/>.
            /// </summary>
            internal Carried(KnownError entry, long line, int reportedCount, int more, long moreLine)
                : this(Reported, entry, null!, more, null, null)
            {
                ReportedLine = line;
                ReportedCount = reportedCount;
                MoreLine = moreLine;
            }

            internal readonly long ReportedLine, MoreLine;
            internal readonly int ReportedCount;

            internal readonly Finding Finding;
            internal readonly KnownError Entry;
            internal readonly Dictionary<string, string?> Values;
            internal readonly int Count;
            internal readonly string? LastShown;
            internal readonly DateTime? LastTime;
        }

        /// <summary>
        /// The reading stops before its source's end (more files piped at once than are read at once): the open record is
        /// matched and a held finding sent, as at the end, but a pending state (a wait) is not reported: the source's later
        /// lines may still continue or close it. It is returned, without the records it was read from, or null.
        /// </summary>
        internal Carried? Suspend()
        {
            Complete();
            ReleaseHeld();
            if (_pending == null) return null;
            if (ReferenceEquals(_pending, Reported))
            {
                _pending = null;
                return new Carried(_pendingEntry!, _reportedLine, _reportedCount, _pendingCount, _moreLine);
            }
            var carried = new Carried(_pending, _pendingEntry!, _pendingValues!, _pendingCount, PendingLastShown(), _pendingLastTime);
            _pending = null;
            return carried;
        }

        /// <summary>A new reading of the source, nothing fed yet, goes on with the state an earlier reading's <see cref="Suspend"/> returned.</summary>
        internal void Resume(Carried carried)
        {
            if (carried == null) throw new ArgumentNullException(nameof(carried));
            _pending = carried.Finding;
            _pendingEntry = carried.Entry;
            _pendingValues = carried.Values;
            _pendingCount = carried.Count;
            _pendingLast = null;
            _pendingLastShown = carried.LastShown;
            _pendingLastTime = carried.LastTime;
            _reportedLine = carried.ReportedLine;
            _reportedCount = carried.ReportedCount;
            _moreLine = carried.MoreLine;
        }

        // The line of the wait reported when its source was dropped (Reported) and the records it counted then, for Withdrawn
        // and WentOn; the line of the last record of it after that (its count is _pendingCount).
        private long _reportedLine, _moreLine;
        private int _reportedCount;

        /// <summary>
        /// A wait reported before its source's later lines were read (<see cref="Drop"/>) went on in them and ended with the
        /// source (not answered): read whole, it counts more records than the finding written says, which cannot be taken
        /// back. Given the entry's id, the finding's line and count, the records after it and the last one's line.
        /// </summary>
        internal Action<string?, long, int, int, long>? WentOn { get; set; }

        /// <summary>
        /// A wait reported before its source's later lines were read (<see cref="Drop"/>) ended at a later record of the source:
        /// read whole, the source has no such finding. Given the entry's id, the finding's line and the line of the record
        /// that ended it. A finding written cannot be taken back: whoever reads the source says so.
        /// </summary>
        internal Action<string?, long, long>? Withdrawn { get; set; }

        // The open state ends at a record of the source that is not its own (a wait is answered).
        private void EndPending()
        {
            if (ReferenceEquals(_pending, Reported)) Withdrawn?.Invoke(_pendingEntry!.Id, _reportedLine, _headLine);
            _pending = null;
        }

        // The pending state of a wait reported before the source's later lines were read (Drop): those lines continue it
        // (no second finding) or answer it, as any wait.
        private static readonly Finding Reported = new Finding();

        /// <summary>
        /// A resumed state that is no longer kept (more files suspended than are remembered): a wait is reported now, with
        /// what it counted so far, and a remnant naming its entry is returned, so that the source's later lines of the same
        /// wait do not report it again. Null when nothing is pending.
        /// </summary>
        internal Carried? Drop()
        {
            if (_pending == null) return null;
            var entry = _pendingEntry!;
            if (ReferenceEquals(_pending, Reported))
            {
                // Dropped again: what it counted since goes on with it.
                _pending = null;
                return new Carried(entry, _reportedLine, _reportedCount, _pendingCount, _moreLine);
            }
            long line = _pending.LineNumber;
            int count = _pendingCount;
            ReportPending();
            return new Carried(entry, line, count, 0, 0);
        }

        private string? PendingLastShown() => _pendingLast != null ? Redactor.RedactWindow(_pendingLast, 0, 500, 0) : _pendingLastShown;

        private void Complete()
        {
            if (_held != null && _headLine - _held.LineNumber > RepeatWindow) ReleaseHeld();
            if (!_open) return;
            _open = false;
            _pendingSeen = false;
            if (_longHead != null && _hits.Count > 0) _longHead.AnyHit = true;
            if (_hits.Count == 0 && _cont.Length == 0 && _contLines == 0 && !_contFull && _longTail == null)
            {
                if (_pending != null && !_headRelayed && !_headUnread) EndPending();
                return;
            }
            try
            {
                if (_longTail != null) CompleteTail();
                else if (_hits.Count > 0) Evaluate();
            }
            finally
            {
                // A state ends with any record after it but its own again and what the client relays of the server's output
                // (its stderr, a stdout line the client could not read as a message).
                if (_pending != null && !_pendingSeen && !_headRelayed && !_headUnread) EndPending();
                for (int i = 0; i < _hits.Count; i++) _hit[_hits[i]] = false;
                _hits.Clear();
                _cont.Length = 0;
                if (_cont.Capacity > 4 * MaxRecordChars) _cont.Capacity = 1024;
                _contLines = 0;
                _contFull = false;
                _inReport = false;
            }
        }

        private void Evaluate()
        {
            string head = new string(_head, 0, _headLength);
            string rawHead = head;
            head = EscapeSequences.Remove(head);
            int entryCount = _catalog.Entries.Count;
            bool onlyContext = true, sessionContext = false;
            foreach (int i in _hits)
            {
                onlyContext &= i >= entryCount;
                sessionContext |= i >= entryCount && i != _toolCallIndex;
            }
            if (_hit[_toolCallIndex])
            {
                // The client's tools/call request: the denial that answers it names only the request id.
                _lastToolCall = head;
                _lastToolCallLine = _headLine;
            }
            if (onlyContext)
            {
                if (!sessionContext) return;
                KeepAsContext(head);
                return;
            }
            string cont = _cont.Length > 0 ? _cont.ToString() : "";
            string rawCont = cont;
            cont = EscapeSequences.Remove(cont);
            string record = cont.Length > 0 ? head + cont : head;
            // The record as Teleport's colour codes aside leave it: where it differs, a match's values come from it.
            string? named = null;
            if (_longHead == null && (!ReferenceEquals(rawHead, head) || !ReferenceEquals(rawCont, cont)))
            {
                string coloured = EscapeSequences.RemoveColour(rawCont.Length > 0 ? rawHead + rawCont : rawHead);
                if (!string.Equals(coloured, record, StringComparison.Ordinal)) named = coloured;
            }
            string family = LogLineFormat.SourceOf(_headKind, head, _source);

            bool context = sessionContext;
            var matched = new List<KeyValuePair<KnownError, Match>>();
            // The pattern timeouts this record cost (a long line's start: its line's, which its windows go on counting), and
            // the entries not run on it once KnownErrorCatalog.LineTimeoutCap of them were reached.
            var timeoutIds = _longHead != null ? _longHead.TimeoutIds : null;
            List<KnownError>? notRun = null;
            Dictionary<KnownError, Match>? namedMatches = null;
            foreach (int i in _hits)
            {
                if (i >= entryCount) continue;
                var entry = _catalog.Entries[i];
                if (entry.Match == null || !entry.AppliesTo(family) || KnownErrorCatalog.IsTurnedOff(_timeouts, i)) continue;
                if (timeoutIds != null && timeoutIds.Count >= KnownErrorCatalog.LineTimeoutCap)
                {
                    if (_longHead != null) _longHead.NotRun.Add(i);
                    else (notRun ??= new List<KnownError>()).Add(entry);
                    continue;
                }
                Match m;
                try
                {
                    m = _catalog.Run(i, record);
                }
                catch (RegexMatchTimeoutException)
                {
                    (timeoutIds ??= new List<string>()).Add(entry.Id);
                    // Indeterminate for this record (a long line's start: for the whole line, whose windows run it no more)
                    // while the scan's budget of such timeouts lasts; then turned off for the rest of the scan.
                    if (_catalog.LineTimedOut(_timeouts, i, _source, _headLine))
                    {
                        if (_longHead != null) LineTimedOut(_longHead, i, entry);
                        else _catalog.RecordTimedOut(_timeouts, entry, _source, _headLine);
                    }
                    continue;
                }
                if (m.Success && LongHeadDecides(i, entry, m, record.Length))
                {
                    matched.Add(new KeyValuePair<KnownError, Match>(entry, m));
                    if (named != null) (namedMatches ??= new Dictionary<KnownError, Match>())[entry] = Named(i, m, named);
                }
                // A long line's start ends at its cut: a match with no bound may run past it, so the windows (Indeterminate) decide.
                else if (!m.Success && _longHead != null && entry.Reach!.Unbounded != null) _longHead.HeadCut.Add(i);
            }
            if (notRun != null) _catalog.NotRun(notRun, timeoutIds!, _source, _headLine, null);
            if (context) KeepAsContext(head);
            if (matched.Count == 0) return;
            if (_longHead != null)
                foreach (var kv in matched) _longHead.HeadMatched.Add(kv.Key);

            var superseded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var kv in matched)
                foreach (var s in kv.Key.Supersedes) superseded.Add(s);

            foreach (var kv in matched)
            {
                var entry = kv.Key;
                if (superseded.Contains(entry.Id)) continue;
                var f = NewFinding(entry, family, _headLine);
                LogLineFormat.ExtractFields(_headKind, head, f);
                if (f.Time == null && _headStampLength > 0) f.Time = LogLineFormat.ParseTime(new string(_headStamp, 0, _headStampLength));
                if (f.App == null && _headEntry != null) f.App = LogLineFormat.AppFromServer(_headEntry);
                // A long line's start: what its fields say, before the match's values (which may be withheld at the line's end).
                var fields = _longHead == null ? null : new Finding
                {
                    App = f.App ?? (_pathServer != null ? LogLineFormat.AppFromServer(_pathServer) : null),
                    User = f.User, HostUser = f.HostUser, Command = f.Command,
                };
                var values = entry.Match != null ? GroupValues(entry.Match, namedMatches != null && namedMatches.TryGetValue(entry, out var nm) ? nm : kv.Value, _headKind == LineKind.Json) : new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                // A long line's start: a value the line's rest could have changed is not named (the finding stands, see LongHeadDecides).
                IReadOnlyCollection<string>? unsure = _longHead != null && entry.Reach != null ? entry.Reach.UnsureIn(record, kv.Value.Index, record.Length) : null;
                if (unsure != null)
                    foreach (var name in unsure) values.Remove(name);
                // Named groups are more specific than line fields: "unknown user bob" names the host user.
                if (values.TryGetValue("app", out var app))
                {
                    f.App = AppNamed(family, app);
                    values["app"] = f.App;
                }
                if (values.TryGetValue("command", out var cmd)) f.Command = cmd;
                if (values.TryGetValue("user", out var user)) f.User = user;
                if (values.TryGetValue("host_user", out var hostUser)) f.HostUser = hostUser;
                if (f.App == null && _pathServer != null) f.App = LogLineFormat.AppFromServer(_pathServer);
                bool teleport = family == LogSources.Teleport;
                if (f.App != null && teleport && !values.ContainsKey("app"))
                {
                    // A line that names its app (Access denied to application. app:X) is the context of the
                    // generic WARN that follows it.
                    SetContext(f.App, f.User, f.Command);
                    _ctxTime = f.Time;
                }
                else if (_ctxLine > 0 && _headLine - _ctxLine <= _ctxWindow && WithinContextTime(f.Time) && ParseContext() && (f.App == null || f.App == _ctxApp))
                {
                    if (f.App == null) f.App = _ctxApp;
                    if (f.Command == null) f.Command = _ctxCommand;
                    if (f.User == null) f.User = _ctxUser;
                    // One stdio session ends in one WARN: the context is used up (teleport logs; a client log
                    // names its server on every line).
                    if (teleport) _ctxLine = -1;
                }
                if (f.App != null && !values.ContainsKey("app")) values["app"] = f.App;
                if (f.Command != null && !values.ContainsKey("command")) values["command"] = f.Command;
                // The tool the earlier tools/call request named (a long line's start keeps it apart: the match's own may be withheld).
                string? calledTool = null;
                if ((_longHead != null || !values.ContainsKey("tool")) && _lastToolCall != null && _headLine - _lastToolCallLine <= ContextWindow)
                {
                    var call = ToolCall.Match(_lastToolCall);
                    var answer = ResponseId.Match(record);
                    if (call.Success && answer.Success && call.Groups["id"].Value == answer.Groups["id"].Value)
                        calledTool = call.Groups["tool"].Value;
                }
                if (calledTool != null && !values.ContainsKey("tool")) values["tool"] = calledTool;
                if (f.User != null) values["user"] = f.User;
                if (f.HostUser != null) values["host_user"] = f.HostUser;
                f.Cause = Fill(entry.Cause, values);
                f.Fix = Fill(entry.Fix, values);
                f.Evidence = BuildEvidence(head, cont, kv.Value);
                if (_longHead != null)
                {
                    // Sent when the line ends: only then is it known whether a secret may cross the cut (HeadFindings).
                    f.Evidence = LongHeadMarker + (unsure != null && unsure.Count > 0 ? " " + UnsureText(unsure) : "") + "\n" + f.Evidence;
                    if (entry.Pending) _pendingSeen = true;
                    _longHead.HeadFound.Add((entry, f, values, fields!, entry.Pending ? head : null, calledTool));
                    continue;
                }
                if (entry.Pending)
                {
                    KeepPending(entry, f, values, head);
                    continue;
                }
                Emit(entry, f, values.TryGetValue("error", out var error) ? error : null);
            }
        }

        /// <summary>What a finding on a long line's start says of the values it does not name.</summary>
        internal static string UnsureText(IEnumerable<string> names)
        {
            var sorted = new List<string>(names);
            sorted.Sort(StringComparer.Ordinal);
            return "[not named, the line's rest could change them: " + string.Join(", ", sorted) + "]";
        }

        /// <summary>A pending entry's record: opens its state, or keeps the open one (one finding however many lines).</summary>
        private void KeepPending(KnownError entry, Finding f, Dictionary<string, string?> values, string head)
        {
            _pendingSeen = true;
            if (_pending != null && ReferenceEquals(_pendingEntry, entry))
            {
                _pendingCount++;
                _moreLine = _headLine;
                _pendingLast = head;
                _pendingLastShown = null;
                _pendingLastTime = f.Time;
                return;
            }
            if (_pending != null) EndPending();
            _pending = f;
            _pendingEntry = entry;
            _pendingValues = values;
            _pendingCount = 1;
            _pendingLast = _pendingLastShown = null;
            _pendingLastTime = f.Time;
        }

        /// <summary>The end of the input with a state still open: its finding, with how often and until when it was logged.</summary>
        private void ReportPending()
        {
            if (_pending == null) return;
            if (ReferenceEquals(_pending, Reported))
            {
                _pending = null;
                if (_pendingCount > 0) WentOn?.Invoke(_pendingEntry!.Id, _reportedLine, _reportedCount, _pendingCount, _moreLine);
                return;
            }
            var f = _pending;
            var values = _pendingValues!;
            _pending = null;
            values["count"] = _pendingCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            values["first"] = f.Time?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            values["last"] = _pendingLastTime?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            f.Cause = Fill(_pendingEntry!.Cause, values);
            f.Fix = Fill(_pendingEntry.Fix, values);
            var last = PendingLastShown();
            if (last != null) f.Evidence += "\n" + last;
            Send(f);
        }

        /// <summary>
        /// Sends a finding, in line order. One of an id some entry repeats is held back; the finding of the record that
        /// repeats it (same app and user, one error text holding the other) takes its line as first evidence instead.
        /// </summary>
        private void Emit(KnownError entry, Finding f, string? error)
        {
            if (_held != null)
            {
                if (error != null && IsRepeatOfHeld(entry, f, error))
                {
                    f.Evidence = _held.Evidence + "\n" + f.Evidence;
                    _held = null;
                    Send(f);
                    return;
                }
                ReleaseHeld();
            }
            if (error != null && _repeated.Contains(entry.Id))
            {
                _held = f;
                _heldError = error;
                return;
            }
            Send(f);
        }

        private bool IsRepeatOfHeld(KnownError entry, Finding f, string error)
        {
            var held = _held!;
            return Array.Exists(entry.Repeats, r => string.Equals(r, held.Id, StringComparison.OrdinalIgnoreCase))
                && f.LineNumber - held.LineNumber <= RepeatWindow
                && string.Equals(f.App, held.App, StringComparison.Ordinal)
                && (f.User == null || held.User == null || string.Equals(f.User, held.User, StringComparison.Ordinal))
                && (error.IndexOf(_heldError!, StringComparison.Ordinal) >= 0 || _heldError!.IndexOf(error, StringComparison.Ordinal) >= 0);
        }

        private void ReleaseHeld()
        {
            if (_held == null) return;
            var held = _held;
            _held = null;
            Send(held);
        }

        private void Send(Finding f)
        {
            FindingCount++;
            _emit(f);
        }

        private bool ParseContext()
        {
            if (_ctxParsed || _ctxHead == null) return _ctxHead != null;
            _ctxParsed = true;
            string head = _ctxHead;
            long line = _ctxLine;
            var f = new Finding();
            LogLineFormat.ExtractFields(_ctxKind, head, f);
            if (f.Command == null)
            {
                var m = ClaudeCommand.Match(head);
                if (m.Success) f.Command = m.Groups["c"].Value;
            }
            _ctxApp = f.App ?? (_pathServer != null ? LogLineFormat.AppFromServer(_pathServer) : null);
            _ctxCommand = f.Command;
            _ctxUser = f.User;
            _ctxLine = line;
            return true;
        }

        private bool WithinContextTime(DateTime? time) =>
            _ctxWindow != FindingContextWindow || _ctxTime == null || time == null || (time.Value - _ctxTime.Value).Duration() <= FindingContextTime;

        /// <summary>The line just read becomes the context of the findings after it; parsed only when a finding needs it (context lines are frequent, findings rare).</summary>
        private void KeepAsContext(string head)
        {
            _ctxHead = head;
            _ctxKind = _headKind;
            _ctxParsed = false;
            _ctxLine = _headLine;
            _ctxWindow = ContextWindow;
            _ctxTime = null;
        }

        private void SetContext(string? app, string? user, string? command)
        {
            _ctxHead = "";
            _ctxParsed = true;
            _ctxApp = app;
            _ctxCommand = command;
            _ctxUser = user;
            _ctxLine = _headLine;
            _ctxWindow = FindingContextWindow;
        }

        // A match on the record with only colour codes removed names what the line names (a command holding an OSC string is
        // quoted whole); when the pattern does not match there, or times out, the values are the plain record's. It runs through
        // the catalog, so a timeout here counts in the input's budget like any other (the finding itself stands).
        private Match Named(int index, Match plain, string named)
        {
            try
            {
                var m = _catalog.Run(index, named);
                return m.Success ? m : plain;
            }
            catch (RegexMatchTimeoutException)
            {
                _ = _catalog.LineTimedOut(_timeouts, index, _source, _headLine);
                return plain;
            }
        }

        private static Dictionary<string, string?> GroupValues(Regex regex, Match m, bool json)
        {
            var d = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in regex.GetGroupNames())
            {
                if (char.IsDigit(name[0])) continue;
                var g = m.Groups[name];
                // A text log quotes a plain error with strconv.Quote (lib/utils/log/handle_state.go), which escapes '"' as JSON
                // does; other backslashes stay as written (a UNC path in an unquoted trace report).
                if (g.Success && g.Value.Length > 0) d[name] = json ? JsonQuotesRead(g.Value) : g.Value.Replace("\\\"", "\"");
            }
            return d;
        }

        /// <summary>
        /// A value taken from inside a JSON string, with its \" \\ and \/ read (Get \"https://...\" reads Get "https://...");
        /// other escapes (\n, \t, \u) stay written out, so no control character comes from them.
        /// </summary>
        internal static string JsonQuotesRead(string value)
        {
            if (value.IndexOf('\\') < 0) return value;
            var sb = new StringBuilder(value.Length);
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '\\' && i + 1 < value.Length && (value[i + 1] == '"' || value[i + 1] == '\\' || value[i + 1] == '/'))
                {
                    sb.Append(value[++i]);
                    continue;
                }
                sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>
        /// Replaces {name} with the value, or &lt;name&gt; when the log did not say ({name|words}: those words then, for a value
        /// a pattern leaves out on purpose, such as a URL with user info); {sh:name} and {ps:name} with the value
        /// quoted as one word of that shell (<see cref="ShellWord"/>), since a log or an app definition may hold any text;
        /// {psname:name} as a name given to a module cmdlet's wildcard parameter.
        /// </summary>
        internal static string? Fill(string? template, IDictionary<string, string?> values)
        {
            if (template == null) return null;
            return Placeholder.Replace(template, m =>
            {
                // Role templates such as {{internal.mcp_tools}} stay as written.
                if (m.Index > 0 && template[m.Index - 1] == '{') return m.Value;
                string name = m.Groups["n"].Value;
                if (!values.TryGetValue(name, out var v)) return m.Groups["or"].Success ? m.Groups["or"].Value : "<" + name + ">";
                switch (m.Groups["shell"].Value)
                {
                    case "sh": return ShellWord.Posix(v);
                    case "ps": return ShellWord.PowerShell(v);
                    case "psname": return ShellWord.PowerShellName(v);
                    default: return v ?? "";
                }
            });
        }

        private static string BuildEvidence(string head, string cont, Match m)
        {
            const int maxHead = 2000;
            var sb = new StringBuilder();
            // Redacted before the window cuts it: a secret crossing the edge is never half shown.
            sb.Append(Redactor.RedactWindow(head, m.Index < head.Length ? m.Index : 0, maxHead, 300));
            if (cont.Length == 0) return sb.ToString();
            // ERROR REPORT: keep the error lines, not the stack; other unstamped lines: the first few.
            int kept = 0;
            foreach (var raw in cont.Split('\n'))
            {
                if (raw.Length == 0 || raw[0] == '\t' || raw.StartsWith("Stack Trace:", StringComparison.Ordinal) ||
                    raw.StartsWith("ERROR REPORT:", StringComparison.Ordinal)) continue;
                string? line = Redactor.RedactWindow(raw, 0, 500, 0);
                sb.Append('\n').Append(line);
                if (++kept >= 8) break;
            }
            return sb.ToString();
        }
    }
}
