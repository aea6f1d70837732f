using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Rbac
{
    public enum TraceLevel
    {
        /// <summary>The story for -Verbose: what was read, which roles count for the app and why.</summary>
        Verbose,
        /// <summary>The engine's steps for -Debug: each role side's label result and effective tool entries.</summary>
        Debug,
    }

    public sealed class TraceLine
    {
        public TraceLine(TraceLevel level, string text)
        {
            Level = level;
            Text = text;
        }

        public TraceLevel Level { get; }
        public string Text { get; }

        public override string ToString() => Text;
    }

    /// <summary>
    /// Explains a prepared (user, app) pair the way RoleSet.checkAccess walks it (lib/services/role.go): every role's
    /// deny side first, then the allow sides whose app_labels select the app. Read-only: it recomputes nothing.
    /// </summary>
    public static class AccessTrace
    {
        public static List<TraceLine> ForUser(UserAccess ua)
        {
            var lines = new List<TraceLine>();
            var roles = ua.Roles.Select(r => r.Name).ToList();
            lines.Add(new TraceLine(TraceLevel.Verbose, Output.OutputText.Labelled("user " + ua.UserName, (roles.Count == 0 ? "no role that was given" : "roles " + ListText.Join(", ", roles)) +
                (ua.MissingRoles.Count > 0 ? "; not in the input, so only a deny of the roles given decides: " + ListText.Join(", ", ua.MissingRoles) : ""))));
            foreach (var d in ua.Dropped)
                lines.Add(new TraceLine(TraceLevel.Verbose, Output.OutputText.Labelled("user " + ua.UserName, d.ToString())));
            foreach (var r in ua.Roles)
            {
                lines.Add(new TraceLine(TraceLevel.Debug, Output.OutputText.Labelled("role " + r.Name + " allow.mcp.tools for " + ua.UserName, Tools(r.Allow))));
                lines.Add(new TraceLine(TraceLevel.Debug, Output.OutputText.Labelled("role " + r.Name + " deny.mcp.tools for " + ua.UserName, Tools(r.Deny))));
            }
            return lines;
        }

        public static List<TraceLine> ForApp(AppAccess aa)
        {
            var lines = new List<TraceLine>();
            var ua = aa.User;
            var selecting = new List<string>();
            var notSelecting = new List<string>();
            var denying = new List<string>();
            for (int i = 0; i < ua.Roles.Count; i++)
            {
                var r = ua.Roles[i];
                var allow = aa.AllowLabels[i];
                var deny = aa.DenyLabels[i];
                lines.Add(new TraceLine(TraceLevel.Debug, Output.OutputText.Labelled("role " + r.Name + " on " + aa.AppName, "allow.app_labels " + Outcome(allow) + "; deny.app_labels " + Outcome(deny))));
                if (deny.Outcome == MatchOutcome.Match) denying.Add(r.Name);
                if (allow.Outcome == MatchOutcome.Match) selecting.Add(r.Name);
                else notSelecting.Add(r.Name + " (" + (allow.Message ?? allow.Outcome.ToString()) + ")");
            }
            lines.Add(new TraceLine(TraceLevel.Verbose, Output.OutputText.Labelled(ua.UserName + " on " + aa.AppName,
                (selecting.Count > 0 ? "allow rules counted from " + ListText.Join(", ", selecting) : "no role's allow.app_labels select the app") +
                (notSelecting.Count > 0 ? "; not counted: " + ListText.Join("; ", notSelecting) : "") +
                (denying.Count > 0 ? "; deny.app_labels of " + ListText.Join(", ", denying) + " select it" : "") +
                ". Deny rules of every role apply (lib/services/role.go checkAccess).")));
            return lines;
        }

        /// <summary>The rule that decided one tool, for the -Verbose story.</summary>
        public static TraceLine ForDecision(ToolAccess d)
        {
            string rule = d.DeniedBy.Count > 0 ? "denied by " + ListText.Join(", ", d.DeniedBy)
                : d.AllowedBy.Count > 0 ? "allowed by " + ListText.Join(", ", d.AllowedBy)
                : d.Decision == AccessDecision.Indeterminate ? "not decidable offline"
                : "no allow entry matched";
            return new TraceLine(TraceLevel.Verbose, Output.OutputText.Labelled(d.User + ", " + d.App + ", " + Output.OutputText.SafeName(d.Tool), d.Decision + " (" + rule + ")"));
        }

        private static string Tools(PreparedSide side)
        {
            if (side?.NamespaceExcluded != null) return "(never applies: " + side.NamespaceExcluded + ")";
            if (side == null || !side.HasTools) return "(no mcp.tools: matches nothing, T4)";
            var effective = side.ToolRefs.Select(t => t.Interpolated ? GoText.Quote(t.Written) + " -> " + GoText.Quote(t.Effective) : GoText.Quote(t.Written)).ToList();
            if (side.UnknownTools.Count > 0) effective.Add("undecidable offline: " + ListText.Join(", ", side.UnknownTools));
            return effective.Count == 0 ? "(empty after trait interpolation)" : ListText.Join(", ", effective);
        }

        private static string Outcome(LabelMatch m) => m.Outcome + (string.IsNullOrEmpty(m.Message) ? "" : " (" + m.Message + ")");
    }
}
