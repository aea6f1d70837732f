using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Output;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>
    /// A line longer than the reader keeps whole (<see cref="LogFileReader.MaxLineChars"/>): its start is read as a record
    /// (anchored patterns read the line start there), and the rest streams through windows of <see cref="LongWindow"/>
    /// characters that overlap by the longest bounded reach of the catalog's unanchored patterns (<see cref="MatchReach"/>),
    /// so memory stays bounded and every match of such a pattern lies whole, with what it looks at, in one window.
    /// A pattern whose reach has no bound, or reaches past the window, is Indeterminate for the line when its prefilter
    /// text occurs there (<see cref="KnownErrorCatalog.PatternUndecided"/>). The line's text is shown only when the
    /// redaction rules provably change nothing in the whole line (no hint of any rule in it, ASCII:
    /// <see cref="Redactor.MayHoldSecret(char[], int, int)"/>, the test Redact itself makes before it runs a rule);
    /// otherwise the evidence says how long the line was and withholds its text, and the entry's texts name no value of it.
    /// </summary>
    public sealed partial class LogScanner
    {
        /// <summary>Characters of a long line's rest matched at once (plus the overlap).</summary>
        internal const int LongWindow = 1 << 20;

        private LongLine? _long;
        // Set while the record of a long line's start is matched: its findings say the line was cut, its matches are kept.
        private LongLine? _longHead;
        private int _longOverlap;

        private sealed class LongLine
        {
            internal long Line;
            internal bool Json;
            internal LineKind Kind;
            // Some entry's prefilter text occurred in the line (as a record's _hits): a JSON or Teleport text record then ends with its line.
            internal bool AnyHit;
            // Set when the lines after the line may join it (TailFollows): a match in the last window that reads up to the
            // line's end is decided with them, by the tail record (the entries by index).
            internal bool TailFollows;
            internal readonly List<int> TailCut = new List<int>();
            internal long TailStart;
            internal string Family = LogSources.Plain;
            internal readonly Finding Fields = new Finding();
            internal int Cut;
            internal long Length;
            internal bool MayHoldSecret;
            internal char[] Buf = Array.Empty<char>();
            internal int Filled;
            internal long BufStart;
            // Where the line's text read so far stands: in text, or inside an escape sequence a later read may go on with.
            internal EscapeSequences.State Escape;
            // The characters of escape sequences removed so far (positions count the line without them, as a record's do).
            internal long EscapesRemoved;
            internal bool EndsInCr;
            internal HashSet<KnownError> HeadMatched = new HashSet<KnownError>();
            // The findings of the line's windows and end: the values named, the evidence's text, where it is, and the values not named.
            internal readonly List<(KnownError Entry, Finding Finding, Dictionary<string, string?> Values, string Around, long At, IReadOnlyCollection<string>? Unsure)> Found = new List<(KnownError, Finding, Dictionary<string, string?>, string, long, IReadOnlyCollection<string>?)>();
            // The findings of the line's start, sent at its end (HeadFindings): the entry, the finding, its values, what the
            // line's fields alone say, and a pending entry's record text.
            internal readonly List<(KnownError Entry, Finding Finding, Dictionary<string, string?> Values, Finding Fields, string? Head, string? CalledTool)> HeadFound = new List<(KnownError, Finding, Dictionary<string, string?>, Finding, string?, string?)>();
            internal readonly Dictionary<KnownError, string> Undecided = new Dictionary<KnownError, string>();
            // Entries (by index) whose match in the line's start may read past its cut: every window runs them, whatever the prefilter saw
            // (found, no match in any window, or Indeterminate there as any entry).
            internal readonly List<int> HeadCut = new List<int>();
            // Entries (by index) whose pattern timed out on the line (its start, a window or its end): Indeterminate for it, not run on it again.
            internal readonly HashSet<int> TimedOut = new HashSet<int>();
            // The ids of every entry whose pattern timed out on the line (within the scan's budget or not): at
            // KnownErrorCatalog.LineTimeoutCap of them the line runs no other entry; those it would have run are NotRun (by index).
            internal readonly List<string> TimeoutIds = new List<string>();
            internal readonly HashSet<int> NotRun = new HashSet<int>();
        }

        // An entry's pattern timed out on the long line within the scan's budget (KnownErrorCatalog.LineTimedOut): no later
        // window or end record of the line runs it, so the line costs one timeout per entry however many windows it has.
        private void LineTimedOut(LongLine l, int i, KnownError entry)
        {
            l.TimedOut.Add(i);
            l.Undecided[entry] = KnownErrorCatalog.LineTimeoutReason(KnownErrorCatalog.LineTimeoutsTaken(_timeouts));
        }

        /// <summary>
        /// Whether a match in a long line's start (a record of its first characters) is a match of the whole line: what its
        /// pattern may look at past the match must end before the cut. Else the record's end stood in for the line's rest
        /// (a '\z', '$', '\b' or lookahead there reads "end of text"), and the windows decide the entry.
        /// </summary>
        private bool LongHeadDecides(int index, KnownError entry, Match m, int recordLength)
        {
            var l = _longHead;
            if (l == null) return true;
            var r = entry.Reach!;
            // Decided there; a bounded pattern whose values the rest could change is matched again by the windows, which see them whole.
            if (r.DecidedIn((long)m.Index + m.Length, recordLength) && (r.Unbounded != null || r.UnsureIn(m.Index, recordLength).Count == 0)) return true;
            l.HeadCut.Add(index);
            return false;
        }

        /// <summary>The characters consecutive windows of a long line share: the longest span a bounded, unanchored pattern decides on.</summary>
        internal int LongOverlap
        {
            get
            {
                if (_longOverlap > 0) return _longOverlap;
                long o = Math.Max(2, Redactor.Hints.MaxLength);
                foreach (var e in _catalog.Entries)
                {
                    foreach (var f in e.Prefilters) o = Math.Max(o, f.Length);
                    var r = e.Reach;
                    if (r == null || r.Anchored) continue;
                    if (r.Unbounded == null && r.Span <= LongWindow / 2) o = Math.Max(o, r.Span);
                    // A pattern whose attempts are decided within a bounded reach (its consumption may be unbounded only in an
                    // always-true lookaround): every attempt lies whole in one window.
                    long exact = r.ExactReach;
                    if (r.Behind >= 0 && exact >= 0 && r.Behind + exact <= LongWindow / 2) o = Math.Max(o, r.Behind + exact);
                }
                return _longOverlap = (int)o;
            }
        }

        /// <inheritdoc/>
        public void LongLineStart(char[] buf, int start, int length, int cut)
        {
            var l = new LongLine { Cut = cut, Length = length };
            // The record before the line ends first: it is not the long line's start (no marker, its matches are its own).
            Complete();
            // The line's start is a record of its own, read as any line (anchored patterns see the line's start there);
            // what follows it, the rest of the line, is matched below, not joined to it.
            _longHead = l;
            try
            {
                FeedLine(buf, start, cut);
                Complete();
            }
            finally
            {
                _longHead = null;
            }
            l.Line = LineNumber;
            var kind = LogLineFormat.Classify(buf, start, cut, out int body);
            string head = new string(buf, body, start + cut - body);
            head = EscapeSequences.Remove(head);
            l.Family = LogLineFormat.SourceOf(kind, head, _source);
            l.Json = kind == LineKind.Json;
            l.Kind = kind;
            LogLineFormat.ExtractFields(kind, head, l.Fields);
            if (l.Fields.App == null && _pathServer != null) l.Fields.App = LogLineFormat.AppFromServer(_pathServer);
            int overlap = LongOverlap;
            l.Buf = new char[LongWindow + overlap];
            // Positions in the windows count the line's characters without its escape sequences, as a record's matches do
            // (from is no sequence's inside, WindowsFrom).
            int from = WindowsFrom(buf, start, cut, overlap, out long keptBefore);
            l.EscapesRemoved = from - keptBefore;
            l.BufStart = keptBefore;
            // The part before the first window is looked at for hints here (up to the window's start and the longest hint past
            // it), as written and as read (a hint an escape sequence splits is one once the sequence is removed).
            int before = Math.Min(length, from + overlap);
            l.MayHoldSecret = Redactor.MayHoldSecret(buf, start, before) ||
                              (EscapeSequences.Any(buf, start, before) && Redactor.MayHoldSecret(EscapeSequences.Remove(new string(buf, start, before))));
            _long = l;
            Append(l, buf, start + from, length - from, false);
        }

        /// <inheritdoc/>
        public void LongLineRest(char[] buf, int start, int length)
        {
            var l = _long;
            if (l == null || length <= 0) return;
            l.Length += length;
            Append(l, buf, start, length, false);
        }

        /// <inheritdoc/>
        public void LongLineEnd()
        {
            var l = _long;
            if (l == null) return;
            _long = null;
            // The '\r' of a CRLF line end is not the line's (FeedLine drops it before it removes escape sequences): only the
            // last character read, not one a sequence's removal left last (a sequence open at the line's end is removed to
            // it, '\r' included, in both).
            if (l.EndsInCr && l.Filled > 0 && l.Buf[l.Filled - 1] == '\r')
            {
                l.Filled--;
                l.Length--;
            }
            // The lines after it join the line's record as they join any record's (a continuation line, while the record is
            // open): a JSON or Teleport text line with a prefilter hit ends its record at once (FeedLine), an unstamped line
            // takes none. Then the line's end is read with them (OpenTail), as the line read at once would be.
            MatchWindow(l, true);
            if (l.TailFollows) OpenTail(l);
            else ReportLong(l);
        }

        // Set while the record that holds a long line's end (its last characters) and the lines that join it is open.
        private LongLine? _longTail;

        /// <summary>
        /// Opens the record of a long line's end: its last <see cref="LongOverlap"/> characters (ANSI codes removed), to which
        /// the next continuation lines join as to any record. Every match of a bounded, unanchored pattern that reads past the
        /// line's end into them lies in it; the line's findings are sent when it completes (<see cref="CompleteTail"/>).
        /// </summary>
        private void OpenTail(LongLine l)
        {
            int n = Math.Min(l.Filled, LongOverlap);
            if (_head.Length < n) _head = new char[Math.Max(n, _head.Length * 2)];
            Array.Copy(l.Buf, l.Filled - n, _head, 0, n);
            l.TailStart = l.BufStart + l.Filled - n;
            _headLength = n;
            _headKind = l.Kind;
            _headStampLength = 0;
            _headServer = _headEntry = null;
            _headRelayed = false;
            _headUnread = false;
            _headLine = l.Line;
            _open = true;
            _longTail = l;
            // The line's end is prefiltered again with what joins it; the entries whose match there read up to the end too.
            _prefilter.Scan(_head, 0, n, _onHit);
            foreach (int i in l.TailCut)
                if (!_hit[i])
                {
                    _hit[i] = true;
                    _hits.Add(i);
                }
        }

        /// <summary>
        /// The record of a long line's end completes: the entries its text (the line's end and the lines joined to it) holds
        /// and the line did not decide are matched in it by the windows' rule (<see cref="MatchIn"/>, as a text that ends where
        /// the record ends), or are Indeterminate (a pattern without a bound, or anchored at the line's start and unbounded, may
        /// match from anywhere in the line into the lines after it). Then the line's findings are sent.
        /// </summary>
        private void CompleteTail()
        {
            var l = _longTail!;
            _longTail = null;
            string cont = _cont.Length > 0 ? _cont.ToString() : "";
            cont = EscapeSequences.Remove(cont);
            if (!l.MayHoldSecret && cont.Length > 0) l.MayHoldSecret = Redactor.MayHoldSecret(cont);
            string record = new string(_head, 0, _headLength) + cont;
            int tailLength = _headLength;
            foreach (int i in _hits)
            {
                var entry = Undone(l, i);
                if (entry == null) continue;
                var r = entry.Reach!;
                var how = HowDecided(r);
                if (r.Anchored || how == LongDecision.None)
                {
                    // Anchored and bounded: every match lies in the line's start, which decided it. Else a match may run from
                    // anywhere in the line into the lines joined to it.
                    if (r.Unbounded != null && cont.Length > 0)
                        l.Undecided[entry] = "its pattern has no bound on what one match reads (" + r.Unbounded + "), so a match running from the line into the lines joined to it is not decided";
                    continue;
                }
                // The record is whole: what it holds is decided as at a line's end.
                if (!MatchIn(l, i, entry, how, record, new LongText(l.TailStart, tailLength, true, -1, false)) && how == LongDecision.Existence && cont.Length > 0)
                    l.Undecided[entry] = NoBound(r) + ", so a match running from the line into the lines joined to it is not decided";
            }
            ReportLong(l);
        }

        /// <summary>
        /// Appends the line's text to the window, with its escape sequences removed as a record's are
        /// (<see cref="EscapeSequences"/>), before the text is cut into windows: the reader's state is kept between reads, so
        /// a sequence a read's or a window's edge would cut is removed whole, as in the line read at once.
        /// </summary>
        private void Append(LongLine l, char[] buf, int start, int count, bool last)
        {
            if (count <= 0) return;
            l.EndsInCr = buf[start + count - 1] == '\r';
            int end = start + count;
            var finder = new EscapeSequences.Finder(buf, end);
            while (start < end)
            {
                if (l.Escape == EscapeSequences.State.Text)
                {
                    int at = finder.Next(start);
                    int plain = (at < 0 ? end : at) - start;
                    AppendText(l, buf, start, plain, last);
                    start += plain;
                    if (at < 0) break;
                }
                int from = start;
                while (start < end && !EscapeSequences.InText(ref l.Escape, buf[start]))
                {
                    start++;
                    if (l.Escape == EscapeSequences.State.Text) break;
                }
                l.EscapesRemoved += start - from;
            }
        }

        private void AppendText(LongLine l, char[] buf, int start, int count, bool last)
        {
            int overlap = LongOverlap;
            while (count > 0)
            {
                int n = Math.Min(count, l.Buf.Length - l.Filled);
                Array.Copy(buf, start, l.Buf, l.Filled, n);
                l.Filled += n;
                start += n;
                count -= n;
                if (l.Filled < l.Buf.Length) continue;
                MatchWindow(l, last);
                Array.Copy(l.Buf, l.Filled - overlap, l.Buf, 0, overlap);
                l.BufStart += l.Filled - overlap;
                l.Filled = overlap;
            }
        }

        /// <summary>
        /// Where the windows of a long line start: <paramref name="overlap"/> characters of text (escape sequences removed)
        /// before the cut, at one of them, so never inside a sequence (a match crossing the cut lies whole in the first window,
        /// which removes the sequences the line read at once removes). <paramref name="keptBefore"/>: the characters of text
        /// before it. One pass when the line holds no sequence, else two, each linear in the line.
        /// </summary>
        internal static int WindowsFrom(char[] buf, int start, int cut, int overlap, out long keptBefore)
        {
            long kept = EscapeSequences.Kept(buf, start, cut);
            keptBefore = Math.Max(0, kept - overlap);
            if (kept == cut)
            {
                ParseCounter.Add(ParseCounter.WindowsFromSteps, Math.Max(1, cut));
                return (int)keptBefore;
            }
            ParseCounter.Add(ParseCounter.WindowsFromSteps, 2L * cut);
            // IndexOfKept gives the index of the text's character number keptBefore, so keptBefore characters precede it.
            return EscapeSequences.IndexOfKept(buf, start, cut, keptBefore) - start;
        }

        /// <summary>The entries whose prefilter text the window holds, matched in it; a window that does not end the line accepts no match whose reach crosses its end.</summary>
        private void MatchWindow(LongLine l, bool last)
        {
            if (!l.MayHoldSecret) l.MayHoldSecret = Redactor.MayHoldSecret(l.Buf, 0, l.Filled);
            _prefilter.Scan(l.Buf, 0, l.Filled, _onHit);
            if (_hits.Count > 0) l.AnyHit = true;
            if (last)
            {
                char lastChar = l.Filled > 0 ? l.Buf[l.Filled - 1] : '\0';
                l.TailFollows = l.Kind != LineKind.Continuation &&
                                !(l.AnyHit && (l.Kind == LineKind.Json || ((l.Kind == LineKind.TeleportText || l.Kind == LineKind.TeleportTextNoTime) && lastChar != '[')));
            }
            foreach (int i in l.HeadCut)
                if (!_hit[i])
                {
                    _hit[i] = true;
                    _hits.Add(i);
                }
            MatchHits(l, last);
        }

        private void MatchHits(LongLine l, bool last)
        {
            if (_hits.Count == 0) return;
            var hits = _hits.ToArray();
            for (int k = 0; k < _hits.Count; k++) _hit[_hits[k]] = false;
            _hits.Clear();
            string? window = null;
            int overlap = LongOverlap;
            // What follows the window: another window (its last overlap characters start it), the record of the line's end
            // (TailFollows: the lines joined to it may change a match reading up to the end), or nothing (the line ends the text).
            var text = !last ? new LongText(l.BufStart, int.MaxValue, false, l.Filled - overlap, false)
                     : l.TailFollows ? new LongText(l.BufStart, int.MaxValue, false, l.Filled - Math.Min(l.Filled, overlap), true)
                     : new LongText(l.BufStart, int.MaxValue, true, -1, false);
            foreach (int i in hits)
            {
                var entry = Undone(l, i);
                if (entry == null) continue;
                var r = entry.Reach!;
                var how = HowDecided(r);
                if (r.Anchored)
                {
                    // Every match lies in the first Span characters: the line's start read as a record decided it, unless it is longer.
                    if (r.Unbounded != null)
                        l.Undecided[entry] = "its pattern has no bound on what one match reads (" + r.Unbounded + "), so no window of the line decides it";
                    else if (r.Span > l.Cut)
                        l.Undecided[entry] = "its pattern matches at the line's start and reads up to " + Count(r.Span) + " characters, past the " + Count(l.Cut) + " read there";
                    continue;
                }
                if (how == LongDecision.None)
                {
                    l.Undecided[entry] = r.Unbounded != null
                        ? "its pattern has no bound on what one match reads (" + r.Unbounded + "), so no window of the line decides it"
                        : "one match of its pattern reads up to " + Count(r.Span) + " characters, more than the " + Count(LongWindow / 2) + " a window of the line decides";
                    continue;
                }
                window ??= new string(l.Buf, 0, l.Filled);
                // A pattern decided only where a match is found: a window with its text and no such match leaves it open (a match
                // may start before the window); a later window that finds one decides it (ReportLong drops this then).
                if (!MatchIn(l, i, entry, how, window, text) && how == LongDecision.Existence && !l.Undecided.ContainsKey(entry))
                    l.Undecided[entry] = NoBound(r) + ", so a match may begin before the part of the line that holds its text, and no part of the line that holds a whole match decided it";
            }
        }

        // Why an entry decided only where a match is found (LongDecision.Existence) may be left open.
        private static string NoBound(MatchReach r) => r.Unbounded != null
            ? "its pattern has no bound on what one match reads (" + r.Unbounded + ")"
            : "one match of its pattern reads up to " + Count(r.Span) + " characters, more than the " + Count(LongWindow / 2) + " a window of the line decides whole";

        /// <summary>How a window of a long line decides an entry (from its pattern's <see cref="MatchReach"/>).</summary>
        private enum LongDecision
        {
            /// <summary>Every attempt at every place is decided in some window (<see cref="MatchReach.ExactReach"/> and
            /// <see cref="MatchReach.Behind"/> fit in the overlap): the line's first match is found, with its values.</summary>
            Exact,
            /// <summary>A match found is the line's when what decides it lies in the window (<see cref="MatchReach.DecisionAround"/>);
            /// a match may start before the window, so no value is named and a window without one leaves the entry open.</summary>
            Existence,
            /// <summary>Not decided by a window (what decides a match, or what it reads before its start, has no bound).</summary>
            None,
        }

        private LongDecision HowDecided(MatchReach r)
        {
            if (r.Behind < 0 || r.DecisionAround < 0) return LongDecision.None;
            long exact = r.ExactReach;
            if (exact >= 0 && r.Behind + exact <= LongOverlap) return LongDecision.Exact;
            return r.Behind + (long)r.DecisionAround <= LongWindow / 2 ? LongDecision.Existence : LongDecision.None;
        }

        /// <summary>The entry of a hit that the long line has not decided yet (null: not an entry, not for this line, or decided).</summary>
        private KnownError? Undone(LongLine l, int i)
        {
            if (i >= _catalog.Entries.Count) return null;
            var entry = _catalog.Entries[i];
            if (entry.Match == null || !entry.AppliesTo(l.Family) || KnownErrorCatalog.IsTurnedOff(_timeouts, i) || l.TimedOut.Contains(i)) return null;
            if (l.HeadMatched.Contains(entry) || l.Found.Exists(x => ReferenceEquals(x.Entry, entry))) return null;
            // Left open by a window without a match: a later one may find one (Existence); any other reason is final.
            if (l.Undecided.ContainsKey(entry) && HowDecided(entry.Reach!) != LongDecision.Existence) return null;
            // The line has cost the most pattern timeouts a line may: the entry is not run on it (Indeterminate, ReportLong).
            if (l.TimeoutIds.Count >= KnownErrorCatalog.LineTimeoutCap)
            {
                l.NotRun.Add(i);
                return null;
            }
            return entry;
        }

        /// <summary>
        /// A text of a long line matched (a window, or the record of its end and the lines joined to it): where it starts in the
        /// line (Start; places at or past StartLimit are in the joined lines), whether nothing past its end changes a match in it
        /// (Ends), and where the text matched after it starts in it (LaterFrom, -1: none; LaterEnds: that is the record of the line's end).
        /// </summary>
        private readonly struct LongText
        {
            internal LongText(long start, int startLimit, bool ends, int laterFrom, bool laterEnds)
            {
                Start = start;
                StartLimit = startLimit;
                Ends = ends;
                LaterFrom = laterFrom;
                LaterEnds = laterEnds;
            }

            internal readonly long Start;
            internal readonly int StartLimit;
            internal readonly bool Ends;
            internal readonly int LaterFrom;
            internal readonly bool LaterEnds;
        }

        /// <summary>
        /// The entry's matches in one text of the long line, as the line read at once has them. A match is taken when nothing
        /// outside the text could change whether it holds: what it reads before its start lies in the text (Behind) and, unless
        /// the text ends where the line's record ends, what decides it past its end too. With <see cref="LongDecision.Exact"/> the
        /// first match taken is the line's first, its values those no text outside could change (<see cref="MatchReach.UnsureIn"/>);
        /// a match the later text sees whole, and would name more of, is left to it. With <see cref="LongDecision.Existence"/> the
        /// match proves the entry, names no value, and a match not decided here is looked for further on. True when one was taken
        /// or left to the later text.
        /// </summary>
        private bool MatchIn(LongLine l, int i, KnownError entry, LongDecision how, string text, LongText where)
        {
            var r = entry.Reach!;
            int behind = r.Behind;
            int at = 0;
            while (at <= text.Length)
            {
                Match m;
                ParseCounter.Add(ParseCounter.LongLineMatchCalls);
                try
                {
                    m = _catalog.Run(i, text, at);
                }
                catch (RegexMatchTimeoutException)
                {
                    l.TimeoutIds.Add(entry.Id);
                    if (_catalog.LineTimedOut(_timeouts, i, _source, l.Line)) LineTimedOut(l, i, entry);
                    return true;
                }
                if (!m.Success) return false;
                at = m.Index + 1;
                // What the match read before it lies in the text; one starting earlier in the line was the text before's.
                if (m.Index < behind) continue;
                bool later = where.LaterFrom >= 0 && m.Index >= where.LaterFrom + behind;
                IReadOnlyCollection<string> unsure;
                if (how == LongDecision.Exact)
                {
                    if (!where.Ends && m.Index + r.ExactReach > text.Length)
                    {
                        // Not decided here; the later text holds the attempt whole (the overlap is at least Behind + ExactReach).
                        Later(l, i, where);
                        return true;
                    }
                    unsure = where.Ends ? Array.Empty<string>() : r.UnsureIn(m.Index, text.Length);
                    // A value the later text would name (a window's: one its length bounds; the line's end: any) is left to it.
                    if (unsure.Count > 0 && later && (where.LaterEnds || unsure.Count > r.UnsureIn(m.Index, long.MaxValue / 4).Count))
                    {
                        Later(l, i, where);
                        return true;
                    }
                }
                else
                {
                    if (!where.Ends && !r.DecidedIn((long)m.Index + m.Length, text.Length))
                    {
                        // The line's end is not the record's when lines join it: the record of its end decides.
                        if (where.LaterEnds && later)
                        {
                            Later(l, i, where);
                            return true;
                        }
                        // Not looked for further in this text: each later start may run to the same end, and trying them all is
                        // (starts x text) work in one window. Left open here, it is decided by a later window or stays Indeterminate.
                        return false;
                    }
                    unsure = new List<string>(r.Names);
                }
                var values = GroupValues(entry.Match!, m, l.Json);
                foreach (var name in unsure) values.Remove(name);
                l.Found.Add((entry, LongFinding(entry, l), values, Redactor.RedactWindow(text, m.Index, 2000, 300),
                             m.Index < where.StartLimit ? where.Start + m.Index : -1, unsure.Count > 0 ? unsure : null));
                return true;
            }
            return false;
        }

        // The later text decides: the next window sees the match again by itself; the record of the line's end is told.
        private static void Later(LongLine l, int i, LongText where)
        {
            if (where.LaterEnds && !l.TailCut.Contains(i)) l.TailCut.Add(i);
        }

        /// <summary>A finding of the long line, with what the line's fields say (time, app, user, host user, command).</summary>
        private Finding LongFinding(KnownError entry, LongLine l)
        {
            var f = NewFinding(entry, l.Family, l.Line);
            f.Time = l.Fields.Time;
            f.App = l.Fields.App;
            f.User = l.Fields.User;
            f.HostUser = l.Fields.HostUser;
            f.Command = l.Fields.Command;
            return f;
        }

        /// <summary>The reason a long line's text is not shown.</summary>
        internal const string WithheldReason = "text withheld: a redaction rule may apply to it, and no window of the line holds the whole of what it may mask";

        /// <summary>
        /// The findings of a long line's start, at the line's end. Its start was redacted as a record cut at 12 Mi characters:
        /// a secret the cut splits is not known to the rules there, so its part before the cut could show. The start's text
        /// and the match's values are shown only when no redaction rule can apply anywhere in the line
        /// (<see cref="Redactor.MayHoldSecret(char[], int, int)"/> over all of it, as for the windows); otherwise the evidence
        /// withholds the text and the cause/fix take only what the line's fields and earlier lines say.
        /// </summary>
        private void HeadFindings(LongLine l)
        {
            foreach (var (entry, f, found, fields, head, calledTool) in l.HeadFound)
            {
                var values = found;
                if (l.MayHoldSecret)
                {
                    values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                    // Only the earlier tools/call request's tool: a match's own (?<tool>) group may have read this line's text.
                    if (calledTool != null) values["tool"] = calledTool;
                    f.App = fields.App;
                    f.User = fields.User;
                    f.HostUser = fields.HostUser;
                    f.Command = fields.Command;
                    if (f.App != null) values["app"] = f.App;
                    if (f.Command != null) values["command"] = f.Command;
                    if (f.User != null) values["user"] = f.User;
                    if (f.HostUser != null) values["host_user"] = f.HostUser;
                    f.Cause = Fill(entry.Cause, values);
                    f.Fix = Fill(entry.Fix, values);
                    f.Evidence = LongHeadMarker + "\n[" + WithheldReason + "]";
                }
                if (entry.Pending)
                {
                    KeepPending(entry, f, values, l.MayHoldSecret ? f.Evidence! : head!);
                    continue;
                }
                Emit(entry, f, values.TryGetValue("error", out var error) ? error : null);
            }
            l.HeadFound.Clear();
        }

        private void ReportLong(LongLine l)
        {
            HeadFindings(l);
            string length = LineLengthText(l.Length);
            var superseded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var x in l.Found)
                foreach (var s in x.Entry.Supersedes) superseded.Add(s);
            foreach (var x in l.Found)
            {
                if (superseded.Contains(x.Entry.Id)) continue;
                var f = x.Finding;
                // A value read from a window is shown only when nothing in the line could be a secret; else it is <name>.
                var values = l.MayHoldSecret ? new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) : x.Values;
                if (values.TryGetValue("app", out var app)) f.App = AppNamed(l.Family, app);
                if (values.TryGetValue("command", out var cmd)) f.Command = cmd;
                if (values.TryGetValue("user", out var user)) f.User = user;
                if (values.TryGetValue("host_user", out var hostUser)) f.HostUser = hostUser;
                if (f.App != null) values["app"] = f.App;
                if (f.Command != null && !values.ContainsKey("command")) values["command"] = f.Command;
                if (f.User != null) values["user"] = f.User;
                if (f.HostUser != null) values["host_user"] = f.HostUser;
                f.Cause = Fill(x.Entry.Cause, values);
                f.Fix = Fill(x.Entry.Fix, values);
                string notNamed = x.Unsure != null ? " " + UnsureText(x.Unsure) : "";
                f.Evidence = l.MayHoldSecret
                    ? "[line of " + length + "; text withheld]"
                    : x.At < 0
                        ? "[line of " + length + ", too long to show; its end and the lines joined to it]" + notNamed + "\n" + x.Around
                        : "[line of " + length + ", too long to show; the text around character " + (x.At + 1).ToString("N0", CultureInfo.InvariantCulture) +
                          (l.EscapesRemoved > 0 ? " of the line without its escape sequences" : "") + "]" + notNamed + "\n" + x.Around;
                if (x.Entry.Pending)
                {
                    KeepPending(x.Entry, f, values, f.Evidence);
                    continue;
                }
                Emit(x.Entry, f, values.TryGetValue("error", out var error) ? error : null);
            }
            var notRun = new List<KnownError>();
            foreach (int i in l.NotRun)
            {
                var entry = _catalog.Entries[i];
                if (!KnownErrorCatalog.IsTurnedOff(_timeouts, i) && !l.TimedOut.Contains(i) && !l.HeadMatched.Contains(entry) && !l.Found.Exists(x => ReferenceEquals(x.Entry, entry))) notRun.Add(entry);
            }
            notRun.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            foreach (var u in l.Undecided)
                if (!l.Found.Exists(x => ReferenceEquals(x.Entry, u.Key)) && !notRun.Contains(u.Key)) _catalog.Undecided(u.Key, _source, l.Line, length, u.Value);
            _catalog.NotRun(notRun, l.TimeoutIds, _source, l.Line, length);
        }

        /// <summary>The marker a long line's start gets in a finding's evidence.</summary>
        internal static readonly string LongHeadMarker = "[line longer than " + LineLengthText(LogFileReader.MaxLineChars) + ", too long to show; its start]";

        /// <summary>"64 Mi characters", "12.5 Mi characters", "900,000 characters".</summary>
        internal static string LineLengthText(long chars)
        {
            const long mi = 1 << 20;
            if (chars < mi) return Count(chars) + " characters";
            return (chars % mi == 0 ? (chars / mi).ToString(CultureInfo.InvariantCulture) : (chars / (double)mi).ToString("0.#", CultureInfo.InvariantCulture)) + " Mi characters";
        }

        private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    }
}
