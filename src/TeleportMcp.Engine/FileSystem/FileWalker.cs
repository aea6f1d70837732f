using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace TeleportMcp.Engine.FileSystem
{
    /// <summary>What a path is, as far as reading it is concerned.</summary>
    public enum FileKind
    {
        Missing = 0,
        Regular = 1,
        Directory = 2,
        Fifo = 3,
        CharacterDevice = 4,
        BlockDevice = 5,
        Socket = 6,
        Other = 7,
    }

    /// <summary>The files found under the given folders, and what was skipped on the way (loops, special files).</summary>
    public sealed class FileWalk
    {
        public List<string> Files { get; } = new List<string>();
        public List<string> Warnings { get; } = new List<string>();
    }

    /// <summary>
    /// Enumerates folders without the hazards of a plain recursive listing: a folder reached through several symbolic
    /// links is read once, a link back to an ancestor is reported as a loop instead of being followed for ever, and
    /// FIFOs, devices and sockets are skipped with a warning (opening a FIFO blocks, a device never ends).
    /// </summary>
    public static class FileWalker
    {
        /// <summary>Files under <paramref name="directory"/> (every level with <paramref name="recurse"/>) that pass the filter, sorted.</summary>
        public static FileWalk Enumerate(string directory, bool recurse, Func<string, bool> filter)
        {
            var walk = new FileWalk();
            Enumerate(directory, recurse, filter, walk);
            return walk;
        }

        public static void Enumerate(string directory, bool recurse, Func<string, bool> filter, FileWalk walk)
        {
            var visited = new HashSet<string>(IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            var found = new List<string>();
            // Explicit stack of (folder, canonical ancestors) so depth never reaches the thread's stack.
            var stack = new Stack<KeyValuePair<string, List<string>>>();
            string? root = Canonical(directory);
            if (root == null) return;
            visited.Add(root);
            stack.Push(new KeyValuePair<string, List<string>>(directory, new List<string> { root }));
            while (stack.Count > 0)
            {
                var top = stack.Pop();
                string dir = top.Key;
                var ancestors = top.Value;
                IEnumerable<string> entries;
                try { entries = Directory.EnumerateFileSystemEntries(dir); }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    walk.Warnings.Add("skipped the folder " + dir + ": " + e.Message);
                    continue;
                }
                try
                {
                    foreach (var entry in entries)
                    {
                        var kind = KindOf(entry);
                        if (kind == FileKind.Directory)
                        {
                            if (!recurse) continue;
                            string? canon = Canonical(entry);
                            if (canon == null)
                            {
                                walk.Warnings.Add("skipped the folder " + entry + ": its link target cannot be resolved");
                                continue;
                            }
                            if (ancestors.Contains(canon))
                            {
                                walk.Warnings.Add("skipped " + entry + ": a link back to " + canon + ", which is already being read (a loop)");
                                continue;
                            }
                            if (!visited.Add(canon)) continue;   // the same folder through another link: read once
                            var next = new List<string>(ancestors) { canon };
                            stack.Push(new KeyValuePair<string, List<string>>(entry, next));
                            continue;
                        }
                        if (filter != null && !filter(entry)) continue;
                        if (kind == FileKind.Regular) found.Add(entry);
                        else if (kind != FileKind.Missing) walk.Warnings.Add(SpecialMessage(entry, kind));
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    walk.Warnings.Add("stopped reading the folder " + dir + ": " + e.Message);
                }
            }
            found.Sort(StringComparer.Ordinal);
            walk.Files.AddRange(found);
        }

        /// <summary>Why a file the admin named cannot be read whole, or null when it is a regular file (or missing).</summary>
        public static string? RefuseSpecial(string path)
        {
            var kind = KindOf(path);
            return kind == FileKind.Regular || kind == FileKind.Missing || kind == FileKind.Directory ? null : SpecialMessage(path, kind);
        }

        public static string SpecialMessage(string path, FileKind kind) =>
            "skipped " + path + ": it is " + Describe(kind) + ", not a regular file";

        private static string Describe(FileKind kind)
        {
            switch (kind)
            {
                case FileKind.Fifo: return "a FIFO (named pipe), whose reading would wait for a writer";
                case FileKind.CharacterDevice: return "a character device, which may never end";
                case FileKind.BlockDevice: return "a block device";
                case FileKind.Socket: return "a socket";
                default: return "a special file";
            }
        }

        private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>The kind of what the path finally names (links followed).</summary>
        public static FileKind KindOf(string path)
        {
            if (!IsWindows)
            {
                int mode = UnixMode(path);
                if (mode >= 0)
                {
                    switch (mode & 0xF000)
                    {
                        case 0x8000: return FileKind.Regular;
                        case 0x4000: return FileKind.Directory;
                        case 0x1000: return FileKind.Fifo;
                        case 0x2000: return FileKind.CharacterDevice;
                        case 0x6000: return FileKind.BlockDevice;
                        case 0xC000: return FileKind.Socket;
                        default: return FileKind.Other;
                    }
                }
                if (mode == -2) return FileKind.Missing;
            }
            if (Directory.Exists(path)) return FileKind.Directory;
            return File.Exists(path) ? FileKind.Regular : FileKind.Missing;
        }

        // The runtime's own portable stat (System.Native, every .NET Core on Unix): Flags then Mode lead its FileStatus
        // in every version, so only those two fields are read; the buffer is larger than any version's struct.
        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        private static extern int SystemNativeStat(byte[] utf8Path, byte[] status);

        /// <summary>The path as Unix system calls take it: UTF-8, NUL-terminated.</summary>
        private static byte[] NativePath(string path)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
            Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
            return bytes;
        }

        /// <summary>st_mode, -2 when the path does not exist, -1 when stat is not available.</summary>
        private static int UnixMode(string path)
        {
            try
            {
                var buf = new byte[512];
                if (SystemNativeStat(NativePath(path), buf) != 0) return File.Exists(path) || Directory.Exists(path) ? -1 : -2;
                return BitConverter.ToInt32(buf, 4);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
            {
                return -1;
            }
        }

        [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
        private static extern IntPtr RealPath(byte[] utf8Path, IntPtr resolved);

        [DllImport("libc", EntryPoint = "free")]
        private static extern void Free(IntPtr p);

        private static readonly MethodInfo s_resolveLinkTarget =
            typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", BindingFlags.Public | BindingFlags.Instance, null, new[] { typeof(bool) }, null);

        /// <summary>The folder's path with every link resolved (its identity), or null when it cannot be resolved.</summary>
        public static string? Canonical(string path)
        {
            if (!IsWindows)
            {
                try
                {
                    var p = RealPath(NativePath(path), IntPtr.Zero);
                    if (p == IntPtr.Zero) return null;
                    try { return Marshal.PtrToStringAnsi(p); }
                    finally { Free(p); }
                }
                catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException) { }
            }
            try
            {
                var info = new DirectoryInfo(path);
                if ((info.Attributes & FileAttributes.ReparsePoint) != 0 && s_resolveLinkTarget != null)
                {
                    var target = s_resolveLinkTarget.Invoke(info, new object[] { true }) as FileSystemInfo;
                    if (target != null) return Path.GetFullPath(target.FullName).TrimEnd(Path.DirectorySeparatorChar);
                }
                return Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is TargetInvocationException || e is ArgumentException || e is NotSupportedException)
            {
                return null;
            }
        }
    }
}
