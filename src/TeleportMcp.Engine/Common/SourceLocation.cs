using System;

namespace TeleportMcp.Engine.Common
{
    /// <summary>Where something was read: a file (or "pipeline"), 1-based line and column.</summary>
    public sealed class SourceLocation
    {
        public const string Pipeline = "pipeline";

        public SourceLocation(string? path, int line, int column)
        {
            Path = path ?? Pipeline;
            Line = line;
            Column = column;
        }

        public string Path { get; }
        public int Line { get; }
        public int Column { get; }

        public override string ToString() =>
            Line <= 0 ? Path : Column <= 0 ? Path + ":" + Line : Path + ":" + Line + ":" + Column;
    }

    /// <summary>Input that cannot be used, with where it is: the engine's one exception for bad data.</summary>
    public class TeleportInputException : Exception
    {
        public TeleportInputException(string code, string message, SourceLocation? location, Exception? inner = null)
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

        public SourceLocation? Location { get; }

        /// <summary>The text of the line the location points at, when known (for a caret under the column).</summary>
        public string? LineText { get; set; }

        /// <summary>The file, user or app the input is about (the PowerShell error's target).</summary>
        public virtual object? Target => TargetObject ?? TargetName ?? Location?.Path;

        /// <summary>The user or app the error is about, when it is not a file (a probe of an app that stopped early).</summary>
        public string? TargetName { get; set; }

        /// <summary>What the error is about when it is neither a file nor one name: the names that matched nothing, the parameters that conflict, a finding.</summary>
        public object? TargetObject { get; set; }

        /// <summary>What the person should do about it, when the engine knows (the error record's recommended action).</summary>
        public string? RecommendedAction { get; set; }

        /// <summary>The PowerShell error category the error came with, by name (an error a remote host wrote); null: it follows from the code.</summary>
        public string? Category { get; set; }

        /// <summary>
        /// Which value of a list given to a parameter the error is about, as PowerShell indexes it (-App[2]); null for a
        /// value given alone. In a list of thousands (a tctl export read by ConvertFrom-Json) the target object alone does
        /// not say which one it was.
        /// </summary>
        public string? Item { get; set; }

        public override string Message => Item == null ? base.Message : Item + ": " + base.Message;
    }

    /// <summary>A name that was looked for and is not there (a user, an app, a path).</summary>
    public sealed class TeleportNotFoundException : TeleportInputException
    {
        private readonly string? _name;

        public TeleportNotFoundException(string code, string message, string? name)
            : base(code, message, location: null)
        {
            _name = name;
        }

        public override object? Target => TargetObject ?? _name;
    }

    /// <summary>Parameters that do not fit together or leave nothing to work on (the PowerShell category InvalidArgument).</summary>
    public sealed class TeleportArgumentException : TeleportInputException
    {
        public TeleportArgumentException(string code, string message)
            : base(code, message, null)
        {
        }

        public override object? Target => TargetObject;
    }

    /// <summary>Input that could not be read at all (a missing, locked or corrupt file).</summary>
    public sealed class TeleportReadException : TeleportInputException
    {
        public TeleportReadException(string code, string message, string path, Exception inner)
            : base(code, message, new SourceLocation(path, 0, 0), inner)
        {
        }
    }
}
