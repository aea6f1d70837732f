using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// TextFile reads a file whole and decodes it once; the text must be what .NET's StreamReader with byte order mark
    /// detection gives (how Windows PowerShell and pwsh tools write files: UTF-8 with or without BOM, UTF-16 and UTF-32
    /// with one), invalid and cut-off sequences included.
    /// </summary>
    public class TextFileTests
    {
        private static byte[] Bytes(params int[] b) => b.Select(x => (byte)x).ToArray();

        private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

        public static IEnumerable<object[]> Encodings()
        {
            var text = "kind: role\nmetadata:\n  name: café-ü-日本\n";
            yield return new object[] { "empty", Array.Empty<byte>() };
            yield return new object[] { "one byte", Bytes(0x41) };
            yield return new object[] { "UTF-8 without BOM", new UTF8Encoding(false).GetBytes(text) };
            yield return new object[] { "UTF-8 with BOM", Concat(Bytes(0xEF, 0xBB, 0xBF), Encoding.UTF8.GetBytes(text)) };
            yield return new object[] { "UTF-8 BOM alone", Bytes(0xEF, 0xBB, 0xBF) };
            yield return new object[] { "UTF-16 LE with BOM", Concat(Bytes(0xFF, 0xFE), Encoding.Unicode.GetBytes(text)) };
            yield return new object[] { "UTF-16 BE with BOM", Concat(Bytes(0xFE, 0xFF), Encoding.BigEndianUnicode.GetBytes(text)) };
            yield return new object[] { "UTF-16 LE BOM alone", Bytes(0xFF, 0xFE) };
            yield return new object[] { "UTF-16 LE, odd length", Concat(Bytes(0xFF, 0xFE), Encoding.Unicode.GetBytes("ab"), Bytes(0x41)) };
            yield return new object[] { "UTF-32 LE with BOM", Concat(Bytes(0xFF, 0xFE, 0, 0), new UTF32Encoding(false, false).GetBytes(text)) };
            yield return new object[] { "UTF-32 BE with BOM", Concat(Bytes(0, 0, 0xFE, 0xFF), new UTF32Encoding(true, false).GetBytes(text)) };
            yield return new object[] { "FF FE then text (UTF-16, not UTF-32)", Concat(Bytes(0xFF, 0xFE, 0x41, 0)) };
            yield return new object[] { "invalid UTF-8 in the middle", Concat(Encoding.UTF8.GetBytes("a: "), Bytes(0xC3, 0x28, 0xFF), Encoding.UTF8.GetBytes(" b\n")) };
            yield return new object[] { "UTF-8 cut inside its last character", Concat(Encoding.UTF8.GetBytes("name: caf"), Bytes(0xE6, 0x97)) };
            yield return new object[] { "a lone surrogate in UTF-16", Concat(Bytes(0xFF, 0xFE), Bytes(0x00, 0xD8, 0x41, 0x00)) };
        }

        [Theory]
        [MemberData(nameof(Encodings))]
        public void The_text_is_what_StreamReader_gives(string what, byte[] bytes)
        {
            var file = Path.Combine(Path.GetTempPath(), "tmcp-textfile-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(file, bytes);
            try
            {
                string expected;
                using (var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true))
                    expected = reader.ReadToEnd();
                Assert.True(expected == TextFile.ReadAllText(file), what);
                bool bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
                           || bytes.Length >= 2 && (bytes[0] == 0xFF && bytes[1] == 0xFE || bytes[0] == 0xFE && bytes[1] == 0xFF);
                Assert.True((bom ? "\uFEFF" : "") + expected == TextFile.ReadAllText(file, keepByteOrderMark: true, CancellationToken.None), what + " (BOM kept)");
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Theory]
        [InlineData(100, 100, true)]
        [InlineData(101, 100, false)]
        [InlineData(300000, 299999, false)]
        [InlineData(300000, 300000, true)]
        public void A_file_beyond_the_limit_is_refused_and_one_at_it_is_read(int size, int limit, bool read)
        {
            var file = Path.Combine(Path.GetTempPath(), "tmcp-textfile-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(file, Enumerable.Repeat((byte)'a', size).ToArray());
            try
            {
                using (Limits.Use(new Limits { FileMaxBytes = limit }))
                {
                    if (read) Assert.Equal(size, TextFile.ReadAllText(file).Length);
                    else Assert.Contains("larger than", Assert.Throws<IOException>(() => TextFile.ReadAllText(file)).Message, StringComparison.Ordinal);
                }
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
