using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Common;
using Xunit;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>
    /// ShellWord writes a value from a log or a resource as one word of a command a person may paste: every hostile value
    /// comes back from the shell as exactly that value, and an ordinary one is written as it is.
    /// </summary>
    public class ShellWordTests
    {
        /// <summary>Values an admin sees in fixes every day: none is quoted.</summary>
        public static IEnumerable<object[]> Ordinary() => new[]
        {
            new object[] { "alice" },
            new object[] { "mcp-runner" },
            new object[] { "files" },
            new object[] { "everything" },
            new object[] { "search_files" },
            new object[] { "npx" },
            new object[] { "/usr/bin/npx" },
            new object[] { "/opt/mcp/server.js" },
            new object[] { "teleport.example.com:443" },
            new object[] { "alice@example.com" },
        };

        /// <summary>Values a log line, an app definition or a config file may carry.</summary>
        public static IEnumerable<object[]> Hostile() => new[]
        {
            new object[] { "npx; rm -rf ~" },
            new object[] { "x $(id)" },
            new object[] { "`id`" },
            new object[] { "$HOME" },
            new object[] { "a'b" },
            new object[] { "it's; id #" },
            new object[] { "'" },
            new object[] { "''" },
            new object[] { "\"" },
            new object[] { "a\"b$c" },
            new object[] { "a && b | c > d < e" },
            new object[] { "*" },
            new object[] { "read_*" },
            new object[] { "[ab]" },
            new object[] { "~" },
            new object[] { "~root" },
            new object[] { "#comment" },
            new object[] { "{a,b}" },
            new object[] { "a\\b" },
            new object[] { "trailing\\" },
            new object[] { "C:\\Program Files\\Teleport\\tsh.exe" },
            new object[] { "-rf" },
            new object[] { "--%" },
            new object[] { "@args" },
            new object[] { "0x10" },
            new object[] { "07" },
            new object[] { "1kb" },
            new object[] { ".5" },
            new object[] { "+1" },
            new object[] { "a,b" },
            new object[] { "it\u2019s" },
            new object[] { "\u2018x\u2019; id; \u2018" },
            new object[] { "\u201Cx\u201D $(id)" },
            new object[] { "back`tick" },
            new object[] { "line1\nline2" },
            new object[] { "id\n" },
            new object[] { "cr\r\nlf" },
            new object[] { "tab\there" },
            new object[] { "\u001b[31mred\u001b[0m" },
            new object[] { "bell\u0007" },
            new object[] { "del\u007f" },
            new object[] { "c1\u009b31m" },
            new object[] { "bidi\u202Eevil\u2066" },
            new object[] { "it's\n$(id)\\" },
            new object[] { "ünï cödé" },
            new object[] { " " },
            new object[] { "" },
        };

        [Theory]
        [MemberData(nameof(Ordinary))]
        public void An_ordinary_value_is_written_as_it_is(string value)
        {
            Assert.Equal(value, ShellWord.Posix(value));
            Assert.Equal(value, ShellWord.PowerShell(value));
        }

        [Theory]
        // POSIX sh: the single-quote rule, 'a'\''b'; a control character makes it $'...' with no quote inside.
        [InlineData("npx; rm -rf ~", "'npx; rm -rf ~'")]
        [InlineData("x $(id)", "'x $(id)'")]
        [InlineData("a'b", "'a'\\''b'")]
        [InlineData("", "''")]
        [InlineData("~", "'~'")]
        [InlineData("C:\\tsh\\tsh.exe", "'C:\\tsh\\tsh.exe'")]
        [InlineData("a\nb", "$'a\\nb'")]
        [InlineData("it's\n", "$'it\\047s\\n'")]
        [InlineData("a\\b\t", "$'a\\\\b\\t'")]
        [InlineData("\u001b[31m", "$'\\033[31m'")]
        [InlineData("x\u202E", "$'x\\342\\200\\256'")]
        [InlineData("\u009b", "$'\\302\\233'")]
        [InlineData("\0", "$'\\000'")]
        public void Posix_quotes_for_sh(string value, string expected) => Assert.Equal(expected, ShellWord.Posix(value));

        [Theory]
        // PowerShell: single quotes with every single-quote character doubled; numbers and parameters quoted; a control
        // character makes it "..." with $([char]0x..).
        [InlineData("x $(id)", "'x $(id)'")]
        [InlineData("a'b", "'a''b'")]
        [InlineData("it\u2019s", "'it\u2019\u2019s'")]
        [InlineData("C:\\tsh\\tsh.exe", "C:\\tsh\\tsh.exe")]
        [InlineData("0x10", "'0x10'")]
        [InlineData("-rf", "'-rf'")]
        [InlineData("a,b", "'a,b'")]
        [InlineData("", "''")]
        [InlineData("a\nb", "\"a$([char]0x0A)b\"")]
        [InlineData("$x`\"\n", "\"`$x```\"$([char]0x0A)\"")]
        [InlineData("x\u202E", "\"x$([char]0x202E)\"")]
        public void PowerShell_quotes_for_PowerShell(string value, string expected) => Assert.Equal(expected, ShellWord.PowerShell(value));

        [Theory]
        [InlineData("alice", "'alice'")]
        [InlineData("/home/u/.tsh", "'/home/u/.tsh'")]
        [InlineData("o'brien", "'o''brien'")]
        [InlineData("a\nb", "\"a$([char]0x0A)b\"")]
        public void PowerShellString_always_quotes(string value, string expected) => Assert.Equal(expected, ShellWord.PowerShellString(value));

        [Theory]
        [MemberData(nameof(Hostile))]
        [MemberData(nameof(Ordinary))]
        public void No_value_leaves_a_control_character_raw(string value)
        {
            foreach (var word in new[] { ShellWord.Posix(value), ShellWord.PowerShell(value), ShellWord.PowerShellString(value) })
                Assert.DoesNotContain(word, c => Engine.Output.ControlCharacters.IsControl(c));
        }

        /// <summary>PowerShell reads the word back as one string argument equal to the value, alone or inside a word ("app/...", "--user=...").</summary>
        [Theory]
        [MemberData(nameof(Hostile))]
        [MemberData(nameof(Ordinary))]
        public void PowerShell_reads_back_exactly_the_value(string value)
        {
            foreach (var prefix in new[] { "", "app/", "--user=" })
            {
                using var ps = PowerShell.Create();
                ps.AddScript("function f { $args.Count; foreach ($a in $args) { $a.GetType().Name; $a } }; f " + prefix + ShellWord.PowerShell(value));
                var result = ps.Invoke().Select(o => o?.BaseObject?.ToString()).ToList();
                Assert.False(ps.HadErrors, string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
                Assert.Equal(new[] { "1", "String", prefix + value }, result);
            }
            using (var ps = PowerShell.Create())
            {
                ps.AddScript("$v = " + ShellWord.PowerShellString(value) + "; $v");
                Assert.Equal(value, ps.Invoke().Single().BaseObject);
            }
        }

        [Theory]
        [InlineData("alice", "alice")]
        [InlineData("a*b", "'a`*b'")]
        [InlineData("[x]", "'`[x`]'")]
        [InlineData("who?", "'who`?'")]
        [InlineData("a`b", "'a``b'")]
        [InlineData("o'brien*", "'o''brien`*'")]
        [InlineData("a*\nb", "\"a``*$([char]0x0A)b\"")]
        public void PowerShellName_escapes_wildcard_characters(string value, string expected) => Assert.Equal(expected, ShellWord.PowerShellName(value));

        /// <summary>
        /// A name written for a module cmdlet's wildcard parameter: PowerShell reads one string, and WildcardPattern (how
        /// -User, -App and -Tool read it) matches the name itself and nothing else.
        /// </summary>
        [Theory]
        [InlineData("alice", "alicex")]
        [InlineData("a*b", "axxb")]
        [InlineData("[ab]", "a")]
        [InlineData("who?", "whom")]
        [InlineData("a`*", "a`x")]
        [InlineData("x[", "x")]
        [InlineData("a*\nb", "a*b")]
        public void PowerShellName_matches_only_the_name(string value, string other)
        {
            using var ps = PowerShell.Create();
            ps.AddScript("param($name, $other) function f { param([string] $p) $p }; $w = f " + ShellWord.PowerShellName(value) +
                         "; [Management.Automation.WildcardPattern]::new($w).IsMatch($name); [Management.Automation.WildcardPattern]::new($w).IsMatch($other)")
              .AddParameter("name", value).AddParameter("other", other);
            var result = ps.Invoke().Select(o => o.BaseObject).ToList();
            Assert.False(ps.HadErrors, string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
            Assert.Equal(new object[] { true, false }, result);
        }

        /// <summary>bash reads the word back as exactly the value (its $'...' included), alone or inside a word.</summary>
        [NotOnWindowsTheory("Windows: the PowerShell rows cover its shell", Needs = "/bin/bash")]
        [MemberData(nameof(Hostile))]
        [MemberData(nameof(Ordinary))]
        public void Bash_reads_back_exactly_the_value(string value)
        {
            foreach (var prefix in new[] { "", "app/", "--user=" })
                Assert.Equal(new[] { prefix + value }, Words("/bin/bash", prefix + ShellWord.Posix(value)));
        }

        /// <summary>
        /// A sh without $'...' (dash 0.5.12) reads a $'...' word as "$" and an inert single-quoted text: the wrong value,
        /// never a command or an expansion. Every other word it reads back exactly.
        /// </summary>
        [NotOnWindowsTheory("Windows: the PowerShell rows cover its shell", Needs = "/bin/sh")]
        [MemberData(nameof(Hostile))]
        [MemberData(nameof(Ordinary))]
        public void Sh_reads_back_the_value_or_an_inert_text(string value)
        {
            string word = ShellWord.Posix(value);
            var read = Words("/bin/sh", word);
            if (word.StartsWith("$'", StringComparison.Ordinal) && read.Count == 1 && read[0] != value)
                Assert.Equal("$" + word.Substring(2, word.Length - 3), read[0]);
            else Assert.Equal(new[] { value }, read);
        }

        // The words the shell gives printf for "printf '%s\0' WORD", NUL-separated so line breaks stay inside a word.
        private static List<string> Words(string shell, string word)
        {
            var psi = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardOutputEncoding = new UTF8Encoding(false) };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("printf '%s\\0' " + word);
            psi.Environment["LC_ALL"] = "C.UTF-8";
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd();
            string error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, shell + " failed on " + word + ": " + error);
            var words = output.Split('\0').ToList();
            Assert.Equal("", words[^1]);
            words.RemoveAt(words.Count - 1);
            return words;
        }
    }
}
