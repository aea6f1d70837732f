using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>Get-TeleportMcpAuditEvent's use case without a runspace: files, pipeline lines, the errors and warnings.</summary>
    public class AuditEventQueryTests
    {
        private static readonly string Example = Path.Combine(AppContext.BaseDirectory, "examples", "audit", "events-2025-09-30.log");

        private sealed class Sink
        {
            public List<AuditEvent> Events = new List<AuditEvent>();
            public List<string> Warnings = new List<string>();
            public List<TeleportInputException> Errors = new List<TeleportInputException>();

            public AuditEventQuery Query(AuditEventFilter filter = null) =>
                new AuditEventQuery(filter ?? new AuditEventFilter(), Events.Add, CancellationToken.None) { Warning = Warnings.Add, Error = Errors.Add };
        }

        // Teleport's file backend starts a new audit file each day (lib/events/filelog.go): a session that crosses midnight
        // has its start event, with the agent's server_id, in the file before. The files of one query share what they
        // learned, so the next day's requests still name the agent; a session never started in the files read stays unknown.
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_session_that_crosses_into_the_next_days_file_keeps_its_agent(bool failedOnly)
        {
            string Line(string code, string type, string sid, string server, string time, string extra) =>
                "{\"code\":\"" + code + "\",\"event\":\"" + type + "\",\"sid\":\"" + sid + "\"," + (server == null ? "" : "\"server_id\":\"" + server + "\",") +
                "\"time\":\"" + time + "\",\"user\":\"bob\",\"app_name\":\"everything\"," + extra + "}";
            const string denied = "\"success\":false,\"error\":\"access denied\",\"message\":{\"id\":\"2\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"},\"jsonrpc\":\"2.0\"}";
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-days-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var day1 = Path.Combine(dir, "2025-05-23.00:00:00.log");
                var day2 = Path.Combine(dir, "2025-05-24.00:00:00.log");
                File.WriteAllText(day1, Line("TMCP001I", "mcp.session.start", "s-1", "agent-7", "2025-05-23T23:59:00Z", "\"success\":true") + "\n");
                File.WriteAllText(day2, Line("TMCP003E", "mcp.session.request", "s-1", null, "2025-05-24T00:01:00Z", denied) + "\n" +
                                        Line("TMCP003E", "mcp.session.request", "s-2", null, "2025-05-24T00:02:00Z", denied) + "\n");
                var s = new Sink();
                var q = s.Query(new AuditEventFilter { FailedOnly = failedOnly });
                q.ReadFiles(new[] { day1, day2 });
                q.Finish();
                Assert.Equal(new[] { "agent-7", null }, s.Events.Where(e => e.Kind == AuditEventKind.Request).Select(e => e.ServerId).ToArray());
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        // Rotated names do not say which file is older (audit.log.1 is older than audit.log yet sorts after it): the files of
        // one query are read oldest first by their first event, so a session's start is read before its requests.
        [Theory]
        [InlineData("audit.log", "audit.log.1")]
        [InlineData("audit.log.1", "audit.log")]
        [InlineData("audit.log.gz", "audit.log.1")]
        public void Files_given_newest_first_are_read_oldest_first(string first, string second)
        {
            var names = new[] { first, second };
            string Line(string code, string type, string sid, string server, string time) =>
                "{\"code\":\"" + code + "\",\"event\":\"" + type + "\",\"sid\":\"" + sid + "\"," + (server == null ? "" : "\"server_id\":\"" + server + "\",") +
                "\"time\":\"" + time + "\",\"user\":\"bob\",\"app_name\":\"everything\",\"success\":true}";
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-rot-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string newest = names.First(n => !n.EndsWith(".1", StringComparison.Ordinal));
                File.WriteAllText(Path.Combine(dir, "audit.log.1"), Line("TMCP001I", "mcp.session.start", "s-1", "agent-7", "2025-05-23T23:59:00Z") + "\n");
                var later = Line("TMCP004I", "mcp.session.notification", "s-1", null, "2025-05-24T00:01:00Z") + "\n";
                if (newest.EndsWith(".gz", StringComparison.Ordinal))
                {
                    using (var gz = new System.IO.Compression.GZipStream(File.Create(Path.Combine(dir, newest)), System.IO.Compression.CompressionMode.Compress))
                    using (var w = new StreamWriter(gz)) w.Write(later);
                }
                else File.WriteAllText(Path.Combine(dir, newest), later);
                var s = new Sink();
                var q = s.Query();
                q.ReadFiles(names.Select(n => Path.Combine(dir, n)).ToArray());
                q.Finish();
                Assert.Equal(new[] { "2025-05-23T23:59:00Z", "2025-05-24T00:01:00Z" }, s.Events.Select(e => e.Time.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
                Assert.Equal(new[] { "agent-7", "agent-7" }, s.Events.Select(e => e.ServerId).ToArray());
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        // Only files whose head holds an event time move; the others keep their places (a broken file is still reported where it stood).
        [Fact]
        public void Files_without_an_event_time_keep_their_place()
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-order-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string F(string name, string text)
                {
                    var path = Path.Combine(dir, name);
                    File.WriteAllText(path, text);
                    return path;
                }
                var late = F("c.log", "{\"event\":\"mcp.session.start\",\"time\":\"2025-06-02T00:00:00Z\"}\n");
                var none = F("b.log", "not an event\n");
                var early = F("a.json", "[\n  {\n    \"event\": \"mcp.session.start\",\n    \"time\": \"2025-06-01T00:00:00.5Z\"\n  }\n]\n");
                var missing = Path.Combine(dir, "gone.log");
                Assert.Equal(new[] { early, none, missing, late }, AuditFileOrder.OldestFirst(new[] { late, none, missing, early }));
                Assert.Null(AuditFileOrder.FirstEventTime(none));
                Assert.Null(AuditFileOrder.FirstEventTime(missing));
                // Only the head is read: a one-line export's first time is found without reading the line to its end.
                var oneLine = F("export.json", "[{\"time\":\"2025-06-03T00:00:00Z\",\"event\":\"mcp.session.start\",\"x\":\"" + new string('a', 4 * AuditFileOrder.HeadBytes) + "\"}]");
                Assert.Equal(new DateTime(2025, 6, 3, 0, 0, 0, DateTimeKind.Utc), AuditFileOrder.FirstEventTime(oneLine));
                var lateTime = F("late.json", "[{\"x\":\"" + new string('a', 2 * AuditFileOrder.HeadBytes) + "\",\"time\":\"2025-06-03T00:00:00Z\"}]");
                Assert.Null(AuditFileOrder.FirstEventTime(lateTime));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        // An audit file that logrotate's copytruncate emptied while Teleport kept writing at its old offset starts with a
        // hole of NULs: its events are read, numbered as grep numbers them (LogFileReader.PaddingRunBytes).
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AnAuditFileThatStartsWithCopytruncatePaddingIsRead(bool failedOnly)
        {
            var lines = File.ReadAllLines(Example);
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-pad-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var padded = Path.Combine(dir, "events.log");
                File.WriteAllBytes(padded, new byte[200_000].Concat(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n")).ToArray());
                var expected = new Sink();
                var q1 = expected.Query(new AuditEventFilter { FailedOnly = failedOnly });
                q1.ReadFiles(new[] { Example });
                q1.Finish();
                var s = new Sink();
                var q2 = s.Query(new AuditEventFilter { FailedOnly = failedOnly });
                q2.ReadFiles(new[] { padded });
                q2.Finish();
                Assert.Empty(s.Errors);
                Assert.NotEmpty(s.Events);
                Assert.Equal(expected.Events.Select(e => e.Line + " " + e.Code + " " + e.User), s.Events.Select(e => e.Line + " " + e.Code + " " + e.User));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void ReadsTheFailedEventsOfTheExampleAuditLog()
        {
            var s = new Sink();
            var q = s.Query(new AuditEventFilter { FailedOnly = true, Users = new[] { "bob" } });
            q.ReadFiles(new[] { Example });
            q.Finish();
            Assert.NotEmpty(s.Events);
            Assert.All(s.Events, e => Assert.Equal("bob", e.User));
            Assert.Empty(s.Errors);
            Assert.Empty(s.Warnings);
        }

        /// <summary>What -User, -App and -Tool values and the time window of one query left unmatched in the example log (18 events: 16 MCP, 2 app_auth_config checks; 2025-09-30 10:00 to 11:41 UTC).</summary>
        public static TheoryData<AuditEventFilter, int, string[], string[], string> UnmatchedFilters() => new TheoryData<AuditEventFilter, int, string[], string[], string>
        {
            // (filter, events written, NoAuditEventSelected messages, their targets, the warning or null)
            // A name that matches nothing is an error naming it (the product rule: never an empty, silent answer).
            { new AuditEventFilter { Users = new[] { "nobody" } }, 0, new[] { "No MCP audit event matches -User \"nobody\" (among 16 MCP session event(s) and 2 app_auth_config verify event(s) read)." }, new[] { "-User \"nobody\"" }, null },
            { new AuditEventFilter { Tools = new[] { "zz*" } }, 0, new[] { "No MCP audit event matches -Tool \"zz*\" (among 16 MCP session event(s) and 2 app_auth_config verify event(s) read)." }, new[] { "-Tool \"zz*\"" }, null },
            // One value of several: the others' events are written, the one that matched none is named alone.
            { new AuditEventFilter { Users = new[] { "alice", "nobody" } }, 4, new[] { "No MCP audit event matches -User \"nobody\" (among 16 MCP session event(s) and 2 app_auth_config verify event(s) read)." }, new[] { "nobody" }, null },
            { new AuditEventFilter { Users = new[] { "bob", "nobody*" }, Tools = new[] { "printEnv" } }, 1,
              new[] { "No MCP audit event matches -User \"nobody*\" together with -Tool \"printEnv\" (among 16 MCP session event(s) and 2 app_auth_config verify event(s) read)." }, new[] { "nobody*" }, null },
            // Nothing written with names given: every criterion is named, since any of them may be why.
            { new AuditEventFilter { Users = new[] { "alice" }, Tools = new[] { "read_file" }, FailedOnly = true }, 0,
              new[] { "No MCP audit event matches -User \"alice\", -Tool \"read_file\", -FailedOnly (among 16 MCP session event(s) and 2 app_auth_config verify event(s) read)." }, new[] { "-User \"alice\", -Tool \"read_file\", -FailedOnly" }, null },
            // A time window that leaves nothing, without names: a warning (no event in the window is an answer), naming the window.
            { new AuditEventFilter { Since = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc) }, 0, Array.Empty<string>(), Array.Empty<string>(),
              "No MCP audit event matches -Since 2030-01-01T00:00:00Z (among 16 MCP session event(s) and 2 app_auth_config verify event(s) read)." },
            // Every value matched: nothing to say.
            { new AuditEventFilter { Users = new[] { "alice", "b*" } }, 13, Array.Empty<string>(), Array.Empty<string>(), null },
        };

        [Theory]
        [MemberData(nameof(UnmatchedFilters))]
        public void AFilterValueThatMatchedNoEventIsNamed(AuditEventFilter filter, int written, string[] errors, string[] targets, string warning)
        {
            var s = new Sink();
            var q = s.Query(filter);
            q.ReadFiles(new[] { Example });
            q.Finish();
            Assert.Equal(written, s.Events.Count);
            Assert.Equal(errors, s.Errors.Select(e => e.Message).ToArray());
            Assert.All(s.Errors, e => Assert.Equal(AuditEventQuery.NoEventSelectedCode, e.Code));
            Assert.All(s.Errors, e => Assert.IsType<TeleportNotFoundException>(e));
            Assert.Equal(targets, s.Errors.Select(e => e.Target is string[] list ? string.Join(", ", list) : (string)e.Target).ToArray());
            Assert.Equal(warning == null ? Array.Empty<string>() : new[] { warning }, s.Warnings.ToArray());
        }

        [Theory]
        // (since, until, refused): -Since later than -Until matches no event, so it is refused before anything is read.
        [InlineData("2030-01-01T00:00:00Z", "2020-01-01T00:00:00Z", true)]
        [InlineData("2025-09-30T10:00:00Z", "2025-09-30T10:00:00Z", false)]
        [InlineData("2020-01-01T00:00:00Z", "2030-01-01T00:00:00Z", false)]
        [InlineData(null, "2020-01-01T00:00:00Z", false)]
        public void SinceLaterThanUntilIsRefused(string since, string until, bool refused)
        {
            DateTime? Parse(string t) => t == null ? (DateTime?)null : DateTime.Parse(t, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
            var e = new AuditEventFilter { Since = Parse(since), Until = Parse(until) }.Refusal();
            Assert.Equal(refused, e != null);
            if (e == null) return;
            Assert.Equal("InvalidTimeRange", e.Code);
            Assert.Equal("-Since (2030-01-01T00:00:00Z) is later than -Until (2020-01-01T00:00:00Z): no event can match.", e.Message);
        }

        [Fact]
        public void AFolderWithoutAuditFilesIsOneNoAuditFilesErrorAndNoFilesAddNoSecond()
        {
            string dir = Path.Combine(Path.GetTempPath(), "tmcp-audit-empty-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            File.WriteAllText(Path.Combine(dir, "sub", "notes.md"), "not an audit log");
            try
            {
                var s = new Sink();
                var q = s.Query();
                // A piped folder (Get-Item dir | Get-TeleportMcpAuditEvent) through the default path rule.
                q.ReadFiles(q.FilesOf(dir));
                var e = Assert.Single(s.Errors);
                Assert.Equal("NoAuditFiles", e.Code);
                Assert.IsType<TeleportNotFoundException>(e);
                Assert.Equal(AuditEventQuery.Folders.NoneIn(dir), e.Message);
                Assert.Equal(dir, e.Target);
                // Files that were already explained by the resolver (none found): ReadFiles adds nothing of its own.
                var t = new Sink();
                t.Query().ReadFiles(Array.Empty<string>());
                Assert.Empty(t.Errors);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        // What a filter that matched nothing says it read: MCP session events and app_auth_config verify events, each by its
        // own count, from lines and piped event objects alike (a verify event is not an MCP session event).
        public static TheoryData<string, int, int, string> ReadCounts() => new TheoryData<string, int, int, string>
        {
            // (session lines, verify lines, piped verify objects, the warning)
            { "s", 0, 0, "No MCP audit event matches -Since 2030-01-01T00:00:00Z (among 1 MCP session event(s) read)." },
            { "", 2, 0, "No MCP audit event matches -Since 2030-01-01T00:00:00Z (among 2 app_auth_config verify event(s) read)." },
            { "ss", 1, 0, "No MCP audit event matches -Since 2030-01-01T00:00:00Z (among 2 MCP session event(s) and 1 app_auth_config verify event(s) read)." },
            { "s", 1, 2, "No MCP audit event matches -Since 2030-01-01T00:00:00Z (among 1 MCP session event(s) and 3 app_auth_config verify event(s) read)." },
            { "", 0, 1, "No MCP audit event matches -Since 2030-01-01T00:00:00Z (among 1 app_auth_config verify event(s) read)." },
        };

        [Theory]
        [MemberData(nameof(ReadCounts))]
        public void TheNoMatchMessageCountsEachKindOfEventRead(string sessions, int verifyLines, int verifyObjects, string warning)
        {
            var s = new Sink();
            var q = s.Query(new AuditEventFilter { Since = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            var lines = sessions.Select(_ => "{\"code\":\"TMCP003I\",\"event\":\"mcp.session.request\",\"time\":\"2026-11-20T09:15:03Z\",\"user\":\"alice\",\"app_name\":\"jira-mcp\",\"success\":true,\"message\":{\"method\":\"tools/list\"}}")
                .Concat(Enumerable.Range(0, verifyLines).Select(i => AppAuthConfigVerifyEventTests.Verify(i % 2 == 0, i % 2 == 0 ? null : "empty JWKS contents")));
            if (sessions.Length + verifyLines > 0) q.FeedText(string.Join("\n", lines));
            AuditEventReaderTests.Read(string.Join("\n", Enumerable.Range(0, verifyObjects).Select(_ => AppAuthConfigVerifyEventTests.Verify(false, "empty JWKS contents")))).Events.ForEach(q.Add);
            q.Finish();
            Assert.Empty(s.Events);
            Assert.Empty(s.Errors);
            Assert.Equal(new[] { warning }, s.Warnings.ToArray());
        }

        [Fact]
        public void MalformedPipelineLinesAreOneErrorAtTheFirstLineAndNoMcpEventIsAWarning()
        {
            var s = new Sink();
            var q = s.Query();
            q.FeedText("{\"event\":\"user.login\",\"time\":\"2025-09-30T09:58:12.104Z\"}\nnot json\nnot json either");
            q.Finish();
            var e = Assert.Single(s.Errors);
            Assert.Equal("MalformedAuditEvent", e.Code);
            Assert.Equal(2, e.Location.Line);
            Assert.NotNull(e.RecommendedAction);
            Assert.Contains(s.Warnings, w => w.StartsWith("No MCP audit event", StringComparison.Ordinal));
        }

        // The first malformed line's position as data: line, column (where the reader stopped) and the line's text.
        [Theory]
        [InlineData("{\"event\":\"user.login\"}\n  not json", 2, 3, "  not json")]
        [InlineData("{\"event\":\"mcp.session.start\",\"user\":}", 1, 37, "{\"event\":\"mcp.session.start\",\"user\":}")]
        [InlineData("  {\"event\":\"mcp.session.start\",\"user\":}", 1, 39, "  {\"event\":\"mcp.session.start\",\"user\":}")]
        [InlineData("[\n  {\"event\":\"mcp.session.start\",\n   \"user\": tru}\n]", 3, 12, "   \"user\": tru}")]
        [InlineData("[\n  {\"event\":\"mcp.session.start\"}\n  x\n]", 3, 3, "  x")]
        [InlineData("[ {\"event\":\"mcp.session.start\", \"user\": nul}\n]", 1, 41, "  {\"event\":\"mcp.session.start\", \"user\": nul}")]
        [InlineData("{\"event\":\"mcp.session.start\",\n{\"event\":\"mcp.session.start\"}", 1, 0, null)]
        public void MalformedAuditEventCarriesLineColumnAndLineText(string text, int line, int column, string lineText)
        {
            var s = new Sink();
            var q = s.Query();
            q.FeedText(text);
            q.Finish();
            var e = Assert.Single(s.Errors);
            Assert.Equal("MalformedAuditEvent", e.Code);
            Assert.Equal(line, e.Location.Line);
            Assert.Equal(column, e.Location.Column);
            Assert.Equal(lineText, e.LineText);
        }

        [Fact]
        public void MalformedLineTextIsRedactedAndShortened()
        {
            var s = new Sink();
            var q = s.Query();
            q.FeedText("oops Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789 " + new string('x', 5000));
            q.Finish();
            var e = Assert.Single(s.Errors);
            Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz0123456789", e.LineText, StringComparison.Ordinal);
            Assert.True(e.LineText.Length < 1100, "the line is shortened");
        }

        [Theory]
        [InlineData("2025-09-30.00:00:00.log", true)]
        [InlineData("events.jsonl", true)]
        [InlineData("events.log.1", true)]
        [InlineData("events.json.gz", true)]
        [InlineData("notes.txt", false)]
        public void AuditFilesByName(string name, bool expected) => Assert.Equal(expected, AuditEventQuery.IsAuditFile(Path.Combine("dir", name)));

        [Fact]
        public void EachFileReportsBytesReadAndIsClosedOnce()
        {
            var s = new Sink();
            var seen = new List<(string File, long Done, long Total)>();
            int done = 0;
            var q = s.Query();
            q.FileProgress = (f, d, t) => seen.Add((f, d, t));
            q.FileDone = () => done++;
            q.ReadFiles(new[] { Example });
            Assert.NotEmpty(seen);
            Assert.All(seen, x => Assert.Equal(Path.GetFileName(Example), x.File));
            Assert.Equal(new FileInfo(Example).Length, seen.Last().Total);
            Assert.Equal(1, done);
        }
    }
}
