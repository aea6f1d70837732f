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

        public void OnImport()
        {
            lock (Gate)
            {
                if (s_imports++ == 0)
                {
                    var add = (Action<string, Type>)Delegate.CreateDelegate(typeof(Action<string, Type>), Accelerators.GetMethod("Add", new[] { typeof(string), typeof(Type) }));
                    foreach (var type in ScriptTypes) add(type.FullName, type);
                }
            }
            // -Force: a second import into the same session replaces the entries.
            RunInSession("UpdateTypeDataCommand", "Update-TypeData",
                "& $args[0] -TypeData $args[1] -Force -WhatIf:$false -Confirm:$false -ErrorAction Stop");
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                if (s_imports > 0 && --s_imports == 0)
                {
                    var remove = (Func<string, bool>)Delegate.CreateDelegate(typeof(Func<string, bool>), Accelerators.GetMethod("Remove", new[] { typeof(string) }));
                    foreach (var type in ScriptTypes) remove(type.FullName);
                }
            }
            // Remove-TypeData takes the entries one at a time, piped.
            RunInSession("RemoveTypeDataCommand", "Remove-TypeData",
                "$args[1] | & $args[0] -WhatIf:$false -Confirm:$false -ErrorAction Stop");
        }

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
        /// Adds (or removes) <see cref="SerializationTypeData"/> in the importing session's type table, per runspace as
        /// the type table is. Update-TypeData -TypeData applies each entry to the table directly; a types.ps1xml in the
        /// manifest's TypesToProcess made every import compile PowerShell's types-file reader, read the XML in parallel
        /// tasks and throw and catch two look-ups of $PSHOME's type files (bench/import.ps1). The cmdlet is called by its
        /// type, so PowerShell does not import Microsoft.PowerShell.Utility for it (its assembly is loaded in both
        /// editions before any module), and from a script block: the code that runs it is the code every command line
        /// already ran, where a PowerShell instance would compile its own pipeline code at each import.
        /// </summary>
        private static void RunInSession(string commandType, string commandName, string script)
        {
            var sma = typeof(PSObject).Assembly.GetName();
            var utility = new System.Reflection.AssemblyName(sma.FullName) { Name = "Microsoft.PowerShell.Commands.Utility" };
            var implementation = System.Reflection.Assembly.Load(utility).GetType("Microsoft.PowerShell.Commands." + commandType, throwOnError: true);
            ScriptBlock.Create(script).Invoke(new CmdletInfo(commandName, implementation), SerializationTypeData().ToArray());
        }

        private static Type Accelerators =>
            typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators", throwOnError: true);
    }
}
