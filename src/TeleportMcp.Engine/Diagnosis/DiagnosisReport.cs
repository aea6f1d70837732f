using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;

namespace TeleportMcp.Engine.Diagnosis
{
    /// <summary>What was examined, for the report's summary.</summary>
    public sealed class DiagnosisContext
    {
        public DateTime GeneratedAt { get; set; } = DateTime.Now;
        public List<string> Inputs { get; } = new List<string>();
        public List<string> Skipped { get; } = new List<string>();

        /// <summary>What the admin asked for by name, path or wildcard that matched nothing ("user carol", "-LogPath ./x*").</summary>
        public List<string> Unmatched { get; } = new List<string>();

        /// <summary>
        /// The bare input an entry of <see cref="Unmatched"/>, <see cref="Refused"/> or <see cref="Unread"/> is about, where
        /// it names one (a path, a user, role or app name): the gate's error has these as its target, the entries (labels)
        /// in its message. An entry that names no one input (a check chosen without input) has none.
        /// </summary>
        public Dictionary<string, object> InputOf { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

        /// <summary>Adds <paramref name="text"/> to <paramref name="list"/>, noting <paramref name="input"/> as what it is about (<see cref="InputOf"/>).</summary>
        public void Note(List<string> list, string text, object? input)
        {
            if (list == null) throw new ArgumentNullException(nameof(list));
            list.Add(text);
            if (input != null && !(input is string s && s.Length == 0)) InputOf[text] = input;
        }

        /// <summary>The bare inputs <paramref name="texts"/> are about, once each, in order (<see cref="InputOf"/>).</summary>
        public object[] InputsOf(IEnumerable<string> texts) =>
            texts.Where(InputOf.ContainsKey).Select(t => InputOf[t]).Distinct().ToArray();

        /// <summary>Objects given that could not be used (why each was refused): not examined, so the gate cannot pass.</summary>
        public List<string> Refused { get; } = new List<string>();

        /// <summary>
        /// Files given that could not be read, or documents in them that could not be taken (a broken YAML document, a
        /// corrupt log, a client configuration that does not parse), each reported as its own error: the rest was
        /// examined, but the gate cannot pass, since what was left out may be what decides.
        /// </summary>
        public List<string> Unread { get; } = new List<string>();

        /// <summary>Files and resources actually read: a diagnosis that read none examined nothing.</summary>
        public int ExaminedCount { get; set; }
        /// <summary>Findings grouped per failed connection (<see cref="IncidentBuilder"/>), shown as timelines.</summary>
        public List<Incident> Incidents { get; } = new List<Incident>();
    }

    /// <summary>Writes the findings as a report a person can attach to a ticket: summary first, then each finding.</summary>
    public static class DiagnosisReport
    {
        /// <summary>-Format without -OutFile: there is no report for the format to choose, so the call is refused; null when fine.</summary>
        public static TeleportArgumentException? FormatRefusal(bool formatGiven, bool outFileGiven) => formatGiven && !outFileGiven
            ? new TeleportArgumentException("FormatWithoutOutFile", "-Format chooses the format of the report -OutFile writes: add -OutFile.")
            : null;

        /// <summary>The format asked for; otherwise HTML for a .html or .htm file and Markdown for anything else.</summary>
        public static DiagnosisReportFormat FormatFor(string path, DiagnosisReportFormat? asked)
        {
            if (asked.HasValue) return asked.Value;
            var ext = System.IO.Path.GetExtension(path ?? "").ToLowerInvariant();
            return ext == ".html" || ext == ".htm" ? DiagnosisReportFormat.Html : DiagnosisReportFormat.Markdown;
        }

        public static string Render(IReadOnlyList<TeleportMcp.Diagnosis> items, DiagnosisContext context, DiagnosisReportFormat format) =>
            format == DiagnosisReportFormat.Html ? ToHtml(items, context) : ToMarkdown(items, context);

