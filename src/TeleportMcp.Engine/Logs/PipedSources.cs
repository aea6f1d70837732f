using System;
using System.Collections.Generic;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>The reading of one source's lines, as <see cref="PipedSources{T}"/> keeps one per file.</summary>
    internal interface IPipedSource
    {
        /// <summary>The source's number of the last line seen (lines not given counted).</summary>
        long LineNumber { get; }

        /// <summary>The source's lines before the next one that were not given (a filtered Get-Content).</summary>
        void NotGiven(long count);

        /// <summary>The end of the source's lines: what is still open is reported.</summary>
        void End();

        /// <summary>
        /// Closed before its end, to bound memory: everything ends as at the end, but a state the source's later lines may
        /// still continue or close (a wait) is taken out and returned, small, or null.
        /// </summary>
        object? Suspend();

        /// <summary>
        /// A new reading of the same file, nothing fed yet, continues the state an earlier reading's <see cref="Suspend"/> or
        /// <see cref="Drop"/> returned (its <see cref="LineNumber"/> then counts the lines that state read, or none).
        /// </summary>
        void Resume(object carried);

        /// <summary>
        /// A reading that resumed a suspended state no longer kept (more files suspended than are remembered): what the state
        /// holds open is said now, as final (<paramref name="said"/>), and a small remnant returned, so that the file's later
        /// lines go on from it without saying it again (a wait already reported; an audit file's counts so far and the column
        /// of an event set aside whose rest is skipped), or null.
        /// </summary>
        object? Drop(out bool said);
    }

    /// <summary>
    /// Lines piped in from several sources in one stream (Get-Content a.log, b.log; Get-ChildItem | Get-Content; lines of
    /// several files sorted by time): each file is its own reading, as if read by path, numbered as the file; a line whose
    /// file is not known goes to one reading of them all. The one rule for every cmdlet that reads piped lines.
    /// </summary>
    internal sealed class PipedSources<T> where T : class, IPipedSource
    {
        /// <summary>Files read at once, at most: a file past them suspends the one fed longest ago.</summary>
        public const int DefaultMaxOpen = 64;

        /// <summary>
        /// Suspended files remembered, at most (their last line and the state a later line may continue, a few hundred
        /// bytes each): past them the one suspended longest ago is dropped (<see cref="IPipedSource.Drop"/>).
        /// </summary>
        public const int DefaultMaxSuspended = 4096;

        /// <summary>
        /// Dropped files remembered, at most (their name, last line and a remnant of a few words): past them the one dropped
        /// longest ago is forgotten - its remnant ends as at the file's end, its later lines are a new reading - and that is
        /// said once (<see cref="Forgotten"/>).
        /// </summary>
        public const int DefaultMaxDropped = 65536;

        private readonly Func<string, T> _open;
        private readonly Action<T> _left;
        private readonly int _maxOpen, _maxSuspended, _maxDropped;
        private readonly Dictionary<string, Open> _files = new Dictionary<string, Open>(StringComparer.Ordinal);
        private readonly Dictionary<string, LinkedListNode<Suspended>> _suspended = new Dictionary<string, LinkedListNode<Suspended>>(StringComparer.Ordinal);
        private readonly LinkedList<Suspended> _suspendedOrder = new LinkedList<Suspended>();
        private readonly Dictionary<string, LinkedListNode<Suspended>> _dropped = new Dictionary<string, LinkedListNode<Suspended>>(StringComparer.Ordinal);
        private readonly LinkedList<Suspended> _droppedOrder = new LinkedList<Suspended>();
        private readonly List<T> _order = new List<T>();
        private readonly string _unnamedSource;
        private T? _unnamed;
        private long _fed;

        /// <param name="open">A new reading of a source (a file, or <paramref name="unnamedSource"/>).</param>
        /// <param name="left">A reading has left (ended, or suspended): its counts are final.</param>
        public PipedSources(Func<string, T> open, Action<T> left, string unnamedSource, int maxOpen = DefaultMaxOpen, int maxSuspended = DefaultMaxSuspended, int maxDropped = DefaultMaxDropped)
        {
            _open = open ?? throw new ArgumentNullException(nameof(open));
            _left = left ?? throw new ArgumentNullException(nameof(left));
            _unnamedSource = unnamedSource ?? throw new ArgumentNullException(nameof(unnamedSource));
            if (maxOpen < 1) throw new ArgumentOutOfRangeException(nameof(maxOpen));
            if (maxSuspended < 0) throw new ArgumentOutOfRangeException(nameof(maxSuspended));
            if (maxDropped < 0) throw new ArgumentOutOfRangeException(nameof(maxDropped));
            _maxOpen = maxOpen;
            _maxSuspended = maxSuspended;
            _maxDropped = maxDropped;
        }

        /// <summary>
        /// Said once, the first time a dropped file is forgotten (past every bound): its name and the line after which its
        /// lines, should they come back, are a new reading (a wait reported before may be reported again).
        /// </summary>
        public Action<string, long>? Forgotten { get; set; }

        /// <summary>
        /// Said once, the first time a suspended file's state is dropped with something open (<see cref="IPipedSource.Drop"/>):
        /// its name and its last line given.
        /// </summary>
        public Action<string, long>? Dropping { get; set; }

        /// <summary>A new reading that goes on where a suspended or dropped reading of its file stopped (not a new read of the file).</summary>
        public Action<T>? Continued { get; set; }

        private bool _forgottenSaid, _droppingSaid;

        private sealed class Open
        {
            public Open(T reading) => Reading = reading;
            public T Reading;
            // The file's number of the last line given (Get-Content's ReadCount); 0 before the first.
            public long Last;
            // When it was last fed, to suspend the one fed longest ago.
            public long Fed;
        }

        private sealed class Suspended
        {
            public Suspended(string file, long last, long number, object? carried)
            {
                File = file;
                Last = last;
                Number = number;
                Carried = carried;
            }

            public readonly string File;
            public readonly long Last, Number;
            public readonly object? Carried;
        }

        /// <summary>The readings not yet left, in the order they came.</summary>
        public IReadOnlyList<T> Readings => _order;

        /// <summary>
        /// The reading a line goes to. <paramref name="file"/>: the file it was read from (null when not known);
        /// <paramref name="lineNumber"/>: its line number there (Get-Content's ReadCount; 0 when not known). A line numbered
        /// at or before the last one given of that file starts a new reading of it (the file given twice). The lines a
        /// filter left out before it are counted, so the reading numbers it as the file does. <paramref name="newRead"/>: the
        /// line is known to start a read of its own (PipedBlocks.Line), whatever its number.
        /// </summary>
        public T For(string? file, long lineNumber, bool newRead = false)
        {
            if (string.IsNullOrEmpty(file)) return _unnamed ??= Start(_unnamedSource);
            if (!_files.TryGetValue(file!, out var source))
            {
                if (_files.Count >= _maxOpen) SuspendOldest();
                source = new Open(Start(file!));
                var node = Take(_suspended, _suspendedOrder, file!) ?? Take(_dropped, _droppedOrder, file!);
                if (node != null)
                {
                    var s = node.Value;
                    // The file read again from its start: the earlier reading ends.
                    if (newRead || (lineNumber > 0 && lineNumber <= s.Last))
                    {
                        EndCarried(s);
                    }
                    else
                    {
                        // The file goes on where its suspended reading stopped.
                        Continued?.Invoke(source.Reading);
                        if (s.Carried != null) source.Reading.Resume(s.Carried);
                        source.Reading.NotGiven(s.Number - source.Reading.LineNumber);
                        source.Last = s.Last;
                    }
                }
                _files.Add(file!, source);
            }
            else if (newRead || (lineNumber > 0 && lineNumber <= source.Last))
            {
                Leave(source.Reading, end: true);
                source.Reading = Start(file!);
                source.Last = 0;
            }
            source.Fed = ++_fed;
            if (lineNumber > 0)
            {
                // Lines a filter left out (Select-Object -Skip, Where-Object) keep the numbers after them the file's.
                source.Reading.NotGiven(lineNumber - source.Reading.LineNumber - 1);
                source.Last = lineNumber;
            }
            return source.Reading;
        }

        private static LinkedListNode<Suspended>? Take(Dictionary<string, LinkedListNode<Suspended>> map, LinkedList<Suspended> order, string file)
        {
            if (!map.TryGetValue(file, out var node)) return null;
            map.Remove(file);
            order.Remove(node);
            return node;
        }

        private T Start(string source)
        {
            var reading = _open(source);
            _order.Add(reading);
            return reading;
        }

        private void Leave(T reading, bool end)
        {
            if (end) reading.End();
            _order.Remove(reading);
            _left(reading);
        }

        private void SuspendOldest()
        {
            KeyValuePair<string, Open> oldest = default;
            foreach (var kv in _files)
                if (oldest.Value == null || kv.Value.Fed < oldest.Value.Fed) oldest = kv;
            _files.Remove(oldest.Key);
            var reading = oldest.Value.Reading;
            var carried = reading.Suspend();
            var s = new Suspended(oldest.Key, oldest.Value.Last, reading.LineNumber, carried);
            Leave(reading, end: false);
            if (_maxSuspended == 0)
            {
                Dropped(s);
                return;
            }
            if (_suspended.Count >= _maxSuspended)
            {
                var first = _suspendedOrder.First!;
                _suspendedOrder.RemoveFirst();
                _suspended.Remove(first.Value.File);
                Dropped(first.Value);
            }
            _suspended.Add(s.File, _suspendedOrder.AddLast(s));
        }

        // A suspended file past the bound: its state is said now and only its remnant kept, up to their own bound.
        private void Dropped(Suspended s)
        {
            object? remnant = null;
            bool said = false;
            if (s.Carried != null)
            {
                var reading = Continue(s);
                remnant = reading.Drop(out said);
                _left(reading);
            }
            if (remnant == null) return;
            if (said && !_droppingSaid)
            {
                _droppingSaid = true;
                Dropping?.Invoke(s.File, s.Last);
            }
            var kept = new Suspended(s.File, s.Last, s.Number, remnant);
            if (_maxDropped == 0)
            {
                Forget(kept);
                return;
            }
            if (_dropped.Count >= _maxDropped)
            {
                var first = _droppedOrder.First!;
                _droppedOrder.RemoveFirst();
                _dropped.Remove(first.Value.File);
                Forget(first.Value);
            }
            _dropped.Add(kept.File, _droppedOrder.AddLast(kept));
        }

        private void Forget(Suspended s)
        {
            EndCarried(s);
            if (_forgottenSaid) return;
            _forgottenSaid = true;
            Forgotten?.Invoke(s.File, s.Last);
        }

        private T Continue(Suspended s)
        {
            var reading = _open(s.File);
            Continued?.Invoke(reading);
            reading.Resume(s.Carried!);
            reading.NotGiven(s.Number - reading.LineNumber);
            return reading;
        }

        // A suspended file whose lines do not come back: what it carried ends as at the file's end.
        private void EndCarried(Suspended s)
        {
            if (s.Carried == null) return;
            var reading = Continue(s);
            reading.End();
            _left(reading);
        }

        /// <summary>The end of the lines: each dropped file's remnant, each suspended file's state, then each open reading, in the order they came.</summary>
        public void End()
        {
            foreach (var s in _droppedOrder) EndCarried(s);
            foreach (var s in _suspendedOrder) EndCarried(s);
            _suspendedOrder.Clear();
            _suspended.Clear();
            _droppedOrder.Clear();
            _dropped.Clear();
            foreach (var reading in _order.ToArray()) Leave(reading, end: true);
            _files.Clear();
            _unnamed = null;
        }
    }

    /// <summary>What <see cref="PipedSources{T}"/> says once when more files come interleaved than it keeps.</summary>
    internal static class PipedSourcesText
    {
        private static string N(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

        // Every file name in these texts escaped (line breaks, tabs, ESC), so no name starts a line of its own or moves the cursor.
        private static string? Name(string file) => Output.OutputText.SafeName(file);

        public static string Dropping(string file, long line, int maxOpen, int maxSuspended) =>
            Name(file) + ":" + line + ": more than " + N((long)maxOpen + maxSuspended) + " files were piped interleaved (" + N(maxOpen) +
            " are read at once and " + N(maxSuspended) + " kept set aside): what this file had open there (a pending wait, an unfinished audit event) " +
            "was reported at once, before its later lines were read, and so for each file set aside past that bound. " +
            "Pipe the files one after another, or give them with -Path.";

        public static string Withdrawn(string file, string? id, long reported, long line, int maxOpen, int maxSuspended) =>
            Name(file) + ":" + line + ": this record ends the wait" + (string.IsNullOrEmpty(id) ? "" : " (" + id + ")") + " reported at line " + reported +
            " when this file was set aside (more than " + N((long)maxOpen + maxSuspended) + " files were piped interleaved): read whole, the file " +
            "has no such finding, so that finding does not hold. Pipe the files one after another, or give them with -Path.";

        public static string WentOn(string file, string? id, long reported, int count, int more, long line, int maxOpen, int maxSuspended) =>
            Name(file) + ":" + line + ": the wait" + (string.IsNullOrEmpty(id) ? "" : " (" + id + ")") + " reported at line " + reported + " with " + N(count) +
            " record(s) when this file was set aside (more than " + N((long)maxOpen + maxSuspended) + " files were piped interleaved) went on to this line: " +
            "read whole, the file logs it " + N((long)count + more) + " times, not " + N(count) + ". Pipe the files one after another, or give them with -Path.";

        public static string Forgotten(string file, long line, int maxOpen, int maxSuspended, int maxDropped) =>
            Name(file) + ":" + line + ": more than " + N((long)maxOpen + maxSuspended + maxDropped) + " files were piped interleaved: this file's lines " +
            "after line " + line + ", and those of each file forgotten after it, are read as a new reading, so what was reported open there " +
            "(a wait, an event set aside) may be reported again. Pipe the files one after another, or give them with -Path.";
    }
}
