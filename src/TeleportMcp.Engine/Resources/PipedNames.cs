using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>What the bare strings piped to New-TeleportMcpRole are: user names (for the preview) or app names.</summary>
    public sealed class PipedUserAppSplit
    {
        public List<string> Users { get; } = new List<string>();
        public List<string> Apps { get; } = new List<string>();

        /// <summary>Strings used as neither, when the command line already named both the users and the apps.</summary>
        public List<string> Ignored { get; } = new List<string>();

        /// <summary>One line per decision, for -Verbose.</summary>
        public List<string> Notes { get; } = new List<string>();
    }

    /// <summary>What the bare strings piped to Test-TeleportMcpRole are: user names, tool names, or neither (with the reason).</summary>
    public sealed class PipedNameSplit
    {
        public List<string> Users { get; } = new List<string>();
        public List<string> Tools { get; } = new List<string>();

        /// <summary>Strings used as neither, when the command line already named both the users and the tools.</summary>
        public List<string> Ignored { get; } = new List<string>();

        /// <summary>One line per decision, for -Verbose.</summary>
        public List<string> Notes { get; } = new List<string>();
    }

    /// <summary>
    /// Test-TeleportMcpRole takes user names and tool names from the pipeline ('alice','bob' | ... -App files, and
    /// 'read_file' | ... -User alice). The command line decides when it can: with -Tool given the strings are users,
    /// with -User given they are tools. Otherwise a string that names a user read (from -Path or the pipeline) is that
    /// user and any other string is a tool.
    /// </summary>
    public static class PipedNames
    {
        public static PipedNameSplit Split(IEnumerable<string> piped, IEnumerable<string?> knownUsers, bool usersGiven, bool toolsGiven)
        {
            var split = new PipedNameSplit();
            var names = (piped ?? Enumerable.Empty<string>()).Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count == 0) return split;
            if (usersGiven && toolsGiven)
            {
                split.Ignored.AddRange(names);
                return split;
            }
            if (toolsGiven)
            {
                split.Users.AddRange(names);
                split.Notes.Add("Piped names taken as users (-Tool names the tools): " + ListText.Join(", ", names) + ".");
                return split;
            }
            if (usersGiven)
            {
                split.Tools.AddRange(names);
                split.Notes.Add("Piped names taken as tools (-User names the users): " + ListText.Join(", ", names) + ".");
                return split;
            }
            var known = new HashSet<string>((knownUsers ?? Enumerable.Empty<string>()).OfType<string>(), StringComparer.Ordinal);
            foreach (var n in names) (known.Contains(n) ? split.Users : split.Tools).Add(n);
            if (split.Users.Count > 0) split.Notes.Add("Piped names taken as users (users of these names were read): " + ListText.Join(", ", split.Users) + ".");
            if (split.Tools.Count > 0) split.Notes.Add("Piped names taken as tools (no user of these names was read): " + ListText.Join(", ", split.Tools) + ".");
            return split;
        }
    
        /// <summary>
        /// New-TeleportMcpRole's piped strings, by the same rule as <see cref="Split"/>: the command line decides when it
        /// can (with -App given the strings are users, with -User given they are apps); otherwise a string that names a
        /// user read and no app read is that user, and any other string is an app name (an app of that name is looked up).
        /// </summary>
        public static PipedUserAppSplit SplitUsersAndApps(IEnumerable<string> piped, IEnumerable<string> knownUsers, IEnumerable<string> knownApps, bool usersGiven, bool appsGiven)
        {
            var split = new PipedUserAppSplit();
            var names = (piped ?? Enumerable.Empty<string>()).Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count == 0) return split;
            if (usersGiven && appsGiven)
            {
                split.Ignored.AddRange(names);
                return split;
            }
            if (appsGiven)
            {
                split.Users.AddRange(names);
                split.Notes.Add("Piped names taken as users (-App names the apps): " + ListText.Join(", ", names) + ".");
                return split;
            }
            if (usersGiven)
            {
                split.Apps.AddRange(names);
                split.Notes.Add("Piped names taken as apps (-User names the users): " + ListText.Join(", ", names) + ".");
                return split;
            }
            var users = new HashSet<string>(knownUsers ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            var apps = new HashSet<string>(knownApps ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            var both = new List<string>();
            foreach (var n in names)
            {
                if (users.Contains(n) && !apps.Contains(n)) split.Users.Add(n);
                else
                {
                    split.Apps.Add(n);
                    if (users.Contains(n)) both.Add(n);
                }
            }
            if (split.Users.Count > 0) split.Notes.Add("Piped names taken as users (users of these names were read, no apps): " + ListText.Join(", ", split.Users) + ".");
            var appsOnly = split.Apps.Except(both).ToList();
            if (appsOnly.Count > 0) split.Notes.Add("Piped names taken as apps (no user of these names was read): " + ListText.Join(", ", appsOnly) + ".");
            if (both.Count > 0) split.Notes.Add("Piped names taken as apps although users of these names were read too (give the users with -User): " + ListText.Join(", ", both) + ".");
            return split;
        }
    }
}
