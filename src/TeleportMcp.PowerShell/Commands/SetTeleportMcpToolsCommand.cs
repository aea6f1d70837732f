using System;
using System.Management.Automation;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Tctl;
using TeleportMcp.Infrastructure;
using TeleportMcp.Parameters;

namespace TeleportMcp.Commands
{
    /// <summary>
    /// Set-TeleportMcpTools: changes users' mcp_tools trait with tctl users update --set-mcp-tools, which replaces the
    /// list (reference U2). -Append and -Remove read the current list first and write the merged result. Pipeline input
    /// is gathered per user, so each user gets one update; each update is read back and checked.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "TeleportMcpTools", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SetName)]
    [OutputType(typeof(UserTools))]
    public sealed class SetTeleportMcpToolsCommand : TctlCommandBase
    {
        private const string SetName = "Set";
        private const string AppendName = "Append";
        private const string RemoveName = "Remove";
        private const string ClearName = "Clear";

        private readonly McpToolsRequests _requests = new McpToolsRequests();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        // Not [ValidateNotNullOrEmpty]: a null among names is that item's error (Choice.Names, Choice.PipedNames), and then no user is changed (McpToolsUpdate.Run).
        [AllowNull]
        [UserNameTransformation(NameProperty = true)]
        [ArgumentCompleter(typeof(OfflineNameCompleter))]
        public UserChoice[] User { get; set; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = SetName)]
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = AppendName)]
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = RemoveName)]
        [Alias("Tool")]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(OfflineNameCompleter))]
        public string[] Tools { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AppendName)]
        public SwitchParameter Append { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = RemoveName)]
        public SwitchParameter Remove { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ClearName)]
        public SwitchParameter Clear { get; set; }

        /// <summary>Emit the stored result (read back from Teleport) for each changed user.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Grant "*" (every tool) without the extra confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private string Mode => ParameterSetName;

        private McpToolsMode PlanMode => (McpToolsMode)Enum.Parse(typeof(McpToolsMode), Mode);

        private bool _usersFromCommandLine;

        protected override void BeginProcessing()
        {
            _usersFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(User));
            if (_usersFromCommandLine && Choice.OnlyNulls<TeleportMcp.User>(User)) RefuseNullOrEmpty(nameof(User));
        }

        protected override void ProcessRecord()
        {
            Action<TeleportInputException> refused = e =>
            {
                _requests.NoteRefused();
                EmitError(ErrorRecords.FromInput(InputPolicy.HeldBack(e, McpToolsUpdate.HeldBackText)));
            };
            _requests.Add(_usersFromCommandLine ? Choice.Names<TeleportMcp.User>(User, refused, EmitWarning) : Choice.PipedNames<TeleportMcp.User>(User, refused, EmitWarning), Tools);
        }

        protected override void EndProcessing()
        {
            var update = new McpToolsUpdate(Tctl, PlanMode)
            {
                RequireTctl = RequireTctl,
                ShouldProcess = ShouldProcess,
                ConfirmGrantAll = user => Force || ConfirmGrantAll(user),
                PassThru = PassThru,
                Output = Emit,
                Verbose = WriteVerbose,
                Warning = EmitWarning,
                Error = e => EmitError(ErrorRecords.FromMcpToolsUpdate(e)),
                TctlError = (e, user) => EmitError(FromTctl(e, user, "TeleportUserNotFound")),
                Windows = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows),
            };
            update.Run(_requests);
        }

        private bool ConfirmGrantAll(string user)
        {
            try
            {
                return ShouldContinue(McpToolsUpdate.GrantAllQuestion(user), McpToolsUpdate.GrantAllCaption);
            }
            catch (Exception e) when (e is PSInvalidOperationException || e is System.Management.Automation.Host.HostException)
            {
                EmitError(ErrorRecords.Create(ErrorCategory.InvalidOperation, McpToolsUpdate.GrantAllNeedsConfirmationCode, McpToolsUpdate.GrantAllNeedsConfirmation(user), user, e));
                return false;
            }
        }
    }
}
