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

        // A type the cmdlet assembly declares, and a // comment (a type named in a comment or a cref is not a use).
        private static readonly Regex Declared = new Regex(@"\b(?:class|struct|enum|interface|record)\s+(?<name>[A-Z]\w*)", RegexOptions.CultureInvariant);
        private static readonly Regex LiteralOrComment = new Regex(Literal + @"|//[^\r\n]*", RegexOptions.CultureInvariant);

        private static string WithoutComments(string source) => LiteralOrComment.Replace(source, m => m.Value.StartsWith("//", StringComparison.Ordinal) ? "" : m.Value);

        private static string CodeOnly(string source) => LiteralOrComment.Replace(source, m => m.Value.StartsWith("//", StringComparison.Ordinal) ? "" : "\"\"");

        /// <summary>
        /// Each source file of the cmdlet assembly with the cmdlets whose run can write its texts: a cmdlet's own file, and
        /// every file whose types it uses, directly or through other files (PathResolver's warning through
        /// Invoke-TeleportMcpDiagnosis's source). A file no cmdlet reaches has no writer and is not checked.
        /// </summary>
        internal static Dictionary<string, HashSet<string>> WritersOf(IReadOnlyDictionary<string, string> sources)
        {
            // What each file declares, and which files each file uses (a declared type named outside literals and comments).
            var declares = sources.ToDictionary(s => s.Key, s => Declared.Matches(CodeOnly(s.Value))
                .Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
            var uses = sources.ToDictionary(s => s.Key, s =>
            {
                var words = Regex.Matches(CodeOnly(s.Value), @"\b[A-Z]\w*\b").Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
                return declares.Where(d => d.Key != s.Key && d.Value.Overlaps(words)).Select(d => d.Key).ToList();
            }, StringComparer.Ordinal);
            var writers = sources.Keys.ToDictionary(k => k, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
            foreach (var (file, source) in sources)
            {
                var cmdlet = Regex.Match(source, @"\[Cmdlet\((?:Verbs\w+\.(?<verb>\w+)|""(?<verb>\w+)""),\s*""(?<noun>\w+)""");
                if (!cmdlet.Success) continue;
                string name = cmdlet.Groups["verb"].Value + "-" + cmdlet.Groups["noun"].Value;
                var seen = new HashSet<string>(StringComparer.Ordinal) { file };
                var queue = new Queue<string>(seen);
                while (queue.Count > 0)
                {
                    var at = queue.Dequeue();
                    writers[at].Add(name);
                    foreach (var next in uses[at]) if (seen.Add(next)) queue.Enqueue(next);
                }
            }
            return writers;
        }

        /// <summary>
        /// The -Parameter mentions of the texts in <paramref name="sources"/> (the string literals) that a cmdlet writing
        /// them does not have ("Invoke-TeleportMcpDiagnosis: -LiteralPath in ..."), but for a command of another cmdlet
        /// written in them, which <see cref="CommandsInTextsNameOnlyTheirCmdletsParameters"/> checks.
        /// </summary>
        internal static List<string> ForeignParameters(IReadOnlyDictionary<string, string> sources)
        {
            var found = new List<string>();
            foreach (var (file, writers) in WritersOf(sources))
            {
                foreach (Match literal in Literal.Matches(WithoutComments(sources[file])))
                {
                    // The part before any other cmdlet's name: what follows that name is that cmdlet's command.
                    string text = literal.Value;
                    var other = CmdletName.Match(text);
                    if (other.Success) text = text.Substring(0, other.Index);
                    foreach (var name in writers.OrderBy(n => n, StringComparer.Ordinal))
                    {
                        Assert.True(Parameters.Value.ContainsKey(name), name);
                        foreach (Match p in ParameterName.Matches(text))
                            if (!Parameters.Value[name].Contains(p.Groups["name"].Value))
                                found.Add(name + ": -" + p.Groups["name"].Value + " in " + Path.GetFileName(file) + " " + literal.Value);
                    }
                }
            }
            return found.Distinct().ToList();
        }

        /// <summary>
        /// The texts the cmdlet assembly writes (the string literals of its sources: the cmdlets' own, and those of the
        /// helpers they call) name only the parameters of every cmdlet that can write them.
        /// </summary>
        [Fact]
        public void ACmdletsOwnTextsNameOnlyItsParameters()
        {
            var sources = Files(Path.Combine("src", "TeleportMcp.PowerShell"), "*.cs").ToDictionary(f => f, File.ReadAllText, StringComparer.Ordinal);
            Assert.Contains(WritersOf(sources), w => w.Key.EndsWith("PathResolver.cs", StringComparison.Ordinal) && w.Value.Contains("Invoke-TeleportMcpDiagnosis"));
            var found = ForeignParameters(sources);
            Assert.True(found.Count == 0, "cmdlets write texts naming parameters they do not have: " + string.Join("; ", found));
        }

        // The shared texts each row's cmdlets write: a helper reached through another names the parameters of every cmdlet
        // that reaches it (session 47, review 329: the literal-twin warning named -LiteralPath also for
        // Invoke-TeleportMcpDiagnosis -ClientConfigPath).
        [Theory]
        [InlineData("\"Give it with -LiteralPath for -Path\"", "Invoke-TeleportMcpDiagnosis: -LiteralPath|Invoke-TeleportMcpDiagnosis: -Path")]
        [InlineData("\"Give it with \" + twin", "")]
        [InlineData("\"-ClusterPath is \" + x", "")]
        [InlineData("\"-Kind Role\"", "Invoke-TeleportMcpDiagnosis: -Kind|Test-TeleportMcpClient: -Kind")]
        [InlineData("\"run Test-TeleportMcpRole -Role r\"", "")]
        public void AHelpersTextsAreCheckedForEveryCmdletThatCallsIt(string literal, string expected)
        {
            var sources = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Diagnosis.cs"] = "[Cmdlet(VerbsLifecycle.Invoke, \"TeleportMcpDiagnosis\")] class D { void R() => Middle.Go(); }",
                ["Client.cs"] = "[Cmdlet(VerbsDiagnostic.Test, \"TeleportMcpClient\")] class C { void R() => Shared.Say(); }",
                ["Middle.cs"] = "static class Middle { public static void Go() => Shared.Say(); } // Unused.Name",
                ["Shared.cs"] = "static class Shared { public static string Say() => " + literal + "; }",
                ["Unused.cs"] = "static class Unused { const string X = \"-Nope\"; }",
            };
            var found = ForeignParameters(sources).Select(f => f.Substring(0, f.IndexOf(" in ", StringComparison.Ordinal))).OrderBy(f => f, StringComparer.Ordinal);
            Assert.Equal(expected, string.Join("|", found));
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
