namespace TeleportMcp.Engine.Audit
{
    /// <summary>
    /// Characters of unfinished audit events that several readings hold, counted all together: the piped files of one query,
    /// those read at once and those set aside, share one bound (Limits.PipedHeldEventChars), so memory stays bounded
    /// whatever the number of files. A reading whose event would pass it sets that event aside (said, not read).
    /// </summary>
    internal sealed class HeldEventChars
    {
        public HeldEventChars(long limit, string reason)
        {
            Limit = limit;
            Reason = reason;
        }

        /// <summary>The most characters held at once.</summary>
        public long Limit { get; }

        /// <summary>Why an event was set aside, as its file's warning says it.</summary>
        public string Reason { get; }

        /// <summary>Characters held now.</summary>
        public long Chars { get; set; }
    }
}
