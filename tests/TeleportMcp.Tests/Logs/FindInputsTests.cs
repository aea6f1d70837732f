using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>Find-TeleportMcpError's small rules: which -CatalogPath files are catalogs, what it says when no client log folder exists.</summary>
    public class FindInputsTests
    {
        [Theory]
        [InlineData("/etc/tmcp/errors.yaml", true)]
        [InlineData("errors.YML", true)]
        [InlineData("errors.json", false)]
        [InlineData("yaml", false)]
        public void Catalog_files_are_yaml(string path, bool expected) => Assert.Equal(expected, KnownErrorCatalog.IsCatalogFile(path));

        [Fact]
        public void No_log_folder_names_where_it_looked_and_what_to_give()
        {
            var message = ClientLogLocations.NoneFoundMessage(new[]
            {
                new ClientLogFolder { Client = "Claude Desktop", Path = "/home/a/.config/Claude/logs" },
                new ClientLogFolder { Client = "Cursor", Path = "/home/a/.cursor/logs" },
            });
            Assert.Equal("No MCP client log folder was found on this machine. Searched: Claude Desktop: /home/a/.config/Claude/logs; Cursor: /home/a/.cursor/logs. " +
                         "Give log files with -Path, or pipe lines in (journalctl -u teleport | Find-TeleportMcpError).", message);
        }
    }
}
