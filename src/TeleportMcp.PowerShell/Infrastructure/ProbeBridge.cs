using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Infrastructure
{
    /// <summary>Runs the engine's static checks and live probe for Test-TeleportMcpApp; returns module types only.</summary>
    internal static class ProbeBridge
    {
        internal sealed class Outcome
        {
            public List<AppCheck> Checks = new List<AppCheck>();
            public ProbeResult Probe;
        }

        /// <summary>For http/sse apps: whose traits fill header templates, headers the admin supplies, and whether to fetch the upstream's certificate.</summary>
        internal sealed class HttpOptions
        {
            public User User;
            public List<KeyValuePair<string, string>> Headers = new List<KeyValuePair<string, string>>();
            public bool CheckTls;
        }

        public static Outcome Run(App app, Hashtable environment, bool launch, int timeoutSec, CancellationToken ct, bool checkReachable = true, HttpOptions http = null)
        {
            var def = ResourceMapper.FromApp(app);
            var user = http?.User == null ? null : ResourceMapper.FromUser(http.User);
            var env = new Dictionary<string, string>();
            if (environment != null)
                foreach (DictionaryEntry e in environment)
                    if (e.Key != null) env[e.Key.ToString()] = e.Value == null ? null : LanguageString(e.Value);
            var report = StaticChecks.Run(def, new StaticCheckOptions
            {
                Environment = env,
                ConnectTimeoutMs = Math.Min(3000, timeoutSec * 1000),
                CheckReachable = checkReachable,
                // The TLS handshake leaves this machine like the probe does: only with -Launch or -CheckTls.
                CheckTls = checkReachable && (launch || (http?.CheckTls ?? false)),
                UserName = user?.Name,
                UserTraits = user?.Traits,
                SuppliedHeaders = http?.Headers,
            });
            var result = new Outcome();
            result.Checks.AddRange(report.Results.Select(ToCheck));
            if (!launch || !report.IsMcp) return result;

            var options = new ProbeOptions { TimeoutSec = timeoutSec };
            ProbeOutcome o;
            if (def.Transport == McpTransport.Stdio)
            {
                if (def.Origin == "mcp_demo_server" || (def.Name == StaticChecks.DemoServerName && !def.HasMcpSpec))
                    o = new ProbeOutcome { App = def.Name, Transport = "stdio", Status = CheckStatus.Skipped, Message = "the demo server runs inside the App Service; there is nothing to launch" };
                else o = StdioProbe.Run(report, options, ct);
            }
            else o = HttpProbe.Run(report, options, ct);
            result.Probe = ToResult(o, app, result.Checks);
            return result;
        }

        private static string LanguageString(object value)
        {
            var v = value is System.Management.Automation.PSObject p ? p.BaseObject : value;
            if (v is IEnumerable list && !(v is string))
                return string.Join(System.IO.Path.PathSeparator.ToString(), list.Cast<object>().Select(x => x?.ToString()));
            return v.ToString();
        }

        private static AppCheck ToCheck(AppCheckResult r) => new AppCheck
        {
            App = r.App,
            Check = r.Check,
            Status = r.Status.ToString(),
            Message = r.Message,
            Fix = r.Fix,
        };

        private static ProbeResult ToResult(ProbeOutcome o, App app, List<AppCheck> checks) => new ProbeResult
        {
            App = app,
            AppName = app.Name,
            AppLabels = app.Labels,
            Transport = o.Transport,
            Stage = o.Stage.ToString(),
            Status = o.Status.ToString(),
            Message = o.Message,
            Fix = o.Fix,
            HttpStatus = o.HttpStatus,
            Headers = o.Headers.ToArray(),
            SessionKept = o.SessionKept,
            CommandLine = o.CommandLine,
            RunAs = o.RunAs,
            ProtocolVersion = o.ProtocolVersion,
            ServerName = o.ServerName,
            ServerVersion = o.ServerVersion,
            Capabilities = o.Capabilities.ToArray(),
            Tool = o.Tools.Select(t => t.Name).Where(n => n != null).ToArray(),
            Tools = o.Tools.Select(t => new TeleportMcp.ProbeTool { Name = t.Name, Title = t.Title, Description = t.Description }).ToArray(),
            ToolCount = o.Tools.Count,
            StartupMs = o.StartupMs,
            ElapsedMs = o.ElapsedMs,
            TimedOut = o.TimedOut,
            HasExited = o.HasExited,
            ExitCode = o.ExitCode ?? 0,
            StderrTail = o.StderrTail.ToArray(),
            FirstNonJsonLine = o.FirstNonJsonLine,
            NonJsonLines = o.NonJsonLines,
            EarlyNotifications = o.EarlyNotifications.ToArray(),
            Notifications = o.Notifications.ToArray(),
            ServerRequests = o.ServerRequests.ToArray(),
            Warnings = o.Warnings.ToArray(),
            Checks = checks.ToArray(),
        };
    }
}
