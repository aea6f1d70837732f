using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// A TCP connect on the calling thread, bounded by a timeout. A blocking connect to a silent host can take minutes
    /// (the kernel's SYN retries); an awaited one hands every completion to the thread pool, which on a busy machine
    /// costs milliseconds per hop. A non-blocking connect polled for the remaining time has neither cost.
    /// </summary>
    internal static class TcpDial
    {
        /// <summary>How often a connect waiting on a silent host looks at its cancellation token.</summary>
        private const int CancelSliceMs = 100;

        /// <summary>A connected socket (the caller disposes it), or null with the reason in Go's words where they differ.</summary>
        public static Socket? Connect(string host, int port, int timeoutMs, out string? error) =>
            Connect(host, port, timeoutMs, CancellationToken.None, out error, out _);

        /// <summary>
        /// As above, ended early by <paramref name="ct"/> (OperationCanceledException); <paramref name="failure"/> is the
        /// socket error behind a failed connect or lookup (null for a timeout).
        /// </summary>
        public static Socket? Connect(string host, int port, int timeoutMs, CancellationToken ct, out string? error, out SocketException? failure)
        {
            error = null;
            failure = null;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            host = host.Trim('[', ']');
            IPAddress[] addresses;
            if (IPAddress.TryParse(host, out var literal)) addresses = new[] { literal };
            else
            {
                try
                {
                    var lookup = Dns.GetHostAddressesAsync(host);
                    if (!lookup.Wait(Math.Max(0, timeoutMs), ct))
                    {
                        error = "i/o timeout after " + timeoutMs + " ms";
                        return null;
                    }
                    addresses = lookup.Result;
                }
                catch (AggregateException e) when (e.InnerException is SocketException se)
                {
                    failure = se;
                    error = se.Message;
                    return null;
                }
            }
            if (addresses.Length == 0)
            {
                failure = new SocketException((int)SocketError.HostNotFound);
                error = "no such host";
                return null;
            }
            // Go's dialer tries the addresses in order (net.Dialer, sequential fallback); the first that answers wins.
            foreach (var address in addresses)
            {
                int remaining = timeoutMs - (int)clock.ElapsedMilliseconds;
                if (remaining <= 0)
                {
                    error = "i/o timeout after " + timeoutMs + " ms";
                    return null;
                }
                var socket = TryOne(new IPEndPoint(address, port), remaining, ct, out error, out failure);
                if (socket != null) return socket;
            }
            return null;
        }

        /// <summary>null on success, else the reason.</summary>
        public static string? Probe(string host, int port, int timeoutMs)
        {
            using (Connect(host, port, timeoutMs, out var error)) return error;
        }

        private static Socket? TryOne(IPEndPoint endpoint, int timeoutMs, CancellationToken ct, out string? error, out SocketException? failure)
        {
            var socket = Start(endpoint, out error, out failure);
            return socket == null ? null : Finish(socket, timeoutMs, ct, out error, out failure);
        }

        private static Socket? Failed(Socket socket, SocketException e, out string? error, out SocketException? failure)
        {
            failure = e;
            error = Reason(e);
            socket.Dispose();
            return null;
        }

        /// <summary>A socket whose connect is under way (the kernel completes it meanwhile), or null with the reason it failed at once.</summary>
        internal static Socket? Start(IPEndPoint endpoint, out string? error, out SocketException? failure)
        {
            error = null;
            failure = null;
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Blocking = false;
                socket.Connect(endpoint);
                return socket;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock || e.SocketErrorCode == SocketError.InProgress)
            {
                return socket;
            }
            catch (SocketException e)
            {
                return Failed(socket, e, out error, out failure);
            }
        }

        /// <summary>Waits for a connect <see cref="Start"/>ed: the socket, blocking again, or null (disposed) with the reason.</summary>
        internal static Socket? Finish(Socket socket, int timeoutMs, CancellationToken ct, out string? error, out SocketException? failure)
        {
            error = null;
            failure = null;
            try
            {
                // Writable (or, on Windows, in error) means connected or failed; SO_ERROR tells which. Neither in time: timed out.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                bool done;
                var writable = new List<Socket>(1);
                var failed = new List<Socket>(1);
                while (true)
                {
                    long left = timeoutMs - clock.ElapsedMilliseconds;
                    int slice = (int)Math.Max(0, ct.CanBeCanceled ? Math.Min(left, CancelSliceMs) : Math.Min(left, int.MaxValue / 1000));
                    writable.Clear();
                    writable.Add(socket);
                    failed.Clear();
                    failed.Add(socket);
                    Socket.Select(null, writable, failed, slice * 1000);
                    done = writable.Count > 0 || failed.Count > 0;
                    if (done || clock.ElapsedMilliseconds >= timeoutMs) break;
                    if (ct.IsCancellationRequested)
                    {
                        socket.Dispose();
                        ct.ThrowIfCancellationRequested();
                    }
                }
                var code = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
                if (code != SocketError.Success) throw new SocketException((int)code);
                if (!done)
                {
                    error = "i/o timeout after " + timeoutMs + " ms";
                    socket.Dispose();
                    return null;
                }
                socket.Blocking = true;
                return socket;
            }
            catch (SocketException e)
            {
                return Failed(socket, e, out error, out failure);
            }
        }

        private static string Reason(SocketException e) => e.SocketErrorCode == SocketError.ConnectionRefused ? "connect: connection refused" : e.Message;
    }
}
