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
            c.Add(new App { Name = "wiki", Uri = "http://127.0.0.1:8081" });
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

        // A role is written only when every -App value it was asked to cover was accepted: each refused value is its own
        // error (its id kept), and the command then ends with RoleNotWritten naming every refused value.
        public static IEnumerable<object[]> AppValues()
        {
            // (the -App values, accepted count, refused summaries)
            yield return new object[] { new object[] { "files" }, 1, Array.Empty<string>() };
            yield return new object[] { new object[] { "files", "nosuch" }, 1, new[] { "'nosuch' (AppNotFound)" } };
            yield return new object[] { new object[] { "nosuch", "files", "other" }, 1, new[] { "'nosuch' (AppNotFound)", "'other' (AppNotFound)" } };
            // A copy whose property does not read is named by its Name.
            yield return new object[] { new object[] { new Hashtable { ["Name"] = "bad", ["Uri"] = "mcp+stdio://", ["Command"] = "x", ["Args"] = new Hashtable { ["a"] = 1 } }, "files" }, 1,
                new[] { "'bad' (InvalidResourceProperty)" } };
            // A probe that stopped early.
            yield return new object[] { new object[] { "files", new Hashtable { ["AppName"] = "broken", ["Stage"] = "Launch", ["Message"] = "exit 1", ["Tools"] = Array.Empty<object>() } }, 1,
                new[] { "'broken' (ProbeIncomplete)" } };
            // A list inside the list, refused by the parameter itself, names its items.
            yield return new object[] { new object[] { "files", new object[] { "x", "y" } }, 1, new[] { "a list inside the list ('x', 'y') (InvalidAppObject)" } };
            // A web app (api/types/app.go IsAppMCP: no mcp+ scheme; connections_handler.go @0009d93e checks mcp.tools only on
            // MCP apps): by name or as the App, a role for it would grant no tool and only open the web app (helper-339).
            yield return new object[] { new object[] { "files", "wiki" }, 1, new[] { "'wiki' (NotAnMcpApp)" } };
            yield return new object[] { new object[] { new App { Name = "wiki", Uri = "http://127.0.0.1:8081", Labels = new Hashtable { ["team"] = "docs" } } }, 0,
                new[] { "'wiki' (NotAnMcpApp)" } };
            // Every value refused: NoApp ends the command instead.
            yield return new object[] { new object[] { "nosuch" }, 0, new[] { "'nosuch' (AppNotFound)" } };
        }

        [Theory]
        [MemberData(nameof(AppValues))]
        public void Writes_the_role_only_when_every_app_value_was_accepted(object[] values, int accepted, string[] refused)
        {
            var pipeline = new DesignPipeline();
            var errors = new List<TeleportInputException>();
            var apps = new List<DesignApp>();
            foreach (var v in values)
            {
                // As the cmdlet binds and reads each value: the parameter's own refusal first, then the server it stands for.
                var choice = v is object[] nested
                    ? AppChoice.Refused(new DictionaryInput(nested), Choice.NestedList("-App", AppChoice.NotAnAppCode, nested))
                    : DictionaryInput.AppChoiceOf(v);
                if (Choice.Refused(choice, e => errors.Add(pipeline.Refuse(e, "mcp-files", choice.Given)))) continue;
                var input = DesignAppInputs.Resolve(choice.Given ?? new DictionaryInput(choice.Name), Cluster(true));
                if (input.Error != null) errors.Add(pipeline.Refuse(input.Error, "mcp-files", choice.Given ?? new DictionaryInput(choice.Name)));
                else apps.Add(input.App);
            }
            Assert.Equal(accepted, apps.Count);
            Assert.Equal(refused, pipeline.Refused);
            Assert.Equal(refused.Select(r => r.Substring(r.LastIndexOf('(') + 1).TrimEnd(')')), errors.Select(e => e.Code));
            // Each refusal says, in its recommended action, that the role is not written.
            Assert.All(errors, e => Assert.StartsWith("Fix or leave out this -App value: role 'mcp-files' is not written (no role object, no file)", e.RecommendedAction, StringComparison.Ordinal));
            var notWritten = pipeline.NotWritten("mcp-files", apps.Count);
            var noApp = DesignPipeline.NoApp(apps.Count);
            if (refused.Length == 0)
            {
                Assert.Null(notWritten);
                Assert.Null(noApp);
            }
            else if (accepted == 0)
            {
                Assert.Null(notWritten);
                Assert.Equal("NoApp", noApp!.Code);
            }
            else
            {
                Assert.Null(noApp);
                Assert.Equal(DesignPipeline.NotWrittenCode, notWritten!.Code);
                Assert.Equal("RoleNotWritten", notWritten.Code);
                Assert.Equal("mcp-files", notWritten.Target);
                Assert.StartsWith("Role 'mcp-files' was not written: " + refused.Length + " of the " + (refused.Length + accepted) + " -App values given", notWritten.Message, StringComparison.Ordinal);
                Assert.Contains("No role object was written and no file was written or changed.", notWritten.Message, StringComparison.Ordinal);
                foreach (var r in refused) Assert.Contains(r, notWritten.Message, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void A_refused_value_keeps_its_own_advice_after_the_note()
        {
            var pipeline = new DesignPipeline();
            var e = pipeline.Refuse(new TeleportArgumentException("InvalidAppObject", "got Int32.") { RecommendedAction = "Pipe the probe result." }, "r1", new DictionaryInput(42));
            Assert.Equal("InvalidAppObject", e.Code);
            Assert.Equal("got Int32.", e.Message);
            Assert.Equal("Fix or leave out this -App value: role 'r1' is not written (no role object, no file) while any -App value it was asked to cover is refused. Pipe the probe result.", e.RecommendedAction);
            Assert.Equal(new[] { "a System.Int32 (InvalidAppObject)" }, pipeline.Refused);
        }

        [Fact]
        public void Names_a_role_and_values_with_control_characters_escaped()
        {
            var pipeline = new DesignPipeline();
            pipeline.Refuse(new TeleportNotFoundException("AppNotFound", "no app", "a\u001b[2Jb"), "r\nx", new DictionaryInput("a\u001b[2Jb"));
            var refusal = pipeline.NotWritten("r\nx", 1)!;
            Assert.DoesNotContain('\u001b', refusal.Message);
            Assert.DoesNotContain('\n', refusal.Message);
        }
    }
}
