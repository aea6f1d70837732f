using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Diagnosis;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>
    /// Turns client check results into diagnosis findings (Pass and Skipped results are left out; what a check could not
    /// decide is Info, as ServingFindings reports a row it cannot decide, so an unread session is never silent).
    /// </summary>
    public static class ClientDiagnosis
    {
        public static List<TeleportMcp.Diagnosis> ToDiagnosisItems(IEnumerable<ClientCheck> results, string? user = null)
        {
            var items = new List<TeleportMcp.Diagnosis>();
            foreach (var r in results)
            {
                if (r.Status != CheckStatus.Fail && r.Status != CheckStatus.Warn && r.Status != CheckStatus.Indeterminate) continue;
                var item = new TeleportMcp.Diagnosis
                {
                    Area = AreaOf(r.Check),
                    Status = r.Status == CheckStatus.Fail ? DiagnosisStatus.Fail : r.Status == CheckStatus.Warn ? DiagnosisStatus.Warn : DiagnosisStatus.Info,
                    Check = "Client" + r.Check,
                    App = r.App,
                    User = user,
                    Title = Title(r),
                    Detail = r.Message,
                    Fix = r.Fix,
                    Source = r.Location ?? r.ConfigPath ?? (r.Client == "tsh" ? "tsh status" : r.Client),
                };
                item.Evidence.Add((r.ConfigPath != null ? r.ConfigPath + (r.Entry != null ? " [" + r.Entry + "]" : "") + ": " : "") + r.Message);
                // Client log lines such as "spawn <tsh> ENOENT" or tsh's "session expired" prove these findings.
                if (r.Check == ClientChecks.Command || r.Check == ClientChecks.CommandLine) item.CorrelationTokens.AddRange(new[] { "ENOENT", "EACCES" });
                // tsh mcp connect without a profile in its home: lib/client/api.go NewClient's "No proxy address specified, missed --proxy flag?".
                if (r.Check == ClientChecks.Session) item.CorrelationTokens.AddRange(new[] { "expired", "relogin", "Not logged in", "missed --proxy flag" });
                if (r.Check == ClientChecks.App) item.CorrelationTokens.AddRange(AppNotFoundTokens(r.App));
                if (r.Check == ClientChecks.AppTools) item.CorrelationTokens.Add("access to any tools");
                // https://code.claude.com/docs/en/managed-mcp "How restrictions appear to users": what Claude Code says of a server policy blocks.
                if (r.Check == ClientChecks.Policy) item.CorrelationTokens.AddRange(new[] { "blocked by enterprise managed policy", "enterprise MCP configuration" });
                items.Add(item);
            }
            return items;
        }

        /// <summary>
        /// What tsh mcp connect logs for an app it cannot find: lib/client/mcp.go @39cecbf5 "no MCP servers found"; newer builds
        /// (fetchAppLocked) "MCP server %q not found", as written, JSON-escaped or as trace's HTML-escaped debug report (&#34;).
        /// </summary>
        private static IEnumerable<string> AppNotFoundTokens(string? app)
        {
            yield return "no MCP servers found";
            if (string.IsNullOrEmpty(app)) yield break;
            foreach (var q in new[] { "\"", "\\\"", "&#34;" })
                yield return "MCP server " + q + app + q + " not found";
        }

        /// <summary>How many client configuration files the checks read (a broken one counts: it was examined).</summary>
        public static int ConfigFilesExamined(IEnumerable<ClientCheck> results) =>
            results.Where(r => r.Check == ClientChecks.ConfigParse && r.ConfigPath != null).Select(r => r.ConfigPath).Distinct().Count();

        /// <summary>
        /// How many Teleport entries (those running `tsh mcp connect`, or `tsh mcp db start`) the checks examined: only their
        /// results name both an entry and its app, and each has a Command result. A file read that holds none checked nothing Teleport's clients would run.
        /// </summary>
        public static int TeleportEntriesExamined(IEnumerable<ClientCheck> results) =>
            results.Where(IsTeleportEntry).Select(r => r.ConfigPath + "\u0001" + r.Entry).Distinct(StringComparer.Ordinal).Count();

        private static bool IsTeleportEntry(ClientCheck r) => r.Entry != null && (r.App != null || r.Check == ClientChecks.Command);

        /// <summary>
        /// What a client check examined, by <see cref="NothingExamined"/>'s rule: each Teleport entry, and each file read
        /// whose own check failed (its finding says why no entry was used). A file that holds no Teleport entry, and one that
        /// does not parse (<see cref="ConfigFilesUnusable"/>, an input not read), examined nothing.
        /// </summary>
        public static int Examined(IEnumerable<ClientCheck> results)
        {
            var list = (results ?? Enumerable.Empty<ClientCheck>()).ToList();
            var unusable = new HashSet<string?>(ConfigFilesUnusable(list).Select(r => r.ConfigPath), StringComparer.Ordinal);
            var entryFiles = new HashSet<string?>(list.Where(IsTeleportEntry).Select(r => r.ConfigPath), StringComparer.Ordinal);
            int failedFiles = list.Where(r => r.ConfigPath != null && r.Status == CheckStatus.Fail && !unusable.Contains(r.ConfigPath) && !entryFiles.Contains(r.ConfigPath))
                .Select(r => r.ConfigPath).Distinct(StringComparer.Ordinal).Count();
            return TeleportEntriesExamined(list) + failedFiles;
        }

        /// <summary>The error id of a client configuration file that does not parse or has the wrong shape (<see cref="ClientCheckOptions.ParseError"/>).</summary>
        public const string ParseErrorCode = "ClientConfigParseError";

        /// <summary>
        /// The client configuration files that were read but could not be used (they do not parse, or hold no JSON
        /// object): one failed ConfigParse result per file. No entry of theirs was checked.
        /// </summary>
        public static List<ClientCheck> ConfigFilesUnusable(IEnumerable<ClientCheck> results) =>
            results.Where(r => r.Check == ClientChecks.ConfigParse && r.Status == CheckStatus.Fail && r.ConfigPath != null)
                .GroupBy(r => r.ConfigPath, StringComparer.Ordinal).Select(g => g.First()).ToList();

        /// <summary>
        /// The tsh the admin named with -TshPath: a bare name stays bare (looked up on PATH, as exec.LookPath does); a
        /// name with a directory part is a path, made absolute by <paramref name="fullPath"/> (the caller's current
        /// location). Only this tsh or the one on PATH runs: a tsh named in a client file never does (ClientChecker).
        /// </summary>
        public static string? TshToRun(string? given, Func<string, string> fullPath)
        {
            if (string.IsNullOrEmpty(given)) return null;
            if (given!.IndexOfAny(new[] { '/', '\\' }) < 0) return given;
            return fullPath == null ? given : fullPath(given);
        }

        /// <summary>
        /// The error of a check that examined no Teleport entry: no client file was found on this computer, or the files
        /// read hold no entry that runs `tsh mcp connect`. Null when an entry was examined, when a check of a file read
        /// failed (that finding says why no entry was used: a file that does not parse, servers under the wrong key), or
        /// when the admin named the files (-Path) and none was read: a name that matched nothing was reported where it
        /// was resolved.
        /// </summary>
        public static TeleportNotFoundException? NothingExamined(IEnumerable<ClientCheck> results, bool pathGiven, IEnumerable<string?> searched)
        {
            var list = (results ?? Enumerable.Empty<ClientCheck>()).ToList();
            if (ConfigFilesExamined(list) > 0)
            {
                if (TeleportEntriesExamined(list) > 0 || list.Any(r => r.ConfigPath != null && r.Status == CheckStatus.Fail)) return null;
                return new TeleportNotFoundException("NothingExamined", "The client configuration files read hold no entry that runs tsh mcp connect, so no Teleport entry was checked.", null)
                {
                    RecommendedAction = "Run tsh mcp config --client-config=claude APP (or cursor, or a file path), or name the file that holds the entry with -Path.",
                    TargetObject = list.Where(r => r.Check == ClientChecks.ConfigParse && r.ConfigPath != null).Select(r => r.ConfigPath).Distinct(StringComparer.Ordinal).ToArray(),
                };
            }
            if (pathGiven) return null;
            return new TeleportNotFoundException("NothingExamined", "No MCP client configuration file was found on this computer, so no entry was checked.", null)
            {
                RecommendedAction = "Name the file with -Path, or run tsh mcp config --client-config=claude APP first.",
                // The places searched: the error names what was looked for.
                TargetObject = (searched ?? Enumerable.Empty<string?>()).Where(p => !string.IsNullOrEmpty(p)).ToArray(),
            };
        }

        /// <summary>The client configuration files this computer's clients would read (<see cref="ClientPaths.Candidates"/>): where a check without -Path looks.</summary>
        public static IEnumerable<string?> Searched(IHostPlatform env, string? projectDirectory) =>
            ClientPaths.Candidates(env, projectDirectory).Select(c => c.Path);

        /// <summary>-Quiet's answer: true only when a Teleport entry was examined, every name and path matched, and no check failed.</summary>
        public static bool QuietAnswer(IEnumerable<ClientCheck>? results, bool unmatched)
        {
            var list = (results ?? Enumerable.Empty<ClientCheck>()).ToList();
            // about_TeleportMcp THE -Quiet ANSWER: a gate that checked nothing never passes; a file without a Teleport entry checks nothing.
            return Resources.InputPolicy.QuietAnswer(TeleportEntriesExamined(list), !unmatched && list.All(r => r.Status != CheckStatus.Fail));
        }

        private static DiagnosisArea AreaOf(string? check)
        {
            switch (check)
            {
                case ClientChecks.Session:
                case ClientChecks.SessionRoles:
                case ClientChecks.SessionTraits:
                    return DiagnosisArea.Session;
                case ClientChecks.App:
                case ClientChecks.AppTools:
                    return DiagnosisArea.App;
                default:
                    return DiagnosisArea.Client;
            }
        }

        private static string Title(ClientCheck r)
        {
            string? where = r.Entry != null ? r.Client + " entry " + r.Entry : r.Client;
            switch (r.Check)
            {
                case ClientChecks.Session: return "tsh session: " + FirstClause(r.Message);
                case ClientChecks.SessionRoles: return "Roles changed since the last tsh login";
                case ClientChecks.SessionTraits: return "Traits changed since the last tsh login";
                case ClientChecks.Command: return Output.OutputText.Labelled(where, "tsh cannot be started");
                case ClientChecks.ConfigParse: return r.Client + " configuration does not parse";
                case ClientChecks.ConfigInUse: return "Claude Desktop reads another configuration file";
                case ClientChecks.Policy:
                    return Output.OutputText.Labelled(where, r.Status == CheckStatus.Fail ? "Claude Code's administrator policy keeps it from loading"
                        : r.Status == CheckStatus.Warn ? "not loaded, the administrator's entry for the app is used instead"
                        : "Claude Code's administrator policy may keep it from loading");
                default: return Output.OutputText.Labelled(where, FirstClause(r.Message));
            }
        }

        private static string FirstClause(string? s)
        {
            if (s == null) return "";
            int i = s.IndexOfAny(new[] { ';', ':' });
            return i > 0 ? s.Substring(0, i) : s;
        }
    }
}
