using System;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Resources
{
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
                split.Notes.Add("Piped names taken as users (-Tool names the tools): " + string.Join(", ", names) + ".");
                return split;
            }
            if (usersGiven)
            {
                split.Tools.AddRange(names);
                split.Notes.Add("Piped names taken as tools (-User names the users): " + string.Join(", ", names) + ".");
                return split;
            }
            var known = new HashSet<string>((knownUsers ?? Enumerable.Empty<string>()).OfType<string>(), StringComparer.Ordinal);
            foreach (var n in names) (known.Contains(n) ? split.Users : split.Tools).Add(n);
            if (split.Users.Count > 0) split.Notes.Add("Piped names taken as users (users of these names were read): " + string.Join(", ", split.Users) + ".");
            if (split.Tools.Count > 0) split.Notes.Add("Piped names taken as tools (no user of these names was read): " + string.Join(", ", split.Tools) + ".");
            return split;
        }
    }
}
