using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp
{
    public enum HostCheckStatus
    {
        /// <summary>The host checks ran there (they may have failed).</summary>
        Checked,
        /// <summary>No PowerShell session could be opened, or it broke before the checks ended.</summary>
        Unreachable,
        /// <summary>The session opened, but the host has no TeleportMcp module to run the checks with.</summary>
        ModuleMissing,
    }

    /// <summary>
    /// One App Service host's run of Test-TeleportMcpApp's host checks over PowerShell remoting: what ran there, or why
    /// nothing did. Type name TeleportMcp.HostCheckRun.
    /// </summary>
    public sealed class HostCheckRun
    {
        public HostCheckRun(string host, HostCheckStatus status, string? reason = null, string? fix = null)
        {
            Host = host;
            Status = status;
            Reason = reason;
            Fix = fix;
        }

        /// <summary>The host as the admin named it (-HostName, -ComputerName) or as its session names it.</summary>
        public string Host { get; }
        public HostCheckStatus Status { get; }

        /// <summary>Why the checks did not run there; null when they did.</summary>
        public string? Reason { get; }

        /// <summary>The next step for a host that was not checked (the install command, what to check about the connection).</summary>
        public string? Fix { get; }

        /// <summary>Every app's checks on this host; a live probe is one check named Probe plus its stage.</summary>
        public List<AppCheck> Checks { get; } = new List<AppCheck>();

        /// <summary>Checked, nothing failed and no probe stopped short (an Indeterminate probe is not a pass).</summary>
        public bool Passed => Status == HostCheckStatus.Checked && Checks.Count > 0 && !Checks.Any(Engine.Fleet.FleetSummary.Fails);

        public override string ToString() => Host + ": " + (Status == HostCheckStatus.Checked ? (Passed ? "passed" : "failed") : Status + " (" + Reason + ")");
    }
}
