#nullable enable
using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// VS Code's settings reader around syntax errors (configurationModels.ts ConfigurationModelParser.doParseContent on json.ts
    /// visit). Each expected value is what that code gives under Node v20 (VS Code's json.ts, the patched jsonc-parser 3.3.1):
    /// keys sorted, numbers as N and their value, the number of errors json.ts reported.
    /// </summary>
    public class VsCodeSettingsParseTests
    {
        [Theory]
        // A missing comma between two servers: both kept.
        [InlineData("{\"servers\": {\"a\": {\"command\": \"tsh\"} \"b\": {\"command\": \"npx\"}}}", "{\"servers\":{\"a\":{\"command\":\"tsh\"},\"b\":{\"command\":\"npx\"}}}", 1)]
        // An unclosed string runs to the end of the line.
        [InlineData("{\"servers\": {\"a\": {\"command\": \"tsh\", \"args\": [\"x\", \"y]}}}", "{\"servers\":{\"a\":{\"args\":[\"x\",\"y]}}}\"],\"command\":\"tsh\"}}}", 5)]
        // A trailing garbage line.
        [InlineData("{\"servers\": {\"a\": {\"command\": \"tsh\"}}}\ngarbage", "{\"servers\":{\"a\":{\"command\":\"tsh\"}}}", 1)]
        // A truncated file keeps what came before the cut, an open object empty.
        [InlineData("{\"servers\": {\"a\": {\"command\": \"tsh\"}, \"b\": {\"comm", "{\"servers\":{\"a\":{\"command\":\"tsh\"},\"b\":{}}}", 5)]
        // A missing colon skips to the next comma: the server is lost, the property after it lands in "servers".
        [InlineData("{\"servers\": {\"b\": {\"command\": \"npx\"}, \"a\" {\"command\": \"tsh\", \"args\": [\"x\"]}}}", "{\"servers\":{\"args\":[\"x\"],\"b\":{\"command\":\"npx\"}}}", 2)]
        // Missing array items, "1." (JSON.parse refuses it: 0), a lone minus, a partial keyword, a leading zero.
        [InlineData("{\"a\": [1, , 2,], \"b\": 1., \"c\": -, \"d\": tru, \"e\": 01}", "{\"a\":[N1,N2],\"b\":N0,\"e\":N0}", 11)]
        // A primitive "__proto__" is ignored by JavaScript's [[Set]]; a short \u escape keeps its digits read.
        [InlineData("{\"servers.a\": {\"command\": \"tsh\"}, \"x\": {\"__proto__\": 1, \"k\": \"\\u12\"}}", "{\"servers.a\":{\"command\":\"tsh\"},\"x\":{\"k\":\"\"}}", 1)]
        [InlineData("  ", "{}", 1)]
        [InlineData("", "{}", 0)]
        [InlineData("5", "N5", 0)]
        [InlineData("[{\"a\": 1}, 2", "[{\"a\":N1},N2]", 1)]
        // The later value of a key wins; a trailing comma is an error (no allowTrailingComma) but the value stays.
        [InlineData("{\"a\": 1, \"a\": {\"b\": 2}, \"\": 3,}", "{\"\":N3,\"a\":{\"b\":N2}}", 2)]
        // Comments are no error; U+2028 and U+FEFF are white space and line breaks to json.ts.
        [InlineData("\ufeff// c\u2028{\"a\": /* x */ true}", "{\"a\":true}", 0)]
        public void Keeps_what_VS_Code_keeps(string text, string expected, int errors)
        {
            var read = VsCodeSettingsParse.Read(text, "f.json", CancellationToken.None);
            Assert.Null(read.Unmodelled);
            Assert.Equal(expected, Canon(read.Value));
            Assert.Equal(errors > 0, read.Errors > 0);
        }

        [Theory]
        [InlineData("{\"x\": {\"__proto__\": {\"a\": 1}}}")]
        [InlineData("{\"x\": {\"__proto__\": null} \"y\": 1}")]
        public void A_prototype_is_not_modelled(string text)
        {
            var read = VsCodeSettingsParse.Read(text, "f.json", CancellationToken.None);
            Assert.Contains("\"__proto__\"", read.Unmodelled, StringComparison.Ordinal);
        }

        [Fact]
        public void Names_and_places_of_properties_by_path()
        {
            var read = VsCodeSettingsParse.Read("{\"list\": [{\"servers\": 1}], \"servers\": {\"b\": {\"command\": \"npx\"},\n \"a\" {\"command\": \"tsh\"}}}", "f.json", CancellationToken.None);
            Assert.Equal(new[] { "b", "a" }, read.PropertiesAt("servers").Select(p => p.Key).ToArray());
            var a = read.PropertiesAt("servers")[1].Value;
            Assert.Equal((2, 2), (a.Line, a.Column));
            Assert.Equal(new[] { "list", "servers" }, read.PropertiesAt().Select(p => p.Key).ToArray()); // not the one inside the array
        }

        [Fact]
        public void Deeper_than_the_limit_is_not_modelled()
        {
            var read = VsCodeSettingsParse.Read(new string('[', 100_000), "f.json", CancellationToken.None);
            Assert.Contains("limit", read.Unmodelled, StringComparison.Ordinal);
        }

        private static string Canon(DocNode? n)
        {
            switch (n)
            {
                case null: return "{}";
                case DocScalar s when s.IsNull: return "null";
                case DocScalar s when s.IsQuoted: return "\"" + s.Value + "\"";
                case DocScalar s when s.Value == "true" || s.Value == "false": return s.Value!;
                case DocScalar s: return "N" + double.Parse(s.Value!, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
                case DocList l: return "[" + string.Join(",", l.Items.Select(Canon)) + "]";
                case DocMap m: return "{" + string.Join(",", m.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => "\"" + e.Key + "\":" + Canon(e.Value))) + "}";
                default: throw new InvalidOperationException();
            }
        }
    }
}
