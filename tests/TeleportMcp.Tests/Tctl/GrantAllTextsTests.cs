using TeleportMcp.Engine.Tctl;
using Xunit;

namespace TeleportMcp.Tests.Tctl
{
    /// <summary>The extra question before "*" is granted, and the error when nobody can answer it.</summary>
    public class GrantAllTextsTests
    {
        [Theory]
        [InlineData("alice", "Grant every MCP tool (\"*\") to alice? Use -Force to skip this question.",
            "Granting \"*\" to alice needs confirmation, and this host cannot ask; pass -Force to confirm.")]
        [InlineData("bob@example.com", "Grant every MCP tool (\"*\") to bob@example.com? Use -Force to skip this question.",
            "Granting \"*\" to bob@example.com needs confirmation, and this host cannot ask; pass -Force to confirm.")]
        public void Asks_and_refuses_naming_the_user(string user, string question, string refusal)
        {
            Assert.Equal(question, McpToolsUpdate.GrantAllQuestion(user));
            Assert.Equal("Grant all MCP tools", McpToolsUpdate.GrantAllCaption);
            Assert.Equal(refusal, McpToolsUpdate.GrantAllNeedsConfirmation(user));
            Assert.Equal("GrantAllNeedsConfirmation", McpToolsUpdate.GrantAllNeedsConfirmationCode);
        }
    }
}
