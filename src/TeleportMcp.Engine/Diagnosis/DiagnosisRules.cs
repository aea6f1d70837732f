using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Diagnosis
{
    /// <summary>
    /// Turns the results of every check (client checks, app checks, the probe, role decisions, role lint, log
    /// findings) into diagnosis findings, each with its evidence, fix and the words that let a log line prove it.
    /// </summary>
    public static class DiagnosisRules
    {
        // ---- roles --------------------------------------------------------------------------------------------

        /// <summary>
        /// One user on every selected server, without tool names: servers it cannot reach, servers where it gets no
        /// tools (one finding when the reason is the same everywhere), and the tools its roles deny everywhere.
        /// </summary>
        public static IEnumerable<TeleportMcp.Diagnosis> FromSummaries(string? user, IList<KeyValuePair<McpAccessSummary, App>> summaries)
        {
            foreach (var pair in summaries.Where(p => !p.Key.AppAccessible))
            {
                var s = pair.Key;
                yield return RoleItem(DiagnosisStatus.Fail, "AppNotAccessible", user, s.App, user + " cannot connect to MCP server " + s.App, s.Reason,
                    "Give " + user + " a role whose allow.app_labels select " + s.App + " (its labels: " + Labels(pair.Value) + "), and check that no deny.app_labels of the user's roles select it.");
            }
            var reachable = summaries.Where(p => p.Key.AppAccessible).Select(p => p.Key).ToList();
            foreach (var group in reachable.Where(s => s.Scope == ToolScope.None).GroupBy(s => s.Reason))
            {
                var apps = group.Select(s => s.App).ToList();
                var item = RoleItem(DiagnosisStatus.Fail, "NoToolsGranted", user, apps.Count == 1 ? apps[0] : null,
                    user + " gets no tools on " + (apps.Count == 1 ? apps[0] : apps.Count + " MCP servers: " + ListText.Join(", ", apps)), group.Key,
                    GrantFix(user, group.First().DroppedEntries, null, apps.Count == 1 ? apps[0] : "those servers"));
                AddDropped(item, group.First().DroppedEntries);
                yield return item;
            }
            foreach (var s in reachable.Where(s => s.Scope == ToolScope.Indeterminate))
                yield return RoleItem(DiagnosisStatus.Warn, "RoleIndeterminate", user, s.App, "Cannot tell offline which tools " + user + " gets on " + s.App, s.Reason, null);

            // deny.mcp.tools applies on every MCP server (T2): say it once per user, where a denied call in a log can attach.
            var granted = reachable.Where(s => s.Scope == ToolScope.All || s.Scope == ToolScope.Limited).ToList();
            var denied = granted.SelectMany(s => s.DeniedTools).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (denied.Count > 0)
            {
                var by = granted.SelectMany(s => s.Deny).Select(e => e.Role).Distinct().ToList();
                var item = RoleItem(DiagnosisStatus.Warn, "ToolsDenied", user, granted.Count == 1 ? granted[0].App : null,
                    user + "'s roles deny " + ListText.Join(", ", denied) + " on every MCP server", null,
                    "If the deny is not intended, remove the entries from deny.mcp.tools of " + ListText.Join(", ", by) +
                    ": a deny.mcp.tools entry applies on every MCP server of every user who has the role.");
                item.Evidence.Add(Output.OutputText.Labelled("deny.mcp.tools of " + ListText.Join(", ", by), ListText.Join(", ", denied)));
                // The entries Teleport matches (internal, never written): a masked entry's shown form is no tool a log names.
                item.CorrelationTokens.AddRange(granted.SelectMany(s => s.Deny).Select(e => e.RealEffective).OfType<string>().Distinct(StringComparer.Ordinal));
                yield return item;
            }
        }

        /// <summary>Per (user, app) with tool names: tools not granted, denied, or undecidable, grouped into one finding each.</summary>
        public static IEnumerable<TeleportMcp.Diagnosis> FromDecisions(IEnumerable<ToolAccess> decisions)
        {
            foreach (var group in decisions.GroupBy(d => (d.User, d.App)))
            {
                var list = group.ToList();
                string? user = group.Key.User, app = group.Key.App;
                var unreachable = list.FirstOrDefault(d => d.Decision == AccessDecision.AppNotAccessible);
                if (unreachable != null)
                {
                    yield return RoleItem(DiagnosisStatus.Fail, "AppNotAccessible", user, app, user + " cannot connect to MCP server " + app, unreachable.Reason,
                        "Give " + user + " a role whose allow.app_labels select " + app + ".");
                    continue;
                }
                var notGranted = list.Where(d => d.Decision == AccessDecision.NotGranted).ToList();
                if (notGranted.Count > 0)
                {
                    // Tool names as the server listed them: in texts each stays on its line; a log line names the real one.
                    var names = notGranted.Select(d => d.Tool).OfType<string>().ToList();
                    var tools = names.Select(t => Output.OutputText.SafeName(t)).ToList();
                    var item = RoleItem(DiagnosisStatus.Fail, "ToolsNotGranted", user, app,
                        Output.OutputText.Labelled(user + " is not granted " + Count(tools.Count, "tool") + " on " + app, ListText.Join(", ", tools)), notGranted[0].Reason,
                        GrantFix(user, notGranted[0].DroppedEntries, tools, app));
                    AddDropped(item, notGranted[0].DroppedEntries);
                    foreach (var d in notGranted.Skip(1).Where(d => d.Reason != notGranted[0].Reason)) item.Evidence.Add(Output.OutputText.Labelled(Output.OutputText.SafeName(d.Tool), d.Reason));
                    item.CorrelationTokens.AddRange(names);
                    yield return item;
                }
                var denied = list.Where(d => d.Decision == AccessDecision.Denied).ToList();
                if (denied.Count > 0)
                {
                    var names = denied.Select(d => d.Tool).OfType<string>().ToList();
                    var tools = names.Select(t => Output.OutputText.SafeName(t)).ToList();
                    var by = denied.SelectMany(d => d.DeniedBy).Select(e => e.Role + " (" + e.Effective + ")").Distinct().ToList();
                    var item = RoleItem(DiagnosisStatus.Warn, "ToolsDenied", user, app,
                        Output.OutputText.Labelled(user + " is denied " + Count(tools.Count, "tool") + " on " + app, ListText.Join(", ", tools)), denied[0].Reason,
                        "If the deny is not intended, remove the entries from deny.mcp.tools of " + ListText.Join(", ", by) +
                        ": a deny.mcp.tools entry applies on every MCP server of every user who has the role.");
                    foreach (var e in denied.SelectMany(d => d.DeniedBy).Select(e => "denied by " + e).Distinct()) item.Evidence.Add(e);
                    item.CorrelationTokens.AddRange(names);
                    yield return item;
                }
                foreach (var d in list.Where(d => d.Decision == AccessDecision.Error || d.Decision == AccessDecision.Indeterminate))
                {
                    bool error = d.Decision == AccessDecision.Error;
                    yield return RoleItem(error ? DiagnosisStatus.Fail : DiagnosisStatus.Warn, error ? "RoleCheckError" : "RoleIndeterminate", user, app,
                        (error ? "Teleport's access check fails for " + user + " calling " + Output.OutputText.SafeName(d.Tool) : "Cannot tell offline whether " + user + " may call " + Output.OutputText.SafeName(d.Tool)) + " on " + app,
                        d.Reason, error ? "Fix the role entry named in the reason (Test-TeleportMcpRole -Lint shows it)." : null);
                }
            }
        }

        public static IEnumerable<TeleportMcp.Diagnosis> FromLint(IEnumerable<RoleLintFinding> findings)
        {
            foreach (var f in findings.Where(f => f.Severity == Severity.Error || f.Severity == Severity.Warning))
            {
                var item = RoleItem(f.Severity == Severity.Error ? DiagnosisStatus.Fail : DiagnosisStatus.Warn, f.Id, null, null,
                    Output.OutputText.Labelled("Role " + f.Role, f.Message), f.Entry == null ? null : f.Field + " entry '" + f.Entry + "'", f.Fix);
                item.Source = f.Source;
                yield return item;
            }
        }

        private static TeleportMcp.Diagnosis RoleItem(DiagnosisStatus status, string? check, string? user, string? app, string title, string? detail, string? fix) =>
            new TeleportMcp.Diagnosis { Area = DiagnosisArea.Role, Status = status, Check = check, User = user, App = app, Title = title, Detail = detail, Fix = fix, Source = "roles" };

        private static void AddDropped(TeleportMcp.Diagnosis item, IEnumerable<DroppedEntry> dropped)
        {
            foreach (var d in dropped) item.Evidence.Add("dropped " + d);
        }

        private static string GrantFix(string? user, IEnumerable<DroppedEntry> dropped, List<string>? tools, string? app)
        {
            var trait = dropped.FirstOrDefault(d => d.Silent && d.Trait != null && d.Trait.EndsWith(User.McpToolsTrait, StringComparison.Ordinal));
            if (trait != null)
            {
                var list = tools == null || tools.Count == 0 ? "'<the tools " + user + " needs on " + app + ">'" : string.Join(", ", tools.Select(ShellWord.PowerShellString));
                return "Set-TeleportMcpTools -User " + ShellWord.PowerShell(user) + " -Tools " + list + " -Append -WhatIf   # then without -WhatIf; " + user + " must run tsh login again";
            }
            return "Add the tools to allow.mcp.tools of a role of " + user + " whose allow.app_labels select " + app +
                   " (a role grants only the tools it lists itself), or grant them through the mcp_tools trait with Set-TeleportMcpTools.";
        }

        // ---- app definitions and probes -------------------------------------------------------------------

        public static IEnumerable<TeleportMcp.Diagnosis> FromAppChecks(App app, IEnumerable<AppCheck> checks)
        {
            foreach (var check in checks.Where(x => x.Status == CheckStatus.Fail || x.Status == CheckStatus.Warn))
            {
                var item = new TeleportMcp.Diagnosis
                {
                    Area = DiagnosisArea.App,
                    Status = check.Status == CheckStatus.Fail ? DiagnosisStatus.Fail : DiagnosisStatus.Warn,
                    Check = check.Check,
                    App = app.Name,
                    Title = Output.OutputText.Labelled(app.Name, check.Message),
                    Fix = check.Fix,
                    Source = app.Source,
                };
                item.Evidence.Add(Output.OutputText.Labelled(check.Check, check.Message));
                AddAppTokens(item, app);
                yield return item;
            }
        }

        /// <summary>
        /// The app_auth_configs read and the MCP apps examined, as Test-TeleportMcpApp's AppAuthConfig check says it
        /// (AppAuthConfigRules.SelectionVerdict): Fail, since no release accepts the kind, with the master build's Indeterminate
        /// selection after it; null when no config was read.
        /// </summary>
        public static TeleportMcp.Diagnosis? AppAuthConfigSelection(IReadOnlyCollection<AppAuthConfig> configs, IEnumerable<string> apps)
        {
            var sentence = Resources.AppAuthConfigRules.SelectionUnknown(configs);
            if (sentence == null) return null;
            var (status, detail, fix) = Resources.AppAuthConfigRules.SelectionVerdict(sentence);
            var names = (apps ?? Enumerable.Empty<string>()).OrderBy(a => a, System.StringComparer.Ordinal).ToList();
            string appNames = ListText.Join(", ", names.Take(10)) + (names.Count > 10 ? ", ..." : "");
            var item = new TeleportMcp.Diagnosis
            {
                Area = DiagnosisArea.App,
                Status = status == CheckStatus.Fail ? DiagnosisStatus.Fail : DiagnosisStatus.Info,
                Check = Resources.AppAuthConfigRules.SelectionCheck,
                Title = status == CheckStatus.Fail
                    ? "No Teleport release accepts the app_auth_configs read for the MCP apps " + appNames
                    : "Indeterminate: which app_auth_configs select the MCP apps " + appNames,
                Detail = detail,
                Fix = fix,
                Source = ListText.Join(", ", configs.Select(c => c.Source).Where(x => !string.IsNullOrEmpty(x)).Distinct().Take(5)),
                AboutUnreleasedInput = status == CheckStatus.Fail,
            };
            item.Evidence.Add(Output.OutputText.Labelled(Resources.AppAuthConfigRules.SelectionCheck, detail));
            return item;
        }

        public static IEnumerable<TeleportMcp.Diagnosis> FromProbe(ProbeResult p)
        {
            if (p == null || p.Status == CheckStatus.Pass || p.Status == CheckStatus.Skipped) yield break;
            var item = new TeleportMcp.Diagnosis
            {
                Area = DiagnosisArea.Probe,
                Status = p.Status == CheckStatus.Fail ? DiagnosisStatus.Fail : DiagnosisStatus.Warn,
                Check = "Probe" + p.Stage,
                App = p.AppName,
                Title = Output.OutputText.Labelled(p.AppName, "the live probe stopped at " + p.Stage + ": " + p.Message),
                Detail = p.CommandLine == null ? null
                    : p.Transport == McpTransport.Stdio ? "Started " + p.CommandLine + (p.RunAs == null ? "" : " as " + p.RunAs)
                    : "Connected to " + p.CommandLine + " over " + (p.Transport == McpTransport.Sse ? "SSE" : "streamable HTTP") + (p.Status == CheckStatus.Indeterminate ? " (indeterminate: the probe could not authenticate as Teleport would; not a server fault)" : ""),
                Fix = p.Fix,
                Source = "Test-TeleportMcpApp -Launch",
            };
            foreach (var h in p.Headers) item.Evidence.Add("sent header " + h);
            if (p.HttpStatus > 0) item.Evidence.Add("HTTP " + p.HttpStatus);
            if (p.FirstNonJsonLine != null) item.Evidence.Add("stdout (not JSON-RPC): " + p.FirstNonJsonLine);
            foreach (var line in p.StderrTail) item.Evidence.Add("stderr: " + line);
            if (p.HasExited) item.Evidence.Add("exit code " + p.ExitCode);
            if (p.App != null) AddAppTokens(item, p.App);
            yield return item;
        }

        private static void AddAppTokens(TeleportMcp.Diagnosis item, App app)
        {
            if (!StringChecks.IsNullOrEmpty(app.RunAsHostUser)) item.CorrelationTokens.Add(app.RunAsHostUser);
            if (!StringChecks.IsNullOrEmpty(app.Command))
            {
                item.CorrelationTokens.Add(app.Command);
                var file = app.Command.Replace('\\', '/');
                file = file.Substring(file.LastIndexOf('/') + 1);
                if (file != app.Command) item.CorrelationTokens.Add(file);
            }
            if (app.Transport == McpTransport.Http || app.Transport == McpTransport.Sse)
            {
                // Log lines of remote apps name the upstream (base_url, dial tcp host:port) rather than a command.
                int at = (app.Uri ?? "").IndexOf("://", StringComparison.Ordinal);
                if (at > 0 && Uri.TryCreate("http://" + (app.Uri ?? "").Substring(at + 3), UriKind.Absolute, out var u)) item.CorrelationTokens.Add(u.Authority);
                item.CorrelationTokens.Add("X-Teleport-Mcp-Error-Origin");
                return;
            }
            item.CorrelationTokens.Add("exec.ExitError");
        }

        // ---- logs -----------------------------------------------------------------------------------------

        public static TeleportMcp.Diagnosis FromLogFinding(Finding f)
        {
            string? app = ClientEntryName.AppOf(f.App);
            var item = new TeleportMcp.Diagnosis
            {
                Area = DiagnosisArea.Log,
                Status = f.Severity == Severity.Error ? DiagnosisStatus.Fail : f.Severity == Severity.Warning ? DiagnosisStatus.Warn : DiagnosisStatus.Info,
                Check = f.Id,
                App = app,
                User = f.User,
                Title = f.Title + (app != null ? " (" + app + ")" : ""),
                Detail = f.Cause,
                Fix = f.Fix,
                Source = f.Source + (f.LineNumber > 0 ? ":" + f.LineNumber : ""),
                Time = f.Time,
                SessionId = f.SessionId,
                LogFormat = f.LogFormat,
            };
            item.Evidence.Add(item.Source + ": " + f.Evidence);
            return item;
        }

        private static string Labels(App app) =>
            app == null || app.LabelMap.Count == 0 ? "none" : ListText.Join(", ", app.LabelMap.Select(kv => kv.Key + "=" + kv.Value).OrderBy(s => s, StringComparer.Ordinal));

        private static string Count(int n, string noun) => n + " " + noun + (n == 1 ? "" : "s");
    }
}
