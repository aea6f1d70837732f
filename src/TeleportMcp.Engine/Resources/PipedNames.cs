using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// What the bare strings piped to Test-TeleportMcpRole or New-TeleportMcpRole are: user names, or the other names
    /// the cmdlet takes (tools, apps), or neither (with the reason).
    /// </summary>
    public sealed class PipedNameSplit
    {
        public List<string> Users { get; } = new List<string>();

        /// <summary>The tool names (Test-TeleportMcpRole) or app names (New-TeleportMcpRole).</summary>
        public List<string> Others { get; } = new List<string>();

        /// <summary>Strings used as neither, when the command line already named both the users and the others.</summary>
        public List<string> Ignored { get; } = new List<string>();

        /// <summary>One line per decision, for -Verbose.</summary>
        public List<string> Notes { get; } = new List<string>();
    }

    /// <summary>
    /// Test-TeleportMcpRole takes user names and tool names from the pipeline ('alice','bob' | ... -App files, and
    /// 'read_file' | ... -User alice); New-TeleportMcpRole takes user names and app names. One rule for both: the
    /// command line decides when it can (with -Tool or -App given the strings are users, with -User given they are
    /// tools or apps). Otherwise a string that names a user read (and, for apps, no app read) is that user, and any
    /// other string is a tool or an app.
    /// </summary>
    public static class PipedNames
    {
        public static PipedNameSplit Split(IEnumerable<string> piped, IEnumerable<string?> knownUsers, bool usersGiven, bool toolsGiven) =>
            Divide(piped, knownUsers, null, usersGiven, toolsGiven, "tools", "-Tool");

        /// <param name="appsParameter">The running cmdlet's parameter that names apps (-App, or Test-TeleportMcpApp's -Name), which the note names.</param>
        public static PipedNameSplit SplitUsersAndApps(IEnumerable<string> piped, IEnumerable<string?> knownUsers, IEnumerable<string?> knownApps, bool usersGiven, bool appsGiven, string appsParameter) =>
            Divide(piped, knownUsers, knownApps ?? Enumerable.Empty<string?>(), usersGiven, appsGiven, "apps", appsParameter);

        private static PipedNameSplit Divide(IEnumerable<string> piped, IEnumerable<string?> knownUsers, IEnumerable<string?>? knownOthers,
            bool usersGiven, bool othersGiven, string others, string othersParameter)
        {
            var split = new PipedNameSplit();
            var names = (piped ?? Enumerable.Empty<string>()).Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count == 0) return split;
            if (usersGiven && othersGiven)
            {
                split.Ignored.AddRange(names);
                return split;
            }
            if (othersGiven)
            {
                split.Users.AddRange(names);
                split.Notes.Add("Piped names taken as users (" + othersParameter + " names the " + others + "): " + ListText.Join(", ", names) + ".");
                return split;
            }
            if (usersGiven)
            {
                split.Others.AddRange(names);
                split.Notes.Add("Piped names taken as " + others + " (-User names the users): " + ListText.Join(", ", names) + ".");
                return split;
            }
            var users = new HashSet<string>((knownUsers ?? Enumerable.Empty<string?>()).OfType<string>(), StringComparer.Ordinal);
            var known = new HashSet<string>((knownOthers ?? Enumerable.Empty<string?>()).OfType<string>(), StringComparer.Ordinal);
            var both = new List<string>();
            foreach (var n in names)
            {
                if (users.Contains(n) && !known.Contains(n)) split.Users.Add(n);
                else
                {
                    split.Others.Add(n);
                    if (users.Contains(n)) both.Add(n);
                }
            }
            if (split.Users.Count > 0)
                split.Notes.Add("Piped names taken as users (users of these names were read" + (knownOthers != null ? ", no " + others : "") + "): " + ListText.Join(", ", split.Users) + ".");
            var othersOnly = split.Others.Except(both).ToList();
            if (othersOnly.Count > 0) split.Notes.Add("Piped names taken as " + others + " (no user of these names was read): " + ListText.Join(", ", othersOnly) + ".");
            if (both.Count > 0) split.Notes.Add("Piped names taken as " + others + " although users of these names were read too (give the users with -User): " + ListText.Join(", ", both) + ".");
            return split;
        }
    }
}
