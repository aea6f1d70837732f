using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using Xunit;

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// The module's objects are the engine's types (one model); the cmdlet assembly holds PowerShell adapters only, by
    /// category (cmdlets and their bases, parameter attributes, the initializer, the path and error helpers, PowerShell
    /// transports), none of them computing without PowerShell; and no YamlDotNet type may reach any public surface.
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

        /// <summary>
        /// The categories of the cmdlet assembly, one namespace each, and what a type must be to stand in it. Every use case
        /// is the engine's; this assembly only binds, writes, resolves PowerShell paths, builds error records, initializes
        /// the session and carries PowerShell's transports (remoting, progress, preference variables, PSObject as input).
        /// </summary>
        private static readonly Dictionary<string, (string What, Func<Type, bool> Fits)> Categories = new Dictionary<string, (string, Func<Type, bool>)>
        {
            ["TeleportMcp.Commands"] = ("a sealed [Cmdlet] class, or an abstract PSCmdlet base of cmdlets",
                t => (t.GetCustomAttribute<CmdletAttribute>() != null && t.IsSealed) || (t.IsAbstract && !t.IsSealed && typeof(PSCmdlet).IsAssignableFrom(t))),
            ["TeleportMcp.Parameters"] = ("a parameter attribute: an argument transformation or a Tab completer",
                t => typeof(ArgumentTransformationAttribute).IsAssignableFrom(t) || typeof(IArgumentCompleter).IsAssignableFrom(t)),
            ["TeleportMcp.Initialization"] = ("the module initializer or its type converter (public), or an internal helper of them (views, type and format data)",
                t => typeof(IModuleAssemblyInitializer).IsAssignableFrom(t) || typeof(PSTypeConverter).IsAssignableFrom(t) || !t.IsPublic),
            ["TeleportMcp.Infrastructure"] = ("an internal static class: the path helper or the error-record helper",
                t => !t.IsPublic && t.IsAbstract && t.IsSealed),
            ["TeleportMcp.Transport"] = ("an internal PowerShell transport adapter (remoting, progress, preference variables, PSObject as engine input)",
                t => !t.IsPublic),
        };

        [Fact]
        public void EveryTypeOfTheCmdletAssemblyIsOfOneCategory()
        {
            var misplaced = new List<string>();
            foreach (var t in OwnTypes(Cmdlets))
            {
                if (!Categories.TryGetValue(t.Namespace!, out var category)) misplaced.Add(t.FullName + ": its namespace is none of " + string.Join(", ", Categories.Keys));
                else if (!category.Fits(t)) misplaced.Add(t.FullName + ": not " + category.What);
            }
            Assert.Empty(misplaced);
        }

        /// <summary>
        /// A method that neither names PowerShell (in its signature or body) nor calls a method of this assembly that does
        /// computes with strings, numbers and engine types only: that is engine logic, and belongs in the engine with its
        /// tests. Constructors and property accessors carry state, overrides of PowerShell's own members are its API, and
        /// the initializer reaches PowerShell's internals by reflection (views, type and format data), which the IL
        /// does not show.
        /// </summary>
        [Fact]
        public void NoMethodOfTheCmdletAssemblyComputesWithoutPowerShell()
        {
            // By the body alone (session 47, review 329): a PSObject in the signature does not make a method an adapter.
            var reach = PowerShellReach.Reaching(Cmdlets, bySignature: false);
            var logic = PowerShellReach.Methods(Cmdlets)
                .Where(m => !(m is ConstructorInfo) && !m.IsSpecialName && !m.IsAbstract && !PowerShellReach.CompilerGenerated(m))
                .Where(m => !(m is MethodInfo mi && mi.GetBaseDefinition().DeclaringType?.Assembly == typeof(PSObject).Assembly))
                .Where(m => Outermost(m.DeclaringType!).Namespace != "TeleportMcp.Initialization")
                .Where(m => !reach.Contains(m))
                .Select(m => m.DeclaringType!.FullName + "." + m.Name)
                .ToList();
            Assert.Empty(logic);
        }

        private static Type Outermost(Type t)
        {
            while (t.DeclaringType != null) t = t.DeclaringType;
            return t;
        }

        /// <summary>The check above finds logic: in a sample, the method that only computes is found, the ones that reach PowerShell are not.</summary>
        [Fact]
        public void TheReachCheckFindsAMethodThatOnlyComputes()
        {
            var reach = PowerShellReach.Reaching(typeof(ReachSample).Assembly);
            var found = typeof(ReachSample).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => !PowerShellReach.CompilerGenerated(m))
                .ToDictionary(m => m.Name, m => reach.Contains(m));
            Assert.False(found[nameof(ReachSample.HostOrder)]);
            Assert.True(found[nameof(ReachSample.Wrap)]);
            Assert.True(found[nameof(ReachSample.Unwrap)]);
            Assert.True(found[nameof(ReachSample.UnwrapTwice)]);
            Assert.True(found[nameof(ReachSample.Through)]);
            // By the body alone, the one that only computes over what it was given is found though a PSObject is in its signature.
            var byBody = PowerShellReach.Reaching(typeof(ReachSample).Assembly, bySignature: false);
            MethodBase Sample(string name) => typeof(ReachSample).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;
            Assert.DoesNotContain(Sample(nameof(ReachSample.Numbered)), byBody);
            Assert.Contains(Sample(nameof(ReachSample.Numbered)), reach);
            foreach (var name in new[] { nameof(ReachSample.Wrap), nameof(ReachSample.Unwrap), nameof(ReachSample.UnwrapTwice), nameof(ReachSample.Through) })
                Assert.Contains(Sample(name), byBody);
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

#nullable enable
    /// <summary>Methods with and without PowerShell, for the reach check's own test.</summary>
    internal static class ReachSample
    {
        // Only computes: engine logic.
        internal static string HostOrder(string host, int port) => port == 0 ? host : host + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // PowerShell in its signature.
        internal static PSObject Wrap(object value) => PSObject.AsPSObject(value);

        // PowerShell in its body only.
        internal static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;

        // Through a method of its own assembly that reaches PowerShell.
        internal static object? UnwrapTwice(object? value) => Unwrap(Unwrap(value));

        // Through a lambda that does.
        internal static Func<object?, object?> Through() => v => Unwrap(v);

        // PowerShell in its signature only: it numbers lines (as PipedLine once numbered Select-String's context lines).
        internal static long Numbered(PSObject? match, long number, int before) => match is null || number <= before ? 0 : number - before;
    }
#nullable restore

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
