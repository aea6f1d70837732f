using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;
using TeleportMcp.Commands;

namespace TeleportMcp.Tests.Module
{
    /// <summary>The cmdlet hosted in-process with the PowerShell SDK (no module loading; see Pester for that).</summary>
    public class ImportCmdletTests
    {
        private static PowerShell Create()
        {
            var iss = InitialSessionState.CreateDefault2();
            iss.Commands.Add(new SessionStateCmdletEntry("Import-TeleportResource", typeof(ImportTeleportResourceCommand), null));
            return PowerShell.Create(iss);
        }

        [Fact]
        public void PipelineTextBecomesTypedObjects()
        {
            using var ps = Create();
            ps.AddCommand("Import-TeleportResource");
            var output = ps.Invoke(new[] { "kind: role", "version: v8", "metadata:", "  name: piped", "spec:", "  allow:", "    mcp:", "      tools: ['*']" });
            var role = Assert.IsType<Role>(output.Single().BaseObject);
            Assert.Equal("piped", role.Name);
            Assert.Equal(new[] { "*" }, role.AllowMcpTools);
            Assert.Equal("pipeline:1:1", role.Source);
        }

        [Fact]
        public void BadVersionIsANonTerminatingErrorWithStableId()
        {
            using var ps = Create();
            ps.AddCommand("Import-TeleportResource");
            var output = ps.Invoke(new[] { "kind: role\nversion: v1\nmetadata: {name: x}\n---\nkind: role\nversion: v7\nmetadata: {name: y}" });
            Assert.Equal("y", ((Role)output.Single().BaseObject).Name);
            var error = ps.Streams.Error.Single();
            Assert.Equal("UnsupportedRoleVersion,TeleportMcp.Commands.ImportTeleportResourceCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Equal("pipeline:2:10: role version \"v1\" is not supported", error.ErrorDetails.Message);
        }
    }
}
