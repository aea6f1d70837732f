using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace TeleportMcp.Loader
{
    /// <summary>
    /// Runs first: the manifest lists this assembly in NestedModules, which PowerShell imports before the root module
    /// (the cmdlet assembly). PowerShell reflects over the cmdlet types before any code of theirs runs, and those types
    /// use the engine's, so the engine must be resolvable by then: on PowerShell 7 through the private load context
    /// (ModuleLoadContext in TeleportMcp.Loader.Core.dll), on Windows PowerShell 5.1 through <see cref="FrameworkResolver"/>.
    /// </summary>
    public sealed class ModuleLoader : IModuleAssemblyInitializer
    {
        internal const string CoreAssemblyFile = "TeleportMcp.Loader.Core.dll";
        internal const string LoadContextType = "TeleportMcp.Loader.ModuleLoadContext";

        public void OnImport()
        {
            string dependencyDir = Path.GetDirectoryName(typeof(ModuleLoader).Assembly.Location) ?? ".";
            if (IsNetFramework) FrameworkResolver.Register(dependencyDir);
            else RegisterLoadContext(dependencyDir);
        }

        // The load context derives from AssemblyLoadContext, which .NET Framework does not have: it lives in an assembly
        // of its own, loaded by path and called by name here, so no type of this assembly refers to it.
        private static void RegisterLoadContext(string dependencyDir)
        {
            var core = Assembly.LoadFrom(Path.Combine(dependencyDir, CoreAssemblyFile));
            var register = core.GetType(LoadContextType, throwOnError: true)!
                .GetMethod("Register", BindingFlags.Static | BindingFlags.NonPublic)
                ?? throw new MissingMethodException(LoadContextType, "Register");
            register.Invoke(null, new object[] { dependencyDir, new Func<string?, bool>(DependencyRule.IsEngine) });
        }

        private static bool IsNetFramework => typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext") == null;
    }
}
