using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Tctl
{
    /// <summary>The tctl calls the module makes, with their output parsed.</summary>
    public sealed class TctlClient
    {
        public TctlClient(TctlRunner runner) { Runner = runner; }

        public TctlRunner Runner { get; }

        /// <summary>
        /// tctl get REF --format=json. resource_command.go @dfba4c36 writes a JSON array (older tctl: a bare object);
        /// ResourceReader accepts both. Diagnostics about the output are returned beside the resources.
        /// </summary>
        public List<ResourceReadItem> Get(string reference)
        {
            var result = Runner.Run("get", reference, "--format=json");
            if (string.IsNullOrWhiteSpace(result.Stdout)) return new List<ResourceReadItem>();
            // A whole cluster's export can be large: Ctrl+C stops its parse too (the runner's token).
            return ResourceReader.ReadText(result.Stdout, "tctl get " + reference, Runner.Cancel).ToList();
        }

        /// <summary>One user, read with tctl get users/NAME.</summary>
        public User GetUser(string name)
        {
            var items = Get("users/" + name);
            var error = items.FirstOrDefault(i => i.Diagnostic != null && i.Diagnostic.Level == DiagnosticLevel.Error);
            if (error != null)
                throw new TctlException(TctlErrorKind.InvalidOutput, "tctl get users/" + name + " printed output that could not be read: " + error.Diagnostic);
            var user = items.Select(i => i.Resource).OfType<User>().FirstOrDefault(u => u.Name == name);
            if (user == null)
                throw new TctlException(TctlErrorKind.InvalidOutput, "tctl get users/" + name + " printed no user named '" + name + "'.");
            return user;
        }

        public static List<string> McpTools(User user) =>
            user.TraitMap.TryGetValue(McpToolsPlan.TraitName, out var tools) ? tools : new List<string>();

        /// <summary>A user's stored mcp_tools grant, read with tctl get users/NAME.</summary>
        public UserTools GetUserTools(string name)
        {
            var user = GetUser(name);
            // Empty entries grant nothing (reference I11).
            return new UserTools { User = user.Name, Tools = McpTools(user).Where(t => !string.IsNullOrEmpty(t)).ToArray(), Roles = user.Roles.ToArray() };
        }

        /// <summary>tctl users update NAME --set-mcp-tools=...; returns tctl's output ("User NAME has been updated:").</summary>
        public string? SetMcpTools(string user, IReadOnlyList<string> tools) =>
            Runner.Run(McpToolsPlan.UpdateArguments(user, tools).ToArray()).Stdout;
    }
}

namespace TeleportMcp
{
    /// <summary>A user's MCP tool grant as stored in Teleport (the mcp_tools trait). Type name TeleportMcp.UserTools.</summary>
    public sealed class UserTools
    {
        public string? User { get; set; }

        /// <summary>spec.traits.mcp_tools as stored, empty entries left out (they grant nothing, reference I11).</summary>
        public string[]? Tools { get; set; }

        public string[]? Roles { get; set; }

        public override string ToString() => User + ": " + (Tools == null || Tools.Length == 0 ? "(no tools)" : string.Join(", ", Tools));
    }
}
