using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using TeleportMcp.Engine.FileSystem;
using TeleportMcp.Commands;

namespace TeleportMcp.Infrastructure
{

    /// <summary>-Path / -LiteralPath resolution shared by every cmdlet that reads files.</summary>
    internal static class PathResolver
    {
        /// <summary>
        /// The files of cluster input (roles, users, apps) by the one folder rule of <see cref="TeleportMcp.Engine.Resources.ClusterInput"/>:
        /// folders at every level, resource files only.
        /// </summary>
        public static List<string> ResolveClusterFiles(PSCmdlet cmdlet, string parameter, IEnumerable<string> paths, bool literal) =>
            ResolveFiles(cmdlet, parameter, paths, literal, TeleportMcp.Engine.Resources.ClusterInput.Folders);

        /// <summary>
        /// The cluster files of one path given to <paramref name="parameter"/> ("-Path"); a path that gives none (reported
        /// here) is noted in <paramref name="cluster"/>, so a name looked up there is "not found in -Path X, which gave no
        /// resource file", not "in no input".
        /// </summary>
        public static List<string> ResolveClusterPath(PSCmdlet cmdlet, TeleportMcp.Engine.Resources.ClusterInput cluster, string parameter, string path, bool literal)
        {
            var files = ResolveClusterFiles(cmdlet, parameter, new[] { path }, literal);
            if (files.Count == 0) cluster.NoteUnmatched((literal ? PathInputs.LiteralTwin(parameter) : parameter) + " " + path);
            return files;
        }

        /// <summary>
        /// Resolves PowerShell paths to file-system files. -Path expands wildcards; a -Path that matches nothing as a
        /// wildcard but names an existing item literally (claude[1].json) is read as that item. Directories expand to
        /// the files the input's folder rule takes from them. Each problem is a non-terminating error naming the path.
        /// <paramref name="parameter"/> is the wildcard parameter the paths were given to ("-ClientConfigPath"), or whose
        /// literal twin they were given to: what is said about them names it or its twin.
        /// </summary>
        public static List<string> ResolveFiles(PSCmdlet cmdlet, string parameter, IEnumerable<string> paths, bool literal, FolderRule folders)
        {
            var files = new List<string>();
            foreach (var path in paths)
            {
                if (string.IsNullOrEmpty(path)) continue;
                List<string> resolved;
                ProviderInfo provider;
                try
                {
                    resolved = Items(cmdlet.SessionState.Path, path, literal, out provider);
                    if (!literal && WildcardPattern.ContainsWildcardCharacters(path)) WarnLiteralTwin(cmdlet, parameter, path, resolved);
                }
                catch (Exception e) when (PathError(e, path) is ErrorRecord refused)
                {
                    Error(cmdlet, refused);
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
                    // The engine's rule: linked folders once, loops and special files reported, a folder without files its rule's error.
                    var found = folders.FilesOf(p, path, w => Warning(cmdlet, w), e => Error(cmdlet, ErrorRecords.FromInput(e)));
                    if (found != null) files.AddRange(found);
                    else Error(cmdlet, ErrorRecords.Create(ErrorCategory.ObjectNotFound, "PathNotFound", "Cannot find path '" + p + "' because it does not exist.", path));
                }
            }
            return files;
        }

