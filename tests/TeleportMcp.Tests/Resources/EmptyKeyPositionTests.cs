using System.Linq;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// A key-level error points at the key's own line and column, in block and flow style, quoted and plain, on one line
    /// or several; an empty key sits where its parser puts it: a quoted "" at its quote, the null key of "? " right after
    /// the '?' (block) or at the ':' (flow; go-yaml v2 parserc.go yaml_parser_process_empty_scalar at the mark it is given,
    /// the same places YamlDotNet gives). A ':' with no key at all is no null key to Teleport: go-yaml v2 parserc.go
    /// (search-index id 12473954594) refuses it, in a flow collection from yaml_parser_parse_node ("did not find expected
    /// node content") and at the start of a block mapping from yaml_parser_parse_block_mapping_key ("did not find expected
    /// key"); YamlDotNet reads the first as a null key and drops the second's value without an error. Each row is a role
    /// (Teleport's label key rule: api/types/common/common.go @11994a8c IsValidLabelKey) before a good one, which is read.
    /// </summary>
    public class EmptyKeyPositionTests
    {
        private const string Head = "kind: role\nversion: v7\nmetadata:\n  name: r\n";
        private const string Good = "---\nkind: role\nversion: v7\nmetadata:\n  name: good\nspec: {}\n";

        [Theory]
        // Block style.
        [InlineData("  labels:\n    \"\": x\n", "InvalidResource", "invalid label key: \"\"", 6, 5)]
        [InlineData("  labels:\n    env: dev\n    'a b': x\n", "InvalidResource", "invalid label key: \"a b\"", 7, 5)]
        [InlineData("  labels:\n    ? \n    : x\n", "UnsupportedYamlKey", "the key (empty) is null as tctl reads it", 6, 6)]
        [InlineData("  labels:\n    ? \"\"\n    : x\n", "InvalidResource", "invalid label key: \"\"", 6, 7)]
        [InlineData("  labels:\n    : x\n", "YamlParseError", "invalid YAML: did not find expected key", 6, 5)]
        [InlineData("  labels:\n      : x\n", "YamlParseError", "invalid YAML: did not find expected key", 6, 7)]
        // Flow style: the mapping opens at column 11, its first key at 12.
        [InlineData("  labels: {\"\": x}\n", "InvalidResource", "invalid label key: \"\"", 5, 12)]
        [InlineData("  labels: {a b: x}\n", "InvalidResource", "invalid label key: \"a b\"", 5, 12)]
        [InlineData("  labels: {env: dev, '': x}\n", "InvalidResource", "invalid label key: \"\"", 5, 22)]
        [InlineData("  labels: {? : x}\n", "UnsupportedYamlKey", "the key (empty) is null as tctl reads it", 5, 14)]
        [InlineData("  labels: {: x}\n", "YamlParseError", "invalid YAML: did not find expected node content", 5, 12)]
        [InlineData("  labels: { : x}\n", "YamlParseError", "invalid YAML: did not find expected node content", 5, 13)]
        [InlineData("  labels: {env: dev,  : x}\n", "YamlParseError", "invalid YAML: did not find expected node content", 5, 23)]
        // Flow mappings over several lines.
        [InlineData("  labels: {env: dev,\n    \"\": x}\n", "InvalidResource", "invalid label key: \"\"", 6, 5)]
        [InlineData("  labels: {\n      env: dev,\n      x y: z\n  }\n", "InvalidResource", "invalid label key: \"x y\"", 7, 7)]
        [InlineData("  labels: {env: dev,\n    ? \n    : x}\n", "UnsupportedYamlKey", "the key (empty) is null as tctl reads it", 7, 5)]
        [InlineData("  labels: {env: dev,\n     : x}\n", "YamlParseError", "invalid YAML: did not find expected node content", 6, 6)]
        [InlineData("  labels: {env: dev, # a comment, then\n\n     : x}\n", "YamlParseError", "invalid YAML: did not find expected node content", 7, 6)]
        // A flow sequence's single-pair mapping.
        [InlineData("  labels: {env: [a, : x]}\n", "YamlParseError", "invalid YAML: did not find expected node content", 5, 21)]
        public void A_key_level_error_points_at_the_key(string labels, string code, string message, int line, int column)
        {
            var items = ResourceReader.ReadText(Head + labels + "spec: {}\n" + Good, "k.yaml").ToList();
            var error = Assert.Single(items, i => i.Diagnostic?.Level == DiagnosticLevel.Error).Diagnostic!;
            Assert.Equal(code, error.Code);
            Assert.StartsWith(message, error.Message, System.StringComparison.Ordinal);
            Assert.Equal((line, column), (error.Location!.Line, error.Location.Column));
            Assert.Equal("good", Assert.Single(items, i => i.Resource != null).Resource!.Name);
        }
    }
}
