using System.Management.Automation;

namespace TeleportMcp.Initialization
{
    /// <summary>
    /// How PowerShell shows the module's objects: one table or list view per entry, each for the live type and, where the
    /// objects also come back through Export-Clixml, remoting or jobs, its <c>Deserialized.</c> name. PowerShell picks the
    /// first view of a shape that names an object's type, so the order is part of the output. <see cref="SessionFormatData"/>
    /// adds them to the importing session.
    /// </summary>
    internal static class ModuleViews
    {
        private static readonly object Gate = new object();
        private static ExtendedTypeDefinition[] s_views;

        /// <summary>The views, built once per process: PowerShell only reads them (as it reads a format file) when it loads them.</summary>
        internal static ExtendedTypeDefinition[] All
        {
            get
            {
                lock (Gate) return s_views ?? (s_views = Create());
            }
        }

        private static ExtendedTypeDefinition[] Create() => new[]
        {
            Table("TeleportMcp.Role", Both("TeleportMcp.Role"), wrap: false, null,
                Property("Name", 22),
                Property("Version", 7),
                Script("AllowMcpTools", 28, @"if ($null -eq $_.AllowMcpTools) { '' } else { [TeleportMcp.TeleportResource]::ShownValues(', ', $_.AllowMcpTools) }"),
                Script("DenyMcpTools", 20, @"if ($null -eq $_.DenyMcpTools) { '' } else { [TeleportMcp.TeleportResource]::ShownValues(', ', $_.DenyMcpTools) }"),
                Script("AllowAppLabels", 0, @"if ($null -eq $_.AllowAppLabels) { '' } else { ($_.AllowAppLabels.GetEnumerator() | Sort-Object Name | ForEach-Object { '{0}: {1}' -f $_.Name, [TeleportMcp.TeleportResource]::ShownValues('|', @($_.Value)) }) -join '; ' }")),
            Table("TeleportMcp.User", Both("TeleportMcp.User"), wrap: false, null,
                Property("Name", 20),
                Script("Roles", 36, @"[TeleportMcp.TeleportResource]::ShownValues(', ', @($_.Roles))"),
                Script("McpTools", 30, @"if ($null -eq $_.McpTools) { '(no mcp_tools trait)' } else { [TeleportMcp.TeleportResource]::ShownValues(', ', @($_.McpTools)) }"),
                Property("Source")),
            Table("TeleportMcp.App", Both("TeleportMcp.App"), wrap: false, null,
                Property("Name", 20),
                // [string] rather than "$(...)", which prints the same: no other view needs PowerShell's parser for expandable strings at import.
                Script("Transport", 9, @"if ([string]$_.Transport -notin '', 'None') { ([string]$_.Transport).ToLowerInvariant() }"),
                Script("CommandLine", 40, @"if ($_.Command) { [TeleportMcp.TeleportResource]::ShownValues(' ', @(@($_.Command) + @($_.Args))) } else { [TeleportMcp.TeleportResource]::ShownValues('', $_.Uri) }"),
                Property("RunAsHostUser", 13),
                Script("Labels", 0, @"if ($null -eq $_.Labels) { '' } else { ($_.Labels.GetEnumerator() | Sort-Object Name | ForEach-Object { '{0}={1}' -f $_.Name, [TeleportMcp.TeleportResource]::ShownValues('', $_.Value) }) -join ', ' }")),
            Table("TeleportMcp.ClientCheck", Both("TeleportMcp.ClientCheck"), wrap: false, null,
                Property("Status", 7),
                Property("Client", 14),
                Property("Entry", 22),
                Property("Check", 15),
                Property("Message")),
            Table("TeleportMcp.ToolAccess", Both("TeleportMcp.ToolAccess"), wrap: true, null,
                Property("User", 10),
                Property("App", 14),
                Property("Tool", 18),
                Property("Decision", 16),
                // The agents serving the app that decide otherwise (ToolAccess.Agents), by their text, which a copy at remoting's depth keeps too.
                Script("Agents", 22, @"$d = ': ' + $_.Decision; @(@($_.Agents) | ForEach-Object { [string]$_ } | Where-Object { $_ -and -not $_.EndsWith($d, [System.StringComparison]::Ordinal) }) -join ', '"),
                Property("Reason")),
            Table("TeleportMcp.McpAccessSummary", Both("TeleportMcp.McpAccessSummary"), wrap: true, null,
                Property("User", 10),
                Property("App", 14),
                Property("Scope", 13),
                Script("AllowedTools", 22, @"@($_.AllowedTools) -join ', '"),
                Property("Reason")),
            Table("TeleportMcp.RoleLintFinding", Both("TeleportMcp.RoleLintFinding"), wrap: true, null,
                Property("Id", 8),
                Property("Severity", 11),
                Property("Role", 16),
                Property("Entry", 20),
                Property("Message")),
            Table("TeleportMcp.UserTools", Both("TeleportMcp.UserTools"), wrap: false, null,
                Property("User", 20),
                Script("Tools", 40, @"if (@($_.Tools).Count -eq 0) { '(none)' } else { @($_.Tools) -join ', ' }"),
                Script("Roles", 0, @"@($_.Roles) -join ', '")),
            // An app tested for several users shows one group per user.
            Table("TeleportMcp.AppCheck", Only("TeleportMcp.AppCheck"), wrap: true, GroupBy.Script("App", "if ($_.User) { '{0} (user {1})' -f $_.App, $_.User } else { $_.App }"),
                Property("Check", 14),
                Property("Status", 7),
                Property("Message")),
            Table("TeleportMcp.ProbeResult", Only("TeleportMcp.ProbeResult"), wrap: true, null,
                Property("AppName", 16),
                Property("Stage", 10),
                Property("Status", 6),
                Property("ToolCount", 9, right: true),
                Property("Message")),
            // Results of the host checks over remoting (-Session, -HostName, -ComputerName) come back deserialized, tagged with their Host.
            Table("Deserialized.TeleportMcp.AppCheck", Only("Deserialized.TeleportMcp.AppCheck"), wrap: true, GroupBy.Property("Host"),
                Property("App", 16),
                Property("Check", 14),
                Property("Status", 7),
                Property("Message")),
            Table("Deserialized.TeleportMcp.ProbeResult", Only("Deserialized.TeleportMcp.ProbeResult"), wrap: true, null,
                Property("Host", 16),
                Property("AppName", 16),
                Property("Stage", 10),
                Property("Status", 6),
                Property("ToolCount", 9, right: true),
                Property("Message")),
            List("TeleportMcp.ProbeResult.List", Both("TeleportMcp.ProbeResult"),
                Property("AppName"),
                Property("Stage"),
                Property("Status"),
                Property("Message"),
                Property("CommandLine"),
                Property("RunAs"),
                Script("Server", 0, @"if ($_.ServerName) { '{0} {1} (protocol {2})' -f $_.ServerName, $_.ServerVersion, $_.ProtocolVersion }"),
                Property("Tool"),
                Property("StartupMs"),
                Script("ExitCode", 0, @"if ($_.HasExited) { $_.ExitCode } elseif ($_.CommandLine -and $_.Transport -eq 'stdio') { '(still running; ended by the probe)' }"),
                Script("StderrTail", 0, @"@($_.StderrTail) -join [Environment]::NewLine"),
                Property("FirstNonJsonLine"),
                Script("Warnings", 0, @"@($_.Warnings) -join [Environment]::NewLine")),
            Table("TeleportMcp.ProbeTool", Both("TeleportMcp.ProbeTool"), wrap: false, null,
                Property("Name"),
                Property("ReadOnly", 8),
                Property("Destructive", 11),
                Property("Title")),
            Table("TeleportMcp.RoleEffect", Both("TeleportMcp.RoleEffect"), wrap: true, null,
                Property("User", 12),
                Property("App", 14),
                Script("Gained", 0, @"@($_.Gained) -join ', '"),
                Script("StillDenied", 0, @"@($_.StillDenied) -join ', '"),
                Property("Summary")),
            Table("TeleportMcp.Finding", Both("TeleportMcp.Finding"), wrap: false, null,
                Property("Id", 12),
                Property("Severity", 8),
                Property("App", 16),
                Property("Title", 52),
                Property("LineNumber", 10, right: true)),
            List("TeleportMcp.Finding.List", Both("TeleportMcp.Finding"),
                Property("Id"),
                Property("Severity"),
                Property("Title"),
                Property("Cause"),
                Property("Fix"),
                Property("Source"),
                Property("LineNumber"),
                Property("Time"),
                Property("App"),
                Property("User"),
                Property("Command"),
                Property("Evidence")),
            Table("TeleportMcp.FindingSummary", Both("TeleportMcp.FindingSummary"), wrap: false, null,
                Property("Id", 14),
                Property("App", 16),
                Property("User", 10),
                Property("Tool", 14),
                Property("Count", 6, right: true),
                Script("FirstSeen", 20, @"if ($_.FirstSeen) { $_.FirstSeen.ToString('yyyy-MM-dd HH:mm:ss') }"),
                Script("LastSeen", 20, @"if ($_.LastSeen) { $_.LastSeen.ToString('yyyy-MM-dd HH:mm:ss') }"),
                Property("Title")),
            Table("TeleportMcp.Diagnosis", Both("TeleportMcp.Diagnosis"), wrap: false, null,
                Property("Rank", 4, right: true),
                Property("Status", 6),
                Property("Area", 7),
                Property("App", 14),
                Property("Title")),
            List("TeleportMcp.Diagnosis.List", Both("TeleportMcp.Diagnosis"),
                Property("Rank"),
                Property("Status"),
                Property("Area"),
                Property("Check"),
                Property("App"),
                Property("User"),
                Property("Title"),
                Property("Detail"),
                Script("Evidence", 0, @"$_.Evidence -join [Environment]::NewLine"),
                Property("Fix"),
                Property("Source")),
            Table("TeleportMcp.AuditEvent", Both("TeleportMcp.AuditEvent"), wrap: false, null,
                Script("Time", 23, @"if ($null -eq $_.Time) { '' } else { $_.Time.ToString('yyyy-MM-dd HH:mm:ss.fff') }"),
                Property("Code", 8),
                Property("Outcome", 7),
                Property("User", 12),
                Property("App", 14),
                Script("Method", 25, @"if ($_.Method) { $_.Method } elseif ($_.HttpMethod) { '{0} {1}' -f $_.HttpMethod, $_.HttpPath } elseif ($_.Kind -eq 'SessionStart' -and $_.ClientInfo) { $_.ClientInfo } elseif ($_.Kind -eq 'AppAuthConfigVerify') { 'jwt ' + $_.AppAuthConfig } else { $_.Kind }"),
                Property("Tool", 16),
                Property("Error")),
            Table("TeleportMcp.AuditReplay", Both("TeleportMcp.AuditReplay"), wrap: true, null,
                Property("User", 10),
                Property("App", 12),
                Property("Tool", 14),
                Property("Recorded", 8),
                Script("Today", 13, @"if ($null -ne $_.Decision) { $_.Decision } elseif ($null -ne $_.DecisionWithEventIdentity) { $_.DecisionWithEventIdentity } else { '' }"),
                Property("Verdict", 12),
                Property("Cause", 22),
                Property("Reason")),
            Table("TeleportMcp.AppServing", Both("TeleportMcp.AppServing"), wrap: false, null,
                Property("App", 20),
                Property("Status", 20),
                Script("Hosts", 24, @"@($_.HostNames) -join ', '"),
                Property("Message")),
            Table("TeleportMcp.AppAuthConfig", Both("TeleportMcp.AppAuthConfig"), wrap: false, null,
                Property("Name", 20),
                Property("KeySource", 10),
                Property("Issuer", 30),
                Property("Audience", 16),
                Script("AppLabels", 0, @"@($_.AppLabels) -join '; '")),
            Table("TeleportMcp.ScopedRoleAssignment", Both("TeleportMcp.ScopedRoleAssignment"), wrap: false, null,
                Property("Name", 20),
                Script("Holder", 24, @"if ($_.AssignedUser) { 'user ' + $_.AssignedUser } elseif ($_.BotName) { 'bot ' + $_.BotName } else { '' }"),
                Script("Assignments", 0, @"[TeleportMcp.TeleportResource]::ShownValues(', ', @($_.Assignments | ForEach-Object { '{0} @ {1}' -f $_.Role, $_.Scope }))")),
            Table("TeleportMcp.AppServiceAgent", Both("TeleportMcp.AppServiceAgent"), wrap: false, null,
                Property("HostName", 16),
                Property("Enabled", 7),
                Script("StaticApps", 30, @"@($_.StaticApps) -join ', '"),
                Script("Resources", 0, @"@($_.Resources) -join '; '")),
        };

