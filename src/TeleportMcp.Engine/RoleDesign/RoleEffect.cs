using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleDesign;
using TeleportMcp.Engine.Common;

namespace TeleportMcp
{
    /// <summary>What adding a designed role changes for one user on one MCP server. Type name TeleportMcp.RoleEffect.</summary>
    public sealed class RoleEffect
    {
        public string? User { get; set; }
        public string? App { get; set; }
        public string? Role { get; set; }

        /// <summary>Tools the user gets only with the new role.</summary>
        public string[]? Gained { get; set; }

        /// <summary>Tools the role grants that the user already had.</summary>
        public string[]? AlreadyAllowed { get; set; }

        /// <summary>Tools the role grants but another of the user's roles denies (deny wins, T1-T2).</summary>
        public string[]? StillDenied { get; set; }

        /// <summary>The deny entries (or deny labels) behind StillDenied, as "role field 'entry'".</summary>
        public string[]? DeniedBy { get; set; }

        /// <summary>Tools the role grants that the user still cannot be shown to get (an error or an offline unknown), with why.</summary>
        public string[]? Undecided { get; set; }

        /// <summary>Roles the user names that the export does not hold: a tool no role given denies is undecided before and after (<see cref="UserAccess.MissingRolesReason"/>).</summary>
        public string[]? RolesNotInExport { get; set; }
        public string? Summary { get; set; }

        public override string ToString() => User + " on " + App + ": " + Summary;
    }
}

namespace TeleportMcp.Engine.RoleDesign
{
    /// <summary>Before and after: the user's roles as exported, then the same plus the designed role (Teleport's decision each time).</summary>
    public static class RoleEffectPreview
    {
        /// <param name="clusterApps">The apps of the input: their app_server heartbeats' releases decide what a v9 role of the cluster does on each server.</param>
        public static List<RoleEffect> Preview(DesignedRole designed, IEnumerable<Role> clusterRoles, IEnumerable<User> users, IEnumerable<App>? clusterApps = null)
        {
            var name = designed.Role.Name!; // RoleDesigner refuses a role without a name (RoleNames.Problem)
            var existing = clusterRoles.Where(r => r.Name != name).ToList();
            var before = new McpAccessEngine(clusterRoles);
            var after = new McpAccessEngine(existing.Concat(new[] { designed.Role }));
            var heartbeats = new ServingHeartbeats(clusterApps);
            var result = new List<RoleEffect>();
            foreach (var u in users)
            {
                var ub = before.Prepare(u);
                var withRole = new User { Name = u.Name, Version = u.Version, Roles = u.Roles.Contains(name) ? u.Roles.ToList() : u.Roles.Concat(new[] { name }).ToList(), TraitMap = u.TraitMap, TraitOrder = u.TraitOrder };
                var ua = after.Prepare(withRole);
                // Before and after both lack these (a tool no role given denies is undecided): a role the export lacks only "before" is the designed one's name.
                var notInExport = ub.MissingRoles.Concat(ua.MissingRoles).Distinct(StringComparer.Ordinal).ToArray();
                foreach (var app in designed.Apps)
                {
                    var labels = AppLabelSet.ForMcpServer(app.Name, app.Labels, app.DynamicLabelKeys);
                    var ab = before.ForApp(ub, labels, heartbeats.Of(app.Name));
                    var aa = after.ForApp(ua, labels, heartbeats.Of(app.Name));
                    var gained = new List<string>();
                    var already = new List<string>();
                    var denied = new List<string>();
                    var deniedBy = new List<string>();
                    var undecided = new List<string>();
                    foreach (var tool in designed.Intended[app.Name])
                    {
                        var d = after.Decide(aa, tool);
                        switch (d.Decision)
                        {
                            case AccessDecision.Allowed:
                                (before.DecideFast(ab, tool) == AccessDecision.Allowed ? already : gained).Add(tool);
                                break;
                            case AccessDecision.Denied:
                            case AccessDecision.AppNotAccessible:
                                denied.Add(tool);
                                foreach (var e in d.DeniedBy) deniedBy.Add(e.ToString());
                                if (d.DeniedBy.Count == 0 && d.Reason != null) deniedBy.Add(d.Reason);
                                break;
                            default:
                                undecided.Add(tool + ": " + d.Decision + ", " + d.Reason);
                                break;
                        }
                    }
                    var parts = new List<string>();
                    parts.Add(gained.Count + " tool(s) gained");
                    if (already.Count > 0) parts.Add(already.Count + " already allowed");
                    if (denied.Count > 0) parts.Add(denied.Count + " still denied by another role");
                    if (undecided.Count > 0) parts.Add(undecided.Count + " undecided");
                    if (notInExport.Length > 0) parts.Add("roles not in the export: " + ListText.Join(", ", notInExport));
                    result.Add(new RoleEffect
                    {
                        User = u.Name,
                        App = app.Name,
                        Role = name,
                        Gained = gained.ToArray(),
                        AlreadyAllowed = already.ToArray(),
                        StillDenied = denied.ToArray(),
                        DeniedBy = deniedBy.Distinct(StringComparer.Ordinal).ToArray(),
                        Undecided = undecided.ToArray(),
                        RolesNotInExport = notInExport,
                        Summary = string.Join("; ", parts),
                    });
                }
            }
            return result;
        }
    }
}
