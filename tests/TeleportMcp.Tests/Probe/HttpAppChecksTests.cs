using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>rewrite and insecure_skip_verify: reading both shapes from every source, and the static checks (2:H2-H7).</summary>
    public class HttpAppChecksTests
    {
        private static App Read(string text, string source = "input.yaml")
        {
            var items = ResourceReader.ReadText(text, source).ToList();
            // A static entry Teleport refuses to start with is still read and checked (ServingMapTests covers the refusal).
            var errors = items.Where(i => i.Diagnostic != null && i.Diagnostic.Level == DiagnosticLevel.Error && !i.Diagnostic.Message.Contains("Teleport does not start the App Service")).Select(i => i.Diagnostic.ToString()).ToList();
            Assert.Empty(errors);
            return items.Select(i => i.Resource).OfType<App>().Single();
        }

        private const string ResourceYaml = @"kind: app
version: v3
metadata:
  name: grafana
spec:
  uri: mcp+https://grafana.example.com/mcp
  insecure_skip_verify: true
  rewrite:
    jwt_claims: none
    headers:
    - name: Authorization
      value: Bearer glsa_abcdefghijklmnop1234
    - name: X-User
      value: '{{external.email}}'
";

        private const string ConfigYaml = @"app_service:
  enabled: true
  apps:
  - name: grafana
    uri: mcp+https://grafana.example.com/mcp
    insecure_skip_verify: true
    rewrite:
      jwt_claims: none
      headers:
      - 'Authorization: Bearer glsa_abcdefghijklmnop1234'
      - 'X-User: {{external.email}}'
";

        private const string ResourceJson = @"[{""kind"":""app"",""version"":""v3"",""metadata"":{""name"":""grafana""},""spec"":{""uri"":""mcp+https://grafana.example.com/mcp"",
""insecure_skip_verify"":true,""rewrite"":{""jwt_claims"":""none"",""headers"":[{""name"":""Authorization"",""value"":""Bearer glsa_abcdefghijklmnop1234""},{""name"":""X-User"",""value"":""{{external.email}}""}]}}}]";

        private const string AppServerYaml = @"kind: app_server
version: v3
metadata:
  name: grafana
spec:
  app:
    kind: app
    version: v3
    metadata:
      name: grafana
    spec:
      uri: mcp+https://grafana.example.com/mcp
      insecure_skip_verify: true
      rewrite:
        jwt_claims: none
        headers:
        - name: Authorization
          value: Bearer glsa_abcdefghijklmnop1234
        - 'X-User: {{external.email}}'
