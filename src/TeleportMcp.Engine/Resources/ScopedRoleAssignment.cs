using System.Collections.Generic;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// A scoped_role_assignment as read: whom it names and which scoped roles at which scopes. No decision uses it (scoped
    /// roles grant no MCP tools); it is kept so that a decision for its user can say so. Not written by Import-TeleportResource.
    /// </summary>
    // api/proto/teleport/scopes/access/v1/assignment.proto @093d75af: spec.user or spec.bot_name, spec.assignments[{role, scope}].
    public sealed class ScopedRoleAssignment : TeleportResource
    {
        internal override string Kind => ResourceReader.ScopedRoleAssignmentKind;

        /// <summary>spec.user; null when the document names none (a bot's assignment, or a spec of another shape).</summary>
        public string? User { get; set; }

        /// <summary>spec.assignments as role and scope pairs; an entry of another shape is left out.</summary>
        public List<KeyValuePair<string, string>> Assignments { get; } = new List<KeyValuePair<string, string>>();
    }
}
