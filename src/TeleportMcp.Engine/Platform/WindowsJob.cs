using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>
    /// A Windows Job object that holds the probe's server and everything it starts: TerminateJobObject ends them all,
    /// and JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE ends them when the last handle closes, which the system does when the
    /// host dies in any way (the Windows counterpart of the Unix session). Called only on Windows.
    /// </summary>
    internal sealed class WindowsJob : IDisposable
    {
        internal const int JobObjectExtendedLimitInformation = 9;
        internal const uint JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;

        private IntPtr _handle;

        private WindowsJob(IntPtr handle) => _handle = handle;

        /// <summary>A job with kill-on-close that <paramref name="process"/> was assigned to; null off Windows or when the system refuses (the caller ends the process tree instead).</summary>
        public static WindowsJob? Start(Process process, out string? error)
        {
            error = null;
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                error = "not Windows";
                return null;
            }
            IntPtr job = CreateJobObjectW(IntPtr.Zero, null);
            if (job == IntPtr.Zero)
            {
                error = "CreateJobObject failed (error " + Marshal.GetLastWin32Error() + ")";
                return null;
            }
            var info = KillOnCloseLimits();
            if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, ref info, Marshal.SizeOf<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>()))
            {
                error = "SetInformationJobObject failed (error " + Marshal.GetLastWin32Error() + ")";
                CloseHandle(job);
                return null;
            }
            // A child the server starts before this call is outside the job; the tree kill still reaches it.
            if (!AssignProcessToJobObject(job, process.Handle))
            {
                error = "AssignProcessToJobObject failed (error " + Marshal.GetLastWin32Error() + ")";
                CloseHandle(job);
                return null;
            }
            return new WindowsJob(job);
        }

        /// <summary>The limits the job is created with: only kill-on-close.</summary>
        internal static JOBOBJECT_EXTENDED_LIMIT_INFORMATION KillOnCloseLimits() => new JOBOBJECT_EXTENDED_LIMIT_INFORMATION
        {
            BasicLimitInformation = new JOBOBJECT_BASIC_LIMIT_INFORMATION { LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE },
        };

        /// <summary>Ends every process in the job.</summary>
        public void Terminate()
        {
            if (_handle != IntPtr.Zero) TerminateJobObject(_handle, 1);
        }

        public void Dispose()
        {
            var h = _handle;
            _handle = IntPtr.Zero;
            if (h != IntPtr.Zero) CloseHandle(h);
        }

        // ---- winnt.h structures (sizes: 144 bytes for the extended information on 64-bit, 112 on 32-bit) ----

        [StructLayout(LayoutKind.Sequential)]
        internal struct JOBOBJECT_BASIC_LIMIT_INFORMATION
        {
            public long PerProcessUserTimeLimit;
            public long PerJobUserTimeLimit;
            public uint LimitFlags;
            public UIntPtr MinimumWorkingSetSize;
            public UIntPtr MaximumWorkingSetSize;
            public uint ActiveProcessLimit;
            public UIntPtr Affinity;
            public uint PriorityClass;
            public uint SchedulingClass;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct IO_COUNTERS
        {
            public ulong ReadOperationCount;
            public ulong WriteOperationCount;
            public ulong OtherOperationCount;
            public ulong ReadTransferCount;
            public ulong WriteTransferCount;
            public ulong OtherTransferCount;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct JOBOBJECT_EXTENDED_LIMIT_INFORMATION
        {
            public JOBOBJECT_BASIC_LIMIT_INFORMATION BasicLimitInformation;
            public IO_COUNTERS IoInfo;
            public UIntPtr ProcessMemoryLimit;
            public UIntPtr JobMemoryLimit;
            public UIntPtr PeakProcessMemoryUsed;
            public UIntPtr PeakJobMemoryUsed;
        }

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr CreateJobObjectW(IntPtr jobAttributes, string? name);

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern bool SetInformationJobObject(IntPtr job, int infoClass, ref JOBOBJECT_EXTENDED_LIMIT_INFORMATION info, int length);

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern bool AssignProcessToJobObject(IntPtr job, IntPtr process);

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern bool TerminateJobObject(IntPtr job, uint exitCode);

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern bool CloseHandle(IntPtr handle);
    }
}
