using System;
using System.Collections;
using System.Collections.Generic;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>
    /// Roles without templates are prepared once per role set and shared by every user: the decisions stay each
    /// user's own, and what the output boundary rewrites in a written decision never reaches the shared entries.
    /// </summary>
    public class SharedPreparationTests
    {
        private static Role R(string name, params string[] tools) => new Role
        {
            Name = name, Version = "v8", AllowMcpTools = new List<string>(tools), AllowAppLabels = new Hashtable { { "env", "dev" } },
        };

        [Fact]
        public void A_written_decision_rewritten_by_the_boundary_leaves_the_next_decisions_intact()
        {
            // An entry the boundary rewrites: a control character and a secret-looking value.
            string entry = "read_\u001b[2J_token=Pl4ntedSecretValue";
            var engine = new McpAccessEngine(new[] { R("plain", entry), R("templated", "{{internal.mcp_tools}}") });
            var app = new App { Name = "files", Labels = new Hashtable { { "env", "dev" } } };
            var alice = new User { Name = "alice", Roles = new List<string> { "plain" } };
            var bob = new User { Name = "bob", Roles = new List<string> { "plain", "templated" }, Traits = new Hashtable { { "mcp_tools", new[] { "write" } } } };
            for (int round = 0; round < 2; round++)
            {
                foreach (var user in new[] { alice, bob })
                {
                    var aa = engine.ForApp(engine.Prepare(user), app);
                    var d = engine.Decide(aa, entry);
                    Assert.Equal(AccessDecision.Allowed, d.Decision);
                    Assert.Equal("plain", Assert.Single(d.AllowedBy).Role);
                    Assert.Equal(entry, d.AllowedBy[0].Effective);
                    var s = engine.Summarize(aa);
                    Assert.Contains(s.Allow, e => e.Effective == entry);
                    OutputSanitizer.Sanitize(d);
                    OutputSanitizer.Sanitize(s);
                    Assert.DoesNotContain("Pl4ntedSecretValue", d.AllowedBy[0].Effective, StringComparison.Ordinal);
                }
                var bobAccess = engine.ForApp(engine.Prepare(bob), app);
                Assert.Equal(AccessDecision.Allowed, engine.Decide(bobAccess, "write").Decision);
                Assert.Equal(AccessDecision.NotGranted, engine.Decide(engine.ForApp(engine.Prepare(alice), app), "write").Decision);
            }
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Preparing_users_in_batches_gives_each_user_its_own_preparation_in_order(bool cancellable)
        {
            // Two users of one name (the second replaces the first in the session), and one naming a role not given.
            var session = new McpAccessSession(new[] { R("a", "read"), R("b", "write") });
            var users = new[]
            {
                new User { Name = "same", Roles = new List<string> { "a" } },
                new User { Name = "other", Roles = new List<string> { "b", "gone" } },
                new User { Name = "same", Roles = new List<string> { "b" } },
            };
            var seen = new List<(User, string, string)>();
            using (var cts = new System.Threading.CancellationTokenSource())
                session.Prepare(users, (u, prepared) => seen.Add((u, string.Join(",", prepared.RoleNames), string.Join(",", prepared.MissingRoles))),
                    cancellable ? cts.Token : System.Threading.CancellationToken.None);
            Assert.Equal(new[] { (users[0], "a", ""), (users[1], "b", "gone"), (users[2], "b", "") }, seen);
            // The session keeps the last preparation of a name, as preparing them one by one did.
            var app = new App { Name = "files", Labels = new Hashtable { { "env", "dev" } } };
            Assert.True(session.IsAllowed(session.Access(users[0], app), "write"));
            Assert.False(session.IsAllowed(session.Access(users[0], app), "read"));
            // Its own preparation: the role it names that was not given leaves its write undecided (lib/services/role.go FetchRoleList).
            var other = session.Decide(session.Access(users[1], app), "write");
            Assert.Equal(AccessDecision.Indeterminate, other.Decision);
            Assert.Contains("other's role \"gone\" is not in the input", other.Reason, System.StringComparison.Ordinal);
        }
    }
}
