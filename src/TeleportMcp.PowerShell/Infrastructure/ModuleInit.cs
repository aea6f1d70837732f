using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace TeleportMcp.Infrastructure
{
    /// <summary>
    /// Windows PowerShell 5.1 half of the loader. On PowerShell 7, TeleportMcp.psm1 has already put this assembly into
    /// the module's private load context (TeleportMcp.Loader), which finds the engine and YamlDotNet in Dependencies/
    /// by itself. On 5.1 (.NET Framework, no load contexts) this resolver answers our own assemblies' requests for
    /// them with Assembly.LoadFrom, on first use.
    /// </summary>
    public sealed class ModuleInit : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private const string EngineName = "TeleportMcp.Engine";
        private const string CmdletAssemblyName = "TeleportMcp.PowerShell";
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, Assembly> s_loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private static string s_dependencyDir;
        private static bool s_registered;

        private static bool IsNetFramework => typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext") == null;

        public void OnImport()
        {
            if (!IsNetFramework) return;
            lock (Gate)
            {
                if (s_dependencyDir == null)
                    s_dependencyDir = Path.Combine(Path.GetDirectoryName(typeof(ModuleInit).Assembly.Location) ?? ".", "Dependencies");
                if (!s_registered)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += Resolve;
                    s_registered = true;
                }
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                if (!s_registered) return;
                AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
                s_registered = false;
            }
        }

        private static Assembly Resolve(object sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            string requester = args.RequestingAssembly?.GetName().Name;
            bool isEngine = string.Equals(requested.Name, EngineName, StringComparison.OrdinalIgnoreCase);
            // Answer only our own assemblies' requests, so another module's YamlDotNet request is never hijacked.
            if (isEngine ? requester != null && !string.Equals(requester, CmdletAssemblyName, StringComparison.OrdinalIgnoreCase)
                         : !string.Equals(requester, EngineName, StringComparison.OrdinalIgnoreCase)) return null;
            lock (Gate)
            {
                if (s_loaded.TryGetValue(requested.Name, out var loaded)) return loaded;
                string path = Path.Combine(s_dependencyDir, requested.Name + ".dll");
                if (!File.Exists(path)) return null;
                var ours = AssemblyName.GetAssemblyName(path);
                if (requested.Version != null && ours.Version != null && requested.Version > ours.Version) return null;
                var asm = Assembly.LoadFrom(path);
                s_loaded[requested.Name] = asm;
                return asm;
            }
        }
    }
}
