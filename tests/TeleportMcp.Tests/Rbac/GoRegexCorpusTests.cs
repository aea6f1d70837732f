using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using TeleportMcp.Engine.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>
    /// P6/P8: the RE2 translator against Go's own answers (Data/Rbac/go-regexp-corpus.jsonl, made by
    /// Data/Rbac/gocorpus/main.go with Go's regexp package): compile errors byte for byte, MatchString for every
    /// input, ReplaceAllString for regexp.replace (I10). Patterns the module declares not evaluable offline are
    /// skipped only for the inputs it flags, never silently.
    /// </summary>
    public class GoRegexCorpusTests
    {
        private static IEnumerable<JsonElement> Lines()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Data", "Rbac", "go-regexp-corpus.jsonl");
            foreach (var line in File.ReadLines(path))
                if (line.Length > 0) yield return JsonDocument.Parse(line).RootElement.Clone();
        }

        public static IEnumerable<object[]> Patterns() =>
            Lines().Where(l => !l.TryGetProperty("replacement", out _)).Select(l => new object[] { l.GetProperty("pattern").GetString() });

        public static IEnumerable<object[]> Replacements() =>
            Lines().Where(l => l.TryGetProperty("replacement", out _)).Select(l => new object[] { l.GetProperty("pattern").GetString(), l.GetProperty("replacement").GetString() });

        private static JsonElement Find(string pattern) =>
            Lines().First(l => !l.TryGetProperty("replacement", out _) && l.GetProperty("pattern").GetString() == pattern);

        [Theory]
        [MemberData(nameof(Patterns))]
        public void AgreesWithGo(string pattern)
        {
            var go = Find(pattern);
            var re = GoRegex.Compile(pattern);
            // "(?<" is a named group since Go 1.22 (which Teleport builds with); the corpus Go is older.
            bool versionDependent = pattern.Contains("(?<");
            if (go.TryGetProperty("error", out var err))
            {
                if (versionDependent) return;
                if (re.Unsupported != null && err.GetString().Contains("\\p{")) return;   // unknown \p names: not guessed
                Assert.Equal(err.GetString(), re.Error);
                return;
            }
            Assert.Null(re.Error);
            if (re.Unsupported != null) return;
            int compared = 0;
            foreach (var m in go.GetProperty("matches").EnumerateObject())
            {
                if (re.CheckInput(m.Name) != null) continue;
                Assert.True(m.Value.GetBoolean() == re.IsMatch(m.Name), "pattern " + pattern + " input " + JsonSerializer.Serialize(m.Name) + ": Go says " + m.Value.GetBoolean());
                compared++;
            }
            Assert.True(compared > 0);
        }

        [Theory]
        [MemberData(nameof(Replacements))]
        public void ReplacesLikeGo(string pattern, string replacement)
        {
            var go = Lines().First(l => l.TryGetProperty("replacement", out var r) && r.GetString() == replacement && l.GetProperty("pattern").GetString() == pattern);
            var re = GoRegex.Compile(pattern);
            var input = go.GetProperty("input").GetString();
            Assert.Equal(go.GetProperty("matched").GetBoolean(), re.IsMatch(input));
            Assert.Equal(go.GetProperty("result").GetString(), re.ReplaceAll(input, replacement));
        }
    }
}
