using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleTest;
using TeleportMcp.Tests.Resources;
using Xunit;

namespace TeleportMcp.Tests.RoleTest
{
    /// <summary>What each object piped to Test-TeleportMcpRole is, decided by the engine (the module only binds).</summary>
    public class RoleTestInputsTests
    {
        private static RoleTestOptions Add(IInputObject input, IEnumerable<object> users = null, IEnumerable<string> tools = null, bool toolsFromCommandLine = false,
            bool appsChosen = false, bool usersFromCommandLine = false)
        {
            var o = new RoleTestOptions { ToolsFromCommandLine = toolsFromCommandLine, UsersFromCommandLine = usersFromCommandLine };
            RoleTestInputs.Add(o, input, users?.Select(DictionaryInput.UserChoiceOf), tools, appsChosen);
            return o;
        }

        private static DictionaryInput Bag(params (string Key, object Value)[] entries)
        {
            var d = new Hashtable();
            foreach (var (k, v) in entries) d[k] = v;
            return new DictionaryInput(d);
        }

        [Fact]
        public void A_string_is_a_name_decided_later()
        {
            var o = Add(new DictionaryInput("read_file"));
            Assert.Equal(new[] { "read_file" }, o.PipedNames);
            Assert.Empty(o.Tools);
        }

        [Fact]
        public void Typed_resources_join_the_cluster_and_an_agent_is_left_out()
        {
            Assert.Single(Add(new DictionaryInput(new Role { Name = "dev", Version = "v8" })).Cluster.Roles);
            var agent = Add(new DictionaryInput(new AppServiceAgent()));
            Assert.Empty(agent.Cluster.Roles);
            Assert.Empty(agent.Cluster.Apps);
        }

        [Fact]
        public void An_audit_event_is_replayed_and_its_user_is_no_user_choice()
        {
            var ev = new AuditEvent { User = "bob", Tool = "x" };
            var o = Add(new DictionaryInput(ev), users: new object[] { "bob" });
            Assert.Same(ev, Assert.Single(o.AuditEvents));
            Assert.Empty(o.PipedUsers);
        }

        [Theory]
        [InlineData("AllowMcpTools", InputKind.Role)]
        [InlineData("Roles", InputKind.User)]
        [InlineData("Uri", InputKind.App)]
        public void A_copy_that_lost_its_type_is_rebuilt(string key, InputKind kind)
        {
            var bag = key == "Roles" ? Bag(("Name", "x"), ("Roles", new[] { "dev" }), ("Traits", new Hashtable()))
                : key == "Uri" ? Bag(("Name", "x"), ("Uri", "mcp+stdio://x"), ("Command", "x"))
                : Bag(("Name", "x"), ("Version", "v7"), (key, new[] { "a" }));
            var o = Add(bag, tools: new[] { "x" });
            Assert.Equal(kind == InputKind.Role ? 1 : 0, o.Cluster.Roles.Count);
            Assert.Equal(kind == InputKind.User ? 1 : 0, o.Cluster.Users.Count);
            Assert.Equal(kind == InputKind.App ? 1 : 0, o.Cluster.Apps.Count);
            Assert.Empty(o.Tools);
        }

        // A scoped_role_assignment (assignment.proto @093d75af) as Import-TeleportResource writes it, as a copy that lost its
        // type (Import-Clixml, remoting) or as a table: it joins the cluster for the note on its user's decisions, and its user
        // (AssignedUser) is no -User, nor its Name a tool.
        [Theory]
        [InlineData("typed")]
        [InlineData("copy")]
        [InlineData("table")]
        public void A_scoped_role_assignment_joins_the_cluster(string form)
        {
            var grants = new object[] { new Hashtable { ["Role"] = "reader", ["Scope"] = "/dev" }, new Hashtable { ["Role"] = "writer" } };
            var input = form == "typed"
                ? new DictionaryInput(new ScopedRoleAssignment { Name = "a1", AssignedUser = "alice", Assignments = { new ScopedRoleGrant { Role = "reader", Scope = "/dev" }, new ScopedRoleGrant { Role = "writer" } } })
                : form == "copy"
                    ? new DictionaryInput(new Hashtable { ["Name"] = "a1", ["AssignedUser"] = "alice", ["Assignments"] = grants }, "Deserialized.TeleportMcp.ScopedRoleAssignment", "Deserialized.TeleportMcp.TeleportResource")
                    : Bag(("Name", "a1"), ("AssignedUser", "alice"), ("Assignments", grants));
            var o = Add(input);
            var a = Assert.Single(o.Cluster.ScopedAssignments);
            Assert.Equal(("a1", "alice", "reader@/dev,writer@"), (a.Name, a.AssignedUser, string.Join(",", a.Assignments)));
            Assert.Empty(o.PipedUsers);
            Assert.Empty(o.Tools);
        }

