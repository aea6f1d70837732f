using System;
using System.Collections.Generic;
using System.Management.Automation;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Tests.Common
{
    /// <summary>Names read as the cmdlets read them (the module's NamePatterns over PowerShell's WildcardPattern), for engine tests without a runspace.</summary>
    internal static class PowerShellNames
    {
        /// <summary>The matcher of a name; a malformed pattern is added to <paramref name="refused"/> (the cmdlet's InvalidWildcardPattern) and refused.</summary>
        internal static Func<string, bool> Pattern(string name, List<string> refused = null) => NamePatterns.Of(name, n =>
        {
            var w = new WildcardPattern(n, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            try
            {
                w.IsMatch("");
                return w;
            }
            catch (WildcardPatternException)
            {
                refused?.Add(n);
                return null;
            }
        });
    }
}
