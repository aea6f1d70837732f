namespace TeleportMcp.Engine.FileSystem
{
    /// <summary>What a single-path parameter (-TctlPath, -IdentityFile, -OutFile, -ProjectPath ...) must name.</summary>
    public enum PathMust
    {
        /// <summary>Anything, or nothing yet (a file to write, a program whose absence the runner reports).</summary>
        MayBeNew,

        /// <summary>An existing file or folder.</summary>
        Exist,

        /// <summary>An existing file.</summary>
        BeFile,

        /// <summary>An existing folder.</summary>
        BeFolder,
    }
}
