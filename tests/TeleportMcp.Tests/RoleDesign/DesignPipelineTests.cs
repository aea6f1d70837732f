using System;
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
        private static readonly Choice<User>[] None = System.Array.Empty<Choice<User>>();

        private static Choice<User>[] Bound(params object[] values) => values.Select(v => (Choice<User>)DictionaryInput.UserChoiceOf(v!)).ToArray();

        private static void Add(DesignPipeline p, IInputObject input, Choice<User>[] bound) => p.Add(input, bound, e => throw e, DictionaryInput.NoWarning);

        [Fact]
        public void Names_users_and_servers_are_told_apart()
        {
            var p = new DesignPipeline();
            Add(p, new DictionaryInput("files"), Bound("files"));
            Add(p, new DictionaryInput(new User { Name = "alice" }), Bound("alice"));
            Add(p, new DictionaryInput(new Hashtable { ["Name"] = "bob" }, "Deserialized.TeleportMcp.User"), None);
            Add(p, new DictionaryInput(new Hashtable { ["User"] = "carol", ["Shift"] = "night" }), Bound("carol"));
            var probe = new DictionaryInput(new Hashtable { ["AppName"] = "db", ["Stage"] = "Done", ["Tools"] = new[] { "q" }, ["User"] = "dave" });
            Add(p, probe, Bound("dave"));
            var app = new DictionaryInput(new App { Name = "git" });
            Add(p, app, None);
            Add(p, null, None);
            Assert.Equal(new[] { "files" }, p.Names);
            Assert.Equal(new[] { "alice", "bob", "carol" }, p.Users);
            Assert.Equal(new IInputObject[] { probe, app }, p.Apps);
        }

        [Fact]
        public void Command_line_apps_name_each_refused_item_by_its_place_and_a_null_beside_others_is_its_error()
        {
            // New-TeleportMcpRole -App (ConvertFrom-Json of a tctl array): a null beside apps, a list inside the list, and a
            // value refused only when resolved each name their place; the apps beside them are kept, the role not written.
            var nested = new object[] { "a", "b" };
            var given = new Choice<App>[]
            {
                new AppChoice("files"), null, AppChoice.Refused(new DictionaryInput(nested), Choice.NestedList("-App", AppChoice.NotAnAppCode, nested)),
                new AppChoice(""), AppChoice.From(new DictionaryInput(new Hashtable { ["Name"] = "git" }, "Deserialized.TeleportMcp.App")),
            };
            var p = new DesignPipeline();
            var errors = new System.Collections.Generic.List<TeleportMcp.Engine.Common.TeleportInputException>();
            p.AddCommandLineApps(given, c => new DictionaryInput(c.Given?.Value ?? c.Name!), "r", errors.Add);
            Assert.Equal(new[] { "files", "git" }, p.Apps.Select(a => a.Value is string s ? s : (string)((Hashtable)a.Value)["Name"]!));
            Assert.Equal(new[] { "-App[1]:InvalidAppObject", "-App[2]:InvalidAppObject", "-App[3]:InvalidAppObject" }, errors.Select(e => e.Item + ":" + e.Code));
            Assert.All(errors, e => Assert.StartsWith(e.Item + ": ", e.Message, System.StringComparison.Ordinal));
            Assert.Equal(new[] { "null (InvalidAppObject)", "a list inside the list ('a', 'b') (InvalidAppObject)", "'' (InvalidAppObject)" }, p.Refused);
            // Resolved later (not found, does not read): the error names the place of the value it is about.
            var late = p.Refuse(new TeleportMcp.Engine.Common.TeleportArgumentException("AppNotFound", "no app 'git'"), "r", p.Apps[1]);
            Assert.Equal("-App[4]: no app 'git'", late.Message);
            Assert.Null(p.Refuse(new TeleportMcp.Engine.Common.TeleportArgumentException("AppNotFound", "x"), "r", new DictionaryInput("other")).Item);
        }

        [Fact]
        public void The_same_app_object_given_twice_keeps_its_first_place()
        {
            // New-TeleportMcpRole -App $a, $a: the one binding (one input object) is added twice, never a crash.
            var p = new DesignPipeline();
            var app = new AppChoice("files");
            var inputs = new System.Collections.Generic.Dictionary<Choice<App>, IInputObject>();
            var errors = new System.Collections.Generic.List<TeleportMcp.Engine.Common.TeleportInputException>();
            p.AddCommandLineApps(new Choice<App>[] { app, app }, c => inputs.TryGetValue(c, out var i) ? i : inputs[c] = new DictionaryInput(c.Name!), "r", errors.Add);
            Assert.Empty(errors);
            Assert.Equal(2, p.Apps.Count);
            Assert.Equal("-App[0]", p.Refuse(new TeleportMcp.Engine.Common.TeleportArgumentException("AppNotFound", "x"), "r", p.Apps[1]).Item);
        }

        [Fact]
        public void A_single_command_line_app_has_no_place()
        {
            var p = new DesignPipeline();
            var errors = new System.Collections.Generic.List<TeleportMcp.Engine.Common.TeleportInputException>();
            p.AddCommandLineApps(new Choice<App>[] { new AppChoice("files") }, c => new DictionaryInput(c.Name!), "r", errors.Add);
            Assert.Empty(errors);
            Assert.Null(p.Refuse(new TeleportMcp.Engine.Common.TeleportArgumentException("AppNotFound", "x"), "r", p.Apps[0]).Item);
        }

        [Fact]
        public void An_object_with_a_user_that_is_also_an_app_is_a_server()
        {
            var p = new DesignPipeline();
            var appCopy = new DictionaryInput(new Hashtable { ["Name"] = "files", ["Uri"] = "mcp+stdio://", ["User"] = "x" });
            Add(p, appCopy, Bound("x"));
            Assert.Empty(p.Users);
            Assert.Same(appCopy, Assert.Single(p.Apps));
        }

        [Fact]
        public void An_object_with_a_user_whose_app_copy_does_not_read_is_a_server_reported_later()
        {
            var p = new DesignPipeline();
            var appCopy = new DictionaryInput(new Hashtable { ["Name"] = "files", ["Origin"] = "somewhere", ["User"] = "x" });
            Add(p, appCopy, Bound("x"));
            Assert.Empty(p.Users);
            Assert.Same(appCopy, Assert.Single(p.Apps));
        }

        [Fact]
        public void Users_bound_beside_App_on_the_command_line_are_names()
        {
            var p = new DesignPipeline();
            p.AddBoundUsers(Bound("alice", "", null, "bob"), e => throw e, DictionaryInput.NoWarning);
            Assert.Equal(new[] { "alice", "bob" }, p.Names);
        }

        // With -App on the command line every piped object binds -User by value: the one rule (Choice.FromObject) reads
        // it, never its text (before: a role was the user "access", a hashtable "System.Collections.Hashtable", a file its owner).
        [Fact]
        public void Objects_bound_beside_App_on_the_command_line_are_read_by_the_one_rule()
        {
            var p = new DesignPipeline();
            var unread = new System.Collections.Generic.List<TeleportMcp.Engine.Common.TeleportInputException>();
            var file = new System.IO.FileInfo(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "users.yaml"));
            var userDoc = new Hashtable { ["kind"] = "user", ["version"] = "v2", ["metadata"] = new Hashtable { ["name"] = "erin" }, ["spec"] = new Hashtable { ["roles"] = new[] { "access" } } };
            p.AddBoundUsers(Bound(new User { Name = "alice" }, new Hashtable { ["User"] = "bob" }, new Role { Name = "access" }, new App { Name = "files" }, file,
                new Hashtable { ["Foo"] = 1 }, new Hashtable { ["Name"] = "carol" }, 1001, userDoc), unread.Add, DictionaryInput.NoWarning);
            Assert.Empty(p.Names);
            Assert.Equal(new[] { "alice", "bob", "carol", "1001", "erin" }, p.Users);
            Assert.Equal(new[] { "PipedObjectNotUser", "PipedObjectNotUser", "PipedObjectNotUser", "PipedObjectNotUser" }, unread.Select(e => e.Code));
            Assert.Equal(4, p.UsersRefused);
        }

        [Fact]
        public void Users_all_refused_still_ask_for_a_preview()
        {
            var p = new DesignPipeline();
            p.AddBoundUsers(Bound(new Role { Name = "access" }), _ => { }, DictionaryInput.NoWarning);
            var plan = p.Plan(new ClusterInput(), null, appsFromCommandLine: true, exportGiven: true, n => new DictionaryInput(n));
            Assert.Empty(plan.PreviewUsers);
            Assert.True(plan.PreviewAsked);
            var none = new DesignPipeline().Plan(new ClusterInput(), null, appsFromCommandLine: true, exportGiven: true, n => new DictionaryInput(n));
            Assert.False(none.PreviewAsked);
        }

        [Theory]
        [InlineData("/tmp/role.yaml", "tctl create /tmp/role.yaml (")]
        [InlineData("/tmp/my role.yaml", "tctl create '/tmp/my role.yaml' (")]
        [InlineData("/tmp/o'brien.yaml", "tctl create '/tmp/o''brien.yaml' (")]
        [InlineData(@"C:\roles\role.yaml", @"tctl create C:\roles\role.yaml (")]
        [InlineData("/tmp/$(id).yaml", "tctl create '/tmp/$(id).yaml' (")]
        public void The_written_note_quotes_the_path_for_PowerShell(string path, string expected) =>
            Assert.Contains(expected, DesignedRole.WrittenNote(path), StringComparison.Ordinal);
    }
}
