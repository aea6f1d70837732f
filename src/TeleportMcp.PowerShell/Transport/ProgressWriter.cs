using System;
using System.Management.Automation;
using TeleportMcp.Engine.Common;
using TeleportMcp.Commands;

namespace TeleportMcp.Transport
{
    /// <summary>
    /// Progress records at the engine's rate (<see cref="ProgressRate"/>): the host redraws the bar for each one. Only ever
    /// called on the pipeline thread.
    /// </summary>
    internal sealed class ProgressWriter
    {
        // The module's base, whose WriteProgress escapes control characters and masks secrets in the record's texts.
        private readonly TeleportMcpCommand _cmdlet;
        private readonly int _id;
        private readonly string _activity;
        private readonly ProgressRate _rate = new ProgressRate();

        public ProgressWriter(TeleportMcpCommand cmdlet, int id, string activity)
        {
            _cmdlet = cmdlet;
            _id = id;
            _activity = activity;
        }

        /// <summary>Writes when the interval has passed (or <paramref name="force"/>); percent -1 means unknown.</summary>
        public void Write(string status, int percent = -1, bool force = false)
        {
            if (!_rate.Take(force)) return;
            _cmdlet.WriteProgress(new ProgressRecord(_id, _activity, ProgressRate.Status(status)) { PercentComplete = ProgressRate.Percent(percent) });
        }

        /// <summary>"12.5 MB of 200.0 MB" and the percentage, for a byte count of a known total.</summary>
        public void Bytes(string what, long done, long total)
        {
            if (!_rate.Due) return;
            var text = ProgressText.Bytes(what, done, total, out int percent);
            Write(text, percent, force: true);
        }

        public void Complete()
        {
            if (_rate.TakeCompletion()) _cmdlet.WriteProgress(new ProgressRecord(_id, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
