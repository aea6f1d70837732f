namespace TeleportMcp
{
    /// <summary>One finding of Test-TeleportMcpClient. Type name TeleportMcp.ClientCheck.</summary>
    public sealed class ClientCheck
    {
        /// <summary>Claude Desktop, Cursor, VS Code, Claude Code, Windsurf, Other, tsh (session checks) or all.</summary>
        public string Client { get; set; }
        public string ConfigPath { get; set; }
        /// <summary>user, project, packaged (Windows MSIX), legacy (VS Code settings.json) or file (-Path).</summary>
        public string Scope { get; set; }
        /// <summary>The server entry name in the file.</summary>
        public string Entry { get; set; }
        /// <summary>The Teleport app the entry connects to.</summary>
        public string App { get; set; }
        public string Check { get; set; }
        /// <summary>Pass, Warn, Fail or Skipped.</summary>
        public string Status { get; set; }
        public string Message { get; set; }
        public string Fix { get; set; }
        /// <summary>file:line:column of the entry or the problem.</summary>
        public string Location { get; set; }

        public override string ToString() => Status + " " + Check + (Entry != null ? " [" + Entry + "]" : "") + ": " + Message;
    }
}
