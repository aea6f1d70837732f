using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>What a TLS handshake with the upstream saw: its certificate, what .NET's verification found, the chain's status.</summary>
    internal sealed class SeenCertificate
    {
        public SeenCertificate(X509Certificate2 certificate, SslPolicyErrors errors, X509ChainStatusFlags chainFlags, IReadOnlyList<X509Certificate2>? intermediates = null)
        {
            Certificate = certificate;
            Errors = errors;
            ChainFlags = chainFlags;
            Intermediates = intermediates ?? new List<X509Certificate2>();
            IntermediatesKnown = intermediates != null;
        }

        /// <summary>The other certificates the server sent in the handshake (Go's PeerCertificates[1:]), not the chain .NET built.</summary>
        public IReadOnlyList<X509Certificate2> Intermediates { get; }

        /// <summary>Whether the handshake recorded them: without them a certificate that does not chain alone proves nothing.</summary>
        public bool IntermediatesKnown { get; }

        public X509Certificate2 Certificate { get; }
        public SslPolicyErrors Errors { get; }
        public X509ChainStatusFlags ChainFlags { get; }
    }

    /// <summary>Static checks of streamable HTTP and SSE apps: scheme and path, rewrite headers, insecure_skip_verify, the upstream's certificate.</summary>
    internal static class HttpAppChecks
    {
        // api/types/app.go CheckAndSetDefaults: the accepted rewrite.jwt_claims values (2:H7).

        public static void TransportHints(App app, Uri uri, string scheme, IEnumerable<App> servers, Action<string, CheckStatus, string, string?, bool> add)
        {
            // The URI after its scheme, for a fix that rewrites the scheme: taken only when a fix quotes it (a huge URI is not copied).
            string Rest() => (app.Uri ?? "").Substring((app.Uri ?? "").IndexOf("://", StringComparison.Ordinal) + 3);
            string tls = scheme.EndsWith("https", StringComparison.Ordinal) ? "https" : "http";
            if (app.Transport == McpTransport.Http && PathEndsWith(uri, "/sse"))
                add("Transport", CheckStatus.Warn, "the URI says streamable HTTP (" + scheme + "://) but its path ends in /sse, where legacy SSE servers listen; " +
                    "a streamable POST to an SSE endpoint is answered 404 or 405, which tsh shows as [MCP_TRANSPORT_MISMATCH] (2:H20)",
                    "If the server speaks SSE, use mcp+sse+" + tls + "://" + Rest() + "; if it speaks streamable HTTP, point the URI at its streamable endpoint (often /mcp). Test-TeleportMcpApp -Launch proves which.", false);
            else if (app.Transport == McpTransport.Sse && PathEndsWith(uri, "/mcp"))
                add("Transport", CheckStatus.Warn, "the URI says SSE (" + scheme + "://) but its path ends in /mcp, where streamable HTTP servers listen",
                    "If the server speaks streamable HTTP, use mcp+" + tls + "://" + Rest() + ". Test-TeleportMcpApp -Launch proves which.", false);
            else
                add("Transport", CheckStatus.Pass, (app.Transport == McpTransport.Sse ? "SSE" : "streamable HTTP") + " per the scheme " + scheme + "://", null, false);
            // lib/srv/mcp/sse.go makeSSEBaseURI matches the raw URI case-sensitively (strings.HasPrefix(uri, types.SchemeMCPSSEHTTP));
            // lib/srv/mcp/http.go takes the scheme from url.Parse, which lower-cases it. How api/types tells an MCP app and its
            // transport from the URI is not in the stored sources: whether Teleport serves such a URI at all is undecided.
            string written = (app.Uri ?? "").Substring(0, Math.Max(0, (app.Uri ?? "").IndexOf("://", StringComparison.Ordinal)));
            if (!string.Equals(written, scheme, StringComparison.Ordinal))
                add("SchemeCase", CheckStatus.Indeterminate, "the scheme is written " + GoText.Quote(written) + ", not in lower case: " +
                    (app.Transport == McpTransport.Sse
                        ? "the App Service's SSE dial compares it case-sensitively (lib/srv/mcp/sse.go makeSSEBaseURI) and answers \"unknown scheme type: " + scheme + "\" if the app gets that far"
                        : "the App Service's streamable HTTP proxy lower-cases it (lib/srv/mcp/http.go, url.Parse)") +
                    "; whether Teleport recognises the URI as an MCP app (api/types) is not confirmed",
                    "Write the scheme in lower case: " + scheme + "://" + Rest(), false);
            var agents = Agents(servers);
            var old = agents.Where(a => a.Release != null && a.Release < FirstReleaseWithRemoteTransports).ToList();
            if (old.Count > 0)
            {
                add("ServerRelease", CheckStatus.Fail, Serving(old) + " (app_server spec.version), and remote MCP servers (mcp+http, mcp+https, mcp+sse+http, mcp+sse+https) need Teleport 18.3.0 or later (PR #61051): " +
                    (old.Count == 1 ? "that release serves" : "those releases serve") + " only stdio MCP apps" + AlsoServing(agents, old),
                    "Upgrade the App Service to Teleport 18.3.0 or later, or serve this app from an agent that runs it.", false);
                return;
            }
            if (scheme == McpTransportRules.SchemeSseHttps)
                SseOverHttps(agents, add);
        }

        /// <summary>
        /// Whether the URI's path, without its trailing '/', ends with <paramref name="suffix"/> (ignoring case), read in
        /// AbsoluteUri, which the Url check holds anyway, instead of a copy of the path (AbsolutePath): the path runs from the
        /// authority to the first '?' or '#', which neither the authority nor an escaped path can hold.
        /// </summary>
        internal static bool PathEndsWith(Uri uri, string suffix)
        {
            string s = uri.AbsoluteUri;
            int start = s.IndexOf("://", StringComparison.Ordinal);
            start = start < 0 ? 0 : s.IndexOf('/', start + 3);
            if (start < 0) return false;
            int end = s.IndexOfAny(new[] { '?', '#' }, start);
            if (end < 0) end = s.Length;
            while (end > start && s[end - 1] == '/') end--;
            return end - start >= suffix.Length && string.Compare(s, end - suffix.Length, suffix, 0, suffix.Length, StringComparison.OrdinalIgnoreCase) == 0;
        }

        // 2:H1. Streamable HTTP and SSE MCP apps came with PR #60519 in 18.3.0 (PR #61051 "Streamable HTTP and SSE MCP server need 18.3.0+").
        internal static readonly Version FirstReleaseWithRemoteTransports = new Version(18, 3, 0);

        // 2:H19. lib/srv/mcp/sse.go makeSSEBaseURI tested HasPrefix(uri, "mcp+sse+http") first, so mcp+sse+https apps were dialed
        // over http. Fixed by PR #68020 (master, merged 2026-06-22); its v18 backport #68058 was not on branch/v18 on 2026-07-09
        // (the review of #68487 quotes the old HasPrefix there), and 18.9.2 was published by 2026-06-29 (#68195): every release up
        // to 18.9.2 lacks the fix. Which release first has it is not in the stored sources (CHANGELOG.md @bab09e2d: x.0.0 only).
        internal static readonly Version LastReleaseWithoutSseHttpsFix = new Version(18, 9, 2);

        private static void SseOverHttps(IReadOnlyList<ServingAgent> agents, Action<string, CheckStatus, string, string?, bool> add)
        {
            const string Fix = "Upgrade the App Service to a release whose changelog lists \"Fix configuring HTTPS SSE MCP servers\" (PR #68020, v18 backport #68058; later than 18.9.2), or serve the upstream over streamable HTTP (mcp+https://).";
            // Releases before 18.3.0 have no SSE transport at all (the ServerRelease check says so); 18.3.0 to 18.9.2 have the bug.
            var buggy = agents.Where(a => a.Release != null && a.Release <= LastReleaseWithoutSseHttpsFix).ToList();
            if (buggy.Count > 0)
            {
                add("SseHttps", CheckStatus.Fail, Serving(buggy) + " (app_server spec.version), and releases from 18.3.0 (the first with SSE apps) up to 18.9.2 dial mcp+sse+https:// apps over plain http " +
                    "(lib/srv/mcp/sse.go makeSSEBaseURI, fixed by PR #68020): an https upstream refuses the SSE GET" + AlsoServing(agents, buggy),
                    Fix, false);
                return;
            }
            var known = agents.Where(a => a.Release != null).ToList();
            add("SseHttps", CheckStatus.Indeterminate, "whether the App Service dials this app over https depends on its release: releases up to 18.9.2 dial mcp+sse+https:// apps over plain http " +
                "(lib/srv/mcp/sse.go makeSSEBaseURI; PR #68020 \"MCP: Fix HTTPS support for SSE\", v18 backport #68058), and the first release with the fix is not known here; " +
                (known.Count == 0 ? "the App Service's release is not in the input (app_server spec.version from tctl get app_servers gives it)"
                    : known.Count == 1 && agents.Count == 1 ? "this app's App Service runs " + known[0].Version
                    : "this app's App Services run " + ListText.Join(", ", known.Select(a => a.Host + " " + a.Version))),
                Fix, false);
        }

        /// <summary>The agents that published a release, once each (a host given twice counts once).</summary>
        internal static IReadOnlyList<ServingAgent> Agents(IEnumerable<App> servers) =>
            ServingAgent.Distinct((servers ?? Enumerable.Empty<App>()).Where(s => !StringChecks.IsNullOrEmpty(s.ServerVersion)), "");

        private static string Serving(IReadOnlyList<ServingAgent> agents) => agents.Count == 1
            ? "the App Service " + agents[0].Host + " that serves this app runs Teleport " + agents[0].Version
            : "the App Services that serve this app run Teleport releases " + ListText.Join(", ", agents.Select(a => a.Version + " (" + a.Host + ")"));

        // lib/web/app/match.go: the proxy shuffles an app's app_servers for each connection (2:S11), so the agents without the fault work only sometimes.
        private static string AlsoServing(IReadOnlyList<ServingAgent> all, IReadOnlyList<ServingAgent> failing)
        {
            var others = all.Where(a => !failing.Contains(a)).ToList();
            return others.Count == 0 ? ""
                : "; " + ListText.Join(", ", others.Select(a => a.Host + " (" + a.Version + ")")) + (others.Count == 1 ? " serves" : " serve") +
                  " it too, and Teleport picks an agent at random for each connection, so the app fails only some of the time";
        }

        private const string OverrideFix = "Keep one entry per header name; to send several values, give one entry a trait with several values (each becomes its own header line).";

        public static HeaderPlan Headers(App app, StaticCheckOptions options, Action<string, CheckStatus, string, string?, bool> add)
        {
            string q = GoText.Quote(app.Name ?? "");
            var rewrite = app.Rewrite;
            bool isStatic = app.Origin == AppOrigin.TeleportYaml;
            if (rewrite != null && !StaticAppRules.IsJwtClaimsValue(rewrite.JwtClaims))
                add("JwtClaims", CheckStatus.Fail, "app " + q + " has unexpected JWT rewrite value " + GoText.Quote(rewrite.JwtClaims) + " (api/types/app.go)" + At(rewrite.JwtClaimsLocation),
                    "Set rewrite.jwt_claims to roles-and-traits (the default), roles, traits or none.", true);

            var plan = HeaderPlan.Build(app, options.UserName, options.UserTraits, options.SuppliedHeaders, options.Caller);
            if (rewrite == null || rewrite.Headers.Count == 0)
            {
                add("Headers", CheckStatus.Pass, "no rewrite.headers: the App Service adds only teleport-jwt-assertion to each request", null, false);
                return plan;
            }
            foreach (var d in plan.Decisions)
            {
                var h = d.Entry;
                string shown = h.Display + At(h.Location);
                if (h.ParseError != null)
                {
                    // servicecfg/app.go (2:H3): a teleport.yaml entry stops the App Service from loading its configuration.
                    add("Headers", CheckStatus.Fail, (isStatic ? StaticAppRules.UnparsedHeader(app.Name ?? "", h.ParseError) : h.ParseError) + At(h.Location),
                        "Write the entry as \"Name: value\" (teleport.yaml) or {name: Name, value: value} (app resource), with a valid header name and no control characters.", isStatic);
                    continue;
                }
                switch (d.Fate)
                {
                    case HeaderFate.Dropped when HeaderRules.IsReserved(h.Name):
                        // servicecfg/app.go, lib/utils/app/app.go (2:H4): static apps fail to load; dynamic apps drop the entry silently.
                        if (isStatic)
                            add("Headers", CheckStatus.Fail, StaticAppRules.ReservedHeader(app.Name ?? "", h.Name ?? "") + At(h.Location),
                                "Remove the entry; Teleport sets " + h.Name + " itself.", true);
                        else
                            add("Headers", CheckStatus.Warn, shown + ": header " + GoText.Quote(h.Name) + " is reserved; the App Service drops this entry silently (AppRewriteHeaders)",
                                "Remove the entry; Teleport sets " + h.Name + " itself.", false);
                        break;
                    case HeaderFate.Dropped:
                        add("Headers", CheckStatus.Fail, shown + ": " + d.Reason,
                            d.Fix ?? TemplateFix(app), false);
                        break;
                    case HeaderFate.Undecided:
                        add("Headers", CheckStatus.Indeterminate, shown + ": " + d.Reason, null, false);
                        break;
                    case HeaderFate.NeedsTeleportToken:
                        add("Headers", CheckStatus.Pass, shown + ": Teleport fills in {{internal." + d.Token + "}} per session (the probe cannot; " + (options.Caller ?? CallerParameters.None).Give(OfferedParameter.Header) + " supplies a value)", null, false);
                        // lib/srv/app/common RolesAndTraitsForAppToken (TestRolesAndTraitsForAppToken "none") sets the claims of both tokens:
                        // the JWT, and the ID token lib/srv/mcp/auth.go generateIDToken mints from the same roles and traits.
                        if (app.Rewrite?.JwtClaims == "none")
                            add("JwtClaims", CheckStatus.Warn, shown + ": with jwt_claims: none the " + (d.Token == "jwt" ? "JWT" : "ID token") + " carries neither roles nor traits, only the user name (lib/srv/app/common/jwt.go RolesAndTraitsForAppToken); an upstream that authorizes on claims refuses every user",
                                "Set rewrite.jwt_claims to roles, traits or roles-and-traits if the upstream reads them.", false);
                        break;
                    case HeaderFate.ValueUnavailable:
                        add("Headers", CheckStatus.Skipped, shown + ": " + d.Reason, null, false);
                        continue;
                    case HeaderFate.DependsOnUser:
                        add("Headers", CheckStatus.Skipped, shown + ": " + d.Reason, null, false);
                        break;
                    case HeaderFate.Supplied:
                        add("Headers", CheckStatus.Pass, shown + ": replaced by the " + (options.Caller ?? CallerParameters.None).Give(OfferedParameter.Header) + " value for this probe", null, false);
                        break;
                    case HeaderFate.Overridden:
                        add("Headers", CheckStatus.Warn, shown + ": " + d.Reason, OverrideFix, false);
                        break;
                    default:
                        add("Headers", CheckStatus.Pass, shown + (TeleportMcp.Engine.Rbac.TraitTemplate.LooksLikeTemplate(h.RealValue() ?? "") ? ": expands for " + (options.UserName ?? "the user") : ""), null, false);
                        break;
                }
                if (d.MayBeOverriddenBy != null)
                    add("Headers", CheckStatus.Warn, shown + ": the later entry " + d.MayBeOverriddenBy.Entry.Display + At(d.MayBeOverriddenBy.Entry.Location) +
                        " replaces it whenever the App Service applies that entry (it deletes the header before it adds each entry)", OverrideFix, false);
                string? secret = Redactor.PlaintextSecret(h.Name, h.RealValue());
                if (secret != null)
                    add("HeaderSecret", CheckStatus.Warn, shown + " holds a credential in plain text: everyone who can read the " + (isStatic ? "teleport.yaml" : "app resource (tctl get apps)") + " can read it, and every user of the app shares it",
                        "Move it to a user trait (value: \"" + Scheme(h.RealValue()) + "{{external." + TraitSuggestion(h.Name) + "}}\", trait set per user or by the IdP), or use a token Teleport issues ({{internal.jwt}}, {{internal.id_token}}) if the server accepts it; then rotate the exposed key.", false);
            }
            return plan;
        }

        public static void InsecureSkipVerify(App app, Uri uri, UpstreamTlsRule rule, Action<string, CheckStatus, string, string?, bool> add)
        {
            if (app.TlsMode != null && !rule.InsecureSkipVerifyConflict)
            {
                // lib/services/app.go validateAppTLS: a tls block Teleport refuses keeps the app from being created or updated.
                if (rule.Verification == UpstreamVerification.Refused)
                    add("TlsSettings", CheckStatus.Fail, rule.Reason, "Fix spec.tls as the message says (modes: insecure, verify-server-name, verify-full, verify-spiffe-id).", false);
                else
                    add("TlsSettings", CheckStatus.Pass, rule.Reason, null, false);
            }
            if (!app.InsecureSkipVerify) return;
            if (rule.InsecureSkipVerifyConflict)
            {
                add("InsecureSkipVerify", CheckStatus.Fail, rule.Reason + " (lib/services/app.go validateAppTLS)",
                    "Remove insecure_skip_verify: tls.mode decides how newer releases verify the upstream.", false);
                return;
            }
            if (uri.Scheme != "https")
                add("InsecureSkipVerify", CheckStatus.Warn, "insecure_skip_verify is set but the upstream is plain http: it has no effect, and the traffic (headers included) is not encrypted",
                    "Use https for the upstream, or remove insecure_skip_verify.", false);
            else if (IsPublicHost(uri.Host))
                add("InsecureSkipVerify", CheckStatus.Warn, "insecure_skip_verify on the public host " + uri.Host + ": the App Service accepts any certificate from it (lib/srv/app/upstreamtls/upstreamtls.go, older releases lib/srv/mcp/sse.go makeHTTPTransport), so anyone on the path can read and change the traffic, rewrite headers included",
                    "Remove insecure_skip_verify; if the server's certificate is private, give the App Service host its CA (system trust store) or set tls.allowed_cas instead.", false);
            else
                add("InsecureSkipVerify", CheckStatus.Pass, "insecure_skip_verify on the private host " + uri.Host + ": the App Service does not verify its certificate", null, false);
        }

        /// <summary>Loopback, private, link-local and single-label or internal-suffix names are not public.</summary>
        public static bool IsPublicHost(string host)
        {
            host = (host ?? "").Trim('[', ']').TrimEnd('.').ToLowerInvariant();
            if (host.Length == 0 || host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal)) return false;
            if (IPAddress.TryParse(host, out var ip))
            {
                if (IPAddress.IsLoopback(ip)) return false;
                var b = ip.GetAddressBytes();
                if (ip.AddressFamily == AddressFamily.InterNetwork)
                    return !(b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127));
                return !(ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || (b[0] & 0xfe) == 0xfc);
            }
            if (!host.Contains(".")) return false;
            foreach (var suffix in new[] { ".local", ".internal", ".lan", ".home.arpa", ".svc", ".cluster.local", ".corp", ".intranet", ".private" })
                if (host.EndsWith(suffix, StringComparison.Ordinal)) return false;
            return true;
        }

        /// <summary>A TLS handshake with the upstream on a connected socket, as Go's crypto/tls verifies it: chain to a trusted root, validity dates, name.</summary>
        public static void Tls(App app, Uri uri, UpstreamTlsRule rule, Socket socket, int timeoutMs, Action<string, CheckStatus, string, string?, bool> add)
        {
            X509Certificate2? cert = null;
            SslPolicyErrors errors = SslPolicyErrors.None;
            X509ChainStatusFlags chainFlags = X509ChainStatusFlags.NoError;
            List<X509Certificate2>? intermediates = null;
            string? failure = null;
            bool timedOut = false;
            try
            {
                // The handshake runs on this thread; the deadline closes the socket under a server that stalls or trickles.
                using (var stream = new NetworkStream(socket, ownsSocket: false))
                using (var deadline = new CancellationTokenSource(Math.Max(1, timeoutMs)))
                using (deadline.Token.Register(() => { timedOut = true; socket.Dispose(); }))
                {
                    // The callback records what Go's crypto/tls would refuse and accepts, so the check can name the problem.
#pragma warning disable CA5359 // no data is sent on this connection: it only reads the upstream's certificate
                    using (var ssl = new SslStream(stream, false, (sender, c, chain, e) =>
                    {
                        cert = c == null ? null : new X509Certificate2(c);
                        errors = e;
                        if (chain != null)
                        {
                            foreach (var st in chain.ChainStatus) chainFlags |= st.Status;
                            // Go's Intermediates are the certificates the server sent (upstreamtls.go tlsVerifyPeerCertificate,
                            // cs.PeerCertificates[1:]), which SslStream puts in ExtraStore (.NET 5+); the chain's own elements
                            // may come from this host's stores or AIA downloads.
                            var sent = chain.ChainPolicy.ExtraStore.Cast<X509Certificate2>().Where(x => cert == null || !x.RawData.SequenceEqual(cert.RawData)).ToList();
                            if (sent.Count > 0 || chain.ChainPolicy.ExtraStore.Count > 0 || AllowedCaPem.CanIsolateChains)
                                intermediates = sent.Select(x => new X509Certificate2(x)).ToList();
                        }
                        return true;
                    }))
#pragma warning restore CA5359
                    {
                        ssl.AuthenticateAsClient(uri.DnsSafeHost, null, SslProtocols.None, false);
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException || e is AuthenticationException)
            {
                failure = timedOut ? "TLS handshake timeout after " + timeoutMs + " ms" : e.Message;
            }
            TlsVerdict(app, uri, rule, cert == null ? null : new SeenCertificate(cert, errors, chainFlags, intermediates), failure, add);
        }

        /// <summary>The Tls check from the certificate a handshake with the upstream saw (null: none, for <paramref name="failure"/>).</summary>
        public static void TlsVerdict(App app, Uri uri, UpstreamTlsRule rule, SeenCertificate? seen, string? failure, Action<string, CheckStatus, string, string?, bool> add)
        {
            var cert = seen?.Certificate;
            var errors = seen?.Errors ?? SslPolicyErrors.None;
            var chainFlags = seen?.ChainFlags ?? X509ChainStatusFlags.NoError;
            if (cert == null)
            {
                add("Tls", CheckStatus.Fail, "TLS handshake with " + uri.Host + ":" + uri.Port + " failed: " + (failure ?? "no certificate") + " (is the port serving https?)",
                    "Check that the upstream serves TLS on this port, or use mcp+http:// / mcp+sse+http:// for a plain-http server.", false);
                return;
            }
            // Each problem with whether the App Service's checks would hit it too when tls settings replace the default ones.
            var problems = new List<string>();
            bool final = false;
            bool anyVerification = rule.Verification == UpstreamVerification.SystemTrust || rule.Verification == UpstreamVerification.Custom;
            bool trustStoreDecides = rule.Verification == UpstreamVerification.SystemTrust || app.TlsAllowedCas == null || app.TlsAllowedCas.Count == 0;
            bool hostNameDecides = rule.Verification == UpstreamVerification.SystemTrust || (rule.Mode == UpstreamTls.ModeVerifyFull && string.IsNullOrEmpty(app.TlsServerName));
            var now = DateTime.Now;
            string expires = cert.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            // Go's x509 Verify checks the dates in every verifying mode (upstreamtls.go: verify-full and verify-spiffe-id call it too).
            if (cert.NotAfter < now) { problems.Add("the certificate expired on " + expires); final |= anyVerification; }
            else if (cert.NotBefore > now) { problems.Add("the certificate is not valid before " + cert.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)); final |= anyVerification; }
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                problems.Add("the certificate is not valid for " + uri.Host + " (x509: certificate is valid for " + Names(cert) + ")");
                final |= hostNameDecides;
            }
            string? undecided = null;
            bool? chains = null;
            if (rule.Verification == UpstreamVerification.Custom && rule.Mode == UpstreamTls.ModeVerifyServerName && string.IsNullOrEmpty(app.TlsServerName))
            {
                chains = AllowedCaPem.Chains(cert, seen!.Intermediates, app.TlsAllowedCas, out string? chainProblem); // cert came from seen
                if (chains == null) undecided = chainProblem;
                else if (chains == false && !seen.IntermediatesKnown) chains = null; // an intermediate the server may have sent is unknown here
                else if (chains == false) problems.Add(chainProblem!);
            }
            if (chains != null)
            {
                // lib/srv/app/upstreamtls/upstreamtls.go configureTLSVerifyServerName: RootCAs = the allowed CAs alone, the URI's host as the name.
                string seenBy = "certificate of " + uri.Host + ":" + uri.Port + " (subject " + cert.Subject + ", issuer " + cert.Issuer + ", expires " + expires + ")";
                if (problems.Count == 0)
                    add("Tls", CheckStatus.Pass, "the " + seenBy + " verifies against tls.allowed_cas and the name " + uri.Host, null, false);
                else
                    add("Tls", CheckStatus.Fail, "the App Service refuses the " + seenBy + ": " + ListText.Join("; ", problems) +
                        "; every request fails (tsh: [MCP_TELEPORT_ERROR] or [MCP_UPSTREAM_UNREACHABLE], App Service: x509 error)",
                        "Give the upstream a certificate for " + uri.Host + " issued by a CA listed in tls.allowed_cas (send its intermediates too), or add the issuing CA to tls.allowed_cas.", false);
                return;
            }
            bool selfSigned = cert.Subject == cert.Issuer;
            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                int before = problems.Count;
                if (selfSigned) problems.Add("the certificate is self-signed (x509: certificate signed by unknown authority)");
                else if ((chainFlags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0) problems.Add("the certificate's issuer " + cert.Issuer + " is not trusted on this host (x509: certificate signed by unknown authority)");
                else if ((chainFlags & ~X509ChainStatusFlags.NotTimeValid & ~X509ChainStatusFlags.RevocationStatusUnknown & ~X509ChainStatusFlags.OfflineRevocation) != 0) problems.Add("the certificate chain does not verify (" + chainFlags + ")");
                if (problems.Count > before) final |= anyVerification && trustStoreDecides;
            }
            string subject = "certificate of " + uri.Host + ":" + uri.Port + " (subject " + cert.Subject + ", issuer " + cert.Issuer + ", expires " + expires + ")";
            switch (rule.Verification)
            {
                case UpstreamVerification.Refused:
                    add("Tls", CheckStatus.Skipped, "the App Service does not serve the app with these tls settings (see TlsSettings); the " + subject +
                        (problems.Count == 0 ? " verifies on this host" : " would not verify on this host: " + ListText.Join("; ", problems)), null, false);
                    return;
                case UpstreamVerification.Insecure:
                    add("Tls", CheckStatus.Pass, "the " + subject + (problems.Count == 0 ? " verifies on this host" : " would not verify: " + ListText.Join("; ", problems)) + "; " + rule.Reason, null, false);
                    return;
            }
            if (problems.Count == 0 && rule.Verification == UpstreamVerification.SystemTrust)
            {
                add("Tls", CheckStatus.Pass, "the " + subject + " verifies on this host", null, false);
                return;
            }
            if (!final)
            {
                // lib/srv/app/upstreamtls/upstreamtls.go: allowed CAs, another server name or a SPIFFE ID decide, which this check does not reproduce.
                add("Tls", CheckStatus.Indeterminate, rule.Reason + (undecided != null ? " (here " + undecided + ")" : "") + "; on this host the " + subject + " " +
                    (problems.Count == 0 ? "verifies" : "would not verify: " + ListText.Join("; ", problems)), null, false);
                return;
            }
            add("Tls", CheckStatus.Fail, "the App Service refuses the " + subject + ": " + ListText.Join("; ", problems) +
                "; every request fails (tsh: [MCP_TELEPORT_ERROR] or [MCP_UPSTREAM_UNREACHABLE], App Service: x509 error)",
                "Give the upstream a certificate for " + uri.Host + " from a CA the App Service host trusts (or add its CA to that host's trust store, or to tls.allowed_cas); for a test server only, set tls.mode: insecure (or insecure_skip_verify: true without a tls block).", false);
        }

        private static string Names(X509Certificate2 cert)
        {
            var names = new List<string>();
            foreach (var ext in cert.Extensions)
                if (ext.Oid?.Value == "2.5.29.17") names.Add(ext.Format(false));
            if (names.Count == 0) names.Add(cert.GetNameInfo(X509NameType.DnsName, false));
            return ListText.Join(", ", names);
        }

        private static string TemplateFix(App app)
        {
            if (app.Rewrite?.JwtClaims == "none" || app.Rewrite?.JwtClaims == "roles")
                return "Set rewrite.jwt_claims to traits or roles-and-traits so header templates see user traits, or use {{internal.jwt}}.";
            return "Give the user the trait the template reads (tctl edit user, or the IdP's attribute mapping), or fix the template; allowed internal traits are listed in Teleport's docs (logins, jwt, id_token, ...).";
        }

        private static string Scheme(string? value)
        {
            var m = System.Text.RegularExpressions.Regex.Match(value ?? "", @"\A(?i:bearer|basic|token|apikey|api-key)\s+");
            return m.Success ? m.Value : "";
        }

        private static string TraitSuggestion(string? header)
        {
            var n = new string((header ?? "").ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()).Trim('_');
            if (n == "authorization") return "api_token";
            return n.StartsWith("x_", StringComparison.Ordinal) ? n.Substring(2) : n;
        }

        private static string At(SourceLocation? loc) => loc == null ? "" : " (" + loc + ")";
    }
}
