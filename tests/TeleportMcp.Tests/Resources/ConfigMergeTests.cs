using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Serving;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// A YAML merge ('&lt;&lt;') in teleport.yaml. Teleport decodes the file with go-yaml v2 straight into its structs
    /// (lib/config/fileconf.go ReadConfig, yaml.UnmarshalStrict into FileConfig), and go-yaml v2 decodes a merged mapping
    /// and the keys beside it in turn into the same Go value (decode.go mappingStruct and merge, in the mapping's order;
    /// a list of merged mappings from its last to its first): an App's *MCP, *Rewrite and other structs keep the fields a
    /// later mapping leaves out, its labels map keeps its other keys, a list or a string is replaced, a null is the zero value.
    /// Strictly read, a map key that two layers set is "already set in map" (decode.go setMapIndex; go-yaml issue #410) and
    /// an earlier layer of another type cannot be decoded: Teleport does not start with such a file.
    /// </summary>
    public class ConfigMergeTests
    {
        private const string Template = @"version: v3
app_service:
  enabled: true
  apps:
  - &tmpl
    name: base
    uri: mcp+stdio://
    labels: {env: prod, team: ai}
    mcp:
      command: npx
      args: [a]
      run_as_host_user: svc
";

        public static IEnumerable<object[]> AppCases()
        {
            // (the apps after the template, the app read, its command, args, run_as_host_user, labels as k=v sorted, has an MCP spec)
            yield return new object[] { "  - <<: *tmpl\n    name: child\n    labels: {tier: gold}\n    mcp:\n      args: [b]\n", "child", "npx", "b", "svc", "env=prod,team=ai,tier=gold", true };
            // A key before the merge is decoded first and the merge into it after.
            yield return new object[] { "  - name: c\n    mcp: {command: x}\n    <<: {uri: 'mcp+stdio://', mcp: {args: [z]}}\n", "c", "x", "z", null, "", true };
            // A null is the zero value: no MCP spec at all.
            yield return new object[] { "  - <<: *tmpl\n    name: d\n    mcp: ~\n", "d", null, "", null, "env=prod,team=ai", false };
            // A list of merged mappings: the last is decoded first, the earlier ones into it.
            yield return new object[] { "  - <<: [{mcp: {command: A}}, {mcp: {command: B, args: [B]}, labels: {x: '1'}}]\n    name: e\n    uri: mcp+stdio://\n", "e", "A", "B", null, "x=1", true };
            // A merged mapping that merges in turn: its own layers come first.
            yield return new object[] { "  - &mid\n    <<: *tmpl\n    name: mid\n    mcp: {args: [m]}\n  - <<: *mid\n    name: f\n    mcp: {run_as_host_user: other}\n", "f", "npx", "m", "other", "env=prod,team=ai", true };
            // Without a merge a later mapping is all there is (no key twice: Teleport refuses that).
            yield return new object[] { "  - name: g\n    uri: mcp+stdio://\n    mcp: {command: only}\n", "g", "only", "", null, "", true };
        }

        [Theory]
        [MemberData(nameof(AppCases))]
        public void An_app_built_from_merged_mappings_is_read_as_Teleport_decodes_it(string apps, string name, string command, string args, string runAs, string labels, bool hasMcp)
        {
            var items = ResourceReader.ReadText(Template + apps, "teleport.yaml").ToList();
            // Stdio entries without run_as_host_user: Teleport refuses to start with them (ServingMapTests), which is not this test's point.
            Assert.DoesNotContain(items, i => i.Diagnostic != null && i.Diagnostic.Level == DiagnosticLevel.Error && !i.Diagnostic.Message.Contains("Teleport does not start the App Service"));
            var app = items.Select(i => i.Resource).OfType<TeleportMcp.App>().Single(a => a.Name == name);
            Assert.Equal(command, app.Command);
            Assert.Equal(args, string.Join(",", app.Args));
            Assert.Equal(runAs, app.RunAsHostUser);
            Assert.Equal(labels, string.Join(",", app.LabelMap.OrderBy(kv => kv.Key, System.StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)));
            Assert.Equal(hasMcp, app.HasMcpSpec);
        }

        [Fact]
        public void The_template_itself_and_the_shared_nodes_are_left_as_written()
        {
            var items = ResourceReader.ReadText(Template + "  - <<: *tmpl\n    name: child\n    labels: {tier: gold}\n    mcp: {args: [b]}\n", "teleport.yaml").ToList();
            var apps = items.Select(i => i.Resource).OfType<TeleportMcp.App>().ToList();
            var template = apps.Single(a => a.Name == "base");
            Assert.Equal("a", string.Join(",", template.Args));
            Assert.Equal("ai", template.LabelMap["team"]);
            // The child still points at its own lines.
            Assert.Equal(13, apps.Single(a => a.Name == "child").SourceLine);
        }

        [Fact]
        public void A_resource_selector_keeps_the_merged_labels_beside_its_own()
        {
            var items = ResourceReader.ReadText("version: v3\napp_service:\n  enabled: true\n  resources:\n  - <<: {labels: {team: ai}}\n    labels: {env: dev}\n", "teleport.yaml").ToList();
            Assert.DoesNotContain(items, i => i.Diagnostic != null && i.Diagnostic.Level == DiagnosticLevel.Error);
            var selector = items.Select(i => i.Resource).OfType<AppServiceAgent>().Single().ResourceSelectors.Single().Labels.ToString();
            Assert.Contains("team", selector, System.StringComparison.Ordinal);
            Assert.Contains("dev", selector, System.StringComparison.Ordinal);
        }

        public static IEnumerable<object[]> RefusedCases()
        {
            // (the apps after the template, or a whole file; the error id; the text it holds; its line)
            // A label the template and the app both set: the map already holds it.
            yield return new object[] { Template + "  - <<: *tmpl\n    name: child\n    labels: {team: ml}\n", "DuplicateConfigKey", "app_service.apps[1].labels: key \"team\" already set in map (line 15, first set at line 8", 15 };
            // ... also inside one mapping: a merge and a key of the same map.
            yield return new object[] { Template + "  - name: c\n    uri: 'mcp+stdio://'\n    labels: {<<: {env: prod}, env: dev}\n", "DuplicateConfigKey", "app_service.apps[1].labels: key \"env\" already set in map", 15 };
            yield return new object[] { "version: v3\napp_service:\n  resources:\n  - <<: {labels: {env: prod, team: ai}}\n    labels: {env: dev}\n", "DuplicateConfigKey", "app_service.resources[0].labels: key \"env\" already set in map (line 5, first set at line 4", 5 };
            // An earlier layer that is no mapping where Teleport decodes an MCP struct.
            yield return new object[] { Template + "  - <<: {mcp: x}\n    name: c\n    mcp: {command: y}\n", "InvalidResource", "app_service.apps[1].mcp: a merged layer gives the value \"x\" where Teleport reads a mapping (line 13)", 13 };
        }

        [Theory]
        [MemberData(nameof(RefusedCases))]
        public void A_file_Teleport_refuses_for_a_merge_is_an_error_and_not_read(string yaml, string code, string text, int line)
        {
            var items = ResourceReader.ReadText(yaml, "teleport.yaml").ToList();
            var error = Assert.Single(items, i => i.Diagnostic != null && i.Diagnostic.Level == DiagnosticLevel.Error).Diagnostic!;
            Assert.Equal(code, error.Code);
            Assert.Contains(text, error.Message, System.StringComparison.Ordinal);
            Assert.Contains("refuses to start", error.Message, System.StringComparison.Ordinal);
            Assert.Equal(line, error.Location!.Line);
            Assert.DoesNotContain(items, i => i.Resource != null);
        }

        [Fact]
        public void Merges_nested_deep_keep_their_layers_by_reference()
        {
            // {k0..k9, <<: {k0..k9, <<: {...}}} 2,000 levels deep: each level's earlier values are the level below, not a copy.
            var sb = new System.Text.StringBuilder("version: v3\napp_service:\n  apps:\n  - name: a\n    uri: 'mcp+stdio://'\n    mcp: ");
            const int depth = 2000;
            for (int d = 0; d < depth; d++) sb.Append("{args: [l").Append(d).Append("], <<: ");
            sb.Append("{command: bottom}");
            for (int d = 0; d < depth; d++) sb.Append('}');
            sb.Append('\n');
            var app = ResourceReader.ReadText(sb.ToString(), "teleport.yaml").Select(i => i.Resource).OfType<TeleportMcp.App>().Single();
            // Each level's merge comes after its own args, so the deepest level's args are decoded last; the command stays.
            Assert.Equal("bottom", app.Command);
            Assert.Equal("l1999", Assert.Single(app.Args));
        }

        [Fact]
        public void A_resource_file_still_takes_the_later_value_whole()
        {
            // tctl decodes resources into a generic map first (sigs.k8s.io/yaml): the later mapping replaces the merged one.
            var items = ResourceReader.ReadText("kind: app\nversion: v3\nmetadata: {name: a}\nspec:\n  uri: mcp+stdio://\n  <<: {mcp: {command: npx, run_as_host_user: svc}}\n  mcp: {args: [x]}\n", "app.yaml").ToList();
            var app = items.Select(i => i.Resource).OfType<TeleportMcp.App>().Single();
            Assert.Null(app.Command);
            Assert.Equal("x", string.Join(",", app.Args));
        }
    }
}
