using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Diagnosis;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    public class ClientDiagnosisTests
    {
        [Theory]
        [InlineData("Session", CheckStatus.Fail, DiagnosisArea.Session, DiagnosisStatus.Fail)]
        [InlineData("SessionTraits", CheckStatus.Warn, DiagnosisArea.Session, DiagnosisStatus.Warn)]
        [InlineData("Command", CheckStatus.Fail, DiagnosisArea.Client, DiagnosisStatus.Fail)]
        [InlineData("AppTools", CheckStatus.Fail, DiagnosisArea.App, DiagnosisStatus.Fail)]
        public void Maps_failures_and_warnings(string check, CheckStatus status, DiagnosisArea area, DiagnosisStatus expected)
        {
            var r = new ClientCheck { Client = "Cursor", ConfigPath = "/x/mcp.json", Entry = "teleport-mcp-files", App = "files", Check = check, Status = status, Message = "m", Fix = "f" };
            var d = Assert.Single(ClientDiagnosis.ToDiagnosisItems(new[] { r }, "alice"));
            Assert.Equal(area, d.Area);
            Assert.Equal(expected, d.Status);
            Assert.Equal("Client" + check, d.Check);
            Assert.Equal("f", d.Fix);
            Assert.Equal("/x/mcp.json [teleport-mcp-files]: m", d.Evidence.Single());
        }

        [Fact]
        public void Pass_and_skipped_are_left_out_and_a_spawn_log_line_proves_a_command_failure()
        {
            var results = new[]
            {
                new ClientCheck { Client = "Claude Desktop", Check = "Command", Status = CheckStatus.Fail, App = "files", Message = "gone" },
                new ClientCheck { Client = "tsh", Check = "Session", Status = CheckStatus.Pass, Message = "ok" },
                new ClientCheck { Client = "Claude Desktop", Check = "App", Status = CheckStatus.Skipped, App = "files", Message = "n/a" },
            };
            var items = ClientDiagnosis.ToDiagnosisItems(results);
            Assert.Single(items);
            var log = new TeleportMcp.Diagnosis { Area = DiagnosisArea.Log, Status = DiagnosisStatus.Fail, App = "files", Title = "spawn", Detail = "spawn C:\\tsh.exe ENOENT" };
            var ranked = DiagnosisRanker.Rank(items.Concat(new[] { log }));
            Assert.Single(ranked);
            Assert.Contains("spawn", ranked[0].Evidence.Last());
        }
    }
}
