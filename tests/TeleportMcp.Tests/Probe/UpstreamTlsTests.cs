using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>The App Service's upstream TLS rules: lib/services/app.go validateAppTLS and lib/srv/app/upstreamtls/upstreamtls.go.</summary>
    public class UpstreamTlsTests
    {
        private static string Pem => AllowedCaPemTests.Case("single valid ca");

        private static App App(string uri, string mode, bool insecure = false, string serverName = null, string spiffeId = null, string[] allowedCas = null, string clientCertMode = null) =>
            new App
            {
                Name = "myapp", Uri = uri, InsecureSkipVerify = insecure, TlsMode = mode, TlsServerName = serverName, TlsServerSpiffeId = spiffeId,
                TlsAllowedCas = allowedCas?.ToList(), TlsClientCertMode = clientCertMode,
            };

        // The cases of lib/services/app_test.go TestValidateAppTLS (its default URI https://localhost, here mcp+https://localhost).
        [Theory]
        [InlineData("full valid configuration", null, "verify-full", false, "example.com", "spiffe://mycluster/svc/example", "workload_identity", "managed", true)]
        [InlineData("mcp https valid configuration", null, "verify-full", false, null, "spiffe://mycluster/svc/mcp", null, "managed", true)]
        [InlineData("minimal", null, "verify-server-name", false, null, null, null, null, true)]
        [InlineData("insecure with client cert mode", null, "insecure", false, null, null, null, "managed", false)]
        [InlineData("conflicting insecure skip verify and tls mode", null, "verify-server-name", true, null, null, null, null, false)]
        [InlineData("incomplete server spiffe id", null, "verify-spiffe-id", false, null, "/svc/example", null, null, false)]
        [InlineData("verify spiffe id mode and with server name", null, "verify-spiffe-id", false, "example.com", "spiffe://mycluster/svc/example", null, null, false)]
        [InlineData("invalid mode", null, "invalid", false, null, null, null, null, false)]
        [InlineData("invalid allowed CA", null, "verify-full", false, null, "spiffe://mycluster/svc/example", "workload_identity|malformed cert", null, false)]
        [InlineData("server name with insecure mode", null, "insecure", false, "example.com", null, null, null, false)]
        [InlineData("server spiffe id with insecure mode", null, "insecure", false, null, "spiffe://mycluster/svc/example", null, null, false)]
        [InlineData("verify spiffe missing server spiffe", null, "verify-spiffe-id", false, null, null, null, null, false)]
        [InlineData("verify spiffe missing server spiffe trust domain", null, "verify-spiffe-id", false, null, "spiffe:///svc/example", null, null, false)]
        [InlineData("invalid client cert mode value", null, "verify-server-name", false, null, null, null, "foo", false)]
        [InlineData("insecure skip verify compatible with mode insecure", null, "insecure", true, null, null, null, null, true)]
        [InlineData("insecure skip verify with empty mode defaults to insecure", null, "", true, null, null, null, null, true)]
        [InlineData("allowed cas with only internal alias", null, "verify-server-name", false, null, null, "workload_identity", null, true)]
        [InlineData("allowed cas with empty string entry", null, "verify-server-name", false, null, null, "", null, false)]
        [InlineData("insecure mode with allowed cas", null, "insecure", false, null, null, "workload_identity", null, false)]
        [InlineData("unsupported protocol with tls block", "mcp+http://localhost/mcp", "insecure", false, null, null, null, null, false)]
        [InlineData("unsupported protocol with empty tls config", "mcp+http://localhost/mcp", "", false, null, null, null, null, false)]
        [InlineData("empty", null, "", false, null, null, null, null, true)]
        // The newest stored TestValidateAppTLS (lib/services/app_test.go, index id 55499387015): its repeated client-cert row, a
        // cloud app, and its http:// rows as written.
        [InlineData("client cert mode with insecure", null, "insecure", false, null, null, null, "managed", false)]
        [InlineData("cloud app with tls block", "cloud://aws", "insecure", false, null, null, null, null, false)]
        [InlineData("unsupported protocol with tls block (as written)", "http://localhost", "insecure", false, null, null, null, null, false)]
        [InlineData("unsupported protocol with empty tls config (as written)", "http://localhost", "", false, null, null, null, null, false)]
        [InlineData("verify-server-name with a PEM CA", null, "verify-server-name", false, null, null, "PEM", null, true)]
        // lib/srv/mcp/transport_test.go @042979861dcf7de57a04d2728dcf6f4376a1396c TestMakeBasicHTTPTransportClientCert: its apps
        // (mcp+sse+https://example.com/sse, tls.mode verify-server-name) are served with client_cert_mode disabled and managed.
        [InlineData("transport_test: non-managed app", "mcp+sse+https://example.com/sse", "verify-server-name", false, null, null, null, "disabled", true)]
        [InlineData("transport_test: managed app", "mcp+sse+https://example.com/sse", "verify-server-name", false, null, null, null, "managed", true)]
        public void Validate_app_tls(string name, string uri, string mode, bool insecure, string serverName, string spiffeId, string allowedCas, string clientCertMode, bool accepted)
        {
            var cas = allowedCas?.Split('|').Select(c => c == "PEM" ? Pem : c).ToArray();
            var rule = UpstreamTls.Evaluate(App(uri ?? "mcp+https://localhost/mcp", mode, insecure, serverName, spiffeId, cas, clientCertMode));
            Assert.True(accepted == (rule.Verification != UpstreamVerification.Refused), name + ": " + rule.Verification + " " + rule.Reason);
        }

        // What the App Service then checks (upstreamtls.go Configure, and the older makeHTTPTransport without a tls block).
        [Theory]
        [InlineData(null, false, null, null, UpstreamVerification.SystemTrust, "")]
        [InlineData(null, true, null, null, UpstreamVerification.Insecure, "insecure")]
        [InlineData("", false, null, null, UpstreamVerification.SystemTrust, "verify-server-name")]
        [InlineData("", true, null, null, UpstreamVerification.Insecure, "insecure")]
        [InlineData("insecure", false, null, null, UpstreamVerification.Insecure, "insecure")]
        [InlineData("verify-server-name", false, null, null, UpstreamVerification.SystemTrust, "verify-server-name")]
        [InlineData("verify-server-name", false, "example.com", null, UpstreamVerification.Custom, "verify-server-name")]
        [InlineData("verify-server-name", false, null, "workload_identity", UpstreamVerification.Custom, "verify-server-name")]
        [InlineData("verify-full", false, null, null, UpstreamVerification.Custom, "verify-full")]
        [InlineData("verify-spiffe-id", false, null, null, UpstreamVerification.Custom, "verify-spiffe-id")]
        [InlineData("verify-full", true, null, null, UpstreamVerification.Refused, "verify-full")]
        public void Verification_the_app_service_applies(string mode, bool insecure, string serverName, string allowedCa, UpstreamVerification expected, string expectedMode)
        {
            string spiffe = mode == "verify-full" || mode == "verify-spiffe-id" ? "spiffe://cluster/svc/mcp" : null;
            var rule = UpstreamTls.Evaluate(App("mcp+https://mcp.example.com/mcp", mode, insecure, serverName, spiffe, allowedCa == null ? null : new[] { allowedCa }));
            Assert.Equal(expected, rule.Verification);
            Assert.Equal(expectedMode, rule.Mode);
        }

        [Fact]
        public void Refusals_use_teleports_messages()
        {
            Assert.Equal("App \"myapp\" has invalid 'tls.mode' \"strict\". Supported values are: \"insecure\", \"verify-full\", \"verify-server-name\", \"verify-spiffe-id\"",
                UpstreamTls.Evaluate(App("mcp+https://h/mcp", "strict")).Reason);
            var conflict = UpstreamTls.Evaluate(App("mcp+https://h/mcp", "verify-full", insecure: true, spiffeId: "spiffe://c/svc/x"));
            Assert.True(conflict.InsecureSkipVerifyConflict);
            Assert.Equal("App \"myapp\" cannot specify 'insecure_skip_verify: true' (deprecated) and 'tls.mode: \"verify-full\"'. Drop 'insecure_skip_verify', and if you want the app to use insecure connections set 'tls.mode: \"insecure\"'", conflict.Reason);
        }

        [Fact]
        public void Tls_block_is_read_from_an_app_resource()
        {
            // lib/services/app_test.go appYAML, on an https URI.
            const string yaml = "kind: app\nversion: v3\nmetadata:\n  name: test-app\nspec:\n  uri: \"mcp+https://localhost:8080\"\n  tls:\n    mode: verify-full\n    server_name: localhost\n" +
                                "    server_spiffe_id: spiffe://mycluster/svc/localhost\n    client_cert_mode: managed\n    allowed_cas:\n    - workload_identity\n";
            var app = ResourceReader.ReadText(yaml, "app.yaml").Select(i => i.Resource).OfType<App>().Single();
            Assert.Equal("verify-full", app.TlsMode);
            Assert.Equal("localhost", app.TlsServerName);
            Assert.Equal("spiffe://mycluster/svc/localhost", app.TlsServerSpiffeId);
            Assert.Equal("managed", app.TlsClientCertMode);
            Assert.Equal(new List<string> { "workload_identity" }, app.TlsAllowedCas);
            var rule = UpstreamTls.Evaluate(app);
            Assert.Equal(UpstreamVerification.Custom, rule.Verification);
        }
    }
}
