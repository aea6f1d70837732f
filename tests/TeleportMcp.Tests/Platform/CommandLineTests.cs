using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Common;
using Xunit;

namespace TeleportMcp.Tests.Platform
{
    public class CommandLineTests
    {
        public static IEnumerable<object[]> Hostile() => new[]
        {
            new object[] { "plain" },
            new object[] { "" },
            new object[] { " " },
            new object[] { "two words" },
            new object[] { "\"" },
            new object[] { "\"\"" },
            new object[] { "say \"hi\"" },
            new object[] { "\\" },
            new object[] { "\\\\" },
            new object[] { "trailing\\" },
            new object[] { "trailing space\\" },
            new object[] { "C:\\Program Files\\Teleport\\" },
            new object[] { "back\\\"quote" },
            new object[] { "back\\\\\"quote" },
            new object[] { "a\\b\\c" },
            new object[] { "\\\\server\\share" },
            new object[] { "$HOME" },
            new object[] { "$(rm -rf /)" },
            new object[] { "a;b" },
            new object[] { "a && b | c > d" },
            new object[] { "`whoami`" },
            new object[] { "%PATH%" },
            new object[] { "line1\nline2" },
            new object[] { "cr\r\nlf" },
            new object[] { "tab\there" },
            new object[] { "'single'" },
            new object[] { "ünïcødé_工具_🛠" },
            new object[] { "--set-mcp-tools=^(get|list)_.*$" },
            new object[] { "-leading-dash" },
            new object[] { "*" },
        };

        [Theory]
        [MemberData(nameof(Hostile))]
        public void Join_then_Split_gives_back_each_argument(string value)
        {
            var args = new[] { "first", value, "last", value };
            Assert.Equal(args, CommandLine.Split(CommandLine.Join(args)));
        }

        [Theory]
        [InlineData("abc", "abc")]
        [InlineData("", "\"\"")]
        [InlineData("a b", "\"a b\"")]
        [InlineData("a\"b", "\"a\\\"b\"")]
        [InlineData("a\\", "a\\")] // no quoting needed: a trailing backslash is literal outside quotes
        [InlineData("a b\\", "\"a b\\\\\"")] // inside quotes the trailing backslash is doubled
        [InlineData("a\\\"b", "\"a\\\\\\\"b\"")] // one backslash before a quote: 2n+1 = 3, then the quote
        [InlineData("$x;y", "$x;y")] // no shell: metacharacters pass as they are
        public void Quote_follows_the_MSVCRT_rules(string value, string expected)
        {
            Assert.Equal(expected, CommandLine.Quote(value));
        }

        // The table in Microsoft's "Parsing C++ command-line arguments" (MSVC 2008+ and CommandLineToArgvW agree).
        [Theory]
        [InlineData("\"a b c\" d e", new[] { "a b c", "d", "e" })]
        [InlineData("\"ab\\\"c\" \"\\\\\" d", new[] { "ab\"c", "\\", "d" })]
        [InlineData("a\\\\\\b d\"e f\"g h", new[] { "a\\\\\\b", "de fg", "h" })]
        [InlineData("a\\\\\\\"b c d", new[] { "a\\\"b", "c", "d" })]
        [InlineData("a\\\\\\\\\"b c\" d e", new[] { "a\\\\b c", "d", "e" })]
        [InlineData("a\"b\"\" c d", new[] { "ab\" c d" })]
        public void Split_matches_the_documented_Windows_table(string commandLine, string[] expected)
        {
            Assert.Equal(expected, CommandLine.Split(commandLine));
        }

        [Fact]
        public void Null_argument_is_refused()
        {
            Assert.Throws<ArgumentNullException>(() => CommandLine.Join(new string[] { "a", null }));
        }

        /// <summary>
        /// The real splitter: .NET on Unix parses ProcessStartInfo.Arguments (Process.Unix ParseArgumentsIntoList) and
        /// passes the result to execve. printf prints each argument NUL-terminated, so nothing is lost.
        /// </summary>
        [NotOnWindowsFact("Windows: the Pester tests round-trip through the tctl stand-in")]
        public void Unix_child_process_receives_exactly_the_arguments()
        {
            string printf = File.Exists("/usr/bin/printf") ? "/usr/bin/printf" : "/bin/printf";
            var values = Hostile().Select(o => (string)o[0]).ToList();
            var args = new List<string> { "%s\\0" };
            args.AddRange(values);
            var psi = new ProcessStartInfo(printf, CommandLine.Join(args))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                StandardOutputEncoding = new UTF8Encoding(false),
            };
            using var p = Process.Start(psi);
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
            var received = output.Split('\0').ToList();
            received.RemoveAt(received.Count - 1);
            Assert.Equal(values, received);
        }
    }
}
