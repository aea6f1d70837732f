using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.FileSystem;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Module;
using TeleportMcp.Tests.Platform;
using TeleportMcp.Tests.Resources;
using Xunit;

namespace TeleportMcp.Tests.Rules
{
    /// <summary>Rules that lived in the cmdlets and are the engine's now (issue 10): each decided once, tested without a runspace.</summary>
    public sealed class EngineRuleTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-rules-" + Guid.NewGuid().ToString("N"));
        private static readonly string AuditLog = Path.Combine(RepoPaths.Root, "examples", "audit", "events-2025-09-30.log");
        private const string DeniedLine = "2025-09-30T10:00:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[user: unknown user ghost] app/connections_handler.go:315";

        public EngineRuleTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); }
            catch (IOException) { }
        }

        private static List<string> Ids(IEnumerable<Finding> found) => found.Select(f => f.Id + "@" + f.LineNumber).ToList();

        /// <summary>Lines piped in go through the same scan as a file: log failures and failed MCP audit events alike.</summary>
        [Fact]
        public void PipedLinesAndTheFileGiveTheSameFindings()
        {
            string path = Path.Combine(_dir, "mixed.log");
            var lines = new List<string> { DeniedLine };
            lines.AddRange(File.ReadLines(AuditLog).Take(40));
            File.WriteAllLines(path, lines);

            var fromFile = new List<Finding>();
            long read = LogFiles.Scan(KnownErrorCatalog.Embedded, new[] { path }, fromFile.Add, f => throw f.Error, CancellationToken.None);
            var fromPipe = new List<Finding>();
            var pipe = new LogLines(KnownErrorCatalog.Embedded, SourceLocation.Pipeline, fromPipe.Add);
            // One multi-line string (Get-Content -Raw) and single lines give the same lines.
            pipe.FeedText(string.Join("\n", lines.Take(5)) + "\n");
            foreach (var l in lines.Skip(5)) pipe.FeedText(l);
            pipe.Flush();

            Assert.Equal(lines.Count, read);
            Assert.Equal(lines.Count, pipe.LineCount);
            Assert.Equal(Ids(fromFile), Ids(fromPipe));
            Assert.Contains(fromPipe, f => f.Id.StartsWith("TMCP-AUDIT-", StringComparison.Ordinal));
            Assert.Contains(fromPipe, f => f.Id.StartsWith("TMCP-LOG-", StringComparison.Ordinal));
            Assert.All(fromPipe, f => Assert.Equal(SourceLocation.Pipeline, f.Source));
        }

        /// <summary>Find-TeleportMcpError without -Path: each existing client log folder searched, each missing one said, a warning when none exists.</summary>
        [Fact]
        public void ClientLogFoldersAreSearchedWithAWarningWhenNoneExists()
        {
            string logs = Path.Combine(_dir, ".config", "Claude", "logs");
            Directory.CreateDirectory(logs);
            File.WriteAllText(Path.Combine(logs, "mcp-server-files.log"), DeniedLine + "\n");
            File.WriteAllText(Path.Combine(logs, "main.log"), DeniedLine + "\n");
            var here = new FakeEnv(OsKind.Linux, _dir, _dir).Dir(logs);
            var scanned = new List<string>();
            var verbose = new List<string>();
            var warnings = new List<string>();
            int existing = LogFiles.ScanClientFolders(here, scanned.AddRange, verbose.Add, warnings.Add);
            Assert.Equal(1, existing);
            Assert.Equal(new[] { Path.Combine(logs, "mcp-server-files.log") }, scanned);
            Assert.Contains("Searching Claude Desktop log folder " + logs + " (not confirmed (unofficial Linux builds)): 1 MCP log file(s)", verbose);
            Assert.Contains(verbose, v => v.StartsWith("Not found: Cursor log folder ", StringComparison.Ordinal));
            Assert.Empty(warnings);

            var nowhere = new FakeEnv(OsKind.Linux, Path.Combine(_dir, "nobody"), _dir);
            scanned.Clear();
            Assert.Equal(0, LogFiles.ScanClientFolders(nowhere, scanned.AddRange, _ => { }, warnings.Add));
            Assert.Empty(scanned);
            var warning = Assert.Single(warnings);
            Assert.StartsWith("No MCP client log folder was found on this machine. Searched: Claude Desktop: ", warning, StringComparison.Ordinal);
            Assert.Contains("-Path", warning, StringComparison.Ordinal);
        }

        /// <summary>
        /// A client log folder that exists but holds no MCP log file (an empty ~/.claude/debug, a Claude Desktop folder with
        /// only main.log) gave nothing to read: a warning says no log was examined and names it; one folder with a log is enough.
        /// </summary>
        [Fact]
        public void ClientLogFoldersWithoutAnMcpLogFileWarnThatNothingWasExamined()
        {
            string debug = Path.Combine(_dir, ".claude", "debug");
            Directory.CreateDirectory(debug);
            var here = new FakeEnv(OsKind.Linux, _dir, _dir).Dir(debug);
            var scanned = new List<string>();
            var warnings = new List<string>();
            Assert.Equal(1, LogFiles.ScanClientFolders(here, scanned.AddRange, _ => { }, warnings.Add));
            Assert.Empty(scanned);
            var warning = Assert.Single(warnings);
            Assert.StartsWith("No MCP client log file was found on this machine, so no log was examined. Found without an MCP log file: " +
                              "Claude Code (debug): " + debug + " (*.txt). Not found: Claude Desktop: ", warning, StringComparison.Ordinal);
            Assert.EndsWith(". Give log files with -Path, or pipe lines in (journalctl -u teleport | Find-TeleportMcpError).", warning, StringComparison.Ordinal);

            // A second folder holding only a file that is not an MCP log: both named, still nothing examined.
            string logs = Path.Combine(_dir, ".config", "Claude", "logs");
            Directory.CreateDirectory(logs);
            File.WriteAllText(Path.Combine(logs, "main.log"), DeniedLine + "\n");
            here.Dir(logs);
            warnings.Clear();
            Assert.Equal(2, LogFiles.ScanClientFolders(here, scanned.AddRange, _ => { }, warnings.Add));
            Assert.Empty(scanned);
            warning = Assert.Single(warnings);
            Assert.Contains("Found without an MCP log file: Claude Desktop: " + logs + " (mcp*.log); Claude Code (debug): " + debug + " (*.txt). Not found: ", warning, StringComparison.Ordinal);

            // One MCP log in either folder: it is read, and no warning.
            File.WriteAllText(Path.Combine(debug, "session.txt"), DeniedLine + "\n");
            warnings.Clear();
            LogFiles.ScanClientFolders(here, scanned.AddRange, _ => { }, warnings.Add);
            Assert.Equal(new[] { Path.Combine(debug, "session.txt") }, scanned);
            Assert.Empty(warnings);
        }

        /// <summary>
        /// Claude Code's debug folder is never pruned (anthropics/claude-code #28235): only its newest files are searched,
        /// newest first, and a warning says how many older ones were left out, since when, and how to search them.
        /// </summary>
        [Fact]
        public void ClaudeCodeDebugFolderIsSearchedNewestFilesFirstAndSaysWhatItSkipped()
        {
            string debug = Path.Combine(_dir, ".claude", "debug");
            Directory.CreateDirectory(debug);
            var start = new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc);
            int count = ClientLogLocations.ClaudeDebugNewestFiles + 5;
            var byAge = new List<string>();
            for (int i = 0; i < count; i++)
            {
                string file = Path.Combine(debug, "session-" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + ".txt");
                File.WriteAllText(file, DeniedLine + "\n");
                File.SetLastWriteTimeUtc(file, start.AddMinutes(i));
                byAge.Insert(0, file);
            }
            File.WriteAllText(Path.Combine(debug, "notes.md"), "not a debug log\n");
            var here = new FakeEnv(OsKind.Linux, _dir, _dir).Dir(debug);
            var scanned = new List<string>();
            var warnings = new List<string>();
            Assert.Equal(1, LogFiles.ScanClientFolders(here, scanned.AddRange, _ => { }, warnings.Add));
            Assert.Equal(byAge.Take(ClientLogLocations.ClaudeDebugNewestFiles), scanned);
            var warning = Assert.Single(warnings);
            Assert.Equal("Claude Code (debug) log folder " + debug + ": searched the newest 20 of 25 files; the 5 older ones (last changed " +
                         "2026-03-01 10:04:00Z and before) were not searched. To search them, give the folder: Find-TeleportMcpError -LiteralPath " +
                         ShellWord.PowerShell(debug) + ".", warning);

            // Fewer files than the bound: every one, and no warning.
            foreach (var old in byAge.Skip(3)) File.Delete(old);
            scanned.Clear();
            warnings.Clear();
            LogFiles.ScanClientFolders(here, scanned.AddRange, _ => { }, warnings.Add);
            Assert.Equal(byAge.Take(3), scanned);
            Assert.Empty(warnings);
        }

        /// <summary>
        /// CLAUDE_CODE_DEBUG_LOGS_DIR is the file Claude Code writes its debug log to (utils/debug.ts getDebugLogPath), whatever
        /// its name: that file is searched, and only it (not its folder's other logs).
        /// </summary>
        [Fact]
        public void ClaudeCodeDebugLogsDirNamesTheLogFileItself()
        {
            string logs = Path.Combine(_dir, "logs");
            Directory.CreateDirectory(logs);
            string file = Path.Combine(logs, "claude-debug");
            File.WriteAllText(file, DeniedLine + "\n");
            File.WriteAllText(Path.Combine(logs, "other.txt"), DeniedLine + "\n");
            var here = new FakeEnv(OsKind.Linux, Path.Combine(_dir, "home"), _dir).Dir(logs);
            here.Vars["CLAUDE_CODE_DEBUG_LOGS_DIR"] = file;
            var scanned = new List<string>();
            var warnings = new List<string>();
            Assert.Equal(1, LogFiles.ScanClientFolders(here, scanned.AddRange, _ => { }, warnings.Add));
            Assert.Equal(new[] { file }, scanned);
            Assert.Empty(warnings);
        }

        /// <summary>The byte bound counts after the newest file, which is always read: a folder with files never reads none.</summary>
        [Fact]
        public void BoundedClientFolderReadsTheNewestFileHoweverLarge()
        {
            string debug = Path.Combine(_dir, "debug");
            Directory.CreateDirectory(debug);
            var start = new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc);
            string[] names = { "a.txt", "b.txt", "c.txt", "d.txt" };
            int[] sizes = { 10, 40, 40, 400 };
            for (int i = 0; i < names.Length; i++)
            {
                string file = Path.Combine(debug, names[i]);
                File.WriteAllText(file, new string('x', sizes[i]));
                File.SetLastWriteTimeUtc(file, start.AddMinutes(-i));
            }
            var folder = new ClientLogFolder { Client = "Claude Code (debug)", Path = debug, Patterns = new[] { "*.txt" }, NewestFiles = 10, NewestBytes = 60 };
            var files = ClientLogLocations.Files(folder);
            Assert.Equal(new[] { Path.Combine(debug, "a.txt"), Path.Combine(debug, "b.txt") }, files.Files);
            Assert.Equal(2, files.Skipped);
            Assert.Equal(start.AddMinutes(-2), files.SkippedSince);

            folder.NewestBytes = 5;
            files = ClientLogLocations.Files(folder);
            Assert.Equal(new[] { Path.Combine(debug, "a.txt") }, files.Files);
            Assert.Equal(3, files.Skipped);
        }

        /// <summary>Which files of a folder are client configurations: one rule for Test-TeleportMcpClient and the diagnosis.</summary>
        [Theory]
        [InlineData("/home/a/.cursor/mcp.json", true)]
        [InlineData("/home/a/claude_desktop_config.JSON", true)]
        [InlineData("/home/a/claude[1].json", true)]
        [InlineData("/home/a/settings.json.bak", false)]
        [InlineData("/home/a/mcp.jsonc", false)]
        [InlineData("/home/a/mcp.yaml", false)]
        public void AClientConfigurationFileIsJson(string path, bool config) => Assert.Equal(config, ClientPaths.IsConfigFile(path));

        /// <summary>Each path resolved on its own: one that matched nothing is named with its parameter (the literal twin's name for a literal path).</summary>
        [Fact]
        public void APathThatMatchedNothingIsNamedWithItsParameter()
        {
            var asked = new List<(string Path, bool Literal, bool Recurse)>();
            var inputs = new PathInputs((parameter, p, literal, folders) =>
            {
                asked.Add((p, literal, folders.ReadsSubfolders));
                return p.Contains("missing", StringComparison.Ordinal) ? Array.Empty<string>() : new[] { p + "/a.json", p + "/b.txt" }.Where(folders.Includes).ToList();
            });
            var everyLevel = new FolderRule("client configuration files (.json)", readsSubfolders: true, "NoClientConfigFiles", ClientPaths.IsConfigFile);
            Assert.False(inputs.Given);
            inputs.Add("-Path", null, false, McpConfigFile.Folders);
            Assert.False(inputs.Given);
            inputs.Add("-ClientConfigPath", new[] { "/c", "/missing*" }, false, McpConfigFile.Folders);
            inputs.Add("-ClientConfigPath", new[] { "/missing[1]" }, true, everyLevel);
            Assert.True(inputs.Given);
            Assert.Equal(new[] { "/c/a.json" }, inputs.Files);
            Assert.Equal(new[] { "-ClientConfigPath /missing*", "-LiteralClientConfigPath /missing[1]" }, inputs.Unmatched);
            Assert.Equal(new[] { ("/c", false, false), ("/missing*", false, false), ("/missing[1]", true, true) }, asked);
            Assert.Equal("-LiteralPath", PathInputs.LiteralTwin("-Path"));
        }

        /// <summary>A file's User property is its owner on this computer: never a Teleport user, for -User by value or by property name.</summary>
        [Fact]
        public void AFilesUserIsItsOwner()
        {
            var file = new FileInfo(AuditLog);
            Assert.True(PipedUser.UserIsOwner(file));
            Assert.True(PipedUser.UserIsOwner(new DirectoryInfo(_dir)));
            Assert.False(PipedUser.UserIsOwner("alice"));
            Assert.False(PipedUser.UserIsOwner(null));
            var e = Assert.ThrowsAny<TeleportInputException>(() => PipedUser.NameOf(new DictionaryInput(file)));
            Assert.Equal(PipedUser.NotAUserCode, e.Code);
            Assert.Contains("its User property is its owner", e.Message, StringComparison.Ordinal);

            var run = new AppTestRun();
            Assert.False(AppTestInputs.AddBoundUsers(run, new[] { Choice.Named<User>("root") }, file));
            Assert.False(run.HasUsers);
            Assert.True(AppTestInputs.AddBoundUsers(run, new[] { Choice.Named<User>("alice") }, new { User = "alice" }));
            Assert.True(run.HasUsers);
        }

        /// <summary>Piped user names are names: '*', '?' and '[' in them are characters; -User typed keeps its patterns.</summary>
        [Fact]
        public void PipedNamesAreNotPatterns()
        {
            var piped = new PipedUserNames();
            piped.Add("ops*", _ => throw new InvalidOperationException());
            piped.Add("a[1]", _ => throw new InvalidOperationException());
            piped.Add("ops*", _ => throw new InvalidOperationException());
            var filter = new AuditEventFilter();
            piped.SelectIn(filter);
            Assert.True(filter.UsersAreNames);
            Assert.Equal(new[] { "ops*", "a[1]" }, filter.Users);
            Assert.True(filter.Matches(new AuditEvent { User = "ops*" }));
            Assert.True(filter.Matches(new AuditEvent { User = "a[1]" }));
            Assert.False(filter.Matches(new AuditEvent { User = "ops-alice" }));
            Assert.False(filter.Matches(new AuditEvent { User = "a1" }));

            var typed = new AuditEventFilter { Users = new[] { "ops*" } };
            Assert.True(typed.Matches(new AuditEvent { User = "ops-alice" }));
            // No name piped: the filter is left as it is.
            var none = new AuditEventFilter { Users = new[] { "x*" } };
            new PipedUserNames().SelectIn(none);
            Assert.False(none.UsersAreNames);
            Assert.Equal(new[] { "x*" }, none.Users);
        }

        /// <summary>A file piped to Get-TeleportMcpAuditEvent is read, not taken as an object to parse.</summary>
        [Fact]
        public void APipedFileIsRead()
        {
            var fromFile = new List<AuditEvent>();
            var q = new AuditEventQuery(new AuditEventFilter(), fromFile.Add, CancellationToken.None);
            q.ReadFiles(new[] { AuditLog });
            var piped = new List<AuditEvent>();
            var asked = new List<string>();
            var p = new AuditEventQuery(new AuditEventFilter(), piped.Add, CancellationToken.None)
            {
                FilesOf = path => { asked.Add(path); return new[] { path }; },
                Error = e => throw e,
            };
            p.AddPiped(new DictionaryInput(new FileInfo(AuditLog)));
            p.Finish();
            Assert.Equal(new[] { new FileInfo(AuditLog).FullName }, asked);
            Assert.NotEmpty(piped);
            Assert.Equal(fromFile.Select(e => e.Time + " " + e.User + " " + e.Method + " " + e.RequestId), piped.Select(e => e.Time + " " + e.User + " " + e.Method + " " + e.RequestId));
            // By default a piped folder gives its audit files; piped files are read when the pipeline ends (oldest first).
            var folder = new List<AuditEvent>();
            var folderQuery = new AuditEventQuery(new AuditEventFilter(), folder.Add, CancellationToken.None);
            folderQuery.AddPiped(new DictionaryInput(new DirectoryInfo(Path.GetDirectoryName(AuditLog)!)));
            Assert.Empty(folder);
            folderQuery.Finish();
            Assert.Equal(fromFile.Count, folder.Count);
        }

        /// <summary>
        /// Nothing is lost (-OutFile of New-TeleportMcpRole and Invoke-TeleportMcpDiagnosis): a missing file is written, the
        /// module's own unchanged output replaced, anything else only with -Force.
        /// </summary>
        [Theory]
        [InlineData(OutFiles.CommentStyle.Hash)]
        [InlineData(OutFiles.CommentStyle.Markup)]
        public void AnExistingFileIsReplacedOnlyWhenItIsTheModulesOwnUnchangedOutput(OutFiles.CommentStyle style)
        {
            string path = Path.Combine(_dir, "out.txt");
            Assert.Null(OutFiles.Refusal(path, force: false));

            var text = OutFiles.Stamped("kind: role\nmetadata:\n  name: mcp-files\n", style);
            File.WriteAllText(path, text);
            Assert.True(OutFiles.IsOwnUnchanged(path));
            Assert.Null(OutFiles.Refusal(path, force: false));
            Assert.StartsWith("kind: role\nmetadata:\n  name: mcp-files\n" + (style == OutFiles.CommentStyle.Hash ? "# TeleportMcp sha256:" : "<!-- TeleportMcp sha256:"), text, StringComparison.Ordinal);

            // Edited after it was written: someone's change, kept.
            File.WriteAllText(path, text.Replace("mcp-files", "mcp-files-edited", StringComparison.Ordinal));
            var edited = OutFiles.Refusal(path, force: false);
            Assert.NotNull(edited);
            Assert.Equal(OutFiles.ExistsCode, edited!.Code);
            Assert.Equal(path, edited.Target);
            Assert.Null(OutFiles.Refusal(path, force: true));

            // A file the module did not write, and one that only copies a stamp line.
            File.WriteAllText(path, "mine\n");
            Assert.NotNull(OutFiles.Refusal(path, force: false));
            File.WriteAllText(path, "mine\n" + text.Split('\n').Reverse().Skip(1).First() + "\n");
            Assert.NotNull(OutFiles.Refusal(path, force: false));
            Assert.False(OutFiles.IsOwnUnchangedText(""));
        }

        /// <summary>
        /// Line endings are not content: the module's own output that an editor re-saved with CRLF (or LF from CRLF), with
        /// or without the final newline, is still its own unchanged output; a change of text is not.
        /// </summary>
        [Theory]
        [InlineData(OutFiles.CommentStyle.Hash, "\n", "\r\n", true, false)]
        [InlineData(OutFiles.CommentStyle.Markup, "\n", "\r\n", true, false)]
        [InlineData(OutFiles.CommentStyle.Hash, "\n", "\r\n", false, false)]
        [InlineData(OutFiles.CommentStyle.Markup, "\r\n", "\n", true, false)]
        [InlineData(OutFiles.CommentStyle.Hash, "\r\n", "\n", false, false)]
        [InlineData(OutFiles.CommentStyle.Markup, "\n", "\n", false, false)]
        [InlineData(OutFiles.CommentStyle.Hash, "\n", "\r", true, false)]
        [InlineData(OutFiles.CommentStyle.Hash, "\n", "\r\n", true, true)]
        [InlineData(OutFiles.CommentStyle.Markup, "\r\n", "\n", false, true)]
        public void ARewrittenLineEndingIsStillTheModulesOwnOutputButAnEditIsNot(OutFiles.CommentStyle style, string written, string saved, bool finalNewline, bool edit)
        {
            string path = Path.Combine(_dir, "report.md");
            var content = string.Join(written, "# MCP diagnosis", "", "- alice: denied", "- bob: allowed") + written;
            var text = OutFiles.Stamped(content, style);
            Assert.True(OutFiles.IsOwnUnchangedText(text));

            // As an editor saves it: every line ending replaced, the final newline kept or dropped, perhaps a word changed.
            var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
            var resaved = string.Join(saved, lines) + (finalNewline ? saved : "");
            if (edit) resaved = resaved.Replace("denied", "allowed", StringComparison.Ordinal);
            Assert.NotEqual(text, resaved);
            File.WriteAllText(path, resaved);

            Assert.Equal(!edit, OutFiles.IsOwnUnchanged(path));
            var refusal = OutFiles.Refusal(path, force: false);
            if (edit)
            {
                Assert.NotNull(refusal);
                Assert.Equal(OutFiles.ExistsCode, refusal!.Code);
                Assert.Null(OutFiles.Refusal(path, force: true));
            }
            else Assert.Null(refusal);
        }

        [Fact]
        public void OnlyLineEndingsAreNotContent()
        {
            var text = OutFiles.Stamped("kind: role\n", OutFiles.CommentStyle.Hash);
            Assert.True(OutFiles.IsOwnUnchangedText(text.Replace("\n", "\r\n", StringComparison.Ordinal)));
            // A blank line added after the content is a change of text.
            Assert.False(OutFiles.IsOwnUnchangedText(text.Replace("kind: role\n", "kind: role\n\n", StringComparison.Ordinal)));
            // A stamp split over two lines is not the stamp.
            Assert.False(OutFiles.IsOwnUnchangedText(text.Replace("sha256:", "sha256:\r\n", StringComparison.Ordinal)));
        }

        [Theory]
        [InlineData("# ", "")]
        [InlineData("<!-- ", " -->")]
        public void AStampOfTheTextAsWrittenWithCrlfIsStillOwnOutput(string open, string close)
        {
            // What a report built with CRLF line endings was stamped with before line endings were set aside: the digest of the raw text.
            const string body = "# Report\r\n\r\nline\r\n";
            string digest = string.Concat(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body)).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
            var text = body + open + "TeleportMcp sha256:" + digest + close + "\r\n";
            Assert.True(OutFiles.IsOwnUnchangedText(text));
            Assert.True(OutFiles.IsOwnUnchangedText(text.Substring(0, text.Length - 2)));
            Assert.False(OutFiles.IsOwnUnchangedText(text.Replace("line", "lime", StringComparison.Ordinal)));
            Assert.False(OutFiles.IsOwnUnchangedText(text + "\r\n"));
        }
    }
}
