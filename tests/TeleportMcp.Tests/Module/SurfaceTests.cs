using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using Xunit;

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// PowerShell scans the cmdlet assembly's types before our resolver exists: no engine or YamlDotNet type may appear
    /// in its public surface (powershell-module-practice.md §3.4).
    /// </summary>
    public class SurfaceTests
    {
        private static readonly Assembly Cmdlets = typeof(TeleportMcp.Commands.ImportTeleportResourceCommand).Assembly;

        [Fact]
        public void CmdletAssemblyDoesNotReferenceYamlDotNet()
        {
            Assert.DoesNotContain(Cmdlets.GetReferencedAssemblies(), a => a.Name == "YamlDotNet");
        }

        [Fact]
        public void PublicSurfaceHasNoEngineOrYamlDotNetTypes()
        {
            var offenders = new List<string>();
            foreach (var type in Cmdlets.GetExportedTypes())
            {
                foreach (var t in SurfaceTypes(type))
                    if (IsForbidden(t)) offenders.Add(type.FullName + " -> " + t.FullName);
            }
            Assert.Empty(offenders);
        }

        // The engine's public output types (namespace TeleportMcp, e.g. TeleportMcp.ProbeTool, TeleportMcp.RoleEffect) are
        // meant to be seen: they resolve through ModuleInit, which is registered before any cmdlet binds or writes them.
        // Engine internals (TeleportMcp.Engine.*) and YamlDotNet stay off the surface.
        private static bool IsForbidden(Type t)
        {
            while (t.HasElementType) t = t.GetElementType();
            var name = t.Assembly.GetName().Name;
            if (name == "TeleportMcp.Engine" && t.Namespace == "TeleportMcp") return false;
            return name == "TeleportMcp.Engine" || name == "YamlDotNet";
        }

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
