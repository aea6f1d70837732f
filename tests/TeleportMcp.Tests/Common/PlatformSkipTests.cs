using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    /// <summary>
    /// Session 48 (helper-335, audit 329/330): a test that returns at its start on Windows (or where a program or /proc is
    /// missing) passes there without checking anything. Such tests carry NotOnWindowsFact / NotOnWindowsTheory instead,
    /// whose Skip xUnit reports; the source scan below fails if a test method returns on such a condition again.
    /// </summary>
    public class PlatformSkipTests
    {
        // The condition of an early return that asks the system or the file system: the OS (OperatingSystem, RuntimeInformation,
        // Environment.OSVersion, HostPlatform...IsWindows), its path separators, a fixed absolute path (a literal, or a name given
        // one in the same file, or a PascalCase name: a constant or static by .NET naming, where locals are camelCase), or a
        // directory listing (how many names a folder holds: whether the file system folds case).
        private static readonly Regex PlatformCondition = new Regex(
            @"OperatingSystem\s*\.\s*Is\w+\s*\(|RuntimeInformation\s*\.\s*(IsOSPlatform|OSDescription|OSArchitecture)\b|\.\s*Is(Windows|Linux|MacOS|OSX)\b|Environment\s*\.\s*OSVersion\b|" +
            @"Path\s*\.\s*(DirectorySeparatorChar|AltDirectorySeparatorChar|PathSeparator|VolumeSeparatorChar)\b|(File|Directory)\s*\.\s*Exists\s*\(\s*([@$]*""/|([\w.]*\.)?[A-Z]\w*\s*\))|" +
            @"Directory\s*\.\s*(Get|Enumerate)(Files|Directories|FileSystemEntries)\s*\(",
            RegexOptions.CultureInvariant);

        // A name given a fixed absolute path in the file (const string Bash = "/bin/bash"; var p = @"/proc";), checked by Exists(name).
        private static readonly Regex FixedPathName = new Regex(@"\b(?:string|var)\s+(?<name>\w+)\s*=>?\s*[@$]*""/", RegexOptions.CultureInvariant);

        // xUnit's test attributes and this project's ([Fact], [Theory], [NotOnWindowsFact(...)], [Xunit.Fact], ...), anywhere in an attribute list.
        private static readonly Regex TestAttribute = new Regex(@"\[\s*(?:[\w.]*\.)?\w*(?:Fact|Theory)(?:Attribute)?\s*[\](,]", RegexOptions.CultureInvariant);

        private static readonly Regex If = new Regex(@"\bif\s*\(", RegexOptions.CultureInvariant);
        private static readonly Regex ReturnAfter = new Regex(@"\G\s*(?:return\s*;|\{\s*return\s*;\s*\})", RegexOptions.CultureInvariant);

        /// <summary>The test methods (by their signature and the line of the return) of <paramref name="source"/> that return early on a platform or path condition.</summary>
        /// <remarks>
        /// Works on the whole text, not line by line: an attribute or condition over several lines, <c>if(</c>, <c>{ return; }</c> and a return
        /// on the next line are all found. Comments and the text inside literals are blanked first (a literal's leading '/' kept).
        /// </remarks>
        public static List<string> EarlyPlatformReturns(string source)
        {
            string code = Code(source.Replace("\r\n", "\n", StringComparison.Ordinal));
            var fixedNames = FixedPathName.Matches(code).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal).ToList();
            var platform = fixedNames.Count == 0 ? PlatformCondition : new Regex(
                PlatformCondition + @"|(File|Directory)\s*\.\s*Exists\s*\(\s*(" + string.Join("|", fixedNames) + @")\s*\)", RegexOptions.CultureInvariant);
            var found = new List<string>();
            var bodies = new HashSet<int>();
            foreach (Match a in TestAttribute.Matches(code))
            {
                // The attribute list this one is in, then any further lists, then the signature up to its body.
                // An attribute list starts a member: after a brace, a semicolon or another list (not an indexer such as x[Fact]).
                int before = a.Index - 1;
                while (before >= 0 && char.IsWhiteSpace(code[before])) before--;
                if (before >= 0 && "]{};".IndexOf(code[before]) < 0) continue;
                int i = a.Index;
                while (true)
                {
                    while (i < code.Length && char.IsWhiteSpace(code[i])) i++;
                    if (i >= code.Length || code[i] != '[') break;
                    i = Close(code, i, '[', ']');
                    if (i < 0) break;
                    i++;
                }
                if (i < 0 || i >= code.Length) continue;
                int sig = i, depth = 0, body = -1;
                for (; i < code.Length; i++)
                {
                    char c = code[i];
                    if (c == '(') depth++;
                    else if (c == ')') depth--;
                    else if (depth == 0 && (c == ';' || (c == '=' && i + 1 < code.Length && code[i + 1] == '>'))) break;
                    else if (depth == 0 && c == '{') { body = i; break; }
                }
                if (body < 0 || !bodies.Add(body)) continue;
                int bodyEnd = Close(code, body, '{', '}');
                if (bodyEnd < 0) bodyEnd = code.Length - 1;
                string signature = Regex.Replace(code.Substring(sig, body - sig), @"\s+", " ").Trim();
                foreach (Match f in If.Matches(code.Substring(body, bodyEnd - body + 1)))
                {
                    int open = body + f.Index + f.Length - 1;
                    int close = Close(code, open, '(', ')');
                    if (close < 0) continue;
                    string cond = code.Substring(open + 1, close - open - 1);
                    if (!ReturnAfter.IsMatch(code, close + 1) || !platform.IsMatch(cond)) continue;
                    int line = 1 + code.Take(body + f.Index).Count(ch => ch == '\n');
                    found.Add(signature + " (line " + line + ")");
                }
            }
            return found;
        }

        /// <summary>The index of the bracket closing the one at <paramref name="open"/>, or -1.</summary>
        private static int Close(string code, int open, char o, char c)
        {
            int depth = 0;
            for (int i = open; i < code.Length; i++)
            {
                if (code[i] == o) depth++;
                else if (code[i] == c && --depth == 0) return i;
            }
            return -1;
        }

        /// <summary>
        /// <paramref name="s"/> with comments and the insides of string and char literals turned to spaces (newlines kept, so lines
        /// still count), but a string's leading '/' kept: brackets in them do not count, and a fixed absolute path is still seen.
        /// </summary>
        internal static string Code(string s)
        {
            var b = new System.Text.StringBuilder(s);
            int i = 0;
            void Blank(int from, int to)
            {
                for (int k = from; k < to && k < b.Length; k++) if (b[k] != '\n') b[k] = ' ';
            }
            while (i < s.Length)
            {
                char c = s[i];
                if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
                {
                    int e = s.IndexOf('\n', i);
                    if (e < 0) e = s.Length;
                    Blank(i, e);
                    i = e;
                }
                else if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
                {
                    int e = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    e = e < 0 ? s.Length : e + 2;
                    Blank(i, e);
                    i = e;
                }
                else if (c == '\'')
                {
                    int e = i + 1;
                    while (e < s.Length && s[e] != '\'' && s[e] != '\n') e += s[e] == '\\' ? 2 : 1;
                    Blank(i + 1, e);
                    i = e + 1;
                }
                else if (c == '"')
                {
                    int e = StringEnd(s, i);
                    int keep = i + 1 < s.Length && s[i + 1] == '/' ? 1 : 0;
                    Blank(i + 1 + keep, e);
                    i = e + 1;
                }
                else i++;
            }
            return b.ToString();
        }

        /// <summary>The index of the quote closing the string literal whose opening quote is at <paramref name="i"/> (prefixes @ and $ before it).</summary>
        private static int StringEnd(string s, int i)
        {
            bool verbatim = false, interpolated = false;
            for (int k = i - 1; k >= 0 && (s[k] == '@' || s[k] == '$'); k--)
            {
                verbatim |= s[k] == '@';
                interpolated |= s[k] == '$';
            }
            if (s.AsSpan(i).StartsWith("\"\"\"", StringComparison.Ordinal))
            {
                // A raw string literal: to the next three quotes.
                int r = s.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                return r < 0 ? s.Length : r + 2;
            }
            int e = i + 1;
            while (e < s.Length)
            {
                char c = s[e];
                if (verbatim && c == '"' && e + 1 < s.Length && s[e + 1] == '"') { e += 2; continue; }
                if (c == '"') return e;
                if (!verbatim && c == '\\') { e += 2; continue; }
                if (interpolated && c == '{')
                {
                    if (e + 1 < s.Length && s[e + 1] == '{') { e += 2; continue; }
                    // A hole: code to its closing brace, skipping the literals in it.
                    int depth = 0;
                    for (; e < s.Length; e++)
                    {
                        if (s[e] == '"') e = StringEnd(s, e);
                        else if (s[e] == '{') depth++;
                        else if (s[e] == '}' && --depth == 0) break;
                    }
                }
                e++;
            }
            return s.Length;
        }

        /// <summary>(the source, how many test methods the scan names)</summary>
        public static TheoryData<string, int> ScanRows() => new TheoryData<string, int>
        {
            // The forms session 47 left (TctlRunnerTests, ProcessGroupStrategyTests, ShellWordTests, ProcessRunnerTests, ProcFsTests before this session).
            { "        [Fact]\n        public void A()\n        {\n            if (OperatingSystem.IsWindows()) return; // why\n        }", 1 },
            { "        [Theory]\n        [InlineData(1)]\n        public void A(int x)\n        {\n            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;\n        }", 1 },
            { "        [Fact]\n        public void A()\n        {\n            if (HostPlatform.Current.IsWindows) return;\n        }", 1 },
            { "        [Theory]\n        [MemberData(nameof(X))]\n        public void A(string v)\n        {\n            if (OperatingSystem.IsWindows() || !File.Exists(\"/bin/bash\")) return;\n        }", 1 },
            { "        [Fact]\n        public void A()\n        {\n            if (!Directory.Exists(\"/proc\")) return;\n        }", 1 },
            { "        [Fact]\n        public async Task A()\n        {\n            if (!OperatingSystem.IsLinux()) return;\n        }", 1 },
            // Later in the body (LimitsTests before this session): still vacuous for the rest.
            { "        [Theory]\n        public void A(string n)\n        {\n            var m = Run(n);\n            if (m == null && RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;\n        }", 1 },
            // A skipping attribute does not make a return inside the body right.
            { "        [NotOnWindowsFact(\"x\")]\n        public void A()\n        {\n            if (OperatingSystem.IsWindows()) return;\n        }", 1 },
            // Forms the line-by-line scan missed (reviewer-347, /tmp/r347/scan.ps1): the return on the next line, in braces, if( ...
            { "        [Fact]\n        public void A()\n        {\n            if (OperatingSystem.IsWindows())\n                return;\n        }", 1 },
            { "        [Fact]\n        public void A()\n        {\n            if (OperatingSystem.IsWindows()) { return; }\n        }", 1 },
            { "        [Fact]\n        public void A()\n        {\n            if(OperatingSystem.IsWindows()) return;\n        }", 1 },
            // ... a test attribute over two lines, an InlineData over two lines (48 in the repo), the attribute on the signature's line ...
            { "        [NotOnWindowsTheory(\"x\",\n            Needs = \"/bin/bash\")]\n        [InlineData(1)]\n        public void A(int x)\n        {\n            if (OperatingSystem.IsWindows()) return;\n        }", 1 },
            { "        [Theory]\n        [InlineData(\"a\",\n            \"b\")]\n        public void A(string x, string y)\n        {\n            if (OperatingSystem.IsWindows()) return;\n        }", 1 },
            { "        [Fact] public void A()\n        {\n            if (OperatingSystem.IsWindows()) return;\n        }", 1 },
            // ... a fixed path through a constant, a verbatim literal; the path separator; Environment.OSVersion; a condition over two lines.
            { "        private const string Bash = \"/bin/bash\";\n        [Fact]\n        public void A()\n        {\n            if (!File.Exists(Bash)) return;\n        }", 1 },
            { "        [Fact]\n        public void A()\n        {\n            if (!File.Exists(Bash)) return;\n        }", 1 },
            { "        [Fact]\n        public void A()\n        {\n            if (!File.Exists(@\"/bin/bash\")) return;\n        }", 1 },
            { "        [Fact]\n        public void A()\n        {\n            if (Path.DirectorySeparatorChar == '\\\\') return;\n        }", 1 },
            { "        [Fact]\n        public void A()\n        {\n            if (Environment.OSVersion.Platform == PlatformID.Win32NT) return;\n        }", 1 },
            { "        [Fact]\n        public void A()\n        {\n            if (OperatingSystem.IsWindows() ||\n                !File.Exists(\"/bin/bash\")) return;\n        }", 1 },
            // A directory listing decides (PipedBlocksTests before this session): vacuous where the file system folds case.
            { "        [Theory]\n        [InlineData(\"a A\")]\n        public void A(string files)\n        {\n            if (files.Contains(\" \") && System.IO.Directory.GetFiles(dir).Length < 2) return;\n        }", 1 },
            // Two tests: each is named.
            { "        [Fact]\n        public void A()\n        {\n            if (OperatingSystem.IsWindows()) return;\n        }\n        [Fact]\n        public void B() { if (OperatingSystem.IsMacOS()) { return; } }", 2 },
            // Not a test method: a constructor, a helper; a return on another condition.
            { "        public Fixture()\n        {\n            if (OperatingSystem.IsWindows()) return;\n        }", 0 },
            { "        private static string Child(string s)\n        {\n            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;\n        }", 0 },
            { "        [Fact]\n        public void A()\n        {\n            if (!File.Exists(pidFile)) return;\n        }", 0 },
            { "        [NotOnWindowsFact(\"x\", Needs = \"/proc\")]\n        public void A()\n        {\n            Assert.True(Directory.Exists(\"/proc\"));\n        }", 0 },
            // In a comment or a string, or a helper after a test (the test's body ends at its brace), or a local temporary path: nothing.
            { "        [Fact]\n        public void A()\n        {\n            // if (OperatingSystem.IsWindows()) return;\n            var s = \"if (OperatingSystem.IsWindows()) return;\";\n        }", 0 },
            { "        [Fact]\n        public void A() => Assert.True(B());\n        private static bool B()\n        {\n            if (OperatingSystem.IsWindows()) return;\n        }", 0 },
            { "        [Fact]\n        public void A()\n        {\n            var dir = Path.GetTempPath();\n            if (!Directory.Exists(dir)) return;\n        }", 0 },
        };

        [Theory]
        [MemberData(nameof(ScanRows))]
        public void The_scan_names_each_test_that_returns_early_on_the_platform(string source, int count) =>
            Assert.Equal(count, EarlyPlatformReturns(source).Count);

        [Fact]
        public void No_test_method_returns_early_on_the_platform()
        {
            var dir = Path.Combine(TeleportMcp.Tests.Probe.HttpProbeTests.RepoRoot(), "tests", "TeleportMcp.Tests");
            var found = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                            !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .SelectMany(f => EarlyPlatformReturns(File.ReadAllText(f)).Select(m => Path.GetRelativePath(dir, f) + ": " + m))
                .ToList();
            Assert.True(found.Count == 0, "give these a NotOnWindowsFact / NotOnWindowsTheory (with Needs or LinuxOnly) instead of returning early:\n" + string.Join("\n", found));
        }

        /// <summary>(Windows, Linux, Needs, it exists, LinuxOnly, the Skip text or null)</summary>
        public static TheoryData<bool, bool, string, bool, bool, string> ReasonRows() => new TheoryData<bool, bool, string, bool, bool, string>
        {
            { true, false, null, true, false, "Not run on Windows: why" },
            { true, false, "/bin/bash", false, false, "Not run on Windows: why" },
            { false, true, null, true, false, null },
            { false, true, "/bin/bash", true, false, null },
            { false, true, "/bin/bash", false, false, "Not run here: /bin/bash is missing (why)" },
            { false, false, "/proc", true, true, "Run on Linux only: why" },
            { false, true, null, true, true, null },
        };

        [Theory]
        [MemberData(nameof(ReasonRows))]
        public void The_skip_says_why(bool windows, bool linux, string needs, bool exists, bool linuxOnly, string skip) =>
            Assert.Equal(skip, PlatformSkip.Reason("why", needs, linuxOnly, windows, linux, _ => exists));

        [Fact]
        public void The_attributes_give_xunit_their_skip_through_the_property_it_reads()
        {
            // xUnit 2 reads the Skip property of the attribute instance (ReflectionAttributeInfo.GetNamedArgument).
            var fact = new NotOnWindowsFactAttribute("why") { Needs = "/tmcp-no-such-path-" + Guid.NewGuid().ToString("N") };
            Assert.NotNull(fact.Skip);
            var theory = new NotOnWindowsTheoryAttribute("why") { Needs = "/tmcp-no-such-path-" + Guid.NewGuid().ToString("N") };
            Assert.NotNull(theory.Skip);
            Assert.Equal(OperatingSystem.IsWindows() ? "Not run on Windows: why" : null, new NotOnWindowsFactAttribute("why").Skip);
        }
    }
}
