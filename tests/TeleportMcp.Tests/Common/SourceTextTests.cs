using System;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    /// <summary>One line finder for every error that shows its line (client configs, audit lines, resource files).</summary>
    public class SourceTextTests
    {
        [Theory]
        [InlineData("a\nb\r\nc", 1, "a")]
        [InlineData("a\nb\r\nc", 2, "b")]
        [InlineData("a\nb\r\nc", 3, "c")]
        [InlineData("a\nb\r\nc", 4, null)]
        [InlineData("a\n", 2, "")]
        [InlineData("", 1, "")]
        [InlineData("a", 0, null)]
        public void Finds_a_line_by_number(string text, int line, string expected)
        {
            Assert.Equal(expected, new SourceText.Lines(text).Line(line));
            Assert.Equal(expected, SourceText.LineAt(text, line));
        }

        [Fact]
        public void Walks_forward_and_starts_over_for_an_earlier_line()
        {
            var lines = new SourceText.Lines("one\ntwo\nthree\nfour");
            Assert.Equal("three", lines.Line(3));
            Assert.Equal("four", lines.Line(4));
            Assert.Null(lines.Line(9));
            Assert.Equal("one", lines.Line(1));
            Assert.Equal("two", lines.Line(2));
        }

        [Fact]
        public void A_resource_error_shows_its_line_cut_by_the_one_limit()
        {
            using (Limits.Use(new Limits { ShownLineChars = 40 }))
            {
                var text = "kind: role\nversion: v7\nmetadata: a: " + new string('x', 200) + "\n";
                var d = ResourceReader.ReadText(text, "r.yaml").Select(i => i.Diagnostic).First(x => x != null && x.Level == DiagnosticLevel.Error);
                Assert.Equal(SourceText.LineAt(text, d.Location.Line), d.LineText);
                Assert.StartsWith("metadata: a: xxx", d.LineText, System.StringComparison.Ordinal);
                Assert.Contains("characters;", d.LineText, StringComparison.Ordinal);
            }
        }
    }
}