        private static string[] Both(string typeName) => new[] { typeName, "Deserialized." + typeName };

        private static string[] Only(string typeName) => new[] { typeName };

        /// <summary>A column whose header is the property it shows, or a script block's column with its own header.</summary>
        private static Column Property(string name, int width = 0, bool right = false) => new Column(name, width, right, null);

        private static Column Script(string label, int width, string script) => new Column(label, width, false, script);

        private static ExtendedTypeDefinition Table(string name, string[] typeNames, bool wrap, GroupBy groupBy, params Column[] columns)
        {
            var table = TableControl.Create(false, false, false);
            groupBy?.Apply(table);
            foreach (var c in columns) table.AddHeader(c.Right ? Alignment.Right : Alignment.Undefined, c.Width, c.Label);
            var row = table.StartRowDefinition(wrap, null, null);
            foreach (var c in columns)
            {
                if (c.Script == null) row.AddPropertyColumn(c.Label, Alignment.Undefined, null);
                else row.AddScriptBlockColumn(c.Script, Alignment.Undefined, null);
            }
            return View(name, typeNames, row.EndRowDefinition().EndTable());
        }

        private static ExtendedTypeDefinition List(string name, string[] typeNames, params Column[] items)
        {
            var entry = ListControl.Create(false).StartEntry(null, null);
            foreach (var i in items)
            {
                if (i.Script == null) entry.AddItemProperty(i.Label, null, null);
                else entry.AddItemScriptBlock(i.Script, i.Label, null);
            }
            return View(name, typeNames, entry.EndEntry().EndList());
        }

