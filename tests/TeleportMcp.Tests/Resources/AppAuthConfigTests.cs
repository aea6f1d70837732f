using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// kind: app_auth_config as tctl reads it (tool/tctl/common/resources/appauthconfig.go: protojson with
    /// DisallowUnknown) and as Teleport checks it on create (lib/services/appauthconfig.go ValidateAppAuthConfig @466a6524)
    /// and on every token check (lib/auth/appauthconfig/appauthconfigv1/sessions_service.go retrieveJWKSAppAuthConfig).
    /// A finding points at the field, or at the first line inside the mapping that lacks it.
    /// </summary>
    public class AppAuthConfigTests
    {
        private const string Labels = "  app_labels:\n  - name: teleport.internal/app-sub-kind\n    values: [mcp]\n";
        private const string Jwt = "  jwt:\n    issuer: https://idp.example.com/\n    audience: teleport\n    jwks_url: https://idp.example.com/.well-known/jwks.json\n";

        private static string Doc(string spec, string header = "kind: app_auth_config\nversion: v1\nmetadata:\n  name: chat\n") =>
            header + (spec == null ? "" : "spec:\n" + spec);

        // No release accepts the kind (PR #69528): each input holding app_auth_configs gets one UnreleasedKind warning at its
        // first one, which every row checks; the rows then look at what master before the removal did, without it.
        private static List<ResourceReadItem> Read(string text, string source = "aac.yaml")
        {
            var items = ResourceReader.ReadText(text, source).ToList();
            var unreleased = Assert.Single(items, i => i.Diagnostic?.Code == UnreleasedKinds.Code).Diagnostic!;
            Assert.Equal(DiagnosticLevel.Warning, unreleased.Level);
            Assert.StartsWith("TMCP-LOG-264 No Teleport release accepts kind app_auth_config: ", unreleased.Message, System.StringComparison.Ordinal);
            Assert.Equal(source, unreleased.Location!.Path);
            return items.Where(i => i.Diagnostic?.Code != UnreleasedKinds.Code).ToList();
        }

        [Fact]
        public void A_valid_config_is_read_with_its_fields_and_places()
        {
            var items = Read(Doc(Labels + Jwt + "    username_claim: preferred_username\n"));
            Assert.DoesNotContain(items, i => i.Diagnostic != null && i.Diagnostic.Level != DiagnosticLevel.Verbose);
            var c = Assert.IsType<TeleportMcp.AppAuthConfig>(Assert.Single(items, i => i.Resource != null).Resource);
            Assert.Equal("chat", c.Name);
            Assert.Equal("v1", c.Version);
            var label = Assert.Single(c.AppLabels);
            Assert.Equal("teleport.internal/app-sub-kind", label.Name);
            Assert.Equal(new[] { "mcp" }, label.Values);
            Assert.Equal("https://idp.example.com/", c.Issuer);
            Assert.Equal("teleport", c.Audience);
            Assert.Equal("preferred_username", c.UsernameClaimInEffect);
            Assert.Equal(TeleportMcp.AppAuthKeySource.JwksUrl, c.KeySource);
            Assert.False(c.HasStaticJwks);
            Assert.Equal("aac.yaml:1:1", c.Source);
            Assert.Equal(10, c.At("spec.jwt.issuer")!.Line);
        }

        [Fact]
        public void The_username_claim_defaults_to_email()
        {
            // sessions_service.go defaultUsernameClaim = "email", used when username_claim is empty (cmp.Or)
            var c = (TeleportMcp.AppAuthConfig)Read(Doc(Labels + Jwt)).Single(i => i.Resource != null).Resource!;
            Assert.Null(c.UsernameClaim);
            Assert.Equal("email", c.UsernameClaimInEffect);
        }

        [Fact]
        public void Tctl_json_output_is_read_the_same_way()
        {
            const string Json = "[{\"kind\":\"app_auth_config\",\"version\":\"v1\",\"metadata\":{\"name\":\"chat\"},\"spec\":{\"appLabels\":[{\"name\":\"env\",\"values\":[\"prod\"]}]," +
                                "\"jwt\":{\"issuer\":\"iss\",\"audience\":\"aud\",\"staticJwks\":\"{\\\"keys\\\":[{\\\"kty\\\":\\\"RSA\\\",\\\"alg\\\":\\\"RS256\\\",\\\"kid\\\":\\\"k1\\\",\\\"n\\\":\\\"" + N2048 + "\\\",\\\"e\\\":\\\"AQAB\\\"}]}\"}}}]";
            var items = Read(Json, "aac.json");
            var c = Assert.IsType<TeleportMcp.AppAuthConfig>(Assert.Single(items).Resource);
            Assert.Equal("env", c.AppLabels[0].Name);
            Assert.Equal(TeleportMcp.AppAuthKeySource.StaticJwks, c.KeySource);
            Assert.True(c.HasStaticJwks);
        }

        public static IEnumerable<object[]> Refusals()
        {
            // appauthconfig.go: s.Version != types.V1
            yield return new object[] { Doc(Labels + Jwt, "kind: app_auth_config\nversion: v2\nmetadata:\n  name: chat\n"), "app auth config only supports version \"v1\", got \"v2\"", 2 };
            // appauthconfig.go: s.Version != types.V1 (no version at all)
            yield return new object[] { Doc(Labels + Jwt, "kind: app_auth_config\nmetadata:\n  name: chat\n"), "app auth config only supports version \"v1\", got \"\"", 1 };
            // appauthconfig.go: s.Metadata == nil
            yield return new object[] { Doc(Labels + Jwt, "kind: app_auth_config\nversion: v1\n"), "app auth config metadata is missing", 1 };
            // appauthconfig.go: s.Metadata.Name == ""
            yield return new object[] { Doc(Labels + Jwt, "kind: app_auth_config\nversion: v1\nmetadata:\n  description: x\n"), "app auth config metadata.name is missing", 4 };
            // appauthconfig.go: s.Spec == nil
            yield return new object[] { Doc(null!), "app auth config spec is missing", 1 };
            // appauthconfig.go: len(s.Spec.AppLabels) == 0
            yield return new object[] { Doc(Jwt), "app auth config spec.app_labels must at least contain a single label, otherwise this config won't be effective", 6 };
            // appauthconfig.go: len(s.Spec.AppLabels) == 0 (an empty list)
            yield return new object[] { Doc("  app_labels: []\n" + Jwt), "app auth config spec.app_labels must at least contain a single label, otherwise this config won't be effective", 6 };
            // health_check_config.go validateLabel, wrapped by ValidateAppAuthConfig ("invalid app auth config spec.app_labels: %v")
            yield return new object[] { Doc("  app_labels:\n  - name: '*'\n    values: [some-random-value]\n" + Jwt),
                "invalid app auth config spec.app_labels: selector *:some-random-value is not supported, a wildcard label key may only be used with a wildcard label value", 7 };
            // health_check_config.go validateLabel: len(label.Values) != 1, printed with the first value
            yield return new object[] { Doc("  app_labels:\n  - name: '*'\n    values: ['*', x]\n" + Jwt),
                "invalid app auth config spec.app_labels: selector *:* is not supported, a wildcard label key may only be used with a wildcard label value", 7 };
            // appauthconfig.go: validateLabel on each label in turn, the first refused one decides (not a later label without values)
            yield return new object[] { Doc("  app_labels:\n  - name: '*'\n    values: [dev]\n  - name: '*'\n" + Jwt),
                "invalid app auth config spec.app_labels: selector *:dev is not supported, a wildcard label key may only be used with a wildcard label value", 7 };
            // appauthconfig.go: SubKindSpec not AppAuthConfigSpec_Jwt
            yield return new object[] { Doc(Labels), "unsupported app auth config type", 6 };
            // appauthconfig.go validateJWTAppAuthConfig: s.Audience == "" (checked before the issuer)
            yield return new object[] { Doc(Labels + "  jwt: {}\n"), "app auth config spec.jwt.audience cannot be empty", 9 };
            // appauthconfig.go validateJWTAppAuthConfig: s.Issuer == ""
            yield return new object[] { Doc(Labels + "  jwt:\n    audience: teleport\n    jwks_url: https://x/jwks\n"), "app auth config spec.jwt.issuer cannot be empty", 10 };
            // appauthconfig.go validateJWTAppAuthConfig: GetJwksUrl() == "" && GetStaticJwks() == ""
            yield return new object[] { Doc(Labels + "  jwt:\n    audience: teleport\n    issuer: iss\n"), "app auth config spec.jwt.jwks_url or spec.jwt.static_jwks must be provided", 10 };
            // protojson decode.go: "error parsing %s, oneof %v is already set" (keys_source is a oneof; YAML reaches it sorted)
            yield return new object[] { Doc(Labels + Jwt + "    static_jwks: '{\"keys\":[]}'\n"),
                "error parsing \"static_jwks\", oneof teleport.appauthconfig.v1.AppAuthConfigJWTSpec.keys_source is already set", 13 };
            // protojson decode.go unmarshalMessage: "duplicate field %v" (a field by its proto and JSON name; YAML sorted: jwksUrl, then jwks_url) before the oneof check
            yield return new object[] { Doc(Labels + Jwt + "    jwksUrl: https://x/k\n"), "duplicate field \"jwks_url\"", 12 };
            // protojson decode.go unmarshalMessage: spec (and its oneof) is read whole before a later key (YAML sorted: zzz after spec)
            yield return new object[] { "zzz: 1\n" + Doc(Labels + Jwt + "    static_jwks: '{}'\n"),
                "error parsing \"static_jwks\", oneof teleport.appauthconfig.v1.AppAuthConfigJWTSpec.keys_source is already set", 14 };
            // protojson decode.go: "unknown field %v" (tctl passes DisallowUnknown); RFD 0030e's authorization_header is not in the proto
            yield return new object[] { Doc(Labels + Jwt + "    authorization_header: JWT-Authorization\n"), "unknown field \"authorization_header\"", 13 };
        }

        [Theory]
        [MemberData(nameof(Refusals))]
        public void Teleport_refuses_with_its_own_text_at_the_field(string document, string teleportText, int line)
        {
            var items = Read(document);
            Assert.DoesNotContain(items, i => i.Resource != null);
            var error = Assert.Single(items, i => i.Diagnostic?.Level == DiagnosticLevel.Error).Diagnostic!;
            Assert.Equal(AppAuthConfigRules.RefusedCode, error.Code);
            Assert.Contains("\"" + teleportText + "\"", error.Message, StringComparison.Ordinal);
            Assert.Equal(line, error.Location!.Line);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        }

        [Theory]
        // protojson decode.go unmarshalMessage: keys in order, a message field read whole before the next key; YAML reaches it sorted (zzz after spec)
        [InlineData("aac.yaml", "\"bogus\"")]
        // the same; JSON keeps the file's order (zzz first)
        [InlineData("aac.json", "\"zzz\"")]
        public void The_unknown_field_named_is_the_first_protojson_reads(string source, string named)
        {
            string text = source.EndsWith(".json", System.StringComparison.Ordinal)
                ? "{\"zzz\": 1, \"kind\": \"app_auth_config\", \"version\": \"v1\", \"metadata\": {\"name\": \"c\"}, \"spec\": {\"app_labels\": [{\"name\": \"e\", \"values\": [\"d\"]}], " +
                  "\"jwt\": {\"issuer\": \"i\", \"audience\": \"a\", \"jwks_url\": \"https://x/k\", \"bogus\": \"x\"}}}"
                : "zzz: 1\n" + Doc(Labels + Jwt + "    bogus: x\n");
            var error = Read(text, source).Single(i => i.Diagnostic?.Level == DiagnosticLevel.Error).Diagnostic!;
            Assert.Equal(AppAuthConfigRules.RefusedCode, error.Code);
            Assert.Contains("\"unknown field " + named + "\"", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_null_key_source_member_does_not_set_the_oneof()
        {
            // protojson decode.go unmarshalMessage: a JSON null is skipped before the oneof check, so the other member alone sets it
            var items = Read(Doc(Labels + "  jwt:\n    issuer: i\n    audience: a\n    jwks_url: null\n    static_jwks: '{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS256\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}'\n"));
            Assert.DoesNotContain(items, i => i.Diagnostic?.Level == DiagnosticLevel.Error);
            var c = Assert.IsType<TeleportMcp.AppAuthConfig>(Assert.Single(items, i => i.Resource != null).Resource);
            Assert.Equal(TeleportMcp.AppAuthKeySource.StaticJwks, c.KeySource);
        }

        [Fact]
        public void The_role_style_label_mapping_is_refused()
        {
            // protojson decode.go unmarshalList: a repeated field given an object is "unexpected token"; RFD 0030e shows the mapping form
            var error = Read(Doc("  app_labels:\n    teleport.internal/app-sub-kind: mcp\n" + Jwt)).Single(i => i.Diagnostic?.Level == DiagnosticLevel.Error).Diagnostic!;
            Assert.Equal(AppAuthConfigRules.RefusedCode, error.Code);
            Assert.Contains("must be a list of labels", error.Message, StringComparison.Ordinal);
            Assert.Equal(7, error.Location!.Line);
        }

        [Fact]
        public void A_wildcard_label_without_a_value_is_refused_without_claiming_Teleports_text()
        {
            // health_check_config.go validateLabel formats label.Values[0], which a label without values does not have
            var error = Read(Doc("  app_labels:\n  - name: '*'\n" + Jwt)).Single(i => i.Diagnostic?.Level == DiagnosticLevel.Error).Diagnostic!;
            Assert.Equal(AppAuthConfigRules.RefusedCode, error.Code);
            Assert.Contains("has no value", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("(tctl create)", error.Message, StringComparison.Ordinal);
        }

        public static IEnumerable<object[]> NeverVerified()
        {
            // net/http transport.go roundTrip: badStringError("unsupported protocol scheme", scheme)
            yield return new object[] { "    jwks_url: ftp://idp.example.com/jwks\n", "unsupported protocol scheme \\\"ftp\\\"" };
            // net/http transport.go roundTrip: a URL without a scheme is a relative reference with scheme ""
            yield return new object[] { "    jwks_url: idp.example.com/jwks\n", "unsupported protocol scheme \\\"\\\"" };
            // net/http transport.go roundTrip: "http: no Host in request URL"
            yield return new object[] { "    jwks_url: https:///jwks\n", "http: no Host in request URL" };
            // sessions_service.go retrieveJWKSAppAuthConfig: json.Unmarshal fails, trace.Wrap(err, "unable to parse JWKS contents")
            yield return new object[] { "    static_jwks: not json\n", "unable to parse JWKS contents" };
            // retrieveJWKSAppAuthConfig: a JSON array does not decode into jose.JSONWebKeySet
            yield return new object[] { "    static_jwks: '[]'\n", "unable to parse JWKS contents" };
            // retrieveJWKSAppAuthConfig: len(sigs) == 0 -> "empty JWKS contents"
            yield return new object[] { "    static_jwks: '{\"keys\": []}'\n", "empty JWKS contents" };
            // retrieveJWKSAppAuthConfig: JSON null decodes to an empty set
            yield return new object[] { "    static_jwks: 'null'\n", "empty JWKS contents" };
            // go-jose signing.go newVerifier @ v4.1.4: a private JWK is no verification key (measured with Go 1.24.4 and 1.25.12:
            // RSA, EC P-256 and Ed25519 keys with d); a key after another of its kid is never picked (tryJWKS keys[0])
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"alg\": \"EdDSA\", \"kid\": \"k1\", \"x\": \"AAAA\", \"d\": \"AAAA\"}, " +
                                        "{\"kty\": \"oct\", \"k\": \"AAAA\", \"alg\": \"HS256\", \"kid\": \"k1\"}]}'\n",
                "\\\"go-jose/go-jose: unsupported key type/format\\\" (every key a token can pick by its kid is a private key (it has d), and go-jose verifies only with a public key: keys[0] (kid \\\"k1\\\"))" };
            // retrieveJWKSAppAuthConfig: the accepted algorithms are the keys' alg values (sigs[i] = jwk.Algorithm)
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"k\", \"n\": \"AQAB\", \"e\": \"AQAB\"}]}'\n", "no key names its alg" };
            // the same, with go-jose shared.go's JWS names: an encryption algorithm (or a wrong case) verifies no signature
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"oct\", \"k\": \"AAAA\", \"alg\": \"RSA-OAEP\", \"kid\": \"k\"}, {\"kty\": \"oct\", \"k\": \"AAAA\", \"alg\": \"rs256\"}]}'\n",
                "no key names a JWS signature algorithm (alg \\\"RSA-OAEP\\\", \\\"rs256\\\")" };
            // net/http NewRequest: url.Parse's url.Error is the whole error (measured with Go 1.19: net/url parseHost/unescape)
            yield return new object[] { "    jwks_url: https://idp example.com/jwks\n", "with \\\"parse \\\"https://idp example.com/jwks\\\": invalid character \\\" \\\" in host name\\\"" };
            // net/url parseHost: validOptionalPort
            yield return new object[] { "    jwks_url: https://idp.example.com:abc/jwks\n", "invalid port \\\":abc\\\" after host" };
            // net/url unescape: EscapeError
            yield return new object[] { "    jwks_url: https://idp.example.com/%zz\n", "invalid URL escape \\\"%zz\\\"" };
            // go-jose jwk.go rsaPublicKey: a set with one key go-jose refuses does not decode (encoding/json returns the key's error)
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"RSA\", \"alg\": \"RS256\"}]}'\n",
                "\\\"unable to parse JWKS contents\\\" (keys[0]: go-jose/go-jose: invalid RSA key, missing n/e values)" };
            // go-jose v4 jwk.go UnmarshalJSON: kty is matched exactly ("rsa" is no key type: ErrUnsupportedKeyType since v4.1.2)
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"rsa\", \"alg\": \"RS256\", \"kid\": \"k\", \"n\": \"AQAB\", \"e\": \"AQAB\"}]}'\n", "go-jose/go-jose: unsupported key type/format (go-jose v4 before v4.1.2: go-jose/go-jose: unknown json web key type 'rsa')" };
            // go-jose json/decode.go object: member names are matched exactly, so "Kty" leaves kty empty
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"Kty\": \"RSA\", \"alg\": \"RS256\", \"n\": \"AQAB\", \"e\": \"AQAB\"}]}'\n", "go-jose/go-jose: missing json web key type" };
            // go-jose jwk.go ecPublicKey: a coordinate must be the curve's size (32 bytes for P-256)
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"EC\", \"crv\": \"P-256\", \"x\": \"AAAA\", \"y\": \"AAAA\", \"alg\": \"ES256\"}]}'\n", "invalid EC public key, wrong length for x" };
            // go-jose jwk.go ecPublicKey: the curves it takes
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"EC\", \"crv\": \"P-192\", \"alg\": \"ES256\"}]}'\n", "go-jose/go-jose: unsupported elliptic curve 'P-192'" };
            // go-jose v4 (Teleport's): no secp256k1 (only the v3-era jwk.go with decred's curve took it; v4 has no dependency)
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"EC\", \"crv\": \"secp256k1\", \"alg\": \"ES256\", \"x\": \"axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpY\", \"y\": \"T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU\"}]}'\n", "go-jose/go-jose: unsupported elliptic curve 'secp256k1'" };
            // go-jose jwk.go symmetricKey
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"oct\", \"alg\": \"HS256\"}]}'\n", "go-jose/go-jose: invalid OCT (symmetric) key, missing k value" };
            // go-jose jwk.go UnmarshalJSON: OKP takes Ed25519 only
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"OKP\", \"crv\": \"X25519\", \"x\": \"AAAA\", \"alg\": \"EdDSA\"}]}'\n", "go-jose/go-jose: unsupported key type/format" };
            // go-jose json/decode.go literalStore: alg is a string field; a number is an UnmarshalTypeError
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"oct\", \"k\": \"AAAA\", \"alg\": 5}]}'\n", "json: cannot unmarshal number into Go value of type string" };
            // go-jose v4 encoding.go byteBuffer: key material is base64.RawURLEncoding (no '=' padding): Go's CorruptInputError
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"oct\", \"k\": \"a+b/\", \"alg\": \"HS256\"}]}'\n", "illegal base64 data at input byte 1 (member \\\"k\\\")" };
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"oct\", \"k\": \"AQAB=\", \"alg\": \"HS256\", \"kid\": \"k\"}]}'\n", "illegal base64 data at input byte 4" };
            // go-jose v4 signing.go Verify -> jwk.go tryJWKS: the key is chosen by the token's kid, so keys without one verify nothing
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"oct\", \"k\": \"AQAB\", \"alg\": \"HS256\"}]}'\n", "no key has a kid" };
            // go-jose v4 jwk.go ecPublicKey: the point must lie on the declared curve (crypto/elliptic IsOnCurve)
            yield return new object[] { "    static_jwks: '{\"keys\": [{\"kty\": \"EC\", \"crv\": \"P-256\", \"alg\": \"ES256\", \"kid\": \"k\", \"x\": \"axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpY\", \"y\": \"U-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU\"}]}'\n", "go-jose/go-jose: invalid EC key, X/Y are not on declared curve" };
        }

        [Fact]
        public void A_jwks_url_error_is_quoted_as_the_end_of_Teleports_error_not_as_the_whole()
        {
            // sessions_service.go retrieveJWKSAppAuthConfig: httpClient.Do's url.Error is 'Get "<url>": unsupported protocol scheme "ftp"'
            var items = Read(Doc(Labels + "  jwt:\n    issuer: iss\n    audience: aud\n    jwks_url: ftp://idp.example.com/jwks\n"));
            var warning = Assert.Single(items, i => i.Diagnostic?.Level == DiagnosticLevel.Warning).Diagnostic!;
            Assert.Contains("with an error that ends in \"unsupported protocol scheme \"ftp\"\"", warning.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("on it with \"", warning.Message, StringComparison.Ordinal);
        }

        [Theory]
        [MemberData(nameof(NeverVerified))]
        public void A_key_source_that_can_never_verify_is_kept_with_a_warning(string keySource, string text)
        {
            var items = Read(Doc(Labels + "  jwt:\n    issuer: iss\n    audience: aud\n" + keySource));
            Assert.Single(items, i => i.Resource is TeleportMcp.AppAuthConfig);
            var warning = Assert.Single(items, i => i.Diagnostic?.Level == DiagnosticLevel.Warning).Diagnostic!;
            Assert.Equal(AppAuthConfigRules.NeverVerifiesCode, warning.Code);
            Assert.Contains(text.Replace("\\\"", "\""), warning.Message, StringComparison.Ordinal);
            Assert.Equal(12, warning.Location!.Line);
        }

        [Theory]
        // go-jose v4 jwk.go: keys it takes (an RSA key with n and e; an EC P-256 key with 32-byte x and y on the curve, here its
        // generator; an Ed25519 key, whose x go-jose copies whatever its length; an oct key), each with the kid tryJWKS picks it by
        [InlineData("{\"keys\": [{\"kty\": \"RSA\", \"alg\": \"RS256\", \"n\": \"AQAB\", \"e\": \"AQAB\", \"use\": \"sig\", \"kid\": \"k1\"}]}")]
        [InlineData("{\"keys\": [{\"kty\": \"EC\", \"crv\": \"P-256\", \"alg\": \"ES256\", \"kid\": \"k1\", \"x\": \"axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpY\", \"y\": \"T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU\"}]}")]
        [InlineData("{\"keys\": [{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"alg\": \"EdDSA\", \"kid\": \"k1\", \"x\": \"AAAA\"}]}")]
        // the accepted algorithms are any key's, and one key with a kid suffices
        [InlineData("{\"keys\": [{\"kty\": \"oct\", \"k\": \"AAAA\", \"alg\": \"HS256\", \"kid\": \"k1\"}, {\"kty\": \"RSA\", \"n\": \"AQAB\", \"e\": \"AQAB\", \"alg\": \"RSA-OAEP\"}]}")]
        // encoding/json (the set): "Keys" is the keys field; a null member is no member
        [InlineData("{\"Keys\": [{\"kty\": \"oct\", \"k\": \"AAAA\", \"alg\": \"HS256\", \"kid\": \"k1\", \"use\": null}]}")]
        public void A_key_set_go_jose_takes_gets_no_warning(string jwks) => Assert.Empty(AppAuthConfigRules.StaticJwksProblems(jwks));

        // Moduli of 2048, 1024 and 1023 bits (random odd numbers: only their length matters to the rule).
        private const string N2048 = "qH4Uo3VKFnDtZnHQJoqWpQYDnKvvxB1CXrsrdPgfLAY2mzWVZXfMVPlPffPZOstHvcUSuzE7eeesyAyVdlZ8qYs1bqpQyuLUWHDZqWOMwqqlFj3rH4J5aB6WO8ZWSbnM30epINc-yeJKI2DAtrQ9UBXD4_QlgOaBVdUOOP8cdwVr4Pub5RA-Ezf3s1kXGKcXqiYhtp6MKS9ndC-c8IoluVFKryZmaDjsjYg2tTP_8H7erkMyIh4raT-lWovSae2uDblaRPEpGof7voI2xXpHTRh-pciMCGoB-CvShbhZ169-KqtAY_fT-Kr5pE3LAe-49C1aQ516k0QJtf1aYhycWQ";
        private const string N1024 = "zww4Um1AsTWI2-FfMc8uZXInf7rDoZfLweS1DAm5nR-Sy_QN-R85-mVMLaPD49Sq7JV7rIturAA1tjpSYh78gvE_lA_SWYOUMsejdEh7f4X0lu2p7NyajH-8QsFXqzGWuWK0wqTsniqf3_Aj3WHfrQuOBCnsqn8AAweO0M3f40s";
        // A private key Go's Validate takes (measured, GoRsaValidateTests "valid"): its modulus and private members.
        private const string N512 = "W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw";
        private const string Private512 = ", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"";
        private const string N1023 = "f99-5q017CuoZmQNCXtIYk5gUIn0E90EkDyDiA3z41FcfJSPQcSbnAXtA-lks-d6tHLfa8KSvOejyEU29HH4bi77r91FI0rO5k9Gvy0zvNA11DcCBH-N6dpDMKBr03cU-YzEt0d5hsg0AwA8kXvYXaMUOcmJvmpvRlpn0vIT_YU";

        private static string Rsa(string kid, string n, string extra = "") => "{\"kty\": \"RSA\", \"alg\": \"RS256\", \"kid\": \"" + kid + "\", \"n\": \"" + n + "\", \"e\": \"AQAB\"" + extra + "}";

        // JoseCertificateParseTests "negative serial number": the P-256 key of its x5c certificate, whose serial is -128 (02 01 80);
        // Go 1.25.12 and 1.26.11 with go-jose v4.1.4 (default GODEBUG) answered "x509: negative serial number".
        private const string NegativeSerialCert = "MIHDMIGvoAMCAQICAYAwCgYIKoZIzj0EAwIwDTELMAkGA1UEAxMCY2EwHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAwMDAwWjAPMQ0wCwYDVQQDDARsZWFmMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAErtY3J0cTfqAk3mzaoJzGxpBToDcAYGXYzoBJIi1vX0ofWQspKS/GFppwEoMQutSmTbgfu7o4kJRftNLIXdVMqjAKBggqhkjOPQQDAgMDADAA";

        internal static string NegativeSerialKey(string kid, string cert = NegativeSerialCert) =>
            "{\"kty\": \"EC\", \"crv\": \"P-256\", \"alg\": \"ES256\", \"kid\": \"" + kid + "\", \"x\": \"rtY3J0cTfqAk3mzaoJzGxpBToDcAYGXYzoBJIi1vX0o\", " +
            "\"y\": \"H1kLKSkvxhaacBKDELrUpk24H7u6OJCUX7TSyF3VTKo\", \"x5c\": [\"" + cert + "\"]}";

        // The same certificate with a byte after it: under x509negativeserial=1 Go reads on and refuses it as "x509: trailing data".
        private static string NegativeSerialCertWithTrailingByte()
        {
            var der = System.Convert.FromBase64String(NegativeSerialCert);
            System.Array.Resize(ref der, der.Length + 1);
            return System.Convert.ToBase64String(der);
        }

        public static IEnumerable<object[]> NegativeSerialSets()
        {
            // crypto/x509 parser.go: a negative serial is refused only under x509negativeserial=0 (Go's default for a go.mod go line
            // of 1.23 or later; internal/godebugs/table.go Changed 23, Old "1", index id 54605726609); a godebug of Teleport's build
            // is not known, so the set is not said to fail: KeyWarnings makes it Indeterminate.
            yield return new object[] { NegativeSerialKey("k1"), null };
            yield return new object[] { Rsa("k2", N2048) + ", " + NegativeSerialKey("k1"), null };
            // refused whatever the setting: with it, Go reads on and meets the byte after the certificate; Go's default text stays
            yield return new object[] { NegativeSerialKey("k1", NegativeSerialCertWithTrailingByte()), "keys[0]: go-jose/go-jose: failed to unmarshal x5c field: x509: negative serial number" };
            // another key go-jose refuses fails the set whatever the setting: under x509negativeserial=1 that key is the reason; under
            // Go's default go-jose stops at the earlier negative-serial key (jwk.go UnmarshalJSON per key in order), whose text Teleport logs
            const string UnderDefault = " (under Go's default x509negativeserial=0, keys[0] (kid \"k1\") is refused first, with \"go-jose/go-jose: failed to unmarshal x5c field: " +
                                        "x509: negative serial number\", and that is the text Teleport gives; this key's is the one under x509negativeserial=1)";
            yield return new object[] { NegativeSerialKey("k1") + ", {\"kty\": \"EC\", \"crv\": \"P-999\", \"kid\": \"k2\"}", "keys[1]: go-jose/go-jose: unsupported elliptic curve 'P-999'" + UnderDefault };
            yield return new object[] { NegativeSerialKey("k1") + ", " + NegativeSerialKey("k3") + ", {\"kty\": \"EC\", \"crv\": \"P-999\", \"kid\": \"k2\"}", "keys[2]: go-jose/go-jose: unsupported elliptic curve 'P-999'" + UnderDefault };
            // a key refused before the negative-serial one is the reason under either setting
            yield return new object[] { "{\"kty\": \"EC\", \"crv\": \"P-999\", \"kid\": \"k2\"}, " + NegativeSerialKey("k1"), "keys[0]: go-jose/go-jose: unsupported elliptic curve 'P-999'" };
        }

        [Theory]
        [MemberData(nameof(NegativeSerialSets))]
        public void A_set_refused_only_for_a_negative_serial_is_not_said_to_fail(string keys, string reason)
        {
            var problems = AppAuthConfigRules.StaticJwksProblems("{\"keys\": [" + keys + "]}").ToList();
            if (reason == null)
            {
                Assert.Empty(problems);
                return;
            }
            var problem = Assert.Single(problems);
            Assert.Equal("unable to parse JWKS contents", problem.Text);
            Assert.Equal(reason, problem.Reason);
        }

        // Each key of a static set is decoded once, a negative-serial-only key twice (Go's default, then x509negativeserial=1), and
        // once per config read: the reader's warnings and every verify event linked to the config use the same checks (AppAuthConfigRules.Checks).
        // Before: the negative-serial key was decoded 4 times by the reader and its chain read 5 times, and each link did it again.
        [Fact]
        public void A_negative_serial_key_is_decoded_once_per_setting()
        {
            var counts = TeleportMcp.Engine.Json.ParseCounter.Start();
            var items = Read(Doc(Labels + "  jwt:\n    issuer: iss\n    audience: aud\n    static_jwks: '{\"keys\": [" + NegativeSerialKey("k1") + ", " + Rsa("k2", N2048) + "]}'\n"));
            var config = Assert.IsType<TeleportMcp.AppAuthConfig>(Assert.Single(items, i => i.Resource != null).Resource);
            Assert.Contains(items, i => i.Diagnostic?.Code == AppAuthConfigRules.KeyIndeterminateCode);
            Assert.Equal(3, counts[TeleportMcp.Engine.Json.ParseCounter.JoseKeyDecodes]);
            Assert.Equal(2, counts[TeleportMcp.Engine.Json.ParseCounter.X5cChainReads]);
            for (int i = 0; i < 2; i++)
            {
                var finding = new TeleportMcp.Finding { AppAuthConfig = config.Name, AppAuthConfigField = "keys" };
                TeleportMcp.Engine.Diagnosis.AppAuthConfigLinks.Link(finding, new[] { config });
                Assert.Contains("keys[0] (kid \"k1\") has an x5c certificate with a negative serial number", finding.Cause, System.StringComparison.Ordinal);
            }
            Assert.Equal(3, counts[TeleportMcp.Engine.Json.ParseCounter.JoseKeyDecodes]);
            Assert.Equal(2, counts[TeleportMcp.Engine.Json.ParseCounter.X5cChainReads]);
            // A key source changed after the read is checked again, not answered from the kept checks.
            config.JwksUrl = "https://idp.example.com/keys";
            Assert.Empty(AppAuthConfigRules.Checks(config).KeyWarnings);
        }

        public static IEnumerable<object[]> KeyWarningRows()
        {
            // a negative serial fails the whole set unless x509negativeserial=1, which is not known for Teleport's build: Indeterminate
            yield return new object[] { NegativeSerialKey("k1"), AppAuthConfigRules.KeyIndeterminateCode,
                "keys[0] (kid \"k1\") has an x5c certificate with a negative serial number: Go refuses such a certificate (\"x509: negative serial number\"), " +
                "and go-jose with it the key and the whole set (\"unable to parse JWKS contents\" at every token check), in a program whose go.mod says go 1.23 or later" };
            yield return new object[] { Rsa("k2", N2048) + ", " + NegativeSerialKey("k1"), AppAuthConfigRules.KeyIndeterminateCode,
                "unless x509negativeserial=1 is set; a godebug line of the build's go.mod or a //go:debug line of its main package (Teleport's go.mod godebug lines and the " +
                "Enterprise main package are not in the sources checked; the open-source tool/teleport/main.go stored has none), or GODEBUG=x509negativeserial=1 in the Auth " +
                "Service's environment, would let the set be read, so whether tokens verify with it is Indeterminate" };
            // go-jose newVerifier @ v4.1.4: the private key picked by kid k2 verifies nothing, k1 still does
            yield return new object[] { Rsa("k1", N2048) + ", " + Rsa("k2", N512, Private512),
                AppAuthConfigRules.KeyNeverVerifiesCode, "Teleport fails the token check with \"go-jose/go-jose: unsupported key type/format\" (app_auth_config.verify.failure) for a token whose kid picks keys[1] (kid \"k2\")" };
            // an EC key with d is an *ecdsa.PrivateKey
            yield return new object[] { Rsa("k1", N2048) + ", {\"kty\": \"EC\", \"crv\": \"P-256\", \"alg\": \"ES256\", \"kid\": \"e\", \"x\": \"axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpY\", " +
                                         "\"y\": \"T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU\", \"d\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE\"}",
                AppAuthConfigRules.KeyNeverVerifiesCode, "picks keys[1] (kid \"e\")" };
            // crypto/rsa checkPublicKeySize (Go 1.24 to 1.26): 1023 bits is refused unless rsa1024min=0, which is not known for Teleport
            yield return new object[] { Rsa("k1", N1023), AppAuthConfigRules.KeyIndeterminateCode,
                "keys[0] (kid \"k1\") is an RSA key under 1024 bits: Go refuses such a key when verifying (\"crypto/rsa: 1023-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)\"" };
            // the default follows the go.mod go line (godebugs table.go rsa1024min Changed: 24); Teleport's is go 1.24.0 since PR #52296,
            // before v18; what is not known is an override of a release's build or of the Auth Service's environment
            yield return new object[] { Rsa("k1", N1023), AppAuthConfigRules.KeyIndeterminateCode,
                "in a program whose go.mod says go 1.24 or later, as Teleport's has since before v18 (PR #52296), unless rsa1024min=0 is set; a godebug line of the build's go.mod " +
                "or a //go:debug line of its main package (Teleport's go.mod godebug lines and the Enterprise main package are not in the sources checked; the open-source " +
                "tool/teleport/main.go stored has none), or GODEBUG=rsa1024min=0 in the Auth Service's environment, would let it verify, so whether tokens signed with it verify is Indeterminate" };
            // n = AQAB is a 17-bit modulus; a leading zero byte does not count (big.Int SetBytes)
            yield return new object[] { Rsa("k1", N2048) + ", " + Rsa("k2", "AAEAAQ"), AppAuthConfigRules.KeyIndeterminateCode, "keys[1] (kid \"k2\") is an RSA key under 1024 bits" };
            yield return new object[] { Rsa("k1", "AQAB") + ", " + Rsa("k2", "AQAB"), AppAuthConfigRules.KeyIndeterminateCode, "keys[0] (kid \"k1\"), keys[1] (kid \"k2\") are RSA keys under 1024 bits: Go refuses such a key when verifying (\"crypto/rsa: 17-bit keys" };
            // jwk.go rsaPrivateKey: Go's Validate runs on every private key of the set, even one never picked (after another of its
            // kid); past 16,384 bits the module does not finish it
            yield return new object[] { Rsa("k1", N2048) + ", " + GoRsaValidateTests.LargePrivateKey("k1", 8300), AppAuthConfigRules.KeyIndeterminateCode,
                "keys[1] (kid \"k1\") is an RSA private key of 16,600 bits or an unbalanced p: go-jose runs Go's rsa.PrivateKey.Validate on it" };
            // 1024 bits is allowed; a small key after another of its kid is never picked (tryJWKS keys[0]); a key without a kid neither
            yield return new object[] { Rsa("k1", N1024), null, null };
            yield return new object[] { Rsa("k1", N2048) + ", " + Rsa("k1", "AQAB") + ", {\"kty\": \"RSA\", \"alg\": \"RS256\", \"n\": \"" + N512 + "\", \"e\": \"AQAB\"" + Private512 + "}", null, null };
            // an oct secret is no private key, whatever members it carries
            yield return new object[] { "{\"kty\": \"oct\", \"k\": \"AAAA\", \"alg\": \"HS256\", \"kid\": \"k1\", \"d\": \"AAAA\"}", null, null };
        }

        [Theory]
        [MemberData(nameof(KeyWarningRows))]
        public void A_key_no_token_verifies_with_is_named_while_the_set_is_kept(string keys, string code, string text)
        {
            var items = Read(Doc(Labels + "  jwt:\n    issuer: iss\n    audience: aud\n    static_jwks: '{\"keys\": [" + keys + "]}'\n"));
            Assert.Single(items, i => i.Resource is TeleportMcp.AppAuthConfig);
            var warnings = items.Where(i => i.Diagnostic != null).Select(i => i.Diagnostic!).ToList();
            if (code == null)
            {
                Assert.Empty(warnings);
                return;
            }
            var warning = Assert.Single(warnings);
            Assert.Equal(DiagnosticLevel.Warning, warning.Level);
            Assert.Equal(code, warning.Code);
            Assert.Contains(text!, warning.Message, StringComparison.Ordinal);
            Assert.Equal(12, warning.Location!.Line);
        }

        public static IEnumerable<object[]> TypedValues()
        {
            // protojson decode.go unmarshalScalar: "invalid value for %v field %v: %v" (kind, fd.JSONName(), the JSON token); sigs.k8s.io/yaml
            // turns an unquoted 123 into the JSON number 123
            yield return new object[] { Doc(Labels + "  jwt:\n    issuer: iss\n    audience: 123\n    jwks_url: https://x/k\n"), "invalid value for string field audience: 123", 11 };
            // go-yaml v2 resolve.go: yes is a boolean, JSON true
            yield return new object[] { Doc(Labels + "  jwt:\n    issuer: yes\n    audience: a\n    jwks_url: https://x/k\n"), "invalid value for string field issuer: true", 10 };
            // a list item: unmarshalList calls unmarshalScalar with the values field
            yield return new object[] { Doc("  app_labels:\n  - name: env\n    values: [prod, on]\n" + Jwt), "invalid value for string field values: true", 8 };
            // go-yaml v2: 0x1F is the int 31
            yield return new object[] { Doc("  app_labels:\n  - name: env\n    values: [0x1F]\n" + Jwt), "invalid value for string field values: 31", 8 };
            // a float is written as encoding/json writes a float64, under its JSON name (usernameClaim)
            yield return new object[] { Doc(Labels + Jwt + "    username_claim: 1.50\n"), "invalid value for string field usernameClaim: 1.5", 13 };
            // a null list item is a JSON null token, which a string refuses (a field's own null is skipped)
            yield return new object[] { Doc("  app_labels:\n  - name: env\n    values: [~]\n" + Jwt), "invalid value for string field values: null", 8 };
            // metadata.labels is a map<string, string>: its values are unmarshalScalar'd as the entry's value field
            yield return new object[] { Doc(Labels + Jwt, "kind: app_auth_config\nversion: v1\nmetadata:\n  name: chat\n  labels:\n    env: off\n"), "invalid value for string field value: false", 6 };
            // the first protojson reads decides: YAML reaches it with sorted keys, so spec (audience) comes before version
            yield return new object[] { Doc(Labels + "  jwt:\n    issuer: iss\n    audience: 7\n    jwks_url: https://x/k\n", "kind: app_auth_config\nversion: 1\nmetadata:\n  name: chat\n"), "invalid value for string field audience: 7", 11 };
            yield return new object[] { Doc(Labels + Jwt, "kind: app_auth_config\nversion: 1\nmetadata:\n  name: chat\n"), "invalid value for string field version: 1", 2 };
        }

        [Theory]
        [MemberData(nameof(TypedValues))]
        public void An_unquoted_boolean_or_number_in_a_string_field_is_refused_with_protojsons_text(string document, string teleportText, int line)
        {
            var error = Read(document).Single(i => i.Diagnostic?.Level == DiagnosticLevel.Error).Diagnostic!;
            Assert.Equal(AppAuthConfigRules.RefusedCode, error.Code);
            Assert.Contains("\"" + teleportText + "\"", error.Message, StringComparison.Ordinal);
            Assert.Equal(line, error.Location!.Line);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        }

        [Theory]
        // JSON: the token as written reaches protojson (no YAML conversion)
        [InlineData("\"audience\": 1.50", "invalid value for string field audience: 1.50")]
        [InlineData("\"audience\": false", "invalid value for string field audience: false")]
        public void A_json_number_or_boolean_in_a_string_field_is_refused_as_written(string member, string teleportText)
        {
            string text = "{\"kind\": \"app_auth_config\", \"version\": \"v1\", \"metadata\": {\"name\": \"c\"}, \"spec\": {\"app_labels\": [{\"name\": \"e\", \"values\": [\"d\"]}], " +
                          "\"jwt\": {\"issuer\": \"i\", " + member + ", \"jwks_url\": \"https://x/k\"}}}";
            var error = Read(text, "aac.json").Single(i => i.Diagnostic?.Level == DiagnosticLevel.Error).Diagnostic!;
            Assert.Contains("\"" + teleportText + "\"", error.Message, StringComparison.Ordinal);
        }

        [Theory]
        // quoted, a block scalar, or plain text: a string as tctl reads it
        [InlineData("    audience: '123'\n")]
        [InlineData("    audience: \"yes\"\n")]
        [InlineData("    audience: !!str 123\n")]
        [InlineData("    audience: teleport-1\n")]
        public void A_value_tctl_reads_as_text_is_taken(string audience)
        {
            var items = Read(Doc(Labels + "  jwt:\n    issuer: iss\n" + audience + "    jwks_url: https://x/k\n"));
            Assert.DoesNotContain(items, i => i.Diagnostic?.Level == DiagnosticLevel.Error);
            Assert.Single(items, i => i.Resource is TeleportMcp.AppAuthConfig);
        }

        [Fact]
        public void Which_configs_select_an_app_is_indeterminate_with_its_reason()
        {
            var configs = new[] { new TeleportMcp.AppAuthConfig { Name = "chat" }, new TeleportMcp.AppAuthConfig { Name = "okta" } };
            var sentence = AppAuthConfigRules.SelectionUnknown(configs)!;
            Assert.StartsWith("2 app_auth_config(s) read (\"chat\", \"okta\"): ", sentence, System.StringComparison.Ordinal);
            Assert.Contains("not known", sentence, StringComparison.Ordinal);
            Assert.Null(AppAuthConfigRules.SelectionUnknown(System.Array.Empty<TeleportMcp.AppAuthConfig>()));
            Assert.Null(AppAuthConfigRules.SelectionUnknown(null));
        }

        [Theory]
        // net/http: http and https are fetched; url.Parse reads the scheme in lower case
        [InlineData("https://idp.example.com/jwks")]
        [InlineData("HTTP://idp.example.com/jwks")]
        [InlineData("https://user@idp.example.com:8443/jwks")]
        public void A_fetchable_jwks_url_gets_no_warning(string url) => Assert.Null(AppAuthConfigRules.JwksUrlProblem(url));

        [Fact]
        public void Static_jwks_content_is_never_in_a_message()
        {
            const string Secret = "PRIVATE-d-value-0123456789";
            var items = Read(Doc(Labels + "  jwt:\n    issuer: iss\n    audience: aud\n    static_jwks: '{\"keys\": [{\"kty\": \"RSA\", \"d\": \"" + Secret + "\"}]}'\n"));
            Assert.All(items.Where(i => i.Diagnostic != null), i => Assert.DoesNotContain(Secret, i.Diagnostic!.Message, StringComparison.Ordinal));
            var c = (TeleportMcp.AppAuthConfig)items.Single(i => i.Resource != null).Resource!;
            Assert.DoesNotContain(typeof(TeleportMcp.AppAuthConfig).GetProperties(), p => p.GetValue(c) is string s && s.Contains(Secret));
        }

        [Fact]
        public void A_config_given_twice_is_kept_once_the_later_definition()
        {
            var input = new ClusterInput();
            var warnings = new List<string>();
            input.Warning = warnings.Add;
            input.ReadText(Doc(Labels + Jwt) + "---\n" + Doc(Labels + "  jwt:\n    issuer: other\n    audience: teleport\n    jwks_url: https://x/j\n"), "aac.yaml");
            var kept = Assert.Single(input.Kept().OfType<TeleportMcp.AppAuthConfig>());
            Assert.Equal("other", kept.Issuer);
            Assert.Contains(warnings, w => w.Contains("app_auth_config \"chat\" was given twice"));
        }
    }
}
