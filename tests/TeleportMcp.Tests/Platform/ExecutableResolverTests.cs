using System.Collections.Generic;
using TeleportMcp.Engine.Platform;
using Xunit;

namespace TeleportMcp.Tests.Platform
{
    public class ExecutableResolverTests
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
            Assert.Equal(@"C:\Program Files\Teleport\tctl.exe", ExecutableResolver.Resolve("tctl", null, p));
        }

        [Fact]
        public void Windows_tries_extensions_in_PATHEXT_order()
        {
            var p = Windows(@"C:\bin", ".COM;.EXE", @"C:\bin\tctl.com", @"C:\bin\tctl.exe");
            var tried = new List<string>();
            Assert.Equal(@"C:\bin\tctl.com", ExecutableResolver.Resolve("tctl", null, p, tried));
            Assert.Equal(new[] { @"C:\bin\tctl.com" }, tried);
        }

        [Fact]
        public void Windows_without_PATHEXT_uses_the_cmd_default()
        {
            var p = Windows(@"C:\bin", null, @"C:\bin\tctl.exe");
            Assert.Equal(@"C:\bin\tctl.exe", ExecutableResolver.Resolve("tctl", null, p));
            Assert.Equal(new[] { ".COM", ".EXE", ".BAT", ".CMD" }, ExecutableResolver.PathExtensions(p));
        }

        [Fact]
        public void Windows_explicit_path_with_and_without_extension()
        {
            var p = Windows(@"C:\bin", null, @"D:\teleport\tctl.exe");
            Assert.Equal(@"D:\teleport\tctl.exe", ExecutableResolver.Resolve("tctl", @"D:\teleport\tctl.exe", p));
            Assert.Equal(@"D:\teleport\tctl.exe", ExecutableResolver.Resolve("tctl", @"D:\teleport\tctl", p));
            Assert.Null(ExecutableResolver.Resolve("tctl", @"D:\nowhere\tctl.exe", p));
        }

        [Fact]
        public void Windows_explicit_directory_is_searched_for_the_name()
        {
            var p = Windows("", null, @"C:\Tools\tctl.exe");
            Assert.Equal(@"C:\Tools\tctl.exe", ExecutableResolver.Resolve("tctl", @"C:\Tools", p));
        }

        [Fact]
        public void Windows_extension_match_is_case_insensitive()
        {
            var p = Windows(@"C:\bin", ".EXE", @"C:\bin\TCTL.EXE");
            Assert.Equal(@"C:\bin\tctl.exe", ExecutableResolver.Resolve("tctl", null, p));
        }

        [Theory]
        [InlineData(@"C:\x\tctl.cmd", true)]
        [InlineData(@"C:\x\tctl.BAT", true)]
        [InlineData(@"C:\x\tctl.exe", false)]
        [InlineData(@"C:\x.cmd\tctl", false)]
        public void Batch_files_are_recognised(string path, bool expected)
        {
            Assert.Equal(expected, ExecutableResolver.IsBatchFile(path));
        }

        [Fact]
        public void Unix_uses_colon_separated_PATH_and_no_extensions()
        {
            var p = new FakePlatform(false, new[] { "/opt/teleport/bin/tctl", "/usr/bin/tctl.exe" },
                new Dictionary<string, string> { ["PATH"] = "/usr/bin::/opt/teleport/bin", ["PATHEXT"] = ".EXE" });
            Assert.Equal("/opt/teleport/bin/tctl", ExecutableResolver.Resolve("tctl", null, p));
        }

        [Fact]
        public void Nothing_found_gives_null_and_lists_what_was_tried()
        {
            var p = new FakePlatform(false, new string[0], new Dictionary<string, string> { ["PATH"] = "/a:/b" });
            var tried = new List<string>();
            Assert.Null(ExecutableResolver.Resolve("tctl", null, p, tried));
            Assert.Equal(new[] { "/a/tctl", "/b/tctl" }, tried);
        }
    }
}
