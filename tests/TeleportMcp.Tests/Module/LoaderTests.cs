using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using TeleportMcp.Loader;
using Xunit;
using TeleportMcp.Initialization;

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// The loader's rules that cannot run here: which requests Windows PowerShell 5.1's resolver answers from
    /// Dependencies/, which type names the import makes resolvable in scripts, and that the assembly both editions
    /// import names nothing .NET Framework lacks.
    /// </summary>
    public class LoaderTests
    {
        [Theory]
        // The engine, for the cmdlet assembly or for a request without a requester (a type-name lookup).
        [InlineData("TeleportMcp.Engine", "TeleportMcp.PowerShell", true)]
        [InlineData("TeleportMcp.Engine", null, true)]
        [InlineData("teleportmcp.engine", "TELEPORTMCP.POWERSHELL", true)]
        // The engine's own dependencies, for the engine only.
        [InlineData("YamlDotNet", "TeleportMcp.Engine", true)]
        // Another module's YamlDotNet request is never answered with ours, nor a request without a requester.
        [InlineData("YamlDotNet", "OtherModule", false)]
        [InlineData("YamlDotNet", null, false)]
        [InlineData("YamlDotNet", "TeleportMcp.PowerShell", false)]
        // Someone else asking for our engine gets PowerShell's own answer.
        [InlineData("TeleportMcp.Engine", "OtherModule", false)]
        public void WindowsPowerShellResolverAnswersOnlyOurRequests(string requested, string requester, bool answers)
        {
            Assert.Equal(answers, DependencyRule.AnswersOnFramework(requested, requester));
        }

        [Fact]
        public void ScriptTypeNamesAreTheEnginesPublicTypesAndTheDocumentedLimits()
        {
            var engine = typeof(Role).Assembly;
            var expected = engine.GetExportedTypes().Where(t => t.Namespace == "TeleportMcp")
                .Append(typeof(TeleportMcp.Engine.Common.Limits))
                .Append(typeof(TeleportMcp.Engine.Common.TeleportInputException))
                .Select(t => t.FullName).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
            var listed = ModuleInit.ScriptTypes.Select(t => t.FullName).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
            Assert.Equal(listed.Distinct().Count(), listed.Count);
            // A new public engine type needs its line in ModuleInit.ScriptTypes, so [TeleportMcp.<Name>] resolves.
            Assert.Equal(expected, listed);
        }

        [Fact]
        public void EveryEnumTravelsByNameAndAppAndProbeResultKeepTheirDepth()
        {
            var data = ModuleInit.SerializationTypeData().ToList();
            Assert.Equal(data.Count, data.Select(d => d.TypeName).Distinct().Count());
            var enums = typeof(Role).Assembly.GetExportedTypes().Where(t => t.Namespace == "TeleportMcp" && t.IsEnum).Select(t => t.FullName).ToList();
            Assert.NotEmpty(enums);
            foreach (var name in enums) Assert.Equal("String", Assert.Single(data, d => d.TypeName == name).SerializationMethod);
            Assert.Equal(3u, Assert.Single(data, d => d.TypeName == "TeleportMcp.App").SerializationDepth);
            Assert.Equal(2u, Assert.Single(data, d => d.TypeName == "TeleportMcp.ProbeResult").SerializationDepth);
            // Remoting's depth of 1 would turn a scoped_role_assignment's role and scope pairs into text Test-TeleportMcpRole cannot read back.
            Assert.Equal(2u, Assert.Single(data, d => d.TypeName == "TeleportMcp.ScopedRoleAssignment").SerializationDepth);
            Assert.Equal(enums.Count + 3, data.Count);
            // The enums that were text before convert from the earlier spellings; no other type gets a converter.
            var converted = data.Where(d => d.TypeConverter != null).ToList();
            Assert.Equal(new[] { "TeleportMcp.AppOrigin", "TeleportMcp.ConfigScope" }, converted.Select(d => d.TypeName).OrderBy(n => n, System.StringComparer.Ordinal));
            Assert.All(converted, d => Assert.Equal(typeof(EnumSpellingConverter), d.TypeConverter));
        }

        [Theory]
        [InlineData(typeof(AppOrigin), "teleport.yaml", AppOrigin.TeleportYaml)]
        [InlineData(typeof(AppOrigin), "app_server", AppOrigin.AppServer)]
        [InlineData(typeof(AppOrigin), "APPSERVER", AppOrigin.AppServer)]
        [InlineData(typeof(AppOrigin), "mcp_demo_server", AppOrigin.McpDemoServer)]
        [InlineData(typeof(ConfigScope), "packaged", ConfigScope.Packaged)]
        public void TheConverterReadsTheEarlierSpellings(System.Type type, string text, object expected)
        {
            var converter = new EnumSpellingConverter();
            Assert.True(converter.CanConvertFrom((object)text, type));
            Assert.True(converter.CanConvertFrom(new System.Management.Automation.PSObject(text), type));
            Assert.Equal(expected, converter.ConvertFrom((object)text, type, null, true));
            Assert.False(converter.CanConvertTo(expected, typeof(string)));
        }

        [Theory]
        [InlineData("nonsense")]
        [InlineData("1")]
        [InlineData(null)]
        public void TheConverterLeavesOtherValuesToPowerShell(string text)
        {
            var converter = new EnumSpellingConverter();
            // As object: a string argument would pick the PSObject overloads (string converts to PSObject implicitly).
            object value = text;
            Assert.False(converter.CanConvertFrom(value, typeof(AppOrigin)));
            Assert.False(converter.CanConvertFrom((object)1, typeof(AppOrigin)));
            Assert.Throws<System.Management.Automation.PSInvalidCastException>(() => converter.ConvertFrom(value, typeof(AppOrigin), null, true));
        }

        [Fact]
        public void AnImportWhoseTypeDataFailsLeavesNoCountAndNoTypeNameBehind()
        {
            int before = ModuleInit.Imports;
            var undone = new List<string>();
            var failure = new System.InvalidOperationException("Update-TypeData failed");
            var thrown = Assert.Throws<System.InvalidOperationException>(() => ModuleInit.Import(() => throw failure, applied => undone.Add("undo")));
            Assert.Same(failure, thrown);
            Assert.Equal(before, ModuleInit.Imports);
            // Nothing was applied, so there is nothing to undo; the type names were never added.
            Assert.Empty(undone);
            var names = (IDictionary<string, System.Type>)typeof(System.Management.Automation.PSObject).Assembly
                .GetType("System.Management.Automation.TypeAccelerators", true)!.GetProperty("Get")!.GetValue(null)!;
            if (before == 0) Assert.False(names.ContainsKey("TeleportMcp.Role"));
        }

        public static TheoryData<string, bool, bool> TypeDataCases() => new TheoryData<string, bool, bool>
        {
            // What the table holds for TeleportMcp.App (ours: SerializationDepth 3) -> has our settings, holds only ours.
            { "ours", true, true },
            { "ours plus a user's member", true, false },
            { "ours plus a user's default display property", true, false },
            { "a user's other depth", false, false },
            { "ours plus a user's type converter", true, false },
            { "ours plus a user's serialization method", false, false },
        };

        [Theory]
        // What the table holds for TeleportMcp.AppOrigin (ours: by name, and our converter).
        [InlineData("ours", true, true)]
        [InlineData("ours without the converter", false, false)]
        [InlineData("a user's converter", false, false)]
        [InlineData("ours plus a user's member", true, false)]
        public void AConvertedEnumsTypeDataIsOursOnlyWithOurConverter(string table, bool hasOurSettings, bool holdsOnly)
        {
            var ours = ModuleInit.SerializationTypeData().Single(d => d.TypeName == "TeleportMcp.AppOrigin");
            var current = new System.Management.Automation.Runspaces.TypeData("TeleportMcp.AppOrigin") { SerializationMethod = "String", TypeConverter = typeof(EnumSpellingConverter), IsOverride = true };
            switch (table)
            {
                case "ours without the converter": current.TypeConverter = null; break;
                case "a user's converter": current.TypeConverter = typeof(System.ComponentModel.EnumConverter); break;
                case "ours plus a user's member": current.Members.Add("Note", new System.Management.Automation.Runspaces.NotePropertyData("Note", 1)); break;
            }
            Assert.Equal(hasOurSettings, ModuleInit.HasOurSettings(current, ours));
            Assert.Equal(holdsOnly, ModuleInit.HoldsOnly(current, ours));
        }

        [Theory]
        [MemberData(nameof(TypeDataCases))]
        public void OnlyTypeDataHoldingNothingButTheModulesIsRemoved(string table, bool hasOurSettings, bool holdsOnly)
        {
            var ours = ModuleInit.SerializationTypeData().Single(d => d.TypeName == "TeleportMcp.App");
            var current = new System.Management.Automation.Runspaces.TypeData("TeleportMcp.App") { SerializationDepth = 3, IsOverride = true };
            switch (table)
            {
                case "ours plus a user's member": current.Members.Add("Note", new System.Management.Automation.Runspaces.NotePropertyData("Note", 1)); break;
                case "ours plus a user's default display property": current.DefaultDisplayProperty = "Name"; break;
                case "a user's other depth": current.SerializationDepth = 5; break;
                case "ours plus a user's type converter": current.TypeConverter = typeof(System.ComponentModel.StringConverter); break;
                case "ours plus a user's serialization method": current.SerializationMethod = "AllPublicProperties"; break;
            }
            Assert.Equal(hasOurSettings, ModuleInit.HasOurSettings(current, ours));
            Assert.Equal(holdsOnly, ModuleInit.HoldsOnly(current, ours));
        }

        // What .NET Framework 4.7.2 can load for a netstandard2.0 assembly: netstandard itself and PowerShellStandard's
        // System.Management.Automation (Windows PowerShell 5.1's own).
        private static readonly string[] FrameworkLoadable = { "netstandard", "System.Management.Automation" };

        /// <summary>
        /// Every type the assembly at <paramref name="path"/> refers to (base types, fields, signatures, method bodies'
        /// member references all go through type references) whose assembly is not in <see cref="FrameworkLoadable"/>,
        /// as "Assembly: Namespace.Name".
        /// </summary>
        private static List<string> ForeignTypeReferences(string path)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var md = pe.GetMetadataReader();
            var foreign = new List<string>();
            foreach (var handle in md.TypeReferences)
            {
                var type = md.GetTypeReference(handle);
                var scope = type.ResolutionScope;
                while (scope.Kind == HandleKind.TypeReference) scope = md.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
                if (scope.Kind != HandleKind.AssemblyReference) continue; // a type of this assembly
                string assembly = md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
                if (!FrameworkLoadable.Contains(assembly))
                    foreign.Add(assembly + ": " + md.GetString(type.Namespace) + "." + md.GetString(type.Name));
            }
            foreach (var handle in md.AssemblyReferences)
            {
                string assembly = md.GetString(md.GetAssemblyReference(handle).Name);
                if (!FrameworkLoadable.Contains(assembly)) foreign.Add(assembly + ": (assembly reference)");
            }
            return foreign;
        }

        [Fact]
        public void TheAssemblyBothEditionsImportNamesNothingDotNetFrameworkLacks()
        {
            // Windows PowerShell 5.1 imports TeleportMcp.Loader.dll (NestedModules); a type in it that derives from or
            // uses AssemblyLoadContext would make GetTypes() over it throw a ReflectionTypeLoadException there.
            Assert.Empty(ForeignTypeReferences(typeof(ModuleLoader).Assembly.Location));
        }

        [Fact]
        public void TheLoadContextLivesInTheAssemblyOnlyPowerShell7Loads()
        {
            // The check above finds exactly what it guards against: the PowerShell 7 half derives from AssemblyLoadContext.
            string core = Path.Combine(Path.GetDirectoryName(typeof(ModuleLoader).Assembly.Location)!, ModuleLoader.CoreAssemblyFile);
            Assert.Contains("System.Runtime.Loader: System.Runtime.Loader.AssemblyLoadContext", ForeignTypeReferences(core));
            var context = System.Reflection.Assembly.LoadFrom(core).GetType(ModuleLoader.LoadContextType, throwOnError: true)!;
            Assert.Equal("AssemblyLoadContext", context.BaseType!.Name);
        }

        [Theory]
        [InlineData("WINDOWS", System.Runtime.InteropServices.Architecture.X64, 10, "win-x64")]
        [InlineData("LINUX", System.Runtime.InteropServices.Architecture.X64, 10, "linux-x64")]
        [InlineData("OSX", System.Runtime.InteropServices.Architecture.Arm64, 10, "osx-arm64")]
        [InlineData("LINUX", System.Runtime.InteropServices.Architecture.Arm64, 10, "linux-arm64")]
        [InlineData("LINUX", System.Runtime.InteropServices.Architecture.X64, 11, "linux-x64")]
        [InlineData("WINDOWS", System.Runtime.InteropServices.Architecture.X64, 8, null)]
        [InlineData("LINUX", System.Runtime.InteropServices.Architecture.X64, 9, null)]
        [InlineData("FREEBSD", System.Runtime.InteropServices.Architecture.X64, 10, null)]
        [InlineData("WINDOWS", System.Runtime.InteropServices.Architecture.X86, 10, null)]
        public void ReadyToRunCopiesAreLookedForUnderTheRuntimeIdentifier(string os, System.Runtime.InteropServices.Architecture arch, int runtimeMajor, string folder)
        {
            // The folder names build.ps1 lays out ($ReadyToRunRids) are .NET runtime identifiers; an unknown platform, or a
            // runtime older than the one the copies were compiled against (PowerShell 7.4/7.5), uses the IL copies.
            Assert.Equal(folder, ModuleLoadContext.PlatformFolder(System.Runtime.InteropServices.OSPlatform.Create(os), arch, runtimeMajor));
        }
    }
}
