using System;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>Issue 17 items 4 and 5, issue 11 (YAML reader): hostile YAML generated at test time.</summary>
    public class YamlHostileTests
    {
        private static YamlDocumentResult[] Read(string text) => YamlDocumentReader.Read(text, "h.yaml").ToArray();

        [Theory]
        [InlineData("[", "]")]
        [InlineData("{a: ", "}")]
        [InlineData("- ", "")]
        public void NestingOf100000IsAnErrorWithItsLocationNotAStackOverflow(string open, string close)
        {
            var sb = new StringBuilder("kind: role\nspec:\n  ");
            for (int i = 0; i < 100000; i++) sb.Append(open);
            sb.Append('x');
            for (int i = 0; i < 100000; i++) sb.Append(close);
            sb.Append("\n---\nkind: role\nmetadata: {name: after}\n");
            var docs = Read(sb.ToString());
            Assert.Equal(2, docs.Length);
            var e = docs[0].Error;
            Assert.NotNull(e);
            Assert.Equal("YamlParseError", e.Code);
            Assert.Contains("max depth of 10000", e.Detail, StringComparison.Ordinal);
            Assert.Equal("h.yaml", e.Location.Path);
            Assert.Equal(3, e.Location.Line);
            Assert.True(e.Location.Column > 10000 / 2);
            Assert.Equal("after", docs[1].Root["metadata"]["name"].AsString());
        }

        [Fact]
        public void DepthUpToTheGoLimitIsRead()
        {
            var sb = new StringBuilder("a: ");
            for (int i = 0; i < 9990; i++) sb.Append('[');
            sb.Append('x');
            for (int i = 0; i < 9990; i++) sb.Append(']');
            var doc = Read(sb.ToString()).Single();
            Assert.Null(doc.Error);
        }

        // YamlDotNet's scanner visits every open flow level for each token (Scanner.FetchMoreTokens/StaleSimpleKeys);
        // go-yaml v2 scannerc.go keeps simple keys by token, so Teleport reads these documents in linear time.
        private static string FlowNested(int depth, int values) =>
            "kind: role\nspec:\n  x: " + new string('[', depth) + string.Join(", ", Enumerable.Repeat("v", values)) + new string(']', depth) + "\n";

        [Fact]
        public void ValuesNestedThousandsDeepInFlowCollectionsStopAtTheWorkBoundAndTheNextDocumentIsRead()
        {
            // 100,000 values 3,000 deep: 300 million levels visited, hours for YamlDotNet read to the end.
            var docs = Read(FlowNested(3000, 100000) + "---\nkind: role\nmetadata: {name: after}\n");
            Assert.Equal(2, docs.Length);
            var e = docs[0].Error;
            Assert.NotNull(e);
            Assert.Equal("YamlParseError", e.Code);
            Assert.StartsWith("TeleportMcp stops reading this document: its values inside flow collections ('[' or '{') nested more than 64 deep (3000 here)", e.Detail, StringComparison.Ordinal);
            Assert.Contains("(limit YamlDeepFlowWork = 100000000); Teleport reads such a document", e.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("invalid YAML", e.Detail, StringComparison.Ordinal);
            Assert.Equal(3, e.Location.Line);
            // The bound is met after about 100,000,000 / 3,000 values of three characters, past the opening brackets.
            Assert.InRange(e.Location.Column, 3000 + 3 * 30000, 3000 + 3 * 36000);
            Assert.Equal("after", docs[1].Root["metadata"]["name"].AsString());
        }

        [Theory]
        [InlineData(64, false)]
        [InlineData(65, true)]
        public void FlowNestingUpTo64DeepIsNeverCounted(int depth, bool stopped)
        {
            using (Limits.Use(new Limits { YamlDeepFlowWork = 500 }))
            {
                var doc = Read(FlowNested(depth, 100)).Single();
                Assert.Equal(stopped, doc.Error != null);
                if (!stopped) Assert.Equal(100, ((DocList)Enumerable.Range(0, depth - 1).Aggregate(doc.Root["spec"]["x"], (n, _) => ((DocList)n).Items[0])).Items.Count);
            }
        }

        [Fact]
        public void BlockNestingIsNotCounted()
        {
            // Block collections cost the scanner nothing per level: 100 mappings deep, 2,000 values at the bottom.
            var sb = new StringBuilder();
            for (int i = 0; i < 100; i++) sb.Append(' ', 2 * i).Append("k:\n");
            for (int i = 0; i < 2000; i++) sb.Append(' ', 200).Append("- v").Append(i).Append('\n');
            using (Limits.Use(new Limits { YamlDeepFlowWork = 0 }))
            {
                var doc = Read(sb.ToString()).Single();
                Assert.Null(doc.Error);
                Assert.Equal(2000, ((DocList)Enumerable.Range(0, 99).Aggregate(doc.Root["k"], (n, _) => n["k"])).Items.Count);
            }
        }

        [Fact]
        public void AFlowCollectionClosedCostsNothingMore()
        {
            // One value 500 deep costs about 250,000 (each open and close counts its depth); the 20,000 values after
            // it, at depth 1, add nothing.
            string text = "a: " + new string('[', 500) + "x" + new string(']', 500) + "\nb: [" + string.Join(", ", Enumerable.Repeat("v", 20000)) + "]\n";
            using (Limits.Use(new Limits { YamlDeepFlowWork = 300_000 }))
                Assert.Null(Read(text).Single().Error);
            using (Limits.Use(new Limits { YamlDeepFlowWork = 100_000 }))
                Assert.Contains("limit YamlDeepFlowWork = 100000", Read(text).Single().Error.Detail, StringComparison.Ordinal);
        }

        [Fact]
        public void BillionLaughsFailsFastWithExcessiveAliasing()
        {
            var sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
            for (int i = 1; i < 9; i++)
            {
                char p = (char)('a' + i - 1), c = (char)('a' + i);
                sb.Append(c).Append(": &").Append(c).Append(" [");
                sb.Append(string.Join(",", Enumerable.Repeat("*" + p, 9)));
                sb.Append("]\n");
            }
            Assert.True(sb.Length < 2048);
            var doc = Read(sb.ToString() + "---\nok: 1\n");
            Assert.Contains("excessive aliasing", doc[0].Error.Detail, StringComparison.Ordinal);
            Assert.True(doc[0].Error.Location.Line >= 2 && doc[0].Error.Location.Column > 0);
            Assert.Equal("1", doc[1].Root["ok"].AsString());
        }

        [Fact]
        public void MergeKeyChainFailsFast()
        {
            var sb = new StringBuilder("k0: &k0 {a: 1, b: 2, c: 3, d: 4}\n");
            for (int i = 1; i < 40; i++)
                sb.Append("k").Append(i).Append(": &k").Append(i).Append(" {<<: [*k").Append(i - 1).Append(", *k").Append(i - 1).Append(", *k").Append(i - 1).Append("], x").Append(i).Append(": 1}\n");
            var doc = Read(sb.ToString()).Single();
            Assert.Contains("excessive aliasing", doc.Error.Detail, StringComparison.Ordinal);
        }

        [Fact]
        public void FewAliasesAreFine()
        {
            var doc = Read("base: &b [x, y]\nr1: *b\nr2: *b\n").Single();
            Assert.Null(doc.Error);
            Assert.Equal(2, ((DocList)doc.Root["r2"]).Items.Count);
        }

        [Fact]
        public void SelfReferencingAnchorIsAnError()
        {
            var doc = Read("a: &a [1, *a]\n").Single();
            Assert.Contains("contains itself", doc.Error.Detail, StringComparison.Ordinal);
            Assert.Equal(1, doc.Error.Location.Line);
        }

        [Fact]
        public void UnknownAnchorIsAnError()
        {
            var doc = Read("a: 1\nb: *nope\n").Single();
            Assert.Contains("unknown anchor 'nope'", doc.Error.Detail, StringComparison.Ordinal);
            Assert.Equal(2, doc.Error.Location.Line);
        }

        [Fact]
        public void UnterminatedFlowSequenceIsOneDocumentErrorAndTheOthersAreRead()
        {
            var text = "kind: role\nmetadata: {name: a}\n---\nkind: role\nspec:\n  tools: [\"a\", \"b\"\nmetadata:\n  name: b\n---\nkind: role\nmetadata: {name: c}\n";
            var docs = Read(text);
            Assert.Equal(3, docs.Length);
            Assert.Equal("a", docs[0].Root["metadata"]["name"].AsString());
            Assert.NotNull(docs[1].Error);
            Assert.Equal("YamlParseError", docs[1].Error.Code);
            Assert.InRange(docs[1].Error.Location.Line, 4, 9);
            Assert.True(docs[1].Error.Location.Column > 0);
            Assert.Equal("c", docs[2].Root["metadata"]["name"].AsString());
        }

        [Fact]
        public void NoTruncationOfAValidFileThrows()
        {
            // Every prefix of a realistic file: each document either reads or is one error, never an exception.
            const string text = "kind: role\nversion: v8\nmetadata:\n  name: \"r\" # c\n  labels: {a: b, 'c': [1, 2]}\nspec:\n  allow:\n    mcp:\n      tools: [\"a\", '^b$', &x c]\n    app_labels: {<<: {env: dev}, k: *x}\n  deny: |\n    text\n---\n- !!str x\n- ? complex\n  : key\n";
            for (int i = 0; i <= text.Length; i++)
                foreach (var d in Read(text.Substring(0, i)))
                    Assert.True(d.Error == null || d.Error.Code == "YamlParseError");
        }

        // go-yaml v2 decode.go mapping()/merge() (go.yaml.in/yaml/v2 under sigs.k8s.io/yaml; gopkg.in/yaml.v2 for
        // teleport.yaml): '<<' sets the merged keys where it stands, over keys written before it; keys written after it
        // win; in a list of merged maps the earlier map wins.
        [Theory]
        [InlineData("base: &b {a: 1, b: 2}\nm: {<<: *b, b: 3}\n", "a=1,b=3")]
        [InlineData("base: &b {a: 1, b: 2}\nm: {b: 3, <<: *b}\n", "b=2,a=1")]
        [InlineData("x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nm: {<<: [*x, *y]}\n", "a=1,b=1,c=2")]
        [InlineData("x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nm: {<<: [*y, *x]}\n", "b=2,c=2,a=1")]
        [InlineData("m: {<<: {a: 1}, c: 2}\n", "c=2,a=1")]
        [InlineData("x: &x {a: 1}\nm:\n  <<: *x\n  b: 2\n", "b=2,a=1")]
        [InlineData("x: &x {a: 1}\nm: {'<<': *x}\n", "<<=map")]
        [InlineData("x: &x {a: 1}\nm: {!!merge <<: *x}\n", "a=1")]
        [InlineData("x: &x {a: 1, <<: {z: 9}}\nm: {<<: *x}\n", "a=1,z=9")]
        [InlineData("x: &x {a: 1, <<: {a: 9}}\nm: {<<: *x}\n", "a=9")]
        [InlineData("m: {<<: {a: 1, b: 1}, <<: {a: 2}}\n", "a=2,b=1")]
        [InlineData("m: {a: 0, <<: {a: 1, b: 1}, b: 2}\n", "a=1,b=2")]
        public void MergeKeysAsGoYamlV2(string yaml, string expected)
        {
            var doc = Read(yaml).Single();
            Assert.Null(doc.Error);
            var m = (DocMap)doc.Root["m"];
            var got = string.Join(",", m.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + (e.Value is DocMap ? "map" : e.Value.AsString())));
            Assert.Equal(string.Join(",", expected.Split(',').OrderBy(x => x, StringComparer.Ordinal)), got);
        }

        [Theory]
        [InlineData("x: &x [1]\nm: {<<: *x}\n")]
        [InlineData("m: {<<: 3}\n")]
        [InlineData("x: &x 1\nm: {<<: [*x]}\n")]
        [InlineData("x: &x [{a: 1}]\nm: {<<: *x}\n")]
        public void MergeOfNonMapIsAnError(string yaml)
        {
            var doc = Read(yaml).Single();
            Assert.Contains("map merge requires map or sequence of maps as the value", doc.Error.Detail, StringComparison.Ordinal);
            Assert.True(doc.Error.Location.Line >= 1);
        }
    }
}
