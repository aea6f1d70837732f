using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// A kind no Teleport release accepts (app_auth_config: gravitational/teleport PR #69528 "Remove app auth config" removed
    /// it from master before any release; tctl create answers 'creating resources of type "app_auth_config" is not supported',
    /// tool/tctl/common/resource_command.go). One catalog entry (TMCP-LOG-264, unreleased_kinds) drives the rule: one warning
    /// per input at its first document of the kind, the documents beside it read, and a verdict relying on one is Fail.
    /// </summary>
    public class UnreleasedKindTests
    {
        private const string Aac = "kind: app_auth_config\nversion: v1\nmetadata: {name: NAME}\nspec:\n  app_labels: [{name: env, values: [dev]}]\n  jwt: {issuer: i, audience: a, jwks_url: 'https://x/k'}\n";
        private const string AacJson = "{\"kind\":\"app_auth_config\",\"version\":\"v1\",\"metadata\":{\"name\":\"NAME\"},\"spec\":{\"app_labels\":[{\"name\":\"env\",\"values\":[\"dev\"]}],\"jwt\":{\"issuer\":\"i\",\"audience\":\"a\",\"jwks_url\":\"https://x/k\"}}}";
        private const string Role = "kind: role\nversion: v7\nmetadata: {name: r}\n";
        private const string App = "kind: app\nversion: v3\nmetadata: {name: web}\nspec: {uri: 'mcp+https://10.0.0.5/mcp'}\n";

        private static string A(string name) => Aac.Replace("NAME", name);
        private static string J(string name) => AacJson.Replace("NAME", name);

        // text, source, the places of the UnreleasedKind warnings, the resources read (names), the error codes
        public static IEnumerable<object[]> Inputs() => new[]
        {
            new object[] { Role + "---\n" + A("a1") + "---\n" + A("a2") + "---\n" + App, "m.yaml", new[] { "m.yaml:5:1" }, new[] { "r", "a1", "a2", "web" }, Array.Empty<string>() },
            new object[] { "[{\"kind\":\"role\",\"version\":\"v7\",\"metadata\":{\"name\":\"r\"}}," + J("a1") + "," + J("a2") + "]", "m.json", new[] { "m.json:1:57" }, new[] { "r", "a1", "a2" }, Array.Empty<string>() },
            new object[] { J("a1") + "\n" + J("a2") + "\n", "s.json", new[] { "s.json:1:1" }, new[] { "a1", "a2" }, Array.Empty<string>() },
            // a config master refused: still the one warning, its own error, and the role beside it read
            new object[] { "kind: app_auth_config\nversion: v2\nmetadata: {name: bad}\n---\n" + Role, "bad.yaml", new[] { "bad.yaml:1:1" }, new[] { "r" }, new[] { AppAuthConfigRules.RefusedCode } },
            // a YAML error in the input does not stop the warning of a later document
            new object[] { "kind: [\n---\n" + A("a1"), "broken.yaml", new[] { "broken.yaml:3:1" }, new[] { "a1" }, new[] { "YamlParseError" } },
            new object[] { Role + "---\n" + App, "none.yaml", Array.Empty<string>(), new[] { "r", "web" }, Array.Empty<string>() },
        };

        [Theory]
        [MemberData(nameof(Inputs))]
        public void An_input_holding_app_auth_configs_gets_one_warning_at_the_first_and_the_rest_is_read(string text, string source, string[] warnings, string[] names, string[] errors)
        {
            var items = ResourceReader.ReadText(text, source).ToList();
            var unreleased = items.Select(i => i.Diagnostic).Where(d => d?.Code == UnreleasedKinds.Code).ToList();
            Assert.Equal(warnings, unreleased.Select(d => d!.Location!.ToString()).ToArray());
            foreach (var d in unreleased)
            {
                Assert.Equal(DiagnosticLevel.Warning, d!.Level);
                Assert.StartsWith("TMCP-LOG-264 No Teleport release accepts kind app_auth_config: No released Teleport has the app_auth_config resource", d.Message, StringComparison.Ordinal);
                Assert.Contains("PR #61493", d.Message, StringComparison.Ordinal);
                Assert.Contains("PR #69528", d.Message, StringComparison.Ordinal);
                Assert.Contains("'creating resources of type \"app_auth_config\" is not supported'", d.Message, StringComparison.Ordinal);
                Assert.EndsWith("(said once per input, at its first app_auth_config).", d.Message, StringComparison.Ordinal);
                Assert.StartsWith("Leave the app_auth_config documents out of what you create.", d.RecommendedAction, StringComparison.Ordinal);
            }
            Assert.Equal(names, items.Where(i => i.Resource != null).Select(i => i.Resource!.Name).ToArray());
            Assert.Equal(errors, items.Where(i => i.Diagnostic?.Level == DiagnosticLevel.Error).Select(i => i.Diagnostic!.Code).ToArray());
        }

        [Fact]
        public void Each_input_is_told_once()
        {
            var first = ResourceReader.ReadText(A("a1") + "---\n" + A("a2"), "one.yaml").Count(i => i.Diagnostic?.Code == UnreleasedKinds.Code);
            var second = ResourceReader.ReadText(A("a3"), "two.yaml").Count(i => i.Diagnostic?.Code == UnreleasedKinds.Code);
            Assert.Equal((1, 1), (first, second));
        }

        [Theory]
        [InlineData("app_auth_config", CheckStatus.Indeterminate, CheckStatus.Fail, true)]
        [InlineData("app_auth_config", CheckStatus.Pass, CheckStatus.Fail, true)]
        [InlineData("role", CheckStatus.Pass, CheckStatus.Pass, false)]
        [InlineData("app", CheckStatus.Indeterminate, CheckStatus.Indeterminate, false)]
        public void A_verdict_relying_on_an_unreleased_kind_is_Fail_with_the_master_verdict_labelled(string kind, CheckStatus master, CheckStatus expected, bool labelled)
        {
            var (status, text, fix) = UnreleasedKinds.Verdict(kind, master, "master said this.", "master's fix.");
            Assert.Equal(expected, status);
            if (!labelled)
            {
                Assert.Equal(("master said this.", "master's fix."), (text, fix));
                Assert.Equal("cause", UnreleasedKinds.EventCause(kind, "cause"));
                return;
            }
            Assert.StartsWith("TMCP-LOG-264 No Teleport release accepts kind app_auth_config: ", text, StringComparison.Ordinal);
            Assert.EndsWith(" On master before the removal (never released), this would be " + master + ": master said this.", text, StringComparison.Ordinal);
            Assert.EndsWith(" On such a master build: master's fix.", fix, StringComparison.Ordinal);
            Assert.EndsWith(" This event was written by a master build before the removal (never released): cause", UnreleasedKinds.EventCause(kind, "cause"), StringComparison.Ordinal);
        }

        // tctl after PR #69528: Create's and Delete's fallbacks for a kind without a handler (resource_command.go).
        [Theory]
        [InlineData("ERROR: creating resources of type \"app_auth_config\" is not supported", true)]
        [InlineData("ERROR: deleting resources of type \"app_auth_config\" is not supported", true)]
        [InlineData("{\"level\":\"error\",\"msg\":\"creating resources of type \\\"app_auth_config\\\" is not supported\"}", true)]
        // Before a handler: tctl get/rm with the kind typed (lib/services/resource.go @0022e039 ParseShortcut, quoting it as typed).
        [InlineData("ERROR: unsupported resource: \"app_auth_config\" - resources should be expressed as 'type/name', for example 'connector/github'", true)]
        [InlineData("ERROR: unsupported resource: \"app_auth_configs\" - resources should be expressed as 'type/name', for example 'connector/github'", true)]
        [InlineData("ERROR: unsupported resource: \"App_Auth_Config\" - resources should be expressed as 'type/name', for example 'connector/github'", true)]
        [InlineData("ERROR: unsupported resource: \"workload_clusters\" - resources should be expressed as 'type/name', for example 'connector/github'", false)]
        [InlineData("ERROR: unsupported resource: \"app_auth_configx\" - resources should be expressed as 'type/name', for example 'connector/github'", false)]
        [InlineData("ERROR: creating resources of type \"node\" is not supported", false)]
        [InlineData("app_auth_config \"okta\" has been created", false)]
        public void Tctl_refusing_the_kind_is_the_same_entry(string line, bool found)
        {
            var findings = new List<Finding>();
            var scanner = new LogScanner(KnownErrorCatalog.Embedded, "tctl.txt", findings.Add);
            scanner.FeedLine(line);
            scanner.Flush();
            Assert.Equal(found ? new[] { "TMCP-LOG-264" } : Array.Empty<string>(), findings.Select(f => f.Id).ToArray());
        }

        // An admin file's unreleased_kinds would change nothing (the reader and the checks read the built-in catalog and take
        // no -CatalogPath): refused at the key, that entry skipped, the next entry of the same file still read.
        [Theory]
        [InlineData("unreleased_kinds: [widget, gadget]", 9, null)]
        [InlineData("unreleased_kinds: widget", 9, null)]
        [InlineData("unreleased_kinds: []", 9, null)]
        [InlineData("unreleased_kinds: ['']", 9, "'unreleased_kinds' must hold only non-empty strings")]
        [InlineData("unreleased_kinds: {a: b}", 9, "'unreleased_kinds' must be a list of strings")]
        public void An_admin_entry_may_not_name_unreleased_kinds(string line, int errorLine, string alsoError)
        {
            var errors = new List<TeleportInputException>();
            var catalog = KnownErrorCatalog.FromText("entries:\n- id: X-1\n  severity: Error\n  title: t\n  prefilter: abc\n  match: abc\n  cause: c\n  fix: f\n  " + line + "\n" +
                "- id: X-2\n  severity: Error\n  title: t\n  prefilter: def\n  match: def\n  cause: c\n  fix: f\n", "admin.yaml", errors);
            var refusal = Assert.Single(errors, e => e.Detail == KnownErrorCatalog.UnreleasedKindsAdminRefusal);
            Assert.Equal("admin.yaml", refusal.Location!.Path);
            Assert.Equal(errorLine, refusal.Location.Line);
            if (alsoError != null) Assert.Contains(errors, e => e.Detail.Contains(alsoError, StringComparison.Ordinal));
            Assert.Equal("X-2", Assert.Single(catalog.Entries).Id);
            Assert.DoesNotContain(catalog.Entries, e => e.UnreleasedKinds.Length > 0);
        }

        [Fact]
        public void The_built_in_catalog_names_app_auth_config()
        {
            Assert.Equal("TMCP-LOG-264", UnreleasedKinds.Of("app_auth_config")?.Id);
            Assert.Null(UnreleasedKinds.Of("app"));
        }
    }
}
