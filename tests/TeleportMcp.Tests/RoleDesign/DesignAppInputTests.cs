using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleDesign;
using TeleportMcp.Tests.Resources;
using Xunit;

namespace TeleportMcp.Tests.RoleDesign
{
    /// <summary>
    /// New-TeleportMcpRole's -App inputs: probe results live, deserialized (Export-Clixml depth 2 keeps only the
    /// effective hints) and hand-made; Apps; names looked up among the apps read; everything else refused by id.
    /// </summary>
    public class DesignAppInputTests
    {
        private static ClusterInput Cluster(params App[] apps)
        {
            var c = new ClusterInput();
            foreach (var a in apps) c.Add(a, fromPipeline: true);
            return c;
        }

        private static Hashtable Map(params object[] kv)
        {
            var h = new Hashtable(System.StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < kv.Length; i += 2) h[kv[i]] = kv[i + 1];
            return h;
        }

        public static IEnumerable<object[]> Refused() => new[]
        {
            // input, error code, target
            new object[] { new DictionaryInput("nope"), "AppNotFound", "nope" },
            new object[] { new DictionaryInput(Map("AppName", "files", "Stage", "Initialize", "Message", "timeout", "Tools", System.Array.Empty<object>()), "Deserialized.TeleportMcp.ProbeResult"), "ProbeIncomplete", "files" },
            new object[] { new DictionaryInput(Map("AppName", "files", "Stage", "Spawn", "Tools", System.Array.Empty<object>())), "ProbeIncomplete", "files" },
            // By the module's one rule for an object given as an app (Choice.FromObject): a whole number is a name, anything
            // that stands for no app is InvalidAppObject, and another kind's copy is never taken for an app of its name.
            new object[] { new DictionaryInput(42), "AppNotFound", "42" },
            new object[] { new DictionaryInput(Map("Colour", "blue")), "InvalidAppObject", null },
            new object[] { new DictionaryInput(Map("Name", "files", "AllowMcpTools", new[] { "*" }, "Version", "v8")), "InvalidAppObject", null },
            new object[] { new DictionaryInput(Map("Name", "files", "Roles", new[] { "access" }, "Traits", Map())), "InvalidAppObject", null },
            new object[] { new DictionaryInput(Map("Name", "files"), "Deserialized.TeleportMcp.User"), "InvalidAppObject", null },
            new object[] { new DictionaryInput(Map("Uri", "mcp+stdio://", "Transport", "stdio")), "InvalidAppObject", null },
        };

        [Theory]
        [MemberData(nameof(Refused))]
        public void Refuses_with_a_stable_id_and_target(DictionaryInput input, string code, string target)
        {
            var r = DesignAppInputs.Resolve(input, Cluster(new App { Name = "files" }));
            Assert.Null(r.App);
            Assert.NotNull(r.Error);
            Assert.Equal(code, r.Error.Code);
            Assert.Equal(target, r.Error.Target);
        }

        // api/types/app.go (fork @77295d71) IsAppMCP: GetMCPServerTransportType knows mcp+stdio, mcp+http(s) and mcp+sse+http(s)
        // (McpTransportRules); any other mcp+ scheme is an ordinary web app, which StaticChecks says as "Teleport does not know as MCP".
        [Theory]
        // URI, what the refusal says in its parenthesis
        [InlineData("mcp+sse://127.0.0.1:8000/sse", "(URI \"mcp+sse://127.0.0.1:8000/sse\" has the scheme \"mcp+sse\", which Teleport does not know as MCP, so it is an ordinary web app)")]
        [InlineData("mcp+ws://h:1", "(URI \"mcp+ws://h:1\" has the scheme \"mcp+ws\", which Teleport does not know as MCP, so it is an ordinary web app)")]
        [InlineData("MCP+SSE://h", "(URI \"MCP+SSE://h\" has the scheme \"mcp+sse\", which Teleport does not know as MCP, so it is an ordinary web app)")]
        [InlineData("http://127.0.0.1:8081", "(URI \"http://127.0.0.1:8081\")")]   // a plain web app: as before
        public void A_web_app_is_refused_saying_why_it_is_one(string uri, string why)
        {
            var r = DesignAppInputs.Resolve(new DictionaryInput("wiki"), Cluster(new App { Name = "wiki", Uri = uri }));
            Assert.Null(r.App);
            Assert.Equal("NotAnMcpApp", r.Error.Code);
            Assert.Equal("app \"wiki\" is not an MCP app " + why + ": Teleport checks mcp.tools only on MCP apps, so a role for it would grant no tool, and its app_labels would only open the web app", r.Error.Message);
        }

        [Fact]
        public void A_copy_that_does_not_read_is_that_item_s_error()
        {
            // The engine's copy raises the copy's error for an App whose Origin names nothing.
            var app = new DictionaryInput(Map("Name", "files", "Uri", "mcp+stdio://", "Origin", "somewhere"));
            var probe = new DictionaryInput(Map("AppName", "files", "Stage", "Done", "Tools", new[] { "q" }, "App", Map("Name", "files", "Origin", "somewhere")), "TeleportMcp.ProbeResult");
            foreach (var input in new[] { app, probe })
            {
                var r = DesignAppInputs.Resolve(input, Cluster());
                Assert.Null(r.App);
                Assert.Equal("UnknownAppOrigin", r.Error.Code);
                Assert.Equal("files", r.Error.Target);
            }
        }

