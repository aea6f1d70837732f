using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>How an MCP client builds the environment of a stdio server it starts (<see cref="ServerEnvironment"/>).</summary>
    public enum ServerEnvironmentKind
    {
        /// <summary>Not confirmed for the client: the check says so instead of assuming either way.</summary>
        Unknown,
        /// <summary>The client's own whole environment, the entry's env setting (or removing) variables over it.</summary>
        InheritsAll,
        /// <summary>Only a fixed list of the client's variables, plus the entry's env.</summary>
        Allowlist,
    }

    /// <summary>How a client's runtime chooses between spellings of one Windows variable name (names ignore case there).</summary>
    public enum WindowsSpellingRule
    {
        /// <summary>Not confirmed for the client.</summary>
        Unknown,
        /// <summary>Node's child_process: the spelling that sorts first (code units) is kept, whichever set it.</summary>
        NodeKeepsFirstSorted,
        /// <summary>Rust's std::process::Command: a variable the client sets replaces its own in any spelling; two it sets replace each other in the order set.</summary>
        SetReplacesAnySpelling,
    }

    /// <summary>
    /// Which of its own environment variables an MCP client passes to the stdio servers it starts, one rule per client, in
    /// one place: the check applies it both to the shell's TELEPORT_* values and to the home and HTTP proxy variables
    /// (<see cref="TshFlags.ClientEnvironment"/>).
    /// </summary>
    public sealed class ServerEnvironment
    {
        private readonly ServerEnvironmentKind _kind;
        private readonly string _source;
        private readonly ServerEnvironmentKind? _windowsKind;
        private readonly string? _windowsSource;
        private readonly string[] _posix;
        private readonly string[] _windows;
        private readonly string[] _unsurePosix;
        private readonly string[] _unsureWindows;
        private readonly string[] _unsureAnyCase;

        private ServerEnvironment(string client, ServerEnvironmentKind kind, string source, string[]? posix = null, string[]? windows = null,
            WindowsSpellingRule spellings = WindowsSpellingRule.Unknown, ServerEnvironmentKind? windowsKind = null, string? windowsSource = null,
            string[]? unsurePosix = null, string[]? unsureWindows = null, string[]? unsureAnyCase = null)
        {
            Spellings = spellings;
            Client = client;
            _kind = kind;
            _source = source;
            _windowsKind = windowsKind;
            _windowsSource = windowsSource;
            _posix = posix ?? Array.Empty<string>();
            _windows = windows ?? Array.Empty<string>();
            _unsurePosix = unsurePosix ?? Array.Empty<string>();
            _unsureWindows = unsureWindows ?? Array.Empty<string>();
            _unsureAnyCase = unsureAnyCase ?? Array.Empty<string>();
        }

        /// <summary>The client's name (<see cref="ClientNames"/>).</summary>
        public string Client { get; }

        /// <summary>The client's rule on <paramref name="os"/>: a client's Windows builds may be known to differ.</summary>
        public ServerEnvironmentKind Kind(OsKind os) => os == OsKind.Windows && _windowsKind.HasValue ? _windowsKind.Value : _kind;

        /// <summary>How the client's runtime chooses between spellings of one Windows variable (<see cref="TshFlags.Lookup"/>).</summary>
        public WindowsSpellingRule Spellings { get; }

        /// <summary>Where the rule on <paramref name="os"/> comes from, or why it is not known; shown in messages.</summary>
        public string Source(OsKind os) => os == OsKind.Windows && _windowsSource != null ? _windowsSource : _source;

        /// <summary>The variables an <see cref="ServerEnvironmentKind.Allowlist"/> client passes on <paramref name="os"/>.</summary>
        public IReadOnlyList<string> Allowed(OsKind os) => os == OsKind.Windows ? _windows : _posix;

        /// <summary>
        /// The variables an <see cref="ServerEnvironmentKind.Allowlist"/> client is known to pass in some of its releases and not
        /// confirmed in others, on <paramref name="os"/> (those of <see cref="Allowed"/> left out): whether it passes them is not known.
        /// </summary>
        public IReadOnlyList<string> Unsure(OsKind os) =>
            (os == OsKind.Windows ? _unsureWindows : _unsurePosix).Concat(_unsureAnyCase)
                .Where(n => !Allowed(os).Contains(n, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>Whether the client passes its value of <paramref name="name"/> to a server: null when not known.</summary>
        public bool? Passes(string name, OsKind os) => Kind(os) switch
        {
            ServerEnvironmentKind.InheritsAll => true,
            // Windows variable names ignore case (Node's process.env lookup there too).
            ServerEnvironmentKind.Allowlist => Allowed(os).Contains(name, os == OsKind.Windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal) ? true
                : IsUnsure(name, os) ? null : false,
            _ => null,
        };

        private bool IsUnsure(string name, OsKind os) =>
            (os == OsKind.Windows ? _unsureWindows : _unsurePosix).Contains(name, os == OsKind.Windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)
            || _unsureAnyCase.Contains(name, StringComparer.OrdinalIgnoreCase);

        /// <summary>The rule in words, naming the client, for messages.</summary>
        public string Describe(OsKind os) => Kind(os) switch
        {
            ServerEnvironmentKind.InheritsAll => Client + " starts a server with its own whole environment, the entry's env set over it (" + Source(os) + ")",
            ServerEnvironmentKind.Allowlist => Unsure(os).Count == 0
                ? Client + " passes a server only " + ListText.Join(", ", Allowed(os)) + " of its own variables, plus the entry's env (" + Source(os) + ")"
                : Client + " passes a server " + ListText.Join(", ", Allowed(os)) + " of its own variables, plus the entry's env, and whether it passes "
                    + ListText.Join(", ", Unsure(os)) + " is not confirmed for every release; no other (" + Source(os) + ")",
            _ => "which variables " + Client + " passes to a server it starts is not confirmed (" + Source(os) + ")",
        };

        // typescript-sdk src/client/stdio.ts @06ba51d0 DEFAULT_INHERITED_ENV_VARS, getDefaultEnvironment (start: {...getDefaultEnvironment(), ...env}).
        private static readonly string[] SdkPosix = { "HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER" };
        private static readonly string[] SdkWindows =
        {
            "APPDATA", "HOMEDRIVE", "HOMEPATH", "LOCALAPPDATA", "PATH", "PROCESSOR_ARCHITECTURE", "SYSTEMDRIVE", "SYSTEMROOT", "TEMP", "USERNAME",
            "USERPROFILE", "PROGRAMFILES",
        };

        // @github/copilot-linux-x64@1.0.70 app.js (the list afr of g4t): passed when the name matches ignoring case and the value is not empty.
        private static readonly string[] CopilotJsPassed = { "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS", "PYTHONUNBUFFERED" };

        private static readonly IReadOnlyDictionary<string, ServerEnvironment> Rules = new[]
        {
            // mcp-clients.md 4.6: Claude Desktop starts servers through the TypeScript SDK's StdioClientTransport.
            new ServerEnvironment(ClientNames.ClaudeDesktop, ServerEnvironmentKind.Allowlist, "the MCP TypeScript SDK's getDefaultEnvironment", SdkPosix, SdkWindows, WindowsSpellingRule.NodeKeepsFirstSorted),
            // microsoft/vscode src/vs/workbench/api/node/extHostMcpNode.ts @0334cc07 startNodeMpc: env = { ...process.env }, then the entry's env (null removes).
            new ServerEnvironment(ClientNames.VSCode, ServerEnvironmentKind.InheritsAll, "the extension host's environment", spellings: WindowsSpellingRule.NodeKeepsFirstSorted),
            // zed-industries/zed crates/context_server/src/transport/stdio_transport.rs @11e0c3b9 StdioTransport::new: Command inherits, .envs(entry env).
            // rust-lang/rust library/std CommandEnv::capture: the inherited variables, then the ones set, in a map whose Windows
            // keys compare ignoring case (EnvKey, CompareStringOrdinal). Newer Zed starts the server through the system shell
            // (util/src/shell_builder.rs @06304e0d ShellBuilder, the transport's build_std_command then .envs(entry env)): the same
            // rule for the shell, which passes its environment on.
            new ServerEnvironment(ClientNames.Zed, ServerEnvironmentKind.InheritsAll, "Zed's environment", spellings: WindowsSpellingRule.SetReplacesAnySpelling),
            // Claude Code, the published npm package @anthropic-ai/claude-code 2.1.80 cli.js: the stdio transport gets env { ...subprocessEnv(), ...entry env },
            // and subprocessEnv is process.env, less credential variables tsh does not read (only with CLAUDE_CODE_SUBPROCESS_ENV_SCRUB).
            // On Windows anthropics/claude-code #36565 (native installer, 2.1.80) and #90074 (desktop, 2.1.240) report servers started
            // with a reduced environment, whatever the source says: not confirmed there. Its spelling rule is not confirmed either: the
            // npm build spawns with Node, the native build with Bun, whose node:child_process keeps Node's first sorted spelling at
            // oven-sh/bun src/js/node/child_process.ts @0036c4b9 but had that filter commented out in earlier versions, and which Bun
            // a build carries is not known here.
            new ServerEnvironment(ClientNames.ClaudeCode, ServerEnvironmentKind.InheritsAll, "Claude Code's environment",
                windowsKind: ServerEnvironmentKind.Unknown, windowsSource: "its source passes its whole environment, but Windows builds are reported to start servers with fewer variables"),
            // docs.github.com copilot-cli "Adding MCP servers": "The PATH variable is automatically inherited from your environment.
            // All other environment variables must be configured here." Read in @github/copilot-linux-x64@1.0.70 app.js
            // startLocalMcpClient: env {PYTHONUNBUFFERED:"1", ...(its variables named in CopilotJsPassed, any case, non-empty), ...entry env};
            // its runtime.node mcpClientConnectStdio starts the server with that env plus HOME, LOGNAME, PATH, SHELL, TERM, USER of its
            // own (measured on Linux; the Windows build's list not read, taken as the MCP SDK's, not confirmed); nothing else. 1.0.102
            // starts servers in its native session code, not measured: so PATH is passed, the rest of those lists not confirmed.
            new ServerEnvironment(ClientNames.CopilotCli, ServerEnvironmentKind.Allowlist,
                "Copilot CLI's documentation: PATH is inherited, every other variable must be set in the entry; release 1.0.70 also passes "
                + "the others named (the proxy and certificate ones in any letter case), 1.0.102 not measured",
                new[] { "PATH" }, new[] { "PATH" }, unsurePosix: SdkPosix, unsureWindows: SdkWindows, unsureAnyCase: CopilotJsPassed,
                windowsSource: "Copilot CLI's documentation: PATH is inherited, every other variable must be set in the entry; release 1.0.70 "
                + "also passes the proxy and certificate ones named, in any letter case; the others named are the MCP SDK's Windows list, "
                + "taken as possible since the Linux build passes the SDK's Linux list, but the Windows build's list is not read; 1.0.102 not measured"),
            new ServerEnvironment(ClientNames.Cursor, ServerEnvironmentKind.Unknown, "closed source, not documented"),
            new ServerEnvironment(ClientNames.Windsurf, ServerEnvironmentKind.Unknown, "closed source, not documented"),
        }.ToDictionary(r => r.Client, StringComparer.Ordinal);

        /// <summary>The rule of <paramref name="client"/>; an unnamed or other client's is <see cref="ServerEnvironmentKind.Unknown"/>.</summary>
        public static ServerEnvironment For(string? client) =>
            client != null && Rules.TryGetValue(client, out var rule) ? rule
                : new ServerEnvironment(client ?? ClientNames.Other, ServerEnvironmentKind.Unknown, "the client is not known to this check");
    }
}
