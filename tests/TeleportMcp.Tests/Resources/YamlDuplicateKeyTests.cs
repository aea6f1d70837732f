using System.Linq;
using System.Text;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// A key written twice in one mapping. In a resource Teleport keeps the later value: tctl reads resources through
    /// k8s' YAMLOrJSONDecoder (tool/tctl/common/resource_command.go), whose sigs.k8s.io/yaml decodes with go-yaml v2 not
    /// strictly (its yaml_test.go: "foo: bar\nfoo: baz" is {"foo":"baz"}); the reader keeps it too and warns with both
    /// places. teleport.yaml is read with yaml.v2 UnmarshalStrict (lib/config/fileconf.go ReadConfig), which refuses it,
    /// so Teleport does not start: an error, and the configuration is not read.
    /// </summary>
    public class YamlDuplicateKeyTests
    {
        private const string Role = "kind: role\nversion: v8\nmetadata:\n  name: dev\nspec:\n  allow:\n    mcp:\n      tools: [a]\n    mcp:\n      tools: [b]\n";

        [Fact]
        public void TheLaterValueIsKeptAndBothPlacesAreNoted()
        {
            var doc = YamlDocumentReader.Read(Role, "r.yaml").Single();
            Assert.Null(doc.Error);
            Assert.Equal("b", ((DocList)doc.Root!["spec"]!["allow"]!["mcp"]!["tools"]!).Items.Single().AsString());
            var d = Assert.Single(doc.DuplicateKeys);
            Assert.Equal("mcp", d.Key);
            Assert.Equal((7, 5), (d.First.Line, d.First.Column));
            Assert.Equal((9, 5), (d.Again.Line, d.Again.Column));
        }

        [Fact]
        public void TheReaderWarnsWithTheSecondPlaceAndStillReadsTheRole()
        {
            var items = ResourceReader.ReadText(Role, "r.yaml").ToList();
            var role = (TeleportMcp.Role)items.Single(i => i.Resource != null).Resource!;
            Assert.Equal(new[] { "b" }, role.AllowMcpTools);
            var w = items.Single(i => i.Diagnostic != null).Diagnostic!;
            Assert.Equal(DiagnosticLevel.Warning, w.Level);
            Assert.Equal("DuplicateYamlKey", w.Code);
            Assert.Equal(9, w.Location!.Line);
            Assert.Contains("first at line 7", w.Message, System.StringComparison.Ordinal);
            Assert.Contains("Teleport keeps the later value", w.Message, System.StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("r.yaml")]
        [InlineData("teleport.yaml")]
        public void A_long_key_written_twice_is_cut_in_the_message(string source)
        {
            var key = new string('k', 100_000);
            var text = source == "r.yaml"
                ? "kind: role\nversion: v8\nmetadata: {name: r, labels: {" + key + ": a, " + key + ": b}}\n"
                : "version: v3\napp_service:\n  apps:\n  - name: a\n    uri: http://x\n    labels: {" + key + ": a, " + key + ": b}\n";
            var d = ResourceReader.ReadText(text, source).Single(i => i.Diagnostic != null && i.Diagnostic.Code.StartsWith("Duplicate", System.StringComparison.Ordinal)).Diagnostic!;
            Assert.True(d.Message.Length < 600, d.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("kkkk", d.Message, System.StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("version: v3\napp_service:\n  enabled: true\n  apps:\n  - name: a\n    uri: http://x\napp_service:\n  enabled: false\n", "app_service", 7, 2)]
        [InlineData("version: v3\napp_service:\n  apps:\n  - name: a\n    uri: http://x\n    labels: {env: dev, env: prod}\n", "env", 6, 6)]
        public void A_teleport_yaml_that_sets_a_key_twice_is_an_error_and_serves_no_app(string text, string key, int line, int first)
        {
            var items = ResourceReader.ReadText(text, "teleport.yaml").ToList();
            Assert.DoesNotContain(items, i => i.Resource != null);
            var e = Assert.Single(items).Diagnostic!;
            Assert.Equal(DiagnosticLevel.Error, e.Level);
            Assert.Equal(ResourceReader.DuplicateConfigKeyCode, e.Code);
            Assert.Equal(line, e.Location!.Line);
            Assert.StartsWith("key \"" + key + "\" set twice (line " + line + ", first at line " + first + "): Teleport reads its configuration strictly", e.Message, System.StringComparison.Ordinal);
            Assert.NotNull(e.LineText);
        }

        [Fact]
        public void A_teleport_yaml_with_each_key_once_serves_its_apps()
        {
            var items = ResourceReader.ReadText("version: v3\napp_service:\n  apps:\n  - name: a\n    uri: http://x\n", "teleport.yaml").ToList();
            Assert.Single(items, i => i.Resource is TeleportMcp.App);
            Assert.DoesNotContain(items, i => i.Diagnostic?.Level == DiagnosticLevel.Error);
        }

        [Theory]
        [InlineData("a: 1\nb: 2\nc: {d: 1, e: 2}\n")]
        [InlineData("base: &b {x: 1}\nm:\n  <<: *b\n  x: 2\n")]
        [InlineData("base: &b {x: 1}\nm:\n  x: 0\n  <<: *b\n  <<: *b\n")]
        [InlineData("- {a: 1}\n- {a: 2}\n")]
        public void KeysWrittenOnceAndMergeKeysAreNoDuplicates(string text)
        {
            Assert.Empty(YamlDocumentReader.Read(text, "r.yaml").Single().DuplicateKeys);
        }

        [Fact]
        public void AKeyWrittenTwiceAroundAMergeIsADuplicate()
        {
            var doc = YamlDocumentReader.Read("m:\n  x: 0\n  <<: {x: 1}\n  x: 2\n", "r.yaml").Single();
            var d = Assert.Single(doc.DuplicateKeys);
            Assert.Equal(("x", 4), (d.Key, d.Again.Line));
            Assert.Equal("2", ((DocMap)doc.Root!["m"]!)["x"]!.AsString());
        }

        [Fact]
        public void AThousandDuplicatesAreNotedUpToTheLimit()
        {
            var sb = new StringBuilder();
            for (int i = 0; i < 1000; i++) sb.Append("k: ").Append(i).Append('\n');
            var doc = YamlDocumentReader.Read(sb.ToString(), "r.yaml").Single();
            Assert.Equal(YamlDocumentReader.MaxDuplicateKeysNoted, doc.DuplicateKeys.Count);
            Assert.Equal("999", doc.Root!["k"]!.AsString());
        }
    }
}
