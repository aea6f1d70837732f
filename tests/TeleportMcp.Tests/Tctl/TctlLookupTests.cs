using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Tctl;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Tctl
{
    /// <summary>tctl lookup: Go LookPath rules (Platform/LookPath) plus tctl policy (a -TctlPath directory, no batch files).</summary>
    public class TctlLookupTests
    {
        private static FakePlatform Windows(string path, string pathext, params string[] files)
        {
            var env = new Dictionary<string, string> { ["PATH"] = path };
            if (pathext != null) env["PATHEXT"] = pathext;
            return new FakePlatform(true, files, env, new[] { @"C:\Tools" });
        }

        [Fact]
        public void Windows_finds_tctl_exe_on_PATH_through_PATHEXT()
        {
            var p = Windows(@"C:\Windows\system32;""C:\Program Files\Teleport"";;C:\Other", ".COM;.EXE;.BAT;.CMD",
                @"C:\Program Files\Teleport\tctl.exe", @"C:\Other\tctl.exe");
            Assert.Equal(@"C:\Program Files\Teleport\tctl.exe", TctlRunner.Find(null, p).Path);
        }

        [Fact]
        public void Windows_tries_extensions_in_PATHEXT_order()
        {
            var p = Windows(@"C:\bin", ".COM;.EXE", @"C:\bin\tctl.com", @"C:\bin\tctl.exe");
            var r = TctlRunner.Find(null, p);
            Assert.Equal(@"C:\bin\tctl.com", r.Path);
            Assert.Equal(new[] { @"C:\bin\tctl.com" }, r.Tried);
        }

        [Fact]
        public void Windows_without_PATHEXT_uses_the_cmd_default()
        {
            var p = Windows(@"C:\bin", null, @"C:\bin\tctl.exe");
            Assert.Equal(@"C:\bin\tctl.exe", TctlRunner.Find(null, p).Path);
        }

        [Fact]
        public void Windows_explicit_path_with_and_without_extension()
        {
            var p = Windows(@"C:\bin", null, @"D:\teleport\tctl.exe");
            Assert.Equal(@"D:\teleport\tctl.exe", TctlRunner.Find(@"D:\teleport\tctl.exe", p).Path);
            Assert.Equal(@"D:\teleport\tctl.exe", TctlRunner.Find(@"D:\teleport\tctl", p).Path);
            Assert.Null(TctlRunner.Find(@"D:\nowhere\tctl.exe", p).Path);
        }

        [Fact]
        public void Windows_explicit_directory_is_searched_for_the_name()
        {
            var p = Windows("", null, @"C:\Tools\tctl.exe");
            Assert.Equal(@"C:\Tools\tctl.exe", TctlRunner.Find(@"C:\Tools", p).Path);
        }

        [Fact]
        public void Windows_extension_match_is_case_insensitive()
        {
            var p = Windows(@"C:\bin", ".EXE", @"C:\bin\TCTL.EXE");
            Assert.Equal(@"C:\bin\tctl.exe", TctlRunner.Find(null, p).Path);
        }

        [Theory]
        [InlineData(@"C:\x\tctl.cmd", true)]
        [InlineData(@"C:\x\tctl.BAT", true)]
        [InlineData(@"C:\x\tctl.exe", false)]
        [InlineData(@"C:\x.cmd\tctl", false)]
        public void Batch_files_are_recognised(string path, bool expected)
        {
            Assert.Equal(expected, LookPath.KindOf(path, true) == CommandKind.Batch);
        }

        [Fact]
        public void Unix_uses_colon_separated_PATH_and_no_extensions()
        {
            var p = new FakePlatform(false, new[] { "/opt/teleport/bin/tctl", "/usr/bin/tctl.exe" },
                new Dictionary<string, string> { ["PATH"] = "/usr/bin::/opt/teleport/bin", ["PATHEXT"] = ".EXE" });
            Assert.Equal("/opt/teleport/bin/tctl", TctlRunner.Find(null, p).Path);
        }

        [Fact]
        public void Nothing_found_gives_null_and_lists_what_was_tried()
        {
            var p = new FakePlatform(false, Array.Empty<string>(), new Dictionary<string, string> { ["PATH"] = "/a:/b" });
            var r = TctlRunner.Find(null, p);
            Assert.Null(r.Path);
            Assert.Equal(new[] { "/a/tctl", "/b/tctl" }, r.Tried);
        }
    }
}
