using System.Collections.Generic;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// TshOutputFindings.First reads each tsh output with a catalog of its own (KnownErrorCatalog.Load, as DiagnosisRunner's
    /// scans): a pattern's timeouts in one call spend that call's budget (KnownErrorCatalog.LineTimeoutBudget) only, and an
    /// entry turned off there stays on for the next call and for the process. The module's own rule (TshOutputFindings.cs),
    /// no Teleport source; the text is tsh's (lib/client/api.go generateClientConfig, index id 8067936: TMCP-LOG-212).
    /// Timeouts are made by the catalog's test hook (TimesOut) on the lines that hold HOSTILE.
    /// </summary>
    public sealed class TshOutputFindingsTests
    {
        private const string Line = "ERROR: no SSH auth methods loaded, are you logged in?";

        [Theory]
        // calls that time out (one line each), then a clean call
        [InlineData(1)]
        [InlineData(4)]
        [InlineData(6)]
        public void TimeoutsOfEarlierCallsLeaveALaterCallsEntryOn(int hostileCalls)
        {
            TshOutputFindings.TimesOutForTests.Value = (entry, text, at) => entry.Id == "TMCP-LOG-212" && text.Contains("HOSTILE");
            try
            {
                var hostile = new List<string>();
                for (int i = 0; i < hostileCalls; i++)
                    hostile.Add(TshOutputFindings.First(Line + " HOSTILE\n", "tsh mcp ls")?.Id);
                // Each of those calls took one line timeout (Indeterminate for its line): no finding.
                Assert.All(hostile, id => Assert.Null(id));
                Assert.Equal("TMCP-LOG-212", TshOutputFindings.First(Line + "\n", "tsh mcp ls")?.Id);
            }
            finally
            {
                TshOutputFindings.TimesOutForTests.Value = null;
            }
            // The catalog built into the engine kept no entry turned off.
            for (int i = 0; i < KnownErrorCatalog.Embedded.Entries.Count; i++) Assert.False(KnownErrorCatalog.Embedded.IsTurnedOff(i));
        }
    }
}
