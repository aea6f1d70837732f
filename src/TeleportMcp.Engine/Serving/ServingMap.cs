using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Serving;

namespace TeleportMcp
{
    public enum ServingStatus
    {
        /// <summary>At least one agent serves the app (and, when heartbeats were given, every serving agent heartbeats it).</summary>
        Served,
        /// <summary>An agent's configuration serves the app, but the app_servers export has no heartbeat of it from that host.</summary>
        NoHeartbeat,
        /// <summary>No agent serves the app: it exists, yet tsh mcp ls does not list it (2:S8).</summary>
        NotServed,
        /// <summary>A discovered app that looks like an MCP server but was registered without an MCP URI (2:S10).</summary>
        RegisteredWithoutMcp,
        /// <summary>The module cannot tell offline; Message says why.</summary>
        Indeterminate,
        /// <summary>Hosts serve the app, but the target host policy of every one of them refuses its address (lib/srv/app/common/target_host_dialer.go).</summary>
        TargetHostDenied,
    }

    public enum ServingReason
    {
        /// <summary>Named in the host's app_service.apps (servicecfg/app.go).</summary>
        StaticEntry,
        /// <summary>The host's mcp_demo_server.</summary>
        DemoServer,
        /// <summary>Selected by one of the host's app_service.resources items (2:S3).</summary>
        Selector,
        /// <summary>Only an app_server heartbeat says so: no teleport.yaml of that host was given.</summary>
        HeartbeatOnly,
    }

    /// <summary>One host that serves an app, and why.</summary>
    public sealed class ServingHost
    {
        public string? Host { get; set; }
        public ServingReason Reason { get; set; }
        public string? Detail { get; set; }
        /// <summary>True or false when an app_servers export was given; null when heartbeats are unknown.</summary>
        public bool? Heartbeat { get; set; }
        /// <summary>What this host's app_service.allowed_hosts or denied_hosts does to the app's address (HTTP and SSE apps).</summary>
        public TargetHostDecision TargetHost { get; set; }
        /// <summary>Why, in words; null when the host sets no target host policy.</summary>
        public string? TargetHostDetail { get; set; }
        internal SourceLocation? Location { get; set; }
        public string? Source => Location?.ToString();

        public override string ToString() => Host + " (" + Detail + (Heartbeat == false ? ", no heartbeat" : "") +
            (TargetHost == TargetHostDecision.Denied ? ", its target host policy refuses the app's address" : "") + ")";
    }

    /// <summary>Which App Service hosts serve one app, and what is wrong with that.</summary>
    public sealed class AppServing
    {
        public string? App { get; set; }
        public string? Uri { get; set; }
        public McpTransport Transport { get; set; }
        public AppOrigin Origin { get; set; }
        public ServingStatus Status { get; set; }
        public List<ServingHost> Hosts { get; } = new List<ServingHost>();
        /// <summary>For an app nobody serves: the selector that comes closest, and the label that differs.</summary>
        public string? ClosestSelector { get; set; }
        public string? DifferingLabel { get; set; }
        public string? Message { get; set; }
        public string? Fix { get; set; }
        internal SourceLocation? Location { get; set; }
        public string? Source => Location?.ToString();

        public string?[] HostNames => Hosts.Select(h => h.Host).ToArray();
    }
}

namespace TeleportMcp.Engine.Serving
{
    /// <summary>
    /// Which App Service serves which MCP app: static entries (servicecfg/app.go), app_service.resources selectors
    /// (lib/services/matchers.go MatchResourceLabels), and the app_server heartbeats that prove it (2:S1-S11).
    /// </summary>
    public static class ServingMap
    {
        /// <summary>What was read, for the verbose stream: App Service hosts, app_server heartbeats and app definitions.</summary>
        public static string ReadSummary(IReadOnlyCollection<TeleportResource> resources)
        {
            int heartbeats = resources.OfType<App>().Count(a => a.Origin == AppOrigin.AppServer);
            return "Read " + resources.OfType<AppServiceAgent>().Count() + " App Service host(s), " + heartbeats + " app_server heartbeat(s) and " +
                   (resources.OfType<App>().Count() - heartbeats) + " app definition(s).";
        }

