using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>One server entry of an MCP client configuration file.</summary>
    public sealed class McpServerEntry
    {
        public string Name { get; set; } = "";
        public string? Command { get; set; }
        [Output.ArgumentList] public List<string> Args { get; set; } = new List<string>();
        public Dictionary<string, string?> Env { get; set; } = new Dictionary<string, string?>(StringComparer.Ordinal);
        /// <summary>The "type" value; null when the entry has none.</summary>
        public string? Type { get; set; }
        public bool Disabled { get; set; }
        /// <summary>Zed's "remote": true: in remote development the server runs on the remote host.</summary>
        public bool Remote { get; set; }
        /// <summary>The "url" of the entry (a remote server's address); null when it has none.</summary>
        public string? Url { get; set; }
        /// <summary>The "tools" list of a Copilot entry (which of the server's tools Copilot may call, "*" for all); null when the entry has none.</summary>
        public List<string>? Tools { get; set; }
        /// <summary>The "envFile" of a VS Code or Cursor stdio server: a file of variables for the server (<see cref="EnvFileRead.For"/>); null when none.</summary>
        public string? EnvFile { get; set; }
        /// <summary>Whether the client starts this entry on the system checked (Zed's OS, release-channel and profile keys); Used elsewhere.</summary>
        public EntryUse Use { get; set; }
        /// <summary>Why the entry is not used, or what its use depends on; null when <see cref="Use"/> is Used.</summary>
        public string? UseNote { get; set; }
        /// <summary>Where the server map is, e.g. mcpServers, servers, mcp.servers, projects["C:/src/x"].mcpServers.</summary>
        public string? ServersKey { get; set; }
        public SourceLocation? Location { get; set; }
        /// <summary>What the entry's value is when it is not an object ("'5'", "a list"); null for a server object.</summary>
        public string? NotAnObject { get; set; }
        /// <summary>"args" written as one string instead of an array; null otherwise.</summary>
        public string? ArgsText { get; set; }
        /// <summary>What the client's expansion of ${...} did to the entry (<see cref="ClientVariables"/>); null when the file's entry holds none.</summary>
        public EntryVariables? Variables { get; internal set; }
        /// <summary>Shape problems of this entry (args not a list of strings...).</summary>
        public List<string> Problems { get; } = new List<string>();
        /// <summary>The entry's value as the file holds it, for checks of the client's own schema (<see cref="CopilotCliSchema"/>).</summary>
        internal DocNode? Written { get; set; }

        /// <summary>A copy with another command, arguments and env (what the client starts after expanding them); the rest is shared.</summary>
        internal McpServerEntry WithLaunch(string? command, List<string> args, Dictionary<string, string?> env)
        {
            var copy = (McpServerEntry)MemberwiseClone();
            copy.Command = command;
            copy.Args = args;
            copy.Env = env;
            return copy;
        }

        /// <summary>The command and its arguments, redacted as a list: for display only (see <see cref="RawCommandLine"/>).</summary>
        public string? CommandLine => Output.Redactor.RedactCommandLine(Command, Args);

        /// <summary>The command line as the client runs it, for matching; never shown.</summary>
        internal string? RawCommandLine => Command == null ? null : string.Join(" ", new[] { Command }.Concat(Args));

        public override string ToString() => Name;
    }

    /// <summary>Whether a client starts an entry of its file on the system checked.</summary>
    public enum EntryUse
    {
        Used,
        /// <summary>Never on this system: another OS's key, or replaced by an entry of the same name that the client reads later.</summary>
        NotUsed,
        /// <summary>Only under a condition the file does not say (which release channel runs, which settings profile is selected).</summary>
        Depends,
    }

    /// <summary>A configuration file as read: its entries, or why it could not be read.</summary>
    public sealed class McpConfigFile
    {
        /// <summary>
        /// What a folder given as client configuration contributes: its own .json files. Only the folder's own level,
        /// because the clients read their files at fixed places (a project's .vscode/mcp.json is named by that path),
        /// and a project folder's subfolders (node_modules) hold JSON files of every other kind.
        /// </summary>
        public static FileSystem.FolderRule Folders { get; } =
            new FileSystem.FolderRule("client configuration files (.json, .code-workspace)", readsSubfolders: false, "NoClientConfigFiles", Platform.ClientPaths.IsConfigFile);

        public ClientConfigCandidate Candidate { get; set; } = null!; // McpConfigReader sets it on every file it reads
        public string? Path => Candidate.Path;
        public string? Text { get; set; }
        public TeleportInputException? Error { get; set; }
        public List<McpServerEntry> Entries { get; } = new List<McpServerEntry>();
        /// <summary>Keys that hold servers the client will not read (wrong server-map key for the file).</summary>
        public List<KeyValuePair<string, SourceLocation>> MisplacedKeys { get; } = new List<KeyValuePair<string, SourceLocation>>();
        public DateTime? LastWriteTimeUtc { get; set; }
        /// <summary>The encoding the file's byte order mark named (UTF-8 without one); null for text not read from a file.</summary>
        public System.Text.Encoding? Encoding { get; set; }
        /// <summary>The file starts with a byte order mark (<see cref="Text"/> is read without it).</summary>
        public bool ByteOrderMark { get; set; }
        /// <summary>Comments and trailing commas, in text order: JSONC that a strict JSON reader refuses.</summary>
        public List<JsonExtension> Extensions { get; } = new List<JsonExtension>();
        /// <summary>
        /// A workspace .vscode/mcp.json's syntax error that VS Code 1.99 to 1.101 read around: their settings reader keeps what
        /// json.ts reads before and after it (<see cref="Json.VsCodeSettingsParse"/>), and <see cref="Entries"/> are the servers
        /// it keeps; 1.102 and later read none of the file. Null for a file that parses, or one read otherwise.
        /// </summary>
        internal TeleportInputException? SyntaxErrorReadAround { get; set; }
        /// <summary>Servers the file names under "servers" that the reading around its syntax error drops, with where.</summary>
        internal List<KeyValuePair<string, SourceLocation>> DroppedAtSyntaxError { get; } = new List<KeyValuePair<string, SourceLocation>>();
        /// <summary>
        /// Of <see cref="DroppedAtSyntaxError"/>, those that reading did read, lost because a later key (a second "servers", or a
        /// dotted key such as "mcp.servers") set another value over the map holding them: the name, with that key and where.
        /// </summary>
        internal Dictionary<string, KeyValuePair<string, SourceLocation>> DroppedReplacedBy { get; } = new Dictionary<string, KeyValuePair<string, SourceLocation>>(StringComparer.Ordinal);
        /// <summary>Servers of a VS Code mcp.json that a "__proto__" object of its server map holds, with where: VS Code does not list them.</summary>
        public List<KeyValuePair<string, SourceLocation>> Unlisted { get; } = new List<KeyValuePair<string, SourceLocation>>();
        /// <summary>The file's JSON object, for readers of its other keys (<see cref="ClaudeCodeApproval"/>); null when it did not parse to one.</summary>
        internal DocMap? Root { get; set; }
        /// <summary>
        /// Copilot CLI's user file as its older releases (<see cref="JsonParser.OlderCopilotReleases"/>) read it, when they take it
        /// too but read it otherwise (a lone-CR comment, JsonParser.ParseCopilotCliUser); null otherwise.
        /// </summary>
        internal McpConfigFile? OlderReading { get; set; }
        /// <summary>
        /// Where Copilot CLI 1.0.62 to 1.0.65 find the user file's "mcpServers" nested deeper than 127 levels and refuse the whole
        /// file (<see cref="JsonParser.EarliestLoaderTooDeep"/>); null otherwise.
        /// </summary>
        internal SourceLocation? EarliestLoaderTooDeep { get; set; }
    }

    /// <summary>Reads MCP client configuration files leniently (comments, trailing commas, a BOM), keeping locations and what was allowed.</summary>
    public static class McpConfigReader
    {
        /// <summary>Where the servers of a file without a server-map key are (Copilot CLI's bare .mcp.json).</summary>
        public const string TopLevel = "the top level";

        /// <summary>Zed's server map (zed-industries/zed crates/settings/src/settings_content/project.rs ProjectSettingsContent.context_servers).</summary>
        public const string ZedServersKey = "context_servers";

        /// <summary>
        /// The servers of a .code-workspace's "settings" as VS Code 1.99 to 1.101 read them (dotted keys merged), where they differ
        /// from the nested "settings": {"mcp": {"servers": ...}} that every release reads.
        /// </summary>
        public const string VsCodeWorkspaceDottedServers = "settings[\"mcp.servers\"]";

        /// <summary>
        /// The servers of a workspace's .vscode/mcp.json as VS Code 1.99 to 1.101 read them (dotted "servers.X" keys merged,
        /// "mcpServers" folded in), where they differ from the "servers" that 1.102 and later read.
        /// </summary>
        public const string VsCodeMcpJsonReadAsSettings = "servers (as settings: dotted keys, mcpServers)";

        /// <summary>The "mcp" setting's "mcpServers" in a VS Code settings.json (read by 1.99 to 1.101 only).</summary>
        public const string VsCodeMcpServersSetting = "mcp.mcpServers";

        /// <summary>Zed's OS keys of the user settings file (zed-industries/zed crates/settings_content/src/settings_content.rs UserSettingsContent).</summary>
        private static readonly KeyValuePair<OsKind, string>[] ZedOsKeys =
        {
            new KeyValuePair<OsKind, string>(OsKind.Linux, "linux"),
            new KeyValuePair<OsKind, string>(OsKind.MacOS, "macos"),
            new KeyValuePair<OsKind, string>(OsKind.Windows, "windows"),
        };

        /// <summary>Zed's release-channel keys and the names of the channels (crates/release_channel ReleaseChannel dev_name, display_name).</summary>
        private static readonly KeyValuePair<string, string>[] ZedChannelKeys =
        {
            new KeyValuePair<string, string>("dev", "Zed Dev"),
            new KeyValuePair<string, string>("nightly", "Zed Nightly"),
            new KeyValuePair<string, string>("preview", "Zed Preview"),
            new KeyValuePair<string, string>("stable", "Zed (stable)"),
        };

        public static McpConfigFile ReadFile(IHostPlatform env, ClientConfigCandidate candidate) => ReadFile(env, candidate, System.Threading.CancellationToken.None);

        /// <summary>As above; the token stops the JSON parse of a huge file (OperationCanceledException).</summary>
        public static McpConfigFile ReadFile(IHostPlatform env, ClientConfigCandidate candidate, System.Threading.CancellationToken ct)
        {
            var file = new McpConfigFile { Candidate = candidate, LastWriteTimeUtc = env.LastWriteTimeUtc(candidate.Path) };
            try
            {
                file.Text = env.ReadAllText(candidate.Path!, out var encoding); // every candidate (ClientPaths, -Path) has its path
                file.Encoding = encoding;
            }
            catch (Exception e) when (FileSystem.ReadFailure.Is(e))
            {
                file.Error = new TeleportInputException(ReadErrorCode, "cannot read the file: " + e.Message, new SourceLocation(candidate.Path, 0, 0));
                return file;
            }
            if (!Resources.TextFile.IsUtf8(file.Encoding) && Utf8OnlyRefusal(candidate) is string refusal)
            {
                file.Error = new TeleportInputException(EncodingErrorCode, "the file is " + EncodingName(file.Encoding) + " text (its byte order mark says so), and " + refusal,
                    new SourceLocation(candidate.Path, 1, 1)) { RecommendedAction = "Save " + candidate.Path + " as UTF-8 (without changing its text); the client reads none of its servers until then." };
                return file;
            }
            ReadText(file, file.Text, env.Os, ct);
            return file;
        }

        public static McpConfigFile ReadText(ClientConfigCandidate candidate, string text) => ReadText(candidate, text, HostPlatform.Current.Os);

        /// <summary>As read on <paramref name="os"/>: the system decides which of Zed's OS keys apply.</summary>
        public static McpConfigFile ReadText(ClientConfigCandidate candidate, string text, OsKind os)
        {
            var file = new McpConfigFile { Candidate = candidate, Text = text };
            ReadText(file, text, os, System.Threading.CancellationToken.None);
            return file;
        }

        private static void ReadText(McpConfigFile file, string text, OsKind os, System.Threading.CancellationToken ct)
        {
            var candidate = file.Candidate;
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                // Kept as a fact, off the text so that columns on line 1 are the editor's.
                file.ByteOrderMark = true;
                text = text.Substring(1);
                file.Text = text;
            }
            var dialect = ClientPaths.DialectOf(candidate);
            // VS Code takes a file of white space (and comments) as no servers (JsonParser.ParseVsCode).
            if (dialect != JsonDialect.VsCode && string.IsNullOrWhiteSpace(text))
            {
                file.Error = new TeleportInputException("JsonParseError", "invalid JSON: the file is empty", new SourceLocation(candidate.Path, 1, 1));
                return;
            }
            DocNode root;
            DocNode? otherwise = null;
            try
            {
                root = dialect == JsonDialect.CopilotCliUser ? JsonParser.ParseCopilotCliUser(text, candidate.Path, file.Extensions, ct, out otherwise)
                    // The scanner's reading of an mcp.json or a .code-workspace follows its prototypes (below); a settings file
                    // is read as settings, whose handling of them is not modelled.
                    : dialect == JsonDialect.VsCode && ScannedByVsCode(file) ? JsonParser.ParseVsCodeKeepingPrototypes(text, candidate.Path, file.Extensions, ct)
                    : dialect == JsonDialect.VsCode ? JsonParser.ParseVsCode(text, candidate.Path, file.Extensions, ct)
                    : JsonParser.ParseLenient(text, candidate.Path, file.Extensions, ct);
            }
            catch (TeleportInputException e)
            {
                if (e.LineText == null && e.Location != null) e.LineText = SourceText.LineAt(text, e.Location.Line);
                file.Error = e;
                if (ReadAroundSyntaxError(file, text, e, ct)) file.Error = null;
                return;
            }
            // VS Code's scanner reads "servers" of whatever the text is (mcpResourceScannerService.ts, "|| {}"): no servers, no error.
            DocMap map;
            if (root is DocMap rootMap) map = rootMap;
            else if (ScannedByVsCode(file)) map = new DocMap(root.Location);
            else
            {
                file.Error = Unusable(file, "the file must hold a JSON object, found " + Describe(root), root.Location);
                return;
            }
            file.Root = map;
            // 1.0.62 to 1.0.65 read a lone-CR comment as the older releases do (measured, helper-268 cr2.jsonl).
            if (dialect == JsonDialect.CopilotCliUser) file.EarliestLoaderTooDeep = JsonParser.EarliestLoaderTooDeep(otherwise ?? map);
            // Only Copilot CLI's user file has another reading, and its servers are under "mcpServers".
            if (otherwise is DocMap older)
            {
                file.OlderReading = new McpConfigFile { Candidate = candidate, Text = text, Root = older };
                ReadServers(file.OlderReading, older, "mcpServers");
            }

            switch (candidate.Shape)
            {
                case ConfigShape.McpServers:
                    ReadServers(file, map, "mcpServers");
                    Misplaced(file, map, "servers", "mcp");
                    break;
                case ConfigShape.CopilotProject:
                    // github/copilot-cli changelog.md @9532bdac 0.0.401: "Support Claude-style .mcp.json format without mcpServers wrapper".
                    if (map.Get("mcpServers") != null)
                    {
                        ReadServers(file, map, "mcpServers");
                        Misplaced(file, map, "servers", "mcp");
                        break;
                    }
                    // A VS Code layout ("servers", "mcp": {"servers"}) is not a server of the bare format: reported as misplaced.
                    Misplaced(file, map, "servers", "mcp");
                    foreach (var kv in map.Entries)
                        if (!file.MisplacedKeys.Any(m => m.Key == kv.Key || m.Key.StartsWith(kv.Key + ".", StringComparison.Ordinal)))
                            ReadServerEntry(file, kv.Key, kv.Value, TopLevel, zed: false);
                    break;
                case ConfigShape.VsCodeServers:
                    ReadServers(file, map, "servers");
                    // A workspace's .vscode/mcp.json is read by 1.99 to 1.101 as settings too (ServersReadAsSettings): its dotted keys
                    // ("servers.X") and "mcpServers" start there, where they differ from the scanner's "servers".
                    if (!(file.Candidate.Client == ClientNames.VSCode && file.Candidate.Scope == ConfigScope.Project && ReadOlderOnly(file, map, VsCodeMcpJsonReadAsSettings, "servers", "servers")))
                        Misplaced(file, map, "mcpServers");
                    break;
                case ConfigShape.VsCodeSettings:
                    ReadSettingsServers(file, map, "mcp.servers");
                    // configMcpDiscovery.ts @9eab112e sync (1.99 to 1.101): a setting's "mcpServers" is folded into its "servers", over a
                    // server of the same name, and written back; VsCodeSettingsReleases says which releases start these.
                    if (new VsCodeSettingsTree(map).Get(VsCodeMcpServersSetting) is DocNode legacy) ReadServerMap(file, legacy, VsCodeMcpServersSetting, zed: false);
                    break;
                case ConfigShape.VsCodeWorkspace:
                    // microsoft/vscode src/vs/platform/mcp/common/mcpResourceScannerService.ts @20ba3e6c withProfileMcpServers,
                    // target WORKSPACE (the workspace file, services/mcp/common/mcpWorkbenchManagementService.ts @c70f7b28):
                    // result.settings?.mcp, when truthy, is read as a folder's mcp.json (fromWorkspaceFolderMcpServers:
                    // Object.entries(mcp.servers ?? {})). Plain properties: a dotted settings key ("mcp.servers") is not read.
                    if (JsonParser.VsCodeGet(map, "settings") is DocMap ws)
                    {
                        if (JsonParser.VsCodeGet(ws, "mcp") is DocMap mcp) ReadServers(file, mcp, "servers", "settings.mcp.servers");
                        // 1.99 to 1.101 read "settings" as settings (workbench/services/configuration/common/configurationModels.ts
                        // WorkspaceConfigurationModelParser: _settingsModelParser.parseRaw(raw['settings']), toValuesTree merges dotted
                        // keys; configMcpDiscovery.ts @0404e192 reads the workspace value of "mcp"): a dotted key's servers start there.
                        // They also fold "mcp": {"mcpServers": ...} into "servers" (configMcpDiscovery.ts sync, ServersReadAsSettings).
                        bool dottedRead = ReadOlderOnly(file, map, VsCodeWorkspaceDottedServers, "settings.mcp.servers", "settings.mcp");
                        if (!dottedRead)
                            foreach (var kv in ws.Entries)
                                if ((kv.Key == "mcp.servers" && kv.Value is DocMap dotted && dotted.Entries.Count > 0) || kv.Key.StartsWith("mcp.servers.", StringComparison.Ordinal))
                                    file.MisplacedKeys.Add(new KeyValuePair<string, SourceLocation>("settings[" + GoText.Quote(kv.Key) + "]", kv.Value.Location));
                    }
                    Misplaced(file, map, "servers", "mcp");
                    break;
                case ConfigShape.ClaudeCodeUser:
                    ReadServers(file, map, "mcpServers");
                    ReadProjects(file, map);
                    break;
                case ConfigShape.ZedSettings:
                    ReadServers(file, map, ZedServersKey);
                    ReadZedOverrides(file, map, os);
                    // What `tsh mcp config` prints ({"mcpServers": ...}) pasted as is: Zed reads only context_servers.
                    Misplaced(file, map, "mcpServers");
                    break;
                default:
                    ReadServers(file, map, "mcpServers");
                    ReadServers(file, map, "servers");
                    ReadServers(file, map, ZedServersKey);
                    if (map["mcp"] is DocMap m2) ReadServers(file, m2, "servers", "mcp.servers");
                    ReadProjects(file, map);
                    break;
            }
        }

        /// <summary>
        /// The servers of Zed's release-channel, OS and profile keys. Zed merges the user file's top level, then the key of
        /// the channel it was built for, then the key of the OS it runs on, then the selected profile's settings, a later server
        /// replacing an earlier one of the same name whole; a selected profile whose base is "default" leaves out the first
        /// three (crates/settings/src/settings_store.rs recompute_values; crates/settings_macros MergeFrom of an enum,
        /// ContextServerSettingsContent, is a plain copy). A project's .zed/settings.json is read as project settings, which
        /// have none of these keys.
        /// </summary>
        private static void ReadZedOverrides(McpConfigFile file, DocMap map, OsKind os)
        {
            int top = file.Entries.Count;
            bool project = file.Candidate.Scope == ConfigScope.Project;
            string ours = ZedOsKeys.First(k => k.Key == os).Value;
            const string projectNote = "a project's .zed/settings.json is read as project settings, which have no release-channel, OS or profiles keys: Zed does not read it";

            var channel = new List<McpServerEntry>();
            foreach (var c in ZedChannelKeys)
            {
                int from = file.Entries.Count;
                if (map[c.Key] is DocMap cm) ReadServers(file, cm, ZedServersKey, c.Key + "." + ZedServersKey);
                foreach (var e in file.Entries.Skip(from))
                {
                    channel.Add(e);
                    Mark(e, project ? EntryUse.NotUsed : EntryUse.Depends, project ? projectNote
                        : "under \"" + c.Key + "\": only " + c.Value + " uses it; which Zed release channel runs here is not known to this check");
                }
            }
            var osEntries = new List<McpServerEntry>();
            foreach (var k in ZedOsKeys)
            {
                int from = file.Entries.Count;
                if (map[k.Value] is DocMap om) ReadServers(file, om, ZedServersKey, k.Value + "." + ZedServersKey);
                foreach (var e in file.Entries.Skip(from))
                {
                    if (project) Mark(e, EntryUse.NotUsed, projectNote);
                    else if (k.Value == ours) osEntries.Add(e);
                    else Mark(e, EntryUse.NotUsed, "under \"" + k.Value + "\": Zed uses it only on " + OsName(k.Key) + ", and this check is for " + OsName(os));
                }
            }
            var profiles = new List<ZedProfile>();
            if (map["profiles"] is DocMap pmap)
                foreach (var p in pmap.Entries)
                    if (p.Value is DocMap pm) profiles.Add(ReadZedProfile(file, p.Key, pm, project ? projectNote : null));
            if (project) return;

            // A later layer replaces an earlier server of the same name: the OS key's replaces the top level's and the channel's.
            var topLevel = file.Entries.Take(top).ToList();
            var isTopLevel = new HashSet<McpServerEntry>(topLevel);
            var channelByName = channel.ToLookup(c => c.Name, StringComparer.Ordinal);
            var osNames = new HashSet<string>(osEntries.Select(e => e.Name), StringComparer.Ordinal);
            foreach (var e in topLevel.Concat(channel).Where(e => osNames.Contains(e.Name)))
                Mark(e, EntryUse.NotUsed, "replaced by the server of the same name under \"" + ours + "\", which Zed reads later and uses whole");
            // The selected profile is read last: its server of the same name replaces any other layer's, and a profile based
            // on Zed's defaults leaves out every other layer of this file.
            foreach (var e in topLevel.Concat(channel).Concat(osEntries).Where(e => e.Use != EntryUse.NotUsed))
            {
                var over = new List<string>();
                // Only the top level comes before the channel's key; the OS key comes after it.
                if (isTopLevel.Contains(e))
                    over.AddRange(channelByName[e.Name].Select(c => "it runs as the release channel of \"" + ZedLayerOf(c) + "\" (whose server of the same name replaces it whole)"));
                foreach (var p in profiles)
                {
                    string? why = p.Base == ZedProfileBase.Default ? "whose base \"default\" leaves out the rest of this file"
                        : p.Base == ZedProfileBase.Unknown ? "whose \"base\" is " + p.BaseText + ", neither \"user\" nor \"default\"; what Zed makes of it is not known to this check"
                        : p.Servers.Contains(e.Name) ? "whose server of the same name replaces it whole" : null;
                    if (why != null) over.Add("the settings profile '" + p.Name + "' is selected (" + why + ")");
                }
                if (over.Count > 0)
                    Mark(e, EntryUse.Depends, (e.Use == EntryUse.Depends ? e.UseNote + "; and even then " : "") + "Zed uses it unless " + ListText.Join(" or ", over) +
                        "; which release channel runs and which profile is selected are not known to this check");
            }
        }

        /// <summary>What a settings profile's base is (crates/settings_content/src/settings_content.rs ProfileBase, default user).</summary>
        private enum ZedProfileBase { User, Default, Unknown }

        /// <summary>One entry of the user file's "profiles": its name, base and the names of its servers.</summary>
        private sealed class ZedProfile
        {
            public ZedProfile(string name, ZedProfileBase profileBase, string? baseText)
            {
                Name = name;
                Base = profileBase;
                BaseText = baseText;
            }

            public string Name { get; }
            public ZedProfileBase Base { get; }
            /// <summary>The "base" value as written, for a message; null when it has none.</summary>
            public string? BaseText { get; }
            public HashSet<string> Servers { get; } = new HashSet<string>(StringComparer.Ordinal);
        }

        /// <summary>
        /// Reads one settings profile. A profile is {"base": "user"|"default", "settings": {...}} (settings_content.rs
        /// SettingsProfile); one with neither key is the older layout, whose whole object Zed takes as the settings (crates/migrator
        /// m_2026_04_02 wrap_profile_settings, applied at every load). Servers beside "base" or "settings" are not read by Zed.
        /// </summary>
        private static ZedProfile ReadZedProfile(McpConfigFile file, string name, DocMap pm, string? projectNote)
        {
            string at = "profiles[\"" + name + "\"]";
            bool wrapped = pm["settings"] != null || pm["base"] != null;
            var written = wrapped ? pm["base"] : null;
            var kind = written == null ? ZedProfileBase.User
                : written is DocScalar q && q.IsQuoted && q.Value == "user" ? ZedProfileBase.User
                : written is DocScalar d && d.IsQuoted && d.Value == "default" ? ZedProfileBase.Default
                : ZedProfileBase.Unknown;
            var profile = new ZedProfile(name, kind, written == null ? null : Describe(written));

            int from = file.Entries.Count;
            var settings = wrapped ? pm["settings"] as DocMap : pm;
            if (settings != null) ReadServers(file, settings, ZedServersKey, at + (wrapped ? ".settings." : ".") + ZedServersKey);
            foreach (var e in file.Entries.Skip(from))
            {
                profile.Servers.Add(e.Name);
                string note = "under " + at + ": Zed uses it only while the settings profile '" + name + "' is selected (settings profile selector); Zed starts with no profile selected, and which one is selected now is not known to this check";
                if (profile.Base == ZedProfileBase.Unknown) note += "; its \"base\" is " + profile.BaseText + ", neither \"user\" nor \"default\", and what Zed makes of it is not known to this check";
                Mark(e, projectNote != null ? EntryUse.NotUsed : EntryUse.Depends, projectNote ?? note);
            }
            if (wrapped && pm[ZedServersKey] is DocMap)
            {
                int beside = file.Entries.Count;
                ReadServers(file, pm, ZedServersKey, at + "." + ZedServersKey);
                foreach (var e in file.Entries.Skip(beside))
                    Mark(e, EntryUse.NotUsed, projectNote ?? "under " + at + " beside its \"base\" or \"settings\": Zed reads a profile's servers only under its \"settings\" (move the entry into " + at + ".settings." + ZedServersKey + ")");
            }
            return profile;
        }

        /// <summary>The key of a Zed settings file an entry's server map is under: "" for the top level, "stable", "linux", "profiles[\"a\"]".</summary>
        internal static string ZedLayerOf(McpServerEntry e)
        {
            var key = e.ServersKey ?? "";
            int dot = key.LastIndexOf("." + ZedServersKey, StringComparison.Ordinal);
            return dot < 0 ? "" : key.Substring(0, dot);
        }

        /// <summary>Whether a layer (<see cref="ZedLayerOf"/>) is a release channel's key.</summary>
        internal static bool IsZedChannel(string layer) => ZedChannelKeys.Any(k => k.Key == layer);

        private static void Mark(McpServerEntry e, EntryUse use, string note)
        {
            e.Use = use;
            e.UseNote = note;
        }

        private static string OsName(OsKind os) => os == OsKind.MacOS ? "macOS" : os.ToString();

        private static void ReadProjects(McpConfigFile file, DocMap map)
        {
            if (!(map["projects"] is DocMap projects)) return;
            foreach (var p in projects.Entries)
                if (p.Value is DocMap pm)
                    ReadServers(file, pm, "mcpServers", "projects[\"" + p.Key + "\"].mcpServers");
        }

        private static void Misplaced(McpConfigFile file, DocMap map, string key, string? nestedParent = null)
        {
            if (map[key] is DocMap m && m.Entries.Count > 0) file.MisplacedKeys.Add(new KeyValuePair<string, SourceLocation>(key, m.Location));
            if (nestedParent != null && map[nestedParent]?["servers"] is DocMap n && n.Entries.Count > 0)
                file.MisplacedKeys.Add(new KeyValuePair<string, SourceLocation>(nestedParent + ".servers", n.Location));
        }

        /// <summary>
        /// The "mcp.servers" setting of a VS Code settings object, nested ({"mcp": {"servers": ...}}), dotted ("mcp.servers")
        /// or both, as VS Code merges them (<see cref="VsCodeSettingsTree"/>). A server the file writes that the merged
        /// setting does not hold (a later key replaced it, or VS Code ignores its key) is read too, as not used, with why.
        /// </summary>
        private static void ReadSettingsServers(McpConfigFile file, DocMap settings, string label)
        {
            const string Path = "mcp.servers";
            var tree = new VsCodeSettingsTree(settings);
            var merged = tree.Get(Path);
            if (merged != null) ReadServerMap(file, merged, label, zed: false);
            var kept = merged as DocMap;
            foreach (var kv in settings.Entries)
            {
                string key = kv.Key;
                var written = new List<KeyValuePair<string, DocNode>>();
                if (key == Path || Path.StartsWith(key + ".", StringComparison.Ordinal))
                {
                    DocNode? node = kv.Value;
                    foreach (var s in Path.Substring(key.Length).Split(new[] { '.' }, StringSplitOptions.RemoveEmptyEntries)) node = node?[s];
                    if (node is DocMap m) written.AddRange(m.Entries);
                }
                else if (key.StartsWith(Path + ".", StringComparison.Ordinal) && key.IndexOf('.', Path.Length + 1) < 0)
                    written.Add(new KeyValuePair<string, DocNode>(key.Substring(Path.Length + 1), kv.Value));
                foreach (var server in written)
                {
                    if (kept != null && ReferenceEquals(kept.Get(server.Key), server.Value)) continue;
                    int from = file.Entries.Count;
                    ReadServerEntry(file, server.Key, server.Value, label, zed: false);
                    var ignored = tree.Ignored.FirstOrDefault(i => i.StartsWith("the key '" + key + "' ", StringComparison.Ordinal));
                    foreach (var e in file.Entries.Skip(from))
                        Mark(e, EntryUse.NotUsed, ignored != null
                            ? "VS Code ignores " + ignored + ", so it does not read this server"
                            : "written under the key '" + key + "', but a later key of the file sets " + Path + " again and VS Code keeps the last one written (dotted and nested keys are one setting)");
                }
            }
        }

        private static void ReadServers(McpConfigFile file, DocMap parent, string key, string? label = null)
        {
            // The scanner reads result.servers: the root's own, else its prototype's (JsonParser.ParseVsCodeKeepingPrototypes).
            var node = ScannedByVsCode(file) ? JsonParser.VsCodeGet(parent, key) : parent.Get(key);
            if (node == null) return;
            ReadServerMap(file, node, label ?? key, key == ZedServersKey);
        }

        private static void ReadServerMap(McpConfigFile file, DocNode node, string label, bool zed)
        {
            // VS Code's scanner takes Object.entries of the value: a list's items are servers named "0", "1", ...
            if (node is DocList list && ScannedByVsCode(file))
            {
                var indexed = new DocMap(list.Location);
                for (int i = 0; i < list.Items.Count; i++) indexed.SetAgain(i.ToString(System.Globalization.CultureInfo.InvariantCulture), list.Items[i]);
                node = indexed;
            }
            // Object.entries of null, a number, a boolean or "" is empty; of a longer string its characters, each of which
            // sanitizeServer fails on (below).
            if (node is DocScalar scalar && ScannedByVsCode(file) && !(scalar.IsQuoted && scalar.Value!.Length > 0)) return;
            if (!(node is DocMap servers))
            {
                // The client cannot use the file (it refuses the whole configuration): an error naming where, as for JSON that does not parse.
                if (file.Error == null) file.Error = Unusable(file, label + " must be an object of server name to server, found " + Describe(node), node.Location);
                return;
            }
            foreach (var kv in servers.Entries) ReadServerEntry(file, kv.Key, kv.Value, label, zed);
            // microsoft/vscode src/vs/platform/mcp/common/mcpResourceScannerService.ts @20ba3e6c sanitizeServer sets "type" on every
            // server of its mcp.json files (a .code-workspace's settings.mcp too), which throws for a string, number, boolean or
            // null; the scan fails and VS Code reads none of the file's servers (mcpManagementService.ts populateLocalServers).
            if (file.Error == null && ScannedByVsCode(file))
            {
                var bad = servers.Entries.FirstOrDefault(kv => kv.Value is DocScalar);
                if (bad.Value != null)
                    file.Error = Unusable(file, "the server '" + Output.OutputText.Safe(bad.Key) + "' under " + label + " is " + Describe(bad.Value)
                        + ", not an object: VS Code's reader fails on it and reads none of this file's servers", bad.Value.Location);
            }
            if (file.Error == null && ScannedByVsCode(file))
            {
                // Object.entries lists own properties only: the servers a "__proto__" object of the map holds are not started.
                var unlisted = new HashSet<string>(file.Unlisted.Select(u => u.Key), StringComparer.Ordinal);
                for (DocNode? p = servers.Prototype; p is DocMap pm; p = pm.Prototype)
                    foreach (var kv in pm.Entries)
                        if (servers.Get(kv.Key) == null && unlisted.Add(kv.Key))
                            file.Unlisted.Add(new KeyValuePair<string, SourceLocation>(kv.Key, servers.PrototypeAt!));
                // sanitizeServer reads an entry's "config", "type" and "command" through its prototypes, but what reads the
                // server after the scanner (and whether it takes inherited properties) is not confirmed.
                foreach (var kv in servers.Entries)
                    if (JsonParser.Unmodelled(kv.Value, file.Path, "it is in the server '" + Output.OutputText.Safe(kv.Key) + "', and whether VS Code starts that server with the properties it inherits is not confirmed") is TeleportInputException e)
                    {
                        e.LineText = file.Text == null ? null : SourceText.LineAt(file.Text, e.Location!.Line);
                        file.Error = e;
                        break;
                    }
            }
        }

        // VS Code's mcp.json files, read by its MCP resource scanner (not settings.json, read as settings; nor the servers of an
        // mcp.json that only older releases' settings reader takes, around a syntax error).
        private static bool ScannedByVsCode(McpConfigFile file) =>
            file.Candidate.Client == Platform.ClientNames.VSCode && file.SyntaxErrorReadAround == null
            && (file.Candidate.Shape == ConfigShape.VsCodeServers || file.Candidate.Shape == ConfigShape.VsCodeWorkspace);

        /// <summary>
        /// The server map of a file VS Code 1.99 to 1.101 read as settings: a .vscode/mcp.json's "servers", a .code-workspace's
        /// "settings" (raw['settings'], a plain property) "mcp.servers", dotted keys merged (<see cref="VsCodeSettingsTree"/>;
        /// workbench/services/configuration/common/configurationModels.ts StandaloneConfigurationModelParser.doParseRaw and
        /// WorkspaceConfigurationModelParser, the same in 1.99.3, 1.100.3 and 1.101.1: npm @codingame/monaco-vscode-configuration-service-override
        /// 16.1.1, 17.1.3, 18.1.3). ConfigMcpDiscovery's sync then folds a truthy "mcpServers" into it, <c>{...servers, ...mcpServers}</c>
        /// (configMcpDiscovery.ts @0404e192, @9eab112e; the 1.99.3 and 1.100.3 builds in npm code-server 4.99.4 and 4.100.3).
        /// Null when there is no such map, or when a spread of a value that is not an object (a string, a list) would make it,
        /// which this module does not model.
        /// </summary>
        internal static DocMap? ServersReadAsSettings(DocMap root, ConfigShape shape)
        {
            if (shape != ConfigShape.VsCodeWorkspace) return FoldMcpServers(new VsCodeSettingsTree(root).Get("servers"), new VsCodeSettingsTree(root).Get("mcpServers"));
            if (!(root.Get("settings") is DocMap settings)) return null;
            var tree = new VsCodeSettingsTree(settings);
            return FoldMcpServers(tree.Get("mcp.servers"), tree.Get("mcp.mcpServers"));
        }

        // value?.mcpServers ? {...value.servers, ...value.mcpServers} : value.servers
        private static DocMap? FoldMcpServers(DocNode? servers, DocNode? mcpServers)
        {
            if (mcpServers == null || !Truthy(mcpServers)) return servers as DocMap;
            // A spread of null, a number or a boolean adds nothing; of a string or a list, members "0", "1", ... (not modelled).
            bool Empty(DocNode? n) => n == null || (n is DocScalar s && !(s.IsQuoted && s.Value!.Length > 0));
            if (!(mcpServers is DocMap legacy) || !(Empty(servers) || servers is DocMap)) return null;
            var folded = new DocMap(servers?.Location ?? legacy.Location);
            if (servers is DocMap m) foreach (var kv in m.Entries) folded.Set(kv.Key, kv.Value);
            foreach (var kv in legacy.Entries) folded.Set(kv.Key, kv.Value);
            return folded;
        }

        /// <summary>
        /// Reads, under <paramref name="label"/>, the servers that 1.99 to 1.101 start from a workspace's .vscode/mcp.json or a
        /// .code-workspace as they read it (<see cref="ServersReadAsSettings"/>) that are not the scanner's entries of
        /// <paramref name="nestedKey"/>; true when it read any. A "__proto__" of the file: what toValuesTree's for...in takes
        /// from a prototype is not modelled, so nothing is read.
        /// </summary>
        private static bool ReadOlderOnly(McpConfigFile file, DocMap root, string label, string nestedKey, string section)
        {
            var at = section == "servers" ? root : JsonParser.VsCodeGet(root, "settings") as DocMap;
            if (at == null || JsonParser.Unmodelled(at, null, "") != null) return false;
            if (!(ServersReadAsSettings(root, file.Candidate.Shape) is DocMap older)) return false;
            // The nested entries by name, the first of each (a lookup per server, not a scan: linear in the servers).
            var nestedByName = new Dictionary<string, McpServerEntry>(StringComparer.Ordinal);
            foreach (var e in file.Entries)
                if (e.ServersKey == nestedKey && !nestedByName.ContainsKey(e.Name)) nestedByName[e.Name] = e;
            bool read = false;
            foreach (var kv in older.Entries)
            {
                if (nestedByName.TryGetValue(kv.Key, out var nested) && ReferenceEquals(nested.Written, kv.Value)) continue;
                ReadServerEntry(file, kv.Key, kv.Value, label, zed: false);
                read = true;
            }
            return read;
        }

        /// <summary>
        /// The servers VS Code 1.99 to 1.101 keep of a workspace .vscode/mcp.json or a .code-workspace with a syntax error: they read it as the
        /// standalone "mcp" configuration (workbench/services/configuration/common/configuration.ts WORKSPACE_STANDALONE_CONFIGURATIONS,
        /// index 67254362618; a .code-workspace with WorkspaceConfigurationModelParser, the same base) with StandaloneConfigurationModelParser (workbench/services/configuration/common/configurationModels.ts,
        /// index 67374374580: doParseContent, which reads around errors, then toValuesTree, which merges dotted keys), and
        /// ConfigMcpDiscovery (contrib/mcp/common/discovery/configMcpDiscovery.ts @0404e192) starts its "servers". 1.102 and
        /// later read the file with mcpResourceScannerService.ts withProfileMcpServers, which any error stops. True when that
        /// reading keeps a server (the file then has entries and no error); false leaves the error as it is.
        /// </summary>
        private static bool ReadAroundSyntaxError(McpConfigFile file, string text, TeleportInputException e, System.Threading.CancellationToken ct)
        {
            var c = file.Candidate;
            bool workspace = c.Shape == ConfigShape.VsCodeWorkspace;
            if (c.Client != Platform.ClientNames.VSCode || !(workspace || (c.Shape == ConfigShape.VsCodeServers && c.Scope == ConfigScope.Project))
                || e.Code != "JsonParseError" || JsonParser.IsUnmodelled(e) || JsonParser.IsLimit(e)) return false;
            var read = VsCodeSettingsParse.Read(text, c.Path, ct);
            if (read.Unmodelled != null && read.Errors > 0)
            {
                // Not a refusal by every release: 1.99 to 1.101 read the file around the error, in a way this module does not follow.
                JsonParser.MarkUnmodelled(e, "VS Code 1.102 and later read none of this file for the syntax error, but 1.99 to 1.101 read "
                    + (workspace ? "a .code-workspace file" : "a workspace's .vscode/mcp.json") + " as settings, keeping what their reader reads around it, and here "
                    + read.Unmodelled + ": whether they keep servers of this file is not known here");
                return false;
            }
            if (read.Unmodelled != null || read.Errors == 0 || !(read.Value is DocMap root)) return false;
            if (!(ServersReadAsSettings(root, c.Shape) is DocMap servers) || servers.Entries.Count == 0) return false;
            file.SyntaxErrorReadAround = e;
            file.Root = root;
            ReadServerMap(file, servers, workspace ? "settings.mcp.servers" : "servers", zed: false);
            // Names written under the server map (nested, or a dotted key) that the kept map lacks.
            string[] at = workspace ? new[] { "settings" } : Array.Empty<string>();
            string dotted = workspace ? "mcp.servers" : "servers";
            var named = read.PropertiesAt(at.Concat(dotted.Split('.')).ToArray())
                .Concat(read.PropertiesAt(at.Concat(new[] { dotted }).ToArray()))
                .Concat(read.PropertiesAt(at).Where(p => p.Key.StartsWith(dotted + ".", StringComparison.Ordinal) && p.Key.IndexOf('.', dotted.Length + 1) < 0)
                    .Select(p => new KeyValuePair<string, SourceLocation>(p.Key.Substring(dotted.Length + 1), p.Value)))
                .OrderBy(p => p.Value.Line).ThenBy(p => p.Value.Column);
            // The keys whose later value replaces the map a name was read into (toValuesTree's addToValueTree sets the last segment).
            var setters = (workspace
                    ? read.PropertiesAt().Where(p => p.Key == "settings")
                        .Concat(read.PropertiesAt("settings").Where(p => p.Key == "mcp" || p.Key == "mcp.servers"))
                        .Concat(read.PropertiesAt("settings", "mcp").Where(p => p.Key == "servers"))
                    : read.PropertiesAt().Where(p => p.Key == "servers")).ToList();
            bool Before(SourceLocation a, SourceLocation b) => a.Line < b.Line || (a.Line == b.Line && a.Column < b.Column);
            foreach (var g in named.Where(p => servers.Get(p.Key) == null).GroupBy(p => p.Key, StringComparer.Ordinal))
            {
                file.DroppedAtSyntaxError.Add(g.First());
                var valued = g.Where(p => read.ReadAValue(p.Value)).Select(p => (SourceLocation?)p.Value).LastOrDefault();
                if (valued == null) continue;
                var setter = setters.Where(p => Before(valued, p.Value)).OrderBy(p => p.Value.Line).ThenBy(p => p.Value.Column).FirstOrDefault();
                if (setter.Key != null) file.DroppedReplacedBy[g.Key] = setter;
            }
            return true;
        }

        // JavaScript's truth of a JSON value.
        private static bool Truthy(DocNode node) =>
            !(node is DocScalar s) || (!s.IsNull && (s.IsQuoted ? s.Value!.Length > 0
                : s.Value != "false" && !(double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && d == 0)));

        private static void ReadServerEntry(McpConfigFile file, string name, DocNode value, string label, bool zed)
        {
            var entry = new McpServerEntry { Name = name, ServersKey = label, Location = value.Location, Written = value };
            file.Entries.Add(entry);
            if (!(value is DocMap s))
            {
                entry.NotAnObject = Platform.BoundedCapture.Cut(Describe(value), 80);
                entry.Problems.Add("the server must be an object, found " + entry.NotAnObject);
                return;
            }
            // sanitizeServer (as above): an entry with a truthy "config", the layout VS Code wrote before, is read as that value
            // spread into an object, so only an object's properties count.
            if (ScannedByVsCode(file) && s["config"] is DocNode old && Truthy(old))
            {
                s = old as DocMap ?? new DocMap(old.Location);
            }
            var cmd = s["command"];
            // Zed before mid-2025 nested the command as {"command": {"path", "args", "env"}}; Zed still reads it, rewritten
            // to the flat form in memory at every load (crates/migrator m_2025_06_27 flatten_context_server_command,
            // crates/settings/src/settings_store.rs parse_and_migrate_zed_settings).
            var nested = zed ? cmd as DocMap : null;
            if (nested != null) cmd = nested["path"];
            var from = nested ?? s;
            if (cmd is DocScalar cs && !cs.IsNull) entry.Command = cs.Value;
            else if (cmd != null && !(cmd is DocScalar)) entry.Problems.Add("command must be a string, found " + Describe(cmd));
            var args = from["args"];
            if (args is DocList al)
            {
                foreach (var a in al.Items)
                {
                    if (a is DocScalar sa && !sa.IsNull) entry.Args.Add(sa.Value);
                    else entry.Problems.Add("args must hold strings only, found " + Describe(a) + " at " + a.Location);
                }
            }
            else if (args is DocScalar one && !one.IsNull)
            {
                // lib/client/mcp/config/config.go MCPServer.Args is []string, and the clients pass args as an array: a string is no argument list.
                entry.ArgsText = one.Value;
                entry.Problems.Add("\"args\" is the string '" + one.Value + "', not an array of strings: tsh mcp config and the clients need a list, one word per element");
            }
            else if (args != null && !(args is DocScalar n && n.IsNull)) entry.Problems.Add("args must be a list of strings, found " + Describe(args));
            if (from["env"] is DocMap em)
                foreach (var ev in em.Entries)
                    entry.Env[ev.Key] = ev.Value.AsString();
            entry.Type = s["type"]?.AsString();
            if (s["url"] is DocScalar url && !url.IsNull) entry.Url = url.Value;
            if (s["tools"] is DocList tools) entry.Tools = tools.Items.Select(t => t is DocScalar ts && !ts.IsNull ? ts.Value ?? "" : Describe(t)).ToList();
            else if (s["tools"] is DocNode other && !(other is DocScalar tn && tn.IsNull)) entry.Tools = new List<string> { Describe(other) };
            // microsoft/vscode src/vs/workbench/contrib/mcp/common/mcpTypes.ts McpServerTransportStdio.envFile.
            // cursor.com/docs/mcp: Cursor's stdio servers have an envFile too ("Path to an environment file to load more variables").
            if ((Platform.ClientPaths.IsVsCodeShape(file.Candidate.Shape) || file.Candidate.Client == Platform.ClientNames.Cursor)
                && s["envFile"] is DocScalar ef && !ef.IsNull) entry.EnvFile = ef.Value;
            // Zed: "enabled", default true (crates/settings/src/settings_content/project.rs ContextServerSettingsContent); it has no "disabled".
            entry.Disabled = zed ? s["enabled"] is DocScalar en && !en.IsQuoted && en.Value == "false" : (s["disabled"] as DocScalar)?.AsBool() == true;
            // Zed: "remote", default false: "Whether to run the context server on the remote server when using remote development" (same file).
            entry.Remote = zed && s["remote"] is DocScalar rm && !rm.IsQuoted && rm.Value == "true";
        }

        /// <summary>The error code of a file in an encoding its client does not decode (<see cref="Utf8OnlyRefusal"/>).</summary>
        internal const string EncodingErrorCode = "UnreadableEncoding";

        /// <summary>
        /// What a client that decodes its files as UTF-8 only does with a UTF-16 or UTF-32 file (one Windows PowerShell 5.1's
        /// Out-File and > write), which decodes here; null for a client whose reader's decoding was not measured.
        /// </summary>
        private static string? Utf8OnlyRefusal(ClientConfigCandidate candidate)
        {
            // Measured, runtime.node 1.0.78, 1.0.92, 1.0.102.
            if (candidate.Client == ClientNames.CopilotCli)
                return "Copilot CLI reads only UTF-8" + (candidate.Scope == ConfigScope.User ? "" : ": it skips the file (\"stream did not contain valid UTF-8\")");
            if (candidate.Client != ClientNames.VSCode) return null;
            // microsoft/vscode @5b590f71 mcpResourceScannerService.ts and the settings model read fileService.readFile(...).value.toString(),
            // and VSBuffer.toString (src/vs/base/common/buffer.ts @d7b86448) is Buffer.toString() or new TextDecoder().decode: UTF-8.
            // The BOM's bytes become U+FFFD and every other byte a NUL (measured, Node 20, both decoders).
            return candidate.Shape == ConfigShape.VsCodeSettings
                // ConfigurationModelParser.doParseContent keeps what json.visit reads: the keys come with NULs between their
                // letters ("\0m\0c\0p\0"), so there is no "mcp" setting (measured with json.ts).
                ? "VS Code reads only UTF-8: it reads this file's keys with a NUL between letters, finds no \"mcp\" setting, and so none of its servers"
                // json.ts parse reports an error at the first U+FFFD, and the scanner takes no server of a file with an error.
                : "VS Code reads only UTF-8: its JSON parser fails at the byte order mark, and VS Code reads none of this file's servers";
        }

        /// <summary>"UTF-16 (little-endian)": what a byte order mark named, for a message.</summary>
        private static string EncodingName(System.Text.Encoding? e) =>
            e == null ? "UTF-8" : (e is System.Text.UTF32Encoding ? "UTF-32" : e is System.Text.UnicodeEncoding ? "UTF-16" : e.WebName)
            + (e is System.Text.UTF32Encoding || e is System.Text.UnicodeEncoding ? (e.WebName.EndsWith("BE", StringComparison.OrdinalIgnoreCase) ? " (big-endian)" : " (little-endian)") : "");

        /// <summary>The error code of a file that cannot be read.</summary>
        internal const string ReadErrorCode = "FileReadError";

        /// <summary>The error code of a file that parses but whose layout the client cannot use (not an object, a server map that is not one).</summary>
        internal const string InvalidConfigCode = "InvalidClientConfig";

        /// <summary>Valid JSON of the wrong shape: where it is, with the line's text.</summary>
        private static TeleportInputException Unusable(McpConfigFile file, string message, SourceLocation? at) =>
            new TeleportInputException(InvalidConfigCode, message, at ?? new SourceLocation(file.Path, 0, 0))
            {
                LineText = at != null && at.Line > 0 && file.Text != null ? SourceText.LineAt(file.Text, at.Line) : null,
            };

        private static string Describe(DocNode n) =>
            n is DocMap ? "an object" : n is DocList ? "a list" : n is DocScalar s && s.IsNull ? "null" : "'" + n?.AsString() + "'";
    }
}
