using System;
using System.Net;
using System.Net.Sockets;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// A TCP connect on the calling thread, bounded by a timeout. A blocking connect to a silent host can take minutes
    /// (the kernel's SYN retries); an awaited one hands every completion to the thread pool, which on a busy machine
    /// costs milliseconds per hop. A non-blocking connect polled for the remaining time has neither cost.
    /// </summary>
    internal static class TcpDial
    {
        /// <summary>A connected socket (the caller disposes it), or null with the reason in Go's words where they differ.</summary>
        public static Socket? Connect(string host, int port, int timeoutMs, out string? error)
        {
            error = null;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            host = host.Trim('[', ']');
            IPAddress[] addresses;
            if (IPAddress.TryParse(host, out var literal)) addresses = new[] { literal };
            else
            {
                try
                {
                    var lookup = Dns.GetHostAddressesAsync(host);
                    if (!lookup.Wait(Math.Max(0, timeoutMs)))
                    {
                        error = "i/o timeout after " + timeoutMs + " ms";
                        return null;
                    }
                    addresses = lookup.Result;
                }
                catch (AggregateException e) when (e.InnerException is SocketException se)
                {
                    error = se.Message;
                    return null;
                }
            }
            if (addresses.Length == 0)
            {
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
                var socket = TryOne(new IPEndPoint(address, port), remaining, out error);
                if (socket != null) return socket;
            }
            return null;
        }

        /// <summary>null on success, else the reason.</summary>
        public static string? Probe(string host, int port, int timeoutMs)
        {
            using (Connect(host, port, timeoutMs, out var error)) return error;
        }

        private static Socket? TryOne(IPEndPoint endpoint, int timeoutMs, out string? error)
        {
            error = null;
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Blocking = false;
                try
                {
                    socket.Connect(endpoint);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock || e.SocketErrorCode == SocketError.InProgress)
                {
                    // Writable means connected or failed; SO_ERROR tells which. Not writable in time: timed out.
                    bool done = socket.Poll(Math.Min(timeoutMs, int.MaxValue / 1000) * 1000, SelectMode.SelectWrite);
                    var code = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
                    if (code != SocketError.Success) throw new SocketException((int)code);
                    if (!done)
                    {
                        error = "i/o timeout after " + timeoutMs + " ms";
                        socket.Dispose();
                        return null;
                    }
                }
                socket.Blocking = true;
                return socket;
            }
            catch (SocketException e)
            {
                error = e.SocketErrorCode == SocketError.ConnectionRefused ? "connect: connection refused" : e.Message;
                socket.Dispose();
                return null;
            }
        }
    }
}
