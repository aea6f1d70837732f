using System.IO;
using System.Linq;
using TeleportMcp.Engine.Completion;
using Xunit;

namespace TeleportMcp.Tests.Completion
{
    public class ClusterCompletionTests
    {
        // lib/utils/replace.go: a ^...$ entry is a regex, '*' a glob (P1, P2), {{...}} a trait template: none is a tool name.
        [Theory]
        [InlineData("read_file", true)]
        [InlineData("*", false)]
        [InlineData("read_*", false)]
        [InlineData("^read_.*$", false)]
        [InlineData("{{internal.mcp_tools}}", false)]
        [InlineData("", false)]
        public void Literal_tool_names(string entry, bool expected) => Assert.Equal(expected, ClusterCompletion.IsLiteralToolName(entry));

        [Theory]
        [InlineData("alice", "alice")]
        [InlineData("alice@example.com", "alice@example.com")]
        [InlineData("my app", "'my app'")]
        [InlineData("o'brien", "'o''brien'")]
        [InlineData("-rf", "'-rf'")]
        [InlineData("$x", "'$x'")]
        public void Quoting(string name, string expected) => Assert.Equal(expected, ClusterCompletion.QuoteIfNeeded(name));

        [Fact]
        public void Prefix_is_case_insensitive_and_ignores_an_opening_quote()
        {
            var names = new[] { "alice", "Albert", "bob", "my app" };
            Assert.Equal(new[] { "alice", "Albert" }, ClusterCompletion.Complete(names, "al", "user").Select(c => c.ListItem));
            Assert.Equal(new[] { "'my app'" }, ClusterCompletion.Complete(names, "'my", "app").Select(c => c.Text));
        }

        [Theory]
        [InlineData("", "v8,v7,v6,v5,v4,v3")]
        [InlineData("v7", "v7")]
        [InlineData("'V", "v8,v7,v6,v5,v4,v3")]
        [InlineData("v9", "")]
        public void Role_versions_newest_first(string word, string expected)
        {
            var got = ClusterCompletion.RoleVersions(word);
            Assert.Equal(expected, string.Join(",", got.Select(c => c.Text)));
            Assert.All(got, c => Assert.Equal("role version " + c.ListItem, c.Tooltip));
        }

        [Fact]
        public void Names_come_from_roles_users_and_apps_in_files()
        {
            var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tmcp-complete-" + System.Guid.NewGuid().ToString("N"))).FullName;
            try
            {
                File.WriteAllText(Path.Combine(dir, "r.yaml"),
                    "kind: role\nversion: v8\nmetadata: {name: dev}\nspec:\n  allow:\n    mcp: {tools: [read_file, 'read_*', '{{internal.mcp_tools}}']}\n  deny:\n    mcp: {tools: [dump_env]}\n" +
                    "---\nkind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [dev], traits: {mcp_tools: [search_files]}}\n" +
                    "---\nkind: app\nversion: v3\nmetadata: {name: files}\nspec: {uri: 'mcp+stdio://', mcp: {command: node, run_as_host_user: nobody}}\n" +
                    "---\nkind: app\nversion: v3\nmetadata: {name: wiki}\nspec: {uri: 'http://127.0.0.1:8080'}\n");
                File.WriteAllText(Path.Combine(dir, "notes.txt"), "kind: user\nmetadata: {name: ghost}\n");
                var files = ClusterCompletion.ExpandFiles(new[] { dir });
                Assert.Single(files);
                Assert.Equal(new[] { "alice" }, ClusterCompletion.Names(files, CompletionKind.User));
                Assert.Equal(new[] { "dev" }, ClusterCompletion.Names(files, CompletionKind.Role));
                Assert.Equal(new[] { "files", "wiki" }, ClusterCompletion.Names(files, CompletionKind.App));
                Assert.Equal(new[] { "files" }, ClusterCompletion.Names(files, CompletionKind.McpApp));
                Assert.Equal(new[] { "dump_env", "read_file", "search_files" }, ClusterCompletion.Names(files, CompletionKind.Tool));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Theory]
        [InlineData(CompletionKind.User, "user")]
        [InlineData(CompletionKind.App, "app")]
        [InlineData(CompletionKind.McpApp, "MCP app")]
        [InlineData(CompletionKind.Tool, "MCP tool")]
        [InlineData(CompletionKind.Role, "role")]
        public void Each_kind_has_its_noun(CompletionKind kind, string noun) => Assert.Equal(noun, ClusterCompletion.Noun(kind));

        [Theory]
        [InlineData("User", "", "alice", "user alice")]
        [InlineData("McpApp", "f", "files", "MCP app files")]
        [InlineData("App", "", "files,wiki", "app files")]
        [InlineData("Tool", "se", "search_files", "MCP tool search_files")]
        [InlineData("Role", "x", "", "")]
        public void Completes_a_kind_named_by_its_name_from_the_cluster_files(string kindName, string word, string expected, string firstTooltip)
        {
            var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tmcp-complete-" + System.Guid.NewGuid().ToString("N"))).FullName;
            try
            {
                File.WriteAllText(Path.Combine(dir, "r.yaml"),
                    "kind: role\nversion: v8\nmetadata: {name: dev}\nspec:\n  allow:\n    mcp: {tools: [read_file]}\n" +
                    "---\nkind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [dev], traits: {mcp_tools: [search_files]}}\n" +
                    "---\nkind: app\nversion: v3\nmetadata: {name: files}\nspec: {uri: 'mcp+stdio://', mcp: {command: node, run_as_host_user: nobody}}\n" +
                    "---\nkind: app\nversion: v3\nmetadata: {name: wiki}\nspec: {uri: 'http://127.0.0.1:8080'}\n");
                var got = ClusterCompletion.Complete(new[] { dir }, kindName, audit: false, word);
                Assert.Equal(expected, string.Join(",", got.Select(c => c.ListItem)));
                Assert.Equal(firstTooltip, got.Select(c => c.Tooltip).FirstOrDefault() ?? "");
                // The same files as audit logs hold no MCP event.
                Assert.Empty(ClusterCompletion.Complete(new[] { dir }, kindName, audit: true, word));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void Audit_names_come_from_the_mcp_events_of_the_files_and_folders_given()
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-audit-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "2025-09-30.log"),
                    "{\"event\":\"mcp.session.request\",\"code\":\"TMCP003E\",\"user\":\"bob\",\"app_name\":\"everything\",\"message\":{\"method\":\"tools/call\",\"params\":{\"name\":\"printEnv\"}},\"time\":\"2025-09-30T10:00:00Z\"}\n" +
                    "{\"event\":\"user.login\",\"user\":\"mallory\",\"time\":\"2025-09-30T10:00:00Z\"}\n");
                Assert.Equal(new[] { "bob" }, AuditCompletion.Names(new[] { dir }, CompletionKind.User));
                Assert.Equal(new[] { "printEnv" }, AuditCompletion.Names(new[] { dir }, CompletionKind.Tool));
                Assert.Empty(AuditCompletion.Names(new[] { Path.Combine(dir, "missing.log") }, CompletionKind.User));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
