using System;
using System.Linq;
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
            Assert.Contains(fragment, e.Detail, StringComparison.Ordinal);
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

        // Copilot CLI's user file, as its reader takes it: measured with @github/copilot-linux-x64 1.0.102 runtime.node
        // (mcpConfigLoadMerged for taken or refused, mcpConfigLoadPersisted for the value kept), 12,000 generated texts
        // and these, with no difference but numbers beyond 2^53 (Copilot CLI keeps an f64). "!" = refused.
        [Theory]
        [InlineData("{\"x\":0x10}", "{x:0}")]
        [InlineData("{\"x\":-0x10,\"y\":0X}", "{x:0,y:0}")]
        [InlineData("{\"x\":007,\"y\":01.5,\"z\":-01}", "{x:0,y:0,z:-0}")]
        [InlineData("{\"x\":5.,\"y\":1e,\"z\":1e+,\"w\":1.5e3}", "{x:5,y:1,z:1,w:1.5e3}")]
        [InlineData("{\"x\":+1,\"y\":2}", "{y:2}")]
        [InlineData("{\"x\":'a',\"y\":[1,'b',+2,3]}", "{y:[1,3]}")]
        [InlineData("{x:1,'y':2,1:3,1.5:4,$a_1:5,u-1:6,é:7,true:8,null:9,\"z\":10}", "{z:10}")]
        [InlineData("{\"a\":1 \"b\":2\n\"c\":[1 2]}", "{a:1,b:2,c:[1,2]}")]
        [InlineData("{\"a\":[1,],\"b\":{\"c\":1,},}", "{a:[1],b:{c:1}}")]
        [InlineData("{\"a\":\"x\ny\t\u0000\u0001\"}", "{a:x\ny\t\u0000\u0001}")]
        [InlineData("{\"a\":\"\\ud83d\\ude00\",\"b\":'it\\'s'}", "{a:\U0001F600}")]
        [InlineData("\uFEFF \uFEFF{\u00A0\"a\"\u2028:\u000B1\u0085}", "{a:1}")]
        [InlineData("{\"a\":1// c\r}", "{a:1}")]
        [InlineData("{\"a\":1,\"a\":2}", "{a:2}")]
        [InlineData("{\"a\":1,,}", "!")]
        [InlineData("{,}", "!")]
        [InlineData("{\"a\":[,1]}", "!")]
        [InlineData("{\"a\":[1,,2]}", "!")]
        [InlineData("{\"a\":NaN}", "!")]
        [InlineData("{\"a\":Infinity}", "!")]
        [InlineData("{\"a\":True}", "!")]
        [InlineData("{\"a\":nulls}", "!")]
        [InlineData("{\"a\":abc}", "!")]
        [InlineData("{\"a\":.5}", "!")]
        [InlineData("{\"a\":5.e3}", "!")]
        [InlineData("{\"a\":+.5}", "!")]
        [InlineData("{\"a\":-+1}", "!")]
        [InlineData("{\"a\":0x1G}", "!")]
        [InlineData("{\"a\":1.5.3}", "!")]
        [InlineData("{a.b:1}", "!")]
        [InlineData("{1a:1}", "!")]
        [InlineData("{a b:1}", "!")]
        [InlineData("{-a:1}", "!")]
        [InlineData("{@a:1}", "!")]
        [InlineData("{\"a\":\"\\x41\"}", "!")]
        [InlineData("{\"a\":\"\\v\"}", "!")]
        [InlineData("{\"a\":\"\\'\"}", "!")]
        [InlineData("{\"a\":'\\\"'}", "!")]
        [InlineData("{\"a\":\"\\ud83d\"}", "!")]
        [InlineData("{\"a\":\"\\ude00\"}", "!")]
        [InlineData("{\"a\":\"x\\\ny\"}", "!")]
        [InlineData("# c\n{}", "!")]
        [InlineData("{\u200B}", "!")]
        [InlineData("{\uFEFF\"a\":1}", "!")]
        [InlineData("{/* a /* b */ c */}", "!")]
        [InlineData("{\"a\":1// c\u2028}", "!")]
        [InlineData("{} {}", "!")]
        [InlineData("{},", "!")]
        public void Copilot_CLI_user_file_grammar(string text, string expected)
        {
            var extensions = new System.Collections.Generic.List<JsonExtension>();
            if (expected == "!")
            {
                Assert.Throws<TeleportInputException>(() => JsonParser.ParseCopilotCliUser(text, "f", extensions, default));
                return;
            }
            Assert.Equal(expected, Show(JsonParser.ParseCopilotCliUser(text, "f", extensions, default)));
        }

        // VS Code's own reader (microsoft/vscode src/vs/base/common/json.ts @0656d21d, parse with allowTrailingComma and
        // allowEmptyContent as mcpResourceScannerService.ts @20ba3e6c calls it): measured against that scanner on 12,000 texts.
        [Theory]
        [InlineData("{\"a\":1}", "{a:1}")]
        [InlineData("{\"a\":[1,],}", "{a:[1]}")]
        [InlineData("{\u00A0\"a\":1}", "{a:1}")]
        [InlineData("{\u000B\u000C\u1680\u2000\u200A\u200B\u202F\u205F\u3000\"a\":1}", "{a:1}")]
        [InlineData("{\uFEFF\"a\":\uFEFF1}", "{a:1}")]
        [InlineData("{\"a\":1// c\u2028}", "{a:1}")]
        [InlineData("{\"a\":1// c\u2029}", "{a:1}")]
        [InlineData("{\"a\":1// c\r}", "{a:1}")]
        [InlineData("{\"a\":\"x\u2028y\"}", "{a:x\u2028y}")]
        [InlineData("", "{}")]
        [InlineData(" \n\u00A0", "{}")]
        [InlineData("// c\n/* d */", "{}")]
        [InlineData("{\"a\":1,\"a\":2}", "{a:2}")]
        [InlineData("{\"__proto__\":\"x\",\"a\":1}", "{a:1}")]
        [InlineData("{\"__proto__\":5,}", "{}")]
        [InlineData("{\u0085\"a\":1}", "!")]
        [InlineData("{\u180E\"a\":1}", "!")]
        [InlineData("{\u2060\"a\":1}", "!")]
        [InlineData("{\"a\":1,,}", "!")]
        [InlineData("{,}", "!")]
        [InlineData("[,]", "!")]
        [InlineData("{\"a\" 1}", "!")]
        [InlineData("{\"a\":1 \"b\":2}", "!")]
        [InlineData("{'a':1}", "!")]
        [InlineData("{\"a\":01}", "!")]
        [InlineData("{\"a\":1.}", "!")]
        [InlineData("{\"a\":\"x\ty\"}", "!")]
        [InlineData("{\"a\":\"x\\qy\"}", "!")]
        [InlineData("{/* open", "!")]
        [InlineData("{} {}", "!")]
        [InlineData("{\"a\":nulls}", "!")]
        public void VS_Code_json_ts_grammar(string text, string expected)
        {
            var extensions = new System.Collections.Generic.List<JsonExtension>();
            if (expected == "!")
            {
                var e = Assert.Throws<TeleportInputException>(() => JsonParser.ParseVsCode(text, "f", extensions, default));
                Assert.False(JsonParser.IsUnmodelled(e));
                return;
            }
            Assert.Equal(expected, Show(JsonParser.ParseVsCode(text, "f", extensions, default)));
        }

        // json.ts parse assigns currentParent[name] = value: "__proto__" holding an object, an array or null sets the prototype,
        // whose properties VS Code reads without listing them (measured: {"__proto__":{"servers":{...}}} gives those servers).
        // A syntax error anywhere is still a refusal first.
        [Theory]
        [InlineData("{\"__proto__\":{\"servers\":{}}}", "1:2")]
        [InlineData("{\"servers\":{\"__proto__\":[]}}", "1:13")]
        [InlineData("{\"a\":{\"__proto__\":null}}", "1:7")]
        [InlineData("{\"a\":{\"__proto__\":{}}, \"b\": x}", null)]
        public void VS_Code_prototype_property_is_not_modelled(string text, string at)
        {
            var e = Assert.Throws<TeleportInputException>(() => JsonParser.ParseVsCode(text, "f", new System.Collections.Generic.List<JsonExtension>(), default));
            Assert.Equal(at != null, JsonParser.IsUnmodelled(e));
            if (at != null) Assert.Equal("f:" + at, e.Location.ToString());
        }

        // JavaScript's [[Set]] of "__proto__" as json.ts parse does it (measured, Node 20, on json.ts): the accessor of
        // Object.prototype sets the prototype (object, array, null) or ignores a primitive; an own "__proto__", one up the
        // chain, or a chain ending in null makes an ordinary property, which Object.entries lists.
        [Theory]
        [InlineData("{\"__proto__\":{\"servers\":1}}", "", "1")]
        [InlineData("{\"__proto__\":{\"__proto__\":{\"servers\":2}}}", "", "2")]
        [InlineData("{\"servers\":0,\"__proto__\":{\"servers\":1}}", "servers", "0")]
        [InlineData("{\"__proto__\":[{\"servers\":1}]}", "", null)]
        [InlineData("{\"__proto__\":7}", "", null)]
        [InlineData("{\"__proto__\":null,\"__proto__\":{\"servers\":1}}", "__proto__", null)]
        [InlineData("{\"__proto__\":null,\"__proto__\":3}", "__proto__", null)]
        [InlineData("{\"__proto__\":{\"a\":1},\"__proto__\":{\"servers\":4}}", "", "4")]
        [InlineData("{\"__proto__\":{\"__proto__\":null,\"__proto__\":{}},\"__proto__\":{\"servers\":5}}", "__proto__", null)]
        public void VS_Code_prototype_assignment_follows_JavaScript(string text, string ownKeys, string servers)
        {
            var root = Assert.IsType<DocMap>(JsonParser.ParseVsCodeKeepingPrototypes(text, "f", new System.Collections.Generic.List<JsonExtension>(), default));
            Assert.Equal(ownKeys, string.Join(",", root.Entries.Select(kv => kv.Key)));
            Assert.Equal(servers, (JsonParser.VsCodeGet(root, "servers") as DocScalar)?.Value);
            // ParseVsCode still refuses every prototype it does not model; an ignored primitive is no prototype.
            var thrown = Record.Exception(() => JsonParser.ParseVsCode(text, "f", new System.Collections.Generic.List<JsonExtension>(), default));
            Assert.Equal(JsonParser.Unmodelled(root, "f", JsonParser.PrototypeNotModelled) == null, thrown == null);
        }

        // helper-219's review: one record per comment, unquoted key or stray space made a 64 MiB file hold gigabytes of them.
        [Theory]
        [InlineData("/* c */", false)]
        [InlineData("// c\n", false)]
        [InlineData(" k: 1,", true)]
        [InlineData("\u00A0", true)]
        public void Records_of_what_is_not_JSON_stay_bounded_and_keep_the_count(string piece, bool copilot)
        {
            const int places = 200_000;
            var text = new System.Text.StringBuilder("{");
            for (int i = 0; i < places; i++) text.Append(piece);
            text.Append("\"z\": 1}");
            var extensions = new System.Collections.Generic.List<JsonExtension>();
            if (copilot) JsonParser.ParseCopilotCliUser(text.ToString(), "f", extensions, default);
            else JsonParser.ParseLenient(text.ToString(), "f", extensions, default);
            Assert.Equal(JsonParser.MaxExtensionsKept, extensions.Count);
            long total = 0;
            foreach (var e in extensions) total += e.Count;
            Assert.Equal(places, total);
        }

        private static string Show(DocNode n) =>
            n is DocMap m ? "{" + string.Join(",", System.Linq.Enumerable.Select(m.Entries, e => e.Key + ":" + Show(e.Value))) + "}"
            : n is DocList l ? "[" + string.Join(",", System.Linq.Enumerable.Select(l.Items, Show)) + "]"
            : ((DocScalar)n).Value ?? "null";

        // Copilot CLI's reader allows 512 levels of text (jsonc-parser), then re-reads the kept value with serde_json, whose
        // limit is 128 with the container that meets it: 127 levels counting the file's object; a dropped value does not count.
        [Theory]
        [InlineData(126, true, "")]
        [InlineData(127, false, "recursion limit exceeded")]
        [InlineData(511, false, "recursion limit exceeded")]
        [InlineData(512, false, "nesting deeper than 512 levels")]
        public void Copilot_CLI_user_file_depth(int arrays, bool taken, string says)
        {
            string nested = new string('[', arrays) + new string(']', arrays);
            var extensions = new System.Collections.Generic.List<JsonExtension>();
            if (taken) JsonParser.ParseCopilotCliUser("{\"x\":" + nested + "}", "f", extensions, default);
            else Assert.Contains(says, Assert.Throws<TeleportInputException>(() => JsonParser.ParseCopilotCliUser("{\"x\":" + nested + "}", "f", extensions, default)).Message, StringComparison.Ordinal);
            // Under a property Copilot CLI ignores, only jsonc-parser's 512 applies.
            if (arrays < 511) JsonParser.ParseCopilotCliUser("{x:" + nested + "}", "f", extensions, default);
        }

        // Measured on 1.0.102 (mcpConfigLoadMerged), n times open, then close n times, between before and after: jsonc-parser
        // counts an object inside another value two levels and an array one (513 refused); serde_json's recursion limit is
        // met only in a kept property of the root other than mcpServers, and only the last of duplicate names counts.
        [Theory]
        [InlineData("{\"mcpServers\":{\"t\":{\"command\":\"a\",\"x\":", "[", "]", 200, "}}}", "")]
        [InlineData("{\"mcpServers\":{\"t\":{\"command\":\"a\",\"x\":", "[", "]", 507, "}}}", "")]
        [InlineData("{\"mcpServers\":{\"t\":{\"command\":\"a\",\"x\":", "[", "]", 508, "}}}", "nesting deeper than 512")]
        [InlineData("{\"mcpServers\":{\"t\":{\"command\":\"a\"},\"y\":", "[", "]", 509, "}}", "")]
        [InlineData("{\"mcpServers\":{\"t\":{\"command\":\"a\",\"env\":{\"A\":", "[", "]", 505, "}}}}", "")]
        [InlineData("{\"mcpServers\":{\"t\":{\"command\":\"a\",\"x\":", "{\"a\":", "}", 253, "}}}", "")]
        [InlineData("{\"mcpServers\":{\"t\":{\"command\":\"a\",\"x\":", "{\"a\":", "}", 254, "}}}", "nesting deeper than 512")]
        [InlineData("{'x':", "{\"a\":", "}", 255, ",\"mcpServers\":{}}", "")]
        [InlineData("{'x':", "{\"a\":", "}", 256, ",\"mcpServers\":{}}", "nesting deeper than 512")]
        [InlineData("{'x':", "[{\"a\":", "}]", 170, ",\"mcpServers\":{}}", "")]
        [InlineData("{'x':", "[{\"a\":", "}]", 171, ",\"mcpServers\":{}}", "nesting deeper than 512")]
        [InlineData("{'x':", "[", "]", 511, ",\"mcpServers\":{}}", "")]
        [InlineData("{'x':", "[", "]", 512, ",\"mcpServers\":{}}", "nesting deeper than 512")]
        [InlineData("{\"mcpServers\":{},\"x\":", "{\"a\":", "}", 126, "}", "")]
        [InlineData("{\"mcpServers\":{},\"x\":", "{\"a\":", "}", 127, "}", "recursion limit exceeded")]
        [InlineData("{\"mcpServers\":{},\"x\":{\"y\":", "[", "]", 126, "}}", "recursion limit exceeded")]
        [InlineData("{\"x\":", "[", "]", 130, ",\"x\":1,\"mcpServers\":{}}", "")]
        [InlineData("{\"x\":", "[", "]", 130, ",\"x\":'a',\"mcpServers\":{}}", "recursion limit exceeded")]
        [InlineData("{\"mcpServers\":", "[", "]", 300, ",\"mcpServers\":{\"t\":{\"command\":\"a\"}}}", "")]
        public void Copilot_CLI_user_file_depth_by_place(string before, string open, string close, int n, string after, string says)
        {
            var text = new System.Text.StringBuilder(before);
            for (int i = 0; i < n; i++) text.Append(open);
            if (open.EndsWith(":", System.StringComparison.Ordinal)) text.Append('1');
            for (int i = 0; i < n; i++) text.Append(close);
            text.Append(after);
            var extensions = new System.Collections.Generic.List<JsonExtension>();
            if (says.Length == 0) JsonParser.ParseCopilotCliUser(text.ToString(), "f", extensions, default);
            else
            {
                var e = Assert.Throws<TeleportInputException>(() => JsonParser.ParseCopilotCliUser(text.ToString(), "f", extensions, default));
                Assert.Contains(says, e.Message, StringComparison.Ordinal);
                // Measured (/tmp/h261 depth.jsonl): 1.0.66 to 1.0.80 take a text refused for serde_json's recursion limit only.
                Assert.Equal(says.StartsWith("recursion", System.StringComparison.Ordinal), JsonParser.OlderReleasesTakeDeep(e));
            }
        }

        // However deep the text, the reader stops at jsonc-parser's 512 levels: no stack overflow, the module's own limit unused.
        [Theory]
        [InlineData(10_000_000, "[", "]")]
        [InlineData(10_000_000, "{\"a\":", "}")]
        public void Copilot_CLI_user_file_depth_stays_bounded(int n, string open, string close)
        {
            var text = new System.Text.StringBuilder("{\"mcpServers\":{},\"x\":", n * (open.Length + close.Length) + 32);
            for (int i = 0; i < n; i++) text.Append(open);
            for (int i = 0; i < n; i++) text.Append(close);
            text.Append('}');
            var e = Assert.Throws<TeleportInputException>(() => JsonParser.ParseCopilotCliUser(text.ToString(), "f", new System.Collections.Generic.List<JsonExtension>(), default));
            Assert.Contains("nesting deeper than 512 levels", e.Message, StringComparison.Ordinal);
            Assert.False(JsonParser.IsLimit(e));
            Assert.False(JsonParser.OlderReleasesTakeDeep(e));
        }
    }
}
