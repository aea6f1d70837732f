using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// A stdio server's stderr as the probe keeps it: the last <see cref="StdioProbe.StderrTailLines"/> lines, each cut to
    /// <see cref="Limits.ProbeStderrLineBytes"/>, the most telling line of all, and how many bytes the cuts dropped. Read
    /// in fixed-size chunks (<see cref="BoundedCapture.ReadLines"/>): whatever the server writes, this holds a bounded amount.
    /// </summary>
    internal sealed class StderrLog
    {
        private readonly object _lock = new object();
        private readonly Queue<string> _tail = new Queue<string>();
        private readonly StderrSelection.Tracker _telling = new StderrSelection.Tracker();
        private readonly int _maxLineBytes;
        private readonly string _limit;
        private long _lines, _cutLines, _droppedBytes;

        public StderrLog(Limits limits)
        {
            limits = limits ?? Limits.Current;
            _maxLineBytes = limits.ProbeStderrLineBytes;
            _limit = limits.Describe(nameof(Limits.ProbeStderrLineBytes));
        }

        /// <summary>Reads the stream to its end (a broken pipe ends it too).</summary>
        public void Read(Stream stream)
        {
            try
            {
                BoundedCapture.ReadLines(stream, _maxLineBytes, Add);
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is InvalidOperationException)
            {
            }
        }

        /// <summary>One line as read (without its LF) and the bytes cut from it.</summary>
        internal void Add(string text, long droppedBytes)
        {
            // A lone CR ends a line too, as a terminal shows it (progress output rewrites its line); a CR before the LF is no line.
            var pieces = text.Split('\r');
            int count = pieces.Length > 1 && pieces[pieces.Length - 1].Length == 0 ? pieces.Length - 1 : pieces.Length;
            lock (_lock)
            {
                for (int i = 0; i < count; i++)
                {
                    var kept = pieces[i];
                    if (droppedBytes > 0 && i == count - 1)
                    {
                        kept += "... (" + droppedBytes.ToString(CultureInfo.InvariantCulture) + " more bytes dropped; " + _limit + ")";
                        _cutLines++;
                        _droppedBytes += droppedBytes;
                    }
                    _lines++;
                    _tail.Enqueue(kept);
                    _telling.Add(kept);
                    while (_tail.Count > StdioProbe.StderrTailLines) _tail.Dequeue();
                }
            }
        }

        public long LineCount
        {
            get { lock (_lock) return _lines; }
        }

        public long DroppedBytes
        {
            get { lock (_lock) return _droppedBytes; }
        }

        /// <summary>The most telling line so far (an error, errno or traceback line), or null.</summary>
        public string? Telling
        {
            get { lock (_lock) return _telling.Best; }
        }

        public List<string> Tail()
        {
            lock (_lock) return new List<string>(_tail);
        }

        /// <summary>What the result says when lines were cut: "stderr: N bytes dropped (...)"; null when nothing was.</summary>
        public string? DroppedNote
        {
            get
            {
                lock (_lock)
                {
                    if (_droppedBytes == 0) return null;
                    return "stderr: " + _droppedBytes.ToString(CultureInfo.InvariantCulture) + " bytes dropped: " +
                           _cutLines.ToString(CultureInfo.InvariantCulture) + " line(s) longer than the probe keeps were cut (" + _limit + ")";
                }
            }
        }
    }
}
