using System.Threading;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// The one lenient reader of the clients' settings files (Copilot CLI config.json, VS Code settings.json, Claude Code
    /// settings): JSONC and a byte order mark taken and recorded, an empty file an empty object, and one message form
    /// naming the line and column of a file that does not parse.
    /// </summary>
    public class SettingsFileTests
    {
        private const string LinuxFile = "/home/alice/.copilot/config.json";
        private const string WindowsFile = @"C:\Users\alice\AppData\Roaming\Code\User\settings.json";

        private static FakeEnv Env(string os) => os == "windows" ? FakeEnv.Windows() : FakeEnv.Linux();
        private static string FileOf(string os) => os == "windows" ? WindowsFile : LinuxFile;

        // os, text, object read, lenient, problem (null: none)
        [Theory]
        [InlineData("linux", "{\"a\": 1}", true, false, null)]
        [InlineData("windows", "{\"a\": 1}", true, false, null)]
        // configurationModels.ts (VS Code) and Claude Code's settings reader take comments and trailing commas.
        [InlineData("linux", "// mine\n{\"a\": 1,}", true, true, null)]
        [InlineData("windows", "\uFEFF{\"a\": 1}", true, true, null)]
        // An empty file is no settings (Claude Code parseSettingsFileUncached), not an error.
        [InlineData("linux", "", true, false, null)]
        [InlineData("windows", " \r\n", true, false, null)]
        // Another JSON value than an object: read, but no object.
        [InlineData("linux", "[1]", false, false, null)]
        // One form for a file that does not parse: line and column, then the parser's words; columns as in the editor (BOM off).
        [InlineData("linux", "{\n  \"a\": [\n", false, false, "does not parse at line 3, column 1: invalid JSON: ")]
        [InlineData("windows", "\uFEFF{\"a\" 1}", false, false, "does not parse at line 1, column 6: invalid JSON: ")]
        public void Reads_leniently_with_one_message_form(string os, string text, bool isObject, bool lenient, string problem)
        {
            var env = Env(os).File(FileOf(os), text);
            var read = SettingsFile.Read(env, FileOf(os), CancellationToken.None);
            Assert.NotNull(read);
            Assert.Equal(isObject, read!.Map != null);
            Assert.Equal(lenient, read.Lenient);
            if (problem == null)
            {
                Assert.Null(read.Problem);
                Assert.Null(read.Error);
            }
            else
            {
                Assert.StartsWith(problem, read.Problem, System.StringComparison.Ordinal);
                Assert.Equal(FileOf(os) + " " + read.Problem, read.Error);
                Assert.Null(read.Root);
            }
        }

        [Theory]
        [InlineData("linux")]
        [InlineData("windows")]
        public void A_missing_file_is_null_and_an_unreadable_one_says_so(string os)
        {
            var env = Env(os);
            Assert.Null(SettingsFile.Read(env, FileOf(os), CancellationToken.None));
            env.File(FileOf(os), "{}").Unreadable.Add(FileOf(os));
            var read = SettingsFile.Read(env, FileOf(os), CancellationToken.None);
            Assert.Equal("cannot be read: Access to the path '" + FileOf(os) + "' is denied.", read!.Problem);
            Assert.Null(read.Root);
        }

        [Fact]
        public void Nesting_beyond_the_limit_is_a_parse_problem_not_a_crash()
        {
            var env = Env("linux").File(LinuxFile, new string('[', 100000) + new string(']', 100000));
            var read = SettingsFile.Read(env, LinuxFile, CancellationToken.None);
            Assert.StartsWith("does not parse at line 1, column ", read!.Problem, System.StringComparison.Ordinal);
            Assert.IsNotType<DocMap>(read.Root);
        }
    }
}