        public static string ToMarkdown(IReadOnlyList<TeleportMcp.Diagnosis> items, DiagnosisContext context)
        {
            var sb = new StringBuilder();
            sb.AppendLine("# Teleport MCP access diagnosis").AppendLine();
            sb.AppendLine("Generated " + context.GeneratedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " by TeleportMcp.").AppendLine();
            sb.AppendLine("## Summary").AppendLine();
            sb.AppendLine(MarkdownText.Inline(SummaryLine(items, context))).AppendLine();
            if (items.Count > 0)
            {
                sb.AppendLine("| # | Status | Area | App | User | Finding |");
                sb.AppendLine("|---|---|---|---|---|---|");
                foreach (var i in items)
                    sb.AppendLine("| " + i.Rank + " | " + i.Status + " | " + i.Area + " | " + MarkdownText.Inline(i.App) + " | " + MarkdownText.Inline(i.User) + " | " + MarkdownText.Inline(i.Title) + " |");
                sb.AppendLine();
            }
            if (context.Inputs.Count > 0)
            {
                sb.AppendLine("Examined:").AppendLine();
                foreach (var s in context.Inputs) sb.AppendLine("- " + MarkdownText.Inline(s));
                sb.AppendLine();
            }
            if (context.Skipped.Count > 0 || context.Unmatched.Count > 0 || context.Refused.Count > 0 || context.Unread.Count > 0)
            {
                sb.AppendLine("Not examined:").AppendLine();
                foreach (var s in context.Unmatched) sb.AppendLine("- not found: " + MarkdownText.Inline(s));
                foreach (var s in context.Refused) sb.AppendLine("- refused: " + MarkdownText.Inline(s));
                foreach (var s in context.Unread) sb.AppendLine("- not read: " + MarkdownText.Inline(s));
                foreach (var s in context.Skipped) sb.AppendLine("- " + MarkdownText.Inline(s));
                sb.AppendLine();
            }
            IncidentReport.AppendMarkdown(sb, context.Incidents);
            sb.AppendLine("## Findings").AppendLine();
            foreach (var i in items)
            {
                sb.AppendLine("### " + i.Rank + ". " + MarkdownText.Inline(i.Title)).AppendLine();
                sb.AppendLine("- Status: " + i.Status + " (" + i.Area + ", check " + MarkdownText.Inline(i.Check) + ")");
                if (i.App != null) sb.AppendLine("- App: " + MarkdownText.Inline(i.App));
                if (i.User != null) sb.AppendLine("- User: " + MarkdownText.Inline(i.User));
                if (i.Source != null) sb.AppendLine("- Source: " + MarkdownText.Inline(i.Source));
                sb.AppendLine();
                if (!string.IsNullOrEmpty(i.Detail)) sb.AppendLine(MarkdownText.Inline(i.Detail, keepLines: true)).AppendLine();
                if (i.Evidence.Count > 0)
                {
                    sb.AppendLine("Evidence:").AppendLine();
                    sb.AppendLine(MarkdownText.CodeBlock(string.Join("\n", i.Evidence), "text")).AppendLine();
                }
                if (!string.IsNullOrEmpty(i.Fix))
                {
                    sb.AppendLine("Fix:").AppendLine().AppendLine(MarkdownText.CodeBlock(i.Fix, "powershell")).AppendLine();
                }
            }
            return sb.ToString();
        }

