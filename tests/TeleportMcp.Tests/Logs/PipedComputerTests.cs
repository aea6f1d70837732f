using System;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    // A deserialized line's PSComputerName: this computer's names keep the bare path (a local Start-Job says "localhost"),
    // another computer's lines are computer:path (session 44, helper-290's mend of a reviewer's finding).
    public class PipedComputerTests
    {
        [Theory]
        [InlineData("", true)]
        [InlineData(".", true)]
        [InlineData("localhost", true)]
        [InlineData("LOCALHOST", true)]
        [InlineData("127.0.0.1", true)]
        [InlineData("::1", true)]
        [InlineData("[::1]", true)]
        [InlineData("web1", false)]
        [InlineData("localhost.example.com", false)]
        [InlineData("127.0.0.2", false)]
        public void This_computers_names_are_told_from_others(string computer, bool thisComputer) =>
            Assert.Equal(thisComputer, PipedComputer.IsThisComputer(computer));

        [Fact]
        public void This_computers_own_name_in_any_case_is_this_computer()
        {
            Assert.True(PipedComputer.IsThisComputer(Environment.MachineName.ToUpperInvariant()));
            Assert.True(PipedComputer.IsThisComputer(Environment.MachineName.ToLowerInvariant()));
        }
    }
}
