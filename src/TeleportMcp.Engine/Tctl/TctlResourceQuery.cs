using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Tctl
{
    /// <summary>Get-TeleportResource's rules: what to ask tctl for, which names tctl would misread, and which resources of the answer count.</summary>
    public static class TctlResourceQuery
    {
        /// <summary>
        /// The tctl reference of a kind (role, user, app). App Service agents register every app they serve
        /// (teleport.yaml and dynamic) as an app_server; tctl get apps would list only the dynamic app resources.
        /// </summary>
        public static string Plural(string kind)
        {
            var k = (kind ?? "").ToLowerInvariant();
            return k == "app" ? "app_servers" : k + "s";
        }

        /// <summary>Apps are listed and filtered by name (an app_server is not named after its app); so are wildcard names.</summary>
        public static bool ListsAndFilters(string kind, bool hasWildcards) => hasWildcards || string.Equals(kind, "app", StringComparison.OrdinalIgnoreCase);

        /// <summary>Why tctl would misread a name as part of its resource reference (or, <see cref="SurrogateProblem"/>, read another name); null when it can be asked for.</summary>
        public static string? NameProblem(string name) =>
            name.IndexOf(',') >= 0 || name.IndexOf('/') >= 0 || name.StartsWith("-", StringComparison.Ordinal)
                ? "The name '" + name + "' contains ',' or '/' or starts with '-', which tctl would misread."
                : SurrogateProblem(name);

        /// <summary>
        /// The rule for every kind and for wildcard names alike, checked before a name is asked for or a listing is
        /// filtered: a name or pattern holding a lone surrogate is refused (no name Teleport stores can hold one).
        /// </summary>
        public static string? SurrogateProblem(string name) =>
            Output.ControlCharacters.HasLoneSurrogate(name) ? LoneSurrogateText("The name '" + name + "'") : null;

        /// <summary>
        /// Why a text holding a lone UTF-16 surrogate is not sent to tctl: tctl (a Go program) reads it as U+FFFD on
        /// every OS. Linux and macOS encode the argument as UTF-8, which writes U+FFFD in its place, and Go decodes
        /// Windows' UTF-16 command line (utf16.Decode) the same way; so tctl would read and answer for another name.
        /// The caller's error leaves the module through OutputText, which shows the surrogate escaped (\uD800).
        /// </summary>
        public static string LoneSurrogateText(string what) =>
            what + " holds a lone UTF-16 surrogate (half of a character), which tctl (a Go program) reads as U+FFFD on every OS, so it would read another name.";

    }

    /// <summary>
    /// Which resources of one tctl listing are written: those the name filter keeps, an app once although several
    /// agents serving it give one app_server each.
    /// </summary>
    public sealed class TctlListing
    {
        private readonly Func<string, bool>? _filter;
        private readonly HashSet<string> _apps = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _listed = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<string> _listedInOrder = new List<string>();

        public TctlListing(Func<string, bool>? filter) => _filter = filter;

        /// <summary>True once a resource was kept (a plain name that kept none was not found).</summary>
        public bool Any { get; private set; }

        public bool Keep(TeleportResource resource)
        {
            if (resource == null) throw new ArgumentNullException(nameof(resource));
            var name = resource.Name ?? "";
            if (_listed.Add(name)) _listedInOrder.Add(name);
            if (_filter != null && !_filter(name)) return false;
            if (resource is App && !_apps.Add(name)) return false;
            Any = true;
            return true;
        }

        /// <summary>
        /// The error for a name or wildcard the listing held nothing for, naming what was looked for and what tctl listed;
        /// null when it matched. A wildcard that matches nothing is an error too: an empty answer would read as "none of
        /// them exists" although nothing was found for the pattern asked.
        /// </summary>
        public TeleportNotFoundException? NotFound(string kind, string? name, string reference, bool hasWildcards)
        {
            if (Any || name == null) return null;
            return new TeleportNotFoundException("TeleportResourceNotFound", NameSelection.NotFoundInListing(kind, name, "tctl get " + reference, _listedInOrder), name)
            {
                RecommendedAction = hasWildcards
                    ? "Check the pattern (tctl get " + reference + " lists the names; a wildcard matches case included)."
                    : "Check the name (tctl get " + reference + " lists them), or use a wildcard to list the ones that match.",
            };
        }
    }
}
