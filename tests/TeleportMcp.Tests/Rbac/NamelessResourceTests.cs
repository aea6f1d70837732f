using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>
    /// A user, role or app built by hand ([TeleportMcp.User]@{ Roles = ... } in PowerShell) may have no name. The
    /// engine used such names as dictionary keys and threw ArgumentNullException; found by turning nullable on.
    /// </summary>
    public class NamelessResourceTests
    {
        private static Role ToolRole() => new Role
        {
            Name = "dev",
            Version = "v8",
            AllowAppLabels = new System.Collections.Hashtable { ["env"] = "dev" },
            AllowMcpTools = new List<string> { "read_file" },
        };

        private static App DevApp(string name) => new App
        {
            Name = name,
            Uri = "mcp+stdio://",
            Command = "node",
            Labels = new System.Collections.Hashtable { ["env"] = "dev" },
        };

        [Fact]
        public void A_user_without_a_name_is_decided_instead_of_throwing()
        {
            var session = new McpAccessSession(new[] { ToolRole() });
            var user = new User { Roles = new List<string> { "dev" } };

            Assert.Equal(AccessDecision.Allowed, session.Decide(user, DevApp("files"), "read_file").Decision);
            Assert.True(session.IsAllowed(user, DevApp("files"), "read_file"));
            Assert.Empty(session.Prepare(user));
        }

        [Fact]
        public void An_app_without_a_name_is_decided_instead_of_throwing()
        {
            var session = new McpAccessSession(new[] { ToolRole() });
            var user = new User { Name = "alice", Roles = new List<string> { "dev" } };

            Assert.Equal(AccessDecision.Allowed, session.Decide(user, DevApp(null), "read_file").Decision);
            Assert.Equal(AccessDecision.NotGranted, session.Decide(user, DevApp(null), "write_file").Decision);
        }

        [Fact]
        public void Preparing_a_user_again_drops_only_that_users_app_selections()
        {
            var session = new McpAccessSession(new[] { ToolRole() });
            var alice = new User { Name = "alice", Roles = new List<string> { "dev" } };
            var bob = new User { Name = "bob", Roles = new List<string> { "dev" } };
            Assert.True(session.IsAllowed(alice, DevApp("files"), "read_file"));
            Assert.True(session.IsAllowed(bob, DevApp("files"), "read_file"));

            // alice loses the role: her cached selection must not answer for her any more; bob's still stands.
            var aliceAgain = new User { Name = "alice", Roles = new List<string>() };
            session.Prepare(aliceAgain);
            Assert.False(session.IsAllowed(aliceAgain, DevApp("files"), "read_file"));
            Assert.True(session.IsAllowed(bob, DevApp("files"), "read_file"));
        }

        [Fact]
        public void A_role_without_a_name_does_not_stop_the_engine()
        {
            var nameless = ToolRole();
            nameless.Name = null;
            var engine = new McpAccessEngine(new[] { nameless, ToolRole() });
            var ua = engine.Prepare(new User { Name = "alice", Roles = new List<string> { "dev" } });

            Assert.Equal(AccessDecision.Allowed, engine.Decide(engine.ForApp(ua, DevApp("files")), "read_file").Decision);
            Assert.Empty(ua.MissingRoles);
        }
    }
}
