using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.FileSystem;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>
    /// What Test-TeleportMcpClient was asked to check and what of it matched nothing: whether any check runs, the error
    /// when no client file was examined, and -Quiet's answer (false when anything named was not found or did not read).
    /// </summary>
    public sealed class ClientCheckScope
    {
        private readonly PathInputs _paths;

        /// <param name="paths">-Path and -LiteralPath, resolved.</param>
        public ClientCheckScope(PathInputs paths)
        {
            _paths = paths ?? throw new ArgumentNullException(nameof(paths));
        }

        /// <summary>A user named could not be looked up (<see cref="ClientUsers.Resolve"/>).</summary>
        public bool UsersMissing { get; set; }

        /// <summary>An -App or -User value did not read (its own error).</summary>
        public bool InputUnread { get; set; }

        /// <summary>The project folder given (-ProjectPath) is not there (its own error).</summary>
        public bool ProjectUnmatched { get; private set; }

        /// <summary>Something named was not found or did not read: -Quiet cannot pass.</summary>
        public bool Unmatched => UsersMissing || InputUnread || ProjectUnmatched || _paths.Unmatched.Count > 0;

        /// <summary>
        /// No check runs: every -Path matched nothing, or the project folder given is not there and no -Path names the
        /// files instead (never another folder's project files in its place).
        /// </summary>
        public bool NothingToCheck => (_paths.Given && _paths.Files.Count == 0) || (ProjectUnmatched && !_paths.Given);

        /// <summary>Notes that the project folder given was refused (the caller reported why).</summary>
        public void ProjectRefused() => ProjectUnmatched = true;

        /// <summary>The error of a check that read no client file (<see cref="ClientDiagnosis.NothingExamined"/>); null otherwise.</summary>
        /// <param name="searched">Where a check without -Path looked (<see cref="ClientDiagnosis.Searched"/>).</param>
        public TeleportNotFoundException? NothingExamined(IEnumerable<ClientCheck> results, IEnumerable<string?> searched) =>
            ClientDiagnosis.NothingExamined(results, _paths.Given, searched);

        /// <summary>-Quiet's answer: true only when a client file was examined, everything named matched, and no check failed; null results = no check ran.</summary>
        public bool QuietAnswer(IEnumerable<ClientCheck>? results) => ClientDiagnosis.QuietAnswer(NothingToCheck ? null : results, Unmatched);
    }
}
