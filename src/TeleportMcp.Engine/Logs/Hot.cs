using System.Runtime.CompilerServices;

namespace TeleportMcp.Engine.Logs
{
    internal static class Hot
    {
        /// <summary>
        /// MethodImplOptions.AggressiveOptimization (512, .NET Core 3.0+; not in the netstandard2.0 enum, ignored by
        /// .NET Framework). The per-line methods run millions of times per file: compiled fully optimised at once they
        /// do not wait for tiered compilation, whose background thread starves on a busy machine (measured: 3-8 s
        /// instead of 1 s for 100 MB).
        /// </summary>
        public const MethodImplOptions Optimize = (MethodImplOptions)512;
    }
}
