using System;
using System.Collections.Generic;

namespace TeleportMcp.Engine.Platform
{
    public enum AccessVerdict
    {
        /// <summary>The account can reach and use the path.</summary>
        Allowed,
        /// <summary>A parent folder or the file itself refuses the account (EACCES).</summary>
        Denied,
        /// <summary>The path does not exist as this process sees it.</summary>
        Missing,
        /// <summary>The platform gives no permission bits (Windows ACLs) or the account has no uid: nothing is claimed.</summary>
        Unknown,
    }

    public sealed class AccessAnswer
    {
        public AccessVerdict Verdict { get; set; }

        /// <summary>The path that decided: the folder that cannot be entered, or the file itself.</summary>
        public string? Blocker { get; set; }

        public FileFacts? BlockerFacts { get; set; }

        /// <summary>The permission that is missing on <see cref="Blocker"/>: 'x' to enter a folder, 'r' to read.</summary>
        public char Missing { get; set; }

        public bool IsDirectory { get; set; }
    }

    /// <summary>
    /// Path resolution as the kernel does it for another account: every folder on the way needs search (x) permission,
    /// the last component the permission asked for (path_resolution(7)). Teleport switches only uid/gid for the server
    /// (lib/utils/host/hostusers.go), so these are the bits that decide.
    /// </summary>
    public static class HostAccess
    {
        public static AccessAnswer Check(IHostPlatform platform, string path, HostAccount account, char need)
        {
            var os = platform.Os;
            var target = platform.GetFile(path);
            if (!target.Exists) return new AccessAnswer { Verdict = AccessVerdict.Missing, Blocker = path };
            if (target.Mode < 0 || account == null || account.Uid < 0)
                return new AccessAnswer { Verdict = AccessVerdict.Unknown, Blocker = path, IsDirectory = target.IsDirectory };
            foreach (var folder in Parents(os, path))
            {
                var f = platform.GetFile(folder);
                if (!f.Exists || f.Mode < 0) continue;
                if (!LookPath.CanAccess(f, account, 'x'))
                    return new AccessAnswer { Verdict = AccessVerdict.Denied, Blocker = folder, BlockerFacts = f, Missing = 'x', IsDirectory = target.IsDirectory };
            }
            // A folder argument is listed and entered; a file is read.
            var needs = target.IsDirectory ? new[] { 'r', 'x' } : new[] { need };
            foreach (var n in needs)
                if (!LookPath.CanAccess(target, account, n))
                    return new AccessAnswer { Verdict = AccessVerdict.Denied, Blocker = path, BlockerFacts = target, Missing = n, IsDirectory = target.IsDirectory };
            return new AccessAnswer { Verdict = AccessVerdict.Allowed, Blocker = path, IsDirectory = target.IsDirectory };
        }

        /// <summary>The folders above an absolute path, outermost first ("/srv", "/srv/private" for "/srv/private/a.js").</summary>
        public static List<string> Parents(OsKind os, string path)
        {
            var result = new List<string>();
            string dir = OsPath.DirectoryOf(os, path);
            while (!string.IsNullOrEmpty(dir))
            {
                result.Insert(0, dir);
                string up = OsPath.DirectoryOf(os, dir);
                if (up == dir) break;
                dir = up;
            }
            return result;
        }

        public static string Describe(FileFacts? f) =>
            f == null || f.Mode < 0 ? "" : "mode " + Convert.ToString(f.Mode, 8).PadLeft(4, '0') + ", owner uid " + f.OwnerUid + " gid " + f.OwnerGid;
    }
}
