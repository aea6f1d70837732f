using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Diagnosis;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>Turns client check results into diagnosis findings (Pass and Skipped results are left out).</summary>
    public static class ClientDiagnosis
    {
        public static List<TeleportMcp.Diagnosis> ToDiagnosisItems(IEnumerable<ClientCheck> results, string? user = null)
        {
            var items = new List<TeleportMcp.Diagnosis>();
            foreach (var r in results)
            {
                if (r.Status != CheckStatus.Fail && r.Status != CheckStatus.Warn) continue;
                var item = new TeleportMcp.Diagnosis
                {
                    Area = AreaOf(r.Check),
                    Status = r.Status == CheckStatus.Fail ? DiagnosisStatus.Fail : DiagnosisStatus.Warn,
                    Check = "Client" + r.Check,
                    App = r.App,
                    User = user,
                    Title = Title(r),
                    Detail = r.Message,
                    Fix = r.Fix,
                    Source = r.Location ?? r.ConfigPath ?? (r.Client == "tsh" ? "tsh status" : r.Client),
                };
                item.Evidence.Add((r.ConfigPath != null ? r.ConfigPath + (r.Entry != null ? " [" + r.Entry + "]" : "") + ": " : "") + r.Message);
                // Client log lines such as "spawn <tsh> ENOENT" or tsh's "session expired" prove these findings.
                if (r.Check == ClientChecks.Command || r.Check == ClientChecks.CommandLine) item.CorrelationTokens.AddRange(new[] { "ENOENT", "EACCES" });
                if (r.Check == ClientChecks.Session) item.CorrelationTokens.AddRange(new[] { "expired", "relogin", "Not logged in" });
                if (r.Check == ClientChecks.App) item.CorrelationTokens.Add("no MCP servers found");
                if (r.Check == ClientChecks.AppTools) item.CorrelationTokens.Add("access to any tools");
                items.Add(item);
            }
            return items;
        }

        /// <summary>How many client configuration files the checks read (a broken one counts: it was examined).</summary>
        public static int ConfigFilesExamined(IEnumerable<ClientCheck> results) =>
            results.Where(r => r.Check == ClientChecks.ConfigParse && r.ConfigPath != null).Select(r => r.ConfigPath).Distinct().Count();

        private static DiagnosisArea AreaOf(string? check)
        {
            switch (check)
            {
                case ClientChecks.Session:
                case ClientChecks.SessionRoles:
                case ClientChecks.SessionTraits:
                    return DiagnosisArea.Session;
                case ClientChecks.App:
                case ClientChecks.AppTools:
                    return DiagnosisArea.App;
                default:
                    return DiagnosisArea.Client;
            }
        }

        private static string Title(ClientCheck r)
        {
            string? where = r.Entry != null ? r.Client + " entry " + r.Entry : r.Client;
            switch (r.Check)
            {
                case ClientChecks.Session: return "tsh session: " + FirstClause(r.Message);
                case ClientChecks.SessionRoles: return "Roles changed since the last tsh login";
                case ClientChecks.SessionTraits: return "Traits changed since the last tsh login";
                case ClientChecks.Command: return where + ": tsh cannot be started";
                case ClientChecks.ConfigParse: return r.Client + " configuration does not parse";
                case ClientChecks.ConfigInUse: return "Claude Desktop reads another configuration file";
                default: return where + ": " + FirstClause(r.Message);
            }
        }

        private static string FirstClause(string? s)
        {
            if (s == null) return "";
            int i = s.IndexOfAny(new[] { ';', ':' });
            return i > 0 ? s.Substring(0, i) : s;
        }
    }
}
