using System;
using System.Management.Automation;

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
                if (s_imports++ > 0) return;
                var add = (Action<string, Type>)Delegate.CreateDelegate(typeof(Action<string, Type>), Accelerators.GetMethod("Add", new[] { typeof(string), typeof(Type) }));
                foreach (var type in ScriptTypes) add(type.FullName, type);
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                if (s_imports == 0 || --s_imports > 0) return;
                var remove = (Func<string, bool>)Delegate.CreateDelegate(typeof(Func<string, bool>), Accelerators.GetMethod("Remove", new[] { typeof(string) }));
                foreach (var type in ScriptTypes) remove(type.FullName);
            }
        }

        private static Type Accelerators =>
            typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators", throwOnError: true);
    }
}
