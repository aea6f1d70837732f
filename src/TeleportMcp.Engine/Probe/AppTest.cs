#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace TeleportMcp.Engine.Probe
{
    public sealed class AppTestOptions
    {
        /// <summary>Variables of the Teleport process that override this one's (null value: unset).</summary>
        public IDictionary<string, string>? Environment { get; set; }

        /// <summary>Start the server (stdio) or connect to it (http/sse) and run the MCP handshake.</summary>
        public bool Launch { get; set; }

        public int TimeoutSec { get; set; } = 30;

        /// <summary>Whether the static checks may open a TCP connection to a remote server's port.</summary>
        public bool CheckReachable { get; set; } = true;

        /// <summary>Fetch an https upstream's certificate without Launch (Launch always does, when CheckReachable allows).</summary>
        public bool CheckTls { get; set; }

        /// <summary>The user whose traits fill header templates of http/sse apps; null when none.</summary>
        public User? User { get; set; }

        /// <summary>Headers the admin supplies (-Header), replacing rewrite entries of the same name.</summary>
        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();
    }

    public sealed class AppTestOutcome
    {
        public List<AppCheck> Checks { get; } = new List<AppCheck>();

        /// <summary>The live probe; null without Launch or for an app that is not an MCP server.</summary>
        public ProbeResult? Probe { get; set; }

        /// <summary>Indeterminate is not a pass: the probe could not get past authentication.</summary>
        public bool Passed => Checks.All(c => c.Status != CheckStatus.Fail) && (Probe == null || (Probe.Status != CheckStatus.Fail && Probe.Status != CheckStatus.Indeterminate));
    }

    /// <summary>Test-TeleportMcpApp's use case: the static checks of one app and, when asked, the live probe.</summary>
    public static class AppTest
    {
        public static AppTestOutcome Run(App app, AppTestOptions options, CancellationToken ct)
        {
            // An App this module wrote earlier had its secrets redacted for display; it is checked and launched with
            // the values it was read with.
            Output.OutputSanitizer.Restore(app);
            var report = StaticChecks.Run(app, new StaticCheckOptions
            {
                Environment = options.Environment,
                ConnectTimeoutMs = Math.Min(3000, options.TimeoutSec * 1000),
                CheckReachable = options.CheckReachable,
                // The TLS handshake leaves this machine like the probe does: only with Launch or CheckTls.
                CheckTls = options.CheckReachable && (options.Launch || options.CheckTls),
                UserName = options.User?.Name,
                UserTraits = options.User?.TraitMap,
                SuppliedHeaders = options.Headers,
            });
            var outcome = new AppTestOutcome();
            outcome.Checks.AddRange(report.Results);
            if (!options.Launch || !report.IsMcp) return outcome;

            var probeOptions = new ProbeOptions { TimeoutSec = options.TimeoutSec };
            ProbeResult probe;
            if (app.Transport == McpTransport.Stdio)
            {
                probe = IsDemoServer(app)
                    ? new ProbeResult { App = app, AppName = app.Name, Transport = McpTransport.Stdio, Status = CheckStatus.Skipped, Message = "the demo server runs inside the App Service; there is nothing to launch" }
                    : StdioProbe.Run(report, probeOptions, ct);
            }
            else probe = HttpProbe.Run(report, probeOptions, ct);
            probe.Checks.AddRange(outcome.Checks);
            outcome.Probe = probe;
            return outcome;
        }

        private static bool IsDemoServer(App app) =>
            app.Origin == "mcp_demo_server" || (app.Name == StaticChecks.DemoServerName && !app.HasMcpSpec);
    }
}
