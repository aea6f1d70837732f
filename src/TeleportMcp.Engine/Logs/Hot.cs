using System.Runtime.CompilerServices;

namespace TeleportMcp.Engine.Logs
{
    internal static class Hot
    {
        /// <summary>
        /// MethodImplOptions.AggressiveOptimization (512, .NET Core 3.0+; not in the netstandard2.0 enum). The per-line
        /// methods run millions of times per file; compiled fully optimised at once, they do not depend on tiered
        /// compilation catching up, which is slow on a busy machine.
        /// </summary>
        public const MethodImplOptions Optimize = (MethodImplOptions)512;
    }
}
