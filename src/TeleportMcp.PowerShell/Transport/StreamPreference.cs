using System.Management.Automation;

namespace TeleportMcp.Transport
{
    /// <summary>Whether -Verbose / -Debug output would be shown, so traces are only built when someone reads them.</summary>
    internal static class StreamPreference
    {
        public static bool VerboseOn(PSCmdlet cmdlet) => On(cmdlet, "Verbose", "VerbosePreference");

        public static bool DebugOn(PSCmdlet cmdlet) => On(cmdlet, "Debug", "DebugPreference");

        private static bool On(PSCmdlet cmdlet, string parameter, string variable)
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue(parameter, out var v) && v is SwitchParameter sw) return sw.IsPresent;
            var pref = PlainValues.Base(cmdlet.GetVariableValue(variable));
            return pref is ActionPreference a ? a != ActionPreference.SilentlyContinue && a != ActionPreference.Ignore
                : pref != null && LanguagePrimitives.TryConvertTo(pref, out ActionPreference c) && c != ActionPreference.SilentlyContinue && c != ActionPreference.Ignore;
        }
    }
}
