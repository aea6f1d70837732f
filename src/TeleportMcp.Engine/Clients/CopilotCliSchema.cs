using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>Why Copilot CLI does not load a server entry of its file: its own message, the field and where it is written.</summary>
    public sealed class CopilotCliDrop
    {
        internal CopilotCliDrop(CopilotCliSchema.Rule rule, string message, SourceLocation? at, CopilotCliDrop? older = null, CopilotCliDrop? olderOnly = null)
        {
            Rule = rule;
            Message = message;
            Location = at;
            WholeFile = rule.Since == null ? this : older;
            OlderOnly = olderOnly;
        }

        internal CopilotCliSchema.Rule Rule { get; }

        /// <summary>Copilot CLI's text after 'Skipping invalid MCP server "name": ' ("env.A: Expected string").</summary>
        public string Message { get; }

        public SourceLocation? Location { get; }

        /// <summary>
        /// The rule for which the releases before <see cref="CopilotCliSchema.Rule.Since"/> drop the entry: this one, or, when this one
        /// is newer, the first later rule the entry breaks (measured: "disabled": 1 with "cwd": 1 is "disabled: Expected boolean" to
        /// 1.0.81 and later and "mcpServers.t.cwd: Expected string" to 1.0.78); null when those releases load the entry.
        /// </summary>
        public CopilotCliDrop? WholeFile { get; }

        /// <summary>
        /// Beside the newest releases' reason, the rule only older releases apply (<see cref="CopilotCliSchema.Rule.UpTo"/>) that they
        /// check first and the entry breaks too: those releases refuse the whole file for it.
        /// </summary>
        public CopilotCliDrop? OlderOnly { get; }

        /// <summary>Whether the newest release measured drops the entry (else only releases up to <see cref="CopilotCliSchema.Rule.UpTo"/> do).</summary>
        public bool NewestDrops => Rule.UpTo == null;

        /// <summary>Whether every release measured drops the entry (else only the newer ones, or only the older ones, do).</summary>
        public bool AllReleases => Rule.UpTo == null && WholeFile != null;
    }

    /// <summary>
    /// The server-entry schema Copilot CLI checks after parsing its files (the user file and a project's .mcp.json or
    /// .github/mcp.json alike). Measured with the loaders of @github/copilot-linux-x64's runtime.node called from Node
    /// (mcpConfigLoadMerged, whose workspaceErrors give the text, 'Skipping invalid MCP server "t": env.A: Expected
    /// string'), on every release from 1.0.78 to 1.0.102 the npm registry serves: the user file's broken entry is skipped
    /// and the rest loaded since 1.0.79, a project file's since 1.0.89; before, the whole file is refused with the same
    /// texts ("mcpServers.t.env.A: Expected string"; 1.0.78 mcpConfigLoadPersisted, mcpConfigParseWorkspace).
    /// One rule a row, in the order the CLI reports them when an entry breaks several (measured on pairs, and on 1,500 generated
    /// entries of several faults each against 1.0.102).
    /// </summary>
    public static class CopilotCliSchema
    {
        /// <summary>One check of an entry: the field it reads, the test (the CLI's message, or null), and since which release.</summary>
        internal sealed class Rule
        {
            public Rule(string field, EntryKind kind, Func<string, DocMap, DocNode?, Broken?> test, string fix, string? since = null, string? loadedUpTo = null,
                string? upTo = null, string? loadedFrom = null, bool userFileOnly = false)
            {
                UserFileOnly = userFileOnly;
                LoadedUpTo = loadedUpTo;
                UpTo = upTo;
                LoadedFrom = loadedFrom;
                Field = field;
                Kind = kind;
                Test = test;
                Fix = fix;
                Since = since;
            }

            /// <summary>The entry's property the rule reads; "" for the entry's name.</summary>
            public string Field { get; }
            public EntryKind Kind { get; }
            /// <summary>(name, entry, the field's value or null when absent) to the CLI's message and the value it names; null when the rule holds.</summary>
            public Func<string, DocMap, DocNode?, Broken?> Test { get; }
            public string Fix { get; }
            /// <summary>The first release measured to apply it; null when every release measured does.</summary>
            public string? Since { get; }
            /// <summary>The last release measured not to apply it (the one before <see cref="Since"/>).</summary>
            public string? LoadedUpTo { get; }
            /// <summary>The last release measured to apply it, when newer ones no longer do; null when the newest does.</summary>
            public string? UpTo { get; }
            /// <summary>The first release measured not to apply it (the one after <see cref="UpTo"/>).</summary>
            public string? LoadedFrom { get; }
            /// <summary>Whether only the user file is checked so: the releases that apply it read no project file, or read one without it.</summary>
            public bool UserFileOnly { get; }
        }

        /// <summary>The CLI's message and the value it is about (null: the entry itself).</summary>
        internal sealed class Broken
        {
            public Broken(string message, DocNode? at)
            {
                Message = message;
                At = at;
            }

            public string Message { get; }
            public DocNode? At { get; }
        }

        /// <summary>Which of the CLI's entry shapes a rule reads: every entry, a local (command) one, a remote (url) one, or one with neither.</summary>
        internal enum EntryKind { Any, Local, Remote, Neither, NotAnObject }

        /// <summary>The releases the table was measured on.</summary>
        public const string Measured = "every release from 1.0.78 to 1.0.102";

        /// <summary>
        /// The newest release whose loader refuses the whole user file (<see cref="UserWholeFileUpTo"/>) or project file
        /// (<see cref="ProjectWholeFileUpTo"/>) for one entry it does not take; the next skips the entry and loads the rest
        /// (measured: 1.0.79 and 1.0.89 are the first that skip).
        /// </summary>
        public const string UserWholeFileUpTo = "1.0.78", ProjectWholeFileUpTo = "1.0.88";

        /// <summary>The first release that skips the entry instead of the whole file.</summary>
        public const string UserSkipsFrom = "1.0.79", ProjectSkipsFrom = "1.0.89";

        /// <summary>
        /// Where an entry with a "command" and no "type" was measured to load as a local server, a "url" beside the command
        /// not read ("type": "" is dropped, "type: Invalid literal value"): the loaders of runtime.node (mcpConfigLoadMerged,
        /// mcpConfigLoadPersisted, mcpConfigParseAdditional) of every release the npm registry serves that has them; the older
        /// bundles' test of a local server is "t.type===void 0||...==="local"||...==="stdio"" (index.js/app.js, read).
        /// </summary>
        public const string NoTypeMeasured = "measured on every release from 1.0.49 to 1.0.102; 0.0.371 to 1.0.48 run no such loader, and their JavaScript takes a missing type as local";

        /// <summary>
        /// Which releases refuse the whole file for <paramref name="drop"/> ("1.0.78 and earlier", "1.0.81 to 1.0.88"), with the
        /// message and place of the newest of them; null when every release that checks the rule skips only the entry.
        /// </summary>
        internal static (string Releases, CopilotCliDrop Drop)? WholeFile(CopilotCliDrop drop, bool project)
        {
            // A rule only older releases apply: all of them refuse the whole file, both bounds lying before 1.0.78.
            if (drop.Rule.UpTo != null) return (drop.Rule.UpTo + " and earlier", drop);
            var newer = WholeFileOfNewer(drop, project);
            if (drop.OlderOnly == null || drop.AllReleases) return newer;
            string older = drop.OlderOnly.Rule.UpTo + " and earlier";
            return newer == null ? (older, drop.OlderOnly) : (older + ", and " + newer.Value.Releases, newer.Value.Drop);
        }

        /// <summary>As <see cref="WholeFile"/>, leaving out the rule only older releases apply (<see cref="CopilotCliDrop.OlderOnly"/>).</summary>
        internal static (string Releases, CopilotCliDrop Drop)? WholeFileOfNewer(CopilotCliDrop drop, bool project)
        {
            string upTo = project ? ProjectWholeFileUpTo : UserWholeFileUpTo;
            if (drop.Rule.Since == null) return (upTo + " and earlier", drop);
            if (Newer(drop.Rule.Since, upTo)) return drop.WholeFile == null ? ((string, CopilotCliDrop)?)null : (upTo + " and earlier", drop.WholeFile);
            return (drop.WholeFile == null ? drop.Rule.Since + " to " + upTo : upTo + " and earlier", drop);
        }

        private static bool Newer(string a, string b) => Version.Parse(a) > Version.Parse(b);

        private const string NameMessage = "MCP server name must not contain control characters or '}', and must not start or end with a slash or contain consecutive slashes";

        // The white space the CLI trims from a name (its regex in runtime.node: \t-\r, space, U+00A0, U+1680, U+2000-U+200A,
        // U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF).
        private static bool IsNameSpace(char c) =>
            (c >= '\t' && c <= '\r') || c == ' ' || c == '\u00A0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200A')
            || c == '\u2028' || c == '\u2029' || c == '\u202F' || c == '\u205F' || c == '\u3000' || c == '\uFEFF';

        private static readonly string[] FilterModes = { "none", "hidden_characters", "markdown" };
        private static readonly string[] LocalTypes = { "local", "stdio" };
        private static readonly string[] RemoteTypes = { "http", "sse", "streamable-http" };

        internal static readonly Rule[] Rules =
        {
            new Rule("", EntryKind.Any, (name, _, __) =>
                name.Length == 0 ? Says("MCP server name cannot be empty")
                : name.All(IsNameSpace) ? Says("MCP server name cannot be only whitespace")
                : name.Any(c => char.IsControl(c) || c == '}') || name[0] == '/' || name[name.Length - 1] == '/' || name.Contains("//") ? Says(NameMessage)
                : null,
                "Rename the entry: no control characters or '}', no '/' at either end or twice in a row (tsh mcp config writes teleport-mcp-<app>)."),
            // Older releases' name rules, user file only (their project-file schema, where they read one, keys servers by any string:
            // 1.0.30 app.js record(string(), ...)). Measured with each release's own "mcp" store load() (/tmp/h298/h.mjs, helper-283's
            // harness; texts x.jsonl): @github/copilot@0.0.340 to @0.0.417 refuse the whole file for a name outside [0-9A-Za-z_-]
            // (regex /^[0-9a-zA-Z_-]+$/, read), @0.0.420 takes "a.b", "a/b", "a@b"; @0.0.420 to @1.0.34 refuse one outside
            // ^[0-9a-zA-Z_.@-]+(/[0-9a-zA-Z_.@-]+)*$ (":", a space, non-ASCII), @1.0.35 takes it.
            new Rule("", EntryKind.Any, (name, _, __) => name.Length > 0 && !name.All(c => IsAsciiAlphanumeric(c) || c == '_' || c == '-')
                    ? Says("MCP server name must only contain alphanumeric characters, underscores, and hyphens") : null,
                "Rename the entry with ASCII letters, digits, '_' and '-' only (tsh mcp config writes teleport-mcp-<app>).", upTo: "0.0.417", loadedFrom: "0.0.420", userFileOnly: true),
            new Rule("", EntryKind.Any, (name, _, __) => name.Length > 0 && !OlderSlashName(name)
                    ? Says("MCP server name must only contain alphanumeric characters, dots, slashes, @, underscores, and hyphens, and must not start or end with a slash or contain consecutive slashes") : null,
                "Rename the entry with ASCII letters, digits, '_', '-', '.', '@' and single inner '/' only (tsh mcp config writes teleport-mcp-<app>).", upTo: "1.0.34", loadedFrom: "1.0.35", userFileOnly: true),
            new Rule("", EntryKind.NotAnObject, (_, __, ___) => Says("server config must be an object"), "Make the entry an object with \"command\" and \"args\"."),
            // A "type" that is not a string is refused before the entry's shape is read; a string the CLI does not know is refused
            // first for a remote entry (its schema reads "type" before "url") and after "disabled" for a local one (measured, 1.0.102 and 1.0.78).
            new Rule("type", EntryKind.Any, (_, __, v) => v == null || IsString(v) ? null : Says("type: Expected string", v), TypeFix),
            new Rule("command", EntryKind.Neither, (_, __, ___) => Says("server config must define command or url"),
                "Add \"command\": \"tsh\" and \"args\": [\"mcp\", \"connect\", \"<app>\"]."),
            new Rule("type", EntryKind.Remote, (_, __, v) => KnownType(v), TypeFix),
            // Measured (1.0.49-1.0.73 refuse the whole file, "mcpServers.t.type: Invalid literal value", before "url"; 1.0.75 loads it as
            // "http"; npm serves no 1.0.74); the older bundles' remote schema is type: literal("http").or(literal("sse")) (read).
            // To them it is an unknown type: an entry with neither "command" nor "url" is refused for that first (measured).
            new Rule("type", EntryKind.Remote, (_, entry, v) => !(v is DocScalar s && s.IsQuoted && s.Value == "streamable-http") ? null
                : entry.Get("url") == null && entry.Get("command") == null ? Says("server config must define command or url") : Says("type: Invalid literal value", v),
                "Write \"type\": \"http\" (the same transport, which every release takes).", upTo: "1.0.73", loadedFrom: "1.0.75"),
            new Rule("url", EntryKind.Remote, (_, __, v) => v == null ? Says("url: Required") : !IsString(v) ? Says("url: Expected string", v) : IsUrl(((DocScalar)v).Value ?? "") ? null : Says("url: Invalid url", v),
                "Set \"type\": \"local\" for a command (tsh mcp connect speaks stdio)."),
            new Rule("command", EntryKind.Local, (_, __, v) => v == null ? Says("command: Required") : !IsString(v) ? Says("command: Expected string", v) : null,
                "Write \"command\" as one string: the path of tsh."),
            new Rule("args", EntryKind.Local, (_, __, v) => StringList("args", v), "Write \"args\" as a list of strings: [\"mcp\", \"connect\", \"<app>\"]."),
            new Rule("tools", EntryKind.Any, (_, __, v) => StringList("tools", v), "Write \"tools\" as a list of strings: [\"*\"] for all tools."),
            // Measured (each release's own "mcp" store load(), helper-283's harness, texts "base" and x.jsonl): @github/copilot@0.0.340 to
            // @0.0.403 refuse the whole user file for an entry without "tools" ("mcpServers.<name>.tools: Required", zod invalid_union), the
            // entry tsh mcp config writes included; @0.0.406 loads it. They read no project file (.mcp.json only for plugins, index.js read).
            new Rule("tools", EntryKind.Any, (_, __, v) => v == null ? Says("tools: Required") : null,
                "Add \"tools\": [\"*\"] to the entry (Copilot CLI 0.0.403 and earlier require it; later releases take all tools without it).", upTo: "0.0.403", loadedFrom: "0.0.406", userFileOnly: true),
            // Measured (1.0.49-1.0.71: any value but true or false, null included, refuses the whole file, "mcpServers.t.isDefaultServer:
            // Expected boolean", after "tools" and before "filterMapping", "timeout", "cwd", "env"; 1.0.73 ignores it; npm serves no
            // 1.0.72); the older bundles' schema has isDefaultServer: boolean().optional() (read).
            new Rule("isDefaultServer", EntryKind.Any, (_, __, v) => v == null || IsBool(v) ? null : Says("isDefaultServer: Expected boolean", v),
                "Remove \"isDefaultServer\" (Copilot CLI sets it for its own servers), or write it as true or false.", upTo: "1.0.71", loadedFrom: "1.0.73"),
            new Rule("filterMapping", EntryKind.Any, (_, __, v) => FilterMapping(v),
                "Write \"filterMapping\" as \"none\", \"hidden_characters\" or \"markdown\" (or remove it)."),
            new Rule("timeout", EntryKind.Any, (_, __, v) => Timeout(v), "Write \"timeout\" as a whole number of milliseconds above 0 (or remove it)."),
            new Rule("disabled", EntryKind.Any, (_, __, v) => v == null || IsBool(v) ? null : Says("disabled: Expected boolean", v),
                "Write \"disabled\" as true or false (or remove it).", since: "1.0.81", loadedUpTo: "1.0.80"),
            new Rule("type", EntryKind.Local, (_, __, v) => KnownType(v), TypeFix),
            new Rule("cwd", EntryKind.Local, (_, __, v) => v == null || IsString(v) ? null : Says("cwd: Expected string", v), "Write \"cwd\" as a string (or remove it)."),
            new Rule("env", EntryKind.Local, (_, __, v) => StringMap("env", v), "Write every \"env\" value as a string (\"1\", not 1)."),
            new Rule("headers", EntryKind.Remote, (_, __, v) => StringMap("headers", v), "Write every \"headers\" value as a string."),
        };

        private const string TypeFix = "Set \"type\": \"local\" (Copilot CLI takes \"local\", \"stdio\", \"http\", \"sse\" and \"streamable-http\", in lower case).";

        // A string "type" (the rule above refuses any other value) that the CLI knows.
        private static Broken? KnownType(DocNode? v) =>
            !(v is DocScalar s) || !s.IsQuoted || LocalTypes.Contains(s.Value) || RemoteTypes.Contains(s.Value) ? null : Says("type: Invalid literal value", v);

        /// <summary>
        /// The entry's shape to the CLI: a "type" it reads as local or remote decides; without one, an entry with a
        /// "command" (whatever its value) is local, one with only a "url" remote (measured: {"command":null,"url":...} is
        /// "command: Expected string"; {"type":"x"} alone "server config must define command or url").
        /// </summary>
        private static EntryKind KindOf(DocMap entry)
        {
            var type = entry.Get("type") is DocScalar t && t.IsQuoted ? t.Value : null;
            if (type != null && LocalTypes.Contains(type)) return EntryKind.Local;
            if (type != null && RemoteTypes.Contains(type)) return EntryKind.Remote;
            return entry.Get("command") != null ? EntryKind.Local : entry.Get("url") != null ? EntryKind.Remote : EntryKind.Neither;
        }

        /// <summary>
        /// The first rule an entry breaks, in the CLI's order; null when Copilot CLI loads it. A rule only older releases apply
        /// (<see cref="Rule.UpTo"/>) is the drop when the newest releases load the entry, and rides along (<see cref="CopilotCliDrop.OlderOnly"/>)
        /// when they drop it: measured, 1.0.71 refuses {"isDefaultServer":1,"env":{"A":1}} for isDefaultServer, 1.0.75 for env.A.
        /// </summary>
        public static CopilotCliDrop? Check(McpServerEntry e, bool project = false)
        {
            if (e.Written == null) return null;
            var entry = e.Written as DocMap ?? new DocMap(e.Written.Location);
            var kind = e.Written is DocMap ? KindOf(entry) : EntryKind.NotAnObject;
            var newest = Newest(e, entry, kind);
            // What the oldest releases measured check first: a rule every release applies, or the rules only they apply. Every such
            // range starts at the oldest release, so of the rules only they apply the entry breaks, the one applied longest names
            // the releases that refuse the file.
            CopilotCliDrop? older = null;
            foreach (var rule in Rules)
            {
                if (rule.Since != null || !Reads(rule, kind) || (project && rule.UserFileOnly)) continue;
                var broken = rule.Test(e.Name, entry, rule.Field.Length == 0 ? null : entry.Get(rule.Field));
                if (broken == null) continue;
                if (rule.UpTo == null) break;
                if (older == null || Newer(rule.UpTo, older.Rule.UpTo!)) older = new CopilotCliDrop(rule, broken.Message, broken.At?.Location ?? e.Location);
            }
            if (older == null) return newest;
            return newest == null ? older : new CopilotCliDrop(newest.Rule, newest.Message, newest.Location, newest.WholeFile, older);
        }

        /// <summary>
        /// Every rule only older releases apply (<see cref="Rule.UpTo"/>) that <paramref name="e"/> breaks, in the order the oldest
        /// releases check them, stopping at a rule every release applies (as <see cref="Check"/>): each refuses the whole file for the
        /// releases up to its bound. Empty when it breaks none.
        /// </summary>
        internal static IReadOnlyList<CopilotCliDrop> OlderOnlyBreaks(McpServerEntry e, bool project = false)
        {
            var found = new List<CopilotCliDrop>();
            if (e.Written == null) return found;
            var entry = e.Written as DocMap ?? new DocMap(e.Written.Location);
            var kind = e.Written is DocMap ? KindOf(entry) : EntryKind.NotAnObject;
            foreach (var rule in Rules)
            {
                if (rule.Since != null || !Reads(rule, kind) || (project && rule.UserFileOnly)) continue;
                var broken = rule.Test(e.Name, entry, rule.Field.Length == 0 ? null : entry.Get(rule.Field));
                if (broken == null) continue;
                if (rule.UpTo == null) break;
                found.Add(new CopilotCliDrop(rule, broken.Message, broken.At?.Location ?? e.Location));
            }
            return found;
        }

        /// <summary>
        /// What each group of releases does with an entry for the rules only older releases apply that it breaks
        /// (<see cref="OlderOnlyBreaks"/>), oldest first: the releases up to the first bound refuse the whole file for every one
        /// of them, the next group for those whose bound is later, and so on; the releases after the last bound
        /// <paramref name="after"/> (status <paramref name="afterStatus"/>).
        /// </summary>
        internal static List<ReleaseAnswer> OlderOnlyGroups(IReadOnlyList<CopilotCliDrop> breaks, string first, string next, CheckStatus afterStatus, string after)
        {
            string At(CopilotCliDrop d) => d.Message + (d.Location != null && d.Location.Line > 0 ? " at line " + d.Location.Line + ", column " + d.Location.Column : "");
            var bounds = breaks.Select(b => b.Rule.UpTo!).Distinct().OrderBy(Version.Parse).ToList();
            var groups = new List<ReleaseAnswer>();
            string? from = null;
            foreach (var bound in bounds)
            {
                var still = breaks.Where(b => !Newer(bound, b.Rule.UpTo!)).ToList();
                groups.Add(new ReleaseAnswer(from, bound, CheckStatus.Fail, (from == null ? first : next) + ": " + ListText.JoinWhole(", and ", still.Select(At))));
                from = still.First(b => b.Rule.UpTo == bound).Rule.LoadedFrom;
            }
            groups.Add(new ReleaseAnswer(from, null, afterStatus, after));
            return groups;
        }

        /// <summary><paramref name="drop"/>, or null when only releases before <paramref name="release"/> refuse the file for it (<see cref="Rule.UpTo"/>).</summary>
        internal static CopilotCliDrop? AppliedFrom(CopilotCliDrop? drop, string release) =>
            drop != null && drop.Rule.UpTo != null && Newer(release, drop.Rule.UpTo) ? null : drop;

        private static bool Reads(Rule rule, EntryKind kind) =>
            (rule.Kind == EntryKind.Any || rule.Kind == kind) && !(kind == EntryKind.NotAnObject && rule.Field.Length > 0);

        // The newest releases' reason, and for a rule only newer releases apply, the reason the older ones refuse the file for.
        private static CopilotCliDrop? Newest(McpServerEntry e, DocMap entry, EntryKind kind)
        {
            (Rule Rule, Broken Broken)? first = null;
            foreach (var rule in Rules)
            {
                if (rule.UpTo != null || !Reads(rule, kind)) continue;
                // Past a newer rule, only what every release checks: why the older ones refuse the file.
                if (first != null && rule.Since != null) continue;
                var broken = rule.Test(e.Name, entry, rule.Field.Length == 0 ? null : entry.Get(rule.Field));
                if (broken == null) continue;
                var at = broken.At?.Location ?? e.Location;
                if (first == null && rule.Since != null) { first = (rule, broken); continue; }
                var drop = new CopilotCliDrop(rule, broken.Message, at);
                return first == null ? drop : new CopilotCliDrop(first.Value.Rule, first.Value.Broken.Message, first.Value.Broken.At?.Location ?? e.Location, drop);
            }
            return first == null ? null : new CopilotCliDrop(first.Value.Rule, first.Value.Broken.Message, first.Value.Broken.At?.Location ?? e.Location);
        }

        private static Broken Says(string message, DocNode? at = null) => new Broken(message, at);

        private static readonly string[] SpecialSchemes = { "http", "https", "ws", "wss", "ftp" };

        /// <summary>
        /// A URL as the CLI's parser takes it, for what the measured texts need: a scheme (a letter, then letters, digits,
        /// '+', '-', '.'), and for http, https, ws, wss and ftp a host ("http://" and "x.com" refused; "ftp://x/",
        /// "file:///x", "http://[::1]:8/" taken). Other WHATWG URL rules are not reproduced.
        /// </summary>
        private static bool IsUrl(string s)
        {
            int colon = s.IndexOf(':');
            if (colon < 1 || !IsAsciiLetter(s[0])) return false;
            for (int i = 1; i < colon; i++)
                if (!IsAsciiLetter(s[i]) && !(s[i] >= '0' && s[i] <= '9') && s[i] != '+' && s[i] != '-' && s[i] != '.') return false;
            if (!SpecialSchemes.Contains(s.Substring(0, colon).ToLowerInvariant())) return true;
            var rest = s.Substring(colon + 1).TrimStart('/', '\\');
            int end = rest.IndexOfAny(new[] { '/', '\\', '?', '#' });
            var authority = end < 0 ? rest : rest.Substring(0, end);
            var host = authority.Substring(authority.LastIndexOf('@') + 1);
            if (host.StartsWith("[", StringComparison.Ordinal)) return host.IndexOf(']') > 1;
            int port = host.LastIndexOf(':');
            if (port >= 0) host = host.Substring(0, port);
            return host.Length > 0 && host.All(c => c > ' ' && "<>^|%\"".IndexOf(c) < 0);
        }

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        private static bool IsAsciiAlphanumeric(char c) => IsAsciiLetter(c) || (c >= '0' && c <= '9');

        // ^[0-9a-zA-Z_.@-]+(/[0-9a-zA-Z_.@-]+)*$ (app.js 0.0.420 to 1.0.34): segments of those characters, one '/' between them.
        private static bool OlderSlashName(string name) =>
            name.Split('/').All(seg => seg.Length > 0 && seg.All(c => IsAsciiAlphanumeric(c) || c == '_' || c == '.' || c == '@' || c == '-'));

        private static bool IsString(DocNode v) => v is DocScalar s && s.IsQuoted;
        private static bool IsBool(DocNode v) => v is DocScalar s && !s.IsQuoted && !s.IsNull && (s.Value == "true" || s.Value == "false");
        private static bool IsNumber(DocNode v) => v is DocScalar s && !s.IsQuoted && !s.IsNull && s.Value != "true" && s.Value != "false";

        private static Broken? StringList(string field, DocNode? v)
        {
            if (v == null) return null;
            if (!(v is DocList l)) return Says(field + ": Expected array", v);
            var bad = l.Items.FirstOrDefault(i => !IsString(i));
            return bad == null ? null : Says(field + ": Expected string", bad);
        }

        // The first value that is not a string names its key, in the file's order (measured: {"C":2,"B":1} gives env.C).
        private static Broken? StringMap(string field, DocNode? v)
        {
            if (v == null) return null;
            if (!(v is DocMap m)) return Says(field + ": Expected object", v);
            foreach (var kv in m.Entries)
                if (!IsString(kv.Value)) return Says(field + "." + kv.Key + ": Expected string", kv.Value);
            return null;
        }

        // A mode, or an object of modes (measured: {"a":"none"} taken, {"a":"x"} and {"a":1} "Invalid enum value", [] and null "Invalid input").
        private static Broken? FilterMapping(DocNode? v)
        {
            if (v == null) return null;
            if (IsString(v)) return FilterModes.Contains(((DocScalar)v).Value) ? null : Says("filterMapping: Invalid enum value", v);
            if (!(v is DocMap m)) return Says("filterMapping: Invalid input", v);
            var bad = m.Entries.FirstOrDefault(kv => !IsString(kv.Value) || !FilterModes.Contains(((DocScalar)kv.Value).Value)).Value;
            return bad == null ? null : Says("filterMapping: Invalid enum value", bad);
        }

        /// <summary>
        /// "timeout": a number whose double has no fraction and lies within ±2^63 (9.2e18 and 9223372036854775808 taken,
        /// 9.3e18, 1e20 and 18446744073709551615 refused, "Expected integer"), then above 0 (-0, 0.0 refused).
        /// </summary>
        private static Broken? Timeout(DocNode? v)
        {
            if (v == null) return null;
            if (!IsNumber(v) || !double.TryParse(((DocScalar)v).Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                || double.IsInfinity(d) || double.IsNaN(d) || Math.Floor(d) != d || Math.Abs(d) > 9223372036854775808.0)
                return Says("timeout: Expected integer", v);
            return d > 0 ? null : Says("timeout: Number must be greater than 0", v);
        }
    }
}
