using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Serving;
using Xunit;

namespace TeleportMcp.Tests.Serving
{
    /// <summary>
    /// The App Service's target host policy: app_service.allowed_hosts / denied_hosts as lib/service/servicecfg/app.go
    /// ParseTargetHostPrefixes reads them, and what lib/srv/app/common/target_host_policy.go and target_host_dialer.go do to
    /// an address (target_host_policy_test.go, target_host_dialer_test.go).
    /// </summary>
    public class TargetHostPolicyTests
    {
        // (list, entries, the error Teleport stops with, or the prefixes it reads)
        [Theory]
        [InlineData("allowed", "10.0.0.0/8|192.0.2.10", null, "10.0.0.0/8, 192.0.2.10/32")]
        [InlineData("denied", "::1/128|169.254.0.0/16|fd00::/8", null, "::1/128, 169.254.0.0/16, fd00::/8")]
        [InlineData("denied", "169.254.0.1/16", "parsing app_service.denied_hosts: target host restriction \"169.254.0.1/16\" is not a canonical CIDR range; use \"169.254.0.0/16\"", null)]
        [InlineData("allowed", "mcp.internal", "parsing app_service.allowed_hosts: target host restriction \"mcp.internal\" must be an IP address or CIDR range", null)]
        [InlineData("allowed", "10.0.0.0/8|", "parsing app_service.allowed_hosts: target host restriction contains an empty entry", null)]
        [InlineData("denied", "fe80::1%eth0", "parsing app_service.denied_hosts: target host restriction \"fe80::1%eth0\" must not include an IPv6 zone identifier", null)]
        [InlineData("denied", "::ffff:169.254.169.254", "parsing app_service.denied_hosts: target host restriction \"::ffff:169.254.169.254\" must use IPv4 notation (e.g. 192.0.2.10) instead of IPv4-in-IPv6 notation", null)]
        [InlineData("denied", "::ffff:169.254.0.0/112", "parsing app_service.denied_hosts: target host restriction \"::ffff:169.254.0.0/112\" must use IPv4 CIDR notation (e.g. 169.254.0.0/16) instead of IPv4-in-IPv6 notation (e.g. ::ffff:169.254.0.0/112)", null)]
        [InlineData("allowed", "10.0.0.0/33", "parsing app_service.allowed_hosts: target host restriction \"10.0.0.0/33\" must be an IP address or CIDR range", null)]
        [InlineData("allowed", "010.0.0.1", "parsing app_service.allowed_hosts: target host restriction \"010.0.0.1\" must be an IP address or CIDR range", null)]
        [InlineData("allowed", "10.1", "parsing app_service.allowed_hosts: target host restriction \"10.1\" must be an IP address or CIDR range", null)]
        // netip.Prefix.String: IPv6 in hex with "::" for the longest zero run, dotted only after ::ffff:.
        [InlineData("denied", "::1.2.3.5/127", "parsing app_service.denied_hosts: target host restriction \"::1.2.3.5/127\" is not a canonical CIDR range; use \"::102:304/127\"", null)]
        [InlineData("denied", "::ffff:0:1.2.3.5/127", "parsing app_service.denied_hosts: target host restriction \"::ffff:0:1.2.3.5/127\" is not a canonical CIDR range; use \"::ffff:0:102:304/127\"", null)]
        [InlineData("allowed", "::1.2.3.4|2001:DB8:0:0:1:0:0:1|fe80:0:0:0:0:0:0:0/10|0:0:0:0:0:0:0:0", null, "::102:304/128, 2001:db8::1:0:0:1/128, fe80::/10, ::/128")]
        [InlineData("allowed", "1:0:0:2:0:0:0:3|1:0:0:2:0:0:3:4", null, "1:0:0:2::3/128, 1::2:0:0:3:4/128")]
        // Trimmed first (strings.TrimSpace); a zone is refused as a zone only on an address netip.ParseAddr reads.
        [InlineData("allowed", " 10.0.0.0/8 | 192.0.2.10\t", null, "10.0.0.0/8, 192.0.2.10/32")]
        [InlineData("allowed", "  ", "parsing app_service.allowed_hosts: target host restriction contains an empty entry", null)]
        [InlineData("denied", "fe80::/10%eth0", "parsing app_service.denied_hosts: target host restriction \"fe80::/10%eth0\" must be an IP address or CIDR range", null)]
        [InlineData("denied", "fe80::1%eth0/64", "parsing app_service.denied_hosts: target host restriction \"fe80::1%eth0/64\" must be an IP address or CIDR range", null)]
        [InlineData("denied", "10.0.0.1%eth0", "parsing app_service.denied_hosts: target host restriction \"10.0.0.1%eth0\" must be an IP address or CIDR range", null)]
        [InlineData("denied", "fe80::1%", "parsing app_service.denied_hosts: target host restriction \"fe80::1%\" must be an IP address or CIDR range", null)]
        [InlineData("allowed", "10.0.0.0/08", "parsing app_service.allowed_hosts: target host restriction \"10.0.0.0/08\" must be an IP address or CIDR range", null)]
        public void ParsesTheListAsTeleportDoes(string list, string entries, string error, string prefixes)
        {
            var values = entries.Split('|').ToList();
            var policy = TargetHostPolicy.Parse(list == "allowed" ? values : null, list == "denied" ? values : null, out var got, out _, out _);
            Assert.Equal(error, got);
            if (error != null) Assert.Null(policy);
            else Assert.Equal("app_service." + list + "_hosts [" + prefixes + "]", policy.ToString());
        }

