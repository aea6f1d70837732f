using System;
using System.Collections.Generic;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>
    /// Where piped log lines come from, computed from what their objects say (the cmdlet only reads the properties):
    /// the file a Get-Content line's PSPath names, and the lines of a Select-String match with their numbers.
    /// </summary>
    public static class PipedSource
    {
        /// <summary>
        /// The path Select-String's MatchInfo gives lines it read from the pipeline, not a file (MatchInfo.Path returns
        /// s_inputStream, "InputStream", when no path was set: PowerShell/PowerShell
        /// src/Microsoft.PowerShell.Commands.Utility/commands/utility/MatchString.cs @00e7224b).
        /// </summary>
        public const string SelectStringInputStream = "InputStream";

        /// <summary>
        /// The file a Get-Content line's PSPath (or PSChildName) names: a provider-qualified path
        /// (Microsoft.PowerShell.Core\FileSystem::/var/log/a.log) names it after "::"; any other as it is.
        /// </summary>
        public static string FileOfPSPath(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            int qualified = key.IndexOf("::", StringComparison.Ordinal);
            return qualified >= 0 ? key.Substring(qualified + 2) : key;
        }

        /// <summary>
        /// The lines of one Select-String match in file order, each with its file and line number (null, 0 when not known):
        /// the display context before it, the matched line, the display context after it. The display context holds each
        /// line once, the lines right before and after the match that no other match's context or line holds
        /// (MatchString.cs DisplayContextTracker @00e7224b; PreContext and PostContext overlap the neighbouring matches' and
        /// hold their lines). A match read from the pipeline (<see cref="SelectStringInputStream"/>) names no file, and so
        /// no line number; a context line before line 1 has none either.
        /// </summary>
        /// <param name="line">MatchInfo.Line.</param>
        /// <param name="path">MatchInfo.Path, or null when absent.</param>
        /// <param name="lineNumber">MatchInfo.LineNumber, or null when absent or not a positive number.</param>
        /// <param name="before">Context.DisplayPreContext, or null.</param>
        /// <param name="after">Context.DisplayPostContext, or null.</param>
        public static List<(string Text, string? Path, long Line, bool NewRead)> MatchLines(string line, string? path, long? lineNumber,
            IReadOnlyList<string>? before, IReadOnlyList<string>? after)
        {
            if (line == null) throw new ArgumentNullException(nameof(line));
            if (path == SelectStringInputStream) path = null;
            long number = path != null && lineNumber is long n && n > 0 ? n : 0;
            var matched = new List<(string, string?, long, bool)>(1 + (before?.Count ?? 0) + (after?.Count ?? 0));
            for (int i = 0; before != null && i < before.Count; i++)
                matched.Add((before[i], path, number > before.Count - i ? number - before.Count + i : 0, false));
            matched.Add((line, path, number, false));
            for (int i = 0; after != null && i < after.Count; i++)
                matched.Add((after[i], path, number > 0 ? number + 1 + i : 0, false));
            return matched;
        }
    }
}
