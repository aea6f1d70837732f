using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using TeleportMcp.Engine.Tctl;
using TeleportMcp.Infrastructure;

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

        // user -> requested tools, in the order users first appeared (Teleport user names are case-sensitive).
        private readonly List<string> _order = new List<string>();
        private readonly Dictionary<string, List<string>> _requests = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OfflineNameCompleter))]
        public string[] User { get; set; }

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

        private bool NeedsCurrent => Mode == AppendName || Mode == RemoveName;

        protected override void ProcessRecord()
        {
            foreach (var user in User)
            {
                if (!_requests.TryGetValue(user ?? "", out var list))
                {
                    list = new List<string>();
                    _requests[user ?? ""] = list;
                    _order.Add(user ?? "");
                }
                if (Tools != null) list.AddRange(Tools);
            }
        }

        protected override void EndProcessing()
        {
            // Only a real change or a read of the current list needs tctl; a -WhatIf of -Set/-Clear does not.
            bool tctlChecked = false;
            var changed = new List<string>();
            foreach (var user in _order)
            {
                var requested = _requests[user];
                var problem = McpToolsPlan.CheckUserName(user);
                if (problem != null)
                {
                    EmitError(ErrorRecords.Create(new ArgumentException(problem), "InvalidUserName", user));
                    continue;
                }
                if (!Validate(user, requested)) continue;

                string[] before = null;
                UserTools current = null;
                if (NeedsCurrent)
                {
                    if (!tctlChecked) { RequireTctl(); tctlChecked = true; }
                    current = Read(user);
                    if (current == null) continue;
                    before = current.Tools;
                }
                string[] after = McpToolsPlan.Compute(before, requested, PlanMode).ToArray();
                if (Mode == RemoveName)
                    foreach (var g in McpToolsPlan.StillGranted(user, after, requested)) EmitWarning(g.Message);
                if (before != null && before.SequenceEqual(after, StringComparer.Ordinal))
                {
                    WriteVerbose("User " + user + " already has MCP tools [" + McpToolsPlan.Format(after) + "]; nothing to change.");
                    if (PassThru) Emit(current);
                    continue;
                }

                string action = before != null
                    ? "Set MCP tools [" + McpToolsPlan.Format(before) + "] -> [" + McpToolsPlan.Format(after) + "]"
                    : "Replace MCP tools (current list not read) with [" + McpToolsPlan.Format(after) + "]";
                if (!ShouldProcess("Teleport user " + user, action)) continue;
                if (after.Contains("*") && !Force && !ConfirmGrantAll(user)) continue;

                if (!tctlChecked) { RequireTctl(); tctlChecked = true; }
                if (before == null)
                {
                    current = Read(user);
                    if (current == null) continue;
                    before = current.Tools;
                    WriteVerbose("User " + user + " had MCP tools [" + McpToolsPlan.Format(before) + "].");
                    if (before.SequenceEqual(after, StringComparer.Ordinal))
                    {
                        WriteVerbose("User " + user + " already has exactly these MCP tools; nothing to change.");
                        if (PassThru) Emit(current);
                        continue;
                    }
                }
                var result = Write(user, before, after);
                if (result == null) continue;
                changed.Add(user);
                if (PassThru) Emit(result);
            }
            if (changed.Count > 0)
            {
                // lib/services/access_checker.go: traits come from the certificate (reference I14, inferred).
                EmitWarning("Teleport reads MCP tools from the user's certificate: " + string.Join(", ", changed) +
                             " must log in again (tsh login) before the new tools apply.");
            }
        }

        private bool Validate(string user, List<string> requested)
        {
            if (Mode == ClearName) return true;
            if (requested.Count == 0)
            {
                EmitError(ErrorRecords.Create(new ArgumentException("No tools were given for user " + user + "; use -Clear to remove every tool."),
                    "InvalidToolEntry", user));
                return false;
            }
            bool ok = true;
            foreach (var issue in McpToolsPlan.Validate(requested, PlanMode))
            {
                if (!issue.IsError)
                {
                    EmitWarning(issue.Message);
                    continue;
                }
                ok = false;
                var record = ErrorRecords.Create(new ArgumentException(issue.Message), "InvalidToolEntry", user);
                record.ErrorDetails = new ErrorDetails(issue.Message + " (" + issue.Code + "; user " + user + " was not changed)")
                {
                    RecommendedAction = "Fix the tool entry; nothing was sent to Teleport for " + user + ".",
                };
                EmitError(record);
            }
            return ok;
        }

        private bool ConfirmGrantAll(string user)
        {
            try
            {
                return ShouldContinue("Grant every MCP tool (\"*\") to " + user + "? Use -Force to skip this question.", "Grant all MCP tools");
            }
            catch (Exception e) when (e is PSInvalidOperationException || e is System.Management.Automation.Host.HostException)
            {
                EmitError(ErrorRecords.Create(new InvalidOperationException(
                        "Granting \"*\" to " + user + " needs confirmation, and this host cannot ask; pass -Force to confirm.", e),
                    "GrantAllNeedsConfirmation", user));
                return false;
            }
        }

        private UserTools Read(string user)
        {
            var tctl = Tctl();
            WriteVerbose(tctl.Runner.Display(new[] { "get", "users/" + user, "--format=json" }));
            try
            {
                return tctl.GetUserTools(user);
            }
            catch (TctlException e)
            {
                EmitError(ErrorRecords.FromTctl(e, user, "TeleportUserNotFound"));
                return null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        /// <summary>Writes the full list, reads it back, and fails loudly when the stored list is not the intended one.</summary>
        private UserTools Write(string user, string[] before, string[] after)
        {
            var tctl = Tctl();
            string tooLong = McpToolsPlan.CheckCommandLength(tctl.Runner.BuildArguments(McpToolsPlan.UpdateArguments(user, after)),
                System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows));
            if (tooLong != null)
            {
                EmitError(new ErrorRecord(new ArgumentException(tooLong), "ToolListTooLong", ErrorCategory.LimitsExceeded, user)
                {
                    ErrorDetails = new ErrorDetails(tooLong + " (user " + user + " was not changed)") { RecommendedAction = "Use fewer or shorter tool entries." },
                });
                return null;
            }
            // Read again just before writing: a change someone made since the merge started would be overwritten.
            // A replace (-Set, -Clear) does not depend on the list it read, so only merges compare.
            if (NeedsCurrent)
            {
                var now = Read(user);
                if (now == null) return null;
                string changedMeanwhile = McpToolsPlan.CheckUnchanged(user, before, now.Tools);
                if (changedMeanwhile != null)
                {
                    var lost = new ErrorRecord(new InvalidOperationException(changedMeanwhile), "McpToolsLostUpdate", ErrorCategory.InvalidResult, user);
                    lost.ErrorDetails = new ErrorDetails(changedMeanwhile)
                    {
                        RecommendedAction = "Run the command again: it merges with the list Teleport stores now.",
                    };
                    EmitError(lost);
                    return null;
                }
            }
            WriteVerbose(tctl.Runner.Display(McpToolsPlan.UpdateArguments(user, after)));
            try
            {
                var output = tctl.SetMcpTools(user, after);
                foreach (var line in output.Split('\n'))
                    if (line.Trim().Length > 0) WriteVerbose("tctl: " + line.TrimEnd('\r'));
            }
            catch (TctlException e)
            {
                EmitError(ErrorRecords.FromTctl(e, user, "TeleportUserNotFound"));
                return null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            var stored = Read(user);
            if (stored == null) return null;
            if (!McpToolsPlan.SameTools(after, stored.Tools))
            {
                string message = "The MCP tools of " + user + " were written as [" + McpToolsPlan.Format(after) + "], but Teleport now stores [" +
                                 McpToolsPlan.Format(stored.Tools) + "]: someone else changed the user in between, and one of the two changes is lost.";
                var record = ErrorRecords.Create(new InvalidOperationException(message), "McpToolsLostUpdate", user, null, ErrorCategory.InvalidResult);
                record.ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = "Check who else changes " + user + " (audit log: user.update), then run the command again.",
                };
                EmitError(record);
                return null;
            }
            return stored;
        }
    }
}
