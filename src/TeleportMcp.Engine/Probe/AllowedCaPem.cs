using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// Whether one tls.allowed_cas entry is a CA certificate Teleport accepts: exactly one PEM CERTIFICATE block and
    /// nothing after it, that parses, whose basic constraints say CA and whose key usage (when present) allows signing.
    /// </summary>
    internal static class AllowedCaPem
    {
        private const string Begin = "-----BEGIN ";
        private const string Dashes = "-----";

        /// <summary>Null when Teleport accepts the entry, else why not (Teleport's key phrase first).</summary>
        public static string? Problem(string? entry)
        {
            // api/utils/tlsutils ParseCertificatePEMStrict, whose test TestParseCertificatePEMStrict asserts these phrases.
            var block = DecodeFirstBlock(entry ?? "", out string type, out string rest);
            if (block == null) return "expected PEM: no -----BEGIN CERTIFICATE----- block";
            if (type != "CERTIFICATE") return "unexpected block type " + GoText.Quote(type);
            if (rest.Length > 0) return "trailing data after the PEM block (one certificate per entry, nothing after its END line)";
            X509Certificate2? cert = null;
            try
            {
                try
                {
                    // x509.ParseCertificate takes one DER certificate; .NET would also open a PKCS#7 or PFX blob.
                    if (X509Certificate2.GetCertContentType(block) != X509ContentType.Cert) return "malformed certificate";
                    cert = new X509Certificate2(block);
                }
                catch (Exception e) when (e is System.Security.Cryptography.CryptographicException || e is ArgumentException)
                {
                    return "malformed certificate";
                }
                return CaProblem(cert);
            }
            finally
            {
                cert?.Dispose();
            }
        }

        // lib/services/app.go isValidCACertificatePEM (newest stored version): BasicConstraintsValid && IsCA; a key usage, when set, must include CertSign.
        private static string? CaProblem(X509Certificate2 cert)
        {
            string subject = Subject(cert);
            bool isCa = false;
            X509KeyUsageFlags? usage = null;
            foreach (var ext in cert.Extensions)
            {
                if (ext is X509BasicConstraintsExtension bc) isCa = bc.CertificateAuthority;
                else if (ext is X509KeyUsageExtension ku) usage = ku.KeyUsages;
            }
            if (!isCa) return "certificate " + GoText.Quote(subject) + " is not a CA";
            if (usage.HasValue && usage.Value != X509KeyUsageFlags.None && (usage.Value & X509KeyUsageFlags.KeyCertSign) == 0)
                return "CA certificate " + GoText.Quote(subject) + " does not allow certificate signing";
            return null;
        }

        /// <summary>
        /// Whether <paramref name="leaf"/> chains, through the intermediates the server sent, to a certificate of
        /// <paramref name="allowedCas"/> for server authentication, as Go's x509 Verify does in lib/srv/app/upstreamtls
        /// tlsVerifyPeerCertificate: Roots = the allowed CAs alone (newTLSCertPool), Intermediates = the server's other
        /// certificates, KeyUsages = serverAuth. Null when an entry is an alias (its CAs are the cluster's, not known offline),
        /// not a CA Teleport accepts, or this runtime cannot keep its own trust store and downloads out of the chain
        /// (<paramref name="problem"/> says which). False gives the reason in <paramref name="problem"/>. The leaf's dates
        /// and name are checked by the caller.
        /// </summary>
        public static bool? Chains(X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, IReadOnlyList<string>? allowedCas, out string? problem)
        {
            problem = null;
            if (allowedCas == null || allowedCas.Count == 0) return null;
            if (!CanIsolateChains)
            {
                problem = "this runtime (" + RuntimeInformation.FrameworkDescription + ") cannot build a chain from tls.allowed_cas alone (no X509ChainPolicy.CustomTrustStore), so the App Service's check is not reproduced";
                return null;
            }
            var roots = new List<X509Certificate2>();
            try
            {
                foreach (var entry in allowedCas)
                {
                    if (Problem(entry) != null) return null;
                    roots.Add(new X509Certificate2(DecodeFirstBlock(entry, out _, out _)!)); // Problem() just decoded it
                }
                using (var chain = new X509Chain())
                {
                    var policy = chain.ChainPolicy;
                    policy.RevocationMode = X509RevocationMode.NoCheck;
                    policy.UrlRetrievalTimeout = TimeSpan.FromMilliseconds(1);
                    // Go's default KeyUsages: ExtKeyUsageServerAuth; a certificate without the extension allows any usage.
                    policy.ApplicationPolicy.Add(new Oid(ServerAuthOid));
                    Isolate(policy, roots);
                    foreach (var i in intermediates) policy.ExtraStore.Add(i);
                    chain.Build(leaf);
                    // Go accepts the first certificate of the chain found in RootCAs; every link up to it must verify. The
                    // leaf's own dates are the caller's problem to report ("expired on"); any other certificate's fail here.
                    const X509ChainStatusFlags tolerated = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain;
                    for (int i = 0; i < chain.ChainElements.Count; i++)
                    {
                        var element = chain.ChainElements[i];
                        var flags = element.ChainElementStatus.Aggregate(X509ChainStatusFlags.NoError, (f, st) => f | st.Status);
                        if (i == 0) flags &= ~X509ChainStatusFlags.NotTimeValid;
                        if ((flags & X509ChainStatusFlags.NotValidForUsage) != 0)
                        {
                            problem = "the certificate chain does not allow server authentication (x509: certificate specifies an incompatible key usage)";
                            return false;
                        }
                        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
                        {
                            problem = "the issuing certificate " + element.Certificate.Subject + " is outside its validity dates (x509: certificate has expired or is not yet valid)";
                            return false;
                        }
                        if ((flags & ~tolerated) != 0)
                        {
                            problem = "the certificate chain to tls.allowed_cas does not verify (" + flags + ")";
                            return false;
                        }
                        byte[] raw = element.Certificate.RawData;
                        if (roots.Any(r => r.RawData.SequenceEqual(raw))) return true;
                    }
                    problem = "the certificate does not chain to a CA in tls.allowed_cas (x509: certificate signed by unknown authority)";
                    return false;
                }
            }
            finally
            {
                foreach (var r in roots) r.Dispose();
            }
        }

        private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

        // .NET 5+ only: the engine targets netstandard2.0, so X509ChainPolicy.TrustMode, CustomTrustStore and
        // DisableCertificateDownloads are reached by reflection; without them the host's stores and AIA downloads join the chain.
        private static readonly PropertyInfo? TrustModeProperty = typeof(X509ChainPolicy).GetProperty("TrustMode");
        private static readonly PropertyInfo? CustomTrustStoreProperty = typeof(X509ChainPolicy).GetProperty("CustomTrustStore");
        private static readonly PropertyInfo? DisableDownloadsProperty = typeof(X509ChainPolicy).GetProperty("DisableCertificateDownloads");

        /// <summary>Whether chains can be built from given roots alone, without downloads (.NET 5+); SslStream there also fills the chain's ExtraStore with what the server sent.</summary>
        internal static bool CanIsolateChains => TrustModeProperty != null && CustomTrustStoreProperty != null && DisableDownloadsProperty != null &&
                                                 TrustModeProperty.CanWrite && DisableDownloadsProperty.CanWrite;

        private static void Isolate(X509ChainPolicy policy, IEnumerable<X509Certificate2> roots)
        {
            TrustModeProperty!.SetValue(policy, Enum.Parse(TrustModeProperty.PropertyType, "CustomRootTrust"));
            var store = (X509Certificate2Collection)CustomTrustStoreProperty!.GetValue(policy)!;
            foreach (var r in roots) store.Add(r);
            DisableDownloadsProperty!.SetValue(policy, true);
        }

        // encoding/pem Decode: the lines after BEGIN that hold a colon are headers (Proc-Type, ...), kept apart from the base64.
        private static string WithoutHeaders(string body)
        {
            int at = 0;
            while (at < body.Length)
            {
                int nl = body.IndexOf('\n', at);
                string line = nl < 0 ? body.Substring(at) : body.Substring(at, nl - at);
                if (line.IndexOf(':') < 0) break;
                at = nl < 0 ? body.Length : nl + 1;
            }
            return body.Substring(at);
        }

        // Go's pkix.Name.String() is RFC 2253: the last RDN first, joined by commas; .NET's Name is in the same order with ", ".
        private static string Subject(X509Certificate2 cert) => cert.SubjectName.Name.Replace(", ", ",");

        /// <summary>
        /// encoding/pem Decode, for the first block: text before its BEGIN line is skipped; the END line must name the
        /// same type and end its line; rest is what follows that line. Null when no block decodes.
        /// </summary>
        private static byte[]? DecodeFirstBlock(string data, out string type, out string rest)
        {
            type = "";
            rest = "";
            int start = data.StartsWith(Begin, StringComparison.Ordinal) ? 0 : data.IndexOf("\n" + Begin, StringComparison.Ordinal);
            if (start < 0) return null;
            if (start > 0 || data[0] == '\n') start++;
            int lineEnd = data.IndexOf('\n', start);
            if (lineEnd < 0) return null;
            string typeLine = data.Substring(start, lineEnd - start).TrimEnd('\r', ' ', '\t');
            if (!typeLine.EndsWith(Dashes, StringComparison.Ordinal) || typeLine.Length < Begin.Length + Dashes.Length) return null;
            type = typeLine.Substring(Begin.Length, typeLine.Length - Begin.Length - Dashes.Length);
            string end = "\n-----END " + type + Dashes;
            int endAt = data.IndexOf(end, lineEnd, StringComparison.Ordinal);
            if (endAt < 0) return null;
            string body = endAt > lineEnd ? data.Substring(lineEnd + 1, endAt - lineEnd - 1) : "";
            body = WithoutHeaders(body);
            int after = endAt + end.Length;
            int nl = data.IndexOf('\n', after);
            string restOfLine = (nl < 0 ? data.Substring(after) : data.Substring(after, nl - after)).TrimEnd('\r', ' ', '\t');
            if (restOfLine.Length > 0) return null;
            rest = nl < 0 ? "" : data.Substring(nl + 1);
            try
            {
                return Convert.FromBase64String(body.Replace("\r", "").Replace("\n", "").Replace(" ", "").Replace("\t", ""));
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
