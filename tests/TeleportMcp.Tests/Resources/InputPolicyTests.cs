using System.Collections;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>The one classification of piped objects that lost their type (InputPolicy.Classify over the engine's adapter).</summary>
    public class InputPolicyTests
    {
        [Theory]
        [InlineData("Deserialized.TeleportMcp.Role", "", InputKind.Role)]
        [InlineData("Deserialized.TeleportMcp.User", "", InputKind.User)]
        [InlineData("Deserialized.TeleportMcp.App", "Tools", InputKind.App)]
        [InlineData("Deserialized.TeleportMcp.ProbeResult", "", InputKind.ProbeResult)]
        [InlineData(null, "AllowMcpTools", InputKind.Role)]
        [InlineData(null, "DenyMcpTools", InputKind.Role)]
        [InlineData(null, "AllowAppLabels", InputKind.Role)]
        [InlineData(null, "Roles,Traits", InputKind.User)]
        [InlineData(null, "Roles", InputKind.Unknown)]
        [InlineData(null, "Uri,Transport", InputKind.App)]
        [InlineData(null, "Uri,Command", InputKind.App)]
        [InlineData(null, "Uri", InputKind.Unknown)]
        [InlineData(null, "Tools", InputKind.ProbeResult)]
        [InlineData(null, "User", InputKind.Unknown)]
        // tctl's resource header (kind, version, metadata): read as a document; kind alone is not one.
        [InlineData(null, "kind,version,metadata,spec", InputKind.Document)]
        [InlineData(null, "Kind,Metadata", InputKind.Document)]
        [InlineData(null, "kind,spec", InputKind.Unknown)]
        [InlineData(null, "metadata,spec", InputKind.Unknown)]
        [InlineData("Deserialized.TeleportMcp.Role", "kind,metadata", InputKind.Role)]
        // a scoped_role_assignment (assignment.proto @093d75af): its copy by type name, a table by whom it names and its assignments
        [InlineData("Deserialized.TeleportMcp.ScopedRoleAssignment", "", InputKind.ScopedRoleAssignment)]
        [InlineData(null, "AssignedUser,Assignments", InputKind.ScopedRoleAssignment)]
        [InlineData(null, "BotName,Assignments", InputKind.ScopedRoleAssignment)]
        [InlineData(null, "Assignments", InputKind.Unknown)]
        [InlineData(null, "AssignedUser", InputKind.Unknown)]
        public void Classifies_by_type_name_then_by_properties(string typeName, string keys, InputKind expected)
        {
            var bag = new Hashtable();
            foreach (var k in keys.Split(',', System.StringSplitOptions.RemoveEmptyEntries)) bag[k] = "x";
            var input = typeName == null ? new DictionaryInput(bag) : new DictionaryInput(bag, typeName);
            Assert.Equal(expected, InputPolicy.Classify(input));
        }

        [Fact]
        public void A_typed_object_is_only_a_probe_result_by_its_tools()
        {
            Assert.Equal(InputKind.Unknown, InputPolicy.Classify(new DictionaryInput("AllowMcpTools")));
        }

        [Theory]
        [InlineData("role", true)]
        [InlineData("App,User", false)]
        [InlineData("ROLE,app", true)]
        [InlineData("Roles", false)]
        public void Import_Kind_names_the_type(string kinds, bool expected) =>
            Assert.Equal(expected, ResourceReader.IsOfKind(new Role { Name = "dev" }, kinds.Split(',')));

        [Theory]
        [InlineData(0, true, false)]
        [InlineData(1, true, true)]
        [InlineData(3, false, false)]
        public void Quiet_never_passes_on_nothing_examined(int examined, bool nothingFailed, bool expected) =>
            Assert.Equal(expected, InputPolicy.QuietAnswer(examined, nothingFailed));

#nullable enable
        [Theory]
        [InlineData("User", "User", true, "u")]
        [InlineData("user", "User", true, "u")]
        [InlineData("USER", "User", true, "u")]
        [InlineData("Users", "User", false, null)]
        [InlineData("Tools", "User", false, null)]
        [InlineData("", "User", false, null)]
        public void A_dictionary_key_names_a_property_ignoring_case(string key, string name, bool found, string? value)
        {
            var d = new Hashtable(System.StringComparer.Ordinal) { [key] = value ?? "u" };
            Assert.Equal(found, InputPolicy.Entry(d, name, out var got));
            Assert.Equal(value, got);
        }

        [Fact]
        public void The_first_of_two_keys_differing_only_in_case_wins()
        {
            var d = new System.Collections.Specialized.OrderedDictionary { ["user"] = "first", ["User"] = "second" };
            Assert.True(InputPolicy.Entry(d, "USER", out var got));
            Assert.Equal("first", got);
        }
#nullable restore

        // Hostile input: a name, kind, key or text from outside with a line break, a tab or ESC stays on its line in a refused
        // item's error ("-App[1]: ... (properties k\x0AWARNING: fake)"); before, the line feed was kept and began a line.
        [Theory]
        [InlineData("key", "a System.Collections.Specialized.OrderedDictionary (keys k\\x0AWARNING: fake, x\\x09y)")]
        [InlineData("doc", "a System.Collections.Specialized.OrderedDictionary (kind 'ro\\x0D\\x0Ale', name 'a\\x1B[31mb\\x0Ac')")]
        [InlineData("text", "the text 'x\\x0Ay'")]
        public void A_line_break_in_what_an_error_names_is_escaped(string shape, string expected)
        {
            object value = shape switch
            {
                "key" => new System.Collections.Specialized.OrderedDictionary { ["k\nWARNING: fake"] = 1, ["x\ty"] = 2 },
                "doc" => new System.Collections.Specialized.OrderedDictionary { ["kind"] = "ro\r\nle", ["metadata"] = new Hashtable { ["name"] = "a\u001b[31mb\nc" } },
                _ => "x\ny",
            };
            var input = new DictionaryInput(value);
            Assert.Equal(expected, InputPolicy.Describe(input));
        }
    }
}
