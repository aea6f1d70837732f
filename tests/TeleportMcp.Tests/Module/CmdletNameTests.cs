using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Management.Automation;
using Xunit;

namespace TeleportMcp.Tests.Module
{
    /// <summary>Every engine text (code and embedded catalogs) that names a cmdlet of this module names a real, exported one.</summary>
    public class CmdletNameTests
    {
        private static readonly Regex CmdletName = new Regex(@"\b(?:Test|Find|Get|Set|Import|Invoke|New|Remove|Export)-Teleport[A-Za-z]+\b", RegexOptions.CultureInvariant);

        [Fact]
        public void EngineTextsNameOnlyExportedCmdlets()
        {
            var exported = typeof(TeleportMcp.Commands.ImportTeleportResourceCommand).Assembly.GetExportedTypes()
                .Select(t => t.GetCustomAttribute<CmdletAttribute>()).Where(a => a != null)
                .Select(a => a.VerbName + "-" + a.NounName).ToHashSet(StringComparer.Ordinal);
            var engineDir = Path.Combine(RepoPaths.Root, "src", "TeleportMcp.Engine");
            var files = Directory.EnumerateFiles(engineDir, "*.cs", SearchOption.AllDirectories)
                .Concat(Directory.EnumerateFiles(engineDir, "*.yaml", SearchOption.AllDirectories))
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                            !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            var unknown = files.SelectMany(f => CmdletName.Matches(File.ReadAllText(f)).Select(m => Path.GetFileName(f) + ": " + m.Value))
                .Where(x => !exported.Contains(x.Substring(x.IndexOf(": ", StringComparison.Ordinal) + 2))).Distinct().ToList();
            Assert.Empty(unknown);
        }
    }
}
