using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace TeleportMcp.Infrastructure
{
    /// <summary>
    /// Loads the engine and its dependencies (YamlDotNet) from Dependencies/ so that another module's YamlDotNet
    /// cannot break ours, nor ours theirs. PowerShell 7: a private AssemblyLoadContext (reached through reflection,
    /// because netstandard2.0 has no such type). Windows PowerShell 5.1: Assembly.LoadFrom, whose probing finds the
    /// engine's own YamlDotNet beside it.
    /// </summary>
    public sealed class ModuleInit : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private const string EngineName = "TeleportMcp.Engine";
        private const string CmdletAssemblyName = "TeleportMcp.PowerShell";
        private static readonly object Gate = new object();
        private static string s_dependencyDir;
        private static Dictionary<string, AssemblyName> s_dependencies;
        private static object s_loadContext; // System.Runtime.Loader.AssemblyLoadContext on PowerShell 7; null on 5.1
        private static MethodInfo s_loadFromAssemblyPath;
        private static readonly Dictionary<string, Assembly> s_loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private static bool s_registered;

        /// <summary>The name of the private load context (PowerShell 7), for diagnostics and tests.</summary>
        public static string LoadContextName => "TeleportMcp";

        public void OnImport()
        {
            lock (Gate)
            {
                if (s_dependencyDir == null) Initialize();
                if (!s_registered)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += Resolve;
                    s_registered = true;
                }
            }
        }

        public void OnRemove(PSModuleInfo module)
        {
            lock (Gate)
            {
                // The load context stays: an assembly cannot be unloaded, and a second context would load a second engine.
                AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
                s_registered = false;
            }
        }

        private static void Initialize()
        {
            string baseDir = Path.GetDirectoryName(typeof(ModuleInit).Assembly.Location) ?? ".";
            string dir = Path.Combine(baseDir, "Dependencies");
            var deps = new Dictionary<string, AssemblyName>(StringComparer.OrdinalIgnoreCase);
            if (Directory.Exists(dir))
            {
                foreach (var file in Directory.GetFiles(dir, "*.dll"))
                {
                    try
                    {
                        var name = AssemblyName.GetAssemblyName(file);
                        deps[name.Name] = name;
                    }
                    catch (BadImageFormatException)
                    {
                        // not a managed assembly: nothing to resolve
                    }
                }
            }

            var alcType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
            if (alcType != null)
            {
                var ctor = alcType.GetConstructor(new[] { typeof(string), typeof(bool) });
                s_loadContext = ctor.Invoke(new object[] { LoadContextName, false });
                s_loadFromAssemblyPath = alcType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
            }
            s_dependencyDir = dir;
            s_dependencies = deps;
        }

        /// <summary>
        /// On PowerShell 7, loads every dependency into the private context, the engine last. An ALC looks at its own
        /// assemblies before the default context, so the engine binds to our YamlDotNet even when another module has
        /// put the same version into the default context. Done on the first engine request, not at import, so that
        /// importing the module stays cheap.
        /// </summary>
        private static Assembly LoadEngine()
        {
            if (s_loadContext != null && !s_loaded.ContainsKey(EngineName))
            {
                foreach (var name in s_dependencies.Keys)
                {
                    if (!string.Equals(name, EngineName, StringComparison.OrdinalIgnoreCase)) LoadDependency(name);
                }
            }
            return LoadDependency(EngineName);
        }

        private static Assembly LoadDependency(string simpleName)
        {
            if (s_loaded.TryGetValue(simpleName, out var loaded)) return loaded;
            string path = Path.Combine(s_dependencyDir, simpleName + ".dll");
            Assembly asm = s_loadContext != null
                ? (Assembly)s_loadFromAssemblyPath.Invoke(s_loadContext, new object[] { path })
                : Assembly.LoadFrom(path);
            s_loaded[simpleName] = asm;
            return asm;
        }

        private static Assembly Resolve(object sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            AssemblyName ours;
            lock (Gate)
            {
                if (s_dependencies == null || !s_dependencies.TryGetValue(requested.Name, out ours)) return null;
            }
            if (requested.Version != null && ours.Version != null && requested.Version > ours.Version) return null;

            string requester = args.RequestingAssembly?.GetName().Name;
            bool isEngine = string.Equals(requested.Name, EngineName, StringComparison.OrdinalIgnoreCase);
            // Answer only our own assemblies' requests, so another module's YamlDotNet request is never hijacked.
            if (isEngine && requester != null && !string.Equals(requester, CmdletAssemblyName, StringComparison.OrdinalIgnoreCase)) return null;
            if (!isEngine && !string.Equals(requester, EngineName, StringComparison.OrdinalIgnoreCase)) return null;

            lock (Gate)
            {
                return isEngine ? LoadEngine() : LoadDependency(requested.Name);
            }
        }
    }
}
