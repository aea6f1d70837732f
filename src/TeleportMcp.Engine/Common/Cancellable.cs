using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// Runs work that looks at the stop token only between its steps on a thread of its own, so a stop request is
    /// answered at once even inside one long step (one huge YAML scalar, one huge document being mapped): the caller
    /// stops waiting and the abandoned work ends at its next look at the token.
    /// </summary>
    /// <remarks>
    /// Callers run it once per user or per file, tens of thousands of times in a run: starting a thread each time cost
    /// more than the work (bench/rbac.ps1). One worker thread is kept parked between calls and reused; a worker whose
    /// work was abandoned is never reused, and a parked one ends after <see cref="IdleTimeout"/>. Each item runs in its
    /// caller's execution context (culture, async-local limits), as it did on a thread started for it.
    /// </remarks>
    public static class Cancellable
    {
        // The readers are iterative, but a tree they build may be walked recursively later: never less stack than the main thread.
        private const int StackBytes = 16 * 1024 * 1024;

        private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

        private static Worker? s_parked;

        [ThreadStatic]
        private static bool t_onWorker;

        /// <exception cref="OperationCanceledException">The token was cancelled before the work finished.</exception>
        public static T Run<T>(Func<T> work, CancellationToken ct)
        {
            // Nested work already runs on a worker whose caller answers the stop request.
            if (!ct.CanBeCanceled || t_onWorker) return work();
            ct.ThrowIfCancellationRequested();
            var job = new Job<T>(work);
            var worker = Interlocked.Exchange(ref s_parked, null);
            if (worker == null || !worker.TryPost(job))
            {
                worker = Worker.Start();
                worker.TryPost(job);
            }
            try
            {
                job.Done.Wait(ct);
            }
            catch (OperationCanceledException) when (!job.Done.IsSet)
            {
                worker.Retire();   // it ends once the abandoned work looks at the token
                throw;
            }
            catch (OperationCanceledException)
            {
                // finished just as the stop came: the result stands
            }
            if (Interlocked.CompareExchange(ref s_parked, worker, null) != null) worker.Retire();
            if (job.Error != null) ExceptionDispatchInfo.Capture(job.Error).Throw();
            return job.Result;
        }

        // How long one ForEach batch may run on the worker before its results are handed back: output stays prompt
        // while the hand-over to the worker (a thread wake-up, slow on a loaded machine) is paid once per batch.
        private const long BatchMilliseconds = 50;

        /// <summary>
        /// <paramref name="work"/> for each item in order, as <see cref="Run{T}"/> would for each, but on the worker in
        /// batches (one hand-over for many items: per item it cost more than preparing a user, bench/rbac.ps1). Each
        /// result is given to <paramref name="deliver"/> on the caller's thread, in order; when an item's work fails,
        /// the results before it are delivered and then its exception is thrown, as with one call per item.
        /// </summary>
        /// <exception cref="OperationCanceledException">The token was cancelled before the work finished.</exception>
        public static void ForEach<TIn, TOut>(IReadOnlyList<TIn> items, Func<TIn, TOut> work, Action<TIn, TOut> deliver, CancellationToken ct)
        {
            if (!ct.CanBeCanceled || t_onWorker)
            {
                foreach (var item in items) deliver(item, work(item));
                return;
            }
            int next = 0;
            while (next < items.Count)
            {
                ct.ThrowIfCancellationRequested();
                int start = next;
                var batch = Run(() => RunBatch(items, start, work, ct), ct);
                for (int i = 0; i < batch.Results.Count; i++) deliver(items[start + i], batch.Results[i]);
                if (batch.Error != null) ExceptionDispatchInfo.Capture(batch.Error).Throw();
                next = start + batch.Results.Count;
            }
        }

        private sealed class Batch<TOut>
        {
            public readonly List<TOut> Results = new List<TOut>();
            public Exception? Error;
        }

        private static Batch<TOut> RunBatch<TIn, TOut>(IReadOnlyList<TIn> items, int start, Func<TIn, TOut> work, CancellationToken ct)
        {
            var batch = new Batch<TOut>();
            var clock = Stopwatch.StartNew();
            try
            {
                do
                {
                    // The caller stopped waiting: the abandoned batch ends here.
                    ct.ThrowIfCancellationRequested();
                    batch.Results.Add(work(items[start + batch.Results.Count]));
                }
                while (start + batch.Results.Count < items.Count && clock.ElapsedMilliseconds < BatchMilliseconds);
            }
            catch (Exception e)
            {
                // Handed back with the results before it, which the caller delivers first.
                batch.Error = e;
            }
            return batch;
        }

        private abstract class WorkItem
        {
            public abstract void Execute();
        }

#pragma warning disable CA1001 // Done is never disposed on purpose: an abandoned worker still sets it when it ends.
        private sealed class Job<T> : WorkItem
        {
            private readonly Func<T> _work;
            private readonly ExecutionContext? _context = ExecutionContext.Capture();
            public readonly ManualResetEventSlim Done = new ManualResetEventSlim();
            public T Result = default!; // Execute sets it before Done unless the work failed (then Error is set and Result is never read)
            public Exception? Error;

            public Job(Func<T> work) { _work = work; }

            public override void Execute()
            {
                try
                {
                    if (_context == null) Result = _work();   // flow suppressed by the caller
                    else ExecutionContext.Run(_context, self => ((Job<T>)self!).Result = ((Job<T>)self!)._work(), this);
                }
                catch (Exception e)
                {
                    // Any failure goes back to the caller (or, when abandoned, nowhere): never an unhandled thread exception.
                    Error = e;
                }
                finally
                {
                    Done.Set();
                }
            }
        }
#pragma warning restore CA1001

        private sealed class Worker
        {
            private readonly object _gate = new object();
            private WorkItem? _next;
            private bool _retired;

            public static Worker Start()
            {
                var worker = new Worker();
                new Thread(worker.Loop, StackBytes) { IsBackground = true, Name = "TeleportMcp cancellable work" }.Start();
                return worker;
            }

            /// <summary>Hands the worker its next item; false when it has ended (idle too long, or retired).</summary>
            public bool TryPost(WorkItem item)
            {
                lock (_gate)
                {
                    if (_retired) return false;
                    _next = item;
                    Monitor.Pulse(_gate);
                    return true;
                }
            }

            /// <summary>Ends the worker after its current item, if any.</summary>
            public void Retire()
            {
                lock (_gate)
                {
                    _retired = true;
                    Monitor.Pulse(_gate);
                }
            }

            private void Loop()
            {
                t_onWorker = true;
                while (true)
                {
                    WorkItem item;
                    lock (_gate)
                    {
                        while (_next == null)
                        {
                            if (_retired) return;
                            if (!Monitor.Wait(_gate, IdleTimeout) && _next == null)
                            {
                                _retired = true;
                                return;
                            }
                        }
                        item = _next;
                        _next = null;
                    }
                    item.Execute();
                }
            }
        }
    }
}
