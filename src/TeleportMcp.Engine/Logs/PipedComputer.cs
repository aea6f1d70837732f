using System;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>Which computer a deserialized piped line names (its PSComputerName), as the piped-line sources key files.</summary>
    public static class PipedComputer
    {
        /// <summary>
        /// True for this computer's own names: a local job or loopback session names the file by its path alone, as a live read does;
        /// another computer's lines are "computer:path", so two computers' copies of one path stay apart.
        /// </summary>
        public static bool IsThisComputer(string computer) =>
            computer.Length == 0 || computer == "." || computer == "127.0.0.1" || computer == "::1" || computer == "[::1]" ||
            string.Equals(computer, "localhost", StringComparison.OrdinalIgnoreCase) ||
            string.Equals(computer, Environment.MachineName, StringComparison.OrdinalIgnoreCase);
    }
}
