using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>A user or app named on the command line: the object itself, or a name to look up among the given resources.</summary>
    public sealed class Choice<T> where T : TeleportResource
    {
        internal Choice(T? resource, string? name)
        {
            Resource = resource;
            Name = name;
        }

        public T? Resource { get; }
        public string? Name { get; }
    }

    /// <summary>
    /// What a -User or -App parameter that takes objects or names (Test-TeleportMcpRole, Test-TeleportMcpApp) received,
    /// one rule for every such parameter: the resource itself, or anything else by its text (a name, looked up later).
    /// </summary>
    public static class Choice
    {
        public static Choice<T> Of<T>(T resource) where T : TeleportResource => new Choice<T>(resource, resource.Name);
        public static Choice<T> Named<T>(string? name) where T : TeleportResource => new Choice<T>(null, name);

        /// <summary>A -User or -App value as given: the resource itself, or anything else by its text (a name).</summary>
        public static Choice<T> From<T>(object? given) where T : TeleportResource =>
            given is T resource ? Of(resource) : Named<T>(given?.ToString());

        /// <summary>The values given on the command line (null when the parameter was not given).</summary>
        public static List<Choice<T>>? AllFrom<T>(IEnumerable<object?>? given) where T : TeleportResource =>
            given?.Select(From<T>).ToList();

        /// <summary>
        /// The values bound from a piped object's property (by property name): a null or empty value is skipped, not an
        /// error, since the parameter cannot refuse it there; empty when nothing was bound.
        /// </summary>
        public static List<Choice<T>> Bound<T>(IEnumerable<object?>? bound) where T : TeleportResource =>
            (bound ?? Enumerable.Empty<object?>()).Where(v => !IsNullOrEmpty(v)).Select(From<T>).ToList();

        /// <summary>
        /// Whether values given on the command line hold nothing to use (none, a null, an empty name): PowerShell's usual
        /// "argument is null or empty" validation, which such a parameter cannot declare because it also binds by property name.
        /// </summary>
        public static bool NullOrEmpty(IEnumerable<object?>? given)
        {
            if (given == null) return true;
            bool any = false;
            foreach (var v in given)
            {
                if (IsNullOrEmpty(v)) return true;
                any = true;
            }
            return !any;
        }

        private static bool IsNullOrEmpty(object? v) => v == null || (v is string s && s.Length == 0);
    }
}
