using System.Collections;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Serving;
using TeleportMcp.Tests.Resources;
using Xunit;

namespace TeleportMcp.Tests.Serving
{
    /// <summary>What Get-TeleportMcpServing takes from the pipeline: apps and agents; roles and users of the same stream are left out.</summary>
    public class ServingInputsTests
    {
        [Fact]
        public void Apps_and_agents_are_used()
        {
            var app = new App { Name = "files" };
            var agent = new AppServiceAgent();
            Assert.Same(app, ServingInputs.Resource(new DictionaryInput(app)));
            Assert.Same(agent, ServingInputs.Resource(new DictionaryInput(agent)));
            Assert.Equal("db", ServingInputs.Resource(new DictionaryInput(new Hashtable { ["Name"] = "db", ["Uri"] = "mcp+stdio://", ["Command"] = "db" })).Name);
        }

        [Fact]
        public void Roles_and_users_typed_or_not_are_left_out()
        {
            Assert.Null(ServingInputs.Resource(new DictionaryInput(new Role { Name = "dev" })));
            Assert.Null(ServingInputs.Resource(new DictionaryInput(new User { Name = "bob" })));
            Assert.Null(ServingInputs.Resource(new DictionaryInput(new Hashtable { ["Name"] = "dev", ["AllowMcpTools"] = new[] { "*" } })));
            Assert.Null(ServingInputs.Resource(new DictionaryInput(new Hashtable { ["Name"] = "x" }, "Deserialized.TeleportMcp.User")));
        }

        [Fact]
        public void An_app_auth_config_of_the_same_cluster_stream_is_left_out()
        {
            // Import-TeleportResource of an export writes app_auth_configs beside the apps; they select apps, they are none.
            Assert.Null(ServingInputs.Resource(new DictionaryInput(new AppAuthConfig { Name = "chat-bot" })));
        }

        [Theory]
        [InlineData("not an app")]
        [InlineData(42)]
        public void Anything_else_is_refused_naming_its_type(object piped)
        {
            var e = Assert.Throws<TeleportArgumentException>(() => ServingInputs.Resource(new DictionaryInput(piped)));
            Assert.Equal("InvalidPipelineInput", e.Code);
            Assert.EndsWith("not " + piped.GetType().FullName, e.Message, System.StringComparison.Ordinal);
        }
    }
}
