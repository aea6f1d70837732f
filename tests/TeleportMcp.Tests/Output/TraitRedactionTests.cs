#nullable enable
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Diagnosis;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Output
{
    /// <summary>
    /// A user's traits can hold credentials (an api_token trait filled by the IdP): every output of a trait value goes
    /// through the redaction rules (redaction.catalog.yaml), and a value under a secret's name (Redactor.IsSecretName:
    /// the key-value-secret rule's words, the credential header names) is masked whatever it looks like. The engine
    /// decides with the real values.
    /// </summary>
    public class TraitRedactionTests
    {
        private const string Ghp = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        private const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefgh";
        private const string Plain = "plainvalue123";

        [Theory]
        // key-value-secret (redaction.catalog.yaml): the name ends in a secret word
        [InlineData("api_token", true)]
        [InlineData("db_password", true)]
        [InlineData("client_secret", true)]
        [InlineData("aws-secrets", true)]
        [InlineData("session_id", true)]
        // Redactor.IsSecretHeaderName: credential header names
        [InlineData("Authorization", true)]
        [InlineData("X-Api-Key", true)]
        [InlineData("github_token_v2", true)]
        [InlineData("cookie", true)]
        // names of ordinary traits
        [InlineData("logins", false)]
        [InlineData("mcp_tools", false)]
        [InlineData("email", false)]
        [InlineData("jwt", false)]
        [InlineData("aws_role_arns", false)]
        [InlineData("keycloak_groups", false)]
        [InlineData("", false)]
        public void A_name_is_a_secrets_when_the_rules_read_it_as_one(string name, bool secret) =>
            Assert.Equal(secret, Redactor.IsSecretName(name));

        [Theory]
        [InlineData("api_token", Plain, "<redacted>")]             // the name says secret
        [InlineData("db_password", "hunter2 secret", "<redacted>")]
        [InlineData("gh", Ghp, "<redacted>")]                       // vendor-api-key: the value says secret
        [InlineData("jwt", Jwt, "<redacted>")]                      // jwt
        [InlineData("logins", "alice", "alice")]
        [InlineData("mcp_tools", "get_token", "get_token")]
        [InlineData("api_token", "", "")]
        public void A_value_is_shown_as_its_name_and_the_rules_say(string name, string value, string shown) =>
            Assert.Equal(shown, Redactor.RedactNamedValue(name, value));

        private const string UserYaml = "kind: user\nversion: v2\nmetadata: {name: alice}\nspec:\n  roles: [dev]\n  traits:\n" +
                                        "    api_token: [" + Plain + "]\n    gh: [" + Ghp + "]\n    jwt: ['" + Jwt + "']\n    logins: [alice]\n    mcp_tools: [get_token, read_file]\n";

        [Fact]
        public void A_users_traits_are_shown_masked_and_the_engine_keeps_the_real_ones()
        {
            var user = ResourceReader.ReadText(UserYaml, "users.yaml").Select(i => i.Resource).OfType<User>().Single();
            OutputSanitizer.Sanitize(user);
            var shown = user.Traits;
            Assert.Equal(new[] { "<redacted>" }, (string[])shown["api_token"]!);
            Assert.Equal(new[] { "<redacted>" }, (string[])shown["gh"]!);
            Assert.Equal(new[] { "<redacted>" }, (string[])shown["jwt"]!);
            Assert.Equal(new[] { "alice" }, (string[])shown["logins"]!);
            Assert.Equal(new[] { "get_token", "read_file" }, (string[])shown["mcp_tools"]!);
            // Written out, the user still decides with what it was read with.
            Assert.Equal(new[] { Plain }, user.TraitMap["api_token"]);
            Assert.Equal(new[] { Ghp }, user.TraitMap["gh"]);
            Assert.Equal(new[] { "api_token", "gh", "jwt", "logins", "mcp_tools" }, user.TraitOrder);
        }

        [Fact]
        public void An_audit_events_traits_are_shown_masked_and_replayed_real()
        {
            var line = TeleportMcp.Tests.Audit.AuditEventReaderTests.Ev("TMCP003I", "\"user_roles\":[\"access\"],\"user_traits\":{\"api_token\":[\"" + Plain + "\"],\"gh\":[\"" + Ghp + "\"],\"logins\":[\"bob\"]}");
            var (events, _) = TeleportMcp.Tests.Audit.AuditEventReaderTests.Read(line + "\n");
            var ev = Assert.Single(events);
            OutputSanitizer.Sanitize(ev);
            Assert.Equal(new[] { "<redacted>" }, ev.UserTraits!["api_token"]);
            Assert.Equal(new[] { "<redacted>" }, ev.UserTraits!["gh"]);
            Assert.Equal(new[] { "bob" }, ev.UserTraits!["logins"]);
            Assert.Equal(new[] { Plain }, ev.RealUserTraits!["api_token"]);
            Assert.Equal(new[] { Ghp }, ev.RealUserTraits!["gh"]);
        }

        private const string ReplayYaml = @"
kind: role
version: v8
metadata: {name: access}
spec:
  allow:
    app_labels: {'*': '*'}
    mcp: {tools: ['{{internal.mcp_tools}}']}
---
kind: user
version: v2
metadata: {name: alice}
spec:
  roles: [access]
  traits: {mcp_tools: [search_files], gh: [" + Ghp + @"], api_token: [newvalue456]}
---
kind: app
version: v3
metadata: {name: everything, labels: {env: dev}}
spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}
";

        [Fact]
        public void A_replays_trait_differences_show_no_value_of_a_secret_and_compare_the_real_ones()
        {
            var c = Cluster.FromYaml(ReplayYaml);
            var ev = new AuditEvent
            {
                Code = "TMCP003E", Type = "mcp.session.request", Kind = AuditEventKind.Request, Outcome = AuditOutcome.Denied, Success = false,
                Error = "access to app denied. User does not have permissions. ", User = "alice", App = "everything", Method = "tools/call", Tool = "search_files",
                UserRoles = new[] { "access" },
                UserTraits = new Dictionary<string, string[]> { ["gh"] = new[] { Ghp }, ["api_token"] = new[] { Plain }, ["mcp_tools"] = Array.Empty<string>() },
                Source = "audit.log", Line = 3,
            };
            var r = AuditReplayer.Replay(new McpAccessEngine(c.Roles), ev, c.Users.Single(), c.Apps.Single());
            Assert.Equal(ReplayCause.TraitsChanged, r.Cause);
            // The same token then and now is no difference; a changed secret is named without its values.
            Assert.Contains("trait api_token [<redacted>] then, [<redacted>] in the export; trait mcp_tools [] then, [search_files] in the export", r.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain("trait gh", r.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain(Plain, r.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain("newvalue456", r.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void The_access_trace_shows_no_value_a_secret_trait_filled_in()
        {
            var c = Cluster.FromYaml("kind: role\nversion: v8\nmetadata: {name: dev}\nspec: {allow: {mcp: {tools: ['{{external.api_token}}', '{{external.team}}']}}}\n---\n" +
                                     "kind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [dev], traits: {api_token: [" + Plain + "], team: [blue]}}\n");
            var ua = new McpAccessEngine(c.Roles).Prepare(c.Users.Single());
            var line = Assert.Single(AccessTrace.ForUser(ua), l => l.Text.StartsWith("role dev allow.mcp.tools for alice", StringComparison.Ordinal)).Text;
            Assert.Equal("role dev allow.mcp.tools for alice - \"{{external.api_token}}\" -> \"<redacted>\", \"{{external.team}}\" -> \"blue\"", line);
        }

        // Every output that shows an mcp.tools entry after interpolation shows it by one rule (RoleEntry.Effective,
        // RoleEntry.Shown): masked when the template reads a trait whose name is a secret's (Redactor.IsSecretName), as
        // the trait's own values are; an ordinary trait (mcp_tools, team) is shown. The engine matches the real value.
        private const string SecretRoles =
            "kind: role\nversion: v8\nmetadata: {name: dev}\nspec: {allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{external.api_token}}', '{{internal.mcp_tools}}', '{{email.local(external.db_password)}}']}}}\n---\n" +
            "kind: role\nversion: v8\nmetadata: {name: guard}\nspec: {deny: {mcp: {tools: ['{{regexp.replace(external.session_id, \"^(.*)$\", \"deny_$1\")}}', '{{external.team}}']}}}\n---\n" +
            "kind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [dev, guard], traits: {api_token: [" + Plain + "], db_password: ['hunter2x@example.com'], session_id: [sess77], mcp_tools: ['read_*'], team: [blue]}}\n";

        private static (McpAccessEngine Engine, AppAccess Access) SecretAccess()
        {
            var c = Cluster.FromYaml(SecretRoles);
            var engine = new McpAccessEngine(c.Roles);
            var app = new App { Name = "files", Labels = new Hashtable { { "env", "dev" } } };
            return (engine, engine.ForApp(engine.Prepare(c.Users.Single()), app));
        }

        private static readonly string[] Secrets = { Plain, "hunter2x", "sess77" };

        private static void ShowsNoSecret(string? text)
        {
            foreach (var secret in Secrets) Assert.DoesNotContain(secret, text ?? "", StringComparison.Ordinal);
        }

        [Theory]
        // (tool asked, decision, the entry shown in AllowedBy/DeniedBy as written and as filled in)
        [InlineData(Plain, AccessDecision.Allowed, "{{external.api_token}}", "<redacted>")]                 // the engine matches the real value
        [InlineData("hunter2x", AccessDecision.Allowed, "{{email.local(external.db_password)}}", "<redacted>")]
        [InlineData("deny_sess77", AccessDecision.Denied, "{{regexp.replace(external.session_id, \"^(.*)$\", \"deny_$1\")}}", "<redacted>")]
        [InlineData("read_file", AccessDecision.Allowed, "{{internal.mcp_tools}}", "read_*")]            // an ordinary trait is shown
        [InlineData("blue", AccessDecision.Denied, "{{external.team}}", "blue")]
        public void A_decision_shows_an_entry_filled_from_a_secret_trait_masked(string tool, AccessDecision decision, string written, string shown)
        {
            var (engine, aa) = SecretAccess();
            var d = engine.Decide(aa, tool);
            Assert.Equal(decision, d.Decision);
            var entry = Assert.Single(decision == AccessDecision.Allowed ? d.AllowedBy : d.DeniedBy);
            Assert.Equal(written, entry.Written);
            Assert.Equal(shown, entry.Effective);
            OutputSanitizer.Sanitize(d);
            ShowsNoSecret(entry.Effective);
            ShowsNoSecret(entry.ToString());
            ShowsNoSecret(d.Reason!.Replace(tool, ""));   // the tool asked is the caller's own word
            Assert.Contains(GoText.Quote(shown), d.Reason, StringComparison.Ordinal);
        }

        /// <summary>
        /// A deny label selector whose value is filled from a secret-named trait: the selector as written shows its
        /// template, the selector filled in is masked whole (its parts are no single template), the engine denies with the
        /// real value; a selector of ordinary traits is shown filled in.
        /// </summary>
        [Theory]
        [InlineData("api_token", "env", true)]
        [InlineData("team", "env", false)]
        public void A_deny_label_selector_filled_from_a_secret_trait_is_shown_masked(string trait, string key, bool masked)
        {
            var c = Cluster.FromYaml("kind: role\nversion: v8\nmetadata: {name: dev}\nspec: {allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}, deny: {app_labels: {" + key + ": '{{external." + trait + "}}'}}}\n---\n" +
                                     "kind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [dev], traits: {" + trait + ": [" + Plain + "]}}\n");
            var engine = new McpAccessEngine(c.Roles);
            var app = new App { Name = "files", Labels = new Hashtable { { key, Plain } } };
            var d = engine.Decide(engine.ForApp(engine.Prepare(c.Users.Single()), app), "read_file");
            Assert.Equal(AccessDecision.AppNotAccessible, d.Decision);
            var entry = Assert.Single(d.DeniedBy);
            Assert.Contains("{{external." + trait + "}}", entry.Written, StringComparison.Ordinal);
            if (masked)
            {
                Assert.Equal(Redactor.Mask, entry.Effective);
                OutputSanitizer.Sanitize(d);
                ShowsNoSecret(entry.Effective);
                ShowsNoSecret(entry.ToString());
            }
            else Assert.Contains(Plain, entry.Effective, StringComparison.Ordinal);
        }

        /// <summary>
        /// A label selector filled from a secret-named trait that does not select the app: Teleport's wording ("no value
        /// match: got 'prod' want: '[...]'") quotes the filled value; the reason and the trace show it masked.
        /// </summary>
        [Fact]
        public void A_label_mismatch_names_no_value_of_a_secret_trait()
        {
            var c = Cluster.FromYaml("kind: role\nversion: v8\nmetadata: {name: dev}\nspec: {allow: {app_labels: {env: '{{external.api_token}}'}, mcp: {tools: ['*']}}, deny: {app_labels: {team: '{{external.api_token}}'}}}\n---\n" +
                                     "kind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [dev], traits: {api_token: [" + Plain + "]}}\n");
            var engine = new McpAccessEngine(c.Roles);
            var app = new App { Name = "files", Labels = new Hashtable { { "env", "prod" }, { "team", "x" } } };
            var aa = engine.ForApp(engine.Prepare(c.Users.Single()), app);
            var d = engine.Decide(aa, "read_file");
            Assert.Equal(AccessDecision.AppNotAccessible, d.Decision);
            Assert.Contains("got 'prod' want: '[<redacted>]'", d.Reason, StringComparison.Ordinal);
            ShowsNoSecret(d.Reason);
            foreach (var line in AccessTrace.ForApp(aa)) ShowsNoSecret(line.Text);
        }

        /// <summary>
        /// An app_labels_expression reads traits by name (lib/services/label_expressions.go, 2:G9), and Teleport's email.local
        /// error quotes its argument ("failed to parse \"email.local\" argument \"...\""): a secret-named trait's value is masked
        /// in the reason and the trace, by index, by field or by raw string; an ordinary trait's value is shown.
        /// </summary>
        [Theory]
        [InlineData("user.spec.traits[\\\"api_token\\\"]", "api_token", true)]
        [InlineData("user.spec.traits.api_token", "api_token", true)]
        [InlineData("user.spec.traits[`api_token`]", "api_token", true)]
        [InlineData("user.spec.traits[\\\"team\\\"]", "team", false)]
        public void A_label_expression_error_names_no_value_of_a_secret_trait(string reference, string trait, bool masked)
        {
            var c = Cluster.FromYaml("kind: role\nversion: v8\nmetadata: {name: dev}\nspec: {allow: {app_labels_expression: \"contains(email.local(" + reference + "), labels[\\\"team\\\"])\", mcp: {tools: ['*']}}}\n---\n" +
                                     "kind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [dev], traits: {" + trait + ": [" + Plain + "]}}\n");
            var engine = new McpAccessEngine(c.Roles);
            var app = new App { Name = "files", Labels = new Hashtable { { "team", "x" } } };
            var aa = engine.ForApp(engine.Prepare(c.Users.Single()), app);
            var d = engine.Decide(aa, "read_file");
            Assert.NotEqual(AccessDecision.Allowed, d.Decision);
            Assert.Contains("email.local", d.Reason, StringComparison.Ordinal);
            if (masked)
            {
                Assert.Contains(GoText.Quote(Redactor.Mask), d.Reason, StringComparison.Ordinal);
                ShowsNoSecret(d.Reason);
                foreach (var line in AccessTrace.ForApp(aa)) ShowsNoSecret(line.Text);
            }
            else Assert.Contains(GoText.Quote(Plain), d.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void A_not_granted_reason_lists_the_entries_as_output_shows_them()
        {
            var (engine, aa) = SecretAccess();
            var d = engine.Decide(aa, "write_file");
            Assert.Equal(AccessDecision.NotGranted, d.Decision);
            Assert.Equal("the roles that select app files allow only \"<redacted>\", \"read_*\", \"<redacted>\", and none matches \"write_file\"; add an entry for it.", d.Reason);
        }

        [Fact]
        public void A_summary_and_the_diagnosis_show_the_entries_filled_from_secret_traits_masked()
        {
            var (engine, aa) = SecretAccess();
            var s = engine.Summarize(aa);
            Assert.Equal(new[] { "<redacted>", "read_*" }, s.AllowedTools);
            Assert.Equal(new[] { "<redacted>", "blue" }, s.DeniedTools);
            ShowsNoSecret(s.Reason);
            Assert.Equal("alice gets the tools on files that match \"<redacted>\", \"read_*\" except those matching \"<redacted>\", \"blue\".", s.Reason);
            var app = new App { Name = "files", Labels = new Hashtable { { "env", "dev" } } };
            var items = DiagnosisRules.FromSummaries("alice", new[] { new KeyValuePair<McpAccessSummary, App>(s, app) }).ToList();
            var denied = Assert.Single(items, i => i.Check == "ToolsDenied" || i.Title!.Contains("deny", StringComparison.Ordinal));
            Assert.Equal("alice's roles deny <redacted>, blue on every MCP server", denied.Title);
            foreach (var i in items) { ShowsNoSecret(i.Title); ShowsNoSecret(i.Detail); ShowsNoSecret(string.Join("\n", i.Evidence)); }
            var decisions = new[] { engine.Decide(aa, "deny_sess77"), engine.Decide(aa, "blue") };
            // The tools asked are the caller's own words; the entries that denied them are shown masked.
            var byDecision = Assert.Single(DiagnosisRules.FromDecisions(decisions));
            foreach (var text in new[] { byDecision.Title, byDecision.Detail, byDecision.Fix, string.Join("\n", byDecision.Evidence) }) ShowsNoSecret(text?.Replace("deny_sess77", ""));
            Assert.Contains("guard (<redacted>)", byDecision.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void An_invalid_regex_filled_from_a_secret_trait_names_neither_the_value_nor_its_error()
        {
            var c = Cluster.FromYaml("kind: role\nversion: v8\nmetadata: {name: dev}\nspec: {allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{external.api_token}}']}}}\n---\n" +
                                     "kind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [dev], traits: {api_token: ['^sekr3t(x$']}}\n");
            var engine = new McpAccessEngine(c.Roles);
            var d = engine.Decide(engine.ForApp(engine.Prepare(c.Users.Single()), new App { Name = "files" }), "x");
            Assert.Equal(AccessDecision.Error, d.Decision);
            Assert.DoesNotContain("sekr3t", d.Reason, StringComparison.Ordinal);
            Assert.Contains("\"<redacted>\" is not a valid Go regex (its error quotes the value)", d.Reason, StringComparison.Ordinal);
            Assert.Equal("{{external.api_token}}", Assert.Single(d.DeniedBy).Written);
            Assert.Equal("<redacted>", d.DeniedBy[0].Effective);
        }

        [Fact]
        public void A_template_error_about_a_secret_trait_quotes_no_value()
        {
            // lib/utils/parse email.local: 'failed to parse "email.local" argument "<value>"' quotes the trait's value.
            var c = Cluster.FromYaml("kind: role\nversion: v8\nmetadata: {name: dev}\nspec: {allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{email.local(external.api_token)}}']}}}\n---\n" +
                                     "kind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [dev], traits: {api_token: [notanaddress77]}}\n");
            var engine = new McpAccessEngine(c.Roles);
            var ua = engine.Prepare(c.Users.Single());
            var s = engine.Summarize(engine.ForApp(ua, new App { Name = "files" }));
            var dropped = Assert.Single(s.DroppedEntries);
            Assert.DoesNotContain("notanaddress77", dropped.Reason, StringComparison.Ordinal);
            Assert.Contains("\"<redacted>\"", dropped.Reason, StringComparison.Ordinal);
        }

        private static App HeaderApp(string port, params string[] headers) =>
            ResourceReader.ReadText("kind: app\nversion: v3\nmetadata: {name: a}\nspec:\n  uri: mcp+http://127.0.0.1:" + port + "/mcp\n  rewrite:\n    headers:\n" +
                                    string.Concat(headers.Select(h => "    - {name: '" + h.Substring(0, h.IndexOf(':')) + "', value: '" + h.Substring(h.IndexOf(':') + 2) + "'}\n")), "apps.yaml")
                .Select(i => i.Resource).OfType<App>().Single();

        private static readonly Dictionary<string, List<string>> Traits = new Dictionary<string, List<string>>
        {
            ["api_token"] = new List<string> { Plain }, ["gh"] = new List<string> { "abc123plain" }, ["team"] = new List<string> { "blue" },
            ["ref"] = new List<string> { Ghp },
        };

        // lib/services/app.go RewriteHeadersAndApplyValueTraits fills the template per user; the probe shows what it sends.
        [Theory]
        [InlineData("X-Upstream: {{external.api_token}}", "X-Upstream: ***")]                 // the trait's name is a secret's
        [InlineData("X-Upstream: key={{external.api_token}};", "X-Upstream: ***")]
        [InlineData("Authorization: Bearer {{external.gh}}", "Authorization: Bearer ***")]    // the header's name is a secret's
        [InlineData("X-Gh-Token: {{external.gh}}", "X-Gh-Token: ***")]
        [InlineData("X-Team: {{external.team}}", "X-Team: blue")]                             // neither: shown
        [InlineData("X-Team: {{external.ref}}", "X-Team: ***")]                        // the value says secret (vendor-api-key)
        [InlineData("X-Tenant: acme", "X-Tenant: acme")]
        public void A_header_a_trait_template_filled_is_masked_when_a_name_says_secret(string header, string display)
        {
            var plan = HeaderPlan.Build(HeaderApp("1", header), "alice", Traits, null);
            var sent = Assert.Single(plan.Send);
            Assert.Equal(display, sent.Display);
            // What the probe sends is the real value.
            Assert.DoesNotContain("***", sent.Value, StringComparison.Ordinal);
        }

        [Fact]
        public void The_probes_request_headers_show_no_secret_a_trait_filled_in()
        {
            using var refusing = TeleportMcp.Tests.Probe.HttpProbeTests.RefusingSocket();
            var app = HeaderApp(TeleportMcp.Tests.Probe.HttpProbeTests.PortOf(refusing).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "X-Upstream: {{external.api_token}}", "Authorization: Bearer {{external.gh}}", "X-Team: {{external.team}}");
            var o = TeleportMcp.Tests.Probe.HttpProbeTests.Probe(app, new StaticCheckOptions { UserName = "alice", UserTraits = Traits }, timeoutSec: 30);
            Assert.Equal(new[] { "X-Upstream: ***", "Authorization: Bearer ***", "X-Team: blue" }, o.Headers);
            OutputSanitizer.Sanitize(o);
            var all = string.Join("\n", o.Headers.Concat(new[] { o.Message ?? "", o.Fix ?? "" }).Concat(o.Warnings).Concat(o.Checks.Select(x => x.Message + " " + x.Fix)));
            Assert.DoesNotContain(Plain, all, StringComparison.Ordinal);
            Assert.DoesNotContain("abc123plain", all, StringComparison.Ordinal);
        }

        [Fact]
        public void A_trait_masked_in_a_copy_of_the_user_is_not_sent()
        {
            var masked = new Dictionary<string, List<string>> { ["api_token"] = new List<string> { Redactor.Mask } };
            var plan = HeaderPlan.Build(HeaderApp("1", "X-Upstream: {{external.api_token}}"), "alice", masked, null);
            Assert.Empty(plan.Send);
            var d = Assert.Single(plan.Unreproducible);
            Assert.Equal(HeaderFate.ValueUnavailable, d.Fate);
            Assert.Contains("external.api_token is masked in this copy of the user", d.Reason, StringComparison.Ordinal);
        }
    }
}
