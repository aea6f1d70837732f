using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Management.Automation;
using Xunit;

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// Every text that names a cmdlet of this module (engine code and catalogs, the cmdlets' own sources, the help,
    /// about_TeleportMcp, docs/, the README and the examples) names a real one: a cmdlet of the assembly that the manifest exports.
    /// </summary>
    public class CmdletNameTests
    {
        // Any Verb-TeleportMcp* or Verb-TeleportResource* form, whatever the verb.
        private static readonly Regex CmdletName = new Regex(@"\b[A-Z][a-z]+-Teleport(?:Mcp|Resource)[A-Za-z]*\b", RegexOptions.CultureInvariant);

        private static readonly Lazy<HashSet<string>> Real = new Lazy<HashSet<string>>(() =>
        {
            var inAssembly = typeof(TeleportMcp.Commands.ImportTeleportResourceCommand).Assembly.GetExportedTypes()
                .Select(t => t.GetCustomAttribute<CmdletAttribute>()).Where(a => a != null)
                .Select(a => a.VerbName + "-" + a.NounName).ToHashSet(StringComparer.Ordinal);
            var manifest = File.ReadAllText(Path.Combine(RepoPaths.Root, "TeleportMcp.psd1"));
            var exported = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)").Groups["list"].Value;
            var inManifest = Regex.Matches(exported, @"'([^']+)'").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            inAssembly.IntersectWith(inManifest);
            return inAssembly;
        });

        private static IEnumerable<string> Unknown(string text) =>
            CmdletName.Matches(text).Select(m => m.Value).Where(n => !Real.Value.Contains(n)).Distinct();

        private static bool Scanned(string path)
        {
            string sep = Path.DirectorySeparatorChar.ToString();
            return !path.Contains(sep + "obj" + sep, StringComparison.Ordinal) && !path.Contains(sep + "bin" + sep, StringComparison.Ordinal) &&
                   !path.Contains(sep + "node_modules" + sep, StringComparison.Ordinal);
        }

        private static IEnumerable<string> Files(string dir, params string[] patterns) =>
            patterns.SelectMany(p => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, dir), p, SearchOption.AllDirectories)).Where(Scanned);

        public static IEnumerable<object[]> Texts() => new[]
        {
            new object[] { "engine", Files(Path.Combine("src", "TeleportMcp.Engine"), "*.cs", "*.yaml").ToArray() },
            new object[] { "cmdlets", Files(Path.Combine("src", "TeleportMcp.PowerShell"), "*.cs").ToArray() },
            new object[] { "help", Files("en-US", "*.md").ToArray() },
            new object[] { "about_TeleportMcp", new[] { Path.Combine(RepoPaths.Root, "en-US", "about_TeleportMcp.help.txt") } },
            new object[] { "docs", Files("docs", "*").ToArray() },
            new object[] { "README", new[] { Path.Combine(RepoPaths.Root, "README.md") } },
            new object[] { "examples", Files("examples", "*").ToArray() },
        };

        [Theory]
        [MemberData(nameof(Texts))]
        public void TextsNameOnlyRealCmdlets(string what, string[] files)
        {
            Assert.NotEmpty(files);
            var unknown = files.SelectMany(f => Unknown(File.ReadAllText(f)).Select(n => Path.GetFileName(f) + ": " + n)).ToList();
            Assert.True(unknown.Count == 0, what + " names cmdlets the module does not have: " + string.Join(", ", unknown));
        }

        [Theory]
        [InlineData("Run Test-TeleportMcpAccess to check it.", "Test-TeleportMcpAccess")]
        [InlineData("then Remove-TeleportResource the role", "Remove-TeleportResource")]
        [InlineData("Get-TeleportMcpTool alice", "Get-TeleportMcpTool")]
        [InlineData("pipe it to Export-TeleportResources", "Export-TeleportResources")]
        [InlineData("Test-TeleportMcpApp and Test-TeleportMcpapp", "Test-TeleportMcpapp")]
        [InlineData("Import-TeleportResource, Get-TeleportMcpServing and Find-TeleportMcpError", null)]
        public void AMadeUpNameIsFound(string text, string expected)
        {
            var unknown = Unknown(text).ToList();
            if (expected == null) Assert.Empty(unknown);
            else Assert.Equal(new[] { expected }, unknown);
        }

        [Fact]
        public void TheRealListHoldsTheCmdletsTheHelpDescribes()
        {
            var helped = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "en-US"), "*-*.md").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(helped.OrderBy(n => n, StringComparer.Ordinal), Real.Value.OrderBy(n => n, StringComparer.Ordinal));
        }
    }
}
