using System;
using System.IO;
using System.Runtime.InteropServices;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>
    /// The one place where Windows and Unix differ for this module: executable names, PATH syntax, file probing.
    /// Code takes an IPlatform so tests can feed Windows inputs on Linux and the other way round.
    /// </summary>
    public interface IPlatform
    {
        bool IsWindows { get; }

        /// <summary>Separator of PATH entries: ';' on Windows, ':' elsewhere.</summary>
        char PathListSeparator { get; }

        /// <summary>Environment variable lookup (PATH, PATHEXT, ...); null when unset.</summary>
        string GetEnvironmentVariable(string name);

        bool FileExists(string path);

        bool DirectoryExists(string path);

        /// <summary>Path.Combine with this platform's separator (matters only when a test fakes the other OS).</summary>
        string Combine(string directory, string file);
    }

    /// <summary>The platform this process runs on.</summary>
    public sealed class PlatformInfo : IPlatform
    {
        public static readonly PlatformInfo Current = new PlatformInfo();

        private PlatformInfo() { }

        public bool IsWindows { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public char PathListSeparator => Path.PathSeparator;

        public string GetEnvironmentVariable(string name) => Environment.GetEnvironmentVariable(name);

        public bool FileExists(string path) => File.Exists(path);

        public bool DirectoryExists(string path) => Directory.Exists(path);

        public string Combine(string directory, string file) => Path.Combine(directory, file);
    }
}
