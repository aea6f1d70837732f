using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace TeleportMcp.Infrastructure
{
    /// <summary>-Path / -LiteralPath resolution shared by the cmdlets that read files.</summary>
    internal static class PathResolver
    {
        /// <summary>The files a folder contributes to the cmdlets that read Teleport resources.</summary>
        public static bool IsResourceFile(string path)
        {
            var ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
            return ext == ".yaml" || ext == ".yml" || ext == ".json";
        }

        /// <summary>
        /// Resolves PowerShell paths to file-system files. Directories expand to the files in them (every level with
        /// recurse) whose extension passes the filter. Problems are written as non-terminating errors.
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
                    if (literal)
                    {
                        resolved.Add(cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _));
                    }
                    else
                    {
                        resolved.AddRange(cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider));
                        if (resolved.Count == 0)
                        {
                            // A wildcard that matches nothing resolves to an empty list, not an error: name it.
                            cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException("No file matches '" + path + "'."), "PathNotFound", ErrorCategory.ObjectNotFound, path)
                            {
                                ErrorDetails = new ErrorDetails("No file matches '" + path + "' (searched from " + cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath + ")."),
                            });
                            continue;
                        }
                    }
                }
                catch (ItemNotFoundException e)
                {
                    cmdlet.WriteError(new ErrorRecord(e, "PathNotFound", ErrorCategory.ObjectNotFound, path));
                    continue;
                }
                catch (Exception e) when (e is ProviderNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is PSArgumentException || e is NotSupportedException)
                {
                    cmdlet.WriteError(new ErrorRecord(e, "InvalidPath", ErrorCategory.InvalidArgument, path));
                    continue;
                }
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    cmdlet.WriteError(new ErrorRecord(new ArgumentException("The path '" + path + "' is not a file-system path (provider " + provider.Name + ")."),
                        "NotFileSystemPath", ErrorCategory.InvalidArgument, path));
                    continue;
                }
                foreach (var p in resolved)
                {
                    if (Directory.Exists(p))
                    {
                        // The engine's walk: linked folders once, loops and special files reported, never followed.
                        var walk = TeleportMcp.Engine.FileSystem.FileWalker.Enumerate(p, recurse, directoryFilter);
                        foreach (var w in walk.Warnings) cmdlet.WriteWarning(w);
                        files.AddRange(walk.Files);
                    }
                    else if (File.Exists(p))
                    {
                        var special = TeleportMcp.Engine.FileSystem.FileWalker.RefuseSpecial(p);
                        if (special != null) cmdlet.WriteWarning(special);
                        else files.Add(p);
                    }
                    else
                    {
                        cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException("Cannot find path '" + p + "' because it does not exist."),
                            "PathNotFound", ErrorCategory.ObjectNotFound, path));
                    }
                }
            }
            return files;
        }
    }
}
