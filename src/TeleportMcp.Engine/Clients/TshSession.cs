using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Clients
{
    public enum TshSessionState
    {
        Active,
        Expired,
        NotLoggedIn,
        /// <summary>Profiles exist, none is active (`ERROR: No active profile.`).</summary>
        NoActiveProfile,
        TshMissing,
        TimedOut,
        Error,
    }

    /// <summary>A tsh profile from `tsh status --format=json` (tool/tsh/common/tsh.go, type profileInfo).</summary>
    public sealed class TshProfile
    {
        public string? ProfileUrl { get; set; }
        public string? Username { get; set; }
        public string? Cluster { get; set; }
        public List<string> Roles { get; set; } = new List<string>();
        /// <summary>The traits in the certificate.</summary>
        public Dictionary<string, List<string>> Traits { get; set; } = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        public List<string> Logins { get; set; } = new List<string>();
        public List<string> ActiveRequests { get; set; } = new List<string>();
        public DateTimeOffset? ValidUntil { get; set; }
        public string? ValidUntilText { get; set; }

        /// <summary>host[:port] of profile_url, for `tsh login --proxy=`.</summary>
        public string? ProxyHost
        {
            get
            {
                if (string.IsNullOrEmpty(ProfileUrl)) return null;
                return Uri.TryCreate(ProfileUrl, UriKind.Absolute, out var u) ? (u.IsDefaultPort ? u.Host : u.Host + ":" + u.Port) : ProfileUrl;
            }
        }
    }

    /// <summary>The tsh session as `tsh status --format=json` reports it.</summary>
    public sealed class TshSession
    {
        public TshSessionState State { get; set; }
        public string? Tsh { get; set; }
        public string? TeleportHome { get; set; }
        public TshProfile? Active { get; set; }
        public List<TshProfile> Others { get; set; } = new List<TshProfile>();
        /// <summary>tsh's error line without the `ERROR: ` prefix and colour codes, or our own reason.</summary>
        public string? Message { get; set; }
        public int ExitCode { get; set; }
    }

    /// <summary>The apps `tsh mcp ls --format json` lists, with the tools the user may call.</summary>
    public sealed class TshMcpListing
    {
        public bool Succeeded { get; set; }
        public List<App> Apps { get; set; } = new List<App>();
        public string? Message { get; set; }
        /// <summary>The `WARNING: ` lines tsh wrote on stdout ahead of its output (see <see cref="TshSessionReader.TakeStdoutWarnings"/>).</summary>
        public List<string> StdoutWarnings { get; set; } = new List<string>();
        /// <summary>The known error tsh's stderr shows when it failed (<see cref="Logs.TshOutputFindings"/>), or null.</summary>
        public Finding? KnownError { get; set; }
        /// <summary>
        /// Why the catalog's reading of tsh's stderr is incomplete (a pattern that timed out there: KnownErrorIndeterminate,
        /// CatalogPatternTimeout), or empty: with no <see cref="KnownError"/>, no known error was found only in what was checked.
        /// </summary>
        public List<string> KnownErrorUndecided { get; set; } = new List<string>();
    }

    /// <summary>
    /// Reads the tsh session and MCP app listing. Parsing follows tool/tsh/common/tsh.go @002ee5fe (onStatus,
    /// serializeProfiles, profileInfo) and tool/tsh/common/mcp_app.go @08222fe9 (mcpServerWithDetails).
    /// </summary>
    public static class TshSessionReader
    {
        public static readonly string[] StatusArgs = { "status", "--format=json" };
        public static readonly string[] McpListArgs = { "mcp", "ls", Platform.ChildArguments.Kingpin("format", "json") };

        /// <summary>Runs `tsh status --format=json`; <paramref name="tsh"/> null means tsh was not found.</summary>
        public static TshSession Read(IProcessRunner runner, string? tsh, string? teleportHome, DateTimeOffset now, TimeSpan timeout) =>
            Read(runner, tsh, teleportHome, now, timeout, CancellationToken.None);

        /// <summary>As above; the token ends tsh at once and throws OperationCanceledException.</summary>
        public static TshSession Read(IProcessRunner runner, string? tsh, string? teleportHome, DateTimeOffset now, TimeSpan timeout, CancellationToken ct) =>
            ReadWithEnvironment(runner, tsh, Env(teleportHome), now, timeout, ct);

        /// <summary>
        /// Runs `tsh status --format=json` with these variables set, or removed where the value is null; a null
        /// <paramref name="environment"/> inherits this process's (see <see cref="TshFlags.ClientEnvironment"/>).
        /// </summary>
        public static TshSession ReadWithEnvironment(IProcessRunner runner, string? tsh, IDictionary<string, string?>? environment, DateTimeOffset now, TimeSpan timeout, CancellationToken ct)
        {
            string? home = HomeOf(environment);
            if (StringChecks.IsNullOrEmpty(tsh))
                return new TshSession { State = TshSessionState.TshMissing, TeleportHome = home, Message = "tsh was not found" };
            var result = runner.Run(tsh, StatusArgs, environment, timeout, ct);
            ct.ThrowIfCancellationRequested();
            var session = Parse(result, now);
            session.Tsh = tsh;
            session.TeleportHome = home;
            return session;
        }

        /// <summary>null: inherited; "": removed (the default home ~/.tsh); else the value set.</summary>
        public static string? HomeOf(IDictionary<string, string?>? environment) =>
            environment == null ? null : environment.TryGetValue("TELEPORT_HOME", out var h) ? h ?? "" : null;

        /// <summary>
        /// The profile folder tsh uses with these variables (<see cref="TshFlags.ClientEnvironment"/>): TELEPORT_HOME when set,
        /// else .tsh in the home variable of <paramref name="os"/> when they set it; null when the default home of this process
        /// applies.
        /// </summary>
        // api/profile/profile.go @00d0ff93 FullProfilePath: TELEPORT_HOME as it is, else defaultProfilePath, os.UserHomeDir()/.tsh.
        public static string? ProfileFolder(IDictionary<string, string?>? environment, OsKind os)
        {
            var home = HomeOf(environment);
            if (!StringChecks.IsNullOrEmpty(home)) return home;
            return environment != null && environment.TryGetValue(TshFlags.HomeVariable(os), out var user) && !StringChecks.IsNullOrEmpty(user)
                ? OsPath.Combine(os, user, ".tsh") : null;
        }

        /// <summary>Runs `tsh mcp ls --format json` (only call it with an active session: on expiry it tries an interactive login).</summary>
        public static TshMcpListing ListMcpApps(IProcessRunner runner, string tsh, string? teleportHome, TimeSpan timeout) =>
            ListMcpApps(runner, tsh, teleportHome, timeout, CancellationToken.None);

        /// <summary>As above; the token ends tsh at once and throws OperationCanceledException.</summary>
        public static TshMcpListing ListMcpApps(IProcessRunner runner, string tsh, string? teleportHome, TimeSpan timeout, CancellationToken ct) =>
            ListMcpAppsWithEnvironment(runner, tsh, Env(teleportHome), timeout, ct);

        /// <summary>As <see cref="ListMcpApps(IProcessRunner, string, string, TimeSpan, CancellationToken)"/>, with the variables of <see cref="ReadWithEnvironment"/>.</summary>
        public static TshMcpListing ListMcpAppsWithEnvironment(IProcessRunner runner, string tsh, IDictionary<string, string?>? environment, TimeSpan timeout, CancellationToken ct)
        {
            var result = runner.Run(tsh, McpListArgs, environment, timeout, ct);
            ct.ThrowIfCancellationRequested();
            if (result.StartError != null) return new TshMcpListing { Message = "cannot start " + tsh + ": " + result.StartError };
            if (result.TimedOut) return new TshMcpListing { Message = "tsh mcp ls did not finish in " + timeout.TotalSeconds + " s" + (result.OutputIncomplete ? " (it exited, but its output did not end)" : "") };
            var warnings = new List<string>();
            var rest = TakeStdoutWarnings(result.Stdout, warnings);
            var listing = result.ExitCode != 0
                ? Failed(result.ExitCode, result.Stderr)
                : ParseMcpList(rest, "tsh mcp ls");
            listing.StdoutWarnings = warnings;
            return listing;
        }

        // tsh mcp ls failed: the catalog's reading of its stderr, with what the catalog could not decide there (never dropped).
        private static TshMcpListing Failed(int exitCode, string stderr)
        {
            var known = Logs.TshOutputFindings.First(stderr, "tsh mcp ls", out var undecided);
            var listing = new TshMcpListing { Message = "tsh mcp ls failed (exit code " + exitCode + "): " + ErrorText(stderr), KnownError = known };
            if (undecided != null)
                foreach (var e in undecided) listing.KnownErrorUndecided.Add(e.Code + ": " + e.Message);
            return listing;
        }

        /// <summary>
        /// Takes the `WARNING: ` lines at the start of tsh's stdout into <paramref name="warnings"/> (colour codes removed,
        /// each bounded) and returns the rest, the command's own output.
        /// </summary>
        // tool/tsh/common/tsh.go @002ee5fe loadClientConfigFromCLIConf, which makeClient runs for tsh mcp ls, mcp config and
        // mcp connect alike: a profile that fails to load for another reason than NotFound is reported with
        // fmt.Printf("WARNING: Failed to load tsh profile for %q: %v\n"), on stdout, before anything else the command writes.
        public static string TakeStdoutWarnings(string? stdout, List<string> warnings)
        {
            var text = stdout ?? "";
            int pos = 0;
            while (pos < text.Length)
            {
                int nl = text.IndexOf('\n', pos);
                int end = nl < 0 ? text.Length : nl;
                var line = Common.EscapeSequences.Remove(text.Substring(pos, end - pos)).Trim();
                if (line.Length > 0 && !line.StartsWith(StdoutWarningPrefix, StringComparison.Ordinal)) break;
                if (line.Length > 0) warnings.Add(BoundedCapture.Shorten(line)!);
                pos = nl < 0 ? text.Length : nl + 1;
            }
            return text.Substring(pos);
        }

        /// <summary>How tsh begins a warning it prints with fmt.Printf.</summary>
        public const string StdoutWarningPrefix = "WARNING: ";

        public static TshMcpListing ParseMcpList(string stdout, string source)
        {
            var listing = new TshMcpListing();
            var text = (stdout ?? "").Trim();
            if (text.Length == 0 || text == "null") { listing.Succeeded = true; return listing; }
            foreach (var item in ResourceReader.ReadText(text, source))
            {
                if (item.Resource is App app) listing.Apps.Add(app);
                else if (item.Diagnostic != null && item.Diagnostic.Level == DiagnosticLevel.Error)
                {
                    listing.Message = item.Diagnostic.Location + ": " + item.Diagnostic.Message;
                    return listing;
                }
            }
            listing.Succeeded = true;
            return listing;
        }

        /// <summary>null: inherit TELEPORT_HOME; "": run without it (the default home ~/.tsh); else set it.</summary>
        private static IDictionary<string, string?>? Env(string? teleportHome) =>
            teleportHome == null ? null : new Dictionary<string, string?> { { "TELEPORT_HOME", teleportHome.Length == 0 ? null : teleportHome } };

        /// <summary>Turns tsh's output and exit code into a session (see onStatus in tool/tsh/common/tsh.go).</summary>
        public static TshSession Parse(ProcessResult result, DateTimeOffset now)
        {
            if (result.StartError != null)
                return new TshSession { State = TshSessionState.TshMissing, ExitCode = result.ExitCode, Message = result.StartError };
            if (result.TimedOut)
                return new TshSession { State = TshSessionState.TimedOut, ExitCode = result.ExitCode, Message = "tsh status did not finish in time" + (result.OutputIncomplete ? " (it exited, but its output did not end)" : "") };

            var session = new TshSession { ExitCode = result.ExitCode, Message = ErrorText(result.Stderr) };
            var text = (result.Stdout ?? "").Trim();
            // The JSON is printed before the expiry check, so expired sessions still have it; not logged in has none.
            int brace = text.IndexOf('{');
            if (brace >= 0)
            {
                DocNode root;
                try
                {
                    root = JsonParser.Parse(text.Substring(brace), "tsh status");
                }
                catch (TeleportInputException e)
                {
                    session.State = TshSessionState.Error;
                    session.Message = "cannot read tsh status output: " + e.Message;
                    return session;
                }
                session.Active = ReadProfile(root["active"] as DocMap);
                if (root["profiles"] is DocList pl)
                    session.Others.AddRange(pl.Items.OfType<DocMap>().Select(ReadProfile).OfType<TshProfile>());
            }

            if (session.Active != null)
            {
                // The JSON has no "expired" flag: compare valid_until with now, like onStatus does.
                bool expired = session.Active.ValidUntil.HasValue && session.Active.ValidUntil.Value <= now;
                if (expired || Contains(session.Message, "expired")) session.State = TshSessionState.Expired;
                else if (result.ExitCode == 0 || session.Message == null) session.State = TshSessionState.Active;
                else session.State = TshSessionState.Error;
                return session;
            }
            if (Contains(session.Message, "No active profile") || session.Others.Count > 0)
                session.State = TshSessionState.NoActiveProfile;
            else if (Contains(session.Message, "Not logged in"))
                session.State = TshSessionState.NotLoggedIn;
            else
            {
                session.State = TshSessionState.Error;
                if (session.Message == null) session.Message = "tsh status printed no profile (exit code " + result.ExitCode + ")";
            }
            return session;
        }

        /// <summary>
        /// The last `ERROR: ...` message with the lines after it (colour codes removed, one line each joined by a space), else
        /// the last non-empty stderr line.
        /// </summary>
        // lib/utils/cli.go @0082cf8b FatalError prints the whole user message after "ERROR: ": a wrapped trace error puts each
        // cause on a line of its own, a tab deeper (gravitational/trace TraceErr.UserMessage: "cannot relogin in
        // non-interactive session\n\t<cause>"), and formatCertError's texts run over several lines ("WARNING:\n\n  The proxy ...").
        public static string? ErrorText(string stderr)
        {
            if (string.IsNullOrWhiteSpace(stderr)) return null;
            var lines = Common.EscapeSequences.Remove(stderr).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            if (lines.Count == 0) return null;
            int at = lines.FindLastIndex(l => l.StartsWith("ERROR:", StringComparison.Ordinal));
            if (at < 0) return BoundedCapture.Shorten(lines[lines.Count - 1]);
            var message = string.Join(" ", new[] { lines[at].Substring("ERROR:".Length).Trim() }.Concat(lines.Skip(at + 1)).Where(l => l.Length > 0));
            // A stderr the runner already bounded; a message carries at most a few thousand characters.
            return BoundedCapture.Shorten(message);
        }

        private static bool Contains(string? s, string what) => s != null && s.IndexOf(what, StringComparison.OrdinalIgnoreCase) >= 0;

        private static TshProfile? ReadProfile(DocMap? m)
        {
            if (m == null) return null;
            var p = new TshProfile
            {
                ProfileUrl = m["profile_url"]?.AsString(),
                Username = m["username"]?.AsString(),
                Cluster = m["cluster"]?.AsString(),
                Roles = Strings(m["roles"]),
                Logins = Strings(m["logins"]),
                ActiveRequests = Strings(m["active_requests"]),
                ValidUntilText = m["valid_until"]?.AsString(),
            };
            if (p.ValidUntilText != null && DateTimeOffset.TryParse(p.ValidUntilText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var vu))
                p.ValidUntil = vu;
            if (m["traits"] is DocMap t)
                foreach (var kv in t.Entries) p.Traits[kv.Key] = Strings(kv.Value);
            return p;
        }

        private static List<string> Strings(DocNode? n)
        {
            if (n is DocList l) return l.Items.Select(i => i.AsString()).OfType<string>().ToList();
            var s = n?.AsString();
            return s == null ? new List<string>() : new List<string> { s };
        }
    }
}
