using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>
    /// tls.allowed_cas entries: api/utils/tlsutils ParseCertificatePEMStrict (TestParseCertificatePEMStrict) and
    /// lib/services/app.go isValidCACertificatePEM (TestValidateAppAllowedCAsContents), newest stored versions.
    /// </summary>
    public class AllowedCaPemTests
    {
        private static readonly Lazy<(byte[] Ca, byte[] Leaf, byte[] CaNoUsage, byte[] CaSignOnly, byte[] NoConstraints)> Certs = new Lazy<(byte[], byte[], byte[], byte[], byte[])>(Make);

        private static (byte[], byte[], byte[], byte[], byte[]) Make()
        {
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caReq = new CertificateRequest("CN=example.com, O=inline-ca", caKey, HashAlgorithmName.SHA256);
            caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using var ca = caReq.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

            using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var leafReq = new CertificateRequest("CN=test-user", leafKey, HashAlgorithmName.SHA256);
            leafReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            using var leaf = leafReq.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(30), new byte[] { 1, 2, 3, 4 });

            byte[] SelfSigned(string subject, X509Extension[] extensions)
            {
                using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
                foreach (var e in extensions) req.CertificateExtensions.Add(e);
                using var c = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
                return c.RawData;
            }

            return (ca.RawData, leaf.RawData,
                SelfSigned("CN=no-usage", new X509Extension[] { new X509BasicConstraintsExtension(true, false, 0, true) }),
                SelfSigned("CN=sign-only", new X509Extension[] { new X509BasicConstraintsExtension(true, false, 0, true), new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true) }),
                SelfSigned("CN=plain", Array.Empty<X509Extension>()));
        }

        // Go's pem.EncodeToMemory: 64-column base64 lines, a newline after the END line.
        internal static string Pem(string type, byte[] bytes) =>
            "-----BEGIN " + type + "-----\n" + Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n") + "\n-----END " + type + "-----\n";

        internal static string Case(string name)
        {
            var c = Certs.Value;
            switch (name)
            {
                case "empty PEM": return "";
                case "invalid PEM": return "not a PEM";
                case "invalid PEM data": return Pem("CERTIFICATE", System.Text.Encoding.UTF8.GetBytes("ceci n'est pas a certificate"));
                case "invalid PEM type": return Pem("NOTCERTIFICATE", c.Ca);
                case "trailing PEM data": return Pem("CERTIFICATE", c.Ca) + "  ";
                case "single valid ca": return Pem("CERTIFICATE", c.Ca);
                case "only single ca allowed": return Pem("CERTIFICATE", c.Ca) + "\n" + Pem("CERTIFICATE", c.Ca);
                case "no CA certificate": return Pem("CERTIFICATE", c.Ca) + "\n" + Pem("CERTIFICATE", c.Leaf);
                case "no certificate contents": return "hello";
                case "leaf certificate": return Pem("CERTIFICATE", c.Leaf);
                case "no basic constraints": return Pem("CERTIFICATE", c.NoConstraints);
                case "CA without key usage": return Pem("CERTIFICATE", c.CaNoUsage);
                case "CA whose key usage lacks cert sign": return Pem("CERTIFICATE", c.CaSignOnly);
                case "text before the block": return "# our CA\n" + Pem("CERTIFICATE", c.Ca);
                case "CRLF line ends": return Pem("CERTIFICATE", c.Ca).Replace("\n", "\r\n");
                case "PEM headers": return "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\nComment: our CA\n\n" + Pem("CERTIFICATE", c.Ca).Substring("-----BEGIN CERTIFICATE-----\n".Length);
                case "PKCS#7 holding the CA": return Pem("CERTIFICATE", new X509Certificate2Collection { X509CertificateLoader.LoadCertificate(c.Ca) }.Export(X509ContentType.Pkcs7));
                case "PFX holding the CA": return Pem("CERTIFICATE", X509CertificateLoader.LoadCertificate(c.Ca).Export(X509ContentType.Pfx));
                default: throw new ArgumentException(name);
            }
        }

        [Theory]
        // TestParseCertificatePEMStrict (the phrase its ErrorContains asserts).
        [InlineData("empty PEM", "expected PEM")]
        [InlineData("invalid PEM", "expected PEM")]
        [InlineData("invalid PEM data", "malformed certificate")]
        [InlineData("invalid PEM type", "unexpected block type")]
        [InlineData("trailing PEM data", "trailing data")]
        // TestValidateAppAllowedCAsContents.
        [InlineData("single valid ca", null)]
        [InlineData("only single ca allowed", "trailing data")]
        [InlineData("no CA certificate", "trailing data")]
        [InlineData("no certificate contents", "expected PEM")]
        // isValidCACertificatePEM's two CA rules, and encoding/pem's tolerance of text before the block and of CRLF.
        [InlineData("leaf certificate", "certificate \"CN=test-user\" is not a CA")]
        [InlineData("no basic constraints", "certificate \"CN=plain\" is not a CA")]
        [InlineData("CA without key usage", null)]
        [InlineData("CA whose key usage lacks cert sign", "CA certificate \"CN=sign-only\" does not allow certificate signing")]
        [InlineData("text before the block", null)]
        [InlineData("CRLF line ends", null)]
        // encoding/pem Decode keeps header lines apart; x509.ParseCertificate reads one DER certificate, not a PKCS#7 or PFX blob.
        [InlineData("PEM headers", null)]
        [InlineData("PKCS#7 holding the CA", "malformed certificate")]
        [InlineData("PFX holding the CA", "malformed certificate")]
        public void Entry_is_checked_as_teleport_does(string name, string expected)
        {
            string problem = AllowedCaPem.Problem(Case(name));
            if (expected == null) Assert.Null(problem);
            else
            {
                Assert.NotNull(problem);
                Assert.StartsWith(expected, problem, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Subject_is_printed_as_go_prints_it()
        {
            // pkix.Name.String(): RFC 2253, the last RDN first, commas without spaces.
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=svc, O=acme", key, HashAlgorithmName.SHA256);
            using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
            Assert.Equal("certificate \"CN=svc,O=acme\" is not a CA", AllowedCaPem.Problem(Pem("CERTIFICATE", cert.RawData)));
        }

        [Theory]
        [InlineData("single valid ca", true)]
        [InlineData("leaf certificate", false)]
        [InlineData("trailing PEM data", false)]
        public void Tls_settings_with_such_an_entry(string name, bool accepted)
        {
            var app = new App { Name = "myapp", Uri = "mcp+https://localhost/mcp", TlsMode = "verify-server-name", TlsAllowedCas = new System.Collections.Generic.List<string> { Case(name) } };
            var rule = UpstreamTls.Evaluate(app);
            Assert.Equal(accepted, rule.Verification != UpstreamVerification.Refused);
            if (!accepted)
                Assert.StartsWith("App \"myapp\" 'tls.allowed_cas' values must include valid PEM-encoded CA certificates or a Teleport CA alias (\"workload_identity\"): ", rule.Reason, StringComparison.Ordinal);
        }
    }
}
