using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// Runs work that looks at the stop token only between its steps on a thread of its own, so a stop request is
    /// answered at once even inside one long step (one huge YAML scalar, one huge document being mapped): the caller
    /// stops waiting and the abandoned work ends at its next look at the token.
    /// </summary>
    public static class Cancellable
    {
        // The readers are iterative, but a tree they build may be walked recursively later: never less stack than the main thread.
        private const int StackBytes = 16 * 1024 * 1024;

        /// <exception cref="OperationCanceledException">The token was cancelled before the work finished.</exception>
        public static T Run<T>(Func<T> work, CancellationToken ct)
        {
            if (!ct.CanBeCanceled) return work();
            ct.ThrowIfCancellationRequested();
            var state = new WorkState<T>();
            var thread = new Thread(() => state.Execute(work), StackBytes) { IsBackground = true, Name = "TeleportMcp cancellable work" };
            thread.Start();
            // Not disposed: an abandoned worker still sets it when it ends.
            if (WaitHandle.WaitAny(new[] { state.Done.WaitHandle, ct.WaitHandle }) != 0 && !state.Done.IsSet)
                throw new OperationCanceledException(ct);
            if (state.Error != null) ExceptionDispatchInfo.Capture(state.Error).Throw();
            return state.Result;
        }

#pragma warning disable CA1001 // Done is never disposed on purpose: an abandoned worker still sets it when it ends.
        private sealed class WorkState<T>
        {
            public readonly ManualResetEventSlim Done = new ManualResetEventSlim();
            public T Result = default!; // Execute sets it before Done unless the work failed (then Error is set and Result is never read)
            public Exception? Error;

            public void Execute(Func<T> work)
            {
                try
                {
                    Result = work();
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
    }
}
