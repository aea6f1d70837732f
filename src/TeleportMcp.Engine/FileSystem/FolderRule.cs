using System;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.FileSystem
{
    /// <summary>
    /// What a folder given as input contributes: which files, and whether the folders below it count. Each kind of
    /// input has one rule (<see cref="Resources.ClusterInput.Folders"/>, <see cref="Logs.LogFiles.Folders"/>,
    /// <see cref="Audit.AuditEventQuery.Folders"/>, <see cref="Clients.McpConfigFile.Folders"/>,
    /// <see cref="Logs.KnownErrorCatalog.Folders"/>), and every cmdlet and the diagnosis resolve folders of that input
    /// with it, so two commands given the same folder read the same files, and a folder that gives none is the same
    /// error everywhere (<see cref="Empty"/>).
    /// </summary>
    public sealed class FolderRule
    {
        private readonly Func<string, bool> _includes;

        public FolderRule(string files, bool readsSubfolders, string emptyId, Func<string, bool> includes)
        {
            Files = files;
            EmptyId = emptyId ?? throw new ArgumentNullException(nameof(emptyId));
            ReadsSubfolders = readsSubfolders;
            _includes = includes ?? throw new ArgumentNullException(nameof(includes));
        }

        /// <summary>The files a folder contributes, as a person reads it ("resource files (.yaml, .yml, .json)").</summary>
        public string Files { get; }

        /// <summary>Whether a folder contributes the files at every level below it, or only its own.</summary>
        public bool ReadsSubfolders { get; }

        /// <summary>The stable error id of a folder given as this input that contributes no file (NoResourceFiles, NoAuditFiles ...).</summary>
        public string EmptyId { get; }

        /// <summary>Whether a file found in a folder is read (a file named on its own is always read).</summary>
        public bool Includes(string path) => _includes(path);

        /// <summary>The note for a folder that contributed nothing, naming what was looked for and where.</summary>
        public string NoneIn(string folder) => "No " + Files + " in the folder " + folder + (ReadsSubfolders ? " or any folder below it." : " (the folders below it are not read).");

        /// <summary>
        /// The error for a folder the admin named that contributes no file by this rule (ObjectNotFound): the rule's
        /// <see cref="EmptyId"/>, the text of <see cref="NoneIn"/> for the folder, the path as given as its target.
        /// Every cmdlet and the diagnosis report such a folder with it, once, and go on with the other paths.
        /// </summary>
        public TeleportNotFoundException Empty(string folder, string given) =>
            new TeleportNotFoundException(EmptyId, NoneIn(folder), given)
            {
                RecommendedAction = "Name a folder or file that holds " + Files + (ReadsSubfolders ? "." : " (the folders below a folder are not read; name them too)."),
            };

        /// <summary>A folder's files by this rule, through the engine's walk (links once, loops and special files reported).</summary>
        public FileWalk Walk(string folder) => FileWalker.Enumerate(folder, ReadsSubfolders, Includes);

        /// <summary>
        /// The files an item named as this input stands for, the one way every reader takes them: a folder's files by this
        /// rule (its walk's warnings given, a folder without any is <see cref="Empty"/>), a file itself (a FIFO, device or
        /// socket refused with a warning). Null when the item is neither: the caller names a path that is not there.
        /// </summary>
        public System.Collections.Generic.IList<string>? FilesOf(string item, string given, Action<string> warning, Action<TeleportInputException> error)
        {
            if (warning == null) throw new ArgumentNullException(nameof(warning));
            if (error == null) throw new ArgumentNullException(nameof(error));
            if (System.IO.Directory.Exists(item))
            {
                var walk = Walk(item);
                foreach (var w in walk.Warnings) warning(w);
                if (walk.Files.Count == 0) error(Empty(item, given));
                return walk.Files;
            }
            if (!System.IO.File.Exists(item)) return null;
            var special = FileWalker.RefuseSpecial(item);
            if (special == null) return new[] { item };
            warning(special);
            return Array.Empty<string>();
        }
    }
}
