using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// The socket stream under a TLS connection. An asynchronous read first waits until the socket is readable (bytes, or
    /// the server's close), counts that, and only then takes the bytes. Bytes that came are therefore always either still
    /// on the socket (<see cref="Socket.Poll"/> sees them) or counted, so a look at both, in that order, never misses bytes
    /// that arrived before it. A pending SslStream read alone hides them between taking them off the socket and completing,
    /// which on a loaded machine can last long enough for the next request to take the connection.
    /// </summary>
    internal sealed class ArrivalCountingStream : Stream
    {
        private readonly Socket _socket;
        private readonly NetworkStream _inner;
        private int _arrivals;
        private int _closing;
        private int _disposed;

        public ArrivalCountingStream(Socket socket)
        {
            _socket = socket;
            _inner = new NetworkStream(socket, true);
        }

        /// <summary>How many times an asynchronous read found the socket readable.</summary>
        public int Arrivals => Volatile.Read(ref _arrivals);

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            try
            {
                // A read of no bytes waits for readability without taking anything (on Linux .NET peeks one byte; Windows
                // completes a zero-byte overlapped receive when data comes).
                await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, offset, 0), SocketFlags.None).ConfigureAwait(false);
                ThrowIfClosing();
                Interlocked.Increment(ref _arrivals);
                if (count == 0) return 0;
                int read = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, offset, count), SocketFlags.None).ConfigureAwait(false);
                ThrowIfClosing();
                return read;
            }
            catch (SocketException e)
            {
                throw new IOException("Unable to read data from the transport connection: " + e.Message, e);
            }
        }

        // .NET Framework's SslStream reads its transport through Begin/EndRead: the same counted path.
        public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state)
        {
            var done = new TaskCompletionSource<int>(state);
            ReadAsync(buffer, offset, count, CancellationToken.None).ContinueWith(t =>
            {
                if (t.IsFaulted) done.TrySetException(t.Exception!.InnerExceptions);
                else if (t.IsCanceled) done.TrySetCanceled();
                else done.TrySetResult(t.Result);
                callback?.Invoke(done.Task);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return done.Task;
        }

        public override int EndRead(IAsyncResult asyncResult) => ((Task<int>)asyncResult).GetAwaiter().GetResult();

        // SslStream reads synchronously too (Http1Connection.Fill): a read our own close ended is not the server's end here either.
        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = _inner.Read(buffer, offset, count);
            ThrowIfClosing();
            return read;
        }

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Flush() => _inner.Flush();

        public override bool CanRead => _inner.CanRead;

        public override bool CanWrite => _inner.CanWrite;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        // Closing the socket can wake a pending receive as if the peer had closed (0 bytes) instead of aborting it; the
        // flag, set before the close (ours, or the connection's abort of the socket), makes a read that our own close
        // ended fail the same way every time.
        private void ThrowIfClosing()
        {
            if (Volatile.Read(ref _closing) != 0) throw new ObjectDisposedException(nameof(ArrivalCountingStream));
        }

        /// <summary>Says the socket is about to be closed under a pending read (an abort), before it is.</summary>
        public void MarkClosing() => Volatile.Write(ref _closing, 1);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                MarkClosing();
                if (Interlocked.Exchange(ref _disposed, 1) == 0) _inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
