using System;

namespace TeleportMcp.Loader
{
    /// <summary>Which assembly requests the module answers from Dependencies/, and for whom.</summary>
    internal static class DependencyRule
    {
        internal const string EngineName = "TeleportMcp.Engine";
        internal const string CmdletAssemblyName = "TeleportMcp.PowerShell";

        internal static bool IsEngine(string? name) => string.Equals(name, EngineName, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Windows PowerShell 5.1 (one AppDomain, no load contexts): the engine for the cmdlet assembly (or for a
        /// request without a requester, as type-name lookups make), the engine's own dependencies for the engine.
        /// Another module's request for YamlDotNet is never answered with ours.
        /// </summary>
        internal static bool AnswersOnFramework(string? requested, string? requester) =>
            IsEngine(requested)
                ? requester == null || string.Equals(requester, CmdletAssemblyName, StringComparison.OrdinalIgnoreCase)
                : string.Equals(requester, EngineName, StringComparison.OrdinalIgnoreCase);
    }
}
