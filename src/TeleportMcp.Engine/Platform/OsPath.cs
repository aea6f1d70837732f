using System;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Platform
{
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

        /// <summary>
        /// Whether two resolved paths (programs, folders) are the same file: the same full path (case-insensitive where the file
        /// system usually is), or the same target once symbolic links are followed (where the runtime can say).
        /// </summary>
        public static bool SameFile(OsKind os, string a, string b)
        {
            if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b)) return false;
            var cmp = os == OsKind.Linux ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            if (string.Equals(a, b, cmp)) return true;
            string? ra = RealPath(a), rb = RealPath(b);
            return ra != null && rb != null && string.Equals(ra, rb, cmp);
        }

        /// <summary>The final target of a path (FileSystemInfo.ResolveLinkTarget, .NET 6+, reached by reflection from
        /// netstandard2.0); the full path when it is not a link; null when it cannot be read.</summary>
        private static string? RealPath(string path)
        {
            try
            {
                var full = System.IO.Path.GetFullPath(path);
                var info = new System.IO.FileInfo(full);
                var resolve = typeof(System.IO.FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });
                if (resolve != null && resolve.Invoke(info, new object[] { true }) is System.IO.FileSystemInfo target) return target.FullName;
                return full;
            }
            catch (Exception)
            {
                return null;
            }
        }

        /// <summary>The directory part of a path of the given OS.</summary>
        public static string DirectoryOf(OsKind os, string path)
        {
            if (string.IsNullOrEmpty(path)) return path;
            int i = os == OsKind.Windows ? path.LastIndexOfAny(new[] { '\\', '/' }) : path.LastIndexOf('/');
            return i <= 0 ? (i == 0 ? "/" : "") : path.Substring(0, i);
        }
    }
}
