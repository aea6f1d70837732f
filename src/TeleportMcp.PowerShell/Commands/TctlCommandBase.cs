using System;
using System.Management.Automation;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.FileSystem;
using TeleportMcp.Engine.Tctl;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>The parameters every tctl-backed cmdlet shares: where tctl is, how it connects, how long it may take.</summary>
    public abstract class TctlCommandBase : TeleportMcpCommand
    {
        /// <summary>The tctl program, or the folder holding it. Default: tctl (tctl.exe on Windows) found on PATH.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TctlPath { get; set; }

        /// <summary>Passed to tctl as --auth-server=VALUE (attached: a value starting with '-' stays the value).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string AuthServer { get; set; }

        /// <summary>Passed to tctl as --identity=FILE (identity file).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string IdentityFile { get; set; }

        /// <summary>Passed to tctl as --config=FILE (teleport.yaml).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ConfigFile { get; set; }

        /// <summary>Seconds each tctl call may take before it is ended with its child processes.</summary>
        [Parameter]
        [ValidateRange(Timeouts.MinSeconds, Timeouts.MaxSeconds)]
        public int TimeoutSec { get; set; } = 30;

        internal TctlClient Tctl()
        {
            var runner = new TctlRunner(new TctlOptions
            {
                // The program the admin named, as a file-system path; whether it is there is the runner's TctlNotFound.
                TctlPath = TctlPath == null ? null : PathResolver.ResolveOneOrTerminate(this, TctlPath, literal: true, PathMust.MayBeNew),
                AuthServer = AuthServer,
                IdentityFile = IdentityFile == null ? null : PathResolver.ResolveOneOrTerminate(this, IdentityFile, literal: true, PathMust.BeFile),
                ConfigFile = ConfigFile == null ? null : PathResolver.ResolveOneOrTerminate(this, ConfigFile, literal: true, PathMust.BeFile),
                Timeout = TimeSpan.FromSeconds(TimeoutSec),
            }) { Cancel = Cancellation };
            return new TctlClient(runner);
        }

        /// <summary>Finds tctl once, up front: without it nothing can proceed (terminating TctlNotFound).</summary>
        internal void RequireTctl()
        {
            try
            {
                WriteVerbose("Using " + Tctl().Runner.Executable);
            }
            catch (TctlException e)
            {
                Terminate(FromTctl(e, TctlPath ?? "tctl", "TctlNotFound"));
            }
        }

        /// <summary>How each kind of tctl failure is reported: id, category and what to do. Any other kind is TctlFailed.</summary>
        private static readonly System.Collections.Generic.Dictionary<TctlErrorKind, (string Id, ErrorCategory Category, string Action)> TctlErrors =
            new System.Collections.Generic.Dictionary<TctlErrorKind, (string, ErrorCategory, string)>
            {
                [TctlErrorKind.TctlNotFound] = ("TctlNotFound", ErrorCategory.ObjectNotFound, "Install Teleport's tctl, or pass its location with -TctlPath."),
                // The id of a name that is not there is the caller's (UserNotFound, RoleNotFound, ...).
                [TctlErrorKind.NotFound] = (null, ErrorCategory.ObjectNotFound, "Check the name with tctl get users (or roles, app_servers)."),
                [TctlErrorKind.AccessDenied] = ("TctlAccessDenied", ErrorCategory.PermissionDenied, "Use an identity whose roles allow this on the user resource (for example the editor role)."),
                [TctlErrorKind.NotLoggedIn] = ("TctlNotLoggedIn", ErrorCategory.AuthenticationError, "Run tsh login (tctl uses the tsh profile), or pass -IdentityFile with -AuthServer."),
                [TctlErrorKind.Timeout] = ("TctlTimeout", ErrorCategory.OperationTimeout, "Check that the auth server is reachable, or raise -TimeoutSec."),
                [TctlErrorKind.ArgumentListTooLong] = ("TctlArgumentListTooLong", ErrorCategory.LimitsExceeded, "Send fewer or shorter values in one call."),
                [TctlErrorKind.InvalidOutput] = ("TctlInvalidOutput", ErrorCategory.InvalidData, "Run the command by hand and compare its output with tctl get --format=json."),
            };

        /// <summary>The ErrorRecord for a failed tctl call: stable id per kind, honest category, tctl's stderr kept.</summary>
        // Here, not in ErrorRecords: its texts name the tctl parameters, which only the cmdlets derived from this class have.
        internal static ErrorRecord FromTctl(TctlException e, object target, string notFoundId)
        {
            var (id, category, action) = TctlErrors.TryGetValue(e.Kind, out var known)
                ? known
                : ("TctlFailed", ErrorCategory.InvalidOperation, "Run the command by hand to see the whole output: " + e.CommandLine);
            return ErrorRecords.Create(category, id ?? notFoundId, e.Message, target, e, action, e.Message);
        }
}
}
