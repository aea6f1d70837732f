using System.Collections.Generic;
using System.Linq;
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

        // What the catalog could not decide on tsh's output is handed to the caller, not dropped (review 332, session 47): a
        // pattern timeout on a line (KnownErrorIndeterminate, naming the line); none on a clean output.
        [Theory]
        [InlineData(Line + " HOSTILE\n", null, "KnownErrorIndeterminate@1")]
        [InlineData("first\n" + Line + " HOSTILE\n", null, "KnownErrorIndeterminate@2")]
        [InlineData(Line + "\n", "TMCP-LOG-212", "")]
        public void WhatTheCatalogCouldNotDecideIsHandedToTheCaller(string output, string id, string undecided)
        {
            TshOutputFindings.TimesOutForTests.Value = (entry, text, at) => entry.Id == "TMCP-LOG-212" && text.Contains("HOSTILE");
            try
            {
                var found = TshOutputFindings.First(output, "tsh mcp ls", out var said);
                Assert.Equal(id, found?.Id);
                Assert.Equal(undecided, string.Join(" ", (said ?? new List<TeleportMcp.Engine.Common.TeleportInputException>()).Select(e => e.Code + "@" + e.Location!.Line)));
                Assert.All(said ?? new List<TeleportMcp.Engine.Common.TeleportInputException>(), e => Assert.Contains("TMCP-LOG-212", e.Message, System.StringComparison.Ordinal));
            }
            finally
            {
                TshOutputFindings.TimesOutForTests.Value = null;
            }
        }
    }
}
