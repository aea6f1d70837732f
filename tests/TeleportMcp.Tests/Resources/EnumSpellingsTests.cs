using System;
using System.Collections;
using System.Management.Automation;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using Xunit;
using TeleportMcp.Parameters;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>App.Origin and ClientCheck.Scope read from text: the enum names and the spellings the releases before the enums wrote.</summary>
    public class EnumSpellingsTests
    {
        public static TheoryData<Type, string, object> Read() => new TheoryData<Type, string, object>
        {
            // The spellings of ef0b8ea (RoleReader, ResourceReader, ClientChecker, ClientPaths): Teleport's words.
            { typeof(AppOrigin), "app", AppOrigin.App },
            { typeof(AppOrigin), "app_server", AppOrigin.AppServer },
            { typeof(AppOrigin), "teleport.yaml", AppOrigin.TeleportYaml },
            { typeof(AppOrigin), "mcp_demo_server", AppOrigin.McpDemoServer },
            { typeof(ConfigScope), "user", ConfigScope.User },
            { typeof(ConfigScope), "project", ConfigScope.Project },
            { typeof(ConfigScope), "packaged", ConfigScope.Packaged },
            { typeof(ConfigScope), "legacy", ConfigScope.Legacy },
            { typeof(ConfigScope), "file", ConfigScope.File },
            // The enum names, in any case.
            { typeof(AppOrigin), "AppServer", AppOrigin.AppServer },
            { typeof(AppOrigin), "appserver", AppOrigin.AppServer },
            { typeof(AppOrigin), "TELEPORTYAML", AppOrigin.TeleportYaml },
            { typeof(AppOrigin), "McpDemoServer", AppOrigin.McpDemoServer },
            { typeof(AppOrigin), "App_Server", AppOrigin.AppServer },
            { typeof(ConfigScope), "Packaged", ConfigScope.Packaged },
            { typeof(ConfigScope?), "LEGACY", ConfigScope.Legacy },
            { typeof(ConfigScope?), "file", ConfigScope.File },
        };

        [Theory]
        [MemberData(nameof(Read))]
        public void Reads_the_name_or_the_earlier_spelling(Type type, string text, object expected)
        {
            Assert.True(EnumSpellings.TryRead(type, text, out var value));
            Assert.Equal(expected, value);
        }

        [Theory]
        [InlineData(typeof(AppOrigin), "1")]
        [InlineData(typeof(AppOrigin), "apps")]
        [InlineData(typeof(AppOrigin), "app-server")]
        [InlineData(typeof(AppOrigin), "App,AppServer")]
        [InlineData(typeof(AppOrigin), "")]
        [InlineData(typeof(ConfigScope), "0")]
        [InlineData(typeof(ConfigScope), "global")]
        public void Refuses_anything_else(Type type, string text)
        {
            Assert.False(EnumSpellings.TryRead(type, text, out var value));
            Assert.Null(value);
        }

        [Fact]
        public void Every_value_has_an_earlier_spelling_and_reads_by_name()
        {
            foreach (var type in new[] { typeof(AppOrigin), typeof(ConfigScope) })
            {
                Assert.True(EnumSpellings.Reads(type));
                foreach (var value in Enum.GetValues(type))
                {
                    Assert.True(EnumSpellings.TryRead(type, value.ToString(), out var read));
                    Assert.Equal(value, read);
                    Assert.Contains(value.ToString(), EnumSpellings.Accepted(type), StringComparison.Ordinal);
                }
            }
            Assert.False(EnumSpellings.Reads(typeof(CheckStatus)));
            Assert.False(EnumSpellings.TryRead(typeof(CheckStatus), "Pass", out _));
        }

        [Theory]
        [InlineData("app", AppOrigin.App)]
        [InlineData("app_server", AppOrigin.AppServer)]
        [InlineData("teleport.yaml", AppOrigin.TeleportYaml)]
        [InlineData("mcp_demo_server", AppOrigin.McpDemoServer)]
        [InlineData("TeleportYaml", AppOrigin.TeleportYaml)]
        public void An_App_saved_by_an_earlier_release_binds_with_its_origin(string origin, AppOrigin expected)
        {
            var bag = new PSObject();
            bag.Properties.Add(new PSNoteProperty("Name", "github"));
            bag.Properties.Add(new PSNoteProperty("Uri", "mcp+http://127.0.0.1:8080/mcp"));
            bag.Properties.Add(new PSNoteProperty("Origin", origin));
            var app = Assert.IsType<App>(ResourceTransformationAttribute.TryConvert<App>(bag));
            Assert.Equal(expected, app.Origin);
            Assert.Equal("github", app.Name);

            var table = Assert.IsType<App>(ResourceTransformationAttribute.TryConvert<App>(new Hashtable { ["Name"] = "x", ["Origin"] = origin }));
            Assert.Equal(expected, table.Origin);
        }

        [Fact]
        public void An_origin_that_is_no_spelling_reaches_the_message_with_its_control_characters_escaped()
        {
            var e = Assert.Throws<TeleportInputException>(() =>
                ResourceTransformationAttribute.TryConvert<App>(new Hashtable { ["Name"] = "x\u001b]0;t\u0007", ["Origin"] = "some\u001b[2Jwhere" }));
            Assert.DoesNotContain("\u001b", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\u0007", e.Message, StringComparison.Ordinal);
            Assert.Contains("some", e.Message, StringComparison.Ordinal);
            // The parameter binder writes the message of a command-line argument itself: the same safe text.
            var bound = Assert.Throws<ArgumentTransformationMetadataException>(() =>
                new ResourceTransformationAttribute(typeof(App)).Transform(null!, new Hashtable { ["Name"] = "x", ["Origin"] = "some\u001b[2Jwhere" }));
            Assert.DoesNotContain("\u001b", bound.Message, StringComparison.Ordinal);
            Assert.Equal("UnknownAppOrigin", Assert.IsType<TeleportInputException>(bound.InnerException).Code);
        }

        [Theory]
        [InlineData("Name", "files")]
        [InlineData("name", "files")]
        public void An_origin_that_is_no_spelling_is_the_copy_s_own_error_naming_the_app_and_what_is_accepted(string nameKey, string name)
        {
            // Origin comes before Name here, as a derived type's properties come before its base's: the error still names the app.
            var table = new System.Collections.Specialized.OrderedDictionary { ["Origin"] = "somewhere", [nameKey] = name };
            var e = Assert.Throws<TeleportInputException>(() => ResourceTransformationAttribute.TryConvert<App>(table));
            Assert.Equal("UnknownAppOrigin", e.Code);
            Assert.Equal(name, e.TargetName);
            Assert.Equal("app \"files\": Origin 'somewhere' is not one of App, AppServer, TeleportYaml, McpDemoServer (or app, app_server, teleport.yaml, mcp_demo_server).", e.Message);
        }

        [Fact]
        public void A_property_that_does_not_convert_is_the_copy_s_own_error()
        {
            var e = Assert.Throws<TeleportInputException>(() =>
                ResourceTransformationAttribute.TryConvert<App>(new Hashtable { ["Name"] = "files", ["Args"] = new Hashtable { ["a"] = 1 } }));
            Assert.Equal(ResourceCopies.UnreadablePropertyCode, e.Code);
            Assert.Equal("files", e.TargetName);
            Assert.StartsWith("app \"files\": the value ", e.Message, StringComparison.Ordinal);
            Assert.Contains(" of Args cannot be converted to List<String>: ", e.Message, StringComparison.Ordinal);
        }
    }
}
