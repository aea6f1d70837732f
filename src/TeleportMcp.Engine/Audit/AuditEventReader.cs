using System;
using System.Diagnostics.CodeAnalysis;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Audit
{
    /// <summary>
    /// Reads Teleport audit events line by line, in bounded memory, and hands on the MCP ones as
    /// <see cref="AuditEvent"/>s. Accepts the file audit log (one JSON object per line, 2:A11), the event handler
    /// plugin's output (the same objects, also behind a Fluentd "time\ttag\t" prefix, 2:A12), events copied from the
    /// Web UI, which has no export file but shows each event as JSON.stringify(raw, null, 2) (web/packages/teleport/src/Audit/EventDialog/EventDialog.tsx),
    /// and JSON arrays (tsh play --format json writes MarshalIndent'd events 4 spaces in, tool/tsh/common/play.go; tctl
    /// sessions ls an indented array): any layout of whole objects is read, by JSON's structure (<see cref="JsonObjectFramer"/>),
    /// so a broken object is reported where it breaks and the events around it are still read. Besides the MCP session
    /// events it reads the app_auth_config token checks (app_auth_config.verify.success / .failure, TAAC004I/E), which
    /// record a remote MCP client signing in with a JWT. A line holding neither literal, "mcp.session." or
    /// "app_auth_config.verify.", is skipped before any parsing: in an audit log most events are of other kinds.
    /// </summary>
    public sealed class AuditEventReader : IUtf8LineSink, ICutLineSink
    {
        private const string Marker = "mcp.session.";
        // lib/auth/appauthconfig/appauthconfigv1/events.go newVerifyJWTAuditEvent (types AppAuthConfigVerify{Success,Failure}Event).
        private const string VerifyMarker = "app_auth_config.verify.";
        private static readonly LiteralSet MarkerSearch = new LiteralSet(Marker, VerifyMarker);
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);
        private readonly AuditLineScanner _scanner = new AuditLineScanner();

        private readonly string _source;
        private readonly AuditEventFilter _filter;
        private readonly Action<AuditEvent> _emit;
        private readonly AuditReadSummary _summary;

        // A multi-line object (pretty-printed, or inside an array) being collected.
        private readonly StringBuilder _obj = new StringBuilder();
        private readonly JsonObjectFramer _framer;
        private readonly Limits _limits;
        private bool _collecting;
        private long _objLine;
        private int _objColumn;
        // A line of the open object ended inside a string: where, and the line as shown (when it is the first malformed one).
        private bool _lineEndedInString;
        private long _cutLine;
        private int _cutColumn;
        private string? _cutText;
        // Objects taken as values of the open event at its column (FeedLine), innermost last. Each may be the next event,
        // the open one cut before it: a break, or what follows its close, decides (Resolve).
        private ColumnValue[] _values = new ColumnValue[4];
        private int _valueCount;
        // The lines after a broken object, up to the next object at its column or left of it (EndsSkip).
        private bool _skipping;
        private int _skipColumn;

        private readonly System.Threading.CancellationToken _cancel;

        public AuditEventReader(string? source, AuditEventFilter filter, Action<AuditEvent> emit, System.Threading.CancellationToken cancel = default(System.Threading.CancellationToken))
            : this(source, filter, emit, null, cancel)
        {
        }

        /// <param name="sessions">The agents of the sessions read so far, shared by the files of one query: a session that
        /// started in yesterday's audit file keeps its agent in today's. Null: the reader's own.</param>
        internal AuditEventReader(string? source, AuditEventFilter filter, Action<AuditEvent> emit, SessionServerIndex? sessions, System.Threading.CancellationToken cancel)
        {
            _sessionServers = sessions ?? new SessionServerIndex();
            _limits = Limits.Current;
            _framer = new JsonObjectFramer(_limits);
            _cancel = cancel;
            _source = source ?? SourceLocation.Pipeline;
            _filter = filter ?? new AuditEventFilter();
            _emit = emit ?? throw new ArgumentNullException(nameof(emit));
            _summary = new AuditReadSummary { Source = _source };
        }

        public AuditReadSummary Summary => _summary;

        // Byte-level skipping (LogFileReader) is safe only in one-event-per-line input: it is allowed once the first
        // non-blank line was a whole event on its own, and stops for good at anything spread over lines.
        private bool _lineMode;
        private bool _structured;

        LiteralSet ILiteralLineSink.RequiredLiterals => MarkerSearch;

        bool ILiteralLineSink.CanSkipLines => _lineMode && !_structured && !_collecting;

        void ILiteralLineSink.SkipLines(long count)
        {
            _cancel.ThrowIfCancellationRequested();
            _summary.Lines += count;
            _summary.OtherEvents += count;
        }

        // Lines of the source that were not given (a filtered Get-Content): event line numbers stay the source's.
        private long _notGiven;

        /// <summary>The source's lines before the next one that were not given.</summary>
        public void NotGiven(long count) => _notGiven += Math.Max(0, count);

        /// <summary>The source's number of the last line seen (lines not given counted).</summary>
        public long LineNumber => _summary.Lines + _notGiven;

        public void FeedLine(string line)
        {
            if (line == null) return;
            // A piped line PowerShell already holds is not copied when it is one event too long to hold (a line of hundreds of MiB).
            if (!_collecting && !_skipping && OneLineNotHeld(line)) return;
            var buf = line.ToCharArray();
            FeedLine(buf, 0, buf.Length);
        }

        /// <summary>
        /// Whether the line is one event ('{' to '}', a trailing ',' allowed) that cannot be held (<see cref="LineFits"/>):
        /// then it is counted and said from the string itself, as <see cref="ReadLine"/> would say it.
        /// </summary>
        private bool OneLineNotHeld(string line)
        {
            int end = line.Length;
            while (end > 0 && IsSpace(line[end - 1])) end--;
            int i = 0;
            while (i < end && IsSpace(line[i])) i++;
            if (i == end || line[i] != '{') return false;
            bool trailingComma = line[end - 1] == ',' && end - 1 > i;
            // ReadLine drops the trailing ',' before it counts: the same count here, so a piped line and a file's line agree.
            if (trailingComma) end--;
            if (line[end - 1] != '}' || LineFits(end)) return false;
            long lineNo = ++_summary.Lines + _notGiven;
            if ((lineNo & 0xFFF) == 0) _cancel.ThrowIfCancellationRequested();
            _lineBuf = null;
            if (!trailingComma && !_structured) _lineMode = true;
            if (!MarkerSearch.Contains(line)) _summary.OtherEvents++;
            else NotHeld(lineNo, i, end, () => SourceText.Shown(line, 0, line.Length));
            return true;
        }

        /// <summary>
        /// Whether one line's event of <paramref name="count"/> characters (its column included, as <see cref="Fits"/> counts
        /// an event's first line) may be held: within AuditEventMaxChars and what the readings sharing <see cref="Held"/> hold.
        /// </summary>
        private bool LineFits(long count) =>
            count <= _limits.AuditEventMaxChars && (Held == null || Held.Chars - _heldCounted + count <= Held.Limit);

        /// <summary>A one-line event that cannot be held, said as <see cref="Fits"/> says an event over several lines: too long, or set aside.</summary>
        private void NotHeld(long lineNo, int column, long count, Func<string> shown)
        {
            if (count > _limits.AuditEventMaxChars)
            {
                Malformed(lineNo, TooLongMessage, column + 1);
                if (_summary.Malformed == 1 && _lineBuf == null) _summary.FirstMalformedLineText = shown();
                return;
            }
            if (_summary.SetAside++ == 0)
            {
                _summary.FirstSetAsideLine = lineNo;
                _summary.SetAsideReason = Held!.Reason;
            }
        }

        private string TooLongMessage => "an event longer than " + _limits.AuditEventMaxChars + " characters (" + _limits.Describe(nameof(Limits.AuditEventMaxChars)) + ")";

        /// <summary>
        /// A wanted line in its UTF-8 bytes. A one-line event is checked and read without decoding it: one scan finds
        /// the fields the filter needs, a line the filter refuses costs no allocation, and a successful event is handed
        /// on as an <see cref="AuditEvent"/> that reads its other fields when first asked. Failures (rare), events a
        /// tool filter needs, and anything unusual (escapes in a field the filter reads, a wrapper object, a line the
        /// scanner refuses) take the full parser, as decoded lines do.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(LiteralSearch.Hot)]
        public void FeedUtf8Line(byte[] buf, int start, int length)
        {
            int end = start + length;
            while (end > start && IsSpaceByte(buf[end - 1])) end--;
            int i = start;
            while (i < end && IsSpaceByte(buf[i])) i++;
            if (_collecting || _structured || i == end || buf[i] != (byte)'{' || buf[end - 1] != (byte)'}')
            {
                FeedDecoded(buf, start, length);
                return;
            }
            long lineNo = ++_summary.Lines + _notGiven;
            if ((lineNo & 0xFFF) == 0) _cancel.ThrowIfCancellationRequested();
            _lineMode = true;
            if (!MarkerSearch.Contains(buf, i, end - i))
            {
                _summary.OtherEvents++;
                return;
            }
            if (!LineFits(end - start))
            {
                // Bytes are at least as many as characters: only a line over the bound in bytes is counted in characters.
                long count = i - start + Utf8.GetCharCount(buf, i, end - i);
                if (!LineFits(count))
                {
                    _lineBuf = null;
                    // Only ASCII spaces come before the '{' here (IsSpaceByte), so i - start is the column in characters too.
                    NotHeld(lineNo, i - start, count, () => SourceText.Shown(Utf8.GetString(buf, start, Math.Min(length, SourceText.RedactedBeyondShown + _limits.ShownLineChars)), 0, (int)Math.Min(int.MaxValue, count)));
                    return;
                }
            }
            if (!_scanner.Scan(buf, i, end) || !TryFast(buf, i, end, lineNo))
            {
                _lineBuf = null; // the line's text is the parsed text itself
                Parse(Utf8.GetString(buf, i, end - i), lineNo, i - start);
            }
        }

        private char[] _decoded = Array.Empty<char>();

        private void FeedDecoded(byte[] buf, int start, int length)
        {
            _decoded = LineBuffer(_decoded, Utf8.GetMaxCharCount(length), KeptDecoded);
            int n = Utf8.GetChars(buf, start, length, _decoded, 0);
            FeedLine(_decoded, 0, n);
        }

        /// <summary>Counts (and emits) a one-line event from its scanned fields; false sends it to the full parser.</summary>
        [System.Runtime.CompilerServices.MethodImpl(LiteralSearch.Hot)]
        private bool TryFast(byte[] buf, int start, int end, long lineNo)
        {
            var s = _scanner;
            if (!s.Event.IsPlainString) return false;   // no top-level type: a wrapped event, or escapes
            var kind = KindOf(buf, s.Event);
            if (kind == null)
            {
                _summary.OtherEvents++;
                return true;
            }
            if (!IsSimple(s.Code) || !IsSimple(s.Time) || !IsSimple(s.User) || !IsSimple(s.App)) return false;
            bool? success;
            switch (s.Success.Kind)
            {
                case JsonValueKind.True: success = true; break;
                case JsonValueKind.False: success = false; break;
                case JsonValueKind.Absent:
                case JsonValueKind.Null: success = null; break;
                default: return false;
            }
            bool hasError;
            switch (s.Error.Kind)
            {
                case JsonValueKind.Absent:
                case JsonValueKind.Null: hasError = false; break;
                case JsonValueKind.PlainString:
                case JsonValueKind.EscapedString: hasError = true; break;
                default: return false;
            }
            // The same outcome rule as FromJson: failures are rare and need their error text, so they are parsed fully.
            bool failureCode = s.Code.IsPlainString && s.Code.Length > 0 && buf[s.Code.End - 1] == (byte)'E';
            if (failureCode || !(success ?? true) || (hasError && success == null)) return false;
            if (_filter.HasToolFilter) return false;
            Count(kind.Value);
            if (IsSessionBound(kind.Value))
            {
                if (s.Sid.IsPlainString && s.ServerId.IsPlainString) _sessionServers.Note(buf, s.Sid.Start, s.Sid.Length, buf, s.ServerId.Start, s.ServerId.Length);
            }
            if (_filter.FailedOnly) return true;
            if (_filter.Since.HasValue || _filter.Until.HasValue)
            {
                var time = s.Time.IsPlainString ? ParseTime(Utf8.GetString(buf, s.Time.Start, s.Time.Length)) : null;
                if (!_filter.MatchesTime(time)) return true;
            }
            if (_filter.HasUserFilter && !_filter.MatchesUser(s.User.IsPlainString ? Printable(Utf8.GetString(buf, s.User.Start, s.User.Length)) : null)) return true;
            if (_filter.HasAppFilter && !_filter.MatchesApp(s.App.IsPlainString ? Printable(Utf8.GetString(buf, s.App.Start, s.App.Length)) : null)) return true;
            _summary.Matched++;
            var line = new byte[end - start];
            Buffer.BlockCopy(buf, start, line, 0, line.Length);
            var ev = new AuditEvent(line, kind.Value, _source, lineNo);
            if (_sessionServers.Count > 0 && kind.Value != AuditEventKind.AppAuthConfigVerify && !IsSessionBound(kind.Value) && s.Sid.IsPlainString) ev.SetSessionServer(_sessionServers.Of(buf, s.Sid.Start, s.Sid.Length));
            _emit(ev);
            return true;
        }

        private readonly SessionServerIndex _sessionServers;

        private void Count(AuditEventKind kind)
        {
            if (kind == AuditEventKind.AppAuthConfigVerify) _summary.AppAuthConfigVerifyEvents++;
            else _summary.McpEvents++;
        }

        private static bool IsSessionBound(AuditEventKind kind) => kind == AuditEventKind.SessionStart || kind == AuditEventKind.SessionEnd;

        private static bool IsSimple(JsonValueSpan v) => v.Kind == JsonValueKind.Absent || v.Kind == JsonValueKind.Null || v.Kind == JsonValueKind.PlainString;

        /// <summary>The kind of an event type read by this reader, or null for another type.</summary>
        [System.Runtime.CompilerServices.MethodImpl(LiteralSearch.Hot)]
        private static AuditEventKind? KindOf(byte[] buf, JsonValueSpan type)
        {
            if (type.Length >= Marker.Length && AuditLineScanner.Is(buf, type.Start, Marker)) return McpKindOf(buf, type);
            if (type.Length >= VerifyMarker.Length && AuditLineScanner.Is(buf, type.Start, VerifyMarker))
            {
                int tail = type.Start + VerifyMarker.Length;
                switch (type.Length - VerifyMarker.Length)
                {
                    case 7: return AuditLineScanner.Is(buf, tail, "success") || AuditLineScanner.Is(buf, tail, "failure") ? AuditEventKind.AppAuthConfigVerify : (AuditEventKind?)null;
                    default: return null;
                }
            }
            return null;
        }

        [System.Runtime.CompilerServices.MethodImpl(LiteralSearch.Hot)]
        private static AuditEventKind McpKindOf(byte[] buf, JsonValueSpan type)
        {
            int rest = type.Start + Marker.Length;
            switch (type.Length - Marker.Length)
            {
                case 3: return AuditLineScanner.Is(buf, rest, "end") ? AuditEventKind.SessionEnd : AuditEventKind.Other;
                case 5: return AuditLineScanner.Is(buf, rest, "start") ? AuditEventKind.SessionStart : AuditEventKind.Other;
                case 7: return AuditLineScanner.Is(buf, rest, "request") ? AuditEventKind.Request : AuditEventKind.Other;
                case 12: return AuditLineScanner.Is(buf, rest, "notification") ? AuditEventKind.Notification : AuditEventKind.Other;
                case 17: return AuditLineScanner.Is(buf, rest, "listen_sse_stream") ? AuditEventKind.ListenSseStream : AuditEventKind.Other;
                case 20: return AuditLineScanner.Is(buf, rest, "invalid_http_request") ? AuditEventKind.InvalidHttpRequest : AuditEventKind.Other;
                default: return AuditEventKind.Other;
            }
        }

        /// <summary>The full event of a deferred one (its line was checked when it was read), or null.</summary>
        internal static AuditEvent? ParseDeferred(byte[] utf8Json, string? source, long line)
        {
            try
            {
                var node = JsonParser.Parse(Utf8.GetString(utf8Json), source, false, (int)Math.Min(int.MaxValue, line - 1));
                return FromJson(node, source, line);
            }
            catch (TeleportInputException)
            {
                return null;
            }
        }

        private static bool IsSpaceByte(byte c) => c == (byte)' ' || c == (byte)'\t' || c == (byte)'\r';

        public void FeedLine(char[] buf, int start, int length)
        {
            long lineNo = ++_summary.Lines + _notGiven;
            if ((lineNo & 0xFFF) == 0) _cancel.ThrowIfCancellationRequested();
            _lineBuf = buf;
            _lineStart = start;
            _lineLength = length;
            int end = start + length;
            while (end > start && IsSpace(buf[end - 1])) end--;
            int i = start;
            while (i < end && IsSpace(buf[i])) i++;
            if (i == end)
            {
                if (_collecting) Keep(LineBreak, 0, 1);
                return;
            }
            if (_collecting)
            {
                if (_lineEndedInString)
                {
                    // Not the input's last line, so the string did not end because the writer is still busy. Said before
                    // an object that starts this line ends the open one (below), which would only say "cut off".
                    string message = _framer.Message;
                    string? cutText = _cutText;
                    long cutLine = _cutLine;
                    int cutColumn = _cutColumn;
                    Resolve(false); // the events cut before the one the string is in
                    Malformed(cutLine, message, cutColumn);
                    if (_summary.Malformed == 1) _summary.FirstMalformedLineText = cutText;
                    SkipRest();
                    if (EndsSkip(buf[i], i - start)) ReadLine(buf, i, end, lineNo);
                    return;
                }
                bool atEventColumn = buf[i] == '{' && i - start <= _objColumn;
                if (atEventColumn && (!_framer.ExpectsValue || IsWholeObject(buf, i, end)))
                {
                    // Layouts that spread an object over lines indent its insides (JSON.stringify, tsh play, a hand's), and
                    // one object a line puts each at the line's start: an object at the open one's column or left of it is
                    // the next event, and the open one was cut off. Where a value must come (after "name":), an object
                    // that does not close on its line is a nested one a hand wrote unindented, or the next event spread
                    // over lines: which, the open event's next character says (ScanChars).
                    CutOff();
                    ReadLine(buf, i, end, lineNo);
                    return;
                }
                // The indentation is kept, so a parse error's column is the column in the file.
                if (!Keep(LineBreak, 0, 1)) return;
                if (atEventColumn)
                {
                    // A value at the event's column closed before is confirmed by this '{' (a value may stand here).
                    if (_valueCount > 0 && _values[_valueCount - 1].End >= 0) _valueCount--;
                    PushValue(lineNo, i - start);
                }
                ScanChars(buf, start, end, lineNo);
                return;
            }
            if (_skipping && !EndsSkip(buf[i], i - start)) return;
            ReadLine(buf, i, end, lineNo);
        }

        /// <summary>Whether buf[i..end) is one object that closes at its last character (a trailing ',' allowed), as events one a line are.</summary>
        private static bool IsWholeObject(char[] buf, int i, int end)
        {
            if (buf[end - 1] == ',') end--;
            int depth = 0;
            bool inString = false, escape = false;
            for (int k = i; k < end; k++)
            {
                char c = buf[k];
                if (inString)
                {
                    if (escape) escape = false;
                    else if (c == '\\') escape = true;
                    else if (c == '"') inString = false;
                }
                else if (c == '"') inString = true;
                else if (c == '{' || c == '[') depth++;
                else if ((c == '}' || c == ']') && --depth == 0) return k == end - 1;
            }
            return false;
        }

        /// <summary>A line that holds no part of an object already begun, from its first to its last non-space character.</summary>
        private void ReadLine(char[] buf, int i, int end, long lineNo)
        {
            char first = buf[i], last = buf[end - 1];
            if (first == '{' && last == '}' && !_structured) _lineMode = true;
            if (first == '{' && (last == '}' || (last == ',' && end - 1 > i && buf[end - 2] == '}')))
            {
                // The common case: one whole event on the line.
                if (last == ',') end--;
                if (!Contains(buf, i, end - i)) { _summary.OtherEvents++; return; }
                if (!LineFits(end - _lineStart)) { NotHeld(lineNo, i - _lineStart, end - _lineStart, () => ""); return; }
                ReadOneLine(buf, i, end, lineNo);
                return;
            }
            if (first != '{' && first != '[' && first != ']' && first != ',')
            {
                // A prefix before the object (Fluentd's out_file writes "time<TAB>tag<TAB>{...}").
                int brace = Array.IndexOf(buf, '{', i, end - i);
                if (brace < 0 || last != '}')
                {
                    Malformed(lineNo, "not a JSON audit event", i - _lineStart + 1);
                    return;
                }
                if (!Contains(buf, brace, end - brace)) { _summary.OtherEvents++; return; }
                if (!LineFits(end - _lineStart)) { NotHeld(lineNo, brace - _lineStart, end - _lineStart, () => ""); return; }
                ReadOneLine(buf, brace, end, lineNo);
                return;
            }
            ScanChars(buf, i, end, lineNo);
        }

        /// <summary>
        /// After a broken object, its remaining lines are dropped with it: up to a line that starts an object or array at
        /// the broken object's column or left of it (the layouts that spread objects over lines indent their insides), which
        /// is read, or that closes one there, which is dropped too.
        /// </summary>
        private bool EndsSkip(char first, int column)
        {
            if (column > _skipColumn || (first != '{' && first != '[' && first != '}' && first != ']')) return false;
            _skipping = false;
            return first == '{' || first == '[';
        }

        private byte[] _encoded = Array.Empty<byte>();

        /// <summary>A whole event on one decoded line: encoded back to UTF-8 so it takes the same scan as raw lines do.</summary>
        private void ReadOneLine(char[] buf, int start, int end, long lineNo)
        {
            _encoded = LineBuffer(_encoded, Utf8.GetMaxByteCount(end - start), KeptEncoded);
            int n = Utf8.GetBytes(buf, start, end - start, _encoded, 0);
            if (!_scanner.Scan(_encoded, 0, n) || !TryFast(_encoded, 0, n, lineNo))
                Parse(new string(buf, start, end - start), lineNo, start - _lineStart);
        }

        /// <summary>
        /// Character by character, for objects across lines and arrays of objects: <see cref="JsonObjectFramer"/> finds
        /// where each object ends or breaks. A break is reported where it is (line and column), and the broken object's
        /// remaining lines are skipped (<see cref="EndsSkip"/>); a line that starts an object at the open one's column or
        /// left of it ends that one as cut off (<see cref="FeedLine(char[], int, int)"/>).
        /// </summary>
        /// <param name="from">Where the line's characters start being kept (its start while an object is open).</param>
        private void ScanChars(char[] buf, int from, int end, long lineNo)
        {
            _structured = true;
            // An open object keeps each line whole, once; what follows the character that closes it is cut off again.
            if (_collecting && !Keep(buf, from, end - from)) return;
            for (int i = from; i < end; i++)
            {
                char c = buf[i];
                if (!_collecting)
                {
                    if (IsSpace(c) || c == ',' || c == '[' || c == ']') continue;
                    if (c != '{')
                    {
                        Malformed(lineNo, "unexpected '" + Printable(c) + "' between events", i - _lineStart + 1);
                        return;
                    }
                    _collecting = true;
                    _objLine = lineNo;
                    _objColumn = i - _lineStart;
                    if (!Fits(_objColumn + end - i)) return;
                    _obj.Append(' ', _objColumn).Append(buf, i, end - i); // the object's first line keeps its columns
                    _framer.Start();
                    continue;
                }
                if (_framer.InPlainString)
                {
                    // Most of an event is inside strings: only a quote or a backslash can change the framer's state there.
                    while (i < end && buf[i] != '"' && buf[i] != '\\') i++;
                    if (i == end) break;
                    c = buf[i];
                }
                else if (c == ' ' && !_framer.InToken) continue; // indentation, most of the rest
                var step = _framer.Next(c);
                if (_valueCount > 0 && step != FrameStep.Broken)
                {
                    // The event goes on after a value that closed (',' then a name or value, or its closing bracket): it was its value.
                    if (_values[_valueCount - 1].End >= 0 && c != ',' && !IsSpace(c)) _valueCount--;
                    if (_valueCount > 0 && c == '}' && _values[_valueCount - 1].End < 0 && _framer.Depth == _values[_valueCount - 1].Depth)
                        _values[_valueCount - 1].End = _obj.Length - (end - i - 1);
                }
                switch (step)
                {
                    case FrameStep.Complete:
                        _obj.Length -= end - i - 1;
                        CompleteObject();
                        break;
                    case FrameStep.Broken:
                        // The event cannot go on after (or inside) an object taken as its value that is an MCP event: it was cut
                        // before that object, which is the next event. This character is read again, between events or in
                        // that event (nesting deeper than JsonMaxDepth may only have counted the cut ones' levels).
                        if (_valueCount > 0 && Resolve(false) != Resolution.None)
                        {
                            i--;
                            continue;
                        }
                        Malformed(lineNo, _framer.Message, i - _lineStart + 1);
                        SkipRest();
                        return;
                }
            }
            if (_collecting && !_framer.EndLine())
            {
                // Reported when the next line comes: on the input's last line it is a live log's event still being written.
                _lineEndedInString = true;
                _cutLine = lineNo;
                _cutColumn = end - _lineStart + 1;
                _cutText = _summary.Malformed == 0 ? Shown(new string(buf, _lineStart, _lineLength)) : null;
            }
        }

        private static readonly char[] LineBreak = { '\n' };

        /// <summary>Adds characters to the object being read, when they fit (<see cref="Fits"/>).</summary>
        private bool Keep(char[] buf, int start, int count)
        {
            if (!Fits(count)) return false;
            _obj.Append(buf, start, count);
            return true;
        }

        /// <summary>
        /// Whether the object being read can take <paramref name="count"/> more characters; past AuditEventMaxChars it is
        /// reported and skipped, and past what the readings sharing <see cref="Held"/> may hold together it is set aside.
        /// </summary>
        private bool Fits(int count)
        {
            if (_obj.Length > _limits.AuditEventMaxChars - count)
            {
                Malformed(_objLine, TooLongMessage);
                SkipRest();
                return false;
            }
            if (Held == null) return true;
            long after = (long)_obj.Length + count;
            if (Held.Chars - _heldCounted + after > Held.Limit)
            {
                SetAside(Held.Reason);
                return false;
            }
            Held.Chars += after - _heldCounted;
            _heldCounted = after;
            return true;
        }

        /// <summary>The unfinished events of several readings, bounded all together (piped files read at once or set aside); null: this reader's own bound only.</summary>
        internal HeldEventChars? Held { get; set; }

        // What this reader counted in Held: the open object's length when it last grew (a shrink is given back when it ends).
        private long _heldCounted;

        /// <summary>Drops the object being read and the lines left of it (<see cref="EndsSkip"/>).</summary>
        private void SkipRest()
        {
            _skipping = true;
            _skipColumn = _objColumn;
            ResetObject();
        }

        private void CompleteObject()
        {
            var text = _obj.ToString();
            long line = _objLine;
            ResetObject();
            ReadObject(text, line);
        }

        private void ReadObject(string text, long line)
        {
            if (!MarkerSearch.Contains(text)) _summary.OtherEvents++;
            else Parse(text, line, -1);
        }

        private const string CutMessage = "the event is cut off (the line ends inside it)";

        private static readonly string MaxLineText = LogFileReader.MaxLineChars.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>An event on a line the reader cut (<see cref="LineCut"/>): too long to read, not broken in the file.</summary>
        internal static readonly string LineTooLongMessage = "the line is longer than the " + MaxLineText +
            " characters read of one line (the event on it may be whole; it was not read)";

        /// <summary>
        /// A pretty-printed event (over several lines) one of whose later lines the reader cut: the error is at the event's
        /// first line, so the cut line is named by its own number.
        /// </summary>
        internal static string LaterLineTooLongMessage(long cutLine, long eventLine) =>
            "line " + cutLine.ToString(System.Globalization.CultureInfo.InvariantCulture) + " of the event that starts at line " +
            eventLine.ToString(System.Globalization.CultureInfo.InvariantCulture) + " is longer than the " + MaxLineText +
            " characters read of one line (the event may be whole; it was not read)";

        /// <summary>
        /// The line just fed was cut at <see cref="LogFileReader.MaxLineChars"/> and its rest passed over: an object it
        /// opened cannot be read, and is said as too long rather than as ending inside a string or cut off, which would
        /// blame the file. The error is at the event's first line; a later line of a pretty-printed event that was cut is
        /// named by its number. A cut line that holds no MCP event marker is counted with the other events.
        /// (Teleport's file log trims an event over its MaxScanTokenSize before writing it, lib/events/filelog.go
        /// EmitAuditEvent, trimSizeAndMarshal; the service sets none, lib/service/service.go@5a89caf2 initAuthExternalAuditLog's
        /// events.NewFileLog(events.FileLogConfig{Dir: uri.Path}), so filelog.go@4f41a5c3 CheckAndSetDefaults'
        /// bufio.MaxScanTokenSize, 64 KiB, applies. The stdout:// output writes an event untrimmed, lib/events/emitter.go@d7afef7e
        /// WriterEmitter.EmitAuditEvent, utils.FastMarshal and fmt.Fprintln: a line that long can come from it, from an
        /// export or from a forwarder.)
        /// </summary>
        public void LineCut()
        {
            if (!_collecting) return;
            long line = _objLine;
            bool sameLine = line == LineNumber;
            if (!MarkerSearch.Contains(_obj.ToString())) _summary.OtherEvents++;
            else Malformed(line, sameLine ? LineTooLongMessage : LaterLineTooLongMessage(LineNumber, line));
            if (sameLine) ResetObject();
            else SkipRest();
        }

        /// <summary>Ends the open event as cut off (a line starts an object at its column where no value can come).</summary>
        private void CutOff()
        {
            if (Resolve(true) == Resolution.ClosedValueRead) return;
            Malformed(_objLine, CutMessage);
            ResetObject();
        }

        /// <summary>An object at the open event's column where a value must come, not closing on its line (<see cref="FeedLine(char[], int, int)"/>).</summary>
        private struct ColumnValue
        {
            /// <summary>Where it starts in _obj (its line's start), and where it ends once closed (-1 while open).</summary>
            public int Start, End;
            public long Line;
            public int Column;
            /// <summary>The framer's depth outside it.</summary>
            public int Depth;
            /// <summary>Whether its own text holds an event marker, as far as searched (up to Searched).</summary>
            public bool Marked;
            public int Searched;
        }

        private enum Resolution : byte
        {
            None,
            /// <summary>An open object taken as a value is now the event being read (the ones outside it were cut).</summary>
            Rebased,
            /// <summary>The closed object taken as a value was read as the next event; no object is open.</summary>
            ClosedValueRead,
        }

        private void PushValue(long line, int column)
        {
            // The enclosing value's own text ends here: what is inside this one is this one's.
            if (_valueCount > 0) Marked(ref _values[_valueCount - 1], _obj.Length);
            if (_valueCount == _values.Length) Array.Resize(ref _values, _values.Length * 2);
            _values[_valueCount++] = new ColumnValue { Start = _obj.Length, End = -1, Line = line, Column = column, Depth = _framer.Depth, Searched = _obj.Length };
        }

        /// <summary>Whether v's own text, up to <paramref name="end"/>, holds an event marker; each character is searched once.</summary>
        private bool Marked(ref ColumnValue v, int end)
        {
            if (v.Marked || end <= v.Searched) return v.Marked;
            int from = Math.Max(v.Start, v.Searched - (VerifyMarker.Length - 1));
            v.Marked = MarkerSearch.Contains(_obj.ToString(from, end - from));
            v.Searched = end;
            return v.Marked;
        }

        /// <summary>
        /// At a break of the open event, decides which objects taken as its values at its column were events: one whose
        /// own text (not that of a value inside it) holds an MCP event's marker, and, when <paramref name="closedIsEvent"/>
        /// (the next line starts an event, or the input ends), one that closed. Teleport writes an event's type among its
        /// first members, so a cut event's successor shows its marker before it can break. The event outside each such
        /// object was cut before it, reported at its own line; the innermost becomes the event being read (no text is
        /// framed again), or, when it closed, is read. A hand's unindented nested value holding no marker stays a value.
        /// </summary>
        private Resolution Resolve(bool closedIsEvent)
        {
            int chosen = -1;
            long line = _objLine;
            for (int k = 0; k < _valueCount; k++)
            {
                ref var v = ref _values[k];
                bool closed = v.End >= 0;
                int ownEnd = closed ? v.End : k + 1 < _valueCount ? _values[k + 1].Start : _obj.Length;
                if (!(closed && closedIsEvent) && !Marked(ref v, ownEnd) && (closed || !IsEventHead(v.Start, ownEnd))) continue;
                Malformed(line, CutMessage);
                line = v.Line;
                chosen = k;
            }
            if (chosen < 0) return Resolution.None;
            var at = _values[chosen];
            if (at.End >= 0)
            {
                string next = _obj.ToString(at.Start, at.End - at.Start);
                ResetObject();
                ReadObject(next, at.Line);
                return Resolution.ClosedValueRead;
            }
            _obj.Remove(0, at.Start);
            _framer.Rebase(at.Depth);
            _objLine = at.Line;
            _objColumn = at.Column;
            int left = _valueCount - chosen - 1;
            for (int k = 0; k < left; k++)
            {
                var v = _values[chosen + 1 + k];
                v.Start -= at.Start;
                v.Searched -= at.Start;
                if (v.End >= 0) v.End -= at.Start;
                v.Depth -= at.Depth;
                _values[k] = v;
            }
            _valueCount = left;
            return Resolution.Rebased;
        }

        /// <summary>
        /// Whether _obj[start..end) is an event's head cut before its type was all written: '{', then Metadata's first members,
        /// "ei" (a number) and "event" (a string), in either order, each possibly cut. Teleport writes every audit event with its
        /// Metadata as field 1, embedded, Index ("ei", no omitempty) then Type ("event") (api/proto/teleport/legacy/types/events/events.proto
        /// @0009d93e: Metadata, MCPSession*, AppAuthConfigVerify), in struct order (lib/events/filelog.go FastMarshal): such an
        /// object at the event's column is the next event even before its marker. A value a hand nested holds other names.
        /// </summary>
        private bool IsEventHead(int start, int end)
        {
            int i = start;
            bool SkipSpace()
            {
                while (i < end && (_obj[i] == ' ' || _obj[i] == '\t' || _obj[i] == '\r' || _obj[i] == '\n')) i++;
                return i == end;
            }
            if (SkipSpace() || _obj[i++] != '{') return false;
            bool ei = false, type = false;
            while (true)
            {
                if (SkipSpace()) return true;
                if (_obj[i++] != '"') return false;
                int name = i;
                // Only "ei" and "event" (or a start of them) can follow: a longer name is not a head, and is not copied.
                while (i < end && i - name <= 5 && _obj[i] != '"') i++;
                if (i - name > 5) return false;
                string key = _obj.ToString(name, i - name);
                if (i == end) return (!ei && "ei".StartsWith(key, StringComparison.Ordinal)) || (!type && "event".StartsWith(key, StringComparison.Ordinal));
                i++;
                if (key == "ei" && !ei) ei = true;
                else if (key == "event" && !type) type = true;
                else return false;
                if (SkipSpace()) return true;
                if (_obj[i++] != ':') return false;
                if (SkipSpace()) return true;
                if (key == "ei")
                {
                    if (_obj[i] == '-') i++;
                    int digits = i;
                    while (i < end && _obj[i] >= '0' && _obj[i] <= '9') i++;
                    if (i == end) return true;
                    if (i == digits) return false;
                }
                else
                {
                    if (_obj[i++] != '"') return false;
                    bool escape = false;
                    while (i < end && (escape || _obj[i] != '"')) escape = !escape && _obj[i++] == '\\';
                    if (i == end) return true;
                    i++;
                }
                if (SkipSpace()) return true;
                if (_obj[i++] != ',') return false;
                // After the type, a next member is no longer the head: the marker rule decides (Marked).
                if (type) return SkipSpace();
            }
        }

        private void ResetObject()
        {
            _valueCount = 0;
            _obj.Clear();
            // StringBuilder.Clear keeps an array as large as the object was: a long event's space is given back, so that
            // readings that each once held one do not keep it all together.
            if (_obj.Capacity > KeptCapacity) _obj.Capacity = KeptCapacity;
            if (Held != null)
            {
                Held.Chars -= _heldCounted;
                _heldCounted = 0;
            }
            _collecting = false;
            _lineEndedInString = false;
            _cutText = null;
        }

        // Teleport's own lines stop at 64 KiB (Limits.AuditEventMaxChars): events up to that reuse their space.
        private const int KeptCapacity = 64 * 1024;

        // The line buffers (a decoded UTF-8 line, a decoded line encoded back) kept for lines up to KeptCapacity characters.
        private static readonly int KeptDecoded = Utf8.GetMaxCharCount(KeptCapacity);
        private static readonly int KeptEncoded = Utf8.GetMaxByteCount(KeptCapacity);

        /// <summary>
        /// A line buffer of at least <paramref name="need"/> elements: grown (doubling) for a longer line, and given back
        /// down to <paramref name="kept"/> by the first line that fits there, so one long line (up to AuditEventMaxChars,
        /// 16 Mi characters: 48 MB encoded) is not held for the rest of the reading, by each of the piped files' readers.
        /// </summary>
        private static T[] LineBuffer<T>(T[] buffer, int need, int kept)
        {
            if (buffer.Length < need) return new T[Math.Max(need, Math.Max(1 << 12, buffer.Length * 2))];
            if (buffer.Length > kept && need <= kept) return new T[kept];
            return buffer;
        }

        /// <summary>Bytes the line buffers hold now (tests: given back after a long line).</summary>
        internal long LineBufferBytes => _encoded.Length + 2L * _decoded.Length;

        /// <summary>Characters of an unfinished event this reader holds (0 when none is open).</summary>
        internal int HeldChars => _collecting ? _obj.Length : 0;

        /// <summary>Gives back the space that only reading a line needs: a reader set aside keeps its state alone.</summary>
        internal void Trim()
        {
            _decoded = Array.Empty<char>();
            _encoded = Array.Empty<byte>();
            if (!_collecting) _obj.Capacity = 16;
        }

        /// <summary>
        /// The unfinished event is not read (piped files interleaved past a bound, <paramref name="why"/>): counted and said
        /// as set aside, not as cut or malformed, and its remaining lines are skipped as a broken event's are.
        /// </summary>
        internal void SetAside(string why)
        {
            if (!_collecting) return;
            if (_summary.SetAside++ == 0)
            {
                _summary.FirstSetAsideLine = _objLine;
                _summary.SetAsideReason = why;
            }
            SkipRest();
        }

        /// <summary>The column up to which the lines of an event not read are being skipped (<see cref="EndsSkip"/>), or -1.</summary>
        internal int SkipColumn => _skipping ? _skipColumn : -1;

        /// <summary>Skips the rest of an event set aside by an earlier reader of the same source, up to its column.</summary>
        internal void Skip(int column)
        {
            _skipping = true;
            _skipColumn = column;
        }

        public void Flush()
        {
            if (_collecting) Resolve(true); // the input ends where the event would go on after its value
            if (_collecting)
            {
                // The writer may still be busy with the last event (a live events.log): say where, not "malformed".
                _summary.TruncatedAtLine = _objLine;
                ResetObject();
            }
            _skipping = false;
        }

        /// <param name="columnOffset">Where the text starts in its line; -1 when the text is an object over several lines.</param>
        private void Parse(string text, long line, int columnOffset)
        {
            DocNode node;
            try
            {
                node = JsonParser.Parse(text, _source, false, (int)Math.Min(int.MaxValue, line - 1));
            }
            catch (TeleportInputException e)
            {
                if (_summary.Malformed == 0 && e.Location != null && e.Location.Line > 0)
                {
                    // The position of the first malformed line only: the others are counted, not shown.
                    if (columnOffset >= 0)
                    {
                        Malformed(line, e.Detail, columnOffset + Math.Max(1, e.Location.Column));
                        if (_lineBuf == null) _summary.FirstMalformedLineText = Shown(text);
                    }
                    else
                    {
                        Malformed(e.Location.Line, e.Detail, Math.Max(1, e.Location.Column));
                        _summary.FirstMalformedLineText = Shown(SourceText.LineAt(text, (int)(e.Location.Line - line + 1)));
                    }
                }
                else Malformed(line, e.Detail);
                return;
            }
            var ev = FromJson(node, _source, line);
            if (ev == null)
            {
                _summary.OtherEvents++;
                return;
            }
            Count(ev.Kind);
            if (IsSessionBound(ev.Kind)) _sessionServers.Note(ev.SessionId, ev.ServerId);
            else if (_sessionServers.Count > 0 && ev.Kind != AuditEventKind.AppAuthConfigVerify && ev.ServerId == null) ev.SetSessionServer(_sessionServers.Of(ev.SessionId));
            if (!_filter.Matches(ev)) return;
            _summary.Matched++;
            _emit(ev);
        }

        /// <summary>Each break as it is reported (line, column, error): the summary keeps only the first.</summary>
        internal Action<long, int, string>? MalformedSeen { get; set; }

        private char[]? _lineBuf;
        private int _lineStart;
        private int _lineLength;

        /// <param name="column">1-based column in the current line, or 0 when the error is not about a place in it (a cut-off event).</param>
        private void Malformed(long line, string error, int column = 0)
        {
            MalformedSeen?.Invoke(line, column, error);
            if (_summary.Malformed++ == 0)
            {
                _summary.FirstMalformedLine = line;
                _summary.FirstMalformedError = error;
                _summary.FirstMalformedColumn = column;
                if (column > 0 && _lineBuf != null) _summary.FirstMalformedLineText = SourceText.Shown(_lineBuf, _lineStart, _lineLength);
            }
        }

        private static string? Shown(string? line) => line == null ? null : SourceText.Shown(line);

        // ---- one event ---------------------------------------------------------------------------------------

        /// <summary>The MCP event in a parsed JSON object, or null when it is another kind of event.</summary>
        public static AuditEvent? FromJson(DocNode node, string? source, long line)
        {
            if (!(node is DocMap outer)) return null;
            var map = Unwrap(outer);
            if (map == null) return null;
            string? type = Str(map, "event");
            if (type == null) return null;
            var kind = KindOf(type);
            if (kind == null) return null;
            var e = new AuditEvent
            {
                Type = Printable(type),
                Kind = kind.Value,
                Code = Printable(Str(map, "code")),
                Time = ParseTime(Str(map, "time")),
                User = Printable(Str(map, "user")),
                App = Printable(Str(map, "app_name")),
                AppUri = Printable(Str(map, "app_uri")),
                SessionId = Printable(Str(map, "sid")),
                McpSessionId = Printable(Str(map, "mcp_session_id")),
                ServerId = Printable(Str(map, "server_id")),
                ClientInfo = Printable(Str(map, "client_info")),
                ServerInfo = Printable(Str(map, "server_info")),
                ProtocolVersion = Printable(Str(map, "protocol_version")),
                EgressAuthType = Printable(Str(map, "egress_auth_type")),
                IngressAuthType = Printable(Str(map, "ingress_auth_type")),
                ClusterName = Printable(Str(map, "cluster_name")),
                AppAuthConfig = Printable(Str(map, "app_auth_config")),
                EventId = Printable(Str(map, "uid")),
                Error = Printable(Redactor.Redact(Str(map, "error"))),
                Source = source ?? SourceLocation.Pipeline,
                Line = line,
            };
            // message = {jsonrpc, id, method, params} (events.proto MCPJSONRPCMessage); an early build wrote it as "jsonrpc".
            var message = map.Get("message") as DocMap ?? map.Get("jsonrpc") as DocMap;
            if (message != null)
            {
                e.Method = Printable(Str(message, "method"));
                e.RequestId = Printable(JsonRpcId(Str(message, "id")));
                var prms = message.Get("params") as DocMap;
                // Teleport decides on params["name"] only as a JSON string, key spelled exactly so (mcputils JSONRPCParams.GetName
                // p["name"].(string)); a number or a "Name" key names no tool, and newer agents drop "Name" before auditing
                // (lib/srv/mcp/sanitize.go @2e72a89b deleteNonCanonicalKey).
                string? name = Str(message, "method_name") ?? (prms?.Get("name") is DocScalar { IsQuoted: true } n ? n.AsString() : null);
                if (e.Method == "tools/call") e.Tool = Printable(name);
            }
            if (e.Kind == AuditEventKind.InvalidHttpRequest)
            {
                e.HttpMethod = Printable(Str(map, "method"));
                e.HttpPath = Printable(Str(map, "path"));
            }
            if (map.Get("user_roles") is DocList roles)
            {
                var list = new List<string>();
                foreach (var r in roles.Items) if (r.AsString() is string role) list.Add(Printable(role));
                e.UserRoles = list.ToArray();
            }
            if (map.Get("user_traits") is DocMap traits)
            {
                var dict = new Dictionary<string, string[]>(StringComparer.Ordinal);
                foreach (var kv in traits.Entries)
                {
                    var values = new List<string>();
                    if (kv.Value is DocList l) foreach (var v in l.Items) { if (v.AsString() is string item) values.Add(item); }
                    else if (kv.Value.AsString() is string value) values.Add(value);
                    dict[kv.Key] = values.ToArray();
                }
                e.UserTraits = dict;
            }
            // success is always written (events.proto Status); an event without it fails when its code says so.
            bool failureCode = e.Code != null && e.Code.EndsWith("E", StringComparison.Ordinal);
            bool? success = (map.Get("success") as DocScalar)?.AsBool();
            e.Success = success ?? !failureCode;
            // The docs' TMCP002E example has success=true with an error: the code decides.
            if (failureCode || !e.Success || (e.Error != null && success == null)) Classify(e);
            else e.Outcome = AuditOutcome.Success;
            return e;
        }

        /// <summary>
        /// The outcome of a failed event. Teleport checks access on tools/call only (lib/srv/mcp/session.go
        /// processClientRequest, used by stdio/SSE and streamable HTTP alike) and audits what checkAccessToTool returns,
        /// trace.NewAggregate(authErr, err): the checker's refusal (2:A6), or, when the check itself failed (reading the
        /// cluster's auth preference, the access cache), that error's own text, an aggregate of one error being its text
        /// (gravitational/trace aggregate.Error). The client gets the same JSON-RPC -32602 either way (makeToolAccessDeniedResponse).
        /// stdio and SSE apps audit a request failure for that check only (session.go onClientRequest); a streamable HTTP
        /// app also audits the upstream's failure (http.go convertHTTPResponseErrorForAudit): "HTTP " + its status line,
        /// whose reason phrase is the server's own ("HTTP 403 Access Denied"), or the Go transport's error, which can say
        /// "denied" too ("dial tcp …: connect: permission denied"). So a tools/call error that is neither the checker's
        /// text nor an upstream status is the failed check's on stdio/SSE; on streamable HTTP it failed too, but which side failed
        /// (and so whether the roles allowed the call) is not in the event.
        /// </summary>
        private static void Classify(AuditEvent e)
        {
            e.Outcome = AuditOutcome.Failed;
            if (e.Kind != AuditEventKind.Request || !string.Equals(e.Method, "tools/call", StringComparison.Ordinal)) return;
            var err = e.Error;
            if (err == null || UpstreamStatus.IsMatch(err)) return;
            if (NamelessRejection.IsMatch(err))
            {
                // Its own text on every transport: neither the roles' refusal nor an upstream failure.
                e.NoRbacDecision = true;
                e.NamelessRejected = true;
                e.OutcomeReason = NamelessRejectionReason;
                return;
            }
            if (IsCheckerDenial(err))
            {
                e.Outcome = AuditOutcome.Denied;
                return;
            }
            e.NoRbacDecision = true;
            var transport = e.Transport;
            if (transport == McpTransport.Stdio || transport == McpTransport.Sse)
            {
                // PR #66989's rejection has its own text (NamelessRejection); the stored master source is one commit of that line, so
                // another error on a nameless call may still be an earlier form of the rejection as well as the failed check.
                e.OutcomeReason = (StringChecks.IsNullOrEmpty(e.Tool)
                                      ? "Teleport refused the call with an error, not a decision of the roles: the request named no tool (agents with PR #66989 reject it before the roles), or the access check failed: "
                                      : "Teleport refused the call because its access check failed with an error (not a decision of the roles): ") +
                                  "a " + McpTransportRules.ToText(transport) + " app audits no other tools/call failure.";
                return;
            }
            e.RbacDecisionUnknown = true;
            e.OutcomeReason = (transport == McpTransport.Http ? "On a streamable HTTP app" : e.AppUri == null ? "Without the event's app_uri" : "With an app_uri whose scheme names no MCP transport") +
                              " this error can be Teleport's access check failing (the call was refused, not by the roles) or the connection to the MCP server failing (the call was forwarded, the roles allowed it): the text does not tell which.";
        }

        /// <summary>
        /// The access checker's refusal (lib/services/role.go checkAccess: trace.AccessDenied("access to %v denied. User does
        /// not have permissions. %v")), "access denied" in the docs' example, the JSON-RPC text the client gets ("RBAC is
        /// enforced by your Teleport roles…") where found. An mcp.tools entry that is no valid regexp ("error parsing regexp: ...",
        /// lib/utils/replace.go) fails inside CheckAccess, so for every call that reaches it the roles refuse the same way.
        /// </summary>
        private static bool IsCheckerDenial(string err) =>
            CheckerDenial.IsMatch(err) ||
            string.Equals(err.Trim(), "access denied", StringComparison.OrdinalIgnoreCase) ||
            err.IndexOf("RBAC is enforced", StringComparison.OrdinalIgnoreCase) >= 0 ||
            err.IndexOf("error parsing regexp: ", StringComparison.Ordinal) >= 0;

        /// <summary>
        /// PR #66989's rejection of a tools/call whose params carry no non-empty string "name", as audited: lib/srv/mcp/session.go
        /// @2e72a89b processClientRequest returns makeInvalidRequestResponse(req, errInvalidRequestMissingName), a JSON-RPC
        /// -32600 (mcp.INVALID_REQUEST) "Teleport did not forward an invalid Request object." whose data is
        /// trace.BadParameterError{Message: `"name" parameter missing`}; onClientRequest (stdio, SSE) and http.go
        /// handleMCPMessage (streamable HTTP) audit toError(resp): the message replaced by the data error's text
        /// (gravitational/trace BadParameterError.Error() is its Message), then mark3labs/mcp-go JSONRPCErrorDetails.AsError:
        /// ErrInvalidRequest ("invalid request") wrapped as "%w: %s". The prefix is always there: AsError first appears in
        /// mcp-go v0.41.0 (2025-09-28; v0.40.0, which Teleport took in PR #59500, has none, so code calling it links v0.41.0
        /// or later) and every tag from v0.41.0 to v0.58.0 and v1.0.0-beta.1 maps INVALID_REQUEST to that sentinel and
        /// wraps a different message (mark3labs/mcp-go mcp/errors.go at each tag). The bare detail text is no audited form.
        /// </summary>
        internal static readonly Regex NamelessRejection = new Regex(@"\Ainvalid request: ""name"" parameter missing\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        internal const string NamelessRejectionReason =
            "Teleport refused the call before the roles were read and did not forward it: its params carry no non-empty string \"name\" " +
            "(Teleport reads only the key \"name\", as a string). This is PR #66989's rejection (master from 2026-05-26, the v19 line; on v18 through #68500, " +
            "in a release after 18.10.0): the client got JSON-RPC -32600 \"Teleport did not forward an invalid Request object.\" and the roles decided nothing.";

        private static readonly Regex UpstreamStatus = new Regex(@"\AHTTP [0-9]{3}\b", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        // The access checker's text names the resource kind: "access to app denied." (role.go checkAccess). Releases whose
        // sessionCtx checked the tool itself wrote "access to MCP tool %q is denied" (lib/srv/mcp/session.go checkAccessToTool).
        private static readonly Regex CheckerDenial = new Regex(@"\baccess to (?:[a-z_]+|MCP tool ""(?:[^""\\]|\\.)*"" is) denied\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

        /// <summary>
        /// The JSON-RPC id as the client sent it. Teleport writes message.id as mcp-go's RequestId.String() (lib/srv/mcp/audit.go
        /// ID: msg.ID.String()), which tags the value with its Go type: "int64:2", "string:abc", "float64:1.5"
        /// (mark3labs/mcp-go mcp/types.go); the docs' examples show a bare number, kept as it is.
        /// </summary>
        internal static string? JsonRpcId(string? written)
        {
            if (written == null) return null;
            foreach (var tag in GoIdTags)
                if (written.StartsWith(tag, StringComparison.Ordinal)) return written.Substring(tag.Length);
            return written == "<nil>" ? null : written;
        }

        // mcp-go RequestId.String(): "unknown:%v" for a value of another Go type.
        private static readonly string[] GoIdTags = { "int64:", "string:", "float64:", "unknown:" };

        /// <summary>The event object itself, or the one a forwarder wrapped it in (record, payload, log, event).</summary>
        private static DocMap? Unwrap(DocMap map)
        {
            if (map.Get("event") is DocScalar) return map;
            foreach (var key in new[] { "event", "record", "payload", "log", "data" })
                if (map.Get(key) is DocMap inner && inner.Get("event") is DocScalar) return inner;
            return null;
        }

        /// <summary>The kind of an event type read by this reader, or null for another type.</summary>
        private static AuditEventKind? KindOf(string type)
        {
            switch (type)
            {
                case "app_auth_config.verify.success":
                case "app_auth_config.verify.failure": return AuditEventKind.AppAuthConfigVerify;
                case "mcp.session.start": return AuditEventKind.SessionStart;
                case "mcp.session.end": return AuditEventKind.SessionEnd;
                case "mcp.session.request": return AuditEventKind.Request;
                case "mcp.session.notification": return AuditEventKind.Notification;
                case "mcp.session.listen_sse_stream": return AuditEventKind.ListenSseStream;
                case "mcp.session.invalid_http_request": return AuditEventKind.InvalidHttpRequest;
                default: return type.StartsWith(Marker, StringComparison.Ordinal) ? AuditEventKind.Other : (AuditEventKind?)null;
            }
        }

        private static string? Str(DocMap map, string key)
        {
            var v = map.Get(key);
            return v is DocScalar s ? s.AsString() : null;
        }

        internal static DateTime? ParseTime(string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var dto))
                return dto.UtcDateTime;
            return null;
        }

        /// <summary>Control characters from the input become \xNN, so they never reach a terminal raw.</summary>
        [return: NotNullIfNotNull("s")]
        internal static string? Printable(string? s)
        {
            if (s == null) return null;
            int i = 0;
            while (i < s.Length && !IsControl(s[i])) i++;
            if (i == s.Length) return s;
            var sb = new StringBuilder(s.Length + 8).Append(s, 0, i);
            for (; i < s.Length; i++)
            {
                char c = s[i];
                if (IsControl(c)) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.ToString();
        }

        private static string Printable(char c) => Printable(c.ToString());

        private static bool IsControl(char c) => c < 0x20 || (c >= 0x7f && c <= 0x9f);

        private static bool IsSpace(char c) => c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF';

        // ---- the literal pre-check ------------------------------------------------------------------------------

        /// <summary>Whether "mcp.session." or "app_auth_config.verify." occurs in the characters.</summary>
        internal static bool Contains(char[] buf, int start, int length) => MarkerSearch.Contains(buf, start, length);
    }
}
