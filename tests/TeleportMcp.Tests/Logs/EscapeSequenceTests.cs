using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Tctl;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// One rule for where an escape sequence ends (Common/EscapeSequences.cs), read by the log scan (a line's text, a record
    /// matched, a long line's windows, a line's shape) and by tctl's and tsh's output: ECMA-48 5.4 (CSI: parameter bytes
    /// 0x30-0x3F, intermediate bytes 0x20-0x2F, final 0x40-0x7E), 8.3.89/8.3.92/8.3.27/8.3.128/8.3.94/8.3.2 (OSC, DCS, SOS,
    /// PM, APC up to ST, or BEL as xterm takes it), ECMA-35 13.2 (ESC, intermediates, a final 0x30-0x7E), 7-bit and 8-bit
    /// (U+009B CSI, U+009D OSC, U+0090 DCS, U+0098 SOS, U+009E PM, U+009F APC, U+009C ST).
    /// </summary>
    public sealed class EscapeSequenceTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-esc-" + Guid.NewGuid().ToString("N"));

        public EscapeSequenceTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        [Theory]
        // What tctl writes (lib/utils/cli.go FatalError: a red "ERROR: "), and the private-parameter form: as before.
        [InlineData("\u001b[31mERROR: \u001b[0mno such role", "ERROR: no such role")]
        [InlineData("\u001b[?25lx\u001b[?25h", "x")]
        [InlineData("ERROR: 100% done [ok]", "ERROR: 100% done [ok]")]
        [InlineData("x\u0085y", "x\u0085y")]                                  // a C1 control that starts no sequence is one character
        // ECMA-48 5.4: a ':' sub-parameter, an intermediate byte, a final byte outside the letters.
        [InlineData("\u001b[38:2::1:2:3mx", "x")]
        [InlineData("\u001b[1 qx", "x")]
        [InlineData("\u001b[2@x", "x")]
        // Control strings: OSC ended by ST (ESC \) or BEL, DCS, SOS, PM, APC.
        [InlineData("\u001b]8;;https://example.com/a\u001b\\link\u001b]8;;\u001b\\", "link")]
        [InlineData("\u001b]0;title\u0007x", "x")]
        [InlineData("\u001bPq#0;2;0;0;0\u001b\\x", "x")]
        [InlineData("\u001bXsos\u001b\\\u001b^pm\u001b\\\u001b_apc\u001b\\x", "x")]
        // ECMA-35 13.2: a character set designation, a private (Fp) sequence.
        [InlineData("\u001b(Bx\u001b7y", "xy")]
        // 8-bit forms end where the 7-bit ones do.
        [InlineData("\u009b31mERROR: \u009b0mx", "ERROR: x")]
        [InlineData("\u009d0;title\u009cx", "x")]
        [InlineData("\u0090q\u009c\u0098s\u009c\u009ep\u009c\u009fa\u009cx", "x")]
        // A sequence a character outside its form breaks ends before it; one the end cuts ends there.
        [InlineData("\u001b[31\u00e9x", "\u00e9x")]
        [InlineData("\u001b\u001b[1mx", "x")]
        [InlineData("a\u001b[12", "a")]
        [InlineData("a\u001b", "a")]
        [InlineData("a\u001b]0;open title", "a")]
        // A line feed ends an open control string: a later line of the output is not hidden.
        [InlineData("\u001b]0;open\nERROR: access denied", "\nERROR: access denied")]
        public void ToolOutputLosesEverySequenceAndNothingElse(string text, string expected)
        {
            Assert.Equal(expected, TctlErrorCatalog.Clean(text));
        }

        [Theory]
        [InlineData("\u009b31m", false)]
        [InlineData("\u009b1;38;5;208m \u009b0m", false)]
        [InlineData("\u009d0;teleport\u009c", false)]
        [InlineData("\u0090q#0;2;0;0;0\u009c", false)]
        [InlineData("\u009d0;a title the line end cuts", false)]
        [InlineData("\u001b[1 q", false)]
        [InlineData("\u009b31mx\u009b0m", true)]
        [InlineData("\u001b[31m", false)]
        [InlineData("\u009b31\u00e9", true)]
        public void EightBitSequencesAreNoTextAsSevenBitOnesAreNot(string line, bool text)
        {
            var buf = ("<" + line + ">").ToCharArray();
            Assert.Equal(text, LogScanner.AnyText(buf, 1, line.Length));
        }

        /// <summary>
        /// Reading a text in pieces, the reader's state kept between them (a long line's windows), loses what reading it at
        /// once loses, wherever the pieces end: seeded random texts dense in introducers, parameter, final and string bytes.
        /// </summary>
        [Fact]
        public void ReadingInPiecesLosesWhatReadingAtOnceLoses()
        {
            const string alphabet = "\u001b\u001b[[]]P_^X\\\u0007;;0123m?:  (#a\u00e9\n\r\u009b\u009c\u009d\u0090\u0098\u009e\u009f\u0085";
            var r = new Random(20261208);
            for (int t = 0; t < 3000; t++)
            {
                var chars = new char[r.Next(0, 60)];
                for (int i = 0; i < chars.Length; i++) chars[i] = alphabet[r.Next(alphabet.Length)];
                var whole = new char[chars.Length];
                string expected = new string(whole, 0, EscapeSequences.Remove(chars, 0, chars.Length, whole));
                var pieces = new StringBuilder();
                var state = EscapeSequences.State.Text;
                int at = 0;
                while (at < chars.Length)
                {
                    int n = r.Next(1, 6);
                    for (int i = at; i < Math.Min(chars.Length, at + n); i++)
                        if (EscapeSequences.InText(ref state, chars[i])) pieces.Append(chars[i]);
                    at += n;
                }
                Assert.True(expected == pieces.ToString(), "text " + string.Concat(chars.Select(c => ((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + " ")));
                Assert.Equal(expected.Length, EscapeSequences.Kept(chars, 0, chars.Length));
                Assert.DoesNotContain(expected, c => EscapeSequences.IsIntroducer(c));
            }
        }

        private List<Finding> Scan(string content)
        {
            var catalog = KnownErrorCatalog.Load(Array.Empty<string>(), new List<TeleportInputException>());
            var found = new List<Finding>();
            string path = Path.Combine(_dir, "esc.log");
            File.WriteAllText(path, content, new UTF8Encoding(false));
            LogFileReader.Scan(path, new LogScanner(catalog, path, found.Add));
            return found;
        }

        [Theory]
        // A known error's text a sequence splits is found, and its evidence holds nothing of the sequence (TMCP-LOG-005,
        // lib/srv/app/... "Access denied to application.", as the catalog has it).
        [InlineData("Access denied to \u009b1mapplication\u009b0m.")]
        [InlineData("Access denied to \u001b]8;;https://x.example/\u001b\\application\u001b]8;;\u001b\\.")]
        [InlineData("Access denied to \u009d8;;https://x.example/\u009capplication\u009d8;;\u009c.")]
        [InlineData("Access denied to \u001b[1 qapplication.")]
        [InlineData("Access denied to \u001b[1mapplication\u001b[0m.")]
        public void AKnownErrorASequenceSplitsIsFoundAndShownWithoutIt(string text)
        {
            var found = Scan("first line\n" + text + "\nlast line\n");
            var f = Assert.Single(found, x => x.LineNumber == 2);
            Assert.Equal("TMCP-LOG-005", f.Id);
            Assert.Contains("Access denied to application.", f.Evidence, StringComparison.Ordinal);
            Assert.DoesNotContain(f.Evidence!, c => EscapeSequences.IsIntroducer(c));
            Assert.DoesNotContain("8;;", f.Evidence, StringComparison.Ordinal);
        }

        [Theory]
        // A line's shape is read past the colour codes before it, 8-bit ones too (Teleport's level colour,
        // lib/utils/log/slog_text_handler.go formatLevel).
        [InlineData("\u001b[31mERROR: \u001b[0mno MCP servers found", LineKind.TshError)]
        [InlineData("\u009b31mERROR: \u009b0mno MCP servers found", LineKind.TshError)]
        [InlineData("\u001b]0;tsh\u0007ERROR: no MCP servers found", LineKind.TshError)]
        [InlineData("2025-09-30T10:00:00Z \u009b33mWARN\u009b0m [APP:SERVI] x", LineKind.TeleportText)]
        public void ALinesShapeIsReadPastLeadingSequences(string line, LineKind kind)
        {
            var buf = line.ToCharArray();
            Assert.Equal(kind, LogLineFormat.Classify(buf, 0, buf.Length, out _));
        }
    }
}
