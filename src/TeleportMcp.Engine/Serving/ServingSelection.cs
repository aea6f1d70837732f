using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Serving
{
    /// <summary>Get-TeleportMcpServing's answer: the serving rows of the apps asked for, or errors when there is nothing to show.</summary>
    public static class ServingSelection
    {
        /// <summary>
        /// No MCP app in the input is an error (nothing was examined), not an empty answer; with -App, each name
        /// selects by <see cref="NameSelection"/> and a name that matches nothing is an error naming it and where it was looked for.
        /// </summary>
        public static List<AppServing> Select(IReadOnlyList<AppServing> rows, IEnumerable<string>? names, Func<string, Func<string, bool>?> patternOf,
            string where, Action<TeleportInputException> error)
        {
            if (rows == null) throw new ArgumentNullException(nameof(rows));
            if (error == null) throw new ArgumentNullException(nameof(error));
            if (rows.Count == 0)
            {
                error(new TeleportNotFoundException("NoMcpAppFound",
                    "no MCP app in " + where + ": nothing was examined. Give the tctl get apps and app_servers exports and the teleport.yaml of each App Service host.", where));
                return new List<AppServing>();
            }
            return NameSelection.Select(rows, r => r.App, names, patternOf, "MCP app", where, "AppNotFound", error);
        }
    }
}
