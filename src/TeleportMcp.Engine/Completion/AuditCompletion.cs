using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Logs;

namespace TeleportMcp.Engine.Completion
{
    /// <summary>
    /// Names for Tab completion of Get-TeleportMcpAuditEvent -User, -App and -Tool: the users, apps and tools of the MCP
    /// events in the audit logs the same command line names. Bounded like <see cref="ClusterCompletion"/>; reads only.
    /// </summary>
    public static class AuditCompletion
    {
        /// <summary>The distinct names of one kind (User, App or Tool) in the audit files and folders; unreadable files give nothing.</summary>
        public static List<string> Names(IEnumerable<string> paths, CompletionKind kind)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in ClusterCompletion.Files(paths, AuditEventQuery.Folders))
            {
                try
                {
                    if (new FileInfo(file).Length > ClusterCompletion.MaxFileBytes) continue;
                    var reader = new AuditEventReader(file, new AuditEventFilter(), e => names.Add(NameOf(e, kind) ?? "")); // an event without the name adds "", which the result leaves out
                    LogFileReader.Scan(file, reader);
                }
                catch (Exception e) when (FileSystem.ReadFailure.Is(e))
                {
                }
            }
            return names.Where(n => !string.IsNullOrEmpty(n)).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
        }

        private static string? NameOf(AuditEvent e, CompletionKind kind)
        {
            switch (kind)
            {
                case CompletionKind.User: return e.User;
                case CompletionKind.App:
                case CompletionKind.McpApp: return e.App;
                case CompletionKind.Tool: return e.Tool;
                default: return null;
            }
        }
    }
}
