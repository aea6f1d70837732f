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
    /// <summary>New-TeleportMcpRole's use case as data: written, refused (nothing written, with the ids), previewed.</summary>
    public class RoleDesignRunTests
    {
        private static ClusterInput Cluster()
        {
            var c = new ClusterInput();
            c.Add(new User { Name = "alice", Roles = new List<string> { "access" } });
            c.Add(new App { Name = "files", Uri = "mcp+stdio://", Labels = new Hashtable { { "env", "dev" } } });
            c.Add(new Role { Name = "access", Version = "v8" });
            return c;
        }

        // The server was not probed: its tools are named.
        private static readonly string[] ReadFile = { "read_file" };

        private static DesignPipeline Piped(params string[] names)
        {
            var p = new DesignPipeline();
            p.Names.AddRange(names);
            return p;
        }

        private static RoleDesignOutcome Run(RoleDesignOptions options, DesignPipeline piped) =>
            RoleDesignRun.Run(options, piped, Cluster(), n => new DictionaryInput(n));

        [Fact]
        public void Designs_the_role_when_every_server_is_accepted()
        {
            var o = Run(new RoleDesignOptions { Name = "mcp-files", Tools = ReadFile, ExportGiven = true }, Piped("files"));
            Assert.Null(o.Refusal);
            Assert.Null(o.DesignError);
            Assert.Empty(o.RefusedApps);
            Assert.Empty(o.PreviewUsers);
            Assert.NotNull(o.Designed);
            Assert.Equal("mcp-files", o.Designed.Role.Name);
            Assert.Equal(new[] { "files" }, o.Designed.Apps.Select(a => a.Name));
            Assert.Contains("mcp-files", o.Designed.Yaml, StringComparison.Ordinal);
            Assert.Contains("read_file", o.Designed.Yaml, StringComparison.Ordinal);
        }

        public static IEnumerable<object[]> Refusals()
        {
            // (piped names, -User, -Path given, refused app ids, users not found, refusal id)
            // One -App value not found: the role is not written, the other server notwithstanding.
            yield return new object[] { new[] { "files", "nope" }, null, true, new[] { "AppNotFound" }, Array.Empty<string>(), DesignPipeline.NotWrittenCode };
            // The preview's users are still looked up, each missing one its own error.
            yield return new object[] { new[] { "files", "nope" }, new[] { "alice", "carol" }, true, new[] { "AppNotFound" }, new[] { "carol" }, DesignPipeline.NotWrittenCode };
            // No server left at all.
            yield return new object[] { new[] { "nope" }, null, true, new[] { "AppNotFound" }, Array.Empty<string>(), "NoApp" };
            // A preview without an export: refused before any server is resolved.
            yield return new object[] { new[] { "files" }, new[] { "alice" }, false, Array.Empty<string>(), Array.Empty<string>(), "PreviewNeedsExport" };
        }

        [Theory]
        [MemberData(nameof(Refusals))]
        public void Refuses_without_designing(string[] names, string[] users, bool exportGiven, string[] refusedApps, string[] usersNotFound, string refusal)
        {
            var o = Run(new RoleDesignOptions { Name = "mcp-files", UsersFromCommandLine = users, ExportGiven = exportGiven }, Piped(names));
            Assert.Equal(refusal, o.Refusal?.Code);
            Assert.Null(o.Designed);
            Assert.Equal(refusedApps, o.RefusedApps.Select(r => r.Error.Code));
            Assert.All(o.RefusedApps, r => Assert.Contains("is not written", r.Error.RecommendedAction, StringComparison.Ordinal));
            Assert.Equal(usersNotFound, o.UsersNotFound.Select(e => e.Target as string));
            Assert.All(o.UsersNotFound, e => Assert.Equal("UserNotFound", e.Code));
            Assert.Throws<InvalidOperationException>(() => o.Preview());
        }

        [Fact]
        public void A_refused_value_is_named_in_the_refusal()
        {
            var o = Run(new RoleDesignOptions { Name = "mcp-files", ExportGiven = true }, Piped("files", "nope"));
            Assert.Contains("'nope' (AppNotFound)", o.Refusal.Message, StringComparison.Ordinal);
            Assert.Equal("nope", o.RefusedApps.Single().Item.Value);
        }

        [Fact]
        public void The_designers_refusal_is_data()
        {
            var o = Run(new RoleDesignOptions { Name = "mcp-files", Version = "v1", ExportGiven = true }, Piped("files"));
            Assert.Null(o.Refusal);
            Assert.Null(o.Designed);
            Assert.Equal("UnsupportedRoleVersion", o.DesignError?.Code);
        }

        [Theory]
        [InlineData("mcp-files", null)]
        [InlineData("access", "access")]
        public void Previews_the_effect_for_the_users_read(string name, string existing)
        {
            var o = Run(new RoleDesignOptions { Name = name, Tools = ReadFile, UsersFromCommandLine = new[] { "alice", "carol" }, ExportGiven = true }, Piped("files"));
            Assert.Null(o.Refusal);
            Assert.Equal(new[] { "alice", "carol" }, o.PreviewUsers);
            var p = o.Preview();
            Assert.Equal("UserNotFound", Assert.Single(p.UsersNotFound).Code);
            var effect = Assert.Single(p.Effects);
            Assert.Equal(("alice", "files", name), (effect.User, effect.App, effect.Role));
            if (existing == null) Assert.Null(p.ExistingRole);
            else Assert.Contains("role " + existing + " already exists", p.ExistingRole, StringComparison.Ordinal);
        }

        [Theory]
        // alice names a role the export does not hold, and a document was not read: it may be that role.
        [InlineData("[access, lost]", "kind: role\nversion: v8\nmetadata: {name: lost\n", true)]
        // Nothing was left unread: the missing role is only listed.
        [InlineData("[access, lost]", "", false)]
        // A document was not read, but every role alice names was: the preview is whole.
        [InlineData("[access]", "kind: role\nversion: v8\nmetadata: {name: lost\n", false)]
        // alice already names the designed role, which the export lacks: "before" left it out, so it is listed too.
        [InlineData("[access, mcp-files]", "kind: role\nversion: v8\nmetadata: {name: mcp-files\n", true)]
        public void A_preview_says_it_may_be_partial_when_a_role_a_user_names_may_be_among_what_was_not_read(string roles, string broken, bool partial)
        {
            var c = new ClusterInput();
            c.ReadText("kind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: " + roles + "}\n---\n" +
                       "kind: app\nversion: v3\nmetadata: {name: files, labels: {env: dev}}\nspec: {uri: 'mcp+stdio://', mcp: {command: x}}\n---\n" +
                       "kind: role\nversion: v8\nmetadata: {name: access}\n", "export.yaml");
            if (broken.Length > 0) c.ReadText(broken, "broken.yaml");
            var o = RoleDesignRun.Run(new RoleDesignOptions { Name = "mcp-files", Tools = ReadFile, UsersFromCommandLine = new[] { "alice" }, ExportGiven = true },
                Piped("files"), c, n => new DictionaryInput(n));
            var p = o.Preview();
            var effect = Assert.Single(p.Effects);
            var missing = roles.Contains("lost", StringComparison.Ordinal) ? new[] { "lost" } : roles.Contains("mcp-files", StringComparison.Ordinal) ? new[] { "mcp-files" } : Array.Empty<string>();
            Assert.Equal(missing, effect.RolesNotInExport);
            if (!partial) Assert.Null(p.Partial);
            else
            {
                Assert.StartsWith("The preview may be partial: 1 resource(s) of -Path could not be read (broken.yaml:", p.Partial, StringComparison.Ordinal);
                Assert.Contains("user(s) \"alice\" name roles not in the export", p.Partial, StringComparison.Ordinal);
            }
        }
    }
}
