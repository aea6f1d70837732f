using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Diagnosis
{
    public sealed class DiagnosisOptions
    {
        /// <summary>Resource files of the cluster (an export, teleport.yaml); null when none was given.</summary>
        public IList<string> ClusterFiles { get; set; }

        /// <summary>Log files; null when none was given.</summary>
        public IList<string> LogFiles { get; set; }

        /// <summary>The users to diagnose; null = every user of the cluster files.</summary>
        public IList<string> Users { get; set; }

        /// <summary>The apps to diagnose; null = every MCP app of the cluster files.</summary>
        public IList<string> Apps { get; set; }

        /// <summary>Tool names to decide; null = the probed tools, else a summary per user and app.</summary>
        public IList<string> Tools { get; set; }

        public bool Launch { get; set; }
        public int TimeoutSec { get; set; } = 30;
        public IDictionary<string, string> Environment { get; set; }

        public bool SkipClient { get; set; }

        /// <summary>Client configuration files instead of this computer's; null = discover them.</summary>
        public IList<string> ClientConfigFiles { get; set; }
        public string ProjectDirectory { get; set; }
        public string TshPath { get; set; }

        /// <summary>The client checks' seam (tests replace it); null = this machine.</summary>
        public Action<ClientCheckOptions> ConfigureClientChecks { get; set; }

        /// <summary>The lowest status that counts as failing (-FailOn): Fail, or Warn.</summary>
        public DiagnosisStatus FailOn { get; set; } = DiagnosisStatus.Fail;

        public Action<string, int> Progress { get; set; } = (_, __) => { };
        public Action<string> Warning { get; set; } = _ => { };
        public Action<string> Verbose { get; set; } = _ => { };

        /// <summary>Input that could not be used (a broken document, an unreadable log, a name that is not there).</summary>
        public Action<TeleportInputException> Error { get; set; } = _ => { };
    }

    public sealed class DiagnosisResult
    {
        /// <summary>Most likely root cause first.</summary>
        public List<TeleportMcp.Diagnosis> Findings { get; } = new List<TeleportMcp.Diagnosis>();
        public DiagnosisContext Context { get; } = new DiagnosisContext();
        public DiagnosisStatus FailOn { get; internal set; }

        /// <summary>The findings at or above the -FailOn threshold.</summary>
        public List<TeleportMcp.Diagnosis> Failing => Findings.Where(f => f.Status <= FailOn).ToList();

        /// <summary>True only when something was examined and nothing is at or above the threshold (-Quiet).</summary>
        public bool Passed => Context.Inputs.Count > 0 && Failing.Count == 0;
    }

    /// <summary>
    /// Invoke-TeleportMcpDiagnosis as one use case: selects users and apps, runs every check that applies to what was
    /// given (client configurations and the tsh session, app definitions and the probe, role decisions and lint, logs),
    /// links log lines as evidence, and ranks the findings.
    /// </summary>
    public static class DiagnosisRunner
    {
        public static DiagnosisResult Run(DiagnosisOptions options, CancellationToken cancel)
        {
            var result = new DiagnosisResult { FailOn = options.FailOn };
            var items = new List<TeleportMcp.Diagnosis>();
            var cluster = ReadCluster(options, result.Context);
            var users = Select(options.Users, cluster.Users, "user", cluster, options);
            var apps = Select(options.Apps, cluster.DistinctApps().Where(a => a.IsMcp || options.Apps != null).ToList(), "app", cluster, options);

            options.Progress("Checking MCP client configurations and the tsh session", 10);
            CheckClients(options, items, result.Context, apps, users, cluster.Apps.Count > 0);

            options.Progress("Checking MCP server definitions" + (options.Launch ? " and probing them" : ""), 30);
            var probedTools = CheckApps(options, items, result.Context, apps, cancel);

            options.Progress("Replaying Teleport's MCP access decisions", 60);
            CheckRoles(options, items, result.Context, cluster, users, apps, probedTools);

            options.Progress("Scanning logs", 80);
            ScanLogs(options, items, result.Context, cancel);

            result.Findings.AddRange(DiagnosisRanker.Rank(items));
            return result;
        }

        private static ClusterInput ReadCluster(DiagnosisOptions options, DiagnosisContext context)
        {
            var cluster = new ClusterInput
            {
                Warning = options.Warning,
                Verbose = options.Verbose,
                Error = d => options.Error(new TeleportInputException(d.Code, d.Message, d.Location) { LineText = d.LineText }),
            };
            if (options.ClusterFiles == null)
            {
                context.Skipped.Add("roles, users and apps: no -ClusterPath (export them with tctl get roles,users,app_servers, or give teleport.yaml)");
                return cluster;
            }
            options.Progress("Reading the cluster export", 0);
            cluster.ReadFiles(options.ClusterFiles);
            context.Inputs.Add(options.ClusterFiles.Count + " resource file(s): " + cluster.Roles.Count + " role(s), " + cluster.Users.Count + " user(s), " +
                               cluster.DistinctApps().Count + " app(s)");
            return cluster;
        }

        /// <summary>The named resources, or all of them; a name that is not there is an error naming what and where.</summary>
        private static List<T> Select<T>(IList<string> names, List<T> all, string kind, ClusterInput cluster, DiagnosisOptions options) where T : TeleportResource
        {
            if (names == null) return all;
            var result = new List<T>();
            foreach (var name in names)
            {
                var found = all.FirstOrDefault(x => x.Name == name);
                if (found != null)
                {
                    result.Add(found);
                    continue;
                }
                options.Error(new TeleportNotFoundException(kind == "user" ? "UserNotFound" : "AppNotFound",
                    cluster.NotFoundMessage(kind, name, all.Select(x => x.Name)) + " Its checks are skipped.", name));
            }
            return result;
        }

        private static void CheckClients(DiagnosisOptions options, List<TeleportMcp.Diagnosis> items, DiagnosisContext context, List<App> apps, List<User> users, bool haveApps)
        {
            if (options.SkipClient)
            {
                context.Skipped.Add("MCP client configurations and the tsh session (-SkipClient)");
                return;
            }
            var clientOptions = new ClientCheckOptions
            {
                Paths = options.ClientConfigFiles,
                ProjectDirectory = options.ProjectDirectory,
                Apps = haveApps ? apps : null,
                Users = users.Count > 0 ? users : null,
                TshPath = options.TshPath,
                TshTimeout = TimeSpan.FromSeconds(Math.Min(options.TimeoutSec, 20)),
                // tsh mcp ls contacts the proxy: the diagnosis asks the network for nothing the admin did not ask for.
                ListAppsLive = false,
                Log = options.Verbose,
            };
            options.ConfigureClientChecks?.Invoke(clientOptions);
            string user = users.Count == 1 ? users[0].Name : null;
            int before = items.Count;
            items.AddRange(ClientDiagnosis.ToDiagnosisItems(ClientChecker.Run(clientOptions), user));
            context.Inputs.Add((options.ClientConfigFiles == null ? "the MCP client configurations of this computer" : options.ClientConfigFiles.Count + " MCP client configuration file(s)") +
                               " and the tsh session: " + (items.Count - before) + " finding(s)");
        }

        /// <summary>Static checks for every selected MCP app, and the live probe with Launch; returns the probed tool names per app.</summary>
        private static Dictionary<string, string[]> CheckApps(DiagnosisOptions options, List<TeleportMcp.Diagnosis> items, DiagnosisContext context, List<App> apps, CancellationToken cancel)
        {
            var tools = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (apps.Count == 0)
            {
                context.Skipped.Add("MCP server definitions: no MCP app in the cluster export or teleport.yaml");
                return tools;
            }
            foreach (var app in apps)
            {
                if (cancel.IsCancellationRequested) break;
                // Without Launch the diagnosis stays off the network: no TCP connect to remote MCP servers either.
                var outcome = AppTest.Run(app, new AppTestOptions { Environment = options.Environment, Launch = options.Launch, TimeoutSec = options.TimeoutSec, CheckReachable = options.Launch }, cancel);
                items.AddRange(DiagnosisRules.FromAppChecks(app, outcome.Checks));
                if (outcome.Probe == null) continue;
                items.AddRange(DiagnosisRules.FromProbe(outcome.Probe));
                if (outcome.Probe.Tool.Length > 0) tools[app.Name] = outcome.Probe.Tool;
            }
            context.Inputs.Add(apps.Count + " MCP server definition(s), checked against this host" + (options.Launch ? ", and launched" : " (not launched: add -Launch to probe them)"));
            return tools;
        }

        private static void CheckRoles(DiagnosisOptions options, List<TeleportMcp.Diagnosis> items, DiagnosisContext context, ClusterInput cluster, List<User> users, List<App> apps,
            Dictionary<string, string[]> probedTools)
        {
            var roles = cluster.Roles;
            if (roles.Count == 0 || users.Count == 0 || apps.Count == 0)
            {
                context.Skipped.Add("role decisions: they need roles, users and MCP apps from -ClusterPath");
                if (roles.Count > 0) items.AddRange(DiagnosisRules.FromLint(RoleLinter.Lint(roles, cluster.Users)));
                return;
            }
            var session = new McpAccessSession(roles);
            foreach (var u in users)
                foreach (var missing in session.Prepare(u))
                    options.Warning("user " + u.Name + " names role " + missing + ", which is not in the cluster export; the decisions ignore it.");
            foreach (var u in users)
            {
                var summaries = new List<KeyValuePair<McpAccessSummary, App>>();
                foreach (var a in apps)
                {
                    var tools = options.Tools ?? (probedTools.TryGetValue(a.Name, out var t) ? t : null);
                    if (tools == null) summaries.Add(new KeyValuePair<McpAccessSummary, App>(session.Summarize(u, a), a));
                    else items.AddRange(DiagnosisRules.FromDecisions(tools.Select(tool => session.Decide(u, a, tool)).ToList()));
                }
                if (summaries.Count > 0) items.AddRange(DiagnosisRules.FromSummaries(u.Name, summaries));
            }
            items.AddRange(DiagnosisRules.FromLint(RoleLinter.Lint(roles, cluster.Users)));
            context.Inputs.Add("Teleport's MCP decisions for " + users.Count + " user(s) on " + apps.Count + " MCP server(s)" +
                               (options.Tools != null ? " and " + options.Tools.Count + " tool(s)" : probedTools.Count > 0 ? " and the probed tools" : ""));
        }

        private static void ScanLogs(DiagnosisOptions options, List<TeleportMcp.Diagnosis> items, DiagnosisContext context, CancellationToken cancel)
        {
            if (options.LogFiles == null)
            {
                context.Skipped.Add("logs: no -LogPath (App Service log, MCP client logs, tsh output)");
                return;
            }
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            int findings = 0;
            long lines = LogFiles.Scan(catalog, options.LogFiles, f =>
            {
                // With Apps or Users, lines that name another app or user are not about this problem.
                if (options.Apps != null && f.App != null && !options.Apps.Any(a => ClientEntryName.Names(f.App, a))) return;
                if (options.Users != null && f.User != null && !options.Users.Contains(f.User)) return;
                findings++;
                items.Add(DiagnosisRules.FromLogFinding(f));
            }, failure => options.Error(failure.ToInputException()), cancel);
            context.Inputs.Add(options.LogFiles.Count + " log file(s), " + lines + " line(s): " + findings + " known failure(s)");
        }
    }
}
