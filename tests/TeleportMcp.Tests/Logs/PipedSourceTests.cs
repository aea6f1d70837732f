using System;
using System.Linq;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// Where piped lines come from, computed in the engine from the properties the cmdlet reads (session 47, review 329:
    /// this was computed in Transport/PipedLine.cs of the cmdlet assembly).
    /// </summary>
    public class PipedSourceTests
    {
        // Get-Content's PSPath is provider-qualified (ContentCommandBase.WriteContentObject; PowerShell/PowerShell
        // src/Microsoft.PowerShell.Commands.Management/commands/management/ContentCommandBase.cs @00536fbc): the file is after "::".
        [Theory]
        [InlineData(@"Microsoft.PowerShell.Core\FileSystem::/var/log/a.log", "/var/log/a.log")]
        [InlineData(@"Microsoft.PowerShell.Core\FileSystem::C:\logs\a.log", @"C:\logs\a.log")]
        [InlineData(@"FileSystem::/var/log/x::y.log", "/var/log/x::y.log")]   // the first "::" is the provider's
        [InlineData("/var/log/a.log", "/var/log/a.log")]                       // PSChildName, or a path set by hand
        [InlineData("a.log", "a.log")]
        public void TheFileAPipedLineNamesIsAfterTheProvider(string key, string file) => Assert.Equal(file, PipedSource.FileOfPSPath(key));

        // Select-String's MatchInfo (MatchString.cs @00e7224b): Line, Path ("InputStream" for piped text), LineNumber, and
        // the display context, numbered as MatchInfo.ToString numbers it (LineNumber - DisplayPreContext.Length onward).
        // Each row: path, line number (0: absent), before|after context ("-": none), the lines as "text@path:number".
        [Theory]
        [InlineData("/a.log", 5, "-", "-", "m@/a.log:5")]
        [InlineData("/a.log", 5, "b1,b2", "a1", "b1@/a.log:3 b2@/a.log:4 m@/a.log:5 a1@/a.log:6")]
        [InlineData("/a.log", 2, "b1,b2", "-", "b1@/a.log:0 b2@/a.log:1 m@/a.log:2")]     // a context before line 1 has no number
        [InlineData("/a.log", 0, "b1", "a1", "b1@/a.log:0 m@/a.log:0 a1@/a.log:0")]       // no line number: none of them has one
        [InlineData("InputStream", 3, "b1", "a1", "b1@:0 m@:0 a1@:0")]                      // piped text names no file
        [InlineData(null, 3, "-", "a1", "m@:0 a1@:0")]
        public void ASelectStringMatchGivesItsLinesInFileOrder(string path, long number, string before, string after, string expected)
        {
            string[] Split(string s) => s == "-" ? null : s.Split(',');
            var lines = PipedSource.MatchLines("m", path, number > 0 ? number : (long?)null, Split(before), Split(after));
            Assert.Equal(expected, string.Join(" ", lines.Select(l => l.Text + "@" + l.Path + ":" + l.Line)));
            Assert.All(lines, l => Assert.False(l.NewRead));
        }
    }
}