        [Theory]
        [InlineData("text")]
        [InlineData("item")]
        public void A_scoped_role_assignment_copy_that_does_not_read_is_that_items_error(string broken)
        {
            object assignments = broken == "text" ? "reader@/dev" : new object[] { "reader@/dev" };
            var e = Assert.Throws<TeleportMcp.Engine.Common.TeleportInputException>(() => Add(new DictionaryInput(new Hashtable { ["Name"] = "a1", ["AssignedUser"] = "alice", ["Assignments"] = assignments },
                "Deserialized.TeleportMcp.ScopedRoleAssignment")));
            Assert.Equal(ResourceCopies.UnreadablePropertyCode, e.Code);
            Assert.Contains("scoped_role_assignment \"a1\": the value", e.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void A_deserialized_role_is_a_role_by_its_type_name()
        {
            var o = Add(new DictionaryInput(new Hashtable { ["Name"] = "dev", ["Version"] = "v7" }, "Deserialized.TeleportMcp.Role", "Deserialized.System.Object"));
            Assert.Equal("dev", Assert.Single(o.Cluster.Roles).Name);
        }

        [Fact]
        public void A_probe_result_checks_its_tools_on_its_own_app()
        {
            var probe = Bag(("App", new App { Name = "files" }), ("Tools", new object[] { "read_file", new Hashtable { ["Name"] = "write_file" }, new Hashtable { ["name"] = "" } }));
            var o = Add(probe);
            var p = Assert.Single(o.Probed);
            Assert.Equal("files", p.App.Name);
            Assert.Equal(new[] { "read_file", "write_file" }, p.Tools);
            Assert.Empty(o.Tools);
        }

        [Fact]
        public void A_probe_result_gives_only_its_tools_when_the_apps_are_chosen_or_its_app_is_unknown()
        {
            var probe = Bag(("App", new Hashtable { ["Name"] = "files", ["Uri"] = "mcp+stdio://f" }), ("Tools", new[] { "read_file" }));
            Assert.Equal(new[] { "read_file" }, Add(probe, appsChosen: true).Tools);
            Assert.Empty(Add(probe, appsChosen: true).Probed);
            Assert.Equal("files", Assert.Single(Add(probe).Probed).App.Name);
            Assert.Equal(new[] { "read_file" }, Add(Bag(("Tools", new[] { "read_file" }))).Tools);
        }

        [Fact]
        public void Tools_on_the_command_line_leave_piped_tools_out()
        {
            var o = Add(Bag(("Tools", new[] { "read_file" })), tools: new[] { "t" }, toolsFromCommandLine: true);
            Assert.Empty(o.Tools);
            Assert.Empty(o.Probed);
        }

        [Fact]
        public void Tools_bound_by_property_name_are_tools()
        {
            var o = Add(new DictionaryInput(new Hashtable { ["Tool"] = "x" }), tools: new[] { "read_file", "", null });
            Assert.Equal(new[] { "read_file" }, o.Tools);
        }

        [Fact]
        public void Users_bound_by_property_name_stand_for_User_unless_it_was_given()
        {
            var alice = new User { Name = "alice" };
            var o = Add(null, users: new object[] { "bob", "", null, alice });
            Assert.Equal(new[] { "bob", "alice" }, o.PipedUsers.Select(c => c.Name));
            Assert.Same(alice, o.PipedUsers[1].Resource);
            Assert.Empty(Add(null, users: new object[] { "bob" }, usersFromCommandLine: true).PipedUsers);
        }

        private static System.Collections.Specialized.OrderedDictionary Ordered(params (string Key, object Value)[] entries)
        {
            var d = new System.Collections.Specialized.OrderedDictionary();
            foreach (var (k, v) in entries) d[k] = v;
            return d;
        }

        /// <summary>tctl get role/jr --format=json | ConvertFrom-Json: kind, version, metadata and spec as nested property bags.</summary>
        private static System.Collections.Specialized.OrderedDictionary TctlRole(string version) => Ordered(("kind", "role"), ("version", version),
            ("metadata", Ordered(("name", "jr"))), ("spec", Ordered(("allow", Ordered(("app_labels", Ordered(("*", "*"))), ("mcp", Ordered(("tools", new object[] { "*" }))))))));

        /// <summary>
        /// The one input policy (InputPolicy.Classify): a tctl object (kind and metadata) is read by the resource reader, as its
        /// JSON file would be (ResourceReader, ClusterInput.ReadObject); an object that is none of what the command takes is
        /// the non-terminating InvalidPipelineInput naming it (type, and tctl's kind and name where present), and -Quiet
        /// cannot pass. (the object, -Tool on the command line, what was taken or the error's message)
        /// </summary>
        public static TheoryData<object, bool, string> PipedObjectRows() => new TheoryData<object, bool, string>
        {
            { TctlRole("v7"), false, "role jr" },
            { Ordered(("kind", "user"), ("version", "v2"), ("metadata", Ordered(("name", "ann"))), ("spec", Ordered(("roles", new object[] { "jr" })))), false, "user ann" },
            { Ordered(("kind", "app"), ("version", "v3"), ("metadata", Ordered(("name", "fs"))), ("spec", Ordered(("uri", "mcp+stdio://"), ("mcp", Ordered(("command", "npx")))))), false, "app fs" },
            // Read by the reader, refused by its rule: the document's own error, and -Quiet cannot pass.
            { TctlRole("v99"), false, "unread UnsupportedRoleVersion" },
            { Ordered(("foo", 1)), false, "error Test-TeleportMcpRole takes roles, users, apps and scoped_role_assignments (Import-TeleportResource output, a copy of it, or tctl get --format=json output through ConvertFrom-Json), probe results, audit events, user or tool names, and objects with a User or Tool property; got a System.Collections.Specialized.OrderedDictionary (keys foo)." },
            { Ordered(("kind", "role"), ("spec", Ordered())), false, "error *got a System.Collections.Specialized.OrderedDictionary (kind 'role')." },
            { Ordered(("version", "v7"), ("metadata", Ordered(("name", "jr")))), false, "error *got a System.Collections.Specialized.OrderedDictionary (name 'jr')." },
            { 42, false, "error *got a System.Int32 '42'." },
            { new System.IO.FileInfo("/tmp/roles.yaml"), false, "error *got a System.IO.FileInfo '/tmp/roles.yaml'." },
            // With -Tool on the command line an object that names tools is left out by design; one that names nothing is still an error.
            { Ordered(("foo", 1)), true, "error *(keys foo)." },
            { Ordered(("Tool", "x")), true, "nothing" },
        };

        [Theory]
        [MemberData(nameof(PipedObjectRows))]
        public void A_piped_object_is_read_by_the_one_input_policy_or_named_as_not_used(object value, bool toolsFromCommandLine, string expected)
        {
            var errors = new List<TeleportMcp.Engine.Common.TeleportInputException>();
            var o = new RoleTestOptions { ToolsFromCommandLine = toolsFromCommandLine, Error = errors.Add };
            o.Cluster.Error = d => errors.Add(new TeleportMcp.Engine.Common.TeleportInputException(d.Code, d.Message, d.Location));
            try
            {
                RoleTestInputs.Add(o, new DictionaryInput(value), null, toolsFromCommandLine ? null : value is IDictionary d && d.Contains("Tool") ? new[] { (string)d["Tool"] } : null, false);
            }
            catch (TeleportMcp.Engine.Common.TeleportInputException e)
            {
                // As the cmdlet does: that item's error, with the object as given as its target.
                e.TargetObject ??= value;
                o.NoteUnread(e);
            }
            var taken = o.Cluster.Roles.Select(r => "role " + r.Name).Concat(o.Cluster.Users.Select(u => "user " + u.Name)).Concat(o.Cluster.Apps.Select(a => "app " + a.Name)).ToList();
            if (expected.StartsWith("error ", System.StringComparison.Ordinal))
            {
                var e = Assert.Single(errors);
                Assert.Equal("InvalidPipelineInput", e.Code);
                Assert.IsType<TeleportMcp.Engine.Common.TeleportArgumentException>(e);
                var message = expected.Substring(6);
                if (message.StartsWith("*", System.StringComparison.Ordinal)) Assert.EndsWith(message.Substring(1), e.Message, System.StringComparison.Ordinal);
                else Assert.Equal(message, e.Message);
                Assert.Same(value, e.TargetObject);
                Assert.True(o.InputMissing);
                Assert.Empty(taken);
            }
            else if (expected.StartsWith("unread ", System.StringComparison.Ordinal))
            {
                Assert.Equal(expected.Substring(7), Assert.Single(errors).Code);
                Assert.Single(o.Cluster.Unread);
            }
            else
            {
                Assert.Empty(errors);
                Assert.False(o.InputMissing);
                Assert.Equal(expected == "nothing" ? System.Array.Empty<string>() : new[] { expected }, taken);
            }
        }

        // A -Path value that matched no file fails the run (-Quiet false); the others are still read.
        [Theory]
        [InlineData(new[] { 1, 1 }, false, 2)]
        [InlineData(new[] { 1, 0 }, true, 1)]
        [InlineData(new[] { 0 }, true, 0)]
        [InlineData(new int[0], false, 0)]
        public void ReadPaths_marks_input_missing_when_a_path_matched_nothing(int[] filesPerPath, bool missing, int rolesRead)
        {
            var dir = System.IO.Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tmcp-readpaths-" + System.Guid.NewGuid().ToString("N")));
            try
            {
                int n = 0;
                var perPath = filesPerPath.Select(count => (IReadOnlyList<string>)Enumerable.Range(0, count).Select(_ =>
                {
                    var f = System.IO.Path.Combine(dir.FullName, "r" + n + ".yaml");
                    System.IO.File.WriteAllText(f, "kind: role\nversion: v7\nmetadata:\n  name: r" + n++ + "\n");
                    return f;
                }).ToList()).ToList();
                var o = new RoleTestOptions();
                string line = RoleTestInputs.ReadPaths(o, perPath);
                Assert.Equal(missing, o.InputMissing);
                Assert.Equal(rolesRead, o.Cluster.Roles.Count);
                Assert.Contains(rolesRead + " role(s), 0 user(s), 0 app(s).", line, StringComparison.Ordinal);
            }
            finally
            {
                dir.Delete(true);
            }
        }
    }
}
