using System;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using TeleportMcp.Engine.FileSystem;
using TeleportMcp.Engine.Fleet;
using TeleportMcp.Infrastructure;
using TeleportMcp.Transport;

namespace TeleportMcp.Commands
{
    /// <summary>
    /// The remoting parameters of the cmdlets that run host checks on the App Service hosts (Test-TeleportMcpApp,
    /// Invoke-TeleportMcpDiagnosis): declared once, so both take the same names, ranges and conflicts.
    /// </summary>
    public abstract class FleetCommand : TeleportMcpCommand
    {
        /// <summary>Run the host checks on the App Service hosts of these open sessions instead of this computer.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public PSSession[] Session { get; set; }

        /// <summary>App Service hosts to reach over SSH (a session is opened to each and closed at the end); "user@host:port" works too.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] HostName { get; set; }

        /// <summary>App Service hosts to reach over WinRM (a session is opened to each and closed at the end).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] ComputerName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string KeyFilePath { get; set; }

        [Parameter]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        /// <summary>SSH options for -HostName, as New-PSSession -Options takes them (e.g. @{ UserKnownHostsFile = '...' }).</summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable Options { get; set; }

        /// <summary>How many hosts run the checks at the same time.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = 32;

        /// <summary>The hosts the admin named, or none; parameters that do not go together stop the command.</summary>
        private protected RemoteHosts RemoteRequest(int timeoutSec)
        {
            var remote = new RemoteHosts { Session = Session, UserName = UserName, KeyFilePath = KeyFilePath, Credential = Credential, Options = Options };
            var request = remote.Request;
            request.Session = Session != null;
            request.HostName = HostName;
            request.ComputerName = ComputerName;
            request.UserName = UserName != null;
            request.KeyFilePath = KeyFilePath != null;
            request.Credential = Credential != null;
            request.Port = Port;
            request.Options = Options != null;
            request.ThrottleLimit = ThrottleLimit;
            request.TimeoutSec = timeoutSec;
            var refusal = request.Refusal();
            if (refusal != null) Terminate(ErrorRecords.FromInput(refusal));
            // The key file as a file-system path, resolved once here: a key that is not there ends the command before any host is opened.
            if (KeyFilePath != null) remote.KeyFilePath = PathResolver.ResolveOneOrTerminate(this, KeyFilePath, literal: true, PathMust.BeFile);
            return remote;
        }
    }
}
