using System.Linq;
using TeleportMcp.Infrastructure;
using TeleportMcp.Loader;
using Xunit;

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// The loader's rules that cannot run here: which requests Windows PowerShell 5.1's resolver answers from
    /// Dependencies/, and which type names the import makes resolvable in scripts.
    /// </summary>
    public class LoaderTests
    {
        [Theory]
        // The engine, for the cmdlet assembly or for a request without a requester (a type-name lookup).
        [InlineData("TeleportMcp.Engine", "TeleportMcp.PowerShell", true)]
        [InlineData("TeleportMcp.Engine", null, true)]
        [InlineData("teleportmcp.engine", "TELEPORTMCP.POWERSHELL", true)]
        // The engine's own dependencies, for the engine only.
        [InlineData("YamlDotNet", "TeleportMcp.Engine", true)]
        // Another module's YamlDotNet request is never answered with ours, nor a request without a requester.
        [InlineData("YamlDotNet", "OtherModule", false)]
        [InlineData("YamlDotNet", null, false)]
        [InlineData("YamlDotNet", "TeleportMcp.PowerShell", false)]
        // Someone else asking for our engine gets PowerShell's own answer.
        [InlineData("TeleportMcp.Engine", "OtherModule", false)]
        public void WindowsPowerShellResolverAnswersOnlyOurRequests(string requested, string requester, bool answers)
        {
            Assert.Equal(answers, DependencyRule.AnswersOnFramework(requested, requester));
        }

        [Fact]
        public void ScriptTypeNamesAreTheEnginesPublicTypesAndTheDocumentedLimits()
        {
            var engine = typeof(Role).Assembly;
            var expected = engine.GetExportedTypes().Where(t => t.Namespace == "TeleportMcp")
                .Append(typeof(TeleportMcp.Engine.Common.Limits))
                .Select(t => t.FullName).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
            var listed = ModuleInit.ScriptTypes.Select(t => t.FullName).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
            Assert.Equal(listed.Distinct().Count(), listed.Count);
            // A new public engine type needs its line in ModuleInit.ScriptTypes, so [TeleportMcp.<Name>] resolves.
            Assert.Equal(expected, listed);
        }
    }
}
