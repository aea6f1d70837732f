using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// Client logs that relay the server's stderr line by line, with the texts the clients write:
    /// VS Code (microsoft/vscode src/vs/workbench/api/node/extHostMcpNode.ts, contrib/mcp/common/mcpServerConnection.ts,
    /// platform/log/common/fileLog.ts) and Claude Code's debug file (anthropics/claude-code #17653). Each row is a log
    /// (lines separated by '\n'), the path it is read from, and the findings as id@line|app|format|time, in order; a
    /// cause fragment, when given, must be in the first finding's cause.
    /// </summary>
    public class ClientRelayTests
    {
        private const string VsPath = "/home/a/.config/Code/logs/20260302T100000/window1/mcpServer.mcp.config.usrlocal.teleport-mcp-demo.log";
        private const string VsStart =
            "2026-03-02 10:00:00.100 [info] Starting server teleport-mcp-demo\n" +
            "2026-03-02 10:00:00.101 [info] Connection state: Starting\n" +
            "2026-03-02 10:00:00.140 [info] Connection state: Running\n";
        private const string ClaudeDebug = "/home/a/.claude/debug/5b0c.txt";

        private static List<Finding> Scan(string text, string path)
        {
            var found = new List<Finding>();
            var scanner = new LogScanner(KnownErrorCatalog.Embedded, path, found.Add);
            foreach (var line in text.Split('\n')) scanner.FeedLine(line);
            scanner.Flush();
            return found;
        }

        private static string Key(Finding f) =>
            f.Id + "@" + f.LineNumber + "|" + f.App + "|" + f.LogFormat + "|" + f.Time?.ToString("yyyy-MM-ddTHH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);

        [Theory]
        // tsh's fatal error with its cause a tab deeper (lib/utils/cli.go FatalError, trace's UserMessage): VS Code writes
        // each line as its own [server stderr] line; the two are one tsh record, so the cause names the failure. The exit
        // that follows (code 1) and VS Code's cancelled initialize are one finding.
        [InlineData(VsStart +
            "2026-03-02 10:00:00.900 [warning] [server stderr] ERROR: cannot relogin in non-interactive session\n" +
            "2026-03-02 10:00:00.900 [warning] [server stderr] \tssh: cert has expired\n" +
            "2026-03-02 10:00:00.950 [info] Connection state: Error Process exited with code 1\n" +
            "2026-03-02 10:00:00.951 [error] Server exited before responding to `initialize` request.",
            VsPath,
            "TMCP-LOG-190@4|demo|tsh|2026-03-02T10:00:00.900;TMCP-LOG-261@7|demo|vscode|2026-03-02T10:00:00.951",
            "failed with 'ssh: cert has expired'")]
        [InlineData(VsStart +
            "2026-03-02 10:00:00.900 [warning] [server stderr] ERROR: MCP server \"demo\" not found\n" +
            "2026-03-02 10:00:00.950 [info] Connection state: Error Process exited with code 1",
            VsPath,
            "TMCP-LOG-020@4|demo|tsh|2026-03-02T10:00:00.900;TMCP-LOG-260@5|demo|vscode|2026-03-02T10:00:00.950",
            "The app does not exist")]
        // The server ended by a signal: Node gives the exit code null.
        [InlineData(VsStart + "2026-03-02 10:00:09.000 [info] Connection state: Error Process exited with code null",
            VsPath, "TMCP-LOG-260@4|demo|vscode|2026-03-02T10:00:09.000", "exit code null")]
        // Exit code 0 before initialize: VS Code logs Stopped, then the cancelled initialize alone (bitwarden/mcp-server #92).
        [InlineData(VsStart +
            "2026-03-02 10:00:01.000 [info] Connection state: Stopped\n" +
            "2026-03-02 10:00:01.000 [error] Server exited before responding to `initialize` request.",
            VsPath, "TMCP-LOG-261@5|demo|vscode|2026-03-02T10:00:01.000", "'Stopped' is exit code 0")]
        // A plain stderr line of the server is read without VS Code's prefix; the next one joins it, not VS Code's own line.
        [InlineData(VsStart + "2026-03-02 10:00:00.300 [warning] [server stderr] /usr/bin/env: warning\n" +
            "2026-03-02 10:00:00.301 [warning] [server stderr] env: node: No such file or directory",
            VsPath, "TMCP-LOG-042@4|demo|vscode|2026-03-02T10:00:00.300", "interpreter 'node'")]
        // Spawn failures and the envFile are VS Code's own state text (extHostMcpNode.ts onError; freepik-company/freepik-mcp #10).
        [InlineData("2026-03-02 10:00:00.100 [info] Starting server teleport-mcp-demo\n" +
            "2026-03-02 10:00:00.117 [info] Connection state: Error spawn /opt/teleport/bin/tsh ENOENT",
            VsPath, "TMCP-LOG-040@2|demo|vscode|2026-03-02T10:00:00.117", "could not start '/opt/teleport/bin/tsh'")]
        [InlineData("2026-03-02 10:00:00.117 [info] Connection state: Error Failed to read envFile '/home/a/proj/.env': ENOENT: no such file or directory, open '/home/a/proj/.env'",
            VsPath, "TMCP-LOG-262@1|demo|vscode|2026-03-02T10:00:00.117", "envFile '/home/a/proj/.env' could not be read (ENOENT: no such file")]
        // Claude Code's debug file: an upper-case level after the stamp, the server named on each line, a stderr chunk's
        // further lines unprefixed (anthropics/claude-code #17653; the -32000 line as Claude Code 2.1 writes it).
        [InlineData("2026-08-05T11:12:05.000Z [DEBUG] MCP server \"teleport-mcp-demo\": Starting connection with timeout of 30000ms\n" +
            "2026-08-05T11:12:05.280Z [ERROR] MCP server \"teleport-mcp-demo\" Server stderr: ERROR: cannot relogin in non-interactive session\n" +
            "\tssh: cert has expired\n" +
            "2026-08-05T11:12:05.301Z [ERROR] MCP server \"teleport-mcp-demo\" Connection failed (-32000): MCP error -32000: Connection closed",
            ClaudeDebug,
            "TMCP-LOG-190@2|demo|tsh|2026-08-05T11:12:05.280;TMCP-LOG-047@4|demo|claude-code|2026-08-05T11:12:05.301",
            "failed with 'ssh: cert has expired'")]
        // Servers interleave in one file: a relayed line joins only a record of its own server, so another server's
        // line is neither read as tsh's cause nor made tsh's.
        [InlineData("2026-08-05T11:12:05.280Z [ERROR] MCP server \"teleport-mcp-demo\" Server stderr: ERROR: cannot relogin in non-interactive session\n" +
            "2026-08-05T11:12:05.281Z [ERROR] MCP server \"files\" Server stderr: \tenv: node: No such file or directory\n" +
            "2026-08-05T11:12:05.282Z [ERROR] MCP server \"files\" Server stderr: env: node: No such file or directory",
            ClaudeDebug,
            "TMCP-LOG-190@1|demo|tsh|2026-08-05T11:12:05.280;TMCP-LOG-042@2|files|claude-code|2026-08-05T11:12:05.281",
            "failed with '<error>'")]
        // An empty server name is a name: its line joins only a record of the empty name, not any open relayed record.
        [InlineData("2026-08-05T11:12:05.280Z [ERROR] MCP server \"teleport-mcp-demo\" Server stderr: ERROR: cannot relogin in non-interactive session\n" +
            "2026-08-05T11:12:05.281Z [ERROR] MCP server \"\" Server stderr: env: node: No such file or directory",
            ClaudeDebug,
            "TMCP-LOG-190@1|demo|tsh|2026-08-05T11:12:05.280;TMCP-LOG-042@2||claude-code|2026-08-05T11:12:05.281",
            "failed with '<error>'")]
        [InlineData("2026-08-05T11:12:05.280Z [ERROR] MCP server \"\" Server stderr: ERROR: cannot relogin in non-interactive session\n" +
            "2026-08-05T11:12:05.281Z [ERROR] MCP server \"teleport-mcp-demo\" Server stderr: env: node: No such file or directory",
            ClaudeDebug,
            "TMCP-LOG-190@1||tsh|2026-08-05T11:12:05.280;TMCP-LOG-042@2|demo|claude-code|2026-08-05T11:12:05.281",
            "failed with '<error>'")]
        [InlineData("2026-08-05T11:12:05.280Z [ERROR] MCP server \"\" Server stderr: ERROR: cannot relogin in non-interactive session\n" +
            "2026-08-05T11:12:05.281Z [ERROR] MCP server \"\" Server stderr: \tssh: cert has expired",
            ClaudeDebug, "TMCP-LOG-190@1||tsh|2026-08-05T11:12:05.280", "failed with 'ssh: cert has expired'")]
        // A line that names no server (VS Code's) joins only a record whose line named none either.
        [InlineData("2026-08-05T11:12:05.280Z [ERROR] MCP server \"teleport-mcp-demo\" Server stderr: ERROR: cannot relogin in non-interactive session\n" +
            "2026-08-05 11:12:05.281 [warning] [server stderr] env: node: No such file or directory",
            ClaudeDebug,
            "TMCP-LOG-190@1|demo|tsh|2026-08-05T11:12:05.280;TMCP-LOG-042@2||vscode|2026-08-05T11:12:05.281",
            "failed with '<error>'")]
        [InlineData("2026-02-15T16:14:38.404Z [ERROR] MCP server \"teleport-mcp-demo\" Connection failed: spawn tsh ENOENT",
            ClaudeDebug, "TMCP-LOG-040@1|demo|claude-code|2026-02-15T16:14:38.404", "could not start 'tsh'")]
        public void RelayedServerLinesAreReadAsTheServerWroteThem(string log, string path, string expected, string cause)
        {
            var found = Scan(log, path);
            Assert.Equal(expected.Split(';').ToList(), found.Select(Key).ToList());
            Assert.Contains(cause, found[0].Cause, StringComparison.Ordinal);
        }

        // VS Code translates its state line ('Connection state: {0}', 'Error {0}': mcpServerConnection.ts, mcpTypes.ts) but not
        // the message in it; the translated words here stand for any language pack's. A server's own stderr line with the
        // same text is not VS Code's state.
        [Theory]
        [InlineData(VsStart + "2026-03-02 10:00:00.950 [info] Verbindungsstatus: Fehler Process exited with code 1",
            "TMCP-LOG-260@4|demo|vscode|2026-03-02T10:00:00.950")]
        [InlineData(VsStart + "2026-03-02 10:00:00.950 [info] \u8fde\u63a5\u72b6\u6001: \u9519\u8bef Process exited with code null",
            "TMCP-LOG-260@4|demo|vscode|2026-03-02T10:00:00.950")]
        [InlineData(VsStart + "2026-03-02 10:00:00.950 [warning] [server stderr] Process exited with code 1", "")]
        [InlineData(VsStart + "2026-03-02 10:00:00.950 [info] Connection state: Error Process exited with code 7", "TMCP-LOG-260@4|demo|vscode|2026-03-02T10:00:00.950")]
        public void VsCodeStateLinesAreReadInAnyLanguage(string log, string expected)
        {
            var found = Scan(log, VsPath);
            Assert.Equal(expected.Length == 0 ? new List<string>() : expected.Split(';').ToList(), found.Select(Key).ToList());
        }

        // Copilot CLI's process log has Claude Code's line shape but its own family (github/copilot-cli #26; process-<ms>-<pid>.log
        // in ~/.copilot/logs): tsh's texts and Node's spawn error are read in it, Claude Code's own texts are not.
        private const string CopilotLog = "/home/a/.copilot/logs/process-1776864631540-59265.log";

        [Theory]
        [InlineData("2026-08-05T11:12:05.301Z [ERROR] Connection to MCP server \"teleport-mcp-demo\" timed out after 5000ms", ClaudeDebug,
            "TMCP-LOG-050@1|demo|claude-code|2026-08-05T11:12:05.301")]
        [InlineData("2026-08-05T11:12:05.301Z [ERROR] Connection to MCP server \"teleport-mcp-demo\" timed out after 5000ms", CopilotLog, "")]
        [InlineData("2026-08-05T11:12:05.301Z [ERROR] Connection to MCP server \"teleport-mcp-demo\" timed out after 5000ms", "/tmp/logs/process-1776864631540-59265.log", "")]
        [InlineData("2026-08-05T11:12:05.301Z [ERROR] MCP server \"teleport-mcp-demo\": It looks like your Teleport session expired, run 'tsh login'", CopilotLog,
            "TMCP-LOG-022@1|demo|copilot-cli|2026-08-05T11:12:05.301")]
        [InlineData("2026-08-05T11:12:05.301Z [ERROR] MCP server \"teleport-mcp-demo\": spawn tsh ENOENT", CopilotLog,
            "TMCP-LOG-040@1|demo|copilot-cli|2026-08-05T11:12:05.301")]
        // Copilot CLI reports MCP failures with the TypeScript SDK's McpError texts (github/copilot-cli #172, #1759), which
        // were found in its lines while they were read as claude-code.
        [InlineData("2026-08-05T11:12:05.301Z [ERROR] MCP server \"teleport-mcp-demo\": MCP error -32001: Request timed out", CopilotLog,
            "TMCP-LOG-045@1|demo|copilot-cli|2026-08-05T11:12:05.301")]
        [InlineData("2026-08-05T11:12:05.301Z [ERROR] MCP server \"teleport-mcp-demo\": MCP error -32000: Connection closed", CopilotLog,
            "TMCP-LOG-047@1|demo|copilot-cli|2026-08-05T11:12:05.301")]
        public void CopilotCliLinesAreCopilotCliNotClaudeCode(string log, string path, string expected)
        {
            var found = Scan(log, path);
            Assert.Equal(expected.Length == 0 ? new List<string>() : expected.Split(';').ToList(), found.Select(Key).ToList());
        }

        [Theory]
        [InlineData("/home/a/.copilot/logs/process-1776864631540-59265.log", true)]
        [InlineData(@"C:\Users\a\.copilot\logs\anything.log", true)]
        [InlineData("/tmp/ci-logs/process-1776864631540-59265.log", true)]
        [InlineData("/tmp/ci-logs/process-1776864631540.log", false)]
        [InlineData("/tmp/ci-logs/process--1.log", false)]
        [InlineData("/tmp/ci-logs/process-1-.log", false)]
        [InlineData("/tmp/ci-logs/process-1-2.log.1", false)]
        [InlineData("/home/a/.claude/debug/5b0c.txt", false)]
        public void CopilotCliLogPath(string path, bool expected) => Assert.Equal(expected, LogLineFormat.IsCopilotCliLog(path));

        // VS Code logs the wait every 5 s until the initialize reply or the process's end cancels it (mcpServerRequestHandler.ts
        // create(); posted: the uvx markitdown log of 2026-03-17, MemorAI's log of 2025-07-31). A log that ends while still
        // waiting is one finding at the first wait line however many follow; the server's stderr leaves it open, any other
        // VS Code line after it (the reply's 'Discovered N tools', a state line in any language, a restart) closes it.
        [Theory]
        [InlineData(VsStart + WAIT05 + WAIT10 + WAIT15, "TMCP-LOG-263@4|demo|vscode|2026-03-02T10:00:05.150", "3 time(s), one every 5 s, from 2026-03-02 10:00:05 to 2026-03-02 10:00:15")]
        [InlineData(VsStart + WAIT05, "TMCP-LOG-263@4|demo|vscode|2026-03-02T10:00:05.150", "1 time(s), one every 5 s, from 2026-03-02 10:00:05 to 2026-03-02 10:00:05")]
        [InlineData(VsStart + WAIT05 +
            "2026-03-02 10:00:06.000 [warning] [server stderr] connecting to proxy.example.com:443\n" +
            "2026-03-02 10:00:06.000 [warning] [server stderr] \tretrying\n" + WAIT10,
            "TMCP-LOG-263@4|demo|vscode|2026-03-02T10:00:05.150", "2 time(s)")]
        [InlineData(VsStart + WAIT05 + WAIT10 + "2026-03-02 10:00:12.000 [info] Discovered 4 tools", "", "")]
        [InlineData(VsStart + WAIT05 + "2026-03-02 10:00:08.000 [info] Connection state: Stopped\n" +
            "2026-03-02 10:00:08.000 [error] Server exited before responding to `initialize` request.", "TMCP-LOG-261@6|demo|vscode|2026-03-02T10:00:08.000", "")]
        [InlineData(VsStart + WAIT05 + "2026-03-02 10:00:08.000 [info] Verbindungsstatus: Beendet", "", "")]
        // A restart after a wait that ended: only the wait of the new start, still open at the end, is reported.
        [InlineData(VsStart + WAIT05 + "2026-03-02 10:00:08.000 [info] Discovered 0 tools\n" + VsStart + WAIT10,
            "TMCP-LOG-263@9|demo|vscode|2026-03-02T10:00:10.150", "1 time(s)")]
        // A stdout line of the server that is not JSON is VS Code's 'Failed to parse message' warning and answers nothing
        // (mainThreadMcp.ts ExtHostMcpServerLaunch.pushMessage): the wait goes on, counted from its first line.
        [InlineData(VsStart + WAIT05 + WAIT10 + "2026-03-02 10:00:11.000 [warning] Failed to parse message: \"Config loaded\"",
            "TMCP-LOG-263@4|demo|vscode|2026-03-02T10:00:05.150", "2 time(s), one every 5 s, from 2026-03-02 10:00:05 to 2026-03-02 10:00:10")]
        [InlineData(VsStart + WAIT05 + "2026-03-02 10:00:06.000 [warning] Failed to parse message: \"starting\"\n" + WAIT10,
            "TMCP-LOG-263@4|demo|vscode|2026-03-02T10:00:05.150", "2 time(s), one every 5 s, from 2026-03-02 10:00:05 to 2026-03-02 10:00:10")]
        // At the level VS Code logs messages at (mcpServerRequestHandler.ts handleMessage): only a response ("result" or
        // "error" at the top level) can be the reply; a notification or request of the server's, or a message VS Code sends,
        // answers nothing. A line cut before its object closes may be the reply.
        [InlineData(VsStart + WAIT05 + "2026-03-02 10:00:06.000 [trace] [server -> editor] {\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"result\":[1,{\"error\":2}]},\"jsonrpc\":\"2.0\"}\n" + WAIT10,
            "TMCP-LOG-263@4|demo|vscode|2026-03-02T10:00:05.150", "2 time(s), one every 5 s, from 2026-03-02 10:00:05 to 2026-03-02 10:00:10")]
        [InlineData(VsStart + WAIT05 + "2026-03-02 10:00:06.000 [debug] [editor -> server] {\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":0},\"jsonrpc\":\"2.0\"}",
            "TMCP-LOG-263@4|demo|vscode|2026-03-02T10:00:05.150", "1 time(s)")]
        [InlineData(VsStart + WAIT05 + "2026-03-02 10:00:06.000 [trace] [server -> editor] {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\",\"method\":\"x\"}}", "", "")]
        [InlineData(VsStart + WAIT05 + "2026-03-02 10:00:06.000 [trace] [server -> editor] {\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":1,\"jsonrpc\":\"2.0\"}", "", "")]
        [InlineData(VsStart + WAIT05 + "2026-03-02 10:00:06.000 [trace] [server -> editor] {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"data\":\"cut", "", "")]
        [InlineData(VsStart + WAIT05 + "2026-03-02 10:00:06.000 [trace] [server -> editor] {\"method\":\"a\\\"\\\\\",\"result\":1}", "", "")]
        // The text relayed from the server's stderr, or in another client's line, is not VS Code's wait.
        [InlineData(VsStart + "2026-03-02 10:00:05.150 [warning] [server stderr] Waiting for server to respond to `initialize` request...", "", "")]
        public void VsCodeLogEndingWhileWaitingForInitializeIsOneFinding(string log, string expected, string cause)
        {
            var found = Scan(log, VsPath);
            Assert.Equal(expected.Length == 0 ? new List<string>() : expected.Split(';').ToList(), found.Select(Key).ToList());
            if (cause.Length > 0) Assert.Contains(cause, found[0].Cause, StringComparison.Ordinal);
        }

        private const string WAIT05 = "2026-03-02 10:00:05.150 [info] Waiting for server to respond to `initialize` request...\n";
        private const string WAIT10 = "2026-03-02 10:00:10.150 [info] Waiting for server to respond to `initialize` request...\n";
        private const string WAIT15 = "2026-03-02 10:00:15.150 [info] Waiting for server to respond to `initialize` request...";

        // The finding shows the first and the latest wait line, and a wait piped in ends with the pipeline.
        [Fact]
        public void VsCodeWaitFindingShowsItsFirstAndLatestLine()
        {
            var f = Assert.Single(Scan(VsStart + WAIT05 + WAIT10 + WAIT15, VsPath));
            Assert.Equal("TMCP-LOG-263", f.Id);
            Assert.Equal(Severity.Warning, f.Severity);
            Assert.StartsWith("2026-03-02 10:00:05.150 [info] Waiting", f.Evidence, StringComparison.Ordinal);
            Assert.EndsWith("\n2026-03-02 10:00:15.150 [info] Waiting for server to respond to `initialize` request...", f.Evidence, StringComparison.Ordinal);
            Assert.Contains("`tsh mcp connect demo`", f.Fix, StringComparison.Ordinal);
        }

        // Cursor relays each stderr chunk of a server as "<stamp> [error] <label>: <chunk>", the chunk's line break leaving an
        // empty line, and writes its own lines about the server with the same prefix (observed: pathintegral-institute/mcpm.sh
        // #228, designcomputer/mysql_mcp_server #49; label user-<entry name>). A tsh text in the chunk is tsh's and the label's
        // entry names the app; Cursor's own lines stay Cursor's and never join tsh's record.
        private const string CursorPath = "/Users/a/Library/Application Support/Cursor/logs/20260302T100000/window1/exthost/anysphere.cursor-always-local/Cursor MCP.log";
        private const string CursorStart = "2026-03-02 10:00:00.100 [info] user-teleport-mcp-demo: Starting new stdio process with command: tsh mcp connect demo\n";

        [Theory]
        [InlineData(CursorStart +
            "2026-03-02 10:00:00.900 [error] user-teleport-mcp-demo: ERROR: cannot relogin in non-interactive session\n" +
            "\tssh: cert has expired\n" +
            "\n" +
            "2026-03-02 10:00:00.950 [info] user-teleport-mcp-demo: Client closed for command\n" +
            "2026-03-02 10:00:00.950 [error] user-teleport-mcp-demo: Error in MCP: Client closed",
            CursorPath, "TMCP-LOG-190@2|demo|tsh|2026-03-02T10:00:00.900", "failed with 'ssh: cert has expired'")]
        // The cause in a chunk of its own, a tab deeper, joins its error; Cursor's own line between them does not.
        [InlineData(CursorStart +
            "2026-03-02 10:00:00.900 [error] user-teleport-mcp-demo: ERROR: cannot relogin in non-interactive session\n" +
            "\n" +
            "2026-03-02 10:00:00.901 [error] user-teleport-mcp-demo: \tssh: cert has expired\n" +
            "\n",
            CursorPath, "TMCP-LOG-190@2|demo|tsh|2026-03-02T10:00:00.900", "failed with 'ssh: cert has expired'")]
        [InlineData(CursorStart +
            "2026-03-02 10:00:00.900 [error] user-teleport-mcp-demo: ERROR: cannot relogin in non-interactive session\n" +
            "2026-03-02 10:00:00.901 [info] user-teleport-mcp-demo: Client closed for command\n" +
            "2026-03-02 10:00:00.902 [error] user-teleport-mcp-demo: \tssh: cert has expired",
            CursorPath, "TMCP-LOG-190@2|demo|tsh|2026-03-02T10:00:00.900", "failed with '<error>'")]
        // Another server's chunk does not join.
        [InlineData("2026-03-02 10:00:00.900 [error] user-teleport-mcp-demo: ERROR: cannot relogin in non-interactive session\n" +
            "2026-03-02 10:00:00.901 [error] user-files: \tssh: cert has expired",
            CursorPath, "TMCP-LOG-190@1|demo|tsh|2026-03-02T10:00:00.900", "failed with '<error>'")]
        [InlineData("2026-03-02 10:00:00.900 [error] user-teleport-mcp-demo: ERROR: MCP server \"demo\" not found\n\n",
            CursorPath, "TMCP-LOG-020@1|demo|tsh|2026-03-02T10:00:00.900", "The app does not exist")]
        // An entry of a project's .cursor/mcp.json: "project-<n>-<folder>-<entry>" (tirth8205/code-review-graph #304,
        // microsoft/mcp #1045); the folder may hold '-', so only one "-teleport-mcp-" after it names the entry.
        [InlineData("2026-03-02 10:00:00.900 [error] project-0-myrepo-teleport-mcp-demo: ERROR: cannot relogin in non-interactive session",
            CursorPath, "TMCP-LOG-190@1|demo|tsh|2026-03-02T10:00:00.900", "failed with '<error>'")]
        [InlineData("2026-03-02 10:00:00.900 [error] project-12-my-teleport-tools-teleport-mcp-demo: ERROR: cannot relogin in non-interactive session",
            CursorPath, "TMCP-LOG-190@1|demo|tsh|2026-03-02T10:00:00.900", "failed with '<error>'")]
        [InlineData("2026-03-02 10:00:00.900 [error] project-0-teleport-mcp-x-teleport-mcp-demo: ERROR: cannot relogin in non-interactive session",
            CursorPath, "TMCP-LOG-190@1|demo|tsh|2026-03-02T10:00:00.900", "failed with '<error>'")]
        // Labels that do not say which entry: two places the entry could start, an entry tsh did not name, an 0.48 cut label.
        [InlineData("2026-03-02 10:00:00.900 [error] project-0-a-teleport-mcp-b-teleport-mcp-demo: ERROR: cannot relogin in non-interactive session",
            CursorPath, "TMCP-LOG-190@1||tsh|2026-03-02T10:00:00.900", "failed with '<error>'")]
        [InlineData("2026-03-02 10:00:00.900 [error] project-0-repo-files: ERROR: cannot relogin in non-interactive session",
            CursorPath, "TMCP-LOG-190@1||tsh|2026-03-02T10:00:00.900", "failed with '<error>'")]
        [InlineData("2026-03-02 10:00:00.900 [error] demo: ERROR: cannot relogin in non-interactive session",
            CursorPath, "TMCP-LOG-190@1||tsh|2026-03-02T10:00:00.900", "failed with '<error>'")]
        // The label still tells one server's chunk from another's: a cause under another project label does not join.
        [InlineData("2026-03-02 10:00:00.900 [error] project-0-myrepo-teleport-mcp-demo: ERROR: cannot relogin in non-interactive session\n" +
            "2026-03-02 10:00:00.901 [error] project-0-myrepo-teleport-mcp-demo: \tssh: cert has expired",
            CursorPath, "TMCP-LOG-190@1|demo|tsh|2026-03-02T10:00:00.900", "failed with 'ssh: cert has expired'")]
        [InlineData("2026-03-02 10:00:00.900 [error] project-0-myrepo-teleport-mcp-demo: ERROR: cannot relogin in non-interactive session\n" +
            "2026-03-02 10:00:00.901 [error] project-1-other-teleport-mcp-demo: \tssh: cert has expired",
            CursorPath, "TMCP-LOG-190@1|demo|tsh|2026-03-02T10:00:00.900", "failed with '<error>'")]
        // Only Cursor's log has the label: the same line in a VS Code log is VS Code's (its stderr lines are '[server stderr]').
        [InlineData("2026-03-02 10:00:00.900 [error] user-teleport-mcp-demo: ERROR: MCP server \"demo\" not found",
            VsPath, "TMCP-LOG-020@1|demo|vscode|2026-03-02T10:00:00.900", "The app does not exist")]
        public void CursorRelayedTshTextIsTheServers(string log, string path, string expected, string cause)
        {
            var found = Scan(log, path);
            Assert.Equal(expected.Split(';').ToList(), found.Select(Key).ToList());
            Assert.Contains(cause, found[0].Cause, StringComparison.Ordinal);
        }

        // Cursor's own lines with the label are read whole, as before: no record of tsh's, no app from a label they share.
        [Fact]
        public void CursorOwnLinesStayCursors()
        {
            Assert.Empty(Scan(CursorStart + "2026-03-02 10:00:00.950 [error] user-teleport-mcp-demo: Error in MCP: Client closed\n", CursorPath));
        }

        // The relayed line's stamp and the exit line are both the first finding's evidence when the two are one failure.
        [Fact]
        public void VsCodeExitAndCancelledInitializeAreOneFindingWithBothLines()
        {
            var f = Assert.Single(Scan(VsStart +
                "2026-03-02 10:00:00.950 [info] Connection state: Error Process exited with code 243\n" +
                "2026-03-02 10:00:00.951 [error] Server exited before responding to `initialize` request.", VsPath));
            Assert.Equal("TMCP-LOG-261", f.Id);
            int exit = f.Evidence.IndexOf("Process exited with code 243", StringComparison.Ordinal);
            int cancelled = f.Evidence.IndexOf("Server exited before responding", StringComparison.Ordinal);
            Assert.True(exit >= 0 && cancelled > exit, f.Evidence);
        }

        [Theory]
        [InlineData("2026-01-12T09:19:33.356Z [ERROR] MCP server \"plugin:context7:context7\" Server stderr: WARNING: Using default key.", LineKind.ClaudeCodeDebug)]
        [InlineData("2026-02-15T16:14:38.403Z [DEBUG] [init] configureGlobalMTLS starting", LineKind.ClaudeCodeDebug)]
        [InlineData("2025-04-19T01:35:57.319Z [info] [filesystem] Initializing server...", LineKind.ClaudeMcpLog)]
        [InlineData("2025-11-09 15:38:22.641 [warning] [server stderr] INFO:     Started server process [19538]", LineKind.EditorOutput)]
        public void ClassifiesClientStamps(string line, LineKind expected)
        {
            var buf = line.ToCharArray();
            Assert.Equal(expected, LogLineFormat.Classify(buf, 0, buf.Length, out _));
        }

        [Theory]
        [InlineData("/Users/a/Library/Application Support/Code/logs/20260409T151803/window8/mcpServer.mcp.config.usrlocal.teleport-mcp-git.log", "teleport-mcp-git")]
        [InlineData(@"C:\Users\a\AppData\Roaming\Code\logs\20260409T151803\window1\mcpServer.mcp.config.wf0.io.github.upstash.log", "io.github.upstash")]
        [InlineData("/home/a/.config/Code/logs/20260409T151803/window1/mcpServer.mcp.config.usrremote.x.log", "x")]
        [InlineData("/home/a/.config/Code/logs/20260409T151803/window1/mcpGateway.log", null)]
        public void ServerFromVsCodeLogPath(string path, string server) => Assert.Equal(server, LogLineFormat.ServerFromPath(path));
    }
}
