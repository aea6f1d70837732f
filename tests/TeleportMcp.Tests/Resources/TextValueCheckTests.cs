using System.Linq;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// tctl reads a resource through k8s' YAMLOrJSONDecoder (tool/tctl/common/resource_command.go), that is
    /// sigs.k8s.io/yaml: YAML becomes JSON with go-yaml v2's types (goyaml.v2/resolve.go), so an unquoted yes or 1 where
    /// Teleport expects text reaches its JSON decoding as true or 1, and tctl create refuses the resource.
    /// </summary>
    public class TextValueCheckTests
    {
        [Theory]
        // resolve.go resolveMapList
        [InlineData("y", PlainScalarKind.Boolean)]
        [InlineData("Yes", PlainScalarKind.Boolean)]
        [InlineData("NO", PlainScalarKind.Boolean)]
        [InlineData("on", PlainScalarKind.Boolean)]
        [InlineData("Off", PlainScalarKind.Boolean)]
        [InlineData("TRUE", PlainScalarKind.Boolean)]
        [InlineData("false", PlainScalarKind.Boolean)]
        [InlineData("~", PlainScalarKind.Null)]
        [InlineData("Null", PlainScalarKind.Null)]
        [InlineData(".inf", PlainScalarKind.Number)]
        [InlineData("-.INF", PlainScalarKind.Number)]
        [InlineData(".NaN", PlainScalarKind.Number)]
        // the 'D'/'S' hints: strconv.ParseInt(base 0) after dropping '_', ParseUint, the YAML float pattern, 0b
        [InlineData("1", PlainScalarKind.Number)]
        [InlineData("-42", PlainScalarKind.Number)]
        [InlineData("+7", PlainScalarKind.Number)]
        [InlineData("1_000", PlainScalarKind.Number)]
        [InlineData("0x1F", PlainScalarKind.Number)]
        [InlineData("0o17", PlainScalarKind.Number)]
        [InlineData("0755", PlainScalarKind.Number)]
        [InlineData("08", PlainScalarKind.Number)]
        [InlineData("0b101", PlainScalarKind.Number)]
        [InlineData("18446744073709551615", PlainScalarKind.Number)]
        [InlineData("1.5", PlainScalarKind.Number)]
        [InlineData("1e3", PlainScalarKind.Number)]
        [InlineData(".5", PlainScalarKind.Number)]
        [InlineData("+.5", PlainScalarKind.Number)]
        [InlineData("-0", PlainScalarKind.Number)]
        // ParseInt takes a sign and must fit int64; ParseUint takes no sign and must fit uint64
        [InlineData("-0x8000000000000000", PlainScalarKind.Number)]
        [InlineData("-0x8000000000000001", PlainScalarKind.Text)]
        [InlineData("+0xFFFFFFFFFFFFFFFF", PlainScalarKind.Text)]
        [InlineData("0xFFFFFFFFFFFFFFFF", PlainScalarKind.Number)]
        [InlineData("0x1_0000_0000_0000_0000", PlainScalarKind.Text)]
        [InlineData("-0b1000000000000000000000000000000000000000000000000000000000000000", PlainScalarKind.Number)]
        [InlineData("+0b1000000000000000000000000000000000000000000000000000000000000000", PlainScalarKind.Text)]
        [InlineData("0b11111111111111111111111111111111111111111111111111111111111111111", PlainScalarKind.Text)]
        [InlineData("0o1777777777777777777777", PlainScalarKind.Number)]
        [InlineData("-0o1777777777777777777777", PlainScalarKind.Text)]
        [InlineData("0o2000000000000000000000", PlainScalarKind.Text)]
        // a leading-0 value out of range, or with 8 or 9, is still digits: the YAML float pattern takes it
        [InlineData("0999999999999999999999999999", PlainScalarKind.Number)]
        [InlineData("-99999999999999999999999", PlainScalarKind.Number)]
        // resolve.go's own "0b" branch, ParseInt(plain[2:], 2, 64), which takes a sign (and "-0b" adds its own)
        [InlineData("0b-1", PlainScalarKind.Number)]
        [InlineData("0b+101", PlainScalarKind.Number)]
        [InlineData("0b-1000000000000000000000000000000000000000000000000000000000000000", PlainScalarKind.Number)]
        [InlineData("0b+1000000000000000000000000000000000000000000000000000000000000000", PlainScalarKind.Text)]
        [InlineData("-0b-1", PlainScalarKind.Text)]
        [InlineData("0B-1", PlainScalarKind.Text)]
        [InlineData("0b-", PlainScalarKind.Text)]
        // '.': strconv.ParseFloat on the value as written: underscores only between digits (atof.go underscoreOK)
        [InlineData(".5_0", PlainScalarKind.Number)]
        [InlineData(".1e1_0", PlainScalarKind.Number)]
        [InlineData("._5", PlainScalarKind.Text)]
        [InlineData(".5_", PlainScalarKind.Text)]
        [InlineData(".5__0", PlainScalarKind.Text)]
        [InlineData(".5e_1", PlainScalarKind.Text)]
        // '.': strconv.ParseFloat, which refuses a value out of range
        [InlineData(".1e400", PlainScalarKind.Text)]
        [InlineData(".1e-400", PlainScalarKind.Number)]
        [InlineData(".e5", PlainScalarKind.Text)]
        [InlineData(".", PlainScalarKind.Text)]
        // text: no hint, a timestamp (kept as text when decoded into an untyped value), versions, words
        [InlineData("read_file", PlainScalarKind.Text)]
        [InlineData("v8", PlainScalarKind.Text)]
        [InlineData("2024-01-02", PlainScalarKind.Text)]
        [InlineData("1.2.3", PlainScalarKind.Text)]
        [InlineData("0x", PlainScalarKind.Text)]
        [InlineData("0xZZ", PlainScalarKind.Text)]
        [InlineData("-", PlainScalarKind.Text)]
        [InlineData("1e400", PlainScalarKind.Text)]
        [InlineData("yes_please", PlainScalarKind.Text)]
        [InlineData("nope", PlainScalarKind.Text)]
        [InlineData("*", PlainScalarKind.Text)]
        public void Plain_scalars_resolve_as_go_yaml_v2_resolves_them(string plain, PlainScalarKind expected)
        {
            Assert.Equal(expected, GoYamlV2Scalar.Kind(plain));
            // The reader's cheap first test for keys lets every one of these through.
            if (expected != PlainScalarKind.Text) Assert.True(GoYamlV2Scalar.MayBeTyped(plain));
        }

        private const string Role = "kind: role\nversion: v8\nmetadata:\n  name: 123\n  labels: {tier: 1, team: ops, ok: '1'}\nspec:\n" +
                                    "  options: {max_connections: 10, forward_agent: true}\n  allow:\n    app_labels: {env: [dev, on]}\n" +
                                    "    mcp:\n      tools: [read_file, yes, '2', !!str 3, 4, ! 5, !custom on, !!int 6, !!str null]\n";

        [Fact]
        public void Values_teleport_takes_as_text_warn_where_they_are_and_are_read_as_written()
        {
            var items = ResourceReader.ReadText(Role, "r.yaml").ToList();
            var role = (TeleportMcp.Role)items.Single(i => i.Resource != null).Resource!;
            Assert.Equal(new[] { "read_file", "yes", "2", "3", "4", "5", "on", "6", "null" }, role.AllowMcpTools);
            var warnings = items.Where(i => i.Diagnostic?.Code == "ValueNotText").Select(i => i.Diagnostic!).ToList();
            Assert.Equal(new[] { "metadata.name: 123", "metadata.labels.tier: 1", "spec.allow.app_labels.env[1]: on", "spec.allow.mcp.tools[1]: yes", "spec.allow.mcp.tools[4]: 4", "spec.allow.mcp.tools[7]: 6" },
                warnings.Select(w => w.Message.Substring(0, w.Message.IndexOf(" is a ", System.StringComparison.Ordinal))));
            Assert.All(warnings, w => Assert.Equal(DiagnosticLevel.Warning, w.Level));
            Assert.Contains("is a boolean as tctl reads it", warnings[2].Message, System.StringComparison.Ordinal);
            Assert.Contains("tctl create refuses this role", warnings[3].Message, System.StringComparison.Ordinal);
            Assert.EndsWith("Quote it: 'yes'", warnings[3].Message, System.StringComparison.Ordinal);
            Assert.Equal((11, 26), (warnings[3].Location!.Line, warnings[3].Location!.Column));
        }

        [Fact]
        public void An_apps_text_fields_warn_where_a_number_or_a_boolean_stands()
        {
            // AppSpecV3.URI and PublicAddr, the MCP Command and RunAsHostUser, Metadata.Description, Header.Name and Value are Go strings.
            var app = "kind: app\nversion: v3\nmetadata: {name: a, description: 2024}\nspec:\n  URI: 8080\n  public_addr: 'x.example.com'\n" +
                      "  mcp: {command: 1, args: [a], run_as_host_user: yes}\n  rewrite: {headers: [{name: X-A, value: 7}, {name: on, value: 'v'}]}\n";
            var items = ResourceReader.ReadText(app, "a.yaml").ToList();
            var warnings = items.Where(i => i.Diagnostic?.Code == "ValueNotText").Select(i => i.Diagnostic!.Message).ToList();
            Assert.Equal(new[] { "metadata.description: 2024", "spec.URI: 8080", "spec.mcp.command: 1", "spec.mcp.run_as_host_user: yes", "spec.rewrite.headers[0].value: 7", "spec.rewrite.headers[1].name: on" },
                warnings.Select(w => w.Substring(0, w.IndexOf(" is a ", System.StringComparison.Ordinal))));
            Assert.Contains("tctl create refuses this app", warnings[1], System.StringComparison.Ordinal);
            // An app server's app is checked the same way.
            var server = "kind: app_server\nversion: v3\nmetadata: {name: a}\nspec: {hostname: 1, host_id: 'h', version: '17.0.0', app: {kind: app, version: v3, metadata: {name: a}, spec: {uri: 'http://x'}}}\n";
            var w2 = Assert.Single(ResourceReader.ReadText(server, "s.yaml"), i => i.Diagnostic?.Code == "ValueNotText").Diagnostic!;
            Assert.StartsWith("spec.hostname: 1 is a number", w2.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void Json_numbers_and_booleans_in_text_places_warn_and_strings_do_not()
        {
            var json = "{\"kind\": \"user\", \"version\": \"v2\", \"metadata\": {\"name\": \"bob\"}, \"spec\": {\"roles\": [\"dev\", true], \"traits\": {\"mcp_tools\": [\"1\", 2]}}}";
            var warnings = ResourceReader.ReadText(json, "u.json").Where(i => i.Diagnostic?.Code == "ValueNotText").Select(i => i.Diagnostic!.Message).ToList();
            Assert.Equal(2, warnings.Count);
            Assert.StartsWith("spec.roles[1]: true is a boolean", warnings[0], System.StringComparison.Ordinal);
            Assert.StartsWith("spec.traits.mcp_tools[1]: 2 is a number", warnings[1], System.StringComparison.Ordinal);
            Assert.Contains("as tctl reads it (JSON)", warnings[1], System.StringComparison.Ordinal);
            Assert.EndsWith("Quote it: \"2\"", warnings[1], System.StringComparison.Ordinal);
        }

        [Fact]
        public void A_value_nested_thousands_of_levels_deep_is_found_without_recursion_and_its_place_is_cut_to_its_ends()
        {
            const int depth = 9000;
            var text = "kind: role\nversion: v8\nmetadata: {name: r}\nspec: {x: " + new string('[', depth) + "1" + new string(']', depth) + "}\n";
            var w = Assert.Single(ResourceReader.ReadText(text, "deep.yaml"), i => i.Diagnostic?.Code == "ValueNotText").Diagnostic!;
            Assert.StartsWith("spec.x[0][0].…[0][0][0][0][0][0]: 1 is a number", w.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void Long_alias_keys_nested_deep_give_short_warnings()
        {
            // An anchor names a 100,000-character key once; every level reuses it, so the file is small and a place
            // written out in full would be 6,000 times the key.
            const int depth = 6000;
            var key = new string('k', 100_000);
            var sb = new System.Text.StringBuilder("kind: role\nversion: v8\nmetadata: {name: r}\nspec:\n  a: &k " + key + "\n  b: ");
            for (int i = 0; i < depth; i++) sb.Append("{*k : ");
            sb.Append("[1, 2, 3]");
            sb.Append('}', depth).Append('\n');
            var all = ResourceReader.ReadText(sb.ToString(), "alias.yaml").ToList();
            Assert.DoesNotContain(all, i => i.Diagnostic?.Level == DiagnosticLevel.Error);
            var warnings = all.Where(i => i.Diagnostic?.Code == "ValueNotText").Select(i => i.Diagnostic!.Message).ToList();
            Assert.Equal(3, warnings.Count);
            Assert.All(warnings, m => Assert.True(m.Length < 1000, m.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var shortKey = new string('k', 40) + "…";
            Assert.StartsWith("spec.b." + shortKey + "." + shortKey + ".….", warnings[0], System.StringComparison.Ordinal);
            Assert.Contains("." + shortKey + "[0]: 1 is a number", warnings[0], System.StringComparison.Ordinal);
        }

        [Fact]
        public void A_long_number_is_cut_in_the_warning()
        {
            var number = "0." + new string('0', 50_000) + "1";
            var w = Assert.Single(ResourceReader.ReadText("kind: role\nversion: v8\nmetadata: {name: r}\nspec: {allow: {mcp: {tools: [" + number + "]}}}\n", "n.yaml"),
                i => i.Diagnostic?.Code == "ValueNotText").Diagnostic!;
            Assert.True(w.Message.Length < 1000);
            Assert.StartsWith("spec.allow.mcp.tools[0]: 0.000", w.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void A_teleport_yaml_is_not_checked_its_strict_decoding_keeps_text_fields_text()
        {
            // lib/config/fileconf.go decodes into typed fields: go-yaml v2 gives a string field the scalar's text.
            var items = ResourceReader.ReadText("version: v3\napp_service:\n  apps:\n  - name: a\n    uri: http://x\n    labels: {tier: 1}\n", "teleport.yaml").ToList();
            Assert.DoesNotContain(items, i => i.Diagnostic?.Code == "ValueNotText");
        }
    }
}
