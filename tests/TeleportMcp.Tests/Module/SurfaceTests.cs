using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using Xunit;

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// The module's objects are the engine's types (one model); the cmdlet assembly holds cmdlets and the helpers that
    /// bind, resolve paths and build error records, and no YamlDotNet type may reach any public surface.
    /// </summary>
    public class SurfaceTests
    {
        private static readonly Assembly Cmdlets = typeof(TeleportMcp.Commands.ImportTeleportResourceCommand).Assembly;
        private static readonly Assembly Engine = typeof(TeleportMcp.Role).Assembly;

        [Fact]
        public void CmdletAssemblyDoesNotReferenceYamlDotNet()
        {
            Assert.DoesNotContain(Cmdlets.GetReferencedAssemblies(), a => a.Name == "YamlDotNet");
        }

        [Fact]
        public void PublicSurfaceHasNoYamlDotNetTypes()
        {
            var offenders = new List<string>();
            foreach (var type in Cmdlets.GetExportedTypes().Concat(Engine.GetExportedTypes()))
            {
                foreach (var t in SurfaceTypes(type))
                    if (t.Assembly.GetName().Name == "YamlDotNet") offenders.Add(type.FullName + " -> " + t.FullName);
            }
            Assert.Empty(offenders);
        }

        [Fact]
        public void NoTypeExistsTwice()
        {
            var engineNames = new HashSet<string>(OwnTypes(Engine).Select(t => t.Name));
            var twice = OwnTypes(Cmdlets).Where(t => engineNames.Contains(t.Name)).Select(t => t.FullName).ToList();
            Assert.Empty(twice);
        }

        [Fact]
        public void CmdletAssemblyHoldsCmdletsAndTheirHelpersOnly()
        {
            var allowed = new[]
            {
                "TeleportMcp.Infrastructure.ModuleInit", "TeleportMcp.Infrastructure.TeleportMcpCommand", "TeleportMcp.Infrastructure.TctlCommandBase",
                "TeleportMcp.Infrastructure.PathResolver", "TeleportMcp.Infrastructure.ErrorRecords", "TeleportMcp.Infrastructure.ResourceTransformationAttribute",
                "TeleportMcp.Infrastructure.PlainValues",
                // The initializer's way into the session's type table (the table itself, or the type-data cmdlets).
                "TeleportMcp.Infrastructure.SessionTypeData", "TeleportMcp.Infrastructure.DirectTypeTable", "TeleportMcp.Infrastructure.TypeDataCommands",
                // The module's views (PowerShell's side only: how its objects print) and the initializer's way into the session's format database.
                "TeleportMcp.Infrastructure.ModuleViews", "TeleportMcp.Infrastructure.ModuleViews+Column", "TeleportMcp.Infrastructure.ModuleViews+GroupBy",
                "TeleportMcp.Infrastructure.SessionFormatData", "TeleportMcp.Infrastructure.DirectFormatDatabase", "TeleportMcp.Infrastructure.FormatDataCommand",
                // The type data's text-to-enum conversion for Origin/Scope: PowerShell's side only, the spellings are Engine.Resources.EnumSpellings'.
                "TeleportMcp.Infrastructure.EnumSpellingConverter",
                // -User as names: binding only, what names a user is Engine.Resources.PipedUser's.
                "TeleportMcp.Infrastructure.UserNameTransformationAttribute",
                // PSObject as the engine's IInputObject: property access only; what an object is stays Engine.Resources/RoleDesign's.
                "TeleportMcp.Infrastructure.PSInputObject",
                // The remoting plumbing of the fleet checks (New-PSSession, Invoke-Command); what the results mean is Engine.Fleet's.
                "TeleportMcp.Infrastructure.RemoteHosts", "TeleportMcp.Infrastructure.FleetCommand",
                // PowerShell-side helpers: progress records, preference variables, Tab completion (logic in Engine.Completion).
                "TeleportMcp.Infrastructure.ProgressWriter", "TeleportMcp.Infrastructure.StreamPreference",
                "TeleportMcp.Infrastructure.ClusterNameCompleter", "TeleportMcp.Infrastructure.UserNameCompleter", "TeleportMcp.Infrastructure.AppNameCompleter",
                "TeleportMcp.Infrastructure.McpAppNameCompleter", "TeleportMcp.Infrastructure.ToolNameCompleter", "TeleportMcp.Infrastructure.OfflineNameCompleter",
            };
            var others = OwnTypes(Cmdlets)
                .Where(t => !(t.Namespace == "TeleportMcp.Commands" && t.GetCustomAttribute<CmdletAttribute>() != null))
                .Where(t => !allowed.Contains(t.FullName))
                // Tab completers: one small type per parameter kind, the names and their reading are Engine.Completion's.
                .Where(t => !(t.Namespace == "TeleportMcp.Infrastructure" && typeof(System.Management.Automation.IArgumentCompleter).IsAssignableFrom(t)))
                .Select(t => t.FullName).ToList();
            Assert.Empty(others);
        }

        [Fact]
        public void EveryOutputTypeIsAnEngineOrBclType()
        {
            foreach (var type in Cmdlets.GetExportedTypes().Where(t => t.GetCustomAttribute<CmdletAttribute>() != null))
                foreach (var output in type.GetCustomAttributes<OutputTypeAttribute>().SelectMany(o => o.Type))
                    Assert.True(output.Type == null || output.Type.Assembly == Engine || output.Type.Assembly == typeof(object).Assembly,
                        type.Name + " declares output type " + output.Name);
        }

        /// <summary>Types the project's source declares (not the compiler's embedded attributes).</summary>
        private static IEnumerable<Type> OwnTypes(Assembly assembly) =>
            assembly.GetTypes().Where(t => !t.IsNested && t.Namespace != null && t.Namespace.StartsWith("TeleportMcp", StringComparison.Ordinal) &&
                                           !t.Name.StartsWith("<", StringComparison.Ordinal));

        private static IEnumerable<Type> SurfaceTypes(Type type)
        {
            if (type.BaseType != null) yield return type.BaseType;
            foreach (var i in type.GetInterfaces()) yield return i;
            foreach (var a in type.GetCustomAttributesData())
            {
                yield return a.AttributeType;
                foreach (var arg in a.ConstructorArguments.Concat(a.NamedArguments.Select(n => n.TypedValue)))
                {
                    if (arg.Value is Type tv) yield return tv;
                    if (arg.Value is IEnumerable<CustomAttributeTypedArgument> arr)
                        foreach (var x in arr) if (x.Value is Type tx) yield return tx;
                }
            }
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var p in type.GetProperties(flags))
            {
                yield return p.PropertyType;
                foreach (var a in p.GetCustomAttributesData())
                    foreach (var arg in a.ConstructorArguments)
                        if (arg.Value is Type tv) yield return tv;
            }
            foreach (var f in type.GetFields(flags)) yield return f.FieldType;
            foreach (var m in type.GetMethods(flags).Where(m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly))
            {
                yield return m.ReturnType;
                foreach (var p in m.GetParameters()) yield return p.ParameterType;
            }
        }

        [Fact]
        public void ManifestExportsEveryCmdletClassAndNothingElse()
        {
            var declared = Cmdlets.GetExportedTypes()
                .Select(t => t.GetCustomAttribute<CmdletAttribute>())
                .Where(a => a != null)
                .Select(a => a.VerbName + "-" + a.NounName)
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray();
            var psd1 = System.IO.File.ReadAllText(System.IO.Path.Combine(RepoPaths.Root, "TeleportMcp.psd1"));
            var block = psd1.Substring(psd1.IndexOf("CmdletsToExport", StringComparison.Ordinal));
            block = block.Substring(block.IndexOf('(') + 1, block.IndexOf(')') - block.IndexOf('(') - 1);
            var exported = block.Split(new[] { '\n', ',' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(s => s.Trim().Trim('\'', '"')).Where(s => s.Length > 0).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(declared, exported);
        }

        [Fact]
        public void EveryCmdletDeclaresModuleOrBclOutputTypes()
        {
            foreach (var type in Cmdlets.GetExportedTypes().Where(t => t.GetCustomAttribute<CmdletAttribute>() != null))
            {
                var outputs = type.GetCustomAttributes<OutputTypeAttribute>().SelectMany(o => o.Type).ToArray();
                Assert.True(outputs.Length > 0, type.Name + " has no OutputType");
            }
        }
    }

    internal static class RepoPaths
    {
        public static string Root
        {
            get
            {
                var dir = new System.IO.DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null && !System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "TeleportMcp.psd1"))) dir = dir.Parent;
                return dir?.FullName ?? throw new InvalidOperationException("repository root not found from " + AppContext.BaseDirectory);
            }
        }
    }
}
