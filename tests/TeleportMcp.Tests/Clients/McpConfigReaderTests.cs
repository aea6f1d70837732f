using System;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    public class McpConfigReaderTests
    {
        private static McpConfigFile Read(string dataName, ConfigShape shape, string client = "Other")
        {
            var c = new ClientConfigCandidate { Client = client, Scope = ConfigScope.File, Path = dataName, Shape = shape };
            return McpConfigReader.ReadText(c, FakeRunner.Data(dataName));
        }

        [Theory]
        [InlineData("claude_desktop_config.json", ConfigShape.McpServers, "teleport-mcp-files,filesystem", "mcpServers")]
        [InlineData("cursor-mcp.json", ConfigShape.McpServers, "teleport-mcp-github,files-via-cmd", "mcpServers")] // comments + trailing commas
        [InlineData("vscode-mcp.json", ConfigShape.VsCodeServers, "teleport-mcp-files,teleport-mcp-github", "servers")]
        [InlineData("vscode-settings.json", ConfigShape.VsCodeSettings, "teleport-mcp-files", "mcp.servers")]
        [InlineData("claude.json", ConfigShape.ClaudeCodeUser, "teleport-mcp-files,files", "mcpServers")]
        [InlineData("project-mcp.json", ConfigShape.McpServers, "teleport-mcp-github", "mcpServers")]
        [InlineData("windsurf-mcp_config.json", ConfigShape.McpServers, "teleport-mcp-files,remote", "mcpServers")]
        [InlineData("zed-settings.json", ConfigShape.ZedSettings, "teleport-mcp-files,teleport-mcp-github,teleport-mcp-grafana,teleport-mcp-jira,postgres", "context_servers")] // JSONC
        public void Reads_every_shape(string file, ConfigShape shape, string names, string firstKey)
        {
            var f = Read(file, shape);
            Assert.Null(f.Error);
            Assert.Equal(names, string.Join(",", f.Entries.Select(e => e.Name)));
            Assert.Equal(firstKey, f.Entries[0].ServersKey);
            Assert.True(f.Entries[0].Location.Line > 1);
        }

        [Fact]
        public void Claude_code_local_scope_is_read_from_projects()
        {
            var f = Read("claude.json", ConfigShape.ClaudeCodeUser);
            var local = f.Entries.Single(e => e.Name == "files");
            Assert.Equal("projects[\"/home/alice/src/api\"].mcpServers", local.ServersKey);
            Assert.Equal("tsh mcp connect files", local.Command);
        }

        [Theory]
        [InlineData("{\"mcpServers\":{}}", false, "")]
        [InlineData("\uFEFF{\"mcpServers\":{}}", true, "")]
        [InlineData("// c\n{\"mcpServers\":{\"a\":{\"args\":[\"x\",]},/* d */}}", false, "a // comment@1:1|a trailing comma@2:32|a trailing comma@2:35|a /* comment */@2:36")]
        [InlineData("\uFEFF{\"mcpServers\":{\"a\":{\"args\":[\"x\"],},}}", true, "a trailing comma@1:33|a trailing comma@1:35")]
        public void The_reader_keeps_the_bom_comments_and_trailing_commas_it_allowed(string text, bool bom, string extensions)
        {
            var c = new ClientConfigCandidate { Client = "Other", Scope = ConfigScope.File, Path = "f.json", Shape = ConfigShape.McpServers };
            var f = McpConfigReader.ReadText(c, text);
            Assert.Null(f.Error);
            Assert.Equal(bom, f.ByteOrderMark);
            Assert.False(f.Text.StartsWith("\uFEFF", System.StringComparison.Ordinal)); // columns on line 1 are the editor's
            Assert.Equal(extensions, string.Join("|", f.Extensions.Select(x => x.What + "@" + x.Location.Line + ":" + x.Location.Column)));
        }

        [Theory]
        [InlineData("broken-missing-comma.json", 5, 7, "expected")]
        [InlineData("broken-unterminated.json", 4, 1, "end of input")]
        [InlineData("broken-empty.json", 1, 1, "empty")]
        public void Broken_files_report_line_and_column(string file, int line, int column, string words)
        {
            var f = Read(file, ConfigShape.McpServers);
            Assert.NotNull(f.Error);
            Assert.Equal(file, f.Error.Location.Path);
            Assert.Equal(line, f.Error.Location.Line);
            Assert.Equal(column, f.Error.Location.Column);
            Assert.Contains(words, f.Error.Detail, StringComparison.Ordinal);
        }

        [Fact]
        public void Wrong_shapes_become_entry_problems()
        {
            var f = Read("broken-shape.json", ConfigShape.McpServers);
            Assert.Null(f.Error);
            var files = f.Entries.Single(e => e.Name == "teleport-mcp-files");
            Assert.Contains(files.Problems, p => p.Contains("\"args\" is the string 'mcp connect files', not an array of strings"));
            Assert.Equal("mcp connect files", files.ArgsText);
            Assert.Contains(f.Entries.Single(e => e.Name == "x").Problems, p => p.Contains("must be an object"));
        }

        [Fact]
        public void Vs_code_file_with_mcpServers_key_is_flagged()
        {
            var f = Read("vscode-wrong-key.json", ConfigShape.VsCodeServers);
            Assert.Empty(f.Entries);
            Assert.Equal("mcpServers", Assert.Single(f.MisplacedKeys).Key);
        }

        // zed-industries/zed: the flat ContextServerCommand (crates/settings/src/settings_content/project.rs), the nested
        // {"command": {"path", "args", "env"}} that crates/migrator m_2025_06_27 flattens at load, and "enabled" (default true).
        [Theory]
        [InlineData(ConfigShape.ZedSettings, "teleport-mcp-files", "/usr/bin/tsh mcp connect files", "TELEPORT_HOME=/home/alice/.tsh", false)]
        [InlineData(ConfigShape.ZedSettings, "teleport-mcp-github", "/usr/bin/tsh mcp connect github", "TSH_DEBUG=false", false)]
        [InlineData(ConfigShape.ZedSettings, "teleport-mcp-grafana", "/usr/bin/tsh mcp connect grafana", "", true)]
        [InlineData(ConfigShape.ZedSettings, "teleport-mcp-jira", "/usr/bin/tsh mcp connect jira", "", false)] // Zed has no "disabled"
        [InlineData(ConfigShape.ZedSettings, "postgres", null, "", false)]                                      // an extension's server runs no command
        [InlineData(ConfigShape.Auto, "teleport-mcp-github", "/usr/bin/tsh mcp connect github", "TSH_DEBUG=false", false)]
        public void Zed_entries_are_read_flat_or_nested_with_enabled(ConfigShape shape, string name, string commandLine, string env, bool disabled)
        {
            var e = Read("zed-settings.json", shape, "Zed").Entries.Single(x => x.Name == name);
            Assert.Empty(e.Problems);
            Assert.Equal(commandLine, e.CommandLine);
            Assert.Equal(env, string.Join(";", e.Env.Select(kv => kv.Key + "=" + kv.Value)));
            Assert.Equal(disabled, e.Disabled);
        }

        [Fact]
        public void Zed_settings_with_mcpServers_pasted_as_printed_by_tsh_is_flagged()
        {
            var c = new ClientConfigCandidate { Client = "Zed", Scope = ConfigScope.User, Path = "settings.json", Shape = ConfigShape.ZedSettings };
            var f = McpConfigReader.ReadText(c, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}");
            Assert.Empty(f.Entries);
            Assert.Equal("mcpServers", Assert.Single(f.MisplacedKeys).Key);
        }

        private const string Tsh = "{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}";
        private const string Top = "\"context_servers\":{\"teleport-mcp-files\":" + Tsh + "}";
        private static string Under(string key) => "\"" + key + "\":{" + Top + "}";

        // Zed merges the user file's top level, its release channel's key, its OS's key, then the selected profile's settings, a
        // later server of the same name replacing an earlier one whole, and a profile based on "default" leaving out the first three
        // (zed-industries/zed crates/settings/src/settings_store.rs recompute_values; crates/settings_content/src/settings_content.rs
        // UserSettingsContent, SettingsProfile, ProfileBase at 004920a2; crates/migrator m_2026_04_02 wrap_profile_settings at
        // c15aad2b; crates/settings_macros MergeFrom of an enum copies it). Rows: system, scope, file body, servers key, use, note.
        [Theory]
        [InlineData(OsKind.Linux, ConfigScope.User, Top, "context_servers", EntryUse.Used, null)]                                        // the top level, every system
        [InlineData(OsKind.Linux, ConfigScope.User, "\"linux\":{" + Top + "}", "linux.context_servers", EntryUse.Used, null)]           // for_os: env::consts::OS "linux"
        [InlineData(OsKind.MacOS, ConfigScope.User, "\"macos\":{" + Top + "}", "macos.context_servers", EntryUse.Used, null)]           // for_os: "macos"
        [InlineData(OsKind.Windows, ConfigScope.User, "\"windows\":{" + Top + "}", "windows.context_servers", EntryUse.Used, null)]     // for_os: "windows"
        [InlineData(OsKind.Windows, ConfigScope.User, "\"linux\":{" + Top + "}", "linux.context_servers", EntryUse.NotUsed, "Zed uses it only on Linux, and this check is for Windows")]
        [InlineData(OsKind.Linux, ConfigScope.User, "\"macos\":{" + Top + "}", "macos.context_servers", EntryUse.NotUsed, "Zed uses it only on macOS, and this check is for Linux")]
        [InlineData(OsKind.Linux, ConfigScope.User, Top + ",\"linux\":{" + Top + "}", "context_servers", EntryUse.NotUsed, "replaced by the server of the same name under \"linux\"")] // OS after the top level
        [InlineData(OsKind.Windows, ConfigScope.User, Top + ",\"linux\":{" + Top + "}", "context_servers", EntryUse.Used, null)]       // another OS's key replaces nothing
        [InlineData(OsKind.Linux, ConfigScope.User, "\"preview\":{" + Top + "}", "preview.context_servers", EntryUse.Depends, "only Zed Preview uses it")] // for_release_channel: RELEASE_CHANNEL, built in
        [InlineData(OsKind.Linux, ConfigScope.User, "\"stable\":{" + Top + "}", "stable.context_servers", EntryUse.Depends, "only Zed (stable) uses it")]
        [InlineData(OsKind.Linux, ConfigScope.User, Top + ",\"nightly\":{" + Top + "}", "context_servers", EntryUse.Depends, "unless it runs as the release channel of \"nightly\"")] // channel after the top level
        [InlineData(OsKind.Linux, ConfigScope.User, "\"dev\":{" + Top + "},\"linux\":{" + Top + "}", "dev.context_servers", EntryUse.NotUsed, "replaced by the server of the same name under \"linux\"")] // OS after the channel
        [InlineData(OsKind.Linux, ConfigScope.User, "\"profiles\":{\"work\":{" + Top + "}}", "profiles[\"work\"].context_servers", EntryUse.Depends, "only while the settings profile 'work' is selected")] // ActiveSettingsProfileName: set by the selector only
        [InlineData(OsKind.Linux, ConfigScope.Project, "\"linux\":{" + Top + "}", "linux.context_servers", EntryUse.NotUsed, "read as project settings")] // .zed/settings.json: ProjectSettingsContent
        // for_profile comes last: the selected profile's server of the same name replaces the top level's, the channel's and the OS key's.
        [InlineData(OsKind.Linux, ConfigScope.User, Top + ",\"profiles\":{\"work\":{" + Top + "}}", "context_servers", EntryUse.Depends, "Zed uses it unless the settings profile 'work' is selected")]
        [InlineData(OsKind.Linux, ConfigScope.User, "\"linux\":{" + Top + "},\"profiles\":{\"work\":{" + Top + "}}", "linux.context_servers", EntryUse.Depends, "unless the settings profile 'work' is selected")]
        [InlineData(OsKind.Linux, ConfigScope.User, "\"stable\":{" + Top + "},\"profiles\":{\"work\":{" + Top + "}}", "stable.context_servers", EntryUse.Depends, "only Zed (stable) uses it; which Zed release channel runs here is not known to this check; and even then Zed uses it unless the settings profile 'work' is selected")]
        // Only the top level comes before the channel's key: the OS key's server is read after the channel's, so no channel replaces it.
        [InlineData(OsKind.Linux, ConfigScope.User, "\"nightly\":{" + Top + "},\"linux\":{" + Top + "}", "linux.context_servers", EntryUse.Used, null)]
        // settings_content.rs SettingsProfile {base, settings}: the servers of a profile are under its "settings".
        [InlineData(OsKind.Linux, ConfigScope.User, "\"profiles\":{\"work\":{\"settings\":{" + Top + "}}}", "profiles[\"work\"].settings.context_servers", EntryUse.Depends, "only while the settings profile 'work' is selected")]
        [InlineData(OsKind.Linux, ConfigScope.User, "\"profiles\":{\"work\":{\"base\":\"user\",\"settings\":{" + Top + "}}}", "profiles[\"work\"].settings.context_servers", EntryUse.Depends, "only while the settings profile 'work' is selected")]
        [InlineData(OsKind.Linux, ConfigScope.User, Top + ",\"profiles\":{\"work\":{\"settings\":{" + Top + "}}}", "context_servers", EntryUse.Depends, "Zed uses it unless the settings profile 'work' is selected (whose server of the same name replaces it whole)")]
        [InlineData(OsKind.Linux, ConfigScope.User, Top + ",\"profiles\":{\"work\":{\"settings\":{}}}", "context_servers", EntryUse.Used, null)] // a profile without that server changes nothing
        // recompute_values: a selected profile whose base is "default" leaves out the top level, the channel's and the OS key's settings.
        [InlineData(OsKind.Linux, ConfigScope.User, Top + ",\"profiles\":{\"clean\":{\"base\":\"default\"}}", "context_servers", EntryUse.Depends, "unless the settings profile 'clean' is selected (whose base \"default\" leaves out the rest of this file)")]
        [InlineData(OsKind.Linux, ConfigScope.User, "\"linux\":{" + Top + "},\"profiles\":{\"clean\":{\"base\":\"default\",\"settings\":{}}}", "linux.context_servers", EntryUse.Depends, "unless the settings profile 'clean' is selected (whose base \"default\"")]
        [InlineData(OsKind.Linux, ConfigScope.User, "\"profiles\":{\"clean\":{\"base\":\"default\",\"settings\":{" + Top + "}}}", "profiles[\"clean\"].settings.context_servers", EntryUse.Depends, "only while the settings profile 'clean' is selected")]
        // ProfileBase has the values user and default only.
        [InlineData(OsKind.Linux, ConfigScope.User, "\"profiles\":{\"work\":{\"base\":\"empty\",\"settings\":{" + Top + "}}}", "profiles[\"work\"].settings.context_servers", EntryUse.Depends, "its \"base\" is 'empty', neither \"user\" nor \"default\"")]
        // m_2026_04_02 wrap_profile_settings wraps only a profile with neither "settings" nor "base": servers beside them are not read.
        [InlineData(OsKind.Linux, ConfigScope.User, "\"profiles\":{\"work\":{\"base\":\"user\"," + Top + "}}", "profiles[\"work\"].context_servers", EntryUse.NotUsed, "Zed reads a profile's servers only under its \"settings\"")]
        [InlineData(OsKind.Linux, ConfigScope.Project, "\"profiles\":{\"work\":{\"settings\":{" + Top + "}}}", "profiles[\"work\"].settings.context_servers", EntryUse.NotUsed, "read as project settings")]
        public void Zed_reads_the_os_channel_and_profile_keys_as_zed_merges_them(OsKind os, ConfigScope scope, string body, string key, EntryUse use, string note)
        {
            var c = new ClientConfigCandidate { Client = "Zed", Scope = scope, Path = "settings.json", Shape = ConfigShape.ZedSettings };
            var f = McpConfigReader.ReadText(c, "{" + body + "}", os);
            Assert.Null(f.Error);
            var e = f.Entries.Single(x => x.ServersKey == key);
            Assert.Equal("/usr/bin/tsh mcp connect files", e.CommandLine);
            Assert.Equal(use, e.Use);
            if (note == null) Assert.Null(e.UseNote);
            else Assert.Contains(note, e.UseNote, StringComparison.Ordinal);
        }

        [Fact]
        public void Zed_keys_of_no_os_or_channel_hold_no_servers_zed_reads()
        {
            // UserSettingsContent has the keys dev, nightly, preview, stable, macos, windows, linux and profiles only.
            var c = new ClientConfigCandidate { Client = "Zed", Scope = ConfigScope.User, Path = "settings.json", Shape = ConfigShape.ZedSettings };
            Assert.Empty(McpConfigReader.ReadText(c, "{" + Under("freebsd") + "," + Under("beta") + "}", OsKind.Linux).Entries);
        }

        // microsoft/vscode src/vs/platform/mcp/common/mcpResourceScannerService.ts @20ba3e6c withProfileMcpServers (target WORKSPACE):
        // result.settings?.mcp read as a folder's mcp.json, plain properties (measured: the scanner's code on json.ts, Node 20).
        // 1.99 to 1.101 read "settings" as settings (WorkspaceConfigurationModelParser, toValuesTree: dotted keys merged), so a
        // dotted key's servers are read too, as D (McpConfigReader.VsCodeWorkspaceDottedServers); before they were misplaced keys.
        [Theory]
        [InlineData("{\"folders\":[{\"path\":\".\"}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}}}}", "teleport-mcp-files@settings.mcp.servers", "")]
        [InlineData("{\"settings\":{\"mcp.servers\":{\"teleport-mcp-files\":" + Tsh + "}}}", "teleport-mcp-files@D", "")] // a dotted key: one setting to the settings model, not read by the scanner
        [InlineData("{\"settings\":{\"mcp.servers.teleport-mcp-files\":" + Tsh + "}}", "teleport-mcp-files@D", "")]
        // The dotted key replaces the nested map for 1.99 to 1.101: "other" is theirs, "teleport-mcp-files" the scanner's.
        [InlineData("{\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}},\"mcp.servers\":{\"other\":" + Tsh + "}}}", "teleport-mcp-files@settings.mcp.servers,other@D", "")]
        // A dotted key for one server beside the nested map: merged, so only the new one is read again.
        [InlineData("{\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}},\"mcp.servers.other\":" + Tsh + "}}", "teleport-mcp-files@settings.mcp.servers,other@D", "")]
        [InlineData("{\"__proto__\":{\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}}}}}", "teleport-mcp-files@settings.mcp.servers", "")] // read through the prototype
        [InlineData("{\"settings\":{\"__proto__\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}}}}}", "teleport-mcp-files@settings.mcp.servers", "")]
        [InlineData("{\"settings\":{\"mcp.servers.\\u001b[2J\":" + Tsh + "}}", "\u001b[2J@D", "")]
        // VsCodeSettingsTree ignores a dotted key through a string: no server for either reading, still a misplaced key.
        [InlineData("{\"settings\":{\"mcp\":\"x\",\"mcp.servers.t\":" + Tsh + "}}", "", "settings[\"mcp.servers.t\"]")]
        [InlineData("{\"settings\":{\"mcp\":\"x\"}}", "", "")]                                                             // "x".servers is undefined: no servers, no error
        [InlineData("{\"mcp\":{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}}}", "", "mcp.servers")]                   // outside "settings": not read
        [InlineData("{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}}", "", "servers")]                                   // mcp.json's layout pasted
        public void A_vs_code_workspace_file_holds_its_servers_in_its_settings(string text, string entries, string misplaced)
        {
            var c = new ClientConfigCandidate { Client = "VS Code", Scope = ConfigScope.Project, Path = "api.code-workspace", Shape = ConfigShape.VsCodeWorkspace };
            var f = McpConfigReader.ReadText(c, text, OsKind.Linux);
            Assert.Null(f.Error);
            Assert.Equal(entries, string.Join(",", f.Entries.Select(e => e.Name + "@" + (e.ServersKey == McpConfigReader.VsCodeWorkspaceDottedServers ? "D" : e.ServersKey))));
            Assert.Equal(misplaced, string.Join(",", f.MisplacedKeys.Select(k => k.Key)));
        }

        [Fact]
        public void Auto_shape_reads_every_layout() =>
            Assert.Single(Read("vscode-settings.json", ConfigShape.Auto).Entries);
    }
}
