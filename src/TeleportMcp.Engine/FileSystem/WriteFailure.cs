using System;
using System.IO;
using System.Security;

namespace TeleportMcp.Engine.FileSystem
{
    /// <summary>
    /// The one rule for a file that cannot be written (the counterpart of <see cref="ReadFailure"/>): the command reports
    /// it with its own id and goes on. Anything else is a fault of the module and is not caught here.
    /// </summary>
    public static class WriteFailure
    {
        /// <summary>
        /// Whether the exception means "this file could not be written": the file system refused it (IOException, also a
        /// folder that is not there, a path too long, a full disk or a file in use; UnauthorizedAccessException, also a
        /// read-only file or a folder of that name; SecurityException), or the path is one the runtime cannot use
        /// (ArgumentException for a character .NET Framework refuses, NotSupportedException for a colon in the middle).
        /// </summary>
        public static bool Is(Exception e) =>
            e is IOException || e is UnauthorizedAccessException || e is SecurityException || e is ArgumentException || e is NotSupportedException;
    }
}
