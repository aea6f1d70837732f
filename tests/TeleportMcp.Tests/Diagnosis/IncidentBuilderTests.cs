using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Diagnosis;
using Xunit;

namespace TeleportMcp.Tests.Diagnosis
{
    /// <summary>
    /// Incidents across logs of different hosts: the MCP client's laptop, the App Service host and the Auth Service
    /// (audit log) each stamp lines with their own clock.
    /// </summary>
    public class IncidentBuilderTests
    {
        private static readonly DateTime T0 = new DateTime(2025, 9, 30, 11, 14, 2, DateTimeKind.Utc);
        private const string Sid = "e2a9c4d1-6f3b-4a8e-b5c7-9d0e1f2a3b4c";

        private static TeleportMcp.Diagnosis Item(string check, string format, double seconds, string app, string user, DiagnosisStatus status = DiagnosisStatus.Fail, string sid = null, string evidence = null)
        {
            var i = new TeleportMcp.Diagnosis
            {
                Area = DiagnosisArea.Log, Status = status, Check = check, App = app, User = user, Title = check + " title", LogFormat = format,
                Time = T0.AddSeconds(seconds), SessionId = sid, Source = format + ".log:1",
            };
            if (evidence != null) i.Evidence.Add(evidence);
            return i;
        }

        [Fact]
        public void ThreeLogKindsWithSkewedClocksFormOneIncidentFirstCauseFirst()
        {
            // The client connects at T0 (laptop clock); tsh on the same laptop reports the failure 0.4 s later; the
            // App Service host runs 3 s behind and logs the cause "before" the client connected; the audit log's clock
            // runs 2 s ahead. Another user and a later connection of the same user stay out.
            var client = Item("TMCP-LOG-044", "claude-desktop", 0.3, "everything", null, DiagnosisStatus.Warn);
            var tsh = Item("TMCP-LOG-025", "tsh", 0.4, "everything", "bob");
            var appService = Item("TMCP-LOG-002", "teleport", -2.7, "everything", "bob", evidence: "app-service.log:8: ... session_id:" + Sid + " mcp/stdio.go:84");
            var audit = Item("TMCP-AUDIT-010", "audit", 2.1, "everything", "bob", DiagnosisStatus.Warn, Sid);
            var otherUser = Item("TMCP-LOG-002", "teleport", 0.5, "everything", "alice");
            var later = Item("TMCP-LOG-025", "tsh", 600, "everything", "bob");
            var unnamed = Item("TMCP-LOG-006", "teleport", 0.1, null, null, DiagnosisStatus.Warn);

            var incidents = IncidentBuilder.Build(new[] { client, tsh, appService, audit, otherUser, later, unnamed });

            var incident = Assert.Single(incidents);
            Assert.Equal(1, incident.Number);
            Assert.Equal("everything", incident.App);
            Assert.Equal("bob", incident.User);
            // First cause: the earliest failure written by Teleport; then the rest in time order.
            Assert.Same(appService, incident.FirstCause.Item);
            Assert.Equal(new[] { appService, client, tsh, audit }, incident.Entries.Select(e => e.Item));
            Assert.Equal(IncidentLink.FirstCause, incident.Entries[0].Link);
            // The audit event shares the App Service line's session id; tsh and the client are linked by time only.
            Assert.Equal(IncidentLink.SessionId, incident.Entries[3].Link);
            Assert.Contains(Sid, incident.Entries[3].LinkDetail, StringComparison.Ordinal);
            Assert.Equal(IncidentLink.TimeOnly, incident.Entries[1].Link);
            Assert.Equal(IncidentLink.TimeOnly, incident.Entries[2].Link);
            Assert.StartsWith("time only: +3.0 s from the first cause, same app", incident.Entries[1].LinkDetail, StringComparison.Ordinal);
            Assert.StartsWith("time only: +3.1 s from the first cause, same app and user", incident.Entries[2].LinkDetail, StringComparison.Ordinal);
            Assert.True(incident.HasTimeOnlyLinks);
            Assert.Equal(4, incident.Sides.Count());
            Assert.All(new[] { appService, tsh, client, audit }, i => Assert.Equal(1, i.Incident));
            Assert.Equal(0, otherUser.Incident);
            Assert.Equal(0, later.Incident);
            Assert.Equal(0, unnamed.Incident);
        }

        [Fact]
        public void ASpecificFindingIsTheFirstCauseBeforeACatchAllOfTheSameFailure()
        {
            // The audit log records only that the request failed (TMCP-AUDIT-005, generic); the App Service log says
            // why (connection refused, TMCP-LOG-102). Both are failures; the specific one is the first cause, though the
            // audit log otherwise comes first.
            var audit = Item("TMCP-AUDIT-005", "audit", 1.6, "grafana", "alice");
            var appService = Item("TMCP-LOG-102", "teleport", 0.1, "grafana", "alice");
            var client = Item("TMCP-LOG-127", "claude-desktop", -1.5, "grafana", null);
            var incident = Assert.Single(IncidentBuilder.Build(new[] { audit, appService, client }));
            Assert.Same(appService, incident.FirstCause.Item);
            Assert.Equal(new[] { appService, client, audit }, incident.Entries.Select(e => e.Item));

            // A specific audit finding (a denial) still comes before a specific App Service one.
            var denied = Item("TMCP-AUDIT-001", "audit", 1.6, "grafana", "alice");
            var both = Assert.Single(IncidentBuilder.Build(new[] { denied, Item("TMCP-LOG-102", "teleport", 0.1, "grafana", "alice") }));
            Assert.Same(denied, both.FirstCause.Item);
        }

