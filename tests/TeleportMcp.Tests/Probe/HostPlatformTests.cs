using System.Collections.Generic;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>The platform seam: Go os/exec LookPath rules (S3) with Windows and Unix inputs.</summary>
    public class HostPlatformTests
    {
        private static FakePlatform Windows()
        {
            var p = new FakePlatform(windows: true)
                .File(@"C:\Program Files\nodejs\node.exe")
                .File(@"C:\Program Files\nodejs\npx.cmd")
                .File(@"C:\Program Files\nodejs\npx.ps1")
                .File(@"C:\Tools\server.ps1")
                .File(@"C:\Tools\uvx.exe")
                .File(@"C:\Tools\legacy.bat");
            p.Environment["Path"] = @"C:\Windows\system32;""C:\Program Files\nodejs"";C:\Tools\";
            p.Environment["PATHEXT"] = ".COM;.EXE;.BAT;.CMD;.VBS;.JS";
            return p;
        }

        [Theory]
        // npm's npx on Windows is a .cmd shim next to a .ps1: PATHEXT order picks the .cmd (Go os/exec lp_windows.go).
        [InlineData("npx", @"C:\Program Files\nodejs\npx.cmd", CommandKind.Batch)]
        [InlineData("NODE", @"C:\Program Files\nodejs\NODE.exe", CommandKind.Executable)]
        [InlineData("node.exe", @"C:\Program Files\nodejs\node.exe", CommandKind.Executable)]
        [InlineData("uvx", @"C:\Tools\uvx.exe", CommandKind.Executable)]
        [InlineData("legacy", @"C:\Tools\legacy.bat", CommandKind.Batch)]
        [InlineData(@"C:\Tools\server.ps1", @"C:\Tools\server.ps1", CommandKind.PowerShellScript)]
        [InlineData(@"C:\Program Files\nodejs\npx", @"C:\Program Files\nodejs\npx.cmd", CommandKind.Batch)]
        public void Windows_resolves_with_PATHEXT_and_classifies_shims(string command, string expected, CommandKind kind)
        {
            var r = LookPath.Resolve(command, Windows().Environment, Windows());
            Assert.True(r.Found, r.Error);
            Assert.Equal(expected, r.Path, ignoreCase: true);
            Assert.Equal(kind, r.Kind);
        }

        [Fact]
        public void Windows_ps1_is_not_found_by_bare_name_because_PATHEXT_lacks_it()
        {
            var r = LookPath.Resolve("server", Windows().Environment, Windows());
            Assert.False(r.Found);
            Assert.Equal("exec: \"server\": executable file not found in %PATH%", r.Error);
        }

        [Fact]
        public void Windows_default_PATHEXT_applies_when_unset()
        {
            var p = Windows();
            p.Environment.Remove("PATHEXT");
            Assert.Equal(new List<string> { ".com", ".exe", ".bat", ".cmd" }, LookPath.PathExtensions(null));
            Assert.Equal(@"C:\Program Files\nodejs\npx.cmd", LookPath.Resolve("npx", p.Environment, p).Path);
        }

        [Theory]
        [InlineData(@"C:\Tools\x", true, true)]
        [InlineData("C:x", true, true)]
        [InlineData("tools/x", true, true)]
        [InlineData("npx", true, false)]
        [InlineData(@"a\b", false, false)]
        [InlineData("./server", false, true)]
        public void Separator_detection(string command, bool windows, bool expected) =>
            Assert.Equal(expected, LookPath.HasSeparator(command, windows));

        private static FakePlatform Unix() => new FakePlatform(windows: false)
            .File("/usr/bin/node", 0x1ED)
            .File("/opt/a/tool", 0x1A4 /* 0644: skipped by LookPath */)
            .File("/opt/b/tool", 0x1ED)
            .File("/srv/mcp/server.sh", 0x1A4)
            .Dir("/usr/local/bin/npx");

        [Theory]
        [InlineData("node", "/usr/bin:/opt/a", "/usr/bin/node")]
        // Go's findExecutable needs an execute bit: /opt/a/tool (0644) is passed over for /opt/b/tool.
        [InlineData("tool", "/opt/a:/opt/b", "/opt/b/tool")]
        [InlineData("/usr/bin/node", "", "/usr/bin/node")]
        public void Unix_resolution(string command, string path, string expected)
        {
            var p = Unix();
            var r = LookPath.Resolve(command, new Dictionary<string, string> { ["PATH"] = path }, p);
            Assert.Equal(expected, r.Path);
        }

        [Theory]
        [InlineData("node", "/opt/a", "exec: \"node\": executable file not found in $PATH")]
        [InlineData("npx", "/usr/local/bin", "exec: \"npx\": executable file not found in $PATH")] // a directory is not a program
        [InlineData("/srv/mcp/server.sh", "/usr/bin", "fork/exec /srv/mcp/server.sh: permission denied")]
        [InlineData("/srv/mcp/missing", "/usr/bin", "fork/exec /srv/mcp/missing: no such file or directory")]
        public void Unix_errors_use_Go_texts(string command, string path, string expected)
        {
            var r = LookPath.Resolve(command, new Dictionary<string, string> { ["PATH"] = path }, Unix());
            Assert.False(r.Found);
            Assert.Equal(expected, r.Error);
        }

        [Theory]
        [InlineData(0x1C0 /*0700*/, 0, 0, 1000, 1000, false)]
        [InlineData(0x1C0, 1000, 0, 1000, 1000, true)]
        [InlineData(0x1E8 /*0750*/, 0, 1000, 1000, 1000, true)]
        [InlineData(0x1E8, 0, 50, 1000, 1000, false)]
        [InlineData(0x1ED /*0755*/, 0, 0, 65534, 65534, true)]
        [InlineData(0x1A4 /*0644*/, 0, 0, 0, 0, false)] // root too needs one execute bit
        [InlineData(0x140 /*0500*/, 0, 0, 0, 0, true)]
        public void Execute_permission_follows_owner_group_other(int mode, long owner, long group, long uid, long gid, bool expected)
        {
            var file = new FileFacts { Exists = true, Mode = mode, OwnerUid = owner, OwnerGid = group };
            var user = new HostAccount { Name = "u", Uid = uid, Gid = gid };
            user.Groups.Add(gid);
            Assert.Equal(expected, LookPath.CanAccess(file, user, 'x'));
        }

        [Fact]
        public void Supplementary_group_grants_access()
        {
            var file = new FileFacts { Exists = true, Mode = 0x1B0 /*0660*/, OwnerUid = 0, OwnerGid = 999 };
            var user = new HostAccount { Name = "mcp", Uid = 1001, Gid = 1001 };
            user.Groups.AddRange(new long[] { 1001, 999 });
            Assert.True(LookPath.CanAccess(file, user, 'w'));
        }

        [Theory]
        [InlineData("#!/usr/bin/env node", "/usr/bin/env", "node")]
        [InlineData("#! /bin/sh", "/bin/sh", null)]
        [InlineData("#!/usr/bin/env -S node --no-warnings", "/usr/bin/env", "-S node --no-warnings")]
        [InlineData("#!/usr/bin/python3 -u", "/usr/bin/python3", "-u")]
        public void Shebang_parsing(string line, string interpreter, string argument)
        {
            Assert.True(LookPath.TryParseShebang(line, out var i, out var a));
            Assert.Equal(interpreter, i);
            Assert.Equal(argument, a);
        }

        [Theory]
        [InlineData("root:x:0:0:root:/root:/bin/bash", "root", 0, 0, "/root")]
        [InlineData("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin", "nobody", 65534, 65534, "/nonexistent")]
        public void Passwd_lines(string line, string name, long uid, long gid, string home)
        {
            var a = HostPlatform.ParsePasswdLine(line);
            Assert.Equal(name, a.Name);
            Assert.Equal(uid, a.Uid);
            Assert.Equal(gid, a.Gid);
            Assert.Equal(home, a.Home);
        }

        [Theory]
        [InlineData(new[] { "a", "b c", "" }, "a \"b c\" \"\"")]
        [InlineData(new[] { "say \"hi\"" }, "\"say \\\"hi\\\"\"")]
        [InlineData(new[] { @"C:\Program Files\x\" }, "\"C:\\Program Files\\x\\\\\"")]
        public void Argument_joining_round_trips(string[] args, string expected) =>
            Assert.Equal(expected, CommandLine.Join(args));
    }
}
