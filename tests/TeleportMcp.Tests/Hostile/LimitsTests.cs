using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Tctl;
using TeleportMcp.Tests.Common;
using TeleportMcp.Tests.Platform;
using TeleportMcp.Tests.Tctl;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// The bounds on hostile input are one object (<see cref="Limits"/>): each limit, set small for one test through
    /// <see cref="Limits.Use"/>, is hit by input that passes the default, and its error names it. Every property of
    /// Limits must have a case here (a new limit without one fails <see cref="Every_limit_has_a_case"/>).
    /// </summary>
    public class LimitsTests
    {
        /// <summary>For each limit: small limits, and the error text the input produces under them.</summary>
        private static readonly Dictionary<string, (Func<Limits> limits, Func<string> error)> Cases = new Dictionary<string, (Func<Limits>, Func<string>)>
        {
            [nameof(Limits.YamlMaxDepth)] = (() => new Limits { YamlMaxDepth = 5 },
                () => YamlDocumentReader.Read("a: [[[[[[[[1]]]]]]]]\n", "deep.yaml").Single().Error.Message),
            [nameof(Limits.YamlAliasRatioLowNodes)] = (() => new Limits { YamlAliasRatioLowNodes = 10, YamlAliasRatioHighNodes = 20 }, AliasError),
            [nameof(Limits.YamlAliasRatioHighNodes)] = (() => new Limits { YamlAliasRatioLowNodes = 10, YamlAliasRatioHighNodes = 20 }, AliasError),
            // 200 values in flow lists 70 deep: 200 x 70 is past 1,000 and far below the default.
            [nameof(Limits.YamlDeepFlowWork)] = (() => new Limits { YamlDeepFlowWork = 1000 },
                () => YamlDocumentReader.Read("a: " + new string('[', 70) + string.Join(", ", Enumerable.Repeat("v", 200)) + new string(']', 70) + "\n", "deep.yaml").Single().Error?.Message ?? "read"),
            [nameof(Limits.JsonMaxDepth)] = (() => new Limits { JsonMaxDepth = 3 },
                () => Assert.Throws<TeleportInputException>(() => JsonParser.Parse("[[[[[[1]]]]]]", "deep.json")).Message),
            [nameof(Limits.LabelExpressionMaxDepth)] = (() => new Limits { LabelExpressionMaxDepth = 4 },
                () => Assert.Throws<ExpressionUnsupported>(() => new GoExprParser("((((((((labels[\"env\"] == \"dev\"))))))))").ParseAll()).Message),
            // An event object piped to Get-TeleportMcpAuditEvent, 8 levels deep: refused under 5, read under the default (64).
            [nameof(Limits.PipedObjectMaxDepth)] = (() => new Limits { PipedObjectMaxDepth = 5 }, () =>
            {
                object deep = "x";
                for (int i = 0; i < 8; i++) deep = new System.Collections.Hashtable { ["a"] = deep };
                try { return TeleportMcp.Engine.Resources.PipedObjectJson.Of(new TeleportMcp.Tests.Resources.DictionaryInput(deep)); }
                catch (TeleportInputException e) { return e.Message; }
            }),
            // A pretty-printed event of about 5,000 characters: refused under 1,000, read under the default (16 Mi).
            [nameof(Limits.AuditEventMaxChars)] = (() => new Limits { AuditEventMaxChars = 1000 }, () =>
            {
                var reader = new TeleportMcp.Engine.Audit.AuditEventReader("audit.json", new TeleportMcp.Engine.Audit.AuditEventFilter(), _ => { });
                LogFileReader.Scan(new MemoryStream(Encoding.UTF8.GetBytes("{\n  \"event\": \"mcp.session.start\",\n  \"pad\": \"" + new string('x', 5000) + "\"\n}\n")), reader);
                return reader.Summary.FirstMalformedError ?? "read";
            }),
            // 70 files of pretty-printed events interleaved line by line: the events of the 6 set aside at a time are held.
            [nameof(Limits.PipedHeldEventChars)] = (() => new Limits { PipedHeldEventChars = 10 }, () =>
            {
                var said = new System.Collections.Generic.List<string>();
                var q = new TeleportMcp.Engine.Audit.AuditEventQuery(new TeleportMcp.Engine.Audit.AuditEventFilter(), _ => { }, System.Threading.CancellationToken.None) { Warning = said.Add };
                var lines = new[] { "{", "  \"event\": \"mcp.session.start\",", "  \"sid\": \"s\"", "}" };
                for (int line = 0; line < lines.Length; line++)
                    for (int f = 0; f < 70; f++) q.FeedText(lines[line], "/logs/f" + f + ".log", line + 1);
                q.Finish();
                return said.Count == 0 ? "read" : said[0];
            }),
            [nameof(Limits.FileMaxBytes)] = (() => new Limits { FileMaxBytes = 100 }, () =>
            {
                string path = Path.Combine(Path.GetTempPath(), "limits-" + Guid.NewGuid().ToString("N") + ".yaml");
                File.WriteAllText(path, new string('#', 1000));
                try { return Assert.Throws<IOException>(() => TextFile.ReadAllText(path)).Message; }
                finally { File.Delete(path); }
            }),
            [nameof(Limits.GzipMaxDecompressedBytes)] = (() => new Limits { GzipMaxDecompressedBytes = 10_000 }, () => GzipError(Lines(1000))),
            [nameof(Limits.GzipMaxCompressionRatio)] = (() => new Limits { GzipMaxCompressionRatio = 2, GzipRatioCheckAfterBytes = 10_000 }, () => GzipError(Lines(1000))),
            [nameof(Limits.GzipRatioCheckAfterBytes)] = (() => new Limits { GzipMaxCompressionRatio = 2, GzipRatioCheckAfterBytes = 10_000 }, () => GzipError(Lines(1000))),
            [nameof(Limits.ChildStdoutHeadChars)] = (() => new Limits { ChildStdoutHeadChars = 100 }, () =>
            {
                var launcher = new FakeLauncher { Respond = _ => new ProcessResult { ExitCode = 0, Stdout = "[", StdoutTruncated = true, StdoutChars = 5000 } };
                return Assert.Throws<TctlException>(() => Tctl(launcher).Run("get", "roles", "--format=json")).Message;
            }),
            [nameof(Limits.ChildStdoutTailChars)] = (() => new Limits { ChildStdoutHeadChars = 100, ChildStdoutTailChars = 50 }, () => Child("stdout")),
            [nameof(Limits.ChildStderrHeadChars)] = (() => new Limits { ChildStderrHeadChars = 100, ChildStderrTailChars = 50 }, () => Child("stderr")),
            [nameof(Limits.ChildStderrTailChars)] = (() => new Limits { ChildStderrHeadChars = 100, ChildStderrTailChars = 50 }, () => Child("stderr")),
            [nameof(Limits.ChildMessageChars)] = (() => new Limits { ChildMessageChars = 100 }, () =>
            {
                var launcher = new FakeLauncher { Respond = _ => new ProcessResult { ExitCode = 1, Stderr = "ERROR: " + new string('q', 5000) } };
                return Assert.Throws<TctlException>(() => Tctl(launcher).Run("get", "users/alice", "--format=json")).Message;
            }),
            // A stdio server's stderr line of 500 bytes: cut under 100, kept whole under the default (1,024).
            [nameof(Limits.ProbeStderrLineBytes)] = (() => new Limits { ProbeStderrLineBytes = 100 }, () =>
            {
                var log = new TeleportMcp.Engine.Probe.StderrLog(Limits.Current);
                log.Read(new MemoryStream(Encoding.UTF8.GetBytes(new string('e', 500) + "\n")));
                return log.DroppedNote ?? "kept";
            }),
            // An upstream's answer with 2 KB of headers: refused under 1,000 bytes, read under the default (64 KiB).
            [nameof(Limits.HttpHeaderMaxBytes)] = (() => new Limits { HttpHeaderMaxBytes = 1000 }, () =>
            {
                using var server = new TeleportMcp.Tests.Probe.DirectHttpHandlerTests.ScriptedServer((i, head, s) =>
                {
                    TeleportMcp.Tests.Probe.DirectHttpHandlerTests.Write(s, "HTTP/1.1 204 No Content\r\nX-Filler: " + new string('f', 2000) + "\r\n\r\n");
                    return false;
                });
                using var handler = new TeleportMcp.Engine.Probe.DirectHttpHandler((sender, cert, chain, errors) => errors == System.Net.Security.SslPolicyErrors.None);
                using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Delete, server.Url);
                try
                {
                    using (handler.Send(request, CancellationToken.None)) return "read";
                }
                catch (System.Net.Http.HttpRequestException e) { return e.Message; }
            }),
            // Under the defaults (20 items, 200 characters) the same lists are shown whole.
            [nameof(Limits.OutputListItems)] = (() => new Limits { OutputListItems = 5 }, () => ListText.Join(", ", Enumerable.Range(0, 10).Select(i => "v" + i))),
            [nameof(Limits.OutputListItemChars)] = (() => new Limits { OutputListItemChars = 100 }, () => ListText.Join(", ", new[] { "short", new string('v', 150) })),
            // A 500-character message is given whole under the default (10,000).
            [nameof(Limits.OutputMessageChars)] = (() => new Limits { OutputMessageChars = 100 }, () => ListText.Message(new string('m', 500))),
            // A 500-character line is shown whole under the default (1,000).
            [nameof(Limits.ShownLineChars)] = (() => new Limits { ShownLineChars = 100 }, () => SourceText.LineAt("first\n" + new string('x', 500), 2)),
        };

        public static IEnumerable<object[]> Names() => typeof(Limits).GetProperties().Where(p => p.CanWrite).Select(p => new object[] { p.Name });

        /// <summary>The cases that run POSIX programs (<see cref="Child"/>): a theory of their own, skipped on Windows.</summary>
        private static readonly HashSet<string> ChildCases = new HashSet<string>(StringComparer.Ordinal)
        {
            nameof(Limits.ChildStdoutTailChars), nameof(Limits.ChildStderrHeadChars), nameof(Limits.ChildStderrTailChars),
        };

        public static IEnumerable<object[]> NamesInProcess() => Names().Where(n => !ChildCases.Contains((string)n[0]));

        public static IEnumerable<object[]> NamesOfChildPrograms() => Names().Where(n => ChildCases.Contains((string)n[0]));

        [Fact]
        public void Every_limit_has_a_case() =>
            Assert.DoesNotContain(Names().Select(n => (string)n[0]), n => !Cases.ContainsKey(n));

        [Theory]
        [MemberData(nameof(NamesInProcess))]
        public void The_error_of_each_limit_names_it(string name) => ErrorNamesTheLimit(name);

        [NotOnWindowsTheory("the child cases use POSIX programs")]
        [MemberData(nameof(NamesOfChildPrograms))]
        public void The_error_of_each_child_output_limit_names_it(string name) => ErrorNamesTheLimit(name);

        private static void ErrorNamesTheLimit(string name)
        {
            var (limits, error) = Cases[name];
            var small = limits();
            string message;
            using (Limits.Use(small)) message = error();
            Assert.Contains("limit " + name + " = ", message, StringComparison.Ordinal);
            Assert.Contains(small.Describe(name), message, StringComparison.Ordinal);
            // The defaults let the same input through: the error comes from the limit, not from the input.
            if (name.StartsWith("Child", StringComparison.Ordinal)) return;
            string withDefaults = null;
            try { withDefaults = error(); }
            catch (Exception e) { withDefaults = e.GetType().Name; }
            Assert.DoesNotContain("limit " + name, withDefaults ?? "", StringComparison.Ordinal);
        }

        [Fact]
        public void An_output_list_says_how_many_items_it_left_out()
        {
            using (Limits.Use(new Limits { OutputListItems = 3, OutputListItemChars = 10 }))
            {
                Assert.Equal("a, b, c, ... and 7 more (limit OutputListItems = 3)", ListText.Join(", ", "abcdefghij".Select(c => c.ToString())));
                Assert.Equal("v0 v1 v2 ... and 1 more (limit OutputListItems = 3)", ListText.Join(" ", new[] { "v0", "v1", "v2", "v3" }));
                Assert.Equal("0123456789... (25 characters; limit OutputListItemChars = 10)", ListText.Join(", ", new[] { "0123456789012345678901234" }));
                Assert.Equal("a, b", ListText.Join(", ", new[] { "a", "b" }));
                Assert.Equal("", ListText.Join(", ", Array.Empty<string>()));
                // JoinWhole keeps each item whole (a path is never cut) and caps only the count.
                Assert.Equal("0123456789012345678901234; b; c; ... and 1 more (limit OutputListItems = 3)", ListText.JoinWhole("; ", new[] { "0123456789012345678901234", "b", "c", "d" }));
            }
        }

        [Fact]
        public void A_whole_item_is_still_redacted()
        {
            var shown = ListText.JoinWhole(", ", new[] { new string('x', 300) + " password=hunter2hunter2hunter2" });
            Assert.DoesNotContain("hunter2", shown, StringComparison.Ordinal);
            Assert.StartsWith(new string('x', 300), shown, StringComparison.Ordinal);
        }

        [Fact]
        public void A_cut_item_is_redacted_before_the_cut()
        {
            // A secret that crosses the cut is never half shown: the whole item is redacted first.
            var item = new string('x', 195) + " password=hunter2hunter2hunter2";
            var shown = ListText.Join(", ", new[] { item });
            Assert.DoesNotContain("hunter2", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("hunt", shown, StringComparison.Ordinal);
        }

        [Fact]
        public void Use_sets_the_limits_for_one_flow_of_work_only()
        {
            var small = new Limits { JsonMaxDepth = 1 };
            using (Limits.Use(small))
            {
                Assert.Same(small, Limits.Current);
                // Work that does not flow from this one (another command's thread) keeps the defaults.
                Limits seen = null;
                Thread other;
                using (ExecutionContext.SuppressFlow())
                {
                    other = new Thread(() => seen = Limits.Current);
                    other.Start();
                }
                other.Join();
                Assert.Same(Limits.Default, seen);
            }
            Assert.Same(Limits.Default, Limits.Current);
            Assert.Equal(10000, Limits.Default.YamlMaxDepth);
            Assert.Equal("limit JsonMaxDepth = 512", Limits.Default.Describe(nameof(Limits.JsonMaxDepth)));
        }

        private static string AliasError()
        {
            var sb = new StringBuilder("base: &b [");
            sb.Append(string.Join(", ", Enumerable.Range(0, 60).Select(i => "x" + i))).Append("]\nrefs:\n");
            for (int i = 0; i < 40; i++) sb.Append("  - *b\n");
            return YamlDocumentReader.Read(sb.ToString(), "aliases.yaml").Single().Error?.Message ?? "";
        }

        private static byte[] Lines(int count)
        {
            var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Optimal, true))
            {
                var b = Encoding.UTF8.GetBytes("2025-06-01T10:00:00Z INFO [APP:SERVICE] nothing to see here app:files\n");
                for (int i = 0; i < count; i++) gz.Write(b, 0, b.Length);
            }
            return ms.ToArray();
        }

        private static string GzipError(byte[] data)
        {
            var scanner = new LogScanner(KnownErrorCatalog.Embedded, "x.log.gz", _ => { });
            return Assert.ThrowsAny<Exception>(() => LogFileReader.Scan(new MemoryStream(data), scanner)).Message;
        }

        private static TctlRunner Tctl(FakeLauncher launcher) =>
            new TctlRunner(new TctlOptions(), new FakePlatform(false, new[] { "/usr/local/bin/tctl" }, new Dictionary<string, string> { ["PATH"] = "/usr/local/bin" }), launcher);

        /// <summary>A real child writing thousands of characters to one stream: the kept text's marker names the limits that cut it.</summary>
        private static string Child(string stream)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return null; // POSIX programs below
            // A program that ends by itself (seq prints about 170,000 characters): the text is all there at its exit. A
            // program stopped at a short timeout may not have started printing yet on a loaded machine, and what a killed
            // program printed is read only briefly.
            if (stream == "stdout")
                return new ProcessRunner().Run("/usr/bin/seq", new[] { "1", "30000" }, null, TimeSpan.FromSeconds(120), CancellationToken.None).Stdout;
            // ls names each missing file on stderr: 60 long names are about 8,000 characters.
            var names = Enumerable.Range(0, 60).Select(i => "/nonexistent-limits-test/" + new string('n', 100) + i).ToArray();
            return new ProcessRunner().Run("/bin/ls", names, null, TimeSpan.FromSeconds(120), CancellationToken.None).Stderr;
        }
    }
}