        [Theory]
        [InlineData("TMCP-AUDIT-005", true)]
        // audit-failures.catalog.yaml: a streamable HTTP tools/call's bare error only records the failure; the App Service log says why
        [InlineData("TMCP-AUDIT-013", true)]
        // audit-failures.catalog.yaml: on stdio/SSE the same text is the failed access check itself, a cause of its own
        [InlineData("TMCP-AUDIT-012", false)]
        [InlineData("TMCP-AUDIT-010", true)]
        [InlineData("TMCP-LOG-004", true)]
        [InlineData("TMCP-LOG-100", true)]
        [InlineData("TMCP-AUDIT-001", false)]
        [InlineData("TMCP-LOG-102", false)]
        [InlineData("TMCP-LOG-001", false)]
        public void CatchAllEntriesAreMarkedInTheCatalogs(string id, bool generic) => Assert.Equal(generic, IncidentBuilder.IsGeneric(id));

        [Theory]
        // The window (60 s) plus the skew tolerance (10 s) from the earliest finding, whichever host wrote it first.
        [InlineData(69.0, true)]
        [InlineData(71.0, false)]
        [InlineData(-69.0, true)]
        [InlineData(-71.0, false)]
        public void TheWindowToleratesClockSkew(double seconds, bool linked)
        {
            var first = Item("TMCP-LOG-002", "teleport", 0, "files", "carol");
            var second = Item("TMCP-LOG-028", "claude-desktop", seconds, "files", null);
            var incidents = IncidentBuilder.Build(new[] { first, second });
            Assert.Equal(linked ? 1 : 0, incidents.Count);
        }

        [Fact]
        public void SameSessionLinksBeyondTheWindow()
        {
            var start = Item("TMCP-AUDIT-007", "audit", 0, "github", "bob", DiagnosisStatus.Warn, Sid);
            var end = Item("TMCP-AUDIT-009", "audit", 3600, "github", "bob", DiagnosisStatus.Warn, Sid);
            var incident = Assert.Single(IncidentBuilder.Build(new[] { start, end }));
            Assert.False(incident.HasTimeOnlyLinks);
        }

        [Fact]
        public void DifferentAppsOrUsersAreNotLinkedByTime()
        {
            var a = Item("TMCP-LOG-002", "teleport", 0, "files", "carol");
            var b = Item("TMCP-LOG-002", "teleport", 1, "git", "carol");
            var c = Item("TMCP-LOG-002", "teleport", 1, "files", "bob");
            Assert.Empty(IncidentBuilder.Build(new[] { a, b, c }));
        }

        [Fact]
        public void ChecksWithoutTimeAreNotPartOfIncidents()
        {
            var check = new TeleportMcp.Diagnosis { Area = DiagnosisArea.App, Status = DiagnosisStatus.Fail, Check = "HostUserExists", App = "everything", Title = "x" };
            var log = Item("TMCP-LOG-002", "teleport", 0, "everything", "alice");
            Assert.Empty(IncidentBuilder.Build(new[] { check, log }));
        }

        [Fact]
        public void TheReportShowsEachIncidentAsATimeline()
        {
            var items = new List<TeleportMcp.Diagnosis>
            {
                Item("TMCP-AUDIT-001", "audit", 1.8, "everything", "bob", sid: Sid),
                Item("TMCP-LOG-028", "claude-desktop", 0.2, "everything", null),
            };
            var ctx = new DiagnosisContext();
            ctx.Incidents.AddRange(IncidentBuilder.Build(items));
            var ranked = DiagnosisRanker.Rank(items);
            var md = DiagnosisReport.ToMarkdown(ranked, ctx);
            Assert.Contains("## Incidents", md, StringComparison.Ordinal);
            Assert.Contains("### Incident 1: bob on everything", md, StringComparison.Ordinal);
            Assert.Contains("| 2025-09-30 11:14:03.800 | +0.0 s | Teleport audit log", md, StringComparison.Ordinal);
            Assert.Contains("time only: -1.6 s from the first cause, same app", md, StringComparison.Ordinal);
            Assert.True(md.IndexOf("## Incidents", StringComparison.Ordinal) < md.IndexOf("## Findings", StringComparison.Ordinal));
            var html = DiagnosisReport.ToHtml(ranked, ctx);
            Assert.Contains("<h2>Incidents</h2>", html, StringComparison.Ordinal);
            Assert.Contains("<strong>TMCP-AUDIT-001 title", html, StringComparison.Ordinal);
        }
    }
}
