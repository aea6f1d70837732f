using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>Progress is bytes of the file, and a cancelled scan stops within one buffer (64 KiB), not at the end of the file.</summary>
    public class LogReaderProgressTests
    {
        private static MemoryStream Log(int lines)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < lines; i++) sb.Append("2025-09-30T10:00:00Z INFO [APP:SERVI] nothing to see here, line ").Append(i).Append('\n');
            return new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString()));
        }

        [Fact]
        public void Reports_bytes_read_of_the_total_up_to_the_end()
        {
            using (var s = Log(20000))
            {
                var seen = new List<long>();
                long total = -1;
                LogFileReader.Scan(s, new LogScanner(KnownErrorCatalog.Embedded, "t", _ => { }), (done, all) => { seen.Add(done); total = all; }, CancellationToken.None);
                Assert.Equal(s.Length, total);
                Assert.Equal(s.Length, seen[seen.Count - 1]);
                for (int i = 1; i < seen.Count; i++) Assert.True(seen[i] >= seen[i - 1]);
            }
        }

        [Fact]
        public void A_cancelled_scan_stops_within_one_buffer()
        {
            using (var s = Log(100000))
            using (var cts = new CancellationTokenSource())
            {
                long lastSeen = 0;
                var scanner = new LogScanner(KnownErrorCatalog.Embedded, "t", _ => { });
                Assert.ThrowsAny<OperationCanceledException>(() => LogFileReader.Scan(s, scanner, (done, all) =>
                {
                    lastSeen = done;
                    if (done > 100000) cts.Cancel();
                }, cts.Token));
                Assert.True(s.Position < s.Length / 2, "the scan went on to " + s.Position + " of " + s.Length);
                Assert.True(s.Position - lastSeen <= 64 * 1024);
            }
        }
    }
}
