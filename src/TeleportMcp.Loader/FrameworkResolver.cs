using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace TeleportMcp.Loader
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework, no load contexts): answers our own assemblies' requests for the engine
    /// and its dependencies from Dependencies/ with Assembly.LoadFrom, each on first use.
    /// </summary>
    internal static class FrameworkResolver
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, Assembly> s_loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private static string? s_dependencyDir;

        internal static void Register(string dependencyDir)
        {
            lock (Gate)
            {
                if (s_dependencyDir != null) return;
                s_dependencyDir = dependencyDir;
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            }
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            if (!DependencyRule.AnswersOnFramework(requested.Name, args.RequestingAssembly?.GetName().Name)) return null;
            lock (Gate)
            {
                if (s_loaded.TryGetValue(requested.Name!, out var loaded)) return loaded;
                string path = Path.Combine(s_dependencyDir!, requested.Name + ".dll");
                if (!File.Exists(path)) return null;
                var ours = AssemblyName.GetAssemblyName(path);
                if (requested.Version != null && ours.Version != null && requested.Version > ours.Version) return null;
                var asm = Assembly.LoadFrom(path);
                s_loaded[requested.Name!] = asm;
                return asm;
            }
        }
    }
}
