using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Initialization
{
    /// <summary>
    /// Adds the module's views (<see cref="ModuleViews"/>) and type data to the importing session and takes them back on
    /// Remove-Module. Makes the engine's public types resolve by name in scripts (<c>[TeleportMcp.Role]</c>,
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
            typeof(AccessDecision), typeof(AgentDecision), typeof(App), typeof(AppAuthConfig), typeof(AppAuthKeySource), typeof(AppAuthLabel), typeof(AppCheck), typeof(AppChoice), typeof(AppOrigin), typeof(AppRewrite), typeof(AppServiceAgent), typeof(AppServing),
            typeof(AuditEvent), typeof(AuditEventKind), typeof(AuditOutcome), typeof(AuditReadSummary), typeof(AuditReplay),
            typeof(CheckStatus), typeof(ClientCheck), typeof(ConfigScope), typeof(Diagnosis), typeof(DiagnosisArea), typeof(DiagnosisCheck),
            typeof(DiagnosisReportFormat), typeof(DiagnosisStatus), typeof(DroppedEntry), typeof(Finding), typeof(FindingSummary),
            typeof(HostCheckRun), typeof(HostCheckStatus), typeof(McpAccessSummary), typeof(McpTransport), typeof(ProbeResult),
            typeof(ProbeStage), typeof(ProbeTool), typeof(ReplayCause), typeof(ReplayVerdict), typeof(RewriteHeader), typeof(Role),
            typeof(RoleChoice), typeof(RoleEffect), typeof(RoleEntry), typeof(RoleLintFinding), typeof(ScopedRoleAssignment), typeof(ScopedRoleGrant), typeof(ServingHost), typeof(ServingReason),
            typeof(ServingStatus), typeof(Severity), typeof(TargetHostDecision), typeof(TeleportResource), typeof(ToolAccess), typeof(ToolAnnotations),
            typeof(ToolScope), typeof(User), typeof(UserChoice), typeof(UserTools),
            typeof(Engine.Common.Limits), typeof(Engine.Common.TeleportInputException),
        };

        public void OnImport()
        {
            // The views first: PowerShell calls OnRemove only for an import that succeeded, so a failure after them takes them back here.
            var views = SessionFormatData.Open();
            bool added = views.Add(ModuleViews.All);
            try
            {
                Import(ApplyTypeData, RemoveOwnTypeData);
            }
            catch
            {
                if (added) views.Remove(ModuleViews.All);
                throw;
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            // Remove-Module calls this before it removes the cmdlets: an exception here would abort Remove-Module and
            // Import-Module -Force, so a type data entry that cannot be taken back stays (as a user's would).
            ReleaseImport();
            try
            {
                RemoveOwnTypeData(SerializationTypeData());
            }
            catch (Exception e) when (!(e is OutOfMemoryException || e is StackOverflowException))
            {
            }
            try
            {
                SessionFormatData.Open().Remove(ModuleViews.All);
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
            var table = SessionTypeData.Open();
            var ours = SerializationTypeData();
            var current = table.Current(ours);
            var missing = new List<TypeData>(ours.Count);
            foreach (var t in ours)
            {
                if (!(current.TryGetValue(t.TypeName, out var c) && HasOurSettings(c, t))) missing.Add(t);
            }
            if (missing.Count == 0) return missing;
            try
            {
                // A host-built TypeTable shared by runspaces is fixed (TypesToProcess failed the import there unless the table held the file), so import without it: only copies across processes lose enum names.
                if (!table.Add(missing)) return new List<TypeData>();
            }
            catch (RuntimeException e)
            {
                try
                {
                    RemoveOwnTypeData(table, missing);
                }
                catch (RuntimeException)
                {
                }
                throw new InvalidOperationException("TeleportMcp could not add its type data (how its objects serialize) to this session, so it was not imported: " + e.Message, e);
            }
            return missing;
        }

        private static void RemoveOwnTypeData(IList<TypeData> ours) => RemoveOwnTypeData(SessionTypeData.Open(), ours);

        /// <summary>
        /// Removes each of <paramref name="ours"/> from the session's type table where the table holds nothing else for
        /// that type: removing type data removes a whole type, and members or settings someone else added must stay. The
        /// entries the imports added to the session's InitialSessionState.Types for the types removed here are taken out
        /// of that list again, so repeated Import-Module -Force does not grow it.
        /// </summary>
        internal static void RemoveOwnTypeData(SessionTypeData table, IList<TypeData> ours)
        {
            if (ours.Count == 0) return;
            var current = table.Current(ours);
            var removable = ours.Where(t => current.TryGetValue(t.TypeName, out var c) && HoldsOnly(c, t)).ToList();
            if (removable.Count == 0) return;
            table.Remove(removable);
            var replayed = SessionTypeData.Replayed;
            if (replayed == null) return;
            var removed = table.Current(removable);
            var gone = removable.Where(t => !removed.ContainsKey(t.TypeName)).ToDictionary(t => t.TypeName, StringComparer.OrdinalIgnoreCase);
            for (int i = replayed.Count - 1; i >= 0; i--)
            {
                var data = replayed[i].TypeData;
                if (data != null && !replayed[i].IsRemove && gone.TryGetValue(data.TypeName, out var own) && HoldsOnly(data, own)) replayed.RemoveItem(i);
            }
        }

        /// <summary>Whether <paramref name="current"/> has the settings of <paramref name="ours"/> (it may hold more).</summary>
        internal static bool HasOurSettings(TypeData current, TypeData ours) =>
            current.SerializationMethod == ours.SerializationMethod && current.SerializationDepth == ours.SerializationDepth &&
            (ours.TypeConverter == null || current.TypeConverter == ours.TypeConverter);

        /// <summary>Whether <paramref name="current"/> holds exactly the settings of <paramref name="ours"/> and nothing else.</summary>
        internal static bool HoldsOnly(TypeData current, TypeData ours) =>
            HasOurSettings(current, ours) && current.Members.Count == 0 && current.TypeConverter == ours.TypeConverter && current.TypeAdapter == null &&
            current.TargetTypeForDeserialization == null && current.DefaultDisplayProperty == null && !current.InheritPropertySerializationSet &&
            current.StringSerializationSource == null && current.StringSerializationSourceProperty == null && current.DefaultDisplayPropertySet == null &&
            current.DefaultKeyPropertySet == null && current.PropertySerializationSet == null;

        /// <summary>
        /// How the module's objects travel through Export-Clixml, remoting and jobs: every enum by its name, so a
        /// deserialized status still compares equal to 'Pass'; an App deep enough that a copy keeps rewrite.headers as
        /// printed (masked) entries, which the probe then refuses to send; a probe result (the host checks send them back
        /// over remoting) with its checks as objects, not text; a scoped_role_assignment with each role and scope as an object
        /// (remoting's depth of 1 would make them text, which Test-TeleportMcpRole cannot read back). The enums that had text values before (App.Origin,
        /// ClientCheck.Scope) also convert from those spellings, so <c>Where-Object Origin -eq 'teleport.yaml'</c> still matches.
        /// </summary>
        /// <remarks>Loops rather than LINQ: this runs at every import, where each lambda is one more method to compile.</remarks>
        internal static List<TypeData> SerializationTypeData()
        {
            var data = new List<TypeData>(ScriptTypes.Length);
            foreach (var t in ScriptTypes)
            {
                if (!t.IsEnum) continue;
                data.Add(new TypeData(t)
                {
                    SerializationMethod = "String",
                    TypeConverter = EnumSpellings.Reads(t) ? typeof(EnumSpellingConverter) : null,
                    IsOverride = true,
                });
            }
            data.Add(new TypeData(typeof(App)) { SerializationDepth = 3, IsOverride = true });
            data.Add(new TypeData(typeof(ProbeResult)) { SerializationDepth = 2, IsOverride = true });
            data.Add(new TypeData(typeof(ScopedRoleAssignment)) { SerializationDepth = 2, IsOverride = true });
            return data;
        }

        private static Type Accelerators =>
            typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators", throwOnError: true);
    }
}
