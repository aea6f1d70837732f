using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Audit
{
    /// <summary>
    /// The strings piped to Get-TeleportMcpAuditEvent with -Path, as the user names the files are filtered by: each once,
    /// in order; an empty one skipped; an audit line piped by mistake refused (<see cref="AuditEventQuery.RefusedUserName"/>)
    /// while the others are kept.
    /// </summary>
    public sealed class PipedUserNames
    {
        private readonly List<string> _names = new List<string>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);

        public IReadOnlyList<string> Names => _names;

        /// <summary>Whether any value was piped as a user, kept or refused.</summary>
        public bool AnyGiven { get; private set; }

        /// <summary>
        /// Values were piped as users and every one was refused or empty: the events of users nobody named are not listed
        /// in their place (the filter would otherwise select everyone).
        /// </summary>
        public bool NoneLeft => AnyGiven && _names.Count == 0;

        /// <summary>Notes a piped value that was refused before it became a name.</summary>
        public void NoteRefused() => AnyGiven = true;

        /// <summary>
        /// The filter's users: piped names are names, not patterns (a user called a[1] or ops* matches only that user);
        /// none piped leaves the filter as it is.
        /// </summary>
        public void SelectIn(AuditEventFilter filter)
        {
            if (filter == null) throw new ArgumentNullException(nameof(filter));
            if (_names.Count == 0) return;
            filter.Users = _names.ToArray();
            filter.UsersAreNames = true;
        }

        public void Add(string? name, Action<TeleportInputException> error)
        {
            if (error == null) throw new ArgumentNullException(nameof(error));
            AnyGiven = true;
            if (string.IsNullOrEmpty(name)) return;
            var refused = AuditEventQuery.RefusedUserName(name!);
            if (refused != null)
            {
                error(refused);
                return;
            }
            if (_seen.Add(name!)) _names.Add(name!);
        }
    }
}
