using System.Text.RegularExpressions;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// LogScanner.RemoveAnsi (the prefilter's ANSI-free copy of a line holding ESC, ScanText, and of a long line's window)
    /// removes exactly what the regex a record is matched after removes (LogScanner's Ansi, "\x1b\[[0-9;]*[A-Za-z]",
    /// replaced by ""). The module's own rule (LogScanner.cs), not a Teleport source.
    /// </summary>
    public sealed class AnsiRemovalTests
    {
        private static readonly Regex Ansi = new Regex("\u001b\\[[0-9;]*[A-Za-z]", RegexOptions.CultureInvariant);

        [Theory]
        [InlineData("no code at all")]
        [InlineData("Access denied to \u001b[1mapplication")]
        [InlineData("\u001b[31;1mERROR\u001b[0m tail")]
        [InlineData("\u001b[m")]                       // no parameters
        [InlineData("\u001b[;;;H x")]
        [InlineData("\u001b\u001b[1mx")]               // a lone ESC before a code
        [InlineData("\u001b[\u001b[2Jx")]              // a code's start cut by another ESC
        [InlineData("a\u001b[12")]                     // no letter: text
        [InlineData("a\u001b[")]
        [InlineData("a\u001b")]
        [InlineData("\u001bx\u001b]0;title\u0007")]    // not CSI: text
        [InlineData("\u001b[1\u00e9m")]                // a non-ASCII character ends no code
        [InlineData("\u001b[\u0661m")]                 // an Arabic-Indic digit is no parameter
        [InlineData("\u001b[1;2\u212Am")]              // Kelvin sign is no letter here
        [InlineData("x\u001b[0mm\u001b[1mm")]
        public void RemovesWhatTheRecordRegexRemoves(string text)
        {
            // Inside a larger buffer, so the offset is honoured.
            var buf = ("<<" + text + ">>").ToCharArray();
            var plain = new char[text.Length];
            int n = LogScanner.RemoveAnsi(buf, 2, text.Length, plain);
            Assert.Equal(Ansi.Replace(text, ""), new string(plain, 0, n));
        }
    }
}
