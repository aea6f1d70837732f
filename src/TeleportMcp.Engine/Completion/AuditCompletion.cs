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
            foreach (var file in Files(paths))
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

        private static IEnumerable<string> Files(IEnumerable<string> paths)
        {
            int count = 0;
            foreach (var p in paths ?? Enumerable.Empty<string>())
            {
                IEnumerable<string> files;
                try
                {
                    // A folder's events.log is the current day's file again (2:A11): name it to read it alone.
                    files = Directory.Exists(p)
                        ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories)
                            .Where(f => LogFiles.IsLogFile(f) && !string.Equals(Path.GetFileName(f), "events.log", StringComparison.OrdinalIgnoreCase))
                            .OrderBy(f => f, StringComparer.Ordinal).ToList()
                        : File.Exists(p) ? new List<string> { p } : new List<string>();
                }
                catch (Exception e) when (FileSystem.ReadFailure.Is(e))
                {
                    continue;
                }
                foreach (var f in files)
                {
                    if (++count > ClusterCompletion.MaxFiles) yield break;
                    yield return f;
                }
            }
        }
    }
}
