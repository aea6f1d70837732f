using System;
using System.Diagnostics.CodeAnalysis;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>The name tsh mcp config gives a client's server entry for an app, and the way back.</summary>
    public static class ClientEntryName
    {
        // lib/client/mcp/config/config.go: tsh mcp config names the entry teleport-mcp-<app>.
        public const string Prefix = "teleport-mcp-";

        public static string For(string? app) => Prefix + app;

        /// <summary>Whether <paramref name="name"/> is <see cref="For"/> of <paramref name="app"/>, without building that name.</summary>
        public static bool IsFor(string? name, string? app) =>
            name != null && name.Length == Prefix.Length + (app?.Length ?? 0) && name.StartsWith(Prefix, StringComparison.Ordinal)
            && string.CompareOrdinal(name, Prefix.Length, app ?? "", 0, app?.Length ?? 0) == 0;

        /// <summary>The app a server entry is for; the name itself when it does not follow the rule.</summary>
        [return: NotNullIfNotNull("entry")]
        public static string? AppOf(string? entry)
        {
            if (StringChecks.IsNullOrEmpty(entry)) return entry;
            return entry.StartsWith(Prefix, StringComparison.Ordinal) && entry.Length > Prefix.Length ? entry.Substring(Prefix.Length) : entry;
        }

        /// <summary>Whether a name (of an app or of a client entry) refers to the app.</summary>
        public static bool Names(string name, string app) =>
            string.Equals(name, app, StringComparison.Ordinal) || IsFor(name, app);
    }
}
