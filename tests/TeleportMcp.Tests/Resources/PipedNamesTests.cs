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
            Assert.Equal(List(tools), split.Others);
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

        private static readonly string[] KnownApps = { "files", "bob" };

        [Theory]
        // piped, usersGiven, appsGiven, expected users, expected apps, expected ignored
        [InlineData("alice,files", false, false, "alice", "files", "")]
        [InlineData("alice,nosuch", false, false, "alice", "nosuch", "")]
        // bob is both a user and an app: the app (the historic meaning of a piped string), and a note says so.
        [InlineData("bob", false, false, "", "bob", "")]
        [InlineData("files,nosuch", false, true, "files,nosuch", "", "")]
        [InlineData("alice,files", true, false, "", "alice,files", "")]
        [InlineData("alice,files", true, true, "", "", "alice,files")]
        [InlineData("alice,alice,,files", false, false, "alice", "files", "")]
        public void Splits_users_and_apps(string piped, bool usersGiven, bool appsGiven, string users, string apps, string ignored)
        {
            var split = PipedNames.SplitUsersAndApps(piped.Split(','), Known, KnownApps, usersGiven, appsGiven, "-App");
            Assert.Equal(List(users), split.Users);
            Assert.Equal(List(apps), split.Others);
            Assert.Equal(List(ignored), split.Ignored);
        }

        [Fact]
        public void Says_why_each_piped_string_was_taken_as_user_or_app()
        {
            var split = PipedNames.SplitUsersAndApps(new[] { "alice", "files", "bob" }, Known, KnownApps, false, false, "-App");
            Assert.Equal(new[]
            {
                "Piped names taken as users (users of these names were read, no apps): alice.",
                "Piped names taken as apps (no user of these names was read): files.",
                "Piped names taken as apps although users of these names were read too (give the users with -User): bob.",
            }, split.Notes);
        }

        [Fact]
        public void Notes_list_a_bounded_number_of_names_and_say_how_many_more()
        {
            var many = Enumerable.Range(0, 80000).Select(i => "tool" + i).ToArray();
            var note = Assert.Single(PipedNames.Split(many, Known, false, false).Notes);
            Assert.EndsWith("tool19, ... and 79980 more (limit OutputListItems = 20).", note, StringComparison.Ordinal);
            Assert.True(note.Length < 1000, note.Length + " characters");
        }

        private static string[] List(string csv) => csv.Length == 0 ? Array.Empty<string>() : csv.Split(',').ToArray();
    }
}
