using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// A resource that arrives as a copy: which texts read as the enum a property now is, and the error of a property that
    /// does not read, which is that one copy's (its id, the resource it names, texts made safe).
    /// </summary>
    public class ResourceCopiesTests
    {
        public static TheoryData<Type, string, object> Reads() => new TheoryData<Type, string, object>
        {
            { typeof(AppOrigin), "AppServer", AppOrigin.AppServer },
            { typeof(AppOrigin), "app_server", AppOrigin.AppServer },
            { typeof(AppOrigin), " teleport.yaml ", AppOrigin.TeleportYaml },
            // An older copy wrote "" for none: the enum's default.
            { typeof(AppOrigin), "", AppOrigin.App },
            { typeof(ConfigScope), "project", ConfigScope.Project },
            { typeof(ConfigScope?), "LEGACY", ConfigScope.Legacy },
            { typeof(ConfigScope?), "", ConfigScope.None },
            // An enum without earlier spellings: its names in any case.
            { typeof(CheckStatus), "pass", CheckStatus.Pass },
            { typeof(McpTransport), "Stdio", McpTransport.Stdio },
        };

        [Theory]
        [MemberData(nameof(Reads))]
        public void Reads_a_name_an_earlier_spelling_or_nothing(Type type, string text, object expected)
        {
            Assert.True(ResourceCopies.TryReadText(type, text, out var value));
            Assert.Equal(expected, value);
        }

        [Theory]
        [InlineData(typeof(AppOrigin), "somewhere")]
        [InlineData(typeof(AppOrigin), "1")]
        [InlineData(typeof(AppOrigin), "App,AppServer")]
        [InlineData(typeof(ConfigScope), "global")]
        [InlineData(typeof(ConfigScope?), "0")]
        [InlineData(typeof(CheckStatus), "2")]
        [InlineData(typeof(CheckStatus), "passed")]
        [InlineData(typeof(string), "text")]
        public void Reads_nothing_else(Type type, string text)
        {
            Assert.False(ResourceCopies.TryReadText(type, text, out var value));
            Assert.Null(value);
        }

        public static TheoryData<object, string, Type, object, string, string, string> Errors() => new TheoryData<object, string, Type, object, string, string, string>
        {
            // resource, property, its type, the value, id, target, message
            {
                new App { Name = "files" }, "Origin", typeof(AppOrigin), "somewhere", "UnknownAppOrigin", "files",
                "app \"files\": Origin 'somewhere' is not one of App, AppServer, TeleportYaml, McpDemoServer (or app, app_server, teleport.yaml, mcp_demo_server)."
            },
            {
                new App(), "Origin", typeof(AppOrigin), "x", "UnknownAppOrigin", null!,
                "app without a name: Origin 'x' is not one of App, AppServer, TeleportYaml, McpDemoServer (or app, app_server, teleport.yaml, mcp_demo_server)."
            },
            {
                new ClientCheck(), "Scope", typeof(ConfigScope?), "global", "UnknownConfigScope", null!,
                "ClientCheck without a name: Scope 'global' is not one of None, User, Project, Packaged, Legacy, File, Managed (or user, project, packaged, legacy, file)."
            },
            {
                new App { Name = "a\u001b[31mb" }, "Origin", typeof(AppOrigin), "some\u001b[2Jwhere\u0007", "UnknownAppOrigin", "a\u001b[31mb",
                "app \"a\\x1B[31mb\": Origin 'some\\x1B[2Jwhere\\x07' is not one of App, AppServer, TeleportYaml, McpDemoServer (or app, app_server, teleport.yaml, mcp_demo_server)."
            },
            {
                new User { Name = "bob" }, "Roles", typeof(List<string>), 12, ResourceCopies.UnreadablePropertyCode, "bob",
                "user \"bob\": the value 12 of Roles cannot be converted to List<String>: no list"
            },
        };

        [Theory]
        [MemberData(nameof(Errors))]
        public void A_property_that_does_not_read_is_that_copy_s_error(object resource, string property, Type type, object value, string code, string target, string message)
        {
            var e = ResourceCopies.Unreadable(resource, property, type, value, value is string ? null : "no list");
            Assert.Equal(code, e.Code);
            Assert.Equal(target, e.TargetName);
            Assert.Equal(message, e.Message);
            Assert.Null(e.Location);
            Assert.Contains(property, e.RecommendedAction, StringComparison.Ordinal);
        }

        [Fact]
        public void The_message_does_not_grow_with_the_copy()
        {
            var huge = new string('x', 100_000);
            var e = ResourceCopies.Unreadable(new App { Name = huge }, "Origin", typeof(AppOrigin), huge);
            Assert.True(e.Message.Length < 4 * Limits.Current.ChildMessageChars, e.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("UnknownAppOrigin", e.Code);
        }

        /// <summary>
        /// A deserialized role or user (Import-Clixml, remoting) keeps its label and trait tables as Hashtables whose lists
        /// are wrapped objects (PSObject around an ArrayList; here an input object around a list): each list is read as
        /// its items, never as one text of them joined ("dev staging"), so the copy decides like the original.
        /// </summary>
        [Fact]
        public void A_copied_table_whose_lists_are_wrapped_keeps_every_value()
        {
            var labels = new System.Collections.Hashtable { ["env"] = new DictionaryInput(new List<object> { "dev", "staging" }) };
            var traits = new System.Collections.Hashtable { ["logins"] = new DictionaryInput(new List<object> { "alice", "ubuntu" }), ["team"] = new DictionaryInput("mcp") };
            var role = ResourceCopies.From<Role>(new DictionaryInput(new System.Collections.Hashtable { ["Name"] = "dev", ["AllowAppLabels"] = labels }, "Deserialized.TeleportMcp.Role"));
            Assert.Equal(new[] { "dev", "staging" }, (string[])role!.AllowAppLabels!["env"]!);
            var user = ResourceCopies.From<User>(new DictionaryInput(new System.Collections.Hashtable { ["Name"] = "alice", ["Traits"] = traits }, "Deserialized.TeleportMcp.User"));
            Assert.Equal(new[] { "alice", "ubuntu" }, (string[])user!.Traits["logins"]!);
            Assert.Equal(new[] { "mcp" }, (string[])user.Traits["team"]!);
        }

        [Theory]
        [InlineData("Deserialized.TeleportMcp.AppServiceAgent")]
        [InlineData("Deserialized.TeleportMcp.ProbeResult")]
        [InlineData("Deserialized.TeleportMcp.Role")]
        public void A_copy_of_another_module_type_is_no_app_although_its_properties_would_fill_one(string typeName)
        {
            var copy = new DictionaryInput(new System.Collections.Hashtable { ["Name"] = "mcp-01", ["Labels"] = new System.Collections.Hashtable { ["env"] = "dev" } },
                typeName, "Deserialized.TeleportMcp.TeleportResource", "Deserialized.System.Object");
            Assert.Null(ResourceCopies.App(copy));
            var app = ResourceCopies.App(new DictionaryInput(new System.Collections.Hashtable { ["Name"] = "files", ["Uri"] = "mcp+stdio://" },
                "Deserialized.TeleportMcp.App", "Deserialized.TeleportMcp.TeleportResource", "Deserialized.System.Object"));
            Assert.Equal("files", app!.Name);
            Assert.Equal("files", ResourceCopies.App(new DictionaryInput(new System.Collections.Hashtable { ["Name"] = "files" }))!.Name);
        }

        [Fact]
        public void Each_enum_read_from_text_has_its_own_id()
        {
            Assert.Equal("UnknownAppOrigin", EnumSpellings.UnknownCode(typeof(AppOrigin)));
            Assert.Equal("UnknownConfigScope", EnumSpellings.UnknownCode(typeof(ConfigScope?)));
        }
    }
}
