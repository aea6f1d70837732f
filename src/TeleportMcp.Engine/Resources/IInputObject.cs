using System.Collections.Generic;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// A pipeline object as the engine reads it: a typed value (an engine object, a string) or a property bag that lost
    /// its type (Import-Clixml, remoting and jobs give Deserialized.TeleportMcp.*, ConvertFrom-Json a PSCustomObject,
    /// scripts a hashtable). The PowerShell module adapts its objects to this, so the input rules need no runspace.
    /// </summary>
    public interface IInputObject
    {
        /// <summary>The object itself, unwrapped (a ProbeTool, an App, a string, a dictionary, ...).</summary>
        object? Value { get; }

        /// <summary>
        /// The object as the caller gave it, an error's target: PowerShell keeps a custom object's properties on its wrapper,
        /// so the bare <see cref="Value"/> of one would show none.
        /// </summary>
        object? Original { get; }

        /// <summary>Its type names, most derived first (Deserialized.TeleportMcp.ProbeResult after a round trip).</summary>
        IEnumerable<string> TypeNames { get; }

        /// <summary>True for a PSCustomObject or a dictionary: an object described only by its properties.</summary>
        bool IsPropertyBag { get; }

        /// <summary>Whether the property (or, for a dictionary, the key, ignoring case) exists, whatever its value.</summary>
        bool Has(string name);

        /// <summary>The property's value; null when it is absent or null.</summary>
        IInputObject? ValueOf(string name);

        /// <summary>The items of a list value (nulls left out); any other value is one item.</summary>
        IReadOnlyList<IInputObject> Items();

        /// <summary>A property bag's properties (a dictionary's entries) in order, with their values (null for null); empty for any other value.</summary>
        IReadOnlyList<KeyValuePair<string, IInputObject?>> Properties();
    }
}
