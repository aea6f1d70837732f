using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Clients;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>Ctrl+C stops reading inside one huge document, and a client check, instead of at the end of the file.</summary>
    public class ReadCancellationTests
    {
        /// <summary>One role document whose allow list has <paramref name="entries"/> label values: a single document, many megabytes.</summary>
        private static string HugeRole(int entries)
        {
            var sb = new StringBuilder("kind: role\nversion: v8\nmetadata:\n  name: huge\nspec:\n  allow:\n    app_labels:\n      env:\n");
            for (int i = 0; i < entries; i++) sb.Append("        - value-").Append(i).Append('\n');
            return sb.ToString();
        }

        private static CancellationToken Cancelled()
        {
            var cts = new CancellationTokenSource();
            cts.Cancel();
            return cts.Token;
        }

        [Fact]
        public void A_cancelled_token_stops_every_reader_before_it_reads()
        {
            var yaml = HugeRole(10);
            Assert.ThrowsAny<OperationCanceledException>(() => ResourceReader.ReadText(yaml, "t.yaml", Cancelled()));
            Assert.ThrowsAny<OperationCanceledException>(() => YamlDocumentReader.Read(yaml, "t.yaml", Cancelled()).ToList());
            Assert.ThrowsAny<OperationCanceledException>(() => JsonParser.Parse("[1,2,3]", "t.json", Cancelled()));
            var file = Path.Combine(Path.GetTempPath(), "tmcp-cancel-" + Guid.NewGuid().ToString("N") + ".yaml");
            File.WriteAllText(file, yaml);
            try
            {
                Assert.ThrowsAny<OperationCanceledException>(() => ResourceReader.ReadFile(file, Cancelled()));
                Assert.ThrowsAny<OperationCanceledException>(() => TextFile.ReadAllText(file, Cancelled()));
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void The_yaml_reader_stops_inside_one_document()
        {
            // The parser's events are counted: the token is looked at for each one, so the stop lands mid-document.
            var yaml = HugeRole(200000);
            using (var cts = new CancellationTokenSource())
            {
                int seen = 0;
                var ct = cts.Token;
                ct.Register(() => Volatile.Write(ref seen, 1));
                var reader = YamlDocumentReader.Read(yaml, "t.yaml", ct);
                cts.Cancel();
                Assert.ThrowsAny<OperationCanceledException>(() => reader.ToList());
                Assert.Equal(1, seen);
            }
        }

        /// <summary>
        /// Cancels 20 ms from now on a thread of its own: CancelAfter's timer runs on the thread pool, which a loaded test
        /// run can hold up until the read has ended. Disposing waits for the cancel.
        /// </summary>
        private static IDisposable CancelSoon(CancellationTokenSource cts)
        {
            var t = new Thread(() => { Thread.Sleep(20); cts.Cancel(); }) { IsBackground = true };
            t.Start();
            return new Joined(t);
        }

        /// <summary>
        /// The read ends with a cancellation when the cancel comes while it runs. A round whose read got to its end before
        /// the cancel came (the cancelling thread held up by a loaded machine), or began after it, is run again; a read
        /// that a cancel under way does not end fails (its ~10 MB take far longer than the 20 ms).
        /// </summary>
        private static void AssertCancelledWhileReading(Func<CancellationToken, object> read)
        {
            for (int round = 0; round < 5; round++)
            {
                using (var cts = new CancellationTokenSource())
                using (CancelSoon(cts))
                {
                    // A cancel that came before the read began proves nothing about stopping a read under way.
                    if (cts.IsCancellationRequested) continue;
                    try
                    {
                        read(cts.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
            Assert.Fail("in five rounds no read under way was ended by the cancel");
        }

        private sealed class Joined : IDisposable
        {
            private readonly Thread _t;
            public Joined(Thread t) { _t = t; }
            public void Dispose() => _t.Join();
        }

        [Fact]
        public void A_token_cancelled_mid_read_ends_a_single_huge_document()
        {
            var yaml = HugeRole(400000);
            // The read of ~10 MB in one document takes far longer than the delay: the cancel arrives while it runs.
            AssertCancelledWhileReading(ct => ResourceReader.ReadText(yaml, "t.yaml", ct));
        }

        [Fact]
        public void The_json_parser_stops_between_values()
        {
            var sb = new StringBuilder("[");
            for (int i = 0; i < 300000; i++) sb.Append(i == 0 ? "" : ",").Append("{\"kind\":\"user\",\"metadata\":{\"name\":\"u").Append(i).Append("\"}}");
            sb.Append(']');
            var json = sb.ToString();
            AssertCancelledWhileReading(ct => ResourceReader.ReadText(json, "t.json", ct));
        }

        [Fact]
        public void Cancellable_work_is_abandoned_at_once_even_when_it_never_looks_at_the_token()
        {
            using (var release = new ManualResetEventSlim())
            using (var started = new ManualResetEventSlim())
            using (var cts = new CancellationTokenSource())
            {
                var run = System.Threading.Tasks.Task.Run(() => Cancellable.Run(() =>
                {
                    started.Set();
                    release.Wait(TimeSpan.FromSeconds(30));
                    return 1;
                }, cts.Token));
                Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
                cts.Cancel();
                var e = Assert.ThrowsAny<AggregateException>(() => run.Wait(TimeSpan.FromSeconds(30)));
                Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
                release.Set();
            }
        }

        [Fact]
        public void Cancellable_gives_back_the_result_or_the_original_exception()
        {
            using (var cts = new CancellationTokenSource())
            {
                Assert.Equal(42, Cancellable.Run(() => 42, cts.Token));
                Assert.Throws<InvalidDataException>(() => Cancellable.Run<int>(() => throw new InvalidDataException("bad"), cts.Token));
            }
            // Without a token that can be cancelled, the work runs on the caller's thread.
            int thread = Cancellable.Run(() => Environment.CurrentManagedThreadId, CancellationToken.None);
            Assert.Equal(Environment.CurrentManagedThreadId, thread);
        }

        [Fact]
        public void Cancellable_for_each_delivers_every_result_in_order_on_the_callers_thread()
        {
            int caller = Environment.CurrentManagedThreadId;
            foreach (var token in new[] { CancellationToken.None, new CancellationTokenSource().Token })
            {
                var items = Enumerable.Range(0, 5000).ToList();
                var workThreads = new System.Collections.Concurrent.ConcurrentBag<int>();
                var delivered = new System.Collections.Generic.List<(int, string)>();
                Cancellable.ForEach(items, i =>
                {
                    workThreads.Add(Environment.CurrentManagedThreadId);
                    return "r" + i;
                }, (i, r) =>
                {
                    Assert.Equal(caller, Environment.CurrentManagedThreadId);
                    delivered.Add((i, r));
                }, token);
                Assert.Equal(items.Select(i => (i, "r" + i)), delivered);
                // With a token that can stop the run the work is on the worker, without one on the caller's thread.
                Assert.Equal(token.CanBeCanceled, workThreads.All(t => t != caller));
            }
        }

        [Fact]
        public void Cancellable_for_each_delivers_the_results_before_a_failing_item_then_throws_its_exception()
        {
            using (var cts = new CancellationTokenSource())
            {
                var delivered = new System.Collections.Generic.List<int>();
                var e = Assert.Throws<InvalidDataException>(() => Cancellable.ForEach(Enumerable.Range(0, 10).ToList(),
                    i => i == 7 ? throw new InvalidDataException("bad " + i) : i, (i, r) => delivered.Add(r), cts.Token));
                Assert.Equal("bad 7", e.Message);
                Assert.Equal(Enumerable.Range(0, 7), delivered);
            }
        }

        [Fact]
        public void Cancellable_for_each_carries_on_across_batches_and_a_later_batchs_failure_comes_after_every_result_before_it()
        {
            using (var cts = new CancellationTokenSource())
            {
                // Items that outlast a batch's 50 ms: each batch ends after one or two of them, so the run takes several.
                var delivered = new System.Collections.Generic.List<int>();
                var e = Assert.Throws<InvalidDataException>(() => Cancellable.ForEach(Enumerable.Range(0, 8).ToList(), i =>
                {
                    if (i % 2 == 0) Thread.Sleep(60);
                    if (i == 6) throw new InvalidDataException("bad " + i);
                    return i * 10;
                }, (i, r) =>
                {
                    Assert.Equal(i * 10, r);
                    delivered.Add(i);
                }, cts.Token));
                Assert.Equal("bad 6", e.Message);
                Assert.Equal(Enumerable.Range(0, 6), delivered);
            }
        }

        [Fact]
        public void Cancellable_for_each_is_abandoned_at_once_and_its_batch_ends_at_the_next_item()
        {
            using (var release = new ManualResetEventSlim())
            using (var started = new ManualResetEventSlim())
            using (var cts = new CancellationTokenSource())
            {
                int worked = 0;
                var run = System.Threading.Tasks.Task.Run(() => Cancellable.ForEach(Enumerable.Range(0, 100).ToList(), i =>
                {
                    Interlocked.Increment(ref worked);
                    started.Set();
                    release.Wait(TimeSpan.FromSeconds(30));
                    return i;
                }, (i, r) => { }, cts.Token));
                Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
                cts.Cancel();
                var e = Assert.ThrowsAny<AggregateException>(() => run.Wait(TimeSpan.FromSeconds(30)));
                Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
                release.Set();
                // The abandoned batch looks at the token before its next item: no item after the one running.
                Thread.Sleep(200);
                Assert.Equal(1, Volatile.Read(ref worked));
            }
            Assert.ThrowsAny<OperationCanceledException>(() => Cancellable.ForEach(new[] { 1 }, i => i, (i, r) => { }, Cancelled()));
        }

        [Fact]
        public void Cancellable_work_after_an_abandoned_one_still_runs_while_the_abandoned_one_is_stuck()
        {
            using (var release = new ManualResetEventSlim())
            using (var started = new ManualResetEventSlim())
            using (var cts = new CancellationTokenSource())
            using (var next = new CancellationTokenSource())
            {
                int stuckThread = 0;
                var run = System.Threading.Tasks.Task.Run(() => Cancellable.Run(() =>
                {
                    stuckThread = Environment.CurrentManagedThreadId;
                    started.Set();
                    release.Wait(TimeSpan.FromSeconds(60));
                    return 1;
                }, cts.Token));
                Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
                cts.Cancel();
                Assert.ThrowsAny<AggregateException>(() => run.Wait(TimeSpan.FromSeconds(30)));
                // The abandoned worker is never handed new work: these run elsewhere and finish while it is stuck.
                for (int i = 0; i < 100; i++)
                {
                    int thread = Cancellable.Run(() => Environment.CurrentManagedThreadId, next.Token);
                    Assert.NotEqual(stuckThread, thread);
                    Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
                }
                release.Set();
            }
        }

        [Fact]
        public void Cancellable_work_nested_in_cancellable_work_runs_on_the_same_worker()
        {
            using (var cts = new CancellationTokenSource())
            {
                var threads = Cancellable.Run(() => (Outer: Environment.CurrentManagedThreadId, Inner: Cancellable.Run(() => Environment.CurrentManagedThreadId, cts.Token)), cts.Token);
                Assert.Equal(threads.Outer, threads.Inner);
                Assert.NotEqual(Environment.CurrentManagedThreadId, threads.Outer);
            }
        }

        [Fact]
        public void Cancellable_work_runs_in_its_callers_culture_and_async_locals_on_a_reused_worker()
        {
            var local = new AsyncLocal<string>();
            var saved = System.Globalization.CultureInfo.CurrentCulture;
            using (var cts = new CancellationTokenSource())
            {
                try
                {
                    foreach (var (culture, value) in new[] { ("de-DE", "first"), ("fr-FR", "second"), ("en-US", "third") })
                    {
                        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(culture);
                        local.Value = value;
                        var seen = Cancellable.Run(() => (System.Globalization.CultureInfo.CurrentCulture.Name, local.Value), cts.Token);
                        Assert.Equal((culture, value), seen);
                    }
                }
                finally
                {
                    System.Globalization.CultureInfo.CurrentCulture = saved;
                }
            }
        }

        [Fact]
        public void Cancellable_gives_every_caller_its_own_result_when_called_from_many_threads()
        {
            using (var cts = new CancellationTokenSource())
            {
                var results = new int[2000];
                System.Threading.Tasks.Parallel.For(0, results.Length, i => results[i] = Cancellable.Run(() => i * 3, cts.Token));
                for (int i = 0; i < results.Length; i++) Assert.Equal(i * 3, results[i]);
            }
        }

        [Fact]
        public void Reading_with_a_token_gives_the_same_items_as_without()
        {
            var text = HugeRole(3) + "---\nkind: user\nversion: v2\nmetadata:\n  name: alice\nspec:\n  roles: [huge]\n---\nkind: role\nmetadata: [broken\n";
            using (var cts = new CancellationTokenSource())
            {
                var plain = ResourceReader.ReadText(text, "t.yaml").ToList();
                var withToken = ResourceReader.ReadText(text, "t.yaml", cts.Token);
                Assert.Equal(plain.Count, withToken.Count);
                Assert.Equal(plain.Select(i => i.Resource?.Name ?? i.Diagnostic.Code), withToken.Select(i => i.Resource?.Name ?? i.Diagnostic.Code));
                var error = withToken.Single(i => i.Diagnostic?.Level == DiagnosticLevel.Error).Diagnostic;
                var lines = text.Split('\n');
                Assert.Equal(lines[error.Location.Line - 1], error.LineText);
                Assert.Equal(error.LineText, plain.Single(i => i.Diagnostic?.Level == DiagnosticLevel.Error).Diagnostic.LineText);
            }
        }

        [Fact]
        public void Client_checks_stop_at_the_token_and_hand_it_to_tsh()
        {
            var env = FakeEnv.Linux().File("/usr/bin/tsh").File("/home/alice/.config/Claude/claude_desktop_config.json",
                "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}");
            using (var cts = new CancellationTokenSource())
            {
                var seenTokens = new System.Collections.Generic.List<CancellationToken>();
                var runner = new TokenRunner(ct =>
                {
                    seenTokens.Add(ct);
                    // Ctrl+C while tsh runs: the runner ends tsh (here: returns) and the checks stop instead of going on.
                    cts.Cancel();
                    return new ProcessResult { ExitCode = -1, TimedOut = true };
                });
                var options = new ClientCheckOptions { Environment = env, Runner = runner, Cancel = cts.Token, ListAppsLive = false };
                Assert.ThrowsAny<OperationCanceledException>(() => ClientChecker.Run(options));
                Assert.Single(seenTokens);
                Assert.Equal(cts.Token, seenTokens[0]);
            }
            Assert.ThrowsAny<OperationCanceledException>(() => ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = new FakeRunner(), Cancel = Cancelled() }));
        }

        [Fact]
        public void Interpolating_a_huge_role_is_answered_at_the_token()
        {
            var role = (Role)ResourceReader.ReadText(HugeRole(2000), "t.yaml").Single().Resource;
            var session = new TeleportMcp.Engine.Rbac.McpAccessSession(new[] { role });
            var user = new User { Name = "a", Roles = new System.Collections.Generic.List<string> { "huge" } };
            // The batch form the runners (RoleTestRunner, DiagnosisRunner) prepare their users with.
            var seen = new System.Collections.Generic.List<string>();
            Assert.ThrowsAny<OperationCanceledException>(() => session.Prepare(new[] { user }, (u, prepared) => seen.Add(u.Name), Cancelled()));
            Assert.Empty(seen);
            using (var cts = new CancellationTokenSource())
            {
                session.Prepare(new[] { user }, (u, prepared) =>
                {
                    seen.Add(u.Name);
                    Assert.Empty(prepared.MissingRoles);
                }, cts.Token);
            }
            Assert.Equal(new[] { "a" }, seen);
        }

        private sealed class TokenRunner : IProcessRunner
        {
            private readonly Func<CancellationToken, ProcessResult> _answer;
            public TokenRunner(Func<CancellationToken, ProcessResult> answer) => _answer = answer;

            public ProcessResult Run(string fileName, System.Collections.Generic.IList<string> arguments, System.Collections.Generic.IDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancel) =>
                _answer(cancel);
        }
    }
}
