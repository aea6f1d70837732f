using System.Collections.Concurrent;
using System.Threading;

namespace TeleportMcp.Engine.Json
{
    /// <summary>
    /// Counts whole-text parses and scan steps by name, for tests that assert a file is parsed once however many entries it
    /// holds, or read in steps linear in its length. Nothing is counted unless a test opens a count on its own flow.
    /// </summary>
    internal static class ParseCounter
    {
        internal const string OlderCopilotComments = "OlderCopilotComments";
        internal const string JsoncParse = "JsoncParse";
        internal const string StripCommentsSteps = "StripComments steps";
        internal const string WindowsFromSteps = "WindowsFrom steps";
        internal const string LongLineMatchCalls = "long-line match calls";
        internal const string CatalogMatchCalls = "catalog match calls";
        internal const string CatalogPatternTimeouts = "catalog pattern timeouts";
        internal const string JoseKeyDecodes = "JoseKeyProblem";
        internal const string X5cChainReads = "X5cProblem";

        private static readonly AsyncLocal<ConcurrentDictionary<string, long>?> s_counts = new AsyncLocal<ConcurrentDictionary<string, long>?>();

        /// <summary>Starts counting on the caller's flow (and what it calls); the counts so far.</summary>
        internal static ConcurrentDictionary<string, long> Start() => s_counts.Value = new ConcurrentDictionary<string, long>();

        internal static void Add(string what, long n = 1)
        {
            var counts = s_counts.Value;
            if (counts != null) counts.AddOrUpdate(what, n, (_, m) => m + n);
        }
    }
}
