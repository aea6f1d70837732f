using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>Stable check names (the Check column).</summary>
    public static class ClientChecks
    {
        public const string ConfigDiscovery = "ConfigDiscovery";
        public const string ConfigParse = "ConfigParse";
        public const string ServersKey = "ServersKey";
        public const string ConfigInUse = "ConfigInUse";
        public const string TeleportEntries = "TeleportEntries";
        public const string EntryShape = "EntryShape";
        public const string CommandLine = "CommandLine";
        public const string Command = "Command";
        public const string TeleportHome = "TeleportHome";
        public const string EntryName = "EntryName";
        public const string StdioType = "StdioType";
        /// <summary>Which of the server's tools the client may call (Copilot CLI's "tools" list).</summary>
        public const string ToolFilter = "ToolFilter";
        public const string DuplicateEntry = "DuplicateEntry";
        /// <summary>Whether VS Code also starts an entry of another client's file (chat.mcp.discovery.enabled).</summary>
        public const string VsCodeDiscovery = "VsCodeDiscovery";
        /// <summary>Whether the client starts the server at all: a Claude Code project server's approval, or /mcp switching it off; a Copilot CLI server replaced by one of the same name, or a project file's folder trust.</summary>
        public const string Approval = "Approval";
        /// <summary>Whether the client's administrator policy lets it load the server: Claude Code's managed-mcp.json, managed settings, allowlists and denylists.</summary>
        public const string Policy = "Policy";
        public const string App = "App";
        public const string Databases = "Databases";
        public const string AppTools = "AppTools";
        public const string Session = "Session";
        public const string SessionRoles = "SessionRoles";
        public const string SessionTraits = "SessionTraits";
    }

    public sealed class ClientCheckOptions
    {
        public IHostPlatform Environment { get; set; } = HostPlatform.Current;
        public IProcessRunner Runner { get; set; } = ProcessRunner.Instance;

        /// <summary>Files to check instead of discovering the client files of this OS.</summary>
        public IList<string>? Paths { get; set; }

        /// <summary>The running cmdlet's parameter that names client files (-Path, -ClientConfigPath), as the texts name it.</summary>
        public string PathParameter { get; set; } = "-Path";

        /// <summary>Project directory for project-scoped files; null = the current directory.</summary>
        public string? ProjectDirectory { get; set; }

        /// <summary>Known apps (e.g. from a cluster export); null = ask `tsh mcp ls` when the session is active.</summary>
        public IList<App>? Apps { get; set; }

        /// <summary>
        /// The cluster resources read with the apps (App Service teleport.yaml hosts, app_server heartbeats, app
        /// definitions): with hosts or heartbeats among them, an app of <see cref="Apps"/> that no App Service serves
        /// fails (<see cref="Serving.ServingMap"/>); null or neither = who serves an app is not checked.
        /// </summary>
        public IList<TeleportResource>? ClusterResources { get; set; }

        /// <summary>Users to compare with the certificate (roles and traits not yet in it).</summary>
        public IList<User>? Users { get; set; }

        /// <summary>The tsh to run; null = the tsh of the first usable entry, else tsh on PATH.</summary>
        public string? TshPath { get; set; }

        /// <summary>
        /// Run tsh with every tsh variable of an entry's "env", those that choose what tsh runs, reads or contacts
        /// (<see cref="TshFlags.ChoosesWhatRuns"/>) included (-UseEntryEnvironment). Without it the session of an entry
        /// that sets one is not read, and the check says so (<see cref="TshFlags.Withheld"/>).
        /// </summary>
        public bool UseEntryEnvironment { get; set; }

        /// <summary>Do not run tsh at all (no session or live app checks).</summary>
        public bool SkipSession { get; set; }

        /// <summary>The parameters of the cmdlet the check runs for: a text names only what its user can give (<see cref="CallerParameters"/>).</summary>
        public CallerParameters Caller { get; set; } = CallerParameters.None;

        /// <summary>Whether `tsh mcp ls` may ask the cluster for the apps when none are given (it contacts the proxy).</summary>
        public bool ListAppsLive { get; set; } = true;

        public TimeSpan TshTimeout { get; set; } = TimeSpan.FromSeconds(20);

        /// <summary>The time to compare valid_until with; null = now.</summary>
        public DateTimeOffset? Now { get; set; }

        /// <summary>Stops the checks (Ctrl+C): files, entries and tsh runs look at it; tsh is ended at once.</summary>
        public System.Threading.CancellationToken Cancel { get; set; }

        /// <summary>Receives "Reading ..." lines: which files were looked at and read.</summary>
        public Action<string>? Log { get; set; }

        /// <summary>
        /// Receives each file that cannot be used (ClientConfigParseError), with its position as data: path, line,
        /// column and the line's text. The ConfigParse result says the same for the report.
        /// </summary>
        public Action<Common.TeleportInputException>? ParseError { get; set; }

        /// <summary>
        /// Optional: why the user cannot see an app (RBAC app_labels), or null when they can. The diagnosis plugs the
        /// role engine in here; without it, -App only proves the app exists.
        /// </summary>
        public Func<App, string?>? AppHiddenReason { get; set; }
    }
}

namespace TeleportMcp
{
    /// <summary>
    /// Which of a client's configuration files: its user file, a project's, the Windows packaged (MSIX) app's, VS Code's
    /// older settings.json, a file given with -Path, or the administrator's (Claude Code's managed-mcp.json); None for a
    /// check about no file (the tsh session, discovery).
    /// </summary>
    public enum ConfigScope
    {
        // Not nullable: PowerShell infers an enum's values for Tab completion (Where-Object { $_.Scope -eq <Tab> }), not a Nullable<enum>'s.
        None,
        User,
        Project,
        Packaged,
        Legacy,
        File,
        Managed,
    }

    /// <summary>The outcome of one check (client entry, app definition, probe).</summary>
    public enum CheckStatus
    {
        Pass,
        Warn,
        Fail,
        Skipped,
        /// <summary>The check could not decide (e.g. the probe cannot authenticate the way Teleport would); the message says why.</summary>
        Indeterminate,
    }

    /// <summary>One finding of Test-TeleportMcpClient: a client configuration, an entry or the tsh session. Type name TeleportMcp.ClientCheck.</summary>
    public sealed class ClientCheck
    {
        /// <summary>Claude Desktop, Cursor, VS Code, Claude Code, Windsurf, Zed, Other, tsh (session checks) or all.</summary>
        public string? Client { get; set; }
        public string? ConfigPath { get; set; }
        /// <summary>Which of the client's files; None for the tsh session checks.</summary>
        public ConfigScope Scope { get; set; }
        /// <summary>The server entry name in the file.</summary>
        public string? Entry { get; set; }
        /// <summary>The Teleport app the entry connects to.</summary>
        public string? App { get; set; }
        public string? Check { get; set; }
        public CheckStatus Status { get; set; }
        public string? Message { get; set; }
        public string? Fix { get; set; }
        /// <summary>file:line:column of the entry or the problem, when known.</summary>
        public string? Location { get; set; }

        public override string ToString() => Status + " " + Check + (Entry != null ? " [" + Entry + "]" : "") + ": " + Message;
    }
}
