namespace TeleportMcp.Engine.Common
{
    /// <summary>The one range every -TimeoutSec of the module accepts.</summary>
    public static class Timeouts
    {
        public const int MinSeconds = 1;
        public const int MaxSeconds = 3600;
    }
}