        public const string OriginLabel = "teleport.dev/origin";          // api/types/constants.go OriginLabel
        public const string OriginDiscoveryKubernetes = "discovery-kubernetes";
        public const string DiscoveryTypeLabel = "teleport.dev/discovery-type";

        /// <summary>
        /// Whether the resources say who serves apps at all: an App Service teleport.yaml or an app_servers export. Without
        /// either, every row would only say that who serves it is unknown.
        /// </summary>
        public static bool KnowsServing(IEnumerable<TeleportResource>? resources) =>
            (resources ?? Enumerable.Empty<TeleportResource>()).Any(r => r is AppServiceAgent || r is App a && a.Origin == AppOrigin.AppServer);

        /// <summary>
        /// Users cannot reach the app through any host: nobody serves it (2:S8), it was registered without an MCP URI
        /// (2:S10), or none of the hosts that should serve it heartbeats it. tsh looks an app up among the app_server
        /// heartbeats (lib/client/mcp.go getAppLocked), so 'tsh mcp connect' answers "no MCP servers found" (TMCP-LOG-020).
        /// </summary>
        public static bool Unreachable(AppServing row) =>
            row != null && (row.Status == ServingStatus.NotServed || row.Status == ServingStatus.RegisteredWithoutMcp || row.Status == ServingStatus.TargetHostDenied ||
                            (row.Status == ServingStatus.NoHeartbeat && !row.Hosts.Any(h => h.Heartbeat == true)));

