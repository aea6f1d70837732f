using System;
using System.Linq;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>
    /// Paths in args are opened by the server after Teleport switched to run_as_host_user (lib/utils/host/hostusers.go:
    /// uid/gid only), so folder search bits decide as path_resolution(7) says.
    /// </summary>
    public class HostPathAccessTests
    {
        private static FakePlatform Unix()
        {
            var p = new FakePlatform(windows: false)
                .User("nobody", 65534, 65534)
                .User("mcp", 1001, 1001, 2000)
                .Dir("/", 0x1ED)
                .Dir("/usr", 0x1ED).Dir("/usr/bin", 0x1ED)
                .File("/usr/bin/node", 0x1ED)
                .File("/usr/bin/docker", 0x1ED)
                .Dir("/srv", 0x1ED)
                .Dir("/srv/private", 0x1C0 /*0700*/, owner: 0)
                .File("/srv/private/server.js", 0x1A4 /*0644*/)
                .Dir("/srv/public", 0x1ED)
                .File("/srv/public/server.js", 0x1A4)
                .File("/srv/public/secret.json", 0x180 /*0600*/, owner: 0)
                .Dir("/srv/group", 0x1C8 /*0710*/, owner: 0, group: 2000)
                .File("/srv/group/server.js", 0x1A4)
                .Dir("/data", 0x1C0, owner: 0)
                .Dir("/opt", 0x1ED).Dir("/opt/hidden", 0x1C0).File("/opt/hidden/tool", 0x1ED);
            p.Environment["PATH"] = "/usr/bin:/opt/hidden";
            return p;
        }

        private static App Stdio(string command, string user, params string[] args)
        {
            var a = new App { Name = "srv", Uri = "mcp+stdio://", HasMcpSpec = true, Command = command, RunAsHostUser = user, Args = args.ToList() };
            a.Transport = McpTransportRules.FromUri(a.Uri, true);
            return a;
        }

        private static AppCheck[] HostPaths(FakePlatform p, App app) =>
            StaticChecks.Run(app, new StaticCheckOptions { Platform = p }).Results.Where(r => r.Check == "HostPaths").ToArray();

        [Theory]
        [InlineData("/srv/private/server.js", "nobody", CheckStatus.Fail, "cannot enter the folder /srv/private")]
        [InlineData("/srv/public/server.js", "nobody", CheckStatus.Pass, "nobody can reach /srv/public/server.js")]
        [InlineData("/srv/public/secret.json", "nobody", CheckStatus.Fail, "has no read permission")]
        [InlineData("/srv/group/server.js", "mcp", CheckStatus.Pass, "mcp can reach")]        // group 2000 may search 0710
        [InlineData("/srv/group/server.js", "nobody", CheckStatus.Fail, "cannot enter the folder /srv/group")]
        [InlineData("/data", "nobody", CheckStatus.Fail, "has no read permission")]            // a folder argument is listed
        [InlineData("/srv/missing.js", "nobody", CheckStatus.Warn, "does not exist")]
        public void Unix_args_are_checked_for_the_host_user(string arg, string user, CheckStatus expected, string text)
        {
            var r = HostPaths(Unix(), Stdio("node", user, arg)).Single();
            Assert.Equal(expected, r.Status);
            Assert.Contains(text, r.Message, StringComparison.Ordinal);
            Assert.False(r.BlocksSpawn);
        }

        [Theory]
        [InlineData("--config=/srv/private/server.js", CheckStatus.Fail)]
        [InlineData("--port", CheckStatus.Skipped)]
        [InlineData("https://example.com/x", CheckStatus.Skipped)]
        [InlineData("relative/server.js", CheckStatus.Skipped)]
        public void Option_values_and_non_paths(string arg, CheckStatus expected)
        {
            Assert.Equal(expected, HostPaths(Unix(), Stdio("node", "nobody", arg)).Single().Status);
        }

        [Fact]
        public void Container_commands_name_container_paths()
        {
            var r = HostPaths(Unix(), Stdio("docker", "nobody", "run", "-v", "/srv/private:/data", "/srv/private/server.js")).Single();
            Assert.Equal(CheckStatus.Skipped, r.Status);
        }

        [Fact]
        public void Root_reaches_everything()
        {
            Assert.Equal(CheckStatus.Pass, HostPaths(Unix(), Stdio("node", "root-like", "/srv/private/server.js").WithUser("root")).Single().Status);
        }

        [Fact]
        public void Command_in_a_folder_the_host_user_cannot_enter_fails_before_spawn()
        {
            var checks = StaticChecks.Run(Stdio("/opt/hidden/tool", "nobody"), new StaticCheckOptions { Platform = Unix() }).Results;
            var perm = checks.Single(c => c.Check == "Permission");
            Assert.Equal(CheckStatus.Fail, perm.Status);
            Assert.Contains("cannot enter the folder /opt/hidden", perm.Message, StringComparison.Ordinal);
            Assert.True(perm.BlocksSpawn);
        }

        [Fact]
        public void Windows_paths_are_recognised_but_acls_are_not_claimed()
        {
            var p = new FakePlatform(windows: true).User("svc", 0, 0)
                .File(@"C:\Program Files\nodejs\node.exe").Dir(@"C:\mcp").File(@"C:\mcp\server.js");
            p.Environment["PATH"] = @"C:\Program Files\nodejs";
            p.Environment["PATHEXT"] = ".EXE";
            var r = HostPaths(p, Stdio("node", "svc", @"C:\mcp\server.js")).Single();
            Assert.Equal(CheckStatus.Skipped, r.Status);
            Assert.Contains("Windows ACLs", r.Message, StringComparison.Ordinal);
            Assert.Equal(CheckStatus.Warn, HostPaths(p, Stdio("node", "svc", @"D:\gone.js")).Single().Status);
        }

        [Theory]
        [InlineData(OsKind.Linux, "/srv/a/b.js", "/,/srv,/srv/a")]
        [InlineData(OsKind.Windows, @"C:\srv\b.js", @"C:,C:\srv")]
        public void Parents_outermost_first(OsKind os, string path, string expected)
        {
            Assert.Equal(expected, string.Join(",", HostAccess.Parents(os, path)));
        }

        [Theory]
        [InlineData(OsKind.Linux, "/a.js|--x=/b|-v|c:/d|C:\\e", "/a.js,/b")]
        [InlineData(OsKind.Windows, "/a.js|--x=C:\\b|c:/d|\\\\srv\\share\\f", "C:\\b,c:/d,\\\\srv\\share\\f")]
        public void Host_path_arguments(OsKind os, string args, string expected)
        {
            Assert.Equal(expected, string.Join(",", StaticChecks.HostPathArguments(args.Split('|'), os)));
        }
    }

    internal static class AppDefinitionTestExtensions
    {
        public static App WithUser(this App a, string user)
        {
            a.RunAsHostUser = user;
            return a;
        }
    }
}