        [Fact]
        public void BothListsAreRefusedAndNoListIsNoPolicy()
        {
            Assert.Null(TargetHostPolicy.Parse(new[] { "10.0.0.0/8" }, new[] { "10.1.0.0/16" }, out var error, out _, out _));
            Assert.Equal("app_service.allowed_hosts and app_service.denied_hosts are mutually exclusive", error);
            Assert.Null(TargetHostPolicy.Parse(System.Array.Empty<string>(), null, out error, out _, out _));
            Assert.Null(error);
        }

        // target_host_dialer_test.go: allow 10.0.0.0/8 refuses 127.0.0.1; deny 127.0.0.0/8 refuses 127.0.0.1; deny ::1/128
        // refuses [::1]; the dialer unmaps IPv4-in-IPv6 and drops zones before matching, and never dials the unspecified address.
        [Theory]
        [InlineData("allowed", "10.0.0.0/8", "127.0.0.1", TargetHostDecision.Denied)]
        [InlineData("allowed", "10.0.0.0/8", "10.20.30.40", TargetHostDecision.Permitted)]
        [InlineData("allowed", "10.0.0.0/8", "::ffff:10.1.1.1", TargetHostDecision.Permitted)]
        [InlineData("allowed", "10.0.0.0/8", "0.0.0.0", TargetHostDecision.Denied)]
        [InlineData("allowed", "0.0.0.0/0", "0.0.0.0", TargetHostDecision.Denied)]
        [InlineData("allowed", "0.0.0.0/0", "::1", TargetHostDecision.Denied)]
        [InlineData("denied", "127.0.0.0/8", "127.0.0.1", TargetHostDecision.Denied)]
        [InlineData("denied", "127.0.0.0/8", "10.0.0.1", TargetHostDecision.Permitted)]
        [InlineData("denied", "::1/128", "::1", TargetHostDecision.Denied)]
        [InlineData("denied", "169.254.0.0/16", "::ffff:169.254.169.254", TargetHostDecision.Denied)]
        [InlineData("denied", "fe80::/10", "fe80::1%eth0", TargetHostDecision.Denied)]
        [InlineData("denied", "10.0.0.0/8", "::", TargetHostDecision.Denied)]
        [InlineData("denied", "10.0.0.0/8", "mcp.internal", TargetHostDecision.DependsOnResolution)]
        // netip.ParseAddr refuses a zone on IPv4 and an empty zone: the dialer resolves such a host as a name.
        [InlineData("denied", "10.0.0.0/8", "10.0.0.1%eth0", TargetHostDecision.DependsOnResolution)]
        [InlineData("denied", "fe80::/10", "fe80::1%", TargetHostDecision.DependsOnResolution)]
        [InlineData("allowed", "10.0.0.0/8", "localhost", TargetHostDecision.DependsOnResolution)]
        public void DecidesAnAddressAsTheDialerDoes(string list, string entry, string host, TargetHostDecision expected)
        {
            var entries = new[] { entry };
            var policy = TargetHostPolicy.Parse(list == "allowed" ? entries : null, list == "denied" ? entries : null, out var error, out _, out _);
            Assert.Null(error);
            Assert.Equal(expected, policy.Decide(host, out var detail));
            Assert.False(string.IsNullOrEmpty(detail));
        }

        [Theory]
        [InlineData("mcp+http://10.0.0.5:8080/mcp", "10.0.0.5")]
        [InlineData("mcp+https://user:pw@mcp.example.com/mcp", "mcp.example.com")]
        [InlineData("mcp+sse+http://[fe80::1%25eth0]:9000/sse", "fe80::1%eth0")]
        [InlineData("mcp+http://[::1]/mcp", "::1")]
        [InlineData("mcp+stdio://", null)]
        [InlineData("not a uri", null)]
        public void TheHostOfAnAppUri(string uri, string host) => Assert.Equal(host, ServingMap.UriHost(uri));

        private static List<TeleportResource> Read(params (string Path, string Text)[] files) => ServingMapTests.Read(files);

        private static string Config(string host, string policy) =>
            "version: v3\nteleport:\n  nodename: " + host + "\napp_service:\n  enabled: true\n" + policy +
            "  resources:\n  - labels: {'*': '*'}\n";

