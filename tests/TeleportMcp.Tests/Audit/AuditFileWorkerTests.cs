using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>
    /// A file read by AuditEventQuery is scanned on a worker thread (a .gz inflated on another) while the caller's thread
    /// writes the events: the events, their order and line numbers, the counts and the errors must be exactly those of
    /// the plain sequential reader, a stop must end the worker before ReadFiles returns, and a caller that stops taking
    /// events (PowerShell's pipeline stopped) must not leave the worker or the file behind.
    /// </summary>
    public sealed class AuditFileWorkerTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-auditworker-" + Guid.NewGuid().ToString("N"));

        public AuditFileWorkerTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); }
            catch (IOException) { }
        }

        /// <summary>More events than the batches that may wait (so the worker blocks on a full queue), malformed lines, blank lines, and a cut-off last line.</summary>
        private static string BigLog(int lines, bool cutOffEnd)
        {
            var sb = new StringBuilder();
            for (int i = 1; i <= lines; i++)
            {
                if (i % 997 == 0) sb.Append("not json ").Append(i);
                else if (i % 1009 == 0) sb.Append("");
                else if (i % 3 == 0) sb.Append("{\"event\":\"session.data\",\"code\":\"T2006I\",\"tx\":").Append(i).Append('}');
                else if (i % 101 == 0) sb.Append(AuditEventReaderTests.Ev("TMCP003E", "\"error\":\"access to app denied. User does not have permissions. \",\"message\":{\"id\":\"" + i + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"t" + i + "\"}}"));
                else sb.Append(AuditEventReaderTests.Ev(i % 2 == 0 ? "TMCP003I" : "TMCP004I", "\"n\":" + i));
                sb.Append('\n');
            }
            if (cutOffEnd) sb.Append("{\"code\":\"TMCP003I\",\"event\":\"mcp.session.request\",\"user\":\"bo");
            return sb.ToString();
        }

        private static (List<AuditEvent> Events, AuditReadSummary Summary) Sequential(string path, AuditEventFilter filter)
        {
            var events = new List<AuditEvent>();
            var reader = new AuditEventReader(path, filter, events.Add);
            LogFileReader.Scan(path, reader);
            return (events, reader.Summary);
        }

        private sealed class Run
        {
            public readonly List<AuditEvent> Events = new List<AuditEvent>();
            public readonly List<TeleportInputException> Errors = new List<TeleportInputException>();
            public readonly List<string> Warnings = new List<string>();
            public readonly List<string> Verbose = new List<string>();
            public int Caller = Environment.CurrentManagedThreadId;
            public bool EmittedElsewhere;

            public AuditEventQuery Query(AuditEventFilter filter, CancellationToken ct, Action<AuditEvent> also = null) =>
                new AuditEventQuery(filter, e =>
                {
                    if (Environment.CurrentManagedThreadId != Caller) EmittedElsewhere = true;
                    Events.Add(e);
                    also?.Invoke(e);
                }, ct) { Error = Errors.Add, Warning = Warnings.Add, Verbose = Verbose.Add };
        }

        private string Write(string name, string text, bool gzip)
        {
            var path = Path.Combine(_dir, name);
            var bytes = new UTF8Encoding(false).GetBytes(text);
            if (!gzip) File.WriteAllBytes(path, bytes);
            else
            {
                using (var f = File.Create(path))
                using (var gz = new GZipStream(f, CompressionLevel.Fastest))
                    gz.Write(bytes, 0, bytes.Length);
            }
            return path;
        }

        public static IEnumerable<object[]> Cases() => new[]
        {
            new object[] { false, false }, new object[] { false, true }, new object[] { true, false }, new object[] { true, true },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void TheWorkerReadsExactlyWhatTheSequentialReaderReads(bool gzip, bool failedOnly)
        {
            // Well over BatchSize * BatchesQueued events, and more than one read-ahead block once inflated.
            var path = Write(gzip ? "big.log.gz" : "big.log", BigLog(60000, true), gzip);
            Assert.True(60000 * 2 / 3 > AuditEventQuery.BatchSize * AuditEventQuery.BatchesQueued);
            var filter = new AuditEventFilter { FailedOnly = failedOnly };
            var (expected, summary) = Sequential(path, filter);

            var run = new Run();
            var q = run.Query(filter, CancellationToken.None);
            q.ReadFiles(new[] { path });
            q.Finish();

            Assert.False(run.EmittedElsewhere);
            Assert.Equal(expected.Select(e => e.Line + " " + e.Code + " " + e.Tool), run.Events.Select(e => e.Line + " " + e.Code + " " + e.Tool));
            Assert.True(summary.Malformed > 0);
            var error = Assert.Single(run.Errors);
            Assert.Equal("MalformedAuditEvent", error.Code);
            Assert.Equal(summary.FirstMalformedLine, error.Location.Line);
            Assert.Contains(summary.Malformed + " line(s) are not JSON audit events and were skipped; the first, line " + summary.FirstMalformedLine + ": ", error.Message, StringComparison.Ordinal);
            Assert.Contains(run.Warnings, w => w == path + ":" + summary.TruncatedAtLine + ": the input ends inside this event (a log still being written?); it was skipped.");
            Assert.Contains(path + ": " + summary.Lines + " line(s), " + AuditEventQuery.ReadText(summary.McpEvents, summary.AppAuthConfigVerifyEvents) + ", " + summary.Matched + " matched, " + summary.OtherEvents + " other event(s) skipped.", run.Verbose);
        }

        [Fact]
        public void ACutOffGzipGivesTheEventsBeforeTheDamageThenOneReadError()
        {
            var whole = Write("whole.log.gz", BigLog(40000, false), true);
            var bytes = File.ReadAllBytes(whole);
            var cut = Path.Combine(_dir, "cut.log.gz");
            File.WriteAllBytes(cut, bytes.Take(bytes.Length / 2).ToArray());

            var run = new Run();
            var q = run.Query(new AuditEventFilter(), CancellationToken.None);
            q.ReadFiles(new[] { cut });

            var error = Assert.Single(run.Errors);
            Assert.Equal("AuditReadError", error.Code);
            Assert.NotEmpty(run.Events);
            var all = Sequential(whole, new AuditEventFilter()).Events;
            Assert.Equal(all.Take(run.Events.Count).Select(e => e.Line), run.Events.Select(e => e.Line));
        }

        [Fact]
        public void AStopEndsTheWorkerBeforeReadFilesReturns()
        {
            var path = Write("stop.log", BigLog(60000, false), false);
            using (var cts = new CancellationTokenSource())
            {
                var run = new Run();
                var q = run.Query(new AuditEventFilter(), cts.Token, _ => cts.Cancel());
                q.ReadFiles(new[] { path });
                int seen = run.Events.Count;
                // At most the batch being written when the stop came; nothing arrives after ReadFiles returned.
                Assert.InRange(seen, 1, AuditEventQuery.BatchSize);
                Thread.Sleep(50);
                Assert.Equal(seen, run.Events.Count);
                Assert.Empty(run.Errors);
                AssertClosed(path);
            }
        }

        [Fact]
        public void ACallerThatStopsTakingEventsEndsTheWorkerAndClosesTheFile()
        {
            var path = Write("stopped.log", BigLog(60000, false), false);
            var run = new Run();
            var q = run.Query(new AuditEventFilter(), CancellationToken.None, e =>
            {
                if (e.Line > 5000) throw new InvalidOperationException("pipeline stopped");
            });
            var thrown = Assert.Throws<InvalidOperationException>(() => q.ReadFiles(new[] { path }));
            Assert.Equal("pipeline stopped", thrown.Message);
            AssertClosed(path);
        }

        [Fact]
        public void EveryFileIsReadInTurnAndAMissingOneIsAnErrorBetweenThem()
        {
            var a = Write("a.log", BigLog(3000, false), false);
            var b = Write("b.log.gz", BigLog(2000, false), true);
            var missing = Path.Combine(_dir, "gone.log");
            var run = new Run();
            var q = run.Query(new AuditEventFilter { FailedOnly = true }, CancellationToken.None);
            q.ReadFiles(new[] { a, missing, b });
            var expected = Sequential(a, new AuditEventFilter { FailedOnly = true }).Events.Concat(Sequential(b, new AuditEventFilter { FailedOnly = true }).Events);
            Assert.Equal(expected.Select(e => e.Source + ":" + e.Line), run.Events.Select(e => e.Source + ":" + e.Line));
            Assert.Contains(run.Errors, e => e.Code == "AuditReadError");
        }

        /// <summary>The reader's handle is gone: an exclusive open succeeds (FileShare.None is enforced on every platform .NET runs on).</summary>
        private static void AssertClosed(string path)
        {
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
        }
    }
}
