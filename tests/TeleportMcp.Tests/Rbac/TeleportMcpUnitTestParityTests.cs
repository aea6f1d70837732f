using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>
    /// Rows of Teleport's own MCP unit tests that session 46's first sweep (helper-314) left out, each citing its file and
    /// row: tool/tsh/common/mcp_test.go Test_mcpListCommand (what `tsh mcp ls` prints of an app and its tools, index id
    /// 548038737) and lib/utils/mcputils/event_test.go TestScanEventsLargeDataLine (@2c7fa2cc, index id 57019072246).
    /// </summary>
    public class TeleportMcpUnitTestParityTests
    {
        // tool/tsh/common/mcp_test.go (index id 548038737) Test_mcpListCommand "JSON format": the wanted output, verbatim.
        private const string McpLsJson = @"[
  {
    ""kind"": ""app"",
    ""sub_kind"": ""mcp"",
    ""version"": ""v3"",
    ""metadata"": {
      ""name"": ""allow-read"",
      ""description"": ""description"",
      ""labels"": {
        ""env"": ""dev""
      }
    },
    ""spec"": {
      ""uri"": ""mcp+stdio://"",
      ""insecure_skip_verify"": false,
      ""mcp"": {
        ""command"": ""test"",
        ""args"": [
          ""arg""
        ],
        ""run_as_host_user"": ""test""
      }
    },
    ""permissions"": {
      ""mcp"": {
        ""tools"": {
          ""allowed"": [
            ""read_*""
          ]
        }
      }
    }
  },
  {
    ""kind"": ""app"",
    ""sub_kind"": ""mcp"",
    ""version"": ""v3"",
    ""metadata"": {
      ""name"": ""deny-write"",
      ""description"": ""description"",
      ""labels"": {
        ""env"": ""dev""
      }
    },
    ""spec"": {
      ""uri"": ""mcp+stdio://"",
      ""insecure_skip_verify"": false,
      ""mcp"": {
        ""command"": ""test"",
        ""args"": [
          ""arg""
        ],
        ""run_as_host_user"": ""test""
      }
    },
    ""permissions"": {
      ""mcp"": {
        ""tools"": {
          ""allowed"": [
            ""*""
          ],
          ""denied"": [
            ""write_*""
          ]
        }
      }
    }
  }
]
";

        // The same test's "YAML format" row, verbatim (tsh mcp ls --format yaml).
        private const string McpLsYaml = @"- kind: app
  metadata:
    description: description
    labels:
      env: dev
    name: allow-read
  permissions:
    mcp:
      tools:
        allowed:
        - read_*
  spec:
    insecure_skip_verify: false
    mcp:
      args:
      - arg
      command: test
      run_as_host_user: test
    uri: mcp+stdio://
  sub_kind: mcp
  version: v3
- kind: app
  metadata:
    description: description
    labels:
      env: dev
    name: deny-write
  permissions:
    mcp:
      tools:
        allowed:
        - '*'
        denied:
        - write_*
  spec:
    insecure_skip_verify: false
    mcp:
      args:
      - arg
      command: test
      run_as_host_user: test
    uri: mcp+stdio://
  sub_kind: mcp
  version: v3

