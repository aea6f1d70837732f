using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp
{
    /// <summary>One role at one scope of a scoped_role_assignment (an entry of spec.assignments). Type name TeleportMcp.ScopedRoleGrant.</summary>
    // api/proto/teleport/scopes/access/v1/assignment.proto @093d75af: message Assignment {role, scope}.
    public sealed class ScopedRoleGrant
    {
        public string? Role { get; set; }
        public string? Scope { get; set; }

        public override string ToString() => (Role ?? "") + "@" + (Scope ?? "");
    }

    /// <summary>
    /// A scoped_role_assignment as read: whom it names and which scoped roles at which scopes. No decision uses it (scoped
    /// roles grant no MCP tools); it is kept so that a decision for its user says so. Type name TeleportMcp.ScopedRoleAssignment.
    /// Its user is AssignedUser, not User: a User property would bind -User of the commands it is piped to.
    /// </summary>
    // api/proto/teleport/scopes/access/v1/assignment.proto @093d75af: scope, spec.user or spec.bot_name with spec.bot_scope,
    // spec.assignments[{role, scope}].
    public sealed class ScopedRoleAssignment : TeleportResource
    {
        internal override string Kind => Engine.Resources.ResourceReader.ScopedRoleAssignmentKind;

        /// <summary>The scope of the assignment resource itself (its top-level scope field).</summary>
        public string? Scope { get; set; }

        /// <summary>spec.user; null when the document names none (a bot's assignment, or a spec of another shape).</summary>
        public string? AssignedUser { get; set; }

        /// <summary>spec.bot_name: the bot the assignment is for; null when it names a user.</summary>
        public string? BotName { get; set; }

        /// <summary>spec.bot_scope: the scope of that bot.</summary>
        public string? BotScope { get; set; }

        /// <summary>spec.assignments: each role and scope; an entry without a role is left out.</summary>
        public List<ScopedRoleGrant> Assignments { get; set; } = new List<ScopedRoleGrant>();

        /// <summary>The assignments that name a role, as role and scope (an empty scope for none).</summary>
        internal IEnumerable<KeyValuePair<string, string>> Grants =>
            Assignments.Where(g => g != null && !string.IsNullOrEmpty(g.Role)).Select(g => new KeyValuePair<string, string>(g.Role!, g.Scope ?? ""));
    }
}
