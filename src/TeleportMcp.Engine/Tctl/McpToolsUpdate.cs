using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Tctl
{
    /// <summary>Why a user's MCP tools were not changed.</summary>
    public enum McpToolsUpdateProblem
    {
        /// <summary>The user name or a tool entry cannot be sent (nothing was sent for the user).</summary>
        InvalidInput,
        /// <summary>The command line for tctl would be too long.</summary>
        TooLong,
        /// <summary>Someone else changed the user's list: one of the two changes would be, or was, lost.</summary>
        LostUpdate,
    }

    /// <summary>A user left unchanged, and why; the stable id is the PowerShell error id.</summary>
    public sealed class McpToolsUpdateError
    {
        public McpToolsUpdateError(McpToolsUpdateProblem problem, string code, string user, string message, string? detail = null, string? recommendedAction = null)
        {
            Problem = problem;
            Code = code;
            User = user;
            Message = message;
            Detail = detail ?? message;
            RecommendedAction = recommendedAction;
        }

        public McpToolsUpdateProblem Problem { get; }
        public string Code { get; }
        public string User { get; }
        public string Message { get; }

        /// <summary>The text shown to the person (may say more than the message).</summary>
        public string? Detail { get; }
        public string? RecommendedAction { get; }
    }

    /// <summary>
    /// Set-TeleportMcpTools as one use case: per user, validate the entries, read the current list when the mode
    /// merges, compute the new list, ask, write it with tctl, read it back, and stop when someone else changed the
    /// user in between (nothing is lost silently). tctl users update --set-mcp-tools replaces the list (reference U2).
    /// </summary>
    public sealed class McpToolsUpdate
    {
        private readonly Func<TctlClient> _tctl;
        private readonly McpToolsMode _mode;
        private bool _tctlChecked;

        public McpToolsUpdate(Func<TctlClient> tctl, McpToolsMode mode)
        {
            _tctl = tctl;
            _mode = mode;
        }

        /// <summary>The extra question before "*" (every tool) is granted to <paramref name="user"/>, and its caption.</summary>
        public static string GrantAllQuestion(string user) => "Grant every MCP tool (\"*\") to " + user + "? Use -Force to skip this question.";

        public const string GrantAllCaption = "Grant all MCP tools";

        /// <summary>The error id, and what it says, when "*" needs that question and nobody can answer it (a host without a user).</summary>
        public const string GrantAllNeedsConfirmationCode = "GrantAllNeedsConfirmation";

        public static string GrantAllNeedsConfirmation(string user) => "Granting \"*\" to " + user + " needs confirmation, and this host cannot ask; pass -Force to confirm.";

        /// <summary>Ends the command when tctl cannot be found (called once, before the first call that needs it).</summary>
        public Action RequireTctl { get; set; } = () => { };

        /// <summary>Asks whether to change the target with the described action (-WhatIf, -Confirm).</summary>
        public Func<string, string, bool> ShouldProcess { get; set; } = (_, __) => true;

        /// <summary>Asks once more before granting every tool ("*") to a user; -Force answers yes.</summary>
        public Func<string, bool> ConfirmGrantAll { get; set; } = _ => true;

        public bool PassThru { get; set; }
        public Action<UserTools> Output { get; set; } = _ => { };
        public Action<string> Verbose { get; set; } = _ => { };
        public Action<string> Warning { get; set; } = _ => { };
        public Action<McpToolsUpdateError> Error { get; set; } = _ => { };
        public Action<TctlException, string> TctlError { get; set; } = (_, __) => { };

        /// <summary>Whether the windows command-line limit applies to tctl's arguments.</summary>
        public bool Windows { get; set; }

        private bool Merges => _mode == McpToolsMode.Append || _mode == McpToolsMode.Remove;

        /// <summary>The id of the error that says no user was changed because some of the input was refused.</summary>
        public const string NotChangedCode = "McpToolsNotChanged";

        /// <summary>How a refused value's error ends here (<see cref="InputPolicy.HeldBack"/>): the values beside it are not used either.</summary>
        public const string HeldBackText = "no user's MCP tools are changed while any value given is refused, so fix it and run the command again.";

        /// <summary>The requests gathered from the command line and the pipeline (<see cref="Run(IEnumerable{KeyValuePair{string, List{string}}})"/>), with the -User values refused on the way.</summary>
        public void Run(McpToolsRequests requests)
        {
            if (requests == null) throw new ArgumentNullException(nameof(requests));
            Run(requests.InOrder(), requests.Refused);
        }

        /// <summary>
        /// Updates each user once with the tools requested for it, in order; warns at the end who must log in again.
        /// All or nothing for input: every user name and tool entry is checked before anything is read or written, and
        /// when one is refused (or a -User value was, <paramref name="refusedUsers"/>) no user is changed: which users and
        /// tools were meant is then unclear, and a change to the others could not be told apart from the one intended.
        /// </summary>
        public void Run(IEnumerable<KeyValuePair<string, List<string>>> requests, int refusedUsers = 0)
        {
            if (requests == null) throw new ArgumentNullException(nameof(requests));
            int refused = refusedUsers;
            // Each -User value as the user it names (a wildcard character is refused, an escaped one taken literally).
            var all = new List<KeyValuePair<string, List<string>>>();
            foreach (var kv in requests)
            {
                var name = McpToolsPlan.LiteralUserName(kv.Key, out var wildcard);
                if (wildcard != null)
                {
                    Error(new McpToolsUpdateError(McpToolsUpdateProblem.InvalidInput, McpToolsPlan.WildcardUserNameCode, kv.Key, wildcard));
                    refused++;
                    continue;
                }
                int at = all.FindIndex(a => string.Equals(a.Key, name, StringComparison.Ordinal));
                if (at >= 0) all[at].Value.AddRange(kv.Value);
                else all.Add(new KeyValuePair<string, List<string>>(name, new List<string>(kv.Value)));
            }
            var held = new List<string>();
            foreach (var kv in all)
            {
                if (Check(kv.Key, kv.Value)) held.Add(kv.Key);
                else refused++;
            }
            if (refused > 0)
            {
                // The refusals were each written; this error names the users held back with them, if any.
                if (held.Count > 0)
                    Error(new McpToolsUpdateError(McpToolsUpdateProblem.InvalidInput, NotChangedCode, ListText.Join(", ", held),
                        "No user's MCP tools were changed: " + refused.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                        " value(s) given were refused (the errors above), so which users and tools were meant is unclear (not changed: " +
                        ListText.Join(", ", held) + ").",
                        recommendedAction: "Fix or remove the refused values and run the command again; nothing was sent to Teleport."));
                return;
            }
            var changed = new List<string>();
            foreach (var kv in all)
                if (UpdateOne(kv.Key, kv.Value)) changed.Add(kv.Key);
            // lib/services/access_checker.go: traits come from the certificate (reference I14, inferred).
            if (changed.Count > 0)
                Warning("Teleport reads MCP tools from the user's certificate: " + ListText.Join(", ", changed) + " must log in again (tsh login) before the new tools apply.");
        }

        private void EnsureTctl()
        {
            if (_tctlChecked) return;
            RequireTctl();
            _tctlChecked = true;
        }

        /// <summary>The user name and the tool entries of one request, checked before anything is sent (<see cref="Run(IEnumerable{KeyValuePair{string, List{string}}}, int)"/>).</summary>
        private bool Check(string user, List<string> requested)
        {
            var problem = McpToolsPlan.CheckUserName(user);
            if (problem != null)
            {
                Error(new McpToolsUpdateError(McpToolsUpdateProblem.InvalidInput, "InvalidUserName", user, problem));
                return false;
            }
            return Validate(user, requested);
        }

        private bool UpdateOne(string user, List<string> requested)
        {

            // Only a real change or a read of the current list needs tctl; a -WhatIf of -Set/-Clear does not.
            string[]? before = null;
            UserTools? current = null;
            if (Merges)
            {
                EnsureTctl();
                current = Read(user);
                if (current == null) return false;
                before = current.Tools ?? Array.Empty<string>();
            }
            string[] after = McpToolsPlan.Compute(before, requested, _mode).ToArray();
            if (_mode == McpToolsMode.Remove)
                foreach (var g in McpToolsPlan.StillGranted(user, after, requested)) Warning(g.Message);
            if (before != null && before.SequenceEqual(after, StringComparer.Ordinal))
            {
                Verbose("User " + user + " already has MCP tools [" + McpToolsPlan.Format(after) + "]; nothing to change.");
                if (PassThru) Output(current!); // before was read with current
                return false;
            }

            string action = before != null
                ? "Set MCP tools [" + McpToolsPlan.Format(before) + "] -> [" + McpToolsPlan.Format(after) + "]"
                : "Replace MCP tools (current list not read) with [" + McpToolsPlan.Format(after) + "]";
            if (!ShouldProcess("Teleport user " + user, action)) return false;
            if (after.Contains("*") && !ConfirmGrantAll(user)) return false;

            EnsureTctl();
            if (before == null)
            {
                current = Read(user);
                if (current == null) return false;
                before = current.Tools ?? Array.Empty<string>();
                Verbose("User " + user + " had MCP tools [" + McpToolsPlan.Format(before) + "].");
                if (before.SequenceEqual(after, StringComparer.Ordinal))
                {
                    Verbose("User " + user + " already has exactly these MCP tools; nothing to change.");
                    if (PassThru) Output(current);
                    return false;
                }
            }
            var result = Write(user, before, after);
            if (result == null) return false;
            if (PassThru) Output(result);
            return true;
        }

        private bool Validate(string user, List<string> requested)
        {
            if (_mode == McpToolsMode.Clear) return true;
            if (requested.Count == 0)
            {
                Error(new McpToolsUpdateError(McpToolsUpdateProblem.InvalidInput, "InvalidToolEntry", user,
                    "No tools were given for user " + user + "; use -Clear to remove every tool."));
                return false;
            }
            bool ok = true;
            foreach (var issue in McpToolsPlan.Validate(requested, _mode))
            {
                if (!issue.IsError)
                {
                    Warning(issue.Message);
                    continue;
                }
                ok = false;
                Error(new McpToolsUpdateError(McpToolsUpdateProblem.InvalidInput, "InvalidToolEntry", user, issue.Message,
                    issue.Message + " (" + issue.Code + "; user " + user + " was not changed)", "Fix the tool entry; nothing was sent to Teleport for " + user + "."));
            }
            return ok;
        }

        private UserTools? Read(string user)
        {
            var tctl = _tctl();
            Verbose(tctl.Runner.Display(new[] { "get", "users/" + user, "--format=json" }));
            try
            {
                return tctl.GetUserTools(user);
            }
            catch (TctlException e)
            {
                TctlError(e, user);
                return null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        /// <summary>Writes the full list, reads it back, and fails loudly when the stored list is not the intended one.</summary>
        private UserTools? Write(string user, string[] before, string[] after)
        {
            var tctl = _tctl();
            string? tooLong = McpToolsPlan.CheckCommandLength(tctl.Runner.BuildArguments(McpToolsPlan.UpdateArguments(user, after)), Windows);
            if (tooLong != null)
            {
                Error(new McpToolsUpdateError(McpToolsUpdateProblem.TooLong, "ToolListTooLong", user, tooLong, tooLong + " (user " + user + " was not changed)",
                    "Use fewer or shorter tool entries."));
                return null;
            }
            // Read again just before writing: a change someone made since the merge started would be overwritten.
            // A replace (-Set, -Clear) does not depend on the list it read, so only merges compare.
            if (Merges)
            {
                var now = Read(user);
                if (now == null) return null;
                string? changedMeanwhile = McpToolsPlan.CheckUnchanged(user, before, now.Tools ?? Array.Empty<string>());
                if (changedMeanwhile != null)
                {
                    Error(new McpToolsUpdateError(McpToolsUpdateProblem.LostUpdate, "McpToolsLostUpdate", user, changedMeanwhile, null,
                        "Run the command again: it merges with the list Teleport stores now."));
                    return null;
                }
            }
            Verbose(tctl.Runner.Display(McpToolsPlan.UpdateArguments(user, after)));
            try
            {
                var output = tctl.SetMcpTools(user, after);
                foreach (var line in (output ?? "").Split('\n'))
                    if (line.Trim().Length > 0) Verbose("tctl: " + line.TrimEnd('\r'));
            }
            catch (TctlException e)
            {
                TctlError(e, user);
                return null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            var stored = Read(user);
            if (stored == null) return null;
            if (McpToolsPlan.SameTools(after, stored.Tools ?? Array.Empty<string>())) return stored;
            string message = "The MCP tools of " + user + " were written as [" + McpToolsPlan.Format(after) + "], but Teleport now stores [" +
                             McpToolsPlan.Format(stored.Tools) + "]: someone else changed the user in between, and one of the two changes is lost.";
            Error(new McpToolsUpdateError(McpToolsUpdateProblem.LostUpdate, "McpToolsLostUpdate", user, message, null,
                "Check who else changes " + user + " (audit log: user.update), then run the command again."));
            return null;
        }
    }
}
