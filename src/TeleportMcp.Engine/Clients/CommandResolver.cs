using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>Finds a command the way a client's spawn does: an absolute path as is, else each PATH directory (+ PATHEXT on Windows).</summary>
    public static class CommandResolver
    {
        public static string Resolve(IClientEnvironment env, string command, IEnumerable<string> pathDirectories = null)
        {
            if (string.IsNullOrWhiteSpace(command)) return null;
            var os = env.Os;
            if (OsPath.LooksLikePath(os, command))
            {
                foreach (var candidate in WithExtensions(env, command))
                    if (env.FileExists(candidate)) return candidate;
                return null;
            }
            var dirs = pathDirectories ?? OsPath.SplitPathList(os, env.GetVariable("PATH"));
            foreach (var dir in dirs)
                foreach (var candidate in WithExtensions(env, OsPath.Combine(os, dir, command)))
                    if (env.FileExists(candidate)) return candidate;
            return null;
        }

        private static IEnumerable<string> WithExtensions(IClientEnvironment env, string path)
        {
            if (env.Os != OsKind.Windows)
            {
                yield return path;
                yield break;
            }
            var name = OsPath.FileName(env.Os, path);
            if (name.Contains(".")) yield return path;
            var pathext = env.GetVariable("PATHEXT");
            var exts = string.IsNullOrEmpty(pathext) ? new[] { ".COM", ".EXE", ".BAT", ".CMD" } : pathext.Split(';').Where(e => e.Length > 0).ToArray();
            foreach (var e in exts) yield return path + e.ToLowerInvariant();
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
