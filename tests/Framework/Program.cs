using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace TeleportMcp.FrameworkHarness
{
    /// <summary>
    /// Loads the shipped module folder the way Windows PowerShell 5.1 does (TeleportMcp.Loader.dll by path, its
    /// FrameworkResolver answering for the engine and YamlDotNet from Dependencies/), then runs the engine's use cases on
    /// the bundled example. Prints where each assembly came from, then a summary between SUMMARY-BEGIN and SUMMARY-END
    /// that holds nothing runtime-specific, so a .NET Framework run and a .NET run can be compared line for line.
    /// Usage: harness &lt;moduleDir&gt; &lt;examplesDir&gt; | harness --loader-types &lt;moduleDir&gt; | harness --regex-retention &lt;chars&gt;
    /// </summary>
    internal static class Program
    {
        private const string EngineName = "TeleportMcp.Engine";

        private static int Main(string[] args)
        {
            Console.OutputEncoding = new UTF8Encoding(false);
            if (args.Length == 2 && args[0] == "--loader-types") return LoaderTypes(args[1]);
            if (args.Length == 2 && args[0] == "--regex-retention") return RegexRetention(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: TeleportMcp.FrameworkHarness <moduleDir> <examplesDir> | --loader-types <moduleDir> | --regex-retention <chars>");
                return 2;
            }
            string moduleDir = Path.GetFullPath(args[0]);
            string examples = Path.GetFullPath(args[1]);
            string deps = Path.Combine(moduleDir, "Dependencies");
            Console.WriteLine("RUNTIME: " + RuntimeDescription());

            // Records every request the runtime could not bind by itself (registered first, answers nothing).
            AppDomain.CurrentDomain.AssemblyResolve += (_, e) =>
            {
                Console.WriteLine("RESOLVE: " + new AssemblyName(e.Name).Name + " requested by " + (e.RequestingAssembly?.GetName().Name ?? "(none)"));
                return null;
            };

            // What the loader's ModuleLoader.OnImport does (it cannot be called here: it implements PowerShell's
            // IModuleAssemblyInitializer), with the same test for the runtime.
            var loader = Assembly.LoadFrom(Path.Combine(deps, "TeleportMcp.Loader.dll"));
            Assembly engine;
            if (typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext") == null)
            {
                Console.WriteLine("PATH: Windows PowerShell 5.1 (FrameworkResolver)");
                Invoke(loader, "TeleportMcp.Loader.FrameworkResolver", "Register", deps);
                // A type-name lookup, as PowerShell makes for [TeleportMcp.Role]: a request without a requester, which
                // the resolver answers from Dependencies/.
                engine = Type.GetType("TeleportMcp.Role, " + EngineName, throwOnError: true)!.Assembly;
                // This harness stands in for the cmdlet assembly, whose own references the resolver answers. Where the
                // runtime asks again for the harness, it is given the engine the resolver loaded; nothing is loaded here.
                AppDomain.CurrentDomain.AssemblyResolve += (_, e) =>
                    new AssemblyName(e.Name).Name == EngineName && e.RequestingAssembly == typeof(Program).Assembly ? engine : null;
            }
            else
            {
                Console.WriteLine("PATH: PowerShell 7 (ModuleLoadContext)");
                var core = Assembly.LoadFrom(Path.Combine(deps, "TeleportMcp.Loader.Core.dll"));
                var isEngine = loader.GetType("TeleportMcp.Loader.DependencyRule", throwOnError: true)!
                    .GetMethod("IsEngine", BindingFlags.Static | BindingFlags.NonPublic)!;
                Invoke(core, "TeleportMcp.Loader.ModuleLoadContext", "Register", deps, isEngine.CreateDelegate(typeof(Func<string?, bool>)));
                engine = UseCases.EngineAssembly();
            }

            Console.WriteLine("LOADED: " + EngineName + " " + engine.Location);
            string summary;
            try
            {
                summary = UseCases.Run(examples);
            }
            catch (Exception e)
            {
                Console.WriteLine("FAILED: " + e);
                return 1;
            }
            foreach (var asm in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "YamlDotNet"))
                Console.WriteLine("LOADED: YamlDotNet " + asm.Location);
            Console.WriteLine("SUMMARY-BEGIN");
            Console.Write(summary);
            Console.WriteLine("SUMMARY-END");
            // Where the runtimes differ by design: .NET Framework's GZipStream inflates only a file's first member.
            Console.WriteLine("GZIP-TWO-MEMBERS: " + UseCases.TwoMemberGzip(examples));
            return 0;
        }

        /// <summary>
        /// Windows PowerShell's DSC enumerates every type of every module assembly (Assembly.GetTypes()); the loader is
        /// one of them. Prints each type that loaded and each loader exception.
        /// </summary>
        private static int LoaderTypes(string moduleDir)
        {
            Console.WriteLine("RUNTIME: " + RuntimeDescription());
            var loader = Assembly.LoadFrom(Path.Combine(Path.GetFullPath(moduleDir), "Dependencies", "TeleportMcp.Loader.dll"));
            Type?[] types;
            try
            {
                types = loader.GetTypes();
                Console.WriteLine("GETTYPES: complete");
            }
            catch (ReflectionTypeLoadException e)
            {
                types = e.Types;
                Console.WriteLine("GETTYPES: partial");
                foreach (var le in e.LoaderExceptions.Where(x => x != null).Select(x => x!.Message).Distinct(StringComparer.Ordinal))
                    Console.WriteLine("LOADEREXCEPTION: " + le.Replace('\n', ' ').Replace('\r', ' '));
            }
            foreach (var t in types.Where(t => t != null).Select(t => t!.FullName).OrderBy(n => n, StringComparer.Ordinal))
                Console.WriteLine("TYPE: " + t);
            foreach (var r in loader.GetReferencedAssemblies().Select(a => a.Name).OrderBy(n => n, StringComparer.Ordinal))
                Console.WriteLine("REFERENCE: " + r);
            return 0;
        }

        private static void Invoke(Assembly assembly, string type, string method, params object[] args)
        {
            var t = assembly.GetType(type, throwOnError: true)!;
            var m = t.GetMethod(method, BindingFlags.Static | BindingFlags.NonPublic) ?? throw new MissingMethodException(type, method);
            m.Invoke(null, args);
        }

        /// <summary>
        /// Whether this runtime's <see cref="System.Text.RegularExpressions.Regex"/> keeps the text of a match that timed out
        /// (KnownErrorCatalog.ReleaseTexts: measured on .NET 10 in session 47, the runner keeps it until the next match), and
        /// whether a match on the empty text lets it go: a text of <paramref name="chars"/> characters, a pattern that
        /// backtracks without end ((a+)+$, as the catalog rows' hostile entry), a 200 ms timeout; a weak reference to the text
        /// and GC.GetTotalMemory(true) after each step. Prints RETENTION lines (session 48, helper-338).
        /// </summary>
        private static int RegexRetention(int chars)
        {
            Console.WriteLine("RUNTIME: " + RuntimeDescription());
            // Control: a text of the same size never given to a pattern. On a runtime whose collector scans stacks
            // conservatively (Mono's SGen) it may stay alive by a stale stack word, and then nothing below tells the runner's hold.
            var control = Unused(chars);
            Console.WriteLine("RETENTION: control (never matched) kept after a collection: " + (Live() >= 0 && control.IsAlive));
            // The Regex lives only in this holder (each use is a call that reads it), so dropping it below leaves no root of
            // this method's: a text still alive once the Regex is collected is held by something else (a stale stack slot).
            var holder = NewRegexHolder(out WeakReference regexRef);
            long before = Live();
            var weak = TimedOutText(holder, chars, out bool timedOut);
            long after = Live();
            Console.WriteLine("RETENTION: timed out " + timedOut + "; text " + chars + " chars; kept after the match: " + weak.IsAlive + "; live " + Mb(before) + " -> " + Mb(after) + " MB");
            MatchHeld(holder, string.Empty);
            long released = Live();
            Console.WriteLine("RETENTION: after Match(\"\"): kept " + weak.IsAlive + "; live " + Mb(released) + " MB");
            MatchHeld(holder, "b");
            Console.WriteLine("RETENTION: after Match(\"b\"): kept " + weak.IsAlive + "; live " + Mb(Live()) + " MB");
            holder[0] = null;
            long dropped = Live();
            Console.WriteLine("RETENTION: after dropping the Regex: Regex collected " + !regexRef.IsAlive + "; kept " + weak.IsAlive + "; live " + Mb(dropped) + " MB");
            GC.KeepAlive(holder);
            return 0;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static System.Text.RegularExpressions.Regex?[] NewRegexHolder(out WeakReference regexRef)
        {
            var regex = new System.Text.RegularExpressions.Regex("(a+)+$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
            regexRef = new WeakReference(regex);
            return new[] { regex };
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void MatchHeld(System.Text.RegularExpressions.Regex?[] holder, string text) => holder[0]!.Match(text);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference TimedOutText(System.Text.RegularExpressions.Regex?[] holder, int chars, out bool timedOut)
        {
            string text = new string('a', chars) + "!";
            timedOut = false;
            try
            {
                holder[0]!.Match(text);
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                timedOut = true;
            }
            return new WeakReference(text);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference Unused(int chars) => new WeakReference(new string('a', chars) + "!");

        private static long Live()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return GC.GetTotalMemory(true);
        }

        private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

        private static string RuntimeDescription()
        {
            var mono = Type.GetType("Mono.Runtime");
            string? monoVersion = mono?.GetMethod("GetDisplayName", BindingFlags.NonPublic | BindingFlags.Static)?.Invoke(null, null) as string;
            return (monoVersion != null ? "Mono " + monoVersion : ".NET " + Environment.Version) +
                   "; corlib " + typeof(object).Assembly.GetName().Name + " " + typeof(object).Assembly.GetName().Version +
                   "; AssemblyLoadContext " + (typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext") != null ? "present" : "absent");
        }
    }

    /// <summary>The engine's use cases on the bundled example; kept apart so no engine type is touched before the resolver is in place.</summary>
    internal static class UseCases
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static string Run(string examples) => new Summary(examples).Build();

        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static string TwoMemberGzip(string examples) => Summary.TwoMemberGzip(examples);

        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static Assembly EngineAssembly() => typeof(TeleportMcp.Role).Assembly;
    }
}
