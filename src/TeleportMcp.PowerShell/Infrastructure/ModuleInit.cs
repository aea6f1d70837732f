using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace TeleportMcp.Infrastructure
{
    /// <summary>
    /// Makes the engine's public types resolve by name in scripts (<c>[TeleportMcp.Role]</c>,
    /// <c>-is [TeleportMcp.ToolAccess]</c>, <c>[TeleportMcp.CheckStatus]::Pass</c>). On PowerShell 7 the engine lives in
    /// the module's private load context (TeleportMcp.Loader), whose types PowerShell does not search. Importing the
    /// engine with <c>Import-Module -Assembly</c> would make them visible, but PowerShell then inspects every engine type
    /// for cmdlets, about a quarter of the import's time (bench/import.ps1). Type accelerators (the way PowerShell's
    /// about_Classes documents for exporting types from a module) are added on import and removed again when the last
    /// import of the process is removed.
    /// </summary>
    public sealed class ModuleInit : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static int s_imports;

        /// <summary>
        /// The names scripts may use: every public type of the engine's <c>TeleportMcp</c> namespace (the objects the
        /// cmdlets write and take, and their enums) and the limits that about_TeleportMcp documents. Listed rather than
        /// found by reflection, which would load all of the engine's public types at import; LoaderTests checks that
        /// the list and the engine agree.
        /// </summary>
        internal static readonly Type[] ScriptTypes =
        {
            typeof(AccessDecision), typeof(App), typeof(AppCheck), typeof(AppOrigin), typeof(AppRewrite), typeof(AppServiceAgent), typeof(AppServing),
            typeof(AuditEvent), typeof(AuditEventKind), typeof(AuditOutcome), typeof(AuditReadSummary), typeof(AuditReplay),
            typeof(CheckStatus), typeof(ClientCheck), typeof(ConfigScope), typeof(Diagnosis), typeof(DiagnosisArea), typeof(DiagnosisCheck),
            typeof(DiagnosisReportFormat), typeof(DiagnosisStatus), typeof(DroppedEntry), typeof(Finding), typeof(FindingSummary),
            typeof(HostCheckRun), typeof(HostCheckStatus), typeof(McpAccessSummary), typeof(McpTransport), typeof(ProbeResult),
            typeof(ProbeStage), typeof(ProbeTool), typeof(ReplayCause), typeof(ReplayVerdict), typeof(RewriteHeader), typeof(Role),
            typeof(RoleEffect), typeof(RoleEntry), typeof(RoleLintFinding), typeof(ServingHost), typeof(ServingReason),
            typeof(ServingStatus), typeof(Severity), typeof(TeleportResource), typeof(ToolAccess), typeof(ToolAnnotations),
            typeof(ToolScope), typeof(User), typeof(UserTools),
            typeof(Engine.Common.Limits),
        };

        public void OnImport() => Import(ApplyTypeData, RemoveOwnTypeData);

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            // Remove-Module calls this before it removes the cmdlets: an exception here would abort Remove-Module and
            // Import-Module -Force, so a type data entry that cannot be taken back stays (as a user's would).
            ReleaseImport();
            try
            {
                RemoveOwnTypeData(SerializationTypeData().ToList());
            }
            catch (Exception e) when (!(e is OutOfMemoryException || e is StackOverflowException))
            {
            }
        }

        /// <summary>The imports of this process that have not been removed yet (the type names stay while one is).</summary>
        internal static int Imports
        {
            get { lock (Gate) return s_imports; }
        }

        /// <summary>
        /// An import either completes or leaves nothing behind: PowerShell calls OnRemove only for an import that
        /// succeeded, so the type data is applied first, and the count and the type names only once it is in place.
        /// </summary>
        internal static void Import(Func<IList<TypeData>> applyTypeData, Action<IList<TypeData>> removeTypeData)
        {
            var applied = applyTypeData();
            try
            {
                lock (Gate)
                {
                    if (s_imports == 0)
                    {
                        var add = (Action<string, Type>)Delegate.CreateDelegate(typeof(Action<string, Type>), Accelerators.GetMethod("Add", new[] { typeof(string), typeof(Type) }));
                        foreach (var type in ScriptTypes) add(type.FullName, type);
                    }
                    s_imports++;
                }
            }
            catch
            {
                lock (Gate)
                {
                    if (s_imports == 0) RemoveAccelerators();
                }
                removeTypeData(applied);
                throw;
            }
        }

        private static void ReleaseImport()
        {
            lock (Gate)
            {
                if (s_imports > 0 && --s_imports == 0) RemoveAccelerators();
            }
        }

        private static void RemoveAccelerators()
        {
            var remove = (Func<string, bool>)Delegate.CreateDelegate(typeof(Func<string, bool>), Accelerators.GetMethod("Remove", new[] { typeof(string) }));
            foreach (var type in ScriptTypes) remove(type.FullName);
        }

        /// <summary>
        /// Adds the entries of <see cref="SerializationTypeData"/> that this session's type table lacks (an entry already
        /// in place, from an earlier import whose removal left it, is not added again) and returns the ones it added.
        /// </summary>
        private static IList<TypeData> ApplyTypeData()
        {
            var ours = SerializationTypeData().ToList();
            var current = CurrentTypeData(ours);
            var missing = ours.Where(t => !(current.TryGetValue(t.TypeName, out var c) && HasOurSettings(c, t))).ToList();
            if (missing.Count == 0) return missing;
            try
            {
                RunInSession("UpdateTypeDataCommand", "Update-TypeData",
                    "& $args[0] -TypeData $args[1] -Force -WhatIf:$false -Confirm:$false -ErrorAction Stop", missing.ToArray());
            }
            catch (RuntimeException e) when (e.ErrorRecord?.FullyQualifiedErrorId?.StartsWith("CannotUpdateSharedTypeTable", StringComparison.Ordinal) == true)
            {
                // A host-built TypeTable shared by runspaces is fixed (TypesToProcess failed the import there unless the table held the file, which no longer exists), so import without it: only copies across processes lose enum names.
                return new List<TypeData>();
            }
            catch (RuntimeException e)
            {
                try
                {
                    RemoveOwnTypeData(missing);
                }
                catch (RuntimeException)
                {
                }
                throw new InvalidOperationException("TeleportMcp could not add its type data (how its objects serialize) to this session, so it was not imported: " + e.Message, e);
            }
            return missing;
        }

        /// <summary>
        /// Removes each of <paramref name="ours"/> from the session's type table where the table holds nothing else for
        /// that type: Remove-TypeData removes a whole type, and members or settings someone else added must stay. Each
        /// Update-TypeData and Remove-TypeData also appends its entry to the session's InitialSessionState.Types (the list
        /// PowerShell replays when a types file is added or removed), so the entries of the types removed here are taken
        /// out of that list again and repeated Import-Module -Force does not grow it.
        /// </summary>
        private static void RemoveOwnTypeData(IList<TypeData> ours)
        {
            if (ours.Count == 0) return;
            var current = CurrentTypeData(ours);
            var removable = ours.Where(t => current.TryGetValue(t.TypeName, out var c) && HoldsOnly(c, t)).ToList();
            if (removable.Count == 0) return;
            var cache = Runspace.DefaultRunspace?.InitialSessionState?.Types;
            int before = cache?.Count ?? 0;
            RunInSession("RemoveTypeDataCommand", "Remove-TypeData",
                "$args[1] | & $args[0] -WhatIf:$false -Confirm:$false -ErrorAction SilentlyContinue", removable.ToArray());
            if (cache == null) return;
            var removed = CurrentTypeData(removable);
            var gone = removable.Where(t => !removed.ContainsKey(t.TypeName)).ToDictionary(t => t.TypeName, StringComparer.OrdinalIgnoreCase);
            for (int i = cache.Count - 1; i >= 0; i--)
            {
                var data = cache[i].TypeData;
                if (data == null || !gone.TryGetValue(data.TypeName, out var own)) continue;
                if (i >= before ? cache[i].IsRemove : !cache[i].IsRemove && HoldsOnly(data, own)) cache.RemoveItem(i);
            }
        }

        /// <summary>Whether <paramref name="current"/> has the settings of <paramref name="ours"/> (it may hold more).</summary>
        internal static bool HasOurSettings(TypeData current, TypeData ours) =>
            current.SerializationMethod == ours.SerializationMethod && current.SerializationDepth == ours.SerializationDepth;

        /// <summary>Whether <paramref name="current"/> holds exactly the settings of <paramref name="ours"/> and nothing else.</summary>
        internal static bool HoldsOnly(TypeData current, TypeData ours) =>
            HasOurSettings(current, ours) && current.Members.Count == 0 && current.TypeConverter == null && current.TypeAdapter == null &&
            current.TargetTypeForDeserialization == null && current.DefaultDisplayProperty == null && !current.InheritPropertySerializationSet &&
            current.StringSerializationSource == null && current.StringSerializationSourceProperty == null && current.DefaultDisplayPropertySet == null &&
            current.DefaultKeyPropertySet == null && current.PropertySerializationSet == null;

        // Only the types in question: Get-TypeData matches each name as a wildcard against the whole type table.
        private static Dictionary<string, TypeData> CurrentTypeData(IList<TypeData> of) =>
            RunInSession("GetTypeDataCommand", "Get-TypeData", "& $args[0] -TypeName $args[1]", of.Select(t => t.TypeName).ToArray())
                .Select(o => o?.BaseObject).OfType<TypeData>()
                .ToDictionary(t => t.TypeName, StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// How the module's objects travel through Export-Clixml, remoting and jobs: every enum by its name, so a
        /// deserialized status still compares equal to 'Pass'; an App deep enough that a copy keeps rewrite.headers as
        /// printed (masked) entries, which the probe then refuses to send; a probe result (the host checks send them back
        /// over remoting) with its checks as objects, not text.
        /// </summary>
        internal static IEnumerable<TypeData> SerializationTypeData() =>
            ScriptTypes.Where(t => t.IsEnum).Select(t => new TypeData(t) { SerializationMethod = "String" })
                .Append(new TypeData(typeof(App)) { SerializationDepth = 3 })
                .Append(new TypeData(typeof(ProbeResult)) { SerializationDepth = 2 });

        /// <summary>
        /// Runs a type-data cmdlet (Get-, Update- or Remove-TypeData) on <see cref="SerializationTypeData"/> in the importing
        /// session's type table, per runspace as the type table is. Update-TypeData -TypeData applies each entry to the table directly; a types.ps1xml in the
        /// manifest's TypesToProcess made every import compile PowerShell's types-file reader, read the XML in parallel
        /// tasks and throw and catch two look-ups of $PSHOME's type files (bench/import.ps1). The cmdlet is called by its
        /// type, so PowerShell does not import Microsoft.PowerShell.Utility for it (its assembly is loaded in both
        /// editions before any module), and from a script block: the code that runs it is the code every command line
        /// already ran, where a PowerShell instance would compile its own pipeline code at each import.
        /// </summary>
        private static System.Collections.ObjectModel.Collection<PSObject> RunInSession(string commandType, string commandName, string script, object[] argument)
        {
            var sma = typeof(PSObject).Assembly.GetName();
            var utility = new System.Reflection.AssemblyName(sma.FullName) { Name = "Microsoft.PowerShell.Commands.Utility" };
            var implementation = System.Reflection.Assembly.Load(utility).GetType("Microsoft.PowerShell.Commands." + commandType, throwOnError: true);
            return ScriptBlock.Create(script).Invoke(new CmdletInfo(commandName, implementation), argument);
        }

        private static Type Accelerators =>
            typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators", throwOnError: true);
    }
}
