using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Common;
using Xunit;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>
    /// Issue 17 item 10 on every system, through the platform seam: which grouping the probe uses per OS, what Prepare
    /// does to the command line and environment with Windows inputs, and the Job object's structures as Windows reads them.
    /// </summary>
    public class ProcessGroupStrategyTests
    {
        [Theory]
        [InlineData(OsKind.Windows, false, ProcessGroupStrategy.JobObject)]
        [InlineData(OsKind.Windows, true, ProcessGroupStrategy.JobObject)]
        [InlineData(OsKind.Linux, true, ProcessGroupStrategy.Session)]
        [InlineData(OsKind.Linux, false, ProcessGroupStrategy.TreeKill)]
        // macOS ships no setsid(1), and setpgid() on a child that already exec'd is refused: the tree is ended.
        [InlineData(OsKind.MacOS, false, ProcessGroupStrategy.TreeKill)]
        [InlineData(OsKind.MacOS, true, ProcessGroupStrategy.Session)]
        public void The_grouping_follows_the_system(OsKind os, bool systemSetsid, ProcessGroupStrategy expected) =>
            Assert.Equal(expected, ProcessGroup.Choose(os, systemSetsid));

        [Fact]
        public void On_Windows_the_server_starts_as_given_and_goes_into_a_job()
        {
            string file = @"C:\tools\server.exe";
            var args = new List<string> { "--stdio" };
            var env = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["PATH"] = @"C:\Windows" };
            var group = ProcessGroup.Prepare(ref file, args, env, new FakePlatform(true));
            Assert.Equal(ProcessGroupStrategy.JobObject, group.Strategy);
            Assert.Equal(@"C:\tools\server.exe", file);
            Assert.Equal(new[] { "--stdio" }, args);
            // The job holds every descendant: no marker is needed to find escaped ones.
            Assert.False(env.ContainsKey(ProcessGroup.MarkerVariable));
            Assert.False(group.OwnSession);
        }

        [NotOnWindowsFact("setsid is the Linux way; Windows uses a job object")]
        public void On_Linux_the_server_starts_through_the_system_setsid_in_a_session_of_its_own()
        {
            string file = "/usr/local/bin/server";
            var args = new List<string> { "--stdio" };
            var env = new Dictionary<string, string>();
            var group = ProcessGroup.Prepare(ref file, args, env, new FakePlatform(false));
            Assert.True(env.ContainsKey(ProcessGroup.MarkerVariable));
            if (group.Strategy == ProcessGroupStrategy.Session)
            {
                Assert.Matches("^(/usr)?/bin/setsid$", file);
                Assert.Equal(new[] { "--", "/usr/local/bin/server", "--stdio" }, args);
            }
            else Assert.Equal("/usr/local/bin/server", file);
        }

        [Fact]
        public void The_job_structures_have_the_sizes_and_offsets_of_winnt_h()
        {
            bool x64 = IntPtr.Size == 8;
            Assert.Equal(x64 ? 64 : 48, Marshal.SizeOf(typeof(WindowsJob.JOBOBJECT_BASIC_LIMIT_INFORMATION)));
            Assert.Equal(48, Marshal.SizeOf(typeof(WindowsJob.IO_COUNTERS)));
            Assert.Equal(x64 ? 144 : 112, Marshal.SizeOf(typeof(WindowsJob.JOBOBJECT_EXTENDED_LIMIT_INFORMATION)));
            Assert.Equal(16, (int)Marshal.OffsetOf(typeof(WindowsJob.JOBOBJECT_BASIC_LIMIT_INFORMATION), "LimitFlags"));
            Assert.Equal(x64 ? 64 : 48, (int)Marshal.OffsetOf(typeof(WindowsJob.JOBOBJECT_EXTENDED_LIMIT_INFORMATION), "IoInfo"));
            Assert.Equal(x64 ? 112 : 96, (int)Marshal.OffsetOf(typeof(WindowsJob.JOBOBJECT_EXTENDED_LIMIT_INFORMATION), "ProcessMemoryLimit"));
        }

        [Fact]
        public void The_job_is_created_with_kill_on_close_only()
        {
            var info = WindowsJob.KillOnCloseLimits();
            Assert.Equal(0x2000u, info.BasicLimitInformation.LimitFlags);
            Assert.Equal(9, WindowsJob.JobObjectExtendedLimitInformation);
            // The flags as Windows reads them from the marshalled bytes.
            int size = Marshal.SizeOf(typeof(WindowsJob.JOBOBJECT_EXTENDED_LIMIT_INFORMATION));
            IntPtr buffer = Marshal.AllocHGlobal(size);
            try
            {
                Marshal.StructureToPtr(info, buffer, false);
                Assert.Equal(0x2000, Marshal.ReadInt32(buffer, 16));
                for (int i = 0; i < size; i++) if (i < 16 || i >= 20) Assert.Equal(0, Marshal.ReadByte(buffer, i));
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }

        [NotOnWindowsFact("checks the fallback off Windows")]
        public void Off_Windows_no_job_is_made_and_the_group_falls_back_to_the_tree()
        {
            using (var self = Process.GetCurrentProcess())
            {
                Assert.Null(WindowsJob.Start(self, out var error));
                Assert.Equal("not Windows", error);
                // A group prepared with Windows inputs on a system that is not Windows ends the tree instead.
                string file = "server.exe";
                var group = ProcessGroup.Prepare(ref file, new List<string>(), new Dictionary<string, string>(), new FakePlatform(true));
                group.Started(self);
                Assert.Equal(ProcessGroupStrategy.TreeKill, group.Strategy);
                Assert.Equal("not Windows", group.FallbackReason);
            }
        }
    }
}
