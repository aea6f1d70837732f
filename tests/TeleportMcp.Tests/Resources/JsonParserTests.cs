using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    public class JsonParserTests
    {
        [Theory]
        [InlineData("\"a\\\"b\\\\c\\/d\\n\\u00e9\"", "a\"b\\c/d\né")]
        [InlineData("\"plain\"", "plain")]
        [InlineData("-12.5e+3", "-12.5e+3")]
        [InlineData("true", "true")]
        public void Scalars(string json, string expected)
        {
            var node = (DocScalar)JsonParser.Parse(json);
            Assert.Equal(expected, node.Value);
        }

        [Fact]
        public void NullIsNull()
        {
            var node = (DocScalar)JsonParser.Parse("null");
            Assert.True(node.IsNull);
            Assert.Null(node.AsString());
        }

        [Fact]
        public void KeepsLineAndColumnOfValues()
        {
            var root = (DocMap)JsonParser.Parse("{\n  \"a\": [1,\n    \"x\"]\n}", "f.json");
            var list = (DocList)root["a"];
            Assert.Equal(2, list.Location.Line);
            Assert.Equal(8, list.Location.Column);
            Assert.Equal(3, list.Items[1].Location.Line);
            Assert.Equal(5, list.Items[1].Location.Column);
        }

        [Theory]
        [InlineData("{\"a\": 1,}", 1, 9, "a property name")]
        [InlineData("[1 2]", 1, 4, "',' or ']'")]
        [InlineData("{\"a\"\n 1}", 2, 2, "':'")]
        [InlineData("\"abc", 1, 5, "unterminated string")]
        [InlineData("[1] x", 1, 5, "after the JSON value")]
        [InlineData("{\"a\": tru}", 1, 7, "a value was expected")]
        [InlineData("[01]", 1, 3, "',' or ']'")]
        public void ErrorsNameLineAndColumn(string json, int line, int column, string fragment)
        {
            var e = Assert.Throws<TeleportInputException>(() => JsonParser.Parse(json, "x.json"));
            Assert.Equal("JsonParseError", e.Code);
            Assert.Equal(line, e.Location.Line);
            Assert.Equal(column, e.Location.Column);
            Assert.Contains(fragment, e.Detail);
        }

        [Fact]
        public void LenientModeAllowsCommentsAndTrailingCommas()
        {
            var root = (DocMap)JsonParser.Parse("// Zed settings\n{ /* c */ \"a\": [1, 2,], }", "s.json", lenient: true);
            Assert.Equal(2, ((DocList)root["a"]).Items.Count);
            Assert.Throws<TeleportInputException>(() => JsonParser.Parse("// x\n{}", "s.json"));
        }

        [Fact]
        public void LastDuplicateKeyWinsLikeGo()
        {
            var root = (DocMap)JsonParser.Parse("{\"a\":1,\"a\":2}");
            Assert.Equal("2", root["a"].AsString());
            Assert.Single(root.Entries);
        }

        [Theory]
        [InlineData("a\"b\\c\n", "\"a\\\"b\\\\c\\n\"")]
        [InlineData("\u0001", "\"\\u0001\"")]
        public void QuoteWritesValidJson(string value, string expected)
        {
            Assert.Equal(expected, JsonText.Quote(value));
            Assert.Equal(value, JsonParser.Parse(JsonText.Quote(value)).AsString());
        }
    }
}
