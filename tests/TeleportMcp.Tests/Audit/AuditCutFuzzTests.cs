using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>
    /// Review of the chained-breaks rule (helper-214) on real event text: every cut of a real event between good ones, two cut
    /// events in a row, random runs, CRLF and a BOM, nesting at JsonMaxDepth, and message values that hold event types as
    /// nested objects, escaped strings and array items. Expected: no exception, every good event read once, one break a cut.
    /// </summary>
    public class AuditCutFuzzTests
    {
        private sealed class Result
        {
            public List<string> Users = new List<string>();
            public List<(long Line, int Column, string Error)> Breaks = new List<(long, int, string)>();
            public AuditReadSummary Summary = new AuditReadSummary();
        }

        private static Result Read(byte[] bytes)
        {
            var r = new Result();
            var reader = new AuditEventReader("audit.json", new AuditEventFilter(), e => r.Users.Add(e.User));
            reader.MalformedSeen = (line, column, error) => r.Breaks.Add((line, column, error));
            LogFileReader.Scan(new MemoryStream(bytes), reader);
            r.Summary = reader.Summary;
            return r;
        }

        // The file log's real order: filelog.go EmitAuditEvent writes utils.FastMarshal(event), jsoniter with SortMapKeys, which
        // sorts map keys only; an event is a struct, written in field order, its embedded Metadata (ei, event, uid, code, time,
        // cluster_name) first (gravitational/teleport lib/events/filelog.go, lib/utils/jsontools.go).
        internal static string StructOrder(string user, string message) =>
            "{\"ei\":0,\"event\":\"mcp.session.request\",\"uid\":\"id-" + user + "\",\"code\":\"TMCP003I\",\"time\":\"2025-09-30T10:02:03.456Z\",\"cluster_name\":\"c\"," +
            "\"user\":\"" + user + "\",\"user_kind\":1,\"user_roles\":[\"access\"],\"user_traits\":{\"logins\":[\"alice\"]},\"sid\":\"s\",\"app_uri\":\"mcp+stdio://\",\"app_name\":\"everything\"," +
            "\"app_labels\":{\"env\":\"dev\"},\"success\":true,\"message\":" + message + "}";

        public static IEnumerable<string> Pool()
        {
            string root = TeleportMcp.Tests.Probe.HttpProbeTests.RepoRoot();
            foreach (var l in File.ReadAllLines(Path.Combine(root, "examples", "audit", "events-2025-09-30.log")).Where(l => l.Contains("\"mcp.session.request\"", StringComparison.Ordinal)).Take(2))
                yield return l.Replace("\"user\":\"alice\"", "\"user\":\"CUT\"");
            yield return StructOrder("CUT", "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"tools/call\",\"params\":{\"name\":\"x\",\"arguments\":{\"event\":\"mcp.session.start\",\"code\":\"TMCP001I\",\"user\":\"evil\",\"batch\":[{\"event\":\"mcp.session.request\",\"user\":\"evil2\"},\"{\\\"event\\\":\\\"mcp.session.end\\\"}\"]}}}");
            yield return StructOrder("CUT", "{\"jsonrpc\":\"2.0\",\"id\":\"2\",\"method\":\"tools/call\",\"params\":{\"name\":\"{\\\"event\\\":\\\"mcp.session.request\\\",\\\"user\\\":\\\"x\\\"}\",\"arguments\":[[{\"a\":[]}],{}]}}");
        }

        private static string Good(string u) => StructOrder(u, "{\"jsonrpc\":\"2.0\",\"id\":\"3\",\"method\":\"tools/list\"}");

        [Theory]
        [InlineData("\n", false)]
        [InlineData("\r\n", false)]
        [InlineData("\n", true)]
        [InlineData("\r\n", true)]
        public void EveryCutOfARealEventIsOneBreakAndTheRestIsRead(string eol, bool bom)
        {
            var failures = new List<string>();
            foreach (var ev in Pool())
            {
                for (int k = 1; k < ev.Length; k++)
                {
                    string text = Good("p") + eol + ev.Substring(0, k) + eol + Good("q") + eol + Good("r") + eol;
                    var bytes = Encoding.UTF8.GetBytes(text);
                    if (bom) bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(bytes).ToArray();
                    Result r;
                    try { r = Read(bytes); }
                    catch (Exception e) { failures.Add(k + ": " + e.GetType().Name + " " + e.Message + " | " + ev.Substring(0, k)); continue; }
                    string users = string.Join(",", r.Users);
                    string bs = string.Join(";", r.Breaks.Select(b => b.Line + ":" + b.Column + ":" + b.Error));
                    if (users != "p,q,r" || r.Breaks.Count != 1 || r.Breaks[0].Line != 2 || r.Summary.Malformed != 1)
                        failures.Add(k + ": users=" + users + " breaks=" + bs + " | ..." + ev.Substring(Math.Max(0, k - 40), Math.Min(40, k)));
                }
            }
            Assert.True(failures.Count == 0, failures.Count + " failures:\n" + string.Join("\n", failures.Take(30)));
        }

        [Theory]
        [InlineData(-3)]
        [InlineData(-2)]
        [InlineData(-1)]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        public void DeepEventsAtTheLimitCutEverywhere(int delta)
        {
            int max = TeleportMcp.Engine.Common.Limits.Current.JsonMaxDepth;
            // The event is depth 0, message depth 1: n brackets inside message reach depth n + 1.
            int n = max - 1 + delta;
            string deep = StructOrder("CUT", new string('[', n) + new string(']', n));
            var whole = Read(Encoding.UTF8.GetBytes(Good("p") + "\n" + deep + "\n" + Good("q") + "\n"));
            var failures = new List<string>();
            string expectWhole = delta <= 1 ? "p,CUT,q" : "p,q";
            if (string.Join(",", whole.Users) != expectWhole) failures.Add("whole: " + string.Join(",", whole.Users) + " " + string.Join(";", whole.Breaks.Select(b => b.Line + ":" + b.Column + ":" + b.Error)));
            for (int k = 1; k < deep.Length; k += (k > 300 && k < deep.Length - 300 ? 7 : 1))
            {
                string text = Good("p") + "\n" + deep.Substring(0, k) + "\n" + Good("q") + "\n" + Good("r") + "\n";
                Result r;
                try { r = Read(Encoding.UTF8.GetBytes(text)); }
                catch (Exception e) { failures.Add(k + ": " + e.GetType().Name + " " + e.Message); continue; }
                string users = string.Join(",", r.Users);
                if (users != "p,q,r" || r.Breaks.Count != 1 || r.Breaks[0].Line != 2)
                    failures.Add(k + ": users=" + users + " breaks=" + string.Join(";", r.Breaks.Select(b => b.Line + ":" + b.Column + ":" + b.Error)));
            }
            Assert.True(failures.Count == 0, failures.Count + " failures:\n" + string.Join("\n", failures.Take(30)));
        }

        [Fact]
        public void TwoCutEventsInARowAreTwoBreaks()
        {
            var random = new Random(5);
            var pool = Pool().ToArray();
            var failures = new List<string>();
            for (int i = 0; i < 5000; i++)
            {
                var a = pool[random.Next(pool.Length)];
                var b = pool[random.Next(pool.Length)];
                int ka = 1 + random.Next(a.Length - 1), kb = 1 + random.Next(b.Length - 1);
                // A successor cut before its type is told by Teleport's own order ("ei" then "event", events.proto Metadata), at
                // every cut; the example file's hand-made order ("ei", "cluster_name", ...) only once its type is written.
                if (!b.StartsWith("{\"ei\":0,\"event\":", StringComparison.Ordinal) && b.Substring(0, kb).IndexOf("\"event\":\"mcp.session.request\",", StringComparison.Ordinal) < 0) continue;
                string text = Good("p") + "\n" + a.Substring(0, ka) + "\n" + b.Substring(0, kb) + "\n" + Good("q") + "\n";
                var r = Read(Encoding.UTF8.GetBytes(text));
                string lines = string.Join(",", r.Breaks.Select(x => x.Line));
                if (string.Join(",", r.Users) != "p,q" || lines != "2,3")
                    failures.Add("users=" + string.Join(",", r.Users) + " breaks=" + string.Join(";", r.Breaks.Select(x => x.Line + ":" + x.Column + ":" + x.Error)) + "\n   A=..." + a.Substring(Math.Max(0, ka - 60), Math.Min(60, ka)) + "\n   B=" + b.Substring(0, Math.Min(kb, 60)) + (kb > 60 ? "..." + b.Substring(kb - 40, 40) : ""));
            }
            Assert.True(failures.Count == 0, failures.Count + " failures:\n" + string.Join("\n", failures.Take(12)));
        }

        [Theory]
        [InlineData(11)]
        [InlineData(12)]
        [InlineData(13)]
        public void RandomConcatenationsOfCutAndGoodEvents(int seed)
        {
            var random = new Random(seed);
            var pool = Pool().ToArray();
            var sb = new StringBuilder();
            var expect = new List<string>();
            var cutLines = new List<long>();
            long line = 1;
            for (int i = 0; i < 400; i++)
            {
                if (random.Next(2) == 0 || i == 399)
                {
                    string u = "g" + i.ToString(CultureInfo.InvariantCulture);
                    sb.Append(Good(u)).Append('\n');
                    expect.Add(u);
                }
                else
                {
                    // Cut after its type: one cut before it, after another cut, is not told from a nested value (documented);
                    // every cut of one event between good ones is EveryCutOfARealEventIsOneBreakAndTheRestIsRead.
                    var ev = pool[random.Next(pool.Length)];
                    int from = ev.IndexOf("\"event\":\"mcp.session.request\",", StringComparison.Ordinal) + 30;
                    sb.Append(ev.Substring(0, from + random.Next(ev.Length - from))).Append('\n');
                    cutLines.Add(line);
                }
                line++;
            }
            var r = Read(Encoding.UTF8.GetBytes(sb.ToString()));
            Assert.Equal(string.Join(",", expect), string.Join(",", r.Users));
            Assert.Equal(string.Join(",", cutLines), string.Join(",", r.Breaks.Select(b => b.Line)));
        }
    }
}
