using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>-Traits: a trait is a list of strings (api/types/trait wrappers.Traits); other objects are refused, never their type name.</summary>
    public class TraitValuesTests
    {
        public static IEnumerable<object[]> Taken() => new[]
        {
            new object[] { "read_*", "read_*" },
            new object[] { new object[] { "read_*", "search_*" }, "read_*|search_*" },
            new object[] { new[] { "a" }, "a" },
            new object[] { new List<string>(), "" },
            new object[] { 5, "5" },
            new object[] { 2.5, "2.5" },
            new object[] { true, "true" },
            new object[] { new object[] { 1, false, "x" }, "1|false|x" },
        };

        [Theory]
        [MemberData(nameof(Taken))]
        public void AStringAListOfStringsOrAScalarIsTaken(object value, string expected)
        {
            var traits = TraitValues.From(new Hashtable { ["mcp_tools"] = value }, out var error);
            Assert.Null(error);
            var trait = Assert.Single(traits!);
            Assert.Equal("mcp_tools", trait.Key);
            Assert.Equal(expected, string.Join("|", trait.Value));
        }

        public static IEnumerable<object[]> Refused() => new[]
        {
            new object[] { new Hashtable { ["a"] = 1 }, "-Traits: the trait mcp_tools holds a value of type Hashtable; a trait's value is a string or a list of strings" },
            new object[] { new object[] { "a", new object[] { "b" } }, "-Traits: the trait mcp_tools holds a list in its list; each item of a trait's list is a string" },
            new object[] { new object[] { "a", null! }, "-Traits: the trait mcp_tools holds a null item in its list; each item of a trait's list is a string" },
            new object[] { new DirectoryInfo("/tmp"), "-Traits: the trait mcp_tools holds a value of type DirectoryInfo; a trait's value is a string or a list of strings" },
        };

        [Theory]
        [MemberData(nameof(Refused))]
        public void AnythingElseIsInvalidTraitValue(object value, string message)
        {
            Assert.Null(TraitValues.From(new Hashtable { ["mcp_tools"] = value }, out var error));
            Assert.Equal("InvalidTraitValue", error!.Code);
            Assert.StartsWith(message + " (numbers and $true/$false are taken as their text)", error.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void ANullValueIsATraitWithoutValues()
        {
            var traits = TraitValues.From(new Hashtable { ["team"] = null }, out var error);
            Assert.Null(error);
            Assert.Empty(Assert.Single(traits!).Value);
        }
    }
}
