using System;

namespace TeleportMcp.Engine.Common
{
    /// <summary>Where something was read: a file (or "pipeline"), 1-based line and column.</summary>
    public sealed class SourceLocation
    {
        public const string Pipeline = "pipeline";

        public SourceLocation(string path, int line, int column)
        {
            Path = path ?? Pipeline;
            Line = line;
            Column = column;
        }

        public string Path { get; }
        public int Line { get; }
        public int Column { get; }

        public SourceLocation WithLineOffset(int lineOffset) => new SourceLocation(Path, Line + lineOffset, Column);

        public override string ToString() =>
            Line <= 0 ? Path : Column <= 0 ? Path + ":" + Line : Path + ":" + Line + ":" + Column;
    }

    /// <summary>Input that cannot be used, with where it is: the engine's one exception for bad data.</summary>
    public class TeleportInputException : Exception
    {
        public TeleportInputException(string code, string message, SourceLocation location, Exception inner = null)
            : base(location == null ? message : location + ": " + message, inner)
        {
            Code = code;
            Detail = message;
            Location = location;
        }

        /// <summary>Stable PascalCase id, used as the PowerShell error id.</summary>
        public string Code { get; }

        /// <summary>The message without the location prefix.</summary>
        public string Detail { get; }

        public SourceLocation Location { get; }
    }
}
