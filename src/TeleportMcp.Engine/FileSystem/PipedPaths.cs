using System;
using System.Collections.Generic;
using System.IO;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.FileSystem
{
    /// <summary>
    /// Which piped objects name files. Where a cmdlet's pipeline takes any object (audit lines, resources), PowerShell
    /// binds it to that parameter by value before -LiteralPath could take it by property name; the object is then read as
    /// the files it names, as the binder would have bound it to -LiteralPath.
    /// </summary>
    public static class PipedPaths
    {
        /// <summary>The property names -LiteralPath binds by (its name and the aliases every file-reading cmdlet gives it).</summary>
        public static readonly IReadOnlyList<string> PathProperties = new[] { "LiteralPath", "PSPath", "LP", "ProviderPath" };

        // An audit event (event/code) or a resource (kind) with a path property is still what it is.
        private static readonly string[] ContentProperties = { "kind", "event", "code" };

        /// <summary>
        /// The literal paths <paramref name="input"/> names: a file or folder object's full name, or the values of its
        /// first path property; null when it names none (a string, an event, a resource, or an object without one).
        /// </summary>
        public static IReadOnlyList<string>? Of(IInputObject? input)
        {
            switch (input?.Value)
            {
                case null:
                case string _:
                case TeleportResource _:
                    return null;
                case FileSystemInfo file:
                    return new[] { file.FullName };
            }
            foreach (var name in ContentProperties)
                if (input!.Has(name)) return null;
            foreach (var name in PathProperties)
            {
                var value = input!.ValueOf(name);
                if (value == null) continue;
                var paths = new List<string>();
                foreach (var item in value.Items())
                    if (item.Value is string path && path.Length > 0) paths.Add(path);
                if (paths.Count > 0) return paths;
            }
            return null;
        }
    }
}