        [Fact]
        public void Not_found_names_what_was_looked_for_and_where()
        {
            var r = DesignAppInputs.Resolve(new DictionaryInput("nope"), Cluster(new App { Name = "files" }));
            Assert.IsType<TeleportNotFoundException>(r.Error);
            Assert.Contains("\"nope\"", r.Error.Message, StringComparison.Ordinal);
            Assert.Contains("the pipeline", r.Error.Message, StringComparison.Ordinal);
            Assert.Contains("files", r.Error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_name_or_an_App_gives_the_app_with_tools_unknown()
        {
            var app = new App { Name = "files", Labels = Map("env", "dev") };
            var byName = DesignAppInputs.Resolve(new DictionaryInput("files"), Cluster(app));
            Assert.Equal("files", byName.App.Name);
            Assert.Equal("dev", byName.App.Labels["env"]);
            Assert.False(byName.App.ToolsKnown);
            var typed = DesignAppInputs.Resolve(new DictionaryInput(app), Cluster());
            Assert.False(typed.App.ToolsKnown);
            Assert.Null(typed.Error);
        }

        [Fact]
        public void A_copy_of_an_App_goes_through_the_conversion()
        {
            var r = DesignAppInputs.Resolve(new DictionaryInput(Map("Name", "db", "Uri", "mcp+stdio://", "Transport", "Stdio")), Cluster());
            Assert.Equal("db", r.App.Name);
            Assert.False(r.App.ToolsKnown);
        }

        public static IEnumerable<object[]> ProbeTools() => new[]
        {
            // how the tool arrived, expected ReadOnly, Destructive
            new object[] { "typed", new ProbeTool { Name = "t", Annotations = new ToolAnnotations { ReadOnlyHint = true } }, true, false },
            new object[] { "a name only", "t", false, true },
            new object[] { "declared hints", Map("Name", "t", "Annotations", Map("ReadOnlyHint", false, "DestructiveHint", false)), false, false },
            new object[] { "a hint that is not a boolean keeps the MCP default", Map("Name", "t", "Annotations", Map("ReadOnlyHint", "true")), false, true },
            new object[] { "Annotations flattened to text: the effective hints decide", Map("Name", "t", "Annotations", "readOnly=true", "ReadOnly", true), true, false },
            new object[] { "effective hints only (Export-Clixml depth)", Map("Name", "t", "ReadOnly", true, "Destructive", false), true, false },
            new object[] { "effective hints, not read-only", Map("Name", "t", "ReadOnly", false, "Destructive", false), false, false },
        };

        [Theory]
        [MemberData(nameof(ProbeTools))]
        public void A_probe_result_gives_its_tools(string how, object tool, bool readOnly, bool destructive)
        {
            var probe = new DictionaryInput(Map("AppName", "files", "Stage", "Done", "Tools", new[] { tool }), "Deserialized.TeleportMcp.ProbeResult");
            var r = DesignAppInputs.Resolve(probe, Cluster(new App { Name = "files", Labels = Map("env", "prod") }));
            Assert.True(r.Error == null, how);
            Assert.True(r.App.ToolsKnown, how);
            var t = Assert.Single(r.App.Tools);
            Assert.Equal("t", t.Name);
            Assert.True(readOnly == t.ReadOnly, how + ": ReadOnly");
            Assert.True(destructive == t.Destructive, how + ": Destructive");
            Assert.Equal("prod", r.App.Labels["env"]);
        }

        [Fact]
        public void A_probe_result_prefers_its_own_app_then_the_app_read_then_its_labels()
        {
            var own = new App { Name = "files", Labels = Map("env", "own") };
            var withApp = new DictionaryInput(Map("AppName", "files", "Stage", "Done", "App", own, "Tools", new object[] { "a" }));
            Assert.Equal("own", DesignAppInputs.Resolve(withApp, Cluster(new App { Name = "files", Labels = Map("env", "read") })).App.Labels["env"]);
            var bare = new DictionaryInput(Map("AppName", "files", "Stage", "Done", "AppLabels", Map("env", "probe"), "Tools", new object[] { "a", "b" }));
            Assert.Equal("read", DesignAppInputs.Resolve(bare, Cluster(new App { Name = "files", Labels = Map("env", "read") })).App.Labels["env"]);
            var alone = DesignAppInputs.Resolve(bare, Cluster()).App;
            Assert.Equal("probe", alone.Labels["env"]);
            Assert.Equal(new[] { "a", "b" }, alone.Tools.Select(t => t.Name));
        }

        [Fact]
        public void A_hand_made_probe_result_without_a_type_is_recognised_by_its_tools()
        {
            var r = DesignAppInputs.Resolve(new DictionaryInput(Map("AppName", "files", "Tools", new object[] { "read_file" })), Cluster());
            Assert.Equal(new[] { "read_file" }, r.App.Tools.Select(t => t.Name));
        }
    }
}
