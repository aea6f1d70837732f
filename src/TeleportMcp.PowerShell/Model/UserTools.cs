namespace TeleportMcp
{
    /// <summary>A user's MCP tool grant as stored in Teleport (the mcp_tools trait). Type name TeleportMcp.UserTools.</summary>
    public sealed class UserTools
    {
        public string User { get; set; }

        /// <summary>spec.traits.mcp_tools as stored, empty entries left out (they grant nothing, reference I11).</summary>
        public string[] Tools { get; set; }

        public string[] Roles { get; set; }

        public override string ToString() => User + ": " + (Tools == null || Tools.Length == 0 ? "(no tools)" : string.Join(", ", Tools));
    }
}
