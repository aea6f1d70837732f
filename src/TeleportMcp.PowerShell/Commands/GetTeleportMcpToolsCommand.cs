using System;
using System.Management.Automation;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Tctl;
using TeleportMcp.Infrastructure;
using TeleportMcp.Parameters;

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
        [UserNameTransformation(NameProperty = true)]
        [ArgumentCompleter(typeof(OfflineNameCompleter))]
        public UserChoice[] User { get; set; }

        protected override void BeginProcessing() => RequireTctl();

        protected override void ProcessRecord()
        {
            foreach (var name in Choice.Names<TeleportMcp.User>(User, e => EmitError(ErrorRecords.FromInput(e)), EmitWarning))
            {
                var problem = McpToolsPlan.CheckUserName(name);
                if (problem != null)
                {
                    EmitError(ErrorRecords.Create(ErrorCategory.InvalidArgument, "InvalidUserName", problem, name));
                    continue;
                }
                var tctl = Tctl();
                WriteVerbose(tctl.Runner.Display(new[] { "get", "users/" + name, "--format=json" }));
                try
                {
                    Emit(tctl.GetUserTools(name));
                }
                catch (TctlException e)
                {
                    EmitError(ErrorRecords.FromTctl(e, name, "TeleportUserNotFound"));
                }
                catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
