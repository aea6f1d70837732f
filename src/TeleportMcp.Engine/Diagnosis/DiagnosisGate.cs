using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Diagnosis
{
    public enum GateOutcome
    {
        /// <summary>Something was examined, everything asked for was found, and no finding reached the threshold.</summary>
        Passed,
        /// <summary>At least one finding at or above the threshold.</summary>
        Findings,
        /// <summary>No file or resource was read: a gate that checked nothing must not pass.</summary>
        NothingExamined,
        /// <summary>A user, app, path or wildcard the admin named matched nothing.</summary>
        RequestUnmatched,
    }

    public sealed class GateDecision
    {
        public GateOutcome Outcome { get; set; }
        public bool Passed => Outcome == GateOutcome.Passed;

        /// <summary>One sentence: why the gate answered as it did.</summary>
        public string Reason { get; set; } = "";

        public int FindingCount { get; set; }
    }

    /// <summary>The -Quiet / -FailOn answer of a diagnosis: never true when nothing was checked or a request found nothing.</summary>
    public static class DiagnosisGate
    {
        public static GateDecision Decide(IReadOnlyList<TeleportMcp.Diagnosis> items, DiagnosisContext context, DiagnosisStatus threshold)
        {
            if (context.Unmatched.Count > 0)
                return new GateDecision
                {
                    Outcome = GateOutcome.RequestUnmatched,
                    Reason = "Not a pass: " + ListText.Join("; ", context.Unmatched) + " matched nothing, so " +
                             (context.Unmatched.Count == 1 ? "it was" : "they were") + " not examined.",
                };
            // The module's one -Quiet rule (InputPolicy): nothing examined is never a pass.
            if (!Resources.InputPolicy.QuietAnswer(context.ExaminedCount, true))
                return new GateDecision
                {
                    Outcome = GateOutcome.NothingExamined,
                    Reason = "Not a pass: nothing was examined (" + (context.Skipped.Count > 0 ? ListText.Join("; ", context.Skipped) : "no input") +
                             "). Give -ClusterPath, -LogPath or -ClientConfigPath, or run it where MCP client configurations exist.",
                };
            int n = items.Count(i => i.Status <= threshold);
            if (n > 0)
                return new GateDecision
                {
                    Outcome = GateOutcome.Findings,
                    FindingCount = n,
                    Reason = "The MCP diagnosis found " + n + " finding(s) at or above " + threshold + ".",
                };
            return new GateDecision { Outcome = GateOutcome.Passed, Reason = "No finding at or above " + threshold + " in what was examined." };
        }
    }
}
