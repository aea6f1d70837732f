using System;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Rbac
{
    /// <summary>
    /// An app's labels as Teleport sees them (api/types/app.go GetLabel, GetAllLabels): a dynamic label's current
    /// result wins over a static label of that key (2:G16). A dynamic label whose result the input does not carry is
    /// unknown offline (L1).
    /// </summary>
    public sealed class AppLabelSet
    {
        public string? AppName { get; }
        public IReadOnlyDictionary<string, string> Static { get; }
        public IReadOnlyCollection<string> DynamicKeys { get; }
        /// <summary>Dynamic labels whose current result the resource carries (spec.dynamic_labels.*.result).</summary>
        public IReadOnlyDictionary<string, string> DynamicResults { get; }

        public AppLabelSet(string? appName, IDictionary<string, string> labels, IEnumerable<string>? dynamicKeys = null, IDictionary<string, string>? dynamicResults = null)
            : this(appName, new Dictionary<string, string>(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal), dynamicKeys, dynamicResults)
        {
        }

        // Takes the labels it is given (a copy the caller made).
        private AppLabelSet(string? appName, Dictionary<string, string> labels, IEnumerable<string>? dynamicKeys, IDictionary<string, string>? dynamicResults)
        {
            AppName = appName;
            Static = labels;
            var results = new Dictionary<string, string>(StringComparer.Ordinal);
            if (dynamicResults != null)
                foreach (var kv in dynamicResults)
                    if (kv.Value != null) results[kv.Key] = kv.Value;
            DynamicResults = results;
            var keys = new HashSet<string>(dynamicKeys ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            keys.UnionWith(results.Keys);
            DynamicKeys = keys;
        }

        /// <summary>The label every MCP server matches with, whatever its definition says (<see cref="ForMcpServer"/>).</summary>
        public const string McpSubKindLabelKey = "teleport.internal/app-sub-kind";
        public const string McpSubKindLabelValue = "mcp";

        /// <summary>The labels Teleport matches for an app definition, dynamic results included.</summary>
        public static AppLabelSet For(App app) => app.IsMcp || app.DescribedByLabels
            ? ForMcpServer(app.Name, app.LabelMap, app.DynamicLabelMap?.Keys, app.DynamicLabelResultMap)
            : new AppLabelSet(app.Name, app.LabelMap, app.DynamicLabelMap?.Keys, app.DynamicLabelResultMap);

        /// <summary>
        /// An MCP server's labels with teleport.internal/app-sub-kind: mcp added when the definition does not set that key:
        /// the preset mcp-user role selects MCP servers by it alone (docs/pages/includes/mcp-access/configure-user-rbac.mdx
        /// @4e2b459a), and Teleport's own test gives that role every tool on an app labelled only env: prod
        /// (lib/srv/mcp Test_sessionHandler "admin", NewPresetMCPUserRole). The code that adds it is not in the index.
        /// </summary>
        public static AppLabelSet ForMcpServer(string? appName, IDictionary<string, string>? labels, IEnumerable<string>? dynamicKeys = null, IDictionary<string, string>? dynamicResults = null)
        {
            var keys = dynamicKeys as ICollection<string> ?? dynamicKeys?.ToList();
            var all = new Dictionary<string, string>(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            if (!all.ContainsKey(McpSubKindLabelKey) && (keys == null || !keys.Contains(McpSubKindLabelKey)) && (dynamicResults == null || !dynamicResults.ContainsKey(McpSubKindLabelKey)))
                all[McpSubKindLabelKey] = McpSubKindLabelValue;
            return new AppLabelSet(appName, all, keys, dynamicResults);
        }

        public bool IsDynamic(string key) => DynamicKeys.Contains(key);

        /// <summary>A dynamic label whose value is only known on the App Service.</summary>
        public bool IsUnknown(string key) => DynamicKeys.Contains(key) && !DynamicResults.ContainsKey(key);

        /// <summary>GetLabel: the dynamic result first, then the static label.</summary>
        public bool TryGetLabel(string key, out string value)
        {
            if (DynamicResults.TryGetValue(key, out value)) return true;
            return Static.TryGetValue(key, out value);
        }

        // label_expressions.go: labels["k"] is "" when the key is missing.
        internal string GetForExpression(string key)
        {
            if (IsUnknown(key)) throw new ExpressionUnsupported("labels[" + Common.GoText.Quote(key) + "] is a dynamic label of app " + AppName + " whose value is only known on the App Service (the input carries no result for it)");
            return TryGetLabel(key, out var v) ? v : "";
        }

        internal List<string> ValuesMatching(string keyExpr)
        {
            var p = TeleportPattern.Get(keyExpr);
            var result = new List<string>();
            foreach (var kv in Static)
            {
                if (IsDynamic(kv.Key)) continue;
                if (Matches(p, kv.Key)) result.Add(kv.Value);
            }
            foreach (var kv in DynamicResults)
                if (Matches(p, kv.Key)) result.Add(kv.Value);
            foreach (var k in DynamicKeys)
            {
                if (DynamicResults.ContainsKey(k)) continue;
                if (Matches(p, k))
                    throw new ExpressionUnsupported("labels_matching(" + Common.GoText.Quote(keyExpr) + ") includes the dynamic label " + Common.GoText.Quote(k) + " of app " + AppName + ", whose value is unknown offline");
            }
            return result;
        }

        private static bool Matches(TeleportPattern p, string key)
        {
            var m = p.Match(key);
            if (m.Outcome == MatchOutcome.Error) throw new ExpressionError(m.Detail);
            if (m.Outcome == MatchOutcome.Unknown) throw new ExpressionUnsupported(m.Detail);
            return m.Outcome == MatchOutcome.Match;
        }
    }

    /// <summary>A label selector after trait interpolation: key to values (applyLabelsTraits, lib/services/role.go).</summary>
    public sealed class ResolvedSelector
    {
        public List<KeyValuePair<string, List<TeleportPattern>>> Entries { get; } = new List<KeyValuePair<string, List<TeleportPattern>>>();
        /// <summary>Set when two keys interpolate to the same key: Go's map keeps one of them at random.</summary>
        public string? Ambiguity { get; set; }
        /// <summary>
        /// Whether '*': '*' is what Go ends with is unknown offline: another key interpolates to '*' with other values, a
        /// key cannot be interpolated offline, or a value of the '*' key cannot.
        /// </summary>
        public bool WildcardUncertain { get; set; }
        public bool IsEmpty => Entries.Count == 0;

        public override string ToString() =>
            "{" + Common.ListText.Join(", ", Entries.Select(e => e.Key + ": " + (e.Value.Count == 1 ? e.Value[0].Text : "[" + Common.ListText.Join(", ", e.Value.Select(v => v.Text)) + "]"))) + "}";
    }

    public struct LabelMatch
    {
        public MatchOutcome Outcome { get; set; }
        public string Message { get; set; }
    }

    public static class LabelMatcher
    {
        /// <summary>MatchLabelGetter (lib/services/role.go): L2-L5.</summary>
        public static LabelMatch Match(ResolvedSelector selector, AppLabelSet app)
        {
            // L2: empty selector matches nothing.
            if (selector == null || selector.IsEmpty) return new LabelMatch { Outcome = MatchOutcome.NoMatch, Message = "no match, empty selector" };
            // L3: '*': '*' matches every app, even one without labels.
            if (!selector.WildcardUncertain)
                foreach (var e in selector.Entries)
                    if (e.Key == "*" && e.Value.Count == 1 && e.Value[0].Text == "*") return new LabelMatch { Outcome = MatchOutcome.Match, Message = "matched" };
            if (selector.Ambiguity != null) return new LabelMatch { Outcome = MatchOutcome.Unknown, Message = selector.Ambiguity };

            string? noMatch = null, error = null, unknown = null;
            foreach (var e in selector.Entries)
            {
                if (app.IsUnknown(e.Key))
                {
                    if (!e.Value.Any(v => v.Text == "*"))
                        unknown = unknown ?? "the label " + Common.GoText.Quote(e.Key) + " of app " + app.AppName + " is a dynamic label whose value is only known on the App Service (the input carries no result for it)";
                    continue;
                }
                // L4: every key must exist on the app (a dynamic label's result counts, 2:G16).
                if (!app.TryGetLabel(e.Key, out var value))
                {
                    noMatch = noMatch ?? "no key match: '" + e.Key + "'";
                    continue;
                }
                // L5: '*' among the values accepts any value; otherwise glob/regex entries in order.
                if (e.Value.Any(v => v.Text == "*")) continue;
                var r = TeleportPattern.MatchAny(value, e.Value);
                switch (r.Outcome)
                {
                    case MatchOutcome.NoMatch:
                        noMatch = noMatch ?? "no value match: got '" + Common.ListText.Item(value) + "' want: '[" + Common.ListText.Join(" ", e.Value.Select(v => v.Text)) + "]'";
                        break;
                    case MatchOutcome.Error:
                        error = error ?? r.Detail;
                        break;
                    case MatchOutcome.Unknown:
                        unknown = unknown ?? r.Detail;
                        break;
                }
            }
            // Go iterates the selector map in random order and stops at the first miss or error.
            if (error != null && (noMatch != null || unknown != null))
                return new LabelMatch { Outcome = MatchOutcome.Unknown, Message = "the selector has an invalid regex (" + error + ") and a key that " + (noMatch != null ? "does not match (" + noMatch + ")" : "cannot be decided") + "; Go's random map order decides between an error and no match" };
            if (error != null) return new LabelMatch { Outcome = MatchOutcome.Error, Message = error };
            if (noMatch != null) return new LabelMatch { Outcome = MatchOutcome.NoMatch, Message = noMatch };
            if (unknown != null) return new LabelMatch { Outcome = MatchOutcome.Unknown, Message = unknown };
            return new LabelMatch { Outcome = MatchOutcome.Match, Message = "matched" };
        }
    }
}
