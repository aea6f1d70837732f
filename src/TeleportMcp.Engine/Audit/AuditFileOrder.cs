using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Logs;

namespace TeleportMcp.Engine.Audit
{
    /// <summary>
    /// The order in which the audit files of one query are read: oldest first, by the time of the first event each file
    /// holds. A session's later events name the agent its start event named (<see cref="SessionServerIndex"/>), so the
    /// file with the start must be read first; rotated names do not say which file is older (audit.log.1 is older than
    /// audit.log, yet sorts after it), the events do.
    /// </summary>
    public static class AuditFileOrder
    {
        /// <summary>Lines of a file's head looked at for a first event time.</summary>
        internal const int HeadLines = 256;

        // Teleport writes "time" on every event (api/types/events/events.proto Metadata.Time); one-line or indented JSON.
        private static readonly Regex TimeField = new Regex("\"time\"\\s*:\\s*\"([^\"\\\\]{1,64})\"", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        /// <summary>
        /// The files oldest first. A file whose head holds no event time (unreadable, empty, not audit events) keeps its
        /// place; the others are sorted by their first event's time among the places they held (ties keep the order given).
        /// </summary>
        public static IList<string> OldestFirst(IList<string> files)
        {
            if (files == null) throw new ArgumentNullException(nameof(files));
            if (files.Count < 2) return files;
            var times = files.Select(FirstEventTime).ToArray();
            var dated = Enumerable.Range(0, files.Count).Where(i => times[i].HasValue).ToList();
            var sorted = dated.OrderBy(i => times[i]!.Value).ThenBy(i => i).ToList();
            var result = files.ToArray();
            for (int k = 0; k < dated.Count; k++) result[dated[k]] = files[sorted[k]];
            return result;
        }

        /// <summary>Bytes of a file (compressed bytes of a .gz) looked at: a one-line export is not read twice to its end.</summary>
        internal const int HeadBytes = 64 * 1024;

        /// <summary>The time of the first event in the file's first <see cref="HeadLines"/> lines and <see cref="HeadBytes"/> bytes (a .gz inflated); null when none or unreadable.</summary>
        public static DateTime? FirstEventTime(string file)
        {
            var head = new HeadSink();
            try
            {
                using (var raw = LogFileReader.OpenShared(file))
                using (var start = new HeadStream(raw, HeadBytes))
                    LogFileReader.Scan(start, head);
            }
            catch (HeadSink.Enough)
            {
            }
            catch (Exception e) when (FileSystem.ReadFailure.Is(e))
            {
                // The read that follows reports it.
                return null;
            }
            return head.Time;
        }

        private sealed class HeadStream : Common.ReadOnlyStream
        {
            [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2213:Disposable fields should be disposed", Justification = "the file stream belongs to FirstEventTime")]
            private readonly System.IO.Stream _inner;
            private int _left;

            public HeadStream(System.IO.Stream inner, int limit)
            {
                _inner = inner;
                _left = limit;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_left <= 0) return 0;
                int n = _inner.Read(buffer, offset, Math.Min(count, _left));
                _left -= n;
                return n;
            }
        }

        private sealed class HeadSink : ILineSink
        {
            public sealed class Enough : Exception
            {
            }

            private int _lines;
            public DateTime? Time { get; private set; }

            public void FeedLine(char[] buf, int start, int length)
            {
                var match = TimeField.Match(new string(buf, start, length));
                if (match.Success) Time = AuditEventReader.ParseTime(match.Groups[1].Value);
                if (Time.HasValue || ++_lines >= HeadLines) throw new Enough();
            }

            public void Flush()
            {
            }
        }
    }
}
