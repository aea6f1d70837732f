using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// Every log excerpt under Data/Logs with a sidecar NAME.expected.json yields exactly the findings listed there
    /// (id and line), with the listed fields. Lines are shaped as teleport-mcp.md §9-11 and mcp-clients.md §2 describe.
    /// </summary>
    public class LogCorpusTests
    {
        private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Data", "Logs");

        public static IEnumerable<object[]> Cases()
        {
            foreach (var expected in Directory.GetFiles(Dir, "*.expected.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                string stem = expected.Substring(0, expected.Length - ".expected.json".Length);
                var log = Directory.GetFiles(Path.GetDirectoryName(expected), Path.GetFileName(stem) + ".*")
                    .Single(f => !f.EndsWith(".expected.json", StringComparison.Ordinal));
                yield return new object[] { Path.GetRelativePath(Dir, log) };
            }
        }

        internal static List<Finding> Scan(string path, KnownErrorCatalog catalog = null)
        {
            var found = new List<Finding>();
            LogFileReader.Scan(path, new LogScanner(catalog ?? KnownErrorCatalog.Embedded, path, found.Add));
            return found;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void CorpusFileYieldsExpectedFindings(string relative)
        {
            string path = Path.Combine(Dir, relative);
            string stem = Path.Combine(Path.GetDirectoryName(path), Path.GetFileNameWithoutExtension(path));
            using var doc = JsonDocument.Parse(File.ReadAllText(stem + ".expected.json"));
            var expected = doc.RootElement.EnumerateArray().ToList();
            var actual = Scan(path);

            Assert.Equal(
                expected.Select(e => e.GetProperty("id").GetString() + "@" + e.GetProperty("line").GetInt32()).ToList(),
                actual.Select(f => f.Id + "@" + f.LineNumber).ToList());

            for (int i = 0; i < expected.Count; i++)
            {
                var e = expected[i];
                var f = actual[i];
                string where = relative + " " + f.Id + "@" + f.LineNumber;
                if (e.TryGetProperty("app", out var app)) Assert.True(app.GetString() == f.App, where + ": App " + f.App);
                if (e.TryGetProperty("user", out var user)) Assert.True(user.GetString() == f.User, where + ": User " + f.User);
                if (e.TryGetProperty("command", out var cmd)) Assert.True(cmd.GetString() == f.Command, where + ": Command " + f.Command);
                if (e.TryGetProperty("time", out var time))
                {
                    var t = LogLineFormatAccess.ParseTime(time.GetString());
                    Assert.True(t == f.Time, where + ": Time " + f.Time?.ToString("o"));
                }
                if (e.TryGetProperty("causeContains", out var cause)) Assert.True(f.Cause.Contains(cause.GetString()), where + ": Cause " + f.Cause);
                if (e.TryGetProperty("fixContains", out var fix)) Assert.True(f.Fix.Contains(fix.GetString()), where + ": Fix " + f.Fix);
                if (e.TryGetProperty("evidenceContains", out var ev)) Assert.True(f.Evidence.Contains(ev.GetString()), where + ": Evidence " + f.Evidence);
                if (e.TryGetProperty("evidenceLacks", out var lacks))
                    foreach (var s in lacks.EnumerateArray()) Assert.DoesNotContain(s.GetString(), f.Evidence, StringComparison.Ordinal);
                Assert.False(string.IsNullOrEmpty(f.Cause));
                Assert.False(string.IsNullOrEmpty(f.Fix));
                // No placeholder left unfilled; Teleport templates ({{internal.jwt}}, {{external.x}}) are part of some fixes.
                Assert.DoesNotContain("{", System.Text.RegularExpressions.Regex.Replace(f.Fix, @"\{\{[^{}]*\}\}", ""), StringComparison.Ordinal);
            }
        }

        [Fact]
        public void EveryCatalogEntryIsExercisedByTheCorpus()
        {
            var seen = new HashSet<string>();
            foreach (var c in Cases()) foreach (var f in Scan(Path.Combine(Dir, (string)c[0]))) seen.Add(f.Id);
            var missing = KnownErrorCatalog.Embedded.Entries.Select(e => e.Id).Where(id => !seen.Contains(id)).ToList();
            Assert.True(missing.Count == 0, "not exercised: " + string.Join(", ", missing));
        }

        [Fact]
        public void HundredThousandLinesOfNormalOperationYieldNoFinding()
        {
            string path = Path.Combine(Path.GetTempPath(), "tmcp-normal-" + Guid.NewGuid().ToString("N") + ".log");
            try
            {
                using (var w = new StreamWriter(path)) NormalLogGenerator.Write(w, 100_000);
                var found = new List<Finding>();
                var scanner = new LogScanner(KnownErrorCatalog.Embedded, path, found.Add);
                LogFileReader.Scan(path, scanner);
                Assert.Equal(100_000, scanner.LineCount);
                Assert.Empty(found);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    internal static class LogLineFormatAccess
    {
        public static DateTime? ParseTime(string s) => LogLineFormat.ParseTime(s);
    }
}
