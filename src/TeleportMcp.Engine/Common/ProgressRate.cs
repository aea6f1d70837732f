using System;
using System.Diagnostics;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// When a progress record is worth drawing: the host redraws the bar for each one, so a scan reporting every buffer
    /// would spend more time drawing than reading. One record per <see cref="IntervalMs"/> unless forced (a new stage),
    /// and a completion only for a bar that was drawn.
    /// </summary>
    public sealed class ProgressRate
    {
        public const long IntervalMs = 250;

        private readonly Func<long> _nowMs;
        private long _last;
        private bool _any;

        /// <summary>On a clock of its own, started now.</summary>
        public ProgressRate()
        {
            var clock = Stopwatch.StartNew();
            _nowMs = () => clock.ElapsedMilliseconds;
        }

        /// <param name="nowMs">The time in milliseconds (any origin, never going back).</param>
        public ProgressRate(Func<long> nowMs) => _nowMs = nowMs ?? throw new ArgumentNullException(nameof(nowMs));

        /// <summary>Whether a record drawn now would be the first, or at least an interval after the last.</summary>
        public bool Due => !_any || _nowMs() - _last >= IntervalMs;

        /// <summary>Whether to draw a record now (always when <paramref name="force"/>); a yes counts as drawn.</summary>
        public bool Take(bool force = false)
        {
            long now = _nowMs();
            if (!force && _any && now - _last < IntervalMs) return false;
            _last = now;
            _any = true;
            Drawn = true;
            return true;
        }

        /// <summary>A bar was drawn since the last completion.</summary>
        public bool Drawn { get; private set; }

        /// <summary>Whether the bar needs a completion record (it was drawn); the next completion then needs none.</summary>
        public bool TakeCompletion()
        {
            if (!Drawn) return false;
            Drawn = false;
            return true;
        }

        /// <summary>A percentage as a progress bar takes it: -1 (unknown) to 100.</summary>
        public static int Percent(int percent) => Math.Max(-1, Math.Min(100, percent));

        /// <summary>A status as a progress bar takes it: never empty (the host refuses an empty one).</summary>
        public static string Status(string? status) => string.IsNullOrEmpty(status) ? " " : status!;
    }
}
