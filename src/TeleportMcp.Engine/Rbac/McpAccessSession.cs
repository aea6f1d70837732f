using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Rbac
{
    /// <summary>
    /// The role engine for one set of roles, with each user's trait interpolation done once and each (user, app)
    /// label selection done once, so that any number of tool decisions only match names.
    /// </summary>
    public sealed class McpAccessSession
    {
        private readonly McpAccessEngine _engine;
        private readonly Dictionary<string, UserAccess> _users = new Dictionary<string, UserAccess>(StringComparer.Ordinal);
        // Per user, so that preparing a user again drops that user's selections without walking everyone's.
        private readonly Dictionary<string, Dictionary<string, AppAccess>> _apps = new Dictionary<string, Dictionary<string, AppAccess>>(StringComparer.Ordinal);

        // The app_server heartbeats: their releases decide what a v9 role does on the agents (McpAccessEngine.RoleV9Gate).
        private readonly ServingHeartbeats _servers;

        /// <param name="roles">The roles to decide with.</param>
        /// <param name="apps">The apps of the input; their app_server heartbeats say which release serves each app.</param>
        /// <param name="scoped">The scoped_role_assignments of the input: each decision for a user they name says which scoped roles the user holds.</param>
        public McpAccessSession(IEnumerable<Role> roles, IEnumerable<App>? apps = null, IEnumerable<ScopedRoleAssignment>? scoped = null)
        {
            _engine = new McpAccessEngine(roles, scoped);
            _servers = new ServingHeartbeats(apps);
        }

        private IReadOnlyList<App> ServersOf(App app) => _servers.Of(app.Name);

        /// <summary>Interpolates the user's roles; returns the names of the user's roles that were not given.</summary>
        public IReadOnlyList<string> Prepare(User user) => PrepareAccess(user).MissingRoles;

        private UserAccess PrepareAccess(User user)
        {
            var ua = _engine.Prepare(user);
            _users[user.Name ?? ""] = ua;
            _apps.Remove(user.Name ?? "");
            return ua;
        }

        /// <summary>
        /// As <see cref="Prepare(User)"/> for each user in order, answered at once when the token is cancelled (the
        /// interpolation of a role with a huge label or tool list takes seconds, and the abandoned work ends on its own),
        /// with the work handed to the worker in batches (<see cref="Common.Cancellable.ForEach"/>): <paramref name="prepared"/> gets each user
        /// and its preparation (<see cref="UserAccess.MissingRoles"/>, <see cref="AccessTrace.ForUser"/>) on the caller's
        /// thread, in order. The preparation is the one made for that user, even when a later user of the same batch
        /// has the same name and has replaced it in the session.
        /// </summary>
        public void Prepare(IReadOnlyList<User> users, Action<User, UserAccess> prepared, System.Threading.CancellationToken ct) =>
            Common.Cancellable.ForEach(users, PrepareAccess, prepared, ct);

        public ToolAccess Decide(User user, App app, string tool) => _engine.Decide(For(user, app), tool);

        /// <summary>The decision without its explanation (-Quiet, benchmarks).</summary>
        public bool IsAllowed(User user, App app, string tool) => _engine.DecideFast(For(user, app), tool) == AccessDecision.Allowed;

        public McpAccessSummary Summarize(User user, App app) => _engine.Summarize(For(user, app));

        /// <summary>
        /// The user's label results for the app (worked out on first need, as for every decision), to decide many tools
        /// in a row with <see cref="IsAllowed(AppAccess, string)"/> or <see cref="Decide(AppAccess, string)"/> without
        /// looking the user and the app up again for each.
        /// </summary>
        public AppAccess Access(User user, App app) => For(user, app);

        public ToolAccess Decide(AppAccess access, string tool) => _engine.Decide(access, tool);

        public bool IsAllowed(AppAccess access, string tool) => _engine.DecideFast(access, tool) == AccessDecision.Allowed;

        /// <summary>The -Verbose story and -Debug steps for a user (after <see cref="Prepare"/>): roles, dropped entries, tool entries.</summary>
        public List<TraceLine> TraceUser(User user) => AccessTrace.ForUser(Prepared(user));

        /// <summary>
        /// The summary for another copy of an app the session already decided by name (an agent's heartbeat with other
        /// labels): not cached, since the session's decisions are kept per app name.
        /// </summary>
        public McpAccessSummary SummarizeCopy(User user, App copy) => _engine.Summarize(_engine.ForApp(Prepared(user), copy, ServersOf(copy)));

        // The user prepared once per session (Prepare, or on first need).
        private UserAccess Prepared(User user)
        {
            if (!_users.TryGetValue(user.Name ?? "", out var ua))
            {
                ua = _engine.Prepare(user);
                _users[user.Name ?? ""] = ua;
            }
            return ua;
        }

        /// <summary>Which roles count for the app and why (their label results).</summary>
        public List<TraceLine> TraceApp(User user, App app) => AccessTrace.ForApp(For(user, app));

        private AppAccess For(User user, App app)
        {
            var userName = user.Name ?? "";
            if (!_apps.TryGetValue(userName, out var byApp))
            {
                byApp = new Dictionary<string, AppAccess>(StringComparer.Ordinal);
                _apps[userName] = byApp;
            }
            if (byApp.TryGetValue(app.Name ?? "", out var cached)) return cached;
            var aa = _engine.ForApp(Prepared(user), app, ServersOf(app));
            byApp[app.Name ?? ""] = aa;
            return aa;
        }

        /// <summary>Invalid regular expressions of a role (mcp.tools and label values), as "field entry 'x': error".</summary>
        public static List<Common.MessageText> InvalidPatterns(Role role)
        {
            var result = new List<Common.MessageText>();
            void Check(string field, IEnumerable<string>? entries)
            {
                if (entries == null) return;
                foreach (var e in entries)
                {
                    if (e == null || TraitTemplate.LooksLikeTemplate(e)) continue;
                    var p = TeleportPattern.Get(e);
                    // The entry and Go's error in pieces: both can be the whole of a megabyte pattern.
                    if (p.ErrorText is { } error) result.Add(field + " entry '" + Common.GoText.RawText(e, 0, e.Length) + "': " + error);
                }
            }
            // A side whose namespaces leave out every app is never evaluated (lib/services/role.go MatchNamespace first).
            bool allowApplies = !Namespaces.ExcludeApps(role.Allow.Namespaces), denyApplies = !Namespaces.ExcludeApps(role.Deny.Namespaces);
            if (allowApplies) Check("allow.mcp.tools", role.Allow.McpTools);
            if (denyApplies) Check("deny.mcp.tools", role.Deny.McpTools);
            foreach (var (field, selector, applies) in new[] { ("allow.app_labels", role.Allow.AppLabels, allowApplies), ("deny.app_labels", role.Deny.AppLabels, denyApplies) })
                if (selector != null && applies)
                    foreach (var kv in selector.Entries)
                        Check(field + "." + kv.Key, kv.Value);
            return result;
        }
    }
}
