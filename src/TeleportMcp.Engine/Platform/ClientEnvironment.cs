using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Platform
{
    public enum OsKind
    {
        Windows,
        MacOS,
        Linux,
    }

    /// <summary>
    /// What the client checks need from the machine: the OS, environment variables and the file system. The real one
    /// is <see cref="SystemClientEnvironment"/>; tests pass a fake with Windows inputs on any OS.
    /// </summary>
    public interface IClientEnvironment
    {
        OsKind Os { get; }
        string GetVariable(string name);
        string HomeDirectory { get; }
        string CurrentDirectory { get; }
        bool FileExists(string path);
        bool DirectoryExists(string path);

        /// <summary>Subdirectories of <paramref name="path"/> matching a simple '*' pattern; empty when it does not exist.</summary>
        IEnumerable<string> GetDirectories(string path, string pattern);

        /// <summary>Files of a directory matching a simple '*' pattern; empty when it does not exist.</summary>
        IEnumerable<string> GetFiles(string path, string pattern);

        string ReadAllText(string path);
        DateTime? LastWriteTimeUtc(string path);

        /// <summary>True when the file may be executed by this user (Windows: always true for an existing file).</summary>
        bool IsExecutable(string path);
    }

    public sealed class SystemClientEnvironment : IClientEnvironment
    {
        public static readonly SystemClientEnvironment Instance = new SystemClientEnvironment();

        public OsKind Os =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OsKind.Windows
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? OsKind.MacOS
            : OsKind.Linux;

        public string GetVariable(string name) => Environment.GetEnvironmentVariable(name);

        public string HomeDirectory
        {
            get
            {
                var h = Os == OsKind.Windows ? GetVariable("USERPROFILE") : GetVariable("HOME");
                return string.IsNullOrEmpty(h) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : h;
            }
        }

        public string CurrentDirectory => Directory.GetCurrentDirectory();
        public bool FileExists(string path) => !string.IsNullOrEmpty(path) && File.Exists(path);
        public bool DirectoryExists(string path) => !string.IsNullOrEmpty(path) && Directory.Exists(path);

        public IEnumerable<string> GetDirectories(string path, string pattern)
        {
            try { return DirectoryExists(path) ? Directory.GetDirectories(path, pattern) : new string[0]; }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return new string[0]; }
        }

        public IEnumerable<string> GetFiles(string path, string pattern)
        {
            try { return DirectoryExists(path) ? Directory.GetFiles(path, pattern) : new string[0]; }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return new string[0]; }
        }

        public string ReadAllText(string path) => TextFile.ReadAllText(path);

        public DateTime? LastWriteTimeUtc(string path) => FileExists(path) ? File.GetLastWriteTimeUtc(path) : (DateTime?)null;

        public bool IsExecutable(string path)
        {
            if (!FileExists(path)) return false;
            if (Os == OsKind.Windows) return true;
            try
            {
                return access(path, 1 /* X_OK */) == 0;
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return true; // cannot tell: do not accuse the file
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int access(string pathname, int mode);
    }

    /// <summary>Path helpers that follow the target OS, not the OS the code runs on (so Windows inputs test on Linux).</summary>
    public static class OsPath
    {
        public static char Separator(OsKind os) => os == OsKind.Windows ? '\\' : '/';

        public static string Combine(OsKind os, string first, params string[] more)
        {
            var sep = Separator(os);
            var result = first ?? "";
            foreach (var part in more)
            {
                if (string.IsNullOrEmpty(part)) continue;
                if (result.Length == 0) { result = part; continue; }
                bool endsSep = result[result.Length - 1] == sep || result[result.Length - 1] == '/';
                result = endsSep ? result + part : result + sep + part;
            }
            return result;
        }

        public static bool IsRooted(OsKind os, string path)
        {
            if (string.IsNullOrEmpty(path)) return false;
            if (os == OsKind.Windows)
                return (path.Length >= 3 && char.IsLetter(path[0]) && path[1] == ':' && (path[2] == '\\' || path[2] == '/'))
                       || path.StartsWith("\\\\", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal);
            return path[0] == '/';
        }

        /// <summary>The last path segment (either separator on Windows).</summary>
        public static string FileName(OsKind os, string path)
        {
            if (string.IsNullOrEmpty(path)) return path;
            int i = os == OsKind.Windows ? path.LastIndexOfAny(new[] { '\\', '/' }) : path.LastIndexOf('/');
            return i < 0 ? path : path.Substring(i + 1);
        }

        /// <summary>
        /// A path rather than a bare command name. Windows-style paths count on every OS, so a file written on Windows
        /// and checked elsewhere still reports the path as missing instead of "not on PATH".
        /// </summary>
        public static bool LooksLikePath(OsKind os, string command) =>
            IsRooted(os, command) || HasDirectoryPart(os, command) || IsRooted(OsKind.Windows, command) || HasDirectoryPart(OsKind.Windows, command);

        public static bool HasDirectoryPart(OsKind os, string path) =>
            !string.IsNullOrEmpty(path) && (os == OsKind.Windows ? path.IndexOfAny(new[] { '\\', '/' }) >= 0 : path.IndexOf('/') >= 0);

        public static IEnumerable<string> SplitPathList(OsKind os, string value) =>
            (value ?? "").Split(os == OsKind.Windows ? ';' : ':').Select(p => p.Trim().Trim('"')).Where(p => p.Length > 0);
    }
}
