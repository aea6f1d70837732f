using System;
using System.Collections.Generic;
using System.Linq;
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
        /// <paramref name="allowedCas"/>, as Go's x509 Verify with RootCAs = those CAs alone does (lib/srv/app/upstreamtls
        /// newTLSCertPool: allowed_cas replace the host's trust store). Null when an entry is an alias (its CAs are the
        /// cluster's, not known offline) or not a CA Teleport accepts. Dates and the name are checked by the caller.
        /// </summary>
        public static bool? Chains(X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, IReadOnlyList<string>? allowedCas)
        {
            if (allowedCas == null || allowedCas.Count == 0) return null;
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
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority | X509VerificationFlags.IgnoreNotTimeValid;
                    foreach (var r in roots) chain.ChainPolicy.ExtraStore.Add(r);
                    foreach (var i in intermediates) chain.ChainPolicy.ExtraStore.Add(i);
                    chain.Build(leaf);
                    // Go accepts the first certificate of the chain found in RootCAs; every link up to it must verify.
                    const X509ChainStatusFlags tolerated = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain |
                                                           X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;
                    for (int i = 0; i < chain.ChainElements.Count; i++)
                    {
                        var element = chain.ChainElements[i];
                        var flags = element.ChainElementStatus.Aggregate(X509ChainStatusFlags.NoError, (f, st) => f | st.Status);
                        if (i > 0 && (flags & X509ChainStatusFlags.NotTimeValid) != 0) return false;
                        if ((flags & ~tolerated & ~X509ChainStatusFlags.NotTimeValid) != 0) return false;
                        byte[] raw = element.Certificate.RawData;
                        if (roots.Any(r => r.RawData.SequenceEqual(raw))) return true;
                    }
                    return false;
                }
            }
            finally
            {
                foreach (var r in roots) r.Dispose();
            }
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
            if (body.Contains(":")) return null; // PEM headers (Proc-Type, ...) never belong to a certificate block here
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
