using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>
    /// One group of a client's releases and what they do with what is checked: the releases from <see cref="From"/> to
    /// <see cref="To"/> (both included; null: from the oldest, or to the newest), the status that answer gives, and the words
    /// ("refuse this whole file, this entry included: tools: Required at line 2, column 22", "load the entry").
    /// </summary>
    internal sealed class ReleaseAnswer
    {
        public ReleaseAnswer(string? from, string? to, CheckStatus status, string says)
        {
            From = from;
            To = to;
            Status = status;
            Says = says;
        }

        public string? From { get; }
        public string? To { get; }
        public CheckStatus Status { get; }
        public string Says { get; }

        /// <summary>"0.0.403 and earlier", "0.0.406 to 0.0.417", "1.0.35 and later".</summary>
        public string Releases =>
            From == null ? To + " and earlier" : To == null ? From + " and later" : From == To ? From : From + " to " + To;

        /// <summary>Whether <paramref name="release"/> lies in the group.</summary>
        public bool Holds(Version release) =>
            (From == null || ClientRelease.Parse(From) <= release) && (To == null || release <= ClientRelease.Parse(To));
    }

    /// <summary>
    /// The release of a client that runs here, as read from the client's own files, and where it was read; or, when the
    /// client's newest file was read but names no release the tables place (<see cref="Release"/> null), why not.
    /// </summary>
    internal sealed class ClientRelease
    {
        public ClientRelease(Version release, string text, string source)
        {
            Release = release;
            Text = text;
            Source = source;
        }

        private ClientRelease(string whyNotKnown)
        {
            Text = "";
            Source = "";
            WhyNotKnown = whyNotKnown;
        }

        /// <summary>A reading that names no release the tables place, with the reason (for <see cref="ReleaseVerdict.Decide"/>).</summary>
        public static ClientRelease NotPlaced(string whyNotKnown) => new ClientRelease(whyNotKnown);

        /// <summary>Null for a <see cref="NotPlaced"/> reading.</summary>
        public Version? Release { get; }
        /// <summary>The release as the client wrote it ("1.0.61").</summary>
        public string Text { get; }
        /// <summary>Where it was read, for the message ("the release that last ran here, per /home/alice/.copilot/logs/process-1-2.log").</summary>
        public string Source { get; }
        /// <summary>Why the release is not known, for a <see cref="NotPlaced"/> reading; else null.</summary>
        public string? WhyNotKnown { get; }

        /// <summary>"1.0.61" as a version (missing parts 0); for the tables' own bounds, which are always ASCII numbers.</summary>
        public static Version Parse(string release) =>
            TryParse(release, out var v) ? v : throw new FormatException("not a release: " + release);

        /// <summary>"1.0.61" as a version: one to three parts of ASCII digits 0-9 (no sign, no Unicode digit), each an int.</summary>
        public static bool TryParse(string? release, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Version? version)
        {
            version = null;
            if (release == null) return false;
            var parts = new List<int>();
            foreach (var p in release.Split('.'))
            {
                if (p.Length == 0 || p.Any(c => c < '0' || c > '9')
                    || !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int n)) return false;
                parts.Add(n);
            }
            if (parts.Count > 3) return false;
            while (parts.Count < 3) parts.Add(0);
            version = new Version(parts[0], parts[1], parts[2]);
            return true;
        }
    }

    /// <summary>
    /// The one rule of the module for an answer that depends on the client's release: given what each group of releases does
    /// and the release read from the client's own files (or none), the status and the words. A known release gets its
    /// group's status, the message naming the release and where it was read; without one, groups that agree give their
    /// status, and groups that differ give Indeterminate, the message naming each group with its answer. Releases without
    /// MCP support are no group (the callers' tables start at the first release that reads MCP servers).
    /// </summary>
    internal static class ReleaseVerdict
    {
        /// <summary>The words every unknown-release verdict carries (tests and callers look for them).</summary>
        public const string NotKnown = "which release runs here is not known to this check";

        /// <param name="client">"Copilot CLI", "VS Code".</param>
        /// <param name="answers">The groups, oldest first, covering every release that reads MCP servers.</param>
        /// <param name="known">The release read from the client's files; null when none was read; a
        /// <see cref="ClientRelease.NotPlaced"/> reading gives its own reason instead of <paramref name="whyNotKnown"/>.</param>
        /// <param name="whyNotKnown">Why no release was read (appended to <see cref="NotKnown"/>), or null.</param>
        public static (CheckStatus Status, string Message) Decide(string client, IReadOnlyList<ReleaseAnswer> answers, ClientRelease? known, string? whyNotKnown = null)
        {
            string All() => client + " " + ListText.JoinWhole("; ", answers.Select(a => a.Releases + " " + a.Says));
            if (known != null && known.Release == null) whyNotKnown = known.WhyNotKnown ?? whyNotKnown;
            else if (known?.Release is Version release)
            {
                var group = answers.FirstOrDefault(a => a.Holds(release));
                if (group != null)
                {
                    var others = answers.Where(a => !ReferenceEquals(a, group) && a.Status != group.Status).ToList();
                    return (group.Status, client + " " + known.Text + " (" + known.Source + ") is one of " + group.Releases + ", which " + group.Says
                        + (others.Count == 0 ? "" : " (" + ListText.JoinWhole("; ", others.Select(a => a.Releases + " " + a.Says)) + ")"));
                }
                whyNotKnown = client + " " + known.Text + " (" + known.Source + ") is in none of these groups";
            }
            var first = answers[0].Status;
            if (answers.All(a => a.Status == first)) return (first, All());
            return (CheckStatus.Indeterminate, All() + "; " + NotKnown + (whyNotKnown == null ? "" : " (" + whyNotKnown + ")"));
        }
    }

    /// <summary>
    /// Where a client's own files record the release that runs, read passively (the program is never run). Copilot CLI writes
    /// "&lt;time&gt; [INFO] Starting Copilot CLI: &lt;version&gt;" at the start of each run's log, &lt;home&gt;/logs/process-&lt;ms&gt;-&lt;pid&gt;.log
    /// (a rotated part adds ".&lt;n&gt;"): @github/copilot@0.0.403 index.js and @1.0.61 app.js (`info(\`Starting Copilot CLI: ${...version}\`)`,
    /// the log writer's `${new Date().toISOString()} [${level}] ${message}`, `process-${Date.now()}-${process.pid}.log` under
    /// configDir, $COPILOT_HOME or ~/.copilot, "logs"), @github/copilot-linux-x64@1.0.102 (its embedded bundle: the same line, the
    /// file name rule /^process-(\d+)-(\d+|unknown)(?:\.(\d+))?\.log$/). @1.0.61 app.js also logs other [INFO] lines before
    /// it ("Session indexing debug: ...", unconditionally; queued messages), so the start line is the first line naming
    /// "Starting Copilot CLI", not the first [INFO] line. @1.0.61 app.js orders and cleans its logs by modification time
    /// (keeps the newest 50 by mtimeMs, deletes those older than 7 days: `Rfo=10080*60*1e3,Ifo=50`), so the newest run is
    /// the newest written log. VS Code records its release only in its SQLite state
    /// (state.vscdb, key releaseNotes/lastVersion: update.contribution ProductContribution, index ids 35624123299, 55490364250),
    /// which the module does not read: VS Code's release stays not known.
    /// </summary>
    internal static class ClientReleaseFiles
    {
        private const int LogStartBytes = 64 * 1024;
        private const int MostParts = 16;
        // [0-9], not \d: .NET's \d matches every Unicode decimal digit ("١.٠.٦١"), which is no release Copilot CLI writes.
        private static readonly Regex LogName = new Regex(@"^process-([0-9]{1,19})-([0-9]+|unknown)(?:\.([0-9]+))?\.log$", RegexOptions.CultureInvariant);
        private const string StartWords = "Starting Copilot CLI:";
        // new Date().toISOString() (always UTC, milliseconds), then the level and the message.
        private static readonly Regex StartLine = new Regex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z \[INFO\] Starting Copilot CLI: ([0-9]{1,6}\.[0-9]{1,6}\.[0-9]{1,6})(-\S*)?$", RegexOptions.CultureInvariant);

        /// <summary>Why VS Code's release is not read, for the message.</summary>
        public const string VsCodeNotRead = "VS Code records its release only in its SQLite state (state.vscdb, releaseNotes/lastVersion), which this check does not read";

        /// <summary>Why no Copilot CLI release was read, for the message.</summary>
        public const string CopilotNotRead = "no Copilot CLI log here names its release";

        /// <summary>
        /// The release of the newest Copilot CLI run logged under <paramref name="home"/>/logs (the newest written log's run;
        /// the first line of its parts that names "Starting Copilot CLI"); null when there is no such log;
        /// a <see cref="ClientRelease.NotPlaced"/> reading, with the reason, when the newest run's log names no release the
        /// tables place (no start line: a log level above info; a prerelease; a line not of the writer's form).
        /// </summary>
        public static ClientRelease? CopilotCli(IHostPlatform env, string? home)
        {
            if (home == null) return null;
            string logs = OsPath.Combine(env.Os, home, "logs");
            if (!env.DirectoryExists(logs)) return null;
            var runs = env.GetFiles(logs, "process-*.log")
                .Select(p => (Path: p, Match: LogName.Match(OsPath.FileName(env.Os, p))))
                .Where(x => x.Match.Success && ulong.TryParse(x.Match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .Select(x => (x.Path, Ms: ulong.Parse(x.Match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture),
                    Written: env.LastWriteTimeUtc(x.Path) ?? DateTime.MinValue, Run: x.Match.Groups[1].Value + "-" + x.Match.Groups[2].Value))
                .ToList();
            if (runs.Count == 0) return null;
            // Newest written first (as Copilot CLI orders its logs); the name's start time only breaks a tie.
            var newest = runs.OrderByDescending(x => x.Written).ThenByDescending(x => x.Ms).ThenBy(x => x.Path, StringComparer.Ordinal).First();
            foreach (var part in runs.Where(x => x.Run == newest.Run).OrderBy(x => x.Path, StringComparer.Ordinal).Take(MostParts))
            {
                var text = env.ReadStart(part.Path, LogStartBytes);
                if (text == null) continue;
                string? line = FirstStartLine(text);
                if (line == null) continue;
                var m = StartLine.Match(line);
                if (!m.Success)
                    return ClientRelease.NotPlaced("the newest log, " + part.Path + ", names Copilot CLI's start in a line not of its log writer's form: " + Quote(line));
                string release = m.Groups[1].Value;
                if (m.Groups[2].Success)
                    return ClientRelease.NotPlaced("the newest log, " + part.Path + ", names the prerelease " + Quote(release + m.Groups[2].Value) + ", which the release tables do not place");
                if (!ClientRelease.TryParse(release, out var version))
                    return ClientRelease.NotPlaced("the newest log, " + part.Path + ", names the release " + Quote(release) + ", which is not a release number this check reads");
                return new ClientRelease(version, release, "the release that last ran here, per " + part.Path);
            }
            return ClientRelease.NotPlaced("the newest log, " + newest.Path + ", has no \"Starting Copilot CLI\" line (a log level above info writes none)");
        }

        /// <summary>The first line of <paramref name="text"/> that names "Starting Copilot CLI:" (CR of a CRLF dropped), or null.</summary>
        private static string? FirstStartLine(string text)
        {
            int at = text.IndexOf(StartWords, StringComparison.Ordinal);
            if (at < 0) return null;
            int start = text.LastIndexOf('\n', at) + 1;
            int end = text.IndexOf('\n', at);
            // A line cut by the read limit is not whole: not read.
            if (end < 0) return null;
            return text.Substring(start, end - start).TrimEnd('\r');
        }

        // Secrets masked and cut as every shown input line; control characters are escaped where the message is written.
        private static string Quote(string s) => "\"" + SourceText.Shown(s) + "\"";
    }
}
