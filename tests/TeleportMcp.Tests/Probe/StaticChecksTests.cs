using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    public class StaticChecksTests
    {
        private static FakePlatform Host()
        {
            var p = new FakePlatform(windows: false)
                .User("mcp-runner", 1001, 1001)
                .User("docker-user", 1002, 1002, 998)
                .File("/usr/bin/node", 0x1ED)
                .File("/usr/local/bin/npx", 0x1ED, firstLine: "#!/usr/bin/env node")
                .File("/usr/bin/env", 0x1ED)
                .File("/opt/mcp/secret-server", 0x1C0 /*0700*/, owner: 0)
                .File("/opt/mcp/py-server", 0x1ED, firstLine: "#!/usr/local/bin/python3.12")
                .File("/usr/bin/docker", 0x1ED)
                .File("/var/run/docker.sock", 0x1B0 /*0660*/, owner: 0, group: 998, socket: true)
                .Dir("/root", 0x1C0);
            p.Environment["PATH"] = "/usr/local/bin:/usr/bin";
            p.Environment["HOME"] = "/root";
            return p;
        }

        private static App Stdio(string name, string command, string user = "mcp-runner", params string[] args)
        {
            var a = new App { Name = name, Uri = "mcp+stdio://", HasMcpSpec = true, Command = command, RunAsHostUser = user, Args = args.ToList() };
            a.Transport = McpTransportRules.FromUri(a.Uri, !string.IsNullOrEmpty(command));
            return a;
        }

        private static AppCheck Check(StaticCheckReport r, string check) => r.Results.Single(x => x.Check == check);

        private static StaticCheckReport Run(App app, FakePlatform p = null, IDictionary<string, string> env = null) =>
            StaticChecks.Run(app, new StaticCheckOptions { Platform = p ?? Host(), Environment = env });

        // Servers the App Service runs itself have no command to check or start: the demo server (app_service.mcp_demo_server),
        // and lib/srv/mcp/memory.go's in-memory test server (NewInMemoryServerApp: label teleport.internal/mcp-in-memory-server
        // "true", command and run_as_host_user "in-memory-server", which neither exists on a host).
        [Theory]
        [InlineData(StaticChecks.DemoServerName, null, false, "the demo MCP server built into the App Service (stdio); there is no command to check")]
        [InlineData("teleport-mcp-test-server", "true", true, "Teleport's in-memory test MCP server, which an App Service started with TELEPORT_UNSTABLE_MCP_IN_MEMORY_SERVER=true serves itself (tools teleport-hello-test and teleport-echo-test) (stdio); there is no command to check")]
        // The label decides, not the name; another value is an ordinary stdio app whose command is checked.
        [InlineData("teleport-mcp-test-server", "false", true, null)]
        [InlineData("teleport-mcp-test-server", null, true, null)]
        public void A_server_the_App_Service_runs_itself_has_no_command_to_check(string name, string label, bool spec, string message)
        {
            var app = spec ? Stdio(name, "in-memory-server", "in-memory-server") : new App { Name = name, Uri = "mcp+stdio://", Transport = McpTransport.Stdio };
            if (label != null) app.LabelMap[StaticChecks.InMemoryServerLabel] = label;
            var r = Run(app);
            if (message != null)
            {
                var only = Assert.Single(r.Results);
                Assert.Equal("McpApp", only.Check);
                Assert.Equal(CheckStatus.Pass, only.Status);
                Assert.Equal(message, only.Message);
            }
            else
            {
                Assert.Equal("command \"in-memory-server\"", Check(r, "Command").Message);
                Assert.Equal(CheckStatus.Fail, Check(r, "RunAsHostUser").Status);
            }
        }

        // A4: api/types/app.go (fork rob-picard-teleport/teleport) validation texts, byte for byte.
        [Fact]
        public void A4_missing_mcp_spec()
        {
            var app = new App { Name = "weather", Uri = "mcp+stdio://", Transport = McpTransport.Stdio };
            var c = Check(Run(app), "McpSpec");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Equal("MCP server \"weather\" is missing 'mcp' spec", c.Message);
            Assert.True(c.BlocksSpawn);
        }

        [Fact]
        public void A4_missing_command()
        {
            var c = Check(Run(Stdio("weather", "")), "Command");
            Assert.Equal("MCP server \"weather\" is missing 'command' which specifies the executable to launch the MCP server. Arguments should be specified through the 'args' field", c.Message);
        }

        [Fact]
        public void A4_missing_run_as_host_user()
        {
            var c = Check(Run(Stdio("weather", "node", null)), "RunAsHostUser");
            Assert.Equal("MCP server \"weather\" is missing 'run_as_host_user' which specifies a valid host user to execute the command", c.Message);
        }

        [Fact]
        public void A4_checkMCPStdio_stops_at_its_first_error()
        {
            // Both missing: Teleport names the command; the host user follows once the command is set.
            var r = Run(Stdio("weather", "", null));
            Assert.Equal(CheckStatus.Fail, Check(r, "Command").Status);
            Assert.Equal("MCP server \"weather\" is missing 'run_as_host_user' which specifies a valid host user to execute the command (Teleport reports this once command is set: it stops at the first error)",
                Check(r, "RunAsHostUser").Message);
        }

        // api/types/app.go (fork @77295d71): checkMCPStdio refuses only command == "".
        [Theory]
        [InlineData(" ")]
        [InlineData("\t ")]
        public void A4_a_white_space_command_is_accepted_by_Teleport_and_fails_at_launch(string command)
        {
            var c = Check(Run(Stdio("weather", command)), "Command");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Equal("command " + GoText.Quote(command) + " is only white space: Teleport accepts the app, and the App Service cannot start it (exec: " + GoText.Quote(command) + ": executable file not found in $PATH)", c.Message);
            Assert.True(c.BlocksSpawn);
        }

        // api/types/app.go (fork @77295d71): IsAppMCP is GetMCPServerTransportType(uri) != "", so an unknown mcp+ scheme
        // is an ordinary web app; checkMCP's "unsupported MCP server" is never reached.
        [Theory]
        [InlineData("mcp+ws://host:1/x", "URI \"mcp+ws://host:1/x\" has the scheme \"mcp+ws\", which Teleport does not know as MCP, so it accepts \"w\" as an ordinary web app: tsh mcp ls does not list it and tsh mcp connect refuses it (app is not a MCP server)")]
        [InlineData("MCP+GRPC://x", "URI \"MCP+GRPC://x\" has the scheme \"mcp+grpc\", which Teleport does not know as MCP, so it accepts \"w\" as an ordinary web app: tsh mcp ls does not list it and tsh mcp connect refuses it (app is not a MCP server)")]
        public void A4_unsupported_uri(string uri, string expected)
        {
            var app = new App { Name = "w", Uri = uri };
            var c = Check(Run(app), "McpApp");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Equal(expected, c.Message);
        }

        [Theory]
        [InlineData("mcp+http://[::1/mcp", AppOrigin.App, "missing ']' in host")]
        [InlineData("mcp+stdio://%zz", AppOrigin.App, "invalid URL escape \"%zz\"")]
        [InlineData("mcp+http://exa mple.com/mcp", AppOrigin.TeleportYaml, "stops the App Service's start")]
        public void An_mcp_uri_that_Go_cannot_parse_is_no_MCP_app(string uri, AppOrigin origin, string contains)
        {
            // api/types/app.go GetMCPServerTransportType: url.Parse's error gives "", so IsAppMCP is false.
            var app = new App { Name = "w", Uri = uri, HasMcpSpec = true, Command = "/bin/true", RunAsHostUser = "mcp-runner", Origin = origin };
            app.Transport = McpTransportRules.FromUri(app.Uri, true);
            var c = Check(Run(app), "McpApp");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Contains("does not parse", c.Message, StringComparison.Ordinal);
            Assert.Contains(contains, c.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A2_empty_uri_without_command_is_the_generic_app_error()
        {
            var app = new App { Name = "w", Uri = "", HasMcpSpec = true };
            Assert.Equal("app \"w\" URI is empty", Check(Run(app), "McpApp").Message);
            // A teleport.yaml entry meets lib/service/servicecfg/app.go first, with its own text.
            var entry = new App { Name = "w", Uri = "", HasMcpSpec = true, Origin = AppOrigin.TeleportYaml };
            Assert.StartsWith("missing application \"w\" URI: Teleport does not start", Check(Run(entry), "McpApp").Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void Non_mcp_app_is_skipped()
        {
            var app = new App { Name = "wiki", Uri = "http://127.0.0.1:8081" };
            var r = Run(app);
            Assert.Single(r.Results);
            Assert.Equal(CheckStatus.Skipped, r.Results[0].Status);
        }

        [Fact]
        public void S3_arguments_written_into_command()
        {
            var c = Check(Run(Stdio("e", "npx -y @modelcontextprotocol/server-everything")), "Command");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Contains("exec: \"npx -y @modelcontextprotocol/server-everything\": executable file not found in $PATH", c.Message, StringComparison.Ordinal);
            Assert.Equal("Write command: npx and args: [\"-y\", \"@modelcontextprotocol/server-everything\"].", c.Fix);
        }

        [Fact]
        public void S4_unknown_host_user_uses_Go_text()
        {
            var r = Run(Stdio("e", "node", "ghost"));
            var c = Check(r, "RunAsHostUser");
            Assert.StartsWith("user: unknown user ghost", c.Message, System.StringComparison.Ordinal);
            Assert.Same(c, r.Blocking);
        }

        [Fact]
        public void S4_a_lookup_that_got_no_answer_is_not_an_unknown_user()
        {
            var p = Host();
            p.LookupFailure = new HostHelperTimeoutException("getent passwd did not answer within 5 s");
            var r = Run(Stdio("e", "node", "ldap-user"), p);
            var c = Check(r, "RunAsHostUser");
            Assert.Equal(CheckStatus.Indeterminate, c.Status);
            Assert.Equal("whether host user ldap-user exists is not known: getent passwd did not answer within 5 s (not in /etc/passwd)", c.Message);
            Assert.Equal("Check that getent passwd ldap-user answers promptly on this host (NSS: LDAP, SSSD), then run the check again.", c.Fix);
            // Not launched as some other user: the probe says why it did not start.
            Assert.Same(c, r.Blocking);
            Assert.Null(r.HostUser);
            // Not a pass either: what the launch depends on is not known.
            var outcome = new AppTestOutcome();
            outcome.Checks.AddRange(r.Results);
            Assert.False(outcome.Passed);
            outcome.Checks.Remove(c);
            Assert.True(outcome.Passed, string.Join("; ", outcome.Checks.Where(x => x.Status != CheckStatus.Pass).Select(x => x.Check + " " + x.Status)));
        }

        [Fact]
        public void S3_command_on_the_service_PATH_not_the_admin_PATH()
        {
            var ok = Run(Stdio("e", "node"));
            Assert.Equal(CheckStatus.Pass, Check(ok, "CommandPath").Status);
            Assert.Equal("/usr/bin/node", ok.Resolution.Path);
            var bad = Run(Stdio("e", "node"), env: new Dictionary<string, string> { ["PATH"] = "/sbin:/bin" });
            var c = Check(bad, "CommandPath");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.StartsWith("exec: \"node\": executable file not found in $PATH (PATH=/sbin:/bin)", c.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void Permission_bits_and_owner_for_the_host_user()
        {
            var c = Check(Run(Stdio("s", "/opt/mcp/secret-server")), "Permission");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.StartsWith("fork/exec /opt/mcp/secret-server: permission denied (mcp-runner lacks execute permission; mode 0700, owner uid 0", c.Message, System.StringComparison.Ordinal);
            Assert.Equal(CheckStatus.Pass, Check(Run(Stdio("s", "/opt/mcp/secret-server", "root")), "Permission").Status);
        }

        [Fact]
        public void Env_shebang_needs_its_program_on_the_PATH()
        {
            var pass = Check(Run(Stdio("e", "npx", "mcp-runner", "-y", "pkg")), "Interpreter");
            Assert.Equal(CheckStatus.Pass, pass.Status);
            // npx in /usr/local/bin, node elsewhere: the classic "#!/usr/bin/env node" with no node.
            var c = Check(Run(Stdio("e", "npx", "mcp-runner", "-y", "pkg"), env: new Dictionary<string, string> { ["PATH"] = "/usr/local/bin" }), "Interpreter");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Contains("/usr/bin/env: 'node': No such file or directory", c.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Absolute_interpreter_must_exist()
        {
            var c = Check(Run(Stdio("p", "/opt/mcp/py-server")), "Interpreter");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Contains("/usr/local/bin/python3.12 does not exist", c.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("docker-user", CheckStatus.Pass)]
        [InlineData("mcp-runner", CheckStatus.Fail)]
        public void Docker_socket_access(string user, CheckStatus expected)
        {
            var c = Check(Run(Stdio("d", "docker", user, "run", "-i", "--rm", "mcp/fetch")), "Docker");
            Assert.Equal(expected, c.Status);
            if (expected == CheckStatus.Fail) Assert.StartsWith("permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock", c.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void Npx_cache_under_the_service_HOME()
        {
            // Teleport switches uid/gid only (lib/utils/host/hostusers.go), so HOME stays /root.
            var c = Check(Run(Stdio("e", "npx", "mcp-runner", "-y", "pkg")), "Wrapper");
            Assert.Equal(CheckStatus.Warn, c.Status);
            Assert.Contains("HOME=/root", c.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Windows_ps1_command_fails_and_cmd_shim_warns()
        {
            var p = new FakePlatform(windows: true).User("svc", 0, 0)
                .File(@"C:\mcp\server.ps1").File(@"C:\nodejs\npx.cmd");
            p.Environment["PATH"] = @"C:\nodejs";
            Assert.Equal(CheckStatus.Fail, Check(Run(Stdio("p", @"C:\mcp\server.ps1", "svc"), p), "CommandPath").Status);
            var shim = Check(Run(Stdio("n", "npx", "svc", "-y", "x"), p), "CommandPath");
            Assert.Equal(CheckStatus.Warn, shim.Status);
            Assert.Contains(@"C:\nodejs\npx.cmd", shim.Message, StringComparison.Ordinal);
            Assert.Equal(CheckStatus.Skipped, Check(Run(Stdio("n", "npx", "svc", "-y", "x"), p), "Permission").Status);
        }

        [Fact]
        public void Http_url_and_unreachable_port()
        {
            // A port held by this test and not listening: refused whatever else runs on this machine.
            using var refusing = HttpProbeTests.RefusingSocket();
            int port = HttpProbeTests.PortOf(refusing);
            var app = new App { Name = "g", Uri = "mcp+http://127.0.0.1:" + port + "/mcp", Transport = McpTransport.Http };
            var r = Run(app);
            Assert.Equal("http://127.0.0.1:" + port + "/mcp", r.Endpoint.AbsoluteUri);
            Assert.Equal(CheckStatus.Pass, Check(r, "Url").Status);
            var c = Check(r, "Reachable");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Equal("dial tcp 127.0.0.1:" + port + ": connect: connection refused", c.Message);
        }

        [Fact]
        public void Http_reachable_on_loopback()
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
                var app = new App { Name = "g", Uri = "mcp+sse+http://127.0.0.1:" + port + "/sse", Transport = McpTransport.Sse };
                Assert.Equal(CheckStatus.Pass, Check(Run(app), "Reachable").Status);
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}
