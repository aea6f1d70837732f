using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    /// <summary>
    /// Session 49 (helper-356): xUnit 2.9.3's Assert.StartsWith(string, string) and Assert.EndsWith(string, string) compare
    /// with the current culture (xunit.assert.xml: "using the current culture"), so under ICU a character the culture ignores
    /// (U+0000, U+200B, U+00AD) is skipped on either side: Assert.StartsWith("a\u200Bb", "ab") passes. The module compares
    /// ordinally everywhere (the analyzers, .editorconfig); its tests do too, and this scan fails on a call that does not say so.
    /// </summary>
    public class OrdinalAssertTests
    {
        private static readonly Regex Call = new Regex(@"\bAssert\s*\.\s*(StartsWith|EndsWith)\s*\(", RegexOptions.CultureInvariant);

        /// <summary>The line numbers of the Assert.StartsWith / Assert.EndsWith calls of <paramref name="source"/> that name no StringComparison.</summary>
        public static List<int> CultureCalls(string source)
        {
            // Comments and literal text blanked: a parenthesis or the word StringComparison inside a string does not count.
            string code = PlatformSkipTests.Code(source.Replace("\r\n", "\n", StringComparison.Ordinal));
            var found = new List<int>();
            foreach (Match m in Call.Matches(code))
            {
                int depth = 1, i = m.Index + m.Length;
                while (i < code.Length && depth > 0)
                {
                    if (code[i] == '(') depth++;
                    else if (code[i] == ')') depth--;
                    i++;
                }
                if (code.IndexOf("StringComparison", m.Index, i - m.Index, StringComparison.Ordinal) < 0)
                    found.Add(code.Take(m.Index).Count(c => c == '\n') + 1);
            }
            return found;
        }

        public static TheoryData<string, int> ScanRows() => new TheoryData<string, int>
        {
            { "Assert.StartsWith(\"a\", b);", 1 },
            { "Assert.EndsWith(\"a\", b);", 1 },
            { "Assert.StartsWith(\"a\", b, StringComparison.Ordinal);", 0 },
            { "Assert.EndsWith(\"a\",\n    b,\n    System.StringComparison.Ordinal);", 0 },
            // Over several lines, the comparison missing.
            { "Assert.StartsWith(\"a\" +\n    \"b\", c);", 1 },
            // The word or a parenthesis only inside a literal or a comment counts for nothing.
            { "Assert.StartsWith(\"StringComparison.Ordinal)\", c);", 1 },
            { "Assert.EndsWith(\")\", c); // StringComparison", 1 },
            { "Assert.StartsWith(Wrap(\"a\"), c, StringComparison.Ordinal); Assert.EndsWith(x, y);", 1 },
            { "Assert.Equal(\"a\", b);", 0 },
        };

        [Theory]
        [MemberData(nameof(ScanRows))]
        public void The_scan_names_each_call_without_a_comparison(string source, int count) =>
            Assert.Equal(count, CultureCalls(source).Count);

        // xunit.assert 2.9.3 (lib/net6.0/xunit.assert.xml): these four compare text "using the current culture" unless given a
        // StringComparison, in their string, Span<char>, ReadOnlySpan<char>, Memory<char> and ReadOnlyMemory<char> forms.
        private static readonly HashSet<string> TextAsserts = new HashSet<string>(StringComparer.Ordinal) { "Contains", "DoesNotContain", "StartsWith", "EndsWith" };

        private static bool IsText(string type) => type == "String" || type is "System.Span`1<Char>" or "System.ReadOnlySpan`1<Char>" or "System.Memory`1<Char>" or "System.ReadOnlyMemory`1<Char>";

        /// <summary>
        /// The calls in an assembly's IL to an Xunit.Assert text comparison without a StringComparison, each as "method (source place): Assert.Name(parameters)".
        /// Read from the overload the compiler chose, so Assert.Contains(item, collection) and Assert.Contains(substring, text) are told apart exactly.
        /// </summary>
        internal static List<(string Caller, string Call)> CultureCallsIn(string assemblyPath)
        {
            var code = new TeleportMcp.Tests.Module.CallReach(new[] { assemblyPath });
            return code.CallsTo("Xunit.Assert")
                .Where(c => TextAsserts.Contains(c.Name) && c.Parameters.Length > 0 && c.Parameters.All(IsText))
                .Select(c => (code.Describe(c.Caller), code.Source(c.Caller, c.Offset) + ": Assert." + c.Name + "(" + string.Join(", ", c.Parameters) + ")"))
                .ToList();
        }

        /// <summary>Calls the IL scan must find (the culture forms) and must pass over (ordinal, collection): never run, only read.</summary>
        private static class CultureSample
        {
            public static void Calls(string text, ReadOnlySpan<char> span, IEnumerable<string> items)
            {
                Assert.Contains("a", text);
                Assert.DoesNotContain("a", text);
                Assert.Contains("a".AsSpan(), span);
                Assert.Contains("a", text, StringComparison.Ordinal);
                Assert.DoesNotContain("a", text, StringComparison.Ordinal);
                Assert.Contains("a", items);
                Assert.DoesNotContain("a", items);
                Assert.Contains(items, i => i.Length == 1);
            }
        }

        private static readonly string SampleType = typeof(OrdinalAssertTests).FullName + "/" + nameof(CultureSample);

        [Fact]
        public void The_IL_scan_finds_the_culture_forms_and_passes_over_ordinal_and_collection_ones()
        {
            var found = CultureCallsIn(typeof(OrdinalAssertTests).Assembly.Location)
                .Where(c => c.Caller.StartsWith(SampleType, StringComparison.Ordinal))
                .Select(c => c.Call.Substring(c.Call.IndexOf(": Assert.", StringComparison.Ordinal) + 2))
                .ToList();
            Assert.Equal(new[] { "Assert.Contains(String, String)", "Assert.DoesNotContain(String, String)", "Assert.Contains(System.ReadOnlySpan`1<Char>, System.ReadOnlySpan`1<Char>)" }, found);
        }

        [Fact]
        public void Every_text_assert_in_the_compiled_tests_compares_ordinally()
        {
            var found = CultureCallsIn(typeof(OrdinalAssertTests).Assembly.Location)
                .Where(c => !c.Caller.StartsWith(SampleType, StringComparison.Ordinal))
                .Select(c => c.Call)
                .ToList();
            Assert.True(found.Count == 0, found.Count + " text asserts compare with the current culture; give them StringComparison.Ordinal:\n" + string.Join("\n", found));
        }

        [Fact]
        public void Every_StartsWith_and_EndsWith_assert_compares_ordinally()
        {
            var dir = Path.Combine(TeleportMcp.Tests.Probe.HttpProbeTests.RepoRoot(), "tests", "TeleportMcp.Tests");
            var found = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                            !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .SelectMany(f => CultureCalls(File.ReadAllText(f)).Select(line => Path.GetRelativePath(dir, f) + ":" + line))
                .ToList();
            Assert.True(found.Count == 0, "give these StringComparison.Ordinal (xUnit's two-argument form compares with the current culture):\n" + string.Join("\n", found));
        }
    }
}
