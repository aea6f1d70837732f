using System.Globalization;

namespace TeleportMcp.Engine.Common
{
    /// <summary>The words of a progress bar: how much of what was read, and which file of how many.</summary>
    public static class ProgressText
    {
        /// <summary>"audit.log: 12.5 MB of 200.0 MB" and its percentage (-1 when the total is unknown).</summary>
        public static string Bytes(string what, long done, long total, out int percent)
        {
            percent = total > 0 ? (int)(done * 100 / total) : -1;
            return what + ": " + Size(done) + (total > 0 ? " of " + Size(total) : " read");
        }

        /// <summary>A byte count in KB below a MiB, else in MB, one decimal (invariant culture).</summary>
        private static string Size(long bytes) =>
            bytes < 0 ? "?" : bytes < 1024 * 1024 ? (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB"
                : (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

        /// <summary>"file 2 of 5, events.log" when several files are read; the file name alone for one.</summary>
        public static string File(int index, int count, string path) =>
            (count > 1 ? "file " + index.ToString(CultureInfo.InvariantCulture) + " of " + count.ToString(CultureInfo.InvariantCulture) + ", " : "") + System.IO.Path.GetFileName(path);
    }
}