";

        public static IEnumerable<object[]> Sources() => new[]
        {
            new object[] { "app resource (maps)", ResourceYaml },
            new object[] { "teleport.yaml (strings)", ConfigYaml },
            new object[] { "tctl get --format=json", ResourceJson },
            new object[] { "app_server, mixed shapes (2:H2 advice)", AppServerYaml },
        };

        [Theory]
        [MemberData(nameof(Sources))]
        public void Rewrite_and_insecure_skip_verify_are_read_from_every_source(string what, string text)
        {
            var app = Read(text);
            Assert.True(app.InsecureSkipVerify, what);
            Assert.Equal("none", app.Rewrite.JwtClaims);
            Assert.Equal(new[] { "Authorization", "X-User" }, app.Rewrite.Headers.Select(h => h.Name));
            Assert.Equal("Bearer glsa_abcdefghijklmnop1234", app.Rewrite.Headers[0].RealValue());
            Assert.Equal("{{external.email}}", app.Rewrite.Headers[1].RealValue());
            // Every printed form masks the credential and keeps the template.
            Assert.Equal("Bearer ***", app.Rewrite.Headers[0].Value);
            Assert.Equal("Authorization: Bearer ***", app.Rewrite.Headers[0].ToString());
            Assert.Equal("X-User: {{external.email}}", app.Rewrite.Headers[1].Display);
            Assert.All(app.Rewrite.Headers, h => Assert.Null(h.ParseError));
        }

        // lib/service/servicecfg/app.go @f0923e72 ParseHeader (2:H3): the exact texts, each quoting the whole entry; the first
        // three rows are Teleport's own (lib/service/servicecfg/config_test.go @12c77543 TestParseHeaders).
        [Theory]
        [InlineData("X-Header", "failed to parse \"X-Header\" as http header")]
        [InlineData(": missing", "invalid http header name: \": missing\"")]
        [InlineData("X Space: space", "invalid http header name: \"X Space: space\"")]
        [InlineData("no-colon-here", "failed to parse \"no-colon-here\" as http header")]
        [InlineData("  Bad Name :  x  ", "invalid http header name: \"  Bad Name :  x  \"")]   // the entry as written
        [InlineData("X-\u00e9t\u00e9: x", "invalid http header name: \"X-\u00e9t\u00e9: x\"")]          // token characters are ASCII
        [InlineData("X-Note: a\u0001b", "invalid http header value: \"X-Note: a\\x01b\"")]
        [InlineData("X-Note: a\u007fb", "invalid http header value: \"X-Note: a\\x7fb\"")]
        // The colon forgotten after a credential header's name: the rest is the value, and it stays masked.
        [InlineData("X-Api-Key plainsecret123", "failed to parse \"X-Api-Key ***\" as http header")]
        [InlineData("Authorization Bearer plainsecret123", "failed to parse \"Authorization Bearer ***\" as http header")]
        // A credential in an entry Teleport quotes whole is masked in place.
        [InlineData("X Api-Key: plainsecret123", "invalid http header name: \"X Api-Key: ***\"")]
        [InlineData("Authorization:  Bearer plainsecret123\u0001", "invalid http header value: \"Authorization:  Bearer ***\"")]
        public void String_form_parse_errors_use_teleports_words(string entry, string expected)
        {
            var h = HeaderRules.ParseStringForm(entry, null);
            Assert.Equal(expected, h.ParseError);
            Assert.DoesNotContain("plainsecret", h.Display, StringComparison.Ordinal);
        }

        // lib/service/servicecfg/config_test.go @12c77543 TestParseHeaders "parse multiple headers": what ParseHeader accepts.
        [Theory]
        [InlineData("Host: example.com    ", "Host", "example.com")]
        [InlineData("X-Teleport-Logins: root, {{internal.logins}}", "X-Teleport-Logins", "root, {{internal.logins}}")]
        [InlineData("X-Env  : {{external.env}}", "X-Env", "{{external.env}}")]
        [InlineData("X-Env: env:prod", "X-Env", "env:prod")]
        [InlineData("X-Empty:", "X-Empty", "")]
        [InlineData("X-Tab: a\tb", "X-Tab", "a\tb")]     // httpguts allows a horizontal tab in a value
        public void String_form_teleport_accepts(string entry, string name, string value)
        {
            var h = HeaderRules.ParseStringForm(entry, null);
            Assert.Null(h.ParseError);
            Assert.Equal(name, h.Name);
            Assert.Equal(value, h.RealValue());
        }

        [Fact]
        public void String_form_splits_on_the_first_colon_and_trims()
        {
            var h = HeaderRules.ParseStringForm("  X-Target :  https://a.example:8443/x  ", null);
            Assert.Null(h.ParseError);
            Assert.Equal("X-Target", h.Name);
            Assert.Equal("https://a.example:8443/x", h.RealValue());
        }

        [Fact]
        public void Invalid_value_error_does_not_print_the_secret()
        {
            var h = HeaderRules.Check(new RewriteHeader("Authorization", "Bearer abcdefghijkl\u0001"));
            Assert.StartsWith("invalid http header value: ", h.ParseError, StringComparison.Ordinal);
            Assert.DoesNotContain("abcdefghijkl", h.ParseError, StringComparison.Ordinal);
        }

        private static List<AppCheck> Checks(string configApp, StaticCheckOptions options = null)
        {
            var app = Read("app_service:\n  enabled: true\n  apps:\n" + configApp);
            var o = options ?? new StaticCheckOptions();
            o.CheckReachable = false;
            return StaticChecks.Run(app, o).Results;
        }

        [Fact]
        public void Unparsable_header_in_teleport_yaml_blocks_the_app_with_its_location()
        {
            var r = Checks("  - name: a\n    uri: mcp+http://10.0.0.5:8080/mcp\n    rewrite:\n      headers:\n      - 'X-Key abc'\n");
            var c = r.Single(x => x.Check == "Headers");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.True(c.BlocksSpawn);
            Assert.Contains("failed to parse headers rewrite configuration for app \"a\": failed to parse \"X-Key ***\" as http header", c.Message, StringComparison.Ordinal);
            Assert.True(c.Message.EndsWith("(input.yaml:8:9)", StringComparison.Ordinal), c.Message);
        }

        // lib/config/configuration.go applyAppsConfig parses a static entry's headers whatever its transport: a stdio entry
        // whose header Teleport cannot parse stops the App Service as well (Test-TeleportMcpApp shares StaticAppRules' text).
        [Fact]
        public void Unparsable_header_of_a_static_stdio_app_blocks_it_too()
        {
            var r = Checks("  - name: a\n    mcp:\n      command: /bin/true\n      run_as_host_user: root\n    rewrite:\n      headers:\n      - 'X-Ok: 1'\n      - 'X Space: space'\n");
            var c = r.Single(x => x.Check == "Headers");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.True(c.BlocksSpawn);
            Assert.Equal("failed to parse headers rewrite configuration for app \"a\": invalid http header name: \"X Space: space\" (input.yaml:11:9)", c.Message);

            var fine = Checks("  - name: a\n    mcp:\n      command: /bin/true\n      run_as_host_user: root\n    rewrite:\n      headers: ['X-Ok: 1']\n");
            Assert.DoesNotContain(fine, x => x.Check == "Headers");
        }

        // servicecfg/app.go (2:H4): reserved headers fail static apps; dynamic apps drop them silently.
        [Fact]
        public void Reserved_header_fails_a_static_app_and_warns_for_a_dynamic_one()
        {
            var r = Checks("  - name: a\n    uri: mcp+http://10.0.0.5:8080/mcp\n    rewrite:\n      headers:\n      - 'teleport-jwt-assertion: x'\n");
            var c = r.Single(x => x.Check == "Headers");
            Assert.Equal(CheckStatus.Fail, c.Status);
            // servicecfg/app.go names the header as http.CanonicalHeaderKey writes it.
            Assert.Contains("invalid application \"a\" header rewrite configuration: header \"Teleport-Jwt-Assertion\" is reserved and can't be rewritten", c.Message, StringComparison.Ordinal);

            var dyn = Read("kind: app\nversion: v3\nmetadata:\n  name: a\nspec:\n  uri: mcp+http://10.0.0.5:8080/mcp\n  rewrite:\n    headers:\n    - name: X-Real-Ip\n      value: 1.2.3.4\n");
            var d = StaticChecks.Run(dyn, new StaticCheckOptions { CheckReachable = false }).Results.Single(x => x.Check == "Headers");
            Assert.Equal(CheckStatus.Warn, d.Status);
        }

        // api/types/app.go CheckAndSetDefaults.
        [Fact]
        public void Unknown_jwt_claims_value_is_refused()
        {
            var r = Checks("  - name: a\n    uri: mcp+http://10.0.0.5:8080/mcp\n    rewrite:\n      jwt_claims: everything\n");
            var c = r.Single(x => x.Check == "JwtClaims");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.StartsWith("app \"a\" has unexpected JWT rewrite value \"everything\"", c.Message, StringComparison.Ordinal);
        }

        // lib/srv/app/common/jwt.go GenerateJWTAndTraits: jwt_claims none/roles leaves only jwt in the trait map (2:H6).
        [Theory]
        [InlineData("none")]
        [InlineData("roles")]
        public void External_trait_header_with_jwt_claims_without_traits_is_dropped(string claims)
        {
            var traits = new Dictionary<string, List<string>> { ["email"] = new List<string> { "alice@example.com" } };
            var r = Checks("  - name: a\n    uri: mcp+http://10.0.0.5:8080/mcp\n    rewrite:\n      jwt_claims: " + claims + "\n      headers:\n      - 'X-User: {{external.email}}'\n",
                new StaticCheckOptions { UserName = "alice", UserTraits = traits });
            var c = r.Single(x => x.Check == "Headers");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Contains("jwt_claims: " + claims, c.Message, StringComparison.Ordinal);
        }

        // lib/srv/app/common/jwt_test.go TestRolesAndTraitsForAppToken: "none" gives neither roles nor traits; lib/srv/mcp/auth.go
        // generateIDToken takes the ID token's claims from the same function.
        [Theory]
        [InlineData("none", "{{internal.jwt}}", "JWT")]
        [InlineData("none", "{{internal.id_token}}", "ID token")]
        [InlineData("roles", "{{internal.jwt}}", null)]
        [InlineData("traits", "{{internal.id_token}}", null)]
        [InlineData("", "{{internal.id_token}}", null)]
        public void Token_header_with_jwt_claims_none_warns_that_the_token_is_empty_of_claims(string claims, string token, string named)
        {
            var r = Checks("  - name: a\n    uri: mcp+http://10.0.0.5:8080/mcp\n    rewrite:\n      jwt_claims: '" + claims + "'\n      headers:\n      - 'Authorization: Bearer " + token + "'\n");
            var c = r.SingleOrDefault(x => x.Check == "JwtClaims");
            if (named == null) Assert.Null(c);
            else
            {
                Assert.Equal(CheckStatus.Warn, c.Status);
                Assert.Contains("the " + named + " carries neither roles nor traits", c.Message, StringComparison.Ordinal);
            }
            Assert.DoesNotContain(r, x => x.Check == "HeaderSecret");
        }

        [Theory]
        [InlineData("X-User: {{external.email}}", "alice", CheckStatus.Fail)]             // the user has no such trait
        [InlineData("X-User: {{internal.not_a_trait}}", "alice", CheckStatus.Fail)]        // not on the internal allow-list (I5)
        [InlineData("X-User: {{external.email}}", null, CheckStatus.Skipped)]             // depends on a user
        [InlineData("X-Logins: {{internal.logins}}", "alice", CheckStatus.Pass)]
        public void Header_templates_are_expanded_like_apply_value_traits(string header, string user, CheckStatus expected)
        {
            var traits = new Dictionary<string, List<string>> { ["logins"] = new List<string> { "alice" } };
            var r = Checks("  - name: a\n    uri: mcp+http://10.0.0.5:8080/mcp\n    rewrite:\n      headers:\n      - '" + header + "'\n",
                new StaticCheckOptions { UserName = user, UserTraits = user == null ? null : traits });
            Assert.Equal(expected, r.Single(x => x.Check == "Headers").Status);
        }

        // lib/services/app.go RewriteHeadersAndApplyValueTraits: Del(name) before each applied entry, so the last applied entry of a
        // name (any case) wins; an entry Teleport skips deletes nothing. Rows: entries | user | headers sent | warnings on earlier entries.
        [Theory]
        [InlineData("X-A: one|X-A: two", "alice", "X-A: two", 1)]
        [InlineData("X-A: one|x-a: two", "alice", "x-a: two", 1)]                               // Go's canonical keys
        [InlineData("X-A: one|X-B: two|X-A: three", "alice", "X-B: two|X-A: three", 1)]
        [InlineData("X-A: one|X-A: two|X-A: three", "alice", "X-A: three", 2)]
        [InlineData("X-A: one|X-A: {{external.email}}", "alice", "X-A: one", 0)]              // missing trait: skipped, the earlier stays
        [InlineData("X-A: one|X-A: {{internal.}}", "alice", "X-A: one", 0)]                    // template error: skipped
        [InlineData("X-A: one|X-A: {{external.teams}}", "alice", "X-A: red|X-A: blue", 1)]    // every value of the later entry
        [InlineData("X-A: {{external.teams}}|X-A: one", "alice", "X-A: one", 1)]
        [InlineData("X-A: one|X-A: Bearer {{internal.jwt}}", "alice", "", 1)]                 // replaced by a token only Teleport mints
        [InlineData("X-A: one|X-A: {{external.teams}}", null, "X-A: one", 1)]                 // replaced only if the user has the trait
        public void Later_rewrite_entry_of_the_same_name_replaces_the_earlier(string entries, string user, string sent, int warnings)
        {
            var traits = new Dictionary<string, List<string>> { ["teams"] = new List<string> { "red", "blue" } };
            var yaml = string.Concat(entries.Split('|').Select(e => "      - '" + e + "'\n"));
            var options = new StaticCheckOptions { UserName = user, UserTraits = user == null ? null : traits };
            var app = Read("app_service:\n  enabled: true\n  apps:\n  - name: a\n    uri: mcp+http://10.0.0.5:8080/mcp\n    rewrite:\n      headers:\n" + yaml);
            var plan = HeaderPlan.Build(app, options.UserName, options.UserTraits, null);
            Assert.Equal(sent, string.Join("|", plan.Send.Select(h => h.Name + ": " + h.Value)));
            var r = Checks("  - name: a\n    uri: mcp+http://10.0.0.5:8080/mcp\n    rewrite:\n      headers:\n" + yaml, options);
            var overridden = r.Where(x => x.Check == "Headers" && x.Status == CheckStatus.Warn && x.Message.Contains("deletes the header before it adds each entry")).ToList();
            Assert.Equal(warnings, overridden.Count);
            Assert.All(overridden, c => Assert.Contains("one entry per header name", c.Fix, StringComparison.Ordinal));
        }

        // lib/services/app_test.go (newest stored, index id 55499387015) TestRewriteHeadersAndApplyValueTraits: "host" sets the
        // request's host, a two-valued trait is two headers, a missing trait skips its entry.
        [Fact]
        public void Rewrite_entries_of_teleports_own_test()
        {
            var app = Read("app_service:\n  enabled: true\n  apps:\n  - name: a\n    uri: mcp+http://10.0.0.5:8080/mcp\n    rewrite:\n      headers:\n" +
                "      - 'host: 1.2.3.4'\n      - 'x-rewrite: {{external.rewrite}}'\n      - 'x-bad-rewrite: {{external.bad_rewrite}}'\n");
            var traits = new Dictionary<string, List<string>> { ["rewrite"] = new List<string> { "value1", "value2" } };
            var plan = HeaderPlan.Build(app, "alice", traits, null);
            Assert.Equal("host: 1.2.3.4|x-rewrite: value1|x-rewrite: value2", string.Join("|", plan.Send.Select(h => h.Name + ": " + h.Value)));
            Assert.Equal(new[] { HeaderFate.Sent, HeaderFate.Sent, HeaderFate.Dropped }, plan.Decisions.Select(d => d.Fate).ToArray());
        }

        // lib/utils/parse/parse.go (2:G2-G4): a template Teleport cannot parse is skipped (2:H5); the fix is the template,
        // not jwt_claims. A missing trait's fix names the trait.
        [Theory]
        [InlineData("X-A: {{internal.}}", "Fix the template")]
        [InlineData("X-A: {{foo.bar.baz}}", "Fix the template")]
        [InlineData("X-A: {{regexp.match(\"a\")}}", "Fix the template")]
        [InlineData("X-A: {{internal.jwt", "Fix the template")]
        [InlineData("X-A: {{internal.not_a_trait}}", "Fix the template")]
        [InlineData("X-A: {{external.email}}", "trait email")]
        public void Dropped_header_template_gets_the_fix_of_its_cause(string header, string fix)
        {
            var traits = new Dictionary<string, List<string>> { ["logins"] = new List<string> { "alice" } };
            var r = Checks("  - name: a\n    uri: mcp+http://10.0.0.5:8080/mcp\n    rewrite:\n      headers:\n      - '" + header + "'\n",
                new StaticCheckOptions { UserName = "alice", UserTraits = traits });
            var c = r.Single(x => x.Check == "Headers");
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Contains(fix, c.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain("jwt_claims", c.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void Header_whose_value_depends_on_a_user_not_given_is_not_reproducible_by_the_probe()
        {
            var app = Read("kind: app\nversion: v3\nmetadata: {name: a}\nspec:\n  uri: mcp+http://127.0.0.1:1/mcp\n  rewrite:\n    headers:\n    - {name: Authorization, value: 'Bearer {{external.api_token}}'}\n");
            var plan = HeaderPlan.Build(app, null, null, null);
            var d = Assert.Single(plan.Unreproducible);
            Assert.Equal(HeaderFate.DependsOnUser, d.Fate);
            Assert.Empty(plan.Send);
        }

        [Theory]
        [InlineData("Authorization: Bearer abc123def456", true)]
        [InlineData("X-Api-Key: 9f8e7d6c5b4a", true)]
        [InlineData("X-Custom: ghp_abcdefghijklmnopqrstuvwxyz0123", true)]      // a token a redaction rule knows
        [InlineData("Authorization: Bearer {{internal.jwt}}", false)]
        [InlineData("X-Api-Key: {{external.api_key}}", false)]
        [InlineData("X-Tenant: acme", false)]
        // Vendors' API-key headers: Datadog (issue #66816's app), Azure APIM, a bare X-Key.
        [InlineData("DD-API-KEY: 0123456789abcdef0123456789abcdef", true)]
        [InlineData("DD-APPLICATION-KEY: 0123456789abcdef0123456789abcdef01234567", true)]
        [InlineData("Ocp-Apim-Subscription-Key: 0123456789abcdef", true)]
        [InlineData("X-Key: literalsecretvalue999", true)]
        [InlineData("X-Keyboard-Layout: us", false)]
        public void Plaintext_secret_in_a_header_warns_with_a_fix(string header, bool secret)
        {
            var r = Checks("  - name: a\n    uri: mcp+http://10.0.0.5:8080/mcp\n    rewrite:\n      headers:\n      - '" + header + "'\n");
            var c = r.SingleOrDefault(x => x.Check == "HeaderSecret");
            Assert.Equal(secret, c != null);
            if (c == null) return;
            Assert.Equal(CheckStatus.Warn, c.Status);
            Assert.Contains("{{external.", c.Fix, StringComparison.Ordinal);
            var value = header.Substring(header.IndexOf(':') + 1).Trim().Split(' ').Last();
            Assert.DoesNotContain(value, string.Join("\n", r.Select(x => x.Message + x.Fix)), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("mcp+https://api.example.com/mcp", CheckStatus.Warn)]
        [InlineData("mcp+https://10.1.2.3/mcp", CheckStatus.Pass)]
        [InlineData("mcp+https://mcp.internal/mcp", CheckStatus.Pass)]
        [InlineData("mcp+https://localhost:8443/mcp", CheckStatus.Pass)]
        [InlineData("mcp+http://api.example.com/mcp", CheckStatus.Warn)]   // no effect on plain http
        public void Insecure_skip_verify_on_a_public_host_warns(string uri, CheckStatus expected)
        {
            var r = Checks("  - name: a\n    uri: " + uri + "\n    insecure_skip_verify: true\n");
            Assert.Equal(expected, r.Single(x => x.Check == "InsecureSkipVerify").Status);
        }

        // lib/services/app.go validateAppTLS: insecure_skip_verify is deprecated beside spec.tls, and refused with a tls.mode that verifies.
        [Theory]
        [InlineData("verify-full", true, CheckStatus.Fail)]
        [InlineData("verify-server-name", true, CheckStatus.Fail)]
        [InlineData(null, true, CheckStatus.Pass)]
        public void Insecure_skip_verify_beside_a_verifying_tls_mode_is_refused(string mode, bool insecure, CheckStatus expected)
        {
            var yaml = "kind: app\nversion: v3\nmetadata:\n  name: files\nspec:\n  uri: mcp+https://10.1.2.3/mcp\n" +
                       (insecure ? "  insecure_skip_verify: true\n" : "") + (mode != null ? "  tls:\n    mode: " + mode + "\n" : "");
            var app = Read(yaml);
            Assert.Equal(mode, app.TlsMode);
            var r = StaticChecks.Run(app, new StaticCheckOptions { CheckReachable = false }).Results;
            var check = r.Single(x => x.Check == "InsecureSkipVerify");
            Assert.Equal(expected, check.Status);
            if (expected == CheckStatus.Fail) Assert.Contains("cannot specify 'insecure_skip_verify: true' (deprecated) and 'tls.mode: \"" + mode + "\"'", check.Message, StringComparison.Ordinal);
        }

        // lib/srv/mcp/sse.go makeSSEBaseURI: strings.HasPrefix on the raw URI (case-sensitive); lib/srv/mcp/http.go: url.Parse lower-cases
        // the scheme. How api/types picks the transport is not in the stored sources, so a scheme not in lower case is undecided.
        [Theory]
        [InlineData("mcp+http://10.0.0.5:8080/mcp", null)]
        [InlineData("mcp+sse+https://10.0.0.5:8443/sse", null)]
        [InlineData("MCP+HTTP://10.0.0.5:8080/mcp", "lib/srv/mcp/http.go")]
        [InlineData("Mcp+Https://10.0.0.5:8443/mcp", "lib/srv/mcp/http.go")]
        [InlineData("mcp+SSE+http://10.0.0.5:8080/sse", "unknown scheme type: mcp+sse+http")]
        public void A_scheme_not_in_lower_case_is_undecided(string uri, string reason)
        {
            var app = Checks("  - name: a\n    uri: " + uri + "\n");
            var c = app.SingleOrDefault(x => x.Check == "SchemeCase");
            if (reason == null)
            {
                Assert.Null(c);
                return;
            }
            Assert.NotNull(c);
            Assert.Equal(CheckStatus.Indeterminate, c.Status);
            Assert.Contains(reason, c.Message, StringComparison.Ordinal);
            Assert.Contains("not confirmed", c.Message, StringComparison.Ordinal);
            Assert.Contains(uri.Substring(0, uri.IndexOf("://", StringComparison.Ordinal)).ToLowerInvariant() + "://", c.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void Sse_over_https_is_undecided_while_the_fixed_release_is_unknown()
        {
            var c = Checks("  - name: a\n    uri: mcp+sse+https://10.0.0.5:8443/sse\n").Single(x => x.Check == "SseHttps");
            Assert.Equal(CheckStatus.Indeterminate, c.Status);
            Assert.Contains("#68020", c.Message, StringComparison.Ordinal);
        }

        // 2:H19: PR #68020 / v18 backport #68058 came after 18.9.2 (published by 2026-06-29; branch/v18 still had the old
        // makeSSEBaseURI on 2026-07-09). An app_server carries its agent's release in spec.version.
        [Theory]
        [InlineData("18.9.2", CheckStatus.Fail)]
        [InlineData("v18.8.3", CheckStatus.Fail)]
        [InlineData("18.7.5", CheckStatus.Fail)]
        [InlineData("18.9.2-dev.1", CheckStatus.Fail)]
        [InlineData("18.9.3", CheckStatus.Indeterminate)]
        [InlineData("19.0.0", CheckStatus.Indeterminate)]
        [InlineData("not-a-version", CheckStatus.Indeterminate)]
        [InlineData(null, CheckStatus.Indeterminate)]
        public void Sse_over_https_fails_on_an_agent_release_without_the_fix(string version, CheckStatus expected)
        {
            string yaml = "kind: app_server\nversion: v3\nmetadata:\n  name: docs\nspec:\n  hostname: agent-1\n  host_id: 5b1c\n" +
                          (version == null ? "" : "  version: " + version + "\n") +
                          "  app:\n    kind: app\n    version: v3\n    metadata:\n      name: docs\n    spec:\n      uri: mcp+sse+https://10.0.0.5:8443/sse\n";
            var app = Read(yaml);
            Assert.Equal(version, app.ServerVersion);
            var c = StaticChecks.Run(app, new StaticCheckOptions { CheckReachable = false }).Results.Single(x => x.Check == "SseHttps");
            Assert.Equal(expected, c.Status);
            Assert.Contains("#68020", c.Message, StringComparison.Ordinal);
            Assert.Contains("18.9.2", c.Message, StringComparison.Ordinal);
            if (expected == CheckStatus.Fail) Assert.Contains("agent-1", c.Message, StringComparison.Ordinal);
        }

        // 2:H1: remote MCP transports came in 18.3.0 (PR #60519; PR #61051 "Streamable HTTP and SSE MCP server need 18.3.0+"). An
        // older agent fails the app whatever its transport, and the SSE-over-https rule (18.3.0 to 18.9.2) does not apply.
        [Theory]
        [InlineData("mcp+sse+https://10.0.0.5:8443/sse", "18.2.9", CheckStatus.Fail, false)]
        [InlineData("mcp+sse+https://10.0.0.5:8443/sse", "17.7.1", CheckStatus.Fail, false)]
        [InlineData("mcp+https://10.0.0.5:8443/mcp", "18.1.0", CheckStatus.Fail, false)]
        [InlineData("mcp+http://10.0.0.5:8080/mcp", "16.4.0", CheckStatus.Fail, false)]
        [InlineData("mcp+sse+https://10.0.0.5:8443/sse", "18.3.0", null, true)]
        [InlineData("mcp+https://10.0.0.5:8443/mcp", "18.3.0", null, false)]
        [InlineData("mcp+https://10.0.0.5:8443/mcp", null, null, false)]
        public void Remote_transports_need_an_agent_of_18_3_0_or_later(string uri, string version, CheckStatus? serverRelease, bool sseHttpsFails)
        {
            string yaml = "kind: app_server\nversion: v3\nmetadata:\n  name: docs\nspec:\n  hostname: agent-1\n  host_id: 5b1c\n" +
                          (version == null ? "" : "  version: " + version + "\n") +
                          "  app:\n    kind: app\n    version: v3\n    metadata:\n      name: docs\n    spec:\n      uri: " + uri + "\n";
            var results = StaticChecks.Run(Read(yaml), new StaticCheckOptions { CheckReachable = false }).Results;
            var release = results.SingleOrDefault(x => x.Check == "ServerRelease");
            Assert.Equal(serverRelease, release?.Status);
            if (release != null)
            {
                Assert.Contains("18.3.0", release.Message, StringComparison.Ordinal);
                Assert.Contains("agent-1", release.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(results, x => x.Check == "SseHttps");
            }
            Assert.Equal(sseHttpsFails, results.Any(x => x.Check == "SseHttps" && x.Status == CheckStatus.Fail));
        }

        [Theory]
        [InlineData("18.9.2", "18.9.2")]
        [InlineData("v18.10.0", "18.10.0")]
        [InlineData("18.9.2+build", "18.9.2")]
        [InlineData("18.9", null)]
        [InlineData("18.x.1", null)]
        [InlineData("", null)]
        public void Release_numbers_parse_as_major_minor_patch(string text, string expected) =>
            Assert.Equal(expected, ServingAgent.ParseRelease(text)?.ToString());

        // lib/srv/app/common/header.go @c4e50bbc ReservedHeaders (teleport.AppJWTHeader, X-Forwarded-Ssl, the four X-Teleport-*)
        // + lib/httplib/reverseproxy XHeaders (newest stored: Proto, For, Host, Port, Server, X-Real-Ip); older lib/utils/app/app.go @9952c291.
        [Theory]
        [InlineData("teleport-jwt-assertion", true)]
        [InlineData("X-Forwarded-Ssl", true)]
        [InlineData("x-teleport-api-error", true)]
        [InlineData("X-Teleport-Api-Info", true)]
        [InlineData("X-Teleport-Aws-Assumed-Role", true)]
        [InlineData("X-Teleport-Aws-Assumed-Role-Authorization", true)]
        [InlineData("X-Forwarded-Proto", true)]
        [InlineData("X-Forwarded-For", true)]
        [InlineData("X-Forwarded-Host", true)]
        [InlineData("X-Forwarded-Port", true)]
        [InlineData("X-Forwarded-Server", true)]
        [InlineData("X-Real-IP", true)]
        [InlineData("X-Forwarded-Uri", false)]
        [InlineData("Authorization", false)]
        [InlineData("X-Api-Key", false)]
        public void The_reserved_headers_are_Teleports_list(string name, bool reserved) =>
            Assert.Equal(reserved, TeleportMcp.Engine.Resources.HeaderRules.IsReserved(name));

        [Fact]
        public void The_example_clusters_http_app_matches_the_demo_teleport_yaml()
        {
            // examples/cluster/app_servers.yaml holds grafana as the App Service on mcp-01 registered it from examples/teleport.yaml:
            // the same header, in the resource's {name, value} shape instead of the file's "Name: value" string (2:H2).
            string dir = System.IO.Path.Combine(System.AppContext.BaseDirectory, "examples");
            App FromFile(string file) => ResourceReader.ReadFile(System.IO.Path.Combine(dir, file)).Select(i => i.Resource).OfType<App>().Single(a => a.Name == "grafana");
            var served = FromFile(System.IO.Path.Combine("cluster", "app_servers.yaml"));
            var configured = FromFile("teleport.yaml");
            Assert.Equal(configured.Uri, served.Uri);
            Assert.Equal(McpTransport.Http, served.Transport);
            Assert.Equal(configured.Rewrite.Headers.Select(h => h.Name + "=" + h.RealValue()), served.Rewrite.Headers.Select(h => h.Name + "=" + h.RealValue()));
            Assert.Equal("X-Api-Key: ***", served.Rewrite.Headers.Single().Display);
        }

        [Theory]
        [InlineData("mcp+http://10.0.0.5:8080/sse", CheckStatus.Warn)]
        [InlineData("mcp+sse+http://10.0.0.5:8080/mcp", CheckStatus.Warn)]
        [InlineData("mcp+http://10.0.0.5:8080/mcp", CheckStatus.Pass)]
        [InlineData("mcp+sse+http://10.0.0.5:8080/sse", CheckStatus.Pass)]
        public void Uri_path_that_belongs_to_the_other_transport_warns(string uri, CheckStatus expected)
        {
            Assert.Equal(expected, Checks("  - name: a\n    uri: " + uri + "\n").Single(x => x.Check == "Transport").Status);
        }

        [Theory]
        [InlineData("Authorization", "Bearer abcdef123456", "Authorization: Bearer ***")]
        [InlineData("Authorization", "Basic dXNlcjpwYXNz", "Authorization: Basic ***")]
        [InlineData("Authorization", "Bearer {{internal.jwt}}", "Authorization: Bearer {{internal.jwt}}")]
        [InlineData("X-Api-Key", "k-{{external.team}}-abc123", "X-Api-Key: ***{{external.team}}***")]
        [InlineData("X-Tenant", "acme", "X-Tenant: acme")]
        [InlineData("X-Forward", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl", "X-Forward: ***")]
        public void Header_redaction(string name, string value, string expected)
        {
            Assert.Equal(expected, Redactor.RedactHeader(name, value));
        }
    }
}

namespace TeleportMcp.Tests.Probe
{
    using System;
    using System.Net;
    using System.Net.Security;
    using System.Net.Sockets;
    using System.Security.Cryptography;
    using System.Security.Cryptography.X509Certificates;
    using System.Threading.Tasks;

    /// <summary>The static TLS check against an in-process TLS endpoint on loopback (port 0) with certificates the test makes.</summary>
    public class TlsCheckTests
    {
        private static X509Certificate2 Cert(string dnsName, DateTimeOffset from, DateTimeOffset to, bool withLoopbackIp)
        {
            using var rsa = RSA.Create(2048);
            var req = new CertificateRequest("CN=" + dnsName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            if (withLoopbackIp) san.AddIpAddress(IPAddress.Loopback);
            req.CertificateExtensions.Add(san.Build());
            using var c = req.CreateSelfSigned(from, to);
            return X509CertificateLoader.LoadPkcs12(c.Export(X509ContentType.Pfx), null);
        }

        private static AppCheck RunAgainst(X509Certificate2 cert, bool insecure) => RunAgainst(cert, app => app.InsecureSkipVerify = insecure);

        private static AppCheck RunAgainst(X509Certificate2 cert, Action<App> configure, X509Certificate2Collection sentChain = null)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            // Every connection is served: the Reachable check's plain TCP connect comes first.
            var serve = Task.Run(async () =>
            {
                while (true)
                {
                    TcpClient client;
                    try { client = await listener.AcceptTcpClientAsync(); }
                    catch (Exception e) when (e is ObjectDisposedException || e is SocketException || e is InvalidOperationException) { return; }
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        using (var ssl = new SslStream(client.GetStream()))
                        {
                            try
                            {
                                if (sentChain == null) await ssl.AuthenticateAsServerAsync(cert);
                                else await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = SslStreamCertificateContext.Create(cert, sentChain, offline: true) });
                            }
                            catch (Exception e) when (e is IOException || e is System.Security.Authentication.AuthenticationException || e is ObjectDisposedException || e is SocketException) { }
                        }
                    });
                }
            });
            try
            {
                var app = new App { Name = "tls", Uri = "mcp+https://127.0.0.1:" + port + "/mcp", Transport = McpTransport.Http };
                configure(app);
                // The handshake's limit as a guard only: the serving tasks may start late on a loaded machine's thread pool.
                var r = StaticChecks.Run(app, new StaticCheckOptions { CheckTls = true, ConnectTimeoutMs = 60000 }).Results;
                return r.Single(x => x.Check == "Tls");
            }
            finally
            {
                listener.Stop();
                serve.Wait(5000);
            }
        }

        [Theory]
        [InlineData("expired", "expired on")]
        [InlineData("wrong-name", "not valid for 127.0.0.1")]
        [InlineData("self-signed", "self-signed")]
        public void Bad_certificate_fails_unless_insecure_skip_verify(string kind, string expected)
        {
            var now = DateTimeOffset.UtcNow;
            using var cert = kind == "expired" ? Cert("localhost", now.AddDays(-30), now.AddDays(-1), true)
                : kind == "wrong-name" ? Cert("other.example", now.AddDays(-1), now.AddDays(30), false)
                : Cert("localhost", now.AddDays(-1), now.AddDays(30), true);
            var strict = RunAgainst(cert, false);
            Assert.Equal(CheckStatus.Fail, strict.Status);
            Assert.Contains(expected, strict.Message, StringComparison.Ordinal);
            Assert.Contains("insecure_skip_verify", strict.Fix, StringComparison.Ordinal);
            var lax = RunAgainst(cert, true);
            Assert.Equal(CheckStatus.Pass, lax.Status);
            Assert.Contains("insecure_skip_verify", lax.Message, StringComparison.Ordinal);
        }

        // lib/srv/app/upstreamtls/upstreamtls.go Configure: the tls block decides which checks the App Service makes. A
        // self-signed certificate: insecure accepts it; the host's trust store refuses it whenever no allowed_cas replace
        // it, whatever the mode adds; with allowed_cas the verdict is not this module's to give.
        [Theory]
        [InlineData("insecure", null, null, null, CheckStatus.Pass)]
        [InlineData("", null, null, null, CheckStatus.Fail)]
        [InlineData("verify-server-name", null, null, null, CheckStatus.Fail)]
        [InlineData("verify-server-name", "example-server.com", null, null, CheckStatus.Fail)]
        [InlineData("verify-full", null, "spiffe://mycluster/svc/example", null, CheckStatus.Fail)]
        [InlineData("verify-spiffe-id", null, "spiffe://mycluster/svc/example", null, CheckStatus.Fail)]
        [InlineData("verify-server-name", null, null, "workload_identity", CheckStatus.Indeterminate)]
        [InlineData("verify-full", null, "spiffe://mycluster/svc/example", "workload_identity", CheckStatus.Indeterminate)]
        [InlineData("verify-server-name", null, "spiffe://mycluster/svc/example", null, CheckStatus.Skipped)]   // refused by validateAppTLS
        public void Tls_block_decides_how_a_self_signed_upstream_is_judged(string mode, string serverName, string spiffeId, string allowedCa, CheckStatus expected)
        {
            var now = DateTimeOffset.UtcNow;
            using var cert = Cert("localhost", now.AddDays(-1), now.AddDays(30), true);
            var c = RunAgainst(cert, app =>
            {
                app.TlsMode = mode;
                app.TlsServerName = serverName;
                app.TlsServerSpiffeId = spiffeId;
                app.TlsAllowedCas = allowedCa == null ? null : new System.Collections.Generic.List<string> { allowedCa };
            });
            Assert.Equal(expected, c.Status);
            if (expected == CheckStatus.Fail) Assert.Contains("self-signed", c.Message, StringComparison.Ordinal);
        }

        private static X509Certificate2 Ca(string name)
        {
            using var rsa = RSA.Create(2048);
            var req = new CertificateRequest("CN=" + name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using var c = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-40), DateTimeOffset.UtcNow.AddDays(60));
            return X509CertificateLoader.LoadPkcs12(c.Export(X509ContentType.Pfx), null);
        }

        private static X509Certificate2 Issued(X509Certificate2 ca, string dnsName, DateTimeOffset from, DateTimeOffset to)
        {
            using var rsa = RSA.Create(2048);
            var req = new CertificateRequest("CN=" + dnsName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            if (dnsName == "localhost") san.AddIpAddress(IPAddress.Loopback);
            req.CertificateExtensions.Add(san.Build());
            using var issued = req.Create(ca, from, to, Guid.NewGuid().ToByteArray());
            using var withKey = issued.CopyWithPrivateKey(rsa);
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
        }

        private static string PemOf(X509Certificate2 c) => AllowedCaPemTests.Pem("CERTIFICATE", c.RawData);

        // lib/srv/app/upstreamtls/upstreamtls.go configureTLSVerifyServerName + newTLSCertPool: with allowed_cas the App Service
        // trusts those CAs alone and checks the URI's host; the check reproduces that when every entry is a PEM CA.
        [Theory]
        [InlineData("issued by the allowed CA", CheckStatus.Pass, "verifies against tls.allowed_cas")]
        [InlineData("issued by another CA", CheckStatus.Fail, "does not chain to a CA in tls.allowed_cas")]
        [InlineData("expired", CheckStatus.Fail, "expired on")]
        [InlineData("wrong name", CheckStatus.Fail, "not valid for 127.0.0.1")]
        [InlineData("alias beside the CA", CheckStatus.Indeterminate, "does not reproduce")]
        public void Allowed_cas_replace_the_trust_store(string kind, CheckStatus expected, string phrase)
        {
            var now = DateTimeOffset.UtcNow;
            using var ca = Ca("allowed-ca");
            using var other = Ca("other-ca");
            using var leaf = kind == "issued by another CA" ? Issued(other, "localhost", now.AddDays(-1), now.AddDays(30))
                : kind == "expired" ? Issued(ca, "localhost", now.AddDays(-30), now.AddDays(-1))
                : kind == "wrong name" ? Issued(ca, "other.example", now.AddDays(-1), now.AddDays(30))
                : Issued(ca, "localhost", now.AddDays(-1), now.AddDays(30));
            var c = RunAgainst(leaf, app =>
            {
                app.TlsMode = "verify-server-name";
                app.TlsAllowedCas = new System.Collections.Generic.List<string> { PemOf(ca) };
                if (kind == "alias beside the CA") app.TlsAllowedCas.Add("workload_identity");
            });
            Assert.Equal(expected, c.Status);
            Assert.Contains(phrase, c.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(true, CheckStatus.Pass)]
        [InlineData(false, CheckStatus.Fail)]
        public void Allowed_ca_reached_through_the_intermediate_the_server_sends(bool sendIntermediate, CheckStatus expected)
        {
            var now = DateTimeOffset.UtcNow;
            using var root = Ca("root-ca");
            using var intermediate = IssuedCa(root, "intermediate-ca");
            using var leaf = Issued(intermediate, "localhost", now.AddDays(-1), now.AddDays(30));
            var c = RunAgainst(leaf, app =>
            {
                app.TlsMode = "verify-server-name";
                app.TlsAllowedCas = new System.Collections.Generic.List<string> { PemOf(root) };
            }, sendIntermediate ? new X509Certificate2Collection { intermediate } : new X509Certificate2Collection());
            Assert.Equal(expected, c.Status);
        }

        [Fact]
        public void Without_the_handshakes_intermediates_a_certificate_that_does_not_chain_alone_is_undecided()
        {
            // The -Launch probe records only the leaf: an intermediate the server may have sent is unknown there.
            var now = DateTimeOffset.UtcNow;
            using var root = Ca("root-ca");
            using var intermediate = IssuedCa(root, "intermediate-ca");
            using var leaf = Issued(intermediate, "localhost", now.AddDays(-1), now.AddDays(30));
            using var direct = Issued(root, "localhost", now.AddDays(-1), now.AddDays(30));
            var app = new App { Name = "tls", Uri = "mcp+https://127.0.0.1:8443/mcp", TlsMode = "verify-server-name", TlsAllowedCas = new System.Collections.Generic.List<string> { PemOf(root) } };
            var uri = new Uri("https://127.0.0.1:8443/mcp");
            AppCheck Verdict(X509Certificate2 cert)
            {
                AppCheck c = null;
                HttpAppChecks.TlsVerdict(app, uri, UpstreamTls.Evaluate(app), new SeenCertificate(cert, SslPolicyErrors.RemoteCertificateChainErrors, X509ChainStatusFlags.UntrustedRoot), null,
                    (n, st, m, f, b) => c = new AppCheck("tls", n, st, m, f));
                return c;
            }
            Assert.Equal(CheckStatus.Indeterminate, Verdict(leaf).Status);
            Assert.Equal(CheckStatus.Pass, Verdict(direct).Status);
        }

        private static X509Certificate2 IssuedCa(X509Certificate2 issuer, string name)
        {
            using var rsa = RSA.Create(2048);
            var req = new CertificateRequest("CN=" + name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using var issued = req.Create(issuer, DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(50), Guid.NewGuid().ToByteArray());
            using var withKey = issued.CopyWithPrivateKey(rsa);
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
        }

        private static X509Certificate2 IssuedWith(X509Certificate2 ca, string dnsName, params X509Extension[] extensions)
        {
            using var rsa = RSA.Create(2048);
            var req = new CertificateRequest("CN=" + dnsName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            san.AddIpAddress(IPAddress.Loopback);
            req.CertificateExtensions.Add(san.Build());
            foreach (var e in extensions) req.CertificateExtensions.Add(e);
            using var issued = req.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), Guid.NewGuid().ToByteArray());
            using var withKey = issued.CopyWithPrivateKey(rsa);
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
        }

        // lib/srv/app/upstreamtls/upstreamtls.go tlsVerifyPeerCertificate: x509 Verify with the default KeyUsages (serverAuth);
        // crypto/x509 treats a certificate without the extension as valid for any usage.
        [Theory]
        [InlineData("no EKU", CheckStatus.Pass, "verifies against tls.allowed_cas")]
        [InlineData("serverAuth", CheckStatus.Pass, "verifies against tls.allowed_cas")]
        [InlineData("clientAuth only", CheckStatus.Fail, "incompatible key usage")]
        public void Allowed_cas_chain_must_allow_server_authentication(string eku, CheckStatus expected, string phrase)
        {
            using var ca = Ca("allowed-ca");
            var extensions = eku == "no EKU" ? Array.Empty<X509Extension>()
                : new X509Extension[] { new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(eku == "serverAuth" ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") }, false) };
            using var leaf = IssuedWith(ca, "localhost", extensions);
            var c = RunAgainst(leaf, app => { app.TlsMode = "verify-server-name"; app.TlsAllowedCas = new System.Collections.Generic.List<string> { PemOf(ca) }; });
            Assert.Equal(expected, c.Status);
            Assert.Contains(phrase, c.Message, StringComparison.Ordinal);
        }

        // Go's x509 Verify stops at the first certificate found in Roots: an intermediate CA listed in allowed_cas is enough.
        [Fact]
        public void Allowed_cas_may_list_an_intermediate_ca()
        {
            using var root = Ca("root-ca");
            using var intermediate = IssuedCa(root, "intermediate-ca");
            using var leaf = Issued(intermediate, "localhost", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            var c = RunAgainst(leaf, app => { app.TlsMode = "verify-server-name"; app.TlsAllowedCas = new System.Collections.Generic.List<string> { PemOf(intermediate) }; },
                new X509Certificate2Collection());
            Assert.Equal(CheckStatus.Pass, c.Status);
        }

        // Go's x509 Verify checks every certificate's dates, the intermediates' too.
        [Fact]
        public void Allowed_cas_chain_through_an_expired_intermediate_fails()
        {
            using var root = Ca("root-ca");
            // The leaf is signed while the intermediate is valid; the server sends a copy of it (same name and key) that has expired.
            using var rsa = RSA.Create(2048);
            var req = new CertificateRequest("CN=intermediate-ca", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using var valid = req.Create(root, DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(50), Guid.NewGuid().ToByteArray());
            using var signer = valid.CopyWithPrivateKey(rsa);
            using var expired = req.Create(root, DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(-2), Guid.NewGuid().ToByteArray());
            using var leaf = Issued(signer, "localhost", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(30));
            var c = RunAgainst(leaf, app => { app.TlsMode = "verify-server-name"; app.TlsAllowedCas = new System.Collections.Generic.List<string> { PemOf(root) }; },
                new X509Certificate2Collection { expired });
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Contains("intermediate-ca", c.Message, StringComparison.Ordinal);
        }

        // Go's Intermediates are what the server sent (cs.PeerCertificates[1:]): an intermediate this host could download over
        // the leaf's AIA URL does not make the chain. The AIA URL points at a loopback server that serves the intermediate.
        [Fact]
        public async Task Allowed_cas_chain_ignores_an_intermediate_the_server_did_not_send()
        {
            using var root = Ca("root-ca");
            using var intermediate = IssuedCa(root, "intermediate-ca");
            using var aia = new TcpListener(IPAddress.Loopback, 0);
            aia.Start();
            int aiaPort = ((IPEndPoint)aia.LocalEndpoint).Port;
            int fetched = 0;
            var serveAia = Task.Run(async () =>
            {
                while (true)
                {
                    TcpClient client;
                    try { client = await aia.AcceptTcpClientAsync(); }
                    catch (Exception e) when (e is ObjectDisposedException || e is SocketException || e is InvalidOperationException) { return; }
                    using (client)
                    {
                        try
                        {
                            var stream = client.GetStream();
                            var buf = new byte[4096];
                            var request = new System.Text.StringBuilder();
                            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                            {
                                int n = await stream.ReadAsync(buf.AsMemory());
                                if (n == 0) break;
                                request.Append(System.Text.Encoding.ASCII.GetString(buf, 0, n));
                            }
                            System.Threading.Interlocked.Increment(ref fetched);
                            byte[] body = intermediate.RawData;
                            byte[] head = System.Text.Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/pkix-cert\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n");
                            await stream.WriteAsync(head.AsMemory());
                            await stream.WriteAsync(body.AsMemory());
                        }
                        catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException) { }
                    }
                }
            });
            try
            {
                using var leaf = IssuedWith(intermediate, "localhost",
                    new X509AuthorityInformationAccessExtension(null, new[] { "http://127.0.0.1:" + aiaPort + "/intermediate.cer" }));
                var c = RunAgainst(leaf, app => { app.TlsMode = "verify-server-name"; app.TlsAllowedCas = new System.Collections.Generic.List<string> { PemOf(root) }; },
                    new X509Certificate2Collection());
                Assert.Equal(CheckStatus.Fail, c.Status);
                Assert.Contains("does not chain to a CA in tls.allowed_cas", c.Message, StringComparison.Ordinal);
                using var direct = X509CertificateLoader.LoadCertificate(leaf.RawData);
                Assert.False(AllowedCaPem.Chains(direct, Array.Empty<X509Certificate2>(), new[] { PemOf(root) }, out _));
                Assert.True(AllowedCaPem.Chains(direct, new[] { intermediate }, new[] { PemOf(root) }, out _));
            }
            finally
            {
                aia.Stop();
                await Task.WhenAny(serveAia, Task.Delay(5000));
            }
        }

        [Fact]
        public void Expired_certificate_fails_even_with_allowed_cas()
        {
            var now = DateTimeOffset.UtcNow;
            using var cert = Cert("localhost", now.AddDays(-30), now.AddDays(-1), true);
            // Expired fails in every verifying mode, whatever the allowed CAs (Go's x509 Verify checks the dates).
            var c = RunAgainst(cert, app => { app.TlsMode = "verify-server-name"; app.TlsAllowedCas = new System.Collections.Generic.List<string> { "workload_identity" }; });
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Contains("expired on", c.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Without_check_tls_nothing_connects()
        {
            var app = new App { Name = "tls", Uri = "mcp+https://127.0.0.1:9/mcp", Transport = McpTransport.Http };
            var r = StaticChecks.Run(app, new StaticCheckOptions { CheckReachable = false }).Results;
            Assert.Equal(CheckStatus.Skipped, r.Single(x => x.Check == "Tls").Status);
            Assert.Equal(CheckStatus.Skipped, r.Single(x => x.Check == "Reachable").Status);
        }
    }
}

namespace TeleportMcp.Tests.Probe
{
    public class HttpAppSpecTests
    {
        [Theory]
        [InlineData("http://10.0.0.5:8080/mcp", CheckStatus.Warn)]
        [InlineData("https://mcp.example.com/sse", CheckStatus.Warn)]
        [InlineData("http://127.0.0.1:8081", CheckStatus.Skipped)]
        public void Mcp_endpoint_enrolled_as_a_web_app_warns(string uri, CheckStatus expected)
        {
            var app = new App { Name = "w", Uri = uri };
            Assert.Equal(expected, StaticChecks.Run(app, new StaticCheckOptions { CheckReachable = false }).Results.Single(x => x.Check == "McpApp").Status);
        }

        [Fact]
        public void Mcp_command_on_an_http_app_is_ignored_by_teleport()
        {
            var app = new App { Name = "w", Uri = "mcp+http://10.0.0.5:8080/mcp", HasMcpSpec = true, Command = "npx", Transport = McpTransport.Http };
            Assert.Equal(CheckStatus.Warn, StaticChecks.Run(app, new StaticCheckOptions { CheckReachable = false }).Results.Single(x => x.Check == "McpSpec").Status);
        }
    }
}
