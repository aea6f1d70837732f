using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>
    /// app_auth_config.verify.success / .failure (TAAC004I/E): lib/auth/appauthconfig/appauthconfigv1/events.go
    /// newVerifyJWTAuditEvent (fields app_auth_config, user, sid, app_name, app_uri, success, error = err.Error()), codes
    /// from web/packages/teleport/src/services/audit/types.ts @0167d244 (APPAUTHCONFIG_VERIFY_SUCCESS/FAILURE).
    /// </summary>
    public class AppAuthConfigVerifyEventTests
    {
        private const string Sid = "3f0c5d1e8a4b2c7d9e6f1a0b3c5d7e9f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d";

        internal static string Verify(bool ok, string error = null, string config = "okta-mcp", string user = "5f0c7a4e-2b1d-4c3e-9a8f-1d2e3f4a5b6c.teleport.example.com") =>
            "{\"ei\":0,\"event\":\"app_auth_config.verify." + (ok ? "success" : "failure") + "\",\"uid\":\"0d8e4b1a-7c2f-4e3d-9b6a-5f1e2d3c4b5a\",\"code\":\"TAAC004" + (ok ? "I" : "E") +
            "\",\"time\":\"2026-11-20T09:15:02.118Z\",\"cluster_name\":\"teleport.example.com\",\"user\":\"" + user + "\",\"user_kind\":1,\"sid\":\"" + Sid +
            "\",\"app_name\":\"jira-mcp\",\"app_uri\":\"mcp+https://jira-mcp.internal:8443/mcp\",\"success\":" + (ok ? "true" : "false") +
            (error != null ? ",\"error\":" + Json(error) : "") + ",\"app_auth_config\":" + Json(config) + "}";

        private static string Json(string s)
        {
            var sb = new StringBuilder("\"");
            foreach (char c in s)
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.Append('"').ToString();
        }

        private static string Mcp(string user) =>
            "{\"code\":\"TMCP003I\",\"event\":\"mcp.session.request\",\"time\":\"2026-11-20T09:15:03Z\",\"user\":\"" + user + "\",\"app_name\":\"jira-mcp\",\"success\":true,\"message\":{\"method\":\"tools/list\"}}";

        private static string Ssh() => "{\"code\":\"T2000I\",\"event\":\"session.start\",\"time\":\"2026-11-20T09:15:01Z\",\"user\":\"alice\",\"login\":\"ubuntu\"}";

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void ReadsTheVerifyEvents(bool ok)
        {
            var (events, summary) = AuditEventReaderTests.Read(Ssh() + "\n" + Verify(ok, ok ? null : "token must be issued recently to be used") + "\n" + Mcp("alice") + "\n");
            Assert.Equal(2, events.Count);
            var e = events[0];
            Assert.Equal(AuditEventKind.AppAuthConfigVerify, e.Kind);
            Assert.Equal(ok ? "TAAC004I" : "TAAC004E", e.Code);
            Assert.Equal(ok ? "app_auth_config.verify.success" : "app_auth_config.verify.failure", e.Type);
            Assert.Equal(ok ? AuditOutcome.Success : AuditOutcome.Failed, e.Outcome);
            Assert.Equal("okta-mcp", e.AppAuthConfig);
            Assert.Equal("jira-mcp", e.App);
            Assert.Equal("mcp+https://jira-mcp.internal:8443/mcp", e.AppUri);
            Assert.Equal(Sid, e.SessionId);
            Assert.Equal("5f0c7a4e-2b1d-4c3e-9a8f-1d2e3f4a5b6c.teleport.example.com", e.User);
            Assert.Equal(new DateTime(2026, 11, 20, 9, 15, 2, 118, DateTimeKind.Utc), e.Time);
            Assert.Equal(ok ? null : "token must be issued recently to be used", e.Error);
            Assert.Null(e.ServerId);
            Assert.Equal(1, summary.McpEvents);
            Assert.Equal(1, summary.AppAuthConfigVerifyEvents);
            Assert.Equal(2, summary.Events);
            Assert.Equal(1, summary.OtherEvents);
        }

        [Fact]
        public void OtherAppAuthConfigEventsAndLookalikesAreSkipped()
        {
            // TAAC001I..003I (create/update/delete) name the config too, but record no sign-in.
            var text = "{\"code\":\"TAAC001I\",\"event\":\"app_auth_config.create\",\"name\":\"okta-mcp\",\"user\":\"admin\"}\n" +
                       "{\"code\":\"TAAC004I\",\"event\":\"app_auth_config.verify.other\",\"user\":\"x\"}\n" +
                       "{\"event\":\"session.start\",\"note\":\"app_auth_config.verify.success\"}\n";
            var (events, summary) = AuditEventReaderTests.Read(text);
            Assert.Empty(events);
            Assert.Equal(3, summary.OtherEvents);
        }

        [Fact]
        public void FiltersApplyToVerifyEvents()
        {
            var text = Verify(true) + "\n" + Verify(false, "empty JWKS contents", config: "other") + "\n" + Mcp("alice") + "\n";
            Assert.Single(AuditEventReaderTests.Read(text, new AuditEventFilter { FailedOnly = true }).Events);
            Assert.Equal("other", AuditEventReaderTests.Read(text, new AuditEventFilter { FailedOnly = true }).Events[0].AppAuthConfig);
            Assert.Equal(2, AuditEventReaderTests.Read(text, new AuditEventFilter { Users = new[] { "5f0c7a4e-*" } }).Events.Count);
            Assert.Equal(3, AuditEventReaderTests.Read(text, new AuditEventFilter { Apps = new[] { "jira-*" } }).Events.Count);
            // A tool filter: a verify event has no tool.
            Assert.Empty(AuditEventReaderTests.Read(text, new AuditEventFilter { Tools = new[] { "*" } }).Events);
        }

        [Fact]
        public void PrettyPrintedAndWrappedVerifyEventsAreRead()
        {
            var line = Verify(false, "empty JWKS contents");
            var pretty = line.Replace(",\"", ",\n  \"").Replace("{\"", "{\n  \"").Replace("\"}", "\"\n}");
            var (events, _) = AuditEventReaderTests.Read(pretty + "\n");
            Assert.Single(events);
            Assert.Equal("okta-mcp", events[0].AppAuthConfig);
            var (wrapped, _) = AuditEventReaderTests.Read("{\"record\":" + line + "}\n");
            Assert.Equal(AuditEventKind.AppAuthConfigVerify, Assert.Single(wrapped).Kind);
        }

        [Fact]
        public void AHostileErrorStaysBoundedAndEscaped()
        {
            // 10 MB of error text with control characters (an ESC sequence, a bell, line breaks).
            var error = "\u001b]0;pwned\u0007" + new string('x', 10 * 1024 * 1024) + "\r\n";
            var (events, summary) = AuditEventReaderTests.Read(Verify(false, error, config: "cfg\u001b[31m") + "\n" + Verify(true) + "\n");
            Assert.True(events.Count == 2, summary.Lines + " lines, " + summary.Malformed + " malformed: " + summary.FirstMalformedError + "; " + summary.OtherEvents + " other");
            var e = events[0];
            Assert.DoesNotContain(e.Error, c => c < 0x20 || c == 0x7f);
            Assert.DoesNotContain(e.AppAuthConfig, c => c < 0x20);
            Assert.StartsWith("\\x1b]0;pwned\\x07xxx", e.Error, StringComparison.Ordinal);
            Assert.True(e.Error.Length <= LogFileReader.MaxLineChars);
            var f = AuditFindings.ToFinding(e);
            Assert.Equal("TMCP-AUDIT-039", f.Id);
            Assert.DoesNotContain(f.Cause, c => c < 0x20 && c != '\n');
            Assert.DoesNotContain(f.Evidence, c => c < 0x20);
            Assert.Equal(0, summary.Malformed);
        }

        [Fact]
        public void ASecretInTheErrorIsRedacted()
        {
            var (events, _) = AuditEventReaderTests.Read(Verify(false, "Get \"https://idp.example.com/jwks?access_token=abcdefghijklmnopqrstuvwxyz0123456789\": unexpected") + "\n");
            var f = AuditFindings.ToFinding(Assert.Single(events));
            Assert.Equal("TMCP-AUDIT-039", f.Id);
            Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz0123456789", f.Cause, StringComparison.Ordinal);
            Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz0123456789", f.Evidence, StringComparison.Ordinal);
            Assert.Contains("not in the module's catalog", f.Cause, StringComparison.Ordinal);
        }

        // error text as Teleport writes it, the catalog id, the Teleport (or library) source of the text.
        public static IEnumerable<object[]> VerifyFailures() => new[]
        {
            new object[] { "this request can be only executed by a proxy", "TMCP-AUDIT-020", "sessions_service.go CreateAppSessionWithJWT: trace.AccessDenied" },
            new object[] { "create app session request requires app public address", "TMCP-AUDIT-021", "sessions_service.go @443bff36 validateCreateAppSessionWithJWTRequest" },
            new object[] { "create app session request requires an app auth config name", "TMCP-AUDIT-021", "sessions_service.go @443bff36 validateCreateAppSessionWithJWTRequest" },
            new object[] { "app auth config jwt session can only start with jwt configs", "TMCP-AUDIT-022", "sessions_service.go: config.Spec.GetJwt() == nil" },
            new object[] { "Get \"ftp://idp.example.com/jwks\": unsupported protocol scheme \"ftp\"", "TMCP-AUDIT-023", "net/http transport.go roundTrip via retrieveJWKSAppAuthConfig" },
            new object[] { "Get \"https:///jwks\": http: no Host in request URL", "TMCP-AUDIT-024", "net/http transport.go roundTrip" },
            new object[] { "Get \"https://idp.example.com/jwks\": dial tcp 10.0.0.5:443: connect: connection refused", "TMCP-AUDIT-025", "net OpError (Go), via httpClient.Do" },
            new object[] { "Get \"https://idp.internal/jwks\": dial tcp: lookup idp.internal on 10.0.0.2:53: no such host", "TMCP-AUDIT-025", "net DNSError (Go)" },
            new object[] { "Get \"https://idp.example.com/jwks\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", "TMCP-AUDIT-025", "net/http client timeout (defaults.HTTPRequestTimeout @443bff36)" },
            new object[] { "Get \"https://idp.example.com/jwks\": tls: failed to verify certificate: x509: certificate signed by unknown authority", "TMCP-AUDIT-025", "crypto/x509 (Go)" },
            new object[] { "unable to parse JWKS contents\n\tinvalid character '<' looking for beginning of value", "TMCP-AUDIT-026", "sessions_service.go retrieveJWKSAppAuthConfig trace.Wrap(err, msg)" },
            new object[] { "empty JWKS contents", "TMCP-AUDIT-027", "sessions_service.go retrieveJWKSAppAuthConfig" },
            new object[] { "go-jose/go-jose: unexpected signature algorithm \"RS256\"; expected [\"\"]", "TMCP-AUDIT-028", "go-jose v4 ParseSigned(token, sigs)" },
            new object[] { "unexpected signature algorithm \"RS256\"; expected [\"ES256\" \"\"]", "TMCP-AUDIT-028", "go-jose v4.1.x jws.go ErrUnexpectedSignatureAlgorithm (no prefix; measured with v4.1.4)" },
            new object[] { "go-jose/go-jose: error in cryptographic primitive", "TMCP-AUDIT-029", "go-jose ErrCryptoFailure" },
            new object[] { "go-jose/go-jose: JWK with matching kid not found in JWK Set", "TMCP-AUDIT-041", "go-jose v4 jwk.go tryJWKS ErrJWKSKidNotFound (measured with v4.1.4)" },
            new object[] { "unable to parse JWKS contents\n\tgo-jose/go-jose: unsupported key type/format", "TMCP-AUDIT-040", "go-jose v4.1.2+ jwk.go ErrUnsupportedKeyType under trace.Wrap" },
            new object[] { "unable to parse JWKS contents\n\tgo-jose/go-jose: invalid EC key, X/Y are not on declared curve", "TMCP-AUDIT-040", "go-jose v4 jwk.go ecPublicKey" },
            new object[] { "unable to parse JWKS contents\n\tillegal base64 data at input byte 4", "TMCP-AUDIT-040", "go-jose v4 encoding.go byteBuffer (Go base64)" },
            new object[] { "unable to parse JWKS contents\n\tjson: cannot unmarshal number into Go value of type string", "TMCP-AUDIT-040", "go-jose json: a key member of another type" },
            // go-jose v4.1.4 jwk.go UnmarshalJSON: the x5c chain before the key; crypto/x509 parser.go under x509negativeserial=0
            // (Go's default for a go.mod go line of 1.23 or later, internal/godebugs/table.go index id 54605726609). Both renderings
            // of trace.Wrap: ": " (the event's error as written) and "\n\t"; "x509: " is no fetch failure (TMCP-AUDIT-025) here.
            new object[] { "unable to parse JWKS contents: go-jose/go-jose: failed to unmarshal x5c field: x509: negative serial number", "TMCP-AUDIT-043", "go-jose v4.1.4 jwk.go + crypto/x509 parser.go (x509negativeserial=0)" },
            new object[] { "unable to parse JWKS contents\n\tgo-jose/go-jose: failed to unmarshal x5c field: x509: negative serial number", "TMCP-AUDIT-043", "go-jose v4.1.4 jwk.go + crypto/x509 parser.go (x509negativeserial=0)" },
            new object[] { "unable to parse JWKS contents: go-jose/go-jose: failed to unmarshal x5c field: x509: trailing data", "TMCP-AUDIT-040", "go-jose v4.1.4 jwk.go + crypto/x509 ParseCertificate" },
            new object[] { "unable to parse JWKS contents: go-jose/go-jose: failed to unmarshal x5c field: x509: malformed certificate", "TMCP-AUDIT-040", "go-jose v4.1.4 jwk.go + crypto/x509 parser.go" },
            new object[] { "unable to parse JWKS contents\n\tjson: cannot unmarshal number into Go struct field JSONWebKeySet.keys of type []jose.JSONWebKey", "TMCP-AUDIT-026", "encoding/json: the set itself" },
            new object[] { "go-jose/go-jose: compact JWS format must have three parts", "TMCP-AUDIT-030", "go-jose jws.go (its jwt_test asserts it)" },
            new object[] { "go-jose/go-jose/jwt: validation failed, invalid issuer claim (iss)", "TMCP-AUDIT-031", "go-jose jwt/validation.go ErrInvalidIssuer" },
            new object[] { "square/go-jose/jwt: validation failed, invalid issuer claim (iss)", "TMCP-AUDIT-031", "go-jose jwt errors.go (square prefix of older majors)" },
            new object[] { "go-jose/go-jose/jwt: validation failed, invalid audience claim (aud)", "TMCP-AUDIT-032", "go-jose ErrInvalidAudience" },
            new object[] { "go-jose/go-jose/jwt: validation failed, token is expired (exp)", "TMCP-AUDIT-033", "go-jose ErrExpired" },
            new object[] { "go-jose/go-jose/jwt: validation failed, token not valid yet (nbf)", "TMCP-AUDIT-034", "go-jose ErrNotValidYet" },
            new object[] { "go-jose/go-jose/jwt: validation field, token issued in the future (iat)", "TMCP-AUDIT-034", "go-jose ErrIssuedInTheFuture (its spelling)" },
            new object[] { "token must have 'iat' claim", "TMCP-AUDIT-035", "sessions_service.go verifyAppAuthJWTToken" },
            new object[] { "token must have 'exp' claim", "TMCP-AUDIT-035", "sessions_service.go verifyAppAuthJWTToken" },
            new object[] { "token must be issued recently to be used", "TMCP-AUDIT-036", "sessions_service.go jwtMaxIssuedAtAfter (30 min)" },
            new object[] { "token must have \"preferred_username\" claim", "TMCP-AUDIT-037", "sessions_service.go @443bff36 (usernameClaimName)" },
            new object[] { "token must have %!q(<nil>) claim", "TMCP-AUDIT-037", "sessions_service.go @19474ec1 (formats the missing value)" },
            new object[] { "token username claim \"email\" must be of string type", "TMCP-AUDIT-037", "sessions_service.go @443bff36" },
            new object[] { "user \"alice@example.com\" not found", "TMCP-AUDIT-038", "lib/services/local/users.go getUser (newer)" },
            new object[] { "user \"alice@example.com\" is not found", "TMCP-AUDIT-038", "lib/services/local/users.go GetUser (older)" },
            new object[] { "missing user name", "TMCP-AUDIT-038", "lib/services/local/users.go getUser: empty claim" },
            new object[] { "app_auth_config \"okta-mcp\" doesn't exist", "TMCP-AUDIT-039", "GetAppAuthConfig's text is not confirmed: the generic finding" },
        };

        [Theory]
        [MemberData(nameof(VerifyFailures))]
        public void EveryVerifyErrorHasItsFinding(string error, string id, string source)
        {
            var (events, _) = AuditEventReaderTests.Read(Verify(false, error) + "\n");
            var f = AuditFindings.ToFinding(Assert.Single(events));
            Assert.True(f != null, source);
            Assert.Equal(id, f.Id);
            Assert.DoesNotContain("{config}", f.Cause + f.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain("<config>", f.Cause + f.Fix, StringComparison.Ordinal);
            Assert.Contains("app_auth_config=okta-mcp", f.Evidence, StringComparison.Ordinal);
            Assert.Equal("jira-mcp", f.App);
            // Only a master build before PR #69528 writes the event: its cause says so first (UnreleasedKinds.EventCause).
            Assert.StartsWith("TMCP-LOG-264 No Teleport release accepts kind app_auth_config: ", f.Cause, StringComparison.Ordinal);
            Assert.Contains(" This event was written by a master build before the removal (never released): ", f.Cause, StringComparison.Ordinal);
        }

        [Fact]
        public void ASuccessHasNoFindingAndMcpCatchAllsDoNotTakeVerifyFailures()
        {
            var (events, _) = AuditEventReaderTests.Read(Verify(true) + "\n");
            Assert.Null(AuditFindings.ToFinding(Assert.Single(events)));
            // Every TAAC004E entry is in 020..059 (040.. session 35); the MCP catch-all (010) is after them.
            var ids = AuditFindings.Entries.Where(x => x.Codes.Contains("TAAC004E")).Select(x => x.Id).ToList();
            Assert.Equal(23, ids.Count); // 043: session 45 (helper-305)
            Assert.All(ids, id => Assert.InRange(int.Parse(id.Substring("TMCP-AUDIT-".Length), System.Globalization.CultureInfo.InvariantCulture), 20, 59));
        }
    }
}
