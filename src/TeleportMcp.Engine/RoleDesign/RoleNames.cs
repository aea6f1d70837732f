using System;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Rbac;

namespace TeleportMcp.Engine.RoleDesign
{
    /// <summary>Which metadata.name a generated role may carry: Teleport's refusals plus the module's conservative form.</summary>
    public static class RoleNames
    {
        // api/types/system_role.go @13b83db3: the SystemRole values; lib/services/role.go ValidateRoleName refuses a role
        // whose name is exactly one of them ("reserved role: %s"; SystemRole.Check compares case-sensitively).
        private static readonly string[] SystemRoles =
        {
            "Auth", "Node", "Proxy", "Admin", "ProvisionToken", "Trusted_cluster", "Signup", "Nop", "RemoteProxy", "Kube",
            "App", "Db", "WindowsDesktop", "Bot", "Instance", "Discovery", "Okta", "MDM", "AccessGraphPlugin",
        };

        // The name becomes a backend key, a word on the tctl/tsh command line and a YAML scalar; this form is safe in all three.
        private static readonly Regex Conservative = new Regex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$", RegexOptions.CultureInvariant);

        /// <summary>null when the name is fine, else why not.</summary>
        public static string? Problem(string? name)
        {
            // api/types/resource.go Metadata.CheckAndSetDefaults.
            if (string.IsNullOrEmpty(name)) return "missing parameter Name (metadata.name must not be empty)";
            if (Array.IndexOf(SystemRoles, name) >= 0) return "reserved role: " + name + " (Teleport keeps this name for a system role)";
            if (name == McpAccessEngine.ImplicitRoleName) return GoText.Quote(name) + " is Teleport's implicit role, which never grants MCP tools (T5)";
            if (!Conservative.IsMatch(name))
                return "role name " + GoText.Quote(name) + " is not of the form this module writes: 1 to 128 characters, letters, digits, '.', '_', '@' and '-', starting with a letter or digit";
            return null;
        }
    }
}