        /// <summary>
        /// The items one -Path/-LiteralPath value names, as provider paths: literal takes it as written; otherwise
        /// wildcards are expanded, and a wildcard that matches nothing but names an existing item as written
        /// (claude[1].json) is that item. The one rule of the cmdlets and of Tab completion (which reads the names of
        /// the files a command line will read). Throws ItemNotFoundException when a wildcard matches nothing and no
        /// item is named so; the provider's exceptions (bad drive, malformed pattern) pass through.
        /// </summary>
        internal static List<string> Items(PathIntrinsics sessionPath, string path, bool literal, out ProviderInfo provider)
        {
            if (literal)
                return new List<string> { sessionPath.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) };
            // Every wildcard character escaped ('a `[1`].log', what Tab completion writes): the name it stands for, as PowerShell reads it.
            if (!WildcardPattern.ContainsWildcardCharacters(path))
                return new List<string> { sessionPath.GetUnresolvedProviderPathFromPSPath(WildcardPattern.Unescape(path), out provider, out _) };
            var resolved = new List<string>();
            ItemNotFoundException notFound = null;
            provider = null;
            try
            {
                resolved.AddRange(sessionPath.GetResolvedProviderPathFromPSPath(path, out provider));
            }
            catch (ItemNotFoundException e)
            {
                // A wildcard in a folder name that matches no folder (a[1]/x.yaml): as for an empty match, the item as written.
                notFound = e;
            }
            if (resolved.Count > 0) return resolved;
            // A wildcard that matches nothing resolves to an empty list, not an error: the item as written, or name it and where it was searched.
            var asWritten = sessionPath.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            if (provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider) && !File.Exists(asWritten) && !Directory.Exists(asWritten))
                throw notFound ?? new ItemNotFoundException("No file or folder matches '" + path + "' (searched from " + sessionPath.CurrentFileSystemLocation.ProviderPath + ").");
            resolved.Add(asWritten);
            return resolved;
        }

        /// <summary>
        /// One path of a single-path parameter (-TctlPath, -IdentityFile, -OutFile, -ProjectPath ...) as a file-system
        /// path. Literal takes it as written; otherwise wildcards are expanded and must match exactly one item (a name
        /// that matches nothing as a wildcard but exists as written is that item). Returns null with the error the caller
        /// writes or ends with: a stable id (PathNotFound, InvalidPath, NotFileSystemPath, AmbiguousPath, NotAFolder,
        /// NotAFile), the category of the exception, and the path as the target.
        /// </summary>
        public static string ResolveOne(PSCmdlet cmdlet, string path, bool literal, PathMust must, out ErrorRecord error, string parameter = null)
        {
            error = null;
            if (string.IsNullOrEmpty(path)) return null;
            string resolved;
            ProviderInfo provider;
            try
            {
                // The one path rule (Items); a name with wildcard characters that exists as written (claude[1].json) is that item.
                var matches = Items(cmdlet.SessionState.Path, path, literal, out provider);
                if (matches.Count > 1)
                {
                    error = ErrorRecords.Create(ErrorCategory.InvalidArgument, "AmbiguousPath",
                        "The path '" + path + "' matches " + matches.Count + " items (" + string.Join(", ", matches.GetRange(0, Math.Min(3, matches.Count))) +
                        (matches.Count > 3 ? ", ..." : "") + "); this parameter takes one.", path,
                        recommendedAction: parameter == null ? "Name one item." : "Name one item, or use " + PathInputs.LiteralTwin(parameter) + " for a name with wildcard characters.");
                    return null;
                }
                resolved = matches[0];
            }
            catch (Exception e) when (PathError(e, path) is ErrorRecord refused)
            {
                error = refused;
                return null;
            }
            if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                error = ErrorRecords.Create(ErrorCategory.InvalidArgument, "NotFileSystemPath",
                    "The path '" + path + "' is not a file-system path (provider " + provider.Name + ").", path);
                return null;
            }
            bool isFolder = Directory.Exists(resolved), isFile = !isFolder && File.Exists(resolved);
            switch (must)
            {
                case PathMust.Exist when !isFolder && !isFile:
                case PathMust.BeFile when !isFolder && !isFile:
                case PathMust.BeFolder when !isFolder && !isFile:
                    error = ErrorRecords.Create(ErrorCategory.ObjectNotFound, "PathNotFound", "Cannot find path '" + resolved + "' because it does not exist.", path);
                    return null;
                case PathMust.BeFolder when isFile:
                    error = ErrorRecords.Create(ErrorCategory.InvalidArgument, "NotAFolder", "The path '" + resolved + "' is a file; a folder was expected.", path);
                    return null;
                case PathMust.BeFile when isFolder:
                    error = ErrorRecords.Create(ErrorCategory.InvalidArgument, "NotAFile", "The path '" + resolved + "' is a folder; a file was expected.", path);
                    return null;
            }
            return resolved;
        }

        /// <summary>As <see cref="ResolveOne(PSCmdlet, string, bool, PathMust, out ErrorRecord)"/>, ending the cmdlet with the error (a parameter it cannot run without).</summary>
        public static string ResolveOneOrTerminate(TeleportMcpCommand cmdlet, string path, bool literal, PathMust must)
        {
            var resolved = ResolveOne(cmdlet, path, literal, must, out var error);
            if (error != null) cmdlet.Terminate(error);
            return resolved;
        }

        /// <summary>
        /// A -Path that matched files as a wildcard while naming another existing item as written (roles[1].yaml beside
        /// roles1.yaml): the literal one is not read, and the warning says so, naming it and the parameter's literal twin
        /// (-LiteralPath for -Path, -LiteralClientConfigPath for -ClientConfigPath).
        /// </summary>
        private static void WarnLiteralTwin(PSCmdlet cmdlet, string parameter, string path, List<string> matched)
        {
            string asWritten;
            try
            {
                asWritten = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider)) return;
            }
            catch (Exception e) when (PathError(e, path) != null)
            {
                return;
            }
            if ((!File.Exists(asWritten) && !Directory.Exists(asWritten)) || matched.Contains(asWritten)) return;
            Warning(cmdlet, "The path '" + path + "' was read as a wildcard (" + (matched.Count == 1 ? matched[0] : matched.Count + " items") + "); " + asWritten +
                            ", named exactly so, was not read. Give it with " + PathInputs.LiteralTwin(parameter) + " to read it.");
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

        /// <summary>
        /// What a path the provider cannot take is, for -Path lists and single paths alike: not there, a malformed
        /// wildcard, or a drive, provider or form the provider refuses. Null for any other exception (not a path problem).
        /// </summary>
        private static ErrorRecord PathError(Exception e, string path)
        {
            if (e is ItemNotFoundException) return ErrorRecords.Create(e, "PathNotFound", path);
            if (e is WildcardPatternException) return ErrorRecords.Create(e, "InvalidPath", path, category: ErrorCategory.InvalidArgument);
            if (e is ProviderNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ArgumentException || e is NotSupportedException)
                return ErrorRecords.Create(e, "InvalidPath", path);
            return null;
        }
    }
}