        private const string Apps =
            "kind: app\nversion: v3\nmetadata:\n  name: http-ip\nspec:\n  uri: mcp+http://10.0.0.5:8080/mcp\n---\n" +
            "kind: app\nversion: v3\nmetadata:\n  name: sse-name\nspec:\n  uri: mcp+sse+https://mcp.example.com/sse\n---\n" +
            "kind: app\nversion: v3\nmetadata:\n  name: stdio\nspec:\n  uri: mcp+stdio://\n  mcp:\n    command: /bin/true\n    run_as_host_user: docs\n";

        // Every host that serves an HTTP app refuses its address: the app is unreachable (TMCP-LOG-149 in the logs).
        [Fact]
        public void AnAppEveryServingHostRefusesIsUnreachable()
        {
            var rows = ServingMap.Build(Read(("a/teleport.yaml", Config("app-1", "  allowed_hosts: [192.168.0.0/16]\n")), ("apps.yaml", Apps)));
            var http = rows.Single(r => r.App == "http-ip");
            Assert.Equal(ServingStatus.TargetHostDenied, http.Status);
            Assert.True(ServingMap.Unreachable(http));
            Assert.Equal(TargetHostDecision.Denied, Assert.Single(http.Hosts).TargetHost);
            Assert.Contains("10.0.0.5 is outside every prefix of app_service.allowed_hosts [192.168.0.0/16]", http.Message, StringComparison.Ordinal);
            var sse = rows.Single(r => r.App == "sse-name");
            Assert.Equal(ServingStatus.Served, sse.Status);
            Assert.Equal(TargetHostDecision.DependsOnResolution, Assert.Single(sse.Hosts).TargetHost);
            Assert.Contains("getent ahosts mcp.example.com", sse.Message, StringComparison.Ordinal);
            var stdio = rows.Single(r => r.App == "stdio");
            Assert.Equal(ServingStatus.Served, stdio.Status);
            Assert.Equal(TargetHostDecision.NotRestricted, Assert.Single(stdio.Hosts).TargetHost);

            var findings = ServingFindings.From(Read(("a/teleport.yaml", Config("app-1", "  allowed_hosts: [192.168.0.0/16]\n")), ("apps.yaml", Apps)), null, out _);
            Assert.Equal(new[] { "http-ip ServingTargetHostDenied Fail", "sse-name ServingTargetHostUnknown Info" },
                findings.Select(f => f.App + " " + f.Check + " " + f.Status).OrderBy(x => x));
        }

        // One of two hosts refuses the address: connections routed there fail, the others work.
        [Fact]
        public void AnAppOneOfTwoHostsRefusesFailsSomeOfTheTime()
        {
            var resources = Read(("a/teleport.yaml", Config("app-1", "  denied_hosts: [10.0.0.0/8]\n")), ("b/teleport.yaml", Config("app-2", "")), ("apps.yaml", Apps));
            var http = ServingMap.Build(resources).Single(r => r.App == "http-ip");
            Assert.Equal(ServingStatus.Served, http.Status);
            Assert.Contains("app-1 of the hosts that serve it refuses its address", http.Message, StringComparison.Ordinal);
            Assert.Contains("10.0.0.5 is inside 10.0.0.0/8 of app_service.denied_hosts", http.Message, StringComparison.Ordinal);
            var finding = Assert.Single(ServingFindings.From(resources, new[] { "http-ip" }, out _));
            Assert.Equal(("ServingTargetHostPartlyDenied", DiagnosisStatus.Warn), (finding.Check, finding.Status));
        }

        // A list Teleport refuses stops the App Service: the host serves nothing, and the error is named at the entry.
        [Theory]
        [InlineData("  denied_hosts:\n  - 10.0.0.0/8\n  - 169.254.0.1/16\n", "parsing app_service.denied_hosts: target host restriction \"169.254.0.1/16\" is not a canonical CIDR range; use \"169.254.0.0/16\"", 8, 5)]
        [InlineData("  allowed_hosts: [10.0.0.0/8]\n  denied_hosts: [10.1.0.0/16]\n", "app_service.allowed_hosts and app_service.denied_hosts are mutually exclusive", 7, 17)]
        public void AnInvalidPolicyStopsTheAppService(string policy, string error, int line, int column)
        {
            var config = Config("app-1", policy);
            var items = ResourceReader.ReadText(config, "a/teleport.yaml");
            var agent = items.Select(i => i.Resource).OfType<AppServiceAgent>().Single();
            Assert.Equal(error, agent.StartupError);
            var refusal = Assert.Single(items.Select(i => i.Diagnostic), d => d != null && d.Level == DiagnosticLevel.Error);
            Assert.Equal((line, column), (refusal.Location.Line, refusal.Location.Column));
            var http = ServingMap.Build(Read(("a/teleport.yaml", config), ("apps.yaml", Apps))).Single(r => r.App == "http-ip");
            Assert.Equal(ServingStatus.NotServed, http.Status);
            Assert.Contains(error, http.Message, StringComparison.Ordinal);
        }
    }
}
