using System.IO;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace TeleportMcp.Loader
{
    /// <summary>
    /// Runs first: the manifest lists this assembly in NestedModules, which PowerShell imports before the root module
    /// (the cmdlet assembly). PowerShell reflects over the cmdlet types before any code of theirs runs, and those types
    /// use the engine's, so the engine must be resolvable by then: on PowerShell 7 through the private load context
    /// (<see cref="ModuleLoadContext"/>), on Windows PowerShell 5.1 through <see cref="FrameworkResolver"/>.
    /// </summary>
    public sealed class ModuleLoader : IModuleAssemblyInitializer
    {
        public void OnImport()
        {
            string dependencyDir = Path.GetDirectoryName(typeof(ModuleLoader).Assembly.Location) ?? ".";
            if (IsNetFramework) FrameworkResolver.Register(dependencyDir);
            else RegisterLoadContext(dependencyDir);
        }

        // A method of its own, never inlined: compiling OnImport must not touch the load-context type, which Windows
        // PowerShell 5.1 cannot load.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void RegisterLoadContext(string dependencyDir) => ModuleLoadContext.Register(dependencyDir);

        private static bool IsNetFramework => typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext") == null;
    }
}
