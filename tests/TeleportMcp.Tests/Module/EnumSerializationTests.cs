using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// Every public enum under the module's public namespace is listed in TeleportMcp.types.ps1xml with
    /// SerializationMethod String, so Export-Clixml and remoting carry it by name (deserialized objects still compare with -eq 'Name').
    /// </summary>
    public class EnumSerializationTests
    {
        [Fact]
        public void EveryPublicEnumTravelsByName()
        {
            var doc = XDocument.Load(Path.Combine(RepoPaths.Root, "TeleportMcp.types.ps1xml"));
            var byName = doc.Root.Elements("Type")
                .Where(t => t.Descendants("NoteProperty").Any(n => (string)n.Element("Name") == "SerializationMethod" && (string)n.Element("Value") == "String"))
                .Select(t => (string)t.Element("Name")).ToHashSet(StringComparer.Ordinal);
            var enums = typeof(TeleportMcp.App).Assembly.GetExportedTypes()
                .Where(t => t.IsEnum && t.Namespace == "TeleportMcp").Select(t => t.FullName).ToList();
            Assert.Contains("TeleportMcp.AppOrigin", enums);
            Assert.Contains("TeleportMcp.ConfigScope", enums);
            var missing = enums.Where(e => !byName.Contains(e)).ToList();
            Assert.True(missing.Count == 0, "not in TeleportMcp.types.ps1xml: " + string.Join(", ", missing));
        }
    }
}
