using System;
using System.Linq;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>Strings piped to Test-TeleportMcpRole: users or tools, decided by the command line, else by the users read.</summary>
    public class PipedNamesTests
    {
        private static readonly string[] Known = { "alice", "bob" };

        [Theory]
        // piped, usersGiven, toolsGiven, expected users, expected tools, expected ignored
        [InlineData("alice,bob", false, false, "alice,bob", "", "")]
        [InlineData("alice,read_file", false, false, "alice", "read_file", "")]
        [InlineData("read_file,printEnv", false, false, "", "read_file,printEnv", "")]
        [InlineData("nosuch,alice", false, true, "nosuch,alice", "", "")]
        [InlineData("alice,read_file", true, false, "", "alice,read_file", "")]
        [InlineData("alice,read_file", true, true, "", "", "alice,read_file")]
        [InlineData("alice,alice,,bob", false, false, "alice,bob", "", "")]
        public void Splits(string piped, bool usersGiven, bool toolsGiven, string users, string tools, string ignored)
        {
            var split = PipedNames.Split(piped.Split(','), Known, usersGiven, toolsGiven);
            Assert.Equal(List(users), split.Users);
            Assert.Equal(List(tools), split.Tools);
            Assert.Equal(List(ignored), split.Ignored);
        }

        [Fact]
        public void Says_why_each_name_was_taken()
        {
            var split = PipedNames.Split(new[] { "bob", "printEnv" }, Known, false, false);
            Assert.Equal(new[]
            {
                "Piped names taken as users (users of these names were read): bob.",
                "Piped names taken as tools (no user of these names was read): printEnv.",
            }, split.Notes);
            Assert.Empty(PipedNames.Split(Array.Empty<string>(), Known, false, false).Notes);
        }

        private static string[] List(string csv) => csv.Length == 0 ? Array.Empty<string>() : csv.Split(',').ToArray();
    }
}
