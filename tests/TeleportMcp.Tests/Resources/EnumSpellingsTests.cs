using System;
using System.Collections;
using System.Management.Automation;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;
using Xunit;

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
            var app = Assert.IsType<App>(ResourceTransformationAttribute.TryConvert(bag, typeof(App)));
            Assert.Equal(expected, app.Origin);
            Assert.Equal("github", app.Name);

            var table = Assert.IsType<App>(ResourceTransformationAttribute.TryConvert(new Hashtable { ["Name"] = "x", ["Origin"] = origin }, typeof(App)));
            Assert.Equal(expected, table.Origin);
        }

        [Fact]
        public void An_origin_that_is_no_spelling_reaches_the_message_with_its_control_characters_escaped()
        {
            var e = Assert.Throws<ArgumentTransformationMetadataException>(() =>
                ResourceTransformationAttribute.TryConvert(new Hashtable { ["Name"] = "x", ["Origin"] = "some\u001b[2Jwhere" }, typeof(App)));
            Assert.DoesNotContain("\u001b", e.Message, StringComparison.Ordinal);
            Assert.Contains("some", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void An_origin_that_is_no_spelling_is_refused_naming_what_is_accepted()
        {
            var e = Assert.Throws<ArgumentTransformationMetadataException>(() =>
                ResourceTransformationAttribute.TryConvert(new Hashtable { ["Name"] = "x", ["Origin"] = "somewhere" }, typeof(App)));
            Assert.Contains("'somewhere'", e.Message, StringComparison.Ordinal);
            Assert.Contains("app_server", e.Message, StringComparison.Ordinal);
            Assert.Contains("AppServer", e.Message, StringComparison.Ordinal);
        }
    }
}
