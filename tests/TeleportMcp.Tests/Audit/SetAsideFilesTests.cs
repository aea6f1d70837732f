using System.Linq;
using TeleportMcp.Engine.Audit;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>
    /// The piped files whose audit events were set aside, said as one warning per reason: each row is the files as
    /// "file:first line:events:reason" and the warnings. Before, one warning per file (61 in bench/pipedheld.ps1's 4 Mi case).
    /// </summary>
    public class SetAsideFilesTests
    {
        private const string Tail = "; their lines were skipped. ";
        private const string End = " (-Verbose names each file and line). Pipe the files one after another, or give them with -Path.";

        [Theory]
        // One file: its own text, as before.
        [InlineData("a:4:1:R", "a:4: this event was not read: R; its lines were skipped. Pipe the files one after another, or give them with -Path.")]
        [InlineData("a:4:3:R", "a:4: this event was not read (nor 2 more of this file): R; its lines were skipped. Pipe the files one after another, or give them with -Path.")]
        // Several: the count of events and files, the first three named.
        [InlineData("a:4:1:R b:7:2:R", "3 audit event(s) of 2 piped files were not read: R" + Tail + "The first: a:4, b:7" + End)]
        [InlineData("a:4:1:R b:7:2:R c:1:1:R d:2:1:R e:3:1:R", "6 audit event(s) of 5 piped files were not read: R" + Tail + "The first: a:4, b:7, c:1 and 2 more file(s)" + End)]
        // Two reasons (the shared bound, files dropped): a warning each, in the order met.
        [InlineData("a:4:1:R b:7:1:S c:1:1:R", "2 audit event(s) of 2 piped files were not read: R" + Tail + "The first: a:4, c:1" + End + "|b:7: this event was not read: S; its lines were skipped. Pipe the files one after another, or give them with -Path.")]
        public void OneWarningPerReason(string files, string warnings)
        {
            var set = new SetAsideFiles();
            var each = files.Split(' ').Select(f => f.Split(':')).Select(p => set.Add(new AuditReadSummary
            {
                Source = p[0],
                FirstSetAsideLine = long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture),
                SetAside = long.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture),
                SetAsideReason = p[3],
            })).ToList();
            Assert.All(each, e => Assert.Contains(": this event was not read", e, System.StringComparison.Ordinal));
            Assert.Equal(warnings.Split('|'), set.Take());
            Assert.Empty(set.Take());
        }

        // One file's warning (its own text, also the verbose line of each file) escapes its name as the list of many does.
        // Before, only the list did: a name with a line feed started a line of its own.
        [Theory]
        [InlineData("/tmp/a\nfake warning.log", "/tmp/a\\x0Afake warning.log:4: this event was not read")]
        [InlineData("/tmp/\u001b[2Ja.log", "/tmp/\\x1B[2Ja.log:4: this event was not read")]
        public void OneFilesWarningEscapesItsName(string name, string said)
        {
            var set = new SetAsideFiles();
            var verbose = set.Add(new AuditReadSummary { Source = name, FirstSetAsideLine = 4, SetAside = 1, SetAsideReason = "R" });
            var warning = Assert.Single(set.Take());
            Assert.Equal(verbose, warning);
            Assert.StartsWith(said, warning, System.StringComparison.Ordinal);
            Assert.DoesNotContain(warning, c => c < 0x20);
        }

        [Theory]
        // A file name with a line break, a tab or ESC (legal on Linux) is one name on the warning's one line, escaped.
        [InlineData("/tmp/a\nfake warning.log", "/tmp/a\\x0Afake warning.log:4")]
        [InlineData("/tmp/a\tb.log", "/tmp/a\\x09b.log:4")]
        [InlineData("/tmp/\u001b[2Ja.log", "/tmp/\\x1B[2Ja.log:4")]
        public void NamesEachFileOnTheWarningsLine(string name, string named)
        {
            var set = new SetAsideFiles();
            foreach (var file in new[] { name, "/tmp/b.log" })
                set.Add(new AuditReadSummary { Source = file, FirstSetAsideLine = 4, SetAside = 1, SetAsideReason = "R" });
            var warning = Assert.Single(set.Take());
            Assert.Contains("The first: " + named + ", /tmp/b.log:4 (", warning, System.StringComparison.Ordinal);
            Assert.DoesNotContain(warning, c => c < 0x20);
        }
    }
}
