using System;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>
    /// Finds a program the way a shell would, without starting one: an explicit path first, then PATH. On Windows a
    /// name without extension is tried with each PATHEXT extension, as cmd.exe does.
    /// </summary>
    public static class ExecutableResolver
    {
        /// <summary>cmd.exe's default when PATHEXT is unset.</summary>
        public const string DefaultPathExt = ".COM;.EXE;.BAT;.CMD";

        /// <summary>
        /// Resolves <paramref name="explicitPath"/> (a file, or a directory holding <paramref name="name"/>) when given,
        /// otherwise searches PATH. Returns null when nothing fits; <paramref name="tried"/> lists what was probed.
        /// </summary>
        public static string Resolve(string name, string explicitPath, IPlatform platform, List<string> tried = null)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("name is empty", nameof(name));
            platform = platform ?? PlatformInfo.Current;
            if (!string.IsNullOrEmpty(explicitPath))
            {
                if (platform.DirectoryExists(explicitPath))
                    return Probe(platform.Combine(explicitPath, name), platform, tried);
                return Probe(explicitPath, platform, tried);
            }
            foreach (var dir in SearchDirectories(platform))
            {
                var found = Probe(platform.Combine(dir, name), platform, tried);
                if (found != null) return found;
            }
            return null;
        }

        /// <summary>The PATH entries in order: empty ones dropped, surrounding quotes removed (Windows allows "C:\a b").</summary>
        public static IEnumerable<string> SearchDirectories(IPlatform platform)
        {
            var path = platform.GetEnvironmentVariable("PATH") ?? "";
            foreach (var raw in path.Split(platform.PathListSeparator))
            {
                var dir = raw.Trim();
                if (platform.IsWindows) dir = dir.Trim('"');
                if (dir.Length > 0) yield return dir;
            }
        }

        /// <summary>The candidate file names for <paramref name="path"/>, in the order they are probed.</summary>
        public static IEnumerable<string> Candidates(string path, IPlatform platform)
        {
            if (!platform.IsWindows)
            {
                yield return path;
                yield break;
            }
            var exts = PathExtensions(platform);
            string ext = ExtensionOf(path);
            // "tctl.exe" is taken as written; "tctl" or "tctl.v2" gets each PATHEXT extension appended.
            if (ext.Length > 0 && exts.Contains(ext, StringComparer.OrdinalIgnoreCase))
            {
                yield return path;
                yield break;
            }
            foreach (var e in exts) yield return path + e.ToLowerInvariant();
        }

        public static IReadOnlyList<string> PathExtensions(IPlatform platform)
        {
            var value = platform.GetEnvironmentVariable("PATHEXT");
            if (string.IsNullOrWhiteSpace(value)) value = DefaultPathExt;
            return value.Split(';').Select(e => e.Trim()).Where(e => e.Length > 1 && e[0] == '.').ToList();
        }

        /// <summary>True for files Windows starts through cmd.exe, whose own parsing no argument quoting can make safe.</summary>
        public static bool IsBatchFile(string path)
        {
            var ext = ExtensionOf(path);
            return ext.Equals(".bat", StringComparison.OrdinalIgnoreCase) || ext.Equals(".cmd", StringComparison.OrdinalIgnoreCase);
        }

        private static string Probe(string path, IPlatform platform, List<string> tried)
        {
            foreach (var candidate in Candidates(path, platform))
            {
                tried?.Add(candidate);
                if (platform.FileExists(candidate)) return candidate;
            }
            return null;
        }

        private static string ExtensionOf(string path)
        {
            int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
            int dot = path.LastIndexOf('.');
            return dot > slash + 1 ? path.Substring(dot) : "";
        }
    }
}
