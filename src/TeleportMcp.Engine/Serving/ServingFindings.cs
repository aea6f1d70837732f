using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Serving
{
    /// <summary>The serving map's problems as diagnosis findings: apps served by nobody, missing heartbeats, discovered apps without an MCP URI.</summary>
    public static class ServingFindings
    {
        /// <summary>
        /// Findings for the map of the given resources, limited to <paramref name="apps"/> when given. Null when the
        /// resources hold neither an App Service teleport.yaml nor an app_servers export (who serves what is unknown).
        /// </summary>
        public static List<TeleportMcp.Diagnosis>? From(IEnumerable<TeleportResource>? resources, ICollection<string>? apps, out int rows)
        {
            var list = (resources ?? Enumerable.Empty<TeleportResource>()).ToList();
            rows = 0;
            if (!ServingMap.KnowsServing(list)) return null;
            var map = ServingMap.Build(list).Where(r => apps == null || (r.App != null && apps.Contains(r.App))).ToList();
            rows = map.Count;
            var result = new List<TeleportMcp.Diagnosis>();
            foreach (var row in map)
            {
                DiagnosisStatus status;
                if (ServingMap.Unreachable(row)) status = DiagnosisStatus.Fail;
                // Users still reach the app through the hosts that heartbeat it.
                else if (row.Status == ServingStatus.NoHeartbeat) status = DiagnosisStatus.Warn;
                else if (row.Status == ServingStatus.Indeterminate) status = DiagnosisStatus.Info;
                // Some hosts refuse the app's address: connections routed there fail.
                else if (ServingMap.TargetPolicyHosts.Of(row).Denied.Count > 0) status = DiagnosisStatus.Warn;
                else if (ServingMap.TargetPolicyHosts.Of(row).Unknown.Count > 0) status = DiagnosisStatus.Info;
                else continue;
                string check = row.Status == ServingStatus.Served
                    ? (status == DiagnosisStatus.Warn ? "ServingTargetHostPartlyDenied" : "ServingTargetHostUnknown")
                    : "Serving" + row.Status;
                var item = new TeleportMcp.Diagnosis
                {
                    Area = DiagnosisArea.App,
                    Status = status,
                    Check = check,
                    App = row.App,
                    Title = Output.OutputText.Labelled(row.App, row.Message),
                    Fix = row.Fix,
                    Source = row.Source ?? "Get-TeleportMcpServing",
                };
                item.Evidence.Add("serving map: " + row.Status + (row.Hosts.Count > 0 ? ", hosts " + ListText.Join(", ", row.Hosts.Select(h => h.ToString())) : ""));
                if (row.ClosestSelector != null) item.Evidence.Add("closest selector: " + row.ClosestSelector + " (" + row.DifferingLabel + ")");
                if (row.App != null) item.CorrelationTokens.Add(row.App);
                result.Add(item);
            }
            return result;
        }
    }
}
