using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Tctl;
using Xunit;

namespace TeleportMcp.Tests.Tctl
{
    /// <summary>Set-TeleportMcpTools' use case before tctl is needed: what is refused, and that a declined change calls nothing.</summary>
    public class McpToolsUpdateTests
    {
        private static (List<McpToolsUpdateError> Errors, List<string> Asked, int TctlCalls) Run(McpToolsMode mode, string user, params string[] tools)
        {
            var errors = new List<McpToolsUpdateError>();
            var asked = new List<string>();
            int calls = 0;
            var update = new McpToolsUpdate(() => { calls++; throw new InvalidOperationException("tctl must not be called"); }, mode)
            {
                RequireTctl = () => calls++,
                ShouldProcess = (target, action) => { asked.Add(target + ": " + action); return false; },
                Error = errors.Add,
            };
            update.Run(new[] { new KeyValuePair<string, List<string>>(user, tools.ToList()) });
            return (errors, asked, calls);
        }

        [Fact]
        public void ADeclinedReplaceAsksAndCallsNoTctl()
        {
            var (errors, asked, calls) = Run(McpToolsMode.Set, "alice", "read_file", "search_files");
            Assert.Empty(errors);
            Assert.Equal(new[] { "Teleport user alice: Replace MCP tools (current list not read) with [read_file, search_files]" }, asked);
            Assert.Equal(0, calls);
        }

        [Fact]
        public void NoToolsForAReplaceIsRefusedBeforeAsking()
        {
            var (errors, asked, calls) = Run(McpToolsMode.Set, "alice");
            var e = Assert.Single(errors);
            Assert.Equal("InvalidToolEntry", e.Code);
            Assert.Equal(McpToolsUpdateProblem.InvalidInput, e.Problem);
            Assert.Equal("alice", e.User);
            Assert.Empty(asked);
            Assert.Equal(0, calls);
        }

        [Fact]
        public void AnInvalidUserNameIsRefused()
        {
            var (errors, asked, _) = Run(McpToolsMode.Set, "--insecure", "x");
            Assert.Equal("InvalidUserName", Assert.Single(errors).Code);
            Assert.Empty(asked);
        }
    }
}
