using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Serving;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>
    /// Test-TeleportMcpClient's engine: finds the MCP client configuration files, picks the entries that run
    /// `tsh mcp connect`, checks each, and checks the tsh session. Every finding is a <see cref="ClientCheck"/>.
    /// </summary>
    public static class ClientChecker
    {
        public static IReadOnlyList<ClientCheck> Run(ClientCheckOptions options) => new CheckRun(options ?? new ClientCheckOptions()).Execute();

        /// <summary>
        /// A file given by the user: the client and layout guessed from its name and folder, read as <paramref name="os"/>
        /// reads a path. A backslash separates folders only on Windows (elsewhere it is part of a name); names match
        /// without case on Windows and macOS, whose default file systems ignore case, and exactly on Linux, where a
        /// client reads only its own spelling (`.vscode`, not `.VSCode`).
        /// </summary>
        public static ClientConfigCandidate GuessCandidate(OsKind os, string path)
        {
            var p = os == OsKind.Windows ? path.Replace('\\', '/') : path;
            var cmp = os == OsKind.Linux ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            var name = OsPath.FileName(OsKind.Linux, p);
            bool Is(string fileName) => string.Equals(name, fileName, cmp);
            bool Under(string folder) => p.IndexOf(folder, cmp) >= 0;
            ClientConfigCandidate C(string client, ConfigScope scope, ConfigShape shape) =>
                new ClientConfigCandidate { Client = client, Scope = scope, Path = path, Shape = shape };
            if (Is(ClientPaths.ClaudeDesktopFile)) return C(ClientNames.ClaudeDesktop, Under("/Packages/Claude_") ? ConfigScope.Packaged : ConfigScope.User, ConfigShape.McpServers);
            if (Is(".claude.json") || (Is(".config.json") && Under("/.claude/"))) return C(ClientNames.ClaudeCode, ConfigScope.User, ConfigShape.ClaudeCodeUser);
            if (Is(".mcp.json")) return C(ClientNames.ClaudeCode, ConfigScope.Project, ConfigShape.McpServers);
            if (Is(ClientPaths.ClaudeCodeManagedMcpFile)) return C(ClientNames.ClaudeCode, ConfigScope.Managed, ConfigShape.McpServers);
            if (Is(ClientPaths.CopilotMcpConfigName) && Under("/.copilot/")) return C(ClientNames.CopilotCli, ConfigScope.User, ConfigShape.McpServers);
            // Copilot CLI's repository file (ClientPaths.CopilotProjectFiles); a .mcp.json stays Claude Code's, whose it was first.
            if (Is("mcp.json") && Under("/.github/")) return C(ClientNames.CopilotCli, ConfigScope.Project, ConfigShape.CopilotProject);
            if (Is("mcp_config.json") && Under("windsurf")) return C(ClientNames.Windsurf, ConfigScope.User, ConfigShape.McpServers);
            if (Is("mcp.json") && Under("/.cursor/")) return C(ClientNames.Cursor, ConfigScope.File, ConfigShape.McpServers);
            if (Is("mcp.json") && Under("/.vscode/")) return C(ClientNames.VSCode, ConfigScope.Project, ConfigShape.VsCodeServers);
            if (Is("mcp.json") && (Under("/Code/User/") || Under("/Code - Insiders/User/"))) return C(ClientNames.VSCode, ConfigScope.User, ConfigShape.VsCodeServers);
            if (Is("settings.json") && (Under("/.vscode/") || Under("/Code/User/"))) return C(ClientNames.VSCode, ConfigScope.Legacy, ConfigShape.VsCodeSettings);
            // A workspace file has any name; VS Code reads its servers when it opens the workspace (mcpConfigPathsService.ts).
            if (name.EndsWith(".code-workspace", cmp)) return C(ClientNames.VSCode, ConfigScope.Project, ConfigShape.VsCodeWorkspace);
            // zed-industries/zed crates/paths/src/paths.rs: <project>/.zed/settings.json, and settings.json in the config folder "zed" ("Zed" on Windows).
            if (Is("settings.json") && Under("/.zed/")) return C(ClientNames.Zed, ConfigScope.Project, ConfigShape.ZedSettings);
            if (Is("settings.json") && Under("/zed/")) return C(ClientNames.Zed, ConfigScope.User, ConfigShape.ZedSettings);
            return C(ClientNames.Other, ConfigScope.File, ConfigShape.Auto);
        }


        /// <summary>The words a row of a server the client does not load ends with: no other row of it follows.</summary>
        internal const string NotCheckedFurther = "the entry is not checked further";

        private sealed class FoundEntry
        {
            public required McpConfigFile File;
            public required TeleportEntry Te;
            /// <summary>The tsh variables the client starts tsh with (<see cref="TshFlags.ClientEnvironment"/>).</summary>
            public required SortedDictionary<string, string?> TshEnv;
            /// <summary>The variables of <see cref="TshEnv"/> this check does not set (<see cref="TshFlags.Withheld"/>): its session is not read.</summary>
            public required List<string> Withheld;
            /// <summary>The client's rule for the variables it passes to the tsh it starts.</summary>
            public required ServerEnvironment Passes;
            /// <summary>This shell's variables tsh reads that the client may or may not pass on (<see cref="TshFlags.Unconfirmed"/>): its session is not read.</summary>
            public required List<string> Unconfirmed;
            /// <summary>Variables the entry spells in ways whose winner is not confirmed for the client (<see cref="TshFlags.Lookup"/>): its session is not read.</summary>
            public required List<string> Ambiguous;
            /// <summary>tsh variables of <see cref="TshEnv"/> whose value holds a ${...} this check cannot resolve (<see cref="EntryVariables"/>): its session is not read.</summary>
            public required List<string> UnknownValues;
            /// <summary>The entry's envFile when its variables are not known (a relative path, a ${...} this check cannot resolve, Cursor's): its session is not read.</summary>
            public EnvFileRead? EnvFileUnknown;
            /// <summary>Why the entry's rows are not the verdict of the release the client's log names (its reading is not modelled), or null.</summary>
            public string? Unread;
        }

        /// <summary>
        /// What decides the tsh session an entry gets: the value of each variable of its environment, a variable removed
        /// (an empty HOME is not an inherited one), and each tsh variable left out, which is this shell's value passed on by
        /// the client (not the same session as one removed). Compared value by value: a value can be megabytes long, and a
        /// key joined from the values copied it for every entry looked up.
        /// </summary>
        private sealed class SessionEnv : IEquatable<SessionEnv>
        {
            // Null: no environment of its own, everything inherited. Inherited: a tsh variable the environment leaves out.
            private readonly List<(string Name, string? Value, bool Inherited)>? _vars;

            public SessionEnv(IDictionary<string, string?>? env)
            {
                if (env == null) return;
                _vars = new List<(string, string?, bool)>();
                foreach (var v in env)
                    if (v.Value != null || !TshFlags.EnvironmentVariables.Contains(v.Key)) _vars.Add((v.Key, v.Value, false));
                foreach (var n in TshFlags.EnvironmentVariables)
                    if (!env.ContainsKey(n)) _vars.Add((n, null, true));
            }

            public bool Equals(SessionEnv? other) =>
                other != null && (_vars == null ? other._vars == null : other._vars != null && _vars.SequenceEqual(other._vars));

            public override bool Equals(object? obj) => Equals(obj as SessionEnv);

            public override int GetHashCode()
            {
                if (_vars == null) return 0;
                int h = _vars.Count;
                foreach (var v in _vars) h = unchecked(h * 31 + v.GetHashCode());
                return h;
            }
        }

        private sealed class CheckRun
        {
            private readonly ClientCheckOptions _o;
            private readonly IHostPlatform _env;
            private readonly OsKind _os;
            private readonly DateTimeOffset _now;
            private readonly List<ClientCheck> _results = new List<ClientCheck>();
            private readonly List<FoundEntry> _entries = new List<FoundEntry>();
            private readonly Dictionary<SessionEnv, TshMcpListing> _listings = new Dictionary<SessionEnv, TshMcpListing>();
            private readonly List<McpConfigFile> _read = new List<McpConfigFile>();
            private ClaudeCodeApproval? _approval;
            private ClaudeCodePolicy? _policy;
            private CopilotCliStarts? _copilot;
            /// <summary>The serving map's rows by app name; empty when the input does not say who serves apps.</summary>
            private Dictionary<string, AppServing>? _serving;
            private bool _servingKnown;

            public CheckRun(ClientCheckOptions o)
            {
                _o = o;
                _env = HostPlatform.StopWith(o.Environment, o.Cancel);
                _os = _env.Os;
                _now = o.Now ?? DateTimeOffset.Now;
            }

            private const string ParseErrorCode = ClientDiagnosis.ParseErrorCode;

            private void Log(string s) => _o.Log?.Invoke(s);

            private VsCodeDiscovery? _discovery;
            private readonly Dictionary<string, ClientRelease?> _copilotReleases = new Dictionary<string, ClientRelease?>(StringComparer.Ordinal);

            /// <summary>
            /// Copilot CLI's release as the newest log of the Copilot folder of <paramref name="f"/> names it (<see cref="ClientReleaseFiles.CopilotCli"/>):
            /// the user file's own folder, else $COPILOT_HOME or ~/.copilot; read once a folder, and only when a verdict depends on it.
            /// Null when none was read.
            /// </summary>
            private ClientRelease? CopilotRelease(McpConfigFile f)
            {
                var home = CopilotUserFile(f) && f.Path != null ? OsPath.DirectoryOf(_os, f.Path) : ClientPaths.CopilotHome(_env);
                if (home == null) return null;
                if (!_copilotReleases.TryGetValue(home, out var known)) _copilotReleases[home] = known = ClientReleaseFiles.CopilotCli(_env, home);
                return known;
            }

            private readonly HashSet<string> _discoveredPaths = new HashSet<string>(StringComparer.Ordinal);

            private ClientCheck Add(McpConfigFile? f, string check, CheckStatus status, MessageText message, MessageText? fix = null, TeleportEntry? te = null, string? location = null)
            {
                var r = new ClientCheck
                {
                    Client = f?.Candidate.Client ?? "tsh",
                    ConfigPath = f?.Path,
                    Scope = f?.Candidate.Scope ?? ConfigScope.None,
                    Entry = te?.Entry?.Name,
                    App = te?.App,
                    Check = check,
                    Status = status,
                    // A message quotes the entry's values whole (an app name, a command); the objects' own properties keep them.
                    Message = ListText.Message(message),
                    Fix = ListText.Message(fix),
                    Location = location ?? te?.Entry?.Location?.ToString(),
                };
                // An entry whose rows describe another reading than the one of the release the log names (FoundEntry.Unread).
                if (_unread != null && te != null && (status == CheckStatus.Pass || status == CheckStatus.Warn || status == CheckStatus.Fail))
                {
                    r.Status = CheckStatus.Indeterminate;
                    r.Message += " (" + status + " as 1.0.102 reads it; " + _unread + ")";
                }
                _results.Add(r);
                return r;
            }

            public IReadOnlyList<ClientCheck> Execute()
            {
                var files = ReadFiles();
                _read.AddRange(files);
                foreach (var f in files)
                {
                    _o.Cancel.ThrowIfCancellationRequested();
                    CheckFile(f);
                }
                if (files.Count > 0 && _entries.Count == 0)
                    Add(null, ClientChecks.TeleportEntries, CheckStatus.Warn,
                        "no MCP client entry runs `tsh mcp connect`: Teleport MCP servers are not configured in the files read",
                        "tsh mcp config --client-config=claude <app>   (or cursor, or a file path)").Client = "all";
                if (!_o.SkipSession) CheckSessions();
                foreach (var e in _entries)
                {
                    _o.Cancel.ThrowIfCancellationRequested();
                    CheckEntry(e);
                }
                CheckDuplicates();
                return _results;
            }

            // ---- files -----------------------------------------------------------------------------------------

            private List<McpConfigFile> ReadFiles()
            {
                var inUse = new List<McpConfigFile>();
                if (_o.Paths != null)
                {
                    foreach (var p in _o.Paths)
                    {
                        _o.Cancel.ThrowIfCancellationRequested();
                        var c = GuessCandidate(_os, p);
                        if (!_env.FileExists(p))
                        {
                            var f = new McpConfigFile { Candidate = c };
                            Add(f, ClientChecks.ConfigParse, CheckStatus.Fail, "the file does not exist", "Check the path.");
                            _o.ParseError?.Invoke(new Common.TeleportInputException(ParseErrorCode, "the file does not exist", new Common.SourceLocation(p, 0, 0)) { RecommendedAction = "Check the path." });
                            continue;
                        }
                        Log("Reading " + p + " as " + c.Client + " (" + c.Shape + ")");
                        inUse.Add(McpConfigReader.ReadFile(_env, c, _o.Cancel));
                    }
                    return inUse;
                }

                var candidates = ClientPaths.Candidates(_env, _o.ProjectDirectory);
                var found = new List<McpConfigFile>();
                foreach (var c in candidates)
                {
                    _o.Cancel.ThrowIfCancellationRequested();
                    if (!_env.FileExists(c.Path))
                    {
                        Log("Not found: " + c);
                        continue;
                    }
                    var file = McpConfigReader.ReadFile(_env, c, _o.Cancel);
                    Log("Reading " + c + (file.LastWriteTimeUtc.HasValue ? " (modified " + file.LastWriteTimeUtc.Value.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC)" : ""));
                    found.Add(file);
                }
                if (found.Count == 0)
                {
                    Add(null, ClientChecks.ConfigDiscovery, CheckStatus.Warn,
                        "no MCP client configuration file found; looked in: " + ListText.Join("; ", candidates.Select(c => c.Path)),
                        "Run `tsh mcp config --client-config=claude <app>` (or cursor), or name the file with " + _o.PathParameter + ".").Client = "all";
                    return found;
                }
                return ClaudeDesktopInUse(found);
            }

            /// <summary>
            /// The MSIX trap: a packaged Claude Desktop reads %LOCALAPPDATA%\Packages\Claude_*\LocalCache\Roaming\Claude,
            /// not %APPDATA%\Claude (anthropics/claude-code #26073), so entries written to the latter are silently ignored.
            /// </summary>
            private List<McpConfigFile> ClaudeDesktopInUse(List<McpConfigFile> found)
            {
                if (_os != OsKind.Windows) return found;
                var packages = ClientPaths.PackagedClaudeFolders(_env).ToList();
                var roaming = found.FirstOrDefault(f => f.Candidate.Client == ClientNames.ClaudeDesktop && f.Candidate.Scope == ConfigScope.User);
                if (packages.Count == 0)
                {
                    if (roaming != null)
                        Add(roaming, ClientChecks.ConfigInUse, CheckStatus.Pass, "Claude Desktop (classic install, no packaged app under %LOCALAPPDATA%\\Packages) reads this file");
                    return found;
                }
                var packaged = found.Where(f => f.Candidate.Client == ClientNames.ClaudeDesktop && f.Candidate.Scope == ConfigScope.Packaged).ToList();
                string packagedPath = packaged.FirstOrDefault()?.Path
                    ?? OsPath.Combine(_os, packages[0], "LocalCache", "Roaming", "Claude", ClientPaths.ClaudeDesktopFile);
                if (roaming == null)
                {
                    foreach (var p in packaged)
                        Add(p, ClientChecks.ConfigInUse, CheckStatus.Pass, "Claude Desktop is the packaged (MSIX) app and reads this file");
                    return found;
                }

                var roamingTeleport = roaming.Entries.Select(TeleportEntryMatcher.Match).OfType<TeleportEntry>().ToList();
                var packagedApps = new HashSet<string?>(packaged.SelectMany(p => p.Entries).Select(TeleportEntryMatcher.Match).OfType<TeleportEntry>().Select(t => t.App));
                var lost = roamingTeleport.Where(t => !packagedApps.Contains(t.App)).ToList();
                string copyFix = "Copy-Item -LiteralPath '" + roaming.Path + "' -Destination '" + packagedPath + "'   (then quit Claude Desktop fully and start it again)";
                if (packaged.Count == 0)
                {
                    Add(roaming, ClientChecks.ConfigInUse, roamingTeleport.Count > 0 ? CheckStatus.Fail : CheckStatus.Warn,
                        "Claude Desktop is installed as a packaged (MSIX) app, which reads " + packagedPath + " (it does not exist); this file is ignored"
                        + (roamingTeleport.Count > 0 ? ", with its Teleport entries " + ListText.Join(", ", roamingTeleport.Select(t => t.Entry?.Name)) : ""),
                        copyFix);
                }
                else if (lost.Count > 0)
                {
                    Add(roaming, ClientChecks.ConfigInUse, CheckStatus.Fail,
                        "Claude Desktop (MSIX) reads " + packagedPath + ", not this file; these Teleport entries are only here and are ignored: "
                        + ListText.Join(", ", lost.Select(t => t.Entry?.Name)),
                        "Move the entries to " + packagedPath + " (or " + copyFix + ")");
                }
                else if (!string.Equals(roaming.Text, packaged[0].Text, StringComparison.Ordinal))
                {
                    Add(roaming, ClientChecks.ConfigInUse, CheckStatus.Warn,
                        "Claude Desktop (MSIX) reads " + packagedPath + ", not this file; the two files differ, edit the other one",
                        "Edit " + packagedPath + " (the \"Edit Config\" button may open this file instead).");
                }
                else
                {
                    Add(roaming, ClientChecks.ConfigInUse, CheckStatus.Pass, "Claude Desktop (MSIX) reads " + packagedPath + "; this copy has the same content");
                }
                foreach (var p in packaged)
                    Add(p, ClientChecks.ConfigInUse, CheckStatus.Pass, "Claude Desktop is the packaged (MSIX) app and reads this file");
                // Claude Desktop ignores this file, but VS Code's discovery reads this path, not the packaged copy.
                CheckDiscovery(roaming, roamingTeleport);
                found.Remove(roaming);
                return found;
            }

            private void CheckFile(McpConfigFile f)
            {
                if (f.Error != null)
                {
                    var message = f.Error.Detail + (f.Error.Location != null && f.Error.Location.Line > 0 ? " (line " + f.Error.Location.Line + ", column " + f.Error.Location.Column + ")" : "");
                    // Not a refusal: the client reads the file, in a way the module does not follow (JsonParser.ParseVsCode's "__proto__";
                    // a settings.json's servers: workbench/contrib/mcp/browser/mcpMigration.ts @ce34ccc3 moves the user file's "mcp"
                    // with base/common/jsonc.ts parse, all or nothing, where older releases' ConfigMcpDiscovery read it through
                    // IConfigurationService, whose ConfigurationModelParser.doParseContent keeps what json.ts visit reads around an error).
                    bool vsCodeSettings = f.Candidate.Client == ClientNames.VSCode && f.Candidate.Shape == ConfigShape.VsCodeSettings && f.Error.Code == "JsonParseError";
                    // Nor is this module's own nesting limit: VS Code's json.ts and Node's JSON.parse read deeper (VS Code took 1,000 levels).
                    bool limit = JsonParser.IsLimit(f.Error);
                    if (JsonParser.IsUnmodelled(f.Error) || vsCodeSettings || limit)
                    {
                        Add(f, ClientChecks.ConfigParse, CheckStatus.Indeterminate,
                            limit ? message + "; that is this module's limit, not the client's: whether the client reads the file is not known here, and its servers are not checked"
                            : vsCodeSettings && !JsonParser.IsUnmodelled(f.Error)
                                ? message + "; VS Code releases differ here: newer ones read the \"mcp\" section of the user settings.json only to move its servers to mcp.json (JSON.parse after removing comments and trailing commas, so a syntax error moves none) and ignore a workspace's, older ones read it as settings, keeping what json.ts reads around the error; which release reads this file is not known here: its servers are not checked"
                                : message + (JsonParser.UnmodelledReason(f.Error) is string why ? "; " + why : "") + "; its servers are not checked",
                            "Fix the JSON at " + f.Error.Location + ".", location: f.Error.Location?.ToString());
                        return;
                    }
                    var fix = f.Error.Code == McpConfigReader.EncodingErrorCode && f.Error.RecommendedAction != null ? f.Error.RecommendedAction
                        : "Fix the JSON at " + f.Error.Location + "; the client ignores the whole file (or refuses to start its servers) until it parses.";
                    var refusal = CopilotUserFile(f) ? CopilotCliStarts.UserFileRefusal(f, CopilotRelease(f)) : null;
                    // A release that takes what the module refuses reads servers the module does not read: not checked.
                    if (refusal != null && refusal.Status != CheckStatus.Fail && CopilotCliStarts.ReleaseDecides(f))
                    {
                        Add(f, ClientChecks.ConfigParse, CheckStatus.Indeterminate, message + "; " + refusal.Message + "; its servers are not checked", refusal.Fix, location: f.Error.Location?.ToString());
                        return;
                    }
                    if (refusal?.Status == CheckStatus.Fail) message += "; " + refusal.Message;
                    Add(f, ClientChecks.ConfigParse, CheckStatus.Fail, message, fix, location: f.Error.Location?.ToString());
                    _o.ParseError?.Invoke(new Common.TeleportInputException(ParseErrorCode, message, f.Error.Location ?? new Common.SourceLocation(f.Path, 0, 0), f.Error)
                        { LineText = f.Error.LineText, RecommendedAction = fix });
                    return;
                }
                // The entries as the client starts them: its expansion of ${...} applied (the written entry stays on each).
                var variables = ClientVariables.For(f.Candidate, _env);
                var envFiles = new Dictionary<McpServerEntry, EnvFileRead>();
                for (int i = 0; i < f.Entries.Count; i++)
                {
                    f.Entries[i] = variables.Apply(f.Entries[i]);
                    if (f.Entries[i].EnvFile == null) continue;
                    var read = EnvFileRead.For(f.Entries[i], f.Candidate.Client, _env);
                    f.Entries[i] = read.Entry;
                    envFiles[read.Entry] = read;
                }
                var teleport = f.Entries.Select(TeleportEntryMatcher.Match).OfType<TeleportEntry>().ToList();
                var apps = teleport.Where(t => t.Databases == null).ToList();
                var dbs = teleport.Where(t => t.Databases != null).ToList();
                string counts = f.Entries.Count + " server entr" + (f.Entries.Count == 1 ? "y" : "ies") + ", " + apps.Count + " running tsh mcp connect"
                    + (apps.Count > 0 ? " (" + ListText.Join(", ", apps.Select(t => t.Entry?.Name)) + ")" : "")
                    + (dbs.Count > 0 ? ", " + dbs.Count + " running tsh mcp db start (" + ListText.Join(", ", dbs.Select(t => t.Entry?.Name)) + ")" : "");
                // Copilot CLI checks every entry against its schema once the file parses (CopilotCliSchema).
                var drops = new Dictionary<McpServerEntry, CopilotCliDrop>();
                if (f.Candidate.Client == ClientNames.CopilotCli)
                    foreach (var e in f.Entries)
                        if (CopilotCliSchema.Check(e, f.Candidate.Scope == ConfigScope.Project) is CopilotCliDrop d) drops[e] = d;
                var newestDrops = drops.Where(d => d.Value.NewestDrops).Select(d => d.Key).ToList();
                if (newestDrops.Count > 0)
                    counts += "; Copilot CLI does not load " + newestDrops.Count + " of them (" + ListText.Join(", ", newestDrops.Select(e => GoText.Quote(e.Name))) + ")";
                // Only older releases refuse these (CopilotCliSchema.Rule.UpTo): the whole file, the newer ones load them.
                foreach (var old in drops.Where(d => !d.Value.NewestDrops).GroupBy(d => d.Value.Rule.UpTo))
                    counts += "; Copilot CLI " + old.Key + " and earlier refuse the whole file for " + ListText.Join(", ", old.Select(d => GoText.Quote(d.Key.Name)));
                bool projectFile = f.Candidate.Scope == ConfigScope.Project;
                var status = CheckStatus.Pass;
                string? jsonFix = null;
                Common.SourceLocation? jsonAt = null;
                if (f.Unlisted.Count > 0)
                    counts += "; VS Code does not list " + (f.Unlisted.Count == 1 ? "the server " : f.Unlisted.Count + " servers ") + ListText.Join(", ", f.Unlisted.Select(u => GoText.Quote(u.Key)))
                        + " held by the \"__proto__\" property at line " + f.Unlisted[0].Value.Line + ", column " + f.Unlisted[0].Value.Column + " (it becomes the prototype of the server map), so it starts none of them";
                if (f.SyntaxErrorReadAround is Common.TeleportInputException around)
                {
                    // McpConfigReader.ReadAroundSyntaxError: which releases read what of the file.
                    string where = "line " + around.Location?.Line + ", column " + around.Location?.Column;
                    status = CheckStatus.Indeterminate;
                    jsonAt = around.Location;
                    counts = around.Detail + " (" + where + "): VS Code 1.99 to 1.101 read " + (f.Candidate.Shape == ConfigShape.VsCodeWorkspace ? "a .code-workspace file" : "a workspace's .vscode/mcp.json") + " as settings, whose reader keeps what it reads around a syntax error, here "
                        + counts + "; VS Code 1.102 and later read it with a reader that any syntax error stops, and start none of its servers; which release runs here is not known to this check, and the entries are checked as if they start";
                    jsonFix = "Fix the JSON at " + around.Location + "; VS Code 1.102 and later start none of this file's servers until it parses.";
                    if (f.DroppedAtSyntaxError.Count > 0)
                    {
                        var first = f.DroppedAtSyntaxError[0].Value;
                        var all = f.DroppedAtSyntaxError.Select(d => d.Key).ToList();
                        string Them(List<string> names) => names.Count == all.Count ? (all.Count == 1 ? "it" : "them") : ListText.Join(", ", names.Select(GoText.Quote));
                        var why = new List<string>();
                        var unread = all.Where(n => !f.DroppedReplacedBy.ContainsKey(n)).ToList();
                        if (unread.Count > 0) why.Add("read no value for " + Them(unread) + " around the syntax error (" + where + ")");
                        foreach (var g in all.Where(f.DroppedReplacedBy.ContainsKey).GroupBy(n => f.DroppedReplacedBy[n].Value.ToString()))
                        {
                            var by = f.DroppedReplacedBy[g.First()];
                            why.Add("read " + Them(g.ToList()) + ", but the later " + GoText.Quote(by.Key) + " at line " + by.Value.Line + ", column " + by.Value.Column + " sets another value over the map that holds " + (g.Count() == 1 ? "it" : "them"));
                        }
                        Add(f, ClientChecks.ConfigParse, CheckStatus.Fail,
                            "no VS Code release starts " + (all.Count == 1 ? "the server " : "the servers ") + ListText.Join(", ", all.Select(GoText.Quote))
                            + " named under " + (f.Candidate.Shape == ConfigShape.VsCodeWorkspace ? "\"settings\" > \"mcp\" > \"servers\"" : "\"servers\"") + " at line " + first.Line + ", column " + first.Column + ": 1.99 to 1.101 " + ListText.Join("; they ", why)
                            + ", and 1.102 and later read none of the file",
                            "Fix the JSON at " + around.Location + ".", location: first.ToString());
                    }
                }
                // What the releases of Copilot CLI whose user-file reader differs do with this file (CopilotCliReleases.UserFileReaders).
                string? strictWhat = null, earliestWords = null, olderWords = null, otherwiseWords = null;
                bool onlyJsonc = false;
                var nonStandard = NonStandardJson(f);
                if (nonStandard.Count > 0)
                {
                    var first = nonStandard[0];
                    long more = (f.ByteOrderMark ? 1 : 0) + f.Extensions.Sum(x => x.Count) - 1;
                    string what = first.Key + " at line " + first.Value.Line + ", column " + first.Value.Column
                        + (more > 0 ? " (" + more.ToString(System.Globalization.CultureInfo.InvariantCulture) + " more: " + ListText.Join(", ", nonStandard.Skip(1).Select(x => x.Key).Distinct()) + ")" : "");
                    // tsh mcp config reads the file with json.Unmarshal (lib/client/mcp/config/config.go NewConfigFromJSON), JSONC or not.
                    const string tshRefuses = "tsh mcp config cannot update the file until then (it parses it with Go's json.Unmarshal)";
                    string remove = first.Key.Contains("byte order mark") && nonStandard.Count == 1
                        ? "Save the file as UTF-8 without a byte order mark (Windows PowerShell's Set-Content -Encoding UTF8 writes one)"
                        // The fix names what was found (JsonExtensionFixes): a hexadecimal number is no comment.
                        : JsonExtensionFixes.Sentence(nonStandard.Select(x => x.Key), first.Value.ToString());
                    switch (ClientPaths.DialectOf(f.Candidate))
                    {
                        case JsonDialect.Strict:
                            var message = f.Candidate.Client + " parses this file as strict JSON" + (f.Candidate.Client == ClientNames.CopilotCli ? "" : " (JSON.parse)") + ", which refuses " + what
                                + ": it reads none of its " + counts;
                            var parseFix = remove + "; " + tshRefuses + ".";
                            Add(f, ClientChecks.ConfigParse, CheckStatus.Fail, message, parseFix, location: first.Value.ToString());
                            _o.ParseError?.Invoke(new Common.TeleportInputException(ParseErrorCode, message, first.Value)
                                { LineText = f.Text != null && first.Value.Line > 0 ? SourceText.LineAt(f.Text, first.Value.Line) : null, RecommendedAction = parseFix });
                            // VS Code reads the file with its own reader (a .mcp.json both strict clients refuse, for one).
                            CheckDiscovery(f, teleport);
                            return;
                        case JsonDialect.Jsonc:
                        case JsonDialect.VsCode:
                            counts += "; " + f.Candidate.Client + " reads JSONC, so " + what + " is allowed, but " + tshRefuses;
                            break;
                        case JsonDialect.CopilotCliUser:
                            counts += "; " + f.Candidate.Client + "'s reader takes " + what + ", but " + tshRefuses;
                            // The module drops them as Copilot CLI does, so the entries counted are the ones it has.
                            var ignored = nonStandard.Where(x => x.Key.Contains(JsonParser.Ignored)).ToList();
                            if (ignored.Count > 0)
                            {
                                status = CheckStatus.Warn;
                                jsonAt = ignored[0].Value;
                                counts += "; it ignores " + ignored.Count + " propert" + (ignored.Count == 1 ? "y or value" : "ies or values") + " written so, the first at line " + jsonAt.Line + ", column " + jsonAt.Column;
                            }
                            // 1.0.62-1.0.65's reader refuses the whole file for these (JsonParser.EarliestLoaderRefuses, measured).
                            // The place nearest the top, whatever order the extensions were listed in.
                            var earliest = nonStandard.Where(x => JsonParser.EarliestLoaderRefuses(x.Key)).OrderBy(x => x.Value.Line).ThenBy(x => x.Value.Column).FirstOrDefault();
                            string? placeFix = null;
                            if (earliest.Key != null)
                            {
                                jsonAt = earliest.Value;
                                earliestWords = earliest.Key.Substring(0, earliest.Key.IndexOf(" (", StringComparison.Ordinal))
                                    + " at line " + jsonAt.Line + ", column " + jsonAt.Column + " (\"mcpServers: Required\": no MCP server loads)";
                            }
                            // The module reads as 1.0.102 does; older releases refuse the whole file for these (JsonParser.OlderReleasesRefuse).
                            var older = nonStandard.Where(x => x.Key.Contains(JsonParser.OlderReleasesRefuse)).OrderBy(x => x.Value.Line).ThenBy(x => x.Value.Column).FirstOrDefault();
                            if (older.Key != null)
                            {
                                var olderAt = older.Value;
                                olderWords = older.Key.Substring(0, older.Key.IndexOf(" (", StringComparison.Ordinal)) + " at line " + olderAt.Line + ", column " + olderAt.Column
                                    + " (\"mcpServers: Required\": no MCP server loads)";
                                // Both refusals need their own fix; the row points at the one nearer the top.
                                string removeFix = "Remove " + older.Key.Substring(0, older.Key.IndexOf(" (", StringComparison.Ordinal)) + " at " + olderAt
                                    + (older.Key.Contains("comment") ? " (end the comment with a line feed)." : " (quote the property name).");
                                jsonFix = placeFix = removeFix;
                                if (earliest.Key == null || olderAt.Line < jsonAt!.Line || (olderAt.Line == jsonAt.Line && olderAt.Column < jsonAt.Column)) jsonAt = olderAt;
                            }
                            // Both readings take the file, but the older releases' comment hides what follows the CR (JsonParser.OlderReleasesReadOtherwise).
                            var otherwise = nonStandard.Where(x => x.Key.Contains(JsonParser.OlderReleasesReadOtherwise)).OrderBy(x => x.Value.Line).ThenBy(x => x.Value.Column).FirstOrDefault();
                            if (older.Key == null && otherwise.Key != null)
                            {
                                jsonAt = otherwise.Value;
                                otherwiseWords = "take the file, but read it otherwise: " + otherwise.Key + " at line " + jsonAt.Line + ", column " + jsonAt.Column
                                    + " (1.0.102 ends the comment there and reads the file as counted here)";
                                jsonFix = placeFix = "End the // comment at " + jsonAt + " with a line feed, so that every release reads the text after it.";
                            }
                            // The oldest releases read the file with JSON.parse, which refuses every one of these (CopilotCliReleases, NotStrictJson, measured).
                            strictWhat = what;
                            onlyJsonc = nonStandard.All(x => CopilotCliReleases.IsJsonc(x.Key));
                            string strictFix = remove + ", so that every release reads the file.";
                            // Each fix once: the strict readers' fix names every kind found, from the first place, so it holds the
                            // fixes of the values 1.0.102 ignores and of 1.0.62-1.0.65's refusals (subsets of those kinds); only a
                            // fix naming one place (the older releases' refusal, their other reading) is said beside it.
                            jsonFix = placeFix == null ? strictFix : placeFix + " " + strictFix;
                            jsonAt ??= first.Value;
                            break;
                        default:
                            // Cursor's and Windsurf's readers are not confirmed (searched again in session 40): not known, not a warning.
                            status = CheckStatus.Indeterminate;
                            jsonAt = first.Value;
                            counts += "; the file holds " + what + ", which a strict JSON reader refuses; whether " + f.Candidate.Client + " accepts it is not confirmed, and " + tshRefuses;
                            jsonFix = remove + ".";
                            break;
                    }
                }
                // 1.0.62-1.0.65 re-read the kept value with serde_json, "mcpServers" included (JsonParser.EarliestLoaderTooDeep, measured).
                if (f.EarliestLoaderTooDeep is Common.SourceLocation deep)
                {
                    string deepWords = "a value nested deeper than 127 levels at line " + deep.Line + ", column " + deep.Column + " (\"Invalid JSON: recursion limit exceeded\": no MCP server loads)";
                    earliestWords = earliestWords == null ? deepWords : earliestWords + ", and " + deepWords;
                    string deepFix = "Nest the value at " + deep + " less deeply (at most 127 levels, the file's object counted), so that every release reads the file.";
                    jsonFix = jsonFix == null ? deepFix : jsonFix + " " + deepFix;
                    if (jsonAt == null || deep.Line < jsonAt.Line || (deep.Line == jsonAt.Line && deep.Column < jsonAt.Column)) jsonAt = deep;
                }
                // The releases' user-file readers differ (CopilotCliReleases.UserFileReaders): decided for the release Copilot CLI's log names,
                // else Indeterminate naming each range (ReleaseVerdict).
                CheckStatus taken = status;
                (CheckStatus Status, string Says)? fileVerdict = null;
                string takes = taken == CheckStatus.Warn ? "take the file and ignore the values written so" : "take the file";
                List<ReleaseAnswer> Readers(CheckStatus otherwiseStatus, string? otherwiseText) =>
                    CopilotCliReleases.UserFileReaders(strictWhat, onlyJsonc, earliestWords, olderWords, otherwiseText, taken, takes, otherwiseStatus);
                (CheckStatus Status, string Says) DecideFile(CheckStatus otherwiseStatus, string? otherwiseText) =>
                    ReleaseVerdict.Decide(ClientNames.CopilotCli, Readers(otherwiseStatus, otherwiseText), CopilotRelease(f), ClientReleaseFiles.CopilotNotRead);
                string? wholeRefused = null;
                if (strictWhat != null || earliestWords != null)
                {
                    fileVerdict = DecideFile(CheckStatus.Warn, otherwiseWords);
                    // The release the log names refuses the whole file (JSON.parse, the older loaders; CopilotCliReleases.UserFileReaders):
                    // no entry of it loads, the Teleport ones included.
                    var runs = CopilotRelease(f)?.Release;
                    var refusing = runs == null ? null : Readers(CheckStatus.Warn, otherwiseWords).FirstOrDefault(g => g.Holds(runs));
                    if (refusing != null && refusing.Status == CheckStatus.Fail && refusing.Says != takes) wholeRefused = fileVerdict.Value.Says;
                }
                _olderNotLoaded.Clear();
                var wholes = drops.Select(d => (Entry: d.Key, Whole: CopilotCliSchema.WholeFile(d.Value, projectFile))).Where(d => d.Whole != null).ToList();
                // The older releases' entries by name, once per file (a name written twice: the one they start).
                var olderByName = f.OlderReading?.Entries.Where(x => x.Use != EntryUse.NotUsed).GroupBy(x => x.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                // The release the log names reads this file in a way the module does not model (its group of UserFileReaders is
                // Indeterminate): every row of an entry describes 1.0.102's reading, so none of them is that release's verdict.
                string? unreadBy = UnreadByKnownRelease(f, strictWhat != null || earliestWords != null ? Readers(CheckStatus.Warn, otherwiseWords) : null);
                foreach (var written in teleport)
                {
                    var te = written;
                    int rowsBefore = _results.Count;
                    drops.TryGetValue(te.Entry!, out var drop);
                    if (wholeRefused != null && te.Entry!.Use != EntryUse.NotUsed)
                    {
                        // No other row: each would describe a server of a file the client does not read.
                        Add(f, ClientChecks.ConfigInUse, CheckStatus.Fail, "not loaded: the whole file is refused (" + wholeRefused + "); " + NotCheckedFurther, jsonFix, te, jsonAt?.ToString());
                        continue;
                    }
                    // Where the older releases read the entry otherwise, its Fail for 1.0.102's reading is one of two answers; where the
                    // release the log names is one of them and loads it as a Teleport entry, the rows that follow check that reading.
                    TeleportEntry? asKnown = null;
                    bool otherwise = olderByName != null && ReadOtherwise(f, olderByName, te, drop, out asKnown);
                    if (asKnown != null)
                    {
                        te = AsRead(f, asKnown, variables, envFiles);
                        drop = null;
                    }
                    else if (drop != null && !(otherwise && drop.AllReleases)) ReportDrop(f, te, drop);
                    if (drop != null && drop.AllReleases) continue;
                    var other = wholes.FirstOrDefault(d => d.Entry != te.Entry);
                    var olderThan = other.Whole is var (upToText, _) ? System.Text.RegularExpressions.Regex.Match(upToText, @"^(\d+\.\d+\.\d+) and earlier$") : null;
                    if (other.Whole is var (_, byDrop) && olderThan != null && olderThan.Success)
                    {
                        // One range of releases refuses the whole file, the later ones load the rest (ReleaseVerdict: decided for the
                        // release Copilot CLI's log names, else Indeterminate naming both).
                        var groups = new[]
                        {
                            new ReleaseAnswer(null, olderThan.Groups[1].Value, CheckStatus.Fail, "refuse this whole file, this entry included, because the entry " + GoText.Quote(other.Entry.Name)
                                + " breaks its schema (" + GoText.Quote(byDrop.Message) + " at line " + byDrop.Location?.Line + ", column " + byDrop.Location?.Column + ")"),
                            new ReleaseAnswer(byDrop.Rule.UpTo != null ? byDrop.Rule.LoadedFrom : projectFile ? CopilotCliSchema.ProjectSkipsFrom : CopilotCliSchema.UserSkipsFrom, null, CheckStatus.Pass,
                                byDrop.Rule.UpTo != null ? "load that entry" : "skip only that entry"),
                        };
                        var (byStatus, byMessage) = ReleaseVerdict.Decide(ClientNames.CopilotCli, groups, CopilotRelease(f), ClientReleaseFiles.CopilotNotRead);
                        if (byStatus != CheckStatus.Pass)
                            Add(f, ClientChecks.ConfigInUse, byStatus, byMessage, "Fix the entry " + GoText.Quote(other.Entry.Name) + " at " + byDrop.Location + ": " + byDrop.Rule.Fix, te, byDrop.Location?.ToString());
                    }
                    else if (other.Whole is var (releases, wholeDrop))
                        Add(f, ClientChecks.ConfigInUse, CheckStatus.Indeterminate,
                            "Copilot CLI " + releases + " refuse" + (releases.Contains(" ") ? "" : "s") + " this whole file, this entry included, because the entry " + GoText.Quote(other.Entry.Name)
                            + " breaks its schema (" + GoText.Quote(wholeDrop.Message) + " at line " + wholeDrop.Location?.Line + ", column " + wholeDrop.Location?.Column
                            + "); " + (wholeDrop.Rule.UpTo != null ? wholeDrop.Rule.LoadedFrom + " and later load that entry"
                                : (projectFile ? CopilotCliSchema.ProjectSkipsFrom : CopilotCliSchema.UserSkipsFrom) + " and later skip only that entry") + "; which release runs here is not known to this check",
                            "Fix the entry " + GoText.Quote(other.Entry.Name) + " at " + wholeDrop.Location + ": " + wholeDrop.Rule.Fix, te, wholeDrop.Location?.ToString());
                    var access = f.Candidate.Client == ClientNames.VSCode ? (_discovery ??= new VsCodeDiscovery(_env, _o.ProjectDirectory ?? _env.CurrentDirectory) { Checked = _read }).Access(f, te.Entry!) : null;
                    if (te.Entry!.Use != EntryUse.NotUsed && access != null) Add(f, ClientChecks.ConfigInUse, access.Status, access.Message, access.Fix, te);
                    var shadowed = te.Entry!.Use != EntryUse.NotUsed && _discovery != null && f.Candidate.Client == ClientNames.VSCode ? _discovery.Shadowed(f, te.Entry!) : null;
                    if (shadowed != null) Add(f, ClientChecks.ConfigInUse, shadowed.Status, shadowed.Message, shadowed.Fix, te);
                    var byRelease = te.Entry!.Use != EntryUse.NotUsed && _discovery != null ? VsCodeSettingsReleases.For(f, te.Entry!, _os, _discovery) : null;
                    if (byRelease != null) Add(f, ClientChecks.ConfigInUse, byRelease.Status, byRelease.Message, byRelease.Fix, te);
                    // A server Copilot CLI does not load (for the release its log names, or for every release) has no other row: a row
                    // about how it starts would describe a server the client never starts (the whole file refused, the entry dropped).
                    if (NotLoadedRow(f, te, rowsBefore) is ClientCheck notLoaded)
                    {
                        if ((notLoaded.Message ?? "").IndexOf(NotCheckedFurther, StringComparison.Ordinal) < 0) notLoaded.Message += "; " + NotCheckedFurther;
                        continue;
                    }
                    if (te.Entry!.Use == EntryUse.NotUsed) // Match sets Entry
                    {
                        Add(f, ClientChecks.ConfigInUse, CheckStatus.Skipped, f.Candidate.Client + " does not start this entry (" + te.Entry.UseNote + "); it is not checked", null, te);
                        continue;
                    }
                    if (te.Entry.Use == EntryUse.Depends)
                        Add(f, ClientChecks.ConfigInUse, CheckStatus.Indeterminate, "whether " + f.Candidate.Client + " starts this entry depends on what the file does not say: " + te.Entry.UseNote + "; it is checked as if it does", null, te);
                    Found(f, te, envFiles, unreadBy);
                }
                if (olderByName != null && wholeRefused == null)
                    foreach (var then in olderByName.Values)
                        if (!teleport.Any(t => t.Entry!.Name == then.Name) && TeleportEntryMatcher.Match(then) is TeleportEntry olderOnly && OlderOnly(f, olderOnly))
                            Found(f, AsRead(f, olderOnly, variables, envFiles), envFiles, unreadBy);
                // A Teleport entry that 1.0.66-1.0.92 do not load, for the comment ended by a lone CR (ReadOtherwise): their group is a Fail, not a Warn.
                if (fileVerdict != null && otherwiseWords != null && _olderNotLoaded.Count > 0)
                    fileVerdict = DecideFile(CheckStatus.Fail, otherwiseWords + ", and do not load the Teleport " + (_olderNotLoaded.Count == 1 ? "entry " : "entries ")
                        + ListText.Join(", ", _olderNotLoaded.Select(GoText.Quote)));
                if (fileVerdict is var (fileStatus, fileSays))
                {
                    status = fileStatus;
                    counts += "; " + fileSays;
                }
                Add(f, ClientChecks.ConfigParse, status, counts, jsonFix, location: jsonAt?.ToString());
                CheckDiscovery(f, teleport);
                foreach (var e in f.Entries.Where(x => x.NotAnObject == null && !teleport.Any(t => ReferenceEquals(t.Entry, x)) && TeleportEntryMatcher.LooksLikeTeleport(x)))
                    ReportUnrecognised(f, e);
                // Not a Teleport entry, so no entry check sees it; but a client that validates the whole server map refuses
                // the file for it, the Teleport servers beside it included (which clients do so is not confirmed: a warning).
                foreach (var e in f.Entries.Where(x => x.NotAnObject != null && !teleport.Any(t => ReferenceEquals(t.Entry, x))))
                    Add(f, ClientChecks.EntryShape, CheckStatus.Warn,
                        "the entry '" + e.Name + "' under " + e.ServersKey + " is not a server object (found " + e.NotAnObject + "); a client that checks the whole file may refuse it, and with it the Teleport servers beside it",
                        "Make '" + e.Name + "' an object with \"command\" (and \"args\"), or remove it.", location: e.Location?.ToString());
                // Copilot CLI's user file without "mcpServers" keeps every MCP server from loading (CopilotCliStarts.UserFileRefusal).
                var userRefusal = CopilotUserFile(f) ? CopilotCliStarts.UserFileRefusal(f, CopilotRelease(f)) : null;
                if (userRefusal != null) Add(f, ClientChecks.ServersKey, userRefusal.Status, userRefusal.Message, userRefusal.Fix);
                foreach (var m in f.MisplacedKeys)
                {
                    string reads = f.Candidate.Shape == ConfigShape.VsCodeServers ? "servers" : f.Candidate.Shape == ConfigShape.VsCodeWorkspace ? "settings.mcp.servers" : f.Candidate.Shape == ConfigShape.ZedSettings ? McpConfigReader.ZedServersKey : "mcpServers";
                    Add(f, ClientChecks.ServersKey, CheckStatus.Fail,
                        f.Candidate.Client + " reads the key '" + reads + "' in this file; the servers under '" + m.Key + "' are ignored",
                        "Rename '" + m.Key + "' to '" + reads + "'.", location: m.Value?.ToString());
                }
            }

            /// <summary>
            /// An entry Copilot CLI does not load for its schema: a Fail where every release measured drops it (1.0.92 and
            /// later skip the entry, 1.0.78 refuses the whole file), Indeterminate where only newer releases do.
            /// </summary>
            private void ReportDrop(McpConfigFile f, TeleportEntry te, CopilotCliDrop drop)
            {
                string where = drop.Location != null && drop.Location.Line > 0 ? " at line " + drop.Location.Line + ", column " + drop.Location.Column : "";
                string says = "\"Skipping invalid MCP server " + GoText.Quote(te.Entry!.Name) + ": " + drop.Message + "\"";
                bool project = f.Candidate.Scope == ConfigScope.Project;
                var whole = CopilotCliSchema.WholeFile(drop, project);
                string skipsFrom = project ? CopilotCliSchema.ProjectSkipsFrom : CopilotCliSchema.UserSkipsFrom;
                if (drop.AllReleases)
                    Add(f, ClientChecks.ConfigInUse, CheckStatus.Fail,
                        "Copilot CLI does not load this entry: " + drop.Message + where + " (" + CopilotCliSchema.Measured + " measured: " + skipsFrom + " and later skip it, " + says
                        + "; " + whole!.Value.Releases + " refuse the whole file" + (whole.Value.Drop == drop ? "" : " for its " + GoText.Quote(whole.Value.Drop.Message)
                        + (whole.Value.Drop.Location != null && whole.Value.Drop.Location.Line > 0 ? " at line " + whole.Value.Drop.Location.Line + ", column " + whole.Value.Drop.Location.Column : ""))
                        + "); the Teleport server is not configured for Copilot CLI, and the entry is not checked further",
                        drop.Rule.Fix, te, drop.Location?.ToString());
                else if (drop.Rule.UpTo != null)
                {
                    // Every rule only older releases apply that the entry breaks, each with its bound (ReleaseVerdict: decided for the
                    // release Copilot CLI's log names, else Indeterminate naming each group).
                    var breaks = CopilotCliSchema.OlderOnlyBreaks(te.Entry!, project);
                    if (breaks.Count == 0) breaks = new[] { drop };
                    var groups = CopilotCliSchema.OlderOnlyGroups(breaks, "refuse this whole file, this entry included", "refuse this whole file, this entry included", CheckStatus.Pass, "load the entry");
                    var (status, message) = ReleaseVerdict.Decide(ClientNames.CopilotCli, groups, CopilotRelease(f), ClientReleaseFiles.CopilotNotRead);
                    Add(f, ClientChecks.ConfigInUse, status,
                        message + (status == CheckStatus.Indeterminate ? ", so the entry is checked as if it loads" : status == CheckStatus.Fail ? "; the Teleport server is not configured for that release" : ""),
                        string.Join(" ", breaks.Select(b => b.Rule.Fix).Distinct()), te, drop.Location?.ToString());
                }
                else
                {
                    var older = drop.OlderOnly;
                    // Every older-only rule the entry breaks, not only the one applied longest (review 302, finding 4).
                    var olderAll = older == null ? new List<CopilotCliDrop>() : CopilotCliSchema.OlderOnlyBreaks(te.Entry!, project).OrderBy(o => Version.Parse(o.Rule.UpTo!)).ToList();
                    if (older != null && olderAll.Count == 0) olderAll.Add(older);
                    var newer = CopilotCliSchema.WholeFileOfNewer(drop, project);
                    // A rule only newer releases apply (Rule.Since): the older-only rules' groups, the releases that load the entry, then
                    // those that refuse the whole file for it and those that skip it (ReleaseVerdict: decided for the release Copilot CLI's
                    // log names, else Indeterminate naming each group). Where another rule refuses the whole file for the releases before
                    // Since (newer names drop.WholeFile), the ranges overlap and the row stays the one below, not decided.
                    string newerOwn = drop.Rule.Since + " to " + (project ? CopilotCliSchema.ProjectWholeFileUpTo : CopilotCliSchema.UserWholeFileUpTo);
                    if (newer == null || newer.Value.Releases == newerOwn)
                    {
                        var groups = olderAll.Count == 0 ? new List<ReleaseAnswer>()
                            : CopilotCliSchema.OlderOnlyGroups(olderAll, "refuse this whole file, this entry included", "refuse this whole file, this entry included", CheckStatus.Pass, "load the entry");
                        if (groups.Count > 0) groups.RemoveAt(groups.Count - 1);
                        groups.Add(new ReleaseAnswer(older?.Rule.LoadedFrom, drop.Rule.LoadedUpTo, CheckStatus.Pass, "load the entry"));
                        string broken = drop.Message + where;
                        if (newer != null)
                        {
                            groups.Add(new ReleaseAnswer(drop.Rule.Since, project ? CopilotCliSchema.ProjectWholeFileUpTo : CopilotCliSchema.UserWholeFileUpTo, CheckStatus.Fail,
                                "refuse this whole file, this entry included: " + broken));
                            groups.Add(new ReleaseAnswer(skipsFrom, null, CheckStatus.Fail, "skip the entry, " + says));
                        }
                        else groups.Add(new ReleaseAnswer(drop.Rule.Since, null, CheckStatus.Fail, "do not load the entry: " + broken + " (" + says + ")"));
                        var (status, message) = ReleaseVerdict.Decide(ClientNames.CopilotCli, groups, CopilotRelease(f), ClientReleaseFiles.CopilotNotRead);
                        Add(f, ClientChecks.ConfigInUse, status,
                            message + (status == CheckStatus.Indeterminate ? ", so the entry is checked as if it loads" : status == CheckStatus.Fail ? "; the Teleport server is not configured for that release" : ""),
                            ListText.JoinWhole(" ", olderAll.Select(b => b.Rule.Fix).Append(drop.Rule.Fix).Distinct()), te, drop.Location?.ToString());
                        return;
                    }
                    Add(f, ClientChecks.ConfigInUse, CheckStatus.Indeterminate,
                        "Copilot CLI " + drop.Rule.Since + " and later do not load this entry: " + drop.Message + where + " (" + says
                        + (newer != null ? "; " + newer.Value.Releases + " refuse the whole file for it" : "")
                        + ListText.JoinWhole("", olderAll.Select(o => "; " + o.Rule.UpTo + " and earlier refuse the whole file for its " + GoText.Quote(o.Message)
                            + (o.Location != null && o.Location.Line > 0 ? " at line " + o.Location.Line + ", column " + o.Location.Column : "")))
                        + "); " + (older == null ? "" : older.Rule.LoadedFrom + " to ") + drop.Rule.LoadedUpTo
                        + (older == null ? " and earlier" : "") + " load it; which release runs here is not known to this check, so the entry is checked as if it loads",
                        drop.Rule.Fix, te, drop.Location?.ToString());
                }
            }

            private readonly Dictionary<McpConfigFile, OlderCopilotCommentRanges> _olderComments = new Dictionary<McpConfigFile, OlderCopilotCommentRanges>();

            // Once a file: the file can hold many entries only the older reading keeps.
            private OlderCopilotCommentRanges OlderComments(McpConfigFile f)
            {
                if (!_olderComments.TryGetValue(f, out var known)) _olderComments[f] = known = JsonParser.OlderCopilotComments(f.Text!, _o.Cancel);
                return known;
            }

            // The Teleport entries of the file being checked that 1.0.66-1.0.92 do not load (ReadOtherwise), for the file's row.
            private readonly List<string> _olderNotLoaded = new List<string>();

            /// <summary>
            /// Whether Copilot CLI's older releases, which read <paramref name="f"/> otherwise (<see cref="McpConfigFile.OlderReading"/>),
            /// do something else with the entry than 1.0.102 does: then one Indeterminate row names both readings (measured, /tmp/h231
            /// t4 cr_valid_env: 1.0.102 skips the entry for the "env" after the lone CR, 1.0.66-1.0.92 load it without). The same verdict
            /// (both drop it, or both read it alike) leaves the rows of 1.0.102's reading.
            /// </summary>
            private bool ReadOtherwise(McpConfigFile f, Dictionary<string, McpServerEntry> olderByName, TeleportEntry te, CopilotCliDrop? drop, out TeleportEntry? asKnown)
            {
                asKnown = null;
                var now = te.Entry!;
                olderByName.TryGetValue(now.Name, out var then);
                if (then != null && JsonParser.SameValue(then.Written, now.Written)) return false;
                var thenDrop = then == null ? null : CopilotCliSchema.AppliedFrom(CopilotCliSchema.Check(then, f.Candidate.Scope == ConfigScope.Project), "1.0.66"); // the older reading's releases
                bool thenDropped = then == null || (thenDrop != null && thenDrop.AllReleases);
                if (drop != null && drop.AllReleases && thenDropped) return false;
                var cr = f.Extensions.FirstOrDefault(x => x.What.Contains(JsonParser.OlderReleasesReadOtherwise));
                string at = cr == null ? "" : " at line " + cr.Location.Line + ", column " + cr.Location.Column;
                string Says(CopilotCliDrop d) => " (\"" + d.Message + "\"" + (d.Location != null && d.Location.Line > 0 ? " at line " + d.Location.Line + ", column " + d.Location.Column : "") + ")";
                string nowText = drop != null && drop.NewestDrops ? "does not load it" + Says(drop) : "loads it";
                string thenText = then == null ? "do not load it: " + (f.Text != null && now.Location != null && OlderComments(f).Holds(now.Location)
                        ? "it lies inside their comment" : "their comment covers text before it, so in their reading it is not a server under \"mcpServers\"")
                    : thenDrop != null ? (thenDrop.AllReleases ? "do not load it" : "read it without the text after the carriage return, and some of them do not load it") + Says(thenDrop)
                    : "load it without the text after the carriage return" + (TeleportEntryMatcher.Match(then) == null ? ", where it no longer runs tsh mcp connect" : "");
                bool checkedOn = drop == null || !drop.AllReleases;
                // Two groups (ReleaseVerdict): 1.0.66-1.0.92 run the comment to the line feed (JsonParser.OlderCopilotReleases, measured
                // helper-268), 1.0.102 and later end it at the CR (@github/copilot-linux-x64@1.0.102); npm serves none between them.
                // Not loaded, or loaded without tsh mcp connect: Fail; loaded otherwise as a Teleport entry: Indeterminate (the rows
                // that follow check 1.0.102's reading); only some of the range dropping it: Indeterminate.
                var thenStatus = then == null || (thenDrop != null && thenDrop.AllReleases) || (thenDrop == null && TeleportEntryMatcher.Match(then) == null) ? CheckStatus.Fail
                    : CheckStatus.Indeterminate;
                if (thenStatus == CheckStatus.Fail) _olderNotLoaded.Add(now.Name);
                var groups = new[]
                {
                    new ReleaseAnswer("1.0.66", "1.0.92", thenStatus, "run the comment to the next line feed and " + thenText),
                    new ReleaseAnswer("1.0.102", null, drop != null && drop.NewestDrops ? CheckStatus.Fail : CheckStatus.Pass, "end the comment there and " + (drop != null && drop.NewestDrops ? "do not load it" + Says(drop) : "load it")),
                };
                var known = CopilotRelease(f);
                var (status, message) = ReleaseVerdict.Decide(ClientNames.CopilotCli, groups, known, ClientReleaseFiles.CopilotNotRead);
                // The release the log names is one of 1.0.66 to 1.0.92, which load the entry otherwise, as a Teleport entry: the
                // rows that follow check their reading, not 1.0.102's.
                bool olderRead = known?.Release != null && groups[0].Holds(known.Release) && then != null && thenDrop == null && TeleportEntryMatcher.Match(then) is TeleportEntry;
                if (olderRead)
                {
                    asKnown = TeleportEntryMatcher.Match(then!);
                    status = CheckStatus.Pass;
                }
                Add(f, ClientChecks.ConfigInUse, status,
                    "Copilot CLI's releases read this entry otherwise, for the // comment ended by a lone carriage return" + at + ": " + message
                    + (olderRead ? ", so the entry is checked as " + known!.Text + " reads it"
                        : status != CheckStatus.Indeterminate ? "" : checkedOn ? ", so the entry is checked as 1.0.102 reads it" : ", and the entry is not checked further"),
                    "End the // comment" + (cr == null ? "" : " at " + cr.Location) + " with a line feed, so that every release reads the entry alike" + (drop != null && drop.NewestDrops ? "; then " + drop.Rule.Fix : "."),
                    te, cr?.Location.ToString());
                return true;
            }

            /// <summary>
            /// A Teleport entry only the older releases' reading holds (<see cref="McpConfigFile.OlderReading"/>): 1.0.102 reads the text
            /// after the lone carriage return, where the server is not one of its Teleport entries, and the older releases start it
            /// unless their schema drops it. One Indeterminate row; the entry is not checked further (it is not the one 1.0.102 reads).
            /// </summary>
            private bool OlderOnly(McpConfigFile f, TeleportEntry te)
            {
                var then = te.Entry!;
                var thenDrop = CopilotCliSchema.AppliedFrom(CopilotCliSchema.Check(then, f.Candidate.Scope == ConfigScope.Project), "1.0.66"); // the older reading's releases
                if (thenDrop != null && thenDrop.AllReleases) return false;
                var cr = f.Extensions.FirstOrDefault(x => x.What.Contains(JsonParser.OlderReleasesReadOtherwise));
                string at = cr == null ? "" : " at line " + cr.Location.Line + ", column " + cr.Location.Column;
                bool named = f.Entries.Any(e => e.Name == then.Name);
                string thenText = thenDrop == null ? "load it" : "read it, and some of them do not load it (\"" + thenDrop.Message + "\""
                    + (thenDrop.Location != null && thenDrop.Location.Line > 0 ? " at line " + thenDrop.Location.Line + ", column " + thenDrop.Location.Column : "") + ")";
                // Two groups (ReleaseVerdict), as ReadOtherwise: 1.0.66-1.0.92 run the comment to the line feed (JsonParser.OlderCopilotReleases,
                // measured helper-268), 1.0.102 and later end it at the CR (@github/copilot-linux-x64@1.0.102); npm serves none between them.
                var groups = new[]
                {
                    new ReleaseAnswer("1.0.66", "1.0.92", thenDrop == null ? CheckStatus.Pass : CheckStatus.Indeterminate, "run the comment to the next line feed and " + thenText),
                    new ReleaseAnswer("1.0.102", null, CheckStatus.Fail, "end the comment there and "
                        + (named ? "read the server of this name otherwise, where it does not run tsh mcp connect" : "do not hold it as a server under \"mcpServers\"")),
                };
                var known = CopilotRelease(f);
                var (status, message) = ReleaseVerdict.Decide(ClientNames.CopilotCli, groups, known, ClientReleaseFiles.CopilotNotRead);
                // The release the log names loads it: the rows that follow check its reading; otherwise it is not checked further.
                bool checkedOn = status == CheckStatus.Pass;
                Add(f, ClientChecks.ConfigInUse, status,
                    "Copilot CLI's releases read this entry otherwise, for the // comment ended by a lone carriage return" + at + ": " + message
                    + (checkedOn ? ", so the entry is checked as " + known!.Text + " reads it" : (status == CheckStatus.Fail ? "; " : ", and ") + NotCheckedFurther),
                    "End the // comment" + (cr == null ? "" : " at " + cr.Location) + " with a line feed, so that every release reads the file alike.",
                    te, cr?.Location.ToString());
                return checkedOn;
            }

            private static bool CopilotUserFile(McpConfigFile f) => f.Candidate.Client == ClientNames.CopilotCli && f.Candidate.Scope == ConfigScope.User;


            /// <summary>
            /// The first ConfigInUse Fail row added since <paramref name="rowsBefore"/> for the Copilot CLI entry <paramref name="te"/>
            /// (the release the log names, or every release, does not load it), else null. Copilot CLI's ConfigInUse rows are all
            /// about loading: a Fail is a server it does not start.
            /// </summary>
            private ClientCheck? NotLoadedRow(McpConfigFile f, TeleportEntry te, int rowsBefore)
            {
                if (f.Candidate.Client != ClientNames.CopilotCli) return null;
                for (int i = rowsBefore; i < _results.Count; i++)
                {
                    var r = _results[i];
                    if (r.Check == ClientChecks.ConfigInUse && r.Status == CheckStatus.Fail && r.Entry == te.Entry!.Name && ReferenceEquals(r.ConfigPath, f.Path)) return r;
                }
                return null;
            }

            /// <summary>
            /// Why the rows of the entries of <paramref name="f"/> are not the verdict of the release Copilot CLI's log names: that
            /// release is in a group of <paramref name="readers"/> whose reading of the file is not modelled (Indeterminate), so the
            /// rows describe 1.0.102's reading. Null when no release is known, the release is in no group, or its reading is modelled.
            /// </summary>
            private string? UnreadByKnownRelease(McpConfigFile f, List<ReleaseAnswer>? readers)
            {
                if (readers == null || !(CopilotRelease(f) is ClientRelease known) || known.Release == null) return null;
                var group = readers.FirstOrDefault(g => g.Holds(known.Release));
                if (group == null || group.Status != CheckStatus.Indeterminate) return null;
                return "Copilot CLI " + known.Text + " (" + known.Source + ") is one of " + group.Releases + ", which " + group.Says
                    + ": this row describes the entry as 1.0.102 reads the file, not as " + known.Text + " does";
            }

            /// <summary>The entry of the older releases' reading as the client starts it: its ${...} expanded, its envFile read.</summary>
            private TeleportEntry AsRead(McpConfigFile f, TeleportEntry then, ClientVariables variables, Dictionary<McpServerEntry, EnvFileRead> envFiles)
            {
                var entry = variables.Apply(then.Entry!);
                if (entry.EnvFile != null)
                {
                    var read = EnvFileRead.For(entry, f.Candidate.Client, _env);
                    entry = read.Entry;
                    envFiles[read.Entry] = read;
                }
                return TeleportEntryMatcher.Match(entry) ?? then;
            }

            /// <summary>An entry the client starts: its rows follow once every file is read (<see cref="CheckEntry"/>).</summary>
            private void Found(McpConfigFile f, TeleportEntry te, Dictionary<McpServerEntry, EnvFileRead> envFiles, string? unread)
            {
                if (envFiles.TryGetValue(te.Entry!, out var envFile)) Add(f, ClientChecks.EntryShape, envFile.Status, envFile.Message, envFile.Fix, te);
                var passes = ServerEnvironment.For(f.Candidate.Client);
                var ambiguous = new List<string>();
                var env = TshFlags.ClientEnvironment(te.Entry!.Env, _os, passes, _env.GetVariable, ambiguous);
                _entries.Add(new FoundEntry
                {
                    File = f, Te = te, TshEnv = env, Withheld = TshFlags.Withheld(env, _o.UseEntryEnvironment),
                    Passes = passes, Unconfirmed = TshFlags.Unconfirmed(env, _os, passes, _env.GetVariable).Where(n => !ambiguous.Contains(n)).ToList(),
                    Ambiguous = ambiguous,
                    UnknownValues = te.Entry.Variables == null ? new List<string>() : env.Where(v => te.Entry.Variables.WhyUnknown(v.Value) != null).Select(v => v.Key).ToList(),
                    EnvFileUnknown = envFile?.Status == CheckStatus.Indeterminate ? envFile : null,
                    Unread = unread,
                });
            }

            /// <summary>
            /// Whether VS Code starts the Teleport entries of another client's file too (<see cref="VsCodeDiscovery"/>): one
            /// row an entry, under VS Code, with the setting and the settings file that decided it.
            /// </summary>
            private void CheckDiscovery(McpConfigFile f, List<TeleportEntry> teleport)
            {
                var used = teleport.Where(t => t.Entry!.Use != EntryUse.NotUsed).ToList();
                if (used.Count == 0) return;
                // A file two clients read (a .mcp.json of Claude Code and Copilot CLI) is one file to VS Code: reported once.
                if (f.Path != null && !_discoveredPaths.Add(f.Path)) return;
                _discovery ??= new VsCodeDiscovery(_env, _o.ProjectDirectory ?? _env.CurrentDirectory) { Checked = _read };
                var discovery = _discovery.For(f);
                if (discovery == null) return;
                foreach (var te in used)
                {
                    var started = VsCodeDiscovery.AsStarted(discovery, te.Entry!); // Match sets Entry
                    // A discovered entry (a folder .mcp.json or .cursor/mcp.json) whose name an earlier configuration also has (VsCodeDiscovery.Shadowed, 1.118's deduplication).
                    // An entry that fails as VS Code starts it fails whichever server VS Code enables: the Fail stays, with the rule said.
                    if (started.Use == EntryUse.Used && _discovery.Shadowed(f, te.Entry!) is DiscoveryUse shadowed)
                        started = started.Status == CheckStatus.Fail
                            ? new DiscoveryUse(EntryUse.Used, CheckStatus.Fail, started.Message + "; also, " + shadowed.Message, JoinFixes(started.Fix, shadowed.Fix))
                            : new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                                Discovered(started.Message) + "; but " + shadowed.Message, JoinFixes(started.Fix, shadowed.Fix));
                    // Only some releases read the file (a folder's .mcp.json): ReleaseVerdict over the groups.
                    if (discovery.OnlyNewerReleases) started = VsCodeDiscovery.ByRelease(started);
                    // 1.103 and earlier read chat.mcp.discovery.enabled with the default true (VsCodeDiscovery.DefaultOffFirstRelease);
                    // 1.118's collision rule is not theirs, so their answer is the entry as started, unshadowed.
                    if (discovery.Before != null) started = VsCodeDiscovery.ByDefaultChange(VsCodeDiscovery.AsStarted(discovery.Before, te.Entry!), started);
                    Add(f, ClientChecks.VsCodeDiscovery, started.Status, started.Message, started.Fix, te).Client = ClientNames.VSCode;
                }
            }

            // "VS Code starts this entry: it discovers X" said of an entry VS Code may leave disabled: what it discovers.
            private static string Discovered(string message) =>
                message.StartsWith(StartsPrefix, StringComparison.Ordinal) ? "VS Code discovers " + message.Substring(StartsPrefix.Length) : message;

            private const string StartsPrefix = "VS Code starts this entry: it discovers ";

            private static string? JoinFixes(string? first, string? second) =>
                first == null ? second : second == null ? first : first.TrimEnd('.') + "; " + second;

            /// <summary>
            /// An entry that runs tsh, or is named as tsh mcp config names its entries, but is neither `tsh mcp connect APP`
            /// nor `tsh mcp db start URI...`: said why, instead of dropped from the count of Teleport entries.
            /// </summary>
            private void ReportUnrecognised(McpConfigFile f, McpServerEntry e)
            {
                var te = new TeleportEntry { Entry = e };
                var unknown = e.Variables?.WhyUnknown(e.Command);
                if (unknown != null && e.Problems.Count == 0)
                {
                    // The command may well be tsh once the client fills it in: not known, rather than not a Teleport entry.
                    Add(f, ClientChecks.EntryShape, CheckStatus.Indeterminate,
                        "the command " + GoText.Quote(e.Command) + " is not known here: " + unknown + "; the entry is not checked as a Teleport entry",
                        "Write the absolute path of tsh in \"command\".", te);
                    return;
                }
                foreach (var p in e.Problems)
                    Add(f, ClientChecks.EntryShape, CheckStatus.Fail, p + "; the entry is not checked as a Teleport entry", ShapeFix(e), te);
                if (e.Problems.Count > 0) return;
                var args = e.Args;
                var run = e.Command != null && TeleportEntryMatcher.IsTsh(e.Command) ? args : TeleportEntryMatcher.Tokenize(e.RawCommandLine ?? "").Skip(1).ToList();
                if (TshFlags.Positionals(run, "mcp", "connect")?.Count == 0)
                {
                    // tool/tsh/common/mcp_app.go newMCPConnectCommand: Arg("name", ...).Required().
                    Add(f, ClientChecks.EntryShape, CheckStatus.Fail,
                        "`tsh mcp connect` has no app name: tsh stops with \"required argument 'name' not provided\" and the client gets no server",
                        "Add the app name: \"args\": [\"mcp\", \"connect\", \"<app>\"]   (tsh mcp ls lists them), or " + ConfigCommand(f, "<app>"), te);
                    return;
                }
                Add(f, ClientChecks.EntryShape, CheckStatus.Warn,
                    "the entry " + (e.Command != null ? "runs '" + e.CommandLine + "'" : "has no \"command\"") + ", which is not `tsh mcp connect <app>` or `tsh mcp db start <database URI>`; it is not checked as a Teleport entry",
                    "For an MCP app: " + ConfigCommand(f, "<app>"), te);
            }

            private static string ShapeFix(McpServerEntry e) =>
                e.ArgsText != null
                    ? "\"args\": [" + string.Join(", ", Output.Redactor.RedactArguments(TeleportEntryMatcher.Tokenize(e.ArgsText)).Select(JsonText.Quote)) + "]"
                    : "Write args as a list of strings and env as an object of strings.";

            /// <summary>What of the file is not RFC 8259 JSON, first place first: a byte order mark, comments, trailing commas.</summary>
            private static List<KeyValuePair<string, Common.SourceLocation>> NonStandardJson(McpConfigFile f)
            {
                var list = new List<KeyValuePair<string, Common.SourceLocation>>();
                if (f.ByteOrderMark) list.Add(new KeyValuePair<string, Common.SourceLocation>("a byte order mark (BOM)", new Common.SourceLocation(f.Path, 1, 1)));
                list.AddRange(f.Extensions.Select(x => new KeyValuePair<string, Common.SourceLocation>(x.What, x.Location)));
                return list;
            }

            // ---- session ---------------------------------------------------------------------------------------

            private string? ResolveTsh(out string? missingReason)
            {
                missingReason = null;
                if (!StringChecks.IsNullOrEmpty(_o.TshPath))
                {
                    var r = LookPath.FindFile(_o.TshPath, _env);
                    if (r == null) missingReason = "tsh was not found at " + _o.TshPath;
                    return r;
                }
                // Only a program the admin chose runs: -TshPath, or tsh on PATH (exec.LookPath, as tsh itself is
                // found). A tsh named inside a discovered client file (a cloned repository's .vscode/mcp.json) is
                // checked by CheckCommand but never started.
                var onPath = LookPath.FindFile("tsh", _env);
                if (onPath != null && !OsPath.IsRooted(_os, onPath))
                {
                    // Go 1.19+ os/exec: a PATH hit relative to the current folder is exec.ErrDot, never run.
                    missingReason = "tsh on PATH resolves to " + onPath + " through a relative PATH entry ('.' or empty), which Go's exec.LookPath refuses (ErrDot) and so does this module; name tsh with -TshPath";
                    return null;
                }
                if (onPath == null) missingReason = "tsh was not found on PATH (a tsh named in a client file is never run; name it with -TshPath to use it)";
                return onPath;
            }

            private static SessionEnv EnvKey(IDictionary<string, string?>? env) => new SessionEnv(env);

            // Entries whose client may or may not pass this shell's values are reported per client, not read.
            // An entry whose spellings leave a value unknown is its own (ReportAmbiguous names its spellings).
            private static (SessionEnv Env, string? Client, string? Path, string? Entry) SessionKey(FoundEntry e) =>
                (EnvKey(e.TshEnv), e.Unconfirmed.Count > 0 ? e.File.Candidate.Client : null,
                 e.Ambiguous.Count > 0 || e.UnknownValues.Count > 0 || e.EnvFileUnknown != null ? e.File.Path ?? "" : null,
                 e.Ambiguous.Count > 0 || e.UnknownValues.Count > 0 || e.EnvFileUnknown != null ? e.Te.Entry?.Name ?? "" : null);

            private string DescribeEnv(IDictionary<string, string?>? env)
            {
                if (env == null) return "";
                var set = env.Where(v => v.Value != null).Select(v => v.Key + "=" + v.Value)
                    .Concat(env.Where(v => v.Value == null && !TshFlags.EnvironmentVariables.Contains(v.Key)).Select(v => v.Key + " unset")).ToList();
                var shell = TshFlags.EnvironmentVariables.Where(n => !env.ContainsKey(n)).ToList();
                if (shell.Count > 0) set.Add("this shell's " + ListText.Join(", ", shell));
                var folder = TshSessionReader.ProfileFolder(env, _os);
                string home = shell.Contains("TELEPORT_HOME") ? "" : folder == null ? ", default tsh home" : StringChecks.IsNullOrEmpty(TshSessionReader.HomeOf(env)) ? ", tsh home " + folder : "";
                if (set.Count == 0) return " (default tsh home, as the MCP client starts tsh)";
                return " (" + ListText.Join(", ", set) + home + ")";
            }

            private void CheckSessions()
            {
                var tsh = ResolveTsh(out var missing);
                // tsh runs with the entry's values and those of this shell the client passes on (ServerEnvironment), so read
                // the session each distinct set of values gives.
                var groups = _entries.Count == 0
                    ? new List<FoundEntry?> { null }
                    : _entries.GroupBy(SessionKey).Select(g => (FoundEntry?)g.First()).ToList();
                foreach (var first in groups)
                {
                    _o.Cancel.ThrowIfCancellationRequested();
                    var env = first?.TshEnv;
                    // A value the client fills in itself: even -UseEntryEnvironment would not give tsh the client's value.
                    if (first != null && first.UnknownValues.Count > 0)
                    {
                        ReportUnknownValues(first);
                        continue;
                    }
                    // The file may set TELEPORT_HOME or another variable tsh reads: the session read without it may not be the client's.
                    if (first?.EnvFileUnknown != null)
                    {
                        Add(first.File, ClientChecks.Session, CheckStatus.Indeterminate,
                            "the tsh session " + first.File.Candidate.Client + " gives '" + first.Te.Entry!.Name + "' was not read: " + first.EnvFileUnknown.Message +
                            ", and they may set TELEPORT_HOME or another variable tsh reads", first.EnvFileUnknown.Fix, first.Te);
                        continue;
                    }
                    if (first != null && first.Withheld.Count > 0)
                    {
                        ReportWithheld(env!, first.Withheld);
                        continue;
                    }
                    if (first != null && first.Ambiguous.Count > 0)
                    {
                        ReportAmbiguous(first);
                        continue;
                    }
                    if (first != null && first.Unconfirmed.Count > 0)
                    {
                        ReportUnconfirmed(first);
                        continue;
                    }
                    var session = tsh == null
                        ? new TshSession { State = TshSessionState.TshMissing, TeleportHome = TshSessionReader.HomeOf(env), Message = missing }
                        : TshSessionReader.ReadWithEnvironment(_o.Runner ?? ProcessRunner.Instance, tsh, env, _now, _o.TshTimeout, _o.Cancel);
                    ReportSession(session, env);
                    if (tsh != null && session.State == TshSessionState.Active && _o.Apps == null && _o.ListAppsLive)
                    {
                        var listing = TshSessionReader.ListMcpAppsWithEnvironment(_o.Runner ?? ProcessRunner.Instance, tsh, env, _o.TshTimeout, _o.Cancel);
                        _listings[EnvKey(env)] = listing;
                        ReportStdoutWarnings(listing, env);
                        if (!listing.Succeeded) ReportListingFailure(listing, env);
                    }
                }
            }

            /// <summary>
            /// `tsh mcp ls` failed. tsh status reads only the local profile, so this is the first time tsh contacted Teleport:
            /// a failure the catalog knows as an error (the proxy unreachable or untrusted, the login refused) stops
            /// `tsh mcp connect` of every entry with this session the same way, and fails the check with the catalog's fix.
            /// </summary>
            private void ReportListingFailure(TshMcpListing listing, IDictionary<string, string?>? env)
            {
                var known = listing.KnownError;
                // What the catalog could not decide on tsh's stderr (a pattern timeout) is said, not dropped: with no known
                // error found, the check cannot tell whether one of the catalog's errors stopped tsh (Indeterminate).
                string undecided = listing.KnownErrorUndecided.Count == 0 ? "" :
                    "; the known-error catalog could not check all of tsh's output (" + string.Join("; ", listing.KnownErrorUndecided) + ")";
                if (known == null)
                {
                    Add(null, ClientChecks.App, undecided.Length > 0 ? CheckStatus.Indeterminate : CheckStatus.Warn, "cannot list MCP apps" + DescribeEnv(env) + ": " + listing.Message + undecided,
                        "Run `tsh mcp ls` yourself, or pass the apps with -App.");
                    return;
                }
                Add(null, ClientChecks.App, known.Severity == Severity.Error ? CheckStatus.Fail : CheckStatus.Warn,
                    "cannot list MCP apps" + DescribeEnv(env) + ": " + listing.Message + " (" + known.Id + ": " + known.Title + ")" + undecided,
                    known.Fix ?? "Run `tsh mcp ls` yourself, or pass the apps with -App.");
            }

            /// <summary>
            /// A warning tsh wrote on stdout while building its client: `tsh mcp connect` builds it the same way (makeClient),
            /// so the MCP client reads that line where it expects JSON-RPC, and a profile tsh could not load leaves it
            /// without the proxy and the login the session needs.
            /// </summary>
            // tool/tsh/common/tsh.go @002ee5fe loadClientConfigFromCLIConf: fmt.Printf("WARNING: Failed to load tsh profile ...").
            private void ReportStdoutWarnings(TshMcpListing listing, IDictionary<string, string?>? env)
            {
                if (listing.StdoutWarnings.Count == 0) return;
                var home = TshSessionReader.ProfileFolder(env, _os);
                // One finding per run of tsh: a stdout of many such lines is one failure, not as many results.
                int more = listing.StdoutWarnings.Count - 1;
                Add(null, ClientChecks.Session, CheckStatus.Fail,
                        "tsh mcp ls" + DescribeEnv(env) + " wrote on stdout: '" + listing.StdoutWarnings[0] + "'"
                        + (more > 0 ? " (and " + more + " more WARNING line" + (more == 1 ? "" : "s") + ")" : "")
                        + "; tsh mcp connect builds its client the same way and writes"
                        + " this line on stdout before any JSON-RPC message, where the MCP client reports it as a message that is not JSON (TMCP-LOG-170)",
                        "Fix what the warning names; for a tsh profile that does not load, log in again with the tsh home the entry uses ("
                        + (StringChecks.IsNullOrEmpty(home) ? "the default ~/.tsh" : home) + "): `tsh logout`, then `tsh login --proxy=<proxy>`.");
            }

            /// <summary>
            /// The session of entries whose "env" sets a variable this check does not apply (<see cref="TshFlags.Withheld"/>):
            /// tsh is not run, since the client's session hangs on exactly those values, and the admin's own would answer
            /// another question.
            /// </summary>
            private void ReportWithheld(IDictionary<string, string?> env, List<string> withheld)
            {
                var entries = _entries.Where(e => EnvKey(e.TshEnv).Equals(EnvKey(env))).ToList();
                var names = ListText.Join("; ", entries.Select(e => "'" + e.Te.Entry?.Name + "' in " + e.File.Path).Distinct());
                var why = ListText.Join("; ", withheld.Select(v => v + "=" + env[v] + " (" + TshFlags.ChoosesWhatRuns[v] + ")"));
                var home = TshSessionReader.ProfileFolder(env, _os);
                Add(null, ClientChecks.Session, CheckStatus.Indeterminate,
                    "the tsh session the client gets for " + names + " was not read: the entry's env sets " + why
                    + "; this check does not run tsh with values a client file chose, and the session depends on them",
                    "If you trust the file, run the check again with -UseEntryEnvironment; or read it yourself after looking at what the values name"
                    + (!StringChecks.IsNullOrEmpty(home) ? " (" + OsPath.Combine(_os, home, "config", "config.yaml") + " and " + OsPath.Combine(_os, home, "bin") + ")" : "")
                    + ".");
            }

            /// <summary>
            /// The session of entries of a client that may or may not pass this shell's values of variables tsh reads
            /// (<see cref="TshFlags.Unconfirmed"/>): tsh is not run, since either answer could be the wrong one. Only the names
            /// are shown; a proxy address may carry a password.
            /// </summary>
            private void ReportUnconfirmed(FoundEntry first)
            {
                var names = ListText.Join("; ", _entries.Where(e => SessionKey(e).Equals(SessionKey(first))).Select(e => "'" + e.Te.Entry?.Name + "' in " + e.File.Path).Distinct());
                Add(null, ClientChecks.Session, CheckStatus.Indeterminate,
                    "the tsh session " + first.File.Candidate.Client + " gives " + names + " was not read: this shell sets " + ListText.Join(", ", first.Unconfirmed)
                    + ", and " + first.Passes.Describe(_os) + ", so its tsh may run with or without them",
                    "Set each of them in the entry's env (empty where tsh should do without it); then the client's tsh gets the same values whatever " + first.File.Candidate.Client + " passes on.");
            }

            /// <summary>
            /// The session of entries that spell a Windows variable tsh reads in several ways (or not as the client's own copy
            /// is spelled) for a client whose rule between spellings is not confirmed (<see cref="TshFlags.Lookup"/>): tsh is
            /// not run, since either value could be the one the client's tsh gets. Only the names are shown.
            /// </summary>
            private void ReportAmbiguous(FoundEntry first)
            {
                var env = first.Te.Entry!.Env; // Match sets Entry
                var spelled = first.Ambiguous.Select(n => n + " (" + ListText.Join(", ", env.Keys.Where(k => string.Equals(k, n, StringComparison.OrdinalIgnoreCase)).OrderBy(k => k, StringComparer.Ordinal)) + ")");
                var names = ListText.Join("; ", _entries.Where(e => SessionKey(e).Equals(SessionKey(first))).Select(e => "'" + e.Te.Entry?.Name + "' in " + e.File.Path).Distinct());
                Add(null, ClientChecks.Session, CheckStatus.Indeterminate,
                    "the tsh session " + first.File.Candidate.Client + " gives " + names + " was not read: Windows variable names ignore case, and the entry's env spells " + ListText.Join("; ", spelled) +
                    " in another way than the client's own copy, or more than once; which value the client's tsh gets is not confirmed for " + first.File.Candidate.Client,
                    "Write each variable once in the entry's env, in capitals as tsh reads it (e.g. " + first.Ambiguous[0] + "); then it replaces the client's own value.");
            }

            /// <summary>
            /// The session of an entry whose env gives a tsh variable a value with a ${...} this check cannot resolve
            /// (<see cref="EntryVariables.Unknown"/>): tsh is not run with a value the client would not use.
            /// </summary>
            private void ReportUnknownValues(FoundEntry first)
            {
                var vars = first.Te.Entry!.Variables!; // UnknownValues is filled only from an entry's variables
                var why = ListText.Join("; ", first.UnknownValues.Select(n => n + " (" + vars.WhyUnknown(first.TshEnv[n]) + ")"));
                Add(first.File, ClientChecks.Session, CheckStatus.Indeterminate,
                    "the tsh session " + first.File.Candidate.Client + " gives '" + first.Te.Entry.Name + "' was not read: its env sets " + why,
                    "Write the value itself in the entry's env.", first.Te);
            }

            /// <summary>What tsh mcp connect answers for an app it cannot find among the app_server heartbeats the user may see.</summary>
            // lib/client/mcp.go MCPServerDialer: newer builds (fetchAppLocked, index id 68439773761) NotFound("MCP server %q not found");
            // @39cecbf5 getAppLocked NotFound("no MCP servers found").
            internal static string NotFoundAnswer(string? app) =>
                "tsh mcp connect answers " + GoText.Quote("MCP server " + GoText.Quote(app ?? "") + " not found") + " (older tsh: \"no MCP servers found\")";

            // tool/tsh/common/tsh.go @002ee5fe loadClientConfigFromCLIConf ignores LoadProfile's NotFound (no profile, or api/profile
            // "current-profile is not set"), then lib/client/api.go @0003e544 NewClient refuses the missing proxy address (TMCP-LOG-160).
            private const string NoProfileStop = "tsh mcp connect stops with \"No proxy address specified, missed --proxy flag?\" (what the MCP client's log shows)";

            private void ReportSession(TshSession s, IDictionary<string, string?>? env)
            {
                var where = DescribeEnv(env);
                var home = TshSessionReader.HomeOf(env);
                var a = s.Active;
                string login = "tsh login" + (a?.ProxyHost != null ? " --proxy=" + ShellWord.PowerShell(a.ProxyHost) : "") + (a?.Username != null ? " --user=" + ShellWord.PowerShell(a.Username) : "");
                switch (s.State)
                {
                    case TshSessionState.Active:
                        Add(null, ClientChecks.Session, CheckStatus.Pass,
                            "logged in to " + a!.Cluster + " as " + a.Username + " until " + (a.ValidUntilText ?? "?") + where // Active and Expired sessions carry the active profile
                            + "; roles: " + ListText.Join(", ", a.Roles) + Traits(a));
                        CompareWithUser(a, where, login);
                        break;
                    case TshSessionState.Expired:
                        Add(null, ClientChecks.Session, CheckStatus.Fail,
                            "the tsh session of " + a!.Username + " on " + a.Cluster + " expired at " + a.ValidUntilText + where // Active and Expired sessions carry the active profile
                            + "; tsh mcp connect answers \"It looks like your Teleport session expired\"",
                            login + "   (no need to restart the MCP client afterwards)");
                        break;
                    case TshSessionState.NotLoggedIn:
                        Add(null, ClientChecks.Session, CheckStatus.Fail, "not logged in" + where + ": " + (s.Message ?? "no tsh profile") + "; " + NoProfileStop,
                            "tsh login --proxy=<proxy address> --user=<user>" + (home != null && home.Length > 0 ? "   (with $env:TELEPORT_HOME = " + ShellWord.PowerShellString(home) + ")"
                                : env != null && env.TryGetValue(TshFlags.HomeVariable(_os), out var user) && !StringChecks.IsNullOrEmpty(user) ? "   (with $env:" + TshFlags.HomeVariable(_os) + " = " + ShellWord.PowerShellString(user) + ")" : ""));
                        break;
                    case TshSessionState.NoActiveProfile:
                        Add(null, ClientChecks.Session, CheckStatus.Fail,
                            "no active tsh profile" + where + "; other profiles: " + ListText.Join(", ", s.Others.Select(o => o.Cluster + "/" + o.Username)) + "; " + NoProfileStop,
                            "tsh login --proxy=" + (s.Others.FirstOrDefault()?.ProxyHost is string proxy ? ShellWord.PowerShell(proxy) : "<proxy address>"));
                        break;
                    case TshSessionState.TshMissing:
                        Add(null, ClientChecks.Session, CheckStatus.Fail, (s.Message ?? "tsh was not found") + where,
                            "Install tsh (Teleport client tools) or name it with -TshPath.");
                        break;
                    case TshSessionState.TimedOut:
                        Add(null, ClientChecks.Session, CheckStatus.Fail, "tsh status did not finish within " + _o.TshTimeout.TotalSeconds + " s" + where,
                            "Run `tsh status` yourself to see what it waits for.");
                        break;
                    default:
                        Add(null, ClientChecks.Session, CheckStatus.Fail, "tsh status failed" + where + ": " + s.Message, "Run `tsh status` yourself.");
                        break;
                }
            }

            private static string Traits(TshProfile a)
            {
                if (a.Traits.Count == 0) return "";
                return "; certificate traits: " + ListText.Join("; ", a.Traits.Where(t => t.Value.Count > 0).Select(t => t.Key + "=" + ListText.Join(",", Output.Redactor.RedactNamedValues(t.Key, t.Value))));
            }

            private void CompareWithUser(TshProfile a, string where, string login)
            {
                if (_o.Users == null || _o.Users.Count == 0) return;
                var user = _o.Users.FirstOrDefault(u => u.Name == a.Username);
                if (user == null)
                {
                    Add(null, ClientChecks.SessionRoles, CheckStatus.Skipped,
                        "no -User object for " + a.Username + " (given: " + ListText.Join(", ", _o.Users.Select(u => u.Name)) + ")");
                    return;
                }
                var added = user.Roles.Except(a.Roles).ToList();
                var removed = a.ActiveRequests.Count > 0 ? new List<string>() : a.Roles.Except(user.Roles).ToList();
                if (added.Count > 0)
                    Add(null, ClientChecks.SessionRoles, CheckStatus.Fail,
                        "role(s) " + ListText.Join(", ", added) + " of user " + user.Name + " are not in the certificate" + where + " (granted after the last login)",
                        login + "   (the certificate keeps the roles it was issued with until it expires)");
                else if (removed.Count > 0)
                    Add(null, ClientChecks.SessionRoles, CheckStatus.Warn,
                        "the certificate" + where + " still carries role(s) " + ListText.Join(", ", removed) + " that user " + user.Name + " no longer has",
                        login + "   (or wait until " + a.ValidUntilText + ")");
                else
                    Add(null, ClientChecks.SessionRoles, CheckStatus.Pass, Output.OutputText.Labelled("the certificate roles match user " + user.Name, ListText.Join(", ", a.Roles)));

                var gained = new List<string>();
                var lost = new List<string>();
                foreach (var key in user.TraitMap.Keys.Union(a.Traits.Keys).OrderBy(k => k, StringComparer.Ordinal))
                {
                    var u = user.TraitMap.TryGetValue(key, out var uv) ? uv : new List<string>();
                    var c = a.Traits.TryGetValue(key, out var cv) ? cv : new List<string>();
                    var plus = u.Except(c).ToList();
                    var minus = c.Except(u).ToList();
                    if (plus.Count > 0) gained.Add(Output.OutputText.Labelled(key, "user has " + Fmt(key, u) + ", certificate has " + Fmt(key, c)));
                    else if (minus.Count > 0) lost.Add(Output.OutputText.Labelled(key, "user has " + Fmt(key, u) + ", certificate has " + Fmt(key, c)));
                }
                if (gained.Count > 0)
                    Add(null, ClientChecks.SessionTraits, CheckStatus.Fail,
                        "trait change(s) of user " + user.Name + " are not in the certificate" + where + ": " + ListText.Join("; ", gained.Concat(lost)),
                        login + "   (traits such as mcp_tools are copied into the certificate at login)");
                else if (lost.Count > 0)
                    Add(null, ClientChecks.SessionTraits, CheckStatus.Warn,
                        "the certificate" + where + " still has trait values user " + user.Name + " no longer has: " + ListText.Join("; ", lost), login);
                else
                    Add(null, ClientChecks.SessionTraits, CheckStatus.Pass, "the certificate traits match user " + user.Name);
            }

            // A trait's values as output shows them: all of a secret's name (api_token) masked, secrets in the others too.
            private static string Fmt(string trait, List<string> v) => v.Count == 0 ? "none" : "[" + ListText.Join(", ", Output.Redactor.RedactNamedValues(trait, v)) + "]";

            // ---- entries ---------------------------------------------------------------------------------------

            private void CheckEntry(FoundEntry fe)
            {
                _unread = fe.Unread;
                try
                {
                    CheckEntryRows(fe);
                }
                finally
                {
                    _unread = null;
                }
            }

            // FoundEntry.Unread of the entry being checked: its rows are Indeterminate, naming the release (Add).
            private string? _unread;

            private void CheckEntryRows(FoundEntry fe)
            {
                var f = fe.File;
                var te = fe.Te;
                var e = te.Entry!; // every TeleportEntry comes from TeleportEntryMatcher.Match, which sets it

                foreach (var p in e.Problems)
                    Add(f, ClientChecks.EntryShape, CheckStatus.Fail, p, ShapeFix(e), te);
                if (e.Disabled)
                {
                    if (f.Candidate.Shape == ConfigShape.ZedSettings)
                        Add(f, ClientChecks.EntryShape, CheckStatus.Warn, "the entry is disabled (\"enabled\": false): Zed does not start it", "Set \"enabled\": true (or remove \"enabled\") to use it.", te);
                    else
                        Add(f, ClientChecks.EntryShape, CheckStatus.Warn, "the entry is disabled (\"disabled\": true)", "Remove \"disabled\" to use it.", te);
                }

                if (e.Remote)
                    Add(f, ClientChecks.EntryShape, CheckStatus.Indeterminate,
                        "\"remote\": true: when Zed has a remote development project open it starts this server on the remote host, whose tsh, tsh home and session this check does not see; the checks here are for this computer, where Zed starts it in a local project",
                        "Run the check on the remote host for remote projects, or remove \"remote\" to start the server on this computer.", te);

                if (f.Candidate.Client == ClientNames.ClaudeCode) CheckClaudeCodeStarts(f, te);

                MessageText configFix = te.Databases != null ? DbConfigCommand(f) : ConfigCommand(f, te.App == null ? null : ShellWord.PowerShell(te.App));
                if (te.WholeCommandLineInCommand)
                    Add(f, ClientChecks.CommandLine, CheckStatus.Fail,
                        "\"command\" holds the whole command line '" + e.Command + "'; the client starts a program of that name and fails with spawn " + e.Command + " ENOENT",
                        "\"command\": \"" + te.Tsh + "\", \"args\": [" + string.Join(", ", Output.Redactor.RedactArguments(te.TshArgs).Select(a => "\"" + a + "\"")) + "]", te);

                CheckCommand(f, te, configFix);
                CheckTeleportHome(f, te);

                if (te.Databases != null)
                {
                    Add(f, ClientChecks.Databases, CheckStatus.Skipped,
                        "tsh mcp db start for " + ListText.Join(", ", te.Databases) + ": the command and the tsh session are checked; database access (the databases, db_users, db_names of the roles) is not checked further",
                        null, te);
                    return;
                }

                // The expected name in pieces: an app name can be megabytes long (ListText.Message(MessageText)).
                var expected = MessageText.Of(ClientEntryName.Prefix, te.App);
                if (ClientEntryName.IsFor(e.Name, te.App))
                    Add(f, ClientChecks.EntryName, CheckStatus.Pass, MessageText.Of("named ", expected, " as tsh mcp config names it"), null, te);
                else
                    Add(f, ClientChecks.EntryName, CheckStatus.Warn,
                        MessageText.Of("the entry is named '", e.Name, "'; tsh mcp config names it '", expected, "' (a second run adds a duplicate entry)"),
                        MessageText.Of("Rename the entry to '", expected, "'."), te);

                if (ClientPaths.IsVsCodeShape(f.Candidate.Shape))
                {
                    // microsoft/vscode src/vs/platform/mcp/common/mcpResourceScannerService.ts sanitizeServer: a type other than
                    // "http" or "stdio" (none included) becomes "stdio" when the entry has a command, "http" when it has none.
                    if (e.Type == "stdio")
                        Add(f, ClientChecks.StdioType, CheckStatus.Pass, "\"type\": \"stdio\"", null, te);
                    else if (e.Type == "http")
                        Add(f, ClientChecks.StdioType, CheckStatus.Fail, "\"type\" is 'http': VS Code connects to the entry's \"url\" instead of starting the command, but tsh mcp connect speaks stdio",
                            "Set \"type\": \"stdio\" (or remove \"type\").", te);
                    else if (e.Type == null)
                        Add(f, ClientChecks.StdioType, CheckStatus.Pass, "no \"type\", as tsh mcp config writes the entry: VS Code takes an entry with a \"command\" as stdio", null, te);
                    else
                        Add(f, ClientChecks.StdioType, CheckStatus.Warn,
                            "\"type\" is '" + e.Type + "', which VS Code does not know: it replaces it with stdio because the entry has a \"command\", so the entry works, but the file says otherwise",
                            "Set \"type\": \"stdio\".", te);
                }

                if (f.Candidate.Client == ClientNames.CopilotCli)
                {
                    CheckCopilotEntry(f, te);
                    _copilot ??= new CopilotCliStarts(_env, _read, _o.Cancel);
                    string project = f.Candidate.Scope == ConfigScope.Project ? CopilotCliStarts.ProjectOf(_os, f) : _o.ProjectDirectory ?? _env.CurrentDirectory;
                    foreach (var a in _copilot.Check(f, e.Name, project)) Add(f, ClientChecks.Approval, a.Status, a.Message, a.Fix, te);
                }

                CheckApp(fe);
            }

            /// <summary>
            /// The keys Copilot CLI's file gives a server (docs.github.com copilot-cli "Adding MCP servers": "type" "local" or
            /// "stdio" for a command, "http" or "sse" for a url, and "tools", the server's tools Copilot may call, "*" for all).
            /// </summary>
            private void CheckCopilotEntry(McpConfigFile f, TeleportEntry te)
            {
                var e = te.Entry!; // every TeleportEntry comes from TeleportEntryMatcher.Match, which sets it
                const string typeFix = "Add \"type\": \"local\" to the entry.";
                if (e.Type == "local" || e.Type == "stdio")
                    Add(f, ClientChecks.StdioType, CheckStatus.Pass, "\"type\": \"" + e.Type + "\": Copilot CLI starts the command as a local server", null, te);
                // "streamable-http" is read as "http" (measured, runtime.node 1.0.102: the loaded entry says "type": "http").
                else if (e.Type == "http" || e.Type == "sse" || e.Type == "streamable-http")
                    Add(f, ClientChecks.StdioType, CheckStatus.Fail, "\"type\" is '" + e.Type + "': Copilot CLI connects to the entry's \"url\" instead of starting the command, but tsh mcp connect speaks stdio", typeFix, te);
                // Measured on every release the npm registry serves (CopilotCliSchema.NoTypeMeasured): loaded with its command, a "url" beside it dropped.
                else if (e.Type == null)
                    Add(f, ClientChecks.StdioType, CheckStatus.Pass,
                        "no \"type\", as tsh mcp config writes the entry: Copilot CLI loads an entry with a \"command\" and no \"type\" as a local server and starts the command"
                        + (e.Url != null ? ", and does not read the \"url\" beside it" : "") + " (" + CopilotCliSchema.NoTypeMeasured + ")", null, te);
                else
                    Add(f, ClientChecks.StdioType, CheckStatus.Indeterminate,
                        "\"type\" is '" + e.Type + "', which Copilot CLI's documentation does not name (it names local, stdio, http and sse); what Copilot CLI does with it is not confirmed", typeFix, te);

                const string toolsFix = "Add \"tools\": [\"*\"] to the entry (or list the tools Copilot may call).";
                // github/copilot-cli changelog.md @9532bdac 0.0.404 (2026-02-05): "MCP server configurations default to all tools when tools parameter not specified".
                if (e.Tools == null)
                    Add(f, ClientChecks.ToolFilter, CheckStatus.Pass,
                        "no \"tools\" list: Copilot CLI gives such an entry every tool of the server (release 0.0.404 and later; what earlier releases did is not documented)", null, te);
                else if (e.Tools.Contains("*"))
                    Add(f, ClientChecks.ToolFilter, CheckStatus.Pass, "\"tools\" holds \"*\": Copilot may call every tool of the server", null, te);
                else if (e.Tools.Count == 0)
                    Add(f, ClientChecks.ToolFilter, CheckStatus.Warn, "\"tools\" is empty: Copilot may call none of the server's tools", toolsFix, te);
                else
                    Add(f, ClientChecks.ToolFilter, CheckStatus.Pass, "\"tools\" lets Copilot call only " + ListText.Join(", ", e.Tools) + " of the server's tools", null, te);
            }

            /// <summary>
            /// Claude Code starts a server of a project's .mcp.json only once approved, and no server that /mcp switched off
            /// in the project it runs in (<see cref="ClaudeCodeApproval"/>), nor one its administrator's policy keeps out
            /// (<see cref="ClaudeCodePolicy"/>). The project of a local-scope entry is its projects["..."] key; of a .mcp.json
            /// entry, its folder; of a user-scope or managed entry, the project folder of this check.
            /// </summary>
            private void CheckClaudeCodeStarts(McpConfigFile f, TeleportEntry te)
            {
                var e = te.Entry!; // every TeleportEntry comes from TeleportEntryMatcher.Match, which sets it
                if (_approval == null || _policy == null)
                {
                    var files = new ClaudeCodeFiles(_env, _o.Cancel);
                    foreach (var read in _read.Where(r => r.Candidate.Shape == ConfigShape.ClaudeCodeUser)) files.Know(read);
                    _approval = new ClaudeCodeApproval(files);
                    _policy = new ClaudeCodePolicy(files, _read, _o.Cancel);
                }
                bool projectFile = f.Candidate.Scope == ConfigScope.Project;
                string project = projectFile ? f.Candidate.ProjectDirectory ?? OsPath.DirectoryOf(_os, f.Path!) // a file read has its path
                    : ClaudeCodeApproval.ProjectKeyOf(e.ServersKey) ?? _o.ProjectDirectory ?? _env.CurrentDirectory;
                if (projectFile)
                {
                    // src/services/mcp/config.ts getMcpConfigsByScope('project'): a nearer .mcp.json's server of the same name replaces this one.
                    var nearer = _read.Where(o => o != f && o.Candidate.Client == ClientNames.ClaudeCode && o.Candidate.Scope == ConfigScope.Project
                            && (o.Candidate.ProjectDirectory ?? OsPath.DirectoryOf(_os, o.Path!)) == project && o.Path!.Length > f.Path!.Length
                            && o.Entries.Any(x => x.Name == e.Name))
                        .OrderByDescending(o => o.Path!.Length).FirstOrDefault();
                    if (nearer != null)
                    {
                        Add(f, ClientChecks.Approval, CheckStatus.Warn,
                            "Claude Code does not start this entry when it runs in " + project + ": " + nearer.Path + " is nearer to that folder and has a server of the same name, which replaces this one",
                            "Keep one entry named '" + e.Name + "', in the .mcp.json nearest to where Claude Code runs.", te);
                        return;
                    }
                }
                var off = _approval.SwitchedOff(project, e.Name);
                if (off != null) Add(f, ClientChecks.Approval, off.Status, off.Message, off.Fix, te);
                if (projectFile)
                {
                    var a = _approval.ProjectServer(f.Path!, e.Name, project);
                    Add(f, ClientChecks.Approval, a.Status, a.Message, a.Fix, te);
                }
                var p = _policy.Check(f, te, project);
                Add(f, ClientChecks.Policy, p.Status, p.Message, p.Fix, te);
            }

            /// <summary>
            /// The `tsh mcp config` line that rewrites (or prints) the entry, for <paramref name="app"/> as a word of that
            /// PowerShell command (ShellWord.PowerShell) or a &lt;placeholder&gt; (tool/tsh/common/mcp.go @01583d05:
            /// claude and cursor update the default files, a path updates that file when its format follows from
            /// the path (.vscode, .cursor), vscode and claude-code only print).
            /// </summary>
            private static MessageText ConfigCommand(McpConfigFile f, MessageText? app)
            {
                var c = f.Candidate;
                switch (c.Client)
                {
                    case ClientNames.ClaudeDesktop:
                        return c.Scope == ConfigScope.Packaged
                            ? "tsh mcp config " + app + "   (prints the entry; tsh mcp config --client-config=claude writes %APPDATA%\\Claude, which the packaged app does not read)"
                            : "tsh mcp config --client-config=claude " + app;
                    case ClientNames.Cursor:
                        return c.Scope == ConfigScope.User ? "tsh mcp config --client-config=cursor " + app : "tsh mcp config --client-config=" + ShellWord.PowerShell(f.Path) + " " + app;
                    case ClientNames.VSCode:
                        return c.Shape == ConfigShape.VsCodeServers && c.Scope == ConfigScope.Project
                            ? "tsh mcp config --client-config=" + ShellWord.PowerShell(f.Path) + " " + app
                            : "tsh mcp config --client-config=vscode " + app + "   (prints the entry to paste)";
                    case ClientNames.ClaudeCode:
                        return "tsh mcp config --client-config=claude-code " + app + "   (prints the entry to paste)";
                    case ClientNames.CopilotCli:
                        // lib/client/mcp/config/config.go writes no "type" or "tools": Copilot CLI loads such an entry as local (measured) with every tool (0.0.404 and later).
                        return "tsh mcp config " + app + "   (prints the entry: paste it under \"mcpServers\")";
                    case ClientNames.Zed:
                        // lib/client/mcp/config/config.go: formats claude and vscode only; a Zed path is neither, so --client-config
                        // would write "mcpServers" (and its json.Unmarshal refuses the comments Zed allows).
                        return "tsh mcp config " + app + "   (prints the entry: paste its command, args and env under \"context_servers\"; tsh has no Zed writer)";
                    default:
                        return "tsh mcp config " + app + "   (prints the entry to paste)";
                }
            }

            /// <summary>The `tsh mcp db config` line for a database entry (tool/tsh/common/mcp_db.go: it takes --client-config as tsh mcp config does).</summary>
            private static string DbConfigCommand(McpConfigFile f) =>
                ConfigCommand(f, "<database>").ToString().Replace("tsh mcp config", "tsh mcp db config");

            /// <summary>
            /// The command check of the entry as the client starts it: a command whose ${...} this check cannot resolve is
            /// Indeterminate; one that the client expands is checked expanded, and its messages say how it was written.
            /// </summary>
            private void CheckCommand(McpConfigFile f, TeleportEntry te, MessageText configFix)
            {
                var vars = te.Entry?.Variables;
                var why = vars?.WhyUnknown(te.Tsh);
                if (why != null)
                {
                    Add(f, ClientChecks.Command, CheckStatus.Indeterminate,
                        "the command " + GoText.Quote(te.Tsh) + " is not known here: " + why, "Write the absolute path of tsh in \"command\".", te);
                    return;
                }
                int first = _results.Count;
                CheckExpandedCommand(f, te, configFix);
                if (vars == null) return;
                string note = vars.Note(TeleportEntryMatcher.TshOf(vars.Written), te.Tsh);
                for (int i = first; i < _results.Count; i++)
                    if (_results[i].Check == ClientChecks.Command) _results[i].Message += note;
            }

            private void CheckExpandedCommand(McpConfigFile f, TeleportEntry te, MessageText configFix)
            {
                string? client = f.Candidate.Client;
                var tsh = te.Tsh;
                if (StringChecks.IsNullOrEmpty(tsh))
                {
                    Add(f, ClientChecks.Command, CheckStatus.Fail, "the entry has no \"command\" (Claude Desktop rejects it: \"command\": \"Required\")",
                        configFix, te);
                    return;
                }
                string via = te.WrappedInCmd ? " (through cmd /c)" : "";
                if (te.WrappedInCmd && tsh.IndexOf(' ') >= 0)
                    Add(f, ClientChecks.Command, CheckStatus.Warn,
                        "cmd /c strips the outer quotes of '" + tsh + "' and stops at the first space ('" + tsh.Split(' ')[0] + "' is not recognized)",
                        "Drop the cmd /c wrapper: \"command\": " + JsonText.Quote(tsh), te);

                if (OsPath.LooksLikePath(_os, tsh))
                {
                    var found = LookPath.FindFile(tsh, _env);
                    if (found == null)
                    {
                        var other = LookPath.FindFile("tsh", _env);
                        Add(f, ClientChecks.Command, CheckStatus.Fail,
                            tsh + " does not exist" + via + ": the client fails with spawn " + tsh + " ENOENT (a tsh update moved or removed it)"
                            + (other != null ? "; tsh is now at " + other : ""),
                            configFix + (configFix.Contains("(") ? "" : "   (re-writes the entry with the current tsh path)") + (other != null ? ", or set \"command\": " + JsonText.Quote(other) : ""), te);
                        return;
                    }
                    if (!LookPath.IsExecutable(_env, found))
                    {
                        Add(f, ClientChecks.Command, CheckStatus.Fail, found + " is not executable: the client fails with spawn " + tsh + " EACCES",
                            "chmod +x " + ShellWord.Posix(found), te);
                        return;
                    }
                    if (BatchFile(f, te, tsh, found)) return;
                    Add(f, ClientChecks.Command, CheckStatus.Pass, "tsh exists at " + found + via + "; " + TrustNote(found), null, te);
                    return;
                }

                // A bare name: the client searches its own PATH, not the shell's.
                var resolved = LookPath.FindFile(tsh, _env);
                if (resolved == null)
                {
                    Add(f, ClientChecks.Command, CheckStatus.Fail, "'" + tsh + "' is not on PATH" + via + ": the client fails with spawn " + tsh + " ENOENT",
                        configFix + (configFix.Contains("(") ? "" : "   (writes the absolute tsh path)"), te);
                    return;
                }
                if (BatchFile(f, te, tsh, resolved)) return;
                var gui = ClientPaths.GuiPath(_os);
                if (ClientPaths.IsGuiClient(client) && gui != null && !ClientPaths.ReadsLoginShellEnvironment(client))
                {
                    var inGui = LookPath.FindFile(tsh, _env, gui);
                    if (inGui == null)
                    {
                        Add(f, ClientChecks.Command, CheckStatus.Fail,
                            "'" + tsh + "' is found in your shell PATH (" + resolved + ") but not in the PATH a Dock-started " + client + " gets (" + string.Join(":", gui) + ")",
                            "\"command\": \"" + resolved + "\"   (or " + configFix + ")", te);
                        return;
                    }
                }
                if (ClientPaths.IsGuiClient(client))
                    Add(f, ClientChecks.Command, CheckStatus.Warn,
                        "bare '" + tsh + "'" + via + " is found now (" + resolved + "), but " + client + " uses the PATH it was started with; an app started before tsh was installed, or from the desktop, may not find it",
                        "\"command\": \"" + resolved + "\"   (or " + configFix + ")", te);
                else
                    Add(f, ClientChecks.Command, CheckStatus.Pass, "'" + tsh + "' resolves to " + resolved + " on PATH" + via, null, te);
            }

            /// <summary>
            /// A Windows .cmd/.bat the command resolves to (PATHEXT): Node's spawn without a shell cannot start one
            /// (mcp-clients.md 4.2: "spawn ... cannot resolve .cmd files, so it throws ENOENT"), cmd /c can. Newer SDK
            /// builds reportedly resolve .cmd through cross-spawn [not confirmed there], so this warns rather than fails.
            /// </summary>
            private bool BatchFile(McpConfigFile f, TeleportEntry te, string tsh, string file)
            {
                if (te.WrappedInCmd || LookPath.KindOf(file, _os == OsKind.Windows) != CommandKind.Batch) return false;
                Add(f, ClientChecks.Command, CheckStatus.Warn,
                    "'" + tsh + "' resolves to the batch file " + file + ": a Node-based client (Claude Desktop, Cursor, VS Code, Claude Code) starts it without a shell and fails with spawn " + tsh + " ENOENT unless it runs through cmd /c (newer SDK builds reportedly start .cmd files; not confirmed)",
                    "\"command\": \"cmd\", \"args\": [\"/c\", " + JsonText.Quote(tsh) + ", " + string.Join(", ", Output.Redactor.RedactArguments(te.TshArgs).Select(JsonText.Quote)) + "]   (or set \"command\" to the path of tsh.exe)", te);
                return true;
            }

            /// <summary>
            /// Whether the tsh a client file names is the one this check runs. The check runs only -TshPath or the tsh on
            /// PATH: a program named in a file the module discovered is never started.
            /// </summary>
            private string TrustNote(string named)
            {
                string? runs = ResolveTsh(out _);
                if (runs != null && OsPath.SameFile(_os, named, runs))
                    return "it is the same file as the tsh this check runs (" + runs + ")";
                return "not run by this check (a program named in a client file is never run): it is not the same file as " +
                       (runs != null ? "the tsh this check runs (" + runs + ")" : "any tsh this check runs (none found)") +
                       "; pass -TshPath '" + named + "' to read the session with it";
            }

            /// <summary>
            /// The profile folder the entry's env gives tsh: TELEPORT_HOME, else .tsh in the home variable the entry sets (the
            /// entry's env overrides the home the client passes on); when it sets neither, a TELEPORT_HOME of the shell that the
            /// client does not pass.
            /// </summary>
            private void CheckTeleportHome(McpConfigFile f, TeleportEntry te)
            {
                var entryEnv = te.Entry!.Env; // Match sets Entry
                var passes = ServerEnvironment.For(f.Candidate.Client);
                // On Windows in any spelling, by the client's rule; a spelling whose value is not known is the session check's Indeterminate.
                var teleportHome = TshFlags.Lookup(entryEnv, "TELEPORT_HOME", _os, passes, _env.GetVariable);
                if (teleportHome.Unsure) return;
                var home = teleportHome.Value;
                if (teleportHome.Set && !StringChecks.IsNullOrEmpty(home))
                {
                    CheckProfileFolder(f, te, "TELEPORT_HOME", home, home);
                    return;
                }
                var homeVar = TshFlags.HomeVariable(_os);
                var homeFound = TshFlags.Lookup(entryEnv, homeVar, _os, passes, _env.GetVariable);
                if (homeFound.Unsure) return;
                var userHome = homeFound.Value;
                if (homeFound.Set)
                {
                    if (StringChecks.IsNullOrEmpty(userHome))
                        // api/profile/profile.go defaultProfilePath: os.UserHomeDir() fails on an empty value, then the os/user lookup.
                        Add(f, ClientChecks.TeleportHome, CheckStatus.Warn,
                            homeVar + " is empty in the entry's env: tsh then uses .tsh in the home folder of the account in the system's user database, which this check does not look up",
                            "Remove " + homeVar + " from the entry's env.", te);
                    else
                        CheckProfileFolder(f, te, homeVar, userHome, OsPath.Combine(_os, userHome, ".tsh"));
                    return;
                }
                var shellHome = _env.GetVariable("TELEPORT_HOME");
                if (StringChecks.IsNullOrEmpty(shellHome)) return;
                var rule = ServerEnvironment.For(f.Candidate.Client);
                string fix = "Add \"env\": {\"TELEPORT_HOME\": " + JsonText.Quote(shellHome) + "} to the entry.";
                string defaultHome = "the default home (.tsh in " + homeVar + ")";
                switch (rule.Passes("TELEPORT_HOME", _os))
                {
                    case false:
                        Add(f, ClientChecks.TeleportHome, CheckStatus.Warn,
                            "your shell sets TELEPORT_HOME=" + shellHome + ", but " + rule.Describe(_os) + ": tsh will use " + defaultHome, fix, te);
                        break;
                    case true:
                        Add(f, ClientChecks.TeleportHome, CheckStatus.Warn,
                            "your shell sets TELEPORT_HOME=" + shellHome + ", and " + rule.Describe(_os) + ": tsh uses it only when " + f.Candidate.Client
                            + " itself was started with it (from this shell, for example), else " + defaultHome,
                            fix.TrimEnd('.') + ", so that it does not depend on how " + f.Candidate.Client + " was started.", te);
                        break;
                    default:
                        Add(f, ClientChecks.TeleportHome, CheckStatus.Indeterminate,
                            "your shell sets TELEPORT_HOME=" + shellHome + ", but " + rule.Describe(_os) + ": tsh may use it or " + defaultHome, fix, te);
                        break;
                }
            }

            /// <summary>
            /// Whether <paramref name="folder"/>, the profile folder that the entry's <paramref name="name"/>=<paramref name="value"/>
            /// gives tsh, holds a profile. Only the folder is looked at; nothing in it runs.
            /// </summary>
            private void CheckProfileFolder(McpConfigFile f, TeleportEntry te, string name, string value, string folder)
            {
                bool teleportHome = name == "TELEPORT_HOME";
                var vars = te.Entry?.Variables;
                var unknown = vars?.WhyUnknown(value);
                if (unknown != null)
                {
                    Add(f, ClientChecks.TeleportHome, CheckStatus.Indeterminate, name + " is " + GoText.Quote(value) + ", which is not known here: " + unknown,
                        "Write the absolute path.", te);
                    return;
                }
                // How the value came about, after the name and value it explains.
                string note = vars != null && vars.Written.Env.TryGetValue(name, out var written) ? vars.Note(written, value) : "";
                // In pieces: the value can be megabytes long (ListText.Message(MessageText)).
                var what = teleportHome ? MessageText.Of("TELEPORT_HOME ", value, note) : MessageText.Of(name, " ", value, note, " gives tsh the home ", folder, " (no TELEPORT_HOME in the entry's env), which");
                if (!OsPath.IsRooted(_os, value))
                {
                    // tsh keeps the path as written (setEnvFlags path.Clean; filepath.Join), so it is taken from tsh's working folder.
                    Add(f, ClientChecks.TeleportHome, CheckStatus.Indeterminate,
                        MessageText.Of(name, " is the relative path '", value, "': tsh takes it from the folder ", f.Candidate.Client, " starts it in, which this check does not know"),
                        "Write the absolute path.", te);
                    return;
                }
                var loginFix = MessageText.Of("Log in with that home: $env:", name, " = ", ShellWord.PowerShellStringPieces(value), "; tsh login --proxy=<proxy>");
                if (!_env.DirectoryExists(folder))
                {
                    Add(f, ClientChecks.TeleportHome, CheckStatus.Fail, what + " does not exist: tsh finds no profile there, and " + NoProfileStop,
                        teleportHome ? "Set env.TELEPORT_HOME to the tsh home you log in with (default ~/.tsh), then tsh login with that TELEPORT_HOME."
                            : "Remove " + name + " from the entry's env (tsh then uses your own home, as the client passes it on), or set env.TELEPORT_HOME to the tsh home you log in with; or " + loginFix + ".", te);
                    return;
                }
                bool hasProfile = _env.GetFiles(folder, "*.yaml").Any() || _env.DirectoryExists(OsPath.Combine(_os, folder, "keys"));
                if (!hasProfile)
                    Add(f, ClientChecks.TeleportHome, CheckStatus.Fail, what + " holds no tsh profile (no <proxy>.yaml, no keys folder): " + NoProfileStop, loginFix, te);
                else
                    Add(f, ClientChecks.TeleportHome, CheckStatus.Pass, what + " holds a tsh profile", null, te);
            }

            private void CheckApp(FoundEntry fe)
            {
                var f = fe.File;
                var te = fe.Te;
                var unknownApp = te.Entry?.Variables?.WhyUnknown(te.App);
                if (unknownApp != null)
                {
                    Add(f, ClientChecks.App, CheckStatus.Indeterminate, "the app name " + GoText.Quote(te.App) + " is not known here: " + unknownApp,
                        "Write the app name in \"args\" (tsh mcp ls lists them).", te);
                    return;
                }
                App? app = null;
                if (_o.Apps != null)
                {
                    var named = _o.Apps.Where(a => a.Name == te.App).ToList();
                    app = named.FirstOrDefault(a => a.Transport != McpTransport.None) ?? named.FirstOrDefault();
                    if (app == null)
                    {
                        Add(f, ClientChecks.App, CheckStatus.Fail,
                            "no app named '" + te.App + "' among the " + _o.Apps.Count + " given apps; " + NotFoundAnswer(te.App),
                            "Check the app name (tsh mcp ls) and fix args, or " + ConfigCommand(f, "<app>"), te);
                        return;
                    }
                    if (app.Transport == McpTransport.None)
                    {
                        Add(f, ClientChecks.App, CheckStatus.Fail, "app '" + te.App + "' is not a MCP server (uri " + app.Uri + ")",
                            "Point the entry at an MCP app (tsh mcp ls lists them).", te);
                        return;
                    }
                    var hidden = _o.AppHiddenReason?.Invoke(app);
                    if (hidden != null)
                    {
                        Add(f, ClientChecks.App, CheckStatus.Fail, "app '" + te.App + "' exists but the user cannot see it: " + hidden
                            + "; " + NotFoundAnswer(te.App), "Grant access to the app's labels (app_labels) in a role of the user.", te);
                        return;
                    }
                    string found = "app '" + te.App + "' exists (" + McpTransportRules.ToText(app.Transport) + ")";
                    string exists = found + (_o.AppHiddenReason == null ? "; visibility not checked (no role data)" : " and the user can see it");
                    var serving = Serving(app);
                    if (serving == null)
                        Add(f, ClientChecks.App, CheckStatus.Pass, exists + "; which App Service serves it was not checked (no App Service teleport.yaml or app_servers export given)", null, te);
                    else if (serving.Status == ServingStatus.TargetHostDenied)
                        // tsh finds the app; the App Service refuses to dial it (lib/srv/app/common/target_host_dialer.go).
                        Add(f, ClientChecks.App, CheckStatus.Fail, found + ", but " + serving.Message, serving.Fix, te);
                    else if (ServingMap.Unreachable(serving))
                        Add(f, ClientChecks.App, CheckStatus.Fail, found + ", but " + serving.Message
                            + "; tsh looks the app up among the App Services' app_server heartbeats, and " + NotFoundAnswer(te.App), serving.Fix, te);
                    else if (serving.Status == ServingStatus.Indeterminate)
                        Add(f, ClientChecks.App, CheckStatus.Indeterminate, exists + "; whether an App Service serves it is not known: " + serving.Message, serving.Fix, te);
                    else
                        Add(f, ClientChecks.App, serving.Status == ServingStatus.Served ? CheckStatus.Pass : CheckStatus.Warn, exists + "; " + serving.Message, serving.Fix, te);
                    if (app.PermittedTools != null) ReportTools(f, te, app);
                    return;
                }
                if (fe.Unconfirmed.Count > 0 && !_o.SkipSession)
                {
                    Add(f, ClientChecks.App, CheckStatus.Indeterminate,
                        "not checked: the entry's tsh session was not read (whether " + f.Candidate.Client + " passes this shell's " + ListText.Join(", ", fe.Unconfirmed) + " is not confirmed; see the Session check), and no -App objects",
                        "Pass the apps with -App, or set those variables in the entry's env.", te);
                    return;
                }
                if (fe.Withheld.Count > 0 && !_o.SkipSession)
                {
                    Add(f, ClientChecks.App, CheckStatus.Indeterminate,
                        "not checked: the entry's tsh session was not read (" + ListText.Join(", ", fe.Withheld) + " of its env not applied; see the Session check), and no -App objects",
                        "Pass the apps with -App, or run the check again with -UseEntryEnvironment if you trust the file.", te);
                    return;
                }
                if (!_listings.TryGetValue(EnvKey(fe.TshEnv), out var listing) || !listing.Succeeded)
                {
                    Add(f, ClientChecks.App, CheckStatus.Skipped,
                        _o.SkipSession ? "not checked (" + (_o.Caller ?? CallerParameters.None).Give(OfferedParameter.SkipSession) + " and no -App)" : "not checked: no active tsh session to list the apps, and no -App objects",
                        null, te);
                    return;
                }
                app = listing.Apps.FirstOrDefault(a => a.Name == te.App);
                if (app == null)
                {
                    Add(f, ClientChecks.App, CheckStatus.Fail,
                        "tsh mcp ls does not list '" + te.App + "' (" + listing.Apps.Count + " MCP apps visible: " + ListText.Join(", ", listing.Apps.Select(a => a.Name)) + "): "
                        + "the app does not exist or the user's roles (app_labels) hide it; " + NotFoundAnswer(te.App),
                        "Check the name, then the app_labels of the user's roles (Test-TeleportMcpRole -User <user> -App <app>).", te);
                    return;
                }
                Add(f, ClientChecks.App, CheckStatus.Pass, "tsh mcp ls lists '" + te.App + "'", null, te);
                ReportTools(f, te, app);
            }

            /// <summary>
            /// The serving map's row of an app given with -App (Get-TeleportMcpServing's rules), from the cluster resources
            /// and the apps given; null when they hold no App Service teleport.yaml and no app_server heartbeat.
            /// </summary>
            private AppServing? Serving(App app)
            {
                if (_serving == null)
                {
                    var resources = new List<TeleportResource>(_o.ClusterResources ?? (IList<TeleportResource>)Array.Empty<TeleportResource>());
                    var known = new HashSet<TeleportResource>(resources);
                    resources.AddRange((_o.Apps ?? (IList<App>)Array.Empty<App>()).Where(a => !known.Contains(a)));
                    _serving = new Dictionary<string, AppServing>(StringComparer.Ordinal);
                    _servingKnown = ServingMap.KnowsServing(resources);
                    if (_servingKnown)
                        foreach (var row in ServingMap.Build(resources))
                            if (row.App != null && !_serving.ContainsKey(row.App)) _serving[row.App] = row;
                }
                if (!_servingKnown || app.Name == null) return null;
                return _serving.TryGetValue(app.Name, out var r) ? r
                    : new AppServing { App = app.Name, Status = ServingStatus.Indeterminate, Message = "the App Service teleport.yaml files and app_servers export given say nothing about it" };
            }

            private void ReportTools(McpConfigFile f, TeleportEntry te, App app)
            {
                // tsh mcp ls: permissions.mcp.tools.allowed is null/empty when nothing is allowed (mcp_app.go formatAllowedTools).
                var allowed = app.PermittedTools ?? new List<string>();
                var denied = app.DeniedTools ?? new List<string>();
                if (allowed.Count == 0)
                    Add(f, ClientChecks.AppTools, CheckStatus.Fail,
                        "the user may call no tool of '" + te.App + "' (tsh mcp ls: \"you do not have access to any tools on the MCP server\")"
                        + (denied.Count > 0 ? "; denied: " + ListText.Join(", ", denied) : ""),
                        "Grant tools with allow.mcp.tools in a role (e.g. Set-TeleportMcpTools -Append -WhatIf), or set the user's mcp_tools trait.", te);
                else
                    Add(f, ClientChecks.AppTools, CheckStatus.Pass,
                        "the user may call: " + ListText.Join(", ", allowed) + (denied.Count > 0 ? "; denied: " + ListText.Join(", ", denied) : ""), null, te);
            }

            /// <summary>The projects["..."] key of a Claude Code local-scope entry; null for servers that load everywhere.</summary>
            private static string? ProjectOf(FoundEntry e) =>
                e.Te.Entry?.ServersKey?.StartsWith("projects[", StringComparison.Ordinal) == true ? e.Te.Entry.ServersKey : null;

            /// <summary>
            /// Two entries of one Zed settings file that Zed never starts together: it merges its layers by server name, the
            /// later replacing the earlier (McpConfigReader.ReadZedOverrides), and runs as one release channel with at most one
            /// settings profile selected.
            /// </summary>
            private static bool ZedAlternatives(FoundEntry a, FoundEntry b)
            {
                if (a.File.Candidate.Shape != ConfigShape.ZedSettings || !ReferenceEquals(a.File, b.File)) return false;
                if (string.Equals(a.Te.Entry?.Name, b.Te.Entry?.Name, StringComparison.Ordinal)) return true;
                if (a.Te.Entry == null || b.Te.Entry == null) return false;
                string la = McpConfigReader.ZedLayerOf(a.Te.Entry), lb = McpConfigReader.ZedLayerOf(b.Te.Entry);
                bool Profile(string l) => l.StartsWith("profiles[", StringComparison.Ordinal);
                return la != lb && ((Profile(la) && Profile(lb)) || (McpConfigReader.IsZedChannel(la) && McpConfigReader.IsZedChannel(lb)));
            }

            private void CheckDuplicates()
            {
                // Keyed by the pair, not a joined string: an app name can be megabytes long.
                foreach (var g in _entries.Where(e => e.Te.App != null).GroupBy(e => (e.File.Candidate.Client, e.Te.App)))
                {
                    var list = g.ToList();
                    if (list.Count < 2) continue;
                    foreach (var e in list)
                    {
                        // A project's servers in ~/.claude.json load only inside that project (mcp-clients.md 1.4): two projects never load together.
                        var together = list.Where(o => o != e && (ProjectOf(o) == null || ProjectOf(e) == null || ProjectOf(o) == ProjectOf(e)) && !ZedAlternatives(o, e)).ToList();
                        if (together.Count == 0) continue;
                        var others = together.Select(o => o.Te.Entry?.Name + " in " + o.File.Path + (o.Te.Entry?.ServersKey?.StartsWith("projects", StringComparison.Ordinal) == true ? " " + o.Te.Entry.ServersKey : ""));
                        // The app in pieces (ListText.Message(MessageText)): it is quoted whole, and can be megabytes long.
                        Add(e.File, ClientChecks.DuplicateEntry, CheckStatus.Warn,
                            MessageText.Of((together.Count + 1) + " entries of " + e.File.Candidate.Client + " connect to '", e.Te.App, "'; also: " + ListText.Join("; ", others) + " (the client starts each and lists the tools twice, or one shadows the other)"),
                            MessageText.Of("Keep one entry, named ", ClientEntryName.Prefix, e.Te.App, "."), e.Te);
                    }
                }
            }
        }
    }
}
