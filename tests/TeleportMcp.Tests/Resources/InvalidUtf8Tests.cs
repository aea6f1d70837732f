using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// A resource file that is not UTF-8: go-yaml refuses a YAML stream that holds such a byte (its reader's UTF-8
    /// checks), Go's encoding/json reads the byte as U+FFFD. A file that gives nothing says so.
    /// </summary>
    public sealed class InvalidUtf8Tests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-utf8-" + Guid.NewGuid().ToString("N"));

        public InvalidUtf8Tests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private string Write(string name, byte[] bytes)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

        private static byte[] With(string before, byte[] bad, string after) => Utf8(before).Concat(bad).Concat(Utf8(after)).ToArray();

        [Theory]
        [InlineData(new byte[] { 0xFF }, "byte 0xFF")]          // a byte that starts nothing
        [InlineData(new byte[] { 0xC3, 0x28 }, "byte 0xC3")]    // a lead byte without its trail
        [InlineData(new byte[] { 0xC0, 0xAF }, "byte 0xC0")]    // an overlong form
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "byte 0xED")] // a UTF-16 surrogate
        [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, "byte 0xF4")] // above U+10FFFF
        public void AYamlFileWithAByteThatIsNotUtf8IsRefusedWhole(byte[] bad, string where)
        {
            var path = Write("bad.yaml", With("kind: role\nversion: v7\nmetadata: {name: 'é", bad, "x'}\n---\nkind: role\nversion: v7\nmetadata: {name: good}\n"));
            var items = ResourceReader.ReadFile(path, CancellationToken.None);
            var d = Assert.Single(items).Diagnostic!;
            Assert.Equal(DiagnosticLevel.Error, d.Level);
            Assert.Equal("InvalidUtf8", d.Code);
            Assert.StartsWith(where + " is not UTF-8, and Teleport's YAML reader refuses such a file", d.Message, StringComparison.Ordinal);
            Assert.Equal((3, 20), (d.Location!.Line, d.Location.Column));
        }

        [Fact]
        public void AJsonFileReadsTheByteAsAReplacementCharacterWithAWarning()
        {
            var path = Write("bad.json", With("[{\"kind\":\"role\",\"version\":\"v7\",\"metadata\":{\"name\":\"a", new byte[] { 0xFF }, "b\"}}]"));
            var items = ResourceReader.ReadFile(path, CancellationToken.None);
            Assert.Equal("InvalidUtf8", items[0].Diagnostic!.Code);
            Assert.Equal(DiagnosticLevel.Warning, items[0].Diagnostic!.Level);
            Assert.Equal("a\uFFFDb", items.Select(i => i.Resource).OfType<Role>().Single().Name);
        }

        [Fact]
        public void ValidUtf8AndCutCharactersAtTheEndAreTold()
        {
            Assert.DoesNotContain(ResourceReader.ReadFile(Write("ok.yaml", Utf8("kind: role\nversion: v7\nmetadata: {name: café}\n")), CancellationToken.None), i => i.Diagnostic != null);
            var cut = ResourceReader.ReadFile(Write("cut.yaml", With("kind: role\nversion: v7\nmetadata: {name: caf}\n# ", new byte[] { 0xE6, 0x97 }, "")), CancellationToken.None);
            Assert.Equal("InvalidUtf8", Assert.Single(cut).Diagnostic!.Code);
        }

        [Theory]
        [InlineData("utf-32le", true)]   // go-yaml readerc.go yaml_parser_determine_encoding: FF FE is UTF-16 LE, the zero bytes then are "control characters are not allowed"
        [InlineData("utf-32be", true)]   // go-yaml readerc.go: no BOM it knows, so UTF-8, and 00 00 FE FF starts with control characters
        [InlineData("utf-16le", false)]  // go-yaml readerc.go: bom_UTF16LE is decoded
        [InlineData("utf-16be", false)]  // go-yaml readerc.go: bom_UTF16BE is decoded
        [InlineData("utf-8", false)]     // go-yaml readerc.go: bom_UTF8 is skipped
        public void AUtf32FileIsRefusedWholeAsTeleportsReadersRefuseIt(string encodingName, bool refused)
        {
            var encoding = Encoding.GetEncoding(encodingName);
            var text = "kind: role\nversion: v7\nmetadata: {name: good}\n";
            foreach (var name in new[] { "r.yaml", "r.json" })
            {
                var body = name.EndsWith(".json", StringComparison.Ordinal) ? "{\"kind\":\"role\",\"version\":\"v7\",\"metadata\":{\"name\":\"good\"}}" : text;
                var items = ResourceReader.ReadFile(Write(name, encoding.GetPreamble().Concat(encoding.GetBytes(body)).ToArray()), CancellationToken.None);
                if (refused)
                {
                    var d = Assert.Single(items).Diagnostic!;
                    Assert.Equal((DiagnosticLevel.Error, ResourceReader.UnsupportedEncodingCode, 1, 1), (d.Level, d.Code, d.Location!.Line, d.Location.Column));
                    Assert.StartsWith("the file is UTF-32", d.Message, StringComparison.Ordinal);
                }
                else Assert.Equal("good", Assert.Single(items.Select(i => i.Resource).OfType<Role>()).Name);
            }
        }

        [Theory]
        [InlineData("")]
        [InlineData("\n\n")]
        [InlineData("# only a comment\n")]
        public void AFileThatHoldsNoDocumentSaysSo(string text)
        {
            var d = Assert.Single(ResourceReader.ReadFile(Write("empty.yaml", Utf8(text)), CancellationToken.None)).Diagnostic!;
            Assert.Equal((DiagnosticLevel.Warning, "EmptyFile"), (d.Level, d.Code));
        }
    }
}
