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
        }

        private const string Role = "kind: role\nversion: v8\nmetadata:\n  name: 123\n  labels: {tier: 1, team: ops, ok: '1'}\nspec:\n" +
                                    "  options: {max_connections: 10, forward_agent: true}\n  allow:\n    app_labels: {env: [dev, on]}\n" +
                                    "    mcp:\n      tools: [read_file, yes, '2', !!str 3, 4]\n";

        [Fact]
        public void Values_teleport_takes_as_text_warn_where_they_are_and_are_read_as_written()
        {
            var items = ResourceReader.ReadText(Role, "r.yaml").ToList();
            var role = (TeleportMcp.Role)items.Single(i => i.Resource != null).Resource!;
            Assert.Equal(new[] { "read_file", "yes", "2", "3", "4" }, role.AllowMcpTools);
            var warnings = items.Where(i => i.Diagnostic?.Code == "ValueNotText").Select(i => i.Diagnostic!).ToList();
            Assert.Equal(new[] { "metadata.name: 123", "metadata.labels.tier: 1", "spec.allow.app_labels.env[1]: on", "spec.allow.mcp.tools[1]: yes", "spec.allow.mcp.tools[4]: 4" },
                warnings.Select(w => w.Message.Substring(0, w.Message.IndexOf(" is a ", System.StringComparison.Ordinal))));
            Assert.All(warnings, w => Assert.Equal(DiagnosticLevel.Warning, w.Level));
            Assert.Contains("is a boolean as tctl reads it", warnings[2].Message, System.StringComparison.Ordinal);
            Assert.Contains("tctl create refuses this role", warnings[3].Message, System.StringComparison.Ordinal);
            Assert.EndsWith("Quote it: 'yes'", warnings[3].Message, System.StringComparison.Ordinal);
            Assert.Equal((11, 26), (warnings[3].Location!.Line, warnings[3].Location!.Column));
        }

        [Fact]
        public void Json_numbers_and_booleans_in_text_places_warn_and_strings_do_not()
        {
            var json = "{\"kind\": \"user\", \"version\": \"v2\", \"metadata\": {\"name\": \"bob\"}, \"spec\": {\"roles\": [\"dev\", true], \"traits\": {\"mcp_tools\": [\"1\", 2]}}}";
            var warnings = ResourceReader.ReadText(json, "u.json").Where(i => i.Diagnostic?.Code == "ValueNotText").Select(i => i.Diagnostic!.Message).ToList();
            Assert.Equal(2, warnings.Count);
            Assert.StartsWith("spec.roles[1]: true is a boolean", warnings[0], System.StringComparison.Ordinal);
            Assert.StartsWith("spec.traits.mcp_tools[1]: 2 is a number", warnings[1], System.StringComparison.Ordinal);
        }

        [Fact]
        public void A_value_nested_thousands_of_levels_deep_is_found_without_recursion_or_a_path_at_every_level()
        {
            const int depth = 9000;
            var text = "kind: role\nversion: v8\nmetadata: {name: r}\nspec: {x: " + new string('[', depth) + "1" + new string(']', depth) + "}\n";
            var w = Assert.Single(ResourceReader.ReadText(text, "deep.yaml"), i => i.Diagnostic?.Code == "ValueNotText").Diagnostic!;
            Assert.StartsWith("spec.x" + string.Concat(Enumerable.Repeat("[0]", depth)) + ": 1 is a number", w.Message, System.StringComparison.Ordinal);
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
