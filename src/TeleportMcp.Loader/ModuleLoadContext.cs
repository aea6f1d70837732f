using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace TeleportMcp.Loader
{
    /// <summary>
    /// The module's private load context. The cmdlet assembly is loaded into it, so every assembly the cmdlets and the
    /// engine reference is asked of <see cref="Load"/> first: our copies in Dependencies/ win over any other module's
    /// copy in the default context, and a dependency is loaded only when code first needs it.
    /// </summary>
    public sealed class ModuleLoadContext : AssemblyLoadContext
    {
        public const string ContextName = "TeleportMcp";

        private static readonly object Gate = new object();
        private static ModuleLoadContext? s_instance;

        private readonly string _dependencyDir;
        private readonly Assembly _module;

        private ModuleLoadContext(string moduleAssemblyPath)
            : base(ContextName, isCollectible: false)
        {
            _dependencyDir = Path.Combine(Path.GetDirectoryName(moduleAssemblyPath) ?? ".", "Dependencies");
            _module = LoadFromAssemblyPath(moduleAssemblyPath);
        }

        /// <summary>
        /// The cmdlet assembly, loaded into the one context of this process. A second import (Import-Module -Force)
        /// gets the same assembly: a context cannot be unloaded, and a second one would load a second engine.
        /// </summary>
        public static Assembly LoadModule(string moduleAssemblyPath)
        {
            lock (Gate)
            {
                s_instance ??= new ModuleLoadContext(Path.GetFullPath(moduleAssemblyPath));
                return s_instance._module;
            }
        }

        /// <summary>An assembly of Dependencies/ (the engine, whose types the module's objects are), from this context.</summary>
        public static Assembly LoadDependency(string simpleName)
        {
            lock (Gate)
            {
                if (s_instance == null) throw new InvalidOperationException("LoadModule must run first.");
                return s_instance.LoadFromAssemblyName(new AssemblyName(simpleName));
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name == null) return null;
            string path = Path.Combine(_dependencyDir, assemblyName.Name + ".dll");
            if (!File.Exists(path)) return null; // PowerShell, the BCL: the default context's copy
            return LoadFromAssemblyPath(path);
        }
    }
}
