using System;
using System.Management.Automation;
using System.Reflection;

namespace TeleportMcp.Transport
{
    /// <summary>
    /// Where a piped log line came from: the note properties Get-Content gives each line it writes (PSPath, PSChildName,
    /// ReadCount), kept through serialization (Import-Clixml, remoting, jobs). A string parameter receives the text only,
    /// so the object is read from the command's current pipeline input.
    /// </summary>
    internal static class PipedLine
    {
        // InternalCommand.CurrentPipelineObject is not public (PowerShell 5.1 and 7: CommandProcessor.ProcessRecord sets it
        // before binding). Absent, every line stays in the one stream of unknown source, as before.
        private static readonly PropertyInfo CurrentObject =
            typeof(Cmdlet).GetProperty("CurrentPipelineObject", BindingFlags.Instance | BindingFlags.NonPublic);

        /// <summary>The file <paramref name="text"/> was read from and its line number there; (null, 0) when not known.</summary>
        public static (string Path, long Line) Source(Cmdlet command, string text)
        {
            if (text == null || !(Current(command) is PSObject pso) || !ReferenceEquals(pso.BaseObject, text)) return (null, 0);
            string key = Text(pso, "PSPath") ?? Text(pso, "PSChildName");
            if (key == null) return (null, 0);
            long line = pso.Properties["ReadCount"]?.Value is object n && LanguagePrimitives.TryConvertTo(n, out long l) && l > 0 ? l : 0;
            // A provider-qualified path (Microsoft.PowerShell.Core\FileSystem::/var/log/a.log) names the file after "::".
            int qualified = key.IndexOf("::", StringComparison.Ordinal);
            return (qualified >= 0 ? key.Substring(qualified + 2) : key, line);
        }

        private static object Current(Cmdlet command)
        {
            try
            {
                return CurrentObject?.GetValue(command, null);
            }
            catch (TargetInvocationException)
            {
                return null;
            }
        }

        private static string Text(PSObject pso, string name)
        {
            return pso.Properties[name]?.Value is string s && s.Length > 0 ? s : null;
        }
    }
}
