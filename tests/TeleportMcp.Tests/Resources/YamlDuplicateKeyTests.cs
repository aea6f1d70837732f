using System.Linq;
using System.Text;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// A key written twice in one mapping: go-yaml v3 refuses it ("mapping key already defined"), go-yaml v2 keeps the
    /// later value, and which one Teleport's resource decoding reaches (sigs.k8s.io/yaml's version) is not confirmed. The
    /// reader keeps the later value and says so with both places, so the answer built on it is not silently trusted.
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
            Assert.Contains("not confirmed", w.Message, System.StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("a: 1\nb: 2\nc: {d: 1, e: 2}\n")]
        [InlineData("base: &b {x: 1}\nm:\n  <<: *b\n  x: 2\n")]
        [InlineData("- {a: 1}\n- {a: 2}\n")]
        public void KeysWrittenOnceAndMergeKeysAreNoDuplicates(string text)
        {
            Assert.Empty(YamlDocumentReader.Read(text, "r.yaml").Single().DuplicateKeys);
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
