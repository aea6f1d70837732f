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
    /// <summary>New-TeleportMcpRole's request once everything is read: preview users, servers, and what is refused.</summary>
    public class DesignPlanTests
    {
        private static ClusterInput Cluster(bool withExport)
        {
            var c = new ClusterInput();
            if (!withExport) return c;
            c.Add(new User { Name = "alice", Roles = new List<string> { "access" } });
            c.Add(new User { Name = "bob" });
            c.Add(new App { Name = "files", Uri = "mcp+stdio://" });
            c.Add(new Role { Name = "access", Version = "v8" });
            return c;
        }

        public static IEnumerable<object[]> Plans()
        {
            // (piped names, piped users, -User, -App on the command line, -Path given, preview users, app names, refusal)
            yield return new object[] { new[] { "files" }, Array.Empty<string>(), null, false, true, Array.Empty<string>(), new[] { "files" }, null };
            // A piped name of a user read (and of no app) is a preview user.
            yield return new object[] { new[] { "files", "alice" }, Array.Empty<string>(), null, false, true, new[] { "alice" }, new[] { "files" }, null };
            // With -App given, piped names are users; each user once, -User first.
            yield return new object[] { new[] { "bob", "alice" }, new[] { "alice" }, null, true, true, new[] { "alice", "bob" }, Array.Empty<string>(), null };
            yield return new object[] { Array.Empty<string>(), new[] { "bob" }, new[] { "alice", "bob" }, true, true, new[] { "alice", "bob" }, Array.Empty<string>(), null };
            yield return new object[] { new[] { "bob", "alice" }, new[] { "alice" }, new[] { "alice" }, false, true, new[] { "alice" }, new[] { "bob", "alice" }, null };
            // A preview needs the export to compare with.
            yield return new object[] { Array.Empty<string>(), Array.Empty<string>(), new[] { "alice" }, false, false, new[] { "alice" }, Array.Empty<string>(), "PreviewNeedsExport" };
            yield return new object[] { Array.Empty<string>(), new[] { "carol" }, null, false, false, new[] { "carol" }, Array.Empty<string>(), "PreviewNeedsExport" };
            yield return new object[] { new[] { "files" }, Array.Empty<string>(), null, false, false, Array.Empty<string>(), new[] { "files" }, null };
            // Empty names never make a preview.
            yield return new object[] { Array.Empty<string>(), new[] { "" }, null, false, false, Array.Empty<string>(), Array.Empty<string>(), null };
        }

        [Theory]
        [MemberData(nameof(Plans))]
        public void Plans_the_preview_and_the_servers(string[] names, string[] users, string[] userParameter, bool appsGiven, bool exportGiven,
            string[] previewUsers, string[] apps, string refusal)
        {
            var p = new DesignPipeline();
            p.Names.AddRange(names);
            p.Users.AddRange(users);
            var plan = p.Plan(Cluster(exportGiven), userParameter, appsGiven, exportGiven, n => new DictionaryInput(n));
            Assert.Equal(previewUsers, plan.PreviewUsers);
            Assert.Equal(apps, plan.Apps.Select(a => a.Value as string));
            Assert.Equal(refusal, plan.Refusal?.Code);
        }

        [Fact]
        public void Says_which_piped_names_were_not_used()
        {
            var p = new DesignPipeline();
            p.Names.Add("x");
            var plan = p.Plan(Cluster(true), new[] { "alice" }, true, true, n => new DictionaryInput(n));
            Assert.Contains("x", Assert.Single(plan.Warnings), StringComparison.Ordinal);
            Assert.Empty(plan.Apps);
        }

        [Theory]
        [InlineData(0, "NoApp")]
        [InlineData(1, null)]
        public void Refuses_a_role_for_no_server(int serversLeft, string code)
        {
            Assert.Equal(code, DesignPipeline.NoApp(serversLeft)?.Code);
        }

        [Fact]
        public void Previews_the_users_the_export_holds_and_names_the_others()
        {
            var errors = new List<TeleportInputException>();
            var users = DesignPipeline.PreviewUsers(Cluster(true), new[] { "alice", "zed", "bob" }, errors.Add);
            Assert.Equal(new[] { "alice", "bob" }, users.Select(u => u.Name));
            var e = Assert.Single(errors);
            Assert.Equal("UserNotFound", e.Code);
            Assert.Contains("zed", e.Message, StringComparison.Ordinal);
            Assert.Contains("alice", e.Message, StringComparison.Ordinal);
        }

        // tctl create without -f refuses to overwrite a role that exists (tool/tctl/common/resource_command.go).
        [Theory]
        [InlineData("access", true)]
        [InlineData("mcp-files", false)]
        public void Warns_when_the_role_exists(string name, bool warns)
        {
            var designed = new DesignedRole { Role = new Role { Name = name } };
            var warning = DesignPipeline.ExistingRole(designed, Cluster(true).Roles);
            Assert.Equal(warns, warning != null);
            if (warns) Assert.Contains("tctl create (without -f)", warning, StringComparison.Ordinal);
        }
    }
}
