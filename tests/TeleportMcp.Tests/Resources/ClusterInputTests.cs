using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Completion;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>The one folder rule per kind of input, and the one duplicate rule of what a listing writes.</summary>
    public sealed class ClusterInputTests : IDisposable
    {
        private readonly string _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tmcp-input-" + Guid.NewGuid().ToString("N"))).FullName;

        public void Dispose() => Directory.Delete(_root, true);

        private string Write(string relative, string text)
        {
            var path = Path.Combine(_root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }

        private static string Role(string name, string tool) =>
            "kind: role\nversion: v8\nmetadata: {name: " + name + "}\nspec:\n  allow:\n    mcp: {tools: [" + tool + "]}\n";

        private static string Heartbeat(string host, string zone, string env = "prod") =>
            "kind: app_server\nversion: v3\nmetadata: {name: files}\nspec:\n  hostname: " + host + "\n  app:\n    kind: app\n    version: v3\n" +
            "    metadata: {name: files, labels: {env: " + env + "}}\n    spec:\n      uri: 'mcp+stdio://'\n      mcp: {command: x, run_as_host_user: u}\n" +
            "      dynamic_labels: {zone: {command: [hostname], result: " + zone + "}}\n";

        // lib/srv/mcp/session.go checkAccessToTool: the agent checks tool calls against the app it serves, dynamic labels'
        // results included (2:G16), so its heartbeat decides access before the resource read ahead of it.
        [Fact]
        public void The_heartbeat_of_an_app_decides_its_access_before_the_resource_read_first()
        {
            var warnings = new List<string>();
            var input = new ClusterInput { Warning = warnings.Add };
            input.ReadText("kind: app\nversion: v3\nmetadata: {name: files, labels: {env: prod}}\nspec: {uri: 'mcp+stdio://', mcp: {command: x, run_as_host_user: u}, " +
                           "dynamic_labels: {zone: {command: [hostname]}}}\n---\n" + Heartbeat("agent-a", "eu"), "pipeline");
            var app = input.FindApp("files");
            Assert.Equal(AppOrigin.AppServer, app.Origin);
            Assert.Equal("eu", app.DynamicLabelResultMap["zone"]);
            Assert.Same(app, Assert.Single(input.DistinctApps()));
            Assert.Empty(warnings);
        }

        [Theory]
        [InlineData("eu", "us", "prod", true)]
        [InlineData("eu", "eu", "dev", true)]
        [InlineData("eu", "eu", "prod", false)]
        public void Heartbeats_that_decide_with_other_labels_are_said(string zoneA, string zoneB, string envB, bool warned)
        {
            var warnings = new List<string>();
            var input = new ClusterInput { Warning = warnings.Add };
            input.ReadText(Heartbeat("agent-a", zoneA) + "---\n" + Heartbeat("agent-b", zoneB, envB), "pipeline");
            Assert.Equal("agent-a", input.FindApp("files").ServerHostName);
            Assert.Equal(warned, warnings.Any(w => w.Contains("served by 2 App Service heartbeats with different labels", StringComparison.Ordinal) && w.Contains("agent-a", StringComparison.Ordinal)));
        }

        [Fact]
        public void A_listing_keeps_a_role_or_user_given_twice_once_the_later_where_it_stood_and_every_app_copy()
        {
            var warnings = new List<string>();
            var input = new ClusterInput { Warning = warnings.Add };
            input.ReadText(Role("dev", "read_a") + "---\n" +
                           "kind: app\nversion: v3\nmetadata: {name: files}\nspec: {uri: 'mcp+stdio://', mcp: {command: x, run_as_host_user: u}}\n---\n" +
                           "kind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [dev]}\n---\n" +
                           Role("ops", "read_o") + "---\n" +
                           "kind: app\nversion: v3\nmetadata: {name: files}\nspec: {uri: 'mcp+stdio://', mcp: {command: x, run_as_host_user: u}}\n---\n" +
                           Role("dev", "read_b"), "pipeline");
            var kept = input.Kept();
            Assert.Equal(new[] { "App:files", "User:alice", "Role:ops", "App:files", "Role:dev" }, kept.Select(r => r.GetType().Name + ":" + r.Name));
            Assert.Equal(new[] { "read_b" }, kept.OfType<Role>().Single(r => r.Name == "dev").AllowMcpTools);
            Assert.Equal(6, input.All.Count);
            var w = Assert.Single(warnings);
            Assert.StartsWith("role \"dev\" was given twice; the later definition (pipeline:", w, StringComparison.Ordinal);
        }

        // Each further copy says how many times the name was given; after ten warnings the rest are used without one each.
        [Theory]
        [InlineData(2, "role \"dev\" was given twice; the later definition (pipeline:")]
        [InlineData(3, "role \"dev\" was given 3 times; the latest definition (pipeline:")]
        [InlineData(50, "role \"dev\" was given 10 times; the latest definition (pipeline:")]
        public void A_name_given_many_times_is_counted_and_its_warnings_bounded(int copies, string lastWarning)
        {
            var warnings = new List<string>();
            var input = new ClusterInput { Warning = warnings.Add };
            input.ReadText(string.Join("---\n", Enumerable.Range(0, copies).Select(i => Role("dev", "read_" + i))), "pipeline");
            Assert.Equal(Math.Min(copies - 1, 9), warnings.Count);
            Assert.StartsWith(lastWarning, warnings.Last(), StringComparison.Ordinal);
            Assert.Equal(copies >= 10, warnings.Last().EndsWith("; further copies of it are used the same way without a warning each.", StringComparison.Ordinal));
            Assert.Equal(new[] { "read_" + (copies - 1) }, Assert.Single(input.Roles).AllowMcpTools);
        }

        [Fact]
        public void A_refused_role_from_the_pipeline_is_not_written()
        {
            var errors = new List<ResourceDiagnostic>();
            var input = new ClusterInput { Error = errors.Add };
            input.Add(new Role { Name = "old", Version = "v2" }, fromPipeline: true);
            Assert.Empty(input.Kept());
            Assert.Equal("UnsupportedRoleVersion", Assert.Single(errors).Code);
            Assert.Equal(new[] { "(UnsupportedRoleVersion)" }, input.Unread);
        }

        [Fact]
        public void Every_error_of_the_reader_is_something_given_and_not_read_with_its_place_and_warnings_are_not()
        {
            var good = Write("c/good.yaml", Role("dev", "a"));
            var broken = Write("c/broken.yaml", Role("ok", "b") + "---\nkind: role\nmetadata: {name: x\n---\n" + Role("later", "c"));
            var twice = Write("c/twice.yaml", Role("dev", "d"));
            var input = new ClusterInput();
            input.ReadFiles(new[] { good, broken, twice });
            // The documents beside the broken one are read; the duplicate 'dev' is a warning, not something unread.
            Assert.Equal(new[] { "dev", "ok", "later" }, input.Roles.Select(r => r.Name));
            var unread = Assert.Single(input.Unread);
            Assert.StartsWith(broken + ":", unread, StringComparison.Ordinal);
            Assert.EndsWith(" (YamlParseError)", unread, StringComparison.Ordinal);
        }

        [Fact]
        public void Cluster_logs_and_audit_folders_are_read_at_every_level_client_configuration_folders_only_at_their_own()
        {
            // One rule per kind of input, so Import-TeleportResource, Get-TeleportMcpServing, Test-TeleportMcpRole -Path,
            // Find-TeleportMcpError -Path and the diagnosis read the same files of the same folder.
            Assert.True(ClusterInput.Folders.ReadsSubfolders);
            Assert.True(LogFiles.Folders.ReadsSubfolders);
            Assert.True(AuditEventQuery.Folders.ReadsSubfolders);
            Assert.False(McpConfigFile.Folders.ReadsSubfolders);

            var top = Write("cluster/roles.yaml", Role("top", "a"));
            var deep = Write("cluster/roles/mcp/dev.yml", Role("deep", "b"));
            var json = Write("cluster/apps/apps.json", "[]");
            Write("cluster/notes.txt", "not a resource");
            Assert.Equal(new[] { json, deep, top }.OrderBy(f => f, StringComparer.Ordinal), ClusterInput.Folders.Walk(Path.Combine(_root, "cluster")).Files);

            var log = Write("logs/host-1/app-service.log.1", "x");
            var gz = Write("logs/host-2/teleport.log.gz", "x");
            Write("logs/host-2/core.dump", "x");
            Assert.Equal(new[] { log, gz }, LogFiles.Folders.Walk(Path.Combine(_root, "logs")).Files);

            Directory.CreateDirectory(Path.Combine(_root, "empty"));
            Assert.Empty(ClusterInput.Folders.Walk(Path.Combine(_root, "empty")).Files);
            Assert.Equal("No resource files (.yaml, .yml, .json) in the folder /x or any folder below it.", ClusterInput.Folders.NoneIn("/x"));
            Assert.Equal("No client configuration files (.json, .code-workspace) in the folder /x (the folders below it are not read).", McpConfigFile.Folders.NoneIn("/x"));

            var own = Write("clients/mcp.json", "{}");
            Write("clients/node_modules/pkg/package.json", "{}");
            Assert.Equal(new[] { own }, McpConfigFile.Folders.Walk(Path.Combine(_root, "clients")).Files);
        }

        [Fact]
        public void Tab_completion_reads_the_files_the_cmdlet_reads()
        {
            Write("cluster/roles.yaml", Role("top", "a"));
            Write("cluster/roles/mcp/dev.yml", Role("deep", "b"));
            var folder = Path.Combine(_root, "cluster");
            Assert.Equal(ClusterInput.Folders.Walk(folder).Files, ClusterCompletion.ExpandFiles(new[] { folder }));
            Assert.Equal(new[] { "deep", "top" }, ClusterCompletion.Names(ClusterCompletion.ExpandFiles(new[] { folder }), CompletionKind.Role));

            Write("audit/auth-1/2025-09-30.log",
                "{\"event\":\"mcp.session.request\",\"code\":\"TMCP003E\",\"user\":\"bob\",\"app_name\":\"everything\",\"message\":{\"method\":\"tools/call\",\"params\":{\"name\":\"printEnv\"}},\"time\":\"2025-09-30T10:00:00Z\"}\n");
            Assert.Equal(new[] { "bob" }, AuditCompletion.Names(new[] { Path.Combine(_root, "audit") }, CompletionKind.User));
        }

        public static IEnumerable<object[]> EmptyFolderRules() => new[]
        {
            new object[] { ClusterInput.Folders, "NoResourceFiles" },
            new object[] { LogFiles.Folders, "NoLogFiles" },
            new object[] { AuditEventQuery.Folders, "NoAuditFiles" },
            new object[] { McpConfigFile.Folders, "NoClientConfigFiles" },
            new object[] { KnownErrorCatalog.Folders, "NoCatalogFiles" },
        };

        [Theory]
        [MemberData(nameof(EmptyFolderRules))]
        public void AFolderThatGivesNoFileIsOneNotFoundErrorWithItsRulesId(TeleportMcp.Engine.FileSystem.FolderRule rule, string id)
        {
            var e = rule.Empty("/data/export", "./export");
            Assert.Equal(id, e.Code);
            Assert.Equal(rule.NoneIn("/data/export"), e.Message);
            // The path as the admin gave it is the target.
            Assert.Equal("./export", e.Target);
            Assert.IsType<TeleportMcp.Engine.Common.TeleportNotFoundException>(e);
        }

        [Fact]
        public void WhereNamesThePathsThatGaveNoFileInsteadOfNoInput()
        {
            var c = new ClusterInput();
            Assert.Equal("no input", c.Where);
            c.NoteUnmatched("-Path ./empty");
            Assert.Equal("-Path ./empty, which gave no resource file", c.Where);
            c.NoteUnmatched("-LiteralPath b[1]");
            Assert.Equal("-Path ./empty, -LiteralPath b[1], which gave no resource file", c.Where);
            Assert.StartsWith("user \"x\" was not found in -Path ./empty, -LiteralPath b[1], which gave no resource file", c.NotFoundMessage("user", "x", Array.Empty<string>()), StringComparison.Ordinal);
            // Files read are where names are looked up; the paths that gave none are not listed beside them.
            var roles = Write("one/roles.yaml", "kind: role\nversion: v8\nmetadata: {name: r}\n");
            c.ReadFiles(new[] { roles });
            Assert.Equal(roles, c.Where);
        }
    }
}
