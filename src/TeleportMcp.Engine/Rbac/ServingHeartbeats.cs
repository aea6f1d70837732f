using System;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Rbac
{
    /// <summary>
    /// The app_server heartbeats of the input by app name: the agents whose releases decide what a v9 role does there
    /// (<see cref="McpAccessEngine.ForApp(UserAccess, App, IReadOnlyList{App})"/>). Every use that decides access with the
    /// heartbeats of the input (role tests, diagnosis, audit replay, role design preview) takes them from here.
    /// </summary>
    public sealed class ServingHeartbeats
    {
        private readonly Dictionary<string, List<App>> _byName = new Dictionary<string, List<App>>(StringComparer.Ordinal);

        /// <param name="apps">The apps of the input in any order; only app_server heartbeats are kept.</param>
        public ServingHeartbeats(IEnumerable<App>? apps)
        {
            foreach (var a in apps ?? Enumerable.Empty<App>())
            {
                if (a.Origin != AppOrigin.AppServer) continue;
                if (!_byName.TryGetValue(a.Name ?? "", out var list)) _byName[a.Name ?? ""] = list = new List<App>();
                list.Add(a);
            }
        }

        /// <summary>The heartbeats of the app named <paramref name="appName"/>, in input order; empty when none was given.</summary>
        public IReadOnlyList<App> Of(string? appName) => _byName.TryGetValue(appName ?? "", out var list) ? list : (IReadOnlyList<App>)Array.Empty<App>();
    }
}
