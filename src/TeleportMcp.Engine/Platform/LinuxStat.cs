using System;
using System.Runtime.InteropServices;
using System.Text;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>
    /// Type, mode and owner of a file through Linux statx(2) (glibc 2.28+, kernel 4.11+), links followed as stat -L
    /// does. struct statx has one layout on every architecture (include/uapi/linux/stat.h), unlike struct stat, so it
    /// can be read without a native shim; the probe's access checks asked stat(1) for this, a process per question.
    /// </summary>
    internal static class LinuxStat
    {
        private const int AtFdCwd = -100;
        private const uint StatxType = 0x1, StatxMode = 0x2, StatxUid = 0x8, StatxGid = 0x10;
        private const uint Wanted = StatxType | StatxMode | StatxUid | StatxGid;
        private const int ENOENT = 2, ENOTDIR = 20;
        internal const int BufferSize = 256;   // sizeof(struct statx)

        // Offsets in struct statx: stx_mask (u32) 0, stx_uid (u32) 20, stx_gid (u32) 24, stx_mode (u16) 28.
        private const int MaskOffset = 0, UidOffset = 20, GidOffset = 24, ModeOffset = 28;

        private static volatile bool s_unavailable;

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int Statx(int dirfd, byte[] utf8Path, int flags, uint mask, byte[] buffer);

        /// <summary>
        /// The facts of <paramref name="path"/>, Exists false when it (or a folder on the way) does not exist; null when
        /// statx cannot answer (not Linux, no statx in the C library or kernel, a file system that omits a field, any
        /// other error): the caller asks stat(1) then.
        /// </summary>
        public static FileFacts? Get(string path)
        {
            if (s_unavailable || string.IsNullOrEmpty(path) || path.IndexOf('\0') >= 0) return null;
            var buffer = new byte[BufferSize];
            int rc;
            try
            {
                rc = Statx(AtFdCwd, NativePath(path), 0, Wanted, buffer);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
            {
                s_unavailable = true;
                return null;
            }
            if (rc != 0)
            {
                int errno = Marshal.GetLastWin32Error();
                if (errno == ENOENT || errno == ENOTDIR) return new FileFacts();
                return null;   // ENOSYS (old kernel), EACCES, ELOOP...: stat(1) and the existence checks answer as before
            }
            return Parse(buffer);
        }

        /// <summary>The facts in a struct statx as the kernel filled it; null when a wanted field is missing from stx_mask.</summary>
        internal static FileFacts? Parse(byte[] buffer)
        {
            uint mask = BitConverter.ToUInt32(buffer, MaskOffset);
            if ((mask & Wanted) != Wanted) return null;
            int mode = BitConverter.ToUInt16(buffer, ModeOffset);
            int type = mode & 0xF000;
            return new FileFacts
            {
                Exists = true,
                // stat(1)'s %a: the permission bits with set-id and sticky bits.
                Mode = mode & 0xFFF,
                OwnerUid = BitConverter.ToUInt32(buffer, UidOffset),
                OwnerGid = BitConverter.ToUInt32(buffer, GidOffset),
                IsDirectory = type == 0x4000,
                IsSocket = type == 0xC000,
            };
        }

        private static byte[] NativePath(string path)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
            Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
            return bytes;
        }
    }
}
