using System;
using System.Diagnostics;
using System.Management.Automation;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Infrastructure
{
    /// <summary>
    /// Progress records at a low rate: the host redraws the bar for each one, so a scan reporting every buffer would
    /// spend more time drawing than reading. Only ever called on the pipeline thread.
    /// </summary>
    internal sealed class ProgressWriter
    {
        private const long IntervalMs = 250;
        // The module's base, whose WriteProgress escapes control characters and masks secrets in the record's texts.
        private readonly TeleportMcpCommand _cmdlet;
        private readonly int _id;
        private readonly string _activity;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _last = -IntervalMs;
        private bool _written;

        public ProgressWriter(TeleportMcpCommand cmdlet, int id, string activity)
        {
            _cmdlet = cmdlet;
            _id = id;
            _activity = activity;
        }

        /// <summary>Writes when the interval has passed (or <paramref name="force"/>); percent -1 means unknown.</summary>
        public void Write(string status, int percent = -1, bool force = false)
        {
            long now = _clock.ElapsedMilliseconds;
            if (!force && now - _last < IntervalMs) return;
            _last = now;
            _written = true;
            _cmdlet.WriteProgress(new ProgressRecord(_id, _activity, string.IsNullOrEmpty(status) ? " " : status) { PercentComplete = Math.Max(-1, Math.Min(100, percent)) });
        }

        /// <summary>"12.5 MB of 200.0 MB" and the percentage, for a byte count of a known total.</summary>
        public void Bytes(string what, long done, long total)
        {
            if (!Due()) return;
            var text = ProgressText.Bytes(what, done, total, out int percent);
            Write(text, percent, force: true);
        }

        private bool Due() => _clock.ElapsedMilliseconds - _last >= IntervalMs;

        public void Complete()
        {
            if (!_written) return;
            _cmdlet.WriteProgress(new ProgressRecord(_id, _activity, "Done") { RecordType = ProgressRecordType.Completed });
            _written = false;
        }
    }
}
