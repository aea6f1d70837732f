using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>The line formats recognised per line. Everything but <see cref="Continuation"/> starts a record.</summary>
    public enum LineKind
    {
        /// <summary>No known stamp: server stderr inside a client log, an ERROR REPORT line, plain text.</summary>
        Continuation,
        /// <summary>Teleport text handler: <c>2025-09-30T10:00:00.123Z WARN [APP:SERVI] msg key:value file.go:12</c>.</summary>
        TeleportText,
        /// <summary>Teleport (tsh) text handler without a timestamp: <c>DEBU [MCP:DIALE] msg ...</c>.</summary>
        TeleportTextNoTime,
        /// <summary>A JSON object per line: Teleport JSON logs, Claude Code JSONL.</summary>
        Json,
        /// <summary>Claude Desktop mcp.log: <c>&lt;ts&gt; [level] [server] msg</c> (2024: no server).</summary>
        ClaudeMcpLog,
        /// <summary>Claude Desktop mcp-server-NAME.log: <c>&lt;ts&gt; [server] [level] msg</c>.</summary>
        ClaudeServerLog,
        /// <summary>VS Code / Cursor output: <c>2025-09-30 10:00:00.123 [level] msg</c>.</summary>
        EditorOutput,
        /// <summary>Claude Code --debug: <c>[DEBUG] MCP server "name": ...</c>, in its debug file after an ISO-8601 stamp.</summary>
        ClaudeCodeDebug,
        /// <summary>tsh error output: <c>ERROR: message</c>.</summary>
        TshError,
        /// <summary>A stamped line of unknown shape (a timestamp, then something else).</summary>
        OtherStamped,
    }

    /// <summary>Cheap per-line classification (no regex, no allocation) and, for lines that matter, field extraction.</summary>
    internal static class LogLineFormat
    {
        /// <summary>
        /// Classifies buf[start, start+length). <paramref name="body"/> is where the line proper starts after a
        /// syslog/journald prefix (<c>Sep 30 10:00:00 host teleport[123]: </c>) or leading colour codes.
        /// </summary>
        public static LineKind Classify(char[] buf, int start, int length, out int body)
        {
            body = start;
            int end = start + length;
            int p = SkipAnsi(buf, start, end);
            if (p >= end) return LineKind.Continuation;
            char c = buf[p];
            if (c >= '0' && c <= '9')
            {
                if (!IsIsoDate(buf, p, end)) return LineKind.Continuation;
                body = p;
                char sep = buf[p + 10];
                int tokEnd = IndexOf(buf, ' ', p + 10, end, 40);
                if (sep == ' ')
                {
                    // "2025-09-30 10:00:00.123 [info] ..." (VS Code, Cursor)
                    int t2 = tokEnd < 0 ? -1 : IndexOf(buf, ' ', tokEnd + 1, end, 20);
                    if (t2 > 0 && t2 + 1 < end && buf[t2 + 1] == '[') return LineKind.EditorOutput;
                    return LineKind.OtherStamped;
                }
                if (tokEnd < 0) return LineKind.OtherStamped;
                int q = SkipAnsi(buf, tokEnd + 1, end);
                if (q < end && buf[q] == '[')
                {
                    int close = IndexOf(buf, ']', q + 1, end, 200);
                    if (close < 0) return LineKind.OtherStamped;
                    // Claude Code's debug file writes the level upper case ("2026-01-12T09:19:33.356Z [ERROR] MCP server
                    // \"x\" Server stderr: ...", anthropics/claude-code #17653); Claude Desktop lower case ([info]).
                    if (IsUpperLevelWord(buf, q + 1, close)) return LineKind.ClaudeCodeDebug;
                    if (IsLevelWord(buf, q + 1, close)) return LineKind.ClaudeMcpLog;
                    if (close + 2 < end && buf[close + 1] == ' ' && buf[close + 2] == '[')
                    {
                        int close2 = IndexOf(buf, ']', close + 3, end, 20);
                        if (close2 > 0 && IsLevelWord(buf, close + 3, close2)) return LineKind.ClaudeServerLog;
                    }
                    return LineKind.OtherStamped;
                }
                if (IsTeleportLevel(buf, q, end)) return LineKind.TeleportText;
                // journalctl -o short-iso: "<ts> host ident[pid]: body"
                int colon = JournalBody(buf, q, end);
                if (colon > 0)
                {
                    var k = Classify(buf, colon, end - colon, out body);
                    if (k == LineKind.Continuation) body = colon;
                    return k;
                }
                return LineKind.OtherStamped;
            }
            if (c == '{')
            {
                body = p;
                return LineKind.Json;
            }
            if (c == '[')
            {
                int close = IndexOf(buf, ']', p + 1, end, 8);
                if (close > 0 && IsUpperLevelWord(buf, p + 1, close) && close + 1 < end && buf[close + 1] == ' ')
                {
                    body = p;
                    return LineKind.ClaudeCodeDebug;
                }
                return LineKind.Continuation;
            }
            if (c >= 'A' && c <= 'Z')
            {
                if (IsTeleportLevel(buf, p, end))
                {
                    int after = p + 4;
                    while (after < end && buf[after] == ' ') after++;
                    after = SkipAnsi(buf, after, end);
                    if (after < end && buf[after] == '[')
                    {
                        body = p;
                        return LineKind.TeleportTextNoTime;
                    }
                }
                if (StartsWith(buf, p, end, "ERROR:"))
                {
                    body = p;
                    return LineKind.TshError;
                }
                // syslog / journalctl default: "Sep 30 10:00:00 host teleport[123]: body"
                if (end - p > 20 && buf[p + 3] == ' ' && buf[p + 9] == ':' && buf[p + 12] == ':' && buf[p + 15] == ' ')
                {
                    int colon = JournalBody(buf, p + 16, end);
                    if (colon > 0)
                    {
                        var k = Classify(buf, colon, end - colon, out body);
                        if (k == LineKind.Continuation) body = colon;
                        return k;
                    }
                }
            }
            return LineKind.Continuation;
        }

        /// <summary>The source family of a record whose head has this kind.</summary>
        public static string SourceOf(LineKind kind, string head, string path)
        {
            switch (kind)
            {
                case LineKind.TeleportText:
                case LineKind.TeleportTextNoTime:
                    return IsTshComponent(head) || kind == LineKind.TeleportTextNoTime ? LogSources.Tsh : LogSources.Teleport;
                case LineKind.Json:
                    if (head.IndexOf("\"debug\"", StringComparison.Ordinal) >= 0 && head.IndexOf("\"sessionId\"", StringComparison.Ordinal) >= 0) return LogSources.ClaudeCode;
                    // Teleport's JSON handler always writes "caller" and "component" (lib/utils/log/slog_json_handler.go);
                    // other JSON (a server's own stderr logs inside a client log) is of unknown origin.
                    if (head.IndexOf("\"component\"", StringComparison.Ordinal) < 0 && head.IndexOf("\"caller\"", StringComparison.Ordinal) < 0) return LogSources.Plain;
                    return IsTshComponent(head) ? LogSources.Tsh : LogSources.Teleport;
                case LineKind.ClaudeMcpLog:
                case LineKind.ClaudeServerLog:
                    return LogSources.ClaudeDesktop;
                case LineKind.EditorOutput:
                    return IsCursorLog(path) ? LogSources.Cursor : LogSources.VsCode;
                case LineKind.ClaudeCodeDebug:
                    return IsCopilotCliLog(path) ? LogSources.CopilotCli : LogSources.ClaudeCode;
                case LineKind.TshError:
                    return LogSources.Tsh;
                default:
                    return LogSources.Plain;
            }
        }

        /// <summary>Whether an editor log is Cursor's (its log folders are under a Cursor folder), not VS Code's.</summary>
        internal static bool IsCursorLog(string? path) => path != null && path.IndexOf("Cursor", StringComparison.OrdinalIgnoreCase) >= 0;

        // GitHub Copilot CLI writes the same "<ISO-8601>Z [LEVEL] message" lines as Claude Code's debug file (github/copilot-cli
        // #26), one file per process: process-<epoch ms>-<pid>.log in ~/.copilot/logs ($COPILOT_HOME/logs, or --log-dir;
        // copilot-cli changelog.md @9532bda: "prune old process log files from ~/.copilot/logs/"). Its own texts are not
        // Claude Code's, so its lines are a family of their own, told by the file they are read from.
        internal static bool IsCopilotCliLog(string? path)
        {
            if (path == null || path.Length == 0) return false;
            string norm = path.Replace('\\', '/');
            if (norm.IndexOf("/.copilot/logs/", StringComparison.OrdinalIgnoreCase) >= 0) return true;
            string file = norm.Substring(norm.LastIndexOf('/') + 1);
            const string prefix = "process-";
            if (!file.StartsWith(prefix, StringComparison.Ordinal) || !file.EndsWith(".log", StringComparison.Ordinal)) return false;
            int dash = 0;
            for (int i = prefix.Length; i < file.Length - 4; i++)
            {
                char c = file[i];
                if (c == '-' && i > prefix.Length && file[i - 1] != '-') dash++;
                else if (!IsDigit(c)) return false;
            }
            return dash == 1 && file[file.Length - 5] != '-';
        }

        // tsh components (lib/client/mcp: mcp:dialer, mcp:autoreconnect; tsh, client, keyagent, keystore), as printed
        // by the text handler: upper case, cut to 11 characters with the last one replaced by ']'.
        private static readonly string[] TshComponents = { "[MCP:DIALE]", "[MCP:AUTOR]", "[TSH]", "[CLIENT]", "[KEYAGENT]", "[KEYSTORE]", "\"mcp:dialer\"", "\"mcp:autoreconnect\"", "\"tsh\"", "\"client\"" };

        private static bool IsTshComponent(string head)
        {
            foreach (var c in TshComponents)
                if (head.IndexOf(c, StringComparison.Ordinal) >= 0) return true;
            return false;
        }

        // Leading escape sequences (colour codes before a stamp or a level) are no part of the line's shape.
        private static int SkipAnsi(char[] buf, int p, int end)
        {
            while (p < end && Common.EscapeSequences.IsIntroducer(buf[p])) p = Common.EscapeSequences.SequenceEnd(buf, p, end);
            return p;
        }

        private static bool IsIsoDate(char[] b, int p, int end) =>
            end - p >= 19 && IsDigit(b[p + 1]) && IsDigit(b[p + 2]) && IsDigit(b[p + 3]) && b[p + 4] == '-' &&
            IsDigit(b[p + 5]) && IsDigit(b[p + 6]) && b[p + 7] == '-' && IsDigit(b[p + 8]) && IsDigit(b[p + 9]) &&
            (b[p + 10] == 'T' || b[p + 10] == ' ') && IsDigit(b[p + 11]) && b[p + 13] == ':';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static int IndexOf(char[] b, char c, int from, int end, int max)
        {
            int stop = Math.Min(end, from + max);
            for (int i = from; i < stop; i++)
                if (b[i] == c) return i;
            return -1;
        }

        private static bool StartsWith(char[] b, int p, int end, string s)
        {
            if (end - p < s.Length) return false;
            for (int i = 0; i < s.Length; i++)
                if (b[p + i] != s[i]) return false;
            return true;
        }

        // Claude Desktop / VS Code level words: info, error observed; warn, warning, debug, trace assumed.
        private static bool IsLevelWord(char[] b, int from, int to)
        {
            int n = to - from;
            if (n < 4 || n > 7) return false;
            var s = new string(b, from, n).ToLowerInvariant();
            return s == "info" || s == "error" || s == "warn" || s == "warning" || s == "debug" || s == "trace";
        }

        private static bool IsUpperLevelWord(char[] b, int from, int to)
        {
            int n = to - from;
            if (n < 4 || n > 7) return false;
            return Is(b, from, to, "DEBUG") || Is(b, from, to, "INFO") || Is(b, from, to, "WARN") || Is(b, from, to, "ERROR") ||
                   Is(b, from, to, "TRACE") || Is(b, from, to, "WARNING");
        }

        private static bool Is(char[] b, int from, int to, string word)
        {
            if (to - from != word.Length) return false;
            for (int i = 0; i < word.Length; i++)
                if (b[from + i] != word[i]) return false;
            return true;
        }

        // Teleport text level: padded/cut to 4 characters (lib/utils/log/slog_text_handler.go formatLevel).
        private static bool IsTeleportLevel(char[] b, int p, int end)
        {
            if (end - p < 5) return false;
            bool four = StartsWith(b, p, end, "INFO") || StartsWith(b, p, end, "WARN") || StartsWith(b, p, end, "DEBU") ||
                        StartsWith(b, p, end, "ERRO") || StartsWith(b, p, end, "TRAC") || StartsWith(b, p, end, "FATA");
            if (!four) return false;
            int q = p + 4;
            while (q < end && b[q] >= 'A' && b[q] <= 'Z') q++; // logrus-era full words
            return q < end && (b[q] == ' ' || Common.EscapeSequences.IsIntroducer(b[q]));
        }

        // "host ident[pid]: " -> index after ": ", or -1.
        private static int JournalBody(char[] b, int p, int end)
        {
            int sp = IndexOf(b, ' ', p, end, 80);
            if (sp < 0) return -1;
            int stop = Math.Min(end - 1, sp + 80);
            for (int i = sp + 1; i < stop; i++)
            {
                char c = b[i];
                if (c == ':' && b[i + 1] == ' ') return i + 2;
                if (c == ' ') return -1;
            }
            return -1;
        }

        private static readonly Regex TextField = new Regex(
            @"(?<=\s)(?<k>app|app_name|user|cmd|command|server|run_as_host_user):(?<v>""(?:[^""\\]|\\.)*""|\[[^\]\n]*\]|[^\s\]]+)",
            RegexOptions.CultureInvariant);

        private static readonly Regex McpServerName = new Regex(@"MCP server ""(?<n>[^""]+)""", RegexOptions.CultureInvariant);

        /// <summary>Time, app (server), user and command read from a record's head line.</summary>
        public static void ExtractFields(LineKind kind, string head, Finding f)
        {
            switch (kind)
            {
                case LineKind.TeleportText:
                case LineKind.OtherStamped:
                    f.Time = ParseTime(head.Substring(0, Math.Max(0, IndexOfSpace(head))));
                    if (kind == LineKind.TeleportText) TextFields(head, f);
                    break;
                case LineKind.TeleportTextNoTime:
                    TextFields(head, f);
                    break;
                case LineKind.Json:
                    JsonFields(head, f);
                    break;
                case LineKind.ClaudeMcpLog:
                case LineKind.ClaudeServerLog:
                {
                    f.Time = ParseTime(head.Substring(0, Math.Max(0, IndexOfSpace(head))));
                    int o1 = head.IndexOf('[');
                    int c1 = o1 < 0 ? -1 : head.IndexOf(']', o1);
                    if (c1 < 0) break;
                    string? server = null;
                    if (kind == LineKind.ClaudeServerLog) server = head.Substring(o1 + 1, c1 - o1 - 1);
                    else if (c1 + 2 < head.Length && head[c1 + 1] == ' ' && head[c1 + 2] == '[')
                    {
                        int c2 = head.IndexOf(']', c1 + 3);
                        if (c2 > 0) server = head.Substring(c1 + 3, c2 - c1 - 3);
                    }
                    if (server != null) f.App = AppFromServer(server);
                    break;
                }
                case LineKind.EditorOutput:
                {
                    int sp = IndexOfSpace(head);
                    int sp2 = sp < 0 ? -1 : head.IndexOf(' ', sp + 1);
                    if (sp2 > 0) f.Time = ParseTime(head.Substring(0, sp2));
                    var m = McpServerName.Match(head);
                    if (m.Success) f.App = AppFromServer(m.Groups["n"].Value);
                    break;
                }
                case LineKind.ClaudeCodeDebug:
                {
                    if (head.Length > 0 && IsDigit(head[0])) f.Time = ParseTime(head.Substring(0, IndexOfSpace(head)));
                    var m = McpServerName.Match(head);
                    if (m.Success) f.App = AppFromServer(m.Groups["n"].Value);
                    break;
                }
            }
        }

        /// <summary>
        /// Whether a client line relays one line of its server's stderr, and where that text starts. VS Code writes each
        /// stderr line as "&lt;stamp&gt; [warning] [server stderr] &lt;line&gt;" (microsoft/vscode
        /// src/vs/workbench/api/node/extHostMcpNode.ts @0334cc07: StreamSplitter('\n') then $onDidPublishLog(Warning,
        /// `[server stderr] ${line.trimEnd()}`)); Claude Code's debug file "&lt;stamp&gt; [ERROR] MCP server "&lt;name&gt;" Server
        /// stderr: &lt;chunk&gt;" (anthropics/claude-code #17653), a chunk's further lines unprefixed. The server name is at
        /// <paramref name="server"/> with length <paramref name="serverLength"/>: 0 for an empty name, -1 when the line
        /// names no server (VS Code writes one file per server). In a <paramref name="cursor"/> log a line of another shape may
        /// be Cursor's "&lt;label&gt;: &lt;chunk&gt;" (<see cref="CursorLabel"/>), which only the text can tell from Cursor's own.
        /// </summary>
        public static bool RelayedStderr(LineKind kind, char[] buf, int body, int end, bool cursor, out int text, out int server, out int serverLength)
        {
            text = server = 0;
            serverLength = -1;
            int close;
            if (kind == LineKind.EditorOutput)
            {
                // "yyyy-MM-dd HH:mm:ss.fff [level] " (src/vs/platform/log/common/fileLog.ts FileLogger)
                close = IndexOf(buf, ']', body + 24, end, 12);
                if (close < 0) return false;
                if (cursor && !StartsWith(buf, close + 1, end, " [server stderr]")) return CursorLabel(buf, close + 1, end, out text, out server, out serverLength);
                if (!StartsWith(buf, close + 1, end, " [server stderr]")) return false;
                text = close + 17;
                if (text < end && buf[text] == ' ') text++;
                return text <= end;
            }
            if (kind != LineKind.ClaudeCodeDebug) return false;
            int open = IndexOf(buf, '[', body, end, 40);
            close = open < 0 ? -1 : IndexOf(buf, ']', open + 1, end, 9);
            const string named = " MCP server \"";
            if (close < 0 || !StartsWith(buf, close + 1, end, named)) return false;
            int nameStart = close + 1 + named.Length;
            int quote = IndexOf(buf, '"', nameStart, end, 300);
            const string tail = "\" Server stderr:";
            if (quote < 0 || !StartsWith(buf, quote, end, tail)) return false;
            server = nameStart;
            serverLength = quote - nameStart;
            text = quote + tail.Length;
            if (text < end && buf[text] == ' ') text++;
            return true;
        }

        /// <summary>
        /// Whether a VS Code line answers none of VS Code's requests to the server: its warning that a line of the server's
        /// stdout was not JSON, "&lt;stamp&gt; [warning] Failed to parse message: "&lt;line&gt;"", which delivers no message
        /// (src/vs/workbench/api/browser/mainThreadMcp.ts ExtHostMcpServerLaunch.pushMessage: pushLog(Warning, `Failed to
        /// parse message: ${JSON.stringify(message)}`)); and at the level VS Code logs messages at, a message it sends
        /// ("[editor -&gt; server] {...}") or one the server sends that is no response: a whole JSON object with a top-level
        /// "method" and no "result" or "error" (contrib/mcp/common/mcpServerRequestHandler.ts handleMessage logs
        /// `[server -&gt; editor] ${JSON.stringify(message)}` and takes only a message with "result" or "error" as a reply).
        /// </summary>
        public static bool AnswersNothing(char[] buf, int body, int end)
        {
            int close = IndexOf(buf, ']', body + 24, end, 12);
            if (close < 0) return false;
            if (StartsWith(buf, close + 1, end, " Failed to parse message: ") || StartsWith(buf, close + 1, end, " [editor -> server] ")) return true;
            const string fromServer = " [server -> editor] ";
            return StartsWith(buf, close + 1, end, fromServer) && IsNoResponse(buf, close + 1 + fromServer.Length, end);
        }

        // A JSON object that closes on this line with a top-level "method" and neither "result" nor "error". Anything else (a
        // response, a line cut before its object closes, not an object) may be the reply, so it is not said to answer nothing.
        private static bool IsNoResponse(char[] b, int p, int end)
        {
            if (p >= end || b[p] != '{') return false;
            int depth = 0;
            bool method = false, key = false;
            for (int i = p; i < end; i++)
            {
                char c = b[i];
                if (c == '"')
                {
                    int j = i + 1;
                    while (j < end && b[j] != '"') j += b[j] == '\\' ? 2 : 1;
                    if (j >= end) return false;
                    if (depth == 1 && key)
                    {
                        if (Is(b, i + 1, j, "result") || Is(b, i + 1, j, "error")) return false;
                        method |= Is(b, i + 1, j, "method");
                        key = false;
                    }
                    i = j;
                }
                else if (c == '{' || c == '[')
                {
                    depth++;
                    key = depth == 1;
                }
                else if (c == '}' || c == ']')
                {
                    if (--depth == 0) return method;
                }
                else if (c == ',' && depth == 1) key = true;
            }
            return false;
        }

        // Cursor writes each stderr chunk of a server as "<stamp> [error] <label>: <chunk>" and its own lines about that server
        // with the same "<label>: " (observed, not from source: pathintegral-institute/mcpm.sh #228, designcomputer/mysql_mcp_server
        // #49; label "user-<entry name>" for an entry of ~/.cursor/mcp.json). So this only says where a label's text is; the
        // scanner takes it as the server's only when the text is one the server writes (a tsh line). The label is the server's
        // name; the entry it stands for is CursorEntry's.
        private static bool CursorLabel(char[] buf, int p, int end, out int text, out int server, out int serverLength)
        {
            text = server = 0;
            serverLength = -1;
            if (p >= end || buf[p] != ' ') return false;
            int start = p + 1;
            int colon = start;
            while (colon + 1 < end && colon - start < 300 && !(buf[colon] == ':' && buf[colon + 1] == ' ')) colon++;
            if (colon + 1 >= end || buf[colon] != ':' || colon == start) return false;
            server = start;
            serverLength = colon - server;
            text = colon + 2;
            return true;
        }

        /// <summary>
        /// The entry of Cursor's mcp.json a Cursor server label stands for; null when the label does not say. Cursor names an
        /// entry of ~/.cursor/mcp.json "user-&lt;entry&gt;" and one of a project's .cursor/mcp.json
        /// "project-&lt;n&gt;-&lt;folder&gt;-&lt;entry&gt;" (observed, not from source: tirth8205/code-review-graph #304 names both rules;
        /// microsoft/mcp #1045 "project-0-123-Azure MCP Server"). A folder name may hold '-', so a project label names its
        /// entry only when exactly one "-teleport-mcp-" (the name tsh mcp config gives) follows the folder's first character.
        /// Labels of other shapes (0.48 cut them to their last 4 characters) name no entry.
        /// </summary>
        public static string? CursorEntry(string? label)
        {
            if (label == null) return null;
            const string user = "user-", project = "project-", teleport = "-" + Clients.ClientEntryName.Prefix;
            if (label.StartsWith(user, StringComparison.Ordinal)) return label.Length > user.Length ? label.Substring(user.Length) : null;
            if (!label.StartsWith(project, StringComparison.Ordinal)) return null;
            int p = project.Length;
            while (p < label.Length && IsDigit(label[p])) p++;
            if (p == project.Length || p >= label.Length || label[p] != '-') return null;
            int first = label.IndexOf(teleport, p + 2, StringComparison.Ordinal);
            if (first < 0 || label.IndexOf(teleport, first + 1, StringComparison.Ordinal) >= 0) return null;
            return label.Length > first + teleport.Length ? label.Substring(first + 1) : null;
        }

        /// <summary>The Teleport app behind a client's server entry: <c>tsh mcp config</c> names it teleport-mcp-APP.</summary>
        public static string? AppFromServer(string? server) =>
            server == null || server.Length == 0 ? null : Clients.ClientEntryName.AppOf(server);

        /// <summary>The server name a client log file is about: mcp-server-NAME.log, or a mcp-logs-NAME folder (Claude Code).</summary>
        public static string? ServerFromPath(string? path)
        {
            if (path == null || path.Length == 0) return null;
            string norm = path.Replace('\\', '/');
            string file = norm.Substring(norm.LastIndexOf('/') + 1);
            const string p1 = "mcp-server-";
            if (file.StartsWith(p1, StringComparison.Ordinal))
            {
                string rest = file.Substring(p1.Length);
                int dot = rest.IndexOf(".log", StringComparison.Ordinal);
                return dot > 0 ? rest.Substring(0, dot) : null;
            }
            // VS Code: the logger mcpServer.<definition id> (contrib/mcp/common/mcpServer.ts) writes <window log folder>/
            // mcpServer.<id>.log; a server of an mcp.json has the id mcp.config.<usrlocal|usrremote|workspace|wfN>.<name>
            // (common/discovery/configMcpDiscovery.ts, common/mcpConfigPathsService.ts).
            const string p2 = "mcpServer.mcp.config.";
            if (file.StartsWith(p2, StringComparison.Ordinal) && file.EndsWith(".log", StringComparison.Ordinal))
            {
                int dot = file.IndexOf('.', p2.Length);
                int stop = file.Length - ".log".Length;
                return dot > 0 && dot + 1 < stop ? file.Substring(dot + 1, stop - dot - 1) : null;
            }
            int i = norm.IndexOf("/mcp-logs-", StringComparison.Ordinal);
            if (i >= 0)
            {
                int s = i + "/mcp-logs-".Length;
                int e = norm.IndexOf('/', s);
                return e > s ? norm.Substring(s, e - s) : null;
            }
            return null;
        }

        private static int IndexOfSpace(string s)
        {
            int i = s.IndexOf(' ');
            return i < 0 ? s.Length : i;
        }

        private static void TextFields(string head, Finding f)
        {
            foreach (Match m in TextField.Matches(head))
            {
                string v = m.Groups["v"].Value;
                if (v.Length >= 2 && v[0] == '"') v = Unquote(v);
                Assign(f, m.Groups["k"].Value, v);
            }
        }

        private static void Assign(Finding f, string key, string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            switch (key)
            {
                case "app":
                case "app_name":
                    if (f.App == null) f.App = value;
                    break;
                case "server":
                    if (f.App == null) f.App = AppFromServer(value);
                    break;
                case "user":
                    if (f.User == null) f.User = value;
                    break;
                case "run_as_host_user":
                    if (f.HostUser == null) f.HostUser = value;
                    break;
                case "cmd":
                case "command":
                    if (f.Command == null) f.Command = value;
                    break;
            }
        }

        private static string Unquote(string v)
        {
            var sb = new StringBuilder(v.Length);
            for (int i = 1; i < v.Length - 1; i++)
            {
                char c = v[i];
                if (c == '\\' && i + 1 < v.Length - 1)
                {
                    char n = v[++i];
                    sb.Append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
                }
                else sb.Append(c);
            }
            return sb.ToString();
        }

        private static void JsonFields(string head, Finding f)
        {
            DocNode root;
            try
            {
                root = JsonParser.Parse(head, null, lenient: true);
            }
            catch (Exception)
            {
                return;
            }
            if (!(root is DocMap map)) return;
            string? ts = (map.Get("timestamp") ?? map.Get("time") ?? map.Get("ts"))?.AsString();
            if (ts != null) f.Time = ParseTime(ts);
            foreach (var key in new[] { "app", "app_name", "server", "user", "run_as_host_user", "cmd", "command" })
                Assign(f, key, map.Get(key)?.AsString());
        }

        /// <summary>RFC 3339 (with or without fraction and zone) or "yyyy-MM-dd HH:mm:ss.fff" (local, no zone).</summary>
        public static DateTime? ParseTime(string text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            text = text.Trim();
            bool zoned = text.EndsWith("Z", StringComparison.Ordinal) || Regex.IsMatch(text, @"[+-]\d\d:?\d\d$");
            if (zoned && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
                return dto.UtcDateTime;
            if (DateTime.TryParseExact(text, new[] { "yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss.fff", "yyyy-MM-ddTHH:mm:ss" },
                    CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
                return dt;
            return null;
        }
    }
}
