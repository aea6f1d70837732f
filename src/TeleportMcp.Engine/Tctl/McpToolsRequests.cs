using System;
using System.Collections.Generic;

namespace TeleportMcp.Engine.Tctl
{
    /// <summary>
    /// The tools asked for each user across the pipeline ('alice','bob' | Set-TeleportMcpTools, or objects with User
    /// and Tools): one request per user (Teleport user names are case-sensitive), its tools in the order given, the
    /// users in the order they first appeared, so each user is read and written once.
    /// </summary>
    public sealed class McpToolsRequests
    {
        private readonly List<string> _order = new List<string>();
        private readonly Dictionary<string, List<string>> _tools = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        /// <summary>
        /// How many -User values (on the command line or piped) were refused before they became a request: then which
        /// users the command was meant for is unclear, and <see cref="McpToolsUpdate.Run(McpToolsRequests)"/> changes none.
        /// </summary>
        public int Refused { get; private set; }

        /// <summary>Notes one refused -User value (its error was written by the caller).</summary>
        public void NoteRefused() => Refused++;

        public void Add(IEnumerable<string?> users, IEnumerable<string>? tools)
        {
            if (users == null) throw new ArgumentNullException(nameof(users));
            foreach (var u in users)
            {
                var user = u ?? "";
                if (!_tools.TryGetValue(user, out var list))
                {
                    _tools[user] = list = new List<string>();
                    _order.Add(user);
                }
                if (tools != null) list.AddRange(tools);
            }
        }

        /// <summary>Each user with the tools asked for it, in the order the users first appeared.</summary>
        public IEnumerable<KeyValuePair<string, List<string>>> InOrder()
        {
            foreach (var user in _order) yield return new KeyValuePair<string, List<string>>(user, _tools[user]);
        }
    }
}
