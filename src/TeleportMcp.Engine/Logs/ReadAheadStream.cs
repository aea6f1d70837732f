using System;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>
    /// Reads its source ahead on a worker thread into a few fixed blocks, so reading the file (and inflating a .gz)
    /// overlaps with the scan of the bytes already read. Memory is bounded: <see cref="Depth"/> blocks of
    /// <see cref="BlockSize"/> bytes. An error of the source is thrown by the Read that reaches it; a stop (the token)
    /// ends the worker within one block and makes a waiting Read throw <see cref="OperationCanceledException"/>.
    /// </summary>
    internal sealed class ReadAheadStream : ReadOnlyStream
    {
        internal const int BlockSize = 1 << 22;
        internal const int Depth = 2;

        private sealed class Block
        {
            public Block(byte[] data, int count, long sourcePosition, ExceptionDispatchInfo? error)
            {
                Data = data;
                Count = count;
                SourcePosition = sourcePosition;
                Error = error;
            }

            public byte[] Data { get; }
            public int Count { get; }
            public long SourcePosition { get; }
            public ExceptionDispatchInfo? Error { get; }
        }

        private readonly BlockingCollection<Block> _full = new BlockingCollection<Block>(Depth);
        private readonly BlockingCollection<byte[]> _free = new BlockingCollection<byte[]>(Depth + 1);
        private readonly CancellationTokenSource _stop;
        private readonly Task _worker;
        private Block? _current;
        private int _pos;
        private bool _eof;

        /// <param name="source">Read on the worker thread only; it stays the caller's to dispose.</param>
        /// <param name="sourcePosition">Where the file is after a block was read (progress), asked on the worker thread; -1 when unknown.</param>
        public ReadAheadStream(System.IO.Stream source, Func<long> sourcePosition, CancellationToken ct)
        {
            for (int i = 0; i <= Depth; i++) _free.Add(new byte[BlockSize], CancellationToken.None);
            _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var token = _stop.Token;
            _worker = Task.Factory.StartNew(() => Fill(source, sourcePosition, token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>Where the source was when the block now being read was taken from it (0 before the first).</summary>
        public long SourcePosition => _current?.SourcePosition ?? 0;

        private void Fill(System.IO.Stream source, Func<long> sourcePosition, CancellationToken token)
        {
            try
            {
                while (true)
                {
                    var buf = _free.Take(token);
                    int n = 0;
                    ExceptionDispatchInfo? error = null;
                    try
                    {
                        while (n < buf.Length)
                        {
                            token.ThrowIfCancellationRequested();
                            int got = source.Read(buf, n, buf.Length - n);
                            if (got == 0) break;
                            n += got;
                        }
                    }
                    catch (Exception e) when (!(e is OperationCanceledException))
                    {
                        // Thrown by the Read that reaches it, after the bytes before the damage were read (a cut-off .gz).
                        error = ExceptionDispatchInfo.Capture(e);
                    }
                    if (n > 0 || error == null) _full.Add(new Block(buf, n, sourcePosition(), null), token);
                    if (error != null)
                    {
                        _full.Add(new Block(Array.Empty<byte>(), 0, -1, error), token);
                        return;
                    }
                    if (n == 0) return;
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped: the reader has gone (or was stopped itself).
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (count == 0) return 0;
            while (_current == null || _pos == _current.Count)
            {
                if (_eof) return 0;
                if (_current != null && _current.Count > 0) _free.Add(_current.Data, CancellationToken.None);
                _current = _full.Take(_stop.Token);
                _pos = 0;
                _current.Error?.Throw();
                if (_current.Count == 0) _eof = true;
            }
            int n = Math.Min(count, _current.Count - _pos);
            Buffer.BlockCopy(_current.Data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _stop.Cancel();
                try
                {
                    _worker.Wait();
                }
                catch (AggregateException)
                {
                    // Fill catches everything it expects; nothing more to report on the way out.
                }
                _stop.Dispose();
                _full.Dispose();
                _free.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
