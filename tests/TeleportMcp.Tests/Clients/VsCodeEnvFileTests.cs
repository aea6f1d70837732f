using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// VS Code's "envFile" of a stdio server: the file's variables, then the entry's "env" over them; a file it cannot read
    /// keeps the server from starting (microsoft/vscode src/vs/workbench/api/node/extHostMcpNode.ts startNodeMpc).
    /// </summary>
    public class VsCodeEnvFileTests
    {
        private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-27T20:00:00Z", CultureInfo.InvariantCulture);
        private const string Project = "/home/alice/src/api/.vscode/mcp.json";

        // src/vs/base/common/envfile.ts parseEnvFile: text, the variables it gives (a later line wins when merged).
        [Theory]
        [InlineData("TELEPORT_HOME=/home/alice/.tsh", "TELEPORT_HOME=/home/alice/.tsh")]
        [InlineData("export TELEPORT_PROXY=proxy.example.com:443", "TELEPORT_PROXY=proxy.example.com:443")] // "export " prefix
        [InlineData("A: b", "A=b")]                                                                           // ':' separates too
        [InlineData("# comment\r\n\r\nA=1 # note\rB=2", "A=1|B=2")]                                          // CRLF and CR lines, # comments
        [InlineData("A=\"x#y\"", "A=x#y")]                                                                    // '#' inside quotes stays
        [InlineData("A='a\\nb'", "A=a\\nb")]                                                                  // single quotes: no unescaping
        [InlineData("A=\"a\\nb\"", "A=a\nb")]                                                                 // double quotes: \n unescaped
        [InlineData("A=`x`", "A=x")]                                                                          // backquotes are quotes
        [InlineData("noseparator\n=x", "")]                                                                   // no separator, no name: skipped
        [InlineData("A=1\nA=2", "A=1|A=2")]
        [InlineData("\uFEFFTELEPORT_HOME=/srv/tsh", "TELEPORT_HOME=/srv/tsh")]                                             // readFile keeps a BOM; trim() drops it
        public void Parses_as_vs_code_does(string text, string expected) =>
            Assert.Equal(expected, string.Join("|", VsCodeEnvFile.Parse(text).Select(kv => kv.Key + "=" + kv.Value)));

        private static FakeEnv Env() => FakeEnv.Linux().File("/usr/bin/tsh").Dir("/home/alice/.tsh").File("/home/alice/.tsh/teleport.example.com.yaml");

        private static IReadOnlyList<ClientCheck> Run(FakeEnv env, string server)
        {
            env.File(Project, "{\"servers\":{\"teleport-mcp-files\":{\"type\":\"stdio\",\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]," + server + "}}}");
            return ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, Paths = new[] { Project }, SkipSession = true });
        }

        // server keys, .env file (null: none), expected envFile status, its message, the TeleportHome message (null: no row)
        [Theory]
        // startNodeMpc: env[key] = value for each line of the file, so TELEPORT_HOME there counts as in "env".
        [InlineData("\"envFile\":\"/home/alice/.env\"", "TELEPORT_HOME=/nope", CheckStatus.Pass, "envFile '/home/alice/.env' sets TELEPORT_HOME", "TELEPORT_HOME /nope")]
        // then launch.env over it: "env" wins.
        [InlineData("\"envFile\":\"/home/alice/.env\",\"env\":{\"TELEPORT_HOME\":\"/other\"}", "TELEPORT_HOME=/nope", CheckStatus.Pass, "\"env\" sets TELEPORT_HOME too and wins", "TELEPORT_HOME /other")]
        // the launch is resolved whole (mcpRegistry.ts _replaceVariablesInLaunch), envFile included.
        [InlineData("\"envFile\":\"${workspaceFolder}/.env\"", "TELEPORT_HOME=/nope", CheckStatus.Pass, "envFile '/home/alice/src/api/.env' sets TELEPORT_HOME", "TELEPORT_HOME /nope")]
        // readFile fails: onError("Failed to read envFile ...") and return, before spawn.
        [InlineData("\"envFile\":\"/home/alice/missing.env\"", null, CheckStatus.Fail, "does not start the server (\"Failed to read envFile\")", null)]
        // Node's readFile takes a relative path from the extension host's working folder.
        [InlineData("\"envFile\":\".env\"", "TELEPORT_HOME=/nope", CheckStatus.Indeterminate, "envFile '.env' is relative", null)]
        [InlineData("\"envFile\":\"${input:envfile}\"", null, CheckStatus.Indeterminate, "VS Code asks for ${input:envfile}", null)]
        public void The_env_file_counts_as_the_entrys_env_below_env(string server, string file, CheckStatus status, string message, string home)
        {
            var env = Env();
            if (file != null)
            {
                env.File("/home/alice/.env", file);
                env.File("/home/alice/src/api/.env", file);
            }
            var r = Run(env, server);
            var row = Assert.Single(r, c => c.Check == ClientChecks.EntryShape);
            Assert.Equal(status, row.Status);
            Assert.Contains(message, row.Message, StringComparison.Ordinal);
            var homes = r.Where(c => c.Check == ClientChecks.TeleportHome).ToList();
            if (home == null) Assert.Empty(homes);
            else Assert.StartsWith(home, Assert.Single(homes).Message, StringComparison.Ordinal);
        }

        // An envFile whose variables are not known may set TELEPORT_HOME: the session read without them may not be VS Code's.
        [Theory]
        [InlineData("\"envFile\":\".env\"", "was not read: envFile '.env' is relative")]
        [InlineData("\"envFile\":\"${input:envfile}\"", "was not read: envFile '${input:envfile}': VS Code asks for ${input:envfile}")]
        public void The_session_is_not_read_when_the_env_files_variables_are_not_known(string server, string message)
        {
            var env = Env();
            env.File(Project, "{\"servers\":{\"teleport-mcp-files\":{\"type\":\"stdio\",\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]," + server + "}}}");
            var runner = FakeRunner.Active();
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = runner, Now = Now, Paths = new[] { Project } });
            var session = Assert.Single(r, c => c.Check == ClientChecks.Session);
            Assert.Equal(CheckStatus.Indeterminate, session.Status);
            Assert.Contains("the tsh session VS Code gives 'teleport-mcp-files' " + message, session.Message, StringComparison.Ordinal);
            Assert.EndsWith("and they may set TELEPORT_HOME or another variable tsh reads", session.Message, StringComparison.Ordinal);
            Assert.Empty(runner.Calls);
        }

        [Fact]
        public void A_cursor_env_file_is_not_read_and_its_session_is_not_read_either()
        {
            // cursor.com/docs/mcp: stdio "envFile", "Path to an environment file to load more variables"; its format, the start of
            // a relative path and the order against "env" are not documented.
            const string path = "/home/alice/src/api/.cursor/mcp.json";
            var env = Env().File("/home/alice/.env", "TELEPORT_HOME=/nope")
                .File(path, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"envFile\":\"/home/alice/.env\"}}}");
            var runner = FakeRunner.Active();
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = runner, Now = Now, Paths = new[] { path } });
            var shape = Assert.Single(r, c => c.Check == ClientChecks.EntryShape);
            Assert.Equal(CheckStatus.Indeterminate, shape.Status);
            Assert.Contains("Cursor loads the variables of envFile '/home/alice/.env', but how it reads the file", shape.Message, StringComparison.Ordinal);
            var session = Assert.Single(r, c => c.Check == ClientChecks.Session);
            Assert.Equal(CheckStatus.Indeterminate, session.Status);
            Assert.Contains("the tsh session Cursor gives 'teleport-mcp-files' was not read", session.Message, StringComparison.Ordinal);
            Assert.Equal("Set the variables in \"env\" instead of \"envFile\".", session.Fix);
            Assert.DoesNotContain(r, c => c.Check == ClientChecks.TeleportHome && c.Message.Contains("/nope"));
            Assert.Empty(runner.Calls);
        }

        [Fact]
        public void Only_vs_code_reads_envFile()
        {
            // A key of VS Code's stdio launch (mcpTypes.ts McpServerTransportStdio); Claude Code's .mcp.json has no such key.
            const string path = "/home/alice/src/api/.mcp.json";
            var env = Env().File("/home/alice/.env", "TELEPORT_HOME=/nope")
                .File(path, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"envFile\":\"/home/alice/.env\"}}}");
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, Paths = new[] { path }, SkipSession = true });
            Assert.DoesNotContain(r, c => c.Message.Contains("envFile"));
            Assert.DoesNotContain(r, c => c.Check == ClientChecks.TeleportHome);
        }
    }
}
