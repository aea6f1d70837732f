using System.Linq;
using TeleportMcp.Engine.Documents;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// YAML forbids tabs in indentation (YAML 1.2 section 6.1; go-yaml: "found character that cannot start any token").
    /// YamlDotNet marks such an error at the mapping or scalar the tab breaks (1:1 for a document's first mapping); the
    /// error names the tab's own line and column, where the fix goes, in whichever document of the file it stands.
    /// </summary>
    public class YamlTabPositionTests
    {
        [Theory]
        [InlineData("kind: role\nversion: v7\nmetadata:\n\tname: tabbed\n", 0, 4, 1)]
        [InlineData("kind: role\nmetadata:\n  name: b\n  labels:\n    x: y\n\tz: w\n", 0, 6, 1)]
        [InlineData("kind: role\nmetadata:\n  labels:\n    x: y\n  \tz: w\n", 0, 5, 3)]
        [InlineData("kind: role\nmetadata: {name: a}\n---\nkind: role\nmetadata:\n\tname: b\n", 1, 6, 1)]
        public void A_tab_in_the_indentation_is_reported_where_it_stands(string text, int document, int line, int column)
        {
            var docs = YamlDocumentReader.Read(text, "f.yaml").ToList();
            var error = docs[document].Error;
            Assert.NotNull(error);
            Assert.Equal("YamlParseError", error!.Code);
            Assert.Contains("tab", error.Message, System.StringComparison.Ordinal);
            Assert.Equal(line, error.Location.Line);
            Assert.Equal(column, error.Location.Column);
            Assert.All(docs.Where((d, i) => i != document), d => Assert.Null(d.Error));
        }
    }
}
