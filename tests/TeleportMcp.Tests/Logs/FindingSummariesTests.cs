using System;
using System.Linq;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>Find-TeleportMcpError -Summary: one row per error, app, user and tool; counts, first and last seen, sources; bounded.</summary>
    public class FindingSummariesTests
    {
        private static Finding F(string id, string app, string source, int minute, string user = null) => new Finding
        {
            Id = id, App = app, User = user, Source = source, Title = id + " title", Fix = "fix " + id,
            Time = minute < 0 ? (DateTime?)null : new DateTime(2025, 9, 30, 10, minute, 0, DateTimeKind.Utc),
        };

        [Fact]
        public void Groups_by_error_app_user_and_tool_in_a_stable_order()
        {
            var s = new FindingSummaries();
            s.Add(F("TMCP-B", "files", "b.log", 5));
            s.Add(F("TMCP-A", "files", "b.log", 7));
            s.Add(F("TMCP-A", "files", "a.log", 3));
            s.Add(F("TMCP-A", "files", "a.log", -1));
            s.Add(F("TMCP-A", "files", "a.log", 4, user: "bob"));
            var rows = s.Rows();
            Assert.Equal(new[] { "TMCP-A/files/", "TMCP-A/files/bob", "TMCP-B/files/" }, rows.Select(r => r.Id + "/" + r.App + "/" + r.User));
            var a = rows[0];
            Assert.Equal(3, a.Count);
            Assert.Equal(3, a.FirstSeen.Value.Minute);
            Assert.Equal(7, a.LastSeen.Value.Minute);
            Assert.Equal(new[] { "a.log", "b.log" }, a.Sources);
            Assert.Equal("fix TMCP-A", a.Fix);
        }

        [Fact]
        public void Past_the_bound_further_groups_are_counted_under_their_error()
        {
            var s = new FindingSummaries();
            for (int i = 0; i < FindingSummaries.MaxRows + 50; i++) s.Add(F("TMCP-X", "app" + i, "x.log", -1));
            s.Add(F("TMCP-X", "app0", "y.log", -1));
            var rows = s.Rows();
            Assert.Equal(FindingSummaries.MaxRows + 1, rows.Count);
            var other = Assert.Single(rows, r => r.App == "(other apps)");
            Assert.Equal(50, other.Count);
            Assert.Equal(2, rows.Single(r => r.App == "app0").Count);
        }
    }
}
