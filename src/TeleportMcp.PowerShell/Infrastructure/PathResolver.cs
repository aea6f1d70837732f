using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace TeleportMcp.Infrastructure
{
    /// <summary>-Path / -LiteralPath resolution shared by every cmdlet that reads files.</summary>
    internal static class PathResolver
    {
        /// <summary>
        /// The files of cluster input (roles, users, apps) by the one rule of <see cref="TeleportMcp.Engine.Resources.ClusterInput"/>:
        /// folders at every level, resource files only.
        /// </summary>
        public static List<string> ResolveClusterFiles(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal) =>
            ResolveFiles(cmdlet, paths, literal, TeleportMcp.Engine.Resources.ClusterInput.ReadsSubfolders, TeleportMcp.Engine.Resources.ClusterInput.IsClusterFile);

        /// <summary>
        /// Resolves PowerShell paths to file-system files. -Path expands wildcards; a -Path that matches nothing as a
        /// wildcard but names an existing item literally (claude[1].json) is read as that item. Directories expand to
        /// the files in them (every level with recurse) that pass the filter. Each problem is a non-terminating error
        /// naming the path.
        /// </summary>
        public static List<string> ResolveFiles(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal, bool recurse, Func<string, bool> directoryFilter)
        {
            var files = new List<string>();
            foreach (var path in paths)
            {
                if (string.IsNullOrEmpty(path)) continue;
                var resolved = new List<string>();
                ProviderInfo provider;
                try
                {
                    if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
                    {
                        resolved.Add(cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _));
                    }
                    else
                    {
                        resolved.AddRange(cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider));
                        if (resolved.Count == 0)
                        {
                            // A wildcard that matches nothing resolves to an empty list, not an error: name it and where it was searched.
                            var asWritten = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
                            if (!File.Exists(asWritten) && !Directory.Exists(asWritten))
                                throw new ItemNotFoundException("No file or folder matches '" + path + "' (searched from " +
                                                                cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath + ").");
                            resolved.Add(asWritten);
                        }
                    }
                }
                catch (ItemNotFoundException e)
                {
                    Error(cmdlet, ErrorRecords.Create(e, "PathNotFound", path));
                    continue;
                }
                catch (Exception e) when (e is ProviderNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is PSArgumentException || e is NotSupportedException)
                {
                    Error(cmdlet, ErrorRecords.Create(e, "InvalidPath", path));
                    continue;
                }
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    Error(cmdlet, ErrorRecords.Create(ErrorCategory.InvalidArgument, "NotFileSystemPath",
                        "The path '" + path + "' is not a file-system path (provider " + provider.Name + ").", path));
                    continue;
                }
                foreach (var p in resolved)
                {
                    if (Directory.Exists(p))
                    {
                        // The engine's walk: linked folders once, loops and special files reported, never followed.
                        var walk = TeleportMcp.Engine.FileSystem.FileWalker.Enumerate(p, recurse, directoryFilter);
                        foreach (var w in walk.Warnings) Warning(cmdlet, w);
                        files.AddRange(walk.Files);
                    }
                    else if (File.Exists(p))
                    {
                        var special = TeleportMcp.Engine.FileSystem.FileWalker.RefuseSpecial(p);
                        if (special != null) Warning(cmdlet, special);
                        else files.Add(p);
                    }
                    else
                    {
                        Error(cmdlet, ErrorRecords.Create(ErrorCategory.ObjectNotFound, "PathNotFound", "Cannot find path '" + p + "' because it does not exist.", path));
                    }
                }
            }
            return files;
        }

        // Through the module's one write path (redacted, control characters escaped) also for cmdlets outside TeleportMcpCommand.
        private static void Error(PSCmdlet cmdlet, ErrorRecord record)
        {
            if (cmdlet is TeleportMcpCommand command) command.EmitError(record);
            else cmdlet.WriteError(TeleportMcpCommand.SafeError(record));
        }

        private static void Warning(PSCmdlet cmdlet, string text)
        {
            if (cmdlet is TeleportMcpCommand command) command.EmitWarning(text);
            else cmdlet.WriteWarning(TeleportMcp.Engine.Output.OutputText.Safe(text));
        }
    }
}
