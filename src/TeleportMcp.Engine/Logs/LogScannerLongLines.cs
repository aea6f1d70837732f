using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
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
            internal string Family = LogSources.Plain;
            internal readonly Finding Fields = new Finding();
            internal int Cut;
            internal long Length;
            internal bool MayHoldSecret;
            internal char[] Buf = Array.Empty<char>();
            internal int Filled;
            internal long BufStart;
            internal HashSet<KnownError> HeadMatched = new HashSet<KnownError>();
            internal readonly List<(KnownError Entry, Finding Finding, Dictionary<string, string?> Values, string Around, long At)> Found = new List<(KnownError, Finding, Dictionary<string, string?>, string, long)>();
            internal readonly Dictionary<KnownError, string> Undecided = new Dictionary<KnownError, string>();
            // Entries (by index) whose match in the line's start may read past its cut: every window runs them, whatever the prefilter saw
            // (found, no match in any window, or Indeterminate there as any entry).
            internal readonly List<int> HeadCut = new List<int>();
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
            if (r.AroundKnown && (long)m.Index + m.Length + r.Around <= recordLength) return true;
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
                    if (r != null && r.Unbounded == null && !r.Anchored && r.Span <= LongWindow / 2) o = Math.Max(o, r.Span);
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
            if (head.IndexOf('\u001b') >= 0) head = Ansi.Replace(head, "");
            l.Family = LogLineFormat.SourceOf(kind, head, _source);
            l.Json = kind == LineKind.Json;
            LogLineFormat.ExtractFields(kind, head, l.Fields);
            if (l.Fields.App == null && _pathServer != null) l.Fields.App = LogLineFormat.AppFromServer(_pathServer);
            int overlap = LongOverlap;
            l.Buf = new char[LongWindow + overlap];
            int from = Math.Max(0, cut - overlap);
            l.BufStart = from;
            // The part before the first window is looked at for hints here (up to the window's start and the longest hint past it).
            l.MayHoldSecret = Redactor.MayHoldSecret(buf, start, Math.Min(length, from + overlap));
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
            if (l.Filled > 0 && l.Buf[l.Filled - 1] == '\r')
            {
                l.Filled--;
                l.Length--;
            }
            MatchWindow(l, true);
            ReportLong(l);
        }

        private void Append(LongLine l, char[] buf, int start, int count, bool last)
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

        /// <summary>The entries whose prefilter text the window holds, matched in it; a window that does not end the line accepts no match whose reach crosses its end.</summary>
        private void MatchWindow(LongLine l, bool last)
        {
            if (!l.MayHoldSecret) l.MayHoldSecret = Redactor.MayHoldSecret(l.Buf, 0, l.Filled);
            _prefilter.Scan(l.Buf, 0, l.Filled, _onHit);
            foreach (int i in l.HeadCut)
                if (!_hit[i])
                {
                    _hit[i] = true;
                    _hits.Add(i);
                }
            // Records are matched with ANSI codes removed; a window matches the raw text, so it decides no entry whose
            // prefilter text shows with them removed: what the window did not find there is Indeterminate (below).
            List<int>? coloured = null;
            if (Array.IndexOf(l.Buf, '\u001b', 0, l.Filled) >= 0)
            {
                var raw = _hits.ToArray();
                for (int k = 0; k < raw.Length; k++) _hit[raw[k]] = false;
                _hits.Clear();
                var plain = Ansi.Replace(new string(l.Buf, 0, l.Filled), "").ToCharArray();
                _prefilter.Scan(plain, 0, plain.Length, _onHit);
                coloured = new List<int>(_hits);
                foreach (int i in raw)
                    if (!_hit[i])
                    {
                        _hit[i] = true;
                        _hits.Add(i);
                    }
            }
            try
            {
                MatchHits(l, last);
            }
            finally
            {
                if (coloured != null)
                    foreach (int i in coloured)
                    {
                        if (i >= _catalog.Entries.Count) continue;
                        var entry = _catalog.Entries[i];
                        if (entry.Match == null || !entry.AppliesTo(l.Family) || _catalog.IsTurnedOff(i)) continue;
                        if (l.HeadMatched.Contains(entry) || l.Undecided.ContainsKey(entry) || l.Found.Exists(x => ReferenceEquals(x.Entry, entry))) continue;
                        l.Undecided[entry] = "the line's rest holds ANSI escape codes, which a window of the line does not remove as a record's are";
                    }
            }
        }

        private void MatchHits(LongLine l, bool last)
        {
            if (_hits.Count == 0) return;
            var hits = _hits.ToArray();
            for (int k = 0; k < _hits.Count; k++) _hit[_hits[k]] = false;
            _hits.Clear();
            string? window = null;
            int overlap = LongOverlap;
            foreach (int i in hits)
            {
                if (i >= _catalog.Entries.Count) continue;
                var entry = _catalog.Entries[i];
                if (entry.Match == null || !entry.AppliesTo(l.Family) || _catalog.IsTurnedOff(i)) continue;
                if (l.HeadMatched.Contains(entry) || l.Undecided.ContainsKey(entry) || l.Found.Exists(x => ReferenceEquals(x.Entry, entry))) continue;
                var r = entry.Reach!;
                if (r.Unbounded != null)
                {
                    l.Undecided[entry] = "its pattern has no bound on what one match reads (" + r.Unbounded + "), so no window of the line decides it";
                    continue;
                }
                if (r.Anchored)
                {
                    // Every match lies in the first Span characters: the line's start read as a record decided it, unless it is longer.
                    if (r.Span > l.Cut)
                        l.Undecided[entry] = "its pattern matches at the line's start and reads up to " + Count(r.Span) + " characters, past the " + Count(l.Cut) + " read there";
                    continue;
                }
                if (r.Span > overlap)
                {
                    l.Undecided[entry] = "one match of its pattern reads up to " + Count(r.Span) + " characters, more than the " + Count(LongWindow / 2) + " a window of the line decides";
                    continue;
                }
                window ??= new string(l.Buf, 0, l.Filled);
                int at = 0;
                while (at <= window.Length)
                {
                    Match m;
                    try
                    {
                        m = entry.Match.Match(window, at);
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        _catalog.TimedOut(i, _source, l.Line);
                        break;
                    }
                    if (!m.Success) break;
                    // What the match looked at must lie in the window (its start is never the line's: the line's start was a record).
                    // A window that does not end the line takes a match only when the longest match from its start would fit:
                    // a greedy capture cut by the window's end is taken whole by the next window.
                    if (m.Index >= r.Around && (last || (long)m.Index + r.Consumed + r.Around <= window.Length))
                    {
                        var f = NewFinding(entry, l.Family, l.Line);
                        f.Time = l.Fields.Time;
                        f.App = l.Fields.App;
                        f.User = l.Fields.User;
                        f.HostUser = l.Fields.HostUser;
                        f.Command = l.Fields.Command;
                        var values = GroupValues(entry.Match, m, l.Json);
                        l.Found.Add((entry, f, values, Redactor.RedactWindow(window, m.Index, 2000, 300), l.BufStart + m.Index));
                        break;
                    }
                    at = m.Index + 1;
                }
            }
        }

        private void ReportLong(LongLine l)
        {
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
                f.Evidence = l.MayHoldSecret
                    ? "[line of " + length + "; text withheld]"
                    : "[line of " + length + ", too long to show; the text around character " + (x.At + 1).ToString("N0", CultureInfo.InvariantCulture) + "]\n" + x.Around;
                if (x.Entry.Pending)
                {
                    KeepPending(x.Entry, f, values, f.Evidence);
                    continue;
                }
                Emit(x.Entry, f, values.TryGetValue("error", out var error) ? error : null);
            }
            foreach (var u in l.Undecided)
                if (!l.Found.Exists(x => ReferenceEquals(x.Entry, u.Key))) _catalog.Undecided(u.Key, _source, l.Line, length, u.Value);
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
