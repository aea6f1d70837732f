using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Infrastructure
{
    /// <summary>Runs the engine's Rbac part on module types; engine types stay inside these method bodies.</summary>
    internal static class RbacBridge
    {
        /// <summary>null when Teleport accepts the role version, else its refusal text.</summary>
        internal static string CheckRoleVersion(string version) =>
            RoleVersions.IsSupported(version) ? null : RoleVersions.NotSupportedMessage(version);

        internal sealed class Session
        {
            public object Engine;                                       // McpAccessEngine
            public readonly Dictionary<string, object> Users = new Dictionary<string, object>(StringComparer.Ordinal);       // UserAccess
            public readonly Dictionary<string, object> AppAccess = new Dictionary<string, object>(StringComparer.Ordinal);  // AppAccess
        }

        public static Session Open(IEnumerable<Role> roles)
        {
            return new Session { Engine = new McpAccessEngine(roles.Select(ResourceMapper.FromRole).ToList()) };
        }

        /// <summary>The names of the user's roles that the engine was not given.</summary>
        public static string[] Prepare(Session s, User user)
        {
            var engine = (McpAccessEngine)s.Engine;
            var ua = engine.Prepare(ResourceMapper.FromUser(user));
            s.Users[user.Name] = ua;
            return ua.MissingRoles.ToArray();
        }

        private static object ForAppObject(Session s, User user, App app)
        {
            string key = user.Name + "\u0000" + app.Name;
            if (s.AppAccess.TryGetValue(key, out var cached)) return cached;
            var engine = (McpAccessEngine)s.Engine;
            var ua = (UserAccess)s.Users[user.Name];
            var def = ResourceMapper.FromApp(app);
            var aa = engine.ForApp(ua, new AppLabelSet(app.Name, def.Labels, def.DynamicLabels.Keys));
            s.AppAccess[key] = aa;
            return aa;
        }

        /// <summary>The -Verbose story (debug false) and -Debug steps (debug true) for a user, then for the user on an app.</summary>
        public static void TraceUser(Session s, User user, Action<bool, string> write)
        {
            foreach (var l in AccessTrace.ForUser((UserAccess)s.Users[user.Name])) write(l.Level == TraceLevel.Debug, l.Text);
        }

        public static void TraceApp(Session s, User user, App app, Action<bool, string> write)
        {
            foreach (var l in AccessTrace.ForApp((AppAccess)ForAppObject(s, user, app))) write(l.Level == TraceLevel.Debug, l.Text);
        }

        public static ToolAccess Decide(Session s, User user, App app, string tool) => Decide(s, user, app, tool, null);

        public static ToolAccess Decide(Session s, User user, App app, string tool, Action<string> verbose)
        {
            var engine = (McpAccessEngine)s.Engine;
            var d = engine.Decide((AppAccess)ForAppObject(s, user, app), tool);
            if (verbose != null) verbose(AccessTrace.ForDecision(d).Text);
            return new ToolAccess
            {
                User = d.User,
                App = d.App,
                Tool = d.Tool,
                Allowed = d.Allowed,
                Decision = d.Decision.ToString(),
                Reason = d.Reason,
                AllowedBy = d.AllowedBy.Select(x => ToEntry(x)).ToArray(),
                DeniedBy = d.DeniedBy.Select(x => ToEntry(x)).ToArray(),
                DroppedEntries = d.Dropped.Select(x => ToDropped(x)).ToArray(),
                Notes = d.Notes.ToArray(),
            };
        }

        /// <summary>Bulk decision without explanation (benchmarks, -Quiet).</summary>
        public static bool IsAllowed(Session s, User user, App app, string tool) =>
            ((McpAccessEngine)s.Engine).DecideFast((AppAccess)ForAppObject(s, user, app), tool) == AccessDecision.Allowed;

        public static McpAccessSummary Summarize(Session s, User user, App app)
        {
            var engine = (McpAccessEngine)s.Engine;
            var sum = engine.Summarize((AppAccess)ForAppObject(s, user, app));
            return new McpAccessSummary
            {
                User = sum.User,
                App = sum.App,
                AppAccessible = sum.AppAccessible,
                Scope = sum.Scope.ToString(),
                AllowedTools = sum.Allow.Select(e => e.Effective).Distinct().ToArray(),
                DeniedTools = sum.Deny.Select(e => e.Effective).Distinct().ToArray(),
                Allow = sum.Allow.Select(x => ToEntry(x)).ToArray(),
                Deny = sum.Deny.Select(x => ToEntry(x)).ToArray(),
                DroppedEntries = sum.Dropped.Select(x => ToDropped(x)).ToArray(),
                Reason = sum.Reason,
                Notes = sum.Notes.ToArray(),
            };
        }

        public static List<RoleLintFinding> Lint(IEnumerable<Role> roles, IEnumerable<User> users)
        {
            var findings = RoleLinter.Lint(roles.Select(ResourceMapper.FromRole).ToList(), users.Select(ResourceMapper.FromUser).ToList());
            return findings.Select(f => new RoleLintFinding
            {
                Id = f.Id,
                Severity = f.Severity.ToString(),
                Role = f.Role,
                Field = f.Field,
                Entry = f.Entry,
                Message = f.Message,
                Fix = f.Fix,
                Source = f.Location,
            }).ToList();
        }

        /// <summary>Invalid regex entries of a role (mcp.tools and label values), as "field: entry: error".</summary>
        public static List<string> InvalidPatterns(Role role)
        {
            var result = new List<string>();
            void Check(string field, IEnumerable<string> entries)
            {
                if (entries == null) return;
                foreach (var e in entries)
                {
                    if (e == null || TraitTemplate.LooksLikeTemplate(e)) continue;
                    var p = TeleportPattern.Get(e);
                    if (p.Error != null) result.Add(field + " entry '" + e + "': " + p.Error);
                }
            }
            Check("allow.mcp.tools", role.AllowMcpTools);
            Check("deny.mcp.tools", role.DenyMcpTools);
            foreach (var (field, h) in new[] { ("allow.app_labels", role.AllowAppLabels), ("deny.app_labels", role.DenyAppLabels) })
                if (h != null)
                    foreach (DictionaryEntry kv in h)
                        Check(field + "." + kv.Key, ResourceMapper.ToStringList(kv.Value));
            return result;
        }

        /// <summary>An app made from -AppLabels.</summary>
        public static App AppFromLabels(string name, IDictionary labels)
        {
            return new App { Name = name, Labels = ResourceMapper.ToHashtable(ResourceMapper.ToStringMap(labels)), DynamicLabels = new Hashtable(), Transport = "", Origin = "app" };
        }

        private static RoleEntry ToEntry(object o) { var e = (EntryRef)o; return new RoleEntry { Role = e.Role, Field = e.Field, Written = e.Written, Effective = e.Effective }; }

        private static TeleportMcp.DroppedEntry ToDropped(object o)
        {
            var d = (Engine.Rbac.DroppedEntry)o;
            return new TeleportMcp.DroppedEntry { Role = d.Role, Field = d.Field, Entry = d.Entry, Reason = d.Reason, Silent = d.Silent, Trait = d.Trait };
        }
    }
}
