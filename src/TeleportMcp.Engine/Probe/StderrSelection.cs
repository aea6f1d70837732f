using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// Picks the stderr line that says why a server failed. Runtimes end their error output with noise (Node.js prints
    /// "Node.js v20.x" last, Python the traceback frames first), so the last line is rarely the cause.
    /// </summary>
    public static class StderrSelection
    {
        /// <summary>What makes a line telling, with its weight; a line scores the sum of the markers it carries.</summary>
        private static readonly KeyValuePair<Regex, int>[] Markers =
        {
            // errno names as Node.js, libuv and Go print them
            Marker(@"\b(EACCES|ENOENT|EPERM|ENOTDIR|EISDIR|ELOOP|EADDRINUSE|ECONNREFUSED|EMFILE|ENOEXEC)\b", 3),
            // the same causes in words (glibc strerror, Python, shells, Node's module loader)
            Marker(@"permission denied|no such file or directory|cannot find module|command not found|module ?not ?found|is not recognized as|could not open|cannot open|not permitted", 3),
            // an exception or error line: "Error: ...", "TypeError: ...", "PermissionError: [Errno 13] ...", "panic: ...", "fatal: ..."
            Marker(@"^\s*(Uncaught\s+)?[A-Za-z_][\w.]*(Error|Exception)(\s*\[[^\]]*\])?:|^\s*(error|fatal|panic|FATAL|ERROR)\b[:\]]?", 2),
            Marker(@"^Traceback \(most recent call last\):", 1),
        };

        private static KeyValuePair<Regex, int> Marker(string pattern, int weight) =>
            new KeyValuePair<Regex, int>(new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)), weight);

        /// <summary>How telling one line is (0: not at all).</summary>
        public static int Score(string line)
        {
            if (string.IsNullOrWhiteSpace(line)) return 0;
            // Stack frames repeat the error's words (at Module._resolveFilename ...): they never explain more than the error line.
            var t = line.TrimStart();
            if (t.StartsWith("at ", StringComparison.Ordinal) || t.StartsWith("File \"", StringComparison.Ordinal)) return 0;
            int score = 0;
            foreach (var m in Markers)
            {
                try
                {
                    if (m.Key.IsMatch(line)) score += m.Value;
                }
                catch (RegexMatchTimeoutException)
                {
                }
            }
            return score;
        }

        /// <summary>The most telling line (the first of equally telling ones); the last non-empty line when none is; null for none.</summary>
        public static string? MostTelling(IEnumerable<string> lines)
        {
            string? best = null, last = null;
            int bestScore = 0;
            foreach (var l in lines ?? Array.Empty<string>())
            {
                if (string.IsNullOrWhiteSpace(l)) continue;
                last = l;
                int s = Score(l);
                if (s > bestScore)
                {
                    bestScore = s;
                    best = l;
                }
            }
            return best ?? last;
        }

        /// <summary>Keeps the best line of a stream as it is read, so a cause printed before a long tail is not lost.</summary>
        public sealed class Tracker
        {
            private int _score;

            public string? Best { get; private set; }

            public void Add(string line)
            {
                int s = Score(line);
                if (s > _score)
                {
                    _score = s;
                    Best = line;
                }
            }
        }
    }
}
