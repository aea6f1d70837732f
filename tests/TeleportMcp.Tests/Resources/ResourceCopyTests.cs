using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleDesign;
using TeleportMcp.Engine.Serving;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>The copy rule for a role, user or app that lost its type: which values fit a property, and which refuse the object.</summary>
    public class ResourceCopyTests
    {
        private static DictionaryInput AppBag(string property, object value) =>
            new DictionaryInput(new Hashtable { ["Name"] = "files", ["Uri"] = "mcp+stdio://", ["Command"] = "npx", [property] = value });

        private static object Read(App app, string property) => typeof(App).GetProperty(property).GetValue(app);

        public static IEnumerable<object[]> Fitting() => new[]
        {
            // property, value as it arrives, value of the rebuilt App
            new object[] { "Origin", "", AppOrigin.App },                       // an older copy's "" is the enum's default
            new object[] { "Origin", "app_server", AppOrigin.AppServer },       // the spelling before the enum (EnumSpellings)
            new object[] { "Origin", "teleport.yaml", AppOrigin.TeleportYaml },
            new object[] { "Origin", "mcpdemoserver", AppOrigin.McpDemoServer }, // the enum's name in any case
            new object[] { "Origin", 1, AppOrigin.AppServer },                   // Export-Clixml keeps an enum as its number
            new object[] { "Origin", 2L, AppOrigin.TeleportYaml },               // ConvertFrom-Json reads numbers as Int64
            new object[] { "Transport", "", McpTransport.None },
            new object[] { "Transport", "sse", McpTransport.Sse },
            new object[] { "Args", "--stdio", new List<string> { "--stdio" } },  // one value is a list of one
            new object[] { "Args", new object[] { "-y", 3 }, new List<string> { "-y", "3" } },
            new object[] { "HasMcpSpec", true, true },
            new object[] { "HasMcpSpec", "False", false },                      // text is read, not "any text is true"
            new object[] { "InsecureSkipVerify", 1, true },
            new object[] { "SourceLine", 12L, 12 },
            new object[] { "SourceLine", "7", 7 },
            new object[] { "Description", 42, "42" },
        };

        [Theory]
        [MemberData(nameof(Fitting))]
        public void A_value_that_fits_is_copied(string property, object value, object expected)
        {
            var app = ResourceCopies.App(AppBag(property, value));
            Assert.NotNull(app);
            Assert.Equal("files", app.Name);
            Assert.Equal(expected, Read(app, property));
        }

        public static IEnumerable<object[]> Refused() => new[]
        {
            // property, value that does not fit, the id: an enum's text names its enum, anything else InvalidResourceProperty
            new object[] { "Args", new Hashtable { ["a"] = 1 }, "InvalidResourceProperty" },
            new object[] { "Args", new object[] { "ok", new Hashtable { ["a"] = 1 } }, "InvalidResourceProperty" },
            new object[] { "Origin", "nowhere", "UnknownAppOrigin" },
            new object[] { "Origin", "1", "UnknownAppOrigin" },
            new object[] { "Origin", 17, "InvalidResourceProperty" },
            new object[] { "Transport", "carrier-pigeon", "UnknownMcpTransport" },
            new object[] { "Transport", "2", "UnknownMcpTransport" },
            new object[] { "Transport", true, "InvalidResourceProperty" },
            new object[] { "HasMcpSpec", "yes", "InvalidResourceProperty" },
            new object[] { "SourceLine", "twelve", "InvalidResourceProperty" },
            new object[] { "Labels", "env=prod", "InvalidResourceProperty" },
            new object[] { "Command", new Hashtable { ["path"] = "npx" }, "InvalidResourceProperty" },
            new object[] { "Command", new object[] { "npx", "-y" }, "InvalidResourceProperty" },
        };

        [Theory]
        [MemberData(nameof(Refused))]
        public void A_value_that_does_not_fit_refuses_the_object_naming_the_property(string property, object value, string code)
        {
            var e = Assert.Throws<TeleportInputException>(() => ResourceCopies.App(AppBag(property, value)));
            Assert.Equal(code, e.Code);
            Assert.Equal("files", e.Target);
            Assert.Contains(" " + property + " ", e.Message, StringComparison.Ordinal);
            Assert.StartsWith("app \"files\": ", e.Message, StringComparison.Ordinal);
            Assert.NotNull(e.RecommendedAction);
        }

        [Fact]
        public void A_table_or_a_property_bag_becomes_a_Hashtable_of_plain_values()
        {
            // ConvertFrom-Json turns a hashtable into a PSCustomObject: a property bag (here a dictionary).
            var labels = new DictionaryInput(new Hashtable { ["env"] = "prod", ["team"] = new DictionaryInput(new object[] { "a", "b" }) });
            var app = ResourceCopies.App(AppBag("Labels", labels));
            Assert.Equal("prod", app.Labels["env"]);
            var role = (Role)ResourceCopies.Of(new DictionaryInput(new Hashtable
            {
                ["Name"] = "dev",
                ["AllowAppLabels"] = new Hashtable { ["env"] = new object[] { "dev", "test" } },
                ["AllowMcpTools"] = new object[] { "read_*" },
            }), InputKind.Role);
            Assert.Equal(new[] { "dev", "test" }, (string[])role.AllowAppLabels["env"]);
            Assert.Equal(new[] { "read_*" }, role.AllowMcpTools);
        }

        [Fact]
        public void A_rewrite_printed_as_text_is_rebuilt()
        {
            var app = ResourceCopies.App(AppBag("Rewrite", "Authorization: Bearer {{internal.jwt}} (jwt_claims: roles)"));
            Assert.Equal("roles", app.Rewrite.JwtClaims);
            Assert.Single(app.Rewrite.Headers);
        }

        [Fact]
        public void What_is_no_copy_gives_null_and_a_typed_object_is_itself()
        {
            var typed = new App { Name = "files" };
            Assert.Same(typed, ResourceCopies.App(new DictionaryInput(typed)));
            Assert.Null(ResourceCopies.App(new DictionaryInput("files")));
            Assert.Null(ResourceCopies.App(new DictionaryInput(new Hashtable { ["Shift"] = "night" })));
            Assert.Null(ResourceCopies.Of(new DictionaryInput(new Hashtable { ["Name"] = "x" }), InputKind.ProbeResult));
            // A deserialized object (a property bag by its type name) of another type is not this one.
            Assert.Null(ResourceCopies.User(new DictionaryInput(new Hashtable { ["Name"] = "dev" }, "Deserialized.TeleportMcp.Role")));
            var user = ResourceCopies.User(new DictionaryInput(new Hashtable { ["Name"] = "bob", ["Roles"] = new object[] { "dev" } }, "Deserialized.TeleportMcp.User"));
            Assert.Equal("bob", user.Name);
            Assert.Equal(new[] { "dev" }, user.Roles);
        }

        [Fact]
        public void Every_cmdlet_rule_passes_the_refusal_on_for_that_one_object()
        {
            var bad = AppBag("Args", new Hashtable { ["a"] = 1 });
            Assert.Equal("InvalidResourceProperty", Assert.Throws<TeleportInputException>(() => ServingInputs.Resource(bad)).Code);
            var design = DesignAppInputs.Resolve(bad, new ClusterInput());
            Assert.Null(design.App);
            Assert.Equal("InvalidResourceProperty", design.Error.Code);
            var users = new List<User>();
            var names = new List<string>();
            var badUser = new DictionaryInput(new Hashtable { ["Name"] = "bob", ["Roles"] = new Hashtable { ["x"] = 1 } }, "Deserialized.TeleportMcp.User");
            Assert.Equal("InvalidResourceProperty", Assert.Throws<TeleportInputException>(() => Engine.Clients.ClientUsers.AddBound(badUser, users, names, DictionaryInput.NoWarning)).Code);
            Assert.Empty(users);
        }
    }
}
