// tsh stand-in: reproduces the output and exit codes of `tsh status --format=json` and `tsh mcp ls --format json`
// from a state file, so the client checks can be tested without Teleport. Which Teleport source each behaviour
// follows is listed in tests/StandIns/README.md.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;

internal static class Program
{
    private const string StateVar = "TSH_STANDIN_STATE";
    private const string HomeStateFile = "tsh-standin.json";

    private static int Main(string[] args)
    {
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        using var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        try
        {
            return Run(args, stdout, stderr);
        }
        catch (Exception e)
        {
            return Fatal(stderr, "tsh stand-in: " + e.Message);
        }
    }

    private const string LogVar = "TSH_STANDIN_LOG";

    private static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        Log(args);
        var positional = new List<string>();
        string format = "text";
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a.StartsWith("--format=", StringComparison.Ordinal)) format = a.Substring(9);
            else if (a == "--format" || a == "-f") format = i + 1 < args.Length ? args[++i] : "";
            else if (a.StartsWith("-", StringComparison.Ordinal)) continue;
            else positional.Add(a);
        }
        var state = LoadState();
        if (state?["sleepSeconds"] is JsonNode sleep) Thread.Sleep(TimeSpan.FromSeconds(sleep.GetValue<double>()));

        string cmd = string.Join(" ", positional);
        if (cmd == "version")
        {
            stdout.WriteLine("Teleport v" + (state?["version"]?.GetValue<string>() ?? "18.2.3") + " git: go1.24 (stand-in)");
            return 0;
        }
        if (cmd == "status") return Status(state, format, stdout, stderr);
        if (cmd == "mcp ls") return McpList(state, format, stdout, stderr);
        return Fatal(stderr, "the tsh stand-in does not implement '" + cmd + "'");
    }

    /// <summary>With TSH_STANDIN_LOG set: one JSON line per run, {"argv":[...],"env":{...}} with every TELEPORT_* variable it was started with.</summary>
    private static void Log(string[] args)
    {
        var log = Environment.GetEnvironmentVariable(LogVar);
        if (string.IsNullOrEmpty(log)) return;
        var env = new JsonObject();
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith("TELEPORT_", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal))
            env[name] = Environment.GetEnvironmentVariable(name);
        var line = new JsonObject { ["argv"] = new JsonArray(args.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()), ["env"] = env };
        File.AppendAllText(log, line.ToJsonString() + "\n");
    }

    /// <summary>TELEPORT_HOME/tsh-standin.json when TELEPORT_HOME is set (a missing one means no profile), else $TSH_STANDIN_STATE.</summary>
    private static JsonObject LoadState()
    {
        string path;
        var home = Environment.GetEnvironmentVariable("TELEPORT_HOME");
        if (!string.IsNullOrEmpty(home)) path = Path.Combine(home, HomeStateFile);
        else path = Environment.GetEnvironmentVariable(StateVar);
        if (string.IsNullOrEmpty(path) || !File.Exists(path)) return null;
        return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject;
    }

    // tool/tsh/common/tsh.go onStatus: NotFound("Not logged in.") when there is no profile at all; the profiles are
    // printed (printLoginInformation) before "No active profile." and "Active profile expired." are returned.
    private static int Status(JsonObject state, string format, TextWriter stdout, TextWriter stderr)
    {
        var active = state?["active"] as JsonObject;
        var others = state?["profiles"] as JsonArray ?? new JsonArray();
        if (active == null && others.Count == 0) return Fatal(stderr, "Not logged in.");

        if (format == "json")
        {
            // serializeProfiles: {"active": (omitempty), "profiles": [] (never null), "environment": (omitempty)}.
            var outObj = new JsonObject();
            if (active != null) outObj["active"] = Profile(active);
            var list = new JsonArray();
            foreach (var p in others) list.Add(Profile((JsonObject)p));
            outObj["profiles"] = list;
            var env = TshEnv();
            if (env.Count > 0) outObj["environment"] = env;
            // utils.FastMarshalIndent(profileData, "", "  ") then fmt.Println.
            stdout.WriteLine(outObj.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 }));
        }
        else
        {
            if (active != null) stdout.WriteLine("> Profile URL:        " + active["profile_url"] + "\n  Logged in as:       " + active["username"]
                + "\n  Cluster:            " + active["cluster"] + "\n  Valid until:        " + ValidUntil(active) + "\n");
        }
        if (active == null) return Fatal(stderr, "No active profile.");
        var vu = DateTimeOffset.Parse(ValidUntil(active), System.Globalization.CultureInfo.InvariantCulture);
        if (vu <= DateTimeOffset.Now) return Fatal(stderr, "Active profile expired.");
        return 0;
    }

    // The profileInfo struct of tool/tsh/common/tsh.go: field order and omitempty as there.
    private static readonly (string Name, bool OmitEmpty)[] ProfileFields =
    {
        ("profile_url", false), ("relay_addr", true), ("default_relay_addr", true), ("username", false), ("active_requests", true),
        ("cluster", false), ("roles", true), ("scope", true), ("scoped_roles", true), ("traits", true), ("logins", true),
        ("kubernetes_enabled", false), ("kubernetes_cluster", true), ("kubernetes_users", true), ("kubernetes_groups", true),
        ("databases", true), ("valid_until", false), ("extensions", true), ("critical_options", true), ("allowed_resources", true),
        ("github_identity", true),
    };

    private static JsonObject Profile(JsonObject src)
    {
        var o = new JsonObject();
        foreach (var (name, omit) in ProfileFields)
        {
            JsonNode v = name == "valid_until" ? JsonValue.Create(ValidUntil(src)) : src[name]?.DeepClone();
            // makeProfileInfo drops the logins Teleport adds for itself ("-teleport-" prefix).
            if (name == "logins" && v is JsonArray logins)
                v = new JsonArray(logins.Where(l => !(l?.GetValue<string>() ?? "").StartsWith("-teleport-", StringComparison.Ordinal)).Select(l => l?.DeepClone()).ToArray());
            if (v == null && !omit) v = name == "kubernetes_enabled" ? JsonValue.Create(false) : JsonValue.Create("");
            if (omit && IsEmpty(v)) continue;
            o[name] = v;
        }
        return o;
    }

    private static bool IsEmpty(JsonNode v) =>
        v == null || (v is JsonArray a && a.Count == 0) || (v is JsonObject o && o.Count == 0)
        || (v is JsonValue s && s.TryGetValue<string>(out var str) && str.Length == 0);

    /// <summary>valid_until as written, or now + validForMinutes, formatted like Go's time.Time JSON in the local zone (whole seconds).</summary>
    private static string ValidUntil(JsonObject p)
    {
        if (p["validForMinutes"] is JsonNode m)
        {
            var t = DateTimeOffset.Now.AddMinutes(m.GetValue<double>());
            t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, t.Offset);
            return t.Offset == TimeSpan.Zero ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") : t.ToString("yyyy-MM-dd'T'HH:mm:sszzz");
        }
        return p["valid_until"]?.GetValue<string>() ?? "0001-01-01T00:00:00Z";
    }

    // tshStatusEnvVars: TELEPORT_PROXY, TELEPORT_CLUSTER, TELEPORT_KUBE_CLUSTER, KUBECONFIG, TELEPORT_SITE (getTshEnv).
    private static JsonObject TshEnv()
    {
        var o = new JsonObject();
        foreach (var v in new[] { "KUBECONFIG", "TELEPORT_CLUSTER", "TELEPORT_KUBE_CLUSTER", "TELEPORT_PROXY", "TELEPORT_SITE" })
        {
            var val = Environment.GetEnvironmentVariable(v);
            if (val != null) o[v] = val;
        }
        return o;
    }

    // tool/tsh/common/mcp_app.go: mcpListCommand.print -> common.PrintJSONIndent of []mcpServerWithDetails.
    private static int McpList(JsonObject state, string format, TextWriter stdout, TextWriter stderr)
    {
        var active = state?["active"] as JsonObject;
        // tool/tsh/common/tsh.go @002ee5fe loadClientConfigFromCLIConf: a LoadProfile error other than NotFound is printed with
        // fmt.Printf on stdout, and nothing of the profile (proxy address, login) is used.
        if (state?["profileLoadError"] is JsonNode loadError)
        {
            var proxy = Environment.GetEnvironmentVariable("TELEPORT_PROXY") ?? "";
            stdout.WriteLine("WARNING: Failed to load tsh profile for " + JsonValue.Create(proxy).ToJsonString() + ": " + loadError.GetValue<string>());
            if (proxy.Length == 0) return Fatal(stderr, "No proxy address specified, missed --proxy flag?");
        }
        // tool/tsh/common/tsh.go @002ee5fe loadClientConfigFromCLIConf ignores LoadProfile's NotFound (no profile, or api/profile
        // "current-profile is not set"); lib/client/api.go @0003e544 NewClient then refuses the empty proxy address.
        if (active == null) return Fatal(stderr, "No proxy address specified, missed --proxy flag?");
        // Not from source: a real tsh tries RetryWithRelogin (an interactive login) here; with stdin closed it fails.
        var vu = DateTimeOffset.Parse(ValidUntil(active), System.Globalization.CultureInfo.InvariantCulture);
        if (vu <= DateTimeOffset.Now) return Fatal(stderr, "Active profile expired.");
        if (state["mcpLsError"] is JsonNode err) return Fatal(stderr, err.GetValue<string>());
        if (state["mcpLsFailure"] is JsonNode failure) return Fatal(stderr, McpLsFailure(failure.GetValue<string>(), ProxyOf(active)));

        var apps = state["mcp_apps"] as JsonArray ?? new JsonArray();
        if (format == "json")
        {
            var outArr = new JsonArray();
            foreach (var a in apps)
            {
                var app = (JsonObject)a.DeepClone();
                // mcpServerWithDetails: permissions.mcp.tools.allowed always present (null when nothing), denied omitempty.
                if (app["permissions"] == null)
                    app["permissions"] = new JsonObject { ["mcp"] = new JsonObject { ["tools"] = new JsonObject { ["allowed"] = null } } };
                outArr.Add(app);
            }
            // slices.Collect of no apps is a nil slice, which Go's JSON writes as null.
            stdout.WriteLine(outArr.Count == 0 ? "null" : outArr.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 }));
            return 0;
        }
        stdout.WriteLine("Name Description Type Allowed Tools Labels");
        foreach (var a in apps) stdout.WriteLine(a?["metadata"]?["name"]);
        return 0;
    }

    /// <summary>host[:port] of the active profile's profile_url (the proxy tsh dials).</summary>
    private static string ProxyOf(JsonObject active)
    {
        var url = active["profile_url"]?.GetValue<string>() ?? "";
        return Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host + ":" + u.Port : url;
    }

    // What tsh prints after "ERROR: " when it cannot use the proxy. The certificate texts are lib/utils/cli.go @0082cf8b
    // formatCertError's (with Go's x509 error texts); the network ones are Go's net.OpError / net.DNSError text alone:
    // lib/client/api.go ConnectToCluster and api/client/proxy/client.go @00742144 NewClient add no message of their own
    // (trace.Wrap only); whether gRPC puts its own text around the dial error there was not settled.
    private static string McpLsFailure(string kind, string proxy)
    {
        var host = proxy.Contains(':') ? proxy.Substring(0, proxy.LastIndexOf(':')) : proxy;
        switch (kind)
        {
            case "unknown-authority":
                return "WARNING:\n\n  The proxy you are connecting to has presented a certificate signed by a\n  unknown authority. This is most likely due to either being presented\n"
                    + "  with a self-signed certificate or the certificate was truly signed by an\n  authority not known to the client.\n\n"
                    + "  If you know the certificate is self-signed and would like to ignore this\n  error use the --insecure flag.\n\n"
                    + "  If you have your own certificate authority that you would like to use to\n  validate the certificate chain presented by the proxy, set the\n"
                    + "  SSL_CERT_FILE and SSL_CERT_DIR environment variables respectively and try\n  again.\n\n"
                    + "  If you think something malicious may be occurring, contact your Teleport\n  system administrator to resolve this issue.\n";
            case "hostname":
                return "Cannot establish https connection to " + host + ":\nx509: certificate is valid for proxy.internal, not " + host
                    + "\ntry a different hostname for --proxy or specify --insecure flag if you know what you're doing.\n";
            case "certificate-expired":
                return "WARNING:\n\n  The certificate presented by the proxy is invalid: x509: certificate has expired or is not yet valid: current time "
                    + DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") + " is after 2020-01-01T00:00:00Z.\n\n  Contact your Teleport system administrator to resolve this issue.";
            case "connection-refused":
                return "dial tcp " + proxy + ": connect: connection refused";
            case "no-such-host":
                return "dial tcp: lookup " + host + ": no such host";
            default:
                throw new InvalidOperationException("unknown mcpLsFailure '" + kind + "'");
        }
    }

    // lib/utils/cli.go FatalError/UserMessageFromError: "ERROR: " (red on non-Windows), the message, Fprintln -> blank line; exit 1.
    private static int Fatal(TextWriter stderr, string message)
    {
        string prefix = OperatingSystem.IsWindows() ? "ERROR: " : "\x1b[31mERROR: \x1b[0m";
        stderr.Write(prefix + message + "\n\n");
        return 1;
    }
}
