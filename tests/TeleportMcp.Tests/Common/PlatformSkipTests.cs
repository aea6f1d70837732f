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
        // An `if (...) return;` whose condition asks the system or a fixed path: the early return that passes vacuously.
        private static readonly Regex PlatformReturn = new Regex(
            @"^\s*if \((?<cond>.*(OperatingSystem\.Is\w+\(\)|RuntimeInformation\.IsOSPlatform|\.IsWindows\b|(File|Directory)\.Exists\(""/).*)\)\s*return;",
            RegexOptions.CultureInvariant);

        private static readonly Regex Signature = new Regex(@"^\s*(public|private|internal|protected|static|async)\b[^;=]*\(", RegexOptions.CultureInvariant);

        // xUnit's test attributes and this project's ([Fact], [Theory], [NotOnWindowsFact(...)], [Xunit.Fact], ...).
        private static readonly Regex TestAttribute = new Regex(@"^\s*\[([\w.]*\.)?\w*(Fact|Theory)(Attribute)?\b", RegexOptions.CultureInvariant);

        /// <summary>The test methods (by the line of their signature) of <paramref name="source"/> that return early on a platform or path condition.</summary>
        public static List<string> EarlyPlatformReturns(string source)
        {
            var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            var found = new List<string>();
            for (int i = 0; i < lines.Length; i++)
            {
                if (!PlatformReturn.IsMatch(lines[i])) continue;
                int indent = Indent(lines[i]);
                int j = i - 1;
                while (j >= 0 && !(Signature.IsMatch(lines[j]) && Indent(lines[j]) < indent)) j--;
                if (j < 0) continue;
                bool test = false;
                for (int k = j - 1; k >= 0; k--)
                {
                    var t = lines[k].Trim();
                    if (!(t.StartsWith('[') || t.StartsWith("//", StringComparison.Ordinal))) break;
                    if (TestAttribute.IsMatch(lines[k])) test = true;
                }
                if (test) found.Add(lines[j].Trim() + " (line " + (i + 1) + ")");
            }
            return found;
        }

        private static int Indent(string line) => line.Length - line.TrimStart().Length;

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
            // Not a test method: a constructor, a helper; a return on another condition.
            { "        public Fixture()\n        {\n            if (OperatingSystem.IsWindows()) return;\n        }", 0 },
            { "        private static string Child(string s)\n        {\n            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;\n        }", 0 },
            { "        [Fact]\n        public void A()\n        {\n            if (!File.Exists(pidFile)) return;\n        }", 0 },
            { "        [NotOnWindowsFact(\"x\", Needs = \"/proc\")]\n        public void A()\n        {\n            Assert.True(Directory.Exists(\"/proc\"));\n        }", 0 },
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
