using System;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Documents;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// go-yaml applies no indentation rule inside a flow collection (scannerc.go: yaml_parser_unroll_indent returns at
    /// once when flow_level > 0, yaml_parser_scan_plain_scalar checks the indentation only when flow_level == 0), so
    /// Teleport reads a flow list whose later lines stand left of its key. YamlDotNet refuses those lines; the reader
    /// re-indents them. Expected values are what a libyaml-derived reader (go-yaml, PyYAML) gives.
    /// </summary>
    public class YamlFlowIndentationTests
    {
        private static DocNode Root(string text)
        {
            var doc = YamlDocumentReader.Read(text, "f.yaml").Single();
            Assert.Null(doc.Error);
            return doc.Root!;
        }

        private static string[] Strings(DocNode list) => ((DocList)list!).Items.Select(i => i.AsString()!).ToArray();

        [Theory]
        [InlineData("k: [a,\nb]", "a|b")]
        [InlineData("k: [a\nb]", "a b")]
        [InlineData("k: [a, # note\nb]", "a|b")]
        [InlineData("k: [a,\n\n  b,\nc]", "a|b|c")]
        [InlineData("k: ['a\nb', c]", "a b|c")]
        public void AFlowListLeftOfItsKeyIsReadAsGoYamlReadsIt(string text, string expected)
        {
            Assert.Equal(expected.Split('|'), Strings(Root(text)["k"]));
        }

        [Fact]
        public void ARoleWhoseToolsListWrapsToTheKeysColumnKeepsEveryTool()
        {
            var root = Root("kind: role\nversion: v8\nmetadata:\n  name: dev\nspec:\n  allow:\n    mcp:\n      tools: [read_file,\n      write_file,\n    '^list_.*$']\n  deny:\n    mcp:\n      tools: [delete_*]\n");
            Assert.Equal(new[] { "read_file", "write_file", "^list_.*$" }, Strings(root["spec"]!["allow"]!["mcp"]!["tools"]));
            Assert.Equal(new[] { "delete_*" }, Strings(root["spec"]!["deny"]!["mcp"]!["tools"]));
        }

        [Fact]
        public void SeveralWrappedCollectionsAndNestedOnesAreRead()
        {
            var root = Root("a: [x,\ny]\nb: {p: 1,\nq: [r,\ns]}\nc:\n  - [t,\n  u]\n  - v\n");
            Assert.Equal(new[] { "x", "y" }, Strings(root["a"]));
            Assert.Equal("1", root["b"]!["p"]!.AsString());
            Assert.Equal(new[] { "r", "s" }, Strings(root["b"]!["q"]));
            var c = (DocList)root["c"]!;
            Assert.Equal(new[] { "t", "u" }, Strings(c.Items[0]));
            Assert.Equal("v", c.Items[1].AsString());
        }

        [Fact]
        public void PositionsOnAReindentedLineAreTheFilesOwn()
        {
            var list = (DocList)Root("k: [a,\nb, c]")["k"]!;
            Assert.Equal((2, 1), (list.Items[1].Location.Line, list.Items[1].Location.Column));
            Assert.Equal((2, 4), (list.Items[2].Location.Line, list.Items[2].Location.Column));

            var broken = YamlDocumentReader.Read("k: [a,\nb, &x c, *y]", "f.yaml").Single();
            Assert.Equal("YamlParseError", broken.Error!.Code);
            Assert.Contains("unknown anchor 'y'", broken.Error.Message, StringComparison.Ordinal);
            Assert.Equal((2, 10), (broken.Error.Location!.Line, broken.Error.Location.Column));
        }

        [Fact]
        public void MoreWrappedLinesThanTheLimitAreOneErrorWithItsPlaceAndTheNextDocumentIsRead()
        {
            var sb = new StringBuilder("k: [a");
            for (int i = 0; i <= YamlDocumentReader.MaxFlowIndentRepairs; i++) sb.Append(",\nv").Append(i);
            sb.Append("]\n---\nafter: 1\n");
            var docs = YamlDocumentReader.Read(sb.ToString(), "f.yaml").ToArray();
            Assert.Equal(2, docs.Length);
            var e = docs[0].Error!;
            Assert.Equal("YamlParseError", e.Code);
            Assert.Contains("stands left of the enclosing block's indentation", e.Message, StringComparison.Ordinal);
            Assert.Equal(YamlDocumentReader.MaxFlowIndentRepairs + 2, e.Location!.Line);
            Assert.Equal(1, e.Location.Column);
            Assert.Equal("1", docs[1].Root!["after"]!.AsString());
        }

        [Fact]
        public void TheRepairsOfOneFileAreBoundedByWhatTheyReadAgainWhateverItsDocuments()
        {
            // Each repair reads its document again: a large document with many wrapped lines, and many documents with
            // some each, stop at the file's budget with the error, instead of reading for minutes.
            var pad = new StringBuilder();
            for (int i = 0; i < 40_000; i++) pad.Append("p").Append(i).Append(": x\n");
            var sb = new StringBuilder("k: [a");
            for (int i = 0; i < 200; i++) sb.Append(",\nv").Append(i);
            sb.Append("]\n").Append(pad);
            long size = sb.Length;
            var docs = YamlDocumentReader.Read(sb + "---\nafter: 1\n", "f.yaml").ToArray();
            var e = docs[0].Error!;
            Assert.Contains("MiB read again per file", e.Message, StringComparison.Ordinal);
            long repairs = e.Location!.Line - 2;
            Assert.InRange(repairs, YamlDocumentReader.FlowIndentRepairBudget / size - 1, YamlDocumentReader.FlowIndentRepairBudget / size + 1);
            Assert.Equal("1", docs[1].Root!["after"]!.AsString());
        }

        [Fact]
        public void UpToTheLimitEveryWrappedLineIsRead()
        {
            var sb = new StringBuilder("k: [a");
            for (int i = 1; i < YamlDocumentReader.MaxFlowIndentRepairs; i++) sb.Append(",\nv").Append(i);
            sb.Append(']');
            Assert.Equal(YamlDocumentReader.MaxFlowIndentRepairs, ((DocList)Root(sb.ToString())["k"]!).Items.Count);
        }
    }
}
