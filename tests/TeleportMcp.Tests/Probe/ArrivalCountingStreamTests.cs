using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using TeleportMcp.Engine.Probe;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>
    /// The transport under a kept TLS connection: bytes that came while a read was pending are, at every moment, either
    /// still on the socket or counted. Without the count there is a window (bytes taken off the socket, the read not yet
    /// completed) in which a connection looks idle though an unrequested answer came: the flake that let a fake answer
    /// through on a loaded CI machine.
    /// </summary>
    public class ArrivalCountingStreamTests
    {
        private static (Socket client, Socket server) Pair()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(listener.LocalEndPoint!);
            return (client, listener.Accept());
        }

        /// <summary>The read's result; a read that never ends fails the test (a guard against a hang, not a timing).</summary>
        private static async Task<int> Within(Task<int> read)
        {
            Assert.Same(read, await Task.WhenAny(read, Task.Delay(120000)));
            return await read;
        }

        [Fact]
        public async Task Bytes_that_came_are_on_the_socket_or_counted_at_every_moment()
        {
            for (int round = 0; round < 200; round++)
            {
                var (client, server) = Pair();
                using (server)
                using (var stream = new ArrivalCountingStream(client))
                {
                    var buffer = new byte[64];
                    var read = stream.ReadAsync(buffer, 0, buffer.Length);
                    int before = stream.Arrivals;
                    server.Send(new byte[] { 1, 2, 3 });
                    // Once the bytes have been seen (the kernel may deliver them a little after Send returns), they stay
                    // visible one way or the other until the read completes.
                    bool seen = false;
                    while (!read.IsCompleted)
                    {
                        bool visible = client.Poll(0, SelectMode.SelectRead) || stream.Arrivals > before;
                        if (seen) Assert.True(visible, "round " + round + ": the bytes were neither on the socket nor counted");
                        seen |= visible;
                    }
                    Assert.Equal(3, await Within(read));
                    Assert.True(stream.Arrivals > before);
                }
            }
        }

        [Fact]
        public async Task A_pending_read_counts_nothing_until_something_comes_and_then_counts_the_close()
        {
            var (client, server) = Pair();
            using var stream = new ArrivalCountingStream(client);
            var read = stream.ReadAsync(new byte[16], 0, 16);
            Assert.Equal(0, stream.Arrivals);
            Assert.False(read.IsCompleted);
            server.Shutdown(SocketShutdown.Send);
            Assert.Equal(0, await Within(read));
            Assert.Equal(1, stream.Arrivals);
            server.Dispose();
        }

        [Fact]
        public void Begin_and_end_read_take_the_counted_path()
        {
            var (client, server) = Pair();
            using (server)
            using (var stream = new ArrivalCountingStream(client))
            {
                var buffer = new byte[8];
                var pending = stream.BeginRead(buffer, 0, buffer.Length, null, "state");
                Assert.Equal("state", pending.AsyncState);
                server.Send(new byte[] { 7 });
                Assert.Equal(1, stream.EndRead(pending));
                Assert.Equal(7, buffer[0]);
                Assert.Equal(1, stream.Arrivals);
            }
        }

        /// <summary>
        /// Our own close wakes a pending receive, on Linux sometimes as if the peer had closed (0 bytes): the read must
        /// fail as disposed every time, never pass for the server's end of the connection (the CI failure of 019ea63).
        /// </summary>
        [Fact]
        public async Task A_read_on_a_closed_connection_fails_as_an_io_error()
        {
            for (int round = 0; round < 300; round++)
            {
                var (client, server) = Pair();
                using (server)
                {
                    var stream = new ArrivalCountingStream(client);
                    var read = stream.ReadAsync(new byte[8], 0, 8);
                    stream.Dispose();
                    var e = await Assert.ThrowsAnyAsync<Exception>(() => read);
                    Assert.True(e is IOException || e is ObjectDisposedException, "round " + round + ": " + e.GetType().Name + ": " + e.Message);
                    Assert.False(stream.CanRead);
                }
            }
        }

        [Fact]
        public async Task A_read_whose_socket_an_abort_closes_fails_as_an_io_error()
        {
            // Http1Connection.Abort closes the socket itself, not the stream, to wake a read blocked on it from any thread.
            for (int round = 0; round < 300; round++)
            {
                var (client, server) = Pair();
                using (server)
                using (var stream = new ArrivalCountingStream(client))
                {
                    var read = stream.ReadAsync(new byte[8], 0, 8);
                    stream.MarkClosing();
                    client.Dispose();
                    var e = await Assert.ThrowsAnyAsync<Exception>(() => read);
                    Assert.True(e is IOException || e is ObjectDisposedException, "round " + round + ": " + e.GetType().Name + ": " + e.Message);
                }
            }
        }

        [Fact]
        public async Task A_synchronous_read_whose_socket_an_abort_closes_fails_as_an_io_error()
        {
            for (int round = 0; round < 100; round++)
            {
                var (client, server) = Pair();
                using (server)
                using (var stream = new ArrivalCountingStream(client))
                {
                    var read = Task.Run(() => stream.Read(new byte[8], 0, 8));
                    // Sometimes before the read blocks, sometimes while it does: either way it must not end as 0 bytes.
                    if (round % 2 == 1) await Task.Delay(1);
                    stream.MarkClosing();
                    client.Shutdown(System.Net.Sockets.SocketShutdown.Both);
                    client.Dispose();
                    var e = await Assert.ThrowsAnyAsync<Exception>(() => read);
                    Assert.True(e is IOException || e is ObjectDisposedException, "round " + round + ": " + e.GetType().Name + ": " + e.Message);
                }
            }
        }
    }
}
