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

    /// <summary>The release of a client that runs here, as read from the client's own files, and where it was read.</summary>
    internal sealed class ClientRelease
    {
        public ClientRelease(Version release, string text, string source)
        {
            Release = release;
            Text = text;
            Source = source;
        }

        public Version Release { get; }
        /// <summary>The release as the client wrote it ("1.0.61").</summary>
        public string Text { get; }
        /// <summary>Where it was read, for the message ("the release that last ran here, per /home/alice/.copilot/logs/process-1-2.log").</summary>
        public string Source { get; }

        /// <summary>"1.0.61" as a version (missing parts 0).</summary>
        public static Version Parse(string release)
        {
            var parts = release.Split('.').Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture)).ToList();
            while (parts.Count < 3) parts.Add(0);
            return new Version(parts[0], parts[1], parts[2]);
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
        /// <param name="known">The release read from the client's files; null when none was read.</param>
        /// <param name="whyNotKnown">Why no release was read (appended to <see cref="NotKnown"/>), or null.</param>
        public static (CheckStatus Status, string Message) Decide(string client, IReadOnlyList<ReleaseAnswer> answers, ClientRelease? known, string? whyNotKnown = null)
        {
            string All() => client + " " + ListText.JoinWhole("; ", answers.Select(a => a.Releases + " " + a.Says));
            if (known != null)
            {
                var group = answers.FirstOrDefault(a => a.Holds(known.Release));
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
    /// file name rule /^process-(\d+)-(\d+|unknown)(?:\.(\d+))?\.log$/). VS Code records its release only in its SQLite state
    /// (state.vscdb, key releaseNotes/lastVersion: update.contribution ProductContribution, index ids 35624123299, 55490364250),
    /// which the module does not read: VS Code's release stays not known.
    /// </summary>
    internal static class ClientReleaseFiles
    {
        private const int LogStartBytes = 64 * 1024;
        private const int MostParts = 16;
        private static readonly Regex LogName = new Regex(@"^process-(\d{1,19})-(\d+|unknown)(?:\.(\d+))?\.log$", RegexOptions.CultureInvariant);
        private static readonly Regex StartLine = new Regex(@"^\S+ \[INFO\] Starting Copilot CLI: (\d{1,6}\.\d{1,6}\.\d{1,6})(-\S*)?\r?$", RegexOptions.CultureInvariant | RegexOptions.Multiline);

        /// <summary>Why VS Code's release is not read, for the message.</summary>
        public const string VsCodeNotRead = "VS Code records its release only in its SQLite state (state.vscdb, releaseNotes/lastVersion), which this check does not read";

        /// <summary>Why no Copilot CLI release was read, for the message.</summary>
        public const string CopilotNotRead = "no Copilot CLI log here names its release";

        /// <summary>
        /// The release of the newest Copilot CLI run logged under <paramref name="home"/>/logs (its log's "Starting Copilot CLI"
        /// line); null when there is no such log, the line is missing (a log level above info) or names a prerelease.
        /// </summary>
        public static ClientRelease? CopilotCli(IHostPlatform env, string? home)
        {
            if (home == null) return null;
            string logs = OsPath.Combine(env.Os, home, "logs");
            if (!env.DirectoryExists(logs)) return null;
            var runs = env.GetFiles(logs, "process-*.log")
                .Select(p => (Path: p, Match: LogName.Match(OsPath.FileName(env.Os, p))))
                .Where(x => x.Match.Success && ulong.TryParse(x.Match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .Select(x => (x.Path, Ms: ulong.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture), Run: x.Match.Groups[1].Value + "-" + x.Match.Groups[2].Value))
                .ToList();
            if (runs.Count == 0) return null;
            var newest = runs.OrderByDescending(x => x.Ms).First();
            foreach (var part in runs.Where(x => x.Run == newest.Run).OrderBy(x => x.Path, StringComparer.Ordinal).Take(MostParts))
            {
                var text = env.ReadStart(part.Path, LogStartBytes);
                var m = text == null ? null : StartLine.Match(text);
                if (m == null || !m.Success) continue;
                if (m.Groups[2].Success) return null; // a prerelease: between two releases, not placed
                string release = m.Groups[1].Value;
                return new ClientRelease(ClientRelease.Parse(release), release, "the release that last ran here, per " + part.Path);
            }
            return null;
        }
    }
}
