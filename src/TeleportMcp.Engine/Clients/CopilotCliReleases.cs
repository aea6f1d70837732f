using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>Why the module refuses Copilot CLI's user file (JsonParser.ParseCopilotCliUser), as the releases' readers differ on it.</summary>
    internal enum CopilotCliUserRefusal
    {
        /// <summary>Text that is not JSON (a truncated file, trailing text, a # comment, NaN, hex, single quotes, ...).</summary>
        NotJson,
        /// <summary>JSON that JavaScript reads but serde_json refuses: a lone surrogate escape, or nesting past its limits.</summary>
        SerdeOnly,
        /// <summary>A file that is not UTF-8 (a UTF-16 or UTF-32 byte order mark).</summary>
        NotUtf8,
        /// <summary>
        /// Not a refusal of the module: text it takes as the newest releases do (a comment, a trailing comma, a UTF-8 byte order
        /// mark, JsonParser.ParseCopilotCliUser's extensions) that JSON.parse refuses.
        /// </summary>
        NotStrictJson,
    }

    /// <summary>Whether a range of Copilot CLI releases refuses the whole user file for a refusal kind.</summary>
    internal enum CopilotCliReleaseTakes
    {
        Refuses,
        /// <summary>Does not refuse the file for it; loads the servers when they are valid to it.</summary>
        Takes,
        /// <summary>Reads it error-tolerantly: loads what it recovers when its servers are valid, which is not modelled.</summary>
        MayTake,
        NotMeasured,
    }

    /// <summary>One row of <see cref="CopilotCliReleases.UserFile"/>.</summary>
    internal sealed class CopilotCliReleaseRow
    {
        public CopilotCliReleaseRow(CopilotCliUserRefusal kind, string releases, CopilotCliReleaseTakes takes, string how)
        {
            Kind = kind;
            Releases = releases;
            Takes = takes;
            How = how;
        }

        public CopilotCliUserRefusal Kind { get; }
        public string Releases { get; }
        public CopilotCliReleaseTakes Takes { get; }
        public string How { get; }
    }

    /// <summary>
    /// What @github/copilot releases 0.0.340 and later do with a user file (~/.copilot/mcp-config.json) the module refuses,
    /// by why it refuses it. Measured by running each release's own reader (its "mcp" config store's load(), harness
    /// /tmp/h283/h.mjs of helper-283, 3,759 readings of 0.0.340 to 1.0.63, and helper-285's /tmp/h285 rows on 0.0.340, 0.0.411,
    /// 0.0.414, 1.0.44, 1.0.61 and 1.0.62; docs/teleport-facts.md, session 44): up to 0.0.411 the file is read with JSON.parse;
    /// 0.0.414 to 1.0.61 read it with jsonc-parser without its error list (error-tolerant; a value it cannot read is dropped, so
    /// a bad root property is taken and a bad server property refused by the schema); 1.0.46 and later re-read it with
    /// serde_json (a lone surrogate, nesting past 127 levels refused; from 1.0.46, helper-298); 1.0.62
    /// and later read it with the grammar the module models. A file that is not UTF-8 every measured release refuses.
    /// </summary>
    internal static class CopilotCliReleases
    {
        public static readonly IReadOnlyList<CopilotCliReleaseRow> UserFile = new[]
        {
            new CopilotCliReleaseRow(CopilotCliUserRefusal.NotJson, "0.0.340 to 0.0.411", CopilotCliReleaseTakes.Refuses, "read it with JSON.parse and refuse it"),
            new CopilotCliReleaseRow(CopilotCliUserRefusal.NotJson, "0.0.414 to 1.0.61", CopilotCliReleaseTakes.MayTake,
                "read it error-tolerantly (jsonc-parser) and load the servers of what they recover when those are valid (measured: a truncated file, trailing text, NaN, hex or a single-quoted string as a root property taken; a single-quoted server value refused)"),
            new CopilotCliReleaseRow(CopilotCliUserRefusal.NotJson, "1.0.62 and later", CopilotCliReleaseTakes.Refuses, "refuse it"),
            // Measured (helper-298, the same harness): @github/copilot@1.0.45 takes a lone surrogate and 200 levels as 1.0.44 does (the same
            // outcome on all 179 texts of /tmp/h283/corpus.jsonl); @1.0.46 (its native/runtime addon extracted) and @1.0.47 refuse them as 1.0.48.
            new CopilotCliReleaseRow(CopilotCliUserRefusal.SerdeOnly, "0.0.340 to 1.0.45", CopilotCliReleaseTakes.Takes, "read it with JavaScript only (no depth limit, lone surrogates kept) and do not refuse it for that"),
            new CopilotCliReleaseRow(CopilotCliUserRefusal.SerdeOnly, "1.0.46 and later", CopilotCliReleaseTakes.Refuses, "re-read it with serde_json and refuse it"),
            new CopilotCliReleaseRow(CopilotCliUserRefusal.NotUtf8, "0.0.340 and later", CopilotCliReleaseTakes.Refuses, "refuse it"),
            // Measured (each release's own "mcp" store load(), helper-283's harness run by helper-298 on x.jsonl, entries with "tools"):
            // @github/copilot@0.0.340, @0.0.351, @0.0.399, @0.0.406, @0.0.410 and @0.0.411 refuse a file with a // or /* */ comment, a
            // trailing comma or a BOM ("SyntaxError: ... is not valid JSON", "mcpServers: Required" for a comment first); @0.0.414,
            // @0.0.423, @1.0.20 to @1.0.62 take each with its server (jsonc-parser, then the native readers).
            new CopilotCliReleaseRow(CopilotCliUserRefusal.NotStrictJson, "0.0.340 to 0.0.411", CopilotCliReleaseTakes.Refuses, "read the file with JSON.parse and refuse it whole"),
            new CopilotCliReleaseRow(CopilotCliUserRefusal.NotStrictJson, "0.0.414 and later", CopilotCliReleaseTakes.Takes, "take the file"),
        };

        /// <summary>
        /// The verdict for a file the releases treat by <paramref name="kind"/>, as the release that runs is not known: Fail when every
        /// range refuses it, Pass when none does (nor may), else Indeterminate.
        /// </summary>
        public static CheckStatus StatusFor(CopilotCliUserRefusal kind) =>
            AllRefuse(kind) ? CheckStatus.Fail : For(kind).All(r => r.Takes == CopilotCliReleaseTakes.Takes) ? CheckStatus.Pass : CheckStatus.Indeterminate;

        /// <summary>The rows for <paramref name="kind"/> that refuse the whole file (else the others), as <see cref="Describe"/> words them.</summary>
        public static string DescribeRefusing(CopilotCliUserRefusal kind, bool refusing = true) =>
            ListText.Join("; ", For(kind).Where(r => (r.Takes == CopilotCliReleaseTakes.Refuses) == refusing).Select(r => "Copilot CLI " + r.Releases + " " + r.How));

        /// <summary>Why the module refuses a Copilot CLI user file with <paramref name="error"/>.</summary>
        public static CopilotCliUserRefusal KindOf(TeleportInputException error)
        {
            if (error.Code == McpConfigReader.EncodingErrorCode) return CopilotCliUserRefusal.NotUtf8;
            var d = error.Detail;
            if (d.Contains("recursion limit") || d.Contains("lone surrogate") || d.Contains("nesting deeper than")) return CopilotCliUserRefusal.SerdeOnly;
            return CopilotCliUserRefusal.NotJson;
        }

        /// <summary>Whether a row for <paramref name="kind"/> that refuses the whole file holds <paramref name="release"/> ("0.0.340 to 0.0.411", "1.0.62 and later").</summary>
        public static bool Refuses(CopilotCliUserRefusal kind, Version release) =>
            For(kind).Any(r => r.Takes == CopilotCliReleaseTakes.Refuses && Holds(r.Releases, release));

        private static bool Holds(string range, Version release)
        {
            var parts = range.Split(' ');
            return Version.Parse(parts[0]) <= release && (parts[1] == "and" || release <= Version.Parse(parts[2]));
        }

        /// <summary>The rows for <paramref name="kind"/>, oldest first.</summary>
        public static IEnumerable<CopilotCliReleaseRow> For(CopilotCliUserRefusal kind) => UserFile.Where(r => r.Kind == kind);

        /// <summary>Whether every release range refuses the whole file for <paramref name="kind"/>.</summary>
        public static bool AllRefuse(CopilotCliUserRefusal kind) => For(kind).All(r => r.Takes == CopilotCliReleaseTakes.Refuses);

        /// <summary>The rows for <paramref name="kind"/> whose range starts before <paramref name="release"/>, as <see cref="Describe"/> words them.</summary>
        public static string DescribeBefore(CopilotCliUserRefusal kind, Version release) =>
            ListText.Join("; ", For(kind).Where(r => Version.Parse(r.Releases.Split(' ')[0]) < release).Select(r => "Copilot CLI " + r.Releases + " " + r.How));

        /// <summary>
        /// The rows for <paramref name="kind"/> as groups for <see cref="ReleaseVerdict.Decide"/>: a range that refuses the file Fail, one
        /// that takes it Pass, one that may take it (not modelled) or is not measured Indeterminate; the words are each row's.
        /// </summary>
        public static List<ReleaseAnswer> Groups(CopilotCliUserRefusal kind, string refused) =>
            For(kind).Select(r =>
            {
                var parts = r.Releases.Split(' ');
                var status = r.Takes == CopilotCliReleaseTakes.Refuses ? CheckStatus.Fail : r.Takes == CopilotCliReleaseTakes.Takes ? CheckStatus.Pass : CheckStatus.Indeterminate;
                return new ReleaseAnswer(parts[0], parts[1] == "and" ? null : parts[2], status, r.How + (status == CheckStatus.Fail ? " (" + refused + ")" : ""));
            }).ToList();

        /// <summary>The words that JSONC allows of JsonParser.ParseCopilotCliUser's extensions, which 0.0.414 and later were measured to take (NotStrictJson).</summary>
        private static readonly string[] s_jsonc = { "a byte order mark (BOM)", "a // comment", "a /* comment */", "a trailing comma" };

        /// <summary>Whether the extension <paramref name="what"/> is one JSONC allows (a comment, a trailing comma, a UTF-8 byte order mark).</summary>
        public static bool IsJsonc(string what) => s_jsonc.Any(w => what == w || what.StartsWith(w + " (", StringComparison.Ordinal));

        /// <summary>
        /// What each range of releases whose user-file reader differs does with a user file the module takes (for <see cref="ReleaseVerdict.Decide"/>),
        /// oldest first, one group a range whose answer is measured; a range whose answer is not measured is left out (a known release in it is not
        /// decided). The ranges: 0.0.340-0.0.411 JSON.parse, 0.0.414-1.0.61 jsonc-parser error-tolerant (<see cref="UserFile"/>), 1.0.62-1.0.65
        /// persistenceReadRawJson then JSON.parse (JsonParser.EarliestLoaderReleases), 1.0.66-1.0.92 the loader whose // comment runs to the line
        /// feed (JsonParser.OlderCopilotReleases), 1.0.93-1.0.101 not measured on those, 1.0.102 and later the reader the module models.
        /// Adjacent groups with one answer are joined.
        /// </summary>
        /// <param name="strictWhat">What JSON.parse refuses in the file ("a // comment at line 3, column 5"), or null when nothing.</param>
        /// <param name="onlyJsonc">Whether everything non-standard is JSONC (<see cref="IsJsonc"/>), which 0.0.414 to 1.0.61 take.</param>
        /// <param name="earliest">What 1.0.62 to 1.0.65 refuse the whole file for (words), or null.</param>
        /// <param name="older">What 1.0.66 to 1.0.92 refuse the whole file for (words), or null.</param>
        /// <param name="otherwise">How 1.0.66 to 1.0.92 read the file otherwise (words), or null.</param>
        /// <param name="taken">The status of a release that takes the file as the module reads it (Pass, or Warn for ignored values).</param>
        /// <param name="takes">Its words.</param>
        /// <param name="otherwiseStatus">The status of 1.0.66 to 1.0.92 reading it otherwise: Warn, or Fail when they do not load a Teleport entry of it.</param>
        public static List<ReleaseAnswer> UserFileReaders(string? strictWhat, bool onlyJsonc, string? earliest, string? older, string? otherwise, CheckStatus taken, string takes, CheckStatus otherwiseStatus = CheckStatus.Warn)
        {
            bool lineFeedComment = older != null || otherwise != null;
            // A range of published releases whose answer to this text is not measured is a group of its own, Indeterminate, saying so
            // (a known release in it is not decided). 1.0.93 to 1.0.101 is no such range: npm serves no release between 1.0.92 and
            // 1.0.102 (`npm view @github/copilot versions`, session 47), so a log naming one is in none of the groups.
            var parts = new (string From, string? To, CheckStatus? Status, string Says)[]
            {
                // Only a value nested too deep for 1.0.62-1.0.65 (no extension): what the JavaScript readers and 1.0.46-1.0.61's
                // serde_json re-read do with it is not measured on such a text.
                strictWhat == null ? ("0.0.340", "0.0.411", CheckStatus.Indeterminate, NotModelled) : ("0.0.340", "0.0.411", CheckStatus.Fail, For(CopilotCliUserRefusal.NotStrictJson).First().How + " for " + strictWhat + " (no MCP server loads)"),
                strictWhat == null ? ("0.0.414", "1.0.61", CheckStatus.Indeterminate, NotModelled)
                    : onlyJsonc ? ("0.0.414", "1.0.61", taken, takes)
                    : ("0.0.414", "1.0.61", CheckStatus.Indeterminate, For(CopilotCliUserRefusal.NotJson).First(r => r.Takes == CopilotCliReleaseTakes.MayTake).How + ", which this check does not model"),
                // 1.0.62-1.0.65 run a // comment past a lone CR to the line feed as 1.0.66-1.0.92 do (helper-268, cr2-cr4), but what
                // they then read of a file the module takes is not modelled.
                earliest != null ? ("1.0.62", "1.0.65", CheckStatus.Fail, "refuse this whole file for " + earliest) : lineFeedComment ? ("1.0.62", "1.0.65", CheckStatus.Indeterminate, NotModelled) : ("1.0.62", "1.0.65", taken, takes),
                older != null ? ("1.0.66", "1.0.92", CheckStatus.Fail, "refuse this whole file for " + older) : otherwise != null ? ("1.0.66", "1.0.92", otherwiseStatus, otherwise) : ("1.0.66", "1.0.92", taken, takes),
                lineFeedComment ? ("1.0.93", "1.0.101", null, "") : ("1.0.93", "1.0.101", taken, takes),
                ("1.0.102", null, taken, takes),
            };
            var groups = new List<ReleaseAnswer>();
            bool joins = false;
            foreach (var part in parts)
            {
                if (part.Status == null) { joins = false; continue; }
                var last = groups.Count == 0 ? null : groups[groups.Count - 1];
                if (joins && last != null && last.Status == part.Status && last.Says == part.Says) groups[groups.Count - 1] = new ReleaseAnswer(last.From, part.To, last.Status, last.Says);
                else groups.Add(new ReleaseAnswer(part.From, part.To, part.Status.Value, part.Says));
                joins = true;
            }
            return groups;
        }

        /// <summary>The words of a group whose answer to the text is not measured (<see cref="UserFileReaders"/>).</summary>
        public const string NotModelled = "are not modelled on this text (what they read of it is not measured)";

        /// <summary>"Copilot CLI 0.0.340 to 0.0.411 read it with JSON.parse and refuse it; ..." for <paramref name="kind"/>.</summary>
        public static string Describe(CopilotCliUserRefusal kind) =>
            ListText.Join("; ", For(kind).Select(r => "Copilot CLI " + r.Releases + " " + r.How));
    }
}
