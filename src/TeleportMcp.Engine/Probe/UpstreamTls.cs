using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>How the App Service checks an https upstream's certificate for one app.</summary>
    public enum UpstreamVerification
    {
        /// <summary>The host's trust store and the URI's host name: what this module's TLS check and probe do.</summary>
        SystemTrust,
        /// <summary>Any certificate is accepted (insecure_skip_verify, or tls.mode insecure).</summary>
        Insecure,
        /// <summary>tls.allowed_cas, tls.server_name or a SPIFFE ID decide; the Tls check reproduces only PEM allowed_cas with verify-server-name.</summary>
        Custom,
        /// <summary>Teleport refuses the app's tls settings (validateAppTLS); the app is not served.</summary>
        Refused,
    }

    /// <summary>The verdict on an app's upstream TLS settings, with the reason in Teleport's words where it has them.</summary>
    public sealed class UpstreamTlsRule
    {
        internal UpstreamTlsRule(UpstreamVerification verification, string mode, string reason, bool conflict = false)
        {
            Verification = verification;
            Mode = mode;
            Reason = reason;
            InsecureSkipVerifyConflict = conflict;
        }

        /// <summary>Refused because insecure_skip_verify sits beside a tls.mode that verifies.</summary>
        public bool InsecureSkipVerifyConflict { get; }

        public UpstreamVerification Verification { get; }

        /// <summary>The mode the App Service applies: tls.mode, or the one Teleport evaluates when it is empty.</summary>
        public string Mode { get; }

        public string Reason { get; }
    }

    /// <summary>
    /// The App Service's upstream TLS rules for HTTP and SSE MCP apps. Newer releases build the MCP transport's TLS
    /// configuration with lib/srv/app/upstreamtls/upstreamtls.go Configure (from the app's evaluated tls.mode) after
    /// lib/services/app.go validateAppTLS accepted the tls block; older ones set InsecureSkipVerify from
    /// insecure_skip_verify alone (lib/srv/mcp/sse.go makeHTTPTransport). Both accept any certificate for an app with
    /// insecure_skip_verify and no tls block.
    /// </summary>
    public static class UpstreamTls
    {
        // api/types AppTLSMode constants, in lib/services/app.go validateAppTLS's order (their definitions are not in the stored
        // sources). "verify-full" is literal YAML in lib/services/app_test.go (appYAML, TestApplicationUnmarshal); the other three
        // are the names lib/srv/app's TestHandleConnectionTLSUpstream gives the cases of AppTLSModeVerifyServerName,
        // AppTLSModeVerifySpiffeID and AppTLSModeInsecure, named like verify-full's case after its literal.
        public const string ModeInsecure = "insecure";
        public const string ModeVerifyFull = "verify-full";
        public const string ModeVerifyServerName = "verify-server-name";
        public const string ModeVerifySpiffeId = "verify-spiffe-id";
        private static readonly string[] Modes = { ModeInsecure, ModeVerifyFull, ModeVerifyServerName, ModeVerifySpiffeId };

        // api/types AppClientCertMode: "managed" is literal in lib/services/app_test.go; "disabled" per the constant's name.
        private static readonly string[] ClientCertModes = { "", "disabled", "managed" };

        // types.AppSupportedInternalCAs: the Teleport CA alias accepted in tls.allowed_cas (lib/services/app_test.go).
        private const string WorkloadIdentityCa = "workload_identity";

        public static UpstreamTlsRule Evaluate(App app)
        {
            string q = GoText.Quote(app.Name ?? "");
            if (app.TlsMode == null)
                return app.InsecureSkipVerify
                    ? new UpstreamTlsRule(UpstreamVerification.Insecure, ModeInsecure, "insecure_skip_verify: the App Service accepts any certificate from the upstream")
                    : new UpstreamTlsRule(UpstreamVerification.SystemTrust, "", "no tls block: the App Service verifies the upstream with its host's trust store and the URI's host name");

            // lib/services/app.go validateAppTLS, in its order. Its test refuses a tls block on an http:// app; the plain-http
            // MCP schemes do not use upstream TLS either.
            var scheme = McpTransportRules.SchemeOf(app.Uri ?? "");
            if (!scheme.EndsWith("https", StringComparison.Ordinal))
                return Refused(app.TlsMode, "App " + q + " can only specify 'tls' settings for URI schemes that use upstream TLS");
            string mode;
            if (Array.IndexOf(Modes, app.TlsMode) >= 0) mode = app.TlsMode;
            else if (app.TlsMode.Length == 0)
                // "When not specified, use the evaluated mode": insecure with insecure_skip_verify (its test "insecure skip
                // verify with empty mode defaults to insecure"), else the name check (an empty tls block on an https app passes
                // validation, which rules out the SPIFFE modes; upstream TLS tests say the default verifies the certificate).
                mode = app.InsecureSkipVerify ? ModeInsecure : ModeVerifyServerName;
            else
                return Refused(app.TlsMode, "App " + q + " has invalid 'tls.mode' " + GoText.Quote(app.TlsMode) + ". Supported values are: " + string.Join(", ", Modes.Select(GoText.Quote)));

            if (app.InsecureSkipVerify && mode != ModeInsecure)
                return new UpstreamTlsRule(UpstreamVerification.Refused, mode, "App " + q + " cannot specify 'insecure_skip_verify: true' (deprecated) and 'tls.mode: " + GoText.Quote(mode) +
                    "'. Drop 'insecure_skip_verify', and if you want the app to use insecure connections set 'tls.mode: " + GoText.Quote(ModeInsecure) + "'", conflict: true);

            string clientCertMode = app.TlsClientCertMode ?? "";
            if (Array.IndexOf(ClientCertModes, clientCertMode) < 0)
                return Refused(mode, "App " + q + " has invalid 'tls.client_cert_mode'. Supported values are: " + string.Join(", ", ClientCertModes.Select(GoText.Quote)));
            if (clientCertMode == "managed" && mode == ModeInsecure)
                return Refused(mode, "App " + q + " can only enable 'tls.client_cert_mode' when 'tls.mode' is " + GoText.Quote(ModeVerifyFull));

            string serverName = app.TlsServerName ?? "";
            string spiffeId = app.TlsServerSpiffeId ?? "";
            var allowedCas = app.TlsAllowedCas ?? new List<string>();
            switch (mode)
            {
                case ModeVerifyFull:
                    if (!IsCompleteSpiffeId(spiffeId))
                        return Refused(mode, "App " + q + " has invalid `tls.server_spiffe_id`. The SPIFFE ID must be complete (trust domain and path) and start with 'spiffe://'");
                    break;
                case ModeVerifyServerName:
                    if (spiffeId.Length > 0)
                        return Refused(mode, "App " + q + " 'tls.server_spiffe_id' is not used when mode is set to " + GoText.Quote(mode) + ". To perform both, server name and SPIFFE ID verifications use " + GoText.Quote(ModeVerifyFull) + " mode");
                    break;
                case ModeVerifySpiffeId:
                    if (!IsCompleteSpiffeId(spiffeId))
                        return Refused(mode, "App " + q + " has invalid `tls.server_spiffe_id`. The SPIFFE ID must be complete (trust domain and path) and start with 'spiffe://'");
                    if (serverName.Length > 0)
                        return Refused(mode, "App " + q + " 'tls.server_name' is not used when mode is set to " + GoText.Quote(mode) + ". To perform both, server name and SPIFFE ID verifications use " + GoText.Quote(ModeVerifyFull) + " mode");
                    break;
                default:
                    if (serverName.Length > 0 || spiffeId.Length > 0 || allowedCas.Count > 0)
                        return Refused(mode, "App " + q + " 'tls' are not in use since mode is set to " + GoText.Quote(mode));
                    break;
            }
            foreach (var ca in allowedCas)
            {
                if (ca == WorkloadIdentityCa) continue;
                // lib/services/app.go validateAppTLS (newest stored version) appends the PEM or CA error after the alias list.
                string? problem = AllowedCaPem.Problem(ca);
                if (problem != null)
                    return Refused(mode, "App " + q + " 'tls.allowed_cas' values must include valid PEM-encoded CA certificates or a Teleport CA alias (" + GoText.Quote(WorkloadIdentityCa) + "): " + problem);
            }

            // lib/srv/app/upstreamtls/upstreamtls.go Configure: which checks the App Service then makes.
            if (mode == ModeInsecure)
                return new UpstreamTlsRule(UpstreamVerification.Insecure, mode, "tls.mode " + GoText.Quote(mode) + (app.InsecureSkipVerify ? " (and insecure_skip_verify)" : "") + ": the App Service accepts any certificate from the upstream");
            if (mode == ModeVerifyServerName && allowedCas.Count == 0 && serverName.Length == 0)
                return new UpstreamTlsRule(UpstreamVerification.SystemTrust, mode, "tls.mode " + GoText.Quote(mode) + " without allowed_cas or server_name: the App Service verifies the upstream with its host's trust store and the URI's host name");
            var by = new List<string>();
            if (allowedCas.Count > 0) by.Add("tls.allowed_cas instead of the host's trust store");
            if (serverName.Length > 0 && mode != ModeVerifySpiffeId) by.Add("the name " + serverName + " (tls.server_name) instead of the URI's host");
            if (mode != ModeVerifyServerName) by.Add("the SPIFFE ID " + spiffeId + (mode == ModeVerifySpiffeId ? " (and no host name)" : ""));
            // The static Tls check chains to PEM allowed_cas itself (HttpAppChecks.TlsVerdict); an alias, another name or a SPIFFE ID it cannot.
            bool staticCheckReproduces = mode == ModeVerifyServerName && serverName.Length == 0 && !allowedCas.Contains(WorkloadIdentityCa);
            return new UpstreamTlsRule(UpstreamVerification.Custom, mode, "tls.mode " + GoText.Quote(mode) + ": the App Service verifies the upstream by " + string.Join(", ", by) +
                (staticCheckReproduces ? ", which the Tls check reproduces (the -Launch probe does not)" : ", which this module does not reproduce"));
        }

        // go-spiffe spiffeid.FromString as validateAppTLS uses it: the scheme, a trust domain and a path.
        private static bool IsCompleteSpiffeId(string id)
        {
            const string scheme = "spiffe://";
            if (!id.StartsWith(scheme, StringComparison.Ordinal)) return false;
            var rest = id.Substring(scheme.Length);
            int slash = rest.IndexOf('/');
            return slash > 0 && slash < rest.Length - 1;
        }

        private static UpstreamTlsRule Refused(string mode, string reason) => new UpstreamTlsRule(UpstreamVerification.Refused, mode, reason);
    }
}
