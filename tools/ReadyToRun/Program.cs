namespace TeleportMcp.ReadyToRun
{
    /// <summary>Never run: the project exists to be published with ReadyToRun (see the project file).</summary>
    internal static class Program
    {
        private static int Main() => typeof(Role).Assembly.GetName().Name == "TeleportMcp.Engine" ? 0 : 1;
    }
}
