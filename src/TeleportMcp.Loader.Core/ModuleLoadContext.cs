using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace TeleportMcp.Loader
{
    /// <summary>
    /// PowerShell 7: the module's private load context, holding the engine and everything it references from
    /// Dependencies/ (YamlDotNet). Every request from inside the context is answered from Dependencies/ first, so our
    /// copies win over any other module's copy in the default context, and a dependency loads only when code first
    /// needs it. The cmdlet assembly stays in the default context (PowerShell imports it as the root module) and
    /// reaches the engine through the default context's Resolving event, the one name it answers. Where the module
    /// ships them, the engine and YamlDotNet come from Dependencies/&lt;platform&gt;/, compiled ahead of time.
    /// </summary>
    internal sealed class ModuleLoadContext : AssemblyLoadContext
    {
        private static readonly object Gate = new object();
        private static ModuleLoadContext? s_instance;

        private readonly string _dependencyDir;
        private readonly string? _platformDir;
        private readonly Func<string?, bool> _isEngine;

        private ModuleLoadContext(string dependencyDir, Func<string?, bool> isEngine)
        {
            _dependencyDir = dependencyDir;
            _isEngine = isEngine;
            string? platform = PlatformFolder(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OSPlatform.Windows
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? OSPlatform.OSX
                : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? OSPlatform.Linux : (OSPlatform?)null,
                RuntimeInformation.ProcessArchitecture, Environment.Version.Major);
            if (platform != null && Directory.Exists(Path.Combine(dependencyDir, platform))) _platformDir = Path.Combine(dependencyDir, platform);
        }

        /// <summary>The .NET major version tools/ReadyToRun compiles against (its TargetFramework).</summary>
        internal const int ReadyToRunRuntimeMajor = 10;

        /// <summary>
        /// The folder under Dependencies/ that holds this platform's ReadyToRun copies of the engine and YamlDotNet
        /// (build.ps1 $ReadyToRunRids): the runtime identifier, win-x64, linux-x64, osx-arm64, ...; null for other
        /// platforms, and on a runtime older than the one they were compiled against (PowerShell 7.4 on .NET 8, 7.5 on
        /// .NET 9), whose native code would be refused anyway: those load the IL copies.
        /// </summary>
        internal static string? PlatformFolder(OSPlatform? os, Architecture arch, int runtimeMajor)
        {
            if (runtimeMajor < ReadyToRunRuntimeMajor) return null;
            string? system = os == OSPlatform.Windows ? "win" : os == OSPlatform.OSX ? "osx" : os == OSPlatform.Linux ? "linux" : null;
            string? cpu = arch == Architecture.X64 ? "x64" : arch == Architecture.Arm64 ? "arm64" : null;
            return system == null || cpu == null ? null : system + "-" + cpu;
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
            string file = assemblyName.Name + ".dll";
            string path = Path.Combine(_dependencyDir, file);
            if (!File.Exists(path)) return null; // PowerShell, the BCL: the default context's copy
            // This platform's ReadyToRun copy when the module has one: its code is not compiled again at first use
            // (a runtime that cannot use the native code runs the IL it also holds).
            if (_platformDir != null && File.Exists(Path.Combine(_platformDir, file))) path = Path.Combine(_platformDir, file);
            return LoadFromAssemblyPath(path);
        }
    }
}
