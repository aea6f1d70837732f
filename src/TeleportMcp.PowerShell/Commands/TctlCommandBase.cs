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
                Terminate(ErrorRecords.FromTctl(e, TctlPath ?? "tctl", "TctlNotFound"));
            }
        }
    }
}
