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
        /// <summary>Something given could not be used (refused, reported as its own error), so it was not examined.</summary>
        InputRefused,
        /// <summary>A file given could not be read, or a document in it could not be taken (reported as its own error), so what it holds was not examined.</summary>
        InputUnreadable,
    }

    public sealed class GateDecision
    {
        public GateOutcome Outcome { get; set; }
        public bool Passed => Outcome == GateOutcome.Passed;

        /// <summary>One sentence: why the gate answered as it did.</summary>
        public string Reason { get; set; } = "";

        public int FindingCount { get; set; }

        /// <summary>What the answer is about: the requests that matched nothing, or the checks that had nothing to examine.</summary>
        public IReadOnlyList<string> About { get; set; } = System.Array.Empty<string>();

        /// <summary>
        /// The bare inputs <see cref="About"/> names (paths, user or app names; <see cref="DiagnosisContext.InputOf"/>): the
        /// target of the gate's error, whose message holds the labels. Empty when no entry names one input.
        /// </summary>
        public IReadOnlyList<object> Targets { get; set; } = System.Array.Empty<object>();
    }

    /// <summary>The -Quiet / -FailOn answer of a diagnosis: never true when nothing was checked or a request found nothing.</summary>
    public static class DiagnosisGate
    {
        /// <summary>The gate's error when something given was refused (<see cref="GateOutcome.InputRefused"/>).</summary>
        public const string InputRefusedCode = "InputRefused";

        /// <summary>The gate's error when a file given could not be read (<see cref="GateOutcome.InputUnreadable"/>).</summary>
        public const string InputUnreadableCode = "InputUnreadable";

        public static GateDecision Decide(IReadOnlyList<TeleportMcp.Diagnosis> items, DiagnosisContext context, DiagnosisStatus threshold)
        {
            if (context.Unmatched.Count > 0)
                return new GateDecision
                {
                    Outcome = GateOutcome.RequestUnmatched,
                    About = context.Unmatched.ToArray(),
                    Targets = context.InputsOf(context.Unmatched),
                    Reason = "Not a pass: " + ListText.Join("; ", context.Unmatched) + " matched nothing, so " +
                             (context.Unmatched.Count == 1 ? "it was" : "they were") + " not examined.",
                };
            if (context.Refused.Count > 0)
                return new GateDecision
                {
                    Outcome = GateOutcome.InputRefused,
                    About = context.Refused.ToArray(),
                    Targets = context.InputsOf(context.Refused),
                    Reason = "Not a pass: " + context.Refused.Count + " object(s) given could not be used, so " +
                             (context.Refused.Count == 1 ? "it was" : "they were") + " not examined (the errors above name each).",
                };
            // The module's one -Quiet rule (InputPolicy): nothing examined is never a pass.
            if (!Resources.InputPolicy.QuietAnswer(context.ExaminedCount, true))
                return new GateDecision
                {
                    Outcome = GateOutcome.NothingExamined,
                    About = NotExamined(context),
                    Targets = context.InputsOf(context.Unread),
                    // Files read but no check with anything to examine in them: said as such, not as if nothing had been given.
                    Reason = "Not a pass: " + (context.Inputs.Count > 0 ? "no check examined anything in what was read" : "nothing was examined") +
                             " (" + ListText.Join("; ", NotExamined(context)) +
                             "). Give -ClusterPath, -LogPath or -ClientConfigPath, or run it where MCP client configurations exist.",
                };
            // The input question comes before the findings, as for a refused value: the answer on what was read is not the whole answer.
            if (context.Unread.Count > 0)
                return new GateDecision
                {
                    Outcome = GateOutcome.InputUnreadable,
                    About = context.Unread.ToArray(),
                    Targets = context.InputsOf(context.Unread),
                    Reason = "Not a pass: " + context.Unread.Count + " input(s) could not be read (" + ListText.Join("; ", context.Unread) +
                             "), so what they hold was not examined, or only in part (the errors above name each, and which lines of an input read " +
                             "in part were not checked); the other inputs were examined.",
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

        // The bare inputs (one alone, several as an array); the labels are in the message. When no entry names one input
        // (checks that had nothing to examine: "logs: no -LogPath"), what the error is about is those entries.
        private static object Target(GateDecision gate)
        {
            var targets = gate.Targets.Count > 0 ? gate.Targets : gate.About.Cast<object>().ToList();
            if (targets.Count == 1) return targets[0];
            return targets.All(t => t is string) ? targets.Cast<string>().ToArray() : (object)targets.ToArray();
        }

        private static string[] NotExamined(DiagnosisContext context)
        {
            var about = context.Skipped.Concat(context.Unread.Select(u => "not read: " + u)).ToArray();
            return about.Length > 0 ? about : new[] { "no input" };
        }

        /// <summary>
        /// How the answer is written: a gate that examined nothing or whose request matched nothing is an error (it ends
        /// the command under -FailOn, after the findings; otherwise it is reported and the command goes on); under -FailOn,
        /// findings at the threshold end the command with DiagnosisFailed, naming the first. Null when there is no error.
        /// </summary>
        public static GateAnswer Answer(GateDecision gate, IReadOnlyList<TeleportMcp.Diagnosis> ranked, bool failOn, bool quiet)
        {
            if (gate == null) throw new System.ArgumentNullException(nameof(gate));
            if (gate.Outcome == GateOutcome.NothingExamined || gate.Outcome == GateOutcome.RequestUnmatched)
            {
                var error = new TeleportNotFoundException(gate.Outcome == GateOutcome.NothingExamined ? "NothingExamined" : "InputNotMatched", gate.Reason, null)
                {
                    TargetObject = Target(gate),
                    RecommendedAction = "Check the names and paths given; the report lists what was examined and what was not.",
                };
                return new GateAnswer(error, terminates: failOn && !quiet);
            }
            if (gate.Outcome == GateOutcome.InputRefused)
                return new GateAnswer(new TeleportArgumentException(InputRefusedCode, gate.Reason)
                {
                    TargetObject = Target(gate),
                    RecommendedAction = "Give what each error names in a form the command takes; the rest was examined.",
                }, terminates: failOn && !quiet);
            if (gate.Outcome == GateOutcome.InputUnreadable)
                return new GateAnswer(new TeleportInputException(InputUnreadableCode, gate.Reason, null)
                {
                    TargetObject = Target(gate),
                    RecommendedAction = "Fix or replace each input the errors above name (a file, or an App Service host the checks could not run on), and run the diagnosis again.",
                }, terminates: failOn && !quiet);
            if (failOn && !quiet && gate.Outcome == GateOutcome.Findings && ranked != null && ranked.Count > 0)
                return new GateAnswer(new TeleportInputException("DiagnosisFailed", gate.Reason + " The first: " + ranked[0].Title, null) { RecommendedAction = ranked[0].Fix, TargetObject = ranked[0] },
                    terminates: true);
            return new GateAnswer(null, terminates: false);
        }
    }

    /// <summary>The error a diagnosis answers with, and whether it ends the command (<see cref="DiagnosisGate.Answer"/>).</summary>
    public sealed class GateAnswer
    {
        public GateAnswer(TeleportInputException? error, bool terminates)
        {
            Error = error;
            Terminates = error != null && terminates;
        }

        /// <summary>NothingExamined, InputNotMatched or DiagnosisFailed; null when the answer is the findings alone.</summary>
        public TeleportInputException? Error { get; }

        /// <summary>The error ends the command, written after the findings; otherwise it is written before them and the command goes on.</summary>
        public bool Terminates { get; }
    }
}
