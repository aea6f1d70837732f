using System.Collections;
using System.Linq;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleDesign;
using TeleportMcp.Tests.Resources;
using Xunit;

namespace TeleportMcp.Tests.RoleDesign
{
    /// <summary>What each object piped to New-TeleportMcpRole is: a name, a user, or a server to design for.</summary>
    public class DesignPipelineTests
    {
        private static readonly string[] None = System.Array.Empty<string>();

        [Fact]
        public void Names_users_and_servers_are_told_apart()
        {
            var p = new DesignPipeline();
            p.Add(new DictionaryInput("files"), new[] { "files" });
            p.Add(new DictionaryInput(new User { Name = "alice" }), new[] { "alice" });
            p.Add(new DictionaryInput(new Hashtable { ["Name"] = "bob" }, "Deserialized.TeleportMcp.User"), None);
            p.Add(new DictionaryInput(new Hashtable { ["User"] = "carol", ["Shift"] = "night" }), new[] { "carol" });
            var probe = new DictionaryInput(new Hashtable { ["AppName"] = "db", ["Stage"] = "Done", ["Tools"] = new[] { "q" }, ["User"] = "dave" });
            p.Add(probe, new[] { "dave" });
            var app = new DictionaryInput(new App { Name = "git" });
            p.Add(app, None);
            p.Add(null, None);
            Assert.Equal(new[] { "files" }, p.Names);
            Assert.Equal(new[] { "alice", "bob", "carol" }, p.Users);
            Assert.Equal(new IInputObject[] { probe, app }, p.Apps);
        }

        [Fact]
        public void An_object_with_a_user_that_is_also_an_app_is_a_server()
        {
            var p = new DesignPipeline();
            var appCopy = new DictionaryInput(new Hashtable { ["Name"] = "files", ["Uri"] = "mcp+stdio://", ["User"] = "x" });
            p.Add(appCopy, new[] { "x" });
            Assert.Empty(p.Users);
            Assert.Same(appCopy, Assert.Single(p.Apps));
        }

        [Fact]
        public void An_object_with_a_user_whose_app_copy_does_not_read_is_a_server_reported_later()
        {
            var p = new DesignPipeline();
            var appCopy = new DictionaryInput(new Hashtable { ["Name"] = "files", ["Origin"] = "somewhere", ["User"] = "x" });
            p.Add(appCopy, new[] { "x" });
            Assert.Empty(p.Users);
            Assert.Same(appCopy, Assert.Single(p.Apps));
        }

        [Fact]
        public void Users_bound_beside_App_on_the_command_line_are_names()
        {
            var p = new DesignPipeline();
            p.AddBoundUsers(new[] { "alice", "", null, "bob" });
            Assert.Equal(new[] { "alice", "bob" }, p.Names);
        }

        [Theory]
        [InlineData("/tmp/role.yaml", "tctl create /tmp/role.yaml (")]
        [InlineData("/tmp/my role.yaml", "tctl create '/tmp/my role.yaml' (")]
        [InlineData("/tmp/o'brien.yaml", "tctl create '/tmp/o''brien.yaml' (")]
        [InlineData(@"C:\roles\role.yaml", @"tctl create C:\roles\role.yaml (")]
        [InlineData("/tmp/$(id).yaml", "tctl create '/tmp/$(id).yaml' (")]
        public void The_written_note_quotes_the_path_for_PowerShell(string path, string expected) =>
            Assert.Contains(expected, DesignedRole.WrittenNote(path));
    }
}
