using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.FileSystem
{
    /// <summary>
    /// Turns one path as the admin wrote it into files: wildcards expanded unless the path is literal (-Literal...Path),
    /// folders expanded by the input's folder rule, problems reported by the resolver itself. <paramref name="parameter"/> is
    /// the wildcard parameter the path was given to or whose literal twin it was given to ("-ClientConfigPath"), so what the
    /// resolver says names the command's own parameters.
    /// </summary>
    public delegate IList<string> FileResolver(string parameter, string path, bool literal, FolderRule folders);

    /// <summary>
    /// The paths given to one file parameter and its literal twin, each resolved on its own, so a path or wildcard that
    /// matched nothing is named with the parameter it was given to (and a -Quiet answer cannot pass).
    /// </summary>
    public sealed class PathInputs
    {
        private readonly FileResolver _resolve;

        public PathInputs(FileResolver resolve)
        {
            _resolve = resolve ?? throw new ArgumentNullException(nameof(resolve));
        }

        /// <summary>The files found, in the order the paths were given.</summary>
        public List<string> Files { get; } = new List<string>();

        /// <summary>Each path that matched no file, with its parameter ("-Path ./x*", "-LiteralClientConfigPath a.json").</summary>
        public List<string> Unmatched { get; } = new List<string>();

        /// <summary>The path of each <see cref="Unmatched"/> entry as given ("./x*"), at the same index.</summary>
        public List<string> UnmatchedPaths { get; } = new List<string>();

        /// <summary>Whether any path was given (a given path that matched nothing still counts: nothing is looked for elsewhere).</summary>
        public bool Given { get; private set; }

        /// <summary>
        /// Resolves the paths of <paramref name="parameter"/> ("-Path"); with <paramref name="literal"/> they are those of
        /// its literal twin (named "-LiteralPath" in <see cref="Unmatched"/>). Null adds nothing.
        /// </summary>
        public void Add(string parameter, IEnumerable<string>? paths, bool literal, FolderRule folders)
        {
            if (parameter == null) throw new ArgumentNullException(nameof(parameter));
            if (paths == null) return;
            Given = true;
            string name = literal ? LiteralTwin(parameter) : parameter;
            foreach (var p in paths)
            {
                var found = _resolve(parameter, p, literal, folders);
                if (found.Count == 0)
                {
                    Unmatched.Add(name + " " + p);
                    UnmatchedPaths.Add(p);
                }
                Files.AddRange(found);
            }
        }

        /// <summary>
        /// A single path parameter and its literal twin both given (-ProjectPath and -LiteralProjectPath): the command is
        /// refused with Conflicting&lt;Name&gt; (ConflictingProjectPath), naming both values; null when at most one was given.
        /// </summary>
        /// <param name="parameter">The wildcard parameter ("-ProjectPath").</param>
        /// <param name="what">What the path names ("the project folder").</param>
        public static TeleportArgumentException? TwinConflict(string parameter, string what, string? path, string? literalPath)
        {
            if (parameter == null) throw new ArgumentNullException(nameof(parameter));
            if (path == null || literalPath == null) return null;
            string twin = LiteralTwin(parameter);
            return new TeleportArgumentException("Conflicting" + parameter.TrimStart('-'),
                "Give " + what + " once: " + parameter + " '" + path + "' and " + twin + " '" + literalPath + "' were both given.")
            {
                TargetObject = new[] { path, literalPath },
                RecommendedAction = "Use " + parameter + ", or " + twin + " for a name with wildcard characters.",
            };
        }

        /// <summary>"-ClusterPath" → "-LiteralClusterPath", "-Path" → "-LiteralPath".</summary>
        public static string LiteralTwin(string parameter) =>
            parameter.StartsWith("-", StringComparison.Ordinal) ? "-Literal" + parameter.Substring(1) : "Literal" + parameter;
    }
}
