using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace TeleportMcp.Loader
{
    /// <summary>
    /// PowerShell 7: the module's private load context, holding the engine and everything it references from
    /// Dependencies/ (YamlDotNet). Every request from inside the context is answered from Dependencies/ first, so our
    /// copies win over any other module's copy in the default context, and a dependency loads only when code first
    /// needs it. The cmdlet assembly stays in the default context (PowerShell imports it as the root module) and
    /// reaches the engine through the default context's Resolving event, the one name it answers.
    /// </summary>
    internal sealed class ModuleLoadContext : AssemblyLoadContext
    {
        private static readonly object Gate = new object();
        private static ModuleLoadContext? s_instance;

        private readonly string _dependencyDir;
        private readonly Func<string?, bool> _isEngine;

        private ModuleLoadContext(string dependencyDir, Func<string?, bool> isEngine)
        {
            _dependencyDir = dependencyDir;
            _isEngine = isEngine;
        }

        /// <summary>
        /// Called once per import by TeleportMcp.Loader's ModuleLoader (by reflection: that assembly must not name this
        /// type); <paramref name="isEngine"/> is its rule for which name is the engine. The one context of the process
        /// (a context cannot be unloaded; a second would load a second engine).
        /// </summary>
        internal static void Register(string dependencyDir, Func<string?, bool> isEngine)
        {
            lock (Gate)
            {
                if (s_instance != null) return;
                s_instance = new ModuleLoadContext(dependencyDir, isEngine);
                Default.Resolving += s_instance.ResolveEngine;
            }
        }

        private Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
            _isEngine(name.Name) ? LoadFromAssemblyName(name) : null;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name == null) return null;
            string path = Path.Combine(_dependencyDir, assemblyName.Name + ".dll");
            if (!File.Exists(path)) return null; // PowerShell, the BCL: the default context's copy
            return LoadFromAssemblyPath(path);
        }
    }
}
