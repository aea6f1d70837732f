using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TeleportMcp.Engine.Diagnosis;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Output;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>Issue 17 items 3, 11 and 12: one redactor and one escaping at the output boundary.</summary>
    public class OutputBoundaryTests
    {
        [Fact]
        public void Sanitizing_a_huge_object_stops_when_the_pipeline_does()
        {
            // 20,000 strings (an 80,000-value role's lists are larger still): the walk looks at the stop every 64 Ki characters.
            var huge = new List<string>(Enumerable.Range(0, 20000).Select(i => "value-" + i + "\u001b"));
            using (var cts = new System.Threading.CancellationTokenSource())
            {
                using (OutputSanitizer.StopWith(cts.Token))
                {
                    // Cancelled after the scope began: only the walk itself can notice.
                    cts.Cancel();
                    Assert.ThrowsAny<OperationCanceledException>(() => OutputSanitizer.Sanitize(huge));
                }
                Assert.ThrowsAny<OperationCanceledException>(() => OutputSanitizer.StopWith(cts.Token));
            }
            Assert.Contains("\u001b", huge[huge.Count - 1], StringComparison.Ordinal);
            // Outside the scope (and with a stop that never comes) the same object is sanitized whole.
            Assert.Same(huge, OutputSanitizer.Sanitize(huge));
            Assert.DoesNotContain("\u001b", huge[huge.Count - 1], StringComparison.Ordinal);
            Assert.Equal("value-19999\\x1B", huge[huge.Count - 1]);
        }

        private static void AssertNoSecret(HostileCorpus.Secret s, string output)
        {
            foreach (var v in s.Values)
            {
                Assert.DoesNotContain(v, output ?? "", StringComparison.Ordinal);
                // Not half of it either (a window cut).
                Assert.DoesNotContain(v.Substring(0, v.Length / 2 + 1), output ?? "", StringComparison.Ordinal);
            }
        }

        [Theory]
        [MemberData(nameof(HostileCorpus.SecretCases), MemberType = typeof(HostileCorpus))]
        public void Every_secret_kind_is_redacted(HostileCorpus.Secret s)
        {
            string redacted = Redactor.Redact(s.Text);
            AssertNoSecret(s, redacted);
            Assert.Contains(Redactor.Mask, redacted, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("app:files user:alice exit status 1")]
        [InlineData("the token has expired, run tsh login")]
        [InlineData("basic authentication is disabled")]
        [InlineData("Bearer token missing in the request")]
        [InlineData("tsh mcp connect files --auth-server=proxy.example.com:443")]
        public void Ordinary_text_is_left_alone(string text) => Assert.Equal(text, Redactor.Redact(text));

        [Fact]
        public void The_one_pass_scan_is_built_from_every_hint_of_the_catalog()
        {
            foreach (var rule in Redactor.Rules)
                foreach (var hint in rule.Hints)
                    foreach (var form in new[] { hint, hint.ToUpperInvariant(), hint.ToLowerInvariant() })
                    {
                        Assert.True(OutputText.MayChange("x " + form + " y"), rule.Id + " hint " + form);
                        Assert.True(OutputText.MayChange(form), rule.Id + " hint " + form);
                    }
            Assert.False(OutputText.MayChange("user-42 get_17 role-3 allow.mcp.tools"));
            // Outside ASCII (the Kelvin sign folds to k in case-insensitive rules) and control characters go the full way.
            Assert.True(OutputText.MayChange("to\u212Aen=abcdefgh"));
            Assert.True(OutputText.MayChange("plain\u001b[2J"));
            Assert.True(OutputText.MayChange("visible\rhidden"));
        }

        /// <summary>
        /// Texts made from the corpus (secrets, their parts, case changes, cut at every length) and run through every
        /// rule without the hint filter: whatever a rule would change, the one-pass scan must send the full way.
        /// </summary>
        [Fact]
        public void The_one_pass_scan_never_lets_through_a_text_a_rule_would_change()
        {
            var rnd = new Random(17);
            var texts = new List<string>();
            foreach (var s in HostileCorpus.Secrets)
            {
                texts.Add(s.Text);
                texts.Add(s.Text.ToUpperInvariant());
                texts.Add(s.Text.ToLowerInvariant());
                for (int cut = 0; cut < s.Text.Length; cut += 3) texts.Add(s.Text.Substring(cut));
                for (int i = 0; i < 40; i++)
                {
                    var chars = s.Text.ToCharArray();
                    for (int k = 0; k < chars.Length; k++) if (rnd.Next(4) == 0) chars[k] = char.IsUpper(chars[k]) ? char.ToLowerInvariant(chars[k]) : char.ToUpperInvariant(chars[k]);
                    texts.Add(new string(chars));
                }
            }
            int changed = 0;
            foreach (var t in texts)
            {
                string all = t;
                foreach (var rule in Redactor.Rules) all = rule.Pattern.Replace(all, Redactor.Mask);
                if (all == t) continue;
                changed++;
                Assert.True(OutputText.MayChange(t), "the scan let through a text rule(s) would change: " + t);
            }
            Assert.True(changed > texts.Count / 2, changed + " of " + texts.Count);
        }

        [Fact]
        public void The_redaction_rules_are_data()
        {
            var ids = Redactor.Rules.Select(r => r.Id).ToList();
            Assert.Contains("pem-private-key", ids);
            Assert.Contains("cookie-values", ids);
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Contains("rules:", Redactor.ReadEmbeddedText(), StringComparison.Ordinal);
        }

        [Fact]
        public void Every_rule_of_the_catalog_builds_its_pattern()
        {
            // The patterns are built on first need; a broken one must fail here, not on some user's first secret.
            foreach (var rule in Redactor.Rules)
                Assert.True(rule.Pattern.GetGroupNames().Length > 0, rule.Id);
            Assert.Contains(Redactor.Rules, r => r.HasSecretGroup);
        }

        // Parentheses crafted against the balanced-parenthesis end of a secret (the bearer rule's atomic loop and
        // Redactor.SecretMask): each text is read in linear time (tens of milliseconds), so no rule reaches its 1 s match
        // timeout, which would withhold the whole text, and the secret is masked. Quadratic work on 50,000 characters
        // would take seconds and be withheld at that timeout (RedactLinear says when a longer one is given).
        [Theory]
        [InlineData("(token=", "(", "")]
        [InlineData("(token=a", ")", "")]
        [InlineData("(token=", "(", ")")]
        [InlineData("(Authorization: Bearer abcdef", "(", "")]
        [InlineData("(Authorization: Bearer abcdef", "(", ")")]
        [InlineData("(Bearer abcdef", "a(", "")]
        [InlineData("(Bearer abcdef", "()", "")]
        [InlineData("", "(token=a(b)c) ", "")]
        [InlineData("", "(Bearer abcdef(g)h) ", "")]
        [InlineData("", "(--token=a(b)c) ", "")]
        public void Parentheses_against_a_secret_end_keep_redaction_linear(string head, string repeated, string closing)
        {
            const int Size = 50000;
            var text = new System.Text.StringBuilder(head);
            while (text.Length < Size) text.Append(repeated);
            // As many ")" as the text opened, plus one for the parenthesis around the pair.
            if (closing.Length > 0) text.Append(')', text.ToString().Count(c => c == '(') - text.ToString().Count(c => c == ')'));
            string redacted = RedactLinear(text.ToString());
            Assert.Contains(Redactor.Mask, redacted, StringComparison.Ordinal);
            Assert.DoesNotContain("abcdef", redacted, StringComparison.Ordinal);
        }

        // The text redacted by the real rules, which must not time out. Their 1 s match timeout is wall-clock time: a linear
        // pass over these texts costs 0.05-0.3 s of CPU, but on a 2-core machine at load 25 or more it has been withheld in
        // three tries in a row. Then the same rules run with a 20 s timeout: a quadratic rule (a minute for 200,000
        // characters) is withheld there too, while a loaded linear pass finishes. Speed itself is measured by bench/.
        private static string RedactLinear(string text)
        {
            string redacted = Redactor.Redact(text);
            for (int attempt = 1; attempt < 3 && redacted.Contains("withheld", StringComparison.Ordinal); attempt++)
                redacted = Redactor.Redact(text);
            if (redacted.Contains("withheld", StringComparison.Ordinal))
                redacted = Redactor.RedactWithTimeout(text, TimeSpan.FromSeconds(20));
            Assert.DoesNotContain("withheld", redacted, StringComparison.Ordinal);
            return redacted;
        }

        [Theory]
        [MemberData(nameof(HostileCorpus.SecretCases), MemberType = typeof(HostileCorpus))]
        public void A_longer_match_timeout_redacts_exactly_as_the_rules_do(HostileCorpus.Secret s) =>
            Assert.Equal(Redactor.Redact(s.Text), Redactor.RedactWithTimeout(s.Text, TimeSpan.FromSeconds(20)));

        // cookie-values on ~200,000-character lines of cookie-like fragments: its former lookbehind read the line back over
        // every ';' segment from every position (quadratic: a 100,000-character line of pairs took 15 s and the whole text
        // was withheld at the 1 s match timeout). Read forward, each text finishes and every planted value is masked.
        [Theory]
        [InlineData("Cookie: ", "a=PlantedCookie; ", "")]
        [InlineData("Set-Cookie: ", "s=PlantedCookie; Path=/; HttpOnly; ", "")]
        [InlineData("cookie ", "a=1;", "")]                          // no header: nothing to mask, every position tried
        [InlineData("", "cookie:", "")]                              // headers, no pair
        [InlineData("", "cookie:aaaaaaaaaa", "")]
        [InlineData("", "cookie: ;", "")]
        [InlineData("Cookie: a=PlantedCookie", "; HttpOnly", "")]
        [InlineData("Cookie: ", "aaaaa;", " z=PlantedCookie")]
        [InlineData("", "cookie: a=PlantedCookie ", "")]
        [InlineData("", "Cookie: a=PlantedCookie;\n", "")]
        [InlineData("", "cookie=\"", "")]
        [InlineData("(", "Cookie: a=PlantedCookie(x)) ", "")]
        public void Long_cookie_lines_are_redacted_without_a_timeout(string head, string repeated, string tail)
        {
            const int Size = 200000;
            var text = new System.Text.StringBuilder(head);
            while (text.Length < Size) text.Append(repeated);
            text.Append(tail);
            string redacted = RedactLinear(text.ToString());
            Assert.DoesNotContain("PlantedCookie", redacted, StringComparison.Ordinal);
            if (text.ToString().Contains("PlantedCookie", StringComparison.Ordinal)) Assert.Contains(Redactor.Mask, redacted, StringComparison.Ordinal);
        }

        [Theory]
        [MemberData(nameof(HostileCorpus.SecretCases), MemberType = typeof(HostileCorpus))]
        public void Every_string_property_of_an_output_object_is_redacted(HostileCorpus.Secret s)
        {
            var finding = new Finding();
            foreach (var p in typeof(Finding).GetProperties().Where(p => p.PropertyType == typeof(string)))
                p.SetValue(finding, s.Text);
            OutputSanitizer.Sanitize(finding);
            foreach (var p in typeof(Finding).GetProperties().Where(p => p.PropertyType == typeof(string)))
                AssertNoSecret(s, (string)p.GetValue(finding));

            var item = new TeleportMcp.Diagnosis { Title = s.Text, Detail = s.Text, Fix = s.Text, App = s.Text, User = s.Text, Source = s.Text, Check = s.Text };
            item.Evidence.Add(s.Text);
            OutputSanitizer.Sanitize(item);
            AssertNoSecret(s, item.Title + item.Detail + item.Fix + item.App + item.User + item.Source + item.Check + string.Join("", item.Evidence));
        }

        [Fact]
        public void Nested_arrays_lists_and_dictionaries_are_walked_and_the_original_kept_for_the_module()
        {
            var s = HostileCorpus.Secrets.First(x => x.Kind == "--token=");
            var holder = new Holder
            {
                Args = new[] { "mcp", s.Text },
                Labels = new Hashtable { ["env"] = s.Text, [s.Text] = "x" },
                Inner = new Holder { Args = new[] { s.Text } },
                Lines = { s.Text },
            };
            holder.Inner.Inner = holder; // a cycle must not loop
            OutputSanitizer.Sanitize(holder);
            AssertNoSecret(s, string.Join("|", holder.Args));
            AssertNoSecret(s, string.Join("|", holder.Labels.Keys.Cast<string>()) + string.Join("|", holder.Labels.Values.Cast<string>()));
            AssertNoSecret(s, string.Join("|", holder.Inner.Args) + string.Join("|", holder.Lines));
            var original = OutputSanitizer.Original(holder, nameof(Holder.Args), (object)holder.Args) as string[];
            Assert.Equal(s.Text, original[1]);
        }

        public sealed class Holder
        {
            public string[] Args { get; set; }
            public Hashtable Labels { get; set; }
            public Holder Inner { get; set; }
            public List<string> Lines { get; } = new List<string>();
        }

        [Fact]
        public void A_secret_crossing_the_evidence_window_is_redacted_before_the_cut()
        {
            // The window keeps 300 characters before the match and 2,000 in all: put a token across its far edge.
            string secret = "PlantedWindowSecret0123456789abcdefghij";
            var catalog = KnownErrorCatalog.FromText(
                "entries:\n  - id: T-1\n    severity: Error\n    title: t\n    sources: [any]\n    prefilter: MARK\n    match: 'MARK'\n    cause: c\n    fix: f\n",
                "test", new List<TeleportMcp.Engine.Common.TeleportInputException>());
            for (int pad = 1650; pad < 1720; pad += 7)
            {
                string line = "MARK " + new string('x', pad) + " password=" + secret + " " + new string('y', 3000) + " Cookie: a=PlantedCookieA; b=PlantedCookieB";
                var found = new List<Finding>();
                var scanner = new LogScanner(catalog, "test.log", found.Add);
                scanner.FeedLine(line);
                scanner.Flush();
                var f = Assert.Single(found);
                Assert.DoesNotContain(secret.Substring(0, 8), f.Evidence, StringComparison.Ordinal);
                Assert.DoesNotContain("PlantedCookie", f.Evidence, StringComparison.Ordinal);
                Assert.True(f.Evidence.Length <= 2100, "evidence " + f.Evidence.Length);
            }
        }

        [Fact]
        public void Control_sequences_are_escaped_visibly_and_plain_text_is_untouched()
        {
            foreach (var seq in HostileCorpus.ControlSequences)
            {
                string safe = OutputText.Safe("name " + seq);
                Assert.False(HostileCorpus.HasRawControl(safe), "raw control left in " + safe);
                Assert.Contains("\\x", safe + (seq.Contains('\u202E') ? "\\x" : ""), StringComparison.Ordinal);
            }
            Assert.Equal("\\x1B]0;pwned title\\x07", ControlCharacters.Escape("\u001b]0;pwned title\u0007"));
            Assert.Equal("line one\nline\ttwo\r\n", ControlCharacters.Escape("line one\nline\ttwo\r\n"));
        }

        [Fact]
        public void Output_objects_lose_raw_control_characters()
        {
            foreach (var seq in HostileCorpus.ControlSequences)
            {
                var f = new Finding { App = "files" + seq, Evidence = "stderr: " + seq, Cause = seq };
                OutputSanitizer.Sanitize(f);
                Assert.False(HostileCorpus.HasRawControl(f.App + f.Evidence + f.Cause));
            }
        }

        [Theory]
        [MemberData(nameof(HostileCorpus.SecretCases), MemberType = typeof(HostileCorpus))]
        public void Both_reports_and_the_summary_never_show_a_secret(HostileCorpus.Secret s)
        {
            var i = new TeleportMcp.Diagnosis { Area = DiagnosisArea.Log, Status = DiagnosisStatus.Fail, Title = "failed " + s.Text, Check = "log", App = "files",
                                        Detail = s.Text, Fix = "run " + s.Text, Source = s.Text };
            i.Evidence.Add(s.Text);
            var ranked = DiagnosisRanker.Rank(new[] { i });
            var ctx = new DiagnosisContext();
            ctx.Inputs.Add(s.Text);
            AssertNoSecret(s, DiagnosisReport.ToMarkdown(ranked, ctx));
            AssertNoSecret(s, DiagnosisReport.ToHtml(ranked, ctx));
            AssertNoSecret(s, OutputText.Safe(DiagnosisReport.SummaryLine(ranked)));
        }

        [Fact]
        public void Reports_carry_no_raw_control_character()
        {
            var i = new TeleportMcp.Diagnosis { Area = DiagnosisArea.Role, Status = DiagnosisStatus.Fail, Title = string.Join(" ", HostileCorpus.ControlSequences), Check = "c", App = "a\u001b[2J" };
            i.Evidence.Add(string.Join("\n", HostileCorpus.ControlSequences));
            var ranked = DiagnosisRanker.Rank(new[] { i });
            Assert.False(HostileCorpus.HasRawControl(DiagnosisReport.ToMarkdown(ranked, new DiagnosisContext()).Replace("\r\n", "\n")));
            Assert.False(HostileCorpus.HasRawControl(DiagnosisReport.ToHtml(ranked, new DiagnosisContext()).Replace("\r\n", "\n")));
        }

        [Theory]
        [InlineData("<script>alert(1)</script>", "<script>")]
        [InlineData("<img src=x onerror=alert(1)>", "<img")]
        [InlineData("[click](javascript:alert(1))", "](javascript:")]
        [InlineData("![x](https://evil.example/t.png)", "![x](")]
        [InlineData("<javascript:alert(1)>", "<javascript:")]
        public void The_markdown_report_escapes_html_and_links(string hostile, string mustNotAppear)
        {
            var i = new TeleportMcp.Diagnosis { Area = DiagnosisArea.Role, Status = DiagnosisStatus.Fail, Title = hostile, Check = hostile, App = hostile, User = hostile, Detail = hostile, Source = hostile };
            i.Evidence.Add("```\n" + hostile + "\n```");
            i.Fix = hostile;
            var ctx = new DiagnosisContext();
            ctx.Inputs.Add(hostile);
            string md = DiagnosisReport.ToMarkdown(DiagnosisRanker.Rank(new[] { i }), ctx);
            // Outside code blocks the text never appears raw; inside them it is literal, and no line of the
            // evidence can close the fence it is in.
            string outside = string.Join("\n", OutsideCodeBlocks(md));
            Assert.DoesNotContain(mustNotAppear, outside, StringComparison.Ordinal);
            Assert.Contains("````text", md, StringComparison.Ordinal);
        }

        private static IEnumerable<string> OutsideCodeBlocks(string md)
        {
            string fence = null;
            foreach (var line in md.Split('\n'))
            {
                if (fence == null && line.StartsWith("```", StringComparison.Ordinal)) { fence = new string(line.TakeWhile(c => c == '`').ToArray()); continue; }
                if (fence != null) { if (line.TrimEnd() == fence) fence = null; continue; }
                yield return line;
            }
        }
    }
}
