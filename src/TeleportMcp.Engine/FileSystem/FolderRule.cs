using System;

namespace TeleportMcp.Engine.FileSystem
{
    /// <summary>
    /// What a folder given as input contributes: which files, and whether the folders below it count. Each kind of
    /// input has one rule (<see cref="Resources.ClusterInput.Folders"/>, <see cref="Logs.LogFiles.Folders"/>,
    /// <see cref="Audit.AuditEventQuery.Folders"/>, <see cref="Clients.McpConfigFile.Folders"/>), and every cmdlet
    /// and the diagnosis resolve folders of that input with it, so two commands given the same folder read the same files.
    /// </summary>
    public sealed class FolderRule
    {
        private readonly Func<string, bool> _includes;

        public FolderRule(string files, bool readsSubfolders, Func<string, bool> includes)
        {
            Files = files;
            ReadsSubfolders = readsSubfolders;
            _includes = includes ?? throw new ArgumentNullException(nameof(includes));
        }

        /// <summary>The files a folder contributes, as a person reads it ("resource files (.yaml, .yml, .json)").</summary>
        public string Files { get; }

        /// <summary>Whether a folder contributes the files at every level below it, or only its own.</summary>
        public bool ReadsSubfolders { get; }

        /// <summary>Whether a file found in a folder is read (a file named on its own is always read).</summary>
        public bool Includes(string path) => _includes(path);

        /// <summary>The note for a folder that contributed nothing, naming what was looked for and where.</summary>
        public string NoneIn(string folder) => "No " + Files + " in the folder " + folder + (ReadsSubfolders ? " or any folder below it." : " (the folders below it are not read).");

        /// <summary>A folder's files by this rule, through the engine's walk (links once, loops and special files reported).</summary>
        public FileWalk Walk(string folder) => FileWalker.Enumerate(folder, ReadsSubfolders, Includes);
    }
}
