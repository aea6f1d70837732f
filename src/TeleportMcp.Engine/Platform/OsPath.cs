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

        /// <summary>The directory part of a path of the given OS.</summary>
        public static string DirectoryOf(OsKind os, string path)
        {
            if (string.IsNullOrEmpty(path)) return path;
            int i = os == OsKind.Windows ? path.LastIndexOfAny(new[] { '\\', '/' }) : path.LastIndexOf('/');
            return i <= 0 ? (i == 0 ? "/" : "") : path.Substring(0, i);
        }
    }
}