        public static string ToHtml(IReadOnlyList<TeleportMcp.Diagnosis> items, DiagnosisContext context)
        {
            string H(string? s) => WebUtility.HtmlEncode(OutputText.Safe(s) ?? "");
            var sb = new StringBuilder();
            sb.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Teleport MCP access diagnosis</title>");
            sb.AppendLine("<style>body{font-family:Segoe UI,Helvetica,Arial,sans-serif;max-width:70em;margin:2em auto;line-height:1.4}" +
                          "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}" +
                          ".Fail{color:#b00020;font-weight:bold}.Warn{color:#a05a00;font-weight:bold}.Info{color:#555}" +
                          "pre{background:#f5f5f5;padding:.6em;overflow-x:auto}</style></head><body>");
            sb.AppendLine("<h1>Teleport MCP access diagnosis</h1>");
            sb.AppendLine("<p>Generated " + H(context.GeneratedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)) + " by TeleportMcp.</p>");
            sb.AppendLine("<h2>Summary</h2><p>" + H(SummaryLine(items, context)) + "</p>");
            if (items.Count > 0)
            {
                sb.AppendLine("<table><tr><th>#</th><th>Status</th><th>Area</th><th>App</th><th>User</th><th>Finding</th></tr>");
                foreach (var i in items)
                    sb.AppendLine("<tr><td>" + i.Rank + "</td><td class=\"" + i.Status + "\">" + i.Status + "</td><td>" + i.Area + "</td><td>" + H(i.App) +
                                  "</td><td>" + H(i.User) + "</td><td><a href=\"#f" + i.Rank + "\">" + H(i.Title) + "</a></td></tr>");
                sb.AppendLine("</table>");
            }
            if (context.Inputs.Count > 0) sb.AppendLine("<p>Examined:</p><ul>" + string.Concat(context.Inputs.Select(s => "<li>" + H(s) + "</li>")) + "</ul>");
            if (context.Skipped.Count > 0 || context.Unmatched.Count > 0 || context.Refused.Count > 0 || context.Unread.Count > 0)
                sb.AppendLine("<p>Not examined:</p><ul>" + string.Concat(context.Unmatched.Select(s => "<li>not found: " + H(s) + "</li>")) +
                              string.Concat(context.Refused.Select(s => "<li>refused: " + H(s) + "</li>")) +
                              string.Concat(context.Unread.Select(s => "<li>not read: " + H(s) + "</li>")) +
                              string.Concat(context.Skipped.Select(s => "<li>" + H(s) + "</li>")) + "</ul>");
            IncidentReport.AppendHtml(sb, context.Incidents);
            sb.AppendLine("<h2>Findings</h2>");
            foreach (var i in items)
            {
                sb.AppendLine("<h3 id=\"f" + i.Rank + "\">" + i.Rank + ". " + H(i.Title) + "</h3>");
                sb.AppendLine("<p><span class=\"" + i.Status + "\">" + i.Status + "</span> &middot; " + i.Area + " &middot; check <code>" + H(i.Check) + "</code>" +
                              (i.App != null ? " &middot; app " + H(i.App) : "") + (i.User != null ? " &middot; user " + H(i.User) : "") +
                              (i.Source != null ? " &middot; " + H(i.Source) : "") + "</p>");
                if (!string.IsNullOrEmpty(i.Detail)) sb.AppendLine("<p>" + H(i.Detail) + "</p>");
                if (i.Evidence.Count > 0) sb.AppendLine("<p>Evidence:</p><pre>" + H(string.Join("\n", i.Evidence)) + "</pre>");
                if (!string.IsNullOrEmpty(i.Fix)) sb.AppendLine("<p>Fix:</p><pre>" + H(i.Fix) + "</pre>");
            }
            sb.AppendLine("</body></html>");
            return sb.ToString();
        }

        public static string SummaryLine(IReadOnlyList<TeleportMcp.Diagnosis> items, DiagnosisContext? context = null)
        {
            // A report of nothing must not read as a clean bill of health (findings about input that examined nothing included,
            // such as a client file without a Teleport entry); one with unmatched requests says so first.
            if (context != null && (context.Unmatched.Count > 0 || context.Refused.Count > 0 || context.Unread.Count > 0 || context.ExaminedCount == 0))
            {
                var gate = DiagnosisGate.Decide(items, context, DiagnosisStatus.Fail);
                if (items.Count == 0) return gate.Reason;
                return gate.Reason + " " + SummaryLine(items);
            }
            int fail = items.Count(i => i.Status == DiagnosisStatus.Fail);
            int warn = items.Count(i => i.Status == DiagnosisStatus.Warn);
            int info = items.Count(i => i.Status == DiagnosisStatus.Info);
            if (items.Count == 0) return "No problem found in what was examined.";
            var top = items[0];
            return fail + " failure(s), " + warn + " warning(s), " + info + " note(s). Most likely root cause: " + top.Title +
                   (StringChecks.IsNullOrEmpty(top.Fix) ? "" : " Fix: " + top.Fix.Split('\n')[0]);
        }

    }
}