        public static List<AppServing> Build(IEnumerable<TeleportResource> resources)
        {
            var agents = new List<AppServiceAgent>();
            var dynamicApps = new List<App>();
            var staticApps = new List<App>();
            var heartbeats = new List<App>();
            foreach (var r in resources ?? Enumerable.Empty<TeleportResource>())
            {
                switch (r)
                {
                    case AppServiceAgent a: agents.Add(a); break;
                    case App app when app.Origin == AppOrigin.AppServer: heartbeats.Add(app); break;
                    case App app when app.Origin == AppOrigin.TeleportYaml || app.Origin == AppOrigin.McpDemoServer: staticApps.Add(app); break;
                    case App app: dynamicApps.Add(app); break;
                }
            }

            bool haveHeartbeats = heartbeats.Count > 0;
            var heartbeatHosts = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var heartbeatApp = new Dictionary<string, App>(StringComparer.Ordinal);
            foreach (var hb in heartbeats)
            {
                if (!heartbeatHosts.TryGetValue(hb.Name ?? "", out var hosts)) heartbeatHosts[hb.Name ?? ""] = hosts = new HashSet<string>(StringComparer.Ordinal);
                if (!StringChecks.IsNullOrEmpty(hb.ServerHostName)) hosts.Add(hb.ServerHostName);
                if (!heartbeatApp.ContainsKey(hb.Name ?? "")) heartbeatApp[hb.Name ?? ""] = hb;
            }
            var configuredHosts = new HashSet<string>(agents.Select(a => a.HostName).OfType<string>(), StringComparer.Ordinal);

            var result = new List<AppServing>();
            var seen = new HashSet<string?>(StringComparer.Ordinal);
            var staticRows = new List<AppServing>();
            var staticByName = new Dictionary<string, AppServing>(StringComparer.Ordinal);

            // Static apps: one row per app name, with every host that lists it.
            foreach (var group in staticApps.Where(a => a.Transport != McpTransport.None).GroupBy(a => a.Name, StringComparer.Ordinal))
            {
                var first = group.First();
                var row = NewRow(first);
                foreach (var app in group)
                {
                    var agent = ListedBy(agents, app);
                    if (agent == null) continue;
                    if (!agent.Enabled)
                    {
                        row.Message = Append(row.Message, "host " + agent.HostName + " lists it, but its App Service is not enabled");
                        continue;
                    }
                    if (agent.StartupError != null)
                    {
                        row.Message = Append(row.Message, "host " + agent.HostName + " lists it, but " + NotStarted(agent));
                        continue;
                    }
                    row.Hosts.Add(WithTargetPolicy(new ServingHost
                    {
                        Host = agent.HostName,
                        Reason = app.Origin == AppOrigin.McpDemoServer ? ServingReason.DemoServer : ServingReason.StaticEntry,
                        Detail = app.Origin == AppOrigin.McpDemoServer ? "app_service.mcp_demo_server" : "static entry in app_service.apps",
                        Location = app.Location,
                    }, agent, app));
                }
                seen.Add(row.App);
                staticRows.Add(row);
                if (row.App != null) staticByName[row.App] = row;
                result.Add(row);
            }

            var dynamicSeen = new HashSet<string?>(StringComparer.Ordinal);
            foreach (var app in dynamicApps)
            {
                if (app.Transport == McpTransport.None)
                {
                    var discovered = LooksLikeDiscoveredMcp(app);
                    if (discovered != null) result.Add(discovered);
                    continue;
                }
                if (!dynamicSeen.Add(app.Name)) continue;
                if (app.Name != null && staticByName.TryGetValue(app.Name, out var staticRow))
                {
                    AddDynamicNamesake(staticRow, app, agents);
                    continue;
                }
                seen.Add(app.Name);
                var row = NewRow(app);
                var labels = StoredLabels(app);
                var unknown = new List<string>();
                foreach (var agent in agents)
                {
                    if (!agent.Enabled) continue;
                    var m = MatchResourceLabels(agent, labels);
                    if (agent.StartupError != null)
                    {
                        if (m.Outcome == MatchOutcome.Match) row.Message = Append(row.Message, "host " + agent.HostName + " selects it (" + m.Detail + "), but " + NotStarted(agent));
                        continue;
                    }
                    if (m.Outcome == MatchOutcome.Match)
                        row.Hosts.Add(WithTargetPolicy(new ServingHost { Host = agent.HostName, Reason = ServingReason.Selector, Detail = m.Detail, Location = m.Source }, agent, app));
                    else if (m.Outcome == MatchOutcome.Unknown)
                        unknown.Add(Output.OutputText.Labelled("host " + agent.HostName, m.Detail));
                    else if (m.Trap != null)
                        row.Message = Append(row.Message, m.Trap);
                }
                Finish(row, haveHeartbeats, heartbeatHosts, configuredHosts, agents, unknown.Count > 0 ? ListText.Join("; ", unknown) : null);
                if (row.Status == ServingStatus.NotServed)
                {
                    var unset = app.DynamicLabelMap.Keys.Where(k => !app.DynamicLabelResultMap.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
                    if (unset.Count > 0)
                        row.Message = Append(row.Message, "its dynamic label" + (unset.Count == 1 ? " " : "s ") + ListText.Join(", ", unset.Select(GoText.Quote)) +
                            " carr" + (unset.Count == 1 ? "ies" : "y") + " no stored result, and the App Service matches the app as stored, where " + (unset.Count == 1 ? "it is" : "they are") + " empty");
                    Closest(row, agents, labels);
                }
                result.Add(row);
            }

            foreach (var row in staticRows)
                Finish(row, haveHeartbeats, heartbeatHosts, configuredHosts, agents, null);
            foreach (var row in result)
                TargetPolicyVerdict(row);

            // Heartbeats of apps that no given file defines: the export still shows who serves them.
            foreach (var kv in heartbeatApp)
            {
                if (seen.Contains(kv.Key) || dynamicApps.Any(a => a.Name == kv.Key)) continue;
                if (kv.Value.Transport == McpTransport.None) continue;
                seen.Add(kv.Key);
                var row = NewRow(kv.Value);
                Finish(row, haveHeartbeats, heartbeatHosts, configuredHosts, agents, null);
                result.Add(row);
            }
            return result;
        }

        // lib/srv/app watcher.go: each agent matches dynamic apps against its own app_service.resources; its reconciler
        // keeps a static app over a dynamic one of the same name on that host only, so other hosts serve the dynamic one.
        private static void AddDynamicNamesake(AppServing row, App app, List<AppServiceAgent> agents)
        {
            var labels = StoredLabels(app);
            var hosts = new List<string?>();
            foreach (var agent in agents)
            {
                if (!agent.Serves || (app.Name != null && agent.StaticApps.Contains(app.Name))) continue;
                var m = MatchResourceLabels(agent, labels);
                if (m.Outcome == MatchOutcome.Match)
                {
                    hosts.Add(agent.HostName);
                    row.Hosts.Add(WithTargetPolicy(new ServingHost { Host = agent.HostName, Reason = ServingReason.Selector, Detail = m.Detail + ", the dynamic app of this name (" + GoText.Quote(app.Uri) + ")", Location = m.Source }, agent, app));
                }
                else if (m.Outcome == MatchOutcome.Unknown)
                    row.Message = Append(row.Message, "host " + agent.HostName + " may also serve the dynamic app of this name: " + m.Detail);
            }
            row.Message = Append(row.Message, "a static entry and a dynamic app share this name" +
                (hosts.Count == 0 ? "; no host without the static entry selects the dynamic app (a host keeps its own static app over it)"
                    : ": " + ListText.Join(", ", hosts) + " serve" + (hosts.Count == 1 ? "s" : "") + " the dynamic one (URI " + GoText.Quote(app.Uri) + "), the others the static one, and tsh connects to whichever app_server it picks"));
            if (hosts.Count > 0)
                row.Fix = Append(row.Fix, "Give the static entry or the dynamic app another name, so one name means one MCP server.");
        }

        // lib/srv/app watcher.go matcher: MatchResourceLabels(selectors, app.GetAllLabels()) on the app as stored; CombineLabels
        // gives a dynamic label its stored result, "" when there is none (the App Service runs the command for its heartbeat only).
        private static AppLabelSet StoredLabels(App app)
        {
            var results = new Dictionary<string, string>(app.DynamicLabelResultMap, StringComparer.Ordinal);
            foreach (var key in app.DynamicLabelMap.Keys)
                if (!results.ContainsKey(key)) results[key] = "";
            return new AppLabelSet(app.Name, app.LabelMap, app.DynamicLabelMap.Keys, results);
        }

        // lib/srv/app/common/target_host_dialer.go: the App Service checks each address it dials for an HTTP, SSE or TCP app;
        // a stdio server is a process it starts, which no policy checks.
        private static ServingHost WithTargetPolicy(ServingHost host, AppServiceAgent agent, App app)
        {
            if (agent.TargetPolicy == null || (app.Transport != McpTransport.Http && app.Transport != McpTransport.Sse)) return host;
            string? target = UriHost(app.Uri);
            if (target == null) return host;
            host.TargetHost = agent.TargetPolicy.Decide(target, out var detail);
            host.TargetHostDetail = "host " + agent.HostName + ": " + detail;
            return host;
        }

        /// <summary>The host of an app URI as Go's url.Parse gives it (no brackets, no port, a %25 zone unescaped); null when there is none.</summary>
        internal static string? UriHost(string? uri)
        {
            if (uri == null) return null;
            int start = uri.IndexOf("://", StringComparison.Ordinal);
            if (start < 0) return null;
            start += 3;
            int end = uri.IndexOfAny(new[] { '/', '?', '#' }, start);
            string authority = end < 0 ? uri.Substring(start) : uri.Substring(start, end - start);
            int at = authority.LastIndexOf('@');
            if (at >= 0) authority = authority.Substring(at + 1);
            string host;
            if (authority.StartsWith("[", StringComparison.Ordinal))
            {
                int close = authority.IndexOf(']');
                if (close < 0) return null;
                host = authority.Substring(1, close - 1).Replace("%25", "%");
            }
            else
            {
                int colon = authority.LastIndexOf(':');
                host = colon < 0 ? authority : authority.Substring(0, colon);
            }
            return host.Length == 0 ? null : host;
        }

        // Every host that can take a connection refuses the address: each request fails with "application target host ... is
        // not permitted by app_service target host policy" (TMCP-LOG-149) and a dial denied audit event. Some: Teleport picks
        // an agent at random for each connection (2:S11), so the app fails only some of the time.
        private static void TargetPolicyVerdict(AppServing row)
        {
            var policy = TargetPolicyHosts.Of(row);
            var denied = policy.Denied;
            var unknown = policy.Unknown;
            if (denied.Count > 0)
            {
                bool all = denied.Count == policy.Live.Count;
                if (all && (row.Status == ServingStatus.Served || row.Status == ServingStatus.NoHeartbeat)) row.Status = ServingStatus.TargetHostDenied;
                // When nobody can reach it, that is what the row says first.
                string said = (all ? "every host that serves it refuses its address" : ListText.Join(", ", denied.Select(h => h.Host)) + " of the hosts that serve it refuse" + (denied.Count == 1 ? "s" : "") + " its address") +
                    " with its target host policy (" + ListText.Join("; ", denied.Select(h => h.TargetHostDetail)) + "), so " +
                    (all ? "every request fails" : "requests routed there fail, and Teleport picks an agent at random for each connection") +
                    " with \"application target host ... is not permitted by app_service target host policy\" and an app.session.target.dial.denied audit event";
                row.Message = all ? Append(said, row.Message) : Append(row.Message, said);
                row.Fix = Append(row.Fix, "Add the app's address to app_service.allowed_hosts (or take it out of denied_hosts) in the teleport.yaml of " +
                    ListText.Join(", ", denied.Select(h => h.Host)) + " and restart Teleport there, or point the app's URI at an address the policy permits.");
            }
            if (unknown.Count > 0)
                row.Message = Append(row.Message, "whether the target host policy lets it through cannot be told from the files (" + ListText.Join("; ", unknown.Select(h => h.TargetHostDetail)) +
                    "); run 'getent ahosts " + UriHost(row.Uri) + "' on " + (unknown.Count == 1 ? "that host" : "those hosts") + " to see the addresses");
        }

        /// <summary>
        /// The hosts of a row that can take a connection (no missing heartbeat), by what their target host policy does to the
        /// app's address: the one partition the row's verdict, its diagnosis finding and Test-TeleportMcpApp's check read.
        /// </summary>
        internal sealed class TargetPolicyHosts
        {
            private TargetPolicyHosts(List<ServingHost> live)
            {
                Live = live;
                Restricted = live.Where(h => h.TargetHost != TargetHostDecision.NotRestricted).ToList();
                Denied = live.Where(h => h.TargetHost == TargetHostDecision.Denied).ToList();
                Unknown = live.Where(h => h.TargetHost == TargetHostDecision.DependsOnResolution).ToList();
            }

            public List<ServingHost> Live { get; }

            /// <summary>Those whose policy decided something (a host without one, or without a teleport.yaml, is left out).</summary>
            public List<ServingHost> Restricted { get; }

            public List<ServingHost> Denied { get; }

            public List<ServingHost> Unknown { get; }

            public static TargetPolicyHosts Of(AppServing row) => new TargetPolicyHosts(row.Hosts.Where(h => h.Heartbeat != false).ToList());
        }

        /// <summary>The App Service host whose teleport.yaml (the file the app was read from) lists it as a static entry or its demo server; null for any other app.</summary>
        internal static AppServiceAgent? ListedBy(IEnumerable<AppServiceAgent> agents, App app) =>
            app.Name == null ? null : agents.FirstOrDefault(a => a.Location?.Path == app.Location?.Path && a.StaticApps.Contains(app.Name));

        /// <summary>
        /// Why no App Service serves the definition whose copies are <paramref name="copies"/>: each is an entry of a teleport.yaml
        /// Teleport does not start the App Service with (the InvalidResource error the reader reported), and no agent heartbeats
        /// it. Null when a copy is an app resource or a heartbeat, or comes from a host that starts or whose file was not read.
        /// </summary>
        public static string? NotStartedReason(IEnumerable<App> copies, IEnumerable<AppServiceAgent> agents)
        {
            if (copies == null) throw new ArgumentNullException(nameof(copies));
            if (agents == null) throw new ArgumentNullException(nameof(agents));
            var known = agents.ToList();
            var hosts = new List<AppServiceAgent>();
            foreach (var copy in copies)
            {
                // An app resource or a heartbeat may be served by another App Service: the serving map's question, not this one's.
                if (copy.Origin != AppOrigin.TeleportYaml && copy.Origin != AppOrigin.McpDemoServer) return null;
                var agent = ListedBy(known, copy);
                if (agent == null || agent.StartupError == null) return null;
                if (!hosts.Contains(agent)) hosts.Add(agent);
            }
            return hosts.Count == 0 ? null : ListText.Join("; ", hosts.Select(a => "host " + a.HostName + ": " + NotStarted(a)));
        }

        private static string NotStarted(AppServiceAgent agent) =>
            "Teleport does not start the App Service with that host's teleport.yaml: " + agent.StartupError + (agent.StartupErrorLocation != null ? " (" + agent.StartupErrorLocation + ")" : "");

        private static AppServing NewRow(App app) => new AppServing
        {
            App = app.Name,
            Uri = app.Uri,
            Transport = app.Transport,
            Origin = app.Origin,
            Location = app.Location,
        };

        private static void Finish(AppServing row, bool haveHeartbeats, Dictionary<string, HashSet<string>> heartbeatHosts,
            HashSet<string> configuredHosts, List<AppServiceAgent> agents, string? unknown)
        {
            heartbeatHosts.TryGetValue(row.App ?? "", out var hbHosts);
            if (haveHeartbeats)
            {
                foreach (var h in row.Hosts) h.Heartbeat = hbHosts != null && h.Host != null && hbHosts.Contains(h.Host);
                if (hbHosts != null)
                    foreach (var host in hbHosts.Where(x => !row.Hosts.Any(h => h.Host == x)).OrderBy(x => x, StringComparer.Ordinal))
                        row.Hosts.Add(new ServingHost
                        {
                            Host = host,
                            Reason = ServingReason.HeartbeatOnly,
                            Detail = configuredHosts.Contains(host) ? "app_server heartbeat, although this host's teleport.yaml given here does not select the app (the file may be older than the running agent)" : "app_server heartbeat (no teleport.yaml of this host was given)",
                            Heartbeat = true,
                        });
            }

            var configured = row.Hosts.Where(h => h.Reason != ServingReason.HeartbeatOnly).ToList();
            var missing = configured.Where(h => h.Heartbeat == false).ToList();
            if (row.Hosts.Count == 0)
            {
                if (unknown != null)
                {
                    row.Status = ServingStatus.Indeterminate;
                    row.Message = Append(row.Message, "whether an agent selects it depends on what the module cannot decide offline: " + unknown);
                    return;
                }
                if (agents.Count == 0 && !haveHeartbeats)
                {
                    row.Status = ServingStatus.Indeterminate;
                    row.Message = Append(row.Message, "no teleport.yaml of an App Service host and no app_servers export were given, so who serves it is unknown");
                    row.Fix = "Pass every App Service host's teleport.yaml (one per host) and the output of 'tctl get app_servers'.";
                    return;
                }
                row.Status = ServingStatus.NotServed;
                row.Message = Append(row.Message, "no App Service agent serves it: " +
                    (agents.Count == 0 ? "the app_servers export has no heartbeat of it" : "no running App Service lists it in app_service.apps or selects it with app_service.resources") +
                    ", so it is missing from tsh mcp ls and 'tsh mcp connect " + row.App + "' fails as if access were denied");
                row.Fix = "Add a selector that matches the app's labels to app_service.resources of the host that should serve it (or label the app to match an existing selector), then restart that agent.";
                return;
            }
            if (missing.Count > 0)
            {
                row.Status = ServingStatus.NoHeartbeat;
                bool none = missing.Count == configured.Count && row.Hosts.All(h => h.Heartbeat != true);
                row.Message = Append(row.Message, (none ? "no host heartbeats it" : missing.Count + " of " + configured.Count + " configured hosts do not heartbeat it") +
                    ": " + ListText.Join(", ", missing.Select(h => h.Host)) + " should serve it (" + ListText.Join("; ", missing.Select(h => h.Detail)) + "), but 'tctl get app_servers' has no app_server of it from " + (missing.Count == 1 ? "that host" : "those hosts"));
                row.Fix = "Check that the App Service runs on " + ListText.Join(", ", missing.Select(h => h.Host)) + " with this teleport.yaml (journalctl -u teleport), and that the app registered without error.";
                return;
            }
            row.Status = ServingStatus.Served;
            if (unknown != null) row.Message = Append(row.Message, "other hosts may also serve it: " + unknown);
            row.Message = Append(row.Message, "served by " + ListText.Join(", ", row.Hosts.Select(h => h.ToString())));
        }

        internal struct ResourceMatch
        {
            public MatchOutcome Outcome;
            public string? Detail;
            public string? Trap;
            public SourceLocation? Source;
        }

        /// <summary>MatchResourceLabels (lib/services/matchers.go): items ORed; an item without labels ends the check with false (2:S4); a matching error is false.</summary>
        internal static ResourceMatch MatchResourceLabels(AppServiceAgent agent, AppLabelSet labels)
        {
            string? unknown = null;
            foreach (var item in agent.ResourceSelectors)
            {
                if (item.Labels.Count == 0)
                {
                    string? trap = null;
                    int later = agent.ResourceSelectors.FindIndex(r => r.Index > item.Index && r.Labels.Count > 0 && LabelMatcher.Match(Resolve(r.Labels), labels).Outcome == MatchOutcome.Match);
                    if (later >= 0)
                        trap = Output.OutputText.Labelled("host " + agent.HostName, agent.ResourceSelectors[later] + " would select it, but resources[" + item.Index + "] has no labels and Teleport stops at such an item with no match (2:S4)");
                    if (unknown != null) return new ResourceMatch { Outcome = MatchOutcome.Unknown, Detail = unknown, Trap = trap };
                    return new ResourceMatch { Outcome = MatchOutcome.NoMatch, Detail = "resources[" + item.Index + "] has no labels", Trap = trap };
                }
                var m = LabelMatcher.Match(Resolve(item.Labels), labels);
                switch (m.Outcome)
                {
                    case MatchOutcome.Match:
                        if (unknown != null) return new ResourceMatch { Outcome = MatchOutcome.Unknown, Detail = unknown };
                        return new ResourceMatch { Outcome = MatchOutcome.Match, Detail = "app_service.resources[" + item.Index + "] labels " + item.Labels, Source = item.Source };
                    case MatchOutcome.Error:
                        // Teleport logs "Failed to match labels" and answers false for the whole check.
                        if (unknown != null) return new ResourceMatch { Outcome = MatchOutcome.Unknown, Detail = unknown };
                        return new ResourceMatch { Outcome = MatchOutcome.NoMatch, Detail = "resources[" + item.Index + "]: " + m.Message + " (Teleport logs 'Failed to match labels' and stops)" };
                    case MatchOutcome.Unknown:
                        unknown = unknown ?? "resources[" + item.Index + "]: " + m.Message;
                        break;
                }
            }
            if (unknown != null) return new ResourceMatch { Outcome = MatchOutcome.Unknown, Detail = unknown };
            return new ResourceMatch { Outcome = MatchOutcome.NoMatch, Detail = agent.ResourceSelectors.Count == 0 ? "no app_service.resources" : "no selector matches" };
        }

        internal static ResolvedSelector Resolve(LabelSelector s)
        {
            var rs = new ResolvedSelector();
            foreach (var e in s.Entries)
                rs.Entries.Add(new KeyValuePair<string, List<TeleportPattern>>(e.Key, e.Value.Select(TeleportPattern.Get).ToList()));
            return rs;
        }

        private static void Closest(AppServing row, List<AppServiceAgent> agents, AppLabelSet labels)
        {
            int best = int.MaxValue;
            foreach (var agent in agents)
            {
                if (!agent.Serves) continue;
                foreach (var item in agent.ResourceSelectors)
                {
                    if (item.Labels.Count == 0) continue;
                    var differing = new List<string>();
                    foreach (var e in item.Labels.Entries)
                    {
                        var one = new LabelSelector();
                        one.Add(e.Key, e.Value);
                        var m = LabelMatcher.Match(Resolve(one), labels);
                        if (m.Outcome == MatchOutcome.Match) continue;
                        differing.Add(labels.Static.TryGetValue(e.Key, out var have)
                            ? Output.OutputText.Labelled(e.Key, "the app has " + GoText.Quote(have) + ", the selector wants " + (e.Value.Count == 1 ? GoText.Quote(e.Value[0]) : "one of [" + ListText.Join(", ", e.Value.Select(GoText.Quote)) + "]"))
                            : Output.OutputText.Labelled(e.Key, "the app has no such label, the selector wants " + (e.Value.Count == 1 ? GoText.Quote(e.Value[0]) : "one of [" + ListText.Join(", ", e.Value.Select(GoText.Quote)) + "]")));
                    }
                    if (differing.Count > 0 && differing.Count < best)
                    {
                        best = differing.Count;
                        row.ClosestSelector = "host " + agent.HostName + " app_service.resources[" + item.Index + "] labels " + item.Labels;
                        row.DifferingLabel = ListText.Join("; ", differing);
                    }
                }
            }
            if (row.ClosestSelector != null)
                row.Message = Append(row.Message, "closest: " + row.ClosestSelector + " (" + row.DifferingLabel + ")");
        }

        // 2:S10: Kubernetes discovery registered MCP Services as plain web apps until PR #68442.
        private static AppServing? LooksLikeDiscoveredMcp(App app)
        {
            bool discovered = (app.LabelMap.TryGetValue(OriginLabel, out var origin) && origin == OriginDiscoveryKubernetes) || app.LabelMap.ContainsKey(DiscoveryTypeLabel);
            if (!discovered) return null;
            var hints = new List<string>();
            if (ContainsMcp(app.Name)) hints.Add("its name " + GoText.Quote(app.Name));
            if (Uri.TryCreate(app.Uri ?? "", UriKind.Absolute, out var uri))
            {
                var segments = uri.AbsolutePath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
                if (segments.Any(s => s.Equals("mcp", StringComparison.OrdinalIgnoreCase) || s.Equals("sse", StringComparison.OrdinalIgnoreCase)))
                    hints.Add("its URI path " + GoText.Quote(uri.AbsolutePath));
            }
            foreach (var kv in app.LabelMap)
                if (kv.Key != OriginLabel && (ContainsMcp(kv.Key) || ContainsMcp(kv.Value))) hints.Add("its label " + kv.Key + "=" + kv.Value);
            if (hints.Count == 0) return null;
            return new AppServing
            {
                App = app.Name,
                Uri = app.Uri,
                Transport = McpTransport.None,
                Origin = app.Origin,
                Location = app.Location,
                Status = ServingStatus.RegisteredWithoutMcp,
                Message = "Kubernetes discovery registered it as a plain web app (URI " + GoText.Quote(app.Uri) + "), although " + ListText.Join(", ", hints) +
                    " suggest an MCP server: it never appears in tsh mcp ls and 'tsh mcp connect " + app.Name + "' finds nothing (2:S9, 2:S10)",
                Fix = "Annotate the Kubernetes Service with teleport.dev/protocol: mcp+http (or mcp+sse+http) on a Teleport release that includes PR #68442 (older discovery ignores MCP values), or create the app yourself with an mcp+http:// URI.",
            };
        }

        private static bool ContainsMcp(string? s) => s != null && s.IndexOf("mcp", StringComparison.OrdinalIgnoreCase) >= 0;

        private static string? Append(string? a, string? b) => string.IsNullOrEmpty(a) ? b : a + "; " + b;
    }
}
