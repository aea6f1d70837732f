using System;
using System.Management.Automation;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>Get-TeleportMcpTools: a user's mcp_tools trait and roles, read live with tctl get users/NAME.</summary>
    [Cmdlet(VerbsCommon.Get, "TeleportMcpTools")]
    [OutputType(typeof(UserTools))]
    public sealed class GetTeleportMcpToolsCommand : TctlCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OfflineNameCompleter))]
        public string[] User { get; set; }

        protected override void BeginProcessing() => RequireTctl();

        protected override void ProcessRecord()
        {
            foreach (var name in User)
            {
                var problem = TctlBridge.CheckUserName(name);
                if (problem != null)
                {
                    WriteError(new ErrorRecord(new ArgumentException(problem), "InvalidUserName", ErrorCategory.InvalidArgument, name));
                    continue;
                }
                var settings = Settings();
                WriteVerbose(TctlBridge.Display(settings, "get", "users/" + name, "--format=json"));
                try
                {
                    WriteObject(TctlBridge.GetUserTools(settings, name));
                }
                catch (TctlFailure f)
                {
                    WriteError(TctlBridge.ToErrorRecord(f, name, "TeleportUserNotFound"));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
