using System;
using System.Management.Automation;
using TeleportMcp.Engine.Common;
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
        // Not [ValidateNotNullOrEmpty]: a null among names would refuse them all; each blank value is that item's error (Choice.Names, Choice.PipedNames).
        [AllowNull]
        [UserNameTransformation(NameProperty = true)]
        [ArgumentCompleter(typeof(OfflineNameCompleter))]
        public UserChoice[] User { get; set; }

        private bool _usersFromCommandLine;

        protected override void BeginProcessing()
        {
            _usersFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(User));
            if (_usersFromCommandLine && Choice.OnlyNulls<TeleportMcp.User>(User)) RefuseNullOrEmpty(nameof(User));
            RequireTctl();
        }

        protected override void ProcessRecord()
        {
            Action<TeleportInputException> refused = e => EmitError(ErrorRecords.FromInput(e));
            var names = _usersFromCommandLine ? Choice.Names<TeleportMcp.User>(User, refused, EmitWarning) : Choice.PipedNames<TeleportMcp.User>(User, refused, EmitWarning);
            foreach (var given in names)
            {
                var name = McpToolsPlan.LiteralUserName(given, out var wildcard);
                if (wildcard != null)
                {
                    EmitError(ErrorRecords.Create(ErrorCategory.InvalidArgument, McpToolsPlan.WildcardUserNameCode, wildcard, given));
                    continue;
                }
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
                    EmitError(FromTctl(e, name, "TeleportUserNotFound"));
                }
                catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
