using System;
using System.Collections;
using System.Linq;
using TeleportMcp.Engine.Common;
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
        // -Session, -HostName and -ComputerName declare no [ValidateNotNullOrEmpty], which would refuse the whole list for one
        // null: a blank item is its own error naming its place (InputPolicy's one rule, RemoteRequest) and the other hosts are used.

        /// <summary>Run the host checks on the App Service hosts of these open sessions instead of this computer.</summary>
        [Parameter]
        public PSSession[] Session { get; set; }

        /// <summary>App Service hosts to reach over SSH (a session is opened to each and closed at the end); "user@host:port" works too.</summary>
        [Parameter]
        public string[] HostName { get; set; }

        /// <summary>App Service hosts to reach over WinRM (a session is opened to each and closed at the end).</summary>
        [Parameter]
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

        /// <summary>
        /// The hosts the admin named, or none; parameters that do not go together stop the command. A blank item of
        /// -Session, -HostName or -ComputerName (null, empty, white space only) is its own error to <paramref name="refused"/>
        /// (BlankListItem, -HostName[1]) and the other hosts are still used; a list of only nulls and empty names is
        /// PowerShell's usual refusal. A list whose every item was refused opens nothing and checks nothing (never this computer).
        /// </summary>
        private protected RemoteHosts RemoteRequest(int timeoutSec, Action<TeleportInputException> refused)
        {
            // A session object names itself (its instance id is never blank): only a null item is blank.
            var sessions = ObjectsGiven(nameof(Session), Session, s => s.InstanceId.ToString(), refused);
            var hostNames = ItemsGiven(nameof(HostName), HostName, refused);
            var computerNames = ItemsGiven(nameof(ComputerName), ComputerName, refused);
            var remote = new RemoteHosts { Session = sessions?.ToArray(), UserName = UserName, KeyFilePath = KeyFilePath, Credential = Credential, Options = Options };
            var request = remote.Request;
            request.Session = sessions != null;
            request.HostName = hostNames?.ToArray();
            request.ComputerName = computerNames?.ToArray();
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
