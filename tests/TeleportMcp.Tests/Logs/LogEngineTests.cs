using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    public sealed class LogReaderTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-logs-" + Guid.NewGuid().ToString("N"));
        private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "Data", "Logs");

        public LogReaderTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private static List<string> Keys(IEnumerable<Finding> fs) => fs.Select(f => f.Id + "@" + f.LineNumber + "@" + f.App + "@" + f.Time?.ToString("o")).ToList();

        public static IEnumerable<object[]> Encodings() => new[]
        {
            new object[] { "utf8", false, false },
            new object[] { "utf8bom", false, false },
            new object[] { "utf16le", false, false },
            new object[] { "utf16be", false, false },
            new object[] { "utf16le", true, false },   // what Windows PowerShell 5.1 '>' writes: UTF-16 LE BOM, CRLF
            new object[] { "utf8", true, true },
            new object[] { "utf16le", true, true },
            new object[] { "utf16le-nobom", false, false },
            new object[] { "utf16be-nobom", false, false },
            new object[] { "utf32le", false, false },       // [Text.Encoding]::UTF32, Out-File -Encoding utf32
            new object[] { "utf32be", false, false },
            new object[] { "utf32le-nobom", false, false },
            new object[] { "utf32be-nobom", true, true },
        };

        [Theory]
        [MemberData(nameof(Encodings))]
        public void EncodingLineEndingsAndGzipGiveTheSameFindings(string encoding, bool crlf, bool gzip)
        {
            string source = Path.Combine(Corpus, "teleport-text-stdio.log");
            var expected = Keys(LogCorpusTests.Scan(source));
            Assert.NotEmpty(expected);

            string text = File.ReadAllText(source);
            if (crlf) text = text.Replace("\n", "\r\n");
            Encoding enc = encoding switch
            {
                "utf8" => new UTF8Encoding(false),
                "utf8bom" => new UTF8Encoding(true),
                "utf16le" => new UnicodeEncoding(false, true),
                "utf16le-nobom" => new UnicodeEncoding(false, false),
                "utf16be-nobom" => new UnicodeEncoding(true, false),
                "utf32le" => new UTF32Encoding(false, true),
                "utf32be" => new UTF32Encoding(true, true),
                "utf32le-nobom" => new UTF32Encoding(false, false),
                "utf32be-nobom" => new UTF32Encoding(true, false),
                _ => new UnicodeEncoding(true, true),
            };
            var bytes = enc.GetPreamble().Concat(enc.GetBytes(text)).ToArray();
            string path = Path.Combine(_dir, "app.log" + (gzip ? ".gz" : ""));
            if (gzip)
            {
                using var fs = File.Create(path);
                using var gz = new GZipStream(fs, CompressionLevel.Optimal);
                gz.Write(bytes, 0, bytes.Length);
            }
            else File.WriteAllBytes(path, bytes);

            var actual = LogCorpusTests.Scan(path);
            Assert.Equal(expected, Keys(actual));
            Assert.All(actual, f => Assert.DoesNotContain("\r", f.Evidence, StringComparison.Ordinal));
        }

        // A file that is no text log (an image, an executable, random bytes, a NUL-filled block) read as lines would pass as
        // a clean log: it is a read failure, named, and the logs beside it are still read. A few stray bytes of another code
        // page, or terminal colours, stay a log.
        [Theory]
        [InlineData("nul", true)]
        [InlineData("random", true)]
        [InlineData("png", true)]
        [InlineData("latin1", false)]
        [InlineData("ansi", false)]
        public void ALogThatIsNoTextIsARefusedRead(string kind, bool refused)
        {
            string line = "2025-09-30T10:00:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[no MCP servers found] app/x.go:1\n";
            byte[] bytes = kind switch
            {
                "nul" => Encoding.UTF8.GetBytes(line).Concat(new byte[64]).Concat(Encoding.UTF8.GetBytes(line)).ToArray(),
                "random" => Enumerable.Range(0, 4096).Select(i => (byte)(1 + (i * 7919 + 13) % 255)).ToArray(),
                "png" => new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52 },
                "latin1" => Encoding.UTF8.GetBytes("caf").Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes(" " + line + line)).ToArray(),
                _ => Encoding.UTF8.GetBytes("\u001b[33m" + line.TrimEnd('\n') + "\u001b[0m\n"),
            };
            string path = Path.Combine(_dir, kind + ".log");
            File.WriteAllBytes(path, bytes);
            var failures = new List<LogReadFailure>();
            var found = new List<Finding>();
            LogFiles.Scan(KnownErrorCatalog.Embedded, new[] { path, Path.Combine(Corpus, "teleport-text-stdio.log") }, found.Add, failures.Add, default(System.Threading.CancellationToken));
            Assert.Contains(found, f => f.Source != path);
            if (refused)
            {
                var failure = Assert.Single(failures);
                Assert.Equal(path, failure.Path);
                Assert.StartsWith("cannot read the log: it is not a text log: ", failure.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(found, f => f.Source == path);
            }
            else
            {
                Assert.Empty(failures);
                Assert.Contains(found, f => f.Source == path);
            }
        }

        // NUL padding is no binary data: logrotate's copytruncate leaves a hole of zeros before what the writer appends at its
        // old offset (a log that starts with NULs), and a crash leaves zeroed blocks where text never reached the disk (NULs
        // after the last line, then the restarted service's lines). The lines are read with their numbers as grep counts
        // them; a short NUL run among text, or a file of NULs only, is still refused.
        [Theory]
        [InlineData("copytruncate", false, false, "TMCP-LOG-002@1")]
        [InlineData("copytruncate", true, false, "TMCP-LOG-002@1")]
        [InlineData("copytruncate-one-block", false, false, "TMCP-LOG-002@1")]
        [InlineData("crash-then-restart", false, false, "TMCP-LOG-002@1 TMCP-LOG-003@2")]
        [InlineData("crash-then-restart", true, false, "TMCP-LOG-002@1 TMCP-LOG-003@2")]
        [InlineData("crash-at-end", false, false, "TMCP-LOG-002@1")]
        [InlineData("short-run", false, true, "not a text log: byte 142 is NUL")]
        [InlineData("padding-then-short-run", false, true, "not a text log: byte 23 is NUL")]
        [InlineData("only-nul", false, true, "it holds only NUL bytes (70000)")]
        [InlineData("only-nul", true, true, "it holds only NUL bytes (70000)")]
        [InlineData("few-nul", false, true, "it holds only NUL bytes (9)")]
        [InlineData("padding-then-binary", false, true, "not a text log: ")]
        public void NulPaddingIsNoBinaryData(string kind, bool gzip, bool refused, string expected)
        {
            byte[] Text(string s) => Encoding.UTF8.GetBytes(s);
            byte[] Nul(int n) => new byte[n];
            const string first = "2025-09-30T10:00:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[user: unknown user ghost] app/connections_handler.go:315\n";
            const string second = "2025-09-30T10:05:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[exec: \"x-mcp\": executable file not found in $PATH] app/connections_handler.go:315\n";
            byte[] bytes = kind switch
            {
                "copytruncate" => Nul(3 * 1024 * 1024 + 17).Concat(Text(first)).ToArray(),
                "copytruncate-one-block" => Nul(16).Concat(Text(first)).ToArray(),
                "crash-then-restart" => Text(first).Concat(Nul(4096)).Concat(Text(second)).ToArray(),
                "crash-at-end" => Text(first).Concat(Nul(100)).ToArray(),
                "short-run" => Text(first).Concat(Nul(511)).Concat(Text(second)).ToArray(),
                "only-nul" => Nul(70000),
                "few-nul" => Nul(9),
                "padding-then-short-run" => Nul(20).Concat(Text("abc")).Concat(Nul(3)).Concat(Text("defgh\n")).ToArray(),
                _ => Nul(4096).Concat(Enumerable.Range(0, 4096).Select(i => (byte)(1 + (i * 7919 + 13) % 255))).ToArray(),
            };
            string path = Path.Combine(_dir, kind + ".log" + (gzip ? ".gz" : ""));
            if (gzip)
            {
                using var fs = File.Create(path);
                using var gz = new GZipStream(fs, CompressionLevel.Fastest);
                gz.Write(bytes, 0, bytes.Length);
            }
            else File.WriteAllBytes(path, bytes);
            var failures = new List<LogReadFailure>();
            var found = new List<Finding>();
            LogFiles.Scan(KnownErrorCatalog.Embedded, new[] { path }, found.Add, failures.Add, default(System.Threading.CancellationToken));
            if (refused)
            {
                Assert.Contains(expected, Assert.Single(failures).Message, StringComparison.Ordinal);
                Assert.Empty(found);
            }
            else
            {
                Assert.Empty(failures);
                Assert.Equal(expected, string.Join(" ", found.Select(f => f.Id + "@" + f.LineNumber)));
                Assert.All(found, f => Assert.DoesNotContain("\0", f.Evidence, StringComparison.Ordinal));
            }
        }

        // A .gz whose NULs are followed by a cut: the read failure is named, not "only NUL bytes".
        [Fact]
        public void ACutGzipAfterNulPaddingIsAReadFailure()
        {
            string path = Path.Combine(_dir, "cut.log.gz");
            using (var ms = new MemoryStream())
            {
                using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
                {
                    var nul = new byte[3_000_000];
                    gz.Write(nul, 0, nul.Length);
                }
                var all = ms.ToArray();
                File.WriteAllBytes(path, all.Take(all.Length / 2).ToArray());
            }
            var failures = new List<LogReadFailure>();
            LogFiles.Scan(KnownErrorCatalog.Embedded, new[] { path }, _ => { }, failures.Add, default(System.Threading.CancellationToken));
            var failure = Assert.Single(failures);
            Assert.DoesNotContain("only NUL bytes", failure.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void TenMegabyteLineIsReadWholeAndLinesAfterItStillCount()
        {
            string path = Path.Combine(_dir, "long.log");
            using (var w = new StreamWriter(path))
            {
                w.Write("2025-09-30T10:00:00.000Z INFO [APP:SERVI] Large payload data:");
                w.Write(new string('x', 10 * 1024 * 1024));
                w.Write(" error:[user: unknown user mcp-big] app/connections_handler.go:315\n");
                w.Write("2025-09-30T10:00:01.000Z WARN [APP:SERVI] Failed to handle client connection. error:[exec: \"x-mcp\": executable file not found in $PATH] app/connections_handler.go:315\n");
            }
            var found = new List<Finding>();
            var scanner = new LogScanner(KnownErrorCatalog.Embedded, path, found.Add);
            LogFileReader.Scan(path, scanner);
            Assert.Equal(2, scanner.LineCount);
            Assert.Equal(new[] { "TMCP-LOG-002@1", "TMCP-LOG-003@2" }, found.Select(f => f.Id + "@" + f.LineNumber));
            Assert.True(found[0].Evidence.Length < 4000, "evidence of a huge line is cut");
            Assert.Contains("unknown user mcp-big", found[0].Evidence, StringComparison.Ordinal);
        }

        [Fact]
        public void LineLongerThanTheLimitIsCutNotFatal()
        {
            string path = Path.Combine(_dir, "huge.log");
            using (var w = new StreamWriter(path))
            {
                w.Write(new string('y', LogFileReader.MaxLineChars + 200_000));
                w.Write("\nno MCP servers found\n");
            }
            var found = new List<Finding>();
            var scanner = new LogScanner(KnownErrorCatalog.Embedded, path, found.Add);
            LogFileReader.Scan(path, scanner);
            // The huge line is one line (its rest passed over), so the next keeps its number.
            Assert.Equal(2, scanner.LineCount);
            Assert.Equal(2, Assert.Single(found, f => f.Id == "TMCP-LOG-020").LineNumber);
        }

        [Fact]
        public void FileHeldOpenByAWriterIsRead()
        {
            string path = Path.Combine(_dir, "live.log");
            using var writer = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            var line = Encoding.UTF8.GetBytes("2025-09-30T10:00:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[user: unknown user ghost] app/connections_handler.go:315\n");
            writer.Write(line, 0, line.Length);
            writer.Flush();
            var found = LogCorpusTests.Scan(path);
            Assert.Single(found);
            // and the writer can go on writing while we read
            writer.Write(line, 0, line.Length);
        }

        [Fact]
        public void PipelineLinesGiveTheSameFindingsAsTheFile()
        {
            foreach (var name in new[] { "teleport-text-stdio.log", "mcp-server-teleport-mcp-files.log", "journalctl-teleport.txt" })
            {
                string path = Path.Combine(Corpus, name);
                var fromFile = LogCorpusTests.Scan(path).Select(f => f.Id + "@" + f.LineNumber).ToList();
                var fromLines = new List<Finding>();
                var scanner = new LogScanner(KnownErrorCatalog.Embedded, "pipeline", fromLines.Add);
                foreach (var l in File.ReadAllLines(path)) scanner.FeedLine(l);
                scanner.Flush();
                Assert.Equal(fromFile, fromLines.Select(f => f.Id + "@" + f.LineNumber).ToList());
                Assert.All(fromLines, f => Assert.Equal("pipeline", f.Source));
            }
        }

        [Fact]
        public void PipelineEmitsAFindingAsSoonAsItsRecordIsComplete()
        {
            var found = new List<Finding>();
            var scanner = new LogScanner(KnownErrorCatalog.Embedded, "pipeline", found.Add);
            // A one-line Teleport record: reported at once.
            scanner.FeedLine("2025-09-30T10:00:00.000Z WARN [APP:SERVI] Access denied to application. app:payroll error:[access to app denied] app/connections_handler.go:402");
            Assert.Single(found);
            // An ERROR REPORT block: reported when the next record starts, with its Original Error.
            scanner.FeedLine("2025-09-30T10:02:10.392Z WARN [APP:SERVI] Failed to handle client connection. error:[");
            scanner.FeedLine("ERROR REPORT:");
            scanner.FeedLine("Original Error: *exec.ExitError exit status 3");
            scanner.FeedLine("] app/connections_handler.go:315");
            Assert.Single(found);
            scanner.FeedLine("2025-10-01T08:12:03.573Z [info] [teleport-mcp-git] Server transport closed unexpectedly, this is likely due to the process exiting early.");
            Assert.Equal(2, found.Count);
            Assert.Equal("TMCP-LOG-001", found[1].Id);
            Assert.Contains("Original Error: *exec.ExitError exit status 3", found[1].Evidence, StringComparison.Ordinal);
            // A client log line: its server's stderr may follow, so it waits for the next record (or Flush).
            scanner.Flush();
            Assert.Equal(3, found.Count);
        }
    }

    public class LogFormatTests
    {
        [Theory]
        [InlineData("2025-09-02T08:57:10.170Z INFO [APP:SERVI] New resource matches, creating kind:app name:app6-7.example services/reconciler.go:175", LineKind.TeleportText)]
        [InlineData("2022-08-05T14:04:02+02:00 ERRO [PROC:1]    Instance failed to establish connection to cluster", LineKind.TeleportText)]
        [InlineData("DEBU [MCP:DIALE] Connecting to server mcp/reconnect.go:88", LineKind.TeleportTextNoTime)]
        [InlineData("{\"timestamp\":\"2025-09-30T11:01:04Z\",\"level\":\"warning\",\"caller\":\"app/connections_handler.go:315\",\"message\":\"Failed to handle client connection.\",\"component\":\"app:service\"}", LineKind.Json)]
        [InlineData("2025-04-19T01:35:57.319Z [info] [filesystem] Initializing server...", LineKind.ClaudeMcpLog)]
        [InlineData("2025-04-19T01:35:57.318Z [filesystem] [info] Initializing server...", LineKind.ClaudeServerLog)]
        [InlineData("2024-12-20T22:10:19.000Z [info] Attempting to connect to MCP server filesystem...", LineKind.ClaudeMcpLog)]
        [InlineData("2025-09-30 15:20:01.180 [info] Connection state: Error spawn npx ENOENT", LineKind.EditorOutput)]
        [InlineData("[DEBUG] MCP server \"files\": Connection failed: McpError: MCP error -32000: Connection closed", LineKind.ClaudeCodeDebug)]
        [InlineData("\u001b[31mERROR: \u001b[0mno MCP servers found", LineKind.TshError)]
        [InlineData("Sep 30 10:02:10 app-host-1 teleport[4121]: 2025-09-30T10:02:10.392Z WARN [APP:SERVI] Failed", LineKind.TeleportText)]
        [InlineData("Sep 30 10:02:10 app-host-1 teleport[4121]: Original Error: *exec.ExitError exit status 1", LineKind.Continuation)]
        [InlineData("Original Error: *exec.ExitError exit status 1", LineKind.Continuation)]
        [InlineData("\t/go/src/github.com/gravitational/teleport/lib/srv/mcp/stdio.go:140 x", LineKind.Continuation)]
        [InlineData("env: node: No such file or directory", LineKind.Continuation)]
        [InlineData("[!] Warning: you do not have access to any tools on the MCP server.", LineKind.Continuation)]
        [InlineData("", LineKind.Continuation)]
        public void ClassifiesEachLine(string line, LineKind expected)
        {
            var buf = line.ToCharArray();
            Assert.Equal(expected, LogLineFormat.Classify(buf, 0, buf.Length, out _));
        }

        [Theory]
        [InlineData("teleport-mcp-files", "files")]
        [InlineData("teleport-mcp-teleport-mcp-demo", "teleport-mcp-demo")]
        [InlineData("filesystem", "filesystem")]
        public void AppFromClientServerName(string server, string app) => Assert.Equal(app, LogLineFormat.AppFromServer(server));

        [Theory]
        [InlineData("/Users/a/Library/Logs/Claude/mcp-server-teleport-mcp-git.log", "teleport-mcp-git")]
        [InlineData(@"C:\Users\a\AppData\Roaming\Claude\logs\mcp-server-notes.log", "notes")]
        [InlineData("/home/a/.cache/claude-cli-nodejs/-home-a-proj/mcp-logs-teleport-mcp-files/2025.jsonl", "teleport-mcp-files")]
        [InlineData("/var/log/teleport.log", null)]
        public void ServerFromLogPath(string path, string server) => Assert.Equal(server, LogLineFormat.ServerFromPath(path));

        [Theory]
        [InlineData("2025-09-30T10:00:00Z", "2025-09-30T10:00:00.0000000Z")]
        [InlineData("2025-09-30T12:10:13.200+02:00", "2025-09-30T10:10:13.2000000Z")]
        [InlineData("2025-09-30 14:02:12.713", "2025-09-30T14:02:12.7130000")]
        [InlineData("not a time", null)]
        public void ParsesLogTimes(string text, string roundTrip) => Assert.Equal(roundTrip, LogLineFormat.ParseTime(text)?.ToString("o"));
    }

    public class PrefilterAndRedactionTests
    {
        [Theory]
        [InlineData("Failed to handle client connection. error:[x]", 0)]
        [InlineData("xx no MCP servers found", 1)]
        [InlineData("spawn tsh ENOENT", 2)]
        [InlineData("ENOENT", 2)]
        [InlineData("ENOEN", -1)]
        [InlineData("failed to handle client connection.", -1)]
        [InlineData("Failed to handle client connection", -1)]
        [InlineData("abc connection closed", 3)]
        public void CombinedPrefilterFindsEachFragmentAnywhere(string line, int expected)
        {
            var p = new Prefilter(new[] { "Failed to handle client connection.", "no MCP servers found", "ENOENT", "connection closed" });
            var hits = new List<int>();
            var buf = ("##" + line + "##").ToCharArray();
            p.Scan(buf, 2, line.Length, hits.Add);
            if (expected < 0) Assert.Empty(hits);
            else Assert.Equal(new[] { expected }, hits.Distinct());
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void CombinedPrefilterAgreesWithIndexOfOnRandomText(int seed)
        {
            var r = new Random(seed);
            const string alphabet = "abcAB -.:\"";
            string Random(int n) { var c = new char[n]; for (int i = 0; i < n; i++) c[i] = alphabet[r.Next(alphabet.Length)]; return new string(c); }
            var fragments = Enumerable.Range(0, 12).Select(i => Random(3 + r.Next(6))).Distinct().ToList();
            var p = new Prefilter(fragments);
            for (int t = 0; t < 2000; t++)
            {
                string line = Random(r.Next(0, 80));
                var hits = new HashSet<int>();
                var buf = ("xx" + line + "yy").ToCharArray();
                p.Scan(buf, 2, line.Length, i => hits.Add(i));
                var expected = new HashSet<int>(Enumerable.Range(0, fragments.Count).Where(i => line.IndexOf(fragments[i], StringComparison.Ordinal) >= 0));
                Assert.True(expected.SetEquals(hits), "line '" + line + "'");
            }
        }

        // A finding that names its app lends it only to the generic WARN the same call writes right after it; an unrelated
        // failure a second later (another app's SSE connection) keeps no app rather than a wrong one.
        [Fact]
        public void AnAppIsNotLentToAnUnrelatedLaterWarning()
        {
            string path = Path.Combine(Path.GetTempPath(), "tmcp-ctx-" + Guid.NewGuid().ToString("N") + ".log");
            File.WriteAllText(path,
                "{\"timestamp\":\"2026-03-01T10:00:02.123Z\",\"level\":\"WARN\",\"component\":\"mcp\",\"message\":\"Failed to set up MCP session handler\",\"error\":\"setting up session handler: generating JWT: access denied\",\"app\":\"vault\"}\n" +
                "{\"timestamp\":\"2026-03-01T10:00:03.123Z\",\"level\":\"WARN\",\"component\":\"app:service\",\"message\":\"Failed to handle client connection.\",\"error\":\"reading SSE server endpoint: expecting endpoint event, got message\"}\n" +
                "{\"timestamp\":\"2026-03-01T10:00:04.100Z\",\"level\":\"WARN\",\"component\":\"app:service\",\"message\":\"Access denied to application.\",\"app\":\"payroll\"}\n" +
                "{\"timestamp\":\"2026-03-01T10:00:04.102Z\",\"level\":\"WARN\",\"component\":\"app:service\",\"message\":\"Failed to handle client connection.\",\"error\":\"access denied\"}\n");
            List<Finding> found;
            try { found = LogCorpusTests.Scan(path); }
            finally { File.Delete(path); }
            Assert.Equal("vault", found.Single(f => f.Id == "TMCP-LOG-105").App);
            Assert.True(string.IsNullOrEmpty(found.Single(f => f.Id == "TMCP-LOG-107").App), "the SSE failure took app " + found.Single(f => f.Id == "TMCP-LOG-107").App);
            Assert.Equal("payroll", found.Single(f => f.Id == "TMCP-LOG-004").App);
        }

        // tool/tsh/common/mcp_app.go makeMCPReconnectUserMessageWithAuthDetail (2:C1-C15): in a log that does not name the
        // app by its file name (tsh's own output), every tagged message names the app it quotes.
        [Theory]
        [InlineData("[MCP_NETWORK_UNAVAILABLE] tsh could not reach Teleport or MCP server \"grafana\". Check your network and retry.", "TMCP-LOG-131", "grafana")]
        [InlineData("[MCP_NETWORK_UNAVAILABLE] tsh could not reach Teleport or the MCP server. Check your network and retry.", "TMCP-LOG-131", null)]
        [InlineData("[MCP_SESSION_EXPIRED] MCP server \"grafana\" rejected the saved MCP session (HTTP 404).", "TMCP-LOG-124", "grafana")]
        [InlineData("[MCP_CONNECTION_TIMEOUT] The request to MCP server \"notion\" timed out before a response arrived.", "TMCP-LOG-129", "notion")]
        [InlineData("[MCP_UPSTREAM_UNREACHABLE] The Teleport Application Service could not reach MCP server \"grafana\" (HTTP 502: dial tcp 10.0.8.20:8000: connect: connection refused). Check the remote server's health and its network connectivity from the Application Service.", "TMCP-LOG-127", "grafana")]
        // lib/srv/mcp/http.go makeProxyErrorHandler: a timeout is 504, still marked upstream-unreachable.
        [InlineData("[MCP_UPSTREAM_UNREACHABLE] The Teleport Application Service could not reach MCP server \"grafana\" (HTTP 504: net/http: timeout awaiting response headers). Check the remote server's health and its network connectivity from the Application Service.", "TMCP-LOG-147", "grafana")]
        [InlineData("[MCP_UPSTREAM_UNREACHABLE] The Teleport Application Service could not reach the MCP server (HTTP 504: Gateway Timeout). Check the remote server's health and its network connectivity from the Application Service.", "TMCP-LOG-147", null)]
        public void TaggedTshMessagesNameTheirApp(string line, string id, string app)
        {
            string path = Path.Combine(Path.GetTempPath(), "tmcp-tsh-" + Guid.NewGuid().ToString("N") + ".txt");
            File.WriteAllText(path, "2026-03-01T10:00:11.000Z " + line + "\n");
            List<Finding> found;
            try { found = LogCorpusTests.Scan(path); }
            finally { File.Delete(path); }
            var f = Assert.Single(found);
            Assert.Equal(id, f.Id);
            Assert.Equal(app, string.IsNullOrEmpty(f.App) ? null : f.App);
        }

        [Theory]
        [InlineData("Authorization: Bearer abcdef123456789", "Authorization: Bearer <redacted>")]
        [InlineData("jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl end", "jwt <redacted> end")]
        [InlineData("join token=abc123def password=hunter2", "join token=<redacted> password=<redacted>")]
        [InlineData("{\"api_key\":\"sk-live-1234\",\"user\":\"alice\"}", "{\"api_key\":\"<redacted>\",\"user\":\"alice\"}")]
        [InlineData("key AKIAIOSFODNN7EXAMPLE here", "key <redacted> here")]
        [InlineData("https://bob:pa55w0rd@proxy.example.com:443", "https://bob:<redacted>@proxy.example.com:443")]
        [InlineData("app:files user:alice exit status 1", "app:files user:alice exit status 1")]
        // A Go error's wording after a secret's name is no value (App Service: "generating ID token: access denied").
        [InlineData("setting up session handler: generating ID token: access denied", "setting up session handler: generating ID token: access denied")]
        [InlineData("token: expired, password: missing", "token: expired, password: missing")]
        [InlineData("token: access-denied-but-a-value", "token: <redacted>")]
        [InlineData("password: invalid123", "password: <redacted>")]
        // A value that only starts with such a word is a value.
        [InlineData("password=Missing-Link42!", "password=<redacted>")]
        [InlineData("api_key: empty.9f8e7d6c5b4a", "api_key: <redacted>")]
        [InlineData("token=expired/abc123xyz", "token=<redacted>")]
        // The ")" that closes an open parenthesis around the pair is not part of the value, masked or not.
        [InlineData("sent (X-Api-Key: ***); through Teleport", "sent (X-Api-Key: ***); through Teleport")]
        [InlineData("sent (X-Api-Key: abc123secret); through Teleport", "sent (X-Api-Key: <redacted>); through Teleport")]
        [InlineData("(token=abc123xyz)", "(token=<redacted>)")]
        [InlineData("((password: hunter2))", "((password: <redacted>))")]
        [InlineData("(password: <value>) x", "(password: <value>) x")]
        [InlineData("(token: expired)", "(token: expired)")]
        [InlineData("password: pa)ss42 x", "password: <redacted> x")]     // no open parenthesis: the ")" is the value's
        [InlineData("(password: pa)ss42 x", "(password: <redacted> x")]   // a ")" inside the value stays in it
        [InlineData("password: hunter2) x", "password: <redacted> x")]
        // Balanced parentheses inside the secret are the secret's; only the ")" it did not open closes the outer one
        // (Redactor.SecretMask), for every rule whose secret ends its match.
        [InlineData("(token=abc(def)ghi)", "(token=<redacted>)")]
        [InlineData("((token=abc(def)ghi))", "((token=<redacted>))")]
        [InlineData("(token=a((b))c) tail", "(token=<redacted>) tail")]
        [InlineData("(token=a(b)(c)d)", "(token=<redacted>)")]
        [InlineData("sent (X-Api-Key: abc(d)e); through Teleport", "sent (X-Api-Key: <redacted>); through Teleport")]
        [InlineData("(password=a(b)c) and (token=x(y)z)", "(password=<redacted>) and (token=<redacted>)")]
        [InlineData("(see f(x) token=abc)", "(see f(x) token=<redacted>)")]
        [InlineData("(--token=abc(d)e)", "(--token=<redacted>)")]
        [InlineData("(run with --password hunter22)", "(run with --password <redacted>)")]
        [InlineData("(Cookie: session=abc(1))", "(Cookie: session=<redacted>)")]
        [InlineData("(Authorization: Bearer abcdef(y)z)", "(Authorization: Bearer <redacted>)")]    // nothing of "(y)z" shows
        [InlineData("(Authorization: Bearer abcdefgh).", "(Authorization: Bearer <redacted>).")]
        [InlineData("Bearer abcdef(a(b)c)d) tail", "Bearer <redacted>) tail")]
        // Unbalanced: where the parentheses cannot tell, the ")" is masked, never a character of the value shown.
        [InlineData("(token=abc(def)", "(token=<redacted>")]                 // that ")" may close "(def"
        [InlineData("(token=abc)def)", "(token=<redacted>")]                 // a ")" the value never opened
        [InlineData("(token=abc)))", "(token=<redacted>)")]                  // one parenthesis open, one ")" given back
        [InlineData("token=abc(def)ghi)", "token=<redacted>")]               // no parenthesis open
        [InlineData("(a) token=abc)", "(a) token=<redacted>")]               // the one before is closed
        [InlineData("(note\ntoken=abc)", "(note\ntoken=<redacted>")]        // a parenthesis is open on its own line only
        [InlineData("Authorization: Bearer abcdef(y", "Authorization: Bearer <redacted>")]
        [InlineData("(Authorization: Bearer abcdef(y)", "(Authorization: Bearer <redacted>")]
        [InlineData("(token=)", "(token=)")]
        // A secret the match goes on after ends where its rule says, ")" included.
        [InlineData("(https://bob:pa55w0rd)@proxy.example.com)", "(https://bob:<redacted>@proxy.example.com)")]
        // Sentence punctuation after the ")" that closes the parenthesis around the pair is not the value's either
        // (Redactor.SecretMask); after no such ")" it stays the value's.
        [InlineData("(token=abc).", "(token=<redacted>).")]
        [InlineData("see (token=abc). Then", "see (token=<redacted>). Then")]
        [InlineData("(token=abc):", "(token=<redacted>):")]
        [InlineData("(token=abc)!", "(token=<redacted>)!")]
        [InlineData("(token=abc)?", "(token=<redacted>)?")]
        [InlineData("(token=abc)...", "(token=<redacted>)...")]
        [InlineData("((token=abc)).", "((token=<redacted>)).")]
        [InlineData("(token=abc)).", "(token=<redacted>).")]                 // one parenthesis open: one ")" and the "." given back
        [InlineData("(token=a(b)c).", "(token=<redacted>).")]
        [InlineData("(password: hunter2).", "(password: <redacted>).")]
        [InlineData("(--token=abc).", "(--token=<redacted>).")]
        [InlineData("(Cookie: session=abc).", "(Cookie: session=<redacted>).")]
        [InlineData("(token=abc), next", "(token=<redacted>), next")]
        [InlineData("(token=abc); next", "(token=<redacted>); next")]
        [InlineData("[token=abc]", "[token=<redacted>]")]
        [InlineData("[token=abc].", "[token=<redacted>].")]
        [InlineData("{token=abc}.", "{token=<redacted>}.")]
        [InlineData("{\"token\":\"abc\"}", "{\"token\":\"<redacted>\"}")]
        [InlineData("{\"token\": \"abc\"}.", "{\"token\": \"<redacted>\"}.")]
        [InlineData("token=abc,", "token=<redacted>,")]
        [InlineData("token=abc.", "token=<redacted>")]                       // no parenthesis: the "." may be the value's
        [InlineData("(token=abc.)", "(token=<redacted>)")]
        [InlineData("(token=abc).def", "(token=<redacted>")]                 // a ")" inside the value: it says nothing
        [InlineData("token=abc).", "token=<redacted>")]                      // no parenthesis open
        // A list value, as JSON logs, YAML and Go's %v write it: every element goes.
        [InlineData("{\"password\":[\"JSONLISTPASS1\"],\"token\":[ \"JSONLISTTOK2\" ]}", "{\"password\":[\"<redacted>\"],\"token\":[ \"<redacted>\" ]}")]
        [InlineData("\"headers\":{\"X-Api-Key\":[\"JSONHDRKEY456789\"],\"Accept\":[\"*/*\"]}", "\"headers\":{\"X-Api-Key\":[\"<redacted>\"],\"Accept\":[\"*/*\"]}")]
        [InlineData("\"password\":[\"a1\",\"b2\"],\"user\":\"bob\"", "\"password\":[\"<redacted>\"],\"user\":\"bob\"")]
        [InlineData("api_keys: [abc123, def456]", "api_keys: [<redacted>]")]
        [InlineData("map[Accept:[*/*] X-Api-Key:[abc123def]]", "map[Accept:[*/*] X-Api-Key:[<redacted>]]")]
        [InlineData("\"Authorization\":[\"Bearer JSONHDRBEARER123\"]", "\"Authorization\":[\"Bearer <redacted>\"]")]
        [InlineData("\"Authorization\":[\"token ghx_Abc123456\"]", "\"Authorization\":[\"<redacted>\"]")]
        [InlineData("\"token\":[\"abc123", "\"token\":[\"<redacted>")]          // a list cut before its end
        [InlineData("tokens: [] and token=[]", "tokens: [] and token=[]")]            // empty lists hold nothing
        // An argument list written as JSON or a quoted list: the value is the next element (Teleport's JSON log of the command).
        [InlineData("args:[\"-y\",\"@x/server\",\"--api-key\",\"ARGSECRET12345\",\"--token\",\"ARGTOKEN67890\"]", "args:[\"-y\",\"@x/server\",\"--api-key\",\"<redacted>\",\"--token\",\"<redacted>\"]")]
        [InlineData("args: ['--password', 'hunter22', '--verbose']", "args: ['--password', '<redacted>', '--verbose']")]
        [InlineData("\"args\":[\"--token\",\"--verbose\"]", "\"args\":[\"--token\",\"--verbose\"]")]  // an option is no value
        public void RedactsSecrets(string input, string expected)
        {
            Assert.Equal(expected, Redactor.Redact(input));
            // Text is redacted again on its way out (the output boundary): a second pass changes nothing.
            Assert.Equal(expected, Redactor.Redact(expected));
        }

        [Theory]
        // cookie-values: every value of a Cookie or Set-Cookie header, the names kept (RFC 6265 sections 4.1.1, 4.2.1: pairs
        // separated by "; ", Set-Cookie's attributes after its pair).
        [InlineData("Cookie: a=1; b=2", "Cookie: a=<redacted>; b=<redacted>")]
        [InlineData("Set-Cookie: sid=abc; Path=/; HttpOnly; Secure", "Set-Cookie: sid=<redacted>; Path=<redacted>; HttpOnly; Secure")]
        [InlineData("Set-Cookie: sid=abc; HttpOnly; Max-Age=60", "Set-Cookie: sid=<redacted>; HttpOnly; Max-Age=<redacted>")]
        [InlineData("Cookie: HttpOnly; a=1", "Cookie: HttpOnly; a=<redacted>")]
        [InlineData("Cookie:a=1;b=2", "Cookie:a=<redacted>;b=<redacted>")]
        [InlineData("cookie=a=1", "cookie=a=<redacted>")]
        [InlineData("\"Cookie\": \"a=1; b=2\", \"x\": 1", "\"Cookie\": \"a=<redacted>; b=<redacted>\", \"x\": 1")]
        [InlineData("{'Set-Cookie': 'a=1', 'Cookie': 'sid=xyz'}", "{'Set-Cookie': 'a=<redacted>', 'Cookie': 'sid=<redacted>'}")]
        [InlineData("Cookie: a=1;\nb=2", "Cookie: a=<redacted>;\nb=<redacted>")]      // a ';' carries the header to the next line
        [InlineData("Cookie: a=1\nb=2", "Cookie: a=<redacted>\nb=2")]                // a line break without one ends it
        [InlineData("Cookie: cookie=\nsid=abc", "Cookie: cookie=\nsid=<redacted>")]   // the pair "cookie=" reads as a header too
        [InlineData("Cookie: a b=c; d=4", "Cookie: a b=c; d=<redacted>")]            // a pair starts a segment
        // A header inside a value starts its own pairs: the value ends there.
        [InlineData("Set-Cookie: a=1, Cookie: 'sid=xyz'", "Set-Cookie: a=<redacted>Cookie: 'sid=<redacted>'")]
        [InlineData("Cookie: a=1; see cookie: docs; b=2", "Cookie: a=<redacted>; see cookie: docs; b=<redacted>")]
        [InlineData("cookies were set: a=1", "cookies were set: a=1")]
        [InlineData("no header here; a=1", "no header here; a=1")]
        public void RedactsEveryCookieValue(string input, string expected)
        {
            Assert.Equal(expected, Redactor.Redact(input));
            Assert.Equal(expected, Redactor.Redact(expected));
        }

        [Theory]
        // authorization-other-scheme: a credential after a scheme the authorization-scheme rule does not name
        [InlineData("error:[connect failed with Authorization: token LOGSECRET7 failed]", "error:[connect failed with Authorization: token <redacted> failed]")]
        [InlineData("{\"Authorization\": \"token ghx_Abc123456\"}", "{\"Authorization\": \"token <redacted>\"}")]
        [InlineData("Authorization: SSWS 00QCjAl4MlV-WPXM", "Authorization: <redacted> <redacted>")]
        [InlineData("Proxy-Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", "Proxy-Authorization: Token <redacted>")]
        [InlineData("Authorization: token TCTLERRTOKEN", "Authorization: token <redacted>")]
        // prose after the header name stays
        [InlineData("authorization: access denied for user alice", "authorization: access denied for user alice")]
        [InlineData("Authorization: Basic realm=teleport", "Authorization: Basic realm=teleport")]
        [InlineData("Authorization: Bearer <redacted>", "Authorization: Bearer <redacted>")]
        public void RedactsCredentialsOfOtherAuthorizationSchemes(string input, string expected)
        {
            Assert.Equal(expected, Redactor.Redact(input));
            Assert.Equal(expected, Redactor.Redact(expected));
        }

        [Fact]
        public void FillLeavesRoleTemplatesAndMarksUnknownPlaceholders()
        {
            var v = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["app"] = "files" };
            Assert.Equal("tctl edit app/files as <user> {{internal.mcp_tools}}", LogScanner.Fill("tctl edit app/{app} as {user} {{internal.mcp_tools}}", v));
        }

        // {name|words}: the words when the value is absent (TMCP-LOG-274's location left out of a URL with user info, review
        // 332), the value when present; {name} alone still marks an absent value <name>. The module's own rule.
        [Theory]
        [InlineData("to {where|an address not shown}.", "to an address not shown.")]
        [InlineData("to {app|an address not shown}.", "to files.")]
        [InlineData("to {where}.", "to <where>.")]
        [InlineData("{sh:where|nothing}", "nothing")]
        public void FillGivesTheFallbackWordsOfAnAbsentValue(string template, string expected)
        {
            var v = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["app"] = "files" };
            Assert.Equal(expected, LogScanner.Fill(template, v));
        }
    }

    public class CatalogTests
    {
        [Fact]
        public void EmbeddedCatalogCoversTheIssueList()
        {
            var entries = KnownErrorCatalog.Embedded.Entries;
            Assert.True(entries.Count >= 30);
            Assert.Equal(entries.Count, entries.Select(e => e.Id).Distinct().Count());
            foreach (var e in entries)
            {
                Assert.False(string.IsNullOrEmpty(e.Doc), e.Id);
                Assert.StartsWith("https://", e.Doc, StringComparison.Ordinal);
            }
        }

        [Theory]
        [InlineData("entries:\n  - id: X-1\n    severity: Error\n    title: t\n    prefilter: abc\n    match: 'abc('\n    cause: c\n    fix: f\n", "InvalidCatalogEntry", 6, "not a valid .NET regular expression")]
        [InlineData("entries:\n  - id: X-1\n    severity: Fatal\n    title: t\n    prefilter: abc\n    match: abc\n    cause: c\n    fix: f\n", "InvalidCatalogEntry", 3, "severity 'Fatal'")]
        [InlineData("entries:\n  - id: X-1\n    severity: Error\n    title: t\n    match: abc\n    cause: c\n    fix: f\n", "InvalidCatalogEntry", 2, "missing required key 'prefilter'")]
        [InlineData("entries:\n  - id: X-1\n    severity: Error\n    title: t\n    prefilter: abc\n    match: abc\n    cause: c\n    fix: f\n    colour: red\n", "InvalidCatalogEntry", 9, "unknown key 'colour'")]
        [InlineData("entries:\n  - id: X-1\n    severity: Error\n    title: t\n    prefilter: abc\n    match: abc\n    cause: c\n    fix: f\n    sources: [journal]\n", "InvalidCatalogEntry", 9, "unknown source 'journal'")]
        [InlineData("entries:\n  - id: X-1\n    severity: Error\n    title: [unclosed\n", "CatalogParseError", 5, "invalid YAML")]
        [InlineData("entries:\n  - id: X-1\n    severity: Error\n    title: t\n    prefilter: ab\n    match: abc\n    cause: c\n    fix: f\n", "InvalidCatalogEntry", 5, "at least 3 characters")]
        [InlineData("entries:\n  - id: X-1\n    severity: Error\n    title: t\n    prefilter: abc\n    match: abc\n    cause: c\n    fix: f\n    pending: later\n", "InvalidCatalogEntry", 9, "pending must be true or false")]
        public void BrokenAdminEntriesAreReportedWithTheirLocation(string yaml, string code, int line, string message)
        {
            var errors = new List<TeleportInputException>();
            var catalog = KnownErrorCatalog.FromText(yaml, "admin.yaml", errors);
            Assert.Empty(catalog.Entries);
            var e = Assert.Single(errors);
            Assert.Equal(code, e.Code);
            Assert.Equal("admin.yaml", e.Location.Path);
            Assert.Equal(line, e.Location.Line);
            Assert.True(e.Location.Column > 0);
            Assert.Contains(message, e.Detail, StringComparison.Ordinal);
        }

        // A pending entry is a state the input may end in: its own lines again keep it (one finding, {count} of them), any
        // other line ends it, and only an input that ends in it is reported, at its first line.
        [Theory]
        [InlineData("waiting\nwaiting\nwaiting", "MY-WAIT@1 3")]
        [InlineData("start\nwaiting\nwaiting\ndone", "")]
        [InlineData("waiting\ndone\nwaiting", "MY-WAIT@3 1")]
        [InlineData("waiting\nboom\nwaiting", "MY-002@2;MY-WAIT@3 1")]
        public void APendingEntryIsReportedOnlyWhenTheInputEndsInIt(string text, string expected)
        {
            var errors = new List<TeleportInputException>();
            var catalog = KnownErrorCatalog.FromText("entries:\n  - id: MY-WAIT\n    severity: Warning\n    title: t\n    prefilter: waiting\n    match: '^waiting$'\n    pending: true\n    cause: 'seen {count} time(s)'\n    fix: f\n" +
                "  - id: MY-002\n    severity: Error\n    title: t2\n    prefilter: boom\n    match: 'boom'\n    cause: c\n    fix: f\n", "admin.yaml", errors);
            Assert.Empty(errors);
            var found = new List<Finding>();
            var lines = new LogLines(catalog, "x.log", found.Add);
            lines.FeedText(text);
            lines.Flush();
            Assert.Equal(expected, string.Join(";", found.Select(f => f.Id + "@" + f.LineNumber + (f.Id == "MY-WAIT" ? " " + f.Cause!.Split(' ')[1] : ""))));
        }

        // A pattern that backtracks without end (an admin's '^(a+)+$') times out on every record: the first
        // KnownErrorCatalog.LineTimeoutBudget (3) are Indeterminate for their record only; the next turns the entry off for the
        // rest of the scan, said once, so a long log costs budget + 1 timeouts, not one per line (PatternTimeoutBudgetTests).
        [Fact]
        public void AnEntryWhosePatternTimesOutIsTurnedOffAndSaidOnce()
        {
            var errors = new List<TeleportInputException>();
            var catalog = KnownErrorCatalog.FromText("entries:\n  - id: MY-001\n    severity: Error\n    title: t\n    prefilter: aaaa\n    match: '^(a+)+$'\n    cause: c\n    fix: f\n" +
                "  - id: MY-002\n    severity: Error\n    title: t2\n    prefilter: boom\n    match: 'boom'\n    cause: c\n    fix: f\n", "admin.yaml", errors);
            Assert.Empty(errors);
            var timedOut = new List<TeleportInputException>();
            var undecided = new List<TeleportInputException>();
            catalog.PatternTimedOut = timedOut.Add;
            catalog.PatternUndecided = undecided.Add;
            var found = new List<Finding>();
            var lines = new LogLines(catalog, "x.log", found.Add);
            string bad = new string('a', 40) + "!";
            lines.FeedText(string.Join("\n", Enumerable.Repeat(bad, 5)) + "\nboom\n" + bad);
            lines.Flush();
            Assert.Equal(new[] { 1, 2, 3 }, undecided.Select(u => u.Location.Line).ToArray());
            Assert.All(undecided, u => Assert.Equal(KnownErrorCatalog.IndeterminateCode, u.Code));
            var e = Assert.Single(timedOut);
            Assert.Equal(KnownErrorCatalog.PatternTimeoutCode, e.Code);
            Assert.Equal("admin.yaml", e.Location.Path);
            Assert.Equal(2, e.Location.Line);
            Assert.Contains("known error MY-001 ran longer than 2 s on the record at x.log:4 after the 3 pattern timeouts x.log takes line by line", e.Message, StringComparison.Ordinal);
            Assert.Contains("; it is turned off for the rest of x.log", e.Message, StringComparison.Ordinal);
            Assert.True(catalog.IsTurnedOff(0));
            Assert.Equal(new[] { "MY-002" }, found.Select(f => f.Id).ToArray());
        }

        [Fact]
        public void AdminFileOverridesDisablesAndAdds()
        {
            string path = Path.Combine(Path.GetTempPath(), "tmcp-cat-" + Guid.NewGuid().ToString("N") + ".yaml");
            File.WriteAllText(path,
                "entries:\n" +
                "  - id: TMCP-LOG-026\n    enabled: false\n" +
                "  - id: TMCP-LOG-020\n    severity: Warning\n    title: Overridden\n    prefilter: no MCP servers found\n    match: 'no MCP servers found'\n    cause: c\n    fix: f {app}\n" +
                "  - id: ACME-001\n    severity: Information\n    title: Our wrapper failed\n    sources: [any]\n    prefilter: [acme-wrapper, acme-proxy]\n    match: 'acme-wrapper: (?<app>\\w+) failed'\n    cause: c\n    fix: restart {app}\n");
            try
            {
                var errors = new List<TeleportInputException>();
                var catalog = KnownErrorCatalog.Load(new[] { path }, errors);
                Assert.Empty(errors);
                Assert.DoesNotContain(catalog.Entries, e => e.Id == "TMCP-LOG-026");
                Assert.Equal("Overridden", catalog.Entries.Single(e => e.Id == "TMCP-LOG-020").Title);
                var found = new List<Finding>();
                var scanner = new LogScanner(catalog, "pipeline", found.Add);
                scanner.FeedLine("acme-wrapper: files failed");
                scanner.FeedLine("2025-09-30T12:10:13.200+02:00 INFO [MCP:AUTOR] Lost server connection, resetting... mcp/reconnect.go:143");
                scanner.Flush();
                var f = Assert.Single(found);
                Assert.Equal("ACME-001", f.Id);
                Assert.Equal("restart files", f.Fix);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    public class ClientLogLocationTests
    {
        [Fact]
        public void WindowsClassicAndPackagedClaudeFolders()
        {
            var p = new FakeEnv(OsKind.Windows, @"C:\Users\alice", @"C:\")
                .Dir(@"C:\Users\alice\AppData\Roaming\Claude\logs")
                .Dir(@"C:\Users\alice\AppData\Local\Packages")
                .Dir(@"C:\Users\alice\AppData\Local\Packages\Claude_pzs8sxrjxfjjc")
                .Dir(@"C:\Users\alice\AppData\Local\Packages\Claude_pzs8sxrjxfjjc\LocalCache\Roaming\Claude\logs");
            p.Vars["APPDATA"] = @"C:\Users\alice\AppData\Roaming";
            p.Vars["LOCALAPPDATA"] = @"C:\Users\alice\AppData\Local";
            var c = ClientLogLocations.Candidates(p);
            Assert.Contains(c, f => f.Path == @"C:\Users\alice\AppData\Roaming\Claude\logs" && f.Exists && f.Patterns.Contains("mcp*.log"));
            Assert.Contains(c, f => f.Client == "Claude Desktop (MSIX)" && f.Path == @"C:\Users\alice\AppData\Local\Packages\Claude_pzs8sxrjxfjjc\LocalCache\Roaming\Claude\logs" && f.Exists);
            Assert.Contains(c, f => f.Path == @"C:\Users\alice\AppData\Local\Claude\Logs" && !f.Exists);
            Assert.All(c, f => Assert.DoesNotContain("/", f.Path, StringComparison.Ordinal));
        }

        [Fact]
        public void WindowsWithoutEnvironmentFallsBackToTheProfile()
        {
            var p = new FakeEnv(OsKind.Windows, @"C:\Users\bob", @"C:\");
            var c = ClientLogLocations.Candidates(p);
            Assert.Contains(c, f => f.Path == @"C:\Users\bob\AppData\Roaming\Claude\logs");
            Assert.Contains(c, f => f.Path == @"C:\Users\bob\AppData\Local\Packages\Claude_*\LocalCache\Roaming\Claude\logs");
        }

        [Fact]
        public void MacOSAndLinuxFolders()
        {
            var mac = ClientLogLocations.Candidates(new FakeEnv(OsKind.MacOS, "/Users/alice", "/"));
            Assert.Contains(mac, f => f.Path == "/Users/alice/Library/Logs/Claude");
            Assert.Contains(mac, f => f.Path == "/Users/alice/Library/Caches/claude-cli-nodejs" && f.Recurse);
            var linuxHost = new FakeEnv(OsKind.Linux, "/home/alice", "/");
            linuxHost.Vars["XDG_CONFIG_HOME"] = "/home/alice/.cfg";
            var linux = ClientLogLocations.Candidates(linuxHost);
            Assert.Contains(linux, f => f.Path == "/home/alice/.cfg/Claude/logs");
            Assert.Contains(linux, f => f.Path == "/home/alice/.cache/claude-cli-nodejs");
        }

        [Theory]
        [InlineData(OsKind.Windows, @"C:\Users\alice", null, @"C:\Users\alice\.copilot\logs")]
        [InlineData(OsKind.Linux, "/home/alice", null, "/home/alice/.copilot/logs")]
        [InlineData(OsKind.MacOS, "/Users/alice", "/opt/copilot", "/opt/copilot/logs")]
        public void CopilotCliLogFolder(OsKind os, string home, string copilotHome, string expected)
        {
            var p = new FakeEnv(os, home, home);
            if (copilotHome != null) p.Vars["COPILOT_HOME"] = copilotHome;
            var f = Assert.Single(ClientLogLocations.Candidates(p), c => c.Client == "Copilot CLI");
            Assert.Equal(expected, f.Path);
            Assert.Equal(new[] { "process-*.log" }, f.Patterns);
        }

        // Claude Code's debug folder on every OS: ~/.claude/debug, under CLAUDE_CONFIG_DIR when set
        // (code.claude.com/docs/en/claude-directory); CLAUDE_CODE_DEBUG_LOGS_DIR is the debug log file itself (Claude Code
        // utils/debug.ts getDebugLogPath), searched in its folder by its name, or a folder of *.txt when it names one; always bounded.
        [Theory]
        [InlineData(OsKind.Windows, @"C:\Users\alice", null, null, false, @"C:\Users\alice\.claude\debug", "*.txt")]
        [InlineData(OsKind.MacOS, "/Users/alice", null, null, false, "/Users/alice/.claude/debug", "*.txt")]
        [InlineData(OsKind.Linux, "/home/alice", "/srv/claude", null, false, "/srv/claude/debug", "*.txt")]
        [InlineData(OsKind.Linux, "/home/alice", "/srv/claude", "/var/log/claude-debug", true, "/var/log/claude-debug", "*.txt")]
        [InlineData(OsKind.Linux, "/home/alice", "/srv/claude", "/var/log/claude-debug", false, "/var/log", "claude-debug")]
        [InlineData(OsKind.Windows, @"C:\Users\alice", null, @"D:\logs\claude.log", false, @"D:\logs", "claude.log")]
        public void ClaudeCodeDebugFolder(OsKind os, string home, string configDir, string logsDir, bool logsDirIsFolder, string expected, string pattern)
        {
            var p = new FakeEnv(os, home, home);
            if (configDir != null) p.Vars["CLAUDE_CONFIG_DIR"] = configDir;
            if (logsDir != null) p.Vars["CLAUDE_CODE_DEBUG_LOGS_DIR"] = logsDir;
            if (logsDirIsFolder) p.Dir(logsDir);
            var f = Assert.Single(ClientLogLocations.Candidates(p), c => c.Client == "Claude Code (debug)");
            Assert.Equal(expected, f.Path);
            Assert.Equal(new[] { pattern }, f.Patterns);
            Assert.False(f.Recurse);
            Assert.Equal(ClientLogLocations.ClaudeDebugNewestFiles, f.NewestFiles);
            Assert.Equal(ClientLogLocations.ClaudeDebugNewestBytes, f.NewestBytes);
        }
    }
}
