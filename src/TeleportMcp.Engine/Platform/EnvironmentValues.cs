using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>-Environment of Test-TeleportMcpApp and Invoke-TeleportMcpDiagnosis: the variables a launched server gets on top of the inherited ones.</summary>
    public static class EnvironmentValues
    {
        /// <summary>
        /// Name to value: a list value is a path list (joined with this platform's separator, ':' or ';'); a null value
        /// unsets the variable; an entry without a name is left out. The values are plain (unwrapped) objects.
        /// </summary>
        public static Dictionary<string, string> From(IEnumerable<KeyValuePair<object?, object?>> entries)
        {
            var env = new Dictionary<string, string>();
            if (entries == null) return env;
            foreach (var e in entries)
            {
                if (e.Key == null) continue;
                var key = System.Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? "";
                env[key] = e.Value switch
                {
                    null => null!, // null unsets the variable (the launcher removes it)
                    string s => s,
                    IEnumerable list when !(e.Value is IDictionary) => string.Join(Path.PathSeparator.ToString(), list.Cast<object?>().Select(x => x?.ToString())),
                    _ => e.Value.ToString() ?? "",
                };
            }
            return env;
        }
    }
}
