using System.Diagnostics.CodeAnalysis;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// string.IsNullOrEmpty/IsNullOrWhiteSpace with the nullable annotation netstandard2.0's own lack, so the compiler knows the string
    /// is not null when the answer is false.
    /// </summary>
    internal static class StringChecks
    {
        public static bool IsNullOrEmpty([NotNullWhen(false)] string? value) => string.IsNullOrEmpty(value);

        public static bool IsNullOrWhiteSpace([NotNullWhen(false)] string? value) => string.IsNullOrWhiteSpace(value);
    }
}
