using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.FileSystem;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>Test-TeleportMcpClient's scope: whether any check runs, and -Quiet never passing when something named was not found.</summary>
    public class ClientCheckScopeTests
    {
        private static PathInputs Paths(params string[] given)
        {
            // "x" matches nothing; any other path is itself a file.
            var paths = new PathInputs((parameter, p, literal, folders) => p == "x" ? new List<string>() : new List<string> { p });
            if (given != null) paths.Add("-Path", given, false, McpConfigFile.Folders);
            return paths;
        }

        private static readonly ClientCheck[] Passed =
        {
            new ClientCheck { Check = ClientChecks.ConfigParse, Status = CheckStatus.Pass, ConfigPath = "/home/a/.claude.json" },
            new ClientCheck { Check = ClientChecks.Command, Status = CheckStatus.Pass, ConfigPath = "/home/a/.claude.json", Entry = "teleport-mcp-files", App = "files" },
        };

        public static IEnumerable<object[]> Scopes()
        {
            // (-Path values (null = none), users missing, input unread, project refused, nothing to check, unmatched, -Quiet after a passing check)
            yield return new object[] { null, false, false, false, false, false, true };
            yield return new object[] { new[] { "a.json" }, false, false, false, false, false, true };
            // A path that matched nothing: the other paths are checked, -Quiet cannot pass.
            yield return new object[] { new[] { "a.json", "x" }, false, false, false, false, true, false };
            // Every path matched nothing: no check runs.
            yield return new object[] { new[] { "x" }, false, false, false, true, true, false };
            yield return new object[] { null, true, false, false, false, true, false };
            yield return new object[] { null, false, true, false, false, true, false };
            // The project folder is not there: without -Path no check runs (never another folder's files in its place) ...
            yield return new object[] { null, false, false, true, true, true, false };
            // ... with -Path the files named are checked.
            yield return new object[] { new[] { "a.json" }, false, false, true, false, true, false };
        }

        [Theory]
        [MemberData(nameof(Scopes))]
        public void Decides_what_is_checked_and_what_quiet_answers(string[] paths, bool usersMissing, bool inputUnread, bool projectRefused,
            bool nothingToCheck, bool unmatched, bool quiet)
        {
            var scope = new ClientCheckScope(Paths(paths)) { UsersMissing = usersMissing, InputUnread = inputUnread };
            if (projectRefused) scope.ProjectRefused();
            Assert.Equal(nothingToCheck, scope.NothingToCheck);
            Assert.Equal(unmatched, scope.Unmatched);
            Assert.Equal(quiet, scope.QuietAnswer(Passed));
            // No check ran: never true.
            Assert.False(scope.QuietAnswer(null));
        }

        [Theory]
        [InlineData(false, true)]
        [InlineData(true, false)]
        public void Nothing_examined_is_an_error_only_without_Path(bool pathGiven, bool error)
        {
            var scope = new ClientCheckScope(pathGiven ? Paths("a.json") : Paths(null));
            var e = scope.NothingExamined(Array.Empty<ClientCheck>(), new[] { "/home/me/.cursor/mcp.json" });
            Assert.Equal(error, e != null);
            if (e != null) Assert.Equal("NothingExamined", e.Code);
            Assert.Null(scope.NothingExamined(Passed, new[] { "/home/me/.cursor/mcp.json" }));
        }
    }
}
