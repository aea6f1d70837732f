using System;
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

        // A client entry named like a secret ('aws-secrets', 'vault-token') is a label: "Cursor entry aws-secrets - tsh cannot
        // be started", so the key-value-secret rule (redaction.catalog.yaml) never takes the message's first word for its value.
        [Theory]
        [InlineData("Command", "aws-secrets", "gone", "Cursor entry aws-secrets - tsh cannot be started")]
        [InlineData("AppTools", "vault-token", "tool list differs", "Cursor entry vault-token - tool list differs")]
        [InlineData("AppTools", "files", "config token=s3cr3tvalue here", "Cursor entry files - config token=<redacted> here")]
        public void A_title_about_an_entry_named_like_a_secret_keeps_its_message(string check, string entry, string message, string title)
        {
            var r = new ClientCheck { Client = "Cursor", ConfigPath = "/x/mcp.json", Entry = entry, App = "files", Check = check, Status = CheckStatus.Fail, Message = message };
            var d = Assert.Single(ClientDiagnosis.ToDiagnosisItems(new[] { r }, "alice"));
            Engine.Output.OutputSanitizer.Sanitize(d);
            Assert.Equal(title, d.Title);
        }

        [Theory]
        // What tsh mcp connect writes to the client's log when its home has no usable profile: lib/client/api.go @0003e544
        // NewClient "No proxy address specified, missed --proxy flag?" (TMCP-LOG-160); tsh status's "Not logged in." is not in it.
        [InlineData("[teleport-mcp-files] [error] User Message: No proxy address specified, missed --proxy flag?")]
        [InlineData("ERROR: No proxy address specified, missed --proxy flag?")]
        public void A_tsh_log_line_without_a_profile_proves_a_session_failure(string line)
        {
            var items = ClientDiagnosis.ToDiagnosisItems(new[] { new ClientCheck { Client = "tsh", Check = "Session", Status = CheckStatus.Fail, Message = "not logged in: Not logged in." } });
            var log = new TeleportMcp.Diagnosis { Area = DiagnosisArea.Log, Status = DiagnosisStatus.Fail, Title = "no profile", Detail = line };
            var ranked = DiagnosisRanker.Rank(items.Concat(new[] { log }));
            Assert.Equal("no profile", Assert.Single(ranked).Evidence.Last()); // folded into the session finding
        }

        [Theory]
        // lib/client/mcp.go: newer tsh NotFound("MCP server %q not found") in a text log (trace's HTML-escaped report), a
        // JSON-RPC error's data, or as printed; @39cecbf5 "no MCP servers found". Another app's line proves nothing.
        [InlineData("MCP server &#34;files&#34; not found", "files", true)]
        [InlineData("{\"error\":{\"message\":\"MCP server \\\"files\\\" not found\"}}", "files", true)]
        [InlineData("ERROR: MCP server \"files\" not found", "files", true)]
        [InlineData("ERROR: no MCP servers found", "files", true)]
        [InlineData("ERROR: MCP server \"files-old\" not found", "files", false)]
        public void A_tsh_not_found_line_proves_an_app_failure(string line, string app, bool proves)
        {
            var items = ClientDiagnosis.ToDiagnosisItems(new[] { new ClientCheck { Client = "Cursor", Check = "App", App = app, Status = CheckStatus.Fail, Message = "m" } });
            var log = new TeleportMcp.Diagnosis { Area = DiagnosisArea.Log, Status = DiagnosisStatus.Fail, Title = "not found", Detail = line };
            Assert.Equal(proves ? 1 : 2, DiagnosisRanker.Rank(items.Concat(new[] { log })).Count);
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
            Assert.Contains("spawn", ranked[0].Evidence.Last(), StringComparison.Ordinal);
        }
    }
}
