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

        // PowerShell's common parameters, and the two of a cmdlet that supports ShouldProcess.
        private static readonly string[] Common =
        {
            "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
            "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
        };

        /// <summary>Each cmdlet's parameters and aliases, as the binder takes them (case-insensitive), from the assembly.</summary>
        private static readonly Lazy<Dictionary<string, HashSet<string>>> Parameters = new Lazy<Dictionary<string, HashSet<string>>>(() =>
            typeof(TeleportMcp.Commands.ImportTeleportResourceCommand).Assembly.GetExportedTypes()
                .Select(t => (Type: t, Cmdlet: t.GetCustomAttribute<CmdletAttribute>())).Where(x => x.Cmdlet != null)
                .ToDictionary(x => x.Cmdlet.VerbName + "-" + x.Cmdlet.NounName, x =>
                {
                    var names = new HashSet<string>(Common, StringComparer.OrdinalIgnoreCase);
                    if (x.Cmdlet.SupportsShouldProcess) names.UnionWith(new[] { "WhatIf", "Confirm" });
                    foreach (var prop in x.Type.GetProperties().Where(p => p.GetCustomAttributes<ParameterAttribute>().Any()))
                    {
                        names.Add(prop.Name);
                        foreach (var alias in prop.GetCustomAttributes<AliasAttribute>()) names.UnionWith(alias.AliasNames);
                    }
                    return names;
                }, StringComparer.Ordinal));

        // A parameter as a text names it: -Name after a space, bracket, quote or backtick.
        private static readonly Regex ParameterName = new Regex(@"(?<=[\s(\[`'""])-(?<name>[A-Z][A-Za-z]+)\b", RegexOptions.CultureInvariant);

        // Where a command written in a text ends: a pipe, a statement or sentence end, a list's comma, a closing bracket or
        // quote, a line end, or the next cmdlet's name (a nested command).
        private static readonly Regex CommandEnd = new Regex(@"[|;)\]""\r\n]|,\s|\.(?:\s|$)|\bor\b|\band\b|\bthen\b|\b[A-Z][a-z]+-Teleport(?:Mcp|Resource)", RegexOptions.CultureInvariant);

        /// <summary>The -Parameter mentions a command written in the text holds that its cmdlet does not have ("Test-TeleportMcpRole -Roles").</summary>
        private static IEnumerable<string> UnknownParameters(string text)
        {
            foreach (Match m in CmdletName.Matches(text))
            {
                if (!Parameters.Value.TryGetValue(m.Value, out var known)) continue;
                int start = m.Index + m.Length;
                var end = CommandEnd.Match(text, start);
                string command = text.Substring(start, (end.Success ? end.Index : text.Length) - start);
                foreach (Match p in ParameterName.Matches(command))
                    if (!known.Contains(p.Groups["name"].Value)) yield return m.Value + " -" + p.Groups["name"].Value;
            }
        }

        [Theory]
        [MemberData(nameof(Texts))]
        public void CommandsInTextsNameOnlyTheirCmdletsParameters(string what, string[] files)
        {
            var unknown = files.SelectMany(f => UnknownParameters(File.ReadAllText(f)).Select(n => Path.GetFileName(f) + ": " + n)).Distinct().ToList();
            Assert.True(unknown.Count == 0, what + " writes commands with parameters their cmdlets do not have: " + string.Join(", ", unknown));
        }

        // A C# string literal (regular or verbatim, the interpolated forms included).
        private static readonly Regex Literal = new Regex(@"\$?@""(?:[^""]|"""")*""|\$?""(?:[^""\\\r\n]|\\.)*""", RegexOptions.CultureInvariant);

        /// <summary>
        /// The texts a cmdlet writes itself (the string literals of its source) name only its own parameters, but for a
        /// command of another cmdlet written in them, which <see cref="CommandsInTextsNameOnlyTheirCmdletsParameters"/> checks.
        /// </summary>
        [Fact]
        public void ACmdletsOwnTextsNameOnlyItsParameters()
        {
            var found = new List<string>();
            foreach (var file in Files(Path.Combine("src", "TeleportMcp.PowerShell", "Commands"), "*Command.cs"))
            {
                string source = File.ReadAllText(file);
                var cmdlet = Regex.Match(source, @"\[Cmdlet\((?:Verbs\w+\.(?<verb>\w+)|""(?<verb>\w+)""),\s*""(?<noun>\w+)""");
                if (!cmdlet.Success) continue;
                string name = cmdlet.Groups["verb"].Value + "-" + cmdlet.Groups["noun"].Value;
                Assert.True(Parameters.Value.ContainsKey(name), name);
                foreach (Match literal in Literal.Matches(source))
                {
                    // The part before any other cmdlet's name: what follows that name is that cmdlet's command.
                    string text = literal.Value;
                    var other = CmdletName.Match(text);
                    if (other.Success) text = text.Substring(0, other.Index);
                    foreach (Match p in ParameterName.Matches(text))
                        if (!Parameters.Value[name].Contains(p.Groups["name"].Value)) found.Add(name + ": -" + p.Groups["name"].Value + " in " + literal.Value);
                }
            }
            Assert.True(found.Count == 0, "cmdlets write texts naming parameters they do not have: " + string.Join("; ", found));
        }

        [Theory]
        [InlineData("run Test-TeleportMcpRole -UserRole a -Rolez $r", "Test-TeleportMcpRole -Rolez")]
        [InlineData("Test-TeleportMcpClient -User (Import-TeleportResource ./c -Kind User)", null)]
        [InlineData("(Test-TeleportMcpRole, Test-TeleportMcpClient -ClusterPath, Invoke-TeleportMcpDiagnosis -LogPath)", null)]
        [InlineData("(Test-TeleportMcpRole -User <user> -App <app>), or -Whatever", null)]
        [InlineData("Get-Content x | Find-TeleportMcpError -Path a; then -Nope", null)]
        [InlineData("Invoke-TeleportMcpDiagnosis -Check Client -Path x", "Invoke-TeleportMcpDiagnosis -Path")]
        [InlineData("Test-TeleportMcpClient -WhatIf", "Test-TeleportMcpClient -WhatIf")]
        [InlineData("New-TeleportMcpRole -WhatIf -ErrorAction Stop -OutFile r.yaml", null)]
        public void AParameterTheCmdletDoesNotHaveIsFound(string text, string expected)
        {
            var unknown = UnknownParameters(text).ToList();
            if (expected == null) Assert.Empty(unknown);
            else Assert.Equal(new[] { expected }, unknown);
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
