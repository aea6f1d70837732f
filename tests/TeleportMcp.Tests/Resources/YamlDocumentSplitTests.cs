using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Documents;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// The YAML reader cuts a text into documents before parsing each (a broken document is reported and the next still
    /// read). Its rule, written here line by line as the reference: lines as StringReader reads them (\r\n, \r and \n
    /// end a line), each written back with \n; a byte order mark before line 1 dropped; a new document at each line that
    /// is "---", or starts with "--- " or "---\t" (the line kept), and at each "..." or "... " line (kept as an empty
    /// line); a document starts at its marker's line. The reader copies parts of the text instead; both must agree.
    /// </summary>
    public class YamlDocumentSplitTests
    {
        private static List<(string Text, int FirstLine)> Reference(string text)
        {
            var chunks = new List<(string, int)>();
            int lineNo = 0, first = 1;
            var sb = new StringBuilder();
            using (var reader = new StringReader(text))
            {
                string line;
                while ((line = reader.ReadLine()) != null)
                {
                    lineNo++;
                    if (lineNo == 1 && line.Length > 0 && line[0] == '\uFEFF') line = line.Substring(1);
                    bool start = line == "---" || line.StartsWith("--- ", StringComparison.Ordinal) || line.StartsWith("---\t", StringComparison.Ordinal);
                    bool end = line == "..." || line.StartsWith("... ", StringComparison.Ordinal);
                    if (start || end)
                    {
                        if (sb.Length > 0) chunks.Add((sb.ToString(), first));
                        sb.Clear();
                        first = lineNo;
                        if (start) sb.Append(line);
                        sb.Append('\n');
                        continue;
                    }
                    sb.Append(line).Append('\n');
                }
            }
            if (sb.Length > 0) chunks.Add((sb.ToString(), first));
            return chunks;
        }

        private static List<(string Text, int FirstLine)> Split(string text) =>
            YamlDocumentReader.Split(text, CancellationToken.None).Select(c => (c.Text, c.FirstLine)).ToList();

        public static IEnumerable<object[]> Texts()
        {
            foreach (var t in new[]
                     {
                         "", "\n", "\r\n", "\r", "a", "a\n", "a\r\nb", "a\rb\r", "\uFEFF", "\uFEFFkind: role\n", "\uFEFF---\nkind: role\n",
                         "---", "---\n", "--- \n", "---\t# c\nkind: app\n", "----\nx\n", "--\n", "--- kind: role\n",
                         "kind: a\n---\nkind: b\n", "kind: a\r\n---\r\nkind: b\r\n", "kind: a\r---\rkind: b", "a\n...\nb\n", "a\n... \nb", "a\n...x\n",
                         "a\n....\n", "a\n...", "...", "...\n---\n...\n", " ---\n", "a\n---\n---\n", "a\n\n\n---\n\n", "a\r\n\r\n---\r\n", "x\u2028y\n---\n",
                     })
                yield return new object[] { t };
        }

        [Theory]
        [MemberData(nameof(Texts))]
        public void The_documents_are_those_of_the_line_rule(string text)
        {
            Assert.Equal(Reference(text), Split(text));
        }

        [Fact]
        public void Random_texts_of_markers_and_line_breaks_agree()
        {
            var pieces = new[] { "---", "...", "--- x", "---\t", "... y", "k: v", " ", "", "\uFEFF", "#c" };
            var breaks = new[] { "\n", "\r\n", "\r" };
            var random = new Random(20261204);
            for (int i = 0; i < 3000; i++)
            {
                var sb = new StringBuilder();
                int lines = random.Next(0, 8);
                for (int j = 0; j < lines; j++)
                {
                    sb.Append(pieces[random.Next(pieces.Length)]);
                    if (j < lines - 1 || random.Next(2) == 0) sb.Append(breaks[random.Next(breaks.Length)]);
                }
                var text = sb.ToString();
                Assert.True(Reference(text).SequenceEqual(Split(text)), "text: " + text.Replace("\r", "\\r").Replace("\n", "\\n"));
            }
        }

        [Fact]
        public void One_document_written_with_newlines_is_not_copied()
        {
            var text = "kind: role\nmetadata:\n  name: a\n";
            Assert.Same(text, YamlDocumentReader.Split(text, CancellationToken.None).Single().Text);
        }
    }
}
