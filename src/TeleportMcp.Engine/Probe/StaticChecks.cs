using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Sockets;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Probe
{
    public sealed class StaticCheckOptions
    {
        /// <summary>Variables of the Teleport process that differ from this one (e.g. its PATH); a null value removes one.</summary>
        public IDictionary<string, string>? Environment { get; set; }
        public IHostPlatform Platform { get; set; } = HostPlatform.Current;
        public int ConnectTimeoutMs { get; set; } = 3000;

        /// <summary>Whether to try a TCP connect to an http/sse app's host:port (it leaves this machine for remote hosts).</summary>
        public bool CheckReachable { get; set; } = true;

        /// <summary>Whether to fetch an https upstream's certificate (a TLS handshake with it); only with -Launch or an explicit switch.</summary>
        public bool CheckTls { get; set; }

        /// <summary>The live probe follows: its first connection answers Reachable instead of a connection of its own.</summary>
        public bool ReachableFromProbe { get; set; }

        /// <summary>The user whose traits fill header templates; null when none was given.</summary>
        public string? UserName { get; set; }
        public IReadOnlyDictionary<string, List<string>>? UserTraits { get; set; }

        /// <summary>Headers the admin supplies (-Header), name to value; they replace rewrite entries of the same name.</summary>
        public IList<KeyValuePair<string, string>>? SuppliedHeaders { get; set; }

        /// <summary>
        /// The app_server copies of the definition checked: the agents whose releases decide ServerRelease and SseHttps.
        /// Null: the app itself, when it is such a copy.
        /// </summary>
        public IReadOnlyList<App>? Servers { get; set; }

        /// <summary>The parameters of the cmdlet the run is for: a text names only what its user can give (<see cref="CallerParameters"/>).</summary>
        public CallerParameters Caller { get; set; } = CallerParameters.None;
    }

    /// <summary>The checks' results plus what the live probe reuses (resolved command, host account, environment).</summary>
    public sealed class StaticCheckReport
    {
        public App App { get; set; } = null!; // StaticChecks.Run sets it first
        public List<AppCheck> Results { get; } = new List<AppCheck>();
        public IDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();
        public CommandResolution? Resolution { get; set; }
        public HostAccount? HostUser { get; set; }

        /// <summary>http://host:port/path for http/sse apps (the mcp+ prefix removed).</summary>
        public Uri? Endpoint { get; set; }

        /// <summary>The headers the App Service would send for the given user, and those the probe cannot reproduce.</summary>
        public HeaderPlan? Headers { get; set; }

        /// <summary>Index in Results of a Reachable check the probe's connection answers; -1 when none waits.</summary>
        public int ReachablePending { get; set; } = -1;

        /// <summary>Index in Results of a Tls check the probe's TLS handshake answers; -1 when none waits.</summary>
        public int TlsPending { get; set; } = -1;

        /// <summary>How the App Service verifies an https upstream for this app (null for stdio apps).</summary>
        public UpstreamTlsRule? UpstreamTls { get; set; }

        /// <summary>The cmdlet the checks ran for (<see cref="StaticCheckOptions.Caller"/>); the probe's texts name its parameters.</summary>
        public CallerParameters Caller { get; set; } = CallerParameters.None;

        /// <summary>The first failure Teleport would hit before the server process runs, in Teleport's words; null if none.</summary>
        public AppCheck? Blocking => Results.FirstOrDefault(r => r.BlocksSpawn);

        public bool IsMcp => App.Transport != McpTransport.None;
    }

    public static class StaticChecks
    {
        public const string DemoServerName = Resources.TeleportConfigReader.DemoAppName;

        /// <summary>The demo MCP server built into the App Service: app_service.mcp_demo_server, or an app of its name without an mcp spec.</summary>
        internal static bool IsDemoServer(App app) =>
            app.Origin == AppOrigin.McpDemoServer || (app.Name == DemoServerName && !app.HasMcpSpec);

        /// <summary>The label of the test server an App Service serves itself (lib/srv/mcp/memory.go, types.TeleportInternalLabelPrefix).</summary>
        public const string InMemoryServerLabel = "teleport.internal/mcp-in-memory-server";

        /// <summary>
        /// The MCP server the App Service runs inside itself, in words, or null when the app names a server to start or reach:
        /// the demo server, or the in-memory test server.
        /// </summary>
        internal static string? BuiltInServer(App app)
        {
            if (IsDemoServer(app)) return "the demo MCP server built into the App Service";
            // lib/srv/mcp/memory.go isInMemoryServerApp: the app an App Service adds with TELEPORT_UNSTABLE_MCP_IN_MEMORY_SERVER=true
            // (integration tests), whose command and run_as_host_user ("in-memory-server") are never run.
            if (app.LabelMap.TryGetValue(InMemoryServerLabel, out var value) && value == "true")
                return "Teleport's in-memory test MCP server, which an App Service started with TELEPORT_UNSTABLE_MCP_IN_MEMORY_SERVER=true serves itself (tools teleport-hello-test and teleport-echo-test)";
            return null;
        }

        public static IDictionary<string, string> EffectiveEnvironment(IHostPlatform platform, IDictionary<string, string>? overrides)
        {
            var env = new Dictionary<string, string>(platform.Environment,
                platform.IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            if (overrides != null)
                foreach (var kv in overrides)
                {
                    if (kv.Value == null) env.Remove(kv.Key);
                    else env[kv.Key] = kv.Value;
                }
            return env;
        }

        public static StaticCheckReport Run(App app, StaticCheckOptions options)
        {
            var platform = new CachedFacts(options.Platform ?? HostPlatform.Current);
            var report = new StaticCheckReport { App = app, Environment = EffectiveEnvironment(platform, options.Environment), Caller = options.Caller ?? CallerParameters.None };
            var r = report.Results;
            string name = app.Name ?? "";
            string q = GoText.Quote(name);
            void Add(string check, CheckStatus s, string msg, string? fix = null, bool blocks = false) =>
                r.Add(new AppCheck(name, check, s, msg, fix) { BlocksSpawn = blocks });

            // api/types/app.go (fork @77295d71) GetMCPServerTransportType: a URI url.Parse refuses gives "", so no MCP app.
            // The message quotes the URI twice (itself and in Go's error): a huge one is cut from its pieces, not copied.
            var uriError = string.IsNullOrEmpty(app.Uri) ? null : GoUrl.ParseErrorText(app.Uri);
            if (uriError != null && app.Uri!.TrimStart().StartsWith("mcp+", StringComparison.OrdinalIgnoreCase))
            {
                Add("McpApp", CheckStatus.Fail, ListText.Message("URI " + GoText.QuoteText(app.Uri) + " does not parse (" + uriError + "), so Teleport takes " + q + " for no MCP app: tsh mcp ls does not list it and tsh mcp connect refuses it (app is not a MCP server)"
                    + (app.Origin == AppOrigin.TeleportYaml ? "; in teleport.yaml it stops the App Service's start (application " + q + " URI invalid)" : "")),
                    "Fix the URI (a space or a character such as { in the host, a % not followed by two hex digits, a port that is not a number).", true);
                return report;
            }
            // api/types/app.go (fork @77295d71): IsAppMCP is GetMCPServerTransportType(uri) != "", so an mcp+ scheme it does not
            // know makes an ordinary web app, and checkMCP's "unsupported MCP server" is never reached.
            if (McpTransportRules.IsUnknownMcpScheme(app.Uri))
            {
                Add("McpApp", CheckStatus.Fail, "URI " + GoText.Quote(app.Uri) + " has the scheme " + GoText.Quote(McpTransportRules.SchemeOf(app.Uri)) +
                    ", which Teleport does not know as MCP, so it accepts " + q + " as an ordinary web app: tsh mcp ls does not list it and tsh mcp connect refuses it (app is not a MCP server)",
                    "Use mcp+stdio://, mcp+http://, mcp+https://, mcp+sse+http:// or mcp+sse+https:// (reference.mdx).", true);
                return report;
            }
            if (app.Transport == McpTransport.None)
            {
                if (string.IsNullOrEmpty(app.Uri) && app.HasMcpSpec)
                {
                    // A teleport.yaml entry meets lib/service/servicecfg/app.go first, which names it otherwise than api/types/app.go.
                    if (app.Origin == AppOrigin.TeleportYaml)
                        Add("McpApp", CheckStatus.Fail, "missing application " + q + " URI: Teleport does not start with this teleport.yaml", "Set mcp.command (the URI is then mcp+stdio://), or uri.", true);
                    else
                        Add("McpApp", CheckStatus.Fail, "app " + q + " URI is empty", "Set spec.uri: mcp+stdio:// and spec.mcp.command.", true);
                }
                else if (app.HasLlmSpec)
                    // lib/srv/app/connections_handler.go @0009d93e: handleConnection sends MCP apps to the MCP server and every other
                    // app to the HTTP server, where serveHTTP hands an LLM app to the LLM handler ("It must work like other HTTP applications").
                    Add("McpApp", CheckStatus.Skipped, "not an MCP app: " + q + " is an LLM app (" + (app.Origin == AppOrigin.TeleportYaml ? "llm" : "spec.llm") +
                        "), which the App Service serves as an HTTP LLM endpoint; tsh mcp ls does not list it: nothing to check");
                else if (LooksLikeMcpEndpoint(app.Uri))
                    // An MCP server enrolled as a plain web app: Teleport proxies it as HTTP, tsh mcp ls does not list it.
                    Add("McpApp", CheckStatus.Warn, "URI " + GoText.Quote(app.Uri) + " looks like an MCP endpoint, but without an mcp+ scheme Teleport serves it as an ordinary web app: tsh mcp ls does not list it and tsh mcp connect refuses it (app is not a MCP server)",
                        "If it is an MCP server, use mcp+" + app.Uri + " (streamable HTTP) or mcp+sse+" + app.Uri + " (legacy SSE).");
                else
                    Add("McpApp", CheckStatus.Skipped, "not an MCP app (URI " + GoText.Quote(app.Uri ?? "") + "): nothing to check");
                return report;
            }
            string transport = McpTransportRules.ToText(app.Transport);
            if (BuiltInServer(app) is string builtIn)
            {
                Add("McpApp", CheckStatus.Pass, builtIn + " (" + transport + "); there is no command to check");
                return report;
            }
            // Cut here from its pieces: a huge URI is not copied into the message (ListText.Message(MessageText)).
            Add("McpApp", CheckStatus.Pass, string.IsNullOrEmpty(app.Uri) ? transport + " MCP server (no URI, mcp.command set: mcp+stdio://)"
                : ListText.Message(MessageText.Of(transport, " MCP server (", app.Uri, ")")));

            if (app.Transport == McpTransport.Stdio)
            {
                // lib/config/configuration.go applyAppsConfig parses a teleport.yaml entry's rewrite.headers whatever its
                // transport, first, and one it cannot parse stops the App Service's start (HTTP apps: HttpAppChecks.Headers).
                if (app.Origin == AppOrigin.TeleportYaml && StaticAppRules.FirstUnparsedHeader(app) is RewriteHeader unparsed)
                    Add("Headers", CheckStatus.Fail, StaticAppRules.UnparsedHeader(name, unparsed.ParseError!) + (unparsed.Location == null ? "" : " (" + unparsed.Location + ")"),
                        "Write the entry as \"Name: value\" with a valid header name and no control characters, or remove it.", true);
                StdioChecks(app, report, platform, Add);
            }
            else
            {
                // api/types/app.go: the mcp spec (command, args, run_as_host_user) only means something for mcp+stdio://.
                if (app.HasMcpSpec && !string.IsNullOrEmpty(app.Command))
                    Add("McpSpec", CheckStatus.Warn, "spec.mcp.command " + GoText.Quote(app.Command) + " is set, but the URI says " + transport + ": the App Service connects to the URI and never runs the command",
                        "Remove spec.mcp, or, if the server is meant to be started by Teleport, set uri: mcp+stdio://.", false);
                HttpChecks(app, report, options, Add);
            }
            return report;
        }

        private static void StdioChecks(App app, StaticCheckReport report, IHostPlatform platform, Action<string, CheckStatus, string, string?, bool> add)
        {
            string name = app.Name ?? "";
            string q = GoText.Quote(name);
            var env = report.Environment;
            bool win = platform.IsWindows;

            // A4 (api/types/app.go, fork) and S1 (lib/srv/mcp/stdio.go: "missing MCP spec").
            if (!app.HasMcpSpec)
            {
                add("McpSpec", CheckStatus.Fail, StaticAppRules.MissingMcpSpec(name),
                    "Add spec.mcp with command, args and run_as_host_user.", true);
                return;
            }
            add("McpSpec", CheckStatus.Pass, "spec.mcp is present", null, false);

            string? command = app.Command;
            bool commandOk = true;
            // api/types/app.go checkMCPStdio refuses only an empty command; white space is looked up as a program name.
            if (StringChecks.IsNullOrEmpty(command))
            {
                add("Command", CheckStatus.Fail, StaticAppRules.MissingCommand(name),
                    "Set spec.mcp.command to the executable and spec.mcp.args to its arguments.", true);
                commandOk = false;
            }
            else if (command.Trim().Length == 0)
            {
                add("Command", CheckStatus.Fail, "command " + GoText.Quote(command) + " is only white space: Teleport accepts the app, and the App Service cannot start it (exec: " + GoText.Quote(command) + ": executable file not found in $PATH)",
                    "Set spec.mcp.command to the executable and spec.mcp.args to its arguments.", true);
                commandOk = false;
            }
            else if (command.Trim().IndexOfAny(new[] { ' ', '\t' }) > 0 && !platform.GetFile(command).Exists
                     && !(LookPath.HasSeparator(command, win) && platform.GetFile(command.Trim()).Exists))
            {
                // S3: no shell, so "npx -y pkg" is looked up as one file name.
                var parts = command.Trim().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                add("Command", CheckStatus.Fail, "command " + GoText.Quote(command) + " holds arguments: Teleport starts it without a shell, so it looks for a program of that whole name (exec: " + GoText.Quote(command) + ": executable file not found in $PATH)",
                    "Write command: " + parts[0] + " and args: [" + string.Join(", ", Redactor.RedactArguments(parts.Skip(1)).Select(GoText.Quote)) + "]" + (app.Args.Count > 0 ? " followed by the current args" : "") + ".", true);
                commandOk = false;
            }
            else add("Command", CheckStatus.Pass, "command " + GoText.Quote(command) + (app.Args.Count > 0 ? " with " + app.Args.Count + " argument(s)" : ""), null, false);

            HostAccount? account = null;
            if (StringChecks.IsNullOrEmpty(app.RunAsHostUser))
            {
                // checkMCPStdio returns its first error: with the command missing too, Teleport names this one only once that is fixed.
                add("RunAsHostUser", CheckStatus.Fail, StaticAppRules.MissingRunAsHostUser(name)
                    + (StringChecks.IsNullOrEmpty(command) ? " (Teleport reports this once command is set: it stops at the first error)" : ""),
                    "Set spec.mcp.run_as_host_user to an existing host account (e.g. a dedicated low-privilege user).", true);
            }
            else
            {
                string? unanswered = null;
                try { account = platform.LookupUser(app.RunAsHostUser); }
                catch (HostHelperTimeoutException e) { unanswered = e.Message; }
                report.HostUser = account;
                if (unanswered != null)
                    add("RunAsHostUser", CheckStatus.Indeterminate, "whether host user " + app.RunAsHostUser + " exists is not known: " + unanswered + " (not in /etc/passwd)",
                        "Check that getent passwd " + ShellWord.Posix(app.RunAsHostUser) + " answers promptly on this host (NSS: LDAP, SSSD), then run the check again.", true);
                else if (account == null)
                    // S4: Go os/user.Lookup error, logged in the S9 WARN (9.1).
                    add("RunAsHostUser", CheckStatus.Fail, "user: unknown user " + app.RunAsHostUser + " (no such account on this host" + (win ? "" : " in /etc/passwd or getent passwd") + ")",
                        "Create the account on the App Service host, or set run_as_host_user to an existing one.", true);
                else
                    add("RunAsHostUser", CheckStatus.Pass, "host user " + account.Name + (account.Uid >= 0 ? " (uid " + account.Uid + ", gid " + account.Gid + ", from " + account.Source + ")" : " (" + account.Source + ")"), null, false);
            }
            if (win)
                // lib/utils/host (Windows build, seen in a copy, not confirmed upstream): MaybeSetCommandCredentialAsUser returns "windows not yet implemented".
                add("Platform", CheckStatus.Warn, "the App Service launches stdio MCP servers with a host-user switch that a Windows build of Teleport was seen to lack ('windows not yet implemented', not confirmed upstream); these checks show what a Linux or macOS host would do with the same files",
                    "Run the App Service that serves stdio MCP apps on Linux or macOS.", false);

            if (!commandOk || command == null)
            {
                foreach (var c in new[] { "CommandPath", "Permission", "Interpreter" }) add(c, CheckStatus.Skipped, "no usable command", null, false);
                return;
            }

            var pathValue = LookPath.GetVariable(env, "PATH", win) ?? "";
            var res = LookPath.Resolve(command, env, platform);
            report.Resolution = res;
            string pathNote = LookPath.HasSeparator(command, win) ? "" : " (PATH=" + Platform.BoundedCapture.Cut(pathValue, 200) + ")";
            if (!res.Found)
            {
                string extra = res.NotExecutable != null ? "; " + res.NotExecutable + " exists but has no execute permission" : "";
                add("CommandPath", CheckStatus.Fail, res.Error + extra + pathNote,
                    res.NotExecutable != null ? "chmod +x " + ShellWord.Posix(res.NotExecutable)
                    : "Install it, write its absolute path in spec.mcp.command, or give the Teleport service this PATH (systemd: Environment=PATH=...); test with -Environment @{ PATH = '...' }.", true);
                add("Permission", CheckStatus.Skipped, "command not found", null, false);
                add("Interpreter", CheckStatus.Skipped, "command not found", null, false);
                return;
            }
            if (res.Kind == CommandKind.PowerShellScript)
                add("CommandPath", CheckStatus.Fail, command + " resolves to the PowerShell script " + res.Path + ", which Windows cannot start as a program",
                    "Use command: pwsh.exe (or powershell.exe) with args: [-NoProfile, -File, " + res.Path + ", ...].", true);
            else if (res.Kind == CommandKind.Batch)
                add("CommandPath", CheckStatus.Warn, command + " resolves to the batch shim " + res.Path + " (via PATHEXT); Go starts it through cmd.exe, so cmd's quoting rules apply to args and a Node-based client spawning it directly fails with ENOENT",
                    "Prefer the real executable, or command: cmd with args: [/c, " + LookPath.FileName(res.Path, true) + ", ...].", false);
            else
                add("CommandPath", CheckStatus.Pass, command + " resolves to " + res.Path, null, false);

            // Permission: Go's exec needs an execute bit the host user holds; a script also needs read (for its interpreter).
            var facts = platform.GetFile(res.Path);
            string? shebangLine = platform.ReadFirstLine(res.Path);
            bool isScript = shebangLine != null && shebangLine.StartsWith("#!", StringComparison.Ordinal);
            var subject = account ?? platform.CurrentUser;
            var reach = HostAccess.Check(platform, res.Path, subject, 'x');
            if (facts.Mode < 0)
                add("Permission", CheckStatus.Skipped, "this platform does not expose POSIX permission bits", null, false);
            else if (reach.Verdict == AccessVerdict.Denied && reach.Blocker != res.Path)
                add("Permission", CheckStatus.Fail, "fork/exec " + res.Path + ": permission denied (" + subject.Name + " cannot enter the folder " + reach.Blocker + "; " + HostAccess.Describe(reach.BlockerFacts) + ")",
                    "chmod o+x " + ShellWord.Posix(reach.Blocker) + ", or move the program to a folder " + subject.Name + " can enter.", true);
            else
            {
                bool x = LookPath.CanAccess(facts, subject, 'x');
                bool rd = !isScript || LookPath.CanAccess(facts, subject, 'r');
                string desc = "mode " + Convert.ToString(facts.Mode, 8).PadLeft(4, '0') + ", owner uid " + facts.OwnerUid + " gid " + facts.OwnerGid;
                if (x && rd)
                    add("Permission", CheckStatus.Pass, res.Path + " is executable by " + subject.Name + " (" + desc + ")", null, false);
                else
                    add("Permission", CheckStatus.Fail, "fork/exec " + res.Path + ": permission denied (" + subject.Name + " lacks " + (x ? "read" : "execute") + " permission; " + desc + ")",
                        "chmod o+rx " + ShellWord.Posix(res.Path) + " or make the file's group one of " + subject.Name + "'s groups.", true);
            }

            // #! interpreter: "#!/usr/bin/env node" without node on the PATH Teleport passes down is a classic.
            if (LookPath.TryParseShebang(shebangLine, out var interp, out var iarg))
            {
                string envName = LookPath.FileName(interp, false);
                if (envName == "env" && iarg != null)
                {
                    var argv = iarg.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                    string prog = argv.FirstOrDefault(a => !a.StartsWith("-", StringComparison.Ordinal)) ?? argv[0];
                    var ir = LookPath.Resolve(prog, env, platform);
                    if (ir.Found) add("Interpreter", CheckStatus.Pass, res.Path + " starts with " + shebangLine.Trim() + "; " + prog + " resolves to " + ir.Path, null, false);
                    else add("Interpreter", CheckStatus.Fail, res.Path + " starts with " + shebangLine.Trim() + " but " + prog + " is not on the PATH (" + interp + ": '" + prog + "': No such file or directory, exit code 127)" + pathNote,
                        "Add the directory holding " + prog + " to the Teleport service's PATH, or set command to the absolute path of " + prog + " and put the script in args.", false);
                }
                else
                {
                    var f = platform.GetFile(interp);
                    if (!f.Exists)
                        add("Interpreter", CheckStatus.Fail, res.Path + " starts with " + shebangLine.Trim() + " but " + interp + " does not exist (fork/exec " + res.Path + ": no such file or directory)",
                            "Install " + interp + " or fix the #! line.", true);
                    else if (!LookPath.CanAccess(f, subject, 'x'))
                        add("Interpreter", CheckStatus.Fail, "the interpreter " + interp + " is not executable by " + subject.Name, "chmod o+x " + ShellWord.Posix(interp), true);
                    else add("Interpreter", CheckStatus.Pass, res.Path + " starts with " + shebangLine.Trim(), null, false);
                }
            }
            else add("Interpreter", CheckStatus.Skipped, isScript ? "unreadable #! line" : "not a #! script", null, false);

            WrapperChecks(app, report, platform, subject, add);
            HostPathChecks(app, platform, subject, add);
        }

        /// <summary>
        /// Scripts, config files and folders named in args must be reachable by run_as_host_user: the server opens them
        /// after Teleport switched uid/gid (lib/utils/host/hostusers.go), so a 0700 folder on the way fails only at run time.
        /// </summary>
        private static void HostPathChecks(App app, IHostPlatform platform, HostAccount subject, Action<string, CheckStatus, string, string?, bool> add)
        {
            bool win = platform.IsWindows;
            string baseName = LookPath.FileName(app.Command ?? "", win).ToLowerInvariant();
            if (win) baseName = System.IO.Path.GetFileNameWithoutExtension(baseName);
            if (ContainerCommands.Contains(baseName))
            {
                add("HostPaths", CheckStatus.Skipped, baseName + " args name paths inside the container (or volume specs), not host files", null, false);
                return;
            }
            var paths = HostPathArguments(app.Args, platform.Os);
            if (paths.Count == 0)
            {
                add("HostPaths", CheckStatus.Skipped, "no argument is an absolute host path", null, false);
                return;
            }
            var fine = new List<string>();
            bool anyProblem = false, unknown = false;
            foreach (var path in paths)
            {
                var a = HostAccess.Check(platform, path, subject, 'r');
                switch (a.Verdict)
                {
                    case AccessVerdict.Allowed: fine.Add(path); break;
                    case AccessVerdict.Unknown: unknown = true; fine.Add(path); break;
                    case AccessVerdict.Missing:
                        anyProblem = true;
                        add("HostPaths", CheckStatus.Warn, "the argument " + GoText.Quote(path) + " names a path that does not exist on this host (ENOENT when the server opens it)",
                            "Create it, or fix the path in spec.mcp.args.", false);
                        break;
                    default:
                        anyProblem = true;
                        string what = a.IsDirectory ? "folder" : "file";
                        string why = a.Blocker != path
                            ? "cannot enter the folder " + a.Blocker + " (" + HostAccess.Describe(a.BlockerFacts) + ")"
                            : "has no " + (a.Missing == 'r' ? "read" : "search") + " permission on it (" + HostAccess.Describe(a.BlockerFacts) + ")";
                        add("HostPaths", CheckStatus.Fail, "run_as_host_user " + subject.Name + " cannot open the " + what + " " + GoText.Quote(path) + " named in args: " + subject.Name + " " + why +
                            " (EACCES: the server starts, then fails)",
                            "chmod o+" + (a.Blocker != path || a.Missing == 'x' ? "x" : "r") + " " + ShellWord.Posix(a.Blocker) + ", add " + subject.Name + " to the group of " + a.Blocker +
                            ", or move the " + what + " to a place " + subject.Name + " can reach.", false);
                        break;
                }
            }
            if (!anyProblem)
                add("HostPaths", unknown ? CheckStatus.Skipped : CheckStatus.Pass,
                    unknown ? "not checked: this platform gives no POSIX permission bits for " + ListText.Join(", ", fine) + " (Windows ACLs are not read)"
                            : subject.Name + " can reach " + ListText.Join(", ", fine), null, false);
        }

        private static readonly HashSet<string> ContainerCommands = new HashSet<string>(StringComparer.Ordinal) { "docker", "podman", "nerdctl", "kubectl" };

        /// <summary>Arguments that are absolute paths on the host: "/srv/a.js", "--config=/etc/x.json", "C:\mcp\server.py".</summary>
        public static List<string> HostPathArguments(IEnumerable<string> args, OsKind os)
        {
            var result = new List<string>();
            foreach (var raw in args ?? Array.Empty<string>())
            {
                if (string.IsNullOrEmpty(raw) || raw.Contains("://")) continue;
                string value = raw;
                int eq = raw.IndexOf('=');
                if (raw.StartsWith("-", StringComparison.Ordinal))
                {
                    if (eq < 0) continue;
                    value = raw.Substring(eq + 1);
                }
                if (OsPath.IsRooted(os, value) && !result.Contains(value)) result.Add(value);
            }
            return result;
        }

        private static void WrapperChecks(App app, StaticCheckReport report, IHostPlatform platform, HostAccount subject, Action<string, CheckStatus, string, string?, bool> add)
        {
            bool win = platform.IsWindows;
            string baseName = LookPath.FileName(app.Command!, win).ToLowerInvariant(); // runs after the command check passed
            if (win) baseName = System.IO.Path.GetFileNameWithoutExtension(baseName);
            var env = report.Environment;
            if (baseName == "docker" || baseName == "podman")
            {
                var host = LookPath.GetVariable(env, "DOCKER_HOST", win);
                string? socket = host != null && host.StartsWith("unix://", StringComparison.Ordinal) ? host.Substring(7)
                    : host == null ? (win ? null : "/var/run/docker.sock") : null;
                if (socket == null)
                {
                    add("Docker", CheckStatus.Skipped, host != null ? "DOCKER_HOST=" + host + " is not a unix socket; not checked" : "Docker on Windows uses a named pipe; not checked", null, false);
                    return;
                }
                var f = platform.GetFile(socket);
                if (!f.Exists)
                    add("Docker", CheckStatus.Fail, "Cannot connect to the Docker daemon at unix://" + socket + ". Is the docker daemon running? (the socket does not exist)",
                        "Start the Docker daemon, or set DOCKER_HOST for the Teleport service.", false);
                else if (!LookPath.CanAccess(f, subject, 'r') || !LookPath.CanAccess(f, subject, 'w'))
                    add("Docker", CheckStatus.Fail, "permission denied while trying to connect to the Docker daemon socket at unix://" + socket + " (" + subject.Name + " is not in group " + f.OwnerGid + "; mode " + Convert.ToString(f.Mode, 8) + ")",
                        "Add " + subject.Name + " to the socket's group (usually docker), or use rootless Docker for that user.", false);
                else add("Docker", CheckStatus.Pass, subject.Name + " can use the Docker socket " + socket, null, false);
                return;
            }
            if (baseName == "npx" || baseName == "uvx" || baseName == "bunx")
            {
                string pkg = app.Args.FirstOrDefault(a => !a.StartsWith("-", StringComparison.Ordinal));
                var home = LookPath.GetVariable(env, win ? "USERPROFILE" : "HOME", win);
                string what = baseName + " runs " + (pkg ?? "(no package named)") + "; a first launch downloads it, which can outlast the client's timeout";
                var current = platform.CurrentUser;
                // Teleport switches only uid/gid (lib/utils/host/hostusers.go): HOME stays the service's, so the cache must be writable by the host user.
                if (!win && home != null && subject != null && current != null && subject.Uid != current.Uid)
                {
                    var hf = platform.GetFile(home);
                    if (hf.Exists && !LookPath.CanAccess(hf, subject, 'w'))
                    {
                        add("Wrapper", CheckStatus.Warn, what + ". HOME=" + home + " (the Teleport service's) is not writable by " + subject.Name + ", so its package cache cannot be created there (npm: EACCES)",
                            "Set HOME (or npm_config_cache / UV_CACHE_DIR) for the service to a directory " + subject.Name + " owns, or pre-install the package and point command at it.", false);
                        return;
                    }
                }
                add("Wrapper", pkg == null ? CheckStatus.Warn : CheckStatus.Pass, what, pkg == null ? "Name the package in args." : null, false);
            }
        }

        private static void HttpChecks(App app, StaticCheckReport report, StaticCheckOptions options, Action<string, CheckStatus, string, string?, bool> add)
        {
            var raw = app.Uri ?? "";
            string scheme = McpTransportRules.SchemeOf(raw);
            string real = scheme.EndsWith("https", StringComparison.Ordinal) ? "https" : "http";
            var uri = EndpointOf(app);
            if (uri == null)
            {
                add("Url", CheckStatus.Fail, "URI " + GoText.Quote(raw) + " is not a valid " + real + " URL after removing the mcp+ prefix", "Write it as " + scheme + "://host:port/path.", true);
                add("Reachable", CheckStatus.Skipped, "no valid URL", null, false);
                return;
            }
            report.Endpoint = uri;
            add("Url", CheckStatus.Pass, ListText.Message(MessageText.Of("the App Service connects to ", uri.AbsoluteUri, " (", app.Transport == McpTransport.Sse ? "SSE" : "streamable HTTP", ")")), null, false);
            HttpAppChecks.TransportHints(app, uri, scheme, options.Servers ?? new[] { app }, add);
            report.Headers = HttpAppChecks.Headers(app, options, add);
            report.UpstreamTls = UpstreamTls.Evaluate(app);
            HttpAppChecks.InsecureSkipVerify(app, uri, report.UpstreamTls, add);
            string hostPort = uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
            if (!options.CheckReachable)
            {
                add("Reachable", CheckStatus.Skipped, "not tried: connecting to " + hostPort + " was not asked for", null, false);
                if (real == "https") add("Tls", CheckStatus.Skipped, TlsNotFetched(options.Caller), null, false);
                return;
            }
            if (options.ReachableFromProbe)
            {
                // The probe's first connection answers both (AppTest): the upstream sees one connection and one TLS handshake,
                // and the probe saves a connect and a handshake of its own.
                report.ReachablePending = report.Results.Count;
                add("Reachable", CheckStatus.Skipped, "not tried yet: the probe's connection to " + hostPort + " answers it", null, false);
                if (real == "https")
                {
                    if (options.CheckTls) report.TlsPending = report.Results.Count;
                    add("Tls", CheckStatus.Skipped, options.CheckTls ? "not tried yet: the probe's TLS handshake with " + hostPort + " answers it" : TlsNotFetched(options.Caller), null, false);
                }
                return;
            }
            if (real == "https" && options.CheckTls)
            {
                // One connection answers both: the TCP connect, then the TLS handshake on it.
                using var socket = TcpDial.Connect(uri.Host, uri.Port, options.ConnectTimeoutMs, out var dialError);
                report.Results.Add(ReachableCheck(app, uri, dialError));
                if (socket == null) add("Tls", CheckStatus.Skipped, "not tried: the port does not answer", null, false);
                else HttpAppChecks.Tls(app, uri, report.UpstreamTls, socket, options.ConnectTimeoutMs, add);
                return;
            }
            string? err = TryConnect(uri.Host, uri.Port, options.ConnectTimeoutMs);
            report.Results.Add(ReachableCheck(app, uri, err));
            if (real == "https") add("Tls", CheckStatus.Skipped, err != null ? "not tried: the port does not answer" : TlsNotFetched(options.Caller), null, false);
        }

        private static string TlsNotFetched(CallerParameters? caller) =>
            "not tried: the upstream's certificate is fetched only with -Launch or " + (caller ?? CallerParameters.None).Give(OfferedParameter.CheckTls);

        /// <summary>The URL the App Service connects to for an http or sse app (its URI without the mcp+ and sse+ prefixes), or null when it is not one.</summary>
        internal static Uri? EndpointOf(App app)
        {
            var raw = app.Uri ?? "";
            int sep = raw.IndexOf("://", StringComparison.Ordinal);
            if (sep < 0) return null;
            string real = McpTransportRules.SchemeOf(raw).EndsWith("https", StringComparison.Ordinal) ? "https" : "http";
            // The written scheme (mcp+http, mcp+sse+https) ends with the real one in any case: one copy of the URI, not two.
            string url = sep >= real.Length && string.Compare(raw, sep - real.Length, real, 0, real.Length, StringComparison.OrdinalIgnoreCase) == 0
                ? raw.Substring(sep - real.Length) : real + "://" + raw.Substring(sep + 3);
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host) ? uri : null;
        }

        /// <summary>The Reachable check from a dial's outcome (null: connected).</summary>
        internal static AppCheck ReachableCheck(App app, Uri uri, string? dialError)
        {
            string hostPort = uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
            return dialError == null
                ? new AppCheck(app.Name ?? "", "Reachable", CheckStatus.Pass, "TCP connect to " + hostPort + " succeeded from this host")
                : new AppCheck(app.Name ?? "", "Reachable", CheckStatus.Fail, "dial tcp " + hostPort + ": " + dialError,
                    "Start the server, or check the host, port and firewall between the App Service and it (this check ran from this host).");
        }

        private static bool LooksLikeMcpEndpoint(string uri)
        {
            if (string.IsNullOrEmpty(uri) || !Uri.TryCreate(uri, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https")) return false;
            var path = u.AbsolutePath.TrimEnd('/');
            return path.EndsWith("/mcp", StringComparison.OrdinalIgnoreCase) || path.EndsWith("/sse", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>null on success, else the reason.</summary>
        public static string? TryConnect(string host, int port, int timeoutMs) => TcpDial.Probe(host, port, timeoutMs);

        /// <summary>One run asks about the same file several times; each answer is a statx call or a stat(1) process, so keep it for the run.</summary>
        private sealed class CachedFacts : IHostPlatform
        {
            private readonly IHostPlatform _inner;
            private readonly Dictionary<string, FileFacts> _files = new Dictionary<string, FileFacts>(StringComparer.Ordinal);

            public CachedFacts(IHostPlatform inner)
            {
                _inner = inner;
            }

            public OsKind Os => _inner.Os;
            public bool IsWindows => _inner.IsWindows;
            public HostAccount CurrentUser => _inner.CurrentUser;
            public ComputerNames Computer => _inner.Computer;
            public IDictionary<string, string> Environment => _inner.Environment;
            public string? GetVariable(string name) => _inner.GetVariable(name);
            public string HomeDirectory => _inner.HomeDirectory;
            public string CurrentDirectory => _inner.CurrentDirectory;
            public bool FileExists(string? path) => _inner.FileExists(path);
            public bool DirectoryExists(string path) => _inner.DirectoryExists(path);
            public IEnumerable<string> GetDirectories(string path, string pattern) => _inner.GetDirectories(path, pattern);
            public IEnumerable<string> GetFiles(string path, string pattern) => _inner.GetFiles(path, pattern);
            public string ReadAllText(string path, out System.Text.Encoding encoding) => _inner.ReadAllText(path, out encoding);
            public DateTime? LastWriteTimeUtc(string? path) => _inner.LastWriteTimeUtc(path);
            public HostAccount? LookupUser(string name) => _inner.LookupUser(name);
            public string? ReadFirstLine(string path) => _inner.ReadFirstLine(path);
            public string? ReadStart(string path, int maxBytes) => _inner.ReadStart(path, maxBytes);
            public System.IO.Stream OpenRead(string path) => _inner.OpenRead(path);
            public FileStamp? Stamp(string path) => _inner.Stamp(path);
            public RegistryString ReadMachineString(string subKey, string valueName, int maxChars) => _inner.ReadMachineString(subKey, valueName, maxChars);

            public FileFacts GetFile(string? path)
            {
                if (path == null) return _inner.GetFile(null);
                if (_files.TryGetValue(path, out var f)) return f;
                if (!(_inner is HostPlatform host)) return _files[path] = _inner.GetFile(path);
                // The access checks ask next for every folder above the path: one call answers them all.
                foreach (var known in host.GetFileWithParents(path))
                    if (!_files.ContainsKey(known.Key)) _files[known.Key] = known.Value;
                return _files[path];
            }
        }
    }
}
