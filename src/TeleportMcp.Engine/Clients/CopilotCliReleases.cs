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

        /// <summary>"Copilot CLI 0.0.340 to 0.0.411 read it with JSON.parse and refuse it; ..." for <paramref name="kind"/>.</summary>
        public static string Describe(CopilotCliUserRefusal kind) =>
            ListText.Join("; ", For(kind).Select(r => "Copilot CLI " + r.Releases + " " + r.How));
    }
}
