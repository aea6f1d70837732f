using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Diagnosis
{
    /// <summary>Each incident as a short timeline: first cause first, then what followed, with how each line is linked.</summary>
    public static class IncidentReport
    {
        public static void AppendMarkdown(StringBuilder sb, IReadOnlyList<Incident> incidents)
        {
            if (incidents == null || incidents.Count == 0) return;
            sb.AppendLine("## Incidents").AppendLine();
            sb.AppendLine("Findings from different logs that belong to one failed connection: the same session id, or the same app and user " +
                          "close in time (clocks of different hosts may differ by seconds; such links say \"time only\").").AppendLine();
            foreach (var incident in incidents)
            {
                sb.AppendLine("### Incident " + incident.Number + ": " + Cell(incident.Headline)).AppendLine();
                sb.AppendLine("| Time (UTC) | Offset | Source | Finding | Linked by |");
                sb.AppendLine("|---|---|---|---|---|");
                foreach (var e in incident.Entries)
                    sb.AppendLine("| " + Time(e) + " | " + IncidentBuilder.FormatOffset(e.Offset) + " | " + Cell(e.Side) + (e.Source != null ? " `" + Cell(e.Source) + "`" : "") +
                                  " | " + (e.Link == IncidentLink.FirstCause ? "**" + Cell(e.Title) + "**" : Cell(e.Title)) + " (" + e.Status + ", `" + Cell(e.Check) + "`)" +
                                  " | " + Cell(e.LinkDetail) + " |");
                sb.AppendLine();
                if (!StringChecks.IsNullOrEmpty(incident.FirstCause.Item.Fix))
                    sb.AppendLine("Fix the first cause: `" + incident.FirstCause.Item.Fix.Split('\n')[0].Replace("`", "'") + "`").AppendLine();
            }
        }

        public static void AppendHtml(StringBuilder sb, IReadOnlyList<Incident> incidents)
        {
            if (incidents == null || incidents.Count == 0) return;
            string H(string? s) => WebUtility.HtmlEncode(s ?? "");
            sb.AppendLine("<h2>Incidents</h2>");
            sb.AppendLine("<p>Findings from different logs that belong to one failed connection: the same session id, or the same app and user close in time " +
                          "(clocks of different hosts may differ by seconds; such links say &quot;time only&quot;).</p>");
            foreach (var incident in incidents)
            {
                sb.AppendLine("<h3>Incident " + incident.Number + ": " + H(incident.Headline) + "</h3>");
                sb.AppendLine("<table><tr><th>Time (UTC)</th><th>Offset</th><th>Source</th><th>Finding</th><th>Linked by</th></tr>");
                foreach (var e in incident.Entries)
                {
                    var title = H(e.Title) + " (<span class=\"" + e.Status + "\">" + e.Status + "</span>, <code>" + H(e.Check) + "</code>)";
                    if (e.Link == IncidentLink.FirstCause) title = "<strong>" + title + "</strong>";
                    sb.AppendLine("<tr><td>" + H(Time(e)) + "</td><td>" + H(IncidentBuilder.FormatOffset(e.Offset)) + "</td><td>" + H(e.Side) +
                                  (e.Source != null ? "<br><code>" + H(e.Source) + "</code>" : "") + "</td><td>" + title + "</td><td>" + H(e.LinkDetail) + "</td></tr>");
                }
                sb.AppendLine("</table>");
                if (!StringChecks.IsNullOrEmpty(incident.FirstCause.Item.Fix))
                    sb.AppendLine("<p>Fix the first cause:</p><pre>" + H(incident.FirstCause.Item.Fix) + "</pre>");
            }
        }

        private static string Time(IncidentEntry e) => e.Time.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

        private static string Cell(string? s) => (s ?? "").Replace("|", "\\|").Replace("\n", " ");
    }
}
