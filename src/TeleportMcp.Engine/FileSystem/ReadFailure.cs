using System;
using System.IO;

namespace TeleportMcp.Engine.FileSystem
{
    /// <summary>
    /// The one rule for a file that cannot be read: the reader reports it (Tab completion skips it) and goes on with the
    /// next file. Anything else is a fault of the module and is not caught here.
    /// </summary>
    public static class ReadFailure
    {
        /// <summary>
        /// Whether the exception means "this file could not be read": the file system refused it (IOException, also a
        /// log that is too large or not a regular file; UnauthorizedAccessException), a compressed file is corrupt or
        /// truncated (InvalidDataException from GZipStream) or uses what the runtime cannot read (NotSupportedException,
        /// also a path format .NET Framework refuses).
        /// </summary>
        public static bool Is(Exception e) =>
            e is IOException || e is UnauthorizedAccessException || e is InvalidDataException || e is NotSupportedException;
    }
}
