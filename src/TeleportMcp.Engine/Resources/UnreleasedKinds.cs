using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// Resource kinds no Teleport release accepts (app_auth_config: PR #69528 removed it from master before any release),
    /// named by the known-error catalog entries that explain them (unreleased_kinds): data, not code. One rule for them:
    /// the reader warns once per input and keeps reading, and a check whose verdict relies on such a resource is Fail for
    /// every released Teleport, with what the master build that had the kind would have said after it, labelled.
    /// </summary>
    public static class UnreleasedKinds
    {
        /// <summary>The warning id of Import-TeleportResource at the first document of such a kind in an input.</summary>
        public const string Code = "UnreleasedKind";

        private static Dictionary<string, KnownError>? s_byKind;

        /// <summary>The catalog entry that says no release accepts the kind; null for a kind a release has.</summary>
        public static KnownError? Of(string? kind)
        {
            if (string.IsNullOrEmpty(kind)) return null;
            var map = s_byKind;
            if (map == null)
            {
                map = new Dictionary<string, KnownError>(StringComparer.Ordinal);
                foreach (var e in KnownErrorCatalog.Embedded.Entries)
                    foreach (var k in e.UnreleasedKinds)
                        if (!map.ContainsKey(k)) map.Add(k, e);
                s_byKind = map;
            }
            return map.TryGetValue(kind!, out var entry) ? entry : null;
        }

        /// <summary>The entry in one sentence: its id, title and cause.</summary>
        public static string Text(KnownError entry)
        {
            if (entry == null) throw new ArgumentNullException(nameof(entry));
            return entry.Id + " " + entry.Title + ": " + entry.Cause;
        }

        /// <summary>The reader's warning at a document of the kind (once per input: <see cref="OncePerInput"/>).</summary>
        internal static ResourceReadItem Warning(KnownError entry, string kind, SourceLocation? at) =>
            ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Warning, Code,
                Text(entry) + " The " + kind + " documents of this input are still read, as master did before the removal, and every check " +
                "that relies on one fails for a released Teleport (said once per input, at its first " + kind + ").", at) { RecommendedAction = entry.Fix });

        /// <summary>The items with the warning of each unreleased kind kept at its first document only.</summary>
        internal static IEnumerable<ResourceReadItem> OncePerInput(IEnumerable<ResourceReadItem> items)
        {
            HashSet<string>? said = null;
            foreach (var item in items)
            {
                var d = item.Diagnostic;
                if (d != null && d.Code == Code && !(said ??= new HashSet<string>(StringComparer.Ordinal)).Add(d.Message)) continue;
                yield return item;
            }
        }

        /// <summary>
        /// A verdict that relies on resources of the kind: Fail for a released Teleport, naming the entry, with the verdict
        /// a master build that had the kind would give after it (<paramref name="masterStatus"/>, <paramref name="masterText"/>);
        /// the master verdict unchanged for a kind a release has.
        /// </summary>
        public static (CheckStatus Status, string Text, string Fix) Verdict(string kind, CheckStatus masterStatus, string masterText, string masterFix)
        {
            var entry = Of(kind);
            if (entry == null) return (masterStatus, masterText, masterFix);
            return (CheckStatus.Fail, Text(entry) + " " + MasterLabel(masterStatus) + masterText, entry.Fix + " On such a master build: " + masterFix);
        }

        /// <summary>
        /// The cause of a finding from an audit event only a build that had the kind writes (app_auth_config.verify.*): the
        /// entry first, then the event's own cause, labelled as that build's; the cause unchanged for a kind a release has.
        /// </summary>
        public static string? EventCause(string kind, string? cause)
        {
            var entry = Of(kind);
            return entry == null ? cause : Text(entry) + " This event was written by a master build before the removal (never released): " + cause;
        }

        /// <summary>How a verdict of the master build that had the kind is introduced, so it is never read as a release's.</summary>
        public static string MasterLabel(CheckStatus masterStatus) =>
            "On master before the removal (never released), this would be " + masterStatus + ": ";

    }
}
