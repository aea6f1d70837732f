using System.Collections.Generic;
using System.IO;
using TeleportMcp.Engine.FileSystem;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Resources;
using Xunit;

namespace TeleportMcp.Tests.FileSystem
{
    /// <summary>Which piped objects name files (what PowerShell would bind to -LiteralPath by property name).</summary>
    public class PipedPathsTests
    {
        public static TheoryData<object, string[]> Rows() => new TheoryData<object, string[]>
        {
            { new Dictionary<string, object> { ["LiteralPath"] = "/var/log/a.log" }, new[] { "/var/log/a.log" } },
            { new Dictionary<string, object> { ["pspath"] = @"Microsoft.PowerShell.Core\FileSystem::C:\logs\a.log" }, new[] { @"Microsoft.PowerShell.Core\FileSystem::C:\logs\a.log" } },
            { new Dictionary<string, object> { ["ProviderPath"] = new[] { "a.log", "", "b.log" } }, new[] { "a.log", "b.log" } },
            { new Dictionary<string, object> { ["LP"] = "a.log", ["Name"] = "x" }, new[] { "a.log" } },
            // An audit event or a resource that happens to carry a path is what it is.
            { new Dictionary<string, object> { ["code"] = "TMCP003E", ["PSPath"] = "a.log" }, null },
            { new Dictionary<string, object> { ["event"] = "mcp.session.request", ["LiteralPath"] = "a.log" }, null },
            { new Dictionary<string, object> { ["kind"] = "role", ["LiteralPath"] = "a.log" }, null },
            // No path, an empty one, a number, a line of text.
            { new Dictionary<string, object> { ["FullName"] = "a.log" }, null },
            { new Dictionary<string, object> { ["LiteralPath"] = "" }, null },
            { new Dictionary<string, object> { ["LiteralPath"] = 5 }, null },
            { "{\"code\":\"TMCP003E\"}", null },
        };

        [Theory]
        [MemberData(nameof(Rows))]
        public void ObjectsThatNameFiles(object value, string[] expected) =>
            Assert.Equal(expected, PipedPaths.Of(new DictionaryInput(value)));

        [Fact]
        public void AFileOrFolderObjectIsItsFullName()
        {
            Assert.Equal(new[] { Path.GetFullPath("x.log") }, PipedPaths.Of(new DictionaryInput(new FileInfo("x.log"))));
            Assert.Null(PipedPaths.Of(null));
            Assert.Null(PipedPaths.Of(new DictionaryInput(new App { Name = "a" })));
        }
    }
}