";

        public static IEnumerable<object[]> McpLsOutputs() => new[]
        {
            new object[] { "JSON format", McpLsJson },
            new object[] { "YAML format", McpLsYaml },
        };

        /// <summary>
        /// Test_mcpListCommand "JSON format" / "YAML format": both apps are read with their stdio spec and the tools tsh
        /// says the user has (mcp_app.go mcpServerWithDetails: allowed always, denied omitted when empty).
        /// </summary>
        [Theory]
        [MemberData(nameof(McpLsOutputs))]
        public void Tsh_mcp_ls_output_is_read_with_its_permissions(string row, string output)
        {
            var l = TshSessionReader.ParseMcpList(output, "tsh mcp ls (" + row + ")");
            Assert.True(l.Succeeded, l.Message);
            Assert.Equal(new[] { "allow-read", "deny-write" }, l.Apps.Select(a => a.Name).ToArray());
            foreach (var a in l.Apps)
            {
                Assert.Equal("mcp+stdio://", a.Uri);
                Assert.Equal(McpTransport.Stdio, a.Transport);
                Assert.Equal("test", a.Command);
                Assert.Equal(new[] { "arg" }, a.Args);
                Assert.Equal("test", a.RunAsHostUser);
                Assert.Equal("description", a.Description);
                Assert.Equal("dev", a.LabelMap["env"]);
            }
            Assert.Equal(new[] { "read_*" }, l.Apps[0].PermittedTools);
            Assert.Empty(l.Apps[0].DeniedTools);
            Assert.Equal(new[] { "*" }, l.Apps[1].PermittedTools);
            Assert.Equal(new[] { "write_*" }, l.Apps[1].DeniedTools);
        }

        private const string App = "---\nkind: app\nversion: v3\nmetadata: {name: files, labels: {env: dev}}\nspec: {uri: 'mcp+stdio://', mcp: {command: test, args: [arg], run_as_host_user: test}}\n";

        /// <summary>
        /// Test_mcpListCommand "text format in verbose", column Allowed Tools: "[read_*]" and "[*], except: [write_*]". The test
        /// fakes EnumerateMCPTools with NewEnumerationResultFromEntities(allowed, denied); the roles here are ones whose
        /// enumeration is exactly that (teleport-mcp.md T9: a wildcard allow keeps "*", the deny list is kept).
        /// </summary>
        [Theory]
        [InlineData("allow-read", "{allow: {app_labels: {env: dev}, mcp: {tools: [read_*]}}}", "read_*", "", ToolScope.Limited)]
        [InlineData("deny-write", "{allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}, deny: {mcp: {tools: [write_*]}}}", "*", "write_*", ToolScope.Limited)]
        public void Tsh_mcp_ls_allowed_tools_column(string row, string spec, string allowed, string denied, ToolScope scope)
        {
            var yaml = App + "---\nkind: role\nversion: v8\nmetadata: {name: " + row + "}\nspec: " + spec + "\n" +
                       "---\nkind: user\nversion: v2\nmetadata: {name: u}\nspec: {roles: [" + row + "]}\n";
            var s = Cluster.FromYaml(yaml).Summarize("u", "files");
            Assert.True(s.AppAccessible);
            Assert.Equal(allowed.Split(',').Where(x => x.Length > 0).ToArray(), s.AllowedTools);
            Assert.Equal(denied.Split(',').Where(x => x.Length > 0).ToArray(), s.DeniedTools);
            Assert.Equal(scope, s.Scope);
        }

        /// <summary>
        /// lib/utils/mcputils/event_test.go @2c7fa2cc TestScanEventsLargeDataLine: "event: message\ndata: " + 2 MiB of "x" is one
        /// event named message with all of its data (the reader since PR #67931 takes lines up to 10 MiB; the probe reads
        /// 16 MiB a line and EventStreamLimits says which releases would not).
        /// </summary>
        [Fact]
        public void A_two_mebibyte_data_line_is_one_event()
        {
            var data = new string('x', 2 * 1024 * 1024);
            var text = "event: message\ndata: " + data + "\n\n";
            var got = new List<KeyValuePair<string, string>>();
            const int probeMax = 16 * 1024 * 1024; // HttpProbe's HttpChannel.MaxMessageBytes
            var reader = new HttpProbe.BoundedLineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), probeMax);
            HttpProbe.ServerSentEvents.Read(reader, probeMax, (name, d) =>
            {
                got.Add(new KeyValuePair<string, string>(name, d));
                return true;
            }, CancellationToken.None);
            Assert.Single(got);
            Assert.Equal("message", got[0].Key);
            Assert.Equal(data.Length, got[0].Value.Length);
            Assert.Equal(data, got[0].Value);
        }
    }
}
