using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Common;
using Xunit;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>What the probe reads from Linux /proc to end a server's processes: stat lines, children files, environments.</summary>
    public class ProcFsTests
    {
        [Theory]
        [InlineData("4242 (node) S 4200 4242 4242 0 -1 4194560", 4242, 4200, 4242, "node", 'S')]
        // comm may hold spaces and parentheses (prctl PR_SET_NAME, a file named so): it runs to the last ')'.
        [InlineData("77 (my ) (srv) R 1 70 70 0 -1", 77, 1, 70, "my ) (srv", 'R')]
        [InlineData("9 (sleep) Z 8 8 8 0", 9, 8, 8, "sleep", 'Z')]
        [InlineData("12 () S 1 12 12", 12, 1, 12, "", 'S')]
        public void A_stat_line_gives_parent_group_name_and_state(string line, int pid, int parent, int group, string name, char state)
        {
            var e = ProcFs.ParseStat(line);
            Assert.NotNull(e);
            Assert.Equal((pid, parent, group, name, state), (e.Pid, e.ParentPid, e.GroupId, e.Name, e.State));
        }

        [Theory]
        [InlineData("")]
        [InlineData("node S 1 2 3")]
        [InlineData("x (node) S 1 2 3")]
        [InlineData("5 (node) S 1")]
        [InlineData("5 (node) S -1 2 3")]
        [InlineData("5 (node)")]
        [InlineData("5 (node) SS 1 2 3")]
        public void A_line_that_is_not_a_stat_line_gives_nothing(string line) => Assert.Null(ProcFs.ParseStat(line));

        [Theory]
        [InlineData("", new int[0])]
        [InlineData("123 456 ", new[] { 123, 456 })]
        [InlineData("7\n", new[] { 7 })]
        [InlineData("7 x 8", new[] { 7, 8 })]
        public void A_children_file_lists_pids(string text, int[] pids) => Assert.Equal(pids, ProcFs.ParseChildren(text));

        [Theory]
        [InlineData("A=1\0TELEPORT_MCP_PROBE=abc\0B=2\0", true)]
        [InlineData("TELEPORT_MCP_PROBE=abc", true)]
        [InlineData("TELEPORT_MCP_PROBE=abcd\0", false)]          // another marker that starts with this one
        [InlineData("X_TELEPORT_MCP_PROBE=abc\0", false)]         // inside another entry
        [InlineData("A=TELEPORT_MCP_PROBE=abc\0", false)]
        [InlineData("", false)]
        public void The_marker_counts_only_as_a_whole_entry(string environ, bool found) =>
            Assert.Equal(found, ProcFs.HasEntry(Encoding.ASCII.GetBytes(environ), Encoding.ASCII.GetBytes("TELEPORT_MCP_PROBE=abc")));

        private static ProcEntry E(int pid, int parent, int group = 1) => new ProcEntry(pid, parent, group, "p" + pid, 'S');

        [Theory]
        // pid, parent pairs; the tree below 10.
        [InlineData(new[] { 10, 1, 11, 10, 12, 10, 13, 11, 20, 1, 21, 20 }, new[] { 11, 12, 13 })]
        [InlineData(new[] { 10, 1, 20, 1 }, new int[0])]
        // A parent loop (pids read at different moments) does not loop the walk.
        [InlineData(new[] { 10, 11, 11, 10 }, new[] { 11 })]
        public void The_tree_below_a_process_follows_parent_pids(int[] pairs, int[] expected)
        {
            var all = Enumerable.Range(0, pairs.Length / 2).Select(i => E(pairs[2 * i], pairs[2 * i + 1])).ToList();
            Assert.Equal(expected, ProcFs.DescendantsOf(10, all).Select(e => e.Pid).OrderBy(p => p));
        }

        [Fact]
        public void The_tree_walk_is_bounded()
        {
            // A chain longer than the bound (a fork bomb's shape).
            var all = Enumerable.Range(1, ProcFs.MaxTree + 50).Select(i => E(i + 1, i)).ToList();
            Assert.Equal(ProcFs.MaxTree, ProcFs.DescendantsOf(1, all).Count);
        }

        [NotOnWindowsFact("/proc is Linux's", LinuxOnly = true)]
        public void A_started_program_is_in_the_tree_of_this_process_under_its_name()
        {
            var psi = new ProcessStartInfo("sleep", "60") { UseShellExecute = false };
            using var child = Process.Start(psi)!;
            try
            {
                // Process.Start returns once the child has exec'd: its name is sleep.
                var tree = ProcFs.Descendants(Environment.ProcessId);
                var entry = Assert.Single(tree, e => e.Pid == child.Id);
                Assert.Equal("sleep", entry.Name);
                Assert.Equal(Environment.ProcessId, entry.ParentPid);
                Assert.Equal(ProcFs.Stat(child.Id)!.GroupId, entry.GroupId);
                Assert.DoesNotContain(ProcFs.Pids(), p => p == Environment.ProcessId);
            }
            finally
            {
                child.Kill();
                Assert.True(child.WaitForExit(60000), "the sleep did not end");
            }
        }
    }
}
