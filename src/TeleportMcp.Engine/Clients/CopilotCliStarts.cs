using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>
    /// Whether Copilot CLI starts a server of its user file or of a project file when it runs in a project folder: a
    /// project file's server of the same name replaces the user file's, a nearer folder's file's a farther one's, and a project
    /// file is read only in a folder the user trusted (github/docs content/copilot/how-tos/copilot-cli/customize-copilot/
    /// add-mcp-servers.md @091100a4 "Adding per-repository MCP servers"). Of one folder's .mcp.json and .github/mcp.json only
    /// the .mcp.json is read when it exists, whatever it holds (measured with @github/copilot-linux-x64 1.0.102, runtime.node
    /// mcpConfigLoadMerged: an empty, malformed or JSONC .mcp.json still leaves the folder's .github/mcp.json unread; the same
    /// measured with 1.0.92, and in 1.0.61 and 1.0.78, which walk the folders in app.js, each keeps the first existing of
    /// [".mcp.json", ".github/mcp.json"] per folder and merges the farthest first, so the nearer wins).
    /// One instance per check run: config.json is read once.
    /// </summary>
    internal sealed class CopilotCliStarts
    {
        // github/docs content/copilot/how-tos/copilot-cli/set-up-copilot-cli/configure-copilot-cli.md @03e038c5 "Editing trusted directories".
        internal const string TrustedKey = "trustedFolders";
        internal const string ConfigName = "config.json";

        private readonly IHostPlatform _env;
        private readonly IReadOnlyList<McpConfigFile> _read;
        private readonly System.Threading.CancellationToken _ct;
        private Trust? _trust;

        public CopilotCliStarts(IHostPlatform env, IReadOnlyList<McpConfigFile> read, System.Threading.CancellationToken ct)
        {
            _env = env;
            _read = read;
            _ct = ct;
        }

        /// <summary>Whether <paramref name="path"/> is a folder's .github/mcp.json (else a project file is a .mcp.json).</summary>
        private static bool InGithubFolder(OsKind os, string path) =>
            string.Equals(OsPath.FileName(os, OsPath.DirectoryOf(os, path)), ".github", Cmp(os));

        /// <summary>The folder a project file belongs to: the .mcp.json's folder, or the folder holding .github.</summary>
        private static string LevelOf(OsKind os, string path)
        {
            var folder = OsPath.DirectoryOf(os, path);
            return InGithubFolder(os, path) ? OsPath.DirectoryOf(os, folder) : folder;
        }

        /// <summary>The folder a Copilot CLI file's servers are for: the candidate's, else a project file's folder (<see cref="LevelOf"/>).</summary>
        public static string ProjectOf(OsKind os, McpConfigFile f) =>
            f.Candidate.ProjectDirectory ?? (f.Candidate.Scope == ConfigScope.Project ? LevelOf(os, f.Path!) : OsPath.DirectoryOf(os, f.Path!)); // a file read has its path

        /// <summary>The .mcp.json beside a .github/mcp.json that keeps Copilot CLI from reading it; null when the file is read.</summary>
        private string? ReadInstead(McpConfigFile f)
        {
            var os = _env.Os;
            if (f.Candidate.Scope != ConfigScope.Project || !InGithubFolder(os, f.Path!)) return null;
            var dotMcp = OsPath.Combine(os, LevelOf(os, f.Path!), ".mcp.json");
            return _env.FileExists(dotMcp) ? dotMcp : null;
        }

        /// <summary>
        /// Whether releases of Copilot CLI disagree on refusing the user file <paramref name="user"/> the module does not parse: a
        /// lone-CR comment or a deep root value some later releases take, or text some release before 1.0.62 reads otherwise
        /// (<see cref="CopilotCliReleases.UserFile"/>). The file's ConfigParse row is then Indeterminate.
        /// </summary>
        internal static bool ReleaseDecides(McpConfigFile user) =>
            user.Error != null && (JsonParser.OlderReleasesTake(user.Error) != null || JsonParser.OlderReleasesTakeDeep(user.Error) || ReadOtherwiseBefore1062(user));

        /// <summary>Whether a release before 1.0.62 does not refuse what the module refuses in <paramref name="user"/> (<see cref="CopilotCliReleases.UserFile"/>).</summary>
        private static bool ReadOtherwiseBefore1062(McpConfigFile user) =>
            user.Error != null && user.Error.Code != McpConfigReader.ReadErrorCode && user.Error.Code != McpConfigReader.InvalidConfigCode && !string.IsNullOrWhiteSpace(user.Text)
            && !JsonParser.IsLimit(user.Error) && ClientPaths.DialectOf(user.Candidate) == JsonDialect.CopilotCliUser
            && !CopilotCliReleases.AllRefuse(CopilotCliReleases.KindOf(user.Error));

        /// <summary>
        /// Whether Copilot CLI's user file keeps its whole MCP configuration from loading: Fail where that was measured,
        /// Indeterminate where it depends on what the file holds, null where the file loads (or does not exist). Measured with
        /// @github/copilot-linux-x64 1.0.102 runtime.node mcpConfigLoadMerged, which cli-main.js sE awaits without a catch: a
        /// user file that is empty, is not an object, lacks "mcpServers" ({} included) or holds one that is not an object
        /// throws "mcpServers: Required" / "Expected object", and no server loads, the project files' included. Of text
        /// that is not JSONC, most (a truncated file, trailing text, a # comment, NaN) throws the same, but some (a hex
        /// number, an unquoted key) is taken.
        /// </summary>
        /// <param name="user">The user file.</param>
        /// <param name="known">The release Copilot CLI's log names (ClientReleaseFiles.CopilotCli), or null.</param>
        internal static ApprovalFinding? UserFileRefusal(McpConfigFile user, ClientRelease? known = null)
        {
            const string none = "Copilot CLI's MCP configuration does not load, and it starts no MCP server at all, the project files' included";
            string fix = "Make " + user.Path + " a JSON object with \"mcpServers\": {} (or the servers), or delete the file.";
            if (user.Error != null && user.Error.Code == McpConfigReader.ReadErrorCode) return null;
            if (user.Error != null && (string.IsNullOrWhiteSpace(user.Text) || user.Error.Code == McpConfigReader.InvalidConfigCode))
                return new ApprovalFinding(CheckStatus.Fail, none + ": " + user.Path + " " + (string.IsNullOrWhiteSpace(user.Text) ? "is empty" : "is not usable (" + user.Error.Detail + ")"), fix);
            // The module reads the file with Copilot CLI's own grammar (JsonParser.ParseCopilotCliUser), so text it refuses
            // Copilot CLI 1.0.62 and later refuse too; they then report only the missing key (measured 1.0.102), or serde_json's
            // recursion limit. Earlier releases read it otherwise (CopilotCliReleases.UserFile).
            // Where the releases differ, one rule decides (ReleaseVerdict): the release Copilot CLI's log names, else Indeterminate naming each range.
            ApprovalFinding ByRelease(List<ReleaseAnswer> groups, string before, string after, string decidedFix)
            {
                var (status, message) = ReleaseVerdict.Decide(ClientNames.CopilotCli, groups, known, ClientReleaseFiles.CopilotNotRead);
                return new ApprovalFinding(status, before + message + after, status == CheckStatus.Pass ? null : decidedFix);
            }
            var loneCr = user.Error != null ? JsonParser.OlderReleasesTake(user.Error) : null;
            if (loneCr != null)
            {
                string takeIt = "take it: their // comment runs past the lone carriage return at " + loneCr + " to the next line feed, over the text 1.0.102 refuses";
                var groups = new List<ReleaseAnswer>
                {
                    // Releases before 1.0.62 (CopilotCliReleases.UserFile): 0.0.414 to 1.0.61 end the comment at the CR, as 1.0.102 does,
                    // and read the rest error-tolerantly (helper-283's table, docs/teleport-facts.md session 44).
                    new ReleaseAnswer("0.0.340", "0.0.411", CheckStatus.Fail, CopilotCliReleases.For(CopilotCliUserRefusal.NotJson).First().How + " (" + none + ")"),
                    new ReleaseAnswer("0.0.414", "1.0.61", CheckStatus.Indeterminate, CopilotCliReleases.For(CopilotCliUserRefusal.NotJson).First(r => r.Takes == CopilotCliReleaseTakes.MayTake).How
                        + " (they end the // comment at the lone carriage return, as 1.0.102 does)"),
                    // 1.0.62-1.0.65 run the comment to the line feed too (measured, helper-268 cr2-cr4), and refuse what JsonParser.EarliestLoaderRefusesToo names.
                    JsonParser.EarliestLoaderRefusesToo(user.Error!) is string earliest
                        ? new ReleaseAnswer("1.0.62", "1.0.65", CheckStatus.Fail, "read the comment so too, and refuse the file for " + earliest + " in what they read then (" + none + ")")
                        : new ReleaseAnswer("1.0.62", "1.0.65", CheckStatus.Pass, takeIt),
                    new ReleaseAnswer("1.0.66", "1.0.92", CheckStatus.Pass, takeIt),
                    // 1.0.93 to 1.0.101: not measured on a lone carriage return (no group: not decided).
                    new ReleaseAnswer("1.0.102", null, CheckStatus.Fail, "refuse " + user.Path + " (\"mcpServers: Required\": " + none + ")"),
                };
                return ByRelease(groups, "whether Copilot CLI loads any MCP server depends on its release: ", "",
                    "End the // comment at " + loneCr + " with a line feed, and fix or remove the text after it.");
            }
            if (user.Error != null && JsonParser.OlderReleasesTakeDeep(user.Error))
            {
                string refuses = "refuse " + user.Path + " (\"Invalid JSON: recursion limit exceeded\": " + none + ") for the value nested deeper than 127 levels at " + user.Error.Location;
                // CopilotCliReleases.UserFile SerdeOnly before 1.0.62; JsonParser.DeepTakenBy (1.0.66 to 1.0.80) take it, 1.0.62-1.0.65 and 1.0.81 and later refuse it (measured).
                var groups = CopilotCliReleases.Groups(CopilotCliUserRefusal.SerdeOnly, none).Select(g => g.To == null ? new ReleaseAnswer(g.From, "1.0.61", g.Status, g.Says) : g).ToList();
                groups.Add(new ReleaseAnswer("1.0.62", "1.0.65", CheckStatus.Fail, refuses));
                groups.Add(new ReleaseAnswer("1.0.66", "1.0.80", CheckStatus.Pass, "take it (they read values as deep as 512 levels)"));
                groups.Add(new ReleaseAnswer("1.0.81", null, CheckStatus.Fail, refuses));
                return ByRelease(groups, "whether Copilot CLI loads any MCP server depends on its release: ", "",
                    "Nest the value at " + user.Error.Location + " less deeply (at most 127 levels, the file's object counted), or remove it.");
            }
            // Releases before 1.0.62 read the file otherwise (CopilotCliReleases.UserFile): the refusal is a Fail only where every release refuses.
            if (ReadOtherwiseBefore1062(user))
                return ByRelease(CopilotCliReleases.Groups(CopilotCliReleases.KindOf(user.Error!), "a refused file: " + none),
                    "whether Copilot CLI loads any MCP server depends on its release: " + user.Path + " does not parse (" + user.Error!.Detail
                    + (user.Error.Location != null ? " at " + user.Error.Location : "") + "); ", "",
                    "Fix the JSON of " + user.Path + (user.Error.Location != null ? " at " + user.Error.Location : "") + ".");
            if (user.Error != null && !JsonParser.IsLimit(user.Error) && ClientPaths.DialectOf(user.Candidate) == JsonDialect.CopilotCliUser)
                return new ApprovalFinding(CheckStatus.Fail, none + ": " + user.Path + " does not parse (" + user.Error.Detail + "), and Copilot CLI refuses it too (\""
                    + (user.Error.Detail.Contains("recursion limit") ? "Invalid JSON: recursion limit exceeded" : "mcpServers: Required") + "\")",
                    "Fix the JSON of " + user.Path + " at " + user.Error.Location + ".");
            if (user.Error != null)
                return new ApprovalFinding(CheckStatus.Indeterminate,
                    "whether Copilot CLI loads any MCP server is not known: " + user.Path + " does not parse here (" + user.Error.Detail + "), and Copilot CLI refuses most such text (then " + none + ") but takes some",
                    "Fix the JSON of " + user.Path + ".");
            if (user.Root != null && user.Root.Get("mcpServers") == null)
                return new ApprovalFinding(CheckStatus.Fail, none + ": " + user.Path + " has no \"mcpServers\" (\"mcpServers: Required\")", fix);
            return null;
        }

        /// <summary>What Copilot CLI does with the server <paramref name="name"/> of <paramref name="f"/> when it runs in <paramref name="project"/>.</summary>
        public List<ApprovalFinding> Check(McpConfigFile f, string name, string project)
        {
            var os = _env.Os;
            var found = new List<ApprovalFinding>();
            var instead = ReadInstead(f);
            if (instead != null)
            {
                found.Add(new ApprovalFinding(CheckStatus.Warn,
                    "Copilot CLI does not read this file: " + instead + " exists in the same folder, and of a folder's .mcp.json and .github/mcp.json it reads only the .mcp.json, whatever that holds",
                    "Move the entry '" + name + "' into " + instead + ", or delete that file if nothing else needs it (Claude Code reads it too)."));
                return found;
            }
            if (f.Candidate.Scope == ConfigScope.Project)
            {
                var refusal = _read.Where(o => o.Candidate.Client == ClientNames.CopilotCli && o.Candidate.Scope == ConfigScope.User)
                    .Select(o => UserFileRefusal(o, Release(o))).FirstOrDefault(r => r != null);
                if (refusal != null && refusal.Status != CheckStatus.Pass)
                {
                    found.Add(refusal);
                    if (refusal.Status == CheckStatus.Fail) return found;
                }
            }
            var projectFiles = _read.Where(o => o != f && o.Error == null && o.Candidate.Client == ClientNames.CopilotCli && o.Candidate.Scope == ConfigScope.Project
                && SamePath(os, ProjectOf(os, o), project) && ReadInstead(o) == null && o.Entries.Any(x => x.Name == name)).ToList();
            if (f.Candidate.Scope != ConfigScope.Project)
            {
                if (projectFiles.Count > 0)
                    found.Add(new ApprovalFinding(CheckStatus.Warn,
                        "Copilot CLI does not start this entry when it runs in " + project + " and loads the project's servers (a trusted folder): "
                        + ListText.Join(", ", projectFiles.Select(o => o.Path)) + " ha" + (projectFiles.Count == 1 ? "s" : "ve") + " a server of the same name, and a project file takes precedence over the user file",
                        "Keep one entry named '" + name + "': in the project file to use it in that project only, or in " + f.Path + " to use it everywhere."));
                return found;
            }

            // Every project file is in the project folder or a folder above it, so the longer folder is the nearer one.
            int level = Norm(os, LevelOf(os, f.Path!)).Length;
            var nearer = projectFiles.Where(o => Norm(os, LevelOf(os, o.Path!)).Length > level).OrderByDescending(o => Norm(os, LevelOf(os, o.Path!)).Length).FirstOrDefault();
            if (nearer != null)
            {
                found.Add(new ApprovalFinding(CheckStatus.Warn,
                    "Copilot CLI does not start this entry when it runs in " + project + ": " + nearer.Path + " is nearer to that folder and has a server of the same name, which takes precedence",
                    "Keep one entry named '" + name + "', in the project file nearest to where Copilot CLI runs."));
                return found;
            }
            found.Add(Trusted(project));
            return found;
        }

        private readonly Dictionary<string, ClientRelease?> _releases = new Dictionary<string, ClientRelease?>(StringComparer.Ordinal);

        /// <summary>The release the newest log of the user file's folder names (ClientReleaseFiles.CopilotCli), read once a folder.</summary>
        private ClientRelease? Release(McpConfigFile user)
        {
            if (user.Path == null) return null;
            var home = OsPath.DirectoryOf(_env.Os, user.Path);
            if (!_releases.TryGetValue(home, out var known)) _releases[home] = known = ClientReleaseFiles.CopilotCli(_env, home);
            return known;
        }

        /// <summary>Whether <paramref name="project"/> is a folder the user trusted for every session (config.json "trustedFolders").</summary>
        private ApprovalFinding Trusted(string project)
        {
            var trust = _trust ??= Trust.Read(_env, _ct);
            const string skipped = "Copilot CLI loads a project's MCP servers only in a folder the user trusted and silently skips them elsewhere";
            // github/copilot-cli changelog.md @9532bdac 1.0.40 (prompt mode gated behind the variable) and 1.0.49 (loaded when the folder is already trusted).
            const string promptMode = "; copilot -p loads them too from release 1.0.49 (earlier releases only with GITHUB_COPILOT_PROMPT_MODE_WORKSPACE_MCP=true)";
            string fix = "Start copilot in " + project + " and trust the folder for this and future sessions" + (trust.Path != null ? " (it is then listed in \"" + TrustedKey + "\" of " + trust.Path + ")." : ".");
            if (trust.Path == null)
                return new ApprovalFinding(CheckStatus.Indeterminate, skipped + "; where Copilot CLI keeps them is not known here (no home folder and no COPILOT_HOME)", fix);
            if (trust.Error != null)
                return new ApprovalFinding(CheckStatus.Indeterminate, skipped + "; whether " + project + " is one is not known: " + trust.Error, fix);
            // configure-copilot-cli.md: the user trusts "the files in, and below, the directory" launched from.
            var by = trust.Folders.FirstOrDefault(t => Covers(_env.Os, t, project));
            if (by != null)
                return new ApprovalFinding(CheckStatus.Pass,
                    "Copilot CLI loads this file's servers in " + project + ": " + (SamePath(_env.Os, by, project) ? "the folder" : "it is below " + by + ", which") + " is trusted for every session in " + trust.Path + promptMode, null);
            return new ApprovalFinding(CheckStatus.Indeterminate,
                skipped + ": " + project + " is not among the folders trusted for every session in " + trust.Path + (trust.Folders.Count == 0 && !trust.Exists ? " (the file does not exist)" : "")
                + ", so Copilot CLI asks at start and starts this entry only if the user trusts the folder (a trust for one session is not written there)",
                fix);
        }

        private static string Norm(OsKind os, string p)
        {
            if (os == OsKind.Windows) p = p.Replace('/', '\\');
            return p.TrimEnd(OsPath.Separator(os));
        }

        private static StringComparison Cmp(OsKind os) => os == OsKind.Linux ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

        private static bool SamePath(OsKind os, string a, string b) => string.Equals(Norm(os, a), Norm(os, b), Cmp(os));

        /// <summary>Whether the trusted folder <paramref name="trusted"/> is <paramref name="folder"/> or one of the folders above it.</summary>
        internal static bool Covers(OsKind os, string trusted, string folder)
        {
            if (!OsPath.IsRooted(os, trusted)) return false;
            string t = Norm(os, trusted), f = Norm(os, folder);
            return string.Equals(t, f, Cmp(os)) || f.StartsWith(t + OsPath.Separator(os), Cmp(os));
        }

        /// <summary>The trusted folders of Copilot's config.json, or why they are not known.</summary>
        private sealed class Trust
        {
            public string? Path;
            public bool Exists;
            public string? Error;
            public List<string> Folders = new List<string>();

            public static Trust Read(IHostPlatform env, System.Threading.CancellationToken ct)
            {
                var t = new Trust();
                var home = ClientPaths.CopilotHome(env);
                if (home == null) return t;
                t.Path = OsPath.Combine(env.Os, home, ConfigName);
                var read = SettingsFile.Read(env, t.Path, ct);
                if (read == null) return t;
                t.Exists = true;
                if (read.Error != null)
                {
                    t.Error = read.Error;
                    return t;
                }
                var list = read.Map?.Get(TrustedKey);
                if (list == null) return t;
                if (!(list is DocList items))
                {
                    t.Error = t.Path + " holds \"" + TrustedKey + "\" that is not a list (at " + list.Location + ")";
                    return t;
                }
                foreach (var item in items.Items)
                    if (item is DocScalar s && s.IsQuoted && s.Value != null) t.Folders.Add(s.Value);
                return t;
            }
        }
    }
}