        private static ExtendedTypeDefinition View(string name, string[] typeNames, PSControl control)
        {
            var definition = new ExtendedTypeDefinition(typeNames[0], new[] { new FormatViewDefinition(name, control) });
            for (int i = 1; i < typeNames.Length; i++) definition.TypeNames.Add(typeNames[i]);
            return definition;
        }

        private sealed class Column
        {
            internal Column(string label, int width, bool right, string script)
            {
                Label = label;
                Width = width;
                Right = right;
                Script = script;
            }

            // Fields rather than properties: each getter would be one more method to compile at import.
            internal readonly string Label;
            internal readonly int Width;
            internal readonly bool Right;
            internal readonly string Script;
        }

        private sealed class GroupBy
        {
            private readonly string _label;
            private readonly string _property;
            private readonly string _script;

            private GroupBy(string label, string property, string script)
            {
                _label = label;
                _property = property;
                _script = script;
            }

            internal static GroupBy Property(string name) => new GroupBy(null, name, null);

            internal static GroupBy Script(string label, string script) => new GroupBy(label, null, script);

            internal void Apply(TableControlBuilder table)
            {
                if (_property != null) table.GroupByProperty(_property, null, null);
                else table.GroupByScriptBlock(_script, null, _label);
            }
        }
    }
}
